//! JSON paths built lazily: rendered only when a problem is reported, so loading a
//! million-item BOM allocates no path strings.

#[derive(Clone, Copy)]
pub enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    pub fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    pub fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    /// `items[3].components[1].item`
    pub fn render(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(parent, key) => {
                let head = parent.render();
                let key = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    (*key).to_owned()
                } else {
                    format!("{key:?}")
                };
                if head.is_empty() {
                    key
                } else {
                    format!("{head}.{key}")
                }
            }
            At::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn renders_json_paths() {
        let root = At::Root;
        let items = root.key("items");
        let third = items.index(3);
        let comps = third.key("components");
        let line = comps.index(1);
        assert_eq!(line.key("item").render(), "items[3].components[1].item");
        let fx = root.key("fx");
        assert_eq!(fx.key("EUR").render(), "fx.EUR");
        assert_eq!(fx.key("a b").render(), "fx.\"a b\"");
    }
}

//! TOML into the document tree, keeping float literals as text.

use super::{Kind, LineIndex, Node, SyntaxError};
use toml::de::{DeTable, DeValue};

/// Parses a TOML text. Floats keep their literal text (underscores removed); integers in
/// hexadecimal, octal or binary are kept with their prefix, which the loader rejects as a
/// decimal.
///
/// # Errors
/// A [`SyntaxError`] with line and column when the text is not TOML.
#[cfg(test)]
pub fn parse_toml(text: &str) -> Result<Node, SyntaxError> {
    parse_toml_nested(text, crate::limits::MAX_NESTING)
}

/// As [`parse_toml`], with values nested at most `nesting` levels.
///
/// # Errors
/// As [`parse_toml`].
pub fn parse_toml_nested(text: &str, nesting: usize) -> Result<Node, SyntaxError> {
    let lines = LineIndex::new(text.as_bytes());
    let table = DeTable::parse(text).map_err(|e| {
        let (line, column) = lines.position(e.span().map(|s| s.start).unwrap_or(0));
        SyntaxError {
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    let line = lines.line(table.span().start);
    convert_table(table.get_ref(), line, &lines, 0, nesting)
}

fn convert_table(
    table: &DeTable<'_>,
    line: u32,
    lines: &LineIndex,
    depth: usize,
    nesting: usize,
) -> Result<Node, SyntaxError> {
    let mut members = Vec::with_capacity(table.len());
    for (key, value) in table {
        let value_line = lines.line(value.span().start.max(key.span().start));
        members.push((
            key.get_ref().as_ref().into(),
            convert(
                value.get_ref(),
                value_line,
                lines,
                depth.saturating_add(1),
                nesting,
            )?,
        ));
    }
    Ok(Node {
        kind: Kind::Obj(members),
        line,
    })
}

fn convert(
    value: &DeValue<'_>,
    line: u32,
    lines: &LineIndex,
    depth: usize,
    nesting: usize,
) -> Result<Node, SyntaxError> {
    if depth > nesting {
        return Err(SyntaxError {
            line,
            column: 1,
            message: format!(
                "nesting deeper than the limit `nesting` of {nesting} levels ({})",
                crate::limits::how_to_raise("nesting")
            ),
        });
    }
    let kind = match value {
        DeValue::String(s) => Kind::Str(s.as_ref().into()),
        DeValue::Integer(i) => {
            let prefix = match i.radix() {
                16 => "0x",
                8 => "0o",
                2 => "0b",
                _ => "",
            };
            Kind::Num(format!("{prefix}{}", i.as_str().replace('_', "")).into())
        }
        DeValue::Float(f) => Kind::Num(f.as_str().replace('_', "").into()),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(d) => Kind::Datetime(d.to_string().into()),
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let item_line = lines.line(item.span().start);
                out.push(convert(
                    item.get_ref(),
                    item_line,
                    lines,
                    depth.saturating_add(1),
                    nesting,
                )?);
            }
            Kind::Arr(out)
        }
        DeValue::Table(table) => return convert_table(table, line, lines, depth, nesting),
    };
    Ok(Node { kind, line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_their_text_and_lines_are_recorded() {
        let node = parse_toml("a = 1_000.50\n\n[[items]]\nid = \"X\"\nq = 0x1F\n").unwrap();
        let Kind::Obj(members) = node.kind else {
            panic!()
        };
        let a = members.iter().find(|(k, _)| k == "a").unwrap();
        assert_eq!(a.1.kind, Kind::Num("1000.50".into()));
        assert_eq!(a.1.line, 1);
        let items = members.iter().find(|(k, _)| k == "items").unwrap();
        let Kind::Arr(items) = &items.1.kind else {
            panic!()
        };
        let Kind::Obj(item) = &items[0].kind else {
            panic!()
        };
        let id = item.iter().find(|(k, _)| k == "id").unwrap();
        assert_eq!(id.1.line, 4);
        let q = item.iter().find(|(k, _)| k == "q").unwrap();
        assert_eq!(q.1.kind, Kind::Num("0x1F".into()));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse_toml("a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}

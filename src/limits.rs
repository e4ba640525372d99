//! The limits that keep every input bounded in time and memory (`docs/limits.md`).
//!
//! Each exceeded limit is a clear error naming it and how to raise it (or, for suggestions
//! and listed items, a shorter message), never a panic, a hang or an answer from a truncated
//! input. The limits a user may meet with a real file are in [`Limits`], which the loaders
//! take (`Bom::from_path_with_limits`, ...) and the command line sets with
//! `--limit NAME=VALUE`; the rest are constants of the engine.

pub use crate::doc::{MAX_INPUT_BYTES, read_text, read_text_limited};
pub use crate::eval::MAX_WARNING_ITEMS;
pub use crate::rules::MAX_REFERENCE_DEPTH;

/// The default nesting limit of JSON and TOML values (see [`Limits::nesting`]).
pub const MAX_NESTING: usize = 64;

/// The highest nesting limit that may be set: nesting is read recursively, and this keeps
/// the recursion well inside a small thread stack.
pub const NESTING_CEILING: usize = 1_000;

/// Size limits on what the loaders accept. [`Limits::default`] suits any real BOM; raise a
/// limit for an exceptional file, lower them to screen untrusted input.
///
/// ```
/// let mut limits = longarm::limits::Limits::default();
/// limits.set("items", "100").unwrap();
/// let text = r#"{ "currency": "USD", "items": [ { "id": "A" }, { "id": "B" } ] }"#;
/// assert!(longarm::Bom::from_json_str_with_limits(text, &limits).is_ok());
/// limits.set("items", "1").unwrap();
/// let err = longarm::Bom::from_json_str_with_limits(text, &limits).unwrap_err();
/// assert!(err.to_string().contains("limit `items`"), "{err}");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes read from one input file (BOM, scenario, case file, pack, parties, saved
    /// determination). Default 1 GiB.
    pub input_bytes: u64,
    /// Bytes in one string value of a BOM, scenario, case or parties file (ids, names,
    /// codes, descriptions). Default 4 KiB.
    pub string_bytes: usize,
    /// Nesting of JSON and TOML values (objects in arrays in objects...) in those files and
    /// in packs. Default 64; at most [`NESTING_CEILING`].
    pub nesting: usize,
    /// Levels of a BOM: components of components, counted from the item with the longest
    /// chain below it (an item without components is one level). Default 1,000.
    pub bom_depth: usize,
    /// Items in one BOM. Default 5,000,000.
    pub items: usize,
    /// Component lines in one BOM, all items together. Default 50,000,000.
    pub components: usize,
    /// Rules (and patches) in one pack file. Default 10,000.
    pub rules: usize,
    /// Values in one list or map of a BOM, scenario, case or parties file other than the
    /// BOM's `items` and `components` (which have their own limits): material `elements`,
    /// `tags`, `made_with`, `classification` entries, `fx` rates, `parties`, their `roles`,
    /// `lists` and `owners`, `end_uses`. Default 100,000.
    pub list_values: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            input_bytes: MAX_INPUT_BYTES,
            string_bytes: 4_096,
            nesting: MAX_NESTING,
            bom_depth: 1_000,
            items: 5_000_000,
            components: 50_000_000,
            rules: 10_000,
            list_values: 100_000,
        }
    }
}

/// The names [`Limits::set`] and `--limit` take, in the order of the fields.
pub const NAMES: &[&str] = &[
    "input_bytes",
    "string_bytes",
    "nesting",
    "bom_depth",
    "items",
    "components",
    "rules",
    "list_values",
];

impl Limits {
    /// Sets the limit `name` (one of [`NAMES`]) from its text: a positive whole number,
    /// optionally with `_` or `,` between digits (`5_000_000`) or, for `input_bytes`, a
    /// `KiB`/`MiB`/`GiB` suffix (`2GiB`).
    ///
    /// # Errors
    /// A message for an unknown name (with a suggestion), a value that is not a positive
    /// whole number, or a nesting limit above [`NESTING_CEILING`].
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let Some(&known) = NAMES.iter().find(|n| **n == name) else {
            let hint = crate::doc::read::closest(name, NAMES.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown limit `{name}`{hint} (limits: {})",
                NAMES.join(", ")
            ));
        };
        let number = parse_size(value, known == "input_bytes").ok_or_else(|| {
            let units = if known == "input_bytes" {
                ", optionally with a `KiB`, `MiB` or `GiB` suffix (`2GiB`)"
            } else {
                ""
            };
            format!(
                "invalid value `{value}` for limit `{name}`: expected a positive whole number, digits optionally grouped in threes with `_` or `,` (`5_000_000`){units}"
            )
        })?;
        let count = usize::try_from(number).unwrap_or(usize::MAX);
        match known {
            "input_bytes" => self.input_bytes = number,
            "string_bytes" => self.string_bytes = count,
            "nesting" if count > NESTING_CEILING => {
                return Err(format!(
                    "limit `nesting` cannot be raised above {NESTING_CEILING}: nested values are read recursively"
                ));
            }
            "nesting" => self.nesting = count,
            "bom_depth" => self.bom_depth = count,
            "items" => self.items = count,
            "components" => self.components = count,
            "list_values" => self.list_values = count,
            _ => self.rules = count,
        }
        Ok(())
    }

    /// Sets limits from `NAME=VALUE` texts, as `--limit` gives them.
    ///
    /// # Errors
    /// As [`Limits::set`], or a text without `=`.
    ///
    /// # Example
    ///
    /// ```
    /// use longarm::limits::Limits;
    ///
    /// let limits = Limits::parse_all(["items=10_000", "input_bytes=2GiB"])?;
    /// assert_eq!(limits.items, 10_000);
    /// assert_eq!(limits.input_bytes, 2 * 1024 * 1024 * 1024);
    /// assert_eq!(limits.rules, Limits::default().rules);
    ///
    /// let err = Limits::parse_all(["item=1"]).unwrap_err();
    /// assert!(err.contains("did you mean `items`?"), "{err}");
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse_all<'a>(settings: impl IntoIterator<Item = &'a str>) -> Result<Limits, String> {
        let mut limits = Limits::default();
        for setting in settings {
            let (name, value) = setting.split_once('=').ok_or_else(|| {
                format!("invalid limit `{setting}`: expected `NAME=VALUE`, e.g. `items=10000000`")
            })?;
            limits.set(name.trim(), value.trim())?;
        }
        Ok(limits)
    }
}

/// A positive whole number, digits optionally grouped with `_` or `,`; with `units`, an
/// optional binary suffix.
fn parse_size(text: &str, units: bool) -> Option<u64> {
    let text = text.trim();
    let (digits, scale) = match units {
        true => [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
            .iter()
            .find_map(|&(suffix, scale)| text.strip_suffix(suffix).map(|d| (d.trim(), scale)))
            .unwrap_or((text, 1)),
        false => (text, 1),
    };
    // Grouping: one separator (`_` or `,`) between groups, every group after the first of
    // exactly three digits (`1,000,000`, `5_000`); `1,,0`, `,5` and `1,0` are not numbers.
    let groups: Vec<&str> = digits.split(['_', ',']).collect();
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        !g.is_empty()
            && g.bytes().all(|b| b.is_ascii_digit())
            && (i == 0 || g.len() == 3)
            && (i > 0 || groups.len() == 1 || g.len() <= 3)
    });
    if !well_grouped {
        return None;
    }
    let digits: String = groups.concat();
    let n: u64 = digits.parse().ok()?;
    let n = n.checked_mul(scale)?;
    (n > 0).then_some(n)
}

/// The message of an exceeded limit: what was found, the limit, and how to raise it.
pub(crate) fn exceeded(name: &str, found: &str, limit: impl std::fmt::Display) -> String {
    format!(
        "{found}, over the limit `{name}` of {limit} ({})",
        how_to_raise(name)
    )
}

/// How to raise the limit `name`, for messages.
pub(crate) fn how_to_raise(name: &str) -> String {
    format!("raise it with `--limit {name}=N`, or `Limits::{name}` in the library")
}

/// `1234567` as `1,234,567`, for limits in messages.
pub(crate) fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len().saturating_add(digits.len() / 3));
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_set_by_name_with_clear_errors() {
        let limits = Limits::parse_all(["items=10_000_000", "input_bytes = 2GiB"]).unwrap();
        assert_eq!(limits.items, 10_000_000);
        assert_eq!(limits.input_bytes, 2 << 30);
        assert_eq!(
            Limits::parse_all(["string_bytes=1,024"])
                .unwrap()
                .string_bytes,
            1024
        );
        let err = Limits::parse_all(["item=5"]).unwrap_err();
        assert!(
            err.contains("unknown limit `item`; did you mean `items`?"),
            "{err}"
        );
        for bad in [
            "items=0",
            "items=-1",
            "items=1.5",
            "items=",
            "items=2GiB",
            "items=ten",
            "items=1,,0",
            "items=,5",
            "items=5,",
            "items=1,0",
            "items=1_00_000",
            "items=-0",
            "items=+5",
            "items=0_000",
        ] {
            let err = Limits::parse_all([bad]).unwrap_err();
            assert!(
                err.contains("expected a positive whole number"),
                "{bad}: {err}"
            );
        }
        let err = Limits::parse_all(["input_bytes=1,,0MiB"]).unwrap_err();
        assert!(err.contains("`KiB`, `MiB` or `GiB`"), "{err}");
        assert_eq!(
            Limits::parse_all(["items=12,345,678"]).unwrap().items,
            12_345_678
        );
        assert!(
            Limits::parse_all(["items"])
                .unwrap_err()
                .contains("NAME=VALUE")
        );
        assert!(
            Limits::parse_all(["nesting=1001"])
                .unwrap_err()
                .contains("1000")
        );
        assert_eq!(Limits::parse_all(["nesting=1000"]).unwrap().nesting, 1000);
        assert!(Limits::parse_all(["input_bytes=99999999999GiB"]).is_err());
    }

    #[test]
    fn every_name_sets_its_own_field() {
        for (i, name) in NAMES.iter().enumerate() {
            let mut limits = Limits::default();
            limits.set(name, "7").unwrap();
            let fields = [
                limits.input_bytes == 7,
                limits.string_bytes == 7,
                limits.nesting == 7,
                limits.bom_depth == 7,
                limits.items == 7,
                limits.components == 7,
                limits.rules == 7,
                limits.list_values == 7,
            ];
            for (j, set) in fields.iter().enumerate() {
                assert_eq!(*set, i == j, "{name}");
            }
        }
    }
}

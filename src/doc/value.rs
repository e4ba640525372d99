//! A document tree from an in-memory JSON value (`serde_json::Value`), for BOMs and scenarios
//! built by a program rather than read from a file.
//!
//! The tree has no lines (each node's line is 0, which the loader reports as none): problem
//! paths alone locate a mistake, and [`name_items_by_id`] makes them name items and parties by
//! their ids, which mean something to a caller who never saw a file.

use super::{Kind, Node, SyntaxError};
use serde_json::Value;

/// `value` as a document tree, nested at most `nesting` levels (a value built in memory can be
/// nested arbitrarily deep; the tree is built by recursion, so the limit keeps the stack safe).
///
/// Numbers keep their text: the crate builds `serde_json` with `arbitrary_precision`, so a
/// number parsed from JSON text is held as written (`1.50`, `12345678901234567.5`), and one
/// made from an `f64` is the shortest text that reads back as it (`0.1`).
///
/// # Errors
/// A [`SyntaxError`] at line 0 when the value is nested deeper than `nesting`.
pub fn from_value(value: &Value, nesting: usize) -> Result<Node, SyntaxError> {
    node(value, 0, nesting).ok_or_else(|| SyntaxError {
        line: 0,
        column: 0,
        message: format!(
            "nesting deeper than the limit `nesting` of {nesting} levels ({})",
            crate::limits::how_to_raise("nesting")
        ),
    })
}

fn node(value: &Value, depth: usize, nesting: usize) -> Option<Node> {
    let kind = match value {
        Value::Null => Kind::Null,
        Value::Bool(b) => Kind::Bool(*b),
        Value::Number(n) => Kind::Num(n.to_string().into()),
        Value::String(s) => Kind::Str(s.as_str().into()),
        Value::Array(list) => {
            let depth = within(depth, nesting)?;
            Kind::Arr(
                list.iter()
                    .map(|v| node(v, depth, nesting))
                    .collect::<Option<_>>()?,
            )
        }
        Value::Object(map) => {
            let depth = within(depth, nesting)?;
            Kind::Obj(
                map.iter()
                    .map(|(k, v)| Some((k.as_str().into(), node(v, depth, nesting)?)))
                    .collect::<Option<_>>()?,
            )
        }
    };
    Some(Node { kind, line: 0 })
}

/// One level deeper, if within `nesting` (the parsers count containers the same way).
fn within(depth: usize, nesting: usize) -> Option<usize> {
    let deeper = depth.checked_add(1)?;
    (deeper <= nesting).then_some(deeper)
}

/// Rewrites `prefix[N]` at the start of `path` as `prefix[ID]`, where `ids[N]` is the id of
/// the N-th element: `items[3].origin` becomes `items[MAG-DY].origin`. An id that is missing
/// or not unique (`None` in `ids`) is left as the index; an id with characters that would make
/// the path ambiguous, or of digits alone (which would read as a position), is quoted
/// (`items["a.b"]`, `items["1"]`).
pub fn name_by_id(path: &str, prefix: &str, ids: &[Option<&str>]) -> Option<String> {
    let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
    let (digits, tail) = rest.split_once(']')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id = ids.get(digits.parse::<usize>().ok()?).copied().flatten()?;
    let plain = id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '/' | '+' | '#'));
    // An id of digits alone would read as a position (`items[1]`): quoted.
    let numeral = id.bytes().all(|b| b.is_ascii_digit());
    Some(if plain && !numeral {
        format!("{prefix}[{id}]{tail}")
    } else {
        format!("{prefix}[{id:?}]{tail}")
    })
}

/// The string `id` of each element of the array `list` (or `None` where it has none), with
/// ids that occur more than once set to `None`: a path by such an id would be ambiguous.
pub fn ids_of(list: Option<&Value>) -> Vec<Option<&str>> {
    let Some(Value::Array(list)) = list else {
        return Vec::new();
    };
    let mut ids: Vec<Option<&str>> = list
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for id in ids.iter().flatten() {
        let n = seen.entry(id).or_insert(0);
        *n = n.saturating_add(1);
    }
    for id in &mut ids {
        if id.is_some_and(|i| seen.get(i).is_some_and(|&n| n > 1)) {
            *id = None;
        }
    }
    ids
}

/// Rewrites the problem paths of a document built in memory: `prefix[N]` named by id (see
/// [`name_by_id`]).
pub fn name_items_by_id(
    problems: &mut [crate::error::Problem],
    prefix: &str,
    ids: &[Option<&str>],
) {
    for p in problems {
        if let Some(path) = name_by_id(&p.path, prefix, ids) {
            p.path = path;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_items_by_their_ids() {
        let ids = [Some("A"), None, Some("a.b"), Some("MAG-DY")];
        assert_eq!(
            name_by_id("items[3].components[0].quantity", "items", &ids).as_deref(),
            Some("items[MAG-DY].components[0].quantity")
        );
        assert_eq!(name_by_id("items[1].origin", "items", &ids), None);
        assert_eq!(
            name_by_id("items[2]", "items", &ids).as_deref(),
            Some("items[\"a.b\"]")
        );
        assert_eq!(name_by_id("items[9].origin", "items", &ids), None);
        let numerals = [Some("1"), Some("0")];
        assert_eq!(
            name_by_id("items[0].origin", "items", &numerals).as_deref(),
            Some("items[\"1\"].origin")
        );
        assert_eq!(
            name_by_id("items[1]", "items", &[None, Some("")]).as_deref(),
            Some("items[\"\"]")
        );
        assert_eq!(name_by_id("itemsx[0]", "items", &ids), None);
        assert_eq!(name_by_id("currency", "items", &ids), None);
    }

    #[test]
    fn duplicate_ids_keep_their_index() {
        let v = serde_json::json!([{ "id": "A" }, { "id": "B" }, { "id": "A" }, {}]);
        assert_eq!(ids_of(Some(&v)), vec![None, Some("B"), None, None]);
    }

    #[test]
    fn deep_values_are_an_error_not_a_stack_overflow() {
        // Built by moving each level in: `json!` would serialise the inner value again.
        let mut v = serde_json::Value::from(1);
        for _ in 0..10_000 {
            v = serde_json::Value::Array(vec![v]);
        }
        assert!(from_value(&v, 64).is_err());
        // Dropped level by level (a value's own drop recurses).
        while let serde_json::Value::Array(mut inner) = v {
            v = inner.pop().unwrap_or_default();
        }
        let ok = from_value(&serde_json::json!({"a": [1, "x", null, true]}), 2);
        assert!(ok.is_ok());
        assert!(from_value(&serde_json::json!({"a": [[1]]}), 2).is_err());
    }
}

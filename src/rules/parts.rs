//! Reading a pack's parts one by one, so one bad rule does not hide the problems of the
//! others.
//!
//! The text is parsed once into a spanned TOML tree; then each part (the header, each class,
//! group, list, rule, control row, patch, the chart) is deserialized on its own into the
//! serde types of [`super::file`], which stay the definition of the format. A serde error is
//! turned into a problem with its line and the path of the key it names (found from the
//! error's position in the tree): an unknown key or condition becomes
//! [`ProblemKind::UnknownField`] with a "did you mean", a missing key
//! [`ProblemKind::MissingField`]. Unknown keys are removed and the part read again, so every
//! unknown key of one rule is reported (a bounded number of times per part).

use super::file::{
    AffiliatesFile, ChartFile, CodeFile, ContentFile, ControlFile, ControlPlaceFile, GroupFile,
    HeaderFile, ItemPredFile, LicensableFile, ListFile, ListedFile, ListingFile, MadeWithFile,
    MaterialFile, MemberFile, PackFile, PartyFile, PatchFile, PlaceFile, RuleFile, VocabularyFile,
    WindowFile,
};
use crate::doc::LineIndex;
use crate::error::{Problem, ProblemKind};
use crate::limits::MAX_NESTING as MAX_DEPTH;
use serde::de::{DeserializeOwned, Visitor};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// Unknown keys removed and a part read again at most this many times: every unknown key of
/// a hand-written rule is reported, and a hostile part cannot make loading quadratic.
const RETRIES: usize = 16;

/// A pack's parts, each read on its own; a part that could not be read is left out (its
/// problems are reported).
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub pack: Option<HeaderFile>,
    pub classes: Vec<(String, Spanned<ItemPredFile>)>,
    pub groups: Vec<(String, Spanned<GroupFile>)>,
    pub lists: Vec<(String, Spanned<ListFile>)>,
    /// With their index in the file, and the byte range of their text.
    pub rules: Vec<(usize, Spanned<RuleFile>, Range<usize>)>,
    pub chart: Option<ChartFile>,
    pub controls: Vec<(usize, Spanned<ControlFile>)>,
    /// With their index in the file, and the byte range of their text.
    pub patches: Vec<(usize, Spanned<PatchFile>, Range<usize>)>,
    pub vocabulary: Option<VocabularyFile>,
    /// With their index in the file.
    pub listings: Vec<(usize, Spanned<ListingFile>)>,
}

pub(super) struct Reader<'a> {
    pub lines: &'a LineIndex,
    pub text: &'a str,
    pub problems: Vec<Problem>,
}

impl Reader<'_> {
    /// Every part of the document; problems go to `self.problems`.
    pub fn parts(&mut self, root: &Spanned<DeTable<'_>>) -> Parts {
        let mut parts = Parts::default();
        let mut has_pack = false;
        for (key, value) in root.get_ref() {
            let name: &str = key.get_ref();
            match name {
                "pack" => {
                    has_pack = true;
                    parts.pack = self.part(value, "pack");
                }
                "classes" => parts.classes = self.named(value, "classes"),
                "groups" => parts.groups = self.named(value, "groups"),
                "lists" => parts.lists = self.named(value, "lists"),
                "chart" => parts.chart = self.part(value, "chart"),
                "vocabulary" => parts.vocabulary = self.part(value, "vocabulary"),
                "rules" => {
                    parts.rules = self
                        .listed(value, "rules")
                        .into_iter()
                        .map(|(i, r, v)| (i, r, self.extent(v)))
                        .collect();
                }
                "controls" => {
                    parts.controls = self
                        .listed(value, "controls")
                        .into_iter()
                        .map(|(i, r, _)| (i, r))
                        .collect();
                }
                "listings" => {
                    parts.listings = self
                        .listed(value, "listings")
                        .into_iter()
                        .map(|(i, l, _)| (i, l))
                        .collect();
                }
                "patches" => {
                    parts.patches = self
                        .listed(value, "patches")
                        .into_iter()
                        .map(|(i, p, v)| (i, p, self.extent(v)))
                        .collect();
                }
                other => self.push(
                    other,
                    key.span().start,
                    ProblemKind::UnknownField {
                        field: other.to_owned(),
                        suggestion: crate::doc::read::closest(
                            other,
                            fields_of::<PackFile>().iter().copied(),
                        )
                        .map(str::to_owned),
                    },
                ),
            }
        }
        if !has_pack {
            self.push("", 0, ProblemKind::MissingField { field: "pack" });
        }
        parts
    }

    fn push(&mut self, path: &str, offset: usize, kind: ProblemKind) {
        self.problems.push(Problem {
            path: path.to_owned(),
            line: Some(self.lines.line(offset)),
            kind,
        });
    }

    /// The members of a table of named parts (`[classes.NAME]`).
    fn named<T: DeserializeOwned>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &str,
    ) -> Vec<(String, T)> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(value, path, "a table");
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(name, v)| {
                let name: &str = name.get_ref();
                self.part(v, &format!("{path}.{name}"))
                    .map(|p| (name.to_owned(), p))
            })
            .collect()
    }

    /// The elements of an array of parts (`[[rules]]`), with their index and tree.
    fn listed<'v, 'i, T: DeserializeOwned>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        path: &str,
    ) -> Vec<(usize, T, &'v Spanned<DeValue<'i>>)> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, path, "an array");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.part(v, &format!("{path}[{i}]")).map(|p| (i, p, v)))
            .collect()
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, path: &str, expected: &'static str) {
        self.push(
            path,
            value.span().start,
            ProblemKind::WrongType {
                expected,
                found: describe(value.get_ref()),
            },
        );
    }

    /// One part, deserialized on its own. `None` when it had any problem.
    fn part<T: DeserializeOwned>(&mut self, value: &Spanned<DeValue<'_>>, path: &str) -> Option<T> {
        let mut value = value.clone();
        let mut clean = true;
        for _ in 0..RETRIES {
            let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(part) => return clean.then_some(part),
                Err(e) => e,
            };
            clean = false;
            let span = error.span().unwrap_or_else(|| value.span());
            let at = path_at(&value, path, span.start, 0);
            let (kind, unknown_key) = classify(error.message().trim());
            self.push(&at, span.start, kind);
            // An unknown key of a table: drop it and read again for the next problem.
            if !(unknown_key && remove_key(&mut value, &span, 0)) {
                return None;
            }
        }
        None
    }

    /// The byte range of a part's text: from its start (a `[[rules]]` header, or `{`) to the
    /// end of its last value, and of a comment following it on the same line.
    fn extent(&self, value: &Spanned<DeValue<'_>>) -> Range<usize> {
        let start = value.span().start;
        let end = last_end(value, 0).max(value.span().end);
        let rest = self.text.get(end..).unwrap_or("");
        let line = rest.split('\n').next().unwrap_or("");
        let end = if line.trim_start().starts_with('#') {
            end.saturating_add(line.trim_end().len())
        } else {
            end
        };
        start..end
    }
}

/// A serde message as a problem, and whether it names an unknown key of a table.
fn classify(message: &str) -> (ProblemKind, bool) {
    for (prefix, strip) in [("unknown field `", true), ("unknown variant `", false)] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((field, expected)) = rest.split_once('`')
        {
            // "..., expected one of `a`, `b`": the names between backticks.
            let candidates = expected.split('`').skip(1).step_by(2);
            let suggestion = crate::doc::read::closest(field, candidates).map(str::to_owned);
            return (
                ProblemKind::UnknownField {
                    field: field.to_owned(),
                    suggestion,
                },
                strip,
            );
        }
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
        && let Some(field) = static_field(field)
    {
        return (ProblemKind::MissingField { field }, false);
    }
    (
        ProblemKind::Invalid {
            message: plain(message),
        },
        false,
    )
}

/// serde's message without the Rust type names of the format: `expected struct GroupFile`
/// reads `expected a table`, `expected enum PredFile` reads `expected a condition`.
fn plain(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = [rest.find("struct "), rest.find("enum ")]
        .into_iter()
        .flatten()
        .min()
    {
        let (head, tail) = rest.split_at(at);
        let (word, replacement) = if tail.starts_with("struct ") {
            ("struct ", "a table")
        } else {
            ("enum ", "a condition")
        };
        let after = tail.get(word.len()..).unwrap_or("");
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = after.get(..name_len).unwrap_or("");
        out.push_str(head);
        if name.ends_with("File") {
            out.push_str(replacement);
        } else {
            out.push_str(word);
            out.push_str(name);
        }
        rest = after.get(name_len..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The path of the deepest key or element whose text contains `offset`: the key itself for an
/// unknown key, the table for a missing one.
fn path_at(value: &Spanned<DeValue<'_>>, path: &str, offset: usize, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return path.to_owned();
    }
    let depth = depth.saturating_add(1);
    match value.get_ref() {
        DeValue::Table(table) => {
            for (key, v) in table {
                let name: &str = key.get_ref();
                let here = if path.is_empty() {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                };
                if key.span().contains(&offset) {
                    return here;
                }
                // Sub-tables (`[rules.when]`) span only their header: look inside every one.
                if v.span().contains(&offset) || matches!(v.get_ref(), DeValue::Table(_)) {
                    let inner = path_at(v, &here, offset, depth);
                    if inner != here || v.span().contains(&offset) {
                        return inner;
                    }
                }
            }
            path.to_owned()
        }
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{path}[{i}]");
                let inner = path_at(v, &here, offset, depth);
                if inner != here || v.span().contains(&offset) {
                    return inner;
                }
            }
            path.to_owned()
        }
        _ => path.to_owned(),
    }
}

/// Removes the key spanning `span` from the table holding it; whether one was found.
fn remove_key(value: &mut Spanned<DeValue<'_>>, span: &Range<usize>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let depth = depth.saturating_add(1);
    match value.get_mut() {
        DeValue::Table(table) => {
            let key = table.keys().find(|k| k.span() == *span).cloned();
            match key {
                Some(key) => table.remove(&key).is_some(),
                None => table.iter_mut().any(|(_, v)| remove_key(v, span, depth)),
            }
        }
        DeValue::Array(items) => items.iter_mut().any(|v| remove_key(v, span, depth)),
        _ => false,
    }
}

/// The furthest byte any key or value inside `value` ends at.
fn last_end(value: &Spanned<DeValue<'_>>, depth: usize) -> usize {
    let end = value.span().end;
    if depth > MAX_DEPTH {
        return end;
    }
    let depth = depth.saturating_add(1);
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| k.span().end.max(last_end(v, depth)))
            .fold(end, usize::max),
        DeValue::Array(items) => items
            .iter()
            .map(|v| last_end(v, depth))
            .fold(end, usize::max),
        _ => end,
    }
}

fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The key `name` of some table of the format, as the format's own `&'static str`.
fn static_field(name: &str) -> Option<&'static str> {
    [
        fields_of::<PackFile>(),
        fields_of::<HeaderFile>(),
        fields_of::<ChartFile>(),
        fields_of::<ControlFile>(),
        fields_of::<ControlPlaceFile>(),
        fields_of::<GroupFile>(),
        fields_of::<MemberFile>(),
        fields_of::<ListFile>(),
        fields_of::<ListingFile>(),
        fields_of::<ListedFile>(),
        fields_of::<RuleFile>(),
        fields_of::<PatchFile>(),
        fields_of::<WindowFile>(),
        fields_of::<LicensableFile>(),
        fields_of::<CodeFile>(),
        fields_of::<MaterialFile>(),
        fields_of::<MadeWithFile>(),
        fields_of::<ContentFile>(),
        fields_of::<PlaceFile>(),
        fields_of::<PartyFile>(),
        fields_of::<AffiliatesFile>(),
    ]
    .into_iter()
    .flatten()
    .find(|f| **f == name)
    .copied()
}

/// The keys of a serde struct, as its derived `Deserialize` declares them.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut probe = Probe { fields: &[] };
    // The probe always fails: it only records what the struct asks for.
    let _ = T::deserialize(&mut probe);
    probe.fields
}

struct Probe {
    fields: &'static [&'static str],
}

impl<'de> serde::Deserializer<'de> for &mut Probe {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("probe"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.fields = fields;
        Err(serde::de::Error::custom("probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_reads_the_format_types_keys() {
        assert_eq!(
            fields_of::<PackFile>(),
            [
                "pack",
                "classes",
                "groups",
                "lists",
                "rules",
                "chart",
                "controls",
                "vocabulary",
                "patches",
                "listings"
            ]
        );
        assert_eq!(static_field("instrument"), Some("instrument"));
        assert_eq!(static_field("nope"), None);
    }

    #[test]
    fn serde_messages_become_problems() {
        let (kind, strip) = classify("unknown field `efect`, expected one of `id`, `effect`");
        assert!(strip);
        assert_eq!(
            kind.to_string(),
            "unknown field `efect`; did you mean `effect`?"
        );
        let (kind, strip) = classify("unknown variant `orign`, expected `origin` or `tag`");
        assert!(!strip);
        assert_eq!(
            kind.to_string(),
            "unknown field `orign`; did you mean `origin`?"
        );
        let (kind, _) = classify("missing field `when`");
        assert_eq!(kind, ProblemKind::MissingField { field: "when" });
        let (kind, _) = classify("invalid type: integer `1`, expected a string");
        assert_eq!(
            kind.to_string(),
            "invalid type: integer `1`, expected a string"
        );
        let (kind, _) = classify("invalid type: integer `5`, expected struct GroupFile");
        assert_eq!(
            kind.to_string(),
            "invalid type: integer `5`, expected a table"
        );
        let (kind, _) = classify("invalid type: string \"x\", expected enum ItemPredFile");
        assert_eq!(
            kind.to_string(),
            "invalid type: string \"x\", expected a condition"
        );
    }
}

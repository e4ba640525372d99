//! Reading the document tree into validated values, collecting every problem with its path.
//!
//! Shared by every file format of the crate (BOM, scenario), so they report problems alike.

use super::path::At;
use super::{Kind, Node, Text};
use crate::codes::decimal::{DecimalError, parse_decimal};
use crate::error::{LoadError, Problem, ProblemKind};
use crate::{Country, Currency, Date};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The work one file's "did you mean" searches may do, in character comparisons (the
/// length of each candidate scanned, plus the product of the two lengths for each edit
/// distance computed): a few tenths of a second at most. Past it, references go without a
/// suggestion (`docs/limits.md`).
pub(crate) const SUGGESTION_WORK: u64 = 20_000_000;

/// What is left of a file's suggestion work ([`SUGGESTION_WORK`]).
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    left: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: SUGGESTION_WORK,
        }
    }
}

impl Budget {
    /// Takes `cost` from the budget; false (and the budget empty) when it does not cover it.
    fn take(&mut self, cost: u64) -> bool {
        match self.left.checked_sub(cost) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.left = 0;
                false
            }
        }
    }
}

/// The candidate closest to `id` by edit distance (case-insensitive), if close enough to be a
/// plausible typo. Ties go to the alphabetically first, so messages are deterministic. One
/// search does at most [`SUGGESTION_WORK`]; see [`closest_within`] for a budget shared by
/// the searches of a file.
pub(crate) fn closest<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    closest_within(id, candidates, &mut Budget::default())
}

/// [`closest`] within what is left of `budget`: `None` once the budget runs out (never a
/// suggestion from a partial search).
pub(crate) fn closest_within<'a>(
    id: &str,
    candidates: impl Iterator<Item = &'a str>,
    budget: &mut Budget,
) -> Option<&'a str> {
    // Past this length a typo is not what happened; and the edit distance is quadratic.
    const LONGEST: usize = 256;
    if budget.left == 0 {
        return None;
    }
    let length = id.chars().count();
    if length > LONGEST {
        return None;
    }
    let wanted = id.to_lowercase();
    let limit = (length / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let scan = u64::try_from(candidate.len()).unwrap_or(u64::MAX).max(1);
        if !budget.take(scan) {
            return None;
        }
        // Lengths further apart than the limit cannot be within it: skip the distance.
        if candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let pairs = u64::try_from(wanted.len().saturating_mul(candidate.len())).unwrap_or(u64::MAX);
        if !budget.take(pairs) {
            return None;
        }
        let distance = strsim::levenshtein(&wanted, &candidate.to_lowercase());
        if distance > limit {
            continue;
        }
        if best.is_none_or(|(d, b)| (distance, candidate) < (d, b)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

pub(crate) fn field<'n>(members: &'n [(Text, Node)], key: &str) -> Option<&'n Node> {
    members
        .iter()
        .find(|(k, v)| k == key && !matches!(v.kind, Kind::Null))
        .map(|(_, v)| v)
}

/// Words people write for "not known" where a value belongs (`"origin": "unknown"`): the
/// formats say it by leaving the field out.
pub(crate) fn is_unknown_marker(text: &str) -> bool {
    const MARKERS: &[&str] = &[
        "unknown",
        "n/a",
        "none",
        "null",
        "tbd",
        "?",
        "-",
        "unk",
        "not known",
    ];
    let t = text.trim();
    MARKERS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

#[derive(Default)]
pub(crate) struct Reader {
    pub problems: Vec<Problem>,
    /// Vocabulary values seen (forms, tags, processes, end uses, lists), checked against the
    /// packs' vocabulary once they are known.
    pub spots: crate::vocab::Spots,
    /// Country suggestions by text: a file that writes `Germany` a million times looks it
    /// up once.
    country_suggestions: std::collections::HashMap<String, Option<String>>,
    /// The size limits of the file being read.
    pub limits: crate::limits::Limits,
    /// Problems past [`MAX_PROBLEMS`], counted but not kept.
    pub dropped: u64,
    /// The own facets of the BOM items read so far, numbered (`bom::kinds`).
    pub kinds: crate::bom::kinds::Interner,
}

/// Problems one file collects; past this many they are only counted, so a file of millions
/// of bad values fails in bounded memory (`... and N more problems not listed`).
pub const MAX_PROBLEMS: usize = 1_000;

/// `problems` capped at [`MAX_PROBLEMS`], the rest (with `dropped` already counted) said in
/// one last problem.
pub(crate) fn cap_problems(problems: &mut Vec<Problem>, dropped: u64) {
    let over = problems.len().saturating_sub(MAX_PROBLEMS);
    problems.truncate(MAX_PROBLEMS);
    let count = dropped.saturating_add(u64::try_from(over).unwrap_or(u64::MAX));
    if count > 0 {
        problems.push(Problem {
            path: String::new(),
            line: None,
            kind: ProblemKind::MoreProblems { count },
        });
    }
}

impl Reader {
    pub(crate) fn with_limits(limits: &crate::limits::Limits) -> Self {
        Reader {
            limits: *limits,
            ..Reader::default()
        }
    }

    pub(crate) fn into_error(mut self) -> LoadError {
        cap_problems(&mut self.problems, self.dropped);
        LoadError {
            file: None,
            problems: self.problems,
        }
    }

    /// Takes the problems of `other`, a reader of a part read apart, as if they had been
    /// pushed here after this reader's own (the same cap, the same count of those dropped).
    pub(crate) fn absorb_problems(&mut self, other: &mut Reader) {
        let room = MAX_PROBLEMS.saturating_sub(self.problems.len());
        let over = other.problems.len().saturating_sub(room);
        self.dropped = self
            .dropped
            .saturating_add(u64::try_from(over).unwrap_or(u64::MAX))
            .saturating_add(other.dropped);
        self.problems.extend(other.problems.drain(..).take(room));
        other.dropped = 0;
    }

    pub(crate) fn push(&mut self, at: &At<'_>, line: u32, kind: ProblemKind) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        self.problems.push(Problem {
            path: at.render(),
            line: (line > 0).then_some(line),
            kind,
        });
    }

    pub(crate) fn wrong_type(&mut self, node: &Node, at: &At<'_>, expected: &'static str) {
        self.push(
            at,
            node.line,
            ProblemKind::WrongType {
                expected,
                found: node.kind.describe(),
            },
        );
    }

    pub(crate) fn required<'n>(
        &mut self,
        members: &'n [(Text, Node)],
        parent: &Node,
        at: &At<'_>,
        key: &'static str,
    ) -> Option<&'n Node> {
        let found = field(members, key);
        if found.is_none() {
            self.push(at, parent.line, ProblemKind::MissingField { field: key });
        }
        found
    }

    /// An object's members, after reporting duplicate keys and keys outside `allowed`
    /// (an empty `allowed` accepts any key, for maps such as `fx`).
    pub(crate) fn object<'n>(
        &mut self,
        node: &'n Node,
        at: &At<'_>,
        allowed: &[&str],
    ) -> Option<&'n [(Text, Node)]> {
        let Kind::Obj(members) = &node.kind else {
            self.wrong_type(node, at, "an object");
            return None;
        };
        // A map (`fx`, `classification`) holds as many entries as the file writes: bounded.
        if allowed.is_empty() && !self.within_list_limit(members.len(), node, at) {
            return None;
        }
        // A key with a control character is rejected, as string values are, and the object
        // left unread, so no message echoes the key (its path is escaped).
        let mut control = false;
        for (key, value) in members {
            // Printable ASCII has no control character: only other keys are decoded.
            if key.as_bytes().iter().all(|b| (0x20..0x7f).contains(b)) {
                continue;
            }
            if let Some(c) = key.chars().find(|c| c.is_control()) {
                control = true;
                self.push(
                    &at.key(key),
                    value.line,
                    ProblemKind::ControlCharacterInKey {
                        code: format!("U+{:04X}", u32::from(c)),
                    },
                );
            }
        }
        if control {
            return None;
        }
        // A key of `allowed` is found once, by its position there, and a repeat of it told
        // by a bit of `found`. Other keys (unknown, or those of a map): pairwise for the
        // small objects of a BOM; a set for big ones (a hostile file).
        let mut found = 0u128;
        let mut seen = None;
        for (i, (key, value)) in members.iter().enumerate() {
            let bytes = key.as_bytes();
            let slot = allowed
                .iter()
                .position(|a| super::same_bytes(bytes, a.as_bytes()));
            let bit = slot
                .and_then(|s| u32::try_from(s).ok())
                .and_then(|s| 1u128.checked_shl(s));
            let repeated = if let Some(bit) = bit {
                let repeated = found & bit != 0;
                found |= bit;
                repeated
            } else if members.len() <= 16 {
                members
                    .iter()
                    .take(i)
                    .any(|(k, _)| super::same_bytes(k.as_bytes(), key.as_bytes()))
            } else {
                !seen
                    .get_or_insert_with(std::collections::HashSet::new)
                    .insert(key.as_str())
            };
            if repeated {
                self.push(
                    &at.key(key),
                    value.line,
                    ProblemKind::DuplicateKey {
                        key: key.to_string(),
                    },
                );
            }
            if !allowed.is_empty() && slot.is_none() {
                self.push(
                    &at.key(key),
                    value.line,
                    ProblemKind::UnknownField {
                        field: key.to_string(),
                        suggestion: closest(key, allowed.iter().copied()).map(str::to_owned),
                    },
                );
            }
        }
        Some(members)
    }

    pub(crate) fn array<'n>(&mut self, node: &'n Node, at: &At<'_>) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Arr(items) => Some(items),
            _ => {
                self.wrong_type(node, at, "an array");
                None
            }
        }
    }

    /// An array within the limit `list_values` (every list of a file but `items` and
    /// `components`): a longer one is one problem, its values unread.
    pub(crate) fn list<'n>(&mut self, node: &'n Node, at: &At<'_>) -> Option<&'n [Node]> {
        let list = self.array(node, at)?;
        self.within_list_limit(list.len(), node, at).then_some(list)
    }

    /// Whether `count` values fit the limit `list_values`; a problem when not.
    fn within_list_limit(&mut self, count: usize, node: &Node, at: &At<'_>) -> bool {
        if count <= self.limits.list_values {
            return true;
        }
        let message = crate::limits::exceeded(
            "list_values",
            &format!("{} values", crate::limits::group(count)),
            crate::limits::group(self.limits.list_values),
        );
        self.push(at, node.line, ProblemKind::LimitExceeded { message });
        false
    }

    pub(crate) fn string<'n>(&mut self, node: &'n Node, at: &At<'_>) -> Option<&'n str> {
        let Kind::Str(text) = &node.kind else {
            self.wrong_type(node, at, "a string");
            return None;
        };
        let s = text.as_str();
        // A string that starts with a visible ASCII character is not blank: no trim needed.
        if !s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.trim().is_empty() {
            self.push(at, node.line, ProblemKind::EmptyString);
            return None;
        }
        // A control character (`\r`, an escape sequence) could make a terminal show what
        // the answer does not say: rejected in every string, ids and names included.
        if s.len() > self.limits.string_bytes {
            let message = crate::limits::exceeded(
                "string_bytes",
                &format!("a string of {} bytes", crate::limits::group(s.len())),
                format!("{} bytes", crate::limits::group(self.limits.string_bytes)),
            );
            self.push(at, node.line, ProblemKind::LimitExceeded { message });
            return None;
        }
        // Printable ASCII has no control character: only other strings are decoded.
        if !s.bytes().all(|b| (0x20..0x7f).contains(&b))
            && let Some(c) = s.chars().find(|c| c.is_control())
        {
            self.push(
                at,
                node.line,
                ProblemKind::ControlCharacter {
                    code: format!("U+{:04X}", u32::from(c)),
                },
            );
            return None;
        }
        Some(s)
    }

    pub(crate) fn opt_string(
        &mut self,
        members: &[(Text, Node)],
        at: &At<'_>,
        key: &str,
    ) -> Option<String> {
        let node = field(members, key)?;
        self.string(node, &at.key(key)).map(str::to_owned)
    }

    pub(crate) fn decimal(&mut self, node: &Node, at: &At<'_>) -> Option<Decimal> {
        let (text, exponent) = match &node.kind {
            Kind::Str(s) => (s.as_str(), false),
            Kind::Num(s) => (s.as_str(), true),
            _ => {
                self.wrong_type(node, at, "a decimal string or number");
                return None;
            }
        };
        match parse_decimal(text, exponent) {
            Ok(v) => Some(v),
            Err(_) if !exponent && is_unknown_marker(text) => {
                self.push(
                    at,
                    node.line,
                    ProblemKind::UnknownMarker {
                        text: text.to_owned(),
                        what: "a decimal",
                    },
                );
                None
            }
            Err(e) => {
                let text = text.to_owned();
                let kind = match e {
                    DecimalError::Malformed => ProblemKind::MalformedDecimal { text },
                    DecimalError::OutOfRange => ProblemKind::DecimalOutOfRange { text },
                };
                self.push(at, node.line, kind);
                None
            }
        }
    }

    pub(crate) fn currency(&mut self, node: &Node, at: &At<'_>) -> Option<Currency> {
        let text = self.string(node, at)?;
        let parsed = Currency::parse(text);
        if parsed.is_none() {
            self.push(
                at,
                node.line,
                ProblemKind::InvalidCurrency {
                    code: text.to_owned(),
                },
            );
        }
        parsed
    }

    pub(crate) fn country(&mut self, node: &Node, at: &At<'_>) -> Option<Country> {
        let text = self.string(node, at)?;
        let parsed = Country::parse(text);
        if parsed.is_none() {
            if is_unknown_marker(text) {
                self.push(
                    at,
                    node.line,
                    ProblemKind::UnknownMarker {
                        text: text.to_owned(),
                        what: "a country code",
                    },
                );
                return None;
            }
            let suggestion = match self.country_suggestions.get(text) {
                Some(s) => s.clone(),
                None => {
                    let s = crate::codes::country::suggest(text);
                    self.country_suggestions.insert(text.to_owned(), s.clone());
                    s
                }
            };
            self.push(
                at,
                node.line,
                ProblemKind::InvalidCountry {
                    code: text.to_owned(),
                    suggestion,
                },
            );
        }
        parsed
    }

    pub(crate) fn string_map(&mut self, node: &Node, at: &At<'_>) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        if let Some(members) = self.object(node, at, &[]) {
            for (key, value) in members {
                if let Some(v) = self.string(value, &at.key(key)) {
                    map.insert(key.to_string(), v.to_owned());
                }
            }
        }
        map
    }

    pub(crate) fn string_list(&mut self, node: &Node, at: &At<'_>) -> Vec<String> {
        let Some(list) = self.list(node, at) else {
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(n, &at.index(i)).map(str::to_owned))
            .collect()
    }

    /// A list of vocabulary values (tags, end uses), each recorded where it first appears
    /// for the check against the packs' vocabulary.
    pub(crate) fn vocab_list(
        &mut self,
        node: &Node,
        at: &At<'_>,
        kind: crate::vocab::VocabKind,
    ) -> Vec<String> {
        let Some(list) = self.list(node, at) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, n) in list.iter().enumerate() {
            let value_at = at.index(i);
            if let Some(value) = self.string(n, &value_at) {
                self.spots.record(kind, value, &value_at, n.line);
                out.push(value.to_owned());
            }
        }
        out
    }

    /// A `YYYY-MM-DD` date: a string, or a bare TOML date.
    pub(crate) fn date(&mut self, node: &Node, at: &At<'_>) -> Option<Date> {
        let text = match &node.kind {
            Kind::Str(s) | Kind::Datetime(s) => s.as_str(),
            _ => {
                self.wrong_type(node, at, "a date `YYYY-MM-DD`");
                return None;
            }
        };
        let parsed = Date::parse(text);
        if parsed.is_none() {
            self.push(
                at,
                node.line,
                ProblemKind::InvalidDate {
                    text: text.to_owned(),
                },
            );
        }
        parsed
    }
}

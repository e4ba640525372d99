//! Closed vocabularies: the values a file may use for material forms, item tags, processes,
//! end uses and party lists.
//!
//! A misspelt value (`Metal`, `magnets`, `CN:controllist`) must be an error with a suggestion,
//! never a value that silently matches nothing. The known values are the core vocabulary of
//! the file formats (`docs/formats.md`) plus what the loaded packs declare; values starting
//! with `x-` are the user's own (never an error, and reported when no rule reads them).
//!
//! BOM and scenario files are loaded without the packs, so loading records where each
//! distinct value first appears ([`Spots`]); [`RuleSet::check_vocabulary`](crate::RuleSet::check_vocabulary)
//! then checks them against the rule set's vocabulary and reports each unknown value once, with its position.

use crate::doc::path::At;
use crate::doc::read::closest;
use crate::error::{Problem, ProblemKind};
use std::collections::{BTreeMap, BTreeSet};

/// What a vocabulary value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VocabKind {
    /// `material.form` of an item.
    Form,
    /// An item's `tags`.
    Tag,
    /// `made_with[].process`.
    Process,
    /// A scenario's `end_uses`.
    EndUse,
    /// A party's `lists`.
    List,
}

impl VocabKind {
    /// Every kind, in the order of this enum.
    pub const ALL: [VocabKind; 5] = [
        VocabKind::Form,
        VocabKind::Tag,
        VocabKind::Process,
        VocabKind::EndUse,
        VocabKind::List,
    ];

    /// What a person calls it, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            VocabKind::Form => "material form",
            VocabKind::Tag => "item tag",
            VocabKind::Process => "process",
            VocabKind::EndUse => "end use",
            VocabKind::List => "party list",
        }
    }
}

/// The core vocabulary of the file formats (`docs/formats.md`).
const FORMS: &[&str] = &[
    "ore",
    "concentrate",
    "oxide",
    "compound",
    "metal",
    "alloy",
    "powder",
    "magnet",
    "target",
    "fiber",
    "crystal",
    "phosphor",
    "ceramic",
    "hydrogen-storage",
    "magnetocaloric",
    "magnetostrictive",
    "superhard",
    "graphite",
    "cathode",
    "anode",
    "cell",
    "other",
];
const TAGS: &[&str] = &[
    "public-domain",
    "enc-authorized",
    "publicly-available",
    "food",
    "medicine",
];
const PROCESSES: &[&str] = &[
    "mining",
    "smelting-separation",
    "metal-smelting",
    "magnet-manufacturing",
    "recycling",
];
const END_USES: &[&str] = &[
    "civil",
    "military",
    "military-end-user",
    "military-intelligence",
    "wmd",
    "terrorism",
    "humanitarian",
    "advanced-logic-14nm",
    "advanced-memory-256l",
    "supercomputer",
    "military-ai",
    "rare-earth-processing-abroad",
];

/// Values of the user's own start with this prefix.
pub const PRIVATE_PREFIX: &str = "x-";

/// Known values per kind: the core vocabulary plus what packs declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    known: BTreeMap<VocabKind, BTreeSet<String>>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::core()
    }
}

impl Vocabulary {
    /// The core vocabulary alone (party lists come only from packs).
    pub fn core() -> Vocabulary {
        let mut known: BTreeMap<VocabKind, BTreeSet<String>> = BTreeMap::new();
        for (kind, values) in [
            (VocabKind::Form, FORMS),
            (VocabKind::Tag, TAGS),
            (VocabKind::Process, PROCESSES),
            (VocabKind::EndUse, END_USES),
        ] {
            known
                .entry(kind)
                .or_default()
                .extend(values.iter().map(|v| (*v).to_owned()));
        }
        Vocabulary { known }
    }

    pub(crate) fn add(&mut self, kind: VocabKind, value: &str) {
        self.known.entry(kind).or_default().insert(value.to_owned());
    }

    /// Whether `value` is known for `kind` (or is a private `x-` value, except for lists).
    /// A list membership is known when a loaded pack declares it, sub-designations included
    /// (`US:entity-list:fn5` is known because the US pack declares it, not because it starts
    /// with `US:entity-list`: `US:entity-list:fn-1` would otherwise read as the parent list
    /// and drop the rule for the real sub-designation). A private sub-designation of a
    /// declared list, its last segment starting `x-` (`US:entity-list:x-internal`), is known
    /// too: the party is on the parent list.
    pub fn knows(&self, kind: VocabKind, value: &str) -> bool {
        if kind != VocabKind::List && value.starts_with(PRIVATE_PREFIX) {
            return true;
        }
        let Some(known) = self.known.get(&kind) else {
            return false;
        };
        if known.contains(value) {
            return true;
        }
        kind == VocabKind::List
            && value.rsplit_once(':').is_some_and(|(parent, last)| {
                last.starts_with(PRIVATE_PREFIX) && known.contains(parent)
            })
    }

    /// The known values of a kind, sorted.
    pub fn values(&self, kind: VocabKind) -> impl Iterator<Item = &str> {
        self.known
            .get(&kind)
            .into_iter()
            .flat_map(|s| s.iter().map(String::as_str))
    }

    /// The known value a misspelt one was probably meant as: the same up to case, spaces,
    /// underscores and a plural `s`; else the closest by edit distance.
    pub fn suggest(&self, kind: VocabKind, value: &str) -> Option<&str> {
        let norm = |s: &str| -> String {
            let s = slug(s);
            s.strip_suffix('s').map(str::to_owned).unwrap_or(s)
        };
        let wanted = norm(value);
        self.values(kind)
            .find(|v| norm(v) == wanted)
            .or_else(|| closest(value, self.values(kind)))
    }

    /// The problem for an unknown value, or `None` when it is known.
    pub(crate) fn problem(&self, kind: VocabKind, value: &str) -> Option<ProblemKind> {
        if self.knows(kind, value) {
            return None;
        }
        let mut suggestion = self.suggest(kind, value).map(str::to_owned);
        if kind == VocabKind::List && suggestion.is_none() {
            suggestion =
                crate::scenario::load::list_suggestion(value).filter(|s| self.knows(kind, s));
        }
        Some(ProblemKind::UnknownValue {
            what: kind.noun(),
            value: value.to_owned(),
            expected: self.expected(kind),
            suggestion,
        })
    }

    /// The problem for a list membership not written `JURISDICTION:list-id`: its "did you
    /// mean" is a declared list, or, for a jurisdiction no loaded pack speaks for, the
    /// well-formed spelling.
    fn malformed_list(&self, value: &str, jurisdictions: &BTreeSet<String>) -> ProblemKind {
        let fixed = crate::scenario::load::list_suggestion(value);
        let declared = fixed
            .as_deref()
            .filter(|f| self.knows(VocabKind::List, f))
            .map(str::to_owned)
            .or_else(|| {
                self.suggest(VocabKind::List, fixed.as_deref().unwrap_or(value))
                    .map(str::to_owned)
            });
        let suggestion =
            declared.or_else(|| fixed.filter(|f| !jurisdictions.contains(list_jurisdiction(f))));
        ProblemKind::InvalidList {
            list: value.to_owned(),
            suggestion,
        }
    }

    /// "one of `a`, `b`, ..." for messages: short, so a long vocabulary names a few.
    fn expected(&self, kind: VocabKind) -> String {
        const SHOWN: usize = 8;
        let values: Vec<&str> = self.values(kind).collect();
        let mut text = values
            .iter()
            .take(SHOWN)
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if values.len() > SHOWN {
            text.push_str(&format!(" and {} more", values.len().saturating_sub(SHOWN)));
        }
        if kind != VocabKind::List {
            text.push_str(&format!(
                ", or a value of your own starting `{PRIVATE_PREFIX}`"
            ));
        }
        if values.is_empty() {
            "a list a loaded pack declares (none is declared)".to_owned()
        } else {
            format!("one of {text}")
        }
    }

    /// Every value in `spots` that this vocabulary does not know, once per value at its first
    /// position. Party lists of a jurisdiction no pack speaks for are left to a warning
    /// (`jurisdictions`: the jurisdictions of the loaded packs).
    pub(crate) fn check(&self, spots: &Spots, jurisdictions: &BTreeSet<String>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let uses = spots
            .first
            .iter()
            .flat_map(|(kind, values)| values.iter().map(move |(value, spot)| (kind, value, spot)));
        for (kind, value, spot) in uses {
            let malformed = *kind == VocabKind::List && !crate::scenario::load::is_list(value);
            if !malformed
                && *kind == VocabKind::List
                && !jurisdictions.contains(list_jurisdiction(value))
            {
                continue;
            }
            let problem = if malformed {
                Some(self.malformed_list(value, jurisdictions))
            } else {
                self.problem(*kind, value)
            };
            if let Some(problem) = problem {
                // The first use stands for the others; say how many there are.
                let path = if spot.count > 1 {
                    format!(
                        "{} (and {} more uses)",
                        spot.path,
                        spot.count.saturating_sub(1)
                    )
                } else {
                    spot.path.clone()
                };
                problems.push(Problem {
                    path,
                    line: (spot.line > 0).then_some(spot.line),
                    kind: problem,
                });
            }
        }
        problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
        problems
    }
}

/// `text` as vocabularies spell values: trimmed, lower case, spaces and underscores as `-`.
pub(crate) fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The jurisdiction of a list membership: `CN` of `CN:control-list`.
pub fn list_jurisdiction(list: &str) -> &str {
    list.split(':').next().unwrap_or(list)
}

/// Where each distinct vocabulary value of a file first appears, and how often it appears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spots {
    /// By kind, then value: the order of `(kind, value)`. A value is looked up without
    /// copying it.
    first: BTreeMap<VocabKind, BTreeMap<String, Spot>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Spot {
    path: String,
    line: u32,
    count: u64,
}

impl Spots {
    /// Records one use of `value`; the path is rendered only for the first.
    pub(crate) fn record(&mut self, kind: VocabKind, value: &str, at: &At<'_>, line: u32) {
        let values = self.first.entry(kind).or_default();
        match values.get_mut(value) {
            Some(spot) => spot.count = spot.count.saturating_add(1),
            None => {
                values.insert(
                    value.to_owned(),
                    Spot {
                        path: at.render(),
                        line,
                        count: 1,
                    },
                );
            }
        }
    }

    /// The distinct values of a kind, sorted.
    pub fn values(&self, kind: VocabKind) -> impl Iterator<Item = &str> {
        self.first
            .get(&kind)
            .into_iter()
            .flat_map(|values| values.keys().map(String::as_str))
    }

    /// Rewrites every recorded path that `rename` maps (items named by id in a BOM built in
    /// memory).
    pub(crate) fn rename_paths(&mut self, rename: impl Fn(&str) -> Option<String>) {
        for spot in self.first.values_mut().flat_map(BTreeMap::values_mut) {
            if let Some(path) = rename(&spot.path) {
                spot.path = path;
            }
        }
    }

    /// Prefixes every recorded path (an inline BOM inside a scenario).
    pub(crate) fn prefix_paths(&mut self, prefix: &str) {
        for spot in self.first.values_mut().flat_map(BTreeMap::values_mut) {
            spot.path = if spot.path.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}.{}", spot.path)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_by_case_plural_and_spacing() {
        let v = Vocabulary::core();
        assert_eq!(v.suggest(VocabKind::Form, "Metal"), Some("metal"));
        assert_eq!(v.suggest(VocabKind::Form, "magnets"), Some("magnet"));
        assert_eq!(
            v.suggest(VocabKind::Process, "Magnet Manufacturing"),
            Some("magnet-manufacturing")
        );
        assert_eq!(v.suggest(VocabKind::EndUse, "Military"), Some("military"));
        assert!(v.knows(VocabKind::Tag, "x-rohs"));
        assert!(!v.knows(VocabKind::List, "x-list"));
        assert!(!v.knows(VocabKind::Form, "sintered magnet"));
    }
}

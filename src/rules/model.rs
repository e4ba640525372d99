//! Validated rules: what a pack says, with every reference resolved and every date parsed.

use super::window::Window;
use crate::{Country, Date, Decimal};
use serde::Serialize;

/// What a rule does when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The export is subject to the jurisdiction.
    Reach,
    /// A licence is required (and the export is reached, unless `requires_reach`).
    LicenseRequired,
    /// An exemption applies: no licence, but the obligations do.
    Exempt,
    /// Adds a warning to the determination (e.g. a licence exception that may be available);
    /// never changes an outcome.
    Warning,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Reach => "reach",
            Effect::LicenseRequired => "license_required",
            Effect::Exempt => "exempt",
            Effect::Warning => "warning",
        }
    }
}

/// Licence review policy, ordered from least to most severe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    Approval,
    CaseByCase,
    PresumptionOfDenial,
    Denial,
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Approval => "approval",
            Review::CaseByCase => "case_by_case",
            Review::PresumptionOfDenial => "presumption_of_denial",
            Review::Denial => "denial",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Review> {
        Some(match text {
            "approval" => Review::Approval,
            "case_by_case" => Review::CaseByCase,
            "presumption_of_denial" => Review::PresumptionOfDenial,
            "denial" => Review::Denial,
            _ => return None,
        })
    }
}

/// One rule of a pack.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rule {
    pub id: String,
    pub jurisdiction: String,
    /// The id of the pack it came from.
    pub pack: String,
    pub title: String,
    /// Instrument and article, e.g. `MOFCOM Announcement No. 61 (2025), Art. 1(1)`.
    pub citation: String,
    /// Interpretive choices made in encoding the rule.
    pub note: Option<String>,
    pub effect: Effect,
    pub review: Option<Review>,
    /// A requirement that counts only where another rule reaches the export; a warning said
    /// only where the jurisdiction reaches (or may reach) it — the default for warnings.
    pub requires_reach: bool,
    /// With [`Effect::Warning`]: the warning's kind (`exception`, `notice`).
    pub warning: Option<String>,
    pub obligations: Vec<String>,
    pub effective: Vec<Window>,
    pub suspended: Vec<Window>,
    pub when: Pred,
    /// The rule's text as its pack wrote it (its `[[rules]]` table), when loaded from TOML.
    pub source: Option<String>,
    /// Where its pack came from: `bundled:NAME` or the file path.
    pub pack_source: String,
    /// The patches applied to it, in load order.
    pub patches: Vec<Patched>,
}

/// A patch applied to a rule (`[[patches]]` of a later pack, or of the rule's own).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Patched {
    /// The id of the patch's pack.
    pub pack: String,
    /// Where that pack came from: `bundled:NAME` or the file path.
    pub pack_source: String,
    /// The fields it replaced, in the format's order.
    pub fields: Vec<&'static str>,
    /// The patch's text as its pack wrote it.
    pub source: Option<String>,
}

/// A condition on the export, evaluated three-valued.
#[derive(Debug, Clone)]
pub enum Pred {
    All(Vec<Pred>),
    Any(Vec<Pred>),
    Not(Box<Pred>),
    Item(ItemPred),
    Component(ItemPred),
    Content(ContentPred),
    From(Place),
    To(Place),
    Party(PartyPred),
    EndUse(Vec<String>),
    /// Another rule's condition, by id.
    Rule(String),
}

impl Pred {
    /// The ids of the rules this condition refers to with `rule = "..."`.
    pub fn rule_references(&self) -> Vec<&str> {
        match self {
            Pred::All(ps) | Pred::Any(ps) => ps.iter().flat_map(Pred::rule_references).collect(),
            Pred::Not(p) => p.rule_references(),
            Pred::Rule(id) => vec![id.as_str()],
            _ => Vec::new(),
        }
    }

    /// The content conditions of this condition, however deeply nested.
    pub(crate) fn contents_mut(&mut self) -> Vec<&mut ContentPred> {
        match self {
            Pred::All(ps) | Pred::Any(ps) => ps.iter_mut().flat_map(Pred::contents_mut).collect(),
            Pred::Not(p) => p.contents_mut(),
            Pred::Content(c) => vec![c],
            _ => Vec::new(),
        }
    }
}

/// A condition on one item.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemPred {
    All(Vec<ItemPred>),
    Any(Vec<ItemPred>),
    Not(Box<ItemPred>),
    Origin(Vec<Country>),
    Classification(CodeMatch),
    Material {
        forms: Vec<String>,
        elements: Vec<String>,
    },
    Tag(String),
    MadeWith {
        kinds: Vec<crate::bom::MadeWithKind>,
        origins: Vec<Country>,
        classification: Option<CodeMatch>,
        processes: Vec<String>,
    },
    Class(String),
    Licensable {
        jurisdiction: String,
        reasons: Vec<String>,
        unlisted: Vec<String>,
        /// Rows covering the code count whatever their destinations.
        anywhere: bool,
    },
    /// The item's material lists one of these elements but it declares no components:
    /// unknown (missing: breakdown); otherwise false.
    MayContain(Vec<String>),
    /// A fact the inputs cannot state: always unknown (control condition).
    Unknown(String),
    /// The as-of date is on or after `from`, the day `instrument` listed the items.
    Listed {
        from: crate::Date,
        instrument: String,
    },
}

impl ItemPred {
    /// The names of the classes this condition refers to with `class = "..."`.
    pub fn class_references(&self) -> Vec<&str> {
        match self {
            ItemPred::All(ps) | ItemPred::Any(ps) => {
                ps.iter().flat_map(ItemPred::class_references).collect()
            }
            ItemPred::Not(p) => p.class_references(),
            ItemPred::Class(name) => vec![name.as_str()],
            _ => Vec::new(),
        }
    }
}

/// A country chart: which columns are marked for each destination.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub citation: String,
    pub vintage: Option<Date>,
    pub countries: std::collections::BTreeMap<Country, Vec<String>>,
}

/// One control-list row: for codes under `code` (and `paragraphs`, minus `except`), a
/// licence is needed for `reason` to destinations marked in `column`, or listed in `to`.
#[derive(Debug, Clone)]
pub struct Control {
    pub jurisdiction: String,
    pub code: String,
    pub reason: String,
    pub column: Option<String>,
    pub to: Option<ControlPlace>,
    pub paragraphs: Vec<String>,
    pub except: Vec<String>,
    /// Turns on a condition the code does not carry: applies as unknown, never as yes.
    pub open: bool,
    /// A reason for control the pack does not encode: applies as unknown (pack coverage).
    pub encoded: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ControlPlace {
    pub worldwide: bool,
    pub countries: Vec<Country>,
    pub groups: Vec<String>,
    pub except_groups: Vec<String>,
    pub except_countries: Vec<Country>,
}

/// Classification codes under one jurisdiction, matched as segment-aware prefixes.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeMatch {
    pub jurisdiction: String,
    /// Empty: any code under the jurisdiction.
    pub codes: Vec<String>,
    /// Whether an item with no code under the jurisdiction is unknown (else: does not match).
    pub missing_is_unknown: bool,
    /// Codes compare on their digits, as leading prefixes (Harmonized System codes).
    pub digits: bool,
    /// The codes are part of a list not encoded whole: a code outside them is unknown
    /// (pack coverage), not false.
    pub partial: bool,
    /// A code above the level of a listed code is unknown (classification), not false.
    pub coarse: bool,
}

/// Whether `code` is `prefix` or below it: `1C902` covers `1C902.a.1`; `1C90` does not
/// cover `1C902`. Case-sensitive, as the control lists write codes.
/// Whether `code` starts with the digits of `prefix`, ignoring everything but digits:
/// `84` covers `8471.30` and `847130`; an empty prefix covers nothing.
pub fn digits_cover(prefix: &str, code: &str) -> bool {
    let p: String = prefix.chars().filter(char::is_ascii_digit).collect();
    let c: String = code.chars().filter(char::is_ascii_digit).collect();
    !p.is_empty() && c.starts_with(&p)
}

pub fn code_covers(prefix: &str, code: &str) -> bool {
    match code.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('.'),
        None => false,
    }
}

#[derive(Debug, Clone)]
pub struct ContentPred {
    pub counted: ItemPred,
    pub op: Op,
    pub threshold: Decimal,
}

/// How a ratio is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    Exceeds,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::AtLeast => ">=",
            Op::Exceeds => ">",
        }
    }

    pub fn holds(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Op::AtLeast => value >= threshold,
            Op::Exceeds => value > threshold,
        }
    }
}

/// Countries, listed or by group membership on the as-of date.
#[derive(Debug, Clone)]
pub struct Place {
    pub countries: Vec<Country>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PartyPred {
    pub roles: Vec<crate::scenario::Role>,
    /// Empty: no list condition.
    pub lists: Vec<String>,
    /// The party's own `country` is one of these; empty: any country.
    pub countries: Vec<Country>,
    pub affiliates: Option<Affiliates>,
}

/// Extends a list to parties owned `share` or more by listed parties, in its own windows.
#[derive(Debug, Clone)]
pub struct Affiliates {
    pub share: Decimal,
    pub citation: String,
    pub effective: Vec<Window>,
    pub suspended: Vec<Window>,
}

/// A country group with dated membership.
#[derive(Debug, Clone)]
pub struct Group {
    pub title: Option<String>,
    pub citation: Option<String>,
    pub members: Vec<Membership>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub country: Country,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Group {
    /// Whether `country` is a member on `date` (both ends inclusive).
    pub fn has(&self, country: Country, date: Date) -> bool {
        self.members.iter().any(|m| {
            m.country == country
                && m.from.is_none_or(|f| f <= date)
                && m.to.is_none_or(|t| date <= t)
        })
    }
}

/// A dated listing a pack records: an instrument that put named parties on lists.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The id of the pack it came from.
    pub pack: String,
    pub instrument: String,
    /// The day it was published.
    pub date: crate::Date,
    /// The list ids a scenario declares for a listed party while the measures are in force.
    pub lists: Vec<String>,
    pub measures: String,
    pub entities: Vec<String>,
    pub count: Option<u32>,
    /// When its measures are in force (a lift ends a window).
    pub effective: Vec<Window>,
    pub suspended: Vec<Window>,
    pub note: Option<String>,
}

/// A party list a pack declares (e.g. `CN:control-list`).
#[derive(Debug, Clone)]
pub struct ListInfo {
    pub title: Option<String>,
    pub citation: Option<String>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_on_whole_segments() {
        assert!(code_covers("1C902", "1C902"));
        assert!(code_covers("1C902", "1C902.a"));
        assert!(code_covers("1C902", "1C902.a.1"));
        assert!(code_covers("1C902.a", "1C902.a.1"));
        assert!(!code_covers("1C90", "1C902"));
        assert!(!code_covers("1C902.a", "1C902.b"));
        assert!(!code_covers("1C902.a", "1C902"));
        assert!(!code_covers("3A090", "3A0901"));
    }

    #[test]
    fn review_severity_order() {
        assert!(Review::Approval < Review::CaseByCase);
        assert!(Review::CaseByCase < Review::PresumptionOfDenial);
        assert!(Review::PresumptionOfDenial < Review::Denial);
    }
}

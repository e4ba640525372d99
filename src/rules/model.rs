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
    /// The effect as a pack writes it: `reach`, `license_required`, `exempt` or `warning`.
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
    /// Applications will generally be approved.
    Approval,
    /// Applications are reviewed one by one.
    CaseByCase,
    /// Applications will generally be denied.
    PresumptionOfDenial,
    /// Applications will be denied.
    Denial,
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Review {
    /// The review as a pack writes it: `approval`, `case_by_case`, `presumption_of_denial`
    /// or `denial`.
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
    /// The rule's id, unique in the rule set, e.g. `cn.mofcom.2025-61.art1-1`.
    pub id: String,
    /// The jurisdiction of its pack, e.g. `CN`; rules combine per jurisdiction.
    pub jurisdiction: String,
    /// The id of the pack it came from.
    pub pack: String,
    /// What the rule says, in a line.
    pub title: String,
    /// Instrument and article, e.g. `MOFCOM Announcement No. 61 (2025), Art. 1(1)`.
    pub citation: String,
    /// Interpretive choices made in encoding the rule.
    pub note: Option<String>,
    /// What the rule does when its condition holds and it is in force.
    pub effect: Effect,
    /// The licence review policy; set for (and only for) a [`Effect::LicenseRequired`] rule.
    pub review: Option<Review>,
    /// A requirement that counts only where another rule reaches the export; a warning said
    /// only where the jurisdiction reaches (or may reach) it — the default for warnings.
    pub requires_reach: bool,
    /// With [`Effect::Warning`]: the warning's kind (`exception`, `notice`).
    pub warning: Option<String>,
    /// What the exporter must do under the rule, in words; an [`Effect::Exempt`] outcome lists
    /// them.
    pub obligations: Vec<String>,
    /// When the rule is in force (at least one window; they do not overlap).
    pub effective: Vec<Window>,
    /// When it is suspended (not in force although in an effective window).
    pub suspended: Vec<Window>,
    /// The condition under which the rule applies.
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
    /// Every condition holds (Kleene logic: false beats unknown).
    All(Vec<Pred>),
    /// Some condition holds (Kleene logic: true beats unknown).
    Any(Vec<Pred>),
    /// The condition does not hold (unknown stays unknown).
    Not(Box<Pred>),
    /// The exported item satisfies the item condition.
    Item(ItemPred),
    /// Some component at any depth below the exported item satisfies the item condition.
    Component(ItemPred),
    /// The content an item condition counts, as a share of the exported item's value.
    Content(ContentPred),
    /// The export leaves from one of these places.
    From(Place),
    /// The export goes to one of these places.
    To(Place),
    /// A party of the scenario matches.
    Party(PartyPred),
    /// The scenario declares one of these end uses.
    EndUse(Vec<String>),
    /// Another rule's condition, by id: it holds and that rule is in force.
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
    /// Every condition holds.
    All(Vec<ItemPred>),
    /// Some condition holds.
    Any(Vec<ItemPred>),
    /// The condition does not hold.
    Not(Box<ItemPred>),
    /// The item's origin is one of these countries; unknown when the BOM gives none.
    Origin(Vec<Country>),
    /// The item's code under a jurisdiction is covered by the codes.
    Classification(CodeMatch),
    /// The item's declared material has one of the forms and one of the elements.
    Material {
        /// Material forms, e.g. `magnet`; empty: any form.
        forms: Vec<String>,
        /// Element symbols, e.g. `Dy`; empty: any element.
        elements: Vec<String>,
    },
    /// The item has this tag.
    Tag(String),
    /// Some production-provenance (`made_with`) entry of the item matches every part given.
    MadeWith {
        /// The entry's kind is one of these; empty: any kind.
        kinds: Vec<crate::bom::MadeWithKind>,
        /// The entry's origin is one of these; empty: any origin.
        origins: Vec<Country>,
        /// The entry's classification matches; `None`: any.
        classification: Option<CodeMatch>,
        /// The entry's process is one of these; empty: any process.
        processes: Vec<String>,
    },
    /// The named class of the rule set holds.
    Class(String),
    /// The item's code needs a licence to the scenario's destination under the pack's control
    /// rows and country chart.
    Licensable {
        /// Whose code and control rows are read, e.g. `US`.
        jurisdiction: String,
        /// Only rows whose reason starts with one of these (`NS` covers `NS1`); empty: any.
        reasons: Vec<String>,
        /// Codes that never need a licence under the rows, e.g. `EAR99`.
        unlisted: Vec<String>,
        /// Rows covering the code count whatever their destinations.
        anywhere: bool,
    },
    /// The item may hold these elements in an amount nothing states: its material lists one
    /// of them and no component below it, at any depth, declares a material with it. Unknown
    /// then (missing: breakdown); also unknown for a part without components whose material
    /// lists no elements, or (with `undeclared_material = "unknown"`) that declares no
    /// material; false otherwise.
    MayContain(Vec<String>),
    /// A fact the inputs cannot state: always unknown (control condition).
    Unknown(String),
    /// The as-of date is on or after `from`, the day `instrument` listed the items.
    Listed {
        /// The day the instrument listed the items.
        from: crate::Date,
        /// The instrument, e.g. `MOFCOM/GAC Announcement No. 10 (2025)`.
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
    /// The instrument the chart is taken from.
    pub citation: String,
    /// The date of the source it was encoded from, when the pack gives one.
    pub vintage: Option<Date>,
    /// Each destination of the chart and the columns marked for it (`NS1`, `RS2`, ...). A
    /// destination not listed cannot be cleared by the chart.
    pub countries: std::collections::BTreeMap<Country, Vec<String>>,
}

/// One control-list row: for codes under `code` (and `paragraphs`, minus `except`), a
/// licence is needed for `reason` to destinations marked in `column`, or listed in `to`.
#[derive(Debug, Clone)]
pub struct Control {
    /// Whose control list the row belongs to, e.g. `US`.
    pub jurisdiction: String,
    /// The entry, e.g. `3A001`.
    pub code: String,
    /// The reason for control, e.g. `NS1`.
    pub reason: String,
    /// The chart column consulted for the destination; `None` when `to` names them instead.
    pub column: Option<String>,
    /// The destinations the row applies to, whatever the chart; `None` when `column` is given.
    pub to: Option<ControlPlace>,
    /// The sub-items the row applies to; empty: the entire entry.
    pub paragraphs: Vec<String>,
    /// The sub-items the row excludes.
    pub except: Vec<String>,
    /// Turns on a condition the code does not carry: applies as unknown, never as yes.
    pub open: bool,
    /// A reason for control the pack does not encode: applies as unknown (pack coverage).
    pub encoded: bool,
    /// Remarks of the pack's author on the row.
    pub note: Option<String>,
}

/// The destinations of a control row that names them (`to`) rather than a chart column: every
/// destination, or those listed, minus the exceptions; group membership on the as-of date.
#[derive(Debug, Clone)]
pub struct ControlPlace {
    /// Every destination.
    pub worldwide: bool,
    /// These destinations.
    pub countries: Vec<Country>,
    /// Members of these country groups.
    pub groups: Vec<String>,
    /// Not members of these country groups.
    pub except_groups: Vec<String>,
    /// Not these destinations.
    pub except_countries: Vec<Country>,
}

/// Classification codes under one jurisdiction, matched as segment-aware prefixes.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeMatch {
    /// The classification key read, e.g. `CN`, `US`, or `HS` for a tariff code.
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

/// Whether `code` starts with the digits of `prefix`, ignoring everything but digits:
/// `84` covers `8471.30` and `847130`; an empty prefix covers nothing.
///
/// ```
/// use longarm::rules::model::digits_cover;
///
/// assert!(digits_cover("84", "8471.30"));
/// assert!(digits_cover("8471.30", "847130"));
/// assert!(!digits_cover("", "8471"));
/// ```
pub fn digits_cover(prefix: &str, code: &str) -> bool {
    let p: String = prefix.chars().filter(char::is_ascii_digit).collect();
    let c: String = code.chars().filter(char::is_ascii_digit).collect();
    !p.is_empty() && c.starts_with(&p)
}

/// Whether `code` is `prefix` or below it: `1C902` covers `1C902.a.1`; `1C90` does not
/// cover `1C902`. Case-sensitive, as the control lists write codes.
///
/// ```
/// use longarm::rules::model::code_covers;
///
/// assert!(code_covers("1C902", "1C902.a.1"));
/// assert!(!code_covers("1C90", "1C902"));
/// ```
pub fn code_covers(prefix: &str, code: &str) -> bool {
    match code.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('.'),
        None => false,
    }
}

/// A content condition: the value of what `counted` counts, divided by the exported item's
/// value, compared with `threshold` (exactly).
#[derive(Debug, Clone)]
pub struct ContentPred {
    /// Which components count: a matching component counts whole and is not descended into.
    pub counted: ItemPred,
    /// How the ratio compares with the threshold.
    pub op: Op,
    /// A ratio from 0 to 1 (`0.001` is 0.1%).
    pub threshold: Decimal,
}

/// How a ratio is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `>=`: the ratio is at least the threshold.
    #[serde(rename = ">=")]
    AtLeast,
    /// `>`: the ratio exceeds the threshold.
    #[serde(rename = ">")]
    Exceeds,
}

impl Op {
    /// The comparison as a pack writes it: `>=` or `>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::AtLeast => ">=",
            Op::Exceeds => ">",
        }
    }

    /// Whether `value` compares with `threshold` this way.
    ///
    /// ```
    /// use longarm::Decimal;
    /// use longarm::rules::Op;
    ///
    /// let threshold = Decimal::new(1, 3); // 0.001
    /// assert!(Op::AtLeast.holds(threshold, threshold));
    /// assert!(!Op::Exceeds.holds(threshold, threshold));
    /// ```
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
    /// These countries.
    pub countries: Vec<Country>,
    /// Members of these country groups of the rule set.
    pub groups: Vec<String>,
}

/// A condition on the scenario's parties: some party in one of the roles is on one of the
/// lists (or an affiliate of listed parties) and, when `countries` is given, located in one
/// of them.
#[derive(Debug, Clone)]
pub struct PartyPred {
    /// The roles considered; empty: any role.
    pub roles: Vec<crate::scenario::Role>,
    /// Empty: no list condition.
    pub lists: Vec<String>,
    /// The party's own `country` is one of these; empty: any country.
    pub countries: Vec<Country>,
    /// Also a party owned enough by listed parties, while the extension is in force.
    pub affiliates: Option<Affiliates>,
}

/// Extends a list to parties owned `share` or more by listed parties, in its own windows.
#[derive(Debug, Clone)]
pub struct Affiliates {
    /// The aggregate ownership share by listed parties, through chains of owners, from which a
    /// party counts as listed (greater than 0, at most 1).
    pub share: Decimal,
    /// The instrument that extends the list.
    pub citation: String,
    /// When the extension is in force.
    pub effective: Vec<Window>,
    /// When it is suspended.
    pub suspended: Vec<Window>,
}

/// A country group with dated membership.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's name, e.g. `Country Group D:5`.
    pub title: Option<String>,
    /// The instrument that defines it.
    pub citation: Option<String>,
    /// Its members, each with the dates of its membership.
    pub members: Vec<Membership>,
}

/// One country's membership of a [`Group`].
#[derive(Debug, Clone)]
pub struct Membership {
    /// The member.
    pub country: Country,
    /// The first day of membership (inclusive); `None`: from the start.
    pub from: Option<Date>,
    /// The last day of membership (inclusive); `None`: still a member.
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
    /// The announcement or decision, e.g. `MOFCOM Announcement No. 1 (2025)`.
    pub instrument: String,
    /// The day it was published.
    pub date: crate::Date,
    /// The list ids a scenario declares for a listed party while the measures are in force.
    pub lists: Vec<String>,
    /// What the listing does, in words.
    pub measures: String,
    /// The parties it names, as the sources spell them (a listing may name more).
    pub entities: Vec<String>,
    /// How many parties it listed in all, when known.
    pub count: Option<u32>,
    /// When its measures are in force (a lift ends a window).
    pub effective: Vec<Window>,
    /// Suspensions of its measures.
    pub suspended: Vec<Window>,
    /// Remarks of the pack's author, e.g. on the sources.
    pub note: Option<String>,
}

/// A party list a pack declares (e.g. `CN:control-list`).
#[derive(Debug, Clone)]
pub struct ListInfo {
    /// The list's name, e.g. `Export control list (Art. 28)`.
    pub title: Option<String>,
    /// The instrument that establishes it.
    pub citation: Option<String>,
    /// Remarks of the pack's author.
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

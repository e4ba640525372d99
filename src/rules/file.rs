//! The rule-pack file format (TOML), as serde reads it. Validated into [`super::model`] types.
//!
//! Every table denies unknown keys, so a misspelt key is an error with its line, never a
//! silently ignored condition.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The whole file. The loader reads each of its parts on its own (`parts.rs`), so one bad
/// part does not hide the others' problems; this type names the parts and their keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PackFile {
    pub pack: HeaderFile,
    #[serde(default)]
    pub classes: BTreeMap<String, Spanned<ItemPredFile>>,
    #[serde(default)]
    pub groups: BTreeMap<String, Spanned<GroupFile>>,
    #[serde(default)]
    pub lists: BTreeMap<String, Spanned<ListFile>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleFile>>,
    /// A country chart: destination -> columns marked with an X.
    #[serde(default)]
    pub chart: Option<ChartFile>,
    /// Control-list rows: which codes need a licence to which destinations.
    #[serde(default)]
    pub controls: Vec<Spanned<ControlFile>>,
    /// Values the pack knows beyond the core vocabulary of the file formats (and values of
    /// the core vocabulary it deliberately does not read, such as the end use `civil`).
    #[serde(default)]
    pub vocabulary: Option<VocabularyFile>,
    /// Changes to rules loaded earlier (bundled, or from an earlier pack or this one).
    #[serde(default)]
    pub patches: Vec<Spanned<PatchFile>>,
    /// Dated listings: which instrument put which named parties on which lists, with what
    /// measures and when they were suspended or lifted (`longarm parties find`).
    #[serde(default)]
    pub listings: Vec<Spanned<ListingFile>>,
}

/// One listing: an instrument that put named parties on a list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingFile {
    /// The announcement or decision, e.g. `MOFCOM Announcement No. 1 (2025)`.
    pub instrument: String,
    /// The day it was published.
    pub date: Spanned<toml::Value>,
    /// The list ids a scenario declares for a listed party while the measures are in force.
    pub lists: Vec<Spanned<String>>,
    /// What the listing does, in words.
    pub measures: String,
    /// The parties it names (as the sources spell them; a listing may name more).
    #[serde(default)]
    pub entities: Vec<String>,
    /// How many parties it listed in all, when known.
    #[serde(default)]
    pub count: Option<u32>,
    /// When its measures are in force (default: from `date`, open-ended); a lift ends a window.
    #[serde(default)]
    pub effective: Vec<Spanned<WindowFile>>,
    /// Suspensions of its measures.
    #[serde(default)]
    pub suspended: Vec<Spanned<WindowFile>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyFile {
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub end_uses: Vec<String>,
}

/// A change to a rule loaded earlier: only the given fields are replaced.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchFile {
    /// The id of the rule to change.
    pub rule: Spanned<String>,
    /// Replaces the rule's effective windows.
    #[serde(default)]
    pub effective: Option<Vec<Spanned<WindowFile>>>,
    /// Replaces the rule's suspension windows (`[]` lifts every suspension).
    #[serde(default)]
    pub suspended: Option<Vec<Spanned<WindowFile>>>,
    /// Replaces the threshold of the rule's one content condition.
    #[serde(default)]
    pub threshold: Option<Spanned<String>>,
    #[serde(default)]
    pub review: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub citation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartFile {
    pub jurisdiction: String,
    pub citation: String,
    #[serde(default)]
    pub vintage: Option<Spanned<toml::Value>>,
    /// ISO country code -> marked columns (`NS1`, `RS2`...); every destination of the chart.
    pub countries: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlFile {
    pub jurisdiction: String,
    /// The entry, e.g. `3A001`.
    pub code: String,
    /// The reason for control, e.g. `NS2`, `RS`, `AT1`.
    pub reason: String,
    /// The chart column consulted; absent when `to` names the destinations instead.
    #[serde(default)]
    pub column: Option<String>,
    /// Destinations where the row applies regardless of the chart.
    #[serde(default)]
    pub to: Option<ControlPlaceFile>,
    /// Sub-items the row applies to (empty: the entire entry).
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Sub-items the row excludes.
    #[serde(default)]
    pub except: Vec<String>,
    /// The row also turns on a condition the code does not carry (e.g. "when usable in
    /// missiles"): where it would apply, the answer is unknown rather than yes.
    #[serde(default)]
    pub open: bool,
    /// `false`: a reason for control the pack does not encode (its scope or destinations
    /// cannot be expressed): where it could apply the answer is unknown (pack coverage).
    #[serde(default = "yes")]
    pub encoded: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlPlaceFile {
    #[serde(default)]
    pub worldwide: bool,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub groups: Vec<Spanned<String>>,
    #[serde(default)]
    pub except_groups: Vec<Spanned<String>>,
    /// Destinations excluded by name (e.g. "all destinations except Canada").
    #[serde(default)]
    pub except_countries: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderFile {
    pub id: String,
    pub jurisdiction: String,
    pub title: String,
    /// The date of the sources the pack was encoded from (e.g. an eCFR issue).
    #[serde(default)]
    pub vintage: Option<Spanned<toml::Value>>,
    /// The first date the pack's rules describe the law: before it the jurisdiction is
    /// undetermined (with a `before_coverage` warning), never answered with later law.
    #[serde(default)]
    pub covers_from: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub citation: Option<String>,
    pub members: Vec<MemberFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFile {
    pub country: String,
    #[serde(default)]
    pub from: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub to: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListFile {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub citation: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub citation: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub effect: Spanned<String>,
    /// With `effect = "warning"`: the warning's kind, `exception` (a licence exception may
    /// be available) or `notice`.
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub review: Option<Spanned<String>>,
    /// Applies only when another rule of the jurisdiction reaches the export. A warning
    /// needs reach unless it says `requires_reach = false` (a notice that matters whether or
    /// not the jurisdiction reaches the export, e.g. a listing whose measures the scenario
    /// does not declare).
    #[serde(default)]
    pub requires_reach: Option<bool>,
    #[serde(default)]
    pub obligations: Vec<String>,
    #[serde(default)]
    pub effective: Vec<Spanned<WindowFile>>,
    #[serde(default)]
    pub suspended: Vec<Spanned<WindowFile>>,
    pub when: PredFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowFile {
    pub from: Spanned<toml::Value>,
    #[serde(default)]
    pub to: Option<Spanned<toml::Value>>,
    pub instrument: String,
}

/// A condition on the export: the item, its BOM, the scenario.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PredFile {
    All(Vec<PredFile>),
    Any(Vec<PredFile>),
    Not(Box<PredFile>),
    /// The exported item itself.
    Item(ItemPredFile),
    /// Some component at any depth below the exported item.
    Component(ItemPredFile),
    /// Counted content as a share of the exported item's value.
    Content(ContentFile),
    From(PlaceFile),
    To(PlaceFile),
    Party(PartyFile),
    /// Any of these declared end-use tags.
    EndUse(Vec<String>),
    /// The condition of another rule (by id) holds, e.g. a review article that applies to
    /// the exports its announcement reaches.
    Rule(Spanned<String>),
}

/// A condition on one item.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ItemPredFile {
    All(Vec<ItemPredFile>),
    Any(Vec<ItemPredFile>),
    Not(Box<ItemPredFile>),
    /// Origin is one of these countries.
    Origin(Vec<String>),
    Classification(CodeFile),
    Material(MaterialFile),
    Tag(String),
    MadeWith(MadeWithFile),
    /// A named class of the rule set.
    Class(Spanned<String>),
    /// The item's code under the jurisdiction needs a licence to the scenario's destination
    /// under the control rows and the country chart.
    Licensable(LicensableFile),
    /// The item may contain content it does not break down: its material lists one of the
    /// elements, but it declares no components. Unknown then (its breakdown would settle
    /// it); false otherwise.
    MayContain(MayContainFile),
    /// A fact the BOM and scenario cannot state (e.g. "was this content authorised under
    /// License Exception ENC?"): always unknown (missing: control condition). The text says
    /// which fact.
    Unknown(String),
    /// The as-of date is on or after the day an instrument put items on a list: what makes
    /// an item of a class a listed (e.g. dual-use) item only from that day.
    Listed(ListedFile),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedFile {
    pub from: Spanned<toml::Value>,
    pub instrument: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MayContainFile {
    pub elements: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicensableFile {
    pub jurisdiction: String,
    /// Only rows whose reason starts with one of these (`NS` covers `NS1` and `NS2`); empty:
    /// every reason.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Codes that never need a licence under the rows (e.g. `EAR99`).
    #[serde(default)]
    pub unlisted: Vec<String>,
    /// `true`: whether a row of the reasons covers the code at all, to any destination (the
    /// item "is controlled for NS reasons"), not to the scenario's destination.
    #[serde(default)]
    pub anywhere: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeFile {
    pub jurisdiction: String,
    /// Segment-aware prefixes: `1C902` covers `1C902.a.1`; `1C90` does not cover `1C902`.
    /// Empty: any code under the jurisdiction.
    pub codes: Vec<String>,
    /// How to read an item without a code under `jurisdiction`: `unknown` (default) or `false`.
    #[serde(default)]
    pub missing: Option<Spanned<String>>,
    /// `true`: codes compare on their digits only, as leading prefixes (dots and spaces
    /// ignored): `84` covers `8471.30` and `847130`. For Harmonized System codes.
    #[serde(default)]
    pub digits: bool,
    /// `true`: the codes are only part of a list the pack does not encode whole: a code they
    /// do not cover is unknown (missing: pack coverage), never false.
    #[serde(default)]
    pub partial: bool,
    /// `true`: an item coded above the level of a listed code (`3B001` where `3B001.c` is
    /// listed) is unknown (missing: classification), not false.
    #[serde(default)]
    pub coarse: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialFile {
    /// Any of these forms (empty: any form).
    #[serde(default)]
    pub forms: Vec<String>,
    /// Contains any of these elements (empty: any).
    #[serde(default)]
    pub elements: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MadeWithFile {
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub origins: Vec<String>,
    #[serde(default)]
    pub classification: Option<CodeFile>,
    #[serde(default)]
    pub processes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentFile {
    pub counted: ItemPredFile,
    /// `>=` or `>`.
    pub op: Spanned<String>,
    /// A ratio, as a decimal string (`"0.001"` is 0.1%).
    pub threshold: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceFile {
    #[serde(default)]
    pub countries: Vec<String>,
    /// Country groups of the rule set, membership taken on the as-of date.
    #[serde(default)]
    pub groups: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyFile {
    /// Any of these roles (empty: any role).
    #[serde(default)]
    pub roles: Vec<String>,
    /// On any of these lists (`CN:control-list`; a party on `US:entity-list:fn1` is on
    /// `US:entity-list` too). Empty: no list condition.
    #[serde(default)]
    pub lists: Vec<Spanned<String>>,
    /// Located in one of these countries (the party's `country`; undeclared: unknown).
    /// Empty: any country.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Also a party owned this much or more by listed parties, while the switch is in force.
    #[serde(default)]
    pub affiliates: Option<AffiliatesFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliatesFile {
    /// Aggregate ownership share, e.g. `"0.5"`.
    pub share: Spanned<String>,
    pub citation: String,
    #[serde(default)]
    pub effective: Vec<Spanned<WindowFile>>,
    #[serde(default)]
    pub suspended: Vec<Spanned<WindowFile>>,
}

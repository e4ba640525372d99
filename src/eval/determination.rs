//! The determination: the public JSON contract of `docs/formats.md`, as Rust types.

use crate::rules::Review;
use crate::rules::window::Window;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The answer for one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Determination {
    /// Id of the exported item.
    pub item: String,
    /// The as-of date (`YYYY-MM-DD`): rules were applied as in force on this day.
    #[schemars(with = "crate::Date")]
    pub as_of: String,
    /// The overall answer.
    pub verdict: Verdict,
    /// One outcome per jurisdiction of the loaded packs, in pack order.
    pub jurisdictions: Vec<JurisdictionOutcome>,
    /// What the answer does not cover and a reader must know (always present; may be empty).
    pub warnings: Vec<Warning>,
    /// What produced it: engine, packs, inputs and settings.
    pub receipt: Receipt,
}

/// Something the determination does not cover, or rests on, that a reader must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// `unread_end_use`, `unread_tag`, `unread_list`, `uncovered_classification`,
    /// `undeclared_material`, `vintage`, `before_coverage`, or a kind a pack rule gives
    /// (`exception`: a licence exception may be available; `notice`).
    pub kind: String,
    /// The jurisdiction it concerns, when one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// What the reader must know, in a sentence or two.
    pub message: String,
    /// The pack rule that raised it, for pack warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The legal citation of the rule that raised it, for pack warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Items it concerns (at most [`MAX_WARNING_ITEMS`]; the message gives the count).
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// Items listed in one warning at most, so a million-part BOM gives a short warning.
pub const MAX_WARNING_ITEMS: usize = 20;

/// The overall answer: a licence is required if any jurisdiction requires one; otherwise
/// undetermined if any jurisdiction is; otherwise none is required.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No jurisdiction requires a licence (and none is undetermined).
    NoLicenseRequired,
    /// No jurisdiction requires a licence, and missing facts could make one require it.
    Undetermined,
    /// At least one jurisdiction requires a licence.
    LicenseRequired,
}

impl Verdict {
    /// The name the determination writes: `no_license_required`, `undetermined`, `license_required`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoLicenseRequired => "no_license_required",
            Verdict::Undetermined => "undetermined",
            Verdict::LicenseRequired => "license_required",
        }
    }
}

/// What one jurisdiction's rules decide for the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The jurisdiction does not reach this export.
    NotSubject,
    /// Reached; no licence needed.
    NoLicenseRequired,
    /// Reached; a licence is required (see `review`).
    LicenseRequired,
    /// Reached; an exemption applies (see its obligations).
    Exempt,
    /// Missing facts could change the outcome; the findings list them.
    Undetermined,
}

impl Outcome {
    /// The name the determination writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotSubject => "not_subject",
            Outcome::NoLicenseRequired => "no_license_required",
            Outcome::LicenseRequired => "license_required",
            Outcome::Exempt => "exempt",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// One jurisdiction's answer, with the findings that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JurisdictionOutcome {
    /// The jurisdiction, as its packs name it (`CN`, `US`).
    pub jurisdiction: String,
    /// Its outcome.
    pub outcome: Outcome,
    /// With `license_required`: the most severe review of the requirements that apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// A more severe review that a requirement still open on missing facts would bring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_could_be: Option<Review>,
    /// Obligations of the exemptions that apply.
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    /// The rules that matter to this export: applying, possibly applying, or dormant.
    pub findings: Vec<Finding>,
    /// With explain: every rule of the jurisdiction, whether it applied and why not.
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explained: Vec<RuleTrace>,
}

/// Why a rule matters to this export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// Id of the rule.
    pub rule: String,
    /// Its title, as the pack gives it.
    pub title: String,
    /// Its legal citation (announcement and article, or EAR section).
    pub citation: String,
    /// The rule's effect (`reach`, `license_required`, `exempt`), or `would_apply` for a
    /// rule whose condition holds but which is not in force on the as-of date.
    pub effect: FindingEffect,
    /// `applies` (in force, condition holds), `unknown` (in force, missing facts could make
    /// it hold), `dormant` (condition holds, rule not in force on the date).
    pub status: FindingStatus,
    /// The review of a `license_required` rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// For a content rule: the exact ratio of counted content to the item's value, a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
    /// When the ratio is not exact (missing facts): its lower bound, and its upper bound
    /// when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_bounds: Option<RatioBounds>,
    /// For a content rule: the comparison and threshold, e.g. `>= 0.001`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    /// For a content rule: the counted content, a decimal string in `currency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    /// For a content rule: the item's value, a decimal string in `currency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// The BOM currency of `numerator` and `denominator`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The denominator is the item's derived value (it declares none).
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived_value: bool,
    /// BOM paths that decided it, root first (always present, as in `docs/formats.md`).
    pub paths: Vec<Vec<String>>,
    /// The same paths with what each shows (`counted content`, or the component condition
    /// it satisfies) and, for counted content, its extended value and share of the item's
    /// value.
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Facts of the scenario that decided it (a listed party, a destination group...).
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// Items whose missing facts leave the rule open.
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Missing>,
    /// Obligations an applying exemption brings (reports to file, records to keep).
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    /// For a dormant rule: the window that keeps it from applying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// For a dormant rule: the date it starts or revives, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::Date>")]
    pub applies_from: Option<String>,
    /// How the pack reads the rule (`--notes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The bounds of a ratio that missing facts keep open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RatioBounds {
    /// The lower bound of the ratio, a decimal string.
    pub lo: String,
    /// `None`: unbounded (a value that might be anything).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hi: Option<String>,
}

/// A BOM path with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// What the path shows (`counted content`, or the component condition it satisfies).
    pub what: String,
    /// The BOM path, root first.
    pub path: Vec<String>,
    /// Extended value in the BOM currency (a lower bound when uncertain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `value` as a fraction of the exported item's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

/// For `--explain`: what one rule did on this export, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleTrace {
    /// Id of the rule.
    pub rule: String,
    /// `applies`, `unknown`, `dormant` (would apply but is not in force), `not_applicable`
    /// (in force, its condition fails) or `not_in_force` (not in force, and its condition
    /// would not hold either).
    pub status: TraceStatus,
    /// For a rule that does not apply: the condition that failed, with its numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a rule not in force: why (its window), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

/// An item whose missing facts leave a rule open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Missing {
    /// Id of the item.
    pub item: String,
    /// The facts it lacks; any one of them may settle the rule.
    pub facts: Vec<Fact>,
}

/// What produced the determination: engine, the exact packs and inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Receipt {
    /// The engine that made it: `longarm` and its version.
    pub engine: String,
    /// The as-of date (`YYYY-MM-DD`).
    #[schemars(with = "crate::Date")]
    pub as_of: String,
    /// Every pack loaded, in load order.
    pub packs: Vec<PackReceipt>,
    /// The scenario and BOM it was made from, so that it can be replayed byte for byte
    /// (`longarm check --replay`). Absent when neither was read from text.
    #[serde(default)]
    #[serde(skip_serializing_if = "Inputs::is_empty")]
    pub inputs: Inputs,
    /// How the evaluation was asked to read its inputs, so that a replay asks the same
    /// (`check --explain`, `--strict-materials`, whether the bundled packs were loaded).
    /// Always written; optional in the schema, as receipts made before `bundled` was
    /// recorded omitted it when default.
    #[serde(skip_serializing_if = "always_written")]
    pub settings: Settings,
}

/// Evaluation settings a replay must repeat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Settings {
    /// Every rule was explained (`explained` in each jurisdiction).
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub explain: bool,
    /// Parts that declare no material were read as unknown (from the BOM's or the scenario's
    /// `assume`, or `--strict-materials`).
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub strict_materials: bool,
    /// The complete bundled set of packs was loaded, first (`false` with `--no-bundled`).
    /// Always written; a receipt without it (made before it was recorded) is read as
    /// bundled when it names a `bundled:` pack.
    #[serde(skip_serializing_if = "always_written")]
    pub bundled: bool,
}

/// A receipt as read: `settings` and `settings.bundled` may be absent in documents made
/// before they were recorded, and absent `bundled` is read as bundled when the receipt names a
/// `bundled:` pack (as `longarm check --replay` reads it).
#[derive(Deserialize)]
struct SavedReceipt {
    engine: String,
    as_of: String,
    packs: Vec<PackReceipt>,
    #[serde(default)]
    inputs: Inputs,
    #[serde(default)]
    settings: SavedSettings,
}

#[derive(Default, Deserialize)]
struct SavedSettings {
    #[serde(default)]
    explain: bool,
    #[serde(default)]
    strict_materials: bool,
    bundled: Option<bool>,
}

impl<'de> Deserialize<'de> for Receipt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Receipt, D::Error> {
        let saved = SavedReceipt::deserialize(d)?;
        let bundled = saved
            .settings
            .bundled
            .unwrap_or_else(|| saved.packs.iter().any(|p| p.source.starts_with("bundled:")));
        Ok(Receipt {
            engine: saved.engine,
            as_of: saved.as_of,
            packs: saved.packs,
            inputs: saved.inputs,
            settings: Settings {
                explain: saved.settings.explain,
                strict_materials: saved.settings.strict_materials,
                bundled,
            },
        })
    }
}

/// Never skips: marks a field written by every version since it was added but optional in
/// the schema (older documents lack it), so the contract stays additive.
fn always_written<T>(_: &T) -> bool {
    false
}

impl Settings {
    /// Whether every setting is the default.
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// One loaded pack: its id, where it came from, and the SHA-256 of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PackReceipt {
    /// The pack's id.
    pub id: String,
    /// Where it came from: `bundled:NAME` or the file path as given.
    pub source: String,
    /// SHA-256 (hex) of the pack's text.
    pub sha256: String,
}

/// The inputs of a determination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Inputs {
    /// Absent for a scenario written inline in a case file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<InputReceipt>,
    /// Absent for a BOM written inline in the scenario: the scenario's hash covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bom: Option<InputReceipt>,
}

impl Inputs {
    /// Whether neither input was recorded.
    pub fn is_empty(&self) -> bool {
        self.scenario.is_none() && self.bom.is_none()
    }

    pub(crate) fn of(bom: &crate::Bom, scenario: &crate::Scenario) -> Inputs {
        let path = |p: Option<&std::path::Path>| p.map(|p| p.display().to_string());
        Inputs {
            scenario: scenario.sha256().map(|sha256| InputReceipt {
                source: path(scenario.source()),
                sha256: sha256.to_owned(),
                text: scenario.kept_text().map(str::to_owned),
            }),
            bom: bom.sha256().map(|sha256| InputReceipt {
                source: path(bom.source()),
                sha256: sha256.to_owned(),
                text: None,
            }),
        }
    }
}

/// One input file (or text) of a determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InputReceipt {
    /// The file it was read from, as given (a relative path is relative to the directory the
    /// command ran in; a BOM path named by a scenario file is joined to that file's
    /// directory). Absent for text not read from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// SHA-256 of the text read, hex.
    pub sha256: String,
    /// The scenario's JSON text, for a scenario that was not a file (`check` with flags).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A finding's effect: the rule's effect, or `would_apply` for a rule whose condition holds
/// but which is not in force on the as-of date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Effect")]
pub enum FindingEffect {
    /// The rule makes the export subject to its jurisdiction.
    Reach,
    /// The rule requires a licence.
    LicenseRequired,
    /// The rule exempts the export (its obligations apply).
    Exempt,
    /// The rule's condition holds, but it is not in force on the date (`dormant`).
    WouldApply,
}

/// Whether a finding's rule applies: `applies` (in force, condition holds), `unknown` (in
/// force, missing facts could make it hold), `dormant` (condition holds, rule not in force on
/// the date).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Status")]
pub enum FindingStatus {
    /// In force, and its condition holds.
    Applies,
    /// In force; missing facts could make its condition hold.
    Unknown,
    /// Its condition holds, but it is not in force on the date.
    Dormant,
}

/// What one rule did on an export (`--explain`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "TraceStatus")]
pub enum TraceStatus {
    /// In force, and its condition holds.
    Applies,
    /// In force; missing facts could make its condition hold.
    Unknown,
    /// Its condition holds, but it is not in force on the date.
    Dormant,
    /// In force; its condition fails.
    NotApplicable,
    /// Not in force, and its condition would not hold either.
    NotInForce,
}

/// A fact an item lacks, which leaves a rule open.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[schemars(rename = "Fact")]
pub enum Fact {
    /// Its country of origin.
    #[serde(rename = "origin")]
    Origin,
    /// Its unit value.
    #[serde(rename = "value")]
    Value,
    /// A classification code.
    #[serde(rename = "classification")]
    Classification,
    /// The form of its declared material.
    #[serde(rename = "material form")]
    MaterialForm,
    /// The process of a `made_with` entry.
    #[serde(rename = "process")]
    Process,
    /// A condition of a control row that its code does not carry.
    #[serde(rename = "control condition")]
    ControlCondition,
    /// Its material (a part declaring none, read as unknown).
    #[serde(rename = "material")]
    Material,
    /// Its breakdown into components carrying the elements its material lists.
    #[serde(rename = "breakdown")]
    Breakdown,
    /// Not a fact of the BOM: the loaded packs do not encode its code.
    #[serde(rename = "pack coverage of its code")]
    Coverage,
    /// The elements of its declared material.
    #[serde(rename = "material elements")]
    Elements,
}

/// The text each enum writes, for text output and comparisons with case files.
macro_rules! names {
    ($($t:ty { $($v:ident => $s:literal),+ $(,)? })+) => {$(
        impl $t {
            /// The name the determination writes.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

names! {
    FindingEffect {
        Reach => "reach",
        LicenseRequired => "license_required",
        Exempt => "exempt",
        WouldApply => "would_apply",
    }
    FindingStatus { Applies => "applies", Unknown => "unknown", Dormant => "dormant" }
    TraceStatus {
        Applies => "applies",
        Unknown => "unknown",
        Dormant => "dormant",
        NotApplicable => "not_applicable",
        NotInForce => "not_in_force",
    }
    Fact {
        Origin => "origin",
        Value => "value",
        Classification => "classification",
        MaterialForm => "material form",
        Process => "process",
        ControlCondition => "control condition",
        Material => "material",
        Breakdown => "breakdown",
        Coverage => "pack coverage of its code",
        Elements => "material elements",
    }
}

impl Fact {
    /// Every fact, in the order of [`crate::Facts`].
    pub const ALL: [Fact; 10] = [
        Fact::Origin,
        Fact::Value,
        Fact::Classification,
        Fact::MaterialForm,
        Fact::Process,
        Fact::ControlCondition,
        Fact::Material,
        Fact::Breakdown,
        Fact::Coverage,
        Fact::Elements,
    ];

    /// The facts of a set, in order.
    pub fn of(facts: crate::Facts) -> impl Iterator<Item = Fact> {
        let names: Vec<&'static str> = facts.names().collect();
        Fact::ALL
            .into_iter()
            .filter(move |f| names.contains(&f.as_str()))
    }
}

impl FindingEffect {
    /// The finding effect of a rule's effect; `None` for a warning rule, which makes a
    /// warning, never a finding.
    pub(crate) fn of(effect: crate::rules::Effect) -> Option<FindingEffect> {
        match effect {
            crate::rules::Effect::Reach => Some(FindingEffect::Reach),
            crate::rules::Effect::LicenseRequired => Some(FindingEffect::LicenseRequired),
            crate::rules::Effect::Exempt => Some(FindingEffect::Exempt),
            crate::rules::Effect::Warning => None,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

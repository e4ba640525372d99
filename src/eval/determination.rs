//! The determination: the public JSON contract of `design.md`, as Rust types.

use crate::rules::window::Window;
use serde::Serialize;

/// The answer for one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Determination {
    pub item: String,
    pub as_of: String,
    pub verdict: Verdict,
    pub jurisdictions: Vec<JurisdictionOutcome>,
    /// What the answer does not cover and a reader must know (always present; may be empty).
    pub warnings: Vec<Warning>,
    pub receipt: Receipt,
}

/// Something the determination does not cover, or rests on, that a reader must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `unread_end_use`, `unread_tag`, `unread_list`, `uncovered_classification`,
    /// `undeclared_material`, `vintage`, `before_coverage`, or a kind a pack rule gives
    /// (`exception`: a licence exception may be available; `notice`).
    pub kind: String,
    /// The jurisdiction it concerns, when one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    pub message: String,
    /// The pack rule that raised it, for pack warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Items it concerns (at most [`MAX_WARNING_ITEMS`]; the message gives the count).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// Items listed in one warning at most, so a million-part BOM gives a short warning.
pub const MAX_WARNING_ITEMS: usize = 20;

/// The overall answer: a licence is required if any jurisdiction requires one; otherwise
/// undetermined if any jurisdiction is; otherwise none is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    NoLicenseRequired,
    Undetermined,
    LicenseRequired,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoLicenseRequired => "no_license_required",
            Verdict::Undetermined => "undetermined",
            Verdict::LicenseRequired => "license_required",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The jurisdiction does not reach this export.
    NotSubject,
    /// Reached; no licence needed.
    NoLicenseRequired,
    LicenseRequired,
    /// Reached; an exemption applies (see its obligations).
    Exempt,
    /// Missing facts could change the outcome; the findings list them.
    Undetermined,
}

impl Outcome {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JurisdictionOutcome {
    pub jurisdiction: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<&'static str>,
    /// A more severe review that a requirement still open on missing facts would bring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_could_be: Option<&'static str>,
    /// Obligations of the exemptions that apply.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    pub findings: Vec<Finding>,
    /// With explain: every rule of the jurisdiction, whether it applied and why not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explained: Vec<RuleTrace>,
}

/// Why a rule matters to this export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub citation: String,
    /// The rule's effect (`reach`, `license_required`, `exempt`), or `would_apply` for a
    /// rule whose condition holds but which is not in force on the as-of date.
    pub effect: &'static str,
    /// `applies` (in force, condition holds), `unknown` (in force, missing facts could make
    /// it hold), `dormant` (condition holds, rule not in force on the date).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
    /// When the ratio is not exact (missing facts): its lower bound, and its upper bound
    /// when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_bounds: Option<RatioBounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The denominator is the item's derived value (it declares none).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived_value: bool,
    /// BOM paths that decided it, root first (always present, as in `design.md`).
    pub paths: Vec<Vec<String>>,
    /// The same paths with what each shows (`counted content`, or the component condition
    /// it satisfies) and, for counted content, its extended value and share of the item's
    /// value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Facts of the scenario that decided it (a listed party, a destination group...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// Items whose missing facts leave the rule open.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Missing>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    /// For a dormant rule: the window that keeps it from applying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// For a dormant rule: the date it starts or revives, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The bounds of a ratio that missing facts keep open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatioBounds {
    pub lo: String,
    /// `None`: unbounded (a value that might be anything).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hi: Option<String>,
}

/// A BOM path with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub what: String,
    pub path: Vec<String>,
    /// Extended value in the BOM currency (a lower bound when uncertain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `value` as a fraction of the exported item's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

/// For `--explain`: what one rule did on this export, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleTrace {
    pub rule: String,
    /// `applies`, `unknown`, `dormant` (would apply but is not in force), `not_applicable`
    /// (in force, its condition fails) or `not_in_force` (not in force, and its condition
    /// would not hold either).
    pub status: &'static str,
    /// For a rule that does not apply: the condition that failed, with its numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a rule not in force: why (its window), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub item: String,
    pub facts: Vec<&'static str>,
}

/// What produced the determination: engine and the exact packs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub engine: String,
    pub as_of: String,
    pub packs: Vec<PackReceipt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackReceipt {
    pub id: String,
    pub source: String,
    pub sha256: String,
}

//! The determination: the public JSON contract of `design.md`, as Rust types.

use crate::rules::window::Window;
use schemars::JsonSchema;
use serde::Serialize;

/// The answer for one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Determination {
    pub item: String,
    pub as_of: String,
    pub verdict: Verdict,
    pub jurisdictions: Vec<JurisdictionOutcome>,
    pub receipt: Receipt,
}

/// The overall answer: a licence is required if any jurisdiction requires one; otherwise
/// undetermined if any jurisdiction is; otherwise none is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct JurisdictionOutcome {
    pub jurisdiction: String,
    pub outcome: Outcome,
    /// With `license_required`: the most severe review of the requirements that apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::schema::ReviewName>")]
    pub review: Option<&'static str>,
    /// A more severe review that a requirement still open on missing facts would bring.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::schema::ReviewName>")]
    pub review_could_be: Option<&'static str>,
    /// Obligations of the exemptions that apply.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Why a rule matters to this export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub citation: String,
    /// The rule's effect (`reach`, `license_required`, `exempt`), or `would_apply` for a
    /// rule whose condition holds but which is not in force on the as-of date.
    #[schemars(with = "crate::schema::EffectName")]
    pub effect: &'static str,
    /// `applies` (in force, condition holds), `unknown` (in force, missing facts could make
    /// it hold), `dormant` (condition holds, rule not in force on the date).
    #[schemars(with = "crate::schema::StatusName")]
    pub status: &'static str,
    /// The review of a `license_required` rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::schema::ReviewName>")]
    pub review: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Missing {
    pub item: String,
    #[schemars(with = "Vec<crate::schema::FactName>")]
    pub facts: Vec<&'static str>,
}

/// What produced the determination: engine and the exact packs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Receipt {
    pub engine: String,
    pub as_of: String,
    pub packs: Vec<PackReceipt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PackReceipt {
    pub id: String,
    pub source: String,
    pub sha256: String,
}

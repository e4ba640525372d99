//! The determination: the public JSON contract of `docs/formats.md`, as Rust types.

use crate::rules::window::Window;
use schemars::JsonSchema;
use serde::Serialize;

/// The answer for one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Determination {
    pub item: String,
    #[schemars(with = "crate::Date")]
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
    /// BOM paths that decided it, root first (always present, as in `docs/formats.md`).
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
    #[schemars(with = "Option<crate::Date>")]
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

/// What produced the determination: engine, the exact packs and inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Receipt {
    pub engine: String,
    #[schemars(with = "crate::Date")]
    pub as_of: String,
    pub packs: Vec<PackReceipt>,
    /// The scenario and BOM it was made from, so that it can be replayed byte for byte
    /// (`longarm check --replay`). Absent when neither was read from text.
    #[serde(skip_serializing_if = "Inputs::is_empty")]
    pub inputs: Inputs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PackReceipt {
    pub id: String,
    pub source: String,
    pub sha256: String,
}

/// The inputs of a determination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Inputs {
    /// Absent for a scenario written inline in a case file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<InputReceipt>,
    /// Absent for a BOM written inline in the scenario: the scenario's hash covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bom: Option<InputReceipt>,
}

impl Inputs {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
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

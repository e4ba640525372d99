//! Test cases for rule maintainers: a scenario and what the determination must say, as data.
//!
//! A case file (TOML or JSON) holds any number of cases:
//!
//! ```toml
//! [[cases]]
//! name = "motor to Germany after the No. 70 suspension"
//! scenario = "../examples/motor.scenario.json"   # relative to this file, or an inline table
//! date = 2026-12-01                               # optional: overrides the scenario's date
//! verdict = "license_required"                    # optional
//!
//! [cases.jurisdictions.CN]
//! outcome = "license_required"                    # optional
//! review = "presumption_of_denial"                # optional
//! rules = ["cn.mofcom.2025-61.art1-1"]            # must apply
//! dormant = []                                    # must be reported as would_apply
//! absent = []                                     # must not be reported at all
//! ```
//!
//! [`load_cases`] reads them (every problem with its path and line), [`run_case`] evaluates
//! one against a rule set and lists every way the determination differs.

mod diff;
mod load;

pub use diff::{Change, RuleChange, changes, diff};
pub use load::{case_files, cases_from_str, load_cases, load_cases_with_limits};

use crate::eval::{Determination, evaluate};
use crate::{RuleSet, Scenario};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One test case.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Case {
    /// What the case checks, in words; shown in test reports.
    pub name: String,
    /// The case file it came from.
    pub file: Option<PathBuf>,
    /// The export evaluated, its date already replaced by the case's `date` if it gives one.
    pub scenario: Scenario,
    /// The verdict expected (`no_license_required`, `undetermined` or `license_required`);
    /// `None`: not checked.
    pub verdict: Option<String>,
    /// What each jurisdiction's outcome must be, by jurisdiction (`CN`, `US`).
    pub jurisdictions: BTreeMap<String, Expect>,
}

/// What one jurisdiction's outcome must be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Expect {
    /// The outcome expected (`not_subject`, `no_license_required`, `license_required`,
    /// `exempt` or `undetermined`); `None`: not checked.
    pub outcome: Option<String>,
    /// The licence review expected (`approval`, `case_by_case`, `presumption_of_denial` or
    /// `denial`); `None`: not checked.
    pub review: Option<String>,
    /// Rules that must apply.
    pub rules: Vec<String>,
    /// Rules that must be reported as dormant (would apply, but not in force on the date).
    pub dormant: Vec<String>,
    /// Rules that must not be reported at all.
    pub absent: Vec<String>,
}

/// The result of running one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// The case file it came from.
    pub file: Option<PathBuf>,
    /// Every way the determination differs from the expectation; empty when it passed.
    pub failures: Vec<String>,
    /// The determination, when the case could be evaluated.
    pub determination: Option<Determination>,
}

impl CaseResult {
    /// Whether the determination met every expectation of the case.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// Whether the case could not be run at all: its BOM could not be loaded or its
    /// evaluation failed (the failures say why). An error, not a failed expectation.
    pub fn errored(&self) -> bool {
        self.determination.is_none()
    }
}

/// Evaluates `case` with `rules` and compares.
///
/// Never fails: a BOM that cannot be loaded, an evaluation that fails, or an expectation
/// naming a rule that is not loaded is a failure of the result.
///
/// # Example
///
/// ```
/// use longarm::RuleSet;
/// use longarm::testing::{load_cases, run_case};
/// use std::path::Path;
///
/// let rules = RuleSet::bundled()?;
/// let cases = load_cases(Path::new("examples/cases/motor.cases.toml"))?;
/// let result = run_case(&cases[0], &rules);
/// assert!(result.passed(), "{:?}", result.failures);
/// let determination = result.determination.expect("evaluated");
/// assert_eq!(determination.verdict.as_str(), "license_required");
/// # Ok::<(), longarm::LoadError>(())
/// ```
pub fn run_case(case: &Case, rules: &RuleSet) -> CaseResult {
    let mut result = CaseResult {
        name: case.name.clone(),
        file: case.file.clone(),
        failures: Vec::new(),
        determination: None,
    };
    let bom = match case.scenario.load_bom() {
        Ok(bom) => bom,
        Err(e) => {
            result.failures.push(format!("cannot load the BOM: {e}"));
            return result;
        }
    };
    let d = match evaluate(&bom, &case.scenario, rules) {
        Ok(d) => d,
        Err(e) => {
            result.failures.push(format!("cannot evaluate: {e}"));
            return result;
        }
    };
    if let Some(verdict) = &case.verdict
        && verdict != d.verdict.as_str()
    {
        result.failures.push(format!(
            "verdict: expected `{verdict}`, got `{}`",
            d.verdict.as_str()
        ));
    }
    for (j, expect) in &case.jurisdictions {
        let Some(actual) = d.jurisdictions.iter().find(|o| &o.jurisdiction == j) else {
            result
                .failures
                .push(format!("{j}: no rules of this jurisdiction were loaded"));
            continue;
        };
        if let Some(outcome) = &expect.outcome
            && outcome != actual.outcome.as_str()
        {
            result.failures.push(format!(
                "{j} outcome: expected `{outcome}`, got `{}`",
                actual.outcome.as_str()
            ));
        }
        if let Some(review) = &expect.review
            && Some(review.as_str()) != actual.review.map(|r| r.as_str())
        {
            result.failures.push(format!(
                "{j} review: expected `{review}`, got `{}`",
                actual.review.map_or("none", |r| r.as_str())
            ));
        }
        for rule in expect
            .rules
            .iter()
            .chain(&expect.dormant)
            .chain(&expect.absent)
        {
            if rules.rule(rule).is_none() {
                result.failures.push(format!(
                    "{j}: no rule `{rule}` in the loaded packs{}",
                    crate::doc::read::closest(rule, rules.rules().iter().map(|r| r.id.as_str()))
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default()
                ));
            }
        }
        let status = |rule: &str| {
            actual
                .findings
                .iter()
                .filter(|f| f.rule == rule)
                .map(|f| f.status.as_str())
                .collect::<Vec<_>>()
        };
        let show = |s: &[&str]| {
            if s.is_empty() {
                "not reported".to_owned()
            } else {
                s.join(", ")
            }
        };
        for rule in &expect.rules {
            let s = status(rule);
            if !s.contains(&"applies") {
                result
                    .failures
                    .push(format!("{j}: `{rule}` must apply; {}", show(&s)));
            }
        }
        for rule in &expect.dormant {
            let s = status(rule);
            if !s.contains(&"dormant") {
                result.failures.push(format!(
                    "{j}: `{rule}` must be dormant (would apply); {}",
                    show(&s)
                ));
            }
        }
        for rule in &expect.absent {
            let s = status(rule);
            if !s.is_empty() {
                result
                    .failures
                    .push(format!("{j}: `{rule}` must not be reported; {}", show(&s)));
            }
        }
    }
    result.determination = Some(d);
    result
}

//! Evaluating inline BOMs and scenarios against the bundled packs.

use longarm::{Bom, Determination, Outcome, RuleSet, Scenario, evaluate};
use std::sync::OnceLock;

/// The bundled rule set, parsed once per test binary.
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::bundled().unwrap())
}

/// The determination for `item` of the JSON `bom`, exported `from` -> `to` on `date`; `extra`
/// is spliced into the scenario object (e.g. `, "end_uses": ["military"]`).
pub fn check(
    bom: &str,
    item: &str,
    from: &str,
    to: &str,
    date: &str,
    extra: &str,
) -> Determination {
    let bom = Bom::from_json_str(bom).unwrap();
    let scenario = Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "{item}", "from": "{from}", "to": "{to}", "date": "{date}" {extra} }}"#
    ))
    .unwrap();
    evaluate(&bom, &scenario, rules()).unwrap()
}

/// A jurisdiction's (outcome, review, [(rule, status)]).
pub fn outcome_of(
    d: &Determination,
    jurisdiction: &str,
) -> (Outcome, Option<&'static str>, Vec<(String, &'static str)>) {
    let j = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == jurisdiction)
        .unwrap();
    (
        j.outcome,
        j.review,
        j.findings
            .iter()
            .map(|f| (f.rule.clone(), f.status))
            .collect(),
    )
}

/// The status of `rule`'s finding in `jurisdiction`, if it has one.
pub fn status_of(d: &Determination, jurisdiction: &str, rule: &str) -> Option<&'static str> {
    outcome_of(d, jurisdiction)
        .2
        .into_iter()
        .find(|(r, _)| r == rule)
        .map(|(_, s)| s)
}

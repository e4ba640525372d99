//! Evaluating inline BOMs and scenarios against the bundled packs.

use longarm::{Bom, Determination, EvalError, Outcome, RuleSet, Scenario, evaluate};
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
        j.review.map(|r| r.as_str()),
        j.findings
            .iter()
            .map(|f| (f.rule.clone(), f.status.as_str()))
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

/// A motor of a VN housing and a JP NdFeB-Dy magnet holding 0.04 kg of Chinese Dy (22.40 USD of
/// 1500.00 counted: 1.49%).
pub const MOTOR: &str = r#"{ "currency": "USD", "items": [
  { "id": "MOTOR", "origin": "VN", "value": "1500.00",
    "components": [ { "item": "MAGNET", "quantity": "1.6" }, { "item": "HOUSING", "quantity": "1" } ] },
  { "id": "MAGNET", "origin": "JP", "value": "60.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
    "components": [ { "item": "DY", "quantity": "0.04" } ] },
  { "id": "DY", "origin": "CN", "value": "350.00", "material": { "form": "metal", "elements": ["Dy"] } },
  { "id": "HOUSING", "origin": "VN", "value": "120.00" } ] }"#;

/// A scenario exporting `item` `from` -> `to` on `date`; `extra` is spliced into the object.
pub fn scenario(item: &str, from: &str, to: &str, date: &str, extra: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "{item}", "from": "{from}", "to": "{to}", "date": "{date}" {extra} }}"#
    ))
    .unwrap()
}

/// `evaluate` of the JSON `bom` against the bundled packs.
pub fn eval(bom: &str, s: &Scenario) -> Result<Determination, EvalError> {
    evaluate(&Bom::from_json_str(bom).unwrap(), s, rules())
}

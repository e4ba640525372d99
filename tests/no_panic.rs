//! Malformed packs, scenarios and their combinations never make the library panic.

use longarm::{Bom, RuleSet, Scenario, evaluate};
use proptest::prelude::*;

const PACK: &str = include_str!("packs/test-cn.toml");
const BOM: &str = include_str!("../examples/motor.bom.json");
const SCENARIO: &str = r#"{ "bom": "x.json", "item": "MOTOR-200", "from": "VN", "to": "DE",
  "date": "2026-12-01", "end_uses": ["humanitarian"],
  "parties": [ { "id": "b", "roles": ["purchaser"], "owners": [ { "party": "p", "share": "0.6" } ] },
               { "id": "p", "lists": ["CN:control-list"], "owners": [ { "party": "b", "share": "0.5" } ] } ] }"#;

fn mutate(text: &str, at: usize, len: usize, with: &str) -> String {
    let start = text.floor_char_boundary(at.min(text.len()));
    let end = text.floor_char_boundary((start + len).min(text.len()));
    format!("{}{}{}", &text[..start], with, &text[end..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_pack_text(text in ".{0,300}") {
        let _ = RuleSet::from_toml_strs(&[&text]);
        let _ = Scenario::from_json_str(&text);
        let _ = Scenario::from_toml_str(&text);
    }

    #[test]
    fn mutated_pack_and_scenario_evaluate_or_fail_cleanly(
        at in 0usize..PACK.len(), len in 0usize..30, with in "[\\[\\]{}\",=:0-9a-zA-Z.\\- ]{0,10}",
        sat in 0usize..SCENARIO.len(), slen in 0usize..20, swith in "[\\[\\]{}\",:0-9a-zA-Z.\\-]{0,6}",
    ) {
        let bom = Bom::from_json_str(BOM).unwrap();
        let pack = mutate(PACK, at, len, &with);
        let scenario = mutate(SCENARIO, sat, slen, &swith);
        if let (Ok(rules), Ok(scenario)) = (RuleSet::from_toml_strs(&[&pack]), Scenario::from_json_str(&scenario)) {
            let _ = evaluate(&bom, &scenario, &rules);
        }
    }
}

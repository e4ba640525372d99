//! Malformed packs, scenarios and their combinations never make the library panic.
//!
//! The fuzz targets of `fuzz/` need a nightly toolchain; this is their stable fallback, run by
//! `cargo test`: the same bodies (`fuzz/harness.rs`) over mutated samples and over the same
//! structured BOM generator, for a few hundred cases each.

use longarm::{Bom, RuleSet, Scenario, evaluate};
use proptest::prelude::*;
use std::sync::LazyLock;

#[path = "../fuzz/harness.rs"]
mod harness;

static BUNDLED: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::bundled().unwrap());

/// Seeds for the text targets: a BOM in each format, a scenario, a case file, a pack.
const SAMPLES: &[&str] = &[
    include_str!("../examples/motor.bom.json"),
    include_str!("../examples/cn-exports.bom.toml"),
    include_str!("../examples/motor.scenario.json"),
    include_str!("../examples/cases/motor.cases.toml"),
    include_str!("packs/test-cn.toml"),
];

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

    #[test]
    fn mutated_samples_load_or_fail_cleanly(
        sample in 0..SAMPLES.len(), at in 0usize..20_000, len in 0usize..40,
        with in "[\\[\\]{}\",=:0-9a-zA-Z.\\- \n\u{0}\u{1b}\u{feff}]{0,12}",
    ) {
        let text = mutate(SAMPLES[sample], at, len, &with);
        harness::bom_json(&text);
        harness::bom_toml(&text);
        harness::scenario(&text);
        harness::pack(&text);
        harness::cases(&text, &BUNDLED);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn structured_boms_evaluate_deterministically(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        harness::structured(&data, &BUNDLED);
    }
}

/// The structured generator reaches the rules: over a fixed set of inputs, every verdict
/// occurs (a generator that only built invalid files would test nothing).
#[test]
fn the_structured_generator_reaches_every_verdict() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0u32..400 {
        let data: Vec<u8> = (0..600u32)
            .map(|i| {
                (seed
                    .wrapping_mul(2_654_435_761)
                    .wrapping_add(i.wrapping_mul(40_503))
                    >> 7) as u8
            })
            .collect();
        let (bom, scenario) = harness::build(&data);
        let bom = Bom::from_json_str(&bom).unwrap_or_else(|e| panic!("{e}\n{bom}"));
        let scenario =
            Scenario::from_json_str(&scenario).unwrap_or_else(|e| panic!("{e}\n{scenario}"));
        if let Ok(d) = evaluate(&bom, &scenario, &BUNDLED) {
            seen.insert(format!("{:?}", d.verdict));
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
}

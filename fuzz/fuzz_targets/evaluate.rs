//! A BOM, a scenario and a pack from one input (split at the first two NUL bytes): when all
//! three load, evaluation with explanations, and its text and JSON, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut parts = text.splitn(3, '\0');
    let (Some(bom), Some(scenario), Some(pack)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let (Ok(bom), Ok(scenario), Ok(rules)) = (
        longarm::Bom::from_json_str(bom),
        longarm::Scenario::from_json_str(scenario),
        longarm::RuleSet::from_toml_strs(&[pack]),
    ) else {
        return;
    };
    if let Ok(d) =
        longarm::evaluate_with(&bom, &scenario, &rules, longarm::EvalOptions::EXPLAIN)
    {
        let _ = longarm::eval::text::render_with(
            &d,
            longarm::eval::text::TextOptions::new(false, true),
        );
        let _ = longarm::replay::render_json(&d);
    }
});

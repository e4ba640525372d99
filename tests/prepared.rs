//! The prepared engine gives what a fresh evaluation gives, byte for byte, whatever order the
//! scenarios come in and whatever its cache already holds: every sample case (each on its own
//! date), evaluated through one `Prepared` per BOM forwards, backwards and again, with and
//! without explanations, against `evaluate` on a fresh engine each time.

use longarm::{Bom, Engine, EvalOptions, RuleSet, evaluate_with};
use std::collections::BTreeMap;

#[test]
fn prepared_evaluations_equal_fresh_ones_in_any_order() {
    let rules = RuleSet::bundled().unwrap();
    let cases = longarm::testing::load_cases(std::path::Path::new("examples/cases")).unwrap();
    // Cases by BOM file, so each group shares one prepared BOM.
    let mut groups: BTreeMap<String, Vec<&longarm::testing::Case>> = BTreeMap::new();
    for case in &cases {
        let key = match &case.scenario.bom {
            longarm::BomSource::Path(p) => p.display().to_string(),
            longarm::BomSource::Inline(_) | longarm::BomSource::Given => {
                format!("inline {}", case.name)
            }
        };
        groups.entry(key).or_default().push(case);
    }
    let engine = Engine::new(&rules);
    let mut compared = 0;
    for (name, group) in &groups {
        let bom: Bom = group[0].scenario.load_bom().unwrap();
        let prepared = engine.prepare(&bom);
        for options in [EvalOptions::default(), EvalOptions::EXPLAIN] {
            let order: Vec<&&longarm::testing::Case> = group
                .iter()
                .chain(group.iter().rev())
                .chain(group.iter())
                .collect();
            for case in order {
                let fresh = evaluate_with(&bom, &case.scenario, &rules, options);
                let cached = prepared.evaluate_with(&case.scenario, options);
                match (fresh, cached) {
                    (Ok(a), Ok(b)) => assert_eq!(
                        longarm::replay::render_json(&a),
                        longarm::replay::render_json(&b),
                        "{name}: {}",
                        case.name
                    ),
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => panic!("{}: {a:?} vs {b:?}", case.name),
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 600, "{compared}");
}

#[test]
fn a_prepared_bom_is_shared_across_threads() {
    let rules = RuleSet::bundled().unwrap();
    let bom = Bom::from_path("examples/motor.bom.json").unwrap();
    let engine = Engine::new(&rules);
    let prepared = engine.prepare(&bom);
    let scenario = |to: &str, date: &str| {
        longarm::Scenario::from_json_str(&format!(
            r#"{{ "bom": "x.json", "item": "MOTOR-200", "from": "VN", "to": "{to}", "date": "{date}" }}"#
        ))
        .unwrap()
    };
    let inputs: Vec<_> = ["DE", "US", "CN", "RU", "JP"]
        .iter()
        .flat_map(|to| ["2025-11-07", "2025-11-08", "2026-12-01"].map(|d| scenario(to, d)))
        .collect();
    let expected: Vec<String> = inputs
        .iter()
        .map(|s| longarm::replay::render_json(&longarm::evaluate(&bom, s, &rules).unwrap()))
        .collect();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for (s, want) in inputs.iter().zip(&expected).rev() {
                    let got = longarm::replay::render_json(&prepared.evaluate(s).unwrap());
                    assert_eq!(&got, want);
                }
            });
        }
    });
}

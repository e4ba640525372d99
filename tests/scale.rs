//! Evaluation at scale with the bundled packs (ignored by default: run with
//! `cargo test --release --test scale -- --ignored --nocapture`).

mod common;

use longarm::{Bom, RuleSet, Scenario, evaluate};
use std::time::Instant;

#[test]
#[ignore = "a measurement, not a check: minutes in debug builds"]
fn evaluate_synthetic_boms_with_the_bundled_packs() {
    let rules = RuleSet::bundled().unwrap();
    for items in [10_000usize, 100_000] {
        let bom = Bom::from_json_str(&common::synth::generate(items, 7)).unwrap();
        let scenario = Scenario::from_json_str(
            r#"{ "bom": "x.json", "item": "ROOT", "from": "VN", "to": "CN", "date": "2026-12-01" }"#,
        )
        .unwrap();
        let start = Instant::now();
        let d = evaluate(&bom, &scenario, &rules).unwrap();
        eprintln!(
            "{items} items, {} edges: evaluate {:?}, verdict {}",
            bom.edge_count(),
            start.elapsed(),
            d.verdict.as_str()
        );
    }
}

#[test]
#[ignore = "a measurement, not a check"]
fn scenarios_per_second_on_one_bom() {
    let rules = RuleSet::bundled().unwrap();
    let bom = Bom::from_json_str(&common::synth::generate(1_000, 7)).unwrap();
    let dests = ["CN", "US", "DE", "JP", "RU", "VN", "KR", "IN", "AE", "BR"];
    let scenarios: Vec<Scenario> = (0..2_000)
        .map(|i| {
            Scenario::from_json_str(&format!(
                r#"{{ "bom": "x.json", "item": "ROOT", "from": "VN", "to": "{}", "date": "2026-12-01" }}"#,
                dests[i % dests.len()]
            ))
            .unwrap()
        })
        .collect();
    let start = Instant::now();
    // `LONGARM_PREPARED_ONLY=1` skips the fresh evaluations (to profile the prepared path).
    let fresh = if std::env::var_os("LONGARM_PREPARED_ONLY").is_some() {
        &scenarios[..0]
    } else {
        &scenarios[..]
    };
    for s in fresh {
        evaluate(&bom, s, &rules).unwrap();
    }
    let t = start.elapsed();
    eprintln!(
        "evaluate: {} scenarios in {t:?}: {:.0}/s",
        scenarios.len(),
        scenarios.len() as f64 / t.as_secs_f64()
    );
    let engine = longarm::Engine::new(&rules);
    let prepared = engine.prepare(&bom);
    let start = Instant::now();
    for _ in 0..5 {
        for s in &scenarios {
            prepared.evaluate(s).unwrap();
        }
    }
    let t = start.elapsed();
    eprintln!(
        "prepared: {} scenarios in {t:?}: {:.0}/s",
        5 * scenarios.len(),
        (5 * scenarios.len()) as f64 / t.as_secs_f64()
    );
}

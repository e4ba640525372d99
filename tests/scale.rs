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

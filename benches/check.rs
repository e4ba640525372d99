//! `check` end to end (load included) and batch throughput, each beside a naive reference
//! measured in the same run, so ratios hold on a noisy machine (`docs/performance.md`).
//!
//! - `check/{tree,dag}_{N}`: `Bom::from_json_str` + `evaluate` with both bundled packs, on a
//!   `longarm synth` BOM of N items (depth 11); `naive/...`: the floor any engine pays —
//!   serde_json typed parse of the same text, a petgraph graph from string ids, and one
//!   post-order Decimal pass summing Chinese-origin content.
//! - `batch/{N}`: 100 scenarios (10 destinations) through one prepared BOM, across the cores:
//!   `prepared` prepares it afresh each time (ten roll-ups), `prepared_warm` reuses one whose
//!   roll-ups are cached (the steady state of a long batch).
//!
//! Run: `cargo bench --bench check`; `SYNTH_SIZES=1000000 cargo bench --bench check` for one
//! size (1,000,000 is not in the default set: it takes minutes).

#[allow(dead_code)]
#[path = "../src/synth.rs"]
mod synth;

#[path = "common/naive.rs"]
mod naive;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use longarm::{Bom, Engine, RuleSet, Scenario, evaluate};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

fn scenario(to: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "ROOT", "from": "VN", "to": "{to}", "date": "2026-12-01" }}"#
    ))
    .expect("scenario")
}

fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("SYNTH_SIZES")
        .ok()
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().parse().expect("SYNTH_SIZES"))
                .collect()
        })
        .unwrap_or_else(|| default.to_vec())
}

fn check(c: &mut Criterion) {
    let rules = RuleSet::bundled().expect("bundled packs");
    for items in sizes(&[10_000, 100_000]) {
        for shape in [synth::Shape::Tree, synth::Shape::Dag] {
            let text = synth::generate(items, shape, 11, 7, usize::MAX).expect("synth");
            let name = format!("{shape:?}_{items}").to_lowercase();
            let mut group = c.benchmark_group(format!("check/{name}"));
            group
                .sampling_mode(SamplingMode::Flat)
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(if items > 10_000 { 20 } else { 5 }));
            group.bench_function("longarm", |b| {
                b.iter(|| {
                    let bom = Bom::from_json_str(black_box(&text)).expect("loads");
                    evaluate(&bom, &scenario("US"), &rules).expect("evaluates")
                })
            });
            group.bench_function("naive", |b| b.iter(|| naive::naive(black_box(&text))));
            group.finish();
        }
    }
}

fn batch(c: &mut Criterion) {
    let rules = RuleSet::bundled().expect("bundled packs");
    let dests = ["CN", "US", "DE", "JP", "RU", "VN", "KR", "IN", "AE", "BR"];
    let scenarios: Vec<Scenario> = (0..100).map(|i| scenario(dests[i % dests.len()])).collect();
    for items in [1_000usize, 10_000] {
        let bom = Bom::from_json_str(
            &synth::generate(items, synth::Shape::Dag, 11, 7, usize::MAX).expect("synth"),
        )
        .expect("loads");
        let engine = Engine::new(&rules);
        let mut group = c.benchmark_group(format!("batch/{items}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(10))
            .throughput(criterion::Throughput::Elements(scenarios.len() as u64));
        // Each iteration prepares the BOM afresh: roll-ups once per destination, then cached.
        group.bench_function("prepared", |b| {
            b.iter(|| {
                let prepared = engine.prepare(&bom);
                scenarios
                    .par_iter()
                    .map(|s| prepared.evaluate(s).expect("evaluates").verdict)
                    .count()
            })
        });
        // A long batch: the BOM prepared once and its roll-ups warm (one per destination),
        // as after the first lines of `check --batch`; what each further line costs.
        let warm = engine.prepare(&bom);
        scenarios.iter().for_each(|s| {
            warm.evaluate(s).expect("evaluates");
        });
        group.bench_function("prepared_warm", |b| {
            b.iter(|| {
                scenarios
                    .par_iter()
                    .map(|s| warm.evaluate(s).expect("evaluates").verdict)
                    .count()
            })
        });
        group.bench_function("evaluate", |b| {
            b.iter(|| {
                scenarios
                    .par_iter()
                    .map(|s| evaluate(&bom, s, &rules).expect("evaluates").verdict)
                    .count()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, check, batch);
criterion_main!(benches);

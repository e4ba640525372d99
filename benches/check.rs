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

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use longarm::{Bom, Engine, RuleSet, Scenario, evaluate};
use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

#[derive(serde::Deserialize)]
struct NaiveBom {
    items: Vec<NaiveItem>,
}

#[derive(serde::Deserialize)]
struct NaiveItem {
    id: String,
    origin: Option<String>,
    value: Option<String>,
    #[serde(default)]
    components: Vec<NaiveLine>,
}

#[derive(serde::Deserialize)]
struct NaiveLine {
    item: String,
    quantity: String,
}

/// The naive reference: typed parse, graph, one post-order pass of exact decimals.
fn naive(text: &str) -> Decimal {
    let bom: NaiveBom = serde_json::from_str(text).expect("parses");
    let index: HashMap<&str, usize> = bom
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();
    let mut graph: DiGraph<(), Decimal> = DiGraph::with_capacity(bom.items.len(), 0);
    for _ in &bom.items {
        graph.add_node(());
    }
    for (i, it) in bom.items.iter().enumerate() {
        for line in &it.components {
            let q: Decimal = line.quantity.parse().expect("quantity");
            graph.add_edge(
                NodeIndex::new(i),
                NodeIndex::new(index[line.item.as_str()]),
                q,
            );
        }
    }
    let order = petgraph::algo::toposort(&graph, None).expect("acyclic");
    let mut content = vec![Decimal::ZERO; bom.items.len()];
    for node in order.into_iter().rev() {
        let it = &bom.items[node.index()];
        content[node.index()] = if it.components.is_empty() {
            match (&it.origin, &it.value) {
                (Some(o), Some(v)) if o == "CN" => v.parse().expect("value"),
                _ => Decimal::ZERO,
            }
        } else {
            graph
                .edges(node)
                .map(|e| {
                    use petgraph::visit::EdgeRef;
                    content[e.target().index()] * e.weight()
                })
                .sum()
        };
    }
    content[0]
}

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
            group.bench_function("naive", |b| b.iter(|| naive(black_box(&text))));
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

//! Roll-up cost on deep synthetic BOMs, against a bare topological sort of the same graph.
//!
//! For 10k, 100k and 1M items: generate and load the BOM once, then time
//! (a) `Bom::rollup` with two predicates (Chinese origin; rare-earth magnet material), and
//! (b) `petgraph::algo::toposort` of an equivalent `DiGraph<(), ()>` (one node per item, one
//! edge per distinct parent -> child pair), the floor for any pass over nodes + edges.
//!
//! Run: `cargo bench --bench rollup` (a few minutes); `SYNTH_SIZES=100000 cargo bench --bench
//! rollup` runs one size only.

#[path = "../tests/common/synth.rs"]
mod synth;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use longarm::{Bom, Predicate, RollupOptions};
use petgraph::algo::toposort;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SEED: u64 = 2025;

/// Items, samples, measurement time in seconds.
const SIZES: &[(usize, usize, u64)] = &[(10_000, 30, 3), (100_000, 10, 10), (1_000_000, 10, 10)];

fn rollup_vs_toposort(c: &mut Criterion) {
    let p_cn_origin = synth::cn_origin;
    let p_magnet_material = synth::magnet_material;
    let predicates: [&dyn Predicate; 2] = [&p_cn_origin, &p_magnet_material];

    // `SYNTH_SIZES=100000` (a comma-separated list) limits the run to those sizes, since the
    // setup of every size runs even when a criterion filter skips its benchmarks.
    let only: Option<Vec<usize>> = std::env::var("SYNTH_SIZES").ok().map(|v| {
        v.split(',')
            .map(|s| s.trim().parse().expect("SYNTH_SIZES: item counts"))
            .collect()
    });
    for &(items, samples, seconds) in SIZES {
        if only.as_ref().is_some_and(|o| !o.contains(&items)) {
            continue;
        }
        let started = Instant::now();
        let text = synth::generate(items, SEED);
        let generated = started.elapsed();
        let started = Instant::now();
        let bom = Bom::from_json_str(&text).expect("the synthetic BOM loads");
        let loaded = started.elapsed();
        let megabytes = text.len() as f64 / 1e6;
        drop(text);

        let graph = synth::graph_of(&bom);
        assert_eq!(graph.node_count(), bom.len());
        assert_eq!(graph.edge_count(), bom.edge_count());
        let lines: usize = bom.items().iter().map(|i| i.components.len()).sum();
        eprintln!(
            "synth {items} items: nodes {}, edges {} ({lines} component lines), JSON {megabytes:.1} MB, \
             generate {generated:.2?}, Bom::from_json_str {loaded:.2?}",
            graph.node_count(),
            graph.edge_count(),
        );
        let started = Instant::now();
        let rollup = bom
            .rollup("ROOT", &predicates, RollupOptions::default())
            .expect("the synthetic BOM rolls up");
        let elapsed = started.elapsed();
        let (cn, magnet) = (
            rollup.content(0).expect("predicate 0"),
            rollup.content(1).expect("predicate 1"),
        );
        eprintln!(
            "synth {items} items: one rollup {elapsed:.2?}; root value {} (rounded: {}); \
             CN content {} (rounded: {}); magnet content {} (rounded: {})",
            rollup.value(),
            rollup.value_rounded(),
            cn.bounds,
            cn.rounded,
            magnet.bounds,
            magnet.rounded,
        );
        drop(rollup);

        let mut group = c.benchmark_group(format!("{items}_items"));
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(samples)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(seconds));
        group.bench_function("rollup", |b| {
            b.iter(|| {
                bom.rollup(black_box("ROOT"), &predicates, RollupOptions::default())
                    .expect("rollup")
            })
        });
        group.bench_function("toposort", |b| {
            b.iter(|| toposort(black_box(&graph), None).expect("acyclic"))
        });
        group.finish();
    }
}

criterion_group!(benches, rollup_vs_toposort);
criterion_main!(benches);

//! The synthetic BOM generator: its BOMs load, are deterministic, deep, and roll up.

mod common;

use common::synth::{self, DEPTH};
use longarm::{Bom, Predicate, RollupOptions, Truth};

const CASES: &[(usize, u64)] = &[(synth::MIN_ITEMS, 0), (1_000, 1), (10_000, 7), (20_000, 42)];

#[test]
fn generated_boms_load_with_every_item_under_root() {
    for &(items, seed) in CASES {
        let text = synth::generate(items, seed);
        let bom = Bom::from_json_str(&text).unwrap_or_else(|e| panic!("{items}/{seed}: {e}"));
        assert_eq!(bom.len(), items, "{items}/{seed}");
        let roots: Vec<_> = bom.roots().map(|i| i.id.as_str()).collect();
        assert_eq!(roots, ["ROOT"], "{items}/{seed}");
        assert_eq!(synth::graph_of(&bom).edge_count(), bom.edge_count());
    }
}

#[test]
fn same_seed_same_text() {
    assert_eq!(synth::generate(5_000, 3), synth::generate(5_000, 3));
    assert_ne!(synth::generate(5_000, 3), synth::generate(5_000, 4));
    assert_eq!(synth::level_widths(5_000).iter().sum::<usize>(), 5_000);
}

#[test]
fn depth_is_at_least_twenty() {
    const { assert!(DEPTH >= 20) };
    for &(items, seed) in CASES {
        let bom = Bom::from_json_str(&synth::generate(items, seed)).unwrap();
        assert_eq!(
            synth::longest_path_from(&bom, "ROOT"),
            DEPTH,
            "{items}/{seed}"
        );
    }
}

#[test]
fn has_the_intended_mix() {
    let bom = Bom::from_json_str(&synth::generate(20_000, 5)).unwrap();
    let items = bom.items();
    let count = |f: &dyn Fn(&longarm::Item) -> bool| items.iter().filter(|i| f(i)).count();
    let non_leaves = count(&|i| !i.components.is_empty());
    let lines: usize = items.iter().map(|i| i.components.len()).sum();
    let per_parent = lines as f64 / non_leaves as f64;
    assert!(
        (2.5..=4.0).contains(&per_parent),
        "{per_parent} lines per parent"
    );
    // Split lines (a child listed twice) exist, so there are fewer edges than lines.
    assert!(bom.edge_count() < lines);
    assert!(count(&|i| i.origin.is_some_and(|c| c.as_str() == "CN")) > items.len() / 5);
    assert!(count(&|i| i.origin.is_none()) > 0);
    assert!(count(&|i| i.unit_value.is_none() && !i.components.is_empty()) > items.len() / 10);
    assert!(count(&|i| i.value.is_some_and(|v| v.currency.as_str() != "USD")) > 0);
    let dy_magnets = count(&|i| {
        synth::magnet_material(i) == Truth::True
            && i.material.as_ref().is_some_and(|m| m.has_element("Dy"))
    });
    assert!(dy_magnets > 0);
    assert!(count(&|i| synth::magnet_material(i) == Truth::True && i.components.is_empty()) > 0);
    // Shared sub-assemblies: some item has many parents.
    let graph = synth::graph_of(&bom);
    let max_parents = graph
        .node_indices()
        .map(|n| {
            graph
                .neighbors_directed(n, petgraph::Direction::Incoming)
                .count()
        })
        .max()
        .unwrap();
    assert!(max_parents >= 20, "{max_parents}");
}

#[test]
fn rolls_up_without_error() {
    let cn = synth::cn_origin;
    let magnet = synth::magnet_material;
    let predicates: [&dyn Predicate; 2] = [&cn, &magnet];
    for &(items, seed) in CASES {
        let bom = Bom::from_json_str(&synth::generate(items, seed)).unwrap();
        let rollup = bom
            .rollup("ROOT", &predicates, RollupOptions::default())
            .unwrap_or_else(|e| panic!("{items}/{seed}: {e}"));
        for p in 0..predicates.len() {
            let content = rollup.content(p).unwrap();
            assert!(
                content.bounds.lo > longarm::Decimal::ZERO,
                "{items}/{seed}/{p}"
            );
            assert!(!content.contributors.is_empty(), "{items}/{seed}/{p}");
        }
    }
}

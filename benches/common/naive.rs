//! The naive reference of `benches/check.rs` and `examples/naive_reference.rs`: the floor any
//! engine pays on a BOM text — a `serde_json` typed parse, a petgraph graph from string ids,
//! and one post-order pass of exact decimals summing Chinese-origin content. It checks
//! nothing and reports nothing; it panics on what it cannot read.

use petgraph::graph::{DiGraph, NodeIndex};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
pub fn naive(text: &str) -> Decimal {
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

//! Cycle detection at load: a BOM must be a DAG, and a user needs to see each cycle.

use petgraph::algo::{kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet, VecDeque};

/// The nodes in topological order (`toposort`'s), or, when the graph has a cycle, every
/// cycle's nodes in order (the last links back to the first): one cycle per strongly
/// connected component, including self-references.
///
/// `toposort` answers the common case (no cycle) and gives the order the loader needs next;
/// only when it finds a cycle does the SCC pass run, so that all cycles are reported, not
/// just the first. Both are iterative, so a million-deep chain cannot overflow the stack.
pub fn order_or_cycles(
    graph: &DiGraph<(), Decimal, u32>,
) -> Result<Vec<NodeIndex<u32>>, Vec<Vec<NodeIndex<u32>>>> {
    toposort(graph, None).map_err(|_| cycles(graph))
}

/// Every cycle of a graph that `toposort` found one in, sorted.
fn cycles(graph: &DiGraph<(), Decimal, u32>) -> Vec<Vec<NodeIndex<u32>>> {
    let mut cycles = Vec::new();
    for scc in kosaraju_scc(graph) {
        let Some(&start) = scc.iter().min() else {
            continue;
        };
        if scc.len() == 1 {
            if graph.contains_edge(start, start) {
                cycles.push(vec![start]);
            }
            continue;
        }
        let members: HashSet<_> = scc.iter().copied().collect();
        if let Some(cycle) = cycle_through(graph, start, &members) {
            cycles.push(cycle);
        }
    }
    cycles.sort();
    cycles
}

/// The shortest cycle through `start` inside one strongly connected component (BFS back to it).
fn cycle_through(
    graph: &DiGraph<(), Decimal, u32>,
    start: NodeIndex<u32>,
    members: &HashSet<NodeIndex<u32>>,
) -> Option<Vec<NodeIndex<u32>>> {
    let mut parent: HashMap<NodeIndex<u32>, NodeIndex<u32>> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    // Neighbours in index order, so the reported cycle is deterministic.
    let sorted = |n| {
        let mut v: Vec<_> = graph.neighbors(n).collect();
        v.sort();
        v.dedup();
        v
    };
    while let Some(node) = queue.pop_front() {
        for next in sorted(node) {
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    at = *parent.get(&at)?;
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            if members.contains(&next) && !parent.contains_key(&next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

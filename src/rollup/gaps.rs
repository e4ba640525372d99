//! Which items' missing facts keep a roll-up's bounds apart.
//!
//! A walk from the root over what the pass already computed, entering only nodes whose bounds
//! are not exact, each at most once per mode: `O(nodes + edges)`, and only when asked.

use super::{Facts, Gap, Rollup, Truth};
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Why is this node's unit value uncertain?
    Value,
    /// Why is this node's content for the predicate uncertain?
    Content,
}

pub(super) fn value_gaps(rollup: &Rollup<'_>) -> Vec<Gap> {
    walk(rollup, None, Mode::Value)
}

pub(super) fn content_gaps(rollup: &Rollup<'_>, p: usize) -> Vec<Gap> {
    walk(rollup, Some(p), Mode::Content)
}

fn walk(rollup: &Rollup<'_>, p: Option<usize>, start: Mode) -> Vec<Gap> {
    let graph = rollup.bom.graph();
    let n = graph.node_count();
    let mut seen_value = vec![false; n];
    let mut seen_content = vec![false; n];
    let mut found: BTreeMap<u32, Facts> = BTreeMap::new();
    let mut stack = vec![(rollup.root, start)];

    let inexact_value = |node: u32| rollup.value_at(node).is_some_and(|b| !b.is_exact());
    let content_at = |node: u32| {
        p.and_then(|p| rollup.slot(node, p))
            .and_then(|s| rollup.results.get(s))
            .map(|r| r.content)
    };
    let truth_at = |node: u32| {
        p.and_then(|p| rollup.slot(node, p))
            .and_then(|s| rollup.truths.get(s).copied())
            .unwrap_or(Truth::False)
    };

    while let Some((node, mode)) = stack.pop() {
        let seen = match mode {
            Mode::Value => &mut seen_value,
            Mode::Content => &mut seen_content,
        };
        match seen.get_mut(node as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let Some(item) = rollup.item_of(node) else {
            continue;
        };
        if mode == Mode::Value {
            if item.unit_value.is_some() {
                continue;
            }
            if item.components.is_empty() {
                let entry = found.entry(node).or_default();
                *entry = entry.union(Facts::VALUE);
                continue;
            }
        }
        for child in graph.neighbors(NodeIndex::new(node as usize)) {
            let Ok(c) = u32::try_from(child.index()) else {
                continue;
            };
            if mode == Mode::Value {
                if inexact_value(c) {
                    stack.push((c, Mode::Value));
                }
                continue;
            }
            let value = rollup.value_at(c);
            let content = content_at(c);
            let inexact_content = content.is_some_and(|b| !b.is_exact());
            match truth_at(c) {
                Truth::True => {
                    if inexact_value(c) {
                        stack.push((c, Mode::Value));
                    }
                }
                Truth::False => {
                    if inexact_content {
                        stack.push((c, Mode::Content));
                    }
                }
                Truth::Unknown(missing) => {
                    // The unknown answer matters unless counting the item whole and
                    // descending into it give the same exact amount. While either is itself
                    // uncertain it is listed too, so that filling in every listed fact
                    // closes the bounds (no new gap appears once the others are known).
                    let settled = value == content && value.is_some_and(|v| v.is_exact());
                    if !settled {
                        let entry = found.entry(c).or_default();
                        *entry = entry.union(missing);
                    }
                    if inexact_value(c) {
                        stack.push((c, Mode::Value));
                    }
                    if inexact_content {
                        stack.push((c, Mode::Content));
                    }
                }
            }
        }
    }

    let mut gaps: Vec<Gap> = found
        .into_iter()
        .filter_map(|(node, missing)| {
            rollup.item_of(node).map(|i| Gap {
                item: i.id.clone(),
                missing,
            })
        })
        .collect();
    gaps.sort();
    gaps
}

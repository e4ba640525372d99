//! The largest contributors to a content roll-up, kept bounded per node.
//!
//! Each node keeps its `k` largest contributions (a matched component reached through a
//! path below it). A parent scales every child contribution by the same line quantity, so
//! the order inside a child's list survives scaling, and the root's top `k` is exactly the
//! top `k` over all paths: cost `O(edges * k)`, however many paths there are.

use crate::bom::Bom;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::sync::Arc;

/// A path below some node: the first link is a direct component, the last the matched item.
#[derive(Debug)]
pub(crate) struct Link {
    pub node: u32,
    pub next: Option<Arc<Link>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Contribution {
    /// Extended value per one unit of the node that holds the list.
    pub value: Decimal,
    /// Units of the matched item per one unit of that node.
    pub quantity: Decimal,
    pub path: Arc<Link>,
}

impl Contribution {
    pub fn nodes(&self) -> impl Iterator<Item = u32> + '_ {
        let mut at = Some(&self.path);
        std::iter::from_fn(move || {
            let link = at?;
            at = link.next.as_ref();
            Some(link.node)
        })
    }
}

/// Largest value first; equal values by path ids, so the order never depends on file order.
pub(crate) fn order(bom: &Bom, a: &Contribution, b: &Contribution) -> Ordering {
    b.value.cmp(&a.value).then_with(|| {
        let id = |n: u32| bom.items().get(n as usize).map_or("", |i| i.id.as_str());
        a.nodes().map(id).cmp(b.nodes().map(id))
    })
}

/// Keeps the `k` first of `candidates` in [`order`].
pub(crate) fn keep_top(
    bom: &Bom,
    mut candidates: Vec<Contribution>,
    k: usize,
) -> Vec<Contribution> {
    if candidates.len() > k {
        // Partition first so the full sort only touches the survivors.
        candidates.select_nth_unstable_by(k, |a, b| order(bom, a, b));
        candidates.truncate(k);
    }
    candidates.sort_by(|a, b| order(bom, a, b));
    candidates
}

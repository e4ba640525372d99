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

/// A contribution offered to a node by one of its children, before it is known to make the
/// cut: no path is built for the many that do not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub value: Decimal,
    pub quantity: Decimal,
    /// The child the path goes through.
    pub child: u32,
    /// `(slot, index)` of the child's own contribution this extends; `None` when the child
    /// itself is the matched item.
    pub from: Option<(usize, usize)>,
}

/// Largest value first, then by path ids, so the order never depends on file order.
///
/// Comparing whole paths is not needed: paths through different children differ in their
/// first id, and a child's own list is already in this order (its values all scale by the
/// same quantity), so its index finishes the comparison.
fn order(bom: &Bom, a: &Candidate, b: &Candidate) -> Ordering {
    let id = |n: u32| bom.items().get(n as usize).map_or("", |i| i.id.as_str());
    b.value
        .cmp(&a.value)
        .then_with(|| id(a.child).cmp(id(b.child)))
        .then_with(|| a.from.map(|f| f.1).cmp(&b.from.map(|f| f.1)))
}

/// The `k` first candidates in order, with their paths built.
pub(crate) fn keep_top(
    bom: &Bom,
    tops: &[Vec<Contribution>],
    candidates: &mut Vec<Candidate>,
    k: usize,
) -> Vec<Contribution> {
    if candidates.len() > k {
        // Partition first so the full sort only touches the survivors.
        candidates.select_nth_unstable_by(k, |a, b| order(bom, a, b));
        candidates.truncate(k);
    }
    candidates.sort_by(|a, b| order(bom, a, b));
    candidates
        .drain(..)
        .map(|c| Contribution {
            value: c.value,
            quantity: c.quantity,
            path: Arc::new(Link {
                node: c.child,
                next: c
                    .from
                    .and_then(|(slot, i)| tops.get(slot)?.get(i))
                    .map(|parent| Arc::clone(&parent.path)),
            }),
        })
        .collect()
}

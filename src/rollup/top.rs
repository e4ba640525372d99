//! The largest contributors to a content roll-up, kept bounded per node.
//!
//! Each node keeps its `k` largest contributions (a matched component reached through a
//! path below it). A parent scales every child contribution by the same line quantity, so
//! the order inside a child's list survives scaling, and the root's top `k` is exactly the
//! top `k` over all paths: cost `O(edges * k)`, however many paths there are.
//!
//! Lists and paths live in one arena (flat vectors and `u32` links), not in per-node
//! allocations: on a million-item BOM, allocating and freeing small lists and shared path
//! links cost more than the arithmetic.

use crate::bom::Bom;
use rust_decimal::Decimal;
use std::cmp::Ordering;

const END: u32 = u32::MAX;

/// One step of a path below some node: the first step is a direct component, the last the
/// matched item.
#[derive(Debug, Clone, Copy)]
struct Link {
    node: u32,
    next: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Contribution {
    /// Extended value per one unit of the node that holds the list.
    pub value: Decimal,
    /// Units of the matched item per one unit of that node.
    pub quantity: Decimal,
    /// Head of its path in the arena.
    link: u32,
}

/// A contribution offered to a node by one of its children, before it is known to make the
/// cut: no path is built for the many that do not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub value: Decimal,
    pub quantity: Decimal,
    /// The child the path goes through.
    pub child: u32,
    /// The child's own contribution this extends (its path head and its rank in the child's
    /// list); `None` when the child itself is the matched item.
    pub from: Option<(u32, u32)>,
}

/// Where a slot's list is in the arena: start and length in its contributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// No contributor.
    pub const EMPTY: Span = Span { start: 0, len: 0 };

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Every slot's list and every path, flat.
#[derive(Debug, Default)]
pub(crate) struct Arena {
    links: Vec<Link>,
    contributions: Vec<Contribution>,
}

impl Arena {
    pub fn new() -> Self {
        Arena::default()
    }

    /// The list at `span`, largest first.
    pub fn list(&self, span: Span) -> &[Contribution] {
        let start = span.start as usize;
        self.contributions
            .get(start..start.saturating_add(span.len as usize))
            .unwrap_or(&[])
    }

    /// A contribution's path, as node indices from the first component down.
    pub fn path(&self, c: &Contribution) -> impl Iterator<Item = u32> + '_ {
        let mut at = c.link;
        std::iter::from_fn(move || {
            let link = self.links.get(at as usize)?;
            at = link.next;
            Some(link.node)
        })
    }

    /// Keeps the `k` first of `candidates` in order as a list, building their paths, and
    /// returns where it is. `None` if the arena outgrows `u32` indices.
    pub fn keep_top(
        &mut self,
        bom: &Bom,
        candidates: &mut Vec<Candidate>,
        k: usize,
    ) -> Option<Span> {
        if candidates.len() > k {
            // Partition first so the full sort only touches the survivors.
            candidates.select_nth_unstable_by(k, |a, b| order(bom, a, b));
            candidates.truncate(k);
        }
        candidates.sort_by(|a, b| order(bom, a, b));
        let start = u32::try_from(self.contributions.len()).ok()?;
        for c in candidates.drain(..) {
            let link = u32::try_from(self.links.len()).ok()?;
            self.links.push(Link {
                node: c.child,
                next: c.from.map_or(END, |(head, _)| head),
            });
            self.contributions.push(Contribution {
                value: c.value,
                quantity: c.quantity,
                link,
            });
        }
        let end = u32::try_from(self.contributions.len()).ok()?;
        Some(Span {
            start,
            len: end.saturating_sub(start),
        })
    }
}

/// Largest value first, then by path ids, so the order never depends on file order.
///
/// Comparing whole paths is not needed: paths through different children differ in their
/// first id, and a child's own list is already in this order (its values all scale by the
/// same quantity), so its rank finishes the comparison.
fn order(bom: &Bom, a: &Candidate, b: &Candidate) -> Ordering {
    let id = |n: u32| bom.items().get(n as usize).map_or("", |i| i.id.as_str());
    b.value
        .cmp(&a.value)
        .then_with(|| id(a.child).cmp(id(b.child)))
        .then_with(|| a.from.map(|f| f.1).cmp(&b.from.map(|f| f.1)))
}

impl Contribution {
    /// Head of the contribution's path, for a parent's candidate that extends it.
    pub fn head(&self) -> u32 {
        self.link
    }
}

//! The one post-order pass.

use super::slots::{Slot, Slots};
use super::top::{Arena, Candidate, Span};
use super::{Bounds, Predicates, Rollup, RollupError, RollupOptions, Truth};
use crate::bom::Bom;
use crate::codes::decimal::{Toward, mul_toward};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rust_decimal::Decimal;

/// What the pass keeps per node, and what a parent reads of a child, together.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    /// The unit value; `None` when not reachable from the root.
    pub value: Option<Bounds>,
    /// Whether a value bound was rounded outward at or below the node.
    pub rounded: bool,
    /// Whether the node counts nothing for any predicate (every answer false, every content
    /// exactly zero and not rounded, no contributor), so a parent adds nothing for it.
    inert: bool,
}

impl Node {
    const UNREACHED: Node = Node {
        value: None,
        rounded: false,
        inert: false,
    };
}

/// A component line: the child node and its quantity.
#[derive(Debug, Clone, Copy)]
struct Line {
    child: u32,
    quantity: Decimal,
}

/// The component lines of `node`, in the order of `graph.edges`, into `lines`.
fn read_lines(graph: &DiGraph<(), Decimal, u32>, node: u32, lines: &mut Vec<Line>) {
    lines.clear();
    for edge in graph.edges(NodeIndex::new(node as usize)) {
        let Ok(child) = u32::try_from(edge.target().index()) else {
            continue;
        };
        lines.push(Line {
            child,
            quantity: *edge.weight(),
        });
    }
}

/// The nodes reachable from a root in post-order (the order of petgraph's `DfsPostOrder`),
/// each with its component lines (in the order of `graph.edges`), read when it finishes.
struct PostOrder<'g> {
    graph: &'g DiGraph<(), Decimal, u32>,
    /// Nodes to visit, each with whether its children have been put on the stack.
    stack: Vec<(u32, bool)>,
    reached: Vec<bool>,
    lines: Vec<Line>,
}

impl<'g> PostOrder<'g> {
    fn new(graph: &'g DiGraph<(), Decimal, u32>, root: u32) -> Self {
        PostOrder {
            graph,
            stack: vec![(root, false)],
            reached: vec![false; graph.node_count()],
            lines: Vec::new(),
        }
    }

    fn next(&mut self) -> Option<(u32, &[Line])> {
        loop {
            let (node, expanded) = self.stack.last_mut()?;
            let node = *node;
            if *expanded {
                // Every child has finished.
                self.stack.pop();
                read_lines(self.graph, node, &mut self.lines);
                return Some((node, &self.lines));
            }
            match self.reached.get_mut(node as usize) {
                Some(reached) if !*reached => *reached = true,
                // Reached above this entry, and so finished already (or not a node).
                _ => {
                    self.stack.pop();
                    continue;
                }
            }
            *expanded = true;
            for child in self.graph.neighbors(NodeIndex::new(node as usize)) {
                let Ok(child) = u32::try_from(child.index()) else {
                    continue;
                };
                if self.reached.get(child as usize) == Some(&false) {
                    self.stack.push((child, false));
                }
            }
        }
    }
}

/// The nodes reachable from a root by decreasing index, when every edge goes from a lower
/// index to a higher one (a file that lists parents before their components): children still
/// come before parents, and the pass sweeps through its per-node and per-slot tables instead
/// of jumping about them as a depth-first walk does.
struct Sweep<'g> {
    graph: &'g DiGraph<(), Decimal, u32>,
    reached: Vec<bool>,
    /// The next node to look at is below this index.
    at: usize,
    root: usize,
    lines: Vec<Line>,
}

impl<'g> Sweep<'g> {
    fn new(graph: &'g DiGraph<(), Decimal, u32>, root: u32) -> Option<Self> {
        let root = root as usize;
        let downward = graph
            .raw_edges()
            .iter()
            .all(|e| e.source().index() < e.target().index());
        if !downward || root >= graph.node_count() {
            return None;
        }
        // Parents before children: one pass upward marks everything below the root.
        let mut reached = vec![false; graph.node_count()];
        if let Some(r) = reached.get_mut(root) {
            *r = true;
        }
        for i in root..graph.node_count() {
            if reached.get(i) != Some(&true) {
                continue;
            }
            for edge in graph.edges(NodeIndex::new(i)) {
                if let Some(r) = reached.get_mut(edge.target().index()) {
                    *r = true;
                }
            }
        }
        Some(Sweep {
            graph,
            reached,
            at: graph.node_count(),
            root,
            lines: Vec::new(),
        })
    }

    fn next(&mut self) -> Option<(u32, &[Line])> {
        loop {
            if self.at <= self.root {
                return None;
            }
            self.at = self.at.saturating_sub(1);
            if self.reached.get(self.at) == Some(&true) {
                break;
            }
        }
        let node = u32::try_from(self.at).ok()?;
        read_lines(self.graph, node, &mut self.lines);
        Some((node, &self.lines))
    }
}

/// The order of the pass: a sweep when the indices allow one, else a depth-first walk.
enum Order<'g> {
    Sweep(Sweep<'g>),
    Walk(PostOrder<'g>),
}

impl Order<'_> {
    fn next(&mut self) -> Option<(u32, &[Line])> {
        match self {
            Order::Sweep(s) => s.next(),
            Order::Walk(w) => w.next(),
        }
    }
}

pub(super) fn run<'b>(
    bom: &'b Bom,
    root: u32,
    predicates: &dyn Predicates,
    options: RollupOptions,
) -> Result<Rollup<'b>, RollupError> {
    // Each node's results depend only on its children's, so both orders give the same ones;
    // only which overflow is met first may differ, so an error is the walk's.
    if let Some(sweep) = Sweep::new(bom.graph(), root)
        && let Ok(rollup) = pass(bom, root, predicates, options, Order::Sweep(sweep))
    {
        return Ok(rollup);
    }
    let walk = PostOrder::new(bom.graph(), root);
    pass(bom, root, predicates, options, Order::Walk(walk))
}

fn pass<'b>(
    bom: &'b Bom,
    root: u32,
    predicates: &dyn Predicates,
    options: RollupOptions,
    mut order: Order<'_>,
) -> Result<Rollup<'b>, RollupError> {
    let graph = bom.graph();
    let n = graph.node_count();
    let np = predicates.count();
    let slots = n.checked_mul(np).ok_or_else(|| overflow(bom, root))?;
    let root_item = bom
        .items()
        .get(root as usize)
        .ok_or_else(|| overflow(bom, root))?;
    let mut nodes = vec![Node::UNREACHED; n];
    let mut truths = vec![Truth::False; slots];
    // Content, whether rounded, contributors: per slot, kept only when not empty.
    let mut results = Slots::new(slots);
    let mut tops = Arena::new();

    // Scratch reused across nodes: one content sum and one candidate list per predicate.
    let mut sums = vec![(Bounds::ZERO, false); np];
    let mut candidates: Vec<Vec<Candidate>> = vec![Vec::new(); np];

    while let Some((at, lines)) = order.next() {
        let ni = at as usize;
        let item = bom.items().get(ni).ok_or_else(|| overflow(bom, root))?;
        let fail = || RollupError::Overflow {
            item: item.id.clone(),
        };
        let base = ni.checked_mul(np).ok_or_else(fail)?;

        if let Some(answers) = truths.get_mut(base..base.saturating_add(np)) {
            predicates.test_all(item, bom.kinds().at(ni), answers);
        }

        let mut derived = (Bounds::ZERO, false);
        sums.fill((Bounds::ZERO, false));
        for &Line { child, quantity } in lines {
            // Children finish before their parent in post-order, so their results are here.
            let done = nodes
                .get(child as usize)
                .copied()
                .unwrap_or(Node::UNREACHED);
            let child_value = done.value.unwrap_or(Bounds::UNKNOWN);
            let child_rounded = done.rounded;
            derived = accumulate(derived, child_value, child_rounded, quantity).ok_or_else(fail)?;
            if done.inert {
                // What `accumulate` gives for an exact-zero part, for every predicate; no
                // candidates (the answer is false and the child has no contributors).
                for (sum, _) in &mut sums {
                    *sum = plus_zero(*sum);
                }
                continue;
            }
            let child_base = (child as usize).checked_mul(np).ok_or_else(fail)?;
            for (p, sum) in sums.iter_mut().enumerate() {
                let slot = child_base.saturating_add(p);
                let truth = truths.get(slot).copied().unwrap_or(Truth::False);
                if truth == Truth::False && results.is_empty_at(slot) {
                    // What `accumulate` gives for an exact-zero content; no contributor.
                    sum.0 = plus_zero(sum.0);
                    continue;
                }
                let Slot {
                    content,
                    rounded,
                    top,
                } = results.get(slot).unwrap_or(Slot::EMPTY);
                let counted = match truth {
                    Truth::True => (child_value, child_rounded),
                    Truth::False => (content, rounded),
                    Truth::Unknown(_) => (child_value.hull(content), child_rounded || rounded),
                };
                *sum = accumulate(*sum, counted.0, counted.1, quantity).ok_or_else(fail)?;

                if options.top == 0 {
                    continue;
                }
                let Some(list) = candidates.get_mut(p) else {
                    continue;
                };
                if truth == Truth::True {
                    list.push(Candidate {
                        value: floor_mul(child_value.lo, quantity).ok_or_else(fail)?,
                        quantity,
                        child,
                        from: None,
                    });
                } else {
                    // Certain matches below an unmatched (or possibly matched) component
                    // count either way, so they are contributors.
                    for (rank, c) in tops.list(top).iter().enumerate() {
                        list.push(Candidate {
                            value: floor_mul(c.value, quantity).ok_or_else(fail)?,
                            quantity: times(c.quantity, quantity).ok_or_else(fail)?,
                            child,
                            from: Some((c.head(), u32::try_from(rank).unwrap_or(u32::MAX))),
                        });
                    }
                }
            }
        }

        let (value, rounded) = match item.unit_value {
            Some(v) => (Bounds::exact(v), false),
            None if item.components.is_empty() => (Bounds::UNKNOWN, false),
            None => derived,
        };
        let mut counts_nothing = true;
        for (p, &(sum, rounded)) in sums.iter().enumerate() {
            let slot = base.saturating_add(p);
            let top = match candidates.get_mut(p) {
                Some(list) if !list.is_empty() => {
                    tops.keep_top(bom, list, options.top).ok_or_else(fail)?
                }
                _ => Span::EMPTY,
            };
            counts_nothing = counts_nothing
                && !rounded
                && sum.lo.is_zero()
                && sum.hi.is_some_and(|h| h.is_zero())
                && truths.get(slot) == Some(&Truth::False)
                && top.is_empty();
            results
                .set(
                    slot,
                    Slot {
                        content: sum,
                        rounded,
                        top,
                    },
                )
                .ok_or_else(fail)?;
        }
        if let Some(slot) = nodes.get_mut(ni) {
            *slot = Node {
                value: Some(value),
                rounded,
                inert: counts_nothing,
            };
        }
    }

    Ok(Rollup {
        bom,
        root,
        root_item,
        predicates: np,
        nodes,
        truths,
        results,
        tops,
    })
}

/// `total + quantity * part`, carrying whether any bound was rounded outward.
#[inline]
fn accumulate(
    (total, total_rounded): (Bounds, bool),
    part: Bounds,
    part_rounded: bool,
    quantity: rust_decimal::Decimal,
) -> Option<(Bounds, bool)> {
    // Most contents are exactly zero (nothing matched below). `0 x q` is `Decimal::ZERO`
    // (scale 0) and `x + 0` is `x` (or `Decimal::ZERO` when `x` is a zero), neither rounded:
    // the same result as the arithmetic below, without it.
    if part.lo.is_zero() && part.hi.is_some_and(|h| h.is_zero()) {
        return Some((plus_zero(total), total_rounded || part_rounded));
    }
    scale_and_add((total, total_rounded), part, part_rounded, quantity)
}

/// `total + q x 0` as the arithmetic gives it: `0 x q` is `Decimal::ZERO` (scale 0) and
/// `x + 0` is `x`, or `Decimal::ZERO` when `x` is a zero; never rounded.
fn plus_zero(total: Bounds) -> Bounds {
    let keep = |d: rust_decimal::Decimal| {
        if d.is_zero() {
            rust_decimal::Decimal::ZERO
        } else {
            d
        }
    };
    Bounds {
        lo: keep(total.lo),
        hi: total.hi.map(keep),
    }
}

/// [`accumulate`] for a part that is not exactly zero: the arithmetic, kept out of line.
#[inline(never)]
fn scale_and_add(
    (total, total_rounded): (Bounds, bool),
    part: Bounds,
    part_rounded: bool,
    quantity: rust_decimal::Decimal,
) -> Option<(Bounds, bool)> {
    let (scaled, r1) = part.checked_scale(quantity)?;
    let (sum, r2) = total.checked_add(scaled)?;
    Some((sum, total_rounded || part_rounded || r1 || r2))
}

/// `a x b` as `checked_mul` gives it, without the multiplication when `b` is exactly `1`
/// (most quantities): the product is then `a` itself, or `Decimal::ZERO` for a zero.
fn times(a: rust_decimal::Decimal, b: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    if b.scale() == 0 && b.mantissa() == 1 {
        return Some(if a.is_zero() {
            rust_decimal::Decimal::ZERO
        } else {
            a
        });
    }
    a.checked_mul(b)
}

/// A contributor's value: a lower bound, like the content it explains.
fn floor_mul(a: rust_decimal::Decimal, b: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    mul_toward(a, b, Toward::Floor).map(|(v, _)| v)
}

fn overflow(bom: &Bom, node: u32) -> RollupError {
    RollupError::Overflow {
        item: bom
            .items()
            .get(node as usize)
            .map(|i| i.id.clone())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// Random graphs of up to 40 nodes: the node count, edges `(from, to, q)` (`q == 4` marks
    /// one that may go up or loop) and a root.
    fn graphs()
    -> impl proptest::strategy::Strategy<Value = (usize, Vec<(usize, usize, i64)>, usize)> {
        use proptest::prelude::*;
        (1usize..40).prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec((0..n, 0..n, 0i64..5), 0..(n * 3)),
                0..n,
            )
        })
    }

    /// The same nodes in the same order as `DfsPostOrder`, each with its lines in the order of
    /// `graph.edges`, on random graphs (shared parts, and cycles too).
    #[test]
    fn post_order_is_petgraphs() {
        use petgraph::visit::DfsPostOrder;
        use proptest::prelude::*;
        proptest!(|((n, edges, root) in graphs())| {
            let mut graph = DiGraph::<(), Decimal, u32>::default();
            for _ in 0..n {
                graph.add_node(());
            }
            for (a, b, q) in edges {
                // Mostly downward, as in a BOM; some cycles and self-loops too.
                let (a, b) = if q == 4 { (a, b) } else { (a.min(b), a.max(b)) };
                if graph.find_edge(NodeIndex::new(a), NodeIndex::new(b)).is_none() {
                    graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), Decimal::new(q, 1));
                }
            }
            let mut want = Vec::new();
            let mut dfs = DfsPostOrder::new(&graph, NodeIndex::new(root));
            while let Some(node) = dfs.next(&graph) {
                let lines: Vec<(u32, Decimal)> = graph
                    .edges(node)
                    .map(|e| (e.target().index() as u32, *e.weight()))
                    .collect();
                want.push((node.index() as u32, lines));
            }
            let mut got = Vec::new();
            let mut order = PostOrder::new(&graph, root as u32);
            while let Some((node, lines)) = order.next() {
                got.push((node, lines.iter().map(|l| (l.child, l.quantity)).collect::<Vec<_>>()));
            }
            prop_assert_eq!(got, want);
        });
    }

    /// On graphs whose edges all go to higher indices, the sweep gives the walk's nodes with
    /// the same lines, children before parents; on others it declines.
    #[test]
    fn sweep_is_a_post_order_of_the_same_nodes() {
        use proptest::prelude::*;
        proptest!(|((n, edges, root) in graphs())| {
            let mut graph = DiGraph::<(), Decimal, u32>::default();
            for _ in 0..n {
                graph.add_node(());
            }
            let mut upward = false;
            for (a, b, q) in edges {
                // One edge in five may go up (or be a self-loop).
                let (a, b) = if q == 4 { (a, b) } else { (a.min(b), a.max(b)) };
                if a == b && q != 4 {
                    continue;
                }
                if graph.find_edge(NodeIndex::new(a), NodeIndex::new(b)).is_none() {
                    upward |= a >= b;
                    graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), Decimal::new(q, 1));
                }
            }
            let Some(mut sweep) = Sweep::new(&graph, root as u32) else {
                prop_assert!(upward);
                return Ok(());
            };
            prop_assert!(!upward);
            let mut walked = std::collections::BTreeMap::new();
            let mut walk = PostOrder::new(&graph, root as u32);
            while let Some((node, lines)) = walk.next() {
                walked.insert(node, lines.iter().map(|l| (l.child, l.quantity)).collect::<Vec<_>>());
            }
            let mut done = std::collections::BTreeSet::new();
            while let Some((node, lines)) = sweep.next() {
                let lines: Vec<_> = lines.iter().map(|l| (l.child, l.quantity)).collect();
                for (child, _) in &lines {
                    prop_assert!(done.contains(child), "{child} before {node}");
                }
                prop_assert_eq!(walked.remove(&node), Some(lines));
                done.insert(node);
            }
            prop_assert!(walked.is_empty());
        });
    }

    #[test]
    fn times_one_is_checked_mul() {
        for a in [
            "0",
            "0.00",
            "-0.0",
            "1.000",
            "-7.5",
            "79228162514264337593543950335",
        ] {
            let a: Decimal = a.parse().unwrap();
            for b in [Decimal::ONE, Decimal::new(10, 1), Decimal::new(3, 0)] {
                assert_eq!(
                    times(a, b).map(|x| x.serialize()),
                    a.checked_mul(b).map(|x| x.serialize())
                );
            }
        }
    }

    /// The shortcut for an exact-zero part gives the same bits as the arithmetic.
    #[test]
    fn zero_part_shortcut_matches_the_arithmetic() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let full = |total: (Bounds, bool), part: Bounds, rounded: bool, q: Decimal| {
            let (scaled, r1) = part.checked_scale(q)?;
            let (sum, r2) = total.0.checked_add(scaled)?;
            Some((sum, total.1 || rounded || r1 || r2))
        };
        let totals = [
            Bounds::ZERO,
            Bounds::exact(d("0.00")),
            Bounds::exact(d("-0.0")),
            Bounds::exact(d("12.340")),
            Bounds {
                lo: d("1.5"),
                hi: None,
            },
            Bounds {
                lo: d("0.000"),
                hi: Some(d("7.25")),
            },
            Bounds::exact(d("79228162514264337593543950335")),
            Bounds::exact(d("0.0000000000000000000000000001")),
        ];
        let zeros = [
            Bounds::ZERO,
            Bounds::exact(d("0.000")),
            Bounds::exact(d("-0.00")),
        ];
        let quantities = [
            d("1"),
            d("3"),
            d("0.25"),
            d("1.000"),
            d("0.0000000000000000000000000001"),
        ];
        for total in totals {
            for total_rounded in [false, true] {
                for part in zeros {
                    for rounded in [false, true] {
                        for q in quantities {
                            let a = accumulate((total, total_rounded), part, rounded, q);
                            let b = full((total, total_rounded), part, rounded, q);
                            let bits = |x: Option<(Bounds, bool)>| {
                                x.map(|(b, r)| (b.lo.serialize(), b.hi.map(|h| h.serialize()), r))
                            };
                            assert_eq!(bits(a), bits(b), "{total:?} + {part:?} x {q}");
                        }
                    }
                }
            }
        }
    }
}

//! The one post-order pass.

use super::slots::{Slot, Slots};
use super::top::{Arena, Candidate, Span};
use super::{Bounds, Predicates, Rollup, RollupError, RollupOptions, Truth};
use crate::bom::Bom;
use crate::codes::decimal::{Toward, mul_toward};
use petgraph::graph::NodeIndex;
use petgraph::visit::{DfsPostOrder, EdgeRef};

pub(super) fn run<'b>(
    bom: &'b Bom,
    root: u32,
    predicates: &dyn Predicates,
    options: RollupOptions,
) -> Result<Rollup<'b>, RollupError> {
    let graph = bom.graph();
    let n = graph.node_count();
    let np = predicates.count();
    let slots = n.checked_mul(np).ok_or_else(|| overflow(bom, root))?;
    let root_item = bom
        .items()
        .get(root as usize)
        .ok_or_else(|| overflow(bom, root))?;
    let mut values: Vec<Option<Bounds>> = vec![None; n];
    let mut truths = vec![Truth::False; slots];
    // Content, whether rounded, contributors: per slot, kept only when not empty.
    let mut results = Slots::new(slots);
    let mut tops = Arena::new();
    // Whether a value bound was rounded outward at or below each node.
    let mut value_rounded = vec![false; n];

    // Scratch reused across nodes: one content sum and one candidate list per predicate.
    let mut sums = vec![(Bounds::ZERO, false); np];
    let mut candidates: Vec<Vec<Candidate>> = vec![Vec::new(); np];
    // Per node: whether it counts nothing for any predicate (every answer false, every
    // content exactly zero and not rounded, no contributor), so a parent adds nothing for it.
    let mut inert = vec![false; n];

    let mut dfs = DfsPostOrder::new(graph, NodeIndex::new(root as usize));
    while let Some(node) = dfs.next(graph) {
        let ni = node.index();
        let item = bom.item_at(node).ok_or_else(|| overflow(bom, root))?;
        let fail = || RollupError::Overflow {
            item: item.id.clone(),
        };
        let base = ni.checked_mul(np).ok_or_else(fail)?;

        if let Some(answers) = truths.get_mut(base..base.saturating_add(np)) {
            predicates.test_all(item, bom.kinds().at(ni), answers);
        }

        let mut derived = (Bounds::ZERO, false);
        sums.fill((Bounds::ZERO, false));
        for edge in graph.edges(node) {
            let child = edge.target().index();
            let quantity = *edge.weight();
            // Children finish before their parent in post-order, so their results are here.
            let child_value = values
                .get(child)
                .copied()
                .flatten()
                .unwrap_or(Bounds::UNKNOWN);
            let child_rounded = value_rounded.get(child).copied().unwrap_or(false);
            derived = accumulate(derived, child_value, child_rounded, quantity).ok_or_else(fail)?;
            if inert.get(child).copied().unwrap_or(false) {
                // What `accumulate` gives for an exact-zero part, for every predicate; no
                // candidates (the answer is false and the child has no contributors).
                for (sum, _) in &mut sums {
                    *sum = plus_zero(*sum);
                }
                continue;
            }
            let child_base = child.checked_mul(np).ok_or_else(fail)?;
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
                let child_id = u32::try_from(child).map_err(|_| fail())?;
                if truth == Truth::True {
                    list.push(Candidate {
                        value: floor_mul(child_value.lo, quantity).ok_or_else(fail)?,
                        quantity,
                        child: child_id,
                        from: None,
                    });
                } else {
                    // Certain matches below an unmatched (or possibly matched) component
                    // count either way, so they are contributors.
                    for (rank, c) in tops.list(top).iter().enumerate() {
                        list.push(Candidate {
                            value: floor_mul(c.value, quantity).ok_or_else(fail)?,
                            quantity: times(c.quantity, quantity).ok_or_else(fail)?,
                            child: child_id,
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
        if let Some(slot) = values.get_mut(ni) {
            *slot = Some(value);
        }
        if let Some(slot) = value_rounded.get_mut(ni) {
            *slot = rounded;
        }
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
        if let Some(flag) = inert.get_mut(ni) {
            *flag = counts_nothing;
        }
    }

    Ok(Rollup {
        bom,
        root,
        root_item,
        predicates: np,
        values,
        truths,
        results,
        tops,
        value_rounded,
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

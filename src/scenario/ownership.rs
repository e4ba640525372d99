//! Ownership aggregated through chains, for rules that extend a list to affiliates owned 50%
//! or more by listed parties.
//!
//! The value of a party is a sum over ownership chains, each chain a product of shares. Chains
//! are simple (no party twice), which makes cycles terminate but also makes a naive walk
//! exponential in the number of paths. So the walk works per strongly connected component of
//! the ownership graph: a party outside any cycle gets one memoised value (whatever chain led
//! to it, no party above it can be on that chain), and only inside a cycle are the simple chains
//! enumerated, under a work limit that the loader checks once for the whole scenario.

use super::{Party, Scenario};
use crate::codes::decimal::{Toward, add_toward, mul_toward};
use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How many owner links the walk may follow inside ownership cycles. Real cross-holdings need
/// a few dozen; a scenario needing more is rejected at load, so a loaded scenario never hits it.
pub(crate) const MAX_CHAIN_STEPS: u64 = 1_000_000;

impl Scenario {
    /// The aggregate share of `party` held, directly or indirectly, by parties matching `by`
    /// (e.g. `|p| p.on_list("US:entity-list")`).
    ///
    /// - Along one ownership chain the shares multiply: `party` owned 0.7 by `A`, `A` owned
    ///   0.7 by listed `L` gives 0.49.
    /// - Distinct chains add: `party` owned 0.3 by `A` and 0.3 by `B`, each owned wholly by
    ///   listed `L`, gives 0.6.
    /// - A chain stops at the first matching owner: a listed owner counts once at its share,
    ///   and the listed owners above it are not counted again through it.
    /// - A chain never visits a party twice (including `party` itself), so ownership cycles
    ///   terminate; cross-holdings are counted once per simple chain.
    /// - `party` itself is not counted even when it matches `by`: this measures its owners.
    ///   An unknown `party` gives 0.
    /// - The result is exact, capped at 1. Where an exact product or sum would need more than
    ///   28 decimal places it is rounded up in the 28th, so ownership is never understated; a
    ///   scenario mutated past load validation (shares summing above 1, cycles beyond
    ///   the walk's limit) gives at most 1, and 1 when the limit is hit.
    ///
    /// Rules for affiliates owned 50% or more compare the result with `>= 0.5` exactly.
    pub fn owned_share(&self, party: &str, by: impl Fn(&Party) -> bool) -> Decimal {
        let graph = Graph::new(&self.parties);
        let Some(&start) = graph.index.get(party) else {
            return Decimal::ZERO;
        };
        let matches: Vec<bool> = self.parties.iter().map(by).collect();
        match graph.values(Some(start), &matches, MAX_CHAIN_STEPS) {
            Some(values) => values
                .get(start)
                .copied()
                .unwrap_or(Decimal::ZERO)
                .min(Decimal::ONE)
                .normalize(),
            None => Decimal::ONE,
        }
    }
}

/// Whether aggregating from every party, with nothing matching (the most work any query can
/// need, since a match only cuts chains short), stays within [`MAX_CHAIN_STEPS`].
pub(super) fn within_limit(parties: &[Party]) -> bool {
    let matches = vec![false; parties.len()];
    Graph::new(parties)
        .values(None, &matches, MAX_CHAIN_STEPS)
        .is_some()
}

struct Graph<'p> {
    /// Party id -> position in the party list (the first, if ids repeat).
    index: HashMap<&'p str, usize>,
    /// Per party position: (owner position, share); links to unknown parties are dropped.
    owners: Vec<Vec<(usize, Decimal)>>,
}

impl<'p> Graph<'p> {
    fn new(parties: &'p [Party]) -> Self {
        let mut index = HashMap::with_capacity(parties.len());
        for (i, p) in parties.iter().enumerate() {
            index.entry(p.id.as_str()).or_insert(i);
        }
        let owners = parties
            .iter()
            .map(|p| {
                p.owners
                    .iter()
                    .filter_map(|o| Some((*index.get(o.party.as_str())?, o.share)))
                    .collect()
            })
            .collect();
        Graph { index, owners }
    }

    fn owners_of(&self, party: usize) -> &[(usize, Decimal)] {
        self.owners.get(party).map_or(&[], Vec::as_slice)
    }

    /// For each party the walk needs (`start`, and every non-matching party reachable from it
    /// through non-matching parties; every party when `start` is `None`): the share of it held
    /// by matching parties through chains that start at its owners. `None` when the work
    /// inside cycles exceeds `limit`.
    fn values(&self, start: Option<usize>, matches: &[bool], limit: u64) -> Option<Vec<Decimal>> {
        let n = self.owners.len();
        let is_match = |p: usize| matches.get(p).copied().unwrap_or(false);
        let wanted = match start {
            None => vec![true; n],
            Some(s) => {
                let mut seen = vec![false; n];
                let mut wanted = vec![false; n];
                let mut queue = vec![s];
                set(&mut seen, s, true);
                while let Some(p) = queue.pop() {
                    if p != s && is_match(p) {
                        continue;
                    }
                    set(&mut wanted, p, true);
                    for &(o, _) in self.owners_of(p) {
                        if !get(&seen, o) {
                            set(&mut seen, o, true);
                            queue.push(o);
                        }
                    }
                }
                wanted
            }
        };

        let mut graph: DiGraph<(), (), usize> = DiGraph::with_capacity(n, 0);
        for _ in 0..n {
            graph.add_node(());
        }
        for (p, owners) in self.owners.iter().enumerate() {
            for &(o, _) in owners {
                graph.add_edge(p.into(), o.into(), ());
            }
        }
        // Components come owners first (reverse topological order of party -> owner), so
        // every owner outside a party's component already has its value.
        let components = kosaraju_scc(&graph);
        let mut component = vec![0usize; n];
        for (k, members) in components.iter().enumerate() {
            for m in members {
                if let Some(c) = component.get_mut(m.index()) {
                    *c = k;
                }
            }
        }

        let mut values = vec![Decimal::ZERO; n];
        let mut on_chain = vec![false; n];
        let mut steps: u64 = 0;
        for (k, members) in components.iter().enumerate() {
            let cyclic = members.len() > 1;
            for x in members.iter().map(|m| m.index()) {
                if !get(&wanted, x) {
                    continue;
                }
                // The value of an owner `o` reached with chain product `q`.
                let outside = |o: usize, q: Decimal, values: &[Decimal]| {
                    if is_match(o) {
                        q
                    } else {
                        mul(q, values.get(o).copied().unwrap_or(Decimal::ZERO))
                    }
                };
                let mut total = Decimal::ZERO;
                if !cyclic {
                    for &(o, share) in self.owners_of(x) {
                        if o != x {
                            total = add(total, outside(o, share, &values));
                        }
                    }
                } else {
                    // Every simple chain from `x` inside the component, iteratively:
                    // (party, product of shares down to it, next owner to try).
                    let mut stack = vec![(x, Decimal::ONE, 0usize)];
                    set(&mut on_chain, x, true);
                    while let Some(top) = stack.last_mut() {
                        let (y, product, next) = *top;
                        let Some(&(o, share)) = self.owners_of(y).get(next) else {
                            set(&mut on_chain, y, false);
                            stack.pop();
                            continue;
                        };
                        top.2 = next.saturating_add(1);
                        steps = steps.saturating_add(1);
                        if steps > limit {
                            return None;
                        }
                        if get(&on_chain, o) {
                            continue;
                        }
                        let q = mul(product, share);
                        if is_match(o) || component.get(o) != Some(&k) {
                            total = add(total, outside(o, q, &values));
                        } else {
                            set(&mut on_chain, o, true);
                            stack.push((o, q, 0));
                        }
                    }
                }
                if let Some(v) = values.get_mut(x) {
                    *v = total;
                }
            }
        }
        Some(values)
    }
}

fn get(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(false)
}

fn set(flags: &mut [bool], i: usize, value: bool) {
    if let Some(f) = flags.get_mut(i) {
        *f = value;
    }
}

/// `a * b` exactly, else rounded up; capped at 1 (an overflow is 1).
fn mul(a: Decimal, b: Decimal) -> Decimal {
    mul_toward(a, b, Toward::Ceiling)
        .map_or(Decimal::ONE, |(v, _)| v)
        .min(Decimal::ONE)
}

/// `a + b` exactly, else rounded up; capped at 1 (an overflow is 1).
fn add(a: Decimal, b: Decimal) -> Decimal {
    add_toward(a, b, Toward::Ceiling)
        .map_or(Decimal::ONE, |(v, _)| v)
        .min(Decimal::ONE)
}

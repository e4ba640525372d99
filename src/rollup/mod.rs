//! The content roll-up: derived values and counted content for many predicates in one pass.
//!
//! For a root item and predicates `P1..Pn`, one post-order pass over the BOM graph computes,
//! for every item reachable from the root:
//!
//! - its unit value: declared, or derived as the sum of `quantity x component value`;
//! - for each predicate, its counted content (see "What content means" in `docs/formats.md`):
//!   a component that matches counts at its whole value and is not descended into; one that
//!   does not is descended into; quantities multiply along paths and shared parts add up;
//! - lower and upper [`Bounds`] when facts are missing: an item whose predicate answer is
//!   unknown may or may not count, and an item with no value may be worth anything;
//! - the largest contributors, each with its path from the root.
//!
//! Each node is computed once from its children's results, so the cost grows with nodes and
//! edges, never with the number of paths through shared sub-assemblies.

mod bounds;
mod gaps;
mod pass;
mod slots;
mod top;
mod truth;

pub use bounds::Bounds;
pub(crate) use truth::{Each, Predicates, Then};
pub use truth::{Facts, Predicate, Truth};

use crate::bom::{Bom, Item};
use rust_decimal::Decimal;

/// Options for [`Bom::rollup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollupOptions {
    /// How many of the largest contributors to keep per predicate.
    pub top: usize,
}

impl Default for RollupOptions {
    fn default() -> Self {
        RollupOptions { top: 5 }
    }
}

/// Why a roll-up could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RollupError {
    /// The root asked for is not an item of the BOM.
    #[error("no item `{id}` in the BOM{}", match suggestion { Some(s) => format!("; did you mean `{s}`?"), None => String::new() })]
    UnknownItem {
        /// The id asked for.
        id: String,
        /// The closest id in the BOM, if one is close enough.
        suggestion: Option<String>,
    },
    /// A sum or product beyond the range of a decimal (about 7.9e28).
    #[error("arithmetic overflow rolling up item `{item}`: a sum or product exceeds about 7.9e28")]
    Overflow {
        /// The item whose value or content could not be computed.
        item: String,
    },
}

/// Where an item's unit value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Declared in the BOM.
    Declared,
    /// Not declared; the sum of its components' extended values.
    Derived,
    /// Not declared, and no components to derive it from.
    Unknown,
}

/// An item whose missing facts keep a roll-up's bounds apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gap {
    /// The item's id.
    pub item: String,
    /// The facts it lacks, which would narrow the bounds.
    pub missing: Facts,
}

/// One of the largest contributors to counted content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// Item ids from the root down to the matched item.
    pub path: Vec<String>,
    /// Units of the matched item in one unit of the root (quantities multiplied along the path).
    pub quantity: Decimal,
    /// Extended value in the BOM currency: `quantity x` the matched item's unit value (its
    /// lower bound when that value is itself uncertain).
    pub value: Decimal,
}

/// The counted content of one predicate at the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The counted content's value per unit of the root, in the BOM currency: exact, or
    /// bounds when facts are missing.
    pub bounds: Bounds,
    /// The exact result needs more than 28 decimal places, so `bounds` were rounded outward
    /// (by at most a few units in the last place) and bracket it.
    pub rounded: bool,
    /// Largest first; equal values ordered by path.
    pub contributors: Vec<Contributor>,
    /// Items whose missing facts make `bounds` differ, sorted by id (empty when exact).
    pub gaps: Vec<Gap>,
}

/// The result of [`Bom::rollup`]: values and contents for the root and everything below it.
#[derive(Debug)]
pub struct Rollup<'b> {
    bom: &'b Bom,
    root: u32,
    root_item: &'b Item,
    predicates: usize,
    /// Per node: its value (`None` when not reachable from the root), whether rounded.
    nodes: Vec<pass::Node>,
    /// Per node and predicate, `node * predicates + p`.
    truths: Vec<Truth>,
    /// Per slot: content, whether rounded, contributors (in `tops`).
    results: slots::Slots,
    tops: top::Arena,
}

impl Bom {
    /// Rolls up values and the counted content of each predicate under `root`, in one pass.
    ///
    /// # Errors
    /// [`RollupError::UnknownItem`] when `root` is not in the BOM; [`RollupError::Overflow`]
    /// when a sum or product cannot be held exactly.
    ///
    /// # Example
    /// ```
    /// use longarm::{Bom, Facts, Item, RollupOptions, Truth};
    /// let bom = Bom::from_json_str(r#"{ "currency": "USD", "items": [
    ///   { "id": "MOTOR", "value": "1500", "components": [
    ///       { "item": "MAGNET", "quantity": "1.6" }, { "item": "HOUSING", "quantity": "1" } ] },
    ///   { "id": "MAGNET", "origin": "JP", "value": "60",
    ///     "components": [ { "item": "DY", "quantity": "0.04" } ] },
    ///   { "id": "DY", "origin": "CN", "value": "350" },
    ///   { "id": "HOUSING", "value": "120" } ] }"#).unwrap();
    /// let chinese = |i: &Item| match i.origin {
    ///     Some(c) => Truth::from_bool(c.as_str() == "CN"),
    ///     None => Truth::Unknown(Facts::ORIGIN),
    /// };
    /// let rollup = bom.rollup("MOTOR", &[&chinese], RollupOptions::default()).unwrap();
    /// let content = rollup.content(0).unwrap();
    /// // 1.6 kg of magnet x 0.04 kg Dy/kg x 350 USD/kg = 22.4 USD; HOUSING's origin is unknown.
    /// assert_eq!(content.bounds.lo.to_string(), "22.400");
    /// assert_eq!(content.bounds.hi.unwrap().to_string(), "142.400");
    /// assert_eq!(content.gaps[0].item, "HOUSING");
    /// assert_eq!(content.contributors[0].path, ["MOTOR", "MAGNET", "DY"]);
    /// ```
    pub fn rollup<'b>(
        &'b self,
        root: &str,
        predicates: &[&dyn Predicate],
        options: RollupOptions,
    ) -> Result<Rollup<'b>, RollupError> {
        self.rollup_with(root, &Each(predicates), options)
    }

    /// [`Bom::rollup`], with predicates asked of each item together.
    pub(crate) fn rollup_with<'b>(
        &'b self,
        root: &str,
        predicates: &dyn Predicates,
        options: RollupOptions,
    ) -> Result<Rollup<'b>, RollupError> {
        let Some(root) = self.position(root).and_then(|r| u32::try_from(r).ok()) else {
            return Err(RollupError::UnknownItem {
                id: root.to_owned(),
                suggestion: self.suggest(root).map(str::to_owned),
            });
        };
        pass::run(self, root, predicates, options)
    }
}

impl<'b> Rollup<'b> {
    /// The BOM this roll-up was computed on.
    pub fn bom(&self) -> &'b Bom {
        self.bom
    }

    /// The root item.
    pub fn root(&self) -> &'b Item {
        self.root_item
    }

    /// The root's unit value.
    pub fn value(&self) -> Bounds {
        self.value_at(self.root).unwrap_or(Bounds::UNKNOWN)
    }

    /// Whether the root's value bounds were rounded outward because the exact value needs
    /// more than 28 decimal places.
    pub fn value_rounded(&self) -> bool {
        self.nodes
            .get(self.root as usize)
            .is_some_and(|n| n.rounded)
    }

    /// Where the root's unit value comes from.
    pub fn value_source(&self) -> ValueSource {
        source_of(self.root())
    }

    /// Items whose missing values keep the root's value bounds apart, sorted by id.
    pub fn value_gaps(&self) -> Vec<Gap> {
        gaps::value_gaps(self)
    }

    /// The unit value of an item reachable from the root.
    pub fn item_value(&self, id: &str) -> Option<Bounds> {
        self.value_at(self.node_of(id)?)
    }

    /// The counted content of predicate `p` (its index in the roll-up's slice) at the root.
    pub fn content(&self, p: usize) -> Option<Content> {
        let result = self.results.get(self.slot(self.root, p)?)?;
        let bounds = result.content;
        let tops = self.tops.list(result.top);
        let root_id = &self.root().id;
        let contributors = tops
            .iter()
            .map(|c| Contributor {
                path: std::iter::once(root_id.clone())
                    .chain(
                        self.tops
                            .path(c)
                            .filter_map(|n| self.item_of(n))
                            .map(|i| i.id.clone()),
                    )
                    .collect(),
                quantity: c.quantity,
                value: c.value,
            })
            .collect();
        let gaps = if bounds.is_exact() {
            Vec::new()
        } else {
            gaps::content_gaps(self, p)
        };
        Some(Content {
            bounds,
            rounded: result.rounded,
            contributors,
            gaps,
        })
    }

    /// The counted content of predicate `p` under an item reachable from the root, per one
    /// unit of that item.
    pub fn item_content(&self, id: &str, p: usize) -> Option<Bounds> {
        let slot = self.slot(self.node_of(id)?, p)?;
        self.results.get(slot).map(|r| r.content)
    }

    /// The answer of predicate `p` for an item reachable from the root.
    pub fn item_truth(&self, id: &str, p: usize) -> Option<Truth> {
        let slot = self.slot(self.node_of(id)?, p)?;
        self.truths.get(slot).copied()
    }

    /// How many items are reachable from the root (the root included).
    pub(crate) fn reached_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.value.is_some()).count()
    }

    /// Whether the item at position `node` of the BOM's items is reachable from the root
    /// (as `item_value` of its id is some).
    pub(crate) fn reached(&self, node: usize) -> bool {
        self.nodes.get(node).is_some_and(|n| n.value.is_some())
    }

    fn node_of(&self, id: &str) -> Option<u32> {
        let n = u32::try_from(self.bom.position(id)?).ok()?;
        self.value_at(n).map(|_| n)
    }

    fn value_at(&self, node: u32) -> Option<Bounds> {
        self.nodes.get(node as usize).and_then(|n| n.value)
    }

    fn slot(&self, node: u32, p: usize) -> Option<usize> {
        if p >= self.predicates {
            return None;
        }
        (node as usize).checked_mul(self.predicates)?.checked_add(p)
    }

    fn item_of(&self, node: u32) -> Option<&'b Item> {
        self.bom.items().get(node as usize)
    }
}

pub(crate) fn source_of(item: &Item) -> ValueSource {
    if item.unit_value.is_some() {
        ValueSource::Declared
    } else if item.components.is_empty() {
        ValueSource::Unknown
    } else {
        ValueSource::Derived
    }
}

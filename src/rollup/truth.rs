//! Three-valued predicate answers, and the facts whose absence makes an answer unknown.

use crate::Item;
use crate::bom::kinds::Kind;
use std::fmt;

/// Facts about an item whose absence can leave a question open (a small bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Facts(u16);

impl Facts {
    /// No fact.
    pub const NONE: Facts = Facts(0);
    /// Country of origin.
    pub const ORIGIN: Facts = Facts(1);
    /// Unit value.
    pub const VALUE: Facts = Facts(1 << 1);
    /// A classification code under some jurisdiction.
    pub const CLASSIFICATION: Facts = Facts(1 << 2);
    /// The form of a declared material (`metal`, `magnet`...).
    pub const MATERIAL_FORM: Facts = Facts(1 << 3);
    /// The process of a declared `made_with` entry.
    pub const PROCESS: Facts = Facts(1 << 4);
    /// A condition of a control row that the item's code does not carry ("when usable in
    /// missiles").
    pub const CONDITION: Facts = Facts(1 << 5);
    /// The item's material: a part that declares none, read as unknown when the BOM or the
    /// scenario asks for it (`assume.undeclared_material = "unknown"`).
    pub const MATERIAL: Facts = Facts(1 << 6);
    /// The item's breakdown into components: its material lists elements of counted content,
    /// but it declares no components that carry them.
    pub const BREAKDOWN: Facts = Facts(1 << 7);
    /// Not a missing fact of the BOM: the loaded packs do not encode the item's code (no
    /// control row knows it), so they cannot decide.
    pub const COVERAGE: Facts = Facts(1 << 8);
    /// The elements of a declared material: it names a form but no elements.
    pub const ELEMENTS: Facts = Facts(1 << 9);

    /// Every fact there is.
    pub const ALL: Facts = Facts((1 << 10) - 1);

    const NAMES: [(Facts, &'static str); 10] = [
        (Facts::ORIGIN, "origin"),
        (Facts::VALUE, "value"),
        (Facts::CLASSIFICATION, "classification"),
        (Facts::MATERIAL_FORM, "material form"),
        (Facts::PROCESS, "process"),
        (Facts::CONDITION, "control condition"),
        (Facts::MATERIAL, "material"),
        (Facts::BREAKDOWN, "breakdown"),
        (Facts::COVERAGE, "pack coverage of its code"),
        (Facts::ELEMENTS, "material elements"),
    ];

    /// Both sets together.
    #[must_use]
    pub const fn union(self, other: Facts) -> Facts {
        Facts(self.0 | other.0)
    }

    /// Whether every fact of `other` is in `self`.
    pub const fn contains(self, other: Facts) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set holds no fact.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The facts' names in a fixed order: `origin`, `value`, `classification`,
    /// `material form`, `process`, `control condition`, `material`, `breakdown`,
    /// `pack coverage of its code`, `material elements`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .into_iter()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, n)| n)
    }
}

impl fmt::Display for Facts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.names().collect();
        f.write_str(&names.join(", "))
    }
}

/// A three-valued answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Could be either; these missing facts would settle it.
    Unknown(Facts),
}

impl Truth {
    /// `True` or `False` from a known boolean.
    pub const fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction: false wins over unknown, unknown over true; missing facts merge.
    #[must_use]
    pub const fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, t) | (t, Truth::True) => t,
            (Truth::Unknown(a), Truth::Unknown(b)) => Truth::Unknown(a.union(b)),
        }
    }

    /// Kleene disjunction: true wins over unknown, unknown over false; missing facts merge.
    #[must_use]
    pub const fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, t) | (t, Truth::False) => t,
            (Truth::Unknown(a), Truth::Unknown(b)) => Truth::Unknown(a.union(b)),
        }
    }

    /// Kleene conjunction of `answers`, asked in order and only until one is false: past it,
    /// the others cannot change the answer (nor its missing facts, which false drops).
    pub(crate) fn all(answers: impl IntoIterator<Item = Truth>) -> Truth {
        let mut acc = Truth::True;
        for answer in answers {
            acc = acc.and(answer);
            if acc == Truth::False {
                break;
            }
        }
        acc
    }

    /// Kleene disjunction of `answers`, asked in order and only until one is true.
    pub(crate) fn any(answers: impl IntoIterator<Item = Truth>) -> Truth {
        let mut acc = Truth::False;
        for answer in answers {
            acc = acc.or(answer);
            if acc == Truth::True {
                break;
            }
        }
        acc
    }

    /// Kleene negation.
    #[must_use]
    pub const fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            u @ Truth::Unknown(_) => u,
        }
    }
}

/// A question asked of each item by the roll-up: does this component count as content?
///
/// Implemented for any `Fn(&Item) -> Truth`, so a closure will do.
///
/// # Example
/// ```
/// use longarm::{Facts, Item, Predicate, Truth};
/// let chinese_origin = |item: &Item| match item.origin {
///     Some(c) => Truth::from_bool(c.as_str() == "CN"),
///     None => Truth::Unknown(Facts::ORIGIN),
/// };
/// # fn takes(_: &dyn Predicate) {}
/// takes(&chinese_origin);
/// ```
pub trait Predicate {
    /// Whether `item` counts: true, false, or unknown with the facts that would settle it.
    fn test(&self, item: &Item) -> Truth;
}

impl<F: Fn(&Item) -> Truth> Predicate for F {
    fn test(&self, item: &Item) -> Truth {
        self(item)
    }
}

/// Predicates asked of each item together: how the roll-up reads its predicates, so that a
/// set of them can share work between their answers.
pub(crate) trait Predicates {
    /// How many predicates; their answers come in this order.
    fn count(&self) -> usize;

    /// Each predicate's answer for `item`, written to `out` in order (`out` has
    /// [`Predicates::count`] places). `kind` is the item's kind in its BOM, if it has one:
    /// items of one kind get the same answers.
    fn test_all(&self, item: &Item, kind: Option<Kind>, out: &mut [Truth]);
}

/// Predicates asked one by one.
pub(crate) struct Each<'s, 'p>(pub &'s [&'p dyn Predicate]);

impl Predicates for Each<'_, '_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn test_all(&self, item: &Item, _: Option<Kind>, out: &mut [Truth]) {
        for (t, p) in out.iter_mut().zip(self.0) {
            *t = p.test(item);
        }
    }
}

/// The predicates of `.0`, then those of `.1`.
pub(crate) struct Then<'s>(pub &'s dyn Predicates, pub &'s dyn Predicates);

impl Predicates for Then<'_> {
    fn count(&self) -> usize {
        self.0.count().saturating_add(self.1.count())
    }

    fn test_all(&self, item: &Item, kind: Option<Kind>, out: &mut [Truth]) {
        let (first, second) = out.split_at_mut(self.0.count().min(out.len()));
        self.0.test_all(item, kind, first);
        self.1.test_all(item, kind, second);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: Truth = Truth::Unknown(Facts::ORIGIN);

    #[test]
    fn kleene_tables() {
        use Truth::{False as F, True as T};
        assert_eq!(T.and(U), U);
        assert_eq!(F.and(U), F);
        assert_eq!(T.or(U), T);
        assert_eq!(F.or(U), U);
        assert_eq!(U.not(), U);
        assert_eq!(T.not(), F);
        assert_eq!(
            U.and(Truth::Unknown(Facts::VALUE)),
            Truth::Unknown(Facts::ORIGIN.union(Facts::VALUE))
        );
    }

    #[test]
    fn all_is_every_named_fact() {
        assert_eq!(Facts::ALL.names().count(), Facts::NAMES.len());
        let union = Facts::NAMES
            .iter()
            .fold(Facts::NONE, |acc, (f, _)| acc.union(*f));
        assert_eq!(union, Facts::ALL);
    }

    #[test]
    fn fact_names_in_fixed_order() {
        let all = Facts::CLASSIFICATION
            .union(Facts::ORIGIN)
            .union(Facts::VALUE);
        assert_eq!(all.to_string(), "origin, value, classification");
        assert!(Facts::NONE.is_empty());
    }
}

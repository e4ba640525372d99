//! What the pass keeps per slot (a node and a predicate) besides the predicate's answer: the
//! counted content, whether it was rounded, and the largest contributors.
//!
//! Most slots hold nothing (no match below: content exactly zero, no contributor), so only
//! the others are kept, each slot holding where its entry is: on a million-item BOM with nine
//! predicates, a full entry per slot would take hundreds of megabytes.

use super::Bounds;
use super::top::Span;
use rust_decimal::Decimal;
use std::num::NonZeroU32;

/// One slot's results.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// Counted content per unit of the node.
    pub content: Bounds,
    /// Whether `content` was rounded outward.
    pub rounded: bool,
    /// Its largest contributors in the arena.
    pub top: Span,
}

impl Slot {
    /// A slot that counts nothing: `Bounds::ZERO` (`Decimal::ZERO` at both ends, to the bit),
    /// not rounded, no contributor.
    pub const EMPTY: Slot = Slot {
        content: Bounds::ZERO,
        rounded: false,
        top: Span::EMPTY,
    };

    fn is_empty(&self) -> bool {
        !self.rounded
            && self.top.is_empty()
            && is_plain_zero(self.content.lo)
            && self.content.hi.is_some_and(is_plain_zero)
    }
}

/// `Decimal::ZERO` to the bit: no scale, no sign.
fn is_plain_zero(d: Decimal) -> bool {
    d.is_zero() && d.scale() == 0 && !d.is_sign_negative()
}

/// Every slot's results, the empty ones not stored.
#[derive(Debug)]
pub(crate) struct Slots {
    /// Per slot: its entry in `kept` (plus one), or none when it is [`Slot::EMPTY`].
    index: Vec<Option<NonZeroU32>>,
    kept: Vec<Slot>,
}

impl Slots {
    pub fn new(slots: usize) -> Self {
        Slots {
            index: vec![None; slots],
            kept: Vec::new(),
        }
    }

    /// The results of `slot`; `None` past the last slot.
    pub fn get(&self, slot: usize) -> Option<Slot> {
        match self.index.get(slot)? {
            None => Some(Slot::EMPTY),
            Some(at) => self.kept.get(at.get().saturating_sub(1) as usize).copied(),
        }
    }

    /// Whether `slot` holds [`Slot::EMPTY`] (or is past the last).
    pub fn is_empty_at(&self, slot: usize) -> bool {
        self.index.get(slot).is_none_or(Option::is_none)
    }

    /// Sets the results of `slot`, which holds [`Slot::EMPTY`] so far. `None` if `slot` is past
    /// the last or the kept entries outgrow `u32` indices.
    pub fn set(&mut self, slot: usize, value: Slot) -> Option<()> {
        let entry = self.index.get_mut(slot)?;
        if value.is_empty() {
            *entry = None;
            return Some(());
        }
        self.kept.push(value);
        *entry = Some(NonZeroU32::new(u32::try_from(self.kept.len()).ok()?)?);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_slots_are_not_kept_and_read_back_the_same() {
        let bits = |s: Slot| {
            (
                s.content.lo.serialize(),
                s.content.hi.map(|h| h.serialize()),
            )
        };
        let zeros = [
            Decimal::ZERO,
            -Decimal::ZERO,
            "0".parse().unwrap(),
            "0.00".parse().unwrap(),
            "-0.0".parse().unwrap(),
            Decimal::from_parts(0, 0, 0, true, 0),
        ];
        let mut slots = Slots::new(zeros.len() + 2);
        for (slot, zero) in zeros.into_iter().enumerate() {
            let value = Slot {
                content: Bounds::exact(zero),
                ..Slot::EMPTY
            };
            let kept = slots.kept.len();
            slots.set(slot, value).unwrap();
            // Kept unless it is `Decimal::ZERO` to the bit: a scale or a sign would show.
            let plain = bits(value) == bits(Slot::EMPTY);
            assert_eq!(slots.kept.len() == kept, plain, "{zero:?}");
            assert_eq!(bits(slots.get(slot).unwrap()), bits(value));
        }
        // Rounded: kept, whatever its content.
        let rounded = Slot {
            rounded: true,
            ..Slot::EMPTY
        };
        slots.set(zeros.len(), rounded).unwrap();
        assert!(slots.get(zeros.len()).unwrap().rounded);
        assert!(!slots.is_empty_at(zeros.len()));
        assert_eq!(bits(slots.get(zeros.len() + 1).unwrap()), bits(Slot::EMPTY));
        assert!(slots.is_empty_at(zeros.len() + 1));
        assert!(slots.get(zeros.len() + 2).is_none());
        assert!(slots.set(zeros.len() + 2, Slot::EMPTY).is_none());
    }
}

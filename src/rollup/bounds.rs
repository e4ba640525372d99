//! Interval arithmetic on decimals, for quantities whose inputs may be unknown.

use crate::codes::decimal::{add_exact, mul_exact};
use rust_decimal::Decimal;
use std::fmt;

/// A closed interval `[lo, hi]` of money; `hi = None` means unbounded (an unknown value
/// might be anything). Exact when `lo == hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bounds {
    pub lo: Decimal,
    pub hi: Option<Decimal>,
}

impl Bounds {
    pub const ZERO: Bounds = Bounds::exact(Decimal::ZERO);
    /// Anything from zero up: an unknown non-negative value.
    pub const UNKNOWN: Bounds = Bounds {
        lo: Decimal::ZERO,
        hi: None,
    };

    pub const fn exact(value: Decimal) -> Bounds {
        Bounds {
            lo: value,
            hi: Some(value),
        }
    }

    /// The single value, when the bounds have closed on one.
    pub fn as_exact(&self) -> Option<Decimal> {
        self.hi.filter(|hi| *hi == self.lo)
    }

    pub fn is_exact(&self) -> bool {
        self.as_exact().is_some()
    }

    /// `self + other` exactly, or `None` when that cannot be held exactly.
    pub fn checked_add(self, other: Bounds) -> Option<Bounds> {
        Some(Bounds {
            lo: add_exact(self.lo, other.lo)?,
            hi: match (self.hi, other.hi) {
                (Some(a), Some(b)) => Some(add_exact(a, b)?),
                _ => None,
            },
        })
    }

    /// `self * factor` exactly for a non-negative factor, or `None` when that cannot be held
    /// exactly.
    pub fn checked_scale(self, factor: Decimal) -> Option<Bounds> {
        Some(Bounds {
            lo: mul_exact(self.lo, factor)?,
            hi: match self.hi {
                Some(h) => Some(mul_exact(h, factor)?),
                None => None,
            },
        })
    }

    /// The smallest interval holding both: the answer when either may be the true one.
    pub(crate) fn hull(self, other: Bounds) -> Bounds {
        Bounds {
            lo: self.lo.min(other.lo),
            hi: match (self.hi, other.hi) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            },
        }
    }

    /// Whether `self` lies inside `other`.
    pub fn within(&self, other: &Bounds) -> bool {
        self.lo >= other.lo
            && match (self.hi, other.hi) {
                (_, None) => true,
                (None, Some(_)) => false,
                (Some(a), Some(b)) => a <= b,
            }
    }
}

impl fmt::Display for Bounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.as_exact(), self.hi) {
            (Some(v), _) => write!(f, "{v}"),
            (None, Some(hi)) => write!(f, "{} to {hi}", self.lo),
            (None, None) => write!(f, "{} or more", self.lo),
        }
    }
}

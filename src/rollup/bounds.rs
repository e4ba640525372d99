//! Interval arithmetic on decimals, for quantities whose inputs may be unknown.

use crate::codes::decimal::{Toward, add_toward, mul_toward};
use rust_decimal::Decimal;
use std::fmt;

/// A closed interval `[lo, hi]` of money; `hi = None` means unbounded (an unknown value
/// might be anything). Exact when `lo == hi`.
///
/// Serialised as `{ "lo": "22.40", "hi": "38.00" }` (decimal strings; `hi` left out when
/// unbounded); read back only when `lo <= hi`.
///
/// ```
/// use longarm::Bounds;
/// let b: Bounds = serde_json::from_str(r#"{ "lo": "22.40", "hi": "38.00" }"#).unwrap();
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"lo":"22.40","hi":"38.00"}"#);
/// assert!(serde_json::from_str::<Bounds>(r#"{ "lo": "2", "hi": "1" }"#).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawBounds", deny_unknown_fields)]
pub struct Bounds {
    /// The lower bound (inclusive).
    pub lo: Decimal,
    /// The upper bound (inclusive); `None`: unbounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hi: Option<Decimal>,
}

/// Bounds as read, before `lo <= hi` is checked.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBounds {
    lo: Decimal,
    #[serde(default)]
    hi: Option<Decimal>,
}

impl TryFrom<RawBounds> for Bounds {
    type Error = String;

    fn try_from(raw: RawBounds) -> Result<Bounds, String> {
        match raw.hi {
            Some(hi) if hi < raw.lo => Err(format!("bounds with `lo` {} above `hi` {hi}", raw.lo)),
            hi => Ok(Bounds { lo: raw.lo, hi }),
        }
    }
}

impl Bounds {
    /// Exactly zero.
    pub const ZERO: Bounds = Bounds::exact(Decimal::ZERO);
    /// Anything from zero up: an unknown non-negative value.
    pub const UNKNOWN: Bounds = Bounds {
        lo: Decimal::ZERO,
        hi: None,
    };

    /// Exactly `value`.
    ///
    /// ```
    /// use longarm::{Bounds, Decimal};
    ///
    /// let b = Bounds::exact(Decimal::new(22_400, 3)); // 22.400
    /// assert_eq!(b.as_exact(), Some(Decimal::new(224, 1)));
    /// assert_eq!(b.to_string(), "22.40");
    /// assert_eq!(Bounds::UNKNOWN.to_string(), "0 or more");
    /// ```
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

    /// Whether the bounds have closed on one value.
    pub fn is_exact(&self) -> bool {
        self.as_exact().is_some()
    }

    /// `self + other`. Exact when the sum can be held in 28 decimal places; otherwise
    /// rounded outward (the lower bound down, the upper up) and the flag is set. `None` on
    /// overflow.
    pub fn checked_add(self, other: Bounds) -> Option<(Bounds, bool)> {
        let (lo, r1) = add_toward(self.lo, other.lo, Toward::Floor)?;
        let (hi, r2) = match (self.hi, other.hi) {
            (Some(a), Some(b)) => {
                let (h, r) = add_toward(a, b, Toward::Ceiling)?;
                (Some(h), r)
            }
            _ => (None, false),
        };
        Some((Bounds { lo, hi }, r1 || r2))
    }

    /// `self * factor` for a non-negative factor, rounded outward like [`Bounds::checked_add`].
    pub fn checked_scale(self, factor: Decimal) -> Option<(Bounds, bool)> {
        let (lo, r1) = mul_toward(self.lo, factor, Toward::Floor)?;
        let (hi, r2) = match self.hi {
            Some(h) => {
                let (h, r) = mul_toward(h, factor, Toward::Ceiling)?;
                (Some(h), r)
            }
            None => (None, false),
        };
        Some((Bounds { lo, hi }, r1 || r2))
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
        // Exact values, trailing zeros trimmed to two places (`22.40000` -> `22.40`).
        let show = crate::codes::decimal::display;
        match (self.as_exact(), self.hi) {
            (Some(v), _) => f.write_str(&show(v)),
            (None, Some(hi)) => write!(f, "{} to {}", show(self.lo), show(hi)),
            (None, None) => write!(f, "{} or more", show(self.lo)),
        }
    }
}

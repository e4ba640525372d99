//! Exact decimal parsing from text: a string value or a number's literal text.
//!
//! Values never pass through `f64`. A literal that `rust_decimal` could only hold by rounding
//! (more than 28 fractional digits, or beyond its range) is an error, not a silent rounding.

use rust_decimal::Decimal;

/// Why a decimal literal was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalError {
    /// Not of the form `[-+]digits[.digits][e[-+]digits]`.
    Malformed,
    /// Well formed, but it cannot be held exactly (too many digits, or too large).
    OutOfRange,
}

/// Parses a decimal literal exactly.
///
/// Accepts an optional sign, digits with an optional fractional part, and (when `exponent` is
/// true, as for JSON and TOML numbers) an exponent. Underscores are not accepted here; TOML
/// callers strip them first, since TOML allows them between digits.
pub fn parse_decimal(text: &str, exponent: bool) -> Result<Decimal, DecimalError> {
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(at) if exponent => {
            let (m, e) = text.split_at(at);
            let e = e.get(1..).ok_or(DecimalError::Malformed)?;
            (m, Some(e))
        }
        Some(_) => return Err(DecimalError::Malformed),
        None => (text, None),
    };
    if !is_plain_decimal(mantissa) {
        return Err(DecimalError::Malformed);
    }
    let base = Decimal::from_str_exact(mantissa.strip_prefix('+').unwrap_or(mantissa))
        .map_err(|_| DecimalError::OutOfRange)?;
    let Some(exp) = exp else { return Ok(base) };
    let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecimalError::Malformed);
    }
    let magnitude: u32 = digits.parse().map_err(|_| DecimalError::OutOfRange)?;
    if exp.starts_with('-') {
        let scale = base
            .scale()
            .checked_add(magnitude)
            .ok_or(DecimalError::OutOfRange)?;
        Decimal::try_from_i128_with_scale(base.mantissa(), scale)
            .map_err(|_| DecimalError::OutOfRange)
    } else {
        let mut value = base;
        for _ in 0..magnitude.min(64) {
            value = value
                .checked_mul(Decimal::TEN)
                .ok_or(DecimalError::OutOfRange)?;
        }
        if magnitude > 64 && !value.is_zero() {
            return Err(DecimalError::OutOfRange);
        }
        Ok(value)
    }
}

fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// `a * b` exactly, or `None` when the exact product overflows or needs more than 28
/// fractional digits (where `rust_decimal` would silently round).
pub fn mul_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    // A zero result is exact whatever its scale (rust_decimal gives `0 x 1.5` scale 0) —
    // when a factor is zero; two nonzero factors whose product underflows to 0 are not.
    let exact = |a: Decimal, b: Decimal| {
        let product = a.checked_mul(b)?;
        let zero_exact = product.is_zero() && (a.is_zero() || b.is_zero());
        (zero_exact
            || (!product.is_zero() && product.scale() == a.scale().saturating_add(b.scale())))
        .then_some(product)
    };
    // Trailing zeros cost scale without carrying information: drop them and try again.
    exact(a, b).or_else(|| exact(a.normalize(), b.normalize()))
}

/// `a + b` exactly, or `None` when the exact sum cannot be held (see [`mul_exact`]).
pub fn add_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let exact = |a: Decimal, b: Decimal| {
        let sum = a.checked_add(b)?;
        (sum.is_zero() || sum.scale() == a.scale().max(b.scale())).then_some(sum)
    };
    exact(a, b).or_else(|| exact(a.normalize(), b.normalize()))
}

/// Which way to round when an exact result cannot be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// To a value no greater than the exact one (for lower bounds).
    Floor,
    /// To a value no smaller than the exact one (for upper bounds).
    Ceiling,
}

/// `exact` when it is `Some`; otherwise `nearest` (within one unit in its last place of the
/// exact result) moved one unit outward, so the result is a bound on the exact value.
/// Returns the value and whether it was rounded; `None` on overflow.
fn outward(
    exact: Option<Decimal>,
    nearest: Option<Decimal>,
    toward: Toward,
) -> Option<(Decimal, bool)> {
    if let Some(x) = exact {
        return Some((x, false));
    }
    let nearest = nearest?;
    let ulp = Decimal::new(1, nearest.scale());
    let moved = match toward {
        Toward::Floor => nearest.checked_sub(ulp)?,
        Toward::Ceiling => nearest.checked_add(ulp)?,
    };
    // Moving one unit must not itself have been rounded back (at the edge of the range).
    let outward = match toward {
        Toward::Floor => moved < nearest,
        Toward::Ceiling => moved > nearest,
    };
    outward.then_some((moved, true))
}

/// `a * b`, exact when it can be held, else rounded `toward` a bound of the exact product.
pub fn mul_toward(a: Decimal, b: Decimal, toward: Toward) -> Option<(Decimal, bool)> {
    // The hot path of the roll-up: one multiplication when exact, retries only when
    // dropping trailing zeros could help.
    // A quantity of exactly `1` (scale 0): the product is `a` itself (`Decimal::ZERO` for a
    // zero), as `checked_mul` gives it, and exact.
    if b.scale() == 0 && b.mantissa() == 1 {
        return Some((if a.is_zero() { Decimal::ZERO } else { a }, false));
    }
    if let Some(product) = mul_small(a, b) {
        return Some((product, false));
    }
    let product = a.checked_mul(b)?;
    if product.is_zero() {
        if a.is_zero() || b.is_zero() {
            return Some((product, false));
        }
        // Underflow: the exact product is nonzero but smaller than the smallest decimal;
        // bound it by 0 and the smallest decimal of its sign.
        let tiny = Decimal::new(1, 28);
        let positive = a.is_sign_positive() == b.is_sign_positive();
        return Some(match (toward, positive) {
            (Toward::Ceiling, true) => (tiny, true),
            (Toward::Floor, false) => (Decimal::new(-1, 28), true),
            _ => (Decimal::ZERO, true),
        });
    }
    if product.scale() == a.scale().saturating_add(b.scale()) {
        return Some((product, false));
    }
    let exact = if has_trailing_zero(a) || has_trailing_zero(b) {
        mul_exact(a, b)
    } else {
        None
    };
    outward(exact, Some(product), toward)
}

/// `a + b`, exact when it can be held, else rounded `toward` a bound of the exact sum.
pub fn add_toward(a: Decimal, b: Decimal, toward: Toward) -> Option<(Decimal, bool)> {
    if let Some(sum) = add_small(a, b) {
        return Some((sum, false));
    }
    let sum = a.checked_add(b)?;
    if sum.is_zero() || sum.scale() == a.scale().max(b.scale()) {
        return Some((sum, false));
    }
    let exact = if has_trailing_zero(a) || has_trailing_zero(b) {
        add_exact(a, b)
    } else {
        None
    };
    outward(exact, Some(sum), toward)
}

/// Most of the roll-up's numbers (prices with a few decimals, small quantities) have
/// mantissas of 64 bits or less, whose exact products and sums fit in 96 bits: the two
/// functions below compute those in integers, with the bits `checked_mul` and `checked_add`
/// give them (the mantissas combined, the scale of an exact result; never a zero, whose scale
/// and sign the library decides). `None` sends the operands to the general arithmetic.

/// `a * b` as `checked_mul` gives it, for nonzero factors of 64-bit mantissas whose exact
/// product has at most 28 decimal places and fits in 96 bits.
#[inline]
fn mul_small(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale().checked_add(b.scale())?;
    let ma = i64::try_from(a.mantissa()).ok()?;
    let mb = i64::try_from(b.mantissa()).ok()?;
    if ma == 0 || mb == 0 {
        return None;
    }
    // Two 64-bit factors cannot overflow 128 bits; the range of a decimal is checked below.
    let product = i128::from(ma).checked_mul(i128::from(mb))?;
    Decimal::try_from_i128_with_scale(product, scale).ok()
}

/// `a + b` as `checked_add` gives it, for nonzero terms of the same sign and 64-bit mantissas
/// whose exact sum fits in 96 bits (at the larger scale).
#[inline]
fn add_small(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a.is_sign_negative() != b.is_sign_negative() {
        return None;
    }
    let ma = i128::from(i64::try_from(a.mantissa()).ok()?);
    let mb = i128::from(i64::try_from(b.mantissa()).ok()?);
    if ma == 0 || mb == 0 {
        return None;
    }
    let (sa, sb) = (a.scale(), b.scale());
    let scale = sa.max(sb);
    // The term of the smaller scale is brought to the larger one, exactly.
    let up = |m: i128, s: u32| -> Option<i128> {
        let factor = POWERS_OF_TEN.get(usize::try_from(scale.checked_sub(s)?).ok()?)?;
        m.checked_mul(*factor)
    };
    let sum = up(ma, sa)?.checked_add(up(mb, sb)?)?;
    // Terms of one sign: the sum is the larger in size, so neither term overflowed 96 bits.
    Decimal::try_from_i128_with_scale(sum, scale).ok()
}

/// `10^k` for every scale `k` a decimal can have.
const POWERS_OF_TEN: [i128; 29] = {
    let mut table = [1i128; 29];
    let mut k = 1;
    while k < 29 {
        table[k] = table[k - 1] * 10;
        k += 1;
    }
    table
};

fn has_trailing_zero(d: Decimal) -> bool {
    d.scale() > 0 && d.mantissa() % 10 == 0
}

/// For display: the same exact value without trailing zeros beyond two decimal places
/// (`96.000` -> `96.00`, `0.0042` stays, `1` stays). Never rounds.
pub fn display(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() < 2 && d.scale() >= 2 {
        format!("{n:.2}")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Multiplying by exactly `1` takes a shortcut; it gives what `checked_mul` gives.
    #[test]
    fn times_one_is_the_product() {
        for a in [
            "0",
            "0.00",
            "-0.0",
            "1",
            "12.340",
            "-7.5",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "4294967296.5",
            "18446744073709551616.25",
        ] {
            for toward in [Toward::Floor, Toward::Ceiling] {
                let got = mul_toward(d(a), Decimal::ONE, toward).unwrap();
                let want = d(a).checked_mul(Decimal::ONE).unwrap();
                assert_eq!(got.0.serialize(), want.serialize(), "{a}");
                assert!(!got.1);
            }
        }
    }

    #[test]
    fn plain_literals_are_exact() {
        assert_eq!(parse_decimal("1.6", false), Ok(d("1.6")));
        assert_eq!(parse_decimal("-0.001", false), Ok(d("-0.001")));
        assert_eq!(parse_decimal("+7", false), Ok(d("7")));
        // More significant digits than an f64 holds survive unchanged.
        let long = "0.1000000000000000055511151231";
        assert_eq!(parse_decimal(long, false).unwrap().to_string(), long);
        assert_eq!(
            parse_decimal("123456789012345678.123456789", false)
                .unwrap()
                .to_string(),
            "123456789012345678.123456789"
        );
    }

    #[test]
    fn malformed_literals_are_rejected() {
        for bad in [
            "", "-", ".5", "5.", "1,5", "1_000", "0x10", "1e3", "abc", " 1", "1 ", "NaN", "--1",
        ] {
            assert_eq!(
                parse_decimal(bad, false),
                Err(DecimalError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn exponents_only_where_allowed_and_exact() {
        assert_eq!(parse_decimal("1.5e3", true), Ok(d("1500")));
        assert_eq!(parse_decimal("15E-4", true), Ok(d("0.0015")));
        assert_eq!(parse_decimal("2e+0", true), Ok(d("2")));
        assert_eq!(parse_decimal("1e", true), Err(DecimalError::Malformed));
        assert_eq!(parse_decimal("1e40", true), Err(DecimalError::OutOfRange));
        assert_eq!(parse_decimal("1e-40", true), Err(DecimalError::OutOfRange));
    }

    #[test]
    fn arithmetic_is_exact_or_refused() {
        assert_eq!(mul_exact(d("1.6"), d("0.04")), Some(d("0.064")));
        assert_eq!(
            mul_exact(d("1.600"), d("0.040")).unwrap().to_string(),
            "0.064000"
        );
        // 29 fractional digits: rust_decimal would round; we refuse.
        assert_eq!(
            mul_exact(d("0.2"), d("1.0000000000000000000000000001")),
            None
        );
        // Trailing zeros are dropped before giving up.
        let a = d("1.00000000000000000000");
        let b = d("0.000000000010000000000");
        assert_eq!(mul_exact(a, b).unwrap(), d("0.00000000001"));
        assert_eq!(mul_exact(Decimal::MAX, d("2")), None);
        assert_eq!(mul_exact(d("0.00"), d("1.08")), Some(Decimal::ZERO));
        assert_eq!(
            mul_toward(d("0"), d("1.5"), Toward::Floor),
            Some((Decimal::ZERO, false))
        );
        assert_eq!(
            add_toward(d("0.10"), d("-0.1"), Toward::Floor),
            Some((Decimal::ZERO, false))
        );
        assert_eq!(add_exact(d("0.1"), d("0.2")), Some(d("0.3")));
        assert_eq!(add_exact(Decimal::MAX, d("1")), None);
        assert_eq!(
            add_exact(d("7922816251426433759354395034"), d("0.1")),
            None,
            "the sum needs more than 96 bits of mantissa"
        );
    }

    #[test]
    fn rounding_is_outward_and_flagged() {
        let (a, b) = (d("0.2"), d("1.0000000000000000000000000001"));
        // Exact: 0.20000000000000000000000000002 (29 places).
        let (lo, rounded_lo) = mul_toward(a, b, Toward::Floor).unwrap();
        let (hi, rounded_hi) = mul_toward(a, b, Toward::Ceiling).unwrap();
        assert!(rounded_lo && rounded_hi);
        assert_eq!(lo, d("0.1999999999999999999999999999"));
        assert_eq!(hi, d("0.2000000000000000000000000001"));
        assert_eq!(
            mul_toward(d("1.5"), d("2"), Toward::Floor),
            Some((d("3.0"), false))
        );
        assert_eq!(mul_toward(Decimal::MAX, d("2"), Toward::Ceiling), None);
        let (s, r) =
            add_toward(d("7922816251426433759354395034"), d("0.1"), Toward::Ceiling).unwrap();
        assert!(r && s >= d("7922816251426433759354395034"));
    }

    #[test]
    fn too_many_digits_is_not_rounded() {
        assert_eq!(
            parse_decimal("0.00000000000000000000000000001", false),
            Err(DecimalError::OutOfRange)
        );
    }

    #[test]
    fn a_product_that_underflows_is_not_exact_zero() {
        let tiny = Decimal::new(1, 20);
        assert_eq!(mul_exact(tiny, tiny), None);
        assert_eq!(mul_exact(Decimal::ZERO, tiny), Some(Decimal::ZERO));
        assert_eq!(
            mul_toward(tiny, tiny, Toward::Ceiling),
            Some((Decimal::new(1, 28), true))
        );
        assert_eq!(
            mul_toward(tiny, tiny, Toward::Floor),
            Some((Decimal::ZERO, true))
        );
        assert_eq!(
            mul_toward(-tiny, tiny, Toward::Floor),
            Some((Decimal::new(-1, 28), true))
        );
        assert_eq!(
            mul_toward(Decimal::ZERO, tiny, Toward::Floor),
            Some((Decimal::ZERO, false))
        );
    }

    /// Mantissas near the edges the integer paths check: 0, 1, 32, 63, 64 and 96 bits.
    fn edge_mantissas() -> Vec<i128> {
        let mut m = vec![
            0i128,
            1,
            2,
            3,
            7,
            10,
            25,
            75,
            99,
            100,
            12_345,
            637_841_237_086_524,
        ];
        for bits in [31u32, 32, 33, 47, 48, 62, 63, 64, 65, 95, 96] {
            let p = 1i128 << bits;
            m.extend([p - 1, p, p + 1]);
        }
        m.extend([
            i128::from(i64::MAX),
            i128::from(u64::MAX),
            79_228_162_514_264_337_593_543_950_335,
        ]);
        m.retain(|&x| x <= 79_228_162_514_264_337_593_543_950_335);
        let negatives: Vec<i128> = m.iter().map(|x| -x).collect();
        m.extend(negatives);
        m
    }

    fn edge_decimals() -> Vec<Decimal> {
        let mut out = Vec::new();
        for m in edge_mantissas() {
            for scale in [0u32, 1, 2, 3, 9, 14, 18, 19, 27, 28] {
                out.push(Decimal::from_i128_with_scale(m, scale));
            }
        }
        // Zeros with a sign or a scale.
        out.push(Decimal::from_parts(0, 0, 0, true, 3));
        out
    }

    /// The integer paths give `checked_mul`'s and `checked_add`'s bits whenever they answer,
    /// and they answer for the roll-up's usual numbers.
    #[test]
    fn integer_paths_match_rust_decimal_on_edges() {
        let all = edge_decimals();
        let mut taken = (0usize, 0usize);
        for &a in &all {
            for &b in &all {
                if let Some(p) = mul_small(a, b) {
                    taken.0 += 1;
                    let want = a.checked_mul(b).unwrap();
                    assert_eq!(p.serialize(), want.serialize(), "{a:?} x {b:?}");
                }
                if let Some(s) = add_small(a, b) {
                    taken.1 += 1;
                    let want = a.checked_add(b).unwrap();
                    assert_eq!(s.serialize(), want.serialize(), "{a:?} + {b:?}");
                }
            }
        }
        assert!(taken.0 > 10_000 && taken.1 > 10_000, "{taken:?}");
        for (a, b) in [
            ("6378412370865.24", "0.75"),
            ("1321494530507.24", "3"),
            ("0.25", "2"),
        ] {
            assert!(mul_small(d(a), d(b)).is_some(), "{a} x {b}");
            assert!(add_small(d(a), d(b)).is_some(), "{a} + {b}");
        }
        // Past 96 bits, past 28 places, zeros, mixed signs: the general arithmetic.
        let max = Decimal::MAX;
        assert!(mul_small(d("18446744073709551615"), d("18446744073709551615")).is_none());
        assert!(mul_small(d("0.00000000000001"), d("0.000000000000001")).is_none());
        assert!(add_small(max, Decimal::ONE).is_none());
        assert!(add_small(d("0.00"), d("1.5")).is_none());
        assert!(add_small(d("-1"), d("1.5")).is_none());
    }

    proptest::proptest! {
        #[test]
        fn integer_paths_match_rust_decimal(
            ma in proptest::prop_oneof![
                -1_000_000i128..1_000_000,
                -(1i128 << 64)..(1i128 << 64),
                (1i128 << 62)..(1i128 << 63) + 10,
            ],
            mb in proptest::prop_oneof![
                -1_000_000i128..1_000_000,
                -(1i128 << 64)..(1i128 << 64),
                (1i128 << 30)..(1i128 << 34),
            ],
            sa in 0u32..=28,
            sb in 0u32..=28,
        ) {
            let (a, b) = (Decimal::from_i128_with_scale(ma, sa), Decimal::from_i128_with_scale(mb, sb));
            if let Some(p) = mul_small(a, b) {
                proptest::prop_assert_eq!(p.serialize(), a.checked_mul(b).unwrap().serialize());
            }
            if let Some(s) = add_small(a, b) {
                proptest::prop_assert_eq!(s.serialize(), a.checked_add(b).unwrap().serialize());
            }
            // And through the rounding functions, whichever path they take.
            for toward in [Toward::Floor, Toward::Ceiling] {
                if let (Some((x, false)), Some(want)) = (mul_toward(a, b, toward), a.checked_mul(b)) {
                    if want.scale() == a.scale() + b.scale() {
                        proptest::prop_assert_eq!(x.serialize(), want.serialize());
                    }
                }
            }
        }
    }
}

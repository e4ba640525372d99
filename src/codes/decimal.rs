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
    // Most values in a BOM are short plain decimals (`"12.50"`, `"1"`).
    if let Some(value) = parse_short(text) {
        return Ok(value);
    }
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

/// A plain decimal (`[-+]digits[.digits]`) of at most 19 digits, read as
/// `Decimal::from_str_exact` reads it (the same mantissa, scale and sign, a zero's sign
/// included) without its general machinery; `None` for any other text, which the general
/// path then reads.
fn parse_short(text: &str) -> Option<Decimal> {
    const MOST_DIGITS: u32 = 19; // 10^19 - 1 < 2^64
    let (negative, unsigned) = match text.as_bytes().split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, text.as_bytes()),
    };
    let mut mantissa: u64 = 0;
    let mut digits: u32 = 0;
    let mut int_digits: Option<u32> = None;
    for &b in unsigned {
        match b {
            b'0'..=b'9' => {
                digits = digits.checked_add(1).filter(|&d| d <= MOST_DIGITS)?;
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(u64::from(b.wrapping_sub(b'0')))?;
            }
            b'.' if int_digits.is_none() => int_digits = Some(digits),
            _ => return None,
        }
    }
    let scale = match int_digits {
        // Digits on both sides of the point, as `is_plain_decimal` asks.
        Some(int) if int > 0 && digits > int => digits.wrapping_sub(int),
        Some(_) => return None,
        None if digits > 0 => 0,
        None => return None,
    };
    // Truncation to the low and middle 32-bit words of the 96-bit mantissa: it fits in 64.
    let lo = (mantissa & 0xFFFF_FFFF) as u32;
    let mid = (mantissa >> 32) as u32;
    Some(Decimal::from_parts(lo, mid, 0, negative, scale))
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

    /// What the general path gives, to compare the short one with.
    fn general(text: &str) -> Option<[u8; 16]> {
        if !is_plain_decimal(text) {
            return None;
        }
        Decimal::from_str_exact(text.strip_prefix('+').unwrap_or(text))
            .ok()
            .map(|d| d.serialize())
    }

    #[test]
    fn short_decimals_read_as_the_general_path_reads_them() {
        let fixed = [
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.00",
            "00",
            "007.50",
            "1",
            "-1",
            "+1.5",
            "12.340",
            "0.0000000000000000001",
            "9999999999999999999",
            "-9999999999999999999",
            "999999999.9999999999",
            "18446744073709551615",
            "10000000000000000000",
            "4294967295",
            "4294967296",
            "-4294967296.5",
            "1.",
            ".5",
            "-.5",
            "+",
            "-",
            "",
            "1..2",
            "1.2.3",
            "1e5",
            "--1",
            "+-1",
            " 1",
            "1 ",
            "0x10",
            "١",
        ];
        for text in fixed {
            if let Some(short) = parse_short(text) {
                assert_eq!(Some(short.serialize()), general(text), "{text}");
            }
        }
        // The short path takes what it should, and leaves the rest to the general one.
        for text in [
            "0",
            "-0",
            "+1.5",
            "007.50",
            "9999999999999999999",
            "-4294967296.5",
        ] {
            assert!(parse_short(text).is_some(), "{text}");
        }
        for text in [
            "18446744073709551615",
            "1.",
            ".5",
            "1e5",
            "",
            "-",
            "1..2",
            " 1",
            "١",
        ] {
            assert!(parse_short(text).is_none(), "{text}");
        }
        // Every plain decimal of up to 20 digits, with signs and points placed anywhere.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut taken = 0;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 21) as usize;
            let mut text = String::new();
            match (seed >> 8) % 4 {
                0 => text.push('-'),
                1 => text.push('+'),
                _ => {}
            }
            let mut r = seed >> 16;
            for i in 0..len {
                let digit = (r % 10) as u8;
                r = r / 10 + (i as u64).wrapping_mul(2_654_435_761);
                text.push(char::from(b'0' + digit));
            }
            if !(seed >> 40).is_multiple_of(3) {
                let at = 1 + ((seed >> 44) as usize % len.max(1));
                let at = at.min(text.len());
                text.insert(at, '.');
            }
            if let Some(short) = parse_short(&text) {
                assert_eq!(Some(short.serialize()), general(&text), "{text}");
                taken += 1;
            }
        }
        assert!(taken > 100_000, "{taken} taken by the short path");
    }

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
}

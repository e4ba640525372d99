//! Calendar dates (`YYYY-MM-DD`), for as-of dates and rule windows.

use std::fmt;

/// A proleptic Gregorian calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (years 1000 to 9999), checking the day exists.
    ///
    /// # Example
    /// ```
    /// use longarm::Date;
    /// assert!(Date::parse("2026-11-10").is_some());
    /// assert!(Date::parse("2025-02-29").is_none()); // not a leap year
    /// assert!(Date::parse("2026-1-5").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = num(0..4)?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        if year < 1000 || !(1..=12).contains(&month) || day < 1 || day > days_in(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year, 1000 to 9999.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    ///
    /// # Example
    /// ```
    /// use longarm::Date;
    /// let a = Date::parse("2025-11-09").unwrap();
    /// assert_eq!(a.days_until(Date::parse("2026-02-07").unwrap()), 90);
    /// assert_eq!(a.days_until(a), 0);
    /// ```
    // Day numbers of years 1000-9999 are below 4 million: no operation here can overflow.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// Days since 0000-03-01 (H. Hinnant's `days_from_civil`), for differences only.
    #[allow(clippy::arithmetic_side_effects)]
    fn day_number(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
}

fn days_in(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let a = Date::parse("2025-11-07").unwrap();
        let b = Date::parse("2026-11-10").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2026-11-10");
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
        for bad in [
            "",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T00:00",
            "+026-01-01",
            "2026-1a-01",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}

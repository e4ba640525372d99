//! The codes as text: `FromStr` with the loader's own messages (and suggestions), and serde
//! as the strings the file formats write, so a program can read and write them like a file.

use super::{country::Country, currency::Currency, date::Date};
use crate::error::ProblemKind;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::str::FromStr;

impl FromStr for Country {
    type Err = ProblemKind;

    /// # Example
    /// ```
    /// use longarm::Country;
    /// assert_eq!("DE".parse::<Country>().unwrap().as_str(), "DE");
    /// let err = "Germany".parse::<Country>().unwrap_err();
    /// assert!(err.to_string().ends_with("did you mean `DE`?"), "{err}");
    /// ```
    fn from_str(text: &str) -> Result<Country, ProblemKind> {
        Country::parse(text).ok_or_else(|| ProblemKind::InvalidCountry {
            code: text.to_owned(),
            suggestion: super::country::suggest(text),
        })
    }
}

impl FromStr for Currency {
    type Err = ProblemKind;

    fn from_str(text: &str) -> Result<Currency, ProblemKind> {
        Currency::parse(text).ok_or_else(|| ProblemKind::InvalidCurrency {
            code: text.to_owned(),
        })
    }
}

impl FromStr for Date {
    type Err = ProblemKind;

    /// # Example
    /// ```
    /// use longarm::Date;
    /// assert_eq!("2026-12-01".parse::<Date>().unwrap().to_string(), "2026-12-01");
    /// assert!("2026-02-30".parse::<Date>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Date, ProblemKind> {
        Date::parse(text).ok_or_else(|| ProblemKind::InvalidDate {
            text: text.to_owned(),
        })
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Deserialises any of the codes from a string through its `FromStr`.
fn from_text<'de, D: Deserializer<'de>, T: FromStr<Err = ProblemKind>>(
    d: D,
) -> Result<T, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    text.parse().map_err(de::Error::custom)
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        from_text(d)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        from_text(d)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        from_text(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json() {
        let c: Country = serde_json::from_str("\"CN\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"CN\"");
        let e: Currency = serde_json::from_str("\"EUR\"").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"EUR\"");
        let d: Date = serde_json::from_str("\"2026-12-01\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-12-01\"");
        let err = serde_json::from_str::<Country>("\"China\"").unwrap_err();
        assert!(err.to_string().contains("did you mean `CN`?"), "{err}");
        assert!(serde_json::from_str::<Currency>("\"eur\"").is_err());
        assert!(serde_json::from_str::<Date>("\"2025-02-29\"").is_err());
        assert!(serde_json::from_str::<Date>("20251201").is_err());
    }
}

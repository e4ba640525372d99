//! ISO 4217-shaped currency codes.

use std::fmt;

/// A three-letter upper-case currency code (`USD`, `EUR`, `JPY`).
///
/// Only the shape is checked: whether a BOM can use the currency is decided by its FX table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a code of three upper-case ASCII letters.
    ///
    /// # Example
    /// ```
    /// use longarm::Currency;
    /// assert!(Currency::parse("EUR").is_some());
    /// assert!(Currency::parse("eur").is_none());
    /// ```
    pub fn parse(code: &str) -> Option<Currency> {
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_uppercase)
            .then_some(Currency(bytes))
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

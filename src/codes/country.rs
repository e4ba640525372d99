//! ISO 3166-1 alpha-2 country codes.

use std::fmt;

/// An ISO 3166-1 alpha-2 country code, validated at load (e.g. `CN`, `US`, `DE`).
///
/// The 249 officially assigned codes are accepted, plus `XK` (Kosovo), which is user-assigned
/// in ISO 3166 but used by the EU, the US Country Chart and most trade systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// Parses an upper-case alpha-2 code; `None` if it is not an assigned code.
    ///
    /// # Example
    /// ```
    /// use longarm::Country;
    /// assert_eq!(Country::parse("CN").map(|c| c.to_string()), Some("CN".to_string()));
    /// assert!(Country::parse("cn").is_none());
    /// assert!(Country::parse("XX").is_none());
    /// ```
    pub fn parse(code: &str) -> Option<Country> {
        let bytes: [u8; 2] = code.as_bytes().try_into().ok()?;
        if ASSIGNED.binary_search(&code).is_ok() {
            Some(Country(bytes))
        } else {
            None
        }
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Both bytes come from a validated ASCII code.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Country names (English, as trade documents write them) and common aliases -> codes, for
/// "did you mean `DE`?" when a file says `Germany`. Case-insensitive.
fn names() -> &'static std::collections::BTreeMap<String, String> {
    static NAMES: std::sync::OnceLock<std::collections::BTreeMap<String, String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = std::collections::BTreeMap::new();
        // The table generated from the EAR data; an unreadable table only loses suggestions.
        if let Ok(serde_json::Value::Object(doc)) = serde_json::from_str::<serde_json::Value>(
            include_str!("../../packs/country-names.json"),
        ) && let Some(serde_json::Value::Object(names)) = doc.get("names")
        {
            for (name, code) in names {
                if let Some(code) = code.as_str() {
                    map.insert(name.to_lowercase(), code.to_owned());
                }
            }
        }
        for (alias, code) in ALIASES {
            map.insert((*alias).to_lowercase(), (*code).to_owned());
        }
        map
    })
}

const ALIASES: &[(&str, &str)] = &[
    ("USA", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("England", "GB"),
    ("PRC", "CN"),
    ("People's Republic of China", "CN"),
    ("Mainland China", "CN"),
    ("Hong Kong", "HK"),
    ("South Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("Korea", "KR"),
    ("Czechia", "CZ"),
    ("Turkey", "TR"),
    ("Viet Nam", "VN"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("Russian Federation", "RU"),
    ("UAE", "AE"),
    ("Republic of China", "TW"),
];

/// The code a person probably meant by `text`: a code in the wrong case (`de`), a country
/// name (`Germany`, `germany`), a common alias (`UK`, `USA`), or a name misspelt by a letter
/// or two (`Germny`).
pub(crate) fn suggest(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if let Some(c) = Country::parse(&trimmed.to_ascii_uppercase()) {
        return Some(c.to_string());
    }
    let names = names();
    let lower = trimmed.to_lowercase();
    if let Some(code) = names.get(&lower) {
        return Some(code.clone());
    }
    if trimmed.chars().count() < 4 {
        return None;
    }
    crate::doc::read::closest(&lower, names.keys().map(String::as_str))
        .and_then(|name| names.get(name).cloned())
}

/// Sorted, so `binary_search` works (a unit test checks the order).
const ASSIGNED: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(ASSIGNED.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ASSIGNED.len(), 250); // 249 assigned + XK
    }

    #[test]
    fn suggests_codes_for_names_and_aliases() {
        assert_eq!(suggest("Germany").as_deref(), Some("DE"));
        assert_eq!(suggest("germany").as_deref(), Some("DE"));
        assert_eq!(suggest("Germny").as_deref(), Some("DE"));
        assert_eq!(suggest("de").as_deref(), Some("DE"));
        assert_eq!(suggest("UK").as_deref(), Some("GB"));
        assert_eq!(suggest("China").as_deref(), Some("CN"));
        assert_eq!(suggest("Vietnam").as_deref(), Some("VN"));
        assert_eq!(suggest("Qq"), None);
    }

    #[test]
    fn parses_only_assigned_upper_case_codes() {
        for ok in ["CN", "US", "VN", "JP", "DE", "XK", "TW", "HK"] {
            assert_eq!(Country::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "C", "CHN", "cn", "Cn", "ZZ", "UK", "EU", "中国"] {
            assert!(Country::parse(bad).is_none(), "{bad}");
        }
    }
}

//! Dated listings of named parties (`[[listings]]` in a pack): which instrument put whom on
//! which list, with what measures, and when those measures were suspended or lifted. Data for
//! `longarm parties find`, not conditions: a scenario still declares the lists of its parties.

use super::model::Listing;
use super::window::{Status, status};
use crate::Date;

impl Listing {
    /// Where the listing's measures stand on `date`: in force, not yet published, suspended
    /// (with the day they come back, if known), or lifted.
    pub fn status(&self, date: Date) -> Status {
        status(&self.effective, &self.suspended, date)
    }

    /// The list ids a scenario dated `date` declares for a party this listing names: the
    /// listing's lists while its measures are in force, none otherwise.
    pub fn lists_on(&self, date: Date) -> &[String] {
        if self.status(date) == Status::InForce {
            &self.lists
        } else {
            &[]
        }
    }
}

/// A name as compared: NFKC-normalised (fullwidth `Ｇ` is `G`), lower-case letters and
/// digits, every run of anything else (punctuation, spaces) one space.
pub(crate) fn normalise(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    for c in name.nfkc() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Whether a recorded name matches a query (both [`normalise`]d, neither empty): the
/// recorded name contains the query (`Dynamics` finds `General Dynamics`), or the query
/// holds the whole recorded name on word boundaries (`General Dynamics Corp.` finds
/// `General Dynamics`, `Gibbs & Coxswain` does not find `Gibbs & Cox`).
pub(crate) fn name_matches(recorded: &str, query: &str) -> bool {
    if recorded.is_empty() || query.is_empty() {
        return false;
    }
    recorded.contains(query) || format!(" {query} ").contains(&format!(" {recorded} "))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn names_compare_without_case_or_punctuation() {
        assert_eq!(
            normalise("  Raytheon Missiles & Defense "),
            "raytheon missiles defense"
        );
        assert_eq!(normalise("L3Harris"), "l3harris");
        assert_eq!(normalise("...."), "");
    }
}

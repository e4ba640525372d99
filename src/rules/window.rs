//! Dated validity: when a rule is in force, and when it is suspended.

use crate::Date;
use serde::Serialize;

/// A closed date interval `[from, to]`; `to = None` means open-ended. Both ends inclusive,
/// as the announcements' "from ... until ..." are read (each pack notes its choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Window {
    /// The first day (inclusive).
    pub from: Date,
    /// The last day (inclusive); `None`: open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// The instrument that opened (or suspended) the window, e.g. `MOFCOM Announcement No. 70 (2025)`.
    pub instrument: String,
}

impl Window {
    /// Whether `date` is in the window, both ends included.
    ///
    /// ```
    /// use longarm::Date;
    /// use longarm::rules::Window;
    ///
    /// let date = |s| Date::parse(s).expect("a date");
    /// let window = Window {
    ///     from: date("2025-11-07"),
    ///     to: Some(date("2026-11-10")),
    ///     instrument: "MOFCOM/GAC Announcement No. 70 (2025)".to_owned(),
    /// };
    /// assert!(window.contains(date("2026-11-10")));
    /// assert!(!window.contains(date("2026-11-11")));
    /// ```
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }

    /// Whether two windows share at least one day.
    pub fn overlaps(&self, other: &Window) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|to| self.from <= to);
        let other_starts_before_self_ends = self.to.is_none_or(|to| other.from <= to);
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// Where a rule stands on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// In an effective window and not suspended.
    InForce,
    /// Before its first effective window. `window` is what holds it back (the window to come,
    /// or a suspension already covering its start); `starts` the first day it will be in
    /// force, if any.
    NotYet {
        /// The window that holds it back.
        window: Window,
        /// The first day it will be in force, if any.
        starts: Option<Date>,
    },
    /// In an effective window but suspended by `suspension`; `revives` is the first day it
    /// will be in force again, if any (back-to-back suspensions and later windows counted).
    Suspended {
        /// The suspension window covering the date.
        suspension: Window,
        /// The first day it will be in force again, if any.
        revives: Option<Date>,
    },
    /// Outside every effective window, with none to come.
    Lapsed,
}

/// The status of a rule with these effective and suspension windows on `date`.
pub fn status(effective: &[Window], suspended: &[Window], date: Date) -> Status {
    if effective.iter().any(|w| w.contains(date)) {
        return match suspended.iter().find(|w| w.contains(date)) {
            None => Status::InForce,
            Some(s) => Status::Suspended {
                suspension: s.clone(),
                revives: next_in_force(effective, suspended, date),
            },
        };
    }
    let Some(coming) = effective
        .iter()
        .filter(|w| w.from > date)
        .min_by_key(|w| w.from)
    else {
        return Status::Lapsed;
    };
    let window = suspended
        .iter()
        .find(|s| s.contains(coming.from))
        .unwrap_or(coming)
        .clone();
    Status::NotYet {
        window,
        starts: next_in_force(effective, suspended, date),
    }
}

/// The first day after `date` on which the windows put a rule in force: the first of the
/// candidate days (an effective window's start, the day after a suspension ends) that is
/// in force.
pub fn next_in_force(effective: &[Window], suspended: &[Window], date: Date) -> Option<Date> {
    let mut candidates: Vec<Date> = effective
        .iter()
        .map(|w| w.from)
        .chain(suspended.iter().filter_map(|s| s.to.and_then(next_day)))
        .filter(|d| *d > date)
        .collect();
    candidates.sort();
    candidates.into_iter().find(|d| {
        effective.iter().any(|w| w.contains(*d)) && !suspended.iter().any(|s| s.contains(*d))
    })
}

/// The day after `date`, if representable.
pub fn next_day(date: Date) -> Option<Date> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let candidates = [
        format!("{y:04}-{m:02}-{:02}", d.saturating_add(1)),
        format!("{y:04}-{:02}-01", m.saturating_add(1)),
        format!("{:04}-01-01", y.saturating_add(1)),
    ];
    candidates.iter().find_map(|c| Date::parse(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn w(from: &str, to: Option<&str>) -> Window {
        Window {
            from: d(from),
            to: to.map(d),
            instrument: "test".into(),
        }
    }

    #[test]
    fn next_day_rolls_over() {
        assert_eq!(next_day(d("2026-11-10")), Some(d("2026-11-11")));
        assert_eq!(next_day(d("2026-11-30")), Some(d("2026-12-01")));
        assert_eq!(next_day(d("2026-12-31")), Some(d("2027-01-01")));
        assert_eq!(next_day(d("2024-02-28")), Some(d("2024-02-29")));
        assert_eq!(next_day(d("2025-02-28")), Some(d("2025-03-01")));
    }

    #[test]
    fn no61_art1_1_under_the_no70_suspension() {
        let effective = [w("2025-12-01", None)];
        let suspended = [w("2025-11-07", Some("2026-11-10"))];
        // Before its start, which the suspension already covers: it starts when that ends.
        assert!(matches!(
            status(&effective, &suspended, d("2025-11-30")),
            Status::NotYet { window, starts: Some(s) } if s == d("2026-11-11") && window.instrument == "test"
                && window.to == Some(d("2026-11-10"))
        ));
        // First day in force is also inside the suspension.
        let first = status(&effective, &suspended, d("2025-12-01"));
        assert!(
            matches!(first, Status::Suspended { revives: Some(r), .. } if r == d("2026-11-11"))
        );
        // Last day of the suspension (inclusive), then in force.
        assert!(matches!(
            status(&effective, &suspended, d("2026-11-10")),
            Status::Suspended { .. }
        ));
        assert_eq!(
            status(&effective, &suspended, d("2026-11-11")),
            Status::InForce
        );
    }

    #[test]
    fn closed_windows_lapse() {
        let effective = [w("2025-09-29", Some("2025-11-09"))];
        assert_eq!(status(&effective, &[], d("2025-09-29")), Status::InForce);
        assert_eq!(status(&effective, &[], d("2025-11-09")), Status::InForce);
        assert_eq!(status(&effective, &[], d("2025-11-10")), Status::Lapsed);
        assert!(matches!(
            status(&effective, &[], d("2025-09-28")),
            Status::NotYet { starts: Some(s), .. } if s == d("2025-09-29")
        ));
    }

    #[test]
    fn revival_skips_back_to_back_suspensions_and_finds_later_windows() {
        let effective = [w("2025-01-01", Some("2025-12-31")), w("2026-06-01", None)];
        let suspended = [
            w("2025-11-01", Some("2025-11-10")),
            w("2025-11-11", Some("2026-01-31")),
        ];
        let revives = |date| match status(&effective, &suspended, d(date)) {
            Status::Suspended { revives, .. } => revives,
            other => panic!("{other:?}"),
        };
        // Not 2025-11-11 (suspended again), not 2026-02-01 (between windows): 2026-06-01.
        assert_eq!(revives("2025-11-05"), Some(d("2026-06-01")));
        assert_eq!(revives("2025-12-31"), Some(d("2026-06-01")));
        assert_eq!(
            next_in_force(&effective, &[], d("2025-12-31")),
            Some(d("2026-06-01"))
        );
        let forever = [w("2025-01-01", None)];
        assert_eq!(
            next_in_force(
                &[w("2025-01-01", Some("2025-02-01"))],
                &forever,
                d("2024-01-01")
            ),
            None
        );
    }

    #[test]
    fn overlap() {
        assert!(w("2025-01-01", Some("2025-06-30")).overlaps(&w("2025-06-30", None)));
        assert!(!w("2025-01-01", Some("2025-06-29")).overlaps(&w("2025-06-30", None)));
        assert!(w("2025-01-01", None).overlaps(&w("2030-01-01", None)));
    }
}

//! Dated validity: when a rule is in force, and when it is suspended.

use crate::Date;
use serde::Serialize;

/// A closed date interval `[from, to]`; `to = None` means open-ended. Both ends inclusive,
/// as the announcements' "from ... until ..." are read (each pack notes its choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// The instrument that opened (or suspended) the window, e.g. `MOFCOM Announcement No. 70 (2025)`.
    pub instrument: String,
}

impl Window {
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
    /// Not yet in force: its first effective window after the date starts on `starts`.
    NotYet { starts: Date },
    /// In an effective window but suspended by `suspension`; it revives the day after the
    /// suspension ends (`revives`, when it ends and an effective window goes on).
    Suspended {
        suspension: Window,
        revives: Option<Date>,
    },
    /// Outside every effective window, with none to come.
    Lapsed,
}

/// The status of a rule with these effective and suspension windows on `date`.
pub fn status(effective: &[Window], suspended: &[Window], date: Date) -> Status {
    let in_effect = effective.iter().any(|w| w.contains(date));
    if !in_effect {
        return match effective
            .iter()
            .filter(|w| w.from > date)
            .map(|w| w.from)
            .min()
        {
            Some(starts) => Status::NotYet { starts },
            None => Status::Lapsed,
        };
    }
    match suspended.iter().find(|w| w.contains(date)) {
        None => Status::InForce,
        Some(s) => {
            let revives =
                s.to.and_then(next_day)
                    .filter(|d| effective.iter().any(|w| w.contains(*d)));
            Status::Suspended {
                suspension: s.clone(),
                revives,
            }
        }
    }
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
        assert_eq!(
            status(&effective, &suspended, d("2025-11-30")),
            Status::NotYet {
                starts: d("2025-12-01")
            }
        );
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
        assert_eq!(
            status(&effective, &[], d("2025-09-28")),
            Status::NotYet {
                starts: d("2025-09-29")
            }
        );
    }

    #[test]
    fn overlap() {
        assert!(w("2025-01-01", Some("2025-06-30")).overlaps(&w("2025-06-30", None)));
        assert!(!w("2025-01-01", Some("2025-06-29")).overlaps(&w("2025-06-30", None)));
        assert!(w("2025-01-01", None).overlaps(&w("2030-01-01", None)));
    }
}

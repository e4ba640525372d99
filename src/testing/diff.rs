//! What changes in a determination between two rule sets or two dates.

use crate::eval::Determination;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How one export's determination changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// `verdict`, or a jurisdiction.
    pub subject: String,
    /// The verdict, or the jurisdiction's outcome with its review in parentheses
    /// (`license_required (presumption_of_denial)`), before; `(no rules)` when the jurisdiction
    /// had none.
    pub before: String,
    /// The same, after.
    pub after: String,
}

/// A rule whose finding changed between two determinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleChange {
    /// The rule's id.
    pub rule: String,
    /// Its statuses before (`applies`, `unknown`, `dormant`, joined with `+` when several);
    /// `None` when it was not reported.
    pub before: Option<String>,
    /// Its statuses after, written the same way.
    pub after: Option<String>,
}

/// The changes from `before` to `after` (empty when verdict, outcomes and reviews agree),
/// and the rules responsible: those whose finding appeared, vanished or changed status, as
/// `rule (before -> after)` with `-` for not reported.
pub fn diff(before: &Determination, after: &Determination) -> (Vec<Change>, Vec<String>) {
    let (changes, rules) = changes(before, after);
    let show = |s: &Option<String>| s.as_deref().unwrap_or("-").to_owned();
    let rules = rules
        .iter()
        .map(|r| format!("{} ({} -> {})", r.rule, show(&r.before), show(&r.after)))
        .collect();
    (changes, rules)
}

/// As [`diff`], with the rules responsible as [`RuleChange`]s, by rule id.
pub fn changes(before: &Determination, after: &Determination) -> (Vec<Change>, Vec<RuleChange>) {
    let mut changes = Vec::new();
    if before.verdict != after.verdict {
        changes.push(Change {
            subject: "verdict".to_owned(),
            before: before.verdict.as_str().to_owned(),
            after: after.verdict.as_str().to_owned(),
        });
    }
    let outcome = |d: &Determination| -> BTreeMap<String, String> {
        d.jurisdictions
            .iter()
            .map(|j| {
                let mut s = j.outcome.as_str().to_owned();
                if let Some(r) = j.review {
                    s.push_str(&format!(" ({r})"));
                }
                (j.jurisdiction.clone(), s)
            })
            .collect()
    };
    let (a, b) = (outcome(before), outcome(after));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for j in keys {
        let (x, y) = (a.get(j), b.get(j));
        if x != y {
            changes.push(Change {
                subject: j.clone(),
                before: x.cloned().unwrap_or_else(|| "(no rules)".to_owned()),
                after: y.cloned().unwrap_or_else(|| "(no rules)".to_owned()),
            });
        }
    }
    // Every status of a rule (one rule may be both `unknown` and `dormant`).
    let findings = |d: &Determination| -> BTreeMap<String, String> {
        let mut all: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for f in d.jurisdictions.iter().flat_map(|j| &j.findings) {
            all.entry(f.rule.clone())
                .or_default()
                .push(f.status.as_str());
        }
        all.into_iter().map(|(r, s)| (r, s.join("+"))).collect()
    };
    let (fa, fb) = (findings(before), findings(after));
    if changes.is_empty() {
        return (changes, Vec::new());
    }
    let ids: BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    let rules = ids
        .into_iter()
        .filter(|r| fa.get(*r) != fb.get(*r))
        .map(|r| RuleChange {
            rule: r.clone(),
            before: fa.get(r).cloned(),
            after: fb.get(r).cloned(),
        })
        .collect();
    (changes, rules)
}

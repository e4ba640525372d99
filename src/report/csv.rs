//! The determination as CSV (`longarm check --format csv`): one row for the verdict, then one
//! per finding, per contributing path (evidence), per missing fact and per warning, for a
//! spreadsheet. A cell that a spreadsheet would read as a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) is written with a leading `'`.

use crate::eval::Determination;

/// The columns, in order.
pub const COLUMNS: [&str; 20] = [
    "row",
    "item",
    "as_of",
    "verdict",
    "jurisdiction",
    "outcome",
    "rule",
    "title",
    "citation",
    "effect",
    "status",
    "review",
    "ratio",
    "threshold",
    "numerator",
    "denominator",
    "currency",
    "path",
    "value",
    "detail",
];

/// A cell no spreadsheet will evaluate.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Renders `d` as CSV (RFC 4180, `\n` line ends, UTF-8).
///
/// # Errors
/// Only if the CSV writer fails on memory, reported as text.
///
/// # Example
///
/// ```
/// use longarm::report::csv::{COLUMNS, render};
/// use longarm::{RuleSet, Scenario, evaluate};
///
/// let scenario = Scenario::from_path("examples/motor.scenario.json")?;
/// let d = evaluate(&scenario.load_bom()?, &scenario, &RuleSet::bundled()?)?;
/// let csv = render(&d)?;
/// let mut lines = csv.lines();
/// assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
/// let verdict = lines.next().expect("the verdict row");
/// assert!(verdict.starts_with("verdict,MOTOR-200,2026-12-01,license_required,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(d: &Determination) -> Result<String, String> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(|e| e.to_string())?;
    let verdict = d.verdict.as_str();
    let head = |kind: &'static str| {
        let mut r: [String; 20] = Default::default();
        if let Some(c) = r.get_mut(0) {
            *c = kind.to_owned();
        }
        if let Some(c) = r.get_mut(1) {
            *c = d.item.clone();
        }
        if let Some(c) = r.get_mut(2) {
            *c = d.as_of.clone();
        }
        if let Some(c) = r.get_mut(3) {
            *c = verdict.to_owned();
        }
        r
    };
    let set = |r: &mut [String; 20], k: usize, v: &str| {
        if let Some(c) = r.get_mut(k) {
            *c = v.to_owned();
        }
    };
    let mut rows: Vec<[String; 20]> = vec![head("verdict")];
    for warn in d.warnings.iter().filter(|w| w.jurisdiction.is_none()) {
        let mut r = head("warning");
        set(&mut r, 10, &warn.kind);
        set(&mut r, 19, &warn.message);
        set(&mut r, 17, &warn.items.join(" | "));
        rows.push(r);
    }
    for j in &d.jurisdictions {
        let mut r = head("jurisdiction");
        set(&mut r, 4, &j.jurisdiction);
        set(&mut r, 5, j.outcome.as_str());
        set(&mut r, 11, j.review.map_or("", |r| r.as_str()));
        set(&mut r, 19, &j.obligations.join(" | "));
        rows.push(r);
        for f in &j.findings {
            let mut r = head("finding");
            set(&mut r, 4, &j.jurisdiction);
            set(&mut r, 5, j.outcome.as_str());
            set(&mut r, 6, &f.rule);
            set(&mut r, 7, &f.title);
            set(&mut r, 8, &f.citation);
            set(&mut r, 9, f.effect.as_str());
            set(&mut r, 10, f.status.as_str());
            set(&mut r, 11, f.review.map_or("", |r| r.as_str()));
            let ratio = match (&f.ratio, &f.ratio_bounds) {
                (Some(r), _) => r.clone(),
                (None, Some(b)) => match &b.hi {
                    Some(hi) => format!("{} to {hi}", b.lo),
                    None => format!("{} or more", b.lo),
                },
                (None, None) => String::new(),
            };
            set(&mut r, 12, &ratio);
            set(&mut r, 13, f.threshold.as_deref().unwrap_or(""));
            set(&mut r, 14, f.numerator.as_deref().unwrap_or(""));
            set(&mut r, 15, f.denominator.as_deref().unwrap_or(""));
            set(&mut r, 16, f.currency.as_deref().unwrap_or(""));
            let mut detail = f.facts.join(" | ");
            if let Some(w) = &f.window {
                if !detail.is_empty() {
                    detail.push_str(" | ");
                }
                detail.push_str(&format!(
                    "not in force {}..{} ({})",
                    w.from,
                    w.to.map(|t| t.to_string()).unwrap_or_default(),
                    w.instrument
                ));
            }
            set(&mut r, 19, &detail);
            let finding = r.clone();
            rows.push(r);
            for e in &f.evidence {
                let mut r = finding.clone();
                set(&mut r, 0, "contributor");
                set(&mut r, 17, &e.path.join(" > "));
                set(&mut r, 18, e.value.as_deref().unwrap_or(""));
                let share = e
                    .share
                    .as_deref()
                    .map(|s| format!("; share {s}"))
                    .unwrap_or_default();
                set(&mut r, 19, &format!("{}{share}", e.what));
                rows.push(r);
            }
            // Paths without evidence (component conditions of older packs): still listed.
            if f.evidence.is_empty() {
                for p in &f.paths {
                    let mut r = finding.clone();
                    set(&mut r, 0, "contributor");
                    set(&mut r, 17, &p.join(" > "));
                    set(&mut r, 19, "");
                    rows.push(r);
                }
            }
            for m in &f.missing {
                let mut r = finding.clone();
                set(&mut r, 0, "missing");
                set(&mut r, 17, &m.item);
                set(
                    &mut r,
                    19,
                    &m.facts
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                rows.push(r);
            }
        }
        for warn in d
            .warnings
            .iter()
            .filter(|w| w.jurisdiction.as_deref() == Some(j.jurisdiction.as_str()))
        {
            let mut r = head("warning");
            set(&mut r, 4, &j.jurisdiction);
            set(&mut r, 6, warn.rule.as_deref().unwrap_or(""));
            set(&mut r, 8, warn.citation.as_deref().unwrap_or(""));
            set(&mut r, 10, &warn.kind);
            set(&mut r, 17, &warn.items.join(" | "));
            set(&mut r, 19, &warn.message);
            rows.push(r);
        }
    }
    for r in &rows {
        let cells: Vec<String> = r.iter().map(|c| defuse(c)).collect();
        w.write_record(&cells).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

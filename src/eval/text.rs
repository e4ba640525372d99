//! The determination as text for a person: the verdict first, then each jurisdiction and
//! the findings that decided it.

use super::{Determination, Finding, FindingStatus, Outcome, Verdict};
use crate::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// How to render a determination as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct TextOptions {
    /// Colour the verdict and outcomes (ANSI).
    pub colour: bool,
    /// Print each finding's rule note (its interpretive choices).
    pub notes: bool,
}

impl TextOptions {
    /// Text options: ANSI colour, and each finding's note.
    pub fn new(colour: bool, notes: bool) -> TextOptions {
        TextOptions { colour, notes }
    }
}

/// Renders `d`; with `colour`, the verdict and outcomes are coloured (ANSI).
pub fn render(d: &Determination, colour: bool) -> String {
    render_with(d, TextOptions::new(colour, false))
}

/// Renders `d` with options: warnings under the verdict, each jurisdiction with the findings
/// that decided it (paths labelled with what they show, content with its amount and share),
/// the facts missing per item (once, however many rules ask for them), and with explain data,
/// why every other rule did not apply.
pub fn render_with(d: &Determination, options: TextOptions) -> String {
    let colour = options.colour;
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let verdict_colour = match d.verdict {
        Verdict::LicenseRequired => "1;31",
        Verdict::Undetermined => "1;33",
        Verdict::NoLicenseRequired => "1;32",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {} on {}",
        paint(
            verdict_colour,
            &d.verdict.as_str().to_uppercase().replace('_', " ")
        ),
        d.item,
        d.as_of
    );
    if !d.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", paint("33", "warnings:"));
        for w in &d.warnings {
            let scope = w
                .jurisdiction
                .as_deref()
                .map_or_else(String::new, |j| format!("{j} "));
            let cite = w
                .citation
                .as_deref()
                .map_or_else(String::new, |c| format!(" [{c}]"));
            let _ = writeln!(out, "  ! {scope}{}: {}{cite}", w.kind, w.message);
        }
    }
    for j in &d.jurisdictions {
        let colour_code = match j.outcome {
            Outcome::LicenseRequired => "31",
            Outcome::Undetermined => "33",
            _ => "32",
        };
        let mut line = format!(
            "\n{}: {}",
            j.jurisdiction,
            paint(colour_code, j.outcome.as_str())
        );
        if let Some(r) = j.review {
            let _ = write!(line, " (review: {r})");
        }
        if let Some(r) = j.review_could_be {
            let _ = write!(line, " (review could be {r} if missing facts say so)");
        }
        let _ = writeln!(out, "{line}");
        for o in &j.obligations {
            let _ = writeln!(out, "  obligation: {o}");
        }
        if j.findings.is_empty() && j.outcome == Outcome::Undetermined {
            // Before the packs' covered dates: nothing they encode speaks of the date.
            let _ = writeln!(
                out,
                "  the packs of this jurisdiction do not cover the as-of date (see the warnings)"
            );
        } else if j.findings.is_empty() {
            let _ = writeln!(out, "  no rule of this jurisdiction applies");
        }
        for f in &j.findings {
            finding(&mut out, f, options);
        }
        missing(&mut out, &j.findings);
        if !j.explained.is_empty() {
            let _ = writeln!(out, "  every rule:");
            for t in &j.explained {
                let mut line = format!("    {:<14} {}", t.status, t.rule);
                if let Some(r) = &t.reason {
                    let _ = write!(line, ": {r}");
                }
                if let Some(w) = &t.window {
                    let _ = write!(line, " ({w})");
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
    let packs: Vec<String> = d
        .receipt
        .packs
        .iter()
        .map(|p| format!("{} ({})", p.id, p.sha256.get(..12).unwrap_or(&p.sha256)))
        .collect();
    let _ = writeln!(out, "\n{}; packs: {}", d.receipt.engine, packs.join(", "));
    out
}

/// The facts missing in a jurisdiction, once per item, with the rules that ask for them.
fn missing(out: &mut String, findings: &[Finding]) {
    let mut by_item: BTreeMap<&str, (BTreeSet<&str>, Vec<&str>)> = BTreeMap::new();
    for f in findings {
        for m in &f.missing {
            let entry = by_item.entry(m.item.as_str()).or_default();
            entry.0.extend(m.facts.iter().map(|f| f.as_str()));
            if !entry.1.contains(&f.rule.as_str()) {
                entry.1.push(f.rule.as_str());
            }
        }
    }
    if by_item.is_empty() {
        return;
    }
    let _ = writeln!(out, "  missing facts that could change this outcome:");
    for (item, (facts, rules)) in by_item {
        let facts: Vec<&str> = facts.into_iter().collect();
        let which = match facts.as_slice() {
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} or {last} (either may settle it)", rest.join(", ")),
            [] => "a fact the packs do not name".to_owned(),
        };
        let _ = writeln!(out, "    `{item}`: {which}; for {}", rules.join(", "));
    }
}

fn finding(out: &mut String, f: &Finding, options: TextOptions) {
    let status = match f.status {
        FindingStatus::Applies => f.effect.to_string(),
        FindingStatus::Unknown => format!("{} if the missing facts say so", f.effect),
        FindingStatus::Dormant => "would apply (not in force on this date)".to_owned(),
    };
    let _ = writeln!(out, "  - {} [{}]: {status}", f.rule, f.citation);
    let _ = writeln!(out, "    {}", f.title);
    if let (Some(num), Some(den)) = (&f.numerator, &f.denominator) {
        let currency = f.currency.as_deref().unwrap_or("");
        let pct = |r: &str| r.parse::<Decimal>().ok().map(percent);
        let ratio = match (&f.ratio, &f.ratio_bounds) {
            (Some(r), _) => pct(r),
            (None, Some(b)) => match &b.hi {
                Some(hi) => pct(&b.lo)
                    .zip(pct(hi))
                    .map(|(lo, hi)| format!("{lo} to {hi}")),
                None => pct(&b.lo).map(|lo| format!("{lo} or more")),
            },
            (None, None) => None,
        }
        .unwrap_or_else(|| "?".to_owned());
        let threshold = f.threshold.as_deref().unwrap_or("");
        let (op, t) = threshold.split_once(' ').unwrap_or(("", threshold));
        let t = t.parse::<Decimal>().map(percent).unwrap_or_default();
        let derived = if f.derived_value {
            " (derived value)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    content {num} / value {den} {currency}{derived} = {ratio} (threshold {op} {t})"
        );
    }
    for fact in &f.facts {
        let _ = writeln!(out, "    {fact}");
    }
    if let Some(w) = &f.window {
        let to =
            w.to.map(|d| d.to_string())
                .unwrap_or_else(|| "open".to_owned());
        let _ = writeln!(out, "    window {} to {to} ({})", w.from, w.instrument);
    }
    if let Some(from) = &f.applies_from {
        let _ = writeln!(out, "    applies from {from}");
    }
    let currency = f.currency.as_deref().unwrap_or("");
    for e in f.evidence.iter().take(3) {
        let amount = match (&e.value, &e.share) {
            (Some(v), Some(s)) => format!(
                ": {v} {currency} ({})",
                s.parse::<Decimal>().map(percent).unwrap_or_default()
            ),
            (Some(v), None) => format!(": {v} {currency}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "    {}{amount}", e.what);
        path(out, &e.path);
    }
    if f.evidence.is_empty() {
        for p in f.paths.iter().take(3) {
            path(out, p);
        }
    }
    if options.notes
        && let Some(note) = &f.note
    {
        let _ = writeln!(out, "    note: {note}");
    }
    for o in &f.obligations {
        let _ = writeln!(out, "    obligation: {o}");
    }
}

/// A path as an indented tree; a deep one on one line, so output stays linear in its length.
fn path(out: &mut String, path: &[String]) {
    const TREE_DEPTH: usize = 8;
    if path.len() > TREE_DEPTH {
        let _ = writeln!(out, "      {}", path.join(" > "));
        return;
    }
    for (depth, id) in path.iter().enumerate() {
        let indent = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "      {indent}{}{id}",
            if depth == 0 { "" } else { "└ " }
        );
    }
}

/// A ratio as a percentage, exact digits up to four decimal places of a percent.
fn percent(r: Decimal) -> String {
    let p = r.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(r);
    format!("{}%", p.round_dp(4).normalize())
}

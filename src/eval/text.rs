//! The determination as text for a person: the verdict first, then each jurisdiction and
//! the findings that decided it.

use super::{Determination, Finding, Outcome, Verdict};
use crate::Decimal;
use std::fmt::Write as _;

/// Renders `d`; with `colour`, the verdict and outcomes are coloured (ANSI).
pub fn render(d: &Determination, colour: bool) -> String {
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
        if j.findings.is_empty() {
            let _ = writeln!(out, "  no rule of this jurisdiction applies");
        }
        for f in &j.findings {
            finding(&mut out, f);
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

fn finding(out: &mut String, f: &Finding) {
    let status = match f.status {
        "applies" => f.effect.to_owned(),
        "unknown" => format!("{} if the missing facts say so", f.effect),
        _ => "would apply (not in force on this date)".to_owned(),
    };
    let _ = writeln!(out, "  - {} [{}]: {status}", f.rule, f.citation);
    let _ = writeln!(out, "    {}", f.title);
    if let (Some(num), Some(den)) = (&f.numerator, &f.denominator) {
        let currency = f.currency.as_deref().unwrap_or("");
        let ratio = f
            .ratio
            .as_deref()
            .and_then(|r| r.parse::<Decimal>().ok())
            .map(percent)
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
    for path in f.paths.iter().take(3) {
        for (depth, id) in path.iter().enumerate() {
            let indent = "  ".repeat(depth);
            let _ = writeln!(
                out,
                "    {indent}{}{id}",
                if depth == 0 { "" } else { "└ " }
            );
        }
    }
    for m in &f.missing {
        let _ = writeln!(out, "    missing: `{}` {}", m.item, m.facts.join(", "));
    }
    for o in &f.obligations {
        let _ = writeln!(out, "    obligation: {o}");
    }
}

/// A ratio as a percentage, exact digits up to four decimal places of a percent.
fn percent(r: Decimal) -> String {
    let p = r.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(r);
    format!("{}%", p.round_dp(4).normalize())
}

//! Amending a bundled rule pack and testing the amendment with the case harness.
//!
//! The amendment (`examples/amendments/extend-no70.toml`) is a small pack of patches that
//! extend the No. 70 suspension of the CN rules of MOFCOM No. 61 by a year, to 2027-11-10. A
//! patch replaces only the fields it gives of a rule loaded earlier, so loading the pack after
//! the bundled ones amends them without copying them. The sample cases (`examples/cases/motor.cases.toml`) are run
//! under both rule sets: the case that expects a licence on 2026-12-01 fails once the
//! amendment holds that requirement back, and its finding turns from `applies` to `dormant`.
//!
//! Run from the crate root: `cargo run --example amend`

use longarm::RuleSet;
use longarm::testing::{CaseResult, load_cases, run_case};
use std::error::Error;
use std::path::Path;

/// The rule the amendment suspends for another year.
const RULE: &str = "cn.mofcom.2025-61.art1-1";

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let amendment = dir.join("amendments/extend-no70.toml");

    // Bundled packs alone, and bundled packs with the amendment loaded after them. (A pack
    // held as text, e.g. from a database, loads the same way with `RuleSet::from_toml_strs`,
    // but that builds a set without the bundled packs.)
    let bundled = RuleSet::bundled()?;
    let amended = RuleSet::load(true, &[amendment])?;
    for (name, rules) in [("bundled", &bundled), ("amended", &amended)] {
        // The patched rule keeps its id and condition; its suspension is the amendment's.
        let rule = rules.rule(RULE).ok_or("rule not loaded")?;
        for w in &rule.suspended {
            let to = w.to.map_or_else(|| "open".to_owned(), |d| d.to_string());
            println!(
                "{name}: {RULE} suspended {} to {to} ({})",
                w.from, w.instrument
            );
        }
    }

    // Each case: a scenario (file or inline) and what the determination must say. Loading
    // reports every problem in the case file with its line.
    let cases = load_cases(&dir.join("cases/motor.cases.toml"))?;
    for (name, rules) in [("bundled", &bundled), ("amended", &amended)] {
        println!("\n{name} packs:");
        let results: Vec<CaseResult> = cases.iter().map(|c| run_case(c, rules)).collect();
        for r in &results {
            let date = r.determination.as_ref().map_or("?", |d| d.as_of.as_str());
            println!(
                "  {} {date} {} ({RULE}: {})",
                if r.passed() { "PASS" } else { "FAIL" },
                r.name,
                status(r)
            );
            // Every way the determination differs from what the case expects.
            for failure in &r.failures {
                println!("       {failure}");
            }
        }
        let passed = results.iter().filter(|r| r.passed()).count();
        println!(
            "  {name}: {passed} passed, {} failed",
            results.len() - passed
        );
    }
    Ok(())
}

/// How the case's determination reports `RULE`: `applies`, `unknown`, `dormant` (with the
/// date it revives), or `not reported`.
fn status(r: &CaseResult) -> String {
    let finding = r
        .determination
        .iter()
        .flat_map(|d| &d.jurisdictions)
        .flat_map(|j| &j.findings)
        .find(|f| f.rule == RULE);
    match finding {
        None => "not reported".to_owned(),
        Some(f) => match &f.applies_from {
            Some(from) => format!("{} from {from}", f.status),
            None => f.status.to_string(),
        },
    }
}

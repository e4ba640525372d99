//! One BOM, one item, one date, many destinations: a compact table of where a licence is
//! needed, and under whose rules.
//!
//! Run from the crate root:
//!   cargo run --example destinations [BOM [ITEM [DATE]]]
//! The defaults are the sample motor: `examples/motor.bom.json`, `MOTOR-200`, `2026-12-01`.
//! The item is exported from its country of origin in the BOM, with no parties and no
//! declared end uses, so the table shows what the destination alone changes.

use longarm::{Bom, Country, Determination, RuleSet, Scenario, evaluate};
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

const DESTINATIONS: &[&str] = &["DE", "JP", "US", "CN", "RU", "IR", "CU", "VN", "IN", "MX"];

fn main() -> ExitCode {
    // Print errors with Display, not Debug: a `LoadError` then lists each problem with its
    // file, line and path (`<input>:1: date: invalid date `2026-13-01``).
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let bom_path = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/motor.bom.json"),
        PathBuf::from,
    );
    let item = args.next().unwrap_or_else(|| "MOTOR-200".to_owned());
    let date = args.next().unwrap_or_else(|| "2026-12-01".to_owned());

    // Load the BOM and the rules once; each evaluation only reads them.
    let bom = Bom::from_path(&bom_path)?;
    let rules = RuleSet::bundled()?;
    let origin = bom
        .item(&item)
        .ok_or_else(|| format!("no item `{item}` in {}", bom_path.display()))?
        .origin
        .ok_or_else(|| format!("item `{item}` has no origin: cannot tell where it ships from"))?;

    // A scenario is most easily built from its JSON form, which validates every field (a bad
    // date is reported like a bad file). Its `bom` is only used by `scenario.load_bom()`; we
    // pass the loaded BOM to `evaluate` ourselves. The destination is a placeholder.
    let base = Scenario::from_json_str(
        &serde_json::json!({
            "bom": bom_path.to_string_lossy(),
            "item": item,
            "from": origin.as_str(),
            "to": DESTINATIONS[0],
            "date": date,
        })
        .to_string(),
    )?;

    println!("{item} from {origin} on {date}");
    println!(
        "{:<11} | {:<19} | {:<19} | US outcome",
        "destination", "verdict", "CN outcome"
    );
    println!("{0:-<11}-+-{0:-<19}-+-{0:-<19}-+-{0:-<19}", "");
    for code in DESTINATIONS {
        // Scenario's fields are public: change the destination and evaluate again.
        let mut scenario = base.clone();
        scenario.to = Country::parse(code).ok_or("not a country code")?;
        let d = evaluate(&bom, &scenario, &rules)?;
        println!(
            "{:<11} | {:<19} | {:<19} | {}",
            code,
            d.verdict.as_str(),
            outcome(&d, "CN"),
            outcome(&d, "US")
        );
    }
    Ok(())
}

/// A jurisdiction's outcome, or `-` when no loaded pack has rules for it.
fn outcome(d: &Determination, jurisdiction: &str) -> &'static str {
    d.jurisdictions
        .iter()
        .find(|j| j.jurisdiction == jurisdiction)
        .map_or("-", |j| j.outcome.as_str())
}

//! Embedding longarm: load a BOM and a scenario, evaluate them against the bundled rule packs,
//! and read the determination field by field, then as JSON.
//!
//! Run from the crate root: `cargo run --example embed`

use longarm::{Bom, RuleSet, Scenario, evaluate};
use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    // The sample files ship in `examples/`; anchor them to the crate so the example runs from
    // any directory. In your own code these are just your file paths.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");

    // Loading validates everything and reports every problem at once (`LoadError`'s Display
    // lists each with its file, line and JSON path), so `?` gives a useful message.
    let bom = Bom::from_path(dir.join("motor.bom.json"))?;
    // The scenario names its BOM too (`scenario.bom`, resolved against the scenario file);
    // `scenario.load_bom()` would load the same file. Here we pass the BOM we loaded.
    let scenario = Scenario::from_path(dir.join("motor.scenario.json"))?;

    // The CN and US packs compiled into the crate. `RuleSet::load(true, &[paths])` adds your
    // own packs on top of them.
    let rules = RuleSet::bundled()?;

    // Pure and deterministic: no I/O, and missing facts never fail it (they make outcomes
    // `undetermined`). It fails if a value is outside the loaded packs' vocabularies (a
    // misspelt material form, end use, tag or list: `EvalError::Vocabulary`, with file, line
    // and a suggestion) or if the scenario's item is not in the BOM.
    let d = evaluate(&bom, &scenario, &rules)?;

    println!(
        "verdict: {} ({} on {})",
        d.verdict.as_str(),
        d.item,
        d.as_of
    );
    for j in &d.jurisdictions {
        // `review` is set only when the outcome is `license_required`: the most severe
        // review policy among the requirements that apply.
        println!(
            "{}: {} (review: {})",
            j.jurisdiction,
            j.outcome.as_str(),
            j.review.map_or("-", |r| r.as_str())
        );
        for f in &j.findings {
            // status: `applies`, `unknown` (missing facts could make it apply) or `dormant`
            // (the condition holds but the rule is suspended or not yet in force).
            println!("  {} [{}] {}", f.rule, f.citation, f.status.as_str());
            // Content rules carry the exact ratio and the threshold it was compared with, as
            // decimal strings (`0.0149333`, `>= 0.001`).
            if let (Some(ratio), Some(threshold)) = (&f.ratio, &f.threshold) {
                println!("    ratio {ratio}, threshold {threshold}");
            }
            // The BOM paths that decided it, each root first, in the order the rule's
            // conditions found them (a matching component, then content contributors).
            if let Some(path) = f.paths.first() {
                println!("    path {}", path.join(" > "));
            }
        }
    }

    // What the answer rests on: parts read as containing no material, facts no rule reads,
    // codes the packs do not encode, packs older than the as-of date, licence exceptions.
    // A determination is only as good as these: show them to whoever signs the export.
    for w in &d.warnings {
        println!(
            "warning [{}{}]: {}",
            w.jurisdiction
                .as_deref()
                .map_or_else(String::new, |j| format!("{j} ")),
            w.kind,
            w.message
        );
    }

    // The same determination as the JSON contract `longarm check --format json` prints.
    // (`longarm::eval::text::render(&d, false)` gives the CLI's text rendering instead.)
    println!("{}", serde_json::to_string_pretty(&d)?);
    Ok(())
}

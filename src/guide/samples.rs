//! # Running the samples and real BOMs from the command line
//!
//! `longarm` is also a command-line tool (`cargo install --path .`, or `cargo run --release
//! --` from the repository). The sample library in `examples/` has 79 sample exports over 19
//! BOM files, and 128 cases; `examples/README.md` lists them with the command for each.
//!
//! ## Check one export
//!
//! ```sh
//! longarm check examples/motor.scenario.json              # verdict, findings, warnings
//! longarm check examples/motor.scenario.json --explain    # also why every other rule did not apply
//! longarm check examples/motor.scenario.json --format json
//! longarm check --bom examples/motor.bom.json --item MOTOR-200 --from VN --to DE --date 2026-11-10
//! ```
//!
//! The exit code is the verdict: 0 no licence required, 2 licence required, 3 undetermined,
//! 1 an error (each problem with its file, line and path).
//!
//! The same answer through the library, for comparison with what the command prints:
//!
//! ```
//! let scenario = longarm::Scenario::from_path("examples/motor.scenario.json")?;
//! let bom = scenario.load_bom()?;
//! let rules = longarm::RuleSet::bundled()?;
//! let det = longarm::evaluate(&bom, &scenario, &rules)?;
//! assert_eq!(det.verdict, longarm::Verdict::LicenseRequired);
//! print!("{}", longarm::eval::text::render(&det, false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Bring your own BOM
//!
//! ```sh
//! longarm import csv examples/erp/motor-cs12.csv --map examples/erp/sap-cs12.map.toml -o motor.bom.json
//! longarm import cyclonedx examples/plm/pump-drive.cdx.json --currency USD --fx EUR=1.08 -o pump.bom.json
//! longarm bom motor.bom.json --depth 3            # the tree, each shared assembly once
//! longarm check examples/erp/motor-cs12.scenario.json
//! ```
//!
//! Parts without an origin, value or material are not read as "none": the answer becomes
//! `undetermined` and names them, unless the bounds prove it either way. `--strict-materials`
//! reads parts that declare no material as unknown too.
//!
//! ## Many exports, reports
//!
//! ```sh
//! longarm check --batch orders.jsonl > determinations.jsonl     # one scenario per line
//! longarm check examples/motor.scenario.json --format html -o report.html
//! longarm check --replay motor.determination.json               # same bytes, or what changed
//! ```
//!
//! `docs/formats.md` describes every file and exit code.

//! # Testing a rule change before it goes live
//!
//! Rules are data: TOML packs (`docs/rule-packs.md`), each rule with its citation and dated
//! windows. A change — a new threshold, a suspension extended, a rule added — is a pack
//! loaded after the bundled ones: a rule with the id of an earlier one replaces it, and a
//! `[[patches]]` entry changes only the fields it gives.
//!
//! ## Write what the answers must be
//!
//! Case files (`*.cases.toml`) pair a scenario with what its determination must say: the
//! verdict, each jurisdiction's outcome and review, the rules that must apply, be dormant or
//! be absent. They are the readable test of a pack:
//!
//! ```
//! use longarm::testing::{cases_from_str, run_case};
//! use longarm::{RuleSet, limits::Limits};
//! use std::path::Path;
//!
//! let cases = cases_from_str(r#"
//!     [[cases]]
//!     name = "the motor to Germany after the No. 70 suspension"
//!     scenario = "motor.scenario.json"
//!     verdict = "license_required"
//!     [cases.jurisdictions.CN]
//!     rules = ["cn.mofcom.2025-61.art1-1"]
//!
//!     [[cases]]
//!     name = "the last day of the suspension"
//!     scenario = "motor.scenario.json"
//!     date = 2026-11-10
//!     [cases.jurisdictions.CN]
//!     dormant = ["cn.mofcom.2025-61.art1-1"]
//! "#, true, Path::new("examples"), &Limits::default())?;
//!
//! // The bundled packs pass both cases...
//! let bundled = RuleSet::bundled()?;
//! assert!(cases.iter().all(|c| run_case(c, &bundled).passed()));
//!
//! // ...and an amendment extending the suspension by a year breaks the first: the rule is
//! // dormant on 2026-12-01, and the case says how.
//! let amended = RuleSet::load(true, &["examples/amendments/extend-no70.toml".into()])?;
//! let first = run_case(&cases[0], &amended);
//! assert!(!first.passed());
//! assert!(first.failures.iter().any(|f| f.contains("cn.mofcom.2025-61.art1-1")), "{:?}", first.failures);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## From the command line
//!
//! ```sh
//! longarm test examples                                   # every case file, recursively
//! longarm diff examples/cases --against examples/amendments/extend-no70.toml
//! longarm diff examples/cases --date 2026-11-10 --against-date 2026-11-11 --format json
//! longarm rules show cn.mofcom.2025-61.art1-1 --rules examples/amendments/extend-no70.toml
//! ```
//!
//! `diff` evaluates every case under both rule sets (or dates) and prints what changed and
//! which rules are responsible; `test` exits 1 when a case fails and 4 when one cannot run.
//! Every rule of the bundled packs is exercised by the sample cases at its boundaries (the
//! first and last day of a window, a ratio at its threshold), so a change that moves one
//! shows up here.

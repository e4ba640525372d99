//! # Embedding longarm in compliance software
//!
//! The library is a pure evaluator: [`crate::evaluate`] takes a validated [`crate::Bom`], a
//! validated [`crate::Scenario`] (one export) and a [`crate::RuleSet`], does no I/O, and
//! returns a [`crate::Determination`] — or an [`crate::EvalError`] when the export cannot be
//! evaluated at all (the item is not in the BOM, a value is outside the packs' vocabulary).
//! Missing facts are never errors: they make an outcome `undetermined` and the findings name
//! them.
//!
//! ## 1. Build the BOM and the export from your records
//!
//! Three ways in, with the same validation and the same messages:
//!
//! - files: [`crate::Bom::from_path`], [`crate::Scenario::from_path`] (JSON or TOML; problems
//!   carry the file, line and JSON path);
//! - a JSON value you hold: [`crate::Bom::from_json_value`],
//!   [`crate::Scenario::from_json_value`] (problems name items and parties by id:
//!   `items[MAG-DY].origin`);
//! - plain Rust values: [`crate::spec::BomSpec`], [`crate::spec::ScenarioSpec`] and their
//!   builders.
//!
//! A scenario built in memory may leave its BOM out ([`crate::BomSource::Given`]): you pass
//! the BOM to `evaluate`.
//!
//! ```
//! use longarm::spec::{BomSpec, ItemSpec, ScenarioSpec};
//! use longarm::{Decimal, RuleSet};
//! use std::str::FromStr;
//! let d = |s: &str| Decimal::from_str(s).unwrap();
//!
//! let bom = BomSpec::new("USD")
//!     .item(ItemSpec::new("BOARD").origin("MY").value(d("900.00"))
//!         .classification("US", "5A992.c").component("CHIP", d("2")))
//!     .item(ItemSpec::new("CHIP").origin("US").value(d("150.00"))
//!         .classification("US", "5A992.c"))
//!     .build()?;
//! let export = ScenarioSpec::new("BOARD", "MY", "CU", "2026-12-01").build()?;
//! let rules = RuleSet::bundled()?;
//! let det = longarm::evaluate(&bom, &export, &rules)?;
//! // 300.00 of controlled US content in a 900.00 board: over the 10% de minimis for Cuba.
//! let us = det.jurisdictions.iter().find(|j| j.jurisdiction == "US").unwrap();
//! assert_eq!(us.outcome, longarm::Outcome::LicenseRequired);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## 2. Many exports over one BOM
//!
//! An order desk asks the same BOM many questions (destinations, dates, parties).
//! [`crate::Engine::prepare`] keeps the roll-ups and the item-side results of each distinct
//! (item, destination, date) and shares them across calls and threads; the answers are
//! byte-identical to [`crate::evaluate`]'s.
//!
//! ```
//! use longarm::{Bom, Engine, RuleSet, Scenario, Verdict};
//! let rules = RuleSet::bundled()?;
//! let engine = Engine::new(&rules);
//! let bom = Bom::from_path("examples/motor.bom.json")?;
//! let prepared = engine.prepare(&bom);
//! let mut licences = Vec::new();
//! for to in ["DE", "US", "JP", "RU"] {
//!     let export = Scenario::from_json_value(&serde_json::json!({
//!         "item": "MOTOR-200", "from": "VN", "to": to, "date": "2026-12-01" }))?;
//!     if prepared.evaluate(&export)?.verdict == Verdict::LicenseRequired {
//!         licences.push(to);
//!     }
//! }
//! assert!(!licences.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `Prepared` is `Sync`: evaluate from a thread pool. The command line's `check --batch` does
//! exactly this over JSON Lines.
//!
//! ## 3. Read the answer
//!
//! The determination is typed: [`crate::Verdict`], [`crate::Outcome`],
//! [`crate::eval::FindingEffect`], [`crate::eval::FindingStatus`], [`crate::rules::Review`],
//! [`crate::eval::Fact`] are enums; ratios and values are exact decimal strings. Every
//! finding names its rule, citation, numbers and BOM paths; `missing` names the facts that
//! could change it; `warnings` say what the answer rests on. Never treat `undetermined` as
//! "no licence".
//!
//! It serialises to the JSON of `docs/formats.md` (the command line's `--format json`) and
//! reads back from it, so a system can store determinations and reload them:
//!
//! ```
//! # use longarm::{Bom, RuleSet, Scenario};
//! # let rules = RuleSet::bundled()?;
//! # let bom = Bom::from_path("examples/motor.bom.json")?;
//! # let export = Scenario::from_path("examples/motor.scenario.json")?;
//! let det = longarm::evaluate(&bom, &export, &rules)?;
//! let json = serde_json::to_string(&det)?;
//! let back: longarm::Determination = serde_json::from_str(&json)?;
//! assert_eq!(back, det);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The receipt records the engine version, each pack's SHA-256 and, for inputs read from text,
//! theirs: keep it with the answer. Inputs built in memory record no input hash.
//!
//! ## 4. Limits and errors
//!
//! Every loader has a `*_with_limits` form taking [`crate::limits::Limits`] (file size, string
//! length, nesting, items, ...; `docs/limits.md`). Errors are values, never panics:
//! [`crate::LoadError`] lists every problem with its path; its `Display` prints one per line.
//!
//! Other languages: the Python package in `python/` wraps this API (`longarm.check`,
//! `longarm.Engine`), with the same JSON.

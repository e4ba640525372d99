//! Any text as a case file, TOML and JSON: loads, or fails; never panics. Loaded cases are run
//! against the bundled packs (their BOM paths rarely resolve, which must be an error too).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    for toml in [true, false] {
        if let Ok(cases) = longarm::testing::cases_from_str(
            text,
            toml,
            Path::new("/nonexistent"),
            &longarm::limits::Limits::default(),
        ) {
            if let Ok(rules) = longarm::RuleSet::bundled() {
                for case in cases.iter().take(4) {
                    let _ = longarm::testing::run_case(case, &rules);
                }
            }
        }
    }
});

//! Any text as a case file, TOML and JSON: loads, or fails; never panics. Loaded cases are run
//! against the bundled packs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

#[path = "../harness.rs"]
mod harness;

static BUNDLED: LazyLock<longarm::RuleSet> =
    LazyLock::new(|| longarm::RuleSet::bundled().expect("the bundled packs load"));

fuzz_target!(|text: &str| harness::cases(text, &BUNDLED));

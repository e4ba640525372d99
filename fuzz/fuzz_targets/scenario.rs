//! Any text as a scenario, JSON and TOML: loads, or fails with problems; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = longarm::Scenario::from_json_str(text);
    let _ = longarm::Scenario::from_toml_str(text);
});

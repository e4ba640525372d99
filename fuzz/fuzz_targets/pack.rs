//! Any text as a rule pack, alone and over the bundled packs: loads, or fails; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = longarm::RuleSet::from_toml_strs(&[text]);
});

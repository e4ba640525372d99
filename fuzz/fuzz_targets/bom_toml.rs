//! Any text as a TOML BOM: loads, or fails with problems; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = longarm::Bom::from_toml_str(text);
});

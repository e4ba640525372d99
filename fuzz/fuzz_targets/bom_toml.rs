//! Any text as a TOML BOM: loads, or fails with problems; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|text: &str| harness::bom_toml(text));

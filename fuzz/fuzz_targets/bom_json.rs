//! Any text as a JSON BOM: loads, or fails with problems; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|text: &str| harness::bom_json(text));

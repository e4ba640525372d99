//! Any text as a rule pack: loads, or fails; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|text: &str| harness::pack(text));

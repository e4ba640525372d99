//! A BOM, a scenario and a pack from one input (split at the first two NUL bytes): when all
//! three load, evaluation with explanations, and its text and JSON, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|text: &str| harness::evaluate(text));

//! A valid BOM (a DAG over the codes, materials, origins and dates the packs read) and a
//! scenario built from the input bytes, evaluated against the bundled packs with
//! explanations: never panics, and gives the same bytes twice.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

#[path = "../harness.rs"]
mod harness;

static BUNDLED: LazyLock<longarm::RuleSet> =
    LazyLock::new(|| longarm::RuleSet::bundled().expect("the bundled packs load"));

fuzz_target!(|data: &[u8]| harness::structured(data, &BUNDLED));

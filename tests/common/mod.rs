//! Helpers shared by integration tests. Each test binary uses some of them, so the others
//! would read as dead code there.

#[allow(dead_code)]
pub mod bundled;
#[allow(dead_code)]
pub mod cli;
pub mod synth; // allows its own dead code (benches include it too)

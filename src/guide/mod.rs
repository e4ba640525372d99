//! Three ways to use longarm, a page each. This module holds documentation only.
//!
//! - [`embed`]: compliance software calling the library — BOMs and exports built from your
//!   own records, one or many evaluations, the typed determination and its JSON.
//! - [`samples`]: an analyst running the command line on the bundled samples and on real BOMs.
//! - [`rule_changes`]: a rule maintainer testing a change to a pack before it goes live.
//!
//! The file formats these pages use are described in `docs/formats.md`, and the rules the
//! bundled packs encode, with their citations, in `docs/coverage.md`.

pub mod embed;
pub mod rule_changes;
pub mod samples;

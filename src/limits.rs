//! The limits that keep every input bounded in time and memory (`docs/limits.md`).
//!
//! Each exceeded limit is a clear error naming it (or, for suggestions and listed items, a
//! shorter message), never a panic, a hang or an answer from a truncated input.

pub use crate::doc::{MAX_DEPTH as MAX_NESTING, MAX_INPUT_BYTES, read_text, read_text_limited};
pub use crate::eval::MAX_WARNING_ITEMS;
pub use crate::rules::MAX_REFERENCE_DEPTH;

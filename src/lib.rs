#![doc = include_str!("../README.md")]
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented,
        clippy::arithmetic_side_effects
    )
)]

pub mod assume;
pub mod bom;
mod codes;
mod doc;
pub mod error;
pub mod eval;
pub mod guide;
pub mod import;
pub mod limits;
pub mod replay;
pub mod report;
pub mod rollup;
pub mod rules;
pub mod scenario;
pub mod schema;
pub mod spec;
pub mod testing;
pub mod tree;
pub mod vocab;

pub use assume::{Assumptions, UndeclaredMaterial};
pub use bom::{Bom, Item, LoadError, MadeWithKind};
pub use codes::country::Country;
pub use codes::currency::Currency;
pub use codes::date::Date;
pub use eval::{
    Determination, Engine, EvalError, EvalOptions, Outcome, Prepared, Verdict, evaluate,
    evaluate_with,
};
pub use rollup::{Bounds, Facts, Predicate, Rollup, RollupError, RollupOptions, Truth};
pub use rules::RuleSet;
pub use rust_decimal::Decimal;
pub use scenario::{BomSource, Party, Role, Scenario};
pub use vocab::{VocabKind, Vocabulary};

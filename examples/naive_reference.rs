//! The naive reference of `benches/check.rs` on one BOM file, for measuring what a 1,000,000
//! item check costs beside it (`docs/performance.md`):
//!
//! ```sh
//! cargo build --release --example naive_reference
//! /usr/bin/time -f '%e s %M KB' target/release/examples/naive_reference dag1m.json
//! ```

#[path = "../benches/common/naive.rs"]
mod naive;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: naive_reference BOM.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("reads the BOM file");
    println!("{}", naive::naive(&text));
}

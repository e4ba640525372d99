//! Data-driven determinations: each folder of `tests/cases/` holds a `scenario.json` (with its
//! BOM), optionally a `pack.toml` (else the shared `tests/packs/test-cn.toml`), and the
//! `expected.json` determination, compared whole.
//!
//! To accept new output after reviewing it: `LONGARM_BLESS=1 cargo test --test cases`.

use longarm::{RuleSet, Scenario, evaluate};
use std::path::Path;

#[test]
fn every_case_gives_its_expected_determination() {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "expected the case folders, found {dirs:?}");
    let bless = std::env::var_os("LONGARM_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in &dirs {
        let actual = run(dir);
        let expected_path = dir.join("expected.json");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no expected.json", dir.display()));
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn run(dir: &Path) -> String {
    let scenario = Scenario::from_path(dir.join("scenario.json")).unwrap();
    let bom = scenario.load_bom().unwrap();
    let pack = dir.join("pack.toml");
    let pack = if pack.exists() {
        pack
    } else {
        Path::new("tests/packs/test-cn.toml").to_path_buf()
    };
    let rules = RuleSet::load(false, &[pack]).unwrap();
    let d = evaluate(&bom, &scenario, &rules).unwrap();
    // Twice: the same inputs must give the same bytes.
    let again = evaluate(&bom, &scenario, &rules).unwrap();
    let text = serde_json::to_string_pretty(&d).unwrap() + "\n";
    assert_eq!(text, serde_json::to_string_pretty(&again).unwrap() + "\n");
    text
}

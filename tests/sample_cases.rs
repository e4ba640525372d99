//! The sample case files run through the harness, as a rule maintainer's `#[test]` would.

use longarm::RuleSet;
use longarm::testing::{load_cases, run_case};
use std::path::Path;

#[test]
fn sample_cases_pass_against_the_bundled_packs() {
    let rules = RuleSet::bundled().unwrap();
    let cases = load_cases(Path::new("examples/cases")).unwrap();
    assert!(cases.len() >= 3);
    let failed: Vec<String> = cases
        .iter()
        .map(|c| run_case(c, &rules))
        .filter(|r| !r.passed())
        .map(|r| format!("{}: {}", r.name, r.failures.join("; ")))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn a_wrong_expectation_names_every_difference() {
    let rules = RuleSet::bundled().unwrap();
    let cases = load_cases(Path::new("tests/bad/failing.cases.toml")).unwrap();
    let r = run_case(&cases[0], &rules);
    assert_eq!(
        r.failures,
        [
            "verdict: expected `no_license_required`, got `license_required`",
            "CN outcome: expected `exempt`, got `license_required`",
            "CN review: expected `denial`, got `presumption_of_denial`",
            "CN: `cn.mofcom.2025-18` must apply; not reported",
            "CN: `cn.mofcom.2025-61.art1-1` must be dormant (would apply); applies",
            "CN: `cn.mofcom.2025-61.art2` must not be reported; applies",
        ]
    );
}

#[test]
fn case_files_report_every_problem_with_its_line() {
    let err = load_cases(Path::new("tests/bad/broken.cases.toml")).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("tests/bad/broken.cases.toml: 4 problems"),
        "{text}"
    );
    assert!(
        text.contains(":2: cases[0].nme: unknown field `nme`; did you mean `name`?"),
        "{text}"
    );
    assert!(
        text.contains(":3: cases[0].scenario.date: invalid date `2026-02-30`"),
        "{text}"
    );
    assert!(
        text.contains(":4: cases[0].date: invalid date `2026-13-01`"),
        "{text}"
    );
}

#[test]
fn the_cli_ends_with_a_count_and_fails_on_failure() {
    let run = |path: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
            .args(["test", path])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (code, out) = run("examples/cases");
    assert_eq!(code, 0);
    assert_eq!(out.lines().last(), Some("75 passed, 0 failed"));
    let (code, out) = run("tests/bad/failing.cases.toml");
    assert_eq!(code, 1);
    assert!(
        out.starts_with("FAILED tests/bad/failing.cases.toml: expects the wrong things\n"),
        "{out}"
    );
    assert!(
        out.contains("  | LICENSE REQUIRED  MOTOR-200 on 2026-12-01"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("0 passed, 1 failed"));
}

#[test]
fn diff_shows_what_an_amendment_or_a_date_changes() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (code, out) = run(&[
        "diff",
        "examples/cases",
        "--against",
        "examples/amendments/extend-no70.toml",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  verdict  license_required -> no_license_required\n"),
        "{out}"
    );
    assert!(
        out.contains("  because cn.mofcom.2025-61.art1-1 (applies -> dormant)\n"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("16 of 75 scenarios changed"));
    // What the end of the No. 70 suspension changes.
    let (_, out) = run(&[
        "diff",
        "examples/motor.scenario.json",
        "--date",
        "2026-11-10",
        "--against-date",
        "2026-11-11",
    ]);
    assert!(
        out.starts_with("examples/motor.scenario.json (2026-11-10 -> 2026-11-11)\n"),
        "{out}"
    );
    assert!(
        out.contains("  CN       not_subject -> license_required (presumption_of_denial)\n"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("1 of 1 scenarios changed"));
    // Nothing changes: nothing listed.
    let (_, out) = run(&[
        "diff",
        "examples/motor.scenario.json",
        "--date",
        "2026-12-01",
        "--against-date",
        "2026-12-02",
    ]);
    assert_eq!(out, "0 of 1 scenarios changed\n");
}

#[test]
fn unknown_rule_ids_and_empty_folders_are_errors_not_passes() {
    let dir = std::env::temp_dir().join(format!("longarm-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("typo.cases.toml");
    std::fs::write(
        &file,
        format!(
            "[[cases]]\nname = \"typo\"\nscenario = \"{}\"\n[cases.jurisdictions.CN]\nabsent = [\"cn.mofcom.2025-61.artt2\"]\n",
            std::fs::canonicalize("examples/motor.scenario.json").unwrap().display()
        ),
    )
    .unwrap();
    let rules = RuleSet::bundled().unwrap();
    let cases = load_cases(&file).unwrap();
    let r = run_case(&cases[0], &rules);
    assert_eq!(
        r.failures,
        [
            "CN: no rule `cn.mofcom.2025-61.artt2` in the loaded packs; did you mean `cn.mofcom.2025-61.art2`?"
        ]
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["test", "src"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no test cases found"));
}

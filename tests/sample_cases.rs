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
    assert_eq!(out.lines().last(), Some("128 passed, 0 failed"));
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
    assert_eq!(out.lines().last(), Some("20 of 128 scenarios changed"));
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

#[test]
fn folders_are_searched_recursively_in_path_order() {
    let all = load_cases(Path::new("examples")).unwrap();
    let direct = load_cases(Path::new("examples/cases")).unwrap();
    let names = |cs: &[longarm::testing::Case]| -> Vec<String> {
        cs.iter()
            .map(|c| format!("{}: {}", c.file.as_ref().unwrap().display(), c.name))
            .collect()
    };
    assert_eq!(names(&all), names(&direct));
    assert_eq!(all.len(), 128);
    let files = longarm::testing::case_files(Path::new("examples")).unwrap();
    assert_eq!(
        files.first().unwrap(),
        Path::new("examples/cases/aerospace-actuator.cases.toml")
    );
    assert!(files.windows(2).all(|w| w[0] < w[1]), "{files:?}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["test", "examples"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "128 passed, 0 failed\n"
    );
}

#[test]
fn errors_are_told_apart_from_failures() {
    let dir = std::env::temp_dir().join(format!("longarm-errors-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["a/b", "a/.hidden", "target"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let motor = std::fs::canonicalize("examples/motor.scenario.json").unwrap();
    let bom = std::fs::canonicalize("examples/motor.bom.json").unwrap();
    let case = |name: &str, scenario: &str, verdict: &str| {
        format!("[[cases]]\nname = \"{name}\"\nscenario = {scenario}\nverdict = \"{verdict}\"\n")
    };
    let write = |file: &str, text: String| std::fs::write(dir.join(file), text).unwrap();
    let motor_path = format!("\"{}\"", motor.display());
    write(
        "a/b/pass-and-fail.cases.toml",
        case("passes", &motor_path, "license_required")
            + &case("fails", &motor_path, "undetermined"),
    );
    write("a/broken.cases.toml", "[[cases]]\nnme = \"x\"\n".to_owned());
    write(
        "a/no-bom.cases.toml",
        case(
            "no BOM",
            "{ bom = \"missing.bom.json\", item = \"X\", from = \"VN\", to = \"DE\", date = 2026-12-01 }",
            "undetermined",
        ),
    );
    write(
        "no-item.cases.toml",
        case(
            "no item",
            &format!(
                "{{ bom = \"{}\", item = \"MOTOR-20\", from = \"VN\", to = \"DE\", date = 2026-12-01 }}",
                bom.display()
            ),
            "undetermined",
        ),
    );
    // Not searched: hidden folders and `target`.
    write("a/.hidden/x.cases.toml", "garbage".to_owned());
    write("target/x.cases.toml", "garbage".to_owned());
    let files = longarm::testing::case_files(&dir).unwrap();
    let relative: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    assert_eq!(
        relative,
        [
            "a/b/pass-and-fail.cases.toml",
            "a/broken.cases.toml",
            "a/no-bom.cases.toml",
            "no-item.cases.toml"
        ]
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
        .arg("test")
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(4), "{text}");
    let d = dir.display();
    assert!(text.contains(&format!("FAILED {d}/a/b/pass-and-fail.cases.toml: fails\n  verdict: expected `undetermined`, got `license_required`\n")), "{text}");
    assert!(text.contains(&format!("ERROR {d}/a/broken.cases.toml: 3 problems\n  {d}/a/broken.cases.toml:1: cases[0]: missing required field `name`\n  {d}/a/broken.cases.toml:1: cases[0]: missing required field `scenario`\n  {d}/a/broken.cases.toml:2: cases[0].nme: unknown field `nme`; did you mean `name`?\n")), "{text}");
    assert!(text.contains(&format!("ERROR {d}/a/no-bom.cases.toml: no BOM\n  cannot load the BOM: {d}/a/missing.bom.json: 1 problem\n  {d}/a/missing.bom.json: cannot read the file: ")), "{text}");
    assert!(
        text.contains(&format!(
            "ERROR {d}/no-item.cases.toml: no item\n  cannot evaluate: "
        )),
        "{text}"
    );
    assert!(text.contains("MOTOR-20"), "{text}");
    assert_eq!(text.lines().last(), Some("1 passed, 1 failed, 3 errors"));
    // Failures alone: exit 1, and the summary has no error count.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
        .arg("test")
        .arg(dir.join("a/b"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().last(),
        Some("1 passed, 1 failed")
    );
}

#[test]
fn diff_as_json_has_the_same_content_as_the_text() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_longarm"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let args = [
        "diff",
        "examples/cases",
        "--against",
        "examples/amendments/extend-no70.toml",
    ];
    let text = run(&args);
    let json = run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(json, run(&[&args[..], &["--format", "json"]].concat()));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["changed"], 20);
    assert_eq!(v["total"], 128);
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 20);
    // Rebuilt from the JSON, the text report, line for line.
    let mut rebuilt = String::new();
    for s in scenarios {
        let str = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
        rebuilt += &format!(
            "{}: {} ({} -> {})\n",
            str(&s["file"]),
            str(&s["name"]),
            str(&s["before_date"]),
            str(&s["after_date"])
        );
        for c in s["changes"].as_array().unwrap() {
            rebuilt += &format!(
                "  {:<8} {} -> {}\n",
                str(&c["subject"]),
                str(&c["before"]),
                str(&c["after"])
            );
        }
        for r in s["rules"].as_array().unwrap() {
            rebuilt += &format!(
                "  because {} ({} -> {})\n",
                str(&r["rule"]),
                str(&r["before"]),
                str(&r["after"])
            );
        }
    }
    rebuilt += "20 of 128 scenarios changed\n";
    assert_eq!(rebuilt, text);
    let first = &scenarios[0];
    assert_eq!(
        first["file"],
        "examples/cases/aerospace-actuator.cases.toml"
    );
    assert_eq!(
        first["changes"][0],
        serde_json::json!({ "subject": "verdict", "before": "license_required", "after": "no_license_required" })
    );
    assert_eq!(
        first["rules"][0],
        serde_json::json!({ "rule": "cn.mofcom.2025-61.art1-1", "before": "applies", "after": "dormant" })
    );
    // A scenario file on two dates: named by its path.
    let json = run(&[
        "diff",
        "examples/motor.scenario.json",
        "--date",
        "2026-11-10",
        "--against-date",
        "2026-11-11",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s = &v["scenarios"][0];
    assert_eq!(s["name"], "examples/motor.scenario.json");
    assert_eq!(s["file"], "examples/motor.scenario.json");
    assert_eq!(s["before_date"], "2026-11-10");
    assert_eq!(s["after_date"], "2026-11-11");
    assert_eq!(
        (v["changed"].clone(), v["total"].clone()),
        (1.into(), 1.into())
    );
    // Nothing changed: an empty list.
    let json = run(&[
        "diff",
        "examples/motor.scenario.json",
        "--date",
        "2026-12-01",
        "--against-date",
        "2026-12-02",
        "--format",
        "json",
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::json!({ "scenarios": [], "changed": 0, "total": 1 })
    );
}

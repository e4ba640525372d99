//! Receipts that replay: `check --format json` saved, then `check --replay` re-reads the
//! inputs and packs its receipt names, verifies their SHA-256 and compares the bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn longarm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A fresh folder with copies of the motor sample (scenario, BOM) and the test pack.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("longarm-replay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["examples/motor.scenario.json", "examples/motor.bom.json"] {
        let target = dir.join(Path::new(file).file_name().unwrap());
        std::fs::copy(file, target).unwrap();
    }
    std::fs::copy("tests/packs/test-cn.toml", dir.join("pack.toml")).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `check ARGS --format json`, saves the output and returns the saved file.
fn save(dir: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = longarm(&all);
    assert!(code == 0 || code == 2 || code == 3, "{err}");
    let saved = dir.join("determination.json");
    std::fs::write(&saved, out).unwrap();
    saved
}

fn assert_identical(saved: &Path) {
    let (code, out, err) = longarm(&["check", "--replay", s(saved)]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::metadata(saved).unwrap().len();
    assert_eq!(out, format!("replayed: identical ({bytes} bytes)\n"));
}

#[test]
fn the_receipt_records_each_input_with_its_sha256() {
    let dir = workspace("receipt");
    let scenario = dir.join("motor.scenario.json");
    let saved = save(&dir, &[s(&scenario)]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved).unwrap()).unwrap();
    let inputs = &v["receipt"]["inputs"];
    assert_eq!(inputs["scenario"]["source"], s(&scenario));
    assert_eq!(inputs["bom"]["source"], s(&dir.join("motor.bom.json")));
    // Known digests of the sample files (`sha256sum examples/motor.*.json`).
    let digest = |file: &str| {
        let text = std::fs::read(file).unwrap();
        use sha2::Digest;
        sha2::Sha256::digest(text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        inputs["scenario"]["sha256"],
        digest("examples/motor.scenario.json")
    );
    assert_eq!(inputs["bom"]["sha256"], digest("examples/motor.bom.json"));
    assert!(inputs["scenario"].get("text").is_none());
}

#[test]
fn check_save_replay_is_identical_and_an_edited_bom_is_named() {
    let dir = workspace("bom");
    let saved = save(&dir, &[s(&dir.join("motor.scenario.json"))]);
    assert_identical(&saved);

    // Editing the BOM after saving: the replay refuses and names the BOM.
    let bom = dir.join("motor.bom.json");
    let text = std::fs::read_to_string(&bom).unwrap();
    std::fs::write(&bom, text.replace("\"350.00\"", "\"35.00\"")).unwrap();
    let (code, out, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.contains(&format!(
            "BOM `{}` has changed since the determination",
            s(&bom)
        )),
        "{err}"
    );
}

#[test]
fn an_edited_scenario_or_pack_is_named() {
    let dir = workspace("scenario");
    let scenario = dir.join("motor.scenario.json");
    let pack = dir.join("pack.toml");
    let saved = save(&dir, &[s(&scenario), "--no-bundled", "--rules", s(&pack)]);
    assert_identical(&saved);

    let original = std::fs::read_to_string(&pack).unwrap();
    std::fs::write(
        &pack,
        format!("{original}\n# a comment changes the bytes\n"),
    )
    .unwrap();
    let (code, _, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("pack `test-cn` (`{}`) has changed", s(&pack))),
        "{err}"
    );
    std::fs::write(&pack, original).unwrap();
    assert_identical(&saved);

    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, text.replace("\"DE\"", "\"FR\"")).unwrap();
    let (code, _, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("scenario `{}` has changed", s(&scenario))),
        "{err}"
    );
}

#[test]
fn a_bundled_pack_is_checked_against_the_bundled_text() {
    let dir = workspace("bundled");
    let saved = save(&dir, &[s(&dir.join("motor.scenario.json"))]);
    let text = std::fs::read_to_string(&saved).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let recorded = v["receipt"]["packs"][0]["sha256"].as_str().unwrap();
    assert_eq!(v["receipt"]["packs"][0]["source"], "bundled:cn-mofcom.toml");
    // A receipt that records another text for the bundled pack does not replay.
    let forged = "0".repeat(64);
    std::fs::write(&saved, text.replace(recorded, &forged)).unwrap();
    let (code, _, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("pack `cn-mofcom` (`bundled:cn-mofcom.toml`) has changed"),
        "{err}"
    );
    // And one naming a pack this build does not bundle.
    std::fs::write(
        &saved,
        text.replace("bundled:cn-mofcom.toml", "bundled:cn-mofcom-2024.toml"),
    )
    .unwrap();
    let (code, _, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no bundled pack `cn-mofcom-2024.toml`"),
        "{err}"
    );
}

#[test]
fn an_edited_determination_fails_at_its_first_differing_line() {
    let dir = workspace("edited");
    let saved = save(&dir, &[s(&dir.join("motor.scenario.json"))]);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.lines()
            .nth(3)
            .unwrap()
            .contains("\"license_required\"")
    );
    std::fs::write(
        &saved,
        text.replacen("license_required", "no_license_required", 1),
    )
    .unwrap();
    let (code, out, err) = longarm(&["check", "--replay", s(&saved)]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.contains(
            "differs at line 4: saved `  \"verdict\": \"no_license_required\",`, replayed `  \"verdict\": \"license_required\",`"
        ),
        "{err}"
    );
}

#[test]
fn the_date_override_and_the_flags_form_replay() {
    let dir = workspace("flags");
    // `--date` with a scenario file: the receipt's as-of date is the one replayed.
    let saved = save(
        &dir,
        &[s(&dir.join("motor.scenario.json")), "--date", "2026-11-10"],
    );
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"as_of\": \"2026-11-10\""));
    assert_identical(&saved);

    // The flags form: the scenario JSON built from the flags is kept in the receipt.
    let parties = dir.join("parties.json");
    std::fs::write(
        &parties,
        r#"[ { "id": "buyer", "country": "DE", "roles": ["end_user"],
               "owners": [ { "party": "fund", "share": 0.3333333333333333333333333333 } ] },
             { "id": "fund", "lists": ["CN:control-list"] } ]"#,
    )
    .unwrap();
    let bom = dir.join("motor.bom.json");
    let saved = save(
        &dir,
        &[
            "--bom",
            s(&bom),
            "--item",
            "MOTOR-200",
            "--from",
            "VN",
            "--to",
            "DE",
            "--date",
            "2026-12-01",
            "--end-use",
            "civil",
            "--parties",
            s(&parties),
        ],
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let scenario = &v["receipt"]["inputs"]["scenario"];
    assert!(scenario.get("source").is_none(), "{scenario}");
    let kept: serde_json::Value = serde_json::from_str(scenario["text"].as_str().unwrap()).unwrap();
    assert_eq!(kept["parties"][1]["lists"][0], "CN:control-list");
    // The parties file's numbers are kept as written, every digit.
    let text = scenario["text"].as_str().unwrap();
    assert!(text.contains("0.3333333333333333333333333333"), "{text}");
    assert_eq!(v["receipt"]["inputs"]["bom"]["source"], s(&bom));
    assert_identical(&saved);
}

#[test]
fn replay_needs_a_determination_and_excludes_the_other_options() {
    let dir = workspace("bad");
    let not_json = dir.join("motor.bom.json");
    let (code, _, err) = longarm(&["check", "--replay", s(&not_json)]);
    assert_eq!(code, 1);
    assert!(err.contains("not a saved determination"), "{err}");
    let (code, _, _) = longarm(&["check", "--replay", s(&not_json), "--date", "2026-12-01"]);
    assert_eq!(code, 1);
}

#[test]
fn the_expected_determinations_of_the_data_driven_cases_replay() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8);
    for dir in dirs {
        let saved = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let replay = longarm::replay::replay(&saved).unwrap();
        assert_eq!(replay.difference, None, "{}", dir.display());
        assert_eq!(replay.json, saved);
    }
}

#[test]
fn explain_and_strict_materials_are_replayed() {
    let dir = workspace("settings");
    let scenario = dir.join("motor.scenario.json");
    let saved = save(&dir, &[s(&scenario), "--explain", "--strict-materials"]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(v["receipt"]["settings"]["explain"], true);
    assert_eq!(v["receipt"]["settings"]["strict_materials"], true);
    assert!(v["jurisdictions"][0]["explained"].is_array());
    assert_identical(&saved);
    // Without them, only whether the bundled packs were loaded is recorded.
    let saved = save(&dir, &[s(&scenario)]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(
        v["receipt"]["settings"],
        serde_json::json!({ "bundled": true })
    );
}

/// A library caller may evaluate a scenario file against another BOM than the one it names
/// (the Python package's `check(bom, scenario)`): the receipt records the BOM evaluated, and
/// the replay reads that one — never "changed" because it read the scenario's.
#[test]
fn a_scenario_evaluated_against_another_bom_replays_that_bom() {
    let dir = workspace("given-bom");
    let text = std::fs::read_to_string(dir.join("motor.bom.json")).unwrap();
    let other = dir.join("other.bom.json");
    // The same content, written otherwise: another hash.
    std::fs::write(&other, text.replace('\n', "\n  ")).unwrap();
    let scenario = longarm::Scenario::from_path(dir.join("motor.scenario.json")).unwrap();
    let bom = longarm::Bom::from_path(&other).unwrap();
    let rules = longarm::RuleSet::bundled().unwrap();
    let det = longarm::evaluate(&bom, &scenario, &rules).unwrap();
    assert_eq!(
        det.receipt.inputs.bom.as_ref().unwrap().source.as_deref(),
        Some(s(&other))
    );
    let saved = longarm::replay::render_json(&det);
    let replayed = longarm::replay::replay(&saved).unwrap();
    assert_eq!(replayed.difference, None);
    // The BOM evaluated edited since: named as such.
    std::fs::write(&other, text.replace("\"VN\"", "\"TH\"")).unwrap();
    let err = longarm::replay::replay(&saved).unwrap_err().to_string();
    assert!(
        err.contains(&format!("BOM `{}` has changed", s(&other))),
        "{err}"
    );

    // A BOM given as text (not kept) with a scenario whose BOM is inline: not replayable,
    // rather than replayed against the inline one.
    let inline = longarm::Scenario::from_json_str_kept(&format!(
        r#"{{ "bom": {text}, "item": "MOTOR-200", "from": "VN", "to": "DE", "date": "2026-12-01" }}"#
    ))
    .unwrap();
    let given = longarm::Bom::from_json_str(&text).unwrap();
    let det = longarm::evaluate(&given, &inline, &rules).unwrap();
    let err = longarm::replay::replay(&longarm::replay::render_json(&det))
        .unwrap_err()
        .to_string();
    assert!(err.contains("its BOM was given as text"), "{err}");
}

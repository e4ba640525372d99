//! The `longarm` binary on the bundled samples.

mod common;

use common::cli::longarm;

#[test]
fn bom_prints_an_indented_tree_with_values() {
    let (code, out, err) = longarm(&["bom", "examples/motor.bom.json"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("item"), "{out}");
    assert!(lines[0].ends_with("extended (USD)"), "{out}");
    let row = |id: &str| *lines.iter().find(|l| l.contains(id)).unwrap();
    assert!(row("MOTOR-200").starts_with("MOTOR-200"));
    // Derived value: 1.6 x 60 + 38.50 + 11500 JPY x 0.0066 = 96 + 38.50 + 75.90.
    assert!(row("├─ ROTOR").contains("210.40 (derived)"), "{out}");
    assert!(row("│  │  ├─ DY-METAL").contains("0.04 kg"), "{out}");
    assert!(row("│  │  ├─ DY-METAL").ends_with("14.00"), "{out}");
    assert!(row("HOUSING").contains("129.60 [120 EUR]"), "{out}");
    assert!(row("└─ BEARING").ends_with("15.60"), "{out}");
}

#[test]
fn json_and_toml_samples_print_the_same_tree() {
    let json = longarm(&["bom", "examples/motor.bom.json"]);
    let toml = longarm(&["bom", "examples/motor.bom.toml"]);
    assert_eq!(json.0, 0);
    assert_eq!(json, toml);
}

#[test]
fn bom_json_format_has_exact_decimal_strings() {
    let (code, out, _) = longarm(&[
        "bom",
        "examples/motor.bom.json",
        "--item",
        "ROTOR",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["currency"], "USD");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows[0]["item"], "ROTOR");
    assert_eq!(rows[0]["value_source"], "derived");
    assert_eq!(rows[0]["unit_value"], "210.4000");
    assert_eq!(rows[1]["item"], "MAG-DY");
    assert_eq!(rows[1]["depth"], 1);
    assert_eq!(rows[1]["extended_value"], "96.000");
    assert!(rows.iter().all(|r| r["item"] != "MOTOR-200"));
}

#[test]
fn shared_subassemblies_are_expanded_once() {
    let dir = std::env::temp_dir().join(format!("longarm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shared.bom.json");
    std::fs::write(
        &file,
        r#"{ "currency": "USD", "items": [
          { "id": "TOP", "components": [ { "item": "SUB", "quantity": "2" }, { "item": "SUB", "quantity": "1" } ] },
          { "id": "SUB", "components": [ { "item": "LEAF", "quantity": "3" } ] },
          { "id": "LEAF" } ] }"#,
    )
    .unwrap();
    let (code, out, err) = longarm(&["bom", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("LEAF").count(), 1, "{out}");
    assert!(out.contains("SUB (shared, see above)"), "{out}");
    // LEAF has no value: unknown, and everything above it only bounded below.
    assert!(out.contains("0 or more (unknown)"), "{out}");
    assert!(out.contains("0 or more (derived)"), "{out}");
}

#[test]
fn errors_exit_1_and_name_file_line_and_path() {
    let (code, out, err) = longarm(&["bom", "tests/bad/many-problems.bom.json"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("tests/bad/many-problems.bom.json: 5 problems"),
        "{err}"
    );
    assert!(
        err.contains("tests/bad/many-problems.bom.json:13: items[1].id: duplicate item id `MOTOR`"),
        "{err}"
    );
    let (code, _, err) = longarm(&["bom", "examples/motor.bom.json", "--item", "MOTOR-20"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no item `MOTOR-20` in the BOM; did you mean `MOTOR-200`?"),
        "{err}"
    );
}

#[test]
fn check_explains_a_licence_requirement_and_exits_2() {
    let (code, out, err) = longarm(&[
        "check",
        "tests/scenarios/motor.scenario.json",
        "--rules",
        "tests/packs/test-cn.toml",
        "--no-bundled",
    ]);
    assert_eq!(code, 2, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "LICENSE REQUIRED  MOTOR-200 on 2026-12-01");
    assert!(
        out.contains("CN: license_required (review: presumption_of_denial)"),
        "{out}"
    );
    assert!(
        out.contains("content 22.40 / value 1500.00 USD = 1.4933% (threshold >= 0.1%)"),
        "{out}"
    );
    assert!(
        out.contains("          └ MAG-DY\n            └ DY-METAL"),
        "{out}"
    );
    assert!(
        out.contains("party `buyer` (purchaser, end_user) is owned 60%"),
        "{out}"
    );
    // Not a terminal: no colour codes.
    assert!(!out.contains('\x1b'));
}

#[test]
fn check_json_is_the_determination_contract() {
    let (code, out, _) = longarm(&[
        "check",
        "tests/scenarios/motor.scenario.toml",
        "--rules",
        "tests/packs",
        "--no-bundled",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "license_required");
    assert_eq!(v["as_of"], "2026-12-01");
    let cn = &v["jurisdictions"][0];
    assert_eq!(cn["jurisdiction"], "CN");
    assert_eq!(cn["outcome"], "license_required");
    assert_eq!(cn["review"], "presumption_of_denial");
    let f = &cn["findings"][0];
    assert_eq!(f["rule"], "test.content");
    assert_eq!(f["citation"], "Test Announcement No. 1, Art. 1(1)");
    assert_eq!(f["effect"], "license_required");
    assert_eq!(f["ratio"], "0.0149333");
    assert_eq!(f["threshold"], ">= 0.001");
    assert_eq!(f["numerator"], "22.40");
    assert_eq!(f["denominator"], "1500.00");
    assert_eq!(f["currency"], "USD");
    assert_eq!(
        f["paths"][0],
        serde_json::json!(["MOTOR-200", "ROTOR", "MAG-DY", "DY-METAL"])
    );
    assert_eq!(v["receipt"]["engine"], "longarm 0.1.0");
    assert_eq!(v["receipt"]["packs"][0]["id"], "test-cn");
    assert_eq!(
        v["receipt"]["packs"][0]["sha256"].as_str().unwrap().len(),
        64
    );
}

#[test]
fn check_flags_form_and_exit_codes() {
    let base = [
        "check",
        "--bom",
        "examples/motor.bom.json",
        "--item",
        "MOTOR-200",
        "--from",
        "VN",
        "--to",
        "DE",
        "--rules",
        "tests/packs/test-cn.toml",
    ];
    // Last day of the suspension: no licence (exit 0), the dormant rule reported.
    let mut args = base.to_vec();
    args.extend(["--date", "2026-11-10"]);
    let (code, out, err) = longarm(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("NO LICENSE REQUIRED"), "{out}");
    assert!(
        out.contains("would apply (not in force on this date)"),
        "{out}"
    );
    assert!(out.contains("applies from 2026-11-11"), "{out}");
    // First day revived: licence (exit 2).
    let mut args = base.to_vec();
    args.extend(["--date", "2026-11-11"]);
    assert_eq!(longarm(&args).0, 2);
    // Humanitarian end use: exempt, with its obligation (exit 0).
    let mut args = base.to_vec();
    args.extend(["--date", "2026-11-11", "--end-use", "humanitarian"]);
    let (code, out, _) = longarm(&args);
    assert_eq!(code, 0);
    assert!(out.contains("CN: exempt"), "{out}");
    assert!(
        out.contains("obligation: report the export within 10 working days"),
        "{out}"
    );
}

#[test]
fn check_undetermined_exits_3_and_lists_missing_facts() {
    let (code, out, _) = longarm(&[
        "check",
        "tests/cases/unknown-origin-that-matters/scenario.json",
        "--rules",
        "tests/packs/test-cn.toml",
        "--no-bundled",
    ]);
    assert_eq!(code, 3);
    assert!(out.starts_with("UNDETERMINED"), "{out}");
    assert!(
        out.contains(
            "missing facts that could change this outcome:\n    `DY-PART`: origin; for test.content"
        ),
        "{out}"
    );
    assert!(out.contains("= 0% to 0.5% (threshold >= 0.1%)"), "{out}");
}

#[test]
fn check_user_pack_overrides_a_rule_by_id() {
    let dir = std::env::temp_dir().join(format!("longarm-override-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let amended = dir.join("extend-suspension.toml");
    let pack = std::fs::read_to_string("tests/packs/test-cn.toml").unwrap();
    // Amend one rule: the suspension runs a year longer.
    let start = pack.find("[[rules]]\nid = \"test.content\"").unwrap();
    let end = start + pack[start + 1..].find("[[rules]]").unwrap() + 1;
    let rule = pack[start..end].replace("to = 2026-11-10", "to = 2027-11-10");
    std::fs::write(
        &amended,
        format!(
            "[pack]\nid = \"amendment\"\njurisdiction = \"CN\"\ntitle = \"extension\"\n\n{rule}"
        ),
    )
    .unwrap();
    let args = |extra: &str| {
        let mut a = vec![
            "check".to_owned(),
            "tests/cases/motor-first-day-revived/scenario.json".to_owned(),
            "--rules".to_owned(),
            "tests/packs/test-cn.toml".to_owned(),
            "--no-bundled".to_owned(),
        ];
        if !extra.is_empty() {
            a.extend(["--rules".to_owned(), extra.to_owned()]);
        }
        a
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        longarm(&refs)
    };
    assert_eq!(run(args("")).0, 2);
    let (code, out, err) = run(args(amended.to_str().unwrap()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("applies from 2027-11-11"), "{out}");
    assert!(out.contains("amendment ("), "{out}");
}

#[test]
fn check_errors_exit_1() {
    let (code, _, err) = longarm(&[
        "check",
        "tests/scenarios/motor.scenario.json",
        "--no-bundled",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no rules loaded"), "{err}");
    let (code, _, err) = longarm(&["check", "--bom", "examples/motor.bom.json"]);
    assert_eq!(code, 1);
    assert!(err.contains("--item"), "{err}");
    let (code, _, err) = longarm(&["check", "nope.json"]);
    assert_eq!(code, 1);
    assert!(err.contains("nope.json"), "{err}");
}

#[test]
fn check_uses_the_bundled_packs_by_default() {
    let (code, out, err) = longarm(&["check", "examples/motor.scenario.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        out.contains("cn.mofcom.2025-61.art1-1 [MOFCOM Announcement No. 61 (2025), Art. 1(1)]"),
        "{out}"
    );
    assert!(out.contains("packs: cn-mofcom ("), "{out}");
}

#[test]
fn check_prints_warnings_under_the_verdict() {
    let (code, out, err) = longarm(&["check", "examples/motor.scenario.json"]);
    assert_eq!(code, 2, "{err}");
    let warnings = out.find("warnings:").expect("a warnings block");
    let first_jurisdiction = out.find("\nCN:").unwrap();
    assert!(warnings < first_jurisdiction, "{out}");
    assert!(
        out.contains("  ! CN undeclared_material: 5 parts under `MOTOR-200` declare no material (27.74% of its value)"),
        "{out}"
    );
    assert!(out.contains("  ! CN vintage: pack `cn-mofcom`"), "{out}");
}

#[test]
fn check_strict_materials_lets_the_bounds_decide() {
    let (code, out, err) = longarm(&[
        "check",
        "examples/motor.scenario.json",
        "--strict-materials",
    ]);
    assert_eq!(code, 2, "{err}");
    // The motor stays caught (its magnet's Dy is certain); the warning gives way to unknowns.
    assert!(!out.contains("undeclared_material"), "{out}");
    let (code, out, _) = longarm(&[
        "check",
        "examples/car-no.scenario.json",
        "--strict-materials",
        "--format",
        "json",
    ]);
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    let plain: serde_json::Value = serde_json::from_str(
        &longarm(&["check", "examples/car-no.scenario.json", "--format", "json"]).1,
    )
    .unwrap();
    assert_eq!(plain["verdict"], "no_license_required");
    // Strict: parts without a material might be Part II magnets or Part I content.
    assert_eq!(d["verdict"], "undetermined", "{out}");
    assert_eq!(code, 3);
}

#[test]
fn check_explain_and_notes() {
    let (code, out, err) = longarm(&[
        "check",
        "examples/car-no.scenario.json",
        "--explain",
        "--notes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  every rule:"), "{out}");
    assert!(
        out.contains("not_applicable cn.mofcom.2025-61.art1-1: counted content"),
        "{out}"
    );
    let (_, json, _) = longarm(&[
        "check",
        "examples/car-no.scenario.json",
        "--explain",
        "--format",
        "json",
    ]);
    let d: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(d["jurisdictions"][0]["explained"].as_array().unwrap().len() > 5);
    let (_, plain, _) = longarm(&["check", "examples/car-no.scenario.json", "--format", "json"]);
    assert!(!plain.contains("\"explained\""));
    // --notes prints each finding's note.
    let (_, out, _) = longarm(&["check", "examples/motor.scenario.json", "--notes"]);
    assert!(out.contains("    note: Inclusive boundary"), "{out}");
}

#[test]
fn check_names_the_flag_of_a_misspelt_end_use() {
    let (code, _, err) = longarm(&[
        "check",
        "--bom",
        "examples/motor.bom.json",
        "--item",
        "MOTOR-200",
        "--from",
        "VN",
        "--to",
        "DE",
        "--date",
        "2026-12-01",
        "--end-use",
        "Military",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("(command-line flags):1: end_uses[0]: unknown end use `Military`; did you mean `military`?"),
        "{err}"
    );
}

#[test]
fn rules_list_prints_one_aligned_line_per_rule() {
    let (code, out, err) = longarm(&["rules", "list"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let rules = longarm::RuleSet::bundled().unwrap();
    assert_eq!(lines.len(), rules.rules().len());
    let art1 = lines
        .iter()
        .find(|l| l.starts_with("cn.mofcom.2025-61.art1-1 "))
        .unwrap();
    let words: Vec<&str> = art1
        .split("  ")
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(
        words,
        [
            "cn.mofcom.2025-61.art1-1",
            "license_required/approval",
            "2025-12-01.. (suspended 2025-11-07..2026-11-10)",
            "MOFCOM Announcement No. 61 (2025), Art. 1(1)",
        ]
    );
    // Aligned: every citation starts in the same column.
    let column = |l: &str, citation: &str| l.find(citation).unwrap();
    let exempt = lines
        .iter()
        .find(|l| l.starts_with("cn.mofcom.2025-61.art5 "))
        .unwrap();
    assert!(exempt.contains(" exempt "), "{exempt}");
    assert_eq!(
        column(art1, "MOFCOM Announcement No. 61 (2025), Art. 1(1)"),
        column(exempt, "MOFCOM Announcement No. 61 (2025), Art. 5")
    );
    assert!(lines.iter().all(|l| !l.ends_with(' ')), "{out}");
    // Deterministic, and filtered by jurisdiction.
    assert_eq!(longarm(&["rules", "list"]).1, out);
    let (code, cn, _) = longarm(&["rules", "list", "--jurisdiction", "CN"]);
    assert_eq!(code, 0);
    assert!(cn.lines().count() >= 7);
    assert!(cn.lines().all(|l| l.starts_with("cn.")), "{cn}");
    let (code, _, err) = longarm(&["rules", "list", "--jurisdiction", "cn"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no rules of jurisdiction `cn` loaded (loaded: `CN`, `US`)"),
        "{err}"
    );
    // A patch pack changes what is listed.
    let (_, patched, _) = longarm(&[
        "rules",
        "list",
        "--jurisdiction",
        "CN",
        "--rules",
        "examples/amendments/extend-no70.toml",
    ]);
    assert!(
        patched.contains("2025-12-01.. (suspended 2025-11-07..2027-11-10)"),
        "{patched}"
    );
}

#[test]
fn rules_show_prints_the_rule_as_written_and_its_patches() {
    let (code, out, err) = longarm(&[
        "rules",
        "show",
        "cn.mofcom.2025-61.art1-1",
        "--rules",
        "examples/amendments/extend-no70.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    let bundled = std::fs::read_to_string("packs/cn-mofcom.toml").unwrap();
    let start = bundled
        .find("[[rules]]\nid = \"cn.mofcom.2025-61.art1-1\"")
        .unwrap();
    let end = start + bundled[start..].find("\n] }\n").unwrap() + "\n] }\n".len();
    assert_eq!(
        out,
        format!(
            "# rule cn.mofcom.2025-61.art1-1 of pack cn-mofcom (bundled:cn-mofcom.toml)\n{}\n\
             # patched by pack amendment-extend-no70 (examples/amendments/extend-no70.toml): suspended\n\
             [[patches]]\nrule = \"cn.mofcom.2025-61.art1-1\"\n\
             suspended = [ {{ from = 2025-11-07, to = 2027-11-10, instrument = \"MOFCOM/GAC Announcement No. 70 (2025), as extended (hypothetical)\" }} ]\n",
            &bundled[start..end]
        )
    );
    let (code, _, err) = longarm(&["rules", "show", "cn.mofcom.2025-61.art1-11"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: no rule `cn.mofcom.2025-61.art1-11` in the loaded packs; did you mean `cn.mofcom.2025-61.art1-1`?\n"
    );
}

#[test]
fn a_look_back_before_the_us_coverage_is_undetermined_and_says_why() {
    let (code, out, err) = longarm(&[
        "check",
        "examples/us-trade-desk-router-gb.scenario.json",
        "--date",
        "2019-06-01",
    ]);
    assert!(out.starts_with("UNDETERMINED"), "{out}{err}");
    assert!(
        out.contains("US before_coverage: the US packs do not cover dates before 2020-01-01"),
        "{out}"
    );
    assert!(
        out.contains("US: undetermined\n  the packs of this jurisdiction do not cover the as-of date (see the warnings)"),
        "{out}"
    );
    assert_eq!(code, 3);
    // From 2020-01-01 the EI licence decides.
    let (code, out, _) = longarm(&[
        "check",
        "examples/us-trade-desk-router-gb.scenario.json",
        "--date",
        "2020-01-01",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("us.ear.742-15.ei"), "{out}");
}

#[test]
fn synth_writes_the_bom_it_promises() {
    for shape in ["tree", "dag"] {
        let args = [
            "synth", "--items", "3000", "--shape", shape, "--depth", "9", "--seed", "4",
        ];
        let (code, text, err) = longarm(&args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(longarm(&args).1, text, "same arguments, same bytes");
        let bom = longarm::Bom::from_json_str(&text).unwrap();
        assert_eq!(bom.items().len(), 3000);
        let mut parents: std::collections::HashMap<&str, usize> = Default::default();
        for item in bom.items() {
            let parts = item
                .components
                .iter()
                .try_fold(longarm::Decimal::ZERO, |sum, line| {
                    Some(sum + bom.item(&line.item)?.unit_value? * line.quantity)
                });
            if !item.components.is_empty() {
                assert!(
                    item.unit_value.unwrap() >= parts.unwrap(),
                    "{} worth its parts",
                    item.id
                );
            }
            for line in &item.components {
                *parents.entry(line.item.as_str()).or_default() += 1;
            }
        }
        let shared = parents.values().filter(|n| **n > 1).count();
        if shape == "tree" {
            assert_eq!(shared, 0);
            assert_eq!(
                parents.len(),
                2999,
                "every item but the root has one parent"
            );
        } else {
            assert!(shared > 300, "{shared} shared items");
        }
    }
    // Sizes it cannot write are refused, never written wrong.
    for (args, expected) in [
        (
            vec!["synth", "--items", "5", "--depth", "9"],
            "at least `--depth` + 1",
        ),
        (
            vec!["synth", "--items", "500", "--depth", "51"],
            "`--depth` must be 1 to 50",
        ),
        (
            vec!["synth", "--items", "20", "--limit", "items=10"],
            "over the limit `items` of 10",
        ),
    ] {
        let (code, _, err) = longarm(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let (code, _, _) = longarm(&["synth", "--items", "13", "--depth", "12"]);
    assert_eq!(code, 0, "one item a level");
}

#[test]
fn a_depth_cut_never_hides_what_a_shallower_path_reaches() {
    let file = common::cli::TempFile::new(
        "cut",
        "shared.bom.json",
        r#"{"currency":"USD","items":[
{"id":"R","value":"10","components":[{"item":"X","quantity":"1"},{"item":"S","quantity":"1"}]},
{"id":"X","value":"1","components":[{"item":"S","quantity":"1"}]},
{"id":"S","value":"1","components":[{"item":"T","quantity":"1"}]},
{"id":"T","value":"1","components":[{"item":"U","quantity":"1"}]},
{"id":"U","value":"1","components":[{"item":"V","quantity":"1"}]},
{"id":"V","value":"1"}]}"#,
    );
    // S is first met at depth 2 (under X), where its T is cut; under R it is at depth 1 and
    // shows T and U.
    let (_, out, _) = longarm(&["bom", &file.path, "--depth", "3"]);
    assert!(out.contains("U (...)"), "{out}");
    // Without a cut, S is expanded once.
    let (_, out, _) = longarm(&["bom", &file.path]);
    assert!(out.contains("S (shared, see above)"), "{out}");
    assert_eq!(out.matches("V ").count(), 1, "{out}");
}

#[test]
fn batch_refuses_flags_it_would_ignore_and_an_empty_input() {
    for flag in [
        vec!["--end-use", "wmd"],
        vec!["--to", "DE"],
        vec!["--item", "X"],
        vec!["-o", "out.jsonl"],
    ] {
        let mut args = vec!["check", "--batch", "/dev/null"];
        args.extend(flag.iter().copied());
        let (code, _, err) = longarm(&args);
        assert_eq!(code, 1, "{flag:?}");
        assert!(err.contains("cannot be used with"), "{flag:?}: {err}");
    }
    let (code, _, err) = longarm(&["check", "--batch", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(err.contains("no scenario in the batch"), "{err}");
}

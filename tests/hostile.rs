//! The hostile-input battery (issue 11): files, structures and values an attacker or a careless
//! user would try. None may panic, hang past a few seconds, exhaust memory, or change an
//! answer silently: each gives a clear error (naming the file, line and path, or the limit
//! and how to raise it) or the correct answer. Every input is built here; no large fixture
//! is committed. The fuzz targets (`fuzz/`) and their stable fallback (`tests/no_panic.rs`)
//! search for more.

mod common;

use common::bundled::{MOTOR, eval, rules, scenario};
use common::cli::{TempFile, longarm};
use longarm::limits::Limits;
use longarm::{Bom, EvalError, EvalOptions, RuleSet, Scenario, evaluate, evaluate_with};
use std::process::Command;
use std::time::{Duration, Instant};

const ART1_1: &str = "cn.mofcom.2025-61.art1-1";

// --- Closed vocabularies ---------------------------------------------------------------

/// Runs `f` and fails when it takes longer than a few seconds: 5 in a release build, 30 in a
/// debug build on a shared machine (quadratic work on these sizes would take minutes).
fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let budget = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 5 });
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < budget, "{what}: {:?}", start.elapsed());
    out
}

/// A JSON BOM of the given items (each a JSON object text).
fn bom_of(items: &[String]) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [ {} ] }}"#,
        items.join(",\n")
    )
}

/// A chain `P0 -> P1 -> ... -> P{n-1}`: `n` levels.
fn chain(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let comps = if i + 1 < n {
                format!(
                    r#", "components": [ {{ "item": "P{}", "quantity": "1" }} ]"#,
                    i + 1
                )
            } else {
                String::new()
            };
            format!(r#"{{ "id": "P{i}", "origin": "VN", "value": "1"{comps} }}"#)
        })
        .collect();
    bom_of(&items)
}

fn load_error(text: &str, limits: &Limits) -> String {
    Bom::from_json_str_with_limits(text, limits)
        .unwrap_err()
        .to_string()
}

// ---- files --------------------------------------------------------------------------------

#[test]
fn empty_marked_binary_and_nul_files_are_clear_errors() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.bom.json", b"", "syntax error"),
        ("empty.bom.toml", b"", "missing required field `currency`"),
        ("mark-only.bom.json", "\u{feff}".as_bytes(), "syntax error"),
        (
            "latin1.bom.json",
            b"{ \"currency\": \"USD\", \"items\": [ { \"id\": \"caf\xe9\" } ] }",
            "valid UTF-8",
        ),
        (
            "nul-in-string.bom.json",
            b"{ \"currency\": \"USD\", \"items\": [ { \"id\": \"A\\u0000\" } ] }",
            "U+0000",
        ),
        (
            "nul-raw.bom.json",
            b"{ \"currency\": \"USD\", \0 }",
            "syntax error",
        ),
        (
            "garbage.bom.json",
            &[0xff, 0xfe, 0x00, 0x01, 0x80],
            "valid UTF-8",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = TempFile::new("files", name, "");
        std::fs::write(&file.path, bytes).unwrap();
        let (code, _, err) = longarm(&["bom", &file.path]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(&file.path), "{name} names its file: {err}");
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn folders_missing_files_and_unknown_formats_are_named() {
    let file = TempFile::new("dirs", "x.txt", "");
    let folder = file.dir.join("folder.bom.json");
    std::fs::create_dir_all(&folder).unwrap();
    let folder = folder.to_str().unwrap();
    for (args, expected) in [
        (vec!["bom", folder], "cannot read the file"),
        (vec!["bom", "no/such/file.bom.json"], "No such file"),
        (vec!["bom", &file.path], "unknown BOM format"),
        (vec!["check", folder], "cannot read the file"),
        (vec!["test", "no/such/folder"], "No such file"),
    ] {
        let (code, _, err) = longarm(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn a_link_to_an_endless_device_stops_at_the_limit() {
    let file = TempFile::new("endless", "x.txt", "");
    let link = file.dir.join("zero.bom.json");
    if std::os::unix::fs::symlink("/dev/zero", &link).is_err() {
        return;
    }
    let (code, _, err) = quick("endless", || {
        longarm(&["bom", link.to_str().unwrap(), "--limit", "input_bytes=1MiB"])
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("larger than the limit `input_bytes` of 1,048,576 bytes"),
        "{err}"
    );
}

#[test]
fn the_input_size_limit_is_exact() {
    let text = std::fs::read_to_string("examples/motor.bom.json").unwrap();
    let file = TempFile::new("size", "motor.bom.json", &text);
    let n = text.len();
    let (code, _, err) = longarm(&["bom", &file.path, "--limit", &format!("input_bytes={n}")]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = longarm(&[
        "bom",
        &file.path,
        "--limit",
        &format!("input_bytes={}", n - 1),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("limit `input_bytes`"), "{err}");
}

#[test]
fn write_errors_fail_every_command() {
    for args in [
        vec!["bom", "examples/motor.bom.json"],
        vec!["test", "examples/cases/motor.cases.toml"],
        vec!["rules", "list"],
        vec!["schema", "bom"],
    ] {
        let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            return;
        };
        let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot write the output"),
            "{args:?}"
        );
    }
}

// ---- limits -------------------------------------------------------------------------------

#[test]
fn each_limit_holds_at_its_value_and_fails_one_past_it() {
    let mut limits = Limits::default();
    // items: 3 items under a limit of 3, then 2.
    let three = bom_of(&[
        r#"{ "id": "A" }"#.into(),
        r#"{ "id": "B" }"#.into(),
        r#"{ "id": "C" }"#.into(),
    ]);
    limits.items = 3;
    assert!(Bom::from_json_str_with_limits(&three, &limits).is_ok());
    limits.items = 2;
    let err = load_error(&three, &limits);
    assert!(
        err.contains(
            "items: 3 items, over the limit `items` of 2 (raise it with `--limit items=N`"
        ),
        "{err}"
    );
    limits = Limits::default();

    // components: 2 lines in all.
    let lines = bom_of(&[
        r#"{ "id": "A", "components": [ { "item": "B", "quantity": "1" }, { "item": "C", "quantity": "1" } ] }"#.into(),
        r#"{ "id": "B" }"#.into(),
        r#"{ "id": "C" }"#.into(),
    ]);
    limits.components = 2;
    assert!(Bom::from_json_str_with_limits(&lines, &limits).is_ok());
    limits.components = 1;
    assert!(
        load_error(&lines, &limits).contains("2 component lines, over the limit `components` of 1")
    );
    limits = Limits::default();

    // bom_depth: the default 1,000 levels, then one more.
    assert!(Bom::from_json_str(&chain(1_000)).is_ok());
    let err = Bom::from_json_str(&chain(1_001)).unwrap_err().to_string();
    assert!(
        err.contains(
            "items[0].id: the chain of 1,001 levels from `P0`, over the limit `bom_depth` of 1,000"
        ),
        "{err}"
    );

    // string_bytes: an id of exactly 4,096 bytes, then 4,097.
    let id = |n: usize| bom_of(&[format!(r#"{{ "id": "{}" }}"#, "é".repeat(n / 2))]);
    assert!(Bom::from_json_str(&id(4_096)).is_ok());
    let err = Bom::from_json_str(&id(4_098)).unwrap_err().to_string();
    assert!(
        err.contains(
            "items[0].id: a string of 4,098 bytes, over the limit `string_bytes` of 4,096 bytes"
        ),
        "{err}"
    );

    // nesting: a component line's values sit 5 levels deep (items, item, components, line,
    // value).
    let nested = bom_of(&[
        r#"{ "id": "A", "components": [ { "item": "B", "quantity": "1" } ] }"#.into(),
        r#"{ "id": "B" }"#.into(),
    ]);
    limits.nesting = 5;
    assert!(Bom::from_json_str_with_limits(&nested, &limits).is_ok());
    limits.nesting = 4;
    assert!(
        load_error(&nested, &limits)
            .contains("nesting deeper than the limit `nesting` of 4 levels")
    );
    limits = Limits::default();

    // rules: a pack of 3 rules under a limit of 3, then 2.
    let pack = chain_pack(3, false);
    let file = TempFile::new("rules-limit", "p.toml", &pack);
    limits.rules = 3;
    assert!(RuleSet::load_with_limits(false, &[file.path.clone().into()], &limits).is_ok());
    limits.rules = 2;
    let err = RuleSet::load_with_limits(false, &[file.path.clone().into()], &limits)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("a pack of 3 rules and patches, over the limit `rules` of 2"),
        "{err}"
    );
}

#[test]
fn limits_reach_the_bom_a_scenario_or_case_names() {
    // A scenario loaded within limits loads its BOM file within them too.
    let (code, _, err) = longarm(&[
        "check",
        "examples/motor.scenario.json",
        "--limit",
        "items=2",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("motor.bom.json") && err.contains("over the limit `items` of 2"),
        "{err}"
    );
    let (code, out, err) = longarm(&[
        "test",
        "examples/cases/motor.cases.toml",
        "--limit",
        "items=2",
    ]);
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("over the limit `items` of 2"), "{out}");
    let (code, _, err) = longarm(&[
        "diff",
        "examples/cases/motor.cases.toml",
        "--date",
        "2025-01-01",
        "--limit",
        "items=2",
    ]);
    assert_eq!(code, 1, "{err}");
    // A misspelt limit is an error with its fix, not a limit silently left as it was.
    let (code, _, err) = longarm(&["bom", "examples/motor.bom.json", "--limit", "bom-depth=5"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown limit `bom-depth`; did you mean `bom_depth`?"),
        "{err}"
    );
    let (code, _, err) = longarm(&["bom", "examples/motor.bom.json", "--limit", "items=lots"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("invalid value `lots` for limit `items`"),
        "{err}"
    );
}

// ---- structure ----------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_in_every_format() {
    let n = 100_000;
    let json = format!(
        r#"{{ "currency": "USD", "items": [], "x": {}{} }}"#,
        "[".repeat(n),
        "]".repeat(n)
    );
    let toml = format!(
        "currency = \"USD\"\nitems = []\nx = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let err = quick("json", || Bom::from_json_str(&json))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("nesting deeper than the limit `nesting` of 64 levels"),
        "{err}"
    );
    let err = quick("toml", || Bom::from_toml_str(&toml))
        .unwrap_err()
        .to_string();
    assert!(err.contains("syntax error"), "{err}");
    let err = quick("scenario", || Scenario::from_json_str(&json))
        .unwrap_err()
        .to_string();
    assert!(err.contains("nesting deeper"), "{err}");
    let pack = format!(
        "[pack]\nid = \"p\"\nx = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let err = quick("pack", || RuleSet::from_toml_strs(&[&pack]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn cycles_of_every_length_are_named_quickly() {
    let selfref =
        bom_of(&[r#"{ "id": "A", "components": [ { "item": "A", "quantity": "1" } ] }"#.into()]);
    let err = Bom::from_json_str(&selfref).unwrap_err().to_string();
    assert!(err.contains("cycle") && err.contains("`A` -> `A`"), "{err}");
    // A 100,000-item ring: named from its smallest id, without recursion.
    let n = 100_000;
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{ "id": "R{i}", "components": [ {{ "item": "R{}", "quantity": "1" }} ] }}"#,
                (i + 1) % n
            )
        })
        .collect();
    let err = quick("ring", || Bom::from_json_str(&bom_of(&items)))
        .unwrap_err()
        .to_string();
    // Its start and end, not 100,000 names.
    assert!(
        err.contains("-> `R9` -> ... (99,989 more) -> `R99999` -> `R0`"),
        "{err}"
    );
    assert!(
        err.contains("cycle: `R0` -> `R1` ->"),
        "{}",
        &err[..err.len().min(300)]
    );
}

#[test]
fn a_deep_chain_is_refused_fast_and_a_long_one_evaluates_fast() {
    let err = quick("100k chain", || Bom::from_json_str(&chain(100_000)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("over the limit `bom_depth`"), "{err}");
    let bom = Bom::from_json_str(&chain(1_000)).unwrap();
    let d = quick("1k chain", || {
        evaluate_with(
            &bom,
            &scenario("P0", "VN", "US", "2026-12-01", ""),
            rules(),
            EvalOptions::EXPLAIN,
        )
    })
    .unwrap();
    let text = quick("text", || longarm::eval::text::render(&d, true));
    assert!(text.len() < 500_000, "{}", text.len());
}

#[test]
fn wide_items_and_path_explosions_stay_linear() {
    // One item with 100,000 components.
    let mut items = vec![format!(
        r#"{{ "id": "W", "origin": "VN", "value": "1000000", "components": [ {} ] }}"#,
        (0..100_000)
            .map(|i| format!(r#"{{ "item": "C{i}", "quantity": "1" }}"#))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    items.extend((0..100_000).map(|i| {
        let origin = if i % 1000 == 0 { "CN" } else { "VN" };
        format!(r#"{{ "id": "C{i}", "origin": "{origin}", "value": "1", "material": {{ "form": "metal", "elements": ["Fe"] }} }}"#)
    }));
    let bom = quick("wide load", || Bom::from_json_str(&bom_of(&items))).unwrap();
    quick("wide check", || {
        evaluate(&bom, &scenario("W", "VN", "US", "2026-12-01", ""), rules())
    })
    .unwrap();
    // A lattice of 60 levels, two items each, each item using both below: 2^60 paths.
    let mut items = Vec::new();
    for level in 0..60 {
        for k in 0..2 {
            let (origin, comps) = if level == 59 {
                ("CN".to_owned(), String::new())
            } else {
                (
                    "VN".to_owned(),
                    format!(
                        r#", "components": [ {{ "item": "N{}_0", "quantity": "1" }}, {{ "item": "N{}_1", "quantity": "1" }} ]"#,
                        level + 1,
                        level + 1
                    ),
                )
            };
            items.push(format!(
                r#"{{ "id": "N{level}_{k}", "origin": "{origin}", "value": "1"{comps} }}"#
            ));
        }
    }
    let text = bom_of(&items);
    let bom = Bom::from_json_str(&text).unwrap();
    let d = quick("lattice check", || {
        evaluate_with(
            &bom,
            &scenario("N0_0", "VN", "US", "2026-12-01", ""),
            rules(),
            EvalOptions::EXPLAIN,
        )
    })
    .unwrap();
    let out = quick("lattice text", || longarm::eval::text::render(&d, true));
    assert!(out.len() < 200_000, "{}", out.len());
    let file = TempFile::new("lattice", "lattice.bom.json", &text);
    let (code, out, err) = quick("lattice tree", || longarm(&["bom", &file.path]));
    assert_eq!(code, 0, "{err}");
    // Each shared sub-assembly is drawn once and referred to after.
    assert!(out.lines().count() < 1_000, "{} lines", out.lines().count());
}

#[test]
fn the_bom_tree_of_a_deep_chain_is_linear_in_its_rows() {
    // Past the default depth, raised: the tree prints in time linear in its rows, the
    // branch lines of deep rows drawn for their last 24 levels after the depth.
    let file = TempFile::new("deep-tree", "chain.bom.json", &chain(20_000));
    let (code, out, err) = quick("deep tree", || {
        longarm(&["bom", &file.path, "--limit", "bom_depth=20000"])
    });
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 20_001);
    assert!(out.len() < 5_000_000, "{}", out.len());
    assert!(out.contains("[19999] "), "{}", &out[out.len() - 500..]);
    // `--depth` cuts the tree, marking what has more below.
    let (code, out, _) = longarm(&[
        "bom",
        &file.path,
        "--limit",
        "bom_depth=20000",
        "--depth",
        "2",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.contains("P2 (...)"), "{out}");
}

// ---- values -------------------------------------------------------------------------------

#[test]
fn huge_tiny_and_malformed_numbers_are_errors_not_rounding() {
    let bom = bom_of(&[
        r#"{ "id": "A", "value": "1e400" }"#.into(),
        r#"{ "id": "B", "value": "123456789012345678901234567890123" }"#.into(),
        r#"{ "id": "C", "value": -5, "components": [ { "item": "A", "quantity": "1e30" } ] }"#
            .into(),
        r#"{ "id": "D", "value": "0.00000000000000000000000000001" }"#.into(),
        r#"{ "id": "E", "value": "NaN" }"#.into(),
    ]);
    let err = Bom::from_json_str(&bom).unwrap_err().to_string();
    for expected in [
        "items[0].value: malformed decimal `1e400`",
        "items[1].value: decimal `123456789012345678901234567890123` cannot be held exactly",
        "items[2].value: value must not be negative",
        "items[2].components[0].quantity: malformed decimal `1e30`",
        "items[3].value: decimal `0.00000000000000000000000000001` cannot be held exactly",
        "items[4].value: malformed decimal `NaN`",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    // An exponent that is exact is read exactly.
    let bom = Bom::from_json_str(&bom_of(&[r#"{ "id": "F", "value": 1.5e3 }"#.into()])).unwrap();
    assert_eq!(
        bom.item("F").unwrap().unit_value.unwrap().to_string(),
        "1500.0"
    );
}

#[test]
fn bad_dates_are_errors_naming_the_format() {
    for date in [
        "2026-02-30",
        "2026-13-01",
        "99999-01-01",
        "2026-1-1",
        "2026-12-01T00:00",
        "",
        "tomorrow",
    ] {
        let (code, _, err) = longarm(&[
            "check",
            "--bom",
            "examples/motor.bom.json",
            "--item",
            "MOTOR-200",
            "--from",
            "VN",
            "--to",
            "US",
            "--date",
            date,
        ]);
        assert_eq!(code, 1, "{date}: {err}");
        assert!(err.contains("YYYY-MM-DD"), "{date}: {err}");
    }
    // 2028-02-29 exists.
    let (code, _, err) = longarm(&[
        "check",
        "--bom",
        "examples/motor.bom.json",
        "--item",
        "MOTOR-200",
        "--from",
        "VN",
        "--to",
        "US",
        "--date",
        "2028-02-29",
    ]);
    assert_ne!(code, 1, "{err}");
}

#[test]
fn ownership_cycles_aggregate_or_fail_without_hanging() {
    // Two parties owning 60% of each other, one listed: the 50% rule sees through the cycle.
    let parties = r#", "parties": [
        { "id": "A", "roles": ["end_user"], "owners": [ { "party": "B", "share": "0.6" } ] },
        { "id": "B", "lists": ["CN:control-list"], "owners": [ { "party": "A", "share": "0.6" } ] } ]"#;
    let s = scenario("MOTOR", "VN", "DE", "2026-12-01", parties);
    assert!(s.owned_share("A", |p| p.on_list("CN:control-list")) >= longarm::Decimal::new(6, 1));
    // A dense web of 300 parties each owning a little of every other: bounded, then an error.
    let n = 300;
    let parties: Vec<String> = (0..n)
        .map(|i| {
            let owners: Vec<String> = (0..n)
                .filter(|j| *j != i)
                .map(|j| format!(r#"{{ "party": "Q{j}", "share": "0.003" }}"#))
                .collect();
            format!(
                r#"{{ "id": "Q{i}", "roles": ["end_user"], "owners": [ {} ] }}"#,
                owners.join(", ")
            )
        })
        .collect();
    let text = format!(
        r#"{{ "bom": "x.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01", "parties": [ {} ] }}"#,
        parties.join(", ")
    );
    let loaded = quick("web", || Scenario::from_json_str(&text));
    if let Err(e) = loaded {
        assert!(e.to_string().contains("ownership"), "{e}");
    }
}

#[test]
fn pack_cycles_and_case_file_errors_are_named() {
    let pack = "[pack]\nid = \"p\"\njurisdiction = \"TT\"\ntitle = \"t\"\n\n[[rules]]\nid = \"r\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ { from = 2020-01-01, instrument = \"i\" } ]\nwhen = { rule = \"r\" }\n";
    let err = RuleSet::from_toml_strs(&[pack]).unwrap_err().to_string();
    assert!(err.contains("cycle"), "{err}");
    let classes = "[pack]\nid = \"p\"\njurisdiction = \"TT\"\ntitle = \"t\"\n\n[classes]\na = { class = \"b\" }\nb = { class = \"a\" }\n";
    let err = RuleSet::from_toml_strs(&[classes]).unwrap_err().to_string();
    assert!(
        err.contains("classes refer to each other in a cycle"),
        "{err}"
    );
    // A case file that names a scenario that is not there, and one that is not TOML.
    let bad = TempFile::new(
        "cases",
        "a.cases.toml",
        "[[cases]]\nname = \"x\"\nscenario = \"missing.scenario.json\"\nverdict = \"no_license_required\"\n",
    );
    std::fs::write(bad.dir.join("b.cases.toml"), "[[cases]\n").unwrap();
    let (code, out, _) = longarm(&["test", bad.dir.to_str().unwrap()]);
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("missing.scenario.json") && out.contains("b.cases.toml"),
        "{out}"
    );
    assert!(out.contains("0 passed, 0 failed, 2 errors"), "{out}");
}

#[test]
fn rules_referring_to_rules_cost_one_evaluation_each_and_nest_boundedly() {
    // Each rule asks the previous one twice: exponential without memoisation.
    let rules = RuleSet::from_toml_strs(&[&chain_pack(30, true)]).unwrap();
    let bom = Bom::from_json_str(MOTOR).unwrap();
    let start = std::time::Instant::now();
    let d = evaluate_with(
        &bom,
        &scenario("MOTOR", "VN", "DE", "2026-12-01", ""),
        &rules,
        EvalOptions::EXPLAIN,
    )
    .unwrap();
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    let t = d.jurisdictions[0].explained.last().unwrap();
    assert_eq!(t.reason.as_deref(), Some("rule `r28` does not apply"));
    // 32 references deep is the limit; 40 is an error naming the chain.
    assert!(RuleSet::from_toml_strs(&[&chain_pack(33, false)]).is_ok());
    let err = RuleSet::from_toml_strs(&[&chain_pack(40, false)])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("rule references nest deeper than 32: `r39` -> `r38`"),
        "{err}"
    );
}

#[test]
fn deep_paths_print_on_one_line_so_text_stays_linear() {
    let depth = 2_000;
    let mut items = Vec::new();
    for i in 0..depth {
        items.push(format!(
            r#"{{ "id": "P{i}", "origin": "VN", "value": "1000", "components": [ {{ "item": "P{}", "quantity": "1" }} ] }}"#,
            i + 1
        ));
    }
    items.push(format!(
        r#"{{ "id": "P{depth}", "origin": "CN", "value": "60", "material": {{ "form": "magnet", "elements": ["Nd", "Dy"] }} }}"#
    ));
    let bom = format!(
        r#"{{ "currency": "USD", "items": [ {} ] }}"#,
        items.join(",\n")
    );
    // Deeper than the default limit: an error naming it; raised, the BOM is evaluated.
    let err = Bom::from_json_str(&bom).unwrap_err().to_string();
    assert!(
        err.contains("the chain of 2,001 levels from `P0`, over the limit `bom_depth` of 1,000"),
        "{err}"
    );
    let mut limits = longarm::limits::Limits::default();
    limits.bom_depth = 2_001;
    let bom = Bom::from_json_str_with_limits(&bom, &limits).unwrap();
    let s = scenario("P0", "VN", "DE", "2026-12-01", "");
    let d = evaluate(&bom, &s, rules()).unwrap();
    let text = longarm::eval::text::render(&d, false);
    // Every path is one line of about 6 bytes an id: far below depth squared.
    assert!(text.len() < 200_000, "{} bytes", text.len());
    assert!(
        text.contains("P0 > P1 > P2"),
        "{}",
        &text[..2000.min(text.len())]
    );
}

#[test]
fn suggestions_stay_cheap_on_long_and_many_bad_values() {
    let long = "G".repeat(5_000);
    let items: Vec<String> = (0..300)
        .map(|i| format!(r#"{{ "id": "I{i}", "origin": "{long}{i}" }}"#))
        .collect();
    let text = format!(
        r#"{{ "currency": "USD", "items": [ {} ] }}"#,
        items.join(",")
    );
    let start = std::time::Instant::now();
    let err = Bom::from_json_str(&text).unwrap_err();
    assert_eq!(err.problems.len(), 300);
    assert!(start.elapsed().as_secs() < 3, "{:?}", start.elapsed());
}

#[test]
fn control_characters_in_strings_are_rejected() {
    let err = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "A\r\u001b[2K NO LICENSE REQUIRED", "value": "1" } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("items[0].id: control character U+000D in a string"),
        "{err}"
    );
}

#[test]
fn small_slips_are_errors_or_named() {
    // A rate for the BOM's own currency would be ignored.
    let err = Bom::from_json_str(
        r#"{ "currency": "USD", "fx": { "USD": "0.9" }, "items": [ { "id": "A", "value": "1" } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("fx.USD: `USD` is the BOM currency"), "{err}");
    // An exported item worth 0: the ratio is undefined, and its value is the missing fact.
    let zero = MOTOR.replace(r#""value": "1500.00""#, r#""value": "0""#);
    let d = eval(&zero, &scenario("MOTOR", "VN", "DE", "2026-12-01", "")).unwrap();
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == ART1_1)
        .unwrap();
    assert!(
        f.missing
            .iter()
            .any(|m| m.item == "MOTOR" && m.facts.iter().any(|f| f.as_str() == "value")),
        "{:?}",
        f.missing
    );
}

#[test]
fn inputs_are_read_up_to_a_limit() {
    let dir = std::env::temp_dir().join(format!("longarm-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.bom.json");
    std::fs::write(&file, "x".repeat(100)).unwrap();
    let err = longarm::limits::read_text_limited(&file, 99).unwrap_err();
    assert!(
        err.to_string()
            .contains("larger than the limit `input_bytes` of 99 bytes"),
        "{err}"
    );
    assert_eq!(
        longarm::limits::read_text_limited(&file, 100)
            .unwrap()
            .len(),
        100
    );
    std::fs::remove_dir_all(&dir).ok();
    // A device that never ends stops at the limit instead of exhausting memory.
    if std::path::Path::new("/dev/zero").exists() {
        let err = longarm::limits::read_text_limited(std::path::Path::new("/dev/zero"), 1 << 16)
            .unwrap_err();
        assert!(err.to_string().contains("limit `input_bytes`"), "{err}");
    }
    assert_eq!(longarm::limits::MAX_INPUT_BYTES, 1 << 30);
}

fn chain_pack(rules: usize, double: bool) -> String {
    let mut pack = String::from(
        "[pack]\nid = \"p\"\njurisdiction = \"TT\"\ntitle = \"t\"\n\n[[rules]]\nid = \"r0\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ { from = 2020-01-01, instrument = \"i\" } ]\nwhen = { to = { countries = [\"JP\"] } }\n",
    );
    for k in 1..rules {
        let prev = k - 1;
        let when = if double {
            format!("{{ any = [ {{ rule = \"r{prev}\" }}, {{ rule = \"r{prev}\" }} ] }}")
        } else {
            format!("{{ rule = \"r{prev}\" }}")
        };
        pack.push_str(&format!(
            "\n[[rules]]\nid = \"r{k}\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2020-01-01, instrument = \"i\" }} ]\nwhen = {when}\n"
        ));
    }
    pack
}

#[test]
fn a_failed_write_is_an_error_and_a_closed_pipe_is_quiet() {
    // Output is part of the answer: a full disk must not pass for "licence required".
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system
    };
    let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["check", "examples/motor.scenario.json"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write the output"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_with_nothing_to_compare_refuses_and_a_byte_order_mark_is_read() {
    let (code, _, err) = longarm(&["diff", "examples/cases"]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing to compare"), "{err}");
    // A BOM file saved with a UTF-8 byte-order mark loads.
    let text = std::fs::read_to_string("examples/motor.bom.json").unwrap();
    let file = TempFile::new("bom-mark", "marked.bom.json", &format!("\u{feff}{text}"));
    let (code, _, err) = longarm(&["bom", &file.path]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn problems_of_a_parties_file_name_that_file_and_its_lines() {
    let parties = TempFile::new(
        "parties",
        "parties.json",
        "[ { \"id\": \"b\", \"roles\": [\"end_user\"],\n  \"owners\": [ { \"party\": \"p\", \"share\": \"55%\" } ] },\n  { \"id\": \"p\" } ]\n",
    );
    let p = parties.path.clone();
    let (code, _, err) = longarm(&[
        "check",
        "--bom",
        "examples/motor.bom.json",
        "--item",
        "MOTOR-200",
        "--from",
        "Vietnam",
        "--to",
        "DE",
        "--date",
        "2026-12-01",
        "--parties",
        &p,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("(command-line flags):1: from: invalid country code `Vietnam`"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{p}:2: parties[0].owners[0].share: `55%` is a percentage"
        )),
        "{err}"
    );
}

#[test]
fn a_user_pack_that_closes_a_rule_cycle_is_the_one_named() {
    let pack = TempFile::new(
        "cycle",
        "cycle.toml",
        "[pack]\nid = \"user\"\njurisdiction = \"CN\"\ntitle = \"t\"\n\n[[rules]]\nid = \"cn.mofcom.2025-61.art1-1\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"license_required\"\nreview = \"approval\"\neffective = [ { from = 2025-01-01, instrument = \"i\" } ]\nwhen = { rule = \"cn.mofcom.2025-61.art2\" }\n",
    );
    let p = pack.path.clone();
    let (code, _, err) = longarm(&["check", "examples/motor.scenario.json", "--rules", &p]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("error: {p}: 1 problem")), "{err}");
    assert!(
        err.contains("rules refer to each other in a cycle"),
        "{err}"
    );
}

#[test]
fn bom_prints_ids_and_names_longer_than_a_format_width() {
    let long = "A".repeat(70_000);
    let bom = format!(
        r#"{{ "currency": "USD", "items": [ {{ "id": "{long}", "name": "{long}", "unit": "{long}", "value": "1" }} ] }}"#
    );
    let file = TempFile::new("long", "long.bom.json", &bom);
    // Past the default limit on strings: each field named, with how to raise the limit.
    let (code, _, err) = longarm(&["bom", &file.path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("3 problems"), "{err}");
    assert!(
        err.contains("items[0].id: a string of 70,000 bytes, over the limit `string_bytes` of 4,096 bytes (raise it with `--limit string_bytes=N`"),
        "{err}"
    );
    let (code, out, err) = longarm(&["bom", &file.path, "--limit", "string_bytes=100000"]);
    assert_eq!(code, 0, "{err}");
    // One header and one row, each linear in the cells.
    assert_eq!(out.lines().count(), 2);
    assert!(out.len() < 300_000, "{}", out.len());
}

#[test]
fn an_item_worth_less_than_its_components_is_said() {
    let bom = |own: &str| {
        bom_of(&[
            format!(r#"{{ "id": "A", "origin": "VN", "value": "{own}", "components": [ {{ "item": "B", "quantity": "2" }} ] }}"#),
            r#"{ "id": "B", "origin": "CN", "value": "5.005", "material": { "form": "metal", "elements": ["Fe"] } }"#.into(),
        ])
    };
    let s = scenario("A", "VN", "DE", "2026-12-01", "");
    let kinds = |own: &str| -> Vec<String> {
        eval(&bom(own), &s)
            .unwrap()
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.kind, w.message))
            .collect()
    };
    // Worth exactly its components: nothing to say.
    assert!(
        !kinds("10.01")
            .iter()
            .any(|w| w.starts_with("value_below_components"))
    );
    let warned = kinds("10.00");
    assert!(
        warned.iter().any(|w| w
            == "value_below_components: 1 item is declared worth less than its components (`A`: USD 10 against USD 10.01 of components): content shares are taken against the declared value and can pass 100%; check the values"),
        "{warned:?}"
    );
}

// ---- defects found by the second hostile pass ------------------------------------------

/// The fn1 example with its one party's list replaced.
fn fn1_example_with_list(list: &str) -> (Bom, Scenario) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let bom = Bom::from_path(root.join("ai-accelerator.bom.json")).unwrap();
    let text = std::fs::read_to_string(root.join("ai-accelerator-fn1-de.scenario.json"))
        .unwrap()
        .replace("US:entity-list:fn1", list);
    (bom, Scenario::from_json_str(&text).unwrap())
}

#[test]
fn an_undeclared_sub_designation_is_an_error_never_its_parent_list() {
    let (bom, s) = fn1_example_with_list("US:entity-list:fn1");
    let d = evaluate(&bom, &s, rules()).unwrap();
    assert_eq!(
        d.verdict,
        longarm::Verdict::LicenseRequired,
        "{:?}",
        d.verdict
    );
    for (list, suggestion) in [
        ("US:entity-list:fn-1", "US:entity-list:fn1"),
        ("US:entity-list:fn01", "US:entity-list:fn1"),
        ("US:entity-list:footnote1", "US:entity-list:fn1"),
        ("US:entity-list:fn-4", "US:entity-list:fn4"),
        ("US:entity-list:fn4a", "US:entity-list:fn4"),
        (
            "CN:unreliable-entity:tradeban",
            "CN:unreliable-entity:trade-ban",
        ),
        ("US:entity-list:fn 1", "US:entity-list:fn1"),
    ] {
        let (bom, s) = fn1_example_with_list(list);
        let err = match evaluate(&bom, &s, rules()) {
            Err(e @ EvalError::Vocabulary(_)) => e.to_string(),
            other => panic!("{list}: expected a vocabulary error, got {other:?}"),
        };
        assert!(
            err.contains(&format!("`{list}`"))
                && err.contains(&format!("did you mean `{suggestion}`?")),
            "{list}: {err}"
        );
    }
    // A private sub-designation of a declared list is the party on that list, said plainly.
    let (bom, s) = fn1_example_with_list("US:entity-list:x-internal");
    evaluate(&bom, &s, rules()).unwrap();
    assert!(s.parties[0].on_list("US:entity-list"));
    // A list of a jurisdiction no pack speaks for is accepted and warned.
    let (bom, s) = fn1_example_with_list("XX:sanctions:tier-1");
    let d = evaluate(&bom, &s, rules()).unwrap();
    assert!(
        d.warnings.iter().any(|w| w.kind == "unread_list"),
        "{:?}",
        d.warnings
    );
}

#[test]
fn missing_item_suggestions_share_one_budget_per_file() {
    // 20,000 items of 250-character ids and 50 missing ones of the same length: without a
    // budget each missing id is compared with every id of similar length.
    let stem = "Q".repeat(245);
    let mut items: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{ "id": "{stem}{i:05}", "origin": "VN", "value": "1" }}"#))
        .collect();
    let comps: Vec<String> = (0..50)
        .map(|i| format!(r#"{{ "item": "{stem}Z{i:04}", "quantity": "1" }}"#))
        .collect();
    items.push(format!(
        r#"{{ "id": "TOP", "origin": "VN", "value": "1", "components": [ {} ] }}"#,
        comps.join(",")
    ));
    let err = quick("missing ids", || {
        Bom::from_json_str_with_limits(&bom_of(&items), &Limits::default()).unwrap_err()
    });
    assert_eq!(err.problems.len(), 50);
    // A small file still gets its suggestion.
    let err = load_error(
        &bom_of(&[
            r#"{ "id": "MAGNET-1", "origin": "VN", "value": "1" }"#.to_owned(),
            r#"{ "id": "TOP", "origin": "VN", "value": "1", "components": [ { "item": "MAGNET1", "quantity": "1" } ] }"#.to_owned(),
        ]),
        &Limits::default(),
    );
    assert!(err.contains("did you mean `MAGNET-1`?"), "{err}");
}

#[test]
fn missing_owner_suggestions_share_one_budget_per_file() {
    let stem = "O".repeat(200);
    let mut parties: Vec<String> = (0..2_000)
        .map(|i| format!(r#"{{ "id": "{stem}{i:05}" }}"#))
        .collect();
    let owners: Vec<String> = (0..200)
        .map(|i| format!(r#"{{ "party": "{stem}Y{i:04}", "share": "0.001" }}"#))
        .collect();
    parties.push(format!(
        r#"{{ "id": "owned", "owners": [ {} ] }}"#,
        owners.join(",")
    ));
    let text = format!(
        r#"{{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01", "parties": [ {} ] }}"#,
        parties.join(",")
    );
    let err = quick("missing owners", || {
        Scenario::from_json_str(&text).unwrap_err()
    });
    assert_eq!(err.problems.len(), 200);
    let err = Scenario::from_json_str(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01",
             "parties": [ { "id": "parent-co" }, { "id": "sub", "owners": [ { "party": "parentco", "share": "0.6" } ] } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("did you mean `parent-co`?"), "{err}");
}

#[test]
fn class_references_are_looked_up_not_scanned() {
    let n = 50_000;
    let mut pack = String::from("[pack]\nid = \"p\"\njurisdiction = \"TT\"\ntitle = \"t\"\n\n");
    for i in 0..n {
        pack.push_str(&format!(
            "[classes.\"c{i}\"]\nany = [ {{ origin = [\"CN\"] }} ]\n"
        ));
    }
    let refs: Vec<String> = (0..n).map(|i| format!("{{ class = \"c{i}\" }}")).collect();
    pack.push_str(&format!(
        "\n[[rules]]\nid = \"r0\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2020-01-01, instrument = \"i\" }} ]\nwhen = {{ item = {{ any = [ {} ] }} }}\n",
        refs.join(", ")
    ));
    let small = pack.replacen("{ class = \"c0\" }", "{ class = \"c-0\" }", 1);
    quick("class references", || {
        RuleSet::from_toml_strs(&[&pack]).unwrap()
    });
    let err = quick("a missing class", || {
        RuleSet::from_toml_strs(&[&small]).unwrap_err().to_string()
    });
    assert!(err.contains("`c-0`"), "{err}");
}

#[test]
fn problems_stop_being_collected_and_lists_are_bounded() {
    // 300,000 invalid elements: one problem per value would hold them all in memory.
    let elements = vec![r#""Qq""#; 300_000].join(",");
    let text = bom_of(&[format!(
        r#"{{ "id": "A", "origin": "VN", "value": "1", "material": {{ "form": "metal", "elements": [ {elements} ] }} }}"#
    )]);
    let mut limits = Limits::default();
    limits.list_values = 1_000_000;
    let err = quick("many bad elements", || {
        Bom::from_json_str_with_limits(&text, &limits).unwrap_err()
    });
    assert_eq!(err.problems.len(), 1_001);
    let last = err.problems.last().unwrap().kind.to_string();
    assert!(
        last.contains("and 299,000 more problems not listed")
            || last.contains("and 299000 more problems not listed"),
        "{last}"
    );
    // Past the limit `list_values`, one problem and the values unread.
    let err = load_error(&text, &Limits::default());
    assert!(
        err.contains("items[0].material.elements: 300,000 values, over the limit `list_values` of 100,000 (raise it with `--limit list_values=N`"),
        "{err}"
    );
    assert!(err.starts_with("<input>: 1 problem"), "{err}");
    // At the limit and one past it, for a list and for a map.
    let tags = |n: usize| {
        let tags: Vec<String> = (0..n).map(|i| format!(r#""x-t{i}""#)).collect();
        bom_of(&[format!(
            r#"{{ "id": "A", "tags": [ {} ] }}"#,
            tags.join(",")
        )])
    };
    limits = Limits::default();
    limits.list_values = 3;
    assert!(Bom::from_json_str_with_limits(&tags(3), &limits).is_ok());
    assert!(load_error(&tags(4), &limits).contains("limit `list_values` of 3"));
    let classification = |n: usize| {
        let keys: Vec<String> = (0..n)
            .map(|i| format!(r#""X{}": "1""#, (b'A' + i as u8) as char))
            .collect();
        bom_of(&[format!(
            r#"{{ "id": "A", "classification": {{ {} }} }}"#,
            keys.join(",")
        )])
    };
    assert!(Bom::from_json_str_with_limits(&classification(3), &limits).is_ok());
    assert!(load_error(&classification(4), &limits).contains("limit `list_values` of 3"));
    // Parties, their lists and owners; end uses.
    let parties = |n: usize| {
        let ps: Vec<String> = (0..n).map(|i| format!(r#"{{ "id": "p{i}" }}"#)).collect();
        format!(
            r#"{{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01", "parties": [ {} ] }}"#,
            ps.join(",")
        )
    };
    assert!(Scenario::from_json_str_with_limits(&parties(3), &limits).is_ok());
    let err = Scenario::from_json_str_with_limits(&parties(4), &limits)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("parties: 4 values, over the limit `list_values` of 3"),
        "{err}"
    );
}

#[test]
fn control_characters_in_pack_strings_and_in_keys_are_rejected() {
    let pack = |title: &str, note: &str| {
        format!(
            "[pack]\nid = \"p\"\njurisdiction = \"TT\"\ntitle = \"{title}\"\n\n[[rules]]\nid = \"r\"\ntitle = \"t\"\ncitation = \"c\"\nnote = \"{note}\"\neffect = \"reach\"\neffective = [ {{ from = 2020-01-01, instrument = \"i\" }} ]\nwhen = {{ to = {{ countries = [\"JP\"] }} }}\n"
        )
    };
    assert!(RuleSet::from_toml_strs(&[&pack("t", "n")]).is_ok());
    let err = RuleSet::from_toml_strs(&[&pack("t\\u001b[2K", "n\\r NO LICENSE REQUIRED")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(":4: pack.title: control character U+001B in a string")
            && err.contains(":10: rules[0].note: control character U+000D in a string"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    // A patch's citation, in a second pack.
    let patch = "[pack]\nid = \"q\"\njurisdiction = \"TT\"\ntitle = \"t\"\n\n[[patches]]\nrule = \"r\"\ncitation = \"c\\u0007\"\n";
    let err = RuleSet::from_toml_strs(&[&pack("t", "n"), patch])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("control character U+0007 in a string"),
        "{err}"
    );
    // Keys of a BOM, scenario and case file: rejected, and never echoed raw.
    for text in [
        r#"{ "currency": "USD", "items": [ { "id": "A", "\u001b[2Kcolor": "1" } ] }"#,
        r#"{ "currency": "USD", "fx": { "\r\u001b[2KEUR": "1" }, "items": [ { "id": "A" } ] }"#,
        r#"{ "currency": "USD", "items": [ { "id": "A", "classification": { "C\rN": "1C904.a" } } ] }"#,
    ] {
        let err = Bom::from_json_str(text).unwrap_err().to_string();
        assert!(err.contains("control character U+00"), "{err}");
        assert!(err.contains("in a key"), "{err}");
        assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    }
    let err = Scenario::from_json_str(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01", "\u001b[2Kitem": "Y" }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("control character U+001B in a key"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // `parties find` echoes its query: refused.
    let (code, out, err) = longarm(&["parties", "find", "General\r\u{1b}[2K NO LISTING"]);
    assert_ne!(code, 0, "{out}");
    assert!(err.contains("control character U+000D"), "{err}");
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{err:?}"
    );
}

#[test]
fn parties_find_matches_a_longer_name_and_fullwidth_letters() {
    let rules = rules();
    for query in [
        "General Dynamics Corporation",
        "General Dynamics Corp.",
        "Ｇeneral Dynamics",
        "GENERAL-DYNAMICS",
        "general dynamics",
    ] {
        let found = rules.find_listed(query);
        assert!(
            found
                .iter()
                .any(|(_, names)| names.contains(&"General Dynamics")),
            "{query}: {:?}",
            found.iter().map(|(_, n)| n).collect::<Vec<_>>()
        );
    }
    // On word boundaries only: a longer word is another name.
    assert!(rules.find_listed("Gibbs & Coxswain Ltd").is_empty());
    assert!(rules.find_listed("Leidosx Inc").is_empty());
    assert!(!rules.find_listed("Leidos Inc").is_empty());
    let (code, out, _) = longarm(&["parties", "find", "General Dynamics Corporation"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("General Dynamics") && out.contains("Not found is not cleared"),
        "{out}"
    );
}

#[test]
fn hs_codes_and_limit_values_must_be_well_formed() {
    for (code, suggestion) in [
        ("８４７１３０", Some("847130")),
        ("84.71.30", Some("847130")),
        ("8471", None),
        ("8471.30.", Some("847130")),
        ("8471..30", Some("847130")),
        ("ABC123", None),
    ] {
        let err = Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [ {{ "id": "A", "classification": {{ "HS": "{code}" }} }} ] }}"#
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(&format!("malformed HS code `{code}`")),
            "{err}"
        );
        match suggestion {
            Some(s) => assert!(err.contains(&format!("did you mean `{s}`?")), "{err}"),
            None => assert!(!err.contains("did you mean"), "{err}"),
        }
    }
    for code in [
        "847130",
        "8471.30",
        "8471.30.01",
        "8471.30.01.00",
        "8471300100",
    ] {
        Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [ {{ "id": "A", "classification": {{ "HS": "{code}" }} }} ] }}"#
        ))
        .unwrap();
    }
    for bad in ["items=1,,0", "items=,5", "items=-0", "items=1,0"] {
        let err = Limits::parse_all([bad]).unwrap_err();
        assert!(
            err.contains("expected a positive whole number"),
            "{bad}: {err}"
        );
    }
    let err = Limits::parse_all(["input_bytes=1.5GiB"]).unwrap_err();
    assert!(err.contains("`KiB`, `MiB` or `GiB`"), "{err}");
}

#[test]
fn a_negative_zero_value_is_negative() {
    let err = load_error(
        &bom_of(&[r#"{ "id": "A", "origin": "VN", "value": "-0" }"#.to_owned()]),
        &Limits::default(),
    );
    assert!(
        err.contains("items[0].value: value must not be negative, found `-0`"),
        "{err}"
    );
    let err = load_error(
        &bom_of(&[r#"{ "id": "A", "origin": "VN", "value": "-0.00" }"#.to_owned()]),
        &Limits::default(),
    );
    assert!(err.contains("must not be negative"), "{err}");
}

#[test]
fn a_replay_loads_exactly_the_pack_set_its_receipt_records() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = TempFile::new(
        "replay-set",
        "motor.scenario.json",
        &std::fs::read_to_string(root.join("examples/motor.scenario.json")).unwrap(),
    );
    let dir = scenario.dir.clone();
    std::fs::copy(
        root.join("examples/motor.bom.json"),
        dir.join("motor.bom.json"),
    )
    .unwrap();
    let pack = dir.join("cn-mofcom.toml");
    std::fs::copy(root.join("packs/cn-mofcom.toml"), &pack).unwrap();
    let scenario_path = dir.join("motor.scenario.json");
    let (code, out, err) = longarm(&[
        "check",
        scenario_path.to_str().unwrap(),
        "--no-bundled",
        "--rules",
        pack.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(matches!(code, 0 | 2 | 3), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["receipt"]["settings"]["bundled"], false, "{out}");
    let saved = dir.join("determination.json");
    std::fs::write(&saved, &out).unwrap();
    let (code, replayed, err) = longarm(&["check", "--replay", saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(replayed.starts_with("replayed: identical"), "{replayed}");
    // The pack's source edited to the bundled copy of the same text: the bundled set would
    // answer differently, so the replay refuses instead of saying identical.
    let edited = out.replace(
        &format!("\"{}\"", pack.display()),
        "\"bundled:cn-mofcom.toml\"",
    );
    assert_ne!(edited, out);
    std::fs::write(&saved, &edited).unwrap();
    let (code, replayed, err) = longarm(&["check", "--replay", saved.to_str().unwrap()]);
    assert_ne!(code, 0, "{replayed}");
    assert!(
        err.contains("names the bundled pack `bundled:cn-mofcom.toml` outside the bundled set, but records that the bundled packs were not loaded"),
        "{err}"
    );
    // And claiming the bundled set was loaded does not help: it is not the complete set.
    std::fs::write(
        &saved,
        edited.replace("\"bundled\": false", "\"bundled\": true"),
    )
    .unwrap();
    let (code, _, err) = longarm(&["check", "--replay", saved.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        err.contains("do not begin with the complete bundled set (bundled:cn-mofcom.toml, bundled:us-ear-tables.toml, bundled:us-ear.toml)"),
        "{err}"
    );
}

#[test]
fn a_case_that_expects_nothing_is_an_error() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = TempFile::new(
        "expects-nothing",
        "x.cases.toml",
        &format!(
            "[[cases]]\nname = \"vacuous\"\nscenario = \"{}\"\n\n[[cases]]\nname = \"empty jurisdiction\"\nscenario = \"{}\"\njurisdictions = {{ CN = {{}} }}\n",
            root.join("examples/motor.scenario.json").display(),
            root.join("examples/motor.scenario.json").display()
        ),
    );
    let err = longarm::testing::load_cases(std::path::Path::new(&file.path))
        .unwrap_err()
        .to_string();
    assert!(err.contains(": 2 problems"), "{err}");
    assert!(
        err.contains(":1: cases[0]: a case must expect something")
            && err.contains("cases[1]: a case must expect something"),
        "{err}"
    );
    let (code, out, _) = longarm(&["test", &file.path]);
    assert_eq!(code, 4, "{out}");
    assert!(out.contains("a case must expect something"), "{out}");
}

#[test]
fn list_problems_of_a_parties_file_name_that_file() {
    let parties = TempFile::new(
        "parties-lists",
        "parties.json",
        "[ { \"id\": \"b\", \"roles\": [\"end_user\"],\n  \"lists\": [\"US:entity list\", \"US:entity-list:fn-1\"] } ]\n",
    );
    let p = parties.path.clone();
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
        "--parties",
        &p,
        "--end-use",
        "militray",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{p}:2: parties[0].lists[0]: invalid list `US:entity list`"))
            && err.contains("did you mean `US:entity-list`?")
            && err.contains(&format!("{p}:2: parties[0].lists[1]: unknown party list `US:entity-list:fn-1`; did you mean `US:entity-list:fn1`?")),
        "{err}"
    );
    assert!(err.contains("(command-line flags)"), "{err}");
}

// ---- packs that would make evaluation blow up --------------------------------------------

/// A pack whose class `c0` names `c1` `fan` times, `c1` names `c2` `fan` times, and so on
/// `depth` levels down to an origin test; one rule asks for a component of `c0` (or
/// Chinese-origin).
fn shared_classes(depth: usize, fan: usize) -> String {
    let mut pack = String::from(
        "[pack]\nid = \"wide\"\njurisdiction = \"CN\"\ntitle = \"t\"\nvintage = 2025-11-07\n",
    );
    for k in 0..depth {
        let refs = vec![format!("{{ class = \"c{}\" }}", k + 1); fan].join(", ");
        pack.push_str(&format!("[classes.c{k}]\nany = [ {refs} ]\n"));
    }
    pack.push_str(&format!(
        "[classes.c{depth}]\norigin = [\"CN\", \"US\", \"DE\"]\n\
         [[rules]]\nid = \"w.one\"\ntitle = \"t\"\ncitation = \"c\"\n\
         effect = \"license_required\"\nreview = \"approval\"\n\
         effective = [ {{ from = 2020-01-01, instrument = \"i\" }} ]\n\
         when = {{ component = {{ any = [ {{ class = \"c0\" }}, {{ origin = [\"CN\"] }} ] }} }}\n"
    ));
    pack
}

const TWO_ITEMS: &str = r#"{ "currency": "USD", "items": [
  { "id": "A", "value": "1", "components": [ { "item": "B", "quantity": "1" } ] },
  { "id": "B", "value": "1", "origin": "JP" } ] }"#;

#[test]
fn a_class_standing_for_too_many_conditions_is_refused_at_load() {
    // 20^9 conditions written out: evaluating it of one item would never end.
    let err = quick("load", || {
        RuleSet::from_toml_strs(&[&shared_classes(9, 20)])
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("class `c0` stands for more than 1,000,000 conditions"),
        "{err}"
    );
    // 20^4 = 160,000 is within the limit: loaded, and evaluated (nothing matches, so every
    // condition is asked) within seconds, the search's ordering estimate included.
    let rules = quick("load", || {
        RuleSet::from_toml_strs(&[&shared_classes(4, 20)])
    })
    .unwrap();
    let bom = Bom::from_json_str(TWO_ITEMS).unwrap();
    let scenario = Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "A", "from": "VN", "to": "DE", "date": "2026-06-01" }"#,
    )
    .unwrap();
    let d = quick("evaluate", || evaluate(&bom, &scenario, &rules)).unwrap();
    assert_eq!(d.verdict.to_string(), "no_license_required");
}

#[test]
fn many_component_conditions_load_and_evaluate_in_linear_time() {
    // 80,000 distinct component conditions: their memo keys are not found pair by pair.
    let conditions: Vec<String> = (0..80_000)
        .map(|i| format!("  {{ component = {{ tag = \"x-t{i}\" }} }}"))
        .collect();
    let pack = format!(
        "[pack]\nid = \"many\"\njurisdiction = \"CN\"\ntitle = \"t\"\nvintage = 2025-11-07\n\
         [[rules]]\nid = \"m.one\"\ntitle = \"t\"\ncitation = \"c\"\n\
         effect = \"license_required\"\nreview = \"approval\"\n\
         effective = [ {{ from = 2020-01-01, instrument = \"i\" }} ]\n\
         when = {{ any = [\n{}\n] }}\n",
        conditions.join(",\n")
    );
    let bom = Bom::from_json_str(TWO_ITEMS).unwrap();
    let scenario = Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "A", "from": "VN", "to": "DE", "date": "2026-06-01" }"#,
    )
    .unwrap();
    let d = quick("load and evaluate", || {
        let rules = RuleSet::from_toml_strs(&[&pack]).unwrap();
        evaluate(&bom, &scenario, &rules).unwrap()
    });
    assert_eq!(d.verdict.to_string(), "no_license_required");
}

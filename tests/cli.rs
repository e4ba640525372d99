//! The `longarm` binary on the bundled samples.

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

//! The example programs in `examples/`, each run with `cargo run --example` so CI proves they
//! build, run and print what their comments promise.

use std::process::Command;

/// Runs `cargo run --quiet --example NAME ARGS...` from the crate root; returns stdout, and
/// fails the test (with stderr) if the example does not exit successfully.
fn example(name: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", name, "--"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "example {name} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The line of `out` that starts with `prefix`.
fn line<'a>(out: &'a str, prefix: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"))
}

#[test]
fn embed_prints_the_determination_then_its_json() {
    let out = example("embed", &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "verdict: license_required (MOTOR-200 on 2026-12-01)",
        "{out}"
    );
    assert_eq!(
        lines[1], "CN: license_required (review: presumption_of_denial)",
        "{out}"
    );
    assert_eq!(
        &lines[2..5],
        [
            "  cn.mofcom.2025-61.art1-1 [MOFCOM Announcement No. 61 (2025), Art. 1(1)] applies",
            "    ratio 0.0149333, threshold >= 0.001",
            "    path MOTOR-200 > ROTOR > MAG-DY",
        ],
        "{out}"
    );
    assert_eq!(line(&out, "US: "), "US: not_subject (review: -)");
    assert!(
        out.contains(
            "warning [CN undeclared_material]: 5 parts under `MOTOR-200` declare no material"
        ),
        "{out}"
    );
    // The rest is the JSON determination, whole and parseable.
    let json = &out[out.find("\n{\n").unwrap() + 1..];
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["verdict"], "license_required");
    assert_eq!(
        value["jurisdictions"][0]["findings"][0]["ratio"],
        "0.0149333"
    );
}

#[test]
fn destinations_prints_one_row_per_destination() {
    let out = example("destinations", &[]);
    assert_eq!(line(&out, "MOTOR-200 "), "MOTOR-200 from VN on 2026-12-01");
    assert_eq!(
        line(&out, "destination "),
        "destination | verdict             | CN outcome          | US outcome"
    );
    // No. 61 reaches exports to anywhere but China.
    assert_eq!(
        line(&out, "DE "),
        "DE          | license_required    | license_required    | not_subject"
    );
    assert_eq!(
        line(&out, "CN "),
        "CN          | no_license_required | not_subject         | not_subject"
    );
    assert_eq!(out.lines().count(), 3 + 10, "{out}");

    // The arguments: the last day of the No. 70 suspension, and a date that does not exist.
    let out = example(
        "destinations",
        &["examples/motor.bom.json", "MOTOR-200", "2026-11-10"],
    );
    assert_eq!(
        line(&out, "DE "),
        "DE          | no_license_required | not_subject         | not_subject"
    );
    let bad = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "destinations", "--"])
        .args(["examples/motor.bom.json", "MOTOR-200", "2026-13-01"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("<input>:1: date: invalid date `2026-13-01`"),
        "{err}"
    );
}

#[test]
fn destinations_takes_any_bom_and_item() {
    // A Taiwanese board with 30% US-origin 5A002 content: over the 10% de minimis level for
    // Cuba, whose embargo then requires a licence.
    let bom = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-board.bom.json");
    std::fs::write(
        &bom,
        r#"{ "currency": "USD", "items": [
  { "id": "BOARD", "origin": "TW", "value": "100.00", "classification": { "US": "EAR99" },
    "components": [ { "item": "PART", "quantity": "1" }, { "item": "LOCAL", "quantity": "1" } ] },
  { "id": "PART", "origin": "US", "value": "30.00", "classification": { "US": "5A002.a" } },
  { "id": "LOCAL", "origin": "TW", "value": "1.00" } ] }"#,
    )
    .unwrap();
    let out = example("destinations", &[bom.to_str().unwrap(), "BOARD"]);
    assert_eq!(line(&out, "BOARD "), "BOARD from TW on 2026-12-01");
    assert_eq!(
        line(&out, "CU "),
        "CU          | license_required    | not_subject         | license_required"
    );
}

#[test]
fn amend_shows_the_extension_holding_the_requirement_back() {
    let out = example("amend", &[]);
    assert!(
        out.contains(
            "amended: cn.mofcom.2025-61.art1-1 suspended 2025-11-07 to 2027-11-10 \
             (MOFCOM/GAC Announcement No. 70 (2025), as extended (hypothetical))\n"
        ),
        "{out}"
    );
    let (bundled, amended) = out.split_once("\namended packs:\n").unwrap();
    let case = "2026-12-01 to a buyer 60% owned by a control-listed party, after the No. 70 \
                suspension (cn.mofcom.2025-61.art1-1:";
    // Bundled: the licence requirement applies and the case passes.
    assert!(
        bundled.contains(&format!("  PASS {case} applies)\n")),
        "{out}"
    );
    // Amended: the same requirement is dormant until the extended suspension ends, so the
    // case fails, naming every difference.
    assert!(
        amended.contains(&format!("  FAIL {case} dormant from 2027-11-11)\n")),
        "{out}"
    );
    assert!(
        amended.contains("       CN: `cn.mofcom.2025-61.art1-1` must apply; dormant\n"),
        "{out}"
    );
    // The last day of the original suspension passes under both.
    let last_day = "2026-11-10 last day of the No. 70 suspension: no licence, revival announced";
    assert!(bundled.contains(&format!("  PASS {last_day}")), "{out}");
    assert!(amended.contains(&format!("  PASS {last_day}")), "{out}");
    // Every case passes against the bundled packs.
    assert!(
        line(
            bundled.split_once("\nbundled packs:\n").unwrap().1,
            "  bundled: "
        )
        .ends_with(" passed, 0 failed"),
        "{out}"
    );
}

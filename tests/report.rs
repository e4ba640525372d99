//! Reports: `check --format html|csv` and `bom --format dot|svg` — escaped, self-contained,
//! deterministic, each shared sub-assembly drawn once.

mod common;

use common::cli::{TempFile, longarm};

/// A BOM whose ids and names are hostile: markup, quotes, a formula.
const HOSTILE_BOM: &str = r#"{
  "currency": "USD",
  "items": [
    { "id": "<script>alert(1)</script>", "name": "\"quoted\" & <b>bold</b>", "origin": "VN", "value": "1000",
      "components": [ { "item": "=HYPERLINK(\"http://x\")", "quantity": "1" },
                      { "item": "MAG", "quantity": "2" } ] },
    { "id": "=HYPERLINK(\"http://x\")", "origin": "CN", "value": "10",
      "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
      "components": [ { "item": "MAG", "quantity": "1" } ] },
    { "id": "MAG", "name": "-2+3 magnet @home", "origin": "CN", "value": "5",
      "material": { "form": "metal", "elements": ["Dy"] } }
  ]
}"#;

fn hostile_scenario(dir: &TempFile, item: &str) -> String {
    let bom = std::path::Path::new(&dir.dir).join("hostile.bom.json");
    std::fs::write(&bom, HOSTILE_BOM).unwrap();
    let scenario = std::path::Path::new(&dir.dir).join("hostile.scenario.json");
    std::fs::write(
        &scenario,
        serde_json::json!({ "bom": "hostile.bom.json", "item": item, "from": "VN", "to": "DE", "date": "2026-12-01" }).to_string(),
    )
    .unwrap();
    scenario.to_str().unwrap().to_owned()
}

#[test]
fn html_report_escapes_ids_and_is_self_contained_and_deterministic() {
    let dir = TempFile::new("report-html", "x", "");
    let scenario = hostile_scenario(&dir, "<script>alert(1)</script>");
    let (code, out, err) = longarm(&["check", &scenario, "--format", "html"]);
    assert!(code == 2 || code == 3, "{code} {err}");
    assert!(!out.contains("<script"), "an id became markup");
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!out.contains("<b>bold</b>"));
    // No fetch of anything: no script, stylesheet, image or frame from elsewhere, and a
    // policy that forbids them.
    for needle in [
        "<link",
        "<img",
        "<iframe",
        "src=",
        "href=\"http",
        "url(",
        "@import",
    ] {
        assert!(!out.contains(needle), "{needle}");
    }
    assert!(out.contains("Content-Security-Policy"));
    assert!(out.contains("<svg"));
    let again = longarm(&["check", &scenario, "--format", "html"]);
    assert_eq!(again.1, out, "same input, same bytes");
}

#[test]
fn csv_report_defuses_formulas_and_lists_findings_and_contributors() {
    let dir = TempFile::new("report-csv", "x", "");
    let scenario = hostile_scenario(&dir, "=HYPERLINK(\"http://x\")");
    let (_, out, err) = longarm(&["check", &scenario, "--format", "csv"]);
    assert!(
        out.starts_with("row,item,as_of,verdict,jurisdiction,outcome,rule,"),
        "{out}{err}"
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[0] == "finding"), "{out}");
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would evaluate: {cell}"
            );
        }
    }
    assert!(out.contains("'=HYPERLINK"), "{out}");
}

#[test]
fn motor_csv_has_one_row_per_finding_and_contributor() {
    let (code, out, _) = longarm(&["check", "examples/motor.scenario.json", "--format", "csv"]);
    assert_eq!(code, 2);
    let kinds: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "finding").count(),
        3,
        "{out}"
    );
    assert!(
        kinds.iter().filter(|k| **k == "contributor").count() >= 3,
        "{out}"
    );
    assert!(
        out.contains("MOTOR-200 > ROTOR > MAG-DY > DY-METAL,22.40,counted content"),
        "{out}"
    );
}

#[test]
fn svg_and_dot_draw_each_item_once_escaped() {
    let (code, svg, err) = longarm(&["bom", "examples/motor.bom.json", "--format", "svg"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // The stack is in the rotor and the stator: one box, two edges in.
    assert_eq!(svg.matches("data-item=\"LAMINATION-STACK\"").count(), 1);
    assert_eq!(svg.matches("in ROTOR</title>").count(), 3);
    assert_eq!(svg.matches("x LAMINATION-STACK in").count(), 2);
    let (code, dot, _) = longarm(&["bom", "examples/motor.bom.json", "--format", "dot"]);
    assert_eq!(code, 0);
    assert!(dot.starts_with("digraph bom {"));
    assert_eq!(dot.matches("\n  \"LAMINATION-STACK\" [label=").count(), 1);
    assert!(
        dot.contains("\"MAG-DY\" -> \"DY-METAL\" [label=\"0.04\"];"),
        "{dot}"
    );

    let file = TempFile::new("report-svg", "hostile.bom.json", HOSTILE_BOM);
    let (_, svg, _) = longarm(&["bom", &file.path, "--format", "svg"]);
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    let (_, dot, _) = longarm(&["bom", &file.path, "--format", "dot"]);
    assert!(dot.contains(r#""=HYPERLINK(\"http://x\")" ["#), "{dot}");
}

#[test]
fn formats_of_other_commands_are_refused() {
    let (code, _, err) = longarm(&["bom", "examples/motor.bom.json", "--format", "html"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a format of `bom`"), "{err}");
    let (code, _, err) = longarm(&["check", "examples/motor.scenario.json", "--format", "svg"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a format of `check`"), "{err}");
}

#[test]
fn the_picture_is_bounded_and_linear_on_a_wide_bom() {
    // 10,000 parts under one root, and a diamond lattice: laid out fast, capped at the limit.
    let mut items = vec![String::new()];
    let mut lines = Vec::new();
    for i in 0..10_000 {
        lines.push(format!("{{ \"item\": \"P{i}\", \"quantity\": \"1\" }}"));
        items.push(format!(
            "{{ \"id\": \"P{i}\", \"origin\": \"VN\", \"value\": \"1\" }}"
        ));
    }
    items[0] = format!(
        "{{ \"id\": \"ROOT\", \"components\": [{}] }}",
        lines.join(",")
    );
    let bom = longarm::Bom::from_json_str(&format!(
        "{{ \"currency\": \"USD\", \"items\": [{}] }}",
        items.join(",")
    ))
    .unwrap();
    let start = std::time::Instant::now();
    let picture = longarm::report::picture(&bom, &["ROOT"], &[]).unwrap();
    assert_eq!(picture.nodes.len(), longarm::report::graph::MAX_NODES);
    assert_eq!(picture.left_out, 10_001 - longarm::report::graph::MAX_NODES);
    let svg = longarm::report::svg::render(&picture, "wide");
    assert!(svg.contains("more items not drawn"));
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn the_picture_counts_the_parts_of_items_past_the_cap() {
    // 2,500 parts under one root, each with two sub-parts of its own (one shared by all):
    // everything past the cap is counted, the sub-parts of undrawn parts included, once each.
    let n = 2_500usize;
    let mut items = Vec::new();
    let mut lines = Vec::new();
    for i in 0..n {
        lines.push(format!("{{ \"item\": \"P{i}\", \"quantity\": \"1\" }}"));
        items.push(format!(
            "{{ \"id\": \"P{i}\", \"origin\": \"VN\", \"value\": \"1\", \"components\": [ {{ \"item\": \"S{i}\", \"quantity\": \"1\" }}, {{ \"item\": \"SHARED\", \"quantity\": \"1\" }} ] }}"
        ));
        items.push(format!(
            "{{ \"id\": \"S{i}\", \"origin\": \"VN\", \"value\": \"1\" }}"
        ));
    }
    items.push("{ \"id\": \"SHARED\", \"origin\": \"VN\", \"value\": \"1\" }".to_owned());
    items.push(format!(
        "{{ \"id\": \"ROOT\", \"components\": [{}] }}",
        lines.join(",")
    ));
    let bom = longarm::Bom::from_json_str(&format!(
        "{{ \"currency\": \"USD\", \"items\": [{}] }}",
        items.join(",")
    ))
    .unwrap();
    let picture = longarm::report::picture(&bom, &["ROOT"], &[]).unwrap();
    let reachable = 1 + n + n + 1;
    assert_eq!(picture.nodes.len(), longarm::report::graph::MAX_NODES);
    assert_eq!(
        picture.left_out,
        reachable - longarm::report::graph::MAX_NODES
    );
}

//! `longarm check --batch`: one record per line, in input order, the same determinations as
//! one scenario at a time, bad lines reported by number without stopping the rest.

mod common;

use common::cli::TempFile;
use std::io::Write;
use std::process::{Command, Stdio};

fn batch(args: &[&str], stdin: Option<&str>) -> (i32, Vec<serde_json::Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["check", "--batch"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        out.status.code().unwrap(),
        records,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every sample scenario as one line, with its BOM path made absolute.
fn sample_lines() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".scenario.json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let mut v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            if let Some(bom) = v["bom"].as_str() {
                let abs = std::fs::canonicalize(f.parent().unwrap().join(bom)).unwrap();
                v["bom"] = serde_json::Value::String(abs.display().to_string());
            }
            (f.display().to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn a_batch_gives_each_sample_its_own_determination_in_order() {
    let lines = sample_lines();
    let text = lines
        .iter()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let (code, records, err) = batch(&["-"], Some(&text));
    assert_eq!(records.len(), lines.len(), "{err}");
    let rules = longarm::RuleSet::bundled().unwrap();
    let mut worst = 0;
    for (i, ((file, line), record)) in lines.iter().zip(&records).enumerate() {
        assert_eq!(record["line"], i + 1, "{file}");
        let scenario = longarm::Scenario::from_json_str(line).unwrap();
        let bom = scenario.load_bom().unwrap();
        let expected = longarm::evaluate(&bom, &scenario, &rules).unwrap();
        let mut expected = serde_json::to_value(&expected).unwrap();
        let mut got = record["determination"].clone();
        // The receipt's scenario input differs: a line kept as text, not a file.
        expected["receipt"]["inputs"]["scenario"] = serde_json::Value::Null;
        got["receipt"]["inputs"]["scenario"] = serde_json::Value::Null;
        assert_eq!(got, expected, "{file}");
        worst = match (worst, expected["verdict"].as_str().unwrap()) {
            (_, "license_required") => 2,
            (0, "undetermined") => 3,
            (w, _) => w,
        };
    }
    assert_eq!(code, worst);
}

#[test]
fn bad_lines_are_reported_by_number_and_the_rest_runs() {
    let (_, good) = sample_lines().remove(0);
    let text = format!(
        "{good}\n\nnot json\n{}\n{}\n{good}\n",
        good.replace(r#""to":"#, r#""to":"Germany","x":"#),
        r#"{"bom":"/no/such.bom.json","item":"X","from":"VN","to":"DE","date":"2026-12-01"}"#
    );
    let file = TempFile::new("batch-bad", "orders.jsonl", &text);
    let (code, records, _) = batch(&[&file.path], None);
    assert_eq!(code, 1);
    let lines: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 3, 4, 5, 6], "blank line 2 skipped");
    assert!(records[0]["determination"].is_object());
    assert!(
        records[1]["error"]
            .as_str()
            .unwrap()
            .contains("syntax error")
    );
    assert!(
        records[2]["error"].as_str().unwrap().contains("`Germany`"),
        "{}",
        records[2]
    );
    assert!(
        records[3]["error"]
            .as_str()
            .unwrap()
            .contains("/no/such.bom.json")
    );
    assert!(records[4]["determination"].is_object());
}

#[test]
fn order_holds_across_chunks_and_destinations() {
    let bom = std::fs::canonicalize("examples/motor.bom.json").unwrap();
    let dests = ["DE", "US", "CN", "RU", "JP", "KP", "IR", "VN"];
    let n = 4_500;
    let text: String = (0..n)
        .map(|i| {
            format!(
                r#"{{"bom":"{}","item":"MOTOR-200","from":"VN","to":"{}","date":"2026-12-01"}}"#,
                bom.display(),
                dests[i % dests.len()]
            ) + "\n"
        })
        .collect();
    let file = TempFile::new("batch-many", "many.jsonl", &text);
    let (_, records, err) = batch(&[&file.path], None);
    assert_eq!(records.len(), n, "{err}");
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["line"], i + 1);
        assert_eq!(
            r["determination"]["receipt"]["inputs"]["scenario"]["sha256"]
                .as_str()
                .map(str::len),
            Some(64)
        );
    }
    // Lines with the same destination give the same verdict.
    for i in dests.len()..n {
        assert_eq!(
            records[i]["determination"]["verdict"],
            records[i - dests.len()]["determination"]["verdict"]
        );
    }
}

#[test]
fn a_line_past_the_input_limit_is_skipped_not_held_and_bad_bytes_are_a_line_error() {
    let mut text = b"{\"bom\":\"x\"}\n".to_vec();
    text.extend(std::iter::repeat_n(b'a', 3_000));
    text.extend(b"\n\xff\xfe\n{\"bom\":\"y\"}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["check", "--batch", "-", "--limit", "input_bytes=1000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 2, 3, 4]);
    assert!(
        records[1]["error"]
            .as_str()
            .unwrap()
            .contains("longer than the limit `input_bytes` of 1000 bytes")
    );
    assert!(
        records[2]["error"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    assert!(
        records[3]["error"]
            .as_str()
            .unwrap()
            .contains("missing required field `item`")
    );
}

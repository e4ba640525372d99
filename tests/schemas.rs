//! The JSON Schemas of the file formats: the checked-in copies under `schemas/` are the
//! generated ones, every sample file and every sample determination validates, and documents
//! the loaders reject for their shape are rejected by the schemas too.
//!
//! After changing a format on purpose: `LONGARM_BLESS=1 cargo test --test schemas`, then
//! review the diff of `schemas/`.

use longarm::{Bom, RuleSet, Scenario, evaluate};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

type Generate = fn() -> Value;

const SCHEMAS: [(&str, Generate); 3] = [
    ("bom", longarm::schema::bom),
    ("scenario", longarm::schema::scenario),
    ("determination", longarm::schema::determination),
];

fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(format!("schemas/{name}.schema.json"))
}

#[test]
fn checked_in_schemas_are_the_generated_ones() {
    let bless = std::env::var_os("LONGARM_BLESS").is_some();
    for (name, generate) in SCHEMAS {
        let path = schema_path(name);
        let generated = longarm::schema::to_pretty(&generate());
        if bless {
            std::fs::create_dir_all("schemas").unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == generated,
            "{} is not the schema the code generates: the {name} format changed. If that is \
             intended, regenerate with `LONGARM_BLESS=1 cargo test --test schemas` and review \
             the diff.\n--- generated\n{generated}",
            path.display()
        );
    }
}

#[test]
fn schemas_are_valid_draft_2020_12_schemas() {
    for (name, generate) in SCHEMAS {
        let schema = generate();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn cli_prints_each_schema() {
    for (name, generate) in SCHEMAS {
        let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
            .args(["schema", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text, longarm::schema::to_pretty(&generate()), "{name}");
        assert!(text.ends_with("}\n"));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(["schema", "case"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn validator(name: &str) -> jsonschema::Validator {
    let (_, generate) = SCHEMAS.iter().find(|(n, _)| *n == name).unwrap();
    jsonschema::draft202012::new(&generate()).unwrap()
}

/// Every error of `instance`, one line each, or empty.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// A TOML document as the JSON it stands for: dates become `YYYY-MM-DD` strings.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "toml") {
        toml_to_json(toml::from_str(&text).unwrap())
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

/// Sample files whose name ends with `suffix` (`.bom.json`...), in `examples/` (and the
/// imported samples of `examples/erp/` and `examples/plm/`) and `tests/scenarios/`, sorted.
fn samples(suffixes: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "examples",
        "examples/erp",
        "examples/plm",
        "tests/scenarios",
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if suffixes.iter().any(|s| name.ends_with(s)) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_sample_bom_matches_the_bom_schema() {
    let validator = validator("bom");
    let files = samples(&[".bom.json", ".bom.toml"]);
    assert!(files.len() >= 13, "{files:?}");
    assert!(files.iter().any(|f| f.extension().unwrap() == "toml"));
    for file in &files {
        Bom::from_path(file).unwrap();
        let errs = errors(&validator, &read(file));
        assert!(errs.is_empty(), "{}: {errs:#?}", file.display());
    }
}

#[test]
fn every_sample_scenario_matches_the_scenario_schema() {
    let validator = validator("scenario");
    let files = samples(&[".scenario.json", ".scenario.toml"]);
    assert!(files.len() >= 49, "{files:?}");
    assert!(files.iter().any(|f| f.extension().unwrap() == "toml"));
    for file in &files {
        Scenario::from_path(file).unwrap();
        let errs = errors(&validator, &read(file));
        assert!(errs.is_empty(), "{}: {errs:#?}", file.display());
    }
}

#[test]
fn every_sample_determination_matches_the_determination_schema() {
    let validator = validator("determination");
    let rules = RuleSet::bundled().unwrap();
    let files = samples(&[".scenario.json", ".scenario.toml"]);
    let mut outcomes = std::collections::BTreeSet::new();
    for file in &files {
        let scenario = Scenario::from_path(file).unwrap();
        let bom = scenario.load_bom().unwrap();
        let d = evaluate(&bom, &scenario, &rules).unwrap();
        let value = serde_json::to_value(&d).unwrap();
        let errs = errors(&validator, &value);
        assert!(errs.is_empty(), "{}: {errs:#?}", file.display());
        outcomes.insert(d.verdict.as_str());
    }
    // The samples reach every verdict, so the schema has been tried on each.
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    // The expected determinations of the data-driven cases too.
    for entry in std::fs::read_dir("tests/cases").unwrap() {
        let expected = entry.unwrap().path().join("expected.json");
        let errs = errors(&validator, &read(&expected));
        assert!(errs.is_empty(), "{}: {errs:#?}", expected.display());
    }
}

fn motor_bom() -> Value {
    read(Path::new("examples/motor.bom.json"))
}

fn motor_scenario() -> Value {
    read(Path::new("examples/motor.scenario.json"))
}

/// A document both the schema and the loader reject.
fn assert_rejected(kind: &str, doc: &Value, what: &str) {
    let errs = errors(&validator(kind), doc);
    assert!(!errs.is_empty(), "the {kind} schema accepts {what}");
    let text = doc.to_string();
    let loaded = match kind {
        "bom" => Bom::from_json_str(&text).err(),
        _ => Scenario::from_json_str(&text).err(),
    };
    assert!(loaded.is_some(), "the {kind} loader accepts {what}");
}

#[test]
fn the_schemas_reject_what_the_loaders_reject_for_its_shape() {
    // The unchanged samples pass, so each rejection below is the edit's.
    assert!(errors(&validator("bom"), &motor_bom()).is_empty());
    assert!(errors(&validator("scenario"), &motor_scenario()).is_empty());

    let mut doc = motor_bom();
    doc["items"][0]["orgin"] = json!("VN");
    assert_rejected("bom", &doc, "an unknown item field");

    let mut doc = motor_bom();
    doc["revision"] = json!("B");
    assert_rejected("bom", &doc, "an unknown top-level field");

    let mut doc = motor_bom();
    doc["items"][0]["origin"] = json!("vn");
    assert_rejected("bom", &doc, "a lower-case country code");

    let mut doc = motor_bom();
    doc["items"][0]["origin"] = json!("VNM");
    assert_rejected("bom", &doc, "a three-letter country code");

    let mut doc = motor_bom();
    doc["items"][0]["value"] = json!("1,500.00");
    assert_rejected("bom", &doc, "a decimal with a thousands separator");

    let mut doc = motor_bom();
    doc["items"][0]["value"] = json!({ "amount": "1500", "currency": "usd" });
    assert_rejected("bom", &doc, "a lower-case currency");

    let mut doc = motor_bom();
    doc["items"][0]["components"][0]
        .as_object_mut()
        .unwrap()
        .remove("quantity");
    assert_rejected("bom", &doc, "a component line without a quantity");

    let mut doc = motor_bom();
    doc["items"][2]["made_with"][0]["kind"] = json!("know-how");
    assert_rejected("bom", &doc, "an unknown made_with kind");

    let mut doc = motor_bom();
    doc["items"][0]["id"] = Value::Null;
    assert_rejected("bom", &doc, "a null id");

    // An optional field set to null is read as absent, by both.
    let mut doc = motor_bom();
    doc["items"][0]["name"] = Value::Null;
    assert!(errors(&validator("bom"), &doc).is_empty());
    Bom::from_json_str(&doc.to_string()).unwrap();

    let mut doc = motor_scenario();
    doc["to"] = json!("Germany");
    assert_rejected("scenario", &doc, "a country name");

    let mut doc = motor_scenario();
    doc["date"] = json!("01/12/2026");
    assert_rejected("scenario", &doc, "a date that is not YYYY-MM-DD");

    let mut doc = motor_scenario();
    doc["parties"][0]["roles"] = json!(["buyer"]);
    assert_rejected("scenario", &doc, "an unknown role");

    // A malformed list membership: rejected by the schema, and by evaluation (the loader
    // leaves it to the vocabulary check, whose "did you mean" is a list a pack declares).
    let mut doc = motor_scenario();
    doc["parties"][1]["lists"] = json!(["cn:control list"]);
    assert!(!errors(&validator("scenario"), &doc).is_empty());
    let scenario = Scenario::from_json_str(&doc.to_string()).unwrap();
    let bom = Bom::from_json_str(&motor_bom().to_string()).unwrap();
    let err = evaluate(&bom, &scenario, &RuleSet::bundled().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("invalid list `cn:control list`")
            && err.contains("did you mean `CN:control-list`?"),
        "{err}"
    );

    let mut doc = motor_scenario();
    doc["parties"][0]["owners"][0]["stake"] = json!("0.6");
    assert_rejected("scenario", &doc, "an unknown owner field");

    let mut doc = motor_scenario();
    doc.as_object_mut().unwrap().remove("from");
    assert_rejected("scenario", &doc, "a scenario without `from`");

    // An inline BOM is held to the BOM schema.
    let mut doc = motor_scenario();
    let mut bom = motor_bom();
    bom["items"][0]["colour"] = json!("grey");
    doc["bom"] = bom;
    assert_rejected("scenario", &doc, "an inline BOM with an unknown field");
}

#[test]
fn the_determination_schema_rejects_unknown_values_and_allows_new_fields() {
    let validator = validator("determination");
    let scenario = Scenario::from_path("examples/motor.scenario.json").unwrap();
    let bom = scenario.load_bom().unwrap();
    let d = evaluate(&bom, &scenario, &RuleSet::bundled().unwrap()).unwrap();
    let mut value = serde_json::to_value(&d).unwrap();
    assert!(errors(&validator, &value).is_empty());
    value["verdict"] = json!("licence_required");
    assert!(!errors(&validator, &value).is_empty());
    let mut value = serde_json::to_value(&d).unwrap();
    value["jurisdictions"][0]["findings"][0]["status"] = json!("maybe");
    assert!(!errors(&validator, &value).is_empty());
    let mut value = serde_json::to_value(&d).unwrap();
    value["receipt"]["as_of"] = json!("1 December 2026");
    assert!(!errors(&validator, &value).is_empty());
    // Objects are open: a later version's extra field is still a determination.
    let mut value = serde_json::to_value(&d).unwrap();
    value["warnings"] = json!([]);
    assert!(errors(&validator, &value).is_empty());
}

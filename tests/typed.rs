//! The typed API: BOMs and scenarios built in code (specs and JSON values) validate as the
//! files do, and determinations read back from their JSON.

use longarm::spec::{BomSpec, ItemSpec, PartySpec, ScenarioSpec};
use longarm::{
    Bom, BomSource, Country, Date, Decimal, Determination, EvalOptions, Role, RuleSet, Scenario,
    evaluate_with,
};
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Every sample scenario of `examples/`, with its BOM file.
fn samples() -> Vec<(std::path::PathBuf, Scenario, Bom)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".scenario.json"))
        .collect();
    paths.sort();
    for path in paths {
        let scenario = Scenario::from_path(&path).unwrap();
        let bom = scenario.load_bom().unwrap();
        out.push((path, scenario, bom));
    }
    assert!(out.len() > 50, "{}", out.len());
    out
}

/// Each sample determination (with and without explanations) reads back from its JSON as the
/// same value, and writes the same bytes again.
#[test]
fn every_sample_determination_round_trips_through_json() {
    let rules = RuleSet::bundled().unwrap();
    let mut compared = 0;
    for (path, scenario, bom) in samples() {
        for options in [EvalOptions::default(), EvalOptions::EXPLAIN] {
            let det = evaluate_with(&bom, &scenario, &rules, options).unwrap();
            let text = serde_json::to_string_pretty(&det).unwrap();
            let back: Determination =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(back, det, "{}", path.display());
            assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
            compared += 1;
        }
    }
    assert!(compared > 100);
}

/// A receipt written before `settings` (or `bundled`) was recorded reads as bundled when it
/// names a bundled pack, as `check --replay` reads it.
#[test]
fn old_receipts_read_as_replay_reads_them() {
    let rules = RuleSet::bundled().unwrap();
    let (_, scenario, bom) = samples().remove(0);
    let det = longarm::evaluate(&bom, &scenario, &rules).unwrap();
    let mut value = serde_json::to_value(&det).unwrap();
    value["receipt"].as_object_mut().unwrap().remove("settings");
    let back: Determination = serde_json::from_value(value.clone()).unwrap();
    assert!(back.receipt.settings.bundled);
    for pack in value["receipt"]["packs"].as_array_mut().unwrap() {
        pack["source"] = "own.toml".into();
    }
    let back: Determination = serde_json::from_value(value).unwrap();
    assert!(!back.receipt.settings.bundled);
}

/// Every sample BOM reads into a spec (which refuses unknown fields, so the spec covers the
/// format as the samples use it), builds, and gives the same determinations as the file.
#[test]
fn sample_boms_and_scenarios_built_from_specs_decide_as_the_files() {
    let rules = RuleSet::bundled().unwrap();
    let mut compared = 0;
    for (path, scenario, bom) in samples() {
        let Some(file) = bom.file() else { continue };
        if file.extension().is_some_and(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let spec: BomSpec =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let built = spec.build().unwrap();
        assert_eq!(built.items(), bom.items(), "{}", file.display());

        // The scenario as a spec, without its BOM path: the BOM is given.
        let mut s: ScenarioSpec =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        s.bom = None;
        let typed = s.build().unwrap();
        assert!(matches!(typed.bom, BomSource::Given));
        let a = longarm::evaluate(&bom, &scenario, &rules).unwrap();
        let mut b = longarm::evaluate(&built, &typed, &rules).unwrap();
        // Built in memory: no input text to record.
        assert!(b.receipt.inputs.is_empty());
        b.receipt.inputs = a.receipt.inputs.clone();
        assert_eq!(a, b, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 50, "{compared}");
}

/// The loader's problems for the same content, whether written as text or built in memory:
/// the same messages, with items named by id instead of index and no line.
#[test]
fn in_memory_boms_fail_with_the_loaders_problems_named_by_id() {
    let text = std::fs::read_to_string("tests/bad/many-problems.bom.json").unwrap();
    let from_text = Bom::from_json_str(&text).unwrap_err();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let from_value = Bom::from_json_value(&value).unwrap_err();
    let messages = |e: &longarm::LoadError| {
        let mut m: Vec<String> = e.problems.iter().map(|p| p.kind.to_string()).collect();
        m.sort();
        m
    };
    assert_eq!(messages(&from_text), messages(&from_value));
    assert!(from_value.problems.iter().all(|p| p.line.is_none()));
    let paths: Vec<&str> = from_value
        .problems
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    // `MOTOR` is defined twice: named by index, as a path by its id would be ambiguous.
    assert!(paths.contains(&"items[0].origin"), "{paths:?}");
    assert!(
        paths.contains(&"items[MAG-DY].value") || !paths.iter().any(|p| p.starts_with("items[2]"))
    );
    assert!(paths.contains(&"items[1].id"), "{paths:?}");
    let shown = from_value.to_string();
    assert!(shown.starts_with("<input>: "), "{shown}");
    assert!(!shown.contains("<input>:1:"), "{shown}");

    // Unique ids: every path names its item.
    let err = BomSpec::new("USD")
        .item(ItemSpec::new("TOP").component("MAG-DY", d("-1")))
        .item(
            ItemSpec::new("MAG-DY")
                .origin("CN")
                .material("Metal", &["Dy"]),
        )
        .build();
    // `Metal` is a vocabulary value: checked against the packs when evaluating, not here.
    let err = err.unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["items[TOP].components[0].quantity"]);
    assert_eq!(
        err.problems[0].kind.to_string(),
        "quantity must be greater than 0, found `-1`"
    );
}

/// A misspelt vocabulary value of a BOM built in memory is refused at evaluation with its
/// path by id, as a file's would be with its line.
#[test]
fn vocabulary_errors_of_built_boms_name_items_by_id() {
    let bom = BomSpec::new("USD")
        .item(
            ItemSpec::new("TOP")
                .value(d("10"))
                .component("MAG-DY", d("1")),
        )
        .item(
            ItemSpec::new("MAG-DY")
                .origin("CN")
                .value(d("1"))
                .material("Metal", &["Dy"]),
        )
        .build()
        .unwrap();
    let scenario = ScenarioSpec::new("TOP", "VN", "DE", "2026-12-01")
        .party(
            PartySpec::new("buyer")
                .role(Role::EndUser)
                .list("CN:controllist"),
        )
        .build()
        .unwrap();
    let rules = RuleSet::bundled().unwrap();
    let err = longarm::evaluate(&bom, &scenario, &rules)
        .unwrap_err()
        .to_string();
    assert!(err.contains("items[MAG-DY].material.form"), "{err}");
    assert!(err.contains("did you mean `metal`?"), "{err}");
    assert!(err.contains("parties[buyer].lists[0]"), "{err}");
    assert!(err.contains("`CN:control-list`"), "{err}");
}

#[test]
fn scenarios_built_in_memory_name_parties_by_id_and_may_leave_the_bom_out() {
    let value = serde_json::json!({
        "item": "X", "from": "VN", "to": "Deutschland", "date": "2026-02-30",
        "parties": [
            { "id": "buyer", "roles": ["end-user"], "owners": [ { "party": "parnet", "share": "0.6" } ] },
            { "id": "parent" }
        ],
        "bom": { "currency": "USD", "items": [ { "id": "Y", "origin": "PRC" } ] }
    });
    let err = Scenario::from_json_value(&value).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    for expected in [
        "to",
        "date",
        "parties[buyer].roles[0]",
        "parties[buyer].owners[0].party",
        "bom.items[Y].origin",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    // The same scenario as a file names its BOM; in memory it may be left to the caller.
    let given = Scenario::from_json_value(&serde_json::json!({
        "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01" }))
    .unwrap();
    assert!(matches!(given.bom, BomSource::Given));
    let err = given.load_bom().unwrap_err().to_string();
    assert!(err.contains("missing required field `bom`"), "{err}");
    let text = Scenario::from_json_str(
        r#"{ "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01" }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(text.contains("missing required field `bom`"), "{text}");
}

#[test]
fn values_nested_too_deep_are_an_error_naming_the_limit() {
    // Built by moving each level in (`json!` would serialise the inner value again, by
    // recursion).
    let mut v = serde_json::Value::from("leaf");
    for _ in 0..5_000 {
        let mut map = serde_json::Map::new();
        map.insert("a".to_owned(), v);
        v = serde_json::Value::Object(map);
    }
    let err = Bom::from_json_value(&v).unwrap_err().to_string();
    assert!(err.contains("limit `nesting`"), "{err}");
    let err = Scenario::from_json_value(&v).unwrap_err().to_string();
    assert!(err.contains("limit `nesting`"), "{err}");
    // serde_json drops a deep value by recursion too: take it apart iteratively.
    while let Some(inner) = v.get_mut("a").map(serde_json::Value::take) {
        v = inner;
    }
}

#[test]
fn codes_parse_with_the_loaders_messages() {
    assert_eq!(Country::from_str("CN").unwrap().as_str(), "CN");
    assert_eq!(
        Country::from_str("Germany").unwrap_err().to_string(),
        "invalid country code `Germany`: expected an ISO 3166-1 alpha-2 code; did you mean `DE`?"
    );
    assert!(Date::from_str("2026-02-29").is_err());
    assert_eq!(
        Date::from_str("2028-02-29").unwrap().to_string(),
        "2028-02-29"
    );
    assert!(longarm::Currency::from_str("usd").is_err());
    // Specs serialise to the file format: a BOM file for the command line.
    let spec = BomSpec::new("EUR")
        .fx("USD", d("0.92"))
        .item(ItemSpec::new("A").origin("DE").value_in(d("10.50"), "USD"));
    let text = serde_json::to_string(&spec).unwrap();
    assert_eq!(
        text,
        r#"{"currency":"EUR","fx":{"USD":"0.92"},"items":[{"id":"A","origin":"DE","value":{"amount":"10.50","currency":"USD"}}]}"#
    );
    let bom = Bom::from_json_str(&text).unwrap();
    assert_eq!(bom.item("A").unwrap().unit_value, Some(d("9.66")));
    assert_eq!(serde_json::from_str::<BomSpec>(&text).unwrap(), spec);
}

/// JSON numbers keep their digits on the way in, through a `serde_json::Value` and through the
/// specs; a TOML float (binary) is refused by the specs rather than rounded.
#[test]
fn numbers_built_in_memory_are_exact_and_numeral_ids_are_quoted() {
    let text = r#"{ "currency": "USD", "items": [
        { "id": "1", "value": 12345678901234567.5, "origin": "China" },
        { "id": "0", "value": 1.50, "components": [ { "item": "1", "quantity": 18446744073709551616 } ] } ] }"#;
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let err = Bom::from_json_value(&value).unwrap_err();
    // `1` is the first item, not the item at position 1.
    assert_eq!(err.problems[0].path, "items[\"1\"].origin");
    let fixed = text.replace("China", "CN");
    let value: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    let bom = Bom::from_json_value(&value).unwrap();
    assert_eq!(bom.items(), Bom::from_json_str(&fixed).unwrap().items());
    assert_eq!(
        bom.item("1").unwrap().unit_value,
        Some(d("12345678901234567.5"))
    );
    assert_eq!(
        bom.item("0").unwrap().unit_value.unwrap().to_string(),
        "1.50"
    );
    let spec: BomSpec = serde_json::from_str(&fixed).unwrap();
    assert_eq!(spec.build().unwrap().items(), bom.items());
    let toml_float = "currency = \"USD\"\n[[items]]\nid = \"A\"\nvalue = 1.50\n";
    assert!(toml::from_str::<BomSpec>(toml_float).is_err());
    let toml_text = "currency = \"USD\"\n[[items]]\nid = \"A\"\nvalue = \"1.50\"\n";
    let spec: BomSpec = toml::from_str(toml_text).unwrap();
    assert_eq!(
        spec.build()
            .unwrap()
            .item("A")
            .unwrap()
            .unit_value
            .unwrap()
            .to_string(),
        "1.50"
    );
}

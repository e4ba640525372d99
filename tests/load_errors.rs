//! Each bad input gets its own clear problem, with its JSON path and line.

use longarm::Bom;
use longarm::bom::ProblemKind;

fn problems(json: &str) -> Vec<String> {
    match Bom::from_json_str(json) {
        Ok(_) => panic!("expected errors for {json}"),
        Err(e) => e
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.kind))
            .collect(),
    }
}

fn bom(items: &str) -> String {
    format!(r#"{{ "currency": "USD", "fx": {{ "EUR": "1.08" }}, "items": [ {items} ] }}"#)
}

#[test]
fn duplicate_ids() {
    let got = problems(&bom(
        r#"{"id": "A", "value": "1"}, {"id": "B"}, {"id": "A"}"#,
    ));
    assert_eq!(
        got,
        ["items[2].id: duplicate item id `A` (first defined at `items[0]`)"]
    );
}

#[test]
fn missing_component_suggests_the_closest_id() {
    let got = problems(&bom(
        r#"{"id": "MOTOR", "components": [{"item": "MAG-DY", "quantity": "1"}, {"item": "MAG-DX", "quantity": "1"}]},
           {"id": "MAG-DY", "value": "1"}"#,
    ));
    assert_eq!(
        got,
        ["items[0].components[1].item: no item `MAG-DX`; did you mean `MAG-DY`?"]
    );
    let got = problems(&bom(
        r#"{"id": "A", "components": [{"item": "ZZZZZZZ", "quantity": "1"}]}"#,
    ));
    assert_eq!(got, ["items[0].components[0].item: no item `ZZZZZZZ`"]);
}

#[test]
fn cycles_name_the_ids_around_them() {
    let got = problems(&bom(
        r#"{"id": "C", "components": [{"item": "A", "quantity": "1"}]},
           {"id": "A", "components": [{"item": "B", "quantity": "1"}]},
           {"id": "B", "components": [{"item": "C", "quantity": "2"}]}"#,
    ));
    assert_eq!(
        got,
        ["items[0].components[0].item: cycle: `A` -> `B` -> `C` -> `A`"]
    );
}

#[test]
fn self_reference_is_a_cycle() {
    let got = problems(&bom(
        r#"{"id": "X", "components": [{"item": "Y", "quantity": "1"}]},
           {"id": "Y", "value": "1", "components": [{"item": "Y", "quantity": "1"}]}"#,
    ));
    assert_eq!(got, ["items[1].components[0].item: cycle: `Y` -> `Y`"]);
}

#[test]
fn every_cycle_is_reported() {
    let got = problems(&bom(
        r#"{"id": "A", "components": [{"item": "B", "quantity": "1"}]},
           {"id": "B", "components": [{"item": "A", "quantity": "1"}]},
           {"id": "C", "components": [{"item": "C", "quantity": "1"}]}"#,
    ));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().any(|g| g.ends_with("cycle: `A` -> `B` -> `A`")));
    assert!(got.iter().any(|g| g.ends_with("cycle: `C` -> `C`")));
}

#[test]
fn quantity_must_be_positive() {
    let got = problems(&bom(
        r#"{"id": "A", "components": [{"item": "B", "quantity": "0"}, {"item": "B", "quantity": -1.5}]},
           {"id": "B", "value": "1"}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].components[0].quantity: quantity must be greater than 0, found `0`",
            "items[0].components[1].quantity: quantity must be greater than 0, found `-1.5`",
        ]
    );
}

#[test]
fn negative_values_are_rejected() {
    let got = problems(&bom(
        r#"{"id": "A", "value": "-3.00"}, {"id": "B", "value": {"amount": "-1", "currency": "EUR"}}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].value: value must not be negative, found `-3.00`",
            "items[1].value.amount: value must not be negative, found `-1`",
        ]
    );
}

#[test]
fn malformed_decimals_are_rejected_not_guessed() {
    let got = problems(&bom(
        r#"{"id": "A", "value": "12,50"}, {"id": "B", "value": "1e3"}, {"id": "C", "value": true},
           {"id": "D", "value": "0.000000000000000000000000000001"}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].value: malformed decimal `12,50`: expected digits with an optional `.` fraction, e.g. `12.50`",
            "items[1].value: malformed decimal `1e3`: expected digits with an optional `.` fraction, e.g. `12.50`",
            "items[2].value: expected a decimal string or number, found a boolean",
            "items[3].value: decimal `0.000000000000000000000000000001` cannot be held exactly (more than 28 fractional digits, or too large)",
        ]
    );
}

#[test]
fn json_numbers_are_read_from_their_text() {
    // 0.1 + 0.2 in f64 is 0.30000000000000004; read from the text it is exact.
    let b = Bom::from_json_str(&bom(
        r#"{"id": "A", "components": [{"item": "B", "quantity": 0.1}, {"item": "C", "quantity": 0.2}]},
           {"id": "B", "value": 1}, {"id": "C", "value": 1.000000000000000000000000001}"#,
    ))
    .unwrap();
    let c = b.item("C").unwrap();
    assert_eq!(
        c.unit_value.unwrap().to_string(),
        "1.000000000000000000000000001"
    );
    let r = b.rollup("A", &[], Default::default()).unwrap();
    assert_eq!(
        r.value().as_exact().unwrap().to_string(),
        "0.3000000000000000000000000002"
    );
}

#[test]
fn a_rollup_that_would_need_rounding_is_bracketed_and_flagged() {
    let b = Bom::from_json_str(&bom(
        r#"{"id": "A", "components": [{"item": "C", "quantity": 0.2}]},
           {"id": "C", "value": 1.0000000000000000000000000001}"#,
    ))
    .unwrap();
    let r = b.rollup("A", &[], Default::default()).unwrap();
    // Exact: 0.20000000000000000000000000002, which needs 29 decimal places.
    assert!(r.value_rounded());
    assert_eq!(r.value().lo.to_string(), "0.1999999999999999999999999999");
    assert_eq!(
        r.value().hi.unwrap().to_string(),
        "0.2000000000000000000000000001"
    );
}

#[test]
fn a_rollup_beyond_the_decimal_range_is_an_error() {
    let b = Bom::from_json_str(&bom(
        r#"{"id": "A", "components": [{"item": "C", "quantity": "1000000000000000"}]},
           {"id": "C", "value": "1000000000000000"}"#,
    ))
    .unwrap();
    let err = b.rollup("A", &[], Default::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow rolling up item `A`: a sum or product exceeds about 7.9e28"
    );
}

#[test]
fn currency_without_fx_rate() {
    let got = problems(&bom(
        r#"{"id": "A", "value": {"amount": "5", "currency": "GBP"}}, {"id": "B", "value": {"amount": "5", "currency": "EUR"}}"#,
    ));
    assert_eq!(
        got,
        ["items[0].value: no FX rate for currency `GBP`: add it to `fx` (units of USD per 1 GBP)"]
    );
}

#[test]
fn bad_currency_codes_and_rates() {
    let got =
        problems(r#"{ "currency": "usd", "fx": { "EURO": "1.1", "JPY": "0" }, "items": [] }"#);
    assert_eq!(
        got,
        [
            "currency: invalid currency code `usd`: expected three upper-case letters, e.g. `EUR`",
            "fx.EURO: invalid currency code `EURO`: expected three upper-case letters, e.g. `EUR`",
            "fx.JPY: FX rate must be greater than 0, found `0`",
        ]
    );
}

#[test]
fn invalid_country_codes() {
    let got = problems(&bom(
        r#"{"id": "A", "origin": "cn"}, {"id": "B", "origin": "UK"}, {"id": "C", "origin": "CHN"},
           {"id": "D", "made_with": [{"kind": "technology", "origin": "XX"}]}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].origin: invalid country code `cn`: expected an ISO 3166-1 alpha-2 code; did you mean `CN`?",
            "items[1].origin: invalid country code `UK`: expected an ISO 3166-1 alpha-2 code; did you mean `GB`?",
            "items[2].origin: invalid country code `CHN`: expected an ISO 3166-1 alpha-2 code",
            "items[3].made_with[0].origin: invalid country code `XX`: expected an ISO 3166-1 alpha-2 code",
        ]
    );
}

#[test]
fn unknown_fields_are_named_with_a_suggestion() {
    let got = problems(
        r#"{ "currency": "USD", "itemz": [], "items": [
             {"id": "A", "orign": "CN", "components": [{"item": "A2", "qty": "1"}]},
             {"id": "A2", "material": {"form": "metal", "element": ["Dy"]}} ] }"#,
    );
    assert_eq!(
        got,
        [
            "itemz: unknown field `itemz`; did you mean `items`?",
            "items[0].orign: unknown field `orign`; did you mean `origin`?",
            "items[0].components[0].qty: unknown field `qty`",
            "items[0].components[0]: missing required field `quantity`",
            "items[1].material.element: unknown field `element`; did you mean `elements`?",
        ]
    );
}

#[test]
fn element_symbols_and_made_with_kinds_are_checked() {
    let got = problems(&bom(
        r#"{"id": "A", "material": {"form": "magnet", "elements": ["Nd", "DY", "Qq"]},
            "made_with": [{"kind": "know-how"}]}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].material.elements[1]: unknown element symbol `DY`; did you mean `Dy`?",
            "items[0].material.elements[2]: unknown element symbol `Qq`",
            "items[0].made_with[0].kind: unknown `made_with` kind `know-how`: expected `technology`, `software` or `plant`",
        ]
    );
}

#[test]
fn several_problems_are_all_reported_with_lines() {
    let text = std::fs::read_to_string("tests/bad/many-problems.bom.json").unwrap();
    let err = Bom::from_json_str(&text).unwrap_err();
    let lines: Vec<_> = err
        .problems
        .iter()
        .map(|p| (p.line.unwrap(), p.path.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (6, "items[0].origin"),
            (7, "items[0].value"),
            (9, "items[0].components[0].quantity"),
            (10, "items[0].components[1].item"),
            (13, "items[1].id"),
        ]
    );
}

#[test]
fn load_error_display_names_file_line_and_path() {
    let err = Bom::from_path("tests/bad/many-problems.bom.json").unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("tests/bad/many-problems.bom.json: 5 problems\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "tests/bad/many-problems.bom.json:10: items[0].components[1].item: no item `MAG-DX`; did you mean `MAG-DY`?"
        ),
        "{text}"
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = Bom::from_json_str("{\n  \"currency\": \"USD\",\n  \"items\": [\n}").unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].line, Some(4));
    assert!(matches!(err.problems[0].kind, ProblemKind::Syntax { .. }));
    let err = Bom::from_toml_str("currency = \"USD\"\n[[items]\n").unwrap_err();
    assert_eq!(err.problems[0].line, Some(2));
}

#[test]
fn wrong_types_and_missing_fields() {
    let got = problems(r#"{ "items": {} }"#);
    assert_eq!(
        got,
        [
            ": missing required field `currency`",
            "items: expected an array, found an object"
        ]
    );
    let got = problems(&bom(r#"{"name": "no id"}, "B", {"id": ""}"#));
    assert_eq!(
        got,
        [
            "items[0]: missing required field `id`",
            "items[1]: expected an object, found a string",
            "items[2].id: empty string",
        ]
    );
}

#[test]
fn file_errors_name_the_file() {
    let err = Bom::from_path("tests/bad/does-not-exist.json").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("tests/bad/does-not-exist.json: 1 problem\n")
    );
    assert!(err.to_string().contains("cannot read the file"));
    let err = Bom::from_path("Cargo.lock").unwrap_err();
    assert!(
        err.to_string().contains("unknown BOM format `lock`"),
        "{err}"
    );
}

#[test]
fn repeated_lines_whose_quantities_overflow() {
    let got = problems(&bom(
        r#"{"id": "A", "components": [{"item": "B", "quantity": "50000000000000000000000000000"},
                                      {"item": "B", "quantity": "50000000000000000000000000000"}]},
           {"id": "B", "value": "1"}"#,
    ));
    assert_eq!(
        got,
        [
            "items[0].components: the quantities of the lines for `B` add up to more than a decimal can hold"
        ]
    );
}

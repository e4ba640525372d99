//! What a determination rests on: closed vocabularies (every newcomer mistake is an error with
//! a suggestion), undeclared materials (a warning; strict: the bounds decide), parts that list
//! counted elements without a breakdown (unknown content, never zero), coverage warnings, and
//! explanations of rules that did not apply.

mod common;

use common::bundled::{MOTOR, eval, outcome_of, rules, scenario, status_of};
use longarm::{
    Bom, EvalError, EvalOptions, Outcome, RuleSet, Scenario, Verdict, evaluate, evaluate_with,
};

const ART1_1: &str = "cn.mofcom.2025-61.art1-1";

fn vocabulary_error(bom: &str, s: &Scenario) -> String {
    match eval(bom, s) {
        Err(e @ EvalError::Vocabulary(_)) => e.to_string(),
        other => panic!("expected a vocabulary error, got {other:?}"),
    }
}

/// A motor made in Vietnam with a Japanese magnet holding Chinese Dy metal (1.4933%).

// --- Closed vocabularies ---------------------------------------------------------------

#[test]
fn a_misspelt_material_form_is_an_error_with_a_suggestion() {
    let s = scenario("MOTOR", "VN", "DE", "2026-12-01", "");
    let bom = MOTOR.replace(r#""form": "metal""#, r#""form": "Metal""#);
    let msg = vocabulary_error(&bom, &s);
    assert!(
        msg.contains("items[2].material.form: unknown material form `Metal`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `metal`?"), "{msg}");
    assert!(msg.contains(":6:"), "the line of the value: {msg}");

    let bom = MOTOR.replace(r#""form": "magnet""#, r#""form": "sintered magnet""#);
    let msg = vocabulary_error(&bom, &s);
    assert!(
        msg.contains("unknown material form `sintered magnet`"),
        "{msg}"
    );
}

#[test]
fn a_misspelt_end_use_list_or_tag_is_an_error_with_a_suggestion() {
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "end_uses": ["Military"]"#,
    );
    let msg = vocabulary_error(MOTOR, &s);
    assert!(
        msg.contains("end_uses[0]: unknown end use `Military`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `military`?"), "{msg}");

    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["CN:controllist"] } ]"#,
    );
    let msg = vocabulary_error(MOTOR, &s);
    assert!(
        msg.contains("parties[0].lists[0]: unknown party list `CN:controllist`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `CN:control-list`?"), "{msg}");

    let s = scenario("MOTOR", "VN", "DE", "2026-12-01", "");
    let bom = MOTOR.replace(
        r#""id": "HOUSING","#,
        r#""id": "HOUSING", "tags": ["Public Domain"],"#,
    );
    let msg = vocabulary_error(&bom, &s);
    assert!(
        msg.contains("unknown item tag `Public Domain`") && msg.contains("`public-domain`"),
        "{msg}"
    );
}

#[test]
fn values_of_ones_own_and_of_unloaded_jurisdictions_are_not_errors_but_warned() {
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "end_uses": ["x-dual-use-review"], "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["EU:sanctions"] } ]"#,
    );
    let bom = MOTOR.replace(
        r#""id": "HOUSING","#,
        r#""id": "HOUSING", "tags": ["x-rohs"],"#,
    );
    let d = eval(&bom, &s).unwrap();
    let kinds: Vec<(&str, &str)> = d
        .warnings
        .iter()
        .map(|w| (w.kind.as_str(), w.message.as_str()))
        .collect();
    assert!(
        kinds.iter().any(|(k, m)| *k == "unread_end_use"
            && m.contains("`x-dual-use-review` is read by no loaded rule")),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|(k, m)| *k == "unread_tag" && m.contains("`x-rohs`")),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|(k, m)| *k == "unread_list" && m.contains("no loaded pack speaks for `EU`")),
        "{kinds:?}"
    );
}

#[test]
fn a_list_no_rule_reads_is_warned() {
    // Every list of the bundled packs is read by some rule: a pack of one's own declares one
    // that none reads.
    let cn = longarm::RuleSet::pack_text("bundled:cn-mofcom.toml").unwrap();
    let own = "[pack]\nid = \"own\"\njurisdiction = \"CN\"\ntitle = \"own\"\n\n[lists.\"CN:sanctions-watch\"]\ntitle = \"a list of one's own\"\n";
    let rules =
        longarm::RuleSet::from_sources(&[("bundled:cn-mofcom.toml", &cn), ("own.toml", own)])
            .unwrap();
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["CN:sanctions-watch"] } ]"#,
    );
    let d = evaluate(&Bom::from_json_str(MOTOR).unwrap(), &s, &rules).unwrap();
    assert!(
        d.warnings.iter().any(|w| w.kind == "unread_list"
            && w.message
                .contains("`CN:sanctions-watch`, which no loaded rule reads")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn country_names_percent_shares_and_unknown_markers_get_their_fix() {
    let err = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "A", "origin": "Germany" }, { "id": "B", "origin": "unknown" }, { "id": "C", "value": "n/a" } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("items[0].origin: invalid country code `Germany`")
            && err.contains("did you mean `DE`?"),
        "{err}"
    );
    assert!(
        err.contains("items[1].origin: `unknown` is not a country code: to say it is not known, leave the field out"),
        "{err}"
    );
    assert!(
        err.contains(
            "items[2].value: `n/a` is not a decimal: to say it is not known, leave the field out"
        ),
        "{err}"
    );

    let err = Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "A", "from": "Vietnam", "to": "DE", "date": "2026-12-01",
             "parties": [ { "id": "b", "roles": ["end_user"], "owners": [ { "party": "p", "share": "55%" } ] },
                          { "id": "p" } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("from: invalid country code `Vietnam`") && err.contains("`VN`"),
        "{err}"
    );
    assert!(
        err.contains(
            "share: `55%` is a percentage: write the share as a fraction from 0 to 1, `0.55`"
        ),
        "{err}"
    );
}

#[test]
fn a_misspelt_value_in_a_pack_is_an_error_with_its_line() {
    let pack = r#"
[pack]
id = "p"
jurisdiction = "CN"
title = "t"

[[rules]]
id = "r"
title = "t"
citation = "c"
effect = "license_required"
review = "approval"
effective = [ { from = 2025-01-01, instrument = "i" } ]
when = { component = { material = { forms = ["magnets"] } } }
"#;
    let err = RuleSet::from_toml_strs(&[pack]).unwrap_err().to_string();
    assert!(
        err.contains(":7: rules[0].when.component.material.forms: unknown material form `magnets`"),
        "{err}"
    );
    assert!(err.contains("did you mean `magnet`?"), "{err}");
    // Declared in the pack's vocabulary, the same value is fine.
    let declared = format!("{pack}\n[vocabulary]\nforms = [\"magnets\"]\n");
    assert!(RuleSet::from_toml_strs(&[&declared]).is_ok());
}

#[test]
fn a_misspelt_expectation_in_a_case_file_is_an_error_with_a_suggestion() {
    let dir = std::env::temp_dir().join(format!("longarm-trust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.cases.toml");
    std::fs::write(
        &file,
        format!(
            r#"[[cases]]
name = "n"
scenario = "{}"
verdict = "license required"

[cases.jurisdictions.CN]
outcome = "not-subject"
"#,
            std::fs::canonicalize("examples/motor.scenario.json")
                .unwrap()
                .display()
        ),
    )
    .unwrap();
    let err = longarm::testing::load_cases(&file).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.contains("cases[0].verdict: unknown verdict `license required`")
            && err.contains("did you mean `license_required`?"),
        "{err}"
    );
    assert!(
        err.contains("cases[0].jurisdictions.CN.outcome: unknown outcome `not-subject`")
            && err.contains("did you mean `not_subject`?"),
        "{err}"
    );
}

// --- Undeclared materials ---------------------------------------------------------------

/// A Vietnamese product with a Part II magnet (breakdown given, no Chinese content) and a
/// Chinese-origin part that declares no material, worth `value` of 1,000.00.
fn product(value: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
  {{ "id": "P", "origin": "VN", "value": "1000.00",
    "components": [ {{ "item": "MAG", "quantity": "1" }}, {{ "item": "PART", "quantity": "1" }} ] }},
  {{ "id": "MAG", "origin": "JP", "value": "10.00", "material": {{ "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] }},
    "components": [ {{ "item": "DY", "quantity": "0.01" }} ] }},
  {{ "id": "DY", "origin": "JP", "value": "300.00", "material": {{ "form": "metal", "elements": ["Dy"] }} }},
  {{ "id": "PART", "origin": "CN", "value": "{value}" }} ] }}"#
    )
}

#[test]
fn undeclared_materials_are_read_as_none_but_said() {
    let s = scenario("P", "VN", "DE", "2026-12-01", "");
    let d = eval(&product("60.00"), &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::NotSubject);
    let w = d
        .warnings
        .iter()
        .find(|w| w.kind == "undeclared_material")
        .expect("a warning");
    assert_eq!(w.jurisdiction.as_deref(), Some("CN"));
    assert!(
        w.message
            .starts_with("1 part under `P` declares no material (6% of its value)"),
        "{}",
        w.message
    );
    assert_eq!(w.items, ["PART"]);
}

#[test]
fn strict_materials_let_the_bounds_decide() {
    // 6% could be Chinese-origin Part I content: undetermined, naming the part.
    let s = scenario(
        "P",
        "VN",
        "DE",
        "2026-12-01",
        r#", "assume": { "undeclared_material": "unknown" }"#,
    );
    let d = eval(&product("60.00"), &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::Undetermined);
    assert_eq!(d.verdict, Verdict::Undetermined);
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == ART1_1)
        .unwrap();
    assert_eq!(f.status.as_str(), "unknown");
    assert_eq!(f.numerator.as_deref(), Some("0 to 60.00"));
    assert!(
        f.missing
            .iter()
            .any(|m| m.item == "PART" && m.facts.iter().any(|f| f.as_str() == "material")),
        "{:?}",
        f.missing
    );
    assert!(!d.warnings.iter().any(|w| w.kind == "undeclared_material"));

    // 0.05% cannot reach 0.1%: the content test fails whatever the part is.
    let d = eval(&product("0.50"), &s).unwrap();
    assert_ne!(status_of(&d, "CN", ART1_1), Some("applies"));
    assert_ne!(status_of(&d, "CN", ART1_1), Some("unknown"));
    assert_eq!(outcome_of(&d, "CN").0, Outcome::NotSubject);

    // The BOM can say it too; the scenario overrides it.
    let strict_bom = product("60.00").replacen(
        r#""currency": "USD","#,
        r#""currency": "USD", "assume": { "undeclared_material": "unknown" },"#,
        1,
    );
    let plain = scenario("P", "VN", "DE", "2026-12-01", "");
    assert_eq!(
        outcome_of(&eval(&strict_bom, &plain).unwrap(), "CN").0,
        Outcome::Undetermined
    );
    let lenient = scenario(
        "P",
        "VN",
        "DE",
        "2026-12-01",
        r#", "assume": { "undeclared_material": "none" }"#,
    );
    assert_eq!(
        outcome_of(&eval(&strict_bom, &lenient).unwrap(), "CN").0,
        Outcome::NotSubject
    );
}

#[test]
fn a_misspelt_assumption_is_an_error() {
    let err = Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "A", "from": "VN", "to": "DE", "date": "2026-12-01",
             "assume": { "undeclared_material": "unknwn" } }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("assume.undeclared_material: unknown `undeclared_material` reading `unknwn`")
            && err.contains("did you mean `unknown`?"),
        "{err}"
    );
}

// --- Elements without a breakdown --------------------------------------------------------

/// A Chinese-origin Dy magnet with no breakdown, worth `value`, in a 1,000.00 product.
fn unbroken(value: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
  {{ "id": "P", "origin": "VN", "value": "1000.00",
    "components": [ {{ "item": "MAG", "quantity": "1" }} ] }},
  {{ "id": "MAG", "origin": "CN", "value": "{value}", "material": {{ "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] }} }} ] }}"#
    )
}

#[test]
fn a_chinese_magnet_without_breakdown_is_unknown_content_never_zero() {
    let s = scenario("P", "VN", "DE", "2026-12-01", "");
    // Worth 6%: it could hold 0.1% of Dy: undetermined, naming the magnet's breakdown.
    let d = eval(&unbroken("60.00"), &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::Undetermined);
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == ART1_1)
        .unwrap();
    assert_eq!(f.status.as_str(), "unknown");
    assert_eq!(f.numerator.as_deref(), Some("0 to 60.00"));
    assert_eq!(f.missing[0].item, "MAG");
    assert_eq!(f.missing[0].facts, [longarm::eval::Fact::Breakdown]);

    // Worth exactly 0.1%: still open (it could all be Dy); just under: cannot reach it.
    let d = eval(&unbroken("1.00"), &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::Undetermined);
    let d = eval(&unbroken("0.99"), &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::NotSubject);
    assert_eq!(status_of(&d, "CN", ART1_1), None);

    // An NdFeB magnet with no Part I element contains none.
    let nd_only = unbroken("60.00").replace(r#", "Dy"]"#, "]");
    let d = eval(&nd_only, &s).unwrap();
    assert_eq!(outcome_of(&d, "CN").0, Outcome::NotSubject);
}

// --- Coverage warnings --------------------------------------------------------------------

#[test]
fn a_pack_older_than_90_days_is_warned_from_the_91st_day() {
    let pack = |vintage: &str| {
        format!(
            r#"
[pack]
id = "p"
jurisdiction = "CN"
title = "t"
vintage = {vintage}

[[rules]]
id = "r"
title = "t"
citation = "c"
effect = "reach"
effective = [ {{ from = 2025-01-01, instrument = "i" }} ]
when = {{ from = {{ countries = ["CN"] }} }}
"#
        )
    };
    let rules = RuleSet::from_toml_strs(&[&pack("2026-09-02")]).unwrap();
    let bom = Bom::from_json_str(MOTOR).unwrap();
    let on = |date: &str| {
        evaluate(&bom, &scenario("MOTOR", "VN", "DE", date, ""), &rules)
            .unwrap()
            .warnings
            .into_iter()
            .filter(|w| w.kind == "vintage")
            .count()
    };
    assert_eq!(on("2026-12-01"), 0, "90 days");
    assert_eq!(on("2026-12-02"), 1, "91 days");
    // Before the earliest rule: said too.
    let d = evaluate(
        &bom,
        &scenario("MOTOR", "VN", "DE", "2024-12-31", ""),
        &rules,
    )
    .unwrap();
    assert!(
        d.warnings
            .iter()
            .any(|w| w.kind == "before_coverage" && w.message.contains("in force from 2025-01-01"))
    );
}

#[test]
fn a_code_the_packs_do_not_encode_is_undetermined_and_warned() {
    let bom = r#"{ "currency": "USD", "items": [
  { "id": "P", "origin": "US", "value": "100.00", "classification": { "US": "3A801" } } ] }"#;
    let d = eval(bom, &scenario("P", "US", "CN", "2026-12-01", "")).unwrap();
    assert_eq!(outcome_of(&d, "US").0, Outcome::Undetermined, "{d:#?}");
    let w = d
        .warnings
        .iter()
        .find(|w| w.kind == "uncovered_classification")
        .expect("warning");
    assert!(w.message.contains("`3A801` on `P`"), "{}", w.message);
    let f = d.jurisdictions[1]
        .findings
        .iter()
        .find(|f| f.status.as_str() == "unknown")
        .unwrap();
    assert!(
        f.missing.iter().any(|m| m
            .facts
            .iter()
            .any(|f| f.as_str() == "pack coverage of its code")),
        "{:?}",
        f.missing
    );
    // EAR99 is encoded (never licensable under the chart): no warning.
    let ear99 = bom.replace("3A801", "EAR99");
    let d = eval(&ear99, &scenario("P", "US", "CN", "2026-12-01", "")).unwrap();
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.kind == "uncovered_classification")
    );
    assert_eq!(outcome_of(&d, "US").0, Outcome::NoLicenseRequired);
}

#[test]
fn a_pack_warning_rule_says_an_exception_may_be_available() {
    let pack = r#"
[pack]
id = "p"
jurisdiction = "US"
title = "t"

[[rules]]
id = "reach"
title = "US origin"
citation = "15 CFR 734.3(a)(2)"
effect = "reach"
effective = [ { from = 2020-01-01, instrument = "i" } ]
when = { item = { origin = ["US"] } }

[[rules]]
id = "enc"
title = "License Exception ENC may be available for this encryption item"
citation = "15 CFR 740.17"
effect = "warning"
kind = "exception"
effective = [ { from = 2020-01-01, instrument = "i" } ]
when = { item = { classification = { jurisdiction = "US", codes = ["5A002"], missing = "false" } } }
"#;
    let rules = RuleSet::from_toml_strs(&[pack]).unwrap();
    let bom = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "R", "origin": "US", "value": "1", "classification": { "US": "5A002.a" } } ] }"#,
    )
    .unwrap();
    let d = evaluate(&bom, &scenario("R", "US", "DE", "2026-12-01", ""), &rules).unwrap();
    let w = d.warnings.iter().find(|w| w.kind == "exception").unwrap();
    assert_eq!(w.rule.as_deref(), Some("enc"));
    assert_eq!(w.citation.as_deref(), Some("15 CFR 740.17"));
    assert!(d.jurisdictions[0].findings.iter().all(|f| f.rule != "enc"));
    // Not reached (not US origin): no warning.
    let jp = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "R", "origin": "JP", "value": "1", "classification": { "US": "5A002.a" } } ] }"#,
    )
    .unwrap();
    let d = evaluate(&jp, &scenario("R", "JP", "DE", "2026-12-01", ""), &rules).unwrap();
    assert!(!d.warnings.iter().any(|w| w.kind == "exception"));
    // A kind outside the vocabulary is an error.
    let bad = pack.replace(r#"kind = "exception""#, r#"kind = "exemption""#);
    let err = RuleSet::from_toml_strs(&[&bad]).unwrap_err().to_string();
    assert!(err.contains("unknown warning kind `exemption`"), "{err}");
}

// --- Explain ------------------------------------------------------------------------------

#[test]
fn explain_says_why_each_rule_did_not_apply_with_numbers() {
    // The motor in a 40,000.00 car: 22.40 / 40,000.00 = 0.056% < 0.1%.
    let car = MOTOR.replace(
        r#""items": ["#,
        r#""items": [ { "id": "CAR", "origin": "DE", "value": "40000.00", "components": [ { "item": "MOTOR", "quantity": "1" } ] },"#,
    );
    let bom = Bom::from_json_str(&car).unwrap();
    let s = scenario("CAR", "DE", "US", "2026-12-01", "");
    let d = evaluate_with(&bom, &s, rules(), EvalOptions::EXPLAIN).unwrap();
    let cn = &d.jurisdictions[0];
    assert_eq!(
        cn.explained.len(),
        rules()
            .rules()
            .iter()
            .filter(|r| r.jurisdiction == "CN")
            .count()
    );
    let t = cn.explained.iter().find(|t| t.rule == ART1_1).unwrap();
    assert_eq!(t.status.as_str(), "not_applicable");
    assert_eq!(
        t.reason.as_deref(),
        Some("counted content 22.40 / value 40000.00 = 0.056% < 0.1%")
    );
    let t = cn
        .explained
        .iter()
        .find(|t| t.rule == "cn.mofcom.2025-18")
        .unwrap();
    assert_eq!(
        t.reason.as_deref(),
        Some("origin of the export `DE` is not `CN`")
    );
    // Without explain, nothing is added.
    let plain = evaluate(&bom, &s, rules()).unwrap();
    assert!(plain.jurisdictions.iter().all(|j| j.explained.is_empty()));
    // Suspended on the last day of No. 70, it says so.
    let s = scenario("MOTOR", "VN", "DE", "2026-11-10", "");
    let d = evaluate_with(
        &Bom::from_json_str(MOTOR).unwrap(),
        &s,
        rules(),
        EvalOptions::EXPLAIN,
    )
    .unwrap();
    let t = d.jurisdictions[0]
        .explained
        .iter()
        .find(|t| t.rule == ART1_1)
        .unwrap();
    assert_eq!(t.status.as_str(), "dormant");
    assert!(
        t.window
            .as_deref()
            .unwrap()
            .contains("in force again from 2026-11-11"),
        "{t:?}"
    );
}

#[test]
fn content_evidence_carries_amount_and_share() {
    let d = eval(MOTOR, &scenario("MOTOR", "VN", "DE", "2026-12-01", "")).unwrap();
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == ART1_1)
        .unwrap();
    let e = f
        .evidence
        .iter()
        .find(|e| e.what == "counted content")
        .unwrap();
    assert_eq!(e.path, ["MOTOR", "MAGNET", "DY"]);
    assert_eq!(e.value.as_deref(), Some("22.40"));
    assert_eq!(e.share.as_deref(), Some("0.0149333"));
    assert!(
        f.evidence
            .iter()
            .any(|e| e.what == "a component that is `cn.61.part2.magnet`")
    );
}

#[test]
fn the_us_pack_says_license_exception_enc_may_be_available_for_ei_items() {
    let bom = r#"{ "currency": "USD", "items": [
  { "id": "ROUTER", "origin": "US", "value": "900.00", "classification": { "US": "5A002.a" } } ] }"#;
    let d = eval(bom, &scenario("ROUTER", "US", "GB", "2026-12-01", "")).unwrap();
    let w = d
        .warnings
        .iter()
        .find(|w| w.kind == "exception")
        .expect("an exception warning");
    assert_eq!(w.rule.as_deref(), Some("us.ear.740-17.enc"));
    assert_eq!(w.jurisdiction.as_deref(), Some("US"));
    assert!(
        w.message.starts_with("License Exception ENC"),
        "{}",
        w.message
    );
    // A 3A001 item is not an EI item: nothing said.
    let other = bom.replace("5A002.a", "3A001.a.1");
    let d = eval(&other, &scenario("ROUTER", "US", "GB", "2026-12-01", "")).unwrap();
    assert!(!d.warnings.iter().any(|w| w.kind == "exception"));
}

#[test]
fn reasons_for_control_the_tables_do_not_encode_leave_the_answer_open() {
    // A US-origin 1E355 item to the UK: its CW row (§ 742.18, CWC non-States Parties, a list
    // the tables do not hold) is not encoded: undetermined, never "no licence".
    let bom = r#"{ "currency": "USD", "items": [
  { "id": "ROUTER", "origin": "US", "value": "900.00", "classification": { "US": "1E355" } } ] }"#;
    let d = eval(bom, &scenario("ROUTER", "US", "GB", "2026-12-01", "")).unwrap();
    assert_eq!(outcome_of(&d, "US").0, Outcome::Undetermined, "{d:#?}");
    assert_eq!(
        status_of(&d, "US", "us.ear.774.unencoded-controls"),
        Some("unknown")
    );
    let w = d
        .warnings
        .iter()
        .find(|w| w.kind == "uncovered_classification")
        .unwrap();
    assert!(
        w.message.contains("`1E355` on `ROUTER`: CW not encoded"),
        "{}",
        w.message
    );
    // EI is encoded now (§ 742.15(a)(1): every destination but Canada): a 5A002.a router to
    // the UK needs a licence, with License Exception ENC named; no coverage warning.
    let router = bom.replace("1E355", "5A002.a");
    let d = eval(&router, &scenario("ROUTER", "US", "GB", "2026-12-01", "")).unwrap();
    assert_eq!(outcome_of(&d, "US").0, Outcome::LicenseRequired);
    assert_eq!(status_of(&d, "US", "us.ear.742-15.ei"), Some("applies"));
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.kind == "uncovered_classification")
    );
    // A code with no unencoded reason is decided as before: 3A001.a.2 (NS2) to Japan.
    let other = bom.replace("1E355", "3A001.a.2");
    let d = eval(&other, &scenario("ROUTER", "US", "JP", "2026-12-01", "")).unwrap();
    assert_eq!(outcome_of(&d, "US").0, Outcome::NoLicenseRequired);
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.kind == "uncovered_classification")
    );
}

#[test]
fn a_sub_designation_of_a_declared_list_is_known() {
    // `US:entity-list:fn5` is known because the US pack declares it (a party on it is on
    // `US:entity-list` too).
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["US:entity-list:fn5"] } ]"#,
    );
    let d = eval(MOTOR, &s).unwrap();
    assert!(
        !d.warnings.iter().any(|w| w.kind == "unread_list"),
        "{:?}",
        d.warnings
    );
    // A sub-designation no pack declares is an error, never read as its parent list.
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["US:entity-list:fn-5"] } ]"#,
    );
    let msg = vocabulary_error(MOTOR, &s);
    assert!(
        msg.contains("unknown party list `US:entity-list:fn-5`")
            && msg.contains("did you mean `US:entity-list:fn5`?"),
        "{msg}"
    );
    // A misspelt list id is still an error.
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["US:entitylist:fn5"] } ]"#,
    );
    let msg = vocabulary_error(MOTOR, &s);
    assert!(
        msg.contains("unknown party list `US:entitylist:fn5`"),
        "{msg}"
    );
}

#[test]
fn a_classification_key_in_the_wrong_case_is_an_error() {
    let err = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "A", "classification": { "cn": "1C904.a", "Us": "EAR99", "HS": "850511" } } ] }"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("items[0].classification.cn: classification key `cn` is not a jurisdiction")
            && err.contains("did you mean `CN`?"),
        "{err}"
    );
    assert!(err.contains("did you mean `US`?"), "{err}");
    assert!(!err.contains("`HS`?"), "{err}");
}

// --- What a hostile review found --------------------------------------------------------

fn cn_outcome(bom: &str, from: &str, to: &str, extra: &str) -> Outcome {
    let item = "P";
    outcome_of(
        &eval(bom, &scenario(item, from, to, "2026-12-01", extra)).unwrap(),
        "CN",
    )
    .0
}

#[test]
fn a_material_form_or_process_of_ones_own_is_unknown_to_the_packs_never_cleared() {
    let bom = |form: &str| {
        format!(
            r#"{{ "currency": "USD", "items": [
  {{ "id": "P", "origin": "CN", "value": "100", "material": {{ "form": "{form}", "elements": ["Dy"] }} }} ] }}"#
        )
    };
    assert_eq!(
        cn_outcome(&bom("metal"), "CN", "DE", ""),
        Outcome::LicenseRequired
    );
    assert_eq!(
        cn_outcome(&bom("x-sintered"), "CN", "DE", ""),
        Outcome::Undetermined
    );
    let d = eval(
        &bom("x-sintered"),
        &scenario("P", "CN", "DE", "2026-12-01", ""),
    )
    .unwrap();
    assert!(
        d.warnings.iter().any(|w| w.kind == "unread_form"
            && w.message
                .contains("material form `x-sintered` (1 item) is known to no loaded pack")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn a_material_without_elements_might_hold_any() {
    let bom = r#"{ "currency": "USD", "items": [
  { "id": "P", "origin": "CN", "value": "100", "material": { "form": "metal" } } ] }"#;
    assert_eq!(cn_outcome(bom, "CN", "DE", ""), Outcome::Undetermined);
    let d = eval(bom, &scenario("P", "CN", "DE", "2026-12-01", "")).unwrap();
    let f = &d.jurisdictions[0].findings[0];
    assert!(
        f.missing
            .iter()
            .any(|m| m.facts.iter().any(|f| f.as_str() == "material elements")),
        "{:?}",
        f.missing
    );
}

#[test]
fn a_breakdown_that_leaves_out_a_listed_element_leaves_it_unknown() {
    // The Chinese Dy magnet declares one component, its Nd: the Dy is not accounted for.
    let partial = r#"{ "currency": "USD", "items": [
  { "id": "P", "origin": "VN", "value": "1000.00", "components": [ { "item": "MAG", "quantity": "1" } ] },
  { "id": "MAG", "origin": "CN", "value": "60.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
    "components": [ { "item": "ND", "quantity": "0.3" } ] },
  { "id": "ND", "origin": "CN", "value": "80.00", "material": { "form": "metal", "elements": ["Nd"] } } ] }"#;
    assert_eq!(cn_outcome(partial, "VN", "DE", ""), Outcome::Undetermined);
    // With its Dy declared (however small), the breakdown accounts for it: settled.
    let full = partial.replace(
        r#"{ "item": "ND", "quantity": "0.3" } ] },"#,
        r#"{ "item": "ND", "quantity": "0.3" }, { "item": "DY", "quantity": "0.001" } ] },
  { "id": "DY", "origin": "JP", "value": "300.00", "material": { "form": "metal", "elements": ["Dy"] } },"#,
    );
    assert_eq!(cn_outcome(&full, "VN", "DE", ""), Outcome::NotSubject);
}

#[test]
fn malformed_control_codes_are_errors_with_the_fix() {
    let err = |code: &str, j: &str| {
        Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [ {{ "id": "A", "classification": {{ "{j}": "{code}" }} }} ] }}"#
        ))
        .map(|_| String::new())
        .unwrap_or_else(|e| e.to_string())
    };
    let e = err("3A090.A", "US");
    assert!(
        e.contains("malformed US code `3A090.A`") && e.contains("did you mean `3A090.a`?"),
        "{e}"
    );
    assert!(err("1c902.b", "CN").contains("did you mean `1C902.b`?"));
    assert!(err("ear99", "US").contains("did you mean `EAR99`?"));
    let e = err("1C9O2.b", "CN");
    assert!(
        e.contains("malformed CN code `1C9O2.b`") && !e.contains("did you mean"),
        "{e}"
    );
    assert!(err("EAR99", "CN").contains("malformed CN code `EAR99`"));
    for fine in [
        ("3A090.a.1", "US"),
        ("EAR99", "US"),
        ("1C902", "CN"),
        ("8501.10", "HS"),
    ] {
        assert_eq!(err(fine.0, fine.1), "", "{fine:?}");
    }
}

#[test]
fn a_listed_party_that_takes_no_part_is_said() {
    let s = scenario(
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "parties": [ { "id": "huawei", "country": "CN", "lists": ["CN:control-list"] },
                           { "id": "owner", "lists": ["CN:watch-list"] },
                           { "id": "buyer", "roles": ["end_user"], "owners": [ { "party": "owner", "share": "0.1" } ] } ]"#,
    );
    let d = eval(MOTOR, &s).unwrap();
    let idle: Vec<&str> = d
        .warnings
        .iter()
        .filter(|w| w.kind == "idle_party")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(idle.len(), 1, "{idle:?}");
    assert!(idle[0].starts_with("party `huawei` is on `CN:control-list` but has no role"));
}

#[test]
fn explain_says_when_reach_itself_is_open() {
    // No origin: whether the US reaches the 5A002 item is open.
    let bom = r#"{ "currency": "USD", "items": [
  { "id": "R", "value": "900.00", "classification": { "US": "5A002.a" } } ] }"#;
    let d = evaluate_with(
        &Bom::from_json_str(bom).unwrap(),
        &scenario("R", "DE", "FR", "2026-12-01", ""),
        rules(),
        EvalOptions::EXPLAIN,
    )
    .unwrap();
    assert_eq!(outcome_of(&d, "US").0, Outcome::Undetermined);
    let us = &d.jurisdictions[1];
    let t = us
        .explained
        .iter()
        .find(|t| t.rule == "us.ear.738.chart-ns")
        .unwrap();
    assert_ne!(
        t.reason.as_deref(),
        Some("the export is not reached by a rule of this jurisdiction"),
        "{t:?}"
    );
    // The exception may be available if it is reached: said.
    assert!(d.warnings.iter().any(|w| w.kind == "exception"));
}

//! The combination logic, branch by branch, and the conditions of the pack language, on
//! small inline packs.

use longarm::{Bom, Outcome, RuleSet, Scenario, Verdict, evaluate};

const BOM: &str = r#"{ "currency": "USD", "items": [
  { "id": "BOARD", "origin": "DE", "value": "100.00",
    "components": [ { "item": "MODULE", "quantity": "2" }, { "item": "PASSIVE", "quantity": "10" } ] },
  { "id": "MODULE", "origin": "TW", "value": "20.00", "classification": { "US": "3A001.a.1" },
    "components": [ { "item": "MAGNET", "quantity": "1" } ] },
  { "id": "MAGNET", "origin": "CN", "value": "2.00", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
    "made_with": [ { "kind": "technology", "origin": "CN", "classification": { "CN": "1E902.a" }, "process": "magnet-manufacturing" } ] },
  { "id": "PASSIVE", "value": "0.10" } ] }"#;

fn scenario(to: &str, date: &str, extra: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{ "bom": "unused.json", "item": "BOARD", "from": "DE", "to": "{to}", "date": "{date}" {extra} }}"#
    ))
    .unwrap()
}

fn pack(jurisdiction: &str, rules: &str) -> String {
    format!(
        r#"
[pack]
id = "p-{jurisdiction}"
jurisdiction = "X{jurisdiction}"
title = "test"

[groups.G]
members = [ {{ country = "CN" }}, {{ country = "NI", from = 2024-03-15, to = 2025-12-31 }} ]

[lists."XX:list"]

{rules}
"#
    )
}

fn rule(id: &str, effect: &str, extra: &str, when: &str) -> String {
    format!(
        r#"
[[rules]]
id = "{id}"
title = "{id}"
citation = "Test, Art. {id}"
effect = "{effect}"
{extra}
effective = [ {{ from = 2020-01-01, instrument = "Test" }} ]
when = {when}
"#
    )
}

const YES: &str = r#"{ item = { origin = ["DE"] } }"#;
const NO: &str = r#"{ item = { origin = ["FR"] } }"#;
/// Unknown: PASSIVE has no origin and is some component.
const MAYBE: &str = r#"{ component = { origin = ["JP"] } }"#;

fn outcome(
    packs: &[&str],
    to: &str,
    date: &str,
    extra: &str,
) -> (Outcome, Option<&'static str>, longarm::Determination) {
    let bom = Bom::from_json_str(BOM).unwrap();
    let rules = RuleSet::from_toml_strs(packs).unwrap();
    let d = evaluate(&bom, &scenario(to, date, extra), &rules).unwrap();
    let j = &d.jurisdictions[0];
    (j.outcome, j.review.map(|r| r.as_str()), d.clone())
}

fn one(rules: &str) -> (Outcome, Option<&'static str>) {
    let p = pack("T", rules);
    let (o, r, _) = outcome(&[&p], "US", "2026-01-01", "");
    (o, r)
}

#[test]
fn nothing_holds_not_subject() {
    assert_eq!(
        one(&rule("r", "reach", "", NO)),
        (Outcome::NotSubject, None)
    );
}

#[test]
fn reached_without_requirement_needs_no_licence() {
    assert_eq!(
        one(&rule("r", "reach", "", YES)),
        (Outcome::NoLicenseRequired, None)
    );
}

#[test]
fn a_requirement_carries_its_own_reach() {
    let r = rule("l", "license_required", r#"review = "case_by_case""#, YES);
    assert_eq!(one(&r), (Outcome::LicenseRequired, Some("case_by_case")));
}

#[test]
fn a_requirement_that_needs_reach_does_nothing_alone() {
    let r = rule(
        "l",
        "license_required",
        "review = \"denial\"\nrequires_reach = true",
        YES,
    );
    let p = pack("T", &r);
    let (o, _, d) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!(o, Outcome::NotSubject);
    assert!(d.jurisdictions[0].findings.is_empty());
    let both = r + &rule("reach", "reach", "", YES);
    assert_eq!(one(&both), (Outcome::LicenseRequired, Some("denial")));
}

#[test]
fn the_most_severe_review_wins() {
    let rules = [
        rule("a", "license_required", r#"review = "approval""#, YES),
        rule(
            "b",
            "license_required",
            r#"review = "presumption_of_denial""#,
            YES,
        ),
        rule("c", "license_required", r#"review = "case_by_case""#, YES),
        rule("d", "license_required", r#"review = "denial""#, NO),
    ]
    .concat();
    assert_eq!(
        one(&rules),
        (Outcome::LicenseRequired, Some("presumption_of_denial"))
    );
}

#[test]
fn an_exemption_overrides_requirements() {
    let rules = rule("l", "license_required", r#"review = "denial""#, YES)
        + &rule(
            "x",
            "exempt",
            r#"obligations = ["report within 10 working days"]"#,
            YES,
        );
    let p = pack("T", &rules);
    let (o, r, d) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!((o, r), (Outcome::Exempt, None));
    assert_eq!(
        d.jurisdictions[0].obligations,
        ["report within 10 working days"]
    );
    assert_eq!(d.verdict, Verdict::NoLicenseRequired);
}

#[test]
fn an_exemption_needs_reach() {
    assert_eq!(
        one(&rule("x", "exempt", "", YES)),
        (Outcome::NotSubject, None)
    );
}

#[test]
fn an_unknown_exemption_leaves_a_requirement_undetermined() {
    let rules = rule("l", "license_required", r#"review = "approval""#, YES)
        + &rule("x", "exempt", "", MAYBE);
    assert_eq!(one(&rules), (Outcome::Undetermined, None));
}

#[test]
fn an_unknown_requirement_is_undetermined_and_names_the_gap() {
    let rules = rule("r", "reach", "", YES)
        + &rule(
            "l",
            "license_required",
            "review = \"approval\"\nrequires_reach = true",
            MAYBE,
        );
    let p = pack("T", &rules);
    let (o, _, d) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!(o, Outcome::Undetermined);
    assert_eq!(d.verdict, Verdict::Undetermined);
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == "l")
        .unwrap();
    assert_eq!(f.status.as_str(), "unknown");
    assert_eq!(f.missing[0].item, "PASSIVE");
    assert_eq!(f.missing[0].facts, [longarm::eval::Fact::Origin]);
}

#[test]
fn an_unknown_reach_is_undetermined() {
    assert_eq!(
        one(&rule("r", "reach", "", MAYBE)),
        (Outcome::Undetermined, None)
    );
}

#[test]
fn a_known_requirement_outweighs_an_unknown_reach() {
    let rules = rule("r", "reach", "", MAYBE)
        + &rule("l", "license_required", r#"review = "approval""#, YES);
    assert_eq!(one(&rules), (Outcome::LicenseRequired, Some("approval")));
}

#[test]
fn rules_not_yet_in_force_are_dormant_findings() {
    let r = rule("l", "license_required", r#"review = "approval""#, YES)
        .replace("from = 2020-01-01", "from = 2026-06-01");
    let p = pack("T", &r);
    let (o, _, d) = outcome(&[&p], "US", "2026-05-31", "");
    assert_eq!(o, Outcome::NotSubject);
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!(
        (f.effect.as_str(), f.status.as_str()),
        ("would_apply", "dormant")
    );
    assert_eq!(f.applies_from.as_deref(), Some("2026-06-01"));
    let (o, _, _) = outcome(&[&p], "US", "2026-06-01", "");
    assert_eq!(o, Outcome::LicenseRequired);
}

#[test]
fn lapsed_rules_say_nothing() {
    let r = rule("l", "license_required", r#"review = "approval""#, YES)
        .replace("from = 2020-01-01,", "from = 2020-01-01, to = 2025-12-31,");
    let p = pack("T", &r);
    let (o, _, d) = outcome(&[&p], "US", "2025-12-31", "");
    assert_eq!(o, Outcome::LicenseRequired);
    let (o, _, d2) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!(o, Outcome::NotSubject);
    assert!(d2.jurisdictions[0].findings.is_empty());
    assert!(!d.jurisdictions[0].findings.is_empty());
}

#[test]
fn a_later_pack_overrides_a_rule_by_id() {
    let base = pack(
        "T",
        &rule("l", "license_required", r#"review = "approval""#, YES),
    );
    let amended = pack(
        "T",
        &rule("l", "license_required", r#"review = "approval""#, NO),
    )
    .replace("id = \"p-T\"", "id = \"amendment\"");
    let (o, _, _) = outcome(&[&base], "US", "2026-01-01", "");
    assert_eq!(o, Outcome::LicenseRequired);
    let (o, _, d) = outcome(&[&base, &amended], "US", "2026-01-01", "");
    assert_eq!(o, Outcome::NotSubject);
    assert_eq!(d.receipt.packs.len(), 2);
    assert_ne!(d.receipt.packs[0].sha256, d.receipt.packs[1].sha256);
}

#[test]
fn verdict_combines_jurisdictions() {
    let a = pack(
        "A",
        &rule("a", "license_required", r#"review = "approval""#, YES),
    );
    let b = pack("B", &rule("b", "reach", "", MAYBE));
    let c = pack("C", &rule("c", "reach", "", YES));
    let (_, _, d) = outcome(&[&a, &b], "US", "2026-01-01", "");
    assert_eq!(d.verdict, Verdict::LicenseRequired);
    let (_, _, d) = outcome(&[&b, &c], "US", "2026-01-01", "");
    assert_eq!(d.verdict, Verdict::Undetermined);
    let (_, _, d) = outcome(&[&c], "US", "2026-01-01", "");
    assert_eq!(d.verdict, Verdict::NoLicenseRequired);
    let names: Vec<_> = outcome(&[&c, &a], "US", "2026-01-01", "")
        .2
        .jurisdictions
        .iter()
        .map(|j| j.jurisdiction.clone())
        .collect();
    assert_eq!(names, ["XA", "XC"]);
}

/// Conditions of the pack language, each true and false.
fn holds(when: &str, to: &str, date: &str, extra: &str) -> Outcome {
    let p = pack("T", &rule("r", "reach", "", when));
    outcome(&[&p], to, date, extra).0
}

const R: Outcome = Outcome::NoLicenseRequired;
const N: Outcome = Outcome::NotSubject;
const U: Outcome = Outcome::Undetermined;

#[test]
fn classification_prefixes_match_whole_segments() {
    let c = |codes: &str| {
        format!(
            r#"{{ component = {{ classification = {{ jurisdiction = "US", codes = [{codes}], missing = "false" }} }} }}"#
        )
    };
    assert_eq!(holds(&c(r#""3A001""#), "US", "2026-01-01", ""), R);
    assert_eq!(holds(&c(r#""3A001.a""#), "US", "2026-01-01", ""), R);
    assert_eq!(holds(&c(r#""3A001.a.1""#), "US", "2026-01-01", ""), R);
    assert_eq!(holds(&c(r#""3A00""#), "US", "2026-01-01", ""), N);
    assert_eq!(holds(&c(r#""3A001.b""#), "US", "2026-01-01", ""), N);
    // Without `missing = "false"`, items with no US code leave it open.
    let open = r#"{ component = { classification = { jurisdiction = "US", codes = ["9A515"] } } }"#;
    assert_eq!(holds(open, "US", "2026-01-01", ""), U);
}

#[test]
fn materials_and_production_provenance() {
    let m = r#"{ component = { material = { forms = ["magnet"], elements = ["Dy", "Tb"] } } }"#;
    assert_eq!(holds(m, "US", "2026-01-01", ""), R);
    let m = r#"{ component = { material = { forms = ["magnet"], elements = ["Sm"] } } }"#;
    assert_eq!(holds(m, "US", "2026-01-01", ""), N);
    let t = r#"{ component = { made_with = { kinds = ["technology"], origins = ["CN"], classification = { jurisdiction = "CN", codes = ["1E902"] }, processes = ["magnet-manufacturing"] } } }"#;
    assert_eq!(holds(t, "US", "2026-01-01", ""), R);
    let t = r#"{ component = { made_with = { kinds = ["plant"] } } }"#;
    assert_eq!(holds(t, "US", "2026-01-01", ""), N);
}

#[test]
fn component_findings_carry_the_path() {
    let p = pack(
        "T",
        &rule("r", "reach", "", r#"{ component = { origin = ["CN"] } }"#),
    );
    let (_, _, d) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!(
        d.jurisdictions[0].findings[0].paths,
        [["BOARD", "MODULE", "MAGNET"]]
    );
}

#[test]
fn destinations_and_dated_groups() {
    let to = r#"{ to = { groups = ["G"] } }"#;
    assert_eq!(holds(to, "CN", "2026-01-01", ""), R);
    assert_eq!(holds(to, "NI", "2024-03-14", ""), N);
    assert_eq!(holds(to, "NI", "2024-03-15", ""), R);
    assert_eq!(holds(to, "NI", "2025-12-31", ""), R);
    assert_eq!(holds(to, "NI", "2026-01-01", ""), N);
    assert_eq!(
        holds(
            r#"{ from = { countries = ["DE"] } }"#,
            "CN",
            "2026-01-01",
            ""
        ),
        R
    );
    assert_eq!(
        holds(
            r#"{ not = { to = { countries = ["CN"] } } }"#,
            "CN",
            "2026-01-01",
            ""
        ),
        N
    );
}

#[test]
fn content_thresholds_compare_exactly() {
    // Dy content: 2 modules x 1 magnet x 2.00 = 4.00 of 100.00 = 4%, every fact known.
    let c = |op: &str, t: &str| {
        format!(
            r#"{{ content = {{ counted = {{ material = {{ elements = ["Dy"] }} }}, op = "{op}", threshold = "{t}" }} }}"#
        )
    };
    assert_eq!(holds(&c(">=", "0.04"), "US", "2026-01-01", ""), R);
    assert_eq!(holds(&c(">", "0.04"), "US", "2026-01-01", ""), N);
    assert_eq!(holds(&c(">", "0.0399"), "US", "2026-01-01", ""), R);
    // Chinese-origin content: the magnets, 4.00, and PASSIVE (10 x 0.10, origin unknown)
    // could add 1.00: 4% to 5%.
    let cn = |op: &str, t: &str| {
        format!(
            r#"{{ content = {{ counted = {{ origin = ["CN"] }}, op = "{op}", threshold = "{t}" }} }}"#
        )
    };
    assert_eq!(holds(&cn(">=", "0.04"), "US", "2026-01-01", ""), R);
    assert_eq!(holds(&cn(">", "0.04"), "US", "2026-01-01", ""), U);
    assert_eq!(holds(&cn(">=", "0.05"), "US", "2026-01-01", ""), U);
    assert_eq!(holds(&cn(">", "0.05"), "US", "2026-01-01", ""), N);
}

#[test]
fn parties_by_role_list_and_affiliation() {
    let party = r#"{ party = { roles = ["end_user"], lists = ["XX:list"], affiliates = { share = "0.5", citation = "Test 50%", effective = [ { from = 2025-01-01, instrument = "T" } ], suspended = [ { from = 2025-06-01, to = 2025-06-30, instrument = "S" } ] } } }"#;
    let listed =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["XX:list:sub"] } ]"#;
    assert_eq!(holds(party, "US", "2026-01-01", listed), R);
    let wrong_role =
        r#", "parties": [ { "id": "e", "roles": ["purchaser"], "lists": ["XX:list"] } ]"#;
    assert_eq!(holds(party, "US", "2026-01-01", wrong_role), N);
    let owned = |share: &str| {
        format!(
            r#", "parties": [ {{ "id": "e", "roles": ["end_user"], "owners": [ {{ "party": "o", "share": "{share}" }} ] }}, {{ "id": "o", "lists": ["XX:list"] }} ]"#
        )
    };
    assert_eq!(holds(party, "US", "2026-01-01", &owned("0.5")), R);
    assert_eq!(holds(party, "US", "2026-01-01", &owned("0.49")), N);
    // Suspended switch: no licence, but a dormant finding that says when it revives.
    assert_eq!(holds(party, "US", "2025-06-30", &owned("0.5")), N);
    let p = pack("T", &rule("r", "reach", "", party));
    let (_, _, d) = outcome(&[&p], "US", "2025-06-30", &owned("0.5"));
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!(
        (f.effect.as_str(), f.applies_from.as_deref()),
        ("would_apply", Some("2025-07-01"))
    );
    assert_eq!(holds(party, "US", "2025-07-01", &owned("0.5")), R);
}

#[test]
fn parties_by_country_of_their_own() {
    // A party in the role, located in one of the countries; with no `lists`, no list condition.
    let us = r#"{ party = { roles = ["end_user"], countries = ["US"] } }"#;
    let at = |country: &str| {
        format!(r#", "parties": [ {{ "id": "e", "roles": ["end_user"]{country} }} ]"#)
    };
    assert_eq!(
        holds(us, "JP", "2026-01-01", &at(r#", "country": "US""#)),
        R
    );
    assert_eq!(
        holds(us, "US", "2026-01-01", &at(r#", "country": "JP""#)),
        N
    );
    // Its country undeclared: unknown, and the finding says whose.
    assert_eq!(holds(us, "JP", "2026-01-01", &at("")), U);
    let p = pack("T", &rule("r", "reach", "", us));
    let (_, _, d) = outcome(&[&p], "JP", "2026-01-01", &at(""));
    assert!(
        d.jurisdictions[0].findings[0]
            .facts
            .iter()
            .any(|f| f.contains("party `e` (end_user) declares no country")),
        "{:?}",
        d.jurisdictions[0].findings[0]
    );
    // No party in the role: false.
    assert_eq!(holds(us, "US", "2026-01-01", ""), N);
    // Lists and countries together: both must hold.
    let both = r#"{ party = { roles = ["end_user"], lists = ["XX:list"], countries = ["US"] } }"#;
    let listed = |country: &str| {
        format!(
            r#", "parties": [ {{ "id": "e", "roles": ["end_user"], "lists": ["XX:list"], "country": "{country}" }} ]"#
        )
    };
    assert_eq!(holds(both, "JP", "2026-01-01", &listed("US")), R);
    assert_eq!(holds(both, "JP", "2026-01-01", &listed("JP")), N);
    assert_eq!(
        holds(both, "JP", "2026-01-01", &at(r#", "country": "US""#)),
        N
    );
    // Neither: any party in the role is declared.
    let any = r#"{ party = { roles = ["end_user"] } }"#;
    assert_eq!(holds(any, "JP", "2026-01-01", &at("")), R);
    assert_eq!(holds(any, "JP", "2026-01-01", ""), N);
    // A misspelt country is an error at load.
    let bad = pack(
        "T",
        &rule("r", "reach", "", r#"{ party = { countries = ["USA"] } }"#),
    );
    assert!(RuleSet::from_toml_strs(&[&bad]).is_err());
}

#[test]
fn end_uses() {
    let e = r#"{ end_use = ["military", "wmd"] }"#;
    assert_eq!(
        holds(e, "US", "2026-01-01", r#", "end_uses": ["civil", "wmd"]"#),
        R
    );
    assert_eq!(
        holds(e, "US", "2026-01-01", r#", "end_uses": ["civil"]"#),
        N
    );
}

#[test]
fn an_unknown_exemption_alone_is_undetermined() {
    let rules = rule("r", "reach", "", YES) + &rule("x", "exempt", r#"obligations = ["o"]"#, MAYBE);
    assert_eq!(one(&rules), (Outcome::Undetermined, None));
}

#[test]
fn an_open_requirement_with_a_harsher_review_is_flagged() {
    let rules = rule("a", "license_required", r#"review = "approval""#, YES)
        + &rule("d", "license_required", r#"review = "denial""#, MAYBE);
    let p = pack("T", &rules);
    let (o, r, d) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!((o, r), (Outcome::LicenseRequired, Some("approval")));
    assert_eq!(
        d.jurisdictions[0].review_could_be.map(|r| r.as_str()),
        Some("denial")
    );
    let rules = rule("a", "license_required", r#"review = "denial""#, YES)
        + &rule("d", "license_required", r#"review = "approval""#, MAYBE);
    let p = pack("T", &rules);
    assert_eq!(
        outcome(&[&p], "US", "2026-01-01", "").2.jurisdictions[0]
            .review_could_be
            .map(|r| r.as_str()),
        None
    );
}

#[test]
fn a_rule_reference_counts_only_while_the_rule_is_in_force() {
    let base = rule("base", "reach", "", YES)
        .replace("effective = [ { from = 2020-01-01, instrument = \"Test\" } ]",
                 "effective = [ { from = 2020-01-01, instrument = \"Test\" } ]\nsuspended = [ { from = 2026-01-01, to = 2026-01-31, instrument = \"S\" } ]");
    let review = rule(
        "rev",
        "license_required",
        "review = \"denial\"\nrequires_reach = true",
        r#"{ rule = "base" }"#,
    );
    let other = rule("other", "reach", "", YES);
    let p = pack("T", &(base + &review + &other));
    let (o, r, _) = outcome(&[&p], "US", "2025-12-31", "");
    assert_eq!((o, r), (Outcome::LicenseRequired, Some("denial")));
    // `base` suspended: reached through `other`, but the review article does not apply.
    let (o, r, _) = outcome(&[&p], "US", "2026-01-01", "");
    assert_eq!((o, r), (Outcome::NoLicenseRequired, None));
}

#[test]
fn a_material_without_its_form_is_open_where_the_form_matters() {
    let bom = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [
        { "id": "BOARD", "origin": "DE", "value": "100.00", "components": [ { "item": "DY", "quantity": "1" } ] },
        { "id": "DY", "origin": "CN", "value": "5.00", "material": { "elements": ["Dy"] } } ] }"#,
    )
    .unwrap();
    let p = pack(
        "T",
        &rule(
            "r",
            "reach",
            "",
            r#"{ component = { material = { forms = ["metal"], elements = ["Dy"] } } }"#,
        ),
    );
    let rules = RuleSet::from_toml_strs(&[&p]).unwrap();
    let d = evaluate(&bom, &scenario("US", "2026-01-01", ""), &rules).unwrap();
    let j = &d.jurisdictions[0];
    assert_eq!(j.outcome, Outcome::Undetermined);
    assert_eq!(
        j.findings[0].missing[0].facts,
        [longarm::eval::Fact::MaterialForm]
    );
    // Where the form does not matter, no gap.
    let p = pack(
        "T",
        &rule(
            "r",
            "reach",
            "",
            r#"{ component = { material = { elements = ["Dy"] } } }"#,
        ),
    );
    let rules = RuleSet::from_toml_strs(&[&p]).unwrap();
    let d = evaluate(&bom, &scenario("US", "2026-01-01", ""), &rules).unwrap();
    assert_eq!(d.jurisdictions[0].outcome, Outcome::NoLicenseRequired);
}

/// A control row `to = { worldwide = true, except_countries = [...] }`: every destination but
/// the named ones (as "all destinations except Canada" rows read).
#[test]
fn control_rows_can_except_countries() {
    let bom = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [
        { "id": "BOARD", "origin": "DE", "value": "100.00", "classification": { "XT": "5A002.a" } } ] }"#,
    )
    .unwrap();
    let p = pack(
        "T",
        &format!(
            "{}\n[[controls]]\njurisdiction = \"XT\"\ncode = \"5A002\"\nreason = \"EI\"\nto = {{ worldwide = true, except_countries = [\"CA\"], except_groups = [\"G\"] }}\n",
            rule(
                "r",
                "license_required",
                r#"review = "case_by_case""#,
                r#"{ item = { licensable = { jurisdiction = "XT", reasons = ["EI"] } } }"#,
            )
        ),
    );
    let rules = RuleSet::from_toml_strs(&[&p]).unwrap();
    let at = |to: &str| {
        evaluate(&bom, &scenario(to, "2026-01-01", ""), &rules)
            .unwrap()
            .jurisdictions[0]
            .outcome
    };
    assert_eq!(at("GB"), Outcome::LicenseRequired);
    assert_eq!(at("CA"), Outcome::NotSubject);
    // except_groups still apply beside except_countries.
    assert_eq!(at("CN"), Outcome::NotSubject);
    // A misspelt country in except_countries is a load error, not a silent miss.
    let bad = p.replace(
        "except_countries = [\"CA\"]",
        "except_countries = [\"Canada\"]",
    );
    assert!(RuleSet::from_toml_strs(&[&bad]).is_err());
}

/// `digits = true` compares codes on their digits as leading prefixes (HS codes with or
/// without dots); `partial = true` makes a code outside the listed ones unknown (pack
/// coverage), not false.
#[test]
fn classification_by_digits_and_partial_lists() {
    let bom = |hs: &str| {
        Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [
            {{ "id": "BOARD", "origin": "DE", "value": "100.00", "classification": {{ {hs} }} }} ] }}"#
        ))
        .unwrap()
    };
    let p = |flags: &str| {
        pack(
            "T",
            &rule(
                "r",
                "license_required",
                r#"review = "case_by_case""#,
                &format!(
                    r#"{{ item = {{ classification = {{ jurisdiction = "HS", codes = ["84", "90"]{flags} }} }} }}"#
                ),
            ),
        )
    };
    let at = |flags: &str, hs: &str| {
        let rules = RuleSet::from_toml_strs(&[&p(flags)]).unwrap();
        evaluate(&bom(hs), &scenario("GB", "2026-01-01", ""), &rules)
            .unwrap()
            .jurisdictions[0]
            .outcome
    };
    let digits = ", digits = true";
    assert_eq!(at(digits, r#""HS": "8471.30""#), Outcome::LicenseRequired);
    assert_eq!(at(digits, r#""HS": "847130""#), Outcome::LicenseRequired);
    assert_eq!(
        at(digits, r#""HS": "9031.80.40""#),
        Outcome::LicenseRequired
    );
    assert_eq!(at(digits, r#""HS": "8501.10""#), Outcome::NotSubject);
    // Segment-aware (the default): `84` does not cover `847130`.
    assert_eq!(at("", r#""HS": "847130""#), Outcome::NotSubject);
    // Partial: a code outside the list is unknown (pack coverage).
    let partial = ", digits = true, partial = true";
    assert_eq!(at(partial, r#""HS": "8471.30""#), Outcome::LicenseRequired);
    let rules = RuleSet::from_toml_strs(&[&p(partial)]).unwrap();
    let d = evaluate(
        &bom(r#""HS": "9403.20""#),
        &scenario("GB", "2026-01-01", ""),
        &rules,
    )
    .unwrap();
    assert_eq!(d.jurisdictions[0].outcome, Outcome::Undetermined);
    assert_eq!(
        d.jurisdictions[0].findings[0].missing[0].facts,
        [longarm::eval::Fact::Coverage]
    );
    // No code at all: unknown (classification), as before.
    assert_eq!(at(partial, r#""US": "EAR99""#), Outcome::Undetermined);
}

/// A pack header's `covers_from`: before it the jurisdiction is undetermined with a
/// `before_coverage` warning, whatever its rules say; from it, the rules decide.
#[test]
fn before_the_covered_dates_the_jurisdiction_is_undetermined() {
    let r = rule("l", "license_required", r#"review = "case_by_case""#, YES);
    let p = pack("T", &r).replace(
        "title = \"test\"\n",
        "title = \"test\"\ncovers_from = 2021-06-01\n",
    );
    let (o, review, d) = outcome(&[&p], "US", "2021-05-31", "");
    assert_eq!((o, review), (Outcome::Undetermined, None));
    assert!(d.jurisdictions[0].findings.is_empty());
    assert_eq!(d.verdict, Verdict::Undetermined);
    let w: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.kind == "before_coverage")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .contains("do not cover dates before 2021-06-01"),
        "{}",
        w[0].message
    );
    let (o, review, d) = outcome(&[&p], "US", "2021-06-01", "");
    assert_eq!(
        (o, review),
        (Outcome::LicenseRequired, Some("case_by_case"))
    );
    assert!(d.warnings.iter().all(|w| w.kind != "before_coverage"));
    // Not a date: a load error.
    let bad = p.replace("covers_from = 2021-06-01", "covers_from = \"June 2021\"");
    assert!(RuleSet::from_toml_strs(&[&bad]).is_err());
}

/// `licensable` with `anywhere = true`: is the code controlled for the reason at all,
/// whatever the destination?
#[test]
fn licensable_anywhere_ignores_the_destination() {
    let bom = |code: &str| {
        Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [
            {{ "id": "BOARD", "origin": "DE", "value": "100.00", "classification": {{ "XT": "{code}" }} }} ] }}"#
        ))
        .unwrap()
    };
    let p = |anywhere: &str| {
        pack(
            "T",
            &format!(
                "{}\n[[controls]]\njurisdiction = \"XT\"\ncode = \"3A001\"\nreason = \"NS1\"\nparagraphs = [\"3A001.b\"]\nto = {{ countries = [\"CN\"] }}\n",
                rule(
                    "r",
                    "license_required",
                    r#"review = "case_by_case""#,
                    &format!(
                        r#"{{ item = {{ licensable = {{ jurisdiction = "XT", reasons = ["NS"]{anywhere} }} }} }}"#
                    ),
                )
            ),
        )
    };
    let at = |anywhere: &str, code: &str, to: &str| {
        let rules = RuleSet::from_toml_strs(&[&p(anywhere)]).unwrap();
        evaluate(&bom(code), &scenario(to, "2026-01-01", ""), &rules)
            .unwrap()
            .jurisdictions[0]
            .outcome
    };
    assert_eq!(at("", "3A001.b.1", "CU"), Outcome::NotSubject);
    assert_eq!(
        at(", anywhere = true", "3A001.b.1", "CU"),
        Outcome::LicenseRequired
    );
    assert_eq!(
        at(", anywhere = true", "3A001.a.1", "CU"),
        Outcome::NotSubject
    );
    // An entry-level code where the row names a sub-item: unknown, as without `anywhere`.
    assert_eq!(
        at(", anywhere = true", "3A001", "CU"),
        Outcome::Undetermined
    );
}

/// `coarse = true`: an item coded above a listed code is unknown (classification); an
/// `unknown` item condition is always unknown (control condition).
#[test]
fn coarse_codes_and_unknown_conditions() {
    let bom = |code: &str| {
        Bom::from_json_str(&format!(
            r#"{{ "currency": "USD", "items": [
            {{ "id": "BOARD", "origin": "DE", "value": "100.00", "classification": {{ "XT": "{code}" }} }} ] }}"#
        ))
        .unwrap()
    };
    let at = |when: &str, code: &str| {
        let p = pack("T", &rule("r", "reach", "", when));
        let rules = RuleSet::from_toml_strs(&[&p]).unwrap();
        let d = evaluate(&bom(code), &scenario("GB", "2026-01-01", ""), &rules).unwrap();
        let j = &d.jurisdictions[0];
        (
            j.outcome,
            j.findings.first().map(|f| {
                f.missing
                    .iter()
                    .flat_map(|m| m.facts.iter().map(|f| f.as_str()))
                    .collect::<Vec<_>>()
            }),
        )
    };
    let coarse = r#"{ item = { classification = { jurisdiction = "XT", codes = ["3B001.c"], coarse = true } } }"#;
    assert_eq!(at(coarse, "3B001.c.1").0, Outcome::NoLicenseRequired);
    assert_eq!(at(coarse, "3B001.b").0, Outcome::NotSubject);
    let (o, facts) = at(coarse, "3B001");
    assert_eq!(o, Outcome::Undetermined);
    assert_eq!(facts, Some(vec!["classification"]));
    // Without `coarse`, an entry-level code does not match.
    let plain = coarse.replace(", coarse = true", "");
    assert_eq!(at(&plain, "3B001").0, Outcome::NotSubject);
    let unknown = r#"{ item = { unknown = "whether the content was authorised" } }"#;
    let (o, facts) = at(unknown, "3B001");
    assert_eq!(o, Outcome::Undetermined);
    assert_eq!(facts, Some(vec!["control condition"]));
    // `not` of unknown is unknown; `all` with a false member is false.
    let gated = r#"{ all = [ { item = { origin = ["FR"] } }, { item = { unknown = "x" } } ] }"#;
    assert_eq!(at(gated, "3B001").0, Outcome::NotSubject);
}

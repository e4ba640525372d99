//! The bundled US pack on the boundary cases of `shared/domain/us-ear.md`: de minimis at
//! 25.00% / 25.01% and 10.00% / 10.01%, what counts as controlled content per destination,
//! the 0% cases, the foreign-direct-product rules, the Country Chart, embargoes, the Entity
//! List and the Affiliates rule's windows.

mod common;

use common::bundled::{check, outcome_of, status_of};
use longarm::{Determination, Outcome, Verdict};

fn us(d: &Determination) -> (Outcome, Option<&'static str>, Vec<(String, &'static str)>) {
    outcome_of(d, "US")
}

fn has(d: &Determination, rule: &str) -> Option<&'static str> {
    status_of(d, "US", rule)
}

/// A foreign-made board (Taiwan, EAR99, value 100.00) with one US-origin part.
fn board(eccn: &str, value: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
        {{ "id": "BOARD", "origin": "TW", "value": "100.00", "classification": {{ "US": "EAR99" }},
          "components": [ {{ "item": "PART", "quantity": "1" }}, {{ "item": "LOCAL", "quantity": "1" }} ] }},
        {{ "id": "PART", "origin": "US", "value": "{value}", "classification": {{ "US": "{eccn}" }} }},
        {{ "id": "LOCAL", "origin": "TW", "value": "1.00" }} ] }}"#
    )
}

const D: &str = "2026-12-01";
const DM25: &str = "us.ear.734-4.de-minimis-25";

#[test]
fn de_minimis_25_percent_must_be_exceeded() {
    // 5A002 is NS1: marked for Germany, so it is controlled content there.
    let d = check(&board("5A002.a", "25.00"), "BOARD", "TW", "DE", D, "");
    assert_eq!(us(&d).0, Outcome::NotSubject);
    let d = check(&board("5A002.a", "25.01"), "BOARD", "TW", "DE", D, "");
    assert_eq!(has(&d, DM25), Some("applies"));
    // Subject, but an EAR99 board to Germany with no listed party needs no licence.
    assert_eq!(us(&d).0, Outcome::NoLicenseRequired);
    let f = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "US")
        .unwrap()
        .findings
        .iter()
        .find(|f| f.rule == DM25)
        .unwrap();
    assert_eq!(f.ratio.as_deref(), Some("0.2501"));
    assert_eq!(f.threshold.as_deref(), Some("> 0.25"));
    assert_eq!(f.paths, [["BOARD", "PART"]]);
}

#[test]
fn de_minimis_10_percent_for_e1_and_e2() {
    let d = check(&board("EAR99", "10.00"), "BOARD", "TW", "CU", D, "");
    assert_eq!(us(&d).0, Outcome::NotSubject);
    let d = check(&board("EAR99", "10.01"), "BOARD", "TW", "CU", D, "");
    assert_eq!(
        has(&d, "us.ear.734-4.de-minimis-10-cu-kp-sy"),
        Some("applies")
    );
    assert_eq!(
        us(&d).0,
        Outcome::LicenseRequired,
        "the Cuba embargo covers the subject item"
    );
    let d = check(&board("5A992", "10.01"), "BOARD", "TW", "IR", D, "");
    assert_eq!(has(&d, "us.ear.734-4.de-minimis-10-iran"), Some("applies"));
    let d = check(&board("5A992", "10.00"), "BOARD", "TW", "IR", D, "");
    assert_eq!(us(&d).0, Outcome::NotSubject);
}

#[test]
fn controlled_content_depends_on_the_destination() {
    // AT-only content never counts: 90% of 3A991 to China is not subject.
    assert_eq!(
        us(&check(&board("3A991", "90.00"), "BOARD", "TW", "CN", D, "")).0,
        Outcome::NotSubject
    );
    // 3A001.a is NS2: marked for China, not for Japan.
    assert_eq!(
        has(
            &check(&board("3A001.a.2", "30.00"), "BOARD", "TW", "CN", D, ""),
            DM25
        ),
        Some("applies")
    );
    assert_eq!(
        us(&check(
            &board("3A001.a.2", "30.00"),
            "BOARD",
            "TW",
            "JP",
            D,
            ""
        ))
        .0,
        Outcome::NotSubject
    );
    // 3A001.a.1 might be 3A001.a.1.a, which is MT-controlled (MT1 is marked for Japan) when
    // usable in missiles: coded only to a.1, it leaves the answer open.
    assert_eq!(
        us(&check(
            &board("3A001.a.1", "30.00"),
            "BOARD",
            "TW",
            "JP",
            D,
            ""
        ))
        .0,
        Outcome::Undetermined
    );
    // A US part without an ECCN cannot be placed in or out: undetermined, and it says why.
    let unclassified = board("X", "30.00").replace(r#", "classification": { "US": "X" }"#, "");
    let d = check(&unclassified, "BOARD", "TW", "CN", D, "");
    assert_eq!(us(&d).0, Outcome::Undetermined);
    let f = &d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "US")
        .unwrap()
        .findings[0];
    assert_eq!(f.missing[0].item, "PART");
    assert_eq!(f.missing[0].facts, ["classification"]);
}

#[test]
fn no_de_minimis_for_9x515_to_d5() {
    let d = check(&board("9A515.a.1", "1.00"), "BOARD", "TW", "CN", D, "");
    assert_eq!(
        has(&d, "us.ear.734-4-a-6-i.no-de-minimis-9x515-600"),
        Some("applies")
    );
    assert_eq!(
        us(&check(
            &board("9A515.a.1", "1.00"),
            "BOARD",
            "TW",
            "DE",
            D,
            ""
        ))
        .0,
        Outcome::NotSubject
    );
    // .y: 0% to China, unlimited (never counted) elsewhere.
    let d = check(&board("9A515.y.1", "1.00"), "BOARD", "TW", "CN", D, "");
    assert_eq!(
        has(&d, "us.ear.734-4-a-6-ii.no-de-minimis-y"),
        Some("applies")
    );
    assert_eq!(
        us(&check(
            &board("9A515.y.1", "90.00"),
            "BOARD",
            "TW",
            "DE",
            D,
            ""
        ))
        .0,
        Outcome::NotSubject
    );
}

#[test]
fn foreign_direct_product_is_evaluated_after_de_minimis_passes() {
    let chip = r#"{ "currency": "USD", "items": [
      { "id": "CHIP", "origin": "TW", "value": "5000.00", "classification": { "US": "3A090.a" },
        "made_with": [ { "kind": "plant", "origin": "US", "classification": { "US": "3E001" },
                         "description": "lithography tool, a direct product of US-origin 3E001 technology" } ] } ] }"#;
    let d = check(chip, "CHIP", "TW", "CN", D, "");
    assert_eq!(
        has(&d, "us.ear.734-9-h.fdp-advanced-computing"),
        Some("applies")
    );
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(d.verdict, Verdict::LicenseRequired);
    // Not to Japan (not in Macau, D:1, D:4, D:5).
    assert_eq!(
        has(
            &check(chip, "CHIP", "TW", "JP", D, ""),
            "us.ear.734-9-h.fdp-advanced-computing"
        ),
        None
    );
    // A foreign plant: no FDP.
    let foreign = chip.replace(
        r#""kind": "plant", "origin": "US""#,
        r#""kind": "plant", "origin": "NL""#,
    );
    assert_eq!(
        us(&check(&foreign, "CHIP", "TW", "CN", D, "")).0,
        Outcome::NotSubject
    );
}

#[test]
fn us_origin_items_and_the_country_chart() {
    let item = |eccn: &str| {
        format!(
            r#"{{ "currency": "USD", "items": [ {{ "id": "X", "origin": "US", "value": "10", "classification": {{ "US": "{eccn}" }} }} ] }}"#
        )
    };
    // A subject EAR99 item to Germany with no listed party: no licence.
    let d = check(&item("EAR99"), "X", "US", "DE", D, "");
    assert_eq!(us(&d).0, Outcome::NoLicenseRequired);
    // NS2 to China: licence; to Japan: none (NS1 covers only 3A001.b.2/.b.3).
    let d = check(&item("3A001.a.2"), "X", "US", "CN", D, "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, "us.ear.738.chart-ns"), Some("applies"));
    assert_eq!(
        us(&check(&item("3A001.a.2"), "X", "US", "JP", D, "")).0,
        Outcome::NoLicenseRequired
    );
    // NS1 covers 3A001.b.2/.b.3 "except those ... items being exported or reexported for use
    // in civil telecommunications applications": the code does not say which, so the row is
    // open and the answer for Japan (NS1 marked) is unknown, not "licence".
    assert_eq!(
        us(&check(&item("3A001.b.2"), "X", "US", "JP", D, "")).0,
        Outcome::Undetermined
    );
    // AT-only: no chart licence anywhere the chart decides.
    assert_eq!(
        us(&check(&item("3A991"), "X", "US", "CN", D, "")).0,
        Outcome::NoLicenseRequired
    );
    // An entry-level code where the row turns on sub-items leaves it open.
    assert_eq!(
        us(&check(&item("3A001"), "X", "US", "JP", D, "")).0,
        Outcome::Undetermined
    );
}

#[test]
fn embargoes() {
    let item = |eccn: &str, tags: &str| {
        format!(
            r#"{{ "currency": "USD", "items": [ {{ "id": "X", "origin": "US", "value": "10", "classification": {{ "US": "{eccn}" }}, "tags": [{tags}] }} ] }}"#
        )
    };
    assert_eq!(
        us(&check(&item("EAR99", ""), "X", "US", "KP", D, "")).0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        us(&check(
            &item("EAR99", r#""medicine""#),
            "X",
            "US",
            "KP",
            D,
            ""
        ))
        .0,
        Outcome::NoLicenseRequired
    );
    assert_eq!(
        us(&check(&item("EAR99", ""), "X", "US", "IR", D, "")).0,
        Outcome::NoLicenseRequired
    );
    assert_eq!(
        us(&check(&item("5A992", ""), "X", "US", "IR", D, "")).0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        us(&check(&item("5A992", ""), "X", "US", "RU", D, "")).0,
        Outcome::LicenseRequired
    );
    // Syria: EAR99 items under License Exception SPP from 2025-09-02.
    assert_eq!(
        us(&check(
            &item("EAR99", ""),
            "X",
            "US",
            "SY",
            "2025-09-01",
            ""
        ))
        .0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        us(&check(
            &item("EAR99", ""),
            "X",
            "US",
            "SY",
            "2025-09-02",
            ""
        ))
        .0,
        Outcome::NoLicenseRequired
    );
}

#[test]
fn entity_list_and_the_affiliates_rule_windows() {
    let item = r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "US", "value": "10", "classification": { "US": "EAR99" } } ] }"#;
    let owned = r#", "parties": [ { "id": "buyer", "roles": ["ultimate_consignee"], "owners": [ { "party": "p", "share": "0.5" } ] },
                                  { "id": "p", "lists": ["US:entity-list"] } ]"#;
    let direct = r#", "parties": [ { "id": "buyer", "roles": ["end_user"], "lists": ["US:entity-list:fn1"] } ]"#;
    assert_eq!(
        us(&check(item, "X", "US", "DE", D, direct)).1,
        Some("presumption_of_denial")
    );
    for (date, outcome) in [
        ("2025-09-28", Outcome::NoLicenseRequired),
        ("2025-09-29", Outcome::LicenseRequired),
        ("2025-11-09", Outcome::LicenseRequired),
        ("2025-11-10", Outcome::NoLicenseRequired),
        ("2026-11-09", Outcome::NoLicenseRequired),
        ("2026-11-10", Outcome::LicenseRequired),
    ] {
        assert_eq!(
            us(&check(item, "X", "US", "DE", date, owned)).0,
            outcome,
            "{date}"
        );
    }
    // While suspended, the revival is announced.
    let d = check(item, "X", "US", "DE", "2026-11-09", owned);
    let j = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "US")
        .unwrap();
    let f = j
        .findings
        .iter()
        .find(|f| f.rule == "us.ear.744-11.entity-list")
        .unwrap();
    assert_eq!(
        (f.effect, f.applies_from.as_deref()),
        ("would_apply", Some("2026-11-10"))
    );
}

#[test]
fn military_end_users() {
    let item = r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "US", "value": "10", "classification": { "US": "3A991" } } ] }"#;
    assert_eq!(
        us(&check(
            item,
            "X",
            "US",
            "CN",
            D,
            r#", "end_uses": ["military-end-user"]"#
        ))
        .0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        us(&check(
            item,
            "X",
            "US",
            "CN",
            D,
            r#", "end_uses": ["civil"]"#
        ))
        .0,
        Outcome::NoLicenseRequired
    );
    assert_eq!(
        us(&check(
            item,
            "X",
            "US",
            "DE",
            D,
            r#", "end_uses": ["military"]"#
        ))
        .0,
        Outcome::NoLicenseRequired
    );
}

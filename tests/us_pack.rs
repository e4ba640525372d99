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
    // 7A003 is NS1: marked for Germany, so it is controlled content there (a US 5A002 part
    // would make the board subject whatever its share, § 734.4(b), unless ENC-authorised).
    let d = check(&board("7A003.a", "25.00"), "BOARD", "TW", "DE", D, "");
    assert_eq!(us(&d).0, Outcome::NotSubject);
    let d = check(&board("7A003.a", "25.01"), "BOARD", "TW", "DE", D, "");
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
    assert_eq!(has(&d, "us.ear.734-4.de-minimis-10-cuba"), Some("applies"));
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
    // 3A001.a is NS2: marked for China, not for Japan. China is outside Country Group B.
    assert_eq!(
        has(
            &check(&board("3A001.a.2", "30.00"), "BOARD", "TW", "CN", D, ""),
            "us.ear.734-4.de-minimis-25-outside-b"
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
    assert_eq!(f.missing[0].facts, [longarm::eval::Fact::Classification]);
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
    // Iran: an export from the US needs OFAC authorisation, EAR99 included (§ 746.7,
    // 31 CFR 560.204).
    assert_eq!(
        us(&check(&item("EAR99", ""), "X", "US", "IR", D, "")).0,
        Outcome::LicenseRequired
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
        Outcome::Exempt
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
        (f.effect.as_str(), f.applies_from.as_deref()),
        ("would_apply", Some("2026-11-10"))
    );
}

#[test]
fn military_end_users() {
    let item = r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "US", "value": "10", "classification": { "US": "3A991" } } ] }"#;
    let meu = "us.ear.744-21.military-end-user";
    let mil = r#", "end_uses": ["military-end-user"]"#;
    // China: § 744.21 covers the items of Supp. No. 2 to Part 744, which the pack does not
    // hold: a CCL item is open there (undetermined, with a notice), never cleared.
    let d = check(item, "X", "US", "CN", D, mil);
    assert_eq!(us(&d).0, Outcome::Undetermined);
    assert_eq!(has(&d, meu), Some("unknown"));
    assert!(
        d.warnings
            .iter()
            .any(|w| w.rule.as_deref() == Some("us.ear.744-21.supp2-not-encoded"))
    );
    // EAR99 is not in Supp. No. 2.
    let ear99 = item.replace("3A991", "EAR99");
    assert_eq!(
        us(&check(&ear99, "X", "US", "CN", D, mil)).0,
        Outcome::NoLicenseRequired
    );
    // Russia: every item but EAR99 food and medicine.
    let d = check(
        &ear99.replace(r#""EAR99" }"#, r#""EAR99", "HS": "8471.30" }"#),
        "X",
        "US",
        "RU",
        D,
        mil,
    );
    assert_eq!(has(&d, meu), Some("applies"));
    let food = ear99.replace(
        r#""EAR99" }"#,
        r#""EAR99", "HS": "0901.11" }, "tags": ["food"]"#,
    );
    assert_eq!(has(&check(&food, "X", "US", "RU", D, mil), meu), None);
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
    // Not a § 744.21 destination.
    assert_eq!(
        has(
            &check(item, "X", "US", "DE", D, r#", "end_uses": ["military"]"#),
            meu
        ),
        None
    );
    // Cambodia from 2021-12-09, Burma from 2021-03-08, Nicaragua from 2024-03-15.
    assert_eq!(
        has(&check(item, "X", "US", "KH", "2021-12-08", mil), meu),
        None
    );
    assert_eq!(
        has(&check(item, "X", "US", "KH", "2021-12-09", mil), meu),
        Some("unknown")
    );
    assert_eq!(
        has(&check(item, "X", "US", "MM", "2021-03-07", mil), meu),
        None
    );
    assert_eq!(
        has(&check(item, "X", "US", "MM", "2021-03-08", mil), meu),
        Some("unknown")
    );
    assert_eq!(
        has(&check(item, "X", "US", "NI", "2024-03-14", mil), meu),
        None
    );
    assert_eq!(
        has(&check(item, "X", "US", "NI", "2024-03-15", mil), meu),
        Some("unknown")
    );
}

#[test]
fn declared_end_uses_of_part_744() {
    let ear99 = r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "US", "value": "10", "classification": { "US": "EAR99" } } ] }"#;
    // WMD (§§ 744.2-744.4): every item subject to the EAR, anywhere.
    let wmd = "us.ear.744-2-3-4.wmd-end-use";
    let d = check(ear99, "X", "US", "DE", D, r#", "end_uses": ["wmd"]"#);
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, wmd), Some("applies"));
    assert_eq!(has(&check(ear99, "X", "US", "DE", D, ""), wmd), None);
    // A foreign item not subject to the EAR: nothing to require.
    let foreign = ear99.replace(r#""origin": "US""#, r#""origin": "DE""#);
    assert_eq!(
        us(&check(
            &foreign,
            "X",
            "DE",
            "FR",
            D,
            r#", "end_uses": ["wmd"]"#
        ))
        .0,
        Outcome::NotSubject
    );
    // Military intelligence (§ 744.22): from 2021-03-16; Cambodia from 2021-12-09.
    let mi = "us.ear.744-22.military-intelligence";
    let tag = r#", "end_uses": ["military-intelligence"]"#;
    assert_eq!(
        has(&check(ear99, "X", "US", "CN", "2021-03-15", tag), mi),
        None
    );
    assert_eq!(
        has(&check(ear99, "X", "US", "CN", "2021-03-16", tag), mi),
        Some("applies")
    );
    assert_eq!(
        has(&check(ear99, "X", "US", "KH", "2021-12-08", tag), mi),
        None
    );
    assert_eq!(
        has(&check(ear99, "X", "US", "KH", "2021-12-09", tag), mi),
        Some("applies")
    );
    assert_eq!(
        has(&check(ear99, "X", "US", "CU", D, tag), mi),
        Some("applies")
    );
    assert_eq!(has(&check(ear99, "X", "US", "DE", D, tag), mi), None);
    // Supercomputer (§ 744.23): Macau or D:5, from 2022-10-07; fab end uses for CCL items.
    let sc = "us.ear.744-23.supercomputer-advanced-node";
    let s = r#", "end_uses": ["supercomputer"]"#;
    assert_eq!(
        has(&check(ear99, "X", "US", "MO", "2022-10-06", s), sc),
        Some("dormant")
    );
    assert_eq!(
        has(&check(ear99, "X", "US", "MO", "2022-10-07", s), sc),
        Some("applies")
    );
    assert_eq!(has(&check(ear99, "X", "US", "JP", D, s), sc), None);
    let fab = r#", "end_uses": ["advanced-logic-14nm"]"#;
    assert_eq!(has(&check(ear99, "X", "US", "CN", D, fab), sc), None);
    let ccl = ear99.replace("EAR99", "3B993");
    assert_eq!(
        has(&check(&ccl, "X", "US", "CN", D, fab), sc),
        Some("applies")
    );
}

// ---------------------------------------------------------------------------------------
// Second reading: encryption, chart footnote 10, SI, Part 746 for Cuba, Iran, Russia/Belarus
// and Syria, and the dates of rules and group memberships.
// ---------------------------------------------------------------------------------------

/// One US-origin item `X` coded `codes` (JSON members of `classification`), with `tags`.
fn us_item(codes: &str, tags: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [ {{ "id": "X", "origin": "US", "value": "100.00",
          "classification": {{ {codes} }}, "tags": [{tags}] }} ] }}"#
    )
}

fn from_us(bom: &str, to: &str, date: &str, extra: &str) -> Determination {
    check(bom, "X", "US", to, date, extra)
}

fn warned<'a>(d: &'a Determination, kind: &str) -> Vec<&'a longarm::eval::Warning> {
    d.warnings
        .iter()
        .filter(|w| w.kind == kind && w.jurisdiction.as_deref() == Some("US"))
        .collect()
}

#[test]
fn encryption_items_need_a_licence_everywhere_but_canada_with_enc_named() {
    let ei = "us.ear.742-15.ei";
    let router = us_item(r#""US": "5A002.a""#, "");
    // The UK chart row marks only CB1: the licence is EI's alone.
    let d = from_us(&router, "GB", D, "");
    assert_eq!(
        us(&d),
        (
            Outcome::LicenseRequired,
            Some("case_by_case"),
            vec![
                ("us.ear.734-3-a-2.us-origin".to_owned(), "applies"),
                ("us.ear.734-3-a-1.in-us".to_owned(), "applies"),
                (ei.to_owned(), "applies"),
            ]
        )
    );
    let enc = warned(&d, "exception");
    assert_eq!(enc.len(), 1);
    assert_eq!(enc[0].rule.as_deref(), Some("us.ear.740-17.enc"));
    assert!(enc[0].message.contains("ENC"), "{}", enc[0].message);
    // Cuba and Iran (E:2, E:1): ENC is not available; Part 746 decides.
    for to in ["CU", "IR"] {
        let d = from_us(&router, to, D, "");
        assert_eq!(us(&d).0, Outcome::LicenseRequired);
        assert!(warned(&d, "exception").is_empty(), "{to}");
    }
    // Canada: no EI licence, and no ENC to speak of.
    let d = from_us(&router, "CA", D, "");
    assert_eq!(us(&d).0, Outcome::NoLicenseRequired);
    assert_eq!(has(&d, ei), None);
    assert!(warned(&d, "exception").is_empty());
    // Software: 5D002.c.1 is EI; 5D002.a.2 is not (its NS row is the chart's business).
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "5D002.c.1""#, ""), "GB", D, ""),
            ei
        ),
        Some("applies")
    );
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "5D002.a.2""#, ""), "GB", D, ""),
            ei
        ),
        None
    );
    // 5E002.a turns on what the technology is for: unknown, never "no licence".
    let d = from_us(&us_item(r#""US": "5E002.a""#, ""), "GB", D, "");
    assert_eq!(has(&d, ei), Some("unknown"));
    assert_eq!(us(&d).0, Outcome::Undetermined);
    // Mass market (5A992) is not EI.
    let d = from_us(&us_item(r#""US": "5A992.c""#, ""), "GB", D, "");
    assert_eq!(us(&d).0, Outcome::NoLicenseRequired);
    assert!(warned(&d, "exception").is_empty());
}

#[test]
fn significant_items_and_all_but_canada_rows() {
    let si = "us.ear.742-14.si";
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "9E003.a.1""#, ""), "GB", D, ""),
            si
        ),
        Some("applies")
    );
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "9E003.a.1""#, ""), "CA", D, ""),
            si
        ),
        None
    );
    // 9E003.c is outside the SI paragraphs.
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "9E003.c""#, ""), "GB", D, ""),
            si
        ),
        None
    );
    // 0E982 and 0A503: "ALL destinations, except Canada" (CC).
    let cc = "us.ear.738.chart-cc";
    assert_eq!(
        has(&from_us(&us_item(r#""US": "0E982""#, ""), "GB", D, ""), cc),
        Some("applies")
    );
    assert_eq!(
        us(&from_us(&us_item(r#""US": "0E982""#, ""), "GB", D, "")).0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        has(&from_us(&us_item(r#""US": "0E982""#, ""), "CA", D, ""), cc),
        None
    );
    assert_eq!(
        has(&from_us(&us_item(r#""US": "0A503""#, ""), "AU", D, ""), cc),
        Some("applies")
    );
}

#[test]
fn chart_footnote_10_firearms_to_australia_and_the_uk() {
    let fn10 = "us.ear.738.footnote-10";
    for to in ["AU", "GB"] {
        let d = from_us(&us_item(r#""US": "0A501.a""#, ""), to, D, "");
        assert_eq!(has(&d, fn10), Some("applies"), "{to}");
        assert_eq!(us(&d).0, Outcome::LicenseRequired, "{to}");
        // .y is excepted.
        assert_eq!(
            has(
                &from_us(&us_item(r#""US": "0A501.y.1""#, ""), to, D, ""),
                fn10
            ),
            None
        );
    }
    // Not a footnote-10 destination (New Zealand's NS1 mark decides there).
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "0A501.a""#, ""), "NZ", D, ""),
            fn10
        ),
        None
    );
    // 0A504.i is listed, 0A504.a is not.
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "0A504.i""#, ""), "AU", D, ""),
            fn10
        ),
        Some("applies")
    );
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "0A504.a""#, ""), "AU", D, ""),
            fn10
        ),
        None
    );
    // 0A502 only for short-barrelled shotguns: open.
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "0A502""#, ""), "AU", D, ""),
            fn10
        ),
        Some("unknown")
    );
}

#[test]
fn cuba_every_item_subject_to_the_ear_with_agr_for_food() {
    let cuba = "us.ear.746-2.cuba";
    let food = us_item(r#""US": "EAR99""#, r#""food""#);
    let d = from_us(&food, "CU", D, "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, cuba), Some("applies"));
    let agr = warned(&d, "exception");
    assert_eq!(agr.len(), 1);
    assert_eq!(agr[0].rule.as_deref(), Some("us.ear.740-18.agr"));
    // Medicine: a licence (generally approved), no AGR.
    let d = from_us(&us_item(r#""US": "EAR99""#, r#""medicine""#), "CU", D, "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert!(warned(&d, "exception").is_empty());
    // Food elsewhere: no AGR warning.
    assert!(warned(&from_us(&food, "MX", D, ""), "exception").is_empty());
}

#[test]
fn iran_exports_from_the_us_need_ofac_authorisation_even_for_ear99() {
    let ofac = "us.ear.746-7.iran-ofac";
    let ear99 = us_item(r#""US": "EAR99""#, "");
    let d = from_us(&ear99, "IR", D, "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, ofac), Some("applies"));
    // From the US to elsewhere: no.
    assert_eq!(has(&from_us(&ear99, "IQ", D, ""), ofac), None);
    // A US-origin EAR99 item reexported from Germany by a non-US person: § 560.204 reaches
    // exports from the US (and by US persons, not modelled), not this.
    let d = check(&ear99, "X", "DE", "IR", D, "");
    assert_eq!(has(&d, ofac), None);
    // ... but whether the exporter is a US person the scenario does not say: undetermined.
    assert_eq!(has(&d, "us.ear.746-7.iran-us-person"), Some("unknown"));
    assert_eq!(us(&d).0, Outcome::Undetermined);
    // Not for other destinations, and not where the item is not subject to the EAR.
    assert_eq!(
        has(
            &check(&ear99, "X", "DE", "IQ", D, ""),
            "us.ear.746-7.iran-us-person"
        ),
        None
    );
    let foreign = ear99.replace(r#""origin": "US""#, r#""origin": "DE""#);
    assert_eq!(
        us(&check(&foreign, "X", "DE", "IR", D, "")).0,
        Outcome::NotSubject
    );
}

#[test]
fn russia_and_belarus_ear99_by_hts_code() {
    let supp4 = "us.ear.746-8.supp4-hts";
    let laptop = us_item(r#""US": "EAR99", "HS": "8471.30""#, "");
    let d = from_us(&laptop, "RU", D, "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, supp4), Some("applies"));
    // The expansion's first day and the day before.
    assert_eq!(
        has(&from_us(&laptop, "RU", "2023-05-19", ""), supp4),
        Some("applies")
    );
    let d = from_us(&laptop, "RU", "2023-05-18", "");
    assert_eq!(
        has(&d, "us.ear.746-8.supp4-before-expansion"),
        Some("unknown")
    );
    assert_eq!(us(&d).0, Outcome::Undetermined);
    // No HS code: undetermined, with a warning naming the missing fact.
    let d = from_us(&us_item(r#""US": "EAR99""#, ""), "BY", D, "");
    assert_eq!(us(&d).0, Outcome::Undetermined);
    let w = warned(&d, "notice");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].rule.as_deref(), Some("us.ear.746-8.ear99-without-hs"));
    // An HS code outside the chapters encoded: undetermined, with its own warning.
    let d = from_us(
        &us_item(r#""US": "EAR99", "HS": "9403.20""#, ""),
        "RU",
        D,
        "",
    );
    assert_eq!(us(&d).0, Outcome::Undetermined);
    assert_eq!(
        warned(&d, "notice")[0].rule.as_deref(),
        Some("us.ear.746-8.hs-outside-encoded-chapters")
    );
    // Elsewhere the HS code does not matter.
    assert_eq!(
        us(&from_us(&laptop, "KZ", D, "")).0,
        Outcome::NoLicenseRequired
    );
}

#[test]
fn russia_and_belarus_part_746_windows() {
    let rb = "us.ear.746-8.russia-belarus";
    let at_only = us_item(r#""US": "3A991.a""#, "");
    assert_eq!(
        us(&from_us(&at_only, "RU", "2022-02-23", "")).0,
        Outcome::NoLicenseRequired
    );
    // The group `US:746-8` has Russia from 2022-02-24: the day before, the rule does not hold.
    assert_eq!(has(&from_us(&at_only, "RU", "2022-02-23", ""), rb), None);
    assert_eq!(
        has(&from_us(&at_only, "RU", "2022-02-24", ""), rb),
        Some("applies")
    );
    // Belarus a week later.
    assert_eq!(has(&from_us(&at_only, "BY", "2022-03-01", ""), rb), None);
    assert_eq!(
        us(&from_us(&at_only, "BY", "2022-03-01", "")).0,
        Outcome::NoLicenseRequired
    );
    assert_eq!(
        has(&from_us(&at_only, "BY", "2022-03-02", ""), rb),
        Some("applies")
    );
    // The industry-sector rows to Belarus are not encoded: unknown there before § 746.8.
    assert_eq!(
        has(
            &from_us(&us_item(r#""US": "8A992.a""#, ""), "BY", "2021-06-01", ""),
            "us.ear.746-5.russia-sector"
        ),
        Some("unknown")
    );
    // The industry-sector ECCNs (§ 746.5) to Russia before § 746.8 existed.
    let sector = us_item(r#""US": "8A992.a""#, "");
    let d = from_us(&sector, "RU", "2021-06-01", "");
    assert_eq!(has(&d, "us.ear.746-5.russia-sector"), Some("applies"));
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
}

#[test]
fn syria_ear99_under_license_exception_spp_from_2025_09_02() {
    let spp = "us.ear.740-5.syria-spp";
    let ear99 = us_item(r#""US": "EAR99""#, "");
    let d = from_us(&ear99, "SY", "2025-09-02", "");
    assert_eq!(us(&d).0, Outcome::Exempt);
    assert_eq!(has(&d, spp), Some("applies"));
    let d = from_us(&ear99, "SY", "2025-09-01", "");
    assert_eq!(us(&d).0, Outcome::LicenseRequired);
    assert_eq!(has(&d, "us.ear.746-9.syria"), Some("applies"));
    // A CCL item: still a licence.
    assert_eq!(
        us(&from_us(&us_item(r#""US": "3A991.a""#, ""), "SY", D, "")).0,
        Outcome::LicenseRequired
    );
    // An Entity List party or a WMD end use: SPP is not read as available.
    let listed =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["US:entity-list"] } ]"#;
    assert_eq!(
        us(&from_us(&ear99, "SY", D, listed)).0,
        Outcome::LicenseRequired
    );
    assert_eq!(
        has(&from_us(&ear99, "SY", D, r#", "end_uses": ["wmd"]"#), spp),
        None
    );
}

#[test]
fn before_2020_the_us_outcome_is_undetermined_not_todays_law() {
    let ear99 = us_item(r#""US": "EAR99""#, "");
    let d = from_us(&ear99, "DE", "2019-12-31", "");
    assert_eq!(us(&d).0, Outcome::Undetermined);
    assert_eq!(d.verdict, Verdict::Undetermined);
    let w = warned(&d, "before_coverage");
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .contains("do not cover dates before 2020-01-01"),
        "{}",
        w[0].message
    );
    let d = from_us(&ear99, "DE", "2020-01-01", "");
    assert_eq!(us(&d).0, Outcome::NoLicenseRequired);
    assert!(warned(&d, "before_coverage").is_empty());
}

/// A foreign item with a US-origin 600-series (.a-.x) part: no de minimis to D:5.
fn with_600_series() -> String {
    r#"{ "currency": "USD", "items": [
      { "id": "X", "origin": "TW", "value": "100.00", "classification": { "US": "9A610.a" },
        "components": [ { "item": "P", "quantity": "1" } ] },
      { "id": "P", "origin": "US", "value": "1.00", "classification": { "US": "9A610.x" } } ] }"#
        .to_owned()
}

#[test]
fn cambodia_in_d5_from_2021_12_09_to_2026_02_02() {
    let r = "us.ear.734-4-a-6-i.no-de-minimis-9x515-600";
    let at = |date: &str| has(&check(&with_600_series(), "X", "TW", "KH", date, ""), r);
    assert_eq!(at("2021-12-08"), None);
    assert_eq!(at("2021-12-09"), Some("applies"));
    assert_eq!(at("2024-06-01"), Some("applies"));
    assert_eq!(at("2026-02-02"), Some("applies"));
    assert_eq!(at("2026-02-03"), None);
    // Nicaragua from 2024-03-15.
    let ni = |date: &str| has(&check(&with_600_series(), "X", "TW", "NI", date, ""), r);
    assert_eq!(ni("2024-03-14"), None);
    assert_eq!(ni("2024-03-15"), Some("applies"));
    // Hong Kong as China from 2020-12-23.
    let hk = |date: &str| has(&check(&with_600_series(), "X", "TW", "HK", date, ""), r);
    assert_eq!(hk("2020-12-22"), None);
    assert_eq!(hk("2020-12-23"), Some("applies"));
}

#[test]
fn foreign_direct_product_rules_start_on_their_own_dates() {
    let chip = r#"{ "currency": "USD", "items": [
      { "id": "CHIP", "origin": "TW", "value": "5000.00", "classification": { "US": "3A090.a" },
        "made_with": [ { "kind": "technology", "origin": "US", "classification": { "US": "3E001" } } ] } ] }"#;
    let h = "us.ear.734-9-h.fdp-advanced-computing";
    assert_eq!(
        has(&check(chip, "CHIP", "TW", "CN", "2022-10-06", ""), h),
        Some("dormant")
    );
    assert_eq!(
        has(&check(chip, "CHIP", "TW", "CN", "2022-10-07", ""), h),
        Some("applies")
    );
    let tool = r#"{ "currency": "USD", "items": [
      { "id": "T", "origin": "JP", "value": "100.00", "classification": { "US": "3B001.c.1" },
        "made_with": [ { "kind": "technology", "origin": "US", "classification": { "US": "3E992" } } ] } ] }"#;
    let k = "us.ear.734-9-k.fdp-sme";
    assert_eq!(
        has(&check(tool, "T", "JP", "CN", "2024-12-01", ""), k),
        Some("dormant")
    );
    assert_eq!(
        has(&check(tool, "T", "JP", "CN", "2024-12-02", ""), k),
        Some("applies")
    );
    let nav = r#"{ "currency": "USD", "items": [
      { "id": "N", "origin": "TW", "value": "100.00", "classification": { "US": "7A994" },
        "made_with": [ { "kind": "software", "origin": "US", "classification": { "US": "7D994" } } ] } ] }"#;
    let f = "us.ear.734-9-f.fdp-russia-belarus";
    assert_eq!(has(&check(nav, "N", "TW", "RU", "2022-02-23", ""), f), None);
    assert_eq!(
        has(&check(nav, "N", "TW", "RU", "2022-02-24", ""), f),
        Some("applies")
    );
    assert_eq!(has(&check(nav, "N", "TW", "BY", "2022-03-01", ""), f), None);
    assert_eq!(
        has(&check(nav, "N", "TW", "BY", "2022-03-02", ""), f),
        Some("applies")
    );
    let fn1 =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["US:entity-list:fn1"] } ]"#;
    let fn4 =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["US:entity-list:fn4"] } ]"#;
    let e1 = "us.ear.734-9-e-1.fdp-entity-list-fn1";
    let e2 = "us.ear.734-9-e-2.fdp-entity-list-fn4";
    let soc = r#"{ "currency": "USD", "items": [
      { "id": "S", "origin": "TW", "value": "100.00", "classification": { "US": "EAR99" },
        "made_with": [ { "kind": "technology", "origin": "US", "classification": { "US": "3E001" } } ] } ] }"#;
    assert_eq!(
        has(&check(soc, "S", "TW", "CN", "2020-08-16", fn1), e1),
        Some("dormant")
    );
    assert_eq!(
        has(&check(soc, "S", "TW", "CN", "2020-08-17", fn1), e1),
        Some("applies")
    );
    assert_eq!(
        has(&check(soc, "S", "TW", "CN", "2022-10-06", fn4), e2),
        Some("dormant")
    );
    assert_eq!(
        has(&check(soc, "S", "TW", "CN", "2022-10-07", fn4), e2),
        Some("applies")
    );
}

#[test]
fn de_minimis_does_not_count_content_license_exception_gbs_could_take_to_group_b() {
    let b = "us.ear.734-4.de-minimis-25";
    let outside = "us.ear.734-4.de-minimis-25-outside-b";
    // 6B004 is NS2; its GBS paragraph says "Yes for 6B004.b". Thailand is in Country Group B
    // and marked NS2: GBS could take 6B004.b there, so it does not count; 6B004.a does.
    let d = check(&board("6B004.b", "30.00"), "BOARD", "TW", "TH", D, "");
    assert_eq!(has(&d, b), None);
    assert_eq!(us(&d).0, Outcome::NotSubject);
    assert_eq!(
        has(
            &check(&board("6B004.a", "25.01"), "BOARD", "TW", "TH", D, ""),
            b
        ),
        Some("applies")
    );
    assert_eq!(
        has(
            &check(&board("6B004.a", "25.00"), "BOARD", "TW", "TH", D, ""),
            b
        ),
        None
    );
    // 3B002 (GBS: Yes): .a is NS2 only, excluded.
    assert_eq!(
        has(
            &check(&board("3B002.a", "30.00"), "BOARD", "TW", "TH", D, ""),
            b
        ),
        None
    );
    // 1C010 is NS2 too but GBS is N/A for it: counted.
    assert_eq!(
        has(
            &check(&board("1C010.a", "30.00"), "BOARD", "TW", "TH", D, ""),
            b
        ),
        Some("applies")
    );
    // 3A001.a.2's GBS paragraph turns on more than the code: counted, and the determination
    // says the ratio is an upper bound.
    let d = check(&board("3A001.a.2", "30.00"), "BOARD", "TW", "TH", D, "");
    assert_eq!(has(&d, b), Some("applies"));
    assert!(
        d.warnings
            .iter()
            .any(|w| w.rule.as_deref() == Some("us.ear.734-4.gbs-upper-bound"))
    );
    let d = check(&board("6B004.a", "30.00"), "BOARD", "TW", "TH", D, "");
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.rule.as_deref() == Some("us.ear.734-4.gbs-upper-bound"))
    );
    // Outside Country Group B (China) GBS is not available: 6B004.b counts.
    assert_eq!(
        has(
            &check(&board("6B004.b", "25.01"), "BOARD", "TW", "CN", D, ""),
            outside
        ),
        Some("applies")
    );
    assert_eq!(
        has(
            &check(&board("6B004.b", "25.00"), "BOARD", "TW", "CN", D, ""),
            outside
        ),
        None
    );
}

#[test]
fn russia_ear99_rules_on_both_sides_of_their_windows() {
    let laptop = us_item(r#""US": "EAR99", "HS": "8471.30""#, "");
    let before = "us.ear.746-8.supp4-before-expansion";
    let supp4 = "us.ear.746-8.supp4-hts";
    // § 746.8 starts 2022-02-24 for Russia (the group `US:746-8`).
    assert_eq!(has(&from_us(&laptop, "RU", "2022-02-23", ""), before), None);
    assert_eq!(
        us(&from_us(&laptop, "RU", "2022-02-23", "")).0,
        Outcome::NoLicenseRequired
    );
    assert_eq!(
        has(&from_us(&laptop, "RU", "2022-02-24", ""), before),
        Some("unknown")
    );
    assert_eq!(has(&from_us(&laptop, "RU", "2023-05-19", ""), before), None);
    assert_eq!(
        has(&from_us(&laptop, "RU", "2023-05-19", ""), supp4),
        Some("applies")
    );
    // The notices: without an HS code from 2022-02-24 (Belarus from 2022-03-02); an HS code
    // outside chapters 84, 85, 90 from 2023-05-19.
    let bare = us_item(r#""US": "EAR99""#, "");
    let notice = |bom: &str, to: &str, date: &str| -> Vec<Option<String>> {
        warned(&from_us(bom, to, date, ""), "notice")
            .iter()
            .map(|w| w.rule.clone())
            .collect()
    };
    let without = Some("us.ear.746-8.ear99-without-hs".to_owned());
    assert_eq!(
        notice(&bare, "RU", "2022-02-23"),
        Vec::<Option<String>>::new()
    );
    assert_eq!(notice(&bare, "RU", "2022-02-24"), vec![without.clone()]);
    assert_eq!(
        notice(&bare, "BY", "2022-03-01"),
        Vec::<Option<String>>::new()
    );
    assert_eq!(notice(&bare, "BY", "2022-03-02"), vec![without]);
    let sofa = us_item(r#""US": "EAR99", "HS": "9401.61""#, "");
    let outside = Some("us.ear.746-8.hs-outside-encoded-chapters".to_owned());
    assert_eq!(
        notice(&sofa, "RU", "2023-05-18"),
        Vec::<Option<String>>::new()
    );
    assert_eq!(notice(&sofa, "RU", "2023-05-19"), vec![outside]);
    // An HS code in the encoded chapters: no notice.
    assert_eq!(
        notice(&laptop, "RU", "2023-05-19"),
        Vec::<Option<String>>::new()
    );
}

#[test]
fn entity_list_fdp_licence_starts_with_the_august_2020_rule() {
    let soc = r#"{ "currency": "USD", "items": [
      { "id": "S", "origin": "TW", "value": "100.00", "classification": { "US": "EAR99" },
        "made_with": [ { "kind": "technology", "origin": "US", "classification": { "US": "3E001" } } ] } ] }"#;
    let lic = "us.ear.744-11-a-2.entity-list-fdp";
    let fn1 = r#", "end_uses": ["entity-list-fn1-production"]"#;
    assert_eq!(
        us(&check(soc, "S", "TW", "VN", "2020-08-16", fn1)).0,
        Outcome::NotSubject
    );
    assert_eq!(
        has(&check(soc, "S", "TW", "VN", "2020-08-17", fn1), lic),
        Some("applies")
    );
    assert_eq!(
        us(&check(soc, "S", "TW", "VN", "2020-08-17", fn1)).0,
        Outcome::LicenseRequired
    );
}

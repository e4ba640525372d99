//! The US pack's foreign-direct-product rules and remaining 0% and Part 746 de minimis rules,
//! each inside and outside its product scope and its destination or end-user scope.

mod common;

use common::bundled::{check, status_of};
use longarm::{Bom, RuleSet, Scenario, evaluate};

fn fires(bom: &str, to: &str, extra: &str, rule: &str) -> Option<&'static str> {
    status_of(&check(bom, "X", "TW", to, "2026-12-01", extra), "US", rule)
}

/// A foreign-made item `X` coded `eccn`, made with a `kind` of `origin` coded `tech`.
fn made(eccn: &str, kind: &str, origin: &str, tech: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [ {{ "id": "X", "origin": "TW", "value": "100.00",
          "classification": {{ "US": "{eccn}" }},
          "made_with": [ {{ "kind": "{kind}", "origin": "{origin}", "classification": {{ "US": "{tech}" }} }} ] }} ] }}"#
    )
}

const YES: Option<&str> = Some("applies");

#[test]
fn fdp_b_national_security() {
    let rule = "us.ear.734-9-b.fdp-ns";
    assert_eq!(
        fires(
            &made("3A001.a.2", "technology", "US", "3E001"),
            "CN",
            "",
            rule
        ),
        YES
    );
    assert_eq!(
        fires(&made("3A001.a.2", "plant", "US", "3E001"), "CN", "", rule),
        YES
    );
    // Not to a destination outside D:1 and E:1; not for a non-NS item; not from foreign technology.
    assert_eq!(
        fires(
            &made("3A001.a.2", "technology", "US", "3E001"),
            "DE",
            "",
            rule
        ),
        None
    );
    assert_eq!(
        fires(&made("3A991", "technology", "US", "3E001"), "CN", "", rule),
        None
    );
    assert_eq!(
        fires(
            &made("3A001.a.2", "technology", "JP", "3E001"),
            "CN",
            "",
            rule
        ),
        None
    );
}

#[test]
fn fdp_c_9x515_and_d_600_series() {
    let c = "us.ear.734-9-c.fdp-9x515";
    assert_eq!(
        fires(
            &made("9A515.a.1", "technology", "US", "9E515.a"),
            "CN",
            "",
            c
        ),
        YES
    );
    assert_eq!(
        fires(
            &made("9A515.a.1", "technology", "US", "9E515.a"),
            "DE",
            "",
            c
        ),
        None
    );
    assert_eq!(
        fires(&made("9A515.a.1", "technology", "US", "3E001"), "CN", "", c),
        None
    );
    let d = "us.ear.734-9-d.fdp-600-series";
    assert_eq!(
        fires(&made("9A610.a", "software", "US", "9D610"), "VN", "", d),
        YES
    );
    assert_eq!(
        fires(&made("9A610.a", "software", "US", "9D610"), "JP", "", d),
        None
    );
    assert_eq!(
        fires(&made("9A610.a", "software", "US", "9D515"), "VN", "", d),
        None
    );
}

#[test]
fn fdp_e_entity_list_footnotes() {
    let fn1 =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["US:entity-list:fn1"] } ]"#;
    let fn4 =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["US:entity-list:fn4"] } ]"#;
    let e1 = "us.ear.734-9-e-1.fdp-entity-list-fn1";
    let e2 = "us.ear.734-9-e-2.fdp-entity-list-fn4";
    // Any item, even EAR99, any destination.
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "3E001"), "DE", fn1, e1),
        YES
    );
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "3E001"), "DE", "", e1),
        None
    );
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "5E002"), "DE", fn1, e1),
        None
    );
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "5E002"), "DE", fn4, e2),
        YES
    );
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "3E001"), "DE", fn1, e2),
        None
    );
}

#[test]
fn fdp_f_russia_belarus_and_k_sme() {
    let f = "us.ear.734-9-f.fdp-russia-belarus";
    assert_eq!(
        fires(&made("5A992", "technology", "US", "5E991"), "RU", "", f),
        YES
    );
    assert_eq!(
        fires(&made("EAR99", "technology", "US", "5E991"), "RU", "", f),
        None
    );
    assert_eq!(
        fires(&made("5A992", "technology", "US", "5E991"), "KZ", "", f),
        None
    );
    let k = "us.ear.734-9-k.fdp-sme";
    assert_eq!(
        fires(&made("3B001.c.1", "technology", "US", "3E992"), "CN", "", k),
        YES
    );
    assert_eq!(
        fires(&made("3B001.c.1", "technology", "US", "3E992"), "MO", "", k),
        YES
    );
    assert_eq!(
        fires(&made("3B001.b", "technology", "US", "3E992"), "CN", "", k),
        None
    );
    assert_eq!(
        fires(&made("3B001.c.1", "technology", "US", "3E992"), "KR", "", k),
        None
    );
}

/// A foreign board (EAR99, 100.00) with one US-origin part.
fn board(eccn: &str, value: &str, tags: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
        {{ "id": "X", "origin": "TW", "value": "100.00", "classification": {{ "US": "EAR99" }},
          "components": [ {{ "item": "PART", "quantity": "1" }} ] }},
        {{ "id": "PART", "origin": "US", "value": "{value}", "classification": {{ "US": "{eccn}" }}, "tags": [{tags}] }} ] }}"#
    )
}

#[test]
fn de_minimis_for_russia_belarus_counts_every_ccl_item() {
    let r = "us.ear.734-4.de-minimis-25-ru-by";
    // 3A991 is AT-only, not chart-controlled, but on the CCL: it counts for Russia.
    assert_eq!(fires(&board("3A991", "25.01", ""), "RU", "", r), YES);
    assert_eq!(fires(&board("3A991", "25.00", ""), "RU", "", r), None);
    // An EAR99 part counts when Supp. No. 4 to Part 746 lists it by HTS code; without an HS
    // code whether it does cannot be told, so the ratio is open (unknown), never clear.
    assert_eq!(
        fires(&board("EAR99", "90.00", ""), "BY", "", r),
        Some("unknown")
    );
    let hs = |hs: &str| {
        board("EAR99", "25.01", "").replace(
            r#""classification": { "US": "EAR99" }, "tags""#,
            &format!(r#""classification": {{ "US": "EAR99", "HS": "{hs}" }}, "tags""#),
        )
    };
    assert_eq!(fires(&hs("8471.30"), "BY", "", r), YES);
    assert_eq!(fires(&hs("9031.80"), "RU", "", r), YES);
    // Chapter 94 is not encoded (Supp. No. 4 lists some of its codes): unknown.
    assert_eq!(fires(&hs("9403.20"), "RU", "", r), Some("unknown"));
    // 25.00% of a listed part is de minimis.
    let at = board("EAR99", "25.00", "").replace(
        r#""classification": { "US": "EAR99" }, "tags""#,
        r#""classification": { "US": "EAR99", "HS": "847130" }, "tags""#,
    );
    assert_eq!(fires(&at, "RU", "", r), None);
    // The window: from the 2023-05-19 expansion of Supp. No. 4; before it the HTS lists of
    // the time are not encoded, so a US EAR99 part leaves the ratio open.
    let listed = hs("8537.10");
    let on =
        |date: &str, rule: &str| status_of(&check(&listed, "X", "TW", "RU", date, ""), "US", rule);
    assert_eq!(on("2023-05-19", r), YES);
    assert_eq!(on("2023-05-18", r), Some("dormant"));
    let early = "us.ear.734-4.de-minimis-25-ru-by-2022";
    assert_eq!(on("2023-05-18", early), Some("unknown"));
    assert_eq!(on("2022-02-24", early), Some("unknown"));
    assert_eq!(on("2023-05-19", early), None);
    // Before § 746.8 (2022-02-23) Russia is under the general 25% rule: EAR99 does not count.
    assert_eq!(on("2022-02-23", early), None);
    assert_eq!(on("2022-02-23", "us.ear.734-4.de-minimis-25"), None);
    // Not the general rule's business.
    assert_eq!(
        fires(
            &board("3A991", "25.01", ""),
            "RU",
            "",
            "us.ear.734-4.de-minimis-25"
        ),
        None
    );
}

#[test]
fn de_minimis_to_north_korea_and_syria_counts_all_but_food_and_medicine() {
    let r = "us.ear.734-4.de-minimis-10-cu-kp-sy";
    assert_eq!(fires(&board("EAR99", "10.01", ""), "KP", "", r), YES);
    assert_eq!(fires(&board("EAR99", "10.00", ""), "KP", "", r), None);
    assert_eq!(
        fires(&board("EAR99", "50.00", r#""food""#), "KP", "", r),
        None
    );
    // Cuba has its own rule now.
    assert_eq!(fires(&board("EAR99", "50.00", ""), "CU", "", r), None);
}

#[test]
fn de_minimis_to_cuba_counts_every_us_item_food_and_medicine_included() {
    let r = "us.ear.734-4.de-minimis-10-cuba";
    assert_eq!(
        fires(&board("EAR99", "10.01", r#""food""#), "CU", "", r),
        YES
    );
    assert_eq!(
        fires(&board("EAR99", "10.01", r#""medicine""#), "CU", "", r),
        YES
    );
    assert_eq!(fires(&board("EAR99", "10.00", ""), "CU", "", r), None);
    assert_eq!(fires(&board("EAR99", "10.01", ""), "KP", "", r), None);
}

#[test]
fn no_de_minimis_for_us_encryption_technology() {
    let tech = r#"{ "currency": "USD", "items": [
      { "id": "X", "origin": "IL", "value": "1000.00", "classification": { "US": "5E002.a" },
        "components": [ { "item": "US-TECH", "quantity": "1" } ] },
      { "id": "US-TECH", "origin": "US", "value": "1.00", "classification": { "US": "5E002.a" } } ] }"#;
    let r = "us.ear.734-4-a-2.no-de-minimis-5e002";
    assert_eq!(fires(tech, "DE", "", r), YES);
    let foreign = tech.replace(
        r#""id": "US-TECH", "origin": "US""#,
        r#""id": "US-TECH", "origin": "IL""#,
    );
    assert_eq!(fires(&foreign, "DE", "", r), None);
}

#[test]
fn shipments_to_the_united_states_are_not_exports() {
    let bom = Bom::from_json_str(&board("5A002.a", "30.00", "")).unwrap();
    let scenario = Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "X", "from": "TW", "to": "US", "date": "2026-12-01" }"#,
    )
    .unwrap();
    let d = evaluate(&bom, &scenario, &RuleSet::bundled().unwrap()).unwrap();
    let us = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "US")
        .unwrap();
    assert_eq!(us.outcome, longarm::Outcome::NotSubject);
    assert!(us.findings.is_empty());
}

#[test]
fn fdp_b_reaches_e1_and_e2_on_the_eccns_ns_reason() {
    let rule = "us.ear.734-9-b.fdp-ns";
    // Cuba (E:2) and Iran (E:1) have no chart marks; the item's ECCN is still NS-controlled.
    for to in ["CU", "IR", "KP", "SY"] {
        assert_eq!(
            fires(
                &made("3A001.a.2", "technology", "US", "3E001"),
                to,
                "",
                rule
            ),
            YES,
            "{to}"
        );
    }
    // Japan is in none of D:1, E:1, E:2.
    assert_eq!(
        fires(
            &made("3A001.a.2", "technology", "US", "3E001"),
            "JP",
            "",
            rule
        ),
        None
    );
    // An AT-only item is not NS-controlled anywhere.
    assert_eq!(
        fires(
            &made("3A991.a", "technology", "US", "3E001"),
            "CU",
            "",
            rule
        ),
        None
    );
    // A plant that is the direct product of US software is not a (b) plant; of US
    // technology it is.
    assert_eq!(
        fires(&made("3A001.a.2", "plant", "US", "3D001"), "CN", "", rule),
        None
    );
    assert_eq!(
        fires(&made("3A001.a.2", "plant", "US", "3E001"), "CU", "", rule),
        YES
    );
    // The foreign NS item to Cuba is subject to the EAR, and Cuba needs a licence for it.
    let d = check(
        &made("3A001.a.2", "technology", "US", "3E001"),
        "X",
        "TW",
        "CU",
        "2026-12-01",
        "",
    );
    assert_eq!(
        d.jurisdictions
            .iter()
            .find(|j| j.jurisdiction == "US")
            .unwrap()
            .outcome,
        longarm::Outcome::LicenseRequired
    );
}

#[test]
fn fdp_d_covers_0a919_and_plants_of_technology_only() {
    let d = "us.ear.734-9-d.fdp-600-series";
    assert_eq!(
        fires(&made("0A919.a.1", "technology", "US", "0E606"), "CN", "", d),
        YES
    );
    assert_eq!(
        fires(&made("0A919.a.1", "technology", "US", "0E606"), "JP", "", d),
        None
    );
    assert_eq!(
        fires(&made("9A610.a", "plant", "US", "9D610"), "CN", "", d),
        None
    );
    assert_eq!(
        fires(&made("9A610.a", "plant", "US", "9E610"), "CN", "", d),
        YES
    );
    let c = "us.ear.734-9-c.fdp-9x515";
    assert_eq!(
        fires(&made("9A515.a.1", "plant", "US", "9D515"), "CN", "", c),
        None
    );
    assert_eq!(
        fires(&made("9A515.a.1", "plant", "US", "9E515"), "CN", "", c),
        YES
    );
}

/// A Japanese tool coded `eccn` with one US-origin part coded `part` with `tags`.
fn tool(eccn: &str, part: &str, tags: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
        {{ "id": "X", "origin": "JP", "value": "1000000.00", "classification": {{ "US": "{eccn}" }},
          "components": [ {{ "item": "IC", "quantity": "1" }} ] }},
        {{ "id": "IC", "origin": "US", "value": "12.00", "classification": {{ "US": "{part}" }}, "tags": [{tags}] }} ] }}"#
    )
}

#[test]
fn no_de_minimis_for_listed_sme_with_a_us_integrated_circuit() {
    let r = "us.ear.734-4-a-8.no-de-minimis-sme";
    let on =
        |bom: &str, to: &str, date: &str| status_of(&check(bom, "X", "JP", to, date, ""), "US", r);
    let ic = tool("3B001.c.1.a", "EAR99", r#""integrated-circuit""#);
    assert_eq!(on(&ic, "CN", "2026-12-01"), YES);
    assert_eq!(on(&ic, "MO", "2026-12-01"), YES);
    assert_eq!(on(&ic, "KR", "2026-12-01"), None);
    // From 2024-12-02.
    assert_eq!(on(&ic, "CN", "2024-12-02"), YES);
    assert_eq!(on(&ic, "CN", "2024-12-01"), Some("dormant"));
    // An IC by its code, without the tag.
    assert_eq!(
        on(&tool("3B001.c.1.a", "3A991.a.1", ""), "CN", "2026-12-01"),
        YES
    );
    // A US part that is not an IC; a non-listed paragraph.
    assert_eq!(
        on(&tool("3B001.c.1.a", "EAR99", ""), "CN", "2026-12-01"),
        None
    );
    assert_eq!(
        on(
            &tool("3B001.b", "EAR99", r#""integrated-circuit""#),
            "CN",
            "2026-12-01"
        ),
        None
    );
    // Coded only to the entry (or to .f): which paragraph cannot be told: unknown, and the
    // export is undetermined rather than "not subject".
    let coarse = tool("3B001", "EAR99", r#""integrated-circuit""#);
    assert_eq!(on(&coarse, "CN", "2026-12-01"), Some("unknown"));
    let d = check(&coarse, "X", "JP", "CN", "2026-12-01", "");
    let us = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "US")
        .unwrap();
    assert_eq!(us.outcome, longarm::Outcome::Undetermined);
    assert_eq!(
        on(
            &tool("3B001.f", "EAR99", r#""integrated-circuit""#),
            "CN",
            "2026-12-01"
        ),
        Some("unknown")
    );
}

#[test]
fn us_encryption_content_needs_enc_authorisation_or_public_availability() {
    let r = "us.ear.734-4-b.us-encryption-content";
    let router = |tags: &str| {
        format!(
            r#"{{ "currency": "USD", "items": [
            {{ "id": "X", "origin": "TW", "value": "1000.00", "classification": {{ "US": "5A992.c" }},
              "components": [ {{ "item": "CRYPTO", "quantity": "1" }} ] }},
            {{ "id": "CRYPTO", "origin": "US", "value": "1.00", "classification": {{ "US": "5A002.a" }}, "tags": [{tags}] }} ] }}"#
        )
    };
    // The BOM does not say: unknown, undetermined (0.1% would otherwise be de minimis).
    let d = check(&router(""), "X", "TW", "DE", "2026-12-01", "");
    assert_eq!(status_of(&d, "US", r), Some("unknown"));
    assert_eq!(
        d.jurisdictions
            .iter()
            .find(|j| j.jurisdiction == "US")
            .unwrap()
            .outcome,
        longarm::Outcome::Undetermined
    );
    // Authorised under ENC, or publicly available: de minimis decides (0.1%: not subject).
    for tag in [r#""enc-authorized""#, r#""publicly-available""#] {
        let d = check(&router(tag), "X", "TW", "DE", "2026-12-01", "");
        assert_eq!(status_of(&d, "US", r), None);
        assert_eq!(
            d.jurisdictions
                .iter()
                .find(|j| j.jurisdiction == "US")
                .unwrap()
                .outcome,
            longarm::Outcome::NotSubject
        );
    }
    // Foreign encryption content: nothing.
    let foreign = router("").replace(
        r#""id": "CRYPTO", "origin": "US""#,
        r#""id": "CRYPTO", "origin": "IL""#,
    );
    assert_eq!(
        status_of(&check(&foreign, "X", "TW", "DE", "2026-12-01", ""), "US", r),
        None
    );
}

#[test]
fn fdp_k_plant_route_takes_the_full_list_of_inputs() {
    let k = "us.ear.734-9-k.fdp-sme";
    for tech in ["3E001", "3D901", "3E991", "3D993", "3E994", "3E992"] {
        assert_eq!(
            fires(&made("3B001.c.1", "plant", "US", tech), "CN", "", k),
            YES,
            "{tech}"
        );
    }
    // Not a listed input; not a foreign plant; not a D:5 destination.
    assert_eq!(
        fires(&made("3B001.c.1", "plant", "US", "3E002"), "CN", "", k),
        None
    );
    assert_eq!(
        fires(&made("3B001.c.1", "plant", "NL", "3E001"), "CN", "", k),
        None
    );
    assert_eq!(
        fires(&made("3B001.c.1", "plant", "US", "3E001"), "KR", "", k),
        None
    );
    // The direct-product route stays 3D992/3E992.
    assert_eq!(
        fires(&made("3B001.c.1", "technology", "US", "3E001"), "CN", "", k),
        None
    );
    // A listed tool containing a US-origin integrated circuit (secondary transcription).
    let tool = r#"{ "currency": "USD", "items": [
      { "id": "X", "origin": "TW", "value": "100.00", "classification": { "US": "3B001.c.1" },
        "components": [ { "item": "IC", "quantity": "1" } ] },
      { "id": "IC", "origin": "US", "value": "1.00", "classification": { "US": "3A991.a.1" } } ] }"#;
    assert_eq!(fires(tool, "CN", "", k), YES);
}

#[test]
fn fdp_e_reaches_items_for_production_by_a_listed_entity_that_is_not_a_party() {
    let e1 = "us.ear.734-9-e-1.fdp-entity-list-fn1";
    let e2 = "us.ear.734-9-e-2.fdp-entity-list-fn4";
    let lic = "us.ear.744-11-a-2.entity-list-fdp";
    let item = made("EAR99", "technology", "US", "3E001");
    let fn1 = r#", "end_uses": ["entity-list-fn1-production"]"#;
    let fn4 = r#", "end_uses": ["entity-list-fn4-production"]"#;
    let d = check(&item, "X", "TW", "VN", "2026-12-01", fn1);
    assert_eq!(status_of(&d, "US", e1), YES);
    assert_eq!(status_of(&d, "US", lic), YES);
    assert_eq!(
        d.jurisdictions
            .iter()
            .find(|j| j.jurisdiction == "US")
            .unwrap()
            .outcome,
        longarm::Outcome::LicenseRequired
    );
    assert_eq!(fires(&item, "VN", fn4, e2), YES);
    assert_eq!(fires(&item, "VN", fn4, e1), None);
    // Without the end use or a listed party: nothing.
    assert_eq!(fires(&item, "VN", "", e1), None);
    assert_eq!(fires(&item, "VN", "", lic), None);
    // Foreign technology: not a direct product.
    assert_eq!(
        fires(&made("EAR99", "technology", "JP", "3E001"), "VN", fn1, e1),
        None
    );
}

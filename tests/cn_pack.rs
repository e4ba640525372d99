//! The bundled CN pack on the worked numbers and boundaries of `shared/domain/cn-mofcom.md`:
//! every rule inside, outside, at its threshold, and on the first and last day of its windows.

mod common;

use common::bundled::{check, outcome_of, status_of};
use longarm::{Determination, Outcome, Verdict};

fn cn(d: &Determination) -> (Outcome, Option<&'static str>, Vec<(String, &'static str)>) {
    outcome_of(d, "CN")
}

fn fired(d: &Determination, rule: &str) -> Option<&'static str> {
    status_of(d, "CN", rule)
}

const ART1_1: &str = "cn.mofcom.2025-61.art1-1";
const ART1_2: &str = "cn.mofcom.2025-61.art1-2";
const ART1_3: &str = "cn.mofcom.2025-61.art1-3";

/// The domain file's motor: 1.6 kg of Dy-NdFeB magnet made in Japan, 0.064 kg of
/// Chinese Dy metal at 350.00/kg = 22.40 in a 1,500.00 motor made in Vietnam.
const MOTOR: &str = r#"{ "currency": "USD", "items": [
  { "id": "MOTOR", "origin": "VN", "value": "1500.00",
    "components": [ { "item": "MAGNET", "quantity": "1.6" }, { "item": "HOUSING", "quantity": "1" } ] },
  { "id": "MAGNET", "origin": "JP", "value": "60.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
    "components": [ { "item": "DY", "quantity": "0.04" } ] },
  { "id": "DY", "origin": "CN", "value": "350.00", "material": { "form": "metal", "elements": ["Dy"] } },
  { "id": "HOUSING", "origin": "VN", "value": "120.00" } ] }"#;

#[test]
fn worked_motor_is_caught_by_art1_1_at_1_49_percent() {
    let d = check(MOTOR, "MOTOR", "VN", "DE", "2026-12-01", "");
    assert_eq!(d.verdict, Verdict::LicenseRequired);
    assert_eq!(cn(&d).0, Outcome::LicenseRequired);
    assert_eq!(cn(&d).1, Some("approval"));
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!(f.rule, ART1_1);
    assert_eq!(f.citation, "MOFCOM Announcement No. 61 (2025), Art. 1(1)");
    assert_eq!(f.ratio.as_deref(), Some("0.0149333"));
    assert_eq!(f.numerator.as_deref(), Some("22.40"));
    assert_eq!(f.denominator.as_deref(), Some("1500.00"));
    assert_eq!(f.threshold.as_deref(), Some(">= 0.001"));
    assert!(
        f.paths
            .contains(&vec!["MOTOR".into(), "MAGNET".into(), "DY".into()])
    );
}

#[test]
fn worked_car_is_below_the_threshold() {
    // 22.40 / 40,000.00 = 0.056%: the car is not caught, though the motor alone would be.
    let car = MOTOR.replace(
        r#""items": ["#,
        r#""items": [ { "id": "CAR", "origin": "DE", "value": "40000.00", "components": [ { "item": "MOTOR", "quantity": "1" } ] },"#,
    );
    let d = check(&car, "CAR", "DE", "US", "2026-12-01", "");
    assert_eq!(fired(&d, ART1_1), None);
    assert_eq!(cn(&d).0, Outcome::NotSubject);
}

fn sensor(cn_content: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
        {{ "id": "SENSOR", "origin": "DE", "value": "1000.00", "components": [ {{ "item": "MAG", "quantity": "1" }} ] }},
        {{ "id": "MAG", "origin": "DE", "value": "20.00", "material": {{ "form": "magnet", "elements": ["Nd", "Fe", "B", "Tb"] }},
          "components": [ {{ "item": "TB", "quantity": "1" }} ] }},
        {{ "id": "TB", "origin": "CN", "value": "{cn_content}", "material": {{ "form": "metal", "elements": ["Tb"] }} }} ] }}"#
    )
}

#[test]
fn exactly_0_1_percent_is_caught_and_just_below_is_not() {
    let d = check(&sensor("1.00"), "SENSOR", "DE", "JP", "2026-12-01", "");
    assert_eq!(fired(&d, ART1_1), Some("applies"));
    assert_eq!(
        d.jurisdictions[0].findings[0].ratio.as_deref(),
        Some("0.001")
    );
    let d = check(&sensor("0.99"), "SENSOR", "DE", "JP", "2026-12-01", "");
    assert_eq!(fired(&d, ART1_1), None);
    assert_eq!(cn(&d).0, Outcome::NotSubject);
}

#[test]
fn neodymium_is_not_part1_and_plain_ndfeb_is_not_part2() {
    let bom = r#"{ "currency": "USD", "items": [
      { "id": "PUMP", "origin": "DE", "value": "100.00", "components": [ { "item": "MAG", "quantity": "1" } ] },
      { "id": "MAG", "origin": "DE", "value": "60.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B"] },
        "components": [ { "item": "ND", "quantity": "1" } ] },
      { "id": "ND", "origin": "CN", "value": "50.00", "material": { "form": "metal", "elements": ["Nd"] } } ] }"#;
    let d = check(bom, "PUMP", "DE", "US", "2026-12-01", "");
    assert_eq!(cn(&d), (Outcome::NotSubject, None, vec![]));
}

#[test]
fn art1_1_windows_under_the_no70_suspension() {
    // Before its start, already suspended: dormant, applies from the day after No. 70 ends.
    let d = check(MOTOR, "MOTOR", "VN", "DE", "2025-11-30", "");
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == ART1_1)
        .unwrap();
    assert_eq!(
        (f.effect.as_str(), f.applies_from.as_deref()),
        ("would_apply", Some("2026-11-11"))
    );
    assert_eq!(
        f.window.as_ref().unwrap().instrument,
        "MOFCOM/GAC Announcement No. 70 (2025)"
    );
    // First day in force is inside the suspension; last day of the suspension; first day after.
    for (date, status) in [
        ("2025-12-01", "dormant"),
        ("2026-11-10", "dormant"),
        ("2026-11-11", "applies"),
    ] {
        let d = check(MOTOR, "MOTOR", "VN", "DE", date, "");
        assert_eq!(fired(&d, ART1_1), Some(status), "{date}");
    }
    assert_eq!(
        cn(&check(MOTOR, "MOTOR", "VN", "DE", "2026-11-10", "")).0,
        Outcome::NotSubject
    );
}

#[test]
fn art1_1_reaches_only_foreign_exports_to_places_other_than_china() {
    assert_eq!(
        fired(&check(MOTOR, "MOTOR", "VN", "CN", "2026-12-01", ""), ART1_1),
        None
    );
    assert_eq!(
        fired(&check(MOTOR, "MOTOR", "CN", "DE", "2026-12-01", ""), ART1_1),
        None
    );
    let made_in_china = MOTOR.replacen(
        r#""origin": "VN", "value": "1500.00""#,
        r#""origin": "CN", "value": "1500.00""#,
        1,
    );
    assert_eq!(
        fired(
            &check(&made_in_china, "MOTOR", "VN", "DE", "2026-12-01", ""),
            ART1_1
        ),
        None
    );
}

#[test]
fn unknown_origin_that_matters_and_that_does_not() {
    let unknown = MOTOR.replace(r#"{ "id": "DY", "origin": "CN","#, r#"{ "id": "DY","#);
    let d = check(&unknown, "MOTOR", "VN", "DE", "2026-12-01", "");
    assert_eq!(cn(&d).0, Outcome::Undetermined);
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!((f.rule.as_str(), f.status.as_str()), (ART1_1, "unknown"));
    assert_eq!(f.missing[0].item, "DY");
    assert_eq!(f.missing[0].facts, [longarm::eval::Fact::Origin]);
    // The housing's origin is unknown too, but it is no Part I item: it does not matter.
    let housing = MOTOR.replace(
        r#"{ "id": "HOUSING", "origin": "VN","#,
        r#"{ "id": "HOUSING","#,
    );
    assert_eq!(
        cn(&check(&housing, "MOTOR", "VN", "DE", "2026-12-01", "")).0,
        Outcome::LicenseRequired
    );
}

#[test]
fn art1_2_chinese_magnet_technology_has_no_threshold() {
    let bom = r#"{ "currency": "USD", "items": [
      { "id": "SERVO", "origin": "DE", "value": "900.00", "components": [ { "item": "MAG", "quantity": "1" } ] },
      { "id": "MAG", "origin": "JP", "value": "5.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
        "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] } ] }"#;
    let d = check(bom, "SERVO", "DE", "US", "2026-12-01", "");
    assert_eq!(fired(&d, ART1_2), Some("applies"));
    assert_eq!(fired(&d, ART1_1), None);
    let japanese = bom.replace(
        r#""origin": "CN", "process""#,
        r#""origin": "JP", "process""#,
    );
    assert_eq!(
        cn(&check(&japanese, "SERVO", "DE", "US", "2026-12-01", "")).0,
        Outcome::NotSubject
    );
    let unknown = bom.replace(r#""origin": "CN", "process""#, r#""process""#);
    assert_eq!(
        cn(&check(&unknown, "SERVO", "DE", "US", "2026-12-01", "")).0,
        Outcome::Undetermined
    );
}

const DY_METAL: &str = r#"{ "currency": "USD", "items": [
  { "id": "DY", "origin": "CN", "value": "350.00", "material": { "form": "metal", "elements": ["Dy"] } } ] }"#;

#[test]
fn art1_3_re_export_window_opens_on_announcement_day() {
    for (date, status) in [
        ("2025-10-08", Some("dormant")),
        ("2025-10-09", Some("applies")),
        ("2025-11-06", Some("applies")),
        ("2025-11-07", Some("dormant")),
        ("2026-11-11", Some("applies")),
    ] {
        let d = check(DY_METAL, "DY", "JP", "DE", date, "");
        assert_eq!(fired(&d, ART1_3), status, "{date}");
    }
    let d = check(DY_METAL, "DY", "JP", "DE", "2025-10-08", "");
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!(f.applies_from.as_deref(), Some("2025-10-09"));
}

#[test]
fn no18_exports_from_china_not_suspended() {
    for (date, outcome) in [
        ("2025-04-03", Outcome::NotSubject),
        ("2025-04-04", Outcome::LicenseRequired),
        ("2026-01-15", Outcome::LicenseRequired),
    ] {
        let d = check(DY_METAL, "DY", "CN", "DE", date, "");
        assert_eq!(cn(&d).0, outcome, "{date}");
    }
    // Deep-processed goods are outside No. 18: a motor exported from China.
    let motor_from_china = MOTOR.replacen(
        r#""origin": "VN", "value": "1500.00""#,
        r#""origin": "CN", "value": "1500.00""#,
        1,
    );
    let d = check(&motor_from_china, "MOTOR", "CN", "DE", "2026-12-01", "");
    assert_eq!(fired(&d, "cn.mofcom.2025-18"), None);
    // By confirmed code, with no material declared.
    let coded = r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "CN", "value": "1", "classification": { "CN": "1C902.b" } } ] }"#;
    assert_eq!(
        fired(
            &check(coded, "X", "CN", "DE", "2026-01-15", ""),
            "cn.mofcom.2025-18"
        ),
        Some("applies")
    );
}

#[test]
fn no57_never_operated_before_2026_11_11() {
    let ho = r#"{ "currency": "USD", "items": [ { "id": "HO", "origin": "CN", "value": "80.00", "material": { "form": "oxide", "elements": ["Ho"] } } ] }"#;
    let d = check(ho, "HO", "CN", "DE", "2025-11-07", "");
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!(
        (
            f.rule.as_str(),
            f.status.as_str(),
            f.applies_from.as_deref()
        ),
        ("cn.mofcom.2025-57", "dormant", Some("2026-11-11"))
    );
    assert_eq!(
        fired(
            &check(ho, "HO", "CN", "DE", "2026-11-10", ""),
            "cn.mofcom.2025-57"
        ),
        Some("dormant")
    );
    assert_eq!(
        cn(&check(ho, "HO", "CN", "DE", "2026-11-11", "")).0,
        Outcome::LicenseRequired
    );
}

#[test]
fn no62_rare_earth_technology_from_china() {
    let tech = r#"{ "currency": "USD", "items": [ { "id": "SPEC", "value": "10000", "classification": { "CN": "1E902.a" } } ] }"#;
    assert_eq!(
        fired(
            &check(tech, "SPEC", "CN", "VN", "2026-11-10", ""),
            "cn.mofcom.2025-62"
        ),
        Some("dormant")
    );
    assert_eq!(
        cn(&check(tech, "SPEC", "CN", "VN", "2026-11-11", "")).0,
        Outcome::LicenseRequired
    );
}

#[test]
fn no46_art1_bans_dual_use_exports_to_us_military_users() {
    let item = r#"{ "currency": "USD", "items": [ { "id": "GA", "origin": "CN", "value": "10", "classification": { "CN": "3C001" } } ] }"#;
    let d = check(
        item,
        "GA",
        "CN",
        "US",
        "2026-12-01",
        r#", "end_uses": ["military-end-user"]"#,
    );
    assert_eq!(cn(&d).0, Outcome::LicenseRequired);
    assert_eq!(cn(&d).1, Some("denial"));
    assert_eq!(
        cn(&check(
            item,
            "GA",
            "CN",
            "US",
            "2026-12-01",
            r#", "end_uses": ["civil"]"#
        ))
        .1,
        Some("approval")
    );
    assert_eq!(
        cn(&check(
            item,
            "GA",
            "CN",
            "DE",
            "2026-12-01",
            r#", "end_uses": ["military"]"#
        ))
        .1,
        Some("approval")
    );
}

#[test]
fn a_listed_dual_use_code_needs_a_licence_from_china_from_2024_12_01() {
    let coded = |code: &str| {
        single(&format!(
            r#", "origin": "CN", "classification": {{ "CN": "{code}" }}"#
        ))
    };
    let rule = "cn.order-792.dual-use-list";
    for (date, status) in [
        ("2024-11-30", Some("dormant")),
        ("2024-12-01", Some("applies")),
    ] {
        let d = check(&coded("3C001"), "X", "CN", "DE", date, "");
        assert_eq!(fired(&d, rule), status, "{date}");
    }
    // Into China, or from abroad: not an export from China.
    assert_eq!(
        fired(
            &check(&coded("3C001"), "X", "CN", "CN", "2026-12-01", ""),
            rule
        ),
        None
    );
    assert_eq!(
        fired(
            &check(&coded("3C001"), "X", "DE", "FR", "2026-12-01", ""),
            rule
        ),
        None
    );
    // The 9xx codes of Nos. 55-58 and 62 are left to their own rules and No. 70.
    for code in ["1C909.a", "1E902.b", "2B902", "3C901.a.1"] {
        let d = check(&coded(code), "X", "CN", "DE", "2026-11-10", "");
        assert_eq!(
            (fired(&d, rule), cn(&d).0),
            (None, Outcome::NotSubject),
            "{code}"
        );
    }
    // A watch-list buyer of a coded item: stricter review, before and after the Regulations.
    let watch =
        r#", "parties": [ { "id": "b", "roles": ["purchaser"], "lists": ["CN:watch-list"] } ]"#;
    assert_eq!(
        cn(&check(
            &coded("3C001"),
            "X",
            "CN",
            "DE",
            "2024-11-30",
            watch
        ))
        .0,
        Outcome::NotSubject
    );
    assert_eq!(
        cn(&check(
            &coded("3C001"),
            "X",
            "CN",
            "DE",
            "2024-12-01",
            watch
        ))
        .1,
        Some("case_by_case")
    );
    // A control-list buyer: prohibited, from the Export Control Law's first day.
    let control =
        r#", "parties": [ { "id": "b", "roles": ["end_user"], "lists": ["CN:control-list"] } ]"#;
    let d = check(&coded("3C001"), "X", "CN", "DE", "2020-11-30", control);
    assert_eq!(
        fired(&d, "cn.order-792.art28.control-list"),
        Some("dormant")
    );
    let d = check(&coded("3C001"), "X", "CN", "DE", "2020-12-01", control);
    assert_eq!(
        (fired(&d, "cn.order-792.art28.control-list"), cn(&d).1),
        (Some("applies"), Some("denial"))
    );
}

#[test]
fn review_policies_of_arts_2_to_4_and_the_art5_exemption() {
    let listed = |share: &str| {
        format!(
            r#", "parties": [ {{ "id": "buyer", "roles": ["purchaser"], "owners": [ {{ "party": "parent", "share": "{share}" }} ] }},
                              {{ "id": "parent", "lists": ["CN:watch-list"] }} ]"#
        )
    };
    let review = |extra: &str| cn(&check(MOTOR, "MOTOR", "VN", "DE", "2026-12-01", extra)).1;
    assert_eq!(review(&listed("0.5")), Some("presumption_of_denial"));
    assert_eq!(review(&listed("0.49")), Some("approval"));
    assert_eq!(
        review(
            r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["CN:control-list"] } ]"#
        ),
        Some("presumption_of_denial")
    );
    assert_eq!(
        review(r#", "end_uses": ["military-end-user"]"#),
        Some("presumption_of_denial")
    );
    // Art. 3 reads as Art. 2 does: "in principle not licensed", a presumption of denial.
    assert_eq!(
        review(r#", "end_uses": ["military"]"#),
        Some("presumption_of_denial")
    );
    assert_eq!(
        review(r#", "end_uses": ["military-potential"]"#),
        Some("presumption_of_denial")
    );
    assert_eq!(
        review(r#", "end_uses": ["wmd", "advanced-logic-14nm"]"#),
        Some("presumption_of_denial")
    );
    assert_eq!(
        review(r#", "end_uses": ["terrorism"]"#),
        Some("presumption_of_denial")
    );
    assert_eq!(
        review(r#", "end_uses": ["advanced-logic-14nm"]"#),
        Some("case_by_case")
    );
    assert_eq!(
        review(r#", "end_uses": ["advanced-memory-256l"]"#),
        Some("case_by_case")
    );
    let d = check(
        MOTOR,
        "MOTOR",
        "VN",
        "DE",
        "2026-12-01",
        r#", "end_uses": ["humanitarian"]"#,
    );
    let j = &d.jurisdictions[0];
    assert_eq!(j.outcome, Outcome::Exempt);
    assert_eq!(j.obligations.len(), 2, "{:?}", j.obligations);
    assert!(j.obligations[0].contains("within 10 working days"));
    assert!(j.obligations[1].contains("national security"));
    assert_eq!(d.verdict, Verdict::NoLicenseRequired);
    // Review articles apply only where No. 61 reaches: not to a No. 18 export from China.
    let d = check(
        DY_METAL,
        "DY",
        "CN",
        "DE",
        "2026-12-01",
        r#", "end_uses": ["military"]"#,
    );
    assert_eq!(cn(&d).1, Some("approval"));
}

#[test]
fn part1_alloys_and_part2_samarium_cobalt() {
    let bom = r#"{ "currency": "USD", "items": [
      { "id": "ACT", "origin": "FR", "value": "2000.00", "components": [ { "item": "SMCO", "quantity": "1" } ] },
      { "id": "SMCO", "origin": "FR", "value": "40.00", "material": { "form": "magnet", "elements": ["Sm", "Co"] },
        "components": [ { "item": "SMCO-ALLOY", "quantity": "1" } ] },
      { "id": "SMCO-ALLOY", "origin": "CN", "value": "2.00", "material": { "form": "alloy", "elements": ["Sm", "Co"] } } ] }"#;
    let d = check(bom, "ACT", "FR", "US", "2026-12-01", "");
    assert_eq!(fired(&d, ART1_1), Some("applies"));
    assert_eq!(
        d.jurisdictions[0].findings[0].ratio.as_deref(),
        Some("0.001")
    );
}

#[test]
fn review_articles_are_announced_with_the_rules_they_follow() {
    let listed =
        r#", "parties": [ { "id": "e", "roles": ["end_user"], "lists": ["CN:control-list"] } ]"#;
    let d = check(MOTOR, "MOTOR", "VN", "DE", "2026-11-10", listed);
    assert_eq!(cn(&d).0, Outcome::NotSubject);
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == "cn.mofcom.2025-61.art2")
        .unwrap();
    assert_eq!(
        (f.effect.as_str(), f.applies_from.as_deref()),
        ("would_apply", Some("2026-11-11"))
    );
    // Nothing to announce where No. 61 would not reach the export.
    let d = check(MOTOR, "MOTOR", "VN", "CN", "2026-11-10", listed);
    assert_eq!(fired(&d, "cn.mofcom.2025-61.art2"), None);
}

#[test]
fn a_dormant_review_article_waits_for_the_rules_it_reviews() {
    // 2025-10-01: Art. 2 itself starts on 2025-10-09, but Art. 1(1) and 1(2) only on
    // 2026-11-11 (No. 70): that is when the presumption of denial would bite.
    let owned = r#", "parties": [ { "id": "buyer", "roles": ["purchaser"], "owners": [ { "party": "parent", "share": "0.6" } ] },
                                  { "id": "parent", "lists": ["CN:control-list"] } ]"#;
    let d = check(MOTOR, "MOTOR", "VN", "DE", "2025-10-01", owned);
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == "cn.mofcom.2025-61.art2")
        .unwrap();
    assert_eq!(
        (f.status.as_str(), f.applies_from.as_deref()),
        ("dormant", Some("2026-11-11"))
    );
}

// --- Second reading (2026-12-01): the announcements as written, through 2026 ---------------

/// A one-item BOM: `fields` spliced into the item (origin, material, classification, tags).
fn single(fields: &str) -> String {
    format!(r#"{{ "currency": "USD", "items": [ {{ "id": "X", "value": "100.00"{fields} }} ] }}"#)
}

const DY_OXIDE: &str = r#", "origin": "CN", "material": { "form": "oxide", "elements": ["Dy"] }"#;
const ND_METAL: &str = r#", "origin": "CN", "material": { "form": "metal", "elements": ["Nd"] }"#;

/// A party in every role of the transaction, in `country` (none: `""`), on `lists`.
fn buyer(country: &str, lists: &str, end_uses: &str) -> String {
    let country = if country.is_empty() {
        String::new()
    } else {
        format!(r#", "country": "{country}""#)
    };
    format!(
        r#", "parties": [ {{ "id": "b", "roles": ["purchaser", "ultimate_consignee", "end_user"]{country}, "lists": [{lists}] }} ], "end_uses": [{end_uses}]"#
    )
}

fn notices(d: &Determination) -> Vec<String> {
    d.warnings
        .iter()
        .filter(|w| w.kind == "notice")
        .filter_map(|w| w.rule.clone())
        .collect()
}

const NO46: &str = "cn.mofcom.2024-46.art1";
const NO46_2: &str = "cn.mofcom.2024-46.art2";
const JP2026: &str = "cn.mofcom.2026-1";
const CONTROL: &str = "cn.order-792.art28.control-list";

#[test]
fn art7_compliance_notice_for_part1_exports_from_china_is_a_warning_not_an_outcome() {
    let oxide = single(DY_OXIDE);
    for (date, warned) in [
        ("2025-10-08", false),
        ("2025-10-09", true),
        ("2025-11-06", true),
        ("2025-11-07", false),
        ("2026-11-10", false),
        ("2026-11-11", true),
    ] {
        let d = check(&oxide, "X", "CN", "JP", date, "");
        assert_eq!(
            notices(&d) == ["cn.mofcom.2025-61.art7"],
            warned,
            "{date}: {:?}",
            d.warnings
        );
    }
    let d = check(&oxide, "X", "CN", "JP", "2026-12-01", "");
    assert_eq!(cn(&d).1, Some("approval"));
    // Not a Part I item: a Ho oxide, a TbCoFe alloy (a No. 18 alloy, not Part I).
    let ho = single(r#", "origin": "CN", "material": { "form": "oxide", "elements": ["Ho"] }"#);
    assert!(notices(&check(&ho, "X", "CN", "JP", "2026-12-01", "")).is_empty());
    let tbcofe = single(
        r#", "origin": "CN", "material": { "form": "alloy", "elements": ["Tb", "Co", "Fe"] }"#,
    );
    let d = check(&tbcofe, "X", "CN", "JP", "2026-12-01", "");
    assert!(notices(&d).is_empty());
    assert_eq!(fired(&d, "cn.mofcom.2025-18"), Some("applies"));
    // Exported from abroad: Art. 7 binds Chinese exporters only.
    assert!(notices(&check(&oxide, "X", "KR", "JP", "2026-12-01", "")).is_empty());
}

/// A German sensor with a German Dy magnet holding one Chinese alloy worth 1% of the sensor.
fn sensor_with_alloy(elements: &str) -> String {
    format!(
        r#"{{ "currency": "USD", "items": [
        {{ "id": "S", "origin": "DE", "value": "100.00", "components": [ {{ "item": "M", "quantity": "1" }} ] }},
        {{ "id": "M", "origin": "DE", "value": "10.00", "material": {{ "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] }},
          "components": [ {{ "item": "A", "quantity": "1" }} ] }},
        {{ "id": "A", "origin": "CN", "value": "1.00", "material": {{ "form": "alloy", "elements": [{elements}] }} }} ] }}"#
    )
}

#[test]
fn part1_alloys_are_exactly_smco_tbfe_dyfe_tbdyfe() {
    // A Part I alloy counts whole: 1.00 of 100.00. Another alloy of Part I elements is no
    // Part I item; without a breakdown it may still hold some (made from Part I metal), so it
    // counts between nothing and its value: unknown, never caught outright.
    let d = check(
        &sensor_with_alloy(r#""Nd", "Fe""#),
        "S",
        "DE",
        "US",
        "2026-12-01",
        "",
    );
    assert_eq!(fired(&d, ART1_1), None);
    for (elements, status) in [
        (r#""Dy", "Fe""#, "applies"),
        (r#""Tb", "Fe""#, "applies"),
        (r#""Tb", "Dy", "Fe""#, "applies"),
        (r#""Sm", "Co", "Fe", "Cu", "Zr""#, "applies"),
        (r#""Tb", "Co", "Fe""#, "unknown"),
        (r#""Sm", "Fe""#, "unknown"),
        (r#""Gd", "Fe""#, "unknown"),
        (r#""Y", "Al""#, "unknown"),
    ] {
        let d = check(
            &sensor_with_alloy(elements),
            "S",
            "DE",
            "US",
            "2026-12-01",
            "",
        );
        assert_eq!(fired(&d, ART1_1), Some(status), "{elements}");
    }
}

#[test]
fn part2_targets_include_la_ce_nd_targets() {
    // The text's "e.g. Sm, Gd targets ... and the like" is read as any rare-earth target.
    for element in ["La", "Ce", "Nd", "Sm", "Gd"] {
        let t = single(&format!(
            r#", "origin": "CN", "material": {{ "form": "target", "elements": ["{element}"] }}"#
        ));
        let d = check(&t, "X", "JP", "DE", "2026-12-01", "");
        assert_eq!(fired(&d, ART1_3), Some("applies"), "{element}");
    }
}

#[test]
fn a_chinese_magnet_without_breakdown_is_bounded_by_its_value() {
    let motor = |value: &str| {
        format!(
            r#"{{ "currency": "USD", "items": [
            {{ "id": "M", "origin": "DE", "value": "{value}", "components": [ {{ "item": "MAG", "quantity": "1" }} ] }},
            {{ "id": "MAG", "origin": "CN", "value": "0.50", "material": {{ "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] }} }} ] }}"#
        )
    };
    // 0.50 of 500.00 = 0.1% exactly at most: it could reach it, so undetermined, naming the magnet.
    let d = check(&motor("500.00"), "M", "DE", "US", "2026-12-01", "");
    assert_eq!(cn(&d).0, Outcome::Undetermined);
    let f = &d.jurisdictions[0].findings[0];
    assert_eq!((f.rule.as_str(), f.status.as_str()), (ART1_1, "unknown"));
    assert_eq!(f.missing[0].item, "MAG");
    assert_eq!(f.missing[0].facts, [longarm::eval::Fact::Breakdown]);
    // Just above the value where it could: at most 0.0999...%: cannot reach 0.1%.
    let d = check(&motor("500.01"), "M", "DE", "US", "2026-12-01", "");
    assert_eq!(cn(&d).0, Outcome::NotSubject);
    // A breakdown settles it.
    let broken = motor("500.00").replace(
        r#""elements": ["Nd", "Fe", "B", "Dy"] }"#,
        r#""elements": ["Nd", "Fe", "B", "Dy"] }, "components": [ { "item": "DY", "quantity": "0.002" } ] },
        { "id": "DY", "origin": "CN", "value": "350.00", "material": { "form": "metal", "elements": ["Dy"] }"#,
    );
    let d = check(&broken, "M", "DE", "US", "2026-12-01", "");
    assert_eq!(cn(&d).0, Outcome::LicenseRequired);
    assert_eq!(
        d.jurisdictions[0].findings[0].ratio.as_deref(),
        Some("0.0014")
    );
    let d = check(
        &broken.replace(r#""quantity": "0.002""#, r#""quantity": "0.001""#),
        "M",
        "DE",
        "US",
        "2026-12-01",
        "",
    );
    assert_eq!(cn(&d).0, Outcome::NotSubject);
}

#[test]
fn no18_lists_its_magnets_and_alloys() {
    let from_china = |fields: &str| {
        let d = check(&single(fields), "X", "CN", "DE", "2026-12-01", "");
        (fired(&d, "cn.mofcom.2025-18"), cn(&d).0)
    };
    // Magnets: SmCo, NdFeB with Tb or Dy; not NdFeB with Gd only.
    for (elements, listed) in [
        (r#""Sm", "Co""#, true),
        (r#""Nd", "Fe", "B", "Tb""#, true),
        (r#""Nd", "Fe", "B", "Dy""#, true),
        (r#""Nd", "Fe", "B", "Gd""#, false),
    ] {
        let (r, _) = from_china(&format!(
            r#", "origin": "CN", "material": {{ "form": "magnet", "elements": [{elements}] }}"#
        ));
        assert_eq!(r.is_some(), listed, "{elements}");
    }
    // Enumerated alloys; an alloy not enumerated is unknown without a CN code.
    let alloy = |elements: &str, code: &str| {
        from_china(&format!(
            r#", "origin": "CN", "material": {{ "form": "alloy", "elements": [{elements}] }}{code}"#
        ))
    };
    assert_eq!(
        alloy(r#""Sm", "Ni""#, ""),
        (Some("applies"), Outcome::LicenseRequired)
    );
    assert_eq!(
        alloy(r#""Gd", "Mg""#, ""),
        (Some("applies"), Outcome::LicenseRequired)
    );
    assert_eq!(
        alloy(r#""Sc", "Al""#, ""),
        (Some("applies"), Outcome::LicenseRequired)
    );
    assert_eq!(
        alloy(r#""Lu", "Ni""#, ""),
        (Some("unknown"), Outcome::Undetermined)
    );
    assert_eq!(
        alloy(
            r#""Lu", "Ni""#,
            r#", "classification": { "CN": "1C906.a" }"#
        ),
        (Some("applies"), Outcome::LicenseRequired)
    );
    let (r, _) = alloy(
        r#""Lu", "Ni""#,
        r#", "classification": { "CN": "1C117.d" }"#,
    );
    assert_eq!(r, None);
    // Neodymium metal is no No. 18 item.
    assert_eq!(from_china(ND_METAL), (None, Outcome::NotSubject));
}

#[test]
fn no57_items_include_fibre_crystal_phosphor_and_the_like() {
    let form = |form: &str, element: &str, code: &str| {
        let item = single(&format!(
            r#", "origin": "CN", "material": {{ "form": "{form}", "elements": ["{element}"] }}{code}"#
        ));
        let d = check(&item, "X", "CN", "DE", "2026-11-11", "");
        fired(&d, "cn.mofcom.2025-57")
    };
    for (f, e) in [
        ("fiber", "Er"),
        ("crystal", "Er"),
        ("ceramic", "Er"),
        ("hydrogen-storage", "Er"),
        ("phosphor", "Tm"),
        ("phosphor", "Eu"),
        ("hydrogen-storage", "Eu"),
        ("magnet", "Ho"),
        ("magnetocaloric", "Ho"),
        ("magnetostrictive", "Ho"),
        ("target", "Yb"),
    ] {
        assert_eq!(form(f, e, ""), Some("applies"), "{f} {e}");
    }
    // Forms the paragraphs do not name are unknown without a code; a code settles them.
    assert_eq!(form("phosphor", "Er", ""), Some("unknown"));
    assert_eq!(form("crystal", "Yb", ""), Some("unknown"));
    assert_eq!(
        form(
            "crystal",
            "Yb",
            r#", "classification": { "CN": "1C913.a" }"#
        ),
        Some("applies")
    );
    assert_eq!(
        form("crystal", "Yb", r#", "classification": { "CN": "3C001" }"#),
        None
    );
    // The fibre on the last day of the suspension and the first after it.
    let fibre =
        single(r#", "origin": "CN", "material": { "form": "fiber", "elements": ["Er", "Si"] }"#);
    assert_eq!(
        fired(
            &check(&fibre, "X", "CN", "DE", "2026-11-10", ""),
            "cn.mofcom.2025-57"
        ),
        Some("dormant")
    );
}

#[test]
fn no46_art1_follows_the_us_military_user_wherever_it_is() {
    let oxide = single(DY_OXIDE);
    let mil = r#""military-end-user""#;
    let d =
        |from: &str, to: &str, date: &str, extra: &str| check(&oxide, "X", from, to, date, extra);
    // A US base in Japan.
    let base = buyer("US", "", mil);
    let r = d("CN", "JP", "2026-12-01", &base);
    assert_eq!(
        (cn(&r).0, cn(&r).1),
        (Outcome::LicenseRequired, Some("denial"))
    );
    assert_eq!(fired(&r, NO46), Some("applies"));
    assert_eq!(fired(&r, JP2026), None);
    // Dates: the day before the announcement, and its first day, for an item coded on the
    // list; the uncoded oxide is a dual-use item only from No. 18's first day (2025-04-04).
    let coded = single(&format!(
        r#"{DY_OXIDE}, "classification": {{ "CN": "1C902.a" }}"#
    ));
    let dc = |date: &str| check(&coded, "X", "CN", "JP", date, &base);
    assert_eq!(fired(&dc("2024-12-02"), NO46), Some("dormant"));
    assert_eq!(fired(&dc("2024-12-03"), NO46), Some("applies"));
    assert_eq!(fired(&d("CN", "JP", "2024-12-03", &base), NO46), None);
    assert_eq!(fired(&d("CN", "JP", "2025-04-03", &base), NO46), None);
    assert_eq!(
        fired(&d("CN", "JP", "2025-04-04", &base), NO46),
        Some("applies")
    );
    // A Japanese military user in the US is not a US military user.
    assert_eq!(
        fired(&d("CN", "US", "2026-12-01", &buyer("JP", "", mil)), NO46),
        None
    );
    // The user's country undeclared: unknown, never cleared.
    let r = d("CN", "JP", "2026-12-01", &buyer("", "", mil));
    assert_eq!(fired(&r, NO46), Some("unknown"));
    // No. 18 requires a licence anyway; whether it is denied is open.
    let j = &r.jurisdictions[0];
    assert_eq!(
        (
            j.outcome,
            j.review.map(|r| r.as_str()),
            j.review_could_be.map(|r| r.as_str())
        ),
        (Outcome::LicenseRequired, Some("approval"), Some("denial"))
    );
    // No party declared: the destination stands for the user's country.
    assert_eq!(
        fired(
            &d(
                "CN",
                "US",
                "2026-12-01",
                r#", "end_uses": ["military-end-user"]"#
            ),
            NO46
        ),
        Some("applies")
    );
    assert_eq!(
        fired(
            &d(
                "CN",
                "JP",
                "2026-12-01",
                r#", "end_uses": ["military-end-user"]"#
            ),
            NO46
        ),
        None
    );
    // The end user decides over the ultimate consignee; the consignee where no end user is named.
    let split = |eu: &str, uc: &str| {
        format!(
            r#", "parties": [ {{ "id": "u", "roles": ["ultimate_consignee"], "country": "{uc}" }}{eu} ], "end_uses": ["military-end-user"]"#
        )
    };
    let with_eu =
        |c: &str| format!(r#", {{ "id": "e", "roles": ["end_user"], "country": "{c}" }}"#);
    assert_eq!(
        fired(&d("CN", "JP", "2026-12-01", &split("", "US")), NO46),
        Some("applies")
    );
    assert_eq!(
        fired(
            &d("CN", "JP", "2026-12-01", &split(&with_eu("JP"), "US")),
            NO46
        ),
        None
    );
    assert_eq!(
        fired(
            &d("CN", "JP", "2026-12-01", &split(&with_eu("US"), "JP")),
            NO46
        ),
        Some("applies")
    );
    // US military end use: declared `military`, by a US user or in the US.
    assert_eq!(
        fired(
            &d("CN", "US", "2026-12-01", r#", "end_uses": ["military"]"#),
            NO46
        ),
        Some("applies")
    );
    assert_eq!(
        fired(
            &d("CN", "DE", "2026-12-01", &buyer("US", "", r#""military""#)),
            NO46
        ),
        Some("applies")
    );
    assert_eq!(
        fired(
            &d("CN", "DE", "2026-12-01", r#", "end_uses": ["military"]"#),
            NO46
        ),
        None
    );
    // Civil: nothing.
    assert_eq!(
        fired(
            &d("CN", "JP", "2026-12-01", &buyer("US", "", r#""civil""#)),
            NO46
        ),
        None
    );
}

#[test]
fn no46_art1_reaches_chinese_origin_dual_use_items_from_anywhere() {
    let base = buyer("US", "", r#""military-end-user""#);
    let oxide = single(DY_OXIDE);
    // Re-exported from Korea, during the No. 70 suspension: No. 46 alone.
    let d = check(&oxide, "X", "KR", "JP", "2026-06-01", &base);
    assert_eq!(
        cn(&d),
        (
            Outcome::LicenseRequired,
            Some("denial"),
            vec![
                (ART1_3.to_owned(), "dormant"),
                ("cn.mofcom.2025-61.art2".to_owned(), "dormant"),
                (NO46.to_owned(), "applies"),
            ]
        )
    );
    // A Japanese-origin oxide from Korea: not Chinese-origin, not caught.
    let japanese = oxide.replace(r#""origin": "CN""#, r#""origin": "JP""#);
    assert_eq!(
        cn(&check(&japanese, "X", "KR", "JP", "2026-06-01", &base)).0,
        Outcome::NotSubject
    );
    // Origin unknown: unknown.
    let unknown = oxide.replace(r#", "origin": "CN""#, "");
    assert_eq!(
        fired(&check(&unknown, "X", "KR", "JP", "2026-06-01", &base), NO46),
        Some("unknown")
    );
    // Dual-use is by material as well as by code; Nd metal is no dual-use item.
    assert_eq!(
        cn(&check(
            &single(ND_METAL),
            "X",
            "CN",
            "US",
            "2026-12-01",
            &base
        ))
        .0,
        Outcome::NotSubject
    );
    let coded = single(r#", "origin": "CN", "classification": { "CN": "3C001" }"#);
    assert_eq!(
        fired(&check(&coded, "X", "CN", "JP", "2026-12-01", &base), NO46),
        Some("applies")
    );
    // Items of Nos. 55-58 and 62 are dual-use only once No. 70 ends: Ho metal to the base.
    let ho = single(r#", "origin": "CN", "material": { "form": "metal", "elements": ["Ho"] }"#);
    let revived = "cn.mofcom.2025-70.revived-dual-use";
    let d = check(&ho, "X", "CN", "JP", "2026-11-10", &base);
    assert_eq!(cn(&d).0, Outcome::NotSubject);
    assert_eq!(fired(&d, revived), Some("dormant"));
    assert_eq!(fired(&d, NO46), None);
    let d = check(&ho, "X", "CN", "JP", "2026-11-11", &base);
    assert_eq!(
        (cn(&d).0, cn(&d).1),
        (Outcome::LicenseRequired, Some("denial"))
    );
    assert_eq!(fired(&d, revived), Some("applies"));
}

#[test]
fn no46_art2_gallium_to_the_us_comes_back_after_2026_11_27() {
    let ga = single(r#", "origin": "CN", "material": { "form": "metal", "elements": ["Ga"] }"#);
    for (date, review, art2) in [
        ("2023-07-31", None, Some("dormant")),
        ("2023-08-01", Some("approval"), Some("dormant")),
        ("2024-12-02", Some("approval"), Some("dormant")),
        ("2024-12-03", Some("presumption_of_denial"), Some("applies")),
        ("2025-11-08", Some("presumption_of_denial"), Some("applies")),
        ("2025-11-09", Some("approval"), Some("dormant")),
        ("2026-11-27", Some("approval"), Some("dormant")),
        ("2026-11-28", Some("presumption_of_denial"), Some("applies")),
    ] {
        let d = check(&ga, "X", "CN", "US", date, "");
        assert_eq!((cn(&d).1, fired(&d, NO46_2)), (review, art2), "{date}");
    }
    let d = check(&ga, "X", "CN", "US", "2026-11-27", "");
    let f = d.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == NO46_2)
        .unwrap();
    assert_eq!(f.applies_from.as_deref(), Some("2026-11-28"));
    // Not to the US: the ordinary No. 23 licence.
    assert_eq!(
        cn(&check(&ga, "X", "CN", "DE", "2026-12-01", "")).1,
        Some("approval")
    );
    // Germanium and antimony too; graphite gets the stricter (case-by-case) review.
    let ge = single(r#", "origin": "CN", "material": { "form": "oxide", "elements": ["Ge"] }"#);
    assert_eq!(
        cn(&check(&ge, "X", "CN", "US", "2026-12-01", "")).1,
        Some("presumption_of_denial")
    );
    let sb = single(r#", "origin": "CN", "material": { "form": "ore", "elements": ["Sb"] }"#);
    assert_eq!(
        cn(&check(&sb, "X", "CN", "US", "2026-12-01", "")).1,
        Some("presumption_of_denial")
    );
    let graphite = |code: &str| {
        single(&format!(
            r#", "origin": "CN", "material": {{ "form": "graphite", "elements": ["C"] }}{code}"#
        ))
    };
    let d = check(
        &graphite(r#", "classification": { "CN": "1C999" }"#),
        "X",
        "CN",
        "US",
        "2026-12-01",
        "",
    );
    assert_eq!(cn(&d).1, Some("case_by_case"));
    // Graphite without a code: which graphite it is decides, and the BOM does not say.
    assert_eq!(
        cn(&check(&graphite(""), "X", "CN", "US", "2026-12-01", "")).0,
        Outcome::Undetermined
    );
}

#[test]
fn no1_of_2026_bans_dual_use_items_to_japanese_military_users_and_uses() {
    let oxide = single(DY_OXIDE);
    let jsdf = buyer("JP", "", r#""military-end-user""#);
    for (date, status, review) in [
        ("2026-01-05", Some("dormant"), Some("approval")),
        ("2026-01-06", Some("applies"), Some("denial")),
    ] {
        let d = check(&oxide, "X", "CN", "JP", date, &jsdf);
        assert_eq!((fired(&d, JP2026), cn(&d).1), (status, review), "{date}");
    }
    // Uses that raise Japan's military strength, and military end uses in Japan.
    let potential = buyer("JP", "", r#""military-potential""#);
    assert_eq!(
        fired(
            &check(&oxide, "X", "CN", "JP", "2026-12-01", &potential),
            JP2026
        ),
        Some("applies")
    );
    assert_eq!(
        fired(
            &check(
                &oxide,
                "X",
                "CN",
                "JP",
                "2026-12-01",
                r#", "end_uses": ["military"]"#
            ),
            JP2026
        ),
        Some("applies")
    );
    // The Chinese-origin item from anywhere: re-exported from Korea.
    assert_eq!(
        fired(&check(&oxide, "X", "KR", "JP", "2026-06-01", &jsdf), JP2026),
        Some("applies")
    );
    // A Japanese civil buyer: No. 18 approval only.
    let d = check(
        &oxide,
        "X",
        "CN",
        "JP",
        "2026-12-01",
        &buyer("JP", "", r#""civil""#),
    );
    assert_eq!((fired(&d, JP2026), cn(&d).1), (None, Some("approval")));
}

#[test]
fn control_list_watch_list_and_unreliable_entities() {
    let oxide = single(DY_OXIDE);
    let listed = |list: &str| buyer("US", &format!(r#""{list}""#), r#""civil""#);
    // Control list: dual-use items prohibited.
    let d = check(
        &oxide,
        "X",
        "CN",
        "US",
        "2026-12-01",
        &listed("CN:control-list"),
    );
    assert_eq!(
        (cn(&d).1, fired(&d, CONTROL)),
        (Some("denial"), Some("applies"))
    );
    // Not a dual-use item: the control list does not reach it.
    assert_eq!(
        cn(&check(
            &single(ND_METAL),
            "X",
            "CN",
            "US",
            "2026-12-01",
            &listed("CN:control-list")
        ))
        .0,
        Outcome::NotSubject
    );
    // 50% subsidiaries are not followed by the control-list rule.
    let sub = r#", "parties": [ { "id": "b", "roles": ["purchaser"], "owners": [ { "party": "p", "share": "0.6" } ] }, { "id": "p", "lists": ["CN:control-list"] } ]"#;
    assert_eq!(
        cn(&check(&oxide, "X", "CN", "US", "2026-12-01", sub)).1,
        Some("approval")
    );
    // From abroad, only listings that bar foreign transfers, from 2026-02-24.
    let transfer = listed("CN:control-list:foreign-transfer");
    let rule = "cn.order-792.art28.control-list-foreign-transfer";
    assert_eq!(
        fired(
            &check(&oxide, "X", "KR", "US", "2026-02-23", &transfer),
            rule
        ),
        Some("dormant")
    );
    let d = check(&oxide, "X", "KR", "US", "2026-02-24", &transfer);
    assert_eq!(
        (fired(&d, rule), cn(&d).1),
        (Some("applies"), Some("denial"))
    );
    let d = check(
        &oxide,
        "X",
        "KR",
        "US",
        "2026-06-01",
        &listed("CN:control-list"),
    );
    assert_eq!(cn(&d).0, Outcome::NotSubject);
    // Watch list: no general licence, stricter review, where the export is reached.
    let d = check(
        &oxide,
        "X",
        "CN",
        "US",
        "2026-12-01",
        &listed("CN:watch-list"),
    );
    assert_eq!(cn(&d).1, Some("case_by_case"));
    assert_eq!(
        cn(&check(
            &single(ND_METAL),
            "X",
            "CN",
            "US",
            "2026-12-01",
            &listed("CN:watch-list")
        ))
        .0,
        Outcome::NotSubject
    );
    // Unreliable Entity List: a trade ban bars any goods; a listing without one changes nothing.
    let d = check(
        &single(ND_METAL),
        "X",
        "CN",
        "US",
        "2026-12-01",
        &listed("CN:unreliable-entity:trade-ban"),
    );
    assert_eq!(
        (cn(&d).0, cn(&d).1),
        (Outcome::LicenseRequired, Some("denial"))
    );
    assert_eq!(
        cn(&check(
            &single(ND_METAL),
            "X",
            "CN",
            "US",
            "2026-12-01",
            &listed("CN:unreliable-entity")
        ))
        .0,
        Outcome::NotSubject
    );
}

#[test]
fn no62_public_domain_processing_abroad_and_the_technology_catalogue() {
    let spec = |tags: &str| {
        single(&format!(
            r#", "origin": "CN", "classification": {{ "CN": "1E902.a" }}{tags}"#
        ))
    };
    let catalogue = "cn.tech-catalogue-2023.rare-earth";
    for (date, review) in [
        ("2023-12-20", None),
        ("2023-12-21", Some("denial")),
        ("2026-11-10", Some("denial")),
    ] {
        assert_eq!(
            cn(&check(&spec(""), "X", "CN", "VN", date, "")).1,
            review,
            "{date}"
        );
    }
    assert_eq!(
        fired(
            &check(&spec(""), "X", "CN", "VN", "2026-11-11", ""),
            catalogue
        ),
        Some("applies")
    );
    // Public domain: neither.
    let d = check(
        &spec(r#", "tags": ["public-domain"]"#),
        "X",
        "CN",
        "VN",
        "2026-12-01",
        "",
    );
    assert_eq!(cn(&d).0, Outcome::NotSubject);
    // 1E902.b (production-line technology): No. 62 only.
    let line = single(r#", "origin": "CN", "classification": { "CN": "1E902.b" }"#);
    let d = check(&line, "X", "CN", "VN", "2026-12-01", "");
    assert_eq!((cn(&d).1, fired(&d, catalogue)), (Some("approval"), None));
    // Unlisted goods known to be for rare-earth processing abroad.
    let abroad = r#", "end_uses": ["rare-earth-processing-abroad"]"#;
    let rule = "cn.mofcom.2025-62.processing-abroad";
    assert_eq!(
        fired(
            &check(&single(ND_METAL), "X", "CN", "VN", "2026-11-10", abroad),
            rule
        ),
        Some("dormant")
    );
    let d = check(&single(ND_METAL), "X", "CN", "VN", "2026-11-11", abroad);
    assert_eq!(
        (fired(&d, rule), cn(&d).1),
        (Some("applies"), Some("approval"))
    );
    assert_eq!(
        fired(
            &check(&single(ND_METAL), "X", "CN", "CN", "2026-11-11", abroad),
            rule
        ),
        None
    );
}

#[test]
fn nos_55_56_58_come_back_after_the_no70_suspension() {
    let at = |fields: &str, date: &str| cn(&check(&single(fields), "X", "CN", "DE", date, ""));
    let cell = |code: &str| {
        format!(
            r#", "origin": "CN", "material": {{ "form": "cell", "elements": ["Li", "Ni"] }}{code}"#
        )
    };
    let coded = cell(r#", "classification": { "CN": "3A001" }"#);
    // 3A001 holds other dual-use items too: licensable under the list throughout.
    let d = check(&single(&coded), "X", "CN", "DE", "2026-11-10", "");
    assert_eq!(fired(&d, "cn.mofcom.2025-58"), Some("dormant"));
    assert_eq!(fired(&d, "cn.order-792.dual-use-list"), Some("applies"));
    let cathode = r#", "origin": "CN", "material": { "form": "cathode", "elements": ["Li", "Fe", "P"] }, "classification": { "CN": "3C901.a.1" }"#;
    assert_eq!(at(cathode, "2026-11-10").0, Outcome::NotSubject);
    assert_eq!(at(cathode, "2026-11-11").1, Some("approval"));
    assert_eq!(at(&coded, "2026-11-11").1, Some("approval"));
    // A cell without a code: its energy density decides, and the BOM does not say.
    assert_eq!(at(&cell(""), "2026-11-11").0, Outcome::Undetermined);
    assert_eq!(
        at(
            &cell(r#", "classification": { "CN": "unlisted" }"#),
            "2026-11-11"
        )
        .0,
        Outcome::NotSubject
    );
    let anode = r#", "origin": "CN", "material": { "form": "anode", "elements": ["C"] }, "classification": { "CN": "3C901.b.1" }"#;
    assert_eq!(at(anode, "2026-11-11").1, Some("approval"));
    let equipment = r#", "origin": "CN", "classification": { "CN": "2B902" }"#;
    assert_eq!(at(equipment, "2026-11-10").0, Outcome::NotSubject);
    assert_eq!(at(equipment, "2026-11-11").1, Some("approval"));
    let d = check(&single(equipment), "X", "CN", "DE", "2026-11-11", "");
    assert_eq!(fired(&d, "cn.mofcom.2025-56"), Some("applies"));
    let diamond = r#", "origin": "CN", "material": { "form": "superhard", "elements": ["C"] }, "classification": { "CN": "2E902" }"#;
    let d = check(&single(diamond), "X", "CN", "DE", "2026-11-11", "");
    assert_eq!(fired(&d, "cn.mofcom.2025-55"), Some("applies"));
    // The exporter's own finding that an item is on no list settles every such unknown.
    let unlisted = |form: &str, elements: &str| {
        format!(
            r#", "origin": "CN", "material": {{ "form": "{form}", "elements": [{elements}] }}, "classification": {{ "CN": "unlisted" }}"#
        )
    };
    for (form, elements) in [
        ("superhard", r#""C""#),
        ("graphite", r#""C""#),
        ("cathode", r#""Li", "Fe", "P""#),
        ("alloy", r#""Lu", "Ni""#),
        ("crystal", r#""Yb""#),
    ] {
        assert_eq!(
            at(&unlisted(form, elements), "2026-11-11").0,
            Outcome::NotSubject,
            "{form}"
        );
    }
    // Superhard material without a code: unknown under No. 33 already.
    let bare = r#", "origin": "CN", "material": { "form": "superhard", "elements": ["C"] }"#;
    assert_eq!(at(bare, "2026-11-10").0, Outcome::Undetermined);
}

#[test]
fn a_user_who_knows_of_an_extension_patches_the_windows() {
    let with = |amendment: &str| {
        longarm::RuleSet::load(true, &[std::path::PathBuf::from(amendment)]).unwrap()
    };
    let eval = |rules: &longarm::RuleSet, fields: &str, to: &str, date: &str| {
        let bom = longarm::Bom::from_json_str(&single(fields)).unwrap();
        let s = longarm::Scenario::from_json_str(&format!(
            r#"{{ "bom": "x.json", "item": "X", "from": "CN", "to": "{to}", "date": "{date}" }}"#
        ))
        .unwrap();
        let d = longarm::evaluate(&bom, &s, rules).unwrap();
        (cn(&d).1, fired(&d, NO46_2), fired(&d, "cn.mofcom.2025-57"))
    };
    let ga = r#", "origin": "CN", "material": { "form": "metal", "elements": ["Ga"] }"#;
    let no72 = with("examples/amendments/extend-no72.toml");
    assert_eq!(
        eval(&no72, ga, "US", "2026-11-28"),
        (Some("approval"), Some("dormant"), None)
    );
    assert_eq!(
        eval(&no72, ga, "US", "2027-11-28"),
        (Some("presumption_of_denial"), Some("applies"), None)
    );
    let fibre = r#", "origin": "CN", "material": { "form": "fiber", "elements": ["Er"] }"#;
    let no70 = with("examples/amendments/extend-no70.toml");
    assert_eq!(
        eval(&no70, fibre, "DE", "2026-11-11"),
        (None, None, Some("dormant"))
    );
    assert_eq!(
        eval(&no70, fibre, "DE", "2027-11-11"),
        (Some("approval"), None, Some("applies"))
    );
    // Every rule the bundled pack suspends by No. 70 is patched by the example.
    let bundled = longarm::RuleSet::bundled().unwrap();
    for rule in bundled.rules() {
        let by_no70 = rule
            .suspended
            .iter()
            .any(|w| w.instrument.contains("No. 70"));
        let patched = no70.rule(&rule.id).unwrap().patches.len() == 1;
        assert_eq!(by_no70, patched, "{}", rule.id);
    }
}

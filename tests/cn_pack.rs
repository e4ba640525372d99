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
        (f.effect, f.applies_from.as_deref()),
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
    assert_eq!((f.rule.as_str(), f.status), (ART1_1, "unknown"));
    assert_eq!(f.missing[0].item, "DY");
    assert_eq!(f.missing[0].facts, ["origin"]);
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
        (f.rule.as_str(), f.status, f.applies_from.as_deref()),
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
        .0,
        Outcome::NotSubject
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
        .0,
        Outcome::NotSubject
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
        (f.effect, f.applies_from.as_deref()),
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
        (f.status, f.applies_from.as_deref()),
        ("dormant", Some("2026-11-11"))
    );
}

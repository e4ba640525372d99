//! China's critical-mineral announcements (MOFCOM/GAC No. 23 and No. 39 of 2023, No. 33 of
//! 2024, No. 10 of 2025), the control list and the Unreliable Entity List, on both sides of
//! every boundary: what each announcement lists by material is caught, what only a threshold
//! the BOM cannot express would decide is undetermined naming the item, and what it does not
//! list (indium metal, bismuth oxide) stays clear.

mod common;

use common::bundled::{check, outcome_of, status_of};
use longarm::{Determination, Outcome};

const NO10: &str = "cn.mofcom.2025-10";
const NO33: &str = "cn.mofcom.2024-33";
const CONTROL: &str = "cn.order-792.art28.control-list";
const UEL_BAN: &str = "cn.uel.art10.trade-ban";
const UEL_NOTICE: &str = "cn.uel.listing";
const WATCH: &str = "cn.order-792.art26.watch-list";
const WATCH_NOTICE: &str = "cn.order-792.art26.watch-list-application";

/// One Chinese-origin item `X` of `form` and `elements`, with a CN code (`""`: none).
fn item(form: &str, elements: &[&str], code: &str) -> String {
    let elements: Vec<String> = elements.iter().map(|e| format!("\"{e}\"")).collect();
    let code = if code.is_empty() {
        String::new()
    } else {
        format!(r#", "classification": {{ "CN": "{code}" }}"#)
    };
    format!(
        r#"{{ "currency": "USD", "items": [ {{ "id": "X", "origin": "CN", "value": "100.00", "material": {{ "form": "{form}", "elements": [{}] }}{code} }} ] }}"#,
        elements.join(", ")
    )
}

/// A party in every role, in `country`, on `lists` (JSON strings, comma-separated).
fn buyer(country: &str, lists: &str) -> String {
    format!(
        r#", "parties": [ {{ "id": "b", "name": "Buyer", "roles": ["purchaser", "ultimate_consignee", "end_user"], "country": "{country}", "lists": [{lists}] }} ]"#
    )
}

fn cn(d: &Determination) -> (Outcome, Option<&'static str>) {
    let (o, r, _) = outcome_of(d, "CN");
    (o, r)
}

fn notices(d: &Determination) -> Vec<String> {
    d.warnings
        .iter()
        .filter(|w| w.kind == "notice")
        .filter_map(|w| w.rule.clone())
        .collect()
}

/// The items a CN finding of `rule` names as missing facts, with those facts.
fn missing(d: &Determination, rule: &str) -> Vec<(String, Vec<&'static str>)> {
    d.jurisdictions
        .iter()
        .filter(|j| j.jurisdiction == "CN")
        .flat_map(|j| &j.findings)
        .filter(|f| f.rule == rule)
        .flat_map(|f| &f.missing)
        .map(|m| (m.item.clone(), m.facts.clone()))
        .collect()
}

use Outcome::{LicenseRequired as Lr, NotSubject as Clear, Undetermined as Open};

/// Every material of the announcements, exported from China to Germany on 2026-12-01: the
/// outcome, and the rule that decides it.
#[test]
fn each_listed_substance_is_caught_each_threshold_is_open_and_the_unlisted_stay_clear() {
    let table: &[(&str, &[&str], &str, Outcome, &str)] = &[
        // No. 10, tungsten (1C117.d by material; 1C117.c and 1C004 by code only).
        ("oxide", &["W", "O"], "", Lr, NO10),
        ("compound", &["W", "C"], "", Lr, NO10),
        ("metal", &["W"], "", Open, NO10),
        ("metal", &["W"], "1C117.c", Lr, NO10),
        ("metal", &["W"], "unlisted", Clear, NO10),
        ("alloy", &["W", "Ni", "Fe"], "", Open, NO10),
        ("alloy", &["W", "Ni", "Cu"], "1C004", Lr, NO10),
        ("alloy", &["W", "Ni", "Fe"], "unlisted", Clear, NO10),
        ("powder", &["W"], "", Open, NO10),
        ("compound", &["W", "N", "H", "O"], "", Open, NO10),
        ("compound", &["W", "N", "H", "O"], "1C117.d", Lr, NO10),
        ("compound", &["Na", "W", "O"], "", Clear, NO10),
        ("ore", &["W"], "", Clear, NO10),
        // Tellurium: the metal, and CdTe, CdZnTe, HgCdTe.
        ("metal", &["Te"], "", Lr, NO10),
        ("compound", &["Cd", "Te"], "", Lr, NO10),
        ("crystal", &["Cd", "Zn", "Te"], "", Lr, NO10),
        ("compound", &["Hg", "Cd", "Te"], "", Lr, NO10),
        ("powder", &["Te"], "", Open, NO10),
        ("compound", &["Bi", "Te"], "", Clear, NO10),
        ("oxide", &["Te", "O"], "", Clear, NO10),
        // Bismuth: the metal; not its oxide; organic compounds and powders open.
        ("metal", &["Bi"], "", Lr, NO10),
        ("oxide", &["Bi", "O"], "", Clear, NO10),
        ("compound", &["Bi", "N", "O"], "", Clear, NO10),
        ("compound", &["Bi", "C", "H"], "", Open, NO10),
        ("compound", &["Bi", "C", "H"], "unlisted", Clear, NO10),
        ("powder", &["Bi"], "", Open, NO10),
        ("alloy", &["Bi", "Sn"], "", Open, NO10),
        // Molybdenum: certain powders only.
        ("powder", &["Mo"], "", Open, NO10),
        ("metal", &["Mo"], "", Clear, NO10),
        ("oxide", &["Mo", "O"], "", Clear, NO10),
        // Indium: the phosphide and two organic compounds; not the metal, not the oxide.
        ("compound", &["In", "P"], "", Lr, NO10),
        ("crystal", &["In", "P"], "", Lr, NO10),
        ("compound", &["In", "C", "H"], "", Open, NO10),
        ("metal", &["In"], "", Clear, NO10),
        ("oxide", &["In", "Sn", "O"], "", Clear, NO10),
        // No. 33, antimony: ores and metal without threshold; oxides, compounds and InSb
        // crystals only above purities or crystal properties the BOM does not state.
        ("metal", &["Sb"], "", Lr, NO33),
        ("ore", &["Sb", "S"], "", Lr, NO33),
        ("oxide", &["Sb", "O"], "", Open, NO33),
        ("oxide", &["Sb", "O"], "unlisted", Clear, NO33),
        ("crystal", &["In", "Sb"], "", Open, NO33),
        ("alloy", &["Pb", "Sb"], "", Open, NO33),
    ];
    for (form, elements, code, outcome, rule) in table {
        let what = format!("{form} {elements:?} {code}");
        let d = check(
            &item(form, elements, code),
            "X",
            "CN",
            "DE",
            "2026-12-01",
            "",
        );
        assert_eq!(cn(&d).0, *outcome, "{what}");
        match outcome {
            Lr => {
                assert_eq!(cn(&d).1, Some("approval"), "{what}");
                assert_eq!(status_of(&d, "CN", rule), Some("applies"), "{what}");
            }
            // Undetermined names the item and the fact that would settle it.
            Open => {
                assert_eq!(status_of(&d, "CN", rule), Some("unknown"), "{what}");
                assert_eq!(
                    missing(&d, rule),
                    [("X".to_owned(), vec!["classification"])],
                    "{what}"
                );
            }
            _ => assert_eq!(status_of(&d, "CN", rule), None, "{what}"),
        }
    }
}

#[test]
fn no10_is_in_force_from_2025_02_04_and_never_suspended() {
    let bismuth = item("metal", &["Bi"], "");
    for (date, outcome, status) in [
        ("2025-02-03", Clear, Some("dormant")),
        ("2025-02-04", Lr, Some("applies")),
        // The No. 70 suspension does not touch it.
        ("2025-11-07", Lr, Some("applies")),
        ("2026-11-10", Lr, Some("applies")),
    ] {
        let d = check(&bismuth, "X", "CN", "DE", date, "");
        assert_eq!(
            (cn(&d).0, status_of(&d, "CN", NO10)),
            (outcome, status),
            "{date}"
        );
    }
    let f = check(&bismuth, "X", "CN", "DE", "2025-02-03", "");
    let f = f.jurisdictions[0]
        .findings
        .iter()
        .find(|f| f.rule == NO10)
        .unwrap();
    assert_eq!(f.applies_from.as_deref(), Some("2025-02-04"));
    // An export to China, or from elsewhere, is not an export from China.
    assert_eq!(
        cn(&check(&bismuth, "X", "CN", "CN", "2026-12-01", "")).0,
        Clear
    );
    assert_eq!(
        cn(&check(&bismuth, "X", "VN", "DE", "2026-12-01", "")).0,
        Clear
    );
}

#[test]
fn antimony_from_2024_09_15() {
    let sb = item("metal", &["Sb"], "");
    for (date, outcome) in [("2024-09-14", Clear), ("2024-09-15", Lr)] {
        assert_eq!(
            cn(&check(&sb, "X", "CN", "DE", date, "")).0,
            outcome,
            "{date}"
        );
    }
}

#[test]
fn tungsten_carbide_to_a_control_list_firm_is_prohibited_from_the_day_no10_listed_it() {
    let wc = item("compound", &["W", "C"], "");
    let gd = buyer("US", r#""CN:control-list""#);
    // The day before No. 10: tungsten carbide was no dual-use item, and needed no licence.
    let d = check(&wc, "X", "CN", "US", "2025-02-03", &gd);
    assert_eq!(cn(&d).0, Clear);
    assert_eq!(status_of(&d, "CN", CONTROL), None);
    for date in ["2025-02-04", "2026-12-01"] {
        let d = check(&wc, "X", "CN", "US", date, &gd);
        assert_eq!(cn(&d), (Lr, Some("denial")), "{date}");
        assert_eq!(status_of(&d, "CN", CONTROL), Some("applies"), "{date}");
        assert_eq!(status_of(&d, "CN", NO10), Some("applies"), "{date}");
    }
    // Solid tungsten of unknown size to the same firm: whether it is listed decides whether it
    // is prohibited — undetermined, never not subject.
    let d = check(
        &item("metal", &["W"], ""),
        "X",
        "CN",
        "US",
        "2026-12-01",
        &gd,
    );
    assert_eq!(cn(&d).0, Open);
    assert_eq!(status_of(&d, "CN", CONTROL), Some("unknown"));
    // Indium metal is not listed: the control list does not reach it.
    let d = check(
        &item("metal", &["In"], ""),
        "X",
        "CN",
        "US",
        "2026-12-01",
        &gd,
    );
    assert_eq!(cn(&d).0, Clear);
}

#[test]
fn gallium_and_germanium_are_dual_use_from_2023_08_01() {
    let ge = item("metal", &["Ge"], "");
    let listed = buyer("US", r#""CN:control-list""#);
    for (date, outcome, review) in [
        ("2023-07-31", Clear, None),
        ("2023-08-01", Lr, Some("denial")),
    ] {
        assert_eq!(
            cn(&check(&ge, "X", "CN", "DE", date, &listed)),
            (outcome, review),
            "{date}"
        );
    }
}

#[test]
fn an_unreliable_entity_listing_warns_unless_its_trade_ban_decides() {
    let indium = item("metal", &["In"], "");
    // Listed without a trade measure: nothing changes, but the listing is said.
    let d = check(
        &indium,
        "X",
        "CN",
        "US",
        "2026-12-01",
        &buyer("US", r#""CN:unreliable-entity""#),
    );
    assert_eq!(cn(&d).0, Clear);
    assert_eq!(notices(&d), [UEL_NOTICE]);
    assert!(!d.warnings.iter().any(|w| w.kind == "unread_list"));
    // Under a trade ban: no goods at all, whatever the item; no notice besides.
    let d = check(
        &indium,
        "X",
        "CN",
        "US",
        "2026-12-01",
        &buyer("US", r#""CN:unreliable-entity:trade-ban""#),
    );
    assert_eq!(cn(&d), (Lr, Some("denial")));
    assert_eq!(status_of(&d, "CN", UEL_BAN), Some("applies"));
    assert!(notices(&d).is_empty());
    // Not an export from China: the listing's measures bind Chinese exporters.
    let d = check(
        &indium,
        "X",
        "VN",
        "US",
        "2026-12-01",
        &buyer("US", r#""CN:unreliable-entity""#),
    );
    assert!(notices(&d).is_empty());
    // The Provisions' first day.
    for (date, said) in [("2020-09-18", false), ("2020-09-19", true)] {
        let d = check(
            &indium,
            "X",
            "CN",
            "US",
            date,
            &buyer("US", r#""CN:unreliable-entity""#),
        );
        assert_eq!(notices(&d).contains(&UEL_NOTICE.to_owned()), said, "{date}");
    }
}

#[test]
fn a_watch_list_party_takes_no_general_licence_and_needs_a_risk_report() {
    let watch = buyer("FR", r#""CN:watch-list""#);
    let d = check(
        &item("metal", &["Bi"], ""),
        "X",
        "CN",
        "FR",
        "2026-12-01",
        &watch,
    );
    assert_eq!(cn(&d), (Lr, Some("case_by_case")));
    assert_eq!(status_of(&d, "CN", WATCH), Some("applies"));
    assert_eq!(notices(&d), [WATCH_NOTICE]);
    // Not reached (indium metal is not listed): neither the review nor the notice.
    let d = check(
        &item("metal", &["In"], ""),
        "X",
        "CN",
        "FR",
        "2026-12-01",
        &watch,
    );
    assert_eq!(cn(&d).0, Clear);
    assert!(notices(&d).is_empty());
    // Order No. 792's first day, for antimony metal (listed since 2024-09-15).
    let sb = item("metal", &["Sb"], "");
    for (date, review, said) in [
        ("2024-11-30", Some("approval"), false),
        ("2024-12-01", Some("case_by_case"), true),
    ] {
        let d = check(&sb, "X", "CN", "FR", date, &watch);
        assert_eq!(cn(&d), (Lr, review), "{date}");
        assert_eq!(
            notices(&d).contains(&WATCH_NOTICE.to_owned()),
            said,
            "{date}"
        );
    }
}

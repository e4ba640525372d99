//! China's critical-mineral announcements (MOFCOM/GAC No. 23 and No. 39 of 2023, No. 33 of
//! 2024, No. 10 of 2025), the control list and the Unreliable Entity List, on both sides of
//! every boundary: what each announcement lists by material is caught, what only a threshold
//! the BOM cannot express would decide is undetermined naming the item, and what it does not
//! list (indium metal, bismuth oxide) stays clear.

mod common;

use common::bundled::{check, outcome_of, rules, status_of};
use longarm::{Bom, Determination, Outcome, Scenario, evaluate};

const NO10: &str = "cn.mofcom.2025-10";
const NO23: &str = "cn.mofcom.2023-23";
const NO33: &str = "cn.mofcom.2024-33";
const NO39: &str = "cn.mofcom.2023-39";
const ART1: &str = "cn.mofcom.2024-46.art1";
const ART2: &str = "cn.mofcom.2024-46.art2";
const ART2_GRAPHITE: &str = "cn.mofcom.2024-46.art2-graphite";
const LIST: &str = "cn.order-792.dual-use-list";
const TRANSFER: &str = "cn.order-792.art28.control-list-foreign-transfer";
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
        .map(|m| (m.item.clone(), m.facts.iter().map(|f| f.as_str()).collect()))
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

// --- The 2026-12-01 review: forms and element sets the first encoding cleared ---------------

/// The determination for `item` of the review's BOM (tests/packs_review/cn-minerals.bom.toml).
fn review(item: &str, from: &str, to: &str, date: &str, extra: &str) -> Determination {
    let bom = Bom::from_path("tests/packs_review/cn-minerals.bom.toml").unwrap();
    let s = Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "{item}", "from": "{from}", "to": "{to}", "date": "{date}" {extra} }}"#
    ))
    .unwrap();
    evaluate(&bom, &s, rules()).unwrap()
}

/// Asserts the CN outcome and, for `rule`, the status the outcome rests on.
fn expect(d: &Determination, outcome: Outcome, rule: &str, what: &str) {
    assert_eq!(cn(d).0, outcome, "{what}");
    match outcome {
        Lr => assert_eq!(status_of(d, "CN", rule), Some("applies"), "{what}"),
        Open => assert_eq!(status_of(d, "CN", rule), Some("unknown"), "{what}"),
        _ => assert_eq!(status_of(d, "CN", rule), None, "{what}"),
    }
}

#[test]
fn listed_metals_shaped_as_targets_are_caught_and_the_prohibitions_reach_them() {
    // Germanium, gallium oxide, antimony, tellurium and bismuth targets are the metal or the
    // listed substance shaped for sputtering; a tungsten target is solid tungsten of unknown
    // size; CdTe is listed whatever shape it is declared in.
    for (item, outcome, rule) in [
        ("GE-TARGET", Lr, NO23),
        ("GA-TARGET", Lr, NO23),
        ("SB-TARGET", Lr, NO33),
        ("TE-TARGET", Lr, NO10),
        ("BI-TARGET", Lr, NO10),
        ("W-TARGET", Open, NO10),
        ("CDTE-CERAMIC", Lr, NO10),
    ] {
        let d = review(item, "CN", "DE", "2026-06-01", "");
        expect(&d, outcome, rule, item);
        if outcome == Open {
            assert_eq!(
                missing(&d, rule),
                [(item.to_owned(), vec!["classification"])]
            );
        }
    }
    // A target of Bi or Te with other elements is not the metal: open, not clear.
    let d = check(
        &item("target", &["Bi", "Te"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    expect(&d, Open, NO10, "Bi2Te3 target");
    let d = check(
        &item("target", &["Bi", "Te"], "unlisted"),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(cn(&d).0, Clear);
    // Each announcement's first day.
    for (item, before, first) in [
        ("GE-TARGET", "2023-07-31", "2023-08-01"),
        ("SB-TARGET", "2024-09-14", "2024-09-15"),
        ("TE-TARGET", "2025-02-03", "2025-02-04"),
    ] {
        assert_eq!(
            cn(&review(item, "CN", "DE", before, "")).0,
            Clear,
            "{item} {before}"
        );
        assert_eq!(
            cn(&review(item, "CN", "DE", first, "")).0,
            Lr,
            "{item} {first}"
        );
    }
    // Dual-use items, so the prohibitions reach them: No. 46 Art. 1 ...
    let meu = r#", "end_uses": ["military-end-user"]"#;
    let d = review(
        "GE-TARGET",
        "CN",
        "US",
        "2026-12-01",
        &format!("{}{meu}", buyer("US", "")),
    );
    assert_eq!(cn(&d), (Lr, Some("denial")));
    assert_eq!(status_of(&d, "CN", ART1), Some("applies"));
    // ... the control list ...
    let listed = buyer("US", r#""CN:control-list""#);
    for item in ["SB-TARGET", "TE-TARGET", "BI-TARGET", "GE-TARGET"] {
        let d = review(item, "CN", "US", "2026-12-01", &listed);
        assert_eq!(cn(&d), (Lr, Some("denial")), "{item}");
        assert_eq!(status_of(&d, "CN", CONTROL), Some("applies"), "{item}");
    }
    let d = review("W-TARGET", "CN", "US", "2026-12-01", &listed);
    assert_eq!(cn(&d).0, Open);
    assert_eq!(status_of(&d, "CN", CONTROL), Some("unknown"));
    // ... the 2026 listings' foreign-transfer bar, from its first day ...
    let transfer = buyer("JP", r#""CN:control-list:foreign-transfer""#);
    for (date, outcome, status) in [
        ("2026-02-23", Clear, Some("dormant")),
        ("2026-02-24", Lr, Some("applies")),
    ] {
        let d = review("GA-TARGET", "DE", "JP", date, &transfer);
        assert_eq!(cn(&d).0, outcome, "{date}");
        assert_eq!(status_of(&d, "CN", TRANSFER), status, "{date}");
    }
    // ... and No. 46 Art. 2 once the No. 72 suspension ends.
    for item in ["GE-TARGET", "SB-TARGET"] {
        let d = review(item, "CN", "US", "2026-11-27", &buyer("US", ""));
        assert_eq!(cn(&d), (Lr, Some("approval")), "{item}");
        assert_eq!(status_of(&d, "CN", ART2), Some("dormant"), "{item}");
        let d = review(item, "CN", "US", "2026-11-28", &buyer("US", ""));
        assert_eq!(cn(&d), (Lr, Some("presumption_of_denial")), "{item}");
        assert_eq!(status_of(&d, "CN", ART2), Some("applies"), "{item}");
    }
}

#[test]
fn natural_graphite_declared_as_concentrate_powder_or_anode_is_open() {
    for item in ["GRAPHITE-CONC", "GRAPHITE-POWDER", "GRAPHITE-ANODE"] {
        let d = review(item, "CN", "DE", "2026-06-01", "");
        expect(&d, Open, NO39, item);
        assert_eq!(
            missing(&d, NO39),
            [(item.to_owned(), vec!["classification"])]
        );
    }
    // A silicon-carbon anode holds graphite too; a concentrate the exporter found unlisted is
    // clear; carbon with other elements in a powder is not read as graphite.
    let d = check(
        &item("anode", &["Si", "C"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    expect(&d, Open, NO39, "Si-C anode");
    let d = check(
        &item("concentrate", &["C"], "unlisted"),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(cn(&d).0, Clear);
    let d = check(
        &item("powder", &["Si", "C"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(status_of(&d, "CN", NO39), None);
    // No. 39's first day.
    assert_eq!(
        cn(&review("GRAPHITE-CONC", "CN", "DE", "2023-11-30", "")).0,
        Clear
    );
    assert_eq!(
        cn(&review("GRAPHITE-CONC", "CN", "DE", "2023-12-01", "")).0,
        Open
    );
    // To the US: No. 46 Art. 2's stricter review is open again from 2026-11-28.
    let d = review("GRAPHITE-CONC", "CN", "US", "2026-11-27", &buyer("US", ""));
    assert_ne!(status_of(&d, "CN", ART2_GRAPHITE), Some("unknown"));
    let d = review("GRAPHITE-CONC", "CN", "US", "2026-11-28", &buyer("US", ""));
    assert_eq!(status_of(&d, "CN", ART2_GRAPHITE), Some("unknown"));
    assert_eq!(cn(&d).0, Open);
    // A Chinese-origin concentrate transferred from abroad to a 2026-listed party: open.
    let d = review(
        "GRAPHITE-CONC",
        "DE",
        "JP",
        "2026-03-01",
        &buyer("JP", r#""CN:control-list:foreign-transfer""#),
    );
    assert_eq!(cn(&d).0, Open);
    assert_eq!(status_of(&d, "CN", TRANSFER), Some("unknown"));
}

#[test]
fn tungsten_oxide_and_carbide_are_listed_whatever_form_they_are_declared_in() {
    // W and O only is a tungsten oxide (WO3 declared a compound or a crystal; APT declared
    // without its N and H); W and C only is tungsten carbide (a WC ceramic or powder).
    for item in [
        "WO3-COMPOUND",
        "APT-WO",
        "WO-CRYSTAL",
        "WC-CERAMIC",
        "WC-POWDER",
    ] {
        expect(&review(item, "CN", "DE", "2026-06-01", ""), Lr, NO10, item);
    }
    // Solid tungsten declared `other`, and APT with its N and H: open.
    for item in ["W-OTHER", "APT-FULL"] {
        expect(
            &review(item, "CN", "DE", "2026-06-01", ""),
            Open,
            NO10,
            item,
        );
    }
    // Other tungstates stay clear; a cemented carbide (a ceramic of W, C and Co) is not read as
    // tungsten carbide, but is open as solid tungsten.
    let d = check(
        &item("compound", &["Na", "W", "O"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(cn(&d).0, Clear);
    let d = check(
        &item("ceramic", &["W", "C", "Co"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    expect(&d, Open, NO10, "WC-Co ceramic");
    // To General Dynamics: prohibited.
    let gd = buyer("US", r#""CN:control-list""#);
    for item in ["WO3-COMPOUND", "WC-CERAMIC"] {
        let d = review(item, "CN", "US", "2026-12-01", &gd);
        assert_eq!(cn(&d), (Lr, Some("denial")), "{item}");
        assert_eq!(status_of(&d, "CN", CONTROL), Some("applies"), "{item}");
    }
    // No. 10's first day, for an oxide (never listed before it).
    for (date, outcome) in [("2025-02-03", Clear), ("2025-02-04", Lr)] {
        assert_eq!(
            cn(&review("WO3-COMPOUND", "CN", "DE", date, "")).0,
            outcome,
            "{date}"
        );
        assert_eq!(
            cn(&review("WO3-COMPOUND", "CN", "US", date, &gd)).0,
            outcome,
            "{date}"
        );
    }
}

#[test]
fn diamond_declared_as_a_crystal_is_open_and_superhard_equipment_is_recognised_by_code() {
    let d = review("DIAMOND-CRYSTAL", "CN", "DE", "2026-06-01", "");
    expect(&d, Open, NO33, "diamond crystal");
    assert_eq!(
        missing(&d, NO33),
        [("DIAMOND-CRYSTAL".to_owned(), vec!["classification"])]
    );
    for (date, outcome) in [("2024-09-14", Clear), ("2024-09-15", Open)] {
        assert_eq!(
            cn(&review("DIAMOND-CRYSTAL", "CN", "DE", date, "")).0,
            outcome,
            "{date}"
        );
    }
    // No. 46 Art. 2 to the US, from 2026-11-28; No. 55 (diamond single crystals) from 2026-11-11.
    let d = review(
        "DIAMOND-CRYSTAL",
        "CN",
        "US",
        "2026-11-27",
        &buyer("US", ""),
    );
    assert_ne!(status_of(&d, "CN", ART2), Some("unknown"));
    assert_eq!(status_of(&d, "CN", "cn.mofcom.2025-55"), Some("unknown"));
    let d = review(
        "DIAMOND-CRYSTAL",
        "CN",
        "US",
        "2026-11-28",
        &buyer("US", ""),
    );
    assert_eq!(status_of(&d, "CN", ART2), Some("unknown"));
    // The exporter's own finding settles it.
    let d = check(
        &item("crystal", &["C"], "unlisted"),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(cn(&d).0, Clear);
    // A cubic press declares no material: only its CN code makes it recognisable (coverage.md).
    assert_eq!(
        cn(&review("CUBIC-PRESS", "CN", "US", "2026-11-28", "")).0,
        Clear
    );
    let press = r#"{ "currency": "USD", "items": [ { "id": "P", "origin": "CN", "value": "300000.00", "classification": { "CN": "2B001" } } ] }"#;
    let d = check(press, "P", "CN", "US", "2026-11-28", "");
    assert_eq!(cn(&d), (Lr, Some("approval")));
    assert_eq!(status_of(&d, "CN", LIST), Some("applies"));
}

#[test]
fn tungsten_and_molybdenum_powders_may_have_been_listed_before_no10() {
    // 1C117.a/.b (W and Mo particulates) and 1C226 (tungsten parts) were on the list already:
    // a tungsten powder on 2025-01-15 is undetermined, not clear, for every prohibition.
    let d = review(
        "W-POWDER",
        "CN",
        "US",
        "2025-01-15",
        &buyer("US", r#""CN:control-list""#),
    );
    assert_eq!(cn(&d).0, Open);
    assert_eq!(status_of(&d, "CN", CONTROL), Some("unknown"));
    let meu = format!(r#"{}, "end_uses": ["military-end-user"]"#, buyer("US", ""));
    let d = review("W-POWDER", "CN", "US", "2025-01-15", &meu);
    assert_eq!(cn(&d).0, Open);
    assert_eq!(status_of(&d, "CN", ART1), Some("unknown"));
    // No. 46 Art. 1's first day.
    let d = review("W-POWDER", "CN", "US", "2024-12-02", &meu);
    assert_ne!(status_of(&d, "CN", ART1), Some("unknown"));
    // Licensable under the list itself from Order No. 792 (2024-12-01), the look-back limit.
    for item in ["W-POWDER", "MO-POWDER"] {
        for (date, outcome) in [
            ("2024-11-30", Clear),
            ("2024-12-01", Open),
            ("2025-01-15", Open),
        ] {
            let d = review(item, "CN", "DE", date, "");
            assert_eq!(cn(&d).0, outcome, "{item} {date}");
        }
        let d = review(item, "CN", "DE", "2025-01-15", "");
        assert_eq!(
            missing(&d, LIST),
            [(item.to_owned(), vec!["classification"])]
        );
    }
    // Found unlisted by the exporter: clear.
    let d = check(
        &item("powder", &["W"], "unlisted"),
        "X",
        "CN",
        "US",
        "2025-01-15",
        &buyer("US", r#""CN:control-list""#),
    );
    assert_eq!(cn(&d).0, Clear);
}

#[test]
fn an_item_declared_other_with_a_listed_element_is_open() {
    for item in ["GAAS-OTHER", "INP-OTHER", "W-OTHER"] {
        let d = review(item, "CN", "DE", "2026-06-01", "");
        assert_eq!(cn(&d).0, Open, "{item}");
    }
    expect(
        &review("GAAS-OTHER", "CN", "DE", "2026-06-01", ""),
        Open,
        NO23,
        "GaAs",
    );
    for (elements, rule) in [
        (&["Sb"][..], NO33),
        (&["Ge"][..], NO23),
        (&["Te"][..], NO10),
        (&["Bi"][..], NO10),
        (&["In"][..], NO10),
    ] {
        let d = check(
            &item("other", elements, ""),
            "X",
            "CN",
            "DE",
            "2026-06-01",
            "",
        );
        expect(&d, Open, rule, &format!("other {elements:?}"));
        let d = check(
            &item("other", elements, "unlisted"),
            "X",
            "CN",
            "DE",
            "2026-06-01",
            "",
        );
        assert_eq!(cn(&d).0, Clear, "{elements:?} unlisted");
    }
    // Indium metal stays clear; an `other` item of an unlisted element too.
    assert_eq!(
        cn(&review("IN-METAL", "CN", "DE", "2026-06-01", "")).0,
        Clear
    );
    let d = check(
        &item("other", &["Fe"], ""),
        "X",
        "CN",
        "DE",
        "2026-06-01",
        "",
    );
    assert_eq!(cn(&d).0, Clear);
}

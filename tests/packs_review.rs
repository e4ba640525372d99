//! Situations a second, hostile reading of the bundled packs found cleared where the domain
//! references say a licence may be needed: each is now undetermined or caught.

mod common;

use common::bundled::{outcome_of, rules};
use longarm::{Bom, Determination, Outcome, Scenario, evaluate};

fn check(bom: &str, item: &str, from: &str, to: &str, date: &str, extra: &str) -> Determination {
    let bom = Bom::from_path(format!("tests/packs_review/{bom}")).unwrap();
    let s = Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "{item}", "from": "{from}", "to": "{to}", "date": "{date}" {extra} }}"#
    ))
    .unwrap();
    evaluate(&bom, &s, rules()).unwrap()
}

fn us(d: &Determination) -> Outcome {
    outcome_of(d, "US").0
}

#[test]
fn us_technology_without_an_eccn_is_unknown_to_the_fdp_rules() {
    // A German 7A003 (NS) item made with US technology of no stated ECCN, to China (D:1).
    let d = check("us.bom.json", "NSITEM", "DE", "CN", "2026-12-01", "");
    assert_eq!(us(&d), Outcome::Undetermined);
}

#[test]
fn fdp_paragraphs_not_encoded_in_full_leave_reach_open() {
    // (j): a 3A991 item made with US technology, to Iran.
    assert_eq!(
        us(&check(
            "us.bom.json",
            "IRITEM",
            "DE",
            "IR",
            "2026-12-01",
            ""
        )),
        Outcome::Undetermined
    );
    // (g): a footnote-3 military end user as a party.
    let meu = r#", "parties": [ { "id": "m", "roles": ["end_user"], "country": "RU", "lists": ["US:meu:fn3"] } ]"#;
    assert_eq!(
        us(&check(
            "us.bom.json",
            "MEUITEM",
            "DE",
            "TR",
            "2026-12-01",
            meu
        )),
        Outcome::Undetermined
    );
    // (i): a declared supercomputer end use in China.
    let sc = r#", "end_uses": ["supercomputer"]"#;
    assert_eq!(
        us(&check(
            "us.bom.json",
            "MEUITEM",
            "DE",
            "CN",
            "2026-12-01",
            sc
        )),
        Outcome::Undetermined
    );
    // The same widget to Turkey with no such party: not reached.
    assert_eq!(
        us(&check(
            "us.bom.json",
            "MEUITEM",
            "DE",
            "TR",
            "2026-12-01",
            ""
        )),
        Outcome::NotSubject
    );
}

#[test]
fn the_no_de_minimis_paragraphs_not_encoded_leave_reach_open() {
    // (a)(5): a foreign military commodity with a US 0A919.a.1 part (0.1%), to China (D:5).
    assert_eq!(
        us(&check("us.bom.json", "MIL", "DE", "CN", "2026-12-01", "")),
        Outcome::Undetermined
    );
}

#[test]
fn us_ear99_content_may_count_toward_the_iran_de_minimis() {
    // 20% US EAR99 content to Iran: 0% to 20% against 10%: open, never "not subject".
    assert_eq!(
        us(&check("us.bom.json", "IRBOX", "DE", "IR", "2026-12-01", "")),
        Outcome::Undetermined
    );
}

#[test]
fn revived_no57_items_transferred_to_a_2026_listed_entity_are_prohibited() {
    let party = r#", "parties": [ { "id": "p", "country": "DE", "roles": ["purchaser", "ultimate_consignee", "end_user"], "lists": ["CN:control-list", "CN:control-list:foreign-transfer"] } ]"#;
    // Chinese holmium from Germany to the listed party: No. 57 operates again from 2026-11-11.
    let d = check("cn.bom.json", "HO", "DE", "JP", "2026-11-11", party);
    let (outcome, review, _) = outcome_of(&d, "CN");
    assert_eq!(
        (outcome, review),
        (Outcome::LicenseRequired, Some("denial"))
    );
    // On the last day of the No. 70 suspension it is not yet a dual-use item.
    let d = check("cn.bom.json", "HO", "DE", "JP", "2026-11-10", party);
    assert_eq!(outcome_of(&d, "CN").0, Outcome::NotSubject);
}

#[test]
fn the_humanitarian_exemption_gives_way_to_a_declared_military_end_use() {
    let both = r#", "end_uses": ["humanitarian", "military"]"#;
    let d = check("motor.bom.json", "MOTOR", "VN", "DE", "2026-12-01", both);
    let (outcome, review, _) = outcome_of(&d, "CN");
    assert_eq!(
        (outcome, review),
        (Outcome::LicenseRequired, Some("presumption_of_denial"))
    );
    let aid = r#", "end_uses": ["humanitarian"]"#;
    let d = check("motor.bom.json", "MOTOR", "VN", "DE", "2026-12-01", aid);
    assert_eq!(outcome_of(&d, "CN").0, Outcome::Exempt);
}

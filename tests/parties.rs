//! `longarm parties find NAME`: the dated listings the packs record, the lists to declare on a
//! date, and the data's own checks.

use longarm::RuleSet;
use longarm::rules::Status;
use std::process::Command;

fn longarm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn date(text: &str) -> longarm::Date {
    longarm::Date::parse(text).unwrap()
}

#[test]
fn a_listed_us_defence_firm_is_found_with_the_list_to_declare() {
    let (code, out, err) = longarm(&[
        "parties",
        "find",
        "general dynamics",
        "--date",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "General Dynamics\n  MOFCOM control-list announcement No. 1 (2025), published 2025-01-02, 28 parties listed [cn-mofcom]: lists CN:control-list\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "    on 2026-12-01: in force: declare \"lists\": [\"CN:control-list\"] for this party\n"
        ),
        "{out}"
    );
    // Its land-systems subsidiary: the No. 13 listing was lifted, the UEL trade ban stands.
    assert!(
        out.contains("    on 2026-12-01: measures lifted: declare none of its lists\n"),
        "{out}"
    );
    assert!(
        out.contains("declare \"lists\": [\"CN:unreliable-entity:trade-ban\"] for this party"),
        "{out}"
    );
    assert!(out.ends_with("a match is a lead to confirm against the announcement.\n"));
}

#[test]
fn the_listings_windows_decide_what_to_declare_on_each_side_of_every_boundary() {
    let rules = RuleSet::bundled().unwrap();
    let one = |name: &str, instrument: &str| {
        let found = rules.find_listed(name);
        let (l, _) = found
            .into_iter()
            .find(|(l, _)| l.instrument.contains(instrument))
            .unwrap();
        l.clone()
    };
    // No. 13 of 2025: in force 2025-03-04, lifted from 2025-11-10.
    let gdls = one("General Dynamics Land Systems", "No. 13");
    assert!(matches!(
        gdls.status(date("2025-03-03")),
        Status::NotYet { .. }
    ));
    assert_eq!(gdls.lists_on(date("2025-03-04")), ["CN:control-list"]);
    assert_eq!(gdls.lists_on(date("2025-11-09")), ["CN:control-list"]);
    assert!(gdls.lists_on(date("2025-11-10")).is_empty());
    assert_eq!(gdls.status(date("2025-11-10")), Status::Lapsed);
    // The 2026 Japanese listing bars foreign transfers too.
    let mhi = one("Mitsubishi Heavy Industries Aero Engines", "No. 11 (2026)");
    assert!(mhi.lists_on(date("2026-02-23")).is_empty());
    assert_eq!(
        mhi.lists_on(date("2026-02-24")),
        ["CN:control-list", "CN:control-list:foreign-transfer"]
    );
    // No. 21 of 2025: suspended 2025-05-14 through 2026-11-09 (the year from 2025-11-10, as
    // MOFCOM's statement gave it), back on 2026-11-10.
    let no21 = rules
        .listings()
        .iter()
        .find(|l| l.instrument.contains("No. 21 (2025)"))
        .unwrap();
    assert_eq!(no21.lists_on(date("2025-05-13")), ["CN:control-list"]);
    assert!(matches!(
        no21.status(date("2025-05-14")),
        Status::Suspended { revives: Some(d), .. } if d == date("2026-11-10")
    ));
    assert!(no21.lists_on(date("2026-11-09")).is_empty());
    assert_eq!(no21.lists_on(date("2026-11-10")), ["CN:control-list"]);
    assert_eq!(no21.lists_on(date("2026-11-11")), ["CN:control-list"]);
    // A UEL listing without a trade measure: the plain list, which changes no outcome.
    assert_eq!(
        one("PVH", "2025-02-04").lists_on(date("2026-12-01")),
        ["CN:unreliable-entity"]
    );
}

#[test]
fn names_compare_without_case_or_punctuation_and_never_fuzzily() {
    let rules = RuleSet::bundled().unwrap();
    assert_eq!(
        rules.find_listed("raytheon missiles defense").len(),
        rules.find_listed("Raytheon Missiles & Defense").len()
    );
    assert!(!rules.find_listed("RAYTHEON").is_empty());
    // A misspelling finds nothing: no fuzzy promise.
    assert!(rules.find_listed("Lockheed Martn").is_empty());
    assert!(rules.find_listed("  ").is_empty());
}

#[test]
fn a_party_not_found_is_said_to_be_not_cleared() {
    let (code, out, _) = longarm(&["parties", "find", "Example Mobility SAS"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("No listing the loaded packs record names `Example Mobility SAS`.\n"),
        "{out}"
    );
    assert!(out.contains("Not found is not cleared"), "{out}");
}

#[test]
fn the_json_answer_carries_status_and_lists_to_declare() {
    let (code, out, _) = longarm(&[
        "parties",
        "find",
        "PVH",
        "--date",
        "2026-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["query"], "PVH");
    assert_eq!(v["date"], "2026-12-01");
    assert_eq!(v["matches"][0]["names"][0], "PVH Corp.");
    assert_eq!(v["matches"][0]["status"], "in_force");
    assert_eq!(v["matches"][0]["declare"][0], "CN:unreliable-entity");
    let (code, _, err) = longarm(&["parties", "find", "PVH", "--date", "2026-13-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("invalid date `2026-13-01`"), "{err}");
}

#[test]
fn a_listing_must_name_declared_lists_and_valid_windows() {
    let pack = |lists: &str, effective: &str| {
        format!(
            "[pack]\nid = \"t\"\njurisdiction = \"CN\"\ntitle = \"t\"\n\n[lists.\"CN:control-list\"]\n\n[[listings]]\ninstrument = \"i\"\ndate = 2025-01-02\nlists = [{lists}]\nmeasures = \"m\"\nentities = [\"X Corp\"]\n{effective}"
        )
    };
    assert!(RuleSet::from_toml_strs(&[&pack("\"CN:control-list\"", "")]).is_ok());
    let err = RuleSet::from_toml_strs(&[&pack("\"CN:control-lst\"", "")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("listings[0].lists"), "{err}");
    assert!(err.contains("did you mean `CN:control-list`?"), "{err}");
    let err = RuleSet::from_toml_strs(&[&pack(
        "\"CN:control-list\"",
        "effective = [ { from = 2025-01-02, instrument = \"i\" }, { from = 2025-03-01, instrument = \"j\" } ]\n",
    )])
    .unwrap_err()
    .to_string();
    assert!(err.contains("listings[0].effective"), "{err}");
    let err = RuleSet::from_toml_strs(&[&pack("\"CN:control-list\"", "entites = []\n")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean `entities`?"), "{err}");
}

/// The CN outcome and review of a Chinese steel bolt (no dual-use item) sold to `name`, declared
/// on `lists`, on `on`.
fn bolt_to(name: &str, lists: &[&str], on: &str) -> (longarm::Outcome, Option<&'static str>) {
    let bom = longarm::Bom::from_path("tests/packs_review/cn-minerals.bom.toml").unwrap();
    let lists: Vec<String> = lists.iter().map(|l| format!("\"{l}\"")).collect();
    let s = longarm::Scenario::from_json_str(&format!(
        r#"{{ "bom": "x.json", "item": "BOLT", "from": "CN", "to": "US", "date": "{on}", "parties": [ {{ "id": "b", "name": "{name}", "country": "US", "roles": ["purchaser", "ultimate_consignee", "end_user"], "lists": [{}] }} ] }}"#,
        lists.join(", ")
    ))
    .unwrap();
    let d = longarm::evaluate(&bom, &s, &RuleSet::bundled().unwrap()).unwrap();
    let cn = d
        .jurisdictions
        .iter()
        .find(|j| j.jurisdiction == "CN")
        .unwrap();
    (cn.outcome, cn.review.map(|r| r.as_str()))
}

/// Every list a party named `name` is to be declared on, on `on`, over all its listings.
fn declare(rules: &RuleSet, name: &str, on: &str) -> Vec<String> {
    let mut lists: Vec<String> = rules
        .find_listed(name)
        .into_iter()
        .flat_map(|(l, _)| l.lists_on(date(on)))
        .map(|l| l.to_string())
        .collect();
    lists.sort();
    lists.dedup();
    lists
}

#[test]
fn the_unreliable_entity_trade_bans_of_2024_and_2025_are_declared_as_trade_bans() {
    let rules = RuleSet::bundled().unwrap();
    let ban = "CN:unreliable-entity:trade-ban";
    // 2025-10-09: fourteen entities under an import/export ban from that day (AeroVironment and
    // BAE Systems, Inc. among them); no suspension confirmed.
    for name in [
        "AeroVironment",
        "BAE Systems, Inc.",
        "TechInsights",
        "Dedrone",
    ] {
        assert!(
            declare(&rules, name, "2025-10-08").iter().all(|l| l != ban),
            "{name}"
        );
        for on in [
            "2025-10-09",
            "2025-11-09",
            "2025-11-10",
            "2026-11-10",
            "2026-12-01",
        ] {
            assert!(
                declare(&rules, name, on).contains(&ban.to_owned()),
                "{name} {on}"
            );
        }
    }
    let oct = rules
        .find_listed("AeroVironment")
        .into_iter()
        .map(|(l, _)| l)
        .find(|l| l.date == date("2025-10-09"))
        .unwrap();
    assert_eq!(oct.count, Some(14));
    assert!(oct.note.as_deref().unwrap().contains("not confirmed"));
    // 2024-05-20: three companies, Boeing Defense, Space & Security with GA-ASI and GDLS.
    let may = rules
        .find_listed("Boeing Defense, Space & Security")
        .into_iter()
        .map(|(l, _)| l)
        .find(|l| l.date == date("2024-05-20"))
        .unwrap();
    assert_eq!(may.count, Some(3));
    assert!(may.lists_on(date("2024-05-19")).is_empty());
    assert_eq!(may.lists_on(date("2024-05-20")), [ban]);
    assert_eq!(may.lists_on(date("2026-12-01")), [ban]);
    // What the lookup says to declare decides the answer: a bolt is no dual-use item, so the
    // control list alone clears it, and only the trade ban stops it.
    for name in ["Boeing Defense, Space & Security", "BAE Systems, Inc."] {
        let lists = declare(&rules, name, "2026-12-01");
        let lists: Vec<&str> = lists.iter().map(String::as_str).collect();
        assert_eq!(
            bolt_to(name, &lists, "2026-12-01"),
            (longarm::Outcome::LicenseRequired, Some("denial")),
            "{name} {lists:?}"
        );
    }
    assert_eq!(
        bolt_to(
            "Boeing Defense, Space & Security",
            &["CN:control-list"],
            "2026-12-01"
        ),
        (longarm::Outcome::NotSubject, None)
    );
    // 2025-04-04 (Skydio): measures not confirmed, read as a trade ban; suspended for the year
    // from 2025-11-10 (through 2026-11-09), back on 2026-11-10.
    let apr = rules
        .find_listed("Skydio")
        .into_iter()
        .map(|(l, _)| l)
        .find(|l| {
            l.date == date("2025-04-04") && l.lists.iter().any(|x| x.starts_with("CN:unreliable"))
        })
        .unwrap();
    let both = ["CN:unreliable-entity", ban];
    assert_eq!(apr.lists_on(date("2025-04-04")), both);
    assert_eq!(apr.lists_on(date("2025-11-09")), both);
    assert!(apr.lists_on(date("2025-11-10")).is_empty());
    assert!(matches!(
        apr.status(date("2026-11-09")),
        Status::Suspended { revives: Some(d), .. } if d == date("2026-11-10")
    ));
    assert_eq!(apr.lists_on(date("2026-11-10")), both);
    // The lookup's answer says the trade measure is open, never "declare only the plain list".
    let (code, out, err) = longarm(&["parties", "find", "Skydio", "--date", "2025-06-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(ban), "{out}");
    assert!(out.contains("not confirmed"), "{out}");
}

#[test]
fn the_trade_ban_rule_cites_the_working_mechanisms_exception() {
    let (code, out, err) = longarm(&["rules", "show", "cn.uel.art10.trade-ban"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Arts. 10 and 12"), "{out}");
    assert!(out.contains("Art. 12"), "{out}");
}

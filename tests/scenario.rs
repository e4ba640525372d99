//! Scenario files: the docs/formats.md example in JSON and TOML, every validation problem with its
//! path and line, inline BOMs, and ownership aggregated through chains.

mod common;

use longarm::scenario::Owner;
use longarm::{BomSource, Decimal, Party, Role, Scenario};
use proptest::prelude::*;
use std::path::Path;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// `path: message` per problem (just the message for the whole file).
fn problems(json: &str) -> Vec<String> {
    match Scenario::from_json_str(json) {
        Ok(_) => panic!("expected errors for {json}"),
        Err(e) => e
            .problems
            .iter()
            .map(|p| {
                if p.path.is_empty() {
                    p.kind.to_string()
                } else {
                    format!("{}: {}", p.path, p.kind)
                }
            })
            .collect(),
    }
}

/// A valid scenario around `parties` (a JSON array body).
fn with_parties(parties: &str) -> String {
    format!(
        r#"{{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01",
             "parties": [ {parties} ] }}"#
    )
}

fn check_example(s: &Scenario) {
    assert_eq!(s.item, "MOTOR-200");
    assert_eq!(s.from.as_str(), "VN");
    assert_eq!(s.to.as_str(), "DE");
    assert_eq!(s.date.to_string(), "2026-12-01");
    assert_eq!(s.end_uses, ["civil"]);
    assert!(s.has_end_use("civil"));
    assert!(!s.has_end_use("military"));
    match &s.bom {
        BomSource::Path(p) => assert_eq!(p, Path::new("tests/scenarios/motor.bom.json")),
        BomSource::Inline(_) | BomSource::Given => panic!("expected a path"),
    }
    let ids: Vec<&str> = s.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["buyer", "parent"]);
    let buyer = s.party("buyer").unwrap();
    assert_eq!(buyer.name.as_deref(), Some("Example GmbH"));
    assert_eq!(buyer.country.map(|c| c.to_string()).as_deref(), Some("DE"));
    assert_eq!(buyer.roles, [Role::Purchaser, Role::EndUser]);
    assert_eq!(buyer.owners.len(), 1);
    assert_eq!(buyer.owners[0].party, "parent");
    assert_eq!(buyer.owners[0].share, d("0.6"));
    let parent = s.party("parent").unwrap();
    assert_eq!(parent.lists, ["CN:control-list"]);
    assert!(parent.roles.is_empty());
    assert_eq!(
        s.owned_share("buyer", |p| p.on_list("CN:control-list")),
        d("0.6")
    );
    let bom = s.load_bom().unwrap();
    assert!(bom.item(&s.item).is_some());
}

#[test]
fn design_example_loads_from_json() {
    let s = Scenario::from_path("tests/scenarios/motor.scenario.json").unwrap();
    check_example(&s);
}

#[test]
fn design_example_loads_from_toml_the_same() {
    let json = Scenario::from_path("tests/scenarios/motor.scenario.json").unwrap();
    let toml = Scenario::from_path("tests/scenarios/motor.scenario.toml").unwrap();
    check_example(&toml);
    assert_eq!(json.parties, toml.parties);
    assert_eq!(json.end_uses, toml.end_uses);
    assert_eq!(json.date, toml.date);
}

#[test]
fn bom_paths_from_a_string_stay_as_written() {
    let s = Scenario::from_json_str(&with_parties("")).unwrap();
    match &s.bom {
        BomSource::Path(p) => assert_eq!(p, Path::new("b.json")),
        BomSource::Inline(_) | BomSource::Given => panic!("expected a path"),
    }
    assert!(s.parties.is_empty() && s.end_uses.is_empty());
    let err = s.load_bom().unwrap_err();
    assert!(err.to_string().starts_with("b.json: 1 problem"), "{err}");
}

#[test]
fn parties_and_end_uses_are_optional() {
    let s = Scenario::from_json_str(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01" }"#,
    )
    .unwrap();
    assert!(s.parties.is_empty() && s.end_uses.is_empty());
    assert_eq!(s.parties_in_role(Role::EndUser).count(), 0);
}

#[test]
fn file_errors_name_the_file() {
    let err = Scenario::from_path("tests/scenarios/missing.json").unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("tests/scenarios/missing.json: 1 problem\n"),
        "{text}"
    );
    assert!(text.contains("cannot read the file"), "{text}");
    let err = Scenario::from_path("Cargo.lock").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown scenario format `lock`: expected `.json` or `.toml`"),
        "{err}"
    );
}

#[test]
fn problems_carry_file_line_and_path() {
    let dir = std::env::temp_dir().join(format!("longarm-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.scenario.json");
    std::fs::write(
        &file,
        r#"{
  "bom": "b.json",
  "item": "X",
  "from": "VN",
  "to": "UK",
  "date": "2026-02-30",
  "parties": [
    { "id": "buyer", "roles": ["enduser"] }
  ]
}"#,
    )
    .unwrap();
    let err = Scenario::from_path(&file).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    let got: Vec<(Option<u32>, String)> = err
        .problems
        .iter()
        .map(|p| (p.line, p.path.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(5), "to".to_owned()),
            (Some(6), "date".to_owned()),
            (Some(8), "parties[0].roles[0]".to_owned())
        ]
    );
    let text = err.to_string();
    let shown = file.display().to_string();
    assert!(
        text.starts_with(&format!("{shown}: 3 problems\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{shown}:5: to: invalid country code `UK`: expected an ISO 3166-1 alpha-2 code; did you mean `GB`?"
        )),
        "{text}"
    );
}

#[test]
fn syntax_errors_have_a_line() {
    let err = Scenario::from_json_str("{\n  \"bom\": \"b.json\",\n  \"item\": }").unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].line, Some(3));
    assert!(err.problems[0].kind.to_string().starts_with("syntax error"));
}

#[test]
fn the_top_level_must_be_an_object() {
    assert_eq!(problems("[]"), ["expected an object, found an array"]);
}

#[test]
fn missing_required_fields() {
    assert_eq!(
        problems("{}"),
        [
            "missing required field `bom`",
            "missing required field `item`",
            "missing required field `from`",
            "missing required field `to`",
            "missing required field `date`",
        ]
    );
}

#[test]
fn unknown_fields_suggest_the_closest() {
    let got = problems(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01",
             "dates": "x", "end_use": ["civil"], "zzz": 1,
             "parties": [ { "id": "p", "role": ["purchaser"],
                            "owners": [ { "party": "q", "shares": "0.1" } ] },
                          { "id": "q" } ] }"#,
    );
    assert_eq!(
        got,
        [
            "dates: unknown field `dates`; did you mean `date`?",
            "end_use: unknown field `end_use`; did you mean `end_uses`?",
            "zzz: unknown field `zzz`",
            "parties[0].role: unknown field `role`; did you mean `roles`?",
            "parties[0].owners[0].shares: unknown field `shares`; did you mean `share`?",
            "parties[0].owners[0]: missing required field `share`",
        ]
    );
}

#[test]
fn countries_and_dates_are_validated() {
    let got = problems(
        r#"{ "bom": "b.json", "item": "X", "from": "vn", "to": "UK", "date": "2026-02-30",
             "parties": [ { "id": "p", "country": "XX" } ] }"#,
    );
    assert_eq!(
        got,
        [
            "from: invalid country code `vn`: expected an ISO 3166-1 alpha-2 code; did you mean `VN`?",
            "to: invalid country code `UK`: expected an ISO 3166-1 alpha-2 code; did you mean `GB`?",
            "date: invalid date `2026-02-30`: expected an existing date written `YYYY-MM-DD`",
            "parties[0].country: invalid country code `XX`: expected an ISO 3166-1 alpha-2 code",
        ]
    );
    let got =
        problems(r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": 20261201 }"#);
    assert_eq!(got, ["date: expected a date `YYYY-MM-DD`, found a number"]);
}

#[test]
fn toml_dates_may_be_bare_but_not_date_times() {
    let base = "bom = \"b.json\"\nitem = \"X\"\nfrom = \"VN\"\nto = \"DE\"\n";
    let s = Scenario::from_toml_str(&format!("{base}date = 2026-12-01\n")).unwrap();
    assert_eq!(s.date.to_string(), "2026-12-01");
    let err = Scenario::from_toml_str(&format!("{base}date = 2026-12-01T10:00:00\n")).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].path, "date");
    assert_eq!(err.problems[0].line, Some(5));
    assert_eq!(
        err.problems[0].kind.to_string(),
        "invalid date `2026-12-01T10:00:00`: expected an existing date written `YYYY-MM-DD`"
    );
}

#[test]
fn bom_must_be_a_path_or_an_object() {
    let got =
        problems(r#"{ "bom": 3, "item": "", "from": "VN", "to": "DE", "date": "2026-12-01" }"#);
    assert_eq!(
        got,
        [
            "bom: expected a BOM file path or an inline BOM object, found a number",
            "item: empty string",
        ]
    );
}

#[test]
fn unknown_roles_suggest_the_closest() {
    let got = problems(&with_parties(
        r#"{ "id": "p", "roles": ["purchaser", "enduser", "buyer", 7] }"#,
    ));
    assert_eq!(
        got,
        [
            "parties[0].roles[1]: unknown role `enduser`: expected `purchaser`, `intermediate_consignee`, `ultimate_consignee` or `end_user`; did you mean `end_user`?",
            "parties[0].roles[2]: unknown role `buyer`: expected `purchaser`, `intermediate_consignee`, `ultimate_consignee` or `end_user`",
            "parties[0].roles[3]: expected a string, found a number",
        ]
    );
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "a", "roles": ["intermediate_consignee", "ultimate_consignee"] },
           { "id": "b", "roles": ["ultimate_consignee"] }"#,
    ))
    .unwrap();
    let ids = |r| {
        s.parties_in_role(r)
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(Role::UltimateConsignee), ["a", "b"]);
    assert_eq!(ids(Role::IntermediateConsignee), ["a"]);
    assert!(ids(Role::Purchaser).is_empty());
    let spelled: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        spelled,
        [
            "purchaser",
            "intermediate_consignee",
            "ultimate_consignee",
            "end_user"
        ]
    );
    assert_eq!(Role::EndUser.to_string(), "end_user");
}

#[test]
fn list_memberships_must_look_like_jurisdiction_colon_list() {
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "p", "lists": ["US:entity-list", "US:entity-list:fn1", "US:meu",
                                  "CN:control-list", "CN:watch-list", "CN:unreliable-entity"] }"#,
    ))
    .unwrap();
    assert_eq!(s.parties[0].lists.len(), 6);

    // Malformed memberships are errors once the packs are known, so that a "did you mean"
    // is a list a loaded pack declares (`US:entity-list:fn 1` is not `US:entity-list:fn-1`).
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "p", "roles": ["end_user"], "lists": ["entity-list", "us:entity-list", "US:Entity List", "US:",
                                  "US:entity-list::fn1", "U:x", "US:-x", "US:entity-list:fn 1", "XX:Some List"] }"#,
    ))
    .unwrap();
    assert!(s.parties[0].lists.is_empty());
    let bom = longarm::Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ { "id": "X", "origin": "VN", "value": "1" } ] }"#,
    )
    .unwrap();
    let errors = common::bundled::rules()
        .check_vocabulary(&bom, &s)
        .unwrap_err();
    let mut got: Vec<String> = errors
        .iter()
        .flat_map(|e| e.problems.iter().map(|p| format!("{}: {}", p.path, p.kind)))
        .collect();
    got.sort();
    let expected = |list: &str, suggestion: Option<&str>| {
        format!(
            "invalid list `{list}`: expected `JURISDICTION:list-id`, e.g. `US:entity-list` or `CN:control-list`{}",
            suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default()
        )
    };
    let mut want = vec![
        format!(
            "parties[0].lists[0]: {}",
            expected("entity-list", Some("US:entity-list"))
        ),
        format!(
            "parties[0].lists[1]: {}",
            expected("us:entity-list", Some("US:entity-list"))
        ),
        format!(
            "parties[0].lists[2]: {}",
            expected("US:Entity List", Some("US:entity-list"))
        ),
        format!("parties[0].lists[3]: {}", expected("US:", None)),
        format!(
            "parties[0].lists[4]: {}",
            expected("US:entity-list::fn1", Some("US:entity-list:fn1"))
        ),
        format!("parties[0].lists[5]: {}", expected("U:x", None)),
        format!("parties[0].lists[6]: {}", expected("US:-x", None)),
        format!(
            "parties[0].lists[7]: {}",
            expected("US:entity-list:fn 1", Some("US:entity-list:fn1"))
        ),
        // No pack speaks for XX: the well-formed spelling.
        format!(
            "parties[0].lists[8]: {}",
            expected("XX:Some List", Some("XX:some-list"))
        ),
    ];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        problems(&with_parties(r#"{ "id": "p", "lists": [""] }"#)),
        ["parties[0].lists[0]: empty string"]
    );
}

#[test]
fn list_matching_is_by_whole_segments() {
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "p", "lists": ["US:entity-list:fn1"] }, { "id": "q", "lists": ["US:entity-list"] }"#,
    ))
    .unwrap();
    let (p, q) = (s.party("p").unwrap(), s.party("q").unwrap());
    assert!(p.on_list("US:entity-list") && p.on_list("US:entity-list:fn1"));
    assert!(q.on_list("US:entity-list") && !q.on_list("US:entity-list:fn1"));
    assert!(!p.on_list("US:entity") && !p.on_list("CN:entity-list"));
}

#[test]
fn duplicate_party_ids() {
    let got = problems(&with_parties(
        r#"{ "id": "a" },
           { "id": "b" },
           { "id": "a" },
           {}"#,
    ));
    assert_eq!(
        got,
        [
            "parties[2].id: duplicate party id `a` (first defined at `parties[0]`)",
            "parties[3]: missing required field `id`",
        ]
    );
}

#[test]
fn owners_must_name_a_party() {
    let got = problems(&with_parties(
        r#"{ "id": "buyer", "owners": [ { "party": "parnet", "share": "0.2" },
                                        { "party": "zzzzzz", "share": "0.2" },
                                        { "share": "0.2" } ] },
           { "id": "parent" }"#,
    ));
    assert_eq!(
        got,
        [
            "parties[0].owners[0].party: no party `parnet`; did you mean `parent`?",
            "parties[0].owners[1].party: no party `zzzzzz`",
            "parties[0].owners[2]: missing required field `party`",
        ]
    );
}

#[test]
fn shares_are_decimals_above_0_and_at_most_1() {
    let got = problems(&with_parties(
        r#"{ "id": "buyer", "owners": [ { "party": "a", "share": "sixty" },
                                        { "party": "b", "share": "1.5" },
                                        { "party": "c", "share": "0" },
                                        { "party": "d", "share": -0.1 },
                                        { "party": "e", "share": true } ] },
           { "id": "a" }, { "id": "b" }, { "id": "c" }, { "id": "d" }, { "id": "e" }"#,
    ));
    assert_eq!(
        got,
        [
            "parties[0].owners[0].share: malformed decimal `sixty`: expected digits with an optional `.` fraction, e.g. `12.50`",
            "parties[0].owners[1].share: share must be greater than 0 and at most 1, found `1.5`",
            "parties[0].owners[2].share: share must be greater than 0 and at most 1, found `0`",
            "parties[0].owners[3].share: share must be greater than 0 and at most 1, found `-0.1`",
            "parties[0].owners[4].share: expected a decimal string or number, found a boolean",
        ]
    );
    // JSON numbers are read from their text; a share of exactly 1 is fine.
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "buyer", "owners": [ { "party": "a", "share": 1 } ] }, { "id": "a" },
           { "id": "x", "owners": [ { "party": "a", "share": 0.1000000000000000000000000001 } ] }"#,
    ))
    .unwrap();
    assert_eq!(s.parties[0].owners[0].share, Decimal::ONE);
    assert_eq!(
        s.parties[2].owners[0].share.to_string(),
        "0.1000000000000000000000000001"
    );
}

#[test]
fn a_party_cannot_own_itself() {
    let got = problems(&with_parties(
        r#"{ "id": "a", "owners": [ { "party": "a", "share": "0.1" } ] }"#,
    ));
    assert_eq!(
        got,
        ["parties[0].owners[0].party: party `a` cannot own itself"]
    );
}

#[test]
fn an_owner_is_listed_once() {
    let got = problems(&with_parties(
        r#"{ "id": "a", "owners": [ { "party": "b", "share": "0.1" }, { "party": "b", "share": "0.2" } ] },
           { "id": "b" }"#,
    ));
    assert_eq!(
        got,
        [
            "parties[0].owners[1].party: owner `b` is listed more than once (first at `parties[0].owners[0]`)"
        ]
    );
}

#[test]
fn direct_owner_shares_add_up_to_at_most_1() {
    let got = problems(&with_parties(
        r#"{ "id": "buyer",
             "owners": [ { "party": "a", "share": "0.6" }, { "party": "b", "share": "0.5" } ] },
           { "id": "a" }, { "id": "b" }"#,
    ));
    assert_eq!(
        got,
        ["parties[0].owners: the owners' shares of party `buyer` add up to `1.1`, more than 1"]
    );
    Scenario::from_json_str(&with_parties(
        r#"{ "id": "buyer",
             "owners": [ { "party": "a", "share": "0.6" }, { "party": "b", "share": "0.4" } ] },
           { "id": "a" }, { "id": "b" }"#,
    ))
    .unwrap();
}

#[test]
fn end_uses_are_strings() {
    let got = problems(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01",
             "end_uses": ["civil", 3] }"#,
    );
    assert_eq!(got, ["end_uses[1]: expected a string, found a number"]);
    let got = problems(
        r#"{ "bom": "b.json", "item": "X", "from": "VN", "to": "DE", "date": "2026-12-01",
             "end_uses": "civil" }"#,
    );
    assert_eq!(got, ["end_uses: expected an array, found a string"]);
}

const INLINE: &str = r#"{
  "bom": {
    "currency": "USD",
    "items": [
      { "id": "MOTOR", "value": "100", "components": [ { "item": "MAG", "quantity": "1" } ] },
      { "id": "MAG", "origin": "JP", "value": "10", "components": [ { "item": "DY", "quantity": "0.1" } ] },
      { "id": "DY", "origin": "XX", "value": "300" }
    ]
  },
  "item": "MOTOR",
  "from": "VN",
  "to": "DE",
  "date": "2026-12-01"
}"#;

#[test]
fn inline_bom_loads_through_the_bom_loader() {
    let s = Scenario::from_json_str(&INLINE.replace("\"XX\"", "\"CN\"")).unwrap();
    let BomSource::Inline(bom) = &s.bom else {
        panic!("expected an inline BOM");
    };
    assert_eq!(bom.len(), 3);
    let loaded = s.load_bom().unwrap();
    assert_eq!(loaded.items(), bom.items());
}

#[test]
fn inline_bom_problems_are_under_bom() {
    let err = Scenario::from_json_str(INLINE).unwrap_err();
    let got: Vec<(Option<u32>, String, String)> = err
        .problems
        .iter()
        .map(|p| (p.line, p.path.clone(), p.kind.to_string()))
        .collect();
    assert_eq!(
        got,
        [(
            Some(7),
            "bom.items[2].origin".to_owned(),
            "invalid country code `XX`: expected an ISO 3166-1 alpha-2 code".to_owned()
        )]
    );
    // Whole-BOM problems sit at `bom` itself, alongside the scenario's own problems.
    let got = problems(
        r#"{ "bom": { "items": [] }, "item": "X", "from": "VN", "to": "XX", "date": "2026-12-01" }"#,
    );
    assert_eq!(
        got,
        [
            "bom: missing required field `currency`",
            "to: invalid country code `XX`: expected an ISO 3166-1 alpha-2 code",
        ]
    );
}

#[test]
fn the_item_must_be_in_an_inline_bom() {
    let json = INLINE
        .replace("\"XX\"", "\"CN\"")
        .replace(r#""item": "MOTOR","#, r#""item": "MOTR","#);
    assert_eq!(
        problems(&json),
        ["item: no item `MOTR`; did you mean `MOTOR`?"]
    );
}

// ---- ownership ----

/// `(id, owners as (party, share), listed on US:entity-list)`.
type Spec<'a> = (&'a str, &'a [(&'a str, &'a str)], bool);

/// A scenario with these parties.
fn owned(parties: &[Spec<'_>]) -> Scenario {
    let body: Vec<String> = parties
        .iter()
        .map(|(id, owners, listed)| {
            let owners: Vec<String> = owners
                .iter()
                .map(|(p, s)| format!(r#"{{ "party": "{p}", "share": "{s}" }}"#))
                .collect();
            let lists = if *listed {
                r#"["US:entity-list"]"#
            } else {
                "[]"
            };
            format!(
                r#"{{ "id": "{id}", "lists": {lists}, "owners": [{}] }}"#,
                owners.join(", ")
            )
        })
        .collect();
    Scenario::from_json_str(&with_parties(&body.join(", "))).unwrap()
}

fn listed(p: &Party) -> bool {
    p.on_list("US:entity-list")
}

#[test]
fn direct_ownership() {
    let s = owned(&[
        ("buyer", &[("parent", "0.6")], false),
        ("parent", &[], true),
    ]);
    assert_eq!(s.owned_share("buyer", listed), d("0.6"));
    assert_eq!(s.owned_share("parent", listed), Decimal::ZERO);
}

#[test]
fn two_chains_add_up() {
    let s = owned(&[
        ("buyer", &[("a", "0.3"), ("b", "0.3")], false),
        ("a", &[("l", "1")], false),
        ("b", &[("l", "1")], false),
        ("l", &[], true),
    ]);
    let share = s.owned_share("buyer", listed);
    assert_eq!(share, d("0.6"));
    assert!(share >= d("0.5"));
}

#[test]
fn a_chain_multiplies_below_half() {
    let s = owned(&[
        ("buyer", &[("a", "0.7")], false),
        ("a", &[("l", "0.7")], false),
        ("l", &[], true),
    ]);
    let share = s.owned_share("buyer", listed);
    assert_eq!(share, d("0.49"));
    assert!(share < d("0.5"));
}

#[test]
fn exactly_half() {
    let s = owned(&[
        ("buyer", &[("a", "1")], false),
        ("a", &[("l", "0.5")], false),
        ("l", &[], true),
    ]);
    let share = s.owned_share("buyer", listed);
    assert_eq!(share, d("0.5"));
    assert!(share >= d("0.5"));
    assert_eq!(share.to_string(), "0.5");
}

#[test]
fn cycles_terminate() {
    // buyer <- A <-> B <- L: the only chain to L is buyer <- A <- B <- L.
    let s = owned(&[
        ("buyer", &[("a", "0.5")], false),
        ("a", &[("b", "0.5")], false),
        ("b", &[("a", "0.5"), ("l", "0.5")], false),
        ("l", &[], true),
    ]);
    assert_eq!(s.owned_share("buyer", listed), d("0.125"));
    assert_eq!(s.owned_share("a", listed), d("0.25"));
    assert_eq!(s.owned_share("b", listed), d("0.5"));
    // A two-party cycle with nothing listed, and a listed party in a cycle with the buyer.
    let s = owned(&[("a", &[("b", "1")], false), ("b", &[("a", "1")], false)]);
    assert_eq!(s.owned_share("a", listed), Decimal::ZERO);
    let s = owned(&[("a", &[("b", "0.8")], true), ("b", &[("a", "0.9")], false)]);
    assert_eq!(s.owned_share("b", listed), d("0.9"));
    assert_eq!(
        s.owned_share("a", listed),
        Decimal::ZERO,
        "a is not counted as its own owner"
    );
}

#[test]
fn a_listed_party_stops_the_chain() {
    // M is listed and owned by listed L: M counts once at its share, L is not counted again.
    let s = owned(&[
        ("buyer", &[("m", "0.4"), ("x", "0.2")], false),
        ("m", &[("l", "1")], true),
        ("x", &[], false),
        ("l", &[], true),
    ]);
    assert_eq!(s.owned_share("buyer", listed), d("0.4"));
}

#[test]
fn ownership_by_any_predicate() {
    let s = Scenario::from_json_str(&with_parties(
        r#"{ "id": "buyer", "owners": [ { "party": "a", "share": "0.25" }, { "party": "b", "share": "0.75" } ] },
           { "id": "a", "country": "CN" }, { "id": "b", "country": "US" }"#,
    ))
    .unwrap();
    let in_cn = |p: &Party| p.country.is_some_and(|c| c.as_str() == "CN");
    assert_eq!(s.owned_share("buyer", in_cn), d("0.25"));
    assert_eq!(s.owned_share("nobody", in_cn), Decimal::ZERO);
    assert_eq!(s.owned_share("buyer", |_| true), Decimal::ONE);
}

#[test]
fn shared_owners_are_memoised_not_enumerated() {
    // 60 layers of diamonds: 2^60 chains, each 0.5^60; together the buyer is wholly owned.
    let mut parties: Vec<String> = Vec::new();
    let layers = 60;
    parties.push(
        r#"{ "id": "buyer", "owners": [ { "party": "a0", "share": "0.5" }, { "party": "b0", "share": "0.5" } ] }"#
            .to_owned(),
    );
    for i in 0..layers {
        let up = if i + 1 == layers {
            r#"[ { "party": "l", "share": "1" } ]"#.to_owned()
        } else {
            format!(
                r#"[ {{ "party": "a{n}", "share": "0.5" }}, {{ "party": "b{n}", "share": "0.5" }} ]"#,
                n = i + 1
            )
        };
        parties.push(format!(r#"{{ "id": "a{i}", "owners": {up} }}"#));
        parties.push(format!(r#"{{ "id": "b{i}", "owners": {up} }}"#));
    }
    parties.push(r#"{ "id": "l", "lists": ["US:entity-list"] }"#.to_owned());
    let s = Scenario::from_json_str(&with_parties(&parties.join(",\n"))).unwrap();
    assert_eq!(s.owned_share("buyer", listed), Decimal::ONE);
}

#[test]
fn long_chains_and_rings_do_not_overflow_the_stack() {
    let n = 20_000;
    let chain: Vec<String> = (0..n)
        .map(|i| {
            if i + 1 == n {
                format!(r#"{{ "id": "p{i}", "lists": ["US:entity-list"] }}"#)
            } else {
                format!(
                    r#"{{ "id": "p{i}", "owners": [ {{ "party": "p{}", "share": "1" }} ] }}"#,
                    i + 1
                )
            }
        })
        .collect();
    let s = Scenario::from_json_str(&with_parties(&chain.join(","))).unwrap();
    assert_eq!(s.owned_share("p0", listed), Decimal::ONE);

    // A ring of 500, each wholly owned by the next, one of them listed.
    let n = 500;
    let ring: Vec<String> = (0..n)
        .map(|i| {
            let lists = if i == n - 1 { r#"["US:entity-list"]"# } else { "[]" };
            format!(
                r#"{{ "id": "p{i}", "lists": {lists}, "owners": [ {{ "party": "p{}", "share": "1" }} ] }}"#,
                (i + 1) % n
            )
        })
        .collect();
    let s = Scenario::from_json_str(&with_parties(&ring.join(","))).unwrap();
    assert_eq!(s.owned_share("p0", listed), Decimal::ONE);
    assert_eq!(s.owned_share("p499", listed), Decimal::ZERO);
}

#[test]
fn hopelessly_entangled_cross_holdings_are_rejected_at_load() {
    // 12 parties each owning 5% of every other: millions of simple chains.
    let n = 12;
    let parties: Vec<String> = (0..n)
        .map(|i| {
            let owners: Vec<String> = (0..n)
                .filter(|&j| j != i)
                .map(|j| format!(r#"{{ "party": "p{j}", "share": "0.05" }}"#))
                .collect();
            format!(r#"{{ "id": "p{i}", "owners": [{}] }}"#, owners.join(","))
        })
        .collect();
    let got = problems(&with_parties(&parties.join(",")));
    assert_eq!(
        got,
        [
            "parties: ownership cycles too entangled to aggregate: following their chains takes more than 1000000 steps; simplify the cross-holdings"
        ]
    );
}

/// The definition, walked naively: every simple chain from `party`, stopping at a match.
fn reference(s: &Scenario, party: &str, chain: &mut Vec<String>) -> Decimal {
    chain.push(party.to_owned());
    let mut total = Decimal::ZERO;
    for Owner {
        party: o, share, ..
    } in &s.party(party).unwrap().owners
    {
        if chain.contains(o) {
            continue;
        }
        let owner = s.party(o).unwrap();
        total += if listed(owner) {
            *share
        } else {
            *share * reference(s, o, chain)
        };
    }
    chain.pop();
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random ownership graphs, cycles included: no panic, shares within [0, 1], and the
    /// memoised walk equals the naive enumeration of simple chains exactly.
    #[test]
    fn random_party_graphs(
        spec in prop::collection::vec(
            (prop::collection::vec((0usize..8, 1u32..=25), 0..4), any::<bool>()),
            1..8,
        )
    ) {
        let n = spec.len();
        let body: Vec<String> = spec
            .iter()
            .enumerate()
            .map(|(i, (owners, is_listed))| {
                let mut seen = Vec::new();
                let owners: Vec<String> = owners
                    .iter()
                    .filter(|(j, _)| j % n != i)
                    .filter(|(j, _)| {
                        let fresh = !seen.contains(&(j % n));
                        seen.push(j % n);
                        fresh
                    })
                    .map(|(j, w)| format!(r#"{{ "party": "p{}", "share": "0.{w:02}" }}"#, j % n))
                    .collect();
                let lists = if *is_listed { r#"["US:entity-list"]"# } else { "[]" };
                format!(r#"{{ "id": "p{i}", "lists": {lists}, "owners": [{}] }}"#, owners.join(","))
            })
            .collect();
        let s = Scenario::from_json_str(&with_parties(&body.join(","))).unwrap();
        for i in 0..n {
            let id = format!("p{i}");
            let share = s.owned_share(&id, listed);
            prop_assert!(share >= Decimal::ZERO && share <= Decimal::ONE, "{id}: {share}");
            let expected = reference(&s, &id, &mut Vec::new()).min(Decimal::ONE);
            prop_assert_eq!(share, expected, "{}", id);
            let everyone = s.owned_share(&id, |_| true);
            prop_assert!(everyone >= share && everyone <= Decimal::ONE);
        }
    }

    /// Arbitrary shares and references in the file: loading never panics.
    #[test]
    fn arbitrary_owner_lines_never_panic(
        lines in prop::collection::vec(("[a-d]{1,2}", "[a-d]{1,2}", "-?[0-9]{1,2}(\\.[0-9]{1,30})?"), 0..12)
    ) {
        let body: Vec<String> = lines
            .iter()
            .map(|(id, owner, share)| format!(
                r#"{{ "id": "{id}", "owners": [ {{ "party": "{owner}", "share": "{share}" }} ] }}"#
            ))
            .collect();
        if let Ok(s) = Scenario::from_json_str(&with_parties(&body.join(","))) {
            for p in &s.parties {
                let share = s.owned_share(&p.id, listed);
                prop_assert!(share >= Decimal::ZERO && share <= Decimal::ONE);
            }
        }
    }
}

//! Pack validation: each problem named with its path and line.

use longarm::RuleSet;

fn problems(text: &str) -> Vec<String> {
    let err = RuleSet::from_toml_strs(&[text]).unwrap_err();
    err.problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.line.unwrap_or(0), p.path, p.kind))
        .collect()
}

const HEAD: &str = "[pack]\nid = \"t\"\njurisdiction = \"TT\"\ntitle = \"t\"\n";

#[test]
fn unknown_keys_are_errors_with_their_line() {
    let got = problems(&format!(
        "{HEAD}\n[[rules]]\nid = \"r\"\ntitle = \"r\"\ncitation = \"c\"\neffect = \"reach\"\neffectiv = []\nwhen = {{ item = {{ origin = [\"CN\"] }} }}\n"
    ));
    assert_eq!(
        got,
        ["11:rules[0].effectiv: unknown field `effectiv`; did you mean `effective`?"]
    );
    // Inside a condition too: a misspelt condition is not silently false.
    let got = problems(&format!(
        "{HEAD}\n[[rules]]\nid = \"r\"\ntitle = \"r\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2025-01-01, instrument = \"i\" }} ]\nwhen = {{ item = {{ orign = [\"CN\"] }} }}\n"
    ));
    assert_eq!(
        got,
        ["12:rules[0].when.item.orign: unknown field `orign`; did you mean `origin`?"]
    );
}

/// A rule with an id, title, citation and window, then `extra`.
fn numbered(id: &str, extra: &str) -> String {
    format!(
        "\n[[rules]]\nid = \"{id}\"\ntitle = \"t\"\ncitation = \"c\"\neffective = [ {{ from = 2025-01-01, instrument = \"a\" }} ]\n{extra}\n"
    )
}

#[test]
fn every_problem_of_every_rule_at_once() {
    let text = [
        HEAD.to_owned(),
        // Rule 1 (lines 6-14): an unknown key, and a second one.
        numbered("r1", "effect = \"reach\"\nwhen = { end_use = [\"x\"] }\nnotes = \"n\"\ncitaton = \"c\""),
        // Rule 2 (lines 16-22): fine.
        numbered("r2", "effect = \"reach\"\nwhen = { end_use = [\"x\"] }"),
        // Rule 3 (lines 24-33): a misspelt key in the second condition of an `all`.
        numbered(
            "r3",
            "effect = \"reach\"\nwhen = { all = [\n  { end_use = [\"x\"] },\n  { item = { orgin = [\"CN\"] } },\n] }",
        ),
        // Rule 4 (lines 35-40): no condition at all.
        numbered("r4", "effect = \"reach\""),
        // Rule 5 (lines 42-49): a bad review.
        numbered(
            "r5",
            "effect = \"license_required\"\nreview = \"strict\"\nwhen = { end_use = [\"x\"] }",
        ),
        // A window missing its instrument, and an unknown top-level table.
        "\n[[controls]]\njurisdiction = \"TT\"\ncode = \"1A001\"\nreason = \"NS1\"\ncolum = \"NS1\"\n\n[rule]\nid = \"x\"\n".to_owned(),
    ]
    .concat();
    let got = problems(&text);
    assert_eq!(
        got,
        [
            "13:rules[0].notes: unknown field `notes`; did you mean `note`?",
            "14:rules[0].citaton: unknown field `citaton`; did you mean `citation`?",
            "32:rules[2].when.all[1].item.orgin: unknown field `orgin`; did you mean `origin`?",
            "35:rules[3]: missing required field `when`",
            "48:rules[4].review: unknown review `strict`: expected `approval`, `case_by_case`, `presumption_of_denial` or `denial`",
            "55:controls[0].colum: unknown field `colum`; did you mean `column`?",
            "57:rule: unknown field `rule`; did you mean `rules`?",
        ],
        "{text}"
    );
    // One error naming the file once, every problem on its own line.
    let err = longarm::RuleSet::from_toml_strs(&[&text]).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "<pack 0>: 7 problems\n<pack 0>:13: rules[0].notes: unknown field `notes`"
        ),
        "{err}"
    );
}

#[test]
fn missing_keys_and_wrong_types_are_named_where_they_are() {
    let got = problems(&format!(
        "{HEAD}\n[[rules]]\nid = \"r\"\ntitle = \"r\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2025-01-01 }} ]\nwhen = {{ end_use = \"x\" }}\n\n[groups]\nD5 = 5\n"
    ));
    assert_eq!(
        got,
        [
            "11:rules[0].effective[0]: missing required field `instrument`",
            "15:groups.D5: invalid type: integer `5`, expected a table",
        ]
    );
    // No header at all; real syntax errors stay one problem.
    assert_eq!(
        problems("[[rules]]\nid = 1\n"),
        [
            "1:: missing required field `pack`",
            "2:rules[0].id: invalid type: integer `1`, expected a string"
        ]
    );
    let got = problems("[pack]\nid = = 1\n");
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("2:: syntax error at column 6:"),
        "{got:?}"
    );
}

fn rule(body: &str) -> String {
    format!("{HEAD}\n[lists.\"TT:list\"]\n\n[[rules]]\nid = \"r\"\ntitle = \"r\"\n{body}\n")
}

#[test]
fn a_rule_without_citation_or_window() {
    let got = problems(&rule("effect = \"reach\"\nwhen = { end_use = [\"x\"] }"));
    assert_eq!(
        got,
        [
            "8:rules[0]: rule `r` has no citation: every rule must name its instrument and article",
            "8:rules[0]: rule `r` has no effective window",
        ]
    );
}

#[test]
fn empty_and_overlapping_windows() {
    let got = problems(&rule(
        "citation = \"c\"\neffect = \"reach\"\neffective = [\n { from = 2025-12-01, to = 2025-11-30, instrument = \"a\" },\n { from = 2025-01-01, instrument = \"b\" },\n { from = 2026-01-01, to = 2026-02-01, instrument = \"c\" },\n]\nsuspended = [ { from = \"2025-02-30\", instrument = \"d\" } ]\nwhen = { end_use = [\"x\"] }",
    ));
    assert_eq!(
        got,
        [
            "14:rules[0].effective[0]: empty window: `to` (2025-11-30) is before `from` (2025-12-01)",
            "16:rules[0].effective[2]: windows overlap: 2025-01-01 onwards and 2026-01-01 to 2026-02-01",
            "18:rules[0].suspended[0].from: invalid date `2025-02-30`: expected an existing date written `YYYY-MM-DD`",
        ]
    );
}

#[test]
fn effects_and_reviews() {
    let got = problems(&rule(
        "citation = \"c\"\neffect = \"licence\"\neffective = [ { from = 2025-01-01, instrument = \"a\" } ]\nwhen = { end_use = [\"x\"] }",
    ));
    assert_eq!(
        got,
        [
            "12:rules[0].effect: unknown effect `licence`: expected `reach`, `license_required` or `exempt`"
        ]
    );
    let got = problems(&rule(
        "citation = \"c\"\neffect = \"license_required\"\neffective = [ { from = 2025-01-01, instrument = \"a\" } ]\nwhen = { end_use = [\"x\"] }",
    ));
    assert_eq!(
        got,
        ["8:rules[0]: a `license_required` rule needs a `review`"]
    );
    let got = problems(&rule(
        "citation = \"c\"\neffect = \"reach\"\nreview = \"strict\"\neffective = [ { from = 2025-01-01, instrument = \"a\" } ]\nwhen = { end_use = [\"x\"] }",
    ));
    assert_eq!(
        got,
        [
            "13:rules[0].review: unknown review `strict`: expected `approval`, `case_by_case`, `presumption_of_denial` or `denial`",
            "13:rules[0].review: `review` only goes with `effect = \"license_required\"`",
        ]
    );
}

#[test]
fn undefined_classes_groups_and_lists() {
    let got = problems(&format!(
        "{HEAD}\n[classes.part1]\norigin = [\"CN\"]\n\n[groups.D5]\nmembers = [ {{ country = \"CN\" }} ]\n\n[lists.\"TT:list\"]\n\n[[rules]]\nid = \"r\"\ntitle = \"r\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2025-01-01, instrument = \"a\" }} ]\nwhen = {{ all = [\n  {{ item = {{ class = \"part2\" }} }},\n  {{ to = {{ groups = [\"D:5\"] }} }},\n  {{ party = {{ lists = [\"TT:lists\"] }} }},\n] }}\n"
    ));
    assert_eq!(
        got,
        [
            "21:rules[0].when[0].item: undefined class `part2`; did you mean `part1`?",
            "22:rules[0].when[1].to: undefined country group `D:5`; did you mean `D5`?",
            "23:rules[0].when[2].party: undefined party list `TT:lists`; did you mean `TT:list`?",
        ]
    );
}

#[test]
fn class_cycles_are_rejected() {
    let got = problems(&format!(
        "{HEAD}\n[classes.a]\nclass = \"b\"\n\n[classes.b]\nany = [ {{ origin = [\"CN\"] }}, {{ class = \"a\" }} ]\n"
    ));
    assert_eq!(
        got,
        ["6:classes.a: classes refer to each other in a cycle: `a` -> `b` -> `a`"]
    );
}

#[test]
fn thresholds_shares_codes_and_countries() {
    let got = problems(&rule(
        "citation = \"c\"\neffect = \"reach\"\neffective = [ { from = 2025-01-01, instrument = \"a\" } ]\nwhen = { all = [\n { content = { counted = { origin = [\"cn\"] }, op = \"=>\", threshold = \"1.5\" } },\n { party = { roles = [\"buyer\"], lists = [\"TT:list\"], affiliates = { share = \"0\", citation = \"x\" } } },\n { component = { classification = { jurisdiction = \"CN\", codes = [\"1C902\"], missing = \"no\" } } },\n] }",
    ));
    assert_eq!(
        got,
        [
            // Conditions without a position of their own point at their rule.
            "8:rules[0].when[0].content.counted.origin: invalid country code `cn`: expected an ISO 3166-1 alpha-2 code; did you mean `CN`?",
            "8:rules[0].when[1].party.roles: unknown role `buyer`: expected `purchaser`, `intermediate_consignee`, `ultimate_consignee` or `end_user`",
            "8:rules[0].when[1].party.affiliates: the affiliate extension needs an `effective` window",
            "15:rules[0].when[0].content.op: unknown comparison `=>`: expected `>=` or `>`",
            "15:rules[0].when[0].content.threshold: threshold `1.5` must be a ratio from 0 to 1, e.g. `0.001` for 0.1%",
            "16:rules[0].when[1].party.affiliates.share: share must be greater than 0 and at most 1, found `0`",
            "17:rules[0].when[2].component.classification.missing: unknown `missing` reading `no`: expected `unknown` or `false`",
        ]
    );
}

#[test]
fn pack_files_are_named_in_errors() {
    let dir = std::env::temp_dir().join(format!("longarm-packs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        rule("effect = \"reach\"\nwhen = { end_use = [\"x\"] }"),
    )
    .unwrap();
    let err = RuleSet::load(false, std::slice::from_ref(&dir)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}: 2 problems", file.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}:8: rules[0]: rule `r` has no citation",
            file.display()
        )),
        "{text}"
    );
}

#[test]
fn jurisdictions_list_names_and_reach_flags() {
    let got = problems(
        "[pack]\nid = \"t\"\njurisdiction = \"cn\"\ntitle = \"t\"\n\n[lists.\"CN:Control List\"]\n\n[[rules]]\nid = \"r\"\ntitle = \"r\"\ncitation = \"c\"\neffect = \"reach\"\nrequires_reach = true\neffective = [ { from = 2025-01-01, instrument = \"a\" } ]\nwhen = { item = { classification = { jurisdiction = \"us\", codes = [] } } }\n",
    );
    assert_eq!(
        got,
        [
            "6:lists.CN:Control List: invalid list `CN:Control List`: expected `JURISDICTION:list-id`, e.g. `US:entity-list` or `CN:control-list`; did you mean `CN:control-list`?",
            "8:rules[0].requires_reach: `requires_reach = true` only goes with `effect = \"license_required\"` (or `\"warning\"`, where it is the default)",
            "8:rules[0].when.item.classification.jurisdiction: invalid jurisdiction `us`: expected upper-case letters, e.g. `CN`",
            "0:pack.jurisdiction: invalid jurisdiction `cn`: expected upper-case letters, e.g. `CN`",
        ]
    );
}

#[test]
fn rule_references_must_exist_and_not_loop() {
    let r = |id: &str, target: &str| {
        format!(
            "\n[[rules]]\nid = \"{id}\"\ntitle = \"t\"\ncitation = \"c\"\neffect = \"reach\"\neffective = [ {{ from = 2025-01-01, instrument = \"a\" }} ]\nwhen = {{ rule = \"{target}\" }}\n"
        )
    };
    let got = problems(&format!("{HEAD}{}", r("a", "b")));
    assert_eq!(
        got,
        ["12:rules[0].when: undefined rule `b`; did you mean `a`?"]
    );
    let got = problems(&format!("{HEAD}{}{}", r("a", "b"), r("b", "a")));
    assert_eq!(got.len(), 1);
    assert!(
        got[0].ends_with("rules refer to each other in a cycle: `a` -> `b` -> `a`"),
        "{got:?}"
    );
}

//! `[[patches]]`: changing fields of a rule loaded earlier without copying it.

use longarm::RuleSet;
use longarm::rules::Pred;

const BASE: &str = r#"[pack]
id = "base"
jurisdiction = "TT"
title = "base"

[[rules]]
id = "tt.content"
title = "content"
citation = "Base Act, Art. 1"
note = "base note"
effect = "license_required"
review = "approval"
effective = [ { from = 2025-01-01, instrument = "Base Act" } ]
suspended = [ { from = 2025-06-01, to = 2025-12-31, instrument = "Suspension" } ]
when = { all = [
  { end_use = ["x-first"] },
  { content = { counted = { origin = ["CN"] }, op = ">=", threshold = "0.001" } },
] }

[[rules]]
id = "tt.reach"
title = "reach"
citation = "Base Act, Art. 2"
effect = "reach"
effective = [ { from = 2025-01-01, instrument = "Base Act" } ]
when = { any = [ { end_use = ["x-second"] }, { rule = "tt.content" } ] }
"#;

fn pack(body: &str) -> String {
    format!("[pack]\nid = \"amend\"\njurisdiction = \"TT\"\ntitle = \"amend\"\n\n{body}")
}

fn problems(body: &str) -> Vec<String> {
    let err = RuleSet::from_toml_strs(&[BASE, &pack(body)]).unwrap_err();
    assert_eq!(err.file.as_deref(), Some(std::path::Path::new("<pack 1>")));
    err.problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.line.unwrap_or(0), p.path, p.kind))
        .collect()
}

fn threshold(when: &Pred) -> String {
    let Pred::All(ps) = when else {
        panic!("{when:?}")
    };
    let Pred::Content(c) = &ps[1] else {
        panic!("{when:?}")
    };
    c.threshold.to_string()
}

#[test]
fn a_patch_replaces_only_the_fields_it_gives() {
    let amend = pack(
        "[[patches]]\nrule = \"tt.content\"\nsuspended = [ { from = 2025-06-01, to = 2027-11-10, instrument = \"Extension\" } ]\nthreshold = \"0.002\"\nreview = \"denial\"\n",
    );
    let set = RuleSet::from_toml_strs(&[BASE, &amend]).unwrap();
    let rule = set.rule("tt.content").unwrap();
    assert_eq!(rule.suspended.len(), 1);
    assert_eq!(rule.suspended[0].to.unwrap().to_string(), "2027-11-10");
    assert_eq!(rule.suspended[0].instrument, "Extension");
    assert_eq!(threshold(&rule.when), "0.002");
    assert_eq!(rule.review, Some(longarm::rules::Review::Denial));
    // Everything else is the base rule's.
    assert_eq!(rule.effective[0].instrument, "Base Act");
    assert_eq!(rule.note.as_deref(), Some("base note"));
    assert_eq!(rule.citation, "Base Act, Art. 1");
    assert_eq!(rule.pack, "base");
    assert!(
        rule.source
            .as_deref()
            .unwrap()
            .starts_with("[[rules]]\nid = \"tt.content\"")
    );
    // The patch is recorded, and its pack is in the set like any pack.
    assert_eq!(rule.patches.len(), 1);
    assert_eq!(rule.patches[0].pack, "amend");
    assert_eq!(rule.patches[0].pack_source, "<pack 1>");
    assert_eq!(rule.patches[0].fields, ["suspended", "threshold", "review"]);
    assert!(
        rule.patches[0]
            .source
            .as_deref()
            .unwrap()
            .starts_with("[[patches]]\nrule = \"tt.content\"\nsuspended")
    );
    assert_eq!(
        set.packs()
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["base", "amend"]
    );
    // The other rule is untouched.
    assert!(set.rule("tt.reach").unwrap().patches.is_empty());
}

#[test]
fn patches_apply_in_load_order_and_may_lift_suspensions() {
    let first = pack(
        "[[patches]]\nrule = \"tt.content\"\neffective = [ { from = 2026-01-01, instrument = \"Restart\" } ]\nnote = \"first\"\n",
    );
    let second = pack(
        "[[patches]]\nrule = \"tt.content\"\nsuspended = []\nnote = \"second\"\ncitation = \"Base Act, Art. 1 (as amended)\"\n",
    );
    let set = RuleSet::from_toml_strs(&[BASE, &first, &second]).unwrap();
    let rule = set.rule("tt.content").unwrap();
    assert_eq!(rule.effective[0].from.to_string(), "2026-01-01");
    assert!(rule.suspended.is_empty());
    assert_eq!(rule.note.as_deref(), Some("second"));
    assert_eq!(rule.citation, "Base Act, Art. 1 (as amended)");
    assert_eq!(threshold(&rule.when), "0.001");
    assert_eq!(
        rule.patches
            .iter()
            .map(|p| p.pack_source.as_str())
            .collect::<Vec<_>>(),
        ["<pack 1>", "<pack 2>"]
    );
    // Inline rules keep their own text, a trailing comment included.
    let inline = format!(
        "{}\n[pack]\nid = \"inline\"\njurisdiction = \"TT\"\ntitle = \"t\"\n",
        "rules = [ { id = \"a\", title = \"t\", citation = \"c\", effect = \"reach\", effective = [ { from = 2025-01-01, instrument = \"i\" } ], when = { end_use = [\"x-first\"] } }, # first\n  { id = \"b\", title = \"t\", citation = \"c\", effect = \"reach\", effective = [ { from = 2025-01-01, instrument = \"i\" } ], when = { end_use = [\"x-second\"] } } ]"
    );
    let set = RuleSet::from_toml_strs(&[&inline]).unwrap();
    assert!(
        set.rule("a")
            .unwrap()
            .source
            .as_deref()
            .unwrap()
            .ends_with("[\"x-first\"] } }")
    );
    assert!(
        set.rule("b")
            .unwrap()
            .source
            .as_deref()
            .unwrap()
            .starts_with("{ id = \"b\"")
    );
    let commented = BASE.replace(
        "{ rule = \"tt.content\" } ] }",
        "{ rule = \"tt.content\" } ] }  # the end",
    );
    let set = RuleSet::from_toml_strs(&[&commented]).unwrap();
    assert!(
        set.rule("tt.reach")
            .unwrap()
            .source
            .as_deref()
            .unwrap()
            .ends_with("] }  # the end")
    );
    // A patch in the rule's own pack applies after its rules.
    let own = format!("{BASE}\n[[patches]]\nrule = \"tt.reach\"\nnote = \"patched\"\n");
    let set = RuleSet::from_toml_strs(&[&own]).unwrap();
    assert_eq!(
        set.rule("tt.reach").unwrap().note.as_deref(),
        Some("patched")
    );
    // A later pack replacing the rule replaces the patched rule whole.
    let replace = BASE
        .replace("id = \"base\"", "id = \"again\"")
        .replace("base note", "replaced");
    let set = RuleSet::from_toml_strs(&[BASE, &first, &replace]).unwrap();
    let rule = set.rule("tt.content").unwrap();
    assert_eq!(rule.note.as_deref(), Some("replaced"));
    assert!(rule.patches.is_empty());
}

#[test]
fn unknown_rules_and_empty_patches_are_errors() {
    assert_eq!(
        problems("[[patches]]\nrule = \"tt.contnet\"\nnote = \"n\"\n"),
        ["6:patches[0].rule: undefined rule `tt.contnet`; did you mean `tt.content`?"]
    );
    assert_eq!(
        problems(
            "[[patches]]\nrule = \"tt.content\"\n\n[[patches]]\nrule = \"tt.reach\"\nnot = \"n\"\n"
        ),
        [
            "6:patches[0]: the patch of rule `tt.content` changes nothing: give `effective`, `suspended`, `threshold`, `review`, `note` or `citation`",
            "11:patches[1].not: unknown field `not`; did you mean `note`?",
        ]
    );
    // A rule of a later pack cannot be patched before it is loaded.
    let err = RuleSet::from_toml_strs(&[
        &pack("[[patches]]\nrule = \"tt.content\"\nnote = \"n\"\n"),
        BASE,
    ])
    .unwrap_err();
    assert_eq!(
        err.problems[0].kind.to_string(),
        "undefined rule `tt.content`"
    );
}

#[test]
fn patched_fields_are_validated_as_for_rules() {
    assert_eq!(
        problems(
            "[[patches]]\nrule = \"tt.content\"\neffective = []\nsuspended = [\n { from = 2025-06-01, to = 2025-05-01, instrument = \"a\" },\n { from = 2026-01-01, instrument = \"b\" },\n { from = 2026-06-01, to = 2026-07-01, instrument = \"c\" },\n]\nthreshold = \"2\"\nreview = \"strict\"\ncitation = \"\"\n",
        ),
        [
            "6:patches[0].effective: rule `tt.content` has no effective window",
            "10:patches[0].suspended[0]: empty window: `to` (2025-05-01) is before `from` (2025-06-01)",
            "12:patches[0].suspended[2]: windows overlap: 2026-01-01 onwards and 2026-06-01 to 2026-07-01",
            "14:patches[0].threshold: threshold `2` must be a ratio from 0 to 1, e.g. `0.001` for 0.1%",
            "15:patches[0].review: unknown review `strict`: expected `approval`, `case_by_case`, `presumption_of_denial` or `denial`",
            "16:patches[0].citation: rule `tt.content` has no citation: every rule must name its instrument and article",
        ]
    );
}

#[test]
fn a_threshold_needs_exactly_one_content_condition_and_a_review_a_licence() {
    assert_eq!(
        problems("[[patches]]\nrule = \"tt.reach\"\nthreshold = \"0.002\"\n"),
        [
            "8:patches[0].threshold: rule `tt.reach` has no content condition: a patched `threshold` replaces the threshold of exactly one"
        ]
    );
    let two = BASE.replace(
        "{ end_use = [\"x-first\"] },",
        "{ content = { counted = { origin = [\"RU\"] }, op = \">\", threshold = \"0.1\" } },",
    );
    let err = RuleSet::from_toml_strs(&[
        &two,
        &pack("[[patches]]\nrule = \"tt.content\"\nthreshold = \"0.002\"\n"),
    ])
    .unwrap_err();
    assert_eq!(
        err.problems[0].kind.to_string(),
        "rule `tt.content` has 2 content conditions: a patched `threshold` replaces the threshold of exactly one"
    );
    assert_eq!(
        problems("[[patches]]\nrule = \"tt.reach\"\nreview = \"denial\"\n"),
        ["8:patches[0].review: `review` only goes with `effect = \"license_required\"`"]
    );
}

/// The bundled CN rules evaluated with a patch pack on top: the patched fields change the
/// determination, the rest of the rule still decides.
#[test]
fn a_patched_bundled_rule_decides_with_its_new_fields() {
    let motor = r#"{ "currency": "USD", "items": [
      { "id": "MOTOR", "origin": "VN", "value": "1500.00",
        "components": [ { "item": "MAGNET", "quantity": "1.6" } ] },
      { "id": "MAGNET", "origin": "JP", "value": "60.00", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
        "components": [ { "item": "DY", "quantity": "0.04" } ] },
      { "id": "DY", "origin": "CN", "value": "350.00", "material": { "form": "metal", "elements": ["Dy"] } } ] }"#;
    let bom = longarm::Bom::from_json_str(motor).unwrap();
    let scenario = longarm::Scenario::from_json_str(
        r#"{ "bom": "x.json", "item": "MOTOR", "from": "VN", "to": "DE", "date": "2026-12-01" }"#,
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("longarm-patch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |patch: &str| {
        let file = dir.join("patch.toml");
        std::fs::write(&file, pack(patch).replace("\"TT\"", "\"CN\"")).unwrap();
        let rules = RuleSet::load(true, &[file]).unwrap();
        let d = longarm::evaluate(&bom, &scenario, &rules).unwrap();
        let cn = d
            .jurisdictions
            .iter()
            .find(|j| j.jurisdiction == "CN")
            .unwrap();
        let f = cn
            .findings
            .iter()
            .find(|f| f.rule == "cn.mofcom.2025-61.art1-1");
        (
            d.verdict.as_str().to_owned(),
            cn.review.map(|r| r.as_str().to_owned()),
            f.map(|f| (f.status.as_str(), f.threshold.clone())),
            d.receipt
                .packs
                .iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    let rule = "[[patches]]\nrule = \"cn.mofcom.2025-61.art1-1\"\n";
    // 22.40 / 1500.00 = 1.49%: caught at the bundled 0.1%...
    let (verdict, review, finding, packs) = run(&format!("{rule}note = \"n\"\n"));
    assert_eq!(verdict, "license_required");
    assert_eq!(review.as_deref(), Some("approval"));
    assert_eq!(finding, Some(("applies", Some(">= 0.001".to_owned()))));
    assert_eq!(packs.last().map(String::as_str), Some("amend"));
    // ...not at a patched 2%...
    let (verdict, _, finding, _) = run(&format!("{rule}threshold = \"0.02\"\n"));
    assert_eq!(verdict, "no_license_required");
    assert_eq!(finding, None);
    // ...with a stricter review where it applies...
    let (_, review, _, _) = run(&format!("{rule}review = \"case_by_case\"\n"));
    assert_eq!(review.as_deref(), Some("case_by_case"));
    // ...and dormant while a patched suspension lasts.
    let (verdict, _, finding, _) = run(&format!(
        "{rule}suspended = [ {{ from = 2025-11-07, to = 2027-11-10, instrument = \"x\" }} ]\n"
    ));
    assert_eq!(verdict, "no_license_required");
    assert_eq!(finding.map(|f| f.0), Some("dormant"));
}

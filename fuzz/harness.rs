#![allow(dead_code)] // each fuzz target uses one function
//! The bodies of the fuzz targets, shared by the libFuzzer targets in `fuzz_targets/` and by
//! the proptest fallback that `cargo test` runs on stable (`tests/no_panic.rs`): every
//! function takes any input and must return without panicking, hanging or blowing up.
//!
//! `structured` builds a valid BOM (a DAG over codes, materials and origins the packs read)
//! and a scenario from raw bytes, so the evaluator is driven past the loaders.

use longarm::limits::Limits;
use std::fmt::Write;
use std::path::Path;

/// Any text as a JSON BOM; a BOM that loads is drawn as a tree.
pub fn bom_json(text: &str) {
    if let Ok(bom) = longarm::Bom::from_json_str(text)
        && let Some(root) = bom.roots().next().map(|i| i.id.clone())
    {
        let _ = longarm::tree::tree(&bom, Some(&root)).map(|t| longarm::tree::render_text(&t));
    }
}

/// Any text as a TOML BOM.
pub fn bom_toml(text: &str) {
    let _ = longarm::Bom::from_toml_str(text);
}

/// Any text as a scenario, JSON and TOML.
pub fn scenario(text: &str) {
    let _ = longarm::Scenario::from_json_str(text);
    let _ = longarm::Scenario::from_toml_str(text);
}

/// Any text as a rule pack.
pub fn pack(text: &str) {
    let _ = longarm::RuleSet::from_toml_strs(&[text]);
}

/// Any text as a case file, TOML and JSON; loaded cases run against the bundled packs (their
/// scenario and BOM paths rarely resolve, which must be an error too).
pub fn cases(text: &str, bundled: &longarm::RuleSet) {
    for toml in [true, false] {
        if let Ok(cases) = longarm::testing::cases_from_str(
            text,
            toml,
            Path::new("/nonexistent"),
            &Limits::default(),
        ) {
            for case in cases.iter().take(4) {
                let _ = longarm::testing::run_case(case, bundled);
            }
        }
    }
}

/// A BOM, a scenario and a pack from one text, split at the first two NUL bytes: when all
/// three load, evaluation with explanations and its text and JSON.
pub fn evaluate(text: &str) {
    let mut parts = text.splitn(3, '\0');
    let (Some(bom), Some(scenario), Some(pack)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let (Ok(bom), Ok(scenario), Ok(rules)) = (
        longarm::Bom::from_json_str(bom),
        longarm::Scenario::from_json_str(scenario),
        longarm::RuleSet::from_toml_strs(&[pack]),
    ) else {
        return;
    };
    render(&bom, &scenario, &rules);
}

fn render(bom: &longarm::Bom, scenario: &longarm::Scenario, rules: &longarm::RuleSet) {
    if let Ok(d) = longarm::evaluate_with(bom, scenario, rules, longarm::EvalOptions::EXPLAIN) {
        let _ = longarm::eval::text::render_with(
            &d,
            longarm::eval::text::TextOptions::new(false, true),
        );
        let _ = longarm::replay::render_json(&d);
    }
}

/// Reads choices from raw bytes; past the end, every choice is the first.
struct Bytes<'a> {
    data: &'a [u8],
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn pick<'v>(&mut self, values: &[&'v str]) -> &'v str {
        let i = usize::from(self.byte()) % values.len().max(1);
        values.get(i).copied().unwrap_or("")
    }

    fn chance(&mut self, in_256: u8) -> bool {
        self.byte() < in_256
    }
}

const ORIGINS: &[&str] = &["CN", "CN", "US", "VN", "DE", "JP", "KR", "RU", ""];
const VALUES: &[&str] = &["1", "0.001", "25", "1000", "0.1", "99999999.99", "3", ""];
const QUANTITIES: &[&str] = &["1", "2", "0.5", "1000", "0.001"];
const CODES: &[&str] = &[
    "US:EAR99",
    "US:3A090.a",
    "US:5A002.a",
    "US:1C010.a",
    "US:9A610.x",
    "US:3A001.b.1",
    "CN:1C902.a",
    "CN:unlisted",
    "CN:1C117.c",
    "",
];
const FORMS: &[&str] = &[
    "metal", "magnet", "oxide", "alloy", "powder", "compound", "target", "other",
];
const ELEMENTS: &[&str] = &[
    "Nd", "Dy", "Tb", "Sm", "Gd", "Pr", "Ga", "Ge", "W", "Sb", "Fe", "Co",
];
const TAGS: &[&str] = &["public-domain", "enc-authorized", "food", "x-own"];
const PROCESSES: &[&str] = &[
    "mining",
    "smelting-separation",
    "metal-smelting",
    "magnet-manufacturing",
    "recycling",
];
const DATES: &[&str] = &[
    "2025-04-03",
    "2025-04-04",
    "2025-10-09",
    "2025-11-07",
    "2025-11-08",
    "2025-12-01",
    "2026-11-09",
    "2026-11-10",
    "2026-11-27",
    "2026-11-28",
    "2026-12-01",
    "2027-11-10",
];
const LISTS: &[&str] = &[
    "US:entity-list",
    "US:entity-list:fn1",
    "US:meu",
    "CN:control-list",
    "CN:watch-list",
    "CN:unreliable-entity",
];
const END_USES: &[&str] = &[
    "civil",
    "military",
    "military-end-user",
    "wmd",
    "humanitarian",
    "supercomputer",
];

/// A valid BOM (components only point at later items, so it is acyclic; shared
/// sub-assemblies are common) and a scenario exporting one of its items, built from `data`,
/// evaluated against `rules` with explanations.
pub fn structured(data: &[u8], rules: &longarm::RuleSet) {
    let (bom, scenario) = build(data);
    let (Ok(bom), Ok(scenario)) = (
        longarm::Bom::from_json_str(&bom),
        longarm::Scenario::from_json_str(&scenario),
    ) else {
        return;
    };
    render(&bom, &scenario, rules);
    // Same inputs, same bytes.
    let json = |b, s| {
        longarm::evaluate_with(b, s, rules, longarm::EvalOptions::EXPLAIN)
            .map(|d| longarm::replay::render_json(&d))
            .map_err(|e| e.to_string())
    };
    assert_eq!(json(&bom, &scenario), json(&bom, &scenario));
}

/// The BOM and scenario texts [`structured`] evaluates.
pub fn build(data: &[u8]) -> (String, String) {
    let mut b = Bytes { data };
    let n = usize::from(b.byte() % 24).saturating_add(1);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let mut item = format!(r#"{{ "id": "I{i}""#);
        let origin = b.pick(ORIGINS);
        if !origin.is_empty() {
            let _ = write!(item, r#", "origin": "{origin}""#);
        }
        let value = b.pick(VALUES);
        if !value.is_empty() {
            let _ = write!(item, r#", "value": "{value}""#);
        }
        let code = b.pick(CODES);
        if let Some((j, c)) = code.split_once(':') {
            let _ = write!(item, r#", "classification": {{ "{j}": "{c}" }}"#);
        }
        if b.chance(100) {
            let form = b.pick(FORMS);
            let elements: Vec<String> = (0..b.byte() % 3)
                .map(|_| format!("\"{}\"", b.pick(ELEMENTS)))
                .collect();
            let _ = write!(
                item,
                r#", "material": {{ "form": "{form}", "elements": [{}] }}"#,
                elements.join(", ")
            );
        }
        if b.chance(30) {
            let _ = write!(
                item,
                r#", "made_with": [ {{ "kind": "technology", "origin": "{}", "process": "{}" }} ]"#,
                b.pick(&["CN", "US", "DE"]),
                b.pick(PROCESSES)
            );
        }
        if b.chance(20) {
            let _ = write!(item, r#", "tags": ["{}"]"#, b.pick(TAGS));
        }
        let later = n.saturating_sub(i).saturating_sub(1);
        if later > 0 {
            let count = usize::from(b.byte() % 4).min(later);
            let lines: Vec<String> = (0..count)
                .map(|_| {
                    let child = i
                        .saturating_add(1)
                        .saturating_add(usize::from(b.byte()) % later);
                    format!(
                        r#"{{ "item": "I{child}", "quantity": "{}" }}"#,
                        b.pick(QUANTITIES)
                    )
                })
                .collect();
            if !lines.is_empty() {
                let _ = write!(item, r#", "components": [{}]"#, lines.join(", "));
            }
        }
        item.push_str(" }");
        items.push(item);
    }
    let assume = if b.chance(40) {
        r#", "assume": { "undeclared_material": "unknown" }"#
    } else {
        ""
    };
    let bom = format!(
        r#"{{ "currency": "USD"{assume}, "items": [ {} ] }}"#,
        items.join(",\n")
    );
    let exported = usize::from(b.byte()) % n;
    let parties: Vec<String> = (0..b.byte() % 3)
        .map(|p| {
            let owner = if p > 0 && b.chance(80) {
                r#", "owners": [ { "party": "P0", "share": "0.5" } ]"#
            } else {
                ""
            };
            format!(
                r#"{{ "id": "P{p}", "roles": ["{}"], "lists": ["{}"]{owner} }}"#,
                b.pick(&["purchaser", "end_user", "ultimate_consignee"]),
                b.pick(LISTS)
            )
        })
        .collect();
    let end_uses: Vec<String> = (0..b.byte() % 2)
        .map(|_| format!("\"{}\"", b.pick(END_USES)))
        .collect();
    let scenario = format!(
        r#"{{ "bom": "x.json", "item": "I{exported}", "from": "{}", "to": "{}", "date": "{}", "parties": [{}], "end_uses": [{}] }}"#,
        b.pick(&["CN", "VN", "DE", "US", "JP"]),
        b.pick(&["US", "DE", "RU", "CN", "KP", "AE", "JP"]),
        b.pick(DATES),
        parties.join(", "),
        end_uses.join(", ")
    );
    (bom, scenario)
}

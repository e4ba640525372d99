//! Item predicates, evaluated three-valued on one item.

use super::prepared::AddrMap;
use crate::bom::Item;
use crate::bom::kinds::{Kind, Kinds};
use crate::rollup::{Facts, Predicates, Truth};
use crate::rules::RuleSet;
use crate::rules::model::{CodeMatch, Control, ItemPred, code_covers};
use crate::vocab::PRIVATE_PREFIX;
use crate::{Country, Date, UndeclaredMaterial};
use std::cell::RefCell;

/// Bounds recursion through `all`/`any`/`not`/`class`; packs are checked for class cycles at
/// load, so only a pathological nesting could reach it.
const MAX_DEPTH: usize = 64;

/// What an item condition may look at besides the item: the rule set (classes, control rows,
/// charts) and the export's destination and date.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemCx<'a> {
    pub rules: &'a RuleSet,
    pub to: Country,
    pub date: Date,
    /// How a part without `material` is read.
    pub undeclared_material: UndeclaredMaterial,
    /// The class each `class = "..."` condition names, by the condition's address (resolved
    /// once by the engine; a name missing here is looked up in `rules`).
    pub classes: &'a AddrMap<usize, &'a ItemPred>,
}

impl<'a> ItemCx<'a> {
    fn class(&self, pred: &ItemPred, name: &str) -> Option<&'a ItemPred> {
        match self.classes.get(&(std::ptr::from_ref(pred) as usize)) {
            Some(p) => Some(*p),
            None => self.rules.class(name),
        }
    }
}

/// Resolves every `class = "..."` condition reachable from `pred` (through the classes it
/// names) into `out`.
pub(crate) fn resolve_classes<'r>(
    pred: &'r ItemPred,
    rules: &'r RuleSet,
    out: &mut AddrMap<usize, &'r ItemPred>,
) {
    match pred {
        ItemPred::All(ps) | ItemPred::Any(ps) => {
            ps.iter().for_each(|p| resolve_classes(p, rules, out));
        }
        ItemPred::Not(p) => resolve_classes(p, rules, out),
        ItemPred::Class(name) => {
            let key = std::ptr::from_ref(pred) as usize;
            if out.contains_key(&key) {
                return;
            }
            if let Some(class) = rules.class(name) {
                out.insert(key, class);
                resolve_classes(class, rules, out);
            }
        }
        _ => {}
    }
}

/// The item conditions of one roll-up, all asked of an item at once and remembered by the
/// item's kind (`bom::kinds`): most items of a large BOM repeat a few materials, origins and
/// codes, so the conditions are evaluated once per kind of item rather than once per item.
/// The answers are [`eval`]'s, by construction.
#[derive(Debug)]
pub(crate) struct Conditions<'a> {
    preds: Vec<&'a ItemPred>,
    cx: ItemCx<'a>,
    /// The kinds of the BOM rolled up.
    kinds: &'a Kinds,
    memo: RefCell<Memo>,
}

#[derive(Debug, Default)]
struct Memo {
    /// Per kind: its row of `answers`, or [`Memo::NONE`] until an item of it is asked.
    rows: Vec<u32>,
    /// Per row and condition, `row * conditions + p`.
    answers: Vec<Truth>,
}

impl Memo {
    const NONE: u32 = u32::MAX;
}

impl<'a> Conditions<'a> {
    /// `preds` asked of the items of the BOM whose kinds are `kinds`.
    pub fn new(preds: Vec<&'a ItemPred>, cx: ItemCx<'a>, kinds: &'a Kinds) -> Self {
        Conditions {
            preds,
            cx,
            kinds,
            memo: RefCell::default(),
        }
    }

    fn eval_all(&self, item: &Item, out: &mut [Truth]) {
        for (t, pred) in out.iter_mut().zip(&self.preds) {
            *t = eval(pred, item, &self.cx, 0);
        }
    }
}

impl Predicates for Conditions<'_> {
    fn count(&self) -> usize {
        self.preds.len()
    }

    fn test_all(&self, item: &Item, kind: Option<Kind>, out: &mut [Truth]) {
        // An item of no kind, or of another BOM's kinds, is asked afresh.
        let Some(kind) = kind.filter(|k| k.of(self.kinds)) else {
            return self.eval_all(item, out);
        };
        let Ok(mut memo) = self.memo.try_borrow_mut() else {
            return self.eval_all(item, out);
        };
        let np = self.preds.len();
        if memo.rows.is_empty() {
            memo.rows = vec![Memo::NONE; self.kinds.len()];
        }
        let Memo { rows, answers } = &mut *memo;
        let Some(row) = rows.get_mut(kind.index()) else {
            return self.eval_all(item, out);
        };
        if *row == Memo::NONE {
            let Some(Ok(next)) = answers.len().checked_div(np.max(1)).map(u32::try_from) else {
                return self.eval_all(item, out);
            };
            *row = next;
            answers.extend(self.preds.iter().map(|pred| eval(pred, item, &self.cx, 0)));
        }
        let start = (*row as usize).checked_mul(np);
        match start.and_then(|s| answers.get(s..s.checked_add(np)?)) {
            Some(found) => {
                for (t, a) in out.iter_mut().zip(found) {
                    *t = *a;
                }
            }
            None => self.eval_all(item, out),
        }
    }
}

/// The answer of an item condition for one item. Whatever it reads of the item must be part
/// of its kind (`bom::kinds`): the roll-up remembers answers by kind ([`Conditions`]), and a
/// field read here but left out there would hand one item another's answer.
pub(crate) fn eval(pred: &ItemPred, item: &Item, cx: &ItemCx<'_>, depth: usize) -> Truth {
    if depth > MAX_DEPTH {
        return Truth::Unknown(Facts::NONE);
    }
    let next = depth.saturating_add(1);
    match pred {
        // Stop at the first answer that settles it: false for `all`, true for `any` (Kleene
        // logic drops the missing facts of the others then).
        ItemPred::All(ps) => Truth::all(ps.iter().map(|p| eval(p, item, cx, next))),
        ItemPred::Any(ps) => Truth::any(ps.iter().map(|p| eval(p, item, cx, next))),
        ItemPred::Not(p) => eval(p, item, cx, next).not(),
        ItemPred::Origin(countries) => match item.origin {
            Some(c) => Truth::from_bool(countries.contains(&c)),
            None => Truth::Unknown(Facts::ORIGIN),
        },
        ItemPred::Classification(code) => codes(code, &item.classification),
        // No material declared: the BOM declares none (docs/formats.md), so it does not match. A
        // material declared without its form is open when the form matters.
        ItemPred::Material { forms, elements } => match &item.material {
            // Strict: a part (no components) that declares no material might be anything.
            None if cx.undeclared_material == UndeclaredMaterial::Unknown
                && item.components.is_empty() =>
            {
                Truth::Unknown(Facts::MATERIAL)
            }
            None => Truth::False,
            Some(m) => {
                let element = if elements.is_empty() || elements.iter().any(|e| m.has_element(e)) {
                    Truth::True
                } else if m.elements.is_empty() {
                    // A form without its elements: it might hold any of them.
                    Truth::Unknown(Facts::ELEMENTS)
                } else {
                    Truth::False
                };
                let form = match &m.form {
                    _ if forms.is_empty() => Truth::True,
                    Some(f) if forms.contains(f) => Truth::True,
                    // A form of the user's own: no pack can tell what it is.
                    Some(f) if f.starts_with(PRIVATE_PREFIX) => {
                        Truth::Unknown(Facts::MATERIAL_FORM)
                    }
                    Some(_) => Truth::False,
                    None => Truth::Unknown(Facts::MATERIAL_FORM),
                };
                element.and(form)
            }
        },
        ItemPred::Tag(tag) => Truth::from_bool(item.has_tag(tag)),
        ItemPred::Unknown(_) => Truth::Unknown(Facts::CONDITION),
        // Its material names the elements, but nothing below it says how much: unknown.
        // The material names an element that nothing below the item accounts for (no
        // breakdown, or one that leaves it out): how much of it there is, is unknown.
        ItemPred::Listed { from, .. } => Truth::from_bool(cx.date >= *from),
        ItemPred::MayContain(elements) => match &item.material {
            Some(m)
                if elements
                    .iter()
                    .any(|e| m.has_element(e) && !item.breakdown_has(e)) =>
            {
                Truth::Unknown(Facts::BREAKDOWN)
            }
            Some(m) if m.elements.is_empty() && item.components.is_empty() => {
                Truth::Unknown(Facts::ELEMENTS)
            }
            None if cx.undeclared_material == UndeclaredMaterial::Unknown
                && item.components.is_empty() =>
            {
                Truth::Unknown(Facts::MATERIAL)
            }
            _ => Truth::False,
        },
        ItemPred::MadeWith {
            kinds,
            origins,
            classification,
            processes,
        } => item.made_with.iter().fold(Truth::False, |acc, entry| {
            let kind = Truth::from_bool(kinds.is_empty() || kinds.contains(&entry.kind));
            let origin = if origins.is_empty() {
                Truth::True
            } else {
                match entry.origin {
                    Some(c) => Truth::from_bool(origins.contains(&c)),
                    None => Truth::Unknown(Facts::ORIGIN),
                }
            };
            let code = classification
                .as_ref()
                .map_or(Truth::True, |c| codes(c, &entry.classification));
            let process = match &entry.process {
                _ if processes.is_empty() => Truth::True,
                Some(p) if processes.contains(p) => Truth::True,
                Some(p) if p.starts_with(PRIVATE_PREFIX) => Truth::Unknown(Facts::PROCESS),
                Some(_) => Truth::False,
                None => Truth::Unknown(Facts::PROCESS),
            };
            acc.or(kind.and(origin).and(code).and(process))
        }),
        ItemPred::Licensable {
            jurisdiction,
            reasons,
            unlisted,
            anywhere,
        } => licensable(item, jurisdiction, reasons, unlisted, *anywhere, cx),
        ItemPred::Class(name) => match cx.class(pred, name) {
            Some(p) => eval(p, item, cx, next),
            None => Truth::Unknown(Facts::NONE),
        },
    }
}

fn codes(m: &CodeMatch, declared: &std::collections::BTreeMap<String, String>) -> Truth {
    match declared.get(&m.jurisdiction) {
        Some(code) => {
            let covered = m.codes.is_empty()
                || m.codes.iter().any(|p| {
                    if m.digits {
                        crate::rules::model::digits_cover(p, code)
                    } else {
                        code_covers(p, code)
                    }
                });
            match covered {
                true => Truth::True,
                false if m.coarse && m.codes.iter().any(|p| code_covers(code, p)) => {
                    Truth::Unknown(Facts::CLASSIFICATION)
                }
                false if m.partial => Truth::Unknown(Facts::COVERAGE),
                false => Truth::False,
            }
        }
        None if m.missing_is_unknown => Truth::Unknown(Facts::CLASSIFICATION),
        None => Truth::False,
    }
}

/// Whether the item's code needs a licence to the destination under the control rows: some
/// row for its entry (of one of `reasons`) applies to its sub-item and to the destination.
/// A code the rows do not know is unknown; so is an entry-level code where a row turns on a
/// sub-item. With `anywhere`, the destination is not consulted: the code is controlled for
/// one of the reasons at all.
fn licensable(
    item: &Item,
    jurisdiction: &str,
    reasons: &[String],
    unlisted: &[String],
    anywhere: bool,
    cx: &ItemCx<'_>,
) -> Truth {
    let Some(code) = item.classification.get(jurisdiction) else {
        return Truth::Unknown(Facts::CLASSIFICATION);
    };
    if unlisted.iter().any(|u| u == code) {
        return Truth::False;
    }
    let mut known_entry = false;
    let mut truth = Truth::False;
    for row in cx.rules.controls_for(jurisdiction, code) {
        if !code_covers(&row.code, code) && !code_covers(code, &row.code) {
            continue;
        }
        known_entry = true;
        if !reasons.is_empty() && !reasons.iter().any(|r| row.reason.starts_with(r.as_str())) {
            continue;
        }
        let applies = if anywhere {
            covers(row, code)
        } else {
            covers(row, code).and(destination(row, jurisdiction, cx))
        };
        truth = truth.or(match applies {
            Truth::False => Truth::False,
            _ if !row.encoded => Truth::Unknown(Facts::COVERAGE),
            _ if row.open => Truth::Unknown(Facts::CONDITION),
            other => other,
        });
        if truth == Truth::True {
            break;
        }
    }
    if known_entry {
        truth
    } else {
        // The item has a code; the packs do not know it.
        Truth::Unknown(Facts::COVERAGE)
    }
}

/// Whether a row applies to `code`: its entry, within its paragraphs, outside its exceptions.
/// An item coded above the level the row distinguishes is unknown.
fn covers(row: &Control, code: &str) -> Truth {
    let within = |prefixes: &[String]| {
        if prefixes.iter().any(|p| code_covers(p, code)) {
            Truth::True
        } else if prefixes.iter().any(|p| code_covers(code, p)) {
            Truth::Unknown(Facts::CLASSIFICATION)
        } else {
            Truth::False
        }
    };
    let entry = if code_covers(&row.code, code) {
        Truth::True
    } else {
        Truth::Unknown(Facts::CLASSIFICATION)
    };
    let paragraphs = if row.paragraphs.is_empty() {
        Truth::True
    } else {
        within(&row.paragraphs)
    };
    entry.and(paragraphs).and(within(&row.except).not())
}

fn destination(row: &Control, jurisdiction: &str, cx: &ItemCx<'_>) -> Truth {
    if let Some(column) = &row.column {
        // A destination the chart does not list cannot be cleared by it.
        return match cx
            .rules
            .chart(jurisdiction)
            .and_then(|c| c.countries.get(&cx.to))
        {
            Some(cols) => Truth::from_bool(cols.contains(column)),
            None => Truth::Unknown(Facts::NONE),
        };
    }
    let Some(place) = &row.to else {
        return Truth::False;
    };
    let in_group = |g: &String| cx.rules.group(g).is_some_and(|g| g.has(cx.to, cx.date));
    let included =
        place.worldwide || place.countries.contains(&cx.to) || place.groups.iter().any(in_group);
    Truth::from_bool(
        included
            && !place.except_groups.iter().any(in_group)
            && !place.except_countries.contains(&cx.to),
    )
}

#[cfg(test)]
mod tests {
    //! [`Conditions`] answers as [`eval`] does, item by item, whatever order items come in.

    use super::*;
    use crate::eval::prepared::Engine;
    use crate::{Bom, RuleSet};
    use proptest::prelude::*;

    const DESTINATIONS: [&str; 16] = [
        "CN", "US", "DE", "JP", "VN", "RU", "IR", "KP", "BY", "MX", "AE", "IN", "SY", "CU", "XK",
        "NL",
    ];
    const DATES: [&str; 7] = [
        "2020-01-01",
        "2023-12-01",
        "2025-01-01",
        "2025-10-09",
        "2025-12-01",
        "2026-06-01",
        "2030-01-01",
    ];

    /// Every content condition of the rule set, and every class its conditions name.
    fn conditions<'r>(engine: &Engine<'r>) -> Vec<&'r ItemPred> {
        let mut preds: Vec<&ItemPred> = engine.conditions.iter().map(|c| &c.counted).collect();
        preds.extend(engine.classes.values().copied());
        preds
    }

    /// Asks `conditions` of every item of `bom`, forward then backward (answered from the
    /// memo the second time), and compares each answer with `eval`'s.
    fn agree(bom: &Bom, rules: &RuleSet, engine: &Engine<'_>, to: &str, date: &str) {
        let preds = conditions(engine);
        for undeclared_material in [UndeclaredMaterial::None, UndeclaredMaterial::Unknown] {
            let cx = ItemCx {
                rules,
                to: Country::parse(to).unwrap(),
                date: Date::parse(date).unwrap(),
                undeclared_material,
                classes: &engine.classes,
            };
            let asked = Conditions::new(preds.clone(), cx, bom.kinds());
            let mut out = vec![Truth::False; preds.len()];
            let forward = bom.items().iter().enumerate();
            for (at, item) in forward.clone().chain(forward.rev()) {
                asked.test_all(item, bom.kinds().at(at), &mut out);
                for (pred, answer) in preds.iter().zip(&out) {
                    assert_eq!(
                        *answer,
                        eval(pred, item, &cx, 0),
                        "item {} to {to} on {date}: {pred:?}",
                        item.id
                    );
                }
            }
        }
    }

    #[test]
    fn every_sample_item_answers_as_eval() {
        let rules = RuleSet::bundled().unwrap();
        let engine = Engine::new(&rules);
        let mut boms = 0;
        for entry in std::fs::read_dir("examples").unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with(".bom.json") {
                continue;
            }
            let bom = Bom::from_path(&path).unwrap();
            boms += 1;
            for to in DESTINATIONS {
                for date in DATES {
                    agree(&bom, &rules, &engine, to, date);
                }
            }
        }
        assert!(boms > 10, "{boms} sample BOMs");
    }

    /// Two Chinese magnets alike but for their breakdowns: one accounts for its Dy, one
    /// does not (`may_contain`), so they answer differently.
    #[test]
    fn items_alike_but_for_their_breakdown_answer_apart() {
        let bom = Bom::from_json_str(
            r#"{ "currency": "USD", "items": [
              { "id": "A", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
                "components": [ { "item": "DY", "quantity": "1" } ] },
              { "id": "B", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
                "components": [ { "item": "FE", "quantity": "1" } ] },
              { "id": "C", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] } },
              { "id": "DY", "origin": "CN", "material": { "form": "metal", "elements": ["Dy"] } },
              { "id": "FE", "origin": "CN", "material": { "form": "metal", "elements": ["Fe"] } } ] }"#,
        )
        .unwrap();
        let rules = RuleSet::bundled().unwrap();
        let engine = Engine::new(&rules);
        agree(&bom, &rules, &engine, "US", "2026-06-01");
    }

    /// Items of another BOM's kinds, or of none, are asked afresh: kind numbers mean nothing
    /// outside their BOM.
    #[test]
    fn items_of_other_kinds_are_asked_afresh() {
        let bom = Bom::from_path("examples/ev-motor.bom.json").unwrap();
        let other = Bom::from_path("examples/ev-motor.bom.json").unwrap();
        let rules = RuleSet::bundled().unwrap();
        let engine = Engine::new(&rules);
        let preds = conditions(&engine);
        let cx = ItemCx {
            rules: &rules,
            to: Country::parse("US").unwrap(),
            date: Date::parse("2026-06-01").unwrap(),
            undeclared_material: UndeclaredMaterial::None,
            classes: &engine.classes,
        };
        let asked = Conditions::new(preds.clone(), cx, bom.kinds());
        let mut out = vec![Truth::False; preds.len()];
        // Backwards, so that another BOM's kind numbers would meet rows this one filled.
        for (at, item) in other.items().iter().enumerate().rev() {
            for kind in [other.kinds().at(at), None] {
                asked.test_all(item, kind, &mut out);
                let expected: Vec<Truth> = preds.iter().map(|p| eval(p, item, &cx, 0)).collect();
                assert_eq!(out, expected, "{}", item.id);
            }
        }
        assert!(asked.memo.borrow().answers.is_empty());
        // Its own kinds are remembered.
        let shared = (0..bom.len())
            .find(|&at| bom.kinds().at(at).is_some())
            .unwrap();
        asked.test_all(&bom.items()[shared], bom.kinds().at(shared), &mut out);
        assert_eq!(asked.memo.borrow().answers.len(), preds.len());
    }

    const ORIGINS: [Option<&str>; 6] = [
        None,
        Some("CN"),
        Some("US"),
        Some("JP"),
        Some("DE"),
        Some("RU"),
    ];
    const FORMS: [Option<&str>; 12] = [
        None,
        Some("metal"),
        Some("alloy"),
        Some("magnet"),
        Some("oxide"),
        Some("compound"),
        Some("powder"),
        Some("target"),
        Some("crystal"),
        Some("ceramic"),
        Some("other"),
        Some("x-own"),
    ];
    const ELEMENTS: [&str; 16] = [
        "Dy", "Tb", "Nd", "Fe", "B", "W", "C", "O", "N", "Ga", "Ge", "Sb", "Bi", "Te", "In", "Mo",
    ];
    /// Materials as indices into `FORMS` and `ELEMENTS`.
    const MATERIALS: [(usize, &[usize]); 10] = [
        (3, &[2, 3, 4, 0]), // magnet Nd Fe B Dy
        (3, &[2, 3, 4, 1]), // magnet Nd Fe B Tb
        (1, &[3]),          // metal Fe
        (0, &[0]),          // no form, Dy
        (4, &[0, 7]),       // oxide Dy O
        (11, &[1]),         // x-own Tb
        (6, &[]),           // powder
        (2, &[5, 6]),       // alloy W C
        (7, &[11]),         // target Sb
        (10, &[13, 12]),    // other Te Bi
    ];
    const CODES: [(&str, &str); 16] = [
        ("US", "3A090.a"),
        ("US", "3A090"),
        ("US", "EAR99"),
        ("US", "5A992.c"),
        ("US", "9E610"),
        ("US", "0A606"),
        ("US", "1C999"),
        ("US", "3A001.b.2"),
        ("US", "5A002.a"),
        ("CN", "1C902"),
        ("CN", "1C904.a"),
        ("CN", "1C903.b.1"),
        ("CN", "1C999"),
        ("CN", "1B901"),
        ("CN", "1E902.a"),
        ("CN", "unlisted"),
    ];
    const TAGS: [&str; 4] = ["integrated-circuit", "public-domain", "food", "x-mine"];
    const PROCESSES: [Option<&str>; 4] = [
        None,
        Some("smelting-separation"),
        Some("magnet-manufacturing"),
        Some("x-secret"),
    ];

    /// One generated item: indices into the tables above.
    #[derive(Debug, Clone)]
    struct Gen {
        origin: usize,
        material: Option<(usize, Vec<usize>)>,
        codes: Vec<usize>,
        tags: Vec<usize>,
        made_with: Vec<(bool, usize, Option<usize>, usize)>,
        children: Vec<usize>,
    }

    fn gen_item() -> impl Strategy<Value = Gen> {
        (
            0..ORIGINS.len(),
            proptest::option::of(prop_oneof![
                // Mostly materials that repeat, so that items alike but for their components
                // or breakdown meet; sometimes any form with any elements.
                3 => (0..MATERIALS.len()).prop_map(|m| (MATERIALS[m].0, MATERIALS[m].1.to_vec())),
                1 => (
                    0..FORMS.len(),
                    proptest::collection::vec(0..ELEMENTS.len(), 0..4),
                ),
            ]),
            proptest::collection::vec(0..CODES.len(), 0..3),
            proptest::collection::vec(0..TAGS.len(), 0..2),
            proptest::collection::vec(
                (
                    any::<bool>(),
                    0..ORIGINS.len(),
                    proptest::option::of(0..CODES.len()),
                    0..PROCESSES.len(),
                ),
                0..2,
            ),
            proptest::collection::vec(1..6usize, 0..3),
        )
            .prop_map(|(origin, material, codes, tags, made_with, children)| Gen {
                origin,
                material,
                codes,
                tags,
                made_with,
                children,
            })
    }

    /// A BOM of the generated items: item `i` lists items `i + k` below it.
    fn bom_of(items: &[Gen]) -> Bom {
        let items: Vec<serde_json::Value> = items
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let mut item = serde_json::json!({ "id": format!("I{i}"), "value": "1" });
                let mut classification = serde_json::Map::new();
                for &c in &g.codes {
                    let (j, code) = CODES[c];
                    classification.insert(j.to_owned(), code.into());
                }
                if !classification.is_empty() {
                    item["classification"] = classification.into();
                }
                if let Some(o) = ORIGINS[g.origin] {
                    item["origin"] = o.into();
                }
                if let Some((form, elements)) = &g.material {
                    let mut m = serde_json::json!({});
                    if let Some(f) = FORMS[*form] {
                        m["form"] = f.into();
                    }
                    let mut symbols: Vec<&str> = elements.iter().map(|&e| ELEMENTS[e]).collect();
                    symbols.dedup();
                    m["elements"] = symbols.into();
                    item["material"] = m;
                }
                if !g.tags.is_empty() {
                    let mut tags: Vec<&str> = g.tags.iter().map(|&t| TAGS[t]).collect();
                    tags.sort_unstable();
                    tags.dedup();
                    item["tags"] = tags.into();
                }
                let made_with: Vec<serde_json::Value> = g
                    .made_with
                    .iter()
                    .map(|&(technology, origin, code, process)| {
                        let mut m = serde_json::json!({
                            "kind": if technology { "technology" } else { "plant" }
                        });
                        if let Some(o) = ORIGINS[origin] {
                            m["origin"] = o.into();
                        }
                        if let Some(c) = code {
                            let (j, code) = CODES[c];
                            m["classification"] = serde_json::json!({ j: code });
                        }
                        if let Some(p) = PROCESSES[process] {
                            m["process"] = p.into();
                        }
                        m
                    })
                    .collect();
                if !made_with.is_empty() {
                    item["made_with"] = made_with.into();
                }
                let mut children: Vec<usize> = g
                    .children
                    .iter()
                    .map(|k| i + k)
                    .filter(|&c| c < items.len())
                    .collect();
                children.sort_unstable();
                children.dedup();
                if !children.is_empty() {
                    item["components"] = children
                        .iter()
                        .map(|c| serde_json::json!({ "item": format!("I{c}"), "quantity": "1" }))
                        .collect::<Vec<_>>()
                        .into();
                }
                item
            })
            .collect();
        let text = serde_json::json!({ "currency": "USD", "items": items }).to_string();
        Bom::from_json_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn synthetic_items_answer_as_eval(
            items in proptest::collection::vec(gen_item(), 1..60),
            to in 0..DESTINATIONS.len(),
            date in 0..DATES.len(),
        ) {
            let rules = RuleSet::bundled().unwrap();
            let engine = Engine::new(&rules);
            agree(&bom_of(&items), &rules, &engine, DESTINATIONS[to], DATES[date]);
        }
    }
}

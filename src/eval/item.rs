//! Item predicates, evaluated three-valued on one item.

use super::prepared::AddrMap;
use crate::bom::Item;
use crate::rollup::{Facts, Predicate, Truth};
use crate::rules::RuleSet;
use crate::rules::model::{CodeMatch, Control, ItemPred, code_covers};
use crate::vocab::PRIVATE_PREFIX;
use crate::{Country, Date, UndeclaredMaterial};

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

/// An item predicate bound to its context, usable by the roll-up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound<'a> {
    pub pred: &'a ItemPred,
    pub cx: ItemCx<'a>,
}

impl Predicate for Bound<'_> {
    fn test(&self, item: &Item) -> Truth {
        eval(self.pred, item, &self.cx, 0)
    }
}

pub(crate) fn eval(pred: &ItemPred, item: &Item, cx: &ItemCx<'_>, depth: usize) -> Truth {
    if depth > MAX_DEPTH {
        return Truth::Unknown(Facts::NONE);
    }
    let next = depth.saturating_add(1);
    match pred {
        // Stop at the first answer that settles it: false for `all`, true for `any` (Kleene
        // logic drops the missing facts of the others then).
        ItemPred::All(ps) => {
            let mut acc = Truth::True;
            for p in ps {
                acc = acc.and(eval(p, item, cx, next));
                if acc == Truth::False {
                    break;
                }
            }
            acc
        }
        ItemPred::Any(ps) => {
            let mut acc = Truth::False;
            for p in ps {
                acc = acc.or(eval(p, item, cx, next));
                if acc == Truth::True {
                    break;
                }
            }
            acc
        }
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

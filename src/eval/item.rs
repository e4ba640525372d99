//! Item predicates, evaluated three-valued on one item.

use crate::bom::Item;
use crate::rollup::{Facts, Predicate, Truth};
use crate::rules::RuleSet;
use crate::rules::model::{CodeMatch, ItemPred, code_covers};

/// Bounds recursion through `all`/`any`/`not`/`class`; packs are checked for class cycles at
/// load, so only a pathological nesting could reach it.
const MAX_DEPTH: usize = 64;

/// An item predicate with the rule set that resolves its class names, usable by the roll-up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound<'a> {
    pub pred: &'a ItemPred,
    pub rules: &'a RuleSet,
}

impl Predicate for Bound<'_> {
    fn test(&self, item: &Item) -> Truth {
        eval(self.pred, item, self.rules, 0)
    }
}

pub(crate) fn eval(pred: &ItemPred, item: &Item, rules: &RuleSet, depth: usize) -> Truth {
    if depth > MAX_DEPTH {
        return Truth::Unknown(Facts::NONE);
    }
    let next = depth.saturating_add(1);
    match pred {
        ItemPred::All(ps) => ps
            .iter()
            .fold(Truth::True, |acc, p| acc.and(eval(p, item, rules, next))),
        ItemPred::Any(ps) => ps
            .iter()
            .fold(Truth::False, |acc, p| acc.or(eval(p, item, rules, next))),
        ItemPred::Not(p) => eval(p, item, rules, next).not(),
        ItemPred::Origin(countries) => match item.origin {
            Some(c) => Truth::from_bool(countries.contains(&c)),
            None => Truth::Unknown(Facts::ORIGIN),
        },
        ItemPred::Classification(code) => codes(code, &item.classification),
        // No material declared: the BOM declares none (design.md), so it does not match. A
        // material declared without its form is open when the form matters.
        ItemPred::Material { forms, elements } => match &item.material {
            None => Truth::False,
            Some(m) => {
                let element = Truth::from_bool(
                    elements.is_empty() || elements.iter().any(|e| m.has_element(e)),
                );
                let form = match &m.form {
                    _ if forms.is_empty() => Truth::True,
                    Some(f) => Truth::from_bool(forms.contains(f)),
                    None => Truth::Unknown(Facts::MATERIAL_FORM),
                };
                element.and(form)
            }
        },
        ItemPred::Tag(tag) => Truth::from_bool(item.has_tag(tag)),
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
                Some(p) => Truth::from_bool(processes.contains(p)),
                None => Truth::Unknown(Facts::PROCESS),
            };
            acc.or(kind.and(origin).and(code).and(process))
        }),
        ItemPred::Class(name) => match rules.class(name) {
            Some(p) => eval(p, item, rules, next),
            None => Truth::Unknown(Facts::NONE),
        },
    }
}

fn codes(m: &CodeMatch, declared: &std::collections::BTreeMap<String, String>) -> Truth {
    match declared.get(&m.jurisdiction) {
        Some(code) => {
            Truth::from_bool(m.codes.is_empty() || m.codes.iter().any(|p| code_covers(p, code)))
        }
        None if m.missing_is_unknown => Truth::Unknown(Facts::CLASSIFICATION),
        None => Truth::False,
    }
}

//! Rule conditions on the export, evaluated three-valued with their explanation.

use super::describe;
use super::item;
use super::prepared::AddrMap;
use crate::bom::{Bom, Item};
use crate::codes::decimal::{Toward, mul_toward};
use crate::rollup::{Bounds, Facts, Rollup, Truth, ValueSource};
use crate::rules::RuleSet;
use crate::rules::model::{ContentPred, PartyPred, Place, Pred};
use crate::rules::window::{Status, status};
use crate::{Country, Decimal, Scenario};
use petgraph::graph::NodeIndex;
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, VecDeque};

/// A referenced rule's address, with whether it is evaluated as dormant, with affiliate
/// extensions forced, and whether only its truth was asked ([`truth`]).
pub(crate) type RuleKey = (usize, bool, bool, bool);

/// Everything a condition may look at.
pub(crate) struct Ctx<'a> {
    pub bom: &'a Bom,
    pub root: &'a Item,
    pub scenario: &'a Scenario,
    pub rules: &'a RuleSet,
    pub rollup: &'a Rollup<'a>,
    /// Roll-up predicate index of each content condition, keyed by its address.
    pub contents: &'a AddrMap<usize, usize>,
    /// The rule each `rule = "..."` condition names, by the condition's address.
    pub resolved: &'a AddrMap<usize, &'a crate::rules::Rule>,
    /// The class each `class = "..."` item condition names, by the condition's address.
    pub classes: &'a AddrMap<usize, &'a crate::rules::ItemPred>,
    /// How a part without `material` is read.
    pub undeclared_material: crate::UndeclaredMaterial,
    /// Evaluate affiliate extensions as if in force (to detect a dormant match).
    pub force_affiliates: bool,
    /// Evaluating a rule that is not in force (to report it as dormant): rules it refers to
    /// count whatever their own windows, since they share its fate.
    pub dormant: bool,
    /// Results of `component` and `content` conditions by their address: they read only the
    /// BOM, the roll-up, the destination and the date, never the switches above, and review
    /// articles ask them again and again.
    pub memo: RefCell<AddrMap<usize, (Truth, Explain)>>,
    /// Results earlier evaluations of the same item side found (a prepared BOM's cache),
    /// looked up before `memo`.
    pub known: &'a AddrMap<usize, (Truth, Explain)>,
    /// Results of referenced rules' conditions by rule address and the two switches above,
    /// so that rules referring to rules cost one evaluation each, however they nest.
    pub rule_memo: RefCell<AddrMap<RuleKey, (Truth, Explain)>>,
    /// Whether the reasons of conditions that do not hold are read (`--explain`): without
    /// it they are not written, except in the memoised `component` and `content` results,
    /// which are shared by every evaluation of the item side.
    pub explain: bool,
    /// Only the truth is wanted: [`eval`] answers with [`truth`] and an empty explanation.
    pub lean: bool,
    /// The components of the exported item in the order the component searches meet them,
    /// built by the first search that is not memoised (see [`Components`]).
    pub components: OnceCell<Components>,
    /// The memo key of each `component` condition, by its address (see [`component_keys`]).
    pub component_keys: &'a AddrMap<usize, usize>,
}

/// The items below the exported item in breadth-first order from it, children in file order,
/// each with the item it was first met under: the order every component search asks its
/// condition in. It reads the BOM alone, so one is shared by every search of an evaluation.
#[derive(Debug, Default)]
pub(crate) struct Components {
    /// Node of each item met, in the order met (the exported item itself is not among them).
    order: Vec<u32>,
    /// By node: the node it was first met under, or [`Components::NONE`].
    parent: Vec<u32>,
}

impl Components {
    const NONE: u32 = u32::MAX;

    /// The breadth-first order from `root`, as [`search`] walks it.
    fn from(bom: &Bom, root: usize) -> Components {
        let graph = bom.graph();
        let n = graph.node_count();
        let mut parent = vec![Self::NONE; n];
        let mut seen = vec![false; n];
        if let Some(s) = seen.get_mut(root) {
            *s = true;
        }
        let mut order = Vec::new();
        let mut queue = VecDeque::from([root]);
        let mut children = Vec::new();
        while let Some(node) = queue.pop_front() {
            // Children in file order, so the reported path does not depend on edge order (the
            // graph lists them last added first: reversed, they are usually sorted already).
            children.clear();
            children.extend(graph.neighbors(NodeIndex::new(node)).map(|c| c.index()));
            children.reverse();
            children.sort_unstable();
            for &child in &children {
                match seen.get_mut(child) {
                    Some(s) if !*s => *s = true,
                    _ => continue,
                }
                if let Some(p) = parent.get_mut(child) {
                    *p = u32::try_from(node).unwrap_or(Self::NONE);
                }
                if bom.items().get(child).is_none() {
                    continue;
                }
                let Ok(at) = u32::try_from(child) else {
                    continue;
                };
                order.push(at);
                queue.push_back(child);
            }
        }
        Components { order, parent }
    }

    /// The ids from the exported item down to `node`, along the items each was met under.
    fn path(&self, bom: &Bom, node: usize) -> Vec<String> {
        let mut path: Vec<String> = bom
            .items()
            .get(node)
            .map(|i| i.id.clone())
            .into_iter()
            .collect();
        let mut at = node;
        while let Some(&p) = self.parent.get(at).filter(|p| **p != Self::NONE) {
            at = p as usize;
            if let Some(i) = bom.items().get(at) {
                path.push(i.id.clone());
            }
        }
        path.reverse();
        path
    }
}

impl<'a> Ctx<'a> {
    /// The rule a `rule = "..."` condition (`pred`, naming `id`) names.
    fn rule(&self, pred: &Pred, id: &str) -> Option<&'a crate::rules::Rule> {
        self.resolved
            .get(&(std::ptr::from_ref(pred) as usize))
            .copied()
            .or_else(|| self.rules.rule(id))
    }

    /// The rule a reference names, when it counts on the scenario's date — in force, or any
    /// rule while the referring one is evaluated as dormant — with its memo key (`lean`: a
    /// truth without explanation is memoised apart from an explained one).
    fn counting_rule(
        &self,
        pred: &Pred,
        id: &str,
        lean: bool,
    ) -> Option<(&'a crate::rules::Rule, RuleKey)> {
        let rule = self.rule(pred, id)?;
        let counts = self.dormant
            || status(&rule.effective, &rule.suspended, self.scenario.date) == Status::InForce;
        counts.then(|| {
            let key = (
                std::ptr::from_ref(rule) as usize,
                self.dormant,
                self.force_affiliates,
                lean,
            );
            (rule, key)
        })
    }

    /// The memo key of a `component` condition (see [`component_keys`]).
    fn component_key(&self, pred: &crate::rules::ItemPred) -> usize {
        let at = std::ptr::from_ref(pred) as usize;
        self.component_keys.get(&at).copied().unwrap_or(at)
    }

    pub(crate) fn item_cx(&self) -> item::ItemCx<'a> {
        item::ItemCx {
            rules: self.rules,
            to: self.scenario.to,
            date: self.scenario.date,
            undeclared_material: self.undeclared_material,
            classes: self.classes,
        }
    }
}

/// The memo key of each `component` condition of `rules`, by its address: the address of the
/// first `component` condition of the rule set equal to it. Equal conditions (a pack asks the
/// same one in several rules) search the same components with the same test and explain
/// themselves in the same words, so one search answers them all. Built once per engine.
pub(crate) fn component_keys(rules: &crate::RuleSet) -> AddrMap<usize, usize> {
    let mut all: Vec<&crate::rules::ItemPred> = Vec::new();
    for rule in rules.rules() {
        component_conditions(&rule.when, &mut all);
    }
    // Grouped by their text first, so a pack of many conditions is not compared pair by pair;
    // equal texts are then compared as values.
    let mut firsts: std::collections::HashMap<String, Vec<&crate::rules::ItemPred>> =
        std::collections::HashMap::new();
    let mut keys = AddrMap::default();
    for p in all {
        let group = firsts.entry(format!("{p:?}")).or_default();
        let first = match group.iter().find(|q| **q == p) {
            Some(q) => *q,
            None => {
                group.push(p);
                p
            }
        };
        keys.insert(
            std::ptr::from_ref(p) as usize,
            std::ptr::from_ref(first) as usize,
        );
    }
    keys
}

/// Every `component` condition of `pred`, in order.
fn component_conditions<'r>(pred: &'r Pred, out: &mut Vec<&'r crate::rules::ItemPred>) {
    match pred {
        Pred::All(ps) | Pred::Any(ps) => ps.iter().for_each(|p| component_conditions(p, out)),
        Pred::Not(p) => component_conditions(p, out),
        Pred::Component(p) => out.push(p),
        _ => {}
    }
}

/// The numbers of a content condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Numbers {
    pub ratio: Option<String>,
    /// The ratio's bounds when it is not exact: lower, and upper when bounded.
    pub range: Option<(String, Option<String>)>,
    pub threshold: String,
    pub numerator: String,
    pub denominator: String,
    pub derived: bool,
}

/// A BOM path that decided a condition, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// What the path shows: `counted content`, or the component condition it satisfies.
    pub what: String,
    pub path: Vec<String>,
    /// For counted content: the extended value in the BOM currency, and its share of the
    /// exported item's value.
    pub value: Option<Decimal>,
    pub share: Option<Decimal>,
}

/// Why a condition came out as it did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Explain {
    pub numbers: Option<Box<Numbers>>,
    pub paths: Vec<Evidence>,
    /// What decided a condition that does not hold (`destination `DE` is not `CN``), for
    /// `--explain`.
    pub reason: Option<String>,
    pub facts: Vec<String>,
    pub missing: BTreeMap<String, Facts>,
    /// An affiliate extension that is not in force but was needed (its status).
    pub dormant_affiliates: Option<Box<(String, Status)>>,
}

impl Explain {
    fn merge(&mut self, other: Explain) {
        if self.numbers.is_none() {
            self.numbers = other.numbers;
        }
        for path in other.paths {
            if !self.paths.iter().any(|p| p.path == path.path) {
                self.paths.push(path);
            }
        }
        if self.reason.is_none() {
            self.reason = other.reason;
        }
        self.facts.extend(other.facts);
        if self.missing.is_empty() {
            // The same map as the union below would build, without rebuilding it.
            self.missing = other.missing;
            return self.merge_rest(other.dormant_affiliates);
        }
        for (item, f) in other.missing {
            let entry = self.missing.entry(item).or_default();
            *entry = entry.union(f);
        }
        self.merge_rest(other.dormant_affiliates);
    }

    fn merge_rest(&mut self, dormant_affiliates: Option<Box<(String, Status)>>) {
        if self.dormant_affiliates.is_none() {
            self.dormant_affiliates = dormant_affiliates;
        }
    }
}

pub(crate) fn eval(pred: &Pred, cx: &Ctx<'_>) -> (Truth, Explain) {
    if cx.lean {
        return (truth(pred, cx), Explain::default());
    }
    match pred {
        Pred::All(ps) => {
            let mut truth = Truth::True;
            let mut all = Explain::default();
            let mut unknown = Explain::default();
            for p in ps {
                let (t, e) = eval(p, cx);
                truth = truth.and(t);
                match t {
                    // The first false condition decides it alone.
                    Truth::False => return (Truth::False, e),
                    Truth::Unknown(_) => unknown.merge(e),
                    Truth::True => all.merge(e),
                }
            }
            match truth {
                Truth::Unknown(_) => {
                    // Show what is known to hold too, but the missing facts are the point.
                    all.merge(unknown);
                    (truth, all)
                }
                _ => (truth, all),
            }
        }
        Pred::Any(ps) => {
            let mut truth = Truth::False;
            let mut unknown = Explain::default();
            let mut reasons = Vec::new();
            for p in ps {
                let (t, e) = eval(p, cx);
                match t {
                    Truth::True => return (Truth::True, e),
                    Truth::Unknown(_) => unknown.merge(e),
                    Truth::False => {
                        if let Some(r) = e.reason
                            && !reasons.contains(&r)
                        {
                            reasons.push(r);
                        }
                        if unknown.dormant_affiliates.is_none() {
                            unknown.dormant_affiliates = e.dormant_affiliates;
                        }
                    }
                }
                truth = truth.or(t);
            }
            if truth == Truth::False && cx.explain {
                unknown.reason = Some(match reasons.as_slice() {
                    [one] => one.clone(),
                    _ => format!("none of: {}", reasons.join("; ")),
                });
            }
            (truth, unknown)
        }
        Pred::Not(p) => {
            let (t, mut e) = eval(p, cx);
            if t == Truth::True && cx.explain {
                e.reason = Some(format!(
                    "excluded: {}",
                    e.reason
                        .clone()
                        .or_else(|| e.facts.first().cloned())
                        .unwrap_or_else(|| "the condition it negates holds".to_owned())
                ));
            }
            (t.not(), e)
        }
        Pred::Item(p) => memoised(p, cx, |cx| root_item(p, cx)),
        Pred::Component(p) => component(p, cx),
        Pred::Content(c) => content(c, cx),
        Pred::From(place) => positive(
            located(place, cx.scenario.from, "origin of the export", cx),
            cx,
        ),
        Pred::To(place) => positive(located(place, cx.scenario.to, "destination", cx), cx),
        Pred::Party(p) => positive(party(p, cx), cx),
        // Rule references are checked for cycles at load, so this recursion ends.
        // A referenced rule counts only while it is itself in force (unless the referring
        // rule is being evaluated as dormant).
        Pred::Rule(id) => match cx.counting_rule(pred, id, cx.lean) {
            Some((rule, key)) => {
                if let Some(hit) = cx.rule_memo.borrow().get(&key) {
                    return hit.clone();
                }
                let (t, mut e) = eval(&rule.when, cx);
                if t == Truth::False && cx.explain {
                    // Not the referenced rule's own reason: nested references would repeat it.
                    e.reason = Some(format!("rule `{id}` does not apply"));
                }
                cx.rule_memo.borrow_mut().insert(key, (t, e.clone()));
                (t, e)
            }
            _ => (
                Truth::False,
                Explain {
                    reason: cx
                        .explain
                        .then(|| format!("rule `{id}` is not in force on {}", cx.scenario.date)),
                    ..Explain::default()
                },
            ),
        },
        Pred::EndUse(tags) => {
            let hit: Vec<&String> = cx
                .scenario
                .end_uses
                .iter()
                .filter(|u| tags.contains(u))
                .collect();
            let e = Explain {
                facts: hit
                    .iter()
                    .map(|u| format!("declared end use `{u}`"))
                    .collect(),
                reason: (hit.is_empty() && cx.explain)
                    .then(|| format!("no declared end use among {}", describe::list(tags))),
                ..Explain::default()
            };
            (Truth::from_bool(!hit.is_empty()), e)
        }
    }
}

/// The truth of a condition alone, as [`eval`] finds it, with no explanation written (the
/// memoised `component` and `content` results are still computed whole, once).
pub(crate) fn truth(pred: &Pred, cx: &Ctx<'_>) -> Truth {
    match pred {
        Pred::All(ps) => Truth::all(ps.iter().map(|p| truth(p, cx))),
        Pred::Any(ps) => Truth::any(ps.iter().map(|p| truth(p, cx))),
        Pred::Not(p) => truth(p, cx).not(),
        Pred::Item(p) => memoised_truth(p, cx, |cx| root_item(p, cx)),
        Pred::Component(p) => memoised_truth_at(cx.component_key(p), cx, |cx| search(p, cx)),
        Pred::Content(c) => memoised_truth(c, cx, |cx| ratio_test(c, cx)),
        Pred::From(place) => Truth::from_bool(within(place, cx.scenario.from, cx)),
        Pred::To(place) => Truth::from_bool(within(place, cx.scenario.to, cx)),
        Pred::Party(p) => party(p, cx).0,
        Pred::Rule(id) => match cx.counting_rule(pred, id, true) {
            Some((rule, key)) => {
                if let Some(hit) = cx.rule_memo.borrow().get(&key) {
                    return hit.0;
                }
                let t = truth(&rule.when, cx);
                cx.rule_memo
                    .borrow_mut()
                    .insert(key, (t, Explain::default()));
                t
            }
            _ => Truth::False,
        },
        Pred::EndUse(tags) => {
            Truth::from_bool(cx.scenario.end_uses.iter().any(|u| tags.contains(u)))
        }
    }
}

/// Whether `country` is in `place` on the scenario's date, as [`located`] finds it.
fn within(place: &Place, country: Country, cx: &Ctx<'_>) -> bool {
    place.countries.contains(&country)
        || place.groups.iter().any(|g| {
            cx.rules
                .group(g)
                .is_some_and(|group| group.has(country, cx.scenario.date))
        })
}

/// The truth of a memoised condition (see [`memoised`]), without cloning its explanation.
fn memoised_truth<T>(
    cond: &T,
    cx: &Ctx<'_>,
    compute: impl FnOnce(&Ctx<'_>) -> (Truth, Explain),
) -> Truth {
    memoised_truth_at(std::ptr::from_ref(cond) as usize, cx, compute)
}

/// [`memoised_truth`] under the memo key `key`.
fn memoised_truth_at(
    key: usize,
    cx: &Ctx<'_>,
    compute: impl FnOnce(&Ctx<'_>) -> (Truth, Explain),
) -> Truth {
    if let Some(hit) = cx.known.get(&key) {
        return hit.0;
    }
    if let Some(hit) = cx.memo.borrow().get(&key) {
        return hit.0;
    }
    let result = compute(cx);
    let t = result.0;
    cx.memo.borrow_mut().insert(key, result);
    t
}

/// A condition that holds is explained by the fact that made it hold.
fn positive((t, mut e): (Truth, Explain), cx: &Ctx<'_>) -> (Truth, Explain) {
    if t == Truth::True && cx.explain {
        e.reason = e.facts.first().cloned();
    }
    (t, e)
}

/// `compute(cx)`, once per condition address and evaluation.
fn memoised<T>(
    cond: &T,
    cx: &Ctx<'_>,
    compute: impl FnOnce(&Ctx<'_>) -> (Truth, Explain),
) -> (Truth, Explain) {
    memoised_at(std::ptr::from_ref(cond) as usize, cx, compute)
}

/// [`memoised`] under the memo key `key`.
fn memoised_at(
    key: usize,
    cx: &Ctx<'_>,
    compute: impl FnOnce(&Ctx<'_>) -> (Truth, Explain),
) -> (Truth, Explain) {
    if let Some(hit) = cx.known.get(&key) {
        return hit.clone();
    }
    if let Some(hit) = cx.memo.borrow().get(&key) {
        return hit.clone();
    }
    let result = compute(cx);
    cx.memo.borrow_mut().insert(key, result.clone());
    result
}

/// An item condition on the exported item. Memoised with the item side, so its reason is
/// always written.
fn root_item(p: &crate::rules::ItemPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    let t = item::eval(p, cx.root, &cx.item_cx(), 0);
    let mut e = Explain::default();
    match t {
        Truth::Unknown(f) => {
            e.missing.insert(cx.root.id.clone(), f);
        }
        Truth::True => {
            e.reason = Some(format!("`{}` is {}", cx.root.id, describe::item(p)));
        }
        Truth::False => {
            e.reason = Some(format!("`{}` is not {}", cx.root.id, describe::item(p)));
        }
    }
    (t, e)
}

/// Some component at any depth: breadth first, so the path shown is a shortest one.
fn component(pred: &crate::rules::ItemPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    memoised_at(cx.component_key(pred), cx, |cx| search(pred, cx))
}

/// The first component, breadth first from the exported item with children in file order,
/// that `pred` holds of, with the path to it; else the missing facts of every component it is
/// unknown of.
fn search(pred: &crate::rules::ItemPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    let mut e = Explain::default();
    let mut truth = Truth::False;
    let Some(root) = cx.bom.position(&cx.root.id) else {
        return (Truth::Unknown(Facts::NONE), e);
    };
    let components = cx.components.get_or_init(|| Components::from(cx.bom, root));
    let item_cx = cx.item_cx();
    let items = cx.bom.items();
    // The parts of an `all` or `any` asked cheapest first: Kleene `and` and `or` give the
    // same answer, missing facts included, in any order, and stop at the same answers.
    let mut parts: Vec<&crate::rules::ItemPred> = match pred {
        crate::rules::ItemPred::All(ps) | crate::rules::ItemPred::Any(ps) => ps.iter().collect(),
        _ => Vec::new(),
    };
    parts.sort_by_cached_key(|p| cost(p, &item_cx));
    let test = |item: &Item| match pred {
        // The parts at the depth `item::eval` asks the parts of `pred` at.
        crate::rules::ItemPred::All(_) => {
            Truth::all(parts.iter().map(|p| item::eval(p, item, &item_cx, 1)))
        }
        crate::rules::ItemPred::Any(_) => {
            Truth::any(parts.iter().map(|p| item::eval(p, item, &item_cx, 1)))
        }
        _ => item::eval(pred, item, &item_cx, 0),
    };
    // Items of one kind answer alike (`bom::kinds`): each kind is asked once.
    let kinds = cx.bom.kinds();
    let mut by_kind: Vec<Option<Truth>> = vec![None; kinds.len()];
    // Unknown items by node: their ids are copied only if no component matches.
    let mut unknown: Vec<(u32, Facts)> = Vec::new();
    for &node in &components.order {
        let Some(item) = items.get(node as usize) else {
            continue;
        };
        let answer = match kinds
            .at(node as usize)
            .and_then(|k| by_kind.get_mut(k.index()))
        {
            Some(known) => *known.get_or_insert_with(|| test(item)),
            None => test(item),
        };
        match answer {
            Truth::True => {
                return (
                    Truth::True,
                    Explain {
                        paths: vec![Evidence {
                            what: format!("a component that is {}", describe::item(pred)),
                            path: components.path(cx.bom, node as usize),
                            value: None,
                            share: None,
                        }],
                        ..Explain::default()
                    },
                );
            }
            Truth::Unknown(f) => {
                truth = truth.or(Truth::Unknown(f));
                unknown.push((node, f));
            }
            Truth::False => {}
        }
    }
    // Ids are unique: one entry per unknown item (collected at once, sorted, then built).
    e.missing = unknown
        .into_iter()
        .filter_map(|(node, f)| items.get(node as usize).map(|i| (i.id.clone(), f)))
        .collect();
    if truth == Truth::False {
        e.reason = Some(format!("no component is {}", describe::item(pred)));
    }
    (truth, e)
}

/// A rough count of the tests an item condition makes of an item, to ask the cheap parts of a
/// condition first (a class counts as its definition). The estimate looks at most
/// [`COST_WORK`] conditions: classes shared by many others would make a full count grow
/// exponentially, and past the budget every part counts alike (the order only saves work).
fn cost(pred: &crate::rules::ItemPred, cx: &item::ItemCx<'_>) -> usize {
    cost_within(pred, cx, &mut { COST_WORK })
}

/// How many conditions one [`cost`] estimate may look at.
const COST_WORK: usize = 4_096;

fn cost_within(pred: &crate::rules::ItemPred, cx: &item::ItemCx<'_>, work: &mut usize) -> usize {
    use crate::rules::ItemPred as P;
    let Some(left) = work.checked_sub(1) else {
        return 64;
    };
    *work = left;
    match pred {
        P::All(ps) | P::Any(ps) => ps
            .iter()
            .map(|p| cost_within(p, cx, work))
            .fold(0, usize::saturating_add),
        P::Not(p) => cost_within(p, cx, work),
        P::Class(name) => cx
            .classes
            .get(&(std::ptr::from_ref(pred) as usize))
            .copied()
            .or_else(|| cx.rules.class(name))
            .map_or(1, |p| cost_within(p, cx, work).saturating_add(1)),
        P::Origin(_) | P::Tag(_) | P::Unknown(_) | P::Listed { .. } => 1,
        P::Classification(_) => 2,
        P::Material { .. } | P::MayContain(_) | P::MadeWith { .. } => 3,
        P::Licensable { .. } => 16,
    }
}

fn content(c: &ContentPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    memoised(c, cx, |cx| ratio_test(c, cx))
}

fn ratio_test(c: &ContentPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    let key = std::ptr::from_ref(c) as usize;
    let mut e = Explain::default();
    let Some(content) = cx.contents.get(&key).and_then(|&i| cx.rollup.content(i)) else {
        return (Truth::Unknown(Facts::NONE), e);
    };
    let value = cx.rollup.value();
    let t = c.threshold;

    // ratio >= t  <=>  content >= t x value (value > 0): compared exactly, with products
    // rounded (if ever) in the direction that keeps the answer sound.
    let lower_holds = match value.hi {
        Some(v_hi) if !v_hi.is_zero() => mul_toward(t, v_hi, Toward::Ceiling)
            .is_some_and(|(x, _)| c.op.holds(content.bounds.lo, x)),
        _ => false,
    };
    let upper_fails = match content.bounds.hi {
        Some(c_hi) if !value.lo.is_zero() => {
            mul_toward(t, value.lo, Toward::Floor).is_some_and(|(x, _)| !c.op.holds(c_hi, x))
        }
        Some(c_hi) if c_hi.is_zero() => !c.op.holds(Decimal::ZERO, t),
        _ => false,
    };
    let truth = if lower_holds {
        Truth::True
    } else if upper_fails {
        Truth::False
    } else {
        let mut facts = Facts::NONE;
        for g in content.gaps.iter().chain(cx.rollup.value_gaps().iter()) {
            facts = facts.union(g.missing);
            let entry = e.missing.entry(g.item.clone()).or_default();
            *entry = entry.union(g.missing);
        }
        if value.hi.is_some_and(|v| v.is_zero()) {
            // A value of zero leaves the ratio undefined: its real value would settle it.
            let entry = e.missing.entry(cx.root.id.clone()).or_default();
            *entry = entry.union(Facts::VALUE);
            facts = facts.union(Facts::VALUE);
        }
        Truth::Unknown(facts)
    };

    let exact = ratio(content.bounds, value, t);
    let range = if exact.is_some() {
        None
    } else {
        let show = |r: Decimal| r.round_dp(7).normalize().to_string();
        let lo = match value.hi {
            Some(v) if !v.is_zero() => content.bounds.lo.checked_div(v).map(show),
            _ => Some("0".to_owned()),
        };
        let hi = match content.bounds.hi {
            Some(c) if !value.lo.is_zero() => c.checked_div(value.lo).map(show),
            _ => None,
        };
        lo.map(|lo| (lo, hi))
    };
    e.numbers = Some(Box::new(Numbers {
        ratio: exact,
        range,
        threshold: format!("{} {}", c.op.as_str(), t),
        numerator: show(content.bounds),
        denominator: show(value),
        derived: cx.rollup.value_source() == ValueSource::Derived,
    }));
    let whole = value.as_exact();
    e.paths = content
        .contributors
        .into_iter()
        .map(|c| Evidence {
            what: "counted content".to_owned(),
            share: whole
                .filter(|w| !w.is_zero())
                .and_then(|w| c.value.checked_div(w)),
            value: Some(c.value),
            path: c.path,
        })
        .collect();
    if truth == Truth::False {
        let shown = e
            .numbers
            .as_ref()
            .and_then(|n| n.ratio.as_deref())
            .and_then(|r| r.parse::<Decimal>().ok())
            .map(describe::percent)
            .or_else(|| {
                // Not exact: the largest ratio the bounds allow.
                let hi = content.bounds.hi?;
                (!value.lo.is_zero())
                    .then(|| hi.checked_div(value.lo))
                    .flatten()
                    .map(|r| format!("at most {}", describe::percent(r)))
            })
            .unwrap_or_else(|| "?".to_owned());
        let below = match c.op {
            crate::rules::Op::AtLeast => "<",
            crate::rules::Op::Exceeds => "<=",
        };
        e.reason = Some(format!(
            "counted content {} / value {} = {shown} {below} {}",
            content.bounds,
            value,
            describe::percent(t)
        ));
    }
    (truth, e)
}

/// The ratio for display, when both sides are exact: 7 decimal places, or every digit when
/// 7 places would show it equal to a threshold it is not equal to.
fn ratio(content: Bounds, value: Bounds, threshold: Decimal) -> Option<String> {
    let (c, v) = (content.as_exact()?, value.as_exact()?);
    let r = c.checked_div(v)?;
    let short = r.round_dp(7);
    let shown = if short == threshold && r != threshold {
        r
    } else {
        short
    };
    Some(shown.normalize().to_string())
}

fn show(b: Bounds) -> String {
    b.to_string()
}

fn located(place: &Place, country: Country, what: &str, cx: &Ctx<'_>) -> (Truth, Explain) {
    let mut e = Explain::default();
    if place.countries.contains(&country) {
        e.facts.push(format!("{what} `{country}`"));
        return (Truth::True, e);
    }
    for g in &place.groups {
        if cx
            .rules
            .group(g)
            .is_some_and(|group| group.has(country, cx.scenario.date))
        {
            e.facts
                .push(format!("{what} `{country}` is in country group `{g}`"));
            return (Truth::True, e);
        }
    }
    // Written only when it is the answer and read: a place may list dozens of countries.
    if cx.explain {
        e.reason = Some(format!(
            "{what} `{country}` is not {}",
            describe::place(&place.countries, &place.groups)
        ));
    }
    (Truth::False, e)
}

fn party(p: &PartyPred, cx: &Ctx<'_>) -> (Truth, Explain) {
    let mut e = Explain::default();
    let in_role = |party: &crate::scenario::Party| {
        if p.roles.is_empty() {
            !party.roles.is_empty()
        } else {
            p.roles.iter().any(|r| party.has_role(*r))
        }
    };
    let listed = |party: &crate::scenario::Party| p.lists.iter().any(|l| party.on_list(l));
    // The party's country, when the condition names countries: unknown when undeclared.
    let located = |party: &crate::scenario::Party| {
        if p.countries.is_empty() {
            return Truth::True;
        }
        match party.country {
            Some(c) => Truth::from_bool(p.countries.contains(&c)),
            None => Truth::Unknown(Facts::NONE),
        }
    };
    let parties: Vec<_> = cx.scenario.parties.iter().filter(|q| in_role(q)).collect();
    let mut truth = Truth::False;
    for q in &parties {
        let list = if p.lists.is_empty() {
            None
        } else {
            match p.lists.iter().find(|l| q.on_list(l)) {
                Some(l) => Some(l),
                None => continue,
            }
        };
        let place = located(q);
        match place {
            Truth::True => {
                if !cx.lean {
                    let what = match (list, q.country) {
                        (Some(l), Some(c)) if !p.countries.is_empty() => {
                            format!("is on `{l}`, in {c}")
                        }
                        (Some(l), _) => format!("is on `{l}`"),
                        (None, Some(c)) if !p.countries.is_empty() => format!("is in {c}"),
                        (None, _) => "is declared in that role".to_owned(),
                    };
                    e.facts
                        .push(format!("party `{}` ({}) {what}", q.id, roles_text(q)));
                }
                return (Truth::True, e);
            }
            Truth::Unknown(_) if cx.lean => truth = Truth::Unknown(Facts::NONE),
            Truth::Unknown(_) => {
                e.facts.push(format!(
                    "party `{}` ({}) declares no country",
                    q.id,
                    roles_text(q)
                ));
                truth = Truth::Unknown(Facts::NONE);
            }
            Truth::False => {}
        }
    }
    if truth != Truth::False {
        return (truth, e);
    }
    if cx.explain {
        let in_role = if p.roles.is_empty() {
            String::new()
        } else {
            format!(
                " in the role of {}",
                p.roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        e.reason = Some(format!(
            "no party{in_role}{}{}{}",
            if p.lists.is_empty() {
                String::new()
            } else {
                format!(" is on {}", describe::list(&p.lists))
            },
            if p.countries.is_empty() {
                String::new()
            } else {
                format!(
                    " {} in {}",
                    if p.lists.is_empty() { "is" } else { "and" },
                    p.countries
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            },
            p.affiliates.as_ref().map_or_else(String::new, |a| format!(
                " or owned {} or more by listed parties",
                describe::percent(a.share)
            ))
        ));
        if p.lists.is_empty() && p.countries.is_empty() {
            e.reason = Some(format!("no party{in_role} is declared"));
        }
    }
    let Some(aff) = &p.affiliates else {
        return (Truth::False, e);
    };
    let switch = status(&aff.effective, &aff.suspended, cx.scenario.date);
    for q in &parties {
        let share = cx.scenario.owned_share(&q.id, listed);
        if share < aff.share || located(q) != Truth::True {
            continue;
        }
        let fact = || {
            format!(
                "party `{}` ({}) is owned {} by listed parties ({})",
                q.id,
                roles_text(q),
                describe::percent(share),
                aff.citation
            )
        };
        match switch {
            Status::InForce => {
                if !cx.lean {
                    e.facts.push(fact());
                }
                return (Truth::True, e);
            }
            _ if cx.force_affiliates => {
                if !cx.lean {
                    e.facts.push(fact());
                }
                return (Truth::True, e);
            }
            Status::NotYet { .. } | Status::Suspended { .. } => {
                if !cx.lean {
                    e.dormant_affiliates = Some(Box::new((fact(), switch.clone())));
                }
            }
            // Lapsed for good: nothing to warn of.
            Status::Lapsed => {}
        }
    }
    (Truth::False, e)
}

fn roles_text(p: &crate::scenario::Party) -> String {
    p.roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

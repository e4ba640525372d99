//! Warnings: what a determination does not cover, or rests on, that a reader must know.
//!
//! Silence is not clearance: a declared fact no rule reads, a code the packs do not encode,
//! parts read as containing no material, a pack older than the as-of date — each is said,
//! never dropped. Every list is in a fixed order, so the same inputs give the same warnings.

use super::determination::{MAX_WARNING_ITEMS, Warning};
use crate::rollup::Rollup;
use crate::rules::RuleSet;
use crate::vocab::{VocabKind, list_jurisdiction};
use crate::{Bom, Decimal, Item, Scenario, UndeclaredMaterial};
use std::collections::BTreeMap;

/// A pack whose sources are older than this, on the as-of date, may miss amendments.
pub const VINTAGE_DAYS: i64 = 90;

pub(crate) struct Inputs<'a> {
    pub bom: &'a Bom,
    pub scenario: &'a Scenario,
    pub rules: &'a RuleSet,
    pub rollup: &'a Rollup<'a>,
    pub undeclared_material: UndeclaredMaterial,
    /// The roll-up predicate counting parts that declare no material.
    pub undeclared_slot: usize,
}

/// Up to this many component lines, a line's item is looked for among its parent's children
/// before it is looked up by id.
const FEW_LINES: usize = 32;

/// The items exported from `root`, with their positions: every item the roll-up reached.
fn reachable<'b>(x: &Inputs<'b>) -> Vec<(usize, &'b Item)> {
    // An item's position in `items` is its node: no look-up by id.
    x.bom
        .items()
        .iter()
        .enumerate()
        .filter(|&(node, _)| x.rollup.reached(node))
        .collect()
}

/// Whether an item may add to a warning, asked once per kind of item (`bom::kinds`), so
/// that the items of a kind that adds nothing are passed over unread. What a test reads of
/// an item must be among what kinds tell apart.
struct ByKind<'b> {
    kinds: &'b crate::bom::kinds::Kinds,
    known: Vec<Option<bool>>,
}

impl<'b> ByKind<'b> {
    fn new(bom: &'b Bom) -> Self {
        ByKind {
            kinds: bom.kinds(),
            known: vec![None; bom.kinds().len()],
        }
    }

    /// `test` of the item at `node`: remembered for its kind.
    fn holds<'i>(
        &mut self,
        node: usize,
        item: &'i Item,
        test: impl FnOnce(&'i Item) -> bool,
    ) -> bool {
        match self
            .kinds
            .at(node)
            .and_then(|k| self.known.get_mut(k.index()))
        {
            Some(known) => *known.get_or_insert_with(|| test(item)),
            None => test(item),
        }
    }
}

/// Warnings that read only the BOM below the exported item, the rules, the roll-up and the
/// reading of undeclared materials: the same for every scenario sharing those, so a prepared
/// BOM computes them once.
pub(crate) fn item_side<'a>(x: &Inputs<'a>) -> Vec<Warning> {
    let mut out = Vec::new();
    let jurisdictions = x.rules.jurisdictions();
    let reachable = reachable(x);

    // Item tags no rule reads, on the items of this export; material forms and processes of
    // one's own (`x-...`), which no rule can tell apart (a condition on them is unknown).
    let mut unread: BTreeMap<(VocabKind, &str), Vec<&str>> = BTreeMap::new();
    // Whether a rule reads a value, asked once per distinct value (items repeat their tags).
    let mut known: BTreeMap<(VocabKind, &str), bool> = BTreeMap::new();
    let values = |item: &'a Item| {
        let forms = item.material.iter().filter_map(|m| m.form.as_deref());
        let processes = item.made_with.iter().filter_map(|m| m.process.as_deref());
        item.tags
            .iter()
            .map(|t| (VocabKind::Tag, t.as_str()))
            .chain(forms.map(|f| (VocabKind::Form, f)))
            .chain(processes.map(|p| (VocabKind::Process, p)))
            .filter(|(kind, value)| {
                *kind == VocabKind::Tag || value.starts_with(crate::vocab::PRIVATE_PREFIX)
            })
    };
    let mut is_read = |kind: VocabKind, value: &'a str| {
        *known
            .entry((kind, value))
            .or_insert_with(|| jurisdictions.iter().any(|j| x.rules.reads(j, kind, value)))
    };
    let mut some_unread = ByKind::new(x.bom);
    for &(node, item) in &reachable {
        if !some_unread.holds(node, item, |item| {
            values(item).any(|(kind, value)| !is_read(kind, value))
        }) {
            continue;
        }
        for (kind, value) in values(item) {
            if !is_read(kind, value) {
                unread
                    .entry((kind, value))
                    .or_default()
                    .push(item.id.as_str());
            }
        }
    }
    for ((kind, value), mut items) in unread {
        items.dedup();
        let (name, effect) = match kind {
            VocabKind::Tag => ("unread_tag", "is read by no loaded rule"),
            VocabKind::Form => (
                "unread_form",
                "is known to no loaded pack: material conditions on it are unknown",
            ),
            _ => (
                "unread_process",
                "is known to no loaded pack: process conditions on it are unknown",
            ),
        };
        out.push(general(
            name,
            format!(
                "{} `{value}` ({}) {effect}",
                kind.noun(),
                count(items.len(), "item")
            ),
            // As many as a warning shows.
            items
                .iter()
                .take(MAX_WARNING_ITEMS)
                .map(|s| (*s).to_owned())
                .collect(),
        ));
    }

    // Items declared worth less than their components: content shares are taken against the
    // declared value, so they can pass 100%. A data error to fix, said rather than computed
    // silently (it overstates shares: never a false clearance, but a wrong number).
    let mut children: Vec<&Item> = Vec::new();
    let below: Vec<(&Item, Decimal, Decimal)> =
        x.bom
            .items()
            .iter()
            .enumerate()
            .filter(|&(node, item)| !item.components.is_empty() && x.rollup.reached(node))
            .filter_map(|(node, item)| {
                let own = item.unit_value?;
                match edge_sum(x.bom, node, item.components.len()) {
                    EdgeSum::Sum(parts) => return (parts > own).then_some((item, own, parts)),
                    EdgeSum::NoValue => return None,
                    EdgeSum::Lines => {}
                }
                // A line's item is among the item's children in the graph: for an item of a few
                // lines, found there by id rather than hashed; a wide item (the scan would make
                // it quadratic) and a child not found there are looked up by id. The graph lists
                // children last added first; reversed, they are in file order, which lines usually
                // follow: the child at the line's own position is tried first.
                let few = item.components.len() <= FEW_LINES;
                children.clear();
                if few {
                    children.extend(
                        x.bom
                            .graph()
                            .neighbors(petgraph::graph::NodeIndex::new(node))
                            .filter_map(|c| x.bom.item_at(c)),
                    );
                    children.reverse();
                }
                let children = &children;
                let component = |at: usize, id: &str| {
                    children
                        .get(at)
                        .filter(|c| c.id == id)
                        .or_else(|| children.iter().find(|c| c.id == id))
                        .copied()
                        .or_else(|| x.bom.item(id))
                };
                let parts = item.components.iter().enumerate().try_fold(
                    Decimal::ZERO,
                    |sum, (at, line)| {
                        let unit = component(at, &line.item)?.unit_value?;
                        sum.checked_add(unit.checked_mul(line.quantity)?)
                    },
                )?;
                (parts > own).then_some((item, own, parts))
            })
            .collect();
    if let Some((first, own, parts)) = below.first() {
        let currency = x.bom.currency();
        out.push(general(
            "value_below_components",
            format!(
                "{} {} declared worth less than {} components (`{}`: {currency} {} against {currency} {} of components): content shares are taken against the declared value and can pass 100%; check the values",
                count(below.len(), "item"),
                if below.len() == 1 { "is" } else { "are" },
                if below.len() == 1 { "its" } else { "their" },
                first.id,
                own.normalize(),
                parts.round_dp(2).normalize(),
            ),
            below
                .iter()
                .take(MAX_WARNING_ITEMS)
                .map(|(i, _, _)| i.id.clone())
                .collect(),
        ));
    }

    for j in &jurisdictions {
        per_jurisdiction_items(x, j, &reachable, &mut out);
    }
    out
}

/// Warnings that read the scenario: its end uses, parties and date.
pub(crate) fn scenario_side(x: &Inputs<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let jurisdictions = x.rules.jurisdictions();

    // Declared end uses no rule reads.
    for tag in &x.scenario.end_uses {
        if !jurisdictions
            .iter()
            .any(|j| x.rules.reads(j, VocabKind::EndUse, tag))
        {
            out.push(general(
                "unread_end_use",
                format!(
                    "declared end use `{tag}` is read by no loaded rule: it neither triggers nor clears anything"
                ),
                Vec::new(),
            ));
        }
    }

    // Listed parties that take no part: no role, and no party with a role below them in
    // ownership. Their listing changes nothing; say so rather than drop it.
    let mut counts: std::collections::BTreeSet<&str> = x
        .scenario
        .parties
        .iter()
        .filter(|p| !p.roles.is_empty())
        .map(|p| p.id.as_str())
        .collect();
    let mut frontier: Vec<&str> = counts.iter().copied().collect();
    while let Some(id) = frontier.pop() {
        for owner in x.scenario.party(id).into_iter().flat_map(|p| &p.owners) {
            if counts.insert(owner.party.as_str()) {
                frontier.push(owner.party.as_str());
            }
        }
    }
    for party in &x.scenario.parties {
        if !party.lists.is_empty() && !counts.contains(party.id.as_str()) {
            out.push(general(
                "idle_party",
                format!(
                    "party `{}` is on {} but has no role and owns no party with one: its listing is not evaluated (give it its roles, or name it as an owner)",
                    party.id,
                    party
                        .lists
                        .iter()
                        .map(|l| format!("`{l}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Vec::new(),
            ));
        }
    }

    // List memberships no rule reads (or of a jurisdiction no pack speaks for).
    for party in &x.scenario.parties {
        for list in &party.lists {
            let j = list_jurisdiction(list);
            let read = x.rules.reads_list(j, list);
            if read {
                continue;
            }
            let message = if jurisdictions.contains(&j) {
                format!(
                    "party `{}` is on `{list}`, which no loaded rule reads: it changes no outcome",
                    party.id
                )
            } else {
                format!(
                    "party `{}` is on `{list}`, but no loaded pack speaks for `{j}`: not evaluated",
                    party.id
                )
            };
            out.push(Warning {
                kind: "unread_list".to_owned(),
                jurisdiction: Some(j.to_owned()),
                message,
                rule: None,
                citation: None,
                items: Vec::new(),
            });
        }
    }

    for j in &jurisdictions {
        per_jurisdiction_dates(x, j, &mut out);
    }
    out
}

fn per_jurisdiction_dates(x: &Inputs<'_>, j: &str, out: &mut Vec<Warning>) {
    let date = x.scenario.date;
    // The packs' dates: older sources, or an as-of date before the earliest rule.
    // One warning per vintage: packs of the same sources (rules and their tables) together.
    let mut stale: BTreeMap<crate::Date, Vec<&str>> = BTreeMap::new();
    for pack in x.rules.packs().iter().filter(|p| p.jurisdiction == j) {
        if let Some(vintage) = pack.vintage
            && vintage.days_until(date) > VINTAGE_DAYS
        {
            stale.entry(vintage).or_default().push(pack.id.as_str());
        }
    }
    for (vintage, ids) in stale {
        let age = vintage.days_until(date);
        let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        out.push(in_j(
            j,
            "vintage",
            format!(
                "{} {} {} sources as of {vintage}, {age} days before the as-of date {date}: later amendments are not reflected",
                if ids.len() == 1 { "pack" } else { "packs" },
                names.join(" and "),
                if ids.len() == 1 { "encodes" } else { "encode" },
            ),
            Vec::new(),
        ));
    }
    let earliest = x
        .rules
        .rules()
        .iter()
        .filter(|r| r.jurisdiction == j)
        .flat_map(|r| r.effective.iter().map(|w| w.from))
        .min();
    if let Some(start) = x.rules.covers_from(j)
        && date < start
    {
        out.push(in_j(
            j,
            "before_coverage",
            format!(
                "the {j} packs do not cover dates before {start} (as-of date {date}): the {j} outcome is undetermined, not answered with later law"
            ),
            Vec::new(),
        ));
    } else if let Some(first) = earliest
        && date < first
    {
        out.push(in_j(
            j,
            "before_coverage",
            format!(
                "the as-of date {date} is before the earliest rule the {j} packs encode (in force from {first}): earlier law is not modelled"
            ),
            Vec::new(),
        ));
    }
}

fn per_jurisdiction_items<'i>(
    x: &Inputs<'_>,
    j: &str,
    reachable: &[(usize, &'i Item)],
    out: &mut Vec<Warning>,
) {
    // Codes the control rows do not know: the answer for those items is open, not cleared.
    // The first items (as many as are shown), and how many there are.
    let mut uncovered: Vec<String> = Vec::new();
    let mut n = 0_usize;
    let mut shown = Vec::new();
    // What the control rows leave open of a code, once per distinct code: nothing (`None`),
    // the whole code (`Some(None)`), or the reasons not encoded.
    let mut gaps: BTreeMap<&'i str, Option<Option<String>>> = BTreeMap::new();
    let mut has_gap = ByKind::new(x.bom);
    for &(node, item) in reachable {
        let open = |item: &'i Item| {
            item.classification(j)
                .is_some_and(|code| gap(&mut gaps, x.rules, j, code).is_some())
        };
        if !has_gap.holds(node, item, open) {
            continue;
        }
        let Some(code) = item.classification(j) else {
            continue;
        };
        let Some(reasons) = gap(&mut gaps, x.rules, j, code) else {
            continue;
        };
        if shown.len() < MAX_WARNING_ITEMS {
            shown.push(match reasons {
                None => format!("`{code}` on `{}`", item.id),
                Some(reasons) => format!("`{code}` on `{}`: {reasons} not encoded", item.id),
            });
        }
        if uncovered.len() < MAX_WARNING_ITEMS {
            uncovered.push(item.id.clone());
        }
        n = n.saturating_add(1);
    }
    if n > 0 {
        out.push(in_j(
            j,
            "uncovered_classification",
            format!(
                "{} {} {j} codes the loaded packs do not encode, or not every reason for control of ({}{}): their control status is unknown, so answers resting on them are undetermined, not cleared",
                count(n, "item"),
                if n == 1 { "carries" } else { "carry" },
                shown.join(", "),
                if n > shown.len() { ", ..." } else { "" }
            ),
            uncovered,
        ));
    }

    // Parts read as containing no material.
    if x.rules.reads_materials(j) && x.undeclared_material == UndeclaredMaterial::None {
        let mut undeclared = ByKind::new(x.bom);
        let parts: Vec<&Item> = reachable
            .iter()
            .filter(|&&(node, item)| {
                undeclared.holds(node, item, |i| {
                    i.material.is_none() && i.components.is_empty()
                })
            })
            .map(|&(_, item)| item)
            .collect();
        if !parts.is_empty() {
            // The roll-up counts what is below the root; a root that is itself a part
            // without material is all of its value.
            let root = x.rollup.root();
            let share = if root.components.is_empty() {
                "100%".to_owned()
            } else {
                x.rollup
                    .content(x.undeclared_slot)
                    .map(|c| share_text(c.bounds, x.rollup.value()))
                    .unwrap_or_else(|| "an unknown share".to_owned())
            };
            let root = &root.id;
            out.push(in_j(
                j,
                "undeclared_material",
                format!(
                    "{} under `{root}` {} no material ({share} of its value): the {j} rules read materials and took {} to contain none; set `assume.undeclared_material = \"unknown\"` (or `--strict-materials`) to let the bounds decide",
                    count(parts.len(), "part"),
                    if parts.len() == 1 { "declares" } else { "declare" },
                    if parts.len() == 1 { "it" } else { "them" },
                ),
                parts
                    .iter()
                    .take(MAX_WARNING_ITEMS)
                    .map(|i| i.id.clone())
                    .collect(),
            ));
        }
    }
}

/// What the control rows of `j` leave open of `code`, worked out once per code: nothing
/// (`None`), the whole code (`Some(None)`), or the reasons not encoded.
fn gap<'g, 'c>(
    gaps: &'g mut BTreeMap<&'c str, Option<Option<String>>>,
    rules: &RuleSet,
    j: &str,
    code: &'c str,
) -> &'g Option<Option<String>> {
    gaps.entry(code).or_insert_with(|| {
        rules.coverage(j, code).and_then(|coverage| {
            if !coverage.known {
                Some(None)
            } else if coverage.unencoded.is_empty() {
                None
            } else {
                let mut reasons: Vec<&str> = coverage
                    .unencoded
                    .iter()
                    .map(|r| r.reason.as_str())
                    .collect();
                reasons.sort_unstable();
                reasons.dedup();
                Some(Some(reasons.join(", ")))
            }
        })
    })
}

/// The value of an item's components, from its graph edges (see [`edge_sum`]).
enum EdgeSum {
    /// The sum over the lines, which the edges give exactly.
    Sum(Decimal),
    /// A component declares no value: there is no sum.
    NoValue,
    /// Summed over the lines, as written.
    Lines,
}

/// `Σ unit value × quantity` over the item's component lines, taken from its graph edges
/// (one per child, weighing the child's lines' summed quantity: no line text or item id is
/// read) when that is the lines' sum to the digit: one edge per line (no child on two lines),
/// no term negative, and no decimal operation rounded (each kept the full scale of its
/// operands). The sum is then exact, so the order of the terms does not change it.
fn edge_sum(bom: &Bom, node: usize, lines: usize) -> EdgeSum {
    use petgraph::visit::EdgeRef;
    let mut edges = 0_usize;
    let mut sum = Decimal::ZERO;
    for edge in bom.graph().edges(petgraph::graph::NodeIndex::new(node)) {
        edges = edges.saturating_add(1);
        let Some(child) = bom.item_at(edge.target()) else {
            return EdgeSum::Lines;
        };
        let Some(unit) = child.unit_value else {
            return EdgeSum::NoValue;
        };
        let quantity = *edge.weight();
        if unit.is_sign_negative() || quantity.is_sign_negative() {
            return EdgeSum::Lines;
        }
        let Some(product) = unit
            .checked_mul(quantity)
            .filter(|p| Some(p.scale()) == unit.scale().checked_add(quantity.scale()))
        else {
            return EdgeSum::Lines;
        };
        let scale = sum.scale().max(product.scale());
        match sum.checked_add(product).filter(|s| s.scale() == scale) {
            Some(s) => sum = s,
            None => return EdgeSum::Lines,
        }
    }
    if edges == lines {
        EdgeSum::Sum(sum)
    } else {
        EdgeSum::Lines
    }
}

/// `part / whole` as a percentage, or a range when either is uncertain.
fn share_text(part: crate::Bounds, whole: crate::Bounds) -> String {
    let pct = |n: Decimal, d: Decimal| -> Option<String> {
        if d.is_zero() {
            return None;
        }
        let r = n.checked_div(d)?.checked_mul(Decimal::ONE_HUNDRED)?;
        Some(format!("{}%", r.round_dp(2).normalize()))
    };
    match (part.as_exact(), whole.as_exact()) {
        (Some(p), Some(w)) => pct(p, w).unwrap_or_else(|| "an unknown share".to_owned()),
        _ => match (whole.hi, part.hi) {
            (Some(w_hi), Some(p_hi)) => {
                let lo = pct(part.lo, w_hi);
                let hi = pct(p_hi, whole.lo);
                match (lo, hi) {
                    (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
                    (Some(lo), None) => format!("at least {lo}"),
                    _ => "an unknown share".to_owned(),
                }
            }
            (Some(w_hi), None) => pct(part.lo, w_hi)
                .map(|lo| format!("at least {lo}"))
                .unwrap_or_else(|| "an unknown share".to_owned()),
            _ => "an unknown share".to_owned(),
        },
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn general(kind: &str, message: String, mut items: Vec<String>) -> Warning {
    items.truncate(MAX_WARNING_ITEMS);
    Warning {
        kind: kind.to_owned(),
        jurisdiction: None,
        message,
        rule: None,
        citation: None,
        items,
    }
}

fn in_j(j: &str, kind: &str, message: String, items: Vec<String>) -> Warning {
    Warning {
        jurisdiction: Some(j.to_owned()),
        ..general(kind, message, items)
    }
}

/// Deterministic order: general warnings first, then by jurisdiction, kind and message.
pub(crate) fn sort(warnings: &mut [Warning]) {
    warnings.sort_by(|a, b| {
        (&a.jurisdiction, &a.kind, &a.message).cmp(&(&b.jurisdiction, &b.kind, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::{EdgeSum, edge_sum};
    use crate::{Bom, Decimal};

    /// Summed over the lines, as the warning always did.
    fn line_sum(bom: &Bom, item: &crate::Item) -> Option<Decimal> {
        item.components.iter().try_fold(Decimal::ZERO, |sum, line| {
            let unit = bom.item(&line.item)?.unit_value?;
            sum.checked_add(unit.checked_mul(line.quantity)?)
        })
    }

    /// Where the edges answer, they give the lines' sum to the digit, or its absence.
    #[test]
    fn edge_sum_is_the_line_sum() {
        let mut boms: Vec<Bom> = std::fs::read_dir("examples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".bom.json"))
            .map(|p| Bom::from_path(&p).unwrap())
            .collect();
        // A DAG of 400 items: children of higher index, values of 0 to 4 decimals.
        let seed = std::cell::Cell::new(7_u64);
        let next = |n: u64| {
            seed.set(
                seed.get()
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1),
            );
            (seed.get() >> 33) % n
        };
        let items: Vec<String> = (0..400_u64)
            .map(|i| {
                let lines: Vec<String> = (0..next(4))
                    .map(|_| i + 1 + next(20))
                    .filter(|c| *c < 400)
                    .map(|c| format!(r#"{{ "item": "I{c}", "quantity": "{}" }}"#, 1 + next(5)))
                    .collect();
                let digits = next(5);
                let value = format!("{}", next(10_000_000));
                let value = if digits == 0 {
                    value
                } else {
                    format!(
                        "{value}.{:0width$}",
                        next(10_u64.pow(digits as u32)),
                        width = digits as usize
                    )
                };
                format!(
                    r#"{{ "id": "I{i}", "value": "{value}", "components": [ {} ] }}"#,
                    lines.join(", ")
                )
            })
            .collect();
        let text = format!(
            r#"{{ "currency": "USD", "items": [ {} ] }}"#,
            items.join(",\n")
        );
        boms.push(Bom::from_json_str(&text).unwrap());
        // A child on two lines, values of many digits, a part without a value.
        boms.push(
            Bom::from_json_str(
                r#"{ "currency": "USD", "items": [
                { "id": "A", "value": "1", "components": [ { "item": "B", "quantity": "2" }, { "item": "C", "quantity": "1" }, { "item": "B", "quantity": "3" } ] },
                { "id": "B", "value": "0.1234567890123456789" },
                { "id": "C", "value": "79228162514264337593543950", "components": [ { "item": "D", "quantity": "1000" } ] },
                { "id": "D", "value": "7922816251426433759354395.0335" },
                { "id": "E", "value": "1", "components": [ { "item": "F", "quantity": "1" }, { "item": "B", "quantity": "1" } ] },
                { "id": "F" }
            ] }"#,
            )
            .unwrap(),
        );
        let mut answered = 0;
        for bom in &boms {
            for (node, item) in bom.items().iter().enumerate() {
                if item.components.is_empty() {
                    continue;
                }
                match edge_sum(bom, node, item.components.len()) {
                    EdgeSum::Sum(s) => {
                        answered += 1;
                        let lines = line_sum(bom, item).unwrap();
                        assert_eq!(s, lines, "{}", item.id);
                        assert_eq!(
                            s.round_dp(2).normalize().to_string(),
                            lines.round_dp(2).normalize().to_string()
                        );
                    }
                    EdgeSum::NoValue => assert_eq!(line_sum(bom, item), None, "{}", item.id),
                    EdgeSum::Lines => {}
                }
            }
        }
        assert!(answered > 100);
    }
}

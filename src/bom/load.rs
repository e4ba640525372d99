//! From a parsed document tree to a validated [`Bom`], collecting every problem on the way.

use super::cycle::order_or_cycles;
use super::kinds::{Kinds, OwnKind};
use super::{
    Bom, ComponentLine, IdIndex, Item, LoadError, MadeWith, MadeWithKind, Material, Money,
};
use crate::Currency;
use crate::codes::decimal::mul_exact;
use crate::codes::element::{self, ElementSet};
use crate::doc::path::At;
use crate::doc::read::{Reader, closest_within, field};
use crate::doc::{Kind, Node};
use crate::error::ProblemKind;
use crate::limits::{Limits, exceeded, group};
use crate::vocab::VocabKind;
use petgraph::graph::{DiGraph, NodeIndex};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(crate) const TOP_FIELDS: &[&str] = &["currency", "fx", "items", "assume"];
pub(crate) const ITEM_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "origin",
    "value",
    "classification",
    "material",
    "made_with",
    "components",
    "tags",
];
pub(crate) const LINE_FIELDS: &[&str] = &["item", "quantity"];
pub(crate) const MONEY_FIELDS: &[&str] = &["amount", "currency"];
pub(crate) const MATERIAL_FIELDS: &[&str] = &["form", "elements"];
pub(crate) const MADE_WITH_FIELDS: &[&str] =
    &["kind", "origin", "classification", "process", "description"];

/// Whether `code` is a well-formed control-list code of a jurisdiction whose format is
/// known: CN and US codes are `1C902`, `3A090.a.1` (digit, category A-E, three digits, then
/// lower-case paragraphs), and `EAR99` for the US. `None` when well formed (or the format
/// is not known); `Some(suggestion)` when malformed: `3A090.A` would match no row, silently.
fn control_code_problem(jurisdiction: &str, code: &str) -> Option<Option<String>> {
    fn well_formed(jurisdiction: &str, code: &str) -> bool {
        // Not on the list, as the exporter has found: `EAR99` (US), `unlisted` (CN).
        if (jurisdiction == "US" && code == "EAR99") || (jurisdiction == "CN" && code == "unlisted")
        {
            return true;
        }
        let mut parts = code.split('.');
        let entry = parts.next().unwrap_or("").as_bytes();
        let entry_ok = matches!(entry, [d1, c, d2, d3, d4]
            if d1.is_ascii_digit() && (b'A'..=b'E').contains(c)
                && d2.is_ascii_digit() && d3.is_ascii_digit() && d4.is_ascii_digit());
        entry_ok
            && parts.all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }
    if !matches!(jurisdiction, "CN" | "US") || well_formed(jurisdiction, code) {
        return None;
    }
    let trimmed = code.trim();
    let fixed = if trimmed.eq_ignore_ascii_case("EAR99") {
        "EAR99".to_owned()
    } else if trimmed.eq_ignore_ascii_case("unlisted") {
        "unlisted".to_owned()
    } else {
        let (entry, rest) = trimmed.split_once('.').unwrap_or((trimmed, ""));
        let mut fixed = entry.to_ascii_uppercase();
        if !rest.is_empty() {
            fixed.push('.');
            fixed.push_str(&rest.to_ascii_lowercase());
        }
        fixed
    };
    Some(well_formed(jurisdiction, &fixed).then_some(fixed))
}

/// Whether `code` is a well-formed HS / HTS code: 6 to 10 ASCII digits, with dots only
/// where the tariff writes them (after the 4th, 6th and 8th digit: `8471.30`,
/// `8471.30.01.00`). `None` when well formed; `Some(suggestion)` when not (`84.71.30` and
/// fullwidth `８４７１３０` would match no row).
fn hs_code_problem(code: &str) -> Option<Option<String>> {
    fn well_formed(code: &str) -> bool {
        let mut digits = 0usize;
        let mut last_dot = None;
        for b in code.bytes() {
            match b {
                b'0'..=b'9' => digits = digits.saturating_add(1),
                b'.' if matches!(digits, 4 | 6 | 8) && last_dot != Some(digits) => {
                    last_dot = Some(digits);
                }
                _ => return false,
            }
        }
        (6..=10).contains(&digits) && !code.ends_with('.')
    }
    if well_formed(code) {
        return None;
    }
    use unicode_normalization::UnicodeNormalization;
    let digits: String = code
        .nfkc()
        .filter(|c| !matches!(c, '.' | ' ' | '-'))
        .collect();
    Some(well_formed(&digits).then_some(digits))
}

struct DraftLine {
    /// Index in the item's `components` array, for paths.
    pos: usize,
    /// Line of the `item` field.
    line: u32,
    item: String,
    quantity: Option<Decimal>,
}

/// An item as read, before its references are resolved.
struct Draft {
    /// Index in the file's `items` array, for paths.
    pos: usize,
    /// The item, its `components` still empty: they are `lines`, moved in once the BOM is
    /// valid (each id allocated once).
    item: Item,
    /// Every component line as read, including those with a bad quantity (dropped from the
    /// item's `components`), so their references are still checked.
    lines: Vec<DraftLine>,
    /// The declared value as read: amount, and currency when not the BOM's.
    value: Option<(Decimal, Option<Currency>)>,
    /// Line of `value`, for conversion problems.
    value_line: u32,
    /// Line of `id`, for duplicate-id problems.
    id_line: u32,
    /// The number of the item's own facets (`bom::kinds`).
    own: Option<OwnKind>,
}

/// What a BOM says besides its items.
struct Top {
    currency: Option<Currency>,
    fx: BTreeMap<Currency, Decimal>,
    assume: crate::Assumptions,
}

/// Loads a BOM from its document tree.
pub(super) fn load(root: &Node, limits: &Limits) -> Result<Bom, LoadError> {
    let mut cx = Reader::with_limits(limits);
    let Some((members, head)) = cx.top(root) else {
        return Err(cx.into_error());
    };
    let top = At::Root;
    let items_at = top.key("items");
    let mut drafts = Vec::new();
    if let Some(node) = cx.required(members, root, &top, "items")
        && let Some(list) = cx.array(node, &items_at)
    {
        let lines = list
            .iter()
            .map(component_lines)
            .fold(0usize, usize::saturating_add);
        if !cx.within_item_limits(list.len(), lines, node.line) {
            return Err(cx.into_error());
        }
        drafts.reserve(list.len());
        for (pos, node) in list.iter().enumerate() {
            if let Some(draft) = cx.item(node, &items_at.index(pos), pos) {
                drafts.push(draft);
            }
        }
    }
    finish(cx, head, drafts, limits)
}

/// Loads a BOM from JSON text, building each item as soon as it is parsed (the document tree
/// never holds the items): the same problems, in the same order, as [`load`] on the tree.
#[cfg(test)]
pub(super) fn load_json(text: &str, limits: &Limits) -> Result<Bom, LoadError> {
    read_json(text, limits).finish(limits)
}

/// A JSON BOM read, before its items are resolved: the text is no longer needed.
pub(super) enum Read {
    /// Loaded already (through the tree), or failed.
    Done(Result<Bom, LoadError>),
    /// The items as read, and the problems found so far.
    Items(Items),
}

/// Items read from a JSON text, to be resolved into a BOM.
pub(super) struct Items {
    cx: Reader,
    head: Top,
    drafts: Vec<Draft>,
    /// Whether the text was large enough to be read on two threads.
    large: bool,
}

impl Read {
    /// The BOM: ids, values, edges, cycles and depth resolved.
    pub(super) fn finish(self, limits: &Limits) -> Result<Bom, LoadError> {
        match self {
            Read::Done(loaded) => loaded,
            Read::Items(Items {
                cx, head, drafts, ..
            }) => finish(cx, head, drafts, limits),
        }
    }

    /// [`Read::finish`], and `beside` (the text's hash): on a second thread while the items
    /// are resolved when the text was read on two (or here, if no thread can be started),
    /// else before them.
    pub(super) fn finish_beside<T: Send>(
        self,
        limits: &Limits,
        beside: impl Fn() -> T + Sync,
    ) -> (Result<Bom, LoadError>, T) {
        match self {
            Read::Items(items) if items.large => std::thread::scope(|scope| {
                let other = std::thread::Builder::new()
                    .spawn_scoped(scope, &beside)
                    .ok();
                let loaded = Read::Items(items).finish(limits);
                let done = match other {
                    Some(other) => other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    None => beside(),
                };
                (loaded, done)
            }),
            read => {
                let done = beside();
                (read.finish(limits), done)
            }
        }
    }
}

/// Texts from this many bytes on are read on two threads when the machine has two cores:
/// one parses, the other builds the items parsed. Measured on 2 cores: no gain at 1 MB (6,000
/// items), about even at 4 MB, a read 10-15% shorter at 17 MB (100,000 items).
const PIPELINE_BYTES: usize = 8 << 20;
/// Items handed from the parsing thread to the building one at a time: fewer hand-overs
/// (each may wake a sleeping core) paid more than smaller batches (256: no gain).
const BATCH: usize = 2048;
/// Batches parsed ahead of the building thread, at most (memory stays bounded).
const AHEAD: usize = 2;

/// The reading part of a JSON load: the text parsed, its items built.
pub(super) fn read_json(text: &str, limits: &Limits) -> Read {
    // Asked only of a large text: on Linux the answer reads the cgroup files.
    let pipeline_from = if text.len() >= PIPELINE_BYTES
        && std::thread::available_parallelism().map_or(1, |n| n.get()) > 1
    {
        PIPELINE_BYTES
    } else {
        usize::MAX
    };
    read_json_from(text, limits, pipeline_from, BATCH)
}

/// [`read_json`], on two threads when `text` has at least `pipeline_from` bytes, handing
/// `batch` items at a time from one to the other.
fn read_json_from(text: &str, limits: &Limits, pipeline_from: usize, batch_len: usize) -> Read {
    // Items are read into a reader of their own: their problems come after those of the
    // members around them (`currency` may follow `items`), as on the tree.
    let mut items_cx = Reader::with_limits(limits);
    let mut drafts = Vec::new();
    let mut count = 0usize;
    let mut lines = 0usize;
    // Past a limit nothing more is built (a limit bounds memory); the rest is counted for
    // the message.
    let mut within = |node: &Node| {
        count = count.saturating_add(1);
        lines = lines.saturating_add(component_lines(node));
        count <= limits.items && lines <= limits.components
    };
    let large = text.len() >= pipeline_from;
    // `None` when not large, or when no thread can be started: then read on this one.
    let piped = large.then(|| {
        std::thread::scope(|scope| {
            let (to_builder, batches) = std::sync::mpsc::sync_channel::<Vec<(usize, Node)>>(AHEAD);
            let builder = std::thread::Builder::new().spawn_scoped(scope, move || {
                let items_at = At::Root.key("items");
                for batch in batches {
                    for (pos, node) in &batch {
                        if let Some(draft) = items_cx.item(node, &items_at.index(*pos), *pos) {
                            drafts.push(draft);
                        }
                    }
                    // Dropped here: handing the nodes back for their vectors costs more (the
                    // parser then walks and writes memory this core has just read).
                    drop(batch);
                }
                (items_cx, drafts)
            });
            let Ok(builder) = builder else {
                return None;
            };
            let batch_len = batch_len.max(1);
            let mut batch = Vec::with_capacity(batch_len);
            let parsed = crate::doc::parse_json_streaming_owned(
                text,
                limits.nesting,
                "items",
                |pos, node, spares| {
                    if !within(&node) {
                        spares.recycle(node);
                        return;
                    }
                    batch.push((pos, node));
                    if batch.len() >= batch_len {
                        let next = Vec::with_capacity(batch_len);
                        // Fails only when the builder is gone, which `join` then reports.
                        let _ = to_builder.send(std::mem::replace(&mut batch, next));
                    }
                },
            );
            if !batch.is_empty() {
                let _ = to_builder.send(batch);
            }
            drop(to_builder);
            let built = builder
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Some((parsed, built))
        })
    });
    let parsed = match piped.flatten() {
        Some((parsed, built)) => {
            (items_cx, drafts) = built;
            parsed
        }
        None => {
            // Moved to a thread that could not start, or never moved: fresh either way.
            items_cx = Reader::with_limits(limits);
            drafts = Vec::new();
            let items_at = At::Root.key("items");
            crate::doc::parse_json_streaming(text, limits.nesting, "items", |pos, node| {
                if within(node)
                    && let Some(draft) = items_cx.item(node, &items_at.index(pos), pos)
                {
                    drafts.push(draft);
                }
            })
        }
    };
    let (root, items_line) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return Read::Done(Err(LoadError::syntax(None, e))),
    };
    // Not an object, or no `items` array read: the tree holds all there is.
    let Some(items_line) = items_line else {
        return Read::Done(load(&root, limits));
    };
    let mut cx = Reader::with_limits(limits);
    let Some((_, head)) = cx.top(&root) else {
        return Read::Done(Err(cx.into_error()));
    };
    if !cx.within_item_limits(count, lines, items_line) {
        return Read::Done(Err(cx.into_error()));
    }
    cx.absorb_problems(&mut items_cx);
    // Only items record vocabulary (the members around them record none).
    cx.spots = items_cx.spots;
    Read::Items(Items {
        cx,
        head,
        drafts,
        large,
    })
}

/// The number of component lines of an item node (0 when it has no list).
fn component_lines(item: &Node) -> usize {
    match &item.kind {
        Kind::Obj(members) => match field(members, "components").map(|c| &c.kind) {
            Some(Kind::Arr(lines)) => lines.len(),
            _ => 0,
        },
        _ => 0,
    }
}

impl Reader {
    /// The top-level members after checking its keys, and `currency`, `fx` and `assume`
    /// read; `None` when the root is not an object of readable keys.
    fn top<'n>(&mut self, root: &'n Node) -> Option<(&'n [(crate::doc::Text, Node)], Top)> {
        let cx = self;
        let top = At::Root;
        let members = cx.object(root, &top, TOP_FIELDS)?;

        let currency = match cx.required(members, root, &top, "currency") {
            Some(node) => cx.currency(node, &top.key("currency")),
            None => None,
        };

        let mut fx = BTreeMap::new();
        let fx_at = top.key("fx");
        if let Some(node) = field(members, "fx")
            && let Some(rates) = cx.object(node, &fx_at, &[])
        {
            for (code, rate_node) in rates {
                let at = fx_at.key(code);
                let code = match Currency::parse(code) {
                    Some(c) => Some(c),
                    None => {
                        cx.push(
                            &at,
                            rate_node.line,
                            ProblemKind::InvalidCurrency {
                                code: code.to_string(),
                            },
                        );
                        None
                    }
                };
                let rate = cx.decimal(rate_node, &at);
                // A rate for the BOM's own currency would be ignored, whatever it says.
                if code.is_some() && code == currency {
                    cx.push(
                        &at,
                        rate_node.line,
                        ProblemKind::OwnCurrencyRate {
                            currency: code.map(|c| c.to_string()).unwrap_or_default(),
                        },
                    );
                    continue;
                }
                if let Some(rate) = rate
                    && rate <= Decimal::ZERO
                {
                    cx.push(
                        &at,
                        rate_node.line,
                        ProblemKind::NonPositiveRate {
                            rate: rate.to_string(),
                        },
                    );
                } else if let (Some(code), Some(rate)) = (code, rate) {
                    fx.insert(code, rate);
                }
            }
        }

        let assume = field(members, "assume")
            .map(|n| cx.assumptions(n, &top.key("assume")))
            .unwrap_or_default();
        Some((
            members,
            Top {
                currency,
                fx,
                assume,
            },
        ))
    }

    /// Whether `items` items of `lines` component lines in all fit the limits `items` and
    /// `components`: checked before anything is built for them (a limit bounds memory).
    fn within_item_limits(&mut self, items: usize, lines: usize, line: u32) -> bool {
        let items_at = At::Root.key("items");
        let limits = self.limits;
        if items > limits.items {
            let message = exceeded(
                "items",
                &format!("{} items", group(items)),
                group(limits.items),
            );
            self.push(&items_at, line, ProblemKind::LimitExceeded { message });
            return false;
        }
        if lines > limits.components {
            let message = exceeded(
                "components",
                &format!("{} component lines", group(lines)),
                group(limits.components),
            );
            self.push(&items_at, line, ProblemKind::LimitExceeded { message });
            return false;
        }
        true
    }
}

/// From the items as read to the BOM: ids, values, edges, cycles, depth.
fn finish(
    mut cx: Reader,
    head: Top,
    drafts: Vec<Draft>,
    limits: &Limits,
) -> Result<Bom, LoadError> {
    let Top {
        currency,
        fx,
        assume,
    } = head;
    let top = At::Root;
    // Ids: the first definition wins; later ones are reported and dropped (in place: a copy
    // of a million drafts would be the peak of a load's memory).
    let mut index = IdIndex::with_capacity_and_hasher(drafts.len(), Default::default());
    // Per draft, whether it is kept; the file position of each kept one.
    let mut keep: Vec<bool> = Vec::with_capacity(drafts.len());
    let mut kept_pos: Vec<usize> = Vec::with_capacity(drafts.len());
    for draft in &drafts {
        if let Some(&first) = index.get(&draft.item.id) {
            let first_pos = kept_pos.get(first as usize).copied().unwrap_or(0);
            let at_items = top.key("items");
            let at_item = at_items.index(draft.pos);
            cx.push(
                &at_item.key("id"),
                draft.id_line,
                ProblemKind::DuplicateId {
                    id: draft.item.id.clone(),
                    first: format!("`{}`", at_items.index(first_pos).render()),
                },
            );
            keep.push(false);
            continue;
        }
        let Ok(next) = u32::try_from(kept_pos.len()) else {
            break;
        };
        index.insert(draft.item.id.clone(), next);
        kept_pos.push(draft.pos);
        keep.push(true);
    }
    drop(kept_pos);
    let mut kept = drafts;
    let mut keep = keep.into_iter();
    kept.retain(|_| keep.next().unwrap_or(false));

    // Values in the BOM currency.
    if let Some(bom_currency) = currency {
        for draft in &mut kept {
            let Some((amount, written)) = draft.value else {
                continue;
            };
            let money = Money {
                amount,
                currency: written.unwrap_or(bom_currency),
            };
            draft.item.value = Some(money);
            let rate = if money.currency == bom_currency {
                Some(Decimal::ONE)
            } else {
                fx.get(&money.currency).copied()
            };
            let at_items = top.key("items");
            let at_item = at_items.index(draft.pos);
            let at = at_item.key("value");
            match rate {
                None => cx.push(
                    &at,
                    draft.value_line,
                    ProblemKind::MissingFxRate {
                        currency: money.currency.to_string(),
                        bom_currency: bom_currency.to_string(),
                    },
                ),
                Some(rate) => match mul_exact(money.amount, rate) {
                    Some(v) => draft.item.unit_value = Some(v),
                    None => cx.push(
                        &at,
                        draft.value_line,
                        ProblemKind::ConversionOverflow {
                            amount: money.amount.to_string(),
                            currency: money.currency.to_string(),
                        },
                    ),
                },
            }
        }
    }

    // Edges: one per (parent, child), quantities of repeated lines summed.
    let mut graph: DiGraph<(), Decimal, u32> =
        DiGraph::with_capacity(kept.len(), kept.iter().map(|d| d.lines.len()).sum());
    for _ in &kept {
        graph.add_node(());
    }
    // "Did you mean" look-ups scan every id: one budget for the file, so a badly broken
    // file with many long ids still loads (and fails) quickly.
    let mut budget = crate::doc::read::Budget::default();
    let mut children: Vec<(u32, Decimal)> = Vec::new();
    for (parent, draft) in kept.iter().enumerate() {
        children.clear();
        for line in &draft.lines {
            match index.get(&line.item) {
                Some(&child) => {
                    if let Some(quantity) = line.quantity {
                        children.push((child, quantity));
                    }
                }
                None => {
                    let suggestion = closest_within(
                        &line.item,
                        kept.iter().map(|d| d.item.id.as_str()),
                        &mut budget,
                    )
                    .map(str::to_owned);
                    let at_items = top.key("items");
                    let at_item = at_items.index(draft.pos);
                    let at_comps = at_item.key("components");
                    let at_line = at_comps.index(line.pos);
                    cx.push(
                        &at_line.key("item"),
                        line.line,
                        ProblemKind::MissingItem {
                            id: line.item.clone(),
                            suggestion,
                        },
                    );
                }
            }
        }
        children.sort_by_key(|&(c, _)| c);
        for group in children.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(child, _)) = group.first() else {
                continue;
            };
            let total = group
                .iter()
                .try_fold(Decimal::ZERO, |sum, &(_, q)| sum.checked_add(q));
            let Some(quantity) = total else {
                cx.push(
                    &top.key("items").index(draft.pos).key("components"),
                    draft.lines.first().map_or(0, |l| l.line),
                    ProblemKind::QuantitySumOutOfRange {
                        child: kept
                            .get(child as usize)
                            .map(|d| d.item.id.clone())
                            .unwrap_or_default(),
                    },
                );
                continue;
            };
            graph.add_edge(
                NodeIndex::new(parent),
                NodeIndex::new(child as usize),
                quantity,
            );
        }
    }

    // The items in topological order, or the cycles that prevent one.
    let (order, cycles) = match order_or_cycles(&graph) {
        Ok(order) => (Some(order), Vec::new()),
        Err(cycles) => (None, cycles),
    };
    for cycle in cycles {
        // Name the cycle from its smallest id so the message does not depend on file order.
        let ids: Vec<&str> = cycle
            .iter()
            .filter_map(|n| kept.get(n.index()).map(|d| d.item.id.as_str()))
            .collect();
        let Some(start) = (0..ids.len()).min_by_key(|&i| ids.get(i).copied().unwrap_or("")) else {
            continue;
        };
        let mut names: Vec<String> = ids
            .iter()
            .cycle()
            .skip(start)
            .take(ids.len())
            .map(|s| (*s).to_owned())
            .collect();
        let Some(first) = names.first().cloned() else {
            continue;
        };
        let last = names.last().cloned().unwrap_or_default();
        names.push(first.clone());
        // Point at the line that closes the cycle: last -> first.
        let Some(closing) = index.get(&last).and_then(|&i| kept.get(i as usize)) else {
            continue;
        };
        let Some(line) = closing.lines.iter().find(|l| l.item == first) else {
            continue;
        };
        let at_items = top.key("items");
        let at_item = at_items.index(closing.pos);
        let at_comps = at_item.key("components");
        let at_line = at_comps.index(line.pos);
        cx.push(
            &at_line.key("item"),
            line.line,
            ProblemKind::Cycle { ids: names },
        );
    }

    // What each item's breakdown accounts for: the elements declared below it, children
    // before parents (the graph is acyclic once no problem was found).
    if cx.problems.is_empty()
        && let Some(order) = order
    {
        // Levels at and below each item (children first), for the depth limit.
        let mut levels = vec![0usize; kept.len()];
        for node in order.iter().rev() {
            let below = graph
                .neighbors(*node)
                .filter_map(|c| levels.get(c.index()).copied())
                .max()
                .unwrap_or(0);
            if let Some(level) = levels.get_mut(node.index()) {
                *level = below.saturating_add(1);
            }
        }
        if let Some((deepest, &depth)) = levels
            .iter()
            .enumerate()
            .max_by_key(|&(i, d)| (d, std::cmp::Reverse(i)))
            && depth > limits.bom_depth
            && let Some(draft) = kept.get(deepest)
        {
            let message = exceeded(
                "bom_depth",
                &format!(
                    "the chain of {} levels from `{}`",
                    group(depth),
                    draft.item.id
                ),
                group(limits.bom_depth),
            );
            cx.push(
                &top.key("items").index(draft.pos).key("id"),
                draft.id_line,
                ProblemKind::LimitExceeded { message },
            );
        }
        // Each item's own elements once, and the sets below in a vector of their own: an
        // edge then reads two small values, not an item and its material's strings.
        let own: Vec<ElementSet> = kept
            .iter()
            .map(|d| {
                d.item
                    .material
                    .as_ref()
                    .map_or(ElementSet::default(), |m| ElementSet::of(&m.elements))
            })
            .collect();
        let mut below = vec![ElementSet::default(); kept.len()];
        for node in order.into_iter().rev() {
            let set = graph
                .neighbors(node)
                .filter_map(|c| Some(own.get(c.index())?.union(*below.get(c.index())?)))
                .fold(ElementSet::default(), ElementSet::union);
            if let Some(slot) = below.get_mut(node.index()) {
                *slot = set;
            }
        }
        for (draft, set) in kept.iter_mut().zip(below) {
            draft.item.elements_below = set;
        }
    }

    // File order, whatever stage found the problem; problems without a line go last.
    cx.problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
    match currency {
        Some(currency) if cx.problems.is_empty() => {
            let mut owns = Vec::with_capacity(kept.len());
            let items: Vec<Item> = kept
                .into_iter()
                .map(|d| {
                    owns.push(d.own);
                    let mut item = d.item;
                    item.components = d
                        .lines
                        .into_iter()
                        .filter_map(|l| {
                            Some(ComponentLine {
                                item: l.item,
                                quantity: l.quantity?,
                            })
                        })
                        .collect();
                    item
                })
                .collect();
            let kinds = Kinds::new(
                owns.into_iter()
                    .zip(&items)
                    .map(|(own, item)| (own, item.components.is_empty(), item.elements_below)),
            );
            Ok(Bom {
                currency,
                input: None,
                fx,
                items,
                index,
                graph,
                assume,
                spots: std::mem::take(&mut cx.spots),
                kinds,
            })
        }
        _ => Err(cx.into_error()),
    }
}

impl Reader {
    fn item(&mut self, node: &Node, at: &At<'_>, pos: usize) -> Option<Draft> {
        let members = self.object(node, at, ITEM_FIELDS)?;
        let id_node = self.required(members, node, at, "id");
        let id_line = id_node.map_or(node.line, |n| n.line);
        let id = id_node.and_then(|n| self.string(n, &at.key("id")).map(str::to_owned));

        let origin = field(members, "origin").and_then(|n| self.country(n, &at.key("origin")));
        let (value, value_line) = match field(members, "value") {
            Some(n) => (self.money(n, &at.key("value")), n.line),
            None => (None, node.line),
        };
        let classification = field(members, "classification")
            .map(|n| self.classification(n, &at.key("classification")))
            .unwrap_or_default();
        let material =
            field(members, "material").and_then(|n| self.material(n, &at.key("material")));
        let made_with_at = at.key("made_with");
        let made_with = match field(members, "made_with").and_then(|n| self.list(n, &made_with_at))
        {
            Some(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.made_with(n, &made_with_at.index(i)))
                .collect(),
            None => Vec::new(),
        };
        let tags = field(members, "tags")
            .map(|n| self.vocab_list(n, &at.key("tags"), VocabKind::Tag))
            .unwrap_or_default();

        let mut lines = Vec::new();
        let comps_at = at.key("components");
        if let Some(list) = field(members, "components").and_then(|n| self.array(n, &comps_at)) {
            for (j, line_node) in list.iter().enumerate() {
                lines.extend(self.component(line_node, &comps_at.index(j), j));
            }
        }

        let name = self.opt_string(members, at, "name");
        let unit = self.opt_string(members, at, "unit");
        let mut draft = Draft {
            pos,
            item: Item {
                id: id?,
                name,
                unit,
                origin,
                value: None,
                unit_value: None,
                classification,
                material,
                made_with,
                components: Vec::new(),
                tags,
                elements_below: ElementSet::default(),
            },
            lines,
            value,
            value_line,
            id_line,
            own: None,
        };
        // Numbered now, while the item's strings are in cache.
        draft.own = self.kinds.own(&draft.item);
        Some(draft)
    }

    /// A component line as read; one with a bad quantity keeps `None` so its reference is
    /// still checked.
    fn component(&mut self, node: &Node, at: &At<'_>, pos: usize) -> Option<DraftLine> {
        let members = self.object(node, at, LINE_FIELDS)?;
        let item_node = self.required(members, node, at, "item");
        let item = item_node.and_then(|n| self.string(n, &at.key("item")).map(str::to_owned));
        let quantity_at = at.key("quantity");
        let quantity = self.required(members, node, at, "quantity").and_then(|n| {
            let q = self.decimal(n, &quantity_at)?;
            if q <= Decimal::ZERO {
                self.push(
                    &quantity_at,
                    n.line,
                    ProblemKind::NonPositiveQuantity {
                        quantity: q.to_string(),
                    },
                );
                return None;
            }
            Some(q)
        });
        Some(DraftLine {
            pos,
            line: item_node.map_or(node.line, |n| n.line),
            item: item?,
            quantity,
        })
    }

    /// A value: a bare decimal (in the BOM currency) or `{amount, currency}`.
    fn money(&mut self, node: &Node, at: &At<'_>) -> Option<(Decimal, Option<Currency>)> {
        // `-0` reads as zero: the sign as written decides.
        let written_negative = |n: &Node| match &n.kind {
            // Most values start with a digit: no need to decode the text to trim it.
            Kind::Str(t) | Kind::Num(t) => match t.as_bytes().first() {
                Some(b) if b.is_ascii_graphic() => *b == b'-',
                _ => t.trim_start().starts_with('-'),
            },
            _ => false,
        };
        let mut negative = written_negative(node);
        let (amount, currency, amount_line, amount_at_key) = match &node.kind {
            Kind::Obj(_) => {
                let members = self.object(node, at, MONEY_FIELDS)?;
                let amount_at = at.key("amount");
                let amount = self.required(members, node, at, "amount").and_then(|n| {
                    negative = written_negative(n);
                    self.decimal(n, &amount_at)
                });
                let currency = self
                    .required(members, node, at, "currency")
                    .and_then(|n| self.currency(n, &at.key("currency")));
                (amount?, Some(currency?), node.line, true)
            }
            _ => (self.decimal(node, at)?, None, node.line, false),
        };
        // `-0` too: written negative, it is not a value of nothing but a slip.
        if amount < Decimal::ZERO || negative {
            let amount_at = at.key("amount");
            let where_ = if amount_at_key { &amount_at } else { at };
            self.push(
                where_,
                amount_line,
                ProblemKind::NegativeValue {
                    value: if amount.is_zero() {
                        format!("-{}", amount.abs())
                    } else {
                        amount.to_string()
                    },
                },
            );
            return None;
        }
        Some((amount, currency))
    }

    fn material(&mut self, node: &Node, at: &At<'_>) -> Option<Material> {
        let members = self.object(node, at, MATERIAL_FIELDS)?;
        let form = self.opt_string(members, at, "form");
        if let (Some(f), Some(n)) = (&form, field(members, "form")) {
            self.spots
                .record(VocabKind::Form, f, &at.key("form"), n.line);
        }
        let elements_at = at.key("elements");
        let mut elements = Vec::new();
        if let Some(list) = field(members, "elements").and_then(|n| self.list(n, &elements_at)) {
            for (i, n) in list.iter().enumerate() {
                let el_at = elements_at.index(i);
                let Some(symbol) = self.string(n, &el_at) else {
                    continue;
                };
                if element::is_element(symbol) {
                    elements.push(symbol.to_owned());
                } else {
                    self.push(
                        &el_at,
                        n.line,
                        ProblemKind::InvalidElement {
                            symbol: symbol.to_owned(),
                            suggestion: element::recase(symbol).map(str::to_owned),
                        },
                    );
                }
            }
        }
        Some(Material { form, elements })
    }

    /// Codes by jurisdiction. A key must be a jurisdiction as packs write it (upper case,
    /// `CN`, `US`, or `HS` for the tariff code): `cn` would match no rule, silently.
    fn classification(&mut self, node: &Node, at: &At<'_>) -> BTreeMap<String, String> {
        let map = self.string_map(node, at);
        let Kind::Obj(members) = &node.kind else {
            return map;
        };
        // One pass over the members (a map of many entries stays linear); a duplicate key
        // was reported by `object`, and is checked once.
        let mut seen = std::collections::HashSet::new();
        for (key, value) in members {
            if !seen.insert(key.as_str()) {
                continue;
            }
            let well_formed = key.len() >= 2 && key.bytes().all(|b| b.is_ascii_uppercase());
            if !well_formed {
                let upper = key.trim().to_ascii_uppercase();
                self.push(
                    &at.key(key),
                    value.line,
                    ProblemKind::ClassificationKey {
                        key: key.to_string(),
                        suggestion: (upper.len() >= 2
                            && upper.bytes().all(|b| b.is_ascii_uppercase()))
                        .then_some(upper),
                    },
                );
                continue;
            }
            let Some(code) = map.get(key.as_str()) else {
                continue;
            };
            if key == "HS" {
                if let Some(suggestion) = hs_code_problem(code) {
                    self.push(
                        &at.key(key),
                        value.line,
                        ProblemKind::MalformedHsCode {
                            code: code.clone(),
                            suggestion,
                        },
                    );
                }
            } else if let Some(suggestion) = control_code_problem(key, code) {
                self.push(
                    &at.key(key),
                    value.line,
                    ProblemKind::MalformedCode {
                        jurisdiction: key.to_string(),
                        code: code.clone(),
                        suggestion,
                    },
                );
            }
        }
        map
    }

    fn made_with(&mut self, node: &Node, at: &At<'_>) -> Option<MadeWith> {
        let members = self.object(node, at, MADE_WITH_FIELDS)?;
        let kind_at = at.key("kind");
        let kind = self.required(members, node, at, "kind").and_then(|n| {
            let text = self.string(n, &kind_at)?;
            let kind = MadeWithKind::parse(text);
            if kind.is_none() {
                self.push(
                    &kind_at,
                    n.line,
                    ProblemKind::InvalidMadeWithKind {
                        kind: text.to_owned(),
                    },
                );
            }
            kind
        });
        let origin = field(members, "origin").and_then(|n| self.country(n, &at.key("origin")));
        let classification = field(members, "classification")
            .map(|n| self.classification(n, &at.key("classification")))
            .unwrap_or_default();
        let process = self.opt_string(members, at, "process");
        if let (Some(p), Some(n)) = (&process, field(members, "process")) {
            self.spots
                .record(VocabKind::Process, p, &at.key("process"), n.line);
        }
        let description = self.opt_string(members, at, "description");
        Some(MadeWith {
            kind: kind?,
            origin,
            classification,
            process,
            description,
        })
    }
}

#[cfg(test)]
mod tests {
    //! The streamed JSON path (`load_json`) against the tree path (`load` on the whole
    //! document): the same BOM or the same problems, on every sample BOM and on thousands of
    //! mutations of them (keys moved, repeated, nulled; syntax broken before, inside and after
    //! `items`; limits reached).
    use super::*;

    /// What a load gives, in a comparable form (the id index's order is not part of it).
    fn outcome(loaded: Result<Bom, LoadError>) -> Result<String, LoadError> {
        loaded.map(|b| {
            format!(
                "{:?} {:?} {:?} {:?} {} {:?} {:?}",
                b.currency,
                b.fx,
                b.items,
                b.assume,
                b.edge_count(),
                b.spots,
                b.kinds.numbers()
            )
        })
    }

    fn tree(text: &str, limits: &Limits) -> Result<Bom, LoadError> {
        match crate::doc::parse_json_nested(text, limits.nesting) {
            Ok(node) => load(&node, limits),
            Err(e) => Err(LoadError::syntax(None, e)),
        }
    }

    /// A small deterministic generator (no dependency on the order tests run in).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % below.max(1)
        }
    }

    const TOKENS: &[&str] = &[
        ",",
        "\"",
        "{",
        "}",
        "[",
        "]",
        "null",
        ":",
        "\"items\": ",
        "\"items\": null, ",
        "\"items\": [], ",
        "\"currency\": \"EUR\", ",
        "\"fx\": {\"EUR\": \"1.1\"}, ",
        "\"assume\": {}, ",
        "\"id\": \"X\", ",
        "\"quantity\": \"0\"",
        "-0",
        "1e3",
        "\n",
        "\"\\u0007\"",
        "{\"id\": \"A\"}, ",
        "{\"item\": \"A\", \"quantity\": 2}",
    ];

    fn mutate(text: &str, rng: &mut Lcg) -> String {
        let mut s = text.to_owned();
        for _ in 0..=rng.next(3) {
            let at = rng.next(s.len());
            let at = (at..=s.len())
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(s.len());
            match rng.next(4) {
                0 => s.insert_str(at, TOKENS[rng.next(TOKENS.len())]),
                1 => {
                    let end = (at + 1 + rng.next(40)).min(s.len());
                    let end = (end..=s.len())
                        .find(|&i| s.is_char_boundary(i))
                        .unwrap_or(s.len());
                    s.replace_range(at..end, "");
                }
                2 => {
                    // Move the `items` key after the members that follow it, or repeat a slice.
                    let end = (at + rng.next(200)).min(s.len());
                    let end = (end..=s.len())
                        .find(|&i| s.is_char_boundary(i))
                        .unwrap_or(s.len());
                    let slice = s[at..end].to_owned();
                    s.insert_str(end, &slice);
                }
                _ => s.truncate(at),
            }
        }
        s
    }

    const VALUES: &[&str] = &[
        "\"CN\"",
        "\"Chna\"",
        "1.50",
        "-0",
        "null",
        "[]",
        "{}",
        "\"\"",
        "\"\\u0007\"",
        "{\"amount\": \"1\", \"currency\": \"EUR\"}",
        "[{\"item\": \"X\", \"quantity\": \"1\"}]",
        "[{\"item\": 5}]",
        "{\"US\": \"3a001\", \"us\": \"EAR99\"}",
        "{\"form\": \"magnet\", \"elements\": [\"Dy\", \"dy\"]}",
        "[\"t\", 1]",
        "[{\"kind\": \"technology\", \"process\": \"x\"}]",
        "true",
    ];

    /// A valid JSON variant of a BOM: fields of random items replaced, its top-level members
    /// in a random order (`items` possibly repeated), compact or pretty.
    fn restructure(text: &str, rng: &mut Lcg) -> Option<String> {
        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
        let items = value.get_mut("items")?.as_array_mut()?;
        for _ in 0..=rng.next(3) {
            let n = items.len();
            let Some(item) = items.get_mut(rng.next(n)).and_then(|i| i.as_object_mut()) else {
                continue;
            };
            // An item field, or one no item has.
            let field = ITEM_FIELDS
                .get(rng.next(ITEM_FIELDS.len() + 1))
                .unwrap_or(&"bogus");
            let new: serde_json::Value =
                serde_json::from_str(VALUES[rng.next(VALUES.len())]).ok()?;
            item.insert((*field).to_owned(), new);
        }
        let pretty = rng.next(2) == 0;
        let show = |v: &serde_json::Value| {
            if pretty {
                serde_json::to_string_pretty(v).unwrap()
            } else {
                serde_json::to_string(v).unwrap()
            }
        };
        let mut members: Vec<String> = value
            .as_object()?
            .iter()
            .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap(), show(v)))
            .collect();
        if rng.next(4) == 0 {
            members.push("\"items\": null".to_owned());
        }
        for i in (1..members.len()).rev() {
            members.swap(i, rng.next(i + 1));
        }
        Some(format!(
            "{{{}}}",
            members.join(if pretty { ",\n" } else { "," })
        ))
    }

    #[test]
    fn streamed_and_tree_loads_agree() {
        let mut texts: Vec<String> = std::fs::read_dir("examples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".bom.json"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.sort();
        texts.push(std::fs::read_to_string("tests/bad/many-problems.bom.json").unwrap());
        // `items` first, last and twice; top-level problems around it.
        texts.push(
            r#"{"items": [{"id": "A", "origin": "XX", "components": [{"item": "B", "quantity": "1"}]},
                {"id": "B", "value": "2"}], "fx": {"EUR": "0"}, "currency": "USD", "items": null,
                "extra": 1}"#
                .to_owned(),
        );
        let tight = Limits {
            items: 3,
            components: 4,
            nesting: 5,
            ..Limits::default()
        };
        let mut rng = Lcg(7);
        let mut compared = 0;
        for text in &texts {
            for limits in [Limits::default(), tight] {
                let expected = outcome(tree(text, &limits));
                assert_eq!(outcome(load_json(text, &limits)), expected);
                for batch in [1, 2, 3, BATCH] {
                    let piped = read_json_from(text, &limits, 0, batch).finish(&limits);
                    assert_eq!(outcome(piped), expected, "pipelined, batches of {batch}");
                }
                compared += 1;
            }
            for _ in 0..250 {
                let mutated = match rng.next(2) {
                    0 => restructure(text, &mut rng).unwrap_or_else(|| mutate(text, &mut rng)),
                    _ => mutate(text, &mut rng),
                };
                let limits = if rng.next(4) == 0 {
                    tight
                } else {
                    Limits::default()
                };
                let expected = outcome(tree(&mutated, &limits));
                assert_eq!(outcome(load_json(&mutated, &limits)), expected, "{mutated}");
                // The pipelined read, a few items at a time: a batch reordered or lost
                // shows as different items or problems.
                let piped = read_json_from(&mutated, &limits, 0, 1 + compared % 3).finish(&limits);
                assert_eq!(outcome(piped), expected, "pipelined: {mutated}");
                compared += 1;
            }
        }
        assert!(compared > 3_000, "{compared}");
    }
}

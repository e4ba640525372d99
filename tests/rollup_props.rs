//! Property tests for the content roll-up (`Bom::rollup`), checked against a deliberately naive
//! reference that lives here: it reads the BOM's component *lines* (not the merged graph edges),
//! explodes every path without memoisation, and does its arithmetic with exactness checks, so
//! any rounding, double counting or sharing mistake in the one-pass roll-up shows up as an
//! inequality. All numbers are `Decimal`s, compared exactly.
//!
//! Generated BOMs are random DAGs (item `i` lists only items `j > i`) with shared
//! sub-assemblies, repeated lines for the same child, EUR values converted at a fixed rate,
//! and missing origins, values and classifications. Their depth and path count are capped so
//! every product and sum stays exactly representable (the reference asserts it does).

use longarm::rollup::{Content, Contributor, ValueSource};
use longarm::{Bom, Bounds, Decimal, Facts, Item, Predicate, RollupOptions, Truth};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic for the reference: panics (a test-generator problem, not a finding)
// if a result could not be held without rounding.

/// Mantissas of a `Decimal` are below 2^96.
const MANTISSA_LIMIT: u128 = 1 << 96;

/// `mantissa x 10^-scale` as a `Decimal`, if it can be held without rounding.
fn try_exact(mut mantissa: i128, mut scale: u32) -> Option<Decimal> {
    // Trailing zeros carry no information: drop them if they are all that does not fit.
    while (scale > 28 || mantissa.unsigned_abs() >= MANTISSA_LIMIT)
        && scale > 0
        && mantissa % 10 == 0
    {
        mantissa /= 10;
        scale -= 1;
    }
    (scale <= 28 && mantissa.unsigned_abs() < MANTISSA_LIMIT)
        .then(|| Decimal::from_i128_with_scale(mantissa, scale))
}

fn exact(mantissa: i128, scale: u32) -> Decimal {
    try_exact(mantissa, scale).unwrap_or_else(|| {
        panic!(
            "generated numbers too large to hold exactly (mantissa {mantissa}, scale {scale}); \
             tighten the generator"
        )
    })
}

/// `a * b` exactly, or `None` if the product cannot be held without rounding.
fn try_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    try_exact(
        a.mantissa().checked_mul(b.mantissa())?,
        a.scale() + b.scale(),
    )
}

fn mul(a: Decimal, b: Decimal) -> Decimal {
    let m = a
        .mantissa()
        .checked_mul(b.mantissa())
        .expect("mantissa product fits in i128");
    exact(m, a.scale() + b.scale())
}

fn add(a: Decimal, b: Decimal) -> Decimal {
    let scale = a.scale().max(b.scale());
    let up = |d: Decimal| {
        d.mantissa()
            .checked_mul(10i128.pow(scale - d.scale()))
            .expect("rescaled mantissa fits in i128")
    };
    exact(up(a).checked_add(up(b)).expect("sum fits in i128"), scale)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal literal")
}

// Interval arithmetic of the reference, written independently of `src/rollup/bounds.rs`.

fn b_add(a: Bounds, b: Bounds) -> Bounds {
    Bounds {
        lo: add(a.lo, b.lo),
        hi: match (a.hi, b.hi) {
            (Some(x), Some(y)) => Some(add(x, y)),
            _ => None,
        },
    }
}

fn b_scale(a: Bounds, k: Decimal) -> Bounds {
    Bounds {
        lo: mul(a.lo, k),
        hi: a.hi.map(|h| mul(h, k)),
    }
}

fn b_hull(a: Bounds, b: Bounds) -> Bounds {
    Bounds {
        lo: a.lo.min(b.lo),
        hi: match (a.hi, b.hi) {
            (Some(x), Some(y)) => Some(x.max(y)),
            _ => None,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Predicates.

/// Chinese origin; unknown when the origin is missing.
fn chinese(item: &Item) -> Truth {
    match item.origin {
        Some(c) => Truth::from_bool(c.as_str() == "CN"),
        None => Truth::Unknown(Facts::ORIGIN),
    }
}

/// On the (made-up) CN list: a CN code starting `1C9`; unknown without a CN code.
fn listed(item: &Item) -> Truth {
    match item.classification("CN") {
        Some(code) => Truth::from_bool(code.starts_with("1C9")),
        None => Truth::Unknown(Facts::CLASSIFICATION),
    }
}

/// Chinese-origin listed item (Kleene conjunction: a known non-CN origin settles it).
fn chinese_listed(item: &Item) -> Truth {
    chinese(item).and(listed(item))
}

/// Always known: carries the `flag` tag.
fn flagged(item: &Item) -> Truth {
    Truth::from_bool(item.has_tag("flag"))
}

fn predicates() -> [&'static dyn Predicate; 3] {
    [&chinese, &chinese_listed, &flagged]
}

// ---------------------------------------------------------------------------------------------
// The naive reference.

struct Reference<'a> {
    bom: &'a Bom,
    preds: &'a [&'a dyn Predicate],
}

/// Unit value and per-predicate content of one item.
#[derive(Debug, Clone, PartialEq)]
struct Explosion {
    value: Bounds,
    content: Vec<Bounds>,
}

impl Reference<'_> {
    fn item(&self, id: &str) -> &Item {
        self.bom
            .item(id)
            .expect("every component line names an item")
    }

    /// Value and content bounds of `id`, by exploding every path below it (no memoisation).
    fn explode(&self, id: &str) -> Explosion {
        let item = self.item(id);
        let mut derived = Bounds::ZERO;
        let mut content = vec![Bounds::ZERO; self.preds.len()];
        for line in &item.components {
            let child = self.item(&line.item);
            let below = self.explode(&line.item);
            derived = b_add(derived, b_scale(below.value, line.quantity));
            for (p, pred) in self.preds.iter().enumerate() {
                let counted = match pred.test(child) {
                    Truth::True => below.value,
                    Truth::False => below.content[p],
                    Truth::Unknown(_) => b_hull(below.value, below.content[p]),
                };
                content[p] = b_add(content[p], b_scale(counted, line.quantity));
            }
        }
        let value = match item.unit_value {
            Some(v) => Bounds::exact(v),
            None if item.components.is_empty() => Bounds::UNKNOWN,
            None => derived,
        };
        Explosion { value, content }
    }

    /// Every path from `root` to a matched item through unmatched (false or unknown) items,
    /// with its quantity summed over parallel lines, largest value first, ties by path.
    fn contributors(&self, root: &str, p: usize) -> Vec<Contributor> {
        let mut found: BTreeMap<Vec<String>, Decimal> = BTreeMap::new();
        self.walk(
            root,
            &mut vec![root.to_owned()],
            Decimal::ONE,
            p,
            &mut found,
        );
        let mut list: Vec<Contributor> = found
            .into_iter()
            .map(|(path, quantity)| {
                let last = path.last().expect("a path has items");
                let value = mul(quantity, self.explode(last).value.lo);
                Contributor {
                    path,
                    quantity,
                    value,
                }
            })
            .collect();
        sort_contributors(&mut list);
        list
    }

    fn walk(
        &self,
        id: &str,
        path: &mut Vec<String>,
        quantity: Decimal,
        p: usize,
        found: &mut BTreeMap<Vec<String>, Decimal>,
    ) {
        for line in &self.item(id).components {
            let child = self.item(&line.item);
            let q = mul(quantity, line.quantity);
            path.push(child.id.clone());
            if self.preds[p].test(child) == Truth::True {
                let sum = found.entry(path.clone()).or_insert(Decimal::ZERO);
                *sum = add(*sum, q);
            } else {
                self.walk(&line.item, path, q, p, found);
            }
            path.pop();
        }
    }
}

fn sort_contributors(list: &mut [Contributor]) {
    list.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.path.cmp(&b.path)));
}

/// Ids of the items reachable from `root` (including it), following component lines.
fn reachable(bom: &Bom, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let item = bom.item(&id).expect("item exists");
        stack.extend(item.components.iter().map(|l| l.item.clone()));
    }
    seen
}

/// Sum of the quantities of `parent`'s lines for `child`.
fn line_total(parent: &Item, child: &str) -> Decimal {
    parent
        .components
        .iter()
        .filter(|l| l.item == child)
        .fold(Decimal::ZERO, |s, l| add(s, l.quantity))
}

// ---------------------------------------------------------------------------------------------
// Generated BOMs.

/// Longest path (in lines) below any item; with at most 3 decimals per quantity and 2 (4 after
/// conversion) per value, every product keeps a scale of at most 16.
const MAX_HEIGHT: usize = 4;
/// Paths (counted over lines) below any item, so the naive reference stays cheap and sums
/// stay far from the 96-bit mantissa limit.
const MAX_PATHS: u64 = 300;

const NAMES: [&str; 8] = ["MAG", "DY", "HOUSING", "ROTOR", "STATOR", "CU", "FE", "ND"];
const ORIGINS: [&str; 5] = ["CN", "CN", "JP", "VN", "US"];
const CN_CODES: [&str; 4] = ["1C902.a", "1C903.b", "9A991", "0A999"];

#[derive(Clone, Debug)]
struct GenItem {
    id: String,
    origin: Option<&'static str>,
    /// Amount, and whether it is written in EUR (converted at 1.08).
    value: Option<(Decimal, bool)>,
    cn_code: Option<&'static str>,
    flag: bool,
    /// (child index, quantity), in file order.
    lines: Vec<(usize, Decimal)>,
}

#[derive(Clone, Debug)]
struct GenBom {
    items: Vec<GenItem>,
}

/// Which facts to remove from a fully known item.
#[derive(Clone, Copy, Debug)]
struct Holes {
    origin: bool,
    value: bool,
    cn_code: bool,
}

type RawLine = (u16, Decimal, Option<Decimal>);
type RawItem = (
    &'static str,
    (Decimal, bool),
    &'static str,
    bool,
    Vec<RawLine>,
);

fn quantity() -> BoxedStrategy<Decimal> {
    prop_oneof![
        (1i64..=5).prop_map(|n| Decimal::new(n, 0)),
        (1i64..=20).prop_map(|n| Decimal::new(n * 100, 2)),
        (1i64..=1000).prop_map(|n| Decimal::new(n, 2)),
        (1i64..=999).prop_map(|n| Decimal::new(n, 3)),
    ]
    .boxed()
}

fn amount() -> impl Strategy<Value = (Decimal, bool)> {
    (
        prop_oneof![
            1 => Just(0i64),
            9 => 1i64..=99_999,
        ]
        .prop_map(|cents| Decimal::new(cents, 2)),
        proptest::bool::weighted(0.2),
    )
}

/// A line: child offset (often a near neighbour, for depth), quantity, and sometimes a
/// second line for the same child.
fn raw_line() -> impl Strategy<Value = RawLine> {
    (
        prop_oneof![0u16..3, any::<u16>()],
        quantity(),
        proptest::option::weighted(0.15, quantity()),
    )
}

fn raw_item() -> impl Strategy<Value = RawItem> {
    (
        proptest::sample::select(&ORIGINS[..]),
        amount(),
        proptest::sample::select(&CN_CODES[..]),
        proptest::bool::weighted(0.3),
        proptest::collection::vec(raw_line(), 0..=4),
    )
}

fn holes() -> impl Strategy<Value = Holes> {
    (
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.25),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(origin, value, cn_code)| Holes {
            origin,
            value,
            cn_code,
        })
}

/// A fully known BOM of 1..=`max_n` items, and holes to punch into it.
fn arb_full(max_n: usize) -> impl Strategy<Value = (GenBom, Vec<Holes>)> {
    (1..=max_n)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(raw_item(), n),
                proptest::collection::vec(holes(), n),
                // The root (item 0) gets a few more lines, so most BOMs are not trivial.
                proptest::collection::vec(raw_line(), 0..=4),
            )
        })
        .prop_map(|(mut raw, holes, more)| {
            raw[0].4.extend(more);
            (GenBom::build(raw), holes)
        })
}

/// A BOM of 1..=`max_n` items with facts missing here and there.
fn arb_bom(max_n: usize) -> impl Strategy<Value = GenBom> {
    arb_full(max_n).prop_map(|(full, holes)| full.punch(&holes, false))
}

impl GenBom {
    fn build(raw: Vec<RawItem>) -> GenBom {
        let n = raw.len();
        let mut height = vec![0usize; n];
        let mut paths = vec![1u64; n];
        let mut items: Vec<Option<GenItem>> = vec![None; n];
        for (i, (origin, value, cn_code, flag, raw_lines)) in raw.into_iter().enumerate().rev() {
            let mut lines = Vec::new();
            let choices = n - i - 1;
            if choices > 0 {
                for (offset, q, repeat) in raw_lines {
                    let child = i + 1 + usize::from(offset) % choices;
                    for q in std::iter::once(q).chain(repeat) {
                        if height[child] + 1 > MAX_HEIGHT || paths[i] + paths[child] > MAX_PATHS {
                            continue;
                        }
                        lines.push((child, q));
                        paths[i] += paths[child];
                        height[i] = height[i].max(height[child] + 1);
                    }
                }
            }
            items[i] = Some(GenItem {
                id: format!("{}-{i}", NAMES[i % NAMES.len()]),
                origin: Some(origin),
                value: Some(value),
                cn_code: Some(cn_code),
                flag,
                lines,
            });
        }
        GenBom {
            items: items.into_iter().map(|i| i.expect("built")).collect(),
        }
    }

    /// Removes facts; with `leaf_values_only`, values go only from items without components
    /// (removing an assembly's value makes it derived, not unknown).
    fn punch(&self, holes: &[Holes], leaf_values_only: bool) -> GenBom {
        let mut out = self.clone();
        for (item, h) in out.items.iter_mut().zip(holes) {
            if h.origin {
                item.origin = None;
            }
            if h.value && (!leaf_values_only || item.lines.is_empty()) {
                item.value = None;
            }
            if h.cn_code {
                item.cn_code = None;
            }
        }
        out
    }

    fn root(&self) -> &str {
        &self.items[0].id
    }

    fn json(&self) -> String {
        let order: Vec<usize> = (0..self.items.len()).collect();
        self.json_in(&order)
    }

    /// The BOM as JSON text with its items in `order`.
    fn json_in(&self, order: &[usize]) -> String {
        let items: Vec<Value> = order
            .iter()
            .map(|&i| {
                let item = &self.items[i];
                let mut o = Map::new();
                o.insert("id".into(), json!(item.id));
                if let Some(origin) = item.origin {
                    o.insert("origin".into(), json!(origin));
                }
                match item.value {
                    Some((amount, true)) => {
                        o.insert(
                            "value".into(),
                            json!({ "amount": amount.to_string(), "currency": "EUR" }),
                        );
                    }
                    Some((amount, false)) => {
                        o.insert("value".into(), json!(amount.to_string()));
                    }
                    None => {}
                }
                if let Some(code) = item.cn_code {
                    o.insert("classification".into(), json!({ "CN": code, "US": "EAR99" }));
                }
                if item.flag {
                    o.insert("tags".into(), json!(["flag"]));
                }
                if !item.lines.is_empty() {
                    let lines: Vec<Value> = item
                        .lines
                        .iter()
                        .map(|(c, q)| json!({ "item": self.items[*c].id, "quantity": q.to_string() }))
                        .collect();
                    o.insert("components".into(), Value::Array(lines));
                }
                Value::Object(o)
            })
            .collect();
        json!({ "currency": "USD", "fx": { "EUR": "1.08" }, "items": items }).to_string()
    }

    /// Every declared amount multiplied by `k`.
    fn scaled(&self, k: Decimal) -> GenBom {
        let mut out = self.clone();
        for item in &mut out.items {
            if let Some((amount, eur)) = item.value {
                item.value = Some((mul(amount, k), eur));
            }
        }
        out
    }

    /// The chosen line `(child, q)` replaced by `(child, q/2)`, and another `(child, q/2)`
    /// appended to the same parent's list; `None` when there is no line to split.
    fn split_line(&self, which: &Index) -> Option<GenBom> {
        let all: Vec<(usize, usize)> = self
            .items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| item.lines.iter().enumerate().map(move |(j, _)| (i, j)))
            .collect();
        if all.is_empty() {
            return None;
        }
        let (i, j) = *which.get(&all);
        let mut out = self.clone();
        let (child, q) = out.items[i].lines[j];
        let half = mul(q, dec("0.5"));
        out.items[i].lines[j] = (child, half);
        out.items[i].lines.push((child, half));
        Some(out)
    }
}

fn load(json: &str) -> Bom {
    Bom::from_json_str(json).unwrap_or_else(|e| panic!("generated BOM must load: {e}\n{json}"))
}

fn options(top: usize) -> RollupOptions {
    RollupOptions { top }
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The one-pass roll-up equals the naive path explosion exactly: root value, every
    /// predicate's content (all three in one call), and value, content and truth of every
    /// reachable item; unreachable items have none.
    #[test]
    fn fast_rollup_equals_naive_reference(g in arb_bom(25)) {
        let bom = load(&g.json());
        let preds = predicates();
        let rollup = bom.rollup(g.root(), &preds, RollupOptions::default()).unwrap();
        let reference = Reference { bom: &bom, preds: &preds };

        let at_root = reference.explode(g.root());
        prop_assert_eq!(rollup.value(), at_root.value);
        prop_assert!(!rollup.value_rounded());
        for (p, expected) in at_root.content.iter().enumerate() {
            let content = rollup.content(p).unwrap();
            prop_assert_eq!(content.bounds, *expected, "predicate {}", p);
            prop_assert!(!content.rounded, "predicate {}", p);
        }
        prop_assert!(rollup.content(preds.len()).is_none());
        let root_item = bom.item(g.root()).unwrap();
        let source = match (root_item.unit_value, root_item.components.is_empty()) {
            (Some(_), _) => ValueSource::Declared,
            (None, true) => ValueSource::Unknown,
            (None, false) => ValueSource::Derived,
        };
        prop_assert_eq!(rollup.value_source(), source);

        let reach = reachable(&bom, g.root());
        for item in bom.items() {
            if !reach.contains(&item.id) {
                prop_assert_eq!(rollup.item_value(&item.id), None);
                prop_assert_eq!(rollup.item_content(&item.id, 0), None);
                continue;
            }
            let e = reference.explode(&item.id);
            prop_assert_eq!(rollup.item_value(&item.id), Some(e.value), "value of {}", item.id);
            for (p, pred) in preds.iter().enumerate() {
                prop_assert_eq!(
                    rollup.item_content(&item.id, p),
                    Some(e.content[p]),
                    "content of {} for predicate {}", item.id, p
                );
                prop_assert_eq!(rollup.item_truth(&item.id, p), Some(pred.test(item)));
            }
            prop_assert_eq!(rollup.item_content(&item.id, preds.len()), None);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Shuffling the items array changes nothing: bounds, contributors (ties broken by path
    /// ids, not file order), gaps, and every item's value and content.
    #[test]
    fn item_order_in_the_file_does_not_matter(
        (g, order) in arb_bom(25).prop_flat_map(|g| {
            let n = g.items.len();
            (Just(g), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        top in 0usize..8,
    ) {
        let a = load(&g.json());
        let b = load(&g.json_in(&order));
        let preds = predicates();
        let ra = a.rollup(g.root(), &preds, options(top)).unwrap();
        let rb = b.rollup(g.root(), &preds, options(top)).unwrap();
        prop_assert_eq!(ra.value(), rb.value());
        prop_assert_eq!(ra.value_gaps(), rb.value_gaps());
        for p in 0..preds.len() {
            prop_assert_eq!(ra.content(p), rb.content(p));
        }
        for item in &g.items {
            prop_assert_eq!(ra.item_value(&item.id), rb.item_value(&item.id));
            for p in 0..preds.len() {
                prop_assert_eq!(ra.item_content(&item.id, p), rb.item_content(&item.id, p));
            }
        }
    }

    /// Multiplying every declared value by k multiplies values, contents and contributor
    /// values by k exactly, so every content/value ratio is unchanged; quantities, paths and
    /// gaps do not move.
    #[test]
    fn scaling_values_scales_content_and_value(
        g in arb_bom(25),
        k in proptest::sample::select(&["2", "3", "0.5", "1.25", "10"][..]),
    ) {
        let k = dec(k);
        let a = load(&g.json());
        let b = load(&g.scaled(k).json());
        let preds = predicates();
        let ra = a.rollup(g.root(), &preds, RollupOptions::default()).unwrap();
        let rb = b.rollup(g.root(), &preds, RollupOptions::default()).unwrap();
        prop_assert_eq!(rb.value(), b_scale(ra.value(), k));
        prop_assert_eq!(ra.value_gaps(), rb.value_gaps());
        for p in 0..preds.len() {
            let (ca, cb) = (ra.content(p).unwrap(), rb.content(p).unwrap());
            prop_assert_eq!(cb.bounds, b_scale(ca.bounds, k));
            let expected: Vec<Contributor> = ca
                .contributors
                .iter()
                .map(|c| Contributor { value: mul(c.value, k), ..c.clone() })
                .collect();
            prop_assert_eq!(&cb.contributors, &expected);
            prop_assert_eq!(&cb.gaps, &ca.gaps);
            // content/value unchanged: c_k * v == c * v_k (cross-multiplied, exactly, when
            // the products fit in a Decimal; they follow from the equalities above anyway).
            if let (Some(c), Some(v)) = (ca.bounds.as_exact(), ra.value().as_exact()) {
                let (ck, vk) = (cb.bounds.lo, rb.value().lo);
                if let (Some(x), Some(y)) = (try_mul(ck, v), try_mul(c, vk)) {
                    prop_assert_eq!(x, y);
                }
            }
        }
        for item in &g.items {
            prop_assert_eq!(
                rb.item_value(&item.id),
                ra.item_value(&item.id).map(|v| b_scale(v, k))
            );
        }
    }

    /// Splitting a line of quantity q into two lines of q/2 (one in place, one at the end of
    /// the list) changes nothing: bounds, contributors (path and summed quantity), gaps.
    #[test]
    fn splitting_a_line_changes_nothing(g in arb_bom(25), which in any::<Index>(), top in 1usize..8) {
        let Some(split) = g.split_line(&which) else { return Ok(()); };
        let a = load(&g.json());
        let b = load(&split.json());
        prop_assert_eq!(a.edge_count(), b.edge_count());
        let preds = predicates();
        let ra = a.rollup(g.root(), &preds, options(top)).unwrap();
        let rb = b.rollup(g.root(), &preds, options(top)).unwrap();
        prop_assert_eq!(ra.value(), rb.value());
        prop_assert_eq!(ra.value_gaps(), rb.value_gaps());
        for p in 0..preds.len() {
            prop_assert_eq!(ra.content(p), rb.content(p));
        }
        for item in &g.items {
            prop_assert_eq!(ra.item_value(&item.id), rb.item_value(&item.id));
            for p in 0..preds.len() {
                prop_assert_eq!(ra.item_content(&item.id, p), rb.item_content(&item.id, p));
            }
        }
    }

    /// Unknowns widen and never narrow: starting from a fully known BOM (exact bounds
    /// everywhere), removing origins, CN codes and leaf values gives bounds that contain the
    /// known ones, at the root and at every reachable item.
    #[test]
    fn unknowns_only_widen((full, holes) in arb_full(25)) {
        let holed = full.punch(&holes, true);
        let a = load(&full.json());
        let b = load(&holed.json());
        let preds = predicates();
        let ra = a.rollup(full.root(), &preds, RollupOptions::default()).unwrap();
        let rb = b.rollup(full.root(), &preds, RollupOptions::default()).unwrap();
        prop_assert!(ra.value().is_exact());
        prop_assert!(ra.value().within(&rb.value()), "{} not within {}", ra.value(), rb.value());
        for p in 0..preds.len() {
            let (ka, kb) = (ra.content(p).unwrap().bounds, rb.content(p).unwrap().bounds);
            prop_assert!(ka.is_exact());
            prop_assert!(ka.within(&kb), "predicate {}: {} not within {}", p, ka, kb);
        }
        for id in reachable(&a, full.root()) {
            let (va, vb) = (ra.item_value(&id).unwrap(), rb.item_value(&id).unwrap());
            prop_assert!(va.within(&vb), "value of {}: {} not within {}", id, va, vb);
            for p in 0..preds.len() {
                let (ca, cb) = (ra.item_content(&id, p).unwrap(), rb.item_content(&id, p).unwrap());
                prop_assert!(ca.within(&cb), "content of {}: {} not within {}", id, ca, cb);
            }
        }
    }

    /// Contributors: each path starts at the root, follows component lines, ends at a matched
    /// item through unmatched ones; quantity is the product of line quantities (parallel
    /// lines summed), value = quantity x unit value (lower bound); sorted largest first, ties
    /// by path; at most `top`, and exactly the first `top` of all such paths. With room for
    /// every path and no unknown answers, the values add up to the content's lower bound.
    #[test]
    fn contributors_are_the_largest_paths(g in arb_bom(25), top in 0usize..8) {
        let bom = load(&g.json());
        let preds = predicates();
        let reference = Reference { bom: &bom, preds: &preds };
        let root = g.root();
        let rollup = bom.rollup(root, &preds, options(top)).unwrap();
        let everything = bom.rollup(root, &preds, options(100_000)).unwrap();
        let reach = reachable(&bom, root);
        for (p, pred) in preds.iter().enumerate() {
            let all = reference.contributors(root, p);
            let content = rollup.content(p).unwrap();
            let got = &content.contributors;
            prop_assert!(got.len() <= top);
            prop_assert_eq!(got.as_slice(), &all[..all.len().min(top)], "predicate {}", p);
            let full = everything.content(p).unwrap();
            prop_assert_eq!(&full.contributors, &all, "predicate {}", p);

            let mut sorted = full.contributors.clone();
            sort_contributors(&mut sorted);
            prop_assert_eq!(&sorted, &full.contributors);
            for c in &full.contributors {
                prop_assert_eq!(c.path.first().map(String::as_str), Some(root));
                prop_assert!(c.path.len() >= 2);
                let mut quantity = Decimal::ONE;
                for pair in c.path.windows(2) {
                    let parent = bom.item(&pair[0]).unwrap();
                    let q = line_total(parent, &pair[1]);
                    prop_assert!(q > Decimal::ZERO, "{} is not a component of {}", pair[1], pair[0]);
                    quantity = mul(quantity, q);
                }
                for middle in &c.path[1..c.path.len() - 1] {
                    prop_assert_ne!(pred.test(bom.item(middle).unwrap()), Truth::True);
                }
                let last = bom.item(c.path.last().unwrap()).unwrap();
                prop_assert_eq!(pred.test(last), Truth::True);
                prop_assert_eq!(c.quantity, quantity);
                let unit = everything.item_value(&last.id).unwrap().lo;
                prop_assert_eq!(c.value, mul(quantity, unit));
            }

            let known = reach
                .iter()
                .filter(|id| id.as_str() != root)
                .all(|id| !matches!(pred.test(bom.item(id).unwrap()), Truth::Unknown(_)));
            if known {
                let sum = full.contributors.iter().fold(Decimal::ZERO, |s, c| add(s, c.value));
                prop_assert_eq!(sum, full.bounds.lo, "predicate {}", p);
                if full.bounds.is_exact() {
                    prop_assert_eq!(Some(sum), full.bounds.hi);
                }
            }
        }
    }

    /// Gaps: empty exactly when the content (or value) bounds are exact; each names a
    /// reachable item, once, in id order, with facts that item really lacks.
    #[test]
    fn gaps_explain_inexact_bounds(g in arb_bom(25)) {
        let bom = load(&g.json());
        let preds = predicates();
        let root = g.root();
        let rollup = bom.rollup(root, &preds, RollupOptions::default()).unwrap();
        let reach = reachable(&bom, root);
        let check_gap = |item: &Item, missing: Facts| {
            !missing.is_empty()
                && (!missing.contains(Facts::ORIGIN) || item.origin.is_none())
                && (!missing.contains(Facts::CLASSIFICATION) || item.classification("CN").is_none())
                && (!missing.contains(Facts::VALUE)
                    || (item.unit_value.is_none() && item.components.is_empty()))
        };
        for p in 0..preds.len() {
            let Content { bounds, gaps, .. } = rollup.content(p).unwrap();
            prop_assert_eq!(bounds.is_exact(), gaps.is_empty(), "predicate {}: {} {:?}", p, bounds, gaps);
            prop_assert!(gaps.windows(2).all(|w| w[0].item < w[1].item), "{:?}", gaps);
            for gap in &gaps {
                prop_assert!(reach.contains(&gap.item) && gap.item != root, "{:?}", gap);
                let item = bom.item(&gap.item).unwrap();
                prop_assert!(check_gap(item, gap.missing), "{:?} for {:?}", gap, item);
            }
        }
        let value_gaps = rollup.value_gaps();
        prop_assert_eq!(rollup.value().is_exact(), value_gaps.is_empty());
        prop_assert!(value_gaps.windows(2).all(|w| w[0].item < w[1].item));
        for gap in &value_gaps {
            prop_assert!(reach.contains(&gap.item));
            prop_assert_eq!(gap.missing, Facts::VALUE);
            let item = bom.item(&gap.item).unwrap();
            prop_assert!(item.unit_value.is_none() && item.components.is_empty());
        }
    }
}

/// Fast bounds are the exact min and max of the content over every consistent assignment of
/// the unknown answers (each item decided once, whatever the paths to it), when all values
/// are known. Tiny BOMs, so the brute force over assignments stays small.
fn brute_force_bounds(bom: &Bom, root: &str, pred: &dyn Predicate) -> (Decimal, Decimal) {
    let unknown: Vec<String> = reachable(bom, root)
        .into_iter()
        .filter(|id| id != root && matches!(pred.test(bom.item(id).unwrap()), Truth::Unknown(_)))
        .collect();
    let mut range: Option<(Decimal, Decimal)> = None;
    for mask in 0u32..(1 << unknown.len()) {
        let assigned: HashMap<&str, bool> = unknown
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), mask & (1 << i) != 0))
            .collect();
        let decided = |item: &Item| match pred.test(item) {
            Truth::Unknown(_) => Truth::from_bool(assigned[item.id.as_str()]),
            t => t,
        };
        let preds: [&dyn Predicate; 1] = [&decided];
        let reference = Reference { bom, preds: &preds };
        let content = reference.explode(root).content[0]
            .as_exact()
            .expect("decided answers and known values give exact content");
        range = Some(match range {
            None => (content, content),
            Some((lo, hi)) => (lo.min(content), hi.max(content)),
        });
    }
    range.expect("at least one assignment")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn bounds_are_tight_against_brute_force((full, holes) in arb_full(6)) {
        // Origins and codes may go missing; values stay known.
        let holes: Vec<Holes> = holes.into_iter().map(|h| Holes { value: false, ..h }).collect();
        let g = full.punch(&holes, true);
        let bom = load(&g.json());
        let preds = predicates();
        let rollup = bom.rollup(g.root(), &preds, RollupOptions::default()).unwrap();
        for (p, pred) in preds.iter().enumerate() {
            let (lo, hi) = brute_force_bounds(&bom, g.root(), *pred);
            let bounds = rollup.content(p).unwrap().bounds;
            prop_assert_eq!(bounds, Bounds { lo, hi: Some(hi) }, "predicate {}", p);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-computed cases.

fn chinese_content(json: &str, root: &str) -> Content {
    let bom = load(json);
    let rollup = bom
        .rollup(root, &[&chinese], options(10))
        .expect("root exists");
    rollup.content(0).expect("one predicate")
}

#[test]
fn design_example_motor() {
    let bom = load(
        r#"{
  "currency": "USD",
  "fx": { "EUR": "1.08", "JPY": "0.0066" },
  "items": [
    { "id": "MOTOR-200", "origin": "VN", "value": "1500.00",
      "classification": { "US": "EAR99" },
      "components": [ { "item": "MAG-DY", "quantity": "1.6" }, { "item": "HOUSING", "quantity": "1" } ] },
    { "id": "MAG-DY", "unit": "kg", "origin": "JP", "value": "60.00",
      "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] },
      "components": [ { "item": "DY-METAL", "quantity": "0.04" } ] },
    { "id": "DY-METAL", "unit": "kg", "origin": "CN", "value": "350.00",
      "material": { "form": "metal", "elements": ["Dy"] } },
    { "id": "HOUSING", "origin": "VN", "value": { "amount": "120", "currency": "EUR" } }
  ]
}"#,
    );
    let rollup = bom
        .rollup("MOTOR-200", &[&chinese], RollupOptions::default())
        .unwrap();
    assert_eq!(rollup.value(), Bounds::exact(dec("1500.00")));
    assert_eq!(rollup.value_source(), ValueSource::Declared);
    assert_eq!(
        rollup.item_value("HOUSING"),
        Some(Bounds::exact(dec("129.60")))
    );
    let content = rollup.content(0).unwrap();
    assert_eq!(content.bounds, Bounds::exact(dec("22.40")));
    assert!(content.gaps.is_empty());
    assert_eq!(
        content.contributors,
        [Contributor {
            path: vec!["MOTOR-200".into(), "MAG-DY".into(), "DY-METAL".into()],
            quantity: dec("0.064"),
            value: dec("22.40"),
        }]
    );
    let ratio = content.bounds.lo / rollup.value().lo;
    assert_eq!(ratio, dec("22.40") / dec("1500"));
    assert!(ratio.round_dp(7) == dec("0.0149333"));
    assert!(ratio >= dec("0.001"));
    // Per kg of magnet: 0.04 kg x 350.
    assert_eq!(
        rollup.item_content("MAG-DY", 0),
        Some(Bounds::exact(dec("14")))
    );
}

#[test]
fn shared_sub_assembly_counts_once_per_path() {
    // ROOT -2-> A -3-> S -2-> L(CN, 5) and ROOT -1-> B -1-> S: 2*3*2*5 + 1*1*2*5 = 70.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "origin": "VN", "value": "1000",
          "components": [ { "item": "A", "quantity": "2" }, { "item": "B", "quantity": "1" } ] },
        { "id": "A", "origin": "VN", "value": "1", "components": [ { "item": "S", "quantity": "3" } ] },
        { "id": "B", "origin": "VN", "value": "1", "components": [ { "item": "S", "quantity": "1" } ] },
        { "id": "S", "origin": "JP", "value": "1", "components": [ { "item": "L", "quantity": "2" } ] },
        { "id": "L", "origin": "CN", "value": "5" } ] }"#,
        "ROOT",
    );
    assert_eq!(content.bounds, Bounds::exact(dec("70")));
    let paths: Vec<(Vec<&str>, Decimal, Decimal)> = content
        .contributors
        .iter()
        .map(|c| {
            (
                c.path.iter().map(String::as_str).collect(),
                c.quantity,
                c.value,
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            (vec!["ROOT", "A", "S", "L"], dec("12"), dec("60")),
            (vec!["ROOT", "B", "S", "L"], dec("2"), dec("10")),
        ]
    );
}

#[test]
fn shared_matching_sub_assembly_is_not_descended() {
    // S is Chinese-origin: it counts whole (value 7) on both paths; L below it is not added.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "value": "1000", "origin": "VN",
          "components": [ { "item": "A", "quantity": "2" }, { "item": "S", "quantity": "1" } ] },
        { "id": "A", "origin": "VN", "value": "1", "components": [ { "item": "S", "quantity": "3" } ] },
        { "id": "S", "origin": "CN", "value": "7", "components": [ { "item": "L", "quantity": "2" } ] },
        { "id": "L", "origin": "CN", "value": "5" } ] }"#,
        "ROOT",
    );
    // 2*3*7 + 1*7 = 49.
    assert_eq!(content.bounds, Bounds::exact(dec("49")));
    assert_eq!(content.contributors.len(), 2);
}

#[test]
fn part_used_in_two_places_adds_up() {
    // P on two lines of ROOT (0.5 + 1.5) and once under A (2 per A, 3 A per ROOT):
    // (0.5 + 1.5 + 3*2) * 2.25 = 18.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "origin": "VN", "components": [
            { "item": "P", "quantity": "0.5" }, { "item": "A", "quantity": "3" },
            { "item": "P", "quantity": "1.5" } ] },
        { "id": "A", "origin": "VN", "components": [ { "item": "P", "quantity": "2" } ] },
        { "id": "P", "origin": "CN", "value": "2.25" } ] }"#,
        "ROOT",
    );
    assert_eq!(content.bounds, Bounds::exact(dec("18")));
    let summary: Vec<(Vec<String>, Decimal, Decimal)> = content
        .contributors
        .into_iter()
        .map(|c| (c.path, c.quantity, c.value))
        .collect();
    assert_eq!(
        summary,
        [
            (
                vec!["ROOT".into(), "A".into(), "P".into()],
                dec("6"),
                dec("13.5")
            ),
            (vec!["ROOT".into(), "P".into()], dec("2"), dec("4.5")),
        ]
    );

    // The root has no declared value: derived from the same lines, 2*2.25 + 3*(2*2.25) = 18.
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "components": [
            { "item": "P", "quantity": "0.5" }, { "item": "A", "quantity": "3" },
            { "item": "P", "quantity": "1.5" } ] },
        { "id": "A", "components": [ { "item": "P", "quantity": "2" } ] },
        { "id": "P", "value": "2.25" } ] }"#,
    );
    let rollup = bom.rollup("ROOT", &[], RollupOptions::default()).unwrap();
    assert_eq!(rollup.value(), Bounds::exact(dec("18")));
    assert_eq!(rollup.value_source(), ValueSource::Derived);
    assert!(rollup.value_gaps().is_empty());
}

#[test]
fn unknown_origin_that_matters() {
    // U (no origin, worth 10) might be Chinese: content 0 to 2*10.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "origin": "VN", "value": "100", "components": [
            { "item": "U", "quantity": "2" }, { "item": "K", "quantity": "1" } ] },
        { "id": "U", "value": "10" },
        { "id": "K", "origin": "CN", "value": "3" } ] }"#,
        "ROOT",
    );
    assert_eq!(
        content.bounds,
        Bounds {
            lo: dec("3"),
            hi: Some(dec("23"))
        }
    );
    assert_eq!(content.gaps.len(), 1);
    assert_eq!(content.gaps[0].item, "U");
    assert_eq!(content.gaps[0].missing, Facts::ORIGIN);
    // Only the certain match is a contributor.
    assert_eq!(content.contributors.len(), 1);
    assert_eq!(content.contributors[0].path, ["ROOT", "K"]);
}

#[test]
fn unknown_origin_that_does_not_matter() {
    // U's origin is unknown, but it is worth exactly its Chinese content (10 = 2 * 5): counted
    // whole or descended into, the result is 10 either way.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "origin": "VN", "value": "100", "components": [ { "item": "U", "quantity": "1" } ] },
        { "id": "U", "value": "10", "components": [ { "item": "C", "quantity": "2" } ] },
        { "id": "C", "origin": "CN", "value": "5" } ] }"#,
        "ROOT",
    );
    assert_eq!(content.bounds, Bounds::exact(dec("10")));
    assert!(content.gaps.is_empty());
    assert_eq!(content.contributors[0].path, ["ROOT", "U", "C"]);

    // A known non-Chinese origin settles "Chinese AND listed" without the missing CN code.
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "value": "100", "components": [ { "item": "V", "quantity": "1" } ] },
        { "id": "V", "origin": "VN", "value": "40" } ] }"#,
    );
    let rollup = bom
        .rollup("ROOT", &[&chinese_listed], RollupOptions::default())
        .unwrap();
    let content = rollup.content(0).unwrap();
    assert_eq!(content.bounds, Bounds::ZERO);
    assert!(content.gaps.is_empty());
    // ... while an unknown origin with an unlisted code also settles it (false).
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "value": "100", "components": [ { "item": "V", "quantity": "1" } ] },
        { "id": "V", "value": "40", "classification": { "CN": "9A991" } } ] }"#,
    );
    let rollup = bom
        .rollup("ROOT", &[&chinese_listed], RollupOptions::default())
        .unwrap();
    assert_eq!(rollup.content(0).unwrap().bounds, Bounds::ZERO);
}

#[test]
fn unknown_values() {
    // A matched part with no value may be worth anything; an unmatched one does not matter
    // for content, but leaves the derived root value open.
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "components": [
            { "item": "CNX", "quantity": "2" }, { "item": "JPX", "quantity": "1" } ] },
        { "id": "CNX", "origin": "CN" },
        { "id": "JPX", "origin": "JP" } ] }"#,
    );
    let rollup = bom
        .rollup("ROOT", &[&chinese], RollupOptions::default())
        .unwrap();
    assert_eq!(rollup.value(), Bounds::UNKNOWN);
    let value_gaps: Vec<String> = rollup.value_gaps().into_iter().map(|g| g.item).collect();
    assert_eq!(value_gaps, ["CNX", "JPX"]);
    let content = rollup.content(0).unwrap();
    assert_eq!(content.bounds, Bounds::UNKNOWN);
    assert_eq!(content.gaps.len(), 1);
    assert_eq!(content.gaps[0].item, "CNX");
    assert_eq!(content.gaps[0].missing, Facts::VALUE);
    // It is still a contributor, at its lower-bound value.
    assert_eq!(content.contributors[0].path, ["ROOT", "CNX"]);
    assert_eq!(content.contributors[0].value, Decimal::ZERO);
}

#[test]
fn json_numbers_are_read_exactly() {
    // 0.1 and 0.2 as JSON numbers: 3 * 0.1 + 0.2 is exactly 0.5, no binary floating point.
    let content = chinese_content(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "origin": "VN", "components": [
            { "item": "A", "quantity": 3 }, { "item": "B", "quantity": 1 } ] },
        { "id": "A", "origin": "CN", "value": 0.1 },
        { "id": "B", "origin": "CN", "value": 0.2 } ] }"#,
        "ROOT",
    );
    assert_eq!(content.bounds, Bounds::exact(dec("0.5")));
}

// ---------------------------------------------------------------------------------------------
// Regressions: a zero times a number with decimal places is exact (rust_decimal gives it
// scale 0, which an exactness check by scale once mistook for rounding).

/// A Vietnamese part on a line of quantity 1.5: its Chinese-origin content is exactly zero.
const ZERO_TIMES_FRACTION: &str = r#"{ "currency": "USD", "items": [
    { "id": "ROOT", "value": "100", "components": [ { "item": "A", "quantity": "1.5" } ] },
    { "id": "A", "origin": "VN", "value": "10" } ] }"#;

#[test]
fn regression_zero_content_times_fractional_quantity() {
    let bom = load(ZERO_TIMES_FRACTION);
    let rollup = bom
        .rollup("ROOT", &[&chinese], RollupOptions::default())
        .unwrap();
    let content = rollup.content(0).unwrap();
    // Got: bounds [-1, 1], rounded = true, gaps empty.
    assert_eq!(content.bounds, Bounds::ZERO);
    assert!(!content.rounded);
}

#[test]
fn regression_unknown_value_times_fractional_quantity() {
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "components": [ { "item": "U", "quantity": "0.5" } ] },
        { "id": "U", "origin": "CN" } ] }"#,
    );
    let rollup = bom
        .rollup("ROOT", &[&chinese], RollupOptions::default())
        .unwrap();
    // Got: value and content [-1, unbounded), rounded; contributor value -1.
    assert_eq!(rollup.value(), Bounds::UNKNOWN);
    assert!(!rollup.value_rounded());
    let content = rollup.content(0).unwrap();
    assert_eq!(content.bounds, Bounds::UNKNOWN);
    assert!(!content.rounded);
    assert_eq!(content.contributors[0].value, Decimal::ZERO);
}

#[test]
fn regression_zero_amount_in_foreign_currency_loads() {
    let bom = load(
        r#"{ "currency": "USD", "fx": { "EUR": "1.08" }, "items": [
        { "id": "A", "value": { "amount": "0", "currency": "EUR" } } ] }"#,
    );
    assert_eq!(bom.item("A").unwrap().unit_value, Some(Decimal::ZERO));
}

/// Filling in every listed fact closes the bounds: an unknown answer whose two readings agree
/// only while something below is unknown is listed too.
#[test]
fn gaps_list_every_fact_that_could_still_matter() {
    let bom = load(
        r#"{ "currency": "USD", "items": [
        { "id": "ROOT", "value": "100", "components": [ { "item": "U", "quantity": "1" } ] },
        { "id": "U", "components": [ { "item": "A", "quantity": "1" }, { "item": "B", "quantity": "1" } ] },
        { "id": "B", "origin": "VN", "value": "3",
          "components": [ { "item": "A", "quantity": "2" }, { "item": "C", "quantity": "2" } ] },
        { "id": "A", "origin": "CN" },
        { "id": "C", "origin": "CN", "value": "1.5" } ] }"#,
    );
    let rollup = bom
        .rollup("ROOT", &[&chinese], RollupOptions::default())
        .unwrap();
    let gaps: Vec<(String, String)> = rollup
        .content(0)
        .unwrap()
        .gaps
        .into_iter()
        .map(|g| (g.item, g.missing.to_string()))
        .collect();
    assert_eq!(
        gaps,
        [
            ("A".to_string(), "value".to_string()),
            ("U".to_string(), "origin".to_string())
        ]
    );
}

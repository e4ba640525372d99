//! A deterministic synthetic BOM generator, for tests and benches.
//!
//! `generate(items, seed)` returns the JSON text of a BOM with exactly `items` items shaped
//! like a deep product structure:
//!
//! - level 0: the product `ROOT`;
//! - levels 1..=22: assemblies, sub-assemblies and parts (`ASM`, `SUB`, `PRT`); about one in
//!   five is a purchased part with no components;
//! - level 23: processed materials (`MAT`): NdFeB magnets (some with Dy, Tb, Pr), Sm-Co
//!   magnets, rare-earth alloys, oxides, sputtering targets, compounds, and ordinary metals;
//! - level 24: raw materials (`RAW`): metals, oxides, ores and concentrates; all leaves.
//!
//! Every item below the root has a "primary" parent on the level just above it, so every item
//! is reachable from `ROOT` and the longest path from `ROOT` has exactly [`DEPTH`] edges.
//! Each non-leaf has about three component lines: its primary children plus extra ones drawn
//! from the next three levels (and sometimes straight from the material levels) with a skew
//! towards low indices, so popular sub-assemblies and materials have many parents. Edges only
//! go down the levels, so the BOM is acyclic; ids carry their level, so they are unique.
//!
//! Values and quantities are decimal strings with at most three decimals. About 30% of the
//! non-leaf items have no declared value (it is derived), about 3% of declared values are in
//! EUR or JPY (the BOM has an `fx` table), a few items have no origin, a very few leaves have
//! no value (unknown), and about 1% of non-leaves list one child twice (split lines).
//!
//! The generator uses its own SplitMix64 PRNG, so the text depends only on `(items, seed)`.
//! One million items take about 230 MB of JSON text.

// Included by several test and bench targets; not every one of them uses every item.
#![allow(dead_code)]

use longarm::{Facts, Item, Truth};
use std::fmt::Write as _;

/// Longest path from `ROOT`, in edges (the number of the deepest level).
pub const DEPTH: usize = 24;
/// Levels 1..=`LAST_ASSEMBLY` hold assemblies and parts.
const LAST_ASSEMBLY: usize = DEPTH - 2;
/// Processed materials.
const MATERIAL: usize = DEPTH - 1;
/// Raw materials, all leaves.
const RAW: usize = DEPTH;
/// The fewest items [`generate`] accepts: enough for every level to have a few.
pub const MIN_ITEMS: usize = 4 * (DEPTH + 1);

/// SplitMix64: tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index in `0..n`.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// An index in `0..n` skewed towards 0 (density ~ x^-2/3), for popular shared parts.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u * n as f64) as usize).min(n - 1)
    }

    /// Picks from `(weight, value)` pairs.
    pub fn weighted<T: Copy>(&mut self, table: &[(u32, T)]) -> T {
        let total: u32 = table.iter().map(|&(w, _)| w).sum();
        let mut pick = self.below(u64::from(total)) as u32;
        for &(w, v) in table {
            if pick < w {
                return v;
            }
            pick -= w;
        }
        table[table.len() - 1].1
    }
}

/// The predicate "Chinese origin" (unknown when the origin is missing), as the benches use it.
pub fn cn_origin(item: &Item) -> Truth {
    match item.origin {
        Some(c) => Truth::from_bool(c.as_str() == "CN"),
        None => Truth::Unknown(Facts::ORIGIN),
    }
}

/// The predicate "a rare-earth magnet material" (form `magnet` with Nd, Sm, Dy or Tb).
pub fn magnet_material(item: &Item) -> Truth {
    Truth::from_bool(item.material.as_ref().is_some_and(|m| {
        m.form.as_deref() == Some("magnet")
            && ["Nd", "Sm", "Dy", "Tb"].iter().any(|e| m.has_element(e))
    }))
}

/// How many items each level gets: 1 root, assembly levels growing by x2.2 from 4 up to a
/// cap, then 0.6 x cap processed materials and 0.15 x cap raw materials; exactly `items`.
pub fn level_widths(items: usize) -> Vec<usize> {
    assert!(
        items >= MIN_ITEMS,
        "synth::generate needs at least {MIN_ITEMS} items, got {items}"
    );
    let rest = items - 1;
    let shape = |cap: f64| -> Vec<f64> {
        let mut w = vec![1.0];
        let mut grow = 4.0f64;
        for _ in 1..=LAST_ASSEMBLY {
            w.push(grow.min(cap));
            grow *= 2.2;
        }
        w.push(0.6 * cap);
        w.push(0.15 * cap);
        w
    };
    let below_root = |cap: f64| shape(cap).iter().skip(1).sum::<f64>();
    let (mut lo, mut hi) = (1.0f64, rest as f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if below_root(mid) < rest as f64 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut widths: Vec<usize> = shape(lo)
        .iter()
        .map(|&w| (w.round() as usize).max(1))
        .collect();
    widths[0] = 1;
    // Rounding leaves the sum a little off: settle it on the widest level.
    loop {
        let sum: usize = widths.iter().sum();
        let widest = (1..widths.len())
            .max_by_key(|&l| (widths[l], l))
            .expect("levels");
        match sum.cmp(&items) {
            std::cmp::Ordering::Equal => break,
            std::cmp::Ordering::Less => widths[widest] += 1,
            std::cmp::Ordering::Greater => widths[widest] -= 1,
        }
    }
    widths
}

fn prefix(level: usize) -> &'static str {
    match level {
        0 => "ROOT",
        1..=4 => "ASM",
        5..=12 => "SUB",
        13..=LAST_ASSEMBLY => "PRT",
        MATERIAL => "MAT",
        _ => "RAW",
    }
}

fn push_id(out: &mut String, level: usize, index: usize) {
    if level == 0 {
        out.push_str("ROOT");
    } else {
        let _ = write!(out, "{}{:02}-{}", prefix(level), level, index);
    }
}

/// Writes `milli / 1000` with at most three decimals, trailing zeros trimmed.
fn push_milli(out: &mut String, milli: u64) {
    let (int, frac) = (milli / 1000, milli % 1000);
    if frac == 0 {
        let _ = write!(out, "{int}");
    } else if frac % 100 == 0 {
        let _ = write!(out, "{int}.{}", frac / 100);
    } else if frac % 10 == 0 {
        let _ = write!(out, "{int}.{:02}", frac / 10);
    } else {
        let _ = write!(out, "{int}.{frac:03}");
    }
}

/// A random amount between `lo` and `hi` whole units, with 0 to 3 random decimals.
fn push_amount(out: &mut String, rng: &mut Rng, lo: u64, hi: u64) {
    let int = lo + rng.below(hi - lo + 1);
    let _ = match rng.below(4) {
        0 => write!(out, "{int}"),
        1 => write!(out, "{int}.{}", rng.below(10)),
        2 => write!(out, "{int}.{:02}", rng.below(100)),
        _ => write!(out, "{int}.{:03}", rng.below(1000)),
    };
}

/// The `"value"` member (with its leading comma), in USD or sometimes EUR or JPY.
fn push_value(out: &mut String, rng: &mut Rng, lo: u64, hi: u64) {
    if rng.chance(30) {
        if rng.chance(500) {
            out.push_str(r#","value":{"amount":""#);
            push_amount(out, rng, lo, hi);
            out.push_str(r#"","currency":"EUR"}"#);
        } else {
            out.push_str(r#","value":{"amount":""#);
            push_amount(out, rng, lo * 150, hi * 150);
            out.push_str(r#"","currency":"JPY"}"#);
        }
    } else {
        out.push_str(r#","value":""#);
        push_amount(out, rng, lo, hi);
        out.push('"');
    }
}

fn push_origin(out: &mut String, origin: Option<&str>) {
    if let Some(code) = origin {
        let _ = write!(out, r#","origin":"{code}""#);
    }
}

const ASSEMBLY_ORIGINS: &[(u32, Option<&str>)] = &[
    (250, Some("CN")),
    (120, Some("VN")),
    (100, Some("MX")),
    (100, Some("DE")),
    (100, Some("US")),
    (100, Some("JP")),
    (80, Some("KR")),
    (80, Some("TW")),
    (50, Some("MY")),
    (20, None),
];
const MATERIAL_ORIGINS: &[(u32, Option<&str>)] = &[
    (550, Some("CN")),
    (150, Some("JP")),
    (50, Some("VN")),
    (50, Some("DE")),
    (50, Some("US")),
    (50, Some("EE")),
    (50, Some("MY")),
    (50, None),
];
const RAW_ORIGINS: &[(u32, Option<&str>)] = &[
    (650, Some("CN")),
    (50, Some("MM")),
    (80, Some("AU")),
    (70, Some("US")),
    (50, Some("MY")),
    (50, Some("LA")),
    (50, None),
];

/// Assembly-to-assembly line quantities, in thousandths (pieces, mostly whole).
const PIECES: &[(u32, u64)] = &[
    (640, 1000),
    (180, 2000),
    (50, 3000),
    (40, 4000),
    (30, 500),
    (30, 250),
    (20, 1500),
    (10, 2500),
];

/// The `"components"` line quantity for a child on `child_level` of a parent on `level`.
fn push_quantity(out: &mut String, rng: &mut Rng, level: usize, child_level: usize) {
    let milli = if child_level <= LAST_ASSEMBLY {
        rng.weighted(PIECES)
    } else if level == MATERIAL {
        // kg of raw material per kg of processed material
        10 + rng.below(890)
    } else {
        // kg of material in one part
        1 + rng.below(1500)
    };
    push_milli(out, milli);
}

/// A processed material: its name, form, elements, and whether it is a rare-earth magnet.
fn push_material(out: &mut String, rng: &mut Rng, index: usize) {
    let kind = rng.weighted(&[
        (30u32, 0u8),
        (10, 1),
        (10, 2),
        (10, 3),
        (5, 4),
        (5, 5),
        (30, 6),
    ]);
    let (name, form, elements): (String, &str, Vec<&str>) = match kind {
        0 => {
            let mut els = vec!["Nd", "Fe", "B"];
            if rng.chance(400) {
                els.push("Pr");
            }
            if rng.chance(500) {
                els.push("Dy");
            }
            if rng.chance(150) {
                els.push("Tb");
            }
            let heavy = if els.contains(&"Dy") || els.contains(&"Tb") {
                ", heavy-RE doped"
            } else {
                ""
            };
            (
                format!("Sintered NdFeB magnet{heavy} #{index}"),
                "magnet",
                els,
            )
        }
        1 => (format!("Sm-Co magnet #{index}"), "magnet", vec!["Sm", "Co"]),
        2 => {
            let els = [["Dy", "Fe"], ["Nd", "Pr"], ["Tb", "Fe"], ["Sm", "Co"]][rng.index(4)];
            (
                format!("{}-{} alloy #{index}", els[0], els[1]),
                "alloy",
                els.to_vec(),
            )
        }
        3 => {
            let el = ["Dy", "Nd", "Tb", "Y", "Ce", "La"][rng.index(6)];
            (format!("{el} oxide #{index}"), "oxide", vec![el, "O"])
        }
        4 => {
            let el = ["Sm", "Dy", "Ga", "Ge", "Sc"][rng.index(5)];
            (
                format!("{el} sputtering target #{index}"),
                "target",
                vec![el],
            )
        }
        5 => {
            let els = [["Ga", "As"], ["Ge", "O"], ["In", "P"]][rng.index(3)];
            (
                format!("{}{} compound #{index}", els[0], els[1]),
                "compound",
                els.to_vec(),
            )
        }
        _ => {
            const PLAIN: [&[&str]; 4] = [&["Fe", "C"], &["Cu"], &["Al", "Si"], &["Ni", "Cr"]];
            let els = PLAIN[rng.index(4)].to_vec();
            (format!("{} alloy #{index}", els.join("-")), "alloy", els)
        }
    };
    let _ = write!(
        out,
        r#","name":"{name}","unit":"kg","material":{{"form":"{form}","elements":["#
    );
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, r#""{e}""#);
    }
    out.push_str("]}");
    if form == "magnet" && rng.chance(100) {
        out.push_str(
            r#","made_with":[{"kind":"technology","origin":"CN","classification":{"CN":"1E902.a"},"process":"magnet-manufacturing"}]"#,
        );
    }
    if kind <= 2 && rng.chance(200) {
        out.push_str(r#","classification":{"CN":"1C904.a"}"#);
    }
}

fn push_raw(out: &mut String, rng: &mut Rng, index: usize) {
    let el = [
        "Dy", "Tb", "Nd", "Pr", "Sm", "Co", "Fe", "B", "Ga", "Ge", "W", "Cu", "Al", "Y", "Ce", "La",
    ][rng.index(16)];
    let form = ["metal", "metal", "oxide", "ore", "concentrate"][rng.index(5)];
    let _ = write!(
        out,
        r#","name":"{el} {form} #{index}","unit":"kg","material":{{"form":"{form}","elements":["{el}""#
    );
    if form != "metal" {
        out.push_str(r#","O""#);
    }
    out.push_str("]}");
}

/// Generates a BOM of exactly `items` items (at least [`MIN_ITEMS`]) as JSON text.
///
/// The same `(items, seed)` always gives the same text.
pub fn generate(items: usize, seed: u64) -> String {
    let widths = level_widths(items);
    let levels = widths.len();
    let mut rng = Rng::new(seed);

    // Which items have components: the root, most assemblies, most processed materials.
    let is_leaf: Vec<Vec<bool>> = widths
        .iter()
        .enumerate()
        .map(|(level, &w)| {
            (0..w)
                .map(|i| match level {
                    0 => false,
                    RAW => true,
                    // The first item of each level is never a leaf, so the chain is unbroken.
                    _ if i == 0 => false,
                    MATERIAL => rng.chance(350),
                    _ => rng.chance(200),
                })
                .collect()
        })
        .collect();

    // Primary parents: each item below the root gets a non-leaf parent on the level above.
    // Stored per level as CSR: `primary[l]` = (start offsets per item of l, children on l+1).
    let mut primary: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(levels);
    for level in 0..levels {
        let w = widths[level];
        if level + 1 == levels {
            primary.push((vec![0; w + 1], Vec::new()));
            continue;
        }
        let parents: Vec<u32> = (0..w as u32)
            .filter(|&i| !is_leaf[level][i as usize])
            .collect();
        let below = widths[level + 1];
        let parent_of: Vec<u32> = (0..below)
            .map(|_| parents[rng.index(parents.len())])
            .collect();
        let mut start = vec![0u32; w + 1];
        for &p in &parent_of {
            start[p as usize + 1] += 1;
        }
        for i in 0..w {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut children = vec![0u32; below];
        for (child, &p) in parent_of.iter().enumerate() {
            children[fill[p as usize] as usize] = child as u32;
            fill[p as usize] += 1;
        }
        primary.push((start, children));
    }

    let mut out = String::with_capacity(items * 240);
    out.push_str(r#"{"currency":"USD","fx":{"EUR":"1.08","JPY":"0.0066"},"items":["#);
    out.push('\n');
    let mut lines: Vec<(usize, usize)> = Vec::with_capacity(16);
    let mut first = true;
    for level in 0..levels {
        let (start, children) = &primary[level];
        for index in 0..widths[level] {
            if !first {
                out.push_str(",\n");
            }
            first = false;
            out.push_str(r#"{"id":""#);
            push_id(&mut out, level, index);
            out.push('"');
            let leaf = is_leaf[level][index];

            match level {
                0 => {
                    out.push_str(r#","name":"Synthetic product","origin":"VN""#);
                    push_value(&mut out, &mut rng, 200_000, 900_000);
                }
                MATERIAL => {
                    push_material(&mut out, &mut rng, index);
                    push_origin(&mut out, rng.weighted(MATERIAL_ORIGINS));
                    if leaf || rng.chance(800) {
                        push_value(&mut out, &mut rng, 5, 800);
                    }
                }
                RAW => {
                    push_raw(&mut out, &mut rng, index);
                    push_origin(&mut out, rng.weighted(RAW_ORIGINS));
                    if !rng.chance(2) {
                        push_value(&mut out, &mut rng, 1, 2000);
                    }
                }
                _ => {
                    if level <= 3 {
                        let _ = write!(
                            out,
                            r#","name":"{} level {level} #{index}""#,
                            if leaf { "Part" } else { "Assembly" }
                        );
                    }
                    push_origin(&mut out, rng.weighted(ASSEMBLY_ORIGINS));
                    let declared = if leaf {
                        !rng.chance(1)
                    } else {
                        rng.chance(700)
                    };
                    if declared {
                        let scale = 1u64 << (LAST_ASSEMBLY - level).min(12);
                        push_value(&mut out, &mut rng, scale, 40 * scale);
                    }
                    if rng.chance(80) {
                        out.push_str(r#","classification":{"US":"EAR99"}"#);
                    } else if rng.chance(10) {
                        out.push_str(r#","classification":{"US":"5A992.c"}"#);
                    }
                }
            }

            if leaf {
                out.push('}');
                continue;
            }

            // Component lines: primary children, then extras up to a target count.
            lines.clear();
            let range = start[index] as usize..start[index + 1] as usize;
            lines.extend(children[range].iter().map(|&c| (level + 1, c as usize)));
            let target = if level == MATERIAL {
                rng.weighted(&[(40u32, 1usize), (40, 2), (20, 3)])
            } else {
                rng.weighted(&[(10u32, 1usize), (25, 2), (30, 3), (20, 4), (10, 5), (5, 6)])
            };
            let mut tries = 0;
            while lines.len() < target && tries < 3 * target {
                tries += 1;
                let child_level = if level >= MATERIAL {
                    RAW
                } else if rng.chance(120) {
                    if rng.chance(700) { MATERIAL } else { RAW }
                } else {
                    level + 1 + rng.index(3.min(DEPTH - level))
                };
                let child = (child_level, rng.skewed(widths[child_level]));
                if !lines.contains(&child) {
                    lines.push(child);
                }
            }
            // A split line: the same child listed twice (the loader sums the quantities).
            if rng.chance(10) {
                lines.push(lines[0]);
            }

            out.push_str(r#","components":["#);
            for (i, &(child_level, child)) in lines.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(r#"{"item":""#);
                push_id(&mut out, child_level, child);
                out.push_str(r#"","quantity":""#);
                push_quantity(&mut out, &mut rng, level, child_level);
                out.push_str(r#""}"#);
            }
            out.push_str("]}");
        }
    }
    out.push_str("\n]}\n");
    out
}

/// The BOM's item graph rebuilt from its items and component lines: one node per item (in
/// item order), one edge per distinct parent -> child pair, as the crate's own graph holds.
pub fn graph_of(bom: &longarm::Bom) -> petgraph::graph::DiGraph<(), ()> {
    let items = bom.items();
    let index: std::collections::HashMap<&str, u32> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.as_str(), i as u32))
        .collect();
    let lines = items.iter().map(|i| i.components.len()).sum();
    let mut graph = petgraph::graph::DiGraph::with_capacity(items.len(), lines);
    for _ in items {
        graph.add_node(());
    }
    let mut children = Vec::new();
    for (parent, item) in items.iter().enumerate() {
        children.clear();
        children.extend(item.components.iter().map(|line| index[line.item.as_str()]));
        children.sort_unstable();
        children.dedup();
        for &child in &children {
            graph.add_edge((parent as u32).into(), child.into(), ());
        }
    }
    graph
}

/// Longest path from `root`, in edges, over the graph from [`graph_of`].
pub fn longest_path_from(bom: &longarm::Bom, root: &str) -> usize {
    let graph = graph_of(bom);
    let order = petgraph::algo::toposort(&graph, None).expect("a BOM is acyclic");
    let mut longest = vec![0usize; graph.node_count()];
    for &node in order.iter().rev() {
        longest[node.index()] = graph
            .neighbors(node)
            .map(|child| longest[child.index()] + 1)
            .max()
            .unwrap_or(0);
    }
    let root = bom
        .items()
        .iter()
        .position(|i| i.id == root)
        .expect("root item");
    longest[root]
}

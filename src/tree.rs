//! The indented BOM report behind `longarm bom`: every line with its quantity, unit value and
//! extended value, and derived values marked as such.
//!
//! The report is flat rows with a depth, built without recursion, so a pathological BOM cannot
//! overflow the stack. A shared sub-assembly is expanded the first time it appears under a
//! root; later appearances are single rows marked `expanded_above`, so the report grows with
//! nodes + edges rather than with the number of paths.

use crate::bom::Bom;
use crate::rollup::{Bounds, RollupError, RollupOptions, ValueSource, source_of};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The report for one or more roots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreeReport {
    /// The BOM currency, the unit of every value in the rows, e.g. `USD`.
    pub currency: String,
    /// The rows in pre-order: each root, then its components in file order, depth first.
    pub rows: Vec<TreeRow>,
}

/// One line of the indented BOM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreeRow {
    /// 0 for a root.
    pub depth: usize,
    /// The item's id.
    pub item: String,
    /// The item's name, when the BOM gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The item's country of origin; `None`: not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The item's descriptive unit of measure (e.g. `kg`), when the BOM gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Units per one unit of the parent (1 for a root); quantities of lines for the same
    /// component are shown as written, one row per line.
    #[serde(with = "decimal_text")]
    pub quantity: Decimal,
    /// Unit value in the BOM currency.
    pub unit_value: ValueText,
    /// Where the unit value comes from: `declared` in the BOM, `derived` from the components,
    /// or `unknown` (no value and no components).
    pub value_source: &'static str,
    /// The declared value as written, when in another currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// `quantity x unit_value`.
    pub extended_value: ValueText,
    /// A shared sub-assembly already expanded above: its components are not repeated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expanded_above: bool,
    /// Its components are below the depth asked for (`longarm bom --depth`): not shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}

/// A value that is exact, or only known within bounds (`max` absent = unbounded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ValueText {
    /// The exact value, as a decimal string.
    Exact(String),
    /// Only bounds are known.
    Bounds {
        /// The lower bound, as a decimal string.
        min: String,
        /// The upper bound, as a decimal string; `None`: unbounded.
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<String>,
    },
}

impl From<Bounds> for ValueText {
    fn from(b: Bounds) -> Self {
        match b.as_exact() {
            Some(v) => ValueText::Exact(v.to_string()),
            None => ValueText::Bounds {
                min: b.lo.to_string(),
                max: b.hi.map(|h| h.to_string()),
            },
        }
    }
}

mod decimal_text {
    use rust_decimal::Decimal;
    pub fn serialize<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }
}

/// Builds the report for `root`, or for every root of the BOM when `root` is `None`.
///
/// # Errors
/// [`RollupError::UnknownItem`] for a root not in the BOM; [`RollupError::Overflow`] when a
/// derived value is out of range.
///
/// # Example
///
/// ```
/// use longarm::Bom;
/// use longarm::tree::{ValueText, tree};
///
/// let bom = Bom::from_json_str(r#"{
///   "currency": "USD",
///   "items": [
///     { "id": "FAN", "components": [ { "item": "BLADE", "quantity": "3" },
///                                    { "item": "HUB", "quantity": "1" } ] },
///     { "id": "BLADE", "value": "2.50" },
///     { "id": "HUB", "value": "4" }
///   ]
/// }"#)?;
/// let report = tree(&bom, None)?;
/// assert_eq!(report.rows.len(), 3);
/// let fan = &report.rows[0];
/// assert_eq!(fan.value_source, "derived");
/// assert_eq!(fan.unit_value, ValueText::Exact("11.50".to_owned()));
/// let blades = &report.rows[1];
/// assert_eq!((blades.depth, blades.item.as_str()), (1, "BLADE"));
/// assert_eq!(blades.extended_value, ValueText::Exact("7.50".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tree(bom: &Bom, root: Option<&str>) -> Result<TreeReport, RollupError> {
    tree_to_depth(bom, root, None)
}

/// [`tree`], showing components only down to `depth` levels below each root (`None`: all).
///
/// # Errors
/// As [`tree`].
pub fn tree_to_depth(
    bom: &Bom,
    root: Option<&str>,
    depth: Option<usize>,
) -> Result<TreeReport, RollupError> {
    let max_depth = depth;
    let roots: Vec<&str> = match root {
        Some(r) => vec![r],
        None => bom.roots().map(|i| i.id.as_str()).collect(),
    };
    let mut rows = Vec::new();
    for root in roots {
        let rollup = bom.rollup(root, &[], RollupOptions { top: 0 })?;
        // Where each sub-assembly was expanded: a later appearance refers to it, unless a
        // depth cut showed less of it there than this appearance can show.
        let mut expanded: HashMap<&str, usize> = HashMap::new();
        // (depth, item id, quantity of the line) in pre-order; children pushed reversed so
        // they come out in file order.
        let mut stack: Vec<(usize, &str, Decimal)> = vec![(0, root, Decimal::ONE)];
        while let Some((depth, id, quantity)) = stack.pop() {
            let Some(item) = bom.item(id) else {
                continue;
            };
            let unit_value = rollup.item_value(id).unwrap_or(Bounds::UNKNOWN);
            let (extended, _) =
                unit_value
                    .checked_scale(quantity)
                    .ok_or_else(|| RollupError::Overflow {
                        item: id.to_owned(),
                    })?;
            let cut = !item.components.is_empty() && max_depth.is_some_and(|m| depth >= m);
            let repeat = !cut
                && !item.components.is_empty()
                && match expanded.get(id) {
                    Some(&at) if max_depth.is_none() || at <= depth => true,
                    _ => {
                        expanded.insert(id, depth);
                        false
                    }
                };
            rows.push(TreeRow {
                depth,
                item: id.to_owned(),
                name: item.name.clone(),
                origin: item.origin.map(|c| c.to_string()),
                unit: item.unit.clone(),
                quantity,
                unit_value: unit_value.into(),
                value_source: match source_of(item) {
                    ValueSource::Declared => "declared",
                    ValueSource::Derived => "derived",
                    ValueSource::Unknown => "unknown",
                },
                declared: item
                    .value
                    .filter(|m| m.currency != bom.currency())
                    .map(|m| format!("{} {}", m.amount, m.currency)),
                extended_value: extended.into(),
                expanded_above: repeat,
                cut,
            });
            if !repeat && !cut {
                for line in item.components.iter().rev() {
                    stack.push((depth.saturating_add(1), &line.item, line.quantity));
                }
            }
        }
    }
    Ok(TreeReport {
        currency: bom.currency().to_string(),
        rows,
    })
}

/// The report as indented text for a person, one row per line, columns aligned.
pub fn render_text(report: &TreeReport) -> String {
    let prefixes = branch_prefixes(&report.rows);
    let cells: Vec<[String; 5]> = report
        .rows
        .iter()
        .zip(prefixes)
        .map(|(row, mut label)| {
            label.push_str(&row.item);
            if row.expanded_above {
                label.push_str(" (shared, see above)");
            }
            if row.cut {
                label.push_str(" (...)");
            }
            let qty = match &row.unit {
                Some(u) => format!("{} {u}", show(row.quantity)),
                None => show(row.quantity),
            };
            let mut unit_value = show_value(&row.unit_value);
            match row.value_source {
                "derived" => unit_value.push_str(" (derived)"),
                "unknown" => unit_value.push_str(" (unknown)"),
                _ => {}
            }
            if let Some(declared) = &row.declared {
                let _ = write!(unit_value, " [{declared}]");
            }
            [
                label,
                row.name.clone().unwrap_or_default(),
                row.origin.clone().unwrap_or_else(|| "?".to_owned()),
                qty,
                unit_value,
            ]
        })
        .collect();
    // Columns as wide as their widest cell, up to a cap: a longer cell overflows its column
    // rather than widening every line (output stays linear in the input).
    const MAX_COLUMN: usize = 60;
    let width = |k: usize, least: usize| {
        cells
            .iter()
            .filter_map(|c| c.get(k))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(least, MAX_COLUMN.max(least))
    };
    let widths = [
        width(0, 4),
        width(1, 4),
        width(2, 6),
        width(3, 3),
        width(4, 10),
    ];
    let line = |out: &mut String, c: [&str; 5], last: &str| {
        for (k, (cell, w)) in c.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.chars().count()));
            if k >= 3 {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&pad);
            }
            out.push_str("  ");
        }
        out.push_str(last);
        out.push('\n');
    };
    let mut out = String::new();
    let head = format!("extended ({})", report.currency);
    line(
        &mut out,
        ["item", "name", "origin", "qty", "unit value"],
        &head,
    );
    for (row, c) in report.rows.iter().zip(&cells) {
        line(
            &mut out,
            [&c[0], &c[1], &c[2], &c[3], &c[4]],
            &show_value(&row.extended_value),
        );
    }
    out
}

/// Levels of branch lines drawn before a row; deeper rows draw the last ones, after the
/// depth in brackets, so a line stays short and the text linear in the rows.
const DRAWN_LEVELS: usize = 24;

/// `├─ `, `│  ` and friends for every row, from one backward pass: `open[level]` says whether
/// a later row sits at `level` with no shallower row in between (a later sibling).
fn branch_prefixes(rows: &[TreeRow]) -> Vec<String> {
    let mut open: Vec<bool> = Vec::new();
    let mut prefixes: Vec<String> = rows
        .iter()
        .rev()
        .map(|row| {
            let depth = row.depth;
            let first = depth.saturating_sub(DRAWN_LEVELS).saturating_add(1);
            let mut prefix = String::new();
            if first > 1 {
                let _ = write!(prefix, "[{depth}] ");
            }
            for level in first..=depth {
                let continues = open.get(level).copied().unwrap_or(false);
                prefix.push_str(match (level == depth, continues) {
                    (true, true) => "├─ ",
                    (true, false) => "└─ ",
                    (false, true) => "│  ",
                    (false, false) => "   ",
                });
            }
            // This row ends every deeper subtree and is a later sibling at its own depth.
            open.truncate(depth.saturating_add(1));
            open.resize(depth.saturating_add(1), false);
            if let Some(o) = open.get_mut(depth) {
                *o = true;
            }
            prefix
        })
        .collect();
    prefixes.reverse();
    prefixes
}

fn show(d: Decimal) -> String {
    crate::codes::decimal::display(d)
}

fn show_value(v: &ValueText) -> String {
    let fmt = |s: &str| {
        s.parse::<Decimal>()
            .map(show)
            .unwrap_or_else(|_| s.to_owned())
    };
    match v {
        ValueText::Exact(s) => fmt(s),
        ValueText::Bounds {
            min,
            max: Some(max),
        } => format!("{} to {}", fmt(min), fmt(max)),
        ValueText::Bounds { min, max: None } => format!("{} or more", fmt(min)),
    }
}

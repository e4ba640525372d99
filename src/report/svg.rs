//! The BOM picture as SVG: one box per item (width by its share of the root's value, colour
//! by origin, dashed where the origin is unknown), one curve per parent -> child pair, and the
//! contributing paths of the findings drawn thick. Text is escaped; the output is the same
//! bytes for the same picture.

use super::escape_xml as esc;
use super::graph::{Node, Picture};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;
use std::fmt::Write as _;

const MIN_WIDTH: i64 = 120;
const WIDTH_RANGE: i64 = 80;
const HEIGHT: i64 = 46;
const GAP_X: i64 = 22;
const GAP_Y: i64 = 64;
const MARGIN: i64 = 16;
/// Room for the legend under the drawing.
const LEGEND: i64 = 44;
const HIGHLIGHT: &str = "#e8a200";

/// The colour of an origin: China red, the US blue, unknown grey, others from a fixed
/// palette by their code.
pub fn origin_colour(origin: Option<&str>) -> &'static str {
    const PALETTE: [&str; 8] = [
        "#2a9d8f", "#8e6cbf", "#b5651d", "#3a7d44", "#c2549d", "#5c7c99", "#9c8a1e", "#6d4c41",
    ];
    match origin {
        None => "#9e9e9e",
        Some("CN") => "#d1342f",
        Some("US") => "#2f6fd1",
        Some(code) => {
            let h = code.bytes().fold(0usize, |h, b| {
                h.wrapping_mul(31).wrapping_add(usize::from(b))
            });
            PALETTE
                .get(h.checked_rem(PALETTE.len()).unwrap_or(0))
                .copied()
                .unwrap_or("#9e9e9e")
        }
    }
}

fn width_of(node: &Node) -> i64 {
    let extra = node
        .share
        .map(|s| s.min(Decimal::ONE).max(Decimal::ZERO))
        .and_then(|s| s.checked_mul(Decimal::from(WIDTH_RANGE)))
        .and_then(|w| w.round().to_i64())
        .unwrap_or(0);
    MIN_WIDTH.saturating_add(extra)
}

/// Cuts a label to `max` characters, with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn show(d: Decimal) -> String {
    crate::codes::decimal::display(d)
}

/// Renders the picture. `title` is its accessible name.
pub fn render(picture: &Picture, title: &str) -> String {
    let slot = MIN_WIDTH.saturating_add(WIDTH_RANGE).saturating_add(GAP_X);
    let widest = picture.layers.iter().copied().max().unwrap_or(0);
    let widest = i64::try_from(widest).unwrap_or(i64::MAX);
    let depth = i64::try_from(picture.layers.len()).unwrap_or(i64::MAX);
    let width = slot
        .saturating_mul(widest.max(1))
        .saturating_add(MARGIN.saturating_mul(2));
    let height = HEIGHT
        .saturating_add(GAP_Y)
        .saturating_mul(depth.max(1))
        .saturating_sub(GAP_Y)
        .saturating_add(MARGIN.saturating_mul(2))
        .saturating_add(LEGEND);
    // Centre of each node: layers centred on the widest.
    let centre = |n: &Node| {
        let count = picture.layers.get(n.layer).copied().unwrap_or(1);
        let count = i64::try_from(count).unwrap_or(1);
        let offset = slot.saturating_mul(widest.saturating_sub(count)) / 2;
        let pos = i64::try_from(n.position).unwrap_or(0);
        let layer = i64::try_from(n.layer).unwrap_or(0);
        let x = MARGIN
            .saturating_add(offset)
            .saturating_add(slot.saturating_mul(pos))
            .saturating_add(slot / 2);
        let y = MARGIN.saturating_add(HEIGHT.saturating_add(GAP_Y).saturating_mul(layer));
        (x, y)
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="bom-picture" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="bom-picture-title" font-family="Helvetica, Arial, sans-serif" font-size="11">"#
    );
    let _ = write!(
        out,
        "\n<title id=\"bom-picture-title\">{}</title>\n",
        esc(title)
    );
    out.push_str("<g class=\"edges\" fill=\"none\">\n");
    // Plain edges first, highlighted ones on top.
    for highlighted in [false, true] {
        for e in picture
            .edges
            .iter()
            .filter(|e| e.highlighted == highlighted)
        {
            let (Some(p), Some(c)) = (picture.nodes.get(e.parent), picture.nodes.get(e.child))
            else {
                continue;
            };
            let (x1, y1) = centre(p);
            let (x2, y2) = centre(c);
            let y1 = y1.saturating_add(HEIGHT);
            let mid = y1.saturating_add(y2) / 2;
            let (stroke, w) = if highlighted {
                (HIGHLIGHT, 4)
            } else {
                ("#8a8a8a", 1)
            };
            let class = if highlighted { "edge on-path" } else { "edge" };
            let _ = writeln!(
                out,
                r#"<path class="{class}" d="M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}" stroke="{stroke}" stroke-width="{w}"><title>{} x {} in {}</title></path>"#,
                esc(&show(e.quantity)),
                esc(&c.id),
                esc(&p.id)
            );
        }
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for n in &picture.nodes {
        let (x, y) = centre(n);
        let w = width_of(n);
        let left = x.saturating_sub(w / 2);
        let colour = origin_colour(n.origin.as_deref());
        let dash = if n.origin.is_none() {
            r#" stroke-dasharray="4 3""#
        } else {
            ""
        };
        let (stroke, sw) = if n.highlighted {
            (HIGHLIGHT, 3)
        } else {
            (colour, 1)
        };
        let class = if n.highlighted {
            "node on-path"
        } else {
            "node"
        };
        let value = match n.extended {
            Some(v) => format!("{} {}", show(v.round_dp(2)), picture.currency),
            None => "value unknown".to_owned(),
        };
        let origin = n.origin.as_deref().unwrap_or("origin ?");
        let mut tip = n.id.clone();
        if let Some(name) = &n.name {
            let _ = write!(tip, " — {name}");
        }
        let _ = write!(
            tip,
            "\norigin: {}",
            n.origin.as_deref().unwrap_or("unknown")
        );
        if let Some(q) = n.quantity {
            let _ = write!(tip, "\nquantity per root: {}", show(q));
        }
        match n.unit_value {
            Some(v) => {
                let _ = write!(tip, "\nunit value: {} {}", show(v), picture.currency);
            }
            None => tip.push_str("\nunit value: unknown"),
        }
        if let Some(v) = n.extended {
            let _ = write!(tip, "\nextended: {} {}", show(v), picture.currency);
        }
        let _ = writeln!(
            out,
            r##"<g class="{class}" data-item="{}"><title>{}</title><rect x="{left}" y="{y}" width="{w}" height="{HEIGHT}" rx="6" fill="{colour}" fill-opacity="0.18" stroke="{stroke}" stroke-width="{sw}"{dash}/><rect x="{left}" y="{y}" width="6" height="{HEIGHT}" rx="2" fill="{colour}"/><text x="{}" y="{}" font-weight="bold">{}</text><text x="{}" y="{}" fill="#333">{} · {}</text></g>"##,
            esc(&n.id),
            esc(&tip),
            left.saturating_add(11),
            y.saturating_add(18),
            esc(&cut(&n.id, 22)),
            left.saturating_add(11),
            y.saturating_add(35),
            esc(origin),
            esc(&value)
        );
    }
    out.push_str("</g>\n");
    // Legend: the origins drawn, unknown, and the highlight.
    let origins: BTreeSet<Option<&str>> =
        picture.nodes.iter().map(|n| n.origin.as_deref()).collect();
    let mut lx = MARGIN;
    let ly = height.saturating_sub(LEGEND).saturating_add(14);
    out.push_str("<g class=\"legend\">\n");
    for o in &origins {
        let colour = origin_colour(*o);
        let label = o.unwrap_or("origin unknown");
        let _ = writeln!(
            out,
            r#"<rect x="{lx}" y="{ly}" width="14" height="14" rx="3" fill="{colour}" fill-opacity="0.5" stroke="{colour}"/><text x="{}" y="{}">{}</text>"#,
            lx.saturating_add(18),
            ly.saturating_add(11),
            esc(label)
        );
        let step = i64::try_from(label.chars().count()).unwrap_or(0);
        lx = lx.saturating_add(30).saturating_add(step.saturating_mul(7));
    }
    if picture.edges.iter().any(|e| e.highlighted) {
        let _ = writeln!(
            out,
            r#"<line x1="{lx}" y1="{}" x2="{}" y2="{}" stroke="{HIGHLIGHT}" stroke-width="4"/><text x="{}" y="{}">contributing path</text>"#,
            ly.saturating_add(7),
            lx.saturating_add(24),
            ly.saturating_add(7),
            lx.saturating_add(30),
            ly.saturating_add(11)
        );
    }
    if picture.left_out > 0 {
        let _ = writeln!(
            out,
            r##"<text x="{MARGIN}" y="{}" fill="#a00">{} more items not drawn (the picture shows the first {})</text>"##,
            ly.saturating_add(28),
            picture.left_out,
            super::graph::MAX_NODES
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}

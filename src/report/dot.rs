//! The BOM picture as Graphviz DOT (`longarm bom --format dot`): the same nodes and edges as
//! the SVG, for `dot -Tpdf` and other tools. Strings are quoted and escaped.

use super::graph::Picture;
use super::svg::origin_colour;
use std::fmt::Write as _;

/// A DOT string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(2));
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders the picture as a DOT digraph.
pub fn render(picture: &Picture) -> String {
    let mut out = String::from(
        "digraph bom {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n  edge [color=\"#8a8a8a\"];\n",
    );
    for n in &picture.nodes {
        let mut label = n.id.clone();
        if let Some(name) = &n.name {
            label.push('\n');
            label.push_str(name);
        }
        label.push('\n');
        label.push_str(n.origin.as_deref().unwrap_or("origin unknown"));
        match n.extended {
            Some(v) => {
                let _ = write!(
                    label,
                    " · {} {}",
                    crate::codes::decimal::display(v.round_dp(2)),
                    picture.currency
                );
            }
            None => label.push_str(" · value unknown"),
        }
        let colour = origin_colour(n.origin.as_deref());
        let style = if n.origin.is_none() {
            ", style=\"rounded,filled,dashed\""
        } else {
            ""
        };
        let pen = if n.highlighted { ", penwidth=3" } else { "" };
        let _ = writeln!(
            out,
            "  {} [label={}, color={}, fillcolor={}{style}{pen}];",
            quote(&n.id),
            quote(&label),
            quote(colour),
            quote(&format!("{colour}30"))
        );
    }
    for e in &picture.edges {
        let (Some(p), Some(c)) = (picture.nodes.get(e.parent), picture.nodes.get(e.child)) else {
            continue;
        };
        let pen = if e.highlighted {
            ", color=\"#e8a200\", penwidth=4"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{pen}];",
            quote(&p.id),
            quote(&c.id),
            quote(&crate::codes::decimal::display(e.quantity))
        );
    }
    if picture.left_out > 0 {
        let _ = writeln!(
            out,
            "  // {} more items not drawn (the first {} are)",
            picture.left_out,
            super::graph::MAX_NODES
        );
    }
    out.push_str("}\n");
    out
}

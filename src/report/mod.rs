//! Reports: the determination as a self-contained HTML page or as CSV, and the BOM picture
//! as SVG or Graphviz DOT.
//!
//! Everything user-controlled (ids, names, messages) is escaped for its output: HTML by the
//! template engine, SVG and DOT here, CSV by quoting and by defusing cells a spreadsheet would
//! read as formulas. The same input gives the same bytes.

pub mod csv;
pub mod dot;
pub mod graph;
pub mod html;
pub mod svg;

pub use graph::{Picture, picture};

/// Text escaped for XML and HTML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The contributing paths of a determination: every path of every finding that applies, is
/// unknown or dormant.
pub fn contributing_paths(d: &crate::Determination) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = d
        .jurisdictions
        .iter()
        .flat_map(|j| &j.findings)
        .flat_map(|f| f.paths.iter().chain(f.evidence.iter().map(|e| &e.path)))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

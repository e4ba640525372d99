//! Report formats of `longarm check` (`html`, `csv`) and `longarm bom` (`dot`, `svg`).

use crate::Format;
use longarm::{Bom, Determination, Scenario};
use std::path::Path;

/// Writes `d` as HTML or CSV to `output` (or standard output).
pub fn determination(
    d: &Determination,
    bom: &Bom,
    scenario: &Scenario,
    format: Format,
    output: Option<&Path>,
) -> Result<(), String> {
    let text = match format {
        Format::Html => {
            let paths = longarm::report::contributing_paths(d);
            let picture = longarm::report::picture(bom, &[d.item.as_str()], &paths)
                .map_err(|e| e.to_string())?;
            let svg =
                longarm::report::svg::render(&picture, &format!("Bill of materials of {}", d.item));
            let info = longarm::report::html::PageInfo::new(
                bom.item(&d.item).and_then(|i| i.name.clone()),
                Some(format!(
                    "exported from {} to {}",
                    scenario.from, scenario.to
                )),
                bom.currency().to_string(),
            );
            longarm::report::html::render(d, &svg, &info)?
        }
        Format::Csv => longarm::report::csv::render(d)?,
        Format::Text | Format::Json | Format::Dot | Format::Svg => {
            return Err(format!(
                "`--format {}` is not a format of `check` (text, json, html, csv)",
                format.name()
            ));
        }
    };
    crate::cli_import::write_output(&text, output)
}

/// Writes the BOM picture as DOT or SVG.
pub fn bom(
    bom: &Bom,
    item: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), String> {
    let roots: Vec<&str> = item.into_iter().collect();
    let picture = longarm::report::picture(bom, &roots, &[]).map_err(|e| e.to_string())?;
    let text = match format {
        Format::Dot => longarm::report::dot::render(&picture),
        Format::Svg => {
            let title = match item {
                Some(i) => format!("Bill of materials of {i}"),
                None => "Bill of materials".to_owned(),
            };
            longarm::report::svg::render(&picture, &title)
        }
        _ => {
            return Err(format!(
                "`--format {}` is not a format of `bom` (text, json, dot, svg)",
                format.name()
            ));
        }
    };
    crate::cli_import::write_output(&text, output)
}

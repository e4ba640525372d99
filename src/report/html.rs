//! The determination as one self-contained HTML page (`longarm check --format html`): the
//! verdict, each jurisdiction's findings with their citations, numbers, contributing paths and
//! missing facts, the warnings, the receipt, and the BOM picture inline as SVG. No script, no
//! fetch (a Content-Security-Policy forbids them); every user-controlled string is escaped by
//! the template engine (minijinja, auto-escaping HTML); prints cleanly to PDF.

use crate::eval::Determination;
use minijinja::{Environment, Value, context};

const TEMPLATE: &str = include_str!("report.html");

/// What the page says besides the determination.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PageInfo {
    /// The exported item's name.
    pub item_name: Option<String>,
    /// `VN → DE`.
    pub route: Option<String>,
    /// The BOM currency.
    pub currency: String,
}

impl PageInfo {
    /// What the page says besides the determination: the item's name, the route, and the
    /// BOM currency.
    pub fn new(item_name: Option<String>, route: Option<String>, currency: String) -> PageInfo {
        PageInfo {
            item_name,
            route,
            currency,
        }
    }
}

/// A decimal fraction as a percentage (`0.0149333` -> `1.4933%`, four places at most); text
/// that is not a decimal is kept as it is.
fn percent(text: &str) -> String {
    match text
        .parse::<rust_decimal::Decimal>()
        .ok()
        .and_then(|d| d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
    {
        Some(p) => format!("{}%", p.round_dp(4).normalize()),
        None => text.to_owned(),
    }
}

/// Renders the page; `svg` is the BOM picture ([`super::svg::render`]), inserted as is.
///
/// # Errors
/// A template error, as text (a bug, not an input problem).
///
/// # Example
///
/// ```
/// use longarm::report::{contributing_paths, html, picture, svg};
/// use longarm::{RuleSet, Scenario, evaluate};
///
/// let scenario = Scenario::from_path("examples/motor.scenario.json")?;
/// let bom = scenario.load_bom()?;
/// let d = evaluate(&bom, &scenario, &RuleSet::bundled()?)?;
/// let pic = picture(&bom, &[scenario.item.as_str()], &contributing_paths(&d))?;
/// let drawing = svg::render(&pic, "Traction motor 200 kW");
/// let info = html::PageInfo::new(
///     Some("Traction motor 200 kW".to_owned()),
///     Some("VN → DE".to_owned()),
///     bom.currency().to_string(),
/// );
/// let page = html::render(&d, &drawing, &info)?;
/// assert!(page.contains("Licence required"));
/// assert!(page.contains(&drawing));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(d: &Determination, svg: &str, info: &PageInfo) -> Result<String, String> {
    let mut env = Environment::new();
    env.add_filter("percent", |s: String| percent(&s));
    env.add_filter("threshold_percent", |s: String| match s.split_once(' ') {
        Some((op, t)) => format!("{op} {}", percent(t)),
        None => s,
    });
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| e.to_string())?;
    let template = env.get_template("report.html").map_err(|e| e.to_string())?;
    let verdict_label = match d.verdict {
        crate::Verdict::LicenseRequired => "Licence required",
        crate::Verdict::Undetermined => "Undetermined",
        crate::Verdict::NoLicenseRequired => "No licence required",
    };
    let mut page = template
        .render(context! {
            d => Value::from(minijinja::value::Serde(d)),
            verdict_label => verdict_label,
            svg => Value::from_safe_string(svg.to_owned()),
            item_name => info.item_name.clone(),
            route => info.route.clone(),
            currency => info.currency.clone(),
        })
        .map_err(|e| e.to_string())?;
    if !page.ends_with('\n') {
        page.push('\n');
    }
    Ok(page)
}

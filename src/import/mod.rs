//! Importers: BOMs from ERP exports (multi-level CSV/TSV), from PLM systems (CycloneDX 1.6
//! JSON), and material declarations from suppliers (IPC-1752A XML), written as the BOM file of
//! `docs/formats.md`.
//!
//! Every importer reports every problem at once, each with its line and column (or element,
//! or JSON path) in the source file; what it cannot map is listed in the notes, never dropped
//! silently; and what the source leaves unsaid (an origin, a value) stays unsaid in the BOM —
//! absent, so the engine reads it as unknown, never filled with a default. The BOM written is
//! then loaded by the ordinary BOM loader, whose problems (a country written as a name, a
//! malformed export-control code) are reported at the row and column they came from.
//!
//! Output is deterministic: the same input and options give the same bytes.

pub mod csv;
pub mod cyclonedx;
pub mod ipc1752;

use crate::bom::{MadeWith, Material};
use crate::limits::Limits;
use crate::{Bom, Currency};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Where in the source file a fact came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Spot {
    /// The file, when not the one the error names (several declarations merged at once).
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// The column (`column 5 (Comp. Qty)`), element or JSON path, when known.
    pub place: Option<String>,
}

impl Spot {
    /// A line of the file, no finer place.
    pub fn line(line: u64) -> Spot {
        Spot {
            line: Some(line),
            ..Spot::default()
        }
    }

    /// A place (column, element or path) on a line of the file.
    pub fn at(line: u64, place: impl Into<String>) -> Spot {
        Spot {
            line: Some(line),
            place: Some(place.into()),
            file: None,
        }
    }
}

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportProblem {
    /// Where in the source file.
    pub spot: Spot,
    /// What is wrong, in words.
    pub message: String,
}

/// A file that could not be imported, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file imported, when read from one.
    pub file: Option<PathBuf>,
    /// In line order.
    pub problems: Vec<ImportProblem>,
}

impl ImportError {
    pub(crate) fn one(file: Option<PathBuf>, spot: Spot, message: impl Into<String>) -> Self {
        ImportError {
            file,
            problems: vec![ImportProblem {
                spot,
                message: message.into(),
            }],
        }
    }
}

/// Problems listed in full before `Display` summarises the rest.
const SHOWN: usize = 100;

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .file
            .as_ref()
            .map_or_else(|| "<input>".to_owned(), |p| p.display().to_string());
        let count = self.problems.len();
        write!(
            f,
            "{file}: {count} problem{}, nothing imported",
            if count == 1 { "" } else { "s" }
        )?;
        for p in self.problems.iter().take(SHOWN) {
            match &p.spot.file {
                Some(own) => write!(f, "\n{}", own.display())?,
                None => write!(f, "\n{file}")?,
            }
            if let Some(line) = p.spot.line {
                write!(f, ":{line}")?;
            }
            if let Some(place) = &p.spot.place {
                write!(f, ": {place}")?;
            }
            write!(f, ": {}", p.message)?;
        }
        if count > SHOWN {
            write!(f, "\n... and {} more", count.saturating_sub(SHOWN))?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// A BOM imported: its JSON text (a BOM file of `docs/formats.md`) and what the import says
/// about it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The BOM file's text, pretty-printed JSON ending in a newline.
    pub json: String,
    /// The BOM, loaded from `json`.
    pub bom: Bom,
    /// What was not imported or was read in a way the user should know (columns not
    /// imported, properties not mapped, origins taken from a manufacturer's country), one
    /// line each, in a fixed order.
    pub notes: Vec<String>,
}

/// An item being built by an importer. Every field as it will be written.
#[derive(Debug, Clone, Default)]
pub(crate) struct DraftItem {
    pub id: String,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub origin: Option<String>,
    /// The amount and, when not the BOM currency, its currency.
    pub value: Option<(Decimal, Option<String>)>,
    pub classification: BTreeMap<String, String>,
    pub material: Option<Material>,
    pub made_with: Vec<MadeWith>,
    pub components: Vec<(String, Decimal)>,
    pub tags: Vec<String>,
    /// Where the item (key `""`) and each of its fields came from, to report the BOM
    /// loader's problems where the user can fix them.
    pub spots: BTreeMap<&'static str, Spot>,
}

/// A BOM being built by an importer.
#[derive(Debug, Clone, Default)]
pub(crate) struct DraftBom {
    pub currency: String,
    pub fx: BTreeMap<String, Decimal>,
    pub undeclared_material: Option<&'static str>,
    pub items: Vec<DraftItem>,
    /// Where the currency and each rate came from.
    pub currency_spot: Spot,
}

#[derive(Serialize)]
struct OutBom<'a> {
    currency: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fx: BTreeMap<&'a str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assume: Option<OutAssume>,
    items: Vec<OutItem<'a>>,
}

#[derive(Serialize)]
struct OutAssume {
    undeclared_material: &'static str,
}

#[derive(Serialize)]
struct OutItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<OutValue>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    classification: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    material: Option<OutMaterial<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    made_with: Vec<OutMadeWith<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutLine<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutValue {
    Plain(String),
    Money { amount: String, currency: String },
}

#[derive(Serialize)]
struct OutMaterial<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<&'a str>,
    // Absent elements (unknown) and an empty list (none) differ: write the list only when
    // the material declares elements.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    elements: &'a [String],
}

#[derive(Serialize)]
struct OutMadeWith<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    classification: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    process: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct OutLine<'a> {
    item: &'a str,
    quantity: String,
}

impl DraftBom {
    /// The BOM file's text.
    pub(crate) fn to_json(&self) -> Result<String, String> {
        let items = self
            .items
            .iter()
            .map(|i| OutItem {
                id: &i.id,
                name: i.name.as_deref(),
                unit: i.unit.as_deref(),
                origin: i.origin.as_deref(),
                value: i.value.as_ref().map(|(amount, currency)| match currency {
                    Some(c) => OutValue::Money {
                        amount: amount.to_string(),
                        currency: c.clone(),
                    },
                    None => OutValue::Plain(amount.to_string()),
                }),
                classification: &i.classification,
                material: i.material.as_ref().map(|m| OutMaterial {
                    form: m.form.as_deref(),
                    elements: &m.elements,
                }),
                made_with: i
                    .made_with
                    .iter()
                    .map(|m| OutMadeWith {
                        kind: m.kind.as_str(),
                        origin: m.origin.map(|c| c.to_string()),
                        classification: &m.classification,
                        process: m.process.as_deref(),
                        description: m.description.as_deref(),
                    })
                    .collect(),
                components: i
                    .components
                    .iter()
                    .map(|(item, q)| OutLine {
                        item,
                        quantity: q.to_string(),
                    })
                    .collect(),
                tags: &i.tags,
            })
            .collect();
        let out = OutBom {
            currency: &self.currency,
            fx: self
                .fx
                .iter()
                .map(|(c, r)| (c.as_str(), r.to_string()))
                .collect(),
            assume: self.undeclared_material.map(|u| OutAssume {
                undeclared_material: u,
            }),
            items,
        };
        serde_json::to_string_pretty(&out)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())
    }

    /// Writes the BOM, loads it with the BOM loader and reports the loader's problems where
    /// their facts came from. `problems` are the importer's own, reported with them.
    pub(crate) fn finish(
        &self,
        file: Option<PathBuf>,
        mut problems: Vec<ImportProblem>,
        notes: Vec<String>,
        limits: &Limits,
    ) -> Result<Imported, ImportError> {
        let json = self
            .to_json()
            .map_err(|e| ImportError::one(file.clone(), Spot::default(), e))?;
        match Bom::from_json_str_with_limits(&json, limits) {
            Ok(bom) if problems.is_empty() => Ok(Imported { json, bom, notes }),
            Ok(_) => Err(self.sorted(file, problems)),
            Err(e) => {
                for p in e.problems {
                    problems.push(ImportProblem {
                        spot: self.spot_of(&p.path),
                        message: loader_message(&p),
                    });
                }
                Err(self.sorted(file, problems))
            }
        }
    }

    fn sorted(&self, file: Option<PathBuf>, mut problems: Vec<ImportProblem>) -> ImportError {
        problems.sort();
        problems.dedup();
        ImportError { file, problems }
    }

    /// The source spot of a BOM path such as `items[3].origin`.
    fn spot_of(&self, path: &str) -> Spot {
        if path.starts_with("currency") || path.starts_with("fx") {
            return self.currency_spot.clone();
        }
        let Some(rest) = path.strip_prefix("items[") else {
            return Spot::default();
        };
        let Some((index, field)) = rest.split_once(']') else {
            return Spot::default();
        };
        let Some(item) = index.parse::<usize>().ok().and_then(|i| self.items.get(i)) else {
            return Spot::default();
        };
        let field = field
            .trim_start_matches('.')
            .split(['.', '['])
            .next()
            .unwrap_or("");
        item.spots
            .get(field)
            .or_else(|| item.spots.get(""))
            .cloned()
            .unwrap_or_default()
    }
}

/// A BOM loader problem, said in terms of the imported file: the field's name in the BOM
/// format, then the loader's message.
fn loader_message(p: &crate::error::Problem) -> String {
    let field = p.path.split_once("].").map_or(p.path.as_str(), |(_, f)| f);
    if field.is_empty() {
        p.kind.to_string()
    } else {
        format!("{field}: {}", p.kind)
    }
}

/// The BOM currency: the one asked for, else the only one the file uses; `None` (with the
/// problem pushed) when neither says it. `seen` maps each
/// currency written in the file to where it first appears.
pub(crate) fn bom_currency(
    asked: Option<&str>,
    seen: &BTreeMap<String, Spot>,
    problems: &mut Vec<ImportProblem>,
) -> Option<String> {
    if let Some(c) = asked {
        if Currency::parse(c).is_none() {
            problems.push(ImportProblem {
                spot: Spot::default(),
                message: format!(
                    "currency `{c}` is not a currency code (three upper-case letters, e.g. `USD`)"
                ),
            });
        }
        return Some(c.to_owned());
    }
    let mut codes = seen.keys();
    match (codes.next(), codes.next()) {
        (Some(only), None) => Some(only.clone()),
        (None, _) => {
            problems.push(ImportProblem {
                spot: Spot::default(),
                message: "no currency: the file names none; give the BOM currency with `--currency CODE` (the currency its values are in)".to_owned(),
            });
            None
        }
        (Some(_), Some(_)) => {
            let list = seen
                .iter()
                .map(|(c, s)| match s.line {
                    Some(l) => format!("`{c}` (first at line {l})"),
                    None => format!("`{c}`"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(ImportProblem {
                spot: Spot::default(),
                message: format!(
                    "values in several currencies ({list}): choose the BOM currency with `--currency CODE` and give the others' rates with `--fx CODE=RATE`"
                ),
            });
            None
        }
    }
}

/// Rates given as `CODE=RATE` (`EUR=1.08`: one EUR is worth 1.08 units of the BOM currency).
///
/// # Errors
/// Every malformed entry, in one message.
pub fn parse_fx(entries: &[String]) -> Result<BTreeMap<String, Decimal>, String> {
    let mut fx = BTreeMap::new();
    let mut bad = Vec::new();
    for e in entries {
        let parsed = e.split_once('=').and_then(|(c, r)| {
            let c = c.trim();
            Currency::parse(c)?;
            let r = crate::codes::decimal::parse_decimal(r.trim(), false).ok()?;
            (r > Decimal::ZERO).then(|| (c.to_owned(), r))
        });
        match parsed {
            Some((c, r)) => {
                fx.insert(c, r);
            }
            None => bad.push(format!(
                "`--fx {e}`: expected CODE=RATE with a rate greater than 0, e.g. `EUR=1.08`"
            )),
        }
    }
    if bad.is_empty() {
        Ok(fx)
    } else {
        Err(bad.join("\n"))
    }
}

/// Checks that every currency a value is written in has a rate, naming where it first
/// appears.
pub(crate) fn check_rates(draft: &DraftBom, problems: &mut Vec<ImportProblem>) {
    let mut missing: BTreeMap<&str, Spot> = BTreeMap::new();
    for item in &draft.items {
        if let Some((_, Some(c))) = &item.value
            && c != &draft.currency
            && !draft.fx.contains_key(c)
        {
            missing
                .entry(c.as_str())
                .or_insert_with(|| item.spots.get("value").cloned().unwrap_or_default());
        }
    }
    for (c, spot) in missing {
        problems.push(ImportProblem {
            spot,
            message: format!(
                "a value in `{c}` and no rate to the BOM currency `{}`: give it with `--fx {c}=RATE` (units of {} one {c} is worth)",
                draft.currency, draft.currency
            ),
        });
    }
}

/// The value's currency as the BOM writes it: `None` for the BOM currency.
pub(crate) fn value_currency(currency: Option<String>, bom: &str) -> Option<String> {
    currency.filter(|c| c != bom)
}

/// Splits an element list (`Nd;Fe;B`, `Nd, Fe, B`, `Nd Fe B`) into symbols as written.
pub(crate) fn split_elements(text: &str) -> Vec<String> {
    text.split([';', ',', ' ', '/', '|', '+'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A decimal as written in an imported file: `1234.56`, or with `decimal_comma`, `1.234,56`
/// or `1234,56` (dots then group thousands). Surrounding spaces are ignored. Never guessed:
/// without the option, a comma is an error that says which option reads it.
pub(crate) fn parse_number(text: &str, decimal_comma: bool) -> Result<Decimal, String> {
    let t = text.trim();
    let plain = if decimal_comma {
        let (int, frac) = match t.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => (t, None),
        };
        if frac.is_some_and(|f| f.contains(',')) {
            return Err(format!("`{t}` has more than one decimal comma"));
        }
        let digits = int.strip_prefix(['-', '+']).unwrap_or(int);
        if digits.contains('.') {
            let mut groups = digits.split('.');
            let first = groups.next().unwrap_or("");
            let ok = (1..=3).contains(&first.len())
                && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(format!(
                    "`{t}`: with decimal commas a dot groups thousands (`1.234,56`); this one does not"
                ));
            }
        }
        let int = int.replace('.', "");
        match frac {
            Some(f) => format!("{int}.{f}"),
            None => int,
        }
    } else {
        if t.contains(',') {
            return Err(format!(
                "`{t}` contains a comma: numbers are read with a decimal point and no thousands separators; for decimal commas (`1.234,56`) give `--decimal-comma`"
            ));
        }
        t.to_owned()
    };
    crate::codes::decimal::parse_decimal(&plain, false).map_err(|e| match e {
        crate::codes::decimal::DecimalError::Malformed => {
            format!("`{t}` is not a number")
        }
        crate::codes::decimal::DecimalError::OutOfRange => {
            format!("`{t}` cannot be held exactly (more than 28 significant digits)")
        }
    })
}

/// `a / b` when the quotient is exact (its product with `b` gives `a` back).
pub(crate) fn div_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let q = a.checked_div(b)?;
    (crate::codes::decimal::mul_exact(q, b)? == a).then_some(q)
}

/// Words a file writes for "not known" in a cell: they leave the fact out (unknown).
pub(crate) fn is_unknown(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || crate::doc::read::is_unknown_marker(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_and_commas_explicit() {
        assert_eq!(
            parse_number("1234.56", false),
            Ok("1234.56".parse().unwrap())
        );
        assert!(
            parse_number("1,234.56", false)
                .unwrap_err()
                .contains("--decimal-comma")
        );
        assert_eq!(
            parse_number("1.234,56", true),
            Ok("1234.56".parse().unwrap())
        );
        assert_eq!(parse_number("0,04", true), Ok("0.04".parse().unwrap()));
        assert!(parse_number("1.23,4", true).is_err());
        assert!(parse_number("abc", false).is_err());
        assert!(parse_number("", false).is_err());
        assert!(parse_number("1e3", false).is_err());
    }

    #[test]
    fn exact_division() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(div_exact(d("40"), d("1000")), Some(d("0.04")));
        assert_eq!(div_exact(d("1"), d("3")), None);
    }
}

//! Multi-level BOM exports from an ERP (SAP CS12/CS11, Oracle, a generic indented BOM) as
//! CSV or TSV: one row per BOM line, with a level column (`0`, `1`, `2`, or SAP's `.1`,
//! `..2`); each row's parent is the nearest row above it one level up.
//!
//! The same sub-assembly under several parents becomes one item when its rows agree (its
//! facts, and the lines listed under it); rows that conflict are an error naming both.
//! Columns are found by their headers (defaults for the common ones, or a mapping file);
//! headers not imported are listed in the notes.

use super::{DraftBom, DraftItem, ImportError, ImportProblem, Imported, Spot, parse_number};
use crate::bom::Material;
use crate::limits::Limits;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A column the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The BOM level: `0`, `1`, `2`, or SAP's `.1`, `..2`. Required.
    Level,
    /// The item (component, material or part) number. Required.
    Id,
    /// The item's description.
    Name,
    /// The quantity of the line, in the row's unit, per base quantity of the parent. Required
    /// on every row below level 0; never read as 0 or 1 when missing.
    Quantity,
    /// The unit of measure; common units are converted to kg, m, l or pieces (`G` to kg).
    Unit,
    /// The item's country of origin.
    Origin,
    /// The item's value per price unit of the row's unit, in the row's currency.
    Value,
    /// The currency of the value.
    Currency,
    /// How many units the value is for (SAP's price unit); default 1.
    PriceUnit,
    /// How many units of the parent the line's quantity is for; default 1.
    BaseQuantity,
    /// The US classification (ECCN), read under `US`.
    Eccn,
    /// The tariff code, read under `HS`.
    Hs,
    /// The Chinese export-control code, read under `CN`.
    CnCode,
    /// The material form, e.g. `magnet`.
    Form,
    /// The material's element symbols, separated by `;`, `,`, spaces, `/`, `|` or `+`.
    Elements,
    /// Item tags, separated as the elements are.
    Tags,
}

impl Field {
    /// Every field, in the order columns are reported.
    pub const ALL: [Field; 16] = [
        Field::Level,
        Field::Id,
        Field::Name,
        Field::Quantity,
        Field::Unit,
        Field::Origin,
        Field::Value,
        Field::Currency,
        Field::PriceUnit,
        Field::BaseQuantity,
        Field::Eccn,
        Field::Hs,
        Field::CnCode,
        Field::Form,
        Field::Elements,
        Field::Tags,
    ];

    /// The key of the field in a mapping file's `[columns]` table.
    pub fn key(self) -> &'static str {
        match self {
            Field::Level => "level",
            Field::Id => "id",
            Field::Name => "name",
            Field::Quantity => "quantity",
            Field::Unit => "unit",
            Field::Origin => "origin",
            Field::Value => "value",
            Field::Currency => "currency",
            Field::PriceUnit => "price_unit",
            Field::BaseQuantity => "base_quantity",
            Field::Eccn => "eccn",
            Field::Hs => "hs",
            Field::CnCode => "cn_classification",
            Field::Form => "form",
            Field::Elements => "elements",
            Field::Tags => "tags",
        }
    }

    /// Headers recognised without a mapping file, compared lower-case with everything but
    /// letters and digits removed (`Comp. Qty` is `compqty`), best first: where a file has
    /// several, the first listed wins and the others are reported as not imported.
    pub fn default_headers(self) -> &'static [&'static str] {
        match self {
            Field::Level => &[
                "level",
                "bomlevel",
                "explosionlevel",
                "explevel",
                "lvl",
                "indentlevel",
            ],
            Field::Id => &[
                "componentnumber",
                "componentmaterialnumber",
                "materialnumber",
                "component",
                "material",
                "partnumber",
                "partno",
                "itemnumber",
                "itemno",
                "part",
                "item",
            ],
            Field::Name => &[
                "description",
                "objectdescription",
                "componentdescription",
                "materialdescription",
                "itemdescription",
                "partdescription",
                "name",
            ],
            Field::Quantity => &[
                "quantity",
                "compqty",
                "componentquantity",
                "qty",
                "quantityper",
                "qtyper",
            ],
            Field::Unit => &[
                "uom",
                "unitofmeasure",
                "componentunit",
                "compunit",
                "un",
                "bun",
                "baseunit",
                "unit",
            ],
            Field::Origin => &["countryoforigin", "origin", "coo", "origincountry"],
            Field::Value => &[
                "unitvalue",
                "unitprice",
                "price",
                "value",
                "standardprice",
                "unitcost",
                "cost",
            ],
            Field::Currency => &["currency", "curr", "crcy", "currencykey"],
            Field::PriceUnit => &["priceunit", "priceper", "per"],
            Field::BaseQuantity => &["basequantity", "baseqty"],
            Field::Eccn => &["eccn", "useccn"],
            Field::Hs => &[
                "hs",
                "hts",
                "hscode",
                "htscode",
                "htsnumber",
                "tariffcode",
                "commoditycode",
            ],
            Field::CnCode => &["cnclassification", "cncontrolcode", "cneccn"],
            Field::Form => &["materialform", "form"],
            Field::Elements => &["elements", "materialelements"],
            Field::Tags => &["tags"],
        }
    }
}

/// A header compared without case, spaces or punctuation.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A mapping file (`--map MAP.toml`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// The field separator: `,`, `;`, `\t` or `|` (default: guessed from the header line).
    pub delimiter: Option<String>,
    /// Numbers use decimal commas (`1.234,56`).
    #[serde(default)]
    pub decimal_comma: bool,
    /// The BOM currency.
    pub currency: Option<String>,
    /// Rates to the BOM currency, `EUR = "1.08"`.
    #[serde(default)]
    pub fx: BTreeMap<String, String>,
    /// Field -> the file's header for it.
    #[serde(default)]
    pub columns: Columns,
}

/// The `[columns]` table of a mapping file.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The header of the [`Field::Level`] column.
    pub level: Option<String>,
    /// The header of the [`Field::Id`] column.
    pub id: Option<String>,
    /// The header of the [`Field::Name`] column.
    pub name: Option<String>,
    /// The header of the [`Field::Quantity`] column.
    pub quantity: Option<String>,
    /// The header of the [`Field::Unit`] column.
    pub unit: Option<String>,
    /// The header of the [`Field::Origin`] column.
    pub origin: Option<String>,
    /// The header of the [`Field::Value`] column.
    pub value: Option<String>,
    /// The header of the [`Field::Currency`] column.
    pub currency: Option<String>,
    /// The header of the [`Field::PriceUnit`] column.
    pub price_unit: Option<String>,
    /// The header of the [`Field::BaseQuantity`] column.
    pub base_quantity: Option<String>,
    /// The header of the [`Field::Eccn`] column.
    pub eccn: Option<String>,
    /// The header of the [`Field::Hs`] column.
    pub hs: Option<String>,
    /// The header of the [`Field::CnCode`] column.
    pub cn_classification: Option<String>,
    /// The header of the [`Field::Form`] column.
    pub form: Option<String>,
    /// The header of the [`Field::Elements`] column.
    pub elements: Option<String>,
    /// The header of the [`Field::Tags`] column.
    pub tags: Option<String>,
    /// Headers known and deliberately not imported: not listed in the notes.
    #[serde(default)]
    pub ignore: Vec<String>,
}

impl Columns {
    fn get(&self, f: Field) -> Option<&str> {
        match f {
            Field::Level => self.level.as_deref(),
            Field::Id => self.id.as_deref(),
            Field::Name => self.name.as_deref(),
            Field::Quantity => self.quantity.as_deref(),
            Field::Unit => self.unit.as_deref(),
            Field::Origin => self.origin.as_deref(),
            Field::Value => self.value.as_deref(),
            Field::Currency => self.currency.as_deref(),
            Field::PriceUnit => self.price_unit.as_deref(),
            Field::BaseQuantity => self.base_quantity.as_deref(),
            Field::Eccn => self.eccn.as_deref(),
            Field::Hs => self.hs.as_deref(),
            Field::CnCode => self.cn_classification.as_deref(),
            Field::Form => self.form.as_deref(),
            Field::Elements => self.elements.as_deref(),
            Field::Tags => self.tags.as_deref(),
        }
    }
}

impl MapFile {
    /// Reads a mapping file.
    ///
    /// # Errors
    /// The file's problem (unreadable, not TOML, an unknown key), naming it.
    pub fn from_path(path: &Path, limits: &Limits) -> Result<MapFile, String> {
        let text = crate::limits::read_text_limited(path, limits.input_bytes)
            .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// How to read a CSV export.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CsvOptions {
    /// The mapping file's settings (default: none, headers recognised by name).
    pub map: MapFile,
    /// Numbers use decimal commas (also `decimal_comma` in the mapping file).
    pub decimal_comma: bool,
    /// The field separator (default: the mapping file's, else guessed from the header).
    pub delimiter: Option<u8>,
    /// The BOM currency (default: the mapping file's, else the only one the file uses).
    pub currency: Option<String>,
    /// Rates, `EUR -> 1.08` (added to the mapping file's).
    pub fx: BTreeMap<String, Decimal>,
}

/// Units of measure converted to one unit per dimension: (unit written, canonical unit,
/// canonical units per unit written). Compared without case.
const UNITS: &[(&str, &str, &str)] = &[
    ("kg", "kg", "1"),
    ("g", "kg", "0.001"),
    ("mg", "kg", "0.000001"),
    ("t", "kg", "1000"),
    ("to", "kg", "1000"),
    ("lb", "kg", "0.45359237"),
    ("m", "m", "1"),
    ("mm", "m", "0.001"),
    ("cm", "m", "0.01"),
    ("km", "m", "1000"),
    ("l", "l", "1"),
    ("ml", "l", "0.001"),
    ("pc", "pc", "1"),
    ("pcs", "pc", "1"),
    ("ea", "pc", "1"),
    ("each", "pc", "1"),
    ("st", "pc", "1"),
    ("stk", "pc", "1"),
    ("pce", "pc", "1"),
    ("piece", "pc", "1"),
    ("pieces", "pc", "1"),
];

/// The canonical unit of a unit written, and how many of it one written unit is. A unit not
/// in the table is kept as written (factor 1).
fn canonical_unit(unit: &str) -> (String, Decimal) {
    let lower = unit.trim().to_ascii_lowercase();
    UNITS
        .iter()
        .find(|(u, _, _)| *u == lower)
        .and_then(|(_, c, f)| f.parse().ok().map(|f| ((*c).to_owned(), f)))
        .unwrap_or_else(|| (unit.trim().to_owned(), Decimal::ONE))
}

/// A parsed level: `2`, `.1`, `..2`.
fn parse_level(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let dots = t.bytes().take_while(|&b| b == b'.').count();
    let digits = t.get(dots..).unwrap_or("");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "level `{t}` is not a level (`0`, `1`, `2`, or `.1`, `..2`)"
        ));
    }
    let level: usize = digits
        .parse()
        .map_err(|_| format!("level `{t}` is too large"))?;
    if dots > 0 && dots != level {
        return Err(format!(
            "level `{t}` has {dots} dot(s) for level {level}: they should agree"
        ));
    }
    Ok(level)
}

/// The field separator: the most frequent of tab, `;`, `,` and `|` on the header line (in
/// that order on a tie).
fn guess_delimiter(header: &str) -> u8 {
    let mut best = (0usize, b',');
    for d in [b'\t', b';', b',', b'|'] {
        let n = header.bytes().filter(|&b| b == d).count();
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

/// A row listing an item: its line, and the component lines listed under it.
type Occurrence = (u64, Vec<(String, Decimal)>);

/// One row's facts about its item, as read.
#[derive(Debug, Clone, Default)]
struct RowFacts {
    name: Option<String>,
    unit: Option<String>,
    origin: Option<String>,
    value: Option<(Decimal, Option<String>)>,
    classification: BTreeMap<String, String>,
    form: Option<String>,
    elements: Option<Vec<String>>,
    tags: Vec<String>,
}

/// Imports a multi-level BOM export. `file` names the file in problems.
///
/// # Errors
/// Every problem found, each with its line and column.
///
/// # Example
///
/// An SAP CS12 explosion with `;` separators and decimal commas, read with a mapping file:
///
/// ```
/// use longarm::import::csv::{CsvOptions, MapFile, import};
/// use longarm::limits::Limits;
/// use std::path::Path;
///
/// let limits = Limits::default();
/// let mut options = CsvOptions::default();
/// options.map = MapFile::from_path(Path::new("examples/erp/sap-cs12.map.toml"), &limits)?;
/// let text = std::fs::read_to_string("examples/erp/motor-cs12.csv")?;
/// let imported = import(&text, None, &options, &limits)?;
///
/// // `1.600 G` of magnet at `60,00` USD per `1.000 G`: 1.6 kg at 60 USD per kg.
/// let magnet = imported.bom.item("MAG-DY").expect("imported");
/// assert_eq!(magnet.unit.as_deref(), Some("kg"));
/// assert_eq!(magnet.unit_value, Some(longarm::Decimal::from(60)));
/// // The BOM file written, as `longarm import csv` writes it.
/// let expected = std::fs::read_to_string("examples/erp/motor-cs12.bom.json")?;
/// assert_eq!(imported.json, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import(
    text: &str,
    file: Option<PathBuf>,
    options: &CsvOptions,
    limits: &Limits,
) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = match (options.delimiter, options.map.delimiter.as_deref()) {
        (Some(d), _) => d,
        (None, Some("\\t" | "tab" | "\t")) => b'\t',
        (None, Some(d)) if d.len() == 1 => d.bytes().next().unwrap_or(b','),
        (None, Some(d)) => {
            return Err(ImportError::one(
                file,
                Spot::default(),
                format!("delimiter `{d}` in the mapping file: expected one character, or `\\t`"),
            ));
        }
        (None, None) => guess_delimiter(header_line),
    };
    let decimal_comma = options.decimal_comma || options.map.decimal_comma;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(ImportError::one(file, Spot::line(1), e.to_string())),
        None => {
            return Err(ImportError::one(
                file,
                Spot::default(),
                "the file is empty: expected a header line, then one row per BOM line",
            ));
        }
    };
    let mut problems: Vec<ImportProblem> = Vec::new();
    let mut notes = Vec::new();

    // Columns: the mapping file's, then the defaults.
    let headers: Vec<(String, String)> = header
        .iter()
        .map(|h| (h.trim().to_owned(), normalise(h)))
        .collect();
    let mut column: HashMap<Field, usize> = HashMap::new();
    let mut used = vec![false; headers.len()];
    for f in Field::ALL {
        if let Some(wanted) = options.map.columns.get(f) {
            let w = normalise(wanted);
            match headers.iter().position(|(_, n)| *n == w) {
                Some(i) => {
                    column.insert(f, i);
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                }
                None => problems.push(ImportProblem {
                    spot: Spot::line(1),
                    message: format!(
                        "the mapping file maps `{}` to the column `{wanted}`, which the header does not have (it has {})",
                        f.key(),
                        headers
                            .iter()
                            .map(|(h, _)| format!("`{h}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            }
        }
    }
    for f in Field::ALL {
        if column.contains_key(&f) || options.map.columns.get(f).is_some() {
            continue;
        }
        for candidate in f.default_headers() {
            if let Some(i) = headers
                .iter()
                .enumerate()
                .position(|(i, (_, n))| n == candidate && !used.get(i).copied().unwrap_or(true))
            {
                column.insert(f, i);
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                break;
            }
        }
    }
    for required in [Field::Level, Field::Id, Field::Quantity] {
        if !column.contains_key(&required) {
            problems.push(ImportProblem {
                spot: Spot::line(1),
                message: format!(
                    "no `{}` column: the header has {}; name it in a mapping file (`[columns] {} = \"...\"`)",
                    required.key(),
                    headers
                        .iter()
                        .map(|(h, _)| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    required.key()
                ),
            });
        }
    }
    let ignored: Vec<String> = options
        .map
        .columns
        .ignore
        .iter()
        .map(|h| normalise(h))
        .collect();
    let unknown: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|(i, (_, n))| !used.get(*i).copied().unwrap_or(true) && !ignored.contains(n))
        .map(|(i, (h, _))| format!("`{h}` (column {})", i.saturating_add(1)))
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "columns not imported: {} (map them in a mapping file's `[columns]`, or list them in its `ignore`)",
            unknown.join(", ")
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError { file, problems });
    }
    let col = |f: Field| column.get(&f).copied();
    let place = |f: Field| {
        col(f).map(|i| {
            let h = headers.get(i).map_or("", |(h, _)| h.as_str());
            format!("column {} ({h})", i.saturating_add(1))
        })
    };

    let mut draft = DraftBom::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Per item: the facts of the row that first set each, with that row's line.
    let mut first: Vec<(u64, RowFacts)> = Vec::new();
    // Per item and per row listing it: the row's line and the lines listed under it.
    let mut occurrences: Vec<Vec<Occurrence>> = Vec::new();
    // The open ancestors: (level, item index, occurrence index).
    let mut stack: Vec<(usize, usize, usize)> = Vec::new();
    let mut currencies: BTreeMap<String, Spot> = BTreeMap::new();
    let mut rows = 0usize;
    let width = headers.len();

    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(ImportProblem {
                    spot: Spot::line(line),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows = rows.saturating_add(1);
        if record.len() != width {
            problems.push(ImportProblem {
                spot: Spot::line(line),
                message: format!("{} fields, the header has {width}", record.len()),
            });
            continue;
        }
        let cell = |f: Field| {
            col(f)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let at = |f: Field| Spot {
            line: Some(line),
            place: place(f),
            file: None,
        };
        let bad = |f: Field, message: String, problems: &mut Vec<ImportProblem>| {
            problems.push(ImportProblem {
                spot: at(f),
                message,
            });
        };

        let level = match parse_level(cell(Field::Level)) {
            Ok(l) => l,
            Err(m) => {
                bad(Field::Level, m, &mut problems);
                // Its children cannot be placed either: drop the open ancestors.
                stack.clear();
                continue;
            }
        };
        let id = cell(Field::Id).to_owned();
        if id.is_empty() {
            bad(Field::Id, "no item number".to_owned(), &mut problems);
            stack.clear();
            continue;
        }

        // Unit and its conversion.
        let unit_text = cell(Field::Unit);
        let (unit, factor) = if unit_text.is_empty() {
            (None, Decimal::ONE)
        } else {
            let (u, f) = canonical_unit(unit_text);
            (Some(u), f)
        };
        let mut facts = RowFacts {
            unit: unit.clone().filter(|u| u != "pc"),
            ..RowFacts::default()
        };
        let name = cell(Field::Name);
        if !name.is_empty() {
            facts.name = Some(name.to_owned());
        }
        let origin = cell(Field::Origin);
        if !super::is_unknown(origin) {
            facts.origin = Some(origin.to_owned());
        }
        // The value: per `price unit` units of the row's unit, in the row's currency.
        let value_text = cell(Field::Value);
        let currency = cell(Field::Currency);
        if !currency.is_empty() && !super::is_unknown(currency) {
            currencies
                .entry(currency.to_owned())
                .or_insert_with(|| at(Field::Currency));
        }
        if !super::is_unknown(value_text) {
            match parse_number(value_text, decimal_comma) {
                Ok(v) if v < Decimal::ZERO => bad(
                    Field::Value,
                    format!("value `{value_text}` is negative"),
                    &mut problems,
                ),
                Ok(v) => {
                    let per = match cell(Field::PriceUnit) {
                        "" => Ok(Decimal::ONE),
                        p => parse_number(p, decimal_comma).and_then(|p| {
                            if p > Decimal::ZERO {
                                Ok(p)
                            } else {
                                Err(format!("price unit `{p}` is not greater than 0"))
                            }
                        }),
                    };
                    match per {
                        Err(m) => bad(Field::PriceUnit, m, &mut problems),
                        Ok(per) => {
                            // Per canonical unit: value / per / factor.
                            let per_unit = per.checked_mul(factor).and_then(|d| {
                                if d == Decimal::ONE {
                                    Some(v)
                                } else {
                                    super::div_exact(v, d).map(|q| q.normalize())
                                }
                            });
                            match per_unit {
                                Some(pv) => {
                                    facts.value = Some((
                                        pv,
                                        (!currency.is_empty()).then(|| currency.to_owned()),
                                    ));
                                }
                                None => bad(
                                    Field::Value,
                                    format!(
                                        "value `{value_text}` per {per} {} cannot be converted to a value per {} exactly",
                                        unit_text,
                                        unit.as_deref().unwrap_or("unit")
                                    ),
                                    &mut problems,
                                ),
                            }
                        }
                    }
                }
                Err(m) => bad(Field::Value, m, &mut problems),
            }
        }
        for (f, jurisdiction) in [
            (Field::Eccn, "US"),
            (Field::Hs, "HS"),
            (Field::CnCode, "CN"),
        ] {
            let c = cell(f);
            if !super::is_unknown(c) {
                facts
                    .classification
                    .insert(jurisdiction.to_owned(), c.to_owned());
            }
        }
        let form = cell(Field::Form);
        if !super::is_unknown(form) {
            facts.form = Some(form.to_owned());
        }
        let elements = cell(Field::Elements);
        if !super::is_unknown(elements) {
            facts.elements = Some(super::split_elements(elements));
        }
        let tags = cell(Field::Tags);
        if !tags.is_empty() {
            facts.tags = super::split_elements(tags);
        }

        // The quantity of the line, in the item's canonical unit, per base quantity of the
        // parent.
        let quantity = if level == 0 {
            None
        } else {
            let q = cell(Field::Quantity);
            let parsed = if q.is_empty() {
                Err("no quantity: a BOM line needs one (it is never read as 0 or 1)".to_owned())
            } else {
                parse_number(q, decimal_comma)
            };
            let base = match cell(Field::BaseQuantity) {
                "" => Ok(Decimal::ONE),
                b => parse_number(b, decimal_comma),
            };
            match (parsed, base) {
                (Ok(q), _) if q <= Decimal::ZERO => {
                    bad(
                        Field::Quantity,
                        format!("quantity `{q}` is not greater than 0"),
                        &mut problems,
                    );
                    None
                }
                (Ok(_), Ok(b)) if b <= Decimal::ZERO => {
                    bad(
                        Field::BaseQuantity,
                        format!("base quantity `{b}` is not greater than 0"),
                        &mut problems,
                    );
                    None
                }
                (Ok(q), Ok(b)) => {
                    let converted = if factor == Decimal::ONE && b == Decimal::ONE {
                        Some(q)
                    } else {
                        crate::codes::decimal::mul_exact(q, factor)
                            .and_then(|q| super::div_exact(q, b))
                            .map(|c| c.normalize())
                    };
                    if converted.is_none() {
                        bad(
                            Field::Quantity,
                            format!(
                                "quantity `{q}` {unit_text} per {b} cannot be held exactly in {}",
                                unit.as_deref().unwrap_or("units")
                            ),
                            &mut problems,
                        );
                    }
                    converted
                }
                (Err(m), _) => {
                    bad(Field::Quantity, m, &mut problems);
                    None
                }
                (_, Err(m)) => {
                    bad(Field::BaseQuantity, m, &mut problems);
                    None
                }
            }
        };

        // The parent: the nearest open row one level up.
        while stack.last().is_some_and(|&(l, _, _)| l >= level) {
            stack.pop();
        }
        let parent = match stack.last() {
            Some(&(l, p, o)) if l.saturating_add(1) == level => Some((p, o)),
            Some(&(l, _, _)) => {
                bad(
                    Field::Level,
                    format!(
                        "level {level} under a row of level {l}: a level was skipped, so its parent is not known"
                    ),
                    &mut problems,
                );
                stack.clear();
                continue;
            }
            None if level <= 1 => None,
            None => {
                bad(
                    Field::Level,
                    format!(
                        "level {level} with no row of level {} above it: its parent is not known",
                        level.saturating_sub(1)
                    ),
                    &mut problems,
                );
                continue;
            }
        };

        // The item: new, or merged with its earlier rows.
        let item_index = match index.get(&id) {
            Some(&i) => {
                if let Some((first_line, earlier)) = first.get_mut(i) {
                    merge(
                        earlier,
                        *first_line,
                        &facts,
                        line,
                        &id,
                        &place,
                        &mut problems,
                    );
                }
                i
            }
            None => {
                let i = draft.items.len();
                index.insert(id.clone(), i);
                let mut spots = BTreeMap::new();
                spots.insert("", at(Field::Id));
                spots.insert("id", at(Field::Id));
                spots.insert("name", at(Field::Name));
                spots.insert("unit", at(Field::Unit));
                spots.insert("origin", at(Field::Origin));
                spots.insert("value", at(Field::Value));
                spots.insert("material", at(Field::Elements));
                spots.insert("tags", at(Field::Tags));
                spots.insert("components", at(Field::Id));
                // Classification problems name the first code column present.
                let class_field = [Field::Eccn, Field::Hs, Field::CnCode]
                    .into_iter()
                    .find(|f| !cell(*f).is_empty())
                    .unwrap_or(Field::Eccn);
                spots.insert("classification", at(class_field));
                if facts.elements.is_none() && facts.form.is_some() {
                    spots.insert("material", at(Field::Form));
                }
                draft.items.push(DraftItem {
                    id: id.clone(),
                    spots,
                    ..DraftItem::default()
                });
                first.push((line, facts));
                occurrences.push(Vec::new());
                i
            }
        };
        let occurrence = occurrences.get(item_index).map_or(0, Vec::len);
        if let Some(o) = occurrences.get_mut(item_index) {
            o.push((line, Vec::new()));
        }
        if let (Some((p, o)), Some(q)) = (parent, quantity)
            && let Some(lines) = occurrences.get_mut(p).and_then(|v| v.get_mut(o))
        {
            lines.1.push((id.clone(), q));
        }
        stack.push((level, item_index, occurrence));
    }

    // Components: from the first row of each item that lists any; every other row that
    // lists some must list the same.
    for (i, occ) in occurrences.iter().enumerate() {
        let mut listed = occ.iter().filter(|(_, lines)| !lines.is_empty());
        let Some((first_line, lines)) = listed.next() else {
            continue;
        };
        let sorted = |l: &[(String, Decimal)]| {
            let mut l = l.to_vec();
            l.sort();
            l
        };
        let reference = sorted(lines);
        let id = draft.items.get(i).map(|d| d.id.clone()).unwrap_or_default();
        for (line, other) in listed {
            if sorted(other) != reference {
                problems.push(ImportProblem {
                    spot: Spot::at(*line, place(Field::Id).unwrap_or_default()),
                    message: format!(
                        "`{id}` is listed here with other components than at line {first_line} ({}; there: {}): a sub-assembly repeated under several parents must have the same lines",
                        show_lines(other),
                        show_lines(lines)
                    ),
                });
            }
        }
        if let Some(item) = draft.items.get_mut(i) {
            item.components = lines.clone();
        }
    }

    // Currency and rates.
    let asked = options
        .currency
        .clone()
        .or_else(|| options.map.currency.clone());
    let Some(currency) = super::bom_currency(asked.as_deref(), &currencies, &mut problems) else {
        problems.sort();
        return Err(ImportError { file, problems });
    };
    draft.currency = currency;
    draft.currency_spot = currencies.values().next().cloned().unwrap_or_default();
    for (c, r) in &options.map.fx {
        match parse_number(r, false) {
            Ok(r) => {
                draft.fx.insert(c.clone(), r);
            }
            Err(m) => problems.push(ImportProblem {
                spot: Spot::default(),
                message: format!("the mapping file's rate for `{c}`: {m}"),
            }),
        }
    }
    draft.fx.extend(options.fx.clone());
    draft.fx.remove(&draft.currency);

    // The facts of each item.
    for (item, (_, facts)) in draft.items.iter_mut().zip(first) {
        item.name = facts.name;
        item.unit = facts.unit;
        item.origin = facts.origin;
        item.value = facts
            .value
            .map(|(v, c)| (v, super::value_currency(c, &draft.currency)));
        item.classification = facts.classification;
        item.material = match (facts.form, facts.elements) {
            (None, None) => None,
            (form, elements) => Some(Material {
                form,
                elements: elements.unwrap_or_default(),
            }),
        };
        item.tags = facts.tags;
    }
    super::check_rates(&draft, &mut problems);

    let roots = draft
        .items
        .iter()
        .zip(&occurrences)
        .filter(|(_, o)| o.is_empty())
        .count();
    let _ = roots;
    let lines: usize = draft.items.iter().map(|i| i.components.len()).sum();
    notes.insert(
        0,
        format!(
            "read {rows} rows: {} items, {lines} component lines",
            draft.items.len()
        ),
    );
    draft.finish(file, problems, notes, limits)
}

fn show_lines(lines: &[(String, Decimal)]) -> String {
    if lines.is_empty() {
        return "none".to_owned();
    }
    lines
        .iter()
        .map(|(id, q)| format!("{q} x `{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Merges a later row's facts about an item into the first row's: a fact the first rows
/// left out is taken; a fact that differs is an error naming both rows.
fn merge(
    earlier: &mut RowFacts,
    first_line: u64,
    later: &RowFacts,
    line: u64,
    id: &str,
    place: &dyn Fn(Field) -> Option<String>,
    problems: &mut Vec<ImportProblem>,
) {
    let mut conflict = |f: Field, what: &str, here: String, there: String| {
        problems.push(ImportProblem {
            spot: Spot {
                line: Some(line),
                place: place(f),
                file: None,
            },
            message: format!(
                "`{id}` has {what} {here} here and {there} at line {first_line}: rows for the same item must agree"
            ),
        });
    };
    fn take<T: Clone + PartialEq>(earlier: &mut Option<T>, later: &Option<T>) -> Option<(T, T)> {
        match (earlier.as_ref(), later) {
            (None, Some(l)) => {
                *earlier = Some(l.clone());
                None
            }
            (Some(e), Some(l)) if e != l => Some((l.clone(), e.clone())),
            _ => None,
        }
    }
    let q = |s: &str| format!("`{s}`");
    if let Some((h, t)) = take(&mut earlier.name, &later.name) {
        conflict(Field::Name, "the name", q(&h), q(&t));
    }
    if let Some((h, t)) = take(&mut earlier.unit, &later.unit) {
        conflict(Field::Unit, "the unit", q(&h), q(&t));
    }
    if let Some((h, t)) = take(&mut earlier.origin, &later.origin) {
        conflict(Field::Origin, "the origin", q(&h), q(&t));
    }
    let money = |(v, c): (Decimal, Option<String>)| match c {
        Some(c) => format!("`{v} {c}`"),
        None => format!("`{v}`"),
    };
    if let Some((h, t)) = take(&mut earlier.value, &later.value) {
        conflict(Field::Value, "the value", money(h), money(t));
    }
    if let Some((h, t)) = take(&mut earlier.form, &later.form) {
        conflict(Field::Form, "the material form", q(&h), q(&t));
    }
    if let Some((h, t)) = take(&mut earlier.elements, &later.elements) {
        conflict(
            Field::Elements,
            "the elements",
            q(&h.join(", ")),
            q(&t.join(", ")),
        );
    }
    for (j, code) in &later.classification {
        match earlier.classification.get(j) {
            None => {
                earlier.classification.insert(j.clone(), code.clone());
            }
            Some(e) if e != code => {
                let f = match j.as_str() {
                    "US" => Field::Eccn,
                    "HS" => Field::Hs,
                    _ => Field::CnCode,
                };
                conflict(f, &format!("the {j} code"), q(code), q(e));
            }
            Some(_) => {}
        }
    }
    if earlier.tags.is_empty() {
        earlier.tags = later.tags.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(parse_level("0"), Ok(0));
        assert_eq!(parse_level(".1"), Ok(1));
        assert_eq!(parse_level("..2"), Ok(2));
        assert!(parse_level(".2").is_err());
        assert!(parse_level("x").is_err());
        assert!(parse_level("").is_err());
    }

    #[test]
    fn units() {
        assert_eq!(
            canonical_unit("G"),
            ("kg".to_owned(), "0.001".parse().unwrap())
        );
        assert_eq!(canonical_unit("box"), ("box".to_owned(), Decimal::ONE));
        assert_eq!(guess_delimiter("a;b;c"), b';');
        assert_eq!(guess_delimiter("a\tb,c\td"), b'\t');
    }
}

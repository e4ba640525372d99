//! IPC-1752A material declarations (XML, class C or D) merged into a BOM by part number.
//!
//! Each `Product`'s `ProductID/@itemNumber` names a BOM item; the substances of its
//! homogeneous materials (`Substance` with `SubstanceID/@identity`, `@authority="CAS"`) are
//! mapped to chemical elements by CAS number (the rare earths, the critical minerals the
//! packs read, and their common oxides and compounds) and added to the item's
//! `material.elements`, so the rules that read elements see them. A declaration names no
//! material form and no value: the form stays as the BOM says (absent: unknown), and the mass
//! of each mapped substance is reported in the notes (the BOM format counts content by value,
//! not by mass). Substances with no mapping are listed in the notes.

use super::{DraftBom, DraftItem, ImportError, ImportProblem, Imported, Spot};
use crate::Bom;
use crate::bom::Material;
use crate::doc::LineIndex;
use crate::limits::Limits;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// CAS registry numbers mapped to the elements they contain: elements first, then common
/// oxides, carbides and alloys of the elements the bundled packs read. Every number's check
/// digit is verified by a unit test.
pub const CAS_ELEMENTS: &[(&str, &str, &[&str])] = &[
    // Rare earths (lanthanides, Sc, Y).
    ("7440-20-2", "scandium", &["Sc"]),
    ("7440-65-5", "yttrium", &["Y"]),
    ("7439-91-0", "lanthanum", &["La"]),
    ("7440-45-1", "cerium", &["Ce"]),
    ("7440-10-0", "praseodymium", &["Pr"]),
    ("7440-00-8", "neodymium", &["Nd"]),
    ("7440-12-2", "promethium", &["Pm"]),
    ("7440-19-9", "samarium", &["Sm"]),
    ("7440-53-1", "europium", &["Eu"]),
    ("7440-54-2", "gadolinium", &["Gd"]),
    ("7440-27-9", "terbium", &["Tb"]),
    ("7429-91-6", "dysprosium", &["Dy"]),
    ("7440-60-0", "holmium", &["Ho"]),
    ("7440-52-0", "erbium", &["Er"]),
    ("7440-30-4", "thulium", &["Tm"]),
    ("7440-64-4", "ytterbium", &["Yb"]),
    ("7439-94-3", "lutetium", &["Lu"]),
    // Rare-earth oxides.
    ("1314-36-9", "yttrium oxide", &["Y"]),
    ("1312-81-8", "lanthanum oxide", &["La"]),
    ("1306-38-3", "cerium dioxide", &["Ce"]),
    ("12037-29-5", "praseodymium oxide", &["Pr"]),
    ("1313-97-9", "neodymium oxide", &["Nd"]),
    ("12060-58-1", "samarium oxide", &["Sm"]),
    ("12064-62-9", "gadolinium oxide", &["Gd"]),
    ("12037-01-3", "terbium oxide", &["Tb"]),
    ("1308-87-8", "dysprosium oxide", &["Dy"]),
    // Critical minerals and the other elements the packs read.
    ("7440-55-3", "gallium", &["Ga"]),
    ("7440-56-4", "germanium", &["Ge"]),
    ("7440-36-0", "antimony", &["Sb"]),
    ("7440-33-7", "tungsten", &["W"]),
    ("13494-80-9", "tellurium", &["Te"]),
    ("7440-69-9", "bismuth", &["Bi"]),
    ("7439-98-7", "molybdenum", &["Mo"]),
    ("7440-74-6", "indium", &["In"]),
    ("7782-42-5", "graphite", &["C"]),
    ("1303-00-0", "gallium arsenide", &["Ga", "As"]),
    ("1310-53-8", "germanium dioxide", &["Ge"]),
    ("1309-64-4", "antimony trioxide", &["Sb"]),
    ("12070-12-1", "tungsten carbide", &["W", "C"]),
    ("1304-76-3", "bismuth oxide", &["Bi"]),
    ("1312-43-2", "indium oxide", &["In"]),
    ("1313-27-5", "molybdenum trioxide", &["Mo"]),
    // Common metals of magnets and alloys.
    ("7439-89-6", "iron", &["Fe"]),
    ("7440-42-8", "boron", &["B"]),
    ("7440-48-4", "cobalt", &["Co"]),
    ("7440-02-0", "nickel", &["Ni"]),
    ("7440-50-8", "copper", &["Cu"]),
    ("7429-90-5", "aluminium", &["Al"]),
];

/// Whether a CAS registry number is well formed and its check digit right: the last digit
/// is the sum of the other digits, weighted 1, 2, 3... from the right, modulo 10.
pub fn cas_valid(cas: &str) -> bool {
    let parts: Vec<&str> = cas.split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|d| d.is_ascii_digit());
    if !(digits(a) && digits(b) && digits(c) && (2..=7).contains(&a.len())) || b.len() != 2 {
        return false;
    }
    if c.len() != 1 {
        return false;
    }
    let body: Vec<u32> = a
        .bytes()
        .chain(b.bytes())
        .map(|d| u32::from(d.saturating_sub(b'0')))
        .collect();
    let sum = body
        .iter()
        .rev()
        .zip(1u32..)
        .fold(0u32, |s, (d, w)| s.saturating_add(d.saturating_mul(w)));
    let check = c.bytes().next().map(|d| u32::from(d.saturating_sub(b'0')));
    check == sum.checked_rem(10)
}

/// The elements a CAS number stands for, when mapped.
pub fn elements_of(cas: &str) -> Option<&'static [&'static str]> {
    CAS_ELEMENTS
        .iter()
        .find(|(c, _, _)| *c == cas)
        .map(|(_, _, e)| *e)
}

/// One substance as declared.
#[derive(Debug, Clone, Default)]
struct Substance {
    name: Option<String>,
    cas: Option<String>,
    /// `40 mg`, `4 %`.
    amount: Option<String>,
    line: u32,
}

#[derive(Debug, Clone, Default)]
struct Product {
    ids: Vec<(String, u32)>,
    substances: Vec<(Option<String>, Substance)>,
}

/// An attribute's value, references resolved. Only the five predefined XML entities and
/// character references are resolved: any other entity reference (a DOCTYPE's entities are
/// never expanded) is a problem naming the element, never an absent value.
fn attr(
    e: &BytesStart<'_>,
    name: &str,
    line: u32,
    problems: &mut Vec<ImportProblem>,
) -> Option<String> {
    let a = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)?;
    match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
        Ok(v) => Some(v.trim().to_owned()),
        Err(err) => {
            let element = e.local_name().as_ref().to_owned();
            let raw = a.value.to_string();
            problems.push(ImportProblem {
                spot: Spot::at(u64::from(line), format!("{element}/@{name}")),
                message: format!(
                    "`{element}` attribute `{name}=\"{raw}\"`: {err}; only the five predefined XML entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`) and character references are read (entities declared in a DOCTYPE are not expanded)"
                ),
            });
            None
        }
    }
}

/// A CAS number with the leading zeros of its first part removed (`007429-91-6` is
/// `7429-91-6`); the check digit does not depend on them.
pub fn normalise_cas(cas: &str) -> String {
    match cas.split_once('-') {
        Some((head, rest)) => {
            let stripped = head.trim_start_matches('0');
            if stripped.is_empty() {
                cas.to_owned()
            } else {
                format!("{stripped}-{rest}")
            }
        }
        None => cas.to_owned(),
    }
}

/// Reads the products of one declaration.
fn read(text: &str, problems: &mut Vec<ImportProblem>) -> Vec<Product> {
    let lines = LineIndex::new(text.as_bytes());
    let line_at = |offset: u64| lines.line(usize::try_from(offset).unwrap_or(usize::MAX));
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut products = Vec::new();
    let mut product: Option<Product> = None;
    let mut material: Option<String> = None;
    let mut substance: Option<Substance> = None;
    let mut stack: Vec<String> = Vec::new();
    let mut root_seen = false;
    loop {
        // The event starts at the first non-blank byte after the previous one.
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let blank = text
            .get(after..)
            .map_or(0, |rest| rest.len().saturating_sub(rest.trim_start().len()));
        let offset = u64::try_from(after.saturating_add(blank)).unwrap_or(u64::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                problems.push(ImportProblem {
                    spot: Spot::line(u64::from(line_at(reader.error_position()))),
                    message: format!("not well-formed XML: {e}"),
                });
                break;
            }
        };
        let line = line_at(offset);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_owned();
                if !root_seen {
                    root_seen = true;
                    if name != "MainDeclaration" {
                        problems.push(ImportProblem {
                            spot: Spot::line(u64::from(line)),
                            message: format!(
                                "root element `{name}`: an IPC-1752A declaration's is `MainDeclaration`"
                            ),
                        });
                        return products;
                    }
                }
                let parent = stack.last().map(String::as_str);
                match name.as_str() {
                    "Product" => product = Some(Product::default()),
                    "ProductID" => match (product.as_mut(), e.try_get_attribute("itemNumber").ok().flatten().is_some(), attr(e, "itemNumber", line, problems)) {
                        (Some(p), _, Some(id)) if !id.is_empty() => p.ids.push((id, line)),
                        // An unreadable `itemNumber` is a problem already.
                        (Some(_), true, None) => {}
                        (Some(_), _, _) => problems.push(ImportProblem {
                            spot: Spot::at(u64::from(line), "ProductID"),
                            message: "a ProductID without `itemNumber`: the part cannot be matched to a BOM item".to_owned(),
                        }),
                        (None, _, _) => {}
                    },
                    "HomogeneousMaterial" => material = attr(e, "name", line, problems),
                    "Substance" => {
                        substance = Some(Substance {
                            name: attr(e, "name", line, problems),
                            line,
                            ..Substance::default()
                        });
                    }
                    "SubstanceID" => {
                        if let Some(s) = substance.as_mut() {
                            let authority =
                                attr(e, "authority", line, problems).unwrap_or_default();
                            let identity = attr(e, "identity", line, problems);
                            if authority.eq_ignore_ascii_case("CAS") {
                                s.cas = identity;
                            }
                        }
                    }
                    "Amount" | "Mass" if parent == Some("Substance") => {
                        if let Some(s) = substance.as_mut()
                            && let Some(v) = attr(e, "value", line, problems)
                        {
                            let unit = attr(e, "UOM", line, problems)
                                .or_else(|| attr(e, "unitOfMeasure", line, problems))
                                .unwrap_or_default();
                            s.amount = Some(format!("{v} {unit}").trim().to_owned());
                        }
                    }
                    "Concentration" | "MassPercent" if parent == Some("Substance") => {
                        if let Some(s) = substance.as_mut()
                            && s.amount.is_none()
                            && let Some(v) = attr(e, "value", line, problems)
                        {
                            s.amount = Some(format!("{v}%"));
                        }
                    }
                    _ => {}
                }
                if empty {
                    end(
                        &name,
                        &mut product,
                        &mut material,
                        &mut substance,
                        &mut products,
                    );
                } else {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                if let Some(name) = stack.pop() {
                    end(
                        &name,
                        &mut product,
                        &mut material,
                        &mut substance,
                        &mut products,
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen && problems.is_empty() {
        problems.push(ImportProblem {
            spot: Spot::default(),
            message: "no XML element: expected an IPC-1752A `MainDeclaration`".to_owned(),
        });
    }
    products
}

fn end(
    name: &str,
    product: &mut Option<Product>,
    material: &mut Option<String>,
    substance: &mut Option<Substance>,
    products: &mut Vec<Product>,
) {
    match name {
        "Substance" => {
            if let (Some(p), Some(s)) = (product.as_mut(), substance.take()) {
                p.substances.push((material.clone(), s));
            }
        }
        "HomogeneousMaterial" => *material = None,
        "Product" => {
            if let Some(p) = product.take() {
                products.push(p);
            }
        }
        _ => {}
    }
}

/// The BOM as a draft, every fact kept.
fn draft_of(bom: &Bom) -> DraftBom {
    DraftBom {
        currency: bom.currency().to_string(),
        fx: bom.fx().iter().map(|(c, r)| (c.to_string(), *r)).collect(),
        undeclared_material: bom.assumptions().undeclared_material.map(|u| u.as_str()),
        items: bom
            .items()
            .iter()
            .map(|i| DraftItem {
                id: i.id.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                origin: i.origin.map(|c| c.to_string()),
                value: i.value.map(|m| {
                    (
                        m.amount,
                        super::value_currency(
                            Some(m.currency.to_string()),
                            bom.currency().as_str(),
                        ),
                    )
                }),
                classification: i.classification.clone(),
                material: i.material.clone(),
                made_with: i.made_with.clone(),
                components: i
                    .components
                    .iter()
                    .map(|l| (l.item.clone(), l.quantity))
                    .collect(),
                tags: i.tags.clone(),
                spots: BTreeMap::new(),
            })
            .collect(),
        currency_spot: Spot::default(),
    }
}

/// Merges declarations (file, text) into `bom`.
///
/// # Errors
/// Every problem of every declaration, naming its file and line: a part number not in the
/// BOM, a malformed CAS number, XML that is not well formed.
///
/// # Example
///
/// A magnet supplier's declaration names terbium, which the PLM export did not list:
///
/// ```
/// use longarm::Bom;
/// use longarm::import::ipc1752::merge;
/// use longarm::limits::Limits;
/// use std::path::PathBuf;
///
/// let bom = Bom::from_path("examples/plm/pump-drive.bom.json")?;
/// let file = PathBuf::from("examples/plm/mag-tb.ipc1752a.xml");
/// let text = std::fs::read_to_string(&file)?;
/// let imported = merge(&bom, &[(file, text)], &Limits::default())?;
/// let magnet = imported.bom.item("MAG-TB").expect("in the BOM");
/// assert!(magnet.material.as_ref().is_some_and(|m| m.has_element("Tb")));
/// let expected = std::fs::read_to_string("examples/plm/pump-drive-declared.bom.json")?;
/// assert_eq!(imported.json, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn merge(
    bom: &Bom,
    declarations: &[(PathBuf, String)],
    limits: &Limits,
) -> Result<Imported, ImportError> {
    let mut draft = draft_of(bom);
    let index: HashMap<String, usize> = draft
        .items
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let mut notes = Vec::new();
    let mut all_problems: Vec<(PathBuf, ImportProblem)> = Vec::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut suggested = 0usize;
    for (file, text) in declarations {
        let mut problems = Vec::new();
        let products = read(text, &mut problems);
        for product in products {
            // The elements of the product's mapped substances, in file order, with what the
            // declaration says of their amount.
            let mut found: Vec<(&'static str, String)> = Vec::new();
            for (material, s) in &product.substances {
                let Some(cas) = &s.cas else {
                    let name = s.name.clone().unwrap_or_else(|| "(unnamed)".to_owned());
                    let n = unmapped
                        .entry(format!("`{name}` (no CAS number)"))
                        .or_insert(0);
                    *n = n.saturating_add(1);
                    continue;
                };
                if !cas_valid(cas) {
                    problems.push(ImportProblem {
                        spot: Spot::at(u64::from(s.line), "SubstanceID"),
                        message: format!(
                            "CAS number `{cas}` is malformed or its check digit is wrong"
                        ),
                    });
                    continue;
                }
                let cas = &normalise_cas(cas);
                match elements_of(cas) {
                    Some(elements) => {
                        for e in elements {
                            let amount = s.amount.as_deref().unwrap_or("amount not declared");
                            let within = material
                                .as_deref()
                                .map(|m| format!(" of `{m}`"))
                                .unwrap_or_default();
                            found.push((e, format!("{e} {amount}{within}")));
                        }
                    }
                    None => {
                        let name = s.name.clone().unwrap_or_default();
                        let n = unmapped.entry(format!("`{name}` ({cas})")).or_insert(0);
                        *n = n.saturating_add(1);
                    }
                }
            }
            for (id, line) in &product.ids {
                let Some(&i) = index.get(id) else {
                    // A suggestion is a pass over the BOM: for the first few only.
                    suggested = suggested.saturating_add(1);
                    let hint = if suggested > 50 {
                        String::new()
                    } else {
                        bom.suggest(id)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default()
                    };
                    problems.push(ImportProblem {
                        spot: Spot::at(u64::from(*line), "ProductID/@itemNumber"),
                        message: format!("no item `{id}` in the BOM{hint}"),
                    });
                    continue;
                };
                let Some(item) = draft.items.get_mut(i) else {
                    continue;
                };
                item.spots
                    .insert("", Spot::at(u64::from(*line), file.display().to_string()));
                if found.is_empty() {
                    notes.push(format!(
                        "{}: `{id}`: no substance of the declaration maps to an element",
                        file.display()
                    ));
                    continue;
                }
                let material = item.material.get_or_insert_with(|| Material {
                    form: None,
                    elements: Vec::new(),
                });
                let before: Vec<String> = material.elements.clone();
                let mut added = Vec::new();
                for (e, _) in &found {
                    if !material.elements.iter().any(|x| x == e) {
                        material.elements.push((*e).to_owned());
                        added.push(*e);
                    }
                }
                let not_declared: Vec<&str> = before
                    .iter()
                    .filter(|b| !found.iter().any(|(e, _)| e == b))
                    .map(String::as_str)
                    .collect();
                let amounts = found
                    .iter()
                    .map(|(_, a)| a.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut note = format!(
                    "{}: `{id}`: declares {amounts}; {}",
                    file.display(),
                    if added.is_empty() {
                        "no element added".to_owned()
                    } else {
                        format!("added {}", added.join(", "))
                    }
                );
                if !not_declared.is_empty() {
                    note.push_str(&format!(
                        "; the BOM also lists {}, which the declaration does not (kept)",
                        not_declared.join(", ")
                    ));
                }
                if material.form.is_none() {
                    note.push_str("; no material form (unknown to the rules that read it)");
                }
                notes.push(note);
            }
        }
        all_problems.extend(problems.into_iter().map(|p| (file.clone(), p)));
    }
    if !unmapped.is_empty() {
        notes.push(format!(
            "substances mapped to no element (not imported): {}",
            unmapped
                .iter()
                .map(|(s, n)| if *n == 1 {
                    s.clone()
                } else {
                    format!("{s} {n}x")
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !all_problems.is_empty() {
        // One error per file would lose the others: each problem names its file.
        let mut problems: Vec<ImportProblem> = all_problems
            .into_iter()
            .map(|(f, mut p)| {
                p.spot.file = Some(f);
                p
            })
            .collect();
        problems.sort();
        let file = match declarations {
            [(only, _)] => Some(only.clone()),
            _ => Some(PathBuf::from("declarations")),
        };
        return Err(ImportError { file, problems });
    }
    draft.finish(bom.source().map(PathBuf::from), Vec::new(), notes, limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cas_number_has_a_right_check_digit() {
        for (cas, name, elements) in CAS_ELEMENTS {
            assert!(cas_valid(cas), "{cas} ({name})");
            for e in *elements {
                assert!(crate::codes::element::is_element(e), "{e}");
            }
        }
        assert!(!cas_valid("7429-91-5"));
        assert!(!cas_valid("7429-91"));
        assert!(!cas_valid("abc"));
        assert!(cas_valid("007429-91-6"));
        assert_eq!(normalise_cas("007429-91-6"), "7429-91-6");
        assert_eq!(normalise_cas("7429-91-6"), "7429-91-6");
    }
}

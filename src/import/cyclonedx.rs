//! CycloneDX 1.6 JSON BOMs from a PLM: `metadata.component` (the product), `components`
//! (nested `components` are parts of their parent) and the `dependencies` graph (each
//! `dependsOn` is a part of its `ref`). The facts the BOM format needs are read from
//! `longarm:*` properties (`longarm:origin`, `longarm:value`, ...) and, for the origin, the
//! manufacturer's or supplier's country where no `longarm:origin` says it. What cannot be
//! mapped is listed in the notes; an unknown `longarm:*` property is an error.

use super::{DraftBom, DraftItem, ImportError, ImportProblem, Imported, Spot};
use crate::bom::Material;
use crate::doc::{Kind, Node, Text};
use crate::limits::Limits;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// How to read a CycloneDX file.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CycloneDxOptions {
    /// The BOM currency (default: the only currency the file uses).
    pub currency: Option<String>,
    /// Rates to the BOM currency.
    pub fx: BTreeMap<String, Decimal>,
    /// The quantity of a line whose component has no `longarm:quantity` (default: none, an
    /// error).
    pub default_quantity: Option<Decimal>,
}

/// The `longarm:*` property names read, with what they hold.
pub const PROPERTIES: &[(&str, &str)] = &[
    (
        "longarm:id",
        "the item id (default: the component's `bom-ref`)",
    ),
    (
        "longarm:quantity",
        "units of this component in one unit of each parent that lists it",
    ),
    (
        "longarm:quantity:PARENT",
        "units of this component in one unit of the parent whose bom-ref is PARENT (overrides `longarm:quantity` there)",
    ),
    ("longarm:unit", "the unit of one quantity (`kg`)"),
    ("longarm:origin", "country of origin, ISO 3166-1 alpha-2"),
    ("longarm:value", "unit value, a decimal"),
    (
        "longarm:currency",
        "the value's currency (default: the BOM currency)",
    ),
    ("longarm:classification:US", "ECCN or `EAR99`"),
    ("longarm:classification:CN", "Chinese control-list code"),
    ("longarm:classification:HS", "HS / HTS code"),
    (
        "longarm:material:form",
        "material form (`magnet`, `metal`, ...)",
    ),
    (
        "longarm:material:elements",
        "chemical symbols, separated by `,` or `;`",
    ),
    ("longarm:tags", "item tags, separated by `,` or `;`"),
];

/// Component keys read (others are listed as not imported).
const READ_KEYS: &[&str] = &[
    "bom-ref",
    "name",
    "type",
    "properties",
    "supplier",
    "manufacturer",
    "components",
];

struct Walk<'a> {
    draft: DraftBom,
    problems: Vec<ImportProblem>,
    /// bom-ref -> item index.
    refs: HashMap<String, usize>,
    ids: HashMap<String, u32>,
    /// (parent index, child index, line of the link).
    edges: Vec<(usize, usize, u32)>,
    quantity: Vec<Option<(Decimal, u32)>>,
    /// Per item: `longarm:quantity:PARENT` properties, parent bom-ref -> (quantity, line, path).
    per_parent: Vec<BTreeMap<String, (Decimal, u32, String)>>,
    /// Per item: its bom-ref.
    bom_refs: Vec<Option<String>>,
    currencies: BTreeMap<String, Spot>,
    /// Keys and property names not imported: name -> (count, first line).
    unmapped: BTreeMap<String, (usize, u32)>,
    from_manufacturer: usize,
    from_supplier: usize,
    options: &'a CycloneDxOptions,
}

fn members(node: &Node) -> Option<&[(Text, Node)]> {
    match &node.kind {
        Kind::Obj(m) => Some(m),
        _ => None,
    }
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    members(node).and_then(|m| crate::doc::read::field(m, key))
}

fn text(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Str(s) => Some(s),
        _ => None,
    }
}

fn array(node: &Node) -> &[Node] {
    match &node.kind {
        Kind::Arr(a) => a,
        _ => &[],
    }
}

impl Walk<'_> {
    fn problem(&mut self, line: u32, path: &str, message: impl Into<String>) {
        self.problems.push(ImportProblem {
            spot: Spot::at(u64::from(line), path),
            message: message.into(),
        });
    }

    /// Reads a component and, recursively through an explicit stack, its nested components.
    fn component(&mut self, root: &Node, root_path: String) {
        let mut stack: Vec<(&Node, String, Option<usize>)> = vec![(root, root_path, None)];
        while let Some((node, path, parent)) = stack.pop() {
            let Some(index) = self.one(node, &path) else {
                continue;
            };
            if let Some(p) = parent {
                self.edges.push((p, index, node.line));
            }
            if let Some(children) = get(node, "components") {
                let list = array(children);
                for (k, child) in list.iter().enumerate().rev() {
                    stack.push((child, format!("{path}.components[{k}]"), Some(index)));
                }
            }
        }
    }

    fn one(&mut self, node: &Node, path: &str) -> Option<usize> {
        let Some(m) = members(node) else {
            self.problem(node.line, path, "expected a component object");
            return None;
        };
        for (key, value) in m {
            if !READ_KEYS.contains(&key.as_str()) && !matches!(value.kind, Kind::Null) {
                let e = self
                    .unmapped
                    .entry(format!("component field `{key}`"))
                    .or_insert((0, value.line));
                e.0 = e.0.saturating_add(1);
            }
        }
        let bom_ref = get(node, "bom-ref").and_then(text).map(str::to_owned);
        let mut props: BTreeMap<String, (String, u32, String)> = BTreeMap::new();
        if let Some(list) = get(node, "properties") {
            for (k, p) in array(list).iter().enumerate() {
                let at = format!("{path}.properties[{k}]");
                let (Some(name), value) = (
                    get(p, "name").and_then(text),
                    get(p, "value").and_then(text),
                ) else {
                    self.problem(p.line, &at, "a property needs a `name`");
                    continue;
                };
                if let Some(field) = namespace_field(name) {
                    if !is_exact(name) {
                        let hint = suggestion(&field)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        let message = if name.starts_with("longarm:") {
                            format!("unknown property `{name}`{hint}")
                        } else {
                            // A near miss of the namespace is never "not imported": the fact
                            // it holds would silently fall back (an origin to the
                            // manufacturer's country).
                            format!(
                                "property `{name}` is in the `longarm` namespace but not spelled exactly (names are case-sensitive, without spaces){hint}"
                            )
                        };
                        self.problem(p.line, &at, message);
                        continue;
                    }
                    let Some(value) = value else {
                        self.problem(p.line, &at, format!("property `{name}` has no value"));
                        continue;
                    };
                    if props.contains_key(name) {
                        self.problem(p.line, &at, format!("property `{name}` given twice"));
                        continue;
                    }
                    props.insert(name.to_owned(), (value.trim().to_owned(), p.line, at));
                } else {
                    let e = self
                        .unmapped
                        .entry(format!("property `{name}`"))
                        .or_insert((0, p.line));
                    e.0 = e.0.saturating_add(1);
                }
            }
        }
        let id = props
            .get("longarm:id")
            .map(|(v, _, _)| v.clone())
            .or_else(|| bom_ref.clone());
        let Some(id) = id else {
            self.problem(
                node.line,
                path,
                "a component without `bom-ref` (or a `longarm:id` property) cannot be an item",
            );
            return None;
        };
        if let Some(&first) = self.ids.get(&id) {
            self.problem(
                node.line,
                path,
                format!("item id `{id}` again (first at line {first}): ids must be unique"),
            );
            return None;
        }
        self.ids.insert(id.clone(), node.line);
        let index = self.draft.items.len();
        if let Some(r) = &bom_ref {
            self.refs.insert(r.clone(), index);
        }
        let spot = |name: &str| {
            props.get(name).map_or_else(
                || Spot::at(u64::from(node.line), path),
                |(_, l, at)| Spot::at(u64::from(*l), at.clone()),
            )
        };
        let mut item = DraftItem {
            id,
            name: get(node, "name").and_then(text).map(str::to_owned),
            ..DraftItem::default()
        };
        item.spots.insert("", Spot::at(u64::from(node.line), path));
        item.spots.insert("unit", spot("longarm:unit"));
        item.spots.insert("value", spot("longarm:value"));
        item.spots
            .insert("material", spot("longarm:material:elements"));
        item.spots.insert("tags", spot("longarm:tags"));
        if let Some((u, _, _)) = props.get("longarm:unit") {
            item.unit = Some(u.clone());
        }
        // Origin: the property, else the manufacturer's country, else the supplier's.
        let country_of = |key: &str| {
            get(node, key)
                .and_then(|e| get(e, "address"))
                .and_then(|a| get(a, "country"))
                .and_then(|c| text(c).map(|t| (t.trim().to_owned(), c.line)))
        };
        if let Some((o, _, _)) = props.get("longarm:origin") {
            if !super::is_unknown(o) {
                item.origin = Some(o.clone());
            }
            item.spots.insert("origin", spot("longarm:origin"));
        } else if let Some((c, line)) = country_of("manufacturer") {
            item.origin = Some(c);
            self.from_manufacturer = self.from_manufacturer.saturating_add(1);
            item.spots.insert(
                "origin",
                Spot::at(
                    u64::from(line),
                    format!("{path}.manufacturer.address.country"),
                ),
            );
        } else if let Some((c, line)) = country_of("supplier") {
            item.origin = Some(c);
            self.from_supplier = self.from_supplier.saturating_add(1);
            item.spots.insert(
                "origin",
                Spot::at(u64::from(line), format!("{path}.supplier.address.country")),
            );
        }
        if let Some((v, line, at)) = props.get("longarm:value")
            && !super::is_unknown(v)
        {
            match super::parse_number(v, false) {
                Ok(d) if d < Decimal::ZERO => {
                    self.problem(*line, at, format!("value `{v}` is negative"));
                }
                Ok(d) => {
                    let currency = props.get("longarm:currency").map(|(c, _, _)| c.clone());
                    if let Some((c, l, a)) = props.get("longarm:currency") {
                        self.currencies
                            .entry(c.clone())
                            .or_insert_with(|| Spot::at(u64::from(*l), a.clone()));
                    }
                    item.value = Some((d, currency));
                }
                Err(m) => self.problem(*line, at, m),
            }
        }
        for (name, (code, _, _)) in &props {
            if let Some(j) = name.strip_prefix("longarm:classification:") {
                item.classification.insert(j.to_owned(), code.clone());
                item.spots.insert("classification", spot(name.as_str()));
            }
        }
        let form = props
            .get("longarm:material:form")
            .map(|(f, _, _)| f.clone());
        let elements = props
            .get("longarm:material:elements")
            .map(|(e, _, _)| super::split_elements(e));
        if form.is_some() || elements.is_some() {
            if elements.is_none() {
                item.spots.insert("material", spot("longarm:material:form"));
            }
            item.material = Some(Material {
                form,
                elements: elements.unwrap_or_default(),
            });
        }
        if let Some((t, _, _)) = props.get("longarm:tags") {
            item.tags = super::split_elements(t);
        }
        let quantity = match props.get("longarm:quantity") {
            Some((q, line, at)) => match super::parse_number(q, false) {
                Ok(d) if d > Decimal::ZERO => Some((d, *line)),
                Ok(_) => {
                    self.problem(*line, at, format!("quantity `{q}` is not greater than 0"));
                    None
                }
                Err(m) => {
                    self.problem(*line, at, m);
                    None
                }
            },
            None => None,
        };
        let mut per_parent = BTreeMap::new();
        for (name, (q, line, at)) in &props {
            let Some(parent) = name.strip_prefix("longarm:quantity:") else {
                continue;
            };
            match super::parse_number(q, false) {
                Ok(d) if d > Decimal::ZERO => {
                    per_parent.insert(parent.to_owned(), (d, *line, at.clone()));
                }
                Ok(_) => self.problem(*line, at, format!("quantity `{q}` is not greater than 0")),
                Err(m) => self.problem(*line, at, m),
            }
        }
        self.quantity.push(quantity);
        self.per_parent.push(per_parent);
        self.bom_refs.push(bom_ref);
        self.draft.items.push(item);
        Some(index)
    }
}

/// Imports a CycloneDX JSON BOM. `file` names the file in problems.
///
/// # Errors
/// Every problem found, each with its line and JSON path.
///
/// # Example
///
/// ```
/// use longarm::Decimal;
/// use longarm::import::cyclonedx::{CycloneDxOptions, import};
/// use longarm::limits::Limits;
///
/// // The file prices parts in USD and EUR: the BOM currency and the rate are the user's.
/// let mut options = CycloneDxOptions::default();
/// options.currency = Some("USD".to_owned());
/// options.fx.insert("EUR".to_owned(), Decimal::new(108, 2));
/// let text = std::fs::read_to_string("examples/plm/pump-drive.cdx.json")?;
/// let imported = import(&text, None, &options, &Limits::default())?;
/// // The BOM file written, as `longarm import cyclonedx` writes it.
/// let expected = std::fs::read_to_string("examples/plm/pump-drive.bom.json")?;
/// assert_eq!(imported.json, expected);
/// // What the file says that the BOM format has no place for is listed, not dropped.
/// assert!(!imported.notes.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import(
    input: &str,
    file: Option<PathBuf>,
    options: &CycloneDxOptions,
    limits: &Limits,
) -> Result<Imported, ImportError> {
    let source = input.strip_prefix('\u{feff}').unwrap_or(input);
    let root = crate::doc::parse_json_nested(source, limits.nesting).map_err(|e| {
        ImportError::one(
            file.clone(),
            Spot::at(u64::from(e.line), format!("column {}", e.column)),
            e.message,
        )
    })?;
    if get(&root, "bomFormat").and_then(text_of) != Some("CycloneDX") {
        return Err(ImportError::one(
            file,
            Spot::line(u64::from(root.line)),
            "not a CycloneDX BOM: expected `\"bomFormat\": \"CycloneDX\"`",
        ));
    }
    let mut notes = Vec::new();
    match get(&root, "specVersion").and_then(text_of) {
        Some("1.6") => {}
        Some(v) => notes.push(format!(
            "specVersion `{v}`: read as CycloneDX 1.6 (the fields read are the same since 1.4)"
        )),
        None => notes.push("no specVersion: read as CycloneDX 1.6".to_owned()),
    }
    let mut walk = Walk {
        draft: DraftBom::default(),
        problems: Vec::new(),
        refs: HashMap::new(),
        ids: HashMap::new(),
        edges: Vec::new(),
        quantity: Vec::new(),
        per_parent: Vec::new(),
        bom_refs: Vec::new(),
        currencies: BTreeMap::new(),
        unmapped: BTreeMap::new(),
        from_manufacturer: 0,
        from_supplier: 0,
        options,
    };
    if let Some(c) = get(&root, "metadata").and_then(|m| get(m, "component")) {
        walk.component(c, "metadata.component".to_owned());
    }
    // The product, when `metadata.component` became an item: the first one read.
    let product = (!walk.draft.items.is_empty()).then_some(0usize);
    if let Some(list) = get(&root, "components") {
        for (k, c) in array(list).iter().enumerate() {
            walk.component(c, format!("components[{k}]"));
        }
    }
    // Suggestions cost a pass over every ref: made for the first few unknown refs only, so a
    // file of unknown refs stays linear.
    let mut suggested = 0usize;
    if let Some(list) = get(&root, "dependencies") {
        for (k, d) in array(list).iter().enumerate() {
            let at = format!("dependencies[{k}]");
            let Some(parent) = get(d, "ref").and_then(text) else {
                walk.problem(d.line, &at, "a dependency needs a `ref`");
                continue;
            };
            let Some(&p) = walk.refs.get(parent) else {
                walk.problem(
                    d.line,
                    &format!("{at}.ref"),
                    unknown_ref(parent, &walk.refs, &mut suggested),
                );
                continue;
            };
            if let Some(on) = get(d, "dependsOn") {
                for (j, child) in array(on).iter().enumerate() {
                    let cat = format!("{at}.dependsOn[{j}]");
                    match text(child).map(|c| (c, walk.refs.get(c))) {
                        Some((_, Some(&c))) => walk.edges.push((p, c, child.line)),
                        Some((c, None)) => {
                            let m = unknown_ref(c, &walk.refs, &mut suggested);
                            walk.problem(child.line, &cat, m);
                        }
                        None => walk.problem(child.line, &cat, "expected a bom-ref string"),
                    }
                }
            }
        }
    }
    // No dependency graph: top-level components are parts of nothing, and the product (if
    // it nests none) has no parts. Behaviour unchanged, but said, naming the other roots.
    let no_dependencies = get(&root, "dependencies").is_none_or(|d| array(d).is_empty());
    if no_dependencies && let Some(p) = product {
        let has_parts = walk.edges.iter().any(|&(parent, _, _)| parent == p);
        let mut is_child = vec![false; walk.draft.items.len()];
        for &(_, c, _) in &walk.edges {
            if let Some(x) = is_child.get_mut(c) {
                *x = true;
            }
        }
        let others: Vec<&str> = walk
            .draft
            .items
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != p && !is_child.get(i).copied().unwrap_or(false))
            .map(|(_, item)| item.id.as_str())
            .collect();
        if !has_parts && !others.is_empty() {
            const SHOWN: usize = 10;
            let product_id = walk
                .draft
                .items
                .get(p)
                .map(|i| i.id.clone())
                .unwrap_or_default();
            let mut list = others
                .iter()
                .take(SHOWN)
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(more) = others.len().checked_sub(SHOWN).filter(|m| *m > 0) {
                list.push_str(&format!(" and {more} more"));
            }
            notes.push(format!(
                "the product `{product_id}` (metadata.component) has no parts: the file has no `dependencies` graph and its top-level `components` are not nested in it, so they are other roots, not parts: {list} (give the `dependencies` graph for them to be parts of the product)"
            ));
        }
    }
    // Component lines: one per (parent, child), nested and dependency links alike.
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut lines: Vec<(usize, usize, u32)> = Vec::new();
    for &(p, c, line) in &walk.edges {
        if seen.insert((p, c)) {
            lines.push((p, c, line));
        }
    }
    let mut missing_quantity: BTreeMap<usize, u32> = BTreeMap::new();
    let mut used: HashSet<(usize, String)> = HashSet::new();
    for (p, c, line) in lines {
        let parent_ref = walk.bom_refs.get(p).cloned().flatten();
        let own = parent_ref.as_ref().and_then(|r| {
            walk.per_parent
                .get(c)
                .and_then(|m| m.get(r))
                .map(|(q, _, _)| (*q, r.clone()))
        });
        if let Some((_, r)) = &own {
            used.insert((c, r.clone()));
        }
        let q =
            match own
                .map(|(q, _)| q)
                .or(walk.quantity.get(c).copied().flatten().map(|(q, _)| q))
            {
                Some(q) => q,
                None => match walk.options.default_quantity {
                    Some(q) => q,
                    None => {
                        missing_quantity.entry(c).or_insert(line);
                        continue;
                    }
                },
            };
        let child = walk
            .draft
            .items
            .get(c)
            .map(|i| i.id.clone())
            .unwrap_or_default();
        if let Some(parent) = walk.draft.items.get_mut(p) {
            parent.components.push((child, q));
        }
    }
    // A per-parent quantity for a component that parent does not list is a slip.
    let mut stray = Vec::new();
    for (c, map) in walk.per_parent.iter().enumerate() {
        for (parent, (_, line, at)) in map {
            if !used.contains(&(c, parent.clone())) {
                stray.push((*line, at.clone(), parent.clone()));
            }
        }
    }
    for (line, at, parent) in stray {
        walk.problem(
            line,
            &at,
            format!(
                "`longarm:quantity:{parent}`: `{parent}` does not list this component as a part"
            ),
        );
    }
    for (c, line) in missing_quantity {
        let id = walk
            .draft
            .items
            .get(c)
            .map(|i| i.id.clone())
            .unwrap_or_default();
        let spot = walk
            .draft
            .items
            .get(c)
            .and_then(|i| i.spots.get(""))
            .cloned()
            .unwrap_or_else(|| Spot::line(u64::from(line)));
        walk.problems.push(ImportProblem {
            spot,
            message: format!(
                "`{id}` is a part of another component but has no `longarm:quantity` property (units per unit of its parent); a missing quantity is never read as 1 (give `--default-quantity 1` to read it so)"
            ),
        });
    }
    let mut problems = std::mem::take(&mut walk.problems);
    let mut draft = std::mem::take(&mut walk.draft);
    let Some(currency) =
        super::bom_currency(options.currency.as_deref(), &walk.currencies, &mut problems)
    else {
        problems.sort();
        return Err(ImportError { file, problems });
    };
    draft.currency = currency;
    draft.currency_spot = walk.currencies.values().next().cloned().unwrap_or_default();
    draft.fx = options.fx.clone();
    draft.fx.remove(&draft.currency);
    let currency = draft.currency.clone();
    for item in &mut draft.items {
        if let Some((_, c)) = &mut item.value {
            *c = super::value_currency(c.take(), &currency);
        }
    }
    super::check_rates(&draft, &mut problems);
    let edges: usize = draft.items.iter().map(|i| i.components.len()).sum();
    notes.insert(
        0,
        format!(
            "read {} components, {edges} component lines",
            draft.items.len()
        ),
    );
    if walk.from_manufacturer > 0 {
        notes.push(format!(
            "origin of {} item(s) taken from the manufacturer's address country (no `longarm:origin`)",
            walk.from_manufacturer
        ));
    }
    if walk.from_supplier > 0 {
        notes.push(format!(
            "origin of {} item(s) taken from the supplier's address country (no `longarm:origin` nor manufacturer): check that the supplier made them",
            walk.from_supplier
        ));
    }
    if !walk.unmapped.is_empty() {
        let list = walk
            .unmapped
            .iter()
            .map(|(name, (n, line))| format!("{name} ({n}x, first at line {line})"))
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(format!("not imported: {list}"));
    }
    for key in ["services", "compositions", "vulnerabilities", "formulation"] {
        if let Some(n) = get(&root, key) {
            notes.push(format!("not imported: top-level `{key}` (line {})", n.line));
        }
    }
    draft.finish(file, problems, notes, limits)
}

/// The field of a property name in the `longarm` namespace, once trimmed, compared
/// case-insensitively and with spaces around `:` removed (`Longarm :Origin` gives `Origin`);
/// `None` for a name of another namespace.
fn namespace_field(name: &str) -> Option<String> {
    let squeezed = name.split(':').map(str::trim).collect::<Vec<_>>().join(":");
    let (head, field) = squeezed.split_once(':')?;
    head.eq_ignore_ascii_case("longarm")
        .then(|| field.to_owned())
}

/// Whether a `longarm:` property name is one read, spelled exactly.
fn is_exact(name: &str) -> bool {
    let Some(field) = name.strip_prefix("longarm:") else {
        return false;
    };
    PROPERTIES
        .iter()
        .any(|(n, _)| *n == name && !n.ends_with(":PARENT"))
        || field
            .strip_prefix("classification:")
            .is_some_and(|j| !j.is_empty() && j.trim() == j)
        || field
            .strip_prefix("quantity:")
            .is_some_and(|r| !r.is_empty() && r.trim() == r)
}

/// The exact name meant by a `longarm` field spelled loosely.
fn suggestion(field: &str) -> Option<String> {
    if let Some((head, rest)) = field.split_once(':') {
        if head.eq_ignore_ascii_case("classification") && !rest.is_empty() {
            return Some(format!(
                "longarm:classification:{}",
                rest.to_ascii_uppercase()
            ));
        }
        if head.eq_ignore_ascii_case("quantity") && !rest.is_empty() {
            return Some(format!("longarm:quantity:{rest}"));
        }
    }
    if let Some((n, _)) = PROPERTIES.iter().find(|(n, _)| {
        !n.ends_with(":PARENT")
            && n.strip_prefix("longarm:")
                .is_some_and(|f| f.eq_ignore_ascii_case(field))
    }) {
        return Some((*n).to_owned());
    }
    let loose = format!("longarm:{field}");
    crate::doc::read::closest(&loose, PROPERTIES.iter().map(|(n, _)| *n)).map(str::to_owned)
}

fn text_of(node: &Node) -> Option<&str> {
    text(node)
}

/// Unknown refs given a "did you mean" at most.
const SUGGESTIONS: usize = 50;

fn unknown_ref(r: &str, refs: &HashMap<String, usize>, suggested: &mut usize) -> String {
    *suggested = suggested.saturating_add(1);
    let hint = if *suggested > SUGGESTIONS {
        String::new()
    } else {
        crate::doc::read::closest(r, refs.keys().map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default()
    };
    format!("no component with bom-ref `{r}`{hint}")
}

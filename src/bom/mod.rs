//! The bill of materials: loading, validation, and the item graph.

mod cycle;
mod item;
pub(crate) mod kinds;
pub(crate) mod load;

pub use crate::error::{LoadError, Problem, ProblemKind};
pub use item::{ComponentLine, Item, MadeWith, MadeWithKind, Material, Money};

use crate::Currency;
use crate::doc::{self, Node, SyntaxError};
use crate::limits::Limits;
use petgraph::graph::{DiGraph, NodeIndex};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Item positions by id.
pub(crate) type IdIndex = HashMap<String, u32, foldhash::fast::RandomState>;

/// A validated bill of materials: items and their component edges, an acyclic graph.
///
/// Build one with [`Bom::from_json_str`], [`Bom::from_toml_str`] or [`Bom::from_path`]; the
/// public API speaks item ids, never graph indices.
#[derive(Debug, Clone)]
pub struct Bom {
    currency: Currency,
    fx: BTreeMap<Currency, Decimal>,
    items: Vec<Item>,
    /// Position of each item by id: randomly seeded (ids are the file's), never iterated.
    index: IdIndex,
    /// Node `i` is `items[i]`. One edge per (parent, child) pair, weighted by the summed
    /// quantity of the parent's lines for that child: the roll-up needs no more, and
    /// summing here makes split lines and contributor paths agree.
    graph: DiGraph<(), Decimal, u32>,
    /// How to read what the BOM leaves unsaid (its `assume` table).
    assume: crate::Assumptions,
    /// Where each vocabulary value (form, tag, process) first appears, for checking against
    /// the packs' vocabulary.
    spots: crate::vocab::Spots,
    /// The file and text it was loaded from; `None` for a BOM inline in a scenario.
    input: Option<doc::Input>,
    /// Items alike to every item condition, by position.
    kinds: kinds::Kinds,
}

impl Bom {
    /// Loads a BOM from JSON text.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found, each with its JSON path and line.
    ///
    /// # Example
    /// ```
    /// let bom = longarm::Bom::from_json_str(r#"{
    ///   "currency": "USD",
    ///   "items": [
    ///     { "id": "A", "components": [ { "item": "B", "quantity": "2" } ] },
    ///     { "id": "B", "origin": "CN", "value": 1.25 }
    ///   ] }"#).unwrap();
    /// assert_eq!(bom.item("B").unwrap().unit_value.unwrap().to_string(), "1.25");
    /// ```
    pub fn from_json_str(text: &str) -> Result<Bom, LoadError> {
        Self::from_json_str_with_limits(text, &Limits::default())
    }

    /// As [`Bom::from_json_str`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Bom::from_json_str`]; a limit reached is a problem naming it.
    pub fn from_json_str_with_limits(text: &str, limits: &Limits) -> Result<Bom, LoadError> {
        let (loaded, sha256) = load::read_json(text, limits)
            .finish_beside(limits, || doc::sha256_hex(text.as_bytes()));
        loaded.map(|b| b.with_sha256(sha256))
    }

    /// Loads a BOM from TOML text with the same structure as the JSON format.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found, each with its path and line.
    pub fn from_toml_str(text: &str) -> Result<Bom, LoadError> {
        Self::from_toml_str_with_limits(text, &Limits::default())
    }

    /// As [`Bom::from_toml_str`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Bom::from_toml_str`]; a limit reached is a problem naming it.
    pub fn from_toml_str_with_limits(text: &str, limits: &Limits) -> Result<Bom, LoadError> {
        Self::from_tree(doc::parse_toml_nested(text, limits.nesting), limits)
            .map(|b| b.hashed(text))
    }

    /// Loads a BOM file, JSON or TOML by its extension (`.json`, `.toml`).
    ///
    /// # Errors
    /// A [`LoadError`] naming the file, for an unreadable file, an unknown extension, or any
    /// problem in its content.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Bom, LoadError> {
        Self::from_path_with_limits(path, &Limits::default())
    }

    /// As [`Bom::from_path`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Bom::from_path`]; a limit reached is a problem naming it.
    pub fn from_path_with_limits(
        path: impl AsRef<Path>,
        limits: &Limits,
    ) -> Result<Bom, LoadError> {
        let path = path.as_ref();
        let source = doc::read_source(path, limits, |extension| ProblemKind::UnknownFormat {
            extension,
        })?;
        let body = source.body();
        // JSON items are built as they are parsed; TOML is read into the tree first.
        let (loaded, sha256) = if source.json {
            let read = load::read_json(body, limits);
            // Hashed while the items are resolved (on a second thread for a large text).
            read.finish_beside(limits, || source.sha256())
        } else {
            let loaded = Self::from_tree(doc::parse_toml_nested(body, limits.nesting), limits);
            (loaded, source.sha256())
        };
        match loaded {
            Ok(mut bom) => {
                bom.input = Some(doc::Input {
                    source: Some(path.to_path_buf()),
                    sha256,
                    text: None,
                });
                Ok(bom)
            }
            Err(mut e) => {
                e.file = Some(path.to_path_buf());
                Err(e)
            }
        }
    }

    /// Builds a BOM from a JSON value held in memory — the BOM file's structure, built by a
    /// program (from its own records, or a Python dict) rather than read from a file. The
    /// same validation as [`Bom::from_json_str`]; problem paths name items by id
    /// (`items[MAG-DY].components[0].quantity`) and carry no line.
    ///
    /// Numbers are read exactly from the text `serde_json` holds (built with
    /// `arbitrary_precision`, a number parsed from JSON text keeps its digits: `1.50`); a
    /// number your program made from an `f64` is its shortest text (`0.1`). A BOM built this
    /// way records no input in the determination's receipt (there is no text to hash or
    /// replay).
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found.
    ///
    /// # Example
    /// ```
    /// let value = serde_json::json!({ "currency": "USD", "items": [
    ///     { "id": "A", "components": [ { "item": "B", "quantity": "2" } ] },
    ///     { "id": "B", "origin": "China", "value": "1.25" } ] });
    /// let err = longarm::Bom::from_json_value(&value).unwrap_err();
    /// assert_eq!(err.problems[0].path, "items[B].origin");
    /// assert_eq!(err.problems[0].line, None);
    /// ```
    pub fn from_json_value(value: &serde_json::Value) -> Result<Bom, LoadError> {
        Self::from_json_value_with_limits(value, &Limits::default())
    }

    /// As [`Bom::from_json_value`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Bom::from_json_value`]; a limit reached is a problem naming it.
    pub fn from_json_value_with_limits(
        value: &serde_json::Value,
        limits: &Limits,
    ) -> Result<Bom, LoadError> {
        let node = doc::value::from_value(value, limits.nesting).map_err(LoadError::in_memory)?;
        let ids = doc::value::ids_of(value.get("items"));
        match load::load(&node, limits) {
            Ok(mut bom) => {
                bom.spots
                    .rename_paths(|p| doc::value::name_by_id(p, "items", &ids));
                Ok(bom)
            }
            Err(mut e) => {
                doc::value::name_items_by_id(&mut e.problems, "items", &ids);
                Err(e)
            }
        }
    }

    /// Remembers the hash of the text a BOM was read from (no file).
    fn hashed(self, text: &str) -> Bom {
        self.with_sha256(doc::sha256_hex(text.as_bytes()))
    }

    /// Remembers `sha256`, the hash of the text a BOM was read from (no file).
    fn with_sha256(mut self, sha256: String) -> Bom {
        self.input = Some(doc::Input {
            source: None,
            sha256,
            text: None,
        });
        self
    }

    /// The SHA-256 (hex) of the text the BOM was loaded from, recorded in determinations so
    /// they can be replayed; `None` for a BOM written inline in a scenario (the scenario's
    /// hash covers it).
    ///
    /// ```
    /// let bom = longarm::Bom::from_json_str(r#"{ "currency": "USD", "items": [] }"#).unwrap();
    /// assert_eq!(bom.sha256().map(str::len), Some(64));
    /// ```
    pub fn sha256(&self) -> Option<&str> {
        self.input.as_ref().map(|i| i.sha256.as_str())
    }

    /// The file the BOM was loaded from, as given to [`Bom::from_path`].
    pub fn source(&self) -> Option<&Path> {
        self.input.as_ref().and_then(|i| i.source.as_deref())
    }

    /// Loads a BOM from an already parsed document node, such as a scenario's inline `bom`
    /// object. Problem paths are relative to that node.
    pub(crate) fn from_node(node: &Node, limits: &Limits) -> Result<Bom, LoadError> {
        load::load(node, limits)
    }

    fn from_tree(tree: Result<Node, SyntaxError>, limits: &Limits) -> Result<Bom, LoadError> {
        match tree {
            Ok(node) => load::load(&node, limits),
            Err(e) => Err(LoadError::syntax(None, e)),
        }
    }

    /// The BOM currency, in which all `unit_value`s and roll-ups are expressed.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The BOM's `assume` table: how to read what it leaves unsaid.
    pub fn assumptions(&self) -> crate::Assumptions {
        self.assume
    }

    /// The file the BOM was read from, if any.
    pub fn file(&self) -> Option<&Path> {
        self.source()
    }

    /// Where each material form, item tag and process value first appears.
    pub fn vocabulary_spots(&self) -> &crate::vocab::Spots {
        &self.spots
    }

    pub(crate) fn spots_mut(&mut self) -> &mut crate::vocab::Spots {
        &mut self.spots
    }

    /// FX table: units of the BOM currency per one unit of each other currency.
    pub fn fx(&self) -> &BTreeMap<Currency, Decimal> {
        &self.fx
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.position(id).and_then(|i| self.items.get(i))
    }

    /// All items, in file order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the BOM has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of distinct parent -> child edges (lines for the same child are one edge).
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Items that are no other item's component (a catalogue may have several), in file order.
    pub fn roots(&self) -> impl Iterator<Item = &Item> {
        self.graph
            .node_indices()
            .filter(|&n| {
                self.graph
                    .neighbors_directed(n, petgraph::Direction::Incoming)
                    .next()
                    .is_none()
            })
            .filter_map(|n| self.items.get(n.index()))
    }

    /// The closest existing item id to `id`, for "did you mean" messages.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        crate::doc::read::closest(id, self.items.iter().map(|i| i.id.as_str()))
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }

    /// Items alike to every item condition.
    pub(crate) fn kinds(&self) -> &kinds::Kinds {
        &self.kinds
    }

    pub(crate) fn graph(&self) -> &DiGraph<(), Decimal, u32> {
        &self.graph
    }

    pub(crate) fn item_at(&self, node: NodeIndex<u32>) -> Option<&Item> {
        self.items.get(node.index())
    }
}

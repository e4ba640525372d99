//! The scenario: one export — which item, from where, to where, on what date, with which
//! parties and declared end uses.
//!
//! Loaded from JSON or TOML (see the "Scenario file" section of `docs/formats.md`) with the same
//! every-problem-at-once validation as the BOM.

pub(crate) mod load;
mod ownership;

pub use crate::error::{LoadError, Problem, ProblemKind};

use crate::doc::{self, Node, SyntaxError};
use crate::limits::Limits;
use crate::{Bom, Country, Date};
use rust_decimal::Decimal;
use std::fmt;
use std::path::{Path, PathBuf};

/// One export to be checked: the item, the trade lane, the as-of date, the parties and the
/// declared end uses.
///
/// Build one with [`Scenario::from_json_str`], [`Scenario::from_toml_str`] or
/// [`Scenario::from_path`]; every field has passed validation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Scenario {
    /// Where the BOM comes from.
    pub bom: BomSource,
    /// Id of the exported item in the BOM.
    pub item: String,
    /// Country the item is exported from.
    pub from: Country,
    /// Destination country.
    pub to: Country,
    /// The as-of date: rules are applied as in force on this day.
    pub date: Date,
    /// Parties in file order; ids are unique and every owner names one of them.
    pub parties: Vec<Party>,
    /// Declared end-use tags (`civil`, `military`, `wmd`, ...), as written.
    pub end_uses: Vec<String>,
    /// How to read what the BOM leaves unsaid; overrides the BOM's own `assume`.
    pub assume: crate::Assumptions,
    /// Where each end use and list membership first appears, for checking against the
    /// packs' vocabulary.
    pub(crate) spots: crate::vocab::Spots,
    /// The file and text it was loaded from, for the determination's receipt.
    input: Option<doc::Input>,
    /// The limits it was loaded within, which its BOM file is loaded within too.
    limits: Limits,
}

/// Where a scenario's BOM comes from.
// A scenario holds one; boxing the inline BOM would buy nothing but an API change.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum BomSource {
    /// A BOM file. Relative paths written in a scenario file are resolved against that file's
    /// directory; in a scenario read from a string they are kept as written.
    Path(PathBuf),
    /// A BOM written inline in the scenario, already loaded and validated.
    Inline(Bom),
    /// None named: a scenario built in memory ([`Scenario::from_json_value`],
    /// [`crate::spec::ScenarioSpec`]) without a `bom`, whose caller passes the BOM to
    /// [`crate::evaluate`] or [`crate::Prepared::evaluate`].
    Given,
}

/// A party to the export, or an owner of one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Party {
    /// Unique id within the scenario; owners refer to parties by it.
    pub id: String,
    /// Descriptive name.
    pub name: Option<String>,
    /// Where the party is located; `None` = not declared.
    pub country: Option<Country>,
    /// Its roles in the transaction; empty for a party that is only an owner.
    pub roles: Vec<Role>,
    /// List memberships, `JURISDICTION:list-id` (`US:entity-list`, `US:entity-list:fn1`,
    /// `CN:control-list`), as written.
    pub lists: Vec<String>,
    /// Direct owners and their shares; the shares add up to at most 1.
    pub owners: Vec<Owner>,
}

impl Party {
    /// Whether the party has `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the party is on `list` or on a sub-designation of it: `US:entity-list` matches
    /// the memberships `US:entity-list` and `US:entity-list:fn1`, while `US:entity-list:fn1`
    /// matches only itself. Segments compare whole, so `US:entity` does not match
    /// `US:entity-list`.
    ///
    /// # Example
    /// ```
    /// let s = longarm::Scenario::from_json_str(r#"{ "bom": "b.json", "item": "X",
    ///   "from": "VN", "to": "DE", "date": "2026-12-01",
    ///   "parties": [ { "id": "p", "lists": ["US:entity-list:fn1"] } ] }"#).unwrap();
    /// let p = s.party("p").unwrap();
    /// assert!(p.on_list("US:entity-list"));
    /// assert!(p.on_list("US:entity-list:fn1"));
    /// assert!(!p.on_list("US:entity"));
    /// ```
    pub fn on_list(&self, list: &str) -> bool {
        self.lists.iter().any(|m| {
            m.strip_prefix(list)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
        })
    }
}

/// A direct owner of a party: the owner's party id and the fraction it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Owner {
    /// Id of the owning party.
    pub party: String,
    /// Fraction held, greater than 0 and at most 1.
    pub share: Decimal,
}

/// A party's role in the transaction.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Buys the item.
    Purchaser,
    /// Receives the item on its way to the ultimate consignee (a forwarder, a distributor).
    IntermediateConsignee,
    /// Receives the item for its own use or incorporation.
    UltimateConsignee,
    /// Uses the item.
    EndUser,
}

impl Role {
    /// Every role, in the order of the contract.
    pub const ALL: [Role; 4] = [
        Role::Purchaser,
        Role::IntermediateConsignee,
        Role::UltimateConsignee,
        Role::EndUser,
    ];

    /// The spelling in scenario files: `purchaser`, `intermediate_consignee`,
    /// `ultimate_consignee`, `end_user`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Purchaser => "purchaser",
            Role::IntermediateConsignee => "intermediate_consignee",
            Role::UltimateConsignee => "ultimate_consignee",
            Role::EndUser => "end_user",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Scenario {
    /// Loads a scenario from JSON text. A relative `bom` path is kept as written.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found, each with its JSON path and line.
    ///
    /// # Example
    /// ```
    /// use longarm::{Role, Scenario};
    /// let s = Scenario::from_json_str(r#"{
    ///   "bom": "motor.bom.json", "item": "MOTOR-200",
    ///   "from": "VN", "to": "DE", "date": "2026-12-01",
    ///   "parties": [
    ///     { "id": "buyer", "roles": ["purchaser", "end_user"],
    ///       "owners": [ { "party": "parent", "share": "0.6" } ] },
    ///     { "id": "parent", "lists": ["CN:control-list"] }
    ///   ] }"#).unwrap();
    /// assert_eq!(s.parties_in_role(Role::EndUser).count(), 1);
    /// let listed = s.owned_share("buyer", |p| p.on_list("CN:control-list"));
    /// assert_eq!(listed.to_string(), "0.6");
    /// ```
    pub fn from_json_str(text: &str) -> Result<Scenario, LoadError> {
        Self::from_json_str_with_limits(text, &Limits::default())
    }

    /// As [`Scenario::from_json_str`], within `limits` instead of the defaults (also for its
    /// BOM, inline or loaded by [`Scenario::load_bom`]).
    ///
    /// # Errors
    /// As [`Scenario::from_json_str`]; a limit reached is a problem naming it.
    pub fn from_json_str_with_limits(text: &str, limits: &Limits) -> Result<Scenario, LoadError> {
        Self::from_tree(doc::parse_json_nested(text, limits.nesting), None, limits)
            .map(|s| s.hashed(text, false))
    }

    /// Loads a scenario from JSON text, as [`Scenario::from_json_str`], and keeps the text in
    /// the receipt of its determinations, so that a scenario that never was a file (the one
    /// `longarm check` builds from its flags) can be replayed.
    ///
    /// # Errors
    /// As [`Scenario::from_json_str`].
    pub fn from_json_str_kept(text: &str) -> Result<Scenario, LoadError> {
        Self::from_json_str_kept_with_limits(text, &Limits::default())
    }

    /// As [`Scenario::from_json_str_kept`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Scenario::from_json_str`].
    pub fn from_json_str_kept_with_limits(
        text: &str,
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        Self::from_tree(doc::parse_json_nested(text, limits.nesting), None, limits)
            .map(|s| s.hashed(text, true))
    }

    /// Loads a scenario from TOML text with the same structure as the JSON format (the date
    /// may be a bare TOML date). A relative `bom` path is kept as written.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found, each with its path and line.
    pub fn from_toml_str(text: &str) -> Result<Scenario, LoadError> {
        Self::from_toml_str_with_limits(text, &Limits::default())
    }

    /// As [`Scenario::from_toml_str`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`]; a limit reached is a problem naming it.
    pub fn from_toml_str_with_limits(text: &str, limits: &Limits) -> Result<Scenario, LoadError> {
        Self::from_tree(doc::parse_toml_nested(text, limits.nesting), None, limits)
            .map(|s| s.hashed(text, false))
    }

    /// Loads a scenario file, JSON or TOML by its extension (`.json`, `.toml`). A relative
    /// `bom` path is resolved against the scenario file's directory.
    ///
    /// # Errors
    /// A [`LoadError`] naming the file, for an unreadable file, an unknown extension, or any
    /// problem in its content.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, LoadError> {
        Self::from_path_with_limits(path, &Limits::default())
    }

    /// As [`Scenario::from_path`], within `limits` instead of the defaults (also for its
    /// BOM, inline or loaded by [`Scenario::load_bom`]).
    ///
    /// # Errors
    /// As [`Scenario::from_path`]; a limit reached is a problem naming it.
    pub fn from_path_with_limits(
        path: impl AsRef<Path>,
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        let path = path.as_ref();
        let (tree, sha256) = doc::read_file_hashed(path, limits, |extension| {
            ProblemKind::UnknownScenarioFormat { extension }
        })?;
        match Self::from_tree(tree, Some(path.parent().unwrap_or(Path::new(""))), limits) {
            Ok(mut scenario) => {
                scenario.input = Some(doc::Input {
                    source: Some(path.to_path_buf()),
                    sha256,
                    text: None,
                });
                Ok(scenario)
            }
            Err(mut e) => {
                e.file = Some(path.to_path_buf());
                Err(e)
            }
        }
    }

    /// Builds a scenario from a JSON value held in memory — the scenario file's structure,
    /// built by a program. The same validation as [`Scenario::from_json_str`], except that
    /// `bom` may be left out ([`BomSource::Given`]: the caller passes the BOM to
    /// [`crate::evaluate`]). Problem paths name parties by id (`parties[buyer].owners[0]`),
    /// and items of an inline BOM too; they carry no line. A scenario built this way records
    /// no input in the determination's receipt.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found.
    ///
    /// # Example
    /// ```
    /// use longarm::{Bom, RuleSet, Scenario, Verdict};
    /// let bom = Bom::from_path("examples/motor.bom.json").unwrap();
    /// let scenario = Scenario::from_json_value(&serde_json::json!({
    ///     "item": "MOTOR-200", "from": "VN", "to": "DE", "date": "2026-12-01" })).unwrap();
    /// let rules = RuleSet::bundled().unwrap();
    /// let d = longarm::evaluate(&bom, &scenario, &rules).unwrap();
    /// assert_eq!(d.item, "MOTOR-200");
    ///
    /// let bad = serde_json::json!({ "item": "MOTOR-200", "from": "VN", "to": "DE",
    ///     "date": "2026-12-01", "parties": [ { "id": "buyer", "country": "Germany" } ] });
    /// let err = Scenario::from_json_value(&bad).unwrap_err();
    /// assert_eq!(err.problems[0].path, "parties[buyer].country");
    /// ```
    pub fn from_json_value(value: &serde_json::Value) -> Result<Scenario, LoadError> {
        Self::from_json_value_with_limits(value, &Limits::default())
    }

    /// As [`Scenario::from_json_value`], within `limits` instead of the defaults.
    ///
    /// # Errors
    /// As [`Scenario::from_json_value`]; a limit reached is a problem naming it.
    pub fn from_json_value_with_limits(
        value: &serde_json::Value,
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        let node = doc::value::from_value(value, limits.nesting).map_err(LoadError::in_memory)?;
        let parties = doc::value::ids_of(value.get("parties"));
        let items = doc::value::ids_of(value.get("bom").and_then(|b| b.get("items")));
        let rename = |path: &str| {
            doc::value::name_by_id(path, "parties", &parties)
                .or_else(|| doc::value::name_by_id(path, "bom.items", &items))
        };
        match load::load(&node, None, limits, false) {
            Ok(mut scenario) => {
                scenario.spots.rename_paths(rename);
                if let BomSource::Inline(bom) = &mut scenario.bom {
                    bom.spots_mut().rename_paths(rename);
                }
                Ok(scenario)
            }
            Err(mut e) => {
                for p in &mut e.problems {
                    if let Some(path) = rename(&p.path) {
                        p.path = path;
                    }
                }
                Err(e)
            }
        }
    }

    /// Remembers the hash of the text a scenario was read from (no file), and the text when
    /// `keep`.
    fn hashed(mut self, text: &str, keep: bool) -> Scenario {
        self.input = Some(doc::Input {
            source: None,
            sha256: doc::sha256_hex(text.as_bytes()),
            text: keep.then(|| text.to_owned()),
        });
        self
    }

    /// The SHA-256 (hex) of the text the scenario was loaded from, recorded in determinations
    /// so they can be replayed; `None` for a scenario written inline in a case file.
    pub fn sha256(&self) -> Option<&str> {
        self.input.as_ref().map(|i| i.sha256.as_str())
    }

    /// The file the scenario was loaded from, as given to [`Scenario::from_path`].
    pub fn source(&self) -> Option<&Path> {
        self.input.as_ref().and_then(|i| i.source.as_deref())
    }

    /// The text kept by [`Scenario::from_json_str_kept`].
    pub(crate) fn kept_text(&self) -> Option<&str> {
        self.input.as_ref().and_then(|i| i.text.as_deref())
    }

    fn from_tree(
        tree: Result<Node, SyntaxError>,
        base: Option<&Path>,
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        match tree {
            Ok(node) => load::load(&node, base, limits, true),
            Err(e) => Err(LoadError::syntax(None, e)),
        }
    }

    /// The scenario's BOM: a copy of the inline one, or the file loaded from its path.
    ///
    /// # Errors
    /// A [`LoadError`] naming the BOM file, as from [`Bom::from_path`].
    pub fn load_bom(&self) -> Result<Bom, LoadError> {
        match &self.bom {
            BomSource::Path(path) => Bom::from_path_with_limits(path, &self.limits),
            BomSource::Inline(bom) => Ok(bom.clone()),
            BomSource::Given => Err(LoadError::single(
                None,
                crate::error::Problem {
                    path: "bom".to_owned(),
                    line: None,
                    kind: ProblemKind::MissingField { field: "bom" },
                },
            )),
        }
    }

    /// The file the scenario was read from, if any.
    pub fn file(&self) -> Option<&Path> {
        self.source()
    }

    /// Where each end use and party-list value first appears.
    pub fn vocabulary_spots(&self) -> &crate::vocab::Spots {
        &self.spots
    }

    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// The parties that have `role`, in file order.
    pub fn parties_in_role(&self, role: Role) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(move |p| p.has_role(role))
    }

    /// Whether the end-use tag `tag` is declared.
    pub fn has_end_use(&self, tag: &str) -> bool {
        self.end_uses.iter().any(|t| t == tag)
    }
}

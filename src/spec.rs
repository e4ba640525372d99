//! Plain Rust structs for building a BOM and a scenario in code — from an ERP's records, a
//! database, a test — instead of writing JSON text.
//!
//! Each spec mirrors its file format field for field (`docs/formats.md`) and is turned into the
//! validated type by [`BomSpec::build`] / [`ScenarioSpec::build`] (or `TryFrom`), which run
//! the file loader's validation: the same problems, the same messages, every problem at once.
//! Paths name items and parties by id (`items[MAG-DY].components[0].quantity`) and carry no
//! line. Codes (countries, currencies, classifications), material forms, tags, end uses and
//! list memberships stay strings, so that a misspelling is reported by the loader with its path
//! and a suggestion rather than refused without one; amounts and quantities are exact
//! [`Decimal`]s. A scenario spec may leave out its BOM ([`crate::BomSource::Given`]): pass the
//! BOM to [`crate::evaluate`].
//!
//! The specs also serialise to (and deserialise from) the file formats, so a program can write
//! BOM files for the command line. Deserialising is strict (`deny_unknown_fields`), and reads
//! decimals exactly — from strings, integers and JSON numbers (their own text), never from a
//! binary float (a TOML float is refused: write the decimal as a string). For a file you did
//! not write yourself, [`crate::Bom::from_json_str`] and [`crate::Bom::from_toml_str`] report
//! every problem at once instead of the first.
//!
//! # Example
//! ```
//! use longarm::spec::{BomSpec, ItemSpec, PartySpec, ScenarioSpec};
//! use longarm::{Decimal, Role, RuleSet, Verdict};
//! use std::str::FromStr;
//!
//! let d = |s: &str| Decimal::from_str(s).unwrap();
//! let bom = BomSpec::new("USD")
//!     .item(ItemSpec::new("MOTOR").origin("VN").value(d("480.00"))
//!         .component("MAG", d("1")).component("HOUSING", d("1")))
//!     .item(ItemSpec::new("MAG").origin("CN").value(d("60.00"))
//!         .material("magnet", &["Nd", "Fe", "B", "Dy"]))
//!     .item(ItemSpec::new("HOUSING").origin("VN").value(d("20.00")).material("alloy", &["Al"]))
//!     .build()
//!     .unwrap();
//! let scenario = ScenarioSpec::new("MOTOR", "VN", "DE", "2026-12-01")
//!     .party(PartySpec::new("buyer").country("DE").role(Role::Purchaser).role(Role::EndUser))
//!     .end_use("civil")
//!     .build()
//!     .unwrap();
//! let rules = RuleSet::bundled().unwrap();
//! let determination = longarm::evaluate(&bom, &scenario, &rules).unwrap();
//! assert_ne!(determination.verdict, Verdict::NoLicenseRequired); // Chinese Dy magnet inside
//!
//! // Validation is the loader's: every problem, named by item id.
//! let err = BomSpec::new("USD")
//!     .item(ItemSpec::new("A").origin("China").component("B", d("0")))
//!     .build()
//!     .unwrap_err();
//! let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
//! assert_eq!(paths, ["items[A].origin", "items[A].components[0].quantity",
//!                    "items[A].components[0].item"]);
//! ```

use crate::{Bom, LoadError, MadeWithKind, Role, Scenario, UndeclaredMaterial};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A bill of materials, as the BOM file writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BomSpec {
    /// The BOM currency (`USD`): every value is converted to it.
    pub currency: String,
    /// Exchange rates: units of the BOM currency per one unit of each other currency.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "exact::map"
    )]
    pub fx: BTreeMap<String, Decimal>,
    /// Every item, in any order; ids unique.
    pub items: Vec<ItemSpec>,
    /// How to read what the BOM leaves unsaid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assume: Option<AssumeSpec>,
}

/// How to read what a BOM or scenario leaves unsaid (the `assume` table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssumeSpec {
    /// How a part that declares no material is read; `None` = the default (`none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undeclared_material: Option<UndeclaredMaterial>,
}

/// An item of a BOM: a product, an assembly, a part, a material.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ItemSpec {
    /// Unique id within the BOM.
    pub id: String,
    /// Descriptive name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Descriptive unit of measure (`kg`, `pcs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Country of origin, ISO 3166-1 alpha-2; `None` = unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Unit value; `None` = derived from the components, or unknown for a part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueSpec>,
    /// Classification codes by jurisdiction (`"US" -> "3A090.a"`, `"HS" -> "8501.52"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub classification: BTreeMap<String, String>,
    /// What the item is made of; `None` = not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<MaterialSpec>,
    /// Technology, software or plant it was made with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub made_with: Vec<MadeWithSpec>,
    /// Component lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentSpec>,
    /// Free tags a pack may read (`public-domain`, `food`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A unit value: an amount in the BOM currency, or an amount in another currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueSpec {
    /// In the BOM currency.
    Amount(#[serde(deserialize_with = "exact::decimal")] Decimal),
    /// In another currency, which needs an `fx` rate.
    Money {
        /// Not negative.
        #[serde(deserialize_with = "exact::decimal")]
        amount: Decimal,
        /// Three upper-case letters (`EUR`).
        currency: String,
    },
}

/// A material descriptor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MaterialSpec {
    /// `metal`, `oxide`, `magnet`, ... (`docs/formats.md`); `None` = unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Chemical symbols (`Nd`, `Dy`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<String>,
}

/// A technology, software or plant an item was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MadeWithSpec {
    /// Technology, software or plant.
    pub kind: MadeWithKind,
    /// Its origin; `None` = unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Its classification codes by jurisdiction.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub classification: BTreeMap<String, String>,
    /// What it was used for (`magnet-manufacturing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// Descriptive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A component line: `quantity` units of `item` per unit of the parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ComponentSpec {
    /// Id of an item of the same BOM.
    pub item: String,
    /// Greater than 0.
    #[serde(deserialize_with = "exact::decimal")]
    pub quantity: Decimal,
}

/// One export, as the scenario file writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScenarioSpec {
    /// The BOM; `None` = given to `evaluate` by the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom: Option<BomRefSpec>,
    /// Id of the exported item.
    pub item: String,
    /// Country exported from.
    pub from: String,
    /// Destination country.
    pub to: String,
    /// As-of date, `YYYY-MM-DD`.
    pub date: String,
    /// Parties and their owners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<PartySpec>,
    /// Declared end uses (`civil`, `military`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub end_uses: Vec<String>,
    /// How to read what the BOM leaves unsaid; overrides the BOM's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assume: Option<AssumeSpec>,
}

/// A scenario's BOM: a file path, or a BOM written inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BomRefSpec {
    /// A BOM file (`.json` or `.toml`), kept as written.
    Path(String),
    /// A BOM inline.
    Inline(Box<BomSpec>),
}

/// A party to the export, or an owner of one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PartySpec {
    /// Unique id within the scenario.
    pub id: String,
    /// Descriptive name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it is located; `None` = not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Its roles in the transaction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// List memberships (`US:entity-list`, `CN:control-list`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<String>,
    /// Direct owners and their shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<OwnerSpec>,
}

/// A direct owner of a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OwnerSpec {
    /// Id of the owning party.
    pub party: String,
    /// Fraction held, greater than 0 and at most 1.
    #[serde(deserialize_with = "exact::decimal")]
    pub share: Decimal,
}

/// Decimals read exactly: from a string, an integer, or a JSON number's own text — never
/// through a binary float, which a TOML float is (it is refused, with how to write it).
mod exact {
    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use std::collections::BTreeMap;
    use std::fmt;

    struct Exact;

    /// serde_json's key for a number kept as text (`arbitrary_precision`).
    const NUMBER_TOKEN: &str = "$serde_json::private::Number";

    /// `exponent`: a JSON number may have one; a string, as in the file formats, may not.
    fn parse<E: de::Error>(text: &str, exponent: bool) -> Result<Decimal, E> {
        crate::codes::decimal::parse_decimal(text, exponent)
            .map_err(|_| E::custom(format!("`{text}` is not an exact decimal")))
    }

    impl<'de> Visitor<'de> for Exact {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an exact decimal: a string such as \"12.50\", or a JSON number")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
            parse(text, false)
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(n))
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(n))
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "the float `{n}` may not be exact: write the decimal as a string (\"{n}\")"
            )))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
            match map.next_key::<String>()? {
                Some(key) if key == NUMBER_TOKEN => parse(&map.next_value::<String>()?, true),
                _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }

    pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Exact)
    }

    struct ExactDecimal(Decimal);

    impl<'de> serde::Deserialize<'de> for ExactDecimal {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decimal(d).map(ExactDecimal)
        }
    }

    pub fn map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Decimal>, D::Error> {
        let raw: BTreeMap<String, ExactDecimal> = serde::Deserialize::deserialize(d)?;
        Ok(raw.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

/// The spec as a JSON value (it has only string keys, so this cannot fail; an error would be
/// reported as a problem rather than a panic all the same).
fn to_value<T: Serialize>(spec: &T) -> Result<serde_json::Value, LoadError> {
    serde_json::to_value(spec).map_err(|e| LoadError {
        file: None,
        problems: vec![crate::error::Problem {
            path: String::new(),
            line: None,
            kind: crate::error::ProblemKind::Invalid {
                message: e.to_string(),
            },
        }],
    })
}

impl BomSpec {
    /// An empty BOM in `currency`.
    pub fn new(currency: impl Into<String>) -> Self {
        BomSpec {
            currency: currency.into(),
            ..BomSpec::default()
        }
    }

    /// Adds an item.
    #[must_use]
    pub fn item(mut self, item: ItemSpec) -> Self {
        self.items.push(item);
        self
    }

    /// Sets the rate of `currency`: units of the BOM currency per one unit of it.
    #[must_use]
    pub fn fx(mut self, currency: impl Into<String>, rate: Decimal) -> Self {
        self.fx.insert(currency.into(), rate);
        self
    }

    /// Sets how a part that declares no material is read.
    #[must_use]
    pub fn undeclared_material(mut self, reading: UndeclaredMaterial) -> Self {
        self.assume = Some(AssumeSpec {
            undeclared_material: Some(reading),
        });
        self
    }

    /// The validated BOM.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem, as [`Bom::from_json_value`].
    pub fn build(&self) -> Result<Bom, LoadError> {
        Bom::from_json_value(&to_value(self)?)
    }
}

impl TryFrom<&BomSpec> for Bom {
    type Error = LoadError;

    fn try_from(spec: &BomSpec) -> Result<Bom, LoadError> {
        spec.build()
    }
}

impl TryFrom<BomSpec> for Bom {
    type Error = LoadError;

    fn try_from(spec: BomSpec) -> Result<Bom, LoadError> {
        spec.build()
    }
}

impl ItemSpec {
    /// An item with only its id: origin, value and material unknown.
    pub fn new(id: impl Into<String>) -> Self {
        ItemSpec {
            id: id.into(),
            ..ItemSpec::default()
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the unit of measure.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// Sets the country of origin (`CN`).
    #[must_use]
    pub fn origin(mut self, country: impl Into<String>) -> Self {
        self.origin = Some(country.into());
        self
    }

    /// Sets the unit value in the BOM currency.
    #[must_use]
    pub fn value(mut self, amount: Decimal) -> Self {
        self.value = Some(ValueSpec::Amount(amount));
        self
    }

    /// Sets the unit value in another currency (which needs an `fx` rate).
    #[must_use]
    pub fn value_in(mut self, amount: Decimal, currency: impl Into<String>) -> Self {
        self.value = Some(ValueSpec::Money {
            amount,
            currency: currency.into(),
        });
        self
    }

    /// Adds a classification code (`"US", "3A090.a"`).
    #[must_use]
    pub fn classification(
        mut self,
        jurisdiction: impl Into<String>,
        code: impl Into<String>,
    ) -> Self {
        self.classification.insert(jurisdiction.into(), code.into());
        self
    }

    /// Declares the material: its form and its elements.
    #[must_use]
    pub fn material(mut self, form: impl Into<String>, elements: &[&str]) -> Self {
        self.material = Some(MaterialSpec {
            form: Some(form.into()),
            elements: elements.iter().map(|e| (*e).to_owned()).collect(),
        });
        self
    }

    /// Adds a technology, software or plant it was made with.
    #[must_use]
    pub fn made_with(mut self, made_with: MadeWithSpec) -> Self {
        self.made_with.push(made_with);
        self
    }

    /// Adds a component line.
    #[must_use]
    pub fn component(mut self, item: impl Into<String>, quantity: Decimal) -> Self {
        self.components.push(ComponentSpec {
            item: item.into(),
            quantity,
        });
        self
    }

    /// Adds a tag.
    #[must_use]
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }
}

impl MadeWithSpec {
    /// An entry of `kind` with nothing else declared.
    pub fn new(kind: MadeWithKind) -> Self {
        MadeWithSpec {
            kind,
            origin: None,
            classification: BTreeMap::new(),
            process: None,
            description: None,
        }
    }

    /// Sets its origin.
    #[must_use]
    pub fn origin(mut self, country: impl Into<String>) -> Self {
        self.origin = Some(country.into());
        self
    }

    /// Adds a classification code.
    #[must_use]
    pub fn classification(
        mut self,
        jurisdiction: impl Into<String>,
        code: impl Into<String>,
    ) -> Self {
        self.classification.insert(jurisdiction.into(), code.into());
        self
    }

    /// Sets the process it was used for.
    #[must_use]
    pub fn process(mut self, process: impl Into<String>) -> Self {
        self.process = Some(process.into());
        self
    }
}

impl ComponentSpec {
    /// `quantity` units of `item`.
    pub fn new(item: impl Into<String>, quantity: Decimal) -> Self {
        ComponentSpec {
            item: item.into(),
            quantity,
        }
    }
}

impl ScenarioSpec {
    /// An export of `item` from `from` to `to` on `date` (`YYYY-MM-DD`), with no parties or
    /// end uses, whose BOM the caller gives to `evaluate`.
    pub fn new(
        item: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        date: impl Into<String>,
    ) -> Self {
        ScenarioSpec {
            item: item.into(),
            from: from.into(),
            to: to.into(),
            date: date.into(),
            ..ScenarioSpec::default()
        }
    }

    /// Names the BOM file.
    #[must_use]
    pub fn bom_path(mut self, path: impl Into<String>) -> Self {
        self.bom = Some(BomRefSpec::Path(path.into()));
        self
    }

    /// Writes the BOM inline.
    #[must_use]
    pub fn bom_inline(mut self, bom: BomSpec) -> Self {
        self.bom = Some(BomRefSpec::Inline(Box::new(bom)));
        self
    }

    /// Adds a party.
    #[must_use]
    pub fn party(mut self, party: PartySpec) -> Self {
        self.parties.push(party);
        self
    }

    /// Adds a declared end use.
    #[must_use]
    pub fn end_use(mut self, end_use: impl Into<String>) -> Self {
        self.end_uses.push(end_use.into());
        self
    }

    /// Sets how a part that declares no material is read, over the BOM's own reading.
    #[must_use]
    pub fn undeclared_material(mut self, reading: UndeclaredMaterial) -> Self {
        self.assume = Some(AssumeSpec {
            undeclared_material: Some(reading),
        });
        self
    }

    /// The validated scenario.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem, as [`Scenario::from_json_value`].
    pub fn build(&self) -> Result<Scenario, LoadError> {
        Scenario::from_json_value(&to_value(self)?)
    }
}

impl TryFrom<&ScenarioSpec> for Scenario {
    type Error = LoadError;

    fn try_from(spec: &ScenarioSpec) -> Result<Scenario, LoadError> {
        spec.build()
    }
}

impl TryFrom<ScenarioSpec> for Scenario {
    type Error = LoadError;

    fn try_from(spec: ScenarioSpec) -> Result<Scenario, LoadError> {
        spec.build()
    }
}

impl PartySpec {
    /// A party with only its id.
    pub fn new(id: impl Into<String>) -> Self {
        PartySpec {
            id: id.into(),
            ..PartySpec::default()
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the country.
    #[must_use]
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// Adds a role.
    #[must_use]
    pub fn role(mut self, role: Role) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds a list membership (`US:entity-list`).
    #[must_use]
    pub fn list(mut self, list: impl Into<String>) -> Self {
        self.lists.push(list.into());
        self
    }

    /// Adds a direct owner holding `share` (greater than 0, at most 1).
    #[must_use]
    pub fn owner(mut self, party: impl Into<String>, share: Decimal) -> Self {
        self.owners.push(OwnerSpec {
            party: party.into(),
            share,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(value: &serde_json::Value) -> BTreeSet<String> {
        value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn set(fields: &[&str]) -> BTreeSet<String> {
        fields.iter().map(|f| (*f).to_owned()).collect()
    }

    /// The specs have exactly the fields the loaders accept: a field added to a loader
    /// without its spec (or the reverse) fails here.
    #[test]
    fn specs_have_the_loaders_fields() {
        use crate::bom::load as b;
        use crate::scenario::load as s;
        let one = Decimal::ONE;
        let item = ItemSpec::new("A")
            .name("a")
            .unit("pcs")
            .origin("CN")
            .value_in(one, "EUR")
            .classification("US", "EAR99")
            .material("metal", &["Dy"])
            .made_with(
                MadeWithSpec::new(MadeWithKind::Technology)
                    .origin("CN")
                    .classification("CN", "x")
                    .process("p"),
            )
            .component("B", one)
            .tag("t");
        let mut item = item;
        if let Some(m) = item.made_with.first_mut() {
            m.description = Some("d".to_owned());
        }
        let bom = BomSpec::new("USD")
            .fx("EUR", one)
            .undeclared_material(UndeclaredMaterial::Unknown)
            .item(item);
        let v = serde_json::to_value(&bom).unwrap_or_default();
        assert_eq!(keys(&v), set(b::TOP_FIELDS));
        let i = &v["items"][0];
        assert_eq!(keys(i), set(b::ITEM_FIELDS));
        assert_eq!(keys(&i["value"]), set(b::MONEY_FIELDS));
        assert_eq!(keys(&i["material"]), set(b::MATERIAL_FIELDS));
        assert_eq!(keys(&i["made_with"][0]), set(b::MADE_WITH_FIELDS));
        assert_eq!(keys(&i["components"][0]), set(b::LINE_FIELDS));
        let scenario = ScenarioSpec::new("A", "VN", "DE", "2026-12-01")
            .bom_inline(bom)
            .end_use("civil")
            .undeclared_material(UndeclaredMaterial::None)
            .party(
                PartySpec::new("p")
                    .name("P")
                    .country("DE")
                    .role(Role::EndUser)
                    .list("US:entity-list")
                    .owner("q", one),
            );
        let v = serde_json::to_value(&scenario).unwrap_or_default();
        assert_eq!(keys(&v), set(s::TOP_FIELDS));
        assert_eq!(keys(&v["parties"][0]), set(s::PARTY_FIELDS));
        assert_eq!(keys(&v["parties"][0]["owners"][0]), set(s::OWNER_FIELDS));
        assert_eq!(keys(&v["bom"]), set(b::TOP_FIELDS));
    }
}

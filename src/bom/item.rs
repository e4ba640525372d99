//! The validated BOM model: items, component lines, materials, provenance, money.

use crate::{Country, Currency};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Anything in a BOM: a product, an assembly, a part, a material.
///
/// Built only by the loader, so every field has passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Item {
    /// Unique id within the BOM.
    pub id: String,
    /// Descriptive name.
    pub name: Option<String>,
    /// Descriptive unit of measure (`kg`, `pcs`).
    pub unit: Option<String>,
    /// Country of origin; `None` = unknown.
    pub origin: Option<Country>,
    /// The declared unit value as written (amount and currency); `None` = not declared.
    pub value: Option<Money>,
    /// The declared unit value converted to the BOM currency.
    pub unit_value: Option<Decimal>,
    /// Jurisdiction -> classification code (`"US" -> "3A090.a"`, `"CN" -> "1C904.a"`).
    pub classification: BTreeMap<String, String>,
    /// What the item is made of, when it is a material or contains one as a whole.
    pub material: Option<Material>,
    /// Production provenance: technology, software or plant used to make the item.
    pub made_with: Vec<MadeWith>,
    /// Component lines in file order.
    pub components: Vec<ComponentLine>,
    /// Free tags a rule pack may read.
    pub tags: Vec<String>,
    /// The elements that the materials of the components below it declare, at any depth:
    /// what its breakdown accounts for.
    pub(crate) elements_below: crate::codes::element::ElementSet,
}

impl Item {
    /// The item's classification under `jurisdiction` (`"US"`, `"CN"`), if declared.
    pub fn classification(&self, jurisdiction: &str) -> Option<&str> {
        self.classification.get(jurisdiction).map(String::as_str)
    }

    /// Whether some component below the item, at any depth, declares a material with
    /// `symbol`: its breakdown accounts for that element.
    pub fn breakdown_has(&self, symbol: &str) -> bool {
        self.elements_below.contains(symbol)
    }

    /// Whether the item has a tag.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// One line of an item's component list: `quantity` units of `item` per unit of the parent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComponentLine {
    /// Id of the component item, an item of the same BOM.
    pub item: String,
    /// Greater than zero.
    pub quantity: Decimal,
}

/// An amount of money in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// The amount, not negative.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

/// A material descriptor: its form and its elements.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Material {
    /// `ore`, `concentrate`, `oxide`, `compound`, `metal`, `alloy`, `magnet`, `target`, ...
    pub form: Option<String>,
    /// Chemical symbols, e.g. `["Nd", "Fe", "B", "Dy"]`.
    pub elements: Vec<String>,
}

impl Material {
    /// Whether the material contains the element `symbol`.
    pub fn has_element(&self, symbol: &str) -> bool {
        self.elements.iter().any(|e| e == symbol)
    }
}

/// What kind of thing an item was made with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MadeWithKind {
    /// Technology used to make the item.
    Technology,
    /// Software used to make the item.
    Software,
    /// A complete plant, or a major component of one, that is itself a direct product of the
    /// technology or software described by the entry's origin and classification.
    Plant,
}

impl MadeWithKind {
    /// The spelling in BOM files: `technology`, `software`, `plant`.
    pub fn as_str(self) -> &'static str {
        match self {
            MadeWithKind::Technology => "technology",
            MadeWithKind::Software => "software",
            MadeWithKind::Plant => "plant",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "technology" => Some(MadeWithKind::Technology),
            "software" => Some(MadeWithKind::Software),
            "plant" => Some(MadeWithKind::Plant),
            _ => None,
        }
    }
}

/// Production provenance: technology, software or plant used to make an item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MadeWith {
    /// Technology, software or plant.
    pub kind: MadeWithKind,
    /// Origin of the technology, software or plant; `None` = unknown.
    pub origin: Option<Country>,
    /// Its classification codes by jurisdiction (`"CN" -> "1E902"`).
    pub classification: BTreeMap<String, String>,
    /// E.g. `magnet-manufacturing`, `smelting-separation`.
    pub process: Option<String>,
    /// Descriptive.
    pub description: Option<String>,
}

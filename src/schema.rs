//! JSON Schemas of the public file formats: the BOM file, the scenario file and the
//! determination (`docs/formats.md` describes them in prose).
//!
//! The determination's schema comes from its Rust types. BOM and scenario files are read by a
//! hand-written reader (it reports every problem at once and reads decimals from their text),
//! so their schemas come from the mirror types below, which exist only to be described; a test
//! checks that their fields are exactly the fields the loaders accept.
//!
//! A schema checks shape: required fields, types, patterns, closed objects. The loaders check
//! more (that a country code is assigned, that a component names an item of the file, that
//! shares add up to at most 1), so a file that passes its schema may still fail to load.
//!
//! The same schemas are checked in as `schemas/*.schema.json` and printed by
//! `longarm schema bom|scenario|determination`.
//!
//! ```
//! let bom = longarm::schema::bom();
//! assert_eq!(bom["additionalProperties"], false);
//! assert!(bom["required"].as_array().is_some_and(|r| r.contains(&"items".into())));
//! ```

// The mirror types are never built: they only describe the files.
#![allow(dead_code)]

use crate::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The JSON Schema (draft 2020-12) of a BOM file.
pub fn bom() -> Value {
    input::<BomFile>()
}

/// The JSON Schema (draft 2020-12) of a scenario file.
pub fn scenario() -> Value {
    input::<ScenarioFile>()
}

/// The JSON Schema (draft 2020-12) of a determination, the output of
/// `longarm check --format json`. Objects are open: later versions may add fields.
pub fn determination() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    finish(generator.into_root_schema_for::<crate::Determination>())
}

/// A schema as pretty JSON with a trailing newline, as checked in under `schemas/` and printed
/// by `longarm schema`.
pub fn to_pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The loaders read an optional field set to `null` as absent, and a required one as missing:
/// `Option` fields are generated as "T or null", the others without null.
fn input<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// A determination never writes `null`: an absent field is left out. `Option` fields are
/// generated as "T or null", so the null is taken out again.
fn finish(schema: Schema) -> Value {
    let mut value = schema.to_value();
    strip_null(&mut value);
    value
}

fn strip_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".to_owned(), only);
                }
            }
            let is_null = |v: &Value| v.get("type").is_some_and(|t| t == "null");
            if let Some(Value::Array(options)) = map.get_mut("anyOf") {
                options.retain(|o| !is_null(o));
                if let [only] = options.as_slice() {
                    let only = only.clone();
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(list) => list.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// A named string schema with a pattern and a description, for the code types.
fn string_schema(pattern: &str, description: &str) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": pattern,
        "description": description,
    })
}

/// An exact decimal.
struct DecimalText;

impl JsonSchema for DecimalText {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal: a string such as \"1500.00\" (preferred), or a JSON number, which is read from its text and never through binary floating point. Up to 28 significant digits.",
            "anyOf": [
                { "type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$" },
                { "type": "number" }
            ]
        })
    }
}

/// An ISO 3166-1 alpha-2 country code.
struct CountryCode;

impl JsonSchema for CountryCode {
    fn schema_name() -> Cow<'static, str> {
        "Country".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_schema(
            "^[A-Z]{2}$",
            "An ISO 3166-1 alpha-2 country code, upper case (`CN`, `US`, `DE`); the loader also checks that it is assigned (`XK` is accepted).",
        )
    }
}

/// A three-letter currency code.
struct CurrencyCode;

impl JsonSchema for CurrencyCode {
    fn schema_name() -> Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_schema(
            "^[A-Z]{3}$",
            "A currency code of three upper-case letters (`USD`, `EUR`).",
        )
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "format": "date",
            "description": "A calendar date `YYYY-MM-DD` (years 1000 to 9999; the day must exist). In TOML, a bare date is accepted too.",
        })
    }
}

/// A list membership: `JURISDICTION:list-id[:sub-id...]`.
struct ListMembership;

impl JsonSchema for ListMembership {
    fn schema_name() -> Cow<'static, str> {
        "ListMembership".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_schema(
            "^[A-Z]{2,}(:[a-z0-9]+(-[a-z0-9]+)*)+$",
            "A list membership `JURISDICTION:list-id`, optionally with sub-designations (`US:entity-list`, `US:entity-list:fn1`, `CN:control-list`). A party on a sub-designation is on the list it refines.",
        )
    }
}

/// A chemical element symbol.
struct ElementSymbol;

impl JsonSchema for ElementSymbol {
    fn schema_name() -> Cow<'static, str> {
        "Element".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_schema(
            "^[A-Z][a-z]{0,2}$",
            "A chemical element symbol, as written in the periodic table (`Dy`, `Nd`, `B`); the loader checks that the element exists.",
        )
    }
}

/// A bill of materials: items and the components they are made of, with their origins and
/// values. JSON, or TOML with the same structure.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Bom", title = "longarm BOM file")]
pub(crate) struct BomFile {
    /// The BOM currency: every value is converted to it, and every roll-up is in it.
    currency: CurrencyCode,
    /// Exchange rates: `fx[C]` is how many units of the BOM currency one unit of `C` is
    /// worth (with `currency = "USD"`, `"EUR": "1.08"` means 1 EUR = 1.08 USD). Rates are
    /// greater than 0. Needed for every other currency a value is written in.
    #[schemars(extend("propertyNames" = { "pattern": "^[A-Z]{3}$" }))]
    fx: Option<BTreeMap<String, DecimalText>>,
    /// Every item of the BOM, in any order. Ids are unique. Several roots (items that are
    /// nobody's component) make a catalogue; a scenario names the exported item.
    items: Vec<ItemFile>,
    /// How to read what the BOM leaves unsaid; a scenario's `assume` overrides it.
    assume: Option<AssumeFile>,
}

/// How to read what a BOM leaves unsaid.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Assume")]
pub(crate) struct AssumeFile {
    /// How a part (an item without components) that declares no `material` is read: `none`
    /// (the default: it contains no material a rule looks for, and the determination warns
    /// how many such parts there are) or `unknown` (a material condition on it is unknown,
    /// and the roll-up's bounds decide).
    undeclared_material: Option<UndeclaredMaterialName>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "UndeclaredMaterial")]
enum UndeclaredMaterialName {
    None,
    Unknown,
}

/// Anything in a BOM: a product, an assembly, a part, a material.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Item")]
pub(crate) struct ItemFile {
    /// Unique id within the file; components refer to items by it.
    id: String,
    /// Descriptive name.
    name: Option<String>,
    /// Descriptive unit of one quantity (`kg`, `m`); quantities of this item are in it.
    unit: Option<String>,
    /// Country of origin. Absent: unknown (rules that need it are open, never cleared).
    origin: Option<CountryCode>,
    /// Unit value: a decimal in the BOM currency, or an amount in another currency of `fx`.
    /// Absent on an item with components: derived as the sum of their extended values.
    /// Absent on an item without components: unknown.
    value: Option<ValueFile>,
    /// Classification codes by jurisdiction: `"US": "3A090.a"`, `"CN": "1C904.a"`,
    /// `"US": "EAR99"`; `"HS"` for the Harmonized System / HTS code. Absent: unknown where a
    /// rule needs the code and nothing else decides. Keys are jurisdictions in upper case.
    #[schemars(extend("propertyNames" = { "pattern": "^[A-Z]{2,}$" }))]
    classification: Option<BTreeMap<String, String>>,
    /// What the item is made of. Absent: the BOM declares no material.
    material: Option<MaterialFile>,
    /// Production provenance: technology, software or plant the item was made with. Absent:
    /// the BOM declares none.
    made_with: Option<Vec<MadeWithFile>>,
    /// Component lines: which items, how many per one unit of this item. Repeated lines for
    /// the same item add up.
    components: Option<Vec<ComponentFile>>,
    /// Free tags for facts a pack may read (`public-domain`, `enc-authorized`,
    /// `publicly-available`, `food`, `medicine`).
    tags: Option<Vec<String>>,
}

/// A unit value.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Value")]
enum ValueFile {
    /// In the BOM currency.
    Amount(DecimalText),
    /// In another currency.
    Money(MoneyFile),
}

/// An amount in a given currency; a currency other than the BOM's needs an `fx` rate.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Money")]
pub(crate) struct MoneyFile {
    /// Not negative.
    amount: DecimalText,
    currency: CurrencyCode,
}

/// A component line.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Component")]
pub(crate) struct ComponentFile {
    /// Id of an item of the same file.
    item: String,
    /// How many units of the component go into one unit of the parent; greater than 0.
    quantity: DecimalText,
}

/// A material descriptor.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Material")]
pub(crate) struct MaterialFile {
    /// The form packs match on: `ore`, `concentrate`, `oxide`, `compound`, `metal`, `alloy`,
    /// `powder`, `magnet`, `target`, `fiber`, `crystal`, `phosphor`, `ceramic`,
    /// `hydrogen-storage`, `magnetocaloric`, `magnetostrictive`, `superhard`, `graphite`,
    /// `cathode`, `anode`, `cell`, `other`. Absent: unknown where a rule needs it.
    form: Option<String>,
    /// The elements it contains, by chemical symbol.
    elements: Option<Vec<ElementSymbol>>,
}

/// A technology, software or plant an item was made with.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "MadeWith")]
pub(crate) struct MadeWithFile {
    kind: MadeWithKindName,
    /// Origin of the technology, software or plant. Absent: unknown.
    origin: Option<CountryCode>,
    /// Its classification codes by jurisdiction, as for items.
    #[schemars(extend("propertyNames" = { "pattern": "^[A-Z]{2,}$" }))]
    classification: Option<BTreeMap<String, String>>,
    /// What it was used for, e.g. `magnet-manufacturing`, `smelting-separation`.
    process: Option<String>,
    /// Descriptive.
    description: Option<String>,
}

/// `technology`, `software`, or `plant` (a complete plant, or a major component of one, that
/// is itself a direct product of the technology or software described by `origin` and
/// `classification`).
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "MadeWithKind")]
enum MadeWithKindName {
    Technology,
    Software,
    Plant,
}

/// One export: which item of which BOM, from where, to where, on what date, with which
/// parties and declared end uses. JSON, or TOML with the same structure.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Scenario", title = "longarm scenario file")]
pub(crate) struct ScenarioFile {
    bom: BomRef,
    /// Id of the exported item in the BOM.
    item: String,
    /// Country the item is exported from.
    from: CountryCode,
    /// Destination country.
    to: CountryCode,
    /// The as-of date: rules are applied as in force on this day.
    date: Date,
    /// The parties to the export and their owners. Ids are unique; owners name parties of
    /// the same list.
    parties: Option<Vec<PartyFile>>,
    /// Declared end-use tags (`civil`, `military`, `military-end-user`, `wmd`,
    /// `humanitarian`, ...): the core vocabulary of `docs/formats.md`, values the loaded
    /// packs declare, or values of your own starting `x-`. Any other value is an error; a
    /// tag no loaded rule reads is reported as a warning, never silently ignored.
    end_uses: Option<Vec<String>>,
    /// How to read what the BOM leaves unsaid; overrides the BOM's own `assume`.
    assume: Option<AssumeFile>,
}

/// The BOM: a file path, relative to the scenario file, or an inline BOM object.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "BomRef")]
enum BomRef {
    /// Path of a BOM file (`.json` or `.toml`), relative to the scenario file.
    Path(String),
    /// A BOM written inline.
    Inline(BomFile),
}

/// A party to the export, or an owner of one.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Party")]
pub(crate) struct PartyFile {
    /// Unique id within the scenario.
    id: String,
    /// Descriptive name.
    name: Option<String>,
    /// Where the party is located. Absent: not declared.
    country: Option<CountryCode>,
    /// Its roles in the transaction; none for a party that is only an owner.
    roles: Option<Vec<RoleName>>,
    /// List memberships.
    lists: Option<Vec<ListMembership>>,
    /// Direct owners and their shares; the shares of one party add up to at most 1.
    /// Ownership is aggregated through chains for rules that extend a list to affiliates.
    owners: Option<Vec<OwnerFile>>,
}

/// A party's role in the transaction.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Role")]
enum RoleName {
    Purchaser,
    IntermediateConsignee,
    UltimateConsignee,
    EndUser,
}

/// A direct owner.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Owner")]
pub(crate) struct OwnerFile {
    /// Id of the owning party, another party of the scenario.
    party: String,
    /// Fraction held: greater than 0, at most 1 (`"0.6"` is 60%).
    share: DecimalText,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn properties(schema: &Value, def: &str) -> BTreeSet<String> {
        let object = if def.is_empty() {
            schema
        } else {
            &schema["$defs"][def]
        };
        object["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn set(fields: &[&str]) -> BTreeSet<String> {
        fields.iter().map(|f| (*f).to_owned()).collect()
    }

    /// The mirror types describe exactly the fields the loaders accept: adding a field to a
    /// loader without its schema (or the reverse) fails here.
    #[test]
    fn mirror_types_have_the_loaders_fields() {
        use crate::bom::load as b;
        use crate::scenario::load as s;
        let bom = bom();
        assert_eq!(properties(&bom, ""), set(b::TOP_FIELDS));
        assert_eq!(properties(&bom, "Item"), set(b::ITEM_FIELDS));
        assert_eq!(properties(&bom, "Component"), set(b::LINE_FIELDS));
        assert_eq!(properties(&bom, "Money"), set(b::MONEY_FIELDS));
        assert_eq!(properties(&bom, "Material"), set(b::MATERIAL_FIELDS));
        assert_eq!(properties(&bom, "MadeWith"), set(b::MADE_WITH_FIELDS));
        let scenario = scenario();
        assert_eq!(properties(&scenario, ""), set(s::TOP_FIELDS));
        assert_eq!(properties(&scenario, "Party"), set(s::PARTY_FIELDS));
        assert_eq!(properties(&scenario, "Owner"), set(s::OWNER_FIELDS));
        // The inline BOM of a scenario is the BOM file's schema.
        assert_eq!(
            properties(&scenario, "Bom"),
            set(b::TOP_FIELDS),
            "{scenario:#}"
        );
    }

    #[test]
    fn enums_match_the_code() {
        // An enum whose variants are documented is a `oneOf` of `const`s.
        let names = |schema: &Value, def: &str| -> Vec<String> {
            let def = &schema["$defs"][def];
            match (def["enum"].as_array(), def["oneOf"].as_array()) {
                (Some(a), _) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                (None, Some(a)) => a
                    .iter()
                    .filter_map(|v| v["const"].as_str().map(str::to_owned))
                    .collect(),
                (None, None) => Vec::new(),
            }
        };
        let roles: Vec<String> = crate::Role::ALL
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect();
        assert_eq!(names(&scenario(), "Role"), roles);
        let kinds: Vec<String> = ["technology", "software", "plant"]
            .iter()
            .filter(|k| crate::bom::MadeWithKind::parse(k).is_some())
            .map(|k| (*k).to_owned())
            .collect();
        assert_eq!(names(&bom(), "MadeWithKind"), kinds);
        let d = determination();
        let facts: Vec<String> = crate::Facts::ALL.names().map(str::to_owned).collect();
        assert_eq!(names(&d, "Fact"), facts);
        let reviews: Vec<String> = [
            "approval",
            "case_by_case",
            "presumption_of_denial",
            "denial",
        ]
        .iter()
        .filter_map(|r| crate::rules::Review::parse(r).map(|r| r.as_str().to_owned()))
        .collect();
        assert_eq!(names(&d, "Review"), reviews);
        let fact_names: Vec<&str> = crate::eval::Fact::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(names(&d, "Fact"), fact_names);
        use crate::eval::{FindingEffect as E, FindingStatus as S, TraceStatus as T};
        let written: Vec<String> = [E::Reach, E::LicenseRequired, E::Exempt, E::WouldApply]
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect();
        assert_eq!(names(&d, "Effect"), written);
        let written: Vec<String> = [S::Applies, S::Unknown, S::Dormant]
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect();
        assert_eq!(names(&d, "Status"), written);
        let written: Vec<String> = [
            T::Applies,
            T::Unknown,
            T::Dormant,
            T::NotApplicable,
            T::NotInForce,
        ]
        .iter()
        .map(|e| e.as_str().to_owned())
        .collect();
        assert_eq!(names(&d, "TraceStatus"), written);
    }

    #[test]
    fn null_only_where_the_loaders_read_it_as_absent() {
        let bom = bom();
        assert_eq!(bom["$defs"]["Item"]["properties"]["id"]["type"], "string");
        assert_eq!(
            bom["$defs"]["Item"]["properties"]["name"]["type"],
            serde_json::json!(["string", "null"])
        );
        let text = determination().to_string();
        assert!(!text.contains("\"null\""), "{text}");
    }
}

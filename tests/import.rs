//! `longarm import`: the samples import to the committed BOMs and check; malformed inputs
//! report every problem at once, with line and column; nothing is filled in.

mod common;

use common::cli::{TempFile, longarm};
use longarm::import::{self, csv::CsvOptions, cyclonedx::CycloneDxOptions};
use longarm::limits::Limits;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn csv(text: &str, options: &CsvOptions) -> Result<import::Imported, import::ImportError> {
    import::csv::import(text, None, options, &Limits::default())
}

fn usd() -> CsvOptions {
    let mut o = CsvOptions::default();
    o.currency = Some("USD".to_owned());
    o
}

#[test]
fn the_erp_sample_imports_to_the_committed_bom_and_checks() {
    let (code, out, err) = longarm(&[
        "import",
        "csv",
        "examples/erp/motor-cs12.csv",
        "--map",
        "examples/erp/sap-cs12.map.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, read("examples/erp/motor-cs12.bom.json"));
    assert!(
        err.contains("read 13 rows: 12 items, 12 component lines"),
        "{err}"
    );
    assert!(err.contains("imported 12 items"), "{err}");
    // The same input gives the same bytes.
    let again = longarm(&[
        "import",
        "csv",
        "examples/erp/motor-cs12.csv",
        "--map",
        "examples/erp/sap-cs12.map.toml",
    ]);
    assert_eq!(again.1, out);

    let bom = longarm::Bom::from_path("examples/erp/motor-cs12.bom.json").unwrap();
    // 1.600 G of magnet is 1.6 kg; 40 G of Dy per kg of magnet is 0.04 kg; the magnet's
    // price of 60,00 per 1.000 G is 60.00 per kg.
    let rotor = bom.item("ROTOR").unwrap();
    assert_eq!(rotor.components[0].quantity.to_string(), "1.6");
    let magnet = bom.item("MAG-DY").unwrap();
    assert_eq!(magnet.unit.as_deref(), Some("kg"));
    assert_eq!(magnet.unit_value.unwrap().to_string(), "60.00");
    assert_eq!(magnet.components[0].quantity.to_string(), "0.04");
    assert_eq!(
        bom.item("DY-METAL")
            .unwrap()
            .unit_value
            .unwrap()
            .to_string(),
        "350.00"
    );
    // 8.000 screws per base quantity 1.000 housings at 45,00 EUR per 1.000 pieces.
    let housing = bom.item("HOUSING").unwrap();
    assert_eq!(housing.components[0].quantity.to_string(), "8");
    assert_eq!(
        bom.item("SCREW-M6")
            .unwrap()
            .value
            .unwrap()
            .amount
            .to_string(),
        "0.045"
    );
    // The stack listed under the rotor and the stator is one item.
    assert_eq!(
        bom.items()
            .iter()
            .filter(|i| i.id == "LAMINATION-STACK")
            .count(),
        1
    );
    // Unknown stays unknown: no origin in the export, none in the BOM.
    assert_eq!(bom.item("BEARING").unwrap().origin, None);
    assert_eq!(bom.item("SCREW-M6").unwrap().origin, None);

    let (code, out, err) = longarm(&["check", "examples/erp/motor-cs12.scenario.json"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.starts_with("LICENSE REQUIRED  MOTOR-200"), "{out}");
    assert!(out.contains("content 22.40 / value 1500.00 USD"), "{out}");
}

#[test]
fn the_cyclonedx_sample_and_its_declaration_import_and_check() {
    let (code, out, err) = longarm(&[
        "import",
        "cyclonedx",
        "examples/plm/pump-drive.cdx.json",
        "--currency",
        "USD",
        "--fx",
        "EUR=1.08",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, read("examples/plm/pump-drive.bom.json"));
    // What was not mapped is listed, not dropped silently.
    assert!(
        err.contains("component field `purl` (1x, first at line 65)"),
        "{err}"
    );
    assert!(err.contains("property `plm:lifecycle` (2x"), "{err}");
    assert!(
        err.contains("origin of 2 item(s) taken from the manufacturer"),
        "{err}"
    );
    assert!(
        err.contains("origin of 1 item(s) taken from the supplier"),
        "{err}"
    );
    let bom = longarm::Bom::from_path("examples/plm/pump-drive.bom.json").unwrap();
    assert_eq!(bom.item("MAG-TB").unwrap().origin.unwrap().as_str(), "CN");
    assert_eq!(bom.item("SEAL-KIT").unwrap().origin, None);
    assert_eq!(bom.item("VFD-FW").unwrap().value, None);
    assert_eq!(
        bom.item("VFD-4K").unwrap().unit_value.unwrap().to_string(),
        "777.6000"
    );

    let (code, out, err) = longarm(&[
        "import",
        "ipc1752",
        "examples/plm/mag-tb.ipc1752a.xml",
        "--into",
        "examples/plm/pump-drive.bom.json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, read("examples/plm/pump-drive-declared.bom.json"));
    assert!(err.contains("added Tb, Ni, Cu"), "{err}");
    assert!(err.contains("Tb 8 g of `NdFeB magnet body`"), "{err}");
    assert!(err.contains("`Epoxy resin` (25068-38-6)"), "{err}");

    // The terbium the PLM did not list: the magnet's Chinese-origin rare-earth content is
    // open until its breakdown is known.
    let (code, out, err) = longarm(&["check", "examples/plm/pump-drive-us.scenario.json"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(out.contains("`MAG-TB`: breakdown"), "{out}");
}

#[test]
fn every_csv_problem_is_reported_at_once_with_line_and_column() {
    let text = "\
Level,Part number,Description,Qty,UoM,Country of origin,Price,Currency,Plant,Remark
0,TOP,Top assembly,,,VN,100.00,USD,1000,
1,A,Part A,abc,PC,CN,1.00,USD,1000,
1,B,Part B,0,PC,CN,1.00,USD,1000,
1,C,Part C,,PC,CN,1.00,USD,1000,
3,D,Part D,1,PC,CN,1.00,USD,1000,
1,E,Part E,\"1,5\",PC,Germany,1.00,USD,1000,
1,SUB,Sub-assembly,1,PC,VN,,USD,1000,
2,F,Part F,2,PC,JP,1.00,USD,1000,
1,SUB,Sub-assembly,1,PC,KR,,USD,1000,
2,F,Part F,3,PC,JP,1.00,USD,1000,
";
    let e = csv(text, &usd()).unwrap_err();
    let shown = e.to_string();
    let has = |line: u64, place: &str, needle: &str| {
        assert!(
            e.problems.iter().any(|p| p.spot.line == Some(line)
                && p.spot.place.as_deref().unwrap_or("").contains(place)
                && p.message.contains(needle)),
            "line {line} {place} {needle}:\n{shown}"
        );
    };
    has(3, "column 4 (Qty)", "`abc` is not a number");
    has(4, "column 4 (Qty)", "not greater than 0");
    has(5, "column 4 (Qty)", "no quantity");
    has(6, "column 1 (Level)", "a level was skipped");
    has(7, "column 4 (Qty)", "--decimal-comma");
    // The loader's problem, reported where the fact came from, with its suggestion.
    has(7, "column 6 (Country of origin)", "`DE`");
    // A repeated sub-assembly that disagrees: both rows named.
    has(10, "column 6 (Country of origin)", "at line 8");
    has(
        10,
        "column 2 (Part number)",
        "other components than at line 8",
    );
    assert!(e.problems.len() >= 8, "{shown}");
    assert!(shown.contains("nothing imported"), "{shown}");
}

#[test]
fn csv_lists_unknown_columns_and_keeps_unknowns_unknown() {
    let text = "\
Level,Part number,Qty,Country of origin,Price,Currency,Plant,Remark
0,TOP,,VN,,USD,1000,
1,A,2,,n/a,,1000,spare
";
    let imported = csv(text, &usd()).unwrap();
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("`Plant` (column 7), `Remark` (column 8)")),
        "{:?}",
        imported.notes
    );
    let a = imported.bom.item("A").unwrap();
    assert_eq!(a.origin, None);
    assert_eq!(a.value, None);
    assert!(!imported.json.contains("\"origin\": \"\""));
}

#[test]
fn csv_decimal_commas_only_with_the_option_and_tsv_guessed() {
    let text = "Level\tPart number\tQty\tUoM\tPrice\tCurrency\n0\tTOP\t\t\t\tEUR\n1\tA\t1.250,5\tG\t2,00\tEUR\n";
    assert!(csv(text, &CsvOptions::default()).is_err());
    let mut o = CsvOptions::default();
    o.decimal_comma = true;
    let imported = csv(text, &o).unwrap();
    let top = imported.bom.item("TOP").unwrap();
    // 1.250,5 g is 1.2505 kg; 2,00 EUR per g is 2000 EUR per kg.
    assert_eq!(top.components[0].quantity.to_string(), "1.2505");
    assert_eq!(
        imported
            .bom
            .item("A")
            .unwrap()
            .unit_value
            .unwrap()
            .to_string(),
        "2000"
    );
    assert_eq!(imported.bom.currency().as_str(), "EUR");
}

#[test]
fn csv_needs_its_key_columns_and_a_currency() {
    let e = csv("Part,Description\nA,x\n", &CsvOptions::default()).unwrap_err();
    let shown = e.to_string();
    assert!(shown.contains("no `level` column"), "{shown}");
    assert!(shown.contains("no `quantity` column"), "{shown}");
    let e = csv(
        "Level,Part number,Qty,Price,Currency\n0,T,,1,USD\n1,A,1,1,EUR\n",
        &CsvOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("several currencies"), "{e}");
    let mut o = usd();
    o.fx.insert("EUR".to_owned(), "1.08".parse().unwrap());
    let ok = csv(
        "Level,Part number,Qty,Price,Currency\n0,T,,1,USD\n1,A,1,1,EUR\n",
        &o,
    )
    .unwrap();
    assert!(ok.json.contains("\"EUR\": \"1.08\""), "{}", ok.json);
}

#[test]
fn csv_mapping_file_names_columns_and_rejects_unknown_keys() {
    let map = TempFile::new(
        "import-map",
        "map.toml",
        "[columns]\nlevel = \"Stufe\"\nid = \"Komponente\"\nquantity = \"Menge\"\nignore = [\"Werk\"]\n",
    );
    let data = TempFile::new(
        "import-map-data",
        "bom.csv",
        "Stufe;Komponente;Menge;Werk\n0;T;;1000\n1;A;2;1000\n",
    );
    let (code, out, err) = longarm(&[
        "import",
        "csv",
        &data.path,
        "--map",
        &map.path,
        "--currency",
        "USD",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"item\": \"A\""), "{out}");
    assert!(!err.contains("not imported"), "{err}");
    let bad = TempFile::new("import-map-bad", "map.toml", "[columns]\nlevle = \"x\"\n");
    let (code, _, err) = longarm(&["import", "csv", &data.path, "--map", &bad.path]);
    assert_eq!(code, 1);
    assert!(err.contains("levle"), "{err}");
}

fn cdx(text: &str) -> Result<import::Imported, import::ImportError> {
    let mut o = CycloneDxOptions::default();
    o.currency = Some("USD".to_owned());
    import::cyclonedx::import(text, None, &o, &Limits::default())
}

#[test]
fn cyclonedx_problems_are_reported_with_line_and_path() {
    let text = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": { "component": { "bom-ref": "TOP", "name": "Top" } },
  "components": [
    { "bom-ref": "A", "properties": [ { "name": "longarm:orign", "value": "CN" } ] },
    { "bom-ref": "B", "properties": [ { "name": "longarm:quantity", "value": "1,5" } ] },
    { "bom-ref": "A" },
    { "bom-ref": "C", "properties": [ { "name": "longarm:quantity", "value": "1" }, { "name": "longarm:origin", "value": "China" } ] }
  ],
  "dependencies": [ { "ref": "TOP", "dependsOn": ["A", "B", "C", "D"] } ]
}"#;
    let e = cdx(text).unwrap_err();
    let shown = e.to_string();
    assert!(shown.contains(":6: components[0].properties[0]: unknown property `longarm:orign`; did you mean `longarm:origin`?"), "{shown}");
    assert!(
        shown.contains(":7: components[1].properties[0]: `1,5` contains a comma"),
        "{shown}"
    );
    assert!(
        shown.contains(":8: components[2]: item id `A` again (first at line 6)"),
        "{shown}"
    );
    assert!(
        shown.contains(":11: dependencies[0].dependsOn[3]: no component with bom-ref `D`"),
        "{shown}"
    );
    assert!(
        shown.contains("`A` is a part of another component but has no `longarm:quantity`"),
        "{shown}"
    );
    assert!(
        shown.contains(":9: components[3].properties[1]: origin:"),
        "{shown}"
    );
    assert!(shown.contains("`CN`"), "{shown}");
    assert!(
        cdx("{\"bomFormat\": \"SPDX\"}")
            .unwrap_err()
            .to_string()
            .contains("not a CycloneDX BOM")
    );
    assert!(cdx("{").is_err());
}

#[test]
fn ipc1752_problems_name_file_and_line() {
    let bom = longarm::Bom::from_path("examples/plm/pump-drive.bom.json").unwrap();
    let xml = r#"<MainDeclaration xmlns="http://webstds.ipc.org/175x/2.0">
<Product><ProductID itemNumber="MAG-TX"/>
<MaterialInfo><HomogeneousMaterialList><HomogeneousMaterial name="m">
<SubstanceCategoryList><SubstanceCategory name="s">
<Substance name="Dysprosium"><SubstanceID identity="7429-91-5" authority="CAS"/></Substance>
</SubstanceCategory></SubstanceCategoryList></HomogeneousMaterial></HomogeneousMaterialList></MaterialInfo>
</Product></MainDeclaration>"#;
    let e = import::ipc1752::merge(
        &bom,
        &[("decl.xml".into(), xml.to_owned())],
        &Limits::default(),
    )
    .unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains(
            "decl.xml:2: ProductID/@itemNumber: no item `MAG-TX` in the BOM; did you mean `MAG-TB`?"
        ),
        "{shown}"
    );
    assert!(shown.contains("decl.xml:5: SubstanceID: CAS number `7429-91-5` is malformed or its check digit is wrong"), "{shown}");
    let broken = import::ipc1752::merge(
        &bom,
        &[(
            "broken.xml".into(),
            "<MainDeclaration><Product></MainDeclaration>".to_owned(),
        )],
        &Limits::default(),
    )
    .unwrap_err();
    assert!(
        broken.to_string().contains("not well-formed XML"),
        "{broken}"
    );
}

#[test]
fn cyclonedx_near_misses_of_the_longarm_namespace_are_errors_not_clearances() {
    // A magnet made in CN by a VN manufacturer: a near miss of `longarm:origin` must not
    // let the origin fall back to the manufacturer's country.
    let bom = |name: &str| {
        serde_json::json!({
            "bomFormat": "CycloneDX", "specVersion": "1.6",
            "metadata": { "component": { "bom-ref": "TOP", "name": "top", "properties": [
                { "name": "longarm:origin", "value": "VN" },
                { "name": "longarm:value", "value": "100" } ],
                "components": [ { "bom-ref": "MAG", "name": "magnet",
                    "manufacturer": { "address": { "country": "VN" } },
                    "properties": [
                        { "name": "longarm:quantity", "value": "1" },
                        { "name": name, "value": "CN" },
                        { "name": "longarm:value", "value": "10" } ] } ] } }
        })
        .to_string()
    };
    assert!(cdx(&bom("longarm:origin")).is_ok());
    for (name, meant) in [
        ("Longarm:origin", "longarm:origin"),
        (" longarm:origin", "longarm:origin"),
        ("longarm :origin", "longarm:origin"),
        ("longarm: origin", "longarm:origin"),
        ("LONGARM:ORIGIN", "longarm:origin"),
        ("longarm:Origin", "longarm:origin"),
        ("longarm :material:form", "longarm:material:form"),
        (" longarm:material:elements", "longarm:material:elements"),
        ("Longarm:classification:us", "longarm:classification:US"),
        ("longarm:quantity: TOP", "longarm:quantity:TOP"),
    ] {
        let e = cdx(&bom(name)).unwrap_err().to_string();
        assert!(
            e.contains(&format!("did you mean `{meant}`?")),
            "{name}: {e}"
        );
    }
    // Another namespace is listed as not imported, as before.
    let ok = cdx(&bom("vendor:origin")).unwrap();
    assert!(
        ok.notes
            .iter()
            .any(|n| n.contains("property `vendor:origin`")),
        "{:?}",
        ok.notes
    );
}

#[test]
fn cyclonedx_without_dependencies_says_why_the_product_has_no_parts() {
    let text = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "metadata": { "component": { "bom-ref": "MOTOR", "properties": [
            { "name": "longarm:origin", "value": "VN" },
            { "name": "longarm:value", "value": "100" } ] } },
        "components": [
            { "bom-ref": "MAG", "properties": [ { "name": "longarm:origin", "value": "CN" } ] },
            { "bom-ref": "HOUSING", "properties": [ { "name": "longarm:origin", "value": "VN" } ] } ]
    })
    .to_string();
    let ok = cdx(&text).unwrap();
    let note = ok
        .notes
        .iter()
        .find(|n| n.contains("has no parts"))
        .unwrap_or_else(|| panic!("{:?}", ok.notes));
    assert!(
        note.contains("`MOTOR`") && note.contains("no `dependencies`"),
        "{note}"
    );
    assert!(
        note.contains("`MAG`") && note.contains("`HOUSING`"),
        "{note}"
    );
    // With the graph, no such note.
    let mut with: serde_json::Value = serde_json::from_str(&text).unwrap();
    with["dependencies"] = serde_json::json!([{ "ref": "MOTOR", "dependsOn": ["MAG", "HOUSING"] }]);
    with["components"][0]["properties"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "name": "longarm:quantity", "value": "1" }));
    with["components"][1]["properties"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "name": "longarm:quantity", "value": "1" }));
    let ok = cdx(&with.to_string()).unwrap();
    assert!(
        !ok.notes.iter().any(|n| n.contains("has no parts")),
        "{:?}",
        ok.notes
    );
}

#[test]
fn ipc1752_undeclared_entities_are_errors_and_zero_padded_cas_numbers_map() {
    let bom = longarm::Bom::from_path("examples/plm/pump-drive.bom.json").unwrap();
    let decl = |item: &str, cas: &str| {
        format!(
            r#"<?xml version="1.0"?>
<!DOCTYPE M [<!ENTITY tb "7440-27-9"><!ENTITY id "MAG-TB">]>
<MainDeclaration version="2.0"><Product><ProductID itemNumber="{item}"/><MaterialInfo><HomogeneousMaterialList><HomogeneousMaterial name="x">
<SubstanceCategoryList><SubstanceCategory><Substance name="s"><SubstanceID identity="{cas}" authority="CAS"/></Substance></SubstanceCategory></SubstanceCategoryList></HomogeneousMaterial></HomogeneousMaterialList></MaterialInfo></Product></MainDeclaration>"#
        )
    };
    let merge =
        |xml: String| import::ipc1752::merge(&bom, &[("d.xml".into(), xml)], &Limits::default());
    // A DOCTYPE entity is never expanded, and never read as an absent value.
    let e = merge(decl("MAG-TB", "&tb;")).unwrap_err().to_string();
    assert!(e.contains("d.xml:4: SubstanceID/@identity"), "{e}");
    assert!(
        e.contains("`SubstanceID`") && e.contains("entity `tb`"),
        "{e}"
    );
    let e = merge(decl("&id;", "7429-91-6")).unwrap_err().to_string();
    assert!(e.contains("d.xml:3: ProductID/@itemNumber"), "{e}");
    assert!(e.contains("entity `id`"), "{e}");
    assert!(!e.contains("without `itemNumber`"), "{e}");
    // Predefined entities and character references are read.
    let ok = merge(decl("MAG&#45;TB", "7429&#x2D;91-6")).unwrap();
    let tb = ok.bom.item("MAG-TB").unwrap();
    assert!(
        tb.material
            .as_ref()
            .unwrap()
            .elements
            .iter()
            .any(|e| e == "Dy"),
        "{:?}",
        ok.notes
    );
    // Leading zeros do not change the check digit: the number maps.
    let ok = merge(decl("MAG-TB", "007429-91-6")).unwrap();
    let tb = ok.bom.item("MAG-TB").unwrap();
    assert!(
        tb.material
            .as_ref()
            .unwrap()
            .elements
            .iter()
            .any(|e| e == "Dy"),
        "{:?}",
        ok.notes
    );
    assert!(
        !ok.notes.iter().any(|n| n.contains("mapped to no element")),
        "{:?}",
        ok.notes
    );
    // A wrong check digit stays an error, padded or not.
    let e = merge(decl("MAG-TB", "007429-91-5"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("check digit is wrong"), "{e}");
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    /// Rows built from pieces that matter to the CSV reader: levels, numbers with commas and
    /// dots, units, quotes, separators.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[0-3]",
            "\\.{1,3}[0-3]",
            "[0-9]{1,4}([.,][0-9]{1,3})?",
            "(kg|g|PC|t|box)",
            "(CN|US|VN|Germany|n/a)",
            "[A-C]",
            "\"[a-z,;]{0,4}\"",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn csv_rows_never_panic(rows in prop::collection::vec(prop::collection::vec(cell(), 0..7), 0..12), comma in any::<bool>()) {
            let mut text = String::from("Level,Part number,Qty,UoM,Country of origin,Price,Currency\n");
            for r in rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            let mut o = usd();
            o.decimal_comma = comma;
            let _ = csv(&text, &o);
        }

        #[test]
        fn any_text_never_panics_an_importer(text in "\\PC{0,200}") {
            let _ = csv(&text, &CsvOptions::default());
            let _ = cdx(&text);
            let bom = longarm::Bom::from_json_str(r#"{ "currency": "USD", "items": [ { "id": "A" } ] }"#).unwrap();
            let _ = import::ipc1752::merge(&bom, &[("x.xml".into(), text.clone())], &Limits::default());
            let xml = format!("<MainDeclaration><Product><ProductID itemNumber=\"A\"/>{text}</Product></MainDeclaration>");
            let _ = import::ipc1752::merge(&bom, &[("x.xml".into(), xml)], &Limits::default());
        }
    }
}

#[test]
fn cyclonedx_shared_component_takes_a_quantity_per_parent() {
    let text = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": { "component": { "bom-ref": "TOP", "properties": [ { "name": "longarm:value", "value": "100" } ] } },
  "components": [
    { "bom-ref": "L", "properties": [ { "name": "longarm:quantity", "value": "1" } ] },
    { "bom-ref": "R", "properties": [ { "name": "longarm:quantity", "value": "1" } ] },
    { "bom-ref": "BOLT", "properties": [
        { "name": "longarm:quantity:L", "value": "4" },
        { "name": "longarm:quantity:R", "value": "6" },
        { "name": "longarm:value", "value": "0.25" } ] }
  ],
  "dependencies": [
    { "ref": "TOP", "dependsOn": ["L", "R"] },
    { "ref": "L", "dependsOn": ["BOLT"] },
    { "ref": "R", "dependsOn": ["BOLT"] }
  ]
}"#;
    let imported = cdx(text).unwrap();
    let q = |parent: &str| {
        imported.bom.item(parent).unwrap().components[0]
            .quantity
            .to_string()
    };
    assert_eq!(q("L"), "4");
    assert_eq!(q("R"), "6");
    let stray = text.replace(
        "\"dependsOn\": [\"BOLT\"] }\n  ]",
        "\"dependsOn\": [] }\n  ]",
    );
    let e = cdx(&stray).unwrap_err().to_string();
    assert!(
        e.contains("`longarm:quantity:R`: `R` does not list this component as a part"),
        "{e}"
    );
}

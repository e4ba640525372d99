//! JSON and TOML read the same model; no input, however malformed, makes loading panic.

use longarm::Bom;
use proptest::prelude::*;

#[test]
fn json_and_toml_samples_load_the_same_bom() {
    let json = Bom::from_path("examples/motor.bom.json").unwrap();
    let toml = Bom::from_path("examples/motor.bom.toml").unwrap();
    assert_eq!(json.items(), toml.items());
    assert_eq!(json.fx(), toml.fx());
    assert_eq!(json.currency(), toml.currency());
}

#[test]
fn toml_floats_are_read_from_their_text() {
    let bom = Bom::from_toml_str(
        "currency = \"USD\"\n[[items]]\nid = \"A\"\nvalue = 0.1000000000000000000000000001\n",
    )
    .unwrap();
    assert_eq!(
        bom.item("A").unwrap().unit_value.unwrap().to_string(),
        "0.1000000000000000000000000001"
    );
    let err =
        Bom::from_toml_str("currency = \"USD\"\n[[items]]\nid = \"A\"\nvalue = nan\n").unwrap_err();
    assert!(err.to_string().contains("malformed decimal `nan`"), "{err}");
    let err = Bom::from_toml_str("currency = \"USD\"\n[[items]]\nid = \"A\"\nvalue = 0x10\n")
        .unwrap_err();
    assert!(
        err.to_string().contains("malformed decimal `0x10`"),
        "{err}"
    );
}

#[test]
fn roots_are_listed_in_file_order() {
    let bom = Bom::from_json_str(
        r#"{ "currency": "USD", "items": [ {"id": "P2", "components": [{"item": "X", "quantity": "1"}]},
             {"id": "X"}, {"id": "P1", "components": [{"item": "X", "quantity": "1"}]} ] }"#,
    )
    .unwrap();
    let roots: Vec<_> = bom.roots().map(|i| i.id.as_str()).collect();
    assert_eq!(roots, ["P2", "P1"]);
}

const SAMPLE: &str = include_str!("../examples/motor.bom.json");

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Bom::from_json_str(&text);
        let _ = Bom::from_toml_str(&text);
    }

    /// Mutations of a valid file: deleted, duplicated and replaced spans.
    #[test]
    fn mutated_samples_never_panic(at in 0usize..SAMPLE.len(), len in 0usize..40, with in "[\\[\\]{}\",:0-9a-zA-Z.\\-]{0,8}") {
        let start = SAMPLE.floor_char_boundary(at);
        let end = SAMPLE.floor_char_boundary((start + len).min(SAMPLE.len()));
        let mutated = format!("{}{}{}", &SAMPLE[..start], with, &SAMPLE[end..]);
        if let Ok(bom) = Bom::from_json_str(&mutated) {
            for root in bom.roots() {
                let _ = longarm::tree::tree(&bom, Some(&root.id));
            }
        }
    }
}

//! The examples of `docs/formats.md` are the real files they say they are.

fn blocks(language: &str) -> Vec<String> {
    let text = std::fs::read_to_string("docs/formats.md").unwrap();
    let fence = format!("```{language}\n");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```\n").unwrap();
        out.push(body[..end].to_owned());
        rest = &body[end..];
    }
    out
}

fn file(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_json_examples_are_the_sample_files() {
    let json = blocks("json");
    assert_eq!(json.len(), 4, "{json:#?}");
    assert_eq!(json[0], file("examples/motor.bom.json"));
    assert_eq!(json[1], file("examples/motor.scenario.json"));
    assert_eq!(
        json[2],
        file("tests/cases/motor-last-day-of-suspension/expected.json")
    );
    let finding: serde_json::Value = serde_json::from_str(&json[3]).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&file(
        "tests/cases/unknown-origin-that-matters/expected.json",
    ))
    .unwrap();
    assert_eq!(finding, expected["jurisdictions"][0]["findings"][0]);
}

#[test]
fn the_case_file_example_is_from_the_sample_cases() {
    let toml = blocks("toml");
    assert_eq!(toml.len(), 2);
    assert!(file("examples/cases/motor.cases.toml").contains(&toml[0]));
    // The CSV mapping file's example is the sample mapping file.
    assert_eq!(toml[1], file("examples/erp/sap-cs12.map.toml"));
}

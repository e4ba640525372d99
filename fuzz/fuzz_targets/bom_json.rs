//! Any text as a JSON BOM: loads, or fails with problems; never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(bom) = longarm::Bom::from_json_str(text)
        && let Some(root) = bom.roots().next().map(|i| i.id.clone())
    {
        let _ = longarm::tree::tree(&bom, Some(&root)).map(|t| longarm::tree::render_text(&t));
    }
});

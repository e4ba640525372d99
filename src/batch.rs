//! `longarm check --batch FILE.jsonl`: one scenario per line in, one record per line out.
//!
//! Lines are read in chunks; each chunk is evaluated over the cores (rayon) and written in
//! input order, so memory stays bounded however long the input. Each BOM file is loaded once
//! and prepared once ([`longarm::Engine::prepare`]): its roll-ups are shared by every line on
//! the same item, destination, date and reading of undeclared materials.

use longarm::limits::Limits;
use longarm::{Bom, BomSource, Engine, EvalOptions, Prepared, RuleSet, Scenario, Verdict};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Lines evaluated together: enough to keep the cores busy, few enough to bound memory —
/// at most this many lines, and no more than [`CHUNK_BYTES`] of them (a line may carry a
/// whole BOM inline).
const CHUNK: usize = 4_096;
const CHUNK_BYTES: usize = 64 << 20;

/// One output line.
#[derive(serde::Serialize)]
struct Record<'a> {
    /// 1-based line of the input.
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    determination: Option<&'a longarm::Determination>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// What one line came to.
enum Outcome {
    Decided(Box<longarm::Determination>),
    Failed(String),
}

/// Everything the lines share: the engine, and each BOM file loaded and prepared once.
struct Shared<'e, 'r, 'a> {
    engine: &'e Engine<'r>,
    limits: &'a Limits,
    base: PathBuf,
    boms: &'a typed_arena::Arena<Bom>,
    /// By resolved path: the prepared BOM, or why it could not be loaded.
    prepared: HashMap<PathBuf, Result<Prepared<'e, 'r, 'a>, String>>,
}

impl<'e, 'r, 'a> Shared<'e, 'r, 'a> {
    /// Loads (once) the BOM files the parsed lines name.
    fn load(&mut self, scenarios: &[(usize, Result<Scenario, String>)]) {
        for (_, scenario) in scenarios {
            let Ok(Scenario {
                bom: BomSource::Path(path),
                ..
            }) = scenario
            else {
                continue;
            };
            if self.prepared.contains_key(path) {
                continue;
            }
            let loaded = Bom::from_path_with_limits(path, self.limits)
                .map(|bom| self.engine.prepare(self.boms.alloc(bom)))
                .map_err(|e| e.to_string());
            self.prepared.insert(path.clone(), loaded);
        }
    }
}

/// Runs a batch: `input` is a JSON Lines file, or `-` for standard input. Returns the exit
/// code: 1 when a line failed, else 2 when a licence is required, 3 when undetermined, 0.
pub fn run(
    input: &Path,
    rules: &RuleSet,
    options: EvalOptions,
    strict_materials: bool,
    limits: &Limits,
) -> Result<u8, String> {
    let stdin = input == Path::new("-");
    let reader: Box<dyn BufRead> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(input)
            .map_err(|e| format!("{}: cannot read the file: {e}", input.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let base = if stdin {
        PathBuf::new()
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let engine = Engine::new(rules);
    let boms = typed_arena::Arena::new();
    let mut shared = Shared {
        engine: &engine,
        limits,
        base,
        boms: &boms,
        prepared: HashMap::new(),
    };
    let progress = std::io::stderr().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut code = 0u8;
    let mut done = 0usize;
    let mut reader = reader;
    let mut number = 0usize;
    let mut at_end = false;
    loop {
        let mut chunk: Vec<(usize, Result<String, String>)> = Vec::with_capacity(CHUNK);
        let mut bytes = 0usize;
        while chunk.len() < CHUNK && bytes < CHUNK_BYTES && !at_end {
            match read_line(&mut reader, limits.input_bytes) {
                Ok(None) => at_end = true,
                Ok(Some(mut text)) => {
                    number = number.saturating_add(1);
                    // A byte-order mark opening the file is not content.
                    if number == 1
                        && let Ok(t) = &mut text
                        && let Some(rest) = t.strip_prefix('\u{feff}')
                    {
                        *t = rest.to_owned();
                    }
                    bytes = bytes.saturating_add(text.as_ref().map_or(0, String::len));
                    chunk.push((number, text));
                }
                Err(e) => return Err(format!("{}: cannot read: {e}", input.display())),
            }
        }
        if chunk.is_empty() {
            break;
        }
        let scenarios: Vec<(usize, Result<Scenario, String>)> = chunk
            .into_par_iter()
            .filter_map(|(n, text)| match text {
                Ok(t) if t.trim().is_empty() => None,
                Ok(t) => Some((n, parse(&t, &shared.base, strict_materials, limits))),
                Err(e) => Some((n, Err(e))),
            })
            .collect();
        shared.load(&scenarios);
        let (engine, prepared) = (shared.engine, &shared.prepared);
        let outcomes: Vec<(usize, Outcome)> = scenarios
            .into_par_iter()
            .map(|(n, s)| (n, decide(s, engine, prepared, options)))
            .collect();
        for (n, outcome) in &outcomes {
            let (determination, error) = match outcome {
                Outcome::Decided(d) => (Some(d.as_ref()), None),
                Outcome::Failed(e) => (None, Some(e.as_str())),
            };
            code = severer(
                code,
                match (determination, error) {
                    (_, Some(_)) => 1,
                    (Some(d), None) => match d.verdict {
                        Verdict::NoLicenseRequired => 0,
                        Verdict::LicenseRequired => 2,
                        Verdict::Undetermined => 3,
                    },
                    (None, None) => 0,
                },
            );
            let record = Record {
                line: *n,
                determination,
                error,
            };
            let text = serde_json::to_string(&record).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(write_error)?;
        }
        done = done.saturating_add(outcomes.len());
        if progress {
            eprint!("\r{done} scenarios");
        }
    }
    out.flush().map_err(write_error)?;
    if progress {
        eprintln!();
    }
    // An empty batch decided nothing: exit 0 would read as "no licence required".
    if done == 0 {
        return Err(format!("{}: no scenario in the batch", input.display()));
    }
    Ok(code)
}

/// The next line without its line ending, read at most `limit` bytes of it (a longer line is
/// skipped to its end and reported, never held whole); `None` at the end of the input.
fn read_line(
    reader: &mut dyn BufRead,
    limit: u64,
) -> std::io::Result<Option<Result<String, String>>> {
    let mut bytes = Vec::new();
    let mut limited =
        <&mut dyn BufRead as std::io::Read>::take(&mut *reader, limit.saturating_add(1));
    let read = limited.read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') && u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        reader.skip_until(b'\n')?;
        return Ok(Some(Err(format!(
            "the line is longer than the limit `input_bytes` of {limit} bytes"
        ))));
    }
    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.pop();
    }
    Ok(Some(
        String::from_utf8(bytes).map_err(|_| "the line is not valid UTF-8".to_owned()),
    ))
}

fn write_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // A closed pipe ends quietly, as for every command.
        std::process::exit(0);
    }
    format!("cannot write the output: {e}")
}

/// 1 (a line failed) over 2 (licence required) over 3 (undetermined) over 0.
fn severer(a: u8, b: u8) -> u8 {
    let rank = |c: u8| match c {
        1 => 3,
        2 => 2,
        3 => 1,
        _ => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// One line as a scenario; a relative BOM path is taken from the batch file's folder.
fn parse(
    text: &str,
    base: &Path,
    strict_materials: bool,
    limits: &Limits,
) -> Result<Scenario, String> {
    let mut scenario =
        Scenario::from_json_str_kept_with_limits(text, limits).map_err(|e| error_text(&e))?;
    if let BomSource::Path(path) = &scenario.bom
        && path.is_relative()
    {
        scenario.bom = BomSource::Path(base.join(path));
    }
    if strict_materials {
        scenario.assume = scenario
            .assume
            .overridden_by(longarm::Assumptions::STRICT_MATERIALS);
    }
    Ok(scenario)
}

/// A load error on one line: its problems without the `<input>:1:` prefix of text input.
fn error_text(e: &longarm::LoadError) -> String {
    e.problems
        .iter()
        .map(|p| {
            if p.path.is_empty() {
                p.kind.to_string()
            } else {
                format!("{}: {}", p.path, p.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn decide(
    scenario: Result<Scenario, String>,
    engine: &Engine<'_>,
    prepared: &HashMap<PathBuf, Result<Prepared<'_, '_, '_>, String>>,
    options: EvalOptions,
) -> Outcome {
    let scenario = match scenario {
        Ok(s) => s,
        Err(e) => return Outcome::Failed(e),
    };
    let result = match &scenario.bom {
        BomSource::Path(path) => match prepared.get(path) {
            Some(Ok(prepared)) => prepared.evaluate_with(&scenario, options),
            Some(Err(e)) => return Outcome::Failed(e.clone()),
            None => return Outcome::Failed(format!("BOM `{}` was not loaded", path.display())),
        },
        BomSource::Inline(bom) => engine.prepare(bom).evaluate_with(&scenario, options),
        BomSource::Given => return Outcome::Failed("the scenario names no `bom`".to_owned()),
    };
    match result {
        Ok(d) => Outcome::Decided(Box::new(d)),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

//! The `longarm` command line.
//!
//! Exit codes: 0 no licence required (or a command other than `check` succeeded);
//! 1 an error (unreadable or invalid input, unknown item, bad usage);
//! 2 a licence is required; 3 undetermined (missing facts could change the answer).

use clap::{Args, Parser, Subcommand, ValueEnum};
use longarm::{Bom, RuleSet, Scenario, Verdict};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "longarm",
    version,
    about = "Export-control reach over a bill of materials",
    after_help = "Exit codes: 0 no licence required, 1 error, 2 licence required, 3 undetermined."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a BOM file and print its tree with quantities, unit and extended values.
    Bom {
        /// BOM file (`.json` or `.toml`).
        file: PathBuf,
        /// Print only this item's tree (default: every root).
        #[arg(long)]
        item: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Decide whether an export needs a licence, and why.
    Check(CheckArgs),
    /// What changes between two rule sets or two dates, across scenarios or case files.
    Diff(DiffArgs),
    /// Run test cases (case files, or folders of `*.cases.toml` / `*.cases.json`).
    Test {
        /// Case files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Rule pack file or folder, loaded after the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// Do not load the bundled packs.
        #[arg(long)]
        no_bundled: bool,
    },
    /// Print the JSON Schema of a file format (also in `schemas/`).
    Schema {
        #[arg(value_enum)]
        format: SchemaFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormat {
    /// The BOM file.
    Bom,
    /// The scenario file.
    Scenario,
    /// The determination (`check --format json`).
    Determination,
}

#[derive(Args)]
struct CheckArgs {
    /// Scenario file (`.json` or `.toml`); or describe the export with the flags below.
    scenario: Option<PathBuf>,
    /// Rule pack file or folder of packs, loaded after the bundled packs (repeatable). A rule
    /// with the id of an earlier rule replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the bundled packs.
    #[arg(long)]
    no_bundled: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// BOM file (flags form).
    #[arg(long, conflicts_with = "scenario", requires_all = ["item", "from", "to", "date"])]
    bom: Option<PathBuf>,
    /// Exported item id (flags form).
    #[arg(long, conflicts_with = "scenario")]
    item: Option<String>,
    /// Country exported from (flags form).
    #[arg(long, conflicts_with = "scenario")]
    from: Option<String>,
    /// Destination country (flags form).
    #[arg(long, conflicts_with = "scenario")]
    to: Option<String>,
    /// As-of date, `YYYY-MM-DD` (flags form; with a scenario file, overrides its date).
    #[arg(long)]
    date: Option<String>,
    /// Declared end use (flags form, repeatable).
    #[arg(long = "end-use", value_name = "TAG", conflicts_with = "scenario")]
    end_uses: Vec<String>,
    /// JSON file with the parties array of a scenario (flags form).
    #[arg(long, conflicts_with = "scenario")]
    parties: Option<PathBuf>,
    /// Replay a saved determination (`--format json` output): re-read the inputs and packs
    /// its receipt names, check their SHA-256, evaluate again on its date and compare the
    /// bytes. Exit 0 when identical, 1 otherwise.
    #[arg(
        long,
        value_name = "DETERMINATION",
        conflicts_with_all = ["scenario", "bom", "rules", "no_bundled", "date", "format"]
    )]
    replay: Option<PathBuf>,
}

#[derive(Args)]
struct DiffArgs {
    /// Scenario files, case files, or folders of case files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Packs of the baseline, after the bundled packs (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Packs loaded on top of the baseline's for the comparison (repeatable), e.g. an amendment.
    #[arg(long = "against", value_name = "PATH")]
    against: Vec<PathBuf>,
    /// Do not load the bundled packs.
    #[arg(long)]
    no_bundled: bool,
    /// The baseline's date (default: each scenario's own).
    #[arg(long)]
    date: Option<String>,
    /// The comparison's date (default: the baseline's).
    #[arg(long)]
    against_date: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Bom { file, item, format } => {
            let bom = Bom::from_path(&file).map_err(|e| e.to_string())?;
            let report = longarm::tree::tree(&bom, item.as_deref()).map_err(|e| e.to_string())?;
            emit(&match format {
                Format::Text => longarm::tree::render_text(&report),
                Format::Json => {
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
                }
            });
            Ok(0)
        }
        Command::Check(args) => check(args),
        Command::Diff(args) => diff(args),
        Command::Test {
            paths,
            rules,
            no_bundled,
        } => test(&paths, &rules, no_bundled),
        Command::Schema { format } => {
            emit(&longarm::schema::to_pretty(&match format {
                SchemaFormat::Bom => longarm::schema::bom(),
                SchemaFormat::Scenario => longarm::schema::scenario(),
                SchemaFormat::Determination => longarm::schema::determination(),
            }));
            Ok(0)
        }
    }
}

fn test(paths: &[PathBuf], rules: &[PathBuf], no_bundled: bool) -> Result<u8, String> {
    let rules = RuleSet::load(!no_bundled, rules).map_err(|e| e.to_string())?;
    let mut cases = Vec::new();
    for path in paths {
        cases.extend(longarm::testing::load_cases(path).map_err(|e| e.to_string())?);
    }
    if cases.is_empty() {
        return Err(
            "no test cases found (case files are `*.cases.toml` or `*.cases.json`)".to_owned(),
        );
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut out = String::new();
    for case in &cases {
        let result = longarm::testing::run_case(case, &rules);
        if result.passed() {
            passed = passed.saturating_add(1);
            continue;
        }
        failed = failed.saturating_add(1);
        let file = result
            .file
            .as_ref()
            .map(|f| format!("{}: ", f.display()))
            .unwrap_or_default();
        out.push_str(&format!("FAILED {file}{}\n", result.name));
        for f in &result.failures {
            out.push_str(&format!("  {f}\n"));
        }
        if let Some(d) = &result.determination {
            for line in longarm::eval::text::render(d, false).lines() {
                out.push_str(&format!("  | {line}\n"));
            }
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    emit(&out);
    Ok(if failed == 0 { 0 } else { 1 })
}

fn check(args: CheckArgs) -> Result<u8, String> {
    if let Some(path) = &args.replay {
        return replay(path);
    }
    let scenario = match &args.scenario {
        Some(path) => {
            let mut scenario = Scenario::from_path(path).map_err(|e| e.to_string())?;
            // `--date` also works with a scenario file: the same export on another day.
            if let Some(d) = &args.date {
                scenario.date = longarm::Date::parse(d)
                    .ok_or_else(|| format!("invalid date `{d}`: expected `YYYY-MM-DD`"))?;
            }
            scenario
        }
        None => scenario_from_flags(&args)?,
    };
    let bom = scenario.load_bom().map_err(|e| e.to_string())?;
    let rules = RuleSet::load(!args.no_bundled, &args.rules).map_err(|e| e.to_string())?;
    if rules.rules().is_empty() {
        return Err("no rules loaded: pass a pack with `--rules PATH`".to_owned());
    }
    let determination = longarm::evaluate(&bom, &scenario, &rules).map_err(|e| e.to_string())?;
    emit(&match args.format {
        Format::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            longarm::eval::text::render(&determination, colour)
        }
        Format::Json => longarm::replay::render_json(&determination),
    });
    Ok(match determination.verdict {
        Verdict::NoLicenseRequired => 0,
        Verdict::LicenseRequired => 2,
        Verdict::Undetermined => 3,
    })
}

/// The flags form, written as a scenario so it is validated the same way.
fn scenario_from_flags(args: &CheckArgs) -> Result<Scenario, String> {
    let (Some(bom), Some(item), Some(from), Some(to), Some(date)) =
        (&args.bom, &args.item, &args.from, &args.to, &args.date)
    else {
        return Err(
            "give a scenario file, or `--bom FILE --item ID --from CC --to CC --date YYYY-MM-DD`"
                .to_owned(),
        );
    };
    // The parties file's text goes in as written, so its decimals stay exact (a JSON value
    // would hold numbers as binary floating point).
    let parties = match &args.parties {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
            serde_json::from_str::<serde::de::IgnoredAny>(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            text
        }
        None => "[]".to_owned(),
    };
    let scenario = serde_json::json!({
        "bom": bom, "item": item, "from": from, "to": to, "date": date,
        "end_uses": args.end_uses,
    })
    .to_string();
    let head = scenario.strip_suffix('}').unwrap_or(&scenario);
    let text = format!("{head},\"parties\":{}}}", parties.trim());
    // Kept in the receipt: there is no scenario file to replay from.
    Scenario::from_json_str_kept(&text).map_err(|e| e.to_string())
}

/// `check --replay`: the saved determination made again from its recorded inputs.
fn replay(path: &std::path::Path) -> Result<u8, String> {
    let saved = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
    let replay = longarm::replay::replay(&saved).map_err(|e| format!("{}: {e}", path.display()))?;
    match replay.difference {
        None => {
            emit(&format!("replayed: identical ({} bytes)\n", saved.len()));
            Ok(0)
        }
        Some(d) => {
            let shown =
                |l: Option<String>| l.map_or("(end of file)".to_owned(), |l| format!("`{l}`"));
            Err(format!(
                "{}: replayed determination differs at line {}: saved {}, replayed {}",
                path.display(),
                d.line,
                shown(d.saved),
                shown(d.replayed)
            ))
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends the output quietly instead of panicking.
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn diff(args: DiffArgs) -> Result<u8, String> {
    let parse_date = |d: &Option<String>| -> Result<Option<longarm::Date>, String> {
        d.as_deref()
            .map(|t| {
                longarm::Date::parse(t)
                    .ok_or_else(|| format!("invalid date `{t}`: expected `YYYY-MM-DD`"))
            })
            .transpose()
    };
    let (date, against_date) = (parse_date(&args.date)?, parse_date(&args.against_date)?);
    let before = RuleSet::load(!args.no_bundled, &args.rules).map_err(|e| e.to_string())?;
    let after_paths: Vec<PathBuf> = args.rules.iter().chain(&args.against).cloned().collect();
    let after = RuleSet::load(!args.no_bundled, &after_paths).map_err(|e| e.to_string())?;

    let mut scenarios: Vec<(String, Scenario)> = Vec::new();
    for path in &args.paths {
        let name = path.display().to_string();
        let is_cases =
            path.is_dir() || name.ends_with(".cases.toml") || name.ends_with(".cases.json");
        if is_cases {
            for case in longarm::testing::load_cases(path).map_err(|e| e.to_string())? {
                let file = case
                    .file
                    .as_ref()
                    .map_or(name.clone(), |f| f.display().to_string());
                scenarios.push((format!("{file}: {}", case.name), case.scenario));
            }
        } else {
            scenarios.push((name, Scenario::from_path(path).map_err(|e| e.to_string())?));
        }
    }

    if scenarios.is_empty() {
        return Err("no scenarios found".to_owned());
    }
    // A catalogue shares BOM files between scenarios: load each once.
    let mut boms: std::collections::HashMap<PathBuf, Bom> = std::collections::HashMap::new();
    let progress = std::io::stderr().is_terminal() && scenarios.len() > 1;
    let total = scenarios.len();
    let mut out = String::new();
    let mut changed = 0usize;
    for (i, (name, scenario)) in scenarios.into_iter().enumerate() {
        if progress {
            eprint!("\rdiff: {}/{total}", i.saturating_add(1));
        }
        let bom: &Bom = match &scenario.bom {
            longarm::BomSource::Path(path) => {
                if !boms.contains_key(path) {
                    let loaded = Bom::from_path(path).map_err(|e| e.to_string())?;
                    boms.insert(path.clone(), loaded);
                }
                boms.get(path).ok_or("BOM cache")?
            }
            longarm::BomSource::Inline(bom) => bom,
        };
        let mut a = scenario.clone();
        if let Some(d) = date {
            a.date = d;
        }
        let mut b = a.clone();
        if let Some(d) = against_date {
            b.date = d;
        }
        let da = longarm::evaluate(bom, &a, &before).map_err(|e| format!("{name}: {e}"))?;
        let db = longarm::evaluate(bom, &b, &after).map_err(|e| format!("{name}: {e}"))?;
        let (changes, rules) = longarm::testing::diff(&da, &db);
        if changes.is_empty() {
            continue;
        }
        changed = changed.saturating_add(1);
        out.push_str(&format!("{name} ({} -> {})\n", da.as_of, db.as_of));
        for c in &changes {
            out.push_str(&format!("  {:<8} {} -> {}\n", c.subject, c.before, c.after));
        }
        for r in &rules {
            out.push_str(&format!("  because {r}\n"));
        }
    }
    if progress {
        eprintln!();
    }
    out.push_str(&format!("{changed} of {total} scenarios changed\n"));
    emit(&out);
    Ok(0)
}

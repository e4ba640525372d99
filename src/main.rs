//! The `longarm` command line.
//!
//! Exit codes: 0 no licence required (or a command other than `check` succeeded);
//! 1 an error (unreadable or invalid input, unknown item, bad usage), or for `test`, a case
//! failed; 2 a licence is required; 3 undetermined (missing facts could change the answer);
//! 4 for `test`, a case could not be run (its case file, its BOM or its evaluation failed).

mod batch;
mod cli_import;
mod cli_report;
mod parties;
mod synth;

use clap::{Args, Parser, Subcommand, ValueEnum};
use longarm::limits::Limits;
use longarm::{Bom, RuleSet, Scenario, Verdict};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A BOM is millions of small strings, vectors and maps, built once and freed at once: mimalloc
/// serves them about 30% faster than the system allocator on a 100,000-item check (5% on
/// 1,000,000 items) for the same peak memory (`docs/performance.md`). The library leaves the
/// allocator to whoever embeds it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "longarm",
    version,
    about = "Export-control reach over a bill of materials",
    after_help = "Exit codes: 0 no licence required (other commands: success), 1 error, 2 licence required, 3 undetermined.\n`longarm test`: 0 all cases passed, 1 a case failed, 4 a case could not be run (case file, BOM or evaluation error; takes precedence over 1)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Raise or lower a size limit on the inputs, e.g. `--limit items=10000000` (repeatable).
    /// Limits: input_bytes, string_bytes, nesting, bom_depth, items, components, rules,
    /// list_values (docs/limits.md).
    #[arg(long = "limit", value_name = "NAME=VALUE", global = true)]
    limits: Vec<String>,
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
        /// Show components down to this many levels below each root; deeper ones are cut
        /// (marked `(...)`).
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
        /// `text`, `json`, or the BOM picture: `dot` (Graphviz), `svg`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write the output here (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Decide whether an export needs a licence, and why.
    Check(CheckArgs),
    /// What changes between two rule sets or two dates, across scenarios or case files.
    Diff(DiffArgs),
    /// List the loaded rules, or show one as its pack wrote it.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Run test cases (case files, or folders searched for `*.cases.toml` / `*.cases.json`).
    ///
    /// Ends with `N passed, N failed` (then `, N errors` when some cases could not be run).
    /// Exit codes: 0 all passed; 1 a case failed; 4 a case could not be run: its case file,
    /// its BOM or its evaluation failed (4 takes precedence over 1).
    Test {
        /// Case files or folders (searched recursively, skipping hidden folders and `target`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Rule pack file or folder, loaded after the bundled packs (repeatable).
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// Do not load the bundled packs.
        #[arg(long)]
        no_bundled: bool,
    },
    /// Import a BOM from an ERP export (CSV), a CycloneDX file, or merge IPC-1752A material
    /// declarations into one.
    Import {
        #[command(subcommand)]
        command: cli_import::ImportCommand,
    },
    /// Look a party up in the dated listings the packs record (names only: a first step
    /// toward screening), with the list ids a scenario declares for it.
    Parties {
        #[command(subcommand)]
        command: parties::PartiesCommand,
    },
    /// Write a synthetic BOM (JSON) for benchmarks: `--items` items in `--depth` levels, as a
    /// tree or with shared sub-assemblies; the same arguments give the same bytes.
    Synth {
        /// Number of items, the root included.
        #[arg(long)]
        items: usize,
        #[arg(long, value_enum, default_value_t = synth::Shape::Dag)]
        shape: synth::Shape,
        /// Levels below the root.
        #[arg(long, default_value_t = 12)]
        depth: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
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

#[derive(Subcommand)]
enum RulesCommand {
    /// One line per loaded rule: id, effect/review, in-force windows, citation.
    List {
        /// Only the rules of this jurisdiction (e.g. `CN`).
        #[arg(long)]
        jurisdiction: Option<String>,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// A rule as its pack wrote it, its pack, and the patches applied to it.
    Show {
        /// The rule's id.
        id: String,
        #[command(flatten)]
        packs: PackArgs,
    },
}

#[derive(Args)]
struct PackArgs {
    /// Rule pack file or folder, loaded after the bundled packs (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the bundled packs.
    #[arg(long)]
    no_bundled: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Scenario file (`.json` or `.toml`); or describe the export with the flags below.
    scenario: Option<PathBuf>,
    /// Many scenarios: a JSON Lines file (`-` for standard input), one scenario object per
    /// line (a relative `bom` path is taken from the file's folder). Writes one JSON record
    /// per line, in input order: `{"line": N, "determination": {...}}` or
    /// `{"line": N, "error": "..."}`; blank lines are skipped. Exit code: 1 if a line failed,
    /// else 2 if a licence is required, 3 if undetermined, else 0.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["scenario", "bom", "replay", "date", "format", "item", "from", "to", "end_uses", "parties", "output", "notes"]
    )]
    batch: Option<PathBuf>,
    /// Rule pack file or folder of packs, loaded after the bundled packs (repeatable). A rule
    /// with the id of an earlier rule replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the bundled packs.
    #[arg(long)]
    no_bundled: bool,
    /// `text`, `json` (the determination), `html` (a self-contained report with the BOM
    /// picture), `csv` (one row per finding, contributor, missing fact and warning).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the output here (default: standard output).
    #[arg(short, long, value_name = "FILE", conflicts_with = "replay")]
    output: Option<PathBuf>,
    /// Also show every rule of every loaded pack: whether it applied, was dormant, or did not
    /// apply and why (the condition that failed, with its numbers).
    #[arg(long)]
    explain: bool,
    /// Print each finding's rule note (the interpretive choices made in encoding it).
    #[arg(long)]
    notes: bool,
    /// Read parts that declare no `material` as unknown, not as containing none (as
    /// `assume.undeclared_material = "unknown"` in the BOM or scenario): the bounds decide.
    #[arg(long)]
    strict_materials: bool,
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
        conflicts_with_all = ["scenario", "bom", "rules", "no_bundled", "date", "format", "explain", "strict_materials"]
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
    /// `json`: the same content as one JSON document (changed scenarios and totals).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One changed scenario of `longarm diff --format json`.
#[derive(serde::Serialize)]
struct DiffEntry {
    /// The case's name, or the scenario file.
    name: String,
    /// The case file or the scenario file.
    file: String,
    before_date: String,
    after_date: String,
    changes: Vec<longarm::testing::Change>,
    rules: Vec<longarm::testing::RuleChange>,
}

/// The document `longarm diff --format json` prints.
#[derive(serde::Serialize)]
struct DiffReport {
    scenarios: Vec<DiffEntry>,
    changed: usize,
    total: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// `check`: a self-contained HTML report.
    Html,
    /// `check`: one row per finding, contributor, missing fact and warning.
    Csv,
    /// `bom`: the BOM picture as Graphviz DOT.
    Dot,
    /// `bom`: the BOM picture as SVG.
    Svg,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Dot => "dot",
            Format::Svg => "svg",
        }
    }
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
    let limits = longarm::limits::Limits::parse_all(cli.limits.iter().map(String::as_str))?;
    let limits = &limits;
    match cli.command {
        Command::Bom {
            file,
            item,
            depth,
            format,
            output,
        } => {
            let bom = Bom::from_path_with_limits(&file, limits).map_err(|e| e.to_string())?;
            if !matches!(format, Format::Text | Format::Json) {
                cli_report::bom(&bom, item.as_deref(), format, output.as_deref())?;
                return Ok(0);
            }
            let report = longarm::tree::tree_to_depth(&bom, item.as_deref(), depth)
                .map_err(|e| e.to_string())?;
            let text = match format {
                Format::Json => {
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
                }
                _ => longarm::tree::render_text(&report),
            };
            cli_import::write_output(&text, output.as_deref())?;
            Ok(0)
        }
        Command::Check(args) => check(args, limits),
        Command::Diff(args) => diff(args, limits),
        Command::Rules { command } => rules(command, limits),
        Command::Parties { command } => parties::run(command, limits),
        Command::Import { command } => cli_import::run(command, limits),
        Command::Test {
            paths,
            rules,
            no_bundled,
        } => test(&paths, &rules, no_bundled, limits),
        Command::Synth {
            items,
            shape,
            depth,
            seed,
        } => {
            emit(&synth::generate(items, shape, depth, seed, limits.items)?)?;
            Ok(0)
        }
        Command::Schema { format } => {
            emit(&longarm::schema::to_pretty(&match format {
                SchemaFormat::Bom => longarm::schema::bom(),
                SchemaFormat::Scenario => longarm::schema::scenario(),
                SchemaFormat::Determination => longarm::schema::determination(),
            }))?;
            Ok(0)
        }
    }
}

fn test(
    paths: &[PathBuf],
    rules: &[PathBuf],
    no_bundled: bool,
    limits: &Limits,
) -> Result<u8, String> {
    let rules = RuleSet::load_with_limits(!no_bundled, rules, limits).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for path in paths {
        files.extend(longarm::testing::case_files(path).map_err(|e| e.to_string())?);
    }
    if files.is_empty() {
        return Err(
            "no test cases found (case files are `*.cases.toml` or `*.cases.json`)".to_owned(),
        );
    }
    let (mut passed, mut failed, mut errors) = (0usize, 0usize, 0usize);
    let mut out = String::new();
    for file in &files {
        // A case file that cannot be loaded is an error; the other files still run.
        let cases = match longarm::testing::load_cases_with_limits(file, limits) {
            Ok(cases) => cases,
            Err(e) => {
                errors = errors.saturating_add(1);
                out.push_str(&format!("ERROR {}\n", e.to_string().replace('\n', "\n  ")));
                continue;
            }
        };
        for case in &cases {
            let result = longarm::testing::run_case(case, &rules);
            if result.passed() {
                passed = passed.saturating_add(1);
                continue;
            }
            let label = if result.errored() {
                errors = errors.saturating_add(1);
                "ERROR"
            } else {
                failed = failed.saturating_add(1);
                "FAILED"
            };
            let file = result
                .file
                .as_ref()
                .map(|f| format!("{}: ", f.display()))
                .unwrap_or_default();
            out.push_str(&format!("{label} {file}{}\n", result.name));
            for f in &result.failures {
                out.push_str(&format!("  {}\n", f.replace('\n', "\n  ")));
            }
            if let Some(d) = &result.determination {
                for line in longarm::eval::text::render(d, false).lines() {
                    out.push_str(&format!("  | {line}\n"));
                }
            }
        }
    }
    // The CI reads `N passed, N failed` as the summary: keep that prefix.
    out.push_str(&format!("{passed} passed, {failed} failed"));
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        out.push_str(&format!(", {errors} error{plural}"));
    }
    out.push('\n');
    emit(&out)?;
    Ok(if errors > 0 {
        4
    } else if failed > 0 {
        1
    } else {
        0
    })
}

fn rules(command: RulesCommand, limits: &Limits) -> Result<u8, String> {
    let load = |p: &PackArgs| {
        RuleSet::load_with_limits(!p.no_bundled, &p.rules, limits).map_err(|e| e.to_string())
    };
    match command {
        RulesCommand::List {
            jurisdiction,
            packs,
        } => {
            let set = load(&packs)?;
            let rows: Vec<[String; 4]> = set
                .rules()
                .iter()
                .filter(|r| jurisdiction.as_ref().is_none_or(|j| &r.jurisdiction == j))
                .map(|r| {
                    let effect = match r.review {
                        Some(review) => format!("{}/{}", r.effect.as_str(), review.as_str()),
                        None => r.effect.as_str().to_owned(),
                    };
                    [r.id.clone(), effect, windows(r), r.citation.clone()]
                })
                .collect();
            if rows.is_empty() {
                let loaded = set
                    .jurisdictions()
                    .iter()
                    .map(|j| format!("`{j}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(match jurisdiction {
                    Some(j) => format!("no rules of jurisdiction `{j}` loaded (loaded: {loaded})"),
                    None => "no rules loaded".to_owned(),
                });
            }
            let width = |i: usize| {
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            };
            let (w0, w1, w2) = (width(0), width(1), width(2));
            let mut out = String::new();
            for [id, effect, windows, citation] in &rows {
                out.push_str(&format!(
                    "{id:<w0$}  {effect:<w1$}  {windows:<w2$}  {citation}\n"
                ));
            }
            emit(&out)?;
            Ok(0)
        }
        RulesCommand::Show { id, packs } => {
            let set = load(&packs)?;
            let Some(rule) = set.rule(&id) else {
                let hint = set
                    .suggest_rule(&id)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!("no rule `{id}` in the loaded packs{hint}"));
            };
            let mut out = format!(
                "# rule {} of pack {} ({})\n",
                rule.id, rule.pack, rule.pack_source
            );
            out.push_str(rule.source.as_deref().unwrap_or("(no source text)"));
            out.push('\n');
            for patch in &rule.patches {
                out.push_str(&format!(
                    "\n# patched by pack {} ({}): {}\n",
                    patch.pack,
                    patch.pack_source,
                    patch.fields.join(", ")
                ));
                out.push_str(patch.source.as_deref().unwrap_or("(no source text)"));
                out.push('\n');
            }
            emit(&out)?;
            Ok(0)
        }
    }
}

/// A rule's in-force windows in brief: `2025-12-01.. (suspended 2025-11-07..2026-11-10)`.
fn windows(rule: &longarm::rules::Rule) -> String {
    let show = |ws: &[longarm::rules::Window]| {
        ws.iter()
            .map(|w| match w.to {
                Some(to) => format!("{}..{to}", w.from),
                None => format!("{}..", w.from),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = show(&rule.effective);
    if !rule.suspended.is_empty() {
        text.push_str(&format!(" (suspended {})", show(&rule.suspended)));
    }
    text
}

fn check(args: CheckArgs, limits: &Limits) -> Result<u8, String> {
    if let Some(path) = &args.replay {
        return replay(path, limits);
    }
    if let Some(path) = &args.batch {
        let rules = RuleSet::load_with_limits(!args.no_bundled, &args.rules, limits)
            .map_err(|e| e.to_string())?;
        if rules.rules().is_empty() {
            return Err("no rules loaded: pass a pack with `--rules PATH`".to_owned());
        }
        let options = if args.explain {
            longarm::EvalOptions::EXPLAIN
        } else {
            longarm::EvalOptions::default()
        };
        return batch::run(path, &rules, options, args.strict_materials, limits);
    }
    let scenario = match &args.scenario {
        Some(path) => {
            let mut scenario =
                Scenario::from_path_with_limits(path, limits).map_err(|e| e.to_string())?;
            // `--date` also works with a scenario file: the same export on another day.
            if let Some(d) = &args.date {
                scenario.date = longarm::Date::parse(d)
                    .ok_or_else(|| format!("invalid date `{d}`: expected `YYYY-MM-DD`"))?;
            }
            scenario
        }
        None => scenario_from_flags(&args, limits)?,
    };
    let mut scenario = scenario;
    if args.strict_materials {
        scenario.assume = scenario
            .assume
            .overridden_by(longarm::Assumptions::STRICT_MATERIALS);
    }
    // The rule packs load on a second thread while the BOM is read: neither needs the other.
    // A BOM problem is still reported first, as when they loaded one after the other.
    // Without a second thread to be had, one after the other.
    let load_rules = || RuleSet::load_with_limits(!args.no_bundled, &args.rules, limits);
    let (bom, rules) = std::thread::scope(|s| {
        let rules = std::thread::Builder::new().spawn_scoped(s, load_rules).ok();
        let bom = scenario.load_bom();
        let rules = match rules {
            Some(rules) => rules.join(),
            None => Ok(load_rules()),
        };
        (bom, rules)
    });
    let bom = bom.map_err(|e| e.to_string())?;
    let rules = rules
        .map_err(|_| "the rule packs could not be loaded".to_owned())?
        .map_err(|e| e.to_string())?;
    if rules.rules().is_empty() {
        return Err("no rules loaded: pass a pack with `--rules PATH`".to_owned());
    }
    let options = if args.explain {
        longarm::EvalOptions::EXPLAIN
    } else {
        longarm::EvalOptions::default()
    };
    let determination =
        longarm::evaluate_with(&bom, &scenario, &rules, options).map_err(|e| match e {
            // The flags form has no file: name the flags, and the `--parties` file for the
            // problems of its parties (an unknown or malformed list).
            longarm::EvalError::Vocabulary(errors) if args.scenario.is_none() => {
                let mut named = Vec::new();
                for err in errors {
                    if err.file.is_some() {
                        named.push(err);
                        continue;
                    }
                    let (parties, flags): (Vec<_>, Vec<_>) = err
                        .problems
                        .into_iter()
                        .partition(|p| args.parties.is_some() && p.path.starts_with("parties"));
                    for (file, problems) in [
                        (PathBuf::from("(command-line flags)"), flags),
                        (args.parties.clone().unwrap_or_default(), parties),
                    ] {
                        if !problems.is_empty() {
                            named.push(longarm::LoadError {
                                file: Some(file),
                                problems,
                            });
                        }
                    }
                }
                longarm::EvalError::Vocabulary(named).to_string()
            }
            other => other.to_string(),
        })?;
    let text = match args.format {
        Format::Text => {
            let colour = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            longarm::eval::text::render_with(
                &determination,
                longarm::eval::text::TextOptions::new(colour, args.notes),
            )
        }
        Format::Json => longarm::replay::render_json(&determination),
        other => {
            cli_report::determination(
                &determination,
                &bom,
                &scenario,
                other,
                args.output.as_deref(),
            )?;
            String::new()
        }
    };
    if matches!(args.format, Format::Text | Format::Json) {
        cli_import::write_output(&text, args.output.as_deref())?;
    }
    let code = match determination.verdict {
        Verdict::NoLicenseRequired => 0,
        Verdict::LicenseRequired => 2,
        Verdict::Undetermined => 3,
    };
    // The process ends now: its memory is returned at once, faster than freeing a large
    // BOM's items and the answer one allocation at a time.
    std::mem::forget((bom, determination));
    Ok(code)
}

/// The flags form, written as a scenario so it is validated the same way.
fn scenario_from_flags(args: &CheckArgs, limits: &Limits) -> Result<Scenario, String> {
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
            let text = longarm::limits::read_text_limited(path, limits.input_bytes)
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
    Scenario::from_json_str_kept_with_limits(&text, limits).map_err(|e| {
        // The parties text starts on line 1 of the text built, so its problems keep their
        // lines: name its file for them, and the flags for the rest.
        let (from_parties, from_flags): (Vec<_>, Vec<_>) = e
            .problems
            .into_iter()
            .partition(|p| p.path.starts_with("parties"));
        let mut errors = Vec::new();
        if !from_flags.is_empty() {
            errors.push(longarm::LoadError {
                file: Some(PathBuf::from("(command-line flags)")),
                problems: from_flags,
            });
        }
        if !from_parties.is_empty() {
            errors.push(longarm::LoadError {
                file: Some(
                    args.parties
                        .clone()
                        .unwrap_or_else(|| PathBuf::from("(command-line flags)")),
                ),
                problems: from_parties,
            });
        }
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// `check --replay`: the saved determination made again from its recorded inputs.
fn replay(path: &std::path::Path, limits: &Limits) -> Result<u8, String> {
    let saved = longarm::limits::read_text_limited(path, limits.input_bytes)
        .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
    let replay = longarm::replay::replay_with_limits(&saved, limits)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match replay.difference {
        None => {
            emit(&format!("replayed: identical ({} bytes)\n", saved.len()))?;
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
/// Writes to stdout. Output is part of the answer: a write that fails (a full disk) is an
/// error, exit 1; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the output: {e}"))
        }
        _ => Ok(()),
    }
}

fn diff(args: DiffArgs, limits: &Limits) -> Result<u8, String> {
    if !matches!(args.format, Format::Text | Format::Json) {
        return Err(format!(
            "`--format {}` is not a format of `diff` (text, json)",
            args.format.name()
        ));
    }
    let parse_date = |d: &Option<String>| -> Result<Option<longarm::Date>, String> {
        d.as_deref()
            .map(|t| {
                longarm::Date::parse(t)
                    .ok_or_else(|| format!("invalid date `{t}`: expected `YYYY-MM-DD`"))
            })
            .transpose()
    };
    let (date, against_date) = (parse_date(&args.date)?, parse_date(&args.against_date)?);
    // Nothing to compare: saying "0 changed" would read as a finding.
    if args.against.is_empty() && (against_date.is_none() || against_date == date) {
        return Err(
            "nothing to compare: give `--against PACK` (an amendment) or `--against-date DATE` (another day)"
                .to_owned(),
        );
    }
    let before = RuleSet::load_with_limits(!args.no_bundled, &args.rules, limits)
        .map_err(|e| e.to_string())?;
    let after_paths: Vec<PathBuf> = args.rules.iter().chain(&args.against).cloned().collect();
    let after = RuleSet::load_with_limits(!args.no_bundled, &after_paths, limits)
        .map_err(|e| e.to_string())?;

    // (file, case name, scenario)
    let mut scenarios: Vec<(String, Option<String>, Scenario)> = Vec::new();
    for path in &args.paths {
        let name = path.display().to_string();
        let is_cases =
            path.is_dir() || name.ends_with(".cases.toml") || name.ends_with(".cases.json");
        if is_cases {
            for case in
                longarm::testing::load_cases_with_limits(path, limits).map_err(|e| e.to_string())?
            {
                let file = case
                    .file
                    .as_ref()
                    .map_or(name.clone(), |f| f.display().to_string());
                scenarios.push((file, Some(case.name), case.scenario));
            }
        } else {
            let scenario =
                Scenario::from_path_with_limits(path, limits).map_err(|e| e.to_string())?;
            scenarios.push((name, None, scenario));
        }
    }

    if scenarios.is_empty() {
        return Err("no scenarios found".to_owned());
    }
    // A catalogue shares BOM files between scenarios: each is loaded once and prepared once
    // per rule set, so scenarios on the same item, destination and date share roll-ups; the
    // scenarios are evaluated over the cores, reported in order.
    let mut boms: std::collections::HashMap<PathBuf, Bom> = std::collections::HashMap::new();
    for (_, _, scenario) in &scenarios {
        if let longarm::BomSource::Path(path) = &scenario.bom
            && !boms.contains_key(path)
        {
            let loaded = Bom::from_path_with_limits(path, limits).map_err(|e| e.to_string())?;
            boms.insert(path.clone(), loaded);
        }
    }
    let (engine_before, engine_after) =
        (longarm::Engine::new(&before), longarm::Engine::new(&after));
    let prepared: std::collections::HashMap<&PathBuf, (longarm::Prepared, longarm::Prepared)> =
        boms.iter()
            .map(|(path, bom)| {
                (
                    path,
                    (engine_before.prepare(bom), engine_after.prepare(bom)),
                )
            })
            .collect();
    let total = scenarios.len();
    if std::io::stderr().is_terminal() && total > 1 {
        eprintln!("diff: {total} scenarios");
    }
    let evaluated: Vec<Result<(longarm::Determination, longarm::Determination), String>> = {
        use rayon::prelude::*;
        scenarios
            .par_iter()
            .map(|(file, case, scenario)| {
                let name = match case {
                    Some(case) => format!("{file}: {case}"),
                    None => file.clone(),
                };
                let mut a = scenario.clone();
                if let Some(d) = date {
                    a.date = d;
                }
                let mut b = a.clone();
                if let Some(d) = against_date {
                    b.date = d;
                }
                let pair = match &scenario.bom {
                    longarm::BomSource::Path(path) => {
                        let (pb, pa) = prepared.get(path).ok_or("BOM cache")?;
                        (pb.evaluate(&a), pa.evaluate(&b))
                    }
                    longarm::BomSource::Inline(bom) => (
                        longarm::evaluate(bom, &a, &before),
                        longarm::evaluate(bom, &b, &after),
                    ),
                    longarm::BomSource::Given => {
                        return Err(format!("{name}: the scenario names no `bom`"));
                    }
                };
                match pair {
                    (Ok(da), Ok(db)) => Ok((da, db)),
                    (Err(e), _) | (_, Err(e)) => Err(format!("{name}: {e}")),
                }
            })
            .collect()
    };
    let mut out = String::new();
    let mut entries = Vec::new();
    for ((file, case, _), result) in scenarios.into_iter().zip(evaluated) {
        let (da, db) = result?;
        let name = match &case {
            Some(case) => format!("{file}: {case}"),
            None => file.clone(),
        };
        let (changes, rules) = longarm::testing::changes(&da, &db);
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("{name} ({} -> {})\n", da.as_of, db.as_of));
        for c in &changes {
            out.push_str(&format!("  {:<8} {} -> {}\n", c.subject, c.before, c.after));
        }
        let show = |s: &Option<String>| s.as_deref().unwrap_or("-").to_owned();
        for r in &rules {
            out.push_str(&format!(
                "  because {} ({} -> {})\n",
                r.rule,
                show(&r.before),
                show(&r.after)
            ));
        }
        entries.push(DiffEntry {
            name: case.unwrap_or_else(|| file.clone()),
            file,
            before_date: da.as_of.to_string(),
            after_date: db.as_of.to_string(),
            changes,
            rules,
        });
    }
    let changed = entries.len();
    match args.format {
        Format::Text | Format::Html | Format::Csv | Format::Dot | Format::Svg => {
            out.push_str(&format!("{changed} of {total} scenarios changed\n"));
            emit(&out)?;
        }
        Format::Json => {
            let report = DiffReport {
                scenarios: entries,
                changed,
                total,
            };
            emit(&(serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"))?;
        }
    }
    Ok(0)
}

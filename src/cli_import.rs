//! `longarm import csv|cyclonedx|ipc1752`: BOMs in from ERP and PLM exports, material
//! declarations merged in from suppliers.

use clap::Subcommand;
use longarm::import::{self, Imported};
use longarm::limits::Limits;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A multi-level BOM export (CSV or TSV with a level column: SAP CS12/CS11, Oracle, an
    /// indented BOM) as a BOM file.
    Csv {
        /// The export (`.csv`, `.tsv`, `.txt`).
        file: PathBuf,
        /// Mapping file (TOML): which header is which field, the delimiter, decimal commas,
        /// the currency and rates, headers to ignore (docs/formats.md).
        #[arg(long, value_name = "MAP.toml")]
        map: Option<PathBuf>,
        /// Numbers are written with decimal commas (`1.234,56`).
        #[arg(long)]
        decimal_comma: bool,
        /// The field separator (default: guessed from the header line): `,`, `;`, `tab`, `|`.
        #[arg(long)]
        delimiter: Option<String>,
        #[command(flatten)]
        money: MoneyArgs,
        /// Write the BOM here (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A CycloneDX 1.6 JSON BOM (hardware components, nested components, `dependencies`),
    /// with facts in `longarm:*` properties, as a BOM file.
    Cyclonedx {
        /// The CycloneDX file (`.json`).
        file: PathBuf,
        /// The quantity of a component line whose component has no `longarm:quantity`
        /// (default: none, so such a line is an error, never a silent 1).
        #[arg(long, value_name = "QUANTITY")]
        default_quantity: Option<String>,
        #[command(flatten)]
        money: MoneyArgs,
        /// Write the BOM here (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// IPC-1752A material declarations (XML) merged into a BOM by part number: the elements
    /// of their substances (by CAS number) added to each item's material.
    Ipc1752 {
        /// Declarations (`.xml`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The BOM to merge them into (`.json` or `.toml`).
        #[arg(long, value_name = "BOM")]
        into: PathBuf,
        /// Write the merged BOM here (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
pub struct MoneyArgs {
    /// The BOM currency (default: the only currency the file uses).
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// A rate to the BOM currency, `CODE=RATE` (`EUR=1.08`: one EUR is 1.08 of the BOM
    /// currency); repeatable.
    #[arg(long = "fx", value_name = "CODE=RATE")]
    fx: Vec<String>,
}

pub fn run(command: ImportCommand, limits: &Limits) -> Result<u8, String> {
    let read = |path: &Path| {
        longarm::limits::read_text_limited(path, limits.input_bytes)
            .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))
    };
    let (imported, output) = match command {
        ImportCommand::Csv {
            file,
            map,
            decimal_comma,
            delimiter,
            money,
            output,
        } => {
            let mut options = import::csv::CsvOptions::default();
            if let Some(map) = &map {
                options.map = import::csv::MapFile::from_path(map, limits)?;
            }
            options.decimal_comma = decimal_comma;
            options.delimiter = match delimiter.as_deref() {
                None => None,
                Some("tab" | "\\t" | "\t") => Some(b'\t'),
                Some(d) if d.len() == 1 => d.bytes().next(),
                Some(d) => {
                    return Err(format!(
                        "`--delimiter {d}`: expected one character, or `tab`"
                    ));
                }
            };
            options.currency = money.currency;
            options.fx = import::parse_fx(&money.fx)?;
            let text = read(&file)?;
            let imported = import::csv::import(&text, Some(file), &options, limits)
                .map_err(|e| e.to_string())?;
            (imported, output)
        }
        ImportCommand::Cyclonedx {
            file,
            default_quantity,
            money,
            output,
        } => {
            let mut options = import::cyclonedx::CycloneDxOptions::default();
            options.currency = money.currency;
            options.fx = import::parse_fx(&money.fx)?;
            options.default_quantity = match default_quantity {
                Some(q) => Some(
                    q.parse::<longarm::Decimal>()
                        .ok()
                        .filter(|q| *q > longarm::Decimal::ZERO)
                        .ok_or_else(|| {
                            format!("`--default-quantity {q}`: expected a decimal greater than 0")
                        })?,
                ),
                None => None,
            };
            let text = read(&file)?;
            let imported = import::cyclonedx::import(&text, Some(file), &options, limits)
                .map_err(|e| e.to_string())?;
            (imported, output)
        }
        ImportCommand::Ipc1752 {
            files,
            into,
            output,
        } => {
            let bom =
                longarm::Bom::from_path_with_limits(&into, limits).map_err(|e| e.to_string())?;
            let mut declarations = Vec::new();
            for f in &files {
                declarations.push((f.clone(), read(f)?));
            }
            let imported =
                import::ipc1752::merge(&bom, &declarations, limits).map_err(|e| e.to_string())?;
            (imported, output)
        }
    };
    finish(&imported, output.as_deref())
}

fn finish(imported: &Imported, output: Option<&Path>) -> Result<u8, String> {
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    let bom = &imported.bom;
    let roots: Vec<&str> = bom.roots().map(|i| i.id.as_str()).take(5).collect();
    eprintln!(
        "imported {} items, {} component edges; root{}: {}",
        bom.len(),
        bom.edge_count(),
        if roots.len() == 1 { "" } else { "s" },
        roots.join(", ")
    );
    write_output(&imported.json, output)?;
    Ok(0)
}

/// Writes `text` to `output`, or to standard output.
pub fn write_output(text: &str, output: Option<&Path>) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write the file: {e}", path.display())),
        None => crate::emit(text),
    }
}

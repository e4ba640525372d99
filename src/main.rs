//! The `longarm` command line.
//!
//! Exit codes: 0 success; 1 an error (unreadable or invalid input, unknown item); 2 usage.

use clap::{Parser, Subcommand, ValueEnum};
use longarm::Bom;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "longarm",
    version,
    about = "Export-control reach over a bill of materials"
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Bom { file, item, format } => {
            let bom = Bom::from_path(&file).map_err(|e| e.to_string())?;
            let report = longarm::tree::tree(&bom, item.as_deref()).map_err(|e| e.to_string())?;
            match format {
                Format::Text => print!("{}", longarm::tree::render_text(&report)),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                ),
            }
            Ok(())
        }
    }
}

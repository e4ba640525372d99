//! `longarm parties find NAME`: the dated listings the packs record that name a party, and
//! the list ids a scenario declares for it. Names only, as the packs spell them: a first step
//! toward screening, never a screening (no aliases, no transliterations, no subsidiaries).

use crate::{Format, emit};
use clap::{Args, Subcommand};
use longarm::RuleSet;
use longarm::rules::{Listing, Status, Window};
use std::path::PathBuf;

/// What every answer says about itself.
const CAVEAT: &str = "Names only, as the loaded packs record them (letters and digits compared \
without case after Unicode NFKC normalisation, punctuation ignored; a recorded name matches when \
it contains the query or the query contains it whole): no aliases, transliterations, subsidiaries or owners, and only the listings \
the packs record. Not found is not cleared; a match is a lead to confirm against the \
announcement.";

#[derive(Subcommand)]
pub enum PartiesCommand {
    /// The listings naming a party whose name contains NAME, and the list ids to declare.
    Find(FindArgs),
}

#[derive(Args)]
pub struct FindArgs {
    /// A party's name, or part of it (e.g. `General Dynamics`).
    name: String,
    /// The as-of date, `YYYY-MM-DD`: where each listing's measures stand then, and the lists
    /// a scenario of that date declares.
    #[arg(long)]
    date: Option<String>,
    /// Rule pack file or folder, loaded after the bundled packs (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the bundled packs.
    #[arg(long)]
    no_bundled: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One listing naming the party, as `--format json` prints it.
#[derive(serde::Serialize)]
struct Match<'a> {
    names: Vec<&'a str>,
    instrument: &'a str,
    date: longarm::Date,
    pack: &'a str,
    lists: &'a [String],
    measures: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    effective: &'a [Window],
    #[serde(skip_serializing_if = "<[Window]>::is_empty")]
    suspended: &'a [Window],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    /// With `--date`: `in_force`, `not_yet`, `suspended` or `lifted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    /// With `--date`: the lists a scenario of that date declares for the party.
    #[serde(skip_serializing_if = "Option::is_none")]
    declare: Option<&'a [String]>,
}

#[derive(serde::Serialize)]
struct Answer<'a> {
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<longarm::Date>,
    matches: Vec<Match<'a>>,
    caveat: &'static str,
}

pub fn run(command: PartiesCommand, limits: &longarm::limits::Limits) -> Result<u8, String> {
    let PartiesCommand::Find(args) = command;
    // Echoed in the answer: a control character could disguise what the terminal shows.
    if let Some(c) = args.name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "control character U+{:04X} in the name: not allowed, since printed it could disguise the answer",
            u32::from(c)
        ));
    }
    let date = args
        .date
        .as_deref()
        .map(|t| {
            longarm::Date::parse(t)
                .ok_or_else(|| format!("invalid date `{t}`: expected `YYYY-MM-DD`"))
        })
        .transpose()?;
    let rules = RuleSet::load_with_limits(!args.no_bundled, &args.rules, limits)
        .map_err(|e| e.to_string())?;
    let found = rules.find_listed(&args.name);
    let matches: Vec<Match<'_>> = found
        .iter()
        .map(|(l, names)| Match {
            names: names.clone(),
            instrument: &l.instrument,
            date: l.date,
            pack: &l.pack,
            lists: &l.lists,
            measures: &l.measures,
            count: l.count,
            effective: &l.effective,
            suspended: &l.suspended,
            note: l.note.as_deref(),
            status: date.map(|d| status_word(&l.status(d))),
            declare: date.map(|d| l.lists_on(d)),
        })
        .collect();
    let answer = Answer {
        query: &args.name,
        date,
        matches,
        caveat: CAVEAT,
    };
    emit(&match args.format {
        Format::Json => serde_json::to_string_pretty(&answer).map_err(|e| e.to_string())? + "\n",
        Format::Text => text(&answer, &found),
        other => {
            return Err(format!(
                "`--format {}` is not a format of `parties find` (text, json)",
                other.name()
            ));
        }
    })?;
    Ok(0)
}

fn status_word(s: &Status) -> &'static str {
    match s {
        Status::InForce => "in_force",
        Status::NotYet { .. } => "not_yet",
        Status::Suspended { .. } => "suspended",
        Status::Lapsed => "lifted",
    }
}

fn windows(ws: &[Window]) -> String {
    ws.iter()
        .map(|w| match w.to {
            Some(to) => format!("{} to {} ({})", w.from, to, w.instrument),
            None => format!("from {} ({})", w.from, w.instrument),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn quoted(lists: &[String]) -> String {
    lists
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn text(answer: &Answer<'_>, found: &[(&Listing, Vec<&str>)]) -> String {
    let mut out = String::new();
    if answer.matches.is_empty() {
        out.push_str(&format!(
            "No listing the loaded packs record names `{}`.\n",
            answer.query
        ));
    }
    for (m, (l, _)) in answer.matches.iter().zip(found) {
        out.push_str(&format!("{}\n", m.names.join("; ")));
        let count = m
            .count
            .map(|n| format!(", {n} parties listed"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}, published {}{count} [{}]: lists {}\n",
            m.instrument,
            m.date,
            m.pack,
            m.lists.join(", ")
        ));
        out.push_str(&format!("    measures: {}\n", m.measures));
        out.push_str(&format!("    in force: {}\n", windows(m.effective)));
        if !m.suspended.is_empty() {
            out.push_str(&format!("    suspended: {}\n", windows(m.suspended)));
        }
        if let Some(note) = m.note {
            out.push_str(&format!("    note: {note}\n"));
        }
        match answer.date {
            Some(d) => {
                let state = match l.status(d) {
                    Status::InForce => format!(
                        "in force: declare \"lists\": [{}] for this party",
                        quoted(&l.lists)
                    ),
                    Status::NotYet { starts, .. } => format!(
                        "not yet listed{}: declare none of its lists",
                        starts.map(|s| format!(" (from {s})")).unwrap_or_default()
                    ),
                    Status::Suspended { revives, .. } => format!(
                        "measures suspended{}: declare none of its lists",
                        revives
                            .map(|r| format!(" (back from {r})"))
                            .unwrap_or_default()
                    ),
                    Status::Lapsed => "measures lifted: declare none of its lists".to_owned(),
                };
                out.push_str(&format!("    on {d}: {state}\n"));
            }
            None => out.push_str(&format!(
                "    while in force, declare \"lists\": [{}] (give --date for a day's answer)\n",
                quoted(&l.lists)
            )),
        }
    }
    out.push_str(&format!("\n{CAVEAT}\n"));
    out
}

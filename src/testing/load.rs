//! Reading case files into [`Case`]s.

use super::{Case, Expect};
use crate::Scenario;
use crate::doc::path::At;
use crate::doc::read::{Reader, field};
use crate::doc::{self, Node, Text};
use crate::error::{LoadError, ProblemKind};
use crate::limits::Limits;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CASE_FIELDS: &[&str] = &["name", "scenario", "date", "verdict", "jurisdictions"];
const EXPECT_FIELDS: &[&str] = &["outcome", "review", "rules", "dormant", "absent"];

/// Reads the cases of a case file (`.toml` or `.json`), or of every `*.cases.toml` and
/// `*.cases.json` file in a folder and its sub-folders (in path order; see [`case_files`]).
///
/// # Errors
/// A [`LoadError`] naming the file and, for each problem, its path and line: unknown fields,
/// a missing name or scenario, an invalid scenario or date. For a folder, the first case file
/// that cannot be loaded.
///
/// # Example
///
/// ```
/// use longarm::testing::load_cases;
/// use std::path::Path;
///
/// let cases = load_cases(Path::new("examples/cases/motor.cases.toml"))?;
/// assert_eq!(cases.len(), 3);
/// assert_eq!(cases[0].verdict.as_deref(), Some("license_required"));
/// let cn = &cases[0].jurisdictions["CN"];
/// assert_eq!(cn.review.as_deref(), Some("presumption_of_denial"));
///
/// // Every case file of a folder, in path order.
/// let all = load_cases(Path::new("examples/cases"))?;
/// assert!(all.len() > cases.len());
/// # Ok::<(), longarm::LoadError>(())
/// ```
pub fn load_cases(path: &Path) -> Result<Vec<Case>, LoadError> {
    load_cases_with_limits(path, &Limits::default())
}

/// As [`load_cases`], within `limits` instead of the defaults (for the case files, their
/// scenarios and, when the cases are run, their BOMs).
///
/// # Errors
/// As [`load_cases`]; a limit reached is a problem naming it.
pub fn load_cases_with_limits(path: &Path, limits: &Limits) -> Result<Vec<Case>, LoadError> {
    if path.is_dir() {
        let mut cases = Vec::new();
        for file in case_files(path)? {
            cases.extend(load_cases_with_limits(&file, limits)?);
        }
        return Ok(cases);
    }
    let file = Some(path.to_path_buf());
    let tree = doc::read_file(path, limits, |extension| ProblemKind::UnknownCaseFormat {
        extension,
    })?;
    let root = tree.map_err(|e| LoadError::syntax(file.clone(), e))?;
    let base = path.parent().unwrap_or(Path::new(""));
    read(&root, base, limits)
        .map_err(|mut e| {
            e.file = file.clone();
            e
        })
        .map(|mut cases| {
            for c in &mut cases {
                c.file = file.clone();
            }
            cases
        })
}

/// Reads the cases of a case file's text, TOML or JSON, with scenario BOM paths taken
/// relative to `base` (the folder the text would live in). [`load_cases`] reads files.
///
/// # Errors
/// As [`load_cases`], without a file name.
pub fn cases_from_str(
    text: &str,
    toml: bool,
    base: &Path,
    limits: &Limits,
) -> Result<Vec<Case>, LoadError> {
    let tree = if toml {
        doc::parse_toml_nested(text, limits.nesting)
    } else {
        doc::parse_json_nested(text, limits.nesting)
    };
    let root = tree.map_err(|e| LoadError::syntax(None, e))?;
    read(&root, base, limits)
}

/// The case files under `path`: `path` itself when it is not a folder; else every
/// `*.cases.toml` and `*.cases.json` file in it and its sub-folders, sorted by path. Hidden
/// folders (`.git`), `target` folders and symbolic links to folders are not searched.
///
/// # Errors
/// A folder that cannot be read.
pub fn case_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    // A path that is not there is said as such, not as a file of an unknown format.
    std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| LoadError::io(&folder, &e))?;
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let entry_path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if !name.starts_with('.') && name != "target" {
                    folders.push(entry_path);
                }
            } else if (name.ends_with(".cases.toml") || name.ends_with(".cases.json"))
                && entry_path.is_file()
            {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read(root: &Node, base: &Path, limits: &Limits) -> Result<Vec<Case>, LoadError> {
    let mut cx = Reader::with_limits(limits);
    let top = At::Root;
    let mut cases = Vec::new();
    if let Some(members) = cx.object(root, &top, &["cases"])
        && let Some(list) = cx
            .required(members, root, &top, "cases")
            .and_then(|n| cx.array(n, &top.key("cases")))
    {
        let cases_at = top.key("cases");
        for (i, node) in list.iter().enumerate() {
            if let Some(case) = case(&mut cx, node, &cases_at.index(i), base) {
                cases.push(case);
            }
        }
    }
    if cx.problems.is_empty() {
        Ok(cases)
    } else {
        cx.problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
        Err(cx.into_error())
    }
}

fn case(cx: &mut Reader, node: &Node, at: &At<'_>, base: &Path) -> Option<Case> {
    let before = (cx.problems.len(), cx.dropped);
    let members = cx.object(node, at, CASE_FIELDS)?;
    let name = cx
        .required(members, node, at, "name")
        .and_then(|n| cx.string(n, &at.key("name")).map(str::to_owned));
    let scenario_at = at.key("scenario");
    let scenario = cx
        .required(members, node, at, "scenario")
        .and_then(|n| scenario(cx, n, &scenario_at, base));
    let date = field(members, "date").and_then(|n| cx.date(n, &at.key("date")));
    let verdict = one_of(cx, members, at, "verdict", VERDICTS);
    let mut jurisdictions = BTreeMap::new();
    let j_at = at.key("jurisdictions");
    if let Some(js) = field(members, "jurisdictions").and_then(|n| cx.object(n, &j_at, &[])) {
        for (j, n) in js {
            let e_at = j_at.key(j);
            let Some(fields) = cx.object(n, &e_at, EXPECT_FIELDS) else {
                continue;
            };
            let list = |cx: &mut Reader, key: &str| {
                field(fields, key)
                    .map(|n| cx.string_list(n, &e_at.key(key)))
                    .unwrap_or_default()
            };
            let expect = Expect {
                outcome: one_of(cx, fields, &e_at, "outcome", OUTCOMES),
                review: one_of(cx, fields, &e_at, "review", REVIEWS),
                rules: list(cx, "rules"),
                dormant: list(cx, "dormant"),
                absent: list(cx, "absent"),
            };
            jurisdictions.insert(j.to_string(), expect);
        }
    }
    // A case that expects nothing would pass whatever the answer (said when nothing else is
    // wrong with it, so a broken case is not reported twice).
    let expects_something = field(members, "verdict").is_some()
        || jurisdictions.values().any(|e| {
            e.outcome.is_some()
                || e.review.is_some()
                || !e.rules.is_empty()
                || !e.dormant.is_empty()
                || !e.absent.is_empty()
        });
    if !expects_something && (cx.problems.len(), cx.dropped) == before {
        cx.push(at, node.line, ProblemKind::NothingExpected);
    }
    let mut scenario = scenario?;
    if let Some(d) = date {
        scenario.date = d;
    }
    Some(Case {
        name: name?,
        file: None,
        scenario,
        verdict,
        jurisdictions,
    })
}

const VERDICTS: &[&str] = &["no_license_required", "undetermined", "license_required"];
const OUTCOMES: &[&str] = &[
    "not_subject",
    "no_license_required",
    "license_required",
    "exempt",
    "undetermined",
];
const REVIEWS: &[&str] = &[
    "approval",
    "case_by_case",
    "presumption_of_denial",
    "denial",
];

/// An optional string that must be one of `allowed`: a misspelt expectation
/// (`not-subject`) would otherwise fail every run, or pass none, for the wrong reason.
fn one_of(
    cx: &mut Reader,
    members: &[(Text, Node)],
    at: &At<'_>,
    key: &'static str,
    allowed: &[&str],
) -> Option<String> {
    let value = cx.opt_string(members, at, key)?;
    if allowed.contains(&value.as_str()) {
        return Some(value);
    }
    let normalised = value.trim().to_lowercase().replace(['-', ' '], "_");
    let suggestion = allowed
        .iter()
        .find(|a| **a == normalised)
        .copied()
        .or_else(|| crate::doc::read::closest(&value, allowed.iter().copied()))
        .map(str::to_owned);
    let line = field(members, key).map_or(0, |n| n.line);
    cx.push(
        &at.key(key),
        line,
        ProblemKind::UnknownValue {
            what: key,
            value,
            expected: allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", "),
            suggestion,
        },
    );
    None
}

/// A scenario by path (relative to the case file) or inline; its problems are reported
/// under the case's `scenario` path.
fn scenario(cx: &mut Reader, node: &Node, at: &At<'_>, base: &Path) -> Option<Scenario> {
    let loaded = match &node.kind {
        doc::Kind::Str(p) => Scenario::from_path_with_limits(base.join(p.as_str()), &cx.limits),
        doc::Kind::Obj(_) => crate::scenario::load::load(node, Some(base), &cx.limits, true)
            .map_err(|mut e| {
                let prefix = at.render();
                for p in &mut e.problems {
                    p.path = if p.path.is_empty() {
                        prefix.clone()
                    } else {
                        format!("{prefix}.{}", p.path)
                    };
                }
                e
            }),
        _ => {
            cx.wrong_type(node, at, "a scenario file path or an inline scenario");
            return None;
        }
    };
    match loaded {
        Ok(s) => Some(s),
        Err(e) => {
            for mut p in e.problems {
                // A problem inside the scenario file: name that file, its line and path.
                if let Some(file) = &e.file {
                    let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let inner = if p.path.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", p.path)
                    };
                    p.path = format!("{} -> {}{line}{inner}", at.render(), file.display());
                    p.line = Some(node.line);
                }
                cx.problems.push(p);
            }
            None
        }
    }
}

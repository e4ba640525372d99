//! The native half of the `longarm` Python package: loading BOMs, scenarios and rule packs,
//! and evaluating them, with the GIL released. The public API (`longarm.check`,
//! `longarm.Engine`, ...) is the Python package around it (`python/longarm/__init__.py`), which
//! turns dicts into JSON text in one place and determinations into dicts.
//!
//! Nothing here panics on bad input: every failure is a `longarm.LoadError` or
//! `longarm.EvalError` (both `ValueError`s) carrying its problems, each with its path. A panic
//! would be a bug; evaluations run inside `catch_unwind` all the same, so one becomes a
//! `RuntimeError` naming itself a bug rather than a `PanicException` (a `BaseException`).

use longarm::{Bom, BomSource, Engine, EvalError, EvalOptions, Prepared, RuleSet, Scenario};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;

/// The exceptions, defined in Python (`longarm/_errors.py`) so they pickle and subclass
/// `ValueError` on every Python version.
mod py_errors {
    pyo3::import_exception!(longarm._errors, LoadError);
    pyo3::import_exception!(longarm._errors, EvalError);
}
use py_errors::{EvalError as PyEvalError, LoadError};

self_cell::self_cell!(
    /// A rule set and the engine over it, owned together so Python can hold them.
    struct EngineCell {
        owner: RuleSet,
        #[covariant]
        dependent: Engine,
    }
    impl {Debug}
);

/// What a prepared BOM borrows: the engine and the BOM.
#[derive(Debug)]
struct PreparedOwner {
    engine: Arc<EngineCell>,
    bom: NativeBom,
}

type PreparedAll<'a> = Prepared<'a, 'a, 'a>;

self_cell::self_cell!(
    /// A BOM prepared with an engine (its roll-up cache), owned with what it borrows.
    struct PreparedCell {
        owner: PreparedOwner,
        #[not_covariant]
        dependent: PreparedAll,
    }
    impl {Debug}
);

/// One problem of a failure, as Python sees it.
#[derive(Debug, Clone)]
struct ProblemData {
    file: Option<String>,
    path: String,
    line: Option<u32>,
    message: String,
}

/// A failure, built without the GIL and raised with it.
#[derive(Debug, Clone)]
enum Failure {
    Load {
        message: String,
        file: Option<String>,
        problems: Vec<ProblemData>,
    },
    Eval {
        message: String,
        problems: Vec<ProblemData>,
    },
    Value(String),
    /// A panic caught: a bug in longarm, never the caller's input.
    Bug(String),
}

impl Failure {
    /// A load error; `from_dict` drops the lines (they are lines of the JSON text made from
    /// the dict, which the caller never saw) and names the input `label` in the message.
    fn load(e: &longarm::LoadError, from_dict: bool, label: &str) -> Failure {
        let file = e.file.as_ref().map(|p| p.display().to_string());
        let problems = problems_of(e, from_dict);
        Failure::Load {
            message: if from_dict && e.file.is_none() {
                render(label, &problems)
            } else {
                e.to_string()
            },
            problems,
            file,
        }
    }

    fn eval(e: &EvalError, scenario: &Scenario, from_dict: bool) -> Failure {
        let problems = match e {
            EvalError::Vocabulary(errors) => errors
                .iter()
                .flat_map(|e| problems_of(e, from_dict && e.file.is_none()))
                .collect(),
            EvalError::Rollup(longarm::RollupError::UnknownItem { .. }) => vec![ProblemData {
                file: scenario.file().map(|p| p.display().to_string()),
                path: "item".to_owned(),
                line: None,
                message: e.to_string(),
            }],
            other => vec![ProblemData {
                file: None,
                path: String::new(),
                line: None,
                message: other.to_string(),
            }],
        };
        Failure::Eval {
            message: match e {
                EvalError::Vocabulary(errors) if from_dict => errors
                    .iter()
                    .map(|e| match &e.file {
                        Some(_) => e.to_string(),
                        None => render("<dict>", &problems_of(e, true)),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => other.to_string(),
            },
            problems,
        }
    }

    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Load {
                message,
                file,
                problems,
            } => match problem_list(py, &problems) {
                Ok(list) => LoadError::new_err((message, file, list.unbind())),
                Err(e) => e,
            },
            Failure::Eval { message, problems } => match problem_list(py, &problems) {
                Ok(list) => PyEvalError::new_err((message, py.None(), list.unbind())),
                Err(e) => e,
            },
            Failure::Value(message) => PyValueError::new_err(message),
            Failure::Bug(message) => PyRuntimeError::new_err(format!(
                "longarm internal error (a bug, please report it): {message}"
            )),
        }
    }
}

/// Problems listed in full in a message before the rest are counted (as the CLI does).
const SHOWN: usize = 50;

/// A load error's message for an input without a file or lines, as `LoadError`'s Display
/// writes one with them: `LABEL: N problems`, then `LABEL: PATH: message` each.
fn render(label: &str, problems: &[ProblemData]) -> String {
    use std::fmt::Write;
    let count = problems.len();
    let mut out = format!(
        "{label}: {count} problem{}",
        if count == 1 { "" } else { "s" }
    );
    for p in problems.iter().take(SHOWN) {
        let _ = write!(out, "\n{label}");
        if !p.path.is_empty() {
            let _ = write!(out, ": {}", p.path);
        }
        let message: String = p
            .message
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let _ = write!(out, ": {message}");
    }
    if count > SHOWN {
        let _ = write!(out, "\n... and {} more", count.saturating_sub(SHOWN));
    }
    out
}

fn problems_of(e: &longarm::LoadError, from_dict: bool) -> Vec<ProblemData> {
    let file = e.file.as_ref().map(|p| p.display().to_string());
    e.problems
        .iter()
        .map(|p| ProblemData {
            file: file.clone(),
            path: p.path.clone(),
            line: if from_dict { None } else { p.line },
            message: p.kind.to_string(),
        })
        .collect()
}

fn problem_list<'py>(py: Python<'py>, problems: &[ProblemData]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for p in problems {
        let d = PyDict::new(py);
        d.set_item("file", &p.file)?;
        d.set_item("path", &p.path)?;
        d.set_item("line", p.line)?;
        d.set_item("message", &p.message)?;
        list.append(d)?;
    }
    Ok(list)
}

/// Runs `f` without the GIL, a panic caught as a [`Failure::Bug`].
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(bug(&p))))
        .map_err(|f| f.into_pyerr(py))
}

fn bug(payload: &(dyn std::any::Any + Send)) -> Failure {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    Failure::Bug(text)
}

/// The JSON value of the text `longarm/_json.py` made from a dict. Its numbers are those JSON
/// holds exactly as `serde_json` reads them (integers within 64 bits, floats as Python prints
/// them); Decimals and larger integers arrive as strings, so no value is rounded on the way.
fn json_value(text: &str) -> Result<serde_json::Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        let problems = vec![ProblemData {
            file: None,
            path: String::new(),
            line: None,
            message: format!("not a JSON value: {e}"),
        }];
        Failure::Load {
            message: render("<dict>", &problems),
            file: None,
            problems,
        }
    })
}

fn options(explain: bool) -> EvalOptions {
    if explain {
        EvalOptions::EXPLAIN
    } else {
        EvalOptions::default()
    }
}

/// A loaded BOM.
#[pyclass(module = "longarm._longarm", frozen, from_py_object)]
#[derive(Debug, Clone)]
struct NativeBom {
    bom: Arc<Bom>,
    from_dict: bool,
}

#[pymethods]
impl NativeBom {
    /// Loads a BOM file (`.json` or `.toml`).
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<NativeBom> {
        guarded(py, move || {
            Bom::from_path(&path)
                .map(|bom| NativeBom {
                    bom: Arc::new(bom),
                    from_dict: false,
                })
                .map_err(|e| Failure::load(&e, false, ""))
        })
    }

    /// Loads a BOM from the JSON text made from a dict (`longarm/_json.py`), as a JSON value:
    /// problems name items by id and carry no line, and the receipt records no input.
    #[staticmethod]
    fn from_dict_json(py: Python<'_>, text: String) -> PyResult<NativeBom> {
        guarded(py, move || {
            Bom::from_json_value(&json_value(&text)?)
                .map(|bom| NativeBom {
                    bom: Arc::new(bom),
                    from_dict: true,
                })
                .map_err(|e| Failure::load(&e, true, "<bom dict>"))
        })
    }

    /// The SHA-256 of the text it was read from (the receipt's), if any.
    #[getter]
    fn sha256(&self) -> Option<String> {
        self.bom.sha256().map(str::to_owned)
    }

    /// The file it was read from, if any.
    #[getter]
    fn source(&self) -> Option<String> {
        self.bom.source().map(|p| p.display().to_string())
    }

    /// The ids of the items that are nobody's component, in file order.
    fn roots(&self) -> Vec<String> {
        self.bom.roots().map(|i| i.id.clone()).collect()
    }
}

/// A loaded scenario.
#[pyclass(module = "longarm._longarm", frozen, from_py_object)]
#[derive(Debug, Clone)]
struct NativeScenario {
    scenario: Arc<Scenario>,
    from_dict: bool,
}

#[pymethods]
impl NativeScenario {
    /// Loads a scenario file (`.json` or `.toml`); its relative BOM path is resolved against it.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<NativeScenario> {
        guarded(py, move || {
            Scenario::from_path(&path)
                .map(|s| NativeScenario {
                    scenario: Arc::new(s),
                    from_dict: false,
                })
                .map_err(|e| Failure::load(&e, false, ""))
        })
    }

    /// Loads a scenario from the JSON text made from a dict, as a JSON value: its `bom` may
    /// be left out (the BOM is then given), problems name parties and inline items by id.
    #[staticmethod]
    fn from_dict_json(py: Python<'_>, text: String) -> PyResult<NativeScenario> {
        guarded(py, move || {
            Scenario::from_json_value(&json_value(&text)?)
                .map(|s| NativeScenario {
                    scenario: Arc::new(s),
                    from_dict: true,
                })
                .map_err(|e| Failure::load(&e, true, "<scenario dict>"))
        })
    }

    /// The same scenario on another date (`YYYY-MM-DD`), and/or with parts that declare no
    /// material read as unknown.
    #[pyo3(signature = (date=None, strict_materials=false))]
    fn adjusted(&self, date: Option<&str>, strict_materials: bool) -> PyResult<NativeScenario> {
        let mut scenario = Scenario::clone(&self.scenario);
        if let Some(d) = date {
            scenario.date = longarm::Date::parse(d).ok_or_else(|| {
                PyValueError::new_err(format!("invalid date `{d}`: expected `YYYY-MM-DD`"))
            })?;
        }
        if strict_materials {
            scenario.assume = scenario
                .assume
                .overridden_by(longarm::Assumptions::STRICT_MATERIALS);
        }
        Ok(NativeScenario {
            scenario: Arc::new(scenario),
            from_dict: self.from_dict,
        })
    }

    /// The BOM the scenario names: its file (resolved against the scenario file), or the BOM
    /// written inline.
    fn load_bom(&self, py: Python<'_>) -> PyResult<NativeBom> {
        let scenario = Arc::clone(&self.scenario);
        let from_dict = self.from_dict;
        guarded(py, move || {
            // An inline BOM, or none named, is the dict's own: its problems are the dict's.
            let inline = matches!(scenario.bom, BomSource::Inline(_) | BomSource::Given);
            scenario
                .load_bom()
                .map(|bom| NativeBom {
                    bom: Arc::new(bom),
                    from_dict: from_dict && inline,
                })
                .map_err(|e| Failure::load(&e, from_dict && inline, "<scenario dict>"))
        })
    }

    #[getter]
    fn item(&self) -> String {
        self.scenario.item.clone()
    }

    #[getter]
    fn date(&self) -> String {
        self.scenario.date.to_string()
    }
}

/// A rule set and its engine.
#[pyclass(module = "longarm._longarm", frozen)]
#[derive(Debug)]
struct NativeEngine {
    cell: Arc<EngineCell>,
}

/// One evaluation's outcome: the determination's JSON text, or the failure.
type Outcome = Result<String, Failure>;

/// `bom_from_dict`: the BOM was made from a dict, so problems without a file have no line
/// the caller could use.
fn evaluate_one(
    prepared: &Prepared<'_, '_, '_>,
    bom_from_dict: bool,
    s: &NativeScenario,
    explain: bool,
) -> Outcome {
    catch_unwind(AssertUnwindSafe(|| {
        prepared
            .evaluate_with(&s.scenario, options(explain))
            .map(|d| longarm::replay::render_json(&d))
            .map_err(|e| Failure::eval(&e, &s.scenario, s.from_dict || bom_from_dict))
    }))
    .unwrap_or_else(|p| Err(bug(&p)))
}

/// Each outcome as a `str` or an exception instance, in order.
fn outcomes(py: Python<'_>, results: Vec<Outcome>) -> PyResult<Vec<Py<PyAny>>> {
    results
        .into_iter()
        .map(|r| match r {
            Ok(text) => Ok(text.into_pyobject(py)?.into_any().unbind()),
            Err(f) => Ok(f.into_pyerr(py).into_value(py).into_any()),
        })
        .collect()
}

#[pymethods]
impl NativeEngine {
    /// The bundled packs (when `bundled`), then each of `paths` (a pack file or a folder of
    /// packs), as `longarm check --rules PATH ... [--no-bundled]` loads them.
    #[new]
    #[pyo3(signature = (paths, bundled=true))]
    fn new(py: Python<'_>, paths: Vec<PathBuf>, bundled: bool) -> PyResult<NativeEngine> {
        guarded(py, move || {
            let rules = if bundled && paths.is_empty() {
                RuleSet::bundled()
            } else {
                RuleSet::load(bundled, &paths)
            }
            .map_err(|e| Failure::load(&e, false, ""))?;
            if rules.rules().is_empty() {
                return Err(Failure::Value(
                    "no rules loaded: pass a pack path in `rules`".to_owned(),
                ));
            }
            Ok(NativeEngine {
                cell: Arc::new(EngineCell::new(rules, |r| Engine::new(r))),
            })
        })
    }

    /// The packs loaded, in order: `(id, source, sha256)`.
    fn packs(&self) -> Vec<(String, String, String)> {
        self.cell
            .borrow_owner()
            .packs()
            .iter()
            .map(|p| (p.id.clone(), p.source.clone(), p.sha256.clone()))
            .collect()
    }

    /// The number of rules loaded.
    fn rule_count(&self) -> usize {
        self.cell.borrow_owner().rules().len()
    }

    /// `bom` prepared for many evaluations.
    fn prepare(&self, bom: &NativeBom) -> NativePrepared {
        let owner = PreparedOwner {
            engine: Arc::clone(&self.cell),
            bom: bom.clone(),
        };
        NativePrepared {
            cell: PreparedCell::new(owner, |o| o.engine.borrow_dependent().prepare(&o.bom.bom)),
        }
    }

    /// The determination's JSON text (as `longarm check --format json` prints it) for one
    /// export of an item of `bom`.
    #[pyo3(signature = (bom, scenario, explain=false))]
    fn evaluate(
        &self,
        py: Python<'_>,
        bom: &NativeBom,
        scenario: &NativeScenario,
        explain: bool,
    ) -> PyResult<String> {
        let cell = Arc::clone(&self.cell);
        let bom = bom.clone();
        let scenario = scenario.clone();
        guarded(py, move || {
            let prepared = cell.borrow_dependent().prepare(&bom.bom);
            evaluate_one(&prepared, bom.from_dict, &scenario, explain)
        })
    }

    /// Each scenario with the BOM it names (each distinct BOM file loaded and prepared once),
    /// over the cores; outcomes in order: JSON text, or the exception (not raised).
    #[pyo3(signature = (scenarios, explain=false))]
    fn evaluate_own(
        &self,
        py: Python<'_>,
        scenarios: Vec<NativeScenario>,
        explain: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let cell = Arc::clone(&self.cell);
        let results = py.detach(move || {
            // Each distinct BOM file once; an inline BOM is its scenario's own.
            let mut files: HashMap<PathBuf, usize> = HashMap::new();
            let mut sources: Vec<&NativeScenario> = Vec::new();
            let slot: Vec<usize> = scenarios
                .iter()
                .map(|s| match &s.scenario.bom {
                    BomSource::Path(p) => *files.entry(p.clone()).or_insert_with(|| {
                        sources.push(s);
                        sources.len() - 1
                    }),
                    // Inline: its own; given (none named): its own failure, `bom` missing.
                    _ => {
                        sources.push(s);
                        sources.len() - 1
                    }
                })
                .collect();
            // A BOM written inline in a dict scenario was made from the dict too.
            let boms: Vec<Result<(Bom, bool), Failure>> = sources
                .par_iter()
                .map(|s| {
                    let from_dict = s.from_dict
                        && matches!(s.scenario.bom, BomSource::Inline(_) | BomSource::Given);
                    catch_unwind(AssertUnwindSafe(|| s.scenario.load_bom()))
                        .map_err(|p| bug(&p))?
                        .map(|b| (b, from_dict))
                        .map_err(|e| Failure::load(&e, from_dict, "<scenario dict>"))
                })
                .collect();
            let engine = cell.borrow_dependent();
            let prepared: Vec<Result<(Prepared<'_, '_, '_>, bool), Failure>> = boms
                .iter()
                .map(|b| {
                    b.as_ref()
                        .map(|(b, d)| (engine.prepare(b), *d))
                        .map_err(Clone::clone)
                })
                .collect();
            scenarios
                .par_iter()
                .zip(slot.par_iter())
                .map(|(s, &i)| match prepared.get(i) {
                    Some(Ok((p, d))) => evaluate_one(p, *d, s, explain),
                    Some(Err(f)) => Err(f.clone()),
                    None => Err(Failure::Bug("a BOM slot out of range".to_owned())),
                })
                .collect::<Vec<Outcome>>()
        });
        outcomes(py, results)
    }
}

/// A BOM prepared with an engine: many scenarios share its roll-ups.
#[pyclass(module = "longarm._longarm", frozen)]
#[derive(Debug)]
struct NativePrepared {
    cell: PreparedCell,
}

#[pymethods]
impl NativePrepared {
    /// The determination's JSON text for one export of an item of the prepared BOM.
    #[pyo3(signature = (scenario, explain=false))]
    fn evaluate(
        &self,
        py: Python<'_>,
        scenario: &NativeScenario,
        explain: bool,
    ) -> PyResult<String> {
        let cell = &self.cell;
        guarded(py, || {
            cell.with_dependent(|o, prepared| {
                evaluate_one(prepared, o.bom.from_dict, scenario, explain)
            })
        })
    }

    /// Every scenario, over the cores; outcomes in order: JSON text, or the exception (not
    /// raised).
    #[pyo3(signature = (scenarios, explain=false))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        scenarios: Vec<NativeScenario>,
        explain: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let cell = &self.cell;
        let results = py.detach(|| {
            cell.with_dependent(|o, prepared| {
                scenarios
                    .par_iter()
                    .map(|s| evaluate_one(prepared, o.bom.from_dict, s, explain))
                    .collect::<Vec<Outcome>>()
            })
        });
        outcomes(py, results)
    }
}

/// The native half of the `longarm` package; use `longarm` itself.
#[pymodule]
#[pyo3(name = "_longarm")]
mod native {
    #[pymodule_export]
    use super::{NativeBom, NativeEngine, NativePrepared, NativeScenario};
}

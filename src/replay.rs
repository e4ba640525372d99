//! Replaying a saved determination: the same inputs, verified by their SHA-256, evaluated
//! again on the recorded date, must give the same bytes.
//!
//! A determination's receipt records the packs (source and SHA-256), the as-of date, and the
//! scenario and BOM it was made from (path as given and SHA-256; a scenario built from
//! `check`'s flags is recorded as its JSON text). [`replay`] reads them again, refuses when any
//! of them changed, re-evaluates and compares the new JSON with the saved text.
//!
//! ```no_run
//! let saved = std::fs::read_to_string("motor.determination.json")?;
//! let replay = longarm::replay::replay(&saved)?;
//! assert!(replay.difference.is_none(), "{:?}", replay.difference);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::doc::sha256_hex;
use crate::error::LoadError;
use crate::limits::Limits;
use crate::{BomSource, Date, Determination, EvalError, RuleSet, Scenario, evaluate_with};
use serde::Deserialize;
use std::path::Path;

/// A determination as `longarm check --format json` writes it: pretty JSON and a newline.
/// Replays compare these bytes.
pub fn render_json(determination: &Determination) -> String {
    let mut text = serde_json::to_string_pretty(determination).unwrap_or_default();
    text.push('\n');
    text
}

/// The outcome of a replay that could run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Replay {
    /// The determination made again.
    pub determination: Determination,
    /// Its JSON, as [`render_json`] writes it.
    pub json: String,
    /// Where it first differs from the saved text; `None` when identical.
    pub difference: Option<Difference>,
}

/// The first line where a replayed determination differs from the saved one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Difference {
    /// 1-based line number.
    pub line: usize,
    /// The saved line (`None` past the end of the saved text).
    pub saved: Option<String>,
    /// The replayed line (`None` past the end of the replayed text).
    pub replayed: Option<String>,
}

/// Why a determination could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// Not the JSON of a determination with a receipt.
    #[error("not a saved determination: {message}")]
    NotADetermination {
        /// What is wrong with the text, in the JSON reader's words.
        message: String,
    },
    /// The receipt lacks what a replay needs.
    #[error("the determination cannot be replayed: {reason}")]
    NotReplayable {
        /// Why not, in words.
        reason: String,
    },
    /// An input or a pack is not what the receipt recorded.
    #[error(
        "{input} has changed since the determination: its sha256 is {actual}, the receipt records {recorded}"
    )]
    Changed {
        /// What changed, e.g. ``BOM `examples/motor.bom.json` ``.
        input: String,
        /// The SHA-256 the receipt records, hex.
        recorded: String,
        /// The SHA-256 of what was read now, hex.
        actual: String,
    },
    /// An input or pack could not be read or loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The re-evaluation failed.
    #[error(transparent)]
    Eval(#[from] EvalError),
}

/// A saved determination: only its receipt is read (as `Determination` reads it, so a
/// receipt made before `settings.bundled` was recorded reads as bundled when it names a
/// bundled pack).
#[derive(Deserialize)]
struct Saved {
    receipt: crate::eval::Receipt,
}

fn check(input: String, recorded: &str, text: &str) -> Result<(), ReplayError> {
    let actual = sha256_hex(text.as_bytes());
    if actual == recorded {
        Ok(())
    } else {
        Err(ReplayError::Changed {
            input,
            recorded: recorded.to_owned(),
            actual,
        })
    }
}

fn read(path: &Path, limits: &Limits) -> Result<String, LoadError> {
    crate::doc::read_text_limited(path, limits.input_bytes).map_err(|e| LoadError::io(path, &e))
}

/// Replays the determination saved as `saved` (the output of `longarm check --format json`):
/// re-reads the scenario, BOM and packs its receipt names, checks each against its recorded
/// SHA-256, evaluates on the recorded as-of date and compares the JSON with `saved`.
///
/// Relative paths in the receipt are relative to the directory `check` ran in: replay from
/// the same directory.
///
/// # Errors
/// [`ReplayError::Changed`] naming the first input or pack that is not what the receipt
/// recorded; [`ReplayError::NotReplayable`] when the receipt records no scenario (one written
/// inline in a case file) or no as-of date; load and evaluation errors as from `check`.
///
/// # Example
///
/// A determination made from files, saved and replayed:
///
/// ```
/// use longarm::replay::{render_json, replay};
/// use longarm::{RuleSet, Scenario, evaluate};
///
/// let scenario = Scenario::from_path("examples/motor.scenario.json")?;
/// let bom = scenario.load_bom()?;
/// let determination = evaluate(&bom, &scenario, &RuleSet::bundled()?)?;
/// let saved = render_json(&determination);
///
/// let again = replay(&saved)?;
/// assert_eq!(again.difference, None);
/// assert_eq!(again.json, saved);
///
/// // Text that is not a saved determination is refused.
/// assert!(replay("{}").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replay(saved: &str) -> Result<Replay, ReplayError> {
    replay_with_limits(saved, &Limits::default())
}

/// As [`replay`], loading the inputs within `limits` instead of the defaults.
///
/// # Errors
/// As [`replay`].
pub fn replay_with_limits(saved: &str, limits: &Limits) -> Result<Replay, ReplayError> {
    let parsed: Saved =
        serde_json::from_str(saved).map_err(|e| ReplayError::NotADetermination {
            message: e.to_string(),
        })?;
    let receipt = parsed.receipt;
    let as_of = Date::parse(&receipt.as_of).ok_or_else(|| ReplayError::NotADetermination {
        message: format!("invalid as-of date `{}`", receipt.as_of),
    })?;

    // The scenario: its file, or the text `check` built from its flags.
    let Some(recorded) = &receipt.inputs.scenario else {
        return Err(ReplayError::NotReplayable {
            reason: "its receipt records no scenario (a scenario written inline in a case file \
                     has no text of its own)"
                .to_owned(),
        });
    };
    let mut scenario = match (&recorded.text, &recorded.source) {
        (Some(text), _) => {
            check(
                "the scenario built from flags".to_owned(),
                &recorded.sha256,
                text,
            )?;
            Scenario::from_json_str_kept_with_limits(text, limits)?
        }
        (None, Some(source)) => {
            let path = Path::new(source);
            check(
                format!("scenario `{source}`"),
                &recorded.sha256,
                &read(path, limits)?,
            )?;
            Scenario::from_path_with_limits(path, limits)?
        }
        (None, None) => {
            return Err(ReplayError::NotReplayable {
                reason: "its scenario was read from text that was not kept".to_owned(),
            });
        }
    };
    scenario.date = as_of;
    if receipt.settings.strict_materials {
        scenario.assume = scenario
            .assume
            .overridden_by(crate::Assumptions::STRICT_MATERIALS);
    }

    // The BOM: a file checked against the receipt, or inline in the (checked) scenario.
    let bom = match (&scenario.bom, &receipt.inputs.bom) {
        // The BOM evaluated was a file: that file, whichever BOM the scenario names (a library
        // caller may evaluate a scenario against another BOM; the receipt records that one).
        (
            _,
            Some(crate::eval::InputReceipt {
                source: Some(source),
                sha256,
                ..
            }),
        ) => {
            let path = Path::new(source);
            check(format!("BOM `{source}`"), sha256, &read(path, limits)?)?;
            crate::Bom::from_path_with_limits(path, limits)?
        }
        // Read from text that was not kept, which the scenario's BOM file may hold.
        (BomSource::Path(path), Some(recorded)) => {
            check(
                format!("BOM `{}`", path.display()),
                &recorded.sha256,
                &read(path, limits)?,
            )?;
            crate::Bom::from_path_with_limits(path, limits)?
        }
        (BomSource::Path(path), None) => {
            return Err(ReplayError::NotReplayable {
                reason: format!(
                    "its receipt records no BOM, but the scenario names `{}`",
                    path.display()
                ),
            });
        }
        (BomSource::Inline(bom), None) => bom.clone(),
        (BomSource::Inline(_) | BomSource::Given, Some(_)) => {
            return Err(ReplayError::NotReplayable {
                reason: "its BOM was given as text that was not kept".to_owned(),
            });
        }
        (BomSource::Given, None) => {
            return Err(ReplayError::NotReplayable {
                reason: "its scenario names no BOM".to_owned(),
            });
        }
    };

    // The packs, in the recorded order, each checked before it is parsed.
    let mut texts = Vec::with_capacity(receipt.packs.len());
    for pack in &receipt.packs {
        let text = RuleSet::pack_text_with_limits(&pack.source, limits)?;
        check(
            format!("pack `{}` (`{}`)", pack.id, pack.source),
            &pack.sha256,
            &text,
        )?;
        texts.push((pack.source.as_str(), text));
    }
    // Exactly the set the receipt says was loaded: the complete bundled set first, or no
    // bundled pack at all (`bundled:NAME` in a `--no-bundled` receipt is an edit).
    let bundled = receipt.settings.bundled;
    let complete = RuleSet::bundled_sources();
    if bundled {
        let starts_complete = receipt.packs.len() >= complete.len()
            && receipt
                .packs
                .iter()
                .zip(&complete)
                .all(|(p, b)| &p.source == b);
        if !starts_complete {
            return Err(ReplayError::NotReplayable {
                reason: format!(
                    "its receipt records that the bundled packs were loaded, but its packs do not begin with the complete bundled set ({}): it was edited, or made by another version",
                    complete.join(", ")
                ),
            });
        }
    }
    if let Some(p) = receipt
        .packs
        .iter()
        .skip(if bundled { complete.len() } else { 0 })
        .find(|p| p.source.starts_with("bundled:"))
    {
        return Err(ReplayError::NotReplayable {
            reason: format!(
                "its receipt names the bundled pack `{}` outside the bundled set{}: it was edited",
                p.source,
                if bundled {
                    ""
                } else {
                    ", but records that the bundled packs were not loaded"
                }
            ),
        });
    }

    let sources: Vec<(&str, &str)> = texts.iter().map(|(s, t)| (*s, t.as_ref())).collect();
    let rules = RuleSet::from_sources_with_limits(&sources, limits)?;

    let options = if receipt.settings.explain {
        crate::EvalOptions::EXPLAIN
    } else {
        crate::EvalOptions::default()
    };
    let determination = evaluate_with(&bom, &scenario, &rules, options)?;
    let json = render_json(&determination);
    let difference = first_difference(saved, &json);
    Ok(Replay {
        determination,
        json,
        difference,
    })
}

/// The first line where `saved` and `replayed` differ; `None` when they are the same bytes.
pub fn first_difference(saved: &str, replayed: &str) -> Option<Difference> {
    if saved == replayed {
        return None;
    }
    let mut a = saved.split_inclusive('\n');
    let mut b = replayed.split_inclusive('\n');
    let mut line = 0usize;
    loop {
        line = line.saturating_add(1);
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return None,
            (x, y) => {
                let strip = |s: &str| s.strip_suffix('\n').unwrap_or(s).to_owned();
                return Some(Difference {
                    line,
                    saved: x.map(strip),
                    replayed: y.map(strip),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_names_the_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        let d = first_difference("a\nb\nc\n", "a\nB\nc\n").unwrap();
        assert_eq!(
            (d.line, d.saved.as_deref(), d.replayed.as_deref()),
            (2, Some("b"), Some("B"))
        );
        let d = first_difference("a\n", "a\nb\n").unwrap();
        assert_eq!(
            (d.line, d.saved, d.replayed.as_deref()),
            (2, None, Some("b"))
        );
        // A missing final newline is a difference too.
        let d = first_difference("a", "a\n").unwrap();
        assert_eq!(d.line, 1);
    }
}

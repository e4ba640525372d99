//! Rule packs: one jurisdiction's rules as TOML data, with citations and dated windows.
//!
//! A [`RuleSet`] is the bundled packs plus any the user loads. A user rule with the id of a
//! bundled rule replaces it (so a team can amend a bundled pack without forking it); classes,
//! country groups and party lists of later packs replace those of the same name.

mod file;
mod listing;
mod load;
pub mod model;
mod parts;
pub mod window;

pub use model::{Effect, ItemPred, Listing, Op, Patched, Pred, Review, Rule};
pub use window::{Status, Window};

use crate::Date;
use crate::error::{LoadError, Problem, ProblemKind};
use crate::limits::Limits;
use load::{Parsed, RefKind};
use model::{Chart, Control, Group, ListInfo};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Packs shipped inside the crate, loaded by [`RuleSet::bundled`]: `(file name, text)`.
/// A pack enters this list only with a citation on every rule, its windows, and tests.
const BUNDLED: &[(&str, &str)] = &[
    ("cn-mofcom.toml", include_str!("../../packs/cn-mofcom.toml")),
    (
        "us-ear-tables.toml",
        include_str!("../../packs/us-ear-tables.toml"),
    ),
    ("us-ear.toml", include_str!("../../packs/us-ear.toml")),
];

/// How far a jurisdiction's control rows place a code (see [`RuleSet::coverage`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Coverage<'a> {
    /// Some row of the code's entry covers it (or it is never licensable).
    pub known: bool,
    /// The rows of reasons for control the pack does not encode that cover it.
    pub unencoded: Vec<&'a Control>,
}

/// Where a pack came from and what exactly it said (for the determination's receipt).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackInfo {
    /// The pack's id (`[pack] id`), e.g. `cn-mofcom`.
    pub id: String,
    /// The jurisdiction its rules belong to, e.g. `CN`.
    pub jurisdiction: String,
    /// The pack's title.
    pub title: String,
    /// The date of the sources the pack was encoded from, when it gives one.
    pub vintage: Option<Date>,
    /// The first date the pack describes: before it its jurisdiction is undetermined.
    pub covers_from: Option<Date>,
    /// What the pack covers and what it leaves out.
    pub note: Option<String>,
    /// `bundled:NAME` or the file path.
    pub source: String,
    /// SHA-256 of the pack text, hex.
    pub sha256: String,
}

/// The rules in effect for an evaluation, with the classes, groups and lists they name.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    packs: Vec<PackInfo>,
    rules: Vec<Rule>,
    classes: BTreeMap<String, ItemPred>,
    groups: BTreeMap<String, Group>,
    lists: BTreeMap<String, ListInfo>,
    /// Dated listings of named parties, in load order.
    listings: Vec<Listing>,
    /// Country charts by jurisdiction.
    charts: BTreeMap<String, Chart>,
    /// Control rows by jurisdiction and entry (the code's first segment, `3A001`), so a
    /// look-up costs the rows of one entry, not of the whole list.
    controls: BTreeMap<String, BTreeMap<String, Vec<Control>>>,
    /// The values files may use: the core vocabulary, what the packs declare, their lists.
    vocabulary: crate::Vocabulary,
    /// Per jurisdiction, the vocabulary values its packs read or declare (a declared value
    /// is one the pack considered, e.g. the end use `civil`, which changes nothing).
    read: BTreeMap<String, BTreeSet<(crate::VocabKind, String)>>,
    /// Jurisdictions whose conditions read items' materials.
    material_readers: BTreeSet<String>,
    /// `(jurisdiction, code)`: codes that never need a licence under the control rows.
    unlisted: BTreeSet<(String, String)>,
    /// Whether the complete bundled set was loaded first (receipts record it, so a replay
    /// loads exactly that set).
    bundled: bool,
}

impl RuleSet {
    /// The first date a jurisdiction's packs describe: the latest `covers_from` of its packs
    /// (`None` when none declares one). Before it the jurisdiction is undetermined.
    pub fn covers_from(&self, jurisdiction: &str) -> Option<Date> {
        self.packs
            .iter()
            .filter(|p| p.jurisdiction == jurisdiction)
            .filter_map(|p| p.covers_from)
            .max()
    }

    /// The packs bundled in the crate.
    ///
    /// # Errors
    /// Only if a bundled pack is invalid, which the crate's tests rule out.
    ///
    /// # Example
    ///
    /// ```
    /// use longarm::RuleSet;
    ///
    /// let rules = RuleSet::bundled()?;
    /// assert!(rules.bundled_loaded());
    /// assert_eq!(rules.jurisdictions(), ["CN", "US"]);
    /// let rule = rules.rule("cn.mofcom.2025-61.art1-1").expect("a bundled rule");
    /// assert_eq!(rule.citation, "MOFCOM Announcement No. 61 (2025), Art. 1(1)");
    /// # Ok::<(), longarm::LoadError>(())
    /// ```
    pub fn bundled() -> Result<RuleSet, LoadError> {
        let mut builder = Builder::default();
        for (name, text) in BUNDLED {
            builder.add(text, format!("bundled:{name}"), None)?;
        }
        builder.set.bundled = true;
        builder.finish()
    }

    /// Whether the complete bundled set was loaded (first, before any other pack).
    pub fn bundled_loaded(&self) -> bool {
        self.bundled
    }

    /// The receipt sources of the bundled packs, in load order (`bundled:NAME`).
    pub fn bundled_sources() -> Vec<String> {
        BUNDLED
            .iter()
            .map(|(name, _)| format!("bundled:{name}"))
            .collect()
    }

    /// The bundled packs (when `bundled`) and then each of `paths`: a `.toml` pack file, or a
    /// folder whose `.toml` files are loaded in name order.
    ///
    /// # Errors
    /// A [`LoadError`] naming the pack file and the line of each problem: syntax, unknown keys,
    /// bad dates or windows, a rule without citation, undefined classes, groups or lists.
    ///
    /// # Example
    ///
    /// The bundled packs with an amendment that patches some of their rules:
    ///
    /// ```
    /// use longarm::RuleSet;
    /// use std::path::PathBuf;
    ///
    /// let amendment = PathBuf::from("examples/amendments/extend-no70.toml");
    /// let rules = RuleSet::load(true, &[amendment])?;
    /// let rule = rules.rule("cn.mofcom.2025-61.art1-1").expect("a bundled rule");
    /// assert_eq!(rule.patches.len(), 1);
    /// assert_eq!(rule.patches[0].fields, ["suspended"]);
    /// let to = rule.suspended[0].to.expect("a closed window");
    /// assert_eq!(to.to_string(), "2027-11-10");
    /// # Ok::<(), longarm::LoadError>(())
    /// ```
    pub fn load(bundled: bool, paths: &[PathBuf]) -> Result<RuleSet, LoadError> {
        Self::load_with_limits(bundled, paths, &Limits::default())
    }

    /// As [`RuleSet::load`], within `limits` (file size, rules per pack) instead of the
    /// defaults.
    ///
    /// # Errors
    /// As [`RuleSet::load`]; a limit reached is a problem naming it.
    pub fn load_with_limits(
        bundled: bool,
        paths: &[PathBuf],
        limits: &Limits,
    ) -> Result<RuleSet, LoadError> {
        let mut builder = Builder {
            limits: *limits,
            ..Builder::default()
        };
        if bundled {
            for (name, text) in BUNDLED {
                builder.add(text, format!("bundled:{name}"), None)?;
            }
            builder.set.bundled = true;
        }
        for path in paths {
            for file in pack_files(path)? {
                let text = crate::doc::read_text_limited(&file, limits.input_bytes)
                    .map_err(|e| LoadError::io(&file, &e))?;
                builder.add(&text, file.display().to_string(), Some(file.clone()))?;
            }
        }
        builder.finish()
    }

    /// A rule set from pack texts alone (no bundled packs), e.g. for tests.
    ///
    /// # Errors
    /// As [`RuleSet::load`].
    ///
    /// # Example
    ///
    /// ```
    /// use longarm::RuleSet;
    /// use longarm::error::ProblemKind;
    ///
    /// let pack = r#"
    /// [pack]
    /// id = "demo"
    /// jurisdiction = "XX"
    /// title = "Demo"
    ///
    /// [[rules]]
    /// id = "demo.magnets"
    /// title = "Magnets are subject to XX"
    /// citation = "Demo Act, Art. 1"
    /// effect = "reach"
    /// effective = [ { from = 2025-01-01, instrument = "Demo Act" } ]
    /// when = { item = { material = { forms = ["magnet"] } } }
    /// "#;
    /// let rules = RuleSet::from_toml_strs(&[pack])?;
    /// assert_eq!(rules.rules().len(), 1);
    ///
    /// // A misspelt key is an error with its line and a suggestion.
    /// let typo = pack.replace("forms", "form");
    /// let err = RuleSet::from_toml_strs(&[&typo]).unwrap_err();
    /// assert_eq!(err.problems[0].line, Some(13));
    /// assert!(matches!(
    ///     &err.problems[0].kind,
    ///     ProblemKind::UnknownField { suggestion: Some(s), .. } if s == "forms"
    /// ));
    /// # Ok::<(), longarm::LoadError>(())
    /// ```
    pub fn from_toml_strs(texts: &[&str]) -> Result<RuleSet, LoadError> {
        let mut builder = Builder::default();
        for (i, text) in texts.iter().enumerate() {
            builder.add(text, format!("<pack {i}>"), None)?;
        }
        builder.finish()
    }

    /// The text of a pack by its receipt source: `bundled:NAME` for a bundled pack, else the
    /// path of a pack file, read again.
    ///
    /// # Errors
    /// A [`LoadError`] naming the file: unreadable, or no bundled pack of that name.
    pub fn pack_text(source: &str) -> Result<std::borrow::Cow<'static, str>, LoadError> {
        Self::pack_text_with_limits(source, &Limits::default())
    }

    /// As [`RuleSet::pack_text`], reading a file of at most `limits.input_bytes`.
    ///
    /// # Errors
    /// As [`RuleSet::pack_text`].
    pub fn pack_text_with_limits(
        source: &str,
        limits: &Limits,
    ) -> Result<std::borrow::Cow<'static, str>, LoadError> {
        if let Some(name) = source.strip_prefix("bundled:") {
            return BUNDLED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| std::borrow::Cow::Borrowed(*text))
                .ok_or_else(|| {
                    LoadError::single(
                        Some(PathBuf::from(source)),
                        Problem {
                            path: String::new(),
                            line: None,
                            kind: ProblemKind::NotBundled {
                                name: name.to_owned(),
                            },
                        },
                    )
                });
        }
        let path = Path::new(source);
        crate::doc::read_text_limited(path, limits.input_bytes)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| LoadError::io(path, &e))
    }

    /// A rule set from pack texts with the sources a receipt names (`bundled:NAME` or a file
    /// path), loaded in order: the rule set the receipt was made with, given the same texts.
    ///
    /// # Errors
    /// As [`RuleSet::load`].
    pub fn from_sources(packs: &[(&str, &str)]) -> Result<RuleSet, LoadError> {
        Self::from_sources_with_limits(packs, &Limits::default())
    }

    /// As [`RuleSet::from_sources`], within `limits` (rules per pack) instead of the
    /// defaults.
    ///
    /// # Errors
    /// As [`RuleSet::load`].
    pub fn from_sources_with_limits(
        packs: &[(&str, &str)],
        limits: &Limits,
    ) -> Result<RuleSet, LoadError> {
        let mut builder = Builder {
            limits: *limits,
            ..Builder::default()
        };
        for (source, text) in packs {
            let file = (!source.starts_with("bundled:")).then(|| PathBuf::from(source));
            builder.add(text, (*source).to_owned(), file)?;
        }
        // Bundled when the sources begin with the complete bundled set, in its order.
        let bundled = Self::bundled_sources();
        builder.set.bundled = packs.len() >= bundled.len()
            && packs
                .iter()
                .zip(&bundled)
                .all(|((source, _), b)| source == b);
        builder.finish()
    }

    /// The packs loaded, in load order.
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    /// The dated listings of named parties the packs record, in load order.
    pub fn listings(&self) -> &[Listing] {
        &self.listings
    }

    /// The listings naming a party whose name contains `name`, or whose whole name `name`
    /// contains on word boundaries (`General Dynamics Corp.` finds `General Dynamics`): NFKC-
    /// normalised, letters compared without case, runs of spaces and punctuation as one
    /// space. Each with the names that matched. Names only, as the packs spell them — no fuzzy matching, no aliases, no ownership: a first
    /// step toward screening, never a clearance.
    pub fn find_listed(&self, name: &str) -> Vec<(&Listing, Vec<&str>)> {
        let wanted = listing::normalise(name);
        if wanted.is_empty() {
            return Vec::new();
        }
        self.listings
            .iter()
            .filter_map(|l| {
                let names: Vec<&str> = l
                    .entities
                    .iter()
                    .filter(|e| listing::name_matches(&listing::normalise(e), &wanted))
                    .map(String::as_str)
                    .collect();
                (!names.is_empty()).then_some((l, names))
            })
            .collect()
    }

    /// Rules in a stable order: by jurisdiction, then as the packs list them.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id, if one is loaded (patches applied).
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The values files may use: the core vocabulary of the formats, what the loaded packs
    /// declare, and their party lists.
    pub fn vocabulary(&self) -> &crate::Vocabulary {
        &self.vocabulary
    }

    /// Whether some condition of the `jurisdiction`'s packs reads items' materials.
    pub fn reads_materials(&self, jurisdiction: &str) -> bool {
        self.material_readers.contains(jurisdiction)
    }

    /// Whether the control rows of `jurisdiction` can place `code`: a row of its entry
    /// covers it or a sub-item of it, or a `licensable` condition lists it as never needing
    /// a licence. `None` when the jurisdiction has no control rows at all.
    pub fn encodes_code(&self, jurisdiction: &str, code: &str) -> Option<bool> {
        self.coverage(jurisdiction, code).map(|c| c.known)
    }

    /// How far the control rows of `jurisdiction` place `code`: whether any row knows it, and
    /// the reasons for control of its entry that the pack does not encode (`encoded = false`
    /// rows). `None` when the jurisdiction has no control rows at all.
    pub fn coverage(&self, jurisdiction: &str, code: &str) -> Option<Coverage<'_>> {
        let rows = self.controls.get(jurisdiction)?;
        let unlisted = self
            .unlisted
            .contains(&(jurisdiction.to_owned(), code.to_owned()));
        let of_code: Vec<&Control> = rows
            .get(entry_of(code))
            .map(|rows| {
                rows.iter()
                    .filter(|r| {
                        model::code_covers(&r.code, code) || model::code_covers(code, &r.code)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Coverage {
            known: unlisted || !of_code.is_empty(),
            unencoded: if unlisted {
                Vec::new()
            } else {
                of_code.into_iter().filter(|r| !r.encoded).collect()
            },
        })
    }

    /// Whether a rule of `jurisdiction` reads the list membership `membership`: it names
    /// that list or one the membership is a sub-designation of (`US:entity-list` reads
    /// `US:entity-list:fn1`).
    pub fn reads_list(&self, jurisdiction: &str, membership: &str) -> bool {
        self.read.get(jurisdiction).is_some_and(|read| {
            read.iter().any(|(kind, list)| {
                *kind == crate::VocabKind::List
                    && membership
                        .strip_prefix(list.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
            })
        })
    }

    /// Whether the packs of `jurisdiction` read (or declare) `value`.
    pub fn reads(&self, jurisdiction: &str, kind: crate::VocabKind, value: &str) -> bool {
        self.read
            .get(jurisdiction)
            .is_some_and(|r| r.contains(&(kind, value.to_owned())))
    }

    /// Checks the vocabulary values of a BOM and a scenario (material forms, item tags,
    /// processes, end uses, party lists) against [`RuleSet::vocabulary`]: every value no
    /// one knows, once, at its first position, with a "did you mean".
    ///
    /// # Errors
    /// One [`LoadError`] per file with unknown values (the BOM's first).
    pub fn check_vocabulary(
        &self,
        bom: &crate::Bom,
        scenario: &crate::Scenario,
    ) -> Result<(), Vec<LoadError>> {
        let jurisdictions: BTreeSet<String> =
            self.packs.iter().map(|p| p.jurisdiction.clone()).collect();
        let mut errors = Vec::new();
        let bom_problems = self
            .vocabulary
            .check(bom.vocabulary_spots(), &jurisdictions);
        let inline = matches!(scenario.bom, crate::BomSource::Inline(_));
        let scenario_problems = self
            .vocabulary
            .check(scenario.vocabulary_spots(), &jurisdictions);
        if !bom_problems.is_empty() {
            errors.push(LoadError {
                file: if inline {
                    scenario.file().map(Path::to_path_buf)
                } else {
                    bom.file().map(Path::to_path_buf)
                },
                problems: bom_problems,
            });
        }
        if !scenario_problems.is_empty() {
            errors.push(LoadError {
                file: scenario.file().map(Path::to_path_buf),
                problems: scenario_problems,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The id of a loaded rule closest to `id`, if close enough to be a plausible typo (for
    /// "did you mean" messages).
    pub fn suggest_rule(&self, id: &str) -> Option<&str> {
        crate::doc::read::closest(id, self.rules.iter().map(|r| r.id.as_str()))
    }

    pub(crate) fn class(&self, name: &str) -> Option<&ItemPred> {
        self.classes.get(name)
    }

    pub(crate) fn group(&self, name: &str) -> Option<&Group> {
        self.groups.get(name)
    }

    /// The country chart of a jurisdiction.
    pub fn chart(&self, jurisdiction: &str) -> Option<&Chart> {
        self.charts.get(jurisdiction)
    }

    /// The control rows of a jurisdiction for the entry of `code` (`3A001` for `3A001.b.2`).
    pub fn controls_for(&self, jurisdiction: &str, code: &str) -> &[Control] {
        self.controls
            .get(jurisdiction)
            .and_then(|by_entry| by_entry.get(entry_of(code)))
            .map_or(&[], Vec::as_slice)
    }

    /// Jurisdictions with at least one rule, sorted.
    pub fn jurisdictions(&self) -> Vec<&str> {
        // A handful among many rules: a scan, not a set (asked on every evaluation).
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rules {
            if !out.contains(&r.jurisdiction.as_str()) {
                out.push(r.jurisdiction.as_str());
            }
        }
        out.sort_unstable();
        out
    }
}

fn pack_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| LoadError::io(path, &e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

#[derive(Default)]
struct Builder {
    set: RuleSet,
    /// Each pack's references, with the file to blame.
    refs: Vec<(Option<PathBuf>, String, Vec<load::Ref>)>,
    /// Each pack's vocabulary uses, with the file to blame and its jurisdiction.
    uses: Vec<(Option<PathBuf>, String, Vec<load::VocabUse>)>,
    class_lines: BTreeMap<String, (Option<PathBuf>, Option<u32>)>,
    limits: Limits,
}

impl Builder {
    fn add(&mut self, text: &str, source: String, file: Option<PathBuf>) -> Result<(), LoadError> {
        let named = file.clone().or_else(|| Some(PathBuf::from(&source)));
        let parsed: Parsed = load::parse(text, named.clone())?;
        let rules = parsed.rules.len().saturating_add(parsed.patches.len());
        if rules > self.limits.rules {
            let message = crate::limits::exceeded(
                "rules",
                &format!(
                    "a pack of {} rules and patches",
                    crate::limits::group(rules)
                ),
                crate::limits::group(self.limits.rules),
            );
            return Err(LoadError::single(
                named,
                Problem {
                    path: String::new(),
                    line: None,
                    kind: ProblemKind::LimitExceeded { message },
                },
            ));
        }
        let sha256 = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.set.packs.push(PackInfo {
            id: parsed.id.clone(),
            jurisdiction: parsed.jurisdiction.clone(),
            title: parsed.title,
            vintage: parsed.vintage,
            covers_from: parsed.covers_from,
            note: parsed.note,
            source: source.clone(),
            sha256,
        });
        for (name, pred, line) in parsed.classes {
            self.class_lines.insert(name.clone(), (named.clone(), line));
            self.set.classes.insert(name, pred);
        }
        self.set.groups.extend(parsed.groups);
        self.set.lists.extend(parsed.lists);
        self.set.listings.extend(parsed.listings);
        if let Some((jurisdiction, chart)) = parsed.chart {
            self.set.charts.insert(jurisdiction, chart);
        }
        for row in parsed.controls {
            self.set
                .controls
                .entry(row.jurisdiction.clone())
                .or_default()
                .entry(entry_of(&row.code).to_owned())
                .or_default()
                .push(row);
        }
        for mut rule in parsed.rules {
            rule.pack_source.clone_from(&source);
            match self.set.rules.iter_mut().find(|r| r.id == rule.id) {
                // An amendment: the later pack's rule replaces the earlier in place.
                Some(existing) => *existing = rule,
                None => self.set.rules.push(rule),
            }
        }
        if parsed.reads_material {
            self.set
                .material_readers
                .insert(parsed.jurisdiction.clone());
        }
        self.set.unlisted.extend(parsed.unlisted.iter().cloned());
        for r in parsed.refs.iter().filter(|r| r.kind == RefKind::List) {
            self.set
                .read
                .entry(parsed.jurisdiction.clone())
                .or_default()
                .insert((crate::VocabKind::List, r.name.clone()));
        }
        for (kind, value) in &parsed.declares {
            self.set.vocabulary.add(*kind, value);
            self.set
                .read
                .entry(parsed.jurisdiction.clone())
                .or_default()
                .insert((*kind, value.clone()));
        }
        for name in self.set.lists.keys() {
            self.set.vocabulary.add(crate::VocabKind::List, name);
        }
        self.uses
            .push((named.clone(), parsed.jurisdiction.clone(), parsed.uses));
        // Patches, after the rules of this pack and the earlier ones.
        let mut problems = Vec::new();
        for patch in parsed.patches {
            let pack = Patched {
                pack: parsed.id.clone(),
                pack_source: source.clone(),
                fields: patch.fields(),
                source: patch.source.clone(),
            };
            if let Err(problem) = self.patch(patch, pack) {
                problems.push(problem);
            }
        }
        if !problems.is_empty() {
            return Err(LoadError {
                file: named,
                problems,
            });
        }
        self.refs.push((named.clone(), source.clone(), parsed.refs));
        // The lists the listings name must be declared, but a listing is not a rule reading them.
        self.refs.push((named, source, parsed.listing_refs));
        Ok(())
    }

    /// Applies one patch to the rule it names.
    fn patch(&mut self, patch: load::Patch, applied: Patched) -> Result<(), Problem> {
        let problem = |path: String, line, kind| Problem { path, line, kind };
        let Some(index) = self.set.rules.iter().position(|r| r.id == patch.rule) else {
            // "Did you mean" only on a miss.
            let ids = self.set.rules.iter().map(|r| r.id.as_str());
            let suggestion = crate::doc::read::closest(&patch.rule, ids).map(str::to_owned);
            return Err(problem(
                format!("{}.rule", patch.path),
                patch.line,
                ProblemKind::Undefined {
                    kind: RefKind::Rule.noun(),
                    name: patch.rule,
                    suggestion,
                },
            ));
        };
        let Some(rule) = self.set.rules.get_mut(index) else {
            return Ok(());
        };
        if let Some((review, line)) = patch.review {
            if rule.effect != Effect::LicenseRequired {
                return Err(problem(
                    format!("{}.review", patch.path),
                    line,
                    ProblemKind::UnexpectedReview,
                ));
            }
            rule.review = Some(review);
        }
        if let Some((threshold, line)) = patch.threshold {
            let mut contents = rule.when.contents_mut();
            let conditions = contents.len();
            match contents.first_mut() {
                Some(content) if conditions == 1 => content.threshold = threshold,
                _ => {
                    return Err(problem(
                        format!("{}.threshold", patch.path),
                        line,
                        ProblemKind::PatchThreshold {
                            rule: patch.rule,
                            conditions,
                        },
                    ));
                }
            }
        }
        if let Some(effective) = patch.effective {
            rule.effective = effective;
        }
        if let Some(suspended) = patch.suspended {
            rule.suspended = suspended;
        }
        if let Some(note) = patch.note {
            rule.note = Some(note);
        }
        if let Some(citation) = patch.citation {
            rule.citation = citation;
        }
        rule.patches.push(applied);
        Ok(())
    }

    fn finish(mut self) -> Result<RuleSet, LoadError> {
        // Values the conditions read must be known: a pack that says `forms = ["magnets"]`
        // would otherwise match nothing, silently.
        for (file, jurisdiction, uses) in &self.uses {
            let mut problems = Vec::new();
            for u in uses {
                if let Some(kind) = self.set.vocabulary.problem(u.kind, &u.value) {
                    problems.push(Problem {
                        path: u.path.clone(),
                        line: u.line,
                        kind,
                    });
                }
                self.set
                    .read
                    .entry(jurisdiction.clone())
                    .or_default()
                    .insert((u.kind, u.value.clone()));
            }
            if !problems.is_empty() {
                return Err(LoadError {
                    file: file.clone(),
                    problems,
                });
            }
        }
        let rule_ids: std::collections::HashSet<&str> =
            self.set.rules.iter().map(|r| r.id.as_str()).collect();
        for (file, _, refs) in &self.refs {
            let mut problems = Vec::new();
            // One "did you mean" budget per file: suggestions only on a miss.
            let mut budget = crate::doc::read::Budget::default();
            for r in refs {
                let known = match r.kind {
                    RefKind::Class => self.set.classes.contains_key(&r.name),
                    RefKind::Group => self.set.groups.contains_key(&r.name),
                    RefKind::List => self.set.lists.contains_key(&r.name),
                    RefKind::Rule => rule_ids.contains(r.name.as_str()),
                };
                if known {
                    continue;
                }
                let names: Box<dyn Iterator<Item = &str>> = match r.kind {
                    RefKind::Class => Box::new(self.set.classes.keys().map(String::as_str)),
                    RefKind::Group => Box::new(self.set.groups.keys().map(String::as_str)),
                    RefKind::List => Box::new(self.set.lists.keys().map(String::as_str)),
                    RefKind::Rule => Box::new(self.set.rules.iter().map(|r| r.id.as_str())),
                };
                problems.push(Problem {
                    path: r.path.clone(),
                    line: r.line,
                    kind: ProblemKind::Undefined {
                        kind: r.kind.noun(),
                        name: r.name.clone(),
                        suggestion: crate::doc::read::closest_within(&r.name, names, &mut budget)
                            .map(str::to_owned),
                    },
                });
            }
            if !problems.is_empty() {
                return Err(LoadError {
                    file: file.clone(),
                    problems,
                });
            }
        }
        if let Some(cycle) = class_cycle(&self.set.classes) {
            let (file, line) = cycle
                .first()
                .and_then(|c| self.class_lines.get(c).cloned())
                .unwrap_or((None, None));
            let path = cycle
                .first()
                .map(|c| format!("classes.{c}"))
                .unwrap_or_default();
            return Err(LoadError::single(
                file,
                Problem {
                    path,
                    line,
                    kind: ProblemKind::ClassCycle { names: cycle },
                },
            ));
        }
        if let Some(cycle) = rule_cycle(&self.set.rules) {
            let first = cycle.first().cloned().unwrap_or_default();
            // The last pack to refer into the cycle closed it: blame that one, not a bundled
            // pack whose references were fine on their own.
            let file = self
                .refs
                .iter()
                .rev()
                .find(|(_, _, refs)| {
                    refs.iter()
                        .any(|r| r.kind == RefKind::Rule && cycle.contains(&r.name))
                })
                .and_then(|(f, _, _)| f.clone());
            return Err(LoadError::single(
                file,
                Problem {
                    path: format!("rule `{first}`"),
                    line: None,
                    kind: ProblemKind::RuleCycle { ids: cycle },
                },
            ));
        }
        // Bounded nesting: evaluation recurses through references, so a chain must stay short
        // (a pack of 20,000 chained rules would otherwise overflow the stack).
        let rule_graph: BTreeMap<&str, Vec<&str>> = self
            .set
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.when.rule_references()))
            .collect();
        let class_graph: BTreeMap<&str, Vec<&str>> = self
            .set
            .classes
            .iter()
            .map(|(name, p)| (name.as_str(), p.class_references()))
            .collect();
        for (graph, noun) in [(rule_graph, "rule"), (class_graph, "class")] {
            if let Some(chain) = too_deep(&graph) {
                let first = chain.first().cloned().unwrap_or_default();
                let file = self
                    .refs
                    .iter()
                    .find(|(_, _, refs)| refs.iter().any(|r| chain.contains(&r.name)))
                    .and_then(|(f, _, _)| f.clone());
                return Err(LoadError::single(
                    file,
                    Problem {
                        path: format!("{noun} `{first}`"),
                        line: None,
                        kind: ProblemKind::ReferencesTooDeep {
                            noun,
                            limit: MAX_REFERENCE_DEPTH,
                            ids: chain,
                        },
                    },
                ));
            }
        }
        // Bounded breadth: a condition is evaluated by writing out the classes it names, so
        // classes that each name the next many times would take exponential time.
        if let Some(name) = too_wide(&self.set.classes) {
            let (file, line) = self.class_lines.get(&name).cloned().unwrap_or((None, None));
            return Err(LoadError::single(
                file,
                Problem {
                    path: format!("classes.{name}"),
                    line,
                    kind: ProblemKind::ClassTooLarge {
                        name,
                        limit: MAX_CLASS_CONDITIONS,
                    },
                },
            ));
        }
        // Stable order: by jurisdiction, then load order.
        self.set
            .rules
            .sort_by(|a, b| a.jurisdiction.cmp(&b.jurisdiction));
        Ok(self.set)
    }
}

/// A cycle of classes naming each other, if any (evaluation would never end on one).
fn class_cycle(classes: &BTreeMap<String, ItemPred>) -> Option<Vec<String>> {
    find_cycle(
        classes
            .iter()
            .map(|(name, p)| (name.as_str(), p.class_references()))
            .collect(),
    )
}

/// How long a chain of `rule = ...` (or `class = ...`) references may be.
pub const MAX_REFERENCE_DEPTH: usize = 32;

/// The most conditions a class may stand for, with the classes it names written out each time
/// they are named: evaluation asks them all of an item in the worst case.
pub const MAX_CLASS_CONDITIONS: u64 = 1_000_000;

/// The first class (by name) that stands for more than [`MAX_CLASS_CONDITIONS`] conditions.
/// The class graph is acyclic and its chains short (checked before), so sizes are computed
/// children first, each once.
fn too_wide(classes: &BTreeMap<String, ItemPred>) -> Option<String> {
    fn size(pred: &ItemPred, sizes: &BTreeMap<&str, u64>) -> u64 {
        match pred {
            ItemPred::All(ps) | ItemPred::Any(ps) => ps
                .iter()
                .map(|p| size(p, sizes))
                .fold(1, u64::saturating_add),
            ItemPred::Not(p) => size(p, sizes).saturating_add(1),
            ItemPred::Class(name) => sizes
                .get(name.as_str())
                .copied()
                .unwrap_or(1)
                .saturating_add(1),
            _ => 1,
        }
    }
    let mut sizes: BTreeMap<&str, u64> = BTreeMap::new();
    for start in classes.keys() {
        let mut stack: Vec<(&str, bool)> = vec![(start.as_str(), false)];
        while let Some((name, expanded)) = stack.pop() {
            if sizes.contains_key(name) {
                continue;
            }
            let Some(pred) = classes.get(name) else {
                continue;
            };
            if expanded {
                let n = size(pred, &sizes);
                sizes.insert(name, n);
                continue;
            }
            stack.push((name, true));
            stack.extend(
                pred.class_references()
                    .into_iter()
                    .filter(|c| !sizes.contains_key(c))
                    .map(|c| (c, false)),
            );
        }
    }
    sizes
        .into_iter()
        .find(|(_, n)| *n > MAX_CLASS_CONDITIONS)
        .map(|(name, _)| name.to_owned())
}

/// A chain of references longer than [`MAX_REFERENCE_DEPTH`] in an acyclic name graph, if
/// any (its first names, deepest first). Linear: each name's depth is computed once.
fn too_deep(graph: &BTreeMap<&str, Vec<&str>>) -> Option<Vec<String>> {
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for &start in graph.keys() {
        let mut stack: Vec<(&str, bool)> = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if depth.contains_key(node) {
                continue;
            }
            let children = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if expanded {
                let d = children
                    .iter()
                    .filter_map(|c| depth.get(c))
                    .max()
                    .map_or(0, |d| d.saturating_add(1));
                depth.insert(node, d);
                continue;
            }
            stack.push((node, true));
            stack.extend(
                children
                    .iter()
                    .filter(|c| !depth.contains_key(*c))
                    .map(|c| (*c, false)),
            );
        }
    }
    // The deepest (the first such name on a tie), to show the longest chain.
    let (&deepest, _) = depth
        .iter()
        .filter(|(_, d)| **d > MAX_REFERENCE_DEPTH)
        .fold(None::<(&&str, &usize)>, |best, (n, d)| match best {
            Some((_, bd)) if bd >= d => best,
            _ => Some((n, d)),
        })?;
    // Follow the deepest child down to name the chain.
    let mut chain = vec![deepest.to_owned()];
    let mut at = deepest;
    while chain.len() <= MAX_REFERENCE_DEPTH {
        let Some(next) = graph.get(at).and_then(|cs| {
            cs.iter()
                .max_by_key(|c| depth.get(*c).copied().unwrap_or(0))
        }) else {
            break;
        };
        chain.push((*next).to_owned());
        at = next;
    }
    Some(chain)
}

/// A cycle of rules naming each other with `rule = "..."`, if any.
fn rule_cycle(rules: &[Rule]) -> Option<Vec<String>> {
    find_cycle(
        rules
            .iter()
            .map(|r| (r.id.as_str(), r.when.rule_references()))
            .collect(),
    )
}

/// The first cycle of a name graph (names in order, the first repeated last). Iterative, so
/// a long chain of references cannot overflow the stack.
fn find_cycle(graph: BTreeMap<&str, Vec<&str>>) -> Option<Vec<String>> {
    // Colours: absent = new, 1 = on the stack, 2 = done.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    for &start in graph.keys() {
        if colour.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let children = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
            match children.get(*next) {
                Some(&child) => {
                    *next = next.saturating_add(1);
                    match colour.get(child).copied() {
                        None => {
                            colour.insert(child, 1);
                            stack.push((child, 0));
                        }
                        Some(1) => {
                            let from = stack.iter().position(|(n, _)| *n == child)?;
                            let mut cycle: Vec<String> = stack
                                .iter()
                                .skip(from)
                                .map(|(n, _)| (*n).to_owned())
                                .collect();
                            cycle.push(child.to_owned());
                            return Some(cycle);
                        }
                        Some(_) => {}
                    }
                }
                None => {
                    colour.insert(node, 2);
                    stack.pop();
                }
            }
        }
    }
    None
}

/// The entry a code belongs to: its first dot-separated segment.
fn entry_of(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

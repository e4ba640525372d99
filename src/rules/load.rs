//! From pack text to validated rules: parse (serde, with lines), convert, check.

use super::file::{
    CodeFile, GroupFile, ItemPredFile, PartyFile, PatchFile, PlaceFile, PredFile, RuleFile,
    WindowFile,
};
use super::model::{
    Affiliates, Chart, CodeMatch, ContentPred, Control, ControlPlace, Effect, Group, ItemPred,
    ListInfo, Listing, Membership, Op, PartyPred, Place, Pred, Review, Rule,
};
use super::parts;
use super::window::Window;
use crate::bom::MadeWithKind;
use crate::codes::decimal::parse_decimal;
use crate::codes::element;
use crate::doc::LineIndex;
use crate::error::{LoadError, Problem, ProblemKind};
use crate::scenario::Role;
use crate::vocab::VocabKind;
use crate::{Country, Date, Decimal};
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;
use toml::de::DeTable;

/// What a pack refers to by name, checked once every pack is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Class,
    Group,
    List,
    Rule,
}

impl RefKind {
    pub fn noun(self) -> &'static str {
        match self {
            RefKind::Class => "class",
            RefKind::Group => "country group",
            RefKind::List => "party list",
            RefKind::Rule => "rule",
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Ref {
    pub kind: RefKind,
    pub name: String,
    pub path: String,
    pub line: Option<u32>,
}

/// One pack, converted, with its references still to check.
#[derive(Debug)]
pub(super) struct Parsed {
    pub id: String,
    pub jurisdiction: String,
    pub title: String,
    pub vintage: Option<Date>,
    pub covers_from: Option<Date>,
    pub note: Option<String>,
    pub classes: Vec<(String, ItemPred, Option<u32>)>,
    pub groups: Vec<(String, Group)>,
    pub lists: Vec<(String, ListInfo)>,
    pub rules: Vec<Rule>,
    pub chart: Option<(String, Chart)>,
    pub controls: Vec<Control>,
    pub patches: Vec<Patch>,
    pub refs: Vec<Ref>,
    /// Vocabulary values the conditions read.
    pub uses: Vec<VocabUse>,
    /// Vocabulary values the pack declares.
    pub declares: Vec<(VocabKind, String)>,
    /// Whether some condition reads items' materials.
    pub reads_material: bool,
    /// `(jurisdiction, code)` of codes that `licensable` conditions treat as never needing a
    /// licence (`EAR99`).
    pub unlisted: Vec<(String, String)>,
    /// Dated listings of named parties (data, not conditions).
    pub listings: Vec<Listing>,
    /// The lists the listings name: checked like references, but not lists a rule reads.
    pub listing_refs: Vec<Ref>,
}

/// A patch, converted: the fields to replace in a rule loaded earlier.
#[derive(Debug)]
pub(super) struct Patch {
    pub rule: String,
    pub path: String,
    pub line: Option<u32>,
    pub effective: Option<Vec<Window>>,
    pub suspended: Option<Vec<Window>>,
    /// The new threshold, with its line.
    pub threshold: Option<(Decimal, Option<u32>)>,
    /// The new review, with its line.
    pub review: Option<(Review, Option<u32>)>,
    pub note: Option<String>,
    pub citation: Option<String>,
    pub source: Option<String>,
}

impl Patch {
    /// The fields it replaces, in the format's order.
    pub fn fields(&self) -> Vec<&'static str> {
        [
            ("effective", self.effective.is_some()),
            ("suspended", self.suspended.is_some()),
            ("threshold", self.threshold.is_some()),
            ("review", self.review.is_some()),
            ("note", self.note.is_some()),
            ("citation", self.citation.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, given)| given.then_some(f))
        .collect()
    }
}

/// A problem for each key or string of a pack holding a control character (at most
/// [`crate::doc::read::MAX_PROBLEMS`]), with its path and line. Walked with a stack, not
/// recursion.
fn control_characters(root: &toml::Spanned<DeTable<'_>>, lines: &LineIndex) -> Vec<Problem> {
    use toml::de::DeValue;
    let mut problems = Vec::new();
    let mut stack: Vec<(&toml::Spanned<DeValue<'_>>, String)> = Vec::new();
    let check = |text: &str, path: &str, at: usize, problems: &mut Vec<Problem>| {
        if let Some(c) = text.chars().find(|c| c.is_control())
            && problems.len() < crate::doc::read::MAX_PROBLEMS
        {
            problems.push(Problem {
                path: path.to_owned(),
                line: Some(lines.position(at).0),
                kind: ProblemKind::ControlCharacter {
                    code: format!("U+{:04X}", u32::from(c)),
                },
            });
        }
    };
    let key_path = |head: &str, key: &str| {
        let key = if key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            key.to_owned()
        } else {
            format!("{key:?}")
        };
        if head.is_empty() {
            key
        } else {
            format!("{head}.{key}")
        }
    };
    for (k, v) in root.get_ref().iter() {
        let path = key_path("", k.get_ref());
        check(k.get_ref(), &path, k.span().start, &mut problems);
        stack.push((v, path));
    }
    while let Some((value, path)) = stack.pop() {
        match value.get_ref() {
            DeValue::String(text) => check(text, &path, value.span().start, &mut problems),
            DeValue::Table(table) => {
                for (k, v) in table.iter() {
                    let inner = key_path(&path, k.get_ref());
                    check(k.get_ref(), &inner, k.span().start, &mut problems);
                    stack.push((v, inner));
                }
            }
            DeValue::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    stack.push((v, format!("{path}[{i}]")));
                }
            }
            _ => {}
        }
    }
    problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
    problems
}

pub(super) fn parse(text: &str, file: Option<PathBuf>) -> Result<Parsed, LoadError> {
    let lines = LineIndex::new(text.as_bytes());
    // Text that is not TOML at all: one syntax problem.
    let root = DeTable::parse(text).map_err(|e| {
        let (line, column) = lines.position(e.span().map_or(0, |s| s.start));
        LoadError {
            file: file.clone(),
            problems: vec![Problem {
                path: String::new(),
                line: Some(line),
                kind: ProblemKind::Syntax {
                    column,
                    message: e.message().trim().to_owned(),
                },
            }],
        }
    })?;
    // Control characters in any string or key (titles, citations, notes, listings, patches)
    // could disguise what a terminal shows: rejected, as in BOMs and scenarios.
    let controls = control_characters(&root, &lines);
    if !controls.is_empty() {
        return Err(LoadError {
            file,
            problems: controls,
        });
    }
    // Each part on its own, so one bad rule does not hide the others' problems.
    let mut reader = parts::Reader {
        lines: &lines,
        text,
        problems: Vec::new(),
    };
    let pack = reader.parts(&root);
    let problems = reader.problems;
    let mut cx = Conv {
        lines,
        problems,
        refs: Vec::new(),
        uses: Vec::new(),
        reads_material: false,
        unlisted: Vec::new(),
    };
    let (pack_id, pack_jurisdiction) = match &pack.pack {
        Some(header) => {
            cx.jurisdiction(&header.jurisdiction, "pack.jurisdiction", None);
            (header.id.clone(), header.jurisdiction.clone())
        }
        None => (String::new(), String::new()),
    };
    for (name, l) in &pack.lists {
        if !crate::scenario::load::is_list(name) {
            let line = cx.line(l.span());
            cx.push(
                &format!("lists.{name}"),
                line,
                ProblemKind::InvalidList {
                    list: name.clone(),
                    suggestion: crate::scenario::load::list_suggestion(name),
                },
            );
        }
    }
    let vintage = pack
        .pack
        .as_ref()
        .and_then(|h| h.vintage.as_ref())
        .and_then(|v| cx.date(v, "pack.vintage"));
    let covers_from = pack
        .pack
        .as_ref()
        .and_then(|h| h.covers_from.as_ref())
        .and_then(|v| cx.date(v, "pack.covers_from"));

    let mut classes = Vec::new();
    for (name, pred) in &pack.classes {
        let path = format!("classes.{name}");
        let line = cx.line(pred.span());
        if let Some(p) = cx.item_pred(pred.get_ref(), &path, line) {
            classes.push((name.clone(), p, line));
        }
    }
    let mut groups = Vec::new();
    for (name, group) in &pack.groups {
        let path = format!("groups.{name}");
        if let Some(g) = cx.group(group, &path) {
            groups.push((name.clone(), g));
        }
    }
    let lists = pack
        .lists
        .iter()
        .map(|(name, l)| {
            let l = l.get_ref();
            (
                name.clone(),
                ListInfo {
                    title: l.title.clone(),
                    citation: l.citation.clone(),
                    note: l.note.clone(),
                },
            )
        })
        .collect();
    let mut rules: Vec<Rule> = Vec::new();
    for (i, rule, range) in &pack.rules {
        let path = format!("rules[{i}]");
        if rules.iter().any(|r| &r.id == rule.get_ref().id.get_ref()) {
            let line = cx.line(rule.get_ref().id.span());
            cx.push(
                &path,
                line,
                ProblemKind::DuplicateRule {
                    id: rule.get_ref().id.get_ref().clone(),
                },
            );
            continue;
        }
        if let Some(mut r) = cx.rule(rule, &path, &pack_id, &pack_jurisdiction) {
            r.source = text.get(range.clone()).map(str::to_owned);
            rules.push(r);
        }
    }
    let mut patches = Vec::new();
    for (i, patch, range) in &pack.patches {
        if let Some(mut p) = cx.patch(patch, &format!("patches[{i}]")) {
            p.source = text.get(range.clone()).map(str::to_owned);
            patches.push(p);
        }
    }
    let chart = pack.chart.as_ref().map(|c| {
        cx.jurisdiction(&c.jurisdiction, "chart.jurisdiction", None);
        let vintage = c.vintage.as_ref().and_then(|v| cx.date(v, "chart.vintage"));
        let mut countries = std::collections::BTreeMap::new();
        for (code, columns) in &c.countries {
            if let Some(country) = cx.country(code, &format!("chart.countries.{code}"), None) {
                countries.insert(country, columns.clone());
            }
        }
        (
            c.jurisdiction.clone(),
            Chart {
                citation: c.citation.clone(),
                vintage,
                countries,
            },
        )
    });
    let mut controls = Vec::new();
    for (i, row) in &pack.controls {
        let path = format!("controls[{i}]");
        let line = cx.line(row.span());
        let r = row.get_ref();
        cx.jurisdiction(&r.jurisdiction, &format!("{path}.jurisdiction"), line);
        let to = r.to.as_ref().map(|t| {
            for g in t.groups.iter().chain(&t.except_groups) {
                cx.refer(RefKind::Group, g, &format!("{path}.to"));
            }
            ControlPlace {
                worldwide: t.worldwide,
                countries: cx.countries(&t.countries, &format!("{path}.to"), line),
                groups: t.groups.iter().map(|g| g.get_ref().clone()).collect(),
                except_groups: t
                    .except_groups
                    .iter()
                    .map(|g| g.get_ref().clone())
                    .collect(),
                except_countries: cx.countries(
                    &t.except_countries,
                    &format!("{path}.to.except_countries"),
                    line,
                ),
            }
        });
        if r.column.is_none() == to.is_none() {
            cx.push(&path, line, ProblemKind::ControlTarget);
        }
        controls.push(Control {
            jurisdiction: r.jurisdiction.clone(),
            code: r.code.clone(),
            reason: r.reason.clone(),
            column: r.column.clone(),
            to,
            paragraphs: r.paragraphs.clone(),
            except: r.except.clone(),
            open: r.open,
            encoded: r.encoded,
            note: r.note.clone(),
        });
    }
    let refs_before = cx.refs.len();
    let mut listings = Vec::new();
    for (i, l) in &pack.listings {
        let path = format!("listings[{i}]");
        let lf = l.get_ref();
        let date = cx.date(&lf.date, &format!("{path}.date"));
        for list in &lf.lists {
            cx.refer(RefKind::List, list, &format!("{path}.lists"));
        }
        let mut effective = cx.windows(&lf.effective, &format!("{path}.effective"));
        let suspended = cx.windows(&lf.suspended, &format!("{path}.suspended"));
        if let Some(date) = date {
            if effective.is_empty() {
                effective.push(Window {
                    from: date,
                    to: None,
                    instrument: lf.instrument.clone(),
                });
            }
            listings.push(Listing {
                pack: pack_id.clone(),
                instrument: lf.instrument.clone(),
                date,
                lists: lf.lists.iter().map(|l| l.get_ref().clone()).collect(),
                measures: lf.measures.clone(),
                entities: lf.entities.clone(),
                count: lf.count,
                effective,
                suspended,
                note: lf.note.clone(),
            });
        }
    }
    let listing_refs = cx.refs.split_off(refs_before);
    let mut declares = Vec::new();
    if let Some(v) = &pack.vocabulary {
        for (kind, values) in [
            (VocabKind::Form, &v.forms),
            (VocabKind::Tag, &v.tags),
            (VocabKind::Process, &v.processes),
            (VocabKind::EndUse, &v.end_uses),
        ] {
            declares.extend(values.iter().map(|value| (kind, value.clone())));
        }
    }
    let header = match pack.pack {
        Some(header) if cx.problems.is_empty() => header,
        _ => {
            cx.problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
            crate::doc::read::cap_problems(&mut cx.problems, 0);
            return Err(LoadError {
                file,
                problems: cx.problems,
            });
        }
    };
    Ok(Parsed {
        id: header.id,
        jurisdiction: header.jurisdiction,
        title: header.title,
        vintage,
        covers_from,
        note: header.note,
        classes,
        groups,
        lists,
        rules,
        chart,
        controls,
        patches,
        refs: cx.refs,
        uses: cx.uses,
        declares,
        reads_material: cx.reads_material,
        unlisted: cx.unlisted,
        listings,
        listing_refs,
    })
}

struct Conv {
    lines: LineIndex,
    problems: Vec<Problem>,
    refs: Vec<Ref>,
    uses: Vec<VocabUse>,
    reads_material: bool,
    unlisted: Vec<(String, String)>,
}

/// A vocabulary value a condition reads, checked once every pack's vocabulary is known.
#[derive(Debug, Clone)]
pub(super) struct VocabUse {
    pub kind: VocabKind,
    pub value: String,
    pub path: String,
    pub line: Option<u32>,
}

impl Conv {
    fn use_value(&mut self, kind: VocabKind, value: &str, path: &str, line: Option<u32>) {
        self.uses.push(VocabUse {
            kind,
            value: value.to_owned(),
            path: path.to_owned(),
            line,
        });
    }

    fn line(&self, span: Range<usize>) -> Option<u32> {
        Some(self.lines.line(span.start))
    }

    fn push(&mut self, path: &str, line: Option<u32>, kind: ProblemKind) {
        self.problems.push(Problem {
            path: path.to_owned(),
            line,
            kind,
        });
    }

    fn refer(&mut self, kind: RefKind, name: &Spanned<String>, path: &str) {
        let line = self.line(name.span());
        self.refs.push(Ref {
            kind,
            name: name.get_ref().clone(),
            path: path.to_owned(),
            line,
        });
    }

    fn date(&mut self, value: &Spanned<toml::Value>, path: &str) -> Option<Date> {
        let text = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        let parsed = Date::parse(&text);
        if parsed.is_none() {
            let line = self.line(value.span());
            self.push(path, line, ProblemKind::InvalidDate { text });
        }
        parsed
    }

    fn country(&mut self, code: &str, path: &str, line: Option<u32>) -> Option<Country> {
        let parsed = Country::parse(code);
        if parsed.is_none() {
            self.push(
                path,
                line,
                ProblemKind::InvalidCountry {
                    code: code.to_owned(),
                    suggestion: Country::parse(&code.to_ascii_uppercase()).map(|c| c.to_string()),
                },
            );
        }
        parsed
    }

    fn countries(&mut self, codes: &[String], path: &str, line: Option<u32>) -> Vec<Country> {
        codes
            .iter()
            .filter_map(|c| self.country(c, path, line))
            .collect()
    }

    fn decimal(&mut self, text: &Spanned<String>, path: &str) -> Option<Decimal> {
        let line = self.line(text.span());
        match parse_decimal(text.get_ref(), false) {
            Ok(d) => Some(d),
            Err(_) => {
                self.push(
                    path,
                    line,
                    ProblemKind::MalformedDecimal {
                        text: text.get_ref().clone(),
                    },
                );
                None
            }
        }
    }

    fn windows(&mut self, windows: &[Spanned<WindowFile>], path: &str) -> Vec<Window> {
        let mut out: Vec<Window> = Vec::new();
        for (i, w) in windows.iter().enumerate() {
            let wpath = format!("{path}[{i}]");
            let line = self.line(w.span());
            let file = w.get_ref();
            let from = self.date(&file.from, &format!("{wpath}.from"));
            let to = match &file.to {
                Some(t) => self.date(t, &format!("{wpath}.to")).map(Some),
                None => Some(None),
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if let Some(to) = to
                && to < from
            {
                self.push(
                    &wpath,
                    line,
                    ProblemKind::EmptyWindow {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                );
                continue;
            }
            let window = Window {
                from,
                to,
                instrument: file.instrument.clone(),
            };
            if let Some(other) = out.iter().find(|o| o.overlaps(&window)) {
                let show = |w: &Window| match w.to {
                    Some(to) => format!("{} to {to}", w.from),
                    None => format!("{} onwards", w.from),
                };
                self.push(
                    &wpath,
                    line,
                    ProblemKind::OverlappingWindows {
                        first: show(other),
                        second: show(&window),
                    },
                );
                continue;
            }
            out.push(window);
        }
        out
    }

    fn group(&mut self, group: &Spanned<GroupFile>, path: &str) -> Option<Group> {
        let line = self.line(group.span());
        let file = group.get_ref();
        let mut members = Vec::new();
        for (i, m) in file.members.iter().enumerate() {
            let mpath = format!("{path}.members[{i}]");
            let from = m.from.as_ref().map(|d| self.date(d, &mpath));
            let to = m.to.as_ref().map(|d| self.date(d, &mpath));
            let country = self.country(&m.country, &mpath, line);
            if let (Some(country), Some(from), Some(to)) = (
                country,
                from.map_or(Some(None), |d| d.map(Some)),
                to.map_or(Some(None), |d| d.map(Some)),
            ) {
                members.push(Membership { country, from, to });
            }
        }
        Some(Group {
            title: file.title.clone(),
            citation: file.citation.clone(),
            members,
        })
    }

    fn rule(
        &mut self,
        rule: &Spanned<RuleFile>,
        path: &str,
        pack: &str,
        jurisdiction: &str,
    ) -> Option<Rule> {
        let line = self.line(rule.span());
        let file = rule.get_ref();
        let id = file.id.get_ref().clone();
        let before = self.problems.len();

        let citation = file
            .citation
            .clone()
            .filter(|c| !c.trim().is_empty())
            .or_else(|| {
                self.push(
                    path,
                    line,
                    ProblemKind::MissingCitation { rule: id.clone() },
                );
                None
            });
        let effect_line = self.line(file.effect.span());
        let effect = match file.effect.get_ref().as_str() {
            "reach" => Some(Effect::Reach),
            "license_required" => Some(Effect::LicenseRequired),
            "exempt" => Some(Effect::Exempt),
            "warning" => Some(Effect::Warning),
            other => {
                self.push(
                    &format!("{path}.effect"),
                    effect_line,
                    ProblemKind::InvalidEffect {
                        effect: other.to_owned(),
                    },
                );
                None
            }
        };
        let review = match &file.review {
            Some(r) => {
                let parsed = Review::parse(r.get_ref());
                if parsed.is_none() {
                    let l = self.line(r.span());
                    self.push(
                        &format!("{path}.review"),
                        l,
                        ProblemKind::InvalidReview {
                            review: r.get_ref().clone(),
                        },
                    );
                }
                parsed
            }
            None => None,
        };
        match (effect, &file.review) {
            (Some(Effect::LicenseRequired), None) => {
                self.push(path, line, ProblemKind::MissingReview);
            }
            (Some(Effect::Reach | Effect::Exempt | Effect::Warning), Some(r)) => {
                let l = self.line(r.span());
                self.push(&format!("{path}.review"), l, ProblemKind::UnexpectedReview);
            }
            _ => {}
        }
        let warning = match (&file.kind, effect) {
            (Some(k), Some(Effect::Warning))
                if ["exception", "notice"].contains(&k.get_ref().as_str()) =>
            {
                Some(k.get_ref().clone())
            }
            (Some(k), Some(Effect::Warning)) => {
                let l = self.line(k.span());
                self.push(
                    &format!("{path}.kind"),
                    l,
                    ProblemKind::UnknownValue {
                        what: "warning kind",
                        value: k.get_ref().clone(),
                        expected: "`exception` or `notice`".to_owned(),
                        suggestion: crate::doc::read::closest(
                            k.get_ref(),
                            ["exception", "notice"].into_iter(),
                        )
                        .map(str::to_owned),
                    },
                );
                None
            }
            (None, Some(Effect::Warning)) => {
                self.push(path, line, ProblemKind::MissingField { field: "kind" });
                None
            }
            (Some(k), _) => {
                let l = self.line(k.span());
                self.push(&format!("{path}.kind"), l, ProblemKind::UnexpectedKind);
                None
            }
            (None, _) => None,
        };
        // A warning needs reach unless it says otherwise; any other rule carries its own.
        let warning_rule = effect == Some(Effect::Warning);
        if file.requires_reach == Some(true)
            && !warning_rule
            && effect != Some(Effect::LicenseRequired)
        {
            self.push(
                &format!("{path}.requires_reach"),
                line,
                ProblemKind::UnexpectedRequiresReach,
            );
        }
        let effective = self.windows(&file.effective, &format!("{path}.effective"));
        if file.effective.is_empty() {
            self.push(
                path,
                line,
                ProblemKind::NoEffectiveWindow { rule: id.clone() },
            );
        }
        let suspended = self.windows(&file.suspended, &format!("{path}.suspended"));
        let when = self.pred(&file.when, &format!("{path}.when"), line);
        if self.problems.len() > before {
            return None;
        }
        Some(Rule {
            id,
            jurisdiction: jurisdiction.to_owned(),
            pack: pack.to_owned(),
            title: file.title.clone(),
            citation: citation?,
            note: file.note.clone(),
            effect: effect?,
            review,
            requires_reach: file.requires_reach.unwrap_or(warning_rule),
            warning,
            obligations: file.obligations.clone(),
            effective,
            suspended,
            when: when?,
            source: None,
            pack_source: String::new(),
            patches: Vec::new(),
        })
    }

    /// A patch's fields, each validated as for a rule; what they apply to is checked when the
    /// patch is applied.
    fn patch(&mut self, patch: &Spanned<PatchFile>, path: &str) -> Option<Patch> {
        let line = self.line(patch.span());
        let file = patch.get_ref();
        let rule = file.rule.get_ref().clone();
        let before = self.problems.len();
        let effective = file.effective.as_ref().map(|windows| {
            if windows.is_empty() {
                self.push(
                    &format!("{path}.effective"),
                    line,
                    ProblemKind::NoEffectiveWindow { rule: rule.clone() },
                );
            }
            self.windows(windows, &format!("{path}.effective"))
        });
        let suspended = file
            .suspended
            .as_ref()
            .map(|windows| self.windows(windows, &format!("{path}.suspended")));
        let threshold = file.threshold.as_ref().and_then(|t| {
            let tpath = format!("{path}.threshold");
            let value = self.decimal(t, &tpath)?;
            let l = self.line(t.span());
            if value < Decimal::ZERO || value > Decimal::ONE {
                self.push(
                    &tpath,
                    l,
                    ProblemKind::InvalidThreshold {
                        text: t.get_ref().clone(),
                    },
                );
                return None;
            }
            Some((value, l))
        });
        let review = file.review.as_ref().and_then(|r| {
            let l = self.line(r.span());
            let parsed = Review::parse(r.get_ref());
            if parsed.is_none() {
                self.push(
                    &format!("{path}.review"),
                    l,
                    ProblemKind::InvalidReview {
                        review: r.get_ref().clone(),
                    },
                );
            }
            parsed.map(|p| (p, l))
        });
        let citation = file.citation.as_ref().map(|c| {
            if c.get_ref().trim().is_empty() {
                let l = self.line(c.span());
                self.push(
                    &format!("{path}.citation"),
                    l,
                    ProblemKind::MissingCitation { rule: rule.clone() },
                );
            }
            c.get_ref().clone()
        });
        let patch = Patch {
            rule,
            path: path.to_owned(),
            line,
            effective,
            suspended,
            threshold,
            review,
            note: file.note.clone(),
            citation,
            source: None,
        };
        let given = file.effective.is_some()
            || file.suspended.is_some()
            || file.threshold.is_some()
            || file.review.is_some()
            || file.note.is_some()
            || file.citation.is_some();
        if !given {
            self.push(
                path,
                line,
                ProblemKind::EmptyPatch {
                    rule: patch.rule.clone(),
                },
            );
        }
        (self.problems.len() == before).then_some(patch)
    }

    fn pred(&mut self, pred: &PredFile, path: &str, line: Option<u32>) -> Option<Pred> {
        Some(match pred {
            PredFile::All(ps) => Pred::All(self.preds(ps, path, line)?),
            PredFile::Any(ps) => Pred::Any(self.preds(ps, path, line)?),
            PredFile::Not(p) => Pred::Not(Box::new(self.pred(p, &format!("{path}.not"), line)?)),
            PredFile::Item(p) => Pred::Item(self.item_pred(p, &format!("{path}.item"), line)?),
            PredFile::Component(p) => {
                Pred::Component(self.item_pred(p, &format!("{path}.component"), line)?)
            }
            PredFile::Content(c) => {
                let cpath = format!("{path}.content");
                let counted = self.item_pred(&c.counted, &format!("{cpath}.counted"), line);
                let op = match c.op.get_ref().as_str() {
                    ">=" => Some(Op::AtLeast),
                    ">" => Some(Op::Exceeds),
                    other => {
                        let l = self.line(c.op.span());
                        self.push(
                            &format!("{cpath}.op"),
                            l,
                            ProblemKind::InvalidOp {
                                op: other.to_owned(),
                            },
                        );
                        None
                    }
                };
                let threshold = self.decimal(&c.threshold, &format!("{cpath}.threshold"));
                if let Some(t) = threshold
                    && (t < Decimal::ZERO || t > Decimal::ONE)
                {
                    let l = self.line(c.threshold.span());
                    self.push(
                        &format!("{cpath}.threshold"),
                        l,
                        ProblemKind::InvalidThreshold {
                            text: c.threshold.get_ref().clone(),
                        },
                    );
                    return None;
                }
                Pred::Content(ContentPred {
                    counted: counted?,
                    op: op?,
                    threshold: threshold?,
                })
            }
            PredFile::From(p) => Pred::From(self.place(p, &format!("{path}.from"), line)),
            PredFile::To(p) => Pred::To(self.place(p, &format!("{path}.to"), line)),
            PredFile::Party(p) => Pred::Party(self.party(p, &format!("{path}.party"), line)?),
            PredFile::EndUse(tags) => {
                for t in tags {
                    self.use_value(VocabKind::EndUse, t, &format!("{path}.end_use"), line);
                }
                Pred::EndUse(tags.clone())
            }
            PredFile::Rule(id) => {
                self.refer(RefKind::Rule, id, path);
                Pred::Rule(id.get_ref().clone())
            }
        })
    }

    fn preds(&mut self, ps: &[PredFile], path: &str, line: Option<u32>) -> Option<Vec<Pred>> {
        let converted: Vec<Option<Pred>> = ps
            .iter()
            .enumerate()
            .map(|(i, p)| self.pred(p, &format!("{path}[{i}]"), line))
            .collect();
        converted.into_iter().collect()
    }

    fn place(&mut self, place: &PlaceFile, path: &str, line: Option<u32>) -> Place {
        for g in &place.groups {
            self.refer(RefKind::Group, g, path);
        }
        Place {
            countries: self.countries(&place.countries, path, line),
            groups: place.groups.iter().map(|g| g.get_ref().clone()).collect(),
        }
    }

    fn party(&mut self, party: &PartyFile, path: &str, line: Option<u32>) -> Option<PartyPred> {
        let mut roles = Vec::new();
        for r in &party.roles {
            match Role::parse(r) {
                Some(role) => roles.push(role),
                None => self.push(
                    &format!("{path}.roles"),
                    line,
                    ProblemKind::UnknownRole {
                        role: r.clone(),
                        suggestion: crate::doc::read::closest(
                            r,
                            Role::ALL.iter().map(|r| r.as_str()),
                        )
                        .map(str::to_owned),
                    },
                ),
            }
        }
        for l in &party.lists {
            self.refer(RefKind::List, l, path);
        }
        let affiliates = match &party.affiliates {
            None => None,
            Some(a) => {
                let apath = format!("{path}.affiliates");
                let share = self.decimal(&a.share, &format!("{apath}.share"));
                if let Some(s) = share
                    && (s <= Decimal::ZERO || s > Decimal::ONE)
                {
                    let l = self.line(a.share.span());
                    self.push(
                        &format!("{apath}.share"),
                        l,
                        ProblemKind::ShareOutOfRange {
                            share: a.share.get_ref().clone(),
                        },
                    );
                }
                let effective = self.windows(&a.effective, &format!("{apath}.effective"));
                if a.effective.is_empty() {
                    self.push(&apath, line, ProblemKind::NoAffiliateWindow);
                }
                let suspended = self.windows(&a.suspended, &format!("{apath}.suspended"));
                Some(Affiliates {
                    share: share?,
                    citation: a.citation.clone(),
                    effective,
                    suspended,
                })
            }
        };
        let countries = self.countries(&party.countries, &format!("{path}.countries"), line);
        Some(PartyPred {
            roles,
            lists: party.lists.iter().map(|l| l.get_ref().clone()).collect(),
            countries,
            affiliates,
        })
    }

    fn item_pred(
        &mut self,
        pred: &ItemPredFile,
        path: &str,
        line: Option<u32>,
    ) -> Option<ItemPred> {
        Some(match pred {
            ItemPredFile::All(ps) => ItemPred::All(self.item_preds(ps, path, line)?),
            ItemPredFile::Any(ps) => ItemPred::Any(self.item_preds(ps, path, line)?),
            ItemPredFile::Not(p) => {
                ItemPred::Not(Box::new(self.item_pred(p, &format!("{path}.not"), line)?))
            }
            ItemPredFile::Origin(cs) => {
                ItemPred::Origin(self.countries(cs, &format!("{path}.origin"), line))
            }
            ItemPredFile::Classification(c) => {
                ItemPred::Classification(self.code(c, &format!("{path}.classification"), line)?)
            }
            ItemPredFile::Material(m) => {
                for e in &m.elements {
                    if !element::is_element(e) {
                        self.push(
                            &format!("{path}.material.elements"),
                            line,
                            ProblemKind::InvalidElement {
                                symbol: e.clone(),
                                suggestion: element::recase(e).map(str::to_owned),
                            },
                        );
                    }
                }
                self.reads_material = true;
                for f in &m.forms {
                    self.use_value(VocabKind::Form, f, &format!("{path}.material.forms"), line);
                }
                ItemPred::Material {
                    forms: m.forms.clone(),
                    elements: m.elements.clone(),
                }
            }
            ItemPredFile::Tag(t) => {
                self.use_value(VocabKind::Tag, t, &format!("{path}.tag"), line);
                ItemPred::Tag(t.clone())
            }
            ItemPredFile::Unknown(what) => ItemPred::Unknown(what.clone()),
            ItemPredFile::Listed(l) => {
                let from = self.date(&l.from, &format!("{path}.listed.from"))?;
                ItemPred::Listed {
                    from,
                    instrument: l.instrument.clone(),
                }
            }
            ItemPredFile::MayContain(m) => {
                self.reads_material = true;
                for e in &m.elements {
                    if !element::is_element(e) {
                        self.push(
                            &format!("{path}.may_contain.elements"),
                            line,
                            ProblemKind::InvalidElement {
                                symbol: e.clone(),
                                suggestion: element::recase(e).map(str::to_owned),
                            },
                        );
                    }
                }
                ItemPred::MayContain(m.elements.clone())
            }
            ItemPredFile::MadeWith(m) => {
                let mpath = format!("{path}.made_with");
                let mut kinds = Vec::new();
                for k in &m.kinds {
                    match MadeWithKind::parse(k) {
                        Some(kind) => kinds.push(kind),
                        None => self.push(
                            &mpath,
                            line,
                            ProblemKind::InvalidMadeWithKind { kind: k.clone() },
                        ),
                    }
                }
                let classification = match &m.classification {
                    Some(c) => Some(self.code(c, &format!("{mpath}.classification"), line)?),
                    None => None,
                };
                for p in &m.processes {
                    self.use_value(VocabKind::Process, p, &format!("{mpath}.processes"), line);
                }
                ItemPred::MadeWith {
                    kinds,
                    origins: self.countries(&m.origins, &mpath, line),
                    classification,
                    processes: m.processes.clone(),
                }
            }
            ItemPredFile::Class(name) => {
                self.refer(RefKind::Class, name, path);
                ItemPred::Class(name.get_ref().clone())
            }
            ItemPredFile::Licensable(l) => {
                self.jurisdiction(&l.jurisdiction, &format!("{path}.licensable"), line);
                self.unlisted.extend(
                    l.unlisted
                        .iter()
                        .map(|c| (l.jurisdiction.clone(), c.clone())),
                );
                ItemPred::Licensable {
                    jurisdiction: l.jurisdiction.clone(),
                    reasons: l.reasons.clone(),
                    unlisted: l.unlisted.clone(),
                    anywhere: l.anywhere,
                }
            }
        })
    }

    fn item_preds(
        &mut self,
        ps: &[ItemPredFile],
        path: &str,
        line: Option<u32>,
    ) -> Option<Vec<ItemPred>> {
        let converted: Vec<Option<ItemPred>> = ps
            .iter()
            .enumerate()
            .map(|(i, p)| self.item_pred(p, &format!("{path}[{i}]"), line))
            .collect();
        converted.into_iter().collect()
    }

    fn jurisdiction(&mut self, text: &str, path: &str, line: Option<u32>) {
        if text.len() < 2 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
            self.push(
                path,
                line,
                ProblemKind::InvalidJurisdiction {
                    text: text.to_owned(),
                },
            );
        }
    }

    fn code(&mut self, code: &CodeFile, path: &str, line: Option<u32>) -> Option<CodeMatch> {
        self.jurisdiction(&code.jurisdiction, &format!("{path}.jurisdiction"), line);
        let missing_is_unknown = match code.missing.as_ref().map(|m| m.get_ref().as_str()) {
            None | Some("unknown") => true,
            Some("false") => false,
            Some(other) => {
                let l = code.missing.as_ref().and_then(|m| self.line(m.span()));
                self.push(
                    &format!("{path}.missing"),
                    l.or(line),
                    ProblemKind::InvalidMissing {
                        text: other.to_owned(),
                    },
                );
                return None;
            }
        };
        Some(CodeMatch {
            jurisdiction: code.jurisdiction.clone(),
            codes: code.codes.clone(),
            missing_is_unknown,
            digits: code.digits,
            partial: code.partial,
            coarse: code.coarse,
        })
    }
}

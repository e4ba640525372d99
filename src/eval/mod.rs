//! Evaluation: one export, one rule set, one determination.
//!
//! Pure and deterministic: the same BOM, scenario and rules give the same determination,
//! byte for byte. Data gaps never fail an evaluation; they make outcomes `undetermined`.

mod describe;
mod determination;
mod item;
mod pred;
mod prepared;
pub mod text;
mod warnings;

pub use determination::{
    Determination, Evidence, Finding, JurisdictionOutcome, MAX_WARNING_ITEMS, Missing, Outcome,
    PackReceipt, RatioBounds, Receipt, RuleTrace, Settings, Verdict, Warning,
};
pub use determination::{Fact, FindingEffect, FindingStatus, TraceStatus};
pub use prepared::{Engine, MAX_CACHED_ROLLUPS, Prepared};
pub use warnings::VINTAGE_DAYS;

use crate::rollup::{RollupError, Truth};
use crate::rules::{Effect, Rule, RuleSet, Status};
use crate::{Bom, Scenario};
use pred::{Ctx, Explain};

/// From this many items reached, the item-side warnings are written on a second thread while
/// the rules are evaluated: below it, starting a thread costs more than it saves.
const PARALLEL_WARNINGS: usize = 20_000;

pub use determination::{InputReceipt, Inputs};

/// Why an export could not be evaluated at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The scenario's item is not in the BOM, or a sum is out of range.
    #[error(transparent)]
    Rollup(#[from] RollupError),
    /// The BOM or the scenario uses values no loaded pack knows (a misspelt material form,
    /// end use, tag or list): evaluating would silently give a different answer.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Vocabulary(Vec<crate::error::LoadError>),
}

/// How much an evaluation reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Report every rule of every loaded pack in [`JurisdictionOutcome::explained`]: whether
    /// it applied, was dormant, or did not apply and why (the failing condition and its
    /// numbers).
    pub explain: bool,
}

impl EvalOptions {
    /// Options with `explain` on.
    pub const EXPLAIN: EvalOptions = EvalOptions { explain: true };
}

/// Evaluates every rule of `rules` for the export described by `scenario` of an item of `bom`.
///
/// # Errors
/// [`EvalError`] when the BOM or scenario uses a value no loaded pack knows
/// ([`RuleSet::check_vocabulary`]), when the scenario's item is not in the BOM, or when a
/// roll-up sum exceeds the decimal range. Missing facts are not errors: they make outcomes
/// `undetermined`.
pub fn evaluate(
    bom: &Bom,
    scenario: &Scenario,
    rules: &RuleSet,
) -> Result<Determination, EvalError> {
    evaluate_with(bom, scenario, rules, EvalOptions::default())
}

/// [`evaluate`], with options (e.g. [`EvalOptions::EXPLAIN`]).
///
/// # Errors
/// As [`evaluate`].
pub fn evaluate_with(
    bom: &Bom,
    scenario: &Scenario,
    rules: &RuleSet,
    options: EvalOptions,
) -> Result<Determination, EvalError> {
    Engine::new(rules)
        .prepare(bom)
        .evaluate_with(scenario, options)
}

/// The evaluation behind [`evaluate_with`] and [`Prepared::evaluate_with`]: the item side
/// (roll-up, component and content conditions) from the prepared cache, the rest per
/// scenario.
fn evaluate_prepared(
    prepared: &Prepared<'_, '_, '_>,
    scenario: &Scenario,
    options: EvalOptions,
) -> Result<Determination, EvalError> {
    let (bom, rules) = (prepared.bom, prepared.engine.rules);
    rules
        .check_vocabulary(bom, scenario)
        .map_err(EvalError::Vocabulary)?;
    let undeclared_material = bom
        .assumptions()
        .overridden_by(scenario.assume)
        .undeclared_material
        .unwrap_or_default();
    // Every content condition of every rule, rolled up together in one pass.
    let conditions = &prepared.engine.conditions;
    let answers = item::Conditions::new(
        conditions.iter().map(|c| &c.counted).collect(),
        item::ItemCx {
            rules,
            to: scenario.to,
            date: scenario.date,
            undeclared_material,
            classes: &prepared.engine.classes,
        },
        bom.kinds(),
    );
    // And one more: parts that declare no material, for the warning that says so.
    let undeclared = |item: &crate::Item| {
        Truth::from_bool(item.material.is_none() && item.components.is_empty())
    };
    let undeclared_slot = crate::rollup::Predicates::count(&answers);
    let undeclared: [&dyn crate::rollup::Predicate; 1] = [&undeclared];
    let predicates = crate::rollup::Then(&answers, &crate::rollup::Each(&undeclared));
    let side = prepared.side(
        prepared::SideKey {
            item: scenario.item.clone(),
            to: scenario.to,
            date: scenario.date,
            undeclared_material,
        },
        &predicates,
    )?;
    let rollup = &side.rollup;
    let known = std::sync::Arc::clone(
        &side
            .memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let mut cx = Ctx {
        bom,
        root: rollup.root(),
        scenario,
        rules,
        rollup,
        contents: &prepared.engine.contents,
        resolved: &prepared.engine.resolved,
        classes: &prepared.engine.classes,
        undeclared_material,
        force_affiliates: false,
        dormant: false,
        known: &known,
        memo: std::cell::RefCell::default(),
        rule_memo: std::cell::RefCell::default(),
        explain: options.explain,
        lean: false,
        components: std::cell::OnceCell::new(),
        component_keys: &prepared.engine.component_keys,
    };

    let inputs = warnings::Inputs {
        bom,
        scenario,
        rules,
        rollup,
        undeclared_material,
        undeclared_slot,
    };
    // The item-side warnings read the roll-up and the BOM alone: on a large BOM they are
    // written on a second thread while the rules are evaluated (the same warnings either way).
    let item_side = || side.warnings.get_or_init(|| warnings::item_side(&inputs));
    let parallel = side.warnings.get().is_none() && rollup.reached_count() >= PARALLEL_WARNINGS;
    let (evaluated, item_side) = std::thread::scope(|s| {
        // No thread to be had: written here, after the rules.
        let written = parallel
            .then(|| std::thread::Builder::new().spawn_scoped(s, item_side).ok())
            .flatten();
        let evaluated: Vec<(&str, Vec<Evaluated<'_>>)> = rules
            .jurisdictions()
            .into_iter()
            .map(|j| (j, evaluate_rules(j, prepared, scenario, options, &mut cx)))
            .collect();
        let warnings = match written.map(std::thread::ScopedJoinHandle::join) {
            Some(Ok(warnings)) => warnings,
            // A panic there is a bug; the same work done here says it.
            _ => item_side(),
        };
        (evaluated, warnings)
    });
    let mut warnings = item_side.clone();
    warnings.extend(warnings::scenario_side(&inputs));
    let mut jurisdictions = Vec::new();
    for (j, evaluated) in evaluated {
        let mut outcome = combine(j, &evaluated, bom, &mut warnings);
        // Before the date the jurisdiction's packs cover, no answer is given from later law,
        // and no finding: the packs say nothing of that date.
        if rules
            .covers_from(j)
            .is_some_and(|start| scenario.date < start)
        {
            outcome.outcome = Outcome::Undetermined;
            outcome.review = None;
            outcome.review_could_be = None;
            outcome.obligations.clear();
            outcome.findings.clear();
        }
        if options.explain {
            outcome.explained = explained(&evaluated, &outcome, &warnings);
        }
        jurisdictions.push(outcome);
    }

    // Conditions first asked by this scenario join the cache for the next ones.
    let learned = cx.memo.into_inner();
    if !learned.is_empty() {
        let mut memo = side
            .memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut merged = prepared::Memo::clone(&memo);
        merged.extend(learned);
        *memo = std::sync::Arc::new(merged);
    }

    let verdict = if jurisdictions
        .iter()
        .any(|j| j.outcome == Outcome::LicenseRequired)
    {
        Verdict::LicenseRequired
    } else if jurisdictions
        .iter()
        .any(|j| j.outcome == Outcome::Undetermined)
    {
        Verdict::Undetermined
    } else {
        Verdict::NoLicenseRequired
    };
    let as_of = scenario.date.to_string();
    Ok(Determination {
        item: scenario.item.clone(),
        as_of: as_of.clone(),
        verdict,
        jurisdictions,
        warnings: {
            warnings::sort(&mut warnings);
            warnings
        },
        receipt: Receipt {
            engine: format!("longarm {}", env!("CARGO_PKG_VERSION")),
            as_of,
            packs: rules
                .packs()
                .iter()
                .map(|p| PackReceipt {
                    id: p.id.clone(),
                    source: p.source.clone(),
                    sha256: p.sha256.clone(),
                })
                .collect(),
            inputs: determination::Inputs::of(bom, scenario),
            settings: Settings {
                explain: options.explain,
                strict_materials: undeclared_material == crate::UndeclaredMaterial::Unknown,
                bundled: rules.bundled_loaded(),
            },
        },
    })
}

/// Evaluates the rules of jurisdiction `j`, in pack order: each one's truth, its explanation
/// where one may be shown, and what holds it back when it is dormant.
fn evaluate_rules<'a>(
    j: &str,
    prepared: &Prepared<'_, 'a, '_>,
    scenario: &Scenario,
    options: EvalOptions,
    cx: &mut Ctx<'a>,
) -> Vec<Evaluated<'a>> {
    let rules = prepared.engine.rules;
    let mut evaluated = Vec::with_capacity(rules.rules().len());
    for (index, rule) in rules
        .rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.jurisdiction == j)
    {
        let state = status_of(rule, scenario);
        // Without `--explain`, the truths first, lean: the explanation is written only
        // for a rule that can become a finding (in force and not false, or dormant).
        cx.lean = !options.explain;
        let (truth, mut explain) = pred::eval(&rule.when, cx);
        let mut explained = !cx.lean;
        // Would it hold with every window open (its own, the rules it refers to, an
        // affiliate extension)? Then it is dormant: say what holds it back and until when.
        let dormant = if truth == Truth::True && state == Status::InForce {
            None
        } else {
            cx.force_affiliates = true;
            cx.dormant = true;
            let (forced, mut forced_explain) = pred::eval(&rule.when, cx);
            // Referenced rules out of force whose condition holds: they hold this one back.
            let waiting: Vec<&Rule> = prepared
                .engine
                .references
                .get(index)
                .into_iter()
                .flatten()
                .filter_map(|id| rules.rule(id))
                .filter(|r| status_of(r, scenario) != Status::InForce)
                .filter(|r| pred::eval(&r.when, cx).0 == Truth::True)
                .collect();
            if forced == Truth::True && cx.lean {
                cx.lean = false;
                forced_explain = pred::eval(&rule.when, cx).1;
            }
            cx.force_affiliates = false;
            cx.dormant = false;
            if forced == Truth::True {
                if !explained {
                    explain = pred::eval(&rule.when, cx).1;
                    explained = true;
                }
                lift(&state, &waiting, &explain, scenario).map(|l| (l, forced_explain))
            } else {
                None
            }
        };
        if !explained && state == Status::InForce && truth != Truth::False {
            cx.lean = false;
            explain = pred::eval(&rule.when, cx).1;
        }
        evaluated.push(Evaluated {
            rule,
            state,
            truth,
            explain,
            dormant,
        });
    }
    evaluated
}

fn status_of(rule: &Rule, scenario: &Scenario) -> Status {
    crate::rules::window::status(&rule.effective, &rule.suspended, scenario.date)
}

struct Evaluated<'a> {
    rule: &'a Rule,
    state: Status,
    truth: Truth,
    explain: Explain,
    /// When the rule would hold but for a window: what lifts it, and the explanation.
    dormant: Option<(Lift, Explain)>,
}

/// What holds a dormant rule back and the first day all of it is lifted.
struct Lift {
    window: Option<crate::rules::Window>,
    applies_from: Option<crate::Date>,
    fact: Option<String>,
}

/// Combines the rule's own window, the windows of the referenced rules it waits for (the
/// first of them to come into force lifts that) and an affiliate extension's window; `None`
/// when one of them never lifts.
fn lift(state: &Status, waiting: &[&Rule], explain: &Explain, scenario: &Scenario) -> Option<Lift> {
    let mut window = None;
    let mut dates = Vec::new();
    let mut blocker = |status: &Status| -> Option<()> {
        match status {
            Status::InForce => Some(()),
            Status::NotYet {
                window: w,
                starts: d,
            }
            | Status::Suspended {
                suspension: w,
                revives: d,
            } => {
                if window.is_none() {
                    window = Some(w.clone());
                }
                dates.push((*d)?);
                Some(())
            }
            Status::Lapsed => None,
        }
    };
    blocker(state)?;
    let statuses: Vec<Status> = waiting.iter().map(|r| status_of(r, scenario)).collect();
    if !statuses.is_empty() {
        // The first of the referenced rules to come into force lifts this blocker.
        let first = statuses
            .iter()
            .filter(|s| !matches!(s, Status::Lapsed))
            .min_by_key(|s| match s {
                Status::NotYet { starts, .. } => *starts,
                Status::Suspended { revives, .. } => *revives,
                _ => None,
            })?;
        blocker(first)?;
    }
    let mut fact = None;
    if let Some((f, switch)) = explain.dormant_affiliates.as_deref() {
        blocker(switch)?;
        fact = Some(f.clone());
    }
    Some(Lift {
        window,
        applies_from: dates.into_iter().max(),
        fact,
    })
}

/// One jurisdiction's outcome from its rules, as `docs/formats.md` defines it: requirements need
/// reach; exemptions override requirements; the most severe review wins; an unknown that
/// could change the outcome makes it undetermined.
fn combine(
    jurisdiction: &str,
    evaluated: &[Evaluated<'_>],
    bom: &Bom,
    warnings: &mut Vec<Warning>,
) -> JurisdictionOutcome {
    let live = |e: &&Evaluated<'_>| e.state == Status::InForce;
    let of = |effect: Effect, reach_needed: Option<bool>| {
        evaluated.iter().filter(live).filter(move |e| {
            e.rule.effect == effect && reach_needed.is_none_or(|r| e.rule.requires_reach == r)
        })
    };
    // Reached: a reach rule, or a requirement that carries its own reach, holds.
    let reached = of(Effect::Reach, None)
        .chain(of(Effect::LicenseRequired, Some(false)))
        .fold(Truth::False, |acc, e| acc.or(e.truth));
    let requirement = |e: &Evaluated<'_>| {
        if e.rule.requires_reach {
            e.truth.and(reached)
        } else {
            e.truth
        }
    };
    let required: Vec<&Evaluated<'_>> = of(Effect::LicenseRequired, None)
        .filter(|e| requirement(e) == Truth::True)
        .collect();
    let maybe_required =
        of(Effect::LicenseRequired, None).any(|e| matches!(requirement(e), Truth::Unknown(_)));
    let exemption =
        of(Effect::Exempt, None).fold(Truth::False, |acc, e| acc.or(e.truth.and(reached)));

    let review = required.iter().filter_map(|e| e.rule.review).max();
    let open_review = of(Effect::LicenseRequired, None)
        .filter(|e| matches!(requirement(e), Truth::Unknown(_)))
        .filter_map(|e| e.rule.review)
        .max()
        .filter(|open| review.is_some_and(|r| *open > r));
    let outcome = match (reached, exemption) {
        (Truth::False, _) => Outcome::NotSubject,
        (_, Truth::True) => Outcome::Exempt,
        // Whether an exemption (with its obligations) applies is itself open.
        (_, Truth::Unknown(_)) => Outcome::Undetermined,
        _ if !required.is_empty() => Outcome::LicenseRequired,
        _ if maybe_required => Outcome::Undetermined,
        (Truth::True, _) => Outcome::NoLicenseRequired,
        // Reach itself unknown and nothing required: not subject or no licence, unknown which.
        (Truth::Unknown(_), _) => Outcome::Undetermined,
    };
    let obligations = if outcome == Outcome::Exempt {
        of(Effect::Exempt, None)
            .filter(|e| e.truth.and(reached) == Truth::True)
            .flat_map(|e| e.rule.obligations.iter().cloned())
            .collect()
    } else {
        Vec::new()
    };

    let currency = bom.currency().to_string();
    let mut findings = Vec::new();
    for e in evaluated {
        // A pack's warning (a licence exception that may be available) applies where the
        // jurisdiction reaches the export; it never changes the outcome.
        let Some(effect) = FindingEffect::of(e.rule.effect) else {
            // Said where the export is, or may be, reached — or, for a warning that says
            // `requires_reach = false`, wherever it holds.
            if e.state == Status::InForce
                && e.truth == Truth::True
                && (!e.rule.requires_reach || reached != Truth::False)
            {
                warnings.push(Warning {
                    kind: e
                        .rule
                        .warning
                        .clone()
                        .unwrap_or_else(|| "notice".to_owned()),
                    jurisdiction: Some(jurisdiction.to_owned()),
                    message: e.rule.title.clone(),
                    rule: Some(e.rule.id.clone()),
                    citation: Some(e.rule.citation.clone()),
                    items: Vec::new(),
                });
            }
            continue;
        };
        // What the rule contributes here: requirements that need reach, and exemptions, hold
        // only as far as the export is reached.
        let effective_truth = if e.rule.requires_reach || e.rule.effect == Effect::Exempt {
            e.truth.and(reached)
        } else {
            e.truth
        };
        match (&e.state, effective_truth) {
            (Status::InForce, Truth::True) => {
                findings.push(finding(
                    e.rule,
                    effect,
                    FindingStatus::Applies,
                    &e.explain,
                    &currency,
                ));
            }
            (Status::InForce, Truth::Unknown(_)) => {
                findings.push(finding(
                    e.rule,
                    effect,
                    FindingStatus::Unknown,
                    &e.explain,
                    &currency,
                ));
            }
            _ => {}
        }
        // Dormant rules warn of what a start or revival would bring, reach or not.
        if let Some((lift, explain)) = &e.dormant {
            let mut f = finding(
                e.rule,
                FindingEffect::WouldApply,
                FindingStatus::Dormant,
                explain,
                &currency,
            );
            f.window = lift.window.clone();
            f.applies_from = lift.applies_from.map(|d| d.to_string());
            if let Some(fact) = &lift.fact {
                f.facts = vec![fact.clone()];
            }
            findings.push(f);
        }
    }
    JurisdictionOutcome {
        jurisdiction: jurisdiction.to_owned(),
        outcome,
        review: if outcome == Outcome::LicenseRequired {
            review
        } else {
            None
        },
        review_could_be: if outcome == Outcome::LicenseRequired {
            open_review
        } else {
            None
        },
        obligations,
        findings,
        explained: Vec::new(),
    }
}

/// Every rule of a jurisdiction, with what it did and, when it did not apply, why.
fn explained(
    evaluated: &[Evaluated<'_>],
    outcome: &JurisdictionOutcome,
    warnings: &[Warning],
) -> Vec<RuleTrace> {
    evaluated
        .iter()
        .map(|e| {
            let id = &e.rule.id;
            let reported = |status: FindingStatus| {
                outcome
                    .findings
                    .iter()
                    .any(|f| &f.rule == id && f.status == status)
            };
            let warned = warnings.iter().any(|w| w.rule.as_ref() == Some(id));
            let window = match &e.state {
                Status::InForce => None,
                Status::NotYet { window, starts } => Some(format!(
                    "not yet in force: {} from {}{}",
                    window.instrument,
                    window.from,
                    starts.map_or_else(String::new, |d| format!(", in force from {d}"))
                )),
                Status::Suspended {
                    suspension,
                    revives,
                } => Some(format!(
                    "suspended by {} from {}{}{}",
                    suspension.instrument,
                    suspension.from,
                    suspension
                        .to
                        .map_or_else(String::new, |t| format!(" to {t}")),
                    revives.map_or_else(String::new, |d| format!(", in force again from {d}"))
                )),
                Status::Lapsed => Some("no longer in force".to_owned()),
            };
            let (status, reason) = if reported(FindingStatus::Applies) || warned {
                (TraceStatus::Applies, None)
            } else if reported(FindingStatus::Unknown) {
                (TraceStatus::Unknown, None)
            } else if reported(FindingStatus::Dormant) {
                (TraceStatus::Dormant, None)
            } else if e.state != Status::InForce {
                (TraceStatus::NotInForce, e.explain.reason.clone())
            } else {
                let reason = match (e.truth, outcome.outcome) {
                    (Truth::False, _) => e.explain.reason.clone(),
                    // It holds, but needs reach that no rule of the jurisdiction gives...
                    (_, Outcome::NotSubject) => {
                        Some("the export is not reached by a rule of this jurisdiction".to_owned())
                    }
                    // ...or whether one does is itself open.
                    _ => Some(
                        "it needs the export to be reached, and whether it is, is open".to_owned(),
                    ),
                };
                (TraceStatus::NotApplicable, reason)
            };
            RuleTrace {
                rule: id.clone(),
                status,
                reason,
                window,
            }
        })
        .collect()
}

fn finding(
    rule: &Rule,
    effect: FindingEffect,
    status: FindingStatus,
    e: &Explain,
    currency: &str,
) -> Finding {
    let numbers = e.numbers.clone();
    Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        citation: rule.citation.clone(),
        effect,
        status,
        review: match rule.effect {
            Effect::LicenseRequired => rule.review,
            _ => None,
        },
        ratio: numbers.as_ref().and_then(|n| n.ratio.clone()),
        ratio_bounds: numbers.as_ref().and_then(|n| {
            n.range.as_ref().map(|(lo, hi)| RatioBounds {
                lo: lo.clone(),
                hi: hi.clone(),
            })
        }),
        threshold: numbers.as_ref().map(|n| n.threshold.clone()),
        numerator: numbers.as_ref().map(|n| n.numerator.clone()),
        denominator: numbers.as_ref().map(|n| n.denominator.clone()),
        currency: numbers.as_ref().map(|_| currency.to_owned()),
        derived_value: numbers.as_ref().is_some_and(|n| n.derived),
        paths: e.paths.iter().map(|p| p.path.clone()).collect(),
        evidence: e
            .paths
            .iter()
            .map(|p| Evidence {
                what: p.what.clone(),
                path: p.path.clone(),
                value: p.value.map(crate::codes::decimal::display),
                share: p.share.map(|s| s.round_dp(7).normalize().to_string()),
            })
            .collect(),
        facts: e.facts.clone(),
        missing: e
            .missing
            .iter()
            .map(|(item, f)| Missing {
                item: item.clone(),
                facts: Fact::of(*f).collect(),
            })
            .collect(),
        obligations: if rule.effect == Effect::Exempt {
            rule.obligations.clone()
        } else {
            Vec::new()
        },
        window: None,
        applies_from: None,
        note: rule.note.clone(),
    }
}

//! A prepared engine: the rule set's content conditions collected once, and per BOM the
//! roll-up and the item-side condition results cached for each distinct exported item,
//! destination, date and reading of undeclared materials, so that many scenarios over one BOM
//! (order lines, destinations, dates) pay for a roll-up once per distinct value.

use super::pred::Explain;
use crate::rollup::{Rollup, RollupOptions, Truth};
use crate::rules::RuleSet;
use crate::rules::model::{ContentPred, Pred};
use crate::{Bom, Country, Date, Scenario, UndeclaredMaterial};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Hashes the keys of the evaluation's caches: addresses (and small tuples of them), which
/// need no protection against chosen collisions, so a multiply-rotate hash instead of SipHash.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(u64::try_from(n).unwrap_or(u64::MAX));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

/// A map keyed by addresses (see [`AddrHasher`]).
pub(crate) type AddrMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<AddrHasher>>;

/// The most roll-ups a [`Prepared`] BOM keeps: past it, the cache starts again (a batch of a
/// million lines on a million distinct dates must not hold a million roll-ups).
pub const MAX_CACHED_ROLLUPS: usize = 64;

/// A rule set ready to evaluate many exports: its content conditions collected once.
///
/// # Example
/// ```
/// use longarm::{Bom, Engine, RuleSet, Scenario};
/// let rules = RuleSet::bundled().unwrap();
/// let engine = Engine::new(&rules);
/// let bom = Bom::from_path("examples/motor.bom.json").unwrap();
/// let prepared = engine.prepare(&bom);
/// for to in ["DE", "US", "JP"] {
///     let scenario = Scenario::from_json_str(&format!(r#"{{ "bom": "motor.bom.json",
///       "item": "MOTOR-200", "from": "VN", "to": "{to}", "date": "2026-12-01" }}"#)).unwrap();
///     let d = prepared.evaluate(&scenario).unwrap();
///     assert_eq!(d, longarm::evaluate(&bom, &scenario, &rules).unwrap());
/// }
/// ```
#[derive(Debug)]
pub struct Engine<'r> {
    pub(super) rules: &'r RuleSet,
    /// Every content condition of every rule, in rule order: the roll-up's predicates.
    pub(super) conditions: Vec<&'r ContentPred>,
    /// Roll-up predicate index of each content condition, keyed by its address.
    pub(super) contents: AddrMap<usize, usize>,
    /// The ids of the rules each rule refers to (`Pred::rule_references`), in rule order.
    pub(super) references: Vec<Vec<&'r str>>,
    /// The rule each `rule = "..."` condition names, keyed by the condition's address.
    pub(super) resolved: AddrMap<usize, &'r crate::rules::Rule>,
    /// The class each `class = "..."` item condition names, keyed by the condition's address.
    pub(super) classes: AddrMap<usize, &'r crate::rules::ItemPred>,
    /// The memo key of each `component` condition (`pred::component_keys`).
    pub(super) component_keys: AddrMap<usize, usize>,
}

impl<'r> Engine<'r> {
    /// Collects the content conditions of every rule of `rules`.
    pub fn new(rules: &'r RuleSet) -> Self {
        let mut conditions: Vec<&ContentPred> = Vec::new();
        for rule in rules.rules() {
            collect_contents(&rule.when, &mut conditions);
        }
        let contents = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| (std::ptr::from_ref(*c) as usize, i))
            .collect();
        let mut resolved = AddrMap::default();
        for rule in rules.rules() {
            resolve(&rule.when, rules, &mut resolved);
        }
        let mut classes = AddrMap::default();
        for rule in rules.rules() {
            item_conditions(&rule.when, &mut |p| {
                super::item::resolve_classes(p, rules, &mut classes);
            });
        }
        let references = rules
            .rules()
            .iter()
            .map(|r| r.when.rule_references())
            .collect();
        Engine {
            rules,
            conditions,
            contents,
            references,
            resolved,
            classes,
            component_keys: super::pred::component_keys(rules),
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// A BOM ready for many scenarios: see [`Prepared::evaluate`].
    pub fn prepare<'e, 'b>(&'e self, bom: &'b Bom) -> Prepared<'e, 'r, 'b> {
        Prepared {
            engine: self,
            bom,
            sides: Mutex::new(HashMap::new()),
        }
    }
}

/// Calls `f` on every item condition of `pred` (`item`, `component`, `content`).
fn item_conditions<'r>(pred: &'r Pred, f: &mut impl FnMut(&'r crate::rules::ItemPred)) {
    match pred {
        Pred::All(ps) | Pred::Any(ps) => ps.iter().for_each(|p| item_conditions(p, f)),
        Pred::Not(p) => item_conditions(p, f),
        Pred::Item(p) | Pred::Component(p) => f(p),
        Pred::Content(c) => f(&c.counted),
        _ => {}
    }
}

fn resolve<'r>(
    pred: &'r Pred,
    rules: &'r RuleSet,
    out: &mut AddrMap<usize, &'r crate::rules::Rule>,
) {
    match pred {
        Pred::All(ps) | Pred::Any(ps) => ps.iter().for_each(|p| resolve(p, rules, out)),
        Pred::Not(p) => resolve(p, rules, out),
        Pred::Rule(id) => {
            if let Some(rule) = rules.rule(id) {
                out.insert(std::ptr::from_ref(pred) as usize, rule);
            }
        }
        _ => {}
    }
}

fn collect_contents<'a>(pred: &'a Pred, out: &mut Vec<&'a ContentPred>) {
    match pred {
        Pred::All(ps) | Pred::Any(ps) => ps.iter().for_each(|p| collect_contents(p, out)),
        Pred::Not(p) => collect_contents(p, out),
        Pred::Content(c) => out.push(c),
        _ => {}
    }
}

/// What the item side of an evaluation depends on: the exported item, the destination, the
/// date and how parts without material are read. Parties, end uses and the country of export
/// are read per scenario.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct SideKey {
    pub item: String,
    pub to: Country,
    pub date: Date,
    pub undeclared_material: UndeclaredMaterial,
}

/// The item side of evaluations sharing a [`SideKey`]: the roll-up, and the results of the
/// `component` and `content` conditions once a first evaluation has asked them.
#[derive(Debug)]
pub(super) struct Side<'b> {
    pub rollup: Rollup<'b>,
    pub memo: Mutex<Arc<Memo>>,
    /// The warnings that read only the item side (`warnings::item_side`).
    pub warnings: std::sync::OnceLock<Vec<super::Warning>>,
}

/// Results of `component` and `content` conditions by their address.
pub(super) type Memo = AddrMap<usize, (Truth, Explain)>;

/// A BOM prepared for many evaluations with one [`Engine`]. It may be shared across threads:
/// evaluations in parallel read and fill one cache.
#[derive(Debug)]
pub struct Prepared<'e, 'r, 'b> {
    pub(super) engine: &'e Engine<'r>,
    pub(super) bom: &'b Bom,
    sides: Mutex<HashMap<SideKey, Arc<Side<'b>>>>,
}

impl<'b> Prepared<'_, '_, 'b> {
    /// The BOM.
    pub fn bom(&self) -> &'b Bom {
        self.bom
    }

    /// The item side for `key`: cached, or rolled up now.
    pub(super) fn side(
        &self,
        key: SideKey,
        predicates: &dyn crate::rollup::Predicates,
    ) -> Result<Arc<Side<'b>>, crate::rollup::RollupError> {
        if let Some(side) = self
            .sides
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(Arc::clone(side));
        }
        // Rolled up outside the lock: other keys go on meanwhile (the same key may be rolled
        // up twice at once; both results are the same).
        let rollup = self
            .bom
            .rollup_with(&key.item, predicates, RollupOptions::default())?;
        let side = Arc::new(Side {
            rollup,
            memo: Mutex::new(Arc::new(Memo::default())),
            warnings: std::sync::OnceLock::new(),
        });
        let mut sides = self.sides.lock().unwrap_or_else(PoisonError::into_inner);
        if sides.len() >= MAX_CACHED_ROLLUPS {
            sides.clear();
        }
        Ok(Arc::clone(sides.entry(key).or_insert(side)))
    }

    /// Evaluates one export of an item of this BOM; the same determination as
    /// [`crate::evaluate`] gives, byte for byte.
    ///
    /// # Errors
    /// As [`crate::evaluate`].
    pub fn evaluate(&self, scenario: &Scenario) -> Result<super::Determination, super::EvalError> {
        self.evaluate_with(scenario, super::EvalOptions::default())
    }

    /// [`Prepared::evaluate`] with options.
    ///
    /// # Errors
    /// As [`crate::evaluate`].
    pub fn evaluate_with(
        &self,
        scenario: &Scenario,
        options: super::EvalOptions,
    ) -> Result<super::Determination, super::EvalError> {
        super::evaluate_prepared(self, scenario, options)
    }
}

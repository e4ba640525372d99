//! Kinds of item: items that every item condition must answer alike, whatever the rules, the
//! destination or the date, because they agree on everything such a condition reads.
//!
//! Most items of a large BOM repeat a few origins, materials and codes. The roll-up asks its
//! item conditions once per kind rather than once per item (`eval::item::Conditions`), and
//! the kinds are found once, when the BOM is loaded: each item's own facets are looked up
//! while it is built (its strings still in cache), and its place in the graph (whether it has
//! components, what its breakdown declares) is added once the graph is known.
//!
//! Two items get one kind only when their facets are equal, compared in full; a hash only
//! finds the candidates. Past [`MAX_REMEMBERED`] distinct facets an item gets a kind of its
//! own, which is always safe: a kind too many costs one more evaluation, never an answer.

use super::Item;
use crate::Country;
use crate::bom::MadeWith;
use crate::bom::Material;
use crate::codes::element::ElementSet;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// The most distinct facets an [`Interner`] keeps a copy of (a BOM whose items all differ
/// must not hold a second copy of every item's facets).
const MAX_REMEMBERED: usize = 1 << 16;

/// What an item condition reads of the item itself (`eval::item::eval`): origin, codes,
/// material, tags and provenance. With whether the item has components and the elements its
/// breakdown declares, this is all it reads; a field read there but left out here would hand
/// one item another's answer.
#[derive(Debug, Clone, PartialEq)]
struct Own {
    origin: Option<Country>,
    classification: BTreeMap<String, String>,
    material: Option<Material>,
    tags: Vec<String>,
    made_with: Vec<MadeWith>,
}

impl Own {
    fn of(item: &Item) -> Own {
        Own {
            origin: item.origin,
            classification: item.classification.clone(),
            material: item.material.clone(),
            tags: item.tags.clone(),
            made_with: item.made_with.clone(),
        }
    }

    fn matches(&self, item: &Item) -> bool {
        self.origin == item.origin
            && self.material == item.material
            && self.classification == item.classification
            && self.tags == item.tags
            && self.made_with == item.made_with
    }
}

/// Hashes what [`Own`] holds, read from the item (equal facets, equal hashes).
fn hash_own(h: &mut impl Hasher, item: &Item) {
    fn codes(h: &mut impl Hasher, codes: &BTreeMap<String, String>) {
        h.write_usize(codes.len());
        for (j, c) in codes {
            j.hash(h);
            c.hash(h);
        }
    }
    item.origin.hash(h);
    match &item.material {
        None => h.write_u8(0),
        Some(m) => {
            h.write_u8(1);
            m.form.hash(h);
            m.elements.hash(h);
        }
    }
    codes(h, &item.classification);
    item.tags.hash(h);
    h.write_usize(item.made_with.len());
    for m in &item.made_with {
        h.write_u8(m.kind as u8);
        m.origin.hash(h);
        codes(h, &m.classification);
        m.process.hash(h);
        m.description.hash(h);
    }
}

/// An item's own facets as a number: equal numbers, equal [`Own`] facets. Given while the
/// items are built, one at a time.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    seed: foldhash::fast::RandomState,
    /// Facets hash -> the numbers with that hash.
    by_hash: HashMap<u64, Vec<u32>, foldhash::fast::RandomState>,
    /// Per remembered number, its facets.
    remembered: Vec<Own>,
    /// The next number to give.
    next: u32,
}

/// An item's own facets as numbered by an [`Interner`]. Numbers are given in order and those
/// below [`MAX_REMEMBERED`] are remembered (equal facets get them again); a number at or past
/// it is given to one item only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct OwnKind(u32);

impl Interner {
    /// The number of `item`'s own facets; `None` only past `u32::MAX` numbers.
    pub(crate) fn own(&mut self, item: &Item) -> Option<OwnKind> {
        let mut h = self.seed.build_hasher();
        hash_own(&mut h, item);
        let hash = h.finish();
        let found = self.by_hash.get(&hash).and_then(|bucket| {
            bucket.iter().copied().find(|&k| {
                self.remembered
                    .get(k as usize)
                    .is_some_and(|own| own.matches(item))
            })
        });
        if let Some(k) = found {
            return Some(OwnKind(k));
        }
        let k = self.next;
        self.next = k.checked_add(1)?;
        // Numbers are given in order, so a remembered number is its place in `remembered`;
        // past the cap nothing more is kept (not even the hash).
        if self.remembered.len() < MAX_REMEMBERED && self.remembered.len() == k as usize {
            self.by_hash.entry(hash).or_default().push(k);
            self.remembered.push(Own::of(item));
        }
        Some(OwnKind(k))
    }
}

/// A kind of item of one BOM: see the module documentation. Only a [`Kinds`] hands them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    /// Which [`Kinds`] it belongs to: numbers of one BOM's kinds mean nothing in another's.
    table: u64,
    index: u32,
}

impl Kind {
    /// Its number among the kinds of its BOM: below [`Kinds::len`].
    pub(crate) fn index(self) -> usize {
        self.index as usize
    }

    /// Whether it is a kind of the BOM whose kinds are `kinds`.
    pub(crate) fn of(self, kinds: &Kinds) -> bool {
        self.table == kinds.table
    }
}

/// The kind of every item of a BOM, by position.
#[derive(Debug, Clone)]
pub(crate) struct Kinds {
    table: u64,
    /// Per item: its kind's number, or [`Kinds::NONE`] for an item given no kind.
    of: Vec<u32>,
    len: usize,
}

/// Tells tables apart: each [`Kinds`] built takes the next number.
static TABLES: AtomicU64 = AtomicU64::new(0);

impl Kinds {
    const NONE: u32 = u32::MAX;

    /// The kinds of items whose own facets are numbered `own`, whose components are
    /// `part` (none) and whose breakdowns declare `below`, all by position.
    pub(crate) fn new(items: impl Iterator<Item = (Option<OwnKind>, bool, ElementSet)>) -> Kinds {
        // Numbered as met; an own number past those remembered is an item's alone, and so is
        // its kind (no look-up, no entry).
        let mut numbers: HashMap<(OwnKind, bool, ElementSet), u32, foldhash::fast::RandomState> =
            HashMap::default();
        let mut given: u32 = 0;
        let mut of = Vec::with_capacity(items.size_hint().0);
        for (own, part, below) in items {
            let kind = match own {
                Some(own) if (own.0 as usize) < MAX_REMEMBERED => {
                    *numbers.entry((own, part, below)).or_insert(given)
                }
                Some(_) => given,
                None => Self::NONE,
            };
            if kind == given && kind != Self::NONE {
                given = given.saturating_add(1);
            }
            of.push(kind);
        }
        drop(numbers);
        // Only kinds of two items or more are kept, renumbered in order: an item alone in its
        // kind gains nothing from a remembered answer (which would cost memory per kind).
        let mut count = vec![0u8; given as usize];
        for &k in &of {
            if let Some(c) = count.get_mut(k as usize) {
                *c = c.saturating_add(1);
            }
        }
        let mut renumbered = vec![Self::NONE; given as usize];
        let mut len: u32 = 0;
        for (number, c) in renumbered.iter_mut().zip(&count) {
            if *c >= 2 {
                *number = len;
                len = len.saturating_add(1);
            }
        }
        for k in &mut of {
            *k = renumbered.get(*k as usize).copied().unwrap_or(Self::NONE);
        }
        Kinds {
            table: TABLES.fetch_add(1, Ordering::Relaxed),
            of,
            len: len as usize,
        }
    }

    /// How many kinds: every [`Kind::index`] is below it.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Each item's kind number, by position (`u32::MAX` for none): for tests comparing loads.
    #[cfg(test)]
    pub(crate) fn numbers(&self) -> &[u32] {
        &self.of
    }

    /// The kind of the item at `position`; `None` for an item given none.
    pub(crate) fn at(&self, position: usize) -> Option<Kind> {
        match self.of.get(position) {
            Some(&index) if index != Self::NONE => Some(Kind {
                table: self.table,
                index,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bom;

    /// What the kinds must tell apart, read from the item (the [`Own`] facets, whether it has
    /// components, its breakdown).
    fn facets(item: &Item) -> (Own, bool, ElementSet) {
        (
            Own::of(item),
            item.components.is_empty(),
            item.elements_below,
        )
    }

    /// Two items share a kind exactly when everything a condition reads of them is equal;
    /// an item alike to no other has none.
    fn kinds_partition_by_facets(bom: &Bom) {
        let items = bom.items();
        for (a, x) in items.iter().enumerate() {
            let ka = bom.kinds().at(a);
            let mut alike = false;
            for (b, y) in items.iter().enumerate().filter(|&(b, _)| b != a) {
                let same = facets(x) == facets(y);
                alike |= same;
                let kb = bom.kinds().at(b);
                assert_eq!(ka.is_some() && ka == kb, same, "{} and {}", x.id, y.id);
            }
            assert_eq!(ka.is_some(), alike, "{}", x.id);
        }
        let most = bom
            .kinds()
            .of
            .iter()
            .filter(|&&k| k != Kinds::NONE)
            .max()
            .map_or(0, |&k| k as usize + 1);
        assert_eq!(bom.kinds().len(), most);
    }

    #[test]
    fn sample_items_share_a_kind_when_alike() {
        let mut boms = 0;
        for entry in std::fs::read_dir("examples").unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".bom.json") {
                kinds_partition_by_facets(&Bom::from_path(&path).unwrap());
                boms += 1;
            }
        }
        assert!(boms > 10);
    }

    /// Items alike in all but one facet each: every facet tells kinds apart, and items
    /// alike in all of them (ids, names, values and components aside) share one.
    #[test]
    fn each_facet_tells_kinds_apart() {
        let bom = Bom::from_json_str(
            r#"{ "currency": "USD", "items": [
              { "id": "BASE", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "SAME", "name": "other name", "value": "3", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "ORIGIN", "origin": "JP", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "FORM", "origin": "CN", "material": { "form": "alloy", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "ELEMENTS", "origin": "CN", "material": { "form": "magnet", "elements": ["Dy", "Nd"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "CODE", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902.a" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "TAGS", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a", "x-b"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "MADE", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "software", "origin": "CN", "process": "magnet-manufacturing" } ] },
              { "id": "DESCRIBED", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing", "description": "d" } ] },
              { "id": "PARENT", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ],
                "components": [ { "item": "PLAIN", "quantity": "1" } ] },
              { "id": "BROKEN-DOWN", "origin": "CN", "material": { "form": "magnet", "elements": ["Nd", "Dy"] },
                "classification": { "CN": "1C902" }, "tags": ["x-a"],
                "made_with": [ { "kind": "technology", "origin": "CN", "process": "magnet-manufacturing" } ],
                "components": [ { "item": "DY", "quantity": "1" } ] },
              { "id": "PLAIN" },
              { "id": "DY", "material": { "form": "metal", "elements": ["Dy"] } } ] }"#,
        )
        .unwrap();
        kinds_partition_by_facets(&bom);
        let kind = |id: &str| bom.kinds().at(bom.position(id).unwrap());
        assert!(kind("BASE").is_some());
        assert_eq!(kind("BASE"), kind("SAME"));
        for id in [
            "ORIGIN",
            "FORM",
            "ELEMENTS",
            "CODE",
            "TAGS",
            "MADE",
            "DESCRIBED",
            "PARENT",
            "BROKEN-DOWN",
        ] {
            // Alike to no other item: alone, it has no kind.
            assert_eq!(kind(id), None, "{id}");
        }
    }

    /// Past the facets it remembers, the interner gives each item a number of its own: more
    /// numbers than needed, never one number for two different items.
    #[test]
    fn past_the_remembered_facets_items_get_numbers_of_their_own() {
        let bom = Bom::from_path("examples/ev-motor.bom.json").unwrap();
        let mut interner = Interner::default();
        let first: Vec<OwnKind> = bom.items().iter().filter_map(|i| interner.own(i)).collect();
        interner
            .remembered
            .resize(MAX_REMEMBERED, Own::of(&bom.items()[0]));
        interner.next = u32::try_from(MAX_REMEMBERED).unwrap();
        let again: Vec<OwnKind> = bom.items().iter().filter_map(|i| interner.own(i)).collect();
        // Known facets keep their numbers; new ones (none here) would get fresh ones.
        assert_eq!(first, again);
        let mut fresh = Interner {
            remembered: vec![Own::of(&bom.items()[0]); MAX_REMEMBERED],
            next: u32::try_from(MAX_REMEMBERED).unwrap(),
            ..Interner::default()
        };
        let numbers: Vec<OwnKind> = bom.items().iter().filter_map(|i| fresh.own(i)).collect();
        let mut distinct = numbers.clone();
        distinct.dedup();
        assert_eq!(numbers.len(), bom.items().len());
        assert_eq!(
            distinct.len(),
            numbers.len(),
            "each item a number of its own"
        );
        assert_eq!(fresh.remembered.len(), MAX_REMEMBERED);
        // The last number is given once, then none: an item of no kind is asked afresh.
        fresh.next = u32::MAX;
        assert_eq!(fresh.own(&bom.items()[0]), None);
    }
}

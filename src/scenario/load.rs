//! From a parsed document tree to a validated [`Scenario`], collecting every problem on the way.

use super::ownership::{MAX_CHAIN_STEPS, within_limit};
use super::{BomSource, Owner, Party, Role, Scenario};
use crate::Bom;
use crate::codes::decimal::add_exact;
use crate::doc::path::At;
use crate::doc::read::{Reader, closest, field};
use crate::doc::{Kind, Node};
use crate::error::{LoadError, ProblemKind};
use crate::limits::Limits;
use crate::vocab::VocabKind;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) const TOP_FIELDS: &[&str] = &[
    "bom", "item", "from", "to", "date", "parties", "end_uses", "assume",
];
pub(crate) const PARTY_FIELDS: &[&str] = &["id", "name", "country", "roles", "lists", "owners"];
pub(crate) const OWNER_FIELDS: &[&str] = &["party", "share"];

/// An owner line as read, kept with its position for the cross-party checks.
struct DraftOwner {
    /// Index in the party's `owners` array.
    pos: usize,
    /// Line of the `party` field.
    line: u32,
    party: String,
    /// `None` when the share was missing or invalid (already reported).
    share: Option<Decimal>,
}

/// A party as read, before its owners are resolved.
struct DraftParty {
    /// Index in the `parties` array.
    pos: usize,
    /// Line of `id`.
    id_line: u32,
    /// Line of `owners` (or of the party).
    owners_line: u32,
    party: Party,
    owners: Vec<DraftOwner>,
}

/// Loads a scenario; `bom_required` is the file contract (a scenario file names its BOM),
/// while a scenario built in memory may leave it to the caller of `evaluate`.
pub(crate) fn load(
    root: &Node,
    base: Option<&Path>,
    limits: &Limits,
    bom_required: bool,
) -> Result<Scenario, LoadError> {
    let mut cx = Reader::with_limits(limits);
    let top = At::Root;
    let Some(members) = cx.object(root, &top, TOP_FIELDS) else {
        return Err(cx.into_error());
    };

    let bom = if bom_required || field(members, "bom").is_some() {
        cx.required(members, root, &top, "bom")
            .and_then(|n| cx.bom(n, &top.key("bom"), base))
    } else {
        Some(BomSource::Given)
    };
    let item = cx
        .required(members, root, &top, "item")
        .and_then(|n| cx.string(n, &top.key("item")).map(str::to_owned));
    let from = cx
        .required(members, root, &top, "from")
        .and_then(|n| cx.country(n, &top.key("from")));
    let to = cx
        .required(members, root, &top, "to")
        .and_then(|n| cx.country(n, &top.key("to")));
    let date = cx
        .required(members, root, &top, "date")
        .and_then(|n| cx.date(n, &top.key("date")));

    // The exported item must be in an inline BOM (a BOM file is only read when evaluating).
    if let (Some(BomSource::Inline(b)), Some(id), Some(node)) =
        (&bom, &item, field(members, "item"))
        && b.item(id).is_none()
    {
        cx.push(
            &top.key("item"),
            node.line,
            ProblemKind::MissingItem {
                id: id.clone(),
                suggestion: b.suggest(id).map(str::to_owned),
            },
        );
    }

    let parties_at = top.key("parties");
    let mut drafts = Vec::new();
    let parties_node = field(members, "parties");
    if let Some(list) = parties_node.and_then(|n| cx.list(n, &parties_at)) {
        for (pos, node) in list.iter().enumerate() {
            drafts.extend(cx.party(node, &parties_at.index(pos), pos));
        }
    }
    let parties = cx.resolve(drafts, &parties_at);
    if !within_limit(&parties) {
        cx.push(
            &parties_at,
            parties_node.map_or(0, |n| n.line),
            ProblemKind::OwnershipTooEntangled {
                limit: MAX_CHAIN_STEPS,
            },
        );
    }

    let end_uses = field(members, "end_uses")
        .map(|n| cx.vocab_list(n, &top.key("end_uses"), VocabKind::EndUse))
        .unwrap_or_default();
    let assume = field(members, "assume")
        .map(|n| cx.assumptions(n, &top.key("assume")))
        .unwrap_or_default();

    // File order, whatever stage found the problem; problems without a line go last.
    cx.problems.sort_by_key(|p| p.line.unwrap_or(u32::MAX));
    match (bom, item, from, to, date) {
        (Some(bom), Some(item), Some(from), Some(to), Some(date)) if cx.problems.is_empty() => {
            Ok(Scenario {
                bom,
                input: None,
                item,
                from,
                to,
                date,
                parties,
                end_uses,
                assume,
                spots: std::mem::take(&mut cx.spots),
                limits: *limits,
            })
        }
        _ => Err(cx.into_error()),
    }
}

/// Whether `text` is a list membership `JURISDICTION:list-id[:sub-id...]`: a jurisdiction of
/// two or more upper-case letters, then one or more segments of lower-case letters, digits
/// and `-`, none empty and none starting or ending with `-`.
pub(crate) fn is_list(text: &str) -> bool {
    let mut parts = text.split(':');
    let jurisdiction = parts.next().unwrap_or("");
    let mut rest = parts.peekable();
    jurisdiction.len() >= 2
        && jurisdiction.bytes().all(|b| b.is_ascii_uppercase())
        && rest.peek().is_some()
        && rest.all(|s| {
            !s.is_empty()
                && !s.starts_with('-')
                && !s.ends_with('-')
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// The well-formed spelling a malformed list membership was probably meant as: jurisdiction
/// upper-cased, list id lower-cased, spaces and underscores as `-`.
pub(crate) fn list_suggestion(text: &str) -> Option<String> {
    let (jurisdiction, id) = text.trim().split_once(':')?;
    let id = crate::vocab::slug(id);
    let fixed = format!("{}:{id}", jurisdiction.trim().to_ascii_uppercase());
    (fixed != text && is_list(&fixed)).then_some(fixed)
}

/// Renders a path for "first defined at" messages.
fn quoted(at: &At<'_>) -> String {
    format!("`{}`", at.render())
}

impl Reader {
    /// `bom`: a path string, or an inline BOM object loaded by the BOM loader with its problem
    /// paths put under `bom`.
    fn bom(&mut self, node: &Node, at: &At<'_>, base: Option<&Path>) -> Option<BomSource> {
        match &node.kind {
            Kind::Str(_) => {
                let written = PathBuf::from(self.string(node, at)?);
                Some(BomSource::Path(match base {
                    Some(dir) => dir.join(written),
                    None => written,
                }))
            }
            Kind::Obj(_) => match Bom::from_node(node, &self.limits) {
                Ok(mut bom) => {
                    bom.spots_mut().prefix_paths(&at.render());
                    Some(BomSource::Inline(bom))
                }
                Err(e) => {
                    let prefix = at.render();
                    self.problems.extend(e.problems.into_iter().map(|mut p| {
                        p.path = if p.path.is_empty() {
                            prefix.clone()
                        } else if p.path.starts_with('[') {
                            format!("{prefix}{}", p.path)
                        } else {
                            format!("{prefix}.{}", p.path)
                        };
                        p
                    }));
                    None
                }
            },
            _ => {
                self.wrong_type(node, at, "a BOM file path or an inline BOM object");
                None
            }
        }
    }

    fn party(&mut self, node: &Node, at: &At<'_>, pos: usize) -> Option<DraftParty> {
        let members = self.object(node, at, PARTY_FIELDS)?;
        let id_node = self.required(members, node, at, "id");
        let id = id_node.and_then(|n| self.string(n, &at.key("id")).map(str::to_owned));
        let name = self.opt_string(members, at, "name");
        let country = field(members, "country").and_then(|n| self.country(n, &at.key("country")));

        let roles_at = at.key("roles");
        let mut roles = Vec::new();
        if let Some(list) = field(members, "roles").and_then(|n| self.list(n, &roles_at)) {
            for (i, n) in list.iter().enumerate() {
                let role_at = roles_at.index(i);
                let Some(text) = self.string(n, &role_at) else {
                    continue;
                };
                match Role::parse(text) {
                    Some(role) => roles.push(role),
                    None => self.push(
                        &role_at,
                        n.line,
                        ProblemKind::UnknownRole {
                            role: text.to_owned(),
                            suggestion: closest(text, Role::ALL.iter().map(|r| r.as_str()))
                                .map(str::to_owned),
                        },
                    ),
                }
            }
        }

        let lists_at = at.key("lists");
        let mut lists = Vec::new();
        if let Some(list) = field(members, "lists").and_then(|n| self.list(n, &lists_at)) {
            for (i, n) in list.iter().enumerate() {
                let list_at = lists_at.index(i);
                let Some(text) = self.string(n, &list_at) else {
                    continue;
                };
                // A malformed membership is an error too, reported with the unknown ones
                // once the packs are known ([`crate::Vocabulary::check`]), so its "did you
                // mean" is a list a loaded pack declares.
                self.spots.record(VocabKind::List, text, &list_at, n.line);
                if is_list(text) {
                    lists.push(text.to_owned());
                }
            }
        }

        let owners_at = at.key("owners");
        let owners_node = field(members, "owners");
        let mut owners = Vec::new();
        if let Some(list) = owners_node.and_then(|n| self.list(n, &owners_at)) {
            for (i, n) in list.iter().enumerate() {
                owners.extend(self.owner(n, &owners_at.index(i), i));
            }
        }

        Some(DraftParty {
            pos,
            id_line: id_node.map_or(node.line, |n| n.line),
            owners_line: owners_node.map_or(node.line, |n| n.line),
            party: Party {
                id: id?,
                name,
                country,
                roles,
                lists,
                owners: Vec::new(),
            },
            owners,
        })
    }

    /// An owner line as read; one with a bad share keeps `None` so its party is still checked.
    fn owner(&mut self, node: &Node, at: &At<'_>, pos: usize) -> Option<DraftOwner> {
        let members = self.object(node, at, OWNER_FIELDS)?;
        let party_node = self.required(members, node, at, "party");
        let party = party_node.and_then(|n| self.string(n, &at.key("party")).map(str::to_owned));
        let share_at = at.key("share");
        let share = self.required(members, node, at, "share").and_then(|n| {
            if let Kind::Str(text) = &n.kind
                && let Some(number) = text.trim().strip_suffix('%')
            {
                let fraction = crate::codes::decimal::parse_decimal(number.trim(), false)
                    .ok()
                    .and_then(|p| p.checked_div(Decimal::ONE_HUNDRED))
                    .map_or_else(|| "0.55".to_owned(), |f| f.normalize().to_string());
                self.push(
                    &share_at,
                    n.line,
                    ProblemKind::PercentShare {
                        text: text.to_string(),
                        fraction,
                    },
                );
                return None;
            }
            let share = self.decimal(n, &share_at)?;
            if share <= Decimal::ZERO || share > Decimal::ONE {
                self.push(
                    &share_at,
                    n.line,
                    ProblemKind::ShareOutOfRange {
                        share: share.to_string(),
                    },
                );
                return None;
            }
            Some(share)
        });
        Some(DraftOwner {
            pos,
            line: party_node.map_or(node.line, |n| n.line),
            party: party?,
            share,
        })
    }

    /// Checks ids and owner references across parties; returns the parties with their owners.
    fn resolve(&mut self, drafts: Vec<DraftParty>, parties_at: &At<'_>) -> Vec<Party> {
        // Ids: the first definition wins; later ones are reported and dropped.
        let mut first: HashMap<String, usize> = HashMap::with_capacity(drafts.len());
        let mut kept: Vec<DraftParty> = Vec::with_capacity(drafts.len());
        for draft in drafts {
            if let Some(&pos) = first.get(&draft.party.id) {
                let at_party = parties_at.index(draft.pos);
                self.push(
                    &at_party.key("id"),
                    draft.id_line,
                    ProblemKind::DuplicatePartyId {
                        id: draft.party.id.clone(),
                        first: quoted(&parties_at.index(pos)),
                    },
                );
                continue;
            }
            first.insert(draft.party.id.clone(), draft.pos);
            kept.push(draft);
        }

        // One "did you mean" budget for the file's owner references.
        let mut budget = crate::doc::read::Budget::default();
        let mut parties = Vec::with_capacity(kept.len());
        for mut draft in kept {
            let at_party = parties_at.index(draft.pos);
            let at_owners = at_party.key("owners");
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let mut total = Decimal::ZERO;
            let mut owners = Vec::with_capacity(draft.owners.len());
            for owner in &draft.owners {
                let at_owner = at_owners.index(owner.pos);
                let at = at_owner.key("party");
                let kind = if owner.party == draft.party.id {
                    Some(ProblemKind::SelfOwnership {
                        id: owner.party.clone(),
                    })
                } else if !first.contains_key(&owner.party) {
                    Some(ProblemKind::MissingParty {
                        id: owner.party.clone(),
                        suggestion: crate::doc::read::closest_within(
                            &owner.party,
                            first.keys().map(String::as_str),
                            &mut budget,
                        )
                        .map(str::to_owned),
                    })
                } else if let Some(&earlier) = seen.get(owner.party.as_str()) {
                    Some(ProblemKind::DuplicateOwner {
                        id: owner.party.clone(),
                        first: quoted(&at_owners.index(earlier)),
                    })
                } else {
                    None
                };
                seen.entry(owner.party.as_str()).or_insert(owner.pos);
                if let Some(kind) = kind {
                    self.push(&at, owner.line, kind);
                    continue;
                }
                if let Some(share) = owner.share {
                    // Inexact only far above 1, where a rounded total still reads right.
                    total = add_exact(total, share).unwrap_or_else(|| total.saturating_add(share));
                    owners.push(Owner {
                        party: owner.party.clone(),
                        share,
                    });
                }
            }
            if total > Decimal::ONE {
                self.push(
                    &at_owners,
                    draft.owners_line,
                    ProblemKind::SharesExceedOne {
                        id: draft.party.id.clone(),
                        total: total.to_string(),
                    },
                );
            }
            draft.party.owners = owners;
            parties.push(draft.party);
        }
        parties
    }
}

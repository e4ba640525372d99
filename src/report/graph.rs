//! The BOM picture's graph and its layered layout.
//!
//! Every item reachable from the roots is one node, however many paths reach it (a shared
//! sub-assembly is drawn once), and every distinct parent -> child pair is one edge. Layers
//! are longest-path depths from the roots (one topological pass); within a layer, nodes are
//! ordered by discovery, then once by the barycentre of their parents' positions. Building
//! and laying out cost O(nodes + edges), plus a sort per layer.

use crate::bom::Bom;
use crate::rollup::{RollupError, RollupOptions};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet, VecDeque};

/// Items drawn at most; the rest are counted in [`Picture::left_out`].
pub const MAX_NODES: usize = 2_000;

/// One item of the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The item's id.
    pub id: String,
    /// The item's name, when the BOM gives one.
    pub name: Option<String>,
    /// The item's country of origin; `None`: not known.
    pub origin: Option<String>,
    /// Unit value in the BOM currency, when exact.
    pub unit_value: Option<Decimal>,
    /// Units of this item in one unit of its root, all paths added; `None` on overflow.
    pub quantity: Option<Decimal>,
    /// `quantity x unit_value`, when both are known.
    pub extended: Option<Decimal>,
    /// Its share of its root's value, when known.
    pub share: Option<Decimal>,
    /// Its layer: the longest path from a root to it (0 for a root).
    pub layer: usize,
    /// Position within its layer.
    pub position: usize,
    /// On a contributing path of a finding.
    pub highlighted: bool,
}

/// One parent -> child pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The parent, as an index into [`Picture::nodes`].
    pub parent: usize,
    /// The child, as an index into [`Picture::nodes`].
    pub child: usize,
    /// The summed quantity of the parent's lines for the child.
    pub quantity: Decimal,
    /// On a contributing path of a finding.
    pub highlighted: bool,
}

/// The picture of a BOM, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The BOM currency, the unit of the nodes' values.
    pub currency: String,
    /// The items drawn, each once, in discovery order (breadth first from the roots).
    pub nodes: Vec<Node>,
    /// Every distinct parent -> child pair among the nodes.
    pub edges: Vec<Edge>,
    /// Nodes per layer.
    pub layers: Vec<usize>,
    /// Items reachable but not drawn (past [`MAX_NODES`]).
    pub left_out: usize,
}

/// Builds the picture of the items reachable from `roots` (every root of the BOM when
/// empty), with the `paths` (root first) highlighted.
///
/// # Errors
/// A root not in the BOM, or a value out of range.
///
/// # Example
///
/// ```
/// use longarm::report::{picture, svg};
/// use longarm::{Bom, Decimal};
///
/// let bom = Bom::from_path("examples/motor.bom.json")?;
/// let path = ["MOTOR-200", "ROTOR", "MAG-DY"].map(str::to_owned).to_vec();
/// let pic = picture(&bom, &[], &[path])?;
/// let magnet = pic.nodes.iter().find(|n| n.id == "MAG-DY").expect("drawn");
/// assert_eq!(magnet.layer, 2);
/// assert_eq!(magnet.quantity, Some(Decimal::new(16, 1))); // 1.6 kg per motor
/// assert!(magnet.highlighted);
/// assert_eq!(pic.left_out, 0);
///
/// let drawing = svg::render(&pic, "Traction motor 200 kW");
/// assert!(drawing.contains("MAG-DY"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn picture(bom: &Bom, roots: &[&str], paths: &[Vec<String>]) -> Result<Picture, RollupError> {
    let roots: Vec<String> = if roots.is_empty() {
        bom.roots().map(|i| i.id.clone()).collect()
    } else {
        roots.iter().map(|r| (*r).to_owned()).collect()
    };
    // Discovery order: breadth first from the roots.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let mut left_out = 0usize;
    for r in &roots {
        let Some(item) = bom.item(r) else {
            return Err(RollupError::UnknownItem {
                id: r.clone(),
                suggestion: bom.suggest(r).map(str::to_owned),
            });
        };
        if index.contains_key(item.id.as_str()) {
            continue;
        }
        if order.len() >= MAX_NODES {
            // A catalogue of more roots than are drawn: the rest are counted, not rolled up,
            // and still walked so that their parts are counted too.
            left_out = left_out.saturating_add(1);
            index.insert(item.id.as_str(), usize::MAX);
            queue.push_back(item.id.as_str());
            continue;
        }
        index.insert(item.id.as_str(), order.len());
        order.push(item.id.as_str());
        queue.push_back(item.id.as_str());
    }
    while let Some(id) = queue.pop_front() {
        let Some(item) = bom.item(id) else { continue };
        for line in &item.components {
            if index.contains_key(line.item.as_str()) {
                continue;
            }
            if order.len() >= MAX_NODES {
                left_out = left_out.saturating_add(1);
                // Counted once: mark it seen without drawing it, and walk on so that every
                // item reachable from the roots and not drawn is counted (each item is queued
                // once, so this stays linear).
                index.insert(line.item.as_str(), usize::MAX);
                queue.push_back(line.item.as_str());
                continue;
            }
            index.insert(line.item.as_str(), order.len());
            order.push(line.item.as_str());
            queue.push_back(line.item.as_str());
        }
    }
    // Edges between drawn nodes, one per pair, quantities summed.
    let mut edges: Vec<Edge> = Vec::new();
    let mut edge_at: HashMap<(usize, usize), usize> = HashMap::new();
    for (p, id) in order.iter().enumerate() {
        let Some(item) = bom.item(id) else { continue };
        for line in &item.components {
            let Some(&c) = index.get(line.item.as_str()) else {
                continue;
            };
            if c == usize::MAX {
                continue;
            }
            match edge_at.get(&(p, c)) {
                Some(&e) => {
                    if let Some(edge) = edges.get_mut(e) {
                        edge.quantity = edge
                            .quantity
                            .checked_add(line.quantity)
                            .unwrap_or(edge.quantity);
                    }
                }
                None => {
                    edge_at.insert((p, c), edges.len());
                    edges.push(Edge {
                        parent: p,
                        child: c,
                        quantity: line.quantity,
                        highlighted: false,
                    });
                }
            }
        }
    }
    let n = order.len();
    // Topological order (Kahn), layers by longest path, quantities per unit of the root.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (k, e) in edges.iter().enumerate() {
        if let Some(c) = children.get_mut(e.parent) {
            c.push(k);
        }
        if let Some(d) = indegree.get_mut(e.child) {
            *d = d.saturating_add(1);
        }
    }
    let mut layer = vec![0usize; n];
    let mut quantity: Vec<Option<Decimal>> = vec![Some(Decimal::ZERO); n];
    let mut root_of: Vec<usize> = (0..n).collect();
    let mut ready: VecDeque<usize> = (0..n)
        .filter(|&i| indegree.get(i).copied() == Some(0))
        .collect();
    for &r in &ready {
        if let Some(q) = quantity.get_mut(r) {
            *q = Some(Decimal::ONE);
        }
    }
    while let Some(p) = ready.pop_front() {
        let (lp, qp, rp) = (
            layer.get(p).copied().unwrap_or(0),
            quantity.get(p).copied().flatten(),
            root_of.get(p).copied().unwrap_or(p),
        );
        for &k in children.get(p).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(e) = edges.get(k) else { continue };
            let c = e.child;
            if let Some(l) = layer.get_mut(c) {
                *l = (*l).max(lp.saturating_add(1));
            }
            if let Some(q) = quantity.get_mut(c) {
                *q = match (*q, qp) {
                    (Some(a), Some(b)) => b.checked_mul(e.quantity).and_then(|x| a.checked_add(x)),
                    _ => None,
                };
            }
            if let Some(r) = root_of.get_mut(c)
                && *r == c
            {
                *r = rp;
            }
            if let Some(d) = indegree.get_mut(c) {
                *d = d.saturating_sub(1);
                if *d == 0 {
                    ready.push_back(c);
                }
            }
        }
    }
    // Values: each root's roll-up gives every item's unit value (derived ones included).
    let mut unit_values: HashMap<&str, Decimal> = HashMap::new();
    let mut root_values: HashMap<usize, Decimal> = HashMap::new();
    for r in &roots {
        if index.get(r.as_str()).is_none_or(|&i| i == usize::MAX) {
            continue;
        }
        let rollup = bom.rollup(r, &[], RollupOptions { top: 0 })?;
        if let (Some(&ri), Some(v)) = (index.get(r.as_str()), rollup.value().as_exact()) {
            root_values.insert(ri, v);
        }
        for id in &order {
            if unit_values.contains_key(id) {
                continue;
            }
            if let Some(v) = rollup.item_value(id).and_then(|b| b.as_exact()) {
                unit_values.insert(id, v);
            }
        }
    }
    let on_path: HashSet<&str> = paths.iter().flatten().map(String::as_str).collect();
    let mut path_edges: HashSet<(usize, usize)> = HashSet::new();
    for path in paths {
        for pair in path.windows(2) {
            if let [a, b] = pair
                && let (Some(&pa), Some(&pb)) = (index.get(a.as_str()), index.get(b.as_str()))
            {
                path_edges.insert((pa, pb));
            }
        }
    }
    for e in &mut edges {
        e.highlighted = path_edges.contains(&(e.parent, e.child));
    }
    let mut nodes: Vec<Node> = order
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let item = bom.item(id);
            let unit_value = unit_values.get(id).copied();
            let q = quantity.get(i).copied().flatten();
            let extended = match (q, unit_value) {
                (Some(q), Some(v)) => q.checked_mul(v),
                _ => None,
            };
            let root = root_of.get(i).copied().unwrap_or(i);
            let share = extended.and_then(|x| {
                root_values
                    .get(&root)
                    .filter(|v| !v.is_zero())
                    .and_then(|v| x.checked_div(*v))
            });
            Node {
                id: (*id).to_owned(),
                name: item.and_then(|i| i.name.clone()),
                origin: item.and_then(|i| i.origin.map(|c| c.to_string())),
                unit_value,
                quantity: q,
                extended,
                share,
                layer: layer.get(i).copied().unwrap_or(0),
                position: 0,
                highlighted: on_path.contains(id),
            }
        })
        .collect();
    // Positions: discovery order, then by the barycentre of the parents, layer by layer.
    let depth = nodes
        .iter()
        .map(|n| n.layer)
        .max()
        .map_or(0, |d| d.saturating_add(1));
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (i, node) in nodes.iter().enumerate() {
        if let Some(l) = by_layer.get_mut(node.layer) {
            l.push(i);
        }
    }
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &edges {
        if let Some(p) = parents.get_mut(e.child) {
            p.push(e.parent);
        }
    }
    let mut position = vec![0usize; n];
    for members in &mut by_layer {
        // (sum of parents' positions, number of parents, discovery index)
        let mut keyed: Vec<(u128, u128, usize)> = members
            .iter()
            .map(|&i| {
                let ps = parents.get(i).map(Vec::as_slice).unwrap_or(&[]);
                let sum: u128 = ps
                    .iter()
                    .map(|&p| position.get(p).copied().unwrap_or(0) as u128)
                    .fold(0u128, u128::saturating_add);
                (sum, ps.len() as u128, i)
            })
            .collect();
        // Compare sum_a / count_a with sum_b / count_b without division; no parent first.
        keyed.sort_by(|a, b| {
            let left = a.0.saturating_mul(b.1.max(1));
            let right = b.0.saturating_mul(a.1.max(1));
            left.cmp(&right).then(a.2.cmp(&b.2))
        });
        for (pos, &(_, _, i)) in keyed.iter().enumerate() {
            if let Some(p) = position.get_mut(i) {
                *p = pos;
            }
        }
        *members = keyed.into_iter().map(|(_, _, i)| i).collect();
    }
    for (i, node) in nodes.iter_mut().enumerate() {
        node.position = position.get(i).copied().unwrap_or(0);
    }
    Ok(Picture {
        currency: bom.currency().to_string(),
        layers: by_layer.iter().map(Vec::len).collect(),
        nodes,
        edges,
        left_out,
    })
}

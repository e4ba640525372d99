//! `longarm synth`: synthetic BOMs for benchmarks and for anyone reproducing the numbers of
//! `docs/performance.md`.
//!
//! A BOM of exactly `items` items in `depth` levels below the root `ROOT`. Every item below
//! the root has one parent on the level above (`tree`), and in a `dag` about 40% of them get
//! one or two more parents there too, so popular sub-assemblies are shared. Items that get
//! no children are purchased parts. Parts are mostly ordinary metals and alloys of several
//! origins; sprinkled in are Chinese NdFeB magnets with dysprosium, Chinese tungsten and
//! gallium, and US-origin classified chips. Values are exact cents: a part's value is drawn,
//! an assembly is worth its components' value plus a 5 to 40% mark-up (never less than its
//! parts). The text depends only on the arguments (its own SplitMix64 generator).

use std::fmt::Write as _;

/// The shape of a synthetic BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// Every item has one parent.
    Tree,
    /// Shared sub-assemblies: many items have several parents.
    Dag,
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// Items per level: 1 root, then one per level, the rest spread with widths growing by about
/// x3 a level (capped after 12 levels), the rounding left on the last level; exactly `items`.
fn widths(items: usize, depth: usize) -> Vec<usize> {
    let spare = items - 1 - depth;
    let weights: Vec<f64> = (1..=depth).map(|l| 3f64.powi(l.min(12) as i32)).collect();
    let total: f64 = weights.iter().sum();
    let mut out = vec![1usize];
    out.extend(
        weights
            .iter()
            .map(|w| 1 + (w / total * spare as f64).floor() as usize),
    );
    let sum: usize = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += items - sum;
    }
    out
}

/// The deepest BOM `synth` writes: values multiply along paths, and deeper ones would pass
/// the 28 digits of an exact decimal.
pub const MAX_DEPTH: usize = 50;

/// The JSON text of a synthetic BOM.
///
/// # Errors
/// A message when `items` is too small for `depth` levels or `depth` is 0.
pub fn generate(
    items: usize,
    shape: Shape,
    depth: usize,
    seed: u64,
    max_items: usize,
) -> Result<String, String> {
    if depth == 0 || depth > MAX_DEPTH || items < depth + 1 {
        return Err(format!(
            "`--depth` must be 1 to {MAX_DEPTH} and `--items` at least `--depth` + 1 ({})",
            depth.saturating_add(1)
        ));
    }
    if items > max_items {
        return Err(format!(
            "{items} items, over the limit `items` of {max_items}: a BOM `longarm` would refuse (raise it with `--limit items=N`)"
        ));
    }
    let mut rng = Rng(seed);
    let widths = widths(items, depth);
    // First index of each level in item order (root first, then level by level).
    let starts: Vec<usize> = widths
        .iter()
        .scan(0, |at, w| {
            let s = *at;
            *at += w;
            Some(s)
        })
        .collect();
    let level_of = |i: usize| starts.partition_point(|&s| s <= i) - 1;
    // Component lines (child, quantity in quarters), parents before children.
    let mut children: Vec<Vec<(usize, u64)>> = vec![Vec::new(); items];
    for level in 1..=depth {
        let (parents, start) = (widths[level - 1], starts[level - 1]);
        for i in starts[level]..starts[level] + widths[level] {
            let mut extra = match shape {
                Shape::Tree => 0,
                Shape::Dag if rng.chance(400) => 1 + rng.below(2),
                Shape::Dag => 0,
            };
            let mut parent = start + rng.index(parents);
            loop {
                let quarters = if level == depth && rng.chance(300) {
                    1 + rng.below(3) // a fraction of a kilogram of material
                } else {
                    match rng.below(100) {
                        0..=74 => 4,
                        75..=94 => 8,
                        _ => 4 * (3 + rng.below(2)),
                    }
                };
                // Children are added in order, so a repeat is the parent's last line.
                if children[parent].last().is_none_or(|&(c, _)| c != i) {
                    children[parent].push((i, quarters));
                }
                if extra == 0 {
                    break;
                }
                extra -= 1;
                parent = start + rng.index(parents);
            }
        }
    }
    // Values in cents, children first; parts drawn (multiples of 4 cents, so that quarter
    // quantities stay whole cents), assemblies marked up over their components.
    let mut cents = vec![0u128; items];
    for i in (0..items).rev() {
        cents[i] = if children[i].is_empty() {
            4 * u128::from(25 + rng.below(250_000))
        } else {
            let parts = children[i].iter().try_fold(0u128, |sum, &(c, q)| {
                sum.checked_add(cents[c].checked_mul(u128::from(q))? / 4)
            });
            parts
                .and_then(|p| p.checked_mul(u128::from(105 + rng.below(36))))
                .map(|v| v / 100 + 1)
                .filter(|v| *v < 10u128.pow(26))
                .ok_or("values too large for an exact decimal: use fewer levels")?
        };
    }
    let mut out = String::with_capacity(items * 160);
    out.push_str("{\n  \"currency\": \"USD\",\n  \"items\": [\n");
    for i in 0..items {
        let id = |j: usize| {
            if j == 0 {
                "ROOT".to_owned()
            } else {
                format!("L{:02}-{}", level_of(j), j - starts[level_of(j)])
            }
        };
        let _ = write!(out, "    {{ \"id\": \"{}\"", id(i));
        if children[i].is_empty() {
            let (origin, extra) = part(&mut rng);
            let _ = write!(out, ", \"origin\": \"{origin}\"{extra}");
        } else {
            let origin = ["VN", "DE", "US", "MX", "JP", "CN"][rng.index(6)];
            let _ = write!(out, ", \"origin\": \"{origin}\"");
        }
        let _ = write!(
            out,
            ", \"value\": \"{}.{:02}\"",
            cents[i] / 100,
            cents[i] % 100
        );
        if !children[i].is_empty() {
            out.push_str(", \"components\": [");
            for (k, &(c, q)) in children[i].iter().enumerate() {
                let sep = if k == 0 { " " } else { ", " };
                let quantity = match q % 4 {
                    0 => format!("{}", q / 4),
                    1 => format!("{}.25", q / 4),
                    2 => format!("{}.5", q / 4),
                    _ => format!("{}.75", q / 4),
                };
                let _ = write!(
                    out,
                    "{sep}{{ \"item\": \"{}\", \"quantity\": \"{quantity}\" }}",
                    id(c)
                );
            }
            out.push_str(" ]");
        }
        out.push_str(if i + 1 == items { " }\n" } else { " },\n" });
    }
    out.push_str("  ]\n}\n");
    Ok(out)
}

/// A purchased part: its origin and the rest of its fields.
fn part(rng: &mut Rng) -> (&'static str, &'static str) {
    match rng.below(1000) {
        0..=29 => (
            "CN",
            r#", "material": { "form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"] }"#,
        ),
        30..=39 => (
            "CN",
            r#", "material": { "form": "compound", "elements": ["W", "C"] }"#,
        ),
        40..=44 => (
            "CN",
            r#", "material": { "form": "metal", "elements": ["Ga"] }"#,
        ),
        45..=74 => (
            "US",
            r#", "classification": { "US": "3A090.a" }, "material": { "form": "other", "elements": ["Si"] }"#,
        ),
        75..=124 => (
            "US",
            r#", "classification": { "US": "EAR99" }, "material": { "form": "other", "elements": ["Si", "Cu"] }"#,
        ),
        125..=399 => (
            "CN",
            r#", "material": { "form": "metal", "elements": ["Fe", "C"] }"#,
        ),
        400..=649 => (
            ["DE", "JP", "KR", "VN"][rng.index(4)],
            r#", "material": { "form": "alloy", "elements": ["Al", "Cu"] }"#,
        ),
        _ => (
            ["MX", "TW", "US", "IN", "CN"][rng.index(5)],
            r#", "material": { "form": "metal", "elements": ["Fe"] }"#,
        ),
    }
}

//! Conditions in words, for explanations: `no component is `cn.61.part2.magnet``.

use crate::Decimal;
use crate::rules::model::{CodeMatch, ItemPred};

/// An item condition as a noun phrase ("a `magnet` with `Dy` or `Tb`").
pub(crate) fn item(p: &ItemPred) -> String {
    match p {
        ItemPred::All(ps) => join("all of", ps),
        ItemPred::Any(ps) => join("any of", ps),
        ItemPred::Not(p) => format!("not {}", item(p)),
        ItemPred::Origin(cs) => format!(
            "of origin {}",
            or_list(cs.iter().map(|c| c.to_string()).collect())
        ),
        ItemPred::Classification(c) => format!("classified {}", code(c)),
        ItemPred::Material { forms, elements } => {
            let form = if forms.is_empty() {
                "a material".to_owned()
            } else {
                format!("a material of form {}", or_list(forms.clone()))
            };
            if elements.is_empty() {
                form
            } else {
                format!("{form} with {}", or_list(elements.clone()))
            }
        }
        ItemPred::Tag(t) => format!("tagged `{t}`"),
        ItemPred::Unknown(what) => format!("not stated: {what}"),
        ItemPred::MadeWith {
            kinds,
            origins,
            processes,
            ..
        } => {
            let mut s = "made with".to_owned();
            if !origins.is_empty() {
                s.push_str(&format!(
                    " {}-origin",
                    or_list(origins.iter().map(|c| c.to_string()).collect())
                ));
            }
            if kinds.is_empty() {
                s.push_str(" technology, software or plant");
            } else {
                s.push_str(&format!(
                    " {}",
                    kinds
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
            if !processes.is_empty() {
                s.push_str(&format!(" for {}", or_list(processes.clone())));
            }
            s
        }
        ItemPred::Class(name) => format!("`{name}`"),
        ItemPred::Licensable {
            jurisdiction,
            reasons,
            anywhere: true,
            ..
        } => {
            if reasons.is_empty() {
                format!("controlled under {jurisdiction} rows (any destination)")
            } else {
                format!(
                    "controlled under {jurisdiction} rows for {} (any destination)",
                    or_list(reasons.clone())
                )
            }
        }
        ItemPred::Licensable {
            jurisdiction,
            reasons,
            ..
        } => {
            if reasons.is_empty() {
                format!("licensable under {jurisdiction} rows to the destination")
            } else {
                format!(
                    "licensable under {jurisdiction} rows to the destination for {}",
                    or_list(reasons.clone())
                )
            }
        }
        ItemPred::Listed { from, instrument } => {
            format!("listed from {from} ({instrument})")
        }
        ItemPred::MayContain(elements) => format!(
            "a part listing {} without a breakdown",
            or_list(elements.clone())
        ),
    }
}

fn code(c: &CodeMatch) -> String {
    if c.codes.is_empty() {
        format!("under {}", c.jurisdiction)
    } else {
        format!("{} {}", c.jurisdiction, or_list(c.codes.clone()))
    }
}

fn join(head: &str, ps: &[ItemPred]) -> String {
    match ps {
        [one] => item(one),
        _ => format!(
            "{head} ({})",
            ps.iter().map(item).collect::<Vec<_>>().join("; ")
        ),
    }
}

/// `` `a`, `b` or `c` ``.
fn or_list(values: Vec<String>) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => "(none)".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A list of strings as `` `a`, `b` or `c` ``.
pub(crate) fn list(values: &[String]) -> String {
    or_list(values.to_vec())
}

/// Countries and groups: `` `CN` or group `D5` ``.
pub(crate) fn place(countries: &[crate::Country], groups: &[String]) -> String {
    let mut parts: Vec<String> = countries.iter().map(|c| c.to_string()).collect();
    parts.extend(groups.iter().map(|g| format!("group {g}")));
    or_list(parts)
}

/// A ratio as a percentage: `0.001` -> `0.1%`, at most four decimal places of a percent
/// (every digit when four would round it onto a different value's display).
pub(crate) fn percent(r: Decimal) -> String {
    let p = r.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(r);
    let short = p.round_dp(4);
    format!("{}%", short.normalize())
}

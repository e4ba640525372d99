//! How to read what a BOM leaves unsaid: settings a BOM or a scenario may carry.
//!
//! A missing `material` means "the BOM declares none" by default (`docs/formats.md`); a team whose
//! BOM comes from a system that has no material column can say instead that it is unknown,
//! so that the bounds, not an assumption, decide.

use crate::doc::path::At;
use crate::doc::read::{Reader, closest, field};
use crate::doc::{Kind, Node};
use crate::error::ProblemKind;

/// How a part that declares no `material` is read.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum UndeclaredMaterial {
    /// It contains no material a rule looks for (the default).
    #[default]
    None,
    /// Its material is unknown: a material condition on it is unknown, and the roll-up's
    /// bounds decide whether that matters.
    Unknown,
}

impl UndeclaredMaterial {
    /// The spelling in files: `none` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            UndeclaredMaterial::None => "none",
            UndeclaredMaterial::Unknown => "unknown",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "none" => Some(UndeclaredMaterial::None),
            "unknown" => Some(UndeclaredMaterial::Unknown),
            _ => None,
        }
    }
}

/// The `assume` table of a BOM or a scenario. A field left out says nothing; a scenario's
/// setting overrides its BOM's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Assumptions {
    /// How a part without `material` is read.
    pub undeclared_material: Option<UndeclaredMaterial>,
}

impl Assumptions {
    /// Strict reading of materials: a part that declares none has an unknown material.
    pub const STRICT_MATERIALS: Assumptions = Assumptions {
        undeclared_material: Some(UndeclaredMaterial::Unknown),
    };

    /// `self`, with what `over` says taking precedence.
    #[must_use]
    pub fn overridden_by(self, over: Assumptions) -> Assumptions {
        Assumptions {
            undeclared_material: over.undeclared_material.or(self.undeclared_material),
        }
    }
}

const FIELDS: &[&str] = &["undeclared_material"];

impl Reader {
    pub(crate) fn assumptions(&mut self, node: &Node, at: &At<'_>) -> Assumptions {
        let mut out = Assumptions::default();
        let Some(members) = self.object(node, at, FIELDS) else {
            return out;
        };
        if let Some(n) = field(members, "undeclared_material") {
            let at = at.key("undeclared_material");
            if let Kind::Str(text) = &n.kind {
                out.undeclared_material = UndeclaredMaterial::parse(text);
                if out.undeclared_material.is_none() {
                    self.push(
                        &at,
                        n.line,
                        ProblemKind::UnknownValue {
                            what: "`undeclared_material` reading",
                            value: text.to_string(),
                            expected: "`none` or `unknown`".to_owned(),
                            suggestion: closest(text, ["none", "unknown"].into_iter())
                                .map(str::to_owned),
                        },
                    );
                }
            } else {
                self.wrong_type(n, &at, "a string");
            }
        }
        out
    }
}

//! Errors from loading a file (BOM, scenario): every problem in it, each with its path and line.

use std::fmt;
use std::path::PathBuf;

/// A file that could not be loaded, with all the problems found in it.
///
/// Displayed one problem per line as `FILE:LINE: PATH: message`, e.g.
/// ``motor.bom.json:14: items[3].components[1].item: no item `MAG-DX`; did you mean `MAG-DY`?``
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, when the BOM was read from one.
    pub file: Option<PathBuf>,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

impl LoadError {
    pub(crate) fn single(file: Option<PathBuf>, problem: Problem) -> Self {
        LoadError {
            file,
            problems: vec![problem],
        }
    }

    /// A file that could not be read.
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> Self {
        Self::single(
            Some(path.to_path_buf()),
            Problem {
                path: String::new(),
                line: None,
                kind: ProblemKind::Io {
                    message: e.to_string(),
                },
            },
        )
    }

    /// A value built in memory that cannot be read as a document (nested too deep): no line.
    pub(crate) fn in_memory(e: crate::doc::SyntaxError) -> Self {
        Self::single(
            None,
            Problem {
                path: String::new(),
                line: None,
                kind: ProblemKind::LimitExceeded { message: e.message },
            },
        )
    }

    /// Text that is not JSON or TOML at all.
    pub(crate) fn syntax(file: Option<PathBuf>, e: crate::doc::SyntaxError) -> Self {
        Self::single(
            file,
            Problem {
                path: String::new(),
                line: Some(e.line),
                kind: ProblemKind::Syntax {
                    column: e.column,
                    message: e.message,
                },
            },
        )
    }
}

/// Problems listed in full before `Display` summarises the rest.
const SHOWN: usize = 50;

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "<input>".to_owned());
        let count = self.problems.len();
        write!(
            f,
            "{file}: {count} problem{}",
            if count == 1 { "" } else { "s" }
        )?;
        for p in self.problems.iter().take(SHOWN) {
            write!(f, "\n{file}")?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
            }
            if !p.path.is_empty() {
                write!(f, ": {}", p.path)?;
            }
            // Inputs reject control characters; a message quoting a parser's text (or a
            // library caller's own) is escaped all the same, so no output carries one.
            write!(f, ": {}", escape_controls(&p.kind.to_string()))?;
        }
        if count > SHOWN {
            write!(f, "\n... and {} more", count.saturating_sub(SHOWN))?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// `text` with each control character written as an escape (`\u{1b}`), for messages.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// One problem in a BOM file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the offending value, e.g. `items[3].components[1].item` (empty for the
    /// whole file).
    pub path: String,
    /// 1-based line in the file, when known.
    pub line: Option<u32>,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong, with the user's own text in backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    #[error("cannot read the file: {message}")]
    Io { message: String },
    #[error("unknown BOM format `{extension}`: expected `.json` or `.toml`")]
    UnknownFormat { extension: String },
    #[error("unknown case file format `{extension}`: expected `.json` or `.toml`")]
    UnknownCaseFormat { extension: String },
    #[error("syntax error at column {column}: {message}")]
    Syntax { column: u32, message: String },
    #[error("expected {expected}, found {found}")]
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("missing required field `{field}`")]
    MissingField { field: &'static str },
    #[error("unknown field `{field}`{}", suggest(suggestion))]
    UnknownField {
        field: String,
        suggestion: Option<String>,
    },
    /// A value the format does not accept, in the TOML reader's words.
    #[error("{message}")]
    Invalid { message: String },
    #[error("duplicate key `{key}`")]
    DuplicateKey { key: String },
    #[error("duplicate item id `{id}` (first defined at {first})")]
    DuplicateId { id: String, first: String },
    #[error("no item `{id}`{}", suggest(suggestion))]
    MissingItem {
        id: String,
        suggestion: Option<String>,
    },
    #[error("cycle: {}", cycle_text(ids))]
    Cycle { ids: Vec<String> },
    #[error("quantity must be greater than 0, found `{quantity}`")]
    NonPositiveQuantity { quantity: String },
    #[error("value must not be negative, found `{value}`")]
    NegativeValue { value: String },
    #[error(
        "`{currency}` is the BOM currency: its values need no rate (1 by definition); remove this entry"
    )]
    OwnCurrencyRate { currency: String },
    #[error("FX rate must be greater than 0, found `{rate}`")]
    NonPositiveRate { rate: String },
    #[error(
        "malformed decimal `{text}`: expected digits with an optional `.` fraction, e.g. `12.50`"
    )]
    MalformedDecimal { text: String },
    #[error(
        "decimal `{text}` cannot be held exactly (more than 28 fractional digits, or too large)"
    )]
    DecimalOutOfRange { text: String },
    #[error(
        "cannot convert `{amount} {currency}` to the BOM currency exactly (more than 28 decimal places, or too large)"
    )]
    ConversionOverflow { amount: String, currency: String },
    #[error("invalid currency code `{code}`: expected three upper-case letters, e.g. `EUR`")]
    InvalidCurrency { code: String },
    #[error(
        "no FX rate for currency `{currency}`: add it to `fx` (units of {bom_currency} per 1 {currency})"
    )]
    MissingFxRate {
        currency: String,
        bom_currency: String,
    },
    #[error(
        "invalid country code `{code}`: expected an ISO 3166-1 alpha-2 code{}",
        suggest(suggestion)
    )]
    InvalidCountry {
        code: String,
        suggestion: Option<String>,
    },
    #[error("unknown element symbol `{symbol}`{}", suggest(suggestion))]
    InvalidElement {
        symbol: String,
        suggestion: Option<String>,
    },
    #[error("unknown `made_with` kind `{kind}`: expected `technology`, `software` or `plant`")]
    InvalidMadeWithKind { kind: String },
    #[error("empty string")]
    EmptyString,
    #[error(
        "control character {code} in a string: not allowed, since printed it could disguise the answer"
    )]
    ControlCharacter { code: String },
    #[error(
        "control character {code} in a key: not allowed, since printed it could disguise the answer"
    )]
    ControlCharacterInKey { code: String },
    /// A size limit of [`crate::limits::Limits`] was reached; the message names it and how
    /// to raise it.
    #[error("{message}")]
    LimitExceeded { message: String },
    #[error(
        "a case must expect something: give `verdict`, or under `jurisdictions` an `outcome`, `review`, `rules`, `dormant` or `absent` (a case that expects nothing passes whatever the answer)"
    )]
    NothingExpected,
    #[error("... and {count} more problems not listed (a file lists its first 1,000)")]
    MoreProblems { count: u64 },
    #[error("invalid date `{text}`: expected an existing date written `YYYY-MM-DD`")]
    InvalidDate { text: String },
    #[error("unknown effect `{effect}`: expected `reach`, `license_required` or `exempt`")]
    InvalidEffect { effect: String },
    #[error(
        "unknown review `{review}`: expected `approval`, `case_by_case`, `presumption_of_denial` or `denial`"
    )]
    InvalidReview { review: String },
    #[error("a `license_required` rule needs a `review`")]
    MissingReview,
    #[error("`review` only goes with `effect = \"license_required\"`")]
    UnexpectedReview,
    #[error("rule `{rule}` has no citation: every rule must name its instrument and article")]
    MissingCitation { rule: String },
    #[error("rule `{rule}` has no effective window")]
    NoEffectiveWindow { rule: String },
    #[error("empty window: `to` ({to}) is before `from` ({from})")]
    EmptyWindow { from: String, to: String },
    #[error("windows overlap: {first} and {second}")]
    OverlappingWindows { first: String, second: String },
    #[error("duplicate rule id `{id}` in one pack")]
    DuplicateRule { id: String },
    #[error("undefined {kind} `{name}`{}", suggest(suggestion))]
    Undefined {
        kind: &'static str,
        name: String,
        suggestion: Option<String>,
    },
    #[error(
        "the patch of rule `{rule}` changes nothing: give `effective`, `suspended`, `threshold`, `review`, `note` or `citation`"
    )]
    EmptyPatch { rule: String },
    #[error(
        "rule `{rule}` has {}: a patched `threshold` replaces the threshold of exactly one",
        content_conditions(*conditions)
    )]
    PatchThreshold { rule: String, conditions: usize },
    #[error(
        "`requires_reach = true` only goes with `effect = \"license_required\"` (or `\"warning\"`, where it is the default)"
    )]
    UnexpectedRequiresReach,
    #[error("`kind` only goes with `effect = \"warning\"`")]
    UnexpectedKind,
    #[error("a control row needs exactly one of `column` (a chart column) and `to` (destinations)")]
    ControlTarget,
    #[error("the affiliate extension needs an `effective` window")]
    NoAffiliateWindow,
    #[error("invalid jurisdiction `{text}`: expected upper-case letters, e.g. `CN`")]
    InvalidJurisdiction { text: String },
    #[error("rules refer to each other in a cycle: {}", cycle_text(ids))]
    RuleCycle { ids: Vec<String> },
    #[error(
        "{noun} references nest deeper than {limit}: {}, ...; flatten the chain",
        cycle_text(ids)
    )]
    ReferencesTooDeep {
        noun: &'static str,
        limit: usize,
        ids: Vec<String>,
    },
    #[error("classes refer to each other in a cycle: {}", cycle_text(names))]
    ClassCycle { names: Vec<String> },
    #[error("unknown comparison `{op}`: expected `>=` or `>`")]
    InvalidOp { op: String },
    #[error("threshold `{text}` must be a ratio from 0 to 1, e.g. `0.001` for 0.1%")]
    InvalidThreshold { text: String },
    #[error("unknown `missing` reading `{text}`: expected `unknown` or `false`")]
    InvalidMissing { text: String },
    #[error("the quantities of the lines for `{child}` add up to more than a decimal can hold")]
    QuantitySumOutOfRange { child: String },
    #[error("unknown scenario format `{extension}`: expected `.json` or `.toml`")]
    UnknownScenarioFormat { extension: String },
    #[error("no bundled pack `{name}` in this build of longarm")]
    NotBundled { name: String },
    #[error(
        "unknown role `{role}`: expected `purchaser`, `intermediate_consignee`, `ultimate_consignee` or `end_user`{}",
        suggest(suggestion)
    )]
    UnknownRole {
        role: String,
        suggestion: Option<String>,
    },
    #[error(
        "invalid list `{list}`: expected `JURISDICTION:list-id`, e.g. `US:entity-list` or `CN:control-list`{}",
        suggest(suggestion)
    )]
    InvalidList {
        list: String,
        suggestion: Option<String>,
    },
    #[error("duplicate party id `{id}` (first defined at {first})")]
    DuplicatePartyId { id: String, first: String },
    #[error("no party `{id}`{}", suggest(suggestion))]
    MissingParty {
        id: String,
        suggestion: Option<String>,
    },
    #[error("party `{id}` cannot own itself")]
    SelfOwnership { id: String },
    #[error("owner `{id}` is listed more than once (first at {first})")]
    DuplicateOwner { id: String, first: String },
    #[error("share must be greater than 0 and at most 1, found `{share}`")]
    ShareOutOfRange { share: String },
    #[error("the owners' shares of party `{id}` add up to `{total}`, more than 1")]
    SharesExceedOne { id: String, total: String },
    #[error("unknown {what} `{value}`{}", match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!(": expected {expected}"),
    })]
    UnknownValue {
        what: &'static str,
        value: String,
        expected: String,
        suggestion: Option<String>,
    },
    #[error(
        "classification key `{key}` is not a jurisdiction: write it as packs do, in upper case (`CN`, `US`, `HS` for a tariff code){}",
        suggest(suggestion)
    )]
    ClassificationKey {
        key: String,
        suggestion: Option<String>,
    },
    #[error(
        "malformed {jurisdiction} code `{code}`: expected a digit, a category letter A-E, three digits and lower-case paragraphs, e.g. `3A090.a`{}{}",
        match jurisdiction.as_str() {
            "US" => " (or `EAR99`)",
            "CN" => " (or `unlisted`)",
            _ => "",
        },
        suggest(suggestion)
    )]
    MalformedCode {
        jurisdiction: String,
        code: String,
        suggestion: Option<String>,
    },
    #[error(
        "malformed HS code `{code}`: expected 6 to 10 digits, with dots only after the 4th, 6th and 8th (`8471.30`, `8471.30.01.00`){}",
        suggest(suggestion)
    )]
    MalformedHsCode {
        code: String,
        suggestion: Option<String>,
    },
    #[error("`{text}` is a percentage: write the share as a fraction from 0 to 1, `{fraction}`")]
    PercentShare { text: String, fraction: String },
    #[error("`{text}` is not {what}: to say it is not known, leave the field out")]
    UnknownMarker { text: String, what: &'static str },
    #[error(
        "ownership cycles too entangled to aggregate: following their chains takes more than {limit} steps; simplify the cross-holdings"
    )]
    OwnershipTooEntangled { limit: u64 },
}

fn suggest(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

fn content_conditions(n: usize) -> String {
    match n {
        0 => "no content condition".to_owned(),
        1 => "one content condition".to_owned(),
        n => format!("{n} content conditions"),
    }
}

fn cycle_text(ids: &[String]) -> String {
    // A long cycle shows its start and its end: the message stays readable and its size
    // does not grow with the cycle.
    const HEAD: usize = 10;
    const TAIL: usize = 2;
    let quote = |id: &String| format!("`{id}`");
    if ids.len() <= HEAD + TAIL + 1 {
        return ids.iter().map(quote).collect::<Vec<_>>().join(" -> ");
    }
    let head: Vec<String> = ids.iter().take(HEAD).map(quote).collect();
    let tail: Vec<String> = ids
        .iter()
        .skip(ids.len().saturating_sub(TAIL))
        .map(quote)
        .collect();
    format!(
        "{} -> ... ({} more) -> {}",
        head.join(" -> "),
        crate::limits::group(ids.len().saturating_sub(HEAD + TAIL)),
        tail.join(" -> ")
    )
}

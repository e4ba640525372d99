//! Errors from loading a file (BOM, scenario, rule pack, case file): every problem in it, each
//! with its path and line.

use std::fmt;
use std::path::PathBuf;

/// A file that could not be loaded, with all the problems found in it.
///
/// Displayed one problem per line as `FILE:LINE: PATH: message`, e.g.
/// ``motor.bom.json:14: items[3].components[1].item: no item `MAG-DX`; did you mean `MAG-DY`?``
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, when the input was read from one.
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

/// One problem in an input file (BOM, scenario, rule pack or case file).
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
    /// The file could not be read, e.g. it does not exist.
    #[error("cannot read the file: {message}")]
    Io {
        /// The operating system's error, as it displays.
        message: String,
    },
    /// A BOM file whose name ends neither in `.json` nor in `.toml`.
    #[error("unknown BOM format `{extension}`: expected `.json` or `.toml`")]
    UnknownFormat {
        /// The extension found, lower-cased and without the dot (empty when there is none).
        extension: String,
    },
    /// A case file (for `longarm test`) whose name ends neither in `.json` nor in `.toml`.
    #[error("unknown case file format `{extension}`: expected `.json` or `.toml`")]
    UnknownCaseFormat {
        /// The extension found, lower-cased and without the dot (empty when there is none).
        extension: String,
    },
    /// Text that is not JSON or TOML at all; [`Problem::line`] gives its line.
    #[error("syntax error at column {column}: {message}")]
    Syntax {
        /// 1-based column of the error in its line.
        column: u32,
        /// The parser's description of the error.
        message: String,
    },
    /// A value of the wrong type, e.g. a number where a string belongs.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// What the format wants there, e.g. `a string`.
        expected: &'static str,
        /// What the file has there, e.g. `a number`.
        found: &'static str,
    },
    /// A required field left out.
    #[error("missing required field `{field}`")]
    MissingField {
        /// The name of the field.
        field: &'static str,
    },
    /// A field the format does not define (often a misspelling).
    #[error("unknown field `{field}`{}", suggest(suggestion))]
    UnknownField {
        /// The field as written.
        field: String,
        /// The closest field the format defines, if one is close enough.
        suggestion: Option<String>,
    },
    /// A value the format does not accept, in the TOML reader's words.
    #[error("{message}")]
    Invalid {
        /// The reader's message.
        message: String,
    },
    /// The same key twice in one object or table.
    #[error("duplicate key `{key}`")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// Two items of a BOM with the same id.
    #[error("duplicate item id `{id}` (first defined at {first})")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// The path of the first item with it, in backticks.
        first: String,
    },
    /// A component line (or a scenario's `item`) naming an item the BOM does not define.
    #[error("no item `{id}`{}", suggest(suggestion))]
    MissingItem {
        /// The id as written.
        id: String,
        /// The closest id the BOM defines, if one is close enough.
        suggestion: Option<String>,
    },
    /// Items that contain each other, directly or through other items.
    #[error("cycle: {}", cycle_text(ids))]
    Cycle {
        /// The item ids around the cycle, the first repeated last.
        ids: Vec<String>,
    },
    /// A component quantity of zero or less.
    #[error("quantity must be greater than 0, found `{quantity}`")]
    NonPositiveQuantity {
        /// The quantity as read.
        quantity: String,
    },
    /// A negative unit value (`-0` included: the sign as written decides).
    #[error("value must not be negative, found `{value}`")]
    NegativeValue {
        /// The value as read, with its sign.
        value: String,
    },
    /// An `fx` entry for the BOM's own currency.
    #[error(
        "`{currency}` is the BOM currency: its values need no rate (1 by definition); remove this entry"
    )]
    OwnCurrencyRate {
        /// The BOM's currency code.
        currency: String,
    },
    /// An FX rate of zero or less.
    #[error("FX rate must be greater than 0, found `{rate}`")]
    NonPositiveRate {
        /// The rate as read.
        rate: String,
    },
    /// Text that is not a decimal number.
    #[error(
        "malformed decimal `{text}`: expected digits with an optional `.` fraction, e.g. `12.50`"
    )]
    MalformedDecimal {
        /// The text as written.
        text: String,
    },
    /// A decimal number that [`crate::Decimal`] cannot hold exactly.
    #[error(
        "decimal `{text}` cannot be held exactly (more than 28 fractional digits, or too large)"
    )]
    DecimalOutOfRange {
        /// The number as written.
        text: String,
    },
    /// A unit value whose conversion to the BOM currency (amount times rate) cannot be held exactly.
    #[error(
        "cannot convert `{amount} {currency}` to the BOM currency exactly (more than 28 decimal places, or too large)"
    )]
    ConversionOverflow {
        /// The amount in its own currency.
        amount: String,
        /// The currency of the amount.
        currency: String,
    },
    /// A currency code that is not three upper-case letters.
    #[error("invalid currency code `{code}`: expected three upper-case letters, e.g. `EUR`")]
    InvalidCurrency {
        /// The code as written.
        code: String,
    },
    /// A unit value in a currency that has no rate in the BOM's `fx` table.
    #[error(
        "no FX rate for currency `{currency}`: add it to `fx` (units of {bom_currency} per 1 {currency})"
    )]
    MissingFxRate {
        /// The currency of the value.
        currency: String,
        /// The BOM's own currency, the unit of the rate to add.
        bom_currency: String,
    },
    /// A country that is not an ISO 3166-1 alpha-2 code.
    #[error(
        "invalid country code `{code}`: expected an ISO 3166-1 alpha-2 code{}",
        suggest(suggestion)
    )]
    InvalidCountry {
        /// The code as written.
        code: String,
        /// A code that fits, if one is recognised (`DE` for `Germany`, `GB` for `UK`).
        suggestion: Option<String>,
    },
    /// A chemical element symbol that does not exist.
    #[error("unknown element symbol `{symbol}`{}", suggest(suggestion))]
    InvalidElement {
        /// The symbol as written.
        symbol: String,
        /// The symbol written in its right case, if that is one (`Nd` for `ND`).
        suggestion: Option<String>,
    },
    /// A `made_with` kind (of a BOM entry or a pack condition) other than `technology`,
    /// `software` or `plant`.
    #[error("unknown `made_with` kind `{kind}`: expected `technology`, `software` or `plant`")]
    InvalidMadeWithKind {
        /// The kind as written.
        kind: String,
    },
    /// A string that is empty or only whitespace.
    #[error("empty string")]
    EmptyString,
    /// A control character in a string value.
    #[error(
        "control character {code} in a string: not allowed, since printed it could disguise the answer"
    )]
    ControlCharacter {
        /// The first control character, as `U+XXXX`.
        code: String,
    },
    /// A control character in a key.
    #[error(
        "control character {code} in a key: not allowed, since printed it could disguise the answer"
    )]
    ControlCharacterInKey {
        /// The first control character, as `U+XXXX`.
        code: String,
    },
    /// A size limit of [`crate::limits::Limits`] was reached; the message names it and how
    /// to raise it.
    #[error("{message}")]
    LimitExceeded {
        /// The whole message: the limit, the size found, and how to raise it.
        message: String,
    },
    /// A test case that expects nothing, so could never fail.
    #[error(
        "a case must expect something: give `verdict`, or under `jurisdictions` an `outcome`, `review`, `rules`, `dormant` or `absent` (a case that expects nothing passes whatever the answer)"
    )]
    NothingExpected,
    /// The last problem of a file with more than 1,000: how many more were found but not kept.
    #[error("... and {count} more problems not listed (a file lists its first 1,000)")]
    MoreProblems {
        /// How many problems are not listed.
        count: u64,
    },
    /// A date that is not an existing date written `YYYY-MM-DD`.
    #[error("invalid date `{text}`: expected an existing date written `YYYY-MM-DD`")]
    InvalidDate {
        /// The date as written.
        text: String,
    },
    /// A rule `effect` the pack format does not define.
    #[error("unknown effect `{effect}`: expected `reach`, `license_required` or `exempt`")]
    InvalidEffect {
        /// The effect as written.
        effect: String,
    },
    /// A rule `review` the pack format does not define.
    #[error(
        "unknown review `{review}`: expected `approval`, `case_by_case`, `presumption_of_denial` or `denial`"
    )]
    InvalidReview {
        /// The review as written.
        review: String,
    },
    /// A `license_required` rule without a `review`.
    #[error("a `license_required` rule needs a `review`")]
    MissingReview,
    /// A `review` on a rule (or a patch of one) whose effect is not `license_required`.
    #[error("`review` only goes with `effect = \"license_required\"`")]
    UnexpectedReview,
    /// A rule without a citation.
    #[error("rule `{rule}` has no citation: every rule must name its instrument and article")]
    MissingCitation {
        /// The rule id.
        rule: String,
    },
    /// A rule (or a patch's `effective`) with no effective window.
    #[error("rule `{rule}` has no effective window")]
    NoEffectiveWindow {
        /// The rule id.
        rule: String,
    },
    /// A window that ends before it starts.
    #[error("empty window: `to` ({to}) is before `from` ({from})")]
    EmptyWindow {
        /// The window's first day.
        from: String,
        /// The window's last day.
        to: String,
    },
    /// Two windows of one list that overlap.
    #[error("windows overlap: {first} and {second}")]
    OverlappingWindows {
        /// The earlier window, e.g. `2025-01-01 to 2025-06-30` or `2025-01-01 onwards`.
        first: String,
        /// The window that overlaps it, written the same way.
        second: String,
    },
    /// Two rules with the same id in one pack.
    #[error("duplicate rule id `{id}` in one pack")]
    DuplicateRule {
        /// The repeated id.
        id: String,
    },
    /// A reference to a class, country group, party list or rule that no loaded pack defines.
    #[error("undefined {kind} `{name}`{}", suggest(suggestion))]
    Undefined {
        /// What kind of name: `class`, `country group`, `party list` or `rule`.
        kind: &'static str,
        /// The name as written.
        name: String,
        /// The closest defined name of that kind, if one is close enough.
        suggestion: Option<String>,
    },
    /// A patch of a rule that changes none of its fields.
    #[error(
        "the patch of rule `{rule}` changes nothing: give `effective`, `suspended`, `threshold`, `review`, `note` or `citation`"
    )]
    EmptyPatch {
        /// The id of the patched rule.
        rule: String,
    },
    /// A patched `threshold` for a rule that has not exactly one content condition.
    #[error(
        "rule `{rule}` has {}: a patched `threshold` replaces the threshold of exactly one",
        content_conditions(*conditions)
    )]
    PatchThreshold {
        /// The id of the patched rule.
        rule: String,
        /// How many content conditions the rule has.
        conditions: usize,
    },
    /// `requires_reach = true` on a rule whose effect is neither `license_required` nor `warning`.
    #[error(
        "`requires_reach = true` only goes with `effect = \"license_required\"` (or `\"warning\"`, where it is the default)"
    )]
    UnexpectedRequiresReach,
    /// A `kind` on a rule whose effect is not `warning`.
    #[error("`kind` only goes with `effect = \"warning\"`")]
    UnexpectedKind,
    /// A control row that gives both or neither of `column` and `to`.
    #[error("a control row needs exactly one of `column` (a chart column) and `to` (destinations)")]
    ControlTarget,
    /// An affiliate extension (a rule's `affiliates`) without an `effective` window.
    #[error("the affiliate extension needs an `effective` window")]
    NoAffiliateWindow,
    /// A jurisdiction that is not two or more upper-case ASCII letters.
    #[error("invalid jurisdiction `{text}`: expected upper-case letters, e.g. `CN`")]
    InvalidJurisdiction {
        /// The jurisdiction as written.
        text: String,
    },
    /// Rules that refer to each other (`rule = ...`) in a cycle, across all loaded packs.
    #[error("rules refer to each other in a cycle: {}", cycle_text(ids))]
    RuleCycle {
        /// The rule ids around the cycle, the first repeated last.
        ids: Vec<String>,
    },
    /// A chain of rule or class references deeper than evaluation allows.
    #[error(
        "{noun} references nest deeper than {limit}: {}, ...; flatten the chain",
        cycle_text(ids)
    )]
    ReferencesTooDeep {
        /// What is referenced: `rule` or `class`.
        noun: &'static str,
        /// The greatest depth allowed ([`crate::rules::MAX_REFERENCE_DEPTH`]).
        limit: usize,
        /// The names along the chain, starting from the one with the longest chain below it
        /// (at most `limit + 1` names).
        ids: Vec<String>,
    },
    /// A class that stands for too many conditions once the classes it names are written out.
    #[error(
        "class `{name}` stands for more than {} conditions once the classes it names are written out, each time it names them; name each shared class once (in one `any` or `all`)",
        crate::limits::group(usize::try_from(*limit).unwrap_or(usize::MAX))
    )]
    ClassTooLarge {
        /// The class.
        name: String,
        /// The most conditions allowed ([`crate::rules::MAX_CLASS_CONDITIONS`]).
        limit: u64,
    },
    /// Classes that refer to each other in a cycle.
    #[error("classes refer to each other in a cycle: {}", cycle_text(names))]
    ClassCycle {
        /// The class names around the cycle, the first repeated last.
        names: Vec<String>,
    },
    /// A content condition whose `op` is neither `>=` nor `>`.
    #[error("unknown comparison `{op}`: expected `>=` or `>`")]
    InvalidOp {
        /// The comparison as written.
        op: String,
    },
    /// A threshold that is not a ratio from 0 to 1.
    #[error("threshold `{text}` must be a ratio from 0 to 1, e.g. `0.001` for 0.1%")]
    InvalidThreshold {
        /// The threshold as written.
        text: String,
    },
    /// A code condition whose `missing` is neither `unknown` nor `false`.
    #[error("unknown `missing` reading `{text}`: expected `unknown` or `false`")]
    InvalidMissing {
        /// The reading as written.
        text: String,
    },
    /// Component lines of one parent, for one child, whose quantities add up past what a decimal holds.
    #[error("the quantities of the lines for `{child}` add up to more than a decimal can hold")]
    QuantitySumOutOfRange {
        /// The id of the child item.
        child: String,
    },
    /// A scenario file whose name ends neither in `.json` nor in `.toml`.
    #[error("unknown scenario format `{extension}`: expected `.json` or `.toml`")]
    UnknownScenarioFormat {
        /// The extension found, lower-cased and without the dot (empty when there is none).
        extension: String,
    },
    /// A `bundled:NAME` pack source naming no pack of this build (see
    /// [`crate::RuleSet::bundled_sources`]).
    #[error("no bundled pack `{name}` in this build of longarm")]
    NotBundled {
        /// The name asked for.
        name: String,
    },
    /// A party role that is not one of [`crate::Role`].
    #[error(
        "unknown role `{role}`: expected `purchaser`, `intermediate_consignee`, `ultimate_consignee` or `end_user`{}",
        suggest(suggestion)
    )]
    UnknownRole {
        /// The role as written.
        role: String,
        /// The closest role, if one is close enough.
        suggestion: Option<String>,
    },
    /// A party-list name not written `JURISDICTION:list-id`.
    #[error(
        "invalid list `{list}`: expected `JURISDICTION:list-id`, e.g. `US:entity-list` or `CN:control-list`{}",
        suggest(suggestion)
    )]
    InvalidList {
        /// The list as written.
        list: String,
        /// A corrected spelling, if one is found.
        suggestion: Option<String>,
    },
    /// Two parties of a scenario with the same id.
    #[error("duplicate party id `{id}` (first defined at {first})")]
    DuplicatePartyId {
        /// The repeated id.
        id: String,
        /// The path of the first party with it, in backticks.
        first: String,
    },
    /// An owner naming a party the scenario does not define.
    #[error("no party `{id}`{}", suggest(suggestion))]
    MissingParty {
        /// The id as written.
        id: String,
        /// The closest party id, if one is close enough.
        suggestion: Option<String>,
    },
    /// A party listed among its own owners.
    #[error("party `{id}` cannot own itself")]
    SelfOwnership {
        /// The party's id.
        id: String,
    },
    /// The same owner twice in one party's `owners`.
    #[error("owner `{id}` is listed more than once (first at {first})")]
    DuplicateOwner {
        /// The owner's party id.
        id: String,
        /// The path of its first entry, in backticks.
        first: String,
    },
    /// An ownership share (a scenario's owner, or a pack's `affiliates`) not greater than 0 and
    /// at most 1.
    #[error("share must be greater than 0 and at most 1, found `{share}`")]
    ShareOutOfRange {
        /// The share as read.
        share: String,
    },
    /// Owners' shares of one party that add up to more than 1.
    #[error("the owners' shares of party `{id}` add up to `{total}`, more than 1")]
    SharesExceedOne {
        /// The owned party's id.
        id: String,
        /// The sum of the shares.
        total: String,
    },
    #[error("unknown {what} `{value}`{}", match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!(": expected {expected}"),
    })]
    /// A value outside a closed vocabulary (a form, tag, process, end use, list, or a reading such as a warning kind).
    UnknownValue {
        /// What kind of value, e.g. `material form`.
        what: &'static str,
        /// The value as written.
        value: String,
        /// The values allowed, in words, shown when there is no suggestion.
        expected: String,
        /// The closest allowed value, if one is close enough.
        suggestion: Option<String>,
    },
    /// A `classification` key that is not a jurisdiction in upper case.
    #[error(
        "classification key `{key}` is not a jurisdiction: write it as packs do, in upper case (`CN`, `US`, `HS` for a tariff code){}",
        suggest(suggestion)
    )]
    ClassificationKey {
        /// The key as written.
        key: String,
        /// The key in upper case, when that is two or more letters.
        suggestion: Option<String>,
    },
    /// A control classification code that is not shaped like one.
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
        /// The classification key, e.g. `US`.
        jurisdiction: String,
        /// The code as written.
        code: String,
        /// A corrected spelling, if one is found.
        suggestion: Option<String>,
    },
    /// A tariff (`HS`) code that is not shaped like one.
    #[error(
        "malformed HS code `{code}`: expected 6 to 10 digits, with dots only after the 4th, 6th and 8th (`8471.30`, `8471.30.01.00`){}",
        suggest(suggestion)
    )]
    MalformedHsCode {
        /// The code as written.
        code: String,
        /// A corrected spelling, if one is found.
        suggestion: Option<String>,
    },
    /// An ownership share written as a percentage (`55%`).
    #[error("`{text}` is a percentage: write the share as a fraction from 0 to 1, `{fraction}`")]
    PercentShare {
        /// The share as written.
        text: String,
        /// The same share as a fraction, e.g. `0.55`.
        fraction: String,
    },
    /// A word for "not known" (`unknown`, `n/a`, ...) where a value belongs: the formats say it by leaving the field out.
    #[error("`{text}` is not {what}: to say it is not known, leave the field out")]
    UnknownMarker {
        /// The text as written.
        text: String,
        /// What belongs there, e.g. `a decimal`.
        what: &'static str,
    },
    /// Ownership cycles whose aggregation would take more than a bounded number of steps.
    #[error(
        "ownership cycles too entangled to aggregate: following their chains takes more than {limit} steps; simplify the cross-holdings"
    )]
    OwnershipTooEntangled {
        /// The number of steps allowed.
        limit: u64,
    },
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

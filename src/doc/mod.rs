//! A small document tree that JSON and TOML files are both read into.
//!
//! Why not serde straight into structs: serde stops at the first problem, and a user fixing a
//! BOM wants every problem at once; serde also hands JSON numbers over as `f64`. This tree keeps
//! each number's literal text and each node's line, so the loader can check the whole file,
//! report all problems with their JSON path and line, and read decimals exactly.

mod json;
pub mod path;
pub mod read;
mod toml;
pub mod value;

pub use json::{parse_json_nested, parse_json_streaming, parse_json_streaming_owned};
pub use toml::parse_toml_nested;

use crate::error::{LoadError, Problem, ProblemKind};
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Reads a `.json` or `.toml` file into the document tree. The outer error names the file
/// (unreadable, or another extension: `unknown_format` says what was expected); the inner
/// result carries a syntax error for the caller to report in its own terms.
pub fn read_file(
    path: &Path,
    limits: &Limits,
    unknown_format: impl FnOnce(String) -> ProblemKind,
) -> Result<Result<Node, SyntaxError>, LoadError> {
    read_file_hashed(path, limits, unknown_format).map(|(tree, _)| tree)
}

/// The largest input file read: 1 GiB. A larger file, or a device that never ends (a `.json`
/// link to `/dev/zero`), is an error naming the limit instead of a read that exhausts memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Reads a text file of at most `limit` bytes.
///
/// # Errors
/// The I/O error, or `InvalidData` when the file is larger than `limit` (or not UTF-8).
pub fn read_text_limited(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    file.take(limit.saturating_add(1))
        .read_to_string(&mut text)?;
    if u64::try_from(text.len()).map_or(true, |n| n > limit) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than the limit `input_bytes` of {} bytes ({})",
                crate::limits::group(usize::try_from(limit).unwrap_or(usize::MAX)),
                crate::limits::how_to_raise("input_bytes")
            ),
        ));
    }
    Ok(text)
}

/// [`read_text_limited`] with [`MAX_INPUT_BYTES`].
///
/// # Errors
/// As [`read_text_limited`].
pub fn read_text(path: &Path) -> std::io::Result<String> {
    read_text_limited(path, MAX_INPUT_BYTES)
}

/// As [`read_file`], with the SHA-256 (hex) of the text read.
pub fn read_file_hashed(
    path: &Path,
    limits: &Limits,
    unknown_format: impl FnOnce(String) -> ProblemKind,
) -> Result<(Result<Node, SyntaxError>, String), LoadError> {
    let source = read_source(path, limits, unknown_format)?;
    let body = source.body();
    let tree = if source.json {
        parse_json_nested(body, limits.nesting)
    } else {
        parse_toml_nested(body, limits.nesting)
    };
    Ok((tree, source.sha256()))
}

/// The text of a `.json` or `.toml` file, not yet parsed.
#[derive(Debug)]
pub(crate) struct Source {
    /// The file as read.
    pub text: String,
    /// JSON (by its extension); TOML when not.
    pub json: bool,
}

impl Source {
    /// The text to parse: a byte-order mark (editors on Windows write one) is not content.
    pub fn body(&self) -> &str {
        self.text.strip_prefix('\u{feff}').unwrap_or(&self.text)
    }

    /// The SHA-256 (hex) of the file as read.
    pub fn sha256(&self) -> String {
        sha256_hex(self.text.as_bytes())
    }
}

/// Reads a `.json` or `.toml` file within `limits.input_bytes`. The error names the file
/// (unreadable, or another extension: `unknown_format` says what was expected).
pub(crate) fn read_source(
    path: &Path,
    limits: &Limits,
    unknown_format: impl FnOnce(String) -> ProblemKind,
) -> Result<Source, LoadError> {
    let fail = |kind| {
        LoadError::single(
            Some(path.to_path_buf()),
            Problem {
                path: String::new(),
                line: None,
                kind,
            },
        )
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if extension != "json" && extension != "toml" {
        return Err(fail(unknown_format(extension)));
    }
    let text = read_text_limited(path, limits.input_bytes).map_err(|e| {
        fail(ProblemKind::Io {
            message: e.to_string(),
        })
    })?;
    Ok(Source {
        text,
        json: extension == "json",
    })
}

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// What a BOM or scenario was loaded from, for the determination's receipt: the file (as
/// given), and the SHA-256 of the text read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    pub source: Option<PathBuf>,
    pub sha256: String,
    /// The text itself, for a scenario that is to be replayed without a file.
    pub text: Option<String>,
}

/// One value in a parsed file, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Str(Text),
    /// A number, as its literal text (TOML underscores removed).
    Num(Text),
    Arr(Vec<Node>),
    /// Members in file order; duplicates are kept for the loader to report.
    Obj(Vec<(Text, Node)>),
    /// A TOML date or time: no BOM field takes one.
    Datetime(Text),
}

/// The text of a string, number or key of a parsed file. Short ones (most keys, ids, codes
/// and numbers) are held inline, so a large file's tree costs few allocations.
#[derive(Clone, PartialEq, Eq)]
pub struct Text(Repr);

/// The longest text held inline, in bytes.
const INLINE: usize = 22;

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    /// The length and the bytes (zero past the length, so equal texts are equal values).
    Inline(u8, [u8; INLINE]),
    Heap(Box<str>),
}

impl Text {
    /// The bytes, without the check that they are UTF-8 (they are: they came from a `str`).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(len, bytes) => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            Repr::Heap(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(len, bytes) => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            Repr::Heap(s) => s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        match (u8::try_from(s.len()), s.len() <= INLINE) {
            (Ok(len), true) => {
                let mut bytes = [0; INLINE];
                if let Some(to) = bytes.get_mut(..s.len()) {
                    to.copy_from_slice(s.as_bytes());
                }
                Text(Repr::Inline(len, bytes))
            }
            _ => Text(Repr::Heap(s.into())),
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            Text::from(s.as_str())
        } else {
            Text(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        same_bytes(self.as_bytes(), other.as_bytes())
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        same_bytes(self.as_bytes(), other.as_bytes())
    }
}

/// Byte equality that settles most unequal keys (`id` against `name`) on the length and the
/// first byte, without a call to `memcmp`.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a == b
}

impl Kind {
    /// What a person would call this kind of value, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Str(_) => "a string",
            Kind::Num(_) => "a number",
            Kind::Arr(_) => "an array",
            Kind::Obj(_) => "an object",
            Kind::Datetime(_) => "a date-time",
        }
    }
}

/// A syntax error: the file could not be read as a tree at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Maps byte offsets to 1-based line and column numbers.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i.saturating_add(1)),
        );
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    /// 1-based (line, column) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = usize::try_from(line)
            .ok()
            .and_then(|l| self.starts.get(l.saturating_sub(1)))
            .copied()
            .unwrap_or(0);
        let column = offset.saturating_sub(start).saturating_add(1);
        (line, u32::try_from(column).unwrap_or(u32::MAX))
    }
}

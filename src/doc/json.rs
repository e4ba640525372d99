//! JSON into the document tree, through jiter's pull parser so numbers keep their text.

use super::{Kind, LineIndex, Node, SyntaxError};
use jiter::{Jiter, JiterError, Peek};

/// Parses a JSON text. Numbers keep their literal text; each node records its line.
///
/// # Errors
/// A [`SyntaxError`] with line and column when the text is not JSON (or nests deeper than
/// [`crate::limits::MAX_NESTING`]).
#[cfg(test)]
pub fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    parse_json_nested(text, crate::limits::MAX_NESTING)
}

/// As [`parse_json`], with values nested at most `nesting` levels.
///
/// # Errors
/// As [`parse_json`].
pub fn parse_json_nested(text: &str, nesting: usize) -> Result<Node, SyntaxError> {
    run(text, nesting, |parser, peek| parser.value(peek, 0))
}

/// As [`parse_json_nested`], except that the elements of the root object's `key` array (the
/// first `key` member that is not null, if an array) are handed to `each`, with their
/// positions, as they are parsed, instead of being kept: in the tree returned that member
/// holds an empty array. With the tree, the line of that array, or `None` when no array was
/// handed over (the root is not an object, or has no such member): the tree is then whole.
///
/// The same syntax errors, at the same places, as [`parse_json_nested`].
///
/// # Errors
/// As [`parse_json`].
pub fn parse_json_streaming(
    text: &str,
    nesting: usize,
    key: &str,
    mut each: impl FnMut(usize, &Node),
) -> Result<(Node, Option<u32>), SyntaxError> {
    parse_json_streaming_owned(text, nesting, key, |pos, node, spares| {
        each(pos, &node);
        spares.recycle(node);
    })
}

/// As [`parse_json_streaming`], each element handed over whole, with the parser's spare
/// vectors: an element given back to [`Spares::recycle`] lends its vectors to the next ones
/// parsed.
///
/// # Errors
/// As [`parse_json`].
pub fn parse_json_streaming_owned(
    text: &str,
    nesting: usize,
    key: &str,
    mut each: impl FnMut(usize, Node, &mut Spares),
) -> Result<(Node, Option<u32>), SyntaxError> {
    run(text, nesting, |parser, peek| {
        parser.root_streaming(peek, key, &mut each)
    })
}

/// Parses `text` with `parse`, which reads the value that starts with `peek`, and checks
/// that nothing follows it.
fn run<T>(
    text: &str,
    nesting: usize,
    parse: impl FnOnce(&mut Parser<'_>, Peek) -> Result<T, Failure>,
) -> Result<T, SyntaxError> {
    let mut parser = Parser {
        jiter: Jiter::new(text.as_bytes()),
        text: text.as_bytes(),
        line: 1,
        counted: 0,
        nesting,
        spares: Spares {
            nodes: Vec::new(),
            members: Vec::new(),
        },
    };
    // Positions of errors only: an index of every line is built when there is one.
    let syntax = |e: JiterError| {
        let (line, column) = LineIndex::new(text.as_bytes()).position(e.index);
        SyntaxError {
            line,
            column,
            message: e.error_type.to_string(),
        }
    };
    let peek = parser.jiter.peek().map_err(syntax)?;
    let node = parse(&mut parser, peek).map_err(|e| match e {
        Failure::Syntax(e) => syntax(e),
        Failure::TooDeep(index) => {
            let (line, column) = LineIndex::new(text.as_bytes()).position(index);
            SyntaxError {
                line,
                column,
                message: format!(
                    "nesting deeper than the limit `nesting` of {nesting} levels ({})",
                    crate::limits::how_to_raise("nesting")
                ),
            }
        }
    })?;
    parser.jiter.finish().map_err(syntax)?;
    Ok(node)
}

/// The number of `\n` bytes in `bytes`, counted eight at a time: every value's line is
/// counted on from the last one's, so this scans the whole text once.
fn newlines(bytes: &[u8]) -> usize {
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let (words, rest) = bytes.as_chunks::<8>();
    let mut count = rest.iter().filter(|&&b| b == b'\n').count();
    for word in words {
        // A byte of `x` is zero where `bytes` has a newline; the top bit of each byte of
        // `zero` is set exactly there (no carry crosses a byte: 0x7f + 0x7f < 0x100).
        let x = u64::from_le_bytes(*word) ^ NEWLINES;
        let zero = !((x & LOW).wrapping_add(LOW) | x | LOW);
        count = count.saturating_add(zero.count_ones() as usize);
    }
    count
}

enum Failure {
    Syntax(JiterError),
    TooDeep(usize),
}

impl From<JiterError> for Failure {
    fn from(e: JiterError) -> Self {
        Failure::Syntax(e)
    }
}

struct Parser<'j> {
    jiter: Jiter<'j>,
    text: &'j [u8],
    /// The line of byte `counted`: values start in increasing order, so each node's line is
    /// counted on from the last one's.
    line: u32,
    counted: usize,
    nesting: usize,
    /// The vectors of elements handed over and dropped, for the next ones' trees: a streamed
    /// array of a million small objects then allocates for a few.
    spares: Spares,
}

/// Spare vectors kept, of each kind, and the longest one kept.
const SPARES: usize = 64;
const SPARE_CAPACITY: usize = 64;

/// Vectors of nodes done with (emptied), for the next values parsed.
pub struct Spares {
    nodes: Vec<Vec<Node>>,
    members: Vec<Vec<(super::Text, Node)>>,
}

impl Spares {
    /// Drops `node`, keeping its vectors (emptied) for the next values parsed.
    pub fn recycle(&mut self, mut node: Node) {
        self.recycle_kind(&mut node.kind);
    }

    /// Takes the vector of an array or object (its elements' first) for the spares.
    fn recycle_kind(&mut self, kind: &mut Kind) {
        match kind {
            Kind::Arr(items) => {
                let mut items = std::mem::take(items);
                for item in &mut items {
                    self.recycle_kind(&mut item.kind);
                }
                items.clear();
                if self.nodes.len() < SPARES && items.capacity() <= SPARE_CAPACITY {
                    self.nodes.push(items);
                }
            }
            Kind::Obj(members) => {
                let mut members = std::mem::take(members);
                for (_, value) in &mut members {
                    self.recycle_kind(&mut value.kind);
                }
                members.clear();
                if self.members.len() < SPARES && members.capacity() <= SPARE_CAPACITY {
                    self.members.push(members);
                }
            }
            _ => {}
        }
    }
}

impl Parser<'_> {
    /// The 1-based line of byte `offset` (at or after the last one asked).
    fn line(&mut self, offset: usize) -> u32 {
        if let Some(between) = self.text.get(self.counted..offset) {
            let newlines = newlines(between);
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.counted = offset;
        }
        self.line
    }

    /// The root value, as [`Parser::value`] reads it, with the elements of the first
    /// non-null `key` array of a root object handed to `each` (see [`parse_json_streaming`]).
    fn root_streaming(
        &mut self,
        peek: Peek,
        key: &str,
        each: &mut impl FnMut(usize, Node, &mut Spares),
    ) -> Result<(Node, Option<u32>), Failure> {
        if peek != Peek::Object {
            return Ok((self.value(peek, 0)?, None));
        }
        // As `value` reads an object at depth 0 (which no limit refuses).
        let line = self.line(self.jiter.current_index());
        let mut members = Vec::new();
        let mut streamed = None;
        // Whether a `key` member that is not null came before: that one is read.
        let mut taken = false;
        let mut name = self.jiter.known_object()?.map(super::Text::from);
        while let Some(k) = name {
            let p = self.jiter.peek()?;
            let is_key = k == key;
            let v = if is_key && !taken && p == Peek::Array {
                let array = self.stream_array(1, each)?;
                streamed = Some(array.line);
                array
            } else {
                self.value(p, 1)?
            };
            taken |= is_key && !matches!(v.kind, Kind::Null);
            members.push((k, v));
            name = self.jiter.next_key()?.map(super::Text::from);
        }
        Ok((
            Node {
                kind: Kind::Obj(members),
                line,
            },
            streamed,
        ))
    }

    /// An array, as [`Parser::value`] reads it at `depth`, each element handed to `each`
    /// instead of kept (the node returned is an empty array at the array's line).
    fn stream_array(
        &mut self,
        depth: usize,
        each: &mut impl FnMut(usize, Node, &mut Spares),
    ) -> Result<Node, Failure> {
        let start = self.jiter.current_index();
        let line = self.line(start);
        if depth > self.nesting {
            return Err(Failure::TooDeep(start));
        }
        let mut pos = 0usize;
        let mut next = self.jiter.known_array()?;
        while let Some(p) = next {
            let node = self.value(p, depth.saturating_add(1))?;
            each(pos, node, &mut self.spares);
            pos = pos.saturating_add(1);
            next = self.jiter.array_step()?;
        }
        Ok(Node {
            kind: Kind::Arr(Vec::new()),
            line,
        })
    }

    fn value(&mut self, peek: Peek, depth: usize) -> Result<Node, Failure> {
        let start = self.jiter.current_index();
        let line = self.line(start);
        if depth > self.nesting {
            return Err(Failure::TooDeep(start));
        }
        let kind = match peek {
            Peek::Null => {
                self.jiter.known_null()?;
                Kind::Null
            }
            Peek::True | Peek::False => Kind::Bool(self.jiter.known_bool(peek)?),
            Peek::String => Kind::Str(self.jiter.known_str()?.into()),
            Peek::Array => {
                let mut items = self.spares.nodes.pop().unwrap_or_default();
                let mut next = self.jiter.known_array()?;
                while let Some(p) = next {
                    items.push(self.value(p, depth.saturating_add(1))?);
                    next = self.jiter.array_step()?;
                }
                Kind::Arr(items)
            }
            Peek::Object => {
                let mut members = self.spares.members.pop().unwrap_or_default();
                let mut key = self.jiter.known_object()?.map(super::Text::from);
                while let Some(k) = key {
                    let p = self.jiter.peek()?;
                    let v = self.value(p, depth.saturating_add(1))?;
                    members.push((k, v));
                    key = self.jiter.next_key()?.map(super::Text::from);
                }
                Kind::Obj(members)
            }
            // Numbers (and anything else, which jiter then rejects as a syntax error).
            _ => {
                let bytes = self.jiter.known_number_bytes(peek)?;
                Kind::Num(String::from_utf8_lossy(bytes).as_ref().into())
            }
        };
        Ok(Node { kind, line })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_literal_text() {
        let node =
            parse_json(r#"{"a": 0.1000000000000000055511151231, "b": 1.50, "c": -2e3}"#).unwrap();
        let Kind::Obj(members) = node.kind else {
            panic!()
        };
        let texts: Vec<_> = members
            .iter()
            .map(|(_, v)| match &v.kind {
                Kind::Num(t) => t.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(texts, ["0.1000000000000000055511151231", "1.50", "-2e3"]);
    }

    #[test]
    fn newlines_are_counted_in_words_and_the_rest() {
        for text in [
            "",
            "\n",
            "a\nb",
            "\n\n\n\n\n\n\n\n\n",
            "\u{8a}\x0b\x09\n\u{7f}\n x\n",
        ] {
            let slow = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(newlines(text.as_bytes()), slow, "{text:?}");
        }
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let slow = bytes.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(newlines(&bytes), slow);
    }

    #[test]
    fn lines_are_recorded() {
        let node = parse_json("{\n  \"a\": [\n    1,\n    {\"b\": null}\n  ]\n}").unwrap();
        let Kind::Obj(members) = node.kind else {
            panic!()
        };
        assert_eq!(members[0].1.line, 2);
        let Kind::Arr(items) = &members[0].1.kind else {
            panic!()
        };
        assert_eq!(items[0].line, 3);
        assert_eq!(items[1].line, 4);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse_json("{\n  \"a\": 1,\n  \"b\": \n}").unwrap_err();
        assert_eq!(err.line, 4);
        let err = parse_json("[1, 2] trailing").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(parse_json("").is_err());
        assert!(parse_json("NaN").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse_json(&text).unwrap_err();
        assert!(err.message.contains("nesting"), "{}", err.message);
    }
}

//! YAML in one pass over the events of `granit-parser` (the parser under
//! serde-saphyr): no serde layer, no recursion (a nesting limit instead),
//! scalars typed by the YAML core schema plus YAML 1.1's `yes`/`no`/`on`/
//! `off`, tags other than `!` and the core ones refused, keys kept with
//! their type. The plain block style most record files are written in is
//! read first by `block_yaml`; this reads whatever it leaves.

use super::{Key, KeyKind, Node, SyntaxError, Value};
use crate::source::ByteRange;

/// Record files are small: a decade of weekly meetings is about 5,000
/// nodes. Tight limits make alias bombs, runaway files and deep nesting fail
/// in milliseconds instead of after a quarter of a million nodes.
pub(super) const YAML_MAX_NODES: usize = 100_000;
const YAML_MAX_ALIASES: usize = 1_000;
const YAML_MAX_REPLAYED_NODES: usize = 20_000;
pub(super) const YAML_MAX_DEPTH: usize = 64;

/// A collection being filled.
struct Open {
    start: usize,
    /// The column a block collection starts at (its lines' indentation);
    /// `None` for a flow collection (`[a, b]`, `{a: 1}`).
    block_column: Option<usize>,
    anchor: usize,
    items: Items,
}

/// What an open collection holds so far.
enum Items {
    Seq(Vec<Node>),
    /// A mapping, and the key read whose value is awaited.
    Map(Vec<(Key, Node)>, Option<Key>),
}

pub(super) struct YamlBuilder<'a> {
    text: &'a str,
    parser: granit_parser::Parser<'a, granit_parser::StrInput<'a>>,
    /// Anchored nodes by anchor id, for aliases.
    anchors: std::collections::HashMap<usize, Node>,
    nodes: usize,
    aliases: usize,
    replayed: usize,
}

impl<'a> YamlBuilder<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            parser: granit_parser::Parser::new_from_str_with_options(text, {
                // Comments are not data: do not collect them.
                let mut options = granit_parser::Options::default();
                options.emit_comments = false;
                options
            }),
            anchors: std::collections::HashMap::new(),
            nodes: 0,
            aliases: 0,
            replayed: 0,
        }
    }

    fn offset(&self, marker: &granit_parser::Marker) -> usize {
        marker.byte_offset().unwrap_or_else(|| {
            self.text
                .char_indices()
                .nth(marker.index())
                .map_or(self.text.len(), |(i, _)| i)
        })
    }

    fn error(&self, at: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            range: ByteRange::new(at, at),
            message: message.into(),
        }
    }

    pub(super) fn build(mut self) -> Result<Node, SyntaxError> {
        use granit_parser::Event;
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Node> = None;
        let mut documents = 0;
        while let Some(next) = self.parser.next_event() {
            let (event, span) = next.map_err(|e| {
                let at = self.offset(e.marker());
                self.error(at, e.info())
            })?;
            let start = self.offset(&span.start);
            let end = self.offset(&span.end).max(start);
            let complete = match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(self.error(start, "the file holds more than one YAML document (a second `---`); a record file holds one"));
                    }
                    continue;
                }
                Event::Scalar(text, style, anchor, tag) => {
                    self.scalar_node(&stack, &text, style, anchor, tag.as_deref(), start..end)?
                }
                Event::Alias(id) => self.alias(id, start)?,
                Event::SequenceStart(style, anchor, ref tag)
                | Event::MappingStart(style, anchor, ref tag) => {
                    let sequence = matches!(event, Event::SequenceStart(..));
                    let block_column =
                        (style == granit_parser::StructureStyle::Block).then(|| span.start.col());
                    let open = self.open(&stack, sequence, tag.as_deref(), start)?;
                    stack.push(Open {
                        block_column,
                        anchor,
                        ..open
                    });
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(&mut stack, start, end)?,
                // Comments and anchor names are presentation, not data.
                _ => continue,
            };
            match stack.last_mut() {
                None => root = Some(complete),
                Some(open) => self.add(open, complete)?,
            }
        }
        Ok(root.unwrap_or(Node {
            value: Value::Null,
            range: ByteRange::default(),
        }))
    }

    /// A scalar, typed, clipped and checked, kept under its anchor.
    fn scalar_node(
        &mut self,
        stack: &[Open],
        text: &str,
        style: granit_parser::ScalarStyle,
        anchor: usize,
        tag: Option<&granit_parser::Tag>,
        at: std::ops::Range<usize>,
    ) -> Result<Node, SyntaxError> {
        let (start, end) = (at.start, at.end);
        let value = scalar(text, style, tag).map_err(|message| self.error(start, message))?;
        let value = self.clip_at_end_of_text(value, style, end);
        if matches!(
            style,
            granit_parser::ScalarStyle::Plain
                | granit_parser::ScalarStyle::SingleQuoted
                | granit_parser::ScalarStyle::DoubleQuoted
        ) {
            self.indented_within(stack, start, end)?;
        }
        let node = Node {
            value,
            range: ByteRange::new(start, end),
        };
        self.count(start, 1)?;
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    /// The anchored node an alias (`*name`) repeats, within the budgets.
    fn alias(&mut self, id: usize, start: usize) -> Result<Node, SyntaxError> {
        self.aliases += 1;
        if self.aliases > YAML_MAX_ALIASES {
            return Err(self.error(
                start,
                format!("more than {YAML_MAX_ALIASES} aliases (`*name`); no record needs that"),
            ));
        }
        let Some(target) = self.anchors.get(&id) else {
            return Err(self.error(
                start,
                "an alias (`*name`) refers to no anchor (`&name`) before it",
            ));
        };
        let size = count_nodes(target);
        self.replayed += size;
        if self.replayed > YAML_MAX_REPLAYED_NODES {
            return Err(self.error(start, format!("aliases repeat more than {YAML_MAX_REPLAYED_NODES} values; no record needs that")));
        }
        let node = target.clone();
        self.count(start, size)?;
        Ok(node)
    }

    /// A list or mapping opening at `start`, once its depth and tag pass
    /// (its place and anchor left for the caller).
    fn open(
        &mut self,
        stack: &[Open],
        sequence: bool,
        tag: Option<&granit_parser::Tag>,
        start: usize,
    ) -> Result<Open, SyntaxError> {
        if stack.len() >= YAML_MAX_DEPTH {
            return Err(self.error(start, format!("lists and entries are nested more than {YAML_MAX_DEPTH} deep; no record needs that")));
        }
        collection_tag(tag, sequence).map_err(|message| self.error(start, message))?;
        self.count(start, 1)?;
        Ok(Open {
            start,
            block_column: None,
            anchor: 0,
            items: if sequence {
                Items::Seq(Vec::new())
            } else {
                Items::Map(Vec::new(), None)
            },
        })
    }

    /// The innermost open list or mapping, closed at `end` into a node.
    fn close(
        &mut self,
        stack: &mut Vec<Open>,
        start: usize,
        end: usize,
    ) -> Result<Node, SyntaxError> {
        let Some(open) = stack.pop() else {
            return Err(self.error(start, "a list or entry closes that never opened"));
        };
        let range = ByteRange::new(open.start, end.max(open.start));
        if open.block_column.is_none() {
            self.indented_within(stack, open.start, end)?;
        }
        let node = Node {
            value: match open.items {
                Items::Seq(items) => Value::Seq(items),
                Items::Map(entries, _) => Value::Map(entries),
            },
            range,
        };
        if open.anchor != 0 {
            self.anchors.insert(open.anchor, node.clone());
        }
        Ok(node)
    }

    /// Put a complete node in the collection that holds it: an item, a
    /// mapping's next key, or the value of the key before it.
    fn add(&self, open: &mut Open, complete: Node) -> Result<(), SyntaxError> {
        match &mut open.items {
            Items::Seq(items) => items.push(complete),
            Items::Map(entries, pending) => match pending.take() {
                None => *pending = Some(self.key(complete)?),
                Some(key) => {
                    if entries
                        .iter()
                        .any(|(k, _)| k.name == key.name && k.kind == key.kind)
                    {
                        // Worded as before, for the plain-language rewrite.
                        return Err(SyntaxError {
                            range: ByteRange::new(
                                key.range.start as usize,
                                key.range.start as usize,
                            ),
                            message: format!("duplicate mapping key: {}", key.name),
                        });
                    }
                    entries.push((key, complete));
                }
            },
        }
        Ok(())
    }

    /// A `|` or `>` block that runs to the end of a text without a final
    /// line break has no line break to keep: the parser adds one anyway.
    fn clip_at_end_of_text(
        &self,
        mut value: Value,
        style: granit_parser::ScalarStyle,
        end: usize,
    ) -> Value {
        let block = matches!(
            style,
            granit_parser::ScalarStyle::Literal | granit_parser::ScalarStyle::Folded
        );
        if block
            && end == self.text.len()
            && last_line_has_content(self.text)
            && let Value::Str(text) = &mut value
            && text.ends_with('\n')
        {
            text.pop();
        }
        value
    }

    /// A flow value (a quoted or plain scalar, `[...]`, `{...}`) written
    /// over several lines inside a block collection must indent each line
    /// past the collection's column, with spaces (YAML 1.2, 7.3 and 6.1);
    /// the parser lets some such lines through.
    fn indented_within(&self, stack: &[Open], start: usize, end: usize) -> Result<(), SyntaxError> {
        // Inside a flow collection the outermost one is checked when it
        // closes; at the top level any indentation will do.
        let Some(column) = stack.last().and_then(|open| open.block_column) else {
            return Ok(());
        };
        let written = &self.text[start..end];
        let mut line_start = start;
        for line in written.split('\n').skip(1) {
            line_start += self.text[line_start..].find('\n').map_or(0, |n| n + 1);
            let content = line.trim_start_matches([' ', '\t', '\r']);
            // Blank lines and comment lines are not held to the indentation.
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces <= column {
                return Err(self.error(
                    line_start + spaces,
                    format!(
                        "this line continues the value above and must be indented past column {} with spaces",
                        column + 1
                    ),
                ));
            }
        }
        Ok(())
    }

    fn count(&mut self, at: usize, nodes: usize) -> Result<(), SyntaxError> {
        self.nodes += nodes;
        if self.nodes > YAML_MAX_NODES {
            return Err(self.error(
                at,
                format!("the file holds more than {YAML_MAX_NODES} values; no record needs that"),
            ));
        }
        Ok(())
    }

    fn key(&self, node: Node) -> Result<Key, SyntaxError> {
        let range = node.range;
        match key_name(node.value) {
            Ok((name, kind)) => Ok(Key { name, range, kind }),
            Err(other) => Err(self.error(
                range.start as usize,
                format!("a key must be plain text, not {}", other.describe()),
            )),
        }
    }
}

/// Whether the text's last line, after its last line break, holds more
/// than spaces: a line with no line break of its own.
fn last_line_has_content(text: &str) -> bool {
    let last = text.rsplit('\n').next().unwrap_or(text);
    !last.trim_matches([' ', '\t', '\r']).is_empty()
}

/// A mapping key's text and kind: keys are read as scalars (`yes:` is the
/// key `true`, a boolean); a collection cannot be a key.
pub(super) fn key_name(value: Value) -> Result<(String, KeyKind), Value> {
    Ok(match value {
        Value::Str(s) => (s, KeyKind::Text),
        Value::Int(i) => (i.to_string(), KeyKind::Int),
        Value::Bool(b) => (b.to_string(), KeyKind::Bool),
        Value::Float(f) => (f.to_string(), KeyKind::Float),
        Value::Null => ("null".to_string(), KeyKind::Null),
        other => return Err(other),
    })
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| 1 + count_nodes(v)).sum(),
        _ => 0,
    }
}

/// The handle of the YAML core schema's tags (`!!str` is this and `str`).
const CORE_TAGS: &str = "tag:yaml.org,2002:";

/// A scalar's value: quoted and block scalars are text; a plain one is
/// null, a boolean, a number or text, as the YAML core schema reads it
/// (booleans also in YAML 1.1's words: `yes`, `no`, `on`, `off`). An
/// explicit core tag (`!!str`, `!!int`) decides instead, and the
/// non-specific tag `!` makes text. Any other tag is an error: a record
/// file has no use for it, and another reader may give it a meaning.
fn scalar(
    text: &str,
    style: granit_parser::ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Result<Value, String> {
    let Some(tag) = tag else {
        return Ok(if style == granit_parser::ScalarStyle::Plain {
            plain_scalar(text)
        } else {
            Value::Str(text.to_string())
        });
    };
    if is_non_specific(tag) {
        return Ok(Value::Str(text.to_string()));
    }
    let mismatch = |kind: &str| format!("`{text}` is tagged `!!{kind}` but is not {kind}");
    match core_tag(tag) {
        Some("str") => Ok(Value::Str(text.to_string())),
        Some("null") => match typed_scalar(text) {
            Value::Null => Ok(Value::Null),
            _ => Err(mismatch("null")),
        },
        Some("bool") => yaml_bool(text)
            .map(Value::Bool)
            .ok_or_else(|| mismatch("bool")),
        Some("int") => yaml_integer(text).ok_or_else(|| mismatch("int")),
        Some("float") => match yaml_number(text) {
            Some(Value::Int(i)) => Ok(Value::Float(i as f64)),
            Some(Value::Float(x)) => Ok(Value::Float(x)),
            _ => Err(mismatch("float")),
        },
        _ => Err(unknown_tag(tag)),
    }
}

/// Whether a collection's tag fits it: none, `!`, or `!!seq` on a list and
/// `!!map` on a table. Any other is an error, as for scalars.
fn collection_tag(tag: Option<&granit_parser::Tag>, sequence: bool) -> Result<(), String> {
    let Some(tag) = tag else { return Ok(()) };
    if is_non_specific(tag) {
        return Ok(());
    }
    match (core_tag(tag), sequence) {
        (Some("seq"), true) | (Some("map"), false) => Ok(()),
        _ => Err(unknown_tag(tag)),
    }
}

/// The non-specific tag `!`: "read this as text, or as the collection it is".
fn is_non_specific(tag: &granit_parser::Tag) -> bool {
    tag.handle().is_empty() && tag.suffix() == "!"
}

/// A core schema tag's name (`str` for `!!str`), if the tag is one.
fn core_tag(tag: &granit_parser::Tag) -> Option<&str> {
    if tag.handle() == CORE_TAGS {
        return Some(tag.suffix());
    }
    // A verbatim tag (`!<tag:yaml.org,2002:str>`) comes whole, as its suffix.
    tag.handle()
        .is_empty()
        .then(|| tag.suffix().strip_prefix(CORE_TAGS))
        .flatten()
}

fn unknown_tag(tag: &granit_parser::Tag) -> String {
    let shown = match core_tag(tag) {
        Some(name) => format!("!!{name}"),
        None => tag.to_string(),
    };
    format!(
        "the tag `{shown}` is not one mentor reads: only `!` and the core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`) are"
    )
}

/// A plain (unquoted, untagged) scalar as the core schema reads it.
pub(super) fn plain_scalar(text: &str) -> Value {
    // Most values are words, names and dates: a null, a boolean or a number
    // starts with one of these (`null`, `true`, `yes`, `on`, `false`, `no`,
    // `off`, digits, signs, `.inf`), and a word that starts with a letter is
    // text unless it is one of those few short words.
    let could_be_other = match text.as_bytes().first() {
        Some(b'n' | b'N' | b't' | b'T' | b'y' | b'Y' | b'o' | b'O' | b'f' | b'F') => {
            text.len() <= 5
        }
        Some(b) => !b.is_ascii_alphabetic(),
        None => true,
    };
    if could_be_other {
        typed_scalar(text)
    } else {
        Value::Str(text.to_string())
    }
}

/// A plain scalar read against every rule of the core schema, in order.
pub(super) fn typed_scalar(text: &str) -> Value {
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = yaml_bool(text) {
        return Value::Bool(b);
    }
    yaml_number(text).unwrap_or_else(|| Value::Str(text.to_string()))
}

/// The booleans: YAML 1.2's words, and YAML 1.1's `yes`, `no`, `on` and
/// `off` in the same three spellings (as PyYAML reads them). `y`, `n` and
/// other spellings (`yEs`) are text.
fn yaml_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// A number as the YAML 1.2 core schema writes one: a whole number or a
/// decimal; anything else (`1_000`, `0b101`, `-0x1F`) is text.
fn yaml_number(text: &str) -> Option<Value> {
    yaml_integer(text).or_else(|| yaml_decimal(text))
}

/// A whole number of the core schema (`12`, `-3`, `+3`, `0o17`, `0x1F`).
/// One past 64 bits is a decimal, so the decoder can say it is far too
/// large.
fn yaml_integer(text: &str) -> Option<Value> {
    let (radix, negative, digits) = if let Some(digits) = text.strip_prefix("0o") {
        (8, false, digits)
    } else if let Some(digits) = text.strip_prefix("0x") {
        (16, false, digits)
    } else if let Some(digits) = text.strip_prefix('-') {
        (10, true, digits)
    } else {
        (10, false, text.strip_prefix('+').unwrap_or(text))
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match u128::from_str_radix(digits, radix) {
        Ok(magnitude) => integer(negative, magnitude),
        Err(_) => Value::Float(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
    })
}

/// A decimal of the core schema (`1.5`, `.5`, `-1e3`, `.inf`, `.nan`).
fn yaml_decimal(text: &str) -> Option<Value> {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(Value::Float(f64::NAN));
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(Value::Float(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    is_core_decimal(unsigned)
        .then(|| text.parse::<f64>().ok().map(Value::Float))
        .flatten()
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`: the
/// core schema's decimal, after its sign.
fn is_core_decimal(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let whole = digits(text);
    let mut rest = &text[whole..];
    let mut fraction = 0;
    if let Some(after_point) = rest.strip_prefix('.') {
        fraction = digits(after_point);
        rest = &after_point[fraction..];
    }
    if whole == 0 && fraction == 0 {
        return false;
    }
    match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(exponent) => {
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            !exponent.is_empty() && digits(exponent) == exponent.len()
        }
    }
}

fn integer(negative: bool, magnitude: u128) -> Value {
    let signed = i128::try_from(magnitude)
        .ok()
        .map(|m| if negative { -m } else { m });
    match signed.and_then(|v| i64::try_from(v).ok()) {
        Some(v) => Value::Int(v),
        None => Value::Float(if negative {
            -(magnitude as f64)
        } else {
            magnitude as f64
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Syntax, block_yaml, parse as parse_file};
    use super::*;
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("f"), "f".into(), text.into())
    }

    #[test]
    fn the_shortcut_for_words_reads_scalars_as_the_full_rules_do() {
        let mut texts: Vec<String> = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "nulls",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "Yes",
            "y",
            "Y",
            "on",
            "On",
            "ON",
            "false",
            "False",
            "no",
            "No",
            "n",
            "N",
            "off",
            "Off",
            "of",
            "onn",
            "fals",
            "falsey",
            "yess",
            "ana-silva",
            "Teams",
            "office",
            "2026-03-16",
            "12",
            "-12",
            "+12",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1__0",
            "_1",
            "1.5",
            "-1.5e3",
            "1e-5",
            "1E+5",
            "e5",
            ".5",
            ".inf",
            "-.inf",
            ".NaN",
            "+.nan",
            "1-2",
            "1+2",
            "12:30",
            " yes",
            "yes ",
            "\ttrue",
            "99999999999999999999999",
            "0.1.2",
            "inf",
            "nan",
            "Infinity",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Every short word over the letters that start the special words.
        let letters = [
            "n", "u", "l", "t", "r", "e", "y", "s", "o", "f", "a", "N", "O",
        ];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            words = words
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            texts.extend(words.iter().cloned());
        }
        for text in &texts {
            let shortcut = format!("{:?}", plain_scalar(text));
            let full = format!("{:?}", typed_scalar(text));
            assert_eq!(shortcut, full, "{text:?}");
        }
    }

    /// The tree's one value at `key`, read by the general YAML parser and,
    /// when it takes the text, by the fast reader too (which must agree).
    fn yaml_value(text: &str, key: &str) -> Result<Value, SyntaxError> {
        let general = YamlBuilder::new(text).build()?;
        if let Some(fast) = block_yaml::parse(text) {
            assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{text:?}");
        }
        let Value::Map(entries) = general.value else {
            panic!("{text:?} is not a mapping");
        };
        let found = entries.into_iter().find(|(k, _)| k.name == key);
        Ok(found.map_or(Value::Null, |(_, v)| v.value))
    }

    #[test]
    fn a_block_ending_the_text_without_a_line_break_gains_none() {
        for (text, expected) in [
            ("a: |\n  x", "x"),
            ("a: |\n  x\n  y", "x\ny"),
            ("a: >\n  x\n  y", "x y"),
            ("a: |+\n  x", "x"),
            ("a: |-\n  x", "x"),
            // With a line break, or followed by anything, clip keeps it.
            ("a: |\n  x\n", "x\n"),
            ("a: >\n  x\n", "x\n"),
            ("a: |\n  x\n# c", "x\n"),
            ("a: |\n  x\nb: y", "x\n"),
            ("a: |\n  x\n\n", "x\n"),
        ] {
            let value = yaml_value(text, "a");
            assert_eq!(value, Ok(Value::Str(expected.into())), "{text:?}");
        }
    }

    #[test]
    fn the_non_specific_tag_makes_text_and_other_tags_are_refused() {
        assert_eq!(yaml_value("a: ! 12\n", "a"), Ok(Value::Str("12".into())));
        assert_eq!(
            yaml_value("a: ! true\n", "a"),
            Ok(Value::Str("true".into()))
        );
        assert_eq!(
            yaml_value("a: !!str 12\n", "a"),
            Ok(Value::Str("12".into()))
        );
        assert_eq!(yaml_value("a: !!int \"12\"\n", "a"), Ok(Value::Int(12)));
        assert_eq!(yaml_value("a: !!float 1\n", "a"), Ok(Value::Float(1.0)));
        assert_eq!(yaml_value("a: !!null ~\n", "a"), Ok(Value::Null));
        assert!(matches!(
            yaml_value("a: !!int 99999999999999999999\n", "a"),
            Ok(Value::Float(x)) if x > 9e19
        ));
        assert!(yaml_value("a: !!map {b: 1}\n", "a").is_ok());
        assert!(yaml_value("a: !!seq [1]\n", "a").is_ok());
        for refused in [
            "a: !!int twelve\n",
            "a: !!int 1.5\n",
            "a: !!bool maybe\n",
            "a: !!null x\n",
            "a: !!binary aGk=\n",
            "a: !local x\n",
            "a: !<tag:example.com,2000:x> 1\n",
            "a: !!set {b: ~}\n",
            "a: !!seq {b: 1}\n",
            "a: !!map [1]\n",
            "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        ] {
            assert!(yaml_value(refused, "a").is_err(), "{refused:?}");
        }
    }

    #[test]
    fn yaml_keys_of_different_types_are_different_keys() {
        let file = src("1: number\n\"1\": text\ntrue: yes\n\"true\": no\n~: a\n\"null\": b\n");
        let tree = parse_file(&file, Syntax::Yaml);
        let Ok(Node {
            value: Value::Map(entries),
            ..
        }) = tree
        else {
            panic!("{tree:?}");
        };
        let kinds: Vec<(&str, KeyKind)> = entries
            .iter()
            .map(|(k, _)| (k.name.as_str(), k.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("1", KeyKind::Int),
                ("1", KeyKind::Text),
                ("true", KeyKind::Bool),
                ("true", KeyKind::Text),
                ("null", KeyKind::Null),
                ("null", KeyKind::Text),
            ]
        );
        // The same value written twice is still the same key.
        for twice in [
            "1: a\n0x1: b\n",
            "yes: a\ntrue: b\n",
            "~: a\nnull: b\n",
            "a: 1\n'a': 2\n",
        ] {
            assert!(parse_file(&src(twice), Syntax::Yaml).is_err(), "{twice:?}");
        }
    }

    #[test]
    fn booleans_are_yaml_1_2_s_and_the_yaml_1_1_words_in_three_spellings() {
        for (words, value) in [
            (
                [
                    "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
                ],
                true,
            ),
            (
                [
                    "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF",
                ],
                false,
            ),
        ] {
            for word in words {
                assert_eq!(plain_scalar(word), Value::Bool(value), "{word}");
                assert_eq!(
                    yaml_value(&format!("a: {word}\n"), "a"),
                    Ok(Value::Bool(value))
                );
            }
        }
        for text in [
            "y", "Y", "n", "N", "yEs", "tRUE", "oN", "nO", "ofF", "FaLsE", "yes!",
        ] {
            assert_eq!(plain_scalar(text), Value::Str(text.into()), "{text}");
            assert_eq!(
                yaml_value(&format!("a: {text}\n"), "a"),
                Ok(Value::Str(text.into()))
            );
        }
    }

    #[test]
    fn numbers_are_the_yaml_core_schema_s() {
        for (text, value) in [
            ("12", Value::Int(12)),
            ("-12", Value::Int(-12)),
            ("+12", Value::Int(12)),
            ("012", Value::Int(12)),
            ("0o17", Value::Int(15)),
            ("0x1F", Value::Int(31)),
            ("1.5", Value::Float(1.5)),
            ("1.", Value::Float(1.0)),
            (".5", Value::Float(0.5)),
            ("-1.5e3", Value::Float(-1500.0)),
            ("1e3", Value::Float(1000.0)),
            ("-.inf", Value::Float(f64::NEG_INFINITY)),
        ] {
            assert_eq!(plain_scalar(text), value, "{text}");
        }
        // YAML 1.1's spellings, signed bases, bases without digits and
        // digits of other scripts are text.
        for text in [
            "1_000", "0b101", "-0x1F", "+0o17", "0x", "0o", "0b", "0x1G", "١٢", "1e", "e3", ".",
            "1.2.3", "+.nan", "1:30",
        ] {
            assert_eq!(plain_scalar(text), Value::Str(text.into()), "{text}");
        }
        assert!(matches!(plain_scalar(".NaN"), Value::Float(x) if x.is_nan()));
        // Past 64 bits: a decimal, for the decoder's "far too large".
        assert!(matches!(plain_scalar("99999999999999999999"), Value::Float(x) if x > 9e19));
    }

    #[test]
    fn quoted_and_flow_values_continue_on_indented_lines_only() {
        for refused in [
            "a: \"x\ny\"\n",
            "a: 'x\ny'\n",
            "a: [x,\ny]\n",
            "a: \"x\n\ty\"\n",
            "- a: \"x\n  y\"\n",
            "b:\n  a: \"x\n  y\"\n",
        ] {
            assert!(YamlBuilder::new(refused).build().is_err(), "{refused:?}");
        }
        for read in [
            ("a: \"x\n y\"\n", "x y"),
            ("a: 'x\n\n y'\n", "x\ny"),
            ("- a: \"x\n   y\"\n", "x y"),
            ("\"x\ny\"\n", "x y"),
        ] {
            let tree = YamlBuilder::new(read.0).build();
            assert!(
                format!("{tree:?}").contains(&format!("{:?}", read.1)),
                "{read:?}: {tree:?}"
            );
        }
        assert!(YamlBuilder::new("a: [x,\n  y]\n").build().is_ok());
        assert!(YamlBuilder::new("[x,\ny]\n").build().is_ok());
    }
}

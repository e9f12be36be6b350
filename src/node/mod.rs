//! A format-neutral, spanned document tree.
//!
//! TOML and YAML are parsed into the same [`Node`] tree so that one decoder, one
//! schema and one set of messages serve both formats. Keeping the tree (rather
//! than deserializing straight into the model) is what lets `validate` report
//! every bad field of a file instead of stopping at the first.

mod block_yaml;
#[cfg(test)]
mod conformance;
mod line_toml;
#[cfg(test)]
mod read_alike;
mod yaml;

use crate::source::{ByteRange, SourceFile};

/// Which syntax a file is written in, decided by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "toml" => Some(Self::Toml),
            "yaml" | "yml" => Some(Self::Yaml),
            _ => None,
        }
    }
}

/// A value with the byte range it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub range: ByteRange,
}

/// A key of a mapping, with its own location (unknown-field errors point here).
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key's text: `1:` and `"1":` both name `1`.
    pub name: String,
    pub range: ByteRange,
    /// What the key was written as: `1:` and `"1":` are different keys.
    pub kind: KeyKind,
}

/// What a YAML key reads as: text, or a scalar of another type (`1:`,
/// `true:`, `~:`). Two keys are the same key only when their name and kind
/// both agree, so `1:` and `"1":` may stand in one mapping (as YAML says);
/// TOML keys are always text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Text,
    Int,
    Float,
    Bool,
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A TOML date, time or date-time literal, in its TOML spelling.
    Datetime(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// How the value is described to a person in a type error.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text",
            Value::Datetime(_) => "a date-time",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a table",
        }
    }
}

/// The byte-order mark an editor may write before a file's text.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// Why a record file's bytes are not text the parsers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotText {
    NotUtf8,
    /// TOML and YAML allow one byte-order mark, at the start; a second one
    /// is not part of either syntax.
    SecondByteOrderMark,
}

impl NotText {
    pub fn message(self) -> &'static str {
        match self {
            NotText::NotUtf8 => "the file is not UTF-8 text",
            NotText::SecondByteOrderMark => {
                "the file starts with two byte-order marks (invisible characters); a file may have one"
            }
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            NotText::NotUtf8 => "save the file as UTF-8",
            NotText::SecondByteOrderMark => {
                "save the file as UTF-8 without a byte-order mark, or delete the invisible characters before the first line"
            }
        }
    }
}

/// A record file's bytes as the text the parsers read: UTF-8, without the
/// one byte-order mark an editor may put first (it is invisible in editors,
/// and would shift every column).
pub fn file_text(bytes: Vec<u8>) -> Result<String, NotText> {
    let mut text = String::from_utf8(bytes).map_err(|_| NotText::NotUtf8)?;
    let mark = text.len() - without_byte_order_mark(&text)?.len();
    if mark > 0 {
        text.replace_range(..mark, "");
    }
    Ok(text)
}

/// `text` without the byte-order mark it may start with; a second mark is
/// an error.
fn without_byte_order_mark(text: &str) -> Result<&str, NotText> {
    let rest = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
    if rest.starts_with(BYTE_ORDER_MARK) {
        return Err(NotText::SecondByteOrderMark);
    }
    Ok(rest)
}

/// A syntax error, located in the file it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub range: ByteRange,
    pub message: String,
}

/// Parse a whole file. A file with syntax errors yields every error the parser
/// could recover from, and no tree.
pub fn parse(file: &SourceFile, syntax: Syntax) -> Result<Node, Vec<SyntaxError>> {
    match syntax {
        Syntax::Toml => parse_toml(&file.text),
        Syntax::Yaml => parse_yaml(file),
    }
}

/// TOML's counterpart of the YAML budget: how deep arrays and inline tables
/// may nest, and how many a file may open. A record is a handful of tables
/// deep; a file of millions of empty arrays would take gigabytes to parse.
const TOML_MAX_DEPTH: usize = 64;
const TOML_MAX_CONTAINERS: usize = 100_000;

/// Check the budget before parsing, in one pass over the bytes that skips
/// strings and comments.
fn toml_budget(text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let (mut depth, mut containers, mut i) = (0usize, 0usize, 0usize);
    let over = |at: usize, message: String| SyntaxError {
        range: ByteRange::new(at, at + 1),
        message,
    };
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(if quote == b'"' { b"\"\"\"" } else { b"'''" });
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if bytes[i..].starts_with(if quote == b'"' { b"\"\"\"" } else { b"'''" }) {
                            i += 3;
                            break;
                        }
                    } else if bytes[i] == quote || bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                containers += 1;
                if depth > TOML_MAX_DEPTH {
                    return Err(over(
                        i,
                        format!(
                            "arrays and tables are nested more than {TOML_MAX_DEPTH} deep; no record needs that"
                        ),
                    ));
                }
                if containers > TOML_MAX_CONTAINERS {
                    return Err(over(
                        i,
                        format!(
                            "the file opens more than {TOML_MAX_CONTAINERS} arrays and tables; no record needs that"
                        ),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn parse_toml(text: &str) -> Result<Node, Vec<SyntaxError>> {
    toml_budget(text).map_err(|e| vec![e])?;
    // Most person and pair files are plain `key = value` lines.
    if let Some(root) = line_toml::parse(text) {
        return Ok(root);
    }
    general_toml(text)
}

/// Any TOML file, through the `toml` crate: every error found and worded.
fn general_toml(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                SyntaxError {
                    range: ByteRange::new(span.start, span.end),
                    message: e.message().trim().to_string(),
                }
            })
            .collect());
    }
    let span = table.span();
    let mut errors = Vec::new();
    let value = toml_table(table.into_inner(), text, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Node {
        value,
        range: ByteRange::new(span.start, span.end),
    })
}

/// A table of the `toml` crate's tree as ours; numbers it leaves unchecked
/// (out of range, no digits) are errors in `errors`.
fn toml_table(table: toml::de::DeTable<'_>, text: &str, errors: &mut Vec<SyntaxError>) -> Value {
    Value::Map(
        table
            .into_iter()
            .map(|(key, value)| {
                let key_span = key.span();
                let key = Key {
                    name: key.into_inner().into_owned(),
                    range: ByteRange::new(key_span.start, key_span.end),
                    kind: KeyKind::Text,
                };
                (key, toml_node(value, text, errors))
            })
            .collect(),
    )
}

fn toml_node(
    spanned: toml::Spanned<toml::de::DeValue<'_>>,
    text: &str,
    errors: &mut Vec<SyntaxError>,
) -> Node {
    use toml::de::DeValue;
    let span = spanned.span();
    let range = ByteRange::new(span.start, span.end);
    let mut invalid = |message: String| {
        errors.push(SyntaxError { range, message });
        Value::Null
    };
    let written = || text.get(span.clone()).unwrap_or_default();
    let value = match spanned.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        // The crate checks a number's shape, not its digits or range: TOML
        // says a whole number that does not fit in 64 bits is an error.
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(e) => match e.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                    invalid(format!(
                        "`{}` is far too large a number (whole numbers go from {} to {})",
                        written(),
                        i64::MIN,
                        i64::MAX
                    ))
                }
                _ => invalid(format!(
                    "`{}` is not a whole number: write it with the digits 0-9 (and a-f after `0x`), at least one after `0x`, `0o` or `0b`",
                    written()
                )),
            },
        },
        DeValue::Float(f) => match f.as_str().parse() {
            Ok(x) => Value::Float(x),
            Err(_) => invalid(format!("`{}` is not a number", written())),
        },
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| toml_node(item, text, errors))
                .collect(),
        ),
        DeValue::Table(table) => toml_table(table, text, errors),
    };
    Node { value, range }
}

/// Build the tree straight from the YAML parser's events (`granit-parser`,
/// the parser under serde-saphyr): one pass, no serde layer, scalars typed
/// by the YAML core schema (with YAML 1.1's `yes`/`no`, as people write them).
/// The plain block style most files use is read first, in one pass over
/// the lines.
fn parse_yaml(file: &SourceFile) -> Result<Node, Vec<SyntaxError>> {
    if let Some(node) = block_yaml::parse(&file.text) {
        return Ok(node);
    }
    yaml::YamlBuilder::new(&file.text)
        .build()
        .map_err(|e| vec![e])
}

/// The first non-space at or after `from` on a line ending at `end` (`end`
/// if there is none): how both fast readers step between tokens.
fn skip_spaces(text: &str, from: usize, end: usize) -> usize {
    let from = from.min(end);
    let rest = &text[from..end];
    from + rest.len() - rest.trim_start_matches(' ').len()
}

/// Whether two values are the same, wherever each was written.
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, v), (l, w))| k.name == l.name && same(v, w))
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (x, y) => x == y,
    }
}

/// One revision of a record file from git, parsed as its path says (a
/// byte-order mark dropped, as the loader does); `None` when it does not
/// parse. `audit` and
/// `history` read every version this way.
pub fn parse_revision(path: &str, text: &str) -> Option<Node> {
    let syntax = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Syntax::from_extension)?;
    let text = without_byte_order_mark(text).ok()?;
    let file = SourceFile::new(path.into(), path.into(), text.to_string());
    parse(&file, syntax).ok()
}

/// A parser's message as a plain sentence for someone editing a file in a
/// web editor, and what to change: parser jargon ("did not find expected
/// key", "set DuplicateKeyPolicy") never reaches them.
pub fn plain_syntax_error(message: &str, text: &str, at: usize) -> (String, Option<String>) {
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[..line_start];
    let previous = before
        .trim_end_matches('\n')
        .rsplit('\n')
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let plain = |m: &str, h: &str| (m.to_string(), Some(h.to_string()));
    if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        if let Some(key) = previous
            .trim()
            .strip_suffix("[]")
            .map(str::trim)
            .and_then(|k| k.strip_suffix(':'))
        {
            return plain(
                &format!("the entries below `{key}: []` are outside the list"),
                &format!(
                    "remove the `[]` after `{key}:`: the entries go below it, each starting with `- `"
                ),
            );
        }
        return plain(
            "this line does not line up with the lines of its entry",
            "indent it with spaces like the lines around it, and start each new entry with `- `",
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return plain(
            &format!("`{key}` appears twice in the same entry"),
            "start each entry (a meeting, a goal) with `- `: without the dash, two entries run together",
        );
    }
    if message.contains("tabs disallowed") || message.contains("found a tab") {
        return plain(
            "a tab is used for indentation",
            "indent with spaces, not tabs",
        );
    }
    if message.contains("simple key expected ':'")
        || message.contains("could not find expected ':'")
    {
        return plain(
            "a colon is missing, or has no space after it",
            "write `key: value` with a space after the colon, such as `minutes: 45`",
        );
    }
    if message.contains("is not one mentor reads") {
        return plain(message, "remove the tag: no field of a record needs one");
    }
    if message.contains("continues the value above") {
        return plain(
            message,
            "indent the line further, with spaces, or write the value on one line",
        );
    }
    if message.contains("mapping values are not allowed") {
        return plain(
            "a value contains `: `, which YAML reads as a new field",
            "put the text in quotes, such as `\"Budget: next steps\"`",
        );
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("f"), "f".into(), text.into())
    }

    fn key_ranges(node: &Node) -> Vec<(String, u32)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| (k.name.clone(), k.range.start))
                .collect(),
            _ => vec![],
        }
    }

    #[test]
    fn toml_and_yaml_give_the_same_shape_with_key_offsets() {
        let toml = parse(&src("name = \"A\"\nstart = 2025-01-01\n"), Syntax::Toml);
        let yaml = parse(&src("name: A\nstart: 2025-01-01\n"), Syntax::Yaml);
        let (toml, yaml) = (toml.ok(), yaml.ok());
        assert_eq!(
            key_ranges(toml.as_ref().expect("toml parses")),
            vec![("name".into(), 0), ("start".into(), 11)]
        );
        assert_eq!(
            key_ranges(yaml.as_ref().expect("yaml parses")),
            vec![("name".into(), 0), ("start".into(), 8)]
        );
    }

    #[test]
    fn toml_reports_several_syntax_errors() {
        let errors = parse(&src("a = \nb = 1\nc = [1,\n"), Syntax::Toml).err();
        assert!(errors.is_some_and(|e| !e.is_empty()));
    }

    #[test]
    fn yaml_syntax_error_has_location_and_clean_message() {
        let file = src("a: 1\n b: 2\n");
        let errors = parse(&file, Syntax::Yaml).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(file.line_col(errors[0].range.start).0, 2);
        assert!(!errors[0].message.starts_with("error"));
        assert!(!errors[0].message.contains("line 2"));
    }

    #[test]
    fn yaml_duplicate_keys_are_syntax_errors() {
        assert!(parse(&src("a: 1\na: 2\n"), Syntax::Yaml).is_err());
    }

    #[test]
    fn toml_numbers_the_spec_refuses_are_syntax_errors() {
        for (text, says) in [
            ("a = 0x\n", "not a whole number"),
            ("a = 0o\n", "not a whole number"),
            ("a = 0b\n", "not a whole number"),
            ("a = 1_0\u{660}\n", "not a whole number"),
            ("a = 9223372036854775808\n", "far too large"),
            ("a = -9223372036854775809\n", "far too large"),
            ("a = [1, 0x]\n", "not a whole number"),
            ("[t]\na = 0x\n", "not a whole number"),
        ] {
            let errors = parse(&src(text), Syntax::Toml).err();
            assert!(
                errors
                    .as_ref()
                    .is_some_and(|e| e.iter().any(|e| e.message.contains(says))),
                "{text:?}: {errors:?}"
            );
        }
        let tree = parse(&src("a = -9223372036854775808\nb = 0xFF\n"), Syntax::Toml);
        assert!(
            format!("{tree:?}").contains("Int(-9223372036854775808)"),
            "{tree:?}"
        );
        assert!(format!("{tree:?}").contains("Int(255)"), "{tree:?}");
    }

    #[test]
    fn one_byte_order_mark_is_dropped_and_a_second_is_an_error() {
        assert_eq!(file_text(b"a: 1\n".to_vec()), Ok("a: 1\n".to_string()));
        assert_eq!(
            file_text("\u{feff}a: 1\n".as_bytes().to_vec()),
            Ok("a: 1\n".to_string())
        );
        assert_eq!(
            file_text("\u{feff}\u{feff}a: 1\n".as_bytes().to_vec()),
            Err(NotText::SecondByteOrderMark)
        );
        assert_eq!(file_text(vec![b'a', 0xff]), Err(NotText::NotUtf8));
        assert!(parse_revision("f.yaml", "\u{feff}a: 1\n").is_some());
        assert!(parse_revision("f.yaml", "\u{feff}\u{feff}a: 1\n").is_none());
        assert!(parse_revision("f.toml", "\u{feff}\u{feff}a = 1\n").is_none());
    }
}

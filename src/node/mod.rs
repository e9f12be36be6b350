//! A format-neutral, spanned document tree.
//!
//! TOML and YAML are parsed into the same [`Node`] tree so that one decoder, one
//! schema and one set of messages serve both formats. Keeping the tree (rather
//! than deserializing straight into the model) is what lets `validate` report
//! every bad field of a file instead of stopping at the first.

mod block_yaml;
mod line_toml;
#[cfg(test)]
mod read_alike;

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
    pub name: String,
    pub range: ByteRange,
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
    Ok(Node {
        value: toml_table(table.into_inner()),
        range: ByteRange::new(span.start, span.end),
    })
}

fn toml_table(table: toml::de::DeTable<'_>) -> Value {
    Value::Map(
        table
            .into_iter()
            .map(|(key, value)| {
                let key_span = key.span();
                let key = Key {
                    name: key.into_inner().into_owned(),
                    range: ByteRange::new(key_span.start, key_span.end),
                };
                (key, toml_node(value))
            })
            .collect(),
    )
}

fn toml_node(spanned: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let span = spanned.span();
    let value = match spanned.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| Value::Float(f64::INFINITY), Value::Int),
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Seq(items.into_iter().map(toml_node).collect()),
        DeValue::Table(table) => toml_table(table),
    };
    Node {
        value,
        range: ByteRange::new(span.start, span.end),
    }
}

/// Record files are small: a decade of weekly meetings is about 5,000
/// nodes. Tight limits make alias bombs, runaway files and deep nesting fail
/// in milliseconds instead of after a quarter of a million nodes.
const YAML_MAX_NODES: usize = 100_000;
const YAML_MAX_ALIASES: usize = 1_000;
const YAML_MAX_REPLAYED_NODES: usize = 20_000;
const YAML_MAX_DEPTH: usize = 64;

/// Build the tree straight from the YAML parser's events (`granit-parser`,
/// the parser under serde-saphyr): one pass, no serde layer, scalars typed
/// by the YAML core schema (with YAML 1.1's `yes`/`no`, as people write them).
fn parse_yaml(file: &SourceFile) -> Result<Node, Vec<SyntaxError>> {
    if let Some(node) = block_yaml::parse(&file.text) {
        return Ok(node);
    }
    YamlBuilder::new(&file.text).build().map_err(|e| vec![e])
}

/// A collection being filled: its start, and what it holds so far.
enum Open {
    Seq(usize, Vec<Node>),
    /// A mapping, and the key read whose value is awaited.
    Map(usize, Vec<(Key, Node)>, Option<Key>),
}

struct YamlBuilder<'a> {
    text: &'a str,
    parser: granit_parser::Parser<'a, granit_parser::StrInput<'a>>,
    /// Anchored nodes by anchor id, for aliases.
    anchors: std::collections::HashMap<usize, Node>,
    nodes: usize,
    aliases: usize,
    replayed: usize,
}

impl<'a> YamlBuilder<'a> {
    fn new(text: &'a str) -> Self {
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

    fn build(mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Open> = Vec::new();
        // Anchors of the open collections, set when they close.
        let mut open_anchors: Vec<usize> = Vec::new();
        let mut root: Option<Node> = None;
        let mut documents = 0;
        while let Some(next) = self.parser.next_event() {
            let (event, span) = next.map_err(|e| {
                let at = self.offset(e.marker());
                self.error(at, e.info())
            })?;
            let start = self.offset(&span.start);
            let end = self.offset(&span.end).max(start);
            use granit_parser::Event;
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
                    let value = scalar(&text, style, tag.as_deref());
                    let node = Node {
                        value,
                        range: ByteRange::new(start, end),
                    };
                    self.count(start, 1)?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    node
                }
                Event::Alias(id) => {
                    self.aliases += 1;
                    if self.aliases > YAML_MAX_ALIASES {
                        return Err(self.error(start, format!("more than {YAML_MAX_ALIASES} aliases (`*name`); no record needs that")));
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
                    node
                }
                Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                    if stack.len() >= YAML_MAX_DEPTH {
                        return Err(self.error(start, format!("lists and entries are nested more than {YAML_MAX_DEPTH} deep; no record needs that")));
                    }
                    self.count(start, 1)?;
                    stack.push(if matches!(event, Event::SequenceStart(..)) {
                        Open::Seq(start, Vec::new())
                    } else {
                        Open::Map(start, Vec::new(), None)
                    });
                    open_anchors.push(anchor);
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let anchor = open_anchors.pop().unwrap_or(0);
                    let node = match stack.pop() {
                        Some(Open::Seq(from, items)) => Node {
                            value: Value::Seq(items),
                            range: ByteRange::new(from, end.max(from)),
                        },
                        Some(Open::Map(from, entries, _)) => Node {
                            value: Value::Map(entries),
                            range: ByteRange::new(from, end.max(from)),
                        },
                        None => {
                            return Err(
                                self.error(start, "a list or entry closes that never opened")
                            );
                        }
                    };
                    if anchor != 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    node
                }
                // Comments and anchor names are presentation, not data.
                _ => continue,
            };
            match stack.last_mut() {
                None => root = Some(complete),
                Some(Open::Seq(_, items)) => items.push(complete),
                Some(Open::Map(_, entries, pending)) => match pending.take() {
                    None => *pending = Some(self.key(complete)?),
                    Some(key) => {
                        if entries.iter().any(|(k, _)| k.name == key.name) {
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
        }
        Ok(root.unwrap_or(Node {
            value: Value::Null,
            range: ByteRange::default(),
        }))
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
            Ok(name) => Ok(Key { name, range }),
            Err(other) => Err(self.error(
                range.start as usize,
                format!("a key must be plain text, not {}", other.describe()),
            )),
        }
    }
}

/// A mapping key's text: keys are read as scalars (`yes:` is the key
/// `true`); a collection cannot be a key.
fn key_name(value: Value) -> Result<String, Value> {
    Ok(match value {
        Value::Str(s) => s,
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Null => "null".to_string(),
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

/// A scalar's value: quoted and block scalars are text; a plain one is
/// null, a boolean, a number or text, as the YAML core schema reads it
/// (booleans also in YAML 1.1's words: `yes`, `no`, `on`, `off`). An
/// explicit core tag (`!!str`, `!!int`) decides instead.
fn scalar(
    text: &str,
    style: granit_parser::ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Value {
    let core = tag
        .filter(|t| t.handle() == "tag:yaml.org,2002:")
        .map(granit_parser::Tag::suffix);
    let plain = style == granit_parser::ScalarStyle::Plain;
    match core {
        Some("str") => return Value::Str(text.to_string()),
        Some("null") => return Value::Null,
        Some("bool") => {
            return yaml_bool(text).map_or_else(|| Value::Str(text.to_string()), Value::Bool);
        }
        Some("int" | "float") => {
            return yaml_number(text.trim()).unwrap_or_else(|| Value::Str(text.to_string()));
        }
        _ if !plain || tag.is_some_and(|t| t.handle() == "!") => {
            return Value::Str(text.to_string());
        }
        _ => {}
    }
    plain_scalar(text)
}

/// The first non-space at or after `from` on a line ending at `end` (`end`
/// if there is none): how both fast readers step between tokens.
fn skip_spaces(text: &str, from: usize, end: usize) -> usize {
    let from = from.min(end);
    let rest = &text[from..end];
    from + rest.len() - rest.trim_start_matches(' ').len()
}

/// A plain (unquoted, untagged) scalar as the core schema reads it.
fn plain_scalar(text: &str) -> Value {
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
fn typed_scalar(text: &str) -> Value {
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = yaml_bool(text) {
        return Value::Bool(b);
    }
    yaml_number(text).unwrap_or_else(|| Value::Str(text.to_string()))
}

fn yaml_bool(text: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
    const FALSE: [&str; 4] = ["false", "no", "n", "off"];
    let t = text.trim();
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// An integer (decimal, `0x`, `0o`, `0b`; `_` between digits) or a decimal
/// number (`1.5`, `1e3`, `.inf`, `.nan`); an integer past 64 bits is a
/// decimal, so the decoder can say it is far too large.
fn yaml_number(text: &str) -> Option<Value> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(Value::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        ".nan" | ".NaN" | ".NAN" if text == unsigned => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    let digits_ok = |digits: &str, radix: u32| {
        !digits.is_empty()
            && !digits.starts_with('_')
            && !digits.ends_with('_')
            && !digits.contains("__")
            && digits.chars().all(|c| c == '_' || c.is_digit(radix))
    };
    let radix = match unsigned.get(..2) {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    if let Some(radix) = radix {
        let digits = &unsigned[2..];
        if !digits_ok(digits, radix) {
            return None;
        }
        let magnitude = u128::from_str_radix(&digits.replace('_', ""), radix).ok()?;
        return Some(integer(negative, magnitude));
    }
    if digits_ok(unsigned, 10) {
        let cleaned = without_underscores(unsigned);
        return Some(match cleaned.parse::<u128>() {
            Ok(magnitude) => integer(negative, magnitude),
            Err(_) => Value::Float(without_underscores(text).parse().unwrap_or(f64::INFINITY)),
        });
    }
    // A decimal: digits, at most one point, an exponent; at least one digit.
    // A sign only follows the exponent's `e` (so a date is ruled out here).
    let bytes = unsigned.as_bytes();
    let shaped = bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().enumerate().all(|(i, &b)| {
            b.is_ascii_digit()
                || matches!(b, b'.' | b'e' | b'E' | b'_')
                || (matches!(b, b'+' | b'-') && i > 0 && matches!(bytes[i - 1], b'e' | b'E'))
        })
        && !unsigned.starts_with(['e', 'E', '_']);
    if !shaped {
        return None;
    }
    without_underscores(text)
        .parse::<f64>()
        .ok()
        .map(Value::Float)
}

/// A number's digits without the `_` that group them (`1_000`), copied only
/// when there are any.
fn without_underscores(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('_') {
        text.replace('_', "").into()
    } else {
        text.into()
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

/// One revision of a record file from git, parsed as its path says (a
/// byte-order mark dropped); `None` when it does not parse. `audit` and
/// `history` read every version this way.
pub fn parse_revision(path: &str, text: &str) -> Option<Node> {
    let syntax = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Syntax::from_extension)?;
    let file = SourceFile::new(
        path.into(),
        path.into(),
        text.trim_start_matches('\u{feff}').to_string(),
    );
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
}

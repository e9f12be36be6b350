//! A format-neutral, spanned document tree.
//!
//! TOML and YAML are parsed into the same [`Node`] tree so that one decoder, one
//! schema and one set of messages serve both formats. Keeping the tree (rather
//! than deserializing straight into the model) is what lets `validate` report
//! every bad field of a file instead of stopping at the first.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

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

fn parse_yaml(file: &SourceFile) -> Result<Node, Vec<SyntaxError>> {
    // Record files are small: a decade of weekly meetings is about 5,000
    // nodes. Tight limits make alias bombs and runaway files fail in
    // milliseconds instead of after a quarter of a million nodes.
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_nodes: 100_000,
            max_aliases: 1_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 20_000,
        },
    };
    match serde_saphyr::from_str_with_options::<YamlNode>(&file.text, options) {
        Ok(node) => Ok(node.0),
        Err(error) => {
            let range = error.location().map_or(ByteRange::default(), |loc| {
                let start = file.offset_of(loc.line() as usize, loc.column() as usize);
                ByteRange::new(start, start)
            });
            Err(vec![SyntaxError {
                range,
                message: yaml_message(&error.to_string()),
            }])
        }
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

/// serde-saphyr prefixes its messages with "error: line L column C: "; the
/// location is reported separately, so keep only the explanation.
fn yaml_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let without_location = match first.find(" column ") {
        Some(at) if first.starts_with("line ") => first[at + 8..]
            .split_once(": ")
            .map_or(first, |(_, rest)| rest),
        _ => first,
    };
    let message = without_location.trim();
    // Some messages repeat the location at the end: "... at line 2, column 3".
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => message[..at].to_string(),
        _ => message.to_string(),
    }
}

struct YamlNode(Node);

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<YamlValue>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(YamlNode(Node {
            value: spanned.value.0,
            range: ByteRange::new(start, start + len),
        }))
    }
}

struct YamlValue(Value);

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(YamlValue)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        YamlValue::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<YamlNode>()? {
            items.push(item.0);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(YamlNode(key)) = map.next_key::<YamlNode>()? {
            let name = match key.value {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Null => "null".to_string(),
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "a key must be plain text, not {}",
                        other.describe()
                    )));
                }
            };
            let value = map.next_value::<YamlNode>()?.0;
            entries.push((
                Key {
                    name,
                    range: key.range,
                },
                value,
            ));
        }
        Ok(Value::Map(entries))
    }
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
}

//! The plain block YAML that `mentor` writes and people edit, read without
//! the general YAML parser.
//!
//! Nearly every record file is block mappings and lists of one-line values:
//! `key: value`, `- item`, `- key: value`, `[a, b]`, quoted text, comments.
//! The general parser spends most of `validate`'s time on such files, so
//! this reader takes them in one pass over the lines. Anything outside that
//! subset (anchors, tags, block or multi-line scalars, escapes, flow tables,
//! tabs, CRLF, indentless lists, duplicate keys, any error) answers `None`
//! and the file goes to the general parser, which reads every YAML file and
//! words every error. The tests hold the two to the same tree, byte ranges
//! included, on every file both read.

use super::yaml::{YAML_MAX_DEPTH, YAML_MAX_NODES, key_name, plain_scalar};
use super::{Key, Node, Value, skip_spaces};
use crate::source::ByteRange;

/// The tree of `text`, or `None` when the general parser must read it.
pub(super) fn parse(text: &str) -> Option<Node> {
    if !text.chars().all(plain_char) {
        return None;
    }
    let lines = content_lines(text)?;
    let first = *lines.first()?;
    if first.indent() != 0 {
        return None;
    }
    let mut reader = Reader {
        text,
        lines,
        current: 0,
        nodes: 0,
    };
    let root = reader.block(first.start, 0, 0)?;
    (reader.current == reader.lines.len()).then_some(root)
}

/// Characters this reader takes as they are: printable, no tab, no carriage
/// return, nothing YAML treats specially (byte order mark, line separators).
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~')
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// A line with content (not blank, not only a comment).
#[derive(Clone, Copy)]
struct Line {
    /// Where the line begins.
    begin: usize,
    /// Where its content begins (after the indentation).
    start: usize,
    /// Where it ends, before the newline.
    end: usize,
}

impl Line {
    fn indent(self) -> usize {
        self.start - self.begin
    }
}

fn content_lines(text: &str) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    let mut begin = 0;
    for line in text.split('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if indent == 0
            && (line.starts_with("---") || line.starts_with("...") || line.starts_with('%'))
        {
            return None;
        }
        if !content.is_empty() && !content.starts_with('#') {
            lines.push(Line {
                begin,
                start: begin + indent,
                end: begin + line.len(),
            });
        }
        begin += line.len() + 1;
    }
    Some(lines)
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The content line being read.
    current: usize,
    nodes: usize,
}

impl Reader<'_> {
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes < YAML_MAX_NODES).then_some(())
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Whether `at` holds a list item's `- `.
    fn is_item(&self, at: usize) -> bool {
        self.byte(at) == Some(b'-') && self.byte(at + 1).is_none_or(|b| b == b' ' || b == b'\n')
    }

    /// A simple key at `at` (`name:` then a space or the end of the line):
    /// where the key ends.
    fn key_at(&self, at: usize, end: usize) -> Option<usize> {
        let bytes = &self.text.as_bytes()[at..end];
        let length = bytes
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))
            .unwrap_or(bytes.len());
        let key_end = at + length;
        let valid = length > 0
            && length <= 1_000
            && bytes[0] != b'-'
            && self.byte(key_end) == Some(b':')
            && (key_end + 1 == end || self.byte(key_end + 1) == Some(b' '));
        valid.then_some(key_end)
    }

    /// The line the reader is on.
    fn line(&self) -> Option<Line> {
        self.lines.get(self.current).copied()
    }

    /// A block collection starting at `at`, its entries at `column`.
    fn block(&mut self, at: usize, column: usize, depth: usize) -> Option<Node> {
        let end = self.line()?.end;
        if self.is_item(at) {
            self.list(at, column, depth + 1)
        } else if self.key_at(at, end).is_some() {
            self.map(at, column, depth + 1)
        } else {
            None
        }
    }

    /// After an entry at `column`: where the next entry starts, or where the
    /// collection ends (the next token, or the end of the text).
    fn next_entry(&self, column: usize) -> Option<Result<Line, usize>> {
        match self.line() {
            Some(next) if next.indent() == column => Some(Ok(next)),
            // A deeper line here would continue a value over lines.
            Some(next) if next.indent() > column => None,
            Some(next) => Some(Err(next.start)),
            None => Some(Err(self.text.len())),
        }
    }

    fn map(&mut self, start: usize, column: usize, depth: usize) -> Option<Node> {
        deep_enough(depth)?;
        self.count()?;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut at = start;
        let end = loop {
            let line = self.line()?;
            let key_end = self.key_at(at, line.end)?;
            self.count()?;
            let (name, kind) = key_name(plain_scalar(&self.text[at..key_end])).ok()?;
            if entries
                .iter()
                .any(|(k, _)| k.name == name && k.kind == kind)
            {
                return None;
            }
            let key = Key {
                name,
                range: ByteRange::new(at, key_end),
                kind,
            };
            let rest = skip_spaces(self.text, key_end + 1, line.end);
            let value = if rest == line.end {
                self.current += 1;
                match self.line() {
                    Some(next) if next.indent() > column => {
                        self.block(next.start, next.indent(), depth)?
                    }
                    // A list at the key's own indentation.
                    Some(next) if next.indent() == column && self.is_item(next.start) => {
                        return None;
                    }
                    _ => {
                        self.count()?;
                        Node {
                            value: Value::Null,
                            range: ByteRange::new(key_end, key_end),
                        }
                    }
                }
            } else {
                self.value(rest, column)?
            };
            entries.push((key, value));
            match self.next_entry(column)? {
                Ok(next) if self.is_item(next.start) => return None,
                Ok(next) => at = next.start,
                Err(end) => break end,
            }
        };
        Some(Node {
            value: Value::Map(entries),
            range: ByteRange::new(start, end),
        })
    }

    fn list(&mut self, start: usize, column: usize, depth: usize) -> Option<Node> {
        deep_enough(depth)?;
        self.count()?;
        let mut items = Vec::new();
        let mut at = start;
        let end = loop {
            let line = self.line()?;
            let content = skip_spaces(self.text, at + 1, line.end);
            if content == line.end || self.is_item(content) {
                return None;
            }
            let item = if self.key_at(content, line.end).is_some() {
                self.map(content, content - line.begin, depth + 1)?
            } else {
                self.value(content, column)?
            };
            items.push(item);
            match self.next_entry(column)? {
                Ok(next) if self.is_item(next.start) => at = next.start,
                Ok(_) => return None,
                Err(end) => break end,
            }
        };
        Some(Node {
            value: Value::Seq(items),
            range: ByteRange::new(start, end),
        })
    }

    /// A value on one line from `at` to `end`, then nothing but a comment.
    fn inline(&mut self, at: usize, end: usize) -> Option<Node> {
        self.count()?;
        let text = self.text;
        let (value, value_end) = match self.byte(at)? {
            b'"' | b'\'' => quoted(text, at, end)?,
            b'[' => self.flow_list(at, end)?,
            b if is_indicator(b) => return None,
            _ => {
                let line = &text[at..end];
                let length = line.find(" #").unwrap_or(line.len());
                let plain = line[..length].trim_end_matches(' ');
                if plain.contains(": ") || plain.ends_with(':') {
                    return None;
                }
                (plain_scalar(plain), at + plain.len())
            }
        };
        let rest = &text[value_end..end];
        let trimmed = rest.trim_start_matches(' ');
        let comment = trimmed.starts_with('#') && trimmed.len() < rest.len();
        (trimmed.is_empty() || comment).then_some(Node {
            value,
            range: ByteRange::new(at, value_end),
        })
    }

    /// `[a, "b", 'c']` of one-line values, on one line.
    fn flow_list(&mut self, at: usize, end: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let mut items = Vec::new();
        let mut pos = skip_spaces(text, at + 1, end);
        if self.byte(pos) == Some(b']') {
            return Some((Value::Seq(items), pos + 1));
        }
        loop {
            self.count()?;
            let (value, item_end) = match self.byte(pos)? {
                b'"' | b'\'' => quoted(text, pos, end)?,
                b if is_indicator(b) => return None,
                _ => {
                    let length = text[pos..end].find([',', ']'])?;
                    let item = text[pos..pos + length].trim_end_matches(' ');
                    if item.contains(['[', '{', '}', '"', '\'', '#', ':']) {
                        return None;
                    }
                    (plain_scalar(item), pos + item.len())
                }
            };
            items.push(Node {
                value,
                range: ByteRange::new(pos, item_end),
            });
            let after = skip_spaces(text, item_end, end);
            match self.byte(after) {
                Some(b',') if after < end => {
                    pos = skip_spaces(text, after + 1, end);
                    if pos == end || self.byte(pos) == Some(b']') {
                        return None;
                    }
                }
                Some(b']') if after < end => return Some((Value::Seq(items), after + 1)),
                _ => return None,
            }
        }
    }

    /// A `|` literal block (`|-` when `strip`: without its last line break)
    /// below the line being read, whose parent entry sits at `column`. The
    /// reader moves past it.
    fn literal(&mut self, strip: bool, column: usize) -> Option<Node> {
        let text = self.text;
        let line = self.line()?;
        let first = line.end + 1;
        let mut lines = text.get(first..)?.split('\n');
        let opening = lines.next()?;
        let indent = opening.len() - opening.trim_start_matches(' ').len();
        if indent <= column || indent == opening.len() {
            return None;
        }
        // Each line without the block's indentation; blank lines as empty.
        let mut kept: Vec<&str> = Vec::new();
        let mut begin = first;
        let mut region_end = first;
        let mut stop = None;
        for raw in std::iter::once(opening).chain(lines) {
            let spaces = raw.len() - raw.trim_start_matches(' ').len();
            if raw.is_empty() {
                kept.push("");
            } else if spaces == raw.len() {
                // A line of spaces: its meaning depends on where it is.
                return None;
            } else if spaces < indent {
                // The block ends where this line's text starts.
                stop = Some(begin + spaces);
                break;
            } else {
                kept.push(&raw[indent..]);
                region_end = begin + raw.len();
            }
            begin += raw.len() + 1;
        }
        // Trailing blank lines are not part of the text.
        while kept.last() == Some(&"") {
            kept.pop();
        }
        let mut value = kept.join("\n");
        // The last line keeps its line break (unless `|-` strips it), and a
        // block that runs to the end of a text without one has none to keep.
        let unbroken_end = stop.is_none() && !text.ends_with('\n');
        if !strip && !unbroken_end {
            value.push('\n');
        }
        while self.line().is_some_and(|l| l.begin <= region_end) {
            self.current += 1;
        }
        self.count()?;
        Some(Node {
            value: Value::Str(value),
            range: ByteRange::new(first + indent, stop.unwrap_or(text.len())),
        })
    }

    /// The value of an entry (at `column`) that starts at `at` on the line
    /// being read; the reader moves past it.
    fn value(&mut self, at: usize, column: usize) -> Option<Node> {
        let line = self.line()?;
        match self.text[at..line.end].trim_end_matches(' ') {
            "|" => return self.literal(false, column),
            "|-" => return self.literal(true, column),
            _ => {}
        }
        let value = self.inline(at, line.end)?;
        self.current += 1;
        Some(value)
    }
}

/// A quoted value from `at` (its quote) on a line ending at `end`: the text,
/// and where it ends. An escape (`\\`) is left to the general parser.
fn quoted(text: &str, at: usize, end: usize) -> Option<(Value, usize)> {
    let quote = text[at..].chars().next()?;
    if quote == '"' {
        let close = at + 1 + text[at + 1..end].find('"')?;
        let inner = &text[at + 1..close];
        return (!inner.contains('\\')).then(|| (Value::Str(inner.to_string()), close + 1));
    }
    let mut close = at + 1;
    loop {
        close += text[close..end].find('\'')?;
        if text[close + 1..end].starts_with('\'') {
            close += 2;
        } else {
            break;
        }
    }
    Some((
        Value::Str(text[at + 1..close].replace("''", "'")),
        close + 1,
    ))
}

/// Nesting well short of the general parser's limit (which words the error).
fn deep_enough(depth: usize) -> Option<()> {
    (depth + 2 < YAML_MAX_DEPTH).then_some(())
}

/// Characters that give a value's first character a meaning of its own.
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

#[cfg(test)]
mod tests {
    use super::super::read_alike;
    use super::super::yaml::YamlBuilder;
    use super::*;

    const KEYS: [&str; 12] = [
        "date",
        "minutes",
        "a",
        "b-c",
        "k_1",
        "yes",
        "1",
        "0x1F",
        "null",
        "notes",
        "-x",
        "two words",
    ];
    const VALUES: [&str; 50] = [
        "2026-02-01",
        "45",
        "plain text",
        "text # comment",
        "text#hash",
        "\"quoted: text\"",
        "\"a # b\"",
        "'it''s'",
        "'a' # c",
        "\"a\"#c",
        "\"a\" x",
        "[a, b]",
        "[ 1 ,2 ]",
        "[]",
        "[a,]",
        "[a, [b]]",
        "[x: 1]",
        "[\"x, y\", 'q' , p]",
        "['a''b']",
        "a: b",
        "a:b",
        "http://x.y/z",
        "-1",
        "- a",
        "~",
        "yes",
        "No",
        "off",
        ".inf",
        "1e3",
        "1_000",
        "0o17",
        "+1",
        "1.5",
        "\"esc\\\"aped\"",
        "|",
        ">-",
        "&a x",
        "*a",
        "!tag x",
        "!!str 1",
        "{a: 1}",
        "'unclosed",
        "\"unclosed",
        "x:",
        "é ü ø",
        "null",
        "a  b ",
        "@at",
        "`tick",
    ];
    const MUTATIONS: [&str; 16] = [
        " ", "  ", "\n", ":", "#", "-", "\"", "'", "\t", "\r", "[", "]", ",", "x", ": ", "\n- ",
    ];

    fn value(rng: &mut fastrand::Rng, indent: usize, out: &mut String) {
        if rng.u8(..8) == 0 {
            out.push_str(if rng.bool() { "|\n" } else { "|-\n" });
            let inner = indent + rng.usize(0..4);
            for _ in 0..rng.usize(1..4) {
                match rng.u8(..6) {
                    0 => out.push('\n'),
                    1 => out.push_str(&format!("{}  extra\n", " ".repeat(inner))),
                    2 => out.push_str(&format!("{}# not a comment\n", " ".repeat(inner))),
                    _ => out.push_str(&format!("{}-----BEGIN AGE: x\n", " ".repeat(inner))),
                }
            }
            if rng.bool() {
                out.push_str("\n# after\n");
            }
            return;
        }
        out.push_str(VALUES[rng.usize(..VALUES.len())]);
        if rng.u8(..8) == 0 {
            out.push_str("   # note");
        }
        out.push('\n');
    }

    fn map(rng: &mut fastrand::Rng, indent: usize, depth: usize, out: &mut String, inline: bool) {
        for i in 0..rng.usize(1..5) {
            if !(i == 0 && inline) {
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(KEYS[rng.usize(..KEYS.len())]);
            out.push(':');
            match rng.u8(..10) {
                0..=5 => {
                    out.push_str(&" ".repeat(rng.usize(1..3)));
                    value(rng, indent, out);
                }
                6 => out.push('\n'),
                _ if depth > 3 => out.push_str(" x\n"),
                choice => {
                    out.push_str(if rng.bool() { "\n" } else { "  # nested\n" });
                    if rng.u8(..4) == 0 {
                        out.push_str(if rng.bool() { "\n" } else { "# a comment\n" });
                    }
                    let deeper = indent + rng.usize(0..4);
                    if choice == 7 {
                        map(rng, deeper, depth + 1, out, false);
                    } else {
                        list(rng, deeper, depth + 1, out);
                    }
                }
            }
        }
    }

    fn list(rng: &mut fastrand::Rng, indent: usize, depth: usize, out: &mut String) {
        for _ in 0..rng.usize(1..4) {
            out.push_str(&" ".repeat(indent));
            out.push('-');
            let gap = rng.usize(0..3);
            out.push_str(&" ".repeat(gap));
            if depth < 4 && rng.bool() {
                map(rng, indent + 1 + gap, depth + 1, out, true);
            } else {
                value(rng, indent, out);
            }
        }
    }

    fn document(rng: &mut fastrand::Rng) -> String {
        let mut out = String::new();
        if rng.u8(..6) == 0 {
            out.push_str("# yaml-language-server: $schema=x\n");
        }
        if rng.u8(..5) == 0 {
            list(rng, 0, 0, &mut out);
        } else {
            map(rng, 0, 0, &mut out, false);
        }
        read_alike::mutate(rng, &mut out, &MUTATIONS);
        out
    }

    /// Whatever this reader takes, the general parser reads to the same
    /// tree, byte ranges included; and it takes most well-formed files.
    #[test]
    fn every_tree_read_here_is_the_general_parsers_tree() {
        let general = |text: &str| YamlBuilder::new(text).build();
        read_alike::generated(17, 40_000, document, parse, general, 4);
    }

    /// Cases at the edges of what this reader takes, held to the general
    /// parser's tree when it takes them.
    #[test]
    fn edge_cases_read_alike() {
        for text in [
            "a: |\n  x",
            "a: |-\n  x",
            "a: |\n  x\n\n",
            "a: |\n  x\n\n  y\n",
            "a: |\n    x\n  y\n",
            "- |\n  x\n- y\n",
            "a:\n  - b: |\n      x\n    c: 1\n",
            "a: [R&D, b c, 'd', \"e\"]\n",
            "a: b #\n",
            "a: 'x''y' # c\n",
            "0o17: 1\nn: 2\n",
            "a: x\n# c\n  # indented comment\nb: y",
        ] {
            if let Some(tree) = parse(text) {
                let general = YamlBuilder::new(text).build();
                assert!(general.is_ok(), "{text:?}: {general:?}");
                if let Ok(general) = general {
                    assert_eq!(format!("{tree:?}"), format!("{general:?}"), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn what_is_left_to_the_general_parser() {
        for text in [
            "a: >\n  folded\n",
            "a:\n- indentless\n",
            "a: b\na: c\n",
            "a: &x 1\nb: *x\n",
            "a: \"esc\\n\"\n",
            "a: one\n  continued\n",
            "a:\tb\n",
            "a: b\r\n",
            "--- \na: b\n",
            "a: {b: 1}\n",
            "  a: b\n",
            "",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
        let text = "# c\nmeetings:\n  - date: 2026-02-01   # c\n    goals: [g2, g3]\n    topics:\n      - \"Progress: on\"\n      - 'it''s'\nk:\n";
        assert!(parse(text).is_some());
    }

    /// Every YAML file of the repository (the example programme, the test
    /// fixtures): read here or not, never to another tree; and the example
    /// programme's files in block style are all read here.
    #[test]
    fn the_repositorys_yaml_files_read_alike() {
        let general = |text: &str| YamlBuilder::new(text).build();
        // Flow tables (`- {date: ...}`) are left to the general parser.
        let in_block_style = |path: &std::path::Path, text: &str| {
            path.starts_with("./examples") && !text.contains('{')
        };
        let (count, missed) =
            read_alike::repository_files(&["yaml", "yml"], parse, general, in_block_style);
        assert!(count > 0);
        assert!(
            missed.is_empty(),
            "example YAML files read here: {missed:?}"
        );
    }
}

//! Where private values sit in a file: by the parsed tree (every key the
//! parser reads, written in any style: explicit `? key`, dotted
//! `closure.note`, flow maps, continuation lines, every block scalar), and
//! by the lines of its text, which also finds what the tree cannot hold (a
//! commented-out `# private_notes: ...`, a file that does not parse).
//! Snippets mask both; `audit` reads the tree, and the lines of a version
//! that does not parse.

use std::ops::Range;

use crate::layout::FileKind;
use crate::node::{Key, Node, Value};

use super::armor;
use super::names::{PrivateKey, PrivateNames};

/// A private key and its value, in a parsed file.
#[derive(Debug)]
pub struct Spot<'n, 'a> {
    pub key: &'n Key,
    pub value: &'n Node,
    pub private: PrivateKey<'a>,
}

/// Every private key of the tree with its value, outermost first; what
/// lies inside a private value is its value, not searched further.
pub fn in_tree<'n, 'a>(
    root: &'n Node,
    kind: Option<&FileKind>,
    names: &PrivateNames<'a>,
) -> Vec<Spot<'n, 'a>> {
    let mut spots = Vec::new();
    // A file is a few levels deep, but its depth comes from the file: a
    // stack, not recursion.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    match names.judge(kind, &key.name) {
                        Some(private) => spots.push(Spot {
                            key,
                            value,
                            private,
                        }),
                        None => stack.push(value),
                    }
                }
            }
            Value::Seq(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    spots.sort_by_key(|s| s.value.range.start);
    spots
}

/// A private key and its value, found in the lines of a text.
#[derive(Debug)]
pub struct TextSpot<'t> {
    pub key: &'t str,
    /// The value's bytes, line by line (a block runs over several).
    pub ranges: Vec<Range<usize>>,
}

/// Private values found line by line in `text`, whether or not it parses:
/// every `key: value`, `key = value` and `? key` / `: value`, block or flow
/// style, whose key is private. A value that ends its line runs on over
/// the lines below it: blank ones, those indented deeper (than its entry
/// for a plain value, than its line for a block: `|`, `>`, an open quote
/// or an empty value), and those that do not start an entry at a depth an
/// entry above has used (an under-indented block, a continuation line
/// that holds `: `). A TOML multi-line string runs to its closing delimiter.
pub fn in_text<'t>(
    text: &'t str,
    kind: Option<&FileKind>,
    names: &PrivateNames,
) -> Vec<TextSpot<'t>> {
    let mut spots: Vec<TextSpot> = Vec::new();
    // How deep a line must be to continue the private value above it.
    let mut block: Option<usize> = None;
    let mut until: Option<&str> = None; // the closing delimiter of a multi-line TOML string
    let mut explicit: Option<(usize, &str)> = None; // a private `? key` waiting for its `: value`
    // Where keys and list items started so far: a line that starts one at
    // another depth is not an entry of this file's structure.
    let mut key_depths: Vec<usize> = Vec::new();
    let mut item_depths: Vec<usize> = Vec::new();
    // A file repeats the same few keys on every record: each is judged once.
    let mut judged: Vec<(&str, bool)> = Vec::new();
    let mut private = |key: &'t str| match judged.iter().find(|(k, _)| *k == key) {
        Some(&(_, private)) => private,
        None => {
            let private = names.judge(kind, bare(key)).is_some();
            judged.push((key, private));
            private
        }
    };
    let continued = |spots: &mut Vec<TextSpot>, range: Range<usize>| {
        if let Some(spot) = spots.last_mut().filter(|_| !range.is_empty()) {
            spot.ranges.push(range);
        }
    };
    for (start, line) in line_starts(text) {
        let indent = line.len() - line.trim_start().len();
        if let Some(delimiter) = until {
            match line.find(delimiter) {
                Some(at) => {
                    continued(&mut spots, start..start + at);
                    until = None;
                }
                None => continued(&mut spots, start..start + line.len()),
            }
            continue;
        }
        let entry = Entry::of(line);
        if let Some(deeper_than) = block {
            let continues = match entry {
                _ if line.trim().is_empty() || indent > deeper_than => true,
                None => true,
                Some(Entry::Key) => !key_depths.contains(&indent),
                Some(Entry::Item) => !item_depths.contains(&indent),
                Some(Entry::Other) => false,
            };
            if continues {
                continued(&mut spots, start..start + line.len());
                continue;
            }
            block = None;
        }
        let entry_column = entry_column(line);
        match entry {
            Some(Entry::Item) => {
                item_depths.push(indent);
                key_depths.push(entry_column);
            }
            Some(Entry::Key) => key_depths.push(indent),
            _ => {}
        }
        let trimmed = line.trim_start();
        if let Some((key_indent, key)) = explicit.take()
            && key_indent == indent
            && let Some(value) = trimmed.strip_prefix(':')
        {
            let value_start = start + line.len() - value.trim_start().len();
            spots.push(TextSpot {
                key: bare(key),
                ranges: std::iter::once(value_start..start + line.len()).collect(),
            });
            block = Some(indent);
            continue;
        }
        if let Some(key) = trimmed.strip_prefix("? ") {
            if private(key.trim()) {
                explicit = Some((indent, key.trim()));
            }
            continue;
        }
        let mut search = 0;
        while let Some((key_start, key_end, value_start)) = next_key(line, search) {
            let key = &line[key_start..key_end];
            if !private(key) {
                search = value_start.max(key_end + 1);
                continue;
            }
            let value_end = value_end(line, value_start);
            spots.push(TextSpot {
                key: bare(key),
                ranges: std::iter::once(start + value_start..start + value_end).collect(),
            });
            let rest = line[value_start..].trim();
            let multi_line = ["\"\"\"", "'''"]
                .into_iter()
                .find(|d| rest.starts_with(d) && !rest[3..].contains(d));
            let opens_block = rest.is_empty()
                || rest.starts_with('|')
                || rest.starts_with('>')
                || (rest.starts_with('"') && !rest[1..].contains('"'));
            if multi_line.is_some() {
                until = multi_line;
            } else if value_end >= line.trim_end().len() {
                block = Some(if opens_block { indent } else { entry_column });
            }
            search = value_end.max(value_start + 1);
        }
    }
    spots
}

/// A key without the quotes and spaces around it.
fn bare(key: &str) -> &str {
    key.trim().trim_matches(['"', '\''])
}

/// Where a line's entry starts: past its indentation and a list item's `- `.
fn entry_column(line: &str) -> usize {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    match trimmed.strip_prefix("- ") {
        Some(item) => line.len() - item.trim_start().len(),
        None => indent,
    }
}

/// Whether a private value is written in plaintext: anything but nothing
/// and a whole age message. BEGIN and END lines around plaintext are
/// plaintext (validate's E063 says the same of them).
pub fn is_plaintext(value: &Node) -> bool {
    match &value.value {
        Value::Str(text) => !text.trim().is_empty() && armor::header(text).is_err(),
        Value::Null => false,
        Value::Seq(items) => !items.is_empty(),
        Value::Map(entries) => !entries.is_empty(),
        _ => true,
    }
}

/// The private keys of a parsed file written in plaintext, each once, as
/// a message names them (`private_note` (looks like ...)).
pub fn plaintext_in(root: &Node, kind: &FileKind, names: &PrivateNames) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for spot in in_tree(root, Some(kind), names) {
        let described = spot.private.describe(&spot.key.name);
        if spot.private.sealed && is_plaintext(spot.value) && !found.contains(&described) {
            found.push(described);
        }
    }
    found
}

/// [`plaintext_in`] for a text that does not parse, read line by line:
/// a value is plaintext unless its lines, without the block's indentation,
/// quotes and indicator, are a whole age message.
pub fn plaintext_in_text(text: &str, kind: &FileKind, names: &PrivateNames) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for spot in in_text(text, Some(kind), names) {
        let Some(private) = names.judge(Some(kind), spot.key).filter(|p| p.sealed) else {
            continue;
        };
        let lines: Vec<&str> = spot
            .ranges
            .iter()
            .map(|r| text[r.clone()].trim().trim_matches(['"', '\'']))
            .filter(|l| !l.is_empty() && !matches!(*l, "|" | ">" | "|-" | ">-" | "|+" | ">+"))
            .collect();
        let described = private.describe(spot.key);
        if !lines.is_empty()
            && armor::header(&lines.join("\n")).is_err()
            && !found.contains(&described)
        {
            found.push(described);
        }
    }
    found
}

/// What a line starts, if not the rest of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// `key: value`, `key = value`, `? key`, `: value`.
    Key,
    /// `- item`.
    Item,
    /// A comment, a TOML table, a document marker.
    Other,
}

impl Entry {
    fn of(line: &str) -> Option<Entry> {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") || trimmed == "-" {
            Some(Entry::Item)
        } else if ["#", "[", "---", "..."]
            .iter()
            .any(|s| trimmed.starts_with(s))
        {
            Some(Entry::Other)
        } else if trimmed.starts_with("? ")
            || trimmed.starts_with(": ")
            || next_key(line, 0).is_some()
        {
            Some(Entry::Key)
        } else {
            None
        }
    }
}

/// Lines with the byte offset each starts at (without the newline).
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').scan(0, |start, line| {
        let at = *start;
        *start += line.len() + 1;
        Some((at, line))
    })
}

/// The next `key:` / `key =` at or after `from`: (key start, key end, value start).
fn next_key(line: &str, from: usize) -> Option<(usize, usize, usize)> {
    let bytes = line.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        let separator =
            c == b'=' || (c == b':' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if separator {
            // The key: the word (or quoted word) just before the separator.
            let before = line[..i].trim_end();
            let key_end = before.len();
            let key_start = before
                .rfind(|ch: char| {
                    matches!(ch, '{' | ',' | '-' | '[' | '?' | '.') || ch.is_whitespace()
                })
                .map_or(0, |p| p + 1);
            if key_start < key_end && key_start >= from.min(key_end) {
                let value_start = i + 1 + line[i + 1..].len() - line[i + 1..].trim_start().len();
                return Some((key_start, key_end, value_start));
            }
        }
        i += 1;
    }
    None
}

/// Where a value that starts at `start` ends: at the end of the line, or in
/// a flow mapping at the next `,` or `}` outside quotes.
fn value_end(line: &str, start: usize) -> usize {
    let in_flow = line[..start].contains('{');
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if in_flow && (b == b',' || b == b'}') => return i,
            None => {}
        }
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::{Syntax, parse};
    use crate::source::SourceFile;

    fn tree(text: &str, syntax: Syntax) -> Node {
        parse(
            &SourceFile::new("f".into(), "f".into(), text.into()),
            syntax,
        )
        .unwrap()
    }

    #[test]
    fn the_tree_finds_private_values_in_every_style() {
        let names = PrivateNames::default();
        let log = FileKind::Pair(&crate::layout::LOG, "p".into());
        let text = "meetings:\n  - date: 2026-02-01\n    ? private_notes\n    : SECRET one\n  - {date: 2026-02-02, Private_Note: SECRET two}\n  - date: 2026-02-03\n    minutes: 30\n";
        let root = tree(text, Syntax::Yaml);
        let spots = in_tree(&root, Some(&log), &names);
        let values: Vec<&str> = spots
            .iter()
            .map(|s| &text[s.value.range.start as usize..s.value.range.end as usize])
            .collect();
        assert_eq!(values, ["SECRET one", "SECRET two"]);
        assert!(spots[1].private.field == Some("private_notes") && !spots[1].private.exact);
        let pair = FileKind::Pair(&crate::layout::PAIR, "p".into());
        let text = "mentor = \"mo\"\nclosure.note = \"SECRET\"\n";
        let root = tree(text, Syntax::Toml);
        let spots = in_tree(&root, Some(&pair), &names);
        assert_eq!(spots.len(), 1);
        assert!(text[spots[0].value.range.start as usize..].starts_with("\"SECRET\""));
    }

    #[test]
    fn the_lines_find_values_of_files_that_do_not_parse() {
        let names = PrivateNames::default();
        let text = "meetings:\n  - date: [\n    private_note: |\n      SECRET\n    minutes: 20\n# private_notes: OLD SECRET\n";
        let spots = in_text(
            text,
            Some(&FileKind::Pair(&crate::layout::LOG, "p".into())),
            &names,
        );
        let masked: Vec<&str> = spots
            .iter()
            .flat_map(|s| &s.ranges)
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(masked, ["|", "      SECRET", "OLD SECRET"]);
    }
}

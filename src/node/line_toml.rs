//! The plain TOML that `mentor` writes and people edit, read without the
//! general TOML parser.
//!
//! Person and pair files are `key = value` lines, some under a `[table]`
//! or `[[array-of-tables]]` header (a person's `[[attended]]` sessions), with one-line values (text in quotes, whole numbers, `true` and
//! `false`, dates, and one-line lists of those) and sealed values in `"""`
//! blocks. This reader takes such files in one pass over the lines. Anything
//! else (escapes, inline tables, nested lists, dotted or quoted keys,
//! decimals, times, tabs, CRLF, duplicate keys, any error) answers `None` and the file goes to the `toml` crate, which reads every
//! TOML file and words every error. The tests hold the two to the same tree,
//! byte ranges included, on every file both read.

use super::{Key, KeyKind, Node, Value, skip_spaces};
use crate::source::ByteRange;

/// The tree of `text`, or `None` when the general parser must read it.
pub(super) fn parse(text: &str) -> Option<Node> {
    // Control characters (tabs and carriage returns among them) are the
    // general parser's to accept or refuse.
    if text.bytes().any(|b| (b < b' ' && b != b'\n') || b == 0x7f) {
        return None;
    }
    let mut root: Vec<(Key, Node)> = Vec::new();
    // The table under the last `[header]` or `[[header]]`, if any.
    let mut table: Option<Table> = None;
    // The names of the `[[arrays of tables]]` so far: a later `[[name]]`
    // adds to its list, where any other second `name` is left to the
    // general parser (which refuses it).
    let mut arrays: Vec<String> = Vec::new();
    let mut begin = 0;
    while begin < text.len() {
        let end = text[begin..].find('\n').map_or(text.len(), |n| begin + n);
        let start = skip_spaces(text, begin, end);
        begin = end + 1;
        match text.as_bytes().get(start) {
            None | Some(b'\n' | b'#') => continue,
            Some(b'[') => {
                let array = text.as_bytes().get(start + 1) == Some(&b'[');
                let (key, range) = header(text, start, end, array)?;
                if let Some(done) = table.take() {
                    done.close(&mut root);
                }
                let again = array && arrays.contains(&key.name);
                if !again && root.iter().any(|(k, _)| k.name == key.name) {
                    return None;
                }
                if array && !again {
                    arrays.push(key.name.clone());
                }
                table = Some(Table {
                    key,
                    range,
                    array,
                    entries: Vec::new(),
                });
            }
            Some(_) => {
                let (entry, line_end) = key_value(text, start, end)?;
                // A `"""` value ends on a later line.
                begin = line_end + 1;
                let entries = match &mut table {
                    Some(table) => &mut table.entries,
                    None => &mut root,
                };
                if entries.iter().any(|(k, _)| k.name == entry.0.name) {
                    return None;
                }
                entries.push(entry);
            }
        }
    }
    if let Some(done) = table {
        done.close(&mut root);
    }
    Some(Node {
        value: Value::Map(root),
        range: ByteRange::new(0, 0),
    })
}

/// A table under a `[header]`, or one of an array's under `[[header]]`.
struct Table {
    key: Key,
    /// The header's range: where the table is said to be written.
    range: ByteRange,
    /// Under `[[header]]`: one of a list of tables.
    array: bool,
    entries: Vec<(Key, Node)>,
}

impl Table {
    /// The table added to the file's top level: as an entry of its own, or
    /// to its array's list. As the general parser has it, the list is where
    /// its first `[[header]]` is, said (and named) there; each table is
    /// said where its own header is.
    fn close(self, root: &mut Vec<(Key, Node)>) {
        let node = Node {
            value: Value::Map(self.entries),
            range: self.range,
        };
        if !self.array {
            root.push((self.key, node));
            return;
        }
        match root.iter_mut().find(|(k, _)| k.name == self.key.name) {
            Some((
                _,
                Node {
                    value: Value::Seq(items),
                    ..
                },
            )) => items.push(node),
            _ => root.push((
                self.key,
                Node {
                    value: Value::Seq(vec![node]),
                    range: self.range,
                },
            )),
        }
    }
}

/// `[name]` (or `[[name]]` for an array of tables), a bare name, then
/// nothing but a comment.
fn header(text: &str, start: usize, end: usize, array: bool) -> Option<(Key, ByteRange)> {
    let brackets = 1 + usize::from(array);
    let name_start = start + brackets;
    let name_end = bare_key_end(text, name_start, end);
    let closing = if array { "]]" } else { "]" };
    if name_end == name_start || !text[name_end..end].starts_with(closing) {
        return None;
    }
    rest_is_comment(text, name_end + brackets, end)?;
    let key = Key {
        name: text[name_start..name_end].to_string(),
        range: ByteRange::new(name_start, name_end),
        kind: KeyKind::Text,
    };
    Some((key, ByteRange::new(start, name_end + brackets)))
}

/// `name = value`, then nothing but a comment; and where the line the value
/// ends on ends.
fn key_value(text: &str, start: usize, end: usize) -> Option<((Key, Node), usize)> {
    let key_end = bare_key_end(text, start, end);
    if key_end == start {
        return None;
    }
    let equals = skip_spaces(text, key_end, end);
    if text.as_bytes().get(equals) != Some(&b'=') || equals >= end {
        return None;
    }
    let at = skip_spaces(text, equals + 1, end);
    let (node, after) = if text[at..end].starts_with("\"\"\"") {
        multi_line(text, at)?
    } else {
        value(text, at, end)?
    };
    let end = text[after..].find('\n').map_or(text.len(), |n| after + n);
    rest_is_comment(text, after, end)?;
    let key = Key {
        name: text[start..key_end].to_string(),
        range: ByteRange::new(start, key_end),
        kind: KeyKind::Text,
    };
    Some(((key, node), end))
}

/// A `"""` block without escapes (how sealed values are written); the
/// newline right after the opening quotes is not part of the text.
fn multi_line(text: &str, at: usize) -> Option<(Node, usize)> {
    let open = at + 3;
    let close = open + text[open..].find("\"\"\"")?;
    let inner = &text[open..close];
    // Quotes next to the closing ones belong to the text: the general
    // parser's to read, as are escapes.
    if inner.contains(['\\', '"']) || text[close + 3..].starts_with('"') {
        return None;
    }
    let after = close + 3;
    let node = Node {
        value: Value::Str(inner.strip_prefix('\n').unwrap_or(inner).to_string()),
        range: ByteRange::new(at, after),
    };
    Some((node, after))
}

/// One value starting at `at`, and where it ends.
fn value(text: &str, at: usize, end: usize) -> Option<(Node, usize)> {
    let bytes = text.as_bytes();
    let (value, after) = match *bytes.get(at).filter(|_| at < end)? {
        quote @ (b'"' | b'\'') => {
            let close = at + 1 + text[at + 1..end].find(char::from(quote))?;
            let inner = &text[at + 1..close];
            // `"""`, `'''` and escapes are the general parser's.
            if close == at + 1 && bytes.get(close + 1) == Some(&quote)
                || (quote == b'"' && inner.contains('\\'))
            {
                return None;
            }
            (Value::Str(inner.to_string()), close + 1)
        }
        b'[' => list(text, at, end)?,
        _ => {
            let token_end = at
                + text[at..end]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "+-_.:".contains(c)))
                    .unwrap_or(end - at);
            let token = &text[at..token_end];
            let value = match token {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ if is_date(token) => {
                    // `2026-02-01 10:00` is a date and a time.
                    let time_follows = bytes.get(token_end) == Some(&b' ')
                        && bytes.get(token_end + 1).is_some_and(u8::is_ascii_digit);
                    if time_follows {
                        return None;
                    }
                    Value::Datetime(token.to_string())
                }
                _ if is_integer(token) => Value::Int(token.parse().ok()?),
                _ => return None,
            };
            (value, token_end)
        }
    };
    let node = Node {
        value,
        range: ByteRange::new(at, after),
    };
    Some((node, after))
}

/// `[a, b, c]` on one line, of values that are not lists.
fn list(text: &str, at: usize, end: usize) -> Option<(Value, usize)> {
    let mut items = Vec::new();
    let mut pos = at + 1;
    loop {
        pos = skip_spaces(text, pos, end);
        match text.as_bytes().get(pos).filter(|_| pos < end)? {
            b']' => break,
            b'[' => return None,
            _ => {}
        }
        let (item, after) = value(text, pos, end)?;
        items.push(item);
        pos = skip_spaces(text, after, end);
        match text.as_bytes().get(pos).filter(|_| pos < end)? {
            b',' => pos += 1,
            b']' => break,
            _ => return None,
        }
    }
    Some((Value::Seq(items), pos + 1))
}

/// A `YYYY-MM-DD` date that exists.
fn is_date(token: &str) -> bool {
    crate::date::parse_date(token).is_ok()
}

/// A decimal whole number: a sign, then `0` or digits not starting with `0`
/// (underscores, other bases and leading zeros are the general parser's).
fn is_integer(token: &str) -> bool {
    let digits = token.strip_prefix(['+', '-']).unwrap_or(token);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// Where a bare key (`A-Z a-z 0-9 _ -`) starting at `at` ends.
fn bare_key_end(text: &str, at: usize, end: usize) -> usize {
    text[at..end]
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .map_or(end, |n| at + n)
}

/// Nothing but spaces and perhaps a comment from `at` to the line's end.
fn rest_is_comment(text: &str, at: usize, end: usize) -> Option<()> {
    let at = skip_spaces(text, at, end);
    (at == end || text.as_bytes()[at] == b'#').then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::read_alike;

    fn general(text: &str) -> Result<Node, Vec<super::super::SyntaxError>> {
        super::super::general_toml(text)
    }

    const KEYS: [&str; 8] = [
        "name",
        "email",
        "status",
        "languages",
        "agreement",
        "a-b",
        "x_1",
        "2",
    ];
    const VALUES: [&str; 47] = [
        "\"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n\"\"\"",
        "\"\"\"one line\"\"\"",
        "\"\"\"\"quoted\"\"\"\"",
        "\"\"\"a\n\\\n  b\"\"\"",
        "\"\"\"\n\n[not]\nx = 1\n\"\"\"  # c",
        "\"\"\"\"\"\"",
        "\"\"\"x\"\"\" y",
        "\"Ana Silva\"",
        "'literal'",
        "\"\"",
        "''",
        "\"a # not a comment\"",
        "\"it's\"",
        "'say \"hi\"'",
        "\"é ü ø 日本\"",
        "\"esc\\\"aped\"",
        "\"\"\"multi\"\"\"",
        "'''lit'''",
        "true",
        "false",
        "True",
        "12",
        "0",
        "-3",
        "+4",
        "012",
        "1_000",
        "0x1F",
        "1.5",
        "1e3",
        "inf",
        "9223372036854775807",
        "9223372036854775808",
        "2026-02-01",
        "2026-02-30",
        "2026-13-01",
        "2024-02-29",
        "2026-02-01T10:00:00",
        "2026-02-01 10:00:00",
        "10:00:00",
        "[]",
        "[\"en\", \"fr\"]",
        "[ \"en\" , 'fr', ]",
        "[1, \"a\", true, 2026-02-01]",
        "[[1], [2]]",
        "{ a = 1 }",
        "bare",
    ];
    const MUTATIONS: [&str; 16] = [
        " ", "  ", "\n", "=", "#", "[", "]", "\"", "'", "\t", "\r", ",", ".", "x", " = ", "\n[t]\n",
    ];

    fn document(rng: &mut fastrand::Rng) -> String {
        let mut out = String::new();
        if rng.u8(..5) == 0 {
            out.push_str("# a person\n");
        }
        for _ in 0..rng.usize(1..4) {
            for _ in 0..rng.usize(0..6) {
                out.push_str(&" ".repeat(usize::from(rng.u8(..6) == 0)));
                out.push_str(KEYS[rng.usize(..KEYS.len())]);
                out.push_str([" = ", "=", "  =  "][rng.usize(..3)]);
                out.push_str(VALUES[rng.usize(..VALUES.len())]);
                if rng.u8(..6) == 0 {
                    out.push_str("   # note");
                }
                out.push('\n');
                if rng.u8(..8) == 0 {
                    out.push('\n');
                }
            }
            let header = KEYS[rng.usize(..KEYS.len())];
            match rng.u8(..10) {
                0 => out.push_str(&format!("[[{header}]]\n")),
                1 => out.push_str(&format!("[{header}.inner]\n")),
                2 => out.push_str(&format!("  [ {header} ]  # t\n")),
                _ => out.push_str(&format!("[{header}]\n")),
            }
        }
        read_alike::mutate(rng, &mut out, &MUTATIONS);
        out
    }

    /// Whatever this reader takes, the `toml` crate reads to the same tree,
    /// byte ranges included; and it takes most well-formed files.
    #[test]
    fn every_tree_read_here_is_the_general_parsers_tree() {
        read_alike::generated(29, 40_000, document, parse, general, 4);
    }

    #[test]
    fn what_is_left_to_the_general_parser() {
        for text in [
            "a = \"esc\\n\"\n",
            "a = \"\"\"x\\\"\"\"\"\n",
            "a = { b = 1 }\n",
            "a.b = 1\n",
            "\"a\" = 1\n",
            "[[a]]\nb = 1\n[a]\n",
            "a = []\n[[a]]\n",
            "[a]\n[[a]]\n",
            "[[a]\n",
            "[[ a ]]\n",
            "[a.b]\n",
            "a = 1.5\n",
            "a = 1_000\n",
            "a = 2026-02-01T10:00:00\n",
            "a = 2026-02-01 10:00:00\n",
            "a = [[1]]\n",
            "a = [\n  1,\n]\n",
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "a = 1\r\n",
            "a =\t1\n",
            "a = 1 b\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
        assert!(parse("a = \"\"\"\nsealed\n\"\"\"\nb = 1\n").is_some());
        assert!(parse("[[a]]\nb = 1\n").is_some());
        let text = "# c\nname = \"Ana\"  # c\nlanguages = [\"en\", 'pt']\nstarted = 2026-02-01\n\n[agreement]\n  signed = true\nn = -3\n";
        assert!(parse(text).is_some());
    }

    /// Every TOML file of the repository (the example programme, the test
    /// fixtures): read here or not, never to another tree; and the example
    /// programme's person and pair files are all read here.
    #[test]
    fn the_repositorys_toml_files_read_alike() {
        let example_record = |path: &std::path::Path, _: &str| {
            path.starts_with("./examples")
                && path
                    .components()
                    .any(|c| matches!(c.as_os_str().to_str(), Some("people" | "pairs")))
        };
        let (count, missed) =
            read_alike::repository_files(&["toml"], parse, general, example_record);
        assert!(count > 0);
        assert!(
            missed.is_empty(),
            "example person and pair files read here: {missed:?}"
        );
    }
}

#[cfg(test)]
mod arrays_of_tables {
    use super::parse;

    /// A person file as `mentor person trained` leaves it: its sessions as
    /// `[[attended]]` tables, another table between them.
    const TRAINED: &str = "name = \"Ana Silva\"\nrole = \"mentee\"\n\n[[attended]]  # the first\nsession = \"orientation\"\ndate = 2026-01-12\n\n[supervisor_approval]\nby = \"boss@example.org\"\ndate = 2026-01-05\n\n[[attended]]\nsession = \"closing\"\ndate = 2026-06-30\n";

    /// Taken by this reader, to the general parser's very tree (byte
    /// ranges included): the list where its first header is, each table
    /// where its own is.
    #[test]
    fn attended_sessions_stay_on_the_fast_path_and_read_alike() {
        let fast = parse(TRAINED).expect("read without the general parser");
        let general = super::super::general_toml(TRAINED).expect("valid TOML");
        assert_eq!(fast, general);
    }

    /// Decoded from the fast tree, the sessions are the person's, in order.
    #[test]
    fn attended_sessions_decode_from_the_fast_tree() {
        use crate::decode::{Cx, Decode, FieldPath};
        let mut tree = parse(TRAINED).expect("fast");
        let mut diagnostics = Vec::new();
        let mut cx = Cx {
            file: crate::source::FileId::default(),
            diagnostics: &mut diagnostics,
            may_seal: &|_| false,
            toml: true,
            enclosing: Vec::new(),
        };
        let person =
            crate::model::Person::decode(&mut tree, &FieldPath::Root, &mut cx).expect("a person");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let sessions: Vec<(&str, String)> = person
            .attended
            .iter()
            .map(|a| (a.session.as_str(), a.date.to_string()))
            .collect();
        assert_eq!(
            sessions,
            [
                ("orientation", "2026-01-12".to_string()),
                ("closing", "2026-06-30".to_string())
            ]
        );
        assert_eq!(
            person.supervisor_approval.map(|a| a.by),
            Some("boss@example.org".to_string())
        );
    }
}

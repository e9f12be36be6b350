//! YAML edits as text insertions, so comments, quoting and layout the
//! participants chose are kept byte for byte.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::decode::Field;
use crate::edit::EntryValue;
use crate::node::{self, Syntax, Value};
use crate::source::SourceFile;

/// A YAML double-quoted scalar. Every character YAML does not print
/// (C0 and C1 controls, DEL, line separators, a byte-order mark) is escaped,
/// so any text from a command line is written as that text and nothing more.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if crate::text::is_control(c) => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A word written plain when YAML reads it back as the same text, quoted
/// otherwise (`yes`, `null`, `1e3` and anything with punctuation are quoted).
fn word(text: &str) -> String {
    let mut chars = text.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "nan" | "inf"
        );
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A value as YAML flow text.
pub fn value(value: &EntryValue) -> String {
    match value {
        EntryValue::Word(s) => word(s),
        EntryValue::Text(s) | EntryValue::Sealed(s) => quoted(s),
        EntryValue::Levels(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{}: {v}", word(k)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        EntryValue::Date(d) => d.to_string(),
        EntryValue::Number(n) => n.to_string(),
        EntryValue::Bool(b) => b.to_string(),
        EntryValue::Ids(items) => format!(
            "[{}]",
            items.iter().map(|s| word(s)).collect::<Vec<_>>().join(", ")
        ),
        EntryValue::Texts(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|s| quoted(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Append one mapping to the list under `key` in a YAML document, keeping
/// every other byte of the file as it was.
pub fn append_item(text: &str, list: Field, fields: &[(Field, EntryValue)]) -> Result<String> {
    let key = list.name();
    let item = |indent: usize| -> String {
        fields
            .iter()
            .enumerate()
            .map(|(i, (field, entry))| {
                let name = field.name();
                let lead = if i == 0 {
                    format!("{}- ", " ".repeat(indent))
                } else {
                    " ".repeat(indent + 2)
                };
                match entry {
                    EntryValue::Sealed(armored) => {
                        let body = " ".repeat(indent + 4);
                        let lines: String =
                            armored.lines().map(|l| format!("{body}{l}\n")).collect();
                        format!("{lead}{name}: |\n{lines}")
                    }
                    _ => format!("{lead}{name}: {}\n", value(entry)),
                }
            })
            .collect()
    };
    let with_newline = |t: &str| {
        if t.is_empty() || t.ends_with('\n') {
            t.to_string()
        } else {
            format!("{t}\n")
        }
    };
    let file = SourceFile::new(PathBuf::from("edit.yaml"), String::new(), text.to_string());
    let root = node::parse(&file, Syntax::Yaml).map_err(|e| {
        anyhow::anyhow!(
            "the file is not valid YAML ({})",
            e.first().map_or("", |e| e.message.as_str())
        )
    })?;
    let entries = match &root.value {
        Value::Map(entries) => entries.as_slice(),
        Value::Null => &[],
        _ => bail!("the file's top level is not a mapping"),
    };
    let Some(position) = entries.iter().position(|(k, _)| k.name == key) else {
        return Ok(format!("{}{key}:\n{}", with_newline(text), item(2)));
    };
    let (k, value) = &entries[position];
    let key_line = file.line_col(k.range.start).0;
    let (_, key_line_end) = file.line_range(key_line);
    let after_key_line = (key_line_end + 1).min(text.len());
    // Where the list ends: the line of the next top-level key, or the end of
    // the file, less any blank lines before it.
    let mut end = entries.get(position + 1).map_or(text.len(), |(next, _)| {
        file.line_range(file.line_col(next.range.start).0).0
    });
    while end > after_key_line && text[..end].ends_with("\n\n") {
        end -= 1;
    }
    match &value.value {
        Value::Null => Ok(format!(
            "{}{}{}",
            with_newline(&text[..after_key_line.min(key_line_end)]),
            item(2),
            &text[after_key_line..]
        )),
        Value::Seq(items) if items.is_empty() => {
            let line = &text[file.line_range(key_line).0..key_line_end];
            let Some(open) = line.find("[]") else {
                bail!(
                    "`{key}` is an empty list written in a way mentor cannot extend; write `{key}:` and add items below it"
                )
            };
            let start = file.line_range(key_line).0;
            let cut = if line[..open].ends_with(' ') {
                open - 1
            } else {
                open
            };
            let head = format!(
                "{}{}",
                &text[..start + cut],
                &text[start + open + 2..key_line_end]
            );
            Ok(format!(
                "{}\n{}{}",
                head.trim_end(),
                item(2),
                &text[after_key_line..]
            ))
        }
        Value::Seq(items) => {
            let first_line = file.line_col(items[0].range.start).0;
            let line_text = &text[file.line_range(first_line).0..file.line_range(first_line).1];
            let Some(dash) = line_text
                .find('-')
                .filter(|&d| line_text[..d].trim().is_empty())
            else {
                bail!(
                    "`{key}` is a flow list (`[...]`); write it as a block list to let mentor add to it"
                );
            };
            Ok(format!(
                "{}{}{}",
                with_newline(&text[..end]),
                item(dash),
                &text[end..]
            ))
        }
        _ => bail!("`{key}` is not a list"),
    }
}

/// A whole YAML document written afresh from a tree (`mentor person
/// erase` rewrites a pair's files this way, so no comment about the person
/// survives): block mappings and lists, texts of several lines as literal
/// blocks (a sealed value reads as `age` writes it), every other text plain
/// only when it reads back as itself.
pub fn document(root: &node::Node) -> String {
    let mut out = String::new();
    if let Value::Map(entries) = &root.value {
        block_map(entries, 0, &mut out);
    }
    out
}

fn block_map(entries: &[(node::Key, node::Node)], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (key, value) in entries {
        out.push_str(&format!("{pad}{}:", word(&key.name)));
        match &value.value {
            Value::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                block_map(inner, indent + 2, out);
            }
            Value::Seq(items) if items.iter().any(|i| matches!(i.value, Value::Map(_))) => {
                out.push('\n');
                for item in items {
                    block_item(item, indent + 2, out);
                }
            }
            _ => scalar_after_key(value, indent, out),
        }
    }
}

/// One item of a block list, at `indent`.
fn block_item(item: &node::Node, indent: usize, out: &mut String) {
    match &item.value {
        Value::Map(entries) if !entries.is_empty() => {
            let mut inner = String::new();
            block_map(entries, indent + 2, &mut inner);
            // The first key goes on the dash's line.
            out.push_str(&" ".repeat(indent));
            out.push_str("- ");
            out.push_str(inner.get(indent + 2..).unwrap_or_default());
        }
        _ => {
            out.push_str(&format!("{}-", " ".repeat(indent)));
            scalar_after_key(item, indent, out);
        }
    }
}

/// A value after `key:` (or `-`): flow text, or a literal block below it.
fn scalar_after_key(value: &node::Node, indent: usize, out: &mut String) {
    match &value.value {
        Value::Str(text) if literal_block_fits(text) => {
            out.push_str(" |\n");
            for line in text.lines() {
                out.push_str(&format!("{}{line}\n", " ".repeat(indent + 2)));
            }
        }
        _ => out.push_str(&format!(" {}\n", flow(value))),
    }
}

/// Whether a text reads back the same from a `|` block: several lines,
/// ending in one line break, none starting with a space, no control character.
fn literal_block_fits(text: &str) -> bool {
    text.contains('\n')
        && text.ends_with('\n')
        && !text.ends_with("\n\n")
        && !text
            .chars()
            .any(|c| c != '\n' && crate::text::is_control(c))
        && text
            .lines()
            .all(|l| !l.starts_with([' ', '\t']) && !l.is_empty())
}

fn flow(value: &node::Node) -> String {
    match &value.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Str(text) | Value::Datetime(text) => {
            if crate::date::parse_date(text).is_ok() {
                text.clone()
            } else {
                word(text)
            }
        }
        Value::Seq(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", word(&k.name), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LogFile, Meeting};
    use chrono::NaiveDate;

    const MEETINGS: Field = LogFile::MEETINGS;

    fn meeting() -> Vec<(Field, EntryValue)> {
        vec![
            (
                Meeting::DATE,
                EntryValue::Date(NaiveDate::from_ymd_opt(2026, 3, 20).expect("date")),
            ),
            (Meeting::MINUTES, EntryValue::Number(45)),
            (
                Meeting::TOPICS,
                EntryValue::Texts(vec!["Budget: \"Q3\"".into()]),
            ),
        ]
    }

    #[test]
    fn appends_after_the_last_block_item_keeping_comments() {
        let text =
            "# Our log\nmeetings:\n  # first one\n  - date: 2026-03-01\n    minutes: 30 # short\n";
        let out = append_item(text, MEETINGS, &meeting()).expect("append");
        assert_eq!(
            out,
            "# Our log\nmeetings:\n  # first one\n  - date: 2026-03-01\n    minutes: 30 # short\n  - date: 2026-03-20\n    minutes: 45\n    topics: [\"Budget: \\\"Q3\\\"\"]\n"
        );
    }

    #[test]
    fn replaces_an_empty_flow_list_and_fills_an_empty_key() {
        let out =
            append_item("# c\nmeetings: []  # none yet\n", MEETINGS, &meeting()).expect("append");
        assert!(
            out.starts_with("# c\nmeetings:  # none yet\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
        let out = append_item("meetings:\n", MEETINGS, &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
        let out = append_item("", MEETINGS, &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
    }

    #[test]
    fn appends_before_a_following_key_and_keeps_indentation() {
        let text = "meetings:\n- date: 2026-03-01\n\nother: 1\n";
        let out = append_item(text, MEETINGS, &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n- date: 2026-03-01\n- date: 2026-03-20\n  minutes: 45\n"),
            "{out:?}"
        );
        assert!(out.ends_with("\nother: 1\n"), "{out:?}");
    }

    #[test]
    fn refuses_a_flow_list_it_cannot_extend_cleanly() {
        assert!(append_item("meetings: [{date: 2026-03-01}]\n", MEETINGS, &meeting()).is_err());
    }

    #[test]
    fn every_text_reads_back_as_itself() {
        for text in [
            "plain",
            "Budget: \"Q3\"",
            "del\u{7f}here",
            "tab\tand\nnewline",
            "back\\slash",
            "line\u{2028}sep",
            "ünïcödé 陈",
            "- item",
            "#comment",
            "yes",
        ] {
            let doc = format!("topic: {}\n", quoted(text));
            let file = SourceFile::new(PathBuf::from("t.yaml"), String::new(), doc.clone());
            let root = node::parse(&file, Syntax::Yaml).expect(&doc);
            let Value::Map(entries) = &root.value else {
                panic!("{doc}")
            };
            assert_eq!(entries[0].1.value, Value::Str(text.to_string()), "{doc}");
        }
    }

    #[test]
    fn words_are_plain_only_when_they_read_back_as_text() {
        assert_eq!(word("video"), "video");
        assert_eq!(word("g1"), "g1");
        assert_eq!(word("yes"), "\"yes\"");
        assert_eq!(word("1e3"), "\"1e3\"");
        assert_eq!(word("a: b"), "\"a: b\"");
    }
}

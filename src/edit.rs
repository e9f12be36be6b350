//! Changing hand-edited records without disturbing them: appending to YAML
//! lists as text, TOML through `toml_edit`, and writing a set of changes only
//! after the programme they produce has been checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::checks;
use crate::diagnostic::{Diagnostic, Severity, locate};
use crate::fsutil::{Overwrite, write_atomic};
use crate::load::{Overlay, display_path, load_with};
use crate::node::{self, Syntax, Value};
use crate::source::SourceFile;
use crate::workspace::Workspace;

/// One field of a new list entry (a meeting, a goal), described once and
/// written in whichever syntax the file uses.
pub enum EntryValue {
    /// An id or enum value: plain in YAML, a string in TOML.
    Word(String),
    /// Free text, quoted.
    Text(String),
    Date(NaiveDate),
    Number(i64),
    /// A list of ids.
    Ids(Vec<String>),
    /// A list of free texts.
    Texts(Vec<String>),
}

fn quoted(text: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

impl EntryValue {
    fn yaml(&self) -> String {
        match self {
            EntryValue::Word(s) => s.clone(),
            EntryValue::Text(s) => quoted(s),
            EntryValue::Date(d) => d.to_string(),
            EntryValue::Number(n) => n.to_string(),
            EntryValue::Ids(items) => format!("[{}]", items.join(", ")),
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

    fn toml(&self) -> toml_edit::Value {
        match self {
            EntryValue::Word(s) | EntryValue::Text(s) => s.as_str().into(),
            EntryValue::Date(d) => toml_date(*d).into(),
            EntryValue::Number(n) => (*n).into(),
            EntryValue::Ids(items) | EntryValue::Texts(items) => items
                .iter()
                .map(String::as_str)
                .collect::<toml_edit::Array>()
                .into(),
        }
    }
}

/// Append one mapping to the list under `key` in a YAML document, keeping
/// every other byte of the file as it was.
pub fn append_yaml_item(text: &str, key: &str, fields: &[(&str, EntryValue)]) -> Result<String> {
    let item = |indent: usize| -> String {
        fields
            .iter()
            .enumerate()
            .map(|(i, (name, value))| {
                let lead = if i == 0 {
                    format!("{}- ", " ".repeat(indent))
                } else {
                    " ".repeat(indent + 2)
                };
                format!("{lead}{name}: {}\n", value.yaml())
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

/// Append one table to the array of tables `key` in a TOML document, keeping
/// comments and formatting.
pub fn append_toml_item(text: &str, key: &str, fields: &[(&str, EntryValue)]) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| anyhow::anyhow!("the file is not valid TOML: {e}"))?;
    let mut table = toml_edit::Table::new();
    for (name, value) in fields {
        table.insert(name, toml_edit::Item::Value(value.toml()));
    }
    match doc.get_mut(key) {
        None => {
            let mut array = toml_edit::ArrayOfTables::new();
            array.push(table);
            doc.insert(key, toml_edit::Item::ArrayOfTables(array));
        }
        Some(toml_edit::Item::ArrayOfTables(array)) => array.push(table),
        Some(_) => bail!("`{key}` is not an array of tables ([[{key}]]); mentor cannot add to it"),
    }
    Ok(doc.to_string())
}

/// Append an entry to the list `key` of one of a pair's record files
/// (`log`, `goals`), in whichever syntax the file is written, and write it
/// only if the programme still validates. Returns the file written.
pub fn append_to_pair(
    ws: &Workspace,
    pair: &str,
    stem: &str,
    key: &str,
    fields: &[(&str, EntryValue)],
) -> Result<PathBuf> {
    let Some(entry) = ws.pair(pair) else {
        bail!("no pair `{pair}` under {}", ws.root.join("pairs").display());
    };
    let (path, base) = record_file(&entry.dir, stem)?;
    let text = base.as_deref().unwrap_or_default();
    let new_text = if path.extension().is_some_and(|e| e == "toml") {
        append_toml_item(text, key, fields)?
    } else {
        append_yaml_item(text, key, fields)?
    };
    apply(
        ws,
        &[Change {
            path: path.clone(),
            base,
            text: new_text,
        }],
    )?;
    Ok(path)
}

/// A date as a TOML value.
pub fn toml_date(date: NaiveDate) -> toml_edit::Datetime {
    use chrono::Datelike;
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).unwrap_or(1),
            day: u8::try_from(date.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    }
}

/// A pair's record file of this stem (`log`, `goals`), in whichever syntax
/// it was written, with its current text; a new `.yaml` path when none exists.
pub fn record_file(dir: &Path, stem: &str) -> Result<(PathBuf, Option<String>)> {
    let existing = ["yaml", "yml", "toml"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file());
    match existing {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", display_path(&path)))?;
            Ok((path, Some(text)))
        }
        None => Ok((dir.join(format!("{stem}.yaml")), None)),
    }
}

/// One file to write: its new text, and the text it was computed from
/// (`None` for a new file). A file changed on disk in the meantime is not
/// overwritten.
#[derive(Clone, Debug)]
pub struct Change {
    pub path: PathBuf,
    pub base: Option<String>,
    pub text: String,
}

/// The errors of a loaded programme, as comparable (path, code, message)
/// triples; lines are left out because an edit moves them.
fn error_keys(ws: &Workspace) -> BTreeMap<(String, String, String), usize> {
    let diagnostics = checks::run(ws, crate::commands::as_of(None));
    let mut keys = BTreeMap::new();
    for item in locate(&diagnostics, &ws.sources) {
        if item.diagnostic.severity() == Severity::Error {
            *keys
                .entry((
                    item.path.to_string(),
                    item.diagnostic.code.id().to_string(),
                    item.diagnostic.message.clone(),
                ))
                .or_insert(0) += 1;
        }
    }
    keys
}

/// Errors the changes would add to the programme `before` (as loaded now),
/// rendered for a person. The programme is parsed once more, with the
/// changes laid over it in memory.
pub fn check(before: &Workspace, changes: &[Change]) -> Result<Vec<String>> {
    let overlay: Overlay = changes
        .iter()
        .map(|c| (c.path.clone(), c.text.clone()))
        .collect();
    let after = load_with(&before.root, &overlay)?;
    let diagnostics: Vec<Diagnostic> = checks::run(&after, crate::commands::as_of(None));
    let mut seen = error_keys(before);
    let mut out = Vec::new();
    for item in locate(&diagnostics, &after.sources) {
        let d = item.diagnostic;
        if d.severity() != Severity::Error {
            continue;
        }
        let key = (
            item.path.to_string(),
            d.code.id().to_string(),
            d.message.clone(),
        );
        match seen.get_mut(&key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(format!(
                "{}:{}:{}: error[{}]: {}",
                item.path,
                item.line,
                item.column,
                d.code.id(),
                d.message
            )),
        }
    }
    Ok(out)
}

/// Write checked changes, unless a file changed underneath us since its
/// new text was computed.
pub fn write(changes: &[Change]) -> Result<()> {
    for change in changes {
        let current = std::fs::read_to_string(&change.path).ok();
        if current != change.base {
            bail!(
                "nothing written: {} changed while mentor was working; run the command again",
                display_path(&change.path)
            );
        }
    }
    for change in changes {
        let overwrite = if change.base.is_some() {
            Overwrite::Allowed
        } else {
            Overwrite::Never
        };
        write_atomic(&change.path, change.text.as_bytes(), overwrite)?;
    }
    Ok(())
}

/// Write the changes if, and only if, the programme they produce has no
/// errors that it did not have before.
pub fn apply(before: &Workspace, changes: &[Change]) -> Result<()> {
    let errors = check(before, changes)?;
    if !errors.is_empty() {
        bail!(
            "nothing written: the change would add errors:\n{}",
            errors.join("\n")
        );
    }
    write(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> Vec<(&'static str, EntryValue)> {
        vec![
            (
                "date",
                EntryValue::Date(NaiveDate::from_ymd_opt(2026, 3, 20).unwrap_or_default()),
            ),
            ("minutes", EntryValue::Number(45)),
            ("topics", EntryValue::Texts(vec!["Budget: \"Q3\"".into()])),
        ]
    }

    #[test]
    fn appends_after_the_last_block_item_keeping_comments() {
        let text =
            "# Our log\nmeetings:\n  # first one\n  - date: 2026-03-01\n    minutes: 30 # short\n";
        let out = append_yaml_item(text, "meetings", &meeting()).expect("append");
        assert_eq!(
            out,
            "# Our log\nmeetings:\n  # first one\n  - date: 2026-03-01\n    minutes: 30 # short\n  - date: 2026-03-20\n    minutes: 45\n    topics: [\"Budget: \\\"Q3\\\"\"]\n"
        );
    }

    #[test]
    fn replaces_an_empty_flow_list_and_fills_an_empty_key() {
        let out = append_yaml_item("# c\nmeetings: []  # none yet\n", "meetings", &meeting())
            .expect("append");
        assert!(
            out.starts_with("# c\nmeetings:  # none yet\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
        let out = append_yaml_item("meetings:\n", "meetings", &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
        let out = append_yaml_item("", "meetings", &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n  - date: 2026-03-20\n"),
            "{out:?}"
        );
    }

    #[test]
    fn appends_before_a_following_key_and_keeps_indentation() {
        let text = "meetings:\n- date: 2026-03-01\n\nother: 1\n";
        let out = append_yaml_item(text, "meetings", &meeting()).expect("append");
        assert!(
            out.starts_with("meetings:\n- date: 2026-03-01\n- date: 2026-03-20\n  minutes: 45\n"),
            "{out:?}"
        );
        assert!(out.ends_with("\nother: 1\n"), "{out:?}");
    }

    #[test]
    fn refuses_a_flow_list_it_cannot_extend_cleanly() {
        assert!(
            append_yaml_item("meetings: [{date: 2026-03-01}]\n", "meetings", &meeting()).is_err()
        );
    }

    #[test]
    fn toml_append_keeps_comments() {
        let text = "# log\n[[meetings]] # first\ndate = 2026-03-01\n";
        let fields = [(
            "date",
            EntryValue::Date(NaiveDate::from_ymd_opt(2026, 3, 20).unwrap_or_default()),
        )];
        let out = append_toml_item(text, "meetings", &fields).expect("append");
        assert!(
            out.starts_with("# log\n[[meetings]] # first\ndate = 2026-03-01\n"),
            "{out}"
        );
        assert!(out.contains("[[meetings]]\ndate = 2026-03-20"), "{out}");
    }
}

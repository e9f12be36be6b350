//! `mentor history`: a record's story from git, field by field. Each
//! revision of the record's files is parsed with the same parser the loader
//! uses and compared as a tree (not a text diff): list entries are matched
//! by `id` (goals) or date (meetings, feedback), so "goal `x` status
//! not-started -> in-progress" reads as what happened. Private values show
//! only "changed", never their text, sealed or not: a key is private as
//! [`PrivateNames`] says (a misspelt `Private_Note` too), and so is any
//! value that looks sealed.

use std::collections::HashMap;

use serde::Serialize;

use std::path::Path;

use crate::git::Commit;
use crate::layout::FileKind;
use crate::node::{self, Node, Value};
use crate::seal::PrivateNames;
use crate::sealed_text::is_sealed;

/// One change to one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: String,
    pub commit: String,
    pub author: String,
    pub email: String,
    /// The file, relative to the programme.
    pub file: String,
    /// The field, such as `goals[finance-forum].status` (empty for the file itself).
    pub field: String,
    pub change: Change,
    /// Old and new values as written; `None` for private values and for
    /// what did not exist.
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// The files of a record: a pair's folder, or a person's file.
pub fn belongs(record: &str, path: &str) -> bool {
    path.strip_prefix("pairs/")
        .and_then(|rest| rest.strip_prefix(record))
        .is_some_and(|rest| rest.starts_with('/'))
        || path
            .strip_prefix("people/")
            .and_then(|rest| rest.strip_prefix(record))
            .map(|rest| {
                // A person's own survey answers (`people/<id>.surveys.yaml`)
                // are theirs as much as their profile.
                rest.strip_prefix(crate::layout::PERSON_SURVEYS_SUFFIX)
                    .unwrap_or(rest)
            })
            .is_some_and(|rest| matches!(rest, ".toml" | ".yaml" | ".yml"))
}

/// The story of every record of `records` (pairs and people, by id), read
/// from the whole history of `repo` a window at a time, oldest first.
pub fn of_records(
    repo: &crate::git::Repo,
    records: &[String],
    names: &PrivateNames,
) -> anyhow::Result<Vec<Event>> {
    let touches = |path: &str| records.iter().any(|r| belongs(r, path));
    let commits: Vec<_> = repo
        .commits(None)?
        .into_iter()
        .filter(|c| c.changes.iter().any(|f| touches(&f.path)))
        .collect();
    // A window at a time: memory bounded by the window, not the history.
    let windows = repo.windows(
        &commits,
        |c| {
            c.changes
                .iter()
                .filter(|f| touches(&f.path))
                .flat_map(|f| f.old.iter().chain(&f.new))
                .map(String::as_str)
                .collect()
        },
        crate::git::WINDOW_BYTES,
    )?;
    let mut events = Vec::new();
    for window in windows {
        let window = window?;
        for record in records {
            events.extend(history(record, window.commits, &window.texts, names));
        }
    }
    Ok(events)
}

/// The story of `record` over `commits`, oldest first. Each change is told
/// from its own two versions, so the history may be told a window of
/// commits at a time (`blobs` holding that window's texts) and the stories
/// put end to end.
pub fn history(
    record: &str,
    commits: &[Commit],
    blobs: &HashMap<String, String>,
    names: &PrivateNames,
) -> Vec<Event> {
    let mut events = Vec::new();
    for commit in commits {
        for change in commit.changes.iter().filter(|c| belongs(record, &c.path)) {
            let tree = |blob: &Option<String>| {
                blob.as_ref()
                    .and_then(|b| blobs.get(b))
                    .and_then(|t| node::parse_revision(&change.path, t))
            };
            let (old, new) = (tree(&change.old), tree(&change.new));
            let private = Private {
                kind: FileKind::of(Path::new(""), Path::new(&change.path)),
                names,
            };
            let file = change
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&change.path)
                .to_string();
            let mut push =
                |field: String, change: Change, old: Option<String>, new: Option<String>| {
                    events.push(Event {
                        date: commit.date.clone(),
                        commit: commit.short().to_string(),
                        author: commit.author.clone(),
                        email: commit.email.clone(),
                        file: file.clone(),
                        field,
                        change,
                        old,
                        new,
                    });
                };
            match (&old, &new) {
                (None, Some(_)) if change.old.is_none() => {
                    push(String::new(), Change::Added, None, None)
                }
                (Some(_), None) if change.new.is_none() => {
                    push(String::new(), Change::Removed, None, None)
                }
                _ => {}
            }
            let empty = Node {
                value: Value::Map(Vec::new()),
                range: Default::default(),
            };
            diff(
                "",
                old.as_ref().unwrap_or(&empty),
                new.as_ref().unwrap_or(&empty),
                &private,
                &mut push,
            );
        }
    }
    events
}

/// A scalar or a list of scalars as written; `None` for tables.
fn shown(node: &Node) -> Option<String> {
    Some(match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Str(s) | Value::Datetime(s) => s.clone(),
        Value::Seq(items) => {
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|i| match i.value {
                    Value::Map(_) => None,
                    _ => shown(i),
                })
                .collect();
            format!("[{}]", parts?.join(", "))
        }
        Value::Map(_) => return None,
    })
}

/// A list entry's key: its `id`, else its date (and author), numbered when repeated.
fn keyed(items: &[Node]) -> Vec<(String, &Node)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |name: &str| match &item.value {
                Value::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.name == name)
                    .and_then(|(_, v)| shown(v)),
                _ => None,
            };
            let base = field("id")
                .or_else(|| {
                    field("date").map(|d| field("by").map_or(d.clone(), |by| format!("{d} {by}")))
                })
                .unwrap_or_else(|| (i + 1).to_string());
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let key = if *n == 1 {
                base
            } else {
                format!("{base} #{n}")
            };
            (key, item)
        })
        .collect()
}

/// What history keeps to itself in one file.
struct Private<'n, 'a> {
    kind: Option<FileKind>,
    names: &'n PrivateNames<'a>,
}

impl Private<'_, '_> {
    /// Whether the value of `name` is never shown: a private key, or a
    /// value that looks sealed.
    fn hides(&self, name: &str, node: Option<&Node>) -> bool {
        self.names.judge(self.kind.as_ref(), name).is_some()
            || node.is_some_and(|n| matches!(&n.value, Value::Str(s) if is_sealed(s)))
    }
}

fn diff(
    prefix: &str,
    old: &Node,
    new: &Node,
    private: &Private,
    push: &mut dyn FnMut(String, Change, Option<String>, Option<String>),
) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match (&old.value, &new.value) {
        (Value::Map(a), Value::Map(b)) => {
            let get = |entries: &[(crate::node::Key, Node)], name: &str| {
                entries
                    .iter()
                    .find(|(k, _)| k.name == name)
                    .map(|(_, v)| v.clone())
            };
            let mut names: Vec<&str> = a.iter().map(|(k, _)| k.name.as_str()).collect();
            for (k, _) in b {
                if !names.contains(&k.name.as_str()) {
                    names.push(&k.name);
                }
            }
            for name in names {
                let (before, after) = (get(a, name), get(b, name));
                let hidden =
                    private.hides(name, before.as_ref()) || private.hides(name, after.as_ref());
                let hide = |v: Option<String>| if hidden { None } else { v };
                match (before, after) {
                    (None, Some(v)) => push(join(name), Change::Added, None, hide(shown(&v))),
                    (Some(v), None) => push(join(name), Change::Removed, hide(shown(&v)), None),
                    // A private value is one value: what changed inside it is its text.
                    (Some(x), Some(y)) if hidden => {
                        if !node::same(&x, &y) {
                            push(join(name), Change::Changed, None, None);
                        }
                    }
                    (Some(x), Some(y)) => match (&x.value, &y.value) {
                        (Value::Map(_), Value::Map(_)) => diff(&join(name), &x, &y, private, push),
                        (Value::Seq(p), Value::Seq(q))
                            if shown(&x).is_none() || shown(&y).is_none() =>
                        {
                            let (p, q) = (keyed(p), keyed(q));
                            for (key, item) in &p {
                                match q.iter().find(|(k, _)| k == key) {
                                    Some((_, other)) => diff(
                                        &format!("{}[{key}]", join(name)),
                                        item,
                                        other,
                                        private,
                                        push,
                                    ),
                                    None => push(
                                        format!("{}[{key}]", join(name)),
                                        Change::Removed,
                                        None,
                                        None,
                                    ),
                                }
                            }
                            for (key, _) in q.iter().filter(|(k, _)| !p.iter().any(|(j, _)| j == k))
                            {
                                push(format!("{}[{key}]", join(name)), Change::Added, None, None);
                            }
                        }
                        _ => {
                            let (a, b) = (shown(&x), shown(&y));
                            if a != b {
                                push(join(name), Change::Changed, hide(a), hide(b));
                            }
                        }
                    },
                    (None, None) => {}
                }
            }
        }
        _ => {
            let (a, b) = (shown(old), shown(new));
            if a != b {
                push(prefix.to_string(), Change::Changed, a, b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::belongs;

    #[test]
    fn a_person_s_files_are_their_profile_and_their_own_answers() {
        assert!(belongs("eve", "people/eve.toml"));
        assert!(belongs("eve", "people/eve.surveys.yaml"));
        assert!(belongs("ed--mo", "pairs/ed--mo/log.yaml"));
        assert!(!belongs("eve", "people/eve-2.toml"));
        assert!(!belongs("eve", "people/eve.surveys.toml.bak"));
        assert!(!belongs("ed", "pairs/ed--mo/log.yaml"));
        assert!(!belongs("eve", "people/eve.other.yaml"));
    }
}

//! Subject access: everything the programme holds about one person, as one
//! [`Disclosure`]. Each file of the person and of every pair they were in
//! is given whole, as written (parsed, so it reads the same from TOML or
//! YAML); a private value is opened only when it is the person's own (they
//! are among the value's readers) and the identity given can open it.
//! Every other private value is withheld and listed with why: another
//! person's feedback or ratings never reach the person asking.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::history::{Event, belongs};
use crate::node::{Node, Value};
use crate::seal::fields::Reader;
use crate::seal::places::open;
use crate::seal::values::{PrivateValue, State, private_values};
use crate::seal::{Identity, Opened};
use crate::sealed_text::is_sealed;
use crate::source::FileId;
use crate::workspace::Workspace;

/// What the programme holds about one person.
#[derive(Clone, Debug, Serialize)]
pub struct Disclosure {
    /// The person's id.
    pub person: String,
    pub name: String,
    /// The day the disclosure was made.
    pub made_on: NaiveDate,
    /// Whether the other member of each pair is named (`[privacy] name_partners`).
    pub partners_named: bool,
    /// Every record file that concerns the person, as written.
    pub records: Vec<RecordFile>,
    /// Who changed those records, what and when (private values: "changed").
    pub history: Vec<Event>,
    /// Reminders mailed to the person (the sent-log of this machine).
    pub reminders: Vec<SentReminder>,
    /// What was not given, and why.
    pub withheld: Vec<Withheld>,
}

/// One record file, its values as written (private ones opened or withheld).
#[derive(Clone, Debug, Serialize)]
pub struct RecordFile {
    /// Relative to the programme, such as `pairs/ana-silva--priya-shah/log.yaml`.
    pub path: String,
    pub content: Json,
}

/// A reminder the sent-log says went to the person.
#[derive(Clone, Debug, Serialize)]
pub struct SentReminder {
    pub date: NaiveDate,
    /// What it was about (the reminder's key: the pair and the action).
    pub about: String,
}

/// A value not given, with where it is and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Withheld {
    pub path: String,
    /// The value, such as `pair `x`, feedback by `y` of 2026-02-04`: `comment`.
    pub value: String,
    pub reason: String,
}

/// What a private value becomes in the disclosure.
enum Decision {
    Give(String),
    Withhold(String),
}

/// The placeholder a withheld value takes in a record.
pub const WITHHELD: &str = "[withheld: see the list of what was not given]";

/// The disclosure for person `id`, as the files stand; `None` when there is
/// no such person. `history` and `reminders` come from git and the
/// sent-log, which the command reads.
pub fn subject_access(
    ws: &Workspace,
    id: &str,
    identity: Option<&Identity>,
    made_on: NaiveDate,
    history: Vec<Event>,
    reminders: Vec<SentReminder>,
) -> Option<Disclosure> {
    let person = ws.person(id)?;
    let records = super::records_of(ws, id);
    let mut decisions: HashMap<(FileId, u32), Decision> = HashMap::new();
    let mut withheld = Vec::new();
    for value in private_values(ws) {
        let decision = decide(&value, id, identity);
        if let Decision::Withhold(reason) = &decision {
            withheld.push(Withheld {
                path: display(ws, value.span.file),
                value: format!("{}: `{}`", value.owner.describe(), value.field),
                reason: reason.clone(),
            });
        }
        decisions.insert((value.span.file, value.span.start), decision);
    }
    let mut files = Vec::new();
    for (file, source) in ws.sources.iter() {
        let path = display(ws, file);
        if !records.iter().any(|r| belongs(r, &path)) {
            continue;
        }
        let Some(tree) = crate::node::parse_revision(&path, &source.text) else {
            continue;
        };
        let mut unmatched = Vec::new();
        let content = walk(
            &tree,
            "",
            &|node| decisions.get(&(file, node.range.start)),
            &mut unmatched,
        );
        withheld.extend(unmatched.into_iter().map(|at| Withheld {
            path: path.clone(),
            value: at,
            reason: "a sealed value mentor does not know as a private field: not opened".into(),
        }));
        files.push(RecordFile { path, content });
    }
    withheld.retain(|w| records.iter().any(|r| belongs(r, &w.path)));
    let partners_named = ws.programme.as_ref().is_none_or(|p| p.names_partners());
    let mut disclosure = Disclosure {
        person: id.to_string(),
        name: person.person.name.clone(),
        made_on,
        partners_named,
        records: files,
        history,
        reminders,
        withheld,
    };
    if !partners_named {
        hide_partners(ws, id, &mut disclosure);
    }
    Some(disclosure)
}

/// A file's path relative to the programme, wherever mentor ran from.
pub(super) fn display(ws: &Workspace, file: FileId) -> String {
    ws.relative_path(file).unwrap_or_default()
}

/// Give a private value only when it is the subject's own and opens.
fn decide(value: &PrivateValue, subject: &str, identity: Option<&Identity>) -> Decision {
    if !value.readers.contains(&Reader::Person(subject.to_string())) {
        return Decision::Withhold(
            if value.readers == [Reader::Coordinators] {
                "the coordinators' confidential note: review it by hand before disclosing any of it"
            } else {
                "another person's confidential value"
            }
            .into(),
        );
    }
    let armored = match &value.state {
        State::Plain(text) => return Decision::Give(text.clone()),
        State::Sealed(armored) => armored,
    };
    let Some(identity) = identity else {
        return Decision::Withhold("sealed, and no identity was given to open it".into());
    };
    match open(armored, identity, &value.place()) {
        Opened::Plain(text) => Decision::Give(text),
        Opened::NotForYou => {
            Decision::Withhold("sealed to keys the identity given does not hold: run the export with an identity that holds one (the person can read it with their own: `mentor notes`)".into())
        }
        Opened::Elsewhere(_) => {
            Decision::Withhold("sealed for another place (a copy): not opened".into())
        }
        Opened::Broken(why) => Decision::Withhold(format!("the sealed value is damaged: {why}")),
    }
}

/// A parsed file as JSON, each private value as `decision` says; a sealed
/// value no decision covers is withheld and its path added to `unmatched`.
fn walk<'d>(
    node: &Node,
    path: &str,
    decision: &dyn Fn(&Node) -> Option<&'d Decision>,
    unmatched: &mut Vec<String>,
) -> Json {
    match decision(node) {
        Some(Decision::Give(text)) => return Json::String(text.clone()),
        Some(Decision::Withhold(_)) => return Json::String(WITHHELD.into()),
        None => {}
    }
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::from(*n),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Value::Str(text) if is_sealed(text) => {
            unmatched.push(path.to_string());
            Json::String(WITHHELD.into())
        }
        Value::Str(text) | Value::Datetime(text) => Json::String(text.clone()),
        Value::Seq(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| walk(item, &format!("{path}[{i}]"), decision, unmatched))
                .collect(),
        ),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(key, value)| {
                    let inner = if path.is_empty() {
                        key.name.clone()
                    } else {
                        format!("{path}.{}", key.name)
                    };
                    (key.name.clone(), walk(value, &inner, decision, unmatched))
                })
                .collect::<Map<_, _>>(),
        ),
    }
}

/// Put "the mentor" or "the mentee" where the other member of a pair is
/// named (their id, name and addresses), everywhere in the disclosure.
fn hide_partners(ws: &Workspace, subject: &str, disclosure: &mut Disclosure) {
    let mut replacements: Vec<(String, String)> = Vec::new();
    for entry in ws.pairs.iter() {
        // Everyone else in the pair or group, each under their role.
        let others: Vec<(&str, &str)> = if entry.pair.has_mentee(subject) {
            let mentors = entry.pair.mentor_ids().map(|m| (m, "[the mentor]"));
            let fellows = entry.pair.mentee_ids().map(|m| (m, "[a group member]"));
            mentors
                .chain(fellows)
                .filter(|(m, _)| *m != subject)
                .collect()
        } else if entry.pair.has_mentor(subject) {
            let mentees = entry.pair.mentee_ids().map(|m| (m, "[the mentee]"));
            let co = entry.pair.mentor_ids().map(|m| (m, "[the co-mentor]"));
            mentees.chain(co).filter(|(m, _)| *m != subject).collect()
        } else {
            continue;
        };
        for (other, role) in others {
            replacements.extend(
                known_as(ws, other)
                    .into_iter()
                    .map(|k| (k, role.to_string())),
            );
        }
    }
    // Longest first, so a name is replaced before an id inside it.
    replacements.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    let replace = |text: &mut String| {
        for (from, to) in &replacements {
            if text.contains(from.as_str()) {
                *text = text.replace(from.as_str(), to);
            }
        }
    };
    for record in &mut disclosure.records {
        replace(&mut record.path);
        replace_in(&mut record.content, &replace);
    }
    // A commit's author is whatever name and address the committer's git
    // had, often not the programme's: only the subject and the coordinators
    // are named, anyone else is nobody in particular.
    let named = addresses_named(ws, subject);
    for event in &mut disclosure.history {
        if !named.contains(&event.email.trim().to_lowercase()) {
            event.author = SOMEONE_ELSE.into();
            event.email = SOMEONE_ELSE.into();
        }
        let texts = [&mut event.file, &mut event.field];
        texts.into_iter().for_each(&replace);
        event
            .old
            .iter_mut()
            .chain(event.new.iter_mut())
            .for_each(&replace);
    }
    for withheld in &mut disclosure.withheld {
        replace(&mut withheld.path);
        replace(&mut withheld.value);
    }
    // A reminder's key names its pair, and so the partner.
    for reminder in &mut disclosure.reminders {
        replace(&mut reminder.about);
    }
}

/// Who a commit's author is shown as, when partners are not named and the
/// author is neither the subject nor a coordinator.
const SOMEONE_ELSE: &str = "[someone else]";

/// The addresses (lower case) of the subject and the coordinators: the
/// commit authors a disclosure that hides partners still names.
fn addresses_named(ws: &Workspace, subject: &str) -> Vec<String> {
    let coordinator = ws.programme.as_ref().and_then(|p| p.coordinator.as_ref());
    known_as(ws, subject)
        .into_iter()
        .chain(
            coordinator
                .iter()
                .flat_map(|c| c.email.iter().chain(&c.aliases).cloned()),
        )
        .filter(|text| text.contains('@'))
        .map(|address| address.trim().to_lowercase())
        .collect()
}

/// Every text that names person `id`: their id, name, email and aliases.
pub fn known_as(ws: &Workspace, id: &str) -> Vec<String> {
    let mut texts = vec![id.to_string()];
    if let Some(person) = ws.person(id) {
        texts.push(person.person.name.clone());
        texts.extend(person.person.email.iter().cloned());
        texts.extend(person.person.aliases.iter().cloned());
    }
    texts.retain(|t| !t.trim().is_empty());
    texts
}

fn replace_in(json: &mut Json, replace: &dyn Fn(&mut String)) {
    match json {
        Json::String(text) => replace(text),
        Json::Array(items) => items.iter_mut().for_each(|i| replace_in(i, replace)),
        Json::Object(map) => {
            for (key, mut value) in std::mem::take(map) {
                replace_in(&mut value, replace);
                let mut key = key;
                replace(&mut key);
                map.insert(key, value);
            }
        }
        _ => {}
    }
}

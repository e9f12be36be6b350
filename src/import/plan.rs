//! Drafts into a plan: which person files to create and which fields of
//! existing ones to update (matched by email, then id), for the one writer.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::edit::scaffold::person_file;
use crate::edit::{Change, EntryValue, toml};
use crate::id::{is_valid_id, slug};
use crate::import::convert::Draft;
use crate::import::finding;
use crate::import::mapping::FIELDS;
use crate::import::people_lists;
use crate::model::Person;
use crate::workspace::Workspace;

/// What an import does to one person file.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Create {
        id: String,
        path: PathBuf,
        text: String,
    },
    Update {
        id: String,
        path: PathBuf,
        before: String,
        after: String,
    },
    Unchanged {
        id: String,
    },
}

impl Action {
    /// The change the writer makes for it; `None` when it changes nothing.
    pub fn change(&self) -> Option<Change> {
        match self {
            Action::Create { path, text, .. } => Some(Change::create(path.clone(), text.clone())),
            Action::Update {
                path,
                before,
                after,
                ..
            } => Some(Change::update(path.clone(), before.clone(), after.clone())),
            Action::Unchanged { .. } => None,
        }
    }
}

/// How many files an import creates, updates and leaves unchanged.
pub fn counts(actions: &[Action]) -> (usize, usize, usize) {
    let count = |f: fn(&Action) -> bool| actions.iter().filter(|a| f(a)).count();
    (
        count(|a| matches!(a, Action::Create { .. })),
        count(|a| matches!(a, Action::Update { .. })),
        count(|a| matches!(a, Action::Unchanged { .. })),
    )
}

/// Decide, for every converted row, which file to create or update.
pub fn plan(
    ws: &Workspace,
    drafts: &[Draft],
    source: &str,
    today: NaiveDate,
) -> (Vec<Action>, Vec<Diagnostic>) {
    let file = source;
    let mut out = Vec::new();
    let mut actions = Vec::new();
    let mut taken: HashSet<String> = ws.people.iter().map(|p| p.id.clone()).collect();
    let mut imported: HashSet<String> = HashSet::new();
    // Every row's person first: an answer may name someone further down.
    let mut rows: Vec<(Draft, String)> = Vec::new();
    let mut existing_of: Vec<Option<usize>> = Vec::new();
    for draft in drafts {
        let existing = existing_person(ws, draft);
        let id = match existing {
            Some(i) => ws.people[i].id.clone(),
            None => match new_id(draft, &mut taken, file) {
                Ok(id) => id,
                Err(finding) => {
                    out.push(finding);
                    continue;
                }
            },
        };
        if !imported.insert(id.clone()) {
            out.push(finding(
                file,
                Code::ImportDuplicateRow,
                draft.row,
                0,
                format!(
                    "row {}: person `{id}` appears twice in the export",
                    draft.row
                ),
            ));
            continue;
        }
        rows.push((draft.clone(), id));
        existing_of.push(existing);
    }
    let known = people_lists::directory(ws, &rows);
    let mut settled = Vec::with_capacity(rows.len());
    for (draft, id) in &rows {
        let mut draft = draft.clone();
        people_lists::settle(ws, &mut draft, id, &known, file, &mut out);
        settled.push(draft);
    }
    for ((draft, (_, id)), existing) in settled.iter().zip(&rows).zip(existing_of) {
        let id = id.clone();
        match existing {
            Some(i) => match update(ws, i, id, draft) {
                Ok(Some(action)) => actions.push(action),
                Ok(None) => {}
                Err(why) => out.push(finding(
                    file,
                    Code::ImportNotUpdatable,
                    draft.row,
                    0,
                    format!("row {}: {why}", draft.row),
                )),
            },
            None => actions.push(create(ws, id, draft, source, today)),
        }
    }
    for person in ws.people.iter().filter(|p| !imported.contains(&p.id)) {
        out.push(finding(
            file,
            Code::ImportNotInExport,
            0,
            0,
            format!("{} is not in this export; kept as it is", person.id),
        ));
    }
    (actions, out)
}

/// The person a row is about: the one with its email, else the one with
/// its id.
fn existing_person(ws: &Workspace, draft: &Draft) -> Option<usize> {
    let by_email = draft
        .text(Person::EMAIL)
        .and_then(|e| ws.resolve_person(e))
        .filter(|_| draft.text(Person::EMAIL).is_some_and(|e| e.contains('@')));
    by_email.or_else(|| draft.id_cell.as_deref().and_then(|id| ws.person_index(id)))
}

/// An id for a new person, from the id cell or the name, made unique among
/// those `taken` (`ana-silva-2`); or a finding when none can be made.
fn new_id(draft: &Draft, taken: &mut HashSet<String>, file: &str) -> Result<String, Diagnostic> {
    // An id cell that is already an id is kept as written; a name always
    // goes through `slug`, so "Mo" becomes `mo` as "Zoe Park" becomes
    // `zoe-park` (a one-word name is a valid id, but not a lowercase one).
    let (given, made) = match draft.id_cell.clone() {
        Some(cell) if is_valid_id(&cell) => (cell.clone(), Some(cell)),
        Some(cell) => {
            let made = slug(&cell);
            (cell, made)
        }
        None => {
            let name = draft.text(Person::NAME).unwrap_or_default().to_string();
            let made = slug(&name);
            (name, made)
        }
    };
    let Some(base) = made else {
        return Err(finding(
            file,
            Code::ImportMissingValue,
            draft.row,
            0,
            format!("row {}: no person id can be made from `{given}`", draft.row),
        )
        .help("give the person an id: map a column under [id] column"));
    };
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|c| !taken.contains(c))
        .unwrap_or(base);
    taken.insert(id.clone());
    Ok(id)
}

/// The row's fields set in person `index`'s file: `None` when the file
/// cannot be read as TOML, an error (why) when it is not TOML at all.
/// Defaults and `create_only` fields are for new people: an existing
/// person keeps theirs.
fn update(
    ws: &Workspace,
    index: usize,
    id: String,
    draft: &Draft,
) -> Result<Option<Action>, String> {
    let path = ws
        .sources
        .path_of(ws.people[index].file)
        .map(PathBuf::from)
        .unwrap_or_default();
    if path.extension().is_none_or(|e| e != "toml") {
        return Err(format!(
            "{} is not TOML; import leaves it unchanged",
            crate::load::display_path(&path)
        ));
    }
    let before = crate::load::read_record_text(&path).unwrap_or_default();
    let Ok(mut doc) = before.parse::<toml_edit::DocumentMut>() else {
        return Ok(None);
    };
    let mut changed = false;
    for (field, value) in draft
        .fields
        .iter()
        .filter(|(field, _)| !draft.create_only.contains(*field))
    {
        changed |= toml::set_field(&mut doc, &field.to_string(), value);
    }
    let person = &ws.people[index].person;
    for (session, date) in &draft.attended {
        let known = person
            .attended
            .iter()
            .any(|a| a.session == *session && EntryValue::Date(a.date) == *date);
        if !known {
            push_attendance(&mut doc, session, date).map_err(|e| e.to_string())?;
            changed = true;
        }
    }
    Ok(Some(if changed {
        Action::Update {
            id,
            path,
            before,
            after: doc.to_string(),
        }
    } else {
        Action::Unchanged { id }
    }))
}

/// A new person file for the row, its fields in the order of [`FIELDS`].
fn create(ws: &Workspace, id: String, draft: &Draft, source: &str, today: NaiveDate) -> Action {
    let mut record = toml_edit::DocumentMut::new();
    for (field, _) in FIELDS {
        if let Some(value) = draft.fields.get(field) {
            crate::edit::toml::set_field(&mut record, &field.to_string(), value);
        }
    }
    for (session, date) in &draft.attended {
        // A fresh document always takes a new array of tables.
        let _ = push_attendance(&mut record, session, date);
    }
    let path = ws.root.join("people").join(format!("{id}.toml"));
    let header = format!("# Imported by `mentor import` from {source} on {today}.\n");
    let change = person_file(&path, &header, &record);
    Action::Create {
        path,
        id,
        text: change.text,
    }
}

/// One `[[attended]]` entry: a training session and its date.
fn push_attendance(
    doc: &mut toml_edit::DocumentMut,
    session: &str,
    date: &EntryValue,
) -> anyhow::Result<()> {
    use crate::model::Attendance;
    toml::push_table(
        doc,
        Person::ATTENDED,
        &[
            (Attendance::SESSION, EntryValue::Word(session.to_string())),
            (Attendance::DATE, date.clone()),
        ],
    )
}

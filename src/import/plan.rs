//! Drafts into a plan: which person files to create and which fields of
//! existing ones to update (matched by email, then id), for the one writer.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::edit::scaffold::person_file;
use crate::edit::{EntryValue, toml};
use crate::id::{is_valid_id, slug};
use crate::import::convert::{Draft, finding};
use crate::import::mapping::FIELDS;
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
    for draft in drafts {
        let by_email = draft
            .text("email")
            .and_then(|e| ws.resolve_person(e))
            .filter(|_| draft.text("email").is_some_and(|e| e.contains('@')));
        let existing =
            by_email.or_else(|| draft.id_cell.as_deref().and_then(|id| ws.person_index(id)));
        let id = match existing {
            Some(i) => ws.people[i].id.clone(),
            None => {
                let given = draft
                    .id_cell
                    .clone()
                    .or_else(|| draft.text("name").map(str::to_string))
                    .unwrap_or_default();
                let made = if is_valid_id(&given) {
                    Some(given.clone())
                } else {
                    slug(&given)
                };
                let Some(base) = made else {
                    out.push(
                        finding(
                            file,
                            Code::ImportMissingValue,
                            draft.row,
                            0,
                            format!("row {}: no person id can be made from `{given}`", draft.row),
                        )
                        .help("give the person an id: map a column under [id] column"),
                    );
                    continue;
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
                id
            }
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
        match existing {
            Some(i) => {
                let path = ws
                    .sources
                    .path_of(ws.people[i].file)
                    .map(PathBuf::from)
                    .unwrap_or_default();
                if path.extension().is_none_or(|e| e != "toml") {
                    out.push(finding(
                        file,
                        Code::ImportNotUpdatable,
                        draft.row,
                        0,
                        format!(
                            "row {}: {} is not TOML; import leaves it unchanged",
                            draft.row,
                            crate::load::display_path(&path)
                        ),
                    ));
                    continue;
                }
                let before = crate::load::read_record_text(&path).unwrap_or_default();
                let Ok(mut doc) = before.parse::<toml_edit::DocumentMut>() else {
                    continue;
                };
                let mut changed = false;
                // Defaults and `create_only` fields are for new people: an
                // existing person keeps theirs.
                for (field, value) in draft
                    .fields
                    .iter()
                    .filter(|(field, _)| !draft.create_only.contains(*field))
                {
                    changed |= toml::set_field(&mut doc, field, value);
                }
                actions.push(if changed {
                    Action::Update {
                        id,
                        path,
                        before,
                        after: doc.to_string(),
                    }
                } else {
                    Action::Unchanged { id }
                });
            }
            None => {
                let fields: Vec<(&str, EntryValue)> = FIELDS
                    .iter()
                    .filter_map(|(field, _)| Some((*field, draft.fields.get(field)?.clone())))
                    .collect();
                let path = ws.root.join("people").join(format!("{id}.toml"));
                let header = format!("# Imported by `mentor import` from {source} on {today}.\n");
                let mut record = toml_edit::DocumentMut::new();
                for (field, value) in &fields {
                    toml::set_field(&mut record, field, value);
                }
                let change = person_file(&path, &header, &record);
                actions.push(Action::Create {
                    path,
                    id,
                    text: change.text,
                });
            }
        }
    }
    for person in &ws.people {
        if !imported.contains(&person.id) {
            out.push(finding(
                file,
                Code::ImportNotInExport,
                0,
                0,
                format!("{} is not in this export; kept as it is", person.id),
            ));
        }
    }
    (actions, out)
}

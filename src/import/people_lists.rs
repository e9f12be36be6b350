//! Answers that name people (`avoid`: "who should you not be matched
//! with", `prefer`: "preferred mentor"), resolved to person ids: by email,
//! id or full name, among the people of the programme and of the export
//! itself; and sealed, when the programme seals the field, before anything
//! is written, as `mentor seal` would.

use crate::diagnostic::{Code, Diagnostic};
use crate::edit::EntryValue;
use crate::import::convert::Draft;
use crate::import::finding;
use crate::import::mapping::{FIELDS, Kind, Target};
use crate::model::Person;
use crate::seal::fields::PERSON;
use crate::seal::places::{Owner, Place, seal};
use crate::seal::values::{reader_names, recipients, sealed_person_fields};
use crate::workspace::Workspace;

/// Someone an answer can name: their id, name and email.
pub struct Known<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
}

/// Everyone an answer can name: the programme's people, then the export's.
pub fn directory<'a>(ws: &'a Workspace, imported: &'a [(Draft, String)]) -> Vec<Known<'a>> {
    let people = ws.people.iter().map(|p| Known {
        id: &p.id,
        name: &p.person.name,
        email: p.person.email.as_deref(),
    });
    let rows = imported.iter().map(|(draft, id)| Known {
        id,
        name: draft.text(Person::NAME).unwrap_or_default(),
        email: draft.text(Person::EMAIL),
    });
    people.chain(rows).collect()
}

/// The id an answer names: an email, an id, or a full name (any case) only
/// one person has; else why not.
fn resolve<'a>(answer: &str, known: &[Known<'a>]) -> Result<&'a str, String> {
    let answer = answer.trim();
    let same = |a: &str| a.trim().eq_ignore_ascii_case(answer);
    if let Some(k) = known
        .iter()
        .find(|k| k.email.is_some_and(same) || k.id == answer)
    {
        return Ok(k.id);
    }
    let mut named: Vec<&str> = known
        .iter()
        .filter(|k| same(k.name))
        .map(|k| k.id)
        .collect();
    named.dedup();
    match named[..] {
        [one] => Ok(one),
        [] => Err(format!(
            "`{}` is no one in the programme or this export (by email, id or full name)",
            crate::text::excerpt(answer)
        )),
        _ => Err(format!(
            "`{}` is the name of {} people ({}): give their email instead",
            crate::text::excerpt(answer),
            named.len(),
            named.join(", ")
        )),
    }
}

/// `draft`'s people answers (for person `id`) as ids, sealed where the
/// programme seals the field; findings for what cannot be resolved or sealed.
pub fn settle(
    ws: &Workspace,
    draft: &mut Draft,
    id: &str,
    known: &[Known],
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let sealed = sealed_person_fields(ws);
    let seals = ws.programme.as_ref().is_some_and(|p| p.seals());
    for (target, _) in FIELDS.iter().filter(|(_, kind)| *kind == Kind::People) {
        let Some(EntryValue::Texts(answers)) = draft.fields.get(target).cloned() else {
            continue;
        };
        let mut ids: Vec<String> = Vec::new();
        for answer in &answers {
            match resolve(answer, known) {
                // Naming oneself in one's own list says nothing.
                Ok(found) if found == id => {}
                Ok(found) if ids.iter().any(|i| i == found) => {}
                Ok(found) => ids.push(found.to_string()),
                Err(why) => {
                    let near = crate::decode::did_you_mean(
                        answer.trim(),
                        known.iter().flat_map(|k| [k.id, k.name]),
                    );
                    out.push(unresolved(file, draft.row, *target, &why, near));
                }
            }
        }
        let name = target.field().name();
        let value = if seals && sealed.contains(name) && !ids.is_empty() {
            match sealed_list(ws, id, *target, &ids) {
                Ok(armored) => EntryValue::Sealed(armored),
                Err(why) => {
                    out.push(
                        finding(
                            file,
                            Code::ImportCannotSeal,
                            draft.row,
                            0,
                            format!("row {}: `{name}` is private and this programme seals it, but {why}", draft.row),
                        )
                        .help(format!("import without the `{name}` column now, and again once they have added their key (`keys` in their person file)")),
                    );
                    continue;
                }
            }
        } else {
            EntryValue::Ids(ids)
        };
        draft.fields.insert(*target, value);
    }
}

fn unresolved(file: &str, row: usize, target: Target, why: &str, near: Option<&str>) -> Diagnostic {
    let finding = finding(
        file,
        Code::ImportUnknownPerson,
        row,
        0,
        format!("row {row}: `{target}`: {why}"),
    );
    match near {
        Some(near) => finding.help(format!(
            "did you mean `{near}`? Write each person as their email, their id or their full name as the programme has it"
        )),
        None => finding.help(
            "write each person as their email, their id or their full name as the programme has it",
        ),
    }
}

/// The ids sealed for the person and the coordinators, one per line as a
/// sealed list is kept; or who has no key to seal to.
fn sealed_list(ws: &Workspace, id: &str, target: Target, ids: &[String]) -> Result<String, String> {
    let owner = Owner::Person { id: id.to_string() };
    let readers = PERSON.readers.of(&owner, None);
    let keys = recipients(ws, &readers).map_err(|missing| {
        format!(
            "{} must first have a public key to seal it to",
            reader_names(ws, &missing)
        )
    })?;
    seal(&ids.join("\n"), &keys, &Place::new(owner, target.field()))
}

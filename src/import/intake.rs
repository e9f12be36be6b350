//! The intake each imported mentee applied in: `--intake` for every row,
//! else the row's `intake` cell, else the intake whose application window
//! holds the row's `applied_on` (when the programme declares intakes).

use crate::diagnostic::{Capped, Code};
use crate::edit::EntryValue;
use crate::import::convert::Draft;
use crate::import::finding;
use crate::import::mapping::Target;
use crate::model::{Intake, Person, Role};

/// Set or check each mentee draft's intake; findings for intakes the
/// programme does not declare (errors) and for application dates no
/// intake's window holds (warnings: imported without an intake).
pub fn assign(
    drafts: &mut [Draft],
    intakes: &[Intake],
    given: Option<&str>,
    file: &str,
    out: &mut Capped,
) {
    let target = Target::of(Person::INTAKE);
    if let Some(id) = given
        && !intakes.iter().any(|i| i.id == id)
    {
        out.push(unknown(intakes, id, file, 0, "--intake"));
        return;
    }
    for draft in drafts.iter_mut() {
        // Mentors are shared by every intake: theirs is not asked.
        let role = draft.text(Person::ROLE).and_then(Role::parse);
        if role == Some(Role::Mentor) {
            continue;
        }
        if let Some(id) = given {
            draft
                .fields
                .insert(target, EntryValue::Text(id.to_string()));
            continue;
        }
        if let Some(id) = draft.text(target) {
            if !intakes.iter().any(|i| i.id == id) {
                let row = draft.row;
                out.push(unknown(
                    intakes,
                    id,
                    file,
                    row,
                    &format!("row {row}: intake"),
                ));
            }
            continue;
        }
        let Some(EntryValue::Date(applied)) = draft.fields.get(&Target::of(Person::APPLIED_ON))
        else {
            continue;
        };
        let applied = *applied;
        match intakes.iter().find(|i| i.takes_applications_on(applied)) {
            Some(intake) => {
                draft
                    .fields
                    .insert(target, EntryValue::Text(intake.id.clone()));
            }
            None if intakes.is_empty() => {}
            None => {
                let mut f = finding(
                    file,
                    Code::ImportOutsideIntakes,
                    draft.row,
                    0,
                    format!(
                        "row {}: applied on {applied}, in no intake's application window ({}): imported without an intake",
                        draft.row,
                        windows(intakes)
                    ),
                );
                f.help = Some(
                    "set their `intake` by hand, give an `intake` column, or import the row with `--intake ID`".into(),
                );
                out.push(f);
            }
        }
    }
}

fn unknown(
    intakes: &[Intake],
    id: &str,
    file: &str,
    row: usize,
    what: &str,
) -> crate::diagnostic::Diagnostic {
    let known = if intakes.is_empty() {
        "the programme declares no `[[intakes]]`".to_string()
    } else {
        format!(
            "the programme's intakes are {}",
            intakes
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    finding(
        file,
        Code::ImportUnknownIntake,
        row,
        0,
        format!("{what} `{id}` is no intake; {known}"),
    )
}

/// Each intake's window, as `id from..to`.
fn windows(intakes: &[Intake]) -> String {
    intakes
        .iter()
        .map(|i| format!("{} {} to {}", i.id, i.applications_from, i.applications_to))
        .collect::<Vec<_>>()
        .join("; ")
}

//! Intakes (`[[intakes]]`): each a distinct round with its dates in order,
//! inside the programme, apart from the others; people name real intakes,
//! and in a programme run in intakes every waiting mentee has one.

use chrono::NaiveDate;

use crate::decode::{Field, Spans};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Intake, MatchingRules, Person, Programme};
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = ws.programme.as_ref() else {
        return;
    };
    duplicate_ids(&programme.intakes, out);
    for intake in &programme.intakes {
        dates_in_order(intake, out);
        inside_programme(programme, intake, out);
    }
    overlaps(&programme.intakes, out);
    people_intakes(ws, programme, out);
    carry_over_in_range(programme, out);
}

fn duplicate_ids(intakes: &[Intake], out: &mut Vec<Diagnostic>) {
    for (n, intake) in intakes.iter().enumerate() {
        if intakes[..n].iter().any(|earlier| earlier.id == intake.id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateIntake,
                    intake.at.of(Intake::ID),
                    format!("intake id `{}` is used by an earlier intake", intake.id),
                )
                .help("give each intake its own id: people's `intake` names one"),
            );
        }
    }
}

fn dates_in_order(intake: &Intake, out: &mut Vec<Diagnostic>) {
    let opens = intake.applications_from;
    if intake.applications_to < opens {
        out.push(
            Diagnostic::new(
                Code::IntakeDatesOutOfOrder,
                intake.at.of(Intake::APPLICATIONS_TO),
                format!(
                    "intake `{}`: `applications_to` ({}) is before `applications_from` ({opens})",
                    intake.id, intake.applications_to
                ),
            )
            .help("applications close on or after the day they open: swap the two dates"),
        );
    }
    if intake.match_on < opens {
        out.push(
            Diagnostic::new(
                Code::IntakeDatesOutOfOrder,
                intake.at.of(Intake::MATCH_ON),
                format!(
                    "intake `{}`: `match_on` ({}) is before applications open ({opens})",
                    intake.id, intake.match_on
                ),
            )
            .help("match an intake once its applications have opened, usually after they close"),
        );
    }
}

fn inside_programme(programme: &Programme, intake: &Intake, out: &mut Vec<Diagnostic>) {
    let dates: [(Field, NaiveDate); 3] = [
        (Intake::APPLICATIONS_FROM, intake.applications_from),
        (Intake::APPLICATIONS_TO, intake.applications_to),
        (Intake::MATCH_ON, intake.match_on),
    ];
    for (field, day) in dates {
        if (programme.start..=programme.end).contains(&day) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::IntakeOutsideProgramme,
                intake.at.of(field),
                format!(
                    "intake `{}`: `{}` ({day}) is outside the programme ({} to {})",
                    intake.id,
                    field.name(),
                    programme.start,
                    programme.end
                ),
            )
            .help("move the date inside the programme, or the programme's `start`/`end` to take it in"),
        );
    }
}

/// Two windows overlap when each opens before the other closes; reported
/// once, at the intake that opens later.
fn overlaps(intakes: &[Intake], out: &mut Vec<Diagnostic>) {
    for (n, later) in intakes.iter().enumerate() {
        for earlier in &intakes[..n] {
            let (first, second) = if earlier.applications_from <= later.applications_from {
                (earlier, later)
            } else {
                (later, earlier)
            };
            if second.applications_from > first.applications_to {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::IntakesOverlap,
                    second.at.of(Intake::APPLICATIONS_FROM),
                    format!(
                        "intake `{}` opens on {}, while intake `{}` still takes applications (to {})",
                        second.id, second.applications_from, first.id, first.applications_to
                    ),
                )
                .help(format!(
                    "let `{}` open after {}: an application date must fall in one intake only",
                    second.id, first.applications_to
                )),
            );
        }
    }
}

fn people_intakes(ws: &Workspace, programme: &Programme, out: &mut Vec<Diagnostic>) {
    let known = || programme.intakes.iter().map(|i| i.id.as_str());
    for (index, entry) in ws.people.iter().enumerate() {
        let person = &entry.person;
        match &person.intake {
            Some(id) if programme.intake_index(id).is_none() => {
                out.push(unknown_intake(&entry.id, id, &person.at, known));
            }
            None if !programme.intakes.is_empty() && ws.is_waiting(index) => out.push(
                Diagnostic::new(
                    Code::IntakeMissing,
                    person.at.record,
                    format!(
                        "`{}` is waiting for a mentor but has no `intake`: no `mentor match --intake` run includes them",
                        entry.id
                    ),
                )
                .help(format!(
                    "add `intake = \"ID\"`, one of: {}",
                    known().collect::<Vec<_>>().join(", ")
                )),
            ),
            _ => {}
        }
    }
}

fn unknown_intake<'a, I: Iterator<Item = &'a str>>(
    person: &str,
    id: &str,
    at: &Spans,
    known: impl Fn() -> I,
) -> Diagnostic {
    let listed: Vec<&str> = known().collect();
    let message = if listed.is_empty() {
        format!("`{person}` names intake `{id}`, but the programme declares no `[[intakes]]`")
    } else {
        format!(
            "`{person}` names intake `{id}`; the programme's intakes are {}",
            listed.join(", ")
        )
    };
    let help = match crate::decode::did_you_mean(id, known()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if listed.is_empty() => {
            "declare the intake in programme.toml as `[[intakes]]`, or remove `intake`".into()
        }
        None => "correct the id, or declare the intake in programme.toml".into(),
    };
    Diagnostic::new(Code::UnknownIntake, at.of(Person::INTAKE), message).help(help)
}

fn carry_over_in_range(programme: &Programme, out: &mut Vec<Diagnostic>) {
    let Some(matching) = programme.matching.as_ref() else {
        return;
    };
    if let Some(n) = matching.carry_over.filter(|&n| n > 100) {
        out.push(
            Diagnostic::new(
                Code::InvalidValue,
                matching.at.of(MatchingRules::CARRY_OVER),
                format!("`carry_over` under [matching] is {n}; it is points on the match score's scale, 0 to 100"),
            )
            .help(format!(
                "set 0 to 100, such as the default {} (0 gives no priority to mentees carried over)",
                crate::model::DEFAULT_CARRY_OVER
            )),
        );
    }
}

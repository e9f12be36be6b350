//! Every id a record names must resolve.

use std::collections::HashMap;

use crate::decode::{Field, did_you_mean};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Competency, Feedback, Goal, Meeting, Person};
use crate::source::Span;
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    people(ws, out);
    pairs(ws, out);
    competencies_are_unique(ws, out);
    emails(ws, out);
    names(ws, out);
}

fn people(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.people {
        let person = &entry.person;
        if let Some(manager) = &person.manager {
            if manager.contains('@') && !looks_like_email(manager) {
                out.push(not_an_email(
                    Person::MANAGER,
                    manager,
                    person.at.of(Person::MANAGER),
                ));
            }
            person_reference(ws, manager, "manager", person.at.of(Person::MANAGER), out);
        }
        for (list, field) in [
            (&person.avoid, Person::AVOID),
            (&person.prefer, Person::PREFER),
        ] {
            for (i, name) in list.iter().enumerate() {
                person_reference(ws, name, field.name(), person.at.item(field, i), out);
            }
        }
        for (list, field) in [
            (&person.needs, Person::NEEDS),
            (&person.expertise, Person::EXPERTISE),
        ] {
            for (i, id) in list.iter().enumerate() {
                competency_reference(ws, id, field.name(), person.at.item(field, i), out);
            }
        }
    }
}

/// A person named by id must exist; an email may name someone outside the
/// programme (a line manager who takes no part), so it is not required to.
fn person_reference(
    ws: &Workspace,
    name: &str,
    field: &str,
    span: Span,
    out: &mut Vec<Diagnostic>,
) {
    if name.contains('@') || ws.resolve_person(name).is_some() || ws.unreadable.contains(name) {
        return;
    }
    let mut d = Diagnostic::new(
        Code::UnknownPerson,
        span,
        format!("`{field}` names `{name}`, who has no file under people/"),
    );
    d.help = Some(
        match did_you_mean(name, ws.people.iter().map(|p| p.id.as_str())) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "add people/{name}.toml, or give an email address for someone outside the programme"
            ),
        },
    );
    out.push(d);
}

pub(super) fn competency_reference(
    ws: &Workspace,
    id: &str,
    field: &str,
    span: Span,
    out: &mut Vec<Diagnostic>,
) {
    // Without a readable programme.toml every id would be "unknown": that
    // file's own diagnostic (E001 or E007) is the one to fix.
    if ws.competency(id).is_some() || ws.programme.is_none() {
        return;
    }
    let mut d = Diagnostic::new(
        Code::UnknownCompetency,
        span,
        format!("`{field}` names competency `{id}`, which programme.toml does not define"),
    );
    d.help = Some(match did_you_mean(id, ws.competency_ids()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "define it under [[competencies]] in programme.toml".to_string(),
    });
    out.push(d);
}

fn pairs(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.pairs {
        let pair = &entry.pair;
        let can_mentor = crate::model::Person::can_mentor as fn(&crate::model::Person) -> bool;
        let mentors = pair
            .mentors_at()
            .map(|(id, field, span)| (id, field, span, can_mentor, "mentor"));
        let mentees = pair.mentees_at().map(|(id, field, span)| {
            (
                id,
                field,
                span,
                crate::model::Person::can_be_mentored as fn(&_) -> bool,
                "mentee",
            )
        });
        for (id, field, span, fits, role) in mentors.chain(mentees) {
            match ws.person(id) {
                Some(person) if !fits(&person.person) => out.push(
                    Diagnostic::new(
                        Code::WrongRole,
                        span,
                        format!(
                            "`{}` is `{id}`, whose role is `{}`, not {role}",
                            field.name(),
                            person.person.role
                        ),
                    )
                    .help(format!(
                        "pick a {role}, or set `role` in people/{id} to `{role}` or `both`"
                    )),
                ),
                Some(_) => {}
                None if ws.unreadable.contains(id) => {}
                None => person_reference(ws, id, field.name(), span, out),
            }
        }
        let mut goal_ids: HashMap<&str, Span> = HashMap::new();
        for goal in &entry.goals {
            if goal_ids
                .insert(goal.id.as_str(), goal.at.of(Goal::ID))
                .is_some()
            {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateRecord,
                        goal.at.of(Goal::ID),
                        format!("goal id `{}` is used twice in pair `{}`", goal.id, entry.id),
                    )
                    .help("give each goal its own id"),
                );
            }
        }
        for meeting in &entry.meetings {
            for (i, goal) in meeting.goals.iter().enumerate() {
                if goal_ids.contains_key(goal.as_str()) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    Code::UnknownGoal,
                    meeting.at.item(Meeting::GOALS, i),
                    format!(
                        "meeting on {} names goal `{goal}`, which goals.yaml of pair `{}` does not define",
                        meeting.date, entry.id
                    ),
                );
                d.help = Some(match did_you_mean(goal, goal_ids.keys().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "add the goal to goals.yaml, or fix the id".into(),
                });
                out.push(d);
            }
        }
        for feedback in &entry.feedback {
            if !pair.has_member(&feedback.by) {
                out.push(
                    Diagnostic::new(
                        Code::FeedbackNotFromPair,
                        feedback.at.of(Feedback::BY),
                        format!("feedback `by` is `{}`, who is neither the mentor nor the mentee of pair `{}`", feedback.by, entry.id),
                    )
                    .help(format!("use `{}` or `{}`", pair.mentor, pair.mentees_shown())),
                );
            }
        }
    }
}

fn competencies_are_unique(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = &ws.programme else {
        return;
    };
    let mut seen = HashMap::new();
    for competency in &programme.competencies {
        if seen.insert(competency.id.as_str(), ()).is_some() {
            out.push(
                Diagnostic::new(
                    Code::DuplicateRecord,
                    competency.at.of(Competency::ID),
                    format!("competency id `{}` is defined twice", competency.id),
                )
                .help("give each competency its own id"),
            );
        }
    }
}

fn emails(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    // Every person's own address first: an alias that borrows one is the
    // finding, in the file that borrows it.
    let emails = ws
        .people
        .iter()
        .filter_map(|entry| Some((entry, Person::EMAIL, entry.person.email.as_ref()?)));
    let aliases = ws.people.iter().flat_map(|entry| {
        entry
            .person
            .aliases
            .iter()
            .map(move |a| (entry, Person::ALIASES, a))
    });
    for (entry, field, email) in emails.chain(aliases) {
        let person = &entry.person;
        if !looks_like_email(email) {
            out.push(not_an_email(field, email, person.at.of(field)));
            continue;
        }
        // An address is one person's: an alias naming someone else's
        // address would make their commits look like this person's.
        let key = email.trim().to_lowercase();
        match seen.get(&key) {
            Some(first) if *first != entry.id => out.push(
                Diagnostic::new(
                    Code::DuplicateEmail,
                    person.at.of(field),
                    format!("{} `{email}` is also used by `{first}`", field.name()),
                )
                .help("each person has one file; merge the two or correct the address")
                .involving([*first]),
            ),
            Some(_) => {}
            None => {
                seen.insert(key, entry.id.as_str());
            }
        }
    }
}

/// `field` holds `text`, which the mailer would refuse.
fn not_an_email(field: Field, text: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        at,
        format!(
            "`{}` is `{}`, which is not an email address",
            field.name(),
            crate::text::excerpt(text)
        ),
    )
    .help("write the address as name@example.org, without spaces")
}

/// A name is one line of text: a line break or another control character
/// in it would start a line of its own wherever the name is printed (a
/// forged line in a report, a workflow command in CI).
fn names(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.people {
        let name = &entry.person.name;
        if name.chars().any(char::is_control) {
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    entry.person.at.of(Person::NAME),
                    format!(
                        "`name` holds a line break or another control character: `{}`",
                        crate::text::visible(name)
                    ),
                )
                .help("write the name on one line, without tabs or other special characters"),
            );
        }
    }
}

/// Enough of a check to catch a name or a typo in the email field; a
/// mailbox's existence is not this tool's business.
pub(crate) fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    // What the mailer will accept, so one odd address never stops the
    // reminders of everyone else.
    if text.parse::<lettre::Address>().is_err() {
        return false;
    }
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

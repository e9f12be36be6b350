//! Ranked choices (`prefer`): a mentee ranks mentors, a mentor may rank
//! mentees. Stable matching reads each list in order, so a list must name
//! people on the other side, once each, and never the person themselves.
//! Names that resolve to no one are `references`' finding (E020). A name
//! that a hard matching rule never pairs them with is a wasted place, said
//! (W036) unless the rule is an `avoid` list: who avoids whom stays unsaid.

use crate::diagnostic::{Code, Diagnostic};
use crate::matching::rules::{Exclusion, RuleContext};
use crate::model::{Person, Role};
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Built only when someone ranks anyone: the rules read every profile.
    // Repeats allowed: pairing again is the coordinator's call per run.
    let mut rules: Option<RuleContext> = None;
    for (index, entry) in ws.people.iter().enumerate() {
        let person = &entry.person;
        let mut seen: Vec<usize> = Vec::new();
        for (i, name) in person.prefer.iter().enumerate() {
            let Some(other) = ws.resolve_person(name) else {
                continue;
            };
            let span = person.at.item(Person::PREFER, i);
            let named = &ws.people[other];
            if other == index {
                out.push(
                    Diagnostic::new(
                        Code::PreferSelf,
                        span,
                        format!("`prefer` names `{name}`, the person themselves"),
                    )
                    .help("remove it: `prefer` ranks people on the other side"),
                );
            } else if let Some(wanted) = wrong_side(person.role, &named.person) {
                out.push(
                    Diagnostic::new(
                        Code::PreferWrongRole,
                        span,
                        format!(
                            "`prefer` names `{}`, whose role is `{}`: a {} ranks {wanted}s",
                            named.id,
                            named.person.role.as_str(),
                            person.role.as_str()
                        ),
                    )
                    .help(format!(
                        "list only {wanted}s, best first, or change `{}`'s role",
                        named.id
                    )),
                );
            } else if let Some(rule) = never_paired(
                rules.get_or_insert_with(|| RuleContext::new(ws, true)),
                person.role,
                index,
                other,
            ) {
                out.push(
                    Diagnostic::new(
                        Code::PreferNeverAllowed,
                        span,
                        format!(
                            "`prefer` ranks `{}`, whom the programme's matching rules never pair with `{}` ({}): that place is skipped",
                            named.id,
                            entry.id,
                            rule.describe()
                        ),
                    )
                    .help("rank someone else in that place (the rules are in programme.toml's `[matching]`; ask the coordinator)"),
                );
            } else if seen.contains(&other) {
                out.push(
                    Diagnostic::new(
                        Code::PreferRepeated,
                        span,
                        format!(
                            "`prefer` names `{}` more than once; the first place counts",
                            named.id
                        ),
                    )
                    .help("keep each person once, at the place you mean"),
                );
            }
            seen.push(other);
        }
    }
}

/// The hard rule that keeps the ranker (`person`, of `role`) and the one
/// they rank (`other`) apart, read as a mentee's row of the matrix; never
/// an `avoid` list (open or sealed), whose author stays unsaid.
fn never_paired(rules: &RuleContext, role: Role, person: usize, other: usize) -> Option<Exclusion> {
    let (mentee, mentor) = match role {
        Role::Mentor => (other, person),
        _ => (person, other),
    };
    rules
        .exclusion(mentee, mentor)
        .filter(|rule| !matches!(rule, Exclusion::Avoided | Exclusion::Confidential))
}

/// The side a person of `role` ranks, when `other` is not on it.
fn wrong_side(role: Role, other: &Person) -> Option<&'static str> {
    match role {
        Role::Mentee if !other.can_mentor() => Some("mentor"),
        Role::Mentor if !other.can_be_mentored() => Some("mentee"),
        _ => None,
    }
}

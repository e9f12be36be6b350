//! Training: which sessions the programme requires of a person, and which
//! they have not attended by a day. `pair start`, `validate`, the report and
//! the indicators all ask here, so that they never disagree.

use chrono::NaiveDate;

use crate::model::{Audience, MENTOR_TRAINING, Pair, Person, Programme, TrainingSession};
use crate::workspace::Workspace;

/// The part a person plays in a pair, which decides the sessions they need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Mentor,
    Mentee,
}

impl Part {
    fn is_for(self, audience: Audience) -> bool {
        matches!(
            (self, audience),
            (_, Audience::Both)
                | (Part::Mentor, Audience::Mentors)
                | (Part::Mentee, Audience::Mentees)
        )
    }
}

/// The day a person first attended `session`, if they did. A mentor's
/// `trained_on` counts as the `mentor-training` session.
pub fn attended_on(person: &Person, session: &str) -> Option<NaiveDate> {
    let legacy = person.trained_on.filter(|_| session == MENTOR_TRAINING);
    person
        .attended
        .iter()
        .filter(|a| a.session == session)
        .map(|a| a.date)
        .chain(legacy)
        .min()
}

/// The required sessions for any of `parts` that `person` had not attended
/// by `by`.
pub fn missing<'p>(
    programme: &'p Programme,
    person: &Person,
    parts: &[Part],
    by: NaiveDate,
) -> Vec<&'p TrainingSession> {
    programme
        .training
        .iter()
        .filter(|s| s.is_required() && parts.iter().any(|p| p.is_for(s.audience)))
        .filter(|s| attended_on(person, &s.id).is_none_or(|d| d > by))
        .collect()
}

/// The parts a person may play, from their role.
pub fn parts_of(person: &Person) -> Vec<Part> {
    let mut parts = Vec::new();
    if person.can_mentor() {
        parts.push(Part::Mentor);
    }
    if person.can_be_mentored() {
        parts.push(Part::Mentee);
    }
    parts
}

/// A member of a pair who lacks a required session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap<'a> {
    /// The person's id.
    pub person: &'a str,
    /// The ids of the sessions they lack.
    pub sessions: Vec<&'a str>,
}

/// The members of `pair` who had not attended every required session by `by`.
pub fn pair_gaps<'a>(ws: &'a Workspace, pair: &'a Pair, by: NaiveDate) -> Vec<Gap<'a>> {
    let Some(programme) = ws.programme.as_ref() else {
        return Vec::new();
    };
    let mentors = pair.mentor_ids().map(|id| (id, Part::Mentor));
    mentors
        .chain(pair.mentee_ids().map(|id| (id, Part::Mentee)))
        .filter_map(|(id, part)| {
            let person = ws.person(id)?;
            let sessions: Vec<&str> = missing(programme, &person.person, &[part], by)
                .into_iter()
                .map(|s| s.id.as_str())
                .collect();
            (!sessions.is_empty()).then_some(Gap {
                person: id,
                sessions,
            })
        })
        .collect()
}

impl Programme {
    /// Days a pair may run while a member lacks a required session
    /// (`[pairs] training_grace_days`, 0 by default: none).
    pub fn training_grace_days(&self) -> u32 {
        self.pairs
            .as_ref()
            .and_then(|p| p.training_grace_days)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::decode::parse_date(text).unwrap()
    }

    #[test]
    fn a_required_session_is_missing_until_attended_and_trained_on_counts_as_mentor_training() {
        let programme: Programme = crate::decode::decoded(
            "name = \"P\"\nstart = 2026-01-01\nend = 2026-12-31\n\
             [[training]]\nid = \"mentee-orientation\"\ntitle = \"Orientation\"\naudience = \"mentees\"\nrequired = true\n\
             [[training]]\nid = \"mentor-training\"\ntitle = \"Mentor training\"\naudience = \"mentors\"\nrequired = true\n\
             [[training]]\nid = \"optional\"\ntitle = \"Optional\"\naudience = \"both\"\n",
            true,
        );
        let mentee: Person = crate::decode::decoded(
            "name = \"E\"\nrole = \"mentee\"\n[[attended]]\nsession = \"mentee-orientation\"\ndate = 2026-02-10\n",
            true,
        );
        let ids =
            |v: Vec<&TrainingSession>| v.into_iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(missing(
                &programme,
                &mentee,
                &[Part::Mentee],
                day("2026-02-09")
            )),
            ["mentee-orientation"]
        );
        assert!(missing(&programme, &mentee, &[Part::Mentee], day("2026-02-10")).is_empty());
        let mentor: Person = crate::decode::decoded(
            "name = \"M\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\n",
            true,
        );
        assert!(missing(&programme, &mentor, &parts_of(&mentor), day("2026-01-01")).is_empty());
        assert_eq!(
            ids(missing(
                &programme,
                &mentor,
                &parts_of(&mentor),
                day("2025-11-30")
            )),
            ["mentor-training"]
        );
    }
}

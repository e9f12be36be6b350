//! What surveys add to the report's attention list: each person who owes a
//! survey (chased by `mentor remind`), and each low score (for the
//! coordinator alone: its subject is no pair or person, so neither member
//! is a contact, and no reminder carries it).

use chrono::NaiveDate;

use crate::report::{Attention, AttentionKind};
use crate::workspace::Workspace;

/// The survey items on `as_of`: who owes which, and low scores the
/// workspace can read (opened with a coordinator's identity, or readable).
pub fn attention(ws: &Workspace, as_of: NaiveDate) -> Vec<Attention> {
    let mut out = Vec::new();
    let owed = super::owed(ws, None, as_of);
    let mut people: Vec<&str> = owed.iter().map(|o| o.person).collect();
    people.sort_unstable();
    people.dedup();
    for person in people {
        let theirs: Vec<_> = owed.iter().filter(|o| o.person == person).collect();
        let since = theirs
            .iter()
            .map(|o| o.occasion.date)
            .min()
            .unwrap_or(as_of);
        let listed: Vec<String> = theirs
            .iter()
            .map(|o| match o.pair {
                Some(pair) => format!(
                    "`{}` for pair {pair} (due {})",
                    o.survey.id, o.occasion.date
                ),
                None => format!("`{}` (due {})", o.survey.id, o.occasion.date),
            })
            .collect();
        out.push(Attention {
            kind: AttentionKind::SurveyDue,
            subject: person.to_string(),
            days: (as_of - since).num_days(),
            message: format!("{person} has not answered {}", listed.join(", ")),
            action: "remind them: `mentor survey answer SURVEY --pair PAIR --as ID`".into(),
            contacts: Vec::new(),
            goal: None,
        });
    }
    for low in super::low_scores(ws) {
        // Given alone (in no pair): the coordinator checks in with the person.
        let whom = low.pair.map_or_else(
            || format!("{} (the score is confidential)", low.by),
            |pair| {
                format!(
                    "pair {pair} (the score is confidential: do not quote it to the other member)"
                )
            },
        );
        out.push(Attention {
            kind: AttentionKind::LowSurveyScore,
            // No pair's id: the contact is the coordinator, never the other member.
            subject: format!("{} (survey {})", low.pair.unwrap_or(low.by), low.survey),
            days: (as_of - low.occasion).num_days(),
            message: format!(
                "{} scored `{}` of survey `{}` below {} on {}",
                low.by, low.question, low.survey, low.threshold, low.occasion
            ),
            action: format!("check in with {whom}"),
            contacts: Vec::new(),
            goal: None,
        });
    }
    out
}

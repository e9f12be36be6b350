//! What a reminder says about one attention item, to one of the two people
//! it concerns: addressed to them, naming the other by name (never an id),
//! with the dates written out, and what to do. The report's own message is
//! written for the coordinator ("goal x of a--b is 19 days overdue"); this
//! one is written for a participant.

use chrono::{Days, NaiveDate};

use crate::date::written_out;
use crate::report::{Attention, AttentionKind};

/// One thing a person is asked to do: the situation and the step, which a
/// template joins into one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ask {
    /// What the files show, such as "Your goal 'x' with Priya Shah was due
    /// on 3 March 2026".
    pub situation: String,
    /// What to do about it, such as "please record whether it was achieved".
    pub action: &'static str,
}

/// Who is asked and what a sentence needs to know besides the item.
pub struct Addressee<'a> {
    /// The other member of the pair, by name, when the item is a pair's.
    pub partner: Option<&'a str>,
    /// The pair's agreed meeting interval, in days.
    pub every_days: u32,
    /// The day the reminders are judged on: the item's day counts from it.
    pub as_of: NaiveDate,
}

/// The ask of `item` for `to`; `None` for the coordinator's own items (a
/// mentor over capacity, a programme review).
pub fn ask(item: &Attention, to: &Addressee) -> Option<Ask> {
    let partner = to.partner.unwrap_or("your mentoring partner");
    let days_ago = || written_out(shift(to.as_of, -item.days));
    let (situation, action) = match item.kind {
        AttentionKind::PairStalled => (
            format!(
                "You and {partner} last met on {}, and agreed to meet every {}",
                days_ago(),
                crate::text::count(to.every_days, "day")
            ),
            "please agree your next meeting, and record each meeting in your pair's log (log.yaml)",
        ),
        AttentionKind::PairNeverMet => (
            format!(
                "You and {partner} started on {} and have recorded no meeting yet",
                days_ago()
            ),
            "please arrange your first meeting, and record it in your pair's log (log.yaml)",
        ),
        AttentionKind::AgreementUnsigned => (
            format!(
                "You and {partner} started on {} and have not yet signed your learning agreement",
                days_ago()
            ),
            "please agree it together, and record the day you sign it (`signed` under [agreement] in pair.toml)",
        ),
        AttentionKind::NoGoals => (
            format!(
                "You and {partner} started on {} and have written no goals yet",
                days_ago()
            ),
            "please write your goals together, and record them in your pair's goals file (goals.yaml)",
        ),
        AttentionKind::GoalOverdue => (
            format!(
                "Your goal '{}' with {partner} was due on {}",
                item.goal.as_deref().unwrap_or("?"),
                days_ago()
            ),
            "please record whether it was achieved or dropped, or agree a new due date, in your pair's goals file (goals.yaml)",
        ),
        AttentionKind::PairEndingSoon => (
            format!(
                "Your mentoring with {partner} ends on {}",
                written_out(shift(to.as_of, item.days))
            ),
            "please plan your closing meeting, and each give your final feedback (with the `mentor feedback` command, or `stage: final` in feedback.yaml)",
        ),
        AttentionKind::MidPointReviewDue => (
            format!(
                "Your mentoring with {partner} passed its mid-point on {}, and the review your agreement promises has not happened yet",
                days_ago()
            ),
            "please each give your mid-point feedback (with the `mentor feedback` command, or `stage: mid` in feedback.yaml)",
        ),
        AttentionKind::ProposalNotAccepted => (
            format!(
                "You were proposed as a pair with {partner} on {}",
                days_ago()
            ),
            "please tell the coordinator whether you accept",
        ),
        AttentionKind::TrainingNeeded => (
            "The programme asks you to attend a training session you have not attended yet"
                .to_string(),
            "please attend it, and tell the coordinator the date",
        ),
        AttentionKind::SurveyDue => (
            "A survey the programme asks of you is waiting for your answers".to_string(),
            "please answer it with the `mentor survey answer` command (`mentor survey status` lists what you owe), or ask the coordinator for the form",
        ),
        AttentionKind::FileError
        | AttentionKind::LowSurveyScore
        | AttentionKind::ProgrammeReviewDue
        | AttentionKind::MentorOverCapacity
        | AttentionKind::MenteeWaiting
        | AttentionKind::PastRetention
        | AttentionKind::ConcernOpen
        | AttentionKind::MentorOverHours => return None,
    };
    Some(Ask { situation, action })
}

/// `date` moved by `days` (either way); the date itself if that leaves the calendar.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let by = Days::new(days.unsigned_abs());
    if days < 0 {
        date.checked_sub_days(by)
    } else {
        date.checked_add_days(by)
    }
    .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: AttentionKind, days: i64, goal: Option<&str>) -> Attention {
        Attention {
            kind,
            subject: "ewa-kowalska--eilidh-macleod".into(),
            days,
            message: String::new(),
            action: String::new(),
            contacts: Vec::new(),
            goal: goal.map(str::to_string),
        }
    }

    #[test]
    fn a_reminder_names_the_partner_and_writes_the_date_out() {
        let to = Addressee {
            partner: Some("Eilidh MacLeod"),
            every_days: 1,
            as_of: NaiveDate::from_ymd_opt(2026, 3, 4).expect("a date"),
        };
        let overdue = ask(
            &item(AttentionKind::GoalOverdue, 1, Some("confidence")),
            &to,
        );
        assert_eq!(
            overdue.expect("asked").situation,
            "Your goal 'confidence' with Eilidh MacLeod was due on 3 March 2026"
        );
        let stalled = ask(&item(AttentionKind::PairStalled, 31, None), &to).expect("asked");
        assert_eq!(
            stalled.situation,
            "You and Eilidh MacLeod last met on 1 February 2026, and agreed to meet every 1 day"
        );
        let ending = ask(&item(AttentionKind::PairEndingSoon, 10, None), &to).expect("asked");
        assert!(ending.situation.ends_with("ends on 14 March 2026"));
        assert!(ask(&item(AttentionKind::MentorOverCapacity, 1, None), &to).is_none());
    }
}

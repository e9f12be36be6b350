//! What `mentor remind` tells a mentee's supervisor (their `manager`), at
//! the moments `[supervisors] notify` lists: that the pair started, that it
//! ended. The supervisor has no other part: the notice names the mentee,
//! the programme and the day, and nothing from the pair's records (no
//! mentor, goal, meeting, feedback, survey, concern or closure reason), so
//! it carries nothing the pair was promised would stay between them.

use chrono::NaiveDate;

use crate::date::written_out;
use crate::model::{PairStatus, SupervisorMoment};
use crate::workspace::{PairEntry, Workspace};

use super::Reminder;
use super::sent_log::Sent;

/// A moment is told of while this many days have passed since it, at most:
/// turning the setting on late does not tell of pairs long started.
pub const NOTICE_WITHIN_DAYS: i64 = 30;

/// The supervisor notices due on `as_of` not sent before, and the
/// supervisors named by a person id whose file gives no e-mail.
pub fn notices(ws: &Workspace, sent: &[Sent], as_of: NaiveDate) -> (Vec<Reminder>, Vec<String>) {
    let mut out = Vec::new();
    let mut without_email = Vec::new();
    let Some(programme) = &ws.programme else {
        return (out, without_email);
    };
    let Some(rules) = &programme.supervisors else {
        return (out, without_email);
    };
    // Each mentee's supervisor, a group's members each (keyed by pair and
    // mentee once a pair has several).
    let mentees = ws.pairs.iter().flat_map(|entry| {
        let group = entry.pair.has_several_mentees();
        entry
            .pair
            .mentee_ids()
            .map(move |mentee| (entry, mentee, group))
    });
    for (entry, mentee, group) in mentees {
        for moment in [SupervisorMoment::Start, SupervisorMoment::End] {
            let Some(day) = moment_of(entry, moment).filter(|_| rules.notifies(moment)) else {
                continue;
            };
            let since = (as_of - day).num_days();
            let key = if group {
                format!("supervisor-{moment}:{}:{mentee}", entry.id)
            } else {
                format!("supervisor-{moment}:{}", entry.id)
            };
            if !(0..NOTICE_WITHIN_DAYS).contains(&since) || sent.iter().any(|s| s.key == key) {
                continue;
            }
            let Some((name, email)) = supervisor_of(ws, mentee, &mut without_email) else {
                continue;
            };
            let coordinator = programme
                .coordinator
                .as_ref()
                .map_or("The programme coordinator", |c| c.name.as_str());
            let text = Notice {
                mentee: ws.name_or_id(mentee),
                programme: &programme.name,
                day,
                planned_end: entry.pair.ends,
                group,
            };
            out.push(Reminder {
                name: name.clone().unwrap_or_default(),
                email,
                subject: text.subject(moment),
                body: format!(
                    "Dear {},\n\n{}\n\nThank you,\n{coordinator}\n",
                    name.as_deref().unwrap_or("colleague"),
                    text.body(moment)
                ),
                keys: vec![key],
            });
        }
    }
    (out, without_email)
}

/// The day of `moment` in the pair's life: when it started; when it
/// closed, or its planned end once that has come. `None` for a pair that
/// never started (proposed, turned down).
fn moment_of(entry: &PairEntry, moment: SupervisorMoment) -> Option<NaiveDate> {
    let pair = &entry.pair;
    if matches!(pair.status, PairStatus::Proposed | PairStatus::Rejected) {
        return None;
    }
    match moment {
        SupervisorMoment::Start => pair.started,
        SupervisorMoment::End => pair.started.and(pair.last_day()),
    }
}

/// The mentee's supervisor: their `manager`, an e-mail address (no name)
/// or a person id (that person's name and e-mail). `None` when there is
/// none, or the person has no e-mail (noted in `without_email`).
fn supervisor_of(
    ws: &Workspace,
    mentee: &str,
    without_email: &mut Vec<String>,
) -> Option<(Option<String>, String)> {
    let manager = ws.person(mentee)?.person.manager.as_deref()?.trim();
    if manager.contains('@') {
        // An address the mailer refuses (validate names it) is skipped and
        // said, never the error that stops everyone's reminders.
        if !crate::checks::looks_like_email(manager) {
            without_email.push(format!("the supervisor of {}", ws.name_or_id(mentee)));
            return None;
        }
        return Some((None, manager.to_string()));
    }
    let supervisor = &ws.person(manager)?.person;
    let usable = supervisor
        .email
        .as_ref()
        .filter(|e| crate::checks::looks_like_email(e));
    match usable {
        Some(email) => Some((Some(supervisor.name.clone()), email.clone())),
        None => {
            if !without_email.contains(&supervisor.name) {
                without_email.push(supervisor.name.clone());
            }
            None
        }
    }
}

/// What one notice says.
struct Notice<'a> {
    mentee: &'a str,
    programme: &'a str,
    day: NaiveDate,
    planned_end: Option<NaiveDate>,
    /// In a group: what is said stays within the group, not two people.
    group: bool,
}

impl Notice<'_> {
    fn subject(&self, moment: SupervisorMoment) -> String {
        match moment {
            SupervisorMoment::Start => {
                format!("{}: {} has started mentoring", self.programme, self.mentee)
            }
            SupervisorMoment::End => {
                format!("{}: {}'s mentoring has ended", self.programme, self.mentee)
            }
        }
    }

    fn body(&self, moment: SupervisorMoment) -> String {
        let what = match moment {
            SupervisorMoment::Start => format!(
                "{} began mentoring in {} on {}{}.",
                self.mentee,
                self.programme,
                written_out(self.day),
                self.planned_end.map_or_else(String::new, |end| format!(
                    ", planned to run until {}",
                    written_out(end)
                ))
            ),
            SupervisorMoment::End => format!(
                "{}'s mentoring in {} ended on {}.",
                self.mentee,
                self.programme,
                written_out(self.day)
            ),
        };
        let between = if self.group {
            "a mentoring group stays between its members and their mentor"
        } else {
            "mentoring stays between the two people in it"
        };
        format!(
            "{what} You are told as their supervisor. What is said in {between}, so this notice carries nothing more."
        )
    }
}

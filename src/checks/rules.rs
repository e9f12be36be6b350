//! The programme's own rules: who may be paired with whom, capacity,
//! approvals, training, and dates that must fit together.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Agreement, Closure, Meeting, Pair, PairStatus, Pause, Person, Programme};
use crate::workspace::{PairEntry, Workspace};

pub fn check(ws: &Workspace, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    if let Some(programme) = &ws.programme {
        programme_dates(programme, out);
    }
    for entry in &ws.pairs {
        pair_people(ws, entry, out);
        pair_dates(ws, entry, out);
        meeting_dates(entry, as_of, out);
        meeting_minutes(entry, out);
        pauses(entry, out);
        closure(entry, out);
        confidentiality(entry, out);
    }
    capacity(ws, out);
    mentee_in_one_active_pair(ws, out);
    mentees(ws, out);
    management_cycles(ws, out);
}

fn programme_dates(programme: &Programme, out: &mut Vec<Diagnostic>) {
    if programme.end < programme.start {
        out.push(
            Diagnostic::new(
                Code::DatesOutOfOrder,
                programme.at.of(Programme::END),
                format!(
                    "programme `end` ({}) is before its `start` ({})",
                    programme.end, programme.start
                ),
            )
            .help("programmes usually run 6 to 12 months from `start`"),
        );
    }
}

/// The reporting-line rules between each mentor and each mentee (a group
/// has several of each), then the mentor's training.
fn pair_people(ws: &Workspace, entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let mut all_known = true;
    for (mentor_id, _, mentor_at) in pair.mentors_at() {
        for (mentee_id, _, mentee_at) in pair.mentees_at() {
            all_known &= reporting_line(
                ws,
                entry,
                (mentor_id, mentor_at),
                (mentee_id, mentee_at),
                out,
            );
        }
    }
    let programme = ws.programme.as_ref();
    let training_required = programme.is_some_and(Programme::training_required);
    if !all_known || !training_required || pair.status == PairStatus::Proposed {
        return;
    }
    // A group's co-mentor is held to the same training as its mentor.
    for (mentor_id, _, mentor_at) in pair.mentors_at() {
        let Some(mentor) = ws.person_index(mentor_id) else {
            continue;
        };
        match (ws.people[mentor].person.trained_on, pair.started) {
            (None, _) => out.push(
                Diagnostic::new(
                    Code::MentorNotTrained,
                    mentor_at,
                    format!("mentor `{mentor_id}` has no `trained_on` date, and the programme requires training"),
                )
                .help(format!("record the training date in people/{mentor_id}, or set `training_required = false`")),
            ),
            (Some(trained), Some(started)) if trained > started => out.push(
                Diagnostic::new(
                    Code::MentorNotTrained,
                    pair.at.of(Pair::STARTED),
                    format!("pair `{}` started on {started}, before mentor `{mentor_id}` was trained on {trained}", entry.id),
                )
                .help("mentors must be trained before their first pair starts"),
            ),
            _ => {}
        }
    }
}

/// One mentor and one mentee: not the same person, not the mentee's line
/// manager, not above them in the chain. Whether both are known people and
/// distinct, so that the rules about the mentor may go on.
fn reporting_line(
    ws: &Workspace,
    entry: &PairEntry,
    (mentor_id, mentor_at): (&str, crate::source::Span),
    (mentee_id, mentee_at): (&str, crate::source::Span),
    out: &mut Vec<Diagnostic>,
) -> bool {
    if mentor_id == mentee_id {
        out.push(
            Diagnostic::new(
                Code::SelfPair,
                mentee_at,
                format!(
                    "`{mentor_id}` is both mentor and mentee of pair `{}`",
                    entry.id
                ),
            )
            .help("a pair needs two different people"),
        );
        return false;
    }
    let (Some(mentor), Some(mentee)) = (ws.person_index(mentor_id), ws.person_index(mentee_id))
    else {
        return false;
    };
    let (chain, _) = ws.management_chain(mentee);
    match chain.iter().position(|&m| m == mentor) {
        Some(0) => out.push(
            Diagnostic::new(
                Code::MentorIsLineManager,
                mentor_at,
                format!("mentor `{mentor_id}` is the line manager of mentee `{mentee_id}`"),
            )
            .help("a mentor is never the mentee's own line manager: choose another mentor"),
        ),
        Some(level) => out.push(
            Diagnostic::new(
                Code::MentorInManagementChain,
                mentor_at,
                format!("mentor `{mentor_id}` is {} above mentee `{mentee_id}` in the management chain", crate::text::count(level + 1, "level")),
            )
            .help("mentoring works best outside the reporting line; `mentor match` never proposes this"),
        ),
        None => {}
    }
    true
}

fn pair_dates(ws: &Workspace, entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    if pair.status == PairStatus::Active && !pair.at.has(Pair::STARTED) {
        out.push(
            Diagnostic::new(
                Code::MissingField,
                pair.at.record,
                format!("active pair `{}` has no `started` date", entry.id),
            )
            .help("add `started = YYYY-MM-DD`, the date of the first meeting or of the agreement"),
        );
    }
    if let (Some(started), Some(ends)) = (pair.started, pair.ends)
        && ends < started
    {
        out.push(
            Diagnostic::new(
                Code::DatesOutOfOrder,
                pair.at.of(Pair::ENDS),
                format!("pair `ends` ({ends}) is before it `started` ({started})"),
            )
            .help("swap the dates, or correct the typo"),
        );
    }
    if let (Some(started), Some(closure)) = (pair.started, &pair.closure)
        && closure.date < started
    {
        out.push(
            Diagnostic::new(
                Code::DatesOutOfOrder,
                closure.at.of(Closure::DATE),
                format!(
                    "closure `date` ({}) is before the pair `started` ({started})",
                    closure.date
                ),
            )
            .help("a pair closes after it starts"),
        );
    }
    let Some(programme) = &ws.programme else {
        return;
    };
    for (field, date) in [(Pair::STARTED, pair.started), (Pair::ENDS, pair.ends)] {
        let Some(date) = date else { continue };
        if date < programme.start || date > programme.end {
            out.push(
                Diagnostic::new(
                    Code::PairOutsideProgramme,
                    pair.at.of(field),
                    format!("pair `{}` ({date}) is outside the programme ({} to {})", field.name(), programme.start, programme.end),
                )
                .help("pairs run within the programme's dates; change the date or the programme's `start`/`end`"),
            );
        }
    }
}

/// A pause runs forwards, within the pair's run, and apart from the others.
fn pauses(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    for (index, pause) in pair.pause.iter().enumerate() {
        if pause.to < pause.from {
            out.push(
                Diagnostic::new(
                    Code::DatesOutOfOrder,
                    pause.at.of(Pause::TO),
                    format!(
                        "the pause's `to` ({}) is before its `from` ({})",
                        pause.to, pause.from
                    ),
                )
                .help("`from` is the first day of the pause and `to` the last"),
            );
            continue;
        }
        let outside = match (pair.started, pair.last_day()) {
            (None, _) => Some(format!("pair `{}` has not started", entry.id)),
            (Some(start), _) if pause.from < start => {
                Some(format!("it begins before the pair started ({start})"))
            }
            (_, Some(end)) if pause.from > end => {
                Some(format!("it begins after the pair's last day ({end})"))
            }
            _ => None,
        };
        let overlapping = pair.pause[..index]
            .iter()
            .find(|other| other.overlaps(pause.from, pause.to));
        let why = outside.or_else(|| {
            overlapping.map(|o| format!("it overlaps the pause from {} to {}", o.from, o.to))
        });
        if let Some(why) = why {
            out.push(
                Diagnostic::new(
                    Code::PauseOutsidePair,
                    pause.at.of(Pause::FROM),
                    format!("the pause from {} to {}: {why}", pause.from, pause.to),
                )
                .help("a pause falls within the pair's run, apart from its other pauses: correct the dates or remove the `[[pause]]`"),
            );
        }
    }
}

/// A meeting lasts at least a minute and at most a day; beyond four hours
/// it is more often minutes typed as seconds or hours than a real meeting.
pub const MEETING_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;
const LONG_MEETING_MINUTES: u32 = 240;

fn meeting_minutes(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    for meeting in &entry.meetings {
        let Some(minutes) = meeting.minutes else {
            // Present but not a number: already reported by the decoder.
            if !meeting.at.has(Meeting::MINUTES) {
                out.push(
                    Diagnostic::new(
                        Code::MeetingWithoutMinutes,
                        meeting.at.of(Meeting::DATE),
                        format!("the meeting on {} does not say how long it lasted", meeting.date),
                    )
                    .help("add a line `minutes: 45` under the date: how many minutes you met (the programme counts mentoring hours)"),
                );
            }
            continue;
        };
        let span = meeting.at.of(Meeting::MINUTES);
        if !MEETING_MINUTES.contains(&minutes) {
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    span,
                    format!(
                        "`minutes` of the meeting on {} is {minutes}; a meeting lasts from 1 to 1440 minutes (a day)",
                        meeting.date
                    ),
                )
                .help("write how long the meeting lasted in minutes, for example 45"),
            );
        } else if minutes > LONG_MEETING_MINUTES {
            out.push(
                Diagnostic::new(
                    Code::LongMeeting,
                    span,
                    format!(
                        "the meeting on {} is logged as {minutes} minutes ({:.1} hours)",
                        meeting.date,
                        f64::from(minutes) / 60.0
                    ),
                )
                .help("check the number: `minutes` counts minutes, so an hour is 60"),
            );
        }
    }
}

fn meeting_dates(entry: &PairEntry, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let closed_on = pair.closure.as_ref().map(|c| c.date);
    for meeting in &entry.meetings {
        let span = meeting.at.of(Meeting::DATE);
        if meeting.date > as_of {
            out.push(
                Diagnostic::new(
                    Code::MeetingInFuture,
                    span,
                    format!("meeting dated {}, after today ({as_of})", meeting.date),
                )
                .help("log meetings once they have happened"),
            );
        }
        match pair.started {
            Some(started) if meeting.date < started => out.push(
                Diagnostic::new(
                    Code::MeetingOutsidePair,
                    span,
                    format!(
                        "meeting on {} is before pair `{}` started ({started})",
                        meeting.date, entry.id
                    ),
                )
                .help("correct the date, or the pair's `started`"),
            ),
            None if pair.at.has(Pair::STARTED) => {}
            None => out.push(
                Diagnostic::new(
                    Code::MeetingOutsidePair,
                    span,
                    format!(
                        "meeting on {} is logged, but pair `{}` has no `started` date",
                        meeting.date, entry.id
                    ),
                )
                .help("set `status = \"active\"` and `started` in pair.toml"),
            ),
            _ => {}
        }
        if let Some(closed) = closed_on.filter(|c| meeting.date > *c) {
            out.push(
                Diagnostic::new(
                    Code::MeetingOutsidePair,
                    span,
                    format!(
                        "meeting on {} is after pair `{}` closed ({closed})",
                        meeting.date, entry.id
                    ),
                )
                .help("correct the date, or the closure date"),
            );
        }
    }
}

fn closure(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    if pair.status == PairStatus::Closed && pair.closure.is_none() {
        out.push(
            Diagnostic::new(Code::ClosureMissing, pair.at.of(Pair::STATUS), format!("pair `{}` is closed without a [closure] date and reason", entry.id))
                .help("add [closure] with `date` and `reason` (completed, premature, mentor-left, mentee-left, mismatch, goals-met-early, other)"),
        );
    }
}

fn confidentiality(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let Some(agreement) = &entry.pair.agreement else {
        return;
    };
    if agreement.signed.is_some() && agreement.confidentiality != Some(true) {
        out.push(
            Diagnostic::new(
                Code::ConfidentialityUnstated,
                agreement.at.of(Agreement::CONFIDENTIALITY),
                format!(
                    "the signed agreement of pair `{}` does not state `confidentiality = true`",
                    entry.id
                ),
            )
            .help("agree that what is said in meetings stays between mentor and mentee"),
        );
    }
}

fn capacity(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (index, entry) in ws.people.iter().enumerate() {
        let active = ws.mentor_load(index, &[PairStatus::Active]);
        let capacity = ws.capacity_of(index);
        if active > capacity as usize {
            let pairs: Vec<&str> = ws
                .pairs_as_mentor(index)
                .iter()
                .map(|&p| &ws.pairs[p])
                .filter(|p| p.pair.status == PairStatus::Active)
                .map(|p| p.id.as_str())
                .collect();
            out.push(
                Diagnostic::new(
                    Code::MentorOverCapacity,
                    entry.person.at.of(Person::CAPACITY),
                    format!(
                        "mentor `{}` has {active} active pairs but capacity {capacity}: {}",
                        entry.id,
                        pairs.join(", ")
                    ),
                )
                .help("close or reassign a pair, or raise `capacity`")
                .involving(pairs),
            );
        }
    }
}

fn mentee_in_one_active_pair(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (index, entry) in ws.people.iter().enumerate() {
        let mut active: Vec<&PairEntry> = ws
            .pairs_as_mentee(index)
            .iter()
            .map(|&p| &ws.pairs[p])
            .filter(|p| p.pair.status == PairStatus::Active)
            .collect();
        // The pair that started first stands; the later ones are the mistake.
        active.sort_by(|a, b| (a.pair.started, &a.id).cmp(&(b.pair.started, &b.id)));
        for extra in active.iter().skip(1) {
            let written_at = extra.pair.mentees_at().find(|(id, ..)| *id == entry.id);
            out.push(
                Diagnostic::new(
                    Code::MenteeDoublePaired,
                    written_at.map_or(extra.pair.at.record, |(.., at)| at),
                    format!(
                        "mentee `{}` is already in active pair `{}`",
                        entry.id, active[0].id
                    ),
                )
                .help("a mentee has one mentor at a time: close one of the pairs")
                .involving([entry.id.as_str(), active[0].id.as_str()]),
            );
        }
    }
}

fn mentees(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = &ws.programme else {
        return;
    };
    let eligible = programme.eligible_groups();
    for (index, entry) in ws.people.iter().enumerate() {
        let person = &entry.person;
        if !person.can_be_mentored() {
            continue;
        }
        let in_pair = ws
            .pairs_as_mentee(index)
            .iter()
            .any(|&p| ws.pairs[p].pair.status == PairStatus::Active);
        if programme.supervisor_approval_required()
            && in_pair
            && person.supervisor_approval.is_none()
        {
            out.push(
                Diagnostic::new(
                    Code::SupervisorApprovalMissing,
                    person.at.record,
                    format!("mentee `{}` is in an active pair without supervisor approval, which the programme requires", entry.id),
                )
                .help("add [supervisor_approval] with `by` and `date`"),
            );
        }
        if eligible.is_empty() || person.role != crate::model::Role::Mentee {
            continue;
        }
        match &person.group {
            Some(group) if !eligible.contains(group) => out.push(
                Diagnostic::new(
                    Code::NotEligible,
                    person.at.of(Person::GROUP),
                    format!(
                        "mentee `{}` is in group `{group}`, which is not eligible ({})",
                        entry.id,
                        eligible.join(", ")
                    ),
                )
                .help("correct the group, or add it to `eligible` under [mentees]"),
            ),
            Some(_) => {}
            None => out.push(
                Diagnostic::new(
                    Code::EligibilityGroupMissing,
                    person.at.record,
                    format!(
                        "mentee `{}` states no `group`; eligible groups are {}",
                        entry.id,
                        eligible.join(", ")
                    ),
                )
                .help("add `group = \"...\"` so eligibility can be checked"),
            ),
        }
    }
}

fn management_cycles(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (index, entry) in ws.people.iter().enumerate() {
        let (chain, cycle) = ws.management_chain(index);
        let last = chain.last().copied().unwrap_or(index);
        // Report the people on the loop, not everyone who reports into it.
        if cycle && ws.manager_of(last) == Some(index) {
            out.push(
                Diagnostic::new(
                    Code::ManagementCycle,
                    entry.person.at.of(Person::MANAGER),
                    format!(
                        "following `manager` from `{}` comes back round without reaching the top",
                        entry.id
                    ),
                )
                .help("check the `manager` fields along the chain")
                .involving(chain.iter().map(|&p| ws.people[p].id.as_str())),
            );
        }
    }
}

//! The coordinator's view: where the programme stands and which pairs and
//! people need attention, worst first. Figures come from [`crate::indicators`]
//! and [`crate::progress`]; this module only selects and orders them.

pub mod breakdown;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::indicators::{Figures, PairFigures, Period, figures};
use crate::model::{PairStatus, PersonStatus};
use crate::progress::{Concern, GRACE_DAYS, review_overdue_days};
use crate::workspace::Workspace;

/// The header of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub name: String,
    pub organisation: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub as_of: NaiveDate,
    /// How far through the programme the as-of date is, 0 to 100.
    pub percent_through: Option<f64>,
    pub mentors_active: usize,
    pub mentors_trained: usize,
    pub mentor_places_free: u64,
    pub mentees_applied: usize,
    pub mentees_paired: usize,
    pub mentees_waiting: usize,
    /// Mentees by where they are, one category each (they add up to `mentees_total`).
    pub mentees_with_proposal: usize,
    pub mentees_completed: usize,
    pub mentees_withdrawn: usize,
    pub mentees_total: usize,
    pub longest_wait_days: Option<i64>,
    pub pairs_proposed: usize,
    pub pairs_active: usize,
    pub pairs_closed: usize,
}

impl Overview {
    /// Mentees in none of the day's categories: past the programme's end,
    /// when nobody waits any more, those it never matched. Counted here so
    /// every output's categories add up to `mentees_total`.
    pub fn mentees_not_placed(&self) -> usize {
        let placed = self.mentees_waiting
            + self.mentees_with_proposal
            + self.mentees_paired
            + self.mentees_completed
            + self.mentees_withdrawn;
        self.mentees_total.saturating_sub(placed)
    }
}

/// What needs the coordinator, in the order it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionKind {
    /// A record file that could not be read: its figures are left out.
    FileError,
    /// A concern raised about a pair that is not resolved yet.
    ConcernOpen,
    ProgrammeReviewDue,
    /// A person's records kept past `[privacy] retain_months`.
    PastRetention,
    MentorOverCapacity,
    /// A mentor whose meetings over the last two months took longer than they offered.
    MentorOverHours,
    PairStalled,
    PairNeverMet,
    AgreementUnsigned,
    NoGoals,
    GoalOverdue,
    MenteeWaiting,
    /// A participant who has not attended a training session the programme requires.
    TrainingNeeded,
    PairEndingSoon,
    MidPointReviewDue,
    ProposalNotAccepted,
    /// A survey low score: for the coordinator alone.
    LowSurveyScore,
    /// Someone owes a survey (`mentor survey status`).
    SurveyDue,
}

impl AttentionKind {
    /// The kebab-case name machine outputs carry, such as `pair-stalled`.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Attention {
    pub kind: AttentionKind,
    /// The pair or person concerned.
    pub subject: String,
    /// How long it has been the case (or, for ending soon, days left).
    pub days: i64,
    pub message: String,
    /// What to do next.
    pub action: String,
    /// Whom to contact: the pair's two members, the person, or the coordinator.
    pub contacts: Vec<Contact>,
    /// For an overdue goal, the goal's id: a reminder names the goal, where
    /// the report's message is enough for the coordinator.
    #[serde(skip)]
    pub goal: Option<String>,
}

/// Someone to write to about an attention item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
}

pub struct Report<'a> {
    pub overview: Overview,
    pub attention: Vec<Attention>,
    pub figures: Figures<'a>,
    /// Once the as-of date is past the programme's end: the figures of the
    /// programme's own dates, what happened in it, for the headline. A
    /// count of pairs active on a day after the end would read 0.
    pub ended: Option<Figures<'a>>,
    /// Files that could not be read: the figures leave them out.
    pub unreadable_files: usize,
    /// The headline figures by organisation and department, small counts
    /// withheld: filled in by [`Report::with_breakdowns`] for the pages
    /// that show them.
    pub breakdowns: Vec<breakdown::Breakdown>,
    /// The programme chose to keep private values in plaintext (`[privacy]
    /// seal = false`): said once, where `validate` no longer warns.
    pub plaintext_by_choice: bool,
}

pub fn report(ws: &Workspace, as_of: NaiveDate) -> Report<'_> {
    let start = ws.programme.as_ref().map(|p| p.start);
    let period = Period::new(ws, start.map(|s| s.min(as_of)), Some(as_of), as_of);
    let figures = figures(ws, period);
    let mut attention = attention(ws, &figures, as_of);
    // Thousands of items in a large programme, each looked up alone; an
    // item that already names whom to contact (a concern's raiser) keeps it.
    attention
        .par_iter_mut()
        .filter(|item| item.contacts.is_empty())
        .for_each(|item| item.contacts = contacts(ws, &item.subject));
    let ended = ws
        .programme
        .as_ref()
        .filter(|p| as_of > p.end && p.start <= p.end)
        .map(|p| {
            crate::indicators::figures(ws, Period::new(ws, Some(p.start), Some(p.end), as_of))
        });
    Report {
        overview: overview(ws, as_of),
        attention,
        figures,
        ended,
        unreadable_files: 0,
        breakdowns: Vec::new(),
        plaintext_by_choice: ws
            .programme
            .as_ref()
            .is_some_and(|p| p.sealing_decision() == Some(false)),
    }
}

/// Whom to contact about a subject: a pair's mentee and mentor, a person,
/// or (for the programme) the coordinator.
pub fn contacts(ws: &Workspace, subject: &str) -> Vec<Contact> {
    let person = |id: &str| {
        ws.person(id).map(|p| Contact {
            name: p.person.name.clone(),
            email: p.person.email.clone(),
        })
    };
    if let Some(pair) = ws.pair(subject) {
        return pair
            .pair
            .mentee_ids()
            .chain(pair.pair.mentor_ids())
            .filter_map(person)
            .collect();
    }
    if let Some(contact) = person(subject) {
        return vec![contact];
    }
    ws.programme
        .as_ref()
        .and_then(|p| p.coordinator.as_ref())
        .map(|c| Contact {
            name: c.name.clone(),
            email: c.email.clone(),
        })
        .into_iter()
        .collect()
}

impl<'a> Report<'a> {
    /// The figures the headline shows: the programme's own dates once it
    /// has ended, else the period so far.
    pub fn headline(&self) -> &Figures<'a> {
        self.ended.as_ref().unwrap_or(&self.figures)
    }

    /// With the headline's figures broken down by organisation and
    /// department (a figures pass per group: only for the pages that show
    /// them).
    pub fn with_breakdowns(mut self, ws: &Workspace) -> Self {
        let headline = self.headline();
        self.breakdowns = breakdown::breakdowns(ws, headline.period, headline);
        self
    }

    /// Put the files that could not be read first, one item each (its first
    /// error), with whom to ask: the report runs on what loads.
    pub fn with_unreadable_files(
        mut self,
        ws: &Workspace,
        errors: &[crate::diagnostic::Located],
    ) -> Self {
        let mut seen: Vec<&str> = Vec::new();
        let mut items = Vec::new();
        for error in errors {
            if seen.contains(&error.path) {
                continue;
            }
            seen.push(error.path);
            let subject = record_of(error.path);
            items.push(Attention {
                kind: AttentionKind::FileError,
                subject: error.path.to_string(),
                days: 0,
                message: format!(
                    "{}:{}: {}",
                    error.path, error.line, error.diagnostic.message
                ),
                action: error
                    .diagnostic
                    .help
                    .clone()
                    .unwrap_or_else(|| "fix the file (`mentor validate` shows where)".into()),
                contacts: subject.map_or_else(Vec::new, |s| contacts(ws, &s)),
                goal: None,
            });
        }
        self.unreadable_files = items.len();
        items.append(&mut self.attention);
        self.attention = items;
        self
    }
}

/// The pair or person a record file belongs to, from its path.
fn record_of(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let at = parts
        .iter()
        .rposition(|p| *p == "pairs" || *p == "people")?;
    let name = parts.get(at + 1)?;
    Some(match parts[at] {
        "people" => name
            .rsplit_once('.')
            .map_or(*name, |(stem, _)| stem)
            .to_string(),
        _ => (*name).to_string(),
    })
}

/// Where the programme stands on `as_of`: every pair counted by where it
/// stood that day ([`crate::model::Pair::status_on`]), every mentee by
/// whether they were waiting then.
fn overview(ws: &Workspace, as_of: NaiveDate) -> Overview {
    let programme = ws.programme.as_ref();
    let status_on = |pair: usize| ws.pairs[pair].pair.status_on(as_of);
    let count_pairs = |s: PairStatus| {
        (0..ws.pairs.len())
            .filter(|&p| status_on(p) == Some(s))
            .count()
    };
    let mut o = Overview {
        name: programme.map_or_else(String::new, |p| p.name.clone()),
        organisation: programme.and_then(|p| p.organisation.clone()),
        start: programme.map(|p| p.start),
        end: programme.map(|p| p.end),
        as_of,
        percent_through: programme.and_then(|p| {
            let total = (p.end - p.start).num_days();
            (total > 0).then(|| {
                (100.0 * (as_of - p.start).num_days() as f64 / total as f64).clamp(0.0, 100.0)
            })
        }),
        mentors_active: 0,
        mentors_trained: 0,
        mentor_places_free: 0,
        mentees_applied: 0,
        mentees_paired: 0,
        mentees_waiting: 0,
        mentees_with_proposal: 0,
        mentees_completed: 0,
        mentees_withdrawn: 0,
        mentees_total: 0,
        longest_wait_days: None,
        pairs_proposed: count_pairs(PairStatus::Proposed),
        pairs_active: count_pairs(PairStatus::Active),
        pairs_closed: count_pairs(PairStatus::Closed),
    };
    let open = [PairStatus::Active, PairStatus::Proposed];
    for (index, entry) in ws.people.iter().enumerate() {
        let person = &entry.person;
        if person.can_mentor() && person.status() == PersonStatus::Active {
            o.mentors_active += 1;
            o.mentors_trained += usize::from(person.trained_on.is_some_and(|d| d <= as_of));
            let load = ws.mentor_load_on(index, &open, as_of) as u64;
            o.mentor_places_free += u64::from(ws.capacity_of(index)).saturating_sub(load);
        }
        // Someone who applies after the day was no mentee on it.
        let applied_by_then = person.applied_on.is_none_or(|d| d <= as_of);
        if person.can_be_mentored() && applied_by_then {
            o.mentees_applied += usize::from(person.status() == PersonStatus::Applied);
            o.mentees_total += 1;
            let has = |status: PairStatus| {
                ws.pairs_as_mentee(index)
                    .iter()
                    .any(|&p| status_on(p) == Some(status))
            };
            // One category each, so they add up. A status is undated, a
            // pair's stage is not: a mentee now marked withdrawn or
            // completed was in a pair on a day their pair ran.
            match person.status() {
                _ if has(PairStatus::Active) => o.mentees_paired += 1,
                _ if has(PairStatus::Proposed) => o.mentees_with_proposal += 1,
                PersonStatus::Withdrawn => o.mentees_withdrawn += 1,
                PersonStatus::Completed if has(PairStatus::Closed) => o.mentees_completed += 1,
                _ => {}
            }
        }
        if ws.is_waiting_on(index, as_of) {
            o.mentees_waiting += 1;
            if let Some(days) = days_waiting(ws, index, as_of) {
                o.longest_wait_days = Some(o.longest_wait_days.map_or(days, |d| d.max(days)));
            }
        }
    }
    o
}

/// How long a mentee waiting on `as_of` had waited by then.
fn days_waiting(ws: &Workspace, person: usize, as_of: NaiveDate) -> Option<i64> {
    ws.waiting_since(person, as_of)
        .map(|since| (as_of - since).num_days())
}

/// Everything that needs the coordinator on `as_of`, worst first.
fn attention(ws: &Workspace, figures: &Figures, as_of: NaiveDate) -> Vec<Attention> {
    let mut out: Vec<Attention> = programme_review_due(ws, as_of).into_iter().collect();
    out.extend(past_retention(ws, as_of));
    for index in 0..ws.people.len() {
        out.extend(over_capacity(ws, index, as_of));
        out.extend(over_offered_hours(ws, index, as_of));
        out.extend(waiting_too_long(ws, index, as_of));
        out.extend(training_needed(ws, index, as_of));
    }
    for entry in &ws.pairs {
        out.extend(open_concerns(ws, entry, as_of));
    }
    for pair in &figures.pairs {
        out.extend(
            pair.progress
                .concerns
                .iter()
                .filter_map(|&concern| pair_attention(pair, concern)),
        );
    }
    out.extend(crate::survey::attention(ws, as_of));
    out.sort_by(|a, b| {
        // Worst first: by kind, then the longest-standing, except that the
        // pair ending soonest comes first among those ending soon.
        let days = |x: &Attention| {
            if x.kind == AttentionKind::PairEndingSoon {
                x.days
            } else {
                -x.days
            }
        };
        (a.kind, days(a), &a.subject).cmp(&(b.kind, days(b), &b.subject))
    });
    out
}

/// An attention item; whom to contact is filled in afterwards.
fn item(kind: AttentionKind, subject: &str, days: i64, message: String, action: &str) -> Attention {
    Attention {
        kind,
        subject: subject.to_string(),
        days,
        message,
        action: action.to_string(),
        contacts: Vec::new(),
        goal: None,
    }
}

/// The yearly review of the programme, when it is overdue.
fn programme_review_due(ws: &Workspace, as_of: NaiveDate) -> Option<Attention> {
    let days = review_overdue_days(ws.programme.as_ref()?, as_of)?;
    Some(item(
        AttentionKind::ProgrammeReviewDue,
        "programme",
        days,
        format!(
            "the programme was last reviewed {} ago",
            crate::text::count(days, "day")
        ),
        "hold the yearly review and set `reviewed_on` in programme.toml",
    ))
}

/// People whose records are kept past the programme's retention period.
fn past_retention(ws: &Workspace, as_of: NaiveDate) -> Vec<Attention> {
    crate::privacy::retention::past_retention(ws, as_of)
        .into_iter()
        .map(|past| {
            item(
                AttentionKind::PastRetention,
                &past.id,
                (as_of - past.passed_on).num_days(),
                format!(
                    "`{}`'s records passed the programme's retention on {} (last involvement {})",
                    past.id, past.passed_on, past.last_involvement
                ),
                "erase them with `mentor person erase`, then remove them from git history as it says",
            )
        })
        .collect()
}

/// A mentor running more pairs on `as_of` than their capacity.
fn over_capacity(ws: &Workspace, person: usize, as_of: NaiveDate) -> Option<Attention> {
    let id = &ws.people[person].id;
    let active = ws.mentor_load_on(person, &[PairStatus::Active], as_of);
    let capacity = ws.capacity_of(person) as usize;
    (ws.people[person].person.can_mentor() && active > capacity).then(|| {
        item(
            AttentionKind::MentorOverCapacity,
            id,
            (active - capacity) as i64,
            format!("{id} has {active} active pairs for a capacity of {capacity}"),
            "reassign or close a pair, or agree a higher capacity",
        )
    })
}

/// A mentor whose pairs' meetings in the two months up to `as_of` took
/// more hours than twice the `hours_per_month` they offered.
fn over_offered_hours(ws: &Workspace, person: usize, as_of: NaiveDate) -> Option<Attention> {
    let entry = &ws.people[person];
    let offered = entry
        .person
        .hours_per_month
        .filter(|_| entry.person.can_mentor())?;
    let since = as_of.checked_sub_months(chrono::Months::new(2))?;
    let minutes: u64 = ws
        .pairs_as_mentor(person)
        .iter()
        .flat_map(|&p| &ws.pairs[p].meetings)
        .filter(|m| m.date > since && m.date <= as_of)
        .map(|m| u64::from(m.minutes.unwrap_or(0)))
        .sum();
    let allowed = u64::from(offered) * 2 * 60;
    (minutes > allowed).then(|| {
        let id = &entry.id;
        let hours = minutes as f64 / 60.0;
        item(
            AttentionKind::MentorOverHours,
            id,
            // How far over, in whole hours, orders the worst first.
            ((minutes - allowed) / 60) as i64,
            format!(
                "{id} logged {hours:.1} hours of meetings since {since}, more than the {offered} a month offered ({} over two months)",
                offered * 2
            ),
            "talk to the mentor about their load: fewer or shorter meetings, a pause, or a new offer of hours",
        )
    })
}

/// A mentee who, on `as_of`, had waited for a mentor longer than [`GRACE_DAYS`].
fn waiting_too_long(ws: &Workspace, person: usize, as_of: NaiveDate) -> Option<Attention> {
    let id = &ws.people[person].id;
    let days = days_waiting(ws, person, as_of).filter(|&d| d > GRACE_DAYS)?;
    ws.is_waiting_on(person, as_of).then(|| {
        item(
            AttentionKind::MenteeWaiting,
            id,
            days,
            format!(
                "{id} has waited {} for a mentor",
                crate::text::count(days, "day")
            ),
            &format!("run `mentor match --explain {id}`"),
        )
    })
}

/// A pair's concerns not resolved on `as_of`, each with its age; whom to
/// contact is who raised it. Never the text: it is the coordinators' alone.
fn open_concerns(
    ws: &Workspace,
    entry: &crate::workspace::PairEntry,
    as_of: NaiveDate,
) -> Vec<Attention> {
    crate::model::concerns_on(&entry.concerns, as_of)
        .into_iter()
        .filter(|c| c.status != crate::model::ConcernStatus::Resolved)
        .map(|c| {
            let days = (as_of - c.raised_on).num_days();
            let by = c.raised_by.as_deref().unwrap_or("someone");
            let mut item = item(
                AttentionKind::ConcernOpen,
                &entry.id,
                days,
                format!(
                    "{}: concern {} raised by {by} on {} is {} ({days} days)",
                    entry.id, c.number, c.raised_on, c.status
                ),
                &format!(
                    "read it with `mentor notes {}` (coordinators), follow it up with `mentor concern {} --follow-up {} --status in-hand|resolved`",
                    entry.id, entry.id, c.number
                ),
            );
            item.contacts = c.raised_by.as_deref().map(|id| contacts(ws, id)).unwrap_or_default();
            item
        })
        .collect()
}

/// A participant still taking part who, on `as_of`, had not attended every
/// training session the programme requires of their role.
fn training_needed(ws: &Workspace, person: usize, as_of: NaiveDate) -> Option<Attention> {
    let entry = &ws.people[person];
    if !matches!(
        entry.person.status(),
        PersonStatus::Active | PersonStatus::Applied
    ) {
        return None;
    }
    let programme = ws.programme.as_ref()?;
    let parts = crate::training::parts_of(&entry.person);
    let missing = crate::training::missing(programme, &entry.person, &parts, as_of);
    let (first, _) = missing.split_first()?;
    let titles: Vec<String> = missing
        .iter()
        .map(|s| format!("{} ({})", s.title, s.id))
        .collect();
    let id = &entry.id;
    Some(item(
        AttentionKind::TrainingNeeded,
        id,
        0,
        format!("{id} still needs training: {}", titles.join(", ")),
        &format!(
            "once attended, run `mentor person trained {id} --session {} --date YYYY-MM-DD`",
            first.id
        ),
    ))
}

/// What a pair's concern asks of the coordinator (none for too few
/// meetings: counted in validate and the export, nothing left to chase).
fn pair_attention(p: &PairFigures, concern: Concern) -> Option<Attention> {
    let id = &p.entry.id;
    let (kind, days, message, action) = match concern {
        Concern::Stalled { days, paused } => (
            AttentionKind::PairStalled,
            days,
            format!(
                "{id} has not met for {}{} (agreed every {})",
                crate::text::count(days, "day"),
                crate::progress::paused_part(paused),
                crate::text::count(p.progress.every_days, "day")
            ),
            "contact both; agree the next meeting date",
        ),
        Concern::NeverMet { days } => (
            AttentionKind::PairNeverMet,
            days,
            format!(
                "{id} started {} ago and has logged no meeting",
                crate::text::count(days, "day")
            ),
            "check the pair has met; ask them to log meetings in log.yaml",
        ),
        Concern::AgreementUnsigned { days } => (
            AttentionKind::AgreementUnsigned,
            days,
            format!(
                "{id} has no signed agreement after {}",
                crate::text::count(days, "day")
            ),
            "ask the pair to agree and sign the learning contract",
        ),
        Concern::NoGoals { days } => (
            AttentionKind::NoGoals,
            days,
            format!(
                "{id} has no goals after {}",
                crate::text::count(days, "day")
            ),
            "ask the pair to write SMART goals in goals.yaml",
        ),
        Concern::GoalOverdue { goal, days } => (
            AttentionKind::GoalOverdue,
            days,
            format!(
                "goal {} of {id} is {} overdue",
                p.entry.goals[goal].id,
                crate::text::count(days, "day")
            ),
            "ask the pair to mark it achieved or dropped, or agree a new date",
        ),
        Concern::EndingSoon { days } => (
            AttentionKind::PairEndingSoon,
            days,
            format!("{id} ends in {}", crate::text::count(days, "day")),
            "plan the closing meeting and ask both for feedback",
        ),
        Concern::AwaitingAcceptance { days } => (
            AttentionKind::ProposalNotAccepted,
            days,
            format!(
                "{id} was proposed {} ago and has not started",
                crate::text::count(days, "day")
            ),
            "ask both whether they accept: `mentor pair start` or `mentor pair reject`",
        ),
        Concern::MidPointReviewDue { days } => (
            AttentionKind::MidPointReviewDue,
            days,
            format!(
                "{id} passed its mid-point {} ago without the review its agreement promises",
                crate::text::count(days, "day")
            ),
            "ask both for mid-point feedback (`mentor feedback PAIR --by ID --stage mid`)",
        ),
        Concern::TooFewMeetings { .. } => return None,
    };
    // The actions speak of a pair's two people; a group has more.
    let action = if p.entry.pair.has_several_mentees() {
        action.replace("both", "every member and the mentor")
    } else {
        action.to_string()
    };
    let mut attention = item(kind, id, days, message, &action);
    if let Concern::GoalOverdue { goal, .. } = concern {
        attention.goal = Some(p.entry.goals[goal].id.clone());
    }
    Some(attention)
}

/// One calendar month of the programme, for the HTML report's charts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub label: String,
    /// Pairs at each stage on the month's last day (or the as-of date).
    pub proposed: usize,
    pub active: usize,
    pub closed: usize,
    pub meetings: usize,
    pub hours: f64,
}

/// Month by month over the period, up to its last day and never past the
/// programme's end: a month after it would draw a bar of nothing.
pub fn monthly(ws: &Workspace, period: Period) -> Vec<Month> {
    let end = ws.programme.as_ref().map_or(period.to, |p| p.end);
    let period = Period {
        to: period.to.min(end),
        ..period
    };
    period
        .months()
        .into_iter()
        .map(|(label, month)| {
            let end = month.last_day();
            let stage = |s: PairStatus| {
                ws.pairs
                    .iter()
                    .filter(|p| p.pair.status_on(end) == Some(s))
                    .count()
            };
            let held: Vec<_> = ws
                .pairs
                .iter()
                .flat_map(|p| &p.meetings)
                .filter(|m| month.contains(m.date))
                .collect();
            Month {
                label,
                proposed: stage(PairStatus::Proposed),
                active: stage(PairStatus::Active),
                closed: stage(PairStatus::Closed),
                meetings: held.len(),
                // Summed from +0: an empty `sum` of floats is -0, shown "-0".
                hours: held
                    .iter()
                    .map(|m| f64::from(m.minutes.unwrap_or(0)))
                    .fold(0.0, |a, b| a + b)
                    / 60.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! The coordinator's view: where the programme stands and which pairs and
//! people need attention, worst first. Figures come from [`crate::indicators`]
//! and [`crate::progress`]; this module only selects and orders them.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::indicators::{Figures, Period, figures};
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

/// What needs the coordinator, in the order it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionKind {
    /// A record file that could not be read: its figures are left out.
    FileError,
    ProgrammeReviewDue,
    MentorOverCapacity,
    PairStalled,
    PairNeverMet,
    AgreementUnsigned,
    NoGoals,
    GoalOverdue,
    MenteeWaiting,
    PairEndingSoon,
    MidPointReviewDue,
    ProposalNotAccepted,
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
    /// Files that could not be read: the figures leave them out.
    pub unreadable_files: usize,
}

pub fn report(ws: &Workspace, as_of: NaiveDate) -> Report<'_> {
    let start = ws.programme.as_ref().map(|p| p.start);
    let period = Period::new(ws, start.map(|s| s.min(as_of)), Some(as_of), as_of);
    let figures = figures(ws, period);
    let mut attention = attention(ws, &figures, as_of);
    // Thousands of items in a large programme, each looked up alone.
    attention
        .par_iter_mut()
        .for_each(|item| item.contacts = contacts(ws, &item.subject));
    Report {
        overview: overview(ws, as_of),
        attention,
        figures,
        unreadable_files: 0,
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
        return [&pair.pair.mentee, &pair.pair.mentor]
            .into_iter()
            .filter_map(|id| person(id))
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

impl Report<'_> {
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

fn overview(ws: &Workspace, as_of: NaiveDate) -> Overview {
    let programme = ws.programme.as_ref();
    let count_pairs = |s: PairStatus| ws.pairs.iter().filter(|p| p.pair.status == s).count();
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
            let load = ws.mentor_load(index, &open) as u64;
            o.mentor_places_free += u64::from(ws.capacity_of(index)).saturating_sub(load);
        }
        if person.can_be_mentored() {
            o.mentees_applied += usize::from(person.status() == PersonStatus::Applied);
            o.mentees_total += 1;
            let has = |status: PairStatus| {
                ws.pairs_as_mentee(index)
                    .iter()
                    .any(|&p| ws.pairs[p].pair.status == status)
            };
            // One category each, so they add up.
            match person.status() {
                PersonStatus::Withdrawn => o.mentees_withdrawn += 1,
                PersonStatus::Completed => o.mentees_completed += 1,
                _ if has(PairStatus::Active) => o.mentees_paired += 1,
                _ if has(PairStatus::Proposed) => o.mentees_with_proposal += 1,
                _ => {}
            }
        }
        if ws.is_waiting(index) {
            o.mentees_waiting += 1;
            if let Some(since) = ws.waiting_since(index) {
                let days = (as_of - since).num_days();
                o.longest_wait_days = Some(o.longest_wait_days.map_or(days, |d| d.max(days)));
            }
        }
    }
    o
}

fn attention(ws: &Workspace, figures: &Figures, as_of: NaiveDate) -> Vec<Attention> {
    let mut out = Vec::new();
    if let Some(days) = ws
        .programme
        .as_ref()
        .and_then(|p| review_overdue_days(p, as_of))
    {
        out.push(Attention {
            kind: AttentionKind::ProgrammeReviewDue,
            subject: "programme".into(),
            days,
            message: format!("the programme was last reviewed {days} days ago"),
            action: "hold the yearly review and set `reviewed_on` in programme.toml".into(),
            contacts: Vec::new(),
        });
    }
    for (index, entry) in ws.people.iter().enumerate() {
        let active = ws.mentor_load(index, &[PairStatus::Active]);
        let capacity = ws.capacity_of(index) as usize;
        if entry.person.can_mentor() && active > capacity {
            out.push(Attention {
                kind: AttentionKind::MentorOverCapacity,
                subject: entry.id.clone(),
                days: (active - capacity) as i64,
                message: format!(
                    "{} has {active} active pairs for a capacity of {capacity}",
                    entry.id
                ),
                action: "reassign or close a pair, or agree a higher capacity".into(),
                contacts: Vec::new(),
            });
        }
        if ws.is_waiting(index) {
            let days = ws.waiting_since(index).map(|d| (as_of - d).num_days());
            if days.is_some_and(|d| d > GRACE_DAYS) {
                let days = days.unwrap_or_default();
                out.push(Attention {
                    kind: AttentionKind::MenteeWaiting,
                    subject: entry.id.clone(),
                    days,
                    message: format!("{} has waited {days} days for a mentor", entry.id),
                    action: format!("run `mentor match --explain {}`", entry.id),
                    contacts: Vec::new(),
                });
            }
        }
    }
    for p in &figures.pairs {
        let id = &p.entry.id;
        let g = &p.progress;
        for concern in &g.concerns {
            let (kind, days, message, action) = match *concern {
                Concern::Stalled { days, paused } => (
                    AttentionKind::PairStalled,
                    days,
                    format!(
                        "{id} has not met for {days} days{} (agreed every {})",
                        crate::progress::paused_part(paused),
                        g.every_days
                    ),
                    "contact both; agree the next meeting date",
                ),
                Concern::NeverMet { days } => (
                    AttentionKind::PairNeverMet,
                    days,
                    format!("{id} started {days} days ago and has logged no meeting"),
                    "check the pair has met; ask them to log meetings in log.yaml",
                ),
                Concern::AgreementUnsigned { days } => (
                    AttentionKind::AgreementUnsigned,
                    days,
                    format!("{id} has no signed agreement after {days} days"),
                    "ask the pair to agree and sign the learning contract",
                ),
                Concern::NoGoals { days } => (
                    AttentionKind::NoGoals,
                    days,
                    format!("{id} has no goals after {days} days"),
                    "ask the pair to write SMART goals in goals.yaml",
                ),
                Concern::GoalOverdue { goal, days } => (
                    AttentionKind::GoalOverdue,
                    days,
                    format!(
                        "goal {} of {id} is {days} days overdue",
                        p.entry.goals[goal].id
                    ),
                    "ask the pair to mark it achieved or dropped, or agree a new date",
                ),
                Concern::EndingSoon { days } => (
                    AttentionKind::PairEndingSoon,
                    days,
                    format!("{id} ends in {days} days"),
                    "plan the closing meeting and ask both for feedback",
                ),
                Concern::AwaitingAcceptance { days } => (
                    AttentionKind::ProposalNotAccepted,
                    days,
                    format!("{id} was proposed {days} days ago and has not started"),
                    "ask both whether they accept: `mentor pair start` or `mentor pair reject`",
                ),
                Concern::MidPointReviewDue { days } => (
                    AttentionKind::MidPointReviewDue,
                    days,
                    format!(
                        "{id} passed its mid-point {days} days ago without the review its agreement promises"
                    ),
                    "ask both for mid-point feedback (`stage: mid` in feedback.yaml)",
                ),
                // Counted in validate and the export; nothing left to chase.
                Concern::TooFewMeetings { .. } => continue,
            };
            out.push(Attention {
                kind,
                subject: id.clone(),
                days,
                message,
                action: action.into(),
                contacts: Vec::new(),
            });
        }
    }
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

/// Month by month over the period, up to its last day.
pub fn monthly(ws: &Workspace, period: Period) -> Vec<Month> {
    use crate::progress::{Stage, stage_on};
    period
        .months()
        .into_iter()
        .map(|(label, month)| {
            let end = month.last_day();
            let stage = |s: Stage| {
                ws.pairs
                    .iter()
                    .filter(|p| stage_on(&p.pair, end) == s)
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
                proposed: stage(Stage::Proposed),
                active: stage(Stage::Active),
                closed: stage(Stage::Closed),
                meetings: held.len(),
                hours: held
                    .iter()
                    .map(|m| f64::from(m.minutes.unwrap_or(0)))
                    .sum::<f64>()
                    / 60.0,
            }
        })
        .collect()
}

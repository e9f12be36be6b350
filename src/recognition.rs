//! A mentor's statement of contribution (`mentor recognise`): what they
//! gave the programme over a period, counted from the records as the
//! indicators count them, for the mentor to add to an appraisal. It names
//! a mentee only where the mentee agreed (`share_name_in_recognition`),
//! and shows a feedback average only where at least the programme's
//! smallest group of answers stands behind it.

use chrono::NaiveDate;

use crate::indicators::{Period, pair_figures};
use crate::workspace::Workspace;

/// Days in an average month, to turn days of mentoring into months.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// One pair the mentor mentored in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct Mentored {
    /// The mentee's name, where they agreed to be named.
    pub mentee: Option<String>,
    /// The first and last day of the pair inside the period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whether it was still running on the period's last day.
    pub running: bool,
    pub meetings: usize,
    pub minutes: u64,
}

/// A training session the mentor attended, by its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trained {
    pub title: String,
    pub date: NaiveDate,
}

/// The mentees' average rating of their pairs, with how many answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rating {
    pub average: f64,
    pub answers: usize,
}

/// A mentor's statement of contribution over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub mentor_id: String,
    pub mentor: String,
    pub programme: String,
    pub organisation: Option<String>,
    pub period: Period,
    pub pairs: Vec<Mentored>,
    pub training: Vec<Trained>,
    /// `None` when fewer than `min_answers` answers exist (or some are
    /// sealed and were not opened).
    pub rating: Option<Rating>,
    /// The fewest answers an average is shown for.
    pub min_answers: usize,
    /// Who signs it off: the coordinator.
    pub signed_by: Option<String>,
}

impl Statement {
    pub fn meetings(&self) -> usize {
        self.pairs.iter().map(|p| p.meetings).sum()
    }

    pub fn hours(&self) -> f64 {
        self.pairs.iter().map(|p| p.minutes).sum::<u64>() as f64 / 60.0
    }

    /// Months of mentoring, pair by pair (two pairs over the same month count two).
    pub fn months(&self) -> f64 {
        let days: i64 = self
            .pairs
            .iter()
            .map(|p| (p.to - p.from).num_days() + 1)
            .sum();
        days as f64 / DAYS_PER_MONTH
    }
}

/// The statement of the mentor at `mentor` (an index into `ws.people`).
pub fn statement(ws: &Workspace, mentor: usize, period: Period) -> Statement {
    let entry = &ws.people[mentor];
    let programme = ws.programme.as_ref();
    let mut pairs = Vec::new();
    let mut ratings = Vec::new();
    let mut sealed = 0;
    for &index in ws.pairs_as_mentor(mentor) {
        let pair = &ws.pairs[index];
        let figures = pair_figures(ws, pair, &period);
        if !figures.ran_in_period {
            continue;
        }
        ratings.extend(figures.mentee_ratings.iter().copied());
        sealed += figures.sealed_ratings;
        let last = period.last_day();
        let closed = pair
            .pair
            .closure
            .as_ref()
            .map(|c| c.date)
            .filter(|d| *d <= last);
        let to = closed.unwrap_or(last);
        // A group's members are named only if every one of them agreed.
        let names: Option<Vec<String>> = pair
            .pair
            .mentee_ids()
            .map(|id| {
                ws.person(id)
                    .filter(|m| m.person.share_name_in_recognition == Some(true))
                    .map(|m| m.person.name.clone())
            })
            .collect();
        let mentee = names.map(|n| n.join(", "));
        pairs.push(Mentored {
            mentee,
            from: to - chrono::Days::new(u64::try_from(figures.days_in_period - 1).unwrap_or(0)),
            to,
            running: closed.is_none(),
            meetings: figures.meetings,
            minutes: figures.minutes,
        });
    }
    pairs.sort_by_key(|p| p.from);
    let min_answers = programme.map_or(crate::model::DEFAULT_MIN_GROUP, |p| p.min_group());
    let rating = (ratings.len() >= min_answers && sealed == 0).then(|| Rating {
        average: ratings.iter().map(|&r| f64::from(r)).sum::<f64>() / ratings.len() as f64,
        answers: ratings.len(),
    });
    Statement {
        mentor_id: entry.id.clone(),
        mentor: entry.person.name.clone(),
        programme: programme.map_or_else(String::new, |p| p.name.clone()),
        organisation: programme.and_then(|p| p.organisation.clone()),
        period,
        pairs,
        training: training(ws, mentor, period.last_day()),
        rating,
        min_answers,
        signed_by: programme
            .and_then(|p| p.coordinator.as_ref())
            .map(|c| c.name.clone()),
    }
}

/// The sessions the mentor attended by `last`, and their `trained_on`
/// mentor training where no session stands for it.
fn training(ws: &Workspace, mentor: usize, last: NaiveDate) -> Vec<Trained> {
    let person = &ws.people[mentor].person;
    let sessions = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.training.as_slice());
    let mut out: Vec<Trained> = sessions
        .iter()
        .filter_map(|s| {
            let date = crate::training::attended_on(person, &s.id).filter(|d| *d <= last)?;
            Some(Trained {
                title: s.title.clone(),
                date,
            })
        })
        .collect();
    let counted = sessions
        .iter()
        .any(|s| s.id == crate::model::MENTOR_TRAINING);
    if let Some(date) = person.trained_on.filter(|d| *d <= last && !counted) {
        out.push(Trained {
            title: "Mentor training".into(),
            date,
        });
    }
    out.sort_by_key(|t| t.date);
    out
}

/// The mentors with a pair that ran in the period, as indices into
/// `ws.people`: those `--all` writes a statement for.
pub fn mentors_in(ws: &Workspace, period: Period) -> Vec<usize> {
    (0..ws.people.len())
        .filter(|&i| {
            ws.pairs_as_mentor(i)
                .iter()
                .any(|&p| pair_figures(ws, &ws.pairs[p], &period).ran_in_period)
        })
        .collect()
}

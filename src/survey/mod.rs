//! Surveys at set points: when each survey falls due for each pair and
//! person ([`occasions`], [`owed`]), the scores the coordinator should look
//! at ([`low_scores`]), and what the answers add up to ([`results`]).
//! Library only: no clock (the day is given), no printing.

mod attention;
mod check;
mod feeds;
pub mod import;
mod results;

pub use attention::attention;
pub use check::check;
pub use feeds::{
    LatestMean, MATCH_QUALITY, MonthMean, SATISFACTION, fed_ratings, latest_mean, monthly_means,
};
pub use results::{OccasionRate, QuestionResult, SurveyResults, results};

use chrono::{Days, NaiveDate};

use crate::model::{
    Pair, PairStatus, PersonStatus, Programme, Role, Survey, SurveyAnswer, SurveyWho,
};
use crate::workspace::Workspace;

/// The ids of the people of `pair` whom `survey` asks.
pub fn asked_of<'p>(survey: &Survey, pair: &'p Pair) -> Vec<&'p str> {
    match survey.asks() {
        SurveyWho::Mentees => pair.mentee_ids().collect(),
        SurveyWho::Mentors => pair.mentor_ids().collect(),
        SurveyWho::Both | SurveyWho::Everyone => {
            pair.mentee_ids().chain(pair.mentor_ids()).collect()
        }
    }
}

/// Whether `survey` asks people of `role` who are in no pair: `everyone`
/// does, `mentees` and `mentors` those of their role; `both` means both
/// members of each pair, so it asks nobody alone.
pub fn asks_alone(survey: &Survey, role: Role) -> bool {
    match survey.asks() {
        SurveyWho::Mentees => matches!(role, Role::Mentee | Role::Both),
        SurveyWho::Mentors => matches!(role, Role::Mentor | Role::Both),
        SurveyWho::Everyone => true,
        SurveyWho::Both => false,
    }
}

/// The occasions of `survey` that are the programme's rather than a
/// pair's (its end, its date) up to `today`, oldest first: the ones that
/// reach people in no pair. Labelled as for pairs, so rates count both.
pub fn programme_occasions(
    survey: &Survey,
    programme: &Programme,
    today: NaiveDate,
) -> Vec<Occasion> {
    let mut found = Vec::new();
    if survey.programme_end == Some(true) && programme.end <= today {
        found.push(Occasion {
            date: programme.end,
            label: "programme end".into(),
        });
    }
    if let Some(date) = survey.on_date.filter(|d| *d <= today) {
        found.push(Occasion {
            date,
            label: date.to_string(),
        });
    }
    found.sort();
    found.dedup_by(|a, b| a.date == b.date);
    found
}

/// The people `survey` asks on its programme occasion `date` in their own
/// place, not a pair's: in its audience ([`asks_alone`]), in the programme on that day
/// (applied, not yet left or withdrawn), and asked it by none of their
/// pairs (someone waiting for a mentor, a mentor without a mentee, a
/// member of a pair that has ended).
pub fn asked_alone<'w>(ws: &'w Workspace, survey: &Survey, date: NaiveDate) -> Vec<&'w str> {
    let Some(programme) = &ws.programme else {
        return Vec::new();
    };
    ws.people
        .iter()
        .filter(|entry| {
            let person = &entry.person;
            let in_programme = person.applied_on.is_none_or(|d| d <= date)
                && person.left_on.is_none_or(|d| d >= date)
                && person.status != Some(PersonStatus::Withdrawn);
            let asked_in_pair = ws.pairs_of(&entry.id).any(|p| {
                asked_of(survey, &p.pair).contains(&entry.id.as_str())
                    && occasions(survey, &p.pair, programme, date)
                        .iter()
                        .any(|o| o.date == date)
            });
            in_programme && asks_alone(survey, person.role) && !asked_in_pair
        })
        .map(|entry| entry.id.as_str())
        .collect()
}

/// One moment a survey falls due for a pair.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occasion {
    pub date: NaiveDate,
    /// Which moment it is, the same for every pair: `day 30`, `mid-point`,
    /// `closing`, `programme end`, or the date; rates are counted by it.
    pub label: String,
}

/// The occasions of `survey` for `pair` up to `today`, oldest first.
pub fn occasions(
    survey: &Survey,
    pair: &Pair,
    programme: &Programme,
    today: NaiveDate,
) -> Vec<Occasion> {
    let Some(start) = pair.started else {
        return Vec::new();
    };
    let running = |day: NaiveDate| pair.status_on(day) == Some(PairStatus::Active);
    let mut found = Vec::new();
    let mut add = |date: NaiveDate, label: String| {
        if date <= today {
            found.push(Occasion { date, label });
        }
    };
    if let Some(first) = survey.after_start_days {
        let mut days = first;
        while let Some(date) = start.checked_add_days(Days::new(days.into())) {
            let past_end = pair.last_day().is_some_and(|end| date > end);
            if date > today || past_end || !running(date) {
                break;
            }
            add(date, format!("day {days}"));
            match survey.every_days {
                Some(every) if every > 0 => days += every,
                _ => break,
            }
        }
    }
    if let Some(mid) = pair.mid_point().filter(|d| running(*d))
        && survey.mid_point == Some(true)
    {
        add(mid, "mid-point".into());
    }
    if let Some(closure) = pair
        .closure
        .as_ref()
        .filter(|_| survey.on_close == Some(true))
    {
        add(closure.date, "closing".into());
    }
    if survey.programme_end == Some(true) && start <= programme.end {
        add(programme.end, "programme end".into());
    }
    if let Some(date) = survey.on_date.filter(|d| running(*d)) {
        add(date, date.to_string());
    }
    found.sort();
    found.dedup_by(|a, b| a.date == b.date);
    found
}

/// A survey someone has not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Owed<'w> {
    /// The pair it is asked for; `None`: asked of the person alone, answered
    /// in their own `people/<id>.surveys.yaml`.
    pub pair: Option<&'w str>,
    pub person: &'w str,
    pub survey: &'w Survey,
    pub occasion: Occasion,
    /// Past the survey's `answer_within_days`.
    pub overdue: bool,
}

/// Whether `person` answered (any question of) `survey`'s occasion on
/// `date` among `answers` (a pair's, or the person's own).
pub fn answered(answers: &[SurveyAnswer], survey: &str, date: NaiveDate, person: &str) -> bool {
    answers
        .iter()
        .any(|a| a.survey == survey && a.occasion == date && a.by == person)
}

/// Who owes which survey on `today`, by pair then survey: the latest
/// occasion of each survey each person has not answered (an older one
/// passed unanswered is not chased once a newer one is due). A pair on a
/// pause is not chased; a closed pair only for the surveys asked at or
/// after its end.
pub fn owed<'w>(ws: &'w Workspace, only: Option<&str>, today: NaiveDate) -> Vec<Owed<'w>> {
    let Some(programme) = &ws.programme else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in &ws.pairs {
        let pair = &entry.pair;
        let closed = pair.status_on(today) == Some(PairStatus::Closed);
        if pair.pause_on(today).is_some() || pair.status == PairStatus::Rejected {
            continue;
        }
        for survey in programme
            .surveys
            .iter()
            .filter(|s| only.is_none_or(|id| s.id == id))
        {
            let Some(latest) = occasions(survey, pair, programme, today).pop() else {
                continue;
            };
            let after_end = pair.last_day().is_some_and(|end| latest.date >= end);
            if closed && !after_end {
                continue;
            }
            for person in asked_of(survey, pair) {
                if !answered(&entry.survey_answers, &survey.id, latest.date, person) {
                    out.push(owing(Some(&entry.id), person, survey, &latest, today));
                }
            }
        }
    }
    for survey in programme
        .surveys
        .iter()
        .filter(|s| only.is_none_or(|id| s.id == id))
    {
        let Some(latest) = programme_occasions(survey, programme, today).pop() else {
            continue;
        };
        for person in asked_alone(ws, survey, latest.date) {
            if !answered(ws.own_answers(person), &survey.id, latest.date, person) {
                out.push(owing(None, person, survey, &latest, today));
            }
        }
    }
    out
}

/// `person` owes `survey`'s `occasion` (for `pair`, or alone) on `today`.
fn owing<'w>(
    pair: Option<&'w str>,
    person: &'w str,
    survey: &'w Survey,
    occasion: &Occasion,
    today: NaiveDate,
) -> Owed<'w> {
    let due_by = occasion
        .date
        .checked_add_days(Days::new(survey.answer_within().into()));
    Owed {
        pair,
        person,
        survey,
        occasion: occasion.clone(),
        overdue: due_by.is_some_and(|d| today > d),
    }
}

/// A score below its question's `alert_below`: the coordinator checks in
/// with the pair. Only readable (or opened) answers are seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowScore<'w> {
    /// The pair it was given for; `None`: given alone, in no pair.
    pub pair: Option<&'w str>,
    pub by: &'w str,
    pub survey: &'w str,
    pub question: &'w str,
    pub occasion: NaiveDate,
    pub score: u32,
    pub threshold: u32,
}

/// Every low score of the programme's latest answers: per pair, person and
/// question, only the newest occasion counts (a score that has since
/// recovered is not raised again).
pub fn low_scores(ws: &Workspace) -> Vec<LowScore<'_>> {
    let Some(programme) = &ws.programme else {
        return Vec::new();
    };
    let mut out: Vec<LowScore<'_>> = Vec::new();
    // Each place with who may answer there: a score in someone else's name
    // (planted in one's own file, W080) never raises an alert about them.
    let places = ws
        .pairs
        .iter()
        .map(|e| {
            let answers_here: Box<dyn Fn(&str) -> bool> = Box::new(|by| e.pair.has_member(by));
            (Some(e.id.as_str()), &e.survey_answers[..], answers_here)
        })
        .chain(ws.person_answers.iter().map(|own| {
            let answers_here: Box<dyn Fn(&str) -> bool> = Box::new(|by| by == own.id);
            (None, &own.answers[..], answers_here)
        }));
    for (pair, answers, answers_here) in places {
        let mut latest: std::collections::BTreeMap<(&str, &str, &str), LowScore<'_>> =
            Default::default();
        let mut newest: std::collections::BTreeMap<(&str, &str, &str), NaiveDate> =
            Default::default();
        for answer in answers.iter().filter(|a| answers_here(&a.by)) {
            let Some(question) = programme
                .surveys
                .iter()
                .find(|s| s.id == answer.survey)
                .and_then(|s| s.question(&answer.question))
            else {
                continue;
            };
            let key = (
                answer.survey.as_str(),
                answer.by.as_str(),
                question.id.as_str(),
            );
            if newest.get(&key).is_some_and(|d| *d > answer.occasion) {
                continue;
            }
            newest.insert(key, answer.occasion);
            latest.remove(&key);
            let (Some(threshold), Some(score)) = (
                question.alert_below,
                answer.text().and_then(|t| t.trim().parse::<u32>().ok()),
            ) else {
                continue;
            };
            if score < threshold {
                latest.insert(
                    key,
                    LowScore {
                        pair,
                        by: &answer.by,
                        survey: &answer.survey,
                        question: &question.id,
                        occasion: answer.occasion,
                        score,
                        threshold,
                    },
                );
            }
        }
        out.extend(latest.into_values());
    }
    out
}

#[cfg(test)]
mod tests;

//! HR's survey tables: per question how many answered and how the answers
//! fall (`survey_results.csv`), and per occasion how many of those asked
//! answered (`survey_response_rates.csv`). Free text is counted, never
//! written; under `--anonymize` a count under k is left empty, with the
//! mean beside it.

use super::sheets::Table;
use super::table::{Cell, Columns, Role, Sheet};
use crate::indicators::Period;
use crate::model::QuestionKind;
use crate::survey::results;
use crate::workspace::Workspace;

pub const SURVEY_RESULTS: Table = Table {
    name: "survey_results.csv",
    about: "aggregates: per survey question, the number of answers (value `all`, with the mean of a scale or number) and how many gave each point or option; free text is never written",
    headings: || result_columns().headings(),
};

pub const SURVEY_RATES: Table = Table {
    name: "survey_response_rates.csv",
    about: "aggregates: per survey and occasion (day 30, mid-point, closing, ...), how many were asked by the period end and how many answered",
    headings: || rate_columns().headings(),
};

/// One row of `survey_results.csv`.
struct ResultRow {
    survey: String,
    question: String,
    kind: QuestionKind,
    value: String,
    answers: usize,
    mean: Option<f64>,
}

fn result_columns() -> Columns<ResultRow> {
    Columns::<ResultRow>::new()
        .fact("survey", |r| Cell::text(&r.survey))
        .means("The survey's short name, as the programme declares it.")
        .fact("question", |r| Cell::text(&r.question))
        .means("The question's id in its survey.")
        .fact("kind", |r| Cell::text(r.kind))
        .means("How the question is answered: scale, single, multiple, number or text.")
        .fact("value", |r| Cell::text(&r.value))
        .means(
            "Either all (every answer to the question), or one point of the scale or one option.",
        )
        .with("answers", Role::Count, |r| Cell::count(r.answers))
        .means("How many answers: all of them, or those giving this value.")
        .with("mean", Role::Rate, |r| Cell::number(r.mean))
        .means("On the row of all answers to a scale or number question, the mean answer.")
}

/// One row of `survey_response_rates.csv`.
struct RateRow {
    survey: String,
    occasion: String,
    asked: usize,
    answered: usize,
}

fn rate_columns() -> Columns<RateRow> {
    Columns::<RateRow>::new()
        .fact("survey", |r| Cell::text(&r.survey))
        .means("The survey's short name, as the programme declares it.")
        .fact("occasion", |r| Cell::text(&r.occasion))
        .means("When it was asked: days after a pair started, mid-point, closing, programme end, or a date.")
        .with("asked", Role::Count, |r| Cell::count(r.asked))
        .means("How many people were asked.")
        .with("answered", Role::Count, |r| Cell::count(r.answered))
        .means("How many of them answered.")
        .with("response_rate", Role::Rate, |r| {
            Cell::number((r.asked > 0).then(|| 100.0 * r.answered as f64 / r.asked as f64))
        })
        .means("Answered as a percentage of asked.")
}

/// Both survey tables, as of the period's last day.
pub fn survey_sheets(ws: &Workspace, period: Period) -> [Sheet; 2] {
    let surveys = ws.programme.as_ref().map_or(&[][..], |p| &p.surveys[..]);
    let mut results_rows = Vec::new();
    let mut rate_rows = Vec::new();
    for survey in surveys {
        let found = results(ws, survey, period.last_day());
        for rate in found.rates {
            rate_rows.push(RateRow {
                survey: survey.id.clone(),
                occasion: rate.label,
                asked: rate.asked,
                answered: rate.answered,
            });
        }
        for q in found.questions {
            let row = |value: String, answers: usize, mean: Option<f64>| ResultRow {
                survey: survey.id.clone(),
                question: q.id.clone(),
                kind: q.kind,
                value,
                answers,
                mean,
            };
            results_rows.push(row("all".into(), q.n, q.mean));
            results_rows.extend(
                q.distribution
                    .iter()
                    .map(|(value, count)| row(value.clone(), *count, None)),
            );
        }
    }
    [
        Sheet::of(SURVEY_RESULTS.name, &result_columns(), results_rows),
        Sheet::of(SURVEY_RATES.name, &rate_columns(), rate_rows),
    ]
}

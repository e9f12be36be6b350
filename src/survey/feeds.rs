//! Survey answers that count towards programme figures (a question's
//! `feeds`): satisfaction ratings join feedback's, and the latest
//! match-quality score per pair makes `match_quality_score`.

use chrono::NaiveDate;

use crate::model::{Programme, Question, QuestionKind, SurveyAnswer};
use crate::workspace::PairEntry;

/// `feeds = "satisfaction"`: rated with feedback's 1-5 satisfaction.
pub const SATISFACTION: &str = "satisfaction";
/// `feeds = "match_quality"`: how well the match works.
pub const MATCH_QUALITY: &str = "match_quality";

/// The question an answer is to, if it feeds `indicator`.
fn feeding<'p>(
    programme: &'p Programme,
    answer: &SurveyAnswer,
    indicator: &str,
) -> Option<&'p Question> {
    programme
        .surveys
        .iter()
        .find(|s| s.id == answer.survey)?
        .question(&answer.question)
        .filter(|q| q.feeds.as_deref() == Some(indicator) && q.kind == QuestionKind::Scale)
}

/// The mean of `values`; none when there are none.
pub(super) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn is_sealed(answer: &SurveyAnswer) -> bool {
    answer.text().is_none() && answer.is_given()
}

/// A pair's 1-5 ratings feeding `indicator`, answered on days `within`
/// admits, each with who gave it; and how many such answers are sealed
/// and unopened. Only 1-5 scales count: another scale is not comparable.
pub fn fed_ratings<'e>(
    programme: Option<&Programme>,
    entry: &'e PairEntry,
    indicator: &str,
    within: impl Fn(NaiveDate) -> bool,
) -> (Vec<(&'e str, u8)>, usize) {
    let Some(programme) = programme else {
        return (Vec::new(), 0);
    };
    let mut ratings = Vec::new();
    let mut sealed = 0;
    for answer in entry.survey_answers.iter().filter(|a| within(a.date)) {
        let Some(question) = feeding(programme, answer, indicator) else {
            continue;
        };
        if question.range() != (1, 5) {
            continue;
        }
        if is_sealed(answer) {
            sealed += 1;
        } else if let Some(n) = answer.text().and_then(|t| t.trim().parse::<u8>().ok()) {
            ratings.push((answer.by.as_str(), n));
        }
    }
    (ratings, sealed)
}

/// The mean of each pair's latest score feeding an indicator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LatestMean {
    pub mean: Option<f64>,
    /// Pairs with a readable latest score.
    pub pairs: usize,
    /// Pairs whose latest score is sealed and unopened: the mean stays
    /// empty while any is, as a mean of the readable ones would pass for all.
    pub sealed: usize,
}

/// The mean of each pair's latest answer (by occasion, then date) feeding
/// `indicator`, answered by `until`.
pub fn latest_mean<'e>(
    programme: Option<&Programme>,
    entries: impl Iterator<Item = &'e PairEntry>,
    indicator: &str,
    until: NaiveDate,
) -> LatestMean {
    let Some(programme) = programme else {
        return LatestMean::default();
    };
    let mut scores = Vec::new();
    let mut sealed = 0;
    for entry in entries {
        let latest = entry
            .survey_answers
            .iter()
            .filter(|a| a.date <= until && feeding(programme, a, indicator).is_some())
            .max_by_key(|a| (a.occasion, a.date));
        match latest {
            Some(a) if is_sealed(a) => sealed += 1,
            Some(a) => scores.extend(a.text().and_then(|t| t.trim().parse::<f64>().ok())),
            None => {}
        }
    }
    LatestMean {
        mean: mean(&scores).filter(|_| sealed == 0),
        pairs: scores.len(),
        sealed,
    }
}

/// One month's answers feeding an indicator: how many were counted, their
/// mean, and how many are sealed and unopened (not counted).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthMean {
    /// `2026-03`: the month the answers were given in.
    pub month: String,
    pub n: usize,
    pub mean: Option<f64>,
    pub sealed: usize,
}

/// Every answer feeding `indicator` given by `until`, by the month it was
/// given in, oldest first: the trend over the programme (not only each
/// pair's latest, as [`latest_mean`] takes).
pub fn monthly_means<'e>(
    programme: Option<&Programme>,
    entries: impl Iterator<Item = &'e PairEntry>,
    indicator: &str,
    until: NaiveDate,
) -> Vec<MonthMean> {
    let Some(programme) = programme else {
        return Vec::new();
    };
    let mut months: std::collections::BTreeMap<String, (Vec<f64>, usize)> = Default::default();
    for answer in entries
        .flat_map(|e| &e.survey_answers)
        .filter(|a| a.date <= until && feeding(programme, a, indicator).is_some())
    {
        let month = months
            .entry(answer.date.format("%Y-%m").to_string())
            .or_default();
        if is_sealed(answer) {
            month.1 += 1;
        } else if let Some(score) = answer.text().and_then(|t| t.trim().parse::<f64>().ok()) {
            month.0.push(score);
        }
    }
    months
        .into_iter()
        .map(|(month, (scores, sealed))| MonthMean {
            month,
            n: scores.len(),
            mean: mean(&scores),
            sealed,
        })
        .collect()
}

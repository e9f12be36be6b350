//! `validate`'s rules for surveys: each declared survey can be asked and
//! answered, and each answer fits the question it names.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Question, QuestionKind, Survey, SurveyAnswer};
use crate::workspace::Workspace;

use super::asked_of;

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = &ws.programme else {
        return;
    };
    let mut survey_ids = HashSet::new();
    for survey in &programme.surveys {
        if !survey_ids.insert(survey.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateSurveyId,
                    survey.at.of(Survey::ID),
                    format!("a second survey with the id `{}`", survey.id),
                )
                .help("give each survey its own id"),
            );
        }
        survey_is_asked(survey, out);
        let mut question_ids = HashSet::new();
        for question in &survey.questions {
            if !question_ids.insert(question.id.as_str()) {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateSurveyId,
                        question.at.of(Question::ID),
                        format!(
                            "survey `{}` has a second question with the id `{}`",
                            survey.id, question.id
                        ),
                    )
                    .help("give each question of a survey its own id"),
                );
            }
            question_is_answerable(survey, question, out);
        }
    }
    for entry in &ws.pairs {
        let place = Answers {
            answers: &entry.survey_answers,
            place: format!("pair `{}`", entry.id),
            asked: &|survey, _| asked_of(survey, &entry.pair),
            record: entry.pair.at.record,
        };
        answers_fit(&programme.surveys, &place, out);
    }
    for own in &ws.person_answers {
        // Someone's own file holds their answers alone, to surveys that ask
        // them on that day in no pair: not a pair member's second answer.
        let asked = |survey: &Survey, occasion| -> Vec<&str> {
            if super::asked_alone(ws, survey, occasion).contains(&own.id.as_str()) {
                vec![own.id.as_str()]
            } else {
                Vec::new()
            }
        };
        let place = Answers {
            answers: &own.answers,
            place: format!("`{}`'s own file", own.id),
            asked: &asked,
            record: crate::source::Span::file_start(own.file),
        };
        answers_fit(&programme.surveys, &place, out);
    }
}

/// Answers as they are kept: a pair's, or a person's own.
struct Answers<'a> {
    answers: &'a [SurveyAnswer],
    /// Where they are, for messages: "pair `x`".
    place: String,
    /// Who a survey asks there on an occasion.
    asked: &'a dyn Fn(&Survey, chrono::NaiveDate) -> Vec<&'a str>,
    /// Where a finding about the place as a whole points.
    record: crate::source::Span,
}

/// A survey names at least one moment to be asked.
fn survey_is_asked(survey: &Survey, out: &mut Vec<Diagnostic>) {
    let moments = survey.after_start_days.is_some()
        || survey.mid_point == Some(true)
        || survey.on_close == Some(true)
        || survey.programme_end == Some(true)
        || survey.on_date.is_some();
    if survey.every_days.is_some() && survey.after_start_days.is_none() {
        out.push(
            Diagnostic::new(
                Code::SurveyNeverAsked,
                survey.at.of(Survey::EVERY_DAYS),
                format!(
                    "survey `{}` repeats `every_days` but says no first time",
                    survey.id
                ),
            )
            .help("add `after_start_days`: the repeats count from it"),
        );
    } else if !moments {
        out.push(
            Diagnostic::new(
                Code::SurveyNeverAsked,
                survey.at.of(Survey::ID),
                format!("survey `{}` says no moment to ask it", survey.id),
            )
            .help("add `after_start_days = 30`, `mid_point = true`, `on_close = true`, `programme_end = true` or `on_date = YYYY-MM-DD`"),
        );
    }
}

/// A choice has options; a scale's ends are in order.
fn question_is_answerable(survey: &Survey, question: &Question, out: &mut Vec<Diagnostic>) {
    let choice = matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple);
    let (low, high) = question.range();
    let problem = if choice && question.options.is_empty() {
        Some((
            Question::KIND,
            format!("a `{}` question without `options`", question.kind),
            "list the choices: `options = [\"...\", \"...\"]`",
        ))
    } else if question.kind == QuestionKind::Scale && low >= high {
        Some((
            Question::MAX,
            format!("a scale from {low} to {high}"),
            "the lowest point (`min`, default 1) must be below the highest (`max`, default 5)",
        ))
    } else {
        None
    };
    if let Some((field, what, help)) = problem {
        out.push(
            Diagnostic::new(
                Code::SurveyQuestionUnanswerable,
                question.at.of(field),
                format!(
                    "question `{}` of survey `{}` (\"{}\") is {what}",
                    question.id, survey.id, question.text
                ),
            )
            .help(help),
        );
    }
}

/// Each answer names a survey and question, fits the question, is kept as
/// the question says, and is by someone asked; each occasion someone
/// answered has its required questions.
fn answers_fit(surveys: &[Survey], entry: &Answers<'_>, out: &mut Vec<Diagnostic>) {
    let mut answered: BTreeMap<(&str, chrono::NaiveDate, &str), BTreeSet<&str>> = BTreeMap::new();
    let mut last_of: BTreeMap<(&str, chrono::NaiveDate, &str), &SurveyAnswer> = BTreeMap::new();
    for answer in entry.answers {
        let Some(survey) = surveys.iter().find(|s| s.id == answer.survey) else {
            let ids = surveys.iter().map(|s| s.id.as_str());
            out.push(
                Diagnostic::new(
                    Code::AnswerUnknownSurvey,
                    answer.at.of(SurveyAnswer::SURVEY),
                    format!("`{}` is not a survey of the programme", answer.survey),
                )
                .help(match crate::decode::did_you_mean(&answer.survey, ids) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => "the surveys are the `[[surveys]]` of programme.toml".into(),
                }),
            );
            continue;
        };
        let asked = (entry.asked)(survey, answer.occasion);
        if !asked.contains(&answer.by.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::AnswerNotAsked,
                    answer.at.of(SurveyAnswer::BY),
                    format!(
                        "`{}` answered survey `{}`, which {} does not ask of them",
                        answer.by, survey.id, entry.place
                    ),
                )
                .help(if asked.is_empty() {
                    "the survey asks nobody here: answer it in the pair's folder".to_string()
                } else {
                    format!("the survey asks {}", asked.join(" and "))
                }),
            );
        }
        let key = (survey.id.as_str(), answer.occasion, answer.by.as_str());
        last_of.insert(key, answer);
        let questions = answered.entry(key).or_default();
        let Some(question) = survey.question(&answer.question) else {
            let ids = survey.questions.iter().map(|q| q.id.as_str());
            out.push(
                Diagnostic::new(
                    Code::AnswerUnknownQuestion,
                    answer.at.of(SurveyAnswer::QUESTION),
                    format!(
                        "survey `{}` asks no question `{}`",
                        survey.id, answer.question
                    ),
                )
                .help(match crate::decode::did_you_mean(&answer.question, ids) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => format!(
                        "its questions are {}",
                        survey
                            .questions
                            .iter()
                            .map(|q| format!("`{}`", q.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            );
            continue;
        };
        if !questions.insert(question.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::AnswerRepeated,
                    answer.at.record,
                    format!(
                        "`{}` answered question `{}` of survey `{}` ({}) more than once: only the last answer counts",
                        answer.by, question.id, survey.id, answer.occasion
                    ),
                )
                .help("keep one entry per question and occasion: delete the earlier one (the results already count only this one)"),
            );
        }
        answer_fits(survey, question, answer, out);
    }
    for (key, questions) in &answered {
        let Some(survey) = surveys.iter().find(|s| s.id == key.0) else {
            continue;
        };
        for question in survey.questions.iter().filter(|q| q.is_required()) {
            if !questions.contains(question.id.as_str()) {
                let span = last_of.get(key).map_or(entry.record, |a| a.at.record);
                out.push(
                    Diagnostic::new(
                        Code::AnswerMissingRequired,
                        span,
                        format!(
                            "`{}` answered survey `{}` of {} without the required question `{}` (\"{}\")",
                            key.2, survey.id, key.1, question.id, question.text
                        ),
                    )
                    .help(format!("add an entry with `question: {}`", question.id)),
                );
            }
        }
    }
}

/// One answer against its question: a valid value, kept where the question says.
fn answer_fits(
    survey: &Survey,
    question: &Question,
    answer: &SurveyAnswer,
    out: &mut Vec<Diagnostic>,
) {
    let about = format!(
        "the answer to `{}` of survey `{}` (\"{}\")",
        question.id, survey.id, question.text
    );
    if !answer.is_given() && !answer.at.has(SurveyAnswer::ANSWER) {
        out.push(
            Diagnostic::new(
                Code::AnswerInvalid,
                answer.at.record,
                format!("{about} is empty"),
            )
            .help("write it under `private_answer` (confidential) or `answer`"),
        );
        return;
    }
    if let Some(why) = answer.text().and_then(|t| question.refuses(t)) {
        let field = if answer.answer.is_some() {
            SurveyAnswer::ANSWER
        } else {
            SurveyAnswer::PRIVATE_ANSWER
        };
        out.push(
            Diagnostic::new(
                Code::AnswerInvalid,
                answer.at.of(field),
                format!("{about}: {why}"),
            )
            .help(match question.kind {
                QuestionKind::Single | QuestionKind::Multiple => {
                    format!("choose from: {}", question.options.join(", "))
                }
                _ => "correct the answer".to_string(),
            }),
        );
    }
    if question.is_confidential() && answer.answer.is_some() {
        out.push(
            Diagnostic::new(
                Code::ConfidentialAnswerReadable,
                answer.at.of(SurveyAnswer::ANSWER),
                format!("{about} is confidential, and `answer` is readable by everyone with the repository"),
            )
            .help("rename the key to `private_answer`, then run `mentor seal`"),
        );
    }
}

//! `mentor import survey`: a Microsoft Forms or Google Forms export of a
//! survey's questions, turned into answers. Columns are matched to
//! questions by id or by the question's text (as `mentor survey form`
//! writes them), rows to people by e-mail, and each person's answers go to
//! the latest occasion their pair owes (or, for someone the survey asks
//! alone, the latest programme occasion, into their own file). Repeatable: an occasion already
//! answered is left as it is; of two responses from one address, the later
//! counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::import::table::Table;
use crate::model::{QuestionKind, Survey};
use crate::workspace::Workspace;

use super::{answered, asked_alone, asked_of, occasions, programme_occasions};

/// One person's answers to one occasion, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The pair the answers are given for; `None`: given alone (a person in
    /// no pair, asked at a programme occasion), into their own file.
    pub pair: Option<String>,
    pub person: String,
    pub occasion: NaiveDate,
    /// Question id to answer, as text (the options of a `multiple` one per line).
    pub answers: BTreeMap<String, String>,
    /// The day the form says the response was given (its timestamp or
    /// completion time column), never after the day of the import; `None`
    /// when the export has no such column: the import's day.
    pub answered_on: Option<NaiveDate>,
}

/// What an export holds for a survey.
#[derive(Debug, Default)]
pub struct Plan {
    pub imported: Vec<Imported>,
    /// Responses whose occasion was already answered: left as they are.
    pub already: usize,
    pub findings: Vec<Diagnostic>,
}

/// Form columns that carry no answer: the forms' own bookkeeping.
const BOOKKEEPING: &[&str] = &[
    "id",
    "timestamp",
    "start time",
    "completion time",
    "last modified time",
    "name",
    "total points",
    "quiz feedback",
];

fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', ':', '.'])
        .to_lowercase()
}

fn is_email_header(header: &str) -> bool {
    let h = normal(header);
    h == "email" || h.contains("e-mail") || h.contains("email")
}

/// The plan for `table` (read from `path`) on `today`; `Err` when the
/// export has no e-mail column to match people by.
pub fn plan(
    ws: &Workspace,
    survey: &Survey,
    table: &Table,
    map: &[(String, String)],
    path: &str,
    today: NaiveDate,
) -> Result<Plan, String> {
    let cell = |row: usize, column: usize| Location::Cell {
        path: path.to_string(),
        row,
        column,
    };
    let Some(email) = table.headers.iter().position(|h| is_email_header(h)) else {
        return Err(format!(
            "{path} has no e-mail column: answers are matched to people by e-mail address (`mentor survey form` asks for it first)"
        ));
    };
    let mut plan = Plan::default();
    let mapped = mapped_columns(survey, table, map, path, &mut plan.findings);
    let mut columns: Vec<(usize, &crate::model::Question)> = Vec::new();
    for (at, header) in table.headers.iter().enumerate() {
        // A column the map names answers its question; a question the map
        // names is answered by that column alone.
        let question = match mapped.iter().find(|(column, _)| *column == at) {
            Some((_, q)) => Some(*q),
            None => survey.questions.iter().find(|q| {
                !mapped.iter().any(|(_, m)| m.id == q.id)
                    && (normal(header) == normal(&q.id) || normal(header) == normal(&q.text))
            }),
        };
        match question {
            Some(q) => columns.push((at, q)),
            None if at == email || BOOKKEEPING.contains(&normal(header).as_str()) => {}
            None => plan.findings.push(
                Diagnostic::at(
                    Code::ImportSurveyExtraColumn,
                    cell(1, at + 1),
                    format!("column `{header}` is no question of survey `{}`: left out", survey.id),
                )
                .help("name the column by the question's id or its text (`mentor survey form` lists them)"),
            ),
        }
    }
    // The later response from an address replaces an earlier one.
    let mut latest: BTreeMap<String, usize> = BTreeMap::new();
    for (index, row) in table.rows.iter().enumerate() {
        let address = row.cell(email).to_lowercase();
        if let Some(earlier) = latest.insert(address.clone(), index) {
            plan.findings.push(Diagnostic::at(
                Code::ImportSurveySuperseded,
                cell(table.rows[earlier].number, email + 1),
                format!(
                    "a later response from {address} (row {}) replaces this one",
                    row.number
                ),
            ));
        }
    }
    let mut kept: Vec<usize> = latest.into_values().collect();
    kept.sort_unstable();
    for index in kept {
        let row = &table.rows[index];
        let address = row.cell(email);
        let Some((pair, person, occasion)) = owed_occasion(ws, survey, address, today) else {
            plan.findings.push(
                Diagnostic::at(
                    Code::ImportSurveyNotAsked,
                    cell(row.number, email + 1),
                    format!("{address} is no one survey `{}` has asked yet: row left out", survey.id),
                )
                .help("the address must be a participant's `email`, in a pair the survey has fallen due for or asked it alone"),
            );
            continue;
        };
        let given = match &pair {
            Some(pair) => ws.pair(pair).map(|e| e.survey_answers.as_slice()),
            None => Some(ws.own_answers(&person)),
        };
        if given.is_some_and(|answers| answered(answers, &survey.id, occasion, &person)) {
            plan.already += 1;
            continue;
        }
        let mut answers = BTreeMap::new();
        let mut fits = true;
        for &(at, question) in &columns {
            let text = answer_text(question, row.cell(at));
            if text.is_empty() {
                if question.is_required() {
                    fits = false;
                    plan.findings.push(Diagnostic::at(
                        Code::ImportSurveyMissingAnswer,
                        cell(row.number, at + 1),
                        format!(
                            "{address} left out the required question `{}` (\"{}\")",
                            question.id, question.text
                        ),
                    ));
                }
                continue;
            }
            if let Some(why) = question.refuses(&text) {
                fits = false;
                plan.findings.push(Diagnostic::at(
                    Code::ImportSurveyInvalidAnswer,
                    cell(row.number, at + 1),
                    format!("\"{}\" (`{}`): {why}", question.text, question.id),
                ));
                continue;
            }
            answers.insert(question.id.clone(), text);
        }
        for question in survey.questions.iter().filter(|q| q.is_required()) {
            if fits && !columns.iter().any(|(_, q)| q.id == question.id) {
                fits = false;
                plan.findings.push(Diagnostic::at(
                    Code::ImportSurveyMissingAnswer,
                    cell(row.number, 0),
                    format!(
                        "the export has no column for the required question `{}` (\"{}\")",
                        question.id, question.text
                    ),
                ));
            }
        }
        if fits && !answers.is_empty() {
            plan.imported.push(Imported {
                pair,
                person,
                occasion,
                answers,
                answered_on: answered_on(table, row, today),
            });
        }
    }
    Ok(plan)
}

/// The day a response was given, from the form's own timestamp column
/// (Google Forms' `Timestamp`, Microsoft Forms' `Completion time`), up to
/// `today`: a clock ahead of the import's day does not date it later.
fn answered_on(
    table: &Table,
    row: &crate::import::table::Row,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let column = table
        .headers
        .iter()
        .position(|h| matches!(normal(h).as_str(), "timestamp" | "completion time"))?;
    crate::import::timestamp::parse_timestamp(row.cell(column), None)
        .map(|moment| moment.date().min(today))
}

/// The columns `map` (`QUESTION=COLUMN`) names for questions, by header
/// as the export writes it (spacing, case and a closing `?` aside); a
/// question or column that is not there is a finding listing those that are.
fn mapped_columns<'s>(
    survey: &'s Survey,
    table: &Table,
    map: &[(String, String)],
    path: &str,
    findings: &mut Vec<Diagnostic>,
) -> Vec<(usize, &'s crate::model::Question)> {
    let mut mapped = Vec::new();
    for (question, column) in map {
        let Some(q) = survey.question(question) else {
            let known: Vec<String> = survey
                .questions
                .iter()
                .map(|q| format!("`{}`", q.id))
                .collect();
            findings.push(
                Diagnostic::for_path(
                    Code::ImportSurveyMapUnknownQuestion,
                    path.to_string(),
                    format!(
                        "`--map {question}={column}`: survey `{}` asks no question `{question}`",
                        survey.id
                    ),
                )
                .help(format!("its questions are {}", known.join(", "))),
            );
            continue;
        };
        match table
            .headers
            .iter()
            .position(|h| normal(h) == normal(column))
        {
            Some(at) => mapped.push((at, q)),
            None => {
                let known: Vec<String> = table
                    .headers
                    .iter()
                    .map(|h| format!("`{}`", crate::text::visible(h)))
                    .collect();
                findings.push(
                    Diagnostic::for_path(
                        Code::ImportSurveyMapUnknownColumn,
                        path.to_string(),
                        format!("`--map {question}={column}`: {path} has no column `{column}`"),
                    )
                    .help(format!("its columns are {}", known.join(", "))),
                );
            }
        }
    }
    mapped
}

/// The pair (`None`: alone), person and latest occasion that `address`
/// owes `survey`: the latest of their pairs' occasions and the programme
/// occasions the survey asks them alone.
fn owed_occasion(
    ws: &Workspace,
    survey: &Survey,
    address: &str,
    today: NaiveDate,
) -> Option<(Option<String>, String, NaiveDate)> {
    let programme = ws.programme.as_ref()?;
    let person = &ws.people[ws
        .resolve_person(address)
        .filter(|_| address.contains('@'))?];
    let id = person.id.as_str();
    let in_pairs = ws
        .pairs
        .iter()
        .filter(|e| asked_of(survey, &e.pair).contains(&id))
        .filter_map(|e| {
            let latest = occasions(survey, &e.pair, programme, today).pop()?;
            Some((Some(e.id.clone()), latest.date))
        });
    let alone = programme_occasions(survey, programme, today)
        .into_iter()
        .filter(|o| asked_alone(ws, survey, o.date).contains(&id))
        .map(|o| (None, o.date));
    in_pairs
        .chain(alone)
        .max_by_key(|(_, date)| *date)
        .map(|(pair, date)| (pair, id.to_string(), date))
}

/// A cell as an answer: a `multiple` question's choices (Microsoft Forms
/// separates them with `;`, Google Forms with `, `) one per line.
fn answer_text(question: &crate::model::Question, cell: &str) -> String {
    if question.kind != QuestionKind::Multiple {
        return cell.trim().to_string();
    }
    let parts = |separator: &str| -> Vec<String> {
        cell.split(separator)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    let by_semicolon = parts(";");
    let known = |ps: &[String]| ps.iter().all(|p| question.options.contains(p));
    let chosen = if known(&by_semicolon) {
        by_semicolon
    } else {
        parts(",")
    };
    chosen.join("\n")
}

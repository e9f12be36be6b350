//! `mentor survey answer|status|results`: a member answers a survey
//! occasion (on the terminal, or from a file for scripts), the coordinator
//! sees who owes which survey and what the answers add up to.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::Outcome;
use crate::cli::{SurveyAnswerArgs, SurveyCommand, SurveyResultsArgs, SurveyStatusArgs};
use crate::commands::answers::{AnswerOccasion, find_survey};
use crate::commands::{find_pair, load, load_valid, open_sealed};
use crate::edit::{apply, lock, survey_answers_change};
use crate::load::display_path;
use crate::model::{Question, QuestionKind, Survey};
use crate::node::{Node, Syntax, Value};
use crate::output::Output;
use crate::settings::Settings;
use crate::survey::{
    answered, asked_alone, asked_of, occasions, owed, programme_occasions, results,
};
use crate::workspace::{PairEntry, Workspace};

pub fn run(command: &SurveyCommand, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    match command {
        SurveyCommand::Answer(args) => answer(args, settings, out),
        SurveyCommand::Status(args) => status(args, settings, out),
        SurveyCommand::Results(args) => show_results(args, settings, out),
        SurveyCommand::Form(args) => {
            let ws = load_valid(&args.dir.dir, settings)?;
            let survey = find_survey(&ws, &args.survey)?;
            out.print(&crate::render::survey::form(survey))?;
            Ok(Outcome::Success)
        }
    }
}

fn status(args: &SurveyStatusArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let ws = load_valid(&args.dir.dir, settings)?;
    if let Some(id) = &args.survey {
        find_survey(&ws, id)?;
    }
    let today = args.as_of.unwrap_or(settings.today);
    let owed = owed(&ws, args.survey.as_deref(), today);
    out.print(&crate::render::survey::status(&owed, today))?;
    Ok(Outcome::Success)
}

fn show_results(
    args: &SurveyResultsArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let mut ws = load_valid(&args.dir.dir, settings)?;
    open_sealed(&mut ws, &args.identity, settings, out)?;
    let survey = find_survey(&ws, &args.survey)?;
    let today = args.as_of.unwrap_or(settings.today);
    let results = results(&ws, survey, today);
    out.print(&crate::render::survey::results(survey, &results, today))?;
    Ok(Outcome::Success)
}

fn answer(args: &SurveyAnswerArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let survey = find_survey(&ws, &args.survey)?;
    let person = args.person.as_str();
    let entry = match &args.pair {
        Some(pair) => Some(find_pair(&ws, pair)?),
        None => None,
    };
    let (occasion, given_before) = match entry {
        Some(entry) => {
            let asked = asked_of(survey, &entry.pair);
            if !asked.contains(&person) {
                bail!(
                    "survey `{}` asks {} of pair `{}`, not `{person}`",
                    survey.id,
                    asked.join(" and "),
                    entry.id
                );
            }
            let occasion = occasion_of(&ws, survey, entry, args.occasion, settings.today)?;
            (occasion, &entry.survey_answers[..])
        }
        None => (
            occasion_alone(&ws, survey, person, args.occasion, settings.today)?,
            ws.own_answers(person),
        ),
    };
    if answered(given_before, &survey.id, occasion, person) {
        bail!(
            "`{person}` has already answered survey `{}` of {occasion}{}",
            survey.id,
            entry.map_or_else(String::new, |e| format!(" for pair `{}`", e.id))
        );
    }
    let date = args.date.unwrap_or(settings.today);
    // The keys are checked before any question is asked, so nobody types
    // answers that cannot be kept.
    let occasion_of_person = AnswerOccasion {
        survey,
        entry,
        person,
        occasion,
    };
    let sealings = occasion_of_person.sealings(&ws)?;
    let given = match &args.answers {
        Some(path) => answers_from_file(path)?,
        None if settings.interactive => ask_on_terminal(survey, out)?,
        None => answers_from_file(Path::new("-"))?,
    };
    check_answers(survey, &given)?;
    let entries = occasion_of_person.entries(&given, &sealings, date)?;
    if entries.is_empty() {
        bail!("nothing written: no question was answered");
    }
    let change = survey_answers_change(&ws, entry.map(|e| e.id.as_str()), person, &entries)?;
    let path = change.path.clone();
    apply(&lock, &ws, &[change], settings.today)?;
    let sealed = if sealings.values().any(Option::is_some) {
        ", confidential answers sealed for them and the coordinators"
    } else {
        ""
    };
    out.print(&format!(
        "Recorded {} of {person} to survey `{}` of {occasion} in {}{sealed}.\n",
        crate::text::count(entries.len(), "answer"),
        survey.id,
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

/// The occasion answered: the one asked for, if the survey falls due then
/// for this pair, else the latest that has.
fn occasion_of(
    ws: &Workspace,
    survey: &Survey,
    entry: &PairEntry,
    wanted: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate> {
    let programme = ws.programme.as_ref().context("the programme is loaded")?;
    let due = occasions(survey, &entry.pair, programme, today);
    let listed = || {
        due.iter()
            .map(|o| format!("{} ({})", o.date, o.label))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (wanted, due.last()) {
        (Some(day), _) if due.iter().any(|o| o.date == day) => Ok(day),
        (_, None) => bail!(
            "survey `{}` has not fallen due for pair `{}` as of {today}",
            survey.id,
            entry.id
        ),
        (Some(day), Some(_)) => bail!(
            "survey `{}` did not fall due for pair `{}` on {day}: its occasions are {}",
            survey.id,
            entry.id,
            listed()
        ),
        (None, Some(latest)) => Ok(latest.date),
    }
}

/// The occasion a person answers alone: the one asked for, if the survey
/// asked it of them in no pair, else the latest that did.
fn occasion_alone(
    ws: &Workspace,
    survey: &Survey,
    person: &str,
    wanted: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate> {
    let programme = ws.programme.as_ref().context("the programme is loaded")?;
    if ws.person(person).is_none() {
        bail!("the programme has no person `{person}`");
    }
    let theirs: Vec<NaiveDate> = programme_occasions(survey, programme, today)
        .into_iter()
        .map(|o| o.date)
        .filter(|date| asked_alone(ws, survey, *date).contains(&person))
        .collect();
    match (wanted, theirs.last()) {
        (Some(day), _) if theirs.contains(&day) => Ok(day),
        (None, Some(latest)) => Ok(*latest),
        _ => bail!(
            "survey `{}` has not asked `{person}` outside a pair{}: answer it for their pair with `--pair PAIR`",
            survey.id,
            wanted.map_or_else(|| format!(" as of {today}"), |day| format!(" on {day}"))
        ),
    }
}

/// Every answer names a question of the survey and fits it, and every
/// required question is answered: said with the question's text.
fn check_answers(survey: &Survey, given: &BTreeMap<String, String>) -> Result<()> {
    let mut problems = Vec::new();
    for (id, text) in given {
        match survey.question(id) {
            None => problems.push(format!("survey `{}` asks no question `{id}`", survey.id)),
            Some(q) => {
                if let Some(why) = q.refuses(text) {
                    problems.push(format!("\"{}\" (`{id}`): {why}", q.text));
                }
            }
        }
    }
    for q in survey.questions.iter().filter(|q| q.is_required()) {
        if !given.contains_key(&q.id) {
            problems.push(format!("\"{}\" (`{}`) is required", q.text, q.id));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    bail!("nothing written:\n  {}", problems.join("\n  "))
}

/// Answers from a YAML or TOML table of question id to answer (`-` reads
/// standard input, as YAML).
fn answers_from_file(path: &Path) -> Result<BTreeMap<String, String>> {
    let (name, text) = if path == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("cannot read the answers from standard input")?;
        ("standard input".to_string(), text)
    } else {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the answers `{}`", path.display()))?;
        (path.display().to_string(), text)
    };
    let syntax = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Syntax::Toml,
        _ => Syntax::Yaml,
    };
    let file = crate::source::SourceFile::new(name.clone().into(), name.clone(), text);
    let node = crate::node::parse(&file, syntax).map_err(|errors| {
        anyhow::anyhow!(
            "{name} is not a valid table of answers: {}",
            errors.first().map_or("", |e| e.message.as_str())
        )
    })?;
    let Value::Map(entries) = node.value else {
        bail!("{name} must be a table of question id to answer, such as `score: 4`");
    };
    let mut answers = BTreeMap::new();
    for (key, value) in entries {
        answers.insert(key.name.clone(), answer_text(&key.name, &value)?);
    }
    Ok(answers)
}

/// One answer of a file as text: lists one item per line.
fn answer_text(question: &str, node: &Node) -> Result<String> {
    Ok(match &node.value {
        Value::Int(i) => i.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(items) => {
            let mut lines = Vec::new();
            for item in items {
                lines.push(answer_text(question, item)?);
            }
            lines.join("\n")
        }
        other => bail!(
            "the answer to `{question}` must be a number, text or a list, found {}",
            other.describe()
        ),
    })
}

/// Each question asked on the terminal, in order, until its answer fits;
/// an empty line skips a question that is not required.
fn ask_on_terminal(survey: &Survey, out: &mut Output) -> Result<BTreeMap<String, String>> {
    let mut answers = BTreeMap::new();
    out.note(&format!("{}\n", crate::text::visible(&survey.title)))?;
    for question in &survey.questions {
        out.note(&format!("{}\n", prompt(question)))?;
        loop {
            out.note("> ")?;
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line)? == 0 {
                bail!(
                    "nothing written: the answers ended before \"{}\"",
                    question.text
                );
            }
            let text = match question.kind {
                QuestionKind::Multiple => line
                    .split(',')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => line.trim().to_string(),
            };
            if text.trim().is_empty() && !question.is_required() {
                break;
            }
            match question.refuses(&text) {
                Some(why) if !text.trim().is_empty() => out.note(&format!("  {why}\n"))?,
                None if !text.trim().is_empty() => {
                    answers.insert(question.id.clone(), text);
                    break;
                }
                _ => out.note("  an answer is required\n")?,
            }
        }
    }
    Ok(answers)
}

/// A question as the terminal asks it, with how to answer.
fn prompt(question: &Question) -> String {
    let how = match question.kind {
        QuestionKind::Scale => {
            let (low, high) = question.range();
            match question.labels.as_slice() {
                [first, .., last] => format!("{low} ({first}) to {high} ({last})"),
                _ => format!("{low} to {high}"),
            }
        }
        QuestionKind::Single => format!("one of: {}", question.options.join(", ")),
        QuestionKind::Multiple => {
            format!("any of, comma-separated: {}", question.options.join(", "))
        }
        QuestionKind::Number => "a number".into(),
        QuestionKind::Text => "free text".into(),
    };
    let required = if question.is_required() {
        ""
    } else {
        "; empty to skip"
    };
    let private = if question.is_confidential() {
        ", confidential"
    } else {
        ""
    };
    crate::text::visible(&format!("{} [{how}{required}{private}]", question.text)).into_owned()
}

//! `mentor survey status` and `mentor survey results` as text. Free text
//! answers are never shown: only how many there are.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::{QuestionKind, Survey};
use crate::survey::{Owed, SurveyResults};
use crate::text::visible;

/// Who owes which survey, one line each, overdue ones marked.
pub fn status(owed: &[Owed<'_>], today: NaiveDate) -> String {
    if owed.is_empty() {
        return format!("No survey is owed as of {today}.\n");
    }
    let mut text = format!("Surveys owed as of {today} ({}):\n", owed.len());
    let width = |cell: &dyn Fn(&Owed<'_>) -> usize| owed.iter().map(cell).max().unwrap_or(0);
    let survey = width(&|o| o.survey.id.chars().count());
    fn place<'o>(o: &Owed<'o>) -> &'o str {
        o.pair.unwrap_or("(no pair)")
    }
    let pair = width(&|o| place(o).chars().count());
    let person = width(&|o| o.person.chars().count());
    for o in owed {
        let _ = writeln!(
            text,
            "  {:<survey$} {:<pair$} {:<person$} due since {} ({}){}",
            visible(&o.survey.id),
            visible(place(o)),
            visible(o.person),
            o.occasion.date,
            o.occasion.label,
            if o.overdue { "  OVERDUE" } else { "" }
        );
    }
    let _ = writeln!(
        text,
        "Answer with `mentor survey answer SURVEY --pair PAIR --as ID`{}.",
        if owed.iter().any(|o| o.pair.is_none()) {
            " (`--person ID` alone for \"(no pair)\")"
        } else {
            ""
        }
    );
    text
}

/// A survey's response rates and per-question results.
pub fn results(survey: &Survey, results: &SurveyResults, today: NaiveDate) -> String {
    let mut text = format!(
        "{} (`{}`), as of {today}\n\nResponse rate by occasion:\n",
        visible(&survey.title),
        visible(&survey.id)
    );
    if results.rates.is_empty() {
        text.push_str("  not asked yet\n");
    }
    for rate in &results.rates {
        let percent = rate
            .rate()
            .map_or_else(String::new, |r| format!(" ({:.0}%)", r * 100.0));
        let _ = writeln!(
            text,
            "  {:<16} {} of {} answered{percent}",
            rate.label, rate.answered, rate.asked
        );
    }
    text.push_str("\nQuestions:\n");
    for q in &results.questions {
        let _ = writeln!(
            text,
            "  {} ({}): {}",
            visible(&q.id),
            q.kind,
            visible(&q.text)
        );
        let sealed = if q.sealed > 0 {
            format!(
                "; {} sealed, not counted (give a coordinator's --identity)",
                q.sealed
            )
        } else {
            String::new()
        };
        let _ = writeln!(text, "    n = {}{sealed}", q.n);
        if q.kind == QuestionKind::Text {
            text.push_str("    free text is never shown\n");
            continue;
        }
        if let Some(mean) = q.mean {
            let _ = writeln!(text, "    mean {mean:.2}");
        }
        // Once anyone answered, every choice is listed, a 0 included (a
        // choice nobody made is a finding); before, a table of zeros says nothing.
        if q.n == 0 {
            if !q.distribution.is_empty() {
                text.push_str("    no answers yet\n");
            }
            continue;
        }
        for (point, count) in &q.distribution {
            let _ = writeln!(text, "    {:<24} {count}", visible(point));
        }
    }
    text
}

/// A survey's questions as Markdown, numbered in order, each with how it
/// is answered and its id (the column a Forms export gives it), after a
/// first question asking for the e-mail address answers are matched by.
pub fn form(survey: &Survey) -> String {
    let mut text = format!(
        "# {}\n\nSurvey `{}`. Your answers to questions marked *confidential* are read by you and the programme coordinators only.\n\n1. **Your e-mail address** (required; `email`)\n",
        visible(&survey.title),
        visible(&survey.id)
    );
    for (n, q) in survey.questions.iter().enumerate() {
        let how = match q.kind {
            QuestionKind::Scale => {
                let (low, high) = q.range();
                match q.labels.as_slice() {
                    [first, .., last] => format!("rating from {low} ({first}) to {high} ({last})"),
                    _ => format!("rating from {low} to {high}"),
                }
            }
            QuestionKind::Single => "choose one".to_string(),
            QuestionKind::Multiple => "choose any".to_string(),
            QuestionKind::Number => "a number".to_string(),
            QuestionKind::Text => "free text".to_string(),
        };
        let mut notes = vec![how];
        if q.is_required() {
            notes.push("required".into());
        }
        if q.is_confidential() {
            notes.push("*confidential*".into());
        }
        notes.push(format!("`{}`", visible(&q.id)));
        let _ = writeln!(
            text,
            "{}. **{}** ({})",
            n + 2,
            visible(&q.text),
            notes.join("; ")
        );
        for option in &q.options {
            let _ = writeln!(text, "   - {}", visible(option));
        }
    }
    text
}

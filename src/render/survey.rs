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
    let pair = width(&|o| o.pair.chars().count());
    let person = width(&|o| o.person.chars().count());
    for o in owed {
        let _ = writeln!(
            text,
            "  {:<survey$} {:<pair$} {:<person$} due since {} ({}){}",
            visible(&o.survey.id),
            visible(o.pair),
            visible(o.person),
            o.occasion.date,
            o.occasion.label,
            if o.overdue { "  OVERDUE" } else { "" }
        );
    }
    let _ = writeln!(
        text,
        "Answer with `mentor survey answer SURVEY --pair PAIR --as ID`."
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
        for (point, count) in &q.distribution {
            let _ = writeln!(text, "    {:<24} {count}", visible(point));
        }
    }
    text
}

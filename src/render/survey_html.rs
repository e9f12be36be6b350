//! The HTML report's "What participants said": per survey the response
//! rate by occasion and, per question, how many answered, the mean and the
//! distribution; then the match-quality trend by month. Free text is never
//! shown. Sealed answers are counted only once the coordinator's identity
//! opens them (else the page says how many are sealed). On the HR page a
//! count under `[privacy] min_group` is withheld, as in the breakdowns.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::{QuestionKind, Survey};
use crate::survey::{MATCH_QUALITY, MonthMean, QuestionResult, SurveyResults};
use crate::text::html as escape;
use crate::workspace::Workspace;

/// The smallest count the page shows: none for the coordinator, `[privacy]
/// min_group` for HR.
#[derive(Clone, Copy)]
struct Withhold(Option<usize>);

impl Withhold {
    fn hides(self, count: usize) -> bool {
        self.0.is_some_and(|k| count > 0 && count < k)
    }

    fn cell(self, count: usize) -> String {
        match self.0 {
            Some(k) if self.hides(count) => format!("fewer than {k}"),
            _ => count.to_string(),
        }
    }
}

/// The section, or nothing when the programme declares no survey.
/// `min_group` is `Some(k)` on the HR page.
pub fn section(ws: &Workspace, as_of: NaiveDate, min_group: Option<usize>) -> String {
    let Some(programme) = &ws.programme else {
        return String::new();
    };
    if programme.surveys.is_empty() {
        return String::new();
    }
    let withhold = Withhold(min_group);
    let mut body = String::from(
        "<h2>What participants said</h2><p class=\"note\">Free-text answers are never shown here.",
    );
    if let Some(k) = min_group {
        let _ = write!(body, " A count under {k} is withheld.");
    }
    body.push_str("</p>");
    for survey in &programme.surveys {
        let results = crate::survey::results(ws, survey, as_of);
        survey_block(&mut body, survey, &results, withhold);
    }
    let trend =
        crate::survey::monthly_means(Some(programme), ws.pairs.iter(), MATCH_QUALITY, as_of);
    trend_table(&mut body, &trend, withhold);
    body
}

fn survey_block(body: &mut String, survey: &Survey, results: &SurveyResults, withhold: Withhold) {
    let _ = write!(body, "<h3>{}</h3>", escape(&survey.title));
    if results.rates.is_empty() {
        body.push_str("<p>Not asked yet.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Occasion</th><th>Asked</th><th>Answered</th><th>Response rate</th></tr></thead><tbody>");
        for rate in &results.rates {
            let percent = match rate.rate() {
                Some(_) if withhold.hides(rate.answered) => "withheld".to_string(),
                Some(r) => format!("{:.0}%", r * 100.0),
                None => "–".to_string(),
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{percent}</td></tr>",
                escape(&rate.label),
                rate.asked,
                withhold.cell(rate.answered)
            );
        }
        body.push_str("</tbody></table>");
    }
    for question in results
        .questions
        .iter()
        .filter(|q| q.kind != QuestionKind::Text)
    {
        question_block(body, question, withhold);
    }
}

fn question_block(body: &mut String, q: &QuestionResult, withhold: Withhold) {
    let _ = write!(
        body,
        "<p><b>{}</b> n = {}",
        escape(&q.text),
        withhold.cell(q.n)
    );
    if q.sealed > 0 {
        let _ = write!(
            body,
            "; {} sealed, not counted (the coordinator's identity opens them)",
            q.sealed
        );
    }
    // Too few answers for HR: neither a mean nor a distribution of them.
    if withhold.hides(q.n) {
        body.push_str("</p>");
        return;
    }
    if let Some(mean) = q.mean {
        let _ = write!(body, "; mean {mean:.2}");
    }
    body.push_str("</p>");
    // Every choice is listed once anyone answered, a 0 included; before,
    // a table of zeros says nothing.
    if q.distribution.is_empty() || q.n == 0 {
        return;
    }
    let hidden = hidden_cells(&q.distribution, withhold);
    body.push_str("<table><tbody>");
    for (i, (point, count)) in q.distribution.iter().enumerate() {
        let shown = if hidden.contains(&i) {
            format!("fewer than {}", withhold.0.unwrap_or(0))
        } else {
            count.to_string()
        };
        let _ = write!(body, "<tr><td>{}</td><td>{shown}</td></tr>", escape(point));
    }
    body.push_str("</tbody></table>");
}

/// The distribution cells withheld: each small one, and when only one is,
/// the smallest other answered one too, so that it cannot be worked out
/// from n (complementary suppression, as the breakdowns do).
fn hidden_cells(distribution: &[(String, usize)], withhold: Withhold) -> Vec<usize> {
    let mut hidden: Vec<usize> = (0..distribution.len())
        .filter(|i| withhold.hides(distribution[*i].1))
        .collect();
    if hidden.len() == 1
        && let Some(second) = (0..distribution.len())
            .filter(|i| !hidden.contains(i) && distribution[*i].1 > 0)
            .min_by_key(|i| distribution[*i].1)
    {
        hidden.push(second);
    }
    hidden
}

fn trend_table(body: &mut String, trend: &[MonthMean], withhold: Withhold) {
    if trend.is_empty() {
        return;
    }
    body.push_str("<h3>Match quality over the programme</h3><table><thead><tr><th>Month</th><th>Answers</th><th>Mean score</th></tr></thead><tbody>");
    for month in trend {
        let mean = match month.mean {
            _ if withhold.hides(month.n) => "withheld".to_string(),
            Some(mean) => format!("{mean:.2}"),
            None => "–".to_string(),
        };
        let sealed = if month.sealed > 0 {
            format!(" ({} sealed, not counted)", month.sealed)
        } else {
            String::new()
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}{sealed}</td><td>{mean}</td></tr>",
            escape(&super::month_name(&month.month)),
            withhold.cell(month.n)
        );
    }
    body.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_small_cell_takes_a_second_with_it() {
        let cells = |counts: &[usize]| -> Vec<(String, usize)> {
            counts.iter().map(|c| (String::new(), *c)).collect()
        };
        let k = Withhold(Some(5));
        assert_eq!(hidden_cells(&cells(&[0, 6, 2, 9]), k), [2, 1]);
        assert_eq!(hidden_cells(&cells(&[1, 6, 2, 9]), k), [0, 2]);
        assert!(hidden_cells(&cells(&[1, 6, 2]), Withhold(None)).is_empty());
    }
}

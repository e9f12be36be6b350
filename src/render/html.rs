//! `report --format html`: one self-contained page for the coordinator and
//! HR. Inline CSS and hand-written SVG (no script, no font, no image, no
//! request of any kind; readable offline; A4 when printed). Charts are
//! plain generated SVG rather than a plotting crate: a few bars need no
//! dependency, and the markup stays accessible (a title, a text
//! alternative, and the numbers beside the bars). Colours are the Okabe-Ito
//! palette, safe for colour-blind readers. Only aggregates, the overview
//! and (for the coordinator) the attention list: never a private field.

use std::fmt::Write;

use crate::indicators::{Figure, Indicator};
use crate::report::{Month, Overview, Report};
use crate::text::html as escape;
use crate::workspace::Workspace;

/// Who the page is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everything, with the attention list naming people.
    Coordinator,
    /// Totals and charts only: no names, no pair ids.
    Hr,
}

const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const GREEN: &str = "#009E73";
const GREY: &str = "#999999";

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}\
.sub{color:#555;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #ccc;border-radius:6px;padding:.6rem .9rem;min-width:9rem}\
.card b{display:block;font-size:1.5rem}figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:.3rem}\
svg text{font-size:12px;fill:#1a1a1a}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}\
.legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}\
td small{display:block;color:#666}.note{color:#555;font-size:.9rem}.met{color:#006b4f;font-weight:600}.not-met{color:#a33;font-weight:600}\
tr,.card,.narrative{break-inside:avoid}thead{display:table-header-group}td,th,.card,figcaption{overflow-wrap:break-word}table.indicators{table-layout:fixed}\
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}}";

fn figure(indicators: &[Indicator], id: &str) -> Figure {
    indicators
        .iter()
        .find(|i| i.id == id)
        .map_or(Figure::Missing, |i| i.value)
}

fn shown(value: Figure) -> String {
    match value {
        Figure::Missing => "–".into(),
        other => other.cell(),
    }
}

/// A horizontal bar chart: one bar per row, its value written beside it.
/// A long label wraps onto more lines, and its row grows to hold them:
/// a clipped label ("rking with academics…") says nothing.
fn bars(id: &str, title: &str, rows: &[(String, f64, &str)], unit: &str) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let label_width = 240.0;
    let width = 560.0;
    let line_height = 14.0;
    let labels: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r.0)).collect();
    let row_height = |lines: usize| 24.0 + line_height * (lines.max(1) - 1) as f64;
    let height = labels.iter().map(|l| row_height(l.len())).sum::<f64>() + 10.0;
    let desc: Vec<String> = rows
        .iter()
        .map(|(label, value, _)| format!("{label}: {} {unit}", number(*value)))
        .collect();
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {} {height}\" width=\"100%\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        label_width + width + 60.0,
        escape(title),
        escape(&desc.join("; "))
    );
    let mut y = 5.0;
    for ((_, value, colour), lines) in rows.iter().zip(&labels) {
        let h = row_height(lines.len());
        let w = (value / max * width).max(if *value > 0.0 { 1.0 } else { 0.0 });
        let mut label = String::new();
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                label,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                label_width - 6.0,
                if n == 0 { 0.0 } else { line_height },
                escape(line)
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text><rect x=\"{label_width}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_width - 6.0,
            y + 15.0,
            h - 6.0,
            label_width + w + 5.0,
            y + 15.0,
            number(*value)
        );
        y += h;
    }
    svg.push_str("</svg>");
    format!(
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape(title)
    )
}

/// Stacked columns per month: pairs proposed, active and closed at each month end.
fn stages(months: &[Month]) -> String {
    let title = "Pairs by stage at each month end";
    let height = 180.0;
    // Columns share a fixed width, so a short programme is not drawn huge.
    let column = (700.0 / months.len().max(1) as f64).min(60.0);
    let max = months
        .iter()
        .map(|m| m.proposed + m.active + m.closed)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let desc: Vec<String> = months
        .iter()
        .map(|m| {
            format!(
                "{}: {} proposed, {} active, {} closed",
                super::month_name(&m.label),
                m.proposed,
                m.active,
                m.closed
            )
        })
        .collect();
    let width = 720.0;
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"stages-t stages-d\" viewBox=\"0 0 {width} {}\" width=\"100%\"><title id=\"stages-t\">{title}</title><desc id=\"stages-d\">{}</desc>",
        height + 40.0,
        escape(&desc.join("; "))
    );
    for (i, m) in months.iter().enumerate() {
        let x = 10.0 + i as f64 * column;
        let mut y = height;
        for (count, colour) in [(m.closed, GREY), (m.active, BLUE), (m.proposed, ORANGE)] {
            let h = count as f64 / max * (height - 20.0);
            if count > 0 {
                y -= h;
                let _ = write!(
                    svg,
                    "<rect x=\"{x}\" y=\"{y:.1}\" width=\"{}\" height=\"{h:.1}\" fill=\"{colour}\"/>",
                    column - 8.0
                );
            }
        }
        let total = m.proposed + m.active + m.closed;
        let name = super::month_name(&m.label);
        let (month, year) = name.split_once(' ').unwrap_or((name.as_str(), ""));
        let _ = write!(
            svg,
            // `Dec` over `2025`: a whole month name fits a narrow column
            // that way.
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{total}</text><text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}<tspan x=\"{:.1}\" dy=\"14\">{}</tspan></text>",
            x + (column - 8.0) / 2.0,
            y - 4.0,
            x + (column - 8.0) / 2.0,
            height + 16.0,
            escape(month),
            x + (column - 8.0) / 2.0,
            escape(year)
        );
    }
    svg.push_str("</svg>");
    format!(
        "<figure><figcaption>{title}</figcaption><p class=\"legend\"><span><i class=\"swatch\" style=\"background:{ORANGE}\"></i>proposed</span><span><i class=\"swatch\" style=\"background:{BLUE}\"></i>active</span><span><i class=\"swatch\" style=\"background:{GREY}\"></i>closed</span></p>{svg}</figure>"
    )
}

/// A label in lines that fit beside its bar (38 characters), broken
/// between words; a word longer than a line is broken inside it.
fn wrap(label: &str) -> Vec<String> {
    const WIDTH: usize = 38;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > WIDTH {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..WIDTH).collect());
        }
        let word: String = word.into_iter().collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn number(x: f64) -> String {
    super::plain_number(x)
}

/// The page.
pub fn page(ws: &Workspace, report: &Report, months: &[Month], audience: Audience) -> String {
    let o = &report.overview;
    // Past the programme's end, every figure on the page is of its own
    // dates (a table of the days since would disagree with the headline).
    let headline = report.headline();
    let ind = &headline.indicators;
    let mut body = String::new();
    title(&mut body, o, audience);
    match &report.ended {
        Some(ended) => period_cards(&mut body, o, ended),
        None => overview_cards(&mut body, o, ind),
    }
    outcomes(&mut body, ws, &headline.indicators);
    funnel(&mut body, headline);
    body.push_str("<h2>Pairs and meetings</h2>");
    body.push_str(&stages(months));
    let meetings: Vec<(String, f64, &str)> = months
        .iter()
        .map(|m| (super::month_name(&m.label), m.meetings as f64, BLUE))
        .collect();
    body.push_str(&bars(
        "meetings",
        "Meetings per month",
        &meetings,
        "meetings",
    ));
    let hours: Vec<(String, f64, &str)> = months
        .iter()
        .map(|m| (super::month_name(&m.label), m.hours, GREEN))
        .collect();
    body.push_str(&bars("hours", "Meeting hours per month", &hours, "hours"));
    goals(&mut body, ind);
    skills(&mut body, ws, report);
    satisfaction(&mut body, ind);
    breakdowns(&mut body, report);
    indicator_table(&mut body, ind);
    let min_group = (audience == Audience::Hr).then(|| {
        ws.programme
            .as_ref()
            .map_or(crate::model::DEFAULT_MIN_GROUP, |p| p.min_group())
    });
    body.push_str(&super::survey_html::section(
        ws,
        report.figures.period.as_of,
        min_group,
    ));
    if audience == Audience::Coordinator {
        attention(&mut body, report);
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>\n",
        escape(&o.name)
    )
}

/// The programme's name, dates and whom the page is for.
fn title(body: &mut String, o: &Overview, audience: Audience) {
    let org = o
        .organisation
        .as_deref()
        .map_or_else(String::new, |org| format!(" — {}", escape(org)));
    let _ = write!(
        body,
        "<h1>{}</h1><p class=\"sub\">{}{org} · as of {} · {}</p>",
        escape(&o.name),
        match (o.start, o.end) {
            (Some(s), Some(e)) => format!("{s} to {e}"),
            _ => String::new(),
        },
        o.as_of,
        match audience {
            Audience::Coordinator => "for the coordinator",
            Audience::Hr => "for HR: totals only",
        }
    );
}

fn overview_cards(body: &mut String, o: &Overview, ind: &[Indicator]) {
    body.push_str("<h2>Overview</h2><div class=\"cards\">");
    // A state is of one day, and says which; the rest are totals so far.
    let on = |what: &str| format!("{what} on {}", o.as_of);
    let cards = [
        (on("Mentors active"), o.mentors_active.to_string()),
        (on("Mentees paired"), o.mentees_paired.to_string()),
        (on("Mentees waiting"), o.mentees_waiting.to_string()),
        (on("Pairs active"), o.pairs_active.to_string()),
        ("Meetings held".into(), shown(figure(ind, "meetings_held"))),
        (
            "Meeting hours".into(),
            number(value(ind, "mentoring_hours")),
        ),
        ("Goals".into(), super::goals_headline(ind)),
        (
            "Skills improved".into(),
            rate_with_cases(ind, "skills_improved_rate"),
        ),
        ("Time to match".into(), super::matching_headline(ind)),
    ];
    for (label, value) in cards {
        let _ = write!(
            body,
            "<div class=\"card\">{}<b>{}</b></div>",
            escape(&label),
            escape(&value)
        );
    }
    body.push_str("</div>");
}

/// A rate beside the cases it is taken over, marked when they are too few:
/// `50.00% of 4 (from 4 case(s): too few to judge)`.
fn rate_with_cases(ind: &[Indicator], id: &str) -> String {
    ind.iter()
        .find(|i| i.id == id)
        .map_or_else(|| shown(Figure::Missing), with_cases)
}

/// An indicator's value with its cases, when it is a rate or an average:
/// `70.59% of 17`, `4.09 of 11`; a count stands alone.
fn with_cases(i: &Indicator) -> String {
    let mut text = shown(i.value);
    if i.unit == "percent" && i.value != Figure::Missing {
        text.push('%');
    }
    if let (Some(cases), false) = (i.cases, i.value == Figure::Missing) {
        let _ = write!(text, " of {cases}");
    }
    if let Some(note) = super::sample_note(i) {
        let _ = write!(text, " ({note})");
    }
    text
}

/// A verdict as a table cell, coloured and in words.
fn verdict_cell(i: &Indicator) -> String {
    match i.verdict {
        Some(v) => format!(
            "<td class=\"{}\">{}</td>",
            match v {
                crate::model::Verdict::Met => "met",
                crate::model::Verdict::NotMet => "not-met",
                crate::model::Verdict::NotMeasurableYet => "unknown",
            },
            escape(v.words())
        ),
        None => "<td></td>".to_string(),
    }
}

/// The headline of a programme that has ended: what happened between its
/// start and its end, not the state on a day after it (all pairs closed).
fn period_cards(body: &mut String, o: &Overview, ended: &crate::indicators::Figures) {
    let ind = &ended.indicators;
    let _ = write!(
        body,
        "<h2>The programme{}</h2><p class=\"narrative\">{}</p><div class=\"cards\">",
        match (o.start, o.end) {
            (Some(s), Some(e)) => format!(" from {s} to {e}"),
            _ => String::new(),
        },
        escape(&super::period_summary(
            ind,
            ended.period.from,
            ended.period.to
        ))
    );
    let count = |id: &str| shown(figure(ind, id));
    let cards = [
        ("Pairs that ran", count("pairs_active")),
        ("Pairs formed", count("pairs_started")),
        ("Pairs completed", count("pairs_completed")),
        ("Closed early", count("premature_closures")),
        ("Mentees mentored", count("mentees_assisted")),
        ("Meetings held", count("meetings_held")),
        ("Meeting hours", number(value(ind, "mentoring_hours"))),
        ("Goals", super::goals_headline(ind)),
        (
            "Skills improved",
            rate_with_cases(ind, "skills_improved_rate"),
        ),
        ("Time to match", super::matching_headline(ind)),
    ];
    for (label, value) in cards {
        let _ = write!(
            body,
            "<div class=\"card\">{}<b>{}</b></div>",
            escape(label),
            escape(&value)
        );
    }
    body.push_str("</div>");
}

/// An indicator as a bar's length: 0 when it has no number.
fn value(ind: &[Indicator], id: &str) -> f64 {
    match figure(ind, id) {
        Figure::Count(n) => n as f64,
        Figure::Number(x) => x,
        _ => 0.0,
    }
}

fn goals(body: &mut String, ind: &[Indicator]) {
    body.push_str("<h2>Goals</h2>");
    let goals = [
        ("set".to_string(), value(ind, "goals_set"), BLUE),
        (
            "due or achieved".to_string(),
            value(ind, "goals_due"),
            ORANGE,
        ),
        ("achieved".to_string(), value(ind, "goals_achieved"), GREEN),
        ("dropped".to_string(), value(ind, "goals_dropped"), GREY),
    ];
    body.push_str(&bars("goals", "Goals set and achieved", &goals, "goals"));
}

/// The mean gain per competency, over the pairs that ran.
fn skills(body: &mut String, ws: &Workspace, report: &Report) {
    body.push_str("<h2>Skills</h2>");
    let scale_known = ws
        .programme
        .as_ref()
        .is_some_and(|p| !p.assessment_scale().is_empty());
    let mut skill_rows = Vec::new();
    for competency in ws.programme.iter().flat_map(|p| &p.competencies) {
        let changes: Vec<_> = report
            .headline()
            .pairs
            .iter()
            .filter(|p| p.ran_in_period)
            .flat_map(|p| &p.skills)
            .filter(|c| c.competency == competency.id)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let gain = changes
            .iter()
            .map(|c| f64::from(c.last) - f64::from(c.baseline))
            .sum::<f64>()
            / changes.len() as f64;
        skill_rows.push((
            format!(
                "{} ({})",
                competency.name,
                crate::text::count(changes.len(), "pair")
            ),
            gain,
            GREEN,
        ));
    }
    if skill_rows.is_empty() {
        body.push_str(if scale_known {
            "<p>No pair has both a baseline and a final assessment yet (or the levels are sealed: run with the coordinator's identity).</p>"
        } else {
            "<p>The programme has no assessment scale.</p>"
        });
    } else {
        body.push_str(&bars(
            "skills",
            "Mean skill gain per competency (levels, final minus baseline)",
            &skill_rows,
            "levels",
        ));
    }
}

fn satisfaction(body: &mut String, ind: &[Indicator]) {
    body.push_str("<h2>Satisfaction</h2>");
    // A mean says little without how many ratings it is of: the count goes
    // in the label, and a small sample says so.
    let labelled = |who: &str, id: &str| {
        let Some(i) = ind.iter().find(|i| i.id == id) else {
            return who.to_string();
        };
        let mut label = format!(
            "{who} ({}",
            crate::text::count(i.cases.unwrap_or(0), "rating")
        );
        if i.small_sample && i.value != Figure::Missing {
            label.push_str(", too few to judge");
        }
        label.push(')');
        label
    };
    let satisfaction = [
        (
            labelled("mentees", "average_satisfaction_mentees"),
            value(ind, "average_satisfaction_mentees"),
            BLUE,
        ),
        (
            labelled("mentors", "average_satisfaction_mentors"),
            value(ind, "average_satisfaction_mentors"),
            ORANGE,
        ),
    ];
    if satisfaction.iter().all(|s| s.1 == 0.0) {
        body.push_str("<p>No ratings to show (none given, or sealed: run with the coordinator's identity).</p>");
    } else {
        body.push_str(&bars(
            "satisfaction",
            "Average satisfaction by role (1 to 5)",
            &satisfaction,
            "out of 5",
        ));
    }
}

/// Every indicator by its plain name (its id, as in the CSV, beneath),
/// its value with the cases behind it, and what it says.
fn indicator_table(body: &mut String, ind: &[Indicator]) {
    // Fixed widths: left to itself, the layout squeezed the sentences
    // into a column a few words wide.
    body.push_str("<h2>Indicators</h2><table class=\"indicators\"><colgroup><col style=\"width:25%\"><col style=\"width:11%\"><col style=\"width:14%\"><col style=\"width:11%\"><col style=\"width:9%\"><col style=\"width:30%\"></colgroup><thead><tr><th>indicator</th><th>value</th><th>unit</th><th>target</th><th>result</th><th>what it says</th></tr></thead><tbody>");
    for i in ind {
        let _ = write!(
            body,
            "<tr><td>{}<small>{}</small></td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
            escape(i.name),
            escape(i.id),
            escape(&with_cases(i)),
            escape(i.unit),
            escape(&i.target.map_or_else(String::new, |t| t.words())),
            verdict_cell(i),
            escape(i.meaning)
        );
    }
    body.push_str("</tbody></table>");
}

/// The headline's figures by organisation and department, small counts
/// withheld.
fn breakdowns(body: &mut String, report: &Report) {
    for b in &report.breakdowns {
        let t = super::breakdown_table(b);
        let _ = write!(body, "<h2>{}</h2>", escape(&t.title));
        if !t.rows.is_empty() {
            body.push_str("<table class=\"breakdown\"><thead><tr>");
            for heading in &t.header {
                let _ = write!(body, "<th>{}</th>", escape(heading));
            }
            body.push_str("</tr></thead><tbody>");
            for row in &t.rows {
                body.push_str("<tr>");
                for cell in row {
                    let _ = write!(body, "<td>{}</td>", escape(cell));
                }
                body.push_str("</tr>");
            }
            body.push_str("</tbody></table>");
        }
        let _ = write!(body, "<p class=\"note\">{}</p>", escape(&t.note));
    }
}

/// The programme's stated outcomes, each with the figure that measures it
/// and whether its target was met: what HR reads first after the headline.
fn outcomes(body: &mut String, ws: &Workspace, ind: &[Indicator]) {
    let Some(programme) = &ws.programme else {
        return;
    };
    if programme.outcomes.is_empty() {
        return;
    }
    body.push_str("<h2>Outcomes</h2><table><thead><tr><th>outcome</th><th>measured by</th><th>figure</th><th>target</th><th>result</th></tr></thead><tbody>");
    for outcome in &programme.outcomes {
        let measured = outcome
            .indicator
            .as_deref()
            .and_then(|id| ind.iter().find(|i| i.id == id));
        let (by, figure, target, verdict) = match measured {
            Some(i) => (
                i.name,
                with_cases(i),
                i.target.map_or_else(String::new, |t| t.words()),
                verdict_cell(i),
            ),
            None => (
                "not measured by a figure",
                String::new(),
                String::new(),
                "<td></td>".to_string(),
            ),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{verdict}</tr>",
            escape(&outcome.text),
            escape(by),
            escape(&figure),
            escape(&target),
        );
    }
    body.push_str("</tbody></table>");
}

/// From application to completion: how many mentees got how far by the
/// period's last day.
fn funnel(body: &mut String, figures: &crate::indicators::Figures) {
    let ind = &figures.indicators;
    let steps = [
        ("applied", "mentees_applied", GREY),
        ("matched with a mentor", "mentees_matched", ORANGE),
        ("started meeting", "mentees_started", BLUE),
        ("completed", "mentees_completed", GREEN),
    ];
    let rows: Vec<(String, f64, &str)> = steps
        .iter()
        .map(|(label, id, colour)| (label.to_string(), value(ind, id), *colour))
        .collect();
    body.push_str("<h2>From application to completion</h2>");
    body.push_str(&bars(
        "funnel",
        &format!("Mentees by {}", figures.period.last_day()),
        &rows,
        "mentees",
    ));
}

/// The attention list: the coordinator's page only.
fn attention(body: &mut String, report: &Report) {
    body.push_str("<h2>Needs attention</h2>");
    if report.attention.is_empty() {
        body.push_str("<p>Nothing needs attention.</p>");
        return;
    }
    body.push_str("<ol>");
    for a in &report.attention {
        let _ = write!(
            body,
            "<li>{} → {}</li>",
            escape(&a.message),
            escape(&a.action)
        );
    }
    body.push_str("</ol>");
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_labels_wrap_between_words_and_lose_nothing() {
        assert_eq!(wrap("mentees"), ["mentees"]);
        let label = "Working with academics and research staff across faculties";
        let lines = wrap(label);
        assert_eq!(
            lines,
            [
                "Working with academics and research",
                "staff across faculties"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 38));
        assert_eq!(lines.join(" "), label);
        let long = "x".repeat(80);
        assert_eq!(wrap(&long).concat(), long);
        assert_eq!(wrap(""), [""]);
    }
}

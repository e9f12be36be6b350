//! `mentor report` output. No free text from meeting logs appears in the
//! programme report; the pair timeline shows topics (the pair's own view)
//! and never `private_notes`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::indicators::{Figure, Indicator, PairFigures};
use crate::model::{GoalStatus, PairStatus};
use crate::progress::{PairProgress, is_overdue, pair_progress};
use crate::render::table::table;
use crate::render::to_json;
use crate::report::{Attention, Contact, Overview, Report};
use crate::workspace::{PairEntry, Workspace};

const PAIR_HEADER: [&str; 11] = [
    "pair",
    "mentor",
    "mentee",
    "status",
    "started",
    "meetings",
    "hours",
    "last meeting",
    "days since",
    "goals",
    "flags",
];

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// The pairs the report lists: those proposed by the as-of date, each with
/// where it stood that day.
fn listed<'r, 'a>(report: &'r Report<'a>) -> Vec<(&'r PairFigures<'a>, PairStatus)> {
    let as_of = report.overview.as_of;
    report
        .figures
        .pairs
        .iter()
        .filter_map(|p| Some((p, p.entry.pair.status_on(as_of)?)))
        .collect()
}

fn pair_row(&(p, status): &(&PairFigures, PairStatus)) -> Vec<String> {
    let pair = &p.entry.pair;
    let g = &p.progress;
    vec![
        p.entry.id.clone(),
        pair.mentor.clone(),
        pair.mentees_shown(),
        status.to_string(),
        date(pair.started),
        g.meetings.to_string(),
        crate::indicators::Figure::Number(g.hours()).cell(),
        date(g.last_meeting),
        g.days_since_contact
            .filter(|_| status == PairStatus::Active)
            .map_or_else(|| "-".into(), |d| d.to_string()),
        format!("{}/{}", g.goals_achieved, g.goals_total),
        g.flags().join(" "),
    ]
}

fn header_lines(report: &Report) -> Vec<String> {
    let o = &report.overview;
    let mut lines = Vec::new();
    let mut title = o.name.clone();
    if let Some(org) = &o.organisation {
        let _ = write!(title, " ({org})");
    }
    lines.push(title);
    let through = o
        .percent_through
        .map_or_else(String::new, |p| format!(": {p:.0}% through"));
    lines.push(format!(
        "{} to {}; as of {}{through}",
        date(o.start),
        date(o.end),
        o.as_of
    ));
    // Past the programme's end, the state lines are of a day after it:
    // they say which day, and the programme's own figures follow.
    let on = if report.ended.is_some() {
        format!(" on {}", o.as_of)
    } else {
        String::new()
    };
    lines.push(format!(
        "Mentors{on}: {} active, {} trained, {} free",
        o.mentors_active,
        o.mentors_trained,
        crate::text::count(o.mentor_places_free, "place")
    ));
    let wait = o.longest_wait_days.map_or_else(String::new, |d| {
        format!(" (longest {})", crate::text::count(d, "day"))
    });
    // Nobody waits once the programme has ended: those it never matched
    // are counted as such, so the categories still add up to the total.
    let unmatched = if report.ended.is_some() {
        format!("{} not matched by the end", o.mentees_not_placed())
    } else {
        format!("{} waiting{wait}", o.mentees_waiting)
    };
    lines.push(format!(
        "Mentees{on} ({} in all): {unmatched}, {} with a proposal, {} in a pair, {} completed, {} withdrawn",
        o.mentees_total,
        o.mentees_with_proposal,
        o.mentees_paired,
        o.mentees_completed,
        o.mentees_withdrawn
    ));
    lines.push(format!(
        "Pairs{on}: {} proposed, {} active, {} closed",
        o.pairs_proposed, o.pairs_active, o.pairs_closed
    ));
    if let Some(ended) = &report.ended {
        lines.push(format!(
            "In the programme: {}",
            super::period_summary(&ended.indicators, ended.period.from, ended.period.to)
        ));
    }
    let indicators = &report.headline().indicators;
    lines.push(format!("Goals: {}", super::goals_headline(indicators)));
    lines.push(format!(
        "Matching: {}",
        super::matching_headline(indicators)
    ));
    lines
}

fn attention_lines(report: &Report) -> Vec<String> {
    // Thousands of lines in a large programme: written on every core, in order.
    report
        .attention
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = a.kind.name();
            let contacts: Vec<String> = a
                .contacts
                .iter()
                .map(|c| match &c.email {
                    Some(email) => format!("{} <{email}>", c.name),
                    None => c.name.clone(),
                })
                .collect();
            let contact = if contacts.is_empty() {
                String::new()
            } else {
                format!(" [contact: {}]", contacts.join(", "))
            };
            format!("{}. [{kind}] {} -> {}{contact}", i + 1, a.message, a.action)
        })
        .collect()
}

/// The banner of a report computed without the files that failed to load.
fn partial_banner(report: &Report) -> Option<String> {
    (report.unreadable_files > 0).then(|| {
        format!(
            "PARTIAL: {} errors (listed first below); the figures leave out what could not be read.",
            crate::text::count(report.unreadable_files, "file has|files have")
        )
    })
}

/// Each indicator the programme set a target for, against it:
/// `premature_closure_rate 15.38 percent, target at most 20: met`.
fn target_lines(report: &Report) -> Vec<String> {
    // Past the programme's end, judged on the programme's own dates.
    report
        .headline()
        .indicators
        .iter()
        .filter_map(|i| {
            let (target, verdict) = (i.target?, i.verdict?);
            let sample = super::sample_note(i).map_or_else(String::new, |n| format!(" ({n})"));
            Some(format!(
                "{} {} {}, target {}: {}{sample}",
                i.id,
                figure_text(&i.value),
                i.unit,
                target.words(),
                verdict.words()
            ))
        })
        .collect()
}

pub fn text(report: &Report, terminal: bool) -> String {
    let mut out = header_lines(report).join("\n");
    out.push_str("\n\n");
    if let Some(banner) = partial_banner(report) {
        let _ = writeln!(out, "{banner}\n");
    }
    let targets = target_lines(report);
    if !targets.is_empty() {
        out.push_str("Outcomes against their targets:\n");
        for line in targets {
            let _ = writeln!(out, "  {line}");
        }
        out.push('\n');
    }
    for b in &report.breakdowns {
        let t = super::breakdown_table(b);
        let _ = writeln!(out, "{}:", t.title);
        if !t.rows.is_empty() {
            out.push_str(&table(&t.header, &t.rows, terminal));
        }
        let _ = writeln!(out, "{}\n", t.note);
    }
    if report.attention.is_empty() {
        out.push_str("Nothing needs attention.\n");
    } else {
        let _ = writeln!(out, "Needs attention ({}):", report.attention.len());
        for line in attention_lines(report) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = listed(report).par_iter().map(pair_row).collect();
    if rows.is_empty() {
        out.push_str("No pairs yet: run `mentor match`.\n");
    } else {
        let _ = writeln!(out, "Pairs ({}):", rows.len());
        out.push_str(&table(&PAIR_HEADER, &rows, terminal));
    }
    if let Some(note) = sealed_note(report) {
        let _ = writeln!(out, "\n{note}");
    }
    if report.plaintext_by_choice {
        out.push_str("\nPrivate values are kept in plaintext by choice ([privacy] seal = false): everyone with the repository can read them.\n");
    }
    out
}

/// What sealed ratings leave out, when any were not opened.
fn sealed_note(report: &Report) -> Option<String> {
    let sealed: usize = report.figures.pairs.iter().map(|p| p.sealed_ratings).sum();
    (sealed > 0).then(|| {
        format!(
            "Satisfaction figures are empty: {} sealed. Run with the coordinator's --identity FILE to include them.",
            crate::text::count(sealed, "rating is|ratings are")
        )
    })
}

/// Text in a Markdown cell or list item: as [`crate::text::markdown`]
/// makes it (no HTML, link or image can form), lines joined.
fn markdown_cell(text: &str) -> String {
    crate::text::markdown(text).replace('\n', " ")
}

fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}|\n",
        header.join(" | "),
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter()
                .map(|c| markdown_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out
}

/// The attention list as a table for a mail merge: one row per person to
/// contact about each item (one without a contact when there is none).
pub fn attention_sheet(report: &Report) -> crate::export::Sheet {
    use crate::export::{Cell, Columns, Sheet};
    let columns = Columns::<(&Attention, Option<&Contact>)>::new()
        .fact("kind", |(a, _)| Cell::Text(a.kind.name()))
        .fact("subject", |(a, _)| Cell::text(&a.subject))
        .fact("days", |(a, _)| Cell::Integer(a.days))
        .fact("message", |(a, _)| Cell::text(&a.message))
        .fact("action", |(a, _)| Cell::text(&a.action))
        .fact("contact_name", |(_, c)| {
            c.map_or(Cell::Empty, |c| Cell::text(&c.name))
        })
        .fact("contact_email", |(_, c)| {
            c.and_then(|c| c.email.as_ref())
                .map_or(Cell::Empty, Cell::text)
        });
    let rows = report.attention.iter().flat_map(|a| {
        let contacts: Vec<Option<&Contact>> = if a.contacts.is_empty() {
            vec![None]
        } else {
            a.contacts.iter().map(Some).collect()
        };
        contacts.into_iter().map(move |c| (a, c))
    });
    Sheet::of("attention.csv", &columns, rows)
}

pub fn markdown(report: &Report) -> String {
    let header = header_lines(report);
    let mut out = format!("# {}\n\n", markdown_cell(&header[0]));
    for line in &header[1..] {
        let _ = writeln!(out, "- {}", markdown_cell(line));
    }
    for b in &report.breakdowns {
        let t = super::breakdown_table(b);
        let _ = writeln!(out, "\n## {}\n", t.title);
        if !t.rows.is_empty() {
            out.push_str(&markdown_table(&t.header, &t.rows));
            out.push('\n');
        }
        let _ = writeln!(out, "{}", markdown_cell(&t.note));
    }
    let _ = writeln!(out, "\n## Needs attention ({})\n", report.attention.len());
    if report.attention.is_empty() {
        out.push_str("Nothing needs attention.\n");
    }
    for line in attention_lines(report) {
        let _ = writeln!(out, "{}", markdown_cell(&line));
    }
    let rows: Vec<Vec<String>> = listed(report).iter().map(pair_row).collect();
    let _ = writeln!(out, "\n## Pairs ({})\n", rows.len());
    out.push_str(&markdown_table(&PAIR_HEADER, &rows));
    if let Some(note) = sealed_note(report) {
        let _ = writeln!(out, "\n{}", markdown_cell(&note));
    }
    out.push_str("\n## Indicators\n\n");
    let rows: Vec<Vec<String>> = report
        .headline()
        .indicators
        .iter()
        .map(|i| {
            let value = match super::sample_note(i) {
                Some(note) => format!("{} ({note})", figure_text(&i.value)),
                None => figure_text(&i.value),
            };
            let target = match (i.target, i.verdict) {
                (Some(t), Some(v)) => format!("{} ({})", t.words(), v.words()),
                _ => String::new(),
            };
            vec![
                i.id.to_string(),
                value,
                i.unit.to_string(),
                target,
                i.meaning.to_string(),
            ]
        })
        .collect();
    out.push_str(&markdown_table(
        &["indicator", "value", "unit", "target", "what it says"],
        &rows,
    ));
    out
}

fn figure_text(figure: &Figure) -> String {
    match figure.cell() {
        empty if empty.is_empty() => "-".to_string(),
        value => value,
    }
}

/// `report --format json`.
#[derive(Serialize)]
struct ReportDocument<'a> {
    overview: &'a Overview,
    /// The dates the indicators are of: the programme's own once it has
    /// ended, else its start to the as-of date.
    period: Period,
    attention: &'a [Attention],
    pairs: Vec<PairRow<'a>>,
    indicators: &'a [Indicator],
}

#[derive(Serialize)]
struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    fn of(period: &crate::indicators::Period) -> Self {
        Period {
            from: period.from,
            to: period.last_day(),
        }
    }
}

#[derive(Serialize)]
struct PairRow<'a> {
    pair: &'a str,
    mentor: &'a str,
    /// The mentee, or a group's members separated by commas.
    mentee: String,
    /// How many mentees a group has; absent for a one-to-one pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    group_size: Option<usize>,
    status: PairStatus,
    started: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    meetings: usize,
    hours: f64,
    last_meeting: Option<NaiveDate>,
    days_since_contact: Option<i64>,
    goals_achieved: usize,
    goals_total: usize,
    flags: Vec<String>,
}

pub fn json_report(report: &Report) -> String {
    let pairs = listed(report)
        .into_iter()
        .map(|(p, status)| {
            let g = &p.progress;
            let pair = &p.entry.pair;
            PairRow {
                pair: &p.entry.id,
                mentor: &pair.mentor,
                mentee: pair.mentees_shown(),
                group_size: pair.is_group().then(|| pair.mentee_ids().count()),
                status,
                started: pair.started,
                ends: pair.ends,
                meetings: g.meetings,
                hours: g.hours(),
                last_meeting: g.last_meeting,
                days_since_contact: g.days_since_contact,
                goals_achieved: g.goals_achieved,
                goals_total: g.goals_total,
                flags: g.flags(),
            }
        })
        .collect();
    to_json(&ReportDocument {
        overview: &report.overview,
        attention: &report.attention,
        pairs,
        period: Period::of(&report.headline().period),
        indicators: &report.headline().indicators,
    })
}

/// How a pair's timeline is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeline {
    Text,
    Markdown,
    Json,
}

/// One pair's timeline: agreement, goals, meetings, feedback ratings.
pub fn pair_timeline(
    ws: &Workspace,
    entry: &PairEntry,
    as_of: NaiveDate,
    layout: Timeline,
    identity_given: bool,
) -> String {
    if layout == Timeline::Json {
        return to_json(&timeline_document(ws, entry, as_of, identity_given));
    }
    let progress = pair_progress(entry, ws.programme.as_ref(), as_of);
    let mut page = TimelinePage {
        markdown: layout == Timeline::Markdown,
        out: String::new(),
    };
    let pair = &entry.pair;
    page.title(&format!(
        "Pair {}: {} (mentee) with {} (mentor)",
        entry.id,
        pair.mentee_ids()
            .map(|id| ws.name_or_id(id).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ws.name_or_id(&pair.mentor)
    ));
    page.item(status_line(entry, &progress, as_of));
    agreement_section(&mut page, ws, entry);
    goals_section(&mut page, entry, &progress, as_of);
    meetings_section(&mut page, entry, &progress, as_of);
    feedback_section(&mut page, entry, as_of);
    survey_section(&mut page, entry, as_of, identity_given);
    skills_section(&mut page, ws, entry, as_of);
    page.out
}

/// A timeline being written, as text or Markdown.
struct TimelinePage {
    markdown: bool,
    out: String,
}

impl TimelinePage {
    fn title(&mut self, title: &str) {
        if self.markdown {
            let _ = write!(self.out, "# {}\n\n", markdown_cell(title));
        } else {
            let _ = writeln!(self.out, "{title}");
        }
    }

    fn heading(&mut self, text: &str) {
        if self.markdown {
            let _ = write!(self.out, "\n## {text}\n\n");
        } else {
            let _ = write!(self.out, "\n{text}\n");
        }
    }

    fn item(&mut self, text: String) {
        if self.markdown {
            let _ = writeln!(self.out, "- {}", markdown_cell(&text));
        } else {
            let _ = writeln!(self.out, "  {text}");
        }
    }
}

/// Where the pair stood on the as-of date, its dates and its flags.
fn status_line(entry: &PairEntry, progress: &PairProgress, as_of: NaiveDate) -> String {
    let pair = &entry.pair;
    let mut status = match pair.status_on(as_of) {
        Some(status) => format!("Status: {status}"),
        None => format!("Status: not yet proposed on {as_of}"),
    };
    if let Some(s) = pair.started {
        let _ = write!(status, ", started {s}");
    }
    if let Some(e) = pair.ends {
        let _ = write!(status, ", ends {e}");
    }
    if let Some(c) = &pair.closure {
        let _ = write!(status, ", closed {} ({})", c.date, c.reason);
    }
    let f = progress.flags();
    if !f.is_empty() {
        let _ = write!(status, " [{}]", f.join(" "));
    }
    status
}

fn agreement_section(page: &mut TimelinePage, ws: &Workspace, entry: &PairEntry) {
    page.heading("Agreement");
    let Some(a) = &entry.pair.agreement else {
        page.item("none recorded".into());
        return;
    };
    page.item(format!("signed: {}", date(a.signed)));
    page.item(format!(
        "confidentiality: {}",
        match a.confidentiality {
            Some(true) => "agreed",
            Some(false) => "not agreed",
            None => "not stated",
        }
    ));
    page.item(format!(
        "meet every {}",
        crate::text::count(entry.pair.meeting_every_days(ws.programme.as_ref()), "day")
    ));
    if let Some(mode) = a.mode {
        page.item(format!("mode: {mode}"));
    }
    if let Some(months) = a.duration_months {
        page.item(format!("duration: {}", crate::text::count(months, "month")));
    }
}

fn goals_section(
    page: &mut TimelinePage,
    entry: &PairEntry,
    progress: &PairProgress,
    as_of: NaiveDate,
) {
    page.heading(&format!(
        "Goals ({} of {} achieved)",
        progress.goals_achieved, progress.goals_total
    ));
    for g in &entry.goals {
        let state = match g.status() {
            GoalStatus::Achieved => format!("achieved {}", date(g.achieved_on)),
            _ if is_overdue(g, as_of) => format!("{}, OVERDUE (due {})", g.status(), date(g.due)),
            s => format!("{s}, due {}", date(g.due)),
        };
        page.item(format!(
            "{}: {state}: {}",
            g.id,
            g.specific.as_deref().unwrap_or("-")
        ));
    }
}

/// Meetings held by the as-of date, with their goals and topics (the
/// pair's own view): never private notes.
fn meetings_section(
    page: &mut TimelinePage,
    entry: &PairEntry,
    progress: &PairProgress,
    as_of: NaiveDate,
) {
    page.heading(&format!(
        "Meetings ({}, {:.1} hours)",
        progress.meetings,
        progress.hours()
    ));
    for m in entry.meetings.iter().filter(|m| m.date <= as_of) {
        let mut line = format!(
            "{}  {} min  {}",
            m.date,
            m.minutes.map_or_else(|| "?".into(), |n| n.to_string()),
            m.mode.map_or("-", |x| x.as_str())
        );
        if !m.goals.is_empty() {
            let _ = write!(line, "  goals: {}", m.goals.join(", "));
        }
        if !m.topics.is_empty() {
            let _ = write!(line, "  topics: {}", m.topics.join("; "));
        }
        page.item(line);
    }
}

/// Ratings by the as-of date (never comments), `sealed` while unopened.
fn feedback_section(page: &mut TimelinePage, entry: &PairEntry, as_of: NaiveDate) {
    let ratings: Vec<_> = entry.feedback.iter().filter(|f| f.date <= as_of).collect();
    if ratings.is_empty() {
        return;
    }
    page.heading("Feedback");
    for f in ratings {
        let rating = f
            .satisfaction
            .map_or_else(|| "sealed".to_string(), |s| format!("{}/5", s.0));
        page.item(format!("{} {}: {rating}", f.date, f.by));
    }
}

/// One survey answer as a pair's timeline shows it.
struct ShownAnswer<'a> {
    answer: &'a crate::model::SurveyAnswer,
    /// The answer, its options joined by `, `; `None` when withheld.
    value: Option<String>,
    /// Why it is not shown (`confidential: shown with --identity`, `sealed
    /// for ed and the coordinators`, `-` for none given).
    withheld: Option<String>,
}

/// The pair's survey answers by the as-of date, oldest occasion first: an
/// answer sealed for someone else stays `sealed for ...` (only an identity
/// among its readers opens it). A confidential answer kept in plaintext
/// (`[privacy] seal = false`) is shown only to a reader who gave an
/// identity: a timeline printed without one may be shared with the pair.
fn shown_answers(
    entry: &PairEntry,
    as_of: NaiveDate,
    identity_given: bool,
) -> Vec<ShownAnswer<'_>> {
    let mut answers: Vec<_> = entry
        .survey_answers
        .iter()
        .filter(|a| a.date <= as_of)
        .collect();
    answers.sort_by_key(|a| (a.occasion, &a.survey, &a.by, a.date));
    answers
        .into_iter()
        .map(|answer| {
            let (value, withheld) = match answer.text() {
                Some(_) if answer.private_answer.is_some() && !identity_given => (
                    None,
                    Some("confidential: shown with --identity".to_string()),
                ),
                Some(text) => (
                    Some(text.trim().lines().collect::<Vec<_>>().join(", ")),
                    None,
                ),
                None if answer.is_given() => (
                    None,
                    Some(format!("sealed for {} and the coordinators", answer.by)),
                ),
                None => (None, Some("-".to_string())),
            };
            ShownAnswer {
                answer,
                value,
                withheld,
            }
        })
        .collect()
}

/// The timeline's survey answers, as [`shown_answers`] gives them.
fn survey_section(
    page: &mut TimelinePage,
    entry: &PairEntry,
    as_of: NaiveDate,
    identity_given: bool,
) {
    let answers = shown_answers(entry, as_of, identity_given);
    if answers.is_empty() {
        return;
    }
    page.heading("Survey answers");
    for shown in answers {
        let a = shown.answer;
        let value = shown.value.or(shown.withheld).unwrap_or_default();
        page.item(format!(
            "{} {} by {}: {}: {value}",
            a.occasion, a.survey, a.by, a.question
        ));
    }
}

fn skills_section(page: &mut TimelinePage, ws: &Workspace, entry: &PairEntry, as_of: NaiveDate) {
    let skills = crate::indicators::skill_changes(entry, as_of);
    if skills.is_empty() {
        if entry.assessments.iter().any(|a| a.date <= as_of) {
            page.heading("Skills");
            page.item(
                "assessed, but without both a baseline and a final (or the levels are sealed)"
                    .to_string(),
            );
        }
        return;
    }
    page.heading("Skills (baseline -> final)");
    let scale = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.assessment_scale());
    let label = |level: u32| {
        scale
            .get(level.saturating_sub(1) as usize)
            .map_or_else(|| level.to_string(), |l| format!("{level} ({l})"))
    };
    for change in skills {
        page.item(format!(
            "{}: {} -> {}",
            change.competency,
            label(change.baseline),
            label(change.last)
        ));
    }
}

/// `report --pair ID --format json`: what the pair's own timeline shows. No
/// private notes, actions, feedback comments or closure notes: a field that
/// is not listed here is not in the document.
#[derive(Serialize)]
struct TimelineDocument<'a> {
    pair: &'a str,
    mentor: PersonRef<'a>,
    /// A one-to-one pair's mentee (a group lists `mentees`).
    #[serde(skip_serializing_if = "Option::is_none")]
    mentee: Option<PersonRef<'a>>,
    /// A group's mentees and co-mentor.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentees: Vec<PersonRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    co_mentor: Option<PersonRef<'a>>,
    /// Where the pair stood on the as-of date: null before it was proposed.
    status: Option<PairStatus>,
    started: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    agreement: Option<AgreementJson>,
    closure: Option<ClosureJson>,
    goals: Vec<GoalJson<'a>>,
    meetings: Vec<MeetingJson<'a>>,
    feedback: Vec<FeedbackJson<'a>>,
    /// Survey answers by the as-of date, withheld as the text timeline withholds them.
    survey_answers: Vec<SurveyAnswerJson<'a>>,
    flags: Vec<String>,
}

#[derive(Serialize)]
struct SurveyAnswerJson<'a> {
    survey: &'a str,
    occasion: NaiveDate,
    by: &'a str,
    date: NaiveDate,
    question: &'a str,
    /// Null when withheld.
    answer: Option<String>,
    /// Why the answer is not shown (sealed for others, confidential without
    /// an identity); null when it is.
    withheld: Option<String>,
}

#[derive(Serialize)]
struct PersonRef<'a> {
    id: &'a str,
    name: String,
}

#[derive(Serialize)]
struct AgreementJson {
    signed: Option<NaiveDate>,
    confidentiality: Option<bool>,
    meeting_every_days: Option<u32>,
    mode: Option<crate::model::ProgrammeMode>,
    duration_months: Option<u32>,
}

#[derive(Serialize)]
struct ClosureJson {
    date: NaiveDate,
    reason: crate::model::ClosureReason,
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: &'a str,
    specific: Option<&'a str>,
    due: Option<NaiveDate>,
    status: GoalStatus,
    achieved_on: Option<NaiveDate>,
    overdue: bool,
}

#[derive(Serialize)]
struct MeetingJson<'a> {
    date: NaiveDate,
    minutes: Option<u32>,
    mode: Option<crate::model::MeetingMode>,
    goals: &'a [String],
    topics: &'a [String],
}

#[derive(Serialize)]
struct FeedbackJson<'a> {
    by: &'a str,
    date: NaiveDate,
    /// Empty while sealed and not opened with an identity.
    satisfaction: Option<u8>,
}

fn timeline_document<'a>(
    ws: &Workspace,
    entry: &'a PairEntry,
    as_of: NaiveDate,
    identity_given: bool,
) -> TimelineDocument<'a> {
    let pair = &entry.pair;
    let person = |id: &'a str| PersonRef {
        id,
        name: ws.name_or_id(id).to_string(),
    };
    TimelineDocument {
        pair: &entry.id,
        mentor: person(&pair.mentor),
        mentee: pair.mentee.as_deref().map(person),
        mentees: pair.mentees.iter().map(|m| person(m)).collect(),
        co_mentor: pair.co_mentor.as_deref().map(person),
        status: pair.status_on(as_of),
        started: pair.started,
        ends: pair.ends,
        agreement: pair.agreement.as_ref().map(|a| AgreementJson {
            signed: a.signed,
            confidentiality: a.confidentiality,
            meeting_every_days: a.meeting_every_days,
            mode: a.mode,
            duration_months: a.duration_months,
        }),
        closure: pair.closure.as_ref().map(|c| ClosureJson {
            date: c.date,
            reason: c.reason,
        }),
        goals: entry
            .goals
            .iter()
            .map(|g| GoalJson {
                id: &g.id,
                specific: g.specific.as_deref(),
                due: g.due,
                status: g.status(),
                achieved_on: g.achieved_on,
                overdue: is_overdue(g, as_of),
            })
            .collect(),
        meetings: entry
            .meetings
            .iter()
            .filter(|m| m.date <= as_of)
            .map(|m| MeetingJson {
                date: m.date,
                minutes: m.minutes,
                mode: m.mode,
                goals: &m.goals,
                topics: &m.topics,
            })
            .collect(),
        feedback: entry
            .feedback
            .iter()
            .filter(|f| f.date <= as_of)
            .map(|f| FeedbackJson {
                by: &f.by,
                date: f.date,
                satisfaction: f.satisfaction.map(|s| s.0),
            })
            .collect(),
        survey_answers: shown_answers(entry, as_of, identity_given)
            .into_iter()
            .map(|shown| SurveyAnswerJson {
                survey: &shown.answer.survey,
                occasion: shown.answer.occasion,
                by: &shown.answer.by,
                date: shown.answer.date,
                question: &shown.answer.question,
                answer: shown.value,
                withheld: shown.withheld,
            })
            .collect(),
        flags: pair_progress(entry, ws.programme.as_ref(), as_of).flags(),
    }
}

//! Shortlists (`mentor match --shortlist N`): a Markdown page a mentee can
//! read and answer, one CSV for a form, or a table for the coordinator.
//! Each names the mentee, their mentors and why each fits: never another
//! mentee, and no value the programme seals (the reasons already keep to
//! that).

use std::fmt::Write as _;

use crate::export::{Cell, Columns, Sheet};
use crate::matching::shortlist::Shortlist;
use crate::render::sheet::to_csv;
use crate::render::table::table;
use crate::render::to_json;
use crate::text::markdown;
use crate::workspace::Workspace;

/// The page for one mentee, with how to reply with their ranking.
pub fn markdown_page(ws: &Workspace, list: &Shortlist) -> String {
    let mentee = &ws.people[list.mentee];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Mentors suggested for {}\n",
        markdown(&mentee.person.name)
    );
    if list.mentors.is_empty() {
        out.push_str("No mentor can take you on right now who fits the programme's rules. Your coordinator will be in touch; you keep your place.\n");
        return out;
    }
    out.push_str(if list.mentors.len() == 1 {
        "This mentor can take a mentee now and fits what you told us.\n\n"
    } else {
        "Each of these mentors can take a mentee now and fits what you told us. They are listed by how well they match, best first.\n\n"
    });
    for (rank, m) in list.mentors.iter().enumerate() {
        let mentor = &ws.people[m.mentor];
        let _ = writeln!(
            out,
            "{}. **{}** (`{}`)",
            rank + 1,
            markdown(&mentor.person.name),
            mentor.id
        );
        for reason in &m.reasons {
            let _ = writeln!(out, "   - {}", markdown(reason));
        }
    }
    let example: Vec<String> = list
        .mentors
        .iter()
        .take(3)
        .map(|m| format!("\"{}\"", ws.people[m.mentor].id))
        .collect();
    let _ = write!(
        out,
        "\n## How to reply\n\n\
         Rank the mentors you would be glad to work with, the one you would like most first. \
         Leave out anyone you would rather not be matched with. Send the ids, in your order, \
         to your coordinator (or answer the ranking question of the form), for example:\n\n\
         ```toml\nprefer = [{}]\n```\n\n\
         Your ranking goes into your profile as `prefer`. Matching honours it as far as it can: \
         a mentor's places are limited, and mentors may rank mentees too.\n",
        example.join(", ")
    );
    out
}

/// The file name of a mentee's page.
pub fn page_name(ws: &Workspace, list: &Shortlist) -> String {
    format!("{}.md", ws.people[list.mentee].id)
}

/// One shortlisted mentor, as a CSV row sees them.
struct Row {
    mentee: String,
    rank: usize,
    mentor: String,
    mentor_name: String,
    reasons: String,
}

fn rows(ws: &Workspace, lists: &[Shortlist]) -> Vec<Row> {
    lists
        .iter()
        .flat_map(|list| {
            list.mentors.iter().enumerate().map(|(rank, m)| Row {
                mentee: ws.people[list.mentee].id.clone(),
                rank: rank + 1,
                mentor: ws.people[m.mentor].id.clone(),
                mentor_name: ws.people[m.mentor].person.name.clone(),
                reasons: m.reasons.join("; "),
            })
        })
        .collect()
}

/// One CSV for a form: a row per mentee and shortlisted mentor, in rank order.
pub fn csv(ws: &Workspace, lists: &[Shortlist]) -> anyhow::Result<Vec<u8>> {
    let columns = Columns::<Row>::new()
        .pseudonym("mentee", |r| Cell::text(&r.mentee))
        .fact("rank", |r| Cell::count(r.rank))
        .pseudonym("mentor", |r| Cell::text(&r.mentor))
        .fact("mentor_name", |r| Cell::text(&r.mentor_name))
        .fact("reasons", |r| Cell::text(&r.reasons));
    to_csv(&Sheet::of("shortlist", &columns, rows(ws, lists)))
}

/// Every shortlist as a table, for the coordinator's screen.
pub fn shortlist_table(ws: &Workspace, lists: &[Shortlist], terminal: bool) -> String {
    let rows: Vec<Vec<String>> = rows(ws, lists)
        .into_iter()
        .map(|r| vec![r.mentee, r.rank.to_string(), r.mentor, r.reasons])
        .collect();
    let mut out = table(&["mentee", "rank", "mentor", "why"], &rows, terminal);
    let empty: Vec<&str> = lists
        .iter()
        .filter(|l| l.mentors.is_empty())
        .map(|l| ws.people[l.mentee].id.as_str())
        .collect();
    if !empty.is_empty() {
        let _ = writeln!(
            out,
            "No allowed mentor with a free place for: {}.",
            empty.join(", ")
        );
    }
    out.push_str(
        "Nothing written; --out DIR writes a page per mentee, --csv FILE one CSV for a form.\n",
    );
    out
}

#[derive(serde::Serialize)]
struct ShortlistJson<'a> {
    mentee: &'a str,
    mentors: Vec<ShortlistedJson<'a>>,
}

#[derive(serde::Serialize)]
struct ShortlistedJson<'a> {
    rank: usize,
    mentor: &'a str,
    name: &'a str,
    score: u8,
    reasons: &'a [String],
}

/// Every shortlist as JSON, for scripts (`--format json`).
pub fn shortlist_json(ws: &Workspace, lists: &[Shortlist]) -> String {
    to_json(
        &lists
            .iter()
            .map(|list| ShortlistJson {
                mentee: &ws.people[list.mentee].id,
                mentors: list
                    .mentors
                    .iter()
                    .enumerate()
                    .map(|(rank, m)| ShortlistedJson {
                        rank: rank + 1,
                        mentor: &ws.people[m.mentor].id,
                        name: &ws.people[m.mentor].person.name,
                        score: m.score.total,
                        reasons: &m.reasons,
                    })
                    .collect(),
            })
            .collect::<Vec<_>>(),
    )
}

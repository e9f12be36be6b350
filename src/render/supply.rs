//! `mentor supply` output: needs against offered expertise and free
//! places, per competency, as text, CSV or JSON. Mentees are named (by id)
//! only when the coordinator asks (`names`); needs that are sealed were
//! never read, so no confidential value can appear.

use std::fmt::Write as _;

use anyhow::Result;
use serde::Serialize;

use crate::matching::supply::{Balance, Supply, Unmet};
use crate::model::Intake;
use crate::render::sheet::neutralise;
use crate::render::table::table;
use crate::render::to_json;
use crate::workspace::Workspace;

/// What the output covers: the run, and whether mentees are named.
pub struct View<'a> {
    pub intake: Option<&'a Intake>,
    pub names: bool,
    pub terminal: bool,
}

fn ids(ws: &Workspace, mentees: &[usize]) -> Vec<String> {
    mentees.iter().map(|&m| ws.people[m].id.clone()).collect()
}

/// A gap in words: how many short, or spare.
fn gap_words(gap: i64) -> String {
    match gap {
        0 => "even".into(),
        short if short > 0 => format!("{short} short"),
        spare => format!("{} spare", -spare),
    }
}

fn run_words(supply: &Supply, intake: Option<&Intake>) -> String {
    let carried = match supply.carried_over {
        0 => String::new(),
        n => format!(", {n} of them carried over from earlier intakes"),
    };
    match intake {
        Some(i) => format!(
            "intake `{}` ({}): {}{carried}",
            i.id,
            i.label(),
            crate::text::count(supply.totals.waiting, "mentee waiting|mentees waiting")
        ),
        None => format!(
            "everyone waiting: {}",
            crate::text::count(supply.totals.waiting, "mentee|mentees")
        ),
    }
}

pub fn text(ws: &Workspace, supply: &Supply, view: &View) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Supply and demand, {}.\n",
        run_words(supply, view.intake)
    );
    let mut header = vec![
        "competency",
        "mentees needing",
        "mentors offering",
        "with room",
        "free places",
        "gap",
    ];
    if view.names {
        header.push("mentees");
    }
    let rows: Vec<Vec<String>> = supply
        .balances
        .iter()
        .map(|b| {
            let mut row = vec![
                b.competency.clone(),
                b.needing.len().to_string(),
                b.offering.to_string(),
                b.with_room.to_string(),
                b.free_places.to_string(),
                gap_words(b.gap()),
            ];
            if view.names {
                row.push(ids(ws, &b.needing).join(", "));
            }
            row
        })
        .collect();
    out.push_str(&table(&header, &rows, view.terminal));
    let t = &supply.totals;
    let _ = writeln!(
        out,
        "Total: {} waiting; {} active, {} with room, {}: {} (each person counted once).",
        crate::text::count(t.waiting, "mentee"),
        crate::text::count(t.mentors, "mentor"),
        t.with_room,
        crate::text::count(t.free_places, "free place"),
        gap_words(t.gap())
    );
    if supply.sealed_needs > 0 {
        let _ = writeln!(
            out,
            "The needs of {} are sealed and not counted.",
            crate::text::count(supply.sealed_needs, "waiting mentee")
        );
    }
    if let Some(unmet) = &supply.unmet {
        out.push_str(&unmet_text(ws, unmet, view));
    }
    out
}

fn unmet_text(ws: &Workspace, unmet: &[Unmet], view: &View) -> String {
    let mut out = String::from("\nNeeds left unmet (pairs are proposed):\n");
    if unmet.is_empty() {
        out.push_str(
            "None: every proposed mentor covers their mentee's needs, and no one waits.\n",
        );
        return out;
    }
    let mut header = vec!["competency", "proposed mentor lacks it", "still waiting"];
    if view.names {
        header.push("mentees");
    }
    let rows: Vec<Vec<String>> = unmet
        .iter()
        .map(|u| {
            let mut row = vec![
                u.competency.clone(),
                u.proposed.len().to_string(),
                u.waiting.len().to_string(),
            ];
            if view.names {
                row.push(ids(ws, &u.mentees()).join(", "));
            }
            row
        })
        .collect();
    out.push_str(&table(&header, &rows, view.terminal));
    out
}

pub fn csv(ws: &Workspace, supply: &Supply, view: &View) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "section",
        "competency",
        "name",
        "mentees_needing",
        "mentors_offering",
        "mentors_with_room",
        "free_places",
        "gap",
        "unmet_proposed",
        "unmet_waiting",
    ];
    if view.names {
        header.push("mentees");
    }
    writer.write_record(&header)?;
    let named = |mentees: &[usize]| view.names.then(|| ids(ws, mentees).join(" "));
    for b in &supply.balances {
        let cells = [
            "balance".to_string(),
            neutralise(&b.competency),
            neutralise(&b.name),
            b.needing.len().to_string(),
            b.offering.to_string(),
            b.with_room.to_string(),
            b.free_places.to_string(),
            b.gap().to_string(),
            String::new(),
            String::new(),
        ];
        writer.write_record(cells.into_iter().chain(named(&b.needing)))?;
    }
    let t = &supply.totals;
    let total = [
        "total".to_string(),
        String::new(),
        String::new(),
        t.waiting.to_string(),
        t.mentors.to_string(),
        t.with_room.to_string(),
        t.free_places.to_string(),
        t.gap().to_string(),
        String::new(),
        String::new(),
    ];
    writer.write_record(total.into_iter().chain(view.names.then(String::new)))?;
    for u in supply.unmet.iter().flatten() {
        let cells = [
            "unmet".to_string(),
            neutralise(&u.competency),
            neutralise(&u.name),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            u.proposed.len().to_string(),
            u.waiting.len().to_string(),
        ];
        writer.write_record(cells.into_iter().chain(named(&u.mentees())))?;
    }
    Ok(writer.into_inner()?)
}

#[derive(Serialize)]
struct Document<'a> {
    intake: Option<&'a str>,
    waiting: usize,
    carried_over: usize,
    sealed_needs_not_counted: usize,
    competencies: Vec<BalanceJson<'a>>,
    totals: TotalsJson,
    /// Present once pairs are proposed.
    needs_left_unmet: Option<Vec<UnmetJson<'a>>>,
}

#[derive(Serialize)]
struct BalanceJson<'a> {
    competency: &'a str,
    name: &'a str,
    mentees_needing: usize,
    mentors_offering: usize,
    mentors_with_room: usize,
    free_places: u32,
    gap: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentees: Option<Vec<String>>,
}

#[derive(Serialize)]
struct TotalsJson {
    mentees_waiting: usize,
    mentors_active: usize,
    mentors_with_room: usize,
    free_places: u32,
    gap: i64,
}

#[derive(Serialize)]
struct UnmetJson<'a> {
    competency: &'a str,
    name: &'a str,
    proposed_mentor_lacks_it: usize,
    still_waiting: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentees: Option<Vec<String>>,
}

pub fn json<'a>(ws: &Workspace, supply: &'a Supply, view: &View) -> String {
    let named = |mentees: &[usize]| view.names.then(|| ids(ws, mentees));
    let balance = |b: &'a Balance| BalanceJson {
        competency: &b.competency,
        name: &b.name,
        mentees_needing: b.needing.len(),
        mentors_offering: b.offering,
        mentors_with_room: b.with_room,
        free_places: b.free_places,
        gap: b.gap(),
        mentees: named(&b.needing),
    };
    let t = &supply.totals;
    to_json(&Document {
        intake: view.intake.map(|i| i.id.as_str()),
        waiting: t.waiting,
        carried_over: supply.carried_over,
        sealed_needs_not_counted: supply.sealed_needs,
        competencies: supply.balances.iter().map(balance).collect(),
        totals: TotalsJson {
            mentees_waiting: t.waiting,
            mentors_active: t.mentors,
            mentors_with_room: t.with_room,
            free_places: t.free_places,
            gap: t.gap(),
        },
        needs_left_unmet: supply.unmet.as_ref().map(|rows| {
            rows.iter()
                .map(|u| UnmetJson {
                    competency: &u.competency,
                    name: &u.name,
                    proposed_mentor_lacks_it: u.proposed.len(),
                    still_waiting: u.waiting.len(),
                    mentees: named(&u.mentees()),
                })
                .collect()
        }),
    })
}

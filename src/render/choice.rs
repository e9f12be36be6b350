//! What `mentor match` says about the mode it ran in against the other:
//! the pairs that block the optimum (optimal mode), or the score the stable
//! assignment gives up against the optimum (stable mode).

use std::fmt::Write as _;

use serde::Serialize;

use crate::matching::Plan;
use crate::matching::choice::{Blocking, Comparison};
use crate::workspace::Workspace;

/// How many blocking pairs the table names; JSON lists every one.
const LISTED: usize = 10;

/// The headline's "how chosen" part.
pub fn mode_text(plan: &Plan, objective_text: &str) -> String {
    match plan.choice {
        Comparison::Optimal { .. } => format!("Optimal for: {objective_text}"),
        Comparison::Stable { .. } => {
            "Stable: mentee-proposing deferred acceptance, rankings from `prefer`, then scores"
                .to_string()
        }
    }
}

fn pair_text(ws: &Workspace, b: &Blocking) -> String {
    format!("{}--{}", ws.people[b.mentee].id, ws.people[b.mentor].id)
}

/// The comparison, in lines, for the proposals' table.
pub fn comparison_text(ws: &Workspace, plan: &Plan) -> String {
    let mut out = String::new();
    match &plan.choice {
        Comparison::Optimal { blocking } if blocking.is_empty() => {
            out.push_str("Stable too: no mentee and mentor both rank each other above what they were given.\n");
        }
        Comparison::Optimal { blocking } => {
            let mut pairs: Vec<String> = blocking
                .iter()
                .take(LISTED)
                .map(|b| pair_text(ws, b))
                .collect();
            if blocking.len() > LISTED {
                pairs.push(format!(
                    "and {} more (`--format json` lists them all)",
                    blocking.len() - LISTED
                ));
            }
            let _ = writeln!(
                out,
                "Not stable: {} would both rather have each other than what they were given: {}. `--mode stable` leaves none.",
                crate::text::count(
                    blocking.len(),
                    "mentee and mentor pair|mentee and mentor pairs"
                ),
                pairs.join(", ")
            );
        }
        Comparison::Stable {
            stable, optimum, ..
        } => {
            let _ = writeln!(
                out,
                "Stable: no mentee and mentor both rank each other above what they were given. Total score {} over {} matched; the optimum (`--mode optimal`) scores {} over {} matched.",
                stable.1, stable.0, optimum.1, optimum.0
            );
        }
    }
    out
}

/// The comparison lines that concern one mentee, for `--explain`.
pub fn explain_text(ws: &Workspace, plan: &Plan, mentee: usize) -> String {
    let mine: Vec<String> = plan
        .choice
        .blocking()
        .iter()
        .filter(|b| b.mentee == mentee)
        .map(|b| ws.people[b.mentor].id.clone())
        .collect();
    match &plan.choice {
        Comparison::Optimal { .. } if mine.is_empty() => {
            "Stability: no mentor this mentee ranks above their proposal would rather have them.\n"
                .to_string()
        }
        Comparison::Optimal { .. } => format!(
            "Stability: {} and this mentee would both rather have each other (a blocking pair of the optimum; `--mode stable` leaves none).\n",
            mine.join(", ")
        ),
        Comparison::Stable { .. } => {
            let by = plan.choice.turned_down_by(mentee);
            let proposed = plan.proposals.iter().find(|p| p.mentee == mentee);
            let mut out = comparison_text(ws, plan);
            if !by.is_empty() {
                let ids: Vec<&str> = by.iter().map(|&m| ws.people[m].id.as_str()).collect();
                let (ids, full) = (
                    ids.join(", "),
                    if by.len() == 1 { "is" } else { "are each" },
                );
                let _ = match proposed {
                    Some(p) => writeln!(
                        out,
                        "Stable mode: this mentee ranks {ids} above {}, but {} {full} full with mentees they rank higher.",
                        ws.people[p.mentor].id,
                        if by.len() == 1 { "that mentor" } else { "they" }
                    ),
                    None => writeln!(
                        out,
                        "Stable mode: every mentor this mentee may have ({ids}) {full} full with mentees they rank higher."
                    ),
                };
            }
            out
        }
    }
}

/// The comparison in JSON.
#[derive(Serialize)]
pub struct ComparisonJson<'a> {
    mode: &'static str,
    /// Pairs (mentee, mentor) that block the proposals: empty in stable mode.
    blocking_pairs: Vec<BlockingJson<'a>>,
    /// Stable mode: matched mentees and total score of the stable
    /// assignment proposed and of the optimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    stable: Option<Totals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    optimum: Option<Totals>,
    /// `--explain`, stable mode: the mentors this mentee ranks above their
    /// proposal (all, when unmatched), each full with mentees they rank higher.
    #[serde(skip_serializing_if = "Option::is_none")]
    turned_down_by: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct BlockingJson<'a> {
    mentee: &'a str,
    mentor: &'a str,
}

#[derive(Serialize)]
struct Totals {
    matched: usize,
    total_score: u64,
}

/// The comparison: for the whole run, or (`--explain`) for one mentee.
pub fn comparison_json<'a>(
    ws: &'a Workspace,
    plan: &Plan,
    mentee: Option<usize>,
) -> ComparisonJson<'a> {
    let totals = |(matched, total_score): (usize, u64)| Totals {
        matched,
        total_score,
    };
    let (stable, optimum) = match plan.choice {
        Comparison::Stable {
            stable, optimum, ..
        } => (Some(totals(stable)), Some(totals(optimum))),
        Comparison::Optimal { .. } => (None, None),
    };
    ComparisonJson {
        mode: plan.choice.mode().as_str(),
        blocking_pairs: plan
            .choice
            .blocking()
            .iter()
            .filter(|b| mentee.is_none_or(|m| b.mentee == m))
            .map(|b| BlockingJson {
                mentee: &ws.people[b.mentee].id,
                mentor: &ws.people[b.mentor].id,
            })
            .collect(),
        stable,
        optimum,
        turned_down_by: mentee
            .filter(|_| plan.choice.mode() == crate::model::MatchingMode::Stable)
            .map(|m| {
                plan.choice
                    .turned_down_by(m)
                    .iter()
                    .map(|&p| ws.people[p].id.as_str())
                    .collect()
            }),
    }
}

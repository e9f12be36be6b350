//! `mentor match` output: proposals, one mentee's candidates, and the
//! score matrix for audit.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use crate::matching::rules::RuleContext;
use crate::matching::score::{Component, Criterion, ScoreRules};
use crate::matching::solver::Objective;
use crate::matching::{Candidate, Plan, Verdict, candidates};
use crate::render::table::table;
use crate::render::to_json;
use crate::workspace::Workspace;

/// Below this score a proposal is marked weak: it covers few of the
/// mentee's needs, and the coordinator should look at it.
pub const WEAK_SCORE: u8 = 40;

fn objective_text(objective: Objective) -> &'static str {
    match objective {
        Objective::MatchedThenWeight => {
            "as many mentees matched as possible, then the highest total score"
        }
        Objective::Weight => "the highest total score",
    }
}

pub fn plan_table(
    ws: &Workspace,
    plan: &Plan,
    objective: Objective,
    written: &[PathBuf],
    terminal: bool,
) -> String {
    let mut out = String::new();
    let waiting = plan.pools.mentees.len() + plan.pools.on_hold.len();
    let free: u32 = plan.pools.available_mentors().map(|m| m.free()).sum();
    let _ = writeln!(
        out,
        "{} waiting, {} free. Optimal for: {}.\n",
        crate::text::count(waiting, "mentee"),
        crate::text::count(free, "mentor place"),
        objective_text(objective)
    );
    if plan.proposals.is_empty() {
        out.push_str("No pairs to propose.\n");
    } else {
        let rows: Vec<Vec<String>> = plan
            .proposals
            .iter()
            .map(|p| {
                vec![
                    ws.people[p.mentee].id.clone(),
                    ws.people[p.mentor].id.clone(),
                    if p.score.total < WEAK_SCORE {
                        format!("{} (weak)", p.score.total)
                    } else {
                        p.score.total.to_string()
                    },
                    p.score.reasons(3).join("; "),
                ]
            })
            .collect();
        let _ = writeln!(out, "Proposed pairs ({}):", rows.len());
        out.push_str(&table(
            &["mentee", "mentor", "score", "why"],
            &rows,
            terminal,
        ));
        let _ = writeln!(
            out,
            "Total score {} over {}.",
            plan.total_score(),
            crate::text::count(plan.proposals.len(), "pair")
        );
        let weak = plan
            .proposals
            .iter()
            .filter(|p| p.score.total < WEAK_SCORE)
            .count();
        if weak > 0 {
            let _ = writeln!(
                out,
                "{} (score under {WEAK_SCORE}): check them with --explain, or leave weak matches unmatched with --min-score {WEAK_SCORE}.",
                crate::text::count(weak, "weak proposal")
            );
        }
    }
    if !plan.unmatched.is_empty() {
        let _ = writeln!(out, "\nUnmatched ({}):", plan.unmatched.len());
        for u in &plan.unmatched {
            let _ = writeln!(out, "  {}: {}", ws.people[u.mentee].id, u.reason);
        }
    }
    if written.is_empty() {
        if !plan.proposals.is_empty() {
            out.push_str("\nNothing written; run with --write to create the pair files, or --explain PERSON to see why.\n");
        }
    } else {
        let _ = writeln!(
            out,
            "\nWrote {}:",
            crate::text::count(written.len(), "pair folder")
        );
        for dir in written {
            let _ = writeln!(out, "  {}", crate::load::display_path(dir));
        }
    }
    out
}

#[derive(Serialize)]
struct PlanDocument<'a> {
    objective: &'static str,
    matched: usize,
    total_score: u64,
    proposals: Vec<ProposalJson<'a>>,
    unmatched: Vec<UnmatchedJson<'a>>,
    written: Vec<String>,
}

#[derive(Serialize)]
struct ProposalJson<'a> {
    mentee: &'a str,
    mentor: &'a str,
    score: u8,
    reasons: Vec<String>,
    components: &'a [Component],
}

#[derive(Serialize)]
struct UnmatchedJson<'a> {
    mentee: &'a str,
    reason: &'a str,
}

pub fn plan_json(ws: &Workspace, plan: &Plan, objective: Objective, written: &[PathBuf]) -> String {
    to_json(&PlanDocument {
        objective: match objective {
            Objective::MatchedThenWeight => "count",
            Objective::Weight => "score",
        },
        matched: plan.proposals.len(),
        total_score: plan.total_score(),
        proposals: plan
            .proposals
            .iter()
            .map(|p| ProposalJson {
                mentee: &ws.people[p.mentee].id,
                mentor: &ws.people[p.mentor].id,
                score: p.score.total,
                reasons: p.score.reasons(7),
                components: &p.score.components,
            })
            .collect(),
        unmatched: plan
            .unmatched
            .iter()
            .map(|u| UnmatchedJson {
                mentee: &ws.people[u.mentee].id,
                reason: &u.reason,
            })
            .collect(),
        written: written
            .iter()
            .map(|d| crate::load::display_path(d))
            .collect(),
    })
}

fn proposed_mentor(plan: &Plan, mentee: usize) -> Option<usize> {
    plan.proposals
        .iter()
        .find(|p| p.mentee == mentee)
        .map(|p| p.mentor)
}

fn status_of(plan: &Plan, mentee: usize, candidate: &Candidate) -> String {
    match &candidate.verdict {
        Verdict::Allowed(_) if proposed_mentor(plan, mentee) == Some(candidate.mentor) => {
            "proposed".into()
        }
        Verdict::Allowed(_) => "allowed".into(),
        Verdict::Unavailable(why, _) => format!("unavailable:{}", why.name()),
        Verdict::Forbidden(rule) => format!("forbidden:{}", rule.name()),
    }
}

pub fn explain_table(
    ws: &Workspace,
    plan: &Plan,
    mentee: usize,
    list: &[Candidate],
    terminal: bool,
) -> String {
    let person = &ws.people[mentee];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Candidates for {} ({}); needs: {}",
        person.id,
        person.person.name,
        if person.person.needs.is_empty() {
            "none listed".into()
        } else {
            person.person.needs.join(", ")
        }
    );
    if !plan.pools.mentees.contains(&mentee) {
        let why = plan.unmatched.iter().find(|u| u.mentee == mentee).map_or(
            "not waiting for a mentor (already paired, or not a mentee)",
            |u| u.reason.as_str(),
        );
        let _ = writeln!(out, "Not in this match run: {why}.");
    }
    let mut header = vec!["rank", "mentor", "score"];
    header.extend(Criterion::ALL.map(Criterion::name));
    header.push("status");
    let mut rows = Vec::new();
    let mut rank = 0;
    for c in list {
        let mut row = Vec::new();
        match &c.verdict {
            Verdict::Allowed(s) | Verdict::Unavailable(_, s) => {
                rank += 1;
                row.push(rank.to_string());
                row.push(ws.people[c.mentor].id.clone());
                row.push(s.total.to_string());
                row.extend(Criterion::ALL.iter().map(|&criterion| {
                    s.component(criterion)
                        .map_or_else(String::new, |c| format!("{:.1}", c.points))
                }));
            }
            Verdict::Forbidden(_) => {
                row.push("-".into());
                row.push(ws.people[c.mentor].id.clone());
                row.push("-".into());
                row.extend(Criterion::ALL.iter().map(|_| String::new()));
            }
        }
        row.push(match &c.verdict {
            Verdict::Forbidden(rule) => format!("forbidden: {}", rule.describe()),
            _ => status_of(plan, mentee, c),
        });
        rows.push(row);
    }
    out.push_str(&table(&header, &rows, terminal));
    match plan.proposals.iter().find(|p| p.mentee == mentee) {
        Some(p) => {
            let _ = writeln!(
                out,
                "Proposed: {} (score {}): {}.",
                ws.people[p.mentor].id,
                p.score.total,
                p.score.reasons(7).join("; ")
            );
            let _ = writeln!(
                out,
                "Next: `mentor match --write` creates the proposed pair's folder."
            );
        }
        None => {
            let why = plan
                .unmatched
                .iter()
                .find(|u| u.mentee == mentee)
                .map_or("not waiting for a mentor", |u| u.reason.as_str());
            let _ = writeln!(
                out,
                "Not proposed: {why}.\nNext: widen the pool (more mentors, or mentors' capacity), or relax the rule that excludes most candidates above."
            );
        }
    }
    out
}

#[derive(Serialize)]
struct ExplainDocument<'a> {
    mentee: &'a str,
    candidates: Vec<CandidateJson<'a>>,
}

#[derive(Serialize)]
struct CandidateJson<'a> {
    mentor: &'a str,
    score: Option<u8>,
    status: String,
    components: Option<&'a [Component]>,
}

pub fn explain_json(ws: &Workspace, plan: &Plan, mentee: usize, list: &[Candidate]) -> String {
    let candidates = list
        .iter()
        .map(|c| {
            let score = match &c.verdict {
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) => Some(s),
                Verdict::Forbidden(_) => None,
            };
            CandidateJson {
                mentor: &ws.people[c.mentor].id,
                score: score.map(|s| s.total),
                status: status_of(plan, mentee, c),
                components: score.map(|s| s.components.as_slice()),
            }
        })
        .collect();
    to_json(&ExplainDocument {
        mentee: &ws.people[mentee].id,
        candidates,
    })
}

/// One row per (waiting mentee, mentor): the matrix the solver saw, plus the
/// mentors who could not take part and why.
pub fn score_matrix(
    ws: &Workspace,
    plan: &Plan,
    rules: &RuleContext,
    score_rules: &ScoreRules,
) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["mentee", "mentor", "score", "status"];
    header.extend(Criterion::ALL.map(Criterion::name));
    writer.write_record(&header)?;
    for &mentee in &plan.pools.mentees {
        for c in candidates(ws, &plan.pools, rules, score_rules, mentee) {
            let mut record = vec![ws.people[mentee].id.clone(), ws.people[c.mentor].id.clone()];
            match &c.verdict {
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) => {
                    record.push(s.total.to_string());
                    record.push(status_of(plan, mentee, &c));
                    record.extend(Criterion::ALL.iter().map(|&criterion| {
                        s.component(criterion)
                            .map_or_else(String::new, |c| format!("{:.2}", c.points))
                    }));
                }
                Verdict::Forbidden(_) => {
                    record.push(String::new());
                    record.push(status_of(plan, mentee, &c));
                    record.extend(Criterion::ALL.iter().map(|_| String::new()));
                }
            }
            writer.write_record(&record)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot build the score CSV: {e}"))
}

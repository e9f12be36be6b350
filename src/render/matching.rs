//! `mentor match` output: proposals, one mentee's candidates, and the
//! score matrix for audit.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use crate::matching::explain::Displaced;
use crate::matching::rules::{Exclusion, RuleContext};
use crate::matching::score::{Component, Criterion, ScoreRules};
use crate::matching::solver::Objective;
use crate::matching::{Candidate, Plan, Unavailable, Verdict, candidates};
use crate::render::choice;
use crate::render::table::table;
use crate::render::to_json;
use crate::workspace::Workspace;

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
    let carried = match plan.pools.carried_over.len() {
        0 => String::new(),
        n => format!(" ({n} carried over from earlier intakes, first in line)"),
    };
    // A group run proposes members of each mentor's new group, not pairs.
    let groups = plan.forms_groups();
    let (place, proposed, folder) = if groups {
        ("group place", "members", "group folder")
    } else {
        ("mentor place", "pairs", "pair folder")
    };
    let _ = writeln!(
        out,
        "{} waiting{carried}, {} free. {}.\n",
        crate::text::count(waiting, "mentee"),
        crate::text::count(free, place),
        choice::mode_text(plan, objective_text(objective))
    );
    if plan.proposals.is_empty() {
        let _ = writeln!(out, "No {proposed} to propose.");
    } else {
        let rows: Vec<Vec<String>> = plan
            .proposals
            .iter()
            .map(|p| {
                vec![
                    ws.people[p.mentee].id.clone(),
                    ws.people[p.mentor].id.clone(),
                    if p.is_weak(plan) {
                        format!("{} (weak)", p.score.total)
                    } else {
                        p.score.total.to_string()
                    },
                    p.score.reasons(3).join("; "),
                ]
            })
            .collect();
        let _ = writeln!(out, "Proposed {proposed} ({}):", rows.len());
        out.push_str(&table(
            &["mentee", "mentor", "score", "why"],
            &rows,
            terminal,
        ));
        let over = if groups {
            format!(
                "{} in {}",
                crate::text::count(plan.proposals.len(), "member"),
                crate::text::count(
                    crate::matching::groups::proposed_groups(ws, plan).len(),
                    "group"
                )
            )
        } else {
            crate::text::count(plan.proposals.len(), "pair")
        };
        let _ = writeln!(out, "Total score {} over {over}.", plan.total_score());
        out.push_str(&choice::comparison_text(ws, plan));
        out.push_str(&crate::render::groups::proposed_groups_text(ws, plan));
        let weak = plan.proposals.iter().filter(|p| p.is_weak(plan)).count();
        if weak > 0 {
            let _ = writeln!(
                out,
                "{} (score under the minimum, {}), proposed because of --allow-weak: check each with --explain PERSON before writing it.",
                crate::text::count(weak, "weak proposal"),
                plan.min_score
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
            let files = if groups {
                "group folders"
            } else {
                "pair files"
            };
            let _ = writeln!(
                out,
                "\nNothing written; run with --write to create the {files}, or --explain PERSON to see why."
            );
        }
    } else {
        let _ = writeln!(
            out,
            "\nWrote {}:",
            crate::text::count(written.len(), folder)
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
    /// The mode, and what it gives up against the other.
    choice: choice::ComparisonJson<'a>,
}

#[derive(Serialize)]
struct ProposalJson<'a> {
    mentee: &'a str,
    mentor: &'a str,
    score: u8,
    /// Below the minimum score: proposed only because of `--allow-weak`.
    weak: bool,
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
                weak: p.is_weak(plan),
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
        choice: choice::comparison_json(ws, plan, None),
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
        Verdict::Weak(_) => format!("forbidden:{}", Exclusion::BelowMinimumScore.name()),
        Verdict::Forbidden(rule) => format!("forbidden:{}", rule.name()),
    }
}

pub fn explain_table(
    ws: &Workspace,
    plan: &Plan,
    mentee: usize,
    list: &[Candidate],
    displaced: Option<&Displaced>,
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
    if let Some(line) = carry_over_line(ws, plan, mentee) {
        let _ = writeln!(out, "{line}");
    }
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
            Verdict::Allowed(s) | Verdict::Unavailable(_, s) | Verdict::Weak(s) => {
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
            Verdict::Forbidden(rule) => {
                format!(
                    "forbidden: {}",
                    forbidden_because(ws, mentee, c.mentor, *rule)
                )
            }
            Verdict::Weak(_) => weak_because(plan),
            Verdict::Unavailable(Unavailable::FullByHours, _) => full_by_hours(ws, plan, c.mentor),
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
                "Not proposed: {why}.\nNext: {}",
                next_for_unmatched(ws, plan, mentee, list)
            );
        }
    }
    if let Some(d) = displaced {
        out.push_str(&why_not_first(ws, mentee, d));
    }
    if plan.pools.mentees.contains(&mentee) {
        out.push_str(&choice::explain_text(ws, plan, mentee));
    }
    out
}

/// The priority a mentee carried over from an earlier intake has in this
/// run, in words.
fn carry_over_line(ws: &Workspace, plan: &Plan, mentee: usize) -> Option<String> {
    let carried = plan.pools.carried_over(mentee)?;
    let from = ws.programme.as_ref()?.intakes.get(carried.from)?;
    Some(format!(
        "Carried over from intake `{}` ({}), still waiting: +{} on every candidate's weight in this run (`[matching] carry_over`), so they are matched before newer applicants of equal fit; the scores below are without it.",
        from.id,
        from.label(),
        carried.points
    ))
}

/// What the coordinator can do for a mentee left without a proposal.
fn next_for_unmatched(ws: &Workspace, plan: &Plan, mentee: usize, list: &[Candidate]) -> String {
    let person = &ws.people[mentee];
    let on_hold = plan.pools.on_hold.iter().any(|(m, _)| *m == mentee);
    let only_weak = list.iter().any(|c| matches!(c.verdict, Verdict::Weak(_)))
        && !list
            .iter()
            .any(|c| matches!(c.verdict, Verdict::Allowed(_)));
    if on_hold {
        // Approval is the only thing missing: the pool is not the problem.
        format!(
            "record {}'s written supervisor approval in their person file (`supervisor_approval = {{ by = \"...\", date = YYYY-MM-DD }}`), then run `mentor match` again.",
            person.person.name
        )
    } else if only_weak {
        format!(
            "`mentor match --allow-weak` proposes the best of them for {}, marked weak (or lower `[matching] min_score`); or widen the pool.",
            person.person.name
        )
    } else {
        "widen the pool (more mentors, or mentors' capacity), or relax the rule that excludes most candidates above.".into()
    }
}

/// Why a mentor with places left takes no one: the hours a month they
/// offered are spent on the pairs they have, at the programme's hours per pair.
fn full_by_hours(ws: &Workspace, plan: &Plan, mentor: usize) -> String {
    let offered = ws.people[mentor].person.hours_per_month.unwrap_or(0);
    let pair_minutes = crate::model::Programme::pair_minutes_per_month(ws.programme.as_ref());
    let (load, capacity) = plan
        .pools
        .mentors
        .iter()
        .find(|seat| seat.person == mentor)
        .map_or((0, 0), |seat| (seat.load, seat.capacity));
    format!(
        "unavailable: full by hours, not by capacity ({} a month offered, {} at {:.1} hours a month each; {} of {} places taken)",
        crate::text::count(offered, "hour"),
        crate::text::count(load, "pair"),
        f64::from(pair_minutes) / 60.0,
        load,
        capacity
    )
}

/// Why a candidate under the minimum score is not proposed.
fn weak_because(plan: &Plan) -> String {
    format!(
        "weak: under the minimum score {} (--allow-weak)",
        plan.min_score
    )
}

/// Why a hard rule rules the mentor out, in words; a proposal turned down
/// says when and by whom, as the pair file records it.
fn forbidden_because(ws: &Workspace, mentee: usize, mentor: usize, rule: Exclusion) -> String {
    if rule != Exclusion::TurnedDown {
        return rule.describe().to_string();
    }
    let (mentee_id, mentor_id) = (&ws.people[mentee].id, &ws.people[mentor].id);
    let turned_down = ws.pairs.iter().rev().find(|p| {
        p.pair.status == crate::model::PairStatus::Rejected
            && p.pair.has_mentee(mentee_id)
            && p.pair.has_mentor(mentor_id)
    });
    let Some(pair) = turned_down.map(|p| &p.pair) else {
        return rule.describe().to_string();
    };
    let mut text = match pair.rejected_on {
        Some(day) => format!("turned down on {}", crate::date::written_out(day)),
        None => "turned down".to_string(),
    };
    if let Some(by) = &pair.rejected_by {
        let name = ws.name_or_id(by);
        text.push_str(&format!(" (by {name})"));
    }
    text
}

/// The top-ranked candidate went elsewhere: to whom, and what it would
/// cost the cohort to give them to this mentee instead.
fn why_not_first(ws: &Workspace, mentee: usize, d: &Displaced) -> String {
    let name = |i: usize| format!("{} ({})", ws.people[i].person.name, ws.people[i].id);
    let mentor = name(d.mentor);
    let holders = if d.taken_by.is_empty() {
        "does not use them".to_string()
    } else {
        format!(
            "proposes them for {}",
            d.taken_by
                .iter()
                .map(|&m| name(m))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let cost = match (d.fewer_matched(), d.score_lost()) {
        (0, 0) => format!(
            "would give the same total score ({}): a tie, settled the same way on every run",
            d.optimum.1
        ),
        (0, lost) => format!(
            "would lower the cohort's total score by {lost}, from {} to {}",
            d.optimum.1, d.forced.1
        ),
        (fewer, _) => format!(
            "would leave {} unmatched (total score {} instead of {})",
            crate::text::count(fewer, "more mentee|more mentees"),
            d.forced.1,
            d.optimum.1
        ),
    };
    format!(
        "Why not {mentor}, ranked first (score {})? The best plan for the whole cohort {holders}; pairing {mentor} with {} instead {cost}.\n",
        d.score,
        name(mentee)
    )
}

#[derive(Serialize)]
struct ExplainDocument<'a> {
    mentee: &'a str,
    candidates: Vec<CandidateJson<'a>>,
    /// The top-ranked candidate, when the optimum proposes someone else.
    first_not_proposed: Option<DisplacedJson<'a>>,
    /// In an intake's match, the earlier intake the mentee waits from and
    /// the points their candidates gain.
    #[serde(skip_serializing_if = "Option::is_none")]
    carried_over: Option<CarriedOverJson<'a>>,
    /// The mode, and the blocking pairs this mentee is in.
    choice: choice::ComparisonJson<'a>,
}

#[derive(Serialize)]
struct CarriedOverJson<'a> {
    from_intake: &'a str,
    points: u8,
}

#[derive(Serialize)]
struct CandidateJson<'a> {
    mentor: &'a str,
    score: Option<u8>,
    status: String,
    /// For a forbidden mentor, the rule in words ("turned down on ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    components: Option<&'a [Component]>,
}

#[derive(Serialize)]
struct DisplacedJson<'a> {
    mentor: &'a str,
    score: u8,
    /// The mentees the optimum proposes for them instead.
    proposed_for: Vec<&'a str>,
    matched: usize,
    total_score: u64,
    /// The same two figures for the best plan that pairs them with this mentee.
    matched_if_paired: usize,
    total_score_if_paired: u64,
}

pub fn explain_json(
    ws: &Workspace,
    plan: &Plan,
    mentee: usize,
    list: &[Candidate],
    displaced: Option<&Displaced>,
) -> String {
    let candidates = list
        .iter()
        .map(|c| {
            let score = match &c.verdict {
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) | Verdict::Weak(s) => Some(s),
                Verdict::Forbidden(_) => None,
            };
            CandidateJson {
                mentor: &ws.people[c.mentor].id,
                score: score.map(|s| s.total),
                status: status_of(plan, mentee, c),
                reason: match c.verdict {
                    Verdict::Forbidden(rule) => Some(forbidden_because(ws, mentee, c.mentor, rule)),
                    Verdict::Weak(_) => Some(weak_because(plan)),
                    _ => None,
                },
                components: score.map(|s| s.components.as_slice()),
            }
        })
        .collect();
    to_json(&ExplainDocument {
        mentee: &ws.people[mentee].id,
        candidates,
        first_not_proposed: displaced.map(|d| DisplacedJson {
            mentor: &ws.people[d.mentor].id,
            score: d.score,
            proposed_for: d
                .taken_by
                .iter()
                .map(|&m| ws.people[m].id.as_str())
                .collect(),
            matched: d.optimum.0,
            total_score: d.optimum.1,
            matched_if_paired: d.forced.0,
            total_score_if_paired: d.forced.1,
        }),
        carried_over: plan.pools.carried_over(mentee).and_then(|c| {
            Some(CarriedOverJson {
                from_intake: ws.programme.as_ref()?.intakes.get(c.from)?.id.as_str(),
                points: c.points,
            })
        }),
        choice: choice::comparison_json(ws, plan, Some(mentee)),
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
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) | Verdict::Weak(s) => {
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

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde_json::json;

use crate::Outcome;
use crate::cli::{MatchArgs, MatchObjective, TableFormat};
use crate::commands::new::{pair_files, pair_toml};
use crate::commands::{Context, as_of, load_valid, print};
use crate::edit::{Change, apply};
use crate::fsutil::{Overwrite, write_atomic};
use crate::matching::rules::RuleContext;
use crate::matching::score::{COMPONENTS, ScoreRules};
use crate::matching::solver::Objective;
use crate::matching::{Candidate, MatchOptions, Plan, Proposal, Verdict, candidates, plan};
use crate::render::table::table;
use crate::workspace::Workspace;

pub fn run(args: &MatchArgs, context: &Context) -> Result<Outcome> {
    let as_of = as_of(args.programme.as_of);
    let ws = load_valid(&args.programme.dir)?;
    let options = MatchOptions {
        objective: match args.objective {
            MatchObjective::Count => Objective::MatchedThenWeight,
            MatchObjective::Score => Objective::Weight,
        },
        allow_repeat: args.allow_repeat,
        as_of,
    };
    let plan = plan(&ws, &options);
    let rules = RuleContext::new(&ws, args.allow_repeat);
    let score_rules = ScoreRules::from_programme(ws.programme.as_ref());

    if let Some(file) = &args.scores {
        write_atomic(
            file,
            &score_matrix(&ws, &plan, &rules, &score_rules)?,
            Overwrite::Allowed,
        )?;
    }
    if let Some(id) = &args.explain {
        let Some(mentee) = ws.person_index(id) else {
            bail!("no person `{id}` in {}", ws.root.join("people").display());
        };
        let list = candidates(&ws, &plan.pools, &rules, &score_rules, mentee);
        let text = match args.format {
            TableFormat::Table => explain_table(&ws, &plan, mentee, &list, context.terminal),
            TableFormat::Json => explain_json(&ws, &plan, mentee, &list),
        };
        print(&text)?;
        return Ok(Outcome::Success);
    }

    let written = if args.write {
        write_pairs(&ws, &plan, as_of)?
    } else {
        Vec::new()
    };
    let text = match args.format {
        TableFormat::Table => plan_table(&ws, &plan, args, &written, context.terminal),
        TableFormat::Json => plan_json(&ws, &plan, args.objective, &written),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

fn objective_text(objective: MatchObjective) -> &'static str {
    match objective {
        MatchObjective::Count => {
            "as many mentees matched as possible, then the highest total score"
        }
        MatchObjective::Score => "the highest total score",
    }
}

fn plan_table(
    ws: &Workspace,
    plan: &Plan,
    args: &MatchArgs,
    written: &[PathBuf],
    terminal: bool,
) -> String {
    let mut out = String::new();
    let waiting = plan.pools.mentees.len() + plan.pools.on_hold.len();
    let free: u32 = plan.pools.available_mentors().map(|m| m.free()).sum();
    let _ = writeln!(
        out,
        "{} mentee(s) waiting, {} mentor place(s) free. Optimal for: {}.\n",
        waiting,
        free,
        objective_text(args.objective)
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
                    p.score.total.to_string(),
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
            "Total score {} over {} pair(s).",
            plan.total_score(),
            plan.proposals.len()
        );
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
        let _ = writeln!(out, "\nWrote {} pair folder(s):", written.len());
        for dir in written {
            let _ = writeln!(out, "  {}", crate::load::display_path(dir));
        }
    }
    out
}

fn proposal_json(ws: &Workspace, p: &Proposal) -> serde_json::Value {
    json!({
        "mentee": ws.people[p.mentee].id,
        "mentor": ws.people[p.mentor].id,
        "score": p.score.total,
        "reasons": p.score.reasons(7),
        "components": p.score.components,
    })
}

fn plan_json(
    ws: &Workspace,
    plan: &Plan,
    objective: MatchObjective,
    written: &[PathBuf],
) -> String {
    let doc = json!({
        "objective": match objective { MatchObjective::Count => "count", MatchObjective::Score => "score" },
        "matched": plan.proposals.len(),
        "total_score": plan.total_score(),
        "proposals": plan.proposals.iter().map(|p| proposal_json(ws, p)).collect::<Vec<_>>(),
        "unmatched": plan.unmatched.iter().map(|u| json!({"mentee": ws.people[u.mentee].id, "reason": u.reason})).collect::<Vec<_>>(),
        "written": written.iter().map(|d| crate::load::display_path(d)).collect::<Vec<_>>(),
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
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

fn explain_table(
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
    header.extend(COMPONENTS);
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
                row.extend(COMPONENTS.iter().map(|name| {
                    s.component(name)
                        .map_or_else(String::new, |c| format!("{:.1}", c.points))
                }));
            }
            Verdict::Forbidden(_) => {
                row.push("-".into());
                row.push(ws.people[c.mentor].id.clone());
                row.push("-".into());
                row.extend(COMPONENTS.iter().map(|_| String::new()));
            }
        }
        row.push(match &c.verdict {
            Verdict::Forbidden(rule) => format!("forbidden: {}", rule.describe()),
            _ => status_of(plan, mentee, c),
        });
        rows.push(row);
    }
    out.push_str(&table(&header, &rows, terminal));
    if let Some(p) = plan.proposals.iter().find(|p| p.mentee == mentee) {
        let _ = writeln!(
            out,
            "Proposed: {} (score {}): {}.",
            ws.people[p.mentor].id,
            p.score.total,
            p.score.reasons(7).join("; ")
        );
    }
    out
}

fn explain_json(ws: &Workspace, plan: &Plan, mentee: usize, list: &[Candidate]) -> String {
    let items: Vec<_> = list
        .iter()
        .map(|c| {
            let (score, components) = match &c.verdict {
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) => (Some(s.total), Some(&s.components)),
                Verdict::Forbidden(_) => (None, None),
            };
            json!({"mentor": ws.people[c.mentor].id, "score": score, "status": status_of(plan, mentee, c), "components": components})
        })
        .collect();
    let doc = json!({"mentee": ws.people[mentee].id, "candidates": items});
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// One row per (waiting mentee, mentor): the matrix the solver saw, plus the
/// mentors who could not take part and why.
fn score_matrix(
    ws: &Workspace,
    plan: &Plan,
    rules: &RuleContext,
    score_rules: &ScoreRules,
) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["mentee", "mentor", "score", "status"];
    header.extend(COMPONENTS);
    writer.write_record(&header)?;
    for &mentee in &plan.pools.mentees {
        for c in candidates(ws, &plan.pools, rules, score_rules, mentee) {
            let mut record = vec![ws.people[mentee].id.clone(), ws.people[c.mentor].id.clone()];
            match &c.verdict {
                Verdict::Allowed(s) | Verdict::Unavailable(_, s) => {
                    record.push(s.total.to_string());
                    record.push(status_of(plan, mentee, &c));
                    record.extend(COMPONENTS.iter().map(|n| {
                        s.component(n)
                            .map_or_else(String::new, |c| format!("{:.2}", c.points))
                    }));
                }
                Verdict::Forbidden(_) => {
                    record.push(String::new());
                    record.push(status_of(plan, mentee, &c));
                    record.extend(COMPONENTS.iter().map(|_| String::new()));
                }
            }
            writer.write_record(&record)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot build the score CSV: {e}"))
}

/// Create a pair folder per proposal. The whole set is checked against the
/// programme before anything is written, and no existing file is replaced.
fn write_pairs(ws: &Workspace, plan: &Plan, as_of: NaiveDate) -> Result<Vec<PathBuf>> {
    let pairs_dir = ws.root.join("pairs");
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut changes = Vec::new();
    for p in &plan.proposals {
        let base = format!("{}--{}", ws.people[p.mentee].id, ws.people[p.mentor].id);
        let dir = (1..)
            .map(|n| {
                if n == 1 {
                    pairs_dir.join(&base)
                } else {
                    pairs_dir.join(format!("{base}-{n}"))
                }
            })
            .find(|d| !d.exists() && !dirs.contains(d))
            .unwrap_or_else(|| pairs_dir.join(&base));
        let header = format!(
            "# Proposed by `mentor match` on {as_of}. When the pair begins, set\n# status = \"active\", add `started`, and agree the [agreement].\n"
        );
        let text = pair_toml(
            &ws.people[p.mentor].id,
            &ws.people[p.mentee].id,
            false,
            as_of,
            &header,
            |doc| {
                doc["score"] = toml_edit::value(i64::from(p.score.total));
                doc["reasons"] =
                    toml_edit::value(p.score.reasons(7).into_iter().collect::<toml_edit::Array>());
            },
        );
        changes.extend(
            pair_files(&dir, text)
                .into_iter()
                .map(|(path, text)| Change {
                    path,
                    base: None,
                    text,
                }),
        );
        dirs.push(dir);
    }
    apply(ws, &changes)?;
    Ok(dirs)
}

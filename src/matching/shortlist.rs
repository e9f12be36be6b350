//! Shortlists (`mentor match --shortlist N`): each waiting mentee's best
//! allowed mentors, for the mentee to rank. The same candidates `--explain`
//! ranks, kept to those `match` could propose now: every hard rule applied,
//! a free place, at or above the minimum score.

use crate::matching::rules::RuleContext;
use crate::matching::score::Score;
use crate::matching::{MatchOptions, Verdict, candidates, pools_for};
use crate::workspace::Workspace;

/// How many reasons each shortlisted mentor carries.
const REASONS: usize = 4;

/// One waiting mentee's shortlist, best first.
#[derive(Clone, Debug)]
pub struct Shortlist {
    pub mentee: usize,
    pub mentors: Vec<Shortlisted>,
}

/// A mentor on a shortlist, and why they fit.
#[derive(Clone, Debug)]
pub struct Shortlisted {
    pub mentor: usize,
    pub score: Score,
    /// In plain words, naming no value the programme seals (see
    /// [`Score::reasons`]) and no other mentee.
    pub reasons: Vec<String>,
}

/// Every waiting mentee's `size` best allowed mentors, mentees by id.
pub fn shortlists(ws: &Workspace, options: &MatchOptions, size: usize) -> Vec<Shortlist> {
    // The run's pools: an intake's round when `--intake` names one.
    let pools = pools_for(ws, options);
    let rules = RuleContext::new(ws, options.allow_repeat);
    let score_rules = options.score_rules(ws);
    let mut out: Vec<Shortlist> = pools
        .mentees
        .iter()
        .map(|&mentee| Shortlist {
            mentee,
            mentors: candidates(ws, &pools, &rules, &score_rules, mentee)
                .into_iter()
                .filter_map(|c| match c.verdict {
                    Verdict::Allowed(score) => Some(Shortlisted {
                        mentor: c.mentor,
                        reasons: score.reasons(REASONS),
                        score,
                    }),
                    _ => None,
                })
                .take(size)
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| ws.people[a.mentee].id.cmp(&ws.people[b.mentee].id));
    out
}

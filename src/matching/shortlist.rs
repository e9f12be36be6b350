//! Shortlists (`mentor match --shortlist N`): each waiting mentee's best
//! allowed mentors, for the mentee to rank. The same candidates `--explain`
//! ranks, kept to those `match` could propose now: every hard rule applied,
//! a free place, at or above the minimum score.

use crate::matching::rules::RuleContext;
use crate::matching::score::{RowScore, Score, score};
use crate::matching::{MatchOptions, pools_for};
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

/// Every waiting mentee's `size` best allowed mentors, mentees by id: the
/// order `--explain` gives its allowed candidates (score, then id). Each
/// row is judged with the matrix's cheap totals (`RowScore`), and only the
/// `size` kept are scored in full for their reasons: scoring and sorting
/// every mentor in full for every mentee made shortlists 11x a match.
pub fn shortlists(ws: &Workspace, options: &MatchOptions, size: usize) -> Vec<Shortlist> {
    // The run's pools: an intake's round when `--intake` names one.
    let pools = pools_for(ws, options);
    let rules = RuleContext::new(ws, options.allow_repeat);
    let score_rules = options.score_rules(ws);
    let seats: Vec<usize> = pools.available_mentors().map(|s| s.person).collect();
    let mut out: Vec<Shortlist> = pools
        .mentees
        .iter()
        .map(|&mentee| {
            let totals = RowScore::new(&rules.profiles, &score_rules, mentee);
            let row = rules.row(mentee);
            let mut allowed: Vec<(u8, usize)> = seats
                .iter()
                .filter(|&&mentor| row.exclusion(mentor).is_none())
                .map(|&mentor| (totals.total(mentor), mentor))
                .filter(|&(total, _)| total >= score_rules.min_score)
                .collect();
            let best_first = |a: &(u8, usize), b: &(u8, usize)| {
                b.0.cmp(&a.0)
                    .then_with(|| ws.people[a.1].id.cmp(&ws.people[b.1].id))
            };
            if allowed.len() > size {
                allowed.select_nth_unstable_by(size, best_first);
                allowed.truncate(size);
            }
            allowed.sort_by(best_first);
            Shortlist {
                mentee,
                mentors: allowed
                    .into_iter()
                    .map(|(_, mentor)| {
                        let score = score(ws, &rules.profiles, &score_rules, mentee, mentor);
                        Shortlisted {
                            mentor,
                            reasons: score.reasons(REASONS),
                            score,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| ws.people[a.mentee].id.cmp(&ws.people[b.mentee].id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{Verdict, candidates};

    /// The shortlist is the allowed prefix of the candidates `--explain`
    /// ranks, in the same order, with the same full scores: for every
    /// waiting mentee of the example, at every size up to all of them.
    #[test]
    fn shortlists_are_the_allowed_candidates_explain_ranks_first() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/university");
        let ws = crate::load::load(&root).expect("the example loads");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).expect("a date");
        let options = MatchOptions::programme_defaults(&ws, as_of);
        let pools = pools_for(&ws, &options);
        let rules = RuleContext::new(&ws, options.allow_repeat);
        let score_rules = options.score_rules(&ws);
        assert!(!pools.mentees.is_empty());
        let mut compared = 0;
        for size in [1, 2, 3, 50] {
            for list in shortlists(&ws, &options, size) {
                let expected: Vec<(usize, u8)> =
                    candidates(&ws, &pools, &rules, &score_rules, list.mentee)
                        .into_iter()
                        .filter_map(|c| match c.verdict {
                            Verdict::Allowed(s) => Some((c.mentor, s.total)),
                            _ => None,
                        })
                        .take(size)
                        .collect();
                let got: Vec<(usize, u8)> = list
                    .mentors
                    .iter()
                    .map(|m| (m.mentor, m.score.total))
                    .collect();
                assert_eq!(got, expected, "mentee {}", ws.people[list.mentee].id);
                compared += got.len();
            }
        }
        assert!(
            compared > 10,
            "the example gives shortlists to compare: {compared}"
        );
    }
}

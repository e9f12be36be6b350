//! Why a mentee's best-ranked candidate was not proposed for them: who the
//! optimum gives that mentor to, and what it would cost the cohort to give
//! them to this mentee instead, measured by solving again with the pair
//! forced (the solver is exact, so this is the true cost, not an estimate).

use crate::matching::solver::{solve, solve_with};
use crate::matching::{Candidate, MatchOptions, Plan, Verdict, problem};
use crate::workspace::Workspace;

/// The top-ranked allowed candidate, not proposed for this mentee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Displaced {
    /// The mentor ranked first for the mentee (by person index).
    pub mentor: usize,
    /// Their score with this mentee.
    pub score: u8,
    /// The mentees the optimum proposes for that mentor instead.
    pub taken_by: Vec<usize>,
    /// The cohort's matched mentees and total score in the optimum...
    pub optimum: (usize, u64),
    /// ... and in the best plan that pairs this mentee with that mentor.
    pub forced: (usize, u64),
}

impl Displaced {
    /// How many fewer mentees the forced plan matches.
    pub fn fewer_matched(&self) -> usize {
        self.optimum.0.saturating_sub(self.forced.0)
    }

    /// How much lower the cohort's total score would be (0 for a tie).
    pub fn score_lost(&self) -> u64 {
        self.optimum.1.saturating_sub(self.forced.1)
    }
}

/// Why `mentee`'s first allowed candidate in `list` (as [`super::candidates`]
/// ranks them) was not proposed for them; `None` when it was, or when the
/// mentee has no allowed candidate or is not in the run.
pub fn displaced(
    ws: &Workspace,
    options: &MatchOptions,
    plan: &Plan,
    mentee: usize,
    list: &[Candidate],
) -> Option<Displaced> {
    let (top, score) = list.iter().find_map(|c| match &c.verdict {
        Verdict::Allowed(s) => Some((c.mentor, s.total)),
        _ => None,
    })?;
    let proposed = plan
        .proposals
        .iter()
        .find(|p| p.mentee == mentee)
        .map(|p| p.mentor);
    if proposed == Some(top) {
        return None;
    }
    // The rows and columns of the problem `plan` solved: waiting mentees,
    // and mentors with a free place, in the same order.
    let row = plan.pools.mentees.iter().position(|&m| m == mentee)?;
    let col = plan
        .pools
        .available_mentors()
        .position(|seat| seat.person == top)?;
    let problem = problem(ws, options);
    // In score points: an intake's carry-over priority is no score.
    let optimum = plan
        .pools
        .matched_and_score(&problem, &solve(&problem, options.objective));
    let forced = plan.pools.matched_and_score(
        &problem,
        &solve_with(&problem, options.objective, row, col)?,
    );
    Some(Displaced {
        mentor: top,
        score,
        taken_by: plan
            .proposals
            .iter()
            .filter(|p| p.mentor == top)
            .map(|p| p.mentee)
            .collect(),
        optimum,
        forced,
    })
}

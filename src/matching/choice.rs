//! The two matching modes side by side. `optimal` proposes the weighted
//! optimum and reports the pairs that block it (a mentee and a mentor who
//! both rank each other above what the optimum gives them); `stable`
//! proposes the mentee-optimal stable assignment ([`super::stable`]) and
//! reports what it costs against the optimum.
//!
//! How each side ranks the other: the people they named in `prefer`, in
//! that order, first (a mentee names mentors; a mentor may name mentees);
//! then everyone else allowed, by score, best first, ties by id.

use crate::matching::rules::RuleContext;
use crate::matching::solver::{self, Problem};
use crate::matching::stable::{self, Preferences};
use crate::matching::{MatchOptions, MentorSeat, Pools};
use crate::model::MatchingMode;
use crate::workspace::Workspace;

/// A mentee and a mentor who both rank each other above what they were
/// given (person indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocking {
    pub mentee: usize,
    pub mentor: usize,
}

/// What the chosen mode gives up against the other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// The optimum was proposed; these pairs block it.
    Optimal { blocking: Vec<Blocking> },
    /// The stable assignment was proposed: its matched mentees and total
    /// score, and the optimum's.
    Stable {
        stable: (usize, u64),
        optimum: (usize, u64),
        /// For each mentee turned down by a mentor they rank above what
        /// they got: those mentors, best first, each full with mentees
        /// they rank higher.
        turned_down_by: Vec<(usize, Vec<usize>)>,
    },
}

impl Comparison {
    pub fn mode(&self) -> MatchingMode {
        match self {
            Comparison::Optimal { .. } => MatchingMode::Optimal,
            Comparison::Stable { .. } => MatchingMode::Stable,
        }
    }

    /// In stable mode, the mentors ranked above their proposal who turned
    /// `mentee` down (none in optimal mode).
    pub fn turned_down_by(&self, mentee: usize) -> &[usize] {
        match self {
            Comparison::Stable { turned_down_by, .. } => turned_down_by
                .iter()
                .find(|(m, _)| *m == mentee)
                .map_or(&[], |(_, by)| by.as_slice()),
            Comparison::Optimal { .. } => &[],
        }
    }

    /// The pairs that block the proposals (none in stable mode).
    pub fn blocking(&self) -> &[Blocking] {
        match self {
            Comparison::Optimal { blocking } => blocking,
            Comparison::Stable { .. } => &[],
        }
    }
}

/// The assignment to propose, with the comparison.
pub struct Compared {
    pub assignment: Vec<Option<usize>>,
    pub comparison: Comparison,
    /// Why a mentee with allowed mentors was left out, in this mode.
    pub taken_elsewhere: &'static str,
}

/// Solve `problem` (rows: `pools.mentees`, columns: `seats`) in the mode
/// `options` asks for, and compare with the other mode.
pub fn compare(
    ws: &Workspace,
    pools: &Pools,
    rules: &RuleContext,
    seats: &[&MentorSeat],
    problem: &Problem,
    options: &MatchOptions,
) -> Compared {
    let optimum = solver::solve(problem, options.objective);
    let prefs = preferences(ws, pools, rules, seats);
    match options.mode {
        MatchingMode::Optimal => Compared {
            comparison: Comparison::Optimal {
                blocking: stable::blocking_pairs(problem, &prefs, &optimum)
                    .into_iter()
                    .map(|(r, c)| Blocking {
                        mentee: pools.mentees[r],
                        mentor: seats[c].person,
                    })
                    .collect(),
            },
            assignment: optimum,
            taken_elsewhere: match options.objective {
                solver::Objective::MatchedThenWeight => {
                    "giving one to this mentee would leave another unmatched"
                }
                solver::Objective::Weight => "the total score is higher with them paired elsewhere",
            },
        },
        MatchingMode::Stable => {
            let outcome = stable::deferred_acceptance(problem, &prefs);
            let assignment = outcome.assignment;
            Compared {
                comparison: Comparison::Stable {
                    // In score points, as the proposals' total: a
                    // carried-over mentee's priority is in the weights only.
                    stable: pools.matched_and_score(problem, &assignment),
                    optimum: pools.matched_and_score(problem, &optimum),
                    turned_down_by: outcome
                        .turned_down_by
                        .into_iter()
                        .enumerate()
                        .filter(|(_, by)| !by.is_empty())
                        .map(|(r, by)| {
                            let mentors = by.into_iter().map(|c| seats[c].person).collect();
                            (pools.mentees[r], mentors)
                        })
                        .collect(),
                },
                assignment,
                taken_elsewhere: "in stable mode a mentor keeps the mentees they rank higher",
            }
        }
    }
}

/// Both sides' rankings of the problem's allowed cells: who each named in
/// `prefer` (those in this run), and the id order that breaks the last ties.
pub fn preferences(
    ws: &Workspace,
    pools: &Pools,
    rules: &RuleContext,
    seats: &[&MentorSeat],
) -> Preferences {
    let mentors: Vec<usize> = seats.iter().map(|seat| seat.person).collect();
    let named = |person: usize, others: &[usize]| -> Vec<usize> {
        rules.profiles.people[person]
            .prefer
            .iter()
            .filter_map(|p| others.iter().position(|o| o == p))
            .collect()
    };
    let ids = |people: &[usize]| -> Vec<&str> {
        people.iter().map(|&p| ws.people[p].id.as_str()).collect()
    };
    Preferences {
        mentee_named: pools.mentees.iter().map(|&m| named(m, &mentors)).collect(),
        mentor_named: mentors.iter().map(|&m| named(m, &pools.mentees)).collect(),
        row_order: stable::id_order(&ids(&pools.mentees)),
        col_order: stable::id_order(&ids(&mentors)),
    }
}

//! Forming groups: group mentoring's `mentor match`.
//!
//! The same assignment as for pairs, solved exactly by the same solver:
//! waiting mentees are rows, mentors with a free place are columns, and the
//! cells are the same weighted scores under the same hard rules. Only the
//! columns' capacity differs: a mentor who can take one more pair (or
//! group) offers one new group, with as many places as their group size
//! ([`Programme::group_size`]). The optimum therefore gives each mentee the
//! mentor whose expertise covers most of their needs, as far as places
//! allow, and the proposals to one mentor are that mentor's new group.
//!
//! No cohesion term (members sharing needs with one another) is added: the
//! mentor's coverage of each member's needs already draws members with like
//! needs to the same mentor, and the objective stays the exact one `match`
//! proves for pairs; one new group per mentor per run (run again, after the
//! groups start, to form more).

use crate::model::Programme;
use crate::workspace::Workspace;

use super::{Plan, Pools, Proposal};

/// Give every available mentor one new group's places, in place of their
/// free one-to-one places.
pub fn open_group_places(ws: &Workspace, pools: &mut Pools) {
    for seat in pools.mentors.iter_mut().filter(|s| s.unavailable.is_none()) {
        let mentor = Some(&*ws.people[seat.person].person);
        seat.group_places = Some(Programme::group_size(ws.programme.as_ref(), mentor));
    }
}

/// A proposed group: one mentor and the mentees proposed to them.
#[derive(Debug)]
pub struct ProposedGroup<'p> {
    pub mentor: usize,
    /// In the order of their ids, so the file lists them the same way each run.
    pub members: Vec<&'p Proposal>,
}

impl ProposedGroup<'_> {
    /// The group's score: the mean of its members' scores, rounded down.
    pub fn score(&self) -> u32 {
        let total: u32 = self.members.iter().map(|p| u32::from(p.score.total)).sum();
        total / u32::try_from(self.members.len().max(1)).unwrap_or(1)
    }
}

/// The plan's proposals gathered by mentor, mentors in id order.
pub fn proposed_groups<'p>(ws: &Workspace, plan: &'p Plan) -> Vec<ProposedGroup<'p>> {
    let mut groups: Vec<ProposedGroup<'p>> = Vec::new();
    for proposal in &plan.proposals {
        match groups.iter_mut().find(|g| g.mentor == proposal.mentor) {
            Some(group) => group.members.push(proposal),
            None => groups.push(ProposedGroup {
                mentor: proposal.mentor,
                members: vec![proposal],
            }),
        }
    }
    let id = |person: usize| ws.people[person].id.as_str();
    for group in &mut groups {
        group.members.sort_by(|a, b| id(a.mentee).cmp(id(b.mentee)));
    }
    groups.sort_by(|a, b| id(a.mentor).cmp(id(b.mentor)));
    groups
}

#[cfg(test)]
mod tests {
    use crate::matching::solver::{Objective, Problem, solve, value};

    /// Every way to give each row a column (or none) within capacity: the
    /// brute-force optimum the grouped assignment is held to.
    fn brute_force(problem: &Problem) -> (usize, u64) {
        fn walk(
            p: &Problem,
            row: usize,
            load: &mut Vec<u32>,
            picked: &mut Vec<Option<usize>>,
            best: &mut (usize, u64),
        ) {
            if row == p.rows() {
                *best = (*best).max(value(p, picked));
                return;
            }
            picked.push(None);
            walk(p, row + 1, load, picked, best);
            picked.pop();
            for c in 0..p.cols() {
                if p.weight(row, c).is_some() && load[c] < p.capacity(c) {
                    load[c] += 1;
                    picked.push(Some(c));
                    walk(p, row + 1, load, picked, best);
                    picked.pop();
                    load[c] -= 1;
                }
            }
        }
        let mut best = (0, 0);
        walk(
            problem,
            0,
            &mut vec![0; problem.cols()],
            &mut Vec::new(),
            &mut best,
        );
        best
    }

    /// Groups are columns with a group size of places: on small random
    /// instances the solver's groups are exactly as good as the best
    /// possible (no optimality gap), and no group is over its size.
    #[test]
    fn grouped_assignment_equals_brute_force_and_keeps_group_sizes() {
        let mut rng = fastrand::Rng::with_seed(31);
        for _ in 0..200 {
            let rows = 1 + rng.usize(..7);
            let cols = 1 + rng.usize(..3);
            let sizes: Vec<u32> = (0..cols).map(|_| 1 + rng.u32(..4)).collect();
            let mut problem = Problem::new(rows, sizes.clone());
            for r in 0..rows {
                for c in 0..cols {
                    if rng.u8(..4) > 0 {
                        problem.allow(r, c, rng.u8(..=100));
                    }
                }
            }
            let assignment = solve(&problem, Objective::MatchedThenWeight);
            for (c, size) in sizes.iter().enumerate() {
                let members = assignment.iter().filter(|a| **a == Some(c)).count();
                assert!(members <= *size as usize, "group {c} over its size");
            }
            assert_eq!(value(&problem, &assignment), brute_force(&problem));
        }
    }
}

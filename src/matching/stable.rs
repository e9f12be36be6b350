//! Stable matching: mentee-proposing deferred acceptance with capacities
//! (Gale and Shapley's college admissions; Roth's hospitals/residents),
//! mentees as residents, mentors as hospitals whose capacity is their free
//! places.
//!
//! Stability, exactly: an assignment of the allowed cells is stable when no
//! allowed (mentee, mentor) pair *blocks* it, where a pair blocks when the
//! mentee is unmatched or ranks the mentor above their own mentor, and the
//! mentor has a free place or ranks the mentee above one of the mentees
//! they were given. Only allowed cells (hard rules, capacity, minimum score)
//! take part, on both sides: a pair no rule allows never blocks.
//!
//! Mentees propose, so the result is the mentee-optimal stable assignment:
//! every mentee gets the best mentor they can have in any stable assignment.
//! It is unique, so the order in which mentees propose does not change it.

use std::cmp::Reverse;

use crate::matching::solver::Problem;

/// Both sides' rankings over the allowed cells of a [`Problem`].
#[derive(Clone, Debug)]
pub struct Rankings {
    /// For each row (mentee), the columns (mentors) they accept, best first.
    pub mentee_lists: Vec<Vec<usize>>,
    /// For each column, each row's place in the mentor's ranking (0 best);
    /// `None` for a row the mentor may not be given. Row-major by column:
    /// `mentor_rank[c][r]`.
    pub mentor_rank: Vec<Vec<Option<u32>>>,
}

/// How one side ranks the other: who they named in `prefer`, in order,
/// first; then everyone else allowed by score, best first, ties by id.
pub struct Ranking<'a> {
    /// The allowed others, as (index on the other side, score, id).
    pub allowed: Vec<(usize, u8, &'a str)>,
    /// Indices on the other side, in the order of the person's `prefer`.
    pub named: Vec<usize>,
}

impl Ranking<'_> {
    /// The allowed others, best first.
    pub fn order(mut self) -> Vec<usize> {
        let place = |i: usize| self.named.iter().position(|&n| n == i);
        self.allowed.sort_by_key(|&(i, score, id)| {
            (
                place(i).unwrap_or(usize::MAX),
                Reverse(score),
                id.to_string(),
            )
        });
        self.allowed.into_iter().map(|(i, _, _)| i).collect()
    }
}

impl Rankings {
    /// Rankings from each side's ordered list: `mentee_lists[r]` as given,
    /// and `mentor_lists[c]` (rows, best first) turned into places.
    pub fn new(rows: usize, mentee_lists: Vec<Vec<usize>>, mentor_lists: &[Vec<usize>]) -> Self {
        let mentor_rank = mentor_lists
            .iter()
            .map(|list| {
                let mut rank = vec![None; rows];
                for (place, &r) in list.iter().enumerate() {
                    rank[r] = Some(u32::try_from(place).unwrap_or(u32::MAX));
                }
                rank
            })
            .collect();
        Self {
            mentee_lists,
            mentor_rank,
        }
    }

    /// The mentee's place for the mentor (0 best), if they accept them.
    fn mentee_place(&self, r: usize, c: usize) -> Option<usize> {
        self.mentee_lists[r].iter().position(|&x| x == c)
    }
}

/// The mentee-optimal stable assignment: for each row its column, or `None`.
/// `capacity[c]` is how many rows column `c` may hold.
pub fn deferred_acceptance(rankings: &Rankings, capacity: &[u32]) -> Vec<Option<usize>> {
    let rows = rankings.mentee_lists.len();
    let mut next = vec![0usize; rows];
    let mut assigned: Vec<Option<usize>> = vec![None; rows];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); capacity.len()];
    // Free mentees, in row order; a displaced one goes to the back. The
    // order cannot change the outcome (see the module's note), only the
    // number of steps.
    let mut free: std::collections::VecDeque<usize> = (0..rows).collect();
    while let Some(r) = free.pop_front() {
        let Some(&c) = rankings.mentee_lists[r].get(next[r]) else {
            continue; // every acceptable mentor has turned them down
        };
        next[r] += 1;
        let Some(rank) = rankings.mentor_rank[c][r] else {
            free.push_back(r);
            continue;
        };
        let cap = capacity[c] as usize;
        if held[c].len() < cap {
            held[c].push(r);
            assigned[r] = Some(c);
            continue;
        }
        // Full: the mentor keeps the better of the newcomer and the worst held.
        let worst = held[c]
            .iter()
            .enumerate()
            .filter_map(|(at, &h)| rankings.mentor_rank[c][h].map(|k| (k, at)))
            .max();
        match worst {
            Some((worst_rank, at)) if rank < worst_rank => {
                let out = held[c][at];
                held[c][at] = r;
                assigned[r] = Some(c);
                assigned[out] = None;
                free.push_back(out);
            }
            _ => free.push_back(r),
        }
    }
    assigned
}

/// Every allowed (row, column) pair that blocks `assignment`: the mentee
/// would rather have this mentor than what they got (or nothing), and the
/// mentor has a free place or would rather have this mentee than one of
/// theirs. In row order, then column order.
pub fn blocking_pairs(
    rankings: &Rankings,
    capacity: &[u32],
    assignment: &[Option<usize>],
) -> Vec<(usize, usize)> {
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); capacity.len()];
    for (r, c) in assignment.iter().enumerate() {
        if let Some(c) = c {
            held[*c].push(r);
        }
    }
    // The mentor's least wanted mentee's place, when every place is taken.
    let worst: Vec<Option<u32>> = held
        .iter()
        .enumerate()
        .map(|(c, rows)| {
            if rows.len() < capacity[c] as usize {
                None
            } else {
                rows.iter()
                    .map(|&r| rankings.mentor_rank[c][r].unwrap_or(u32::MAX))
                    .max()
            }
        })
        .collect();
    let mut out = Vec::new();
    for (r, list) in rankings.mentee_lists.iter().enumerate() {
        let current = assignment[r].and_then(|c| rankings.mentee_place(r, c));
        let better = match (assignment[r], current) {
            (None, _) => list.len(),
            (Some(_), Some(place)) => place,
            // Given a mentor they do not rank: every listed one is better.
            (Some(_), None) => list.len(),
        };
        for &c in &list[..better] {
            let Some(rank) = rankings.mentor_rank[c][r] else {
                continue;
            };
            if capacity[c] > 0 && worst[c].is_none_or(|w| rank < w) {
                out.push((r, c));
            }
        }
    }
    out.sort_unstable();
    out
}

/// The rankings of a problem's allowed cells: `mentee` and `mentor` give,
/// for a row or a column, how that person ranks the other side (see
/// [`Ranking`]); only cells the problem allows are kept, on both sides.
pub fn rankings<'a>(
    problem: &Problem,
    mentee: impl Fn(usize, Vec<(usize, u8)>) -> Ranking<'a>,
    mentor: impl Fn(usize, Vec<(usize, u8)>) -> Ranking<'a>,
) -> Rankings {
    let (rows, cols) = (problem.rows(), problem.cols());
    let mentee_lists = (0..rows)
        .map(|r| {
            let allowed = (0..cols)
                .filter_map(|c| problem.weight(r, c).map(|w| (c, w)))
                .collect();
            mentee(r, allowed).order()
        })
        .collect();
    let mentor_lists: Vec<Vec<usize>> = (0..cols)
        .map(|c| {
            let allowed = (0..rows)
                .filter_map(|r| problem.weight(r, c).map(|w| (r, w)))
                .collect();
            mentor(c, allowed).order()
        })
        .collect();
    Rankings::new(rows, mentee_lists, &mentor_lists)
}

/// The capacities of a problem's columns.
pub fn capacities(problem: &Problem) -> Vec<u32> {
    (0..problem.cols()).map(|c| problem.capacity(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rankings from lists of indices, both sides complete over `rows`.
    fn instance(mentees: &[&[usize]], mentors: &[&[usize]]) -> Rankings {
        Rankings::new(
            mentees.len(),
            mentees.iter().map(|l| l.to_vec()).collect(),
            &mentors.iter().map(|l| l.to_vec()).collect::<Vec<_>>(),
        )
    }

    /// The classic 3x3 instance with cyclic preferences (the kind Gale
    /// and Shapley, 1962, use to show that the proposing side decides which
    /// stable matching results): proposers A, B, C rank a, b, c as A: a b c,
    /// B: b c a, C: c a b; the receivers a: B C A, b: C A B, c: A B C. The
    /// proposer-optimal outcome gives every proposer their first choice.
    #[test]
    fn the_cyclic_example_gives_proposers_their_first_choice() {
        let r = instance(
            &[&[0, 1, 2], &[1, 2, 0], &[2, 0, 1]],
            &[&[1, 2, 0], &[2, 0, 1], &[0, 1, 2]],
        );
        let got = deferred_acceptance(&r, &[1, 1, 1]);
        assert_eq!(got, [Some(0), Some(1), Some(2)]);
        assert!(blocking_pairs(&r, &[1, 1, 1], &got).is_empty());
        // The receivers' optimum (each receiver's first choice) is stable too,
        // and worse for every proposer.
        let other = [Some(2), Some(0), Some(1)];
        assert!(blocking_pairs(&r, &[1, 1, 1], &other).is_empty());
    }

    /// A hospitals/residents instance with capacities, worked by hand:
    /// h1 has two places, h2 one. Residents r1..r4 all rank
    /// h1 first; h1 ranks r3 r1 r2 r4, h2 ranks r1 r2 r3 r4. h1 keeps its
    /// two best proposers (r3, r1), r2 falls back to h2, r4 is left out.
    #[test]
    fn a_full_mentor_keeps_the_mentees_it_ranks_highest() {
        let r = instance(
            &[&[0, 1], &[0, 1], &[0, 1], &[0, 1]],
            &[&[2, 0, 1, 3], &[0, 1, 2, 3]],
        );
        let got = deferred_acceptance(&r, &[2, 1]);
        assert_eq!(got, [Some(0), Some(1), Some(0), None]);
        assert!(blocking_pairs(&r, &[2, 1], &got).is_empty());
    }

    #[test]
    fn blocking_pairs_are_found_and_unacceptable_ones_are_not_proposed() {
        // Mentee 0 accepts only mentor 1; mentor 1 does not rank mentee 0.
        let r = Rankings::new(2, vec![vec![1], vec![0, 1]], &[vec![1], vec![1]]);
        let got = deferred_acceptance(&r, &[1, 1]);
        assert_eq!(got, [None, Some(0)]);
        // Mentee 1 would rather have 0... they have it; swap to make a block.
        let unstable = [None, Some(1)];
        assert_eq!(blocking_pairs(&r, &[1, 1], &unstable), [(1, 0)]);
    }

    /// Random instances: the outcome has no blocking pair, and every
    /// mentee does at least as well as in any stable assignment found by
    /// brute force (the mentee-optimal property).
    #[test]
    fn random_instances_are_stable_and_mentee_optimal() {
        let mut rng = fastrand::Rng::with_seed(31);
        for _ in 0..300 {
            let rows = 1 + rng.usize(..5);
            let cols = 1 + rng.usize(..3);
            let capacity: Vec<u32> = (0..cols).map(|_| rng.u32(..3)).collect();
            let allowed: Vec<Vec<bool>> = (0..rows)
                .map(|_| (0..cols).map(|_| rng.u8(..10) < 7).collect())
                .collect();
            let mut mentees: Vec<Vec<usize>> = (0..rows)
                .map(|r| (0..cols).filter(|&c| allowed[r][c]).collect())
                .collect();
            mentees.iter_mut().for_each(|l| rng.shuffle(l));
            let mut mentors: Vec<Vec<usize>> = (0..cols)
                .map(|c| (0..rows).filter(|&r| allowed[r][c]).collect())
                .collect();
            mentors.iter_mut().for_each(|l| rng.shuffle(l));
            let r = Rankings::new(rows, mentees, &mentors);
            let got = deferred_acceptance(&r, &capacity);
            assert!(blocking_pairs(&r, &capacity, &got).is_empty());
            for other in all_assignments(&r, &capacity) {
                if blocking_pairs(&r, &capacity, &other).is_empty() {
                    for row in 0..rows {
                        let place = |a: &[Option<usize>]| {
                            a[row].map_or(usize::MAX, |c| r.mentee_place(row, c).unwrap_or(0))
                        };
                        assert!(place(&got) <= place(&other), "{got:?} vs stable {other:?}");
                    }
                }
            }
        }
    }

    /// Every assignment of rows to acceptable columns within capacity.
    fn all_assignments(r: &Rankings, capacity: &[u32]) -> Vec<Vec<Option<usize>>> {
        let mut out = vec![Vec::new()];
        for list in &r.mentee_lists {
            out = out
                .into_iter()
                .flat_map(|partial: Vec<Option<usize>>| {
                    std::iter::once(None)
                        .chain(list.iter().map(|&c| Some(c)))
                        .map(move |choice| {
                            let mut next = partial.clone();
                            next.push(choice);
                            next
                        })
                })
                .filter(|a| {
                    (0..capacity.len()).all(|c| {
                        a.iter().filter(|&&x| x == Some(c)).count() <= capacity[c] as usize
                    })
                })
                .collect();
        }
        out
    }
}

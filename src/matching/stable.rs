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
//!
//! Rankings are never stored whole (a cohort of thousands would make a
//! matrix of them): each comparison reads a [`Key`] made of the person's
//! `prefer` place, the cell's score and the other's place in id order.

use std::cmp::Reverse;
use std::collections::VecDeque;

use crate::matching::solver::Problem;

/// How one person ranks another: their place in the person's `prefer`
/// (unnamed ones after every named one), then the score, best first, then
/// the other's place in id order. Smaller is better.
pub type Key = (usize, Reverse<u8>, usize);

/// Both sides' rankings over the allowed cells of a [`Problem`].
#[derive(Clone, Debug, Default)]
pub struct Preferences {
    /// For each row (mentee), the columns they named in `prefer`, in order.
    pub mentee_named: Vec<Vec<usize>>,
    /// For each column (mentor), the rows they named in `prefer`, in order.
    pub mentor_named: Vec<Vec<usize>>,
    /// Each row's place when the rows are sorted by id (the last tie-break).
    pub row_order: Vec<usize>,
    /// Each column's place when the columns are sorted by id.
    pub col_order: Vec<usize>,
}

fn place(named: &[usize], other: usize) -> usize {
    named.iter().position(|&n| n == other).unwrap_or(usize::MAX)
}

impl Preferences {
    /// How mentee `r` ranks mentor `c` (an allowed cell).
    pub fn mentee_key(&self, problem: &Problem, r: usize, c: usize) -> Key {
        let score = problem.weight(r, c).unwrap_or(0);
        (
            place(&self.mentee_named[r], c),
            Reverse(score),
            self.col_order[c],
        )
    }

    /// How mentor `c` ranks mentee `r` (an allowed cell).
    pub fn mentor_key(&self, problem: &Problem, c: usize, r: usize) -> Key {
        let score = problem.weight(r, c).unwrap_or(0);
        (
            place(&self.mentor_named[c], r),
            Reverse(score),
            self.row_order[r],
        )
    }

    /// Mentee `r`'s allowed mentors, best first.
    pub fn mentee_list(&self, problem: &Problem, r: usize) -> Vec<usize> {
        let mut list: Vec<usize> = (0..problem.cols())
            .filter(|&c| problem.weight(r, c).is_some())
            .collect();
        list.sort_by_cached_key(|&c| self.mentee_key(problem, r, c));
        list
    }
}

/// Each item's place when `ids` are sorted: the deterministic last tie-break.
pub fn id_order<T: Ord>(ids: &[T]) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..ids.len()).collect();
    sorted.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    let mut order = vec![0; ids.len()];
    for (place, i) in sorted.into_iter().enumerate() {
        order[i] = place;
    }
    order
}

/// What deferred acceptance ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// For each row its column, or `None`.
    pub assignment: Vec<Option<usize>>,
    /// For each row, the columns that turned it down, best first: every
    /// mentor the mentee ranks above the one they got (all they may have,
    /// when unmatched), each full with mentees they rank higher.
    pub turned_down_by: Vec<Vec<usize>>,
}

/// The mentee-optimal stable assignment.
pub fn deferred_acceptance(problem: &Problem, prefs: &Preferences) -> Outcome {
    let rows = problem.rows();
    let lists: Vec<Vec<usize>> = (0..rows).map(|r| prefs.mentee_list(problem, r)).collect();
    let mut next = vec![0usize; rows];
    let mut assigned: Vec<Option<usize>> = vec![None; rows];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); problem.cols()];
    // Free mentees, in row order; a displaced one goes to the back. The
    // order cannot change the outcome (see the module's note), only the
    // number of steps.
    let mut free: VecDeque<usize> = (0..rows).collect();
    while let Some(r) = free.pop_front() {
        let Some(&c) = lists[r].get(next[r]) else {
            continue; // every allowed mentor has turned them down
        };
        next[r] += 1;
        if held[c].len() < problem.capacity(c) as usize {
            held[c].push(r);
            assigned[r] = Some(c);
            continue;
        }
        // Full: the mentor keeps the better of the newcomer and the worst held.
        let worst = held[c]
            .iter()
            .enumerate()
            .max_by_key(|&(_, &h)| prefs.mentor_key(problem, c, h))
            .map(|(at, &h)| (at, h));
        match worst {
            Some((at, out))
                if prefs.mentor_key(problem, c, r) < prefs.mentor_key(problem, c, out) =>
            {
                held[c][at] = r;
                assigned[r] = Some(c);
                assigned[out] = None;
                free.push_back(out);
            }
            _ => free.push_back(r),
        }
    }
    let turned_down_by = lists
        .into_iter()
        .enumerate()
        .map(|(r, mut list)| {
            // A matched mentee's last proposal is the one that holds.
            list.truncate(next[r] - usize::from(assigned[r].is_some()));
            list
        })
        .collect();
    Outcome {
        assignment: assigned,
        turned_down_by,
    }
}

/// Every allowed (row, column) pair that blocks `assignment`: the mentee
/// would rather have this mentor than what they got (or nothing), and the
/// mentor has a free place or would rather have this mentee than one of
/// theirs. In row order, then column order.
pub fn blocking_pairs(
    problem: &Problem,
    prefs: &Preferences,
    assignment: &[Option<usize>],
) -> Vec<(usize, usize)> {
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); problem.cols()];
    for (r, c) in assignment.iter().enumerate() {
        if let Some(c) = c {
            held[*c].push(r);
        }
    }
    // The key of the mentor's least wanted mentee, when every place is taken.
    let worst: Vec<Option<Key>> = held
        .iter()
        .enumerate()
        .map(|(c, rows)| {
            (rows.len() >= problem.capacity(c) as usize).then(|| {
                rows.iter()
                    .map(|&r| prefs.mentor_key(problem, c, r))
                    .max()
                    .unwrap_or((0, Reverse(u8::MAX), 0))
            })
        })
        .collect();
    let mut out = Vec::new();
    for (r, &given) in assignment.iter().enumerate() {
        let current = given.map(|c| prefs.mentee_key(problem, r, c));
        for (c, &worst) in worst.iter().enumerate() {
            if problem.weight(r, c).is_none() || given == Some(c) {
                continue;
            }
            let prefers = current.is_none_or(|k| prefs.mentee_key(problem, r, c) < k);
            let wanted = worst.is_none_or(|k| prefs.mentor_key(problem, c, r) < k);
            if prefers && wanted && problem.capacity(c) > 0 {
                out.push((r, c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem where each side's list is its whole ranking: the listed
    /// cells allowed (all scoring the same), the lists as `prefer`.
    fn instance(
        mentees: &[&[usize]],
        mentors: &[&[usize]],
        capacity: &[u32],
    ) -> (Problem, Preferences) {
        let mut problem = Problem::new(mentees.len(), capacity.to_vec());
        for (r, list) in mentees.iter().enumerate() {
            for &c in *list {
                problem.allow(r, c, 50);
            }
        }
        let prefs = Preferences {
            mentee_named: mentees.iter().map(|l| l.to_vec()).collect(),
            mentor_named: mentors.iter().map(|l| l.to_vec()).collect(),
            row_order: (0..mentees.len()).collect(),
            col_order: (0..mentors.len()).collect(),
        };
        (problem, prefs)
    }

    /// The classic 3x3 instance with cyclic preferences (the kind Gale
    /// and Shapley, 1962, use to show that the proposing side decides which
    /// stable matching results): proposers A, B, C rank a, b, c as A: a b c,
    /// B: b c a, C: c a b; the receivers a: B C A, b: C A B, c: A B C. The
    /// proposer-optimal outcome gives every proposer their first choice.
    #[test]
    fn the_cyclic_example_gives_proposers_their_first_choice() {
        let (p, prefs) = instance(
            &[&[0, 1, 2], &[1, 2, 0], &[2, 0, 1]],
            &[&[1, 2, 0], &[2, 0, 1], &[0, 1, 2]],
            &[1, 1, 1],
        );
        let got = deferred_acceptance(&p, &prefs).assignment;
        assert_eq!(got, [Some(0), Some(1), Some(2)]);
        assert!(blocking_pairs(&p, &prefs, &got).is_empty());
        // The receivers' optimum (each receiver's first choice) is stable
        // too, and worse for every proposer; a third assignment is not.
        assert!(blocking_pairs(&p, &prefs, &[Some(2), Some(0), Some(1)]).is_empty());
        assert_eq!(
            blocking_pairs(&p, &prefs, &[Some(0), Some(2), Some(1)]),
            [(2, 0)]
        );
    }

    /// A hospitals/residents instance with capacities, worked by hand:
    /// h1 has two places, h2 one. Residents r1..r4 all rank h1 first; h1
    /// ranks r3 r1 r2 r4, h2 ranks r1 r2 r3 r4. h1 keeps its two best
    /// proposers (r3, r1), r2 falls back to h2, r4 is left out.
    #[test]
    fn a_full_mentor_keeps_the_mentees_it_ranks_highest() {
        let (p, prefs) = instance(
            &[&[0, 1], &[0, 1], &[0, 1], &[0, 1]],
            &[&[2, 0, 1, 3], &[0, 1, 2, 3]],
            &[2, 1],
        );
        let outcome = deferred_acceptance(&p, &prefs);
        let got = outcome.assignment;
        assert_eq!(got, [Some(0), Some(1), Some(0), None]);
        // r2 was held by h1, then displaced by r3; r4 was turned down by both.
        assert_eq!(
            outcome.turned_down_by,
            [vec![], vec![0], vec![], vec![0, 1]]
        );
        assert!(blocking_pairs(&p, &prefs, &got).is_empty());
    }

    /// Unnamed mentors come after named ones, by score, then by id order.
    #[test]
    fn named_first_then_score_then_id() {
        let mut p = Problem::new(1, vec![1; 4]);
        for (c, w) in [(0, 90), (1, 60), (2, 60), (3, 10)] {
            p.allow(0, c, w);
        }
        let prefs = Preferences {
            mentee_named: vec![vec![3]],
            mentor_named: vec![Vec::new(); 4],
            row_order: vec![0],
            col_order: vec![0, 2, 1, 3],
        };
        assert_eq!(prefs.mentee_list(&p, 0), [3, 0, 2, 1]);
    }

    /// Random instances with ties and forbidden cells: the outcome has no
    /// blocking pair, and every mentee does at least as well as in any
    /// stable assignment found by brute force (mentee-optimality).
    #[test]
    fn random_instances_are_stable_and_mentee_optimal() {
        let mut rng = fastrand::Rng::with_seed(31);
        for _ in 0..300 {
            let rows = 1 + rng.usize(..5);
            let cols = 1 + rng.usize(..3);
            let mut p = Problem::new(rows, (0..cols).map(|_| rng.u32(..3)).collect());
            for r in 0..rows {
                for c in 0..cols {
                    if rng.u8(..10) < 7 {
                        p.allow(r, c, rng.u8(..3) * 10);
                    }
                }
            }
            let named = |n: usize, m: usize, rng: &mut fastrand::Rng| -> Vec<Vec<usize>> {
                (0..n)
                    .map(|_| {
                        let mut l: Vec<usize> = (0..m).filter(|_| rng.bool()).collect();
                        rng.shuffle(&mut l);
                        l
                    })
                    .collect()
            };
            let prefs = Preferences {
                mentee_named: named(rows, cols, &mut rng),
                mentor_named: named(cols, rows, &mut rng),
                row_order: (0..rows).collect(),
                col_order: (0..cols).rev().collect(),
            };
            let got = deferred_acceptance(&p, &prefs).assignment;
            assert!(blocking_pairs(&p, &prefs, &got).is_empty());
            let key = |a: &[Option<usize>], r: usize| a[r].map(|c| prefs.mentee_key(&p, r, c));
            for other in all_assignments(&p) {
                if blocking_pairs(&p, &prefs, &other).is_empty() {
                    for r in 0..rows {
                        let better = match (key(&got, r), key(&other, r)) {
                            (Some(a), Some(b)) => a <= b,
                            (Some(_), None) | (None, None) => true,
                            (None, Some(_)) => false,
                        };
                        assert!(better, "{got:?} vs stable {other:?}");
                    }
                }
            }
        }
    }

    /// Every assignment of rows to allowed columns within capacity.
    fn all_assignments(p: &Problem) -> Vec<Vec<Option<usize>>> {
        let mut out = vec![Vec::new()];
        for r in 0..p.rows() {
            out = out
                .into_iter()
                .flat_map(|partial: Vec<Option<usize>>| {
                    std::iter::once(None)
                        .chain(
                            (0..p.cols())
                                .filter(|&c| p.weight(r, c).is_some())
                                .map(Some),
                        )
                        .map(move |choice| {
                            let mut next = partial.clone();
                            next.push(choice);
                            next
                        })
                })
                .filter(|a| {
                    (0..p.cols()).all(|c| {
                        a.iter().filter(|&&x| x == Some(c)).count() <= p.capacity(c) as usize
                    })
                })
                .collect();
        }
        out
    }
}

//! Exact maximum-weight assignment of rows (mentees) to columns (mentors)
//! with column capacities and forbidden cells.
//!
//! Shortest augmenting paths with potentials (Jonker-Volgenant / Crouse, the
//! algorithm behind `scipy.optimize.linear_sum_assignment`), generalised in two
//! ways:
//!
//! - a column holds up to its capacity of rows, so a mentor with capacity 3 is
//!   one column rather than three identical ones (identical columns are where
//!   tie-heavy instances slow naive solvers down);
//! - one extra "unassigned" column of unlimited capacity and weight 0 lets a
//!   row stay unmatched. Rows are added one at a time and each augmentation
//!   keeps the assignment optimal for the rows seen so far, so a later row
//!   with a better claim can still displace an earlier one.
//!
//! Forbidden cells are not edges at all: no penalty can ever make the solver
//! choose one. Ties break towards lower column index and towards columns with
//! room, so the same input always gives the same answer.

/// A score matrix: `rows x cols`, each cell a weight or forbidden.
#[derive(Clone, Debug)]
pub struct Problem {
    rows: usize,
    cols: usize,
    capacity: Vec<u32>,
    /// Row-major; [`FORBIDDEN`] marks a pair that may never be chosen.
    weight: Vec<u8>,
}

/// Cell value of a forbidden pair.
pub const FORBIDDEN: u8 = u8::MAX;

/// Highest weight a cell can hold: a match score (at most 100) plus the
/// priority of a mentee carried over from an earlier intake (at most 100,
/// `[matching] carry_over`).
pub const MAX_WEIGHT: u8 = 200;

/// What the solver maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// As many rows matched as possible, then the highest total weight.
    MatchedThenWeight,
    /// The highest total weight alone.
    Weight,
}

impl Problem {
    /// A problem with every cell forbidden.
    pub fn new(rows: usize, capacity: Vec<u32>) -> Self {
        let cols = capacity.len();
        Self {
            rows,
            cols,
            capacity,
            weight: vec![FORBIDDEN; rows * cols],
        }
    }

    /// Allow row `r` with column `c` at `weight` (clamped to [`MAX_WEIGHT`]).
    pub fn allow(&mut self, r: usize, c: usize, weight: u8) {
        self.weight[r * self.cols + c] = weight.min(MAX_WEIGHT);
    }

    /// Fill every row at once, in parallel: `fill(r, row)` writes row `r`'s
    /// cells (weights, or [`FORBIDDEN`]) and returns what it noted about it.
    pub fn fill_rows<T: Send>(&mut self, fill: impl Fn(usize, &mut [u8]) -> T + Sync) -> Vec<T> {
        use rayon::prelude::*;
        let cols = self.cols;
        // No columns (no mentor with a free place): no cells to chunk, but
        // every row is still noted, one answer per row as callers index them.
        if cols == 0 {
            return (0..self.rows).map(|r| fill(r, &mut [])).collect();
        }
        self.weight
            .par_chunks_mut(cols.max(1))
            .enumerate()
            .map(|(r, row)| {
                let noted = fill(r, row);
                for cell in row.iter_mut().filter(|w| **w != FORBIDDEN) {
                    *cell = (*cell).min(MAX_WEIGHT);
                }
                noted
            })
            .collect()
    }

    pub fn weight(&self, r: usize, c: usize) -> Option<u8> {
        let w = self.weight[r * self.cols + c];
        (w != FORBIDDEN).then_some(w)
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn capacity(&self, c: usize) -> u32 {
        self.capacity[c]
    }
}

/// The assignment: for each row, its column, or `None` when unmatched.
pub fn solve(problem: &Problem, objective: Objective) -> Vec<Option<usize>> {
    let mut solver = Solver::new(problem, objective);
    for start in 0..problem.rows {
        let path = solver.shortest_path(start);
        solver.update_potentials(start, path.length);
        solver.augment(start, &path);
    }
    solver
        .col_of_row
        .into_iter()
        .map(|c| (c < problem.cols).then_some(c))
        .collect()
}

const INF: i64 = i64::MAX;
const NONE: usize = usize::MAX;
/// What a forbidden cell costs: so much that any distance through one is
/// at least [`UNREACHABLE`], and such columns are never chosen.
const HUGE: i64 = i64::MAX / 4;
const UNREACHABLE: i64 = HUGE / 2;

/// The state of the search between rows: potentials, the assignment so
/// far, and buffers reused from row to row.
struct Solver<'p> {
    problem: &'p Problem,
    /// Cost of each cell value, in costs to minimise. A table instead of a
    /// branch keeps the inner loop free of mispredictions when forbidden
    /// cells are common.
    cost_of: [i64; 256],
    /// Row and column potentials.
    u: Vec<i64>,
    v: Vec<i64>,
    col_of_row: Vec<usize>,
    rows_of_col: Vec<Vec<usize>>,
    /// Each column's capacity left.
    room: Vec<u32>,
    distance: Vec<i64>,
    came_from: Vec<usize>,
    scanned_rows: Vec<usize>,
    scanned_cols: Vec<usize>,
    remaining: Vec<usize>,
    pending: Vec<usize>,
}

/// The shortest augmenting path found from one row.
struct Path {
    /// The column it ends in: [`Problem::cols`] for "unassigned".
    sink: usize,
    length: i64,
    /// The row that reached "unassigned" most cheaply.
    unassigned_from: usize,
}

impl<'p> Solver<'p> {
    fn new(problem: &'p Problem, objective: Objective) -> Self {
        let (n, m) = (problem.rows, problem.cols);
        // Worth of a match, in costs to minimise. Under MatchedThenWeight a
        // bonus larger than any possible total weight makes one more match
        // always win.
        let bonus: i64 = match objective {
            Objective::MatchedThenWeight => i64::from(MAX_WEIGHT) * n as i64 + 1,
            Objective::Weight => 0,
        };
        let mut cost_of = [HUGE; 256];
        for (w, cost) in cost_of
            .iter_mut()
            .enumerate()
            .take(usize::from(MAX_WEIGHT) + 1)
        {
            *cost = -(bonus + w as i64);
        }
        Self {
            problem,
            cost_of,
            u: vec![0i64; n],
            v: vec![0i64; m],
            col_of_row: vec![NONE; n],
            rows_of_col: vec![Vec::new(); m],
            room: problem.capacity.clone(),
            distance: vec![INF; m],
            came_from: vec![NONE; m],
            scanned_rows: Vec::new(),
            scanned_cols: Vec::new(),
            remaining: Vec::with_capacity(m),
            pending: Vec::new(),
        }
    }

    /// Dijkstra over reduced costs from row `start` to the nearest column
    /// with room, or to "unassigned".
    fn shortest_path(&mut self, start: usize) -> Path {
        let m = self.problem.cols;
        // The "unassigned" column is kept out of the scans: its cost is 0
        // for every row and its potential stays 0 (it never fills, so it is
        // only ever reached as the end of a path), so a scalar distance
        // stands in for it.
        let unassigned = m;
        let Self {
            problem,
            cost_of,
            u,
            v,
            rows_of_col,
            room,
            distance,
            came_from,
            scanned_rows,
            scanned_cols,
            remaining,
            pending,
            ..
        } = self;
        distance.fill(INF);
        remaining.clear();
        remaining.extend(0..m);
        pending.clear();
        let (mut to_unassigned, mut unassigned_from) = (INF, NONE);
        let mut min_value = 0i64;
        let mut row = start;
        let sink = loop {
            scanned_rows.push(row);
            let base = min_value - u[row];
            if base < to_unassigned {
                to_unassigned = base;
                unassigned_from = row;
            }
            let weights = &problem.weight[row * m..(row + 1) * m];
            if let Some(next) = pending.pop() {
                // More rows sit at this distance: relax now, choose after the last.
                for &c in remaining.iter() {
                    let reduced = base + cost_of[usize::from(weights[c])] - v[c];
                    if reduced < distance[c] {
                        distance[c] = reduced;
                        came_from[c] = row;
                    }
                }
                row = next;
                continue;
            }
            // Relax and pick the nearest column in one pass. Ties go to a
            // column with room, then the lowest index: deterministic, and
            // short paths on tie-heavy instances.
            let (mut best, mut best_d, mut best_room, mut best_c) = (NONE, INF, false, NONE);
            for (i, &c) in remaining.iter().enumerate() {
                let reduced = base + cost_of[usize::from(weights[c])] - v[c];
                if reduced < distance[c] {
                    distance[c] = reduced;
                    came_from[c] = row;
                }
                let d = distance[c];
                if d <= best_d && d < UNREACHABLE {
                    let has_room = room[c] > 0;
                    if d < best_d
                        || (has_room && !best_room)
                        || (has_room == best_room && c < best_c)
                    {
                        (best, best_d, best_room, best_c) = (i, d, has_room, c);
                    }
                }
            }
            if best == NONE || to_unassigned < best_d || (to_unassigned == best_d && !best_room) {
                min_value = to_unassigned;
                break unassigned;
            }
            min_value = best_d;
            remaining.swap_remove(best);
            scanned_cols.push(best_c);
            if best_room {
                break best_c;
            }
            let mut rows = rows_of_col[best_c].iter().copied();
            row = rows.next().unwrap_or(start);
            pending.extend(rows);
        };
        Path {
            sink,
            length: min_value,
            unassigned_from,
        }
    }

    /// Update potentials so reduced costs stay non-negative and matched
    /// edges stay tight.
    fn update_potentials(&mut self, start: usize, min_value: i64) {
        self.u[start] += min_value;
        for &r in &self.scanned_rows {
            if r != start {
                self.u[r] += min_value - self.distance[self.col_of_row[r]];
            }
        }
        for &c in &self.scanned_cols {
            self.v[c] -= min_value - self.distance[c];
        }
        self.scanned_rows.clear();
        self.scanned_cols.clear();
    }

    /// Walk back from the path's end, moving each row on it into the
    /// column that reached it.
    fn augment(&mut self, start: usize, path: &Path) {
        let m = self.problem.cols;
        let mut column = path.sink;
        loop {
            let r = if column == m {
                path.unassigned_from
            } else {
                self.came_from[column]
            };
            let previous = self.col_of_row[r];
            if previous < m {
                self.rows_of_col[previous].retain(|&x| x != r);
                self.room[previous] += 1;
            }
            self.col_of_row[r] = column;
            if column < m {
                self.rows_of_col[column].push(r);
                self.room[column] -= 1;
            }
            if r == start {
                break;
            }
            column = previous;
        }
    }
}

/// The optimum among assignments that put row `r` in column `c` (`None`
/// when the cell is forbidden or the column has no room at all). Exact, not
/// a guess: any such assignment is `(r, c)` plus an assignment of the other
/// rows with one place fewer in `c`, and the reverse, so the optimum of that
/// smaller problem, with `(r, c)` added, is the optimum with the pair forced.
pub fn solve_with(
    problem: &Problem,
    objective: Objective,
    r: usize,
    c: usize,
) -> Option<Vec<Option<usize>>> {
    problem.weight(r, c)?;
    let mut rest = problem.clone();
    rest.weight[r * rest.cols..(r + 1) * rest.cols].fill(FORBIDDEN);
    match problem.capacity[c] {
        0 => return None,
        // The solver takes every column to have room: a full one is closed
        // cell by cell instead.
        1 => (0..rest.rows).for_each(|row| rest.weight[row * rest.cols + c] = FORBIDDEN),
        n => rest.capacity[c] = n - 1,
    }
    let mut assignment = solve(&rest, objective);
    assignment[r] = Some(c);
    Some(assignment)
}

/// Number of matched rows and their total weight: the two quantities the
/// objectives rank by.
pub fn value(problem: &Problem, assignment: &[Option<usize>]) -> (usize, u64) {
    assignment
        .iter()
        .enumerate()
        .filter_map(|(r, c)| c.and_then(|c| problem.weight(r, c)))
        .fold((0, 0), |(n, total), w| (n + 1, total + u64::from(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_problem(rng: &mut fastrand::Rng) -> Problem {
        let rows = 1 + rng.u64(..6) as usize;
        let cols = 1 + rng.u64(..4) as usize;
        let capacity = (0..cols).map(|_| 1 + rng.u64(..2) as u32).collect();
        let mut p = Problem::new(rows, capacity);
        let levels = 1 + rng.u64(..5); // few distinct weights: ties everywhere
        for r in 0..rows {
            for c in 0..cols {
                if rng.u64(..10) >= 3 {
                    p.allow(r, c, (rng.u64(..levels) * 10) as u8);
                }
            }
        }
        p
    }

    /// Every feasible assignment, by exhaustive search.
    fn brute_force(p: &Problem, objective: Objective) -> (usize, u64) {
        fn go(
            p: &Problem,
            r: usize,
            load: &mut Vec<u32>,
            matched: usize,
            total: u64,
            best: &mut Vec<(usize, u64)>,
        ) {
            if r == p.rows() {
                best.push((matched, total));
                return;
            }
            go(p, r + 1, load, matched, total, best);
            for c in 0..p.cols() {
                if let Some(w) = p.weight(r, c)
                    && load[c] < p.capacity(c)
                {
                    load[c] += 1;
                    go(p, r + 1, load, matched + 1, total + u64::from(w), best);
                    load[c] -= 1;
                }
            }
        }
        let mut all = Vec::new();
        go(p, 0, &mut vec![0; p.cols()], 0, 0, &mut all);
        match objective {
            Objective::MatchedThenWeight => all.into_iter().max().unwrap_or((0, 0)),
            Objective::Weight => all
                .into_iter()
                .max_by_key(|&(n, t)| (t, std::cmp::Reverse(n)))
                .map_or((0, 0), |(n, t)| (n, t)),
        }
    }

    fn feasible(p: &Problem, a: &[Option<usize>]) -> bool {
        let mut load = vec![0u32; p.cols()];
        for (r, c) in a.iter().enumerate() {
            if let Some(c) = *c {
                if p.weight(r, c).is_none() {
                    return false;
                }
                load[c] += 1;
            }
        }
        load.iter().enumerate().all(|(c, &l)| l <= p.capacity(c))
    }

    #[test]
    fn equals_brute_force_on_random_small_instances_with_ties_and_forbidden_cells() {
        // Seeded, so a failure reproduces.
        let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        for case in 0..3000 {
            let p = random_problem(&mut rng);
            for objective in [Objective::MatchedThenWeight, Objective::Weight] {
                let a = solve(&p, objective);
                assert!(feasible(&p, &a), "case {case}: infeasible {a:?} for {p:?}");
                let got = value(&p, &a);
                let best = brute_force(&p, objective);
                match objective {
                    Objective::MatchedThenWeight => assert_eq!(got, best, "case {case} {p:?}"),
                    Objective::Weight => assert_eq!(got.1, best.1, "case {case} {p:?}"),
                }
            }
        }
    }

    /// The best assignment holding (r, c), by exhaustive search: the cell
    /// taken first, then every way of placing the other rows.
    fn brute_force_with(
        p: &Problem,
        objective: Objective,
        r: usize,
        c: usize,
    ) -> Option<(usize, u64)> {
        let w = p.weight(r, c)?;
        let mut rest = p.clone();
        rest.capacity[c] = rest.capacity[c].checked_sub(1)?;
        rest.weight[r * rest.cols..(r + 1) * rest.cols].fill(FORBIDDEN);
        let (n, total) = brute_force(&rest, objective);
        Some((n + 1, total + u64::from(w)))
    }

    #[test]
    fn a_forced_pair_gives_the_best_assignment_that_holds_it() {
        let mut rng = fastrand::Rng::with_seed(0x2545_F491_4F6C_DD1D);
        for case in 0..2000 {
            let p = random_problem(&mut rng);
            let (r, c) = (rng.usize(..p.rows()), rng.usize(..p.cols()));
            for objective in [Objective::MatchedThenWeight, Objective::Weight] {
                let got = solve_with(&p, objective, r, c);
                let best = brute_force_with(&p, objective, r, c);
                assert_eq!(got.is_some(), best.is_some(), "case {case}");
                if let (Some(a), Some(best)) = (got, best) {
                    assert!(feasible(&p, &a) && a[r] == Some(c), "case {case}: {a:?}");
                    let got = value(&p, &a);
                    match objective {
                        Objective::MatchedThenWeight => assert_eq!(got, best, "case {case} {p:?}"),
                        Objective::Weight => assert_eq!(got.1, best.1, "case {case} {p:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn rows_are_noted_even_with_no_column() {
        let mut p = Problem::new(3, Vec::new());
        assert_eq!(
            p.fill_rows(|r, row| (r, row.len())),
            [(0, 0), (1, 0), (2, 0)]
        );
        assert_eq!(solve(&p, Objective::MatchedThenWeight), [None, None, None]);
    }

    #[test]
    fn a_later_row_with_a_better_claim_displaces_an_earlier_one() {
        // Both rows can only use column 0 (capacity 1): the higher weight wins.
        let mut p = Problem::new(2, vec![1]);
        p.allow(0, 0, 1);
        p.allow(1, 0, 10);
        assert_eq!(solve(&p, Objective::MatchedThenWeight), vec![None, Some(0)]);
    }

    #[test]
    fn matching_more_rows_beats_a_higher_total_under_the_default_objective() {
        // Row 0 is worth 100 with column 0 and 0 with column 1; row 1 can only
        // use column 0. Count first: both matched (total 0+50); weight alone:
        // row 0 takes column 0 (total 100).
        let mut p = Problem::new(2, vec![1, 1]);
        p.allow(0, 0, 100);
        p.allow(0, 1, 0);
        p.allow(1, 0, 50);
        assert_eq!(
            solve(&p, Objective::MatchedThenWeight),
            vec![Some(1), Some(0)]
        );
        assert_eq!(value(&p, &solve(&p, Objective::Weight)), (1, 100));
    }

    #[test]
    fn forbidden_cells_are_never_chosen_even_when_nothing_else_is_possible() {
        let p = Problem::new(3, vec![2, 2]);
        assert_eq!(
            solve(&p, Objective::MatchedThenWeight),
            vec![None, None, None]
        );
    }

    #[test]
    fn capacity_is_respected_and_identical_columns_fill_in_order() {
        let mut p = Problem::new(5, vec![2, 2]);
        for r in 0..5 {
            p.allow(r, 0, 7);
            p.allow(r, 1, 7);
        }
        let a = solve(&p, Objective::MatchedThenWeight);
        assert_eq!(a.iter().filter(|c| c.is_some()).count(), 4);
        assert!(feasible(&p, &a));
        assert_eq!(a, solve(&p, Objective::MatchedThenWeight), "deterministic");
    }

    #[test]
    fn known_optimum_of_a_classic_3x3_instance() {
        // Maximise: [[7, 5, 1], [8, 3, 6], [2, 9, 4]] -> 7 + 6 + 9 = 22.
        let weights = [[7, 5, 1], [8, 3, 6], [2, 9, 4]];
        let mut p = Problem::new(3, vec![1, 1, 1]);
        for (r, row) in weights.iter().enumerate() {
            for (c, &w) in row.iter().enumerate() {
                p.allow(r, c, w);
            }
        }
        let a = solve(&p, Objective::MatchedThenWeight);
        assert_eq!(a, vec![Some(0), Some(2), Some(1)]);
        assert_eq!(value(&p, &a), (3, 22));
    }
}

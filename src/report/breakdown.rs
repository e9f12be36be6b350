//! The year's figures by organisation and by department, for HR and the
//! coordinator: how many mentees were mentored and how the pairs ended, per
//! group. A group of a handful of people is a group of named people, so
//! every count under the programme's `[privacy] min_group` (k) is shown as
//! "fewer than k"; and because the groups add up to the programme's total
//! (and a row's pairs to completed plus closed early plus still running),
//! a lone hidden cell could be worked out by subtraction: a second cell of
//! the same column or row is hidden with it (complementary suppression, as
//! statistical offices do).

use serde::Serialize;

use crate::export::{Dimension, NO_VALUE, figures_by_group};
use crate::indicators::{Figure, Figures, Period};
use crate::workspace::Workspace;

/// The dimensions the report breaks its figures down by, in order.
pub const DIMENSIONS: [Dimension; 2] = [Dimension::Organisation, Dimension::Department];

/// One column of a breakdown: the indicator it counts and its heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BreakdownColumn {
    pub indicator: &'static str,
    /// The heading people read.
    pub heading: &'static str,
}

/// The columns, in order. Pairs are counted in their mentee's group.
pub const COLUMNS: [BreakdownColumn; 4] = [
    BreakdownColumn {
        indicator: "mentees_assisted",
        heading: "mentees mentored",
    },
    BreakdownColumn {
        indicator: "pairs_active",
        heading: "pairs that ran",
    },
    BreakdownColumn {
        indicator: "pairs_completed",
        heading: "completed",
    },
    BreakdownColumn {
        indicator: "premature_closures",
        heading: "closed early",
    },
];

/// The columns of one row that add up (pairs that ran = completed + closed
/// early + still running): a lone hidden one among them could be worked out.
const ROW_LINE: [usize; 3] = [1, 2, 3];

/// A count as published: itself, or withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    Count(u64),
    /// Under k, or withheld with such a count so that it cannot be worked
    /// out from the totals. Both read the same: a partner written apart
    /// would say it is at least k, and with the total that can give the
    /// small one away (0 and 5 adding up to 5).
    Withheld {
        k: usize,
    },
}

impl Cell {
    /// As every output writes it: `7`, `fewer than 5 or withheld`.
    pub fn words(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Withheld { k } => format!("fewer than {k} or withheld"),
        }
    }
}

/// One group's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupRow {
    /// The organisation or department; "not recorded" for people without one.
    pub group: String,
    pub cells: Vec<Cell>,
}

/// The figures of one dimension, per group, with the programme's total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub dimension: &'static str,
    /// The smallest count shown.
    pub min_group: usize,
    pub rows: Vec<GroupRow>,
    /// The programme's own figures, as its headline shows them.
    pub total: Vec<u64>,
    /// The programme seals the field: no breakdown by it is shown.
    pub sealed: bool,
}

fn count(figures: &Figures, id: &str) -> u64 {
    match figures
        .indicators
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.value)
    {
        Some(Figure::Count(n)) => n,
        _ => 0,
    }
}

/// The breakdowns over `period` (the year-end report's period), one per
/// dimension someone has a value for. A dimension whose field the
/// programme seals is listed as sealed, with no groups: its groups would
/// be the sealed values.
pub fn breakdowns(ws: &Workspace, period: Period, whole: &Figures) -> Vec<Breakdown> {
    let k = ws
        .programme
        .as_ref()
        .map_or(crate::model::DEFAULT_MIN_GROUP, |p| p.min_group());
    let sealed_fields = crate::seal::values::sealed_person_fields(ws);
    let total: Vec<u64> = COLUMNS.iter().map(|c| count(whole, c.indicator)).collect();
    DIMENSIONS
        .iter()
        .filter_map(|&dimension| {
            let field = dimension.field()?;
            if !ws
                .people
                .iter()
                .any(|p| dimension.value_of(&p.person).is_some())
            {
                return None;
            }
            let sealed = sealed_fields.contains(field.name());
            let rows = if sealed {
                Vec::new()
            } else {
                // A group with nothing to count (a department of mentors
                // only) is left out: a row of zeros says nothing of anyone.
                let (groups, values): (Vec<_>, Vec<Vec<u64>>) =
                    figures_by_group(ws, period, dimension)
                        .into_iter()
                        .map(|(group, f)| {
                            let values = COLUMNS.iter().map(|c| count(&f, c.indicator)).collect();
                            (group, values)
                        })
                        .filter(|(_, values): &(String, Vec<u64>)| values.iter().any(|&n| n > 0))
                        .unzip();
                let hidden = suppressed(&values, k);
                groups
                    .into_iter()
                    .zip(values.iter().zip(&hidden))
                    .map(|(group, (values, hidden))| GroupRow {
                        group: if group == NO_VALUE {
                            "not recorded".to_string()
                        } else {
                            group
                        },
                        cells: values
                            .iter()
                            .zip(hidden)
                            .map(|(&n, &hide)| match hide {
                                false => Cell::Count(n),
                                true => Cell::Withheld { k },
                            })
                            .collect(),
                    })
                    .collect()
            };
            Some(Breakdown {
                dimension: dimension.name(),
                min_group: k,
                rows,
                total: total.clone(),
                sealed,
            })
        })
        .collect()
}

/// Which cells of a table of counts (rows are groups that add up to a
/// published total; [`ROW_LINE`] columns add up within a row) are hidden:
/// every count under `k`, then, until nothing changes, a second cell in any
/// column or row line that has exactly one hidden (the smallest shown one,
/// the first on a tie), so no hidden cell is a total minus shown ones.
pub fn suppressed(values: &[Vec<u64>], k: usize) -> Vec<Vec<bool>> {
    let mut hidden: Vec<Vec<bool>> = values
        .iter()
        .map(|row| row.iter().map(|&n| (n as usize) < k).collect())
        .collect();
    let columns = values.first().map_or(0, Vec::len);
    // Each line is a list of (row, column) cells that add up to a total.
    let mut lines: Vec<Vec<(usize, usize)>> = (0..columns)
        .map(|c| (0..values.len()).map(|r| (r, c)).collect())
        .collect();
    lines.extend((0..values.len()).map(|r| ROW_LINE.iter().map(|&c| (r, c)).collect()));
    loop {
        let mut changed = false;
        for line in &lines {
            let lone = line.iter().filter(|&&(r, c)| hidden[r][c]).count() == 1;
            let partner = line
                .iter()
                .filter(|&&(r, c)| !hidden[r][c])
                .min_by_key(|&&(r, c)| values[r][c]);
            if let (true, Some(&(r, c))) = (lone, partner) {
                hidden[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any hidden cell can be worked out exactly by subtraction:
    /// a line with one hidden cell, its total known.
    fn recoverable(hidden: &[Vec<bool>]) -> bool {
        let columns = hidden[0].len();
        let column_lone = (0..columns).any(|c| hidden.iter().filter(|row| row[c]).count() == 1);
        let row_lone = hidden
            .iter()
            .any(|row| ROW_LINE.iter().filter(|&&c| row[c]).count() == 1);
        column_lone || row_lone
    }

    #[test]
    fn counts_under_k_are_hidden_with_a_partner_in_their_column_and_row() {
        // Three departments: Library's 2 completed is under 5.
        let values = vec![vec![12, 12, 9, 3], vec![7, 7, 2, 5], vec![10, 10, 6, 0]];
        let hidden = suppressed(&values, 5);
        // Under k: Library completed (2), closed early 3 and 0.
        assert!(hidden[1][2] && hidden[0][3] && hidden[2][3]);
        assert!(!recoverable(&hidden), "{hidden:?}");
        // Nothing over k is hidden without a reason: mentees stay shown.
        assert!(hidden.iter().all(|row| !row[0]), "{hidden:?}");
    }

    #[test]
    fn a_lone_small_cell_takes_the_smallest_other_with_it() {
        let values = vec![vec![20, 20, 20, 0], vec![9, 9, 6, 3], vec![8, 8, 8, 0]];
        // Closed early: 0, 3 and 0 are all under 5: three hidden, none alone.
        let hidden = suppressed(&values, 5);
        assert_eq!(hidden.iter().filter(|r| r[3]).count(), 3);
        assert!(!recoverable(&hidden), "{hidden:?}");
        // One small cell in a column: the smallest other is hidden with it.
        let values = vec![vec![20, 20, 15, 5], vec![6, 6, 1, 5], vec![8, 8, 3 + 5, 0]];
        let hidden = suppressed(&values, 5);
        assert!(!recoverable(&hidden), "{hidden:?}");
    }

    #[test]
    fn nothing_is_hidden_when_every_count_reaches_k() {
        let values = vec![vec![10, 10, 5, 5], vec![6, 6, 6, 6]];
        assert_eq!(suppressed(&values, 5), vec![vec![false; 4], vec![false; 4]]);
        assert_eq!(suppressed(&[], 5), Vec::<Vec<bool>>::new());
    }

    #[test]
    fn a_withheld_cell_reads_the_same_whatever_its_value() {
        assert_eq!(Cell::Count(7).words(), "7");
        assert_eq!(Cell::Withheld { k: 5 }.words(), "fewer than 5 or withheld");
    }
}

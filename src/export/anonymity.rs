//! k-anonymity for `export --anonymize`: pseudonyms hide names, but a row
//! can still single someone out by what else it says ("IT Services to Human
//! Resources, closed, mismatch, 2.50"). Every combination of a table's
//! quasi-identifying columns (all but the pseudonyms) must be shared by at
//! least k rows. Values are generalised for the whole table, step by step
//! (rare categories folded into "other", numbers into bands, dates to
//! months, quarters, years) until that holds; rows still in too small a
//! group have their values suppressed, and if even those are fewer than k,
//! they are withheld. Each step taken is reported, so HR knows what the
//! figures mean: the practice of statistical offices.

use std::collections::HashMap;

use chrono::Datelike;

use super::{Cell, Sheet};

/// The columns k-anonymity is over: all but those that name the record.
fn quasi_identifiers(sheet: &Sheet) -> Vec<usize> {
    (0..sheet.columns.len())
        .filter(|&c| !sheet.columns[c].role.names_a_record())
        .collect()
}

/// One thing done to a table to keep everyone in a crowd of k.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disclosure {
    pub table: &'static str,
    /// The column, or `*` for whole rows.
    pub column: &'static str,
    pub treatment: String,
}

/// The rows' quasi-identifiers as comparable text, grouped: rows in groups
/// smaller than `k`.
fn small_groups(sheet: &Sheet, quasi: &[usize], k: usize) -> Vec<usize> {
    let key = |row: &[Cell]| -> Vec<String> { quasi.iter().map(|&c| cell_key(&row[c])).collect() };
    let mut sizes: HashMap<Vec<String>, usize> = HashMap::new();
    for row in &sheet.rows {
        *sizes.entry(key(row)).or_default() += 1;
    }
    (0..sheet.rows.len())
        .filter(|&i| sizes[&key(&sheet.rows[i])] < k)
        .collect()
}

fn cell_key(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => format!("t{s}"),
        Cell::Integer(n) => format!("i{n}"),
        Cell::Number(x) => format!("n{x:.2}"),
        Cell::Date(d) => format!("d{d}"),
        Cell::Empty => String::new(),
    }
}

/// A date at a coarser grain, as text.
#[derive(Clone, Copy)]
enum Grain {
    Month,
    Quarter,
    Year,
}

fn coarsen_dates(sheet: &mut Sheet, quasi: &[usize], grain: Grain) -> Vec<&'static str> {
    let mut touched = Vec::new();
    for &c in quasi {
        let mut any = false;
        for row in &mut sheet.rows {
            let text = match (&row[c], grain) {
                (Cell::Date(d), Grain::Month) => format!("{}-{:02}", d.year(), d.month()),
                (Cell::Date(d), Grain::Quarter) => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
                (Cell::Date(d), Grain::Year) => d.year().to_string(),
                (Cell::Text(t), Grain::Quarter) if is_month(t) => {
                    let month: u32 = t[5..].parse().unwrap_or(1);
                    format!("{}-Q{}", &t[..4], (month - 1) / 3 + 1)
                }
                (Cell::Text(t), Grain::Year) if is_month(t) || is_quarter(t) => t[..4].to_string(),
                _ => continue,
            };
            row[c] = Cell::Text(text);
            any = true;
        }
        if any {
            touched.push(sheet.columns[c].name);
        }
    }
    touched
}

fn is_month(t: &str) -> bool {
    t.len() == 7 && t.as_bytes()[4] == b'-' && t[5..].bytes().all(|b| b.is_ascii_digit())
}

fn is_quarter(t: &str) -> bool {
    t.len() == 7 && &t[4..6] == "-Q"
}

/// Whole numbers and measures into bands.
fn band_numbers(sheet: &mut Sheet, quasi: &[usize]) -> Vec<&'static str> {
    let band = |x: f64| -> &'static str {
        match x {
            x if x < 0.5 => "0",
            x if x < 2.5 => "1-2",
            x if x < 5.5 => "3-5",
            x if x < 10.5 => "6-10",
            x if x < 20.5 => "11-20",
            _ => "21+",
        }
    };
    let mut touched = Vec::new();
    for &c in quasi {
        let mut any = false;
        for row in &mut sheet.rows {
            let value = match row[c] {
                Cell::Integer(n) => n as f64,
                Cell::Number(x) => x,
                _ => continue,
            };
            row[c] = Cell::text(band(value));
            any = true;
        }
        if any {
            touched.push(sheet.columns[c].name);
        }
    }
    touched
}

/// Text values held by fewer than `k` rows become "other".
fn fold_rare(sheet: &mut Sheet, columns: &[usize], k: usize) -> Vec<&'static str> {
    let mut touched = Vec::new();
    for &c in columns {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for row in &sheet.rows {
            if let Cell::Text(t) = &row[c] {
                *counts.entry(t.clone()).or_default() += 1;
            }
        }
        let rare: Vec<String> = counts
            .into_iter()
            .filter(|(t, n)| *n < k && !t.is_empty() && t != "other")
            .map(|(t, _)| t)
            .collect();
        if rare.is_empty() {
            continue;
        }
        for row in &mut sheet.rows {
            if let Cell::Text(t) = &row[c]
                && rare.contains(t)
            {
                row[c] = Cell::text("other");
            }
        }
        touched.push(sheet.columns[c].name);
    }
    touched
}

/// One generalisation of a table's columns; returns the columns it changed.
type Step = fn(&mut Sheet, &[usize]) -> Vec<&'static str>;

/// Make `sheet` k-anonymous over the columns that do not name the record,
/// saying what was done to each column. `k` of 1 changes nothing.
pub fn protect(sheet: &mut Sheet, k: usize) -> Vec<Disclosure> {
    let quasi = quasi_identifiers(sheet);
    let mut treatments: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut note = |columns: Vec<&'static str>, treatment: &str| {
        for column in columns {
            match treatments.iter_mut().find(|(c, _)| *c == column) {
                Some((_, list)) => list.push(treatment.to_string()),
                None => treatments.push((column, vec![treatment.to_string()])),
            }
        }
    };
    let table = sheet.name;
    let done = |treatments: Vec<(&'static str, Vec<String>)>| {
        treatments
            .into_iter()
            .map(|(column, list)| Disclosure {
                table,
                column,
                treatment: list.join("; "),
            })
            .collect::<Vec<_>>()
    };
    if k <= 1 || small_groups(sheet, &quasi, k).is_empty() {
        return Vec::new();
    }
    // Categories are the columns that hold text before anything is coarsened.
    let categories: Vec<usize> = quasi
        .iter()
        .copied()
        .filter(|&c| sheet.rows.iter().any(|r| matches!(r[c], Cell::Text(_))))
        .collect();
    note(
        fold_rare(sheet, &categories, k),
        &format!("values held by fewer than {k} rows folded into \"other\""),
    );
    let steps: [(&str, Step); 4] = [
        ("dates to months", |s, q| coarsen_dates(s, q, Grain::Month)),
        (
            "numbers in bands (0, 1-2, 3-5, 6-10, 11-20, 21+)",
            band_numbers,
        ),
        ("dates to quarters", |s, q| {
            coarsen_dates(s, q, Grain::Quarter)
        }),
        ("dates to years", |s, q| coarsen_dates(s, q, Grain::Year)),
    ];
    for (what, step) in steps {
        if small_groups(sheet, &quasi, k).is_empty() {
            return done(treatments);
        }
        let touched = step(sheet, &quasi);
        note(touched, what);
    }
    // Whole columns go, the most identifying first, while many rows are
    // still singled out; a few such rows lose their own values instead.
    let mut kept = quasi.clone();
    loop {
        let exposed = small_groups(sheet, &quasi, k);
        if exposed.is_empty() {
            return done(treatments);
        }
        if exposed.len() * 10 <= sheet.rows.len() || kept.is_empty() {
            break;
        }
        let blanked = |sheet: &Sheet, c: usize| {
            let mut trial = sheet.clone();
            trial.rows.iter_mut().for_each(|r| r[c] = Cell::Empty);
            small_groups(&trial, &quasi, k).len()
        };
        let Some((at, &column)) = kept
            .iter()
            .enumerate()
            .min_by_key(|&(_, &c)| blanked(sheet, c))
        else {
            break;
        };
        sheet.rows.iter_mut().for_each(|r| r[column] = Cell::Empty);
        kept.remove(at);
        note(
            vec![sheet.columns[column].name],
            "left empty: it would single people out",
        );
    }
    let exposed = small_groups(sheet, &quasi, k);
    for &i in &exposed {
        for &c in &quasi {
            sheet.rows[i][c] = Cell::Empty;
        }
    }
    note(
        vec!["*"],
        &format!(
            "{} in groups under {k}: their values left empty",
            crate::text::count(exposed.len(), "row")
        ),
    );
    let still = small_groups(sheet, &quasi, k);
    if !still.is_empty() {
        let mut index = 0;
        sheet.rows.retain(|_| {
            index += 1;
            !still.contains(&(index - 1))
        });
        note(
            vec!["*"],
            &format!(
                "{} withheld: even with no values they were fewer than {k}",
                crate::text::count(still.len(), "row")
            ),
        );
    }
    done(treatments)
}

/// Whether every combination of the columns that do not name the record is
/// shared by at least `k` rows: the property `protect` guarantees.
pub fn is_k_anonymous(sheet: &Sheet, k: usize) -> bool {
    small_groups(sheet, &quasi_identifiers(sheet), k).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn sheet(rows: Vec<(u8, u8, u16, u8)>) -> Sheet {
        let departments = ["IT", "HR", "Library", "Finance", "Estates", "Research"];
        Sheet {
            name: "t.csv",
            columns: super::super::Columns::<()>::new()
                .pseudonym("person", |_| Cell::Empty)
                .fact("department", |_| Cell::Empty)
                .fact("started", |_| Cell::Empty)
                .fact("meetings", |_| Cell::Empty)
                .headings(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, (d, s, day, m))| {
                    vec![
                        Cell::Text(format!("person-{i}")),
                        Cell::text(departments[usize::from(d) % departments.len()]),
                        Cell::Date(
                            NaiveDate::from_ymd_opt(2025 + i32::from(s % 2), 1, 1).unwrap()
                                + chrono::Days::new(u64::from(day % 365)),
                        ),
                        Cell::Integer(i64::from(m % 15)),
                    ]
                })
                .collect(),
        }
    }

    proptest! {
        #[test]
        fn every_combination_is_shared_by_k_rows(
            rows in proptest::collection::vec((0u8..6, 0u8..2, 0u16..365, 0u8..15), 0..60),
            k in 1usize..8,
        ) {
            let mut table = sheet(rows.clone());
            let before = table.rows.len();
            protect(&mut table, k);
            prop_assert!(is_k_anonymous(&table, k));
            // Rows are withheld only from groups that stayed under k.
            prop_assert!(table.rows.len() <= before);
            prop_assert!(table.rows.is_empty() || table.rows.len() >= k);
        }
    }

    #[test]
    fn a_crowd_is_left_alone_small_departments_are_folded_and_a_lone_row_withheld() {
        let crowd: Vec<_> = (0..10).map(|_| (0, 0, 10, 3)).collect();
        let mut table = sheet(crowd.clone());
        assert!(protect(&mut table, 5).is_empty());
        // Three in HR and three in the Library: six in "other", kept.
        let mut rows = crowd.clone();
        rows.extend((0..3).map(|_| (1, 0, 10, 3)));
        rows.extend((0..3).map(|_| (2, 0, 10, 3)));
        let mut table = sheet(rows);
        let done = protect(&mut table, 5);
        assert_eq!(done.len(), 1, "{done:?}");
        assert!(
            done[0].column == "department" && done[0].treatment.contains("\"other\""),
            "{done:?}"
        );
        assert_eq!(table.rows.len(), 16);
        assert!(is_k_anonymous(&table, 5));
        // One person unlike anyone else cannot be hidden in a crowd: withheld, and said so.
        let mut rows = crowd;
        rows.push((1, 1, 200, 14));
        let mut table = sheet(rows);
        let done = protect(&mut table, 5);
        assert_eq!(table.rows.len(), 10);
        assert!(
            done.iter()
                .any(|d| d.column == "*" && d.treatment.contains("1 row withheld")),
            "{done:?}"
        );
    }
}

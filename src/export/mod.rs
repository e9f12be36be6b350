//! HR's export: aggregates and per-record figures as typed tables, never
//! free text from meeting logs (no topics, actions or private notes) and
//! never feedback comments. `render::sheet` writes them as CSV or XLSX.
//!
//! Each table is declared by its columns (`sheets`, `breakdown`): a
//! column's role says what `--anonymize` does to it, and its person field
//! whether a programme that seals the field gets the column at all.

mod about;
pub mod anonymity;
mod breakdown;
pub mod pseudonym;
pub mod pseudonym_key;
mod sheets;
mod surveys;
mod table;

pub use about::{About, about};
pub use breakdown::{Dimension, NO_VALUE, breakdown, breakdown_name, figures_by_group, summary};
pub use pseudonym::{Identities, Pseudonymiser};
pub use sheets::sheets;
pub use surveys::survey_sheets;
pub use table::{Cell, Column, Columns, Heading, Role, Sheet};

use crate::decode::Field;
use crate::workspace::Workspace;

/// The person fields this programme seals that the sheets would show.
pub fn sealed_in_sheets(ws: &Workspace, sheets: &[Sheet]) -> Vec<Field> {
    let sealed = crate::seal::values::sealed_person_fields(ws);
    let mut fields: Vec<Field> = Vec::new();
    for field in sheets
        .iter()
        .flat_map(|s| &s.columns)
        .filter_map(|c| c.field)
    {
        if sealed.contains(field.name()) && !fields.contains(&field) {
            fields.push(field);
        }
    }
    fields
}

/// Leave the columns that show, or are worked out from, one of `fields`
/// out of every sheet: header and cells. A sealed field reaches HR through
/// no column, opened or not (`export --identity` opens values to compute
/// figures, never to hand them over).
pub fn leave_out(sheets: &mut [Sheet], fields: &[Field]) {
    for sheet in sheets {
        while let Some(at) = sheet
            .columns
            .iter()
            .position(|c| c.field.is_some_and(|f| fields.contains(&f)))
        {
            sheet.remove(at);
        }
    }
}

/// Anonymous in fact, not only in name: each table that names records is
/// made k-anonymous over its facts, meetings are no longer linked to their
/// pair (a pair's meeting dates would single it out), small counts in
/// aggregates are left empty, and a `disclosure.csv` sheet says what was
/// coarsened, suppressed or withheld.
pub fn protect(sheets: &mut Vec<Sheet>, k: usize) -> Vec<anonymity::Disclosure> {
    let mut done = Vec::new();
    for sheet in sheets.iter_mut() {
        done.extend(unlink(sheet));
        if sheet.names_records() {
            done.extend(anonymity::protect(sheet, k));
        }
        done.extend(suppress_small_counts(sheet, k));
        done.extend(suppress_small_groups(sheet, k));
    }
    let columns = Columns::<(String, String, String)>::new()
        .fact("table", |(table, _, _)| Cell::text(table))
        .fact("column", |(_, column, _)| Cell::text(column))
        .fact("treatment", |(_, _, treatment)| Cell::text(treatment));
    let rows = std::iter::once((
        "*".to_string(),
        "*".to_string(),
        format!(
            "every combination of the non-pseudonym columns of each table is shared by at least {k} rows; each table has pseudonyms of its own, so no table joins another"
        ),
    ))
    .chain(done.iter().map(|d| {
        (d.table.to_string(), d.column.to_string(), d.treatment.clone())
    }));
    sheets.push(Sheet::of("disclosure.csv", &columns, rows));
    done
}

/// Columns that link a record to its pair, left empty.
fn unlink(sheet: &mut Sheet) -> Vec<anonymity::Disclosure> {
    let links = sheet.positions(Role::Link);
    for row in &mut sheet.rows {
        for &at in &links {
            row[at] = Cell::Empty;
        }
    }
    links
        .iter()
        .map(|&at| anonymity::Disclosure {
            table: sheet.name,
            column: sheet.columns[at].name,
            treatment: "left empty: meetings are not linked to their pair".to_string(),
        })
        .collect()
}

/// Counts under k, and the rates over them, left empty.
fn suppress_small_counts(sheet: &mut Sheet, k: usize) -> Vec<anonymity::Disclosure> {
    let rates = sheet.positions(Role::Rate);
    suppress(
        sheet,
        Role::Count,
        &rates,
        |row, at| row[at].is_small_count(k),
        |n| {
            format!(
                "{} under {k} left empty, with what follows them",
                crate::text::count(n, "count")
            )
        },
    )
}

/// In a breakdown, a count under k (but not zero), or a rate or average
/// from fewer than k cases, would single people out: left empty.
fn suppress_small_groups(sheet: &mut Sheet, k: usize) -> Vec<anonymity::Disclosure> {
    let cases = sheet.positions(Role::Cases);
    let few_cases = |row: &[Cell]| {
        cases
            .iter()
            .any(|&c| matches!(row[c], Cell::Integer(n) if (n as usize) < k))
    };
    suppress(
        sheet,
        Role::Figure,
        &[],
        |row, at| row[at].is_small_count(k) || (few_cases(row) && row[at] != Cell::Empty),
        |n| {
            format!(
                "{} counting fewer than {k}, or computed from fewer than {k} cases, left empty",
                crate::text::count(n, "cell")
            )
        },
    )
}

/// Empty each cell of a `role` column that `small` says would single
/// people out, and the row's cells at `with`; one disclosure per column,
/// saying how many.
fn suppress(
    sheet: &mut Sheet,
    role: Role,
    with: &[usize],
    small: impl Fn(&[Cell], usize) -> bool,
    treatment: impl Fn(usize) -> String,
) -> Vec<anonymity::Disclosure> {
    let mut done = Vec::new();
    for at in sheet.positions(role) {
        let mut suppressed = 0;
        for row in &mut sheet.rows {
            if small(row, at) {
                for c in std::iter::once(at).chain(with.iter().copied()) {
                    row[c] = Cell::Empty;
                }
                suppressed += 1;
            }
        }
        if suppressed > 0 {
            done.push(anonymity::Disclosure {
                table: sheet.name,
                column: sheet.columns[at].name,
                treatment: treatment(suppressed),
            });
        }
    }
    done
}

#[cfg(test)]
mod tests;

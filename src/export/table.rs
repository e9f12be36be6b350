//! An export table declared by its columns: each column's header, what it
//! holds and how its cell is worked out, written together. What
//! `--anonymize` and sealed fields do to a table is read from its columns'
//! roles and fields, never from their names or positions.

use std::fmt::Display;

use chrono::NaiveDate;

use crate::decode::Field;
use crate::indicators::Figure;

/// One table: its file name, its columns and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: Vec<Heading>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// A table of `rows`, one line each, its cells worked out by `columns`.
    pub fn of<R>(
        name: &'static str,
        columns: &Columns<R>,
        rows: impl IntoIterator<Item = R>,
    ) -> Self {
        Sheet {
            name,
            columns: columns.headings(),
            rows: rows
                .into_iter()
                .map(|row| columns.0.iter().map(|c| (c.cell)(&row)).collect())
                .collect(),
        }
    }

    /// The header line: the columns' names.
    pub fn header(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// Whether the table has a row per person, pair or meeting (it names
    /// them), rather than aggregates.
    pub fn names_records(&self) -> bool {
        self.columns.iter().any(|c| c.role.names_a_record())
    }

    /// The positions of the columns with this role.
    pub fn positions(&self, role: Role) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&c| self.columns[c].role == role)
            .collect()
    }

    /// Remove a column: its header and its cells.
    pub fn remove(&mut self, at: usize) {
        self.columns.remove(at);
        for row in &mut self.rows {
            row.remove(at);
        }
    }
}

/// What a column holds, which says what `--anonymize` does to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Names a person or a pair: their id, or under `--anonymize` a
    /// pseudonym of the table's own (a name or an email is then a
    /// pseudonym or empty). Rows are made k-anonymous over the other
    /// columns.
    Pseudonym,
    /// Names the pair a record belongs to, and is left empty under
    /// `--anonymize`: a pair's meeting dates would single the pair out.
    Link,
    /// What a row says. In a table that names records, a quasi-identifier
    /// that `--anonymize` coarsens until each combination is shared by k
    /// rows; in an aggregate table, shown as it is.
    Fact,
    /// How many pairs an aggregate row counts: under `--anonymize` a count
    /// under k (but not zero) is left empty, with the row's rates.
    Count,
    /// A mean or share over the row's count, left empty with it.
    Rate,
    /// An indicator's value for one group of a breakdown: a count, or a
    /// rate over the row's cases. Under `--anonymize` left empty when the
    /// count, or the cases, are under k.
    Figure,
    /// How many cases a breakdown row's figure is computed from.
    Cases,
}

impl Role {
    /// Whether the column names a record rather than saying something of it.
    pub fn names_a_record(self) -> bool {
        matches!(self, Role::Pseudonym | Role::Link)
    }
}

/// A column without its cells: what a written table keeps of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heading {
    pub name: &'static str,
    pub role: Role,
    /// The person field the column shows, or is worked out from: when the
    /// programme seals that field the column is left out of every sheet.
    pub field: Option<Field>,
    /// What the column holds, in plain words: the export's glossary
    /// (`about.csv`) is read from it.
    pub meaning: &'static str,
}

/// One column of a table of `R`s: its heading and its cell.
pub struct Column<R> {
    pub heading: Heading,
    pub cell: fn(&R) -> Cell,
}

/// A table's columns, in order, declared one by one:
/// `Columns::new().fact("status", |r| ...)`.
pub struct Columns<R>(Vec<Column<R>>);

impl<R> Columns<R> {
    pub fn new() -> Self {
        Columns(Vec::new())
    }

    /// A column with this role.
    pub fn with(mut self, name: &'static str, role: Role, cell: fn(&R) -> Cell) -> Self {
        self.0.push(Column {
            heading: Heading {
                name,
                role,
                field: None,
                meaning: "",
            },
            cell,
        });
        self
    }

    /// A column that names the row's person or pair.
    pub fn pseudonym(self, name: &'static str, cell: fn(&R) -> Cell) -> Self {
        self.with(name, Role::Pseudonym, cell)
    }

    /// A column that says something of the row.
    pub fn fact(self, name: &'static str, cell: fn(&R) -> Cell) -> Self {
        self.with(name, Role::Fact, cell)
    }

    /// The last column shows, or is worked out from, this person field.
    pub fn of(mut self, field: Field) -> Self {
        if let Some(last) = self.0.last_mut() {
            last.heading.field = Some(field);
        }
        self
    }

    /// The last column means this, in plain words, for the glossary.
    pub fn means(mut self, meaning: &'static str) -> Self {
        if let Some(last) = self.0.last_mut() {
            last.heading.meaning = meaning;
        }
        self
    }

    pub fn headings(&self) -> Vec<Heading> {
        self.0.iter().map(|c| c.heading).collect()
    }
}

impl<R> Default for Columns<R> {
    fn default() -> Self {
        Self::new()
    }
}

/// A typed cell, so a workbook gets real numbers and dates and an id such
/// as `007` stays text.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    /// Shown to two decimal places.
    Number(f64),
    Date(NaiveDate),
    /// Nothing to show (a mean of no ratings, an unset field): never NaN.
    Empty,
}

impl Cell {
    pub fn text(value: impl Display) -> Self {
        Cell::Text(value.to_string())
    }

    pub fn count(n: usize) -> Self {
        Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
    }

    pub fn yes_no(value: bool) -> Self {
        Cell::text(if value { "yes" } else { "no" })
    }

    pub fn date(value: Option<NaiveDate>) -> Self {
        value.map_or(Cell::Empty, Cell::Date)
    }

    pub fn number(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::Number)
    }

    pub fn figure(value: Figure) -> Self {
        match value {
            Figure::Count(n) => Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
            Figure::Number(x) if x.is_finite() => Cell::Number(x),
            Figure::YesNo(b) => Cell::yes_no(b),
            Figure::Number(_) | Figure::Missing => Cell::Empty,
        }
    }

    /// A whole number under `k` but not zero: a count that would single
    /// people out.
    pub fn is_small_count(&self, k: usize) -> bool {
        matches!(*self, Cell::Integer(n) if n > 0 && (n as usize) < k)
    }
}

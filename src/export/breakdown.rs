//! `indicators_by_<dimension>.csv`: the indicators per organisation,
//! department, staff group or month (`export --by`).

use super::sheets::Table;
use super::table::{Cell, Columns, Role, Sheet};
use crate::decode::Field;
use crate::indicators::{Figures, Indicator, Period, figures, figures_where};
use crate::model::Person;
use crate::workspace::{PersonEntry, Workspace};

/// What a breakdown splits the indicators by: the one list `export --by`
/// offers and the export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Organisation,
    Department,
    Group,
    Month,
}

impl Dimension {
    /// Every dimension, in the order `--help` lists them.
    pub const ALL: [Dimension; 4] = [
        Dimension::Organisation,
        Dimension::Department,
        Dimension::Group,
        Dimension::Month,
    ];

    /// As written after `--by`, and as the breakdown's first column.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Organisation => "organisation",
            Dimension::Department => "department",
            Dimension::Group => "group",
            Dimension::Month => "month",
        }
    }

    /// The file the breakdown is written to.
    pub fn sheet(self) -> &'static str {
        match self {
            Dimension::Organisation => "indicators_by_organisation.csv",
            Dimension::Department => "indicators_by_department.csv",
            Dimension::Group => "indicators_by_group.csv",
            Dimension::Month => "indicators_by_month.csv",
        }
    }

    /// The file the report's summary by this dimension is written to.
    pub fn summary_sheet(self) -> &'static str {
        match self {
            Dimension::Organisation => "summary_by_organisation.csv",
            Dimension::Department => "summary_by_department.csv",
            Dimension::Group => "summary_by_group.csv",
            Dimension::Month => "summary_by_month.csv",
        }
    }

    /// The person field the groups are values of (none for month).
    pub fn field(self) -> Option<Field> {
        match self {
            Dimension::Organisation => Some(Person::ORGANISATION),
            Dimension::Department => Some(Person::DEPARTMENT),
            Dimension::Group => Some(Person::GROUP),
            Dimension::Month => None,
        }
    }

    /// A person's value on this dimension, when they have one (never for month).
    pub fn value_of(self, person: &Person) -> Option<&str> {
        match self {
            Dimension::Organisation => person.organisation.as_deref(),
            Dimension::Department => person.department.as_deref(),
            Dimension::Group => person.group.as_deref(),
            Dimension::Month => None,
        }
        .map(str::trim)
        .filter(|v| !v.is_empty())
    }

    /// A person's group on this dimension: their value, or [`NO_VALUE`]
    /// (`None` for month).
    fn of(self, person: &Person) -> Option<String> {
        (self != Dimension::Month).then(|| self.value_of(person).unwrap_or(NO_VALUE).to_string())
    }
}

/// The group of the people a dimension's field is not set for.
pub const NO_VALUE: &str = "(none)";

/// The breakdowns, as `about.csv` describes them.
pub const BREAKDOWNS: Table = Table {
    name: "indicators_by_*.csv",
    about: "aggregates: the indicators per organisation, department, staff group or month (with --by)",
    headings: || breakdown_columns(Dimension::Month).headings(),
};

/// The file a breakdown is written to.
pub fn breakdown_name(dimension: Dimension) -> &'static str {
    dimension.sheet()
}

/// One indicator of one group.
struct GroupRow<'a> {
    group: &'a str,
    indicator: &'a Indicator,
}

fn breakdown_columns<'a>(dimension: Dimension) -> Columns<GroupRow<'a>> {
    let columns = Columns::<GroupRow<'a>>::new()
        .fact(dimension.name(), |r| Cell::text(r.group))
        .means("The group the row's figures are for: an organisation, a department, a staff group or a month.");
    match dimension.field() {
        Some(field) => columns.of(field),
        None => columns,
    }
    .fact("indicator", |r| Cell::text(r.indicator.id))
    .means("The figure's short name, as in the indicators table.")
    .with("value", Role::Figure, |r| Cell::figure(r.indicator.value))
    .means("The figure for this group; empty when the group is too small to show.")
    .with("cases", Role::Cases, |r| {
        r.indicator.cases.map_or(Cell::Empty, Cell::count)
    })
    .means("For a rate or an average, how many cases it is taken over.")
}

/// `indicators_by_<dimension>.csv`, in long form: one row per group and
/// indicator. People and pairs (by their mentee) fall in their group; months
/// split the period into calendar months, each a period of its own. A
/// breakdown by a field the programme seals is refused: its groups are the
/// sealed values.
pub fn breakdown(ws: &Workspace, period: Period, dimension: Dimension) -> anyhow::Result<Sheet> {
    if let Some(field) = dimension.field()
        && crate::seal::values::sealed_person_fields(ws).contains(field.name())
    {
        anyhow::bail!(
            "nothing exported: --by {} would name the values of `{}`, which this programme seals ([privacy] sealed_person_fields); leave --by {} out",
            field.name(),
            field.name(),
            field.name()
        );
    }
    let groups = figures_by_group(ws, period, dimension);
    let rows = groups.iter().flat_map(|(group, figures)| {
        figures
            .indicators
            .iter()
            .map(move |indicator| GroupRow { group, indicator })
    });
    Ok(Sheet::of(
        dimension.sheet(),
        &breakdown_columns(dimension),
        rows,
    ))
}

/// Each group's value and its figures, in order: people (and pairs, by
/// their mentee) without a value form the group [`NO_VALUE`].
pub fn figures_by_group(
    ws: &Workspace,
    period: Period,
    dimension: Dimension,
) -> Vec<(String, Figures<'_>)> {
    if dimension == Dimension::Month {
        return period
            .months()
            .into_iter()
            .map(|(label, month)| (label, figures(ws, month)))
            .collect();
    }
    let mut values: Vec<String> = ws
        .people
        .iter()
        .filter_map(|p| dimension.of(&p.person))
        .collect();
    values.sort();
    values.dedup();
    values
        .into_iter()
        .map(|value| {
            let in_group =
                |p: &PersonEntry| dimension.of(&p.person).as_deref() == Some(value.as_str());
            let figures = figures_where(ws, period, &in_group);
            (value, figures)
        })
        .collect()
}

/// The year's summaries, as `about.csv` describes them.
pub const SUMMARIES: Table = Table {
    name: "summary_by_*.csv",
    about: "aggregates: per organisation and per department, mentees mentored and how the pairs ended, with the programme's total; counts under the programme's smallest group are withheld",
    headings: || summary_columns(Dimension::Department).headings(),
};

/// A count as written: a number, or the words of a withheld one.
fn summary_cell(cell: crate::report::breakdown::Cell) -> Cell {
    match cell {
        crate::report::breakdown::Cell::Count(n) => {
            Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
        }
        withheld => Cell::Text(withheld.words()),
    }
}

/// One row of a summary: the group (or `all`) and its cells.
type SummaryRow = (String, Vec<Cell>);

fn summary_columns(dimension: Dimension) -> Columns<SummaryRow> {
    let columns = Columns::<SummaryRow>::new()
        .fact(dimension.name(), |(group, _)| Cell::text(group))
        .means("The organisation or department the row counts (by the mentee, for pairs); `all` is the whole programme.");
    let columns = match dimension.field() {
        Some(field) => columns.of(field),
        None => columns,
    };
    columns
        .fact("mentees_mentored", |(_, c)| c[0].clone())
        .means("Different staff mentored in the period, or `fewer than K or withheld` when too few to show.")
        .fact("pairs_ran", |(_, c)| c[1].clone())
        .means("Mentoring pairs that ran on at least one day of the period.")
        .fact("pairs_completed", |(_, c)| c[2].clone())
        .means("Pairs that finished as planned, or early because the goals were met.")
        .fact("pairs_closed_early", |(_, c)| c[3].clone())
        .means("Pairs that ended before finishing their planned time, for any reason.")
}

/// `summary_by_<dimension>.csv`: a report breakdown as a sheet, counts
/// withheld as the report withholds them. None for a sealed field.
pub fn summary(b: &crate::report::breakdown::Breakdown) -> Option<Sheet> {
    let dimension = Dimension::ALL
        .into_iter()
        .find(|d| d.name() == b.dimension)?;
    if b.sealed {
        return None;
    }
    let rows = b
        .rows
        .iter()
        .map(|row| {
            (
                row.group.clone(),
                row.cells.iter().map(|&c| summary_cell(c)).collect(),
            )
        })
        .chain(std::iter::once((
            "all".to_string(),
            b.total
                .iter()
                .map(|&n| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX)))
                .collect(),
        )));
    Some(Sheet::of(
        dimension.summary_sheet(),
        &summary_columns(dimension),
        rows,
    ))
}

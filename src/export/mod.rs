//! HR's export: aggregates and per-record figures as typed tables, never
//! free text from meeting logs (no topics, actions or private notes) and
//! never feedback comments. `render::sheet` writes them as CSV or XLSX.

pub mod anonymity;
pub mod pseudonym;
pub mod pseudonym_key;

use std::fmt::Display;

use chrono::NaiveDate;

pub use pseudonym::{Identities, Pseudonymiser};

use crate::decode::Field;
use crate::indicators::{Figure, Figures};
use crate::model::{PairStatus, Person};
use crate::progress::{Stage, stage_on};
use crate::workspace::Workspace;

/// One table: its file name, header and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
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

    pub fn figure(value: Figure) -> Self {
        match value {
            Figure::Count(n) => Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
            Figure::Number(x) if x.is_finite() => Cell::Number(x),
            Figure::YesNo(b) => Cell::yes_no(b),
            Figure::Number(_) | Figure::Missing => Cell::Empty,
        }
    }
}

/// The tables that identify people (by id, or by pseudonyms of their own).
const PAIRS: &str = "pairs.csv";
const PARTICIPANTS: &str = "participants.csv";
const MEETINGS: &str = "meetings.csv";

/// The four sheets HR receives.
pub fn sheets(ws: &Workspace, figures: &Figures, identities: &Identities) -> Vec<Sheet> {
    let period = figures.period;
    let (pair_ids, participant_ids, meeting_ids) = (
        identities.of_table(PAIRS),
        identities.of_table(PARTICIPANTS),
        identities.of_table(MEETINGS),
    );
    let indicators = Sheet {
        name: "indicators.csv",
        header: vec![
            "indicator",
            "value",
            "unit",
            "period_start",
            "period_end",
            "definition",
            "cases",
            "small_sample",
            "target",
        ],
        rows: figures
            .indicators
            .iter()
            .map(|i| {
                vec![
                    Cell::text(i.id),
                    Cell::figure(i.value),
                    Cell::text(i.unit),
                    Cell::Date(period.from),
                    Cell::Date(period.to),
                    Cell::text(i.definition),
                    i.cases.map_or(Cell::Empty, Cell::count),
                    if i.cases.is_some() {
                        Cell::yes_no(i.small_sample)
                    } else {
                        Cell::Empty
                    },
                    i.target.map_or(Cell::Empty, Cell::Number),
                ]
            })
            .collect(),
    };

    let department = |id: &str| {
        ws.person(id)
            .and_then(|p| p.person.department.clone())
            .unwrap_or_default()
    };
    let pairs = Sheet {
        name: PAIRS,
        header: vec![
            "pair",
            "mentor",
            "mentee",
            "mentor_department",
            "mentee_department",
            "status",
            "proposed_on",
            "started",
            "ends",
            "closed_on",
            "closure_reason",
            "premature",
            "meetings",
            "hours",
            "goals_set",
            "goals_achieved",
            "plan_designed",
            "average_satisfaction",
            "cross_department",
            "days_to_match",
            "last_meeting",
            "stalled",
        ],
        rows: figures
            .pairs
            .iter()
            .filter(|p| relevant(&p.entry.pair, &period))
            .map(|p| {
                let pair = &p.entry.pair;
                let last = period.last_day();
                // The pair as it stood on the period end, not as it stands now.
                let closure = pair.closure.as_ref().filter(|c| c.date <= last);
                vec![
                    Cell::Text(pair_ids.pair(&p.entry.id)),
                    Cell::Text(pair_ids.person(&pair.mentor)),
                    Cell::Text(pair_ids.person(&pair.mentee)),
                    Cell::Text(department(&pair.mentor)),
                    Cell::Text(department(&pair.mentee)),
                    Cell::text(stage_name(stage_on(pair, last))),
                    Cell::date(pair.proposed_on.filter(|d| *d <= last)),
                    Cell::date(pair.started.filter(|d| *d <= last)),
                    Cell::date(pair.ends),
                    Cell::date(closure.map(|c| c.date)),
                    closure.map_or(Cell::Empty, |c| Cell::text(c.reason)),
                    closure.map_or(Cell::Empty, |c| Cell::yes_no(c.reason.is_premature())),
                    Cell::count(p.meetings),
                    Cell::Number(p.hours()),
                    Cell::count(p.goals_set),
                    Cell::count(p.goals_achieved),
                    Cell::yes_no(p.plan_designed),
                    p.average_satisfaction().map_or(Cell::Empty, Cell::Number),
                    p.cross_department.map_or(Cell::Empty, Cell::yes_no),
                    p.days_to_match.map_or(Cell::Empty, Cell::Integer),
                    Cell::date(p.progress.last_meeting),
                    Cell::yes_no(p.progress.is_stalled()),
                ]
            })
            .collect(),
    };

    let participants = Sheet {
        name: PARTICIPANTS,
        header: vec![
            "person",
            "name",
            "email",
            "role",
            "department",
            "organisation",
            "group",
            "status",
            "paired",
            "applied_on",
            "trained_on",
        ],
        rows: ws
            .people
            .iter()
            .enumerate()
            .filter(|(_, e)| e.person.applied_on.is_none_or(|d| d <= period.last_day()))
            .map(|(index, e)| {
                let p = &e.person;
                let paired = ws
                    .pairs_as_mentee(index)
                    .iter()
                    .chain(ws.pairs_as_mentor(index))
                    .any(|&i| {
                        matches!(
                            stage_on(&ws.pairs[i].pair, period.last_day()),
                            Stage::Active | Stage::Closed
                        )
                    });
                let (name, email) = match identities {
                    Identities::Plain => (p.name.clone(), p.email.clone().unwrap_or_default()),
                    Identities::Pseudonymous(_) => (participant_ids.person(&e.id), String::new()),
                };
                vec![
                    Cell::Text(participant_ids.person(&e.id)),
                    Cell::Text(name),
                    Cell::Text(email),
                    Cell::text(p.role),
                    Cell::Text(p.department.clone().unwrap_or_default()),
                    Cell::Text(p.organisation.clone().unwrap_or_default()),
                    Cell::Text(p.group.clone().unwrap_or_default()),
                    Cell::text(p.status()),
                    Cell::yes_no(paired),
                    Cell::date(p.applied_on),
                    Cell::date(p.trained_on.filter(|d| *d <= period.last_day())),
                ]
            })
            .collect(),
    };

    let meetings = Sheet {
        name: MEETINGS,
        header: vec!["pair", "date", "minutes", "mode"],
        rows: ws
            .pairs
            .iter()
            .flat_map(|e| {
                e.meetings
                    .iter()
                    .filter(|m| period.contains(m.date))
                    .map(|m| {
                        vec![
                            Cell::Text(meeting_ids.pair(&e.id)),
                            Cell::Date(m.date),
                            m.minutes
                                .map_or(Cell::Empty, |n| Cell::Integer(i64::from(n))),
                            m.mode.map_or(Cell::Empty, Cell::text),
                        ]
                    })
            })
            .collect(),
    };
    let (skills, levels) = skills_sheets(ws, figures);
    vec![indicators, pairs, participants, meetings, skills, levels]
}

/// The skills tick sheet, per competency: `skills.csv` (pairs assessed at
/// baseline and final, mean levels, share improved) and `skills_levels.csv`
/// (how many pairs stood at each level at baseline and at the end: the
/// distribution, not only the mean).
fn skills_sheets(ws: &Workspace, figures: &Figures) -> (Sheet, Sheet) {
    let programme = ws.programme.as_ref();
    let scale = programme.map_or(&[][..], |p| p.assessment_scale());
    let competencies = programme.map_or(&[][..], |p| p.competencies.as_slice());
    let changes: Vec<&crate::indicators::SkillChange> = figures
        .pairs
        .iter()
        .filter(|p| p.ran_in_period)
        .flat_map(|p| &p.skills)
        .collect();
    let mut summary = Vec::new();
    let mut distribution = Vec::new();
    for competency in competencies {
        let mine: Vec<_> = changes
            .iter()
            .filter(|c| c.competency == competency.id)
            .collect();
        let n = mine.len();
        let mean = |f: fn(&crate::indicators::SkillChange) -> u32| {
            if n == 0 {
                Cell::Empty
            } else {
                Cell::Number(mine.iter().map(|c| f64::from(f(c))).sum::<f64>() / n as f64)
            }
        };
        summary.push(vec![
            Cell::text(&competency.id),
            Cell::text(&competency.name),
            Cell::count(n),
            mean(|c| c.baseline),
            mean(|c| c.last),
            if n == 0 {
                Cell::Empty
            } else {
                Cell::Number(
                    100.0 * mine.iter().filter(|c| c.last > c.baseline).count() as f64 / n as f64,
                )
            },
        ]);
        for (stage, level_of) in [
            (
                "baseline",
                (|c: &crate::indicators::SkillChange| c.baseline)
                    as fn(&crate::indicators::SkillChange) -> u32,
            ),
            ("final", |c| c.last),
        ] {
            for (i, label) in scale.iter().enumerate() {
                let level = u32::try_from(i + 1).unwrap_or(u32::MAX);
                distribution.push(vec![
                    Cell::text(&competency.id),
                    Cell::text(stage),
                    Cell::Integer(i64::from(level)),
                    Cell::text(label),
                    Cell::count(mine.iter().filter(|c| level_of(c) == level).count()),
                ]);
            }
        }
    }
    (
        Sheet {
            name: "skills.csv",
            header: vec![
                "competency",
                "name",
                "pairs_assessed",
                "mean_baseline",
                "mean_final",
                "share_improved",
            ],
            rows: summary,
        },
        Sheet {
            name: "skills_levels.csv",
            header: vec!["competency", "stage", "level", "label", "pairs"],
            rows: distribution,
        },
    )
}

/// A pair belongs in a period's tables when it had been proposed by the
/// period end and had not closed before the period began.
fn relevant(pair: &crate::model::Pair, period: &crate::indicators::Period) -> bool {
    stage_on(pair, period.last_day()) != Stage::NotYet
        && pair.closure.as_ref().is_none_or(|c| c.date >= period.from)
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::NotYet => "",
        Stage::Proposed => PairStatus::Proposed.as_str(),
        Stage::Active => PairStatus::Active.as_str(),
        Stage::Closed => PairStatus::Closed.as_str(),
    }
}

/// Counts under k (and, in `skills.csv`, the means they average) left empty.
fn suppress_small_counts(
    sheet: &mut Sheet,
    column: &'static str,
    k: usize,
) -> Option<anonymity::Disclosure> {
    let at = sheet.header.iter().position(|h| *h == column)?;
    let mut suppressed = 0;
    for row in &mut sheet.rows {
        if matches!(row[at], Cell::Integer(n) if n > 0 && (n as usize) < k) {
            for cell in row.iter_mut().skip(at) {
                *cell = Cell::Empty;
            }
            suppressed += 1;
        }
    }
    (suppressed > 0).then(|| anonymity::Disclosure {
        table: sheet.name,
        column,
        treatment: format!("{suppressed} count(s) under {k} left empty, with what follows them"),
    })
}

/// Aggregate tables, and their count column: a cell counting fewer than k
/// pairs is suppressed under `--anonymize`.
const SMALL_CELLS: &[(&str, &str)] = &[
    ("skills.csv", "pairs_assessed"),
    ("skills_levels.csv", "pairs"),
];

/// The columns that hold (or are worked out from) a person field, by table:
/// a field the programme seals leaves all of its columns out of every
/// sheet, opened or not (`export --identity` opens values to compute
/// figures, never to hand them to HR). `every_person_column_is_declared`
/// holds every sheet to this list.
const PERSON_COLUMNS: &[(&str, &str, Field)] = &[
    (PAIRS, "mentor_department", Person::DEPARTMENT),
    (PAIRS, "mentee_department", Person::DEPARTMENT),
    // Whether two sealed departments differ says something of both.
    (PAIRS, "cross_department", Person::DEPARTMENT),
    (PARTICIPANTS, "name", Person::NAME),
    (PARTICIPANTS, "email", Person::EMAIL),
    (PARTICIPANTS, "role", Person::ROLE),
    (PARTICIPANTS, "department", Person::DEPARTMENT),
    (PARTICIPANTS, "organisation", Person::ORGANISATION),
    (PARTICIPANTS, "group", Person::GROUP),
    (PARTICIPANTS, "status", Person::STATUS),
    (PARTICIPANTS, "applied_on", Person::APPLIED_ON),
    (PARTICIPANTS, "trained_on", Person::TRAINED_ON),
];

/// The person fields this programme seals that the sheets would show.
pub fn sealed_in_sheets(ws: &Workspace) -> Vec<Field> {
    let sealed = crate::seal::values::sealed_person_fields(ws);
    let mut fields: Vec<Field> = Vec::new();
    for &(_, _, field) in PERSON_COLUMNS {
        if sealed.contains(field.name()) && !fields.contains(&field) {
            fields.push(field);
        }
    }
    fields
}

/// Leave the columns of `fields` out of every sheet: header and cells.
pub fn leave_out(sheets: &mut [Sheet], fields: &[Field]) {
    for sheet in sheets {
        for &(_, column, _) in PERSON_COLUMNS
            .iter()
            .filter(|(table, _, field)| *table == sheet.name && fields.contains(field))
        {
            if let Some(at) = sheet.header.iter().position(|h| *h == column) {
                sheet.header.remove(at);
                for row in &mut sheet.rows {
                    row.remove(at);
                }
            }
        }
    }
}

/// The columns of each table that carry pseudonyms rather than facts.
const PSEUDONYM_COLUMNS: &[(&str, &[&str])] = &[
    ("pairs.csv", &["pair", "mentor", "mentee"]),
    ("participants.csv", &["person", "name", "email"]),
    ("meetings.csv", &["pair"]),
];

/// Anonymous in fact, not only in name: each table's rows are made
/// k-anonymous over their non-pseudonym columns, meetings are no longer
/// linked to their pair (a pair's meeting dates would single it out), and a
/// `disclosure.csv` sheet says what was coarsened, suppressed or withheld.
pub fn protect(sheets: &mut Vec<Sheet>, k: usize) -> Vec<anonymity::Disclosure> {
    let mut done = Vec::new();
    for sheet in sheets.iter_mut() {
        if sheet.name == "meetings.csv" {
            for row in &mut sheet.rows {
                row[0] = Cell::Empty;
            }
            done.push(anonymity::Disclosure {
                table: sheet.name,
                column: "pair",
                treatment: "left empty: meetings are not linked to their pair".to_string(),
            });
        }
        if let Some((_, pseudonyms)) = PSEUDONYM_COLUMNS
            .iter()
            .find(|(name, _)| *name == sheet.name)
        {
            done.extend(anonymity::protect(sheet, pseudonyms, k));
        }
        if let Some(&(_, column)) = SMALL_CELLS.iter().find(|(name, _)| *name == sheet.name) {
            done.extend(suppress_small_counts(sheet, column, k));
        }
        if sheet.name.starts_with("indicators_by_") {
            done.extend(suppress_small_groups(sheet, k));
        }
    }
    sheets.push(Sheet {
        name: "disclosure.csv",
        header: vec!["table", "column", "treatment"],
        rows: std::iter::once(vec![
            Cell::text("*"),
            Cell::text("*"),
            Cell::Text(format!(
                "every combination of the non-pseudonym columns of each table is shared by at least {k} rows; each table has pseudonyms of its own, so no table joins another"
            )),
        ])
        .chain(done.iter().map(|d| {
            vec![Cell::text(d.table), Cell::text(d.column), Cell::Text(d.treatment.clone())]
        }))
        .collect(),
    });
    done
}

/// What an export is: the `about` table every export carries (and the
/// workbook's first-glance sheet).
pub struct About<'a> {
    pub programme: &'a str,
    pub organisation: Option<&'a str>,
    pub period: crate::indicators::Period,
    /// When the files were made, as the machine's clock said.
    pub generated_at: &'a str,
    pub anonymized: bool,
    /// Ratings sealed and not opened: satisfaction figures are empty.
    pub sealed_ratings: usize,
    /// Errors in the files (`--allow-errors`): what failed to load is left out.
    pub errors: usize,
    /// Person fields the programme seals, left out of every sheet.
    pub left_out: &'a [Field],
}

/// The `about.csv` table: what the export covers, how it was made, whether
/// it is partial, and which of its files identify people.
pub fn about(about: &About) -> Sheet {
    let row = |field: &str, value: String| vec![Cell::text(field), Cell::Text(value)];
    let identifying = if about.anonymized {
        "people appear under pseudonyms; values that would single anyone out are coarsened or left out (see disclosure.csv)"
    } else {
        "identifies people by id, name and email: share only with those entitled to see it"
    };
    let mut why = Vec::new();
    if about.errors > 0 {
        why.push(format!(
            "{} error(s) in the files: records that failed to load are left out (`mentor validate` lists them)",
            about.errors
        ));
    }
    if about.sealed_ratings > 0 {
        why.push(format!(
            "{} sealed rating(s) were not opened, so satisfaction figures are empty (export with the coordinator's --identity)",
            about.sealed_ratings
        ));
    }
    let partial = if why.is_empty() {
        "no".to_string()
    } else {
        format!("yes: {}", why.join("; "))
    };
    Sheet {
        name: "about.csv",
        header: vec!["field", "value"],
        rows: [
            row("programme", about.programme.to_string()),
            row("organisation", about.organisation.unwrap_or_default().to_string()),
            row("period_start", about.period.from.to_string()),
            row("period_end", about.period.to.to_string()),
            row("as_of", about.period.as_of.to_string()),
            row("generated_at", about.generated_at.to_string()),
            row("tool", format!("mentor {}", env!("CARGO_PKG_VERSION"))),
            row("anonymized", if about.anonymized { "yes" } else { "no" }.to_string()),
            row("partial", partial),
            row("indicators.csv", "aggregates: one row per indicator, with its definition, the cases behind rates, and any target".into()),
            row("skills.csv", "aggregates: per competency, pairs assessed at baseline and at the end, mean levels and the share that improved".into()),
            row("indicators_by_*.csv", "aggregates: the indicators per organisation, department, staff group or month (with --by)".into()),
            row("skills_levels.csv", "aggregates: per competency, how many pairs stood at each level of the scale at baseline and at the end".into()),
            row("pairs.csv", format!("one row per pair relevant to the period, as it stood on the period end; {identifying}")),
            row("participants.csv", format!("one row per participant who had applied by the period end; {identifying}")),
            row("meetings.csv", format!("one row per meeting in the period (dates, minutes, mode; never topics, actions or notes); {identifying}")),
        ]
        .into_iter()
        .chain(about.left_out.iter().map(|field| {
            row(field.name(), "left out, sealed in this programme".to_string())
        }))
        .collect(),
    }
}

/// What a breakdown splits the indicators by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Organisation,
    Department,
    Group,
    Month,
}

impl Dimension {
    fn sheet(self) -> &'static str {
        match self {
            Dimension::Organisation => "indicators_by_organisation.csv",
            Dimension::Department => "indicators_by_department.csv",
            Dimension::Group => "indicators_by_group.csv",
            Dimension::Month => "indicators_by_month.csv",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Dimension::Organisation => "organisation",
            Dimension::Department => "department",
            Dimension::Group => "group",
            Dimension::Month => "month",
        }
    }

    /// The person field the groups are values of (none for month).
    fn field(self) -> Option<Field> {
        match self {
            Dimension::Organisation => Some(Person::ORGANISATION),
            Dimension::Department => Some(Person::DEPARTMENT),
            Dimension::Group => Some(Person::GROUP),
            Dimension::Month => None,
        }
    }

    /// A person's value on this dimension (`None` for month).
    fn of(self, person: &crate::model::Person) -> Option<String> {
        let value = match self {
            Dimension::Organisation => person.organisation.as_deref(),
            Dimension::Department => person.department.as_deref(),
            Dimension::Group => person.group.as_deref(),
            Dimension::Month => return None,
        };
        Some(
            value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or("(none)")
                .to_string(),
        )
    }
}

/// The file a breakdown is written to.
pub fn breakdown_name(dimension: Dimension) -> &'static str {
    dimension.sheet()
}

/// `indicators_by_<dimension>.csv`, in long form: one row per group and
/// indicator. People and pairs (by their mentee) fall in their group; months
/// split the period into calendar months, each a period of its own. A
/// breakdown by a field the programme seals is refused: its groups are the
/// sealed values.
pub fn breakdown(
    ws: &Workspace,
    period: crate::indicators::Period,
    dimension: Dimension,
) -> anyhow::Result<Sheet> {
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
    let mut groups: Vec<(String, crate::indicators::Figures)> = Vec::new();
    if dimension == Dimension::Month {
        for (label, month) in period.months() {
            groups.push((label, crate::indicators::figures(ws, month)));
        }
    } else {
        let mut values: Vec<String> = ws
            .people
            .iter()
            .filter_map(|p| dimension.of(&p.person))
            .collect();
        values.sort();
        values.dedup();
        for value in values {
            let in_group = |p: &crate::workspace::PersonEntry| {
                dimension.of(&p.person).as_deref() == Some(value.as_str())
            };
            groups.push((
                value.clone(),
                crate::indicators::figures_where(ws, period, &in_group),
            ));
        }
    }
    let rows = groups
        .iter()
        .flat_map(|(value, figures)| {
            figures.indicators.iter().map(move |i| {
                vec![
                    Cell::text(value),
                    Cell::text(i.id),
                    Cell::figure(i.value),
                    i.cases.map_or(Cell::Empty, Cell::count),
                ]
            })
        })
        .collect();
    Ok(Sheet {
        name: dimension.sheet(),
        header: vec![dimension.column(), "indicator", "value", "cases"],
        rows,
    })
}

/// In a breakdown, a count under k (but not zero), or a rate or average
/// from fewer than k cases, would single people out: left empty.
fn suppress_small_groups(sheet: &mut Sheet, k: usize) -> Option<anonymity::Disclosure> {
    let mut suppressed = 0;
    for row in &mut sheet.rows {
        let small_count = matches!(row[2], Cell::Integer(n) if n > 0 && (n as usize) < k);
        let small_cases = matches!(row[3], Cell::Integer(n) if (n as usize) < k);
        if small_count || (small_cases && !matches!(row[2], Cell::Empty)) {
            row[2] = Cell::Empty;
            suppressed += 1;
        }
    }
    (suppressed > 0).then(|| anonymity::Disclosure {
        table: sheet.name,
        column: "value",
        treatment: format!("{suppressed} cell(s) counting fewer than {k}, or computed from fewer than {k} cases, left empty"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column named after a person field (`department`,
    /// `mentor_department`) must be in [`PERSON_COLUMNS`], or a field the
    /// programme seals would reach HR through it.
    #[test]
    fn every_person_column_is_declared() {
        // Columns that share a name with a person field but hold something else.
        const NOT_PERSON_FIELDS: &[(&str, &str)] =
            &[("pairs.csv", "status"), ("skills.csv", "name")];
        let ws = Workspace::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap_or_default();
        let period = crate::indicators::Period::new(&ws, None, None, as_of);
        let figures = crate::indicators::figures(&ws, period);
        for sheet in sheets(&ws, &figures, &Identities::Plain) {
            for column in &sheet.header {
                let names_a_field = Person::FIELDS
                    .iter()
                    .any(|f| column == f || column.ends_with(&format!("_{f}")));
                let declared = PERSON_COLUMNS
                    .iter()
                    .any(|(table, c, _)| *table == sheet.name && c == column)
                    || NOT_PERSON_FIELDS.contains(&(sheet.name, column));
                assert!(
                    !names_a_field || declared,
                    "{} `{column}` holds a person field: add it to PERSON_COLUMNS",
                    sheet.name
                );
            }
        }
    }

    #[test]
    fn sealed_columns_are_left_out_header_and_cells() {
        let mut sheets = vec![Sheet {
            name: "participants.csv",
            header: vec!["person", "department", "group"],
            rows: vec![vec![
                Cell::text("ana"),
                Cell::text("Estates"),
                Cell::text("staff"),
            ]],
        }];
        leave_out(&mut sheets, &[Person::DEPARTMENT]);
        assert_eq!(sheets[0].header, ["person", "group"]);
        assert_eq!(sheets[0].rows[0], [Cell::text("ana"), Cell::text("staff")]);
    }
}

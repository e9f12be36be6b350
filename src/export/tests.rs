use chrono::NaiveDate;

use super::*;
use crate::indicators::{Period, figures};
use crate::model::Person;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// The example programme that ships with mentor.
fn example() -> Workspace {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/university");
    crate::load::load(&root).expect("the example loads")
}

fn sheet<'a>(sheets: &'a [Sheet], name: &str) -> &'a Sheet {
    sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// The cells of one column, by its name.
fn column<'a>(sheet: &'a Sheet, name: &str) -> Vec<&'a Cell> {
    let at = sheet
        .header()
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("{} has no {name}", sheet.name));
    sheet.rows.iter().map(|r| &r[at]).collect()
}

/// Every sheet of the example, the breakdowns and summaries included.
fn every_sheet(ws: &Workspace, identities: &Identities) -> Vec<Sheet> {
    let period = Period::new(ws, None, None, day("2026-03-16"));
    let figures = figures(ws, period);
    let mut all = sheets(ws, &figures, identities);
    for dimension in Dimension::ALL {
        all.push(breakdown(ws, period, dimension).expect("a breakdown"));
    }
    all.extend(
        crate::report::breakdown::breakdowns(ws, period, &figures)
            .iter()
            .filter_map(super::summary),
    );
    all
}

/// A column named after a person field (`department`, `mentor_department`)
/// must declare it, or a field the programme seals would reach HR through it.
#[test]
fn every_person_column_is_declared() {
    // Columns that share a name with a person field but hold something else.
    const NOT_PERSON_FIELDS: &[(&str, &str)] = &[
        ("pairs.csv", "status"),
        ("skills.csv", "name"),
        ("indicators.csv", "name"),
    ];
    let ws = example();
    for sheet in every_sheet(&ws, &Identities::Plain) {
        for column in &sheet.columns {
            let names_a_field = Person::FIELDS
                .iter()
                .any(|f| column.name == *f || column.name.ends_with(&format!("_{f}")));
            let declared =
                column.field.is_some() || NOT_PERSON_FIELDS.contains(&(sheet.name, column.name));
            assert!(
                !names_a_field || declared,
                "{} `{}` holds a person field: declare it with `.of(Person::…)`",
                sheet.name,
                column.name
            );
        }
    }
}

#[test]
fn sealed_columns_are_left_out_header_and_cells() {
    let columns = Columns::<[&str; 3]>::new()
        .pseudonym("person", |r| Cell::text(r[0]))
        .fact("department", |r| Cell::text(r[1]))
        .of(Person::DEPARTMENT)
        .fact("group", |r| Cell::text(r[2]))
        .of(Person::GROUP);
    let mut sheets = vec![Sheet::of(
        "participants.csv",
        &columns,
        [["ana", "Estates", "staff"]],
    )];
    leave_out(&mut sheets, &[Person::DEPARTMENT]);
    assert_eq!(sheets[0].header(), ["person", "group"]);
    assert_eq!(sheets[0].rows[0], [Cell::text("ana"), Cell::text("staff")]);
}

#[test]
fn a_sealed_department_leaves_every_column_worked_out_from_it() {
    let ws = example();
    let mut all = every_sheet(&ws, &Identities::Plain);
    leave_out(&mut all, &[Person::DEPARTMENT]);
    for sheet in &all {
        for name in sheet.header() {
            assert!(
                !name.contains("department"),
                "{} still has {name}",
                sheet.name
            );
        }
    }
    // The rest of the table stays, cells and header in step.
    let pairs = sheet(&all, "pairs.csv");
    assert_eq!(pairs.header().len(), 20);
    assert!(pairs.rows.iter().all(|r| r.len() == 20));
}

#[test]
fn anonymized_tables_name_no_one_and_unlink_meetings() {
    let ws = example();
    let key = Identities::Pseudonymous(Pseudonymiser::new(b"test key"));
    let mut all = every_sheet(&ws, &key);
    let done = protect(&mut all, 2);
    let mut identities: Vec<String> = Vec::new();
    for p in &ws.people {
        identities.push(p.id.clone());
        identities.push(p.person.name.clone());
        identities.extend(p.person.email.clone());
    }
    identities.extend(ws.pairs.iter().map(|p| p.id.clone()));
    for sheet in &all {
        for row in &sheet.rows {
            for cell in row {
                if let Cell::Text(text) = cell {
                    assert!(
                        !identities.contains(text),
                        "{} shows `{text}` under --anonymize",
                        sheet.name
                    );
                }
            }
        }
        if sheet.names_records() {
            assert!(anonymity::is_k_anonymous(sheet, 2), "{}", sheet.name);
        }
    }
    let participants = sheet(&all, "participants.csv");
    assert!(
        column(participants, "email")
            .iter()
            .all(|c| **c == Cell::text(""))
    );
    assert!(
        column(participants, "name")
            .iter()
            .all(|c| matches!(c, Cell::Text(t) if t.starts_with("person-")))
    );
    let meetings = sheet(&all, "meetings.csv");
    assert!(!meetings.rows.is_empty());
    assert!(column(meetings, "pair").iter().all(|c| **c == Cell::Empty));
    assert!(
        done.iter()
            .any(|d| d.table == "meetings.csv" && d.column == "pair")
    );
    assert_eq!(all.last().map(|s| s.name), Some("disclosure.csv"));
}

#[test]
fn small_counts_are_left_empty_with_their_rates() {
    let columns = Columns::<(&str, i64, f64)>::new()
        .fact("competency", |r| Cell::text(r.0))
        .with("pairs_assessed", Role::Count, |r| Cell::Integer(r.1))
        .with("mean_final", Role::Rate, |r| Cell::Number(r.2));
    let mut sheets = vec![Sheet::of(
        "skills.csv",
        &columns,
        [
            ("budgeting", 2, 3.5),
            ("coaching", 7, 2.0),
            ("none", 0, 0.0),
        ],
    )];
    let done = protect(&mut sheets, 5);
    let rows = &sheets[0].rows;
    assert_eq!(rows[0], [Cell::text("budgeting"), Cell::Empty, Cell::Empty]);
    assert_eq!(rows[1][1], Cell::Integer(7), "a crowd is shown");
    assert_eq!(
        rows[2][1],
        Cell::Integer(0),
        "nobody is no one to single out"
    );
    assert_eq!(done.len(), 1);
    assert_eq!(
        (done[0].table, done[0].column),
        ("skills.csv", "pairs_assessed")
    );
    assert!(done[0].treatment.starts_with("1 count under 5"));
}

#[test]
fn a_breakdown_figure_from_few_cases_or_counting_few_is_left_empty() {
    let columns = Columns::<(Cell, Cell)>::new()
        .fact("department", |_| Cell::text("Library"))
        .with("value", Role::Figure, |r| r.0.clone())
        .with("cases", Role::Cases, |r| r.1.clone());
    let rows = [
        (Cell::Integer(3), Cell::Empty),
        (Cell::Integer(0), Cell::Empty),
        (Cell::Number(80.0), Cell::Integer(2)),
        (Cell::Number(75.0), Cell::Integer(9)),
        (Cell::text("yes"), Cell::Empty),
    ];
    let mut breakdown = vec![Sheet::of("indicators_by_department.csv", &columns, rows)];
    protect(&mut breakdown, 5);
    let values: Vec<&Cell> = column(&breakdown[0], "value");
    assert_eq!(
        values,
        [
            &Cell::Empty,
            &Cell::Integer(0),
            &Cell::Empty,
            &Cell::Number(75.0),
            &Cell::text("yes"),
        ]
    );
    // The programme's own totals are not a breakdown: shown whole.
    let ws = example();
    let period = Period::new(&ws, None, None, day("2026-03-16"));
    let figures = figures(&ws, period);
    let mut all = sheets(&ws, &figures, &Identities::Plain);
    let before = sheet(&all, "indicators.csv").clone();
    protect(&mut all, 1000);
    assert_eq!(sheet(&all, "indicators.csv"), &before);
}

#[test]
fn pairs_are_shown_as_they_stood_on_the_period_end() {
    let ws = example();
    let period = Period::new(
        &ws,
        Some(day("2025-09-01")),
        Some(day("2025-09-30")),
        day("2026-03-16"),
    );
    let figures = figures(&ws, period);
    let all = sheets(&ws, &figures, &Identities::Plain);
    let pairs = sheet(&all, "pairs.csv");
    // Proposed by then, none started before October except one; closures to come are not shown.
    let status: Vec<&Cell> = column(pairs, "status");
    assert!(!status.is_empty());
    assert!(
        status
            .iter()
            .all(|c| **c == Cell::text("proposed") || **c == Cell::text("active"))
    );
    assert!(
        column(pairs, "closed_on")
            .iter()
            .all(|c| **c == Cell::Empty)
    );
    // Pairs proposed after the period end are not in it.
    assert!(pairs.rows.len() < ws.pairs.len());
}

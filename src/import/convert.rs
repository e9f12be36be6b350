//! Rows of a form export into drafts of person records: every cell checked
//! against the mapping and the programme, each problem a finding at its
//! row and column. In steps: the mapping is checked and its columns found
//! ([`Columns::resolve`]); each row becomes a draft or findings
//! ([`Rows::read`], then the checks of a whole row); findings about whole
//! columns come last.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::decode::Field;
use crate::diagnostic::{Capped, Code};
use crate::edit::EntryValue;
use crate::import::cell::{At, CellReader, Fill, Input};
use crate::import::columns::{Columns, Source};
use crate::import::mapping::{
    APPROVED_BY, APPROVED_ON, Answer, Duplicates, Mapping, Target, check_mapping,
};
use crate::import::table::{Row, Table};
use crate::import::timestamp::parse_timestamp;
use crate::import::{FINDINGS_PER_CODE, finding};
use crate::model::{Competency, Person, Role};

/// One row, converted.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub row: usize,
    pub id_cell: Option<String>,
    pub fields: BTreeMap<Target, EntryValue>,
    /// Fields to set only on a person being created: defaults, and the
    /// mapping's `create_only`.
    pub create_only: BTreeSet<Target>,
    /// Training sessions attended (`[training]`), with their dates.
    pub attended: Vec<(String, EntryValue)>,
}

impl Draft {
    /// A text field's value, if the row gave one.
    pub(crate) fn text(&self, field: impl Into<Target>) -> Option<&str> {
        match self.fields.get(&field.into()) {
            Some(EntryValue::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// Convert every row; findings point at row and column.
pub fn convert(
    table: &Table,
    mapping: &Mapping,
    competencies: &[Competency],
    role: Option<&str>,
    file: &str,
) -> (Vec<Draft>, Capped) {
    let mut out = Capped::new(FINDINGS_PER_CODE);
    out.extend(check_mapping(mapping, file));
    let columns = Columns::resolve(table, mapping, file, &mut out);
    if out.has_errors() {
        return (Vec::new(), out);
    }
    let rows = Rows {
        table,
        columns: &columns,
        reader: CellReader {
            file,
            mapping,
            competencies,
        },
        defaults: mapping
            .defaults
            .iter()
            .filter_map(|(field, value)| Some((Fill::of(mapping, field)?, value)))
            .collect(),
        create_only: mapping
            .create_only
            .iter()
            .filter_map(|f| Fill::of(mapping, f).map(|fill| fill.target))
            .collect(),
        role,
        date_format: mapping.source.date_format.as_deref(),
    };
    let superseded = superseded_rows(table, mapping, &columns, file, &mut out);
    let first_applied = first_applications(table, &columns);
    let mut empty = EmptyCells::default();
    let mut emails = HashMap::new();
    let mut drafts = Vec::new();
    for row in table
        .rows
        .iter()
        .filter(|r| !superseded.contains(&r.number))
    {
        let read = rows.read(row, &mut out);
        empty.count(&read);
        let whole = read.every_value_read
            && rows.has_required(&read.draft, &mut out)
            && rows.approval_is_whole(&read.draft, &mut out);
        let first = rows.first_with_its_email(&read.draft, &mut emails, &mut out);
        if whole && first {
            let mut draft = read.draft;
            // A response sent again (the latest kept) applied when the first did.
            if let Some(&day) = draft
                .text(Person::EMAIL)
                .and_then(|email| first_applied.get(&email.to_lowercase()))
            {
                draft
                    .fields
                    .insert(Target::of(Person::APPLIED_ON), EntryValue::Date(day));
            }
            drafts.push(draft);
        }
    }
    empty.findings(table, file, &mut out);
    (drafts, out)
}

/// What converting the rows of one export needs.
struct Rows<'a> {
    table: &'a Table,
    columns: &'a Columns<'a>,
    reader: CellReader<'a>,
    /// `[defaults]`, for rows that leave a field empty.
    defaults: Vec<(Fill<'a>, &'a Answer)>,
    create_only: BTreeSet<Target>,
    /// `--role`: every row's role.
    role: Option<&'a str>,
    /// How the export writes dates (`[source] date_format`): training dates.
    date_format: Option<&'a str>,
}

/// A row read into a draft.
struct Read {
    draft: Draft,
    /// No value of the row failed its check.
    every_value_read: bool,
    /// Columns left empty in the row, with their fields, where the field
    /// applies to the row's role.
    empty: Vec<(usize, Target)>,
}

impl Rows<'_> {
    /// Every value of a row: its cells, then the defaults for fields it
    /// leaves empty, then `--role`.
    fn read(&self, row: &Row, out: &mut Capped) -> Read {
        let mut draft = Draft {
            row: row.number,
            id_cell: self
                .columns
                .id
                .map(|i| row.cell(i).trim().to_string())
                .filter(|s| !s.is_empty()),
            fields: BTreeMap::new(),
            create_only: self.create_only.clone(),
            attended: Vec::new(),
        };
        let mut every_value_read = true;
        let mut empty = Vec::new();
        for source in &self.columns.sources {
            let cell = source.cell(row, &self.table.headers);
            let target = source.fill.target;
            if cell.is_empty() {
                if !self.defaults.iter().any(|(fill, _)| fill.target == target)
                    && let Some(&first) = source.columns.first()
                {
                    empty.push((first, target));
                }
                continue;
            }
            let at = At {
                row: row.number,
                column: source.column(),
                header: source
                    .columns
                    .first()
                    .map(|&i| self.table.headers[i].as_str()),
            };
            match self.reader.value(&source.fill, Input::Cell(&cell), at, out) {
                Some(v) => {
                    draft.fields.insert(target, v);
                }
                None => every_value_read = false,
            }
        }
        every_value_read &= self.read_attendance(row, &mut draft, out);
        for (fill, value) in &self.defaults {
            if draft.fields.contains_key(&fill.target) {
                continue;
            }
            let at = At {
                row: row.number,
                column: 0,
                header: None,
            };
            match self.reader.value(fill, Input::Given(value), at, out) {
                Some(v) => {
                    draft.fields.insert(fill.target, v);
                    draft.create_only.insert(fill.target);
                }
                None => every_value_read = false,
            }
        }
        let role = Target::of(Person::ROLE);
        if let Some(given) = self.role {
            draft
                .fields
                .insert(role, EntryValue::Text(given.to_string()));
            draft.create_only.remove(&role);
        }
        // An empty cell is news only where the field applies to the row's
        // role: a mentor leaves "areas you want to develop" empty.
        let role = draft.text(role).and_then(Role::parse);
        empty.retain(|(_, field)| applies_to(*field, role));
        Read {
            draft,
            every_value_read,
            empty,
        }
    }

    /// The training sessions the row says the person attended: each
    /// non-empty cell of a `[training]` column, read as a date. False when
    /// a cell is no date.
    fn read_attendance(&self, row: &Row, draft: &mut Draft, out: &mut Capped) -> bool {
        let fill = crate::import::cell::Fill::date(Target::of(Person::ATTENDED), self.date_format);
        let mut every_value_read = true;
        for &(session, column) in &self.columns.training {
            let cell = row.cell(column).trim().to_string();
            if cell.is_empty() {
                continue;
            }
            let at = At {
                row: row.number,
                column: column + 1,
                header: Some(self.table.headers[column].as_str()),
            };
            match self.reader.value(&fill, Input::Cell(&cell), at, out) {
                Some(date) => draft.attended.push((session.to_string(), date)),
                None => every_value_read = false,
            }
        }
        every_value_read
    }

    /// Whether the row has a name and a role; a finding for the first
    /// missing.
    fn has_required(&self, draft: &Draft, out: &mut Capped) -> bool {
        let Some(required) = REQUIRED
            .into_iter()
            .find(|field| !draft.fields.contains_key(&Target::of(*field)))
        else {
            return true;
        };
        let source = self.columns.source_of(required.into());
        let mut f = finding(
            self.reader.file,
            Code::ImportMissingValue,
            draft.row,
            source.map_or(0, Source::column),
            format!("row {}: no {}", draft.row, required.name()),
        );
        if required == Person::ROLE && source.is_none() {
            f.help = Some("map a role column, pass --role, or set `role` under [defaults]".into());
        }
        out.push(f);
        false
    }

    /// Whether the row's supervisor approval is whole: who and when, or neither.
    fn approval_is_whole(&self, draft: &Draft, out: &mut Capped) -> bool {
        let given = |target: Target| draft.fields.contains_key(&target);
        if given(APPROVED_BY) == given(APPROVED_ON) {
            return true;
        }
        out.push(finding(
            self.reader.file,
            Code::ImportMissingValue,
            draft.row,
            0,
            format!(
                "row {}: the supervisor approval needs both who gave it and when; one of the two cells is empty",
                draft.row
            ),
        ));
        false
    }

    /// Whether no earlier row has the row's email (`seen`: each email's
    /// first row); a finding naming both rows when one does.
    fn first_with_its_email(
        &self,
        draft: &Draft,
        seen: &mut HashMap<String, usize>,
        out: &mut Capped,
    ) -> bool {
        let Some(email) = draft.text(Person::EMAIL) else {
            return true;
        };
        let Some(first) = seen.get(&email.to_lowercase()) else {
            seen.insert(email.to_lowercase(), draft.row);
            return true;
        };
        let mut f = finding(
            self.reader.file,
            Code::ImportDuplicateRow,
            draft.row,
            self.columns
                .source_of(Person::EMAIL.into())
                .map_or(0, Source::column),
            format!("row {}: {email} is also on row {first}", draft.row),
        );
        f.help = Some("if people may answer the form again, set `duplicates = \"latest\"` (and `timestamp`) under [source] to keep their latest response".into());
        out.push(f);
        false
    }
}

/// The fields every person has, in the order a missing one is reported.
const REQUIRED: [Field; 2] = [Person::NAME, Person::ROLE];

/// Empty cells counted by column, over the rows read.
#[derive(Default)]
struct EmptyCells {
    /// Column -> how many rows left it empty, and its field.
    by_column: BTreeMap<usize, (usize, Target)>,
}

impl EmptyCells {
    fn count(&mut self, read: &Read) {
        for &(column, field) in &read.empty {
            self.by_column.entry(column).or_insert((0, field)).0 += 1;
        }
    }

    /// A warning for each column left empty in some rows (not a name or a
    /// role: a row without one is an error of its own).
    fn findings(self, table: &Table, file: &str, out: &mut Capped) {
        for (column, (count, field)) in self.by_column {
            if REQUIRED.contains(&field.field()) {
                continue;
            }
            let header = &table.headers[column];
            out.push(finding(
                file,
                Code::ImportEmptyCells,
                0,
                column + 1,
                format!(
                    "column '{header}' is empty in {}: new people get no `{field}`, and people already in the programme keep theirs",
                    crate::text::count(count, "row")
                ),
            ));
        }
    }
}

/// Whether a person of this role uses the field: a mentee has no
/// expertise, capacity or training to give, a mentor no needs or
/// supervisor's approval.
fn applies_to(field: Target, role: Option<Role>) -> bool {
    let field = field.field();
    match role {
        Some(Role::Mentee) => {
            ![Person::EXPERTISE, Person::CAPACITY, Person::TRAINED_ON].contains(&field)
        }
        Some(Role::Mentor) => ![Person::NEEDS, Person::SUPERVISOR_APPROVAL].contains(&field),
        _ => true,
    }
}

/// The earliest `applied_on` of each email that answered more than once:
/// a resubmission changes the answers, not when the person applied (the
/// wait for a mentor counts from the first).
fn first_applications(table: &Table, columns: &Columns) -> HashMap<String, NaiveDate> {
    let (Some(email), Some(applied)) = (
        columns.source_of(Person::EMAIL.into()),
        columns.source_of(Person::APPLIED_ON.into()),
    ) else {
        return HashMap::new();
    };
    let mut first: HashMap<String, (NaiveDate, usize)> = HashMap::new();
    for row in &table.rows {
        let key = email.cell(row, &table.headers).to_lowercase();
        let Some(day) = parse_timestamp(
            &applied.cell(row, &table.headers),
            applied.fill.date_format(),
        )
        .map(|moment| moment.date()) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        let entry = first.entry(key).or_insert((day, 0));
        entry.0 = entry.0.min(day);
        entry.1 += 1;
    }
    first
        .into_iter()
        .filter(|(_, (_, rows))| *rows > 1)
        .map(|(key, (day, _))| (key, day))
        .collect()
}

/// With `duplicates = "latest"`: the rows replaced by a later response from
/// the same email, each reported.
fn superseded_rows(
    table: &Table,
    mapping: &Mapping,
    columns: &Columns,
    file: &str,
    out: &mut Capped,
) -> HashSet<usize> {
    let mut superseded = HashSet::new();
    let email = columns.source_of(Person::EMAIL.into());
    let (Duplicates::Latest, Some(email)) = (mapping.source.duplicates, email) else {
        return superseded;
    };
    let format = columns
        .timestamp
        .and_then(|i| mapping.date_format_of(&table.headers[i]));
    let mut latest: HashMap<String, (Option<NaiveDateTime>, usize)> = HashMap::new();
    let mut rows_of: HashMap<String, Vec<usize>> = HashMap::new();
    for row in &table.rows {
        let key = email.cell(row, &table.headers).to_lowercase();
        if key.is_empty() {
            continue;
        }
        let sent = columns
            .timestamp
            .and_then(|i| parse_timestamp(row.cell(i), format));
        rows_of.entry(key.clone()).or_default().push(row.number);
        let candidate = (sent, row.number);
        let best = latest.entry(key).or_insert(candidate);
        if candidate > *best {
            *best = candidate;
        }
    }
    for (key, rows) in rows_of {
        let keep = latest[&key].1;
        for number in rows.into_iter().filter(|&n| n != keep) {
            superseded.insert(number);
            out.push(finding(
                file,
                Code::ImportSupersededRow,
                number,
                0,
                format!("row {number}: {key} answered again on row {keep}; the later response is imported"),
            ));
        }
    }
    superseded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Location};

    /// Convert rows under headers named as the fields, with no mapping file.
    fn convert_rows(headers: &[&str], rows: &[&[&str]]) -> (Vec<Draft>, Vec<Diagnostic>) {
        let table = Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 2,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
        };
        let mapping = Mapping::from_headers(&table.headers);
        let (drafts, findings) = convert(&table, &mapping, &[], None, "people.csv");
        (drafts, findings.into_vec())
    }

    /// Each finding's code and where it points (row, column).
    fn places(findings: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
        findings
            .iter()
            .map(|f| match &f.location {
                Location::Cell { row, column, .. } => (f.code, *row, *column),
                other => panic!("a finding at {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_row_becomes_a_draft_only_when_whole_and_first_with_its_email() {
        let (drafts, findings) = convert_rows(
            &[
                "name",
                "email",
                "role",
                "supervisor_approval.by",
                "supervisor_approval.date",
            ],
            &[
                &["Ana Silva", "ana@example.org", "mentee", "Bo", "2026-01-05"],
                // Who approved, but not when.
                &["Ben Jones", "ben@example.org", "mentee", "Bo", ""],
                // No name.
                &["", "cat@example.org", "mentor", "", ""],
                // Ana's email again, in capitals.
                &["Dan Moss", "ANA@example.org", "mentor", "", ""],
                // A mentor has no approval to give: the empty cells are fine.
                &["Eve Kay", "eve@example.org", "mentor", "", ""],
            ],
        );
        let rows: Vec<usize> = drafts.iter().map(|d| d.row).collect();
        assert_eq!(rows, [2, 6]);
        assert_eq!(drafts[0].text(Person::NAME), Some("Ana Silva"));
        assert_eq!(
            drafts[0].fields.get(&APPROVED_ON),
            Some(&EntryValue::Date(
                chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
            ))
        );
        assert_eq!(
            places(&findings),
            [
                (Code::ImportMissingValue, 3, 0),
                (Code::ImportMissingValue, 4, 1),
                (Code::ImportDuplicateRow, 5, 2),
                // Only Ben's empty date counts: a mentee's approval has a date.
                (Code::ImportEmptyCells, 0, 5),
            ]
        );
        assert!(findings[3].message.contains("empty in 1 row:"));
    }

    #[test]
    fn fields_sort_by_their_names_as_files_write_them() {
        let mut targets: Vec<Target> = [APPROVED_ON, Target::of(Person::STYLE), APPROVED_BY]
            .into_iter()
            .chain([Target::of(Person::STATUS), Target::of(Person::EMAIL)])
            .collect();
        targets.sort();
        let names: Vec<String> = targets.iter().map(Target::to_string).collect();
        assert_eq!(
            names,
            [
                "email",
                "status",
                "style",
                "supervisor_approval.by",
                "supervisor_approval.date"
            ]
        );
    }

    #[test]
    fn an_empty_cell_is_news_only_where_the_field_applies_to_the_role() {
        let needs = Target::of(Person::NEEDS);
        let capacity = Target::of(Person::CAPACITY);
        assert!(!applies_to(needs, Some(Role::Mentor)));
        assert!(!applies_to(APPROVED_BY, Some(Role::Mentor)));
        assert!(applies_to(needs, Some(Role::Mentee)));
        assert!(!applies_to(capacity, Some(Role::Mentee)));
        assert!(applies_to(capacity, Some(Role::Both)));
        assert!(applies_to(needs, None));
    }
}

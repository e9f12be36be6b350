//! Rows of a form export into drafts of person records: every cell checked
//! against the mapping and the programme, each problem a finding at its
//! row and column.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::decode::{did_you_mean, parse_date};
use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::edit::EntryValue;
use crate::import::mapping::{FIELDS, Kind, Mapping, kind_of};
use crate::import::table::Table;
use crate::model::Competency;

/// A finding at a cell of the export: `row` as the spreadsheet numbers it
/// (1 is the header, 0 for no row), `column` 1-based (0 for no column).
pub(crate) fn finding(
    file: &str,
    code: Code,
    row: usize,
    column: usize,
    message: String,
) -> Diagnostic {
    Diagnostic::at(
        code,
        Location::Cell {
            path: file.to_string(),
            row,
            column,
        },
        message,
    )
}

/// One row, converted.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub row: usize,
    pub id_cell: Option<String>,
    pub fields: BTreeMap<&'static str, EntryValue>,
}

impl Draft {
    pub(crate) fn text(&self, field: &str) -> Option<&str> {
        match self.fields.get(field) {
            Some(EntryValue::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// Check the mapping against the person fields.
pub fn check_mapping(mapping: &Mapping, file: &str) -> Vec<Diagnostic> {
    let known = FIELDS.iter().map(|(f, _)| *f);
    let mut out = Vec::new();
    for (section, fields) in [
        ("columns", mapping.columns.keys().collect::<Vec<_>>()),
        ("values", mapping.values.keys().collect()),
        ("defaults", mapping.defaults.keys().collect()),
    ] {
        for field in fields {
            if kind_of(field).is_none() {
                let mut f = finding(
                    file,
                    Code::ImportInvalidMapping,
                    0,
                    0,
                    format!("[{section}] names `{field}`, which is not a person field"),
                );
                f.help = Some(match did_you_mean(field, known.clone()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "fields: {}",
                        FIELDS
                            .iter()
                            .map(|(f, _)| *f)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
                out.push(f);
            }
        }
    }
    out
}

struct Converter<'a> {
    file: &'a str,
    mapping: &'a Mapping,
    competencies: &'a [Competency],
}

impl Converter<'_> {
    /// Read one cell (or default) as a field value; `None` with findings on failure.
    fn value(
        &self,
        field: &'static str,
        kind: Kind,
        raw: &str,
        at: (usize, usize, Option<&str>),
        out: &mut Vec<Diagnostic>,
    ) -> Option<EntryValue> {
        let file = self.file;
        let (row, column, header) = at;
        let place = header.map_or_else(
            || format!("row {row}"),
            |h| format!("row {row}, column '{h}'"),
        );
        let answers = self.mapping.values.get(field);
        let answer = |item: &str| -> String {
            answers
                .and_then(|a| {
                    a.iter()
                        .find(|(k, _)| k.trim().eq_ignore_ascii_case(item.trim()))
                })
                .map_or_else(|| item.trim().to_string(), |(_, v)| v.clone())
        };
        let items = || {
            raw.split(self.mapping.list_separator())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(answer)
                .collect::<Vec<_>>()
        };
        let choice = |value: &str,
                      allowed: &'static [&'static str],
                      out: &mut Vec<Diagnostic>|
         -> Option<String> {
            if let Some(v) = allowed.iter().find(|a| a.eq_ignore_ascii_case(value)) {
                return Some((*v).to_string());
            }
            let mut f = finding(
                file,
                Code::ImportInvalidValue,
                row,
                column,
                format!(
                    "{place}: `{}` is not a {field} ({})",
                    crate::text::excerpt(value),
                    allowed.join(", ")
                ),
            );
            f.help = Some(match did_you_mean(value, allowed.iter().copied()) {
                Some(best) => {
                    format!("did you mean `{best}`? or map the answer under [values.{field}]")
                }
                None => format!(
                    "map the answer under [values.{field}] in the mapping, e.g. \"{value}\" = \"{}\"",
                    allowed[0]
                ),
            });
            out.push(f);
            None
        };
        match kind {
            Kind::Text => {
                let text = answer(raw);
                if field == "email" && (!text.contains('@') || text.contains(char::is_whitespace)) {
                    out.push(finding(
                        file,
                        Code::ImportInvalidEmail,
                        row,
                        column,
                        format!(
                            "{place}: `{}` is not an email address",
                            crate::text::excerpt(&text)
                        ),
                    ));
                    return None;
                }
                Some(EntryValue::Text(text))
            }
            Kind::List => Some(EntryValue::Texts(items())),
            Kind::Choice(allowed) => choice(&answer(raw), allowed, out).map(EntryValue::Text),
            Kind::Choices(allowed) => {
                let values: Vec<Option<String>> =
                    items().iter().map(|i| choice(i, allowed, out)).collect();
                values
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(EntryValue::Texts)
            }
            Kind::Competencies => {
                let mut ids = Vec::new();
                let mut ok = true;
                for item in items() {
                    match self.competencies.iter().find(|c| {
                        c.id.eq_ignore_ascii_case(&item) || c.name.eq_ignore_ascii_case(&item)
                    }) {
                        Some(c) => ids.push(c.id.clone()),
                        None => {
                            ok = false;
                            let mut f = finding(
                                file,
                                Code::ImportUnknownCompetency,
                                row,
                                column,
                                format!(
                                    "{place}: `{}` is not a competency",
                                    crate::text::excerpt(&item)
                                ),
                            );
                            let names = self
                                .competencies
                                .iter()
                                .flat_map(|c| [c.id.as_str(), c.name.as_str()]);
                            f.help = Some(match did_you_mean(&item, names) {
                                Some(best) => {
                                    let id = self.competencies.iter().find(|c| c.id == best || c.name == best).map_or(best, |c| c.id.as_str());
                                    format!("did you mean `{id}`?")
                                }
                                None => "add it under [[competencies]] in programme.toml, or map the answer under [values]".to_string(),
                            });
                            out.push(f);
                        }
                    }
                }
                ok.then_some(EntryValue::Texts(ids))
            }
            Kind::Date => {
                let text = answer(raw);
                let date_part = text.split([' ', 'T']).next().unwrap_or("");
                let parsed = parse_date(date_part).ok().or_else(|| {
                    self.mapping
                        .source
                        .date_format
                        .as_deref()
                        .and_then(|f| NaiveDate::parse_from_str(date_part, f).ok())
                });
                match parsed {
                    Some(d) => Some(EntryValue::Date(d)),
                    None => {
                        let mut f = finding(
                            file,
                            Code::ImportInvalidDate,
                            row,
                            column,
                            format!("{place}: `{}` is not a date", crate::text::excerpt(&text)),
                        );
                        f.help = Some(match &self.mapping.source.date_format {
                            Some(fmt) => format!("expected YYYY-MM-DD or `{fmt}`"),
                            None => "expected YYYY-MM-DD; set `date_format` under [source] for other forms (e.g. \"%d/%m/%Y\")".into(),
                        });
                        out.push(f);
                        None
                    }
                }
            }
            Kind::Number => match answer(raw).parse::<u32>() {
                Ok(n) => Some(EntryValue::Number(i64::from(n))),
                Err(_) => {
                    out.push(finding(
                        file,
                        Code::ImportInvalidValue,
                        row,
                        column,
                        format!(
                            "{place}: `{}` is not a whole number",
                            crate::text::excerpt(raw)
                        ),
                    ));
                    None
                }
            },
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
) -> (Vec<Draft>, Vec<Diagnostic>) {
    let mut out = check_mapping(mapping, file);
    let find = |header: &str| {
        table
            .headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
    };
    let mut columns: Vec<(&'static str, Kind, usize, &str)> = Vec::new();
    for (field, header) in &mapping.columns {
        let Some((name, kind)) = FIELDS.iter().find(|(f, _)| f == field).copied() else {
            continue;
        };
        match find(header) {
            Some(i) => columns.push((name, kind, i, table.headers[i].as_str())),
            None => {
                let mut f = finding(
                    file,
                    Code::ImportMissingColumn,
                    1,
                    0,
                    format!(
                        "the mapping reads `{field}` from column '{header}', which the export does not have"
                    ),
                );
                f.help = did_you_mean(header, table.headers.iter().map(String::as_str))
                    .map(|b| format!("did you mean '{b}'?"));
                out.push(f);
            }
        }
    }
    let id_column = match &mapping.id.column {
        Some(header) => match find(header) {
            Some(i) => Some(i),
            None => {
                out.push(finding(
                    file,
                    Code::ImportMissingColumn,
                    1,
                    0,
                    format!("[id] column '{header}' is not in the export"),
                ));
                None
            }
        },
        None => None,
    };
    let used: HashSet<usize> = columns.iter().map(|c| c.2).chain(id_column).collect();
    for (i, header) in table.headers.iter().enumerate() {
        if !used.contains(&i) && !header.is_empty() {
            out.push(finding(
                file,
                Code::ImportUnmappedColumn,
                1,
                i + 1,
                format!("column '{header}' is not mapped to any field; it is ignored"),
            ));
        }
    }
    if out.iter().any(|f| f.severity() == Severity::Error) {
        return (Vec::new(), out);
    }

    let converter = Converter {
        file,
        mapping,
        competencies,
    };
    let mut empty: BTreeMap<usize, usize> = BTreeMap::new();
    let mut drafts = Vec::new();
    let mut seen_emails: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut draft = Draft {
            row: row.number,
            id_cell: id_column
                .map(|i| row.cell(i).to_string())
                .filter(|s| !s.is_empty()),
            fields: BTreeMap::new(),
        };
        let mut ok = true;
        for &(field, kind, column, header) in &columns {
            let cell = row.cell(column);
            if cell.is_empty() {
                if !mapping.defaults.contains_key(field) {
                    *empty.entry(column).or_insert(0) += 1;
                }
                continue;
            }
            match converter.value(
                field,
                kind,
                cell,
                (row.number, column + 1, Some(header)),
                &mut out,
            ) {
                Some(v) => {
                    draft.fields.insert(field, v);
                }
                None => ok = false,
            }
        }
        for (field, value) in &mapping.defaults {
            let Some((name, kind)) = FIELDS.iter().find(|(f, _)| f == field).copied() else {
                continue;
            };
            if !draft.fields.contains_key(name) {
                match converter.value(name, kind, value, (row.number, 0, None), &mut out) {
                    Some(v) => {
                        draft.fields.insert(name, v);
                    }
                    None => ok = false,
                }
            }
        }
        if let Some(role) = role {
            draft
                .fields
                .insert("role", EntryValue::Text(role.to_string()));
        }
        for required in ["name", "role"] {
            if !draft.fields.contains_key(required) && ok {
                let column = columns.iter().find(|c| c.0 == required);
                let mut f = finding(
                    file,
                    Code::ImportMissingValue,
                    row.number,
                    column.map_or(0, |c| c.2 + 1),
                    format!("row {}: no {required}", row.number),
                );
                if required == "role" && column.is_none() {
                    f.help = Some(
                        "map a role column, pass --role, or set `role` under [defaults]".into(),
                    );
                }
                out.push(f);
                ok = false;
            }
        }
        if let Some(email) = draft.text("email") {
            let key = email.to_lowercase();
            if let Some(first) = seen_emails.get(&key) {
                let column = columns
                    .iter()
                    .find(|c| c.0 == "email")
                    .map_or(0, |c| c.2 + 1);
                out.push(finding(
                    file,
                    Code::ImportDuplicateRow,
                    row.number,
                    column,
                    format!("row {}: {email} is also on row {first}", row.number),
                ));
                ok = false;
            } else {
                seen_emails.insert(key, row.number);
            }
        }
        if ok {
            drafts.push(draft);
        }
    }
    for (column, count) in empty {
        let header = &table.headers[column];
        if !["name", "role"]
            .iter()
            .any(|r| columns.iter().any(|c| c.0 == *r && c.2 == column))
        {
            out.push(finding(
                file,
                Code::ImportEmptyCells,
                0,
                column + 1,
                format!(
                    "column '{header}' is empty in {count} row(s); those fields are left unset"
                ),
            ));
        }
    }
    (drafts, out)
}

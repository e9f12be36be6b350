//! Rows of a form export into drafts of person records: every cell checked
//! against the mapping and the programme, each problem a finding at its
//! row and column.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::date::parse_date;
use crate::decode::did_you_mean;
use crate::diagnostic::{Capped, Code, Diagnostic, Location, Severity};
use crate::edit::EntryValue;
use crate::import::mapping::{
    Answer, ColumnSpec, Duplicates, FIELDS, Kind, Mapping, UnknownAnswers, kind_of,
};
use crate::import::table::{Row, Table};
use crate::model::Competency;
use crate::text::excerpt;

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

/// How many findings of one code an import lists; the rest are counted
/// ("and 12,345 more like this"), so a broken export of any size gives a
/// page of findings, not a flood (and is not held in memory).
pub const FINDINGS_PER_CODE: usize = 20;

/// One row, converted.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub row: usize,
    pub id_cell: Option<String>,
    pub fields: BTreeMap<&'static str, EntryValue>,
    /// Fields to set only on a person being created: defaults, and the
    /// mapping's `create_only`.
    pub create_only: BTreeSet<&'static str>,
}

impl Draft {
    pub(crate) fn text(&self, field: &str) -> Option<&str> {
        match self.fields.get(field) {
            Some(EntryValue::Text(t)) => Some(t),
            _ => None,
        }
    }
}

fn field_named(field: &str) -> Option<(&'static str, Kind)> {
    FIELDS.iter().find(|(f, _)| *f == field).copied()
}

/// Check the mapping against the person fields.
pub fn check_mapping(mapping: &Mapping, file: &str) -> Vec<Diagnostic> {
    let known = FIELDS.iter().map(|(f, _)| *f);
    let mut out = Vec::new();
    let mapping_error = |message: String, help: String| {
        let mut f = finding(file, Code::ImportInvalidMapping, 0, 0, message);
        f.help = Some(help);
        f
    };
    for (section, fields) in [
        ("columns", mapping.columns.keys().collect::<Vec<_>>()),
        ("values", mapping.values.keys().collect()),
        ("defaults", mapping.defaults.keys().collect()),
        ("unknown", mapping.unknown.keys().collect()),
        ("create_only", mapping.create_only.iter().collect()),
    ] {
        for field in fields {
            if kind_of(field).is_none() {
                out.push(mapping_error(
                    format!("[{section}] names `{field}`, which is not a person field"),
                    match did_you_mean(field, known.clone()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "fields: {}",
                            FIELDS
                                .iter()
                                .map(|(f, _)| *f)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                ));
            }
        }
    }
    // A value of the wrong shape for its field.
    let answers = mapping
        .values
        .iter()
        .flat_map(|(field, answers)| answers.iter().map(move |(a, v)| (field, Some(a), v)))
        .chain(mapping.defaults.iter().map(|(field, v)| (field, None, v)));
    for (field, answer, value) in answers {
        let Some(kind) = kind_of(field) else {
            continue;
        };
        let fits = matches!(
            (kind, value),
            (_, Answer::Text(_))
                | (
                    Kind::List | Kind::Choices(_) | Kind::Competencies,
                    Answer::List(_)
                )
                | (Kind::Number, Answer::Number(_))
        );
        if !fits {
            let place = answer.map_or_else(
                || format!("[defaults] {field}"),
                |a| format!("[values.{field}] \"{a}\""),
            );
            out.push(mapping_error(
                format!(
                    "{place} is a {}, which `{field}` cannot hold",
                    describe(value)
                ),
                match kind {
                    Kind::Number => "give a whole number, such as 1".to_string(),
                    Kind::List | Kind::Choices(_) | Kind::Competencies => {
                        "give text or a list of texts".to_string()
                    }
                    _ => "give text, in quotes".to_string(),
                },
            ));
        }
    }
    // Supervisor approval is a who and a when: both or neither.
    let mapped = |f: &str| mapping.columns.contains_key(f) || mapping.defaults.contains_key(f);
    let (by, date) = (
        mapped("supervisor_approval.by"),
        mapped("supervisor_approval.date"),
    );
    if by != date {
        let (given, missing) = if by {
            ("supervisor_approval.by", "supervisor_approval.date")
        } else {
            ("supervisor_approval.date", "supervisor_approval.by")
        };
        out.push(mapping_error(
            format!("the mapping fills `{given}` but not `{missing}`; an approval needs both who gave it and when"),
            format!("map `{missing}` under [columns] (or give it under [defaults])"),
        ));
    }
    out
}

fn describe(answer: &Answer) -> &'static str {
    match answer {
        Answer::Text(_) => "text",
        Answer::List(_) => "list",
        Answer::Number(_) => "number",
    }
}

/// What is read for a field: a cell, or a value the mapping gives.
enum Input<'a> {
    Cell(&'a str),
    Given(&'a Answer),
}

struct Converter<'a> {
    file: &'a str,
    mapping: &'a Mapping,
    competencies: &'a [Competency],
}

/// Where a finding about one value points.
#[derive(Clone, Copy)]
struct At<'a> {
    row: usize,
    column: usize,
    header: Option<&'a str>,
}

impl At<'_> {
    fn place(&self) -> String {
        self.header.map_or_else(
            || format!("row {}", self.row),
            |h| format!("row {}, column '{h}'", self.row),
        )
    }
}

impl Converter<'_> {
    fn finding(&self, code: Code, at: At, message: String) -> Diagnostic {
        finding(self.file, code, at.row, at.column, message)
    }

    /// The mapping's value for an answer, matched without regard to case.
    fn mapped(&self, field: &str, answer: &str) -> Option<&Answer> {
        self.mapping.values.get(field).and_then(|answers| {
            answers
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(answer.trim()))
                .map(|(_, v)| v)
        })
    }

    /// Answers a list cell may hold that contain the separator themselves
    /// ("FAIR Data, Workflows, and Research"): found whole before splitting.
    fn known_options(&self, field: &str, kind: Kind) -> Vec<String> {
        let mut options: Vec<String> = self
            .mapping
            .values
            .get(field)
            .map(|a| a.keys().cloned().collect())
            .unwrap_or_default();
        match kind {
            Kind::Competencies => options.extend(
                self.competencies
                    .iter()
                    .flat_map(|c| [c.id.clone(), c.name.clone()]),
            ),
            Kind::Choices(allowed) => options.extend(allowed.iter().map(|s| s.to_string())),
            _ => {}
        }
        options
    }

    /// Split a list cell at the separator, keeping known answers whole and
    /// the items in the order they were written.
    fn split(&self, cell: &str, options: &[String]) -> Vec<String> {
        let separator = self.mapping.list_separator();
        let mut rest = cell.to_string();
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut whole: Vec<&String> = options
            .iter()
            .filter(|o| o.contains(separator.trim()) && !separator.trim().is_empty())
            .collect();
        whole.sort_by_key(|o| std::cmp::Reverse(o.len()));
        for option in whole {
            let lower = rest.to_lowercase();
            let needle = option.to_lowercase();
            let mut from = 0;
            while let Some(at) = lower[from..].find(&needle).map(|p| p + from) {
                let end = at + needle.len();
                let starts = lower[..at].trim_end().is_empty()
                    || lower[..at].trim_end().ends_with(separator.trim());
                let ends = lower[end..].trim_start().is_empty()
                    || lower[end..].trim_start().starts_with(separator.trim());
                if starts && ends && rest.is_char_boundary(at) && rest.is_char_boundary(end) {
                    found.push((at, rest[at..end].to_string()));
                    rest.replace_range(at..end, &" ".repeat(end - at));
                    break;
                }
                from = end;
            }
        }
        let mut offset = 0;
        for piece in rest.split(separator) {
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                found.push((
                    offset + piece.find(trimmed).unwrap_or(0),
                    trimmed.to_string(),
                ));
            }
            offset += piece.len() + separator.len();
        }
        found.sort_by_key(|(at, _)| *at);
        found.into_iter().map(|(_, item)| item).collect()
    }

    /// Read one field; `None` with findings when the row cannot be imported.
    fn value(
        &self,
        field: &'static str,
        kind: Kind,
        input: Input,
        at: At,
        out: &mut Capped,
    ) -> Option<EntryValue> {
        match kind {
            Kind::List | Kind::Choices(_) | Kind::Competencies => {
                self.list(field, kind, input, at, out)
            }
            _ => {
                let text = match input {
                    Input::Cell(cell) => match self.mapped(field, cell) {
                        Some(Answer::Number(n)) if kind == Kind::Number => {
                            return u32::try_from(*n)
                                .ok()
                                .map(|n| EntryValue::Number(i64::from(n)));
                        }
                        Some(Answer::Text(t)) => t.clone(),
                        Some(Answer::Number(n)) => n.to_string(),
                        _ => cell.trim().to_string(),
                    },
                    Input::Given(Answer::Text(t)) => t.clone(),
                    Input::Given(Answer::Number(n)) => n.to_string(),
                    Input::Given(Answer::List(items)) => items.join(", "),
                };
                let raw = match input {
                    Input::Cell(cell) => cell,
                    Input::Given(_) => text.as_str(),
                };
                self.scalar(field, kind, &text, raw, at, out)
            }
        }
    }

    /// A single value: `text` as mapped, `raw` as the cell said it (quoted in messages).
    fn scalar(
        &self,
        field: &'static str,
        kind: Kind,
        text: &str,
        raw: &str,
        at: At,
        out: &mut Capped,
    ) -> Option<EntryValue> {
        let place = at.place();
        match kind {
            Kind::Text => {
                if field == "email" && (!text.contains('@') || text.contains(char::is_whitespace)) {
                    out.push(self.finding(
                        Code::ImportInvalidEmail,
                        at,
                        format!("{place}: `{}` is not an email address", excerpt(raw)),
                    ));
                    return None;
                }
                Some(EntryValue::Text(text.to_string()))
            }
            // A handle becomes a line of CODEOWNERS: only a checked one is taken.
            Kind::Handle(platform) => match platform.parse(text.trim()) {
                Ok(handle) => Some(EntryValue::Text(handle.name().to_string())),
                Err(why) => {
                    let mut f = self.finding(
                        Code::ImportInvalidHandle,
                        at,
                        format!(
                            "{place}: `{}` is not a {} handle: it {why}",
                            excerpt(raw),
                            platform.name()
                        ),
                    );
                    f.help = Some(platform.grammar().to_string());
                    out.push(f);
                    None
                }
            },
            Kind::Choice(allowed) => match allowed.iter().find(|a| a.eq_ignore_ascii_case(text)) {
                Some(v) => Some(EntryValue::Text((*v).to_string())),
                None => {
                    out.push(self.not_a_value(field, raw, allowed, at, Severity::Error));
                    None
                }
            },
            Kind::Date => match parse_timestamp(text, self.mapping.source.date_format.as_deref()) {
                Some(moment) => Some(EntryValue::Date(moment.date())),
                None => {
                    let mut f = self.finding(
                        Code::ImportInvalidDate,
                        at,
                        format!("{place}: `{}` is not a date", excerpt(raw)),
                    );
                    f.help = Some(match &self.mapping.source.date_format {
                        Some(fmt) => format!("it fits neither YYYY-MM-DD nor the mapping's date_format `{fmt}`; check the cell, or the format (chrono's strftime: %d/%m/%Y, %d/%m/%Y %H:%M:%S)"),
                        None => "write it as YYYY-MM-DD, or set `date_format` under [source] as the export writes dates (for example \"%d/%m/%Y\" or \"%d/%m/%Y %H:%M:%S\")".into(),
                    });
                    out.push(f);
                    None
                }
            },
            Kind::Number => match text.trim().parse::<u32>() {
                Ok(n) => Some(EntryValue::Number(i64::from(n))),
                Err(_) => {
                    let mut f = self.finding(
                        Code::ImportInvalidValue,
                        at,
                        format!("{place}: `{}` is not a whole number", excerpt(raw)),
                    );
                    f.help = Some(format!(
                        "map the answer to a number under [values.{field}], for example \"{}\" = 1",
                        excerpt(raw)
                    ));
                    out.push(f);
                    None
                }
            },
            Kind::List | Kind::Choices(_) | Kind::Competencies => None,
        }
    }

    /// An answer the row cannot use: an error with `error`, or (under
    /// `[unknown]` = "warn") a warning that it was left out.
    fn rejected_answer(&self, error: Code, severity: Severity, at: At, what: String) -> Diagnostic {
        let (code, outcome) = if severity == Severity::Error {
            (error, "")
        } else {
            (Code::ImportUnknownAnswer, "; left out")
        };
        self.finding(code, at, format!("{}: {what}{outcome}", at.place()))
    }

    fn not_a_value(
        &self,
        field: &str,
        raw: &str,
        allowed: &[&str],
        at: At,
        severity: Severity,
    ) -> Diagnostic {
        let mut f = self.rejected_answer(
            Code::ImportInvalidValue,
            severity,
            at,
            format!(
                "`{}` is not a {field} ({})",
                excerpt(raw),
                allowed.join(", ")
            ),
        );
        f.help = Some(match did_you_mean(raw, allowed.iter().copied()) {
            Some(best) => {
                format!("did you mean `{best}`? or map the answer under [values.{field}]")
            }
            None => format!(
                "map the answer under [values.{field}] in the mapping, e.g. \"{}\" = \"{}\"",
                excerpt(raw),
                allowed.first().copied().unwrap_or_default()
            ),
        });
        f
    }

    /// A list field: split, map each answer (one answer may stand for several
    /// values), check each against the field's values.
    fn list(
        &self,
        field: &'static str,
        kind: Kind,
        input: Input,
        at: At,
        out: &mut Capped,
    ) -> Option<EntryValue> {
        let answers: Vec<String> = match input {
            Input::Cell(cell) => self.split(cell, &self.known_options(field, kind)),
            Input::Given(Answer::List(items)) => items.clone(),
            Input::Given(Answer::Text(t)) => self.split(t, &self.known_options(field, kind)),
            Input::Given(Answer::Number(n)) => vec![n.to_string()],
        };
        let policy = self.mapping.unknown.get(field).copied().unwrap_or_default();
        let mut values: Vec<String> = Vec::new();
        let mut ok = true;
        for answer in &answers {
            let mapped: Vec<String> = match self.mapped(field, answer) {
                Some(Answer::Text(t)) => vec![t.clone()],
                Some(Answer::List(items)) => items.clone(),
                Some(Answer::Number(n)) => vec![n.to_string()],
                None => vec![answer.clone()],
            };
            for item in mapped {
                match self.item(kind, &item) {
                    Some(value) => {
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                    None => match policy {
                        UnknownAnswers::Ignore => {}
                        UnknownAnswers::Warn => {
                            out.push(self.unknown_item(field, kind, answer, at, Severity::Warning))
                        }
                        UnknownAnswers::Error => {
                            out.push(self.unknown_item(field, kind, answer, at, Severity::Error));
                            ok = false;
                        }
                    },
                }
            }
        }
        ok.then_some(EntryValue::Texts(values))
    }

    /// One list item as the field's value, if it is one.
    fn item(&self, kind: Kind, item: &str) -> Option<String> {
        match kind {
            Kind::List => Some(item.trim().to_string()),
            Kind::Choices(allowed) => allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(item.trim()))
                .map(|a| (*a).to_string()),
            Kind::Competencies => self
                .competencies
                .iter()
                .find(|c| {
                    c.id.eq_ignore_ascii_case(item.trim())
                        || c.name.eq_ignore_ascii_case(item.trim())
                })
                .map(|c| c.id.clone()),
            _ => None,
        }
    }

    fn unknown_item(
        &self,
        field: &str,
        kind: Kind,
        answer: &str,
        at: At,
        severity: Severity,
    ) -> Diagnostic {
        match kind {
            Kind::Choices(allowed) => self.not_a_value(field, answer, allowed, at, severity),
            _ => {
                let mut f = self.rejected_answer(
                    Code::ImportUnknownCompetency,
                    severity,
                    at,
                    format!("`{}` is not a competency", excerpt(answer)),
                );
                let names = self
                    .competencies
                    .iter()
                    .flat_map(|c| [c.id.as_str(), c.name.as_str()]);
                f.help = Some(match did_you_mean(answer, names) {
                    Some(best) => {
                        let id = self
                            .competencies
                            .iter()
                            .find(|c| c.id == best || c.name == best)
                            .map_or(best, |c| c.id.as_str());
                        format!("did you mean `{id}`?")
                    }
                    None => format!(
                        "add it under [[competencies]] in programme.toml, map the answer under [values.{field}], or set `{field} = \"warn\"` under [unknown] to leave such answers out"
                    ),
                });
                f
            }
        }
    }
}

/// Formats of timestamps that form tools write and that are not ambiguous
/// (year first): Google Forms' `2026/01/12 10:03:55 AM GMT+1` among them.
const TIMESTAMP_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
];

/// A date or date-time as an export writes it: ISO, the mapping's format
/// (a date or a date-time format), or a year-first timestamp; a trailing
/// time zone (`GMT+1`, `UTC`, `+01:00`) is dropped.
pub fn parse_timestamp(text: &str, format: Option<&str>) -> Option<NaiveDateTime> {
    let text = strip_zone(text.trim());
    let at_midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0);
    let first = text.split([' ', 'T']).next().unwrap_or("");
    if let Ok(date) = parse_date(text).or_else(|_| parse_date(first)) {
        return at_midnight(date);
    }
    if let Some(format) = format {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return Some(moment);
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return at_midnight(date);
        }
        // A date format on a cell that also carries a time: the date part.
        if let Some(date) = text
            .split_once(' ')
            .and_then(|(day, _)| NaiveDate::parse_from_str(day, format).ok())
        {
            return at_midnight(date);
        }
    }
    TIMESTAMP_FORMATS.iter().find_map(|f| {
        NaiveDateTime::parse_from_str(text, f).ok().or_else(|| {
            NaiveDate::parse_from_str(text, f)
                .ok()
                .and_then(at_midnight)
        })
    })
}

fn strip_zone(text: &str) -> &str {
    let Some((head, last)) = text.rsplit_once(' ') else {
        return text;
    };
    let zone = last.starts_with("GMT")
        || last.starts_with("UTC")
        || last == "Z"
        || ((last.starts_with('+') || last.starts_with('-'))
            && last[1..].chars().all(|c| c.is_ascii_digit() || c == ':'));
    if zone { head } else { text }
}

/// A field and the columns it is read from.
struct Source<'a> {
    field: &'static str,
    kind: Kind,
    spec: &'a ColumnSpec,
    /// Column indices, in the order the spec names them.
    columns: Vec<usize>,
}

impl Source<'_> {
    /// The field's text in a row: the one cell, the cells joined with a
    /// space, or the template filled in.
    fn cell(&self, row: &Row, headers: &[String]) -> String {
        match self.spec {
            ColumnSpec::One(template) if template.contains('{') => {
                let mut text = template.clone();
                for &i in &self.columns {
                    text = text.replace(&format!("{{{}}}", headers[i]), row.cell(i).trim());
                }
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                text.trim_matches(|c: char| c == ',' || c.is_whitespace())
                    .to_string()
            }
            ColumnSpec::Joined(_) => self
                .columns
                .iter()
                .map(|&i| row.cell(i).trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            ColumnSpec::One(_) => self
                .columns
                .first()
                .map_or(String::new(), |&i| row.cell(i).trim().to_string()),
        }
    }
}

/// The one column with this header, or a finding: missing (with a hint when
/// the file seems split by another delimiter) or given twice.
fn find_column(
    table: &Table,
    header: &str,
    what: &str,
    file: &str,
    out: &mut Capped,
) -> Option<usize> {
    let matches: Vec<usize> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim().eq_ignore_ascii_case(header.trim()))
        .map(|(i, _)| i)
        .collect();
    match matches[..] {
        [i] => Some(i),
        [] => {
            let mut f = finding(
                file,
                Code::ImportMissingColumn,
                1,
                0,
                format!("{what} column '{header}', which the export does not have"),
            );
            f.help = did_you_mean(header, table.headers.iter().map(String::as_str))
                .map(|b| format!("did you mean '{b}'?"))
                .or_else(|| delimiter_hint(table));
            out.push(f);
            None
        }
        _ => {
            out.push(finding(
                file,
                Code::ImportDuplicateHeader,
                1,
                matches[1] + 1,
                format!(
                    "{what} column '{header}', which the export has {} times (columns {})",
                    matches.len(),
                    matches
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            None
        }
    }
}

/// When the whole header row is one cell holding another delimiter, say so.
fn delimiter_hint(table: &Table) -> Option<String> {
    let [only] = &table.headers[..] else {
        return None;
    };
    [("\t", "tabs", "\\t"), (";", "semicolons", ";"), (",", "commas", ",")]
        .into_iter()
        .find(|(d, _, _)| only.contains(d))
        .map(|(_, name, spelled)| {
            format!("the header row is one column that holds {name}: set `delimiter = \"{spelled}\"` under [source] (or remove it to detect the delimiter)")
        })
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
    let mut sources: Vec<Source> = Vec::new();
    for (field, spec) in &mapping.columns {
        let Some((name, kind)) = field_named(field) else {
            continue;
        };
        let mut columns = Vec::new();
        for header in spec.headers() {
            let what = format!("the mapping reads `{field}` from");
            if let Some(i) = find_column(table, &header, &what, file, &mut out) {
                columns.push(i);
            }
        }
        if columns.len() == spec.headers().len() {
            sources.push(Source {
                field: name,
                kind,
                spec,
                columns,
            });
        }
    }
    let id_column = mapping
        .id
        .column
        .as_deref()
        .and_then(|h| find_column(table, h, "[id] reads", file, &mut out));
    let timestamp_column = mapping
        .source
        .timestamp
        .as_deref()
        .and_then(|h| find_column(table, h, "[source] timestamp reads", file, &mut out));
    let ignored: Vec<String> = mapping
        .ignore
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let used: HashSet<usize> = sources
        .iter()
        .flat_map(|s| s.columns.iter().copied())
        .chain(id_column)
        .chain(timestamp_column)
        .collect();
    for (i, header) in table.headers.iter().enumerate() {
        if !used.contains(&i)
            && !header.is_empty()
            && !ignored.contains(&header.trim().to_lowercase())
        {
            let mut f = finding(
                file,
                Code::ImportUnmappedColumn,
                1,
                i + 1,
                format!("column '{header}' is not mapped to any field; it is ignored"),
            );
            f.help = Some("map it under [columns], or list it in `ignore = [...]`".into());
            out.push(f);
        }
    }
    if out.has_errors() {
        return (Vec::new(), out);
    }

    let converter = Converter {
        file,
        mapping,
        competencies,
    };
    let email_source = sources.iter().find(|s| s.field == "email");
    let superseded = superseded_rows(
        table,
        mapping,
        email_source,
        timestamp_column,
        file,
        &mut out,
    );
    let create_only: BTreeSet<&'static str> = mapping
        .create_only
        .iter()
        .filter_map(|f| field_named(f).map(|(name, _)| name))
        .collect();
    let mut empty: BTreeMap<usize, (usize, &'static str)> = BTreeMap::new();
    let mut drafts = Vec::new();
    let mut seen_emails: HashMap<String, usize> = HashMap::new();
    for row in table
        .rows
        .iter()
        .filter(|r| !superseded.contains(&r.number))
    {
        let mut draft = Draft {
            row: row.number,
            id_cell: id_column
                .map(|i| row.cell(i).trim().to_string())
                .filter(|s| !s.is_empty()),
            fields: BTreeMap::new(),
            create_only: create_only.clone(),
        };
        let mut ok = true;
        let mut empty_here: Vec<(usize, &'static str)> = Vec::new();
        for source in &sources {
            let cell = source.cell(row, &table.headers);
            let column = source.columns.first().map_or(0, |c| c + 1);
            if cell.is_empty() {
                if !mapping.defaults.contains_key(source.field)
                    && let Some(&first) = source.columns.first()
                {
                    empty_here.push((first, source.field));
                }
                continue;
            }
            let at = At {
                row: row.number,
                column,
                header: source.columns.first().map(|&i| table.headers[i].as_str()),
            };
            match converter.value(source.field, source.kind, Input::Cell(&cell), at, &mut out) {
                Some(v) => {
                    draft.fields.insert(source.field, v);
                }
                None => ok = false,
            }
        }
        for (field, value) in &mapping.defaults {
            let Some((name, kind)) = field_named(field) else {
                continue;
            };
            if !draft.fields.contains_key(name) {
                let at = At {
                    row: row.number,
                    column: 0,
                    header: None,
                };
                match converter.value(name, kind, Input::Given(value), at, &mut out) {
                    Some(v) => {
                        draft.fields.insert(name, v);
                        draft.create_only.insert(name);
                    }
                    None => ok = false,
                }
            }
        }
        if let Some(role) = role {
            draft
                .fields
                .insert("role", EntryValue::Text(role.to_string()));
            draft.create_only.remove("role");
        }
        for required in ["name", "role"] {
            if !draft.fields.contains_key(required) && ok {
                let source = sources.iter().find(|s| s.field == required);
                let mut f = finding(
                    file,
                    Code::ImportMissingValue,
                    row.number,
                    source.and_then(|s| s.columns.first()).map_or(0, |c| c + 1),
                    format!("row {}: no {required}", row.number),
                );
                if required == "role" && source.is_none() {
                    f.help = Some(
                        "map a role column, pass --role, or set `role` under [defaults]".into(),
                    );
                }
                out.push(f);
                ok = false;
            }
        }
        // An empty cell is news only where the field applies to the row's
        // role: a mentor leaves "areas you want to develop" empty.
        let role = draft.text("role");
        for (column, field) in empty_here {
            if applies_to(field, role) {
                empty.entry(column).or_insert((0, field)).0 += 1;
            }
        }
        let approval = |f: &str| draft.fields.contains_key(f);
        if ok && approval("supervisor_approval.by") != approval("supervisor_approval.date") {
            out.push(finding(
                file,
                Code::ImportMissingValue,
                row.number,
                0,
                format!(
                    "row {}: the supervisor approval needs both who gave it and when; one of the two cells is empty",
                    row.number
                ),
            ));
            ok = false;
        }
        if let Some(email) = draft.text("email") {
            let key = email.to_lowercase();
            if let Some(first) = seen_emails.get(&key) {
                let mut f = finding(
                    file,
                    Code::ImportDuplicateRow,
                    row.number,
                    email_source
                        .and_then(|s| s.columns.first())
                        .map_or(0, |c| c + 1),
                    format!("row {}: {email} is also on row {first}", row.number),
                );
                f.help = Some("if people may answer the form again, set `duplicates = \"latest\"` (and `timestamp`) under [source] to keep their latest response".into());
                out.push(f);
                ok = false;
            } else {
                seen_emails.insert(key, row.number);
            }
        }
        if ok {
            drafts.push(draft);
        }
    }
    for (column, (count, field)) in empty {
        if ["name", "role"].contains(&field) {
            continue;
        }
        let header = &table.headers[column];
        out.push(finding(
            file,
            Code::ImportEmptyCells,
            0,
            column + 1,
            format!(
                "column '{header}' is empty in {count} row(s): new people get no `{field}`, and people already in the programme keep theirs"
            ),
        ));
    }
    (drafts, out)
}

/// Whether a person of this role uses the field.
fn applies_to(field: &str, role: Option<&str>) -> bool {
    !matches!(
        (field, role),
        ("expertise" | "capacity" | "trained_on", Some("mentee"))
            | (
                "needs" | "supervisor_approval.by" | "supervisor_approval.date",
                Some("mentor")
            )
    )
}

/// With `duplicates = "latest"`: the rows replaced by a later response from
/// the same email, each reported.
fn superseded_rows(
    table: &Table,
    mapping: &Mapping,
    email: Option<&Source>,
    timestamp: Option<usize>,
    file: &str,
    out: &mut Capped,
) -> HashSet<usize> {
    let mut superseded = HashSet::new();
    let (Duplicates::Latest, Some(email)) = (mapping.source.duplicates, email) else {
        return superseded;
    };
    let format = mapping.source.date_format.as_deref();
    let mut latest: HashMap<String, (Option<NaiveDateTime>, usize)> = HashMap::new();
    let mut rows_of: HashMap<String, Vec<usize>> = HashMap::new();
    for row in &table.rows {
        let key = email.cell(row, &table.headers).to_lowercase();
        if key.is_empty() {
            continue;
        }
        let sent = timestamp.and_then(|i| parse_timestamp(row.cell(i), format));
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

    #[test]
    fn timestamps_as_forms_write_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let date = |t: &str, f: Option<&str>| parse_timestamp(t, f).map(|m| m.date());
        assert_eq!(date("2026-01-12", None), Some(day(2026, 1, 12)));
        assert_eq!(
            date("2026/01/12 10:03:55 AM GMT+1", None),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("2026/01/12 3:03:55 PM GMT-5", None),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("12/01/2026 10:03:55", Some("%d/%m/%Y %H:%M:%S")),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("12/01/2026 10:03", Some("%d/%m/%Y")),
            Some(day(2026, 1, 12))
        );
        assert_eq!(date("12/01/2026", Some("%d/%m/%Y")), Some(day(2026, 1, 12)));
        assert_eq!(
            date("12/01/2026", None),
            None,
            "day or month first is not guessed"
        );
        assert!(
            parse_timestamp("2026/01/12 10:03:55 AM", None)
                < parse_timestamp("2026/01/12 3:00:00 PM", None)
        );
    }
}

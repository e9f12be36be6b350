//! Which columns of the export feed which field: each field's columns
//! found by their headers (one each, or a finding), the id and timestamp
//! columns, and the columns left unmapped.

use std::collections::HashSet;

use crate::decode::did_you_mean;
use crate::diagnostic::{Capped, Code};
use crate::import::cell::Fill;
use crate::import::finding;
use crate::import::mapping::{ColumnSpec, Mapping, Target};
use crate::import::table::{Row, Table};

/// The columns an import reads.
pub struct Columns<'m> {
    /// Each mapped field whose columns were all found, in the mapping's order.
    pub sources: Vec<Source<'m>>,
    /// The column ids are taken from (`[id] column`).
    pub id: Option<usize>,
    /// The column with each response's time (`[source] timestamp`).
    pub timestamp: Option<usize>,
    /// Each training session the mapping reads, with the column of its dates.
    pub training: Vec<(&'m str, usize)>,
}

impl<'m> Columns<'m> {
    /// Find every column the mapping names, and say which columns of the
    /// export no field reads (unless the mapping ignores them).
    pub fn resolve(table: &Table, mapping: &'m Mapping, file: &str, out: &mut Capped) -> Self {
        if let Some(finding) = none_found(table, mapping, file) {
            out.push(finding);
            return Self {
                sources: Vec::new(),
                id: None,
                timestamp: None,
                training: Vec::new(),
            };
        }
        let mut sources = Vec::new();
        for (field, spec) in &mapping.columns {
            let Some(fill) = Fill::of(mapping, field) else {
                continue;
            };
            let what = format!("the mapping reads `{field}` from");
            let (spec, headers) = match chosen(table, spec) {
                Some(header) => (ColumnSpec::One(header.clone()), vec![header]),
                None if !spec.alternatives().is_empty() => {
                    let mut f = finding(
                        file,
                        Code::ImportMissingColumn,
                        1,
                        0,
                        format!(
                            "{what} the first of the columns '{}', and the export has none of them",
                            spec.describe()
                        ),
                    );
                    f.help = delimiter_hint(table);
                    out.push(f);
                    continue;
                }
                None => (plain(spec), spec.headers()),
            };
            let mut columns = Vec::new();
            for header in &headers {
                if let Some(i) = find_column(table, header, &what, file, out) {
                    columns.push(i);
                }
            }
            if columns.len() == headers.len() {
                sources.push(Source {
                    fill,
                    spec,
                    columns,
                });
            }
        }
        let id = mapping
            .id
            .column
            .as_deref()
            .and_then(|h| find_column(table, h, "[id] reads", file, out));
        let timestamp = mapping
            .source
            .timestamp
            .as_deref()
            .and_then(|h| find_column(table, h, "[source] timestamp reads", file, out));
        let training = mapping
            .training
            .iter()
            .filter_map(|(session, header)| {
                let what = format!("[training] reads `{session}` from");
                find_column(table, header, &what, file, out).map(|i| (session.as_str(), i))
            })
            .collect();
        let columns = Self {
            sources,
            id,
            timestamp,
            training,
        };
        columns.unmapped(table, mapping, file, out);
        columns
    }

    /// The source of a field, if a column feeds it.
    pub fn source_of(&self, target: Target) -> Option<&Source<'m>> {
        self.sources.iter().find(|s| s.fill.target == target)
    }

    /// A warning for each column no field reads and the mapping does not ignore.
    fn unmapped(&self, table: &Table, mapping: &Mapping, file: &str, out: &mut Capped) {
        let ignored: Vec<String> = mapping
            .ignore
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let used: HashSet<usize> = self
            .sources
            .iter()
            .flat_map(|s| s.columns.iter().copied())
            .chain(self.id)
            .chain(self.timestamp)
            .chain(self.training.iter().map(|(_, i)| *i))
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
    }
}

/// A field and the columns it is read from.
pub struct Source<'m> {
    pub fill: Fill<'m>,
    /// How the cells make the value: one column, several joined, or a
    /// template (a table's column, or the alternative the export has).
    spec: ColumnSpec,
    /// Column indices, in the order the spec names them.
    pub columns: Vec<usize>,
}

impl Source<'_> {
    /// The first column it reads, 1-based (0 for none), where findings point.
    pub fn column(&self) -> usize {
        self.columns.first().map_or(0, |c| c + 1)
    }

    /// The field's text in a row: the one cell, the cells joined with a
    /// space, or the template filled in.
    pub fn cell(&self, row: &Row, headers: &[String]) -> String {
        match &self.spec {
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
            ColumnSpec::One(_) | ColumnSpec::Table(_) => self
                .columns
                .first()
                .map_or(String::new(), |&i| row.cell(i).trim().to_string()),
        }
    }
}

/// A table's `column` as the plain spec it stands for; other specs as they are.
fn plain(spec: &ColumnSpec) -> ColumnSpec {
    match spec {
        ColumnSpec::Table(table) => ColumnSpec::One(table.column.clone().unwrap_or_default()),
        other => other.clone(),
    }
}

/// For `first_of`, the first alternative the export has.
fn chosen(table: &Table, spec: &ColumnSpec) -> Option<String> {
    spec.alternatives()
        .iter()
        .find(|header| has_header(table, header))
        .cloned()
}

fn has_header(table: &Table, header: &str) -> bool {
    table
        .headers
        .iter()
        .any(|h| h.trim().eq_ignore_ascii_case(header.trim()))
}

/// How many names a list in a message shows before counting the rest.
const NAMES_SHOWN: usize = 12;

/// `'a', 'b', 'c' and 4 more`.
fn quoted_list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&String> = names.filter(|n| !n.trim().is_empty()).collect();
    let mut shown: Vec<String> = names
        .iter()
        .take(NAMES_SHOWN)
        .map(|n| format!("'{}'", crate::text::excerpt(n)))
        .collect();
    if names.len() > NAMES_SHOWN {
        shown.push(format!("and {} more", names.len() - NAMES_SHOWN));
    }
    shown.join(", ")
}

/// An export that has none of the columns the mapping reads is the wrong
/// export or the wrong mapping: one finding naming both sides, rather than
/// one "missing column" for each field.
fn none_found(
    table: &Table,
    mapping: &Mapping,
    file: &str,
) -> Option<crate::diagnostic::Diagnostic> {
    let expected: Vec<String> = mapping
        .columns
        .values()
        .flat_map(ColumnSpec::headers)
        .collect();
    if expected.is_empty() || expected.iter().any(|h| has_header(table, h)) {
        return None;
    }
    let mut f = finding(
        file,
        Code::ImportNoMappedColumn,
        1,
        0,
        format!(
            "the export has none of the {} columns the mapping reads: it expected {}; it has {}",
            expected.len(),
            quoted_list(expected.iter()),
            quoted_list(table.headers.iter())
        ),
    );
    f.help = delimiter_hint(table).or_else(|| {
        Some("check that this is the form's export and the mapping for that form (`--map FILE`); the mapping names columns by their headers, the questions' titles".into())
    });
    Some(f)
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

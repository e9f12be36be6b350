//! One value of a row: a cell (or a value the mapping gives) read as its
//! field's kind, mapped through the mapping's answers, split into a list
//! where the field is one, and checked; each problem a finding at its row
//! and column.

use std::collections::BTreeMap;

use crate::decode::did_you_mean;
use crate::diagnostic::{Capped, Code, Diagnostic, Severity};
use crate::edit::EntryValue;
use crate::import::finding;
use crate::import::mapping::{Answer, Kind, Mapping, Target, UnknownAnswers, field_named};
use crate::import::timestamp::parse_timestamp;
use crate::model::{Competency, Person};
use crate::text::excerpt;

/// `text` cut at every occurrence of any of `separators` (the longest
/// first where two start at one place), each piece with its byte offset.
fn pieces<'t>(text: &'t str, separators: &[&str]) -> Vec<(usize, &'t str)> {
    let mut longest_first: Vec<&str> = separators
        .iter()
        .copied()
        .filter(|s| !s.is_empty())
        .collect();
    longest_first.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < text.len() {
        match longest_first.iter().find(|s| text[at..].starts_with(**s)) {
            Some(separator) => {
                out.push((start, &text[start..at]));
                at += separator.len();
                start = at;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push((start, &text[start..]));
    out
}

/// What is read for a field: a cell, or a value the mapping gives.
pub enum Input<'a> {
    Cell(&'a str),
    Given(&'a Answer),
}

/// A field the mapping fills, with what the mapping says about its
/// answers: looked up once, not for every cell.
#[derive(Clone, Copy)]
pub struct Fill<'m> {
    pub target: Target,
    pub kind: Kind,
    /// Answer -> value, from `[values.<field>]`.
    answers: Option<&'m BTreeMap<String, Answer>>,
    /// What a list answer that is no known value does, from `[unknown]`.
    unknown: UnknownAnswers,
    /// How its dates are written: the column's own `date_format`, else `[source]`'s.
    date_format: Option<&'m str>,
}

impl<'m> Fill<'m> {
    /// The field the mapping calls `name`, if it is a person field.
    pub fn of(mapping: &'m Mapping, name: &str) -> Option<Self> {
        let (target, kind) = field_named(name)?;
        Some(Self {
            target,
            kind,
            answers: mapping.values.get(name),
            unknown: mapping.unknown.get(name).copied().unwrap_or_default(),
            date_format: mapping
                .columns
                .get(name)
                .and_then(|spec| spec.date_format())
                .or(mapping.source.date_format.as_deref()),
        })
    }

    /// How the field's dates are written (see [`parse_timestamp`]).
    pub fn date_format(&self) -> Option<&'m str> {
        self.date_format
    }

    /// A date read as the mapping's `date_format` says: the day a training
    /// session was attended (`[training]`), which is no person field.
    pub fn date(target: Target, date_format: Option<&'m str>) -> Self {
        Self {
            target,
            date_format,
            kind: Kind::Date,
            answers: None,
            unknown: UnknownAnswers::default(),
        }
    }

    /// The mapping's value for an answer, matched without regard to case.
    fn mapped(&self, answer: &str) -> Option<&'m Answer> {
        self.answers.and_then(|answers| {
            answers
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(answer.trim()))
                .map(|(_, v)| v)
        })
    }
}

/// Reads one value at a time, each problem a finding at its cell.
pub struct CellReader<'a> {
    pub file: &'a str,
    pub mapping: &'a Mapping,
    pub competencies: &'a [Competency],
}

/// Where a finding about one value points.
#[derive(Clone, Copy)]
pub struct At<'a> {
    /// As the spreadsheet numbers it.
    pub row: usize,
    /// 1-based; 0 for a value the mapping gives.
    pub column: usize,
    /// The column's header, for messages.
    pub header: Option<&'a str>,
}

impl At<'_> {
    fn place(&self) -> String {
        self.header.map_or_else(
            || format!("row {}", self.row),
            |h| format!("row {}, column '{h}'", self.row),
        )
    }
}

impl CellReader<'_> {
    fn finding(&self, code: Code, at: At, message: String) -> Diagnostic {
        finding(self.file, code, at.row, at.column, message)
    }

    /// Answers a list cell may hold that contain the separator themselves
    /// ("FAIR Data, Workflows, and Research"): found whole before splitting.
    fn known_options(&self, fill: &Fill) -> Vec<String> {
        let mut options: Vec<String> = fill
            .answers
            .map(|a| a.keys().cloned().collect())
            .unwrap_or_default();
        match fill.kind {
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

    /// Split a list cell at the separators, keeping known answers whole and
    /// the items in the order they were written.
    fn split(&self, cell: &str, options: &[String]) -> Vec<String> {
        let separators = self.mapping.list_separators();
        let marks: Vec<&str> = separators
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut rest = cell.to_string();
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut whole: Vec<&String> = options
            .iter()
            .filter(|o| marks.iter().any(|m| o.contains(m)))
            .collect();
        whole.sort_by_key(|o| std::cmp::Reverse(o.len()));
        for option in whole {
            let lower = rest.to_lowercase();
            let needle = option.to_lowercase();
            let mut from = 0;
            while let Some(at) = lower[from..].find(&needle).map(|p| p + from) {
                let end = at + needle.len();
                let before = lower[..at].trim_end();
                let after = lower[end..].trim_start();
                let starts = before.is_empty() || marks.iter().any(|m| before.ends_with(m));
                let ends = after.is_empty() || marks.iter().any(|m| after.starts_with(m));
                if starts && ends && rest.is_char_boundary(at) && rest.is_char_boundary(end) {
                    found.push((at, rest[at..end].to_string()));
                    rest.replace_range(at..end, &" ".repeat(end - at));
                    break;
                }
                from = end;
            }
        }
        for (offset, piece) in pieces(&rest, &separators) {
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                found.push((
                    offset + piece.find(trimmed).unwrap_or(0),
                    trimmed.to_string(),
                ));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        found.into_iter().map(|(_, item)| item).collect()
    }

    /// Read one field; `None` with findings when the row cannot be imported.
    pub fn value(&self, fill: &Fill, input: Input, at: At, out: &mut Capped) -> Option<EntryValue> {
        match fill.kind {
            Kind::List | Kind::Choices(_) | Kind::Competencies | Kind::People => {
                self.list(fill, input, at, out)
            }
            kind => {
                let text = match input {
                    Input::Cell(cell) => match fill.mapped(cell) {
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
                self.scalar(fill, &text, raw, at, out)
            }
        }
    }

    /// A single value: `text` as mapped, `raw` as the cell said it (quoted in messages).
    fn scalar(
        &self,
        fill: &Fill,
        text: &str,
        raw: &str,
        at: At,
        out: &mut Capped,
    ) -> Option<EntryValue> {
        let (field, kind) = (fill.target, fill.kind);
        let place = at.place();
        match kind {
            Kind::Text => {
                if field == Target::of(Person::EMAIL)
                    && (!text.contains('@') || text.contains(char::is_whitespace))
                {
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
            Kind::Date => match parse_timestamp(text, fill.date_format) {
                Some(moment) => Some(EntryValue::Date(moment.date())),
                None => {
                    let mut f = self.finding(
                        Code::ImportInvalidDate,
                        at,
                        format!("{place}: `{}` is not a date", excerpt(raw)),
                    );
                    f.help = Some(match fill.date_format {
                        Some(fmt) => format!("it fits neither YYYY-MM-DD nor the date_format `{fmt}` the mapping reads this column with; check the cell, or the format (chrono's strftime: %d/%m/%Y, %m/%d/%Y %H:%M:%S); a column can have its own: `{field} = {{ column = \"...\", date_format = \"...\" }}`"),
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
            Kind::List | Kind::Choices(_) | Kind::Competencies | Kind::People => None,
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
        field: Target,
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
    fn list(&self, fill: &Fill, input: Input, at: At, out: &mut Capped) -> Option<EntryValue> {
        let answers: Vec<String> = match input {
            Input::Cell(cell) => self.split(cell, &self.known_options(fill)),
            Input::Given(Answer::List(items)) => items.clone(),
            Input::Given(Answer::Text(t)) => self.split(t, &self.known_options(fill)),
            Input::Given(Answer::Number(n)) => vec![n.to_string()],
        };
        let kind = fill.kind;
        let mut values: Vec<String> = Vec::new();
        let mut ok = true;
        for answer in &answers {
            let mapped: Vec<String> = match fill.mapped(answer) {
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
                    None => match fill.unknown {
                        UnknownAnswers::Ignore => {}
                        UnknownAnswers::Warn => {
                            out.push(self.unknown_item(fill, answer, at, Severity::Warning))
                        }
                        UnknownAnswers::Error => {
                            out.push(self.unknown_item(fill, answer, at, Severity::Error));
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
            // People are made ids when the whole export is known (plan).
            Kind::List | Kind::People => Some(item.trim().to_string()),
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

    fn unknown_item(&self, fill: &Fill, answer: &str, at: At, severity: Severity) -> Diagnostic {
        let (field, kind) = (fill.target, fill.kind);
        let mut f = match kind {
            Kind::Choices(allowed) => self.not_a_value(field, answer, allowed, at, severity),
            _ => self.rejected_answer(
                Code::ImportUnknownCompetency,
                severity,
                at,
                format!("`{}` is not a competency", excerpt(answer)),
            ),
        };
        // Several known answers joined another way: the separator is wrong,
        // whatever the help would otherwise say.
        if let Some(hint) = self.separator_hint(fill, answer) {
            f.help = Some(hint);
            return f;
        }
        if matches!(kind, Kind::Choices(_)) {
            return f;
        }
        let names = self
            .competencies
            .iter()
            .flat_map(|c| [c.id.as_str(), c.name.as_str()]);
        f.help = match did_you_mean(answer, names) {
            Some(best) => {
                let id = self
                    .competencies
                    .iter()
                    .find(|c| c.id == best || c.name == best)
                    .map_or(best, |c| c.id.as_str());
                Some(format!("did you mean `{id}`?"))
            }
            // Already left out as a warning: `warn` would add nothing.
            None if severity == Severity::Warning => Some(format!(
                "add it under [[competencies]] in programme.toml, or map the answer under [values.{field}]"
            )),
            None => Some(format!(
                "add it under [[competencies]] in programme.toml, map the answer under [values.{field}], or set `{field} = \"warn\"` under [unknown] to leave such answers out"
            )),
        };
        f
    }

    /// When an unknown answer is two or more known ones joined by another
    /// separator than the mapping's ("Budgeting, Leadership" read with ";"),
    /// the setting to change.
    fn separator_hint(&self, fill: &Fill, answer: &str) -> Option<String> {
        let own = self.mapping.list_separators();
        [", ", ",", ";", "|", "\n"]
            .into_iter()
            .filter(|s| !own.iter().any(|o| o.trim() == s.trim()) && answer.contains(s.trim()))
            .find(|s| {
                let pieces: Vec<&str> = answer
                    .split(s.trim())
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                pieces.len() > 1
                    && pieces
                        .iter()
                        .all(|p| fill.mapped(p).is_some() || self.item(fill.kind, p).is_some())
            })
            .map(|s| {
                format!(
                    "the cell separates its answers with \"{}\", not the mapping's {}: set `list_separator = \"{}\"` under [source] (or a list of separators, such as `[\";\", \", \"]`)",
                    s.escape_default(),
                    own.iter()
                        .map(|o| format!("\"{}\"", o.escape_default()))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    s.escape_default()
                )
            })
    }
}

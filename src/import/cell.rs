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
        })
    }

    /// A date read as the mapping's `date_format` says: the day a training
    /// session was attended (`[training]`), which is no person field.
    pub fn date(target: Target) -> Self {
        Self {
            target,
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
    pub fn value(&self, fill: &Fill, input: Input, at: At, out: &mut Capped) -> Option<EntryValue> {
        match fill.kind {
            Kind::List | Kind::Choices(_) | Kind::Competencies => self.list(fill, input, at, out),
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
                self.scalar(fill.target, kind, &text, raw, at, out)
            }
        }
    }

    /// A single value: `text` as mapped, `raw` as the cell said it (quoted in messages).
    fn scalar(
        &self,
        field: Target,
        kind: Kind,
        text: &str,
        raw: &str,
        at: At,
        out: &mut Capped,
    ) -> Option<EntryValue> {
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
        let (field, kind) = (fill.target, fill.kind);
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
        field: Target,
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

//! The one table of private fields. Each kind of record that holds them
//! (a meeting, a feedback, an assessment, a closure, a person) is one
//! [`Kind`]: where its records are, who reads them, and its private fields,
//! each with whether every programme seals it (`always`) and how its value
//! reads as text to seal and back. Model-level: the loader asks it which
//! fields may hold a sealed value, `seal::names` what "private" means for a
//! key, and `seal::values` opens the values across a workspace.

use crate::decode::{Field, parse_date};
use crate::layout::{self, FileKind, PairFile};
use crate::model::{
    AnswerText, Assessment, Closure, ConcernEntry, Feedback, Level, Levels, Meeting, Pair, Person,
    Satisfaction, SurveyAnswer,
};
use crate::node::{Node, Value};

use super::places::Owner;

/// Someone entitled to read a private value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reader {
    /// A person, by id.
    Person(String),
    /// Every coordinator (`[coordinator] keys`).
    Coordinators,
}

/// Who reads the private values of a kind of record, as a rule over the
/// record: each value is sealed to exactly these people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readers {
    /// The pair's mentor and mentee (a group's mentors and every member).
    Pair,
    /// The pair's mentor and mentee (or a group's members), and the coordinators.
    PairAndCoordinators,
    /// Whoever wrote the entry (its `by`), and the coordinators.
    AuthorAndCoordinators,
    /// The coordinators alone.
    Coordinators,
    /// The person the record describes, and the coordinators.
    PersonAndCoordinators,
}

impl Readers {
    /// The readers of a value of `owner`'s record; `pair` is the pair a
    /// pair's record belongs to.
    pub fn of(self, owner: &Owner, pair: Option<&Pair>) -> Vec<Reader> {
        let person = |id: &str| Reader::Person(id.to_string());
        let members = pair.into_iter().flat_map(|p| p.member_ids().map(person));
        let coordinators = std::iter::once(Reader::Coordinators);
        match self {
            Readers::Pair => members.collect(),
            Readers::PairAndCoordinators => members.chain(coordinators).collect(),
            Readers::AuthorAndCoordinators => owner
                .by()
                .map(person)
                .into_iter()
                .chain(coordinators)
                .collect(),
            Readers::PersonAndCoordinators => owner
                .person()
                .map(person)
                .into_iter()
                .chain(coordinators)
                .collect(),
            Readers::Coordinators => coordinators.collect(),
        }
    }
}

/// Where a kind's records are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    /// A person file's record itself.
    PersonFile,
    /// Each entry of a pair file's list (`meetings` of log.yaml).
    Entries(&'static PairFile),
    /// A table of a pair file's record (`closure` of pair.toml).
    Table(&'static PairFile, Field),
    /// Each answer of a person's own survey answers file
    /// (`people/<id>.surveys.yaml`, laid out as a pair's `surveys.yaml`).
    PersonSurveys,
}

impl Where {
    /// Whether a file of `kind` holds these records.
    pub fn is_in(self, kind: &FileKind) -> bool {
        match (self, kind) {
            (Where::PersonFile, FileKind::Person(_))
            | (Where::PersonSurveys, FileKind::PersonSurveys(_)) => true,
            (Where::Entries(file) | Where::Table(file, _), kind) => kind.is(file),
            _ => false,
        }
    }

    /// The path of `field` in the file (list indices written `[]`), such as
    /// `meetings[].private_notes`; `None` for a row without a list.
    pub fn path(self, field: Field) -> Option<String> {
        Some(match self {
            Where::PersonFile => field.name().to_string(),
            Where::Entries(file) => format!("{}[].{}", file.list()?.name(), field.name()),
            Where::Table(_, table) => format!("{}.{}", table.name(), field.name()),
            Where::PersonSurveys => Where::Entries(&layout::SURVEYS).path(field)?,
        })
    }

    /// The JSON Schema document the records are in, and the path to their
    /// object schema in it.
    pub fn schema(self) -> Option<(&'static str, Vec<&'static str>)> {
        Some(match self {
            Where::PersonFile => (layout::PERSON_SCHEMA.name, Vec::new()),
            Where::Entries(file) => (
                file.schema.name,
                vec!["properties", file.list()?.name(), "items"],
            ),
            Where::Table(file, table) => (file.schema.name, vec!["properties", table.name()]),
            Where::PersonSurveys => Where::Entries(&layout::SURVEYS).schema()?,
        })
    }
}

/// One private field of record type `R`.
pub struct Private<R> {
    pub field: Field,
    /// Private in every programme; else only where the programme lists it
    /// (`[privacy] sealed_person_fields`).
    pub always: bool,
    /// The plaintext value, when the record holds one.
    pub read: fn(&R) -> Option<String>,
    /// Puts an opened value back, in memory; `Err` when it is not a valid value.
    pub write: fn(&mut R, &str) -> Result<(), String>,
}

/// A kind of record that holds private fields: one descriptor, read by
/// every loop over kinds.
pub struct Kind<R: 'static> {
    pub at: Where,
    pub readers: Readers,
    pub fields: &'static [Private<R>],
    /// What a record belongs to, for the seal's place; `id` is the pair's
    /// (or the person's).
    pub owner: fn(id: &str, record: &R) -> Owner,
    /// The same, from a record as parsed but not decoded (a file in git
    /// history); `None` when a key it needs is missing.
    pub owner_in_tree: fn(id: &str, record: &Node) -> Option<Owner>,
}

/// A private field as the table-wide rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrivateField {
    pub field: Field,
    pub always: bool,
}

/// A [`Kind`], its record type left behind: what rules over every kind read.
pub trait AnyKind: Sync {
    fn at(&self) -> Where;
    fn readers(&self) -> Readers;
    fn private_fields(&self) -> Vec<PrivateField>;
    fn owner_in_tree(&self, id: &str, record: &Node) -> Option<Owner>;
}

impl<R> AnyKind for Kind<R> {
    fn at(&self) -> Where {
        self.at
    }

    fn readers(&self) -> Readers {
        self.readers
    }

    fn private_fields(&self) -> Vec<PrivateField> {
        self.fields
            .iter()
            .map(|p| PrivateField {
                field: p.field,
                always: p.always,
            })
            .collect()
    }

    fn owner_in_tree(&self, id: &str, record: &Node) -> Option<Owner> {
        (self.owner_in_tree)(id, record)
    }
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone()
}

/// Lists are sealed one item per line: `age -d` shows them plainly.
fn lines(value: &[String]) -> Option<String> {
    (!value.is_empty()).then(|| value.join("\n"))
}

fn split(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The value of key `field` of a record as parsed.
fn tree_value(record: &Node, field: Field) -> Option<&Value> {
    let Value::Map(entries) = &record.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.name == field.name())
        .map(|(_, v)| &v.value)
}

/// The text of key `field` of a record as parsed.
fn tree_text(record: &Node, field: Field) -> Option<String> {
    match tree_value(record, field)? {
        Value::Str(t) | Value::Datetime(t) => Some(t.clone()),
        _ => None,
    }
}

/// The whole number of key `field` of a record as parsed.
fn tree_number(record: &Node, field: Field) -> Option<u32> {
    match tree_value(record, field)? {
        Value::Int(n) => u32::try_from(*n).ok(),
        _ => None,
    }
}

fn tree_date(record: &Node, field: Field) -> Option<chrono::NaiveDate> {
    parse_date(&tree_text(record, field)?).ok()
}

/// A free-text field private in every programme (a note, a comment).
macro_rules! always_text {
    ($record:ident, $field:ident, $const:ident) => {
        Private {
            field: $record::$const,
            always: true,
            read: |r: &$record| text(&r.$field),
            write: |r: &mut $record, t| {
                r.$field = Some(t.to_string());
                Ok(())
            },
        }
    };
}

/// A meeting's private notes: for the pair alone.
pub const MEETING: Kind<Meeting> = Kind {
    at: Where::Entries(&layout::LOG),
    readers: Readers::Pair,
    fields: &[always_text!(Meeting, private_notes, PRIVATE_NOTES)],
    owner: |pair, m| Owner::Meeting {
        pair: pair.to_string(),
        date: m.date,
    },
    owner_in_tree: |pair, m| {
        Some(Owner::Meeting {
            pair: pair.to_string(),
            date: tree_date(m, Meeting::DATE)?,
        })
    },
};

/// A feedback's rating and comment: for its author and the coordinators,
/// not the partner.
pub const FEEDBACK: Kind<Feedback> = Kind {
    at: Where::Entries(&layout::FEEDBACK),
    readers: Readers::AuthorAndCoordinators,
    fields: &[
        always_text!(Feedback, comment, COMMENT),
        Private {
            field: Feedback::SATISFACTION,
            always: true,
            read: |f| f.satisfaction.map(|s| s.0.to_string()),
            write: |f, t| match t.trim().parse::<u8>() {
                Ok(n @ 1..=5) => {
                    f.satisfaction = Some(Satisfaction(n));
                    Ok(())
                }
                _ => Err(format!(
                    "a sealed satisfaction must be 1 to 5, found `{}`",
                    t.trim()
                )),
            },
        },
    ],
    owner: |pair, f| Owner::Feedback {
        pair: pair.to_string(),
        by: f.by.clone(),
        date: f.date,
    },
    owner_in_tree: |pair, f| {
        Some(Owner::Feedback {
            pair: pair.to_string(),
            by: tree_text(f, Feedback::BY)?,
            date: tree_date(f, Feedback::DATE)?,
        })
    },
};

/// An assessment's levels: for the pair and the coordinators.
pub const ASSESSMENT: Kind<Assessment> = Kind {
    at: Where::Entries(&layout::ASSESSMENT),
    readers: Readers::PairAndCoordinators,
    fields: &[Private {
        field: Assessment::LEVELS,
        always: true,
        read: |a| {
            a.levels
                .as_ref()
                .filter(|l| !l.0.is_empty())
                .map(|l| level_lines(l.0.iter().map(|l| (l.competency.as_str(), l.level))))
        },
        write: write_levels,
    }],
    owner: |pair, a| Owner::Assessment {
        pair: pair.to_string(),
        by: a.by.clone(),
        date: a.date,
    },
    owner_in_tree: |pair, a| {
        Some(Owner::Assessment {
            pair: pair.to_string(),
            by: tree_text(a, Assessment::BY)?,
            date: tree_date(a, Assessment::DATE)?,
        })
    },
};

/// An assessment's levels as the text sealed for them, one `competency:
/// level` line each ([`ASSESSMENT`] reads them back).
pub fn level_lines<'a>(levels: impl Iterator<Item = (&'a str, u32)>) -> String {
    levels
        .map(|(competency, level)| format!("{competency}: {level}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_levels(a: &mut Assessment, t: &str) -> Result<(), String> {
    let at = a.at.of(Assessment::LEVELS);
    let mut levels = Vec::new();
    for line in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((competency, level)) = line.split_once(':') else {
            return Err(format!(
                "a sealed line is not `competency: level`: `{line}`"
            ));
        };
        let level = level
            .trim()
            .parse()
            .map_err(|_| format!("a sealed level is not a whole number: `{line}`"))?;
        levels.push(Level {
            competency: competency.trim().to_string(),
            level,
            at,
        });
    }
    a.levels = Some(Levels(levels));
    Ok(())
}

/// A closure's note: for the coordinators.
pub const CLOSURE: Kind<Closure> = Kind {
    at: Where::Table(&layout::PAIR, Pair::CLOSURE),
    readers: Readers::Coordinators,
    fields: &[always_text!(Closure, note, NOTE)],
    owner: |pair, _| Owner::Closure {
        pair: pair.to_string(),
    },
    owner_in_tree: |pair, _| {
        Some(Owner::Closure {
            pair: pair.to_string(),
        })
    },
};

macro_rules! person_text {
    ($field:ident, $const:ident) => {
        Private {
            field: Person::$const,
            always: false,
            read: |p| text(&p.$field),
            write: |p, t| {
                p.$field = Some(t.to_string());
                Ok(())
            },
        }
    };
}

macro_rules! person_list {
    ($field:ident, $const:ident, $always:expr) => {
        Private {
            field: Person::$const,
            always: $always,
            read: |p| lines(&p.$field),
            write: |p, t| {
                p.$field = split(t);
                Ok(())
            },
        }
    };
}

/// A person's fields: `avoid` always; the others where `[privacy]
/// sealed_person_fields` lists them. Names, emails, roles, statuses and
/// managers stay readable: the programme's safeguards are checked on them.
pub const PERSON: Kind<Person> = Kind {
    at: Where::PersonFile,
    readers: Readers::PersonAndCoordinators,
    fields: &[
        person_list!(avoid, AVOID, true),
        person_text!(job_title, JOB_TITLE),
        person_text!(department, DEPARTMENT),
        person_list!(languages, LANGUAGES, false),
        person_text!(location, LOCATION),
        person_list!(availability, AVAILABILITY, false),
        person_text!(style, STYLE),
        person_list!(needs, NEEDS, false),
        person_list!(expertise, EXPERTISE, false),
        person_text!(group, GROUP),
        person_text!(experience, EXPERIENCE),
        person_list!(prefer, PREFER, false),
    ],
    owner: |id, _| Owner::Person { id: id.to_string() },
    owner_in_tree: |id, _| Some(Owner::Person { id: id.to_string() }),
};

/// A concern's text: for the coordinators alone, whoever raised it.
pub const CONCERN: Kind<ConcernEntry> = Kind {
    at: Where::Entries(&layout::CONCERNS),
    readers: Readers::Coordinators,
    fields: &[always_text!(ConcernEntry, text, TEXT)],
    owner: |pair, c| Owner::Concern {
        pair: pair.to_string(),
        number: c.concern,
        date: c.date,
    },
    owner_in_tree: |pair, c| {
        Some(Owner::Concern {
            pair: pair.to_string(),
            number: tree_number(c, ConcernEntry::CONCERN)?,
            date: tree_date(c, ConcernEntry::DATE)?,
        })
    },
};

/// A confidential survey answer: for its author and the coordinators, not
/// the partner (the question says whether it is confidential).
pub const SURVEY_ANSWER: Kind<SurveyAnswer> = Kind {
    at: Where::Entries(&layout::SURVEYS),
    readers: Readers::AuthorAndCoordinators,
    fields: &[Private {
        field: SurveyAnswer::PRIVATE_ANSWER,
        always: true,
        read: |a| a.private_answer.as_ref().map(|t| t.0.clone()),
        write: |a, t| {
            a.private_answer = Some(AnswerText(t.to_string()));
            Ok(())
        },
    }],
    owner: |pair, a| Owner::SurveyAnswer {
        pair: pair.to_string(),
        by: a.by.clone(),
        survey: a.survey.clone(),
        occasion: a.occasion,
        question: a.question.clone(),
    },
    owner_in_tree: |pair, a| {
        Some(Owner::SurveyAnswer {
            pair: pair.to_string(),
            by: tree_text(a, SurveyAnswer::BY)?,
            survey: tree_text(a, SurveyAnswer::SURVEY)?,
            occasion: tree_date(a, SurveyAnswer::OCCASION)?,
            question: tree_text(a, SurveyAnswer::QUESTION)?,
        })
    },
};

/// A confidential answer a person gave outside any pair: for them and the
/// coordinators (`id` is the person's, from the file's name).
pub const PERSON_SURVEY_ANSWER: Kind<SurveyAnswer> = Kind {
    at: Where::PersonSurveys,
    readers: Readers::AuthorAndCoordinators,
    fields: SURVEY_ANSWER.fields,
    owner: |person, a| Owner::PersonSurveyAnswer {
        person: person.to_string(),
        survey: a.survey.clone(),
        occasion: a.occasion,
        question: a.question.clone(),
    },
    owner_in_tree: |person, a| {
        Some(Owner::PersonSurveyAnswer {
            person: person.to_string(),
            survey: tree_text(a, SurveyAnswer::SURVEY)?,
            occasion: tree_date(a, SurveyAnswer::OCCASION)?,
            question: tree_text(a, SurveyAnswer::QUESTION)?,
        })
    },
};

/// Every kind of record with private fields.
pub const KINDS: &[&dyn AnyKind] = &[
    &MEETING,
    &FEEDBACK,
    &CLOSURE,
    &ASSESSMENT,
    &PERSON,
    &CONCERN,
    &SURVEY_ANSWER,
    &PERSON_SURVEY_ANSWER,
];

/// Every private field of every kind, with its kind.
fn every_field() -> impl Iterator<Item = (&'static dyn AnyKind, PrivateField)> {
    KINDS
        .iter()
        .flat_map(|kind| kind.private_fields().into_iter().map(move |f| (*kind, f)))
}

/// Fields that are private in every programme (not those a programme adds
/// with `sealed_person_fields`): what snippets mask in any file.
pub fn always_private_fields() -> impl Iterator<Item = &'static str> {
    every_field()
        .filter(|(_, f)| f.always)
        .map(|(_, f)| f.field.name())
}

/// The fields private in every programme of the records a file of this
/// kind holds (a person file's others are the programme's choice).
pub fn always_private_in(kind: &FileKind) -> Vec<&'static str> {
    every_field()
        .filter(|(k, f)| f.always && k.at().is_in(kind))
        .map(|(_, f)| f.field.name())
        .collect()
}

/// The fields a programme may choose to seal (`sealed_person_fields`).
pub fn sealable_person_fields() -> impl Iterator<Item = &'static str> {
    every_field()
        .filter(|(k, f)| !f.always && k.at() == Where::PersonFile)
        .map(|(_, f)| f.field.name())
}

/// Field paths (list indices written `[]` or not) that may hold a sealed
/// value in a file of this kind. The loader refuses a sealed value anywhere
/// else.
pub fn may_be_sealed(kind: &FileKind, path: &str) -> bool {
    let path = without_indices(path);
    every_field().any(|(k, f)| k.at().is_in(kind) && k.at().path(f.field).as_ref() == Some(&path))
}

fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brackets = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_brackets = true;
                out.push('[');
            }
            ']' => {
                in_brackets = false;
                out.push(']');
            }
            _ if in_brackets => {}
            _ => out.push(c),
        }
    }
    out
}

/// Where each kind's private fields sit in the JSON Schema documents: the
/// document, the path to its records' object schema, and the field names.
pub fn schema_places() -> Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)> {
    KINDS
        .iter()
        .filter_map(|kind| {
            let (document, path) = kind.at().schema()?;
            let fields = kind
                .private_fields()
                .iter()
                .map(|f| f.field.name())
                .collect();
            Some((document, path, fields))
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! The one table of private fields: where each lives, who may read it, how
//! its value reads as text to seal and back. Validation, `mentor seal`,
//! `mentor notes` and every command that opens sealed values in memory read
//! this table and nothing else.

use std::collections::BTreeSet;

use crate::decode::{Field, Spans};
use crate::load::FileKind;
use crate::model::{
    Assessment, Closure, Feedback, Level, Levels, Meeting, Pair, Person, Satisfaction,
};
use crate::source::Span;
use crate::workspace::{PairEntry, Workspace};

use super::armor::{self, Header, Opened};
use super::keys::{Identity, PublicKey};

/// Someone entitled to read a private value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reader {
    /// A person, by id.
    Person(String),
    /// Every coordinator (`[coordinator] keys`).
    Coordinators,
}

/// One private field of a record type: its name, and its value as text.
struct Private<R> {
    field: Field,
    /// The plaintext value, when the record holds one.
    read: fn(&R) -> Option<String>,
    /// Puts an opened value back, in memory; `Err` when it is not a valid value.
    write: fn(&mut R, &str) -> Result<(), String>,
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

const MEETING: &[Private<Meeting>] = &[Private {
    field: Meeting::PRIVATE_NOTES,
    read: |m| text(&m.private_notes),
    write: |m, t| {
        m.private_notes = Some(t.to_string());
        Ok(())
    },
}];

const FEEDBACK: &[Private<Feedback>] = &[
    Private {
        field: Feedback::COMMENT,
        read: |f| text(&f.comment),
        write: |f, t| {
            f.comment = Some(t.to_string());
            Ok(())
        },
    },
    Private {
        field: Feedback::SATISFACTION,
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
];

const ASSESSMENT: &[Private<Assessment>] = &[Private {
    field: Assessment::LEVELS,
    read: |a| {
        a.levels.as_ref().filter(|l| !l.0.is_empty()).map(|l| {
            l.0.iter()
                .map(|l| format!("{}: {}", l.competency, l.level))
                .collect::<Vec<_>>()
                .join("\n")
        })
    },
    write: |a, t| {
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
    },
}];

const CLOSURE: &[Private<Closure>] = &[Private {
    field: Closure::NOTE,
    read: |c| text(&c.note),
    write: |c, t| {
        c.note = Some(t.to_string());
        Ok(())
    },
}];

macro_rules! person_text {
    ($field:ident, $const:ident) => {
        Private {
            field: Person::$const,
            read: |p| text(&p.$field),
            write: |p, t| {
                p.$field = Some(t.to_string());
                Ok(())
            },
        }
    };
}

macro_rules! person_list {
    ($field:ident, $const:ident) => {
        Private {
            field: Person::$const,
            read: |p| lines(&p.$field),
            write: |p, t| {
                p.$field = split(t);
                Ok(())
            },
        }
    };
}

/// Person fields: `avoid` always; the others when `[privacy]
/// sealed_person_fields` lists them. Names, emails, roles, statuses and
/// managers stay readable: the programme's safeguards are checked on them.
const PERSON: &[Private<Person>] = &[
    person_list!(avoid, AVOID),
    person_text!(job_title, JOB_TITLE),
    person_text!(department, DEPARTMENT),
    person_list!(languages, LANGUAGES),
    person_text!(location, LOCATION),
    person_list!(availability, AVAILABILITY),
    person_text!(style, STYLE),
    person_list!(needs, NEEDS),
    person_list!(expertise, EXPERTISE),
    person_text!(group, GROUP),
    person_text!(experience, EXPERIENCE),
    person_list!(prefer, PREFER),
];

/// Fields that are private in every programme (not those a programme adds
/// with `sealed_person_fields`): what snippets mask.
pub fn always_private_fields() -> impl Iterator<Item = &'static str> {
    MEETING
        .iter()
        .map(|p| p.field)
        .chain(FEEDBACK.iter().map(|p| p.field))
        .chain(CLOSURE.iter().map(|p| p.field))
        .chain(ASSESSMENT.iter().map(|p| p.field))
        .chain(PERSON.iter().take(1).map(|p| p.field))
        .map(Field::name)
}

/// The private fields of the records a file of this kind holds. A person
/// file's are the fields its programme seals ([`sealed_person_fields`]),
/// which this table alone cannot say: none here.
pub fn private_fields_in(kind: &FileKind) -> Vec<&'static str> {
    let names = |fields: &mut dyn Iterator<Item = Field>| fields.map(Field::name).collect();
    match kind {
        FileKind::Log(_) => names(&mut MEETING.iter().map(|p| p.field)),
        FileKind::Feedback(_) => names(&mut FEEDBACK.iter().map(|p| p.field)),
        FileKind::Assessment(_) => names(&mut ASSESSMENT.iter().map(|p| p.field)),
        FileKind::Pair(_) => names(&mut CLOSURE.iter().map(|p| p.field)),
        FileKind::Person(_) | FileKind::Programme | FileKind::Goals(_) => Vec::new(),
    }
}

/// The person fields a programme may list in `sealed_person_fields`.
pub fn sealable_person_fields() -> impl Iterator<Item = &'static str> {
    PERSON.iter().skip(1).map(|p| p.field.name())
}

/// Where each private field sits in the JSON Schema documents: the
/// document, the path to its record's object schema, and the field names.
pub fn schema_places() -> [(&'static str, &'static [&'static str], Vec<&'static str>); 5] {
    let names = |fields: Vec<Field>| fields.into_iter().map(Field::name).collect();
    [
        (
            "log.schema.json",
            &["properties", "meetings", "items"],
            names(MEETING.iter().map(|p| p.field).collect()),
        ),
        (
            "feedback.schema.json",
            &["properties", "feedback", "items"],
            names(FEEDBACK.iter().map(|p| p.field).collect()),
        ),
        (
            "assessment.schema.json",
            &["properties", "assessments", "items"],
            names(ASSESSMENT.iter().map(|p| p.field).collect()),
        ),
        (
            "pair.schema.json",
            &["properties", "closure"],
            names(CLOSURE.iter().map(|p| p.field).collect()),
        ),
        (
            "person.schema.json",
            &[],
            names(PERSON.iter().map(|p| p.field).collect()),
        ),
    ]
}

/// Field paths (list indices written `[]`) that may hold a sealed value in
/// a file of this kind. The loader refuses a sealed value anywhere else.
pub fn may_be_sealed(kind: &FileKind, path: &str) -> bool {
    let path = without_indices(path);
    match kind {
        FileKind::Log(_) => MEETING
            .iter()
            .any(|p| path == format!("meetings[].{}", p.field.name())),
        FileKind::Feedback(_) => FEEDBACK
            .iter()
            .any(|p| path == format!("feedback[].{}", p.field.name())),
        FileKind::Assessment(_) => ASSESSMENT
            .iter()
            .any(|p| path == format!("assessments[].{}", p.field.name())),
        FileKind::Pair(_) => CLOSURE
            .iter()
            .any(|p| path == format!("closure.{}", p.field.name())),
        FileKind::Person(_) => PERSON.iter().any(|p| path == p.field.name()),
        FileKind::Programme | FileKind::Goals(_) => false,
    }
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

/// What a private value belongs to, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Meeting {
        pair: String,
        date: chrono::NaiveDate,
    },
    Feedback {
        pair: String,
        by: String,
    },
    Closure {
        pair: String,
    },
    Assessment {
        pair: String,
        date: chrono::NaiveDate,
    },
    Person {
        id: String,
    },
}

impl Owner {
    pub fn describe(&self) -> String {
        match self {
            Owner::Meeting { pair, date } => format!("pair `{pair}`, meeting of {date}"),
            Owner::Feedback { pair, by } => format!("pair `{pair}`, feedback by `{by}`"),
            Owner::Closure { pair } => format!("pair `{pair}`, closure"),
            Owner::Assessment { pair, date } => format!("pair `{pair}`, assessment of {date}"),
            Owner::Person { id } => format!("person `{id}`"),
        }
    }

    /// The pair the value belongs to, if any.
    pub fn pair(&self) -> Option<&str> {
        match self {
            Owner::Meeting { pair, .. }
            | Owner::Feedback { pair, .. }
            | Owner::Closure { pair }
            | Owner::Assessment { pair, .. } => Some(pair),
            Owner::Person { .. } => None,
        }
    }
}

/// A private value as written: plaintext, or sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Plain(String),
    Sealed(String),
}

/// One private value of the programme.
#[derive(Clone, Debug)]
pub struct PrivateValue {
    pub owner: Owner,
    pub field: &'static str,
    /// Where the value is written.
    pub span: Span,
    pub readers: Vec<Reader>,
    pub state: State,
}

fn values_of<R>(
    table: &[Private<R>],
    record: &R,
    at: &Spans,
    wanted: impl Fn(&str) -> bool,
    owner: impl Fn() -> Owner,
    readers: impl Fn() -> Vec<Reader>,
    out: &mut Vec<PrivateValue>,
) {
    for private in table.iter().filter(|p| wanted(p.field.name())) {
        let state = match at.sealed(private.field.name()) {
            Some(armor) => State::Sealed(armor.to_string()),
            None => match (private.read)(record) {
                Some(plain) => State::Plain(plain),
                None => continue,
            },
        };
        out.push(PrivateValue {
            owner: owner(),
            field: private.field.name(),
            span: at.of(private.field),
            readers: readers(),
            state,
        });
    }
}

/// The person fields this programme seals: `avoid`, and `sealed_person_fields`.
pub fn sealed_person_fields(ws: &Workspace) -> BTreeSet<&str> {
    let mut fields = BTreeSet::from([Person::AVOID.name()]);
    if let Some(privacy) = ws.programme.as_ref().and_then(|p| p.privacy.as_ref()) {
        fields.extend(privacy.sealed_person_fields.iter().map(String::as_str));
    }
    fields
}

/// Every private value of the programme, plaintext or sealed, with its readers.
pub fn private_values(ws: &Workspace) -> Vec<PrivateValue> {
    let mut out = Vec::new();
    let person_fields = sealed_person_fields(ws);
    for entry in &ws.people {
        let readers = || vec![Reader::Person(entry.id.clone()), Reader::Coordinators];
        let owner = || Owner::Person {
            id: entry.id.clone(),
        };
        let wanted = |name: &str| person_fields.contains(name);
        values_of(
            PERSON,
            &entry.person,
            &entry.person.at,
            wanted,
            owner,
            readers,
            &mut out,
        );
    }
    for entry in &ws.pairs {
        let pair = &entry.pair;
        for meeting in &entry.meetings {
            values_of(
                MEETING,
                meeting,
                &meeting.at,
                |_| true,
                || Owner::Meeting {
                    pair: entry.id.clone(),
                    date: meeting.date,
                },
                || meeting_readers(pair),
                &mut out,
            );
        }
        for feedback in &entry.feedback {
            values_of(
                FEEDBACK,
                feedback,
                &feedback.at,
                |_| true,
                || Owner::Feedback {
                    pair: entry.id.clone(),
                    by: feedback.by.clone(),
                },
                || vec![Reader::Person(feedback.by.clone()), Reader::Coordinators],
                &mut out,
            );
        }
        for assessment in &entry.assessments {
            values_of(
                ASSESSMENT,
                assessment,
                &assessment.at,
                |_| true,
                || Owner::Assessment {
                    pair: entry.id.clone(),
                    date: assessment.date,
                },
                || assessment_readers(pair),
                &mut out,
            );
        }
        if let Some(closure) = &pair.closure {
            values_of(
                CLOSURE,
                closure,
                &closure.at,
                |_| true,
                || Owner::Closure {
                    pair: entry.id.clone(),
                },
                || vec![Reader::Coordinators],
                &mut out,
            );
        }
    }
    out
}

/// Who reads a pair's skills assessments: the pair and the coordinators.
pub fn assessment_readers(pair: &Pair) -> Vec<Reader> {
    let mut readers = meeting_readers(pair);
    readers.push(Reader::Coordinators);
    readers
}

/// Who reads a meeting's private notes: the pair's mentor and mentee.
pub fn meeting_readers(pair: &Pair) -> Vec<Reader> {
    vec![
        Reader::Person(pair.mentor.clone()),
        Reader::Person(pair.mentee.clone()),
    ]
}

/// Sealed person fields the programme does not list in `sealed_person_fields`.
pub fn unlisted_person_seals(ws: &Workspace) -> Vec<(Span, String, &'static str)> {
    let listed = sealed_person_fields(ws);
    let mut out = Vec::new();
    for entry in &ws.people {
        for (field, _) in entry.person.at.sealed_fields() {
            if !listed.contains(field) {
                let span = entry
                    .person
                    .at
                    .of_named(field)
                    .unwrap_or(entry.person.at.record);
                out.push((span, entry.id.clone(), field));
            }
        }
    }
    out
}

/// The keys of one reader, parsed (unparseable keys are validate's finding).
pub fn keys_of(ws: &Workspace, reader: &Reader) -> Vec<PublicKey> {
    let written: &[String] = match reader {
        Reader::Person(id) => ws.person(id).map_or(&[], |p| p.person.keys.as_slice()),
        Reader::Coordinators => ws.programme.as_ref().map_or(&[], |p| p.coordinator_keys()),
    };
    written.iter().filter_map(|k| k.parse().ok()).collect()
}

/// Every key a value must be sealed to, without repeats, or the readers who
/// have none (nothing is ever sealed to fewer people than may read it).
pub fn recipients(ws: &Workspace, readers: &[Reader]) -> Result<Vec<PublicKey>, Vec<Reader>> {
    let mut keys: Vec<PublicKey> = Vec::new();
    let mut missing = Vec::new();
    for reader in readers {
        let own = keys_of(ws, reader);
        if own.is_empty() {
            missing.push(reader.clone());
        }
        for key in own {
            if !keys.iter().any(|k| k.canonical() == key.canonical()) {
                keys.push(key);
            }
        }
    }
    if missing.is_empty() {
        Ok(keys)
    } else {
        Err(missing)
    }
}

/// A reader's name, as people know them.
pub fn reader_name(ws: &Workspace, reader: &Reader) -> String {
    match reader {
        Reader::Person(id) => ws
            .person(id)
            .map_or_else(|| id.clone(), |p| p.person.name.clone()),
        Reader::Coordinators => "the coordinators".to_string(),
    }
}

/// "Amara Osei and Tom Baker".
pub fn reader_names(ws: &Workspace, readers: &[Reader]) -> String {
    let names: Vec<String> = readers.iter().map(|r| reader_name(ws, r)).collect();
    match names.as_slice() {
        [] => "nobody".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Whether a sealed value's header matches the keys its readers have now.
/// `None` when it cannot say (a reader without keys: validate reports that).
pub fn is_stale(ws: &Workspace, value: &PrivateValue) -> Option<bool> {
    let State::Sealed(armor) = &value.state else {
        return None;
    };
    let header = armor::header(armor).ok()?;
    let keys = recipients(ws, &value.readers).ok()?;
    Some(header != Header::expected(&keys))
}

/// What opening the programme's sealed values with one identity gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenedCount {
    /// Values opened, in memory.
    pub opened: usize,
    /// Values sealed for other people.
    pub closed: usize,
    /// Values that opened but did not hold a valid value, with why.
    pub invalid: Vec<String>,
}

fn open_in<R>(
    table: &[Private<R>],
    record: &mut R,
    at: impl Fn(&mut R) -> &mut Spans,
    identity: &Identity,
    count: &mut OpenedCount,
    describe: impl Fn() -> String,
) {
    for private in table {
        let Some(armor) = at(record).sealed(private.field.name()).map(str::to_string) else {
            continue;
        };
        match armor::open(&armor, identity) {
            Opened::Plain(text) => match (private.write)(record, &text) {
                Ok(()) => {
                    at(record).opened(private.field.name());
                    count.opened += 1;
                }
                Err(why) => count.invalid.push(format!("{}: {why}", describe())),
            },
            Opened::NotForYou => count.closed += 1,
            Opened::Broken(why) => count.invalid.push(format!("{}: {why}", describe())),
        }
    }
}

/// Opens, in memory, every sealed value `identity` may read; the rest stay
/// sealed (and read as absent). Nothing is written anywhere.
pub fn open_all(ws: &mut Workspace, identity: &Identity) -> OpenedCount {
    let mut count = OpenedCount::default();
    for entry in &mut ws.people {
        let id = entry.id.clone();
        open_in(
            PERSON,
            &mut entry.person,
            |p| &mut p.at,
            identity,
            &mut count,
            || format!("person `{id}`"),
        );
    }
    for entry in &mut ws.pairs {
        open_pair(entry, identity, &mut count);
    }
    ws.index();
    count
}

/// Opens, in memory, the sealed values of one pair that `identity` may read.
pub fn open_pair(entry: &mut PairEntry, identity: &Identity, count: &mut OpenedCount) {
    let id = entry.id.clone();
    for meeting in &mut entry.meetings {
        let date = meeting.date;
        open_in(
            MEETING,
            meeting,
            |m| &mut m.at,
            identity,
            count,
            || format!("pair `{id}`, meeting of {date}"),
        );
    }
    for feedback in &mut entry.feedback {
        let by = feedback.by.clone();
        open_in(
            FEEDBACK,
            feedback,
            |f| &mut f.at,
            identity,
            count,
            || format!("pair `{id}`, feedback by `{by}`"),
        );
    }
    for assessment in &mut entry.assessments {
        let date = assessment.date;
        open_in(
            ASSESSMENT,
            assessment,
            |a| &mut a.at,
            identity,
            count,
            || format!("pair `{id}`, assessment of {date}"),
        );
    }
    if let Some(closure) = &mut entry.pair.closure {
        open_in(
            CLOSURE,
            closure,
            |c| &mut c.at,
            identity,
            count,
            || format!("pair `{id}`, closure"),
        );
    }
}

/// Who an identity is in this programme: the people (and the coordinator
/// role) whose listed keys it holds.
pub fn holders(ws: &Workspace, identity: &Identity) -> Vec<Reader> {
    let mine: Vec<String> = identity.public.iter().map(PublicKey::canonical).collect();
    let holds = |reader: &Reader| {
        keys_of(ws, reader)
            .iter()
            .any(|k| mine.contains(&k.canonical()))
    };
    let mut out: Vec<Reader> = ws
        .people
        .iter()
        .map(|p| Reader::Person(p.id.clone()))
        .filter(|r| holds(r))
        .collect();
    if holds(&Reader::Coordinators) {
        out.push(Reader::Coordinators);
    }
    out
}

/// Sealed values that are still closed (no identity could read them).
pub fn still_sealed(ws: &Workspace) -> usize {
    private_values(ws)
        .iter()
        .filter(|v| matches!(v.state, State::Sealed(_)))
        .count()
}

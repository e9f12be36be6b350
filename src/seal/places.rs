//! The one table of private fields: where each lives, who may read it, how
//! its value reads as text to seal and back. Validation, `mentor seal`,
//! `mentor notes` and every command that opens sealed values in memory read
//! this table and nothing else.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::decode::{Field, Spans, parse_date};
use crate::load::FileKind;
use crate::model::{
    Assessment, Closure, Feedback, Level, Levels, Meeting, Pair, Person, Satisfaction,
};
use crate::node::{Node, Value as NodeValue};
use crate::source::Span;
use crate::workspace::{PairEntry, Workspace};

use super::armor::{self, Opened};
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

/// Every sealed value in one file's tree, whatever else is wrong with it,
/// with the place it sits at, or (`Err`) its path in the file when that is
/// no private field's place: for `seal --rotate`, which reads every version
/// a file ever had to see where a value has been.
pub fn sealed_in(kind: &FileKind, root: &Node) -> Vec<(Result<Place, String>, String)> {
    let mut found = Vec::new();
    every_sealed(root, &mut Vec::new(), &mut found);
    found
        .into_iter()
        .map(|(path, armored)| {
            let place = place_in(kind, root, &path).ok_or_else(|| {
                path.iter()
                    .map(|step| match step {
                        Step::Key(key) => format!(".{key}"),
                        Step::Index(i) => format!("[{i}]"),
                    })
                    .collect::<String>()
                    .trim_start_matches('.')
                    .to_string()
            });
            (place, armored)
        })
        .collect()
}

/// One step of a path into a tree.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Sealed strings under `node`, with their paths.
fn every_sealed(node: &Node, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, String)>) {
    match &node.value {
        NodeValue::Str(text) if armor::is_sealed(text) => out.push((path.clone(), text.clone())),
        NodeValue::Map(entries) => {
            for (key, value) in entries {
                path.push(Step::Key(key.name.clone()));
                every_sealed(value, path, out);
                path.pop();
            }
        }
        NodeValue::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                every_sealed(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The private field's place a sealed value at `path` sits at, if any.
fn place_in(kind: &FileKind, root: &Node, path: &[Step]) -> Option<Place> {
    fn field_of<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
        match &node.value {
            NodeValue::Map(entries) => entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v),
            _ => None,
        }
    }
    fn names<R>(table: &[Private<R>]) -> Vec<&'static str> {
        table.iter().map(|p| p.field.name()).collect()
    }
    let text = |node: &Node, name: &str| match &field_of(node, name)?.value {
        NodeValue::Str(t) | NodeValue::Datetime(t) => Some(t.clone()),
        _ => None,
    };
    let date = |node: &Node| parse_date(&text(node, "date")?).ok();
    // `list[i].field`, a private field of the list's entries: the entry.
    let entry = |list: &str, fields: &[&str]| match path {
        [Step::Key(l), Step::Index(i), Step::Key(field)]
            if l == list && fields.contains(&field.as_str()) =>
        {
            match &field_of(root, list)?.value {
                NodeValue::Seq(items) => Some((items.get(*i)?, field.clone())),
                _ => None,
            }
        }
        _ => None,
    };
    let (owner, field) = match kind {
        FileKind::Log(pair) => {
            let (item, field) = entry("meetings", &names(MEETING))?;
            let owner = Owner::Meeting {
                pair: pair.clone(),
                date: date(item)?,
            };
            (owner, field)
        }
        FileKind::Feedback(pair) => {
            let (item, field) = entry("feedback", &names(FEEDBACK))?;
            let owner = Owner::Feedback {
                pair: pair.clone(),
                by: text(item, "by")?,
                date: date(item)?,
            };
            (owner, field)
        }
        FileKind::Assessment(pair) => {
            let (item, field) = entry("assessments", &names(ASSESSMENT))?;
            let owner = Owner::Assessment {
                pair: pair.clone(),
                by: text(item, "by")?,
                date: date(item)?,
            };
            (owner, field)
        }
        FileKind::Pair(pair) => match path {
            [Step::Key(closure), Step::Key(field)]
                if closure == "closure" && names(CLOSURE).contains(&field.as_str()) =>
            {
                (Owner::Closure { pair: pair.clone() }, field.clone())
            }
            _ => return None,
        },
        FileKind::Person(id) => match path {
            [Step::Key(field)] if names(PERSON).contains(&field.as_str()) => {
                (Owner::Person { id: id.clone() }, field.clone())
            }
            _ => return None,
        },
        FileKind::Programme | FileKind::Goals(_) => return None,
    };
    Some(Place { owner, field })
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

/// Where the pseudonym key behind `export --anonymize` is kept, sealed for
/// the coordinators: a sealed value too, bound to [`Owner::PseudonymKey`].
pub const PSEUDONYM_KEY_FILE: &str = crate::load::programme_file::PSEUDONYM_KEY.path;

/// What a private value belongs to: the record and the entry in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Meeting {
        pair: String,
        date: NaiveDate,
    },
    Feedback {
        pair: String,
        by: String,
        date: NaiveDate,
    },
    Closure {
        pair: String,
    },
    Assessment {
        pair: String,
        by: String,
        date: NaiveDate,
    },
    Person {
        id: String,
    },
    /// The programme's pseudonym key ([`PSEUDONYM_KEY_FILE`]).
    PseudonymKey,
}

impl Owner {
    pub fn describe(&self) -> String {
        match self {
            Owner::Meeting { pair, date } => format!("pair `{pair}`, meeting of {date}"),
            Owner::Feedback { pair, by, date } => {
                format!("pair `{pair}`, feedback by `{by}` of {date}")
            }
            Owner::Closure { pair } => format!("pair `{pair}`, closure"),
            Owner::Assessment { pair, by, date } => {
                format!("pair `{pair}`, assessment by `{by}` of {date}")
            }
            Owner::Person { id } => format!("person `{id}`"),
            Owner::PseudonymKey => format!("the pseudonym key ({PSEUDONYM_KEY_FILE})"),
        }
    }

    /// The pair the value belongs to, if any.
    pub fn pair(&self) -> Option<&str> {
        match self {
            Owner::Meeting { pair, .. }
            | Owner::Feedback { pair, .. }
            | Owner::Closure { pair }
            | Owner::Assessment { pair, .. } => Some(pair),
            Owner::Person { .. } | Owner::PseudonymKey => None,
        }
    }

    /// The entry's date, for entries that have one.
    fn date(&self) -> Option<NaiveDate> {
        match self {
            Owner::Meeting { date, .. }
            | Owner::Feedback { date, .. }
            | Owner::Assessment { date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Where a sealed value belongs: what decides who may read it (the record,
/// the list, the entry's author where that names a reader), the entry's
/// date, and the field. Sealing records it in the value's header; a value
/// opens only where it belongs. The programme is not part of it: its name
/// is a label that may change, and who reads a value is decided by this
/// programme's files alone (a value from another programme is still told
/// apart by its recorded keys).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub owner: Owner,
    pub field: String,
}

impl Place {
    /// The place of `field` in `owner`'s record.
    pub fn new(owner: Owner, field: Field) -> Place {
        Place {
            owner,
            field: field.name().to_string(),
        }
    }

    /// Where the pseudonym key belongs.
    pub fn pseudonym_key() -> Place {
        Place {
            owner: Owner::PseudonymKey,
            field: "key".into(),
        }
    }

    /// The place as written in a header: a JSON list of strings, kind first
    /// and field last, so it reads back unambiguously whatever the ids hold.
    pub fn text(&self) -> String {
        let date = |d: &NaiveDate| d.to_string();
        let mut parts: Vec<String> = match &self.owner {
            Owner::Meeting { pair, date: d } => vec!["meeting".into(), pair.clone(), date(d)],
            Owner::Feedback { pair, by, date: d } => {
                vec!["feedback".into(), pair.clone(), by.clone(), date(d)]
            }
            Owner::Assessment { pair, by, date: d } => {
                vec!["assessment".into(), pair.clone(), by.clone(), date(d)]
            }
            Owner::Closure { pair } => vec!["closure".into(), pair.clone()],
            Owner::Person { id } => vec!["person".into(), id.clone()],
            Owner::PseudonymKey => vec!["pseudonym-key".into()],
        };
        parts.push(self.field.clone());
        serde_json::Value::from(parts).to_string()
    }

    /// Reads [`text`](Self::text) back; `None` for text this version does not know.
    pub fn read(text: &str) -> Option<Place> {
        let parts: Vec<String> = serde_json::from_str(text).ok()?;
        let (field, rest) = parts.split_last()?;
        let date = |d: &String| parse_date(d).ok();
        let owner = match rest {
            [kind, pair, d] if kind == "meeting" => Owner::Meeting {
                pair: pair.clone(),
                date: date(d)?,
            },
            [kind, pair, by, d] if kind == "feedback" => Owner::Feedback {
                pair: pair.clone(),
                by: by.clone(),
                date: date(d)?,
            },
            [kind, pair, by, d] if kind == "assessment" => Owner::Assessment {
                pair: pair.clone(),
                by: by.clone(),
                date: date(d)?,
            },
            [kind, pair] if kind == "closure" => Owner::Closure { pair: pair.clone() },
            [kind, id] if kind == "person" => Owner::Person { id: id.clone() },
            [kind] if kind == "pseudonym-key" => Owner::PseudonymKey,
            _ => return None,
        };
        Some(Place {
            owner,
            field: field.clone(),
        })
    }

    /// Whether `other` is this place but for the entry's date: the same
    /// record, list, author and field, so the same readers.
    pub fn same_but_date(&self, other: &Place) -> bool {
        let undated = |owner: &Owner| match owner {
            Owner::Meeting { pair, .. } => (1, pair.clone(), String::new()),
            Owner::Feedback { pair, by, .. } => (2, pair.clone(), by.clone()),
            Owner::Assessment { pair, by, .. } => (3, pair.clone(), by.clone()),
            _ => (0, String::new(), String::new()),
        };
        self.field == other.field
            && self.owner.date().is_some()
            && other.owner.date().is_some()
            && undated(&self.owner) == undated(&other.owner)
    }

    /// "`comment` of pair `a--b`, feedback by `x` of 2026-03-01".
    pub fn describe(&self) -> String {
        format!("`{}` of {}", self.field, self.owner.describe())
    }
}

/// Seals `plaintext` for `place` to `keys` (its readers' keys: see
/// [`recipients`]), recording both in the header.
pub fn seal(plaintext: &str, keys: &[PublicKey], place: &Place) -> Result<String, String> {
    armor::seal(plaintext, keys, &place.text())
}

/// Opens, in memory, a sealed value written at `place`: only if it was
/// sealed for that place (or before mentor recorded places).
pub fn open(armored: &str, identity: &Identity, place: &Place) -> Opened {
    armor::open(armored, identity, &place.text())
}

/// How a sealed value stands where it is written, from its header alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Sealed for this place, to the keys with these fingerprints.
    Here(BTreeSet<String>),
    /// Sealed for another entry of the same record (only the date differs):
    /// the same readers, moved; `seal --rotate` binds it here.
    Moved(Place, BTreeSet<String>),
    /// Sealed for a place with other readers (described): a copy.
    Elsewhere(String),
    /// Sealed before mentor recorded places and keys (or by another tool).
    Unbound,
    Broken(String),
}

/// How the sealed value `armored`, written at `place`, stands there.
pub fn standing(place: &Place, armored: &str) -> Standing {
    let header = match armor::header(armored) {
        Ok(header) => header,
        Err(why) => return Standing::Broken(why),
    };
    let Some(binding) = header.binding else {
        return Standing::Unbound;
    };
    if binding.place == place.text() {
        return Standing::Here(binding.readers);
    }
    match Place::read(&binding.place) {
        Some(bound) if bound.same_but_date(place) => Standing::Moved(bound, binding.readers),
        Some(bound) => Standing::Elsewhere(bound.describe()),
        None => Standing::Elsewhere(format!(
            "a place this version of mentor does not know (`{}`)",
            crate::text::excerpt(&binding.place)
        )),
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

impl PrivateValue {
    /// Where the value belongs, as its seal records it.
    pub fn place(&self) -> Place {
        Place {
            owner: self.owner.clone(),
            field: self.field.to_string(),
        }
    }

    /// How the value stands where it is written, when it is sealed.
    pub fn standing(&self) -> Option<Standing> {
        match &self.state {
            State::Sealed(armored) => Some(standing(&self.place(), armored)),
            State::Plain(_) => None,
        }
    }
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
                || meeting_owner(&entry.id, meeting),
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
                || feedback_owner(&entry.id, feedback),
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
                || assessment_owner(&entry.id, assessment),
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

fn meeting_owner(pair: &str, meeting: &Meeting) -> Owner {
    Owner::Meeting {
        pair: pair.to_string(),
        date: meeting.date,
    }
}

fn feedback_owner(pair: &str, feedback: &Feedback) -> Owner {
    Owner::Feedback {
        pair: pair.to_string(),
        by: feedback.by.clone(),
        date: feedback.date,
    }
}

fn assessment_owner(pair: &str, assessment: &Assessment) -> Owner {
    Owner::Assessment {
        pair: pair.to_string(),
        by: assessment.by.clone(),
        date: assessment.date,
    }
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

/// The fingerprints of the keys a value must be sealed to now, or `None`
/// when a reader has no key (validate reports that).
pub fn expected_fingerprints(ws: &Workspace, readers: &[Reader]) -> Option<BTreeSet<String>> {
    let keys = recipients(ws, readers).ok()?;
    Some(keys.iter().map(PublicKey::fingerprint).collect())
}

/// Whether a sealed value was sealed to other keys than its readers have
/// now: any key added, removed or replaced, of any kind. `None` when it
/// cannot say (unbound, broken or sealed elsewhere, or a reader without keys).
pub fn is_stale(ws: &Workspace, value: &PrivateValue) -> Option<bool> {
    stale(ws, &value.readers, &value.standing()?)
}

/// [`is_stale`], for a value whose standing is known.
pub fn stale(ws: &Workspace, readers: &[Reader], standing: &Standing) -> Option<bool> {
    let recorded = match standing {
        Standing::Here(recorded) | Standing::Moved(_, recorded) => recorded,
        Standing::Elsewhere(_) | Standing::Unbound | Standing::Broken(_) => return None,
    };
    Some(expected_fingerprints(ws, readers)? != *recorded)
}

/// Which of a value's readers the keys recorded in its seal still name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordedKeys {
    /// Readers one of whose current keys it was sealed to.
    pub current: Vec<Reader>,
    /// Readers none of whose current keys it was sealed to.
    pub earlier: Vec<Reader>,
    /// Whether it was also sealed to keys no reader lists now.
    pub others: bool,
}

/// How the fingerprints `recorded` in a seal stand against `readers`' keys now.
pub fn recorded_keys(
    ws: &Workspace,
    readers: &[Reader],
    recorded: &BTreeSet<String>,
) -> RecordedKeys {
    let mut out = RecordedKeys::default();
    let mut listed = BTreeSet::new();
    for reader in readers {
        let fingerprints: Vec<String> = keys_of(ws, reader)
            .iter()
            .map(PublicKey::fingerprint)
            .collect();
        if fingerprints.iter().any(|f| recorded.contains(f)) {
            out.current.push(reader.clone());
        } else {
            out.earlier.push(reader.clone());
        }
        listed.extend(fingerprints);
    }
    out.others = recorded.iter().any(|f| !listed.contains(f));
    out
}

/// What opening the programme's sealed values with one identity gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenedCount {
    /// Values opened, in memory.
    pub opened: usize,
    /// Values sealed for other people.
    pub closed: usize,
    /// Values sealed for another place than where they are written: left
    /// closed, whoever asks (each described, with where it belongs).
    pub misplaced: Vec<String>,
    /// Values that opened but did not hold a valid value, with why.
    pub invalid: Vec<String>,
}

fn open_in<R>(
    table: &[Private<R>],
    record: &mut R,
    at: impl Fn(&mut R) -> &mut Spans,
    identity: &Identity,
    count: &mut OpenedCount,
    owner: &Owner,
) {
    for private in table {
        let Some(armor) = at(record).sealed(private.field.name()).map(str::to_string) else {
            continue;
        };
        let place = Place {
            owner: owner.clone(),
            field: private.field.name().to_string(),
        };
        match open(&armor, identity, &place) {
            Opened::Plain(text) => match (private.write)(record, &text) {
                Ok(()) => {
                    at(record).opened(private.field.name());
                    count.opened += 1;
                }
                Err(why) => count.invalid.push(format!("{}: {why}", owner.describe())),
            },
            Opened::NotForYou => count.closed += 1,
            Opened::Elsewhere(bound) => count.misplaced.push(format!(
                "{} is sealed for {}",
                place.describe(),
                Place::read(&bound).map_or_else(|| "another place".into(), |p| p.describe())
            )),
            Opened::Broken(why) => count.invalid.push(format!("{}: {why}", owner.describe())),
        }
    }
}

/// Opens, in memory, every sealed value `identity` may read where it is
/// written; the rest stay sealed (and read as absent). Nothing is written
/// anywhere.
pub fn open_all(ws: &mut Workspace, identity: &Identity) -> OpenedCount {
    let mut count = OpenedCount::default();
    for entry in &mut ws.people {
        let owner = Owner::Person {
            id: entry.id.clone(),
        };
        open_in(
            PERSON,
            &mut entry.person,
            |p| &mut p.at,
            identity,
            &mut count,
            &owner,
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
    let pair = entry.id.clone();
    for meeting in &mut entry.meetings {
        let owner = meeting_owner(&pair, meeting);
        open_in(MEETING, meeting, |m| &mut m.at, identity, count, &owner);
    }
    for feedback in &mut entry.feedback {
        let owner = feedback_owner(&pair, feedback);
        open_in(FEEDBACK, feedback, |f| &mut f.at, identity, count, &owner);
    }
    for assessment in &mut entry.assessments {
        let owner = assessment_owner(&pair, assessment);
        open_in(
            ASSESSMENT,
            assessment,
            |a| &mut a.at,
            identity,
            count,
            &owner,
        );
    }
    if let Some(closure) = &mut entry.pair.closure {
        let owner = Owner::Closure { pair: pair.clone() };
        open_in(CLOSURE, closure, |c| &mut c.at, identity, count, &owner);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::keys::generate;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).expect("date")
    }

    fn feedback(pair: &str, by: &str, on: &str) -> Place {
        Place::new(
            Owner::Feedback {
                pair: pair.into(),
                by: by.into(),
                date: date(on),
            },
            Feedback::COMMENT,
        )
    }

    #[test]
    fn places_read_back_from_their_text() {
        let places = [
            feedback("a--b", "a", "2026-03-01"),
            Place::new(
                Owner::Meeting {
                    pair: "a--b".into(),
                    date: date("2026-02-01"),
                },
                Meeting::PRIVATE_NOTES,
            ),
            Place::new(
                Owner::Assessment {
                    pair: "a--b".into(),
                    by: "b".into(),
                    date: date("2026-01-01"),
                },
                Assessment::LEVELS,
            ),
            Place::new(
                Owner::Closure {
                    pair: "a--b".into(),
                },
                Closure::NOTE,
            ),
            Place::new(Owner::Person { id: "a".into() }, Person::AVOID),
            Place::pseudonym_key(),
            // Ids are data: whatever they hold, the text reads back the same.
            feedback("a\"], [\"b", "x y", "2026-03-01"),
        ];
        for place in places {
            assert_eq!(
                Place::read(&place.text()).as_ref(),
                Some(&place),
                "{}",
                place.text()
            );
        }
        assert_eq!(
            feedback("a--b", "a", "2026-03-01").text(),
            r#"["feedback","a--b","a","2026-03-01","comment"]"#
        );
        for unknown in [
            "",
            "[]",
            r#"["feedback","a--b"]"#,
            r#"["meeting","a--b","soon","x"]"#,
            "{}",
        ] {
            assert_eq!(Place::read(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn only_the_date_may_differ_within_a_record() {
        let here = feedback("a--b", "a", "2026-03-01");
        assert!(here.same_but_date(&feedback("a--b", "a", "2026-02-01")));
        assert!(!here.same_but_date(&feedback("c--b", "a", "2026-03-01")));
        assert!(!here.same_but_date(&feedback("a--b", "b", "2026-03-01")));
        let rating = Place::new(here.owner.clone(), Feedback::SATISFACTION);
        assert!(!here.same_but_date(&rating));
        let closure = Place::new(
            Owner::Closure {
                pair: "a--b".into(),
            },
            Closure::NOTE,
        );
        assert!(
            !closure.same_but_date(&closure.clone()),
            "no date, nothing moved"
        );
    }

    #[test]
    fn a_header_tells_where_a_value_stands() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let here = feedback("a--b", "a", "2026-03-01");
        let sealed = seal("fine", std::slice::from_ref(&key), &here).expect("seal");
        let readers = BTreeSet::from([key.fingerprint()]);
        assert_eq!(standing(&here, &sealed), Standing::Here(readers.clone()));
        let later = feedback("a--b", "a", "2026-04-01");
        assert_eq!(
            standing(&later, &sealed),
            Standing::Moved(here.clone(), readers)
        );
        assert_eq!(
            standing(&feedback("c--d", "a", "2026-03-01"), &sealed),
            Standing::Elsewhere("`comment` of pair `a--b`, feedback by `a` of 2026-03-01".into())
        );
        assert!(matches!(
            standing(&here, "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n"),
            Standing::Broken(_)
        ));
    }

    #[test]
    fn sealed_values_in_a_revision_are_found_with_their_places() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let armored = seal("x", &[key], &Place::pseudonym_key()).expect("seal");
        let block: String = armored.lines().map(|l| format!("      {l}\n")).collect();
        let text = format!(
            "feedback:\n  - by: ed\n    date: 2026-03-01\n    comment: |\n{block}  - by: mo\n    date: 2026-03-02\n    stage: |\n{block}"
        );
        let file = crate::source::SourceFile::new("f".into(), "f".into(), text);
        let root = crate::node::parse(&file, crate::node::Syntax::Yaml).expect("parses");
        let found = sealed_in(&FileKind::Feedback("ed--mo".into()), &root);
        let places: Vec<_> = found.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(
            places,
            [
                Ok(feedback("ed--mo", "ed", "2026-03-01")),
                Err("feedback[1].stage".into())
            ]
        );
        assert!(
            found
                .iter()
                .all(|(_, a)| a.trim_end() == armored.trim_end())
        );
    }
}

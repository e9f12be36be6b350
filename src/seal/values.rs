//! The private values of a workspace: every value of every private field
//! (`seal::fields`), plaintext or sealed, with its readers and place; who
//! holds which keys; and opening, in memory, what an identity may read.
//! Each kind of record is found in a pair folder by one row of
//! `PAIR_RECORDS` (a person's among the people), and every loop over kinds
//! reads that list.

use std::collections::BTreeSet;

use crate::decode::{Record, Spans};
use crate::source::Span;
use crate::workspace::{PairEntry, Workspace};

use super::armor::Opened;
use super::fields::{self, Kind, Reader};
use super::keys::{Identity, PublicKey};
use super::places::{Owner, Place, Standing, open, standing};

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

/// Where one kind's records are in a pair folder.
struct InPairs<R: 'static> {
    kind: &'static Kind<R>,
    records: fn(&PairEntry) -> &[R],
    records_mut: fn(&mut PairEntry) -> &mut [R],
}

/// [`InPairs`], its record type left behind: what the loops over kinds read.
trait PairRecords: Sync {
    /// The private values of one pair's records of this kind.
    fn values(&self, entry: &PairEntry, out: &mut Vec<PrivateValue>);
    /// Opens, in memory, what `identity` may read of them.
    fn open(&self, entry: &mut PairEntry, identity: &Identity, count: &mut OpenedCount);
}

impl<R: Record> PairRecords for InPairs<R> {
    fn values(&self, entry: &PairEntry, out: &mut Vec<PrivateValue>) {
        for record in (self.records)(entry) {
            let owner = (self.kind.owner)(&entry.id, record);
            values_of(self.kind, record, &owner, Some(&entry.pair), |_| true, out);
        }
    }

    fn open(&self, entry: &mut PairEntry, identity: &Identity, count: &mut OpenedCount) {
        let pair = entry.id.clone();
        for record in (self.records_mut)(entry) {
            let owner = (self.kind.owner)(&pair, record);
            open_in(self.kind, record, &owner, identity, count);
        }
    }
}

/// The kinds of record a pair folder holds private values in, in the order
/// their values are listed (and opened) for each pair.
const PAIR_RECORDS: &[&dyn PairRecords] = &[
    &InPairs {
        kind: &fields::MEETING,
        records: |entry| &entry.meetings,
        records_mut: |entry| &mut entry.meetings,
    },
    &InPairs {
        kind: &fields::FEEDBACK,
        records: |entry| &entry.feedback,
        records_mut: |entry| &mut entry.feedback,
    },
    &InPairs {
        kind: &fields::ASSESSMENT,
        records: |entry| &entry.assessments,
        records_mut: |entry| &mut entry.assessments,
    },
    &InPairs {
        kind: &fields::SURVEY_ANSWER,
        records: |entry| &entry.survey_answers,
        records_mut: |entry| &mut entry.survey_answers,
    },
    &InPairs {
        kind: &fields::CLOSURE,
        records: |entry| entry.pair.closure.as_slice(),
        records_mut: |entry| entry.pair.closure.as_mut_slice(),
    },
    &InPairs {
        kind: &fields::CONCERN,
        records: |entry| &entry.concerns,
        records_mut: |entry| &mut entry.concerns,
    },
];

/// The values of `record`'s private fields that `wanted` names.
fn values_of<R: Record>(
    kind: &Kind<R>,
    record: &R,
    owner: &Owner,
    pair: Option<&crate::model::Pair>,
    wanted: impl Fn(&str) -> bool,
    out: &mut Vec<PrivateValue>,
) {
    let at: &Spans = record.at();
    for private in kind.fields.iter().filter(|p| wanted(p.field.name())) {
        let state = match at.sealed(private.field.name()) {
            Some(armor) => State::Sealed(armor.to_string()),
            None => match (private.read)(record) {
                Some(plain) => State::Plain(plain),
                None => continue,
            },
        };
        out.push(PrivateValue {
            owner: owner.clone(),
            field: private.field.name(),
            span: at.of(private.field),
            readers: kind.readers.of(owner, pair),
            state,
        });
    }
}

/// The person fields this programme seals: those every programme seals
/// (`avoid`), and `sealed_person_fields`.
pub fn sealed_person_fields(ws: &Workspace) -> BTreeSet<&str> {
    let mut sealed: BTreeSet<&str> = fields::PERSON
        .fields
        .iter()
        .filter(|p| p.always)
        .map(|p| p.field.name())
        .collect();
    if let Some(privacy) = ws.programme.as_ref().and_then(|p| p.privacy.as_ref()) {
        sealed.extend(privacy.sealed_person_fields.iter().map(String::as_str));
    }
    sealed
}

/// Every private value of the programme, plaintext or sealed, with its
/// readers: the people's, then each pair's.
pub fn private_values(ws: &Workspace) -> Vec<PrivateValue> {
    let mut out = Vec::new();
    let person_fields = sealed_person_fields(ws);
    for entry in &ws.people {
        let owner = (fields::PERSON.owner)(&entry.id, &entry.person);
        let wanted = |name: &str| person_fields.contains(name);
        values_of(
            &fields::PERSON,
            &*entry.person,
            &owner,
            None,
            wanted,
            &mut out,
        );
    }
    for entry in &ws.pairs {
        for kind in PAIR_RECORDS {
            kind.values(entry, &mut out);
        }
    }
    for own in &ws.person_answers {
        for answer in &own.answers {
            let owner = (fields::PERSON_SURVEY_ANSWER.owner)(&own.id, answer);
            values_of(
                &fields::PERSON_SURVEY_ANSWER,
                answer,
                &owner,
                None,
                |_| true,
                &mut out,
            );
        }
    }
    out
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
        // A name is printed in running text: a line break committed in it
        // (an error validate reports) must not start a line of its own.
        Reader::Person(id) => ws.person(id).map_or_else(
            || id.clone(),
            |p| crate::text::visible(&p.person.name).into_owned(),
        ),
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

fn open_in<R: Record>(
    kind: &Kind<R>,
    record: &mut R,
    owner: &Owner,
    identity: &Identity,
    count: &mut OpenedCount,
) {
    for private in kind.fields {
        let name = private.field.name();
        let Some(armor) = record.at().sealed(name).map(str::to_string) else {
            continue;
        };
        let place = Place::new(owner.clone(), private.field);
        match open(&armor, identity, &place) {
            Opened::Plain(text) => match (private.write)(record, &text) {
                Ok(()) => {
                    record.at_mut().opened(name);
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
        let owner = (fields::PERSON.owner)(&entry.id, &entry.person);
        open_in(
            &fields::PERSON,
            &mut *entry.person,
            &owner,
            identity,
            &mut count,
        );
    }
    for entry in &mut ws.pairs {
        open_pair(entry, identity, &mut count);
    }
    for own in &mut ws.person_answers {
        for answer in &mut own.answers {
            let owner = (fields::PERSON_SURVEY_ANSWER.owner)(&own.id, answer);
            open_in(
                &fields::PERSON_SURVEY_ANSWER,
                answer,
                &owner,
                identity,
                &mut count,
            );
        }
    }
    ws.index();
    count
}

/// Opens, in memory, the sealed values of one pair that `identity` may read.
pub fn open_pair(entry: &mut PairEntry, identity: &Identity, count: &mut OpenedCount) {
    for kind in PAIR_RECORDS {
        kind.open(entry, identity, count);
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
    use crate::decode::decoded;
    use crate::source::FileId;
    use crate::workspace::PersonEntry;

    fn person(id: &str, text: &str) -> PersonEntry {
        PersonEntry {
            id: id.into(),
            file: FileId(0),
            person: Box::new(decoded(text, true)),
        }
    }

    /// A programme of two people and one pair, every private field written
    /// in plaintext.
    fn programme() -> Workspace {
        let mut ws = Workspace::default();
        ws.programme = Some(decoded(
            "name = \"P\"\nstart = 2026-01-01\nend = 2026-12-31\n[privacy]\nsealed_person_fields = [\"department\"]\n",
            true,
        ));
        ws.people = vec![
            person(
                "ed",
                "name = \"Ed\"\nrole = \"mentee\"\navoid = [\"zo\"]\ndepartment = \"Law\"\nlocation = \"Leeds\"\n",
            ),
            person("mo", "name = \"Mo\"\nrole = \"mentor\"\n"),
        ];
        let pair = decoded(
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\n[closure]\ndate = 2026-06-01\nreason = \"completed\"\nnote = \"done\"\n",
            true,
        );
        let mut entry = PairEntry::new("ed--mo".into(), "pairs/ed--mo".into(), FileId(0), pair);
        entry.meetings = vec![decoded("date: 2026-03-01\nprivate_notes: ours\n", false)];
        entry.feedback = vec![decoded(
            "by: ed\ndate: 2026-03-02\nsatisfaction: 4\n",
            false,
        )];
        ws.pairs = vec![entry];
        ws
    }
    #[test]
    fn every_private_value_is_found_with_its_readers() {
        let ws = programme();
        let found: Vec<(String, &str, Vec<Reader>)> = private_values(&ws)
            .into_iter()
            .map(|v| (v.owner.describe(), v.field, v.readers))
            .collect();
        let person = |id: &str| Reader::Person(id.into());
        let coordinators = Reader::Coordinators;
        assert_eq!(
            found,
            [
                (
                    "person `ed`".into(),
                    "avoid",
                    vec![person("ed"), coordinators.clone()]
                ),
                (
                    "person `ed`".into(),
                    "department",
                    vec![person("ed"), coordinators.clone()]
                ),
                (
                    "pair `ed--mo`, meeting of 2026-03-01".into(),
                    "private_notes",
                    vec![person("mo"), person("ed")]
                ),
                (
                    "pair `ed--mo`, feedback by `ed` of 2026-03-02".into(),
                    "satisfaction",
                    vec![person("ed"), coordinators.clone()]
                ),
                ("pair `ed--mo`, closure".into(), "note", vec![coordinators]),
            ],
            "`location` is not sealed here; Mo's file has no private value"
        );
        assert!(
            private_values(&ws)
                .iter()
                .all(|v| matches!(v.state, State::Plain(_)))
        );
    }
}

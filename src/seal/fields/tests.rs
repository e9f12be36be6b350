use super::*;

use crate::decode::decoded;
use crate::model::Pair;

fn pair() -> Pair {
    decoded(
        "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\n",
        true,
    )
}

fn person(id: &str) -> Reader {
    Reader::Person(id.into())
}

/// Who reads the values of `record`, a record of `kind` in pair `ed--mo`.
fn readers_of<R>(kind: &Kind<R>, record: &R) -> Vec<Reader> {
    let owner = (kind.owner)("ed--mo", record);
    kind.readers.of(&owner, Some(&pair()))
}

#[test]
fn a_meetings_private_notes_are_for_the_pair_alone() {
    let meeting = decoded("date: 2026-03-01\nprivate_notes: x\n", false);
    assert_eq!(readers_of(&MEETING, &meeting), [person("mo"), person("ed")]);
}

#[test]
fn feedback_is_for_its_author_and_the_coordinators_not_the_partner() {
    let by_ed = decoded("by: ed\ndate: 2026-03-01\ncomment: x\n", false);
    assert_eq!(
        readers_of(&FEEDBACK, &by_ed),
        [person("ed"), Reader::Coordinators]
    );
    let by_mo = decoded("by: mo\ndate: 2026-03-01\n", false);
    assert_eq!(
        readers_of(&FEEDBACK, &by_mo),
        [person("mo"), Reader::Coordinators]
    );
}

#[test]
fn an_assessment_is_for_the_pair_and_the_coordinators() {
    let assessment = decoded("by: mo\ndate: 2026-03-01\nstage: baseline\n", false);
    assert_eq!(
        readers_of(&ASSESSMENT, &assessment),
        [person("mo"), person("ed"), Reader::Coordinators]
    );
}

#[test]
fn a_closure_note_is_for_the_coordinators_alone() {
    let closure = decoded(
        "date = 2026-03-01\nreason = \"completed\"\nnote = \"x\"\n",
        true,
    );
    assert_eq!(readers_of(&CLOSURE, &closure), [Reader::Coordinators]);
}

#[test]
fn a_persons_sealed_fields_are_for_them_and_the_coordinators() {
    let ana: crate::model::Person = decoded("name = \"Ana\"\nrole = \"mentee\"\n", true);
    let owner = (PERSON.owner)("ana", &ana);
    assert_eq!(
        PERSON.readers.of(&owner, None),
        [person("ana"), Reader::Coordinators]
    );
}

#[test]
fn avoid_is_always_private_wherever_it_sits_in_the_table() {
    let always: Vec<&str> = always_private_fields().collect();
    for field in [
        "private_notes",
        "comment",
        "satisfaction",
        "note",
        "levels",
        "avoid",
    ] {
        assert!(always.contains(&field), "{field}");
    }
    let sealable: Vec<&str> = sealable_person_fields().collect();
    assert!(!sealable.contains(&"avoid"));
    assert!(sealable.contains(&"department") && !always.contains(&"department"));
    // Every person field is one or the other; only person fields are optional.
    assert_eq!(sealable.len() + 1, PERSON.fields.len());
    for kind in KINDS.iter().filter(|k| k.at() != Where::PersonFile) {
        assert!(kind.private_fields().iter().all(|f| f.always));
    }
}

#[test]
fn sealed_values_may_sit_only_in_private_fields() {
    let log = FileKind::Pair(&layout::LOG, "p".into());
    let pair_toml = FileKind::Pair(&layout::PAIR, "p".into());
    let person = FileKind::Person("p".into());
    let feedback = FileKind::Pair(&layout::FEEDBACK, "p".into());
    assert!(may_be_sealed(&log, "meetings[3].private_notes"));
    assert!(!may_be_sealed(&log, "meetings[3].topics"));
    assert!(
        !may_be_sealed(&log, "meetings[3].comment"),
        "feedback's, not a meeting's"
    );
    assert!(may_be_sealed(&feedback, "feedback[0].satisfaction"));
    assert!(may_be_sealed(&pair_toml, "closure.note"));
    assert!(!may_be_sealed(&pair_toml, "note"));
    assert!(may_be_sealed(&person, "avoid"));
    assert!(
        may_be_sealed(&person, "department"),
        "a programme may seal it"
    );
    assert!(!may_be_sealed(&person, "name"));
    assert!(!may_be_sealed(&FileKind::Programme, "avoid"));
    assert!(!may_be_sealed(
        &FileKind::Pair(&layout::GOALS, "p".into()),
        "goals[0].id"
    ));
    assert_eq!(always_private_in(&log), ["private_notes"]);
    assert_eq!(always_private_in(&person), ["avoid"]);
}

#[test]
fn every_kind_sits_in_a_row_that_says_it_holds_private_values() {
    for kind in KINDS {
        let fields = kind.private_fields();
        let declared = |declares: &[&[&str]]| {
            fields
                .iter()
                .all(|f| declares.iter().any(|list| list.contains(&f.field.name())))
        };
        match kind.at() {
            Where::PersonFile => {
                assert!(declared(FileKind::Person("p".into()).declares()));
            }
            Where::PersonSurveys => {
                assert!(declared(FileKind::PersonSurveys("p".into()).declares()));
            }
            Where::Entries(file) | Where::Table(file, _) => {
                assert!(file.private, "{}", file.stem);
                assert!(declared(file.declares), "{}", file.stem);
                if matches!(kind.at(), Where::Entries(_)) {
                    assert!(file.list().is_some(), "{}", file.stem);
                }
            }
        }
    }
    for file in layout::PAIR_FILES.iter().filter(|f| f.private) {
        let kind = FileKind::Pair(file, "p".into());
        assert!(KINDS.iter().any(|k| k.at().is_in(&kind)), "{}", file.stem);
    }
}

#[test]
fn every_private_field_is_in_its_schema_where_the_table_says() {
    let schemas: Vec<layout::Schema> = std::iter::once(layout::PERSON_SCHEMA)
        .chain(layout::PAIR_FILES.iter().map(|f| f.schema))
        .collect();
    let places = schema_places();
    assert_eq!(places.len(), KINDS.len());
    for (document, path, fields) in places {
        let schema = schemas
            .iter()
            .find(|s| s.name == document)
            .expect("a schema");
        let mut record = (schema.of)();
        for step in path {
            record = record[step].take();
        }
        for field in fields {
            assert!(
                record["properties"][field].is_object(),
                "{document}: {field}"
            );
        }
    }
}

#[test]
fn values_read_back_from_the_text_they_are_sealed_as() {
    let mut feedback: crate::model::Feedback = decoded(
        "by: ed\ndate: 2026-03-01\nsatisfaction: 4\ncomment: fine\n",
        false,
    );
    for private in FEEDBACK.fields {
        let text = (private.read)(&feedback).expect("a value");
        (private.write)(&mut feedback, &text).expect("reads back");
        assert_eq!((private.read)(&feedback), Some(text));
    }
    let rating = FEEDBACK
        .fields
        .iter()
        .find(|p| p.field == crate::model::Feedback::SATISFACTION);
    let rating = rating.expect("satisfaction");
    assert!((rating.write)(&mut feedback, "9").is_err());
    let mut assessment: crate::model::Assessment = decoded(
        "by: mo\ndate: 2026-03-01\nstage: baseline\nlevels: {budget: 2, people: 3}\n",
        false,
    );
    let levels = &ASSESSMENT.fields[0];
    let text = (levels.read)(&assessment).expect("levels");
    assert_eq!(text, "budget: 2\npeople: 3");
    (levels.write)(&mut assessment, &text).expect("reads back");
    assert!((levels.write)(&mut assessment, "budget two").is_err());
    let mut ana: crate::model::Person = decoded(
        "name = \"Ana\"\nrole = \"mentee\"\navoid = [\"bo\", \"cy\"]\n",
        true,
    );
    let avoid = &PERSON.fields[0];
    assert_eq!((avoid.read)(&ana).as_deref(), Some("bo\ncy"));
    (avoid.write)(&mut ana, " bo \n\n cy\n").expect("a list");
    assert_eq!(ana.avoid, ["bo", "cy"]);
}

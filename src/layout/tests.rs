use super::*;

use crate::decode::Cx;
use crate::diagnostic::Diagnostic;
use crate::node::Syntax;
use crate::source::{FileId, SourceFile};

/// A pair as pair.toml holds it, and an empty entry for its folder.
fn pair_entry() -> PairEntry {
    let text = "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\n";
    let file = SourceFile::new("pair.toml".into(), "pair.toml".into(), text.into());
    let mut root = crate::node::parse(&file, Syntax::Toml).expect("parses");
    let mut diagnostics = Vec::new();
    let cx = &mut cx(&mut diagnostics);
    let pair = Pair::decode(&mut root, &FieldPath::Root, cx).expect("decodes");
    PairEntry::new("ed--mo".into(), "pairs/ed--mo".into(), FileId(0), pair)
}

fn cx(diagnostics: &mut Vec<Diagnostic>) -> Cx<'_> {
    Cx {
        file: FileId(0),
        diagnostics,
        may_seal: &|_| false,
        toml: false,
        enclosing: Vec::new(),
    }
}

/// Decodes a list file's YAML by its row and joins it to a pair.
fn joined(file: &PairFile, yaml: &str) -> (PairEntry, Vec<Diagnostic>) {
    let Holds::Entries(entries) = file.holds else {
        panic!("{} holds no entries", file.stem);
    };
    let source = SourceFile::new("f.yaml".into(), "f.yaml".into(), yaml.into());
    let mut root = crate::node::parse(&source, Syntax::Yaml).expect("parses");
    let mut diagnostics = Vec::new();
    let joining = entries
        .decode(&mut root, &mut cx(&mut diagnostics))
        .unwrap_or_else(|| panic!("{} decodes: {diagnostics:?}", file.stem));
    let mut pair = pair_entry();
    joining(&mut pair);
    (pair, diagnostics)
}

#[test]
fn every_row_has_a_schema_a_template_and_a_record_type() {
    for file in PAIR_FILES {
        assert_eq!(file.schema.name, format!("{}.schema.json", file.stem));
        let schema = (file.schema.of)();
        if let Some(list) = file.list() {
            assert!(
                schema["properties"][list.name()].is_object(),
                "{}",
                file.stem
            );
        }
        assert!(!file.template.trim().is_empty(), "{}", file.stem);
        assert!(RECORD_EXTENSIONS.contains(&file.extension), "{}", file.stem);
        let (record, _) = file.declares.split_first().expect("declares its record");
        match file.holds {
            Holds::Pair => assert_eq!(*record, Pair::FIELDS),
            // The list is a field of the file's record.
            Holds::Entries(entries) => assert_eq!(*record, [entries.list().name()]),
        }
        let same_stem = PAIR_FILES.iter().filter(|f| f.stem == file.stem).count();
        assert_eq!(same_stem, 1, "{}", file.stem);
    }
    assert_eq!(PAIR_FILES.first(), Some(&&PAIR), "pair.toml comes first");
}

#[test]
fn a_new_folders_list_files_decode_to_no_entries() {
    for file in PAIR_FILES.iter().filter(|f| f.list().is_some()) {
        let text = format!("{}{}", file.schema_line(), file.template).replace("{mentee}", "ed");
        let (pair, diagnostics) = joined(file, &text);
        assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", file.stem);
        assert!(
            pair.meetings.is_empty() && pair.goals.is_empty(),
            "{}",
            file.stem
        );
        assert!(!pair.log_unread && !pair.goals_unread, "{}", file.stem);
    }
    assert!(
        PAIR.schema_line()
            .starts_with("#:schema ../../schemas/pair.schema.json")
    );
}

#[test]
fn each_list_files_entries_join_their_own_list() {
    let (pair, _) = joined(
        &LOG,
        "meetings:\n  - date: 2026-03-01\n  - date: 2026-03-08\n",
    );
    assert_eq!(pair.meetings.len(), 2);
    let (pair, _) = joined(&GOALS, "goals:\n  - id: g1\n");
    assert_eq!(pair.goals.len(), 1);
    assert!(pair.meetings.is_empty());
    let (pair, _) = joined(&FEEDBACK, "feedback:\n  - by: ed\n    date: 2026-03-01\n");
    assert_eq!(pair.feedback.len(), 1);
    let (pair, _) = joined(
        &ASSESSMENT,
        "assessments:\n  - by: ed\n    date: 2026-03-01\n    stage: baseline\n",
    );
    assert_eq!(pair.assessments.len(), 1);
    // An unread log or goals file spares the pair "never met" and "no goals".
    let mut pair = pair_entry();
    for file in [&LOG, &GOALS, &FEEDBACK, &ASSESSMENT] {
        if let Holds::Entries(entries) = file.holds {
            entries.unread(&mut pair);
        }
    }
    assert!(pair.log_unread && pair.goals_unread);
}

#[test]
fn file_kinds_round_trip_paths() {
    let root = Path::new("p");
    for file in PAIR_FILES {
        for ext in RECORD_EXTENSIONS {
            let path = root.join(format!("pairs/a--b/{}.{ext}", file.stem));
            assert_eq!(
                FileKind::of(root, &path),
                Some(FileKind::Pair(file, "a--b".into())),
                "{path:?}"
            );
        }
        let new = root.join("pairs/a--b").join(file.new_name());
        assert_eq!(
            FileKind::of(root, &new).and_then(|k| k.pair_file()),
            Some(*file)
        );
    }
    assert_eq!(
        FileKind::of(root, Path::new("p/people/ana.toml")),
        Some(FileKind::Person("ana".into()))
    );
    assert_eq!(
        FileKind::of(root, Path::new("p/programme.toml")),
        Some(FileKind::Programme)
    );
    for not_a_record in [
        "p/pairs/a--b/notes.yaml",
        "p/people/ana.md",
        "p/pairs/a--b/deeper/log.yaml",
        "p/pairs/log.yaml",
        "p/other/ana.toml",
    ] {
        assert_eq!(
            FileKind::of(root, Path::new(not_a_record)),
            None,
            "{not_a_record}"
        );
    }
}

#[test]
fn each_file_says_who_may_change_it_and_whose_record_it_is() {
    assert_eq!(FileKind::Programme.writers(), Writers::Coordinators);
    assert_eq!(FileKind::Person("ana".into()).writers(), Writers::ThePerson);
    for file in PAIR_FILES {
        assert_eq!(
            FileKind::Pair(file, "a--b".into()).writers(),
            Writers::PairMembers
        );
    }
    assert_eq!(
        FileKind::Pair(&PAIR, "a--b".into()).record_id(),
        Some("a--b")
    );
    assert_eq!(FileKind::Pair(&LOG, "a--b".into()).record_id(), None);
    assert_eq!(FileKind::Person("ana".into()).record_id(), Some("ana"));
    assert_eq!(FileKind::Programme.record_id(), None);
}

use super::*;

#[test]
fn suggestions_catch_typos_but_not_unrelated_words() {
    let fields = ["manager", "email", "name", "languages"];
    assert_eq!(did_you_mean("managr", fields), Some("manager"));
    assert_eq!(did_you_mean("langauges", fields), Some("languages"));
    assert_eq!(did_you_mean("emial", fields), Some("email"));
    assert_eq!(did_you_mean("department", fields), None);
}

#[test]
fn positions_point_at_fields_list_elements_and_blanks() {
    use crate::model::Meeting;
    let text = "date: 2026-02-01\nminutes:\ntopics:\n  - first\n  - second\n";
    let file = crate::source::SourceFile::new("log.yaml".into(), "log.yaml".into(), text.into());
    let Ok(mut root) = crate::node::parse(&file, crate::node::Syntax::Yaml) else {
        panic!("the text parses");
    };
    let mut diagnostics = Vec::new();
    let cx = &mut Cx {
        file: FileId(3),
        diagnostics: &mut diagnostics,
        may_seal: &|_| false,
        toml: false,
        enclosing: Vec::new(),
    };
    let Some(meeting) = Meeting::decode(&mut root, &FieldPath::Root, cx) else {
        panic!("the meeting decodes: {diagnostics:?}");
    };
    let shown = |span: Span| &text[span.start as usize..span.end as usize];
    assert_eq!(meeting.at.record.file, FileId(3));
    assert_eq!(shown(meeting.at.of(Meeting::DATE)), "2026-02-01");
    assert_eq!(shown(meeting.at.item(Meeting::TOPICS, 0)), "first");
    assert_eq!(shown(meeting.at.item(Meeting::TOPICS, 1)), "second");
    // Past the end of the list: the list itself.
    assert_eq!(
        meeting.at.item(Meeting::TOPICS, 2),
        meeting.at.of(Meeting::TOPICS)
    );
    // Not written: the record.
    assert_eq!(meeting.at.of(Meeting::MODE), meeting.at.record);
    assert_eq!(meeting.at.item(Meeting::ACTIONS, 0), meeting.at.record);
    // Blank after the colon: written, but as good as missing.
    assert!(meeting.at.has_named("minutes"));
    assert!(!meeting.at.has(Meeting::MINUTES));
    assert!(meeting.at.has(Meeting::TOPICS));
    assert_eq!(meeting.minutes, None);
}

#[test]
fn field_paths_are_written_as_in_messages() {
    let root = FieldPath::Root;
    let meetings = FieldPath::Field(&root, "meetings");
    let third = FieldPath::Element(&meetings, 2);
    let notes = FieldPath::Field(&third, "private_notes");
    let tag = FieldPath::Element(&notes, 0);
    assert_eq!(root.to_string(), "");
    assert_eq!(meetings.to_string(), "meetings");
    assert_eq!(notes.to_string(), "meetings[2].private_notes");
    assert_eq!(tag.to_string(), "meetings[2].private_notes[0]");
    assert_eq!(notes.name(), Some("private_notes"));
    assert_eq!(tag.name(), None);
    assert!(root.is_root() && !meetings.is_root());
}

//! A sealed value is bound to its place and to the keys it was sealed to
//! (two stanzas in its age header, covered by age's MAC): a value copied
//! elsewhere never opens there and is never re-sealed to the copier; a key
//! added, removed or replaced, of any kind, is a stale seal; values sealed
//! before places were recorded are bound only where history shows they
//! always were.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::interop::{self, Program};
use crate::sealing::{
    CLOSURE_NOTE, COMMENT, Key, NOTE, Seal, Sealed, age_cli_seal, age_key, age_open, age_seal,
    sealed, sealed_blocks, ssh_key,
};
use crate::support::{assert_exit, git, stderr, stdout};

const ED_MO_FEEDBACK: &str = "pairs/ed--mo/feedback.yaml";
const ED_MAXI_FEEDBACK: &str = "pairs/ed--maxi/feedback.yaml";

/// An armored block as a YAML `|` block under a key indented by four.
fn indented(block: &str) -> String {
    block.lines().map(|l| format!("      {l}\n")).collect()
}

/// Maxi's feedback in their own (closed) pair ed--maxi, holding `rating`
/// and `comment` as written.
fn maxi_feedback(rating: &str, comment: &str) -> String {
    format!(
        "feedback:\n  - by: maxi\n    date: 2026-01-20\n    stage: final\n    satisfaction: |\n{}    comment: |\n{}",
        indented(rating),
        indented(comment)
    )
}

/// Ed's sealed rating and comment in pair ed--mo.
fn eds_feedback(s: &Sealed) -> (String, String) {
    let mut blocks = sealed_blocks(&s.f.read(ED_MO_FEEDBACK));
    let comment = blocks.remove(1);
    (blocks.remove(0), comment)
}

fn replace_key(s: &Sealed, file: &str, old: &Key, new: &Key) {
    let text = s.f.read(file);
    assert!(text.contains(&old.public), "{file} lists the old key");
    s.f.write(file, &text.replace(&old.public, &new.public));
}

fn codes<'a>(
    findings: &'a [crate::support::Finding],
    code: &str,
) -> Vec<&'a crate::support::Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// The copy attack of issue 24: Maxi copies Ed's sealed feedback about Mo
/// into their own pair's feedback, as their own. Before places were bound,
/// validate called it stale (W016) and the coordinator's `seal --rotate`
/// re-sealed it to Maxi.
#[test]
fn feedback_copied_from_another_pair_is_named_never_opened_and_never_resealed() {
    let s = sealed();
    let (rating, comment) = eds_feedback(&s);
    s.f.write(ED_MAXI_FEEDBACK, &maxi_feedback(&rating, &comment));

    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 1, "{findings:?}");
    let copied = codes(&findings, "E064");
    assert_eq!(copied.len(), 2, "{findings:?}");
    for finding in &copied {
        assert_eq!(finding.path, ED_MAXI_FEEDBACK);
        assert!(
            finding
                .message
                .contains("of pair `ed--mo`, feedback by `ed` of 2026-03-01: it was copied here"),
            "{}",
            finding.message
        );
    }
    assert!(
        codes(&findings, "W016").is_empty(),
        "a copy is not a stale seal to rotate: {findings:?}"
    );

    let before = s.f.read(ED_MAXI_FEEDBACK);
    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(
            "left `comment` of pair `ed--maxi`, feedback by `maxi` of 2026-01-20 as it is: it is sealed for `comment` of pair `ed--mo`, feedback by `ed` of 2026-03-01"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        s.f.read(ED_MAXI_FEEDBACK),
        before,
        "the copy is left untouched"
    );

    let (_, maxi) = s.notes("ed--maxi", &s.maxi);
    assert!(!maxi.contains(COMMENT) && !maxi.contains("2/5"), "{maxi}");
    assert!(
        maxi.contains("it was copied here, and is not shown"),
        "{maxi}"
    );
    // The coordinator, who can open Ed's feedback, is not shown it as Maxi's.
    let (_, coordinator) = s.notes("ed--maxi", &s.coordinator);
    assert!(!coordinator.contains(COMMENT), "{coordinator}");
    assert!(
        coordinator.contains("not shown: `comment` of pair `ed--maxi`"),
        "{coordinator}"
    );
    for block in [&rating, &comment] {
        assert!(age_open(&s.maxi, block).is_err());
    }
    // Reports still run (the copy reads as absent), and never show it.
    let report = s.with(
        &s.coordinator,
        &["report", "--as-of", "2026-03-16", "--pair", "ed--maxi"],
    );
    assert_exit(&report, 0);
    assert!(!stdout(&report).contains(COMMENT));
}

#[test]
fn a_replaced_age_key_is_stale_and_notes_do_not_claim_the_value_is_sealed_for_its_owner() {
    let s = sealed();
    let new_mo = age_key(s.keys.path(), "mo-new");
    replace_key(&s, "people/mo.toml", &s.mo, &new_mo);
    let (_, findings) = s.f.validate();
    let stale = codes(&findings, "W016");
    assert_eq!(
        stale.len(),
        2,
        "the pair's note and Mo's rating, sealed to Mo's old age key: {findings:?}"
    );
    assert!(stale.iter().any(|f| f.path == "pairs/ed--mo/log.yaml"));
    assert!(stale.iter().any(|f| f.path == ED_MO_FEEDBACK));

    let (_, notes) = s.notes("ed--mo", &new_mo);
    assert!(!notes.contains(NOTE), "{notes}");
    assert!(
        notes.contains(
            "private notes: sealed for Ed Mentee and for an earlier key of Mo Mentor; ask Ed Mentee to run `mentor seal --rotate --identity FILE`"
        ),
        "{notes}"
    );
    assert!(
        notes.contains(
            "satisfaction: sealed for the coordinators and for an earlier key of Mo Mentor; ask the coordinator to run `mentor seal --rotate --identity FILE`"
        ),
        "{notes}"
    );
    assert!(!notes.contains("sealed for Mo Mentor"), "{notes}");

    assert_exit(&s.with(&s.ed, &["seal", "--rotate"]), 0);
    assert_exit(&s.with(&s.coordinator, &["seal", "--rotate"]), 0);
    let (_, findings) = s.f.validate();
    assert!(codes(&findings, "W016").is_empty(), "{findings:?}");
    let (_, notes) = s.notes("ed--mo", &new_mo);
    assert!(
        notes.contains(NOTE) && notes.contains("satisfaction: 4/5"),
        "{notes}"
    );
    let (_, old) = s.notes("ed--mo", &s.mo);
    assert!(
        !old.contains(NOTE),
        "the revoked key opens nothing re-sealed: {old}"
    );
}

#[test]
fn an_ssh_key_added_is_a_stale_seal() {
    let s = sealed();
    let laptop = ssh_key(s.keys.path(), "mo-laptop");
    s.add_key("people/mo.toml", &s.mo, &laptop);
    let (_, findings) = s.f.validate();
    assert_eq!(codes(&findings, "W016").len(), 2, "{findings:?}");
    // Mo's first key still opens it, so notes may say so.
    let (_, notes) = s.notes("ed--mo", &s.max);
    assert!(
        notes.contains("sealed for Mo Mentor and Ed Mentee"),
        "{notes}"
    );
}

#[test]
fn a_replaced_coordinator_key_is_stale_wherever_the_coordinators_read() {
    let s = sealed();
    let new = age_key(s.keys.path(), "coordinator-new");
    replace_key(&s, "programme.toml", &s.coordinator, &new);
    let (_, findings) = s.f.validate();
    let stale = codes(&findings, "W016");
    assert_eq!(
        stale.len(),
        5,
        "Ed's rating and comment, Mo's rating, the closure note, Eve's avoid list: {findings:?}"
    );
    let (_, notes) = s.notes("ed--maxi", &new);
    assert!(!notes.contains(CLOSURE_NOTE), "{notes}");
    assert!(
        notes.contains(
            "note: sealed for an earlier key of the coordinators; whoever holds an earlier key must run `mentor seal --rotate --identity FILE`"
        ),
        "{notes}"
    );
    assert_exit(&s.with(&s.coordinator, &["seal", "--rotate"]), 0);
    let (_, findings) = s.f.validate();
    assert!(codes(&findings, "W016").is_empty(), "{findings:?}");
    let (_, notes) = s.notes("ed--maxi", &new);
    assert!(notes.contains(CLOSURE_NOTE), "{notes}");
}

/// `block` with the text of its `mentor-place` stanza replaced, armored
/// again: what someone without any key can do to a header.
fn with_place(block: &str, from: &str, to: &str) -> String {
    let mut binary = Vec::new();
    age::armor::ArmoredReader::new(block.trim().as_bytes())
        .read_to_end(&mut binary)
        .unwrap();
    let (from, to) = (URL_SAFE_NO_PAD.encode(from), URL_SAFE_NO_PAD.encode(to));
    let at = binary
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .expect("the place stanza");
    binary.splice(at..at + from.len(), to.bytes());
    let mut out = Vec::new();
    let mut writer =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    writer.write_all(&binary).unwrap();
    writer.finish().unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_copy_whose_place_stanza_was_rewritten_opens_for_nobody_and_rotate_leaves_it() {
    let s = sealed();
    let (rating, comment) = eds_feedback(&s);
    let place = |pair: &str, by: &str, date: &str, field: &str| {
        format!(r#"["feedback","{pair}","{by}","{date}","{field}"]"#)
    };
    let forge = |block: &str, field: &str| {
        with_place(
            block,
            &place("ed--mo", "ed", "2026-03-01", field),
            &place("ed--maxi", "maxi", "2026-01-20", field),
        )
    };
    let (rating, comment) = (forge(&rating, "satisfaction"), forge(&comment, "comment"));
    s.f.write(ED_MAXI_FEEDBACK, &maxi_feedback(&rating, &comment));

    let (_, findings) = s.f.validate();
    assert!(codes(&findings, "E064").is_empty(), "{findings:?}");
    // Its readers stanza still names Ed's and the coordinators' keys.
    assert_eq!(codes(&findings, "W016").len(), 2, "{findings:?}");

    let before = s.f.read(ED_MAXI_FEEDBACK);
    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("it does not open: it is damaged, or its header was edited"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.f.read(ED_MAXI_FEEDBACK), before);
    let (_, coordinator) = s.notes("ed--maxi", &s.coordinator);
    assert!(!coordinator.contains(COMMENT), "{coordinator}");
    assert!(
        coordinator.contains("cannot read pair `ed--maxi`"),
        "{coordinator}"
    );
    let (_, ed) = s.notes("ed--maxi", &s.ed);
    assert!(!ed.contains(COMMENT), "not even its author opens it: {ed}");
    assert!(age_open(&s.ed, &comment).is_err());
}

/// The coordinator, who commits the programme first.
const CORA: (&str, &str) = ("Cora Ordinator", "cora@example.org");

/// The programme as it stands, committed by the coordinator on branch
/// `main` of a new repository.
fn committed_by_the_coordinator(s: &Sealed) {
    let when = "2026-03-01T10:00:00";
    git(s.f.path(), &["init", "-q", "-b", "main"], CORA, when);
    git(s.f.path(), &["add", "."], CORA, when);
    git(s.f.path(), &["commit", "-q", "-m", "programme"], CORA, when);
}

/// The programme with Ed's comment in ed--mo sealed the old way (plain age
/// by `seal`, no place), committed to git by the coordinator.
fn legacy_comment_in_git(seal: Seal) -> (Sealed, String) {
    let s = sealed();
    let legacy = seal(COMMENT, &[&s.ed, &s.coordinator]);
    let (_, comment) = eds_feedback(&s);
    let text = s.f.read(ED_MO_FEEDBACK);
    let old = indented(&comment);
    assert!(text.contains(&old));
    s.f.write(ED_MO_FEEDBACK, &text.replace(&old, &indented(&legacy)));
    committed_by_the_coordinator(&s);
    (s, legacy)
}

#[test]
fn rotate_binds_an_unbound_value_that_was_always_where_it_is() {
    rotate_binds_a_legacy_value(age_seal);
}

/// Interop: values sealed by the standard `age` CLI before mentor recorded
/// places (as they were) are read and bound the same way.
#[test]
fn rotate_binds_a_value_the_age_cli_sealed_before_places_were_recorded() {
    if !interop::need(Program::AgeCli) {
        return;
    }
    rotate_binds_a_legacy_value(age_cli_seal);
}

fn rotate_binds_a_legacy_value(seal: Seal) {
    let (s, _) = legacy_comment_in_git(seal);
    let (_, findings) = s.f.validate();
    let unbound = codes(&findings, "W024");
    assert_eq!(unbound.len(), 1, "{findings:?}");
    assert_eq!(unbound[0].path, ED_MO_FEEDBACK);
    // It still opens for reading.
    let (_, notes) = s.notes("ed--mo", &s.coordinator);
    assert!(notes.contains(COMMENT), "{notes}");

    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("re-sealed `comment` of pair `ed--mo`"),
        "{}",
        stdout(&out)
    );
    let (_, findings) = s.f.validate();
    assert!(codes(&findings, "W024").is_empty(), "{findings:?}");
    let (_, comment) = eds_feedback(&s);
    let header = mentor::seal::armor::header(&comment).unwrap();
    assert_eq!(
        header.binding.map(|b| b.place),
        Some(r#"["feedback","ed--mo","ed","2026-03-01","comment"]"#.to_string())
    );
    let (_, notes) = s.notes("ed--mo", &s.ed);
    assert!(notes.contains(COMMENT), "{notes}");
}

#[test]
fn rotate_refuses_an_unbound_value_that_history_shows_at_another_place() {
    let (s, legacy) = legacy_comment_in_git(age_seal);
    // Maxi moves Ed's comment to their own pair, as their own, and commits.
    let text = s.f.read(ED_MO_FEEDBACK);
    s.f.write(
        ED_MO_FEEDBACK,
        &text.replace(&format!("    comment: |\n{}", indented(&legacy)), ""),
    );
    assert!(!s.f.read(ED_MO_FEEDBACK).contains("comment:"));
    let (rating, _) = eds_feedback(&s);
    s.f.write(ED_MAXI_FEEDBACK, &maxi_feedback(&rating, &legacy));
    let maxi = ("Maxi Mentor", "maxi@example.org");
    git(s.f.path(), &["add", "."], maxi, "2026-03-02T10:00:00");
    git(
        s.f.path(),
        &["commit", "-q", "-m", "my feedback"],
        maxi,
        "2026-03-02T10:00:00",
    );
    let (_, findings) = s.f.validate();
    assert!(
        codes(&findings, "W024")
            .iter()
            .any(|f| f.path == ED_MAXI_FEEDBACK),
        "{findings:?}"
    );

    let before = s.f.read(ED_MAXI_FEEDBACK);
    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(
            "left `comment` of pair `ed--maxi`, feedback by `maxi` of 2026-01-20 as it is: the history has it at `comment` of pair `ed--mo`, feedback by `ed` of 2026-03-01: it was copied here"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        s.f.read(ED_MAXI_FEEDBACK),
        before,
        "the comment, and the rating copied with it (E064), are left as they were"
    );
    let (_, maxi_notes) = s.notes("ed--maxi", &s.maxi);
    assert!(!maxi_notes.contains(COMMENT), "{maxi_notes}");
}

/// Anyone can seal a value to the coordinators' public keys; a value sealed
/// as something else must never serve as the pseudonym key (a participant
/// who chose the key could undo every pseudonym HR receives).
#[test]
fn export_refuses_a_pseudonym_key_that_was_sealed_for_another_place() {
    let s = sealed();
    let closure = sealed_blocks(&s.f.read("pairs/ed--maxi/pair.toml")).remove(0);
    s.f.write("pseudonym-key.age", &closure);
    let out = s.with(
        &s.coordinator,
        &[
            "export",
            "--as-of",
            "2026-03-16",
            "--out",
            "hr",
            "--anonymize",
        ],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains(
            "is not the pseudonym key: it was sealed for `note` of pair `ed--maxi`, closure"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!s.f.path().join("hr").exists());
    // A key mentor made itself is bound to its place and used again.
    s.f.remove("pseudonym-key.age");
    let export = |out: &str| {
        let run = s.with(
            &s.coordinator,
            &[
                "export",
                "--as-of",
                "2026-03-16",
                "--out",
                out,
                "--anonymize",
            ],
        );
        assert_exit(&run, 0);
        s.f.read(&format!("{out}/participants.csv"))
    };
    let first = export("hr1");
    let key = s.f.read("pseudonym-key.age");
    let header = mentor::seal::armor::header(&key).unwrap();
    assert_eq!(
        header.binding.map(|b| b.place),
        Some(r#"["pseudonym-key","key"]"#.to_string())
    );
    assert_eq!(export("hr2"), first, "the same pseudonyms");
}

/// A meeting's date corrected after its note was sealed: the same readers,
/// so a warning; the note stays closed until a reader binds it again.
#[test]
fn a_note_whose_meeting_date_was_corrected_is_rebound_by_rotate() {
    let s = sealed();
    let log = s.f.read("pairs/ed--mo/log.yaml");
    s.f.write(
        "pairs/ed--mo/log.yaml",
        &log.replacen("date: 2026-02-01", "date: 2026-02-02", 1),
    );
    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    let moved = codes(&findings, "W023");
    assert_eq!(moved.len(), 1, "{findings:?}");
    assert!(
        moved[0]
            .message
            .contains("is sealed for `private_notes` of pair `ed--mo`, meeting of 2026-02-01"),
        "{}",
        moved[0].message
    );
    let (_, notes) = s.notes("ed--mo", &s.ed);
    assert!(!notes.contains(NOTE), "{notes}");
    assert!(notes.contains("(same readers, another date)"), "{notes}");
    let out = s.with(&s.ed, &["seal", "--rotate"]);
    assert_exit(&out, 0);
    let (_, findings) = s.f.validate();
    assert!(codes(&findings, "W023").is_empty(), "{findings:?}");
    let (_, notes) = s.notes("ed--mo", &s.mo);
    assert!(notes.contains(NOTE), "{notes}");
}

/// A participant who adds a key of their own to `[coordinator] keys` gets
/// nothing from the coordinator's next seal or rotate: the history says
/// they were not entitled to add it, and nothing is sealed to it.
#[test]
fn rotate_never_seals_to_a_key_a_participant_added() {
    let s = sealed();
    committed_by_the_coordinator(&s);
    let programme = s.f.read("programme.toml");
    let coordinator_key = s.coordinator.public.clone();
    s.f.write(
        "programme.toml",
        &programme.replace(
            &format!("keys = [\"{coordinator_key}\"]"),
            &format!("keys = [\"{coordinator_key}\", \"{}\"]", s.max.public),
        ),
    );
    assert_ne!(s.f.read("programme.toml"), programme, "the key was added");
    let max = ("Max Mentor", "max@example.org");
    git(
        s.f.path(),
        &["commit", "-q", "-am", "backup key"],
        max,
        "2026-03-02T10:00:00",
    );
    let before = s.f.read(ED_MO_FEEDBACK);
    for args in [&["seal", "--rotate"][..], &["seal"][..]] {
        let out = s.with(&s.coordinator, args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("added by someone not entitled")
                && stderr(&out).contains("in programme.toml, added in commit"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(s.f.read(ED_MO_FEEDBACK), before, "nothing re-sealed");
    let (_, notes) = s.notes("ed--mo", &s.max);
    assert!(!notes.contains(COMMENT), "{notes}");
    // A closure note, sealed for the coordinators, is refused too.
    let pair = s.f.read("pairs/ed--mo/pair.toml");
    let close = s.f.mentor_with_input(
        &[
            "pair",
            "close",
            "ed--mo",
            "--reason",
            "completed",
            "--note-from-stdin",
        ],
        "a note for the coordinators",
    );
    assert_exit(&close, 2);
    assert!(
        stderr(&close).contains("added by someone not entitled"),
        "{}",
        stderr(&close)
    );
    assert_eq!(s.f.read("pairs/ed--mo/pair.toml"), pair, "nothing written");
}

/// A pseudonym key with no place (sealed by the age CLI or any tool, to the
/// coordinators' public keys, by anyone): a participant who chose it could
/// reverse HR's pseudonyms, so export refuses it and says how to bind one
/// a coordinator made.
#[test]
fn export_refuses_an_unbound_pseudonym_key() {
    let s = sealed();
    let chosen = age_seal("a key the participant knows", &[&s.coordinator]);
    s.f.write("pseudonym-key.age", &chosen);
    let out = s.with(
        &s.coordinator,
        &[
            "export",
            "--as-of",
            "2026-03-16",
            "--out",
            "hr",
            "--anonymize",
        ],
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("is not bound to its place")
            && stderr(&out).contains("mentor seal --rotate"),
        "{}",
        stderr(&out)
    );
    assert!(!s.f.path().join("hr").exists());
}

/// A key a participant added on one branch, carried into main by a merge
/// after another branch wrote the file without it: still added by someone
/// not entitled, so sealing still refuses.
#[test]
fn a_key_slipped_in_through_a_merge_is_still_refused() {
    let s = sealed();
    let max = ("Max Mentor", "max@example.org");
    let late = "2026-03-02T10:00:00";
    committed_by_the_coordinator(&s);
    let programme = s.f.read("programme.toml");
    let coordinator_key = s.coordinator.public.clone();
    git(s.f.path(), &["checkout", "-q", "-b", "a"], max, late);
    s.f.write(
        "programme.toml",
        &programme.replace(
            &format!("keys = [\"{coordinator_key}\"]"),
            &format!("keys = [\"{}\", \"{coordinator_key}\"]", s.max.public),
        ),
    );
    git(s.f.path(), &["commit", "-q", "-am", "P1"], max, late);
    git(
        s.f.path(),
        &["checkout", "-q", "-b", "b", "main"],
        max,
        late,
    );
    s.f.write("programme.toml", &format!("{programme}# P2\n"));
    git(s.f.path(), &["commit", "-q", "-am", "P2"], max, late);
    git(s.f.path(), &["checkout", "-q", "a"], max, late);
    git(
        s.f.path(),
        &["merge", "-q", "-s", "ours", "b", "-m", "m"],
        max,
        late,
    );
    git(s.f.path(), &["checkout", "-q", "main"], max, late);
    git(s.f.path(), &["merge", "-q", "--ff-only", "a"], max, late);
    assert!(s.f.read("programme.toml").contains(&s.max.public));
    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("added by someone not entitled"),
        "{}",
        stderr(&out)
    );
}

//! `validate --pair/--person/--files`: a participant sees their own files'
//! findings and the rules across files they take part in, and a count of
//! the rest; the pre-commit hook checks what is being committed.

use crate::support::{AS_OF, Fixture, assert_exit, findings, stderr, stdout};

/// The base programme with a second, proposed pair (Max and Eve) and one
/// error in each pair's files.
fn two_pairs() -> Fixture {
    let f = Fixture::base();
    f.write(
        "pairs/eve--max/pair.toml",
        "mentor = \"max\"\nmentee = \"eve\"\nstatus = \"proposed\"\n",
    );
    // Ed and Mo's meeting says not how long it lasted (E043).
    f.write(
        "pairs/ed--mo/log.yaml",
        "meetings:\n  - date: 2026-02-01\n    mode: video\n",
    );
    f
}

fn validate(f: &Fixture, args: &[&str]) -> std::process::Output {
    let mut all = vec!["validate", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    f.mentor(&all)
}

#[test]
fn validate_pair_shows_that_pairs_findings_and_counts_the_rest() {
    let f = two_pairs();
    // Eve and Max's pair names a goal that does not exist (E022)...
    f.write(
        "pairs/eve--max/log.yaml",
        "meetings:\n  - date: 2026-02-10\n    minutes: 30\n    goals: [nope]\n",
    );
    let (exit, all) = f.validate();
    assert_eq!(exit, 1);
    assert!(all.iter().any(|d| d.path.starts_with("pairs/eve--max/")));

    let out = validate(&f, &["--pair", "ed--mo"]);
    let (exit, shown) = findings(&out);
    assert_eq!(exit, 1, "Ed and Mo's own error fails it");
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|d| d.path.starts_with("pairs/ed--mo/")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|d| d.code == "E043"));
    let elsewhere = all.len() - shown.len();
    assert!(
        stderr(&out).contains(&format!(
            "and {elsewhere} finding{} in other files; run `mentor validate` to see them",
            if elsewhere == 1 { "" } else { "s" }
        )),
        "{}",
        stderr(&out)
    );

    // Max's findings are Max's alone: Ed and Mo's error does not fail them.
    let human = f.mentor(&["validate", "--as-of", AS_OF, "--person", "max"]);
    let text = stdout(&human);
    assert!(!text.contains("ed--mo"), "{text}");
    assert!(text.contains("pairs/eve--max/log.yaml"), "{text}");
    assert!(
        text.contains("in other files; run `mentor validate`"),
        "{text}"
    );
    assert_exit(&human, 1);

    // Repeated or comma-separated, the selections add up.
    let (_, both) = findings(&validate(&f, &["--pair", "ed--mo,eve--max"]));
    let (_, repeated) = findings(&validate(&f, &["--pair", "ed--mo", "--pair", "eve--max"]));
    assert_eq!(both.len(), repeated.len());
    assert!(both.iter().any(|d| d.path.starts_with("pairs/eve--max/")));
    assert!(both.iter().any(|d| d.path.starts_with("pairs/ed--mo/")));
}

#[test]
fn validate_person_passes_when_only_other_peoples_files_have_errors() {
    let f = two_pairs();
    let out = validate(&f, &["--person", "eve"]);
    let (exit, shown) = findings(&out);
    assert_eq!(exit, 0, "{shown:?}\n{}", stderr(&out));
    assert!(
        shown
            .iter()
            .all(|d| d.path == "people/eve.toml" || d.path.starts_with("pairs/eve--max/")),
        "{shown:?}"
    );
    assert!(stderr(&out).contains("in other files"), "{}", stderr(&out));
    // Ed's findings include his pair's.
    let (exit, shown) = findings(&validate(&f, &["--person", "ed"]));
    assert_eq!(exit, 1);
    assert!(shown.iter().any(|d| d.code == "E043"), "{shown:?}");
}

#[test]
fn validate_person_shows_rules_across_files_they_take_part_in() {
    let f = Fixture::base();
    // Mo takes Max's address: the finding is in Mo's file, and about Max too.
    f.write(
        "people/mo.toml",
        &f.read("people/mo.toml")
            .replace("mo@example.org", "max@example.org"),
    );
    let (_, shown) = findings(&validate(&f, &["--person", "max"]));
    let duplicate: Vec<_> = shown.iter().filter(|d| d.code == "E009").collect();
    assert_eq!(duplicate.len(), 1, "{shown:?}");
    assert_eq!(duplicate[0].path, "people/mo.toml");
    // Eve takes no part in it.
    let (exit, shown) = findings(&validate(&f, &["--person", "eve"]));
    assert!(!shown.iter().any(|d| d.code == "E009"), "{shown:?}");
    assert_eq!(exit, 0);
}

#[test]
fn validate_files_checks_what_a_commit_touches() {
    let f = two_pairs();
    // As the pre-commit hook runs it: the staged paths after --files.
    let out = validate(&f, &["--files", "pairs/ed--mo/log.yaml"]);
    let (exit, shown) = findings(&out);
    assert_eq!(exit, 1);
    assert!(shown.iter().any(|d| d.code == "E043"));
    assert!(shown.iter().all(|d| d.path.starts_with("pairs/ed--mo/")));

    // Eve's file brings in Eve's pair, which has no error.
    let (exit, shown) = findings(&validate(&f, &["--files", "people/eve.toml", "README.md"]));
    assert_eq!(exit, 0, "{shown:?}");

    // The programme file changes every rule: everything is shown.
    let out = validate(&f, &["--files", "people/eve.toml", "./programme.toml"]);
    let (exit, shown) = findings(&out);
    assert_eq!(exit, 1);
    assert_eq!(shown.len(), f.validate().1.len());
    assert!(!stderr(&out).contains("other files"), "{}", stderr(&out));

    // From a sub-folder, paths are relative to where mentor runs.
    let out = crate::support::mentor_in(
        &f.path().join("pairs"),
        &[
            "validate",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--files",
            "ed--mo/log.yaml",
        ],
    );
    let (exit, shown) = findings(&out);
    assert_eq!(exit, 1, "{}", stderr(&out));
    assert!(shown.iter().any(|d| d.code == "E043"), "{shown:?}");
}

#[test]
fn validate_pair_names_the_closest_id_when_there_is_none() {
    let f = two_pairs();
    let out = validate(&f, &["--pair", "ed--m"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("no pair `ed--m`; did you mean `ed--mo`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_plaintext_summary_is_shown_to_those_whose_files_hold_plaintext() {
    let f = Fixture::base();
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 4\n    comment: Mo listens\n",
    );
    let (_, ed) = findings(&validate(&f, &["--person", "ed"]));
    assert!(ed.iter().any(|d| d.code == "W015"), "{ed:?}");
    let (_, max) = findings(&validate(&f, &["--person", "max"]));
    assert!(!max.iter().any(|d| d.code == "W015"), "{max:?}");
}

#[test]
#[cfg(unix)]
fn a_linked_record_named_by_its_link_fails_the_hook() {
    let f = Fixture::base();
    std::os::unix::fs::symlink("eve.toml", f.path().join("people/zed.toml")).unwrap();
    // The hook passes the staged path: the link's own name.
    let (exit, shown) = findings(&validate(&f, &["--files", "people/zed.toml"]));
    assert_eq!(exit, 1, "{shown:?}");
    assert!(shown.iter().any(|d| d.code == "E012"), "{shown:?}");
}

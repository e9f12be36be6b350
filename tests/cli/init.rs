//! `mentor init`: the template lays out a programme that validates.

use crate::support::{Fixture, assert_exit, mentor_in, stderr, stdout};

fn init(args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut all = vec!["init", "programme"];
    all.extend_from_slice(args);
    let out = mentor_in(dir.path(), &all);
    (dir, out)
}

#[test]
fn init_lays_out_a_programme_that_validates_with_no_findings() {
    let (dir, out) = init(&[
        "--name",
        "Test \"Quoted\" Scheme",
        "--organisation",
        "Org",
        "--start",
        "2026-01-05",
        "--months",
        "6",
    ]);
    assert_exit(&out, 0);
    let programme = dir.path().join("programme");
    let validate = mentor_in(
        &programme,
        &["validate", "--format", "concise", "--deny-warnings"],
    );
    assert_exit(&validate, 0);
    assert_eq!(stdout(&validate).trim(), "no problems found");
    let text = std::fs::read_to_string(programme.join("programme.toml")).expect("programme.toml");
    assert!(
        text.contains("name = \"Test \\\"Quoted\\\" Scheme\""),
        "{text}"
    );
    assert!(text.contains("start = 2026-01-05"));
    assert!(text.contains("end = 2026-07-04"));
    for file in [
        "README.md",
        "import-mapping.toml",
        ".github/workflows/mentor.yml",
        "schemas/person.schema.json",
    ] {
        assert!(programme.join(file).is_file(), "{file} laid out");
    }
    assert!(!programme.join(".gitlab-ci.yml").exists());
    // A real programme starts with no records: no sample person is matched
    // with a real applicant.
    assert!(!programme.join("people/sam-lee.toml").exists());
    assert!(!programme.join("pairs/ana-silva--sam-lee").exists());
}

#[test]
fn init_example_adds_sample_records_that_validate() {
    let (dir, out) = init(&["--example", "--start", "2026-01-05"]);
    assert_exit(&out, 0);
    let programme = dir.path().join("programme");
    for file in [
        "people/sam-lee.toml",
        "people/ana-silva.toml",
        "pairs/ana-silva--sam-lee/pair.toml",
    ] {
        assert!(programme.join(file).is_file(), "{file} laid out");
    }
    let validate = mentor_in(
        &programme,
        &["validate", "--format", "concise", "--deny-warnings"],
    );
    assert_exit(&validate, 0);
}

#[test]
fn init_fills_a_fresh_clone_and_keeps_its_readme() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clone = dir.path().join("clone");
    std::fs::create_dir_all(clone.join(".git")).expect("git dir");
    std::fs::write(clone.join("README.md"), "# Our mentoring scheme\n").expect("readme");
    std::fs::write(clone.join("LICENSE"), "CC-BY\n").expect("licence");
    let out = mentor_in(dir.path(), &["init", "clone"]);
    assert_exit(&out, 0);
    assert_eq!(
        std::fs::read_to_string(clone.join("README.md")).expect("readme"),
        "# Our mentoring scheme\n"
    );
    assert!(clone.join("PARTICIPANTS.md").is_file());
    assert!(clone.join("programme.toml").is_file());
    assert_exit(&mentor_in(&clone, &["validate"]), 0);
    // Anything else in the folder: refused, nothing written.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).expect("dir");
    std::fs::write(other.join("notes.txt"), "x").expect("notes");
    let out = mentor_in(dir.path(), &["init", "other"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("notes.txt"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&other).expect("dir").count(), 1);
}

#[test]
fn init_refuses_a_non_empty_directory_and_changes_nothing() {
    let fixture = Fixture::base();
    let before = fixture.read("programme.toml");
    let out = fixture.mentor(&["init", "."]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert_eq!(fixture.read("programme.toml"), before);
}

#[test]
fn init_ci_choice_selects_the_workflow() {
    let (dir, out) = init(&["--ci", "gitlab"]);
    assert_exit(&out, 0);
    let programme = dir.path().join("programme");
    assert!(programme.join(".gitlab-ci.yml").is_file());
    assert!(!programme.join(".github").exists());
    let (dir, _) = init(&["--ci", "none"]);
    let programme = dir.path().join("programme");
    assert!(!programme.join(".gitlab-ci.yml").exists() && !programme.join(".github").exists());
}

#[test]
fn the_programme_never_commits_this_machines_state() {
    let (dir, out) = init(&["--start", "2026-01-05"]);
    assert_exit(&out, 0);
    let programme = dir.path().join("programme");
    let ignore = std::fs::read_to_string(programme.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == ".mentor/"), "{ignore}");
    let who = ("Cora", "cora@example.org");
    let when = "2026-01-05T10:00:00";
    crate::support::git(&programme, &["init", "-q"], who, when);
    crate::support::git(&programme, &["add", "-A"], who, when);
    crate::support::git(&programme, &["commit", "-q", "-m", "programme"], who, when);
    // A writer leaves its lock (and, interrupted, a change) in .mentor/.
    let new = mentor_in(
        &programme,
        &["new", "person", "ana", "--name", "Ana", "--role", "mentor"],
    );
    assert_exit(&new, 0);
    assert!(programme.join(".mentor/lock").exists());
    // The key that marks this machine's journals: in the git folder, which
    // no clone copies.
    assert!(programme.join(".git/mentor/state-key").is_file());
    crate::support::git(&programme, &["add", "-A"], who, when);
    let tracked = std::process::Command::new("git")
        .args(["ls-files", "--", ".mentor"])
        .current_dir(&programme)
        .output()
        .expect("git");
    assert_eq!(stdout(&tracked), "", "git add -A took .mentor/");
    let validate = mentor_in(&programme, &["validate", "--format", "concise"]);
    assert!(!stdout(&validate).contains("E015"), "{}", stdout(&validate));
}

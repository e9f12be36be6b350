//! A repository written by many hands (issue 24, items 7 to 9): a
//! participant controls their commits' metadata, every file they commit,
//! and a clone may carry its own git configuration and replace refs. None
//! of it runs a program, forges who did what, makes `audit` or `history`
//! give up, or shows a private value, in any output format.

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use crate::audit::{COORDINATOR, ED, EVE, MAX, MO, Repo, has, log};
use crate::support::{AS_OF, assert_exit, git, git_output, stderr, stdout};

const GOALS: &str = "pairs/ed--mo/goals.yaml";
const LOG: &str = "pairs/ed--mo/log.yaml";

/// Eve, of no pair here, moves a goal of Ed and Mo's: an A001 every time.
fn outsider_goals(repo: &Repo) -> String {
    repo.f
        .read(GOALS)
        .replace("due: 2026-06-30", "due: 2026-07-31")
}

/// Every finding's code, sorted.
fn codes(findings: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = findings
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// A commit written by hand (`git hash-object --literally`), on top of
/// HEAD with the index's tree, made HEAD: metadata `git commit` would
/// refuse or clean.
fn hand_made_commit(repo: &Repo, headers: &str) -> String {
    let tree = repo.git(&["write-tree"]);
    let parent = repo.git(&["rev-parse", "HEAD"]);
    let object = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        object.path(),
        format!("tree {tree}\nparent {parent}\n{headers}\nhand made\n"),
    )
    .unwrap();
    let hash = repo.git(&[
        "hash-object",
        "-t",
        "commit",
        "--literally",
        "-w",
        object.path().to_str().unwrap(),
    ]);
    repo.git(&["update-ref", "HEAD", &hash]);
    hash
}

/// Whether a control character other than a line break reached the output.
fn raw_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

#[test]
fn a_revision_that_looks_like_an_option_is_refused_and_writes_nothing() {
    let mut repo = Repo::new();
    let outsider = repo.change(EVE, GOALS, &outsider_goals(&repo), None);
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("written-by-git");
    for since in [
        format!("--since=--output={}", target.display()),
        "--since=--help".to_string(),
        "--since=-p".to_string(),
        "--since=HEAD --output=x".to_string(),
        "--since=".to_string(),
    ] {
        let out = repo.f.mentor(&["audit", &since]);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("is not a commit of this repository")
                || stderr(&out).contains("the revision is empty"),
            "{since}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("no problems found"), "{since}");
    }
    let written: Vec<_> = std::fs::read_dir(elsewhere.path()).unwrap().collect();
    assert!(written.is_empty(), "git wrote {written:?}");
    assert!(
        !repo.f.path().join("x").exists() && !repo.f.path().join("x..HEAD").exists(),
        "nothing written in the programme either"
    );
    // Revisions that name commits still work, as hashes, tags or expressions.
    let (code, findings) = repo.audit(&["--since", "HEAD"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let (code, findings) = repo.audit(&["--since", "HEAD~1"]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A001", &outsider, "eve@example.org"),
        "{findings:#?}"
    );
}

#[test]
fn a_rewrite_of_a_meeting_from_before_since_says_so_in_days_that_exist() {
    let mut repo = Repo::new();
    let logged = repo.change(ED, LOG, &log(&[("2026-01-05", 60)]), Some("2026-01-05"));
    repo.change(ED, LOG, &log(&[("2026-01-05", 90)]), Some("2026-02-20"));
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains("committed 46 days earlier"), "{message}");
    let (code, findings) = repo.audit(&["--since", &logged]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["A004"]);
    let message = findings[0]["message"].as_str().unwrap();
    assert!(
        message.contains("committed before the audited range")
            && !message.contains("53375995604259"),
        "{message}"
    );
}

/// A meeting logged in a commit whose date git cannot read (time 0) is
/// not counted from 1970 when it is rewritten.
#[test]
fn a_rewrite_of_a_meeting_from_an_undated_commit_counts_no_days_from_1970() {
    let mut repo = Repo::new();
    repo.f.write(LOG, &log(&[("2026-01-05", 60)]));
    repo.git(&["add", "-A"]);
    hand_made_commit(
        &repo,
        "author Ed Mentee <ed@example.org> notadate +0000\ncommitter Ed Mentee <ed@example.org> notadate +0000\n",
    );
    repo.change(ED, LOG, &log(&[("2026-01-05", 90)]), Some("2026-02-20"));
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    let message = findings.iter().find(|d| d["code"] == "A004").unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("committed in a commit whose date cannot be read"),
        "{message}"
    );
    assert!(!message.contains("day"), "{message}");
}

#[test]
fn forged_commit_metadata_is_shown_escaped_and_attributed_to_its_author() {
    let mut repo = Repo::new();
    // Eve's name carries the old separators and a whole forged record
    // claiming the coordinator made the commit; git drops the newline.
    let name = "Eve\u{1e}0123456789012345678901234567890123456789\u{1f}Cora Ordinator\u{1f}coord@example.org\u{1f}2026-02-02\u{1f}1770000000\nforged";
    let forged = repo.change((name, EVE.1), GOALS, &outsider_goals(&repo), None);
    let ed = repo.f.read("people/ed.toml");
    let odd_email = repo.change(
        ("Max", "max@exa\u{1e}\u{1f}mple.org"),
        "people/ed.toml",
        &format!("{ed}# edited\n"),
        None,
    );
    // A hand-made commit: an escape sequence and a carriage return in the
    // name, a unit separator in the email, and no readable date.
    repo.f.write(
        GOALS,
        &repo
            .f
            .read(GOALS)
            .replace("due: 2026-07-31", "due: 2026-08-31"),
    );
    repo.git(&["add", "-A"]);
    let hand_made = hand_made_commit(
        &repo,
        "author Eve\u{1b}[31m\r red <eve@exa\u{1f}mple.org> notadate +0000\ncommitter Eve <eve@example.org> 1770000000 +0000\n",
    );

    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1, "findings, not a failure: {findings:#?}");
    assert_eq!(codes(&findings), ["A001", "A001", "A002"], "{findings:#?}");
    assert!(
        has(&findings, "A001", &forged, "eve@example.org"),
        "{findings:#?}"
    );
    let first = findings
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains(&forged))
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        first.contains("Eve\\u{1e}0123")
            && first.contains("\\u{1f}Cora Ordinator")
            && first.contains("forged <eve@example.org> (eve)"),
        "shown escaped, attributed to Eve: {first}"
    );
    assert!(
        has(
            &findings,
            "A002",
            &odd_email,
            "max@exa\\u{1e}\\u{1f}mple.org"
        ),
        "{findings:#?}"
    );
    assert!(
        has(
            &findings,
            "A001",
            &hand_made[..8],
            "Eve\\u{1b}[31m\\r red <eve@exa\\u{1f}mple.org>"
        ),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("on unknown date")),
        "{findings:#?}"
    );

    let human = repo.f.run("audit");
    assert_exit(&human, 1);
    assert!(!raw_control_characters(&stdout(&human)) && !raw_control_characters(&stderr(&human)));

    let history = repo.f.run("history ed--mo");
    assert_exit(&history, 0);
    let text = stdout(&history);
    assert!(!raw_control_characters(&text), "{text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with("2026-") || l.starts_with("unknown date")),
        "one event a line, none forged:\n{text}"
    );
    assert!(text.contains(&format!("Eve\\u{{1e}}0123456789012345678901234567890123456789\\u{{1f}}Cora Ordinator\\u{{1f}}coord@example.org\\u{{1f}}2026-02-02\\u{{1f}}1770000000forged <eve@example.org> {forged}:")), "{text}");
    let json: Value =
        serde_json::from_slice(&repo.f.run("history ed--mo --format json").stdout).unwrap();
    let authors: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert!(
        authors.contains(&name.replace('\n', "").as_str()),
        "{authors:?}"
    );
    assert!(authors.contains(&"Eve\u{1b}[31m\r red"), "{authors:?}");
}

#[test]
fn a_clones_own_git_config_and_replace_refs_run_nothing_and_change_nothing() {
    let mut repo = Repo::new();
    let outsider = repo.change(EVE, GOALS, &outsider_goals(&repo), None);
    repo.change(ED, LOG, &log(&[("2026-02-01", 60)]), Some("2026-02-01"));
    // A signed commit: what `log.showSignature` hands to `gpg.program`.
    repo.f
        .write(LOG, &log(&[("2026-02-01", 60), ("2026-02-08", 30)]));
    repo.git(&["add", "-A"]);
    hand_made_commit(
        &repo,
        "author Ed Mentee <ed@example.org> 1770595200 +0000\ncommitter Ed Mentee <ed@example.org> 1770595200 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n",
    );
    let (code, clean) = repo.audit(&[]);
    assert_eq!(code, 1);
    let clean_history = stdout(&repo.f.run("history ed--mo"));

    // Eve's commit replaced by one that says the coordinator made it.
    let eve_commit = repo.git(&["rev-parse", &outsider]);
    let tree = repo.git(&["rev-parse", &format!("{eve_commit}^{{tree}}")]);
    let parent = repo.git(&["rev-parse", &format!("{eve_commit}^")]);
    let outside = tempfile::tempdir().unwrap();
    let object = outside.path().join("replacement");
    std::fs::write(
        &object,
        format!("tree {tree}\nparent {parent}\nauthor Cora Ordinator <{COORDINATOR}> 1769990400 +0000\ncommitter Cora Ordinator <{COORDINATOR}> 1769990400 +0000\n\nreplaced\n"),
    )
    .unwrap();
    let replacement = repo.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        object.to_str().unwrap(),
    ]);
    repo.git(&["replace", &eve_commit, &replacement]);

    // Every program the configuration could start writes the marker.
    let marker = outside.path().join("ran");
    let script = outside.path().join("program.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\ncat >/dev/null\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mailmap = outside.path().join("mailmap");
    std::fs::write(
        &mailmap,
        format!("Cora Ordinator <{COORDINATOR}> <eve@example.org>\n"),
    )
    .unwrap();
    let script = script.to_str().unwrap();
    for (key, value) in [
        ("log.showSignature", "true"),
        ("gpg.program", script),
        ("gpg.ssh.program", script),
        ("gpg.x509.program", script),
        ("core.fsmonitor", script),
        ("core.pager", script),
        ("pager.log", script),
        ("diff.external", script),
        ("log.showRoot", "false"),
        ("log.mailmap", "true"),
        ("mailmap.file", mailmap.to_str().unwrap()),
        ("i18n.logOutputEncoding", "UTF-16"),
        ("diff.relative", "true"),
        ("core.abbrev", "7"),
    ] {
        repo.git(&["config", "--local", key, value]);
    }

    let (code, hostile) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert_eq!(hostile, clean, "the same findings, whatever the clone says");
    assert!(
        has(&hostile, "A001", &outsider, "eve@example.org"),
        "{hostile:#?}"
    );
    let history = repo.f.run("history ed--mo");
    assert_exit(&history, 0);
    assert_eq!(stdout(&history), clean_history);
    assert_exit(&repo.f.run("audit --since HEAD~2"), 0);
    assert!(
        !marker.exists(),
        "a program from the clone's configuration ran"
    );
}

#[test]
fn a_committed_mailmap_does_not_change_who_committed() {
    let mut repo = Repo::new();
    repo.change(
        EVE,
        ".mailmap",
        &format!("Cora Ordinator <{COORDINATOR}> Eve Mentee <eve@example.org>\nCora Ordinator <{COORDINATOR}> <eve@example.org>\n"),
        None,
    );
    let edit = repo.change(EVE, GOALS, &outsider_goals(&repo), None);
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(
            &findings,
            "A001",
            &edit,
            "Eve Mentee <eve@example.org> (eve)"
        ),
        "{findings:#?}"
    );
    let history = stdout(&repo.f.run("history ed--mo"));
    assert!(
        history.contains(&format!("Eve Mentee <eve@example.org> {edit}")),
        "{history}"
    );
}

#[test]
fn side_branches_and_merges_are_audited_too() {
    let mut repo = Repo::new();
    let dir = repo.f.path().to_path_buf();
    // Ed commits a private note in plaintext on a side branch that is then
    // merged away with `-s ours`: the commit is still in every clone.
    repo.git(&["checkout", "-q", "-b", "side"]);
    let hidden = repo.change(
        ED,
        LOG,
        &format!(
            "{}    private_notes: kept on a side branch\n",
            log(&[("2026-02-01", 60)])
        ),
        Some("2026-02-02"),
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.change(ED, LOG, &log(&[("2026-02-01", 60)]), Some("2026-02-03"));
    git(
        &dir,
        &["merge", "-q", "-s", "ours", "side", "-m", "merge side"],
        ED,
        "2026-02-04T12:00:00",
    );
    // Max merges a branch of his own, and changes the pair's goals in the
    // merge itself.
    repo.git(&["checkout", "-q", "-b", "max"]);
    let max = repo.f.read("people/max.toml");
    repo.change(
        MAX,
        "people/max.toml",
        &format!("{max}# mine\n"),
        Some("2026-02-05"),
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.change(
        MO,
        LOG,
        &log(&[("2026-02-01", 60), ("2026-02-06", 30)]),
        Some("2026-02-06"),
    );
    git(
        &dir,
        &["merge", "-q", "--no-commit", "--no-ff", "max"],
        MAX,
        "2026-02-07T12:00:00",
    );
    repo.f.write(GOALS, &outsider_goals(&repo));
    git(&dir, &["add", "-A"], MAX, "2026-02-07T12:00:00");
    git(
        &dir,
        &["commit", "-q", "-m", "merge max"],
        MAX,
        "2026-02-07T12:00:00",
    );
    let merge = git_output(
        &dir,
        &["rev-parse", "--short=8", "HEAD"],
        MAX,
        "2026-02-07T12:00:00",
    );

    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A007", &hidden, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A001", &merge, "max@example.org"),
        "{findings:#?}"
    );
    assert_eq!(codes(&findings), ["A001", "A007"], "{findings:#?}");
    let history = stdout(&repo.f.run("history ed--mo"));
    assert!(
        history.contains(&format!("Max Mentor <max@example.org> {merge}: goals.yaml")),
        "{history}"
    );
    assert!(!history.contains("kept on a side branch"), "{history}");
}

#[test]
fn fake_armor_is_plaintext_to_the_audit() {
    let mut repo = Repo::new();
    let fake = repo.change(
        ED,
        LOG,
        &format!(
            "{}    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      we argued about the budget\n      -----END AGE ENCRYPTED FILE-----\n",
            log(&[("2026-02-01", 60)])
        ),
        Some("2026-02-02"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["A007"], "{findings:#?}");
    assert!(
        has(&findings, "A007", &fake, "ed@example.org"),
        "{findings:#?}"
    );
    let (_, validate) = repo.f.validate();
    assert!(
        validate.iter().any(|d| d.code == "E063"),
        "validate agrees: {validate:?}"
    );
    for out in [
        repo.f.run("audit"),
        repo.f.run("history ed--mo"),
        repo.f.run("history ed--mo --format json"),
    ] {
        assert!(!stdout(&out).contains("argued"), "{}", stdout(&out));
    }
}

#[test]
fn misspelt_private_keys_are_never_shown_and_always_flagged() {
    let mut repo = Repo::new();
    let notes = |typo: &str, case: &str| {
        format!(
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_note: {typo}\n  - date: 2026-02-08\n    minutes: 30\n    Private_Notes: {case}\n"
        )
    };
    let first = repo.change(
        ED,
        LOG,
        &notes("TYPO-SECRET", "CASE-SECRET"),
        Some("2026-02-09"),
    );
    repo.change(
        ED,
        LOG,
        &notes("TYPO-SECRET-2", "CASE-SECRET-2"),
        Some("2026-02-10"),
    );
    let feedback = repo.change(
        MO,
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - {by: mo, date: 2026-02-10, stage: mid, Comments: RATED-SECRET}\n",
        Some("2026-02-11"),
    );
    repo.change(
        MO,
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - {by: mo, date: 2026-02-10, stage: mid, Comments: RATED-SECRET-2}\n",
        Some("2026-02-12"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["A007", "A007"], "{findings:#?}");
    let message = |commit: &str| {
        findings
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(commit))
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(
        message(&first).contains("`private_note` (looks like the private field `private_notes`)")
            && message(&first)
                .contains("`Private_Notes` (looks like the private field `private_notes`)"),
        "{}",
        message(&first)
    );
    assert!(
        message(&feedback).contains("`Comments` (looks like the private field `comment`)"),
        "{}",
        message(&feedback)
    );
    for args in [
        &["history", "ed--mo"][..],
        &["history", "ed--mo", "--format", "json"],
        &["audit"],
    ] {
        let out = repo.f.mentor(args);
        for secret in ["TYPO-SECRET", "CASE-SECRET", "RATED-SECRET"] {
            assert!(
                !stdout(&out).contains(secret),
                "{args:?} shows {secret}:\n{}",
                stdout(&out)
            );
        }
    }
    let history = stdout(&repo.f.run("history ed--mo"));
    assert!(
        history.contains("meetings[2026-02-01].private_note changed"),
        "{history}"
    );
    assert!(
        history.contains("meetings[2026-02-08].Private_Notes changed"),
        "{history}"
    );
}

/// The secret every generated layout hides.
const SECRET: &str = "SECRETzq7";

/// A private value's line(s) in YAML, the key at column `col`: every way of
/// writing a scalar, and some that break the file.
fn yaml_value(key: &str, style: usize, col: usize, extra: usize) -> String {
    let pad = " ".repeat(col);
    let deeper = " ".repeat(col + extra);
    // A continuation line is deeper than its key (at the key's depth it is a key of its own).
    let continuation = " ".repeat(col + extra + 1);
    // A block's content may be indented less than the key (under-indented);
    // at the key's own depth it would be a key of its own.
    let block = " ".repeat([col - 2, col - 1, col + 1, col + 2][extra % 4]);
    match style {
        0 => format!("{pad}{key}: {SECRET} and more\n"),
        1 => format!("{pad}{key}: '{SECRET} it''s'\n"),
        2 => format!("{pad}{key}: \"{SECRET} \\\"q\\\"\"\n"),
        3 => format!("{pad}{key}: |\n{deeper}first\n{deeper}{SECRET}\n"),
        4 => format!("{pad}{key}: >\n{deeper}{SECRET}\n"),
        5 => format!("{pad}{key}: |-\n{block}{SECRET}\n"),
        6 => format!("{pad}{key}: >-\n{block}{SECRET}: x\n"),
        7 => format!("{pad}{key}: |+\n{deeper}{SECRET}\n\n"),
        8 => format!("{pad}{key}: first line\n{continuation}{SECRET} continued\n"),
        9 => format!("{pad}{key}: first line\n{continuation}next: {SECRET}\n"),
        10 => format!("{pad}? {key}\n{pad}: {SECRET}\n"),
        11 => format!("{pad}{key}: {{a: {SECRET}}}\n"),
        12 => format!("{pad}{key}: [{SECRET}, two]\n"),
        13 => format!("{pad}{key}: \"first\n{deeper}{SECRET} more\"\n"),
        14 => format!("{pad}{key}: plain # {SECRET}\n"),
        15 => format!("{pad}{key}: >+\n{block}{SECRET}\n"),
        _ => format!("{pad}{key}:\n{deeper}{SECRET}\n"),
    }
}

const YAML_STYLES: usize = 17;

/// What else is wrong in the file, around the value.
fn yaml_trouble(trouble: usize) -> (&'static str, &'static str) {
    match trouble {
        0 => ("2026-02-01", ""),
        1 => ("2026-13-01", ""),
        2 => ("2026-02-01", "  - date: [\n"),
        3 => ("2026-02-01", "\t- date: 2026-02-02\n"),
        _ => ("not a date", "  - {date: 2026-02-03, minutes: lots}\n"),
    }
}

/// A log or feedback file with a private value laid out some way.
fn yaml_layout(
    file: usize,
    key: usize,
    style: usize,
    extra: usize,
    trouble: usize,
    flow: bool,
) -> (String, String) {
    let (path, list, keys, fields) = if file == 0 {
        (
            LOG,
            "meetings",
            [
                "private_notes",
                "private_note",
                "Private_Notes",
                "PRIVATE-NOTES",
                "private notes",
                "privte_notes",
                "privateNotes",
            ],
            "minutes: 30",
        )
    } else {
        (
            "pairs/ed--mo/feedback.yaml",
            "feedback",
            [
                "comment",
                "Comment",
                "comments",
                "coment",
                "COMMENT",
                "Comments",
                "private_comment",
            ],
            "by: ed",
        )
    };
    let key = keys[key % keys.len()];
    let (date, tail) = yaml_trouble(trouble);
    let text = if flow {
        let (name, value) = match style % 3 {
            0 => (key.to_string(), format!("{SECRET} words")),
            1 => (format!("\"{key}\""), format!("'{SECRET}'")),
            _ => (key.to_string(), format!("\"{SECRET}\"")),
        };
        format!("{list}:\n  - {{date: {date}, {fields}, {name}: {value}}}\n{tail}")
    } else {
        format!(
            "{list}:\n  - date: {date}\n    {fields}\n{}    stage: mid\n{tail}",
            yaml_value(key, style, 4, extra)
        )
    };
    (path.to_string(), text)
}

/// A pair.toml with a closure note laid out some way.
fn toml_layout(key: usize, style: usize, trouble: usize) -> (String, String) {
    let key = ["note", "Note", "notes", "NOTE", "nte", "Notes"][key % 6];
    let date = if trouble == 1 {
        "2026-13-01"
    } else {
        "2026-03-01"
    };
    let head = "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-02-01\nends = 2026-03-01\n";
    let closure = |note: &str| format!("[closure]\ndate = {date}\nreason = \"mismatch\"\n{note}\n");
    let mut text = match style % 8 {
        0 => format!("{head}{}", closure(&format!("{key} = \"{SECRET}\""))),
        1 => format!(
            "{head}closure.date = {date}\nclosure.reason = \"mismatch\"\nclosure.{key} = \"{SECRET}\"\n"
        ),
        2 => format!(
            "{head}closure = {{ date = {date}, reason = \"mismatch\", {key} = \"{SECRET}\" }}\n"
        ),
        3 => format!(
            "{head}{}",
            closure(&format!("{key} = \"\"\"\nfirst\n{SECRET}\n\"\"\""))
        ),
        4 => format!("{head}{}", closure(&format!("{key} = '{SECRET}'"))),
        5 => format!("{head}{}", closure(&format!("\"{key}\" = \"{SECRET}\""))),
        6 => format!(
            "{head}{}",
            closure(&format!("{key} = '''\n{SECRET} more\n'''"))
        ),
        _ => format!("{head}{}", closure(&format!("{key} = \"x\" # {SECRET}"))),
    };
    text.push_str("\n[agreement]\nsigned = 2026-02-01\n");
    match trouble {
        2 => text = text.replace("status = \"closed\"", "status = \"bogus\""),
        3 => text.push_str("oops =\n"),
        _ => {}
    }
    ("pairs/ed--mo/pair.toml".to_string(), text)
}

fn layouts() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (
            0..2usize,
            0..7usize,
            0..YAML_STYLES,
            0..4usize,
            0..5usize,
            any::<bool>()
        )
            .prop_map(|(file, key, style, extra, trouble, flow)| yaml_layout(
                file, key, style, extra, trouble, flow
            )),
        (0..6usize, 0..8usize, 0..4usize)
            .prop_map(|(key, style, trouble)| toml_layout(key, style, trouble)),
    ]
}

fn shows_secret(out: &std::process::Output) -> bool {
    stdout(out).contains(SECRET) || stderr(out).contains(SECRET)
}

const FORMATS: [&str; 6] = ["human", "concise", "json", "github", "sarif", "gitlab"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Wherever and however a private value is written, broken file or
    /// not, no output of validate (every format), history or audit shows
    /// it. The value is committed twice (an earlier text, then the
    /// secret), so history has a change to tell.
    #[test]
    fn a_private_value_is_never_shown_whatever_its_layout((path, text) in layouts()) {
        let mut repo = Repo::new();
        repo.change(ED, &path, &text.replace(SECRET, "earlier"), Some("2026-03-01"));
        repo.change(ED, &path, &text, Some("2026-03-02"));
        let dir: &Path = repo.f.path();
        let mut runs: Vec<Vec<&str>> = FORMATS
            .iter()
            .map(|format| vec!["validate", "--format", format, "--as-of", AS_OF])
            .collect();
        runs.extend([
            vec!["audit"],
            vec!["audit", "--format", "json"],
            vec!["history", "ed--mo"],
            vec!["history", "ed--mo", "--format", "json"],
        ]);
        for args in runs {
            let out = crate::support::mentor_in(dir, &args);
            prop_assert!(out.status.code() != Some(2), "{args:?} failed on\n{text}\n{}", stderr(&out));
            prop_assert!(!shows_secret(&out), "{args:?} of\n{text}\nshows it:\n{}{}", stdout(&out), stderr(&out));
        }
    }
}

/// Every layout the property test draws from, each one: the snippet text
/// of the file hides the secret, and so does everything `validate` prints
/// of it in every format (the property test runs the whole binary, with
/// history and audit, on a sample; this runs the library on all of them).
#[test]
fn every_layout_is_hidden_by_validate_in_every_format() {
    use mentor::diagnostic::{Tally, locate};
    use mentor::load::{Overlay, load_with};
    use mentor::render::diagnostics as render;
    use mentor::seal::PrivateNames;
    use mentor::source::SourceFile;
    let mut layouts = Vec::new();
    for (file, key, style, extra, trouble, flow) in itertools_product() {
        let label = format!(
            "yaml file {file} key {key} style {style} extra {extra} trouble {trouble} flow {flow}"
        );
        layouts.push((label, yaml_layout(file, key, style, extra, trouble, flow)));
    }
    for key in 0..6 {
        for style in 0..8 {
            for trouble in 0..4 {
                let label = format!("toml key {key} style {style} trouble {trouble}");
                layouts.push((label, toml_layout(key, style, trouble)));
            }
        }
    }
    let fixture = crate::support::Fixture::base();
    fixture.write("pairs/ed--mo/feedback.yaml", "feedback: []\n");
    let as_of = mentor::decode::parse_date(AS_OF).unwrap();
    let mut leaks = Vec::new();
    for (i, (label, (path, text))) in layouts.iter().enumerate() {
        let file = SourceFile::new(path.into(), path.clone(), text.clone());
        let shown = mentor::render::shown::shown(&file, &PrivateNames::default());
        let mut outputs = vec![("snippet text", shown)];
        // The whole validate output, in every format, for one layout in 13
        // (each takes a load of the programme: 13 is prime to every
        // dimension, so the sample crosses them all).
        if i % 13 == 0 {
            let overlay = Overlay::from([(fixture.path().join(path), text.clone())]);
            let ws = load_with(fixture.path(), &overlay).unwrap();
            let findings = mentor::checks::run(&ws, as_of);
            let located = locate(&findings, &ws.sources);
            let tally = Tally::of(&findings);
            let names = PrivateNames::of(&ws);
            outputs.extend([
                (
                    "human",
                    render::human(&located, &ws.sources, &names, tally, false),
                ),
                ("concise", render::concise(&located, tally)),
                ("json", render::json_document(&located, &ws.sources, tally)),
                ("github", render::github(&located)),
                ("sarif", render::sarif(&located)),
                ("gitlab", render::gitlab(&located)),
            ]);
        }
        for (what, output) in outputs {
            if output.contains(SECRET) {
                leaks.push(format!("{label}, {what}:\n{text}\n->\n{output}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks over {} layouts:\n{}",
        leaks.len(),
        layouts.len(),
        leaks.join("\n=====\n")
    );
}

fn itertools_product() -> impl Iterator<Item = (usize, usize, usize, usize, usize, bool)> {
    (0..2).flat_map(|file| {
        (0..7).flat_map(move |key| {
            (0..YAML_STYLES).flat_map(move |style| {
                (0..4).flat_map(move |extra| {
                    (0..5).flat_map(move |trouble| {
                        [false, true].map(|flow| (file, key, style, extra, trouble, flow))
                    })
                })
            })
        })
    })
}

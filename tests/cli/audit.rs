//! `mentor audit`, `mentor history` and `mentor codeowners` over scripted
//! repositories: commits by several authors (GIT_AUTHOR_*), on set dates.

use std::path::Path;

use serde_json::Value;

use crate::support::{Fixture, assert_exit, git, git_output, stderr, stdout};

pub const COORDINATOR: &str = "coord@example.org";

/// A git repository holding the base programme, first committed by the
/// coordinator on 2026-01-01.
pub struct Repo {
    pub f: Fixture,
    day: u32,
}

pub const ED: (&str, &str) = ("Ed Mentee", "ed@example.org");
pub const MO: (&str, &str) = ("Mo Mentor", "mo@example.org");
pub const MAX: (&str, &str) = ("Max Mentor", "max@example.org");
pub const EVE: (&str, &str) = ("Eve Mentee", "eve@example.org");
pub const COORD: (&str, &str) = ("Cora Ordinator", COORDINATOR);

impl Repo {
    pub fn new() -> Repo {
        let f = Fixture::base();
        let programme = f.read("programme.toml");
        f.write(
            "programme.toml",
            &format!("{programme}\n[coordinator]\nname = \"Cora Ordinator\"\nemail = \"{COORDINATOR}\"\ngithub = [\"cora\"]\ngitlab = [\"cora-gl\"]\n\n[audit]\ntrusted = [\"hr@example.org\"]\n\n[privacy]\nseal = true\n"),
        );
        // Meetings are logged from the first commit on, in the tests' own form.
        f.write("pairs/ed--mo/log.yaml", "meetings: []\n");
        git(
            f.path(),
            &["init", "-q", "-b", "main"],
            COORD,
            "2026-01-01T09:00:00",
        );
        let repo = Repo { f, day: 1 };
        repo.commit_all(COORD, "2026-01-01", "The programme");
        repo
    }

    pub fn commit_all(&self, who: (&str, &str), date: &str, message: &str) {
        let when = format!("{date}T12:00:00");
        git(self.f.path(), &["add", "-A"], who, &when);
        git(
            self.f.path(),
            &["commit", "-q", "--allow-empty", "-m", message],
            who,
            &when,
        );
    }

    /// Write a file and commit it as `who`, one day after the last commit
    /// unless `date` is given.
    pub fn change(
        &mut self,
        who: (&str, &str),
        file: &str,
        text: &str,
        date: Option<&str>,
    ) -> String {
        self.f.write(file, text);
        self.day += 1;
        let date = date.map_or_else(
            || {
                format!(
                    "2026-{:02}-{:02}",
                    1 + (self.day - 1) / 28,
                    1 + (self.day - 1) % 28
                )
            },
            str::to_string,
        );
        self.commit_all(who, &date, &format!("change {file}"));
        self.git(&["rev-parse", "--short=8", "HEAD"])
    }

    /// `git ARGS` in the repository, as the coordinator: what it printed.
    pub fn git(&self, args: &[&str]) -> String {
        git_output(self.f.path(), args, COORD, "2026-06-01T12:00:00")
    }

    pub fn audit(&self, extra: &[&str]) -> (i32, Vec<Value>) {
        let mut args = vec!["audit", "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.f.mentor(&args);
        let code = out.status.code().unwrap_or(-1);
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "audit printed no JSON ({e}): {}{}",
                stdout(&out),
                stderr(&out)
            )
        });
        (
            code,
            doc["diagnostics"].as_array().cloned().unwrap_or_default(),
        )
    }
}

pub fn log(entries: &[(&str, u32)]) -> String {
    let mut text = String::from("meetings:\n");
    for (date, minutes) in entries {
        text.push_str(&format!(
            "  - date: {date}\n    minutes: {minutes}\n    mode: video\n"
        ));
    }
    text
}

pub fn has(findings: &[Value], code: &str, commit: &str, author: &str) -> bool {
    findings.iter().any(|d| {
        let message = d["message"].as_str().unwrap_or_default();
        d["code"] == code && message.contains(commit) && message.contains(author)
    })
}

#[test]
fn a_clean_history_is_quiet() {
    let mut repo = Repo::new();
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60), ("2026-03-01", 45), ("2026-03-02", 30)]),
        Some("2026-03-02"),
    );
    repo.change(
        MO,
        "pairs/ed--mo/goals.yaml",
        &repo
            .f
            .read("pairs/ed--mo/goals.yaml")
            .replace("in-progress", "achieved\n    achieved_on: 2026-03-02"),
        Some("2026-03-03"),
    );
    repo.change(
        ("HR Person", "hr@example.org"),
        "pairs/ed--mo/pair.toml",
        &format!(
            "{}# reviewed by HR\n",
            repo.f.read("pairs/ed--mo/pair.toml")
        ),
        Some("2026-03-04"),
    );
    let ed = repo.f.read("people/ed.toml");
    let (head, rest) = ed.split_once('\n').unwrap();
    repo.change(
        ED,
        "people/ed.toml",
        &format!("{head}\naliases = [\"ed.home@example.net\"]\n{rest}"),
        Some("2026-03-05"),
    );
    repo.change(
        ("Ed at home", "ed.home@example.net"),
        "pairs/ed--mo/log.yaml",
        &log(&[
            ("2026-02-01", 60),
            ("2026-03-01", 45),
            ("2026-03-02", 30),
            ("2026-03-06", 30),
        ]),
        Some("2026-03-06"),
    );
    // The pair corrects its own last entry within 7 days.
    repo.change(
        MO,
        "pairs/ed--mo/log.yaml",
        &log(&[
            ("2026-02-01", 60),
            ("2026-03-01", 45),
            ("2026-03-02", 30),
            ("2026-03-06", 40),
        ]),
        Some("2026-03-08"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let human = repo.f.run("audit");
    assert_exit(&human, 0);
    assert!(
        stderr(&human).contains("audited 7 commits"),
        "{}",
        stderr(&human)
    );
}

#[test]
fn every_planted_violation_is_found_and_attributed() {
    let mut repo = Repo::new();
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60), ("2026-02-15", 45)]),
        Some("2026-02-15"),
    );
    let outsider = repo.change(
        MAX,
        "pairs/ed--mo/goals.yaml",
        &repo
            .f
            .read("pairs/ed--mo/goals.yaml")
            .replace("due: 2026-06-30", "due: 2026-07-31"),
        Some("2026-02-16"),
    );
    let other_profile = repo.change(
        MO,
        "people/ed.toml",
        &format!("{}# edited\n", repo.f.read("people/ed.toml")),
        Some("2026-02-17"),
    );
    let programme = repo.change(
        EVE,
        "programme.toml",
        &repo
            .f
            .read("programme.toml")
            .replace("min_meetings = 2", "min_meetings = 1"),
        Some("2026-02-18"),
    );
    // Ed rewrites the first meeting three weeks after logging it.
    let rewritten = repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 90), ("2026-02-15", 45)]),
        Some("2026-02-22"),
    );
    // Mo deletes the goal instead of dropping it.
    let deleted = repo.change(
        MO,
        "pairs/ed--mo/goals.yaml",
        "goals: []\n",
        Some("2026-02-23"),
    );
    // The coordinator swaps the mentor of the active pair.
    let swapped = repo.change(
        COORD,
        "pairs/ed--mo/pair.toml",
        &repo
            .f
            .read("pairs/ed--mo/pair.toml")
            .replace("mentor = \"mo\"", "mentor = \"max\""),
        Some("2026-02-24"),
    );
    let swapped_back = repo.change(
        COORD,
        "pairs/ed--mo/pair.toml",
        &repo
            .f
            .read("pairs/ed--mo/pair.toml")
            .replace("mentor = \"max\"", "mentor = \"mo\""),
        Some("2026-02-25"),
    );
    // A private note in plaintext, later sealed away: history keeps it.
    let plaintext = repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &format!(
            "{}    private_notes: worried about the audit\n",
            log(&[("2026-02-01", 90), ("2026-02-15", 45)])
        ),
        Some("2026-02-26"),
    );
    repo.change(ED, "pairs/ed--mo/log.yaml", &format!("{}    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdl\n      -----END AGE ENCRYPTED FILE-----\n", log(&[("2026-02-01", 90), ("2026-02-15", 45)])), Some("2026-02-26"));

    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A001", &outsider, "max@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A002", &other_profile, "mo@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A003", &programme, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A004", &rewritten, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A005", &deleted, "mo@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A006", &swapped, COORDINATOR),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A006", &swapped_back, COORDINATOR),
        "swapping back is a change too: {findings:#?}"
    );
    assert!(
        has(&findings, "A007", &plaintext, "ed@example.org"),
        "{findings:#?}"
    );
    assert_eq!(findings.len(), 8, "nothing else: {findings:#?}");
    let a004 = findings.iter().find(|d| d["code"] == "A004").unwrap();
    assert!(
        a004["message"]
            .as_str()
            .unwrap()
            .contains("the meeting of 2026-02-01"),
        "{a004}"
    );
    assert_eq!(a004["path"], "pairs/ed--mo/log.yaml");
    for d in &findings {
        assert!(
            !d["message"].as_str().unwrap().contains("worried"),
            "never the private text: {d}"
        );
    }
    // --since: only what came after.
    let (code, later) = repo.audit(&["--since", &swapped]);
    assert_eq!(code, 1);
    let mut codes: Vec<&str> = later.iter().map(|d| d["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["A006", "A007"], "{later:#?}");
    // The same findings in the CI formats.
    let github = repo.f.run("audit --format github");
    assert_exit(&github, 1);
    assert_eq!(
        stdout(&github)
            .lines()
            .filter(|l| l.starts_with("::error"))
            .count(),
        8,
        "{}",
        stdout(&github)
    );
}

#[test]
fn no_history_is_never_a_clean_audit() {
    let f = Fixture::base();
    let out = f.run("audit");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("not in a git repository"),
        "{}",
        stderr(&out)
    );
    let mut repo = Repo::new();
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60)]),
        None,
    );
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60), ("2026-03-01", 30)]),
        None,
    );
    let clone = tempfile::tempdir().unwrap();
    let source = format!("file://{}", repo.f.path().display());
    git(
        Path::new("/"),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            clone.path().to_str().unwrap(),
        ],
        COORD,
        "2026-03-10T00:00:00",
    );
    let out = crate::support::mentor_in(clone.path(), &["audit"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
}

#[test]
fn history_tells_a_pairs_story_field_by_field() {
    let mut repo = Repo::new();
    let goals = repo.f.read("pairs/ed--mo/goals.yaml");
    repo.change(
        ED,
        "pairs/ed--mo/goals.yaml",
        &goals.replace("in-progress", "not-started"),
        Some("2026-02-02"),
    );
    repo.change(ED, "pairs/ed--mo/goals.yaml", &goals, Some("2026-02-10"));
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &format!(
            "{}    private_notes: a secret\n",
            log(&[("2026-02-01", 60)])
        ),
        Some("2026-02-11"),
    );
    let pair = repo.f.read("pairs/ed--mo/pair.toml");
    let closed = pair
        .replace("status = \"active\"", "status = \"closed\"")
        .replace("ends = 2026-10-31", "ends = 2026-09-30")
        + "\n[closure]\ndate = 2026-03-01\nreason = \"mismatch\"\nnote = \"between us\"\n";
    repo.change(COORD, "pairs/ed--mo/pair.toml", &closed, Some("2026-03-01"));
    let out = repo.f.run("history ed--mo");
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("2026-02-02 Ed Mentee <ed@example.org>")
            && text.contains("goals.yaml goals[g1].status in-progress -> not-started"),
        "{text}"
    );
    assert!(
        text.contains("2026-02-10") && text.contains("goals[g1].status not-started -> in-progress"),
        "{text}"
    );
    assert!(text.contains("pair.toml status active -> closed"), "{text}");
    assert!(
        text.contains("pair.toml ends 2026-10-31 -> 2026-09-30"),
        "{text}"
    );
    assert!(
        text.contains("closure added") || text.contains("closure.reason = mismatch"),
        "{text}"
    );
    assert!(
        !text.contains("a secret") && !text.contains("between us"),
        "private values never shown: {text}"
    );
    let json: Value =
        serde_json::from_slice(&repo.f.run("history ed--mo --format json").stdout).unwrap();
    let events = json.as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["field"] == "status" && e["old"] == "active" && e["new"] == "closed")
    );
    let unknown = repo.f.run("history nobody");
    assert_exit(&unknown, 2);
}

#[test]
fn codeowners_follow_the_pairs_and_go_stale_when_they_change() {
    let repo = Repo::new();
    let f = &repo.f;
    for (file, handle) in [("people/ed.toml", "ed-gh"), ("people/mo.toml", "mo-gh")] {
        let text = f.read(file);
        let (head, rest) = text.split_once('\n').unwrap();
        f.write(
            file,
            &format!("{head}\ngithub = \"{handle}\"\ngitlab = \"{handle}-gl\"\n{rest}"),
        );
    }
    let out = f.run("codeowners");
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("Eve Mentee (eve) has no `github` handle"),
        "{}",
        stderr(&out)
    );
    let written = f.read(".github/CODEOWNERS");
    let lines: Vec<&str> = written
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines: Vec<String> = lines.into_iter().map(squeeze).collect();
    assert_eq!(
        lines,
        [
            "* @cora",
            "/programme.* @cora",
            "/schemas/ @cora",
            "/.mentor/ @cora",
            "/.github/ @cora",
            "/.gitlab/ @cora",
            "/.gitlab-ci.yml @cora",
            "/people/ed.* @ed-gh @cora",
            "/people/eve.* @cora",
            "/people/max.* @cora",
            "/people/mo.* @mo-gh @cora",
            "/pairs/ed--mo/ @mo-gh @ed-gh @cora",
        ]
    );
    assert_exit(&f.run("codeowners --check"), 0);
    let again = f.run("codeowners");
    assert!(stdout(&again).contains("up to date"));
    assert_eq!(f.read(".github/CODEOWNERS"), written, "deterministic");
    assert_exit(&f.run("codeowners --platform gitlab"), 0);
    assert!(f.read(".gitlab/CODEOWNERS").contains("/pairs/ed--mo/"));
    assert!(
        f.read(".gitlab/CODEOWNERS")
            .contains("@mo-gh-gl @ed-gh-gl @cora-gl")
    );
    // A new pair: the file is stale, and validate says so.
    f.write(
        "pairs/eve--max/pair.toml",
        "mentor = \"max\"\nmentee = \"eve\"\nstatus = \"proposed\"\n",
    );
    assert_exit(&f.run("codeowners --check"), 1);
    let (_, findings) = f.validate();
    assert!(
        findings
            .iter()
            .any(|d| d.code == "W017" && d.path == ".github/CODEOWNERS"),
        "{findings:?}"
    );
}

/// The files that steer what mentor hashes, mails or runs in CI are the
/// coordinators' own: a participant who chose the pseudonym key could undo
/// every pseudonym HR receives, and one who wrote the reminder template or
/// a workflow steers what is mailed or run.
#[test]
fn a_participant_changing_an_office_file_is_found() {
    let mut repo = Repo::new();
    let key = repo.change(
        ED,
        "pseudonym-key.age",
        "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
        Some("2026-02-15"),
    );
    let template = repo.change(
        MO,
        "templates/remind/participant.txt",
        "Hello {{ name }}\n",
        Some("2026-02-16"),
    );
    let workflow = repo.change(
        EVE,
        ".github/workflows/mentor.yml",
        "on: push\njobs: {}\n",
        Some("2026-02-17"),
    );
    // The coordinator may, and a file nobody owns (a README) is anyone's.
    repo.change(
        COORD,
        "import-mapping.toml",
        "[columns]\n",
        Some("2026-02-18"),
    );
    repo.change(ED, "README.md", "# Our programme\n", Some("2026-02-19"));
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A008", &key, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A008", &template, "mo@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A008", &workflow, "eve@example.org"),
        "{findings:#?}"
    );
    assert_eq!(findings.len(), 3, "nothing else: {findings:#?}");
    let a008 = findings
        .iter()
        .find(|d| d["path"] == "pseudonym-key.age")
        .unwrap();
    assert!(
        a008["message"]
            .as_str()
            .unwrap()
            .contains("changed the sealed pseudonym key, which only the coordinators change"),
        "{a008}"
    );
}

/// Who may do what is judged by the files as they were before each commit:
/// a participant who makes themselves trusted, a coordinator or someone
/// else's alias gains nothing by it, and every such grant is reported.
#[test]
fn a_participant_cannot_authorise_themselves() {
    let mut repo = Repo::new();
    let programme = repo.f.read("programme.toml");
    let grant = repo.change(
        EVE,
        "programme.toml",
        &programme.replace(
            "trusted = [\"hr@example.org\"]",
            "trusted = [\"hr@example.org\", \"eve@example.org\"]",
        ),
        Some("2026-02-10"),
    );
    let after_grant = repo.change(
        EVE,
        "pairs/ed--mo/pair.toml",
        &format!("{}# eve was here\n", repo.f.read("pairs/ed--mo/pair.toml")),
        Some("2026-02-11"),
    );
    // Eve writes her address into Ed's profile: Ed's files are not hers.
    let ed = repo.f.read("people/ed.toml");
    let alias = repo.change(
        EVE,
        "people/ed.toml",
        &format!("{ed}aliases = [\"eve@example.org\"]\n"),
        Some("2026-02-12"),
    );
    let as_ed = repo.change(
        EVE,
        "pairs/ed--mo/goals.yaml",
        &format!("{}# eve as ed\n", repo.f.read("pairs/ed--mo/goals.yaml")),
        Some("2026-02-13"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A003", &grant, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A001", &after_grant, "eve@example.org"),
        "a grant its author had no right to make grants nothing: {findings:#?}"
    );
    assert!(
        has(&findings, "A002", &alias, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A001", &as_ed, "eve@example.org"),
        "{findings:#?}"
    );
    // The same from a later start: who is who is read from that revision.
    let (code, later) = repo.audit(&["--since", &format!("{grant}~1")]);
    assert_eq!(code, 1);
    assert!(
        has(&later, "A001", &after_grant, "eve@example.org"),
        "{later:#?}"
    );
    // A coordinator's grant holds from the next commit on.
    let programme = repo.f.read("programme.toml");
    repo.change(
        COORD,
        "programme.toml",
        &programme.replace(
            "trusted = [\"hr@example.org\", \"eve@example.org\"]",
            "trusted = [\"hr@example.org\", \"max@example.org\"]",
        ),
        Some("2026-02-14"),
    );
    let trusted = repo.change(
        MAX,
        "pairs/ed--mo/pair.toml",
        &format!("{}# max, trusted\n", repo.f.read("pairs/ed--mo/pair.toml")),
        Some("2026-02-15"),
    );
    let (_, findings) = repo.audit(&[]);
    assert!(
        !findings
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains(&trusted)),
        "{findings:#?}"
    );
}

/// The programme with a meeting logged by Ed after its first commit, and
/// that first commit's hash, for a branch to start from.
fn a_meeting_after(mut repo: Repo) -> (Repo, String) {
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60)]),
        Some("2026-02-02"),
    );
    (repo, base)
}

/// A merge that takes an old branch's version of a file undoes what the
/// main line did since (git's combined diff does not show it): the merge's
/// own change, audited as such.
#[test]
fn a_merge_that_restores_an_old_version_is_audited() {
    let (repo, base) = a_meeting_after(Repo::new());
    let dir = repo.f.path().to_path_buf();
    let when = "2026-03-01T12:00:00";
    crate::support::git(&dir, &["checkout", "-q", "-b", "side", &base], MAX, when);
    repo.f.write(
        "people/max.toml",
        &format!("{}# mine\n", repo.f.read("people/max.toml")),
    );
    repo.commit_all(MAX, "2026-03-01", "mine");
    crate::support::git(&dir, &["checkout", "-q", "main"], MAX, when);
    crate::support::git(
        &dir,
        &[
            "merge", "-q", "--no-ff", "-s", "ours", "side", "-m", "merge",
        ],
        MAX,
        when,
    );
    crate::support::git(
        &dir,
        &["checkout", "-q", "side", "--", "pairs/ed--mo/log.yaml"],
        MAX,
        when,
    );
    crate::support::git(
        &dir,
        &["commit", "-q", "--amend", "-a", "-m", "merge"],
        MAX,
        when,
    );
    assert_eq!(repo.f.read("pairs/ed--mo/log.yaml"), "meetings: []\n");
    let merge = repo.git(&["rev-parse", "--short=8", "HEAD"]);
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A001", &merge, "max@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A004", &merge, "max@example.org"),
        "{findings:#?}"
    );
}

/// A pair's members are fixed once it has been active, whatever its status
/// says later and even after its file is deleted and made again.
#[test]
fn members_stay_fixed_through_a_status_flip_or_a_new_file() {
    let mut repo = Repo::new();
    let pair = repo.f.read("pairs/ed--mo/pair.toml");
    assert!(pair.contains("status = \"active\""), "{pair}");
    repo.change(
        ED,
        "pairs/ed--mo/pair.toml",
        &pair.replace("status = \"active\"", "status = \"proposed\""),
        Some("2026-02-01"),
    );
    let swapped = repo.change(
        ED,
        "pairs/ed--mo/pair.toml",
        &pair.replace("mentor = \"mo\"", "mentor = \"max\""),
        Some("2026-02-02"),
    );
    std::fs::remove_file(repo.f.path().join("pairs/ed--mo/pair.toml")).unwrap();
    repo.commit_all(ED, "2026-02-03", "gone");
    let remade = repo.change(
        ED,
        "pairs/ed--mo/pair.toml",
        &pair.replace("mentee = \"ed\"", "mentee = \"eve\""),
        Some("2026-02-04"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A006", &swapped, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A006", &remade, "ed@example.org"),
        "{findings:#?}"
    );
}

/// The grace period for correcting one's last meeting runs forward only:
/// an entry dated in the future does not stay open to rewriting.
#[test]
fn a_future_dated_meeting_is_not_open_to_rewriting() {
    let mut repo = Repo::new();
    repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 60)]),
        Some("2027-06-01"),
    );
    let rewritten = repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &log(&[("2026-02-01", 120)]),
        Some("2026-03-01"),
    );
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A004", &rewritten, "ed@example.org"),
        "{findings:#?}"
    );
}

/// The same revert through a merge whose first parent is the old branch
/// (merged from there and pushed as a fast-forward), and through an
/// octopus merge: either way the merge's own change.
#[test]
fn merges_in_any_order_or_with_many_parents_do_not_hide_a_revert() {
    let dir_of = |repo: &Repo| repo.f.path().to_path_buf();
    let when = "2026-03-01T12:00:00";
    let g = |repo: &Repo, args: &[&str]| crate::support::git(&dir_of(repo), args, MAX, when);
    // First parent the side branch.
    let (repo, base) = a_meeting_after(Repo::new());
    g(&repo, &["checkout", "-q", "-b", "side", &base]);
    repo.f.write(
        "people/max.toml",
        &format!("{}# mine\n", repo.f.read("people/max.toml")),
    );
    repo.commit_all(MAX, "2026-03-01", "mine");
    g(&repo, &["merge", "-q", "-s", "ours", "main", "-m", "merge"]);
    g(&repo, &["checkout", "-q", "main"]);
    g(&repo, &["merge", "-q", "--ff-only", "side"]);
    assert_eq!(repo.f.read("pairs/ed--mo/log.yaml"), "meetings: []\n");
    let merge = repo.git(&["rev-parse", "--short=8", "HEAD"]);
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A004", &merge, "max@example.org"),
        "{findings:#?}"
    );
    // An octopus merge.
    let (repo, base) = a_meeting_after(Repo::new());
    for side in ["s1", "s2"] {
        g(&repo, &["checkout", "-q", "-b", side, &base]);
        repo.f.write(&format!("{side}.txt"), side);
        repo.commit_all(MAX, "2026-03-01", side);
    }
    g(&repo, &["checkout", "-q", "main"]);
    g(&repo, &["merge", "-q", "--no-edit", "s1", "s2"]);
    g(&repo, &["checkout", &base, "--", "pairs/ed--mo/log.yaml"]);
    g(&repo, &["commit", "-q", "--amend", "--no-edit"]);
    let merge = repo.git(&["rev-parse", "--short=8", "HEAD"]);
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        has(&findings, "A004", &merge, "max@example.org"),
        "{findings:#?}"
    );
}

/// A participant's second root commit, creating its own programme.toml
/// that names them coordinator, founds nothing: the audit says it cannot
/// tell which commit founded the programme, and takes no one's word.
#[test]
fn a_second_root_commit_founds_nothing() {
    let repo = Repo::new();
    let dir = repo.f.path().to_path_buf();
    let when = "2026-03-01T12:00:00";
    let programme = repo.f.read("programme.toml");
    crate::support::git(&dir, &["checkout", "-q", "--orphan", "evil"], EVE, when);
    crate::support::git(&dir, &["rm", "-rqf", "."], EVE, when);
    repo.f.write(
        "programme.toml",
        &programme.replace(COORDINATOR, "eve@example.org"),
    );
    repo.commit_all(EVE, "2026-03-01", "root");
    let evil = repo.git(&["rev-parse", "HEAD"]);
    crate::support::git(&dir, &["checkout", "-q", "main"], EVE, when);
    let merged = crate::support::git_output(
        &dir,
        &[
            "commit-tree",
            "main^{tree}",
            "-p",
            &evil,
            "-p",
            "main",
            "-m",
            "m",
        ],
        EVE,
        when,
    );
    crate::support::git(&dir, &["reset", "-q", "--hard", &merged], EVE, when);
    let (code, findings) = repo.audit(&[]);
    assert_eq!(code, 1);
    assert!(
        findings.iter().any(|d| d["code"] == "A009"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("2 commits create programme.toml")),
        "{findings:#?}"
    );
}

/// Status written in another case is the same status: members stay fixed.
#[test]
fn members_stay_fixed_whatever_the_case_of_the_status() {
    let mut repo = Repo::new();
    // A new pair, proposed, then only ever written `Active`.
    let pair = repo
        .f
        .read("pairs/ed--mo/pair.toml")
        .replace("mentee = \"ed\"", "mentee = \"eve\"")
        .replace("mentor = \"mo\"", "mentor = \"max\"");
    let file = "pairs/eve--max/pair.toml";
    repo.change(
        COORD,
        file,
        &pair.replace("status = \"active\"", "status = \"proposed\""),
        Some("2026-01-21"),
    );
    let active = pair.replace("status = \"active\"", "status = \"Active\"");
    repo.change(EVE, file, &active, Some("2026-02-01"));
    let swapped = repo.change(
        EVE,
        file,
        &active.replace("mentor = \"max\"", "mentor = \"mo\""),
        Some("2026-02-02"),
    );
    let (_, findings) = repo.audit(&[]);
    assert!(
        has(&findings, "A006", &swapped, "eve@example.org"),
        "{findings:#?}"
    );
}

/// A supervisor's approval the mentee typed in carries no evidence: the
/// audit flags it (A015). One a coordinator records with `mentor person
/// approve`, saying how it came, is not flagged.
#[test]
fn an_approval_the_mentee_records_is_flagged_and_one_the_coordinator_records_is_not() {
    let mut repo = Repo::new();
    let eve = repo.f.read("people/eve.toml");
    let own = repo.change(
        EVE,
        "people/eve.toml",
        &format!("{eve}\n[supervisor_approval]\nby = \"boss@example.org\"\ndate = 2026-01-05\n"),
        None,
    );
    let recorded = repo.f.mentor(&[
        "person",
        "approve",
        "ed",
        "--by",
        "lib-boss@example.org",
        "--via",
        "signed-document",
        "--date",
        "2026-01-20",
    ]);
    assert_exit(&recorded, 0);
    let ed = repo.f.read("people/ed.toml");
    assert!(
        ed.contains("[supervisor_approval]\nby = \"lib-boss@example.org\"\ndate = 2026-01-20\nreceived_via = \"signed-document\"\n"),
        "{ed}"
    );
    repo.commit_all(COORD, "2026-01-21", "Ed's approval, signed form received");
    // Eve edits hers again: a change, flagged again; a change elsewhere in
    // her profile is not about the approval.
    let text = repo.f.read("people/eve.toml");
    let again = repo.change(
        EVE,
        "people/eve.toml",
        &text.replace("2026-01-05", "2026-01-06"),
        None,
    );
    let text = repo.f.read("people/eve.toml");
    let other = repo.change(
        EVE,
        "people/eve.toml",
        &text.replace("languages = [\"en\"]", "languages = [\"en\", \"fr\"]"),
        None,
    );
    let (_, findings) = repo.audit(&[]);
    let flagged: Vec<&Value> = findings.iter().filter(|d| d["code"] == "A015").collect();
    assert_eq!(flagged.len(), 2, "{findings:#?}");
    assert!(
        has(&findings, "A015", &own, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A015", &again, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(!has(&findings, "A015", &other, "eve@example.org"));
}

/// A supervisor may approve in the git host's web editor: a commit whose
/// address is the approval's `by`, changing only the mentee's
/// `supervisor_approval`, is evidence enough (no A002, no A015). The same
/// address changing anything else, an approval naming someone other than
/// the committer, and the mentee's own approval are still flagged.
#[test]
fn an_approval_the_supervisor_commits_is_accepted_and_nothing_else_they_change() {
    const SUP: (&str, &str) = ("Sam Supervisor", "Sam.Sup@example.org");
    const OTHER: (&str, &str) = ("Olly Other", "olly@example.org");
    let mut repo = Repo::new();
    let eve = repo.f.read("people/eve.toml");
    let approved = repo.change(
        SUP,
        "people/eve.toml",
        &format!("{eve}\n[supervisor_approval]\nby = \"sam.sup@example.org\"\ndate = 2026-01-05\n"),
        None,
    );
    let text = repo.f.read("people/eve.toml");
    let redated = repo.change(
        SUP,
        "people/eve.toml",
        &text.replace("2026-01-05", "2026-01-06"),
        None,
    );
    let text = repo.f.read("people/eve.toml");
    let meddled = repo.change(
        SUP,
        "people/eve.toml",
        &text
            .replace("2026-01-06", "2026-01-07")
            .replace("languages = [\"en\"]", "languages = [\"en\", \"fr\"]"),
        None,
    );
    let text = repo.f.read("people/eve.toml");
    let not_theirs = repo.change(
        OTHER,
        "people/eve.toml",
        &text.replace("sam.sup@example.org", "someone@example.org"),
        None,
    );
    let text = repo.f.read("people/eve.toml");
    let own = repo.change(
        EVE,
        "people/eve.toml",
        &text.replace("someone@example.org", "sam.sup@example.org"),
        None,
    );
    let (_, findings) = repo.audit(&[]);
    for commit in [&approved, &redated] {
        assert!(
            !findings.iter().any(|d| d["message"]
                .as_str()
                .unwrap_or_default()
                .contains(commit.as_str())),
            "the supervisor's own approval {commit} is accepted: {findings:#?}"
        );
    }
    assert!(
        has(&findings, "A002", &meddled, "Sam.Sup@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A002", &not_theirs, "olly@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A015", &own, "eve@example.org"),
        "{findings:#?}"
    );
}

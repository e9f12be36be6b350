//! A programme's choice about sealing (`[privacy] seal`) decides how loud
//! plaintext private values are: an error where it seals, nothing where it
//! chose plaintext, one summary where it has not decided; and the audit
//! judges each commit by the choice the coordinators had made by then.

use crate::audit::{COORD, ED, EVE, Repo, has, log};
use crate::support::{AS_OF, Fixture, assert_exit, stdout};

/// The audit's repository, with the programme's `[privacy]` table
/// rewritten to `privacy`.
fn repo_choosing(privacy: &str) -> Repo {
    let mut repo = Repo::new();
    let programme = repo
        .f
        .read("programme.toml")
        .replace("[privacy]\nseal = true\n", privacy);
    repo.change(COORD, "programme.toml", &programme, Some("2026-01-02"));
    repo
}

fn note(text: &str) -> String {
    format!("{}    private_notes: {text}\n", log(&[("2026-02-01", 60)]))
}

#[test]
fn a_programme_that_chose_plaintext_has_a_clean_validate_report_and_audit() {
    let mut repo = repo_choosing("[privacy]\nseal = false\n");
    let plaintext = repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &note("a hard week"),
        Some("2026-02-02"),
    );

    let (exit, findings) = repo.f.validate();
    assert!(
        !findings
            .iter()
            .any(|f| f.code == "W015" || f.code == "E061"),
        "{findings:?}"
    );
    assert_eq!(exit, 0, "{findings:?}");
    let report = repo.f.run(&format!("report --as-of {AS_OF}"));
    assert_exit(&report, 0);
    assert!(
        stdout(&report)
            .contains("Private values are kept in plaintext by choice ([privacy] seal = false)"),
        "{}",
        stdout(&report)
    );

    let (exit, findings) = repo.audit(&[]);
    assert_eq!(exit, 0, "warnings only: {findings:#?}");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        has(&findings, "A010", &plaintext, "ed@example.org"),
        "{findings:#?}"
    );
    assert_eq!(findings[0]["severity"], "warning");
    assert!(
        !findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("a hard week")
    );
}

#[test]
fn the_audit_judges_each_commit_by_the_choice_the_coordinators_had_made() {
    // Undecided at first: plaintext then is a warning.
    let mut repo = repo_choosing("");
    let before = repo.change(
        ED,
        "pairs/ed--mo/log.yaml",
        &note("early days"),
        Some("2026-02-02"),
    );
    // The coordinators decide to seal; later plaintext is an error.
    let programme = format!(
        "{}\n[privacy]\nseal = true\n",
        repo.f.read("programme.toml")
    );
    repo.change(COORD, "programme.toml", &programme, Some("2026-02-03"));
    let feedback = "feedback:\n  - by: ed\n    date: 2026-02-04\n    satisfaction: 4\n    comment: Mo listens\n";
    let after = repo.change(
        ED,
        "pairs/ed--mo/feedback.yaml",
        feedback,
        Some("2026-02-04"),
    );
    // A participant cannot take the choice back for everyone (A003), and
    // their change does not soften the next finding.
    let off = repo
        .f
        .read("programme.toml")
        .replace("seal = true", "seal = false");
    repo.change(EVE, "programme.toml", &off, Some("2026-02-05"));
    let assessment = "assessments:\n  - stage: baseline\n    by: ed\n    date: 2026-02-07\n    levels: {budgeting: 1}\n";
    let later = repo.change(
        ED,
        "pairs/ed--mo/assessment.yaml",
        assessment,
        Some("2026-02-07"),
    );

    let (exit, findings) = repo.audit(&[]);
    assert_eq!(exit, 1, "{findings:#?}");
    assert!(
        has(&findings, "A010", &before, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A007", &after, "ed@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A003", "", "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A007", &later, "ed@example.org"),
        "{findings:#?}"
    );
}

#[test]
fn an_undecided_programme_gets_one_warning_counting_its_plaintext() {
    let f = Fixture::base();
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 4\n    comment: Mo listens\n  - by: mo\n    date: 2026-03-01\n    satisfaction: 5\n    comment: Ed prepares well\n",
    );
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    let w015: Vec<_> = findings.iter().filter(|d| d.code == "W015").collect();
    assert_eq!(w015.len(), 1, "{findings:?}");
    assert_eq!((w015[0].path.as_str(), w015[0].line), ("programme.toml", 1));
    assert!(
        w015[0].message.starts_with(
            "4 private values are in plaintext (the first in pairs/ed--mo/feedback.yaml:"
        ),
        "{}",
        w015[0].message
    );
    let human = stdout(&f.mentor(&["validate", "--as-of", AS_OF]));
    assert_eq!(human.matches("W015").count(), 1, "{human}");
}

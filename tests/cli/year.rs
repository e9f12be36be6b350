//! The README's coordinator's year, followed on a copy of the example with
//! one command per step: match, turn down, start, baseline, log, seal,
//! report, remind (delivered to the test's SMTP server), close, export, audit.

use crate::smtp::SmtpSink;
use crate::support::{Fixture, assert_exit, git, stdout};

/// The coordinator, who commits the year.
const ROSA: (&str, &str) = ("Rosa Alvarez", "r.alvarez@westbridge.ac.uk");

#[test]
fn a_coordinators_year_one_command_per_step() {
    let f = Fixture::example();
    let day = |d: &str| format!("{d}T12:00:00");
    // An SMTP server for the week's reminders.
    let smtp = SmtpSink::start();
    let port = smtp.port;
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[remind]\nhost = \"127.0.0.1\"\nport = {port}\nfrom = \"Mentoring <mentoring@westbridge.ac.uk>\"\nstarttls = false\n"),
    );
    git(
        f.path(),
        &["init", "-q", "-b", "main"],
        ROSA,
        &day("2026-03-01"),
    );
    git(f.path(), &["add", "-A"], ROSA, &day("2026-03-01"));
    git(
        f.path(),
        &["commit", "-q", "-m", "The programme so far"],
        ROSA,
        &day("2026-03-01"),
    );
    let run = |args: &[&str]| {
        let out = f.mentor(args);
        assert_exit(&out, 0);
        stdout(&out)
    };

    // Match the waiting mentees; one proposal is turned down, one started.
    run(&["match", "--as-of", "2026-03-16", "--write"]);
    run(&[
        "pair",
        "reject",
        "farah-ali--marcus-berg",
        "--date",
        "2026-03-17",
    ]);
    run(&[
        "pair",
        "start",
        "george-kim--lucia-fernandez",
        "--date",
        "2026-03-18",
    ]);
    run(&[
        "new",
        "assessment",
        "george-kim--lucia-fernandez",
        "--stage",
        "baseline",
        "--by",
        "george-kim",
        "--date",
        "2026-03-18",
        "--level",
        "budgeting=1",
    ]);
    // A meeting with a private note, sealed from standard input.
    let out = f.mentor_with_input(
        &[
            "log",
            "george-kim--lucia-fernandez",
            "--minutes",
            "50",
            "--mode",
            "video",
            "--date",
            "2026-03-20",
            "--private",
        ],
        "George worries about the budget round",
    );
    assert_exit(&out, 0);
    run(&["seal"]);
    git(f.path(), &["add", "-A"], ROSA, &day("2026-03-20"));
    git(
        f.path(),
        &["commit", "-q", "-m", "Pairs started"],
        ROSA,
        &day("2026-03-20"),
    );

    // The weekly report and reminders.
    let report = run(&["report", "--as-of", "2026-03-23"]);
    assert!(report.contains("Needs attention"), "{report}");
    let sent = run(&["remind", "--as-of", "2026-03-23", "--send"]);
    assert!(sent.contains("Sent"), "{sent}");
    assert!(
        !smtp.messages().is_empty(),
        "a reminder reached the SMTP server"
    );

    // Leave: a pair pauses, and is not chased while the pause lasts.
    let before = run(&["report", "--as-of", "2026-03-25"]);
    assert!(
        before.contains("[pair-stalled] dev-patel--tom-okafor"),
        "{before}"
    );
    run(&[
        "pair",
        "pause",
        "dev-patel--tom-okafor",
        "--from",
        "2026-03-23",
        "--to",
        "2026-04-30",
        "--reason",
        "leave",
    ]);
    let paused = run(&["report", "--as-of", "2026-03-25"]);
    assert!(
        paused.contains("paused-until:2026-04-30")
            && !paused.contains("[pair-stalled] dev-patel--tom-okafor"),
        "{paused}"
    );

    // The year ends: a pair closes, HR gets the quarter, the audit is clean.
    let closed = run(&[
        "pair",
        "close",
        "ana-silva--priya-shah",
        "--reason",
        "completed",
        "--date",
        "2026-03-24",
    ]);
    assert!(closed.contains("ana-silva is marked completed"), "{closed}");
    run(&[
        "pair",
        "close",
        "ben-jones--helen-wright",
        "--reason",
        "moved-on",
        "--date",
        "2026-03-24",
    ]);
    run(&[
        "export",
        "--as-of",
        "2026-03-31",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--out",
        "hr",
        "--by",
        "month",
    ]);
    assert!(f.read("hr/indicators.csv").contains("pairs_active_at_end,"));
    git(f.path(), &["add", "-A"], ROSA, &day("2026-03-31"));
    git(
        f.path(),
        &["commit", "-q", "-m", "Quarter closed"],
        ROSA,
        &day("2026-03-31"),
    );
    let audit = f.mentor(&["audit", "--since", "HEAD~2"]);
    assert_exit(&audit, 0);
    let validate = f.mentor(&["validate", "--as-of", "2026-03-31", "--format", "concise"]);
    assert_exit(&validate, 0);
}

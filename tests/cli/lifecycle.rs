//! The rest of a pair's life by command: start, close, turn down; people
//! completed, withdrawn, back. Each through the one writer, on a copy of the
//! example, with the coordinator's identity where sealed values are read.

use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

fn proposals(f: &Fixture) -> Vec<String> {
    let out = f.mentor(&["match", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}--{}",
                p["mentee"].as_str().unwrap(),
                p["mentor"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_pair_is_proposed_started_closed_and_a_proposal_turned_down() {
    let f = Fixture::example();
    let proposed = proposals(&f);
    assert!(
        proposed.contains(&"farah-ali--marcus-berg".to_string()),
        "{proposed:?}"
    );
    assert_exit(&f.mentor(&["match", "--as-of", AS_OF, "--write"]), 0);

    // Turned down: never proposed again.
    let out = f.mentor(&[
        "pair",
        "reject",
        "farah-ali--marcus-berg",
        "--reason",
        "prefers another campus",
        "--date",
        AS_OF,
    ]);
    assert_exit(&out, 0);
    let pair = f.read("pairs/farah-ali--marcus-berg/pair.toml");
    assert!(
        pair.contains("status = \"rejected\"") && pair.contains("rejected_on = 2026-03-16"),
        "{pair}"
    );
    assert!(!proposals(&f).contains(&"farah-ali--marcus-berg".to_string()));

    // Started: active, dated, a learning contract laid out, the mentee active.
    let out = f.mentor(&[
        "pair",
        "start",
        "george-kim--lucia-fernandez",
        "--date",
        AS_OF,
    ]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("Next:"), "{}", stdout(&out));
    let pair = f.read("pairs/george-kim--lucia-fernandez/pair.toml");
    assert!(
        pair.contains("status = \"active\"") && pair.contains("started = 2026-03-16"),
        "{pair}"
    );
    assert!(
        pair.contains("[agreement]\nconfidentiality = true"),
        "{pair}"
    );
    assert!(
        f.read("people/george-kim.toml")
            .contains("status = \"active\"")
    );
    let again = f.mentor(&["pair", "start", "george-kim--lucia-fernandez"]);
    assert_exit(&again, 2);
    assert!(
        stderr(&again).contains("not proposed"),
        "{}",
        stderr(&again)
    );

    // Closed as completed, with a note for the coordinators read from standard input.
    let out = f.mentor_with_input(
        &[
            "pair",
            "close",
            "ana-silva--priya-shah",
            "--reason",
            "completed",
            "--date",
            AS_OF,
            "--note-from-stdin",
        ],
        "A model pair; ask Priya to mentor again.",
    );
    assert_exit(&out, 0);
    let pair = f.read("pairs/ana-silva--priya-shah/pair.toml");
    assert!(
        pair.contains("reason = \"completed\"") && !pair.contains("model pair"),
        "the note is sealed: {pair}"
    );
    assert!(
        f.read("people/ana-silva.toml")
            .contains("status = \"completed\"")
    );
    let notes = f.mentor(&["notes", "ana-silva--priya-shah"]);
    assert!(
        stdout(&notes).contains("A model pair"),
        "the coordinator reads it: {}",
        stdout(&notes)
    );

    // Closed early, the mentee waits again.
    let out = f.mentor(&[
        "pair",
        "close",
        "ben-jones--helen-wright",
        "--reason",
        "moved-on",
        "--date",
        AS_OF,
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("waits for a new mentor"),
        "{}",
        stdout(&out)
    );

    // People leave and come back.
    assert_exit(&f.mentor(&["person", "withdraw", "farah-ali"]), 0);
    assert!(
        f.read("people/farah-ali.toml")
            .contains("status = \"withdrawn\"")
    );
    assert!(!proposals(&f).iter().any(|p| p.starts_with("farah-ali--")));
    assert_exit(&f.mentor(&["person", "reactivate", "farah-ali"]), 0);
    assert!(
        f.read("people/farah-ali.toml")
            .contains("status = \"active\"")
    );

    // The programme still validates after all of it.
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
}

/// One typo in one pair's file does not stop the weekly report: the file is
/// listed first with whom to ask, and the figures come from the rest.
#[test]
fn the_weekly_report_runs_through_a_typo_and_names_whom_to_contact() {
    let f = Fixture::example();
    let pair = f
        .read("pairs/ben-jones--helen-wright/pair.toml")
        .replace("mode = \"in-person\"", "mode = \"Teams\"");
    f.write("pairs/ben-jones--helen-wright/pair.toml", &pair);
    let out = f.mentor(&["report", "--as-of", AS_OF]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("PARTIAL: 1 file has errors"), "{text}");
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("1. "))
        .unwrap();
    assert!(
        first.contains("[file-error]")
            && first.contains("pairs/ben-jones--helen-wright/pair.toml:12"),
        "{first}"
    );
    assert!(
        first.contains("Ben Jones <b.jones@westbridge.ac.uk>") && first.contains("Helen Wright"),
        "{first}"
    );
    let csv = stdout(&f.mentor(&["report", "--as-of", AS_OF, "--format", "csv"]));
    let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(
        header,
        "kind,subject,days,message,action,contact_name,contact_email"
    );
    assert!(csv.contains(",Dev Patel,d.patel@westbridge.ac.uk"), "{csv}");
    // Export stays strict for HR, naming the error; --allow-errors says it is partial.
    let out = f.mentor(&["export", "--as-of", AS_OF, "--out", "hr"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("`agreement.mode` cannot be `Teams`"),
        "{}",
        stderr(&out)
    );
    assert_exit(
        &f.mentor(&["export", "--as-of", AS_OF, "--out", "hr", "--allow-errors"]),
        0,
    );
    let about = f.read("hr/about.csv");
    assert!(
        about.contains("partial,yes: 1 error in the files"),
        "{about}"
    );
}

/// Report gaps: a proposal left unanswered is chased after
/// `accept_within_days`; a mentee whose pair ran its course no longer waits
/// (and is not proposed a new mentor); goals met early is no "too few
/// meetings"; the mentee counts add up.
#[test]
fn proposals_are_chased_finished_mentees_do_not_wait_and_counts_add_up() {
    let f = Fixture::example();
    assert_exit(&f.mentor(&["match", "--as-of", "2026-03-01", "--write"]), 0);
    let json = |as_of: &str| -> serde_json::Value {
        serde_json::from_slice(
            &f.mentor(&["report", "--as-of", as_of, "--format", "json"])
                .stdout,
        )
        .unwrap()
    };
    let chased = |doc: &serde_json::Value| -> Vec<String> {
        doc["attention"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "proposal-not-accepted")
            .map(|a| a["subject"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(chased(&json("2026-03-10")).is_empty(), "9 days: not yet");
    let late = json(AS_OF);
    assert!(!chased(&late).is_empty(), "15 days: chased");
    let o = &late["overview"];
    let sum: u64 = [
        "mentees_waiting",
        "mentees_with_proposal",
        "mentees_paired",
        "mentees_completed",
        "mentees_withdrawn",
    ]
    .iter()
    .map(|k| o[k].as_u64().unwrap())
    .sum();
    assert_eq!(sum, o["mentees_total"].as_u64().unwrap(), "{o}");

    // Closed as completed by hand, the mentee's status left `active`.
    let f = Fixture::example();
    let pair = f
        .read("pairs/ana-silva--priya-shah/pair.toml")
        .replace("status = \"active\"", "status = \"closed\"")
        + "\n[closure]\ndate = 2026-03-10\nreason = \"goals-met-early\"\n";
    f.write("pairs/ana-silva--priya-shah/pair.toml", &pair);
    let doc = json_of(&f);
    assert!(
        !doc["attention"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["subject"] == "ana-silva" && a["kind"] == "mentee-waiting"),
        "not waiting"
    );
    assert!(!proposals(&f).iter().any(|p| p.starts_with("ana-silva--")));
    // Fewer meetings than the minimum: no warning for goals met early, one for "completed".
    let programme = f
        .read("programme.toml")
        .replace("min_meetings = 6", "min_meetings = 8");
    f.write("programme.toml", &programme);
    let w006 = |f: &Fixture| {
        let (_, findings) = f.validate();
        findings
            .iter()
            .any(|d| d.code == "W006" && d.path.contains("ana-silva"))
    };
    assert!(!w006(&f), "goals met early is a success");
    let completed = f
        .read("pairs/ana-silva--priya-shah/pair.toml")
        .replace("goals-met-early", "completed");
    f.write("pairs/ana-silva--priya-shah/pair.toml", &completed);
    assert!(
        w006(&f),
        "a completed pair with 6 of 8 meetings is warned about"
    );
}

fn json_of(f: &Fixture) -> serde_json::Value {
    serde_json::from_slice(
        &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"])
            .stdout,
    )
    .unwrap()
}

/// A pair on leave pauses: nothing is asked of it while the pause lasts,
/// its days do not count towards the meeting interval afterwards, and the
/// planned end can move by the pause's length.
#[test]
fn a_paused_pair_is_not_chased_and_its_end_can_move() {
    let f = Fixture::base();
    let warnings_on = |day: &str| -> Vec<String> {
        let out = f.mentor(&["validate", "--as-of", day, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    // Last met 2026-03-01, every 30 days: stalled on 20 April without a pause.
    assert!(warnings_on("2026-04-20").contains(&"W001".to_string()));
    let outbox = |day: &str, dir: &str| -> String {
        assert_exit(&f.mentor(&["remind", "--as-of", day, "--outbox", dir]), 0);
        std::fs::read_dir(f.path().join(dir))
            .map(|entries| {
                entries
                    .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(outbox("2026-04-20", "before").contains("You and Mo Mentor last met on 1 March 2026"));

    let before = f.read("pairs/ed--mo/pair.toml");
    let out = f.mentor(&[
        "pair",
        "pause",
        "ed--mo",
        "--from",
        "2026-03-10",
        "--to",
        "2026-04-30",
        "--reason",
        "parental leave",
        "--extend",
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("52 days") && stdout(&out).contains("from 2026-10-31 to 2026-12-22"),
        "{}",
        stdout(&out)
    );
    let after = f.read("pairs/ed--mo/pair.toml");
    assert!(
        after.contains("ends = 2026-12-22")
            && after.contains(
                "[[pause]]\nfrom = 2026-03-10\nto = 2026-04-30\nreason = \"parental leave\"\n"
            ),
        "{after}"
    );
    assert_eq!(
        after
            .replace("2026-12-22", "2026-10-31")
            .lines()
            .take(before.lines().count())
            .collect::<Vec<_>>(),
        before.lines().collect::<Vec<_>>()
    );

    // While paused: not stalled, no reminder, flagged in the report.
    assert!(!warnings_on("2026-04-20").contains(&"W001".to_string()));
    assert!(!outbox("2026-04-20", "paused").contains("You and Mo Mentor last met"));
    let report = stdout(&f.mentor(&["report", "--as-of", "2026-04-20"]));
    assert!(report.contains("paused-until:2026-04-30"), "{report}");
    // After it: 70 days since the last meeting, 52 of them paused: 18, fine.
    assert!(!warnings_on("2026-05-10").contains(&"W001".to_string()));
    // 96 days, 52 paused: 44 > 30, stalled again, and the message says so.
    assert!(warnings_on("2026-06-05").contains(&"W001".to_string()));
    let report = stdout(&f.mentor(&["report", "--as-of", "2026-06-05"]));
    assert!(
        report.contains("ed--mo has not met for 96 days (52 of them paused)"),
        "{report}"
    );

    // Refused, with the file left as it was: over the same days, backwards,
    // before the start, and a pair that is not running.
    let paused = f.read("pairs/ed--mo/pair.toml");
    for (args, says) in [
        (
            &["--from", "2026-04-20", "--to", "2026-05-05"][..],
            "already paused from 2026-03-10 to 2026-04-30",
        ),
        (
            &["--from", "2026-06-10", "--to", "2026-06-01"][..],
            "before it begins",
        ),
        (
            &["--from", "2026-01-10", "--to", "2026-01-20"][..],
            "before pair `ed--mo` started",
        ),
    ] {
        let mut line = vec!["pair", "pause", "ed--mo"];
        line.extend_from_slice(args);
        let out = f.mentor(&line);
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert_eq!(f.read("pairs/ed--mo/pair.toml"), paused);
    }
    f.write(
        "pairs/ed--mo/pair.toml",
        &paused.replace("status = \"active\"", "status = \"proposed\""),
    );
    let out = f.mentor(&["pair", "pause", "ed--mo", "--to", "2026-12-01"]);
    assert!(
        stderr(&out).contains("only a running pair can pause"),
        "{}",
        stderr(&out)
    );
}

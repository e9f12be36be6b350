//! The rest of a pair's life by command: start, close, turn down; people
//! completed, withdrawn, back. Each through the one writer, on a copy of the
//! example, with the coordinator's identity where sealed values are read.

use std::io::Write;
use std::process::Stdio;

use crate::support::{AS_OF, Fixture, assert_exit, command_in, stderr, stdout};

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
    let mut child = command_in(
        f.path(),
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
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A model pair; ask Priya to mentor again.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
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
    assert!(text.contains("PARTIAL: 1 file(s) have errors"), "{text}");
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
        about.contains("partial,yes: 1 error(s) in the files"),
        "{about}"
    );
}

//! The README's coordinator's year, followed on a copy of the example with
//! one command per step: match, turn down, start, baseline, log, seal,
//! report, remind (delivered to the test's SMTP server), close, export, audit.

use crate::smtp::SmtpSink;
use crate::support::{Fixture, assert_exit, git, stderr, stdout};

/// The coordinator, who commits the year.
const ROSA: (&str, &str) = ("Rosa Alvarez", "r.alvarez@westbridge.ac.uk");

/// George's baseline assessment, by command, as the pair starts.
const BASELINE: &[&str] = &[
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
];

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
    run(BASELINE);
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

/// The example with the week's proposals written, and `pair` started on
/// 2026-03-18: what the second pass of the coordinator's year starts from.
fn started(pair: &str) -> (Fixture, String) {
    let f = Fixture::example();
    assert_exit(&f.mentor(&["match", "--as-of", "2026-03-16", "--write"]), 0);
    let out = f.mentor(&["pair", "start", pair, "--date", "2026-03-18"]);
    assert_exit(&out, 0);
    (f, stdout(&out))
}

#[test]
fn pair_start_sets_the_end_so_the_mid_point_and_ending_prompts_arrive() {
    let pair = "george-kim--lucia-fernandez";
    let (f, said) = started(pair);
    // Ten months (`[pairs] duration_months`) would run to 2027-01-17: the
    // programme ends first, and the command says so.
    assert!(
        said.contains("planned to end on 2026-08-31: the programme's end, not 2027-01-17"),
        "{said}"
    );
    assert!(
        said.contains("mid-point review is due on 2026-06-09"),
        "{said}"
    );
    let file = f.read(&format!("pairs/{pair}/pair.toml"));
    assert!(file.contains("ends = 2026-08-31"), "{file}");

    let report = |day: &str| {
        let out = f.mentor(&["report", "--as-of", day]);
        assert_exit(&out, 0);
        stdout(&out)
    };
    let before = report("2026-06-08");
    assert!(
        !before.contains(&format!("[mid-point-review-due] {pair}")),
        "{before}"
    );
    let mid = report("2026-06-10");
    assert!(
        mid.contains(&format!(
            "[mid-point-review-due] {pair} passed its mid-point 1 day ago"
        )),
        "{mid}"
    );
    let late = report("2026-08-10");
    assert!(
        late.contains(&format!("[pair-ending-soon] {pair} ends in 21 days")),
        "{late}"
    );
}

#[test]
fn the_agreement_pair_start_writes_stays_valid_when_its_terms_are_uncommented() {
    let pair = "george-kim--lucia-fernandez";
    let (f, _) = started(pair);
    let path = format!("pairs/{pair}/pair.toml");
    let file = f.read(&path);
    assert_eq!(file.matches("\n[agreement]\n").count(), 1, "{file}");
    // Every commented term of the contract, uncommented as a pair would.
    let terms = [
        "signed",
        "meeting_every_days",
        "mode",
        "duration_months",
        "closing",
    ];
    let uncommented: String = file
        .lines()
        .map(|line| {
            let term = line
                .strip_prefix("# ")
                .filter(|rest| terms.iter().any(|t| rest.starts_with(&format!("{t} = "))));
            match term {
                Some(rest) => format!("{}\n", rest.replace("YYYY-MM-DD", "2026-03-20")),
                None => format!("{line}\n"),
            }
        })
        .collect();
    assert_ne!(uncommented, file, "the terms are there to uncomment");
    f.write(&path, &uncommented);
    let out = f.mentor(&["validate", "--as-of", "2026-03-20", "--format", "concise"]);
    assert_exit(&out, 0);
    let pair_toml = f.read(&path);
    assert!(
        pair_toml.contains("signed = 2026-03-20\nmeeting_every_days = 30"),
        "{pair_toml}"
    );
}

#[test]
fn an_extension_past_the_programme_end_offers_the_choices_and_each_works() {
    let pair = "george-kim--lucia-fernandez";
    let (f, _) = started(pair);
    let pause = |pair: &str, how: &str| {
        f.mentor(&[
            "pair",
            "pause",
            pair,
            "--from",
            "2026-05-01",
            "--to",
            "2026-05-31",
            how,
        ])
    };
    let refused = pause(pair, "--extend");
    assert_exit(&refused, 2);
    let why = stderr(&refused);
    assert!(
        why.contains("after the programme's end (2026-08-31)")
            && why.contains("--extend-to-programme-end")
            && why.contains("in programme.toml change `end = 2026-08-31` to `end = 2026-10-01`"),
        "{why}"
    );
    assert!(
        !f.read(&format!("pairs/{pair}/pair.toml"))
            .contains("\n[[pause]]\n")
    );

    // End with the programme.
    let out = pause(pair, "--extend-to-programme-end");
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("stays 2026-08-31, the programme's end"));
    let file = f.read(&format!("pairs/{pair}/pair.toml"));
    assert!(
        file.contains("\n[[pause]]\n") && file.contains("ends = 2026-08-31"),
        "{file}"
    );

    // Or extend the programme, as the message says, and extend the pair.
    let other = "dev-patel--tom-okafor";
    let refused = pause(other, "--extend");
    assert_exit(&refused, 2);
    assert!(stderr(&refused).contains("change `end = 2026-08-31` to `end = 2026-10-01`"));
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &programme.replacen("end = 2026-08-31", "end = 2026-10-01", 1),
    );
    let out = pause(other, "--extend");
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("moves from 2026-08-31 to 2026-10-01"),
        "{}",
        stdout(&out)
    );
    assert!(
        f.read(&format!("pairs/{other}/pair.toml"))
            .contains("ends = 2026-10-01")
    );
}

/// The coordinator's key from examples/keys, for opening what commands seal.
fn coordinator_key() -> crate::sealing::Key {
    crate::sealing::Key {
        file: crate::support::repo_path("examples/keys/coordinator.txt"),
        public: String::new(),
    }
}

#[test]
fn feedback_and_assessments_by_command_are_sealed_and_both_make_the_mid_point_review() {
    let pair = "george-kim--lucia-fernandez";
    let (f, _) = started(pair);
    let out = f.mentor(BASELINE);
    assert_exit(&out, 0);
    let assessment = f.read(&format!("pairs/{pair}/assessment.yaml"));
    let blocks = crate::sealing::sealed_blocks(&assessment);
    assert_eq!(
        blocks
            .iter()
            .map(|b| crate::sealing::age_open(&coordinator_key(), b))
            .collect::<Vec<_>>(),
        [Ok("budgeting: 1".to_string())],
        "{assessment}"
    );

    let feedback = |by: &str, comment: &str| {
        let out = f.mentor_with_input(
            &[
                "feedback",
                pair,
                "--by",
                by,
                "--stage",
                "mid",
                "--satisfaction",
                "4",
                "--date",
                "2026-06-10",
            ],
            comment,
        );
        assert_exit(&out, 0);
        stdout(&out)
    };
    let said = feedback("george-kim", "Lucía explains the budget rules well");
    assert!(
        said.contains("once lucia-fernandez gives theirs too"),
        "{said}"
    );
    let file = f.read(&format!("pairs/{pair}/feedback.yaml"));
    assert!(
        file.contains("stage: mid") && !file.contains("budget rules"),
        "{file}"
    );
    let opened: Vec<_> = crate::sealing::sealed_blocks(&file)
        .iter()
        .map(|b| crate::sealing::age_open(&coordinator_key(), b).unwrap())
        .collect();
    assert_eq!(opened, ["4", "Lucía explains the budget rules well"]);
    let report = |day: &str| stdout(&f.mentor(&["report", "--as-of", day]));
    let due = format!("[mid-point-review-due] {pair}");
    assert!(
        report("2026-06-11").contains(&due),
        "one side's review is half of it"
    );
    assert!(feedback("lucia-fernandez", "").contains("mid-point review is done"));
    assert!(!report("2026-06-11").contains(&due));
    let out = f.mentor(&["validate", "--as-of", "2026-06-11", "--format", "concise"]);
    assert_exit(&out, 0);
}

#[test]
fn a_mentee_who_left_is_withdrawn_and_nobody_waits_after_the_programme() {
    let pair = "george-kim--lucia-fernandez";
    let (f, _) = started(pair);
    let out = f.mentor(&[
        "pair",
        "reject",
        "farah-ali--marcus-berg",
        "--date",
        "2026-03-17",
    ]);
    assert_exit(&out, 0);
    let out = f.mentor(&[
        "pair",
        "close",
        pair,
        "--reason",
        "mentee-left",
        "--date",
        "2026-05-01",
    ]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("george-kim is marked withdrawn"));
    assert!(
        f.read("people/george-kim.toml")
            .contains("status = \"withdrawn\"")
    );
    let during = stdout(&f.mentor(&["report", "--as-of", "2026-06-01"]));
    assert!(!during.contains("george-kim has waited"), "{during}");
    // A mentee turned down in March has waited all spring, but not once
    // the programme is over.
    assert!(during.contains("farah-ali has waited"), "{during}");
    let after = stdout(&f.mentor(&["report", "--as-of", "2026-10-01"]));
    assert!(!after.contains("has waited"), "{after}");
    // Closed early for another reason, a mentee waits for a new mentor.
    let out = f.mentor(&[
        "pair",
        "close",
        "dev-patel--tom-okafor",
        "--reason",
        "mismatch",
        "--date",
        "2026-05-01",
    ]);
    assert_exit(&out, 0);
    assert!(
        f.read("people/dev-patel.toml")
            .contains("status = \"applied\"")
    );
    let refused = f.mentor(&[
        "pair",
        "close",
        "ben-jones--helen-wright",
        "--reason",
        "mentee-left",
        "--rematch",
    ]);
    assert_exit(&refused, 2);
}

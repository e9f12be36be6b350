//! `mentor report` and `mentor export`: hand-counted figures, period
//! boundaries, CSV hygiene, pseudonyms, and confidentiality.

use std::collections::HashMap;

use serde_json::Value;

use crate::support::{AS_OF, Fixture, assert_exit, item, stderr, stdout};

/// The base fixture plus a second, closed pair and feedback, small enough to
/// count every figure by hand:
///
/// - ed--mo: active from 2026-02-01; meetings 02-01 (60 min) and 03-01 (45);
///   goal g1 in progress; signed; feedback 4 on 03-01.
/// - eve--max: closed 2026-02-20 (mentee-left), started 2026-01-05; meetings
///   01-05 (30), 01-31 (90); goals a (achieved 01-30), b (dropped); feedback
///   2 on 02-20 and 5 on 2025-12-31 (outside the programme period).
fn counted() -> Fixture {
    let f = Fixture::base();
    f.write("people/eve.toml", "name = \"Eve Mentee\"\nemail = \"eve@example.org\"\nrole = \"mentee\"\ndepartment = \"IT\"\ngroup = \"staff\"\nlanguages = [\"en\"]\nneeds = [\"leadership\"]\nstatus = \"active\"\napplied_on = 2025-12-20\n\n[supervisor_approval]\nby = \"x@example.org\"\ndate = 2025-12-21\n");
    f.write("pairs/eve--max/pair.toml", "mentor = \"max\"\nmentee = \"eve\"\nstatus = \"closed\"\nproposed_on = 2026-01-02\nstarted = 2026-01-05\nends = 2026-06-30\n\n[agreement]\nsigned = 2026-01-05\nconfidentiality = true\n\n[closure]\ndate = 2026-02-20\nreason = \"mentee-left\"\n");
    f.write("pairs/eve--max/goals.yaml", "goals:\n  - {id: a, specific: Run a team meeting, measurable: One meeting chaired, achievable: Max coaches me, relevant: leadership, due: 2026-02-15, status: achieved, achieved_on: 2026-01-30}\n  - {id: b, specific: Lead a project, measurable: Project closed on time, achievable: Small project offered, relevant: leadership, due: 2026-02-19, status: dropped}\n");
    f.write("pairs/eve--max/log.yaml", "meetings:\n  - {date: 2026-01-05, minutes: 30, mode: video}\n  - {date: 2026-01-31, minutes: 90, mode: in-person}\n");
    f.write("pairs/eve--max/feedback.yaml", "feedback:\n  - {by: eve, date: 2026-02-20, satisfaction: 2}\n  - {by: max, date: 2025-12-31, satisfaction: 5}\n");
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - {by: ed, date: 2026-03-01, satisfaction: 4}\n",
    );
    f
}

fn export(f: &Fixture, extra: &[&str]) -> HashMap<String, Vec<HashMap<String, String>>> {
    let mut args = vec!["export", "--out", "hr", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let out = f.mentor(&args);
    assert_exit(&out, 0);
    ["indicators", "pairs", "participants", "meetings", "about"]
        .iter()
        .map(|name| {
            let bytes =
                std::fs::read(f.path().join("hr").join(format!("{name}.csv"))).expect("csv file");
            assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{name}: UTF-8 BOM");
            let body = &bytes[3..];
            assert!(
                body.windows(2).filter(|w| w == b"\r\n").count() >= 1,
                "{name}: CRLF"
            );
            assert!(
                !body
                    .windows(1)
                    .enumerate()
                    .any(|(i, w)| w == b"\n" && (i == 0 || body[i - 1] != b'\r')),
                "{name}: every line ends CRLF"
            );
            let mut reader = csv::Reader::from_reader(body);
            let headers = reader.headers().expect("header").clone();
            let rows = reader
                .records()
                .map(|r| {
                    let r = r.expect("row");
                    headers
                        .iter()
                        .zip(r.iter())
                        .map(|(h, v)| (h.to_string(), v.to_string()))
                        .collect()
                })
                .collect();
            (name.to_string(), rows)
        })
        .collect()
}

fn indicator(csv: &HashMap<String, Vec<HashMap<String, String>>>, id: &str) -> String {
    csv["indicators"]
        .iter()
        .find(|r| r["indicator"] == id)
        .unwrap_or_else(|| panic!("indicator {id}"))["value"]
        .clone()
}

#[test]
fn every_indicator_matches_a_hand_count() {
    let f = counted();
    let csv = export(&f, &[]);
    let expected = [
        ("procedures_defined", "no"), // the fixture sets no mentor criteria
        ("mentors_recruited", "2"),
        ("mentors_trained", "2"),
        ("plans_designed", "2"),
        ("average_satisfaction", "3.00"), // 4 and 2; the 2025 rating is outside the period
        ("average_satisfaction_mentees", "3.00"), // ed 4, eve 2
        ("average_satisfaction_mentors", ""), // max's 5 is dated 2025
        ("feedback_responses", "2"),
        ("mentees_assisted", "2"),
        ("pairs_active", "2"),
        ("pairs_active_at_end", "1"),
        ("meetings_held", "4"),
        ("mentoring_hours", "3.75"), // 60 + 45 + 30 + 90 = 225 minutes
        ("async_contact_hours", "0.00"),
        ("goals_set", "3"),
        ("goals_achieved", "1"),
        // Of the goals due or achieved by the end (ed's g1 is due in June; eve's
        // b was dropped), eve's a was achieved: 1 of 1.
        ("goals_due", "1"),
        ("goals_dropped", "1"),
        ("goal_achievement_rate", "100.00"),
        ("pairs_closed", "1"),
        ("premature_closures", "1"),
        ("premature_closure_rate", "100.00"),
        ("no_fault_closures", "1"), // eve left
        ("unsuccessful_closures", "0"),
        ("unsuccessful_closure_rate", "0.00"),
        ("median_days_to_match", "13.00"), // eve applied 2025-12-20, proposed 2026-01-02
        ("mentor_capacity_used", "50.00"), // 1 active pair, capacity 1 + 1
        ("cross_department_share", "50.00"), // ed (Library) / mo (Finance) differ; eve (IT) / max (IT) do not
        ("stalled_pairs", "0"),
        ("mentees_waiting", "1"), // eve: her pair closed, she is still active
    ];
    let mut wrong = Vec::new();
    for (id, value) in expected {
        let got = indicator(&csv, id);
        if got != value {
            wrong.push(format!("{id}: expected {value}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A rate from one closure says nothing: it is flagged.
    let rate = csv["indicators"]
        .iter()
        .find(|r| r["indicator"] == "premature_closure_rate")
        .unwrap();
    assert_eq!(
        (rate["cases"].as_str(), rate["small_sample"].as_str()),
        ("1", "yes")
    );
    let count = csv["indicators"]
        .iter()
        .find(|r| r["indicator"] == "meetings_held")
        .unwrap();
    assert_eq!(
        (count["cases"].as_str(), count["small_sample"].as_str()),
        ("", "")
    );
    // meetings per pair-month: 4 meetings over (44 + 47 days) / 30.44.
    let per_month: f64 = indicator(&csv, "meetings_per_pair_month")
        .parse()
        .expect("number");
    assert!(
        (per_month - 4.0 / (91.0 / 30.44)).abs() < 0.01,
        "{per_month}"
    );
    let row = &csv["indicators"][0];
    assert_eq!(row["period_start"], "2026-01-01");
    assert_eq!(row["period_end"], "2026-12-31");
    assert!(!row["definition"].is_empty());
}

#[test]
fn period_boundaries_include_both_end_days_and_nothing_outside() {
    let f = counted();
    let csv = export(&f, &["--from", "2026-01-31", "--to", "2026-03-01"]);
    // Meetings on 01-31, 02-01 and 03-01 are inside; 01-05 is not.
    assert_eq!(indicator(&csv, "meetings_held"), "3");
    assert_eq!(csv["meetings"].len(), 3);
    assert_eq!(indicator(&csv, "feedback_responses"), "2");
    // Goal a was achieved on 01-30, the day before the period.
    assert_eq!(indicator(&csv, "goals_achieved"), "0");
    let narrow = export(&f, &["--from", "2026-02-02", "--to", "2026-02-28"]);
    assert_eq!(indicator(&narrow, "meetings_held"), "0");
    assert_eq!(indicator(&narrow, "mentoring_hours"), "0.00");
    assert_eq!(indicator(&narrow, "average_satisfaction"), "2.00");
}

#[test]
fn an_empty_programme_exports_without_division_by_zero() {
    let f = Fixture::base();
    f.remove("pairs").remove("people");
    let csv = export(&f, &[]);
    for row in &csv["indicators"] {
        let v = &row["value"];
        assert!(
            !v.to_lowercase().contains("nan") && !v.to_lowercase().contains("inf"),
            "{}: {v}",
            row["indicator"]
        );
    }
    assert_eq!(indicator(&csv, "average_satisfaction"), "");
    assert_eq!(indicator(&csv, "goal_achievement_rate"), "");
    assert_eq!(indicator(&csv, "meetings_held"), "0");
    assert!(
        csv["pairs"].is_empty() && csv["participants"].is_empty() && csv["meetings"].is_empty()
    );
    let report = f.mentor(&["report", "--as-of", AS_OF]);
    assert_exit(&report, 0);
    assert!(stdout(&report).contains("No pairs yet"));
}

#[test]
fn cells_that_start_like_formulas_are_neutralised() {
    let f = counted();
    f.write("people/max.toml", "name = \"=HYPERLINK(\\\"http://x\\\")\"\nrole = \"mentor\"\ndepartment = \"@IT\"\ntrained_on = 2025-12-01\n");
    let csv = export(&f, &[]);
    let max = csv["participants"]
        .iter()
        .find(|r| r["person"] == "max")
        .expect("max");
    assert_eq!(max["name"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(max["department"], "'@IT");
}

#[test]
fn anonymize_replaces_ids_names_and_emails_with_stable_keyed_pseudonyms() {
    // Two pairs can hide in no crowd: k = 1 shows the pseudonyms themselves
    // (k-anonymity has its own tests).
    let f = counted();
    let first = export(&f, &["--anonymize", "--min-group", "1"]);
    assert!(
        !f.path().join(".mentor").exists(),
        "without coordinator keys, the key is kept outside the programme"
    );
    let second = export(&f, &["--anonymize", "--min-group", "1"]);
    assert_eq!(first["pairs"], second["pairs"], "stable across runs");
    let all: String = std::fs::read_dir(f.path().join("hr"))
        .expect("hr")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect();
    for identity in [
        "ed--mo",
        "Ed Mentee",
        "ed@example.org",
        "eve@example.org",
        "Max Mentor",
        ",mo,",
        ",max,",
    ] {
        assert!(
            !all.contains(identity),
            "{identity} leaked into an anonymised export"
        );
    }
    assert!(
        first["participants"]
            .iter()
            .all(|r| r["person"].starts_with("person-") && r["email"].is_empty())
    );
    assert!(
        first["pairs"]
            .iter()
            .all(|r| r["pair"].starts_with("pair-"))
    );
    // Each table has pseudonyms of its own: a mentor's pseudonym in
    // pairs.csv names nobody in participants.csv (no join between them).
    let mentors: Vec<&String> = first["pairs"].iter().map(|r| &r["mentor"]).collect();
    assert!(!mentors.is_empty());
    assert!(
        mentors
            .iter()
            .all(|m| first["participants"].iter().all(|p| &&p["person"] != m))
    );
    // Another key, other pseudonyms.
    let k1 = ["--anonymize", "--min-group", "1"];
    let out = f.mentor(&[&["export", "--out", "hr2", "--as-of", AS_OF][..], &k1].concat());
    assert_exit(&out, 0);
    let other = crate::support::command_in(
        f.path(),
        &[&["export", "--out", "hr3", "--as-of", AS_OF][..], &k1].concat(),
    )
    .env("MENTOR_PSEUDONYM_KEY", "a different secret")
    .output()
    .expect("run");
    assert_exit(&other, 0);
    let a = std::fs::read_to_string(f.path().join("hr2/pairs.csv")).expect("read");
    let b = std::fs::read_to_string(f.path().join("hr3/pairs.csv")).expect("read");
    assert_ne!(a, b);
}

#[test]
fn the_pseudonym_key_is_never_in_the_repository_in_plaintext() {
    use std::os::unix::fs::PermissionsExt;
    // No coordinator keys: a file outside the programme, for this user alone.
    let f = counted();
    let out = f.mentor(&["export", "--out", "hr", "--as-of", AS_OF, "--anonymize"]);
    assert_exit(&out, 0);
    let note = stderr(&out);
    let kept = note
        .split_whitespace()
        .find(|w| w.ends_with(".key"))
        .unwrap_or_else(|| panic!("the note names the key file: {note}"));
    let kept = std::path::Path::new(kept);
    assert!(kept.starts_with(crate::support::config_home()), "{note}");
    assert_eq!(
        std::fs::metadata(kept).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!f.path().join(".mentor/pseudonym-key").exists());
    // A failing export makes no key.
    let failing = counted();
    failing.write("hr", "a file where the folder should be");
    let out = failing.mentor(&["export", "--out", "hr", "--as-of", AS_OF, "--anonymize"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        !stderr(&out).contains("made the pseudonym key"),
        "{}",
        stderr(&out)
    );

    // Coordinator keys: sealed in the programme, opened with an identity.
    let keys = tempfile::tempdir().unwrap();
    let crate::sealing::Key {
        file: identity,
        public,
    } = crate::sealing::age_key(keys.path(), "coordinator");
    let sealed = counted();
    let programme = sealed.read("programme.toml");
    sealed.write(
        "programme.toml",
        &format!("{programme}\n[coordinator]\nname = \"Cora\"\nkeys = [\"{public}\"]\n"),
    );
    let first = export(&sealed, &["--anonymize"]);
    // Beside the records, to commit: `.mentor/` is the machine's own.
    let file = sealed.read("pseudonym-key.age");
    assert!(
        file.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{file}"
    );
    let without = sealed.mentor(&["export", "--out", "hr2", "--as-of", AS_OF, "--anonymize"]);
    assert_exit(&without, 2);
    assert!(
        stderr(&without).contains("--identity"),
        "{}",
        stderr(&without)
    );
    let again = export(
        &sealed,
        &["--anonymize", "--identity", identity.to_str().unwrap()],
    );
    assert_eq!(
        first["pairs"], again["pairs"],
        "the sealed key gives the same pseudonyms"
    );
    // Where earlier versions kept it: still read, then moved beside the records.
    std::fs::create_dir_all(sealed.path().join(".mentor")).unwrap();
    std::fs::rename(
        sealed.path().join("pseudonym-key.age"),
        sealed.path().join(".mentor/pseudonym-key.age"),
    )
    .unwrap();
    let moved = export(
        &sealed,
        &["--anonymize", "--identity", identity.to_str().unwrap()],
    );
    assert_eq!(
        first["pairs"], moved["pairs"],
        "the moved key is the same key"
    );
    // Sealed again as it moves, bound to its place (an unbound key is refused).
    let moved_file = sealed.read("pseudonym-key.age");
    let header = mentor::seal::armor::header(&moved_file).unwrap();
    assert_eq!(
        header.binding.map(|b| b.place),
        Some(r#"["pseudonym-key","key"]"#.to_string()),
        "{moved_file}"
    );
    assert!(!sealed.path().join(".mentor/pseudonym-key.age").exists());
}

const SECRETS: [&str; 5] = [
    "SECRET-PRIVATE-NOTE",
    "SECRET-TOPIC",
    "SECRET-ACTION",
    "SECRET-COMMENT",
    "SECRET-CLOSURE-NOTE",
];

fn with_secrets() -> Fixture {
    let f = counted();
    f.write("pairs/ed--mo/log.yaml", "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    goals: [g1]\n    topics: [SECRET-TOPIC]\n    actions: [SECRET-ACTION]\n    private_notes: SECRET-PRIVATE-NOTE\n  - date: 2026-03-01\n    minutes: 45\n    goals: [g1]\n");
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - {by: ed, date: 2026-03-01, satisfaction: 4, comment: SECRET-COMMENT}\n",
    );
    let pair = f.read("pairs/eve--max/pair.toml").replace(
        "reason = \"mentee-left\"",
        "reason = \"mentee-left\"\nnote = \"SECRET-CLOSURE-NOTE\"",
    );
    f.write("pairs/eve--max/pair.toml", &pair);
    f
}

#[test]
fn no_confidential_or_free_text_leaves_through_report_or_export() {
    let f = with_secrets();
    let mut outputs = Vec::new();
    for format in ["table", "markdown", "json"] {
        outputs.push(stdout(
            &f.mentor(&["report", "--as-of", AS_OF, "--format", format]),
        ));
    }
    for extra in [&[][..], &["--anonymize"][..]] {
        export(&f, extra);
        for name in ["indicators", "pairs", "participants", "meetings"] {
            outputs.push(
                std::fs::read_to_string(f.path().join(format!("hr/{name}.csv"))).expect("csv"),
            );
        }
    }
    for output in &outputs {
        for secret in SECRETS {
            assert!(!output.contains(secret), "{secret} appeared in:\n{output}");
        }
    }
    // The pair's own timeline shows topics (its working record) but never
    // private notes, actions, comments or closure notes.
    for format in ["table", "markdown", "json"] {
        let timeline = stdout(&f.mentor(&[
            "report", "--as-of", AS_OF, "--pair", "ed--mo", "--format", format,
        ]));
        assert!(timeline.contains("SECRET-TOPIC"), "{timeline}");
        for secret in ["SECRET-PRIVATE-NOTE", "SECRET-ACTION", "SECRET-COMMENT"] {
            assert!(
                !timeline.contains(secret),
                "{secret} appeared in the {format} timeline:\n{timeline}"
            );
        }
    }
}

#[test]
fn report_lists_what_needs_attention_worst_first_with_next_steps() {
    let f = Fixture::copy_of("examples/university");
    let out = f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let kinds: Vec<(&str, &str)> = doc["attention"]
        .as_array()
        .expect("attention")
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["subject"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("pair-stalled", "ben-jones--helen-wright"),
            ("pair-stalled", "dev-patel--tom-okafor"),
            ("agreement-unsigned", "dev-patel--tom-okafor"),
            ("no-goals", "dev-patel--tom-okafor"),
            ("goal-overdue", "ana-silva--priya-shah"),
            ("mentee-waiting", "farah-ali"),
            ("mentee-waiting", "chloe-martin"),
            ("mid-point-review-due", "ben-jones--helen-wright"),
        ]
    );
    assert!(
        doc["attention"]
            .as_array()
            .expect("attention")
            .iter()
            .all(|a| !a["action"].as_str().unwrap().is_empty())
    );
    assert_eq!(doc["overview"]["mentees_waiting"], 3);
    assert_eq!(doc["overview"]["longest_wait_days"], 63);
    let ana = item(&doc, "pairs", "pair", "ana-silva--priya-shah");
    assert_eq!(ana["meetings"], 6);
    assert_eq!(ana["hours"], 5.0);
    assert_eq!(ana["goals_achieved"], 1);
    assert_eq!(ana["flags"], serde_json::json!(["overdue:1"]));
}

#[test]
fn report_as_of_reproduces_a_past_day() {
    let f = Fixture::copy_of("examples/university");
    let early = stdout(&f.mentor(&["report", "--as-of", "2025-12-01", "--format", "json"]));
    let doc: Value = serde_json::from_str(&early).expect("json");
    let ben = item(&doc, "pairs", "pair", "ben-jones--helen-wright");
    assert_eq!(
        ben["meetings"], 2,
        "meetings after the as-of date are not counted yet"
    );
    assert_eq!(ben["flags"], serde_json::json!([]));
}

#[test]
fn report_pair_rejects_an_unknown_pair_with_a_suggestion() {
    let f = Fixture::copy_of("examples/university");
    let out = f.mentor(&["report", "--pair", "ana-silva--priya-sha"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("did you mean `ana-silva--priya-shah`?"),
        "{}",
        stderr(&out)
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn xlsx_export_is_one_workbook_with_typed_cells() {
    use calamine::{Data, Reader, open_workbook_auto};
    let f = counted();
    f.write(
        "people/max.toml",
        "name = \"Max\"\nrole = \"mentor\"\ndepartment = \"=1+1\"\ntrained_on = 2025-12-01\n",
    );
    let out = f.mentor(&[
        "export", "--out", "hr", "--as-of", AS_OF, "--format", "xlsx",
    ]);
    assert_exit(&out, 0);
    let mut book = open_workbook_auto(f.path().join("hr/mentor-export.xlsx")).expect("workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "indicators",
            "pairs",
            "participants",
            "meetings",
            "skills",
            "skills_levels",
            "survey_results",
            "survey_response_rates",
            "summary_by_department",
            "about"
        ]
    );
    let indicators = book.worksheet_range("indicators").expect("indicators");
    let row = indicators
        .rows()
        .find(|r| r[0] == Data::String("meetings_held".into()))
        .expect("meetings_held row");
    assert_eq!(row[1], Data::Float(4.0), "numbers are numbers");
    assert!(
        matches!(row[3], Data::DateTime(_)),
        "period dates are date cells: {:?}",
        row[3]
    );
    let pairs = book.worksheet_range("pairs").expect("pairs");
    let header: Vec<String> = pairs
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let started = header
        .iter()
        .position(|h| h == "started")
        .expect("started column");
    let first = pairs.rows().nth(1).expect("a pair");
    assert!(
        matches!(first[started], Data::DateTime(_)),
        "{:?}",
        first[started]
    );
    assert_eq!(first[0], Data::String("ed--mo".into()), "ids stay text");
    let participants = book.worksheet_range("participants").expect("participants");
    let max = participants
        .rows()
        .find(|r| r[0] == Data::String("max".into()))
        .expect("max");
    assert_eq!(
        max[4],
        Data::String("=1+1".into()),
        "text is never a formula"
    );
}

/// Every quarter of the example programme, against counts made by hand from
/// its files (pairs' proposed/started/closure dates, meeting dates, people's
/// application dates): figures at the period end are the state on that day,
/// not today's status.
#[test]
fn every_quarter_of_the_example_matches_hand_counts() {
    struct Quarter {
        from: &'static str,
        to: &'static str,
        as_of: &'static str,
        active_at_end: &'static str,
        waiting: &'static str,
        stalled: &'static str,
        capacity_used: &'static str,
        meetings: &'static str,
        pairs: &'static [(&'static str, &'static str)],
        participants: usize,
    }
    let quarters = [
        // 30 Nov: four pairs running (Dev's was proposed only in January);
        // Dev, Farah and George had not applied yet; nobody stalled.
        Quarter {
            from: "2025-09-01",
            to: "2025-11-30",
            as_of: AS_OF,
            active_at_end: "4",
            waiting: "0",
            stalled: "0",
            capacity_used: "40.00",
            meetings: "10",
            pairs: &[
                ("ana-silva--priya-shah", "active"),
                ("ben-jones--helen-wright", "active"),
                ("chloe-martin--marcus-berg", "active"),
                ("emma-novak--helen-wright", "active"),
            ],
            participants: 11,
        },
        // 28 Feb: Chloe's pair closed 20 Jan (she waits again), Emma's 27 Feb;
        // Ben last met 12 Jan (30-day interval), Dev 2 Feb (21-day interval).
        Quarter {
            from: "2025-12-01",
            to: "2026-02-28",
            as_of: AS_OF,
            active_at_end: "3",
            waiting: "3",
            stalled: "2",
            capacity_used: "30.00",
            meetings: "9",
            pairs: &[
                ("ana-silva--priya-shah", "active"),
                ("ben-jones--helen-wright", "active"),
                ("chloe-martin--marcus-berg", "closed"),
                ("dev-patel--tom-okafor", "active"),
                ("emma-novak--helen-wright", "closed"),
            ],
            participants: 14,
        },
        // Up to 16 Mar (the as-of date): one meeting, the closed pairs are out.
        Quarter {
            from: "2026-03-01",
            to: "2026-05-31",
            as_of: AS_OF,
            active_at_end: "3",
            waiting: "3",
            stalled: "2",
            capacity_used: "30.00",
            meetings: "1",
            pairs: &[
                ("ana-silva--priya-shah", "active"),
                ("ben-jones--helen-wright", "active"),
                ("dev-patel--tom-okafor", "active"),
            ],
            participants: 14,
        },
        // The last quarter, judged after the programme: no meetings logged,
        // so every running pair is stalled.
        Quarter {
            from: "2026-06-01",
            to: "2026-08-31",
            as_of: "2026-09-30",
            active_at_end: "3",
            waiting: "3",
            stalled: "3",
            capacity_used: "30.00",
            meetings: "0",
            pairs: &[
                ("ana-silva--priya-shah", "active"),
                ("ben-jones--helen-wright", "active"),
                ("dev-patel--tom-okafor", "active"),
            ],
            participants: 14,
        },
    ];
    let f = Fixture::example();
    for q in quarters {
        let out = f.mentor(&[
            "export", "--out", "hr", "--as-of", q.as_of, "--from", q.from, "--to", q.to,
        ]);
        assert_exit(&out, 0);
        let indicators = std::fs::read_to_string(f.path().join("hr/indicators.csv")).unwrap();
        let value = |id: &str| {
            indicators
                .lines()
                .find(|l| l.starts_with(&format!("{id},")))
                .and_then(|l| l.split(',').nth(1))
                .unwrap_or_default()
                .to_string()
        };
        let quarter = format!("{} to {}", q.from, q.to);
        assert_eq!(value("pairs_active_at_end"), q.active_at_end, "{quarter}");
        assert_eq!(value("mentees_waiting"), q.waiting, "{quarter}");
        assert_eq!(value("stalled_pairs"), q.stalled, "{quarter}");
        assert_eq!(value("mentor_capacity_used"), q.capacity_used, "{quarter}");
        assert_eq!(value("meetings_held"), q.meetings, "{quarter}");
        let pairs = std::fs::read_to_string(f.path().join("hr/pairs.csv")).unwrap();
        let rows: Vec<(String, String)> = pairs
            .lines()
            .skip(1)
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                (cells[0].to_string(), cells[5].to_string())
            })
            .collect();
        let expected: Vec<(String, String)> = q
            .pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(rows, expected, "{quarter}");
        let participants = std::fs::read_to_string(f.path().join("hr/participants.csv")).unwrap();
        assert_eq!(
            participants.lines().count() - 1,
            q.participants,
            "{quarter}"
        );
    }
}

#[test]
fn outcomes_name_an_indicator_and_a_target_that_reports_compare_against() {
    let f = counted();
    let programme = f.read("programme.toml");
    let (head, rest) = programme.split_once("\n[").unwrap();
    f.write(
        "programme.toml",
        &format!("{head}\noutcomes = [\n  \"Mentors grow\",\n  {{ text = \"Most goals achieved\", indicator = \"goal_achievement_rate\", target = 70 }},\n  {{ text = \"Happy mentees\", indicator = \"average_satisfaction_mentees\", target = 4, direction = \"at-least\" }},\n  {{ text = \"Few early ends\", indicator = \"premature_closure_rate\", target = 20, direction = \"at-most\" }},\n  {{ text = \"Matches that hold\", indicator = \"unsuccessful_closure_rate\", target = 20, direction = \"at-most\" }},\n  {{ text = \"Quick matching\", indicator = \"median_days_to_match\", target = 0, direction = \"at-most\" }},\n  {{ text = \"Skills grow\", indicator = \"skills_improved_rate\", target = 50 }},\n]\n\n[{rest}"),
    );
    let csv = export(&f, &[]);
    let cell = |id: &str, column: &str| {
        csv["indicators"]
            .iter()
            .find(|r| r["indicator"] == id)
            .unwrap()[column]
            .clone()
    };
    assert_eq!(cell("goal_achievement_rate", "target"), "70.00");
    assert_eq!(
        cell("goal_achievement_rate", "target_direction"),
        "at-least"
    );
    assert_eq!(cell("goal_achievement_rate", "target_met"), "met");
    assert_eq!(cell("average_satisfaction_mentees", "target"), "4.00");
    assert_eq!(
        cell("average_satisfaction_mentees", "target_met"),
        "not met"
    );
    // Lower is better: a rate under its ceiling is met, one over it is not
    // (the one closure, mentee-left, is premature but not unsuccessful).
    assert_eq!(
        cell("premature_closure_rate", "target_direction"),
        "at-most"
    );
    assert_eq!(cell("premature_closure_rate", "value"), "100.00");
    assert_eq!(cell("premature_closure_rate", "target_met"), "not met");
    assert_eq!(cell("unsuccessful_closure_rate", "value"), "0.00");
    assert_eq!(cell("unsuccessful_closure_rate", "target_met"), "met");
    assert_eq!(cell("median_days_to_match", "target_met"), "not met");
    // No assessments in this fixture: nothing to judge yet.
    assert_eq!(cell("skills_improved_rate", "value"), "");
    assert_eq!(
        cell("skills_improved_rate", "target_met"),
        "not measurable yet"
    );
    assert_eq!(cell("meetings_held", "target"), "");
    assert_eq!(cell("meetings_held", "target_direction"), "");
    assert_eq!(cell("meetings_held", "target_met"), "");
    let markdown = stdout(&f.mentor(&["report", "--as-of", AS_OF, "--format", "markdown"]));
    assert!(markdown.contains("| goal_achievement_rate | 100.00 (from 1 case: too few to judge) | percent | at least 70 (met) |"), "{markdown}");
    assert!(markdown.contains("| average_satisfaction_mentees | 3.00 (from 2 cases: too few to judge) | score 1-5 | at least 4 (not met) |"), "{markdown}");
    assert!(markdown.contains("| unsuccessful_closure_rate | 0.00 (from 1 case: too few to judge) | percent | at most 20 (met) |"), "{markdown}");
    assert!(markdown.contains("| premature_closure_rate | 100.00 (from 1 case: too few to judge) | percent | at most 20 (not met) |"), "{markdown}");
    assert!(
        markdown
            .contains("| skills_improved_rate | - | percent | at least 50 (not measurable yet) |"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]),
    ))
    .unwrap();
    let premature = item(&json, "indicators", "id", "premature_closure_rate");
    assert_eq!(premature["target"]["value"], 20.0);
    assert_eq!(premature["target"]["direction"], "at-most");
    assert_eq!(premature["verdict"], "not-met");
    let skills = item(&json, "indicators", "id", "skills_improved_rate");
    assert_eq!(skills["verdict"], "not-measurable-yet");
    let meetings = item(&json, "indicators", "id", "meetings_held");
    assert!(
        meetings["target"].is_null() && meetings["verdict"].is_null(),
        "{meetings}"
    );
    assert!(
        markdown.contains("| meetings_held | 4 | meetings |  | How many mentoring meetings took place during the period. |"),
        "{markdown}"
    );
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(text.contains("Outcomes against their targets:\n"), "{text}");
    assert!(
        text.contains(
            "  average_satisfaction_mentees 3.00 score 1-5, target at least 4: not met (from 2 cases: too few to judge)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  unsuccessful_closure_rate 0.00 percent, target at most 20: met (from 1 case: too few to judge)\n"),
        "{text}"
    );
    assert!(
        text.contains("  premature_closure_rate 100.00 percent, target at most 20: not met (from 1 case: too few to judge)\n"),
        "{text}"
    );
    assert!(
        text.contains("  skills_improved_rate - percent, target at least 50: not measurable yet\n"),
        "{text}"
    );
    let page = f.path().join("report.html");
    f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("<td>at most 20</td><td class=\"met\">met</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>at most 20</td><td class=\"not-met\">not met</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>at least 4</td><td class=\"not-met\">not met</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>at least 50</td><td class=\"unknown\">not measurable yet</td>"),
        "{html}"
    );
    // The stated outcomes come first, each in words with its measure.
    let outcomes = html
        .split("<h2>Outcomes</h2>")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(
        outcomes.contains("<tr><td>Few early ends</td><td>Share of pairs closed early</td><td>100.00% of 1 (from 1 case: too few to judge)</td><td>at most 20</td><td class=\"not-met\">not met</td></tr>"),
        "{outcomes}"
    );
    assert!(
        outcomes.contains(
            "<tr><td>Mentors grow</td><td>not measured by a figure</td><td></td><td></td><td></td></tr>"
        ),
        "{outcomes}"
    );
    assert!(
        html.find("<h2>Outcomes</h2>") < html.find("<h2>Pairs and meetings</h2>"),
        "{html}"
    );
    // Every indicator row says what it means, for readers without the CSV.
    assert!(
        html.contains("<td>How many mentoring meetings took place during the period.</td></tr>"),
        "{html}"
    );
    // An outcome naming no indicator is caught, with a suggestion.
    let programme = f
        .read("programme.toml")
        .replace("\"goal_achievement_rate\"", "\"goal_achievment_rate\"");
    f.write("programme.toml", &programme);
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    assert!(
        findings.iter().any(|d| d.code == "E004"
            && d.help.as_deref() == Some("did you mean `goal_achievement_rate`?")),
        "{findings:?}"
    );
}

#[test]
fn a_target_without_its_measure_or_out_of_range_is_a_finding_at_its_line() {
    let f = counted();
    let programme = f.read("programme.toml");
    let (head, rest) = programme.split_once("\n[").unwrap();
    let outcomes = [
        "  { text = \"Pointing nowhere\", direction = \"at-most\" },",
        "  { text = \"Measured by nothing\", target = 5 },",
        "  { text = \"Over a whole\", indicator = \"goal_achievement_rate\", target = 120 },",
        "  { text = \"Sideways\", indicator = \"premature_closure_rate\", target = 20, direction = \"at-mots\" },",
    ];
    let written = format!(
        "{head}\noutcomes = [\n{}\n]\n\n[{rest}",
        outcomes.join("\n")
    );
    let line_of = |needle: &str| written.lines().position(|l| l.contains(needle)).unwrap() + 1;
    f.write("programme.toml", &written);
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    let at = |code: &str, line: usize, words: &str| {
        assert!(
            findings.iter().any(|d| d.code == code
                && d.path == "programme.toml"
                && d.line == line
                && d.message.contains(words)
                && d.help.is_some()),
            "{code} at {line} `{words}`: {findings:?}"
        );
    };
    at("E006", line_of("Pointing nowhere"), "sets no `target`");
    at(
        "E006",
        line_of("Measured by nothing"),
        "names no `indicator`",
    );
    at("E004", line_of("Over a whole"), "`target = 120`");
    assert!(
        findings.iter().any(|d| d.line == line_of("Sideways")
            && d.help.as_deref().is_some_and(|h| h.contains("at-most"))),
        "{findings:?}"
    );
}

#[test]
fn every_export_says_what_it_is_and_which_files_identify_people() {
    let f = counted();
    let csv = export(&f, &[]);
    let about: HashMap<String, String> = csv["about"]
        .iter()
        .map(|r| (r["field"].clone(), r["value"].clone()))
        .collect();
    assert_eq!(about["programme"], "Fixture Programme");
    assert_eq!(about["period_start"], "2026-01-01");
    assert_eq!(about["as_of"], AS_OF);
    assert_eq!(
        about["tool"],
        format!("mentor {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(about["anonymized"], "no");
    assert_eq!(about["partial"], "no");
    assert!(about["generated_at"].starts_with("20"), "{about:?}");
    assert!(about["participants.csv"].contains("identifies people"));
    assert!(about["indicators.csv"].starts_with("aggregates"));
    let anonymous = export(&f, &["--anonymize", "--min-group", "1"]);
    let row = anonymous["about"]
        .iter()
        .find(|r| r["field"] == "participants.csv")
        .unwrap();
    assert!(row["value"].contains("pseudonyms"), "{row:?}");
}

/// The example's tick sheet, opened with the coordinator's identity: Emma
/// went from 2 to 3 in career planning and 1 to 3 in public speaking; Chloe
/// stayed at 2 in digital skills; the other pairs have a baseline only.
#[test]
fn skills_gain_per_competency_from_the_tick_sheet() {
    let f = Fixture::example();
    let csv = export(&f, &[]);
    assert_eq!(indicator(&csv, "skills_assessed_pairs"), "2");
    assert_eq!(indicator(&csv, "skills_improved_rate"), "66.67");
    assert_eq!(indicator(&csv, "average_skill_gain"), "1.00");
    let skills = std::fs::read_to_string(f.path().join("hr/skills.csv")).unwrap();
    assert!(
        skills.contains("career-planning,Career planning,1,2.00,3.00,100.00"),
        "{skills}"
    );
    assert!(
        skills.contains("digital-skills,Digital skills,1,2.00,2.00,0.00"),
        "{skills}"
    );
    let levels = std::fs::read_to_string(f.path().join("hr/skills_levels.csv")).unwrap();
    assert!(
        levels.contains("public-speaking,baseline,1,not yet,1"),
        "{levels}"
    );
    assert!(
        levels.contains("public-speaking,final,3,independently,1"),
        "{levels}"
    );
    let timeline = stdout(&f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--pair",
        "emma-novak--helen-wright",
    ]));
    assert!(
        timeline.contains("public-speaking: 1 (not yet) -> 3 (independently)"),
        "{timeline}"
    );
    // Without the identity the levels stay sealed, and the figures say nothing.
    let sealed = Fixture::copy_of("examples/university");
    let csv = export(&sealed, &[]);
    assert_eq!(indicator(&csv, "skills_assessed_pairs"), "");
}

#[test]
fn new_assessment_records_levels_that_validate() {
    let f = Fixture::base();
    let programme = f.read("programme.toml").replacen(
        "[[competencies]]",
        "[assessment]\nscale = [\"not yet\", \"with support\", \"independently\"]\n\n[[competencies]]",
        1,
    );
    f.write("programme.toml", &programme);
    let out = f.mentor(&[
        "new",
        "assessment",
        "ed--mo",
        "--stage",
        "baseline",
        "--by",
        "ed",
        "--date",
        "2026-02-01",
        "--level",
        "budgeting=1",
        "--level",
        "leadership=2",
    ]);
    assert_exit(&out, 0);
    let text = f.read("pairs/ed--mo/assessment.yaml");
    assert!(
        text.contains("levels: {budgeting: 1, leadership: 2}"),
        "{text}"
    );
    let (_, findings) = f.validate();
    // Valid, and (the programme has not decided to seal) counted in the
    // one plaintext warning, which names it as the first.
    let about: Vec<&str> = findings
        .iter()
        .filter(|d| d.path.ends_with("assessment.yaml"))
        .map(|d| d.code.as_str())
        .collect();
    assert!(about.is_empty(), "{findings:?}");
    assert!(
        findings.iter().any(|d| d.code == "W015"
            && d.message
                .contains("(the first in pairs/ed--mo/assessment.yaml:")),
        "{findings:?}"
    );
    // A level off the scale is refused, and nothing is written.
    let out = f.mentor(&[
        "new",
        "assessment",
        "ed--mo",
        "--stage",
        "final",
        "--by",
        "ed",
        "--level",
        "budgeting=9",
    ]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("off the scale"), "{}", stderr(&out));
    assert_eq!(f.read("pairs/ed--mo/assessment.yaml"), text);
    let out = f.mentor(&[
        "new",
        "assessment",
        "ed--mo",
        "--stage",
        "final",
        "--by",
        "ed",
        "--level",
        "budgeting",
    ]);
    assert_exit(&out, 2);
}

/// `--by`: the example's meetings per month and per mentee department add up
/// to the whole (20), and partner institutions get their own figures.
#[test]
fn breakdowns_split_the_figures_and_suppress_small_cells_when_anonymous() {
    let f = Fixture::example();
    let out = f.mentor(&[
        "export",
        "--out",
        "hr",
        "--as-of",
        AS_OF,
        "--by",
        "month",
        "--by",
        "department",
        "--by",
        "organisation",
    ]);
    assert_exit(&out, 0);
    let read = |name: &str| std::fs::read_to_string(f.path().join("hr").join(name)).unwrap();
    let cell = |text: &str, group: &str, id: &str| {
        text.lines()
            .map(|l| l.trim_start_matches('\u{feff}'))
            .find(|l| l.starts_with(&format!("{group},{id},")))
            .and_then(|l| l.split(',').nth(2))
            .unwrap_or_default()
            .to_string()
    };
    let months = read("indicators_by_month.csv");
    let per_month = [
        ("2025-09", "1"),
        ("2025-10", "5"),
        ("2025-11", "4"),
        ("2025-12", "2"),
        ("2026-01", "3"),
        ("2026-02", "4"),
        ("2026-03", "1"),
    ];
    for (month, meetings) in per_month {
        assert_eq!(cell(&months, month, "meetings_held"), meetings, "{month}");
    }
    assert_eq!(
        cell(&months, "2025-09", "pairs_active_at_end"),
        "1",
        "Emma's pair alone in September"
    );
    assert_eq!(cell(&months, "2025-10", "pairs_active_at_end"), "4");
    let departments = read("indicators_by_department.csv");
    let total: u32 = departments
        .lines()
        .filter(|l| l.contains(",meetings_held,"))
        .map(|l| l.split(',').nth(2).unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(total, 20);
    assert!(read("indicators_by_organisation.csv").lines().count() > 1);
    // Anonymous: a department with one or two meetings is not shown.
    let out = f.mentor(&[
        "export",
        "--out",
        "anon",
        "--as-of",
        AS_OF,
        "--by",
        "department",
        "--anonymize",
    ]);
    assert_exit(&out, 0);
    let anonymous =
        std::fs::read_to_string(f.path().join("anon/indicators_by_department.csv")).unwrap();
    for line in anonymous.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let Ok(n) = cells[2].parse::<u32>()
            && cells[3].is_empty()
        {
            assert!(n == 0 || n >= 5, "a count under 5 left in: {line}");
        }
    }
    let disclosure = std::fs::read_to_string(f.path().join("anon/disclosure.csv")).unwrap();
    assert!(
        disclosure.contains("indicators_by_department.csv,value"),
        "{disclosure}"
    );
}

/// Ben's agreement promises a mid-point review and he is past half-way with
/// no `stage: mid` feedback; Ana's pair gave theirs in February.
#[test]
fn a_promised_mid_point_review_is_chased_when_missing() {
    let f = Fixture::example();
    let json: Value = serde_json::from_slice(
        &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"])
            .stdout,
    )
    .unwrap();
    let due: Vec<&str> = json["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "mid-point-review-due")
        .map(|a| a["subject"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["ben-jones--helen-wright"]);
    // Before half-way, nothing is due.
    let json: Value = serde_json::from_slice(
        &f.mentor(&["report", "--as-of", "2026-03-10", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert!(
        !json["attention"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "mid-point-review-due")
    );
}

#[test]
fn rates_carry_their_cases_and_never_stand_bare() {
    let f = counted();
    // Ed applied on 10 January and started with Mo on 1 February: 22 days;
    // Eve applied on 20 December and was proposed on 2 January: 13 days.
    let ed = f.read("people/ed.toml");
    f.write(
        "people/ed.toml",
        &ed.replace(
            "group = \"staff\"\n",
            "group = \"staff\"\napplied_on = 2026-01-10\n",
        ),
    );
    // Goals by hand: Eve's `a` achieved, her `b` dropped, Ed's `g1` due in
    // June. The rate is 1 of 1 = 100%, which no headline may show bare.
    let goals = "Goals: 1 of 2 goals achieved (1 dropped); 1 more not yet due";
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(text.contains(&format!("\n{goals}\n")), "{text}");
    assert!(
        text.contains("\nMatching: median 17.5 days from application to match, over 2 mentees\n"),
        "{text}"
    );
    let markdown = stdout(&f.mentor(&["report", "--as-of", AS_OF, "--format", "markdown"]));
    assert!(markdown.contains(&format!("\n- {goals}\n")), "{markdown}");
    assert!(
        markdown.contains("| goal_achievement_rate | 100.00 (from 1 case: too few to judge) |"),
        "{markdown}"
    );
    let page = f.path().join("report.html");
    f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<div class=\"card\">Goals<b>1 of 2 goals achieved (1 dropped); 1 more not yet due</b></div>"),
        "{html}"
    );
    assert!(!html.contains("Goals achieved (%)"), "{html}");
    // Means carry their counts: Eve's and Ed's ratings in the period; Max's
    // is dated before it.
    assert!(
        html.contains("mentees (2 ratings, too few to judge): 3 out of 5"),
        "{html}"
    );
    assert!(html.contains("mentors (0 ratings): 0 out of 5"), "{html}");
    // The visible label is whole (it fits on one line since counts lost
    // their "(s)"), never cut short.
    assert!(
        html.contains(">mentees (2 ratings, too few to judge)</tspan>"),
        "{html}"
    );
    assert!(!html.contains('…'), "{html}");
    assert!(
        html.contains(
            "<small>goal_achievement_rate</small></td><td>100.00% of 1 (from 1 case: too few to judge)</td>"
        ),
        "{html}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]),
    ))
    .unwrap();
    let rate = item(&json, "indicators", "id", "goal_achievement_rate");
    assert_eq!(rate["cases"], 1);
    assert_eq!(rate["small_sample"], true);
    let csv = export(&f, &[]);
    let cell = |id: &str, column: &str| {
        csv["indicators"]
            .iter()
            .find(|r| r["indicator"] == id)
            .unwrap()[column]
            .clone()
    };
    assert_eq!(cell("goals_achieved_by_end", "value"), "1");
    assert_eq!(cell("median_days_to_match", "cases"), "2");
    assert_eq!(cell("median_days_to_match", "small_sample"), "yes");
    assert_eq!(cell("pairs_matched_before_period", "value"), "0");
    // A period that starts after Eve's proposal leaves her pair out of the
    // median, and the report says so.
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &programme.replace("start = 2026-01-01", "start = 2026-01-03"),
    );
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(
        text.contains("\nMatching: median 22 days from application to match, over 1 mentee (1 pair matched before the period left out)\n"),
        "{text}"
    );
    f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("over 1 mentee (1 pair matched before the period left out)</b>"),
        "{html}"
    );
    let csv = export(&f, &[]);
    let before = csv["indicators"]
        .iter()
        .find(|r| r["indicator"] == "pairs_matched_before_period")
        .unwrap()["value"]
        .clone();
    assert_eq!(before, "1");
}

#[test]
fn indicators_csv_says_what_each_figure_means_in_plain_words() {
    let f = counted();
    let csv = export(&f, &[]);
    let header: Vec<&String> = {
        let mut keys: Vec<&String> = csv["indicators"][0].keys().collect();
        keys.sort();
        keys
    };
    assert!(header.iter().any(|h| *h == "meaning"), "{header:?}");
    for row in &csv["indicators"] {
        let meaning = &row["meaning"];
        assert!(meaning.ends_with('.') && meaning.len() > 20, "{row:?}");
        assert_ne!(meaning, &row["definition"], "{row:?}");
        assert!(
            !meaning.contains(".toml") && !meaning.contains('_'),
            "{row:?}"
        );
        assert!(!row["definition"].contains(".toml"), "{row:?}");
    }
    let rate = csv["indicators"]
        .iter()
        .find(|r| r["indicator"] == "premature_closure_rate")
        .unwrap();
    assert!(rate["meaning"].contains("lower is better"), "{rate:?}");
    // about.csv carries a glossary: every column of every table, in words.
    let about: HashMap<String, String> = csv["about"]
        .iter()
        .map(|r| (r["field"].clone(), r["value"].clone()))
        .collect();
    for table in ["indicators", "pairs", "participants", "meetings"] {
        for column in csv[table][0].keys() {
            let key = format!("{table}.csv {column}");
            let meaning = about
                .get(&key)
                .unwrap_or_else(|| panic!("no glossary row {key}"));
            assert!(meaning.ends_with('.'), "{key}: {meaning}");
        }
    }
    assert_eq!(
        about["pairs.csv premature"],
        "Yes when the pair ended before finishing its planned time."
    );
}

#[test]
fn after_the_programme_ends_the_headline_says_what_happened_in_it() {
    let f = counted();
    // By hand, over 2026 (the programme's dates): eve--max started 5 Jan and
    // closed 20 Feb because Eve left (early, no fault); ed--mo started 1 Feb
    // and runs on. Meetings: Eve's 30 + 90 minutes, Ed's 60 + 45: 4, 3.75 h.
    // Goals: Eve's `a` achieved, `b` dropped; Ed's `g1` was due in June and
    // was not achieved: 1 of 3, 1 dropped.
    let after = "2027-01-15";
    let text = stdout(&f.mentor(&["report", "--as-of", after]));
    assert!(
        text.contains("\nIn the programme: 2 pairs ran between January 2026 and December 2026: 2 formed in that time; 0 completed, 1 closed early for reasons outside the pair's control and 0 closed early unsuccessfully; 2 mentees were mentored over 4 meetings (3.8 hours); 1 of 3 goals achieved (1 dropped).\n"),
        "{text}"
    );
    assert!(
        text.contains("\nGoals: 1 of 3 goals achieved (1 dropped)\n"),
        "{text}"
    );
    // The state lines say which day they are of.
    assert!(
        text.contains("\nPairs on 2027-01-15: 0 proposed, 1 active, 1 closed\n"),
        "{text}"
    );
    assert!(text.contains("\nMentors on 2027-01-15: "), "{text}");
    let page = f.path().join("report.html");
    f.mentor(&[
        "report",
        "--as-of",
        after,
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    for (label, value) in [
        ("Pairs that ran", "2"),
        ("Pairs formed", "2"),
        ("Pairs completed", "0"),
        ("Closed early", "1"),
        ("Mentees mentored", "2"),
        ("Meetings held", "4"),
        ("Meeting hours", "3.8"),
        ("Goals", "1 of 3 goals achieved (1 dropped)"),
    ] {
        let card = format!("<div class=\"card\">{label}<b>{value}</b></div>");
        assert!(html.contains(&card), "{card} in {html}");
    }
    assert!(!html.contains("Pairs active"), "{html}");
    // The funnel by the programme's end: Eve and Ed applied (Ed's
    // application is undated), both were matched and started, neither
    // completed (Eve left; Ed's pair runs on).
    assert!(
        html.contains("<desc id=\"funnel-d\">applied: 2 mentees; matched with a mentor: 2 mentees; started meeting: 2 mentees; completed: 0 mentees</desc>"),
        "{html}"
    );
    assert!(
        html.contains("<figcaption>Mentees by 2026-12-31</figcaption>"),
        "{html}"
    );
    // The narrative comes first, the same sentence as the text report's.
    assert!(
        html.contains("<p class=\"narrative\">2 pairs ran between January 2026 and December 2026: 2 formed in that time; 0 completed, 1 closed early for reasons outside the pair's control"),
        "{html}"
    );
    // Months by name, January to December 2026 and no further; no "-0".
    let hours = html
        .split("id=\"hours-d\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(
        hours.starts_with(
            "Jan 2026: 2 hours; Feb 2026: 1 hours; Mar 2026: 0.8 hours; Apr 2026: 0 hours"
        ),
        "{hours}"
    );
    assert!(hours.ends_with("Dec 2026: 0 hours"), "{hours}");
    assert!(!html.contains("Jan 2027"), "{html}");
    assert!(!html.contains("-0 "), "{html}");
    assert!(!html.contains(">-0<"), "{html}");
    assert!(html.contains(">Dec<tspan"), "{html}");
    // While the programme runs, the cards are the state on the day.
    f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<div class=\"card\">Pairs active on 2026-03-16<b>1</b></div>"),
        "{html}"
    );
    assert!(!html.contains("Pairs that ran<b>"), "{html}");
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(!text.contains("In the programme:"), "{text}");
}

#[test]
fn the_funnel_counts_mentees_once_and_leaves_rejected_proposals_out() {
    let f = counted();
    let eve = f.read("people/eve.toml");
    f.write(
        "people/zoe.toml",
        &eve.replace("Eve Mentee", "Zoe Mentee")
            .replace("eve@example.org", "zoe@example.org")
            .replace("applied_on = 2025-12-20", "applied_on = 2026-01-15"),
    );
    f.write(
        "pairs/zoe--max/pair.toml",
        "mentor = \"max\"\nmentee = \"zoe\"\nstatus = \"rejected\"\nproposed_on = 2026-01-20\nrejected_on = 2026-01-25\n",
    );
    let funnel = |csv: &HashMap<String, Vec<HashMap<String, String>>>| -> Vec<String> {
        [
            "mentees_applied",
            "mentees_matched",
            "mentees_started",
            "mentees_completed",
        ]
        .iter()
        .map(|id| {
            csv["indicators"]
                .iter()
                .find(|r| r["indicator"] == *id)
                .unwrap()["value"]
                .clone()
        })
        .collect()
    };
    // Eve, Ed and Zoe applied; Zoe's only proposal was rejected; Eve left early.
    assert_eq!(funnel(&export(&f, &[])), ["3", "2", "2", "0"]);
    let pair = f.read("pairs/eve--max/pair.toml");
    f.write(
        "pairs/eve--max/pair.toml",
        &pair.replace("reason = \"mentee-left\"", "reason = \"completed\""),
    );
    assert_eq!(funnel(&export(&f, &[])), ["3", "2", "2", "1"]);
}

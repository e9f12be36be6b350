//! A scripted programme year (1 Dec 2025 to 30 Nov 2026): fifteen pairs,
//! five of them proposed before the year began, one pause, early closures
//! of every kind, a turned-down proposal, dropped goals, mid-point and
//! final feedback, baseline and final assessments. Every headline figure of
//! the year-end report, and of two days inside the year, is checked against
//! a count made by hand from the table below (the counts are written in
//! the tests, never worked out by the code under test).

use serde_json::Value;

use crate::support::{Fixture, assert_exit, stdout};

/// One pair of the year, as the table lists it.
struct Scripted {
    mentee: &'static str,
    mentor: &'static str,
    proposed: &'static str,
    /// `None`: turned down on this day, never started.
    started: Option<&'static str>,
    /// `(date, reason)`; none for a pair still running at the end.
    closed: Option<(&'static str, &'static str)>,
    pause: Option<(&'static str, &'static str)>,
    /// 60-minute meetings.
    meetings: &'static [&'static str],
    /// `(due, status, achieved_on)`.
    goals: &'static [(&'static str, &'static str, Option<&'static str>)],
    /// `(date, stage, by, satisfaction)`.
    feedback: &'static [(&'static str, &'static str, &'static str, u8)],
    /// `(date, stage, levels)`.
    assessments: &'static [(&'static str, &'static str, &'static str)],
}

const ACH: &str = "achieved";

/// The year. Mentees e01-e06 are in the Library, e07-e12 in Finance,
/// e13-e15 in Estates (e16, Library, withdrew); e13 and e14 work for a
/// partner college. Mentors m1-m9 are in Human Resources.
const YEAR: [Scripted; 15] = [
    // P1: proposed before the year, started on its first day.
    Scripted {
        mentee: "e01",
        mentor: "m1",
        proposed: "2025-11-10",
        started: Some("2025-12-01"),
        closed: Some(("2026-09-30", "completed")),
        pause: None,
        meetings: &["2025-12-01", "2026-01-15", "2026-04-15", "2026-09-15"],
        goals: &[
            ("2026-04-30", ACH, Some("2026-04-10")),
            ("2026-09-30", ACH, Some("2026-09-01")),
        ],
        feedback: &[
            ("2026-04-15", "mid", "e01", 4),
            ("2026-04-15", "mid", "m1", 5),
            ("2026-09-30", "final", "e01", 5),
            ("2026-09-30", "final", "m1", 4),
        ],
        assessments: &[
            ("2025-12-01", "baseline", "{budgeting: 1, leadership: 2}"),
            ("2026-09-30", "final", "{budgeting: 3, leadership: 2}"),
        ],
    },
    // P2
    Scripted {
        mentee: "e02",
        mentor: "m1",
        proposed: "2025-11-10",
        started: Some("2025-12-02"),
        closed: Some(("2026-09-30", "completed")),
        pause: None,
        meetings: &["2025-12-02", "2026-03-02", "2026-06-02"],
        goals: &[
            ("2026-06-30", ACH, Some("2026-06-01")),
            ("2026-09-30", "dropped", None),
        ],
        feedback: &[("2026-09-30", "final", "e02", 4)],
        assessments: &[
            ("2025-12-02", "baseline", "{budgeting: 2}"),
            ("2026-09-30", "final", "{budgeting: 3}"),
        ],
    },
    // P3
    Scripted {
        mentee: "e03",
        mentor: "m2",
        proposed: "2025-11-12",
        started: Some("2025-12-03"),
        closed: Some(("2026-10-15", "completed")),
        pause: None,
        meetings: &["2025-12-03", "2026-02-03", "2026-05-03", "2026-08-03"],
        goals: &[
            ("2026-05-31", ACH, Some("2026-05-01")),
            ("2026-10-15", ACH, Some("2026-10-01")),
            ("2026-10-15", "in-progress", None),
        ],
        feedback: &[
            ("2026-05-03", "mid", "e03", 3),
            ("2026-05-03", "mid", "m2", 4),
        ],
        assessments: &[
            ("2025-12-03", "baseline", "{leadership: 1}"),
            ("2026-10-15", "final", "{leadership: 1}"),
        ],
    },
    // P4: the mentee left.
    Scripted {
        mentee: "e04",
        mentor: "m2",
        proposed: "2025-11-12",
        started: Some("2025-12-05"),
        closed: Some(("2026-03-31", "mentee-left")),
        pause: None,
        meetings: &["2025-12-05", "2026-01-05"],
        goals: &[("2026-06-30", "dropped", None)],
        feedback: &[],
        assessments: &[],
    },
    // P5: the mentor left.
    Scripted {
        mentee: "e05",
        mentor: "m3",
        proposed: "2025-11-14",
        started: Some("2025-12-08"),
        closed: Some(("2026-05-15", "mentor-left")),
        pause: None,
        meetings: &["2025-12-08", "2026-02-08", "2026-04-08"],
        goals: &[("2026-04-30", ACH, Some("2026-04-01"))],
        feedback: &[],
        assessments: &[],
    },
    // P6: the mentee moved on.
    Scripted {
        mentee: "e06",
        mentor: "m3",
        proposed: "2025-12-10",
        started: Some("2026-01-05"),
        closed: Some(("2026-06-30", "moved-on")),
        pause: None,
        meetings: &["2026-01-05", "2026-03-05", "2026-05-05"],
        goals: &[("2026-06-30", ACH, Some("2026-05-30"))],
        feedback: &[("2026-03-05", "mid", "e06", 5)],
        assessments: &[],
    },
    // P7: a mismatch.
    Scripted {
        mentee: "e07",
        mentor: "m4",
        proposed: "2025-12-15",
        started: Some("2026-01-12"),
        closed: Some(("2026-04-20", "mismatch")),
        pause: None,
        meetings: &["2026-01-12", "2026-02-12"],
        goals: &[("2026-06-30", "dropped", None)],
        feedback: &[
            ("2026-04-20", "final", "e07", 2),
            ("2026-04-20", "final", "m4", 2),
        ],
        assessments: &[],
    },
    // P8: goals met early.
    Scripted {
        mentee: "e08",
        mentor: "m4",
        proposed: "2026-01-20",
        started: Some("2026-02-02"),
        closed: Some(("2026-08-31", "goals-met-early")),
        pause: None,
        meetings: &["2026-02-02", "2026-04-02", "2026-06-02", "2026-08-02"],
        goals: &[
            ("2026-07-31", ACH, Some("2026-06-15")),
            ("2026-10-31", ACH, Some("2026-08-20")),
        ],
        feedback: &[
            ("2026-05-01", "mid", "e08", 4),
            ("2026-08-31", "final", "e08", 5),
            ("2026-08-31", "final", "m4", 5),
        ],
        assessments: &[
            ("2026-02-02", "baseline", "{budgeting: 1}"),
            ("2026-08-31", "final", "{budgeting: 3}"),
        ],
    },
    // P9: paused for leave.
    Scripted {
        mentee: "e09",
        mentor: "m5",
        proposed: "2026-01-25",
        started: Some("2026-02-09"),
        closed: Some(("2026-11-20", "completed")),
        pause: Some(("2026-05-01", "2026-06-15")),
        meetings: &["2026-02-09", "2026-04-09", "2026-07-09", "2026-10-09"],
        goals: &[
            ("2026-10-31", ACH, Some("2026-10-01")),
            ("2026-10-31", "dropped", None),
        ],
        feedback: &[("2026-11-20", "final", "e09", 4)],
        assessments: &[
            ("2026-02-09", "baseline", "{leadership: 2}"),
            ("2026-11-20", "final", "{leadership: 3}"),
        ],
    },
    // P10
    Scripted {
        mentee: "e10",
        mentor: "m6",
        proposed: "2026-02-01",
        started: Some("2026-03-02"),
        closed: Some(("2026-11-27", "completed")),
        pause: None,
        meetings: &["2026-03-02", "2026-06-02", "2026-09-02"],
        goals: &[("2026-09-30", ACH, Some("2026-09-01"))],
        feedback: &[
            ("2026-07-01", "mid", "e10", 4),
            ("2026-07-01", "mid", "m6", 4),
        ],
        assessments: &[],
    },
    // P11: closed early, reason unstated.
    Scripted {
        mentee: "e11",
        mentor: "m7",
        proposed: "2026-03-01",
        started: Some("2026-03-16"),
        closed: Some(("2026-07-10", "premature")),
        pause: None,
        meetings: &["2026-03-16"],
        goals: &[("2026-11-30", "in-progress", None)],
        feedback: &[],
        assessments: &[],
    },
    // P12: still running at the end.
    Scripted {
        mentee: "e12",
        mentor: "m8",
        proposed: "2026-04-01",
        started: Some("2026-04-13"),
        closed: None,
        pause: None,
        meetings: &["2026-04-13", "2026-07-13", "2026-10-13"],
        goals: &[
            ("2026-10-31", ACH, Some("2026-10-01")),
            ("2026-11-30", "in-progress", None),
        ],
        feedback: &[
            ("2026-08-15", "mid", "e12", 5),
            ("2026-08-15", "mid", "m8", 4),
        ],
        assessments: &[("2026-04-13", "baseline", "{budgeting: 2}")],
    },
    // P13: closed early for another reason.
    Scripted {
        mentee: "e13",
        mentor: "m9",
        proposed: "2026-05-01",
        started: Some("2026-05-18"),
        closed: Some(("2026-10-30", "other")),
        pause: None,
        meetings: &["2026-05-18", "2026-07-18"],
        goals: &[("2026-09-30", "in-progress", None)],
        feedback: &[],
        assessments: &[],
    },
    // P14: turned down.
    Scripted {
        mentee: "e14",
        mentor: "m9",
        proposed: "2026-06-01",
        started: None,
        closed: None,
        pause: None,
        meetings: &[],
        goals: &[],
        feedback: &[],
        assessments: &[],
    },
    // P15: e14 again, still running at the end (a meeting after it).
    Scripted {
        mentee: "e14",
        mentor: "m8",
        proposed: "2026-06-20",
        started: Some("2026-07-01"),
        closed: None,
        pause: None,
        meetings: &["2026-07-01", "2026-09-01", "2026-11-01", "2026-12-02"],
        goals: &[("2026-11-15", "in-progress", None)],
        feedback: &[],
        assessments: &[],
    },
];

/// Mentees: id, department, organisation, applied_on, status.
const MENTEES: [(&str, &str, &str, &str, &str); 16] = [
    (
        "e01",
        "Library",
        "Westbridge University",
        "2025-10-01",
        "completed",
    ),
    (
        "e02",
        "Library",
        "Westbridge University",
        "2025-10-01",
        "completed",
    ),
    (
        "e03",
        "Library",
        "Westbridge University",
        "2025-10-05",
        "completed",
    ),
    (
        "e04",
        "Library",
        "Westbridge University",
        "2025-10-05",
        "withdrawn",
    ),
    (
        "e05",
        "Library",
        "Westbridge University",
        "2025-10-10",
        "active",
    ),
    (
        "e06",
        "Library",
        "Westbridge University",
        "2025-11-20",
        "withdrawn",
    ),
    (
        "e07",
        "Finance",
        "Westbridge University",
        "2025-11-25",
        "active",
    ),
    (
        "e08",
        "Finance",
        "Westbridge University",
        "2025-12-01",
        "completed",
    ),
    (
        "e09",
        "Finance",
        "Westbridge University",
        "2025-12-05",
        "completed",
    ),
    (
        "e10",
        "Finance",
        "Westbridge University",
        "2026-01-02",
        "completed",
    ),
    (
        "e11",
        "Finance",
        "Westbridge University",
        "2026-01-15",
        "withdrawn",
    ),
    (
        "e12",
        "Finance",
        "Westbridge University",
        "2026-03-01",
        "active",
    ),
    (
        "e13",
        "Estates",
        "Northgate College",
        "2026-04-01",
        "withdrawn",
    ),
    (
        "e14",
        "Estates",
        "Northgate College",
        "2026-05-02",
        "active",
    ),
    (
        "e15",
        "Estates",
        "Westbridge University",
        "2026-09-01",
        "active",
    ),
    (
        "e16",
        "Library",
        "Westbridge University",
        "2026-02-01",
        "withdrawn",
    ),
];

/// The programme of the scripted year, written into a fresh fixture.
pub fn scripted_year() -> Fixture {
    let f = Fixture::base();
    f.remove("people").remove("pairs");
    f.write(
        "programme.toml",
        r#"name = "Staff Mentoring 2025-26"
organisation = "Westbridge University"
start = 2025-12-01
end = 2026-11-30
outcomes = [
  { text = "At least 70% of goals achieved", indicator = "goal_achievement_rate", target = 70 },
  { text = "No more than 1 pair in 5 ends early", indicator = "premature_closure_rate", target = 20, direction = "at-most" },
  { text = "Mentees rate the scheme 4 or more", indicator = "average_satisfaction_mentees", target = 4 },
]
reviewed_on = 2025-11-01

[mentors]
criteria = ["Grade 7 or above"]
capacity = 2

[mentees]

[meetings]
every_days = 120

[assessment]
scale = ["not yet", "with support", "independently", "can teach others"]

[[competencies]]
id = "budgeting"
name = "Budgeting and financial planning for a unit of the university"

[[competencies]]
id = "leadership"
name = "Leading people"
"#,
    );
    for m in 1..=9 {
        f.write(
            &format!("people/m{m}.toml"),
            &format!(
                "name = \"Mentor {m}\"\nemail = \"m{m}@example.org\"\nrole = \"mentor\"\ndepartment = \"Human Resources\"\norganisation = \"Westbridge University\"\nexpertise = [\"budgeting\", \"leadership\"]\ntrained_on = 2025-11-01\n"
            ),
        );
    }
    for (id, department, organisation, applied, status) in MENTEES {
        f.write(
            &format!("people/{id}.toml"),
            &format!(
                "name = \"Mentee {id}\"\nemail = \"{id}@example.org\"\nrole = \"mentee\"\ndepartment = \"{department}\"\norganisation = \"{organisation}\"\nneeds = [\"budgeting\"]\napplied_on = {applied}\nstatus = \"{status}\"\n"
            ),
        );
    }
    for pair in &YEAR {
        write_pair(&f, pair);
    }
    f
}

fn write_pair(f: &Fixture, p: &Scripted) {
    // P14 and P15 share a mentee: the folder names differ by mentor.
    let dir = format!("pairs/{}--{}", p.mentee, p.mentor);
    let status = match (p.started, p.closed) {
        (None, _) => "rejected",
        (Some(_), Some(_)) => "closed",
        (Some(_), None) => "active",
    };
    let mut toml = format!(
        "mentor = \"{}\"\nmentee = \"{}\"\nstatus = \"{status}\"\nproposed_on = {}\n",
        p.mentor, p.mentee, p.proposed
    );
    match p.started {
        Some(started) => toml.push_str(&format!(
            "started = {started}\nends = 2026-11-30\n\n[agreement]\nsigned = {started}\nconfidentiality = true\nmid_point_review = false\n"
        )),
        None => toml.push_str("rejected_on = 2026-06-05\n"),
    }
    if let Some((date, reason)) = p.closed {
        toml.push_str(&format!(
            "\n[closure]\ndate = {date}\nreason = \"{reason}\"\n"
        ));
    }
    if let Some((from, to)) = p.pause {
        toml.push_str(&format!(
            "\n[[pause]]\nfrom = {from}\nto = {to}\nreason = \"leave\"\n"
        ));
    }
    f.write(&format!("{dir}/pair.toml"), &toml);
    if p.started.is_none() {
        return;
    }
    let mut goals = String::from("goals:\n");
    for (i, (due, status, achieved)) in p.goals.iter().enumerate() {
        goals.push_str(&format!(
            "  - id: g{i}\n    specific: Goal {i} of the pair\n    measurable: Done or not\n    achievable: With the mentor's help\n    relevant: budgeting\n    due: {due}\n    status: {status}\n"
        ));
        if let Some(day) = achieved {
            goals.push_str(&format!("    achieved_on: {day}\n"));
        }
    }
    f.write(&format!("{dir}/goals.yaml"), &goals);
    let mut log = String::from("meetings:\n");
    for day in p.meetings {
        log.push_str(&format!(
            "  - date: {day}\n    minutes: 60\n    mode: video\n"
        ));
    }
    f.write(&format!("{dir}/log.yaml"), &log);
    if !p.feedback.is_empty() {
        let mut text = String::from("feedback:\n");
        for (date, stage, by, rating) in p.feedback {
            text.push_str(&format!(
                "  - by: {by}\n    date: {date}\n    stage: {stage}\n    satisfaction: {rating}\n"
            ));
        }
        f.write(&format!("{dir}/feedback.yaml"), &text);
    }
    if !p.assessments.is_empty() {
        let mut text = String::from("assessments:\n");
        for (date, stage, levels) in p.assessments {
            text.push_str(&format!(
                "  - by: {}\n    date: {date}\n    stage: {stage}\n    levels: {levels}\n",
                p.mentee
            ));
        }
        f.write(&format!("{dir}/assessment.yaml"), &text);
    }
}

fn json_report(f: &Fixture, as_of: &str) -> Value {
    let out = f.mentor(&["report", "--as-of", as_of, "--format", "json"]);
    assert_exit(&out, 0);
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn the_scripted_year_is_a_valid_programme() {
    let f = scripted_year();
    let out = f.mentor(&["validate", "--as-of", "2026-12-04", "--format", "concise"]);
    let text = stdout(&out);
    assert!(
        text.contains("\n0 errors,") && !text.contains("error["),
        "the scripted year has errors:\n{text}"
    );
}

/// An indicator's value from the JSON report, as the CSV writes it.
fn indicator(report: &Value, id: &str) -> String {
    let value = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no indicator {id}"));
    match &value["value"] {
        Value::Number(n) if n.is_u64() => n.to_string(),
        Value::Number(n) => format!("{:.2}", n.as_f64().unwrap()),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn cases(report: &Value, id: &str) -> u64 {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .and_then(|i| i["cases"].as_u64())
        .unwrap_or_else(|| panic!("{id} has no cases"))
}

fn assert_indicators(report: &Value, expected: &[(&str, &str)]) {
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(id, want)| indicator(report, id) != *want)
        .map(|(id, want)| format!("{id}: {} (hand count {want})", indicator(report, id)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// As of 4 December 2026, four days after the year: the headline is the
/// year's, counted by hand from the table above.
#[test]
fn the_year_end_headline_matches_the_hand_counts() {
    let f = scripted_year();
    let report = json_report(&f, "2026-12-04");
    assert_eq!(report["period"]["from"], "2025-12-01");
    assert_eq!(report["period"]["to"], "2026-11-30");
    assert_indicators(
        &report,
        &[
            // P1-P13 and P15 ran; P14 was turned down.
            ("pairs_active", "14"),
            ("pairs_started", "14"),
            // P1, P2, P3, P9, P10 completed; P8 met its goals early.
            ("pairs_completed", "6"),
            ("pairs_closed", "12"),
            // P4 mentee left, P5 mentor left, P6 moved on.
            ("no_fault_closures", "3"),
            // P7 mismatch, P11 premature, P13 other.
            ("unsuccessful_closures", "3"),
            ("premature_closures", "6"),
            ("premature_closure_rate", "50.00"),
            // P12 and P15.
            ("pairs_active_at_end", "2"),
            // e01-e14 (e14 through P15).
            ("mentees_assisted", "14"),
            ("mentees_applied", "16"),
            ("mentees_matched", "14"),
            ("mentees_started", "14"),
            ("mentees_completed", "6"),
            // e05 and e07 after early ends, e15 never matched.
            ("mentees_waiting", "3"),
            ("mentors_recruited", "9"),
            // 4+3+4+2+3+3+2+4+4+3+1+3+2+3, P15's December meeting left out.
            ("meetings_held", "41"),
            ("mentoring_hours", "41.00"),
            ("goals_set", "21"),
            ("goals_due", "17"),
            ("goals_achieved_by_end", "12"),
            ("goals_dropped", "4"),
            ("goal_achievement_rate", "70.59"),
            // Mentees 4,5,4,3,5,2,4,5,4,4,5 (45 / 11); mentors 5,4,4,2,5,4,4.
            ("feedback_responses", "18"),
            ("average_satisfaction_mentees", "4.09"),
            ("average_satisfaction_mentors", "4.00"),
            // P1 budgeting 1-3 and leadership 2-2, P2 2-3, P3 1-1, P8 1-3, P9 2-3.
            ("skills_assessed_pairs", "5"),
            ("skills_improved_rate", "66.67"),
            ("average_skill_gain", "1.00"),
            // P6-P13 and P15 (20, 20, 50, 51, 30, 45, 31, 30, 49 days);
            // P1-P5 were proposed in November; P14's proposal is no match.
            ("median_days_to_match", "31.00"),
            ("pairs_matched_before_period", "5"),
        ],
    );
    assert_eq!(cases(&report, "median_days_to_match"), 9);
    assert_eq!(cases(&report, "average_satisfaction_mentees"), 11);
    assert_eq!(cases(&report, "goal_achievement_rate"), 17);

    let text = stdout(&f.mentor(&["report", "--as-of", "2026-12-04"]));
    for line in [
        "In the programme: 14 pairs ran between December 2025 and November 2026: 14 formed in that time; 6 completed, 3 closed early for reasons outside the pair's control and 3 closed early unsuccessfully; 14 mentees were mentored over 41 meetings (41 hours); 12 of 21 goals achieved (4 dropped).",
        "Goals: 12 of 21 goals achieved (4 dropped)",
        "Matching: median 31 days from application to match, over 9 mentees (5 pairs matched before the period left out)",
        "Pairs on 2026-12-04: 0 proposed, 2 active, 12 closed",
        "Mentees on 2026-12-04 (16 in all): 3 not matched by the end, 0 with a proposal, 2 in a pair, 6 completed, 5 withdrawn",
        "goal_achievement_rate 70.59 percent, target at least 70: met",
        "premature_closure_rate 50.00 percent, target at most 20: not met",
        "average_satisfaction_mentees 4.09 score 1-5, target at least 4: met",
    ] {
        assert!(text.contains(line), "`{line}` not in:\n{text}");
    }
}

/// The overview's counts of a day the tests check, in order.
const OVERVIEW: [&str; 11] = [
    "pairs_proposed",
    "pairs_active",
    "pairs_closed",
    "mentees_total",
    "mentees_paired",
    "mentees_with_proposal",
    "mentees_waiting",
    "mentees_withdrawn",
    "mentees_completed",
    "longest_wait_days",
    "mentor_places_free",
];

/// Two days inside the year: what stood on the day and the figures so far.
#[test]
fn two_days_inside_the_year_match_the_hand_counts() {
    let f = scripted_year();
    // 15 March: P11 proposed, not started; P1-P10 running; e12 has waited
    // since 1 March; e13-e15 had not applied.
    let march = json_report(&f, "2026-03-15");
    let o = &march["overview"];
    let overview = |o: &Value, key: &str| o[key].as_u64().unwrap();
    assert_eq!(
        OVERVIEW.map(|key| overview(o, key)),
        [1, 10, 0, 13, 10, 1, 1, 1, 0, 14, 7]
    );
    assert_indicators(
        &march,
        &[
            // 2+2+2+2+2+2+2+1+1+1.
            ("meetings_held", "17"),
            ("pairs_active", "10"),
            ("pairs_closed", "0"),
            ("feedback_responses", "1"),
            ("goals_achieved_by_end", "0"),
            // P6-P11: 20, 20, 50, 51, 30, 45.
            ("median_days_to_match", "37.50"),
        ],
    );
    // 15 August: P4-P7 and P11 closed; P9 in its pause is still running;
    // e13 (withdrawn since) was in a pair that day.
    let august = json_report(&f, "2026-08-15");
    assert_eq!(
        OVERVIEW.map(|key| overview(&august["overview"], key)),
        [0, 9, 5, 15, 9, 0, 2, 4, 0, 117, 9]
    );
    assert_indicators(
        &august,
        &[
            // 3+3+4+2+3+3+2+4+3+2+1+2+2+1.
            ("meetings_held", "35"),
            ("pairs_closed", "5"),
            ("no_fault_closures", "3"),
            ("unsuccessful_closures", "2"),
            ("goals_due", "6"),
            ("goals_achieved_by_end", "6"),
            ("feedback_responses", "12"),
            ("average_satisfaction_mentees", "3.86"),
            ("average_satisfaction_mentors", "3.80"),
            // P1 last met on 15 April: 122 days, over its 120.
            ("stalled_pairs", "1"),
        ],
    );
    let text = stdout(&f.mentor(&["report", "--as-of", "2026-08-15"]));
    assert!(
        text.contains("Goals: 6 of 10 goals achieved (4 dropped); 11 more not yet due"),
        "{text}"
    );
}

/// The year-end breakdowns: Library's six mentees show; every count
/// under 5 is withheld, and with only two organisations, one of them
/// small, nothing of either can be shown.
#[test]
fn the_year_end_breakdowns_withhold_small_counts_and_their_partners() {
    let f = scripted_year();
    let text = stdout(&f.mentor(&["report", "--as-of", "2026-12-04"]));
    let w = "fewer than 5 or withheld";
    let squeezed: String = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    for line in [
        format!("Library 6 6 {w} {w}"),
        format!("Finance {w} {w} {w} {w}"),
        format!("Estates {w} {w} {w} {w}"),
        format!("Northgate College {w} {w} {w} {w}"),
        format!("Westbridge University {w} {w} {w} {w}"),
        "all 14 14 6 6".to_string(),
    ] {
        assert!(squeezed.contains(&line), "`{line}` not in:\n{text}");
    }
    // Mentors' own department has nothing to count.
    assert!(!text.contains("Human Resources"), "{text}");
    // The same in the export, and in Markdown.
    let out = f.mentor(&["export", "--as-of", "2026-12-04", "--out", "hr"]);
    assert_exit(&out, 0);
    let csv = f.read("hr/summary_by_department.csv");
    assert!(csv.contains(&format!("Library,6,6,{w},{w}")), "{csv}");
    assert!(csv.contains("all,14,14,6,6"), "{csv}");
    assert!(
        f.read("hr/about.csv")
            .contains("summary_by_*.csv pairs_closed_early")
    );
    let markdown = stdout(&f.mentor(&["report", "--as-of", "2026-12-04", "--format", "markdown"]));
    assert!(
        markdown.contains(&format!("| Library | 6 | 6 | {w} | {w} |")),
        "{markdown}"
    );
}

/// Measures the page as Chromium lays it out, and writes what it finds
/// into the page: its visible text, and every box whose text overflows it
/// or SVG label drawn outside its chart.
const PROBE: &str = r#"<script>
const visible = document.body.innerText;
const clipped = [];
for (const el of document.querySelectorAll("td, th, .card, .card b, figcaption, h1, h2, p, li")) {
  if (el.scrollWidth > el.clientWidth + 1) clipped.push("box: " + el.textContent.slice(0, 80));
}
for (const svg of document.querySelectorAll("svg")) {
  const box = svg.getBoundingClientRect();
  for (const label of svg.querySelectorAll("text")) {
    const r = label.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
      clipped.push("chart: " + label.textContent);
    }
  }
}
for (const [id, text] of [["visible", visible], ["clipped", clipped.join("\n")]]) {
  const pre = document.createElement("pre");
  pre.id = id;
  pre.textContent = text;
  document.body.appendChild(pre);
}
</script>"#;

/// The text of `<pre id="{id}">` in a DOM Chromium dumped.
fn probed(dom: &str, id: &str) -> String {
    dom.split(&format!("<pre id=\"{id}\">"))
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("no {id} in the dumped page"))
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Whitespace collapsed to single spaces.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Interop: the year-end page HR gets, rendered in headless Chromium and
/// printed to A4: the first screen says what the year achieved, every
/// outcome says met or not met, rates stand beside their counts, months
/// are named, no "-0", no label is cut off; the PDF has the expected pages
/// and no table row or chart is split across two of them.
#[test]
fn the_year_end_page_reads_whole_in_chromium_and_prints_without_splitting_rows() {
    if !crate::interop::need(crate::interop::Program::Chromium)
        || !crate::interop::need(crate::interop::Program::Pdftotext)
    {
        return;
    }
    let f = scripted_year();
    let out = f.mentor(&[
        "report",
        "--as-of",
        "2026-12-04",
        "--format",
        "html",
        "--audience",
        "hr",
        "--out",
        "year.html",
    ]);
    assert_exit(&out, 0);
    let html = f.read("year.html");
    f.write(
        "probe.html",
        &html.replace("</body>", &format!("{PROBE}</body>")),
    );
    // Every request goes to a port that refuses it: the page asks for nothing.
    let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = refused.local_addr().unwrap().port();
    drop(refused);
    let page = |name: &str| format!("file://{}", f.path().join(name).display());
    let dom = crate::html::chromium(
        &["--window-size=900,1200", "--dump-dom", &page("probe.html")],
        port,
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    let visible = words(&probed(&dom, "visible"));
    assert_eq!(probed(&dom, "clipped"), "", "text cut off");
    for shown in [
        "14 pairs ran between December 2025 and November 2026: 14 formed in that time; 6 completed, 3 closed early for reasons outside the pair's control and 3 closed early unsuccessfully; 14 mentees were mentored over 41 meetings (41 hours); 12 of 21 goals achieved (4 dropped).",
        "At least 70% of goals achieved Share of goals achieved 70.59% of 17 at least 70 met",
        "No more than 1 pair in 5 ends early Share of pairs closed early 50.00% of 12 at most 20 not met",
        "Mentees rate the scheme 4 or more Average satisfaction of mentees 4.09 of 11 at least 4 met",
        "Skills improved 66.67% of 6",
        "median 31 days from application to match, over 9 mentees",
        "mentees (11 ratings)",
        "Dec 2025",
        "Nov 2026",
        "Closed early for reasons outside the pair's control",
        "Library 6 6 fewer than 5 or withheld fewer than 5 or withheld",
    ] {
        assert!(
            visible.contains(shown),
            "`{shown}` not visible in:\n{visible}"
        );
    }
    // The narrative comes before anything else but the title.
    assert!(visible.find("14 pairs ran") < visible.find("Outcomes"));
    // A negative zero stands alone ("-0", "-0.0"); dates hold "-0" inside.
    assert!(
        !visible
            .split_whitespace()
            .any(|t| t.starts_with("-0") && t.trim_start_matches(['-', '0', '.']).is_empty()),
        "a negative zero on the page:\n{visible}"
    );
    for never in [" 25-12", "Dec 2026", "programme.toml", ".yaml", "…"] {
        assert!(
            !visible.contains(never),
            "`{never}` on the page:\n{visible}"
        );
    }

    let pdf = f.path().join("year.pdf");
    let printed = crate::html::chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &page("year.html"),
        ],
        port,
    );
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&printed.stderr)
    );
    // `-raw` keeps the content stream's order: a table cell's text together.
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(words)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(pages.len(), 8, "pages: {pages:#?}");
    let page_of = |needle: &str| -> Vec<usize> {
        (0..pages.len())
            .filter(|&p| pages[p].contains(needle))
            .collect()
    };
    // Every indicator's row on one page: its plain name, its id and the
    // whole of what it says. Compared without spaces: a long id wraps
    // inside its cell.
    let bare = |text: &str| text.split_whitespace().collect::<String>();
    let bare_pages: Vec<String> = pages.iter().map(|p| bare(p)).collect();
    let json = json_report(&f, "2026-12-04");
    for indicator in json["indicators"].as_array().unwrap() {
        let (name, id) = (
            indicator["name"].as_str().unwrap(),
            indicator["id"].as_str().unwrap(),
        );
        let meaning = bare(indicator["meaning"].as_str().unwrap());
        let start = format!("{}{id}", bare(name));
        let head: Vec<usize> = (0..pages.len())
            .filter(|&p| bare_pages[p].contains(&start))
            .collect();
        assert_eq!(head.len(), 1, "`{name}` on pages {head:?}");
        assert!(
            bare_pages[head[0]].contains(&meaning),
            "the row of {id} is split across pages: `{meaning}` is not all on page {}",
            head[0] + 1
        );
    }
    // Each chart whole: its caption and its last label on one page.
    for (caption, last) in [
        ("Pairs by stage at each month end", "Nov 2026"),
        ("Meetings per month", "Nov 2026"),
        ("Meeting hours per month", "Nov 2026"),
        (
            "Average satisfaction by role (1 to 5)",
            "mentors (7 ratings)",
        ),
    ] {
        let at = page_of(caption);
        assert_eq!(at.len(), 1, "{caption}: {at:?}");
        let rest = pages[at[0]].split(caption).nth(1).unwrap();
        assert!(
            rest.contains(last),
            "the chart `{caption}` is split: {rest}"
        );
    }
}

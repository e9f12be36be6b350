//! Surveys at set points (`[[surveys]]`, `mentor survey`): over the base
//! fixture's pair ed--mo (started 2026-02-01, planned to end 2026-10-31,
//! so its mid-point is 2026-06-17), each survey falls due on its day for
//! the people it asks; answers given by command and by hand are the same
//! records; results are counted as by hand.

use crate::support::{Fixture, assert_exit, stderr, stdout};

const PROGRAMME: &str = "tests/fixtures/base/programme.toml";

/// The surveys under test, each at one kind of moment.
const SURVEYS: &str = r#"
[[surveys]]
id = "mq"
title = "Match quality"
after_start_days = 30
every_days = 60

[[surveys.questions]]
id = "score"
text = "How well is it working?"
kind = "scale"
required = true
feeds = "match_quality"
alert_below = 3

[[surveys.questions]]
id = "comment"
text = "Anything to add?"
kind = "text"

[[surveys]]
id = "mid"
title = "Mid-point"
who = "mentees"
mid_point = true

[[surveys.questions]]
id = "goals"
text = "How are the goals going?"
kind = "single"
options = ["on track", "behind"]
required = true

[[surveys]]
id = "closing"
title = "Closing"
on_close = true

[[surveys.questions]]
id = "reason"
text = "Why did it end?"
kind = "single"
options = ["ran its course", "no time"]

[[surveys]]
id = "evaluation"
title = "Evaluation"
who = "mentors"
programme_end = true

[[surveys.questions]]
id = "topics"
text = "Which topics helped?"
kind = "multiple"
options = ["budget", "people", "career"]

[[surveys]]
id = "spot"
title = "Spot check"
on_date = 2026-04-15

[[surveys.questions]]
id = "hours"
text = "Hours spent so far?"
kind = "number"
"#;

/// One entry of a surveys.yaml, answered on its occasion; `value` is the
/// line holding the answer (`private_answer: 4`).
pub(crate) fn answer_entry(
    survey: &str,
    occasion: &str,
    by: &str,
    question: &str,
    value: &str,
) -> String {
    format!(
        "  - survey: {survey}\n    occasion: {occasion}\n    by: {by}\n    date: {occasion}\n    question: {question}\n    {value}\n"
    )
}

/// Day 30 of the match-quality survey: Ed scores 2, Mo 4 with a comment.
pub(crate) fn day_30_answers() -> String {
    [
        answer_entry("mq", "2026-03-03", "ed", "score", "private_answer: 2"),
        answer_entry("mq", "2026-03-03", "mo", "score", "private_answer: 4"),
        answer_entry(
            "mq",
            "2026-03-03",
            "mo",
            "comment",
            "private_answer: \"secret words\"",
        ),
    ]
    .concat()
}

/// `text` says `needle`, or the test fails showing it.
fn says(text: &str, needle: &str) {
    assert!(text.contains(needle), "`{needle}` not in:\n{text}");
}

pub(crate) fn fixture() -> Fixture {
    let f = Fixture::base();
    let programme = std::fs::read_to_string(crate::support::repo_path(PROGRAMME)).unwrap();
    f.write("programme.toml", &format!("{programme}{SURVEYS}"));
    f
}

/// `survey status` as of `day`: one `survey pair person since` line per
/// debt (`alone` for someone asked in no pair).
fn owed(f: &Fixture, day: &str) -> Vec<String> {
    let out = f.mentor(&["survey", "status", "--as-of", day]);
    assert_exit(&out, 0);
    stdout(&out)
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| {
            let l = l.replace("(no pair)", "alone");
            let words: Vec<&str> = l.split_whitespace().collect();
            format!("{} {} {} {}", words[0], words[1], words[2], words[5])
        })
        .collect()
}

#[test]
fn surveys_fall_due_on_their_days_for_the_people_they_ask() {
    let f = fixture();
    assert_eq!(owed(&f, "2026-03-02"), Vec::<String>::new(), "day 29");
    assert_eq!(
        owed(&f, "2026-03-03"),
        ["mq ed--mo ed 2026-03-03", "mq ed--mo mo 2026-03-03"],
        "30 days after the start, both members"
    );
    // Every 60 days after: the newer occasion replaces the unanswered older one.
    assert_eq!(
        owed(&f, "2026-05-02"),
        [
            "mq ed--mo ed 2026-05-02",
            "mq ed--mo mo 2026-05-02",
            "spot ed--mo ed 2026-04-15",
            "spot ed--mo mo 2026-04-15"
        ]
    );
    let mid = owed(&f, "2026-06-17");
    assert!(
        mid.contains(&"mid ed--mo ed 2026-06-17".to_string()),
        "{mid:?}"
    );
    assert!(
        !mid.iter().any(|l| l.starts_with("mid ed--mo mo")),
        "mentees only: {mid:?}"
    );
    let text = stdout(&f.mentor(&["survey", "status", "mq", "--as-of", "2026-03-20"]));
    assert!(text.contains("OVERDUE"), "14 days past: {text}");
    assert!(!text.contains("spot"), "only the survey asked for: {text}");
}

#[test]
fn a_closed_pair_is_asked_the_closing_and_end_surveys_only() {
    let f = fixture();
    let pair = f
        .read("pairs/ed--mo/pair.toml")
        .replace("status = \"active\"", "status = \"closed\"");
    f.write(
        "pairs/ed--mo/pair.toml",
        &format!("{pair}\n[closure]\ndate = 2026-07-01\nreason = \"completed\"\n"),
    );
    assert_eq!(
        owed(&f, "2026-07-02"),
        [
            "closing ed--mo ed 2026-07-01",
            "closing ed--mo mo 2026-07-01"
        ]
    );
    assert_eq!(
        owed(&f, "2026-12-31"),
        [
            "closing ed--mo ed 2026-07-01",
            "closing ed--mo mo 2026-07-01",
            "evaluation ed--mo mo 2026-12-31",
            "evaluation alone max 2026-12-31"
        ],
        "the programme's end, mentors only: Mo in his pair, Max (no mentee) alone"
    );
}

#[test]
fn a_paused_pair_is_not_chased() {
    let f = fixture();
    let pair = f.read("pairs/ed--mo/pair.toml");
    f.write(
        "pairs/ed--mo/pair.toml",
        &format!("{pair}\n[[pause]]\nfrom = 2026-03-01\nto = 2026-03-31\n"),
    );
    assert_eq!(owed(&f, "2026-03-10"), Vec::<String>::new());
    assert_eq!(
        owed(&f, "2026-04-01").len(),
        2,
        "chased again after the pause"
    );
}

/// The answers Ed gives to the match-quality survey of 2026-03-03, as the
/// command writes them and as a person would by hand.
const HAND_WRITTEN: &str = "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 2\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: comment\n    private_answer: \"Hard to find time\"\n";

/// `mentor survey answer SURVEY --pair ed--mo --as PERSON --occasion DAY`
/// (and `extra` arguments), the answers on standard input.
fn answer(
    f: &Fixture,
    survey: &str,
    person: &str,
    day: &str,
    extra: &[&str],
    input: &str,
) -> std::process::Output {
    let mut args = vec![
        "survey",
        "answer",
        survey,
        "--pair",
        "ed--mo",
        "--as",
        person,
        "--occasion",
        day,
    ];
    args.extend(extra);
    f.mentor_with_input(&args, input)
}

fn answer_by_command(f: &Fixture) {
    let out = answer(
        f,
        "mq",
        "ed",
        "2026-03-03",
        &["--date", "2026-03-05"],
        "score: 2\ncomment: Hard to find time\n",
    );
    assert_exit(&out, 0);
    says(&stdout(&out), "Recorded 2 answers of ed");
}

#[test]
fn answers_by_command_and_by_hand_are_the_same_records() {
    let by_command = fixture();
    answer_by_command(&by_command);
    let by_hand = fixture();
    by_hand.write("pairs/ed--mo/surveys.yaml", HAND_WRITTEN);
    let results = |f: &Fixture| {
        let out = f.mentor(&["survey", "results", "mq", "--as-of", "2026-03-20"]);
        assert_exit(&out, 0);
        stdout(&out)
    };
    assert_eq!(results(&by_command), results(&by_hand));
    for f in [&by_command, &by_hand] {
        let (_, findings) = f.validate();
        assert!(
            !findings.iter().any(|d| d.code.starts_with("E")),
            "{:?}",
            findings.iter().map(|d| &d.code).collect::<Vec<_>>()
        );
        assert_eq!(
            owed(f, "2026-03-04"),
            ["mq ed--mo mo 2026-03-03"],
            "Ed answered"
        );
    }
    // The command's file is the hand-written one plus its template comments.
    let written = by_command.read("pairs/ed--mo/surveys.yaml");
    assert!(written.contains("surveys.schema.json"), "{written}");
    assert!(written.contains("question: score"), "{written}");
    let again = answer(&by_command, "mq", "ed", "2026-03-03", &[], "score: 4\n");
    assert_exit(&again, 2);
    says(&stderr(&again), "already answered");
}

#[test]
fn answers_that_do_not_fit_their_questions_are_refused_with_the_question() {
    let f = fixture();
    let run = |input: &str| answer(&f, "mq", "ed", "2026-03-03", &[], input);
    let off_scale = run("score: 7\n");
    assert_exit(&off_scale, 2);
    says(
        &stderr(&off_scale),
        "\"How well is it working?\" (`score`): the answer must be a whole number from 1 to 5, found `7`",
    );
    let missing = run("comment: fine\n");
    says(
        &stderr(&missing),
        "\"How well is it working?\" (`score`) is required",
    );
    let unknown = run("score: 3\nmood: good\n");
    says(&stderr(&unknown), "asks no question `mood`");
    let not_asked = answer(&f, "mid", "mo", "2026-06-17", &[], "goals: behind\n");
    says(&stderr(&not_asked), "asks ed of pair `ed--mo`, not `mo`");
    assert!(
        !f.path().join("pairs/ed--mo/surveys.yaml").exists(),
        "nothing written"
    );
}

#[test]
fn hand_edited_answers_are_checked_against_their_questions() {
    let f = fixture();
    f.write(
        "pairs/ed--mo/surveys.yaml",
        "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 9\n  - survey: mq\n    occasion: 2026-03-03\n    by: mo\n    date: 2026-03-05\n    question: coment\n    answer: fine\n  - survey: mx\n    occasion: 2026-03-03\n    by: mo\n    date: 2026-03-05\n    question: score\n    answer: 3\n  - survey: mq\n    occasion: 2026-03-03\n    by: max\n    date: 2026-03-05\n    question: score\n    answer: 3\n",
    );
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    let found = |code: &str| {
        findings.iter().find(|d| d.code == code).unwrap_or_else(|| {
            panic!(
                "no {code} in {:?}",
                findings
                    .iter()
                    .map(|d| (&d.code, &d.message))
                    .collect::<Vec<_>>()
            )
        })
    };
    assert!(found("E095").message.contains(
        "(\"How well is it working?\"): the answer must be a whole number from 1 to 5, found `9`"
    ));
    assert_eq!(found("E095").line, 7);
    assert!(
        found("E094")
            .message
            .contains("survey `mq` asks no question `coment`")
    );
    assert!(found("E093").message.contains("`mx` is not a survey"));
    assert!(
        found("E096")
            .message
            .contains("without the required question `score` (\"How well is it working?\")")
    );
    assert!(found("W080").message.contains("`max` answered survey `mq`"));
    assert!(found("W081").message.contains("is confidential"));
}

#[test]
fn results_and_response_rates_match_a_hand_count() {
    let f = fixture();
    // Day 30: Ed 2, Mo 4; day 90: Ed 5 (Mo did not answer); the spot check: Mo 12.5 hours.
    let entry = |occasion: &str, by: &str, question: &str, value: &str| {
        let survey = if question == "hours" { "spot" } else { "mq" };
        answer_entry(survey, occasion, by, question, value)
    };
    let file = format!(
        "answers:\n{}{}{}",
        day_30_answers(),
        entry("2026-05-02", "ed", "score", "private_answer: 5"),
        entry("2026-04-15", "mo", "hours", "answer: 12.5"),
    );
    f.write("pairs/ed--mo/surveys.yaml", &file);
    let out = f.mentor(&["survey", "results", "mq", "--as-of", "2026-06-01"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("day 30           2 of 2 answered (100%)"),
        "{text}"
    );
    assert!(
        text.contains("day 90           1 of 2 answered (50%)"),
        "{text}"
    );
    assert!(text.contains("n = 3\n    mean 3.67"), "{text}");
    let counts: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("    ")
                && l.trim().len() < 30
                && l.trim().chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    assert_eq!(
        counts
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        ["1 0", "2 1", "3 0", "4 1", "5 1"]
    );
    assert!(text.contains("free text is never shown"), "{text}");
    assert!(!text.contains("secret words"), "{text}");
    let spot = stdout(&f.mentor(&["survey", "results", "spot", "--as-of", "2026-06-01"]));
    assert!(
        spot.contains("2026-04-15       1 of 2 answered (50%)"),
        "{spot}"
    );
    assert!(spot.contains("mean 12.50"), "{spot}");
}

#[test]
fn the_init_defaults_validate_and_fall_due() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("p");
    let out = crate::support::mentor_in(dir.path(), &["init", target.to_str().unwrap()]);
    assert_exit(&out, 0);
    let programme = std::fs::read_to_string(target.join("programme.toml")).unwrap();
    for id in ["match-quality", "mid-point", "closing", "evaluation"] {
        assert!(programme.contains(&format!("id = \"{id}\"")), "{id}");
    }
    let out = crate::support::mentor_in(&target, &["validate"]);
    assert_exit(&out, 0);
    let out = crate::support::mentor_in(&target, &["survey", "status"]);
    assert_exit(&out, 0);
}

/// The sealed programme with [`SURVEYS`], where Ed scored the match 2 on
/// 2026-03-05 (day 30) and commented "Mo never has time".
pub(crate) fn sealed_with_a_low_score() -> crate::sealing::Sealed {
    let s = crate::sealing::sealed();
    let programme = s.f.read("programme.toml");
    s.f.write("programme.toml", &format!("{programme}{SURVEYS}"));
    let out = answer(
        &s.f,
        "mq",
        "ed",
        "2026-03-03",
        &["--date", "2026-03-05"],
        "score: 2\ncomment: Mo never has time\n",
    );
    assert_exit(&out, 0);
    s
}

/// In a programme that seals: Ed's low match-quality score is sealed for
/// Ed and the coordinator (the age crate and, through the interop gate,
/// the age CLI open it; Mo cannot), the coordinator's report lists it for
/// the coordinator alone, and no reminder carries it.
fn a_low_score_reaches_the_coordinator_alone(open: crate::sealing::Open) {
    use crate::sealing::sealed_blocks;
    let s = sealed_with_a_low_score();
    let f = &s.f;
    let text = f.read("pairs/ed--mo/surveys.yaml");
    assert!(!text.contains("Mo never has time"), "{text}");
    let blocks = sealed_blocks(&text);
    assert_eq!(blocks.len(), 2, "the score and the comment, each sealed");
    assert_eq!(open(&s.ed, &blocks[0]).as_deref(), Ok("2"));
    assert_eq!(open(&s.coordinator, &blocks[0]).as_deref(), Ok("2"));
    assert_eq!(
        open(&s.coordinator, &blocks[1]).as_deref(),
        Ok("Mo never has time")
    );
    assert!(
        open(&s.mo, &blocks[0]).is_err(),
        "the partner opens the score"
    );
    assert!(
        open(&s.max, &blocks[1]).is_err(),
        "an outsider opens the comment"
    );

    let coordinator = s.coordinator.file.to_str().unwrap();
    let report = |identity: Option<&str>| {
        let mut args = vec!["report", "--as-of", "2026-03-10", "--format", "json"];
        if let Some(key) = identity {
            args.extend(["--identity", key]);
        }
        let out = f.mentor(&args);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["attention"].as_array().unwrap().clone()
    };
    let low: Vec<_> = report(Some(coordinator))
        .into_iter()
        .filter(|a| a["kind"] == "low-survey-score")
        .collect();
    assert_eq!(low.len(), 1, "{low:?}");
    assert_eq!(low[0]["contacts"][0]["name"], "Cora Ordinator");
    assert_eq!(low[0]["contacts"].as_array().unwrap().len(), 1);
    assert!(
        !report(None).iter().any(|a| a["kind"] == "low-survey-score"),
        "a sealed score is seen only once opened"
    );
    let due: Vec<String> = report(None)
        .into_iter()
        .filter(|a| a["kind"] == "survey-due")
        .map(|a| a["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        due.contains(&"mo has not answered `mq` for pair ed--mo (due 2026-03-03)".to_string()),
        "Mo still owes it: {due:?}"
    );
    assert!(
        !due.iter()
            .any(|m| m.starts_with("ed has not answered `mq`")),
        "{due:?}"
    );

    let out = f.mentor(&["remind", "--as-of", "2026-03-10", "--outbox", "out"]);
    assert_exit(&out, 0);
    let mut mails = String::new();
    for file in std::fs::read_dir(f.path().join("out")).unwrap() {
        mails.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    assert!(
        mails.contains("mentor survey answer"),
        "Mo is chased: {mails}"
    );
    for secret in ["scored", "below 3", "low", "Mo never has time"] {
        assert!(
            !mails.contains(secret),
            "a reminder reveals `{secret}`: {mails}"
        );
    }
}

#[test]
fn a_low_score_reaches_the_coordinator_alone_with_the_age_crate() {
    a_low_score_reaches_the_coordinator_alone(crate::sealing::age_open);
}

#[test]
fn a_low_score_is_sealed_for_the_age_cli_too() {
    if !crate::interop::need(crate::interop::Program::AgeCli) {
        return;
    }
    a_low_score_reaches_the_coordinator_alone(crate::sealing::age_cli_open);
}

#[test]
fn export_writes_per_question_results_and_rates_with_small_cells_suppressed() {
    let f = fixture();
    f.write(
        "pairs/ed--mo/surveys.yaml",
        &format!("answers:\n{}", day_30_answers(),),
    );
    let export = |extra: &[&str]| -> (String, String) {
        let mut args = vec!["export", "--out", "hr", "--as-of", "2026-03-16"];
        args.extend(extra);
        let out = crate::support::command_in(f.path(), &args)
            .env("MENTOR_PSEUDONYM_KEY", "a secret for this test")
            .output()
            .unwrap();
        assert_exit(&out, 0);
        (
            f.read("hr/survey_results.csv"),
            f.read("hr/survey_response_rates.csv"),
        )
    };
    let (results, rates) = export(&[]);
    for row in [
        "mq,score,scale,all,2,3.00",
        "mq,score,scale,2,1,",
        "mq,score,scale,4,1,",
        "mq,score,scale,5,0,",
        "mq,comment,text,all,1,",
    ] {
        assert!(
            results.lines().any(|l| l == row),
            "{row} not in:\n{results}"
        );
    }
    assert!(!results.contains("secret words"), "{results}");
    assert!(
        rates.lines().any(|l| l == "mq,day 30,2,2,100.00"),
        "{rates}"
    );
    let (results, rates) = export(&["--anonymize", "--min-group", "2"]);
    assert!(
        results.lines().any(|l| l == "mq,score,scale,all,2,3.00"),
        "{results}"
    );
    assert!(
        results.lines().any(|l| l == "mq,score,scale,2,,"),
        "one answer is a small cell: {results}"
    );
    assert!(
        results.lines().any(|l| l == "mq,comment,text,all,,"),
        "{results}"
    );
    assert!(
        rates.lines().any(|l| l == "mq,day 30,2,2,100.00"),
        "{rates}"
    );
}

#[test]
fn the_form_lists_each_question_in_order_with_its_choices() {
    let f = fixture();
    let out = f.mentor(&["survey", "form", "evaluation"]);
    assert_exit(&out, 0);
    assert_eq!(
        stdout(&out),
        "# Evaluation\n\nSurvey `evaluation`. Your answers to questions marked *confidential* are read by you and the programme coordinators only.\n\n1. **Your e-mail address** (required; `email`)\n2. **Which topics helped?** (choose any; `topics`)\n   - budget\n   - people\n   - career\n"
    );
    let mq = stdout(&f.mentor(&["survey", "form", "mq"]));
    assert!(
        mq.contains("2. **How well is it working?** (rating from 1 to 5; required; *confidential*; `score`)\n3. **Anything to add?** (free text; *confidential*; `comment`)\n"),
        "{mq}"
    );
    let unknown = f.mentor(&["survey", "form", "mqq"]);
    assert_exit(&unknown, 2);
    says(&stderr(&unknown), "did you mean `mq`?");
}

/// A Google Forms export of the match-quality survey: Ed answered twice
/// (the later counts), Mo once, a stranger once, and one column is no question.
const EXPORT: &str = "Timestamp,Email address,How well is it working?,Anything to add?,Department\n2026/03/05 10:00,ed@example.org,2,slow start,Library\n2026/03/06 10:00,MO@example.org,4,,Finance\n2026/03/07 10:00,ed@example.org,3,better now,Library\n2026/03/07 11:00,stranger@example.org,5,,IT\n";

#[test]
fn a_forms_export_becomes_the_same_answers_once() {
    let f = fixture();
    f.write("export.csv", EXPORT);
    let import = || {
        f.mentor(&[
            "import",
            "survey",
            "mq",
            "export.csv",
            "--as-of",
            "2026-03-16",
        ])
    };
    let out = import();
    assert_exit(&out, 0);
    assert!(
        stdout(&out)
            .contains("Recorded the answers of 2 people to survey `mq` (0 already recorded"),
        "{}",
        stdout(&out)
    );
    let said = stderr(&out);
    for code in ["I041", "I044", "I040"] {
        assert!(said.contains(code), "{code} in {said}");
    }
    assert!(
        said.contains("export.csv:2:2"),
        "the superseded row: {said}"
    );
    let results = stdout(&f.mentor(&["survey", "results", "mq", "--as-of", "2026-03-16"]));
    assert!(
        results.contains("day 30           2 of 2 answered (100%)"),
        "{results}"
    );
    assert!(results.contains("n = 2\n    mean 3.50"), "{results}");
    // Each answer is dated by the form's timestamp (Ed's later response,
    // Mo's), not by the day the import ran.
    let recorded = f.read("pairs/ed--mo/surveys.yaml");
    assert!(
        recorded.contains("by: ed\n    date: 2026-03-07")
            && recorded.contains("by: mo\n    date: 2026-03-06"),
        "{recorded}"
    );
    // The same answers given by command make the same results.
    let by_command = fixture();
    answer(
        &by_command,
        "mq",
        "ed",
        "2026-03-03",
        &[],
        "score: 3\ncomment: better now\n",
    );
    answer(&by_command, "mq", "mo", "2026-03-03", &[], "score: 4\n");
    assert_eq!(
        results,
        stdout(&by_command.mentor(&["survey", "results", "mq", "--as-of", "2026-03-16"]))
    );
    // Repeatable: nothing is recorded twice.
    let again = import();
    assert_exit(&again, 0);
    assert!(
        stdout(&again)
            .contains("Recorded the answers of 0 people to survey `mq` (2 already recorded"),
        "{}",
        stdout(&again)
    );
    let (exit, _) = f.validate();
    assert_eq!(exit, 0);
}

#[test]
fn a_forms_export_with_a_missing_required_answer_writes_nothing() {
    let f = fixture();
    f.write(
        "export.csv",
        "Email address,score,comment\ned@example.org,,fine\nmo@example.org,9,\n",
    );
    let out = f.mentor(&[
        "import",
        "survey",
        "mq",
        "export.csv",
        "--as-of",
        "2026-03-16",
    ]);
    assert_exit(&out, 1);
    let said = stderr(&out);
    assert!(
        said.contains("I043")
            && said.contains("required question `score` (\"How well is it working?\")"),
        "{said}"
    );
    assert!(
        said.contains("I042") && said.contains("from 1 to 5, found `9`"),
        "{said}"
    );
    assert!(!f.path().join("pairs/ed--mo/surveys.yaml").exists());
}

/// The init defaults' forms round-trip: the questions `survey form` lists,
/// as the column headers a Forms export gives them, import as answers.
#[test]
fn the_init_defaults_round_trip_through_their_form_and_an_export() {
    let f = Fixture::base();
    let defaults = std::fs::read_to_string(crate::support::repo_path(
        "programme-template/programme.toml",
    ))
    .unwrap();
    let surveys = &defaults[defaults.find("# Surveys asked").unwrap()..];
    let programme = f.read("programme.toml");
    f.write("programme.toml", &format!("{programme}\n{surveys}"));
    let form = stdout(&f.mentor(&["survey", "form", "match-quality"]));
    let headers: Vec<String> = form
        .lines()
        .filter_map(|l| {
            l.split_once(". **")
                .and_then(|(_, rest)| rest.split_once("**"))
        })
        .map(|(text, _)| format!("\"{text}\""))
        .collect();
    assert_eq!(headers.len(), 3, "{form}");
    f.write(
        "export.csv",
        &format!(
            "{}\ned@example.org,2,Hard to find time\n",
            headers.join(",")
        ),
    );
    let out = f.mentor(&[
        "import",
        "survey",
        "match-quality",
        "export.csv",
        "--as-of",
        "2026-03-16",
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Recorded the answers of 1 person"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = f.mentor(&["report", "--as-of", "2026-03-16", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let low: Vec<_> = doc["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "low-survey-score")
        .collect();
    assert_eq!(low.len(), 1, "a 2 is below the default threshold of 3");
    let (exit, _) = f.validate();
    assert_eq!(exit, 0);
}

/// `match_quality_score`: each pair's latest answer counts once (Ed's 5 of
/// day 90, not the 2 and 4 of day 30); a `feeds = "satisfaction"` scale
/// joins feedback's ratings.
#[test]
fn match_quality_is_the_mean_of_each_pairs_latest_score() {
    let f = fixture();
    let programme = f.read("programme.toml").replace(
        "id = \"comment\"\ntext = \"Anything to add?\"\nkind = \"text\"\n",
        "id = \"comment\"\ntext = \"Anything to add?\"\nkind = \"text\"\n\n[[surveys.questions]]\nid = \"happy\"\ntext = \"How satisfied are you?\"\nkind = \"scale\"\nfeeds = \"satisfaction\"\n",
    );
    f.write("programme.toml", &programme);
    let entry = |occasion: &str, by: &str, question: &str, value: &str| {
        answer_entry(
            "mq",
            occasion,
            by,
            question,
            &format!("private_answer: {value}"),
        )
    };
    f.write(
        "pairs/ed--mo/surveys.yaml",
        &format!(
            "answers:\n{}{}{}{}",
            entry("2026-03-03", "ed", "score", "2"),
            entry("2026-03-03", "mo", "score", "4"),
            entry("2026-05-02", "ed", "score", "5"),
            entry("2026-05-02", "ed", "happy", "3"),
        ),
    );
    let out = f.mentor(&["report", "--as-of", "2026-06-01", "--format", "json"]);
    assert_exit(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let indicator = |id: &str| {
        doc["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {doc}"))
            .clone()
    };
    assert_eq!(indicator("match_quality_score")["value"], 5.0);
    assert_eq!(indicator("match_quality_score")["cases"], 1);
    assert_eq!(indicator("average_satisfaction_mentees")["value"], 3.0);
}

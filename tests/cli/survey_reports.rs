//! Survey answers in the reports: the HTML page's "What participants said"
//! (rates, per-question n / mean / distribution, the match-quality trend;
//! no free text; sealed answers counted only once opened; small counts
//! withheld for HR) and `report --pair`'s answers for those entitled.

use crate::support::{Fixture, assert_exit, stdout};
use crate::surveys::{answer_entry, day_30_answers, fixture};

/// `report --format html` for `audience` as of `day` (and `extra`).
fn page(f: &Fixture, audience: &str, day: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "--format",
        "html",
        "--audience",
        audience,
        "--as-of",
        day,
    ];
    args.extend(extra);
    let out = f.mentor(&args);
    assert_exit(&out, 0);
    stdout(&out)
}

fn says(text: &str, needle: &str) {
    assert!(text.contains(needle), "`{needle}` not in:\n{text}");
}

/// Day 30: Ed 2, Mo 4 (and Mo's comment); day 90: Ed 5, given in May.
fn answered_twice() -> Fixture {
    let f = fixture();
    let may = answer_entry("mq", "2026-05-02", "ed", "score", "private_answer: 5");
    let spot = answer_entry("spot", "2026-04-15", "mo", "hours", "answer: 12.5");
    f.write(
        "pairs/ed--mo/surveys.yaml",
        &format!("answers:\n{}{may}{spot}", day_30_answers()),
    );
    f
}

#[test]
fn the_html_report_says_what_participants_said_without_free_text() {
    let f = answered_twice();
    let html = page(&f, "coordinator", "2026-06-01", &[]);
    says(&html, "<h2>What participants said</h2>");
    says(&html, "<h3>Match quality</h3>");
    says(
        &html,
        "<tr><td>day 30</td><td>2</td><td>2</td><td>100%</td></tr>",
    );
    says(
        &html,
        "<tr><td>day 90</td><td>2</td><td>1</td><td>50%</td></tr>",
    );
    says(&html, "<b>How well is it working?</b> n = 3; mean 3.67</p>");
    for (point, count) in [("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 1)] {
        says(&html, &format!("<tr><td>{point}</td><td>{count}</td></tr>"));
    }
    says(&html, "<h3>Match quality over the programme</h3>");
    says(&html, "<tr><td>Mar 2026</td><td>2</td><td>3.00</td></tr>");
    says(&html, "<tr><td>May 2026</td><td>1</td><td>5.00</td></tr>");
    assert!(!html.contains("secret words"), "free text on the page");
    assert!(!html.contains("Anything to add?"), "a free-text question");

    // HR, with the default min_group of 5: three answers are too few.
    let hr = page(&f, "hr", "2026-06-01", &[]);
    says(&hr, "<b>How well is it working?</b> n = fewer than 5</p>");
    assert!(!hr.contains("3.67"), "a mean of too few answers: {hr}");
    says(
        &hr,
        "<tr><td>Mar 2026</td><td>fewer than 5</td><td>withheld</td></tr>",
    );
    says(
        &hr,
        "<tr><td>day 30</td><td>2</td><td>fewer than 5</td><td>withheld</td></tr>",
    );
    assert!(!hr.contains("secret words"));

    // With min_group 2 the mean shows, but not the single answers.
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[privacy]\nmin_group = 2\n"),
    );
    let hr = page(&f, "hr", "2026-06-01", &[]);
    says(&hr, "<b>How well is it working?</b> n = 3; mean 3.67</p>");
    says(&hr, "<tr><td>4</td><td>fewer than 2</td></tr>");
    says(&hr, "<tr><td>3</td><td>0</td></tr>");
    says(&hr, "<tr><td>Mar 2026</td><td>2</td><td>3.00</td></tr>");
    says(
        &hr,
        "<tr><td>May 2026</td><td>fewer than 2</td><td>withheld</td></tr>",
    );
}

#[test]
fn sealed_survey_answers_count_on_the_page_and_show_on_the_pair_only_once_opened() {
    let s = crate::surveys::sealed_with_a_low_score();
    let f = &s.f;
    let coordinator = s.coordinator.file.to_str().unwrap();

    let sealed = page(f, "coordinator", "2026-03-10", &[]);
    says(
        &sealed,
        "<b>How well is it working?</b> n = 0; 1 sealed, not counted",
    );
    says(
        &sealed,
        "<td>Mar 2026</td><td>0 (1 sealed, not counted)</td>",
    );
    let opened = page(f, "coordinator", "2026-03-10", &["--identity", coordinator]);
    says(
        &opened,
        "<b>How well is it working?</b> n = 1; mean 2.00</p>",
    );
    says(&opened, "<tr><td>Mar 2026</td><td>1</td><td>2.00</td></tr>");
    assert!(!opened.contains("Mo never has time"));

    let pair = |identity: Option<&str>| {
        let mut args = vec!["report", "--pair", "ed--mo", "--as-of", "2026-03-10"];
        args.extend(
            identity
                .map(|key| ["--identity", key])
                .into_iter()
                .flatten(),
        );
        let out = f.mentor(&args);
        assert_exit(&out, 0);
        stdout(&out)
    };
    let unopened = pair(None);
    says(&unopened, "Survey answers");
    says(
        &unopened,
        "2026-03-03 mq by ed: score: sealed for ed and the coordinators",
    );
    assert!(!unopened.contains("Mo never has time"));
    let by_mo = pair(Some(s.mo.file.to_str().unwrap()));
    says(&by_mo, "score: sealed for ed and the coordinators");
    let by_coordinator = pair(Some(coordinator));
    says(&by_coordinator, "2026-03-03 mq by ed: score: 2");
    says(
        &by_coordinator,
        "2026-03-03 mq by ed: comment: Mo never has time",
    );
    let by_ed = pair(Some(s.ed.file.to_str().unwrap()));
    says(&by_ed, "2026-03-03 mq by ed: score: 2");
}

#[test]
fn report_pair_lists_readable_survey_answers() {
    let f = answered_twice();
    let out = f.mentor(&["report", "--pair", "ed--mo", "--as-of", "2026-06-01"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    says(&text, "Survey answers");
    says(&text, "2026-04-15 spot by mo: hours: 12.5");
    // Confidential answers kept in plaintext: only to a reader with an identity.
    says(
        &text,
        "2026-03-03 mq by ed: score: confidential: shown with --identity",
    );
    assert!(!text.contains("secret words"), "{text}");
}

/// The pair's JSON timeline as `identity` (if any) sees it on `day`.
fn timeline_json(f: &Fixture, day: &str, identity: Option<&str>) -> serde_json::Value {
    let mut args = vec![
        "report", "--pair", "ed--mo", "--as-of", day, "--format", "json",
    ];
    args.extend(
        identity
            .map(|key| ["--identity", key])
            .into_iter()
            .flatten(),
    );
    let out = f.mentor(&args);
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The JSON timeline's answer of `by` to `question`: (answer, withheld).
fn json_answer(
    doc: &serde_json::Value,
    by: &str,
    question: &str,
) -> (serde_json::Value, serde_json::Value) {
    let found = doc["survey_answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["by"] == by && a["question"] == question)
        .unwrap_or_else(|| panic!("no answer of {by} to {question}: {doc}"));
    (found["answer"].clone(), found["withheld"].clone())
}

#[test]
fn report_pair_json_carries_the_survey_answers_the_text_timeline_shows() {
    let f = answered_twice();
    let doc = timeline_json(&f, "2026-06-01", None);
    assert_eq!(doc["survey_answers"].as_array().unwrap().len(), 5, "{doc}");
    // Oldest occasion first: day 30 (three answers), the spot check, day 90.
    let spot = &doc["survey_answers"][3];
    assert_eq!(spot["survey"], "spot");
    assert_eq!(spot["occasion"], "2026-04-15");
    assert_eq!(spot["date"], "2026-04-15");
    assert_eq!(
        json_answer(&doc, "mo", "hours"),
        (serde_json::json!("12.5"), serde_json::Value::Null)
    );
    assert_eq!(
        json_answer(&doc, "ed", "score"),
        (
            serde_json::Value::Null,
            serde_json::json!("confidential: shown with --identity")
        )
    );
    assert!(!doc.to_string().contains("secret words"), "{doc}");
    // Not yet answered on the as-of day: not listed.
    let before = timeline_json(&f, "2026-03-02", None);
    assert_eq!(before["survey_answers"], serde_json::json!([]));

    let s = crate::surveys::sealed_with_a_low_score();
    let mo = s.mo.file.to_str().unwrap();
    let coordinator = s.coordinator.file.to_str().unwrap();
    let by_mo = timeline_json(&s.f, "2026-03-10", Some(mo));
    assert_eq!(
        json_answer(&by_mo, "ed", "comment"),
        (
            serde_json::Value::Null,
            serde_json::json!("sealed for ed and the coordinators")
        )
    );
    assert!(!by_mo.to_string().contains("Mo never has time"));
    let by_coordinator = timeline_json(&s.f, "2026-03-10", Some(coordinator));
    assert_eq!(
        json_answer(&by_coordinator, "ed", "comment"),
        (
            serde_json::json!("Mo never has time"),
            serde_json::Value::Null
        )
    );
}

#[test]
fn results_list_every_choice_with_its_zero_once_anyone_answered() {
    let f = answered_twice();
    let results = |survey: &str| {
        let out = f.mentor(&["survey", "results", survey, "--as-of", "2026-06-01"]);
        assert_exit(&out, 0);
        stdout(&out)
    };
    // Scores 2, 4 and 5: 1 and 3 were offered and nobody chose them.
    let mq = results("mq");
    for row in ["1", "2", "3", "4", "5"] {
        let count = if matches!(row, "1" | "3") { 0 } else { 1 };
        says(&mq, &format!("\n    {row:<24} {count}\n"));
    }
    // Nobody closed: no table of zeros, a plain "no answers yet".
    let closing = results("closing");
    says(&closing, "n = 0\n    no answers yet\n");
    assert!(!closing.contains("ran its course"), "{closing}");
    let html = page(&f, "coordinator", "2026-06-01", &[]);
    says(&html, "<tr><td>1</td><td>0</td></tr>");
    assert!(!html.contains("<td>ran its course</td>"), "{html}");
}

//! Surveys that reach people in no pair (#28): in the sealed base
//! programme, Eve waits for a mentor and Max and Maxi mentor nobody on
//! 2026-04-15 (Maxi's pair closed in January), while Ed and Mo run pair
//! ed--mo. A survey for everyone on that date asks Ed and Mo in their pair
//! and the other three alone; their answers go to their own
//! `people/<id>.surveys.yaml`, sealed for them and the coordinators,
//! validated like a pair's, chased and counted like a pair's.

use crate::sealing::{Key, Open, Sealed, sealed_blocks};
use crate::support::{assert_exit, stderr, stdout};

const PULSE: &str = r#"
[[surveys]]
id = "pulse"
title = "Programme pulse"
who = "everyone"
on_date = 2026-04-15

[[surveys.questions]]
id = "score"
text = "How is the programme for you?"
kind = "scale"
required = true

[[surveys.questions]]
id = "comment"
text = "Anything to add?"
kind = "text"

[[surveys.questions]]
id = "heard"
text = "How did you hear of it?"
kind = "single"
options = ["colleague", "intranet", "manager"]
"#;

/// The sealed base programme with [`PULSE`].
fn programme() -> Sealed {
    let s = crate::sealing::sealed();
    let programme = s.f.read("programme.toml");
    s.f.write("programme.toml", &format!("{programme}{PULSE}"));
    s
}

/// Eve's key, which the sealed programme made beside the others.
fn eve(s: &Sealed) -> Key {
    let eve = s.f.read("people/eve.toml");
    let public = eve
        .lines()
        .find_map(|l| l.strip_prefix("keys = [\""))
        .and_then(|l| l.strip_suffix("\"]"))
        .unwrap()
        .to_string();
    Key {
        file: s.keys.path().join("eve.txt"),
        public,
    }
}

fn status(s: &Sealed) -> String {
    let out =
        s.f.mentor(&["survey", "status", "pulse", "--as-of", "2026-04-20"]);
    assert_exit(&out, 0);
    stdout(&out)
}

fn eve_answers(s: &Sealed) -> std::process::Output {
    s.f.mentor_with_input(
        &[
            "survey",
            "answer",
            "pulse",
            "--person",
            "eve",
            "--date",
            "2026-04-18",
        ],
        "score: 2\ncomment: Still waiting for a mentor\nheard: intranet\n",
    )
}

fn reaches_people_in_no_pair(open: Open) {
    let s = programme();
    let f = &s.f;
    let owed = status(&s);
    for line in [
        "pulse ed--mo    ed",
        "pulse ed--mo    mo",
        "pulse (no pair) eve",
        "pulse (no pair) max",
        "pulse (no pair) maxi",
    ] {
        assert!(owed.contains(line), "`{line}` not in:\n{owed}");
    }
    assert_eq!(owed.matches("pulse ").count(), 5, "{owed}");

    let out = eve_answers(&s);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("people/eve.surveys.yaml"),
        "{}",
        stdout(&out)
    );
    let text = f.read("people/eve.surveys.yaml");
    assert!(!text.contains("Still waiting"), "{text}");
    assert!(
        text.contains("intranet"),
        "not confidential: readable: {text}"
    );
    let blocks = sealed_blocks(&text);
    assert_eq!(blocks.len(), 2, "the score and the comment, each sealed");
    assert_eq!(open(&eve(&s), &blocks[0]).as_deref(), Ok("2"));
    assert_eq!(open(&s.coordinator, &blocks[0]).as_deref(), Ok("2"));
    assert_eq!(
        open(&s.coordinator, &blocks[1]).as_deref(),
        Ok("Still waiting for a mentor")
    );
    for other in [&s.max, &s.mo, &s.ed] {
        assert!(
            open(other, &blocks[1]).is_err(),
            "another opens Eve's comment"
        );
    }
    assert_exit(&f.run("validate"), 0);
    let owed = status(&s);
    assert!(!owed.contains("eve"), "{owed}");
    assert!(owed.contains("pulse (no pair) max"), "{owed}");
    let again = eve_answers(&s);
    assert_exit(&again, 2);
    assert!(
        stderr(&again).contains("already answered"),
        "{}",
        stderr(&again)
    );

    // Eve's own answers are in her subject access export, opened with her
    // key; Max's export does not hold them.
    let out_dir = tempfile::tempdir().unwrap();
    let export = |id: &str, key: &Key| {
        let out = f.mentor(&[
            "person",
            "export",
            id,
            "--identity",
            key.file.to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ]);
        assert_exit(&out, 0);
        std::fs::read_to_string(out_dir.path().join(format!("{id}-subject-access.json"))).unwrap()
    };
    let eve_export = export("eve", &eve(&s));
    assert!(
        eve_export.contains("people/eve.surveys.yaml")
            && eve_export.contains("Still waiting for a mentor"),
        "{eve_export}"
    );
    let max_export = export("max", &s.max);
    assert!(
        !max_export.contains("eve.surveys") && !max_export.contains("Still waiting"),
        "{max_export}"
    );

    // Counted with the pairs' answers: 1 of the 5 asked on that day.
    let coordinator = s.coordinator.file.to_str().unwrap();
    let out = f.mentor(&[
        "survey",
        "results",
        "pulse",
        "--as-of",
        "2026-04-20",
        "--identity",
        coordinator,
    ]);
    assert_exit(&out, 0);
    let results = stdout(&out);
    assert!(results.contains("1 of 5 answered"), "{results}");
    assert!(!results.contains("Still waiting"), "{results}");

    // Chased like a pair's member; no reminder carries an answer.
    let out = f.mentor(&["remind", "--as-of", "2026-04-20", "--outbox", "out"]);
    assert_exit(&out, 0);
    let mut to_max = String::new();
    for file in std::fs::read_dir(f.path().join("out")).unwrap() {
        let mail = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!mail.contains("Still waiting"), "{mail}");
        if mail.contains("max@example.org") {
            to_max.push_str(&mail);
        }
    }
    assert!(to_max.contains("mentor survey answer"), "{to_max}");
}

#[test]
fn a_survey_for_everyone_reaches_people_in_no_pair_and_their_answers_are_theirs() {
    reaches_people_in_no_pair(crate::sealing::age_open);
}

#[test]
fn a_person_s_own_answers_are_sealed_for_the_age_cli_too() {
    if !crate::interop::need(crate::interop::Program::AgeCli) {
        return;
    }
    reaches_people_in_no_pair(crate::sealing::age_cli_open);
}

/// A survey for mentees does not reach a mentor alone, and someone in a
/// running pair answers in the pair, not alone.
#[test]
fn only_the_survey_s_audience_in_no_pair_is_asked_alone() {
    let s = programme();
    let programme = s.f.read("programme.toml");
    s.f.write(
        "programme.toml",
        &programme.replace("who = \"everyone\"", "who = \"mentees\""),
    );
    let owed = status(&s);
    assert!(owed.contains("pulse (no pair) eve"), "{owed}");
    assert!(!owed.contains("max"), "{owed}");
    let out = s.f.mentor_with_input(
        &["survey", "answer", "pulse", "--person", "ed"],
        "score: 4\n",
    );
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--pair"), "{}", stderr(&out));
}

/// By hand, the person's own file is checked as a pair's is: an off-scale
/// score and an answer written in someone else's name are findings there.
#[test]
fn a_person_s_own_answers_are_validated_like_a_pair_s() {
    let s = crate::sealing::programme(false);
    let programme = s.f.read("programme.toml");
    s.f.write("programme.toml", &format!("{programme}{PULSE}"));
    s.f.write(
        "people/eve.surveys.yaml",
        "answers:\n  - survey: pulse\n    occasion: 2026-04-15\n    by: eve\n    date: 2026-04-16\n    question: score\n    private_answer: 9\n  - survey: pulse\n    occasion: 2026-04-15\n    by: max\n    date: 2026-04-16\n    question: score\n    private_answer: 3\n",
    );
    let out = s.f.run("validate");
    let text = stdout(&out);
    assert!(
        text.contains("E095") || text.contains("from 1 to 5"),
        "the off-scale score: {text}"
    );
    assert!(
        text.contains("`max` answered survey `pulse`, which `eve`'s own file does not ask of them"),
        "{text}"
    );
    assert!(text.contains("people/eve.surveys.yaml"), "{text}");
}

/// A participant cannot weigh the results by hand: Eve's answer repeated
/// in her own file, Ed (asked in pair ed--mo) answering alone as well, and
/// a file planted for an id nobody has count once or not at all, as the
/// response rate counts them; Ed's second answer is a finding.
#[test]
fn planted_and_repeated_own_answers_never_weigh_the_results() {
    let s = crate::sealing::programme(false);
    let programme = s.f.read("programme.toml");
    s.f.write("programme.toml", &format!("{programme}{PULSE}"));
    let one = |by: &str, score: u8| {
        format!(
            "  - survey: pulse\n    occasion: 2026-04-15\n    by: {by}\n    date: 2026-04-16\n    question: score\n    private_answer: {score}\n"
        )
    };
    s.f.write(
        "people/eve.surveys.yaml",
        &format!("answers:\n{}", one("eve", 2).repeat(6)),
    );
    s.f.write(
        "people/ed.surveys.yaml",
        &format!("answers:\n{}", one("ed", 5)),
    );
    s.f.write(
        "people/ghost.surveys.yaml",
        &format!("answers:\n{}", one("ghost", 5)),
    );
    let out =
        s.f.mentor(&["survey", "results", "pulse", "--as-of", "2026-04-20"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("n = 1\n"), "one answer counts: {text}");
    assert!(text.contains("mean 2.00"), "{text}");
    let out = s.f.run("validate");
    let text = stdout(&out);
    assert!(
        text.contains("`ed` answered survey `pulse`, which `ed`'s own file does not ask of them"),
        "{text}"
    );
}

/// A second answers file for one person (`eve.surveys.toml` beside her
/// `.yaml`) is a duplicate record, never a second set of answers.
#[test]
fn a_second_spelling_of_a_person_s_answers_file_is_a_duplicate() {
    let s = crate::sealing::programme(false);
    let programme = s.f.read("programme.toml");
    s.f.write("programme.toml", &format!("{programme}{PULSE}"));
    s.f.write(
        "people/eve.surveys.yaml",
        "answers:\n  - survey: pulse\n    occasion: 2026-04-15\n    by: eve\n    date: 2026-04-16\n    question: score\n    private_answer: 2\n",
    );
    s.f.write(
        "people/eve.surveys.toml",
        "[[answers]]\nsurvey = \"pulse\"\noccasion = 2026-04-15\nby = \"eve\"\ndate = 2026-04-16\nquestion = \"score\"\nprivate_answer = 5\n",
    );
    let out = s.f.run("validate");
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("E008"), "{text}");
    assert!(
        text.contains("the survey answers file of `eve` is already defined"),
        "{text}"
    );
}

/// CODEOWNERS gives a person's own answers to them and the coordinators.
#[test]
fn codeowners_gives_a_person_their_own_answers() {
    let s = programme();
    let eve = s.f.read("people/eve.toml");
    s.f.write("people/eve.toml", &format!("github = \"eve-h\"\n{eve}"));
    let programme = s.f.read("programme.toml").replace(
        "name = \"Cora Ordinator\"",
        "name = \"Cora Ordinator\"\ngithub = [\"cora-o\"]",
    );
    s.f.write("programme.toml", &programme);
    assert_exit(&s.f.run("codeowners"), 0);
    let owners = s.f.read(".github/CODEOWNERS");
    let line = owners
        .lines()
        .find(|l| l.starts_with("/people/eve."))
        .unwrap_or_else(|| panic!("{owners}"));
    assert!(line.contains("@eve-h"), "{line}");
    let out = eve_answers(&s);
    assert_exit(&out, 0);
    assert!(s.f.path().join("people/eve.surveys.yaml").is_file());
}

/// A low score given alone is the coordinator's to follow up, as a pair
/// member's is: seen once their identity opens it, never in a reminder.
#[test]
fn a_low_score_given_alone_reaches_the_coordinator_alone() {
    let s = programme();
    let programme = s.f.read("programme.toml").replace(
        "kind = \"scale\"\nrequired = true",
        "kind = \"scale\"\nrequired = true\nalert_below = 3",
    );
    s.f.write("programme.toml", &programme);
    assert_exit(&eve_answers(&s), 0);
    let coordinator = s.coordinator.file.to_str().unwrap();
    let low = |identity: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["report", "--as-of", "2026-04-20", "--format", "json"];
        args.extend(identity);
        let out = s.f.mentor(&args);
        assert_exit(&out, 0);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["attention"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "low-survey-score")
            .cloned()
            .collect()
    };
    let opened = low(&["--identity", coordinator]);
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0]["subject"], "eve (survey pulse)");
    assert_eq!(opened[0]["contacts"][0]["name"], "Cora Ordinator");
    assert_eq!(opened[0]["contacts"].as_array().unwrap().len(), 1);
    assert!(
        low(&[]).is_empty(),
        "a sealed score is seen only once opened"
    );
    let out =
        s.f.mentor(&["remind", "--as-of", "2026-04-20", "--outbox", "out"]);
    assert_exit(&out, 0);
    for file in std::fs::read_dir(s.f.path().join("out")).unwrap() {
        let mail = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for secret in ["scored", "below 3", "Still waiting"] {
            assert!(!mail.contains(secret), "`{secret}` in {mail}");
        }
    }
}

/// Max writes a low score in Eve's name into his own file: it is a finding
/// (W080), never an alert to the coordinator that Eve scored low.
#[test]
fn a_low_score_in_someone_else_s_name_raises_no_alert_about_them() {
    let s = crate::sealing::programme(false);
    let programme = s.f.read("programme.toml");
    let pulse = PULSE.replace(
        "kind = \"scale\"\nrequired = true",
        "kind = \"scale\"\nrequired = true\nalert_below = 3",
    );
    s.f.write("programme.toml", &format!("{programme}{pulse}"));
    s.f.write(
        "people/max.surveys.yaml",
        "answers:\n  - survey: pulse\n    occasion: 2026-04-15\n    by: eve\n    date: 2026-04-16\n    question: score\n    private_answer: 1\n",
    );
    let out =
        s.f.mentor(&["report", "--as-of", "2026-04-20", "--format", "json"]);
    assert_exit(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let low: Vec<_> = doc["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "low-survey-score")
        .collect();
    assert!(low.is_empty(), "{low:?}");
    let text = stdout(&s.f.run("validate"));
    assert!(
        text.contains("`eve` answered survey `pulse`, which `max`'s own file does not ask of them"),
        "{text}"
    );
}

#[test]
fn a_forms_export_gives_people_in_no_pair_their_own_answers_and_pairs_theirs() {
    let s = programme();
    let f = &s.f;
    f.write(
        "export.csv",
        "Timestamp,Email address,How is the programme for you?,Anything to add?,How did you hear of it?\n\
         2026/04/16 09:00,max@example.org,4,Quiet month,colleague\n\
         2026/04/16 10:00,ed@example.org,5,,intranet\n",
    );
    let out = f.mentor(&[
        "import",
        "survey",
        "pulse",
        "export.csv",
        "--as-of",
        "2026-04-20",
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Recorded the answers of 2 people"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // Max is in no pair that day: his answers are his own file's, sealed
    // for him and the coordinators; Ed's go to his pair's file.
    let max = f.read("people/max.surveys.yaml");
    assert!(
        max.contains("colleague") && !max.contains("Quiet month"),
        "{max}"
    );
    let blocks = sealed_blocks(&max);
    assert_eq!(
        crate::sealing::age_open(&s.max, &blocks[1]).as_deref(),
        Ok("Quiet month")
    );
    assert!(crate::sealing::age_open(&s.ed, &blocks[1]).is_err());
    assert!(f.read("pairs/ed--mo/surveys.yaml").contains("intranet"));
    assert!(!f.path().join("people/ed.surveys.yaml").exists());
    assert_exit(&f.run("validate"), 0);
    let owed = status(&s);
    assert!(
        !owed.contains("(no pair) max ") && !owed.contains("ed--mo    ed"),
        "{owed}"
    );
    assert!(owed.contains("pulse (no pair) eve"), "{owed}");
}

//! Personal data: subject access (`person export`), retention, erasure
//! (`person erase`), over the example programme and scripted histories.

use serde_json::Value;

use crate::support::{Fixture, assert_exit, git, repo_path, stdout};

pub(crate) const COORDINATOR: (&str, &str) = ("Rosa Alvarez", "r.alvarez@westbridge.ac.uk");
const WITHHELD: &str = "[withheld: see the list of what was not given]";

/// `person export ID` into a folder of the fixture's temporary directory:
/// the JSON parsed back, and the Markdown.
pub(crate) fn export(f: &Fixture, id: &str, identity: &str) -> (Value, String) {
    let out_dir = f.path().join("../sar-".to_string() + id);
    let identity = repo_path(&format!("examples/keys/{identity}.txt"));
    let out = f.mentor(&[
        "person",
        "export",
        id,
        "--identity",
        identity.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_exit(&out, 0);
    let json = std::fs::read_to_string(out_dir.join(format!("{id}-subject-access.json"))).unwrap();
    let markdown =
        std::fs::read_to_string(out_dir.join(format!("{id}-subject-access.md"))).unwrap();
    (serde_json::from_str(&json).unwrap(), markdown)
}

pub(crate) fn record<'a>(doc: &'a Value, path: &str) -> &'a Value {
    &doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == path)
        .unwrap_or_else(|| panic!("no record {path} in {doc:#}"))["content"]
}

pub(crate) fn paths(doc: &Value) -> Vec<String> {
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect()
}

/// Everything in the work tree committed as `who` on `date`.
pub(crate) fn commit_all(f: &Fixture, message: &str, who: (&str, &str), date: &str) {
    git(f.path(), &["add", "-A"], who, date);
    git(f.path(), &["commit", "-qm", message], who, date);
}

/// The example, committed by the coordinator, then Ana's job title changed
/// by Ana: a history to tell.
pub(crate) fn example_in_git() -> Fixture {
    let f = Fixture::example();
    git(
        f.path(),
        &["init", "-q", "-b", "main"],
        COORDINATOR,
        "2025-09-01T09:00:00Z",
    );
    commit_all(&f, "programme", COORDINATOR, "2025-09-01T09:00:00Z");
    let person = f.read("people/ana-silva.toml").replace(
        "Research Finance Officer",
        "Senior Research Finance Officer",
    );
    f.write("people/ana-silva.toml", &person);
    let ana = ("Ana Silva", "a.silva@westbridge.ac.uk");
    commit_all(&f, "new title", ana, "2026-01-10T09:00:00Z");
    f
}

#[test]
fn subject_access_for_a_mentee_gives_her_own_values_and_nobody_elses() {
    let f = example_in_git();
    let (doc, markdown) = export(&f, "ana-silva", "ana-silva");
    let mut expected = vec![
        "people/ana-silva.toml",
        "pairs/ana-silva--priya-shah/assessment.yaml",
        "pairs/ana-silva--priya-shah/feedback.yaml",
        "pairs/ana-silva--priya-shah/goals.yaml",
        "pairs/ana-silva--priya-shah/log.yaml",
        "pairs/ana-silva--priya-shah/pair.toml",
        "pairs/ana-silva--priya-shah/surveys.yaml",
    ];
    expected.sort_unstable();
    let mut found = paths(&doc);
    found.sort_unstable();
    assert_eq!(found, expected, "her file and her pair's files, no other");
    // Must contain: her profile, her pair, the pair's private notes (sealed
    // to her), her own feedback, her goals and the history of her file.
    let person = record(&doc, "people/ana-silva.toml");
    assert_eq!(person["email"], "a.silva@westbridge.ac.uk");
    assert_eq!(person["job_title"], "Senior Research Finance Officer");
    let pair = record(&doc, "pairs/ana-silva--priya-shah/pair.toml");
    assert_eq!(pair["mentor"], "priya-shah");
    let log = record(&doc, "pairs/ana-silva--priya-shah/log.yaml");
    assert_eq!(
        log["meetings"][0]["private_notes"],
        "Ana is nervous about presenting; start small."
    );
    let feedback = record(&doc, "pairs/ana-silva--priya-shah/feedback.yaml")["feedback"]
        .as_array()
        .unwrap()
        .clone();
    let by = |who: &str| feedback.iter().find(|e| e["by"] == who).unwrap().clone();
    assert_eq!(
        by("ana-silva")["comment"],
        "The forecast sessions made the difference."
    );
    // Must not: her mentor's rating of the pair, listed as withheld.
    assert_eq!(by("priya-shah")["satisfaction"], WITHHELD);
    assert!(doc["withheld"].as_array().unwrap().iter().any(|w| {
        w["value"]
            .as_str()
            .unwrap()
            .contains("feedback by `priya-shah`")
            && w["reason"] == "another person's confidential value"
    }));
    let goals = record(&doc, "pairs/ana-silva--priya-shah/goals.yaml");
    assert_eq!(goals["goals"][0]["id"], "q2-forecast");
    assert!(doc["history"].as_array().unwrap().iter().any(|e| {
        e["author"] == "Ana Silva"
            && e["field"] == "job_title"
            && e["new"] == "Senior Research Finance Officer"
    }));
    // Must not: other pairs' notes, ratings and closure notes.
    let whole = doc.to_string() + &markdown;
    for elsewhere in [
        "Good person, wrong match",
        "Agreed together that Chloe",
        "ben-jones",
        "chloe-martin",
    ] {
        assert!(!whole.contains(elsewhere), "{elsewhere} leaked");
    }
    assert!(markdown.contains("Ana is nervous about presenting; start small."));
    assert!(markdown.contains("## What could not be given, and why"));
}

#[test]
fn subject_access_for_a_mentor_covers_both_pairs_and_withholds_the_mentees_ratings() {
    let f = example_in_git();
    let (doc, markdown) = export(&f, "helen-wright", "coordinator");
    let found = paths(&doc);
    assert!(found.contains(&"people/helen-wright.toml".to_string()));
    for pair in ["ben-jones--helen-wright", "emma-novak--helen-wright"] {
        assert!(found.contains(&format!("pairs/{pair}/pair.toml")), "{pair}");
    }
    assert!(
        found.iter().all(|p| p.contains("helen-wright")),
        "nothing of other pairs: {found:?}"
    );
    let feedback = record(&doc, "pairs/emma-novak--helen-wright/feedback.yaml")["feedback"]
        .as_array()
        .unwrap()
        .clone();
    let by = |who: &str| feedback.iter().find(|e| e["by"] == who).unwrap().clone();
    assert_eq!(
        by("emma-novak")["satisfaction"],
        WITHHELD,
        "the mentee's rating"
    );
    assert_eq!(
        by("emma-novak")["comment"],
        WITHHELD,
        "the mentee's comment"
    );
    assert_ne!(
        by("helen-wright")["satisfaction"],
        WITHHELD,
        "her own rating"
    );
    // The pair's private notes are sealed for the pair alone: the
    // coordinator cannot open them, and says so.
    assert!(doc["withheld"].as_array().unwrap().iter().any(|w| {
        w["value"]
            .as_str()
            .unwrap()
            .contains("ben-jones--helen-wright")
            && w["reason"]
                .as_str()
                .unwrap()
                .contains("identity given does not hold")
    }));
    assert!(!(doc.to_string() + &markdown).contains("Good person, wrong match"));
}

#[test]
fn subject_access_hides_the_partner_where_the_programme_says_so() {
    let f = Fixture::example();
    let programme = f.read("programme.toml").replace(
        "[privacy]\nseal = true",
        "[privacy]\nseal = true\nname_partners = false",
    );
    f.write("programme.toml", &programme);
    let (doc, markdown) = export(&f, "ana-silva", "ana-silva");
    let whole = doc.to_string() + &markdown;
    for partner in ["priya-shah", "Priya Shah", "p.shah@westbridge.ac.uk"] {
        assert!(!whole.contains(partner), "{partner} named");
    }
    assert_eq!(
        record(&doc, "pairs/ana-silva--[the mentor]/pair.toml")["mentor"],
        "[the mentor]"
    );
}

#[test]
fn subject_access_never_writes_among_the_records() {
    let f = Fixture::example();
    let out = f.mentor(&["person", "export", "ana-silva", "--out", "people"]);
    assert_exit(&out, 2);
    assert!(
        !f.path()
            .join("people/ana-silva-subject-access.json")
            .exists()
    );
    let out = f.mentor(&["person", "export", "nobody", "--out", "../x"]);
    assert_exit(&out, 2);
    assert!(stdout(&out).is_empty());
}

/// The base programme keeping records 6 months, Eve withdrawn on 2026-02-10
/// while the programme runs to 2026-12-31.
fn retaining_fixture() -> Fixture {
    let f = Fixture::base();
    let programme = f.read("programme.toml") + "\n[privacy]\nretain_months = 6\n";
    f.write("programme.toml", &programme);
    let eve = f.read("people/eve.toml").replace(
        "status = \"applied\"",
        "status = \"withdrawn\"\nleft_on = 2026-02-10",
    );
    f.write("people/eve.toml", &eve);
    f
}

fn w070(f: &Fixture, as_of: &str) -> Vec<String> {
    let out = f.mentor(&["validate", "--format", "json", "--as-of", as_of]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W070")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn retention_flags_a_leaver_from_the_day_after_the_limit() {
    let f = retaining_fixture();
    assert!(w070(&f, "2026-08-10").is_empty(), "the last day kept");
    let past = w070(&f, "2026-08-11");
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(
        past[0].contains("`eve`") && past[0].contains("on 2026-08-11"),
        "{past:?}"
    );
    // Everyone still taking part is kept until 6 months after the programme's end.
    assert!(!past[0].contains("`mo`") && w070(&f, "2027-06-30").len() == 1);
    assert!(w070(&f, "2027-07-01").len() > 1);
    let report = f.mentor(&["report", "--format", "json", "--as-of", "2026-08-11"]);
    let doc: Value = serde_json::from_str(&stdout(&report)).unwrap();
    let item = crate::support::item(&doc, "attention", "kind", "past-retention");
    assert_eq!(item["subject"], "eve");
}

#[test]
fn withdrawing_records_the_day_retention_counts_from() {
    let f = Fixture::base();
    let out = f.mentor(&["person", "withdraw", "eve"]);
    assert_exit(&out, 0);
    assert!(f.read("people/eve.toml").contains("left_on = "));
}

pub(crate) const EMMA: [&str; 3] = ["emma-novak", "Emma Novak", "e.novak@westbridge.ac.uk"];

/// The quarters the example programme spans, as `export --from --to`.
const QUARTERS: [(&str, &str); 4] = [
    ("2025-09-01", "2025-11-30"),
    ("2025-12-01", "2026-02-28"),
    ("2026-03-01", "2026-05-31"),
    ("2026-06-01", "2026-08-31"),
];

/// Every quarter's indicators.csv, as the export writes it.
fn quarterly_indicators(f: &Fixture) -> Vec<String> {
    QUARTERS
        .iter()
        .enumerate()
        .map(|(i, (from, to))| {
            let out_dir = f.path().join(format!("../q{i}"));
            let out = f.mentor(&[
                "export",
                "--from",
                from,
                "--to",
                to,
                "--as-of",
                "2026-08-31",
                "--out",
                out_dir.to_str().unwrap(),
            ]);
            assert_exit(&out, 0);
            std::fs::read_to_string(out_dir.join("indicators.csv")).unwrap()
        })
        .collect()
}

pub(crate) fn erase(f: &Fixture, id: &str) -> std::process::Output {
    let out = f.mentor(&["person", "erase", id, "--by", COORDINATOR.1]);
    assert_exit(&out, 0);
    out
}

/// Files of the work tree (outside .git and .mentor) that hold any of `texts`.
pub(crate) fn mentioning(f: &Fixture, texts: &[&str]) -> Vec<String> {
    walkdir::WalkDir::new(f.path())
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git" && e.file_name() != ".mentor")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e
                .path()
                .strip_prefix(f.path())
                .unwrap()
                .to_string_lossy()
                .to_lowercase();
            let text = std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .to_lowercase();
            texts.iter().any(|t| {
                let t = t.to_lowercase();
                name.contains(&t) || text.contains(&t)
            })
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn erasing_a_mentee_who_completed_a_pair_keeps_every_quarters_figures() {
    let f = example_in_git();
    f.write(
        ".mentor/reminders-sent.tsv",
        "2026-01-05\te.novak@westbridge.ac.uk\tno-goals:emma-novak--helen-wright\n2026-01-05\th.wright@westbridge.ac.uk\tno-goals:emma-novak--helen-wright\n",
    );
    let before = quarterly_indicators(&f);
    let out = erase(&f, "emma-novak");
    let sent = f.read(".mentor/reminders-sent.tsv");
    assert!(
        !sent.contains("novak") && sent.contains("h.wright@"),
        "{sent}"
    );
    let said = stdout(&out);
    assert!(
        said.contains("git filter-repo --force --invert-paths"),
        "{said}"
    );
    assert!(said.contains("--path 'people/emma-novak.toml'"), "{said}");
    assert!(said.contains("git push --force --all"), "{said}");
    assert_eq!(
        quarterly_indicators(&f),
        before,
        "every indicator of every quarter"
    );
    assert_eq!(
        mentioning(&f, &EMMA),
        Vec::<String>::new(),
        "no file names her"
    );
    let programme = f.read("programme.toml");
    assert!(programme.contains("[[privacy.erased]]") && programme.contains(COORDINATOR.1));
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    commit_all(&f, "Erase a person", COORDINATOR, "2026-09-01T09:00:00Z");
    let audit = f.mentor(&["audit"]);
    assert_exit(&audit, 0);
    // The history still holds her: --verify says where.
    let verify = f.mentor(&["person", "erase", "--verify", "emma-novak"]);
    assert_exit(&verify, 1);
    assert!(
        stdout(&verify).contains("people/emma-novak.toml"),
        "{}",
        stdout(&verify)
    );
}

#[test]
fn a_person_still_in_a_running_pair_is_not_erased() {
    let f = example_in_git();
    let out = f.mentor(&["person", "erase", "ana-silva", "--by", COORDINATOR.1]);
    assert_exit(&out, 2);
    assert!(crate::support::stderr(&out).contains("close it"));
    assert!(f.path().join("people/ana-silva.toml").exists());
}

#[test]
fn an_erasure_that_would_break_the_programme_writes_nothing() {
    let f = example_in_git();
    // Without the coordinators' identity the ratings cannot move with the pair.
    let out = crate::support::command_in(
        f.path(),
        &["person", "erase", "emma-novak", "--by", COORDINATOR.1],
    )
    .output()
    .unwrap();
    assert_exit(&out, 2);
    assert!(f.path().join("people/emma-novak.toml").exists());
    assert!(
        f.path()
            .join("pairs/emma-novak--helen-wright/log.yaml")
            .exists()
    );
    assert!(!f.read("programme.toml").contains("erased"));
}

#[test]
fn filter_repo_as_printed_removes_every_trace_and_verify_proves_it() {
    if !crate::interop::need(crate::interop::Program::FilterRepo) {
        return;
    }
    let f = example_in_git();
    // Emma changes her own profile, naming herself in the message.
    let profile = f.read("people/emma-novak.toml").replace(
        "location = \"City campus\"",
        "location = \"Harbour campus\"",
    );
    f.write("people/emma-novak.toml", &profile);
    let emma = ("Emma Novak", "e.novak@westbridge.ac.uk");
    commit_all(&f, "emma-novak: where I work", emma, "2026-03-10T09:00:00Z");
    let said = stdout(&erase(&f, "emma-novak"));
    commit_all(&f, "Erase a person", COORDINATOR, "2026-09-01T09:00:00Z");
    let command = said
        .lines()
        .find(|l| l.trim_start().starts_with("git filter-repo"))
        .unwrap_or_else(|| panic!("no filter-repo line in {said}"));
    let ran = std::process::Command::new("sh")
        .args(["-c", command])
        .current_dir(f.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let verify = f.mentor(&["person", "erase", "--verify", "emma-novak"]);
    assert_exit(&verify, 0);
    for text in EMMA {
        let found = crate::support::git_output(
            f.path(),
            &["log", "--all", "--format=%H %an %ae %s", "-S", text],
            COORDINATOR,
            "2026-09-01T09:00:00Z",
        );
        assert_eq!(found, "", "git log --all -S {text}");
        let messages = crate::support::git_output(
            f.path(),
            &["log", "--all", "--format=%H %an %ae %s"],
            COORDINATOR,
            "2026-09-01T09:00:00Z",
        );
        assert!(
            !messages.to_lowercase().contains(&text.to_lowercase()),
            "{messages}"
        );
    }
    // The programme still stands, and the audit finds nothing wrong.
    assert_exit(&f.mentor(&["audit"]), 0);
    // The list of texts is gone once the history is proved clean.
    let again = f.mentor(&["person", "erase", "--verify", "emma-novak"]);
    assert_exit(&again, 2);
}

#[test]
fn erasing_both_members_of_a_pair_at_once_is_no_breach_but_other_deletions_still_are() {
    let f = example_in_git();
    erase(&f, "marcus-berg");
    erase(&f, "chloe-martin");
    commit_all(&f, "Erase two people", COORDINATOR, "2026-09-01T09:00:00Z");
    assert_exit(&f.mentor(&["audit"]), 0);
    assert_eq!(
        mentioning(
            &f,
            &["marcus-berg", "chloe-martin", "Marcus Berg", "Chloe Martin"]
        ),
        Vec::<String>::new()
    );
    // A coordinator deleting a log outside an erasure is still reported.
    f.remove("pairs/ana-silva--priya-shah/log.yaml");
    commit_all(&f, "tidy", COORDINATOR, "2026-09-02T09:00:00Z");
    let audit = f.mentor(&["audit", "--format", "concise"]);
    assert_exit(&audit, 1);
    assert!(stdout(&audit).contains("A004"), "{}", stdout(&audit));
}

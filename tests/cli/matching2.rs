//! Matching II's parts together (#31): group mentoring matched in stable
//! mode, in intakes, counted by `supply`, shortlisted, and a proposed group
//! carried through its whole life (start, log, report, export, remind,
//! close) and through a survey import. Each part was built and tested
//! alone; these tests hold the combinations to hand-checked outcomes.

use std::path::Path;

use serde_json::Value;

use crate::groups::group_programme;
use crate::support::{Fixture, assert_exit, findings, stdout};

const AS_OF: &str = "2026-04-01";

fn json(out: &std::process::Output) -> Value {
    assert_exit(out, 0);
    serde_json::from_slice(&out.stdout).expect("a JSON document")
}

fn match_json(f: &Fixture, extra: &[&str]) -> Value {
    let mut args = vec!["match", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    json(&f.mentor(&args))
}

/// Each proposal as `mentor:mentee`, sorted.
fn proposed(doc: &Value) -> Vec<String> {
    let mut all: Vec<String> = doc["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| {
            format!(
                "{}:{}",
                p["mentor"].as_str().unwrap(),
                p["mentee"].as_str().unwrap()
            )
        })
        .collect();
    all.sort();
    all
}

fn members(f: &Fixture, folder: &str) -> Vec<String> {
    let pair: toml::Table = f
        .read(&format!("pairs/{folder}/pair.toml"))
        .parse()
        .unwrap();
    pair["mentees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// `validate` as of `day` finds no error and no warning.
fn clean(f: &Fixture, day: &str) {
    let (exit, found) = findings(&f.mentor(&["validate", "--format", "json", "--as-of", day]));
    assert_eq!(exit, 0, "{found:?}");
    assert!(found.is_empty(), "as of {day}: {found:?}");
}

/// [`group_programme`] where `a3` and Mo rank each other first. Every
/// budgeting mentee scores the same with Mo, so Mo ranks `a3`, then `a1`,
/// `a2` (ties by id); his group has two places.
fn a3_and_mo_choose_each_other() -> Fixture {
    let f = group_programme();
    f.write(
        "people/a3.toml",
        &format!("{}prefer = [\"mo\"]\n", f.read("people/a3.toml")),
    );
    f.write(
        "people/mo.toml",
        &format!("{}prefer = [\"a3\"]\n", f.read("people/mo.toml")),
    );
    f
}

/// (a) Stability with group places: a mentor's group is a mentor with as
/// many places as the group's size, so a blocking pair is a mentee and a
/// mentor who would both rather have the mentee in the group than what
/// they have. The optimum (a tie on score) gives Mo `a2` and `a3`, which
/// `a1` and Mo would both change; stable mode gives Mo `a1` and `a3`.
#[test]
fn stable_mode_fills_each_groups_places_with_no_blocking_member() {
    let f = a3_and_mo_choose_each_other();
    let optimal = match_json(&f, &[]);
    assert_eq!(proposed(&optimal), ["max:b1", "max:b2", "mo:a2", "mo:a3"]);
    assert_eq!(
        optimal["choice"]["blocking_pairs"],
        serde_json::json!([{"mentee": "a1", "mentor": "mo"}])
    );
    let stable = match_json(&f, &["--mode", "stable"]);
    assert_eq!(proposed(&stable), ["max:b1", "max:b2", "mo:a1", "mo:a3"]);
    assert_eq!(stable["choice"]["blocking_pairs"], serde_json::json!([]));
    // The text says what was formed: members of groups, not pairs.
    let text = stdout(&f.mentor(&["match", "--mode", "stable", "--as-of", AS_OF]));
    for said in [
        "5 mentees waiting, 4 group places free.",
        "Proposed members (4):",
        "Total score 235 over 4 members in 2 groups.",
        "Stable: no mentee and mentor both rank each other above what they were given.",
        "  mo: a1, a3 (2 of 2 places; group score 61)",
        "run with --write to create the group folders",
    ] {
        assert!(text.contains(said), "`{said}` not in:\n{text}");
    }
    let out = f.mentor(&["match", "--mode", "stable", "--write", "--as-of", AS_OF]);
    assert!(
        stdout(&out).contains("Wrote 2 group folders:"),
        "{}",
        stdout(&out)
    );
    assert_eq!(members(&f, "mo--group"), ["a1", "a3"]);
    clean(&f, AS_OF);
}

/// [`group_programme`] in two intakes: `a1`-`a3` apply in spring, when
/// Mo's group (two places) is formed; `j1` and `j2` in summer, when Ada
/// (budgeting too) offers a group of two.
fn group_intakes(matching: &str) -> Fixture {
    let f = group_programme();
    let programme = f.read("programme.toml").replace(
        "[pairs]",
        "[[intakes]]\nid = \"spring\"\napplications_from = 2026-01-01\napplications_to = 2026-01-31\nmatch_on = 2026-02-02\n\n\
         [[intakes]]\nid = \"summer\"\napplications_from = 2026-05-01\napplications_to = 2026-05-31\nmatch_on = 2026-06-01\n\n[pairs]",
    );
    f.write("programme.toml", &format!("{programme}{matching}"));
    f.remove("people/max.toml")
        .remove("people/b1.toml")
        .remove("people/b2.toml");
    for id in ["a1", "a2", "a3"] {
        let file = format!("people/{id}.toml");
        f.write(&file, &format!("{}intake = \"spring\"\n", f.read(&file)));
    }
    let spring = json(&f.mentor(&[
        "match",
        "--intake",
        "spring",
        "--write",
        "--format",
        "json",
        "--as-of",
        "2026-02-02",
    ]));
    assert_eq!(proposed(&spring), ["mo:a1", "mo:a2"]);
    f.write(
        "people/ada.toml",
        &format!(
            "{}availability = [\"mon-am\"]\n",
            f.read("people/mo.toml")
                .replace("Mo Mentor", "Ada Mentor")
                .replace("mo@", "ada@")
        ),
    );
    for id in ["j1", "j2"] {
        f.write(
            &format!("people/{id}.toml"),
            &(f.read("people/a3.toml")
                .replace("a3", id)
                .replace("applied_on = 2026-01-05", "applied_on = 2026-05-04")
                .replace("\"spring\"", "\"summer\"")
                + "availability = [\"mon-am\"]\n"),
        );
    }
    f
}

/// Summer's match, as JSON, with `extra` options.
fn summer_match(f: &Fixture, extra: &[&str]) -> Value {
    let mut args = vec!["match", "--intake", "summer", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend(["--as-of", "2026-06-01"]);
    json(&f.mentor(&args))
}

/// (b) A mentee left out of a group in spring is carried over into
/// summer's match and takes one of the new group's two places first. The
/// newer two share Ada's Monday mornings (8 points more than `a3`),
/// so without the carry-over (20 points) both places would be theirs.
#[test]
fn a_mentee_left_out_of_a_group_in_one_intake_is_first_in_the_next_groups_places() {
    let f = group_intakes("");
    let summer = summer_match(&f, &[]);
    let ada: Vec<String> = proposed(&summer)
        .into_iter()
        .filter(|p| p.starts_with("ada:"))
        .collect();
    assert_eq!(ada.len(), 2, "{summer}");
    assert!(ada.contains(&"ada:a3".to_string()), "{summer}");
    let explain = summer_match(&f, &["--explain", "a3"]);
    assert_eq!(
        explain["carried_over"]["from_intake"], "spring",
        "{explain}"
    );
    // Stable mode too: Ada ranks the carried-over mentee up by the same
    // points, and what it reports against the optimum is in score points
    // alone, as the proposals' total is.
    let stable = summer_match(&f, &["--mode", "stable"]);
    assert_eq!(proposed(&stable), proposed(&summer), "{stable}");
    assert_eq!(
        stable["choice"]["stable"]["total_score"], stable["total_score"],
        "{stable}"
    );
    assert_eq!(
        stable["choice"]["optimum"]["total_score"], summer["total_score"],
        "{stable}"
    );
    // Without the priority the newer two's better fit takes both places.
    let f = group_intakes("\n[matching]\ncarry_over = 0\n");
    let summer = summer_match(&f, &[]);
    assert_eq!(proposed(&summer), ["ada:j1", "ada:j2"]);
    // A shortlist for the summer intake offers its own mentees and those
    // carried over, and no one else: not `n1`, waiting in no intake.
    f.write(
        "people/n1.toml",
        &f.read("people/a3.toml")
            .replace("a3", "n1")
            .replace("intake = \"spring\"\n", ""),
    );
    let lists = summer_match(&f, &["--shortlist", "2"]);
    let mentees: Vec<&str> = lists
        .as_array()
        .expect("shortlists")
        .iter()
        .map(|l| l["mentee"].as_str().unwrap())
        .collect();
    assert_eq!(mentees, ["a3", "j1", "j2"], "{lists}");
}

/// (c) Supply in a group programme counts a mentor's free places as the
/// places of the group they offer (group size 2, one group each), and
/// after groups are proposed counts each member's unmet need. `b1` and
/// `b2` need writing too, which no one offers.
#[test]
fn supply_counts_group_places_and_each_proposed_members_unmet_need() {
    let f = group_programme();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[[competencies]]\nid = \"writing\"\nname = \"Writing\"\n"),
    );
    for id in ["b1", "b2"] {
        let file = format!("people/{id}.toml");
        f.write(
            &file,
            &f.read(&file).replace(
                "needs = [\"leadership\"]",
                "needs = [\"leadership\", \"writing\"]",
            ),
        );
    }
    let supply =
        |f: &Fixture| json(&f.mentor(&["supply", "--names", "--format", "json", "--as-of", AS_OF]));
    let before = supply(&f);
    let row = |doc: &Value, id: &str| -> Value {
        doc["competencies"]
            .as_array()
            .expect("competencies")
            .iter()
            .find(|c| c["competency"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {doc}"))
    };
    let budgeting = row(&before, "budgeting");
    assert_eq!(
        (
            &budgeting["mentees_needing"],
            &budgeting["free_places"],
            &budgeting["gap"]
        ),
        (&Value::from(3), &Value::from(2), &Value::from(1)),
        "{before}"
    );
    assert_eq!(row(&before, "leadership")["free_places"], 2);
    assert_eq!(before["totals"]["free_places"], 4, "{before}");
    assert_eq!(before["totals"]["gap"], 1, "{before}");

    // Covering half their needs, `b1` and `b2` score under the default
    // minimum: taken anyway, so that Max's group lacks writing.
    assert_exit(
        &f.mentor(&["match", "--write", "--min-score", "0", "--as-of", AS_OF]),
        0,
    );
    assert_eq!(members(&f, "max--group"), ["b1", "b2"]);
    let after = supply(&f);
    assert_eq!(after["totals"]["mentees_waiting"], 1, "{after}");
    assert_eq!(after["totals"]["free_places"], 0, "{after}");
    let unmet = after["needs_left_unmet"]
        .as_array()
        .expect("unmet after proposals");
    let writing = unmet
        .iter()
        .find(|u| u["competency"] == "writing")
        .expect("writing");
    assert_eq!(writing["proposed_mentor_lacks_it"], 2, "{after}");
    assert_eq!(writing["still_waiting"], 0, "{after}");
    assert_eq!(
        writing["mentees"],
        serde_json::json!(["b1", "b2"]),
        "{after}"
    );
    let budgeting = unmet
        .iter()
        .find(|u| u["competency"] == "budgeting")
        .expect("budgeting");
    assert_eq!(budgeting["proposed_mentor_lacks_it"], 0, "{after}");
    assert_eq!(budgeting["still_waiting"], 1, "{after}");
}

/// (d) Shortlists in a group programme offer the mentors who can open a
/// group, and none once their groups are proposed.
#[test]
fn a_shortlist_in_a_group_programme_offers_mentors_with_a_group_to_open() {
    let f = group_programme();
    let lists = |f: &Fixture| match_json(f, &["--shortlist", "3"]);
    let before = lists(&f);
    let offered = |doc: &Value, mentee: &str| -> Vec<String> {
        doc.as_array()
            .unwrap()
            .iter()
            .find(|l| l["mentee"] == mentee)
            .map(|l| {
                l["mentors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["mentor"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    // The minimum score keeps each to the mentor covering their need.
    assert_eq!(offered(&before, "a1"), ["mo"], "{before}");
    assert_eq!(offered(&before, "b2"), ["max"], "{before}");
    assert_exit(&f.mentor(&["match", "--write", "--as-of", AS_OF]), 0);
    let after = lists(&f);
    assert_eq!(offered(&after, "a1"), Vec::<String>::new(), "{after}");
}

/// `.eml` files in `dir`, each as (recipient, whole text).
fn outbox(dir: &Path) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let text = std::fs::read_to_string(e.path())
                .unwrap()
                .replace("=\r\n", "")
                .replace("=\n", "");
            let to = text
                .lines()
                .find_map(|l| l.strip_prefix("To: "))
                .unwrap_or_default()
                .to_string();
            (to, text)
        })
        .collect();
    all.sort();
    all
}

/// (e) A group proposed by `match --write` through its life: started,
/// met as a group and one member alone, reported, exported, reminded
/// (each member's supervisor told, in words true of a group), closed;
/// `validate` clean after each step.
#[test]
fn a_proposed_group_lives_through_start_log_report_export_remind_and_close() {
    let f = group_programme();
    for id in ["a1", "a2", "a3"] {
        let file = format!("people/{id}.toml");
        f.write(
            &file,
            &format!("{}manager = \"boss-{id}@example.org\"\n", f.read(&file)),
        );
    }
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[supervisors]\nnotify = [\"start\", \"end\"]\n"),
    );
    assert_exit(&f.mentor(&["match", "--write", "--as-of", AS_OF]), 0);
    let group = members(&f, "mo--group");
    assert_eq!(group.len(), 2);
    clean(&f, AS_OF);
    assert_exit(
        &f.mentor(&["pair", "start", "mo--group", "--date", "2026-04-02"]),
        0,
    );
    let signed = f
        .read("pairs/mo--group/pair.toml")
        .replace("# signed = YYYY-MM-DD", "signed = 2026-04-02");
    f.write("pairs/mo--group/pair.toml", &signed);
    f.write(
        "pairs/mo--group/goals.yaml",
        "goals:\n  - id: g1\n    specific: Draft the team's budget\n    measurable: Approved by the head of service\n    achievable: Two drafts with the group\n    relevant: budgeting\n    due: 2026-09-30\n    status: in-progress\n",
    );
    assert_exit(
        &f.mentor(&[
            "log",
            "mo--group",
            "--minutes",
            "60",
            "--date",
            "2026-04-10",
        ]),
        0,
    );
    let member = group[0].as_str();
    assert_exit(
        &f.mentor(&[
            "log",
            "mo--group",
            "--minutes",
            "30",
            "--member",
            member,
            "--date",
            "2026-04-15",
        ]),
        0,
    );
    clean(&f, "2026-04-20");

    let report = stdout(&f.mentor(&["report", "--as-of", "2026-04-20"]));
    assert!(
        report.contains("2 with a proposal, 2 in a pair"),
        "{report}"
    );
    // Max's group, proposed 19 days ago, is waiting for three people.
    assert!(
        report.contains("max--group was proposed 19 days ago and has not started -> ask every member and the mentor whether they accept"),
        "{report}"
    );
    let exported = tempfile::tempdir().unwrap();
    let dir = exported.path().to_str().unwrap();
    assert_exit(
        &f.mentor(&["export", "--out", dir, "--as-of", "2026-04-20"]),
        0,
    );
    let pairs = std::fs::read_to_string(exported.path().join("pairs.csv")).unwrap();
    let mo_row = pairs
        .lines()
        .find(|l| l.starts_with("mo--group,"))
        .expect("mo--group row");
    // Two meetings, an hour and a half in all, two mentees.
    assert!(
        mo_row.contains(",2,1.50,") && mo_row.ends_with(",2"),
        "{pairs}"
    );

    let started = tempfile::tempdir().unwrap();
    let remind = |out: &Path, day: &str| {
        let dir = out.to_str().unwrap();
        assert_exit(&f.mentor(&["remind", "--outbox", dir, "--as-of", day]), 0);
        outbox(out)
    };
    let notices: Vec<(String, String)> = remind(started.path(), "2026-04-03")
        .into_iter()
        .filter(|(to, _)| to.starts_with("boss-"))
        .collect();
    let told: Vec<&str> = notices.iter().map(|(to, _)| to.as_str()).collect();
    let bosses: Vec<String> = group
        .iter()
        .map(|m| format!("boss-{m}@example.org"))
        .collect();
    assert_eq!(told, bosses);
    for (_, text) in &notices {
        assert!(text.contains("has started mentoring"), "{text}");
        assert!(
            !text.contains("two people"),
            "a group is not two people: {text}"
        );
        assert!(!text.contains("Mo Mentor"), "{text}");
    }

    let closed = f.mentor(&[
        "pair",
        "close",
        "mo--group",
        "--reason",
        "completed",
        "--date",
        "2026-05-30",
    ]);
    assert_exit(&closed, 0);
    let said = stdout(&closed);
    assert!(
        said.contains(&format!(
            "{} and {} are marked completed.",
            group[0], group[1]
        )),
        "{said}"
    );
    for id in &group {
        assert!(
            f.read(&format!("people/{id}.toml"))
                .contains("status = \"completed\"")
        );
    }
    let ended = tempfile::tempdir().unwrap();
    let told: Vec<String> = remind(ended.path(), "2026-06-01")
        .into_iter()
        .filter(|(to, text)| to.starts_with("boss-") && text.contains("has ended"))
        .map(|(to, _)| to)
        .collect();
    assert_eq!(told, bosses);
    clean(&f, "2026-06-01");
}

/// (f) `import survey` for a group member: the row is the member's own
/// answer, in the group's surveys.yaml, counted once of the three asked.
#[test]
fn import_survey_records_a_group_members_answer_as_theirs() {
    let f = group_programme();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[privacy]\nseal = false\n\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\nafter_start_days = 30\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"How well is it working?\"\nkind = \"scale\"\nrequired = true\n"),
    );
    assert_exit(&f.mentor(&["match", "--write", "--as-of", AS_OF]), 0);
    assert_exit(
        &f.mentor(&["pair", "start", "max--group", "--date", "2026-04-02"]),
        0,
    );
    f.write("export.csv", "Email address,score\nb2@example.org,4\n");
    let out = f.mentor(&[
        "import",
        "survey",
        "mq",
        "export.csv",
        "--as-of",
        "2026-05-10",
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Recorded the answers of 1 person to survey `mq`"),
        "{}",
        stdout(&out)
    );
    let answers = f.read("pairs/max--group/surveys.yaml");
    assert!(answers.contains("    by: b2\n"), "{answers}");
    assert!(
        !answers.contains("by: b1, b2"),
        "`by` is one person: {answers}"
    );
    let status = stdout(&f.mentor(&["survey", "status", "--as-of", "2026-05-10"]));
    assert!(status.contains("mq max--group b1"), "{status}");
    assert!(!status.contains("mq max--group b2"), "{status}");
    let results = stdout(&f.mentor(&["survey", "results", "mq", "--as-of", "2026-05-10"]));
    assert!(results.contains("1 of 3 answered"), "{results}");
    let (exit, found) =
        findings(&f.mentor(&["validate", "--format", "json", "--as-of", "2026-05-10"]));
    assert_eq!(exit, 0, "{found:?}");
    assert!(found.iter().all(|d| d.code.starts_with('W')), "{found:?}");
}

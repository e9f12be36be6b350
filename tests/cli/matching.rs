//! `mentor match` end to end: hard rules, capacity, objective, determinism,
//! explanations, the audit CSV and `--write`.

use serde_json::Value;

use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

const PROGRAMME: &str = "name = \"Match fixture\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ncapacity = 1\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n";

/// A programme with no pairs and no people; tests add who they need.
pub(crate) fn programme(extra: &str) -> Fixture {
    let f = Fixture::base();
    f.remove("pairs").remove("people");
    f.write("programme.toml", &format!("{PROGRAMME}{extra}"));
    f
}

pub(crate) fn person(f: &Fixture, id: &str, role: &str, extra: &str) {
    f.write(
        &format!("people/{id}.toml"),
        &format!("name = \"{id}\"\nemail = \"{id}@example.org\"\nrole = \"{role}\"\n{extra}"),
    );
}

pub(crate) fn run_json(f: &Fixture, args: &[&str]) -> Value {
    let mut all = vec!["match", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let out = f.mentor(&all);
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).expect("match JSON")
}

pub(crate) fn pairs(doc: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| {
            (
                p["mentee"].as_str().unwrap().to_string(),
                p["mentor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn unmatched_reason(doc: &Value, mentee: &str) -> String {
    doc["unmatched"]
        .as_array()
        .expect("unmatched")
        .iter()
        .find(|u| u["mentee"] == mentee)
        .and_then(|u| u["reason"].as_str())
        .unwrap_or_else(|| panic!("{mentee} should be unmatched: {doc}"))
        .to_string()
}

/// Each hard rule: the only mentor is ruled out, so the mentee stays
/// unmatched and the reason names the rule.
#[test]
fn every_hard_rule_keeps_the_pair_from_being_proposed() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "line manager",
            "",
            "manager = \"boss\"\n",
            "",
            "line manager",
        ),
        (
            "management chain",
            "",
            "manager = \"lead\"\n",
            "",
            "in the mentee's management chain",
        ),
        (
            "same manager",
            "[matching]\navoid = [\"same-manager\"]\n",
            "manager = \"x@example.org\"\n",
            "manager = \"x@example.org\"\n",
            "same line manager",
        ),
        (
            "same department",
            "[matching]\navoid = [\"same-department\"]\n",
            "department = \"IT\"\n",
            "department = \"it\"\n",
            "same department",
        ),
        (
            "no common language",
            "",
            "languages = [\"en\"]\n",
            "languages = [\"fr\", \"de\"]\n",
            "no language in common",
        ),
        (
            "in person at different sites",
            "",
            "modes = [\"in-person\"]\nlocation = \"North\"\n",
            "location = \"South\"\n",
            "no meeting mode",
        ),
        (
            "mentee avoids mentor",
            "",
            "avoid = [\"boss\"]\n",
            "",
            "named in `avoid`",
        ),
        (
            "mentor avoids mentee by email",
            "",
            "",
            "avoid = [\"ed@example.org\"]\n",
            "named in `avoid`",
        ),
    ];
    for (name, programme_extra, mentee_extra, mentor_extra, reason) in cases {
        let f = programme(programme_extra);
        person(&f, "ed", "mentee", mentee_extra);
        person(&f, "boss", "mentor", mentor_extra);
        person(&f, "lead", "mentor", "");
        if *name == "management chain" {
            // ed -> lead -> boss: boss is two levels up; lead is ed's line manager.
            f.write(
                "people/lead.toml",
                "name = \"lead\"\nrole = \"mentee\"\nmanager = \"boss\"\n",
            );
        } else {
            f.remove("people/lead.toml");
        }
        let doc = run_json(&f, &[]);
        assert_eq!(pairs(&doc), vec![], "{name}: nothing may be proposed");
        let why = unmatched_reason(&doc, "ed");
        assert!(
            why.contains(reason),
            "{name}: reason {why:?} should mention {reason:?}"
        );
    }
}

#[test]
fn previously_paired_people_are_not_matched_again_unless_allowed() {
    let f = programme("");
    person(&f, "ed", "mentee", "");
    person(&f, "boss", "mentor", "");
    f.write("pairs/ed--boss/pair.toml", "mentor = \"boss\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-01-10\n[closure]\ndate = 2026-02-01\nreason = \"mismatch\"\n");
    // No needs, so a low score: the minimum is off to test the rule alone.
    assert_eq!(pairs(&run_json(&f, &["--min-score", "0"])), vec![]);
    assert_eq!(
        pairs(&run_json(&f, &["--allow-repeat", "--min-score", "0"])),
        vec![("ed".into(), "boss".into())]
    );
}

#[test]
fn capacity_counts_active_and_proposed_pairs_and_is_never_exceeded() {
    let f = programme("");
    person(
        &f,
        "m1",
        "mentor",
        "capacity = 2\nexpertise = [\"budgeting\"]\n",
    );
    for mentee in ["a", "b", "c", "d"] {
        person(&f, mentee, "mentee", "needs = [\"budgeting\"]\n");
    }
    f.write(
        "pairs/a--m1/pair.toml",
        "mentor = \"m1\"\nmentee = \"a\"\nstatus = \"proposed\"\n",
    );
    let doc = run_json(&f, &[]);
    let proposed = pairs(&doc);
    assert_eq!(proposed.len(), 1, "one place left: {proposed:?}");
    assert_eq!(doc["unmatched"].as_array().map(Vec::len), Some(2));
    assert!(
        unmatched_reason(&doc, "d").contains("proposed for others")
            || unmatched_reason(&doc, "c").contains("proposed for others")
    );
}

#[test]
fn as_many_mentees_as_possible_are_matched_before_scores_count() {
    // x fits only m1; y prefers m1 (higher score) but can take m2.
    let f = programme("");
    person(
        &f,
        "m1",
        "mentor",
        "expertise = [\"budgeting\", \"leadership\"]\nlanguages = [\"en\", \"fr\"]\n",
    );
    person(&f, "m2", "mentor", "languages = [\"fr\"]\n");
    person(&f, "x", "mentee", "languages = [\"en\"]\n");
    person(
        &f,
        "y",
        "mentee",
        "languages = [\"en\", \"fr\"]\nneeds = [\"budgeting\", \"leadership\"]\nprefer = [\"m1\"]\n",
    );
    // x shares little with m1: the minimum is off to test the objective alone.
    let doc = run_json(&f, &["--min-score", "0"]);
    assert_eq!(
        pairs(&doc),
        vec![("x".into(), "m1".into()), ("y".into(), "m2".into())]
    );
    let by_score = run_json(&f, &["--objective", "score", "--min-score", "0"]);
    assert_eq!(pairs(&by_score), vec![("y".into(), "m1".into())]);
}

#[test]
fn the_optimum_beats_greedy_on_a_crossed_instance() {
    // Greedy gives a the best mentor (m1) and leaves b with a poor one; the
    // optimum crosses them over for a higher total.
    let f = programme("");
    person(
        &f,
        "m1",
        "mentor",
        "expertise = [\"budgeting\", \"leadership\"]\n",
    );
    person(&f, "m2", "mentor", "expertise = [\"budgeting\"]\n");
    person(&f, "a", "mentee", "needs = [\"budgeting\"]\n");
    person(&f, "b", "mentee", "needs = [\"leadership\"]\n");
    let doc = run_json(&f, &[]);
    assert_eq!(
        pairs(&doc),
        vec![("a".into(), "m2".into()), ("b".into(), "m1".into())]
    );
}

#[test]
fn proposals_are_deterministic() {
    let f = Fixture::example();
    let first = f.mentor(&["match", "--as-of", AS_OF]);
    let second = f.mentor(&["match", "--as-of", AS_OF]);
    assert_eq!(stdout(&first), stdout(&second));
    assert!(stdout(&first).contains("farah-ali"), "{}", stdout(&first));
}

#[test]
fn peer_programmes_match_people_with_role_both_among_themselves() {
    let f = Fixture::base();
    f.remove("pairs").remove("people");
    f.write(
        "programme.toml",
        "name = \"Peers\"\nkind = \"peer\"\nstart = 2026-01-01\nend = 2026-12-31\n",
    );
    for id in ["p1", "p2", "p3"] {
        person(&f, id, "both", "");
    }
    person(&f, "solo-mentor", "mentor", "");
    let doc = run_json(&f, &["--allow-weak"]);
    let proposed = pairs(&doc);
    assert_eq!(proposed.len(), 3, "{proposed:?}");
    assert!(
        proposed
            .iter()
            .all(|(a, b)| a != b && a.starts_with('p') && b.starts_with('p'))
    );
}

#[test]
fn waiting_mentees_without_required_approval_are_held_back_with_a_reason() {
    let f = programme("[mentees]\nsupervisor_approval = true\n");
    person(&f, "ed", "mentee", "");
    person(&f, "boss", "mentor", "");
    let doc = run_json(&f, &[]);
    assert_eq!(pairs(&doc), vec![]);
    assert!(unmatched_reason(&doc, "ed").contains("supervisor approval"));
}

#[test]
fn write_creates_proposed_pairs_that_validate_and_never_overwrites() {
    let f = Fixture::example();
    let out = f.mentor(&["match", "--as-of", AS_OF, "--write"]);
    assert_exit(&out, 0);
    let pair = f.read("pairs/farah-ali--marcus-berg/pair.toml");
    assert!(pair.contains("status = \"proposed\""), "{pair}");
    assert!(pair.contains("proposed_on = 2026-03-16"), "{pair}");
    assert!(pair.contains("score = "), "{pair}");
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    assert!(findings.iter().all(|d| d.code.starts_with('W')));
    // The proposed mentees are now paired: a second run proposes nothing new
    // and leaves the written files alone.
    let again = run_json(&f, &["--write"]);
    assert_eq!(pairs(&again), vec![]);
    assert_eq!(f.read("pairs/farah-ali--marcus-berg/pair.toml"), pair);
}

#[test]
fn write_never_reuses_an_existing_folder() {
    let f = programme("");
    person(&f, "ed", "mentee", "");
    person(&f, "boss", "mentor", "");
    f.write("pairs/ed--boss/notes.md", "hand-written notes\n");
    let doc = run_json(&f, &["--write", "--allow-weak"]);
    assert_eq!(doc["written"][0], "pairs/ed--boss-2");
    assert_eq!(f.read("pairs/ed--boss/notes.md"), "hand-written notes\n");
}

#[test]
fn scores_csv_holds_every_pair_with_score_or_rule() {
    let f = Fixture::example();
    let out = f.mentor(&["match", "--as-of", AS_OF, "--scores", "scores.csv"]);
    assert_exit(&out, 0);
    let mut reader = csv::Reader::from_path(f.path().join("scores.csv")).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().take(4).collect::<Vec<_>>(),
        ["mentee", "mentor", "score", "status"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        rows.len(),
        3 * 6,
        "3 waiting mentees x 6 people who can mentor"
    );
    let find = |mentee: &str, mentor: &str| {
        rows.iter()
            .find(|r| &r[0] == mentee && &r[1] == mentor)
            .expect("row present")
            .clone()
    };
    // George's avoid list is sealed: the matrix says the pair is not allowed,
    // not who asked.
    assert_eq!(
        &find("george-kim", "tom-okafor")[3],
        "forbidden:confidential"
    );
    assert_eq!(&find("george-kim", "tom-okafor")[2], "");
    assert_eq!(&find("farah-ali", "marcus-berg")[3], "proposed");
    assert_eq!(
        &find("farah-ali", "david-chen")[3],
        "unavailable:not-active"
    );
    let score: u32 = find("farah-ali", "marcus-berg")[2].parse().expect("score");
    let parts: f64 = (4..11)
        .map(|i| {
            find("farah-ali", "marcus-berg")[i]
                .parse::<f64>()
                .unwrap_or(0.0)
        })
        .sum();
    assert!(
        (f64::from(score) - parts).abs() <= 0.5,
        "components add up to the score"
    );
}

#[test]
fn explain_ranks_candidates_and_names_the_rule_for_each_excluded_mentor() {
    let f = Fixture::example();
    let out = f.mentor(&["match", "--as-of", AS_OF, "--explain", "george-kim"]);
    let text = stdout(&out);
    assert!(text.contains("lucia-fernandez"), "{text}");
    assert!(
        text.contains("tom-okafor       -")
            && text.contains("forbidden: not allowed, for a confidential reason"),
        "{text}"
    );
    assert!(
        !text.contains("avoid"),
        "a sealed avoid list is not explained: {text}"
    );
    let doc: Value = serde_json::from_slice(
        &f.mentor(&[
            "match",
            "--as-of",
            AS_OF,
            "--explain",
            "george-kim",
            "--format",
            "json",
        ])
        .stdout,
    )
    .expect("json");
    let first = &doc["candidates"][0];
    assert_eq!(first["mentor"], "lucia-fernandez");
    assert_eq!(first["status"], "proposed");
    let unknown = f.mentor(&["match", "--explain", "nobody"]);
    assert_exit(&unknown, 2);
}

#[test]
fn match_refuses_a_programme_with_errors() {
    let f = Fixture::base();
    f.write("people/mo.toml", "name = \"Mo\"\nrole = \"mentr\"\n");
    let out = f.mentor(&["match", "--as-of", AS_OF]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("people/mo.toml:2:8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explain_takes_a_name_and_refuses_a_mentor_with_the_reason() {
    use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};
    let f = Fixture::example();
    let explain = |who: &str| f.mentor(&["match", "--as-of", AS_OF, "--explain", who]);
    let by_name = explain("george kim");
    assert_exit(&by_name, 0);
    let text = stdout(&by_name);
    assert!(
        text.contains("Candidates for george-kim") && text.contains("\nNext: "),
        "{text}"
    );
    for (who, says) in [
        ("helen-wright", "is a mentor"),
        ("george-kimm", "did you mean `george-kim`?"),
    ] {
        let out = explain(who);
        assert_exit(&out, 2);
        assert!(stderr(&out).contains(says), "{who}: {}", stderr(&out));
    }
}

#[test]
fn weak_proposals_are_held_back_by_default_and_marked_when_allowed() {
    use crate::support::{AS_OF, Fixture, assert_exit, stdout};
    let f = Fixture::example();
    // Chloe's best allowed mentor scores 30, under the default minimum 40.
    let out = f.mentor(&["match", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let proposals = doc["proposals"].as_array().unwrap();
    assert!(
        proposals.iter().all(|p| p["score"].as_u64().unwrap() >= 40),
        "{doc}"
    );
    let chloe = crate::support::item(&doc, "unmatched", "mentee", "chloe-martin");
    assert!(
        chloe["reason"]
            .as_str()
            .unwrap()
            .contains("below the minimum score"),
        "{chloe}"
    );
    let out = f.mentor(&["match", "--as-of", AS_OF, "--allow-weak"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("30 (weak)")
            && text.contains("1 weak proposal (score under the minimum, 40)"),
        "{text}"
    );
    // Her explanation keeps the weak candidates' scores, and the way forward.
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--explain", "chloe-martin"]));
    assert!(
        text.contains("30     0.0")
            && text.contains("weak: under the minimum score 40 (--allow-weak)")
            && text.contains(
                "Next: `mentor match --allow-weak` proposes the best of them for Chloe Martin"
            ),
        "{text}"
    );
    let out = f.mentor(&["match", "--as-of", AS_OF, "--min-score", "101"]);
    assert_exit(&out, 2);
}

/// Liam's best candidate, Amal, goes to Ana in the cohort's optimum:
/// `--explain liam` says so, and what pairing Liam with Amal would cost,
/// found by solving again with that pair forced (the figures are checked
/// against the scores each explanation lists).
#[test]
fn explain_names_who_took_the_top_candidate_and_what_it_would_cost() {
    let f = programme("");
    person(
        &f,
        "amal",
        "mentor",
        "expertise = [\"budgeting\", \"leadership\"]\n",
    );
    person(&f, "bea", "mentor", "expertise = [\"leadership\"]\n");
    person(&f, "ana", "mentee", "needs = [\"budgeting\"]\n");
    person(
        &f,
        "liam",
        "mentee",
        "needs = [\"budgeting\", \"leadership\"]\n",
    );
    let doc = run_json(&f, &["--min-score", "0"]);
    assert_eq!(
        pairs(&doc),
        [("ana".into(), "amal".into()), ("liam".into(), "bea".into())]
    );
    let explain = |who: &str| run_json(&f, &["--min-score", "0", "--explain", who]);
    let score = |doc: &Value, mentor: &str| {
        crate::support::item(doc, "candidates", "mentor", mentor)["score"]
            .as_u64()
            .unwrap()
    };
    let (liam, ana) = (explain("liam"), explain("ana"));
    assert_eq!(liam["candidates"][0]["mentor"], "amal", "{liam}");
    let first = &liam["first_not_proposed"];
    assert_eq!(first["mentor"], "amal", "{liam}");
    assert_eq!(first["proposed_for"], serde_json::json!(["ana"]));
    let optimum = score(&ana, "amal") + score(&liam, "bea");
    let forced = score(&liam, "amal") + score(&ana, "bea");
    assert!(forced < optimum, "{optimum} {forced}");
    assert_eq!(first["total_score"], optimum);
    assert_eq!(first["total_score_if_paired"], forced);
    assert_eq!(first["matched_if_paired"], 2);
    assert!(
        ana["first_not_proposed"].is_null(),
        "Ana has her first: {ana}"
    );
    let out = f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--min-score",
        "0",
        "--explain",
        "liam",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "Why not amal (amal), ranked first (score {})? The best plan for the whole cohort proposes them for ana (ana); pairing amal (amal) with liam (liam) instead would lower the cohort's total score by {}, from {optimum} to {forced}.",
            score(&liam, "amal"),
            optimum - forced
        )),
        "{text}"
    );
}

/// Below `[matching] min_score` (40 by default) nothing is proposed unless
/// `--allow-weak`, which proposes the pair marked weak; the setting is read
/// from programme.toml and validated.
#[test]
fn weak_pairs_are_held_back_unless_allowed_and_then_flagged() {
    let f = programme("");
    person(&f, "amal", "mentor", "expertise = [\"leadership\"]\n");
    person(
        &f,
        "ana",
        "mentee",
        "needs = [\"budgeting\", \"leadership\"]\n",
    );
    let score = run_json(&f, &["--min-score", "0"])["proposals"][0]["score"]
        .as_u64()
        .unwrap();
    assert!((1..40).contains(&score), "a weak pair: {score}");
    let held = run_json(&f, &[]);
    assert_eq!(pairs(&held), []);
    assert!(
        unmatched_reason(&held, "ana").contains("below the minimum score")
            && unmatched_reason(&held, "ana").contains("--allow-weak"),
        "{held}"
    );
    let allowed = run_json(&f, &["--allow-weak"]);
    assert_eq!(pairs(&allowed), [("ana".into(), "amal".into())]);
    assert_eq!(allowed["proposals"][0]["weak"], true);
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--allow-weak"]));
    assert!(
        text.contains(&format!("{score} (weak)"))
            && text.contains("1 weak proposal (score under the minimum, 40)"),
        "{text}"
    );
    // The programme's own minimum, and a validated one.
    f.write(
        "programme.toml",
        &format!("{PROGRAMME}\n[matching]\nmin_score = {score}\n"),
    );
    assert_eq!(pairs(&run_json(&f, &[])), [("ana".into(), "amal".into())]);
    assert_eq!(run_json(&f, &[])["proposals"][0]["weak"], false);
    f.write(
        "programme.toml",
        &format!("{PROGRAMME}\n[matching]\nmin_score = 101\n"),
    );
    let (code, findings) = f.validate();
    assert_eq!(code, 1);
    assert!(
        findings.iter().any(|d| d.code == "E004"
            && d.path == "programme.toml"
            && d.message.contains("min_score")),
        "{findings:?}"
    );
}

/// A proposal turned down is explained as such, with its date and who
/// turned it down (`pair reject --by`), not as "paired before"; a mentee
/// who lacks only supervisor approval is told so, not to widen the pool.
#[test]
fn explain_says_when_a_proposal_was_turned_down_and_when_approval_is_missing() {
    let f = programme("\n[mentees]\nsupervisor_approval = true\n");
    person(&f, "amal", "mentor", "expertise = [\"budgeting\"]\n");
    person(
        &f,
        "liam",
        "mentee",
        "needs = [\"budgeting\"]\nsupervisor_approval = { by = \"boss\", date = 2026-01-05 }\n",
    );
    person(&f, "noor", "mentee", "needs = [\"budgeting\"]\n");
    f.write(
        "pairs/liam--amal/pair.toml",
        "mentee = \"liam\"\nmentor = \"amal\"\nstatus = \"proposed\"\nproposed_on = 2026-03-01\n",
    );
    let out = f.mentor(&[
        "pair",
        "reject",
        "liam--amal",
        "--by",
        "noor",
        "--date",
        "2026-03-03",
    ]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("`liam` or `amal`"),
        "{}",
        stderr(&out)
    );
    let out = f.mentor(&[
        "pair",
        "reject",
        "liam--amal",
        "--by",
        "liam",
        "--date",
        "2026-03-03",
    ]);
    assert_exit(&out, 0);
    assert!(
        f.read("pairs/liam--amal/pair.toml")
            .contains("rejected_by = \"liam\"")
    );
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--explain", "liam"]));
    assert!(
        text.contains("forbidden: turned down on 3 March 2026 (by liam)")
            && !text.contains("paired before"),
        "{text}"
    );
    let doc = run_json(&f, &["--explain", "liam"]);
    assert_eq!(doc["candidates"][0]["status"], "forbidden:turned-down");
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--explain", "noor"]));
    assert!(
        text.contains("needs written supervisor approval")
            && text.contains("Next: record noor's written supervisor approval")
            && !text.contains("widen the pool"),
        "{text}"
    );
}

/// Waiting mentees and no mentor who can take anyone yet (none trained by
/// the as-of date, as on the first afternoon): each mentee is unmatched
/// with the reason, and nothing panics.
#[test]
fn with_no_mentor_available_every_mentee_is_unmatched_with_the_reason() {
    let f = programme("");
    f.write(
        "programme.toml",
        &PROGRAMME.replace("capacity = 1\n", "capacity = 1\ntraining_required = true\n"),
    );
    person(&f, "amal", "mentor", "trained_on = 2026-06-01\n");
    person(&f, "ana", "mentee", "");
    let doc = run_json(&f, &[]);
    assert_eq!(pairs(&doc), []);
    assert!(
        unmatched_reason(&doc, "ana").contains("no mentor has a free place"),
        "{doc}"
    );
}

/// A mentor's offered `hours_per_month` limits how many mentees `match`
/// gives them, at the programme's hours per pair (`[pairs]
/// hours_per_month`, else one hour per `[meetings] every_days`), and
/// `--explain` says a mentor is full by hours rather than by capacity.
#[test]
fn offered_hours_limit_the_mentees_a_mentor_is_given_and_explain_says_so() {
    let f = programme("\n[pairs]\nhours_per_month = 2\n");
    // m1: 3 places but 4 hours, 2 hours a pair: two pairs, one already proposed.
    person(
        &f,
        "m1",
        "mentor",
        "capacity = 3\nhours_per_month = 4\nexpertise = [\"budgeting\"]\n",
    );
    // m2: 3 places but 2 hours, taken by its one pair.
    person(
        &f,
        "m2",
        "mentor",
        "capacity = 3\nhours_per_month = 2\nexpertise = [\"budgeting\"]\n",
    );
    for mentee in ["a", "b", "c", "d"] {
        person(&f, mentee, "mentee", "needs = [\"budgeting\"]\n");
    }
    for (mentee, mentor) in [("a", "m1"), ("d", "m2")] {
        f.write(
            &format!("pairs/{mentee}--{mentor}/pair.toml"),
            &format!("mentor = \"{mentor}\"\nmentee = \"{mentee}\"\nstatus = \"proposed\"\n"),
        );
    }
    let doc = run_json(&f, &[]);
    let proposed = pairs(&doc);
    assert_eq!(
        proposed.len(),
        1,
        "m1's hours cover one more pair: {proposed:?}"
    );
    assert_eq!(proposed[0].1, "m1", "{proposed:?}");
    let left = if proposed[0].0 == "b" { "c" } else { "b" };
    let out = f.mentor(&["match", "--as-of", AS_OF, "--explain", left]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    let m2_row = text
        .lines()
        .find(|l| l.contains("m2"))
        .unwrap_or_else(|| panic!("m2 is listed: {text}"));
    assert!(
        m2_row.contains("full by hours, not by capacity")
            && m2_row.contains("2 hours a month offered")
            && m2_row.contains("1 of 3 places taken"),
        "{text}"
    );
    let doc = run_json(&f, &["--explain", left]);
    assert!(
        doc.to_string().contains("unavailable:full-by-hours"),
        "{doc}"
    );

    // Without `[pairs] hours_per_month`, a pair takes one hour per
    // `[meetings] every_days` (15 days: two hours a month), so m1's four
    // hours are both taken by a--m1 and b--m1.
    let f2 = programme("\n[meetings]\nevery_days = 15\n");
    person(
        &f2,
        "m1",
        "mentor",
        "capacity = 3\nhours_per_month = 4\nexpertise = [\"budgeting\"]\n",
    );
    for mentee in ["a", "b", "c"] {
        person(&f2, mentee, "mentee", "needs = [\"budgeting\"]\n");
    }
    for mentee in ["a", "b"] {
        f2.write(
            &format!("pairs/{mentee}--m1/pair.toml"),
            &format!("mentor = \"m1\"\nmentee = \"{mentee}\"\nstatus = \"proposed\"\n"),
        );
    }
    let doc = run_json(&f2, &[]);
    assert!(pairs(&doc).is_empty(), "{doc}");
    assert!(
        unmatched_reason(&doc, "c").contains("no mentor has a free place"),
        "{doc}"
    );
}

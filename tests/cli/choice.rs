//! Letting participants choose, end to end: shortlists (`match --shortlist`),
//! ranked choices (`prefer`, on either side), the stable mode and what each
//! mode reports about the other; a property test on generated instances
//! (no blocking pair, by brute force; the optimum scores at least as much)
//! and the same instances against Python's `matching` (PyPI).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::matching::{pairs, person, programme, run_json};
use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

/// Two mentees and two mentors where the optimum and stability disagree:
/// `ana` and mentor `xia` rank each other first, but the optimum gives
/// `ana` to `yan` (scores 56 + 56 beat 67 + 11).
fn crossed(extra: &str) -> Fixture {
    let f = programme(extra);
    person(
        &f,
        "ana",
        "mentee",
        "needs = [\"budgeting\"]\nprefer = [\"xia\"]\n",
    );
    person(&f, "ben", "mentee", "needs = [\"leadership\"]\n");
    person(
        &f,
        "xia",
        "mentor",
        "expertise = [\"budgeting\", \"leadership\"]\nprefer = [\"ana\"]\n",
    );
    person(&f, "yan", "mentor", "expertise = [\"budgeting\"]\n");
    f
}

#[test]
fn stable_mode_honours_both_rankings_and_optimal_mode_names_the_blocking_pair() {
    let f = crossed("");
    let optimal = run_json(&f, &["--min-score", "0"]);
    assert_eq!(pairs(&optimal), [pair("ana", "yan"), pair("ben", "xia")]);
    assert_eq!(optimal["choice"]["mode"], "optimal");
    assert_eq!(
        optimal["choice"]["blocking_pairs"],
        serde_json::json!([{"mentee": "ana", "mentor": "xia"}])
    );
    let stable = run_json(&f, &["--min-score", "0", "--mode", "stable"]);
    assert_eq!(pairs(&stable), [pair("ana", "xia"), pair("ben", "yan")]);
    let choice = &stable["choice"];
    assert_eq!(choice["mode"], "stable");
    assert_eq!(choice["blocking_pairs"], serde_json::json!([]));
    assert_eq!(choice["stable"]["total_score"], stable["total_score"]);
    assert_eq!(choice["optimum"]["total_score"], optimal["total_score"]);
    assert!(
        optimal["total_score"].as_u64() > stable["total_score"].as_u64(),
        "{optimal} {stable}"
    );
    // The text says the same, and so does --explain.
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--min-score", "0"]));
    assert!(
        text.contains("Not stable: 1 mentee and mentor pair would both rather have each other than what they were given: ana--xia."),
        "{text}"
    );
    let text = stdout(&f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--min-score",
        "0",
        "--explain",
        "ana",
    ]));
    assert!(
        text.contains("Stability: xia and this mentee would both rather have each other"),
        "{text}"
    );
    let doc = run_json(&f, &["--min-score", "0", "--explain", "ana"]);
    assert_eq!(doc["choice"]["blocking_pairs"][0]["mentor"], "xia");
    let text = stdout(&f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--min-score",
        "0",
        "--mode",
        "stable",
    ]));
    assert!(
        text.contains("Stable: mentee-proposing deferred acceptance")
            && text.contains("the optimum (`--mode optimal`) scores"),
        "{text}"
    );
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

/// `[matching] mode = "stable"` sets the mode; `--mode` overrides it; the
/// weak-pair floor applies in stable mode too.
#[test]
fn the_programme_chooses_the_mode_and_the_option_overrides_it() {
    let f = crossed("\n[matching]\nmode = \"stable\"\nmin_score = 0\n");
    assert_eq!(
        pairs(&run_json(&f, &[])),
        [pair("ana", "xia"), pair("ben", "yan")]
    );
    assert_eq!(
        pairs(&run_json(&f, &["--mode", "optimal"])),
        [pair("ana", "yan"), pair("ben", "xia")]
    );
    // At the default floor (40) ben--yan (11) is not allowed: ben waits,
    // and the reason says why xia is not theirs.
    let f = crossed("\n[matching]\nmode = \"stable\"\n");
    let doc = run_json(&f, &[]);
    assert_eq!(pairs(&doc), [pair("ana", "xia")]);
    let reason = doc["unmatched"][0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains(
            "is proposed for others; in stable mode a mentor keeps the mentees they rank higher"
        ),
        "{reason}"
    );
}

/// A proposal turned down (`pair reject`, by the mentor or by the mentee)
/// is never made again: not in optimal mode, not in stable mode, not with
/// --allow-repeat.
#[test]
fn a_declined_proposal_is_never_proposed_again_in_either_mode() {
    for by in ["xia", "ana"] {
        declined_by(by);
    }
}

fn declined_by(by: &str) {
    let f = crossed("");
    f.write(
        "pairs/ana--xia/pair.toml",
        "mentee = \"ana\"\nmentor = \"xia\"\nstatus = \"proposed\"\nproposed_on = 2026-03-01\n",
    );
    let out = f.mentor(&[
        "pair",
        "reject",
        "ana--xia",
        "--by",
        by,
        "--reason",
        "full term",
        "--date",
        "2026-03-02",
    ]);
    assert_exit(&out, 0);
    for mode in ["optimal", "stable"] {
        for repeat in [&[][..], &["--allow-repeat"][..]] {
            let mut args = vec!["--min-score", "0", "--mode", mode];
            args.extend_from_slice(repeat);
            let doc = run_json(&f, &args);
            assert!(
                !pairs(&doc).contains(&pair("ana", "xia")),
                "{mode} {repeat:?}: {doc}"
            );
            assert_eq!(pairs(&doc).len(), 2, "{mode}: {doc}");
        }
    }
}

/// A shortlist: allowed mentors with a free place, best first, with reasons;
/// the mentor who is the mentee's line manager and the one who is full are
/// left out; no page names another mentee; the CSV parses back; nothing is
/// written outside the programme or into its record folders.
#[test]
fn shortlists_offer_allowed_mentors_with_reasons_and_write_only_inside_the_programme() {
    let f = programme("");
    person(
        &f,
        "amal",
        "mentor",
        "expertise = [\"budgeting\"]\navailability = [\"mon-am\"]\n",
    );
    person(&f, "bo", "mentor", "expertise = [\"budgeting\"]\n");
    person(&f, "cy", "mentor", "expertise = [\"budgeting\"]\n");
    person(&f, "dee", "mentor", "expertise = [\"leadership\"]\n");
    person(
        &f,
        "liam",
        "mentee",
        "needs = [\"budgeting\"]\nmanager = \"cy\"\navailability = [\"mon-am\"]\n",
    );
    person(&f, "noor", "mentee", "needs = [\"budgeting\"]\n");
    person(&f, "eve", "mentee", "needs = [\"leadership\"]\n");
    f.write(
        "pairs/noor--bo/pair.toml",
        "mentee = \"noor\"\nmentor = \"bo\"\nstatus = \"proposed\"\nproposed_on = 2026-03-01\n",
    );
    let out = f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--shortlist",
        "2",
        "--min-score",
        "0",
        "--out",
        "lists",
    ]);
    assert_exit(&out, 0);
    let page = f.read("lists/liam.md");
    assert!(
        page.contains("1. **amal** (`amal`)")
            && page.contains("covers budgeting (1 of 1 needs)")
            && page.contains("both free mon-am")
            && page.contains("2. **dee** (`dee`)")
            && page.contains("## How to reply")
            && page.contains("prefer = [\"amal\", \"dee\"]"),
        "{page}"
    );
    for absent in ["`bo`", "`cy`", "noor", "eve"] {
        assert!(!page.contains(absent), "{absent} in {page}");
    }
    assert!(
        !f.path().join("lists/noor.md").exists(),
        "noor is not waiting"
    );
    // On screen, as JSON: the same lists, nothing written.
    let doc = run_json(&f, &["--shortlist", "2", "--min-score", "0"]);
    let liam = &doc.as_array().unwrap()[1];
    assert_eq!(liam["mentee"], "liam");
    assert_eq!(liam["mentors"][0]["mentor"], "amal");
    assert_eq!(liam["mentors"][0]["rank"], 1);
    assert_eq!(liam["mentors"][1]["mentor"], "dee");
    assert!(liam["mentors"][0]["score"].as_u64() > liam["mentors"][1]["score"].as_u64());
    let out = f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--shortlist",
        "1",
        "--csv",
        "form.csv",
    ]);
    assert_exit(&out, 0);
    let text = f.read("form.csv");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["mentee", "rank", "mentor", "mentor_name", "reasons"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][..4], ["eve", "1", "dee", "dee"]);
    assert_eq!(rows[1][..4], ["liam", "1", "amal", "amal"]);
    assert!(rows[1][4].contains("covers budgeting"), "{rows:?}");
    // Outside the programme, or into its records: refused, nothing written.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("lists");
    let out = f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--shortlist",
        "2",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("outside the programme folder"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());
    let out = f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--shortlist",
        "2",
        "--csv",
        "people/form.csv",
    ]);
    assert_exit(&out, 2);
    assert!(!f.path().join("people/form.csv").exists());
}

/// A ranking column imports in order, by id or full name; a name that is
/// no one's is an import finding with a hint; a mentor's ranking of
/// mentees validates.
#[test]
fn a_ranking_column_imports_in_order_and_a_near_miss_gets_a_hint() {
    let f = programme("");
    person(&f, "amal", "mentor", "expertise = [\"budgeting\"]\n");
    person(
        &f,
        "bo",
        "mentor",
        "expertise = [\"budgeting\"]\nprefer = [\"liam\"]\n",
    );
    f.write(
        "map.toml",
        "[columns]\nname = \"Name\"\nemail = \"Email\"\nrole = \"Role\"\nprefer = \"Rank your mentors\"\n",
    );
    f.write(
        "form.csv",
        "Name,Email,Role,Rank your mentors\nliam,liam@example.org,mentee,bo; amal\n",
    );
    let out = f.mentor(&["import", "people", "form.csv", "--map", "map.toml"]);
    assert_exit(&out, 0);
    let liam = f.read("people/liam.toml");
    assert!(liam.contains("prefer = [\"bo\", \"amal\"]"), "{liam}");
    let (code, findings) = f.validate();
    assert_eq!(code, 0, "{findings:?}");
    f.write(
        "form.csv",
        "Name,Email,Role,Rank your mentors\nliam,liam@example.org,mentee,amall\n",
    );
    let out = f.mentor(&["import", "people", "form.csv", "--map", "map.toml"]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("`prefer`: `amall` is no one")
            && stdout(&out).contains("did you mean `amal`?"),
        "{}",
        stdout(&out)
    );
}

/// One generated instance: who ranks whom, and the capacities.
struct Instance {
    fixture: Fixture,
    mentees: Vec<String>,
    mentors: Vec<String>,
    capacity: BTreeMap<String, usize>,
    prefer: BTreeMap<String, Vec<String>>,
}

const SLOTS: [&str; 3] = ["mon-am", "tue-am", "wed-am"];

fn some<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> Vec<&'a str> {
    items.iter().copied().filter(|_| rng.bool()).collect()
}

fn quoted(items: &[impl AsRef<str>]) -> String {
    let inner: Vec<String> = items
        .iter()
        .map(|i| format!("\"{}\"", i.as_ref()))
        .collect();
    format!("[{}]", inner.join(", "))
}

/// Up to 8 mentees and 5 mentors with capacities 1-3, random needs,
/// expertise, availability, languages and modes (so some pairs are ruled
/// out and scores tie often), and random rankings on both sides.
fn instance(rng: &mut fastrand::Rng) -> Instance {
    let f = programme("");
    let mentees: Vec<String> = (0..1 + rng.usize(..8))
        .map(|i| format!("mentee-{i}"))
        .collect();
    let mentors: Vec<String> = (0..1 + rng.usize(..5))
        .map(|i| format!("mentor-{i}"))
        .collect();
    let mut capacity = BTreeMap::new();
    let mut prefer = BTreeMap::new();
    let profile = |rng: &mut fastrand::Rng| {
        let modes = match rng.u8(..4) {
            0 => "modes = [\"in-person\"]\n",
            1 => "modes = [\"virtual\"]\n",
            _ => "",
        };
        format!(
            "availability = {}\nlanguages = {}\n{modes}",
            quoted(&some(rng, &SLOTS)),
            quoted(&some(rng, &["en", "fr"])),
        )
    };
    for (side, others, role, field) in [
        (&mentees, &mentors, "mentee", "needs"),
        (&mentors, &mentees, "mentor", "expertise"),
    ] {
        for id in side {
            let mut ranked: Vec<String> = others.iter().filter(|_| rng.bool()).cloned().collect();
            rng.shuffle(&mut ranked);
            if role == "mentor" && rng.bool() {
                ranked.clear(); // ranking is optional for a mentor
            }
            let cap = 1 + rng.usize(..3);
            let extra = format!(
                "{field} = {}\nprefer = {}\n{}{}",
                quoted(&some(rng, &["budgeting", "leadership"])),
                quoted(&ranked),
                profile(rng),
                if role == "mentor" {
                    format!("capacity = {cap}\n")
                } else {
                    String::new()
                }
            );
            person(&f, id, role, &extra);
            if role == "mentor" {
                capacity.insert(id.clone(), cap);
            }
            prefer.insert(id.clone(), ranked);
        }
    }
    Instance {
        fixture: f,
        mentees,
        mentors,
        capacity,
        prefer,
    }
}

/// The rankings an instance's rules give, read from the score CSV mentor
/// writes for audit (allowed cells and their scores) and the `prefer`
/// lists the test wrote: each person's named ones first, in order, then
/// everyone else allowed by score, best first, ties by id.
struct Lists {
    mentee: BTreeMap<String, Vec<String>>,
    mentor: BTreeMap<String, Vec<String>>,
}

fn lists(inst: &Instance, scores_csv: &str) -> Lists {
    let mut allowed: Vec<(String, String, u32)> = Vec::new();
    let mut reader = csv::Reader::from_reader(scores_csv.as_bytes());
    for record in reader.records() {
        let r = record.unwrap();
        if matches!(&r[3], "allowed" | "proposed") {
            allowed.push((r[0].to_string(), r[1].to_string(), r[2].parse().unwrap()));
        }
    }
    let order = |me: &str, cands: Vec<(String, u32)>| -> Vec<String> {
        let named = &inst.prefer[me];
        let mut cands = cands;
        cands.sort_by_key(|(id, score)| {
            (
                named.iter().position(|n| n == id).unwrap_or(usize::MAX),
                std::cmp::Reverse(*score),
                id.clone(),
            )
        });
        cands.into_iter().map(|(id, _)| id).collect()
    };
    let side = |ids: &[String], mine: fn(&(String, String, u32)) -> (&String, &String)| {
        ids.iter()
            .map(|me| {
                let cands = allowed
                    .iter()
                    .filter(|cell| mine(cell).0 == me)
                    .map(|cell| (mine(cell).1.clone(), cell.2))
                    .collect();
                (me.clone(), order(me, cands))
            })
            .collect()
    };
    Lists {
        mentee: side(&inst.mentees, |c| (&c.0, &c.1)),
        mentor: side(&inst.mentors, |c| (&c.1, &c.0)),
    }
}

/// Every (mentee, mentor) pair that blocks `matched`, by brute force.
fn blocking(inst: &Instance, l: &Lists, matched: &[(String, String)]) -> Vec<(String, String)> {
    let mentor_of = |e: &str| matched.iter().find(|p| p.0 == e).map(|p| p.1.clone());
    let mut out = Vec::new();
    for (e, list) in &l.mentee {
        let place = |m: &str| list.iter().position(|x| x == m);
        let current = mentor_of(e).and_then(|m| place(&m)).unwrap_or(usize::MAX);
        for (i, m) in list.iter().enumerate() {
            if i >= current || mentor_of(e).as_deref() == Some(m.as_str()) {
                continue;
            }
            let ranks = &l.mentor[m];
            let Some(my_rank) = ranks.iter().position(|x| x == e) else {
                continue;
            };
            let held: Vec<usize> = matched
                .iter()
                .filter(|p| &p.1 == m)
                .map(|p| ranks.iter().position(|x| *x == p.0).unwrap())
                .collect();
            if held.len() < inst.capacity[m] || held.iter().any(|&h| my_rank < h) {
                out.push((e.clone(), m.clone()));
            }
        }
    }
    out
}

/// The stable run of an instance: its proposals, the score CSV and total.
fn run_stable(inst: &Instance) -> (Vec<(String, String)>, Lists, u64) {
    let doc = run_json(
        &inst.fixture,
        &["--mode", "stable", "--scores", "scores.csv"],
    );
    let l = lists(inst, &inst.fixture.read("scores.csv"));
    (pairs(&doc), l, doc["total_score"].as_u64().unwrap())
}

const INSTANCES: usize = 200;

/// 200 seeded instances: the stable mode leaves no blocking pair (checked
/// by brute force over every pair), never exceeds a capacity, and scores
/// no more than the optimum (`--objective score`); the blocking pairs
/// optimal mode reports are exactly those brute force finds.
#[test]
fn stable_matches_of_random_instances_have_no_blocking_pair_and_never_beat_the_optimum() {
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut blocked_optima = 0;
    for n in 0..INSTANCES {
        let inst = instance(&mut rng);
        let (stable, l, stable_total) = run_stable(&inst);
        assert_eq!(blocking(&inst, &l, &stable), [], "instance {n}: {stable:?}");
        for (m, cap) in &inst.capacity {
            assert!(stable.iter().filter(|p| &p.1 == m).count() <= *cap);
        }
        let optimal = run_json(
            &inst.fixture,
            &["--mode", "optimal", "--objective", "score"],
        );
        let optimum = optimal["total_score"].as_u64().unwrap();
        assert!(
            optimum >= stable_total,
            "instance {n}: {optimum} < {stable_total}"
        );
        let mut reported: Vec<(String, String)> = optimal["choice"]["blocking_pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| pair(b["mentee"].as_str().unwrap(), b["mentor"].as_str().unwrap()))
            .collect();
        reported.sort();
        let mut found = blocking(&inst, &l, &pairs(&optimal));
        found.sort();
        assert_eq!(reported, found, "instance {n}");
        blocked_optima += usize::from(!found.is_empty());
    }
    // The instances are not all trivially stable: some optima are blocked.
    assert!(blocked_optima > 10, "{blocked_optima}");
}

/// The same instances through Python's `matching` (PyPI), whose
/// `HospitalResident` solved resident-optimal is the reference
/// implementation of mentee-proposing deferred acceptance: the assignment
/// must be the same, mentee by mentee.
#[test]
fn stable_matches_equal_python_matching_hospital_resident() {
    if !crate::interop::need(crate::interop::Program::PythonMatching) {
        return;
    }
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut games = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..INSTANCES {
        let inst = instance(&mut rng);
        let (stable, l, _) = run_stable(&inst);
        // Python's game wants both sides non-empty; people with no
        // acceptable partner are unmatched either way.
        let residents: BTreeMap<&String, &Vec<String>> =
            l.mentee.iter().filter(|(_, v)| !v.is_empty()).collect();
        let hospitals: BTreeMap<&String, &Vec<String>> =
            l.mentor.iter().filter(|(_, v)| !v.is_empty()).collect();
        let capacities: BTreeMap<&String, usize> =
            hospitals.keys().map(|m| (*m, inst.capacity[*m])).collect();
        games.push(serde_json::json!({
            "residents": residents, "hospitals": hospitals, "capacities": capacities,
        }));
        let mut stable: Vec<Value> = stable
            .iter()
            .map(|(e, m)| serde_json::json!([e, m]))
            .collect();
        stable.sort_by_key(|v| v.to_string());
        ours.push(Value::Array(stable));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("games.json"),
        Value::Array(games).to_string(),
    )
    .unwrap();
    let script = r#"
import json, sys, warnings
warnings.simplefilter("ignore")
from matching.games import HospitalResident
out = []
for g in json.load(open(sys.argv[1])):
    pairs = []
    if g["residents"] and g["hospitals"]:
        game = HospitalResident.create_from_dictionaries(g["residents"], g["hospitals"], g["capacities"])
        for h, rs in game.solve(optimal="resident").items():
            pairs += [[r.name, h.name] for r in rs]
    out.append(sorted(pairs, key=lambda p: json.dumps(p, separators=(",", ":"))))
print(json.dumps(out))
"#;
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(dir.path().join("games.json"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let theirs: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(theirs.len(), ours.len());
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "instance {n}");
    }
}

/// `--explain` in stable mode says which mentors the mentee ranks above
/// their proposal turned them down, being full with mentees they rank
/// higher; what the optimum would cost is left to optimal mode.
#[test]
fn explain_in_stable_mode_names_who_turned_the_mentee_down() {
    let f = crossed("\n[matching]\nmode = \"stable\"\nmin_score = 0\n");
    let text = stdout(&f.mentor(&["match", "--as-of", AS_OF, "--explain", "ben"]));
    assert!(
        text.contains("Proposed: yan")
            && text.contains(
                "Stable mode: this mentee ranks xia above yan, but that mentor is full with mentees they rank higher."
            )
            && !text.contains("best plan for the whole cohort"),
        "{text}"
    );
    let doc = run_json(&f, &["--explain", "ben"]);
    assert_eq!(doc["choice"]["turned_down_by"], serde_json::json!(["xia"]));
    assert_eq!(doc["first_not_proposed"], Value::Null);
    let doc = run_json(&f, &["--explain", "ana"]);
    assert_eq!(doc["choice"]["turned_down_by"], serde_json::json!([]));
}

/// A ranking a rule forbids is a wasted place, and validate says so (W036)
/// with the rule; a ranking blocked by the other's `avoid` list is not
/// said, so no participant learns from CI's output who avoids them.
#[test]
fn a_ranking_a_rule_forbids_is_said_but_an_avoid_list_stays_unsaid() {
    let f = Fixture::base();
    let ed = f.read("people/ed.toml");
    f.write("people/ed.toml", &format!("prefer = [\"max\"]\n{ed}"));
    let (code, findings) = f.validate();
    assert!(
        findings.iter().all(|d| d.code != "W036"),
        "nothing forbids Ed and Max yet: {findings:?}"
    );
    assert_eq!(code, 0);

    let max = f.read("people/max.toml");
    f.write("people/max.toml", &format!("avoid = [\"ed\"]\n{max}"));
    let (_, findings) = f.validate();
    assert!(
        findings.iter().all(|d| d.code != "W036"),
        "Max's avoid list is not told to Ed: {findings:?}"
    );

    f.write("people/max.toml", &max);
    f.write(
        "people/ed.toml",
        &format!(
            "prefer = [\"max\"]\n{}",
            ed.replace("manager = \"lib-boss@example.org\"", "manager = \"max\"")
        ),
    );
    let out = f.mentor(&["validate", "--as-of", AS_OF]);
    let said = stdout(&out);
    assert!(
        said.contains("W036") && said.contains("line manager") && said.contains("people/ed.toml:1"),
        "{said}"
    );
}

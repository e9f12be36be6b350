//! A pair's concerns log: raised, followed up and resolved with `mentor
//! concern`, the text sealed for the coordinators alone; the report chases
//! open concerns by age and HR's figures count them, never the text.

use serde_json::Value;

use crate::interop::{self, Program};
use crate::sealing::{Key, Open, age_cli_open, age_open, programme};
use crate::support::{Fixture, assert_exit, stderr, stdout};

const RAISED: &str = "Mo keeps cancelling at short notice.";
const IN_HAND: &str = "Spoke to Mo; he is on call this month.";
const RESOLVED: &str = "Agreed a fixed Tuesday slot.";

/// The sealing fixture (coordinator and pair members with keys) with one
/// concern raised by Ed on 2 March, taken in hand on 5 March and resolved
/// on 12 March.
fn raise_and_resolve(f: &Fixture) {
    let raised = f.mentor_with_input(
        &[
            "concern",
            "ed--mo",
            "--raised-by",
            "ed",
            "--date",
            "2026-03-02",
        ],
        RAISED,
    );
    assert_exit(&raised, 0);
    assert!(
        stdout(&raised).contains("Raised concern 1 about pair ed--mo on 2026-03-02"),
        "{}",
        stdout(&raised)
    );
    for (date, status, text) in [
        ("2026-03-05", "in-hand", IN_HAND),
        ("2026-03-12", "resolved", RESOLVED),
    ] {
        let out = f.mentor_with_input(
            &[
                "concern",
                "ed--mo",
                "--follow-up",
                "1",
                "--status",
                status,
                "--date",
                date,
            ],
            text,
        );
        assert_exit(&out, 0);
    }
}

fn report(f: &Fixture, as_of: &str) -> (Value, String) {
    let out = f.mentor(&["report", "--as-of", as_of, "--format", "json"]);
    assert_exit(&out, 0);
    (serde_json::from_slice(&out.stdout).unwrap(), stdout(&out))
}

fn concern_items(doc: &Value) -> Vec<(String, i64, String)> {
    doc["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "concern-open")
        .map(|a| {
            (
                a["subject"].as_str().unwrap().to_string(),
                a["days"].as_i64().unwrap(),
                a["contacts"][0]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn a_concern_shows_in_the_report_while_open_and_in_hrs_counts_never_its_text() {
    let s = programme(true);
    let f = &s.f;
    raise_and_resolve(f);
    let log = f.read("pairs/ed--mo/concerns.yaml");
    assert_eq!(
        log.matches("-----BEGIN AGE ENCRYPTED FILE-----").count(),
        3,
        "{log}"
    );
    for text in [RAISED, IN_HAND, RESOLVED] {
        assert!(!log.contains(text), "sealed, never plain: {log}");
    }
    // Open on 4 March (two days old, Ed to contact), in hand on 10 March,
    // gone once resolved.
    let (early, early_text) = report(f, "2026-03-04");
    assert_eq!(
        concern_items(&early),
        [("ed--mo".to_string(), 2, "Ed Mentee".to_string())]
    );
    let (mid, _) = report(f, "2026-03-10");
    assert_eq!(concern_items(&mid).len(), 1);
    assert!(
        mid.to_string()
            .contains("concern 1 raised by ed on 2026-03-02 is in-hand (8 days)"),
        "{mid}"
    );
    let (late, late_text) = report(f, "2026-03-16");
    assert!(concern_items(&late).is_empty(), "{late}");
    for shown in [early_text, late_text] {
        for text in [RAISED, IN_HAND, RESOLVED] {
            assert!(!shown.contains(text));
        }
    }
    let out = f.mentor(&["export", "--out", "hr", "--as-of", "2026-03-16"]);
    assert_exit(&out, 0);
    let indicators = std::fs::read_to_string(f.path().join("hr/indicators.csv")).unwrap();
    let row = |id: &str| {
        indicators
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id} in {indicators}"))
            .to_string()
    };
    assert!(
        row("concerns_raised").contains(",1,"),
        "{}",
        row("concerns_raised")
    );
    assert!(
        row("concerns_resolved").contains(",1,"),
        "{}",
        row("concerns_resolved")
    );
    assert!(
        row("median_days_to_resolve").contains(",10.00,"),
        "{}",
        row("median_days_to_resolve")
    );
    for file in std::fs::read_dir(f.path().join("hr")).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap_or_default();
        for said in [RAISED, IN_HAND, RESOLVED] {
            assert!(!text.contains(said));
        }
        assert!(!text.contains("BEGIN AGE"));
    }
}

#[test]
fn a_closure_may_name_the_concern_that_led_to_it_but_not_one_never_raised() {
    let s = programme(true);
    let f = &s.f;
    raise_and_resolve(f);
    let close = |concern: u32| {
        let concern = concern.to_string();
        f.mentor(&[
            "pair",
            "close",
            "ed--mo",
            "--reason",
            "mismatch",
            "--date",
            "2026-03-14",
            "--concern",
            &concern,
        ])
    };
    let before = f.read("pairs/ed--mo/pair.toml");
    let refused = close(7);
    assert_exit(&refused, 2);
    assert!(stderr(&refused).contains("E101"), "{}", stderr(&refused));
    assert_eq!(f.read("pairs/ed--mo/pair.toml"), before);
    let closed = close(1);
    assert_exit(&closed, 0);
    assert!(f.read("pairs/ed--mo/pair.toml").contains("concern = 1"));
}

#[test]
fn a_follow_up_of_a_concern_never_raised_is_refused_and_without_coordinator_keys_nothing_is_written()
 {
    let s = programme(true);
    let out = s.f.mentor_with_input(
        &[
            "concern",
            "ed--mo",
            "--follow-up",
            "2",
            "--status",
            "resolved",
        ],
        "x",
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("pair `ed--mo` has no concern 2 to follow up"),
        "{}",
        stderr(&out)
    );
    // The coordinators alone read a concern: with no key of theirs it is
    // refused, whether or not the programme seals the rest.
    let f = Fixture::base();
    let out = f.mentor_with_input(&["concern", "ed--mo", "--raised-by", "mo"], RAISED);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("must first add a public key"),
        "{}",
        stderr(&out)
    );
    assert!(!f.path().join("pairs/ed--mo/concerns.yaml").exists());
}

/// What each key opens of every sealed block of concerns.yaml.
fn opened_by(f: &Fixture, key: &Key, open: Open) -> Vec<Result<String, String>> {
    let log = f.read("pairs/ed--mo/concerns.yaml");
    log.split("-----BEGIN AGE ENCRYPTED FILE-----")
        .skip(1)
        .map(|rest| {
            let body = rest
                .split("-----END AGE ENCRYPTED FILE-----")
                .next()
                .unwrap();
            let body: String = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("{l}\n"))
                .collect();
            open(
                key,
                &format!(
                    "-----BEGIN AGE ENCRYPTED FILE-----\n{body}-----END AGE ENCRYPTED FILE-----\n"
                ),
            )
        })
        .collect()
}

fn coordinators_alone_open_concerns(open: Open) {
    let s = programme(true);
    raise_and_resolve(&s.f);
    let by_coordinator = opened_by(&s.f, &s.coordinator, open);
    let texts: Vec<&str> = by_coordinator
        .iter()
        .map(|r| r.as_deref().unwrap().trim())
        .collect();
    assert_eq!(texts, [RAISED, IN_HAND, RESOLVED]);
    for member in [&s.ed, &s.mo] {
        assert!(
            opened_by(&s.f, member, open).iter().all(Result::is_err),
            "a pair member opened a concern"
        );
    }
}

/// Interop: the standard `age` CLI opens a concern with the coordinator's
/// key, and with neither pair member's.
#[test]
fn the_age_cli_opens_a_concern_with_the_coordinators_key_alone() {
    if !interop::need(Program::AgeCli) {
        return;
    }
    coordinators_alone_open_concerns(age_cli_open);
}

/// The same through the age crate, on every machine.
#[test]
fn the_age_crate_opens_a_concern_with_the_coordinators_key_alone() {
    coordinators_alone_open_concerns(age_open);
}

//! Training records: sessions the programme offers, attendance on the
//! person, and what a missing required session stops or shows.

use serde_json::Value;

use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

const ORIENTATION: &str = "\n[[training]]\nid = \"mentee-orientation\"\ntitle = \"Mentee orientation\"\naudience = \"mentees\"\nrequired = true\ndate = 2026-02-20\n";

/// The base programme requiring a mentee orientation, with Eve (who has
/// not attended it) proposed to Max.
fn requiring_orientation(extra: &str) -> Fixture {
    let f = Fixture::base();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}{extra}{ORIENTATION}"),
    );
    let eve = f.read("people/eve.toml");
    f.write(
        "people/eve.toml",
        &format!("{eve}\n[supervisor_approval]\nby = \"boss@example.org\"\ndate = 2026-01-10\n"),
    );
    f.write(
        "pairs/eve--max/pair.toml",
        "mentor = \"max\"\nmentee = \"eve\"\nstatus = \"proposed\"\n",
    );
    f
}

/// Record that `who` attended the orientation on 20 February.
fn orientation_of(f: &Fixture, who: &str) -> std::process::Output {
    f.mentor(&[
        "person",
        "trained",
        who,
        "--session",
        "mentee-orientation",
        "--date",
        "2026-02-20",
    ])
}

#[test]
fn pair_start_refuses_until_the_required_orientation_is_recorded() {
    let f = requiring_orientation("");
    let before = f.read("pairs/eve--max/pair.toml");
    let refused = f.mentor(&["pair", "start", "eve--max", "--date", "2026-03-18"]);
    assert_exit(&refused, 2);
    let why = stderr(&refused);
    assert!(why.contains("`eve` lacks mentee-orientation"), "{why}");
    assert_eq!(f.read("pairs/eve--max/pair.toml"), before);

    let unknown = f.mentor(&["person", "trained", "eve", "--session", "mentee-orientaton"]);
    assert_exit(&unknown, 2);
    assert!(
        stderr(&unknown).contains("did you mean `mentee-orientation`?"),
        "{}",
        stderr(&unknown)
    );

    let recorded = orientation_of(&f, "eve");
    assert_exit(&recorded, 0);
    let eve = f.read("people/eve.toml");
    assert!(
        eve.contains("[[attended]]\nsession = \"mentee-orientation\"\ndate = 2026-02-20\n"),
        "{eve}"
    );
    assert_exit(
        &f.mentor(&["pair", "start", "eve--max", "--date", "2026-03-18"]),
        0,
    );
    assert!(
        f.read("pairs/eve--max/pair.toml")
            .contains("status = \"active\"")
    );
}

#[test]
fn a_grace_period_lets_the_pair_start_and_validate_warns_while_training_is_missing() {
    let f = requiring_orientation("\n[pairs]\ntraining_grace_days = 14\n");
    let started = f.mentor(&["pair", "start", "eve--max", "--date", "2026-03-10"]);
    assert_exit(&started, 0);
    assert!(
        stdout(&started).contains("grace period allows it until 2026-03-24"),
        "{}",
        stdout(&started)
    );
    let (_, findings) = f.validate();
    let missing: Vec<_> = findings.iter().filter(|d| d.code == "W090").collect();
    assert_eq!(missing.len(), 2, "{findings:?}");
    assert_eq!(missing[1].path, "pairs/eve--max/pair.toml");
    assert!(
        missing[1]
            .message
            .contains("`eve` has not attended the required training `mentee-orientation`")
    );
    // Ed, in the pair that started before the programme required the
    // orientation, is warned about too.
    assert!(
        findings
            .iter()
            .any(|d| d.code == "W090" && d.path == "pairs/ed--mo/pair.toml")
    );
}

#[test]
fn the_report_lists_who_still_needs_which_session_and_the_completion_rate() {
    let f = requiring_orientation("");
    let out = f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let needing: Vec<&str> = doc["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "training-needed")
        .map(|a| a["subject"].as_str().unwrap())
        .collect();
    // Ed and Eve are mentees who have not been to the orientation; the
    // mentors need nothing.
    assert_eq!(needing, ["ed", "eve"]);
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(
        text.contains("eve still needs training: Mentee orientation (mentee-orientation)"),
        "{text}"
    );

    let rate = |f: &Fixture| {
        let doc: Value = serde_json::from_slice(
            &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"])
                .stdout,
        )
        .unwrap();
        let found = doc["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "training_completion_rate")
            .cloned()
            .unwrap_or_else(|| panic!("{doc}"));
        (found["value"].as_f64(), found["cases"].as_u64())
    };
    // Three take part (Eve has only applied): Max and Mo need no session.
    let (before, cases) = rate(&f);
    assert_eq!(cases, Some(3));
    assert!(
        before.is_some_and(|v| (v - 200.0 / 3.0).abs() < 1e-9),
        "{before:?}"
    );
    orientation_of(&f, "ed");
    assert_eq!(rate(&f), (Some(100.0), Some(3)));
}

#[test]
fn attendance_is_recorded_in_a_yaml_person_file_too() {
    let f = requiring_orientation("");
    f.remove("people/eve.toml");
    f.write(
        "people/eve.yaml",
        "name: Eve Mentee\nemail: eve@example.org\nrole: mentee\ngroup: staff\nlanguages: [en]\nneeds: [leadership]\nsupervisor_approval: {by: boss@example.org, date: 2026-01-10}\n",
    );
    let out = orientation_of(&f, "eve");
    assert_exit(&out, 0);
    assert!(
        f.read("people/eve.yaml")
            .contains("attended:\n  - session: mentee-orientation\n    date: 2026-02-20\n")
    );
    assert_exit(
        &f.mentor(&["pair", "start", "eve--max", "--date", "2026-03-18"]),
        0,
    );
}

#[test]
fn a_form_export_column_of_dates_becomes_attendance_and_a_reimport_adds_nothing_twice() {
    let f = requiring_orientation("");
    f.write(
        "mapping.toml",
        "[columns]\nname = \"Name\"\nemail = \"Email\"\nrole = \"Role\"\ngroup = \"Group\"\n\n[training]\nmentee-orientation = \"Orientation attended on\"\n",
    );
    f.write(
        "export.csv",
        "Name,Email,Role,Group,Orientation attended on\nEve Mentee,eve@example.org,mentee,staff,2026-02-20\nZoe Ng,zoe@example.org,mentee,staff,\n",
    );
    let import = || {
        f.mentor(&[
            "import",
            "people",
            "export.csv",
            ".",
            "--map",
            "mapping.toml",
        ])
    };
    let out = import();
    assert_exit(&out, 0);
    let eve = f.read("people/eve.toml");
    assert!(
        eve.contains("[[attended]]\nsession = \"mentee-orientation\"\ndate = 2026-02-20\n"),
        "{eve}"
    );
    assert!(!f.read("people/zoe-ng.toml").contains("attended"));
    assert_exit(&import(), 0);
    assert_eq!(
        f.read("people/eve.toml"),
        eve,
        "a re-import records nothing twice"
    );
    assert_exit(
        &f.mentor(&["pair", "start", "eve--max", "--date", "2026-03-18"]),
        0,
    );
}

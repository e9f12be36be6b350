//! Group mentoring: one mentor (or two) and several mentees in one pair
//! folder, `mentees = [...]`, in a programme whose kind is `group`.

use serde_json::Value;

use crate::interop::{self, Program};
use crate::sealing::{Key, age_cli_open, age_key, age_open, sealed_blocks};
use crate::support::{Fixture, assert_exit, stdout};

const AS_OF: &str = "2026-04-01";

/// A group programme: two mentors (Mo covers budgeting, Max leadership),
/// groups of at most two, and mentees a1-a3 needing budgeting, b1-b2
/// leadership, all waiting.
pub(crate) fn group_programme() -> Fixture {
    let f = Fixture::base();
    f.remove("pairs/ed--mo");
    f.remove("people/ed.toml");
    f.remove("people/eve.toml");
    f.write(
        "programme.toml",
        "name = \"Group Programme\"\nkind = \"group\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ncapacity = 1\n\n[pairs]\ngroup_size = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n",
    );
    for (id, need) in [
        ("a1", "budgeting"),
        ("a2", "budgeting"),
        ("a3", "budgeting"),
        ("b1", "leadership"),
        ("b2", "leadership"),
    ] {
        f.write(
            &format!("people/{id}.toml"),
            &format!("name = \"Mentee {id}\"\nemail = \"{id}@example.org\"\ngithub = \"{id}-gh\"\nrole = \"mentee\"\ndepartment = \"Library\"\nlanguages = [\"en\"]\nneeds = [\"{need}\"]\nstatus = \"applied\"\napplied_on = 2026-01-05\n"),
        );
    }
    f
}

/// [`group_programme`] with Mo's group of a1, a2 and a3 running since
/// February (group size 3).
fn running_group(log: &str) -> Fixture {
    let f = group_programme();
    f.write(
        "programme.toml",
        &f.read("programme.toml")
            .replace("group_size = 2", "group_size = 3"),
    );
    f.write(
        "pairs/mo--group/pair.toml",
        "mentor = \"mo\"\nmentees = [\"a1\", \"a2\", \"a3\"]\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-10-31\n",
    );
    f.write("pairs/mo--group/log.yaml", log);
    f
}

fn pair_file(f: &Fixture, id: &str) -> toml::Table {
    f.read(&format!("pairs/{id}/pair.toml")).parse().unwrap()
}

fn ids(value: &toml::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn match_forms_groups_within_their_size_from_mentees_whose_needs_the_mentor_covers() {
    let f = group_programme();
    let shown = stdout(&f.mentor(&["match", "--as-of", AS_OF]));
    assert!(shown.contains("Proposed groups (2):"), "{shown}");
    assert!(
        shown.contains("  max: b1, b2 (2 of 2 places; group score "),
        "{shown}"
    );
    let out = f.mentor(&["match", "--write", "--as-of", AS_OF]);
    assert_exit(&out, 0);
    let mo = pair_file(&f, "mo--group");
    let max = pair_file(&f, "max--group");
    // Two places each: Max takes both leadership mentees; Mo two of the
    // three budgeting ones (the third waits for the next group).
    assert_eq!(ids(&max["mentees"]), ["b1", "b2"]);
    let mo_members = ids(&mo["mentees"]);
    assert_eq!(mo_members.len(), 2, "{mo}");
    assert!(mo_members.iter().all(|m| m.starts_with('a')), "{mo}");
    assert_eq!(mo["status"].as_str(), Some("proposed"));
    assert!(mo.get("mentee").is_none() && mo.get("group").is_none());
    // Each member's score and reasons are in the group's reasons.
    let reasons = mo["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].as_str().unwrap().starts_with(mo_members[0]));
    // What was written is a valid programme: the groups are within size.
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    assert!(!f.path().join("pairs/a1--mo").exists());
}

#[test]
fn match_groups_outside_a_group_programme_marks_each_group() {
    let f = group_programme();
    f.write(
        "programme.toml",
        &f.read("programme.toml").replace("kind = \"group\"\n", ""),
    );
    assert_exit(
        &f.mentor(&["match", "--groups", "--write", "--as-of", AS_OF]),
        0,
    );
    let max = pair_file(&f, "max--group");
    assert_eq!(max["group"].as_bool(), Some(true));
    assert_eq!(ids(&max["mentees"]), ["b1", "b2"]);
    let (exit, findings) = f.validate();
    assert_eq!(exit, 0, "{findings:?}");
}

#[test]
fn explain_shows_each_members_own_score_for_the_groups_mentor() {
    let f = group_programme();
    for member in ["b1", "b2"] {
        let out = f.mentor(&[
            "match",
            "--explain",
            member,
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ]);
        assert_exit(&out, 0);
        let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let max = doc["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["mentor"] == "max")
            .unwrap();
        assert_eq!(max["status"], "proposed", "{member}: {max}");
        assert!(max["score"].as_u64().unwrap() >= 40, "{member}: {max}");
    }
}

/// A group meeting of an hour with three members is three hours of
/// mentoring received and one hour of the mentor's; a half-hour meeting
/// with one member is half an hour of each.
#[test]
fn a_group_meeting_counts_for_every_member_and_once_for_the_mentor() {
    let f = running_group(
        "meetings:\n  - {date: 2026-02-10, minutes: 60, mode: video}\n  - {date: 2026-03-10, minutes: 30, mode: video, member: a1}\n",
    );
    f.write(
        "people/a3.toml",
        &f.read("people/a3.toml")
            .replace("applied_on = 2026-01-05", "applied_on = 2026-01-15"),
    );
    let out = f.mentor(&["export", "--out", "hr", "--as-of", AS_OF]);
    assert_exit(&out, 0);
    let csv = std::fs::read_to_string(f.path().join("hr/indicators.csv")).unwrap();
    let value = |id: &str| -> String {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id} in {csv}"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        let header: Vec<String> =
            csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
                .headers()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect();
        let at = header.iter().position(|h| h == "value").unwrap();
        record[at].to_string()
    };
    // Hand counts: 3 members served; the mentor's hours 60 + 30 = 90
    // minutes; received 60 x 3 + 30 x 1 = 210 minutes over 3 mentees.
    assert_eq!(value("mentees_assisted"), "3");
    assert_eq!(value("mentoring_hours"), "1.50");
    assert_eq!(value("hours_per_mentee"), "1.17");
    // Each member waited from their own application: a3 applied later, so
    // the waits are 27, 27 and 17 days (started 2026-02-01), median 27 over
    // 3 mentees, where counting the group once gave 27 over 1.
    let text = stdout(&f.mentor(&["report", "--as-of", AS_OF]));
    assert!(
        text.contains("median 27 days from application to match, over 3 mentees"),
        "{text}"
    );
    let pairs = std::fs::read_to_string(f.path().join("hr/pairs.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(pairs.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(cell("mentee_count"), "3");
    assert_eq!(cell("hours"), "1.50");
    let report = f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&report, 0);
    let doc: Value = serde_json::from_str(&stdout(&report)).unwrap();
    let group = doc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair"] == "mo--group")
        .unwrap();
    assert_eq!(group["group_size"], 3);
    assert_eq!(group["mentee"], "a1, a2, a3");
    assert_eq!(group["hours"], 1.5);
}

#[test]
fn log_writes_a_meeting_for_one_member_and_refuses_someone_outside_the_group() {
    let f = running_group("meetings: []\n");
    let line = "log mo--group --date 2026-03-01 --minutes 30 --member";
    assert_exit(&f.run(&format!("{line} a2")), 0);
    assert!(f.read("pairs/mo--group/log.yaml").contains("member: a2"));
    let before = f.read("pairs/mo--group/log.yaml");
    let refused = f.run(&format!("{line} b1"));
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        crate::support::stderr(&refused).contains("E084"),
        "{}",
        crate::support::stderr(&refused)
    );
    assert_eq!(f.read("pairs/mo--group/log.yaml"), before);

    // A private note of a2's meeting would be sealed for a1 and a3 too:
    // refused, in words, before anything is read or written.
    let private = f.mentor_with_input(
        &[
            "log",
            "mo--group",
            "--date",
            "2026-03-02",
            "--minutes",
            "30",
            "--member",
            "a2",
            "--private",
        ],
        "for a2 alone\n",
    );
    assert_ne!(private.status.code(), Some(0));
    let said = crate::support::stderr(&private);
    assert!(
        said.contains("nothing written") && said.contains("read by the other members"),
        "{said}"
    );
    assert_eq!(f.read("pairs/mo--group/log.yaml"), before);
}

#[test]
fn validate_finds_a_member_who_is_the_mentors_line_report_or_in_another_group() {
    let f = running_group("meetings: []\n");
    f.write(
        "people/a2.toml",
        &f.read("people/a2.toml")
            .replace("department", "manager = \"mo\"\ndepartment"),
    );
    f.write(
        "pairs/max--group/pair.toml",
        "mentor = \"max\"\nmentees = [\"b1\", \"a3\"]\nstatus = \"active\"\nstarted = 2026-03-01\n",
    );
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    let at = |code: &str| -> Vec<(String, usize)> {
        findings
            .iter()
            .filter(|d| d.code == code)
            .map(|d| (d.path.clone(), d.line))
            .collect()
    };
    assert_eq!(at("E031"), [("pairs/mo--group/pair.toml".to_string(), 1)]);
    assert_eq!(at("E033"), [("pairs/max--group/pair.toml".to_string(), 2)]);
    let line_report = findings.iter().find(|d| d.code == "E031").unwrap();
    assert!(
        line_report.message.contains("`a2`"),
        "{}",
        line_report.message
    );
}

#[test]
fn codeowners_let_every_member_and_the_mentor_edit_the_group_folder() {
    let f = running_group("meetings: []\n");
    f.write(
        "people/mo.toml",
        &f.read("people/mo.toml")
            .replace("role", "github = \"mo-gh\"\nrole"),
    );
    f.write(
        "programme.toml",
        &format!(
            "{}\n[coordinator]\nname = \"Cora\"\ngithub = [\"cora\"]\n",
            f.read("programme.toml")
        ),
    );
    assert_exit(&f.run("codeowners"), 0);
    let written = f.read(".github/CODEOWNERS");
    let line = written
        .lines()
        .find(|l| l.starts_with("/pairs/mo--group/"))
        .unwrap_or_else(|| panic!("{written}"));
    for owner in ["@mo-gh", "@a1-gh", "@a2-gh", "@a3-gh"] {
        assert!(
            line.split_whitespace().any(|w| w == owner),
            "{owner}: {line}"
        );
    }
}

/// The group's private notes, sealed by `mentor seal`: the mentor and every
/// member open them; someone outside the group cannot.
fn sealed_group() -> (Fixture, tempfile::TempDir, Vec<Key>, Key) {
    let keys = tempfile::tempdir().unwrap();
    let f = running_group(
        "meetings:\n  - date: 2026-02-10\n    minutes: 60\n    private_notes: The group talked about the reorganisation.\n",
    );
    let coordinator = age_key(keys.path(), "coordinator");
    f.write(
        "programme.toml",
        &format!(
            "{}\n[coordinator]\nname = \"Cora\"\nkeys = [\"{}\"]\n\n[privacy]\nseal = true\n",
            f.read("programme.toml"),
            coordinator.public
        ),
    );
    let mut members = Vec::new();
    for id in ["mo", "a1", "a2", "a3", "max"] {
        let key = age_key(keys.path(), id);
        let file = format!("people/{id}.toml");
        let text = f.read(&file);
        let (head, rest) = text.split_once('\n').unwrap();
        f.write(
            &file,
            &format!("{head}\nkeys = [\"{}\"]\n{rest}", key.public),
        );
        members.push(key);
    }
    let outsider = members.pop().unwrap();
    assert_exit(&f.run("seal"), 0);
    (f, keys, members, outsider)
}

fn every_member_opens_the_notes(open: fn(&Key, &str) -> Result<String, String>) {
    let (f, _keys, members, outsider) = sealed_group();
    let log = f.read("pairs/mo--group/log.yaml");
    assert!(!log.contains("reorganisation"), "{log}");
    let blocks = sealed_blocks(&log);
    assert_eq!(blocks.len(), 1, "{log}");
    for key in &members {
        let text = open(key, &blocks[0]).unwrap();
        assert!(text.contains("reorganisation"));
    }
    assert!(open(&outsider, &blocks[0]).is_err());
}

#[test]
fn the_age_cli_opens_a_groups_notes_with_every_members_key_alone() {
    if !interop::need(Program::AgeCli) {
        return;
    }
    every_member_opens_the_notes(age_cli_open);
}

#[test]
fn the_age_crate_opens_a_groups_notes_with_every_members_key_alone() {
    every_member_opens_the_notes(age_open);
}

/// The audit takes every member of a group for one of the pair: a member
/// may commit to the group's folder, an outsider may not, and once the
/// group is running its members never change.
#[test]
fn the_audit_lets_every_member_change_the_groups_folder_and_no_one_else() {
    use crate::audit::{COORD, EVE, MAX, Repo, has};
    let mut repo = Repo::new();
    let group = "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"eve\"]\nstatus = \"active\"\nstarted = 2026-02-01\n";
    repo.change(
        COORD,
        "pairs/mo--group/pair.toml",
        group,
        Some("2026-02-01"),
    );
    let by_member = repo.change(
        EVE,
        "pairs/mo--group/log.yaml",
        "meetings:\n  - {date: 2026-02-02, minutes: 60}\n",
        Some("2026-02-02"),
    );
    let by_outsider = repo.change(
        MAX,
        "pairs/mo--group/log.yaml",
        "meetings:\n  - {date: 2026-02-02, minutes: 60}\n  - {date: 2026-02-03, minutes: 30}\n",
        Some("2026-02-03"),
    );
    let swapped = repo.change(
        COORD,
        "pairs/mo--group/pair.toml",
        &group.replace("\"eve\"", "\"max\""),
        Some("2026-02-04"),
    );
    let (_, findings) = repo.audit(&[]);
    assert!(
        !has(&findings, "A001", &by_member, "eve@example.org"),
        "{findings:#?}"
    );
    assert!(
        has(&findings, "A001", &by_outsider, "max@example.org"),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|d| d["code"] == "A006"
                && d["message"].as_str().unwrap_or_default().contains(&swapped)),
        "{findings:#?}"
    );
}

#[test]
fn a_co_mentor_is_held_to_the_mentors_training() {
    let f = running_group("meetings: []\n");
    f.write(
        "programme.toml",
        &f.read("programme.toml")
            .replace("[mentors]\n", "[mentors]\ntraining_required = true\n"),
    );
    f.write(
        "people/cy.toml",
        "name = \"Cy Mentor\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\n",
    );
    f.write(
        "pairs/mo--group/pair.toml",
        "mentor = \"mo\"\nco_mentor = \"cy\"\nmentees = [\"a1\", \"a2\"]\nstatus = \"active\"\nstarted = 2026-02-01\n",
    );
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    let untrained: Vec<(&str, usize)> = findings
        .iter()
        .filter(|d| d.code == "E035")
        .map(|d| (d.path.as_str(), d.line))
        .collect();
    assert_eq!(untrained, [("pairs/mo--group/pair.toml", 2)]);
}

#[test]
fn a_stalled_groups_reminder_goes_to_the_mentor_and_every_member() {
    let f = running_group("meetings:\n  - {date: 2026-02-10, minutes: 60, mode: video}\n");
    let out = f.mentor(&["remind", "--as-of", AS_OF, "--outbox", "out"]);
    assert_exit(&out, 0);
    let mut to: Vec<String> = std::fs::read_dir(f.path().join("out"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter_map(|mail| {
            let line = mail.lines().find(|l| l.starts_with("To: "))?;
            Some(line.split('<').nth(1)?.trim_end_matches('>').to_string())
        })
        .collect();
    to.sort();
    assert_eq!(
        to,
        [
            "a1@example.org",
            "a2@example.org",
            "a3@example.org",
            "mo@example.org"
        ],
        "{}",
        stdout(&out)
    );
}

/// A group formed by hand: `mentor new group` lays out the folder the
/// writer checks like any record (too large: nothing written), refuses a
/// member who avoids the mentor, and outside a group programme marks the
/// folder a group; a second group of one mentor gets its own folder.
#[test]
fn new_group_lays_out_a_checked_group_folder_or_writes_nothing() {
    let f = group_programme();
    let too_many = f.mentor(&["new", "group", "mo", "a1", "a2", "a3"]);
    assert_ne!(too_many.status.code(), Some(0), "{}", stdout(&too_many));
    assert!(!f.path().join("pairs/mo--group").exists());

    let out = f.mentor(&["new", "group", "mo", "a1", "a2"]);
    assert_exit(&out, 0);
    let group = pair_file(&f, "mo--group");
    assert_eq!(ids(&group["mentees"]), ["a1", "a2"]);
    assert_eq!(group["status"].as_str(), Some("proposed"));
    assert!(
        !group.contains_key("group"),
        "a group programme's folder: {group:?}"
    );
    assert_exit(&f.run("validate"), 0);

    f.write(
        "people/b1.toml",
        &f.read("people/b1.toml")
            .replace("role =", "avoid = [\"max\"]\nrole ="),
    );
    let avoided = f.mentor(&["new", "group", "max", "b2", "b1"]);
    assert_ne!(avoided.status.code(), Some(0));
    assert!(!f.path().join("pairs/max--group").exists());

    // Outside a group programme the folder says it is a group.
    let f = Fixture::base();
    for id in ["g1", "g2"] {
        f.write(
            &format!("people/{id}.toml"),
            &format!("name = \"Mentee {id}\"\nemail = \"{id}@example.org\"\nrole = \"mentee\"\ndepartment = \"Library\"\nlanguages = [\"en\"]\nneeds = [\"leadership\"]\nstatus = \"applied\"\napplied_on = 2026-01-05\n"),
        );
    }
    let out = f.mentor(&["new", "group", "max", "g1", "g2"]);
    assert_exit(&out, 0);
    let group = pair_file(&f, "max--group");
    assert_eq!(group["group"].as_bool(), Some(true));
    assert_exit(&f.run("validate"), 0);
}

/// A participant who founds a pair folder naming themselves, to be sealed
/// into what its members write, is not a coordinator: the audit says so.
#[test]
fn the_audit_names_a_participant_who_founds_a_group_with_themselves_in_it() {
    use crate::audit::{COORD, MAX, Repo, has};
    let mut repo = Repo::new();
    repo.change(
        COORD,
        "pairs/mo--group/pair.toml",
        "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"eve\"]\nstatus = \"active\"\nstarted = 2026-02-01\n",
        Some("2026-02-01"),
    );
    let founded = repo.change(
        MAX,
        "pairs/mo--circle/pair.toml",
        "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"max\"]\nstatus = \"active\"\nstarted = 2026-02-02\n",
        Some("2026-02-02"),
    );
    let (_, findings) = repo.audit(&[]);
    assert!(
        has(&findings, "A001", &founded, "max@example.org"),
        "{findings:#?}"
    );
}

/// A proposal's members are the coordinators': a member of a proposed group
/// who adds someone (to be sealed into the notes to come) is A006; the
/// coordinator editing the proposal is not.
#[test]
fn a_member_who_changes_a_proposed_groups_members_is_named_by_the_audit() {
    use crate::audit::{COORD, EVE, Repo};
    let mut repo = Repo::new();
    let proposed =
        "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"eve\"]\nstatus = \"proposed\"\n";
    repo.change(
        COORD,
        "pairs/mo--group/pair.toml",
        proposed,
        Some("2026-02-01"),
    );
    let edited_by_coordinator = repo.change(
        COORD,
        "pairs/mo--group/pair.toml",
        &proposed.replace("\"eve\"]", "\"eve\", \"a1\"]"),
        Some("2026-02-02"),
    );
    let added_by_member = repo.change(
        EVE,
        "pairs/mo--group/pair.toml",
        &proposed.replace("\"eve\"]", "\"eve\", \"a1\", \"max\"]"),
        Some("2026-02-03"),
    );
    let (_, findings) = repo.audit(&[]);
    let a006 = |commit: &str| {
        findings.iter().any(|d| {
            d["code"] == "A006" && d["message"].as_str().unwrap_or_default().contains(commit)
        })
    };
    assert!(a006(&added_by_member), "{findings:#?}");
    assert!(!a006(&edited_by_coordinator), "{findings:#?}");
}

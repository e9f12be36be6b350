//! Subject access and erasure under attack: run from anywhere, fed by
//! participants' own files and commits.

use crate::privacy::{COORDINATOR, EMMA, commit_all, example_in_git, export, mentioning, paths};
use crate::support::{assert_exit, command_in, git, repo_path};

/// `mentor ARGS` run from the programme's `people` folder (mentor finds
/// the programme upward), as the coordinators' identity.
fn from_people_folder(f: &crate::support::Fixture, args: &[&str]) -> std::process::Output {
    command_in(&f.path().join("people"), args)
        .env(
            "MENTOR_IDENTITY",
            repo_path("examples/keys/coordinator.txt"),
        )
        .output()
        .expect("run mentor")
}

#[test]
fn subject_access_gives_the_same_records_from_any_folder() {
    let f = example_in_git();
    let out_dir = f.path().join("../sar-from-people");
    let out = from_people_folder(
        &f,
        &[
            "person",
            "export",
            "ana-silva",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_exit(&out, 0);
    let json = std::fs::read_to_string(out_dir.join("ana-silva-subject-access.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut found = paths(&doc);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "pairs/ana-silva--priya-shah/assessment.yaml",
            "pairs/ana-silva--priya-shah/feedback.yaml",
            "pairs/ana-silva--priya-shah/goals.yaml",
            "pairs/ana-silva--priya-shah/log.yaml",
            "pairs/ana-silva--priya-shah/pair.toml",
            "pairs/ana-silva--priya-shah/surveys.yaml",
            "people/ana-silva.toml",
        ],
        "her file and her pair's files, as from the programme's folder"
    );
    assert!(
        !doc["withheld"].as_array().unwrap().is_empty(),
        "Priya's ratings are listed as withheld"
    );
}

#[test]
fn an_erasure_run_from_another_folder_moves_the_pair_and_leaves_no_mention() {
    let f = example_in_git();
    let out = from_people_folder(
        &f,
        &[
            "person",
            "erase",
            "emma-novak",
            "--by",
            "r.alvarez@westbridge.ac.uk",
        ],
    );
    assert_exit(&out, 0);
    assert_eq!(
        mentioning(&f, &EMMA),
        Vec::<String>::new(),
        "no file names her"
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("--path 'pairs/emma-novak--helen-wright/log.yaml'"),
        "{said}"
    );
}

#[test]
fn hidden_partners_are_named_neither_by_their_git_identity_nor_by_a_reminder() {
    let f = example_in_git();
    let programme = f.read("programme.toml").replace(
        "[privacy]\nseal = true",
        "[privacy]\nseal = true\nname_partners = false",
    );
    f.write("programme.toml", &programme);
    commit_all(&f, "hide partners", COORDINATOR, "2026-01-11T09:00:00Z");
    // Priya commits with her everyday git identity, not the programme's.
    let goals = f
        .read("pairs/ana-silva--priya-shah/goals.yaml")
        .replace("Two working sessions", "Three working sessions");
    f.write("pairs/ana-silva--priya-shah/goals.yaml", &goals);
    let priya = ("pshah-westbridge", "priya.shah@example.org");
    commit_all(&f, "goals", priya, "2026-01-12T09:00:00Z");
    f.write(
        ".mentor/reminders-sent.tsv",
        "2026-01-10\ta.silva@westbridge.ac.uk\tpair-stalled:ana-silva--priya-shah\n",
    );
    let (doc, markdown) = export(&f, "ana-silva", "ana-silva");
    let whole = doc.to_string() + &markdown;
    for partner in ["priya-shah", "pshah-westbridge", "priya.shah@example.org"] {
        assert!(!whole.contains(partner), "{partner} named");
    }
    assert_eq!(doc["reminders"].as_array().unwrap().len(), 1);
    let authors: Vec<&str> = doc["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert!(authors.contains(&"Ana Silva") && authors.contains(&"Rosa Alvarez"));
}

#[test]
fn an_erasure_never_rewrites_someone_whose_name_the_person_claimed() {
    let f = example_in_git();
    let chloe = ("Chloe Martin", "c.martin@westbridge.ac.uk");
    let profile = f.read("people/chloe-martin.toml");
    let claimed = profile.replace("name = \"Chloe Martin\"", "name = \"Helen Wright\"");
    f.write("people/chloe-martin.toml", &claimed);
    commit_all(&f, "my profile", chloe, "2026-01-12T09:00:00Z");
    let helen = f.read("people/helen-wright.toml");
    let refused = |f: &crate::support::Fixture| {
        let out = f.mentor(&["person", "erase", "chloe-martin", "--by", COORDINATOR.1]);
        assert_exit(&out, 2);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("`helen-wright`"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(f.read("people/helen-wright.toml"), helen);
        assert!(f.path().join("people/chloe-martin.toml").exists());
    };
    refused(&f);
    // Put back, the claim is still in history, where filter-repo would
    // replace Helen's name in every commit.
    f.write("people/chloe-martin.toml", &profile);
    commit_all(&f, "my profile again", chloe, "2026-01-13T09:00:00Z");
    refused(&f);
}

#[test]
fn a_name_once_in_history_adds_no_rule_to_the_history_rewrite() {
    let f = example_in_git();
    let lucia = ("Lucía Fernández", "l.fernandez@westbridge.ac.uk");
    let profile = f.read("people/lucia-fernandez.yaml");
    let planted = profile.replace(
        "name: Lucía Fernández",
        "name: \"Lucía Fernández\\nregex:[a-z]\"\naliases: [\"l.f@westbridge.ac.uk> <r.alvarez@westbridge.ac.uk\"]",
    );
    assert_ne!(planted, profile);
    f.write("people/lucia-fernandez.yaml", &planted);
    commit_all(&f, "my name", lucia, "2026-01-12T09:00:00Z");
    f.write("people/lucia-fernandez.yaml", &profile);
    commit_all(&f, "my name back", lucia, "2026-01-13T09:00:00Z");
    let out = f.mentor(&["person", "erase", "lucia-fernandez", "--by", COORDINATOR.1]);
    assert_exit(&out, 0);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("remove it by hand"), "{said}");
    let kept = |ending: &str| {
        let folder = f.path().join(".git/mentor/erasures");
        std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(ending))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect::<String>()
    };
    let replacements = kept(".replacements");
    assert!(replacements.contains("literal:Lucía Fernández==>"));
    assert!(
        replacements.lines().all(|l| l.starts_with("literal:")),
        "{replacements}"
    );
    let mailmap = kept(".mailmap");
    assert!(!mailmap.contains("r.alvarez"), "{mailmap}");
}

#[test]
fn verify_finds_the_name_in_another_case_or_unicode_form() {
    for message in [
        "Thanks LUCÍA FERNÁNDEZ",
        "Thanks Luci\u{301}a Ferna\u{301}ndez",
    ] {
        let f = example_in_git();
        crate::privacy::erase(&f, "lucia-fernandez");
        // The history as a clean rewrite leaves it: one commit of the tree.
        let coordinator = COORDINATOR;
        let when = "2026-09-01T09:00:00Z";
        git(
            f.path(),
            &["checkout", "-q", "--orphan", "clean"],
            coordinator,
            when,
        );
        commit_all(&f, "erased", coordinator, when);
        git(f.path(), &["branch", "-D", "main"], coordinator, when);
        git(
            f.path(),
            &["reflog", "expire", "--expire=now", "--all"],
            coordinator,
            when,
        );
        git(f.path(), &["gc", "-q", "--prune=now"], coordinator, when);
        f.write("notes.txt", "x\n");
        commit_all(&f, message, coordinator, when);
        let verify = f.mentor(&["person", "erase", "--verify", "lucia-fernandez"]);
        assert_exit(&verify, 1);
        assert!(String::from_utf8_lossy(&verify.stdout).contains("commit"));
    }
}

#[test]
fn an_erasure_leaves_no_mention_in_the_codeowners_mentor_wrote() {
    let f = example_in_git();
    let programme = f.read("programme.toml").replace(
        "[coordinator]",
        "[coordinator]\ngithub = [\"rosa-alvarez\"]",
    );
    f.write("programme.toml", &programme);
    let emma = f.read("people/emma-novak.toml").replace(
        "name = \"Emma Novak\"",
        "name = \"Emma Novak\"\ngithub = \"enovak\"",
    );
    f.write("people/emma-novak.toml", &emma);
    assert_exit(&f.mentor(&["codeowners"]), 0);
    assert!(f.read(".github/CODEOWNERS").contains("@enovak"));
    commit_all(&f, "owners", COORDINATOR, "2026-01-12T09:00:00Z");
    crate::privacy::erase(&f, "emma-novak");
    let mut names = EMMA.to_vec();
    names.push("enovak");
    assert_eq!(
        mentioning(&f, &names),
        Vec::<String>::new(),
        "no file names her"
    );
    assert_exit(&f.mentor(&["codeowners", "--check"]), 0);
}

//! Subject access and erasure under attack: run from anywhere, fed by
//! participants' own files and commits.

use crate::privacy::{EMMA, example_in_git, mentioning, paths};
use crate::support::{assert_exit, command_in, repo_path};

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

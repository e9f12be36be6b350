//! `mentor log` and `mentor new`: records added without disturbing the file,
//! and nothing written that would not validate.

use crate::support::{Fixture, assert_exit, stderr, stdout};

const LOG: &str = "pairs/ed--mo/log.yaml";

#[test]
fn log_appends_a_meeting_keeping_comments_and_layout() {
    let f = Fixture::base();
    let original = "# Ed and Mo's log\nmeetings:\n  - date: 2026-02-01 # kick-off\n    minutes: 60\n    mode: video\n    goals: [g1]\n";
    f.write(LOG, original);
    let out = f.mentor(&[
        "log",
        "ed--mo",
        "--date",
        "2026-03-10",
        "--minutes",
        "45",
        "--mode",
        "video",
        "--goals",
        "g1",
        "--topic",
        "Forecast: \"draft 2\"",
    ]);
    assert_exit(&out, 0);
    let text = f.read(LOG);
    assert!(
        text.starts_with(original),
        "existing text untouched:\n{text}"
    );
    assert_eq!(
        &text[original.len()..],
        "  - date: 2026-03-10\n    minutes: 45\n    mode: video\n    goals: [g1]\n    topics: [\"Forecast: \\\"draft 2\\\"\"]\n"
    );
    let (code, findings) = f.validate();
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

#[test]
fn log_refuses_what_would_not_validate_and_leaves_the_file_alone() {
    let f = Fixture::base();
    let before = f.read(LOG);
    let unknown_goal = f.run("log ed--mo --date 2026-03-10 --minutes 30 --goals g9");
    assert_exit(&unknown_goal, 2);
    assert!(
        stderr(&unknown_goal).contains("E022"),
        "{}",
        stderr(&unknown_goal)
    );
    let future = f.run("log ed--mo --date 2099-01-01 --minutes 30");
    assert_exit(&future, 2);
    assert!(stderr(&future).contains("E038"), "{}", stderr(&future));
    assert_eq!(f.read(LOG), before);
    let missing = f.mentor(&["log", "no-such-pair", "--minutes", "30"]);
    assert_exit(&missing, 2);
}

#[test]
fn log_appends_to_a_toml_log_too() {
    let f = Fixture::base();
    f.remove(LOG);
    f.write(
        "pairs/ed--mo/log.toml",
        "# TOML log\n[[meetings]]\ndate = 2026-02-01\nminutes = 60\n",
    );
    let out = f.run("new meeting ed--mo --date 2026-03-02 --minutes 30 --mode phone");
    assert_exit(&out, 0);
    let text = f.read("pairs/ed--mo/log.toml");
    assert!(
        text.starts_with("# TOML log\n[[meetings]]\ndate = 2026-02-01\n"),
        "{text}"
    );
    assert!(
        text.contains("[[meetings]]\ndate = 2026-03-02\nminutes = 30\nmode = \"phone\""),
        "{text}"
    );
    assert_eq!(f.validate().0, 0);
}

#[test]
fn new_person_pair_and_goal_create_records_that_validate() {
    let f = Fixture::base();
    let person = f.mentor(&[
        "new",
        "person",
        "zoe-ng",
        "--name",
        "Zoë Ng",
        "--role",
        "mentor",
        "--email",
        "zoe@example.org",
    ]);
    assert_exit(&person, 0);
    let text = f.read("people/zoe-ng.toml");
    assert!(
        text.contains("name = \"Zoë Ng\"") && text.contains("role = \"mentor\""),
        "{text}"
    );
    let again = f.run("new person zoe-ng --name Z --role mentor");
    assert_exit(&again, 2);
    assert_eq!(f.read("people/zoe-ng.toml"), text, "never overwritten");

    let pair = f.mentor(&["new", "pair", "eve", "max"]);
    assert_exit(&pair, 0);
    assert!(
        f.read("pairs/eve--max/pair.toml")
            .contains("status = \"proposed\"")
    );

    let goal = f.mentor(&[
        "new",
        "goal",
        "ed--mo",
        "--id",
        "g2",
        "--specific",
        "Present the budget to the team",
        "--measurable",
        "Presentation given; two questions answered",
        "--achievable",
        "Mo rehearses it with me",
        "--relevant",
        "budgeting",
        "--due",
        "2026-09-30",
    ]);
    assert_exit(&goal, 0);
    assert!(
        f.read("pairs/ed--mo/goals.yaml")
            .contains("  - id: g2\n    specific: \"Present the budget to the team\"\n"),
        "{}",
        f.read("pairs/ed--mo/goals.yaml")
    );
    let (code, findings) = f.validate();
    assert_eq!(code, 0, "{findings:?}");
    assert!(stdout(&goal).contains("Added goal `g2`"));
}

#[test]
fn new_goal_refuses_a_goal_that_is_not_smart() {
    let f = Fixture::base();
    let before = f.read("pairs/ed--mo/goals.yaml");
    let out = f.mentor(&[
        "new",
        "goal",
        "ed--mo",
        "--id",
        "g2",
        "--specific",
        "Do better",
        "--measurable",
        "TBD",
        "--achievable",
        "Yes, with help",
        "--relevant",
        "budgeting",
        "--due",
        "2026-09-30",
    ]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("E051"), "{}", stderr(&out));
    assert_eq!(f.read("pairs/ed--mo/goals.yaml"), before);
}

/// A goal the pair is still writing is saved as a draft with the parts it
/// has; CI passes with warnings until it leaves draft, then fails.
#[test]
fn a_draft_goal_is_saved_incomplete_and_fails_only_once_it_leaves_draft() {
    let f = Fixture::base();
    let out = f.mentor(&[
        "new",
        "goal",
        "ed--mo",
        "--id",
        "g2",
        "--specific",
        "Present the budget to the team",
        "--draft",
    ]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Added draft goal `g2`"),
        "{}",
        stdout(&out)
    );
    let goals = f.read("pairs/ed--mo/goals.yaml");
    assert!(goals.contains("    status: draft\n"), "{goals}");
    let (code, findings) = f.validate();
    assert_eq!(code, 0, "{findings:?}");
    let drafts: Vec<_> = findings.iter().filter(|d| d.code == "W021").collect();
    // measurable, achievable, relevant and due are missing.
    assert_eq!(drafts.len(), 4, "{findings:?}");
    assert!(
        drafts
            .iter()
            .all(|d| d.message.starts_with("draft goal `g2`"))
    );

    f.write(
        "pairs/ed--mo/goals.yaml",
        &goals.replace("status: draft", "status: in-progress"),
    );
    let (code, findings) = f.validate();
    assert_eq!(code, 1, "{findings:?}");
    let errors: Vec<&str> = findings
        .iter()
        .filter(|d| d.code.starts_with("E05"))
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(errors, ["E051", "E052", "E053", "E054"], "{findings:?}");

    // Without --draft, the four parts and the due date are required.
    let out = f.mentor(&["new", "goal", "ed--mo", "--id", "g3", "--specific", "x"]);
    assert_exit(&out, 2);
}

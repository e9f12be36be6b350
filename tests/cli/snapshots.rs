//! What people read, pinned: the human outputs of validate, report and match
//! on the example programme. A change to any of them shows as a diff in
//! review (`cargo insta review` to accept one).

use crate::support::{AS_OF, Fixture, assert_exit, stdout};

fn example() -> Fixture {
    Fixture::copy_of("examples/university")
}

fn run(fixture: &Fixture, args: &[&str], exit: i32) -> String {
    let out = fixture.mentor(args);
    assert_exit(&out, exit);
    stdout(&out)
}

#[test]
fn validate_human_on_the_example() {
    let text = run(&example(), &["validate", "--as-of", AS_OF], 0);
    insta::assert_snapshot!(text);
}

#[test]
fn validate_human_on_a_broken_file() {
    let f = Fixture::base();
    f.write(
        "people/mo.toml",
        "name = \"Mo\"\nrole = \"mentr\"\ntrained_on = 2025-12-01\nmanagr = \"boss\"\n",
    );
    let text = run(&f, &["validate", "--as-of", AS_OF], 1);
    insta::assert_snapshot!(text);
}

#[test]
fn report_table_on_the_example() {
    let text = run(&example(), &["report", "--as-of", AS_OF], 0);
    insta::assert_snapshot!(text);
}

#[test]
fn report_pair_timeline_on_the_example() {
    let text = run(
        &example(),
        &[
            "report",
            "--as-of",
            AS_OF,
            "--pair",
            "ana-silva--priya-shah",
        ],
        0,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn match_table_on_the_example() {
    let text = run(&example(), &["match", "--as-of", AS_OF], 0);
    insta::assert_snapshot!(text);
}

#[test]
fn match_explain_on_the_example() {
    let text = run(
        &example(),
        &["match", "--as-of", AS_OF, "--explain", "george-kim"],
        0,
    );
    insta::assert_snapshot!(text);
}

//! What people read, pinned: the human outputs of validate, report and match
//! on the example programme. A change to any of them shows as a diff in
//! review (`cargo insta review` to accept one).

use crate::support::{AS_OF, Fixture, assert_exit, stdout};

/// `mentor ARGS --as-of AS_OF` on the example programme exits with `exit`;
/// its standard output is the snapshot named after the test.
macro_rules! example_snapshot {
    ($( $test:ident: [$($arg:literal),*] => $exit:literal, )*) => {
        $(
            #[test]
            fn $test() {
                let example = Fixture::example();
                let out = example.mentor(&[$($arg,)* "--as-of", AS_OF]);
                assert_exit(&out, $exit);
                insta::assert_snapshot!(stdout(&out));
            }
        )*
    };
}

example_snapshot! {
    validate_human_on_the_example: ["validate"] => 0,
    report_table_on_the_example: ["report"] => 0,
    report_pair_timeline_on_the_example: ["report", "--pair", "ana-silva--priya-shah"] => 0,
    match_table_on_the_example: ["match"] => 0,
    match_explain_on_the_example: ["match", "--explain", "george-kim"] => 0,
}

#[test]
fn validate_human_on_a_broken_file() {
    let f = Fixture::base();
    f.write(
        "people/mo.toml",
        "name = \"Mo\"\nrole = \"mentr\"\ntrained_on = 2025-12-01\nmanagr = \"boss\"\n",
    );
    let out = f.mentor(&["validate", "--as-of", AS_OF]);
    assert_exit(&out, 1);
    insta::assert_snapshot!(stdout(&out));
}

//! `mentor import survey --map QUESTION=COLUMN` (#28): a Forms export whose
//! headers are neither the questions' ids nor their text is read through
//! the map; a map that names no question or no column writes nothing and
//! lists the ones there are.

use crate::support::{assert_exit, stderr, stdout};
use crate::surveys::fixture;

/// Ed and Mo's day-30 match-quality answers under headers of the form's own.
const EXPORT: &str = "Email address,Rate your match (1-5),Other remarks\ned@example.org,3,better now\nmo@example.org,4,\n";

fn import(f: &crate::support::Fixture, map: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        "survey",
        "mq",
        "export.csv",
        "--as-of",
        "2026-03-16",
    ];
    for m in map {
        args.extend(["--map", m]);
    }
    f.mentor(&args)
}

#[test]
fn a_map_reads_columns_whose_headers_are_not_the_questions() {
    let f = fixture();
    f.write("export.csv", EXPORT);
    // Without the map the required score has no column: nothing is written.
    let unmapped = import(&f, &[]);
    assert_exit(&unmapped, 1);
    assert!(!f.path().join("pairs/ed--mo/surveys.yaml").exists());

    let out = import(
        &f,
        &["score=Rate your match (1-5)", "comment=other remarks"],
    );
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Recorded the answers of 2 people to survey `mq`"),
        "{}",
        stdout(&out)
    );
    assert!(!stderr(&out).contains("I041"), "{}", stderr(&out));
    let results = stdout(&f.mentor(&["survey", "results", "mq", "--as-of", "2026-03-16"]));
    assert!(results.contains("n = 2\n    mean 3.50"), "{results}");
    let (exit, _) = f.validate();
    assert_eq!(exit, 0);
}

#[test]
fn a_map_naming_an_unknown_question_or_column_writes_nothing_and_lists_the_known_ones() {
    let f = fixture();
    f.write("export.csv", EXPORT);
    let out = import(&f, &["scor=Rate your match (1-5)", "comment=Remarks"]);
    assert_exit(&out, 1);
    let said = stderr(&out);
    assert!(said.contains("I036"), "{said}");
    assert!(
        said.contains("its questions are `score`, `comment`"),
        "{said}"
    );
    assert!(said.contains("I037"), "{said}");
    assert!(
        said.contains("its columns are `Email address`, `Rate your match (1-5)`, `Other remarks`"),
        "{said}"
    );
    assert!(
        stdout(&out).contains("Nothing imported"),
        "{}",
        stdout(&out)
    );
    assert!(!f.path().join("pairs/ed--mo/surveys.yaml").exists());
    let malformed = f.mentor(&["import", "survey", "mq", "export.csv", "--map", "score"]);
    assert_exit(&malformed, 2);
    assert!(
        stderr(&malformed).contains("QUESTION=COLUMN"),
        "{}",
        stderr(&malformed)
    );
}

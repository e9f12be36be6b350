//! The README keeps step with the code.

use crate::support::repo_path;

fn readme() -> String {
    std::fs::read_to_string(repo_path("README.md")).expect("README.md")
}

#[test]
fn readme_documents_every_diagnostic_code() {
    let text = readme();
    let missing: Vec<String> = mentor::diagnostic::Code::ALL
        .iter()
        .map(|c| format!("| `{}` | `{}` |", c.id(), c.name()))
        .filter(|row| !text.contains(row.as_str()))
        .collect();
    assert!(missing.is_empty(), "README lacks: {missing:?}");
}

#[test]
fn readme_lists_every_indicator() {
    let text = readme();
    let dir = crate::support::Fixture::copy_of("examples/university");
    let ws = mentor::load::load(dir.path()).expect("load");
    let as_of = mentor::decode::parse_date("2026-03-16").expect("date");
    let figures =
        mentor::indicators::figures(&ws, mentor::indicators::Period::new(&ws, None, None, as_of));
    let missing: Vec<&str> = figures
        .indicators
        .iter()
        .map(|i| i.id)
        .filter(|id| !text.contains(&format!("`{id}`")))
        .collect();
    assert!(missing.is_empty(), "README lacks indicators: {missing:?}");
}

#[test]
fn readme_shows_the_test_command_ci_runs() {
    let ci = std::fs::read_to_string(repo_path(".ci/run")).expect(".ci/run");
    assert!(readme().contains("cargo test --locked"));
    assert!(ci.contains("cargo test --locked"));
}

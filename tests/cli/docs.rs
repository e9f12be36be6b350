//! The README and the reference keep step with the code.

use crate::support::repo_path;

fn readme() -> String {
    std::fs::read_to_string(repo_path("README.md")).expect("README.md")
}

/// The reference: every field, code and indicator is documented there.
fn reference() -> String {
    std::fs::read_to_string(repo_path("docs/reference.md")).expect("docs/reference.md")
}

#[test]
fn the_reference_documents_every_diagnostic_code() {
    let text = reference();
    let missing: Vec<String> = mentor::diagnostic::Code::ALL
        .iter()
        .map(|c| format!("| `{}` | `{}` |", c.id(), c.name()))
        .filter(|row| !text.contains(row.as_str()))
        .collect();
    assert!(missing.is_empty(), "docs/reference.md lacks: {missing:?}");
}

#[test]
fn the_reference_lists_every_indicator() {
    let text = reference();
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
    assert!(
        missing.is_empty(),
        "docs/reference.md lacks indicators: {missing:?}"
    );
}

#[test]
fn readme_shows_the_test_command_ci_runs() {
    let ci = std::fs::read_to_string(repo_path(".ci/run")).expect(".ci/run");
    assert!(readme().contains("cargo test --locked"));
    assert!(ci.contains("cargo test --locked"));
}

/// Every test SECURITY.md names behind a promise exists, in the file (or
/// module) it names: a promise whose test was renamed or deleted is no
/// longer backed by anything.
#[test]
fn security_names_only_tests_that_exist() {
    let text = std::fs::read_to_string(repo_path("SECURITY.md")).expect("SECURITY.md");
    let sources = |dir: &str| -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut stack = vec![repo_path(dir)];
        while let Some(path) = stack.pop() {
            for entry in std::fs::read_dir(&path).expect("read dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                    found.push((stem, std::fs::read_to_string(&path).expect("read")));
                }
            }
        }
        found
    };
    let files: Vec<(String, String)> = [sources("src"), sources("tests")].concat();
    let named: Vec<&str> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| {
            let name = t.rsplit("::").next().unwrap_or(t);
            name.matches('_').count() >= 3
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':')
        })
        .collect();
    assert!(named.len() > 30, "SECURITY.md names its tests: {named:?}");
    let missing: Vec<&&str> = named
        .iter()
        .filter(|t| {
            let mut parts = t.rsplit("::");
            let name = parts.next().unwrap_or_default();
            let module = parts.next();
            !files.iter().any(|(stem, body)| {
                module.is_none_or(|m| m == stem) && body.contains(&format!("fn {name}("))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "SECURITY.md names tests that do not exist: {missing:?}"
    );
}

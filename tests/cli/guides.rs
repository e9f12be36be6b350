//! The guides are run, not only read: every `sh` block of a guide is a step
//! of one script, run in order with the built `mentor` first on `PATH`, in
//! a scratch folder holding a copy of `examples/`. A guide that shows a
//! command `mentor` refuses, or a flag it no longer has, fails here.
//! Blocks meant only to be read are written as `text`.

use std::path::Path;
use std::process::Command;

use crate::support::{copy_tree, repo_path};

/// The coordinator of the example programme, who commits its year.
const ROSA: (&str, &str) = ("Rosa Alvarez", "r.alvarez@westbridge.ac.uk");

/// The `sh` blocks of a Markdown guide, in order.
fn shell_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim_start() == "```sh" => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start() == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a ```sh block is never closed");
    blocks
}

/// Run a guide's blocks as one script (`set -eu`, each command echoed), and
/// return the scratch folder for further checks.
fn run_guide(guide: &str) -> tempfile::TempDir {
    let markdown = std::fs::read_to_string(repo_path(guide)).expect("the guide");
    let blocks = shell_blocks(&markdown);
    assert!(!blocks.is_empty(), "{guide} has no sh block to run");
    let script = format!("set -eux\n{}", blocks.join(""));
    let scratch = tempfile::tempdir().expect("scratch folder");
    copy_tree(&repo_path("examples"), &scratch.path().join("examples"));
    let bin = Path::new(env!("CARGO_BIN_EXE_mentor"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(scratch.path())
        .env("PATH", path)
        .env("HOME", scratch.path())
        .env("NO_COLOR", "1")
        .env_remove("MENTOR_IDENTITY")
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", ROSA.0)
        .env("GIT_AUTHOR_EMAIL", ROSA.1)
        .env("GIT_COMMITTER_NAME", ROSA.0)
        .env("GIT_COMMITTER_EMAIL", ROSA.1)
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "a step of {guide} failed (the failing command is the last one echoed):\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    scratch
}

#[test]
fn every_command_of_the_coordinators_guide_runs() {
    let scratch = run_guide("docs/coordinator-guide.md");
    // The steps did what the guide says they do.
    let year = scratch.path().join("year");
    let pair = std::fs::read_to_string(year.join("pairs/george-kim--lucia-fernandez/pair.toml"))
        .expect("the started pair");
    assert!(
        pair.contains("status = \"active\"") && pair.contains("ends = "),
        "{pair}"
    );
    assert!(year.join("hr/indicators.csv").is_file());
    assert!(year.join("recognition/helen-wright.html").is_file());
    let concerns = std::fs::read_to_string(year.join("pairs/dev-patel--tom-okafor/concerns.yaml"))
        .expect("the concerns log");
    assert!(
        concerns.contains("BEGIN AGE ENCRYPTED FILE") && !concerns.contains("cancelled"),
        "a concern is sealed as it is written: {concerns}"
    );
}

#[test]
fn every_command_of_the_participants_guide_runs() {
    run_guide("docs/participant-guide.md");
}

#[test]
fn a_block_is_read_whole_and_in_order() {
    let blocks = shell_blocks("text\n```sh\na\nb\n```\n```text\nc\n```\n```sh\nd\n```\n");
    assert_eq!(blocks, vec!["a\nb\n".to_string(), "d\n".to_string()]);
}

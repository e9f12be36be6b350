//! The README's guarantees, each tried the way a hostile or unlucky user
//! would: concurrent writers, `kill -9` at any moment, links, huge files,
//! absurd values, output paths, control characters.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

const LOG: &str = "pairs/ed--mo/log.yaml";

fn mentor_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentor"));
    command.args(args).current_dir(dir);
    command
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn concurrent_log_runs_keep_every_meeting() {
    let f = Fixture::base();
    let runs = 50;
    let children: Vec<_> = (0..runs)
        .map(|i| {
            let topic = format!("--topic=run {i}");
            mentor_command(
                f.path(),
                &[
                    "log",
                    "ed--mo",
                    "--date",
                    "2026-03-10",
                    "--minutes",
                    "30",
                    &topic,
                ],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let log = f.read(LOG);
    let kept = (0..runs)
        .filter(|i| log.contains(&format!("\"run {i}\"")))
        .count();
    assert_eq!(kept, runs, "every concurrent meeting is in the log:\n{log}");
    assert_eq!(f.validate().0, 0);
}

/// A programme with many waiting mentees, so `match --write` writes long
/// enough to be interrupted in the middle.
fn crowded() -> Fixture {
    let f = Fixture::base();
    for i in 0..120 {
        f.write(
            &format!("people/mentor-{i:03}.toml"),
            "name = \"M\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nlanguages = [\"en\"]\nmodes = [\"virtual\"]\n",
        );
        f.write(
            &format!("people/mentee-{i:03}.toml"),
            "name = \"E\"\nrole = \"mentee\"\ngroup = \"staff\"\nlanguages = [\"en\"]\nmodes = [\"virtual\"]\n",
        );
    }
    f
}

/// A pair folder is whole: its pair.toml, goals.yaml and log.yaml.
fn partial_pair_folders(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root.join("pairs"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|dir| {
            !["pair.toml", "goals.yaml", "log.yaml"]
                .iter()
                .all(|name| dir.join(name).is_file())
        })
        .collect()
}

#[test]
fn kill_9_during_match_write_leaves_no_partial_pair_and_no_temporary_file() {
    let reference = crowded();
    let started = Instant::now();
    assert_exit(
        &reference.mentor(&["match", "--write", "--as-of", AS_OF]),
        0,
    );
    let full_run = started.elapsed();
    let expected_pairs = std::fs::read_dir(reference.path().join("pairs"))
        .unwrap()
        .count();

    let mut interrupted = 0;
    for run in 0..24u32 {
        let f = crowded();
        let mut child = mentor_command(f.path(), &["match", "--write", "--as-of", AS_OF])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the whole run, from start-up to the last rename.
        let delay = full_run.mul_f64(f64::from(run) / 24.0);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        interrupted += usize::from(!status.success());

        // At once, before any recovery: no half-made pair folder, and no
        // temporary file among the records (only under .mentor/).
        assert_eq!(
            partial_pair_folders(f.path()),
            Vec::<PathBuf>::new(),
            "run {run}"
        );
        let stray: Vec<String> = files_under(f.path())
            .into_iter()
            .filter(|p| !p.starts_with(".mentor/") && p.contains(".tmp"))
            .collect();
        assert_eq!(stray, Vec::<String>::new(), "run {run}");

        // The next command finishes or undoes the change; the result validates.
        let (exit, findings) = f.validate();
        assert_eq!(exit, 0, "run {run}: {findings:?}");
        let pairs = std::fs::read_dir(f.path().join("pairs")).unwrap().count();
        assert!(
            pairs == 1 || pairs == expected_pairs,
            "run {run}: all proposals or none, got {pairs} of {expected_pairs} folders"
        );
        let left: Vec<String> = files_under(&f.path().join(".mentor"))
            .into_iter()
            .filter(|p| p != "lock")
            .collect();
        assert_eq!(left, Vec::<String>::new(), "run {run}: recovery cleans up");
    }
    assert!(interrupted > 0, "some runs were killed mid-way");
}

#[test]
fn a_rewrite_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::base();
    let log = f.path().join(LOG);
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_exit(
        &f.mentor(&["log", "ed--mo", "--date", "2026-03-10", "--minutes", "30"]),
        0,
    );
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[allow(dead_code)]
fn wait_until(deadline: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[allow(dead_code)]
fn unused(out: &std::process::Output) -> (String, String) {
    (stdout(out), stderr(out))
}

#[test]
fn ids_from_the_command_line_are_checked_and_values_are_quoted() {
    let parent = tempfile::tempdir().unwrap();
    let example = parent.path().join("w");
    crate::support::copy_tree(&crate::support::repo_path("examples/university"), &example);
    let before = files_under(parent.path());
    for args in [
        &["new", "pair", "-C", "w", "../../outside/evil", "priya-shah"][..],
        &["new", "pair", "-C", "w", "sub/ghost", "priya-shah"],
        &[
            "new",
            "goal",
            "-C",
            "w",
            "ana-silva--priya-shah",
            "--id",
            "../g",
            "--specific",
            "s",
            "--measurable",
            "m",
            "--achievable",
            "a",
            "--relevant",
            "budgeting",
            "--due",
            "2026-06-01",
        ],
        &[
            "log",
            "-C",
            "w",
            "../ana-silva--priya-shah",
            "--minutes",
            "30",
        ],
        &[
            "log",
            "-C",
            "w",
            "ana-silva--priya-shah",
            "--minutes",
            "30",
            "--goals",
            "g1,private_notes: leaked",
        ],
    ] {
        let out = crate::support::mentor_in(parent.path(), args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("cannot serve as an id"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        files_under(parent.path()),
        before,
        "nothing written anywhere"
    );

    // Text from the command line is written as that text and nothing more.
    let topic = "Budget: \"Q3\"\u{7f} - private_notes: no\nnext line";
    let out = crate::support::mentor_in(
        parent.path(),
        &[
            "log",
            "-C",
            "w",
            "ana-silva--priya-shah",
            "--date",
            "2026-03-10",
            "--minutes",
            "30",
            "--topic",
            topic,
        ],
    );
    assert_exit(&out, 0);
    let out = crate::support::mentor_in(
        parent.path(),
        &[
            "report",
            "w",
            "--as-of",
            AS_OF,
            "--pair",
            "ana-silva--priya-shah",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let meeting = doc["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["date"] == "2026-03-10")
        .unwrap();
    assert_eq!(meeting["topics"], serde_json::json!([topic]));
    let log =
        std::fs::read_to_string(example.join("pairs/ana-silva--priya-shah/log.yaml")).unwrap();
    assert!(
        !log.lines()
            .any(|l| l.trim_start().starts_with("private_notes: no")),
        "{log}"
    );
}

//! A fixture builder: copy a programme into a temporary directory, patch
//! files, run `mentor` on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const AS_OF: &str = "2026-03-16";

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    /// `MENTOR_IDENTITY` for every run, when set.
    pub identity: Option<PathBuf>,
}

impl Fixture {
    /// A copy of a programme directory from the repository.
    pub fn copy_of(relative: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo_path(relative), dir.path());
        Self {
            dir,
            identity: None,
        }
    }

    /// The example programme, run with its coordinator's identity (from
    /// examples/keys) so sealed ratings and avoid lists are read.
    pub fn example() -> Self {
        Self {
            identity: Some(repo_path("examples/keys/coordinator.txt")),
            ..Self::copy_of("examples/university")
        }
    }

    /// The small valid programme under tests/fixtures/base.
    pub fn base() -> Self {
        Self::copy_of("tests/fixtures/base")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: &str) -> &Self {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write fixture file");
        self
    }

    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.path().join(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("remove dir");
        } else {
            std::fs::remove_file(path).expect("remove file");
        }
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).expect("read fixture file")
    }

    /// Run mentor in the fixture directory with the arguments of a command
    /// line, split at spaces (for arguments without spaces of their own).
    pub fn run(&self, line: &str) -> Output {
        self.mentor(&line.split_whitespace().collect::<Vec<_>>())
    }

    /// Run mentor in the fixture directory.
    pub fn mentor(&self, args: &[&str]) -> Output {
        match &self.identity {
            Some(identity) => command_in(self.path(), args)
                .env("MENTOR_IDENTITY", identity)
                .output()
                .expect("run mentor"),
            None => mentor_in(self.path(), args),
        }
    }

    /// Run mentor with `input` on its standard input (a private note, a
    /// closure note).
    pub fn mentor_with_input(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut command = command_in(self.path(), args);
        if let Some(identity) = &self.identity {
            command.env("MENTOR_IDENTITY", identity);
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run mentor");
        let written = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        // A command that refuses before it reads its input may exit first:
        // the pipe is then closed, which is its answer, not the test's failure.
        if let Err(error) = written {
            assert_eq!(
                error.kind(),
                std::io::ErrorKind::BrokenPipe,
                "write stdin: {error}"
            );
        }
        child.wait_with_output().expect("mentor ran")
    }

    /// `validate --format json` as of [`AS_OF`]: exit code and findings.
    pub fn validate(&self) -> (i32, Vec<Finding>) {
        findings(&self.mentor(&["validate", "--format", "json", "--as-of", AS_OF]))
    }
}

/// The exit code and findings of a `validate --format json` run.
pub fn findings(out: &Output) -> (i32, Vec<Finding>) {
    let code = out.status.code().unwrap_or(-1);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "validate printed no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = doc["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| Finding {
            code: d["code"].as_str().unwrap_or_default().to_string(),
            path: d["path"].as_str().unwrap_or_default().to_string(),
            line: d["line"].as_u64().unwrap_or(0) as usize,
            column: d["column"].as_u64().unwrap_or(0) as usize,
            message: d["message"].as_str().unwrap_or_default().to_string(),
            help: d["help"].as_str().map(str::to_string),
        })
        .collect();
    (code, findings)
}

pub fn mentor_in(dir: &Path, args: &[&str]) -> Output {
    command_in(dir, args).output().expect("run mentor")
}

/// `mentor ARGS` in `dir`, without colour and without the identity of
/// whoever runs the tests.
pub fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentor"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Keys kept outside a programme land here, not in the tester's home.
        .env("XDG_CONFIG_HOME", config_home())
        .env_remove("MENTOR_PSEUDONYM_KEY")
        .env_remove("MENTOR_IDENTITY")
        .env_remove("MENTOR_IDENTITY_PASSPHRASE");
    command
}

/// The configuration folder every test run of mentor uses.
pub fn config_home() -> PathBuf {
    std::env::temp_dir().join("mentor-tests-config")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Assert how `mentor` exited, showing what it printed when it exited otherwise.
#[track_caller]
pub fn assert_exit(out: &Output, expected: i32) {
    assert_eq!(
        out.status.code(),
        Some(expected),
        "exit status\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The item of the JSON list `doc[list]` whose `key` is `value`.
#[track_caller]
pub fn item<'a>(doc: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    doc[list]
        .as_array()
        .unwrap_or_else(|| panic!("`{list}` is not a list in {doc}"))
        .iter()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("no item of `{list}` has {key} = {value:?}"))
}

/// `git ARGS` in `dir` as `who` (name, email) on `date`, with no user or
/// system configuration: scripted histories for the audit and the year.
pub fn git(dir: &Path, args: &[&str], who: (&str, &str), date: &str) {
    git_output(dir, args, who, date);
}

/// [`git`], and what it printed (trimmed): hashes, trees.
pub fn git_output(dir: &Path, args: &[&str], who: (&str, &str), date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

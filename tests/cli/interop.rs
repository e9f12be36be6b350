//! The gate for interop tests: the few tests that drive a program outside
//! Rust (the `age` CLI, `ssh-keygen`, Chromium, Python, `aiosmtpd`, `curl`)
//! to show mentor works with the real thing.
//!
//! `cargo test --locked` must pass on a machine with only Rust and git, so a
//! missing program skips its test with one notice on the real stderr; under
//! CI (or `MENTOR_INTEROP=1`) a missing program fails the test instead, so
//! an interop test can never silently stop running where it is meant to.
//! Everything else the tests need from outside (keys, an SMTP server) has a
//! Rust stand-in and runs everywhere.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An outside program an interop test drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// The standard `age` CLI (Go), opening and making seals.
    AgeCli,
    /// OpenSSH's `ssh-keygen`, making a passphrase-protected key.
    SshKeygen,
    /// Headless Chromium, rendering the HTML report.
    Chromium,
    /// Python's `html.parser` and `re`, as independent readers.
    Python3,
    /// Python's `aiosmtpd`, a real SMTP server for the reminders.
    Aiosmtpd,
    /// `curl` or `wget`, which install.sh downloads with (curl first).
    Curl,
    /// Poppler's `pdftotext`, reading the printed HTML report page by page.
    Pdftotext,
    /// `git filter-repo` (PyPI `git-filter-repo`), the history rewrite `mentor person erase` prints.
    FilterRepo,
    /// Python's `matching` (PyPI), the reference stable matching.
    PythonMatching,
}

impl Program {
    pub const ALL: [Program; 9] = [
        Program::AgeCli,
        Program::SshKeygen,
        Program::Chromium,
        Program::Python3,
        Program::Aiosmtpd,
        Program::Curl,
        Program::Pdftotext,
        Program::FilterRepo,
        Program::PythonMatching,
    ];

    /// What the notices call it.
    pub fn name(self) -> &'static str {
        match self {
            Program::AgeCli => "age (the age CLI)",
            Program::SshKeygen => "ssh-keygen",
            Program::Chromium => "chromium",
            Program::Python3 => "python3",
            Program::Aiosmtpd => "python3 with aiosmtpd",
            Program::Curl => "curl (or wget)",
            Program::Pdftotext => "pdftotext (poppler-utils)",
            Program::FilterRepo => "git-filter-repo",
            Program::PythonMatching => "python3 with matching",
        }
    }

    /// The Python module the python3 found must import, for the programs
    /// that are one.
    pub fn python_module(self) -> Option<&'static str> {
        match self {
            Program::Aiosmtpd => Some("aiosmtpd"),
            Program::PythonMatching => Some("matching"),
            _ => None,
        }
    }

    /// The executable looked for on PATH (for `Curl`, `wget` will do too).
    pub fn executable(self) -> &'static str {
        match self {
            Program::AgeCli => "age",
            Program::SshKeygen => "ssh-keygen",
            Program::Chromium => "chromium",
            Program::Python3 | Program::Aiosmtpd | Program::PythonMatching => "python3",
            Program::Curl => "curl",
            Program::Pdftotext => "pdftotext",
            Program::FilterRepo => "git-filter-repo",
        }
    }
}

/// What a test that needs a program does.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Run,
    /// The one line printed for the skipped test.
    Skip(String),
    /// The message the test fails with.
    Fail(String),
}

/// The file `name` resolves to on `path` (a PATH value), if it is an
/// executable file there.
pub fn find_on(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        // An empty PATH entry means the current directory to a shell; the
        // tests never rely on that, and counting it would make the result
        // depend on where the test runs.
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|file| is_executable(file))
}

fn is_executable(file: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(file) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

/// Whether `program` can run with `path` as PATH. For aiosmtpd, the python3
/// found there must import it: python3 alone is not enough.
pub fn available(program: Program, path: &OsStr) -> bool {
    let found = find_on(program.executable(), path).or_else(|| match program {
        // install.sh falls back to wget, as a fresh machine may have only that.
        Program::Curl => find_on("wget", path),
        _ => None,
    });
    let Some(executable) = found else {
        return false;
    };
    match program.python_module() {
        Some(module) => Command::new(executable)
            .args(["-c", &format!("import {module}")])
            .env("PATH", path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success()),
        None => true,
    }
}

/// Whether a missing program fails its test: under CI (`CI` set, and not
/// empty, `false` or `0`) or when `MENTOR_INTEROP=1` asks for it.
pub fn strict(ci: Option<&OsStr>, mentor_interop: Option<&OsStr>) -> bool {
    let ci = ci.is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    ci || mentor_interop.is_some_and(|v| v == "1")
}

/// The decision for `test`, which needs `program`, with `path` as PATH.
pub fn decide(program: Program, path: &OsStr, strict: bool, test: &str) -> Decision {
    if available(program, path) {
        Decision::Run
    } else if strict {
        Decision::Fail(format!(
            "{test} needs {}, which is not on PATH; `.ci/run` installs it (a missing interop program fails under CI or MENTOR_INTEROP=1)",
            program.name()
        ))
    } else {
        Decision::Skip(format!(
            "skipped {test}: needs {}, which is not on PATH; `.ci/run` installs it, or set MENTOR_INTEROP=1 to require it",
            program.name()
        ))
    }
}

/// Whether the running test may go on with `program`: true when it is
/// there; false after printing the skip notice; a panic under CI.
#[track_caller]
pub fn need(program: Program) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let strict = strict(
        std::env::var_os("CI").as_deref(),
        std::env::var_os("MENTOR_INTEROP").as_deref(),
    );
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    match decide(program, &path, strict, test) {
        Decision::Run => true,
        Decision::Skip(notice) => {
            // Straight to the process's stderr: libtest captures `eprintln!`
            // and shows it only for failed tests, and a skip must be seen.
            let _ = writeln!(std::io::stderr().lock(), "{notice}");
            false
        }
        Decision::Fail(message) => panic!("{message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder to serve as PATH, holding `files` (name, script) as
    /// executables.
    fn path_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, script) in files {
            // Written and made executable by a child `sh`, so no descriptor
            // open for writing is ever held by this (threaded) process: a
            // sibling test forking meanwhile would keep it, and running the
            // script would then fail with "text file busy".
            let status = Command::new("/bin/sh")
                .args([
                    "-c",
                    "printf '%s\\n' \"$1\" > \"$2\" && chmod 755 \"$2\"",
                    "sh",
                    script,
                ])
                .arg(dir.path().join(name))
                .status()
                .unwrap();
            assert!(status.success());
        }
        dir
    }

    const TEST: &str = "some_module::a_test";

    #[test]
    fn a_missing_program_is_skipped_with_a_notice_and_fails_under_ci() {
        let empty = tempfile::tempdir().unwrap();
        let path = empty.path().as_os_str();
        for program in Program::ALL {
            let Decision::Skip(notice) = decide(program, path, false, TEST) else {
                panic!("{program:?} missing, not strict: a skip");
            };
            assert!(!notice.contains('\n'), "one line: {notice}");
            for part in [TEST, program.name(), ".ci/run", "MENTOR_INTEROP=1"] {
                assert!(notice.contains(part), "{part} not in {notice}");
            }
            let Decision::Fail(message) = decide(program, path, true, TEST) else {
                panic!("{program:?} missing under CI: a failure");
            };
            for part in [TEST, program.name(), ".ci/run"] {
                assert!(message.contains(part), "{part} not in {message}");
            }
        }
    }

    #[test]
    fn a_program_on_path_runs() {
        for program in Program::ALL {
            let script = match program.python_module() {
                // The python3 found must import the module, and only that.
                Some(module) => format!(
                    "#!/bin/sh\n[ \"$1\" = -c ] && [ \"$2\" = 'import {module}' ] && exit 0\nexit 1"
                ),
                None => "#!/bin/sh\nexit 1".to_string(),
            };
            let dir = path_with(&[(program.executable(), &script)]);
            for strict in [false, true] {
                assert_eq!(
                    decide(program, dir.path().as_os_str(), strict, TEST),
                    Decision::Run,
                    "{program:?}"
                );
            }
        }
    }

    /// install.sh falls back to wget; so does the gate for its test.
    #[test]
    fn wget_stands_in_for_curl() {
        let dir = path_with(&[("wget", "#!/bin/sh\nexit 0")]);
        assert_eq!(
            decide(Program::Curl, dir.path().as_os_str(), true, TEST),
            Decision::Run
        );
        assert!(!available(Program::Chromium, dir.path().as_os_str()));
    }

    #[test]
    fn python3_without_aiosmtpd_is_not_aiosmtpd() {
        let dir = path_with(&[("python3", "#!/bin/sh\nexit 1")]);
        let path = dir.path().as_os_str();
        assert!(available(Program::Python3, path));
        assert!(!available(Program::Aiosmtpd, path));
        assert!(matches!(
            decide(Program::Aiosmtpd, path, false, TEST),
            Decision::Skip(notice) if notice.contains("python3 with aiosmtpd")
        ));
    }

    #[test]
    fn a_file_that_is_not_executable_is_not_the_program() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("curl"), "#!/bin/sh\n").unwrap();
        std::fs::create_dir(dir.path().join("chromium")).unwrap();
        let path = dir.path().as_os_str();
        #[cfg(unix)]
        assert!(!available(Program::Curl, path));
        assert!(!available(Program::Chromium, path));
    }

    #[test]
    fn the_later_folder_on_path_is_searched_too() {
        let empty = tempfile::tempdir().unwrap();
        let with = path_with(&[("ssh-keygen", "#!/bin/sh\nexit 0")]);
        let path = std::env::join_paths([empty.path(), with.path()]).unwrap();
        assert_eq!(
            find_on("ssh-keygen", &path),
            Some(with.path().join("ssh-keygen"))
        );
    }

    #[test]
    fn strict_under_ci_or_when_asked() {
        let os = |s: &'static str| Some(OsStr::new(s));
        assert!(!strict(None, None));
        assert!(strict(os("true"), None));
        assert!(strict(os("1"), None));
        assert!(!strict(os(""), None));
        assert!(!strict(os("false"), None));
        assert!(!strict(os("0"), None));
        assert!(strict(None, os("1")));
        assert!(!strict(None, os("0")));
        assert!(strict(os("false"), os("1")));
    }
}

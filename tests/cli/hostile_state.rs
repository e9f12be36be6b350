//! A hostile participant's clone (issue 24, items 1, 2 and part of 11):
//! anyone who can push can commit `.mentor/` state, links and odd values,
//! and the coordinator and CI then run mentor on the clone. Nothing they
//! commit may move a file, install a hook, read a file outside the
//! programme into any output, or have an output land in `.git/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{
    AS_OF, Finding, Fixture, assert_exit, command_in, copy_tree, findings, git, repo_path, stderr,
    stdout,
};

const MALLORY: (&str, &str) = ("Mallory", "mallory@example.org");
const CORA: (&str, &str) = ("Cora", "cora@example.org");
const WHEN: &str = "2026-03-10T10:00:00";

/// Secrets in the environment of every run: a link to `/proc/self/environ`
/// must not bring them into any output.
const ENVIRONMENT_SECRETS: [(&str, &str); 2] = [
    ("MENTOR_SMTP_PASSWORD", "SMTP-PASSWORD-5f3a"),
    ("MENTOR_IDENTITY_PASSPHRASE", "PASSPHRASE-9c1e"),
];

/// The coordinator's machine: a clone of a repository a participant pushed
/// to, and beside it a folder of the coordinator's own files.
struct Clone {
    dir: tempfile::TempDir,
}

impl Clone {
    /// The example programme with what `plant` lays out in the origin
    /// (given the origin and the coordinator's folder), committed by
    /// Mallory and cloned fresh.
    fn of(plant: impl FnOnce(&Path, &Path)) -> Clone {
        let dir = tempfile::tempdir().unwrap();
        let origin = dir.path().join("origin");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(
            outside.join("identity.txt"),
            "# public key: age1fake\nAGE-SECRET-KEY-1FAKEFAKEFAKEFAKEFAKEFAKEFAKE\n",
        )
        .unwrap();
        copy_tree(&repo_path("examples/university"), &origin);
        git(&origin, &["init", "-q"], CORA, WHEN);
        git(&origin, &["add", "-A"], CORA, WHEN);
        git(&origin, &["commit", "-q", "-m", "programme"], CORA, WHEN);
        plant(&origin, &outside);
        git(&origin, &["add", "-A", "-f"], MALLORY, WHEN);
        git(
            &origin,
            &["commit", "-q", "--allow-empty", "-m", "helpful change"],
            MALLORY,
            WHEN,
        );
        git(dir.path(), &["clone", "-q", "origin", "clone"], CORA, WHEN);
        Clone { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("clone")
    }

    /// The coordinator's own files, beside the clone.
    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = command_in(&self.path(), args);
        command.envs(ENVIRONMENT_SECRETS);
        command
    }

    fn mentor(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn validate(&self) -> (i32, Vec<Finding>) {
        findings(&self.mentor(&["validate", "--format", "json", "--as-of", AS_OF]))
    }
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Everything a run printed.
fn printed(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

#[track_caller]
fn has(findings: &[Finding], code: &str, path: &str) {
    assert!(
        findings.iter().any(|f| f.code == code && f.path == path),
        "expected {code} at {path}: {findings:#?}"
    );
}

/// The commands a coordinator or CI runs on a clone, reading and writing.
const READERS: &[&[&str]] = &[
    &["validate", "--as-of", AS_OF],
    &["report", "--as-of", AS_OF],
    &["report", "--as-of", AS_OF, "--format", "json"],
    &["audit"],
    &["history", "ana-silva--priya-shah"],
    &["remind", "--as-of", AS_OF],
    &["codeowners", "--check"],
    &["export", "--as-of", AS_OF, "--out", "hr", "--allow-errors"],
];

#[test]
fn a_committed_journal_never_installs_a_git_hook() {
    let clone = Clone::of(|origin, outside| {
        let staged = origin.join(".mentor/staging/x/f0");
        write(
            &staged,
            &format!("#!/bin/sh\ntouch {}\n", outside.join("hook-ran").display()),
        );
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o755)).unwrap();
        write(
            &origin.join(".mentor/journal"),
            r#"[{"from":".mentor/staging/x/f0","to":".git/hooks/pre-commit"}]"#,
        );
    });
    let hook = clone.path().join(".git/hooks/pre-commit");
    let (exit, findings) = clone.validate();
    assert_eq!(exit, 1, "{findings:#?}");
    has(&findings, "E015", ".mentor/journal");
    has(&findings, "E015", ".mentor/staging/x/f0");
    has(&findings, "E017", ".mentor/journal");
    assert!(!hook.exists(), "validate installed the hook");
    for args in READERS {
        clone.mentor(args);
        assert!(
            !hook.exists(),
            "`mentor {}` installed the hook",
            args.join(" ")
        );
    }
    // A writer refuses, and says what to do.
    let out = clone.mentor(&[
        "log",
        "ana-silva--priya-shah",
        "--minutes",
        "30",
        "--mode",
        "video",
    ]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains(".mentor/journal")
            && stderr(&out).contains("git rm -r --cached .mentor"),
        "{}",
        stderr(&out)
    );
    assert!(!hook.exists());
    assert!(
        clone.path().join(".mentor/staging/x/f0").exists(),
        "left as it was"
    );
    // The coordinator's next commit runs no hook.
    write(&clone.path().join("notes.md"), "minutes\n");
    git(&clone.path(), &["add", "notes.md"], CORA, WHEN);
    git(&clone.path(), &["commit", "-q", "-m", "notes"], CORA, WHEN);
    assert!(!clone.outside().join("hook-ran").exists());
}

#[test]
fn absolute_and_parent_journals_move_nothing_in_or_out() {
    let clone = Clone::of(|origin, outside| {
        write(&outside.join("secret.txt"), "the coordinator's own file\n");
        write(
            &origin.join(".mentor/staging/x/f0"),
            "name = \"Mallory\"\nrole = \"mentee\"\n",
        );
        let journal = serde_json::json!([
            {"from": outside.join("secret.txt"), "to": "people/mallory.toml"},
            {"from": "../outside/secret.txt", "to": "people/mallory2.toml"},
            {"from": ".mentor/staging/x/f0", "to": outside.join("planted")},
            {"from": ".mentor/staging/x/f0", "to": "../planted"},
            {"from": ".mentor/staging/x/f0", "to": "people/../../planted-too"},
        ]);
        write(&origin.join(".mentor/journal"), &journal.to_string());
    });
    let untouched = |when: &str| {
        assert!(
            clone.outside().join("secret.txt").is_file(),
            "{when}: the coordinator's file was moved"
        );
        for planted in [
            clone.outside().join("planted"),
            clone.dir.path().join("planted"),
            clone.dir.path().join("planted-too"),
            clone.path().join("people/mallory.toml"),
            clone.path().join("people/mallory2.toml"),
        ] {
            assert!(!planted.exists(), "{when}: {} appeared", planted.display());
        }
    };
    let (exit, findings) = clone.validate();
    assert_eq!(exit, 1);
    has(&findings, "E017", ".mentor/journal");
    untouched("validate");
    for args in READERS {
        clone.mentor(args);
        untouched(&args.join(" "));
    }
    assert_exit(
        &clone.mentor(&["new", "person", "zed", "--name", "Zed", "--role", "mentee"]),
        2,
    );
    untouched("new person");
}

#[test]
fn a_journal_whose_staging_is_a_link_moves_and_deletes_nothing() {
    let clone = Clone::of(|origin, outside| {
        write(&outside.join("victim/x/f0"), "the coordinator's own file\n");
        link(&outside.join("victim"), &origin.join(".mentor/staging"));
        write(
            &origin.join(".mentor/journal"),
            r#"[{"from":".mentor/staging/x/f0","to":"people/mallory.toml"}]"#,
        );
    });
    let (exit, findings) = clone.validate();
    assert_eq!(exit, 1);
    has(&findings, "E015", ".mentor/staging");
    has(&findings, "E017", ".mentor/journal");
    for args in READERS {
        clone.mentor(args);
    }
    assert!(clone.outside().join("victim/x/f0").is_file());
    assert!(!clone.path().join("people/mallory.toml").exists());

    // Without a journal, a linked staging folder loses the link, never what
    // it points at.
    let local = Fixture::base();
    let victim = tempfile::tempdir().unwrap();
    write(&victim.path().join("keep.txt"), "keep\n");
    link(victim.path(), &local.path().join(".mentor/staging"));
    assert_exit(&local.mentor(&["validate", "--as-of", AS_OF]), 0);
    assert!(victim.path().join("keep.txt").is_file());
}

/// No secret of the coordinator's (the fake identity beside the clone, the
/// environment) in anything a run printed or wrote under `out`.
#[track_caller]
fn no_secret_in(out: &Output, written: &Path) {
    let mut texts = vec![printed(out)];
    if written.is_dir() {
        for entry in walkdir::WalkDir::new(written).into_iter().flatten() {
            if entry.file_type().is_file() {
                texts.push(
                    String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned(),
                );
            }
        }
    }
    for text in &texts {
        for secret in [
            "AGE-SECRET-KEY",
            ENVIRONMENT_SECRETS[0].1,
            ENVIRONMENT_SECRETS[1].1,
        ] {
            assert!(!text.contains(secret), "{secret} leaked:\n{text}");
        }
    }
}

#[test]
fn a_linked_reminder_template_never_mails_a_secret() {
    for target in ["identity", "/proc/self/environ"] {
        let clone = Clone::of(|origin, outside| {
            let target = match target {
                "identity" => outside.join("identity.txt"),
                other => PathBuf::from(other),
            };
            link(&target, &origin.join("templates/remind/participant.txt"));
        });
        let (_, findings) = clone.validate();
        has(&findings, "E016", "templates/remind/participant.txt");
        for args in [
            &["remind", "--as-of", AS_OF][..],
            &["remind", "--as-of", AS_OF, "--outbox", "outbox"],
        ] {
            let out = clone.mentor(args);
            assert_exit(&out, 2);
            assert!(
                stderr(&out).contains("symbolic link"),
                "{target}: {}",
                stderr(&out)
            );
            no_secret_in(&out, &clone.path().join("outbox"));
        }
    }
}

#[test]
fn a_linked_import_mapping_is_never_printed() {
    let clone = Clone::of(|origin, outside| {
        write(
            &outside.join("credentials.toml"),
            "api_token = \"SECRET-TOKEN-4242\"\n",
        );
        std::fs::remove_file(origin.join("import-mapping.toml")).ok();
        link(
            &outside.join("credentials.toml"),
            &origin.join("import-mapping.toml"),
        );
    });
    let (_, findings) = clone.validate();
    has(&findings, "E016", "import-mapping.toml");
    let csv = repo_path("examples/import/applications.csv");
    let out = clone.mentor(&["import", "people", csv.to_str().unwrap(), "--dry-run"]);
    assert_exit(&out, 2);
    assert!(!printed(&out).contains("SECRET-TOKEN"), "{}", printed(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    // The person's own --map is theirs to choose, wherever it is.
    let map = repo_path("examples/import/mapping.toml");
    let out = clone.mentor(&[
        "import",
        "people",
        csv.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(!stderr(&out).contains("symbolic link"), "{}", stderr(&out));
}

#[test]
fn a_linked_codeowners_is_neither_read_nor_written_through() {
    let with_handles = |origin: &Path| {
        let programme = std::fs::read_to_string(origin.join("programme.toml")).unwrap();
        let programme = programme.replace(
            "email = \"r.alvarez@westbridge.ac.uk\"\n",
            "email = \"r.alvarez@westbridge.ac.uk\"\ngithub = [\"rosa-alvarez\"]\n",
        );
        write(&origin.join("programme.toml"), &programme);
    };
    let clone = Clone::of(|origin, outside| {
        with_handles(origin);
        write(&outside.join("owners"), "SECRET-OWNERS-TEXT\n");
        link(&outside.join("owners"), &origin.join(".github/CODEOWNERS"));
    });
    let (_, findings) = clone.validate();
    has(&findings, "E016", ".github/CODEOWNERS");
    for args in [&["codeowners", "--check"][..], &["codeowners"]] {
        let out = clone.mentor(args);
        assert_exit(&out, 2);
        assert!(
            !printed(&out).contains("SECRET-OWNERS"),
            "{}",
            printed(&out)
        );
    }
    assert_eq!(
        std::fs::read_to_string(clone.outside().join("owners")).unwrap(),
        "SECRET-OWNERS-TEXT\n"
    );
    // A linked folder on the way: nothing is written where it points.
    let clone = Clone::of(|origin, outside| {
        with_handles(origin);
        std::fs::create_dir_all(outside.join("elsewhere")).unwrap();
        link(&outside.join("elsewhere"), &origin.join(".github"));
    });
    let (_, findings) = clone.validate();
    has(&findings, "E016", ".github");
    assert_exit(&clone.mentor(&["codeowners"]), 2);
    assert!(!clone.outside().join("elsewhere/CODEOWNERS").exists());
}

#[test]
fn outputs_never_land_in_the_git_folder() {
    let clone = Clone::of(|_, _| {});
    let config = clone.path().join(".git/config");
    let before = std::fs::read(&config).unwrap();
    link(&clone.path().join(".git"), &clone.path().join("into-git"));
    let coordinator = repo_path("examples/keys/coordinator.txt");
    for args in [
        &["report", "--as-of", AS_OF, "--out", ".git/config"][..],
        &["report", "--as-of", AS_OF, "--out", "into-git/config"],
        &[
            "report",
            "--as-of",
            AS_OF,
            "--out",
            "missing/../.git/config",
        ],
        &["report", "--as-of", AS_OF, "--out", ".git/hooks/pre-commit"],
        &[
            "export",
            "--as-of",
            AS_OF,
            "--out",
            ".git",
            "--allow-errors",
        ],
        &[
            "export",
            "--as-of",
            AS_OF,
            "--out",
            "into-git/hooks",
            "--allow-errors",
        ],
        &["remind", "--as-of", AS_OF, "--outbox", ".git/hooks"],
        &[
            "match",
            "--as-of",
            AS_OF,
            "--scores",
            ".git/info/exclude",
            "--identity",
            coordinator.to_str().unwrap(),
        ],
        &["schema", "--out", ".git/hooks"],
    ] {
        let out = clone.mentor(args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("git repository's own folder"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&config).unwrap(), before);
    let hooks: Vec<_> = std::fs::read_dir(clone.path().join(".git/hooks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".sample"))
        .collect();
    assert!(hooks.is_empty(), "{hooks:?}");
    assert!(!clone.path().join("missing").exists());
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(clone.path())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    // An ordinary output still goes where it is asked to.
    assert_exit(
        &clone.mentor(&["report", "--as-of", AS_OF, "--out", "report.md"]),
        0,
    );
}

/// Run to the end, or kill it after `limit`: `None` when it ran too long.
fn finish_within(mut command: Command, limit: Duration) -> Option<Output> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

#[test]
fn a_template_that_runs_forever_fails_fast_naming_its_file() {
    let clone = Clone::of(|origin, _| {
        write(
            &origin.join("templates/remind/participant.txt"),
            "Subject: hi\n\n{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}\n",
        );
    });
    let out = finish_within(
        clone.command(&["remind", "--as-of", AS_OF]),
        Duration::from_secs(20),
    )
    .expect("the template was stopped");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("templates/remind/participant.txt")
            && stderr(&out).contains("too much work"),
        "{}",
        stderr(&out)
    );
    // Larger than any template: refused unread.
    let huge = Clone::of(|origin, _| {
        write(
            &origin.join("templates/remind/participant.txt"),
            &format!("Subject: hi\n\n{}", "x".repeat(200 * 1024)),
        );
    });
    let out = huge.mentor(&["remind", "--as-of", AS_OF]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("KiB"), "{}", stderr(&out));
}

#[test]
fn a_remind_error_never_prints_a_raw_newline_from_a_value() {
    let f = Fixture::example();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!(
            "{programme}\n[remind]\nhost = \"127.0.0.1\"\nfrom = \"Mallory\\nerror: FORGED LINE\"\n"
        ),
    );
    let out = f.mentor(&["remind", "--as-of", AS_OF]);
    assert_exit(&out, 2);
    assert!(
        !stderr(&out).lines().any(|l| l.starts_with("error: FORGED")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("Mallory\\nerror: FORGED"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_identity_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let keys = tempfile::tempdir().unwrap();
    let identity = keys.path().join("coordinator.txt");
    std::fs::copy(repo_path("examples/keys/coordinator.txt"), &identity).unwrap();
    let f = Fixture::copy_of("examples/university");
    let report = |mode: u32| {
        std::fs::set_permissions(&identity, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = f.mentor(&[
            "report",
            "--as-of",
            AS_OF,
            "--identity",
            identity.to_str().unwrap(),
        ]);
        assert_exit(&out, 0);
        stderr(&out)
    };
    for readable in [0o640, 0o604, 0o644] {
        let warned = report(readable);
        assert_eq!(warned.matches("warning:").count(), 1, "{warned}");
        assert!(
            warned.contains(&format!("chmod 600 {}", identity.display())),
            "{readable:o}: {warned}"
        );
    }
    let quiet = report(0o600);
    assert!(!quiet.contains("chmod"), "{quiet}");
    // The same from MENTOR_IDENTITY.
    std::fs::set_permissions(&identity, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = command_in(f.path(), &["notes", "ana-silva--priya-shah"])
        .env("MENTOR_IDENTITY", &identity)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
}

/// A programme made before `mentor init` wrote `.gitignore` (the example
/// has none): the state a writer leaves ignores itself, so the usual
/// `git add -A` commits none of it and validate stays clean (no E015).
#[test]
fn state_a_writer_leaves_is_never_committed_by_git_add_all() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("programme");
    copy_tree(&repo_path("examples/university"), &root);
    assert!(!root.join(".gitignore").exists());
    git(&root, &["init", "-q"], CORA, WHEN);
    let pair = std::fs::read_dir(root.join("pairs"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| {
            std::fs::read_to_string(root.join("pairs").join(name).join("pair.toml"))
                .is_ok_and(|t| t.contains("status = \"active\""))
        })
        .expect("an active pair in the example");
    let logged = command_in(&root, &["log", &pair, "--date", AS_OF, "--minutes", "30"])
        .output()
        .unwrap();
    assert_exit(&logged, 0);
    assert!(
        root.join(".mentor/lock").exists(),
        "the writer took the lock"
    );
    git(&root, &["add", "-A"], CORA, WHEN);
    let staged = crate::support::git_output(&root, &["ls-files", "--", ".mentor"], CORA, WHEN);
    assert_eq!(staged.trim(), "", "nothing of .mentor/ is staged");
    let validate = command_in(
        &root,
        &["validate", "--as-of", AS_OF, "--format", "concise"],
    )
    .output()
    .unwrap();
    assert!(!stdout(&validate).contains("E015"), "{}", stdout(&validate));
}

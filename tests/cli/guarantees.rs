//! The README's guarantees, each tried the way a hostile or unlucky user
//! would: concurrent writers, `kill -9` at any moment, links, huge files,
//! absurd values, output paths, control characters.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

const LOG: &str = "pairs/ed--mo/log.yaml";

/// `mentor ARGS` in `dir`, in the same environment as every other run of
/// the tests: a writer killed mid-change keeps its machine key where the
/// next run (`Fixture::validate`) looks for it, or that run calls the
/// journal foreign (E017); and no key lands in the tester's home.
fn mentor_command(dir: &Path, args: &[&str]) -> Command {
    crate::support::command_in(dir, args)
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
            .filter(|p| p != "lock" && p != ".gitignore")
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

#[test]
fn a_linked_programme_file_is_reported_and_never_printed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("shadow");
    std::fs::write(&secret, "root:SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    let f = Fixture::base();
    f.remove("programme.toml");
    std::os::unix::fs::symlink(&secret, f.path().join("programme.toml")).unwrap();
    // A linked pair folder does not vanish either.
    std::os::unix::fs::symlink(f.path().join("pairs/ed--mo"), f.path().join("pairs/zz--mo"))
        .unwrap();
    for format in ["human", "concise", "json", "github", "sarif"] {
        let out = f.mentor(&["validate", "--as-of", AS_OF, "--format", format]);
        assert_exit(&out, 1);
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!text.contains("SECRET-HASH"), "{format}: {text}");
        assert!(text.contains("E012"), "{format}: {text}");
        assert!(
            text.contains("pairs/zz--mo"),
            "{format}: the linked pair is reported"
        );
    }
    let (_, findings) = f.validate();
    assert!(
        !findings.iter().any(|d| d.code == "E007"),
        "a linked programme is not also missing: {findings:?}"
    );
    // A writer never replaces a link with a copy.
    let g = Fixture::base();
    let real = g.path().join("real-log.yaml");
    std::fs::rename(g.path().join(LOG), &real).unwrap();
    std::os::unix::fs::symlink(&real, g.path().join(LOG)).unwrap();
    let out = g.mentor(&["log", "ed--mo", "--date", "2026-03-10", "--minutes", "30"]);
    assert_exit(&out, 2);
    assert!(
        std::fs::symlink_metadata(g.path().join(LOG))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn huge_and_deeply_nested_files_are_refused_unread() {
    let f = Fixture::base();
    // 30 MB of nested empty arrays: refused after reading 4 MiB at most.
    let array = "[[],".repeat(30 * 1024 * 1024 / 4);
    f.write("people/zz.toml", &format!("x = {array}"));
    let started = Instant::now();
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    assert!(
        findings
            .iter()
            .any(|d| d.code == "E013" && d.path == "people/zz.toml"),
        "{findings:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Under the size limit, a TOML nesting and container budget like YAML's.
    f.write("people/zz.toml", &format!("x = {}", "[".repeat(3000)));
    let (_, findings) = f.validate();
    let nested = findings
        .iter()
        .find(|d| d.path == "people/zz.toml")
        .unwrap();
    assert_eq!(nested.code, "E001");
    assert!(
        nested.message.contains("nested more than 64 deep"),
        "{}",
        nested.message
    );
    f.write(
        "people/zz.toml",
        &format!("x = [{}]", "[],".repeat(200_000)),
    );
    let (_, findings) = f.validate();
    assert!(
        findings
            .iter()
            .any(|d| d.path == "people/zz.toml" && d.message.contains("more than 100000")),
        "{findings:?}"
    );
}

#[test]
fn output_flags_never_overwrite_records() {
    let f = Fixture::base();
    let programme = f.read("programme.toml");
    for args in [
        &["match", "--as-of", AS_OF, "--scores", "programme.toml"][..],
        &["match", "--as-of", AS_OF, "--scores", "people/ed.toml"],
        &[
            "match",
            "--as-of",
            AS_OF,
            "--scores",
            "pairs/ed--mo/scores.csv",
        ],
        &["export", "--as-of", AS_OF, "--out", "pairs/ed--mo"],
        &["export", "--as-of", AS_OF, "--out", "people"],
    ] {
        let out = f.mentor(args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("refusing to write"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(f.read("programme.toml"), programme);
    assert!(!f.path().join("pairs/ed--mo/scores.csv").exists());
    assert!(!f.path().join("people/indicators.csv").exists());
    assert_eq!(f.validate().0, 0);
}

#[test]
fn absurd_values_are_findings_and_long_ones_are_cut() {
    let f = Fixture::base();
    f.write(
        LOG,
        "meetings:\n  - date: 2026-02-01\n    minutes: 4294967295\n    goals: [g1]\n",
    );
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    assert!(
        findings
            .iter()
            .any(|d| d.code == "E004" && d.message.contains("1 to 1440")),
        "{findings:?}"
    );
    f.write(
        LOG,
        "meetings:\n  - date: 2026-02-01\n    minutes: 99999999999999999999\n",
    );
    let (_, findings) = f.validate();
    let huge = findings.iter().find(|d| d.path == LOG).unwrap();
    assert!(huge.message.contains("too large"), "{}", huge.message);
    // A 5 MB value is quoted as an excerpt, not whole.
    f.write(
        LOG,
        &format!(
            "meetings:\n  - date: 2026-02-01\n    mode: {}\n",
            "v".repeat(3 * 1024 * 1024)
        ),
    );
    let out = f.mentor(&["validate", "--as-of", AS_OF, "--format", "concise"]);
    assert!(stdout(&out).len() < 10_000, "{} bytes", stdout(&out).len());
    let out = f.mentor(&["log", "ed--mo", "--minutes", "4294967295"]);
    assert_exit(&out, 2);
}

#[test]
fn control_characters_never_reach_the_terminal_or_ci() {
    let f = Fixture::base();
    f.remove("people/mo.toml");
    f.write(
        "people/mo.yaml",
        "name: \"Mo\\e[2J\\e]0;pwned\\a\"\nrole: mentor\ntrained_on: 2025-12-01\nlanguages: [en]\n\"managr\\e[31m\": x\n",
    );
    std::fs::create_dir_all(f.path().join("pairs/evil\n::error file=x::forged")).unwrap();
    for args in [
        &["validate", "--as-of", AS_OF][..],
        &["validate", "--as-of", AS_OF, "--format", "concise"],
        &["validate", "--as-of", AS_OF, "--format", "github"],
        &["validate", "--as-of", AS_OF, "--color", "always"],
    ] {
        let out = f.mentor(args);
        let text = stdout(&out);
        assert!(
            !text.contains('\u{7}') && !text.contains("\u{1b}]0;"),
            "{args:?}: {text:?}"
        );
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("::error file=x::forged")),
            "{args:?}: a newline in a folder name forged a line: {text}"
        );
    }
    let g = Fixture::base();
    g.remove("people/mo.toml");
    g.write(
        "people/mo.yaml",
        "name: \"Mo <script>alert(1)</script> \\e[31m\"\nrole: mentor\ntrained_on: 2025-12-01\nlanguages: [en]\n",
    );
    let out = g.mentor(&[
        "report", "--as-of", AS_OF, "--pair", "ed--mo", "--format", "markdown",
    ]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(!text.contains("<script>"), "{text}");
    assert!(text.contains("&lt;script&gt;"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn private_values_never_appear_in_a_snippet() {
    let f = Fixture::base();
    f.write(
        LOG,
        "meetings:\n  - date: 2026-02-01\n    minutes: 30\n    private_note: TYPO-SECRET\n  - {date: 2026-13-01, minutes: 30, private_notes: FLOW-SECRET}\n  - date: 2026-02-02\n    minutes: 30\n    private_notes: |\n      BLOCK-SECRET\n    mode: Teams\n",
    );
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - {by: ed, date: 2026-02-01, satisfaction: 9, comment: RATED-SECRET}\n",
    );
    let out = f.mentor(&["validate", "--as-of", AS_OF]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    for secret in ["TYPO-SECRET", "FLOW-SECRET", "BLOCK-SECRET", "RATED-SECRET"] {
        assert!(!text.contains(secret), "{secret} shown:\n{text}");
    }
    assert!(
        text.contains("private_note"),
        "the finding is still there:\n{text}"
    );
}

#[test]
fn init_refuses_what_it_cannot_write_and_leaves_nothing_half_made() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| crate::support::mentor_in(dir.path(), args);
    let refused = [
        &["init", "p", "--name", "Bad\u{1}name"][..],
        &["init", "p", "--name", "two\nlines"],
        &["init", "p", "--start", "9999-06-01"],
    ];
    for args in refused {
        let out = run(args);
        assert_exit(&out, 2);
        assert!(!dir.path().join("p").exists(), "{args:?} left a folder");
    }
    assert_eq!(
        files_under(dir.path()),
        Vec::<String>::new(),
        "no staging left"
    );
    // An empty folder (such as a fresh clone's) is filled in place.
    std::fs::create_dir(dir.path().join("p")).unwrap();
    assert_exit(
        &run(&["init", "p", "--name", "Ana's \"quoted\" programme"]),
        0,
    );
    let out = run(&["validate", "p", "--deny-warnings"]);
    assert_exit(&out, 0);
    assert!(
        !files_under(&dir.path().join("p"))
            .iter()
            .any(|f| f.contains("mentor-init"))
    );
}

#[test]
fn a_zip_bomb_workbook_is_refused_before_it_is_opened() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    assert_exit(
        &crate::support::mentor_in(dir.path(), &["init", "p", "--start", "2026-01-05"]),
        0,
    );
    let bomb = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..16 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 200_000);
    let started = Instant::now();
    let out = crate::support::mentor_in(dir.path(), &["import", "people", "bomb.xlsx", "p"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("unpacks to more than"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

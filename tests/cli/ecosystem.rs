//! Fitting the ecosystem: CI output formats, schemas, CI templates,
//! pre-commit, completions and the manual.

use std::path::Path;

use serde_json::Value;

use crate::interop::{self, Program};
use crate::support::{AS_OF, Fixture, assert_exit, mentor_in, repo_path, stdout};

/// The base fixture with an unknown field (error) and a stalled pair (warning).
fn with_findings() -> Fixture {
    let f = Fixture::base();
    f.write("people/mo.toml", "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nexpertise = [\"budgeting\"]\nmanagr = \"boss, the: 100%\"\n");
    f.write(
        "pairs/ed--mo/log.yaml",
        "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    goals: [g1]\n",
    );
    f
}

fn run(f: &Fixture, format: &str) -> (i32, String) {
    let out = f.mentor(&["validate", "--as-of", AS_OF, "--format", format]);
    (out.status.code().unwrap_or(-1), stdout(&out))
}

#[test]
fn github_format_is_workflow_commands_with_escaped_properties() {
    let (code, text) = run(&with_findings(), "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let error = lines
        .iter()
        .find(|l| l.starts_with("::error "))
        .expect("an error command");
    let (properties, message) = error
        .trim_start_matches("::error ")
        .split_once("::")
        .expect("properties::message");
    let fields: Vec<(&str, &str)> = properties
        .split(',')
        .filter_map(|p| p.split_once('='))
        .collect();
    assert_eq!(fields[0], ("file", "people/mo.toml"));
    assert_eq!(fields[1], ("line", "5"));
    assert_eq!(fields[2], ("col", "1"));
    assert_eq!(fields[5], ("title", "E002 unknown-field"));
    assert!(
        message.starts_with("unknown field `managr`%0Ahelp: did you mean `manager`?"),
        "{message}"
    );
    let warning = lines
        .iter()
        .find(|l| l.starts_with("::warning "))
        .expect("a warning command");
    assert!(
        warning.contains("file=pairs/ed--mo/pair.toml,line=3,"),
        "{warning}"
    );
    assert!(warning.contains("title=W001 pair-stalled::"), "{warning}");
}

#[test]
fn sarif_format_is_sarif_2_1_0_with_rules_and_regions() {
    let (code, text) = run(&with_findings(), "sarif");
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "mentor");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), mentor::diagnostic::Code::ALL.len());
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let error = results
        .iter()
        .find(|r| r["ruleId"] == "E002")
        .expect("E002 result");
    assert_eq!(error["level"], "error");
    let index = error["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "E002");
    assert_eq!(rules[index]["name"], "unknown-field");
    let location = &error["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "people/mo.toml");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 1);
    assert_eq!(location["region"]["endColumn"], 7);
    let warning = results
        .iter()
        .find(|r| r["ruleId"] == "W001")
        .expect("W001 result");
    assert_eq!(warning["level"], "warning");
}

#[test]
fn json_and_gitlab_formats_carry_every_field() {
    let (code, text) = run(&with_findings(), "json");
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["warnings"], 1);
    let d = &doc["diagnostics"][0];
    for field in [
        "code",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
    ] {
        assert!(d.get(field).is_some(), "diagnostic lacks {field}");
    }
    let (code, text) = run(&with_findings(), "gitlab");
    assert_eq!(code, 1);
    let issues: Value = serde_json::from_str(&text).expect("gitlab json");
    let issue = issues
        .as_array()
        .expect("array")
        .iter()
        .find(|i| i["check_name"] == "E002 unknown-field")
        .expect("E002");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "people/mo.toml");
    assert_eq!(issue["location"]["lines"]["begin"], 5);
    assert_eq!(issue["fingerprint"].as_str().map(str::len), Some(16));
    let (_, again) = run(&with_findings(), "gitlab");
    assert_eq!(text, again, "fingerprints are stable");
}

#[test]
fn every_format_uses_the_same_exit_codes() {
    let clean = Fixture::base();
    let broken = with_findings();
    for format in ["human", "concise", "json", "github", "sarif", "gitlab"] {
        assert_eq!(run(&clean, format).0, 0, "{format} on a clean programme");
        assert_eq!(run(&broken, format).0, 1, "{format} with an error");
        let missing = clean.mentor(&["validate", "--format", format, "no-such-dir"]);
        assert_eq!(
            missing.status.code(),
            Some(2),
            "{format} on a missing directory"
        );
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let f = with_findings();
    let coloured = std::process::Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(["validate", "--as-of", AS_OF, "--color", "always"])
        .current_dir(f.path())
        .output()
        .expect("run");
    assert!(
        stdout(&coloured).contains("\u{1b}["),
        "--color always colours even when piped"
    );
    let (_, plain) = run(&f, "human");
    assert!(!plain.contains("\u{1b}["));
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    for (name, text) in mentor::schema::documents() {
        let committed = std::fs::read_to_string(repo_path("schemas").join(name)).unwrap();
        assert_eq!(
            committed, text,
            "schemas/{name} is stale: run `mentor schema --out schemas`"
        );
    }
    let out = mentor_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["schema"]);
    let all: Value = serde_json::from_slice(&out.stdout).expect("schema prints JSON");
    assert_eq!(all["person.schema.json"]["additionalProperties"], false);
    assert!(
        all["person.schema.json"]["required"]
            .as_array()
            .expect("required")
            .contains(&Value::from("role"))
    );
}

/// Where a broken file goes in the base fixture, by its schema.
fn place(schema: &str, ext: &str) -> String {
    match schema {
        "person" => format!("people/zz.{ext}"),
        "pair" => format!("pairs/zz--mo/pair.{ext}"),
        "programme" => format!("programme.{ext}"),
        "goals" => format!("pairs/ed--mo/goals.{ext}"),
        "log" => format!("pairs/ed--mo/log.{ext}"),
        "feedback" => format!("pairs/ed--mo/feedback.{ext}"),
        other => panic!("unknown schema {other}"),
    }
}

#[test]
fn schema_broken_fixtures_are_rejected_by_validate_too() {
    let dir = repo_path("tests/fixtures/schema-broken");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 10);
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("read");
        let mut lines = text.lines();
        let schema = lines
            .next()
            .and_then(|l| l.strip_prefix("# schema: "))
            .expect("schema line");
        let expect = lines
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("expect line");
        let ext = path.extension().and_then(|e| e.to_str()).expect("ext");
        let f = Fixture::base();
        if schema == "programme" {
            f.remove("programme.toml");
        }
        let target = place(schema, ext);
        for sibling in ["goals.yaml", "log.yaml", "feedback.yaml"] {
            if target.ends_with(&sibling.replace("yaml", ext)) {
                let _ = std::fs::remove_file(f.path().join("pairs/ed--mo").join(sibling));
            }
        }
        f.write(&target, &text);
        let (code, findings) = f.validate();
        assert_eq!(code, 1, "{}", path.display());
        assert!(
            findings
                .iter()
                .any(|d| d.code == expect && d.path == target),
            "{}: expected {expect} in {target}, got {findings:?}",
            path.display()
        );
    }
}

#[test]
fn init_ci_workflows_are_valid_yaml_and_run_validate() {
    let dir = tempfile::tempdir().expect("tempdir");
    mentor_in(dir.path(), &["init", "gh"]);
    mentor_in(dir.path(), &["init", "gl", "--ci", "gitlab"]);
    let parse = |path: &Path| {
        let text = std::fs::read_to_string(path).expect("workflow");
        let file = mentor::source::SourceFile::new(path.to_path_buf(), "w".into(), text.clone());
        assert!(
            mentor::node::parse(&file, mentor::node::Syntax::Yaml).is_ok(),
            "{} is not valid YAML",
            path.display()
        );
        text
    };
    let github = parse(&dir.path().join("gh/.github/workflows/mentor.yml"));
    assert!(github.contains("mentor validate --format github"));
    assert!(github.contains("pull_request"));
    let gitlab = parse(&dir.path().join("gl/.gitlab-ci.yml"));
    assert!(gitlab.contains("mentor validate --format gitlab"));
    assert!(gitlab.contains("codequality"));
}

/// The hooks of .pre-commit-hooks.yaml, as mentor reads YAML.
fn pre_commit_hooks() -> Vec<mentor::node::Node> {
    let path = repo_path(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(&path).expect(".pre-commit-hooks.yaml");
    let file = mentor::source::SourceFile::new(path.clone(), "h".into(), text);
    let node = mentor::node::parse(&file, mentor::node::Syntax::Yaml).expect("valid YAML");
    let mentor::node::Value::Seq(hooks) = node.value else {
        panic!("a list of hooks")
    };
    hooks
}

/// A hook's `key`, if it has one.
fn hook_field(hook: &mentor::node::Node, key: &str) -> Option<mentor::node::Value> {
    let mentor::node::Value::Map(entries) = &hook.value else {
        panic!("a hook is a map")
    };
    entries
        .iter()
        .find(|(k, _)| k.name == key)
        .map(|(_, v)| v.value.clone())
}

fn hook_text(value: Option<mentor::node::Value>) -> String {
    match value {
        Some(mentor::node::Value::Str(s)) => s,
        other => panic!("expected text, found {other:?}"),
    }
}

#[test]
fn pre_commit_hooks_validate_the_committed_records_on_record_changes_only() {
    let hooks = pre_commit_hooks();
    let (field, text) = (hook_field, hook_text);
    let languages: Vec<(String, String)> = hooks
        .iter()
        .map(|h| (text(field(h, "id")), text(field(h, "language"))))
        .collect();
    assert_eq!(
        languages,
        [
            ("mentor-validate".to_string(), "system".to_string()),
            ("mentor-validate-rust".to_string(), "rust".to_string()),
            ("mentor-seal".to_string(), "system".to_string()),
        ]
    );
    for hook in &hooks {
        assert!(
            field(hook, "always_run").is_none(),
            "`files` must limit when it runs"
        );
        let entry = text(field(hook, "entry"));
        // validate is given the staged paths (after `--files`, which takes
        // every argument after it); seal checks the whole programme.
        let passes = Some(mentor::node::Value::Bool(true));
        if entry.starts_with("mentor validate") {
            assert!(entry.ends_with(" --files"), "{entry}");
            assert_eq!(field(hook, "pass_filenames"), passes, "{entry}");
        } else {
            assert_eq!(entry, "mentor seal --check");
            assert_ne!(field(hook, "pass_filenames"), passes, "{entry}");
        }
        assert!(!text(field(hook, "files")).is_empty());
    }
}

/// The validate hook's command line as pre-commit runs it, with the staged
/// paths appended: only their findings fail the commit.
#[test]
fn pre_commit_validate_entry_checks_only_the_staged_files() {
    let hook = pre_commit_hooks()
        .into_iter()
        .find(|h| hook_text(hook_field(h, "id")) == "mentor-validate")
        .expect("mentor-validate");
    let entry = hook_text(hook_field(&hook, "entry"));
    let f = Fixture::base();
    f.write(
        "pairs/eve--max/pair.toml",
        "mentor = \"max\"\nmentee = \"eve\"\nstatus = \"proposed\"\n",
    );
    f.write(
        "pairs/eve--max/log.yaml",
        "meetings:\n  - date: 2026-02-01\n",
    );
    let run = |staged: &[&str]| {
        let mut args: Vec<&str> = entry.split_whitespace().skip(1).collect();
        // Dated findings judged on the fixture's day, not today.
        let files = args.len() - 1;
        args.splice(files..files, ["--as-of", AS_OF]);
        args.extend_from_slice(staged);
        f.mentor(&args)
    };
    let theirs = run(&["people/ed.toml", "pairs/ed--mo/log.yaml"]);
    assert_exit(&theirs, 0);
    assert!(
        stdout(&theirs).contains("in other files; run `mentor validate` to see them"),
        "{}",
        stdout(&theirs)
    );
    let mine = run(&["pairs/eve--max/log.yaml"]);
    assert_exit(&mine, 1);
    assert!(
        stdout(&mine).contains("pairs/eve--max/log.yaml"),
        "{}",
        stdout(&mine)
    );
}

/// Interop: each hook's `files` pattern is a Python regular expression
/// (pre-commit matches it with Python's `re`), so it is checked in Python:
/// it matches record files and nothing else.
#[test]
fn pre_commit_files_patterns_match_records_only_in_pythons_re() {
    if !interop::need(Program::Python3) {
        return;
    }
    for hook in &pre_commit_hooks() {
        let pattern = hook_text(hook_field(hook, "files"));
        let script = r#"import re, sys
p = re.compile(sys.argv[1])
yes = ["programme.toml", "people/ana.toml", "people/ana.yml", "pairs/a--b/log.yaml", "pairs/a--b/pair.toml", "pairs/a--b/assessment.yaml"]
no = ["README.md", "import-mapping.toml", "schemas/person.schema.json", "pairs/a--b/notes.yaml", ".github/workflows/mentor.yml"]
bad = [f for f in yes if not p.search(f)] + [f for f in no if p.search(f)]
print(" ".join(bad))"#;
        let out = std::process::Command::new("python3")
            .args(["-c", script, &pattern])
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "",
            "files: {pattern}"
        );
    }
}

#[test]
fn completions_and_man_page_generate() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = mentor_in(here, &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for command in ["validate", "match", "report", "export"] {
            assert!(text.contains(command), "{shell} completion lacks {command}");
        }
    }
    let man = stdout(&mentor_in(here, &["man"]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH mentor 1"),
        "{man}"
    );
    assert!(man.contains("validate"));
}

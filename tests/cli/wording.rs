//! What people read: counted nouns in their proper form ("1 day", "2
//! days", never "day(s)"), and one spelling of the programme-directory
//! option on every command.

use crate::support::{AS_OF, Fixture, assert_exit, mentor_in, repo_path, stderr, stdout};

/// Where `(s)` follows a word: a counted noun in text (`day(s)`).
fn counted_nouns(text: &str) -> Vec<String> {
    text.match_indices("(s)")
        .filter(|(at, _)| text[..*at].ends_with(|c: char| c.is_ascii_lowercase()))
        .map(|(at, _)| text[at.saturating_sub(40)..at + 3].to_string())
        .collect()
}

/// The string literals of Rust source, comments and code left out (so
/// `Some(s)` and `word(s)` are not text): plain, escaped and raw strings.
fn string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest = |n: usize| chars.get(i + n).copied();
        match chars[i] {
            '/' if rest(1) == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if rest(1) == Some('*') => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            // A character literal ('"', '\\'), not a lifetime ('a).
            '\'' if rest(1) == Some('\\') => i += 4,
            '\'' if rest(2) == Some('\'') => i += 3,
            'r' if matches!(rest(1), Some('"' | '#'))
                && !chars[..i]
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_') =>
            {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                let open = i + 1 + hashes;
                if chars.get(open) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain("#".repeat(hashes).chars())
                    .collect();
                let body: String = chars[open + 1..].iter().collect();
                let end = body.find(&close).unwrap_or(body.len());
                found.push(body[..end].to_string());
                i = open + 1 + body[..end].chars().count() + close.chars().count();
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if let Some(c) = chars.get(i) {
                        text.push(*c);
                    }
                    i += 1;
                }
                found.push(text);
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}

#[test]
fn no_message_or_template_says_s_in_brackets() {
    let literals = string_literals(
        "let a = Some(s); // a day(s)\nf(\"{} day(s)\", '\"', r#\"x thing(s)\"#, word(s));",
    );
    assert_eq!(literals, ["{} day(s)", "x thing(s)"]);
    let files = ["src", "programme-template", "examples/university"]
        .into_iter()
        .flat_map(|dir| walkdir::WalkDir::new(repo_path(dir)))
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.is_file());
    let mut offenders = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let texts = if file.extension().is_some_and(|e| e == "rs") {
            string_literals(&text)
        } else {
            vec![text]
        };
        for hit in texts.iter().flat_map(|t| counted_nouns(t)) {
            offenders.push(format!("{}:{hit}", file.display()));
        }
    }
    assert!(
        offenders.is_empty(),
        "say it with crate::text::count: {offenders:#?}"
    );
}

#[test]
fn counts_of_one_read_as_one_thing() {
    let f = Fixture::base();
    // The day before Ed and Mo's planned end, with Max's one place free.
    let out = f.mentor(&["report", "--as-of", "2026-10-30"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("1 place free"), "{text}");
    assert!(text.contains("ed--mo ends in 1 day ->"), "{text}");
    assert!(text.contains("0 of 1 goal achieved"), "{text}");
    assert!(!text.contains("(s)"), "{text}");
    let outbox = tempfile::tempdir().unwrap();
    let out = f.mentor(&[
        "remind",
        "--as-of",
        "2026-10-30",
        "--outbox",
        outbox.path().to_str().unwrap(),
    ]);
    assert_exit(&out, 0);
    let said = stderr(&out) + &stdout(&out);
    assert!(!said.contains("(s)"), "{said}");
    let mut mails = 0;
    for entry in std::fs::read_dir(outbox.path()).unwrap() {
        let mail = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!mail.contains("(s)") && !mail.contains(" 1 days"), "{mail}");
        mails += 1;
    }
    assert!(mails > 0, "{said}");
}

#[test]
fn the_directory_option_is_dash_c_or_directory_and_dir_still_works() {
    let f = Fixture::base();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = f.path().to_str().unwrap();
    for option in ["-C", "--directory", "--dir"] {
        for args in [
            vec!["validate", option, dir, "--as-of", AS_OF],
            vec!["notes", "ed--mo", option, dir],
            vec!["history", "ed--mo", option, dir],
        ] {
            let out = mentor_in(elsewhere.path(), &args);
            assert!(
                out.status.code() != Some(2) || !stderr(&out).contains("unexpected argument"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
        let out = mentor_in(
            elsewhere.path(),
            &[
                "log",
                "ed--mo",
                option,
                dir,
                "--minutes",
                "30",
                "--date",
                "2026-03-10",
            ],
        );
        assert_exit(&out, 0);
    }
    assert_eq!(
        f.read("pairs/ed--mo/log.yaml")
            .matches("2026-03-10")
            .count(),
        3,
        "one meeting per spelling"
    );
    for command in [
        &["log", "--help"][..],
        &["pair", "start", "--help"],
        &["validate", "--help"],
    ] {
        let help = stdout(&mentor_in(elsewhere.path(), command));
        assert!(
            help.contains("-C, --directory <DIR>"),
            "{command:?}: {help}"
        );
        assert!(!help.contains("--dir <"), "{command:?}: {help}");
    }
}

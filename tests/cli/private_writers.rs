//! Every private field, from the one table of them (`seal::fields`), and
//! every command that can write it: in a programme that seals, each writes
//! the value sealed for exactly its readers (opened here by the standard
//! `age` CLI through the interop gate, and by the age crate), or refuses
//! with the reason and writes nothing.

use std::collections::BTreeSet;

use mentor::seal::fields::KINDS;

use crate::interop::{self, Program};
use crate::sealing::{Key, Open, Sealed, age_cli_open, age_open, sealed, sealed_blocks};
use crate::support::{assert_exit, stderr, stdout};

/// The commands that write each private field, by its path in its file as
/// `seal::fields` names it. A field no command writes (`avoid`, `prefer`:
/// agreed with the coordinator) is written by hand and sealed by `mentor
/// seal`.
const WRITERS: &[(&str, &[&str])] = &[
    (
        "meetings[].private_notes",
        &["log --private", "new meeting --private"],
    ),
    ("feedback[].comment", &["feedback"]),
    ("feedback[].satisfaction", &["feedback"]),
    ("closure.note", &["pair close --note-from-stdin"]),
    ("concerns[].text", &["concern"]),
    ("assessments[].levels", &["new assessment"]),
    ("answers[].private_answer", &["survey answer"]),
    ("avoid", &[]),
    ("prefer", &[]),
    ("job_title", &["new person --job-title", "import people"]),
    ("department", &["new person --department", "import people"]),
    ("languages", &["import people"]),
    ("location", &["import people"]),
    ("availability", &["import people"]),
    ("style", &["import people"]),
    ("needs", &["import people"]),
    ("expertise", &["import people"]),
    ("group", &["import people"]),
    ("experience", &["import people"]),
];

/// What a writer did with a private value in a sealing programme.
enum Kept {
    /// Sealed in `file`: its last sealed block opens with each key to `plaintext`.
    Sealed {
        file: &'static str,
        /// Which of the file's sealed blocks, counted from the last (0).
        from_last: usize,
        plaintext: &'static str,
        readers: Vec<&'static str>,
    },
    /// Refused: exit `code`, the reason in the output, `file` not written.
    Refused {
        code: i32,
        reason: &'static str,
        file: String,
    },
}

#[test]
fn every_private_field_is_listed_with_the_commands_that_write_it() {
    let private: BTreeSet<String> = KINDS
        .iter()
        .flat_map(|kind| {
            kind.private_fields()
                .into_iter()
                .filter_map(|f| kind.at().path(f.field))
        })
        .collect();
    let listed: BTreeSet<String> = WRITERS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(
        private, listed,
        "a private field was added or renamed: list the commands that write it here"
    );
}

/// A value for an imported column of `field` that validates.
fn import_value(field: &str) -> &'static str {
    match field {
        "languages" => "en",
        "availability" => "tue-am",
        "needs" | "expertise" => "budgeting",
        "group" => "staff",
        "style" => "reflective",
        _ => "Something private",
    }
}

/// Run `writer` for `field` on a sealed copy of the fixture, where the
/// programme seals every sealable person field too.
fn write(s: &Sealed, field: &str, writer: &str) -> Kept {
    let f = &s.f;
    let programme = f.read("programme.toml");
    let sealable: Vec<String> = WRITERS
        .iter()
        .filter(|(f, _)| !f.contains('.') && *f != "avoid")
        .map(|(f, _)| format!("\"{f}\""))
        .collect();
    f.write(
        "programme.toml",
        &format!(
            "{}\nsealed_person_fields = [{}]\n\n[assessment]\nscale = [\"not yet\", \"with support\", \"alone\"]\n",
            programme.trim_end(),
            sealable.join(", ")
        ),
    );
    let pair = "ed--mo";
    let run = |args: &[&str], input: &str| {
        let out = f.mentor_with_input(args, input);
        assert_exit(&out, 0);
    };
    match writer {
        "log --private" | "new meeting --private" => {
            let mut args: Vec<&str> = writer.split(' ').collect();
            args.pop();
            args.extend([pair, "--minutes", "30", "--date", "2026-03-10", "--private"]);
            run(&args, "Ed fears the restructure");
            Kept::Sealed {
                file: "pairs/ed--mo/log.yaml",
                from_last: 0,
                plaintext: "Ed fears the restructure",
                readers: vec!["ed", "mo"],
            }
        }
        "feedback" => {
            run(
                &[
                    "feedback",
                    pair,
                    "--by",
                    "ed",
                    "--stage",
                    "mid",
                    "--satisfaction",
                    "3",
                    "--date",
                    "2026-03-12",
                ],
                "Mo is patient",
            );
            let (from_last, plaintext) = if field.ends_with("comment") {
                (0, "Mo is patient")
            } else {
                (1, "3")
            };
            Kept::Sealed {
                file: "pairs/ed--mo/feedback.yaml",
                from_last,
                plaintext,
                readers: vec!["ed", "coordinator"],
            }
        }
        "pair close --note-from-stdin" => {
            run(
                &[
                    "pair",
                    "close",
                    pair,
                    "--reason",
                    "mismatch",
                    "--date",
                    "2026-03-13",
                    "--note-from-stdin",
                ],
                "They never clicked",
            );
            Kept::Sealed {
                file: "pairs/ed--mo/pair.toml",
                from_last: 0,
                plaintext: "They never clicked",
                readers: vec!["coordinator"],
            }
        }
        "concern" => {
            run(
                &["concern", pair, "--raised-by", "ed", "--date", "2026-03-11"],
                "Mo cancels often",
            );
            Kept::Sealed {
                file: "pairs/ed--mo/concerns.yaml",
                from_last: 0,
                plaintext: "Mo cancels often",
                readers: vec!["coordinator"],
            }
        }
        "new assessment" => {
            run(
                &[
                    "new",
                    "assessment",
                    pair,
                    "--stage",
                    "baseline",
                    "--by",
                    "ed",
                    "--date",
                    "2026-03-14",
                    "--level",
                    "budgeting=2",
                ],
                "",
            );
            Kept::Sealed {
                file: "pairs/ed--mo/assessment.yaml",
                from_last: 0,
                plaintext: "budgeting: 2",
                readers: vec!["ed", "mo", "coordinator"],
            }
        }
        "survey answer" => {
            let programme = f.read("programme.toml");
            f.write(
                "programme.toml",
                &format!(
                    "{programme}\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\nafter_start_days = 30\n\n[[surveys.questions]]\nid = \"comment\"\ntext = \"Anything to add?\"\nkind = \"text\"\n"
                ),
            );
            run(
                &[
                    "survey",
                    "answer",
                    "mq",
                    "--pair",
                    pair,
                    "--as",
                    "ed",
                    "--occasion",
                    "2026-03-03",
                ],
                "comment: Mo listens well\n",
            );
            Kept::Sealed {
                file: "pairs/ed--mo/surveys.yaml",
                from_last: 0,
                plaintext: "Mo listens well",
                readers: vec!["ed", "coordinator"],
            }
        }
        "new person --job-title" | "new person --department" => {
            let flag = writer.rsplit(' ').next().unwrap();
            let out = f.mentor(&[
                "new",
                "person",
                "newbie",
                "--name",
                "New Bie",
                "--role",
                "mentor",
                flag,
                "Something private",
            ]);
            Kept::Refused {
                code: out.status.code().unwrap_or(-1),
                reason: if stderr(&out).contains("a new person has no key to seal to yet") {
                    "a new person has no key to seal to yet"
                } else {
                    "(no reason given)"
                },
                file: "people/newbie.toml".into(),
            }
        }
        "import people" => {
            let export = s.keys.path().join("export.csv");
            std::fs::write(
                &export,
                format!(
                    "name,email,role,{field}\nNew Bie,newbie@example.org,mentor,{}\n",
                    import_value(field)
                ),
            )
            .unwrap();
            let out = f.mentor(&["import", "people", export.to_str().unwrap()]);
            let said = format!("{}{}", stdout(&out), stderr(&out));
            Kept::Refused {
                code: out.status.code().unwrap_or(-1),
                reason: if said.contains("E061") && said.contains("Nothing written") {
                    "E061"
                } else {
                    "(no reason given)"
                },
                file: "people/new-bie.toml".into(),
            }
        }
        other => panic!("no way to run the writer `{other}`: add it to `write`"),
    }
}

/// The key of a reader named in [`Kept::Sealed`].
fn key<'a>(s: &'a Sealed, reader: &str) -> &'a Key {
    match reader {
        "ed" => &s.ed,
        "mo" => &s.mo,
        "coordinator" => &s.coordinator,
        other => panic!("no key for {other}"),
    }
}

fn each_writer_seals_or_refuses(open: Open) {
    for (field, writers) in WRITERS {
        for writer in *writers {
            let s = sealed();
            match write(&s, field, writer) {
                Kept::Sealed {
                    file,
                    from_last,
                    plaintext,
                    readers,
                } => {
                    let text = s.f.read(file);
                    assert!(
                        !text.contains(plaintext) || plaintext.len() < 4,
                        "{writer} left `{field}` readable in {file}:\n{text}"
                    );
                    let blocks = sealed_blocks(&text);
                    let block = &blocks[blocks.len() - 1 - from_last];
                    for reader in readers {
                        assert_eq!(
                            open(key(&s, reader), block).as_deref(),
                            Ok(plaintext),
                            "{writer}: `{field}` as {reader} opens it"
                        );
                    }
                    assert_eq!(
                        open(&s.max, block).ok(),
                        None,
                        "{writer}: an outsider opens `{field}`"
                    );
                }
                Kept::Refused { code, reason, file } => {
                    assert_ne!(
                        code, 0,
                        "{writer} wrote `{field}` although it cannot seal it"
                    );
                    assert_ne!(
                        reason, "(no reason given)",
                        "{writer} refused `{field}` without saying why"
                    );
                    assert!(
                        !s.f.path().join(&file).exists(),
                        "{writer} wrote {file} when refusing"
                    );
                }
            }
        }
    }
}

/// Interop: what each writer seals, the standard age CLI opens.
#[test]
fn every_writer_seals_what_it_writes_for_the_age_cli() {
    if !interop::need(Program::AgeCli) {
        return;
    }
    each_writer_seals_or_refuses(age_cli_open);
}

/// The same through the age crate, on every machine.
#[test]
fn every_writer_seals_what_it_writes_or_refuses() {
    each_writer_seals_or_refuses(age_open);
}

//! Properties over generated and mutated records, through the library:
//! loading never panics and every finding is located in a file it names;
//! what the writer appends is what the loader reads back.

use std::path::PathBuf;

use mentor::diagnostic::{Location, Tally, locate};
use mentor::edit::{EntryValue, toml, yaml};
use mentor::load::{Overlay, load_with};
use mentor::model::{LogFile, Meeting};
use proptest::prelude::*;

use crate::support::{Fixture, repo_path};

/// Record files of the base fixture, relative, with their text.
fn base_files() -> Vec<(&'static str, String)> {
    [
        "programme.toml",
        "people/ed.toml",
        "people/mo.toml",
        "pairs/ed--mo/pair.toml",
        "pairs/ed--mo/goals.yaml",
        "pairs/ed--mo/log.yaml",
    ]
    .into_iter()
    .map(|p| {
        let text = std::fs::read_to_string(repo_path("tests/fixtures/base").join(p)).unwrap();
        (p, text)
    })
    .collect()
}

/// Characters that mean something to TOML or YAML, and some that mean trouble.
const PALETTE: &[&str] = &[
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "\n",
    "#",
    "=",
    " ",
    "\t",
    "\0",
    "é",
    "\u{1b}",
    "&",
    "*",
    "!",
    "|",
    ">",
    "\n  ",
    "\n- ",
    ",",
    "99999999999999999999",
    "null",
    "~",
    "\u{feff}",
];

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: usize },
    DuplicateLine { line: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..PALETTE.len()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
    ]
}

fn mutate(text: &str, m: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match *m {
        Mutation::Delete { at, len } => {
            let from = boundary(at);
            let to = boundary(from + len);
            format!("{}{}", &text[..from], &text[to.max(from)..])
        }
        Mutation::Insert { at, piece } => {
            let at = boundary(at);
            format!("{}{}{}", &text[..at], PALETTE[piece], &text[at..])
        }
        Mutation::DuplicateLine { line } => {
            let lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let i = line % lines.len();
            let mut out: Vec<&str> = lines.clone();
            out.insert(i, lines[i]);
            out.join("\n") + "\n"
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_records_become_located_findings_never_a_panic(
        file in 0..6usize,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let fixture = Fixture::base();
        let files = base_files();
        let (path, text) = &files[file];
        let mutated = mutations.iter().fold(text.clone(), |t, m| mutate(&t, m));
        let mut overlay = Overlay::new();
        overlay.insert(fixture.path().join(path), mutated);
        let ws = load_with(fixture.path(), &overlay).unwrap();
        let as_of = mentor::decode::parse_date("2026-03-16").unwrap();
        let diagnostics = mentor::checks::run(&ws, as_of);
        for d in &diagnostics {
            match &d.location {
                Location::Span(span) => {
                    let source = ws.sources.get(span.file);
                    prop_assert!(source.is_some(), "{d:?}");
                    let source = source.unwrap();
                    prop_assert!(span.start <= span.end && span.end as usize <= source.text.len(), "{d:?}");
                }
                Location::Path(p) | Location::Cell { path: p, .. } => prop_assert!(!p.is_empty(), "{d:?}"),
            }
        }
        // Every renderer copes with whatever was found.
        let located = locate(&diagnostics, &ws.sources);
        let tally = Tally::of(&diagnostics);
        use mentor::render::diagnostics as render;
        let names = mentor::seal::PrivateNames::of(&ws);
        let _ = render::human(&located, &ws.sources, &names, tally, false);
        let _ = render::concise(&located, tally);
        let json = render::json_document(&located, &ws.sources, tally);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let _ = render::github(&located);
        let _ = render::sarif(&located);
    }

    #[test]
    fn an_appended_meeting_reads_back_as_written(
        day in 2u32..=28,
        minutes in 1i64..=1440,
        topics in proptest::collection::vec(any::<String>(), 0..4),
        mode in 0..5usize,
        toml_log in any::<bool>(),
    ) {
        let fixture = Fixture::base();
        let modes = ["in-person", "video", "phone", "chat", "email"];
        let date = chrono::NaiveDate::from_ymd_opt(2026, 2, day).unwrap();
        let fields = [
            (Meeting::DATE, EntryValue::Date(date)),
            (Meeting::MINUTES, EntryValue::Number(minutes)),
            (Meeting::MODE, EntryValue::Word(modes[mode].to_string())),
            (Meeting::GOALS, EntryValue::Ids(vec!["g1".into()])),
            (Meeting::TOPICS, EntryValue::Texts(topics.clone())),
        ];
        let (path, text): (PathBuf, String) = if toml_log {
            let base = "# TOML log\n[[meetings]]\ndate = 2026-02-01\nminutes = 60\n";
            (fixture.path().join("pairs/ed--mo/log.toml"), toml::append_item(base, LogFile::MEETINGS, &fields).unwrap())
        } else {
            let base = fixture.read("pairs/ed--mo/log.yaml");
            (fixture.path().join("pairs/ed--mo/log.yaml"), yaml::append_item(&base, LogFile::MEETINGS, &fields).unwrap())
        };
        if toml_log {
            fixture.remove("pairs/ed--mo/log.yaml");
        }
        let mut overlay = Overlay::new();
        overlay.insert(path, text.clone());
        let ws = load_with(fixture.path(), &overlay).unwrap();
        prop_assert!(ws.load_diagnostics.is_empty(), "{:?}\n{text}", ws.load_diagnostics);
        let meeting = ws.pair("ed--mo").unwrap().meetings.last().unwrap();
        prop_assert_eq!(meeting.date, date);
        prop_assert_eq!(meeting.minutes, Some(minutes as u32));
        prop_assert_eq!(meeting.mode.map(|m| m.as_str()), Some(modes[mode]));
        prop_assert_eq!(&meeting.goals, &vec!["g1".to_string()]);
        prop_assert_eq!(&meeting.topics, &topics);
    }
}

/// A generated programme of `people` participants (a mentor for every
/// mentee in `pairs`), with departments, dates and meetings drawn from the seeds.
fn generated(people: &[(u8, u8, u8)], pairs: usize) -> Fixture {
    const DEPARTMENTS: [&str; 7] = [
        "IT", "HR", "Library", "Finance", "Estates", "Research", "Law",
    ];
    let f = Fixture::base();
    for (i, &(department, day, role)) in people.iter().enumerate() {
        let role = if role.is_multiple_of(2) {
            "mentor"
        } else {
            "mentee"
        };
        f.write(
            &format!("people/p{i}.toml"),
            &format!(
                "name = \"Person {i}\"\nemail = \"p{i}@example.org\"\nrole = \"{role}\"\ndepartment = \"{}\"\ngroup = \"staff\"\nlanguages = [\"en\"]\nexpertise = [\"budgeting\"]\nneeds = [\"budgeting\"]\ntrained_on = 2025-12-{:02}\napplied_on = 2025-11-{:02}\n\n[supervisor_approval]\nby = \"x@example.org\"\ndate = 2025-12-01\n",
                DEPARTMENTS[usize::from(department) % DEPARTMENTS.len()],
                1 + day % 28,
                1 + (day / 2) % 28,
            ),
        );
    }
    let mentors: Vec<usize> = (0..people.len())
        .filter(|i| people[*i].2.is_multiple_of(2))
        .collect();
    let mentees: Vec<usize> = (0..people.len())
        .filter(|i| !people[*i].2.is_multiple_of(2))
        .collect();
    for (n, (&mentor, &mentee)) in mentors.iter().zip(&mentees).take(pairs).enumerate() {
        let day = 1 + people[mentee].1 % 27;
        f.write(
            &format!("pairs/p{mentee}--p{mentor}/pair.toml"),
            &format!("mentor = \"p{mentor}\"\nmentee = \"p{mentee}\"\nstatus = \"active\"\nstarted = 2026-01-{day:02}\nends = 2026-10-31\n"),
        );
        f.write(
            &format!("pairs/p{mentee}--p{mentor}/log.yaml"),
            &format!(
                "meetings:\n  - {{date: 2026-02-{day:02}, minutes: {}, mode: video}}\n",
                30 + 15 * (n % 4)
            ),
        );
    }
    f
}

/// Rows of a CSV written by `export`, without the header.
fn csv_rows(f: &Fixture, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(f.path().join("hr").join(name)).unwrap();
    let mut reader =
        csv::Reader::from_reader(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes));
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// `export --anonymize`: no combination of the non-pseudonym columns of
    /// any table is shared by fewer than k rows, whatever the programme.
    #[test]
    fn anonymized_exports_are_k_anonymous(
        people in proptest::collection::vec((0u8..7, 0u8..56, 0u8..2), 4..40),
        pairs in 0usize..15,
        k in 2u32..7,
    ) {
        let f = generated(&people, pairs);
        let out = f.mentor(&["export", "--out", "hr", "--as-of", "2026-03-16", "--anonymize", "--min-group", &k.to_string()]);
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for (table, pseudonyms) in [
            ("participants.csv", &["person", "name", "email"][..]),
            ("pairs.csv", &["pair", "mentor", "mentee"][..]),
            ("meetings.csv", &["pair"][..]),
        ] {
            let (header, rows) = csv_rows(&f, table);
            let quasi: Vec<usize> = (0..header.len()).filter(|&c| !pseudonyms.contains(&header[c].as_str())).collect();
            let mut groups: std::collections::HashMap<Vec<&str>, usize> = std::collections::HashMap::new();
            for row in &rows {
                *groups.entry(quasi.iter().map(|&c| row[c].as_str()).collect()).or_default() += 1;
            }
            for (values, size) in groups {
                prop_assert!(size >= k as usize, "{table}: {values:?} is shared by {size} row(s), under {k}");
            }
        }
        let (_, disclosure) = csv_rows(&f, "disclosure.csv");
        let promise = format!("at least {k} rows");
        prop_assert!(disclosure[0][2].contains(&promise), "{:?}", disclosure[0]);
    }
}

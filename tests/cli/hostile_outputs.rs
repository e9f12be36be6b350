//! Values from a participant's files that become syntax in what mentor
//! writes (CODEOWNERS rules, formulas, Markdown links), opened values that
//! must never be written, anonymized tables that must not join, avoid lists
//! a hand-made pair must keep, and an export too large to list finding by
//! finding (issue 24, items 5, 6, 10 and 11).

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use crate::sealing::sealed;
use crate::support::{AS_OF, Fixture, assert_exit, stderr, stdout};

const MO: &str = "people/mo.toml";
const EVE: &str = "people/eve.toml";

/// Mo's profile from the base fixture, with `extra` lines after it.
fn mo_with(extra: &str) -> String {
    format!(
        "name = \"Mo Mentor\"\nemail = \"mo@example.org\"\nrole = \"mentor\"\ndepartment = \"Finance\"\nmanager = \"boss@example.org\"\nlanguages = [\"en\"]\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\n{extra}"
    )
}

/// The base fixture with a coordinator who has a GitHub handle.
fn with_coordinator() -> Fixture {
    let f = Fixture::base();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[coordinator]\nname = \"Cora Ordinator\"\ngithub = [\"cora\"]\n"),
    );
    f
}

/// The rules of a CODEOWNERS file: (pattern, owners), comments left out.
fn rules(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            let pattern = words.next().unwrap_or_default();
            (pattern, words.collect())
        })
        .collect()
}

#[test]
fn a_handle_that_writes_a_codeowners_rule_is_an_error_and_never_written() {
    let f = with_coordinator();
    f.write(MO, &mo_with("github = \"mo\\n* @mo #\"\n"));
    let (exit, findings) = f.validate();
    assert_eq!(exit, 1);
    let finding = findings
        .iter()
        .find(|d| d.code == "E025")
        .expect("E025 for the handle");
    assert_eq!((finding.path.as_str(), finding.line), (MO, 9));
    assert!(!finding.message.contains('\n'), "{}", finding.message);
    assert!(
        finding
            .help
            .as_deref()
            .is_some_and(|h| h.contains("for example `ana-silva`")),
        "{finding:?}"
    );
    // Validate skipped: codeowners refuses by itself, and writes nothing.
    let out = f.mentor(&["codeowners"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("E025"), "{}", stderr(&out));
    assert!(!f.path().join(".github/CODEOWNERS").exists());
    // With a real handle, Mo owns his own file and the coordinator alone owns `*`.
    f.write(MO, &mo_with("github = \"@mo\"\n"));
    assert_exit(&f.mentor(&["codeowners"]), 0);
    let rules = rules(&f.read(".github/CODEOWNERS"));
    let stars: Vec<_> = rules.iter().filter(|(p, _)| p == "*").collect();
    assert_eq!(stars, [&("*".to_string(), vec!["@cora".to_string()])]);
    assert!(rules.contains(&(
        "/people/mo.*".to_string(),
        vec!["@mo".into(), "@cora".into()]
    )));
    assert!(
        rules
            .iter()
            .all(|(pattern, _)| pattern.starts_with('/') || pattern == "*")
    );
}

#[test]
fn a_file_name_that_writes_a_codeowners_rule_is_refused() {
    let f = with_coordinator();
    f.write(
        "people/x\n* @x #.toml",
        "name = \"X\"\nemail = \"x@example.org\"\nrole = \"mentor\"\n",
    );
    let out = f.mentor(&["codeowners"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("E010"), "{}", stderr(&out));
    assert!(!f.path().join(".github/CODEOWNERS").exists());
}

#[test]
fn an_import_cell_with_a_codeowners_rule_is_an_i016() {
    let f = with_coordinator();
    f.write(
        "map.toml",
        "[columns]\nname = \"Name\"\nemail = \"Email\"\nrole = \"Role\"\ngithub = \"GitHub\"\n",
    );
    f.write(
        "form.csv",
        "Name,Email,Role,GitHub\nTom Tester,tom@example.org,mentor,\"tom\n* @tom #\"\nUna Fine,una@example.org,mentor,@una-fine\n",
    );
    let out = f.mentor(&[
        "import", "people", "form.csv", ".", "--map", "map.toml", "--format", "json",
    ]);
    assert_exit(&out, 1);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json findings");
    let i016: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "I016")
        .collect();
    assert_eq!(i016.len(), 1, "{doc}");
    assert_eq!(
        (i016[0]["line"].as_u64(), i016[0]["column"].as_u64()),
        (Some(2), Some(4))
    );
    assert!(!f.path().join("people/tom-tester.toml").exists());
    assert!(
        !f.path().join("people/una-fine.toml").exists(),
        "nothing is imported"
    );
    // Without Tom's row, Una's handle goes in without its `@`, and into CODEOWNERS.
    f.write(
        "form.csv",
        "Name,Email,Role,GitHub\nUna Fine,una@example.org,mentor,@una-fine\n",
    );
    assert_exit(
        &f.mentor(&["import", "people", "form.csv", ".", "--map", "map.toml"]),
        0,
    );
    assert!(
        f.read("people/una-fine.toml")
            .contains("github = \"una-fine\"")
    );
}

/// `department` and `needs` sealed: Eve (International Office, needs
/// budgeting) waits; Maxi (Estates) covers budgeting; departments should differ.
fn sealed_profiles() -> crate::sealing::Sealed {
    let s = crate::sealing::programme(true);
    let f = &s.f;
    let programme = f
        .read("programme.toml")
        .replace(
            "seal = true\n",
            "seal = true\nsealed_person_fields = [\"needs\", \"department\"]\n",
        )
        .replace(
            "\n[coordinator]",
            "\n[matching]\ndepartment = \"different\"\n\n[coordinator]",
        );
    f.write("programme.toml", &programme);
    let eve = f.read(EVE).replace(
        "group = \"staff\"",
        "group = \"staff\"\ndepartment = \"International Office\"",
    );
    f.write(EVE, &eve);
    let maxi = f.read("people/maxi.toml").replace(
        "role = \"mentor\"",
        "role = \"mentor\"\ndepartment = \"Estates\"",
    );
    f.write("people/maxi.toml", &maxi);
    assert_exit(&f.run("seal"), 0);
    for plaintext in ["International Office", "Estates", "needs = ["] {
        let all: String = ["people/eve.toml", "people/maxi.toml", "people/ed.toml"]
            .iter()
            .map(|p| f.read(p))
            .collect();
        assert!(!all.contains(plaintext), "sealed: {plaintext}");
    }
    s
}

/// A shortlist is handed to the mentee: like pair.toml, its reasons refer
/// to sealed person fields without their values, in the pages and the CSV.
#[test]
fn shortlists_name_no_sealed_value() {
    let s = sealed_profiles();
    let coordinator = s.coordinator.file.to_str().unwrap();
    for output in [["--out", "lists"], ["--csv", "form.csv"]] {
        let mut args = vec!["match", "--as-of", AS_OF, "--identity", coordinator];
        args.extend(["--shortlist", "3"]);
        args.extend(output);
        assert_exit(&s.f.mentor(&args), 0);
    }
    let page = s.f.read("lists/eve.md");
    let csv = s.f.read("form.csv");
    assert!(page.contains("covers 1 of 1 needs"), "{page}");
    for text in [&page, &csv] {
        for value in ["budgeting", "Budgeting", "Estates", "International Office"] {
            assert!(!text.contains(value), "`{value}` in a shortlist:\n{text}");
        }
    }
}

#[test]
fn sealed_person_fields_never_reach_pair_toml_or_an_export() {
    let s = sealed_profiles();
    let coordinator = s.coordinator.file.to_str().unwrap();
    let out = s.f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--identity",
        coordinator,
        "--write",
    ]);
    assert_exit(&out, 0);
    let pair = s.f.read("pairs/eve--maxi/pair.toml");
    assert!(pair.contains("covers 1 of 1 needs"), "{pair}");
    assert!(pair.contains("\"different departments\""), "{pair}");
    for value in ["budgeting", "Budgeting", "Estates", "International Office"] {
        assert!(
            !pair.contains(value),
            "`{value}` written into pair.toml:\n{pair}"
        );
    }

    let out = s.f.mentor(&[
        "export",
        "--out",
        "hr",
        "--as-of",
        AS_OF,
        "--identity",
        coordinator,
        "--by",
        "group",
    ]);
    assert_exit(&out, 0);
    let hr = s.f.path().join("hr");
    let mut files = 0;
    for entry in std::fs::read_dir(&hr).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for value in ["Estates", "International Office", "Library", "Finance"] {
            assert!(!text.contains(value), "`{value}` in {}", path.display());
        }
        files += 1;
    }
    assert!(files >= 6, "{files} files");
    let participants = std::fs::read_to_string(hr.join("participants.csv")).unwrap();
    let pairs = std::fs::read_to_string(hr.join("pairs.csv")).unwrap();
    assert!(!participants.lines().next().unwrap().contains("department"));
    assert!(!pairs.lines().next().unwrap().contains("department"));
    let about = std::fs::read_to_string(hr.join("about.csv")).unwrap();
    assert!(
        about.contains("department,\"left out, sealed in this programme\""),
        "{about}"
    );
    // The XLSX holds the same sheets.
    if cfg!(feature = "xlsx") {
        let out = s.f.mentor(&[
            "export",
            "--out",
            "xl",
            "--format",
            "xlsx",
            "--as-of",
            AS_OF,
            "--identity",
            coordinator,
        ]);
        assert_exit(&out, 0);
        let book = xlsx_text(&s.f.path().join("xl/mentor-export.xlsx"));
        for value in ["Estates", "International Office", "Library", "Finance"] {
            assert!(!book.contains(value), "`{value}` in the workbook");
        }
    }
    // A breakdown by a sealed field would list its values: refused.
    let out = s.f.mentor(&[
        "export",
        "--out",
        "hr2",
        "--as-of",
        AS_OF,
        "--identity",
        coordinator,
        "--by",
        "department",
    ]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("seals"), "{}", stderr(&out));
    assert!(!s.f.path().join("hr2").exists());
}

/// Every text part of a workbook (its XML files), unpacked.
fn xlsx_text(path: &std::path::Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut part = String::new();
        std::io::Read::read_to_string(&mut entry, &mut part).unwrap();
        text.push_str(&part);
    }
    text
}

/// A CSV file as its header and rows.
fn csv_table(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let mut reader =
        csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn anonymized_tables_share_no_pseudonym() {
    let f = Fixture::example();
    let out = crate::support::command_in(
        f.path(),
        &[
            "export",
            "--out",
            "hr",
            "--as-of",
            AS_OF,
            "--anonymize",
            "--min-group",
            "2",
        ],
    )
    .env("MENTOR_IDENTITY", f.identity.as_ref().unwrap())
    .env("MENTOR_PSEUDONYM_KEY", "a secret for this test")
    .output()
    .unwrap();
    assert_exit(&out, 0);
    let hr = f.path().join("hr");
    let mut seen: HashMap<String, &str> = HashMap::new();
    for table in ["pairs.csv", "participants.csv", "meetings.csv"] {
        let (_, rows) = csv_table(&hr.join(table));
        let pseudonyms: BTreeSet<&String> = rows
            .iter()
            .flatten()
            .filter(|c| c.starts_with("person-") || c.starts_with("pair-"))
            .collect();
        for pseudonym in pseudonyms {
            if let Some(other) = seen.insert(pseudonym.clone(), table) {
                panic!("{pseudonym} is in both {other} and {table}: the tables join");
            }
        }
    }
    assert!(seen.values().any(|t| *t == "pairs.csv"));
    assert!(seen.values().any(|t| *t == "participants.csv"));
    // Joined on every column the two tables share (by name or by a
    // pseudonym column's values), nothing matches.
    let (pair_header, pair_rows) = csv_table(&hr.join("pairs.csv"));
    let (person_header, person_rows) = csv_table(&hr.join("participants.csv"));
    let person_at = person_header.iter().position(|h| h == "person").unwrap();
    for column in ["mentor", "mentee"] {
        let at = pair_header.iter().position(|h| h == column).unwrap();
        let joined = pair_rows
            .iter()
            .filter(|p| person_rows.iter().any(|r| r[person_at] == p[at]))
            .count();
        assert_eq!(joined, 0, "pairs.csv {column} joins participants.csv");
    }
}

#[test]
fn formulas_after_a_line_break_are_neutralised_in_csv_and_xlsx() {
    let f = Fixture::base();
    let max = f
        .read("people/max.toml")
        // A name is one line (a line break in it is an error): spaces lead it.
        .replace("name = \"Max Mentor\"", "name = \"  =1+1\"")
        .replace("department = \"IT\"", "department = \"\\r@SUM(1)\"");
    f.write("people/max.toml", &max);
    assert_exit(&f.mentor(&["export", "--out", "hr", "--as-of", AS_OF]), 0);
    let (header, rows) = csv_table(&f.path().join("hr/participants.csv"));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[0] == "max").expect("max");
    assert_eq!(row[column("name")], "'  =1+1");
    assert_eq!(row[column("department")], "'\r@SUM(1)");
    if !cfg!(feature = "xlsx") {
        return;
    }
    assert_exit(
        &f.mentor(&[
            "export", "--out", "xl", "--format", "xlsx", "--as-of", AS_OF,
        ]),
        0,
    );
    let path = f.path().join("xl/mentor-export.xlsx");
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&path).unwrap();
    let participants = book.worksheet_range("participants").unwrap();
    let max = participants
        .rows()
        .find(|r| r[0] == Data::String("max".into()))
        .expect("max");
    assert!(max.contains(&Data::String("  =1+1".into())), "{max:?}");
    assert!(max.contains(&Data::String("\r@SUM(1)".into())), "{max:?}");
    // Text cells, no formula anywhere, and the quote prefix that keeps an
    // edited cell text.
    let xml = xlsx_text(&path);
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "a formula in the workbook"
    );
    assert!(xml.contains("quotePrefix=\"1\""), "no quote prefix style");
}

#[test]
fn markdown_from_names_forms_no_link_or_image() {
    let f = Fixture::base();
    let eve = f.read(EVE).replace(
        "name = \"Eve Mentee\"",
        "name = \"![t](http://x) [x](javascript:alert(1)) <b>\"",
    );
    f.write(EVE, &format!("{eve}applied_on = 2025-11-01\n"));
    f.write(
        MO,
        &mo_with("").replace("name = \"Mo Mentor\"", "name = \"![t](http://x)\""),
    );
    let report = f.mentor(&["report", "--as-of", AS_OF, "--format", "markdown"]);
    assert_exit(&report, 0);
    let timeline = f.mentor(&[
        "report", "--as-of", AS_OF, "--format", "markdown", "--pair", "ed--mo",
    ]);
    assert_exit(&timeline, 0);
    for (what, markdown) in [("report", stdout(&report)), ("timeline", stdout(&timeline))] {
        assert!(
            markdown.contains("!\\[t\\](http://x)"),
            "{what}:\n{markdown}"
        );
        for raw in ["![t](", "[x](javascript", "<b>"] {
            assert!(!markdown.contains(raw), "{what} holds `{raw}`:\n{markdown}");
        }
    }
    assert!(stdout(&report).contains("\\[x\\](javascript:alert(1))"));
}

#[test]
fn new_pair_refuses_a_mentor_either_side_avoids() {
    let f = Fixture::base();
    let eve = f.read(EVE);
    f.write(EVE, &format!("{eve}avoid = [\"max\"]\n"));
    let out = f.mentor(&["new", "pair", "eve", "max"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("`avoid`"), "{}", stderr(&out));
    assert!(!f.path().join("pairs/eve--max").exists());
    // The mentor's own list counts as much.
    f.write(EVE, &eve);
    let max = f.read("people/max.toml");
    f.write(
        "people/max.toml",
        &format!("{max}avoid = [\"eve@example.org\"]\n"),
    );
    assert_exit(&f.mentor(&["new", "pair", "eve", "max"]), 2);
    assert!(!f.path().join("pairs/eve--max").exists());
    // Neither avoids the other now.
    f.write("people/max.toml", &max);
    assert_exit(&f.mentor(&["new", "pair", "eve", "max"]), 0);
    assert!(f.path().join("pairs/eve--max/pair.toml").exists());
}

#[test]
fn new_pair_reads_a_sealed_avoid_list_before_pairing() {
    // Eve asked, sealed, never to be paired with Mo.
    let s = sealed();
    let out = s.f.mentor(&["new", "pair", "eve", "mo"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("avoid list of eve is sealed"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--identity"), "{}", stderr(&out));
    assert!(!s.f.path().join("pairs/eve--mo").exists());
    let coordinator = s.coordinator.file.to_str().unwrap();
    let out =
        s.f.mentor(&["new", "pair", "eve", "mo", "--identity", coordinator]);
    assert_exit(&out, 2);
    let said = stderr(&out);
    assert!(said.contains("for a confidential reason"), "{said}");
    assert!(!said.contains("avoid"), "who asked is not said: {said}");
    assert!(!s.f.path().join("pairs/eve--mo").exists());
    // Eve's list does not name Max.
    let out =
        s.f.mentor(&["new", "pair", "eve", "max", "--identity", coordinator]);
    assert_exit(&out, 0);
}

#[test]
fn a_huge_export_is_refused_quickly_and_repeated_findings_are_summarised() {
    let f = Fixture::base();
    // 100,000 columns: refused before any is checked, in one line.
    let mut header: Vec<String> = vec!["Name".into(), "Email".into(), "Role".into()];
    header.extend((3..100_000).map(|i| format!("c{i}")));
    f.write(
        "wide.csv",
        &format!(
            "{}\nAna Test,ana@example.org,mentee{}\n",
            header.join(","),
            ",".repeat(100_000 - 3)
        ),
    );
    let started = Instant::now();
    let out = f.mentor(&["import", "people", "wide.csv", ".", "--dry-run"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("at most 1000"), "{}", stderr(&out));
    assert!(out.stdout.len() + out.stderr.len() < 2_000);
    // 900 columns nobody maps: 20 findings and a count, not 897 lines.
    header.truncate(900);
    f.write(
        "wide.csv",
        &format!(
            "{}\nAna Test,ana@example.org,mentee{}\n",
            header.join(","),
            ",".repeat(900 - 3)
        ),
    );
    let out = f.mentor(&[
        "import",
        "people",
        "wide.csv",
        ".",
        "--dry-run",
        "--format",
        "concise",
    ]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert_eq!(text.matches("[I002]").count(), 21, "{text}");
    assert!(text.contains("and 877 more like this"), "{text}");
}

/// A name committed with a line break (validate's error) never starts a
/// line of its own where codeowners names the people without a handle.
#[test]
fn a_line_break_in_a_name_never_reaches_codeowners_warnings() {
    let f = Fixture::base();
    let max = f.read("people/max.toml").replace(
        "name = \"Max Mentor\"",
        "name = \"Max\\n::warning::forged\"",
    );
    f.write("people/max.toml", &max);
    let out = f.mentor(&["codeowners", "--check"]);
    let said = format!("{}{}", stdout(&out), crate::support::stderr(&out));
    assert!(said.contains("Max\\n::warning::forged"), "{said}");
    assert!(
        !said.lines().any(|l| l.starts_with("::warning::forged")),
        "{said}"
    );
}

/// An output named over a file only the coordinators keep (CODEOWNERS, a
/// workflow, the reminder template, in any case) or into `People/` (the
/// people folder on macOS and Windows) is refused and nothing changes.
#[test]
fn outputs_never_overwrite_the_coordinators_files_or_a_record_folder_in_another_case() {
    let f = Fixture::base();
    f.write("CODEOWNERS", "* @coordinator\n");
    f.write(".github/workflows/ci.yml", "on: push\n");
    for args in [
        &["match", "--as-of", AS_OF, "--scores", "CODEOWNERS"][..],
        &[
            "match",
            "--as-of",
            AS_OF,
            "--scores",
            "./.github/workflows/ci.yml",
        ],
        &[
            "report",
            "--as-of",
            AS_OF,
            "--out",
            "Templates/remind/participant.txt",
        ],
        &["match", "--as-of", AS_OF, "--scores", "People/scores.csv"],
    ] {
        let out = f.mentor(args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("refusing to write"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(f.read("CODEOWNERS"), "* @coordinator\n");
    assert_eq!(f.read(".github/workflows/ci.yml"), "on: push\n");
    assert!(!f.path().join("Templates").exists());
    assert!(!f.path().join("People").exists());
}

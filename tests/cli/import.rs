//! `mentor import people`: the coordinator's first afternoon, every mapping
//! feature, row-level diagnostics, re-import and dry runs.

use std::path::{Path, PathBuf};

use crate::support::{assert_exit, item, mentor_in, repo_path, stderr, stdout};

/// A fresh `mentor init` programme in a temporary directory.
struct Afternoon {
    dir: tempfile::TempDir,
}

impl Afternoon {
    /// A programme laid out with `init --example`: its sample mentor and
    /// mentee (Ana Silva) are there to be updated by an import.
    fn new() -> Self {
        Self::init(&["--example"])
    }
    /// A programme laid out with a plain `init`, as the README's first
    /// afternoon does: no records yet.
    fn plain() -> Self {
        Self::init(&[])
    }
    fn init(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut args = vec!["init", "p", "--start", "2026-01-05"];
        args.extend_from_slice(extra);
        assert_exit(&mentor_in(dir.path(), &args), 0);
        Self { dir }
    }
    fn root(&self) -> PathBuf {
        self.dir.path().join("p")
    }
    fn write(&self, name: &str, text: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    }
    /// Import `file` into the programme with init's mapping.
    fn import(&self, file: &Path, extra: &[&str]) -> std::process::Output {
        let mut args = vec!["--map", "p/import-mapping.toml"];
        args.extend_from_slice(extra);
        self.import_with(file, &args)
    }
    /// Import `file` into the programme with these flags (`--map`, `--role`, ...).
    fn import_with(&self, file: &Path, flags: &[&str]) -> std::process::Output {
        let mut args = vec!["import", "people", file.to_str().expect("utf-8 path"), "p"];
        args.extend_from_slice(flags);
        mentor_in(self.dir.path(), &args)
    }
    fn person(&self, id: &str) -> String {
        std::fs::read_to_string(self.root().join(format!("people/{id}.toml"))).unwrap_or_default()
    }
    fn people(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root().join("people"))
            .expect("people")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A person file without the line saying when it was imported, to compare
/// two imports of the same people.
fn without_import_stamp(text: String) -> String {
    text.lines()
        .filter(|l| !l.starts_with("# Imported by"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sample() -> PathBuf {
    repo_path("examples/import/applications.csv")
}

fn sample_text() -> String {
    String::from_utf8_lossy(&std::fs::read(sample()).expect("sample"))
        .trim_start_matches('\u{feff}')
        .to_string()
}

#[test]
fn first_afternoon_import_then_match_then_validate_is_green() {
    let a = Afternoon::plain();
    let out = a.import(&sample(), &[]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("5 rows: 5 to create, 0 to update, 0 unchanged."),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        a.people(),
        [
            ".gitkeep",
            "ana-silva.toml",
            "ben-jones.toml",
            "farah-ali.toml",
            "lucia-fernandez.toml",
            "tom-okafor.toml"
        ]
    );
    let lucia = a.person("lucia-fernandez");
    assert!(lucia.contains("name = \"Lucía Fernández\""), "{lucia}");
    assert!(
        lucia.contains("expertise = [\"career-planning\", \"leadership\"]"),
        "competencies matched by name: {lucia}"
    );
    assert!(
        lucia.contains("modes = [\"virtual\", \"in-person\"]"),
        "answers mapped to values: {lucia}"
    );
    assert!(
        lucia.contains("trained_on = 2026-01-10"),
        "dd/mm/yyyy dates: {lucia}"
    );
    assert!(
        lucia.contains("applied_on = 2026-01-14"),
        "timestamps keep their date: {lucia}"
    );
    assert!(
        lucia.contains("group = \"professional-staff\""),
        "defaults: {lucia}"
    );
    assert!(
        lucia.contains("Co-led the buddy scheme."),
        "quoted newline kept: {lucia}"
    );
    let matched = mentor_in(a.dir.path(), &["match", "p", "--write"]);
    assert_exit(&matched, 0);
    assert!(
        stdout(&matched).contains("farah-ali"),
        "{}",
        stdout(&matched)
    );
    assert!(
        !stdout(&matched).contains("sam-lee")
            && stdout(&matched).contains("ana-silva  lucia-fernandez"),
        "no sample mentor takes a real applicant, and Ana is matched: {}",
        stdout(&matched)
    );
    assert!(
        !stdout(&matched).contains("ben-jones--tom-okafor"),
        "Tom is Ben's line manager"
    );
    let validate = mentor_in(a.dir.path(), &["validate", "p"]);
    assert_exit(&validate, 0);
    assert_eq!(stdout(&validate).trim(), "no problems found");
    // Each pair folder is laid out as the template's: schemas, an example
    // entry to copy, a feedback file and the agreement to fill in.
    let folder = a.root().join("pairs/ana-silva--lucia-fernandez");
    for (file, expected) in [
        ("pair.toml", "#:schema ../../schemas/pair.schema.json"),
        ("pair.toml", "# [agreement]"),
        ("goals.yaml", "$schema=../../schemas/goals.schema.json"),
        ("log.yaml", "#   - date: YYYY-MM-DD"),
        ("feedback.yaml", "#   - by: ana-silva"),
    ] {
        let text = std::fs::read_to_string(folder.join(file)).unwrap_or_default();
        assert!(text.contains(expected), "{file} lacks {expected}:\n{text}");
    }
}

#[test]
fn xlsx_export_gives_the_same_people_as_the_csv() {
    let csv = Afternoon::new();
    csv.import(&sample(), &[]);
    let xlsx = Afternoon::new();
    let out = xlsx.import(
        &repo_path("examples/import/applications.xlsx"),
        &["--sheet", "Form responses 1"],
    );
    assert_exit(&out, 0);
    for id in [
        "lucia-fernandez",
        "tom-okafor",
        "ana-silva",
        "ben-jones",
        "farah-ali",
    ] {
        assert_eq!(
            without_import_stamp(xlsx.person(id)),
            without_import_stamp(csv.person(id)),
            "{id}"
        );
    }
    let missing_sheet = xlsx.import(
        &repo_path("examples/import/applications.xlsx"),
        &["--sheet", "Nope"],
    );
    assert_exit(&missing_sheet, 2);
    assert!(
        stderr(&missing_sheet).contains("Form responses 1"),
        "lists the sheets: {}",
        stderr(&missing_sheet)
    );
}

/// The mapping `init` writes reads the sample form's Google Forms export
/// (examples/import/applications.csv: "Timestamp" as 1/14/2026 9:12:44,
/// checkbox answers joined by ", ") and its Microsoft Forms export
/// (examples/import/microsoft-forms.xlsx: ID, Start time, Completion time,
/// Email, Name first, checkbox answers as "A;B;") into the same people,
/// with no finding about Microsoft Forms' own columns.
#[cfg(feature = "xlsx")]
#[test]
fn inits_mapping_reads_the_google_forms_and_microsoft_forms_exports_alike() {
    let google = Afternoon::plain();
    let out = google.import(&sample(), &[]);
    assert_exit(&out, 0);
    let microsoft = Afternoon::plain();
    let out = microsoft.import(&repo_path("examples/import/microsoft-forms.xlsx"), &[]);
    assert_exit(&out, 0);
    assert!(!stdout(&out).contains("I002"), "{}", stdout(&out));
    assert_eq!(google.people(), microsoft.people());
    for id in [
        "lucia-fernandez",
        "tom-okafor",
        "ana-silva",
        "ben-jones",
        "farah-ali",
    ] {
        assert_eq!(
            without_import_stamp(microsoft.person(id)),
            without_import_stamp(google.person(id)),
            "{id}"
        );
    }
    let lucia = google.person("lucia-fernandez");
    assert!(
        lucia.contains("applied_on = 2026-01-14")
            && lucia.contains("trained_on = 2026-01-10")
            && lucia.contains("modes = [\"virtual\", \"in-person\"]")
            && lucia.contains("expertise = [\"career-planning\", \"leadership\"]"),
        "{lucia}"
    );
}

#[test]
fn excel_unicode_text_and_semicolon_exports_read_the_same() {
    let reference = Afternoon::new();
    reference.import(&sample(), &[]);
    let text = sample_text();
    // Excel "Unicode text": UTF-16LE with a BOM, tab-separated.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut tsv = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut tsv);
        for r in rdr.records() {
            w.write_record(&r.expect("row")).expect("write");
        }
    }
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in String::from_utf8_lossy(&tsv).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let unicode = Afternoon::new();
    let path = unicode.write("export.txt", &utf16);
    assert_exit(&unicode.import(&path, &[]), 0);
    // Semicolon-separated, no BOM (a European Excel CSV).
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut semi = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut semi);
        for r in rdr.records() {
            w.write_record(&r.expect("row")).expect("write");
        }
    }
    let european = Afternoon::new();
    let path = european.write("export.csv", &semi);
    assert_exit(&european.import(&path, &[]), 0);
    for id in ["lucia-fernandez", "farah-ali"] {
        assert_eq!(
            without_import_stamp(unicode.person(id)),
            without_import_stamp(reference.person(id)),
            "{id} from UTF-16"
        );
        assert_eq!(
            without_import_stamp(european.person(id)),
            without_import_stamp(reference.person(id)),
            "{id} from semicolons"
        );
    }
}

/// The sample with one cell replaced: (data row index from 0, header, new value).
fn sample_with(changes: &[(usize, &str, &str)]) -> Vec<u8> {
    let text = sample_text();
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = rdr.headers().expect("headers").clone();
    let mut out = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&headers).expect("header");
        for (i, r) in rdr.records().enumerate() {
            let mut cells: Vec<String> = r.expect("row").iter().map(str::to_string).collect();
            for (row, header, value) in changes {
                if *row == i {
                    let c = headers
                        .iter()
                        .position(|h| h == *header)
                        .expect("header present");
                    cells[c] = value.to_string();
                }
            }
            w.write_record(&cells).expect("row");
        }
    }
    out
}

#[test]
fn each_row_problem_is_reported_at_its_row_and_column_and_nothing_is_written() {
    let cases: &[(usize, &str, &str, &str)] = &[
        (
            1,
            "Areas you can help with",
            "Project management; Budgetting",
            "export.csv:3:13: error[I004]: row 3, column 'Areas you can help with': `Budgetting` is not a competency; help: did you mean `budgeting`?",
        ),
        (
            0,
            "I would like to",
            "Be mentored",
            "export.csv:2:6: error[I005]: row 2, column 'I would like to': `Be mentored` is not a role",
        ),
        (
            2,
            "Supervisor approval date",
            "31/02/2026",
            "export.csv:4:17: error[I006]: row 4, column 'Supervisor approval date': `31/02/2026` is not a date",
        ),
        (
            3,
            "Email address",
            "b.jones at example.org",
            "export.csv:5:3: error[I007]: row 5, column 'Email address': `b.jones at example.org` is not an email address",
        ),
        (
            4,
            "Full name",
            "",
            "export.csv:6:2: error[I003]: row 6: no name",
        ),
        (
            4,
            "Email address",
            "t.okafor@example.org",
            "export.csv:6:3: error[I008]: row 6: t.okafor@example.org is also on row 3",
        ),
        (
            1,
            "How would you like to meet?",
            "Carrier pigeon",
            "error[I005]: row 3, column 'How would you like to meet?': `Carrier pigeon` is not a modes",
        ),
    ];
    for (row, header, value, expected) in cases {
        let a = Afternoon::new();
        let before = a.people();
        let path = a.write("export.csv", &sample_with(&[(*row, header, value)]));
        let out = a.import(&path, &[]);
        assert_eq!(out.status.code(), Some(1), "{header}: {}", stdout(&out));
        assert!(
            stdout(&out).contains(expected),
            "{header}: expected\n{expected}\nin\n{}",
            stdout(&out)
        );
        assert!(stdout(&out).contains("Nothing written"));
        assert_eq!(a.people(), before, "{header}: nothing written");
    }
}

#[test]
fn a_mapping_naming_a_missing_column_or_field_is_an_error() {
    let a = Afternoon::new();
    let mapping = std::fs::read_to_string(a.root().join("import-mapping.toml")).expect("mapping");
    a.write(
        "bad.toml",
        mapping
            .replace(
                "department = \"Unit\"",
                "department = \"Unti\"\ndepartmnet = \"Unit\"",
            )
            .as_bytes(),
    );
    let out = a.import_with(&sample(), &["--map", "bad.toml"]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("error[I001]: the mapping reads `department` from column 'Unti'")
            && text.contains("did you mean 'Unit'?"),
        "{text}"
    );
    assert!(
        text.contains("error[I012]: [columns] names `departmnet`")
            && text.contains("did you mean `department`?"),
        "{text}"
    );
    a.write("broken.toml", b"[columns\nname = 1\n");
    let out = a.import_with(&sample(), &["--map", "broken.toml"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("broken.toml:1:"), "{}", stderr(&out));
}

#[test]
fn ids_come_from_a_column_or_the_name_and_are_deduplicated() {
    let a = Afternoon::new();
    let text = "Full name,Email address,I would like to,Staff no\r\nAna Silva,other.ana@example.org,Have a mentor,\r\nJosé Núñez,j1@example.org,Have a mentor,\r\nJosé Núñez,j2@example.org,Have a mentor,\r\nKim Lee,k@example.org,Be a mentor,kl-42\r\nMo,mo@example.org,Have a mentor,\r\n";
    let path = a.write("ids.csv", text.as_bytes());
    a.write("ids.toml", b"[id]\ncolumn = \"Staff no\"\n[columns]\nname = \"Full name\"\nemail = \"Email address\"\nrole = \"I would like to\"\n[values.role]\n\"Have a mentor\" = \"mentee\"\n\"Be a mentor\" = \"mentor\"\n");
    let out = a.import_with(&path, &["--map", "ids.toml"]);
    assert_exit(&out, 0);
    let people = a.people();
    for id in [
        "ana-silva-2.toml",
        "jose-nunez.toml",
        "jose-nunez-2.toml",
        "kl-42.toml",
        // A one-word name is lowercased like any other (it used to be
        // kept as written: `Mo.toml`).
        "mo.toml",
    ] {
        assert!(people.contains(&id.to_string()), "{id} in {people:?}");
    }
    assert!(!people.contains(&"Mo.toml".to_string()), "{people:?}");
    assert!(
        a.person("ana-silva").contains("ana.silva@example.org"),
        "the existing Ana is untouched"
    );
}

#[test]
fn role_flag_and_default_mapping_by_field_names() {
    let a = Afternoon::new();
    // Without a mapping of its own, columns named like the fields are read.
    std::fs::remove_file(a.root().join("import-mapping.toml")).unwrap();
    let path = a.write(
        "plain.csv",
        b"name,email,department,needs\nZoe Ng,zoe@example.org,Library,budgeting; leadership\n",
    );
    let out = a.import_with(&path, &["--role", "mentee"]);
    assert_exit(&out, 0);
    let zoe = a.person("zoe-ng");
    assert!(
        zoe.contains("role = \"mentee\"")
            && zoe.contains("needs = [\"budgeting\", \"leadership\"]"),
        "{zoe}"
    );
    let without_role = a.import_with(&path, &[]);
    assert_exit(&without_role, 1);
    assert!(
        stdout(&without_role).contains("I003") && stdout(&without_role).contains("pass --role"),
        "{}",
        stdout(&without_role)
    );
}

#[test]
fn reimport_updates_mapped_fields_only_and_keeps_hand_edits() {
    let a = Afternoon::new();
    a.import(&sample(), &[]);
    let path = a.root().join("people/tom-okafor.toml");
    let edited = std::fs::read_to_string(&path).expect("tom").replace("job_title = \"Registry Manager\"", "job_title = \"Registry Manager\" # as on the HR system\n# Tom asked for two mentees at most.\ncapacity = 2");
    std::fs::write(&path, &edited).expect("hand edit");
    // The new export: Tom has a new job title; Farah has left the form.
    let mut export = sample_with(&[(1, "Job title", "Head of Registry")]);
    let text = String::from_utf8_lossy(&export).to_string();
    export = text
        .lines()
        .filter(|l| !l.contains("Farah Ali"))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes();
    let file = a.write("export-v2.csv", &export);
    let out = a.import(&file, &[]);
    assert_exit(&out, 0);
    let tom = a.person("tom-okafor");
    assert!(
        tom.contains("job_title = \"Head of Registry\" # as on the HR system"),
        "value replaced, comment kept: {tom}"
    );
    assert!(
        tom.contains("# Tom asked for two mentees at most.\ncapacity = 2"),
        "hand-added field kept: {tom}"
    );
    assert!(
        stdout(&out).contains("warning[I010]: farah-ali is not in this export; kept as it is"),
        "{}",
        stdout(&out)
    );
    assert!(
        a.root().join("people/farah-ali.toml").is_file(),
        "never deleted"
    );
    assert!(
        stdout(&out).contains("0 to create, 1 to update, 3 unchanged"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let a = Afternoon::new();
    let before: Vec<(String, String)> = a
        .people()
        .into_iter()
        .map(|p| (p.clone(), a.person(p.trim_end_matches(".toml"))))
        .collect();
    let out = a.import(&sample(), &["--dry-run"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("--- create p/people/farah-ali.toml\n+ #:schema"),
        "{text}"
    );
    assert!(
        text.contains("--- update p/people/ana-silva.toml\n"),
        "{text}"
    );
    assert!(
        text.contains("- languages = [\"en\", \"pt\"]\n+ languages = [\"pt\", \"en\"]\n"),
        "{text}"
    );
    assert!(
        text.contains("  # A mentee. The file name (ana-silva) is the person's id.\n"),
        "unchanged lines shown as context: {text}"
    );
    assert!(text.contains("Dry run: nothing written."));
    let after: Vec<(String, String)> = a
        .people()
        .into_iter()
        .map(|p| (p.clone(), a.person(p.trim_end_matches(".toml"))))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn template_mapping_is_valid_and_names_every_field() {
    let out = mentor_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["import", "--template"],
    );
    assert_exit(&out, 0);
    let text = stdout(&out);
    let parsed: Result<toml::Table, _> = toml::from_str(&text);
    assert!(parsed.is_ok(), "{text}");
    for (field, _) in mentor::import::mapping::FIELDS {
        assert!(text.contains(&format!("\"{field}\"")), "{field}");
    }
}

#[test]
fn import_findings_come_in_every_validate_format() {
    let a = Afternoon::new();
    let path = a.write(
        "export.csv",
        &sample_with(&[(1, "Areas you can help with", "Budgetting")]),
    );
    let json = a.import(&path, &["--format", "json"]);
    assert_exit(&json, 1);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    let finding = item(&doc, "diagnostics", "code", "I004");
    assert_eq!(finding["line"], 3, "the spreadsheet row");
    assert_eq!(finding["column"], 13, "the spreadsheet column");
    assert_eq!(finding["severity"], "error");
    assert!(
        stderr(&json).contains("Nothing written"),
        "{}",
        stderr(&json)
    );

    let github = a.import(&path, &["--format", "github"]);
    let line = stdout(&github)
        .lines()
        .find(|l| l.contains("title=I004"))
        .map(str::to_string)
        .expect("a workflow command for I004");
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains("line=3,col=13"), "{line}");

    let human = a.import(&path, &["--format", "human"]);
    assert!(
        stdout(&human).contains("error[I004]: row 3, column 'Areas you can help with'")
            && stdout(&human).contains("export.csv:3:13"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn names_in_any_script_get_readable_ids_and_a_name_without_letters_is_an_error() {
    let a = Afternoon::new();
    std::fs::remove_file(a.root().join("import-mapping.toml")).unwrap();
    let export = a.write(
        "names.csv",
        "name,email,role\nИван Петров,ivan@example.org,mentee\n陈晓明,chen@example.org,mentee\nAyşe Yılmaz,ayse@example.org,mentor\n".as_bytes(),
    );
    let run = |file: &Path| a.import_with(file, &[]);
    let out = run(&export);
    assert_exit(&out, 0);
    for (id, name) in [
        ("ivan-petrov", "Иван Петров"),
        ("chen-xiao-ming", "陈晓明"),
        ("ayse-yilmaz", "Ayşe Yılmaz"),
    ] {
        assert!(
            a.person(id).contains(&format!("name = \"{name}\"")),
            "{id}: {}",
            a.person(id)
        );
    }

    let before = a.people();
    let nameless = a.write(
        "nameless.csv",
        b"name,email,role\n!!!,x@example.org,mentee\n",
    );
    let out = run(&nameless);
    assert_exit(&out, 1);
    assert!(
        stdout(&out)
            .contains("nameless.csv:2:1: error[I003]: row 2: no person id can be made from `!!!`"),
        "{}",
        stdout(&out)
    );
    assert_eq!(a.people(), before, "nothing written, and never an empty id");
}

#[test]
fn without_map_the_programme_mapping_is_used_and_the_programme_is_found_upward() {
    let a = Afternoon::plain();
    // From inside the programme's pairs folder, no DIR and no --map.
    let inside = a.root().join("pairs");
    let out = mentor_in(&inside, &["import", "people", sample().to_str().unwrap()]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("5 to create"), "{}", stdout(&out));
    assert!(
        a.person("lucia-fernandez")
            .contains("name = \"Lucía Fernández\"")
    );
    // Every command finds the programme from a folder inside it; paths in
    // findings are relative to where it ran.
    let out = mentor_in(&inside, &["validate", "--format", "concise"]);
    assert_exit(&out, 0);
    let out = mentor_in(
        a.dir.path(),
        &["validate", "-C", "p", "--format", "concise"],
    );
    assert_exit(&out, 0);
    std::fs::write(a.root().join("people/zz.toml"), "name = 3\n").unwrap();
    let out = mentor_in(&inside, &["validate", "--format", "concise"]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).starts_with("../people/zz.toml:1:"),
        "{}",
        stdout(&out)
    );
}

/// An export that has none of the mapping's columns (another form's, or a
/// mapping for another form) gets one finding naming what the mapping
/// expected and what the export has, not one per field.
#[test]
fn an_export_matching_none_of_the_mappings_columns_says_so_once() {
    let a = Afternoon::plain();
    let path = a.write(
        "other.csv",
        b"Submitted,Your name,Work email\n2026-01-05,Kim Lee,k@example.org\n",
    );
    let out = a.import(&path, &[]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(
        text.contains("error[I020]: the export has none of the")
            && text.contains("it expected 'Timestamp', ")
            && text.contains("'Full name'")
            && text.contains("it has 'Submitted', 'Your name', 'Work email'"),
        "{text}"
    );
    assert!(!text.contains("I001"), "{text}");
}

/// A cell whose answers are joined by another separator than the
/// mapping's is explained as that, not as unknown competencies.
#[test]
fn answers_joined_by_another_separator_name_the_setting_to_change() {
    let a = Afternoon::plain();
    let path = a.write(
        "export.csv",
        &sample_with(&[(
            1,
            "Areas you can help with",
            "Project management | Budgeting",
        )]),
    );
    let out = a.import(&path, &[]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("help: the cell separates its answers with \"|\", not the mapping's \";\" or \", \": set `list_separator = \"|\"` under [source]"),
        "{text}"
    );
}

/// `date_format` per column: a timestamp written month first beside date
/// questions written day first, each read with its own format.
#[test]
fn each_column_can_have_its_own_date_format() {
    let a = Afternoon::plain();
    let text = "Timestamp,Full name,Email address,I would like to,Mentor training completed on\n1/14/2026 9:12:44,Kim Lee,k@example.org,Be a mentor,10/01/2026\n";
    let path = a.write("export.csv", text.as_bytes());
    a.write(
        "dates.toml",
        b"[source]\ndate_format = \"%d/%m/%Y\"\n[columns]\nname = \"Full name\"\nemail = \"Email address\"\nrole = \"I would like to\"\ntrained_on = \"Mentor training completed on\"\napplied_on = { column = \"Timestamp\", date_format = \"%m/%d/%Y %H:%M:%S\" }\n[values.role]\n\"Be a mentor\" = \"mentor\"\n",
    );
    let out = a.import_with(&path, &["--map", "dates.toml"]);
    assert_exit(&out, 0);
    let kim = a.person("kim-lee");
    assert!(
        kim.contains("applied_on = 2026-01-14") && kim.contains("trained_on = 2026-01-10"),
        "{kim}"
    );
    // A date format on a field that is not a date is a mapping error.
    a.write(
        "wrong.toml",
        b"[columns]\nname = { column = \"Full name\", date_format = \"%d/%m/%Y\" }\n",
    );
    let out = a.import_with(&path, &["--map", "wrong.toml"]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("[columns] name has a `date_format`, but `name` is not a date"),
        "{}",
        stdout(&out)
    );
}

/// `avoid` and `prefer` answers import as person ids (by full name, email
/// or id, among the programme's people and the export's); `avoid` is
/// private and this programme seals, so it is sealed before it is written
/// (and matching, with the coordinator's identity, reads it); an answer
/// naming no one, or a private answer for someone with no key to seal it
/// to, stops the import with the reason.
#[test]
fn avoid_and_prefer_answers_become_ids_and_avoid_is_sealed() {
    use crate::support::Fixture;
    let f = Fixture::example();
    f.write(
        "map.toml",
        "[columns]\nname = \"Full name\"\nemail = \"Email address\"\nrole = \"Role\"\navoid = \"Who should you not be matched with?\"\nprefer = \"Preferred mentor\"\n",
    );
    let header =
        "Full name,Email address,Role,Who should you not be matched with?,Preferred mentor\n";
    let george = "George Kim,g.kim@westbridge.ac.uk,mentee,helen wright,p.shah@westbridge.ac.uk\n";
    f.write("one.csv", &format!("{header}{george}"));
    let out = f.mentor(&["import", "people", "one.csv", "--map", "map.toml"]);
    assert_exit(&out, 0);
    let person = f.read("people/george-kim.toml");
    assert!(person.contains("prefer = [\"priya-shah\"]"), "{person}");
    let avoid = person.split("avoid = ").nth(1).unwrap_or_default();
    assert!(
        avoid
            .trim_start()
            .starts_with("\"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----")
            && !person.contains("helen-wright")
            && !person.contains("helen wright"),
        "{person}"
    );
    let (code, findings) = f.validate();
    assert!(code == 0, "{findings:?}");
    // Matching opens it: Helen, allowed before, is now ruled out for George.
    let text = stdout(&f.mentor(&["match", "--as-of", "2026-03-16", "--explain", "george-kim"]));
    assert!(
        text.contains("helen-wright     -") && text.contains("for a confidential reason"),
        "{text}"
    );
    // Someone the answers cannot name, and a private answer for a new
    // applicant with no key yet: nothing is written.
    f.write(
        "two.csv",
        &format!("{header}{george}Kim Lee,kim.lee@example.org,mentee,Ben Jones,Nobody Here\n"),
    );
    let before = f.read("people/george-kim.toml");
    let out = f.mentor(&["import", "people", "two.csv", "--map", "map.toml"]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("error[I021]: row 3: `prefer`: `Nobody Here` is no one in the programme or this export")
            && text.contains("error[I022]: row 3: `avoid` is private and this programme seals it, but kim-lee must first have a public key"),
        "{text}"
    );
    assert_eq!(f.read("people/george-kim.toml"), before);
    assert!(!f.path().join("people/kim-lee.toml").exists());
}

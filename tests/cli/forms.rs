//! Applications from real forms: exports shaped as Google Forms, Microsoft
//! Forms and an HR system write them, each imported twice (a changed answer,
//! a new row, a removed row, a hand edit in between) with a mapping written
//! from the README, then validated and matched.

use std::path::{Path, PathBuf};

use crate::support::{assert_exit, mentor_in, stderr, stdout};

/// A programme laid out by `init` with its sample records removed and a
/// programme file that suits the forms below.
struct Office {
    dir: tempfile::TempDir,
}

const PROGRAMME: &str = r#"name = "Research Mentoring Network"
organisation = "Example Network"
format = "formal"
kind = "developmental"
mode = "virtual"
start = 2026-01-05
end = 2026-12-31
[coordinator]
name = "Coordinator"
email = "coordinator@example.org"
[mentors]
capacity = 1
[mentees]
eligible = []
supervisor_approval = SUPERVISOR
[[competencies]]
id = "fair-data"
name = "FAIR Data, Workflows, and Research"
[[competencies]]
id = "rse"
name = "Research software engineering"
[[competencies]]
id = "leadership"
name = "Leading people"
[[competencies]]
id = "policy"
name = "Policy writing"
"#;

impl Office {
    fn new(supervisor_approval: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        assert_exit(
            &mentor_in(dir.path(), &["init", "p", "--start", "2026-01-05"]),
            0,
        );
        let root = dir.path().join("p");
        std::fs::remove_dir_all(root.join("pairs")).unwrap();
        std::fs::remove_dir_all(root.join("people")).unwrap();
        std::fs::create_dir(root.join("people")).unwrap();
        std::fs::write(
            root.join("programme.toml"),
            PROGRAMME.replace("SUPERVISOR", &supervisor_approval.to_string()),
        )
        .unwrap();
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("p")
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Import with the mapping, expecting this exit status; the output.
    fn import(&self, export: &Path, mapping: &str, exit: i32) -> String {
        let map = self.write("mapping.toml", mapping.as_bytes());
        let out = mentor_in(
            self.dir.path(),
            &[
                "import",
                "people",
                export.to_str().unwrap(),
                "p",
                "--map",
                map.to_str().unwrap(),
            ],
        );
        assert_exit(&out, exit);
        format!("{}{}", stdout(&out), stderr(&out))
    }

    fn person(&self, id: &str) -> String {
        std::fs::read_to_string(self.root().join(format!("people/{id}.toml")))
            .unwrap_or_else(|_| panic!("people/{id}.toml"))
    }

    fn edit(&self, id: &str, f: impl FnOnce(String) -> String) {
        let path = self.root().join(format!("people/{id}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, f(text)).unwrap();
    }

    fn people(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root().join("people"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The programme validates (warnings allowed) and `match` runs.
    fn validates_and_matches(&self) {
        let out = mentor_in(self.dir.path(), &["validate", "p", "--as-of", "2026-03-16"]);
        assert_exit(&out, 0);
        let out = mentor_in(self.dir.path(), &["match", "p", "--as-of", "2026-03-16"]);
        assert_exit(&out, 0);
    }
}

const GOOGLE_MAPPING: &str = r#"# Google Forms: "Download responses (.csv)".
ignore = ["Biography", "GitHub handle"]
create_only = ["applied_on"]

[source]
list_separator = ", "
timestamp = "Timestamp"
duplicates = "latest"

[columns]
name = ["First Name", "Last Name"]
email = "Email Address"
expertise = "Which areas can you mentor in?"
modes = "How would you like to meet?"
languages = "Languages"
applied_on = "Timestamp"

[values.modes]
"Online" = "virtual"
"In person" = "in-person"
"No preference" = ["in-person", "virtual"]

[unknown]
expertise = "warn"

[defaults]
role = "mentor"
"#;

const GOOGLE_HEADER: &str = "\"Timestamp\",\"Email Address\",\"First Name\",\"Last Name\",\"Which areas can you mentor in?\",\"How would you like to meet?\",\"Languages\",\"Biography\",\"GitHub handle\"\n";

#[test]
fn google_forms_export_imports_twice_with_resubmissions_and_other_answers() {
    let office = Office::new(false);
    let v1 = format!(
        "{GOOGLE_HEADER}\
\"2026/01/12 10:03:55 AM GMT+1\",\"zoe.ng@example.org\",\"Zoë\",\"Ng\",\"FAIR Data, Workflows, and Research, Other: Data stewardship\",\"No preference\",\"English, French\",\"Bio, with a comma\",\"@zoe\"\n\
\"2026/01/13 9:15:02 AM GMT+1\",\"ben.okafor@example.org\",\"Ben\",\"Okafor\",\"Research software engineering\",\"Online\",\"English\",\"\",\"\"\n\
\"2026/01/14 4:40:10 PM GMT+1\",\"Zoe.Ng@example.org\",\"Zoë\",\"Ng\",\"FAIR Data, Workflows, and Research, Research software engineering\",\"No preference\",\"English, French\",\"\",\"\"\n\
\"2026/01/15 11:00:00 AM GMT+1\",\"ivan@example.org\",\"Иван\",\"Петров\",\"Leading people\",\"In person\",\"Russian, English\",\"\",\"\"\n"
    );
    let export = office.write("responses-v1.csv", v1.as_bytes());
    let out = office.import(&export, GOOGLE_MAPPING, 0);
    assert!(
        out.contains("warning[I014]: row 2: zoe.ng@example.org answered again on row 4"),
        "{out}"
    );
    assert!(
        !out.contains("I002"),
        "ignored columns are not reported: {out}"
    );
    let zoe = office.person("zoe-ng");
    assert!(zoe.contains("name = \"Zoë Ng\""), "{zoe}");
    assert!(
        zoe.contains("expertise = [\"fair-data\", \"rse\"]"),
        "the latest answer, the comma-holding option whole: {zoe}"
    );
    assert!(
        zoe.contains("modes = [\"in-person\", \"virtual\"]"),
        "{zoe}"
    );
    assert!(
        zoe.contains("applied_on = 2026-01-12"),
        "a resubmission keeps the first application's date: {zoe}"
    );
    assert!(
        office
            .person("ivan-petrov")
            .contains("name = \"Иван Петров\"")
    );
    office.validates_and_matches();

    // "Other:" text under `warn`: the row imports, the answer is reported.
    let other = format!(
        "{GOOGLE_HEADER}\"2026/01/16 10:00:00 AM GMT+1\",\"kim@example.org\",\"Kim\",\"Lee\",\"Policy writing, Other: Grant reviews\",\"Online\",\"English\",\"\",\"\"\n"
    );
    let export = office.write("one-more.csv", other.as_bytes());
    let out = office.import(&export, GOOGLE_MAPPING, 0);
    assert!(
        out.contains("warning[I013]") && out.contains("Other: Grant reviews"),
        "{out}"
    );
    // The mapping already says `expertise = "warn"`: the help does not.
    assert!(!out.contains("= \"warn\""), "{out}");
    assert!(
        office
            .person("kim-lee")
            .contains("expertise = [\"policy\"]")
    );

    // A hand edit, then version 2: Zoë edits her response (Google rewrites
    // the timestamp), Ben is gone from the export, Ana is new.
    office.edit("zoe-ng", |t| {
        format!("{t}location = \"Leeds\" # added by the coordinator\n")
            .replace("role = \"mentor\"", "role = \"both\"")
    });
    let v2 = format!(
        "{GOOGLE_HEADER}\
\"2026/02/20 8:00:00 AM GMT+1\",\"zoe.ng@example.org\",\"Zoë\",\"Ng\",\"Research software engineering, Leading people\",\"Online\",\"English, French\",\"\",\"\"\n\
\"2026/01/15 11:00:00 AM GMT+1\",\"ivan@example.org\",\"Иван\",\"Петров\",\"Leading people\",\"In person\",\"Russian, English\",\"\",\"\"\n\
\"2026/01/16 10:00:00 AM GMT+1\",\"kim@example.org\",\"Kim\",\"Lee\",\"Policy writing\",\"Online\",\"English\",\"\",\"\"\n\
\"2026/02/21 1:30:00 PM GMT+1\",\"ana.costa@example.org\",\"Ana\",\"Costa\",\"Policy writing\",\"Online\",\"Portuguese, English\",\"\",\"\"\n"
    );
    let export = office.write("responses-v2.csv", v2.as_bytes());
    let out = office.import(&export, GOOGLE_MAPPING, 0);
    assert!(
        out.contains("ben-okafor is not in this export; kept as it is"),
        "{out}"
    );
    let zoe = office.person("zoe-ng");
    assert!(
        zoe.contains("expertise = [\"rse\", \"leadership\"]"),
        "the changed answer: {zoe}"
    );
    assert!(
        zoe.contains("location = \"Leeds\" # added by the coordinator"),
        "the hand edit survives: {zoe}"
    );
    assert!(
        zoe.contains("applied_on = 2026-01-12"),
        "create_only: {zoe}"
    );
    assert!(
        zoe.contains("role = \"both\""),
        "a default does not reset an existing person: {zoe}"
    );
    assert!(office.person("ana-costa").contains("name = \"Ana Costa\""));
    assert!(office.people().contains(&"ben-okafor.toml".to_string()));
    office.validates_and_matches();
}

#[cfg(feature = "xlsx")]
const MSFORMS_MAPPING: &str = r#"# Microsoft Forms: "Open results in Excel".
ignore = ["ID", "Start time", "Name"]
create_only = ["applied_on"]

[source]
timestamp = "Completion time"
duplicates = "latest"

[columns]
name = "Full name"
email = "Email"
role = "Are you applying as a mentor or a mentee?"
department = "Agency"
needs = "Areas you want to develop"
expertise = "Areas you can mentor in"
modes = "Preferred meeting mode"
capacity = "Can you take more than one mentee?"
"supervisor_approval.by" = "Supervisor name"
"supervisor_approval.date" = "Supervisor approval date"
applied_on = "Completion time"

[values.role]
"Mentor" = "mentor"
"Mentee" = "mentee"

[values.modes]
"Virtual (Teams)" = "virtual"
"In person" = "in-person"
"No preference" = ["in-person", "virtual"]

[values.capacity]
"Yes" = 2
"No" = 1
"#;

/// A Microsoft Forms workbook: real date-time cells, multi-choice answers
/// joined with ";", one sheet (written with the `xlsx` feature's writer).
#[cfg(feature = "xlsx")]
fn msforms_workbook(path: &Path, rows: &[[&str; 13]]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let headers = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Full name",
        "Are you applying as a mentor or a mentee?",
        "Agency",
        "Areas you want to develop",
        "Areas you can mentor in",
        "Preferred meeting mode",
        "Can you take more than one mentee?",
        "Supervisor name",
        "Supervisor approval date",
    ];
    let dates = Format::new().set_num_format("m/d/yy h:mm:ss");
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_number(r, 0, f64::from(r)).unwrap();
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16 + 1;
            if cell.is_empty() {
                continue;
            }
            match ExcelDateTime::parse_from_str(cell) {
                Ok(moment) if c <= 2 || c == 13 => {
                    sheet
                        .write_datetime_with_format(r, c, &moment, &dates)
                        .unwrap();
                }
                _ => {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[cfg(feature = "xlsx")]
const THANDI: [&str; 13] = [
    "2026-01-12T09:00:00",
    "2026-01-12T09:05:00",
    "t.banda@example.gov",
    "Banda, T",
    "Thandi Banda",
    "Mentee",
    "Treasury",
    "Leading people;Policy writing",
    "",
    "Virtual (Teams)",
    "",
    "Ruth Moyo",
    "2026-01-10T00:00:00",
];

#[cfg(feature = "xlsx")]
const SAMIR: [&str; 13] = [
    "2026-01-12T10:00:00",
    "2026-01-12T10:07:00",
    "s.khan@example.gov",
    "Khan, S",
    "Samir Khan",
    "Mentor",
    "Health",
    "",
    "Leading people;Policy writing",
    "No preference",
    "Yes",
    "",
    "",
];

#[cfg(feature = "xlsx")]
#[test]
fn microsoft_forms_workbook_imports_twice() {
    let office = Office::new(true);
    let rows_v1 = [
        THANDI,
        SAMIR,
        [
            "2026-01-13T10:00:00",
            "2026-01-13T10:02:00",
            "l.ortiz@example.gov",
            "Ortiz, L",
            "Lena Ortiz",
            "Mentor",
            "Education",
            "",
            "Policy writing",
            "In person",
            "No",
            "",
            "",
        ],
    ];
    let export = office.dir.path().join("msforms-v1.xlsx");
    msforms_workbook(&export, &rows_v1);
    let out = office.import(&export, MSFORMS_MAPPING, 0);
    assert!(!out.contains("error["), "{out}");
    assert!(
        !out.contains("I009"),
        "cells empty only for the role that has no use for them are not news: {out}"
    );
    let samir = office.person("samir-khan");
    assert!(
        samir.contains("capacity = 2"),
        "a number mapped from \"Yes\": {samir}"
    );
    assert!(
        samir.contains("modes = [\"in-person\", \"virtual\"]"),
        "{samir}"
    );
    let thandi = office.person("thandi-banda");
    assert!(
        thandi.contains("[supervisor_approval]") && thandi.contains("date = 2026-01-10"),
        "{thandi}"
    );
    assert!(
        thandi.contains("applied_on = 2026-01-12"),
        "the completion time's date: {thandi}"
    );
    office.validates_and_matches();

    // Version 2: Thandi changes an answer (a second response), Lena's row is
    // gone, Omar is new; a hand-added job title survives.
    office.edit("samir-khan", |t| format!("{t}job_title = \"Director\"\n"));
    let rows_v2 = [
        THANDI,
        SAMIR,
        [
            "2026-02-01T08:00:00",
            "2026-02-01T08:03:00",
            "t.banda@example.gov",
            "Banda, T",
            "Thandi Banda",
            "Mentee",
            "Treasury",
            "Leading people",
            "",
            "In person",
            "",
            "Ruth Moyo",
            "2026-01-10T00:00:00",
        ],
        [
            "2026-02-02T08:00:00",
            "2026-02-02T08:03:00",
            "o.haddad@example.gov",
            "Haddad, O",
            "Omar Haddad",
            "Mentee",
            "Justice",
            "Policy writing",
            "",
            "Virtual (Teams)",
            "",
            "Ruth Moyo",
            "2026-02-01T00:00:00",
        ],
    ];
    let export = office.dir.path().join("msforms-v2.xlsx");
    msforms_workbook(&export, &rows_v2);
    let out = office.import(&export, MSFORMS_MAPPING, 0);
    assert!(
        out.contains("I014") && out.contains("lena-ortiz is not in this export"),
        "{out}"
    );
    let thandi = office.person("thandi-banda");
    assert!(
        thandi.contains("needs = [\"leadership\"]") && thandi.contains("modes = [\"in-person\"]"),
        "{thandi}"
    );
    assert!(
        office
            .person("samir-khan")
            .contains("job_title = \"Director\"")
    );
    assert!(
        office
            .person("omar-haddad")
            .contains("department = \"Justice\"")
    );
    office.validates_and_matches();
}

const HR_MAPPING: &str = r#"# The HR system's "Export (CSV)": semicolons, Windows' ANSI encoding,
# German and French headers, a trailing semicolon on every line.
[source]
encoding = "ANSI"
delimiter = ";"
date_format = "%d.%m.%Y"
list_separator = ","

[id]
column = "Personalnummer"

[columns]
name = "{Vorname} {Nachname}"
email = "E-Mail"
role = "Rôle"
department = "Abteilung"
languages = "Sprachen"
expertise = "Kompétences"
applied_on = "Eintrittsdatum"

[values.role]
"Mentor" = "mentor"
"Mentorin" = "mentor"
"Mentoré" = "mentee"
"Mentorée" = "mentee"

[values.expertise]
"Führung" = "leadership"
"Politique" = "policy"
"#;

/// Text as the HR system writes it: Windows-1252 bytes.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad);
    bytes.into_owned()
}

#[test]
fn hr_system_semicolon_ansi_export_imports_twice() {
    let office = Office::new(false);
    let header = "Personalnummer;Vorname;Nachname;E-Mail;Rôle;Abteilung;Sprachen;Kompétences;Eintrittsdatum;\r\n";
    let v1 = format!(
        "{header}\
4711;Jürgen;Müller;j.mueller@example.ch;Mentor;Finanzen;Deutsch,Français;Führung,Politique;01.03.2019;\r\n\
4712;Hélène;Dubois;h.dubois@example.ch;Mentorée;Informatique;Français;;15.01.2026;\r\n\
4713;Søren;Ødegård;s.odegard@example.ch;Mentoré;Recht;Deutsch;;20.01.2026;\r\n"
    );
    let export = office.write("hr-v1.csv", &windows_1252(&v1));
    let out = office.import(&export, HR_MAPPING, 0);
    assert!(!out.contains("error["), "{out}");
    let juergen = office.person("4711");
    assert!(juergen.contains("name = \"Jürgen Müller\""), "{juergen}");
    assert!(
        juergen.contains("expertise = [\"leadership\", \"policy\"]"),
        "{juergen}"
    );
    assert!(office.person("4712").contains("name = \"Hélène Dubois\""));
    office.validates_and_matches();

    office.edit("4712", |t| format!("# Coordinator: prefers mornings\n{t}"));
    let v2 = format!(
        "{header}\
4711;Jürgen;Müller;j.mueller@example.ch;Mentor;Finanzen;Deutsch,Français,English;Führung;01.03.2019;\r\n\
4712;Hélène;Dubois;h.dubois@example.ch;Mentorée;Informatique;Français;;15.01.2026;\r\n\
4714;Zoé;Faure;z.faure@example.ch;Mentorée;Finanzen;Français;;02.02.2026;\r\n"
    );
    let export = office.write("hr-v2.csv", &windows_1252(&v2));
    let out = office.import(&export, HR_MAPPING, 0);
    assert!(out.contains("4713 is not in this export"), "{out}");
    let juergen = office.person("4711");
    assert!(
        juergen.contains("languages = [\"Deutsch\", \"Français\", \"English\"]"),
        "{juergen}"
    );
    assert!(
        juergen.contains("expertise = [\"leadership\"]"),
        "{juergen}"
    );
    assert!(
        office
            .person("4712")
            .starts_with("# Coordinator: prefers mornings\n")
    );
    assert!(office.person("4714").contains("name = \"Zoé Faure\""));
    office.validates_and_matches();
}

#[test]
fn mapping_mistakes_get_plain_messages() {
    let office = Office::new(false);
    let tabs = office.write(
        "tabs.txt",
        b"Personalnummer\tVorname\tNachname\tE-Mail\n1\tA\tB\ta@example.ch\n",
    );
    // A semicolon mapping reused on a tab-separated file.
    let out = office.import(&tabs, HR_MAPPING, 1);
    assert!(
        out.contains("set `delimiter = \"\\t\"`") || out.contains("holds tabs"),
        "{out}"
    );
    // Two columns with one header, read by the mapping.
    let twice = office.write(
        "twice.csv",
        b"Name,Email,Name\nAna Costa,ana@example.org,Ana\n",
    );
    let out = office.import(
        &twice,
        "[columns]\nname = \"Name\"\nemail = \"Email\"\n[defaults]\nrole = \"mentee\"\n",
        1,
    );
    assert!(
        out.contains("error[I015]") && out.contains("2 times"),
        "{out}"
    );
    // Who approved without when: at the mapping, not at a people file.
    let out = office.import(
        &twice,
        "[columns]\nemail = \"Email\"\n\"supervisor_approval.by\" = \"Name\"\n",
        1,
    );
    assert!(
        out.contains("error[I012]") && out.contains("supervisor_approval.date"),
        "{out}"
    );
    assert!(!out.contains("people/"), "{out}");
    // A value of the wrong type.
    let out = office.import(
        &twice,
        "[columns]\nname = \"Email\"\n[defaults]\ncapacity = [\"x\"]\n",
        1,
    );
    assert!(
        out.contains("error[I012]") && out.contains("[defaults] capacity is a list"),
        "{out}"
    );
    // An encoding Windows calls by another name, and one that does not exist.
    let out = office.import(
        &twice,
        "[source]\nencoding = \"klingon\"\n[columns]\nname = \"Email\"\n",
        2,
    );
    assert!(
        out.contains("unknown encoding") && out.contains("windows-1252"),
        "{out}"
    );
}

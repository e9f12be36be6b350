//! The mapping file: which column feeds which field, how list cells split,
//! how answers map to values, and how the file is read.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Deserialize;

use crate::decode::{Field, did_you_mean};
use crate::diagnostic::{Code, Diagnostic};
use crate::import::finding;
use crate::load::display_path;
use crate::load::programme_file::{IMPORT_MAPPING, read_support};
use crate::model::{Approval, Person, PersonStatus, Platform, Role, WorkMode};
use crate::source::{ByteRange, SourceFile, Sources, Span};

/// A person field an import fills: one of the person's own
/// (`Person::EMAIL`), or a part of one of its tables (`Approval::BY` of
/// `supervisor_approval`). Made from `record!`'s field constants, so a
/// renamed field does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    field: Field,
    part: Option<Field>,
}

impl Target {
    /// One of the person's own fields.
    pub const fn of(field: Field) -> Self {
        Self { field, part: None }
    }

    /// A field of the person's table `table`.
    pub const fn part(table: Field, part: Field) -> Self {
        Self {
            field: table,
            part: Some(part),
        }
    }

    /// The person's field: the table, for a part of one.
    pub fn field(self) -> Field {
        self.field
    }

    /// Whether a mapping file's `name` (`email`, `supervisor_approval.by`)
    /// names this field.
    pub fn is_named(self, name: &str) -> bool {
        match self.part {
            None => name == self.field.name(),
            Some(part) => name.split_once('.') == Some((self.field.name(), part.name())),
        }
    }

    /// The name as the mapping file and the writer spell it, byte by byte.
    fn bytes(self) -> impl Iterator<Item = u8> {
        let part = self.part.map(|p| p.name()).unwrap_or_default();
        let dot: &[u8] = if self.part.is_some() { b"." } else { b"" };
        self.field
            .name()
            .bytes()
            .chain(dot.iter().copied())
            .chain(part.bytes())
    }
}

impl From<Field> for Target {
    fn from(field: Field) -> Self {
        Self::of(field)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field.name())?;
        match self.part {
            Some(part) => write!(f, ".{}", part.name()),
            None => Ok(()),
        }
    }
}

/// In the order of their names, as a file sorts its keys.
impl Ord for Target {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Who approved a mentee's taking part, and when: both or neither.
pub const APPROVED_BY: Target = Target::part(Person::SUPERVISOR_APPROVAL, Approval::BY);
/// When the supervisor approved.
pub const APPROVED_ON: Target = Target::part(Person::SUPERVISOR_APPROVAL, Approval::DATE);

/// How a person field is read from a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Items separated by the list separator.
    List,
    /// Items matched to the programme's competencies by id or name.
    Competencies,
    /// One of a closed set of values.
    Choice(&'static [&'static str]),
    /// Items, each one of a closed set.
    Choices(&'static [&'static str]),
    Date,
    Number,
    /// A user, team or group name on a git host, checked against its grammar.
    Handle(Platform),
    /// Items naming people (an email, an id or a full name), made ids on import.
    People,
}

/// Every person field an import can fill, in the order new files list them.
pub const FIELDS: &[(Target, Kind)] = &[
    (Target::of(Person::NAME), Kind::Text),
    (Target::of(Person::EMAIL), Kind::Text),
    (Target::of(Person::ROLE), Kind::Choice(Role::ALL)),
    (Target::of(Person::JOB_TITLE), Kind::Text),
    (Target::of(Person::DEPARTMENT), Kind::Text),
    (Target::of(Person::ORGANISATION), Kind::Text),
    (Target::of(Person::MANAGER), Kind::Text),
    (Target::of(Person::GROUP), Kind::Text),
    (Target::of(Person::LANGUAGES), Kind::List),
    (Target::of(Person::LOCATION), Kind::Text),
    (Target::of(Person::MODES), Kind::Choices(WorkMode::ALL)),
    (Target::of(Person::AVAILABILITY), Kind::List),
    (Target::of(Person::STYLE), Kind::Text),
    (Target::of(Person::NEEDS), Kind::Competencies),
    (Target::of(Person::EXPERTISE), Kind::Competencies),
    (Target::of(Person::CAPACITY), Kind::Number),
    (Target::of(Person::GROUP_SIZE), Kind::Number),
    (Target::of(Person::HOURS_PER_MONTH), Kind::Number),
    (Target::of(Person::TRAINED_ON), Kind::Date),
    (Target::of(Person::STATUS), Kind::Choice(PersonStatus::ALL)),
    (Target::of(Person::APPLIED_ON), Kind::Date),
    (Target::of(Person::INTAKE), Kind::Text),
    (Target::of(Person::EXPERIENCE), Kind::Text),
    (Target::of(Person::GITHUB), Kind::Handle(Platform::Github)),
    (Target::of(Person::GITLAB), Kind::Handle(Platform::Gitlab)),
    (Target::of(Person::AVOID), Kind::People),
    (Target::of(Person::PREFER), Kind::People),
    (APPROVED_BY, Kind::Text),
    (APPROVED_ON, Kind::Date),
];

/// The field a mapping file names, and how it is read.
pub fn field_named(name: &str) -> Option<(Target, Kind)> {
    FIELDS.iter().find(|(t, _)| t.is_named(name)).copied()
}

/// A mapping file (TOML).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Columns the export has and the mapping deliberately does not use
    /// (biographies, social handles): no "not mapped" warning for them.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Fields set only when a person is created, never changed by a
    /// re-import (`applied_on` from a timestamp the form rewrites on edits).
    #[serde(default)]
    pub create_only: Vec<String>,
    #[serde(default)]
    pub source: SourceSettings,
    #[serde(default)]
    pub id: IdSettings,
    /// field = "column header", or several headers joined with a space
    /// (`["First name", "Last name"]`), or a template (`"{Last name}, {First name}"`).
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
    /// field -> answer -> value (text, a list for list fields, a number for numbers).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, Answer>>,
    /// field -> what to do with list answers that are no known value.
    #[serde(default)]
    pub unknown: BTreeMap<String, UnknownAnswers>,
    /// field = value, for rows that leave the field empty; applied only to
    /// people being created.
    #[serde(default)]
    pub defaults: BTreeMap<String, Answer>,
    /// training session id = "column header" whose cells are the dates the
    /// person attended it: each becomes an `[[attended]]` entry.
    #[serde(default)]
    pub training: BTreeMap<String, String>,
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// One column, or a template naming columns in braces.
    One(String),
    /// Several columns, joined with a space (empty ones left out).
    Joined(Vec<String>),
    /// A column with settings of its own.
    Table(ColumnTable),
}

/// `field = { column = "Timestamp", date_format = "%m/%d/%Y %H:%M:%S" }`:
/// a column read with its own date format (a form's timestamp and its date
/// questions are often written differently), or `first_of` a few headers,
/// so that one mapping reads the exports of two form tools (Google Forms'
/// "Timestamp", Microsoft Forms' "Completion time").
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnTable {
    /// The column (or a template), as a plain `field = "..."` gives it.
    pub column: Option<String>,
    /// Or the first of these headers that the export has.
    #[serde(default)]
    pub first_of: Vec<String>,
    /// This column's dates, in chrono's strftime syntax (instead of
    /// `[source] date_format`).
    pub date_format: Option<String>,
}

impl ColumnSpec {
    /// The headers it reads, in order (for `first_of`, every alternative).
    pub fn headers(&self) -> Vec<String> {
        match self {
            ColumnSpec::Joined(headers) => headers.clone(),
            ColumnSpec::One(text) if text.contains('{') => text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(h, _)| h.to_string()))
                .collect(),
            ColumnSpec::One(header) => vec![header.clone()],
            ColumnSpec::Table(table) => match &table.column {
                Some(column) => ColumnSpec::One(column.clone()).headers(),
                None => table.first_of.clone(),
            },
        }
    }

    /// The alternatives of a `first_of`, any one of which will do; empty
    /// for a spec that reads all its headers.
    pub fn alternatives(&self) -> &[String] {
        match self {
            ColumnSpec::Table(table) if table.column.is_none() => &table.first_of,
            _ => &[],
        }
    }

    /// The column's own date format, if it has one.
    pub fn date_format(&self) -> Option<&str> {
        match self {
            ColumnSpec::Table(table) => table.date_format.as_deref(),
            _ => None,
        }
    }

    /// How it is shown in messages.
    pub fn describe(&self) -> String {
        match self {
            ColumnSpec::One(text) => text.clone(),
            ColumnSpec::Joined(headers) => headers.join("' + '"),
            ColumnSpec::Table(table) => match &table.column {
                Some(column) => column.clone(),
                None => table.first_of.join("' or '"),
            },
        }
    }
}

/// A value the mapping gives an answer (or a default), in the field's own type.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    List(Vec<String>),
    Number(i64),
}

impl Answer {
    /// What kind of value it is, for messages.
    fn describe(&self) -> &'static str {
        match self {
            Answer::Text(_) => "text",
            Answer::List(_) => "list",
            Answer::Number(_) => "number",
        }
    }
}

/// What an answer that is no known value does to its row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownAnswers {
    /// The row is an error (nothing is imported until it is fixed).
    #[default]
    Error,
    /// The answer is left out and reported; the row is imported.
    Warn,
    /// The answer is left out silently ("Other:" free text).
    Ignore,
}

/// Two rows for the same person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Duplicates {
    /// An error naming both rows.
    #[default]
    Error,
    /// Keep the latest response (by `[source] timestamp`, else the later
    /// row) and report the older ones.
    Latest,
}

/// `list_separator`: one, or several any of which separates items.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Separators {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    /// XLSX: the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// CSV: "," ";" or "\t" (default: whichever the header row uses most).
    pub delimiter: Option<String>,
    /// CSV: an encoding label such as "utf-16le" or "windows-1252" (default: from the BOM, else UTF-8).
    pub encoding: Option<String>,
    /// Dates as the export writes them, in chrono's strftime syntax; a date-time
    /// format keeps the date (ISO dates are always accepted).
    pub date_format: Option<String>,
    /// What separates items in list cells (default ";"), or a list of
    /// separators, any of which does (`[";", ", "]`: Microsoft Forms and
    /// Google Forms alike).
    pub list_separator: Option<Separators>,
    /// The column with each response's submission time.
    pub timestamp: Option<String>,
    /// What two rows for one email mean: "error" (default) or "latest".
    #[serde(default)]
    pub duplicates: Duplicates,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdSettings {
    /// Take the person id from this column; otherwise it is made from the name.
    pub column: Option<String>,
}

impl Mapping {
    /// Without a mapping file: every column whose header is a field name.
    pub fn from_headers(headers: &[String]) -> Self {
        let columns = headers
            .iter()
            .filter_map(|h| {
                let field = h.trim().to_lowercase().replace([' ', '-'], "_");
                field_named(&field).map(|_| (field, ColumnSpec::One(h.clone())))
            })
            .collect();
        Self {
            columns,
            ..Self::default()
        }
    }

    /// What separates the items of a list cell: any of these.
    pub fn list_separators(&self) -> Vec<&str> {
        match &self.source.list_separator {
            None => vec![";"],
            Some(Separators::One(one)) => vec![one.as_str()],
            Some(Separators::Many(many)) if many.is_empty() => vec![";"],
            Some(Separators::Many(many)) => many.iter().map(String::as_str).collect(),
        }
    }

    /// How the dates of the column with this header are written: its own
    /// `date_format` when a field reads it with one, else `[source]`'s.
    pub fn date_format_of(&self, header: &str) -> Option<&str> {
        self.columns
            .values()
            .filter(|spec| {
                spec.headers()
                    .iter()
                    .any(|h| h.trim().eq_ignore_ascii_case(header.trim()))
            })
            .find_map(ColumnSpec::date_format)
            .or(self.source.date_format.as_deref())
    }
}

/// Check the mapping against the person fields: every field it names is
/// one, every value it gives fits its field, and an approval is mapped
/// whole (who and when). Each problem is an I012 finding.
pub fn check_mapping(mapping: &Mapping, file: &str) -> Vec<Diagnostic> {
    let names: Vec<String> = FIELDS.iter().map(|(t, _)| t.to_string()).collect();
    let mut out = Vec::new();
    let mapping_error = |message: String, help: String| {
        let mut f = finding(file, Code::ImportInvalidMapping, 0, 0, message);
        f.help = Some(help);
        f
    };
    for (section, fields) in [
        ("columns", mapping.columns.keys().collect::<Vec<_>>()),
        ("values", mapping.values.keys().collect()),
        ("defaults", mapping.defaults.keys().collect()),
        ("unknown", mapping.unknown.keys().collect()),
        ("create_only", mapping.create_only.iter().collect()),
    ] {
        for field in fields.into_iter().filter(|f| field_named(f).is_none()) {
            out.push(mapping_error(
                format!("[{section}] names `{field}`, which is not a person field"),
                match did_you_mean(field, names.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("fields: {}", names.join(", ")),
                },
            ));
        }
    }
    out.extend(misfits(mapping, &mapping_error));
    out.extend(column_tables(mapping, &mapping_error));
    // Supervisor approval is a who and a when: both or neither.
    let mapped = |target: Target| {
        let named = |name: &String| target.is_named(name);
        mapping.columns.keys().any(named) || mapping.defaults.keys().any(named)
    };
    if mapped(APPROVED_BY) != mapped(APPROVED_ON) {
        let (given, missing) = if mapped(APPROVED_BY) {
            (APPROVED_BY, APPROVED_ON)
        } else {
            (APPROVED_ON, APPROVED_BY)
        };
        out.push(mapping_error(
            format!("the mapping fills `{given}` but not `{missing}`; an approval needs both who gave it and when"),
            format!("map `{missing}` under [columns] (or give it under [defaults])"),
        ));
    }
    out
}

/// A column table names its column one way (`column` or `first_of`), and
/// gives a date format only to a date field.
fn column_tables(
    mapping: &Mapping,
    mapping_error: &dyn Fn(String, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (field, spec) in &mapping.columns {
        let ColumnSpec::Table(table) = spec else {
            continue;
        };
        if table.column.is_some() != table.first_of.is_empty() {
            out.push(mapping_error(
                format!("[columns] {field} needs either `column` or `first_of`, not both or neither"),
                "`column = \"Header\"` reads one column; `first_of = [\"Timestamp\", \"Completion time\"]` the first of these the export has".into(),
            ));
        }
        let is_date = field_named(field).is_some_and(|(_, kind)| kind == Kind::Date);
        if table.date_format.is_some() && !is_date {
            out.push(mapping_error(
                format!("[columns] {field} has a `date_format`, but `{field}` is not a date"),
                "give `date_format` to date fields only (applied_on, trained_on, supervisor_approval.date)".into(),
            ));
        }
    }
    out
}

/// Values the mapping gives (answers and defaults) of a shape their field
/// cannot hold.
fn misfits(
    mapping: &Mapping,
    mapping_error: &dyn Fn(String, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let answers = mapping
        .values
        .iter()
        .flat_map(|(field, answers)| answers.iter().map(move |(a, v)| (field, Some(a), v)))
        .chain(mapping.defaults.iter().map(|(field, v)| (field, None, v)));
    let mut out = Vec::new();
    for (field, answer, value) in answers {
        let Some((_, kind)) = field_named(field) else {
            continue;
        };
        let fits = matches!(
            (kind, value),
            (_, Answer::Text(_))
                | (
                    Kind::List | Kind::Choices(_) | Kind::Competencies | Kind::People,
                    Answer::List(_)
                )
                | (Kind::Number, Answer::Number(_))
        );
        if !fits {
            let place = answer.map_or_else(
                || format!("[defaults] {field}"),
                |a| format!("[values.{field}] \"{a}\""),
            );
            out.push(mapping_error(
                format!(
                    "{place} is a {}, which `{field}` cannot hold",
                    value.describe()
                ),
                match kind {
                    Kind::Number => "give a whole number, such as 1".to_string(),
                    Kind::List | Kind::Choices(_) | Kind::Competencies | Kind::People => {
                        "give text or a list of texts".to_string()
                    }
                    _ => "give text, in quotes".to_string(),
                },
            ));
        }
    }
    out
}

/// The mapping's file and text: `given` (`--map`, the person's own
/// choice) as given, else the programme's own mapping (`init` writes one),
/// read through no link; `None` without either.
pub fn find(dir: &Path, given: Option<&Path>) -> Result<Option<(PathBuf, String)>> {
    match given {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the mapping {}", path.display()))?;
            Ok(Some((path.to_path_buf(), text)))
        }
        None => Ok(
            read_support(dir, IMPORT_MAPPING)?.map(|text| (dir.join(IMPORT_MAPPING.path), text))
        ),
    }
}

/// Parse the mapping file; a file that is not a valid mapping is an I012
/// finding pointing into it (its text joins `sources` for the snippet).
pub fn parse(path: &Path, text: String, sources: &mut Sources) -> Result<Mapping, Diagnostic> {
    let parsed = toml::from_str::<Mapping>(&text);
    let file = sources.push(SourceFile::new(
        path.to_path_buf(),
        display_path(path),
        text,
    ));
    parsed.map_err(|e| {
        let range = e
            .span()
            .map_or_else(ByteRange::default, |s| ByteRange::new(s.start, s.end));
        Diagnostic::new(
            Code::ImportInvalidMapping,
            Span::new(file, range),
            format!("invalid mapping: {}", e.message()),
        )
        .help("fix the mapping file; `mentor import --template` prints one to start from")
    })
}

/// A commented mapping for the programme's fields, to start from.
pub fn template() -> String {
    let mut out = String::from(
        "# mentor import mapping: which column of the form export feeds which field.\n\
         # Use with: mentor import people applications.csv --map this-file.toml\n\n\
         # Columns you do not use (no \"not mapped\" warning for them):\n\
         # ignore = [\"Biography\", \"Why do you want to take part?\"]\n\
         # Fields set when a person is created and never changed by a re-import:\n\
         # create_only = [\"applied_on\"]\n\n\
         [source]\n\
         # sheet = \"Form responses 1\"   # XLSX: the sheet to read (default: the first)\n\
         # delimiter = \";\"              # CSV: , ; or \\t (default: detected)\n\
         # encoding = \"utf-16le\"        # CSV: default from the byte-order mark, else UTF-8\n\
         date_format = \"%d/%m/%Y\"       # dates as the export writes them (a date-time such as \"%d/%m/%Y %H:%M:%S\" keeps the date); ISO dates always work\n\
         list_separator = \";\"           # how checkbox answers are separated in a cell (Google Forms: \", \"; both: [\";\", \", \"])\n\
         # timestamp = \"Timestamp\"      # when each response was sent\n\
         # duplicates = \"latest\"        # two responses from one email: keep the latest (default: an error)\n\n\
         [id]\n\
         # column = \"Staff number\"      # take ids from a column; default: made from the name (ana-silva)\n\n\
         [columns]                      # field = \"column header\"; delete the lines you do not need\n\
         # name = [\"First name\", \"Last name\"]   # several columns, joined with a space\n\
         # name = \"{Last name}, {First name}\"     # or a template\n",
    );
    for (field, kind) in FIELDS {
        let note = match kind {
            Kind::Text => "",
            Kind::List => "   # a list",
            Kind::Competencies => "   # competency ids or names, a list",
            Kind::Choice(values) | Kind::Choices(values) => &format!("   # {}", values.join(" | ")),
            Kind::Date => "   # a date",
            Kind::Number => "   # a whole number",
            Kind::Handle(_) => "   # a user name, such as ana-silva",
            Kind::People => {
                "   # people, by email, id or full name; made ids (sealed where the programme seals the field)"
            }
        };
        out.push_str(&format!("# \"{field}\" = \"Column header\"{note}\n"));
    }
    out.push_str(
        "\n# Answers that are not already values:\n\
         [values.role]\n\"I would like a mentor\" = \"mentee\"\n\"I would like to mentor\" = \"mentor\"\n\n\
         [values.modes]\n\"Online\" = \"virtual\"\n\"Face to face\" = \"in-person\"\n\"No preference\" = [\"in-person\", \"virtual\"]   # a list for a list field\n\n\
         # [values.capacity]\n# \"Yes\" = 1                        # a number for a number field\n\n\
         # List answers that are no known value (Google Forms' \"Other:\" text):\n\
         # \"error\" (default), \"warn\" (left out and reported) or \"ignore\".\n\
         [unknown]\n# needs = \"warn\"\n\n\
         # Values for people being created whose row leaves a field empty:\n\
         [defaults]\n# group = \"professional-staff\"\n# modes = [\"virtual\"]\n\n\
         # Training sessions attended: session id = the column of the dates\n\
         # (each date adds an [[attended]] entry; a re-import adds none twice):\n\
         [training]\n# mentee-orientation = \"Orientation attended on\"\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Decode;

    /// Person fields an import deliberately does not fill, and why.
    const NOT_IMPORTED: &[&str] = &[
        // Filled through its parts, `supervisor_approval.by` and `.date`.
        "supervisor_approval",
        // Public keys come from the person (`github.com/<user>.keys`), pasted by hand.
        "keys",
        // Commit addresses are the person's to add when they commit from another.
        "aliases",
        // Set when the person leaves (`mentor person withdraw|complete`), never on applying.
        "left_on",
        // Filled from `[training]`: a column of dates for each session.
        "attended",
        // A mentee's consent to be named is recorded when they give it for
        // a statement, not read from an application form.
        "share_name_in_recognition",
    ];

    #[test]
    fn the_mapping_fields_are_the_person_fields() {
        // Each mapping field is a person field by construction (a `Field`
        // constant); a part is one of the approval's, and each is found
        // by the name a mapping file gives it.
        for (target, kind) in FIELDS {
            let name = target.to_string();
            if let Some((table, part)) = name.split_once('.') {
                assert_eq!(table, Person::SUPERVISOR_APPROVAL.name());
                assert!(Approval::FIELDS.contains(&part), "{name}");
            }
            assert_eq!(field_named(&name), Some((*target, *kind)));
        }
        for field in Person::FIELDS {
            assert!(
                field_named(field).is_some() || NOT_IMPORTED.contains(field),
                "person field `{field}` is neither importable nor listed as not imported"
            );
        }
    }

    #[test]
    fn each_mapping_kind_fits_the_field_schema() {
        let schema = Person::schema();
        let approval = Approval::schema();
        for (target, kind) in FIELDS {
            let field = target.to_string();
            let property = match field.split_once('.') {
                Some((_, part)) => &approval["properties"][part],
                None => &schema["properties"][&field],
            };
            let fits = match kind {
                Kind::Text => {
                    property["type"] == "string"
                        && property.get("enum").is_none()
                        && property.get("pattern").is_none()
                }
                Kind::Handle(_) => property["type"] == "string" && property["pattern"].is_string(),
                Kind::List | Kind::Competencies | Kind::People => {
                    property["items"]["type"] == "string"
                }
                Kind::Choice(values) => property["enum"] == serde_json::json!(values),
                Kind::Choices(values) => property["items"]["enum"] == serde_json::json!(values),
                Kind::Date => property["format"] == "date",
                Kind::Number => property["type"] == "integer",
            };
            assert!(
                fits,
                "`{field}` is read as {kind:?} but declared as {property}"
            );
        }
    }
}

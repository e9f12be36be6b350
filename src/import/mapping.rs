//! The mapping file: which column feeds which field, how list cells split,
//! how answers map to values, and how the file is read.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{PersonStatus, Platform, Role, WorkMode};

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
}

/// Every person field an import can fill, in the order new files list them.
pub const FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("email", Kind::Text),
    ("role", Kind::Choice(Role::ALL)),
    ("job_title", Kind::Text),
    ("department", Kind::Text),
    ("organisation", Kind::Text),
    ("manager", Kind::Text),
    ("group", Kind::Text),
    ("languages", Kind::List),
    ("location", Kind::Text),
    ("modes", Kind::Choices(WorkMode::ALL)),
    ("availability", Kind::List),
    ("style", Kind::Text),
    ("needs", Kind::Competencies),
    ("expertise", Kind::Competencies),
    ("capacity", Kind::Number),
    ("trained_on", Kind::Date),
    ("status", Kind::Choice(PersonStatus::ALL)),
    ("applied_on", Kind::Date),
    ("experience", Kind::Text),
    ("github", Kind::Handle(Platform::Github)),
    ("gitlab", Kind::Handle(Platform::Gitlab)),
    ("supervisor_approval.by", Kind::Text),
    ("supervisor_approval.date", Kind::Date),
];

pub fn kind_of(field: &str) -> Option<Kind> {
    FIELDS.iter().find(|(f, _)| *f == field).map(|&(_, k)| k)
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
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// One column, or a template naming columns in braces.
    One(String),
    /// Several columns, joined with a space (empty ones left out).
    Joined(Vec<String>),
}

impl ColumnSpec {
    /// The headers it reads, in order.
    pub fn headers(&self) -> Vec<String> {
        match self {
            ColumnSpec::Joined(headers) => headers.clone(),
            ColumnSpec::One(text) if text.contains('{') => text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(h, _)| h.to_string()))
                .collect(),
            ColumnSpec::One(header) => vec![header.clone()],
        }
    }

    /// How it is shown in messages.
    pub fn describe(&self) -> String {
        match self {
            ColumnSpec::One(text) => text.clone(),
            ColumnSpec::Joined(headers) => headers.join("' + '"),
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
    /// What separates items in list cells (default ";").
    pub list_separator: Option<String>,
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
                kind_of(&field).map(|_| (field, ColumnSpec::One(h.clone())))
            })
            .collect();
        Self {
            columns,
            ..Self::default()
        }
    }

    pub fn list_separator(&self) -> &str {
        self.source.list_separator.as_deref().unwrap_or(";")
    }
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
         list_separator = \";\"           # how checkbox answers are separated in a cell (Google Forms: \", \")\n\
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
         [defaults]\n# group = \"professional-staff\"\n# modes = [\"virtual\"]\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Decode;
    use crate::model::{Approval, Person};

    /// Person fields an import deliberately does not fill, and why.
    const NOT_IMPORTED: &[&str] = &[
        // Conflicts of interest and wishes are agreed with the coordinator, not typed in a form.
        "avoid",
        "prefer",
        // Filled through its parts, `supervisor_approval.by` and `.date`.
        "supervisor_approval",
        // Public keys come from the person (`github.com/<user>.keys`), pasted by hand.
        "keys",
        // Commit addresses are the person's to add when they commit from another.
        "aliases",
    ];

    #[test]
    fn the_mapping_fields_are_the_person_fields() {
        for (field, _) in FIELDS {
            let known = match field.split_once('.') {
                Some(("supervisor_approval", part)) => Approval::FIELDS.contains(&part),
                Some(_) => false,
                None => Person::FIELDS.contains(field),
            };
            assert!(
                known,
                "the mapping names `{field}`, which people do not have"
            );
        }
        for field in Person::FIELDS {
            assert!(
                kind_of(field).is_some() || NOT_IMPORTED.contains(field),
                "person field `{field}` is neither importable nor listed as not imported"
            );
        }
    }

    #[test]
    fn each_mapping_kind_fits_the_field_schema() {
        let schema = Person::schema();
        let approval = Approval::schema();
        for (field, kind) in FIELDS {
            let property = match field.split_once('.') {
                Some((_, part)) => &approval["properties"][part],
                None => &schema["properties"][field],
            };
            let fits = match kind {
                Kind::Text => {
                    property["type"] == "string"
                        && property.get("enum").is_none()
                        && property.get("pattern").is_none()
                }
                Kind::Handle(_) => property["type"] == "string" && property["pattern"].is_string(),
                Kind::List | Kind::Competencies => property["items"]["type"] == "string",
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

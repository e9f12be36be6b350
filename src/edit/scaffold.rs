//! New records laid out the same way by every command that creates them:
//! a pair folder (`match --write`, `new pair`) and a person file
//! (`new person`, `import`).

use std::path::Path;

use chrono::NaiveDate;

use crate::edit::{Change, EntryValue, toml};

/// How a new pair begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairStart {
    /// Proposed on the date (by `match`, or a coordinator).
    Proposed,
    /// Started on the date.
    Active,
}

/// A pair about to be created.
pub struct NewPair<'a> {
    pub mentor: &'a str,
    pub mentee: &'a str,
    pub start: PairStart,
    pub date: NaiveDate,
    /// Comment lines at the top of pair.toml, each ending in a newline.
    pub header: String,
    /// Further pair.toml fields (the score and reasons `match` writes).
    pub extra: Vec<(&'static str, EntryValue)>,
}

/// The files of a new pair folder `dir`: pair.toml, and empty goals and log
/// files that validate.
pub fn pair_folder(dir: &Path, pair: &NewPair) -> Vec<Change> {
    let mut fields = vec![
        ("mentor", EntryValue::Word(pair.mentor.to_string())),
        ("mentee", EntryValue::Word(pair.mentee.to_string())),
    ];
    match pair.start {
        PairStart::Active => {
            fields.push(("status", EntryValue::Word("active".into())));
            fields.push(("started", EntryValue::Date(pair.date)));
        }
        PairStart::Proposed => {
            fields.push(("status", EntryValue::Word("proposed".into())));
            fields.push(("proposed_on", EntryValue::Date(pair.date)));
        }
    }
    fields.extend(pair.extra.iter().cloned());
    let pair_toml = format!("{}{}", pair.header, toml::document(&fields));
    [
        ("pair.toml", pair_toml),
        (
            "goals.yaml",
            "# SMART goals: agree them at your first meeting.\ngoals: []\n".to_string(),
        ),
        (
            "log.yaml",
            "# Add one entry per meeting; private_notes never leave this file.\nmeetings: []\n"
                .to_string(),
        ),
    ]
    .into_iter()
    .map(|(name, text)| Change::create(dir.join(name), text))
    .collect()
}

/// A new person file at `path`: the schema modeline, the header comment lines,
/// then the fields.
pub fn person_file(path: &Path, header: &str, fields: &[(&str, EntryValue)]) -> Change {
    Change::create(
        path.to_path_buf(),
        format!(
            "#:schema ../schemas/person.schema.json\n{header}{}",
            toml::document(fields)
        ),
    )
}

//! The one writer: the only code that turns changes into file text and puts
//! it on disk.
//!
//! - [`yaml`] appends to YAML lists as text, keeping every other byte;
//! - [`toml`] edits TOML through `toml_edit`, keeping comments and layout;
//! - [`scaffold`] lays out new records (a pair folder, a person file) that
//!   `match --write`, `new pair` and `new person` share;
//! - [`transaction`] checks a set of [`Change`]s against the whole programme
//!   before anything is written, then writes them;
//! - [`lock`] lets one writer at a time change a programme;
//! - [`journal`] puts a change's files in place all or none, and recovers
//!   from an interrupted change this machine wrote;
//! - [`local_state`] is this machine's own state in `.mentor/`: the key
//!   that marks its journals, and what `validate` says about local state
//!   found in the repository;
//! - [`tree`] lays out a new folder of files that appears all at once (`init`);
//! - [`atomic`] writes one output file (an export, a schema) so that it is
//!   never seen half-written.
//!
//! Commands describe what they want written; nothing else writes records.

pub mod atomic;
pub mod erasure_state;
pub mod journal;
pub mod local_state;
pub mod lock;
pub mod scaffold;
pub mod sealed;
pub mod toml;
pub mod transaction;
pub mod tree;
pub mod yaml;

use chrono::NaiveDate;

use crate::decode::Field;

pub use transaction::{append_entries_to_pair, entries_change, survey_answers_change};

pub use atomic::{
    Overwrite, refuse_record_path, write_atomic, write_output, write_outputs_inside, write_private,
    write_support_file,
};
pub use lock::{Lock, interrupted, lock};
pub use transaction::{
    Change, Refusal, Removal, append_to_pair, apply, apply_with_removals, check, record_file, write,
};

/// One field of a record or list entry (a meeting, a goal, a person field),
/// described once and written in whichever syntax the file uses.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryValue {
    /// An id or enum value: plain in YAML, a string in TOML.
    Word(String),
    /// Free text, quoted.
    Text(String),
    Date(NaiveDate),
    Number(i64),
    Bool(bool),
    /// A list of ids.
    Ids(Vec<String>),
    /// A list of free texts.
    Texts(Vec<String>),
    /// A sealed value (armored age message): a literal block in YAML.
    Sealed(String),
    /// Ids and whole numbers: a flow mapping in YAML, an inline table in TOML.
    Levels(Vec<(String, i64)>),
}

/// Where a written value goes in its record, named by `record!`'s field
/// constants (never by text, so a renamed field does not compile): a field
/// (`Pair::STATUS.into()`), or a field of one of the record's tables
/// (`Target::within(Pair::CLOSURE, Closure::NOTE)`: `closure.note`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    table: Option<Field>,
    field: Field,
}

impl Target {
    /// `field` of the record's table `table`.
    pub const fn within(table: Field, field: Field) -> Self {
        Self {
            table: Some(table),
            field,
        }
    }

    /// As a message names it: `closure.note`.
    pub fn path(self) -> String {
        match self.table {
            Some(table) => format!("{}.{}", table.name(), self.field.name()),
            None => self.field.name().to_string(),
        }
    }
}

impl From<Field> for Target {
    fn from(field: Field) -> Self {
        Self { table: None, field }
    }
}

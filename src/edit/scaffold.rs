//! New records laid out the same way by every command that creates them:
//! a pair folder (`match --write`, `new pair`) and a person file
//! (`new person`, `import`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::DocumentMut;

use crate::decode::Field;
use crate::edit::{Change, EntryValue, Target, toml};
use crate::layout::{PAIR, PAIR_FILES};
use crate::model::{Pair, PairStatus};

/// How a new pair begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairStart {
    /// Proposed on the date (by `match`, or a coordinator).
    Proposed,
    /// Started on the date.
    Active,
}

impl PairStart {
    /// `--active`: started now; else proposed.
    pub fn from_active(active: bool) -> Self {
        if active { Self::Active } else { Self::Proposed }
    }
}

/// The `group` a new group folder writes: `Some(true)` outside a group
/// programme, where a folder must say it is a group; none inside one.
pub fn group_mark(programme: Option<&crate::model::Programme>) -> Option<bool> {
    (!programme.is_some_and(crate::model::Programme::is_group)).then_some(true)
}

/// The first free folder for a new pair named `base` under `pairs_dir`:
/// `base`, else `base-2`, `base-3`, ...: neither on disk nor among `taken`
/// (folders about to be written in the same change).
pub fn free_folder(pairs_dir: &Path, base: &str, taken: &[PathBuf]) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => pairs_dir.join(base),
            n => pairs_dir.join(format!("{base}-{n}")),
        })
        .find(|dir| !dir.exists() && !taken.contains(dir))
        .unwrap_or_else(|| pairs_dir.join(base))
}

/// A pair about to be created.
pub struct NewPair<'a> {
    pub mentor: &'a str,
    /// The one mentee of a pair, or a group's members (written as `mentees`).
    pub mentees: Vec<&'a str>,
    /// `group = true`: a group in a programme whose kind is not `group`.
    pub group: Option<bool>,
    pub start: PairStart,
    pub date: NaiveDate,
    /// Comment lines at the top of pair.toml, each ending in a newline.
    pub header: String,
    /// Further pair.toml fields (the score and reasons `match` writes).
    pub extra: Vec<(Field, EntryValue)>,
}

impl NewPair<'_> {
    /// Whether the folder is a group's: more than one mentee, or marked.
    fn writes_group(&self) -> bool {
        self.mentees.len() > 1 || self.group.is_some()
    }
}

/// The files of a new pair folder `dir`, one per row of the pair-file
/// table, each with its schema line and its row's template: pair.toml with
/// the pair's fields and an `[agreement]` to fill in, and list files that
/// validate, each with a commented example entry.
pub fn pair_folder(dir: &Path, pair: &NewPair) -> Vec<Change> {
    let word = |status: PairStatus| EntryValue::Word(status.as_str().into());
    let (status, since) = match pair.start {
        PairStart::Active => (PairStatus::Active, Pair::STARTED),
        PairStart::Proposed => (PairStatus::Proposed, Pair::PROPOSED_ON),
    };
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (
            Pair::MENTOR.into(),
            EntryValue::Word(pair.mentor.to_string()),
        ),
        match pair.mentees.as_slice() {
            [one] if !pair.writes_group() => {
                (Pair::MENTEE.into(), EntryValue::Word((*one).to_string()))
            }
            members => (
                Pair::MENTEES.into(),
                EntryValue::Ids(members.iter().map(|m| (*m).to_string()).collect()),
            ),
        },
        (Pair::STATUS.into(), word(status)),
        (since.into(), EntryValue::Date(pair.date)),
    ];
    if let Some(group) = pair.group {
        fields.insert(2, (Pair::GROUP.into(), EntryValue::Bool(group)));
    }
    fields.extend(
        pair.extra
            .iter()
            .map(|(f, v)| (Target::from(*f), v.clone())),
    );
    PAIR_FILES
        .iter()
        .filter(|file| file.scaffolded)
        .map(|file| {
            // The templates' examples name one mentee as `by`: in a group,
            // the first member (a list there would not be a valid `by`).
            let template = file.template.replace(
                "{mentee}",
                pair.mentees.first().copied().unwrap_or_default(),
            );
            let text = if **file == PAIR {
                let fields = toml::document(&fields);
                format!("{}{}{fields}\n{template}", file.schema_line(), pair.header)
            } else {
                format!("{}{template}", file.schema_line())
            };
            Change::create(dir.join(file.new_name()), text)
        })
        .collect()
}

/// A new person file at `path`: the schema modeline, the header comment
/// lines, then the record's fields.
pub fn person_file(path: &Path, header: &str, record: &DocumentMut) -> Change {
    Change::create(
        path.to_path_buf(),
        format!("#:schema ../schemas/person.schema.json\n{header}{record}"),
    )
}

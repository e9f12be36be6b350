//! A set of file changes that is checked against the whole programme before
//! anything is written, and then written so that no concurrent edit is lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::checks;
use crate::decode::Field;
use crate::diagnostic::{Diagnostic, locate};
use crate::edit::journal::{self, Staged};
use crate::edit::lock::Lock;
use crate::edit::{EntryValue, toml, yaml};
use crate::layout::{FileKind, PairFile, RECORD_EXTENSIONS};
use crate::load::{Overlay, display_path, load_changed};
use crate::workspace::Workspace;

/// One file to write: its new text, and the text it was computed from
/// (`None` for a new file). A file changed on disk in the meantime is not
/// overwritten.
#[derive(Clone, Debug)]
pub struct Change {
    pub path: PathBuf,
    pub base: Option<String>,
    pub text: String,
}

impl Change {
    /// A file that must not exist yet.
    pub fn create(path: PathBuf, text: String) -> Self {
        Self {
            path,
            base: None,
            text,
        }
    }

    /// A file whose current text is `base`.
    pub fn update(path: PathBuf, base: String, text: String) -> Self {
        Self {
            path,
            base: Some(base),
            text,
        }
    }
}

/// A record file to delete, whose current text is `base`: a file changed
/// on disk in the meantime is not deleted.
#[derive(Clone, Debug)]
pub struct Removal {
    pub path: PathBuf,
    pub base: String,
}

/// Why a set of changes was not written: the errors it would add, located in
/// the programme as it would be (`after`).
#[derive(Debug)]
pub struct Refusal {
    pub after: Workspace,
    pub errors: Vec<Diagnostic>,
}

/// Append an entry to the list of one of a pair's record files (`file`'s
/// row says which list), in whichever syntax the file is written, and write
/// it only if the programme still validates. Returns the file written.
pub fn append_to_pair(
    ws: &Workspace,
    pair: &str,
    file: &PairFile,
    fields: &[(Field, EntryValue)],
    lock: &Lock,
    today: NaiveDate,
) -> Result<PathBuf> {
    append_entries_to_pair(ws, pair, file, &[fields.to_vec()], lock, today)
}

/// Append several entries to one pair file in one change: all are
/// written, or none (a survey's answers, one entry per question).
pub fn append_entries_to_pair(
    ws: &Workspace,
    pair: &str,
    file: &PairFile,
    entries: &[Vec<(Field, EntryValue)>],
    lock: &Lock,
    today: NaiveDate,
) -> Result<PathBuf> {
    let change = entries_change(ws, pair, file, entries)?;
    let path = change.path.clone();
    apply(lock, ws, &[change], today)?;
    Ok(path)
}

/// The change that appends `entries` to `pair`'s `file`, for a caller
/// that writes several pairs' files in one all-or-nothing [`apply`].
pub fn entries_change(
    ws: &Workspace,
    pair: &str,
    file: &PairFile,
    entries: &[Vec<(Field, EntryValue)>],
) -> Result<Change> {
    let Some(entry) = ws.pair(pair) else {
        bail!("no pair `{pair}` under {}", ws.root.join("pairs").display());
    };
    let Some(list) = file.list() else {
        bail!("{} holds no list to add an entry to", file.new_name());
    };
    let (path, base) = record_file(&entry.dir, file)?;
    // A file a new folder does not start with begins as its template: its
    // schema line and the commented template that shows how to add an entry
    // by hand.
    let text = base.clone().unwrap_or_else(|| {
        if file.scaffolded {
            String::new()
        } else {
            format!(
                "{}{}",
                file.schema_line(),
                file.template
                    // One mentee as the example's `by`, as when scaffolded.
                    .replace(
                        "{mentee}",
                        entry.pair.mentee_ids().next().unwrap_or_default()
                    )
            )
        }
    });
    let text = append_items(text, &path, list, entries)?;
    Ok(Change { path, base, text })
}

/// `entries` appended, in order, to the list `list` of `text` (the file at
/// `path`, whose extension says its syntax).
fn append_items(
    mut text: String,
    path: &Path,
    list: Field,
    entries: &[Vec<(Field, EntryValue)>],
) -> Result<String> {
    for fields in entries {
        text = if path.extension().is_some_and(|e| e == "toml") {
            toml::append_item(&text, list, fields)?
        } else {
            yaml::append_item(&text, list, fields)?
        };
    }
    Ok(text)
}

/// The change that appends survey answers where they belong: the pair's
/// `surveys.yaml` when given for `pair`, else `person`'s own answers file.
pub fn survey_answers_change(
    ws: &Workspace,
    pair: Option<&str>,
    person: &str,
    entries: &[Vec<(Field, EntryValue)>],
) -> Result<Change> {
    match pair {
        Some(pair) => entries_change(ws, pair, &crate::layout::SURVEYS, entries),
        None => person_answers_change(ws, person, entries),
    }
}

/// The change that appends survey answers to person `id`'s own answers
/// file (`people/<id>.surveys.yaml`), started from its template when new.
fn person_answers_change(
    ws: &Workspace,
    id: &str,
    entries: &[Vec<(Field, EntryValue)>],
) -> Result<Change> {
    if ws.person(id).is_none() {
        bail!(
            "no person `{id}` under {}",
            ws.root.join("people").display()
        );
    }
    let path = crate::layout::person_surveys_path(&ws.root, id);
    let base = match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => Some(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        ),
        Ok(_) => bail!(
            "{} is not a file: it is refused, never written",
            path.display()
        ),
        Err(_) => None,
    };
    let start = base
        .clone()
        .unwrap_or_else(|| crate::layout::person_surveys_template(id));
    let text = append_items(
        start,
        &path,
        crate::model::SurveyAnswersFile::ANSWERS,
        entries,
    )?;
    Ok(Change { path, base, text })
}

/// A pair folder's record file of this row, in whichever syntax it was
/// written, with its current text; the row's new file when none exists.
pub fn record_file(dir: &Path, file: &PairFile) -> Result<(PathBuf, Option<String>)> {
    // A link is no record file: it is refused when written, never read.
    let existing = RECORD_EXTENSIONS
        .iter()
        .map(|ext| dir.join(format!("{}.{ext}", file.stem)))
        .find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()));
    match existing {
        Some(path) => {
            let text = crate::load::read_record_text(&path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", display_path(&path)))?;
            Ok((path, Some(text)))
        }
        None => Ok((dir.join(file.new_name()), None)),
    }
}

/// The errors of a loaded programme, as comparable (path, code, message)
/// triples; lines are left out because an edit moves them.
fn error_keys(ws: &Workspace, today: NaiveDate) -> BTreeMap<(String, String, String), usize> {
    let diagnostics = checks::refused_in_writes(ws, today);
    let mut keys = BTreeMap::new();
    for item in locate(&diagnostics, &ws.sources) {
        *keys
            .entry((
                item.path.to_string(),
                item.diagnostic.code.id().to_string(),
                item.diagnostic.message.clone(),
            ))
            .or_insert(0) += 1;
    }
    keys
}

/// The errors (with any private value left plaintext where the programme
/// seals: [`checks::refused_in_writes`]) the changes would add to the programme `before` (as loaded
/// now), judged on `today`; `None` when they add none. The programme is
/// parsed once more, with the changes laid over it in memory.
pub fn check(before: &Workspace, changes: &[Change], today: NaiveDate) -> Result<Option<Refusal>> {
    check_with_removals(before, changes, &[], today)
}

/// [`check`], with record files deleted as well.
pub fn check_with_removals(
    before: &Workspace,
    changes: &[Change],
    removals: &[Removal],
    today: NaiveDate,
) -> Result<Option<Refusal>> {
    // A path the loader would not read escapes the check: refuse it.
    let paths = changes
        .iter()
        .map(|c| &c.path)
        .chain(removals.iter().map(|r| &r.path));
    for path in paths {
        if FileKind::of(&before.root, path).is_none() {
            bail!(
                "nothing written: {} is not a record file of the programme in {}",
                display_path(path),
                display_path(&before.root)
            );
        }
    }
    let overlay: Overlay = changes
        .iter()
        .map(|c| (c.path.clone(), c.text.clone()))
        .collect();
    let removed: Vec<PathBuf> = removals.iter().map(|r| r.path.clone()).collect();
    let after = load_changed(&before.root, &overlay, &removed)?;
    let diagnostics = checks::refused_in_writes(&after, today);
    let mut seen = error_keys(before, today);
    let mut added = Vec::new();
    for item in locate(&diagnostics, &after.sources) {
        let d = item.diagnostic;
        let key = (
            item.path.to_string(),
            d.code.id().to_string(),
            d.message.clone(),
        );
        match seen.get_mut(&key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added.push(d.clone()),
        }
    }
    Ok((!added.is_empty()).then_some(Refusal {
        after,
        errors: added,
    }))
}

/// Write checked changes, all or none, unless a file changed underneath us
/// since its new text was computed. The lock proves no other mentor is
/// writing; the compare catches an editor saving meanwhile.
pub fn write(lock: &Lock, changes: &[Change]) -> Result<()> {
    write_with_removals(lock, changes, &[])
}

/// [`write`], with record files deleted as well, all or none.
pub fn write_with_removals(lock: &Lock, changes: &[Change], removals: &[Removal]) -> Result<()> {
    let expected = changes
        .iter()
        .map(|c| (&c.path, c.base.as_ref()))
        .chain(removals.iter().map(|r| (&r.path, Some(&r.base))));
    for (path, base) in expected {
        refuse_link(lock.root(), path)?;
        let current = match crate::load::read_record_text(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", display_path(path)));
            }
        };
        if current.as_ref() != base {
            bail!(
                "nothing written: {} changed while mentor was working; run the command again",
                display_path(path)
            );
        }
    }
    let staged: Vec<Staged> = changes
        .iter()
        .map(|c| Staged {
            path: &c.path,
            contents: c.text.as_bytes(),
        })
        .collect();
    let removed: Vec<&Path> = removals.iter().map(|r| r.path.as_path()).collect();
    journal::commit(lock, &staged, &removed)
}

/// Writers never replace a symbolic link, nor write through a linked folder.
fn refuse_link(root: &Path, path: &Path) -> Result<()> {
    for place in path
        .ancestors()
        .take_while(|p| *p != root && p.starts_with(root))
    {
        if std::fs::symlink_metadata(place).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "nothing written: {} is a symbolic link, and mentor never writes through links; replace it with the file itself",
                display_path(place)
            );
        }
    }
    Ok(())
}

/// Write the changes if, and only if, the programme they produce has no
/// errors that it did not have before; otherwise fail with the [`Refusal`].
pub fn apply(lock: &Lock, before: &Workspace, changes: &[Change], today: NaiveDate) -> Result<()> {
    apply_with_removals(lock, before, changes, &[], today)
}

/// [`apply`], with record files deleted as well.
pub fn apply_with_removals(
    lock: &Lock,
    before: &Workspace,
    changes: &[Change],
    removals: &[Removal],
    today: NaiveDate,
) -> Result<()> {
    if let Some(refusal) = check_with_removals(before, changes, removals, today)? {
        return Err(refusal.into());
    }
    write_with_removals(lock, changes, removals)
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "nothing written: the change would add {}",
            crate::text::count(self.errors.len(), "error")
        )
    }
}

impl std::error::Error for Refusal {}

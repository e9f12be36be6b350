//! All-or-nothing writes across files. A change is first written in full to
//! `.mentor/staging/` (same filesystem, flushed to disk), then a journal
//! naming every move is written, and only then are the files moved into
//! place. A new folder (a pair) is staged whole and moved in one rename, so
//! it never appears half made. If the process dies before the journal
//! exists, the next writer deletes the staging area (the change never
//! happened); if it dies after, the next writer completes the moves (the
//! change happened). Either way no temporary file is left among the records.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::edit::lock::{Lock, STATE_DIR};

/// The journal of a change whose files are staged and about to be moved.
pub const JOURNAL: &str = "journal";
/// Where changes are staged.
pub const STAGING: &str = "staging";

/// One move, with paths relative to the programme.
#[derive(Debug, Serialize, Deserialize)]
struct Move {
    from: PathBuf,
    to: PathBuf,
}

/// One file to put in place.
pub struct Staged<'a> {
    pub path: &'a Path,
    pub contents: &'a [u8],
}

/// Put every file in place, or none of them.
pub fn commit(lock: &Lock, files: &[Staged]) -> Result<()> {
    let root = lock.root();
    let state = root.join(STATE_DIR);
    let staging = state.join(STAGING).join(format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let result = stage_and_move(root, &state, &staging, files);
    if result.is_err() && !state.join(JOURNAL).exists() {
        // Nothing was moved: the change never happened.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage_and_move(root: &Path, state: &Path, staging: &Path, files: &[Staged]) -> Result<()> {
    fs::create_dir_all(staging)
        .with_context(|| format!("cannot create `{}`", staging.display()))?;
    let mut moves: Vec<Move> = Vec::new();
    let mut writes: Vec<(PathBuf, &[u8], Option<fs::Permissions>)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let relative = relative_to(root, file.path)?;
        let parent = file.path.parent().unwrap_or(root);
        let staged = match missing_top(root, parent) {
            // A folder that does not exist yet is staged whole and moved in once.
            Some(top) => {
                let top_relative = relative_to(root, &top)?;
                let index = moves
                    .iter()
                    .position(|m| m.to == top_relative)
                    .unwrap_or_else(|| {
                        moves.push(Move {
                            from: staging.join(format!("d{}", moves.len())),
                            to: top_relative.clone(),
                        });
                        moves.len() - 1
                    });
                let inside = relative.strip_prefix(&top_relative).unwrap_or(&relative);
                moves[index].from.join(inside)
            }
            None => {
                let staged = staging.join(format!("f{i}"));
                moves.push(Move {
                    from: staged.clone(),
                    to: relative.clone(),
                });
                staged
            }
        };
        writes.push((staged, file.contents, permissions_for(file.path)));
    }
    // Flushing thousands of files (an import) one by one costs more than
    // writing them: flush them together. (Creating them in parallel only
    // contends for the folder's lock.)
    let flush_together = cfg!(target_os = "linux") && writes.len() > BULK;
    for (path, contents, permissions) in writes {
        write_file(&path, contents, permissions, !flush_together)?;
    }
    if flush_together {
        flush_filesystem(staging)?;
    }
    sync_tree(staging);
    // The commit point: once the journal is on disk, the change happens.
    let journal: Vec<Move> = moves
        .iter()
        .map(|m| Move {
            from: relative_to(root, &m.from).unwrap_or_else(|_| m.from.clone()),
            to: m.to.clone(),
        })
        .collect();
    let text = serde_json::to_vec_pretty(&journal)?;
    let journal_path = state.join(JOURNAL);
    let temp = state.join(format!("{JOURNAL}.new"));
    write_file(&temp, &text, None, true)?;
    fs::rename(&temp, &journal_path)
        .with_context(|| format!("cannot write `{}`", journal_path.display()))?;
    sync_dir(state);
    finish(root, &journal)?;
    Ok(())
}

/// Do the moves of a committed change, then forget it.
fn finish(root: &Path, moves: &[Move]) -> Result<()> {
    let mut parents: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for m in moves {
        let from = root.join(&m.from);
        let to = root.join(&m.to);
        if !from.exists() {
            // Moved before an interruption.
            continue;
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        if from.is_dir() && to.exists() {
            bail!(
                "cannot finish an interrupted change: `{}` exists already; move it away and run the command again",
                to.display()
            );
        }
        fs::rename(&from, &to)
            .with_context(|| format!("cannot move the new file into `{}`", to.display()))?;
        parents.extend(to.parent().map(Path::to_path_buf));
    }
    // Each folder's new names are flushed once, not once per file.
    for parent in &parents {
        sync_dir(parent);
    }
    let state = root.join(STATE_DIR);
    fs::remove_file(state.join(JOURNAL)).context("cannot remove the finished journal")?;
    let _ = fs::remove_dir_all(state.join(STAGING));
    sync_dir(&state);
    Ok(())
}

/// Finish a change that was committed but interrupted, or drop one that was
/// not; remove temporary files an interrupted single-file write left.
pub fn recover(lock: &Lock) -> Result<()> {
    let root = lock.root();
    let state = root.join(STATE_DIR);
    let journal_path = state.join(JOURNAL);
    match fs::read(&journal_path) {
        Ok(bytes) => {
            let moves: Vec<Move> = serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "`{}` is damaged; restore the programme from git and delete it",
                    journal_path.display()
                )
            })?;
            finish(root, &moves)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let _ = fs::remove_dir_all(state.join(STAGING));
            let _ = fs::remove_file(state.join(format!("{JOURNAL}.new")));
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read `{}`", journal_path.display()));
        }
    }
    remove_stale_temporaries(root);
    Ok(())
}

/// Temporary files of interrupted single-file writes: `.mentor-*.tmp`, and
/// `.<name>.<pid>.tmp` from earlier versions, in the record folders.
fn remove_stale_temporaries(root: &Path) {
    let mut folders = vec![root.to_path_buf(), root.join("people")];
    if let Ok(entries) = fs::read_dir(root.join("pairs")) {
        folders.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_temporary(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// A name mentor gives its temporary files.
pub fn is_temporary(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".tmp") else {
        return false;
    };
    if stem.starts_with(".mentor-") {
        return true;
    }
    // `.<file name>.<process id>.tmp`
    stem.starts_with('.')
        && stem
            .rsplit_once('.')
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The highest folder on the way from `root` to `dir` that does not exist.
fn missing_top(root: &Path, dir: &Path) -> Option<PathBuf> {
    let mut top = None;
    let mut current = dir;
    while current != root && !current.exists() {
        top = Some(current.to_path_buf());
        current = current.parent()?;
    }
    top
}

/// `path` relative to `root`, refusing anything that would leave it.
fn relative_to(root: &Path, path: &Path) -> Result<PathBuf> {
    let relative = path.strip_prefix(root).map_err(|_| {
        anyhow::anyhow!(
            "refusing to write `{}`: it is outside the programme",
            path.display()
        )
    })?;
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        || relative.as_os_str().is_empty()
    {
        bail!(
            "refusing to write `{}`: it is outside the programme",
            path.display()
        );
    }
    Ok(relative.to_path_buf())
}

/// Above this many files, one filesystem flush is cheaper than one per file.
const BULK: usize = 64;

#[cfg(target_os = "linux")]
fn flush_filesystem(dir: &Path) -> Result<()> {
    let handle = fs::File::open(dir).with_context(|| format!("cannot open `{}`", dir.display()))?;
    rustix::fs::syncfs(&handle).with_context(|| format!("cannot flush `{}` to disk", dir.display()))
}

#[cfg(not(target_os = "linux"))]
fn flush_filesystem(_: &Path) -> Result<()> {
    Ok(())
}

pub(crate) fn write_file(
    path: &Path,
    contents: &[u8],
    permissions: Option<fs::Permissions>,
    flush: bool,
) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut file = fs::File::create_new(path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    std::io::Write::write_all(&mut file, contents)
        .and_then(|()| match permissions {
            Some(p) => file.set_permissions(p),
            None => Ok(()),
        })
        .and_then(|()| if flush { file.sync_all() } else { Ok(()) })
        .with_context(|| format!("cannot write `{}`", path.display()))
}

/// The mode a written file gets: the replaced file's (a log kept at 0600
/// stays 0600), else an ordinary file's.
pub fn permissions_for(path: &Path) -> Option<fs::Permissions> {
    if let Ok(metadata) = fs::metadata(path) {
        return Some(metadata.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

/// Flush a folder's entries (the names of files just created or moved).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

fn sync_tree(dir: &Path) {
    sync_dir(dir);
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                sync_tree(&entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_and_records_are_not() {
        assert!(is_temporary(".mentor-a1B2c3.tmp"));
        assert!(is_temporary(".log.yaml.12345.tmp"));
        assert!(!is_temporary("log.yaml"));
        assert!(!is_temporary(".log.yaml.tmp"));
        assert!(!is_temporary("notes.tmp"));
    }

    #[test]
    fn a_committed_change_creates_folders_whole_and_updates_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("people")).unwrap();
        fs::write(root.join("people/ana.toml"), "name = \"Ana\"\n").unwrap();
        let lock = crate::edit::lock(root).unwrap();
        let files = [
            Staged {
                path: &root.join("people/ana.toml"),
                contents: b"name = \"Ana Silva\"\n",
            },
            Staged {
                path: &root.join("pairs/ana--ben/pair.toml"),
                contents: b"mentor = \"ben\"\n",
            },
            Staged {
                path: &root.join("pairs/ana--ben/log.yaml"),
                contents: b"meetings: []\n",
            },
        ];
        commit(&lock, &files).unwrap();
        assert_eq!(
            fs::read_to_string(root.join("people/ana.toml")).unwrap(),
            "name = \"Ana Silva\"\n"
        );
        assert!(root.join("pairs/ana--ben/log.yaml").is_file());
        assert!(!root.join(".mentor/journal").exists());
        assert!(!root.join(".mentor/staging").exists());
    }

    #[test]
    fn recovery_finishes_a_journalled_change_and_drops_an_unjournalled_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Journalled: the staged folder is moved in by the next writer.
        fs::create_dir_all(root.join(".mentor/staging/1/d0")).unwrap();
        fs::write(root.join(".mentor/staging/1/d0/pair.toml"), "x = 1\n").unwrap();
        fs::write(
            root.join(".mentor/journal"),
            r#"[{"from": ".mentor/staging/1/d0", "to": "pairs/a--b"}]"#,
        )
        .unwrap();
        drop(crate::edit::lock(root).unwrap());
        assert!(root.join("pairs/a--b/pair.toml").is_file());
        assert!(!root.join(".mentor/staging").exists());
        // Not journalled: the staged file is dropped.
        fs::create_dir_all(root.join(".mentor/staging/2")).unwrap();
        fs::write(root.join(".mentor/staging/2/f0"), "half").unwrap();
        fs::write(root.join("pairs/a--b/.mentor-x.tmp"), "stale").unwrap();
        drop(crate::edit::lock(root).unwrap());
        assert!(!root.join(".mentor/staging").exists());
        assert!(!root.join("pairs/a--b/.mentor-x.tmp").exists());
    }

    #[test]
    fn nothing_is_written_outside_the_programme() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        fs::create_dir_all(&root).unwrap();
        let lock = crate::edit::lock(&root).unwrap();
        let outside = root.join("pairs/../../evil/pair.toml");
        let error = commit(
            &lock,
            &[Staged {
                path: &outside,
                contents: b"x",
            }],
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("outside the programme"),
            "{error}"
        );
        assert!(!dir.path().join("evil").exists());
    }
}

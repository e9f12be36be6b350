//! All-or-nothing writes across files. A change is first written in full to
//! `.mentor/staging/` (same filesystem, flushed to disk), then a journal
//! naming every move is written, and only then are the files moved into
//! place. A new folder (a pair) is staged whole and moved in one rename, so
//! it never appears half made. If the process dies before the journal
//! exists, the next writer deletes the staging area (the change never
//! happened); if it dies after, the next writer completes the moves (the
//! change happened). Either way no temporary file is left among the records.
//!
//! A journal is data from disk, and a clone can bring one: it is acted on
//! only when it carries this machine's MAC (see [`local_state`]), when git
//! does not track it, and when every move takes a file of its own change's
//! staging folder to a place the loader reads as a record, through no link.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::edit::local_state::{self, MachineKey, Untrusted};
use crate::edit::lock::{Lock, STATE_DIR};
use crate::layout::FileKind;
use crate::load::display_path;
use crate::load::programme_file::{self, first_link};

/// The journal of a change whose files are staged and about to be moved.
pub const JOURNAL: &str = "journal";
/// Where changes are staged.
pub const STAGING: &str = "staging";

/// The largest journal read back: an import of 100,000 people is a few MiB.
const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// One move, with paths relative to the programme.
#[derive(Debug, Serialize, Deserialize)]
struct Move {
    from: PathBuf,
    to: PathBuf,
}

/// What a journal holds: the change's own folder under `.mentor/staging/`
/// and its moves. On disk it follows its MAC's line.
#[derive(Debug, Serialize, Deserialize)]
pub struct Journal {
    change: String,
    moves: Vec<Move>,
    /// Record files the change deletes, after its moves (`removals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    removes: Vec<PathBuf>,
}

mod removals;

/// One file to put in place.
pub struct Staged<'a> {
    pub path: &'a Path,
    pub contents: &'a [u8],
}

/// Put every file in place and delete the record files `removes`, or none.
pub fn commit(lock: &Lock, files: &[Staged], removes: &[&Path]) -> Result<()> {
    let root = lock.root();
    let key = local_state::key_for_writing(root, lock.config_dir())?;
    // The clock only makes the change's name unique; no date is read.
    #[allow(clippy::disallowed_methods)]
    let change = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let state = root.join(STATE_DIR);
    let staging = state.join(STAGING).join(&change);
    let result = stage_and_move(root, &key, &change, files, removes);
    if result.is_err() && fs::symlink_metadata(state.join(JOURNAL)).is_err() {
        // Nothing was moved: the change never happened.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage_and_move(
    root: &Path,
    key: &MachineKey,
    change: &str,
    files: &[Staged],
    removes: &[&Path],
) -> Result<()> {
    let state = root.join(STATE_DIR);
    let staging = state.join(STAGING).join(change);
    fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create `{}`", staging.display()))?;
    // Made by us just now: a link here would stage the change elsewhere.
    let staging_relative = Path::new(STATE_DIR).join(STAGING).join(change);
    if let Some(link) = first_link(root, &staging_relative) {
        bail!(
            "`{}` is a symbolic link; mentor stages changes only in a folder of its own",
            display_path(&root.join(link))
        );
    }
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
                            from: staging_relative.join(format!("d{}", moves.len())),
                            to: top_relative.clone(),
                        });
                        moves.len() - 1
                    });
                let inside = relative.strip_prefix(&top_relative).unwrap_or(&relative);
                moves[index].from.join(inside)
            }
            None => {
                let staged = staging_relative.join(format!("f{i}"));
                moves.push(Move {
                    from: staged.clone(),
                    to: relative.clone(),
                });
                staged
            }
        };
        writes.push((root.join(staged), file.contents, permissions_for(file.path)));
    }
    // Flushing thousands of files (an import) one by one costs more than
    // writing them: flush them together. (Creating them in parallel only
    // contends for the folder's lock.)
    let flush_together = cfg!(target_os = "linux") && writes.len() > BULK;
    for (path, contents, permissions) in writes {
        write_file(&path, contents, permissions, !flush_together)?;
    }
    if flush_together {
        flush_filesystem(&staging)?;
    }
    sync_tree(&staging);
    let journal = Journal {
        change: change.to_string(),
        moves,
        removes: removals::relative(root, removes)?,
    };
    // Checked as recovery would check it, before it can be recovered.
    check(root, &journal).map_err(|why| anyhow::anyhow!("refusing to write: {why}"))?;
    // The commit point: once the journal is on disk, the change happens.
    let json = serde_json::to_vec_pretty(&journal)?;
    let mut text = key.mac(&json).into_bytes();
    text.push(b'\n');
    text.extend_from_slice(&json);
    let journal_path = state.join(JOURNAL);
    let temp = state.join(format!("{JOURNAL}.new"));
    write_file(&temp, &text, None, true)?;
    fs::rename(&temp, &journal_path)
        .with_context(|| format!("cannot write `{}`", journal_path.display()))?;
    sync_dir(&state);
    finish(root, &journal)?;
    Ok(())
}

/// Do the moves of a committed and checked change, then forget it.
fn finish(root: &Path, journal: &Journal) -> Result<()> {
    let mut parents: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for m in &journal.moves {
        let from = root.join(&m.from);
        let to = root.join(&m.to);
        if fs::symlink_metadata(&from).is_err() {
            // Moved before an interruption.
            continue;
        }
        // Checked with the journal; checked again here, at the last moment.
        if let Some(link) = first_link(root, &m.from).or_else(|| first_link(root, &m.to)) {
            bail!(
                "cannot finish the change: `{}` is a symbolic link, and mentor never writes through links",
                display_path(&root.join(link))
            );
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        if from.is_dir() && fs::symlink_metadata(&to).is_ok() {
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
    removals::finish(root, &journal.removes)?;
    let state = root.join(STATE_DIR);
    fs::remove_file(state.join(JOURNAL)).context("cannot remove the finished journal")?;
    // Never follows a link: a linked staging folder loses the link only.
    let _ = fs::remove_dir_all(state.join(STAGING));
    sync_dir(&state);
    Ok(())
}

/// Whether `path` exists as itself (a link counts, whatever it points at).
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Finish a change that was committed but interrupted, or drop one that was
/// not; remove temporary files an interrupted single-file write left. A
/// journal or staging folder this machine did not write, or that git
/// tracks, is left as it is: the error says so ([`Untrusted`]).
pub fn recover(lock: &Lock) -> Result<()> {
    let root = lock.root();
    let state = root.join(STATE_DIR);
    let journal_new = state.join(format!("{JOURNAL}.new"));
    let in_progress =
        present(&state.join(JOURNAL)) || present(&state.join(STAGING)) || present(&journal_new);
    if in_progress {
        refuse_tracked(root)?;
        match verify(root, lock.config_dir())? {
            Some(journal) => finish(root, &journal)?,
            None => {
                // Never follows a link: a linked staging folder loses the link only.
                let _ = fs::remove_dir_all(state.join(STAGING));
                let _ = fs::remove_file(&journal_new);
            }
        }
    }
    remove_stale_temporaries(root);
    Ok(())
}

/// Refuse to touch a change in progress that git tracks: it came from the
/// repository, not from this machine.
fn refuse_tracked(root: &Path) -> Result<(), Untrusted> {
    let in_progress = |path: &str| {
        let Some(rest) = path.strip_prefix(STATE_DIR) else {
            return false;
        };
        rest.is_empty()
            || rest
                .strip_prefix('/')
                .is_some_and(|rest| rest.starts_with(JOURNAL) || rest.starts_with(STAGING))
    };
    match local_state::tracked(root)
        .into_iter()
        .find(|p| in_progress(p))
    {
        Some(path) => Err(Untrusted::change(
            format!(
                "`{}` is tracked by git: a change in progress is this machine's own, never the repository's",
                display_path(&root.join(path))
            ),
            true,
        )),
        None => Ok(()),
    }
}

/// The journal of an interrupted change, if there is one, provided this
/// machine wrote it and every move it asks for is one mentor makes.
pub fn verify(root: &Path, config_dir: Option<&Path>) -> Result<Option<Journal>, Untrusted> {
    let relative = Path::new(STATE_DIR).join(JOURNAL);
    let shown = display_path(&root.join(&relative));
    let bytes = match programme_file::read(root, &relative, MAX_JOURNAL_BYTES) {
        Ok(bytes) => bytes,
        Err(programme_file::Refused::Missing) => return Ok(None),
        Err(programme_file::Refused::Io(e)) => {
            return Err(Untrusted::change(
                format!("cannot read `{shown}`: {e}"),
                false,
            ));
        }
        Err(_) => {
            return Err(Untrusted::change(
                format!("`{shown}` is not a journal mentor wrote (a link, or not a file)"),
                false,
            ));
        }
    };
    let foreign = || {
        Untrusted::change(
            format!(
                "`{shown}` was not written on this machine (it does not carry this machine's mark)"
            ),
            false,
        )
    };
    let (mac, json) = match bytes.iter().position(|b| *b == b'\n') {
        Some(end) => (&bytes[..end], &bytes[end + 1..]),
        None => return Err(foreign()),
    };
    let key = local_state::existing_key(root, config_dir).ok_or_else(foreign)?;
    let mac = std::str::from_utf8(mac).map_err(|_| foreign())?;
    if !key.verify(json, mac) {
        return Err(foreign());
    }
    let journal: Journal = serde_json::from_slice(json)
        .map_err(|e| Untrusted::change(format!("`{shown}` is damaged ({e})"), false))?;
    check(root, &journal).map_err(|why| Untrusted::change(format!("`{shown}` {why}"), false))?;
    Ok(Some(journal))
}

/// Whether every move of `journal` is one mentor makes: a file or folder of
/// the change's own staging folder, to a place the loader reads as a
/// record (or a folder of them), through no link. Says why not.
fn check(root: &Path, journal: &Journal) -> std::result::Result<(), String> {
    let change = Path::new(&journal.change);
    if !is_one_name(change) {
        return Err(format!(
            "names `{}` as its change, which is not a folder name",
            crate::text::excerpt(&journal.change)
        ));
    }
    let staging = Path::new(STATE_DIR).join(STAGING).join(change);
    for m in &journal.moves {
        let refuse = |why: &str| {
            Err(format!(
                "asks to move `{}` to `{}`, {why}",
                crate::text::visible(&m.from.to_string_lossy()),
                crate::text::visible(&m.to.to_string_lossy())
            ))
        };
        if m.from.parent().is_none_or(|p| p != staging)
            || !is_one_name(m.from.strip_prefix(&staging).unwrap_or(&m.from))
        {
            return refuse("and only files of its own staging folder are ever moved");
        }
        if !is_record_destination(&m.to) {
            return refuse("which is not a place the loader reads a record from");
        }
        if let Some(link) = first_link(root, &m.from).or_else(|| first_link(root, &m.to)) {
            return refuse(&format!(
                "through the symbolic link `{}`",
                crate::text::visible(&link.to_string_lossy())
            ));
        }
        let Ok(staged) = fs::symlink_metadata(root.join(&m.from)) else {
            continue; // Moved before an interruption.
        };
        if staged.is_file() {
            if FileKind::of(Path::new(""), &m.to).is_none() {
                return refuse("and a file goes only where a record file is read");
            }
        } else if staged.is_dir() {
            if !is_record_folder(&m.to) {
                return refuse("and a folder goes only where a record folder is read");
            }
            if let Some(why) = odd_in_staged_folder(root, m) {
                return refuse(&why);
            }
        } else {
            return refuse("and only files and folders are moved");
        }
    }
    removals::check(root, &journal.removes)
}

/// A path of exactly one ordinary name.
fn is_one_name(path: &Path) -> bool {
    let mut parts = path.components();
    matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none()
}

/// A folder the writer moves in whole: `people/`, `pairs/` or one pair's
/// folder, when it did not exist yet.
fn is_record_folder(path: &Path) -> bool {
    let parts: Vec<Component> = path.components().collect();
    match parts[..] {
        [Component::Normal(top)] => top == "people" || top == "pairs",
        [Component::Normal(pairs), Component::Normal(id)] => {
            pairs == "pairs" && id.to_str().is_some_and(crate::id::is_valid_id)
        }
        _ => false,
    }
}

/// A place inside the programme where the loader reads a record file or a
/// record folder: no `..`, nothing absolute, nothing in a git folder or in
/// `.mentor/`.
fn is_record_destination(path: &Path) -> bool {
    let ordinary = path.components().all(|part| match part {
        Component::Normal(name) => name.to_str().is_some_and(|name| {
            !name.eq_ignore_ascii_case(".git") && !name.eq_ignore_ascii_case(STATE_DIR)
        }),
        _ => false,
    });
    ordinary && (FileKind::of(Path::new(""), path).is_some() || is_record_folder(path))
}

/// What a staged folder holds that its destination would not read as a
/// record: a link, or a file the loader would not read there.
fn odd_in_staged_folder(root: &Path, m: &Move) -> Option<String> {
    let staged = root.join(&m.from);
    for entry in walkdir::WalkDir::new(&staged)
        .follow_links(false)
        .min_depth(1)
    {
        let Ok(entry) = entry else {
            return Some("and its staged folder cannot be read".to_string());
        };
        let inside = entry.path().strip_prefix(&staged).unwrap_or(entry.path());
        let to = m.to.join(inside);
        let kind = entry.file_type();
        if kind.is_symlink() {
            return Some(format!(
                "and its staged folder holds a link ({})",
                display_path(&to)
            ));
        }
        if kind.is_file() && FileKind::of(Path::new(""), &to).is_none() {
            return Some(format!(
                "and its staged folder holds {}, which is no record",
                display_path(&to)
            ));
        }
        if !kind.is_file() && !kind.is_dir() {
            return Some(format!(
                "and its staged folder holds {}, which is not a file",
                display_path(&to)
            ));
        }
    }
    None
}

/// Temporary files of interrupted single-file writes: `.mentor-*.tmp`, and
/// `.<name>.<pid>.tmp` from earlier versions, in the record folders.
/// Folders reached through a link are not looked into (the programme's
/// own folder is as the person named it).
fn remove_stale_temporaries(root: &Path) {
    let real_folder = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let mut folders = vec![root.to_path_buf(), root.join("people")];
    if real_folder(&root.join("pairs"))
        && let Ok(entries) = fs::read_dir(root.join("pairs"))
    {
        folders.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    for folder in folders {
        if folder != root && !real_folder(&folder) {
            continue;
        }
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
    use crate::settings::Settings;
    use std::collections::BTreeMap;

    /// A programme folder `p`, this user's configuration folder `config`
    /// and, beside them, `outside`: what no journal may ever touch.
    struct Scene {
        dir: tempfile::TempDir,
        settings: Settings,
    }

    impl Scene {
        fn new() -> Scene {
            let dir = tempfile::tempdir().unwrap();
            fs::create_dir_all(dir.path().join("p/people")).unwrap();
            fs::create_dir_all(dir.path().join("p/.git/hooks")).unwrap();
            fs::write(dir.path().join("p/.git/config"), "[core]\n").unwrap();
            fs::create_dir_all(dir.path().join("outside/folder")).unwrap();
            fs::write(dir.path().join("outside/secret"), "AGE-SECRET-KEY-1").unwrap();
            fs::write(dir.path().join("outside/folder/x.toml"), "x = 1\n").unwrap();
            let settings = Settings::for_tests(&dir.path().join("config"));
            Scene { dir, settings }
        }

        fn root(&self) -> PathBuf {
            self.dir.path().join("p")
        }

        fn outside(&self) -> PathBuf {
            self.dir.path().join("outside")
        }

        fn stage(&self, change: &str, name: &str, contents: &str) {
            let path = self.root().join(".mentor/staging").join(change).join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, contents).unwrap();
        }

        /// A journal with `json` as its body, marked with this machine's key.
        fn journal(&self, json: &str) {
            let key =
                local_state::key_for_writing(&self.root(), self.settings.config_dir.as_deref())
                    .unwrap();
            let state = self.root().join(STATE_DIR);
            fs::create_dir_all(&state).unwrap();
            fs::write(
                state.join(JOURNAL),
                format!("{}\n{json}", key.mac(json.as_bytes())),
            )
            .unwrap();
        }

        fn recover(&self) -> Result<Lock> {
            crate::edit::lock(&self.root(), &self.settings)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Entry {
        File(Vec<u8>),
        Link(PathBuf),
        Folder,
    }

    /// Everything under `dir`, links as links.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
        walkdir::WalkDir::new(dir)
            .follow_links(false)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| {
                let kind = e.file_type();
                let entry = if kind.is_symlink() {
                    Entry::Link(fs::read_link(e.path()).unwrap())
                } else if kind.is_dir() {
                    Entry::Folder
                } else {
                    Entry::File(fs::read(e.path()).unwrap())
                };
                (e.path().strip_prefix(dir).unwrap().to_path_buf(), entry)
            })
            .collect()
    }

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
        let scene = Scene::new();
        let root = &scene.root();
        fs::write(root.join("people/ana.toml"), "name = \"Ana\"\n").unwrap();
        let lock = scene.recover().unwrap();
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
        commit(&lock, &files, &[]).unwrap();
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
        let scene = Scene::new();
        let root = &scene.root();
        // Journalled: the staged folder is moved in by the next writer.
        scene.stage("1/d0", "pair.toml", "x = 1\n");
        scene.journal(
            r#"{"change": "1", "moves": [{"from": ".mentor/staging/1/d0", "to": "pairs/a--b"}]}"#,
        );
        drop(scene.recover().unwrap());
        assert!(root.join("pairs/a--b/pair.toml").is_file());
        assert!(!root.join(".mentor/staging").exists());
        // Not journalled: the staged file is dropped.
        scene.stage("2", "f0", "half");
        fs::write(root.join("pairs/a--b/.mentor-x.tmp"), "stale").unwrap();
        drop(scene.recover().unwrap());
        assert!(!root.join(".mentor/staging").exists());
        assert!(!root.join("pairs/a--b/.mentor-x.tmp").exists());
    }

    #[test]
    fn a_journal_without_this_machines_mark_is_never_acted_on() {
        let scene = Scene::new();
        let root = &scene.root();
        scene.stage("x", "f0", "#!/bin/sh\necho owned\n");
        let hostile = r#"{"change": "x", "moves": [{"from": ".mentor/staging/x/f0", "to": "people/ana.toml"}]}"#;
        let earlier = r#"[{"from": ".mentor/staging/x/f0", "to": "people/ana.toml"}]"#;
        let other_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for journal in [
            hostile.to_string(),
            earlier.to_string(),
            format!("{other_key}\n{hostile}"),
        ] {
            fs::create_dir_all(root.join(STATE_DIR)).unwrap();
            fs::write(root.join(".mentor/journal"), &journal).unwrap();
            let error = scene.recover().unwrap_err();
            let untrusted = error
                .downcast_ref::<Untrusted>()
                .expect("an Untrusted error");
            assert!(
                untrusted.found.contains("not written on this machine"),
                "{error}"
            );
            assert!(!root.join("people/ana.toml").exists());
            assert!(root.join(".mentor/staging/x/f0").exists(), "left as it is");
            assert!(root.join(".mentor/journal").exists(), "left as it is");
        }
        // A journal marked with the key of another programme's machine.
        let elsewhere = Scene::new();
        elsewhere.journal(hostile);
        fs::copy(
            elsewhere.root().join(".mentor/journal"),
            root.join(".mentor/journal"),
        )
        .unwrap();
        assert!(scene.recover().is_err());
        assert!(!root.join("people/ana.toml").exists());
    }

    #[test]
    fn even_a_marked_journal_moves_only_staged_files_onto_records() {
        let scene = Scene::new();
        let root = &scene.root();
        let outside = scene.outside();
        std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("pairs")).unwrap();
        let secret = outside.join("secret");
        let refused = [
            (".mentor/staging/x/f0", ".git/hooks/pre-commit"),
            (".mentor/staging/x/f0", ".GIT/config"),
            (
                ".mentor/staging/x/f0",
                &format!("{}/stolen", outside.display()),
            ),
            (".mentor/staging/x/f0", "../outside/stolen.toml"),
            (".mentor/staging/x/f0", "people/../../outside/x.toml"),
            (".mentor/staging/x/f0", "linked/x.toml"),
            (".mentor/staging/x/f0", "pairs/a--b/log.yaml"),
            (".mentor/staging/x/f0", "notes.txt"),
            (".mentor/staging/x/f0", ".mentor/staging/x/f1"),
            (&secret.display().to_string(), "people/ana.toml"),
            ("../outside/secret", "people/ana.toml"),
            (".mentor/staging/y/f0", "people/ana.toml"),
            (
                ".mentor/staging/x/../../../../outside/secret",
                "people/ana.toml",
            ),
        ];
        let before = snapshot(scene.dir.path());
        for (from, to) in refused {
            scene.stage("x", "f0", "#!/bin/sh\n");
            let json = serde_json::json!({"change": "x", "moves": [{"from": from, "to": to}]});
            scene.journal(&json.to_string());
            let error = scene.recover().unwrap_err();
            assert!(error.is::<Untrusted>(), "{from} -> {to}: {error}");
            assert!(
                error.to_string().contains("asks to move"),
                "{from} -> {to}: {error}"
            );
            fs::remove_file(root.join(".mentor/journal")).unwrap();
        }
        let after = snapshot(scene.dir.path());
        let changed: Vec<_> = after
            .iter()
            .filter(|(path, entry)| before.get(*path) != Some(entry))
            .map(|(path, _)| path)
            .filter(|path| !path.starts_with("p/.mentor") && !path.starts_with("config"))
            .collect();
        assert!(changed.is_empty(), "{changed:?}");
    }

    #[test]
    fn a_linked_staging_folder_loses_only_its_link() {
        let scene = Scene::new();
        let root = &scene.root();
        fs::create_dir_all(root.join(STATE_DIR)).unwrap();
        std::os::unix::fs::symlink(scene.outside(), root.join(".mentor/staging")).unwrap();
        drop(scene.recover().unwrap());
        assert!(fs::symlink_metadata(root.join(".mentor/staging")).is_err());
        assert!(scene.outside().join("secret").is_file());
        assert!(scene.outside().join("folder/x.toml").is_file());
        // A staged change whose file is a link to a secret is refused.
        scene.stage("x", "placeholder", "");
        std::os::unix::fs::symlink(
            scene.outside().join("secret"),
            root.join(".mentor/staging/x/f0"),
        )
        .unwrap();
        scene.journal(r#"{"change": "x", "moves": [{"from": ".mentor/staging/x/f0", "to": "people/ana.toml"}]}"#);
        assert!(scene.recover().is_err());
        assert!(!root.join("people/ana.toml").exists());
        // A linked `.mentor` is never used.
        let other = Scene::new();
        std::os::unix::fs::symlink(other.outside(), other.root().join(STATE_DIR)).unwrap();
        let error = other.recover().unwrap_err();
        assert!(error.is::<Untrusted>(), "{error}");
        assert!(!other.outside().join("lock").exists());
    }

    #[test]
    fn nothing_is_written_outside_the_programme() {
        let scene = Scene::new();
        let root = scene.root();
        let lock = scene.recover().unwrap();
        let outside = root.join("pairs/../../evil/pair.toml");
        let error = commit(
            &lock,
            &[Staged {
                path: &outside,
                contents: b"x",
            }],
            &[],
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("outside the programme"),
            "{error}"
        );
        assert!(!scene.dir.path().join("evil").exists());
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        /// Where a move may come from: `{c}` is the change, `{out}` the
        /// folder beside the programme.
        const FROM: &[&str] = &[
            ".mentor/staging/{c}/f0",
            ".mentor/staging/{c}/f1",
            ".mentor/staging/{c}/d0",
            ".mentor/staging/{c}/link",
            ".mentor/staging/{c}/linkdir",
            ".mentor/staging/other/f0",
            ".mentor/staging/{c}/../../../people/ana.toml",
            "{out}/secret",
            "../outside/secret",
            "people/ana.toml",
            ".git/config",
        ];

        /// Where a move may go.
        const TO: &[&str] = &[
            "people/ben.toml",
            "people/ana.toml",
            "programme.toml",
            "pairs/a--b/log.yaml",
            "pairs/a--b",
            "pairs",
            "people",
            "pairs/linked--pair/log.yaml",
            "linked/x.toml",
            ".git/hooks/pre-commit",
            ".Git/config",
            "{out}/stolen.toml",
            "../outside/stolen.toml",
            "pairs/../../outside/stolen.toml",
            ".mentor/staging/{c}/f2",
            ".mentor/journal",
            "people/ünï\u{202e}cödé.toml",
            "people/\u{0}.toml",
            "templates/remind/participant.txt",
        ];

        fn scene_with_links() -> Scene {
            let scene = Scene::new();
            let root = scene.root();
            fs::write(root.join("people/ana.toml"), "name = \"Ana\"\n").unwrap();
            fs::create_dir_all(root.join("pairs")).unwrap();
            std::os::unix::fs::symlink(scene.outside().join("folder"), root.join("linked"))
                .unwrap();
            std::os::unix::fs::symlink(scene.outside(), root.join("pairs/linked--pair")).unwrap();
            scene
        }

        fn place(template: &str, change: &str, out: &Path) -> String {
            template
                .replace("{c}", change)
                .replace("{out}", &out.display().to_string())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            /// Whatever a journal marked with this machine's key says, recovery
            /// moves nothing but staged files, only onto record paths inside the
            /// programme, and changes nothing outside it or in its git folder.
            #[test]
            fn recovery_never_moves_a_file_outside_staging_to_records(
                moves in proptest::collection::vec(
                    (
                        prop_oneof![
                            (0..FROM.len()).prop_map(|i| FROM[i].to_string()),
                            "\\PC{0,16}",
                        ],
                        prop_oneof![
                            4 => (0..TO.len()).prop_map(|i| TO[i].to_string()),
                            1 => "\\PC{0,16}",
                        ],
                    ),
                    1..4,
                ),
                change in prop_oneof![Just("c".to_string()), Just("..".to_string()), "\\PC{0,8}"],
            ) {
                let scene = scene_with_links();
                let root = scene.root();
                let out = scene.outside();
                let staging = root.join(".mentor/staging/c");
                fs::create_dir_all(staging.join("d0")).unwrap();
                fs::write(staging.join("f0"), "staged zero").unwrap();
                fs::write(staging.join("f1"), "staged one").unwrap();
                fs::write(staging.join("d0/pair.toml"), "staged pair").unwrap();
                std::os::unix::fs::symlink(out.join("secret"), staging.join("link")).unwrap();
                std::os::unix::fs::symlink(out.join("folder"), staging.join("linkdir")).unwrap();
                let staged_texts = ["staged zero", "staged one", "staged pair"];
                let moves: Vec<serde_json::Value> = moves
                    .iter()
                    .map(|(from, to)| serde_json::json!({
                        "from": place(from, &change, &out),
                        "to": place(to, &change, &out),
                    }))
                    .collect();
                scene.journal(&serde_json::json!({"change": change, "moves": moves}).to_string());
                let before = snapshot(scene.dir.path());
                let _ = scene.recover();
                let after = snapshot(scene.dir.path());
                for (path, entry) in &after {
                    if before.get(path) == Some(entry) || path.starts_with("p/.mentor") || path.starts_with("config") {
                        continue;
                    }
                    let inside = path.strip_prefix("p");
                    prop_assert!(inside.is_ok(), "written outside the programme: {path:?}");
                    let inside = inside.unwrap();
                    let record = FileKind::of(Path::new(""), inside).is_some() || is_record_folder(inside);
                    prop_assert!(record, "not a record: {path:?}");
                    match entry {
                        Entry::File(bytes) => prop_assert!(
                            staged_texts.iter().any(|t| t.as_bytes() == bytes.as_slice()),
                            "{path:?} holds what was not staged"
                        ),
                        Entry::Link(target) => prop_assert!(false, "a link {path:?} -> {target:?}"),
                        Entry::Folder => {}
                    }
                }
                for (path, entry) in &before {
                    if path.starts_with("p/.mentor") || path.starts_with("p/people") || path.starts_with("p/pairs") || path.as_os_str() == "p/programme.toml" {
                        continue;
                    }
                    prop_assert_eq!(after.get(path), Some(entry), "{:?} changed", path);
                }
            }
        }
    }
}

//! One writer at a time: every read-modify-write of a programme holds
//! `.mentor/lock` (an advisory lock, as git holds `index.lock`), and the
//! first thing a new holder does is finish or roll back a change that an
//! earlier writer was interrupted in.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::edit::journal;
use crate::edit::local_state::Untrusted;
use crate::load::display_path;
use crate::settings::Settings;

/// The folder, inside the programme, where mentor keeps its own state.
pub const STATE_DIR: &str = ".mentor";

/// How long a second writer waits for the first before giving up.
const WAIT: Duration = Duration::from_secs(60);

/// Proof that this process holds the programme's lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    root: PathBuf,
    /// This user's configuration folder: where, outside git, this machine
    /// keeps the key that marks its journals.
    config_dir: Option<PathBuf>,
    _file: File,
}

impl Lock {
    /// The programme this lock is for.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// This user's configuration folder, from the settings the lock was taken with.
    pub fn config_dir(&self) -> Option<&Path> {
        self.config_dir.as_deref()
    }
}

/// Make the state folder ignore itself (`*` in its own `.gitignore`, as
/// ruff's and pytest's caches do), so `git add -A` in a programme made
/// before `mentor init` wrote `.gitignore` never commits this machine's
/// state (E015). A file already there, tracked or not, is left alone.
fn ignore_itself(dir: &Path) {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    if let Ok(mut file) = options.open(dir.join(".gitignore")) {
        use std::io::Write as _;
        // Best effort: without it, validate's E015 still says what to do.
        let _ = file.write_all(b"# mentor's own state on this machine: never committed\n*\n");
    }
}

/// Take the programme's lock, waiting up to a minute for another writer,
/// then recover from any interrupted change.
pub fn lock(root: &Path, settings: &Settings) -> Result<Lock> {
    let dir = root.join(STATE_DIR);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    // A clone can bring `.mentor` as a link: this machine's state stays in
    // a folder of its own.
    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Err(Untrusted {
            found: format!(
                "`{}` is a symbolic link (or not a folder), where mentor keeps this machine's own state",
                display_path(&dir)
            ),
            fix: format!("delete it (if git tracks it: `git rm --cached {STATE_DIR}` and commit)"),
        }
        .into());
    }
    ignore_itself(&dir);
    let path = dir.join("lock");
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = match options.open(&path) {
        Ok(file) => file,
        Err(_) if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Err(Untrusted {
                found: format!("`{}` is a symbolic link", display_path(&path)),
                fix: format!(
                    "delete it (if git tracks it: `git rm -r --cached {STATE_DIR}` and commit)"
                ),
            }
            .into());
        }
        Err(e) => return Err(e).with_context(|| format!("cannot open `{}`", path.display())),
    };
    // How long this writer has waited: a timeout, not a date.
    #[allow(clippy::disallowed_methods)]
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => bail!(
                "another mentor command has been changing `{}` for over a minute; try again when it has finished",
                root.display()
            ),
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
            }
        }
    }
    let lock = Lock {
        root: root.to_path_buf(),
        config_dir: settings.config_dir.clone(),
        _file: file,
    };
    journal::recover(&lock)?;
    Ok(lock)
}

/// Whether an earlier writer left work to finish or undo: read-only
/// commands check this and take the lock to recover before reading.
pub fn interrupted(root: &Path) -> bool {
    let dir = root.join(STATE_DIR);
    let present = |name: &str| fs::symlink_metadata(dir.join(name)).is_ok();
    present(journal::JOURNAL) || present(journal::STAGING)
}

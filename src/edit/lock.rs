//! One writer at a time: every read-modify-write of a programme holds
//! `.mentor/lock` (an advisory lock, as git holds `index.lock`), and the
//! first thing a new holder does is finish or roll back a change that an
//! earlier writer was interrupted in.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::edit::journal;

/// The folder, inside the programme, where mentor keeps its own state.
pub const STATE_DIR: &str = ".mentor";

/// How long a second writer waits for the first before giving up.
const WAIT: Duration = Duration::from_secs(60);

/// Proof that this process holds the programme's lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    root: PathBuf,
    _file: File,
}

impl Lock {
    /// The programme this lock is for.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Take the programme's lock, waiting up to a minute for another writer,
/// then recover from any interrupted change.
pub fn lock(root: &Path) -> Result<Lock> {
    let dir = root.join(STATE_DIR);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let path = dir.join("lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open `{}`", path.display()))?;
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
        _file: file,
    };
    journal::recover(&lock)?;
    Ok(lock)
}

/// Whether an earlier writer left work to finish or undo: read-only
/// commands check this and take the lock to recover before reading.
pub fn interrupted(root: &Path) -> bool {
    let dir = root.join(STATE_DIR);
    dir.join(journal::JOURNAL).exists() || dir.join(journal::STAGING).exists()
}

//! This machine's own state, in the programme's `.mentor/` folder: the
//! writers' lock, a change being written (`staging/` and its `journal`), the
//! reminders sent. None of it belongs in the repository, and nothing a clone
//! brings there is trusted: a participant who commits a journal must not get
//! the coordinator's next `mentor validate` to move files for them.
//!
//! So a journal carries a MAC (HMAC-SHA256) under a key that never leaves
//! this machine: kept in the repository's git folder, which no clone copies,
//! or, for a programme outside git, in this user's configuration folder.
//! Recovery acts only on a journal whose MAC checks, and never on one that
//! git tracks.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::diagnostic::{Code, Diagnostic};
use crate::edit::journal::{JOURNAL, STAGING};
use crate::edit::lock::STATE_DIR;
use crate::load::display_path;
use crate::settings::{Settings, file_for_programme};

/// The size of this machine's key: HMAC-SHA256's own block of strength.
const KEY_BYTES: usize = 32;

/// The key that marks local state as written on this machine.
pub struct MachineKey([u8; KEY_BYTES]);

impl MachineKey {
    /// The MAC of `bytes`, as text.
    pub fn mac(&self, bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.hmac(bytes).finalize().into_bytes())
    }

    /// Whether `mac` is the MAC of `bytes` (compared in constant time).
    pub fn verify(&self, bytes: &[u8], mac: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(mac.trim())
            .is_ok_and(|tag| self.hmac(bytes).verify_slice(&tag).is_ok())
    }

    fn hmac(&self, bytes: &[u8]) -> Hmac<Sha256> {
        // Any key length is valid for HMAC; the key is always 32 bytes.
        let mut hmac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        hmac.update(bytes);
        hmac
    }
}

/// Where this machine keeps its key for the programme at `root`: in the
/// git folder of the repository holding it (a clone never carries one),
/// else in this user's configuration folder.
fn key_path(root: &Path, config_dir: Option<&Path>) -> Option<PathBuf> {
    match crate::git::git_dirs(root).into_iter().next() {
        Some(git_dir) => Some(git_dir.join("mentor").join("state-key")),
        None => config_dir.map(|config| file_for_programme(config, root, "state-keys", "key")),
    }
}

/// This machine's key for the programme at `root`, if it has one.
pub fn existing_key(root: &Path, config_dir: Option<&Path>) -> Option<MachineKey> {
    let path = key_path(root, config_dir)?;
    let text = std::fs::read_to_string(path).ok()?;
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
    Some(MachineKey(bytes.try_into().ok()?))
}

/// This machine's key for the programme at `root`, made (readable by this
/// user alone) when there is none yet: only a writer asks for it.
pub fn key_for_writing(root: &Path, config_dir: Option<&Path>) -> Result<MachineKey> {
    if let Some(key) = existing_key(root, config_dir) {
        return Ok(key);
    }
    let path = key_path(root, config_dir).context(
        "mentor keeps a key outside the programme to recognise its own unfinished changes, and this programme is not in git and neither XDG_CONFIG_HOME nor HOME is set: set one of them",
    )?;
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot get random bytes for this machine's key: {e}"))?;
    let dir = path.parent().context("a key folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let mut file = tempfile::Builder::new()
        .prefix(".mentor-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(URL_SAFE_NO_PAD.encode(bytes).as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    match file.persist_noclobber(&path) {
        Ok(_) => Ok(MachineKey(bytes)),
        // Made by another mentor meanwhile (another programme of the same
        // repository): theirs is the key.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            existing_key(root, config_dir).context("cannot read this machine's key")
        }
        Err(e) => Err(e.error).with_context(|| format!("cannot keep {}", path.display())),
    }
}

/// Local state that mentor does not act on: what was found, and how to
/// clear it.
#[derive(Debug)]
pub struct Untrusted {
    /// What was found, naming the path.
    pub found: String,
    /// What the person does about it.
    pub fix: String,
}

impl Untrusted {
    /// A change in progress (journal or staging) mentor will not finish.
    pub fn change(found: String, tracked: bool) -> Untrusted {
        let mut fix = format!("delete `{STATE_DIR}/{JOURNAL}` and `{STATE_DIR}/{STAGING}/`");
        if tracked {
            fix.push_str(&format!(
                ", untrack `{STATE_DIR}/` (`git rm -r --cached {STATE_DIR}`) and commit"
            ));
        }
        Untrusted { found, fix }
    }
}

impl fmt::Display for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: mentor never acts on it; {}", self.found, self.fix)
    }
}

impl std::error::Error for Untrusted {}

/// The files under `.mentor/` that git tracks (none when the programme has
/// no `.mentor/` or is not in git: only then is git asked).
pub fn tracked(root: &Path) -> Vec<String> {
    if std::fs::symlink_metadata(root.join(STATE_DIR)).is_err() {
        return Vec::new();
    }
    crate::git::tracked(root, STATE_DIR)
}

/// `validate`'s findings about this machine's state: each file under
/// `.mentor/` that git tracks (E015), and a journal recovery will not act on
/// (E017).
pub fn findings(root: &Path, settings: &Settings) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = tracked(root)
        .into_iter()
        .map(|path| {
            let shown = display_path(&root.join(&path));
            let help = if path == crate::load::programme_file::LEGACY_SEALED_PSEUDONYM_KEY.path {
                format!(
                    "move the sealed key beside the records: `git mv {path} {}`, and commit",
                    crate::load::programme_file::PSEUDONYM_KEY.path
                )
            } else {
                format!("`git rm -r --cached {STATE_DIR}` and commit (the files stay on this machine)")
            };
            Diagnostic::for_path(
                Code::TrackedLocalState,
                shown.clone(),
                format!(
                    "`{shown}` is tracked by git, but `{STATE_DIR}/` is this machine's own state: a clone must never carry it"
                ),
            )
            .help(help)
        })
        .collect();
    if let Err(untrusted) = crate::edit::journal::verify(root, settings.config_dir.as_deref()) {
        findings.push(
            Diagnostic::for_path(
                Code::ForeignJournal,
                display_path(&root.join(STATE_DIR).join(JOURNAL)),
                format!("{}: mentor never acts on it", untrusted.found),
            )
            .help(untrusted.fix),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mac_checks_only_for_the_same_bytes_and_key() {
        let key = MachineKey([7; KEY_BYTES]);
        let mac = key.mac(b"[1, 2]");
        assert!(key.verify(b"[1, 2]", &mac));
        assert!(!key.verify(b"[1, 3]", &mac));
        assert!(!MachineKey([8; KEY_BYTES]).verify(b"[1, 2]", &mac));
        assert!(!key.verify(b"[1, 2]", "not base64 at all!"));
        assert!(!key.verify(b"[1, 2]", ""));
    }

    #[test]
    fn a_programme_outside_git_keeps_its_key_in_the_configuration_folder() {
        let config = tempfile::tempdir().expect("tempdir");
        let programme = tempfile::tempdir().expect("tempdir");
        let config_dir = Some(config.path());
        assert!(existing_key(programme.path(), config_dir).is_none());
        let made = key_for_writing(programme.path(), config_dir).expect("made");
        let again = existing_key(programme.path(), config_dir).expect("kept");
        assert_eq!(made.0, again.0);
        let path = key_path(programme.path(), config_dir).expect("a place");
        assert!(path.starts_with(config.path()), "{}", path.display());
        assert!(!path.starts_with(programme.path()));
    }
}

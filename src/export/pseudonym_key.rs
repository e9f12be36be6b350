//! The secret behind `export --anonymize`'s pseudonyms: where it comes
//! from and where a new one is kept. It is never committed in plaintext
//! and never goes to HR.
//!
//! In order: `MENTOR_PSEUDONYM_KEY`; else, when the coordinators have keys,
//! `pseudonym-key.age` sealed to them (committed, so every coordinator's
//! run gives the same pseudonyms; opened with `--identity`); else a file
//! outside the repository, in this user's configuration folder, readable
//! by them alone. A key where an earlier version kept it (in `.mentor/`,
//! this machine's own state now) is read and moved. A new key is made
//! when there is none, and kept only once the export has succeeded.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::edit::{Overwrite, write_atomic, write_private};
use crate::load::programme_file::{
    LEGACY_PLAIN_PSEUDONYM_KEY, LEGACY_SEALED_PSEUDONYM_KEY, PSEUDONYM_KEY, read_support,
};
use crate::seal::Identity;
use crate::seal::armor::Opened;
use crate::seal::fields::Reader;
use crate::seal::places::{self, Place};
use crate::seal::values::keys_of;
use crate::settings::Settings;
use crate::workspace::Workspace;

/// The secret behind pseudonyms, and where a new one is to be kept once
/// the export has succeeded (never before: a failed export creates no key).
pub struct PseudonymKey {
    /// The HMAC key.
    pub secret: Vec<u8>,
    /// A new key's file and its contents (sealed, or the plain secret).
    keep: Option<(PathBuf, String)>,
    /// A key file where an earlier version kept it, to remove once the key
    /// is kept where it belongs.
    retire: Option<PathBuf>,
}

impl PseudonymKey {
    fn given(secret: Vec<u8>) -> Self {
        Self {
            secret,
            keep: None,
            retire: None,
        }
    }
}

/// The programme's pseudonym key (see the module's documentation).
pub fn pseudonym_key(
    ws: &Workspace,
    identity: Option<&Identity>,
    settings: &Settings,
) -> Result<PseudonymKey> {
    if let Some(key) = &settings.pseudonym_key {
        return Ok(PseudonymKey::given(key.clone()));
    }
    let coordinator_keys = keys_of(ws, &Reader::Coordinators);
    let legacy = ws.root.join(LEGACY_PLAIN_PSEUDONYM_KEY.path);
    let legacy_secret = read_support(&ws.root, LEGACY_PLAIN_PSEUDONYM_KEY)?
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty());
    let sealed_path = ws.root.join(PSEUDONYM_KEY.path);
    let new_key = |path: PathBuf, kept: &dyn Fn(&str) -> Result<String>| {
        let secret = legacy_secret.clone().map_or_else(new_secret, Ok)?;
        Ok(PseudonymKey {
            keep: Some((path, kept(&secret)?)),
            retire: legacy_secret.as_ref().map(|_| legacy.clone()),
            secret: secret.into_bytes(),
        })
    };
    if coordinator_keys.is_empty() {
        let path = private_key_path(ws, settings)?;
        return match read_private_key(&path)? {
            Some(secret) => Ok(PseudonymKey::given(secret.into_bytes())),
            None => new_key(path, &|secret| Ok(format!("{secret}\n"))),
        };
    }
    match sealed_key(&ws.root)? {
        // Anyone can seal a key of their choosing to the coordinators (age
        // does not say who sealed): only a key bound to its place, as
        // mentor seals it, is taken; the machine's own legacy copy is bound
        // when it is moved.
        Some((armored, None))
            if crate::seal::armor::header(&armored).is_ok_and(|h| h.binding.is_none()) =>
        {
            bail!(
                "{} is not bound to its place, as mentor seals the pseudonym key: someone may have sealed a key of their own choosing; if a coordinator made it, bind it with `mentor seal --rotate --identity FILE`, else restore it from git history",
                sealed_path.display()
            )
        }
        Some((armored, moved_from)) => {
            let Some(identity) = identity else {
                bail!(
                    "--anonymize needs the pseudonym key, sealed for the coordinators in {}: give the coordinator's identity with --identity FILE (or MENTOR_IDENTITY)",
                    moved_from.as_ref().unwrap_or(&sealed_path).display()
                );
            };
            let secret = open_sealed(
                &armored,
                identity,
                moved_from.as_ref().unwrap_or(&sealed_path),
            )?;
            // Moved from this machine's legacy copy: sealed again, bound to
            // its place, so the check above holds from now on.
            let keep = match &moved_from {
                Some(_) => Some((
                    sealed_path,
                    places::seal(
                        &String::from_utf8_lossy(&secret),
                        &coordinator_keys,
                        &Place::pseudonym_key(),
                    )
                    .map_err(anyhow::Error::msg)?,
                )),
                None => None,
            };
            Ok(PseudonymKey {
                secret,
                keep,
                retire: moved_from,
            })
        }
        None => new_key(sealed_path, &|secret| {
            places::seal(secret, &coordinator_keys, &Place::pseudonym_key())
                .map_err(anyhow::Error::msg)
        }),
    }
}

/// The sealed key, and where it was found when that is where an earlier
/// version kept it (until it is moved, the key is read there).
fn sealed_key(root: &Path) -> Result<Option<(String, Option<PathBuf>)>> {
    if let Some(armored) = read_support(root, PSEUDONYM_KEY)? {
        return Ok(Some((armored, None)));
    }
    Ok(read_support(root, LEGACY_SEALED_PSEUDONYM_KEY)?
        .map(|armored| (armored, Some(root.join(LEGACY_SEALED_PSEUDONYM_KEY.path)))))
}

/// The secret in the sealed key found at `found_at`, opened with `identity`.
fn open_sealed(armored: &str, identity: &Identity, found_at: &Path) -> Result<Vec<u8>> {
    let found_at = found_at.display();
    match places::open(armored, identity, &Place::pseudonym_key()) {
        Opened::Plain(secret) => Ok(secret.trim().as_bytes().to_vec()),
        Opened::NotForYou => bail!(
            "this identity cannot open the pseudonym key in {found_at}: it is sealed for the coordinators"
        ),
        // A value sealed to the coordinators elsewhere (a closure note)
        // must never serve as the key.
        Opened::Elsewhere(bound) => bail!(
            "{found_at} is not the pseudonym key: it was sealed for {}, and copied there; restore it from git history",
            Place::read(&bound).map_or_else(|| "another place".into(), |p| p.describe())
        ),
        Opened::Broken(why) => {
            bail!("{found_at} is damaged ({why}); restore it from git history")
        }
    }
}

fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot get random bytes for a pseudonym key: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The key kept in this user's configuration folder, if there is one.
fn read_private_key(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => Ok(Some(text.trim().to_string())),
        Ok(_) => bail!(
            "{} is empty; delete it to have a new key made",
            path.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Where a programme whose coordinators have no keys keeps its pseudonym
/// key: in this user's configuration folder, named after the programme's
/// place on this machine, never in the repository.
fn private_key_path(ws: &Workspace, settings: &Settings) -> Result<PathBuf> {
    settings
        .file_for_programme(&ws.root, "pseudonym-keys", "key")
        .context("--anonymize needs a pseudonym key kept outside the repository, and neither XDG_CONFIG_HOME nor HOME is set; set MENTOR_PSEUDONYM_KEY, or add the coordinators' keys under [coordinator] keys")
}

impl PseudonymKey {
    /// Keep a new key once the export is written: sealed in the programme,
    /// or in a file only this user can read; then remove the file an
    /// earlier version kept it in. Returns what was done, for the person
    /// to read (and commit).
    pub fn keep(&self, root: &Path) -> Result<Vec<String>> {
        let Some((path, contents)) = &self.keep else {
            return Ok(Vec::new());
        };
        let moved = self
            .retire
            .as_ref()
            .is_some_and(|old| old.ends_with(LEGACY_SEALED_PSEUDONYM_KEY.path));
        let mut done = Vec::new();
        if moved {
            write_atomic(path, contents.as_bytes(), Overwrite::Never)?;
            done.push(format!("moved the sealed pseudonym key to {} (`.mentor/` is this machine's own state now): commit it", path.display()));
        } else if path.starts_with(root) {
            write_atomic(path, contents.as_bytes(), Overwrite::Never)?;
            done.push(format!("made the pseudonym key for --anonymize, sealed for the coordinators in {}: commit it so every coordinator's export gives the same pseudonyms", path.display()));
        } else {
            write_private(path, contents.as_bytes())?;
            done.push(format!("made the pseudonym key for --anonymize in {} (readable by you alone, outside the repository); add the coordinators' keys under [coordinator] keys to share one sealed key instead", path.display()));
        }
        if let Some(old) = &self.retire {
            // The old file is this machine's own state in `.mentor/`, not a
            // record: it goes once its key is kept where it belongs.
            std::fs::remove_file(old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
            done.push(format!(
                "the key in {} moved there and was removed: commit its removal",
                old.display()
            ));
        }
        Ok(done)
    }
}

//! What an erasure must not leave in git history, kept where only this
//! machine has it: one file per erasure in the repository's git folder
//! (`.git/mentor/erasures/<pseudonym>.json`, which no push sends and no
//! clone copies), readable by this user alone, its first line a MAC under
//! this machine's key so that nothing planted there is believed.
//!
//! The texts are kept as they are, not as digests: `--verify` must find
//! them inside any blob, message or file name, and a digest can only be
//! compared with a whole value. They are personal data in their own right,
//! so `--verify` deletes the file once the history is proved clean.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::edit::local_state::{existing_key, key_for_writing};

/// One erasure's search list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Searched {
    pub pseudonym: String,
    /// Every text that named the person: ids, names, e-mail addresses, now and before.
    pub texts: Vec<String>,
    /// The paths (from the repository's root) their records were at.
    pub paths: Vec<String>,
}

fn folder(root: &Path) -> Result<PathBuf> {
    let git_dir = crate::git::git_dirs(root).into_iter().next().context(
        "erasure needs the programme's git repository: its history is what must be cleaned",
    )?;
    Ok(git_dir.join("mentor").join("erasures"))
}

/// Keep `searched` (and files beside it, such as `git filter-repo`'s
/// replacements) for the erasure; returns the folder they are in.
pub fn keep(
    root: &Path,
    config_dir: Option<&Path>,
    searched: &Searched,
    beside: &[(&str, String)],
) -> Result<PathBuf> {
    let key = key_for_writing(root, config_dir)?;
    let folder = folder(root)?;
    let json = serde_json::to_vec_pretty(searched)?;
    let mut text = key.mac(&json).into_bytes();
    text.push(b'\n');
    text.extend_from_slice(&json);
    let write = |name: String, contents: &[u8]| -> Result<()> {
        let path = folder.join(name);
        // A file of an earlier run of the same erasure is replaced.
        let _ = std::fs::remove_file(&path);
        crate::edit::atomic::write_yours_alone(&path, contents)
    };
    write(format!("{}.json", searched.pseudonym), &text)?;
    for (extension, contents) in beside {
        write(
            format!("{}.{extension}", searched.pseudonym),
            contents.as_bytes(),
        )?;
    }
    Ok(folder)
}

/// The erasure whose texts include `text` (the person's former id), with
/// the path of its file; one whose MAC does not check is passed over.
pub fn find(
    root: &Path,
    config_dir: Option<&Path>,
    text: &str,
) -> Result<Option<(PathBuf, Searched)>> {
    let Some(key) = existing_key(root, config_dir) else {
        return Ok(None);
    };
    let Ok(entries) = std::fs::read_dir(folder(root)?) else {
        return Ok(None);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(contents) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some((mac, json)) = contents.split_once('\n') else {
            continue;
        };
        if !key.verify(json.as_bytes(), mac) {
            continue;
        }
        if let Ok(searched) = serde_json::from_str::<Searched>(json)
            && searched.texts.iter().any(|t| t == text)
        {
            return Ok(Some((path, searched)));
        }
    }
    Ok(None)
}

/// Delete an erasure's files, once its history is clean.
pub fn forget(file: &Path, pseudonym: &str) -> Result<()> {
    let folder = file.parent().context("the erasures folder")?;
    for entry in std::fs::read_dir(folder)?.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&format!("{pseudonym}.")) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot delete {}", entry.path().display()))?;
        }
    }
    Ok(())
}

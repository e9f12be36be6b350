//! Record files a change deletes (`mentor person erase` removes a person's
//! file and moves a pair's files to a new folder). They are named in the
//! journal beside its moves, checked as strictly as a move's destination
//! (a record file, relative, never in `.git` or `.mentor`, through no
//! link), and deleted after the moves: an interrupted change is finished by
//! the next writer like any other, and a deletion never happens without the
//! files that replace it.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use super::{first_link, is_record_destination, sync_dir};
use crate::layout::FileKind;

/// The deletions, relative to the programme (refused outside it).
pub(super) fn relative(root: &Path, removes: &[&Path]) -> Result<Vec<PathBuf>> {
    removes
        .iter()
        .map(|path| super::relative_to(root, path))
        .collect()
}

/// Whether every deletion is of a record file, through no link; says why not.
pub(super) fn check(root: &Path, removes: &[PathBuf]) -> std::result::Result<(), String> {
    for path in removes {
        let shown = crate::text::visible(&path.to_string_lossy()).into_owned();
        if !is_record_destination(path) || FileKind::of(Path::new(""), path).is_none() {
            return Err(format!(
                "asks to delete `{shown}`, which is not a record file"
            ));
        }
        if let Some(link) = first_link(root, path) {
            return Err(format!(
                "asks to delete `{shown}` through the symbolic link `{}`",
                crate::text::visible(&link.to_string_lossy())
            ));
        }
    }
    Ok(())
}

/// Delete the files (one already gone was deleted before an interruption),
/// then each pair folder they leave empty.
pub(super) fn finish(root: &Path, removes: &[PathBuf]) -> Result<()> {
    let mut folders = std::collections::BTreeSet::new();
    for path in removes {
        let full = root.join(path);
        match fs::remove_file(&full) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot delete `{}`", full.display()));
            }
        }
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
    }
    for folder in &folders {
        let a_pair_folder = matches!(
            folder.components().collect::<Vec<_>>()[..],
            [Component::Normal(pairs), Component::Normal(_)] if pairs == "pairs"
        );
        // Only an empty folder is removed: `remove_dir` refuses any other.
        if a_pair_folder && fs::remove_dir(root.join(folder)).is_ok() {
            sync_dir(&root.join("pairs"));
        } else {
            sync_dir(&root.join(folder));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_record_files_are_ever_deleted() {
        let dir = tempfile::tempdir().unwrap();
        for refused in [
            ".git/config",
            ".mentor/state-key",
            "programme-notes.txt",
            "pairs/a--b/.git/hooks/pre-commit",
            "../people/x.toml",
            "/etc/passwd",
        ] {
            assert!(
                check(dir.path(), &[PathBuf::from(refused)]).is_err(),
                "{refused}"
            );
        }
        assert!(check(dir.path(), &[PathBuf::from("people/ana.toml")]).is_ok());
        assert!(check(dir.path(), &[PathBuf::from("pairs/a--b/log.yaml")]).is_ok());
    }

    #[test]
    fn finishing_deletes_the_files_and_the_pair_folder_they_leave_empty() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("pairs/a--b")).unwrap();
        fs::create_dir_all(root.join("people")).unwrap();
        for file in [
            "pairs/a--b/pair.toml",
            "pairs/a--b/log.yaml",
            "people/a.toml",
            "people/b.toml",
        ] {
            fs::write(root.join(file), "x").unwrap();
        }
        let removes: Vec<PathBuf> = [
            "pairs/a--b/pair.toml",
            "pairs/a--b/log.yaml",
            "people/a.toml",
        ]
        .map(PathBuf::from)
        .to_vec();
        finish(root, &removes).unwrap();
        assert!(!root.join("pairs/a--b").exists());
        assert!(!root.join("people/a.toml").exists());
        assert!(root.join("people/b.toml").exists(), "only what was named");
        // Finishing again (after an interruption) is not an error.
        finish(root, &removes).unwrap();
    }
}

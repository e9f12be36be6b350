//! A new folder of files that appears all at once: `init` lays out a whole
//! programme this way, so a failed or interrupted init leaves nothing that a
//! second try would refuse.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Write `files` (paths relative to `target`) so that they appear together.
/// A new `target` is built beside itself and renamed into place in one step;
/// an existing empty one is filled from a hidden staging folder inside it,
/// and emptied again if anything fails.
pub fn lay_out(target: &Path, files: &[(String, String)]) -> Result<()> {
    let target = std::path::absolute(target)
        .with_context(|| format!("cannot find `{}`", target.display()))?;
    // The clock only makes the staging folder's name unique; no date is read.
    #[allow(clippy::disallowed_methods)]
    let stamp = format!(
        "mentor-init-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    if !target.exists() {
        let parent = target.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let name = target
            .file_name()
            .map_or_else(|| "programme".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.{stamp}"));
        let result = write_all(&staging, files).and_then(|()| {
            fs::rename(&staging, &target)
                .with_context(|| format!("cannot create `{}`", target.display()))
        });
        if result.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        return result;
    }
    let staging = target.join(format!(".{stamp}"));
    let mut moved: Vec<PathBuf> = Vec::new();
    let result = write_all(&staging, files).and_then(|()| {
        for entry in fs::read_dir(&staging)? {
            let entry = entry?;
            let to = target.join(entry.file_name());
            if to.exists() {
                bail!("`{}` appeared while mentor was writing", to.display());
            }
            fs::rename(entry.path(), &to)
                .with_context(|| format!("cannot create `{}`", to.display()))?;
            moved.push(to);
        }
        Ok(())
    });
    if result.is_err() {
        for path in &moved {
            let _ = fs::remove_dir_all(path).or_else(|_| fs::remove_file(path));
        }
    }
    let _ = fs::remove_dir_all(&staging);
    result
}

fn write_all(dir: &Path, files: &[(String, String)]) -> Result<()> {
    for (relative, contents) in files {
        let path = dir.join(relative);
        let permissions = crate::edit::journal::permissions_for(&path);
        crate::edit::journal::write_file(&path, contents.as_bytes(), permissions, true)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_appears_whole_and_a_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("p");
        let files = vec![
            ("programme.toml".to_string(), "x = 1\n".to_string()),
            ("people/.keep".to_string(), String::new()),
        ];
        lay_out(&target, &files).unwrap();
        assert!(target.join("people/.keep").is_file());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("p")],
            "no staging left"
        );

        // The same file twice cannot be created: nothing is left behind.
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let clash = vec![
            ("a.toml".to_string(), String::new()),
            ("a.toml".to_string(), String::new()),
        ];
        assert!(lay_out(&empty, &clash).is_err());
        assert_eq!(fs::read_dir(&empty).unwrap().count(), 0);
    }
}

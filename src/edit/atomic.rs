//! Writing files without ever leaving one half-written or clobbering one.

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Whether a write may replace an existing file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    Never,
    Allowed,
}

/// Write `contents` to `path` atomically: into a temporary file in the same
/// directory, flushed to disk, then moved into place. With
/// [`Overwrite::Never`] an existing file is left untouched and an error
/// returned, even if it appears while we write.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory `{}`", dir.display()))?;
    if overwrite == Overwrite::Never && path.exists() {
        bail!("`{}` already exists; not overwriting it", path.display());
    }
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = write_temp(&temp, contents).and_then(|()| match overwrite {
        Overwrite::Allowed => fs::rename(&temp, path)
            .with_context(|| format!("cannot move the new file into `{}`", path.display())),
        // A hard link fails if the target exists, so no-clobber holds even
        // against a file created between the check above and now.
        Overwrite::Never => match fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                bail!("`{}` already exists; not overwriting it", path.display())
            }
            Err(_) => fs::rename(&temp, path)
                .with_context(|| format!("cannot move the new file into `{}`", path.display())),
        },
    });
    let _ = fs::remove_file(&temp);
    result
}

fn write_temp(temp: &Path, contents: &[u8]) -> Result<()> {
    let mut file =
        File::create_new(temp).with_context(|| format!("cannot create `{}`", temp.display()))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write `{}`", temp.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrite_keeps_the_existing_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"one", Overwrite::Never).expect("first write");
        assert!(write_atomic(&path, b"two", Overwrite::Never).is_err());
        assert_eq!(fs::read_to_string(&path).expect("read"), "one");
        write_atomic(&path, b"three", Overwrite::Allowed).expect("overwrite");
        assert_eq!(fs::read_to_string(&path).expect("read"), "three");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
    }
}

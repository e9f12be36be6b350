//! Writing files without ever leaving one half-written or clobbering one.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Whether a write may replace an existing file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    Never,
    Allowed,
}

/// Write `contents` to `path` atomically: into a temporary file in the same
/// directory, flushed to disk, then moved into place (`tempfile`'s persist).
/// With [`Overwrite::Never`] an existing file is left untouched and an error
/// returned, even if it appears while we write (the final step is a hard
/// link, which fails on an existing name). Never into a git folder
/// ([`refuse_git_dir`]).
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<()> {
    refuse_git_dir(path)?;
    write_checked(path, contents, overwrite)
}

/// [`write_atomic`] to a path already checked.
fn write_checked(path: &Path, contents: &[u8], overwrite: Overwrite) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory `{}`", dir.display()))?;
    if overwrite == Overwrite::Never && path.exists() {
        bail!("`{}` already exists; not overwriting it", path.display());
    }
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "`{}` is a symbolic link; mentor never writes through links",
            path.display()
        );
    }
    let temp = temporary(dir, contents, crate::edit::journal::permissions_for(path))?;
    let persisted = match overwrite {
        Overwrite::Allowed => temp.persist(path).map(drop),
        Overwrite::Never => temp.persist_noclobber(path).map(drop),
    };
    match persisted {
        Ok(()) => Ok(()),
        Err(e) if e.error.kind() == ErrorKind::AlreadyExists => {
            bail!("`{}` already exists; not overwriting it", path.display())
        }
        Err(e) => Err(e.error)
            .with_context(|| format!("cannot move the new file into `{}`", path.display())),
    }
}

/// Write an output file (a CSV, a score matrix) of a command run on the
/// programme in `root`: never over one of its records, nor into its record
/// folders, where only the one writer may put files.
pub fn write_output(root: &Path, path: &Path, contents: &[u8]) -> Result<()> {
    refuse_record_path(root, path)?;
    write_checked(path, contents, Overwrite::Allowed)
}

/// Write output files of a command that hands them to participants (a
/// shortlist per mentee): each path must lie inside the programme at
/// `root`, outside its record folders. Every path is checked before any
/// file is written, so a refused one leaves nothing behind.
pub fn write_outputs_inside(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let Some(inside) = resolved(root) else {
        bail!("cannot resolve the programme folder `{}`", root.display());
    };
    for (path, _) in files {
        if !resolved(path).is_some_and(|p| p.starts_with(&inside)) {
            bail!(
                "refusing to write `{}`: it is outside the programme folder `{}`; choose a path inside it",
                path.display(),
                root.display()
            );
        }
        refuse_record_path(root, path)?;
    }
    for (path, contents) in files {
        write_checked(path, contents, Overwrite::Allowed)?;
    }
    Ok(())
}

/// Write a new file that only this user can read (mode 0600, in a folder
/// only they can enter): a secret kept outside the programme, such as a
/// pseudonym key. Never over an existing file, never into a git folder.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    refuse_git_dir(path)?;
    write_yours_alone(path, contents)
}

/// [`write_private`] anywhere, a git folder included: for mentor's own
/// state kept beside the machine key in `.git/mentor` (an erasure's search
/// list), never for a path a user gave.
pub(crate) fn write_yours_alone(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().context("a folder for the file")?;
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory `{}`", dir.display()))?;
    #[cfg(unix)]
    let yours_alone = {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make `{}` yours alone", dir.display()))?;
        Some(fs::Permissions::from_mode(0o600))
    };
    #[cfg(not(unix))]
    let yours_alone = None;
    temporary(dir, contents, yours_alone)?
        .persist_noclobber(path)
        .map(drop)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot keep `{}`", path.display()))
}

/// `contents` in a new temporary file in `dir` (with `permissions`, when
/// given), flushed to disk: ready to be moved into place.
fn temporary(
    dir: &Path,
    contents: &[u8],
    permissions: Option<fs::Permissions>,
) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mentor-").suffix(".tmp");
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", temp.path().display()))?;
    Ok(temp)
}

/// Write a file the coordinators keep at a place mentor knows (CODEOWNERS,
/// made again from the records): never over a record, never in git.
pub fn write_support_file(root: &Path, path: &Path, contents: &[u8]) -> Result<()> {
    refuse_record(root, path)?;
    write_checked(path, contents, Overwrite::Allowed)
}

/// Refuse an output path that is a record of the programme in `root`, lies
/// in `people/`, `pairs/` or `.mentor/`, in a git folder, or is a file only
/// the coordinators keep (CODEOWNERS, a workflow, the reminder template,
/// the pseudonym key): an output over one would change who approves, what
/// CI runs or what is mailed.
pub fn refuse_record_path(root: &Path, path: &Path) -> Result<()> {
    refuse_record(root, path)?;
    let (Some(root), Some(target)) = (resolved(root), resolved(path)) else {
        return Ok(());
    };
    let Ok(relative) = target.strip_prefix(&root) else {
        return Ok(());
    };
    let relative: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    if let Some(what) = crate::load::programme_file::coordinators_file(&relative.join("/")) {
        bail!(
            "refusing to write `{}`: it is {what}, which only the coordinators keep; choose another path",
            path.display()
        );
    }
    Ok(())
}

/// Refuse a path that is a record of the programme in `root`, lies in
/// `people/`, `pairs/` or `.mentor/`, or in a git folder.
fn refuse_record(root: &Path, path: &Path) -> Result<()> {
    refuse_git_dir(path)?;
    let (Some(root), Some(target)) = (resolved(root), resolved(path)) else {
        return Ok(());
    };
    let Ok(relative) = target.strip_prefix(&root) else {
        return Ok(());
    };
    // Without case: on macOS or Windows `People/` is the people folder.
    let inside_records = relative.components().next().is_some_and(|c| {
        c.as_os_str().to_str().is_some_and(|name| {
            ["people", "pairs", ".mentor"]
                .iter()
                .any(|folder| name.eq_ignore_ascii_case(folder))
        })
    });
    if inside_records || crate::layout::FileKind::of(&root, &target).is_some() {
        bail!(
            "refusing to write `{}`: it is {} of the programme; choose a path outside people/, pairs/ and .mentor/",
            path.display(),
            if inside_records {
                "inside the record folders"
            } else {
                "a record file"
            }
        );
    }
    Ok(())
}

/// Refuse a path in a repository's git folder (`.git/config`, a hook): a
/// file written there changes what git does, and `report --out
/// .git/config` broke a repository. Resolved through links and `..`; a
/// folder named `.git` anywhere, and the git folders of the repository
/// holding the path (a linked work tree's are elsewhere), are refused.
pub fn refuse_git_dir(path: &Path) -> Result<()> {
    let Some(target) = resolved(path) else {
        return Ok(());
    };
    let named_git = target.components().any(|part| {
        part.as_os_str()
            .to_str()
            .is_some_and(|name| name.eq_ignore_ascii_case(".git"))
    });
    let in_git_dir = || {
        let Some(existing) = target.ancestors().find(|dir| dir.is_dir()) else {
            return false;
        };
        crate::git::git_dirs(existing)
            .iter()
            .filter_map(|dir| dir.canonicalize().ok())
            .any(|dir| target.starts_with(dir))
    };
    if named_git || in_git_dir() {
        bail!(
            "refusing to write `{}`: it is inside a git repository's own folder, where a file changes what git does; choose a path outside it",
            crate::text::visible(&path.display().to_string())
        );
    }
    Ok(())
}

/// `path` as an absolute path with every link and `..` resolved: the part
/// that exists as the filesystem resolves it, the rest as written (nothing
/// of it exists, so none of it is a link, and `..` in it undoes the part
/// before). `None` when not even the current folder can be resolved.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    // Twice: a `..` after a missing folder can lead back to parts that exist
    // (and may be links); the second pass resolves them.
    resolve_existing(&resolve_existing(&absolute)?)
}

fn resolve_existing(absolute: &Path) -> Option<PathBuf> {
    let parts: Vec<Component> = absolute.components().collect();
    (0..=parts.len()).rev().find_map(|split| {
        let head: PathBuf = parts[..split].iter().collect();
        let mut resolved = head.canonicalize().ok()?;
        for part in &parts[split..] {
            match part {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        Some(resolved)
    })
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

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_the_file_mode_and_a_new_file_is_ordinary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let private = dir.path().join("log.yaml");
        fs::write(&private, "meetings: []\n").expect("write");
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomic(&private, b"meetings: []\n# more\n", Overwrite::Allowed).expect("rewrite");
        let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&private), 0o600);
        let fresh = dir.path().join("new.yaml");
        write_atomic(&fresh, b"x: 1\n", Overwrite::Never).expect("create");
        assert_eq!(mode(&fresh), 0o644);
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_into_a_git_folder_however_the_path_gets_there() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = dir.path().join("repo");
        let separate = dir.path().join("elsewhere.git");
        let made = std::process::Command::new("git")
            .args(["init", "-q", "--separate-git-dir"])
            .arg(&separate)
            .arg(&repo)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git");
        assert!(made.success());
        fs::create_dir_all(repo.join(".git-real")).expect("mkdir");
        std::os::unix::fs::symlink(&separate, repo.join("into-git")).expect("link");
        let refused = [
            repo.join(".git"),
            separate.join("config"),
            separate.join("hooks/pre-commit"),
            repo.join("into-git/config"),
            repo.join("missing/../into-git/hooks/post-checkout"),
            repo.join("missing/../../elsewhere.git/config"),
            repo.join("a/.GIT/config"),
        ];
        for path in &refused {
            let error = write_atomic(path, b"x", Overwrite::Allowed).expect_err("refused");
            assert!(
                error.to_string().contains("git repository"),
                "{}: {error}",
                path.display()
            );
        }
        assert!(!separate.join("hooks/pre-commit").exists());
        assert!(!repo.join("missing").exists());
        for fine in [
            repo.join("report.md"),
            repo.join(".git-real/x"),
            repo.join("out/.gitignore"),
        ] {
            write_atomic(&fine, b"x", Overwrite::Allowed).expect("an ordinary output");
        }
    }
}

//! The one way mentor opens a file of the programme that it reads by
//! default: a record, the reminder template, the import mapping, CODEOWNERS,
//! the pseudonym key, the log of reminders sent.
//!
//! Anyone who can push can commit a symbolic link, and the coordinator and
//! CI then run mentor on the clone: a reminder template linked to the
//! coordinator's identity would mail the key to everyone. So a programme
//! file is opened only by a path relative to the programme, with no `..`,
//! through no link in any component, and only when it is a regular file of
//! a bounded size. Paths the person gives on the command line (`--map`,
//! `--identity`) are theirs to choose and are read as given.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{MAX_RECORD_BYTES, display_path};

/// A file that is not a record but that mentor reads from the programme
/// when it is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupportFile {
    /// Relative to the programme.
    pub path: &'static str,
    /// What it is, as a message names it ("the reminder template").
    pub what: &'static str,
    /// The most mentor reads of it: no real one comes near.
    pub max_bytes: u64,
}

/// What a committed file that is not a record, and that only the
/// coordinators change, is (for `mentor audit`'s A008): the files that
/// steer what mentor writes, mails or hashes, and what CI runs. `None` for
/// every other path.
pub fn coordinators_file(path: &str) -> Option<&'static str> {
    // Compared without case: a checkout on macOS or Windows reads
    // `Templates/` and `PSEUDONYM-KEY.age` as the files mentor uses.
    let path = path.to_lowercase();
    let support = [PSEUDONYM_KEY, LEGACY_SEALED_PSEUDONYM_KEY, IMPORT_MAPPING];
    if let Some(file) = support.iter().find(|f| f.path.eq_ignore_ascii_case(&path)) {
        return Some(file.what);
    }
    let within = |folder: &str| path == folder || path.starts_with(&format!("{folder}/"));
    match path.as_str() {
        "codeowners" | "docs/codeowners" => Some("CODEOWNERS"),
        ".gitlab-ci.yml" => Some("the CI pipeline"),
        // Workflows, local actions, CODEOWNERS, Dependabot: all of them
        // steer what the host runs or who approves.
        _ if within(".github") => Some("the git host's settings (.github/)"),
        _ if within(".gitlab") => Some("the git host's settings (.gitlab/)"),
        _ if within("templates") => Some("a reminder template"),
        _ if within("schemas") => Some("the JSON Schemas editors check records with"),
        _ => None,
    }
}

/// The coordinator's own template for `mentor remind`.
pub const REMINDER_TEMPLATE: SupportFile = SupportFile {
    path: "templates/remind/participant.txt",
    what: "the reminder template",
    max_bytes: 64 * 1024,
};

/// The mapping `mentor import` uses without `--map` (`init` writes one).
pub const IMPORT_MAPPING: SupportFile = SupportFile {
    path: "import-mapping.toml",
    what: "the import mapping",
    max_bytes: 1024 * 1024,
};

/// The pseudonym key of `export --anonymize`, sealed for the coordinators
/// and committed, so every coordinator's export gives the same pseudonyms.
/// Kept beside the records, not in `.mentor/`: that folder is this
/// machine's own and never committed.
pub const PSEUDONYM_KEY: SupportFile = SupportFile {
    path: "pseudonym-key.age",
    what: "the sealed pseudonym key",
    max_bytes: 64 * 1024,
};

/// Where versions before 0.2 kept the sealed pseudonym key; read (and moved)
/// until the programme has moved it.
pub const LEGACY_SEALED_PSEUDONYM_KEY: SupportFile = SupportFile {
    path: ".mentor/pseudonym-key.age",
    what: "the sealed pseudonym key (where earlier versions kept it)",
    max_bytes: 64 * 1024,
};

/// Where earlier versions kept the pseudonym key in plaintext.
pub const LEGACY_PLAIN_PSEUDONYM_KEY: SupportFile = SupportFile {
    path: ".mentor/pseudonym-key",
    what: "the plaintext pseudonym key of an earlier version",
    max_bytes: 64 * 1024,
};

/// What `mentor remind --send` delivered, so nothing repeats within a
/// pair's interval. This machine's own state.
pub const REMINDERS_SENT: SupportFile = SupportFile {
    path: ".mentor/reminders-sent.tsv",
    what: "the log of reminders sent",
    max_bytes: 16 * 1024 * 1024,
};

/// An existing CODEOWNERS, compared with the generated one.
pub fn codeowners(platform: crate::model::Platform) -> SupportFile {
    SupportFile {
        path: platform.codeowners_path(),
        what: "CODEOWNERS",
        max_bytes: MAX_RECORD_BYTES,
    }
}

/// Every support file mentor reads by default: `validate` reports a linked
/// one (E016) before any command reads it.
pub fn support_files() -> Vec<SupportFile> {
    let mut files = vec![
        REMINDER_TEMPLATE,
        IMPORT_MAPPING,
        PSEUDONYM_KEY,
        LEGACY_SEALED_PSEUDONYM_KEY,
        LEGACY_PLAIN_PSEUDONYM_KEY,
        REMINDERS_SENT,
    ];
    files.extend(crate::model::Platform::ALL.map(codeowners));
    files
}

/// Why a programme file was not read.
#[derive(Debug)]
pub enum Refused {
    /// It (or a folder on the way) does not exist.
    Missing,
    /// This part of the path, relative to the programme, is a symbolic link.
    Link(PathBuf),
    /// It is a folder, a socket, a device or a pipe.
    NotAFile,
    /// It is over this many bytes.
    TooLarge(u64),
    /// The path is absolute or climbs out with `..`.
    Outside,
    /// It is not UTF-8 text.
    NotText,
    Io(io::Error),
}

/// Open `path` for reading without following a link at its last component
/// (`O_NOFOLLOW`), and without waiting on a pipe put there meanwhile.
/// Callers check the folders on the way; records are found by a listing
/// that already refuses links.
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Where `relative` leads from `root` when no part of it is a link and
/// only the last part may be other than a folder.
fn walk(root: &Path, relative: &Path) -> Result<PathBuf, Refused> {
    let mut place = root.to_path_buf();
    let mut shown = PathBuf::new();
    let parts: Vec<Component> = relative.components().collect();
    if parts.is_empty() {
        return Err(Refused::Outside);
    }
    for (i, part) in parts.iter().enumerate() {
        let Component::Normal(name) = part else {
            return Err(Refused::Outside);
        };
        place.push(name);
        shown.push(name);
        let metadata = match fs::symlink_metadata(&place) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refused::Missing),
            Err(e) => return Err(Refused::Io(e)),
        };
        if metadata.file_type().is_symlink() {
            return Err(Refused::Link(shown));
        }
        let last = i + 1 == parts.len();
        if !last && !metadata.is_dir() {
            return Err(Refused::Missing);
        }
        if last && !metadata.is_file() {
            return Err(Refused::NotAFile);
        }
    }
    Ok(place)
}

/// The first part of `relative` (a path inside the programme at `root`)
/// that is a symbolic link; parts that do not exist yet are no links.
pub fn first_link(root: &Path, relative: &Path) -> Option<PathBuf> {
    let mut place = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in relative.components() {
        place.push(part);
        shown.push(part);
        match fs::symlink_metadata(&place) {
            Ok(metadata) if metadata.file_type().is_symlink() => return Some(shown),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The bytes of the file at `relative` in the programme at `root`, at most
/// `max_bytes` of them, read through no link.
pub fn read(root: &Path, relative: &Path, max_bytes: u64) -> Result<Vec<u8>, Refused> {
    let path = walk(root, relative)?;
    let file = open_no_follow(&path).map_err(|e| {
        // Replaced by a link since it was looked at.
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            Refused::Link(relative.to_path_buf())
        } else {
            Refused::Io(e)
        }
    })?;
    if !file.metadata().map_err(Refused::Io)?.is_file() {
        return Err(Refused::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Refused::TooLarge(max_bytes));
    }
    Ok(bytes)
}

/// A support file's text, or `None` when the programme has none; anything
/// else that stops it being read is an error that says how to fix it.
pub fn read_support(root: &Path, file: SupportFile) -> anyhow::Result<Option<String>> {
    let bytes = match read(root, Path::new(file.path), file.max_bytes) {
        Ok(bytes) => bytes,
        Err(Refused::Missing) => return Ok(None),
        Err(refused) => return Err(anyhow::anyhow!(explain(root, file, &refused))),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| anyhow::anyhow!(explain(root, file, &Refused::NotText)))
}

/// Why `file` was not read, and what to do about it.
pub fn explain(root: &Path, file: SupportFile, refused: &Refused) -> String {
    let path = display_path(&root.join(file.path));
    match refused {
        Refused::Link(link) => format!(
            "`{}` is a symbolic link: mentor never reads {} through a link (it could point at a key or a password); replace the link with the file itself",
            display_path(&root.join(link)),
            file.what
        ),
        Refused::NotAFile => format!(
            "`{path}` is not a regular file: mentor reads {} only from a file",
            file.what
        ),
        Refused::TooLarge(max) => format!(
            "`{path}` is over {} KiB: larger than {} can be; restore it from git",
            max / 1024,
            file.what
        ),
        Refused::NotText => format!("`{path}` is not UTF-8 text; save {} as UTF-8", file.what),
        Refused::Outside => format!("`{path}` is not a path inside the programme"),
        Refused::Missing => format!("`{path}` does not exist"),
        Refused::Io(e) => format!("cannot read `{path}`: {e}"),
    }
}

/// `validate`'s findings about support files mentor would not read: a link
/// anywhere on the way (E016) or something other than a file (E014). One
/// finding per link, however many support files lie behind it.
pub fn support_file_findings(root: &Path) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = Vec::new();
    let mut reported: Vec<PathBuf> = Vec::new();
    for file in support_files() {
        match walk(root, Path::new(file.path)) {
            Err(Refused::Link(link)) if !reported.contains(&link) => {
                let path = display_path(&root.join(&link));
                findings.push(
                    Diagnostic::for_path(
                        Code::LinkedSupportFile,
                        path.clone(),
                        format!(
                            "`{path}` is a symbolic link: mentor never reads {} through it",
                            file.what
                        ),
                    )
                    .help("replace the link with the file itself (git keeps the history), or delete it"),
                );
                reported.push(link);
            }
            Err(Refused::NotAFile) => {
                let path = display_path(&root.join(file.path));
                findings.push(
                    Diagnostic::for_path(
                        Code::Unreadable,
                        path.clone(),
                        format!(
                            "`{path}` is not a regular file: mentor does not read {}",
                            file.what
                        ),
                    )
                    .help("replace it with a file, or remove it"),
                );
            }
            _ => {}
        }
    }
    findings
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn programme() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("p/templates/remind")).expect("mkdir");
        fs::write(dir.path().join("secret"), "AGE-SECRET-KEY-1").expect("write");
        dir
    }

    #[test]
    fn a_regular_file_is_read() {
        let dir = programme();
        let root = dir.path().join("p");
        fs::write(root.join(REMINDER_TEMPLATE.path), "Subject: hi\n").expect("write");
        let text = read_support(&root, REMINDER_TEMPLATE).expect("read");
        assert_eq!(text.as_deref(), Some("Subject: hi\n"));
        assert!(
            read_support(&root, IMPORT_MAPPING)
                .expect("absent")
                .is_none()
        );
    }

    #[test]
    fn a_link_at_the_file_or_on_the_way_is_never_followed() {
        let dir = programme();
        let root = dir.path().join("p");
        symlink(dir.path().join("secret"), root.join(REMINDER_TEMPLATE.path)).expect("link");
        let error = read_support(&root, REMINDER_TEMPLATE).expect_err("refused");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(!error.to_string().contains("AGE-SECRET"), "{error}");
        // A linked folder on the way.
        fs::remove_dir_all(root.join("templates")).expect("rm");
        fs::create_dir_all(dir.path().join("elsewhere/remind")).expect("mkdir");
        fs::write(dir.path().join("elsewhere/remind/participant.txt"), "x").expect("write");
        symlink(dir.path().join("elsewhere"), root.join("templates")).expect("link");
        match read(&root, Path::new(REMINDER_TEMPLATE.path), 1024) {
            Err(Refused::Link(link)) => assert_eq!(link, Path::new("templates")),
            other => panic!("{other:?}"),
        }
        let findings = support_file_findings(&root);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].code, Code::LinkedSupportFile);
    }

    #[test]
    fn paths_that_leave_the_programme_are_refused() {
        let dir = programme();
        let root = dir.path().join("p");
        for path in ["../secret", "/etc/hostname", "", "templates/../../secret"] {
            assert!(
                matches!(read(&root, Path::new(path), 1024), Err(Refused::Outside)),
                "{path}"
            );
        }
    }

    #[test]
    fn folders_pipes_and_huge_files_are_refused() {
        let dir = programme();
        let root = dir.path().join("p");
        assert!(matches!(
            read(&root, Path::new("templates"), 1024),
            Err(Refused::NotAFile)
        ));
        fs::write(root.join("big"), vec![b'x'; 2048]).expect("write");
        assert!(matches!(
            read(&root, Path::new("big"), 1024),
            Err(Refused::TooLarge(1024))
        ));
        let fifo = root.join(REMINDER_TEMPLATE.path);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read(&root, Path::new(REMINDER_TEMPLATE.path), 1024),
                Err(Refused::NotAFile)
            ));
        }
    }

    #[test]
    fn opening_without_following_refuses_a_link_itself() {
        let dir = programme();
        let link = dir.path().join("link");
        symlink(dir.path().join("secret"), &link).expect("link");
        assert!(open_no_follow(&link).is_err());
        assert!(open_no_follow(&dir.path().join("secret")).is_ok());
    }
}

//! Finding the record files of a programme, by the layout's table of where
//! each record lives ([`crate::layout`]).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::decode::did_you_mean;
use crate::diagnostic::{Code, Diagnostic};
use crate::layout::{FileKind, PAIR, PAIR_FILES, RECORD_EXTENSIONS, record_stem};
use crate::load::display_path;

/// What discovery found.
#[derive(Default)]
pub struct Discovered {
    /// The record files to read, sorted by path.
    pub files: Vec<(PathBuf, FileKind)>,
    /// Findings about files that are not read.
    pub diagnostics: Vec<Diagnostic>,
    /// Records that exist but cannot be read (a link): references to them
    /// are not reported again, and a linked programme is not also "missing".
    pub present_but_unread: Vec<FileKind>,
}

/// Find the record files, sorted by path so that file ids (and therefore
/// output) do not depend on directory order. Links are never followed and
/// nothing that looks like a record is passed over in silence: a link, a
/// folder named like a record, a record in a nested folder, a hidden or
/// upper-case record file, or a folder mentor cannot open, is a finding.
pub fn discover(root: &Path) -> Result<Discovered> {
    let entries = read_dir(root).with_context(|| format!("cannot read `{}`", root.display()))?;
    // people/ and pairs/ are listed at the same time (10,000 people in one
    // folder on one core, thousands of pair folders on the others), and what
    // each entry holds is kept in the entries' order.
    let listed: Vec<Discovered> = entries
        .par_iter()
        .map(|(path, kind)| {
            let mut one = Discovered::default();
            one.root_entry(root, path, *kind);
            one
        })
        .collect();
    let mut found = Discovered::default();
    found.extend(listed);
    found.files.sort();
    Ok(found)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryKind {
    File,
    Dir,
    Link,
    Other,
}

/// The entries of a folder, sorted by name, each with its own type (a link
/// is a link, whatever it points to).
fn read_dir(dir: &Path) -> std::io::Result<Vec<(PathBuf, EntryKind)>> {
    let mut entries: Vec<(std::ffi::OsString, EntryKind)> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| {
            let kind = match e.file_type() {
                Ok(t) if t.is_symlink() => EntryKind::Link,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if t.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            };
            (e.file_name(), kind)
        })
        .collect();
    // By name: the order of their paths (one folder), without comparing
    // paths component by component (10,000 people in one folder).
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries
        .into_iter()
        .map(|(name, kind)| (dir.join(name), kind))
        .collect())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Discovered {
    fn root_entry(&mut self, root: &Path, path: &Path, kind: EntryKind) {
        let name = file_name(path);
        match kind {
            EntryKind::File if name.starts_with("programme.") => match FileKind::of(root, path) {
                Some(kind) => self.files.push((path.to_path_buf(), kind)),
                None => self.stray(path, None),
            },
            EntryKind::Link if looks_like_record(&name) || name == "people" || name == "pairs" => {
                self.link(path, FileKind::of(root, path))
            }
            EntryKind::Dir if name == "people" => self.people(root, path),
            EntryKind::Dir if name == "pairs" => self.pairs(root, path),
            EntryKind::Dir if looks_like_record(&name) && name.starts_with("programme.") => {
                self.folder_named_like_a_record(path)
            }
            _ => {}
        }
    }

    /// Add what other listings found, in their order.
    fn extend(&mut self, listed: Vec<Discovered>) {
        for one in listed {
            self.files.extend(one.files);
            self.diagnostics.extend(one.diagnostics);
            self.present_but_unread.extend(one.present_but_unread);
        }
    }

    fn people(&mut self, root: &Path, dir: &Path) {
        let Some(entries) = self.open(dir) else {
            return;
        };
        for (path, kind) in entries {
            match kind {
                EntryKind::File => match FileKind::of(root, &path) {
                    Some(kind) if !file_name(&path).starts_with('.') => {
                        self.files.push((path, kind))
                    }
                    _ => self.stray(&path, None),
                },
                EntryKind::Link => self.link(&path, FileKind::of(root, &path)),
                EntryKind::Dir if looks_like_record(&file_name(&path)) => {
                    self.folder_named_like_a_record(&path)
                }
                EntryKind::Dir => self.nested(
                    &path,
                    "people/ holds <person-id>.toml files directly, not in folders",
                ),
                EntryKind::Other => self.not_a_file(&path, FileKind::of(root, &path)),
            }
        }
    }

    fn pairs(&mut self, root: &Path, dir: &Path) {
        let Some(entries) = self.open(dir) else {
            return;
        };
        let mut folders = Vec::new();
        for (folder, kind) in entries {
            match kind {
                EntryKind::Dir if !file_name(&folder).starts_with('.') => folders.push(folder),
                EntryKind::Link => {
                    self.link(&folder, Some(FileKind::Pair(&PAIR, file_name(&folder))))
                }
                EntryKind::File | EntryKind::Dir => self.stray(&folder, None),
                EntryKind::Other => {}
            }
        }
        // Thousands of pair folders: listed in parallel, kept in order.
        let listed: Vec<Discovered> = folders
            .par_iter()
            .map(|folder| {
                let mut one = Discovered::default();
                one.pair(root, folder);
                one
            })
            .collect();
        self.extend(listed);
    }

    fn pair(&mut self, root: &Path, folder: &Path) {
        let Some(entries) = self.open(folder) else {
            return;
        };
        let mut seen: Vec<(String, PathBuf)> = Vec::new();
        for (path, kind) in entries {
            let name = file_name(&path);
            match kind {
                EntryKind::File => match FileKind::of(root, &path) {
                    Some(kind) if !name.starts_with('.') => {
                        let stem = record_stem(&path).unwrap_or_default();
                        match seen.iter().find(|(s, _)| *s == stem) {
                            Some((_, first)) => self.duplicate(&path, first),
                            None => {
                                seen.push((stem, path.clone()));
                                self.files.push((path, kind));
                            }
                        }
                    }
                    _ => {
                        let suggestion = record_stem(&path)
                            .and_then(|stem| did_you_mean(&stem, PAIR_FILES.iter().map(|file| file.stem)));
                        self.stray(&path, suggestion);
                    }
                },
                EntryKind::Link => self.link(&path, FileKind::of(root, &path)),
                EntryKind::Dir if looks_like_record(&name) => self.folder_named_like_a_record(&path),
                EntryKind::Dir => self.nested(&path, "a pair folder holds pair.toml, goals.yaml, log.yaml and feedback.yaml directly"),
                EntryKind::Other => self.not_a_file(&path, FileKind::of(root, &path)),
            }
        }
    }

    /// The entries of a folder, or a finding when it cannot be opened: one
    /// unreadable folder does not stop the rest being checked.
    fn open(&mut self, dir: &Path) -> Option<Vec<(PathBuf, EntryKind)>> {
        match read_dir(dir) {
            Ok(entries) => Some(entries),
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::for_path(
                        Code::Unreadable,
                        display_path(dir),
                        format!("cannot open the folder `{}`: {e}", display_path(dir)),
                    )
                    .help("give yourself read access to it (or remove it)"),
                );
                None
            }
        }
    }

    /// A link where a record (of `kind`, if it names one) would be.
    fn link(&mut self, path: &Path, kind: Option<FileKind>) {
        self.present_but_unread.extend(kind);
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::LinkedFile,
                display_path(path),
                format!(
                    "`{}` is a symbolic link; mentor does not read records through links",
                    display_path(path)
                ),
            )
            .help("replace the link with the file or folder itself (git keeps the history)"),
        );
    }

    /// A socket, device or pipe where a record would be: never opened.
    fn not_a_file(&mut self, path: &Path, kind: Option<FileKind>) {
        if !looks_like_record(&file_name(path)) {
            return;
        }
        self.present_but_unread.extend(kind);
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::Unreadable,
                display_path(path),
                format!("`{}` is not a regular file", display_path(path)),
            )
            .help("replace it with the record file itself"),
        );
    }

    fn duplicate(&mut self, path: &Path, first: &Path) {
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::DuplicateRecord,
                display_path(path),
                format!(
                    "`{}` holds the same record as `{}`; mentor reads neither twice",
                    display_path(path),
                    display_path(first)
                ),
            )
            .help("keep one file per record: merge them and delete the other"),
        );
    }

    fn folder_named_like_a_record(&mut self, path: &Path) {
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::UnrecognisedFile,
                display_path(path),
                format!("`{}` is a folder, not a record file", display_path(path)),
            )
            .help("a record is a file: move what is inside out, or rename the folder"),
        );
    }

    fn nested(&mut self, dir: &Path, help: &str) {
        let mut inside = Vec::new();
        collect_record_like(dir, &mut inside);
        for path in inside {
            self.diagnostics.push(
                Diagnostic::for_path(
                    Code::UnrecognisedFile,
                    display_path(&path),
                    format!(
                        "`{}` is in a nested folder and is not read",
                        display_path(&path)
                    ),
                )
                .help(help),
            );
        }
    }

    /// Files that are not records: notes and READMEs are welcome; anything that
    /// looks like a record but is not read gets a warning, since its author
    /// believes it counts.
    fn stray(&mut self, path: &Path, suggestion: Option<&str>) {
        let name = file_name(path);
        if !looks_like_record(&name) {
            return;
        }
        let help = match suggestion {
            _ if name.starts_with('.') => "hidden files are not read: remove the leading `.`".to_string(),
            _ if RECORD_EXTENSIONS.iter().all(|e| !name.ends_with(&format!(".{e}"))) => {
                "write the extension in lower case (`.toml`, `.yaml`)".to_string()
            }
            Some(s) => format!("did you mean `{s}`? mentor reads pair.toml, goals.yaml, log.yaml and feedback.yaml"),
            None => "people/ holds <person-id>.toml files; pairs/<pair-id>/ holds pair.toml, goals.yaml, log.yaml, feedback.yaml".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::UnrecognisedFile,
                display_path(path),
                format!("`{}` is not read by mentor", display_path(path)),
            )
            .help(help),
        );
    }
}

/// Record-like files anywhere under `dir` (not following links).
fn collect_record_like(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = read_dir(dir) else {
        return;
    };
    for (path, kind) in entries {
        match kind {
            EntryKind::Dir => collect_record_like(&path, out),
            _ if looks_like_record(&file_name(&path)) => out.push(path),
            _ => {}
        }
    }
}

/// A name a person could believe is a record: a record (or JSON) extension
/// in any case.
fn looks_like_record(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        let ext = ext.to_ascii_lowercase();
        RECORD_EXTENSIONS.contains(&ext.as_str()) || ext == "json"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_cannot_be_opened_is_one_finding() {
        let mut found = Discovered::default();
        assert!(found.open(Path::new("/no/such/folder")).is_none());
        assert_eq!(found.diagnostics.len(), 1);
        assert_eq!(found.diagnostics[0].code, Code::Unreadable);
    }
}

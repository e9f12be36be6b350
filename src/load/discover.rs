//! Finding the record files of a programme: the one table from a file's
//! place in the programme to the record it holds.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;

use crate::decode::did_you_mean;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::display_path;

/// The record files of a pair folder, by file stem.
pub const PAIR_FILES: &[&str] = &["pair", "goals", "log", "feedback"];
/// The extensions of record files; the extension decides the syntax.
pub const RECORD_EXTENSIONS: &[&str] = &["toml", "yaml", "yml"];

/// What a file holds, decided by where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Programme,
    Person(String),
    Pair(String),
    Goals(String),
    Log(String),
    Feedback(String),
}

impl FileKind {
    /// What a record file at `path` (under `root`) holds, if anything.
    pub fn of(root: &Path, path: &Path) -> Option<FileKind> {
        let relative = path.strip_prefix(root).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let stem = record_stem(path)?;
        match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [_] if stem == "programme" => Some(FileKind::Programme),
            ["people", _] => Some(FileKind::Person(stem)),
            ["pairs", id, _] => FileKind::in_pair_folder(&stem, id),
            _ => None,
        }
    }

    /// The file of stem `stem` in the folder of pair `id`.
    fn in_pair_folder(stem: &str, id: &str) -> Option<FileKind> {
        let id = id.to_string();
        match stem {
            "pair" => Some(FileKind::Pair(id)),
            "goals" => Some(FileKind::Goals(id)),
            "log" => Some(FileKind::Log(id)),
            "feedback" => Some(FileKind::Feedback(id)),
            _ => None,
        }
    }
}

/// The record files found, and warnings about files that are not records.
pub type Discovered = (Vec<(PathBuf, FileKind)>, Vec<Diagnostic>);

/// Find the record files, sorted by path so that file ids (and therefore
/// output) do not depend on directory order.
pub fn discover(root: &Path) -> Result<Discovered> {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for ext in RECORD_EXTENSIONS {
        let path = root.join(format!("programme.{ext}"));
        if path.is_file() {
            files.push((path, FileKind::Programme));
        }
    }
    for (folder, depth) in [("people", 1), ("pairs", 2)] {
        for entry in walk(root, folder, depth)? {
            let path = entry.path();
            match FileKind::of(root, path) {
                Some(kind) => files.push((path.to_path_buf(), kind)),
                None => {
                    let suggestion = (folder == "pairs" && entry.depth() == 2)
                        .then(|| record_stem(path))
                        .flatten()
                        .and_then(|stem| did_you_mean(&stem, PAIR_FILES.iter().copied()));
                    note_stray(path, suggestion, &mut diagnostics);
                }
            }
        }
    }
    files.sort();
    Ok((files, diagnostics))
}

fn walk(root: &Path, folder: &str, depth: usize) -> Result<Vec<walkdir::DirEntry>> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut entries = Vec::new();
    let walker = WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// The file stem of a record file (`.toml`, `.yaml`, `.yml`), or `None`.
fn record_stem(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    if !RECORD_EXTENSIONS.contains(&ext) {
        return None;
    }
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

/// Files that are not records: notes and READMEs are welcome; anything that
/// looks like a record but is not read gets a warning, since its author
/// believes it counts.
fn note_stray(path: &Path, suggestion: Option<&str>, out: &mut Vec<Diagnostic>) {
    let looks_like_record = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RECORD_EXTENSIONS.contains(&e) || e == "json");
    if !looks_like_record {
        return;
    }
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`? mentor reads pair.toml, goals.yaml, log.yaml and feedback.yaml"),
        None => "people/ holds <person-id>.toml files; pairs/<pair-id>/ holds pair.toml, goals.yaml, log.yaml, feedback.yaml".to_string(),
    };
    out.push(
        Diagnostic::for_path(
            Code::UnrecognisedFile,
            display_path(path),
            format!("`{}` is not read by mentor", display_path(path)),
        )
        .help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_file_stem_names_a_record_kind() {
        for stem in PAIR_FILES {
            assert!(FileKind::in_pair_folder(stem, "a--b").is_some(), "{stem}");
        }
        let root = Path::new("p");
        assert_eq!(
            FileKind::of(root, Path::new("p/pairs/a--b/log.yml")),
            Some(FileKind::Log("a--b".into()))
        );
        assert_eq!(
            FileKind::of(root, Path::new("p/people/ana.toml")),
            Some(FileKind::Person("ana".into()))
        );
        assert_eq!(
            FileKind::of(root, Path::new("p/pairs/a--b/notes.yaml")),
            None
        );
        assert_eq!(FileKind::of(root, Path::new("p/people/ana.md")), None);
    }
}

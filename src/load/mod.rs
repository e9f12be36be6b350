//! Reading a programme directory into a [`Workspace`].
//!
//! Files are discovered, then read, parsed and decoded in parallel; a broken
//! file becomes diagnostics and loading carries on. Only a directory that
//! cannot be read at all is a fatal error.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

mod discover;
pub mod programme_file;

pub use discover::Discovered;
use discover::discover;

use crate::decode::{Cx, Decode, FieldPath};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::id::is_valid_id;
use crate::layout::{FileKind, Holds, Joining};
use crate::model::{Pair, Person, Programme, SurveyAnswer};
use crate::node::{self, Syntax, Value};
use crate::source::{ByteRange, FileId, SourceFile, Span};
use crate::workspace::{PairEntry, PersonEntry, Workspace};

// One value per file, all held until every file is read: the large records
// are boxed so a list file's value is not the size of a programme's (inline,
// 22,000 files of a 10,000-person programme held 48 MB more than they used).
enum Decoded {
    Programme(Box<Programme>),
    Person(Box<Person>),
    Pair(Box<Pair>),
    /// A person's own survey answers.
    PersonAnswers(Vec<crate::model::SurveyAnswer>),
    /// A list file's entries, waiting for their pair (as its row says).
    Entries(Joining),
}

struct Loaded {
    source: SourceFile,
    kind: FileKind,
    record: Option<Decoded>,
    diagnostics: Vec<Diagnostic>,
}

/// File texts that stand in for (or add to) what is on disk: lets a command
/// check what it is about to write before writing anything.
pub type Overlay = BTreeMap<PathBuf, String>;

/// Load the programme in `root`.
pub fn load(root: &Path) -> Result<Workspace> {
    load_with(root, &Overlay::new())
}

/// Load the programme in `root` as it would be with `overlay` written.
pub fn load_with(root: &Path, overlay: &Overlay) -> Result<Workspace> {
    load_changed(root, overlay, &[])
}

/// Load the programme in `root` as it would be with `overlay` written and
/// the record files `removed` deleted.
pub fn load_changed(root: &Path, overlay: &Overlay, removed: &[PathBuf]) -> Result<Workspace> {
    let metadata = std::fs::metadata(root)
        .with_context(|| format!("cannot read programme directory `{}`", root.display()))?;
    if !metadata.is_dir() {
        bail!("`{}` is not a directory", root.display());
    }
    let mut workspace = Workspace::default();
    workspace.root = root.to_path_buf();
    let Discovered {
        mut files,
        diagnostics,
        present_but_unread,
    } = discover(root)?;
    for id in present_but_unread.iter().filter_map(FileKind::record_id) {
        workspace.unreadable.insert(id.to_string());
    }
    add_overlaid(root, overlay, &mut files);
    files.retain(|(path, _)| !removed.contains(path));
    let loaded: Vec<Loaded> = files
        .into_par_iter()
        .enumerate()
        .map_init(
            || Vec::with_capacity(READ_BUFFER_BYTES),
            |buffer, (i, (path, kind))| {
                let text = overlay.get(&path).cloned();
                let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
                read_and_decode(path, kind, file, text, buffer)
            },
        )
        .collect();
    let mut assembly = Assembly {
        workspace,
        diagnostics,
        pairs: BTreeMap::new(),
        person_files: HashMap::new(),
        answer_files: HashMap::new(),
    };
    assembly.add_all(loaded);
    assembly.programme_present(root, &present_but_unread);
    let Assembly {
        mut workspace,
        mut diagnostics,
        pairs,
        ..
    } = assembly;
    add_pairs(&mut workspace, pairs, root, &mut diagnostics);
    for platform in crate::model::Platform::ALL {
        let file = programme_file::codeowners(platform);
        // A linked or odd CODEOWNERS is reported below, not compared.
        if let Ok(Some(text)) = programme_file::read_support(root, file) {
            workspace.codeowners.push(crate::workspace::CodeownersFile {
                platform,
                shown_path: display_path(&root.join(file.path)),
                text,
            });
        }
    }
    diagnostics.extend(programme_file::support_file_findings(root));
    workspace.load_diagnostics = diagnostics;
    workspace.index();
    Ok(workspace)
}

/// The record files the overlay adds to those on disk. Discovery sorts what
/// it finds; only files the overlay adds are not.
fn add_overlaid(root: &Path, overlay: &Overlay, files: &mut Vec<(PathBuf, FileKind)>) {
    if overlay.is_empty() {
        return;
    }
    let on_disk: std::collections::HashSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    let added: Vec<(PathBuf, FileKind)> = overlay
        .keys()
        .filter(|p| !on_disk.contains(p))
        .filter_map(|path| FileKind::of(root, path).map(|kind| (path.clone(), kind)))
        .collect();
    if !added.is_empty() {
        files.extend(added);
        files.sort();
    }
}

/// The workspace as its files are added, in file order.
struct Assembly {
    workspace: Workspace,
    diagnostics: Vec<Diagnostic>,
    pairs: BTreeMap<String, PairParts>,
    person_files: HashMap<String, FileId>,
    /// A person's own answers file (`people/<id>.surveys.*`), by id.
    answer_files: HashMap<String, FileId>,
}

/// A pair folder as far as it is read: its pair.toml, and what its other
/// files add once the pair is there.
#[derive(Default)]
struct PairParts {
    pair: Option<(Pair, FileId, PathBuf)>,
    unreadable: bool,
    joining: Vec<Joining>,
}

impl Assembly {
    fn add_all(&mut self, loaded: Vec<Loaded>) {
        let people = loaded
            .iter()
            .filter(|item| matches!(item.kind, FileKind::Person(_)))
            .count();
        self.workspace.people.reserve_exact(people);
        self.workspace.sources.reserve(loaded.len());
        for item in loaded {
            self.add(item);
        }
    }

    fn add(&mut self, item: Loaded) {
        // A list file with an entry that did not decode (a bad date) is as
        // good as unread for "never met" and "no goals".
        let partly_unread = item
            .diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error);
        self.diagnostics.extend(item.diagnostics);
        let file = self.workspace.sources.push(item.source);
        match (item.kind, item.record) {
            (FileKind::Programme, Some(Decoded::Programme(p))) => self.programme(*p, file),
            (FileKind::Programme, _) => {
                // Broken, but present: not also "missing".
                self.workspace.programme_file.get_or_insert(file);
            }
            (FileKind::Person(id), Some(Decoded::Person(person))) => self.person(id, person, file),
            (FileKind::Person(id), _) => {
                self.workspace.unreadable.insert(id);
            }
            (FileKind::PersonSurveys(id), Some(Decoded::PersonAnswers(answers))) => {
                self.person_answers(id, answers, file);
            }
            (FileKind::PersonSurveys(_), _) => {}
            (FileKind::Pair(_, id), Some(Decoded::Pair(pair))) => self.pair(id, *pair, file),
            (FileKind::Pair(row, id), record) => {
                let parts = self.pairs.entry(id.clone()).or_default();
                match (row.holds, record) {
                    (Holds::Pair, _) => {
                        parts.unreadable = true;
                        self.workspace.unreadable.insert(id);
                    }
                    (Holds::Entries(_), Some(Decoded::Entries(joining))) if !partly_unread => {
                        parts.joining.push(joining);
                    }
                    (Holds::Entries(entries), record) => {
                        if let Some(Decoded::Entries(joining)) = record {
                            parts.joining.push(joining);
                        }
                        parts.joining.push(Box::new(|pair| entries.unread(pair)));
                    }
                }
            }
        }
    }

    fn programme(&mut self, programme: Programme, file: FileId) {
        if let Some(first) = self.workspace.programme_file {
            let d = duplicate_file(file, "the programme", &self.workspace, first);
            self.diagnostics.push(d);
        } else {
            self.workspace.programme = Some(programme);
            self.workspace.programme_file = Some(file);
        }
    }

    fn person(&mut self, id: String, person: Box<Person>, file: FileId) {
        match self.person_files.get(&id) {
            Some(&first) => {
                let d = duplicate_file(file, &format!("person `{id}`"), &self.workspace, first);
                self.diagnostics.push(d);
            }
            None => {
                self.person_files.insert(id.clone(), file);
                self.workspace.people.push(PersonEntry { id, file, person });
            }
        }
    }

    /// A second answers file for one person (`.yaml` and `.toml`) is a
    /// duplicate, never a second set of answers that counts.
    fn person_answers(&mut self, id: String, answers: Vec<SurveyAnswer>, file: FileId) {
        match self.answer_files.get(&id) {
            Some(&first) => {
                let what = format!("the survey answers file of `{id}`");
                let d = duplicate_file(file, &what, &self.workspace, first);
                self.diagnostics.push(d);
            }
            None => {
                self.answer_files.insert(id.clone(), file);
                self.workspace
                    .person_answers
                    .push(crate::workspace::PersonAnswers { id, file, answers });
            }
        }
    }

    fn pair(&mut self, id: String, pair: Pair, file: FileId) {
        let parts = self.pairs.entry(id.clone()).or_default();
        if let Some((_, first, _)) = &parts.pair {
            let d = duplicate_file(file, &format!("pair `{id}`"), &self.workspace, *first);
            self.diagnostics.push(d);
        } else {
            let dir = self.workspace.sources.path_of(file).and_then(Path::parent);
            parts.pair = Some((pair, file, dir.map(Path::to_path_buf).unwrap_or_default()));
        }
    }

    /// A programme needs its programme.toml.
    fn programme_present(&mut self, root: &Path, present_but_unread: &[FileKind]) {
        if self.workspace.programme_file.is_some()
            || present_but_unread.contains(&FileKind::Programme)
        {
            return;
        }
        self.diagnostics.push(
            Diagnostic::for_path(
                Code::MissingProgramme,
                display_path(&root.join("programme.toml")),
                format!("no programme.toml in `{}`", root.display()),
            )
            .help(
                "run `mentor init` to lay out a programme, or point at the programme's directory",
            ),
        );
    }
}

/// Every pair folder with a pair.toml, its other files joined to it; a
/// folder without one is a finding (unless its pair.toml is unreadable,
/// which has its own).
fn add_pairs(
    workspace: &mut Workspace,
    pairs: BTreeMap<String, PairParts>,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    workspace.pairs.reserve_exact(pairs.len());
    for (id, parts) in pairs {
        match parts.pair {
            Some((pair, file, dir)) => {
                let mut entry = PairEntry::new(id, dir, file, pair);
                for join in parts.joining {
                    join(&mut entry);
                }
                workspace.pairs.push(entry);
            }
            None if parts.unreadable => {}
            None => diagnostics.push(
                Diagnostic::for_path(
                    Code::MissingPairFile,
                    display_path(&root.join("pairs").join(&id).join("pair.toml")),
                    format!("pair folder `pairs/{id}` has no pair.toml"),
                )
                .help("add pair.toml with `mentor`, `mentee` and `status`, or remove the folder"),
            ),
        }
    }
}

fn duplicate_file(file: FileId, what: &str, ws: &Workspace, first: FileId) -> Diagnostic {
    let first = ws
        .sources
        .get(first)
        .map_or_else(String::new, |f| f.display.clone());
    Diagnostic::new(
        Code::DuplicateRecord,
        Span::file_start(file),
        format!("{what} is already defined in {first}"),
    )
    .help("keep one file per record: remove or rename one of them")
}

/// How a path is shown: as the user named it (the programme directory they
/// passed, then the file), with `/` separators and no `./`, so terminals and
/// CI systems can open it from where mentor ran.
pub fn display_path(path: &Path) -> String {
    // Nearly every path is plain already (perhaps after a leading `./`):
    // copied once, not rebuilt part by part (22,000 files in a large programme).
    if let Some(text) = path.to_str() {
        let mut plain = text;
        while let Some(rest) = plain.strip_prefix("./") {
            plain = rest;
        }
        let already_clean = !plain.is_empty()
            && !plain.contains('\\')
            && !plain.contains("//")
            && !plain.ends_with('/')
            && plain.split('/').all(|part| part != ".")
            && matches!(crate::text::visible(plain), std::borrow::Cow::Borrowed(_));
        if already_clean {
            return plain.to_string();
        }
    }
    display_path_by_parts(path)
}

/// `display_path` the long way: every `.` part dropped, `\\` turned to `/`,
/// control characters escaped.
fn display_path_by_parts(path: &Path) -> String {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    // A newline or escape sequence in a file name must not forge output.
    crate::text::visible(&cleaned.to_string_lossy().replace('\\', "/")).into_owned()
}

/// The largest record file mentor reads. A decade of weekly meetings with
/// notes is well under 1 MiB; the limit keeps a runaway or hostile file from
/// costing CI more than a small multiple of its size.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// The reading buffer each thread starts with: larger than nearly every
/// record file, so most are read in one call.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// The text of a record file as the loader would read it (never through a
/// link at its name, at most [`MAX_RECORD_BYTES`]): what a writer edits.
/// The folders on the way are the loader's, which lists them without
/// following links.
pub fn read_record_text(path: &Path) -> std::io::Result<String> {
    let mut buffer = Vec::new();
    let bytes = read_capped(path, &mut buffer)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is over {} MiB",
            MAX_RECORD_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("the file is not UTF-8 text"))
}

/// Read at most one byte more than the limit, so a huge file is never read whole.
/// The file is read into `buffer`, which is kept from file to file, and the
/// text copied out at its exact size: neither asking the file's length
/// first (a system call per file) nor growing a new buffer read by read
/// (a fifth of `validate`'s time on a large programme, once).
fn read_capped(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    buffer.clear();
    programme_file::open_no_follow(path)?
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(buffer)?;
    Ok(buffer.as_slice().to_vec())
}

fn read_and_decode(
    path: PathBuf,
    kind: FileKind,
    file: FileId,
    overlay: Option<String>,
    buffer: &mut Vec<u8>,
) -> Loaded {
    let display = display_path(&path);
    let mut diagnostics = Vec::new();
    let bytes = match overlay {
        Some(text) => Ok(text.into_bytes()),
        None => read_capped(&path, buffer),
    };
    let text = match bytes {
        Ok(bytes) if bytes.len() as u64 > MAX_RECORD_BYTES => {
            diagnostics.push(
                Diagnostic::new(
                    Code::FileTooLarge,
                    Span::file_start(file),
                    format!(
                        "the file is over {} MiB; mentor reads record files up to that size",
                        MAX_RECORD_BYTES / (1024 * 1024)
                    ),
                )
                .help("a record is a few kilobytes: split the file, or restore it from git"),
            );
            String::new()
        }
        Ok(bytes) => match node::file_text(bytes) {
            Ok(text) => text,
            Err(not_text) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::SyntaxError,
                        Span::file_start(file),
                        not_text.message(),
                    )
                    .help(not_text.help()),
                );
                String::new()
            }
        },
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::Unreadable,
                    Span::file_start(file),
                    format!("cannot read the file: {error}"),
                )
                .help("give yourself read access to it, or restore it from git"),
            );
            String::new()
        }
    };
    let source = SourceFile::new(path, display, text);
    let record = if diagnostics.is_empty() {
        decode_file(&source, &kind, file, &mut diagnostics)
    } else {
        None
    };
    if let Some(id) = kind.record_id() {
        check_id(id, &kind, file, &mut diagnostics);
    }
    Loaded {
        source,
        kind,
        record,
        diagnostics,
    }
}

fn decode_file(
    source: &SourceFile,
    kind: &FileKind,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Decoded> {
    let ext = source
        .path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let syntax = Syntax::from_extension(ext)?;
    let mut root = match node::parse(source, syntax) {
        Ok(root) => root,
        Err(errors) => {
            diagnostics.extend(
                errors
                    .into_iter()
                    .map(|e| syntax_error(source, file, syntax, &e)),
            );
            return None;
        }
    };
    let empty = matches!(root.value, Value::Null);
    let may_seal = |path: &str| crate::seal::fields::may_be_sealed(kind, path);
    let cx = &mut Cx {
        file,
        diagnostics,
        may_seal: &may_seal,
        toml: syntax == Syntax::Toml,
        enclosing: Vec::new(),
    };
    let top = &FieldPath::Root;
    let entries = match kind.pair_file().map(|row| row.holds) {
        Some(Holds::Entries(entries)) => Some(entries),
        Some(Holds::Pair) | None => None,
    };
    if empty {
        // An empty list file is an empty list; any other record needs its fields.
        if entries.is_some() {
            return Some(Decoded::Entries(Box::new(|_| {})));
        }
        if matches!(kind, FileKind::PersonSurveys(_)) {
            return Some(Decoded::PersonAnswers(Vec::new()));
        }
        cx.report(
            Diagnostic::new(
                Code::MissingField,
                Span::new(file, ByteRange::default()),
                "the file is empty",
            )
            .help("fill in the record, or delete the file"),
        );
        return None;
    }
    Some(match (kind, entries) {
        (_, Some(entries)) => Decoded::Entries(entries.decode(&mut root, cx)?),
        (FileKind::Programme, _) => {
            Decoded::Programme(Box::new(Programme::decode(&mut root, top, cx)?))
        }
        (FileKind::Person(_), _) => Decoded::Person(Box::new(Person::decode(&mut root, top, cx)?)),
        (FileKind::PersonSurveys(_), _) => Decoded::PersonAnswers(
            crate::model::SurveyAnswersFile::decode(&mut root, top, cx)?.answers,
        ),
        (FileKind::Pair(..), None) => {
            let pair = Pair::decode(&mut root, top, cx)?;
            // `mentee` is required unless a group lists `mentees` instead:
            // the one field the declaration cannot say is required.
            if pair.mentee_ids().next().is_none() {
                cx.report(
                    Diagnostic::new(
                        Code::MissingField,
                        pair.at.record,
                        format!("missing required field `{}`", Pair::MENTEE.name()),
                    )
                    .help(format!("add `{}` to this record", Pair::MENTEE.name())),
                );
                return None;
            }
            Decoded::Pair(Box::new(pair))
        }
    })
}

/// A parse error as a finding, in plain words.
fn syntax_error(
    source: &SourceFile,
    file: FileId,
    syntax: Syntax,
    error: &node::SyntaxError,
) -> Diagnostic {
    let (message, help) =
        node::plain_syntax_error(&error.message, &source.text, error.range.start as usize);
    let language = if syntax == Syntax::Toml {
        "TOML"
    } else {
        "YAML"
    };
    let mut d = Diagnostic::new(
        Code::SyntaxError,
        Span::new(file, error.range),
        format!("invalid {language}: {message}"),
    );
    d.help = help;
    d
}

fn check_id(id: &str, kind: &FileKind, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    if is_valid_id(id) {
        return;
    }
    let what = if matches!(kind, FileKind::Person(_)) {
        "person file"
    } else {
        "pair folder"
    };
    diagnostics.push(
        Diagnostic::new(Code::InvalidId, Span::file_start(file), format!("{what} name `{id}` cannot serve as an id"))
            .help("use letters, digits, `.`, `_` and `-` only, starting with a letter or digit (e.g. `ana-silva`)"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_shown_as_by_parts() {
        for path in [
            "./pairs/a--b/log.yaml",
            "././people/ana.toml",
            "programme/people/ana.toml",
            "/tmp/y10k/pairs/x/pair.toml",
            "a//b.toml",
            "a/./b.toml",
            "a/b/",
            "./",
            ".",
            "",
            "a\\b.toml",
            "people/ana\nforged.toml",
            "people/\u{1b}[31mred.toml",
            "../up/ana.toml",
            "people/.hidden.toml",
            "people/..toml",
        ] {
            let path = Path::new(path);
            assert_eq!(display_path(path), display_path_by_parts(path), "{path:?}");
        }
    }
}

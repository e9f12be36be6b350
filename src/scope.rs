//! Which findings are one participant's business: `validate --pair`,
//! `--person` and `--files` (the pre-commit hook). Every rule still runs
//! over the whole programme, because a rule that crosses files (a mentor over
//! capacity, a mentee in two pairs) needs all of it; only what is shown is
//! narrowed, to the selected records' own files and the findings that name
//! them.

use std::collections::HashSet;
use std::path::{Component, Path};

use crate::diagnostic::{Diagnostic, Location};
use crate::layout::{FileKind, record_stem};
use crate::workspace::Workspace;

/// The pairs and people whose findings are shown.
#[derive(Debug, Default)]
pub struct Scope {
    pairs: HashSet<String>,
    people: HashSet<String>,
    /// A programme file was named: every finding is the change's business.
    whole: bool,
    /// How findings' paths start: the programme's folder as the person
    /// named it (`../`, or nothing when it is here).
    root: String,
}

/// What the command line asked to see.
#[derive(Debug, Default)]
pub struct Selection<'a> {
    pub pairs: &'a [String],
    pub people: &'a [String],
    /// Record files, relative to the programme's folder.
    pub files: &'a [std::path::PathBuf],
}

impl Selection<'_> {
    /// Whether anything narrows the findings at all.
    pub fn narrows(&self) -> bool {
        !(self.pairs.is_empty() && self.people.is_empty() && self.files.is_empty())
    }
}

impl Scope {
    /// The records a selection names: a person brings in every pair they
    /// are in (a change to their file can break those pairs' rules); a file
    /// brings in its person or pair. An id the programme does not have is
    /// an error naming the closest one.
    pub fn of(ws: &Workspace, selection: &Selection) -> Result<Self, String> {
        // A record whose file does not decode is still there to be shown.
        let exists = |id: &str, loaded: bool| loaded || ws.unreadable.contains(id);
        let mut scope = Scope {
            root: match crate::load::display_path(&ws.root) {
                shown if shown.is_empty() => shown,
                shown => format!("{shown}/"),
            },
            ..Scope::default()
        };
        for id in selection.pairs {
            if !exists(id, ws.pair(id).is_some()) {
                return Err(unknown("pair", id, ws.pairs.iter().map(|p| p.id.as_str())));
            }
            scope.pairs.insert(id.clone());
        }
        for id in selection.people {
            if !exists(id, ws.person(id).is_some()) {
                return Err(unknown(
                    "person",
                    id,
                    ws.people.iter().map(|p| p.id.as_str()),
                ));
            }
        }
        let mut people = selection.people.to_vec();
        for path in selection.files {
            match FileKind::of(Path::new(""), path) {
                Some(FileKind::Programme) => scope.whole = true,
                Some(FileKind::Person(id) | FileKind::PersonSurveys(id)) => people.push(id),
                Some(FileKind::Pair(_, id)) => {
                    scope.pairs.insert(id);
                }
                // Not a record file: no finding can be about it.
                None => {}
            }
        }
        for id in people {
            scope.pairs.extend(ws.pairs_of(&id).map(|p| p.id.clone()));
            scope.people.insert(id);
        }
        Ok(scope)
    }

    /// Whether the finding is in a selected record's file or names one.
    pub fn covers(&self, ws: &Workspace, finding: &Diagnostic) -> bool {
        if self.whole {
            return true;
        }
        let selected = |id: &str| self.pairs.contains(id) || self.people.contains(id);
        let owned = match owner(ws, &self.root, finding) {
            Some(Owner::Person(id)) => self.people.contains(id),
            Some(Owner::Pair(id)) => self.pairs.contains(id),
            None => false,
        };
        owned || finding.involves.iter().any(|id| selected(id))
    }
}

fn unknown<'a>(what: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let hint = crate::decode::did_you_mean(id, known)
        .map_or_else(String::new, |best| format!("; did you mean `{best}`?"));
    format!("the programme has no {what} `{id}`{hint}")
}

/// Whose file a finding is located in.
enum Owner<'a> {
    Person(&'a str),
    Pair(&'a str),
}

/// The person or pair whose file (or pair folder) a finding points at,
/// from its path after the programme's folder (`root`): `people/<id>.toml`,
/// `pairs/<id>/...` (a folder without a pair.toml is reported at the folder).
fn owner<'a>(ws: &'a Workspace, root: &str, finding: &'a Diagnostic) -> Option<Owner<'a>> {
    let path = match &finding.location {
        Location::Span(span) => ws.sources.get(span.file)?.display.as_str(),
        Location::Cell { path, .. } | Location::Path(path) => path.as_str(),
    };
    let mut parts = path.strip_prefix(root)?.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("people"), Some(file), None) => {
            let stem = Path::new(file).file_stem()?.to_str()?;
            // Their own survey answers are theirs too.
            let stem = stem
                .strip_suffix(crate::layout::PERSON_SURVEYS_SUFFIX)
                .unwrap_or(stem);
            record_stem(Path::new(file)).map(|_| Owner::Person(stem))
        }
        (Some("pairs"), Some(id), _) => Some(Owner::Pair(id)),
        _ => None,
    }
}

/// `path` (as given on the command line, relative to where mentor runs)
/// relative to the programme's folder `root`, or `None` when it lies
/// outside it. Both are made absolute first, as far as they exist, so
/// `./people/ana.toml` and `../prog/people/ana.toml` name the same file.
pub fn within(root: &Path, path: &Path) -> Option<std::path::PathBuf> {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .ok()
            .unwrap_or_else(|| p.to_path_buf())
    };
    // The file itself by its own name: a link is the record file it is
    // (E012 is reported at the link), never the file it points to; a file
    // deleted in the commit is placed by its folder.
    let named = match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            absolute(parent).join(name)
        }
        _ => absolute(path),
    };
    let relative = named.strip_prefix(absolute(root)).ok()?.to_path_buf();
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_taken_relative_to_the_programme() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("prog");
        std::fs::create_dir_all(root.join("people")).expect("mkdir");
        std::fs::write(root.join("people/ana.toml"), "").expect("write");
        assert_eq!(
            within(&root, &root.join("people/./ana.toml")),
            Some("people/ana.toml".into())
        );
        assert_eq!(
            within(&root, &root.join("people/gone.toml")),
            Some("people/gone.toml".into()),
            "a deleted file is placed by its folder"
        );
        assert_eq!(within(&root, &dir.path().join("elsewhere.toml")), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("ana.toml", root.join("people/zed.toml")).expect("link");
            assert_eq!(
                within(&root, &root.join("people/zed.toml")),
                Some("people/zed.toml".into()),
                "a link is named by itself, not by the file it points to"
            );
        }
    }
}

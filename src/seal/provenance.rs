//! Where a sealed value has been: for values sealed before mentor recorded
//! their place in the header ("unbound"), the only evidence that a value
//! belongs where it is. Every sealing draws a fresh nonce, so a value's
//! payload (its message after the header) is shared only by its copies:
//! `seal --rotate` binds an unbound value to its place only when its payload
//! is nowhere else in the work tree and was never anywhere else in the
//! history. Pure: the history's commits and texts come from [`crate::git`].

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::git::Commit;
use crate::layout::FileKind;
use crate::node::{self, Node, Value};
use crate::sealed_text::is_sealed;
use crate::workspace::Workspace;

use super::armor;
use super::fields::{KINDS, Where};
use super::places::{PSEUDONYM_KEY_FILE, Place};
use super::values::{self, State};

/// Where a payload was seen: a private field's place, or another spot (a
/// file and the path in it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Spot {
    Place(Place),
    Other(String),
}

impl Spot {
    fn describe(&self) -> String {
        match self {
            Spot::Place(place) => place.describe(),
            Spot::Other(what) => what.clone(),
        }
    }

    /// Whether a value seen here may be bound at `place`: the same place,
    /// or the same record but for the entry's date (the same readers).
    fn allows(&self, place: &Place) -> bool {
        matches!(self, Spot::Place(seen) if seen == place || seen.same_but_date(place))
    }
}

/// The history as far as it could be read.
#[derive(Debug)]
enum History {
    /// The programme is not in git: the work tree is all there is.
    None,
    Read(HashMap<[u8; 32], BTreeSet<Spot>>),
    /// In git, but unreadable (a shallow clone, no commits, no `git`).
    Unreadable(String),
}

/// Where each sealed payload is in the work tree and has been in history.
#[derive(Debug)]
pub struct Sightings {
    work_tree: HashMap<[u8; 32], Vec<Spot>>,
    history: History,
}

impl Sightings {
    /// The sealed values of the work tree: every private value, and the
    /// pseudonym key's text (`pseudonym_key`) when there is one.
    pub fn of_work_tree(ws: &Workspace, pseudonym_key: Option<&str>) -> Sightings {
        let mut work_tree: HashMap<[u8; 32], Vec<Spot>> = HashMap::new();
        let values = values::private_values(ws);
        let sealed = values.iter().filter_map(|v| match &v.state {
            State::Sealed(armored) => Some((v.place(), armored.as_str())),
            State::Plain(_) => None,
        });
        for (place, armored) in sealed.chain(pseudonym_key.map(|k| (Place::pseudonym_key(), k))) {
            if let Ok(header) = armor::header(armored) {
                work_tree
                    .entry(header.payload)
                    .or_default()
                    .push(Spot::Place(place));
            }
        }
        Sightings {
            work_tree,
            history: History::None,
        }
    }

    /// Adds every version of every file the commits wrote (`blobs` holds
    /// their texts), oldest first: the whole history at once, or a window
    /// of it at a time (each call adds to what earlier calls read).
    pub fn read_history(&mut self, commits: &[Commit], blobs: &HashMap<String, String>) {
        let mut seen = match std::mem::replace(&mut self.history, History::None) {
            History::Read(seen) => seen,
            _ => HashMap::new(),
        };
        let mut saw = |spot: Spot, armored: &str| {
            if let Ok(header) = armor::header(armored) {
                seen.entry(header.payload).or_default().insert(spot);
            }
        };
        for change in commits.iter().flat_map(|c| &c.changes) {
            let Some(text) = change.new.as_deref().and_then(|b| blobs.get(b)) else {
                continue;
            };
            if change.path == PSEUDONYM_KEY_FILE {
                saw(Spot::Place(Place::pseudonym_key()), text);
                continue;
            }
            let Some(kind) = FileKind::of(Path::new(""), Path::new(&change.path)) else {
                continue;
            };
            let Some(root) = node::parse_revision(&change.path, text) else {
                continue;
            };
            for (place, armored) in sealed_in(&kind, &root) {
                let spot = place.map_or_else(
                    |path| Spot::Other(format!("`{path}` in {}", change.path)),
                    Spot::Place,
                );
                saw(spot, &armored);
            }
        }
        self.history = History::Read(seen);
    }

    /// The programme is in git, but its history could not be read.
    pub fn history_unreadable(&mut self, why: String) {
        self.history = History::Unreadable(why);
    }

    /// Why the unbound sealed value `armored`, written at `place`, must not
    /// be bound there, if it must not: its payload is somewhere else too,
    /// now or in the past, so it may have been copied here.
    pub fn refusal(&self, place: &Place, armored: &str) -> Option<String> {
        let payload = match armor::header(armored) {
            Ok(header) => header.payload,
            Err(why) => return Some(format!("it is sealed but {why}")),
        };
        let elsewhere = |spots: &mut dyn Iterator<Item = &Spot>| {
            let others: Vec<String> = spots
                .filter(|spot| !spot.allows(place))
                .map(Spot::describe)
                .collect();
            (!others.is_empty()).then(|| others.join(", "))
        };
        let here = self.work_tree.get(&payload).map_or(&[][..], Vec::as_slice);
        if let Some(others) = elsewhere(&mut here.iter()) {
            return Some(format!(
                "the same sealed value is also at {others}: one is a copy, so it is bound to neither; restore the copy's entry from git history or write it again"
            ));
        }
        match &self.history {
            History::None => None,
            History::Unreadable(why) => Some(format!(
                "mentor cannot read the programme's history ({why}), so it cannot tell whether this value was copied here"
            )),
            History::Read(seen) => {
                let spots = seen.get(&payload);
                elsewhere(&mut spots.into_iter().flatten()).map(|others| {
                    format!(
                        "the history has it at {others}: it was copied here; restore this entry from git history or write it again"
                    )
                })
            }
        }
    }
}

/// Every sealed value in one file's tree, whatever else is wrong with it,
/// with the place it sits at, or (`Err`) its path in the file when that is
/// no private field's place: `seal --rotate` reads every version a file
/// ever had to see where a value has been.
pub fn sealed_in(kind: &FileKind, root: &Node) -> Vec<(Result<Place, String>, String)> {
    let mut found = Vec::new();
    every_sealed(root, &mut Vec::new(), &mut found);
    found
        .into_iter()
        .map(|(path, armored)| {
            let place = place_in(kind, root, &path).ok_or_else(|| {
                path.iter()
                    .map(|step| match step {
                        Step::Key(key) => format!(".{key}"),
                        Step::Index(i) => format!("[{i}]"),
                    })
                    .collect::<String>()
                    .trim_start_matches('.')
                    .to_string()
            });
            (place, armored)
        })
        .collect()
}

/// One step of a path into a tree.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Sealed strings under `node`, with their paths.
fn every_sealed(node: &Node, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, String)>) {
    match &node.value {
        Value::Str(text) if is_sealed(text) => out.push((path.clone(), text.clone())),
        Value::Map(entries) => {
            for (key, value) in entries {
                path.push(Step::Key(key.name.clone()));
                every_sealed(value, path, out);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                every_sealed(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The private field's place a sealed value at `path` sits at, if any.
fn place_in(kind: &FileKind, root: &Node, path: &[Step]) -> Option<Place> {
    fn field_of<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
        match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v),
            _ => None,
        }
    }
    let id = kind.id()?;
    KINDS.iter().filter(|k| k.at().is_in(kind)).find_map(|k| {
        // The record the value is in, and the field's name.
        let (record, field) = match (k.at(), path) {
            (Where::PersonFile, [Step::Key(field)]) => (root, field),
            (Where::Table(_, table), [Step::Key(t), Step::Key(field)]) if t == table.name() => {
                (root, field)
            }
            (Where::PersonSurveys, [Step::Key(l), Step::Index(i), Step::Key(field)])
                if crate::model::SurveyAnswersFile::ANSWERS.name() == l =>
            {
                match &field_of(root, l)?.value {
                    Value::Seq(items) => (items.get(*i)?, field),
                    _ => return None,
                }
            }
            (Where::Entries(file), [Step::Key(l), Step::Index(i), Step::Key(field)])
                if file.list().is_some_and(|list| list.name() == l) =>
            {
                match &field_of(root, l)?.value {
                    Value::Seq(items) => (items.get(*i)?, field),
                    _ => return None,
                }
            }
            _ => return None,
        };
        let field = k
            .private_fields()
            .into_iter()
            .find(|f| f.field.name() == field)?;
        Some(Place::new(k.owner_in_tree(id, record)?, field.field))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::FileChange;
    use crate::model::{Closure, Feedback};
    use crate::seal::PublicKey;
    use crate::seal::armor::seal_unbound;
    use crate::seal::keys::generate;
    use crate::seal::places::{self, Owner};

    fn comment_of(pair: &str) -> Place {
        Place::new(
            Owner::Feedback {
                pair: pair.into(),
                by: "ed".into(),
                date: crate::decode::parse_date("2026-03-01").expect("date"),
            },
            Feedback::COMMENT,
        )
    }

    /// One commit writing `text` to `path` (as blob `id`).
    fn commit(id: &str, path: &str) -> Commit {
        Commit {
            hash: format!("{id:0>40}"),
            author: "x".into(),
            email: "x@example.org".into(),
            date: "2026-03-01".into(),
            time: 0,
            parents: Vec::new(),
            changes: vec![FileChange {
                path: path.into(),
                old: None,
                new: Some(id.into()),
            }],
        }
    }

    fn feedback_file(armored: &str) -> String {
        let block: String = armored.lines().map(|l| format!("      {l}\n")).collect();
        format!("feedback:\n  - by: ed\n    date: 2026-03-01\n    comment: |\n{block}")
    }

    fn work_tree(spots: &[(&Place, &str)]) -> Sightings {
        let mut work_tree: HashMap<[u8; 32], Vec<Spot>> = HashMap::new();
        for (place, armored) in spots {
            let payload = armor::header(armored).expect("header").payload;
            work_tree
                .entry(payload)
                .or_default()
                .push(Spot::Place((*place).clone()));
        }
        Sightings {
            work_tree,
            history: History::None,
        }
    }

    #[test]
    fn a_value_only_ever_where_it_is_may_be_bound() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let legacy = seal_unbound("fine", &key);
        let here = comment_of("ed--mo");
        let mut sightings = work_tree(&[(&here, &legacy)]);
        assert_eq!(sightings.refusal(&here, &legacy), None, "not in git");
        let blobs = HashMap::from([("1".to_string(), feedback_file(&legacy))]);
        sightings.read_history(&[commit("1", "pairs/ed--mo/feedback.yaml")], &blobs);
        assert_eq!(sightings.refusal(&here, &legacy), None);
    }

    #[test]
    fn a_value_seen_at_another_place_is_refused() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let legacy = seal_unbound("Ed's view of Mo", &key);
        let copied_to = comment_of("ed--maxi");
        // Moved in history: the work tree holds it only where it was copied to.
        let mut sightings = work_tree(&[(&copied_to, &legacy)]);
        let blobs = HashMap::from([
            ("1".to_string(), feedback_file(&legacy)),
            ("2".to_string(), "feedback: []\n".to_string()),
            ("3".to_string(), feedback_file(&legacy)),
        ]);
        let commits = [
            commit("1", "pairs/ed--mo/feedback.yaml"),
            commit("2", "pairs/ed--mo/feedback.yaml"),
            commit("3", "pairs/ed--maxi/feedback.yaml"),
        ];
        sightings.read_history(&commits, &blobs);
        let why = sightings.refusal(&copied_to, &legacy).expect("refused");
        assert!(why.contains("pair `ed--mo`, feedback by `ed`"), "{why}");
        // Copied, not moved: the work tree holds it twice.
        let original = comment_of("ed--mo");
        let twice = work_tree(&[(&original, &legacy), (&copied_to, &legacy)]);
        for place in [&original, &copied_to] {
            let why = twice.refusal(place, &legacy).expect("refused");
            assert!(why.contains("also at"), "{why}");
        }
        // The pseudonym key's payload counts too.
        let mut key_copy = work_tree(&[(&copied_to, &legacy)]);
        let blobs = HashMap::from([("4".to_string(), legacy.clone())]);
        key_copy.read_history(&[commit("4", PSEUDONYM_KEY_FILE)], &blobs);
        let why = key_copy.refusal(&copied_to, &legacy).expect("refused");
        assert!(why.contains("pseudonym key"), "{why}");
    }

    #[test]
    fn an_unreadable_history_refuses_and_a_sealed_value_outside_a_private_field_counts() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let legacy = seal_unbound("note", &key);
        let here = Place::new(
            Owner::Closure {
                pair: "ed--mo".into(),
            },
            Closure::NOTE,
        );
        let mut sightings = work_tree(&[(&here, &legacy)]);
        sightings.history_unreadable("this is a shallow clone".into());
        let why = sightings.refusal(&here, &legacy).expect("refused");
        assert!(why.contains("shallow clone"), "{why}");
        let block: String = legacy.lines().map(|l| format!("{l}\n")).collect();
        let blobs = HashMap::from([(
            "1".to_string(),
            format!("mentor = \"mo\"\nreason = \"\"\"\n{block}\"\"\"\n"),
        )]);
        sightings.read_history(&[commit("1", "pairs/ed--mo/pair.toml")], &blobs);
        let why = sightings.refusal(&here, &legacy).expect("refused");
        assert!(why.contains("`reason` in pairs/ed--mo/pair.toml"), "{why}");
    }

    #[test]
    fn sealed_values_in_a_revision_are_found_with_their_places() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let armored = places::seal("x", &[key], &Place::pseudonym_key()).expect("seal");
        let block: String = armored.lines().map(|l| format!("      {l}\n")).collect();
        let text = format!(
            "feedback:\n  - by: ed\n    date: 2026-03-01\n    comment: |\n{block}  - by: mo\n    date: 2026-03-02\n    stage: |\n{block}"
        );
        let file = crate::source::SourceFile::new("f".into(), "f".into(), text);
        let root = crate::node::parse(&file, crate::node::Syntax::Yaml).expect("parses");
        let found = sealed_in(
            &FileKind::Pair(&crate::layout::FEEDBACK, "ed--mo".into()),
            &root,
        );
        let places: Vec<_> = found.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(
            places,
            [Ok(comment_of("ed--mo")), Err("feedback[1].stage".into())]
        );
        assert!(
            found
                .iter()
                .all(|(_, a)| a.trim_end() == armored.trim_end())
        );
    }
}

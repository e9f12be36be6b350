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
use crate::load::FileKind;
use crate::node;
use crate::workspace::Workspace;

use super::armor;
use super::places::{self, PSEUDONYM_KEY_FILE, Place, State};

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
        let values = places::private_values(ws);
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
    /// their texts), oldest first.
    pub fn read_history(&mut self, commits: &[Commit], blobs: &HashMap<String, String>) {
        let mut seen: HashMap<[u8; 32], BTreeSet<Spot>> = HashMap::new();
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
            for (place, armored) in places::sealed_in(&kind, &root) {
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

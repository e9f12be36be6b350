//! An erasure (`mentor person erase`) moves a person's pair files to a
//! folder named with their pseudonym: the old files are deleted whole, with
//! every meeting and goal in them. The audit knows that commit for what it
//! is: made by a coordinator, it changes programme.toml to list the
//! pseudonym under `[[privacy.erased]]`, and creates the same file in the
//! pair's folder under the new name. Only such a deletion passes; any other
//! deleted meeting or goal is still reported.

use std::collections::HashMap;

use crate::git::{Commit, FileChange};
use crate::model::{ErasedPerson, Privacy, Programme};
use crate::node::{Node, Value};

/// Whether `change` deletes a pair file that this commit's erasure moved.
pub(super) fn moved_by_erasure(
    commit: &Commit,
    change: &FileChange,
    trees: &HashMap<&str, Node>,
) -> bool {
    if change.new.is_some() {
        return false;
    }
    let Some((pair, file)) = change
        .path
        .strip_prefix("pairs/")
        .and_then(|rest| rest.split_once('/'))
    else {
        return false;
    };
    let pseudonyms = erased_in(commit, trees);
    let parts: Vec<&str> = pair.split("--").collect();
    // The same file, created by this commit in a folder whose name has a
    // pseudonym where one or more of the members were (both may be erased at once).
    commit.changes.iter().filter(|c| c.new.is_some()).any(|c| {
        let Some((new_pair, new_file)) = c
            .path
            .strip_prefix("pairs/")
            .and_then(|r| r.split_once('/'))
        else {
            return false;
        };
        let new_parts: Vec<&str> = new_pair.split("--").collect();
        new_file == file
            && new_pair != pair
            && new_parts.len() == parts.len()
            && parts
                .iter()
                .zip(&new_parts)
                .all(|(old, new)| old == new || pseudonyms.iter().any(|p| p == new))
    })
}

/// The pseudonyms programme.toml lists as this commit leaves it (when the
/// commit changes it).
fn erased_in(commit: &Commit, trees: &HashMap<&str, Node>) -> Vec<String> {
    let Some(tree) = commit
        .changes
        .iter()
        .find(|c| c.path == "programme.toml")
        .and_then(|c| c.new.as_deref())
        .and_then(|blob| trees.get(blob))
    else {
        return Vec::new();
    };
    let key = |node: &Node, name: &str| match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v.clone()),
        _ => None,
    };
    let Some(Value::Seq(entries)) = key(tree, Programme::PRIVACY.name())
        .and_then(|privacy| key(&privacy, Privacy::ERASED.name()))
        .map(|erased| erased.value)
    else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(
            |entry| match key(entry, ErasedPerson::PSEUDONYM.name())?.value {
                Value::Str(pseudonym) => Some(pseudonym),
                _ => None,
            },
        )
        .collect()
}

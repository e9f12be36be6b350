//! Test support: a fast reader held to the general parser's tree.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use super::Node;

/// `count` documents from `document`, read both ways: every tree `fast`
/// gives is `general`'s, byte ranges included, and `fast` takes more than
/// one in `share` of the documents `general` reads.
pub fn generated<E: Debug>(
    seed: u64,
    count: usize,
    document: fn(&mut fastrand::Rng) -> String,
    fast: fn(&str) -> Option<Node>,
    general: impl Fn(&str) -> Result<Node, E>,
    share: usize,
) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut taken, mut readable) = (0, 0);
    for _ in 0..count {
        let text = document(&mut rng);
        let general = general(&text);
        readable += usize::from(general.is_ok());
        let Some(tree) = fast(&text) else { continue };
        taken += 1;
        match general {
            Ok(general) => assert_eq!(
                format!("{tree:?}"),
                format!("{general:?}"),
                "the trees of {text:?} differ"
            ),
            Err(e) => panic!("{text:?} was read here but the general parser says {e:?}"),
        }
    }
    assert!(
        taken * share > readable,
        "only {taken} of {readable} readable documents read here"
    );
}

/// Every file of the repository whose extension is one of `extensions`: read
/// by `fast` or not, never to another tree than `general`'s. Of the files
/// `expected(path, text)` says `fast` must read, how many there were and
/// which it left.
pub fn repository_files<E: Debug>(
    extensions: &[&str],
    fast: fn(&str) -> Option<Node>,
    general: impl Fn(&str) -> Result<Node, E>,
    expected: impl Fn(&Path, &str) -> bool,
) -> (usize, Vec<PathBuf>) {
    let (mut count, mut missed) = (0, Vec::new());
    for entry in walkdir::WalkDir::new(".")
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | ".git")))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let extension = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !extensions.contains(&extension) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let tree = fast(&text);
        if expected(path, &text) {
            count += 1;
            if tree.is_none() {
                missed.push(path.to_path_buf());
            }
        }
        let Some(tree) = tree else { continue };
        match general(&text) {
            Ok(general) => assert_eq!(
                format!("{tree:?}"),
                format!("{general:?}"),
                "{}",
                path.display()
            ),
            Err(e) => panic!(
                "{} was read here but the general parser says {e:?}",
                path.display()
            ),
        }
    }
    (count, missed)
}

/// Break a generated document a little: up to two insertions of
/// `mutations` or deletions at random places, and perhaps its last newline.
pub fn mutate(rng: &mut fastrand::Rng, out: &mut String, mutations: &[&str]) {
    for _ in 0..rng.usize(0..3) {
        let mut at = rng.usize(..=out.len());
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        if rng.bool() {
            out.insert_str(at, mutations[rng.usize(..mutations.len())]);
        } else if at < out.len() {
            out.remove(at);
        }
    }
    if rng.u8(..4) == 0 {
        out.pop();
    }
}

//! Where the reachable history still holds given texts (`mentor person
//! erase`, and `--verify` after a rewrite): every object reachable from
//! any ref (`rev-list --all --objects`), read whole by one `cat-file
//! --batch`: commits (message, author, committer), trees (file and folder
//! names) and blobs (file texts). Matching ignores case and accents,
//! whichever Unicode form wrote them ([`fold`]): `Lucía`, `LUCÍA` and a
//! decomposed `Lucía` in a commit message are all the same trace.

use std::io::{BufRead, Read};

use anyhow::{Context, Result};

use super::{Repo, git, output_text};

/// One object that holds one of the texts searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// The object id.
    pub object: String,
    /// `commit`, `tree` or `blob`.
    pub kind: String,
    /// Where a blob or tree was first met (its path), if anywhere.
    pub path: Option<String>,
    /// The text found, as it was asked for.
    pub text: String,
}

/// A text as the search compares it: transliterated to ASCII (accents
/// dropped, composed or not) and lower case. A verifier errs towards a
/// trace: an accent-free spelling of the name counts as the name.
fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_ascii_lowercase()
}

impl Repo {
    /// The programme's path inside the repository (`""` at its root, else ending in `/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Who this repository's commits are made by here (`user.email`), if set.
    pub fn user_email(&self) -> Option<String> {
        output_text(
            git(&self.dir).args(["config", "user.email"]),
            "read user.email",
        )
        .ok()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
    }

    /// Every reachable object holding one of `texts`, in the order
    /// `rev-list` lists them (commits first).
    pub fn traces(&self, texts: &[String]) -> Result<Vec<Trace>> {
        let listing = output_text(
            git(&self.dir).args(["rev-list", "--all", "--objects"]),
            "list the reachable objects",
        )?;
        let objects: Vec<(&str, Option<&str>)> = listing
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(2, ' ');
                let id = parts.next()?;
                Some((id, parts.next().filter(|p| !p.is_empty())))
            })
            .collect();
        let needles: Vec<Vec<u8>> = texts.iter().map(|t| fold(t).into_bytes()).collect();
        let paths: std::collections::HashMap<&str, &str> = objects
            .iter()
            .filter_map(|(id, path)| path.map(|p| (*id, p)))
            .collect();
        let mut found = Vec::new();
        let Some(mut batch) = self.cat_file("--batch", objects.iter().map(|(id, _)| *id))? else {
            return Ok(found);
        };
        for id in batch.wanted.clone() {
            let mut header = String::new();
            batch.reader.read_line(&mut header)?;
            let mut fields = header.split_whitespace();
            let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                let _ = batch.child.kill();
                anyhow::bail!(
                    "the history names an object that is not in this repository ({id}): clone it in full and run again"
                );
            };
            let size: u64 = size
                .parse()
                .context("git cat-file printed an unreadable size")?;
            let mut body = Vec::new();
            (&mut batch.reader).take(size).read_to_end(&mut body)?;
            let mut newline = [0u8; 1];
            batch.reader.read_exact(&mut newline)?;
            let body = fold(&String::from_utf8_lossy(&body)).into_bytes();
            for (needle, text) in needles.iter().zip(texts) {
                if !needle.is_empty() && body.windows(needle.len()).any(|w| w == needle.as_slice())
                {
                    found.push(Trace {
                        object: id.to_string(),
                        kind: kind.to_string(),
                        path: paths.get(id).map(|p| (*p).to_string()),
                        text: text.clone(),
                    });
                }
            }
        }
        batch.finish();
        Ok(found)
    }

    /// The commits reachable from any ref that add or remove `text` in a
    /// file, or name it in their message or as author or committer.
    pub fn commits_holding(&self, text: &str) -> Result<Vec<String>> {
        let mut commits = Vec::new();
        for search in [
            vec![
                "log",
                "--all",
                "--format=%H",
                "-S",
                text,
                "--regexp-ignore-case",
            ],
            vec!["log", "--all", "--format=%H", "-i", "-F", "--grep", text],
            vec!["log", "--all", "--format=%H", "-i", "-F", "--author", text],
            vec![
                "log",
                "--all",
                "--format=%H",
                "-i",
                "-F",
                "--committer",
                text,
            ],
        ] {
            let listed = output_text(git(&self.dir).args(&search), "search the history")?;
            commits.extend(listed.lines().map(str::to_string));
        }
        commits.sort();
        commits.dedup();
        Ok(commits)
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn a_name_in_any_case_or_unicode_form_folds_to_one_text() {
        let decomposed = "Luci\u{301}a Ferna\u{301}ndez";
        assert_eq!(fold(decomposed), "lucia fernandez");
        assert_eq!(fold("LUCÍA FERNÁNDEZ"), "lucia fernandez");
        assert_eq!(fold("Lucía Fernández"), "lucia fernandez");
    }
}

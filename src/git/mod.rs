//! The programme's git history, read through the `git` command line: the
//! tool every programme repository already has, whatever its format,
//! hooks or credentials, and that no library reimplementation matches
//! exactly. Two processes serve any number of commits: one `git log` for
//! the commits and the blobs they changed, one `git cat-file --batch` for
//! the blobs' texts.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A git repository holding a programme, and where the programme sits in it.
#[derive(Debug)]
pub struct Repo {
    /// The programme directory, as given.
    dir: PathBuf,
    /// The programme's path inside the repository (`""` at its root, else ending in `/`).
    prefix: String,
}

/// One commit, oldest first, with the programme files it changed.
#[derive(Clone, Debug)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub email: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    pub changes: Vec<FileChange>,
}

impl Commit {
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(8)]
    }
}

/// A file a commit changed: its path relative to the programme and the blob
/// before and after (`None` where the file did not exist).
#[derive(Clone, Debug)]
pub struct FileChange {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        // Paths as bytes, no pager, no colour, whatever the user's config says.
        .args([
            "-c",
            "core.quotePath=false",
            "-c",
            "color.ui=never",
            "--no-pager",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    command
}

fn output(command: &mut Command, what: &str) -> Result<String> {
    let out = command
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run git to {what}: is git installed?"))?;
    if !out.status.success() {
        bail!(
            "git could not {what}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The files under `path` (relative to `dir`) that the repository holding
/// `dir` tracks, as `git ls-files` names them; none when `dir` is in no
/// work tree (or git cannot say).
pub fn tracked(dir: &Path, path: &str) -> Vec<String> {
    let listed = git(dir)
        .args(["-c", "core.fsmonitor=false", "ls-files", "-z", "--", path])
        .stderr(Stdio::null())
        .output();
    match listed {
        Ok(out) if out.status.success() => out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// The git folders of the repository holding `dir`, absolute: its own and
/// the one its work trees share (the same folder but in a linked work tree).
/// None when `dir` is in no repository.
pub fn git_dirs(dir: &Path) -> Vec<PathBuf> {
    let asked = git(dir)
        .args([
            "-c",
            "core.fsmonitor=false",
            "rev-parse",
            "--absolute-git-dir",
            "--git-common-dir",
        ])
        .stderr(Stdio::null())
        .output();
    match asked {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| dir.join(line))
            .collect(),
        _ => Vec::new(),
    }
}

impl Repo {
    /// The repository holding `dir`, refusing what would give a wrong
    /// "clean": no repository, or a shallow clone missing its history.
    pub fn open(dir: &Path) -> Result<Repo> {
        let inside = git(dir)
            .args(["rev-parse", "--is-inside-work-tree"])
            .stderr(Stdio::null())
            .output()
            .with_context(|| "cannot run git: is git installed?".to_string())?;
        if !inside.status.success() || String::from_utf8_lossy(&inside.stdout).trim() != "true" {
            bail!(
                "{} is not in a git repository: the audit trail is the repository's history (run `git init` and commit the programme)",
                dir.display()
            );
        }
        let shallow = output(
            git(dir).args(["rev-parse", "--is-shallow-repository"]),
            "read the repository",
        )?;
        if shallow.trim() == "true" {
            bail!(
                "this is a shallow clone: its history is cut short, so an audit would miss what happened before; run `git fetch --unshallow` first (in CI: `fetch-depth: 0`)"
            );
        }
        let head = git(dir)
            .args(["rev-parse", "--verify", "-q", "HEAD"])
            .output();
        if !head.is_ok_and(|o| o.status.success()) {
            bail!("the repository has no commits yet: there is no history to read");
        }
        let prefix = output(
            git(dir).args(["rev-parse", "--show-prefix"]),
            "read the repository",
        )?
        .trim_end_matches('\n')
        .to_string();
        Ok(Repo {
            dir: dir.to_path_buf(),
            prefix,
        })
    }

    /// Commits that changed the programme's files, oldest first; with
    /// `since`, only those after that revision.
    pub fn commits(&self, since: Option<&str>) -> Result<Vec<Commit>> {
        let mut command = git(&self.dir);
        command.args([
            "log",
            "--reverse",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "-z",
            "--format=%x1e%H%x1f%an%x1f%ae%x1f%as%x1f%at",
        ]);
        match since {
            Some(rev) => command.arg(format!("{rev}..HEAD")),
            None => command.arg("HEAD"),
        };
        command.args(["--", "."]);
        let text = output(&mut command, "read the history")?;
        let mut commits = Vec::new();
        for record in text.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
            let (head, raw) = record.split_once('\n').unwrap_or((record, ""));
            let fields: Vec<&str> = head.split('\u{1f}').collect();
            let [hash, author, email, date, time] = fields[..] else {
                bail!("git printed a log line mentor cannot read: {head:?}");
            };
            commits.push(Commit {
                hash: hash.to_string(),
                author: author.to_string(),
                email: email.to_string(),
                date: date.to_string(),
                time: time
                    .trim_matches(|c: char| c == '\0' || c.is_whitespace())
                    .parse()
                    .unwrap_or(0),
                changes: self.changes(raw),
            });
        }
        Ok(commits)
    }

    /// `--raw -z` entries: `:old-mode new-mode old new status\0path\0`.
    fn changes(&self, raw: &str) -> Vec<FileChange> {
        let mut out = Vec::new();
        let mut parts = raw.trim_start_matches('\0').split('\0');
        while let Some(meta) = parts.next() {
            let meta = meta.trim_start_matches('\n');
            if !meta.starts_with(':') {
                continue;
            }
            let Some(path) = parts.next() else { break };
            let fields: Vec<&str> = meta.split(' ').collect();
            if fields.len() < 5 {
                continue;
            }
            let blob = |id: &str| (!id.bytes().all(|b| b == b'0')).then(|| id.to_string());
            let Some(relative) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            out.push(FileChange {
                path: relative.to_string(),
                old: blob(fields[2]),
                new: blob(fields[3]),
            });
        }
        out
    }

    /// The texts of these blobs (invalid UTF-8 replaced), read by one
    /// `git cat-file --batch`.
    pub fn blobs<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashMap<String, String>> {
        let mut wanted: Vec<&str> = ids.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut texts = HashMap::new();
        if wanted.is_empty() {
            return Ok(texts);
        }
        let mut child = git(&self.dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot run git cat-file")?;
        let mut stdin = child.stdin.take().context("git's input")?;
        let request: String = wanted.iter().map(|id| format!("{id}\n")).collect();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(request.as_bytes());
        });
        let mut reader = BufReader::new(child.stdout.take().context("git's output")?);
        for id in &wanted {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let mut fields = header.split_whitespace();
            let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                continue; // `<id> missing`
            };
            let size: usize = size.parse().unwrap_or(0);
            let mut body = vec![0; size + 1]; // the blob and its newline
            reader.read_exact(&mut body)?;
            body.pop();
            if kind == "blob" {
                texts.insert(
                    (*id).to_string(),
                    String::from_utf8_lossy(&body).into_owned(),
                );
            }
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(texts)
    }
}

//! The programme's git history, read through the `git` command line: the
//! tool every programme repository already has, whatever its format,
//! hooks or credentials, and that no library reimplementation matches
//! exactly. A few processes serve any number of commits: one `git log` for
//! the commits and the blobs they changed, one `git cat-file --batch-check`
//! for the blobs' sizes, and one `git cat-file --batch` per [`Window`] for
//! the blobs' texts. The history is read window by window, oldest first,
//! each window's texts dropped before the next is read, so what a reader
//! holds is bounded by [`WINDOW_BYTES`] (or one commit's files), not by the
//! length of the history.
//!
//! A repository is written by many hands, so nothing in it steers git:
//! every command is built by [`git`], which overrides the configuration
//! that could run a program or change what git prints; a revision from the
//! command line is resolved to a hash before it reaches `git log`; and
//! commit metadata is read as NUL-separated fields, which no author name
//! can forge (git cannot store a NUL in one).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

mod traces;
pub use traces::Trace;

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
    /// The full object id: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits.
    pub hash: String,
    /// Author name and email as committed (no mailmap), any characters:
    /// whoever prints them makes control characters visible.
    pub author: String,
    pub email: String,
    /// Author date, `YYYY-MM-DD`, or `unknown date` when the commit's is broken.
    pub date: String,
    /// Author time, seconds since the epoch (0 when the commit's is broken).
    pub time: i64,
    /// The parents' hashes: two or more for a merge.
    pub parents: Vec<String>,
    pub changes: Vec<FileChange>,
}

impl Commit {
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(8)]
    }

    /// The blobs of its changed files, before and after.
    pub fn blobs(&self) -> Vec<&str> {
        self.changes
            .iter()
            .flat_map(|f| f.old.iter().chain(&f.new))
            .map(String::as_str)
            .collect()
    }

    /// The blobs it wrote: its changed files' new versions.
    pub fn written(&self) -> Vec<&str> {
        self.changes
            .iter()
            .filter_map(|f| f.new.as_deref())
            .collect()
    }
}

/// A file a commit changed: its path relative to the programme and the blob
/// before and after (`None` where there was no file: absent, or a
/// submodule rather than a file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The bytes of blob text a [`Window`] holds at most (as git stores the
/// blobs, each counted up to the loader's size limit), unless one commit's
/// files alone are more: a window is whole commits.
pub const WINDOW_BYTES: u64 = 64 << 20;

/// A run of consecutive commits and the texts of the blobs they name (those
/// the reader asked for), read together and dropped together.
#[derive(Debug)]
pub struct Window<'c> {
    pub commits: &'c [Commit],
    /// Blob id -> text (invalid UTF-8 replaced), as [`Repo::blobs`] reads it.
    pub texts: HashMap<String, String>,
}

/// The history's windows, oldest first: each read from git only when the
/// iterator reaches it. See [`Repo::windows`].
pub struct Windows<'r, 'c> {
    repo: &'r Repo,
    commits: &'c [Commit],
    /// The blobs wanted of each commit.
    wanted: Vec<Vec<&'c str>>,
    plan: std::vec::IntoIter<Range<usize>>,
}

impl<'c> Iterator for Windows<'_, 'c> {
    type Item = Result<Window<'c>>;

    fn next(&mut self) -> Option<Self::Item> {
        let range = self.plan.next()?;
        let ids = self.wanted[range.clone()].iter().flatten().copied();
        Some(self.repo.blobs(ids).map(|texts| Window {
            commits: &self.commits[range],
            texts,
        }))
    }
}

/// Consecutive commits grouped so that the distinct blobs of each group
/// weigh at most `budget` bytes (`size` of each, as [`Repo::blobs`] reads
/// it), a commit over the budget alone in its group; every commit in one
/// group, in order.
fn plan_windows(
    wanted: &[Vec<&str>],
    size: impl Fn(&str) -> u64,
    budget: u64,
) -> Vec<Range<usize>> {
    let mut plan = Vec::new();
    let mut start = 0;
    let mut held = 0u64;
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, ids) in wanted.iter().enumerate() {
        let weight = |seen: &HashSet<&str>| -> u64 {
            let mut new: Vec<&str> = ids
                .iter()
                .copied()
                .filter(|id| !seen.contains(id))
                .collect();
            new.sort_unstable();
            new.dedup();
            new.into_iter().map(&size).sum()
        };
        let mut cost = weight(&seen);
        if i > start && held.saturating_add(cost) > budget {
            plan.push(start..i);
            start = i;
            held = 0;
            seen.clear();
            cost = weight(&seen);
        }
        held = held.saturating_add(cost);
        seen.extend(ids.iter().copied());
    }
    if start < wanted.len() {
        plan.push(start..wanted.len());
    }
    plan
}

/// Configuration every git command runs with, whatever the repository's
/// own `.git/config` (which whoever made the clone wrote), the user's or
/// the system's says: `-c` outranks them all. Each entry either stops git
/// running a program or keeps what it prints in the form parsed here.
const OVERRIDES: &[&str] = &[
    // Signature checks run `gpg.program` (any program) for every signed commit.
    "log.showSignature=false",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    // A file-system monitor is a program git starts when it reads the index.
    "core.fsmonitor=false",
    // Never a pager, never colour codes inside the fields.
    "core.pager=cat",
    "color.ui=never",
    // No transport at all: a partial clone would fetch missing blobs (and
    // run `core.sshCommand`) on demand; a missing blob is refused instead.
    "protocol.allow=never",
    // Who committed is what the commit says, never what a committed
    // `.mailmap` maps it to.
    "log.mailmap=false",
    "mailmap.file=",
    "mailmap.blob=",
    // The root commit's files are changes too (`log.showRoot=false` would hide them).
    "log.showRoot=true",
    // Names in UTF-8, whatever `i18n.logOutputEncoding` asks (UTF-16 would
    // put NULs inside the fields).
    "i18n.logOutputEncoding=UTF-8",
    "core.quotePath=false",
];

/// Every git command mentor runs: `git -C dir` with [`OVERRIDES`], no
/// pager, replace refs ignored (they would show other objects than the
/// commits hold), no lazy fetching, and nothing from the caller's
/// environment that points git at another repository or program.
fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir);
    for setting in OVERRIDES {
        command.args(["-c", setting]);
    }
    command
        .args(["--no-pager", "--no-replace-objects"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("GIT_NO_LAZY_FETCH", "1")
        // Reading must not write: no index refresh behind our back.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_PAGER");
    command
}

fn output(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run git to {what}: is git installed?"))?;
    if !out.status.success() {
        bail!(
            "git could not {what}: {}",
            crate::text::visible(String::from_utf8_lossy(&out.stderr).trim())
        );
    }
    Ok(out.stdout)
}

fn output_text(command: &mut Command, what: &str) -> Result<String> {
    Ok(String::from_utf8_lossy(&output(command, what)?).into_owned())
}

/// Whether `text` is a full object id: 40 (SHA-1) or 64 (SHA-256)
/// lower-case hex digits, as git prints them.
pub fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .with_context(|| "cannot run git: is git installed?".to_string())?;
        if !inside.status.success() || String::from_utf8_lossy(&inside.stdout).trim() != "true" {
            bail!(
                "{} is not in a git repository: the audit trail is the repository's history (run `git init` and commit the programme)",
                crate::text::visible(&dir.display().to_string())
            );
        }
        let shallow = output_text(
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
            .stdin(Stdio::null())
            .output();
        if !head.is_ok_and(|o| o.status.success()) {
            bail!("the repository has no commits yet: there is no history to read");
        }
        let prefix = output_text(
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

    /// The commit a revision from the user names, as its full hash. The
    /// revision reaches git only after `--end-of-options`, so `--output=x`
    /// is a revision that does not exist, never an option.
    pub fn resolve(&self, revision: &str) -> Result<String> {
        let shown = crate::text::visible(revision);
        if revision.is_empty() {
            bail!("the revision is empty: name a commit (a hash, tag or branch)");
        }
        let out = git(&self.dir)
            .args(["rev-parse", "--verify", "-q", "--end-of-options"])
            .arg(format!("{revision}^{{commit}}"))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .context("cannot run git to read a revision: is git installed?")?;
        let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || !is_object_id(&hash) {
            bail!(
                "`{shown}` is not a commit of this repository: name a commit by its hash, a tag or a branch"
            );
        }
        Ok(hash)
    }

    /// Commits that changed the programme's files, oldest first (parents
    /// before children); with `since`, only those after that revision.
    /// Every branch is walked (`--full-history`: a side branch merged with
    /// `-s ours` is still history anyone can check out), and a merge shows
    /// what it changed itself, beyond what its parents had.
    pub fn commits(&self, since: Option<&str>) -> Result<Vec<Commit>> {
        let range = match since {
            Some(revision) => format!("{}..HEAD", self.resolve(revision)?),
            None => "HEAD".to_string(),
        };
        let mut command = git(&self.dir);
        command.args([
            "log",
            "--reverse",
            "--topo-order",
            "--full-history",
            "--diff-merges=combined",
            "--no-renames",
            "--no-relative",
            "--no-ext-diff",
            "--no-textconv",
            "--no-show-signature",
            "--no-mailmap",
            "--no-notes",
            "--raw",
            "--no-abbrev",
            "-z",
            LOG_FORMAT,
            "--end-of-options",
            &range,
            "--",
            ".",
        ]);
        let text = output(&mut command, "read the history")?;
        let mut commits = parse_log(&String::from_utf8_lossy(&text), &self.prefix)?;
        for commit in commits.iter_mut().filter(|c| c.parents.len() >= 2) {
            let hidden = self.reverts_in_merge(commit)?;
            commit.changes.extend(hidden);
        }
        Ok(commits)
    }

    /// The blobs of the files under `paths` (relative to the programme) as
    /// they were at `revision`: path and blob id.
    pub fn files_at(&self, revision: &str, paths: &[&str]) -> Result<Vec<(String, String)>> {
        let hash = self.resolve(revision)?;
        let raw = output(
            git(&self.dir)
                .args([
                    "ls-tree",
                    "-r",
                    "-z",
                    "--full-name",
                    "--end-of-options",
                    &hash,
                    "--",
                ])
                .args(paths),
            "list the files of a revision",
        )?;
        let text = String::from_utf8_lossy(&raw);
        Ok(text
            .split('\0')
            .filter_map(|entry| {
                // `<mode> <type> <blob>\t<path>`
                let (meta, path) = entry.split_once('\t')?;
                let mut fields = meta.split(' ');
                let (mode, kind, blob) = (fields.next()?, fields.next()?, fields.next()?);
                let relative = path.strip_prefix(self.prefix.as_str())?;
                (kind == "blob" && has_blob(mode) && is_object_id(blob))
                    .then(|| (relative.to_string(), blob.to_string()))
            })
            .collect())
    }

    /// What a merge changed that its combined diff does not show: a file
    /// one parent's line changed since the branches parted, which the merge
    /// nevertheless set to another parent's version. The combined diff
    /// leaves out every file equal to one parent, so a merge "taking theirs"
    /// (or "ours", with the parents in either order, or an octopus) from an
    /// old branch silently restores an old version (deleting the meetings
    /// logged since), where git's own merge would have kept the change.
    /// Each such file is the merge's own change, from the dropped parent's
    /// version.
    fn reverts_in_merge(&self, merge: &Commit) -> Result<Vec<FileChange>> {
        // No merge base (unrelated histories) is exit 1 with nothing printed.
        let base = git(&self.dir)
            .args(["merge-base", "--octopus", "--end-of-options"])
            .args(&merge.parents)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .context("cannot run git to find where a merge's branches parted")?;
        let base = String::from_utf8_lossy(&base.stdout).trim().to_string();
        if !is_object_id(&base) {
            // Unrelated histories: nothing parted, so nothing was undone.
            return Ok(Vec::new());
        }
        let changed = |from: &str, to: &str| -> Result<Vec<FileChange>> {
            let raw = output(
                git(&self.dir).args([
                    "diff-tree",
                    "-r",
                    "-z",
                    "--no-renames",
                    "--no-ext-diff",
                    "--no-textconv",
                    "--no-abbrev",
                    "--end-of-options",
                    from,
                    to,
                    "--",
                    ".",
                ]),
                "compare a merge with its parents",
            )?;
            let text = String::from_utf8_lossy(&raw);
            let mut tokens = text.split('\0').filter(|t| !t.is_empty());
            let mut found = Vec::new();
            while let (Some(meta), Some(path)) = (tokens.next(), tokens.next()) {
                if let Some(change) = file_change(meta, path, &self.prefix) {
                    found.push(change);
                }
            }
            Ok(found)
        };
        let mut shown: HashSet<String> = merge.changes.iter().map(|c| c.path.clone()).collect();
        let mut hidden = Vec::new();
        for parent in &merge.parents {
            let from_parent = changed(parent, &merge.hash)?;
            if from_parent.is_empty() {
                continue;
            }
            let its_line: HashSet<String> = changed(&base, parent)?
                .into_iter()
                .map(|c| c.path)
                .collect();
            for change in from_parent {
                if its_line.contains(&change.path) && shown.insert(change.path.clone()) {
                    hidden.push(change);
                }
            }
        }
        Ok(hidden)
    }

    /// The commits in [`Window`]s of at most `budget` bytes of the blobs
    /// `wanted` names of each commit, read one window at a time. The
    /// blobs' sizes are asked of git first (one `git cat-file
    /// --batch-check`); the texts are read when the iterator reaches their
    /// window and dropped with it.
    pub fn windows<'r, 'c>(
        &'r self,
        commits: &'c [Commit],
        wanted: impl Fn(&'c Commit) -> Vec<&'c str>,
        budget: u64,
    ) -> Result<Windows<'r, 'c>> {
        let wanted: Vec<Vec<&'c str>> = commits.iter().map(wanted).collect();
        let sizes = self.sizes(wanted.iter().flatten().copied())?;
        let limit = crate::load::MAX_RECORD_BYTES;
        let size = |id: &str| sizes.get(id).map_or(0, |s| (*s).min(limit));
        let plan = plan_windows(&wanted, size, budget);
        Ok(Windows {
            repo: self,
            commits,
            wanted,
            plan: plan.into_iter(),
        })
    }

    /// The sizes of these blobs, read by one `git cat-file --batch-check`.
    /// A blob git does not have is left out: reading it is the error.
    fn sizes<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Result<HashMap<String, u64>> {
        let mut sizes = HashMap::new();
        let Some(mut batch) = self.cat_file("--batch-check", ids)? else {
            return Ok(sizes);
        };
        for line in (&mut batch.reader).lines() {
            // `<id> <type> <size>`, or `<id> missing`.
            let line = line?;
            let mut fields = line.split_whitespace();
            if let (Some(id), Some(_), Some(size)) = (fields.next(), fields.next(), fields.next())
                && let Ok(size) = size.parse::<u64>()
            {
                sizes.insert(id.to_string(), size);
            }
        }
        batch.finish();
        Ok(sizes)
    }

    /// `git cat-file MODE` asked for these objects (sorted, each once),
    /// written from a thread of its own so git's output never waits on our
    /// input. `None` when there is nothing to ask.
    fn cat_file<'a>(
        &self,
        mode: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Option<CatFile<'a>>> {
        let mut wanted: Vec<&str> = ids.into_iter().filter(|id| is_object_id(id)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(None);
        }
        let mut child = git(&self.dir)
            .args(["cat-file", mode])
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
        let reader = BufReader::new(child.stdout.take().context("git's output")?);
        Ok(Some(CatFile {
            wanted,
            child,
            reader,
            writer,
        }))
    }

    /// The texts of these blobs (invalid UTF-8 replaced), read by one
    /// `git cat-file --batch`. A blob over the loader's size limit is read
    /// only up to it. A blob missing from the repository (a partial clone)
    /// is an error: the audit would otherwise pass over it.
    pub fn blobs<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashMap<String, String>> {
        let mut texts = HashMap::new();
        let Some(mut batch) = self.cat_file("--batch", ids)? else {
            return Ok(texts);
        };
        let reader = &mut batch.reader;
        let limit = crate::load::MAX_RECORD_BYTES;
        for id in &batch.wanted {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let mut fields = header.split_whitespace();
            let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                let _ = batch.child.kill();
                bail!(
                    "the history names a file version that is not in this repository ({id}): a partial clone? Clone the repository in full (without `--filter`) and run again"
                );
            };
            let size: u64 = size
                .parse()
                .context("git cat-file printed an unreadable size")?;
            let mut body = Vec::new();
            reader.take(size.min(limit)).read_to_end(&mut body)?;
            // The rest of a blob past the limit, and the newline after it.
            std::io::copy(
                &mut reader.take(size.saturating_sub(limit) + 1),
                &mut std::io::sink(),
            )?;
            if kind == "blob" {
                texts.insert(
                    (*id).to_string(),
                    String::from_utf8_lossy(&body).into_owned(),
                );
            }
        }
        batch.finish();
        Ok(texts)
    }
}

/// A running `git cat-file` and what it was asked for ([`Repo::cat_file`]).
struct CatFile<'a> {
    wanted: Vec<&'a str>,
    child: std::process::Child,
    reader: BufReader<std::process::ChildStdout>,
    writer: std::thread::JoinHandle<()>,
}

impl CatFile<'_> {
    /// Wait for the writer thread and for git.
    fn finish(mut self) {
        let _ = self.writer.join();
        let _ = self.child.wait();
    }
}

/// Each commit's fields, each ended by a NUL: hash, parents, author time,
/// author date, name, email. `%an`/`%ae` are as committed (`%aN` would apply a
/// mailmap).
const LOG_FORMAT: &str = "--format=%H%x00%P%x00%at%x00%as%x00%an%x00%ae";

/// Fields [`LOG_FORMAT`] prints after the hash.
const FIELDS_AFTER_HASH: usize = 5;

/// Mode of a regular file, an executable one, and a link: the entries that
/// have a blob (a submodule's `160000` names a commit of another repository).
fn has_blob(mode: &str) -> bool {
    matches!(mode, "100644" | "100755" | "120000")
}

/// `git log -z --raw` output in [`LOG_FORMAT`]: every field, path and raw
/// entry ends with a NUL, so the stream is read token by token, by
/// position. A commit is its hash and four fields, then entries, each a
/// `:`-led line of modes and blobs (one colon per parent: a merge's
/// combined entry has several) and a path. Names and emails are taken by
/// position and may hold anything but a NUL.
fn parse_log(text: &str, prefix: &str) -> Result<Vec<Commit>> {
    let mut tokens = text.split('\0');
    let mut commits: Vec<Commit> = Vec::new();
    while let Some(token) = tokens.next() {
        // Between commits and entries git puts a newline, or (after a merge)
        // an empty field.
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            continue;
        }
        if token.starts_with(':') {
            let Some(commit) = commits.last_mut() else {
                bail!("git printed a changed file before any commit");
            };
            let Some(path) = tokens.next() else {
                bail!("git printed a changed file without its path");
            };
            if let Some(change) = file_change(token, path, prefix) {
                commit.changes.push(change);
            }
            continue;
        }
        if !is_object_id(token) {
            bail!(
                "git printed `{}` where a commit hash belongs",
                crate::text::excerpt(token)
            );
        }
        let mut fields = [""; FIELDS_AFTER_HASH];
        for field in &mut fields {
            *field = tokens
                .next()
                .context("git's log ends inside a commit's fields")?;
        }
        let [parents, time, date, author, email] = fields;
        let time = time.parse::<i64>().unwrap_or(0);
        commits.push(Commit {
            hash: token.to_string(),
            parents: parents
                .split(' ')
                .filter(|p| is_object_id(p))
                .map(str::to_string)
                .collect(),
            author: author.to_string(),
            email: email.to_string(),
            date: author_date(date, time),
            time,
            changes: Vec::new(),
        });
    }
    Ok(commits)
}

/// One raw entry: `:old-mode new-mode old-blob new-blob status` (one colon,
/// mode and blob per parent before the result's: a merge's combined entry).
/// The blob before is the first parent's. `None` outside the programme.
fn file_change(meta: &str, path: &str, prefix: &str) -> Option<FileChange> {
    let parents = meta.bytes().take_while(|&b| b == b':').count();
    let fields: Vec<&str> = meta[parents..].split(' ').collect();
    let (modes, rest) = fields.split_at_checked(parents + 1)?;
    let blobs = rest.get(..parents + 1)?;
    let blob = |mode: &str, id: &str| {
        (has_blob(mode) && is_object_id(id) && !id.bytes().all(|b| b == b'0'))
            .then(|| id.to_string())
    };
    let relative = path.strip_prefix(prefix)?;
    Some(FileChange {
        path: relative.to_string(),
        old: blob(modes[0], blobs[0]),
        new: blob(modes[parents], blobs[parents]),
    })
}

/// The author date as `YYYY-MM-DD`: as git printed it when it is one, else
/// from the time, else said to be unknown (a hand-made commit's date may
/// be anything).
fn author_date(printed: &str, time: i64) -> String {
    if chrono::NaiveDate::parse_from_str(printed, "%Y-%m-%d").is_ok() && printed.len() == 10 {
        return printed.to_string();
    }
    chrono::DateTime::from_timestamp(time, 0)
        .filter(|_| time != 0)
        .map_or_else(
            || "unknown date".to_string(),
            |at| at.date_naive().to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const C: &str = "3333333333333333333333333333333333333333";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn forged_separators_in_names_stay_in_their_field() {
        let text = format!(
            "{A}\x00\x001700000000\x002023-11-14\x00Eve\x1e{B}\x1fCora\n\x00eve@x\x1f\x1e\x00\n:000000 100644 {ZERO} {B} A\x00pairs/p/log.yaml\x00{C}\x00{A}\x001700000001\x00%as\x00\x00\x00"
        );
        let commits = parse_log(&text, "").unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].hash, A);
        assert_eq!(commits[0].author, format!("Eve\x1e{B}\x1fCora\n"));
        assert_eq!(commits[0].email, "eve@x\x1f\x1e");
        assert_eq!(commits[0].date, "2023-11-14");
        assert_eq!(
            commits[0].changes,
            [FileChange {
                path: "pairs/p/log.yaml".into(),
                old: None,
                new: Some(B.into()),
            }]
        );
        assert_eq!(commits[1].hash, C);
        assert_eq!(commits[1].parents, [A]);
        assert_eq!(commits[1].author, "");
        assert_eq!(commits[1].date, "2023-11-14", "from the time");
    }

    #[test]
    fn a_merge_entry_reads_first_parent_and_result() {
        let text = format!(
            "{A}\x00{B} {C}\x001\x002026-01-01\x00M\x00m@x\x00\x00::100644 100644 100644 {A} {B} {C} MM\x00f.yaml\x00"
        );
        let commits = parse_log(&text, "").unwrap();
        assert_eq!(commits[0].parents, [B, C]);
        assert_eq!(
            commits[0].changes,
            [FileChange {
                path: "f.yaml".into(),
                old: Some(A.into()),
                new: Some(C.into()),
            }]
        );
    }

    #[test]
    fn submodules_and_files_outside_the_programme_have_no_blob() {
        let text = format!(
            "{A}\x00\x001\x002026-01-01\x00M\x00m@x\x00\n:000000 160000 {ZERO} {B} A\x00p/pairs/x/log.yaml\x00:000000 100644 {ZERO} {B} A\x00other/f\x00"
        );
        let commits = parse_log(&text, "p/").unwrap();
        assert_eq!(
            commits[0].changes,
            [FileChange {
                path: "pairs/x/log.yaml".into(),
                old: None,
                new: None,
            }]
        );
    }

    #[test]
    fn what_is_not_a_hash_is_refused_not_guessed() {
        assert!(parse_log("not-a-hash\x00", "").is_err());
        assert!(parse_log(&format!("{A}\x001\x00"), "").is_err());
        assert!(is_object_id(A) && is_object_id(&"a".repeat(64)));
        assert!(!is_object_id(&A.to_uppercase().replace('1', "F")) && !is_object_id("--output=x"));
    }

    #[test]
    fn windows_are_whole_commits_in_order_within_the_budget() {
        let size = |id: &str| id.len() as u64;
        // Sizes 3, 3 (the same blob again: counted once), 2+4, 9, 1, none.
        let wanted: Vec<Vec<&str>> = vec![
            vec!["aaa"],
            vec!["aaa", "aaa"],
            vec!["bb", "cccc"],
            vec!["ddddddddd"],
            vec!["e"],
            vec![],
        ];
        let plan = plan_windows(&wanted, size, 8);
        assert_eq!(plan, [0..2, 2..3, 3..4, 4..6]);
        for range in &plan {
            let mut ids: Vec<&str> = wanted[range.clone()].iter().flatten().copied().collect();
            ids.sort_unstable();
            ids.dedup();
            let held: u64 = ids.iter().map(|id| size(id)).sum();
            assert!(held <= 8 || range.len() == 1, "{range:?} holds {held}");
        }
        assert_eq!(plan_windows(&[], size, 8), Vec::<Range<usize>>::new());
        let whole: Vec<Range<usize>> = plan_windows(&wanted, size, u64::MAX);
        assert_eq!((whole.len(), whole.first()), (1, Some(&(0..6))));
    }

    /// The reader itself: a real repository, a small budget, and the bytes
    /// each window holds counted.
    #[test]
    fn a_window_never_holds_more_than_the_budget() {
        let dir = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_AUTHOR_NAME", "A")
                .env("GIT_AUTHOR_EMAIL", "a@x")
                .env("GIT_COMMITTER_NAME", "A")
                .env("GIT_COMMITTER_EMAIL", "a@x")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(&["init", "-q"]);
        // Twelve versions of 1,000 to 3,200 bytes, two files in some commits.
        for i in 0..12usize {
            let body = format!("v{i:02}\n").repeat(250 + 50 * i);
            std::fs::write(dir.path().join("log.yaml"), &body).unwrap();
            if i % 3 == 0 {
                std::fs::write(dir.path().join("pair.toml"), format!("n = {i}\n")).unwrap();
            }
            run(&["add", "-A"]);
            run(&["commit", "-q", "-m", "v"]);
        }
        let repo = Repo::open(dir.path()).unwrap();
        let commits = repo.commits(None).unwrap();
        assert_eq!(commits.len(), 12);
        let everything = repo.blobs(commits.iter().flat_map(Commit::blobs)).unwrap();
        let budget = 8_000;
        let mut walked = Vec::new();
        let mut read = HashMap::new();
        let mut windows = 0;
        for window in repo.windows(&commits, Commit::blobs, budget).unwrap() {
            let window = window.unwrap();
            let held: usize = window.texts.values().map(String::len).sum();
            assert!(
                held as u64 <= budget || window.commits.len() == 1,
                "a window of {} commits holds {held} bytes",
                window.commits.len()
            );
            walked.extend(window.commits.iter().map(|c| c.hash.clone()));
            read.extend(window.texts);
            windows += 1;
        }
        assert!(
            windows > 3,
            "the budget splits the history ({windows} windows)"
        );
        let hashes: Vec<String> = commits.iter().map(|c| c.hash.clone()).collect();
        assert_eq!(walked, hashes, "every commit once, in order");
        assert_eq!(read, everything, "the windows read what one read would");
    }

    #[test]
    fn broken_dates_are_said_to_be_unknown() {
        assert_eq!(author_date("2026-03-01", 5), "2026-03-01");
        assert_eq!(author_date("%as", 0), "unknown date");
        assert_eq!(author_date("", 86_400), "1970-01-02");
    }
}

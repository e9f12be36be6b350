//! `mentor audit`: the programme's rules, checked against its git history.
//! Who may change what (a pair's folder: its two members and the
//! coordinators; a person's file: that person and the coordinators;
//! programme.toml: the coordinators; `[audit] trusted`: anything), and what
//! may never be undone (committed meetings, goals, an active pair's
//! members, a private value once committed in plaintext). Pure: the commits
//! and blob texts come from [`crate::git`], identities from the programme
//! as it is now.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::git::Commit;
use crate::load::FileKind;
use crate::load::programme_file::coordinators_file;
use crate::node::{self, Node, Value};
use crate::seal::{PrivateNames, spots};
use crate::workspace::Workspace;

/// How long a pair may correct its own last meeting entry.
const CORRECTION_DAYS: i64 = 7;

/// Who someone is, by the address they commit with, as the programme's
/// files said before the commit being judged: a commit that makes its
/// author a coordinator, trusted, or someone else's alias is judged without
/// that right (the files as they are now would let anyone authorise
/// themselves).
#[derive(Default)]
struct People {
    /// Lower-cased email -> person id. The first person to claim an
    /// address keeps it: a later alias cannot take over someone's commits.
    by_email: HashMap<String, String>,
    /// Coordinators' and trusted addresses, lower-cased.
    coordinators: HashSet<String>,
    trusted: HashSet<String>,
}

impl People {
    /// From the programme's files as they were where the walk starts:
    /// `programme.toml` and `people/*` (path and parsed version).
    fn at_start<'n>(files: impl IntoIterator<Item = (&'n str, &'n Node)>) -> Self {
        let mut people = People::default();
        for (path, node) in files {
            people.learn(path, Some(node));
        }
        people
    }

    /// Take in one version of `programme.toml` or a person file (`None`:
    /// deleted). Other files say nothing about who is who.
    fn learn(&mut self, path: &str, node: Option<&Node>) {
        let addresses = |node: &Node, keys: &[&str]| -> Vec<String> {
            keys.iter()
                .flat_map(|key| match field(node, key).map(|n| &n.value) {
                    Some(Value::Str(one)) => vec![one.trim().to_lowercase()],
                    Some(Value::Seq(many)) => many
                        .iter()
                        .map(|n| text(Some(n)).trim().to_lowercase())
                        .collect(),
                    _ => Vec::new(),
                })
                .filter(|a| !a.is_empty())
                .collect()
        };
        match FileKind::of(Path::new(""), Path::new(path)) {
            Some(FileKind::Programme) => {
                let section = |name: &str| node.and_then(|n| field(n, name));
                self.coordinators = section("coordinator")
                    .map(|c| addresses(c, &["email", "aliases"]))
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                self.trusted = section("audit")
                    .map(|a| addresses(a, &["trusted"]))
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
            }
            Some(FileKind::Person(id)) => {
                self.by_email.retain(|_, owner| *owner != id);
                for address in node
                    .map(|n| addresses(n, &["email", "aliases"]))
                    .unwrap_or_default()
                {
                    self.by_email.entry(address).or_insert_with(|| id.clone());
                }
            }
            _ => {}
        }
    }

    fn person(&self, email: &str) -> Option<&str> {
        self.by_email
            .get(&email.trim().to_lowercase())
            .map(String::as_str)
    }

    /// A coordinator or a trusted address: allowed everywhere.
    fn is_office(&self, email: &str) -> bool {
        let email = email.trim().to_lowercase();
        self.coordinators.contains(&email) || self.trusted.contains(&email)
    }

    /// Whether `email` is one of the addresses a new person file gives, and
    /// no one else's: a person may add their own profile.
    fn claims(&self, email: &str, id: &str, node: Option<&Node>) -> bool {
        let email = email.trim().to_lowercase();
        let own = node.is_some_and(|n| {
            ["email", "aliases"]
                .iter()
                .any(|key| match field(n, key).map(|v| &v.value) {
                    Some(Value::Str(one)) => one.trim().to_lowercase() == email,
                    Some(Value::Seq(many)) => many
                        .iter()
                        .any(|v| text(Some(v)).trim().to_lowercase() == email),
                    _ => false,
                })
        });
        own && self.person(&email).is_none_or(|owner| owner == id)
    }
}

/// What the audit remembers of each file as it walks the history forward.
#[derive(Default)]
struct State {
    /// Pair id -> (mentor, mentee, status) from its latest pair.toml.
    pairs: HashMap<String, (String, String, String)>,
    /// Pair id -> (mentor, mentee, the status it had) once the pair has
    /// been active: its members for good, whatever later versions say of
    /// its status and even after its file is deleted and made again.
    fixed: HashMap<String, (String, String, String)>,
    /// Log path -> its meetings (private fields left out) and when each was
    /// committed (`None`: before the audited range).
    logs: HashMap<String, Vec<(String, Option<i64>)>>,
    /// Goals path -> the goal ids of its latest version.
    goals: HashMap<String, Vec<String>>,
    /// Files already reported for plaintext.
    plaintext: HashSet<String>,
}

impl State {
    /// Remember a file's version from before the walk, unless already known.
    fn seed(
        &mut self,
        kind: &FileKind,
        path: &str,
        old: impl FnOnce() -> Option<Node>,
        names: &PrivateNames,
    ) {
        let known = match kind {
            FileKind::Pair(id) => self.pairs.contains_key(id),
            FileKind::Goals(_) => self.goals.contains_key(path),
            FileKind::Log(_) => self.logs.contains_key(path),
            _ => true,
        };
        if known {
            return;
        }
        let Some(old) = old() else { return };
        match kind {
            FileKind::Pair(id) => {
                let members = (
                    text(field(&old, "mentor")),
                    text(field(&old, "mentee")),
                    text(field(&old, "status")),
                );
                self.pairs.insert(id.clone(), members);
            }
            FileKind::Goals(_) => {
                deleted_goals(self, path, Some(&old));
            }
            FileKind::Log(_) => {
                // Committed before the walk began: when is not known here.
                rewritten_meetings(self, path, Some(&old), None, false, names);
            }
            _ => {}
        }
    }
}

/// Every change in `commits` that broke the programme's rules, oldest first.
/// `dir` is how the programme's files are named in findings.
/// `start` holds `programme.toml` and the person files (path and text) as
/// they were where the walk starts (empty when it starts at the first
/// commit): who is who is learnt from them and from each commit in turn.
pub fn audit(
    ws: &Workspace,
    commits: &[Commit],
    blobs: &HashMap<String, String>,
    start: &[(String, String)],
    dir: &Path,
) -> Vec<Diagnostic> {
    walk(ws, commits, blobs, start, dir).findings
}

/// A public key a file lists now that was last added by someone not
/// entitled to change that file (a participant adding a key of their own
/// to `[coordinator] keys` or to someone else's profile).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnapprovedKey {
    /// The file, relative to the programme.
    pub path: String,
    pub key: String,
    /// The commit that added it, as the audit names commits.
    pub added_by: String,
}

/// The keys the programme's files list now whose latest addition the audit
/// reports (A002, A003): `mentor seal --rotate` never seals to them.
pub fn unapproved_keys(
    ws: &Workspace,
    commits: &[Commit],
    blobs: &HashMap<String, String>,
    dir: &Path,
) -> Vec<UnapprovedKey> {
    let walk = walk(ws, commits, blobs, &[], dir);
    let mut found: Vec<UnapprovedKey> = walk
        .key_origins
        .into_iter()
        .filter(|(_, origin)| origin.is_some())
        .filter_map(|((path, key), origin)| {
            Some(UnapprovedKey {
                path,
                key,
                added_by: origin?,
            })
        })
        .collect();
    found.sort_by(|a, b| (&a.path, &a.key).cmp(&(&b.path, &b.key)));
    found
}

/// What one walk through the history finds.
struct Walk {
    findings: Vec<Diagnostic>,
    /// (file, key) -> `None` when the latest addition of a key the file
    /// still lists was made by someone entitled, else who added it.
    key_origins: HashMap<(String, String), Option<String>>,
}

fn walk(
    ws: &Workspace,
    commits: &[Commit],
    blobs: &HashMap<String, String>,
    start: &[(String, String)],
    dir: &Path,
) -> Walk {
    let start_trees: Vec<(&str, Node)> = start
        .iter()
        .filter_map(|(path, text)| Some((path.as_str(), node::parse_revision(path, text)?)))
        .collect();
    let mut people = People::at_start(start_trees.iter().map(|(p, n)| (*p, n)));
    let mut key_origins: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut key_versions: HashMap<String, Node> = start_trees
        .iter()
        .map(|(p, n)| (p.to_string(), n.clone()))
        .collect();
    // Every version is parsed once, in parallel: what a version was is
    // remembered in `State`, so only new versions are read.
    let trees: HashMap<&str, Node> = commits
        .iter()
        .flat_map(|c| &c.changes)
        .filter_map(|f| f.new.as_deref().map(|b| (b, f.path.as_str())))
        .collect::<HashMap<_, _>>()
        .into_par_iter()
        .filter_map(|(blob, path)| Some((blob, node::parse_revision(path, blobs.get(blob)?)?)))
        .collect();
    let names = PrivateNames::of(ws);
    let mut state = State::default();
    let mut out = Vec::new();
    let current_members = |pair: &str| {
        ws.pair(pair)
            .map(|p| (p.pair.mentor.clone(), p.pair.mentee.clone()))
    };
    for commit in commits {
        // The programme's first version names its coordinators: nothing
        // before it could, so it is judged by what it says, and the commit
        // that founds the programme says who everyone is.
        let founding = people.coordinators.is_empty()
            && commit
                .changes
                .iter()
                .any(|c| c.path == "programme.toml" && c.old.is_none() && c.new.is_some());
        if people.coordinators.is_empty() {
            let first = commit.changes.iter().find(|c| c.path == "programme.toml");
            if let Some(tree) = first
                .and_then(|c| c.new.as_deref())
                .and_then(|b| trees.get(b))
            {
                people.learn("programme.toml", Some(tree));
            }
        }
        let who = match people.person(&commit.email) {
            Some(id) => format!("{} <{}> ({id})", commit.author, commit.email),
            None => format!("{} <{}>", commit.author, commit.email),
        };
        let said = |what: String| {
            format!(
                "commit {} by {who} on {}: {what}",
                commit.short(),
                commit.date
            )
        };
        for change in &commit.changes {
            // A participant who chose the pseudonym key could undo HR's
            // pseudonyms; one who wrote a template or a workflow steers
            // what mentor mails or what CI runs.
            if let Some(what) = coordinators_file(&change.path) {
                if !people.is_office(&commit.email) {
                    let shown = crate::load::display_path(&dir.join(&change.path));
                    out.push(
                        Diagnostic::for_path(
                            Code::OfficeFileChangedByOther,
                            shown,
                            said(format!("changed {what}, which only the coordinators change")),
                        )
                        .help("check the change with the coordinator and restore the file from git history if nobody asked for it; add the address to `[audit] trusted` if it belongs to someone allowed"),
                    );
                }
                continue;
            }
            let Some(kind) = FileKind::of(Path::new(""), Path::new(&change.path)) else {
                continue;
            };
            let shown = crate::load::display_path(&dir.join(&change.path));
            let new = change.new.as_deref().and_then(|b| trees.get(b));
            // A version that does not parse says nothing about meetings,
            // goals or members: the next one that does is compared with the
            // last that did, so a broken version in between hides nothing.
            let unreadable = change.new.is_some() && new.is_none();
            // A file first met in this walk (an audit `--since`): what it was
            // before is its previous version.
            if let Some(old) = change.old.as_deref().and_then(|b| blobs.get(b)) {
                state.seed(
                    &kind,
                    &change.path,
                    || node::parse_revision(&change.path, old),
                    &names,
                );
            }
            let finding = |code: Code, what: String, help: &str| {
                Diagnostic::for_path(code, shown.clone(), said(what)).help(help)
            };
            let office = people.is_office(&commit.email);
            let author = people.person(&commit.email);
            match &kind {
                FileKind::Programme if !office => out.push(finding(
                    Code::ProgrammeChangedByOther,
                    "changed programme.toml, which only the coordinators change".into(),
                    "check the change with the coordinator; add the address to `[audit] trusted` if it belongs to someone allowed",
                )),
                FileKind::Person(id)
                    if !office
                        && author != Some(id.as_str())
                        && !(change.old.is_none() && people.claims(&commit.email, id, new)) =>
                {
                    out.push(finding(
                    Code::PersonChangedByOther,
                    format!("changed the profile of `{id}`, who did not make the change"),
                    "a profile is changed by its person or a coordinator; if this address is theirs, add it to their `aliases`",
                    ));
                }
                FileKind::Pair(id)
                | FileKind::Goals(id)
                | FileKind::Log(id)
                | FileKind::Feedback(id)
                | FileKind::Assessment(id) => {
                    let members = state
                        .pairs
                        .get(id)
                        .map(|(m, e, _)| (m.clone(), e.clone()))
                        .or_else(|| current_members(id));
                    let member = members
                        .as_ref()
                        .is_some_and(|(m, e)| author.is_some_and(|a| a == m || a == e));
                    // A coordinator may create a pair before its members take it over.
                    if !office && !member {
                        out.push(finding(
                            Code::PairChangedByOutsider,
                            format!("changed `{}` of pair `{id}` without being one of the pair or a coordinator", change.path),
                            "a pair's files are changed by its mentor, its mentee or a coordinator; if this address is theirs, add it to their `aliases`",
                        ));
                    }
                }
                _ => {}
            }
            match &kind {
                _ if unreadable => {}
                FileKind::Pair(id) => pair_members(&mut state, id, new, &mut |what| {
                    out.push(finding(Code::PairMemberChanged, what, "a pair's members never change once it is active: close it and start a new pair"));
                }),
                FileKind::Goals(_) => {
                    for goal in deleted_goals(&mut state, &change.path, new) {
                        out.push(finding(
                            Code::GoalDeleted,
                            format!("deleted goal `{goal}`"),
                            "set a goal's `status` to `dropped` instead of deleting it: the record of what was planned stays",
                        ));
                    }
                }
                FileKind::Log(id) => {
                    let members = state
                        .pairs
                        .get(id)
                        .map(|(m, e, _)| (m.clone(), e.clone()))
                        .or_else(|| current_members(id));
                    let by_member =
                        members.is_some_and(|(m, e)| author.is_some_and(|a| a == m || a == e));
                    for what in rewritten_meetings(
                        &mut state,
                        &change.path,
                        new,
                        Some(commit.time),
                        by_member,
                        &names,
                    ) {
                        out.push(finding(
                            Code::MeetingRewritten,
                            what,
                            "the log is append-only: add a new entry that corrects an old one; the pair may fix its own last entry within 7 days",
                        ));
                    }
                }
                _ => {}
            }
            if !state.plaintext.contains(&change.path) {
                let text = change.new.as_deref().and_then(|b| blobs.get(b));
                let (fields, how) = match (new, text) {
                    (Some(tree), _) => (spots::plaintext_in(tree, &kind, &names), ""),
                    (None, Some(text)) => (
                        spots::plaintext_in_text(text, &kind, &names),
                        " (in a version that does not parse)",
                    ),
                    (None, None) => (Vec::new(), ""),
                };
                if !fields.is_empty() {
                    state.plaintext.insert(change.path.clone());
                    out.push(finding(
                        Code::PlaintextInHistory,
                        format!("committed {} in plaintext{how}", fields.join(", ")),
                        "sealing it now does not remove it from history: rewrite history (`git filter-repo`, then force-push and have everyone clone again), or accept it and audit from a later commit with `--since`",
                    ));
                }
            }
        }
        // What this commit says of who is who holds from the next one on,
        // where its author was entitled to say it: a change the audit
        // reports (A002, A003) grants nobody anything.
        let office = people.is_office(&commit.email);
        let author = people.person(&commit.email).map(str::to_string);
        let entitled: Vec<(&str, Option<&Node>)> = commit
            .changes
            .iter()
            .filter_map(|change| {
                let new = change.new.as_deref().and_then(|b| trees.get(b));
                if change.new.is_some() && new.is_none() {
                    return None; // a version that does not parse says nothing
                }
                let allowed = match FileKind::of(Path::new(""), Path::new(&change.path)) {
                    Some(FileKind::Programme | FileKind::Person(_)) if founding => true,
                    Some(FileKind::Programme) => office,
                    Some(FileKind::Person(id)) => {
                        office
                            || author.as_deref() == Some(id.as_str())
                            || (change.old.is_none() && people.claims(&commit.email, &id, new))
                    }
                    _ => return None,
                };
                // Keys this version adds are the author's doing: remembered
                // with who added them when the author had no right to.
                let before = listed_keys(&change.path, key_versions.get(&change.path));
                let now = listed_keys(&change.path, new);
                key_origins.retain(|(path, key), _| path != &change.path || now.contains(key));
                for key in now.iter().filter(|k| !before.contains(k)) {
                    let origin =
                        (!allowed).then(|| format!("commit {} by {}", commit.short(), who));
                    key_origins.insert((change.path.clone(), key.clone()), origin);
                }
                match new {
                    Some(tree) => key_versions.insert(change.path.clone(), tree.clone()),
                    None => key_versions.remove(&change.path),
                };
                allowed.then_some((change.path.as_str(), new))
            })
            .collect();
        for (path, new) in entitled {
            people.learn(path, new);
        }
    }
    Walk {
        findings: out,
        key_origins,
    }
}

/// The public keys a version of `programme.toml` (`[coordinator] keys`) or
/// a person file (`keys`) lists.
fn listed_keys(path: &str, node: Option<&Node>) -> Vec<String> {
    let holder = match FileKind::of(Path::new(""), Path::new(path)) {
        Some(FileKind::Programme) => node.and_then(|n| field(n, "coordinator")),
        Some(FileKind::Person(_)) => node,
        _ => None,
    };
    items(holder, "keys")
        .iter()
        .map(|k| text(Some(k)).trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

fn field<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v),
        _ => None,
    }
}

fn text(node: Option<&Node>) -> String {
    match node.map(|n| &n.value) {
        Some(Value::Str(s) | Value::Datetime(s)) => s.clone(),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn items<'n>(root: Option<&'n Node>, list: &str) -> &'n [Node] {
    match root.and_then(|r| field(r, list)).map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// A meeting's value without its place in the file, private keys left out
/// (sealing and re-sealing them is not a rewrite, and their text is never
/// remembered).
fn canonical(node: &Node, names: &PrivateNames, out: &mut String) {
    let log = FileKind::Log(String::new());
    match &node.value {
        Value::Map(entries) => {
            out.push('{');
            let mut sorted: Vec<_> = entries
                .iter()
                .filter(|(k, _)| names.judge(Some(&log), &k.name).is_none())
                .collect();
            sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            for (key, value) in sorted {
                out.push_str(&key.name);
                out.push(':');
                canonical(value, names, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Seq(items) => {
            out.push('[');
            for item in items {
                canonical(item, names, out);
                out.push(',');
            }
            out.push(']');
        }
        _ => {
            out.push_str(&format!("{:?}", text(Some(node))));
        }
    }
}

fn pair_members(state: &mut State, id: &str, new: Option<&Node>, report: &mut dyn FnMut(String)) {
    // Seeded from before the walk: an active or closed pair is fixed.
    if let Some((mentor, mentee, status)) = state.pairs.get(id)
        && is_started(status)
    {
        state
            .fixed
            .entry(id.to_string())
            .or_insert_with(|| (mentor.clone(), mentee.clone(), status.clone()));
    }
    let Some(new) = new else {
        state.pairs.remove(id);
        return;
    };
    let now = (
        text(field(new, "mentor")),
        text(field(new, "mentee")),
        text(field(new, "status")),
    );
    // Against the version before (swapping back is a change too) and
    // against the members it began with (a status flip in between, or a
    // deleted and remade file, hides nothing).
    let before = state
        .pairs
        .get(id)
        .filter(|(_, _, status)| is_started(status))
        .cloned();
    let fixed = state.fixed.get(id).cloned();
    for (role, at) in [("mentor", 0), ("mentee", 1)] {
        let member = |m: &(String, String, String)| if at == 0 { m.0.clone() } else { m.1.clone() };
        let changed = [before.as_ref(), fixed.as_ref()]
            .into_iter()
            .flatten()
            .find(|was| member(was) != member(&now));
        if let Some(was) = changed {
            report(format!(
                "changed the {role} of {} pair `{id}` from `{}` to `{}`",
                was.2,
                member(was),
                member(&now)
            ));
        }
    }
    if fixed.is_none() && is_started(&now.2) {
        state.fixed.insert(
            id.to_string(),
            (now.0.clone(), now.1.clone(), now.2.clone()),
        );
    }
    state.pairs.insert(id.to_string(), now);
}

/// A status a pair has only once it has begun: its members are then fixed.
fn is_started(status: &str) -> bool {
    matches!(status, "active" | "closed")
}

fn deleted_goals(state: &mut State, path: &str, new: Option<&Node>) -> Vec<String> {
    let kept: Vec<String> = items(new, "goals")
        .iter()
        .map(|g| text(field(g, "id")))
        .filter(|i| !i.is_empty())
        .collect();
    let before = state
        .goals
        .insert(path.to_string(), kept.clone())
        .unwrap_or_default();
    before.into_iter().filter(|id| !kept.contains(id)).collect()
}

/// Meetings of the old log missing or changed in the new one; the pair's
/// own correction of its last entry within the grace period is allowed.
/// `time` is when the new version was committed (`None`: before the
/// audited range).
fn rewritten_meetings(
    state: &mut State,
    path: &str,
    new: Option<&Node>,
    time: Option<i64>,
    by_member: bool,
    names: &PrivateNames,
) -> Vec<String> {
    let before = state.logs.remove(path).unwrap_or_default();
    let now: Vec<String> = items(new, "meetings")
        .iter()
        .map(|m| {
            let mut s = String::new();
            canonical(m, names, &mut s);
            s
        })
        .collect();
    let mut findings = Vec::new();
    let mut remembered = Vec::new();
    let describe = |entry: &str| {
        entry
            .split("date:\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map_or_else(
                || "a meeting".to_string(),
                |date| format!("the meeting of {date}"),
            )
    };
    for (i, (entry, committed)) in before.iter().enumerate() {
        let same = now.get(i) == Some(entry);
        if same {
            remembered.push((entry.clone(), *committed));
            continue;
        }
        let last = i + 1 == before.len();
        let age = time.zip(*committed).map(|(now, then)| now - then);
        // A correction dated before the entry it corrects is no correction:
        // a future-dated entry must not open an endless grace period.
        if last && by_member && age.is_some_and(|age| (0..=CORRECTION_DAYS * 86_400).contains(&age))
        {
            continue; // corrected (or withdrawn) by the pair within the grace period
        }
        let how = if now.contains(entry) {
            "moved"
        } else if i >= now.len() {
            "deleted"
        } else {
            "rewrote or deleted"
        };
        let when = match age {
            Some(age) => format!("committed {} day(s) earlier", age / 86_400),
            None => "committed before the audited range".to_string(),
        };
        findings.push(format!("{how} {} ({when})", describe(entry)));
    }
    for (i, entry) in now.iter().enumerate() {
        if i >= remembered.len() {
            remembered.push((entry.clone(), time));
        } else if remembered[i].0 != *entry {
            remembered[i] = (entry.clone(), time);
        }
    }
    state.logs.insert(path.to_string(), remembered);
    findings
}

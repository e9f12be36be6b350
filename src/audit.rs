//! `mentor audit`: the programme's rules, checked against its git history.
//! Who may change what (a pair's folder: its two members and the
//! coordinators; a person's file: that person and the coordinators;
//! programme.toml: the coordinators; `[audit] trusted`: anything), and what
//! may never be undone (committed meetings, goals, an active pair's
//! members, a private value once committed in plaintext). Pure: the commits
//! and blob texts come from [`crate::git`]; who is who is learnt from the
//! programme's files as the walk meets them, never from the files as they
//! are now (which anyone could have changed).

mod erasure;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::decode::Field;
use crate::diagnostic::{Code, Diagnostic};
use crate::git::{Commit, FileChange, Window};
use crate::layout::{FileKind, GOALS, LOG, PAIR, Writers};
use crate::load::programme_file::coordinators_file;
use crate::model::{Approval, AuditRules, Coordinator, Goal, Pair, Person, Privacy, Programme};
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
    /// Whether the programme sealed private values (`[privacy] seal =
    /// true`): plaintext committed then is an error (A007), else a warning
    /// (A010) of what the programme chose, or had not yet decided.
    seals: bool,
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
        match FileKind::of(Path::new(""), Path::new(path)) {
            Some(FileKind::Programme) => {
                let section = |name: Field| node.and_then(|n| field(n, name));
                let listed = |section: Option<&Node>, keys: &[Field]| -> HashSet<String> {
                    section
                        .map(|s| addresses(s, keys))
                        .unwrap_or_default()
                        .into_iter()
                        .collect()
                };
                self.coordinators = listed(
                    section(Programme::COORDINATOR),
                    &[Coordinator::EMAIL, Coordinator::ALIASES],
                );
                self.trusted = listed(section(Programme::AUDIT), &[AuditRules::TRUSTED]);
                self.seals = section(Programme::PRIVACY)
                    .and_then(|privacy| field(privacy, Privacy::SEAL))
                    .is_some_and(|seal| matches!(seal.value, Value::Bool(true)));
            }
            Some(FileKind::Person(id)) => {
                self.by_email.retain(|_, owner| *owner != id);
                let own = node
                    .map(|n| addresses(n, &[Person::EMAIL, Person::ALIASES]))
                    .unwrap_or_default();
                for address in own {
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
        let own =
            node.is_some_and(|n| addresses(n, &[Person::EMAIL, Person::ALIASES]).contains(&email));
        own && self.person(&email).is_none_or(|owner| owner == id)
    }
}

/// The lower-cased addresses under `keys` of a table (a text or a list).
fn addresses(table: &Node, keys: &[Field]) -> Vec<String> {
    keys.iter()
        .flat_map(|&key| match field(table, key).map(|n| &n.value) {
            Some(Value::Seq(many)) => many.iter().map(|n| text(Some(n))).collect(),
            Some(_) => vec![text(field(table, key))],
            None => Vec::new(),
        })
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect()
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
            FileKind::Pair(file, id) if **file == PAIR => self.pairs.contains_key(id),
            FileKind::Pair(file, _) if **file == GOALS => self.goals.contains_key(path),
            FileKind::Pair(file, _) if **file == LOG => self.logs.contains_key(path),
            _ => true,
        };
        if known {
            return;
        }
        let Some(old) = old() else { return };
        match kind {
            FileKind::Pair(file, id) if **file == PAIR => {
                self.pairs.insert(id.clone(), members_of(&old));
            }
            FileKind::Pair(file, _) if **file == GOALS => {
                deleted_goals(self, path, Some(&old));
            }
            FileKind::Pair(file, _) if **file == LOG => {
                // Committed before the walk began: when is not known here.
                rewritten_meetings(self, path, Some(&old), None, false, names);
            }
            _ => {}
        }
    }
}

/// A pair.toml's mentor, mentee and status, as written. A group's
/// mentors (with `co_mentor`) and mentees (`mentees`) are each one text,
/// joined by [`MEMBER_SEPARATOR`]: a change to any of them is a change.
fn members_of(pair: &Node) -> (String, String, String) {
    let joined = |one: Field, more: Field| {
        let listed = match field(pair, more).map(|n| &n.value) {
            Some(Value::Seq(items)) => items.iter().map(|n| text(Some(n))).collect(),
            _ => Vec::new(),
        };
        let first = text(field(pair, one));
        let all: Vec<String> = (!first.is_empty())
            .then_some(first)
            .into_iter()
            .chain(listed)
            .collect();
        all.join(MEMBER_SEPARATOR)
    };
    (
        joined(Pair::MENTOR, Pair::CO_MENTOR),
        joined(Pair::MENTEE, Pair::MENTEES),
        text(field(pair, Pair::STATUS)),
    )
}

/// How [`members_of`] joins a group's mentors or mentees into one text.
const MEMBER_SEPARATOR: &str = ", ";

/// Every change in the commits of `windows` (oldest first, each with the
/// texts of the blobs its changes name, before and after) that broke the
/// programme's rules, oldest first. `dir` is how the programme's files are
/// named in findings. `start` holds `programme.toml` and the person files
/// (path and text) as they were where the walk starts (empty when it
/// starts at the first commit): who is who is learnt from them and from
/// each commit in turn. A window that cannot be read is the error.
pub fn audit<'c>(
    ws: &Workspace,
    commits: &'c [Commit],
    windows: impl IntoIterator<Item = anyhow::Result<Window<'c>>>,
    start: &[(String, String)],
    dir: &Path,
) -> anyhow::Result<Vec<Diagnostic>> {
    Ok(walk(ws, commits, windows, start, dir)?.out)
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
/// reports (A002, A003): `mentor seal` never seals to them.
pub fn unapproved_keys<'c>(
    ws: &Workspace,
    commits: &'c [Commit],
    windows: impl IntoIterator<Item = anyhow::Result<Window<'c>>>,
    dir: &Path,
) -> anyhow::Result<Vec<UnapprovedKey>> {
    // The keys the files list now, in the work tree the seal would use.
    let listed = |path: &str, key: &str| -> bool {
        let keys = match FileKind::of(Path::new(""), Path::new(path)) {
            Some(FileKind::Programme) => ws
                .programme
                .as_ref()
                .and_then(|p| p.coordinator.as_ref())
                .map(|c| &c.keys),
            Some(FileKind::Person(id)) => ws.person(&id).map(|p| &p.person.keys),
            _ => None,
        };
        keys.is_some_and(|keys| keys.iter().any(|k| k.trim() == key))
    };
    let mut found: Vec<UnapprovedKey> = walk(ws, commits, windows, &[], dir)?
        .key_origins
        .into_iter()
        .filter_map(|((path, key), origin)| match origin {
            KeyOrigin::AddedBy(added_by) if listed(&path, &key) => Some(UnapprovedKey {
                path,
                key,
                added_by,
            }),
            _ => None,
        })
        .collect();
    found.sort_by(|a, b| (&a.path, &a.key).cmp(&(&b.path, &b.key)));
    Ok(found)
}

/// The history walked forward a window at a time: each window's versions
/// are parsed together, walked, and dropped before the next window is
/// read, so what the walk holds is what [`State`] and [`Walk`] remember
/// (facts of each file's latest version), never the history's texts.
fn walk<'a, 'c>(
    ws: &'a Workspace,
    commits: &'c [Commit],
    windows: impl IntoIterator<Item = anyhow::Result<Window<'c>>>,
    start: &[(String, String)],
    dir: &'a Path,
) -> anyhow::Result<Walk<'a>> {
    let start: Vec<(&str, Node)> = start
        .iter()
        .filter_map(|(path, text)| Some((path.as_str(), node::parse_revision(path, text)?)))
        .collect();
    let mut walk = Walk {
        ws,
        people: People::at_start(start.iter().map(|(p, n)| (*p, n))),
        names: PrivateNames::of(ws),
        dir,
        state: State::default(),
        out: Vec::new(),
        key_origins: HashMap::new(),
    };
    let creations: Vec<&Commit> = commits
        .iter()
        .filter(|c| {
            c.changes
                .iter()
                .any(|f| f.path == "programme.toml" && f.old.is_none() && f.new.is_some())
        })
        .collect();
    let founder = match creations.as_slice() {
        [one] if walk.people.coordinators.is_empty() => Some(one.hash.as_str()),
        [] | [_] => None,
        several => {
            walk.out.push(several_foundings(several, dir));
            None
        }
    };
    for window in windows {
        let window = window?;
        let trees = parse_versions(window.commits, &window.texts);
        let versions = Versions {
            texts: &window.texts,
            trees: &trees,
        };
        for commit in window.commits {
            let founding = walk.founds_the_programme(commit, founder, &trees);
            for change in &commit.changes {
                walk.change(commit, change, &versions);
            }
            walk.learn(commit, founding, &versions);
        }
    }
    Ok(walk)
}

/// More than one commit creates programme.toml (a participant's second
/// root commit, or a programme deleted and made again): none of them is
/// taken as the founding one.
fn several_foundings(creations: &[&Commit], dir: &Path) -> Diagnostic {
    let named: Vec<String> = creations
        .iter()
        .map(|c| {
            format!(
                "{} by {} <{}>",
                c.short(),
                crate::text::visible(&c.author),
                crate::text::visible(&c.email)
            )
        })
        .collect();
    Diagnostic::for_path(
        Code::SeveralFoundings,
        crate::load::display_path(&dir.join("programme.toml")),
        format!(
            "{} commits create programme.toml ({}): the audit cannot tell which founded the programme, so it takes nobody as a coordinator from them",
            creations.len(),
            named.join(", ")
        ),
    )
    .help("audit from a commit you know is right: `mentor audit --since <commit>`; a second root commit nobody asked for is a reason to look at who pushed it")
}

/// One window's texts and the trees of the versions its commits wrote.
struct Versions<'v, 'c> {
    texts: &'v HashMap<String, String>,
    trees: &'v HashMap<&'c str, Node>,
}

/// Every version a window's commits wrote, parsed once, in parallel: what
/// a version was is remembered in [`State`], so only new versions are read.
fn parse_versions<'b>(
    commits: &'b [Commit],
    blobs: &HashMap<String, String>,
) -> HashMap<&'b str, Node> {
    commits
        .iter()
        .flat_map(|c| &c.changes)
        .filter_map(|f| f.new.as_deref().map(|b| (b, f.path.as_str())))
        .collect::<HashMap<_, _>>()
        .into_par_iter()
        .filter_map(|(blob, path)| Some((blob, node::parse_revision(path, blobs.get(blob)?)?)))
        .collect()
}

/// Who added a public key to a file.
enum KeyOrigin {
    /// Someone entitled to change the file, at least once.
    Approved,
    /// Only ever someone who was not: the first such commit.
    AddedBy(String),
}

/// The history walked forward, file change by file change.
struct Walk<'a> {
    ws: &'a Workspace,
    people: People,
    names: PrivateNames<'a>,
    dir: &'a Path,
    state: State,
    out: Vec<Diagnostic>,
    /// (file, key) -> whether someone entitled ever added the key to the
    /// file, else who first added it.
    key_origins: HashMap<(String, String), KeyOrigin>,
}

/// One file change of one commit, as its findings describe it.
struct Seen<'c> {
    commit: &'c Commit,
    change: &'c FileChange,
    /// "Name <email> (id)".
    who: String,
    /// The file, as findings name it.
    shown: String,
    /// A coordinator or a trusted address made it.
    office: bool,
    /// The person who made it, by id.
    author: Option<String>,
}

impl Seen<'_> {
    fn finding(&self, code: Code, what: String, help: &str) -> Diagnostic {
        let said = format!(
            "commit {} by {} on {}: {what}",
            self.commit.short(),
            self.who,
            self.commit.date
        );
        Diagnostic::for_path(code, self.shown.clone(), said).help(help)
    }

    /// Whether the author is `mentor` or `mentee` of a pair.
    fn is_member(&self, members: Option<&(String, String)>) -> bool {
        let Some(author) = &self.author else {
            return false;
        };
        members.is_some_and(|(m, e)| {
            m.split(MEMBER_SEPARATOR)
                .chain(e.split(MEMBER_SEPARATOR))
                .any(|member| member == author)
        })
    }
}

impl Walk<'_> {
    /// The commit that creates programme.toml names the coordinators:
    /// nothing before it could, so it is judged by what it says, and it says
    /// who everyone is. Only when it is the one commit in the history that
    /// creates the file: a participant's second root commit must not found
    /// the programme over the real one (`founder`).
    fn founds_the_programme(
        &mut self,
        commit: &Commit,
        founder: Option<&str>,
        trees: &HashMap<&str, Node>,
    ) -> bool {
        if !self.people.coordinators.is_empty() || founder != Some(commit.hash.as_str()) {
            return false;
        }
        let created = commit
            .changes
            .iter()
            .find(|c| c.path == "programme.toml" && c.new.is_some());
        if let Some(tree) = created
            .and_then(|c| c.new.as_deref())
            .and_then(|b| trees.get(b))
        {
            self.people.learn("programme.toml", Some(tree));
        }
        true
    }

    /// What a commit says of who is who, and of the keys values are sealed
    /// to, holds from the next commit on where its author was entitled to
    /// say it: a change the audit reports (A002, A003) grants nothing, and
    /// a key it adds is remembered as added by them.
    fn learn(&mut self, commit: &Commit, founding: bool, versions: &Versions) {
        let trees = versions.trees;
        let office = self.people.is_office(&commit.email);
        let author = self.people.person(&commit.email).map(str::to_string);
        let who = format!(
            "commit {} by {} <{}>",
            commit.short(),
            commit.author,
            commit.email
        );
        let mut entitled: Vec<(&str, Option<&Node>)> = Vec::new();
        for change in &commit.changes {
            let new = change.new.as_deref().and_then(|b| trees.get(b));
            if change.new.is_some() && new.is_none() {
                continue; // a version that does not parse says nothing
            }
            let allowed = match FileKind::of(Path::new(""), Path::new(&change.path)) {
                Some(FileKind::Programme | FileKind::Person(_)) if founding => true,
                Some(FileKind::Programme) => office,
                Some(FileKind::Person(id)) => {
                    office
                        || author.as_deref() == Some(id.as_str())
                        || (change.old.is_none() && self.people.claims(&commit.email, &id, new))
                }
                _ => continue,
            };
            // Judged against the version this commit changed (its first
            // parent's), not the walk's last: branches interleave, and a
            // key must be added by someone entitled somewhere to count as
            // approved; one addition by someone else is remembered until then.
            let old = previous(change, versions);
            let before = listed_keys(&change.path, old.as_ref());
            for key in listed_keys(&change.path, new) {
                if before.contains(&key) {
                    continue;
                }
                let at = (change.path.clone(), key);
                if allowed {
                    self.key_origins.insert(at, KeyOrigin::Approved);
                } else {
                    self.key_origins.entry(at).or_insert_with(|| {
                        KeyOrigin::AddedBy(crate::text::visible(&who).into_owned())
                    });
                }
            }
            if allowed {
                entitled.push((change.path.as_str(), new));
            }
        }
        for (path, new) in entitled {
            self.people.learn(path, new);
        }
    }

    fn change(&mut self, commit: &Commit, change: &FileChange, versions: &Versions) {
        let seen = Seen {
            commit,
            change,
            who: match self.people.person(&commit.email) {
                Some(id) => format!("{} <{}> ({id})", commit.author, commit.email),
                None => format!("{} <{}>", commit.author, commit.email),
            },
            shown: crate::load::display_path(&self.dir.join(&change.path)),
            office: self.people.is_office(&commit.email),
            author: self.people.person(&commit.email).map(str::to_string),
        };
        // A participant who chose the pseudonym key could undo HR's
        // pseudonyms; one who wrote a template or a workflow steers what
        // mentor mails or what CI runs.
        if let Some(what) = coordinators_file(&change.path) {
            if !seen.office {
                self.out.push(seen.finding(
                    Code::OfficeFileChangedByOther,
                    format!("changed {what}, which only the coordinators change"),
                    "check the change with the coordinator and restore the file from git history if nobody asked for it; add the address to `[audit] trusted` if it belongs to someone allowed",
                ));
            }
            return;
        }
        let Some(kind) = FileKind::of(Path::new(""), Path::new(&change.path)) else {
            return;
        };
        let new = change.new.as_deref().and_then(|b| versions.trees.get(b));
        // A file first met in this walk (an audit `--since`): what it was
        // before is its previous version.
        if let Some(old) = change.old.as_deref().and_then(|b| versions.texts.get(b)) {
            self.state.seed(
                &kind,
                &change.path,
                || node::parse_revision(&change.path, old),
                &self.names,
            );
        }
        let old = previous(change, versions);
        self.writers(&seen, &kind, old.as_ref(), new);
        self.approval(&seen, &kind, old.as_ref(), new);
        // A version that does not parse says nothing about meetings, goals
        // or members: the next one that does is compared with the last that
        // did, so a broken version in between hides nothing.
        let erased = seen.office && erasure::moved_by_erasure(commit, change, versions.trees);
        if (change.new.is_none() || new.is_some()) && !erased {
            self.kept(&seen, &kind, new);
        }
        let text = change.new.as_deref().and_then(|b| versions.texts.get(b));
        self.plaintext(&seen, &kind, new, text.map(String::as_str));
    }

    /// A supervisor's approval the mentee wrote themselves: whatever it
    /// says, nothing shows it came from the supervisor (a coordinator
    /// records one with `mentor person approve`, saying how it came).
    fn approval(&mut self, seen: &Seen, kind: &FileKind, old: Option<&Node>, new: Option<&Node>) {
        let FileKind::Person(id) = kind else {
            return;
        };
        if seen.office || seen.author.as_ref() != Some(id) {
            return;
        }
        let approval = |n: Option<&Node>| {
            let mut out = String::new();
            if let Some(table) = n.and_then(|n| field(n, Person::SUPERVISOR_APPROVAL)) {
                canonical(table, &self.names, &mut out);
            }
            out
        };
        let written = approval(new);
        if written.is_empty() || written == approval(old) {
            return;
        }
        self.out.push(seen.finding(
            Code::ApprovalByMentee,
            format!("`{id}` recorded their own supervisor's approval"),
            "ask the supervisor to confirm, and have a coordinator record it with `mentor person approve ID --by SUPERVISOR --via email|form|signed-document`",
        ));
    }

    /// The pair's members, as its latest pair.toml in the walk (or now) says.
    fn members(&self, pair: &str) -> Option<(String, String)> {
        self.state
            .pairs
            .get(pair)
            .map(|(m, e, _)| (m.clone(), e.clone()))
            .or_else(|| {
                self.ws.pair(pair).map(|p| {
                    let mentors: Vec<&str> = p.pair.mentor_ids().collect();
                    let mentees: Vec<&str> = p.pair.mentee_ids().collect();
                    (
                        mentors.join(MEMBER_SEPARATOR),
                        mentees.join(MEMBER_SEPARATOR),
                    )
                })
            })
    }

    /// Who may change the file: its row says.
    fn writers(&mut self, seen: &Seen, kind: &FileKind, old: Option<&Node>, new: Option<&Node>) {
        if seen.office {
            return;
        }
        let finding = match (kind.writers(), kind) {
            (Writers::Coordinators, _) => seen.finding(
                Code::ProgrammeChangedByOther,
                "changed programme.toml, which only the coordinators change".into(),
                "check the change with the coordinator; add the address to `[audit] trusted` if it belongs to someone allowed",
            ),
            (Writers::ThePerson, FileKind::Person(id))
                if seen.author.as_ref() != Some(id)
                    && !(seen.change.old.is_none()
                        && self.people.claims(&seen.commit.email, id, new))
                    && !approved_by_supervisor(&seen.commit.email, old, new) =>
            {
                seen.finding(
                    Code::PersonChangedByOther,
                    format!("changed the profile of `{id}`, who did not make the change"),
                    "a profile is changed by its person or a coordinator; if this address is theirs, add it to their `aliases`",
                )
            }
            (Writers::ThePerson, FileKind::PersonSurveys(id)) if seen.author.as_ref() != Some(id) => {
                seen.finding(
                    Code::PersonChangedByOther,
                    format!("changed the survey answers of `{id}`, who did not make the change"),
                    "a person's own survey answers are changed by them or a coordinator; if this address is theirs, add it to their `aliases`",
                )
            }
            // Founding a pair is the coordinators' act: a participant who
            // makes a folder naming themselves beside others would be sealed
            // into all they write there, and its CODEOWNERS line would be theirs.
            (Writers::PairMembers, FileKind::Pair(file, id))
                if **file == PAIR
                    && seen.change.old.is_none()
                    && !self.state.pairs.contains_key(id)
                    && !self.state.fixed.contains_key(id) =>
            {
                seen.finding(
                    Code::PairChangedByOutsider,
                    format!("created pair `{id}`, which only a coordinator founds"),
                    "a coordinator proposes pairs (`mentor match`, `mentor new pair`); check the pair with them, and if this address is a coordinator's, add it to `[audit] trusted`",
                )
            }
            // A coordinator may create a pair before its members take it over.
            (Writers::PairMembers, FileKind::Pair(_, id))
                if !seen.is_member(self.members(id).as_ref()) =>
            {
                seen.finding(
                    Code::PairChangedByOutsider,
                    format!(
                        "changed `{}` of pair `{id}` without being one of the pair or a coordinator",
                        seen.change.path
                    ),
                    "a pair's files are changed by its mentor, its mentee or a coordinator; if this address is theirs, add it to their `aliases`",
                )
            }
            _ => return,
        };
        self.out.push(finding);
    }

    /// What may never be undone: an active pair's members, a goal, a
    /// committed meeting.
    fn kept(&mut self, seen: &Seen, kind: &FileKind, new: Option<&Node>) {
        let FileKind::Pair(file, id) = kind else {
            return;
        };
        let path = &seen.change.path;
        if **file == PAIR {
            // A proposal's members are the coordinators' to change: a member
            // who adds someone would seal them into the pair's notes to come.
            if let (false, Some(was), Some(new)) = (seen.office, self.state.pairs.get(id), new) {
                let now = members_of(new);
                if !is_started(&was.2) && (was.0 != now.0 || was.1 != now.1) {
                    self.out.push(seen.finding(
                        Code::PairMemberChanged,
                        format!(
                            "changed the members of proposed pair `{id}` from `{} / {}` to `{} / {}`",
                            was.0, was.1, now.0, now.1
                        ),
                        "a proposal's members are changed by a coordinator; ask them, or turn the proposal down (`mentor pair reject`)",
                    ));
                }
            }
            let out = &mut self.out;
            pair_members(&mut self.state, id, new, &mut |what| {
                out.push(seen.finding(Code::PairMemberChanged, what, "a pair's members never change once it is active: close it and start a new pair"));
            });
        } else if **file == GOALS {
            for goal in deleted_goals(&mut self.state, path, new) {
                self.out.push(seen.finding(
                    Code::GoalDeleted,
                    format!("deleted goal `{goal}`"),
                    "set a goal's `status` to `dropped` instead of deleting it: the record of what was planned stays",
                ));
            }
        } else if **file == LOG {
            let by_member = seen.is_member(self.members(id).as_ref());
            let time = Some(seen.commit.time);
            for what in rewritten_meetings(&mut self.state, path, new, time, by_member, &self.names)
            {
                self.out.push(seen.finding(
                    Code::MeetingRewritten,
                    what,
                    "the log is append-only: add a new entry that corrects an old one; the pair may fix its own last entry within 7 days",
                ));
            }
        }
    }

    /// A private value committed in plaintext: reported once per file.
    fn plaintext(&mut self, seen: &Seen, kind: &FileKind, new: Option<&Node>, text: Option<&str>) {
        let path = &seen.change.path;
        if self.state.plaintext.contains(path) {
            return;
        }
        let (fields, how) = match (new, text) {
            (Some(tree), _) => (spots::plaintext_in(tree, kind, &self.names), ""),
            (None, Some(text)) => (
                spots::plaintext_in_text(text, kind, &self.names),
                " (in a version that does not parse)",
            ),
            (None, None) => (Vec::new(), ""),
        };
        if fields.is_empty() {
            return;
        }
        self.state.plaintext.insert(path.clone());
        let what = format!("committed {} in plaintext{how}", fields.join(", "));
        self.out.push(if self.people.seals {
            seen.finding(
                Code::PlaintextInHistory,
                what,
                "sealing it now does not remove it from history: rewrite history (`git filter-repo`, then force-push and have everyone clone again), or accept it and audit from a later commit with `--since`",
            )
        } else {
            seen.finding(
                Code::PlaintextInHistoryUnsealed,
                format!("{what}, when the programme did not seal private values"),
                "readable in history by everyone with the repository, as the programme chose (or had not yet decided); to keep later values out of history, set `seal = true` under [privacy] in programme.toml and run `mentor seal`",
            )
        });
    }
}

/// The version a change replaced, parsed (a version first met in an audit
/// `--since` window is parsed from its text).
fn previous(change: &FileChange, versions: &Versions) -> Option<Node> {
    change.old.as_deref().and_then(|b| {
        versions
            .trees
            .get(b)
            .cloned()
            .or_else(|| node::parse_revision(&change.path, versions.texts.get(b)?))
    })
}

/// A supervisor's approval committed by the supervisor themselves (in the
/// git host's web editor, say): the commit's address is the approval's
/// `by`, the approval is new or changed, and nothing else in the person's
/// file changed. The commit is the evidence, so it is no outsider's change
/// (A002); a supervisor gains no other right over the file by it.
fn approved_by_supervisor(email: &str, old: Option<&Node>, new: Option<&Node>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    let Some(approval) = field(new, Person::SUPERVISOR_APPROVAL) else {
        return false;
    };
    let by = text(field(approval, Approval::BY)).trim().to_lowercase();
    if by.is_empty() || by != email.trim().to_lowercase() {
        return false;
    }
    let changed =
        field(old, Person::SUPERVISOR_APPROVAL).is_none_or(|was| !node::same(was, approval));
    fn others(n: &Node) -> Vec<&(node::Key, Node)> {
        match &n.value {
            Value::Map(entries) => entries
                .iter()
                .filter(|(k, _)| k.name != Person::SUPERVISOR_APPROVAL.name())
                .collect(),
            _ => Vec::new(),
        }
    }
    let (before, after) = (others(old), others(new));
    changed
        && matches!(old.value, Value::Map(_))
        && before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|((k, v), (l, w))| k.name == l.name && node::same(v, w))
}

fn field(node: &Node, field: Field) -> Option<&Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == field.name())
            .map(|(_, v)| v),
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

/// The entries of a list file's list, as its row names it.
fn items<'n>(root: Option<&'n Node>, file: &crate::layout::PairFile) -> &'n [Node] {
    let list = root.zip(file.list()).and_then(|(r, list)| field(r, list));
    match list.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// A meeting's value without its place in the file, private keys left out
/// (sealing and re-sealing them is not a rewrite, and their text is never
/// remembered).
fn canonical(node: &Node, names: &PrivateNames, out: &mut String) {
    let log = FileKind::Pair(&LOG, String::new());
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
    // Seeded from before the walk: a pair already begun is fixed.
    if let Some(seeded) = state.pairs.get(id)
        && is_started(&seeded.2)
    {
        state
            .fixed
            .entry(id.to_string())
            .or_insert_with(|| seeded.clone());
    }
    let Some(new) = new else {
        state.pairs.remove(id);
        return;
    };
    let now = members_of(new);
    // Against the version before (swapping back is a change too) and
    // against the members it began with (a status flip in between, or a
    // deleted and remade file, hides nothing).
    let before = state
        .pairs
        .get(id)
        .filter(|(_, _, status)| is_started(status))
        .cloned();
    let fixed = state.fixed.get(id).cloned();
    for (role, member) in [
        (
            "mentor",
            (|m: &(String, String, String)| m.0.clone()) as fn(&_) -> String,
        ),
        ("mentee", |m: &(String, String, String)| m.1.clone()),
    ] {
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
        state.fixed.insert(id.to_string(), now.clone());
    }
    state.pairs.insert(id.to_string(), now);
}

/// A status a pair has only once it has begun: its members are then fixed.
fn is_started(status: &str) -> bool {
    let status = status.trim().to_ascii_lowercase();
    matches!(status.as_str(), "active" | "closed")
}

/// The public keys a version of `programme.toml` (`[coordinator] keys`) or
/// a person file (`keys`) lists.
fn listed_keys(path: &str, node: Option<&Node>) -> Vec<String> {
    let keys = match FileKind::of(Path::new(""), Path::new(path)) {
        Some(FileKind::Programme) => node
            .and_then(|n| field(n, Programme::COORDINATOR))
            .and_then(|c| field(c, Coordinator::KEYS)),
        Some(FileKind::Person(_)) => node.and_then(|n| field(n, Person::KEYS)),
        _ => None,
    };
    match keys.map(|n| &n.value) {
        Some(Value::Seq(keys)) => keys
            .iter()
            .map(|k| text(Some(k)).trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn deleted_goals(state: &mut State, path: &str, new: Option<&Node>) -> Vec<String> {
    let kept: Vec<String> = items(new, &GOALS)
        .iter()
        .map(|g| text(field(g, Goal::ID)))
        .filter(|i| !i.is_empty())
        .collect();
    let before = state
        .goals
        .insert(path.to_string(), kept.clone())
        .unwrap_or_default();
    before.into_iter().filter(|id| !kept.contains(id)).collect()
}

/// When a rewritten meeting was committed, against the rewriting commit's
/// time `now`: `then` is `None` for a meeting from before the audited range,
/// and a commit whose date git could not read has time 0, which is no day
/// to count from (counting from the epoch gave "20,500 days").
fn committed_when(now: Option<i64>, then: Option<i64>) -> String {
    use crate::text::count;
    let Some(then) = then else {
        return "committed before the audited range".to_string();
    };
    let Some(now) = now.filter(|&now| now != 0 && then != 0) else {
        return "committed in a commit whose date cannot be read".to_string();
    };
    let days = (now - then) / 86_400;
    let in_days = count(days.unsigned_abs(), "day");
    match days {
        0 => "committed the same day".to_string(),
        1.. => format!("committed {in_days} earlier"),
        // Commits dated out of order (a rebase keeps author dates).
        _ => format!("committed in a commit dated {in_days} later"),
    }
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
    let now: Vec<String> = items(new, &LOG)
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
        // An unreadable commit date (0) opens no grace period.
        let age = time
            .zip(*committed)
            .filter(|&(now, then)| now != 0 && then != 0)
            .map(|(now, then)| now - then);
        // A correction dated before the entry it corrects is no correction:
        // a future-dated entry must not open an endless grace period.
        let within = |age: i64| (0..=CORRECTION_DAYS * 86_400).contains(&age);
        if last && by_member && age.is_some_and(within) {
            continue; // corrected (or withdrawn) by the pair within the grace period
        }
        let how = if now.contains(entry) {
            "moved"
        } else if i >= now.len() {
            "deleted"
        } else {
            "rewrote or deleted"
        };
        let when = committed_when(time, *committed);
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

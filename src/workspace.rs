//! All records of one programme, indexed once.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use chrono::NaiveDate;

use crate::model::{
    Feedback, Goal, Meeting, Pair, PairStatus, Person, PersonStatus, Platform, Programme, Role,
};
use crate::source::{FileId, Sources};

/// A person and the id their file name gives them.
#[derive(Clone, Debug)]
pub struct PersonEntry {
    pub id: String,
    pub file: FileId,
    /// Boxed as decoded: moving it inline would copy every person while all
    /// the boxes are still held.
    pub person: Box<Person>,
}

/// A pair folder: the pair record and the files beside it.
#[derive(Clone, Debug)]
pub struct PairEntry {
    pub id: String,
    pub dir: PathBuf,
    pub file: FileId,
    pub pair: Pair,
    pub goals: Vec<Goal>,
    pub meetings: Vec<Meeting>,
    pub feedback: Vec<Feedback>,
    pub assessments: Vec<crate::model::Assessment>,
    /// The concerns log (`concerns.yaml`), oldest entry first.
    pub concerns: Vec<crate::model::ConcernEntry>,
    /// Survey answers (`surveys.yaml`), one entry per question answered.
    pub survey_answers: Vec<crate::model::SurveyAnswer>,
    /// The log or goals file exists but could not be read: it has its own
    /// error, and no knock-on warning ("never met", "no goals") is given.
    pub log_unread: bool,
    pub goals_unread: bool,
}

/// A person's own survey answers (`people/<id>.surveys.yaml`): surveys
/// asked while they were in no pair.
#[derive(Clone, Debug)]
pub struct PersonAnswers {
    /// The person's id, from the file's name.
    pub id: String,
    pub file: FileId,
    pub answers: Vec<crate::model::SurveyAnswer>,
}

/// A CODEOWNERS file the programme holds, as the loader read it.
#[derive(Debug)]
pub struct CodeownersFile {
    /// The host that reads it.
    pub platform: Platform,
    /// Its path, as messages show it.
    pub shown_path: String,
    pub text: String,
}

impl PairEntry {
    /// A pair folder as its pair.toml makes it, before the folder's other
    /// files join it (each as its row of [`crate::layout::PAIR_FILES`] says).
    pub fn new(id: String, dir: PathBuf, file: FileId, pair: Pair) -> Self {
        Self {
            id,
            dir,
            file,
            pair,
            goals: Vec::new(),
            meetings: Vec::new(),
            feedback: Vec::new(),
            assessments: Vec::new(),
            concerns: Vec::new(),
            survey_answers: Vec::new(),
            log_unread: false,
            goals_unread: false,
        }
    }
}

/// A loaded programme: its records, the files they came from, and what was
/// wrong with the files themselves.
#[derive(Debug, Default)]
pub struct Workspace {
    pub root: PathBuf,
    pub sources: Sources,
    pub programme: Option<Programme>,
    pub programme_file: Option<FileId>,
    /// Sorted by id.
    pub people: Vec<PersonEntry>,
    /// Sorted by id.
    pub pairs: Vec<PairEntry>,
    /// People's own survey answers, sorted by id.
    pub person_answers: Vec<PersonAnswers>,
    /// Problems found while reading and decoding files.
    pub load_diagnostics: Vec<Diagnostic>,
    /// CODEOWNERS files the programme holds (`.github/CODEOWNERS`,
    /// `.gitlab/CODEOWNERS`), compared with the generated ones.
    pub codeowners: Vec<CodeownersFile>,
    /// Ids of people and pairs whose files exist but could not be decoded:
    /// references to them are not reported again as dangling.
    pub unreadable: HashSet<String>,
    person_by_id: HashMap<String, usize>,
    person_by_email: HashMap<String, usize>,
    competencies: HashMap<String, usize>,
    pairs_by_mentor: HashMap<usize, Vec<usize>>,
    pairs_by_mentee: HashMap<usize, Vec<usize>>,
}

impl Workspace {
    /// Build the indices. Called once by the loader, after every record is in.
    pub(crate) fn index(&mut self) {
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
        self.pairs.sort_by(|a, b| a.id.cmp(&b.id));
        self.person_answers.sort_by(|a, b| a.id.cmp(&b.id));
        self.person_by_id = self
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        self.person_by_email.clear();
        for (i, p) in self.people.iter().enumerate() {
            if let Some(email) = &p.person.email {
                self.person_by_email
                    .entry(email.trim().to_lowercase())
                    .or_insert(i);
            }
        }
        self.competencies = self
            .programme
            .iter()
            .flat_map(|p| p.competencies.iter().enumerate())
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        self.pairs_by_mentor.clear();
        self.pairs_by_mentee.clear();
        for (i, entry) in self.pairs.iter().enumerate() {
            // A group counts once for each of its mentors and members.
            for mentor in entry.pair.mentor_ids() {
                if let Some(m) = self.person_by_id.get(mentor) {
                    self.pairs_by_mentor.entry(*m).or_default().push(i);
                }
            }
            for mentee in entry.pair.mentee_ids() {
                if let Some(m) = self.person_by_id.get(mentee) {
                    self.pairs_by_mentee.entry(*m).or_default().push(i);
                }
            }
        }
    }

    /// Index of the person with this id.
    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.person_by_id.get(id).copied()
    }

    pub fn person(&self, id: &str) -> Option<&PersonEntry> {
        self.person_index(id).map(|i| &self.people[i])
    }

    /// Person `id`'s name, or the id itself when they have no file: how
    /// messages and pages name someone.
    pub fn name_or_id<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.person.name.as_str())
    }

    /// The survey answers person `id` gave outside any pair (their own file).
    pub fn own_answers(&self, id: &str) -> &[crate::model::SurveyAnswer] {
        self.person_answers
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .map_or(&[], |i| &self.person_answers[i].answers)
    }

    /// A loaded file's path relative to the programme, with `/` separators
    /// (`pairs/x/log.yaml`), wherever mentor ran from: a source's `display`
    /// starts with the folder the user named, so it cannot say which record
    /// a file belongs to (`history::belongs`).
    pub fn relative_path(&self, file: crate::source::FileId) -> Option<String> {
        let relative = self.sources.path_of(file)?.strip_prefix(&self.root).ok()?;
        let parts: Vec<&str> = relative
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        Some(parts.join("/"))
    }

    /// A person named by id or by email (emails compare case-insensitively).
    pub fn resolve_person(&self, id_or_email: &str) -> Option<usize> {
        self.person_index(id_or_email).or_else(|| {
            self.person_by_email
                .get(&id_or_email.trim().to_lowercase())
                .copied()
        })
    }

    /// Index of a competency in the programme's list.
    pub fn competency(&self, id: &str) -> Option<usize> {
        self.competencies.get(id).copied()
    }

    pub fn competency_ids(&self) -> impl Iterator<Item = &str> {
        self.programme
            .iter()
            .flat_map(|p| p.competencies.iter().map(|c| c.id.as_str()))
    }

    /// The pairs (and groups) person `id` is in, any side, by id: a person
    /// whose file did not load still has theirs.
    pub fn pairs_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a PairEntry> + 'a {
        self.pairs.iter().filter(move |p| p.pair.has_member(id))
    }

    /// Pairs (indices into `pairs`) in which this person is the mentor.
    pub fn pairs_as_mentor(&self, person: usize) -> &[usize] {
        self.pairs_by_mentor.get(&person).map_or(&[], Vec::as_slice)
    }

    /// Pairs (indices into `pairs`) in which this person is the mentee.
    pub fn pairs_as_mentee(&self, person: usize) -> &[usize] {
        self.pairs_by_mentee.get(&person).map_or(&[], Vec::as_slice)
    }

    /// The person's line manager, when it is a participant.
    pub fn manager_of(&self, person: usize) -> Option<usize> {
        self.people[person]
            .person
            .manager
            .as_deref()
            .and_then(|m| self.resolve_person(m))
    }

    /// The people above `person` in the management chain, nearest first.
    /// Stops at a cycle; the flag says whether one was found.
    pub fn management_chain(&self, person: usize) -> (Vec<usize>, bool) {
        let mut chain = Vec::new();
        let mut seen = HashSet::from([person]);
        let mut current = person;
        while let Some(manager) = self.manager_of(current) {
            if !seen.insert(manager) {
                return (chain, true);
            }
            chain.push(manager);
            current = manager;
        }
        (chain, false)
    }

    /// A person's mentee capacity: their own, else the programme default.
    pub fn capacity_of(&self, person: usize) -> u32 {
        self.people[person]
            .person
            .capacity
            .unwrap_or_else(|| Programme::default_capacity(self.programme.as_ref()))
    }

    /// How many pairs with one of these statuses a mentor has, as the files
    /// stand (the written `status`: what `validate` and `match` work on).
    pub fn mentor_load(&self, person: usize, statuses: &[PairStatus]) -> usize {
        self.pairs_as_mentor(person)
            .iter()
            .filter(|&&p| statuses.contains(&self.pairs[p].pair.status))
            .count()
    }

    /// How many pairs a mentor had in one of these statuses on `day`
    /// ([`Pair::status_on`]): what the report counts.
    pub fn mentor_load_on(&self, person: usize, statuses: &[PairStatus], day: NaiveDate) -> usize {
        self.pairs_as_mentor(person)
            .iter()
            .filter(|&&p| {
                self.pairs[p]
                    .pair
                    .status_on(day)
                    .is_some_and(|s| statuses.contains(&s))
            })
            .count()
    }

    /// The pair with this id.
    pub fn pair(&self, id: &str) -> Option<&PairEntry> {
        self.pairs
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.pairs[i])
    }
}

/// Who is waiting for a mentor: one definition for the report, the
/// indicators and `match`.
impl Workspace {
    /// A mentee who has applied or is active and has no active or proposed
    /// pair, as the files stand, dated changes to come included: whom
    /// `match` pairs (in a peer programme, only people with role `both`).
    pub fn is_waiting(&self, person: usize) -> bool {
        self.waits(person, NaiveDate::MAX)
    }

    /// Whether the mentee was waiting on `day`: applied by then (or
    /// undated), with no pair proposed or running on that day. A withdrawal
    /// has no date, so a withdrawn person never counts; a completed one
    /// counts only before their last pair closed.
    ///
    /// Nobody waits once the programme has ended: there is no mentor left
    /// to wait for.
    pub fn is_waiting_on(&self, person: usize, day: NaiveDate) -> bool {
        self.programme.as_ref().is_none_or(|p| day <= p.end) && self.waits(person, day)
    }

    /// [`Self::is_waiting_on`], whenever `day` falls.
    fn waits(&self, person: usize, day: NaiveDate) -> bool {
        let p = &self.people[person].person;
        let peer = self.programme.as_ref().is_some_and(Programme::is_peer);
        let mentee_side = if peer {
            p.role == Role::Both
        } else {
            p.can_be_mentored()
        };
        let pairs = self.pairs_as_mentee(person);
        let in_programme = match p.status() {
            PersonStatus::Applied | PersonStatus::Active => true,
            PersonStatus::Withdrawn => false,
            PersonStatus::Completed => pairs.iter().any(|&i| {
                self.pairs[i]
                    .pair
                    .closure
                    .as_ref()
                    .is_some_and(|c| c.date > day)
            }),
        };
        // A mentee whose last pair ran its course has finished, unless they
        // applied again (`mentor pair close --rematch`).
        let finished = p.status() != PersonStatus::Applied
            && pairs
                .iter()
                .filter_map(|&i| self.pairs[i].pair.closure.as_ref())
                .filter(|c| c.date <= day)
                .max_by_key(|c| c.date)
                .is_some_and(|c| !c.reason.is_premature());
        mentee_side
            && in_programme
            && !finished
            && p.applied_on.is_none_or(|d| d <= day)
            && !pairs.iter().any(|&i| self.pairs[i].pair.is_open_on(day))
    }

    /// When a mentee waiting on `day` started waiting: their application,
    /// or the close of their last pair by then if that came later (a
    /// re-match waits from then).
    pub fn waiting_since(&self, person: usize, day: NaiveDate) -> Option<NaiveDate> {
        let last_closure = self
            .pairs_as_mentee(person)
            .iter()
            .filter_map(|&i| self.pairs[i].pair.closure.as_ref().map(|c| c.date))
            .filter(|&closed| closed <= day)
            .max();
        match (self.people[person].person.applied_on, last_closure) {
            (Some(a), Some(c)) => Some(a.max(c)),
            (a, c) => a.or(c),
        }
    }
}

//! Proposing mentor-mentee pairs: who is matched, which pairs are never
//! allowed, how candidates score, and the exact optimum.

pub mod choice;
pub mod explain;
pub mod groups;
pub mod intake;
pub mod profile;
pub mod rules;
pub mod score;
pub mod shortlist;
pub mod solver;
pub mod stable;
pub mod supply;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::model::{MatchingMode, PairStatus, PersonStatus, Programme};
use crate::workspace::Workspace;
use rules::{Exclusion, RuleContext};
use score::{RowScore, Score, ScoreRules, score};
use solver::{Objective, Problem};

/// How a match run is set up.
#[derive(Clone, Copy, Debug)]
pub struct MatchOptions {
    pub objective: Objective,
    pub allow_repeat: bool,
    pub as_of: NaiveDate,
    /// Leave a mentee unmatched rather than propose a pair scoring below
    /// this (`--min-score`, else `[matching] min_score`)...
    pub min_score: u8,
    /// ... unless weak pairs are allowed (`--allow-weak`): then they are
    /// proposed, and marked weak.
    pub allow_weak: bool,
    /// Match one intake (its place in `[[intakes]]`): its mentees and those
    /// carried over from earlier ones, with priority; `None`: everyone waiting.
    pub intake: Option<usize>,
    /// The weighted optimum, or a stable assignment (`--mode`, else
    /// `[matching] mode`).
    pub mode: MatchingMode,
    /// Form groups instead of pairs (a group programme, or `--groups`):
    /// see [`groups`].
    pub groups: bool,
}

impl MatchOptions {
    /// How `mentor match` runs with no options: everyone waiting, the most
    /// mentees matched, the programme's minimum score, mode and kind (a
    /// group programme forms groups). Options are set over these.
    pub fn programme_defaults(ws: &Workspace, as_of: NaiveDate) -> Self {
        let programme = ws.programme.as_ref();
        Self {
            objective: Objective::MatchedThenWeight,
            allow_repeat: false,
            as_of,
            min_score: Programme::min_score(programme),
            allow_weak: false,
            intake: None,
            mode: Programme::matching_mode(programme),
            groups: programme.is_some_and(Programme::is_group),
        }
    }

    /// The programme's scoring, with the floor below which no pair is
    /// proposed: none when weak pairs are allowed.
    pub fn score_rules(&self, ws: &Workspace) -> ScoreRules {
        let floor = if self.allow_weak { 0 } else { self.min_score };
        ScoreRules::from_programme(ws.programme.as_ref()).with_min_score(floor)
    }
}

/// Why a mentor is not offered to anyone in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unavailable {
    /// Status is not `active`.
    NotActive,
    /// Training is required and the mentor has none (yet).
    Untrained,
    /// Every place is taken by active or proposed pairs.
    AtCapacity,
    /// Places are left, but the hours a month the mentor offered are taken
    /// by their active and proposed pairs.
    FullByHours,
}

impl Unavailable {
    pub fn name(self) -> &'static str {
        match self {
            Self::NotActive => "not-active",
            Self::Untrained => "untrained",
            Self::AtCapacity => "at-capacity",
            Self::FullByHours => "full-by-hours",
        }
    }
}

/// A person who could mentor, and whether they can take someone now.
#[derive(Clone, Debug)]
pub struct MentorSeat {
    pub person: usize,
    pub capacity: u32,
    /// How many pairs the hours a month they offered cover, when they
    /// offered some ([`Programme::pair_minutes_per_month`] each).
    pub hours_places: Option<u32>,
    pub load: u32,
    pub unavailable: Option<Unavailable>,
    /// When forming groups: the places of the one new group the mentor
    /// offers ([`groups::open_group_places`]).
    pub group_places: Option<u32>,
}

impl MentorSeat {
    /// Places left: under both the capacity and the hours offered, or a
    /// new group's places when forming groups.
    pub fn free(&self) -> u32 {
        if let Some(places) = self.group_places {
            return places;
        }
        self.capacity
            .min(self.hours_places.unwrap_or(u32::MAX))
            .saturating_sub(self.load)
    }
}

/// Who takes part in a match run.
#[derive(Clone, Debug)]
pub struct Pools {
    /// Mentees waiting for a mentor, by id.
    pub mentees: Vec<usize>,
    /// Waiting mentees who cannot be matched yet, with the reason.
    pub on_hold: Vec<(usize, String)>,
    /// Everyone who can mentor, by id; those with `unavailable` unset take part.
    pub mentors: Vec<MentorSeat>,
    /// In an intake's match, the mentees waiting from earlier intakes, in
    /// person order (as `mentees`).
    pub carried_over: Vec<intake::CarriedOver>,
}

impl Pools {
    pub fn available_mentors(&self) -> impl Iterator<Item = &MentorSeat> {
        self.mentors.iter().filter(|m| m.unavailable.is_none())
    }
}

pub fn pools(ws: &Workspace, as_of: NaiveDate) -> Pools {
    let programme = ws.programme.as_ref();
    let peer = programme.is_some_and(Programme::is_peer);
    let training_required = programme.is_some_and(Programme::training_required);
    let approval_required = programme.is_some_and(Programme::supervisor_approval_required);
    let open = [PairStatus::Active, PairStatus::Proposed];
    let pair_minutes = Programme::pair_minutes_per_month(programme);

    let mut mentees = Vec::new();
    let mut on_hold = Vec::new();
    let mut mentors = Vec::new();
    for (index, entry) in ws.people.iter().enumerate() {
        let person = &entry.person;
        let mentor_side = if peer {
            person.role == crate::model::Role::Both
        } else {
            person.can_mentor()
        };
        if ws.is_waiting(index) {
            if approval_required && person.supervisor_approval.is_none() {
                on_hold.push((
                    index,
                    "needs written supervisor approval before matching".to_string(),
                ));
            } else {
                mentees.push(index);
            }
        }
        if mentor_side {
            let capacity = ws.capacity_of(index);
            let load = u32::try_from(ws.mentor_load(index, &open)).unwrap_or(u32::MAX);
            let hours_places = person
                .hours_per_month
                .map(|hours| hours.saturating_mul(60) / pair_minutes);
            let unavailable = if person.status() != PersonStatus::Active {
                Some(Unavailable::NotActive)
            } else if training_required && person.trained_on.is_none_or(|d| d > as_of) {
                Some(Unavailable::Untrained)
            } else if load >= capacity {
                Some(Unavailable::AtCapacity)
            } else if hours_places.is_some_and(|places| load >= places) {
                Some(Unavailable::FullByHours)
            } else {
                None
            };
            mentors.push(MentorSeat {
                person: index,
                capacity,
                hours_places,
                load,
                unavailable,
                group_places: None,
            });
        }
    }
    Pools {
        mentees,
        on_hold,
        mentors,
        carried_over: Vec::new(),
    }
}

/// A proposed pair.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub mentee: usize,
    pub mentor: usize,
    pub score: Score,
}

/// A waiting mentee left without a proposal, and why.
#[derive(Clone, Debug)]
pub struct Unmatched {
    pub mentee: usize,
    pub reason: String,
}

/// The result of a match run.
#[derive(Clone, Debug)]
pub struct Plan {
    pub pools: Pools,
    pub proposals: Vec<Proposal>,
    pub unmatched: Vec<Unmatched>,
    /// A proposal scoring below this is weak (made only with `--allow-weak`).
    pub min_score: u8,
    /// What the mode chosen gives up against the other one.
    pub choice: choice::Comparison,
}

impl Proposal {
    /// Below the plan's minimum score: proposed only because weak pairs were allowed.
    pub fn is_weak(&self, plan: &Plan) -> bool {
        self.score.total < plan.min_score
    }
}

impl Plan {
    /// Whether the run forms groups: its mentors offer group places.
    pub fn forms_groups(&self) -> bool {
        self.pools.mentors.iter().any(|s| s.group_places.is_some())
    }

    pub fn total_score(&self) -> u64 {
        self.proposals
            .iter()
            .map(|p| u64::from(p.score.total))
            .sum()
    }
}

/// One mentor as seen from one mentee.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub mentor: usize,
    pub verdict: Verdict,
}

#[derive(Clone, Debug)]
pub enum Verdict {
    /// May be proposed.
    Allowed(Score),
    /// Would be allowed but cannot take anyone now.
    Unavailable(Unavailable, Score),
    /// Allowed by every rule, but scores below the minimum: not proposed
    /// unless weak pairs are allowed ([`Exclusion::BelowMinimumScore`]).
    Weak(Score),
    /// Never proposed.
    Forbidden(Exclusion),
}

/// Every mentor for one mentee: allowed ones by score (best first, then id),
/// then unavailable, then those under the minimum score, then forbidden ones.
pub fn candidates(
    ws: &Workspace,
    pools: &Pools,
    rules: &RuleContext,
    score_rules: &ScoreRules,
    mentee: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = pools
        .mentors
        .iter()
        .map(|seat| {
            let verdict = match rules.exclusion(mentee, seat.person) {
                Some(rule) => Verdict::Forbidden(rule),
                None => {
                    let s = score(ws, &rules.profiles, score_rules, mentee, seat.person);
                    match seat.unavailable {
                        _ if s.total < score_rules.min_score => Verdict::Weak(s),
                        Some(why) => Verdict::Unavailable(why, s),
                        None => Verdict::Allowed(s),
                    }
                }
            };
            Candidate {
                mentor: seat.person,
                verdict,
            }
        })
        .collect();
    let rank = |c: &Candidate| match &c.verdict {
        Verdict::Allowed(s) => (0, 100 - i32::from(s.total)),
        Verdict::Unavailable(_, s) => (1, 100 - i32::from(s.total)),
        Verdict::Weak(s) => (2, 100 - i32::from(s.total)),
        Verdict::Forbidden(_) => (3, 0),
    };
    out.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| ws.people[a.mentor].id.cmp(&ws.people[b.mentor].id))
    });
    out
}

/// Propose pairs for every waiting mentee.
/// The matrix the solver sees for these options: waiting mentees by mentors
/// with free places (for benchmarks and audits of the solver alone).
pub fn problem(ws: &Workspace, options: &MatchOptions) -> Problem {
    let pools = pools_for(ws, options);
    let rules = RuleContext::new(ws, options.allow_repeat);
    let seats: Vec<&MentorSeat> = pools.available_mentors().collect();
    matrix(&pools, &rules, &options.score_rules(ws), &seats).0
}

/// Every (mentee, mentor) cell: the hard rules, then the score; and for
/// each mentee, how many mentors each rule excluded.
fn matrix(
    pools: &Pools,
    rules: &RuleContext,
    score_rules: &ScoreRules,
    seats: &[&MentorSeat],
) -> (Problem, Vec<BTreeMap<Exclusion, usize>>) {
    let mut problem = Problem::new(
        pools.mentees.len(),
        seats.iter().map(|s| s.free()).collect(),
    );
    // Rows are independent, so they are filled on every core.
    let exclusions = problem.fill_rows(|r, row| {
        let mentee = pools.mentees[r];
        let scores = RowScore::new(&rules.profiles, score_rules, mentee);
        let rules_of_row = rules.row(mentee);
        // Carry-over weighs in the objective, never in the rules or the floor.
        let priority = pools.priority(mentee);
        // Counted in an array (millions of cells), turned into a map per row.
        let mut counts = [0usize; Exclusion::ALL.len()];
        for (cell, seat) in row.iter_mut().zip(seats) {
            let rule = rules_of_row.exclusion(seat.person).or_else(|| {
                let score = scores.total(seat.person);
                *cell = score.saturating_add(priority);
                (score < score_rules.min_score).then_some(Exclusion::BelowMinimumScore)
            });
            if let Some(rule) = rule {
                *cell = solver::FORBIDDEN;
                counts[rule as usize] += 1;
            }
        }
        Exclusion::ALL
            .into_iter()
            .zip(counts)
            .filter(|&(_, n)| n > 0)
            .collect::<BTreeMap<_, _>>()
    });
    (problem, exclusions)
}

/// The pools of a run: with each mentor's new group's places when forming groups.
pub(crate) fn pools_for(ws: &Workspace, options: &MatchOptions) -> Pools {
    run_pools(ws, options.as_of, options.intake, options.groups)
}

/// Who takes part in a run (everyone waiting, or an intake's round), and
/// each mentor's places: a new group's places when forming `groups`. The
/// one place `match`, its shortlists and `supply` count seats from.
pub fn run_pools(ws: &Workspace, as_of: NaiveDate, intake: Option<usize>, groups: bool) -> Pools {
    let mut pools = intake::round_pools(ws, as_of, intake);
    if groups {
        groups::open_group_places(ws, &mut pools);
    }
    pools
}

pub fn plan(ws: &Workspace, options: &MatchOptions) -> Plan {
    let pools = pools_for(ws, options);
    let rules = RuleContext::new(ws, options.allow_repeat);
    let score_rules = options.score_rules(ws);
    let seats: Vec<&MentorSeat> = pools.available_mentors().collect();
    let (problem, exclusions) = matrix(&pools, &rules, &score_rules, &seats);

    let compared = choice::compare(ws, &pools, &rules, &seats, &problem, options);
    let assignment = compared.assignment;
    // For each competency: how many mentors cover it, and how many of those
    // can take someone now. Computed once for every unmatched mentee's reason.
    let mut coverage: HashMap<&str, (usize, usize)> = HashMap::new();
    for seat in &pools.mentors {
        for area in &ws.people[seat.person].person.expertise {
            let entry = coverage.entry(area.as_str()).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += usize::from(seat.unavailable.is_none());
        }
    }
    let mut proposals = Vec::new();
    let mut unmatched = Vec::new();
    for (r, column) in assignment.iter().enumerate() {
        let mentee = pools.mentees[r];
        match column {
            Some(c) => proposals.push(Proposal {
                mentee,
                mentor: seats[*c].person,
                score: score(ws, &rules.profiles, &score_rules, mentee, seats[*c].person),
            }),
            None => unmatched.push(Unmatched {
                mentee,
                reason: unmatched_reason(
                    ws,
                    &pools,
                    &problem,
                    r,
                    &exclusions[r],
                    compared.taken_elsewhere,
                    &coverage,
                ),
            }),
        }
    }
    for (mentee, reason) in &pools.on_hold {
        unmatched.push(Unmatched {
            mentee: *mentee,
            reason: reason.clone(),
        });
    }
    unmatched.sort_by(|a, b| ws.people[a.mentee].id.cmp(&ws.people[b.mentee].id));
    Plan {
        pools,
        proposals,
        unmatched,
        min_score: options.min_score,
        choice: compared.comparison,
    }
}

fn unmatched_reason(
    ws: &Workspace,
    pools: &Pools,
    problem: &Problem,
    row: usize,
    excluded: &BTreeMap<Exclusion, usize>,
    taken_elsewhere: &str,
    coverage: &HashMap<&str, (usize, usize)>,
) -> String {
    let available = problem.cols();
    let allowed = (0..available)
        .filter(|&c| problem.weight(row, c).is_some())
        .count();
    let mut reason = if available == 0 {
        "no mentor has a free place".to_string()
    } else if allowed == 0 {
        let rules: Vec<String> = excluded
            .iter()
            .map(|(rule, n)| format!("{n} {}", rule.describe()))
            .collect();
        let weak = if excluded.contains_key(&Exclusion::BelowMinimumScore) {
            "; `--allow-weak` proposes the best of the weak ones, marked weak"
        } else {
            ""
        };
        format!(
            "all {available} available mentors are ruled out: {}{weak}",
            rules.join(", ")
        )
    } else {
        format!(
            "the {} who could take them {} proposed for others; {taken_elsewhere}",
            crate::text::count(allowed, "mentor"),
            if allowed == 1 { "is" } else { "are" }
        )
    };
    let mentee = &ws.people[pools.mentees[row]].person;
    for need in &mentee.needs {
        match coverage.get(need.as_str()).copied().unwrap_or((0, 0)) {
            (0, _) => reason.push_str(&format!("; no mentor covers `{need}`")),
            (covering, 0) => reason.push_str(&format!(
                "; {} `{need}`, none can take a mentee now",
                crate::text::count(covering, "mentor covers|mentors cover")
            )),
            _ => {}
        }
    }
    reason
}

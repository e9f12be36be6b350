//! Supply and demand per competency, before and after matching: how many
//! waiting mentees need each competency against the mentors who offer it
//! and those who can take someone now (the seats `match` uses, with their
//! capacity and hours rules), and, once pairs are proposed, which needs
//! their proposed mentor does not cover.

use chrono::NaiveDate;

use crate::matching::intake::in_round;
use crate::matching::run_pools;
use crate::matching::{MentorSeat, Unavailable};
use crate::model::PairStatus;
use crate::workspace::Workspace;

/// One competency's balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Balance {
    /// The competency's id and name.
    pub competency: String,
    pub name: String,
    /// Waiting mentees (of the run) who need it, by person index.
    pub needing: Vec<usize>,
    /// Active mentors who offer it as expertise (trained or not, full or not).
    pub offering: usize,
    /// Of those, the ones `match` would offer someone now.
    pub with_room: usize,
    /// Their free places, under capacity and hours offered.
    pub free_places: u32,
}

impl Balance {
    /// Mentees needing it beyond the free places of mentors offering it:
    /// a shortfall when positive, spare places when negative.
    pub fn gap(&self) -> i64 {
        self.needing.len() as i64 - i64::from(self.free_places)
    }
}

/// The whole run, counted once per person (a mentor offering three
/// competencies is one mentor, their places counted once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub waiting: usize,
    pub mentors: usize,
    pub with_room: usize,
    pub free_places: u32,
}

impl Totals {
    /// Waiting mentees beyond every free place.
    pub fn gap(&self) -> i64 {
        self.waiting as i64 - i64::from(self.free_places)
    }
}

/// A need left unmet after matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmet {
    pub competency: String,
    pub name: String,
    /// Mentees in a proposed pair whose mentor does not offer it.
    pub proposed: Vec<usize>,
    /// Mentees still waiting (no pair proposed) who need it.
    pub waiting: Vec<usize>,
}

impl Unmet {
    /// Every mentee the need is unmet for: proposed ones, then waiting ones.
    pub fn mentees(&self) -> Vec<usize> {
        [self.proposed.as_slice(), self.waiting.as_slice()].concat()
    }
}

/// Supply and demand for one run (everyone waiting, or an intake's mentees
/// and those carried over).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Supply {
    /// Worst shortfall first, then by competency id.
    pub balances: Vec<Balance>,
    pub totals: Totals,
    /// Carried-over mentees among the waiting.
    pub carried_over: usize,
    /// Waiting mentees whose `needs` is sealed (not counted: `supply` opens
    /// no sealed value).
    pub sealed_needs: usize,
    /// Once pairs are proposed: per competency with an unmet need, worst first.
    pub unmet: Option<Vec<Unmet>>,
}

/// Whether the seat offers supply at all: an active mentor.
fn active(seat: &MentorSeat) -> bool {
    seat.unavailable != Some(Unavailable::NotActive)
}

pub fn supply(ws: &Workspace, as_of: NaiveDate, intake: Option<usize>) -> Supply {
    // A group programme's mentor offers a new group's places, as `match`
    // counts them.
    let groups = ws
        .programme
        .as_ref()
        .is_some_and(crate::model::Programme::is_group);
    let pools = run_pools(ws, as_of, intake, groups);
    let competencies = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.competencies.as_slice());
    let waiting: Vec<usize> = pools
        .mentees
        .iter()
        .chain(pools.on_hold.iter().map(|(m, _)| m))
        .copied()
        .collect();
    let needs = |mentee: usize| &ws.people[mentee].person.needs;
    let offers = |seat: &&MentorSeat, id: &str| {
        ws.people[seat.person]
            .person
            .expertise
            .iter()
            .any(|e| e == id)
    };
    let mut balances: Vec<Balance> = competencies
        .iter()
        .map(|c| {
            let offering: Vec<&MentorSeat> = pools
                .mentors
                .iter()
                .filter(|s| active(s))
                .filter(|s| offers(s, &c.id))
                .collect();
            let room: Vec<&&MentorSeat> = offering
                .iter()
                .filter(|s| s.unavailable.is_none())
                .collect();
            Balance {
                competency: c.id.clone(),
                name: c.name.clone(),
                needing: waiting
                    .iter()
                    .copied()
                    .filter(|&m| needs(m).contains(&c.id))
                    .collect(),
                offering: offering.len(),
                with_room: room.len(),
                free_places: room.iter().map(|s| s.free()).sum(),
            }
        })
        .collect();
    balances.sort_by(|a, b| b.gap().cmp(&a.gap()).then(a.competency.cmp(&b.competency)));
    let available: Vec<&MentorSeat> = pools.available_mentors().collect();
    Supply {
        totals: Totals {
            waiting: waiting.len(),
            mentors: pools.mentors.iter().filter(|s| active(s)).count(),
            with_room: available.len(),
            free_places: available.iter().map(|s| s.free()).sum(),
        },
        carried_over: pools.carried_over.len(),
        sealed_needs: waiting
            .iter()
            .filter(|&&m| ws.people[m].person.at.sealed("needs").is_some())
            .count(),
        unmet: unmet(ws, competencies, &waiting, intake),
        balances,
    }
}

/// Needs left unmet once pairs are proposed; `None` before any is.
fn unmet(
    ws: &Workspace,
    competencies: &[crate::model::Competency],
    waiting: &[usize],
    intake: Option<usize>,
) -> Option<Vec<Unmet>> {
    // Proposed pairs of the run's mentees: in an intake's run, of those who
    // applied in it or earlier.
    let in_run = |mentee: usize| match (intake, ws.programme.as_ref()) {
        (Some(intake), Some(programme)) => in_round(
            programme,
            intake,
            ws.people[mentee].person.intake.as_deref(),
        ),
        _ => true,
    };
    let proposed: Vec<(usize, usize)> = ws
        .pairs
        .iter()
        .filter(|p| p.pair.status == PairStatus::Proposed)
        .flat_map(|p| {
            // A proposed group: each member against the group's mentor.
            let mentor = ws.person_index(&p.pair.mentor);
            p.pair
                .mentee_ids()
                .filter_map(move |mentee| Some((ws.person_index(mentee)?, mentor?)))
        })
        .filter(|&(mentee, _)| in_run(mentee))
        .collect();
    if proposed.is_empty() {
        return None;
    }
    let has = |person: usize, list: fn(&crate::model::Person) -> &Vec<String>, id: &str| {
        list(&ws.people[person].person).iter().any(|c| c == id)
    };
    let mut rows: Vec<Unmet> = competencies
        .iter()
        .map(|c| Unmet {
            competency: c.id.clone(),
            name: c.name.clone(),
            proposed: proposed
                .iter()
                .filter(|&&(mentee, mentor)| {
                    has(mentee, |p| &p.needs, &c.id) && !has(mentor, |p| &p.expertise, &c.id)
                })
                .map(|&(mentee, _)| mentee)
                .collect(),
            waiting: waiting
                .iter()
                .copied()
                .filter(|&m| has(m, |p| &p.needs, &c.id))
                .collect(),
        })
        .filter(|u| !u.proposed.is_empty() || !u.waiting.is_empty())
        .collect();
    rows.sort_by(|a, b| {
        (b.proposed.len() + b.waiting.len())
            .cmp(&(a.proposed.len() + a.waiting.len()))
            .then(a.competency.cmp(&b.competency))
    });
    Some(rows)
}

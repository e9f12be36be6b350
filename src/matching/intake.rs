//! Matching in rounds: an intake's match takes the mentees who applied in
//! it and everyone still waiting from earlier intakes, and gives the
//! latter priority.
//!
//! How the priority enters the objective: every allowed cell of a
//! carried-over mentee's row weighs their match score plus `[matching]
//! carry_over` points (the minimum score and the hard rules are judged on
//! the score alone, so no rule or floor is ever bent). A constant added to
//! a whole row does not change which mentor the row prefers; it adds
//! `carry_over` to the objective for each carried-over mentee matched. So
//! the solver maximises, exactly, `sum of matched scores + carry_over x
//! (carried-over mentees matched)`: under `--objective count` first the
//! number matched (which the priority cannot change), then that sum. A
//! carried-over mentee takes a scarce place from a newer one unless the
//! newer one's score with it is higher by more than `carry_over`.

use chrono::NaiveDate;

use crate::matching::solver::{Problem, value};
use crate::matching::{Pools, pools};
use crate::model::Programme;
use crate::workspace::Workspace;

/// A mentee in an intake's match who applied in an earlier intake and is
/// still waiting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarriedOver {
    /// The mentee, by person index.
    pub mentee: usize,
    /// The intake they applied in, by its place in `[[intakes]]`.
    pub from: usize,
    /// The points added to each of their candidates' weights.
    pub points: u8,
}

/// Where a waiting mentee stands in an intake's match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// Applied in this intake.
    Current,
    /// Applied in an earlier intake (this index) and still waits.
    Earlier(usize),
    /// Applied in a later intake, in none, or in one the programme does not
    /// declare: not in this match.
    Outside,
}

fn standing(programme: &Programme, intake: usize, person_intake: Option<&str>) -> Standing {
    let Some(theirs) = person_intake.and_then(|id| programme.intake_index(id)) else {
        return Standing::Outside;
    };
    let opens = |i: usize| programme.intakes[i].applications_from;
    if theirs == intake {
        Standing::Current
    } else if opens(theirs) < opens(intake) {
        Standing::Earlier(theirs)
    } else {
        Standing::Outside
    }
}

/// Whether a mentee of `person_intake` belongs in `intake`'s run: they
/// applied in it, or in an earlier one.
pub fn in_round(programme: &Programme, intake: usize, person_intake: Option<&str>) -> bool {
    standing(programme, intake, person_intake) != Standing::Outside
}

/// Who takes part in a match run: everyone waiting, or, for an intake
/// (its index in `[[intakes]]`), its mentees and those carried over.
pub fn round_pools(ws: &Workspace, as_of: NaiveDate, intake: Option<usize>) -> Pools {
    let mut all = pools(ws, as_of);
    let (Some(intake), Some(programme)) = (intake, ws.programme.as_ref()) else {
        return all;
    };
    let points = Programme::carry_over(Some(programme));
    let standing_of = |mentee: usize| {
        standing(
            programme,
            intake,
            ws.people[mentee].person.intake.as_deref(),
        )
    };
    all.mentees.retain(|&m| standing_of(m) != Standing::Outside);
    all.on_hold
        .retain(|(m, _)| standing_of(*m) != Standing::Outside);
    all.carried_over = all
        .mentees
        .iter()
        .filter_map(|&mentee| match standing_of(mentee) {
            Standing::Earlier(from) => Some(CarriedOver {
                mentee,
                from,
                points,
            }),
            _ => None,
        })
        .collect();
    all
}

impl Pools {
    /// The mentee's carry-over, when they are carried over into this run.
    pub fn carried_over(&self, mentee: usize) -> Option<&CarriedOver> {
        // In person order, as the mentees are: asked once per matrix row.
        self.carried_over
            .binary_search_by_key(&mentee, |c| c.mentee)
            .ok()
            .map(|i| &self.carried_over[i])
    }

    /// Points added to the mentee's candidates: their carry-over, else 0.
    pub fn priority(&self, mentee: usize) -> u8 {
        self.carried_over(mentee).map_or(0, |c| c.points)
    }
}

impl Pools {
    /// How many of this run's mentees an assignment of its matrix matches,
    /// and their total match score: the solver's weights less the priority
    /// of the carried-over mentees matched, so a cost told to the
    /// coordinator is in score points alone.
    pub fn matched_and_score(
        &self,
        problem: &Problem,
        assignment: &[Option<usize>],
    ) -> (usize, u64) {
        let (matched, weight) = value(problem, assignment);
        let priority: u64 = assignment
            .iter()
            .zip(&self.mentees)
            .filter(|(column, _)| column.is_some())
            .map(|(_, &mentee)| u64::from(self.priority(mentee)))
            .sum();
        (matched, weight.saturating_sub(priority))
    }
}

/// The intake whose applications are open on `day`, if any: `match`
/// without `--intake` on such a day notes that the round is still open.
pub fn open_on(programme: &Programme, day: NaiveDate) -> Option<&crate::model::Intake> {
    programme
        .intakes
        .iter()
        .find(|i| i.takes_applications_on(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{MatchOptions, plan};

    /// One mentor with one place, and two mentees who need what the mentor
    /// offers and are otherwise alike: `zoe` applied in September and
    /// still waits, `amy` applied in January. `matching` is appended to
    /// the programme; `zoe_extra` to Zoe's file.
    fn programme(matching: &str, zoe_extra: &str) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(path, text).expect("written");
        };
        write(
            "programme.toml",
            &format!(
                "name = \"Rounds\"\nstart = 2026-09-01\nend = 2027-08-31\n\n\
                 [[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n\
                 [[intakes]]\nid = \"sep\"\napplications_from = 2026-09-01\napplications_to = 2026-09-30\nmatch_on = 2026-10-05\n\n\
                 [[intakes]]\nid = \"jan\"\napplications_from = 2027-01-01\napplications_to = 2027-01-31\nmatch_on = 2027-02-05\n{matching}"
            ),
        );
        write(
            "people/mo.toml",
            "name = \"Mo\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\nlanguages = [\"en\"]\n",
        );
        let mentee = |intake: &str, extra: &str| {
            format!(
                "name = \"M\"\nrole = \"mentee\"\nneeds = [\"budgeting\"]\nlanguages = [\"en\"]\nintake = \"{intake}\"\n{extra}"
            )
        };
        write("people/zoe.toml", &mentee("sep", zoe_extra));
        write("people/amy.toml", &mentee("jan", ""));
        let ws = crate::load::load(dir.path()).expect("the programme loads");
        assert!(ws.load_diagnostics.is_empty(), "{:?}", ws.load_diagnostics);
        (dir, ws)
    }

    /// `mentor match`'s defaults on January's match day.
    fn february(ws: &Workspace) -> MatchOptions {
        MatchOptions::programme_defaults(ws, NaiveDate::from_ymd_opt(2027, 2, 5).expect("a date"))
    }

    /// The mentee ids proposed in January's match.
    fn january(ws: &Workspace) -> Vec<String> {
        let options = MatchOptions {
            intake: ws.programme.as_ref().and_then(|p| p.intake_index("jan")),
            ..february(ws)
        };
        plan(ws, &options)
            .proposals
            .iter()
            .map(|p| ws.people[p.mentee].id.clone())
            .collect()
    }

    #[test]
    fn with_one_place_the_carried_over_mentee_wins_over_an_equally_good_new_one() {
        // Without priority the tie goes to `amy` (the solver's tie-break),
        // so it is the carry-over that puts `zoe` first.
        let (_dir, ws) = programme("\n[matching]\ncarry_over = 0\n", "");
        assert_eq!(january(&ws), ["amy"]);
        let (_dir, ws) = programme("", "");
        assert_eq!(january(&ws), ["zoe"]);
    }

    #[test]
    fn carry_over_never_overrides_a_hard_rule_or_the_minimum_score() {
        // Zoe asked never to be paired with Mo: the place goes to Amy.
        let (_dir, ws) = programme("\n[matching]\ncarry_over = 100\n", "avoid = [\"mo\"]\n");
        assert_eq!(january(&ws), ["amy"]);
        // Zoe's needs changed to something Mo does not offer: her score is
        // under the minimum, and the priority does not lift it over.
        let (_dir, ws) = programme(
            "\n[matching]\ncarry_over = 100\n\n[[competencies]]\nid = \"writing\"\nname = \"Writing\"\n",
            "",
        );
        let mut ws = ws;
        let zoe = ws.person_index("zoe").expect("zoe");
        ws.people[zoe].person.needs = vec!["writing".into()];
        assert_eq!(january(&ws), ["amy"]);
    }

    #[test]
    fn the_cost_explain_tells_is_in_score_points_without_the_priority() {
        // Amy's first candidate, Ada, goes to Zoe: giving Ada to Amy instead
        // costs the cohort nothing in score (they fit her equally), although
        // the solver's objective differs by Zoe's priority.
        let (_dir, ws) = programme("", "");
        let options = MatchOptions {
            intake: Some(1),
            ..february(&ws)
        };
        let plan = plan(&ws, &options);
        let amy = ws.person_index("amy").expect("amy");
        let rules = crate::matching::rules::RuleContext::new(&ws, false);
        let list =
            crate::matching::candidates(&ws, &plan.pools, &rules, &options.score_rules(&ws), amy);
        let displaced = crate::matching::explain::displaced(&ws, &options, &plan, amy, &list)
            .expect("Ada went to Zoe");
        assert_eq!(displaced.optimum, displaced.forced);
        assert_eq!(displaced.score_lost(), 0);
        assert_eq!(displaced.optimum.1, u64::from(displaced.score));
    }

    #[test]
    fn an_intake_run_leaves_out_later_intakes_and_carries_earlier_ones() {
        let (_dir, ws) = programme("", "");
        let sep = round_pools(&ws, NaiveDate::MAX, Some(0));
        let ids = |p: &Pools| -> Vec<String> {
            p.mentees.iter().map(|&m| ws.people[m].id.clone()).collect()
        };
        assert_eq!(ids(&sep), ["zoe"], "January's applicant waits for January");
        assert!(sep.carried_over.is_empty());
        let jan = round_pools(&ws, NaiveDate::MAX, Some(1));
        assert_eq!(ids(&jan), ["amy", "zoe"]);
        let zoe = ws.person_index("zoe").expect("zoe");
        assert_eq!(
            jan.carried_over,
            [CarriedOver {
                mentee: zoe,
                from: 0,
                points: crate::model::DEFAULT_CARRY_OVER
            }]
        );
        assert_eq!(ids(&round_pools(&ws, NaiveDate::MAX, None)), ["amy", "zoe"]);
    }
}

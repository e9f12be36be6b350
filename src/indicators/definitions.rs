//! Every indicator's definition: its id, its plain name and meaning for HR,
//! its unit and technical definition, and how it is computed from the
//! period's totals. One table, so the CSV, the reports and the reference
//! all read the same words.

use super::*;

/// One indicator's definition: its id, unit, the sentence HR reads, and how
/// it is computed.
pub(super) struct Definition {
    pub(super) id: &'static str,
    /// What HR calls it: a few plain words, no snake_case.
    pub(super) name: &'static str,
    /// One plain sentence for readers who know nothing of the files.
    pub(super) meaning: &'static str,
    pub(super) unit: &'static str,
    pub(super) definition: &'static str,
    pub(super) compute: fn(&Totals) -> Figure,
    /// For rates and averages: how many cases they are computed from.
    pub(super) cases: Option<fn(&Totals) -> usize>,
}

/// Every indicator, in the order HR's CSV lists them. Ids are a contract:
/// extended, never renamed.
pub(super) const DEFINITIONS: &[Definition] = &[
    Definition {
        id: "procedures_defined",
        name: "Rules for taking part written down",
        meaning: "Whether the programme has written down who may mentor, who may be mentored, and how often pairs should meet.",
        unit: "yes/no",
        cases: None,
        definition: "the programme's settings name mentor criteria, mentee eligibility and a meeting interval",
        compute: |t| Figure::YesNo(t.procedures_defined),
    },
    Definition {
        id: "mentors_recruited",
        name: "Mentors signed up",
        meaning: "How many staff had signed up as mentors and were taking part or had finished.",
        unit: "people",
        cases: None,
        definition: "people with role mentor or both whose status is active or completed",
        compute: |t| count(t.people.mentors_recruited),
    },
    Definition {
        id: "mentors_trained",
        name: "Mentors trained",
        meaning: "How many of those mentors had been trained by the end of the period.",
        unit: "people",
        cases: None,
        definition: "recruited mentors with a training date on or before the period end",
        compute: |t| count(t.people.mentors_trained),
    },
    Definition {
        id: "training_completion_rate",
        name: "Participants fully trained",
        meaning: "Of the staff taking part, the share who had attended every training session the programme requires of them by the end of the period.",
        unit: "percent",
        cases: Some(|t| t.people.participants_to_train),
        definition: "of the mentors and mentees whose status is active or completed, the percentage who had attended every required training session for their role by the period end; empty when the programme requires none",
        compute: |t| {
            Figure::ratio(
                t.people.participants_fully_trained,
                t.people.participants_to_train,
            )
        },
    },
    Definition {
        id: "plans_designed",
        name: "Pairs with an agreement and goals",
        meaning: "How many pairs had both signed their mentoring agreement and set at least one goal.",
        unit: "pairs",
        cases: None,
        definition: "pairs that ran in the period with a signed agreement and at least one goal",
        compute: |t| count(t.plans_designed),
    },
    Definition {
        id: "average_satisfaction",
        name: "Average satisfaction",
        meaning: "How satisfied participants said they were, on average, on a scale of 1 (poor) to 5 (excellent).",
        unit: "score 1-5",
        cases: Some(|t| t.ratings.len() + t.sealed_ratings),
        definition: "mean satisfaction of feedback dated in the period; empty when there is none, or while any is sealed (see sealed_ratings)",
        compute: |t| t.rating_mean(&t.ratings),
    },
    Definition {
        id: "average_satisfaction_mentees",
        name: "Average satisfaction of mentees",
        meaning: "How satisfied mentees said they were, on average, from 1 to 5.",
        unit: "score 1-5",
        cases: Some(|t| t.mentee_ratings.len()),
        definition: "mean satisfaction given by mentees in the period; empty while any rating is sealed",
        compute: |t| t.rating_mean(&t.mentee_ratings),
    },
    Definition {
        id: "average_satisfaction_mentors",
        name: "Average satisfaction of mentors",
        meaning: "How satisfied mentors said they were, on average, from 1 to 5.",
        unit: "score 1-5",
        cases: Some(|t| t.mentor_ratings.len()),
        definition: "mean satisfaction given by mentors in the period; empty while any rating is sealed",
        compute: |t| t.rating_mean(&t.mentor_ratings),
    },
    Definition {
        id: "feedback_responses",
        name: "Feedback given",
        meaning: "How many times participants gave feedback during the period.",
        unit: "responses",
        cases: None,
        definition: "feedback entries dated in the period",
        compute: |t| count(t.ratings.len() + t.sealed_ratings),
    },
    Definition {
        id: "sealed_ratings",
        name: "Confidential ratings not counted",
        meaning: "How many ratings were kept confidential and could not be counted in this export.",
        unit: "responses",
        cases: None,
        definition: "ratings dated in the period that are sealed and were not opened (no coordinator identity given): satisfaction figures stay empty while any remain",
        compute: |t| count(t.sealed_ratings),
    },
    Definition {
        id: "mentees_assisted",
        name: "Staff mentored",
        meaning: "How many different staff were mentored during the period.",
        unit: "people",
        cases: None,
        definition: "distinct mentees of active or closed pairs that ran in the period",
        compute: |t| count(t.mentees_assisted),
    },
    Definition {
        id: "pairs_active",
        name: "Pairs that ran",
        meaning: "How many mentoring pairs were running at some point during the period.",
        unit: "pairs",
        cases: None,
        definition: "pairs that were active on at least one day of the period",
        compute: |t| count(t.pairs_ran),
    },
    Definition {
        id: "pairs_started",
        name: "Pairs formed",
        meaning: "How many new mentoring pairs began meeting during the period.",
        unit: "pairs",
        cases: None,
        definition: "pairs that ran in the period whose start date is in the period",
        compute: |t| count(t.pairs_started),
    },
    Definition {
        id: "pairs_active_at_end",
        name: "Pairs still running at the end",
        meaning: "How many mentoring pairs were still running on the last day covered.",
        unit: "pairs",
        cases: None,
        definition: "pairs running on the period end (or the as-of date, if earlier), from their start and closure dates; a pair without a start date counts from its proposal",
        compute: |t| count(t.pairs_active_at_end),
    },
    Definition {
        id: "meetings_held",
        name: "Meetings held",
        meaning: "How many mentoring meetings took place during the period.",
        unit: "meetings",
        cases: None,
        definition: "meetings dated in the period",
        compute: |t| count(t.meetings),
    },
    Definition {
        id: "mentoring_hours",
        name: "Meeting hours",
        meaning: "How many hours pairs spent meeting face to face, by video or by phone.",
        unit: "hours",
        cases: None,
        definition: "minutes of meetings dated in the period held in person, by video or by phone (or with no mode), divided by 60; email and chat are in async_contact_hours",
        compute: |t| Figure::Number(t.minutes as f64 / 60.0),
    },
    Definition {
        id: "hours_per_mentee",
        name: "Meeting hours per person mentored",
        meaning: "How many hours of meetings each person mentored took part in, on average (a group meeting counts for every member present, once for the mentor).",
        unit: "hours",
        cases: Some(|t| t.mentees_assisted),
        definition: "minutes of meetings held in person, by video or by phone, each counted once for every mentee present (a group's meeting for all its members, or for the one `member` it names), divided by 60 and by the staff mentored",
        compute: |t| {
            if t.mentees_assisted > 0 {
                Figure::Number(t.mentee_minutes as f64 / 60.0 / t.mentees_assisted as f64)
            } else {
                Figure::Missing
            }
        },
    },
    Definition {
        id: "async_contact_hours",
        name: "Hours of contact by email or chat",
        meaning: "How many hours pairs spent in contact by email or chat.",
        unit: "hours",
        cases: None,
        definition: "minutes of contact by email or chat dated in the period, divided by 60",
        compute: |t| Figure::Number(t.async_minutes as f64 / 60.0),
    },
    Definition {
        id: "meetings_per_pair_month",
        name: "Meetings per pair per month",
        meaning: "How often a pair met in a typical month.",
        unit: "meetings",
        cases: Some(|t| t.pairs_ran),
        definition: "meetings held divided by pair-months (days pairs ran in the period / 30.44)",
        compute: |t| {
            if t.pair_months > 0.0 {
                Figure::Number(t.meetings as f64 / t.pair_months)
            } else {
                Figure::Missing
            }
        },
    },
    Definition {
        id: "goals_set",
        name: "Goals set",
        meaning: "How many development goals the pairs agreed.",
        unit: "goals",
        cases: None,
        definition: "goals of pairs that ran in the period",
        compute: |t| count(t.goals_set),
    },
    Definition {
        id: "goals_achieved",
        name: "Goals achieved in the period",
        meaning: "How many goals were achieved during the period.",
        unit: "goals",
        cases: None,
        definition: "goals of those pairs achieved on a date in the period",
        compute: |t| count(t.goals_achieved),
    },
    Definition {
        id: "goal_achievement_rate",
        name: "Share of goals achieved",
        meaning: "The share of goals that were due and were achieved; goals the pair dropped are not counted either way.",
        unit: "percent",
        cases: Some(|t| t.goals_due),
        definition: "of the goals of pairs that ran in the period that were due by the period end or achieved by then (dropped goals left out, see goals_dropped), the percentage achieved by the period end",
        compute: |t| Figure::ratio(t.goals_achieved_by_end, t.goals_due),
    },
    Definition {
        id: "goals_achieved_by_end",
        name: "Goals achieved of those due",
        meaning: "How many of the goals that were due had been achieved by the end of the period.",
        unit: "goals",
        cases: None,
        definition: "of goals_due, those achieved by the period end: the part of goal_achievement_rate above the line",
        compute: |t| count(t.goals_achieved_by_end),
    },
    Definition {
        id: "goals_due",
        name: "Goals due",
        meaning: "How many goals had reached their due date or been achieved, not counting dropped goals.",
        unit: "goals",
        cases: None,
        definition: "goals of pairs that ran in the period that were due by the period end or achieved by then, dropped goals left out",
        compute: |t| count(t.goals_due),
    },
    Definition {
        id: "goals_dropped",
        name: "Goals dropped",
        meaning: "How many goals the pairs decided to drop.",
        unit: "goals",
        cases: None,
        definition: "goals of pairs that ran in the period set to dropped",
        compute: |t| count(t.goals_dropped),
    },
    Definition {
        id: "skills_assessed_pairs",
        name: "Pairs with skills rated at start and end",
        meaning: "How many pairs rated the mentee's skills both at the start and at the end.",
        unit: "pairs",
        cases: None,
        definition: "pairs that ran in the period with a baseline and a final skills assessment by the period end; empty while any assessment is sealed",
        compute: |t| t.skills_figure(count(t.skills_assessed_pairs)),
    },
    Definition {
        id: "skills_improved_rate",
        name: "Share of skills improved",
        meaning: "Of the skills rated at the start and at the end, the share that improved.",
        unit: "percent",
        cases: Some(|t| t.skills.len()),
        definition: "of the competencies assessed at baseline and at the end, the percentage whose final level is above the baseline",
        compute: |t| {
            t.skills_figure(Figure::ratio(
                t.skills.iter().filter(|(b, f)| f > b).count(),
                t.skills.len(),
            ))
        },
    },
    Definition {
        id: "average_skill_gain",
        name: "Average skill gain",
        meaning: "By how many levels a rated skill improved, on average.",
        unit: "levels",
        cases: Some(|t| t.skills.len()),
        definition: "mean of final level minus baseline level over the competencies assessed at both",
        compute: |t| {
            let gains: Vec<f64> = t
                .skills
                .iter()
                .map(|&(b, f)| f64::from(f) - f64::from(b))
                .collect();
            t.skills_figure(if gains.is_empty() {
                Figure::Missing
            } else {
                Figure::Number(gains.iter().sum::<f64>() / gains.len() as f64)
            })
        },
    },
    Definition {
        id: "pairs_closed",
        name: "Pairs that ended",
        meaning: "How many mentoring pairs ended during the period.",
        unit: "pairs",
        cases: None,
        definition: "pairs closed on a date in the period",
        compute: |t| count(t.closures.len()),
    },
    Definition {
        id: "pairs_completed",
        name: "Pairs completed",
        meaning: "How many pairs finished their mentoring as planned, or early because the goals were met.",
        unit: "pairs",
        cases: None,
        definition: "pairs closed in the period as completed or goals-met-early (pairs_closed less premature_closures)",
        compute: |t| count(t.closures.len() - t.premature()),
    },
    Definition {
        id: "premature_closures",
        name: "Pairs closed early",
        meaning: "How many pairs ended before finishing their planned time, for any reason.",
        unit: "pairs",
        cases: None,
        definition: "pairs closed in the period for a reason other than completed or goals-met-early",
        compute: |t| count(t.premature()),
    },
    Definition {
        id: "premature_closure_rate",
        name: "Share of pairs closed early",
        meaning: "The share of pairs that ended early, of all pairs that ended; lower is better.",
        unit: "percent",
        cases: Some(|t| t.closures.len()),
        definition: "premature closures as a percentage of pairs closed in the period",
        compute: |t| Figure::ratio(t.premature(), t.closures.len()),
    },
    Definition {
        id: "no_fault_closures",
        name: "Closed early for reasons outside the pair's control",
        meaning: "How many pairs ended early because someone left or moved on, which says nothing about the match.",
        unit: "pairs",
        cases: None,
        definition: "pairs closed in the period because the mentor or mentee left or the mentee moved on: early ends that say nothing about the match",
        compute: |t| count(t.closures_where(ClosureReason::is_no_fault)),
    },
    Definition {
        id: "unsuccessful_closures",
        name: "Closed early because the match did not work",
        meaning: "How many pairs ended early because the match did not work.",
        unit: "pairs",
        cases: None,
        definition: "pairs closed in the period because the match did not work (mismatch, premature, other)",
        compute: |t| count(t.closures_where(ClosureReason::is_unsuccessful)),
    },
    Definition {
        id: "unsuccessful_closure_rate",
        name: "Share of pairs where the match did not work",
        meaning: "The share of pairs that ended because the match did not work, of all pairs that ended; lower is better.",
        unit: "percent",
        cases: Some(|t| t.closures.len()),
        definition: "unsuccessful closures as a percentage of pairs closed in the period",
        compute: |t| {
            Figure::ratio(
                t.closures_where(ClosureReason::is_unsuccessful),
                t.closures.len(),
            )
        },
    },
    Definition {
        id: "median_days_to_match",
        name: "Typical wait for a mentor",
        meaning: "How many days a typical mentee waited from applying to being matched with a mentor.",
        unit: "days",
        cases: Some(|t| t.days_to_match.len()),
        definition: "median days from a mentee's applied_on to their pair's proposed_on (or started), for pairs matched in the period (those matched before it are left out, see pairs_matched_before_period; proposals turned down are no match)",
        compute: |t| Figure::option(median(t.days_to_match.clone())),
    },
    Definition {
        id: "pairs_matched_before_period",
        name: "Pairs matched before the period",
        meaning: "How many pairs that ran in the period had been matched before it began, and so are not in the waiting time.",
        unit: "pairs",
        cases: None,
        definition: "pairs that ran in the period but were proposed (or started) before it began: left out of median_days_to_match",
        compute: |t| count(t.matched_before_period),
    },
    Definition {
        id: "concerns_raised",
        name: "Concerns raised",
        meaning: "How many concerns participants or the coordinator raised about a pair during the period.",
        unit: "concerns",
        cases: None,
        definition: "entries of the pairs' concerns logs that raise a concern, dated in the period (counts only: what was said is never exported)",
        compute: |t| count(t.concerns.raised),
    },
    Definition {
        id: "concerns_resolved",
        name: "Concerns resolved",
        meaning: "How many concerns were settled during the period.",
        unit: "concerns",
        cases: None,
        definition: "concerns whose log first records them resolved on a day in the period",
        compute: |t| count(t.concerns.resolved),
    },
    Definition {
        id: "median_days_to_resolve",
        name: "Typical time to settle a concern",
        meaning: "How many days a typical concern took from being raised to being settled.",
        unit: "days",
        cases: Some(|t| t.concerns.days_to_resolve.len()),
        definition: "median days from raising a concern to resolving it, over the concerns resolved in the period",
        compute: |t| Figure::option(median(t.concerns.days_to_resolve.clone())),
    },
    Definition {
        id: "mentor_capacity_used",
        name: "Mentor places filled",
        meaning: "The share of the places mentors offered that were filled at the end.",
        unit: "percent",
        cases: None,
        definition: "pairs running on the period end as a percentage of the capacity of active mentors recruited by then (mentor statuses are undated: a mentor's current status is taken for the whole period)",
        compute: |t| {
            Figure::ratio(
                t.pairs_active_at_end,
                usize::try_from(t.people.capacity).unwrap_or(usize::MAX),
            )
        },
    },
    Definition {
        id: "cross_department_share",
        name: "Pairs across departments",
        meaning: "The share of pairs whose mentor and mentee work in different departments.",
        unit: "percent",
        cases: Some(|t| t.cross_department.len()),
        definition: "pairs that ran in the period whose mentor and mentee are in different departments, of those where both are known",
        compute: |t| {
            Figure::ratio(
                t.cross_department.iter().filter(|&&c| c).count(),
                t.cross_department.len(),
            )
        },
    },
    Definition {
        id: "stalled_pairs",
        name: "Pairs not meeting as agreed",
        meaning: "How many running pairs had gone longer than agreed without meeting.",
        unit: "pairs",
        cases: None,
        definition: "pairs running on the period end with no meeting for longer than their agreed interval",
        compute: |t| count(t.stalled_pairs),
    },
    Definition {
        id: "mentees_applied",
        name: "Staff who applied",
        meaning: "How many staff had applied to be mentored by the end of the period, including any who later withdrew.",
        unit: "people",
        cases: None,
        definition: "people with role mentee or both whose application date is on or before the period end (or undated), withdrawn ones included: the start of the funnel",
        compute: |t| count(t.people.mentees_applied),
    },
    Definition {
        id: "mentees_matched",
        name: "Staff matched with a mentor",
        meaning: "How many of them had been matched with a mentor by the end of the period.",
        unit: "people",
        cases: None,
        definition: "distinct mentees with a pair proposed, running or closed on the period end (rejected proposals left out)",
        compute: |t| count(t.mentees_matched),
    },
    Definition {
        id: "mentees_started",
        name: "Staff who started meeting",
        meaning: "How many of them had started meeting their mentor by the end of the period.",
        unit: "people",
        cases: None,
        definition: "distinct mentees with a pair whose start date is on or before the period end",
        compute: |t| count(t.mentees_started),
    },
    Definition {
        id: "mentees_completed",
        name: "Staff who completed",
        meaning: "How many of them had finished their mentoring as planned by the end of the period.",
        unit: "people",
        cases: None,
        definition: "distinct mentees with a pair closed by the period end as completed or goals-met-early",
        compute: |t| count(t.mentees_completed),
    },
    Definition {
        id: "mentees_waiting",
        name: "Staff still waiting for a mentor",
        meaning: "How many staff who applied to be mentored were still waiting for a mentor at the end.",
        unit: "people",
        cases: None,
        definition: "mentees who had applied by the period end and had no pair proposed or running on that day (a withdrawal is undated: withdrawn people never count)",
        compute: |t| count(t.people.mentees_waiting),
    },
    Definition {
        id: "match_quality_score",
        name: "Match quality",
        meaning: "How well participants said their mentoring relationship was working, on average, the latest answer of each pair counting once.",
        unit: "score",
        cases: Some(|t| t.match_quality.pairs + t.match_quality.sealed),
        definition: "mean of each pair's latest answer to a survey question with feeds = \"match_quality\" (a scale), answered by the period end; empty while any of them is sealed",
        compute: |t| Figure::option(t.match_quality.mean),
    },
];

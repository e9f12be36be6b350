//! Every programme figure, defined once. `report` and `export` read from here;
//! each indicator carries the definition that goes into HR's CSV.
//!
//! Period rules: a record counts when it is dated inside the period and not
//! after the as-of date. State figures (stalled, waiting) are taken on the
//! earlier of the period end and the as-of date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{
    ClosureReason, Feedback, GoalStatus, PairStatus, PersonStatus, Programme, Target, Verdict,
};
use crate::progress::{PairProgress, pair_progress};
use crate::workspace::{PairEntry, Workspace};

mod definitions;
use definitions::DEFINITIONS;

/// The dates figures are taken over, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
}

impl Period {
    /// The programme's own dates, unless overridden.
    pub fn new(
        ws: &Workspace,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Self {
        let programme = ws.programme.as_ref();
        Self {
            from: from.or(programme.map(|p| p.start)).unwrap_or(as_of),
            to: to.or(programme.map(|p| p.end)).unwrap_or(as_of),
            as_of,
        }
    }

    /// The last day whose records count: the period end, or the as-of date if earlier.
    pub fn last_day(&self) -> NaiveDate {
        self.to.min(self.as_of)
    }

    /// The period split into calendar months, labelled `YYYY-MM`; the first
    /// and last are cut to the period. Breakdowns and charts by month read it.
    pub fn months(&self) -> Vec<(String, Period)> {
        use chrono::Datelike;
        let last = self.last_day();
        let mut months = Vec::new();
        let mut start = self.from;
        while start <= last {
            let next = NaiveDate::from_ymd_opt(
                start.year() + i32::from(start.month() == 12),
                start.month() % 12 + 1,
                1,
            )
            .unwrap_or(NaiveDate::MAX);
            let month = Period {
                from: start,
                to: (next - chrono::Days::new(1)).min(self.to),
                as_of: self.as_of,
            };
            months.push((format!("{}-{:02}", start.year(), start.month()), month));
            start = next;
        }
        months
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.last_day()
    }
}

/// One pair's figures over a period.
#[derive(Clone, Debug)]
pub struct PairFigures<'a> {
    pub entry: &'a PairEntry,
    /// State on the period's last day.
    pub progress: PairProgress,
    /// The pair ran on at least one day of the period.
    pub ran_in_period: bool,
    /// Days of the period on which the pair ran.
    pub days_in_period: i64,
    pub meetings: usize,
    /// Minutes of meetings held in person, by video or phone (or mode unset).
    pub minutes: u64,
    /// Minutes of asynchronous contact: email and chat.
    pub async_minutes: u64,
    /// Minutes of mentoring the mentees received in those meetings: a
    /// group meeting counts once for each member present (all of them,
    /// unless it names one `member`), so an hour with four members is four
    /// hours received and still one hour of the mentor's (`minutes`).
    pub mentee_minutes: u64,
    pub satisfaction: Vec<u8>,
    /// The mentee's ratings and the mentor's, apart: one mean of both hides a mismatch.
    pub mentee_ratings: Vec<u8>,
    pub mentor_ratings: Vec<u8>,
    /// Ratings dated in the period that are sealed and were not opened.
    pub sealed_ratings: usize,
    pub goals_set: usize,
    pub goals_achieved: usize,
    /// Goals due by the period end or achieved by then, dropped ones apart.
    pub goals_due: usize,
    /// Of those, achieved by the period end.
    pub goals_achieved_by_end: usize,
    pub goals_dropped: usize,
    /// Per competency, the mentee's baseline and final levels (earliest
    /// baseline, latest final by the period end), where both were recorded.
    pub skills: Vec<SkillChange>,
    /// Assessments by the period end whose levels are sealed and unopened.
    pub sealed_assessments: usize,
    /// A signed agreement and at least one goal.
    pub plan_designed: bool,
    /// Closure reason, when the pair closed inside the period.
    pub closed_in_period: Option<ClosureReason>,
    /// Whether mentor and mentee work in different departments (unknown if either is unset).
    pub cross_department: Option<bool>,
    /// Days from the mentee's application to the pair being proposed (or started).
    /// Days from each mentee's application to the match (one for a pair,
    /// one per member for a group).
    pub days_to_match: Vec<i64>,
}

impl PairFigures<'_> {
    pub fn hours(&self) -> f64 {
        self.minutes as f64 / 60.0
    }

    /// Empty while any rating is sealed: an average of the readable ones
    /// would pass for the whole.
    pub fn average_satisfaction(&self) -> Option<f64> {
        mean(&self.satisfaction).filter(|_| self.sealed_ratings == 0)
    }
}

/// One competency of one pair: where the mentee stood at the start and the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillChange {
    pub competency: String,
    pub baseline: u32,
    pub last: u32,
}

/// Baseline and final levels of a pair's assessments made by `last`.
pub fn skill_changes(entry: &PairEntry, last: NaiveDate) -> Vec<SkillChange> {
    use crate::model::AssessmentStage;
    let dated: Vec<_> = entry
        .assessments
        .iter()
        .filter(|a| a.date <= last)
        .collect();
    let baseline = dated
        .iter()
        .filter(|a| a.stage == AssessmentStage::Baseline)
        .min_by_key(|a| a.date);
    let final_ = dated
        .iter()
        .filter(|a| a.stage == AssessmentStage::Final)
        .max_by_key(|a| a.date);
    let (Some(baseline), Some(final_)) = (baseline, final_) else {
        return Vec::new();
    };
    let (Some(start), Some(end)) = (&baseline.levels, &final_.levels) else {
        return Vec::new();
    };
    start
        .0
        .iter()
        .filter_map(|l| {
            Some(SkillChange {
                competency: l.competency.clone(),
                baseline: l.level,
                last: end.get(&l.competency)?,
            })
        })
        .collect()
}

/// Email and chat are contact, but not meetings: their minutes are counted apart.
fn is_async(meeting: &crate::model::Meeting) -> bool {
    matches!(
        meeting.mode,
        Some(crate::model::MeetingMode::Email | crate::model::MeetingMode::Chat)
    )
}

fn mean(values: &[u8]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64)
}

pub fn pair_figures<'a>(ws: &Workspace, entry: &'a PairEntry, period: &Period) -> PairFigures<'a> {
    let pair = &entry.pair;
    let last = period.last_day();
    let progress = pair_progress(entry, ws.programme.as_ref(), last);
    let ran_from = pair.started.filter(|_| pair.status != PairStatus::Proposed);
    let ran_to = pair.closure.as_ref().map_or(last, |c| c.date.min(last));
    let (ran_in_period, days_in_period) = match ran_from {
        Some(start) if start <= last && ran_to >= period.from => {
            let begin = start.max(period.from);
            (true, (ran_to - begin).num_days() + 1)
        }
        _ => (false, 0),
    };
    let held: Vec<_> = entry
        .meetings
        .iter()
        .filter(|m| period.contains(m.date))
        .collect();
    let department = |id: &str| {
        ws.person(id)
            .and_then(|p| p.person.department.as_deref())
            .map(|d| d.trim().to_lowercase())
    };
    // A group crosses departments when any member's department differs
    // from the mentor's.
    let mentee_departments: Vec<String> = pair.mentee_ids().filter_map(department).collect();
    let cross_department = match (department(&pair.mentor), mentee_departments.is_empty()) {
        (Some(a), false) => Some(mentee_departments.iter().any(|b| *b != a)),
        _ => None,
    };
    let ratings_by = |who: &dyn Fn(&str) -> bool| -> Vec<u8> {
        entry
            .feedback
            .iter()
            .filter(|f| period.contains(f.date) && who(&f.by))
            .filter_map(|f| f.satisfaction.map(|s| s.0))
            .collect()
    };
    let achieved_by_end = |g: &crate::model::Goal| {
        g.status() == GoalStatus::Achieved && g.achieved_on.is_none_or(|d| d <= last)
    };
    let settled = |g: &&crate::model::Goal| {
        !matches!(g.status(), GoalStatus::Dropped | GoalStatus::Draft)
            && (achieved_by_end(g) || g.due.is_some_and(|d| d <= last))
    };
    // A group was matched when its first member applied: the longest wait.
    let matched = pair.matched_on();
    // Each mentee waited from their own application: a group's members once each.
    let days_to_match = pair
        .mentee_ids()
        .filter_map(|m| ws.person(m)?.person.applied_on)
        .filter_map(|applied| {
            let matched = matched?;
            (matched >= applied).then(|| (matched - applied).num_days())
        })
        .collect();
    let mut figures = PairFigures {
        entry,
        ran_in_period,
        days_in_period,
        meetings: held.len(),
        minutes: held
            .iter()
            .filter(|m| !is_async(m))
            .map(|m| u64::from(m.minutes.unwrap_or(0)))
            .sum(),
        async_minutes: held
            .iter()
            .filter(|m| is_async(m))
            .map(|m| u64::from(m.minutes.unwrap_or(0)))
            .sum(),
        mentee_minutes: held
            .iter()
            .filter(|m| !is_async(m))
            .map(|m| u64::from(m.minutes.unwrap_or(0)) * pair.mentees_present(m) as u64)
            .sum(),
        mentee_ratings: ratings_by(&|by| pair.has_mentee(by)),
        mentor_ratings: ratings_by(&|by| pair.has_mentor(by)),
        satisfaction: entry
            .feedback
            .iter()
            .filter(|f| period.contains(f.date))
            .filter_map(|f| f.satisfaction.map(|s| s.0))
            .collect(),
        sealed_ratings: entry
            .feedback
            .iter()
            .filter(|f| period.contains(f.date))
            .filter(|f| f.at.sealed(Feedback::SATISFACTION.name()).is_some())
            .count(),
        goals_set: entry.goals.iter().filter(|g| !g.is_draft()).count(),
        goals_achieved: entry
            .goals
            .iter()
            .filter(|g| {
                g.status() == GoalStatus::Achieved
                    && g.achieved_on.is_some_and(|d| period.contains(d))
            })
            .count(),
        goals_due: entry.goals.iter().filter(settled).count(),
        goals_achieved_by_end: entry
            .goals
            .iter()
            .filter(settled)
            .filter(|g| achieved_by_end(g))
            .count(),
        goals_dropped: entry
            .goals
            .iter()
            .filter(|g| g.status() == GoalStatus::Dropped)
            .count(),
        skills: skill_changes(entry, last),
        sealed_assessments: entry
            .assessments
            .iter()
            .filter(|a| {
                a.date <= last
                    && a.at
                        .sealed(crate::model::Assessment::LEVELS.name())
                        .is_some()
            })
            .count(),
        plan_designed: pair.signed_on().is_some_and(|d| d <= last) && !entry.goals.is_empty(),
        closed_in_period: pair
            .closure
            .as_ref()
            .filter(|c| period.contains(c.date))
            .map(|c| c.reason),
        cross_department,
        days_to_match,
        progress,
    };
    // Survey questions that feed satisfaction count with feedback's ratings.
    let (fed, sealed) = crate::survey::fed_ratings(
        ws.programme.as_ref(),
        entry,
        crate::survey::SATISFACTION,
        |d| period.contains(d),
    );
    for (by, rating) in fed {
        figures.satisfaction.push(rating);
        if pair.has_mentee(by) {
            figures.mentee_ratings.push(rating);
        } else if pair.has_mentor(by) {
            figures.mentor_ratings.push(rating);
        }
    }
    figures.sealed_ratings += sealed;
    figures
}

/// A figure's value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    Count(u64),
    Number(f64),
    YesNo(bool),
    /// Nothing to measure (an average of no ratings): an empty cell, never NaN.
    Missing,
}

impl Figure {
    /// The CSV cell: integers plain, decimals to two places, yes/no, or empty.
    pub fn cell(&self) -> String {
        match *self {
            Figure::Count(n) => n.to_string(),
            Figure::Number(x) if x.is_finite() => format!("{x:.2}"),
            Figure::Number(_) | Figure::Missing => String::new(),
            Figure::YesNo(b) => if b { "yes" } else { "no" }.to_string(),
        }
    }

    fn ratio(part: usize, whole: usize) -> Self {
        if whole == 0 {
            Figure::Missing
        } else {
            Figure::Number(100.0 * part as f64 / whole as f64)
        }
    }

    fn option(value: Option<f64>) -> Self {
        value.map_or(Figure::Missing, Figure::Number)
    }
}

/// One programme indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    /// Stable snake_case id that HR pipelines key on.
    pub id: &'static str,
    /// Its name in plain words, as the HR page shows it.
    pub name: &'static str,
    pub value: Figure,
    pub unit: &'static str,
    /// What the figure says, in one plain sentence for HR and managers.
    pub meaning: &'static str,
    /// How it is computed, precisely.
    pub definition: &'static str,
    /// For rates and averages: the number of cases behind the figure.
    pub cases: Option<usize>,
    /// Computed from fewer than [`SMALL_SAMPLE`] cases: says little.
    pub small_sample: bool,
    /// The programme's target for this indicator, from its `outcomes`.
    pub target: Option<Target>,
    /// How the figure stands against the target, if there is one. Every
    /// output reads this, so text, CSV, Markdown, HTML and JSON agree.
    pub verdict: Option<Verdict>,
}

/// A figure as a number, when it is one (a count, or a finite decimal):
/// what targets are judged on.
fn number_of(value: Figure) -> Option<f64> {
    match value {
        Figure::Count(n) => Some(n as f64),
        Figure::Number(x) if x.is_finite() => Some(x),
        Figure::Number(_) | Figure::YesNo(_) | Figure::Missing => None,
    }
}

/// Rates and averages from fewer cases than this carry a small-sample flag.
pub const SMALL_SAMPLE: usize = 5;

/// Everything `report` and `export` show about a programme over a period.
#[derive(Clone, Debug)]
pub struct Figures<'a> {
    pub period: Period,
    pub pairs: Vec<PairFigures<'a>>,
    pub indicators: Vec<Indicator>,
}

/// People and their participation, as the indicators count them.
struct Participation {
    mentors_recruited: usize,
    mentors_trained: usize,
    /// Participants of a programme that requires training, and of those,
    /// the ones who had attended every session required of them.
    participants_to_train: usize,
    participants_fully_trained: usize,
    capacity: u64,
    mentees_waiting: usize,
    mentees_applied: usize,
}

fn participation(
    ws: &Workspace,
    period: &Period,
    in_scope: &dyn Fn(&crate::workspace::PersonEntry) -> bool,
) -> Participation {
    let last = period.last_day();
    let requires_training = ws.programme.as_ref().filter(|p| {
        p.training
            .iter()
            .any(crate::model::TrainingSession::is_required)
    });
    let mut p = Participation {
        mentors_recruited: 0,
        mentors_trained: 0,
        participants_to_train: 0,
        participants_fully_trained: 0,
        capacity: 0,
        mentees_waiting: 0,
        mentees_applied: 0,
    };
    for (index, entry) in ws.people.iter().enumerate().filter(|(_, e)| in_scope(e)) {
        let person = &entry.person;
        // Statuses have no dates: a mentor counts from their application
        // (or throughout, when it is not dated).
        let recruited = matches!(
            person.status(),
            PersonStatus::Active | PersonStatus::Completed
        ) && person.applied_on.is_none_or(|d| d <= last);
        if person.can_mentor() && recruited {
            p.mentors_recruited += 1;
            if person.trained_on.is_some_and(|d| d <= last) {
                p.mentors_trained += 1;
            }
            if person.status() == PersonStatus::Active {
                p.capacity += u64::from(ws.capacity_of(index));
            }
        }
        if ws.is_waiting_on(index, last) {
            p.mentees_waiting += 1;
        }
        if recruited && let Some(programme) = requires_training {
            let parts = crate::training::parts_of(person);
            p.participants_to_train += usize::from(!parts.is_empty());
            p.participants_fully_trained += usize::from(
                !parts.is_empty()
                    && crate::training::missing(programme, person, &parts, last).is_empty(),
            );
        }
        // Withdrawn people applied too: the funnel starts with everyone.
        if person.can_be_mentored() && person.applied_on.is_none_or(|d| d <= last) {
            p.mentees_applied += 1;
        }
    }
    p
}

fn procedures_defined(programme: Option<&Programme>) -> bool {
    programme.is_some_and(|p| {
        p.mentors.as_ref().is_some_and(|m| !m.criteria.is_empty())
            && p.mentees.as_ref().is_some()
            && p.meetings.as_ref().is_some_and(|m| m.every_days.is_some())
    })
}

fn median(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

/// What the indicators are computed from: everything counted once over a
/// period.
struct Totals {
    procedures_defined: bool,
    people: Participation,
    plans_designed: usize,
    ratings: Vec<u8>,
    mentee_ratings: Vec<u8>,
    mentor_ratings: Vec<u8>,
    sealed_ratings: usize,
    mentees_assisted: usize,
    pairs_ran: usize,
    pairs_started: usize,
    /// The funnel, by the period's last day: distinct mentees with a pair
    /// matched (not rejected), started, and completed.
    mentees_matched: usize,
    mentees_started: usize,
    mentees_completed: usize,
    pairs_active_at_end: usize,
    meetings: usize,
    minutes: u64,
    async_minutes: u64,
    mentee_minutes: u64,
    pair_months: f64,
    goals_set: usize,
    goals_achieved: usize,
    goals_due: usize,
    goals_achieved_by_end: usize,
    goals_dropped: usize,
    closures: Vec<ClosureReason>,
    days_to_match: Vec<i64>,
    /// Pairs that ran in the period but were matched before it began.
    matched_before_period: usize,
    cross_department: Vec<bool>,
    stalled_pairs: usize,
    /// Every assessed competency of pairs that ran: (baseline, final).
    skills: Vec<(u32, u32)>,
    skills_assessed_pairs: usize,
    sealed_assessments: usize,
    concerns: ConcernCounts,
    /// Each pair's latest match-quality score (`feeds = "match_quality"`).
    match_quality: crate::survey::LatestMean,
}

/// The concerns logs of the pairs in scope, counted (never read: the text
/// is the coordinators' alone).
#[derive(Default)]
struct ConcernCounts {
    raised: usize,
    resolved: usize,
    /// Days from raising to resolving, of each concern resolved in the period.
    days_to_resolve: Vec<i64>,
}

impl ConcernCounts {
    fn of(pairs: &[PairFigures], period: &Period) -> Self {
        let mut counts = Self::default();
        for pair in pairs {
            for concern in crate::model::concerns_on(&pair.entry.concerns, period.last_day()) {
                counts.raised += usize::from(period.contains(concern.raised_on));
                if let Some(day) = concern.resolved_on.filter(|d| period.contains(*d)) {
                    counts.resolved += 1;
                    counts
                        .days_to_resolve
                        .push((day - concern.raised_on).num_days());
                }
            }
        }
        counts
    }
}

impl Totals {
    fn of(
        ws: &Workspace,
        pairs: &[PairFigures],
        period: &Period,
        in_scope: &dyn Fn(&crate::workspace::PersonEntry) -> bool,
    ) -> Self {
        let ran: Vec<&PairFigures> = pairs.iter().filter(|p| p.ran_in_period).collect();
        // Each member of a group is a mentee served.
        let mut mentees: Vec<&str> = ran.iter().flat_map(|p| p.entry.pair.mentee_ids()).collect();
        mentees.sort_unstable();
        mentees.dedup();
        Self {
            procedures_defined: procedures_defined(ws.programme.as_ref()),
            people: participation(ws, period, in_scope),
            plans_designed: ran.iter().filter(|p| p.plan_designed).count(),
            ratings: pairs
                .iter()
                .flat_map(|p| p.satisfaction.iter().copied())
                .collect(),
            mentee_ratings: pairs
                .iter()
                .flat_map(|p| p.mentee_ratings.iter().copied())
                .collect(),
            mentor_ratings: pairs
                .iter()
                .flat_map(|p| p.mentor_ratings.iter().copied())
                .collect(),
            sealed_ratings: pairs.iter().map(|p| p.sealed_ratings).sum(),
            mentees_assisted: mentees.len(),
            pairs_ran: ran.len(),
            mentees_matched: distinct_mentees(pairs, |p| {
                matches!(
                    p.status_on(period.last_day()),
                    Some(PairStatus::Proposed | PairStatus::Active | PairStatus::Closed)
                )
            }),
            mentees_started: distinct_mentees(pairs, |p| {
                p.started.is_some_and(|d| d <= period.last_day())
                    && matches!(
                        p.status_on(period.last_day()),
                        Some(PairStatus::Active | PairStatus::Closed)
                    )
            }),
            mentees_completed: distinct_mentees(pairs, |p| {
                p.closure
                    .as_ref()
                    .is_some_and(|c| c.date <= period.last_day() && !c.reason.is_premature())
            }),
            pairs_started: ran
                .iter()
                .filter(|p| p.entry.pair.started.is_some_and(|d| period.contains(d)))
                .count(),
            pairs_active_at_end: pairs
                .iter()
                .filter(|p| {
                    p.ran_in_period
                        && p.entry.pair.status_on(period.last_day()) == Some(PairStatus::Active)
                })
                .count(),
            meetings: ran.iter().map(|p| p.meetings).sum(),
            minutes: ran.iter().map(|p| p.minutes).sum(),
            async_minutes: ran.iter().map(|p| p.async_minutes).sum(),
            mentee_minutes: ran.iter().map(|p| p.mentee_minutes).sum(),
            pair_months: ran.iter().map(|p| p.days_in_period as f64).sum::<f64>() / 30.44,
            goals_set: ran.iter().map(|p| p.goals_set).sum(),
            goals_achieved: ran.iter().map(|p| p.goals_achieved).sum(),
            goals_due: ran.iter().map(|p| p.goals_due).sum(),
            goals_achieved_by_end: ran.iter().map(|p| p.goals_achieved_by_end).sum(),
            goals_dropped: ran.iter().map(|p| p.goals_dropped).sum(),
            closures: pairs.iter().filter_map(|p| p.closed_in_period).collect(),
            // A proposal turned down is no match: the mentee still waited.
            days_to_match: pairs
                .iter()
                .filter(|p| {
                    let pair = &p.entry.pair;
                    pair.matched_on().is_some_and(|d| period.contains(d))
                        && pair.status_on(period.last_day()) != Some(PairStatus::Rejected)
                })
                .flat_map(|p| p.days_to_match.iter().copied())
                .collect(),
            matched_before_period: ran
                .iter()
                .filter(|p| p.entry.pair.matched_on().is_some_and(|d| d < period.from))
                .count(),
            cross_department: ran.iter().filter_map(|p| p.cross_department).collect(),
            stalled_pairs: pairs.iter().filter(|p| p.progress.is_stalled()).count(),
            skills: ran
                .iter()
                .flat_map(|p| p.skills.iter().map(|s| (s.baseline, s.last)))
                .collect(),
            skills_assessed_pairs: ran.iter().filter(|p| !p.skills.is_empty()).count(),
            sealed_assessments: ran.iter().map(|p| p.sealed_assessments).sum(),
            concerns: ConcernCounts::of(pairs, period),
            match_quality: crate::survey::latest_mean(
                ws.programme.as_ref(),
                pairs.iter().map(|p| p.entry),
                crate::survey::MATCH_QUALITY,
                period.last_day(),
            ),
        }
    }

    fn premature(&self) -> usize {
        self.closures.iter().filter(|r| r.is_premature()).count()
    }

    fn closures_where(&self, test: fn(ClosureReason) -> bool) -> usize {
        self.closures.iter().filter(|r| test(**r)).count()
    }

    /// A skills figure, empty while any assessment is sealed.
    fn skills_figure(&self, figure: Figure) -> Figure {
        if self.sealed_assessments > 0 {
            Figure::Missing
        } else {
            figure
        }
    }

    /// A mean of ratings, empty while any rating is sealed.
    fn rating_mean(&self, ratings: &[u8]) -> Figure {
        Figure::option(mean(ratings).filter(|_| self.sealed_ratings == 0))
    }
}

/// How many different mentees have a pair that passes `test`.
fn distinct_mentees(pairs: &[PairFigures], test: impl Fn(&crate::model::Pair) -> bool) -> usize {
    let mut mentees: Vec<&str> = pairs
        .iter()
        .map(|p| &p.entry.pair)
        .filter(|p| test(p))
        .flat_map(crate::model::Pair::mentee_ids)
        .collect();
    mentees.sort_unstable();
    mentees.dedup();
    mentees.len()
}

fn count(n: usize) -> Figure {
    Figure::Count(n as u64)
}

/// `amount` per one of `over`: empty when there is nothing to divide by.
fn per(amount: f64, over: f64) -> Figure {
    if over > 0.0 {
        Figure::Number(amount / over)
    } else {
        Figure::Missing
    }
}

/// The target a programme's `outcomes` set for an indicator.
fn target_of(ws: &Workspace, id: &str) -> Option<Target> {
    ws.programme
        .as_ref()?
        .outcomes
        .iter()
        .find(|o| o.indicator.as_deref() == Some(id))
        .and_then(|o| o.target())
}

/// The unit an indicator is measured in, for checking targets.
pub fn unit_of(id: &str) -> Option<&'static str> {
    DEFINITIONS.iter().find(|d| d.id == id).map(|d| d.unit)
}

/// Every indicator id, for checking `outcomes`.
pub fn indicator_ids() -> impl Iterator<Item = &'static str> {
    DEFINITIONS.iter().map(|d| d.id)
}

/// All figures for a programme over a period.
pub fn figures<'a>(ws: &'a Workspace, period: Period) -> Figures<'a> {
    figures_where(ws, period, &|_| true)
}

/// The figures of the people `in_scope` admits, and of the pairs whose
/// mentee it admits: one group of a breakdown (a department, a partner
/// institution, a staff group).
pub fn figures_where<'a>(
    ws: &'a Workspace,
    period: Period,
    in_scope: &(dyn Fn(&crate::workspace::PersonEntry) -> bool + Sync),
) -> Figures<'a> {
    use rayon::prelude::*;
    // Each pair's figures stand alone: worked out on every core, in order.
    let pairs: Vec<PairFigures<'a>> = ws
        .pairs
        .par_iter()
        .filter(|e| {
            e.pair
                .mentee_ids()
                .any(|m| ws.person(m).is_none_or(in_scope))
        })
        .map(|e| pair_figures(ws, e, &period))
        .collect();
    let totals = Totals::of(ws, &pairs, &period, in_scope);
    let indicators = DEFINITIONS
        .iter()
        .map(|d| {
            let cases = d.cases.map(|c| c(&totals));
            let value = (d.compute)(&totals);
            let target = target_of(ws, d.id);
            Indicator {
                id: d.id,
                name: d.name,
                value,
                unit: d.unit,
                meaning: d.meaning,
                definition: d.definition,
                cases,
                small_sample: cases.is_some_and(|n| n < SMALL_SAMPLE),
                target,
                verdict: target.map(|t| t.judge(number_of(value))),
            }
        })
        .collect();
    Figures {
        period,
        pairs,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::decode::parse_date(text).unwrap()
    }

    #[test]
    fn period_includes_both_ends_and_stops_at_the_as_of_date() {
        let p = Period {
            from: day("2026-01-01"),
            to: day("2026-12-31"),
            as_of: day("2026-03-16"),
        };
        assert!(p.contains(day("2026-01-01")));
        assert!(p.contains(day("2026-03-16")));
        assert!(!p.contains(day("2026-03-17")), "after the as-of date");
        assert!(!p.contains(day("2025-12-31")));
        assert_eq!(p.last_day(), day("2026-03-16"));
    }

    #[test]
    fn figures_never_print_nan_and_ratios_of_nothing_are_empty() {
        assert_eq!(Figure::ratio(0, 0).cell(), "");
        assert_eq!(Figure::ratio(1, 3).cell(), "33.33");
        assert_eq!(Figure::Number(f64::NAN).cell(), "");
        assert_eq!(Figure::option(mean(&[])).cell(), "");
        assert_eq!(Figure::YesNo(true).cell(), "yes");
        assert_eq!(Figure::Count(7).cell(), "7");
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![23, 11, 45, 21, 23]), Some(23.0));
        assert_eq!(median(vec![10, 20]), Some(15.0));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn indicator_ids_are_unique_snake_case() {
        let mut ids: Vec<&str> = DEFINITIONS.iter().map(|d| d.id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), DEFINITIONS.len());
    }

    #[test]
    fn every_name_is_plain_words_and_unique() {
        let mut names: Vec<&str> = DEFINITIONS.iter().map(|d| d.name).collect();
        for name in &names {
            assert!(
                name.chars().next().is_some_and(char::is_uppercase)
                    && !name.contains('_')
                    && !name.ends_with('.'),
                "{name}"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DEFINITIONS.len());
    }

    #[test]
    fn every_meaning_is_one_plain_sentence_without_file_or_field_names() {
        for d in DEFINITIONS {
            let m = d.meaning;
            assert!(
                m.ends_with('.') && m.matches(". ").count() == 0,
                "{}: {m}",
                d.id
            );
            assert!(
                m.chars().next().is_some_and(char::is_uppercase),
                "{}: {m}",
                d.id
            );
            for word in m.split(|c: char| !(c.is_alphanumeric() || "_.".contains(c))) {
                let word = word.trim_end_matches('.');
                assert!(
                    !word.contains('_') && !word.contains('.'),
                    "{}: `{word}` is a name HR does not see",
                    d.id
                );
            }
        }
        // Nor does any definition name a file.
        for d in DEFINITIONS {
            assert!(
                !d.definition.contains(".toml") && !d.definition.contains(".yaml"),
                "{}",
                d.id
            );
        }
    }
}

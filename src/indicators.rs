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
    pub days_to_match: Option<i64>,
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
    let cross_department = match (department(&pair.mentor), department(&pair.mentee)) {
        (Some(a), Some(b)) => Some(a != b),
        _ => None,
    };
    let ratings_by = |who: &str| -> Vec<u8> {
        entry
            .feedback
            .iter()
            .filter(|f| period.contains(f.date) && f.by == who)
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
    let applied = ws.person(&pair.mentee).and_then(|p| p.person.applied_on);
    let matched = pair.matched_on();
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
        mentee_ratings: ratings_by(&pair.mentee),
        mentor_ratings: ratings_by(&pair.mentor),
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
        days_to_match: match (applied, matched) {
            (Some(a), Some(m)) if m >= a => Some((m - a).num_days()),
            _ => None,
        },
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
        if by == pair.mentee {
            figures.mentee_ratings.push(rating);
        } else if by == pair.mentor {
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
        let mut mentees: Vec<&str> = ran.iter().map(|p| p.entry.pair.mentee.as_str()).collect();
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
                .filter_map(|p| p.days_to_match)
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
        .map(|p| p.mentee.as_str())
        .collect();
    mentees.sort_unstable();
    mentees.dedup();
    mentees.len()
}

fn count(n: usize) -> Figure {
    Figure::Count(n as u64)
}

/// One indicator's definition: its id, unit, the sentence HR reads, and how
/// it is computed.
struct Definition {
    id: &'static str,
    /// What HR calls it: a few plain words, no snake_case.
    name: &'static str,
    /// One plain sentence for readers who know nothing of the files.
    meaning: &'static str,
    unit: &'static str,
    definition: &'static str,
    compute: fn(&Totals) -> Figure,
    /// For rates and averages: how many cases they are computed from.
    cases: Option<fn(&Totals) -> usize>,
}

/// Every indicator, in the order HR's CSV lists them. Ids are a contract:
/// extended, never renamed.
const DEFINITIONS: &[Definition] = &[
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
        .filter(|e| ws.person(&e.pair.mentee).is_none_or(in_scope))
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

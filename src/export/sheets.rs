//! The tables HR receives, each declared by its columns: a column's header,
//! role, person field and cell are one line, so adding a column is one
//! change, and what `--anonymize` and sealed fields do to it follows from
//! its role and field.

use chrono::NaiveDate;

use super::pseudonym::Identities;
use super::table::{Cell, Columns, Heading, Role, Sheet};
use crate::indicators::{Figures, Indicator, PairFigures, Period, SkillChange};
use crate::model::{Closure, Meeting, Pair, PairStatus, Person};
use crate::workspace::{PersonEntry, Workspace};

/// A table as `about.csv` describes it.
pub struct Table {
    pub name: &'static str,
    /// What one row is (and, for aggregates, what they are of).
    pub about: &'static str,
    /// Its columns' headings: whether it names people is read from them.
    pub headings: fn() -> Vec<Heading>,
}

pub const INDICATORS: Table = Table {
    name: "indicators.csv",
    about: "aggregates: one row per indicator, with its definition, the cases behind rates, and any target",
    headings: || indicator_columns().headings(),
};

pub const PAIRS: Table = Table {
    name: "pairs.csv",
    about: "one row per pair relevant to the period, as it stood on the period end",
    headings: || pair_columns().headings(),
};

pub const PARTICIPANTS: Table = Table {
    name: "participants.csv",
    about: "one row per participant who had applied by the period end",
    headings: || participant_columns().headings(),
};

pub const MEETINGS: Table = Table {
    name: "meetings.csv",
    about: "one row per meeting in the period (dates, minutes, mode; never topics, actions or notes)",
    headings: || meeting_columns().headings(),
};

pub const SKILLS: Table = Table {
    name: "skills.csv",
    about: "aggregates: per competency, pairs assessed at baseline and at the end, mean levels and the share that improved",
    headings: || skill_columns().headings(),
};

pub const SKILLS_LEVELS: Table = Table {
    name: "skills_levels.csv",
    about: "aggregates: per competency, how many pairs stood at each level of the scale at baseline and at the end",
    headings: || level_columns().headings(),
};

/// The tables every export has, in the order they are written.
pub fn sheets(ws: &Workspace, figures: &Figures, identities: &Identities) -> Vec<Sheet> {
    let (skills, levels) = skills_sheets(ws, figures);
    vec![
        indicators_sheet(figures),
        pairs_sheet(ws, figures, &identities.of_table(PAIRS.name)),
        participants_sheet(ws, figures.period, &identities.of_table(PARTICIPANTS.name)),
        meetings_sheet(ws, figures.period, &identities.of_table(MEETINGS.name)),
        skills,
        levels,
    ]
}

struct IndicatorRow<'a> {
    indicator: &'a Indicator,
    period: Period,
}

fn indicator_columns<'a>() -> Columns<IndicatorRow<'a>> {
    // The programme's own totals, shown whole even under `--anonymize`:
    // breakdowns are where groups get small.
    Columns::<IndicatorRow<'a>>::new()
        .fact("indicator", |r| Cell::text(r.indicator.id))
        .means("The figure's short name, the same in every export.")
        .fact("value", |r| Cell::figure(r.indicator.value))
        .means("The figure for the period; empty when there is nothing to measure.")
        .fact("unit", |r| Cell::text(r.indicator.unit))
        .means("What the value counts or measures.")
        .fact("period_start", |r| Cell::Date(r.period.from))
        .means("First day the figures cover.")
        .fact("period_end", |r| Cell::Date(r.period.to))
        .means("Last day the figures cover.")
        .fact("meaning", |r| Cell::text(r.indicator.meaning))
        .means("What the figure says, in plain words.")
        .fact("definition", |r| Cell::text(r.indicator.definition))
        .means("Exactly how the figure is worked out.")
        .fact("cases", |r| {
            r.indicator.cases.map_or(Cell::Empty, Cell::count)
        })
        .means("For a rate or an average, how many cases it is taken over.")
        .fact("small_sample", |r| match r.indicator.cases {
            Some(_) => Cell::yes_no(r.indicator.small_sample),
            None => Cell::Empty,
        })
        .means("Yes when a rate or average rests on fewer than 5 cases and says little.")
        .fact("target", |r| {
            Cell::number(r.indicator.target.map(|t| t.value))
        })
        .means("The value the programme aims for, if it set one.")
        .fact("target_direction", |r| {
            r.indicator
                .target
                .map_or(Cell::Empty, |t| Cell::text(t.direction))
        })
        .means("Whether the figure should reach the target (at-least) or stay under it (at-most).")
        .fact("target_met", |r| {
            r.indicator
                .verdict
                .map_or(Cell::Empty, |v| Cell::text(v.words()))
        })
        .means("Whether the target was met, not met, or cannot be measured yet.")
        // Last: columns are only ever added at the end, for readers that
        // go by position.
        .fact("name", |r| Cell::text(r.indicator.name))
        .means("The figure's name in plain words, as the report shows it.")
}

fn indicators_sheet(figures: &Figures) -> Sheet {
    let rows = figures.indicators.iter().map(|indicator| IndicatorRow {
        indicator,
        period: figures.period,
    });
    Sheet::of(INDICATORS.name, &indicator_columns(), rows)
}

/// A pair as it stood on the period end, not as it stands now.
struct PairRow<'a> {
    ws: &'a Workspace,
    ids: &'a Identities,
    figures: &'a PairFigures<'a>,
    last: NaiveDate,
    /// The closure, when the pair had closed by the period end.
    closure: Option<&'a Closure>,
}

impl PairRow<'_> {
    fn pair(&self) -> &Pair {
        &self.figures.entry.pair
    }

    fn department(&self, id: &str) -> Cell {
        Cell::Text(
            self.ws
                .person(id)
                .and_then(|p| p.person.department.clone())
                .unwrap_or_default(),
        )
    }

    /// The mentees' departments: the one mentee's, or each of a group's once.
    fn mentee_departments(&self) -> Cell {
        let mut departments: Vec<String> = self
            .pair()
            .mentee_ids()
            .filter_map(|id| self.ws.person(id)?.person.department.clone())
            .collect();
        departments.sort_unstable();
        departments.dedup();
        Cell::Text(departments.join(", "))
    }

    /// A date of the pair's, once it had come by the period end.
    fn by_end(&self, date: Option<NaiveDate>) -> Cell {
        Cell::date(date.filter(|d| *d <= self.last))
    }
}

fn pair_columns<'a>() -> Columns<PairRow<'a>> {
    Columns::<PairRow<'a>>::new()
        .pseudonym("pair", |r| Cell::Text(r.ids.pair(&r.figures.entry.id)))
        .means("The mentoring pair.")
        .pseudonym("mentor", |r| Cell::Text(r.ids.person(&r.pair().mentor)))
        .means("The mentor.")
        .pseudonym("mentee", |r| {
            let ids: Vec<String> = r.pair().mentee_ids().map(|m| r.ids.person(m)).collect();
            Cell::Text(ids.join(" "))
        })
        .means("The person mentored (a group's members, separated by spaces).")
        .fact("mentor_department", |r| r.department(&r.pair().mentor))
        .of(Person::DEPARTMENT)
        .means("The mentor's department.")
        .fact("mentee_department", |r| r.mentee_departments())
        .of(Person::DEPARTMENT)
        .means("The mentee's department (a group's: each once, separated by commas).")
        .fact("status", |r| {
            Cell::text(r.pair().status_on(r.last).map_or("", PairStatus::as_str))
        })
        .means(
            "Where the pair stood at the end of the period: proposed, active, closed or rejected.",
        )
        .fact("proposed_on", |r| r.by_end(r.pair().proposed_on))
        .means("When the match was proposed.")
        .fact("started", |r| r.by_end(r.pair().started))
        .means("When the pair started meeting.")
        .fact("ends", |r| Cell::date(r.pair().ends))
        .means("When the pair is planned to end.")
        .fact("closed_on", |r| Cell::date(r.closure.map(|c| c.date)))
        .means("When the pair ended, if it had by the end of the period.")
        .fact("closure_reason", |r| {
            r.closure.map_or(Cell::Empty, |c| Cell::text(c.reason))
        })
        .means("Why the pair ended.")
        .fact("premature", |r| {
            r.closure
                .map_or(Cell::Empty, |c| Cell::yes_no(c.reason.is_premature()))
        })
        .means("Yes when the pair ended before finishing its planned time.")
        .fact("meetings", |r| Cell::count(r.figures.meetings))
        .means("Meetings the pair held in the period.")
        .fact("hours", |r| Cell::Number(r.figures.hours()))
        .means("Hours the pair spent meeting in the period, email and chat apart.")
        .fact("goals_set", |r| Cell::count(r.figures.goals_set))
        .means("Development goals the pair agreed.")
        .fact("goals_achieved", |r| Cell::count(r.figures.goals_achieved))
        .means("Goals achieved in the period.")
        .fact("plan_designed", |r| Cell::yes_no(r.figures.plan_designed))
        .means("Yes when the pair signed its agreement and set at least one goal.")
        .fact("average_satisfaction", |r| {
            Cell::number(r.figures.average_satisfaction())
        })
        // Whether two sealed departments differ says something of both.
        .means("How satisfied the pair said they were, on average, from 1 to 5.")
        .fact("cross_department", |r| {
            r.figures.cross_department.map_or(Cell::Empty, Cell::yes_no)
        })
        .of(Person::DEPARTMENT)
        .means("Yes when mentor and mentee work in different departments.")
        .fact("days_to_match", |r| {
            // A group's row: its longest wait (its earliest applicant).
            r.figures
                .days_to_match
                .iter()
                .max()
                .map_or(Cell::Empty, |days| Cell::Integer(*days))
        })
        .means("Days from the mentee's application to the match.")
        .fact("last_meeting", |r| {
            Cell::date(r.figures.progress.last_meeting)
        })
        .means("The pair's last meeting by the end of the period.")
        .fact("stalled", |r| Cell::yes_no(r.figures.progress.is_stalled()))
        .means("Yes when the pair had gone longer than agreed without meeting.")
        .fact("mentee_count", |r| {
            Cell::count(r.pair().mentee_ids().count())
        })
        .means("How many people the pair mentors: 1, or the number of members of a group.")
}

fn pairs_sheet(ws: &Workspace, figures: &Figures, ids: &Identities) -> Sheet {
    let last = figures.period.last_day();
    let rows = figures
        .pairs
        .iter()
        .filter(|p| relevant(&p.entry.pair, &figures.period))
        .map(|p| PairRow {
            ws,
            ids,
            figures: p,
            last,
            closure: p.entry.pair.closure.as_ref().filter(|c| c.date <= last),
        });
    Sheet::of(PAIRS.name, &pair_columns(), rows)
}

/// A pair belongs in a period's tables when it was a proposal or a pair
/// by the period end and had not closed before the period began.
fn relevant(pair: &Pair, period: &Period) -> bool {
    matches!(
        pair.status_on(period.last_day()),
        Some(PairStatus::Proposed | PairStatus::Active | PairStatus::Closed)
    ) && pair.closure.as_ref().is_none_or(|c| c.date >= period.from)
}

struct ParticipantRow<'a> {
    ws: &'a Workspace,
    ids: &'a Identities,
    index: usize,
    entry: &'a PersonEntry,
    last: NaiveDate,
}

impl ParticipantRow<'_> {
    fn person(&self) -> &Person {
        &self.entry.person
    }

    /// A name or an email as written, or under pseudonyms the given stand-in.
    fn identity(&self, plain: Option<&str>, pseudonymous: String) -> Cell {
        Cell::Text(match self.ids {
            Identities::Plain => plain.unwrap_or_default().to_string(),
            Identities::Pseudonymous(_) => pseudonymous,
        })
    }

    /// In a pair (running or closed) by the period end, as mentee or mentor.
    fn paired(&self) -> bool {
        self.ws
            .pairs_as_mentee(self.index)
            .iter()
            .chain(self.ws.pairs_as_mentor(self.index))
            .any(|&i| {
                matches!(
                    self.ws.pairs[i].pair.status_on(self.last),
                    Some(PairStatus::Active | PairStatus::Closed)
                )
            })
    }
}

fn participant_columns<'a>() -> Columns<ParticipantRow<'a>> {
    Columns::<ParticipantRow<'a>>::new()
        .pseudonym("person", |r| Cell::Text(r.ids.person(&r.entry.id)))
        .means("The participant.")
        .pseudonym("name", |r| {
            r.identity(Some(&r.person().name), r.ids.person(&r.entry.id))
        })
        .of(Person::NAME)
        .means("Their name.")
        .pseudonym("email", |r| {
            r.identity(r.person().email.as_deref(), String::new())
        })
        .of(Person::EMAIL)
        .means("Their email address.")
        .fact("role", |r| Cell::text(r.person().role))
        .of(Person::ROLE)
        .means("Whether they take part as a mentor, a mentee, or both.")
        .fact("department", |r| text(&r.person().department))
        .of(Person::DEPARTMENT)
        .means("Their department.")
        .fact("organisation", |r| text(&r.person().organisation))
        .of(Person::ORGANISATION)
        .means("The organisation they work for.")
        .fact("group", |r| text(&r.person().group))
        .of(Person::GROUP)
        .means("Their staff group.")
        .fact("status", |r| Cell::text(r.person().status()))
        .of(Person::STATUS)
        .means("Whether they have applied, are taking part, have finished, or have withdrawn.")
        .fact("paired", |r| Cell::yes_no(r.paired()))
        .means("Yes when they were in a pair at the end of the period.")
        .fact("applied_on", |r| Cell::date(r.person().applied_on))
        .of(Person::APPLIED_ON)
        .means("When they applied to the programme.")
        .fact("trained_on", |r| {
            Cell::date(r.person().trained_on.filter(|d| *d <= r.last))
        })
        .of(Person::TRAINED_ON)
        .means("When they were trained as a mentor.")
}

fn participants_sheet(ws: &Workspace, period: Period, ids: &Identities) -> Sheet {
    let last = period.last_day();
    let rows = ws
        .people
        .iter()
        .enumerate()
        .filter(|(_, e)| e.person.applied_on.is_none_or(|d| d <= last))
        .map(|(index, entry)| ParticipantRow {
            ws,
            ids,
            index,
            entry,
            last,
        });
    Sheet::of(PARTICIPANTS.name, &participant_columns(), rows)
}

/// A person field that may be unset, as text.
fn text(value: &Option<String>) -> Cell {
    Cell::Text(value.clone().unwrap_or_default())
}

struct MeetingRow<'a> {
    ids: &'a Identities,
    pair: &'a str,
    meeting: &'a Meeting,
}

fn meeting_columns<'a>() -> Columns<MeetingRow<'a>> {
    Columns::<MeetingRow<'a>>::new()
        .with("pair", Role::Link, |r| Cell::Text(r.ids.pair(r.pair)))
        .means("The pair that met.")
        .fact("date", |r| Cell::Date(r.meeting.date))
        .means("When they met.")
        .fact("minutes", |r| {
            r.meeting
                .minutes
                .map_or(Cell::Empty, |n| Cell::Integer(i64::from(n)))
        })
        .means("How long the meeting lasted, in minutes.")
        .fact("mode", |r| r.meeting.mode.map_or(Cell::Empty, Cell::text))
        .means("How they met: in person, by video, by phone, by email or by chat.")
}

fn meetings_sheet(ws: &Workspace, period: Period, ids: &Identities) -> Sheet {
    let rows = ws.pairs.iter().flat_map(|e| {
        e.meetings
            .iter()
            .filter(|m| period.contains(m.date))
            .map(|meeting| MeetingRow {
                ids,
                pair: &e.id,
                meeting,
            })
    });
    Sheet::of(MEETINGS.name, &meeting_columns(), rows)
}

/// One competency of the skills tick sheet, over the pairs that ran.
struct SkillRow<'a> {
    id: &'a str,
    name: &'a str,
    changes: Vec<&'a SkillChange>,
}

impl SkillRow<'_> {
    /// The mean of `level` over the pairs assessed, if any were.
    fn mean(&self, level: Level) -> Cell {
        self.share(|c| f64::from(level(c)))
    }

    /// The mean of `value` over the pairs assessed, if any were.
    fn share(&self, value: impl Fn(&SkillChange) -> f64) -> Cell {
        let n = self.changes.len();
        Cell::number((n > 0).then(|| self.changes.iter().map(|c| value(c)).sum::<f64>() / n as f64))
    }
}

fn skill_columns<'a>() -> Columns<SkillRow<'a>> {
    Columns::<SkillRow<'a>>::new()
        .fact("competency", |r| Cell::text(r.id))
        .means("The skill's short name.")
        .fact("name", |r| Cell::text(r.name))
        .means("The skill.")
        .with("pairs_assessed", Role::Count, |r| {
            Cell::count(r.changes.len())
        })
        .means("Pairs that rated the mentee on this skill at the start and at the end.")
        .with("mean_baseline", Role::Rate, |r| r.mean(|c| c.baseline))
        .means("The average level at the start.")
        .with("mean_final", Role::Rate, |r| r.mean(|c| c.last))
        .means("The average level at the end.")
        .with("share_improved", Role::Rate, |r| {
            r.share(|c| if c.last > c.baseline { 100.0 } else { 0.0 })
        })
        .means("The share of those mentees whose level rose.")
}

/// Where a competency stood at one stage (baseline or final).
type Level = fn(&SkillChange) -> u32;

/// How many pairs of one competency stood at one level at one stage.
struct LevelRow<'a> {
    competency: &'a str,
    stage: &'static str,
    level: u32,
    label: &'a str,
    pairs: usize,
}

fn level_columns<'a>() -> Columns<LevelRow<'a>> {
    Columns::<LevelRow<'a>>::new()
        .fact("competency", |r| Cell::text(r.competency))
        .means("The skill's short name.")
        .fact("stage", |r| Cell::text(r.stage))
        .means("Whether the rating was made at the start (baseline) or at the end (final).")
        .fact("level", |r| Cell::Integer(i64::from(r.level)))
        .means("The level on the programme's scale, 1 being the lowest.")
        .fact("label", |r| Cell::text(r.label))
        .means("What the level is called.")
        .with("pairs", Role::Count, |r| Cell::count(r.pairs))
        .means("How many mentees stood at this level.")
}

/// The skills tick sheet, per competency: `skills.csv` (pairs assessed at
/// baseline and final, mean levels, share improved) and `skills_levels.csv`
/// (how many pairs stood at each level at baseline and at the end: the
/// distribution, not only the mean).
fn skills_sheets(ws: &Workspace, figures: &Figures) -> (Sheet, Sheet) {
    let programme = ws.programme.as_ref();
    let scale = programme.map_or(&[][..], |p| p.assessment_scale());
    let competencies = programme.map_or(&[][..], |p| p.competencies.as_slice());
    let changes: Vec<&SkillChange> = figures
        .pairs
        .iter()
        .filter(|p| p.ran_in_period)
        .flat_map(|p| &p.skills)
        .collect();
    let skills: Vec<SkillRow> = competencies
        .iter()
        .map(|competency| SkillRow {
            id: &competency.id,
            name: &competency.name,
            changes: changes
                .iter()
                .copied()
                .filter(|c| c.competency == competency.id)
                .collect(),
        })
        .collect();
    let stages: [(&str, Level); 2] = [("baseline", |c| c.baseline), ("final", |c| c.last)];
    let mut levels = Vec::new();
    for skill in &skills {
        for (stage, level_of) in stages {
            for (level, label) in (1..).zip(scale) {
                levels.push(LevelRow {
                    competency: skill.id,
                    stage,
                    level,
                    label,
                    pairs: skill
                        .changes
                        .iter()
                        .filter(|c| level_of(c) == level)
                        .count(),
                });
            }
        }
    }
    (
        Sheet::of(SKILLS.name, &skill_columns(), skills),
        Sheet::of(SKILLS_LEVELS.name, &level_columns(), levels),
    )
}

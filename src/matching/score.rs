//! The match score: a weighted sum of small, explainable criteria.

use crate::matching::profile::{ModeFit, Profile, Profiles, mode_fit};
use crate::model::{Person, Preference, Programme, Weights};
use crate::workspace::Workspace;

/// A criterion of the match score, in the order every output lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    Needs,
    Availability,
    Style,
    Mode,
    Languages,
    Diversity,
    Preference,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::Needs,
        Criterion::Availability,
        Criterion::Style,
        Criterion::Mode,
        Criterion::Languages,
        Criterion::Diversity,
        Criterion::Preference,
    ];

    /// Stable id, as in `[matching.weights]`, the score CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Needs => "needs",
            Criterion::Availability => "availability",
            Criterion::Style => "style",
            Criterion::Mode => "mode",
            Criterion::Languages => "languages",
            Criterion::Diversity => "diversity",
            Criterion::Preference => "preference",
        }
    }

    /// The documented default weight.
    pub fn default_weight(self) -> u32 {
        match self {
            Criterion::Needs => 40,
            Criterion::Availability => 15,
            Criterion::Style | Criterion::Mode | Criterion::Diversity | Criterion::Preference => 10,
            Criterion::Languages => 5,
        }
    }

    /// The weight `[matching.weights]` sets for this criterion, if any.
    fn configured(self, w: &Weights) -> Option<u32> {
        match self {
            Criterion::Needs => w.needs,
            Criterion::Availability => w.availability,
            Criterion::Style => w.style,
            Criterion::Mode => w.mode,
            Criterion::Languages => w.languages,
            Criterion::Diversity => w.diversity,
            Criterion::Preference => w.preference,
        }
    }
}

impl serde::Serialize for Criterion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One value per criterion, indexed by [`Criterion`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ByCriterion<T>(pub [T; 7]);

impl<T> std::ops::Index<Criterion> for ByCriterion<T> {
    type Output = T;
    fn index(&self, c: Criterion) -> &T {
        &self.0[c as usize]
    }
}

/// Everything the score depends on besides the two people.
#[derive(Clone, Copy, Debug)]
pub struct ScoreRules {
    /// The programme's weights, with the documented defaults for unset ones.
    pub weights: ByCriterion<u32>,
    pub department: Preference,
    pub organisation: Preference,
    /// Scores below this are not proposed (`--min-score`; 0 proposes any).
    pub min_score: u8,
}

impl ScoreRules {
    /// How many diversity preferences (department, organisation) the
    /// programme states: the rules' own, whoever the pair.
    fn diversity_preferences(&self) -> u32 {
        [self.department, self.organisation]
            .into_iter()
            .filter(|&p| p != Preference::Any)
            .count() as u32
    }

    /// The programme's rules, with a minimum score for proposals.
    pub fn with_min_score(mut self, min_score: u8) -> Self {
        self.min_score = min_score;
        self
    }

    pub fn from_programme(programme: Option<&Programme>) -> Self {
        let matching = programme.and_then(|p| p.matching.as_ref());
        let configured = matching.and_then(|m| m.weights.as_ref());
        Self {
            weights: ByCriterion(Criterion::ALL.map(|c| {
                configured
                    .and_then(|w| c.configured(w))
                    .unwrap_or(c.default_weight())
            })),
            department: matching
                .and_then(|m| m.department)
                .unwrap_or(Preference::Any),
            organisation: matching
                .and_then(|m| m.organisation)
                .unwrap_or(Preference::Any),
            min_score: 0,
        }
    }
}

/// One criterion's contribution.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Component {
    #[serde(rename = "name")]
    pub criterion: Criterion,
    /// The configured weight; 0 when the criterion does not apply.
    pub weight: u32,
    /// How far the criterion is met, 0 to 1.
    pub fraction: f64,
    /// Points out of 100 it contributes.
    pub points: f64,
    /// Says why, in words.
    pub detail: String,
}

/// A candidate pair's score, 0 to 100, with its breakdown.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Score {
    pub total: u8,
    pub components: Vec<Component>,
}

impl Score {
    /// The strongest reasons, best first (components that scored).
    pub fn reasons(&self, most: usize) -> Vec<String> {
        let mut scored: Vec<&Component> =
            self.components.iter().filter(|c| c.points > 0.0).collect();
        scored.sort_by(|a, b| {
            b.points
                .total_cmp(&a.points)
                .then(a.criterion.name().cmp(b.criterion.name()))
        });
        scored
            .into_iter()
            .take(most)
            .map(|c| c.detail.clone())
            .collect()
    }

    pub fn component(&self, criterion: Criterion) -> Option<&Component> {
        self.components.iter().find(|c| c.criterion == criterion)
    }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// How far each criterion is met, 0 to 1, and the weight it carries (0 when
/// it does not apply). The one definition of the score: [`total`] and
/// [`score`] both read it.
#[derive(Clone, Copy, Debug)]
struct Fractions {
    weight: ByCriterion<u32>,
    /// How far each criterion is met, as a numerator over `denominator`:
    /// exact, so the total rounds the same way everywhere.
    met: ByCriterion<u32>,
    denominator: u32,
    mode: ModeFit,
    preference_rank: Option<usize>,
}

fn fractions(p: &Profiles, rules: &ScoreRules, mentee: usize, mentor: usize) -> Fractions {
    let (a, b) = (&p.people[mentee], &p.people[mentor]);
    let needs = a.needs.len();
    let covered = a.needs.common(&b.expertise);
    let slots = a.slots.common(&b.slots);
    let same_style = a.style.is_some() && a.style == b.style;
    let mode = mode_fit(a, b);
    let shared_languages = a.languages.common(&b.languages);
    let (diversity_met, diversity_applicable) =
        (diversity(rules, a, b), rules.diversity_preferences());
    let preference_rank = a.prefer.iter().position(|&m| m == mentor);
    // Every fraction is a multiple of 1/(4 x needs): halves, quarters and
    // shares of the needs.
    let n = needs.max(1);
    let d = 4 * n;
    let all = |yes: bool| if yes { d } else { 0 };
    let met = Criterion::ALL.map(|c| match c {
        Criterion::Needs if needs == 0 => 0,
        Criterion::Needs => 4 * covered,
        Criterion::Availability => slots.min(2) * 2 * n,
        Criterion::Style => all(same_style),
        Criterion::Mode if mode.preferred => d,
        Criterion::Mode if mode.any() => 2 * n,
        Criterion::Mode => 0,
        Criterion::Languages => all(shared_languages >= 2),
        Criterion::Diversity if diversity_applicable == 0 => 0,
        Criterion::Diversity => diversity_met * d / diversity_applicable,
        Criterion::Preference => match preference_rank {
            Some(0) => d,
            Some(1) => 3 * n,
            Some(_) => 2 * n,
            None => 0,
        },
    });
    let weight = Criterion::ALL.map(|c| match c {
        Criterion::Diversity if diversity_applicable == 0 => 0,
        c => rules.weights[c],
    });
    Fractions {
        weight: ByCriterion(weight),
        met: ByCriterion(met),
        denominator: d,
        mode,
        preference_rank,
    }
}

impl Fractions {
    /// How far `c` is met, 0 to 1.
    fn fraction(&self, c: Criterion) -> f64 {
        f64::from(self.met[c]) / f64::from(self.denominator)
    }

    /// Points out of 100 each criterion contributes (for explanations).
    fn points(&self) -> ByCriterion<f64> {
        let total_weight: u32 = self.weight.0.iter().sum();
        ByCriterion(Criterion::ALL.map(|c| {
            if total_weight == 0 {
                0.0
            } else {
                100.0 * f64::from(self.weight[c]) * self.fraction(c) / f64::from(total_weight)
            }
        }))
    }

    /// The score, 0 to 100: 100 x the weighted share met, rounded half up,
    /// in exact integer arithmetic.
    fn total(&self) -> u8 {
        let total_weight: u64 = self.weight.0.iter().map(|&w| u64::from(w)).sum();
        if total_weight == 0 {
            return 0;
        }
        let met: u64 = Criterion::ALL
            .iter()
            .map(|&c| u64::from(self.weight[c]) * u64::from(self.met[c]))
            .sum();
        let whole = total_weight * u64::from(self.denominator);
        ((200 * met + whole) / (2 * whole)).min(100) as u8
    }
}

/// The score alone, for one mentee against many mentors: what the solver
/// needs for each of millions of cells. What depends only on the mentee and
/// the rules is worked out once per row; the rest is the same arithmetic as
/// [`Fractions::total`] in straight-line code (debug builds, and so every
/// test, check the two agree on every cell).
pub struct RowScore<'a> {
    profiles: &'a Profiles,
    rules: &'a ScoreRules,
    mentee: usize,
    /// 1/(4 x needs) is the unit every fraction is a multiple of: `n` is the
    /// mentee's number of needs (at least 1), `d` the whole.
    n: u64,
    d: u64,
    needs: bool,
    /// The points a mentor meeting 0, 1 or 2 diversity preferences brings.
    diversity: [u64; 3],
    /// The weighted whole: every applicable weight x `d`.
    whole: u64,
}

impl<'a> RowScore<'a> {
    pub fn new(profiles: &'a Profiles, rules: &'a ScoreRules, mentee: usize) -> Self {
        let needs = profiles.people[mentee].needs.len();
        let n = u64::from(needs.max(1));
        let d = 4 * n;
        let applicable = u64::from(rules.diversity_preferences());
        let w = |c: Criterion| u64::from(rules.weights[c]);
        let mut total_weight: u64 = rules.weights.0.iter().map(|&x| u64::from(x)).sum();
        if applicable == 0 {
            total_weight -= w(Criterion::Diversity);
        }
        let diversity = [0, 1, 2].map(|met: u64| {
            (met * d)
                .checked_div(applicable)
                .map_or(0, |share| w(Criterion::Diversity) * share)
        });
        Self {
            profiles,
            rules,
            mentee,
            n,
            d,
            needs: needs > 0,
            diversity,
            whole: total_weight * d,
        }
    }

    pub fn total(&self, mentor: usize) -> u8 {
        let (a, b) = (
            &self.profiles.people[self.mentee],
            &self.profiles.people[mentor],
        );
        let rules = self.rules;
        let w = |c: Criterion| u64::from(rules.weights[c]);
        let (n, d) = (self.n, self.d);
        let mode = mode_fit(a, b);
        let mut met = 0;
        if self.needs {
            met += w(Criterion::Needs) * 4 * u64::from(a.needs.common(&b.expertise));
        }
        met += w(Criterion::Availability) * u64::from(a.slots.common_up_to_two(&b.slots)) * 2 * n;
        if a.style.is_some() && a.style == b.style {
            met += w(Criterion::Style) * d;
        }
        if mode.preferred {
            met += w(Criterion::Mode) * d;
        } else if mode.any() {
            met += w(Criterion::Mode) * 2 * n;
        }
        if a.languages.common_up_to_two(&b.languages) == 2 {
            met += w(Criterion::Languages) * d;
        }
        met += self.diversity[diversity(rules, a, b) as usize];
        met += w(Criterion::Preference)
            * match a.prefer.iter().position(|&m| m == mentor) {
                Some(0) => d,
                Some(1) => 3 * n,
                Some(_) => 2 * n,
                None => 0,
            };
        let whole = self.whole;
        let score = if whole == 0 {
            0
        } else {
            // Half up, exactly.
            ((200 * met + whole) / (2 * whole)).min(100) as u8
        };
        debug_assert_eq!(
            score,
            fractions(self.profiles, rules, self.mentee, mentor).total()
        );
        score
    }
}

/// The score with every component explained in words.
pub fn score(
    ws: &Workspace,
    p: &Profiles,
    rules: &ScoreRules,
    mentee: usize,
    mentor: usize,
) -> Score {
    let f = fractions(p, rules, mentee, mentor);
    let (a, b) = (&p.people[mentee], &p.people[mentor]);
    let names = |table: &crate::matching::profile::Interner, ids: Vec<usize>| {
        ids.into_iter()
            .map(|i| table.name(i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let covered: Vec<usize> = a.needs.both(&b.expertise).collect();
    let languages: Vec<usize> = a.languages.both(&b.languages).collect();
    let first_language = ws.people[mentee]
        .person
        .languages
        .first()
        .map(|l| l.trim().to_lowercase());
    let extra_languages: Vec<usize> = languages
        .into_iter()
        .filter(|&l| Some(p.languages.name(l).to_lowercase()) != first_language)
        .collect();
    let mut modes = Vec::new();
    if f.mode.in_person {
        modes.push("in-person");
    }
    if f.mode.virtual_ {
        modes.push("virtual");
    }
    // Reasons are written into pair.toml: a field the programme seals is
    // referred to by what it does for the pair, never by its values.
    let slots: Vec<usize> = a.slots.both(&b.slots).collect();
    let details = [
        if covered.is_empty() {
            String::new()
        } else if p.may_name(Person::NEEDS) && p.may_name(Person::EXPERTISE) {
            format!(
                "covers {} ({} of {} needs)",
                names(&p.competencies, covered.clone()),
                covered.len(),
                a.needs.len()
            )
        } else {
            format!("covers {} of {} needs", covered.len(), a.needs.len())
        },
        if slots.is_empty() {
            String::new()
        } else if p.may_name(Person::AVAILABILITY) {
            format!("both free {}", names(&p.slots, slots))
        } else {
            format!(
                "both free at {}",
                crate::text::count(slots.len(), "common time")
            )
        },
        match a.style.filter(|_| f.met[Criterion::Style] > 0) {
            None => String::new(),
            Some(style) if p.may_name(Person::STYLE) => {
                format!("same style ({})", p.styles.name(style))
            }
            Some(_) => "same style".to_string(),
        },
        if modes.is_empty() {
            String::new()
        } else {
            format!("can meet {}", modes.join(" or "))
        },
        if f.met[Criterion::Languages] == 0 || extra_languages.is_empty() {
            String::new()
        } else if p.may_name(Person::LANGUAGES) {
            format!("also share {}", names(&p.languages, extra_languages))
        } else {
            format!(
                "also share {}",
                crate::text::count(extra_languages.len(), "more language")
            )
        },
        diversity_detail(
            rules,
            ws,
            p,
            mentee,
            mentor,
            f.fraction(Criterion::Diversity),
        ),
        // Even the rank would say whom the mentee asked for.
        match f.preference_rank {
            Some(rank) if p.may_name(Person::PREFER) => {
                format!("mentee's {} choice", ordinal(rank + 1))
            }
            _ => String::new(),
        },
    ];
    let points = f.points();
    let components = Criterion::ALL
        .into_iter()
        .zip(details)
        .map(|(criterion, detail)| Component {
            criterion,
            weight: f.weight[criterion],
            fraction: f.fraction(criterion),
            points: points[criterion],
            detail,
        })
        .collect();
    Score {
        total: f.total(),
        components,
    }
}

/// How many of the department and organisation preferences the pair meets.
fn diversity(rules: &ScoreRules, a: &Profile, b: &Profile) -> u32 {
    [
        (rules.department, a.department, b.department),
        (rules.organisation, a.organisation, b.organisation),
    ]
    .into_iter()
    .filter(|&(preference, x, y)| match (x, y) {
        (Some(x), Some(y)) if preference != Preference::Any => {
            (x == y) == (preference == Preference::Same)
        }
        _ => false,
    })
    .count() as u32
}

fn diversity_detail(
    rules: &ScoreRules,
    ws: &Workspace,
    p: &Profiles,
    mentee: usize,
    mentor: usize,
    fraction: f64,
) -> String {
    if fraction == 0.0 {
        return String::new();
    }
    let (a, b) = (&ws.people[mentee].person, &ws.people[mentor].person);
    let mut out = Vec::new();
    for (preference, x, y, field) in [
        (
            rules.department,
            &a.department,
            &b.department,
            Person::DEPARTMENT,
        ),
        (
            rules.organisation,
            &a.organisation,
            &b.organisation,
            Person::ORGANISATION,
        ),
    ] {
        let what = field.name();
        match (preference, x, y) {
            (Preference::Different, Some(x), Some(y))
                if !x.trim().eq_ignore_ascii_case(y.trim()) =>
            {
                out.push(if p.may_name(field) {
                    format!("different {what}s ({x} / {y})")
                } else {
                    format!("different {what}s")
                })
            }
            (Preference::Same, Some(x), Some(y)) if x.trim().eq_ignore_ascii_case(y.trim()) => {
                out.push(format!("same {what}"))
            }
            _ => {}
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_are_the_weights_a_programme_can_set() {
        let names: Vec<&str> = Criterion::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, Weights::FIELDS);
        let defaults: u32 = Criterion::ALL.iter().map(|c| c.default_weight()).sum();
        assert_eq!(defaults, 100, "the documented defaults add up to 100");
    }
}

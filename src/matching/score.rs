//! The match score: a weighted sum of small, explainable criteria.

use crate::matching::profile::{ModeFit, Profile, Profiles, mode_fit};
use crate::model::{Preference, Programme};
use crate::workspace::Workspace;

/// Resolved weights, with the documented defaults for unset ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    pub needs: u32,
    pub availability: u32,
    pub style: u32,
    pub mode: u32,
    pub languages: u32,
    pub diversity: u32,
    pub preference: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            needs: 40,
            availability: 15,
            style: 10,
            mode: 10,
            languages: 5,
            diversity: 10,
            preference: 10,
        }
    }
}

/// Everything the score depends on besides the two people.
#[derive(Clone, Copy, Debug)]
pub struct ScoreRules {
    pub weights: Weights,
    pub department: Preference,
    pub organisation: Preference,
}

impl ScoreRules {
    pub fn from_programme(programme: Option<&Programme>) -> Self {
        let matching = programme.and_then(|p| p.matching.as_ref());
        let d = Weights::default();
        let w = matching.and_then(|m| m.weights.as_ref());
        let pick = |f: fn(&crate::model::Weights) -> Option<u32>, default: u32| {
            w.and_then(f).unwrap_or(default)
        };
        Self {
            weights: Weights {
                needs: pick(|w| w.needs, d.needs),
                availability: pick(|w| w.availability, d.availability),
                style: pick(|w| w.style, d.style),
                mode: pick(|w| w.mode, d.mode),
                languages: pick(|w| w.languages, d.languages),
                diversity: pick(|w| w.diversity, d.diversity),
                preference: pick(|w| w.preference, d.preference),
            },
            department: matching
                .and_then(|m| m.department)
                .unwrap_or(Preference::Any),
            organisation: matching
                .and_then(|m| m.organisation)
                .unwrap_or(Preference::Any),
        }
    }
}

/// One criterion's contribution.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Component {
    /// Stable id: needs, availability, style, mode, languages, diversity, preference.
    pub name: &'static str,
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
        scored.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.name.cmp(b.name)));
        scored
            .into_iter()
            .take(most)
            .map(|c| c.detail.clone())
            .collect()
    }

    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
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
    parts: [(&'static str, u32, f64); 7],
    mode: ModeFit,
    preference_rank: Option<usize>,
}

/// The score components, in the order every output lists them.
pub const COMPONENTS: [&str; 7] = [
    "needs",
    "availability",
    "style",
    "mode",
    "languages",
    "diversity",
    "preference",
];

fn fractions(p: &Profiles, rules: &ScoreRules, mentee: usize, mentor: usize) -> Fractions {
    let (a, b) = (&p.people[mentee], &p.people[mentor]);
    let w = rules.weights;
    let needs = a.needs.len();
    let covered = a.needs.common(&b.expertise);
    let slots = a.slots.common(&b.slots);
    let same_style = a.style.is_some() && a.style == b.style;
    let mode = mode_fit(a, b);
    let shared_languages = a.languages.common(&b.languages);
    let (diversity, diversity_applies) = diversity(rules, a, b);
    let preference_rank = a.prefer.iter().position(|&m| m == mentor);
    let fraction = |yes: bool| if yes { 1.0 } else { 0.0 };
    Fractions {
        parts: [
            (
                COMPONENTS[0],
                w.needs,
                if needs == 0 {
                    0.0
                } else {
                    f64::from(covered) / f64::from(needs)
                },
            ),
            (COMPONENTS[1], w.availability, f64::from(slots.min(2)) / 2.0),
            (COMPONENTS[2], w.style, fraction(same_style)),
            (
                COMPONENTS[3],
                w.mode,
                if mode.preferred {
                    1.0
                } else if mode.any() {
                    0.5
                } else {
                    0.0
                },
            ),
            (COMPONENTS[4], w.languages, fraction(shared_languages >= 2)),
            (
                COMPONENTS[5],
                if diversity_applies { w.diversity } else { 0 },
                diversity,
            ),
            (
                COMPONENTS[6],
                w.preference,
                match preference_rank {
                    Some(0) => 1.0,
                    Some(1) => 0.75,
                    Some(_) => 0.5,
                    None => 0.0,
                },
            ),
        ],
        mode,
        preference_rank,
    }
}

impl Fractions {
    fn points(&self) -> [f64; 7] {
        let total_weight: u32 = self.parts.iter().map(|p| p.1).sum();
        self.parts.map(|(_, weight, fraction)| {
            if total_weight == 0 {
                0.0
            } else {
                100.0 * f64::from(weight) * fraction / f64::from(total_weight)
            }
        })
    }

    fn total(&self) -> u8 {
        self.points().iter().sum::<f64>().round().clamp(0.0, 100.0) as u8
    }
}

/// The score alone: what the solver needs, with no allocation.
pub fn total(p: &Profiles, rules: &ScoreRules, mentee: usize, mentor: usize) -> u8 {
    fractions(p, rules, mentee, mentor).total()
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
    let details = [
        if covered.is_empty() {
            String::new()
        } else {
            format!(
                "covers {} ({} of {} needs)",
                names(&p.competencies, covered.clone()),
                covered.len(),
                a.needs.len()
            )
        },
        match names(&p.slots, a.slots.both(&b.slots).collect()) {
            s if s.is_empty() => s,
            s => format!("both free {s}"),
        },
        if f.parts[2].2 > 0.0 {
            format!("same style ({})", a.style.map_or("", |s| p.styles.name(s)))
        } else {
            String::new()
        },
        if modes.is_empty() {
            String::new()
        } else {
            format!("can meet {}", modes.join(" or "))
        },
        if f.parts[4].2 > 0.0 && !extra_languages.is_empty() {
            format!("also share {}", names(&p.languages, extra_languages))
        } else {
            String::new()
        },
        diversity_detail(rules, ws, mentee, mentor, f.parts[5].2),
        f.preference_rank.map_or_else(String::new, |r| {
            format!("mentee's {} choice", ordinal(r + 1))
        }),
    ];
    let points = f.points();
    let components = f
        .parts
        .iter()
        .zip(points)
        .zip(details)
        .map(|((&(name, weight, fraction), points), detail)| Component {
            name,
            weight,
            fraction,
            points,
            detail,
        })
        .collect();
    Score {
        total: f.total(),
        components,
    }
}

/// Department and organisation preferences: (fraction met, applies).
fn diversity(rules: &ScoreRules, a: &Profile, b: &Profile) -> (f64, bool) {
    let mut met = 0.0;
    let mut applicable = 0.0;
    for (preference, x, y) in [
        (rules.department, a.department, b.department),
        (rules.organisation, a.organisation, b.organisation),
    ] {
        if preference == Preference::Any {
            continue;
        }
        applicable += 1.0;
        if let (Some(x), Some(y)) = (x, y)
            && (x == y) == (preference == Preference::Same)
        {
            met += 1.0;
        }
    }
    if applicable == 0.0 {
        (0.0, false)
    } else {
        (met / applicable, true)
    }
}

fn diversity_detail(
    rules: &ScoreRules,
    ws: &Workspace,
    mentee: usize,
    mentor: usize,
    fraction: f64,
) -> String {
    if fraction == 0.0 {
        return String::new();
    }
    let (a, b) = (&ws.people[mentee].person, &ws.people[mentor].person);
    let mut out = Vec::new();
    for (preference, x, y, what) in [
        (rules.department, &a.department, &b.department, "department"),
        (
            rules.organisation,
            &a.organisation,
            &b.organisation,
            "organisation",
        ),
    ] {
        match (preference, x, y) {
            (Preference::Different, Some(x), Some(y))
                if !x.trim().eq_ignore_ascii_case(y.trim()) =>
            {
                out.push(format!("different {what}s ({x} / {y})"))
            }
            (Preference::Same, Some(x), Some(y)) if x.trim().eq_ignore_ascii_case(y.trim()) => {
                out.push(format!("same {what}"))
            }
            _ => {}
        }
    }
    out.join(", ")
}

//! The match score: a weighted sum of small, explainable criteria.

use crate::matching::rules::workable_modes;
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

fn shared<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter()
        .filter(|x| b.iter().any(|y| y.eq_ignore_ascii_case(x)))
        .map(String::as_str)
        .collect()
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// Score `mentor` for `mentee` (indices into the workspace's people).
pub fn score(ws: &Workspace, rules: &ScoreRules, mentee: usize, mentor: usize) -> Score {
    let (a, b) = (&ws.people[mentee].person, &ws.people[mentor].person);
    let w = rules.weights;
    let mut parts: Vec<(&'static str, u32, f64, String)> = Vec::with_capacity(7);

    let covered = shared(&a.needs, &b.expertise);
    parts.push(match a.needs.len() {
        0 => ("needs", w.needs, 0.0, String::new()),
        n => (
            "needs",
            w.needs,
            covered.len() as f64 / n as f64,
            if covered.is_empty() {
                String::new()
            } else {
                format!(
                    "covers {} ({} of {n} needs)",
                    covered.join(", "),
                    covered.len()
                )
            },
        ),
    });

    let slots = shared(&a.availability, &b.availability);
    parts.push((
        "availability",
        w.availability,
        (slots.len().min(2) as f64) / 2.0,
        if slots.is_empty() {
            String::new()
        } else {
            format!("both free {}", slots.join(", "))
        },
    ));

    let same_style = matches!((&a.style, &b.style), (Some(x), Some(y)) if x.trim().eq_ignore_ascii_case(y.trim()));
    parts.push((
        "style",
        w.style,
        if same_style { 1.0 } else { 0.0 },
        if same_style {
            format!("same style ({})", a.style.as_deref().unwrap_or_default())
        } else {
            String::new()
        },
    ));

    let modes = workable_modes(ws, mentee, mentor);
    let mode_names: Vec<&str> = modes.shared.iter().map(|m| m.as_str()).collect();
    parts.push((
        "mode",
        w.mode,
        if modes.preferred {
            1.0
        } else if modes.any_workable {
            0.5
        } else {
            0.0
        },
        if modes.any_workable {
            format!("can meet {}", mode_names.join(" or "))
        } else {
            String::new()
        },
    ));

    let languages = shared(&a.languages, &b.languages);
    let extra = languages.get(1..).unwrap_or_default();
    parts.push((
        "languages",
        w.languages,
        if extra.is_empty() { 0.0 } else { 1.0 },
        if extra.is_empty() {
            String::new()
        } else {
            format!("also share {}", extra.join(", "))
        },
    ));

    let (fraction, applies, detail) = diversity(rules, a, b);
    parts.push((
        "diversity",
        if applies { w.diversity } else { 0 },
        fraction,
        detail,
    ));

    let rank = a.prefer.iter().position(|p| {
        p == &ws.people[mentor].id
            || b.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(p))
    });
    parts.push((
        "preference",
        w.preference,
        match rank {
            Some(0) => 1.0,
            Some(1) => 0.75,
            Some(_) => 0.5,
            None => 0.0,
        },
        rank.map_or_else(String::new, |r| {
            format!("mentee's {} choice", ordinal(r + 1))
        }),
    ));

    let total_weight: u32 = parts.iter().map(|p| p.1).sum();
    let components: Vec<Component> = parts
        .into_iter()
        .map(|(name, weight, fraction, detail)| Component {
            name,
            weight,
            fraction,
            points: if total_weight == 0 {
                0.0
            } else {
                100.0 * f64::from(weight) * fraction / f64::from(total_weight)
            },
            detail,
        })
        .collect();
    let total = components
        .iter()
        .map(|c| c.points)
        .sum::<f64>()
        .round()
        .clamp(0.0, 100.0) as u8;
    Score { total, components }
}

/// Department and organisation preferences: (fraction, applies, detail).
fn diversity(
    rules: &ScoreRules,
    a: &crate::model::Person,
    b: &crate::model::Person,
) -> (f64, bool, String) {
    let mut met = 0.0;
    let mut applicable = 0.0;
    let mut details = Vec::new();
    for (preference, x, y, what) in [
        (
            rules.department,
            &a.department,
            &b.department,
            "departments",
        ),
        (
            rules.organisation,
            &a.organisation,
            &b.organisation,
            "organisations",
        ),
    ] {
        if preference == Preference::Any {
            continue;
        }
        applicable += 1.0;
        let (Some(x), Some(y)) = (x, y) else { continue };
        let same = x.trim().eq_ignore_ascii_case(y.trim());
        if same == (preference == Preference::Same) {
            met += 1.0;
            details.push(if same {
                format!("same {}", what.trim_end_matches('s'))
            } else {
                format!("different {what} ({x} / {y})")
            });
        }
    }
    if applicable == 0.0 {
        (0.0, false, String::new())
    } else {
        (met / applicable, true, details.join(", "))
    }
}

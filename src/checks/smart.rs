//! Every goal is SMART: Specific, Measurable, Achievable, Relevant, Time-bound.

use crate::checks::references::competency_reference;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Goal, GoalStatus};
use crate::workspace::{PairEntry, Workspace};

/// Words people leave in a field meaning to come back to it.
const PLACEHOLDERS: &[&str] = &[
    "todo",
    "tbd",
    "tbc",
    "to do",
    "to be decided",
    "to be confirmed",
    "n/a",
    "na",
    "none",
    "-",
    "?",
    "...",
    "xxx",
    "lorem ipsum",
    "fill in",
    "fill me in",
    "placeholder",
];

/// Whether a SMART part is missing in substance: empty, a placeholder, or too
/// short to say anything.
pub fn is_placeholder(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase();
    t.chars().filter(|c| c.is_alphanumeric()).count() < 3
        || PLACEHOLDERS.contains(&t.as_str())
        || (t.starts_with('<') && t.ends_with('>'))
        || t.starts_with("todo")
        || t.starts_with("tbd")
}

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let erased = |id: &str| ws.programme.as_ref().is_some_and(|p| p.is_erased(id));
    for entry in &ws.pairs {
        // An erased person's goals keep only what the figures read: their
        // wording went with the person (`mentor person erase`).
        if entry.pair.member_ids().any(erased) {
            entry.goals.iter().for_each(|goal| status(goal, out));
            continue;
        }
        for goal in &entry.goals {
            if goal.is_draft() {
                // A goal the pair is still writing: what it lacks is said,
                // as warnings, so CI passes until it leaves draft.
                let mut findings = Vec::new();
                smart_parts(ws, entry, goal, &mut findings);
                out.extend(findings.into_iter().map(as_draft));
            } else {
                smart_parts(ws, entry, goal, out);
            }
            status(goal, out);
        }
    }
}

/// A SMART finding about a draft goal, as the warning it is while drafting.
fn as_draft(finding: Diagnostic) -> Diagnostic {
    let smart = matches!(
        finding.code,
        Code::GoalNotSpecific
            | Code::GoalNotMeasurable
            | Code::GoalNotAchievable
            | Code::GoalNotRelevant
            | Code::GoalNotTimeBound
            | Code::GoalDueOutsidePair
    );
    if !smart {
        return finding;
    }
    let help = finding.help.clone().unwrap_or_default();
    Diagnostic::at(
        Code::DraftGoalNotSmart,
        finding.location,
        format!("draft {}", finding.message),
    )
    .help(format!(
        "{help} (a warning while `status: draft`; an error once the goal leaves draft)"
    ))
}

fn smart_parts(ws: &Workspace, entry: &PairEntry, goal: &Goal, out: &mut Vec<Diagnostic>) {
    let parts = [
        (
            &goal.specific,
            Goal::SPECIFIC,
            Code::GoalNotSpecific,
            "say exactly what will be done",
        ),
        (
            &goal.measurable,
            Goal::MEASURABLE,
            Code::GoalNotMeasurable,
            "say how you will know it is done: a number, an output, an observable change",
        ),
        (
            &goal.achievable,
            Goal::ACHIEVABLE,
            Code::GoalNotAchievable,
            "say why it is realistic and what support it needs",
        ),
        (
            &goal.relevant,
            Goal::RELEVANT,
            Code::GoalNotRelevant,
            "name a competency id, or say why the goal matters",
        ),
    ];
    for (text, field, code, help) in parts {
        let name = field.name();
        match text.as_deref() {
            None if goal.at.has(field) => {} // present but invalid: already reported
            None => out.push(
                Diagnostic::new(
                    code,
                    goal.at.of(field),
                    format!("goal `{}` is not {name}: `{name}` is missing", goal.id),
                )
                .help(help),
            ),
            Some(text) if is_placeholder(text) => out.push(
                Diagnostic::new(
                    code,
                    goal.at.of(field),
                    format!(
                        "goal `{}` is not {name}: `{name}` is `{}`",
                        goal.id,
                        text.trim()
                    ),
                )
                .help(help),
            ),
            Some(_) => {}
        }
    }
    // `relevant` is a competency id or a sentence; a single word that is no
    // competency is a misspelt id or too thin to explain relevance.
    if let Some(relevant) = goal.relevant.as_deref().map(str::trim)
        && !is_placeholder(relevant)
        && !relevant.contains(char::is_whitespace)
    {
        competency_reference(ws, relevant, "relevant", goal.at.of(Goal::RELEVANT), out);
    }
    let Some(due) = goal.due else {
        if goal.at.has(Goal::DUE) {
            return;
        }
        out.push(
            Diagnostic::new(
                Code::GoalNotTimeBound,
                goal.at.record,
                format!("goal `{}` is not time-bound: `due` is missing", goal.id),
            )
            .help("add `due: YYYY-MM-DD`, within the pair's term"),
        );
        return;
    };
    let pair = &entry.pair;
    let outside = match (pair.started, pair.ends) {
        (Some(start), _) if due < start => Some(format!("before the pair started ({start})")),
        (_, Some(end)) if due > end => Some(format!("after the pair ends ({end})")),
        _ => None,
    };
    if let Some(why) = outside {
        out.push(
            Diagnostic::new(
                Code::GoalDueOutsidePair,
                goal.at.of(Goal::DUE),
                format!("goal `{}` is due on {due}, {why}", goal.id),
            )
            .help("set a due date within the pair's term"),
        );
    }
}

fn status(goal: &Goal, out: &mut Vec<Diagnostic>) {
    let achieved = goal.status() == GoalStatus::Achieved;
    if achieved && goal.achieved_on.is_none() {
        out.push(
            Diagnostic::new(
                Code::GoalAchievedUndated,
                goal.at.of(Goal::STATUS),
                format!(
                    "goal `{}` is achieved but has no `achieved_on` date",
                    goal.id
                ),
            )
            .help("add `achieved_on: YYYY-MM-DD`"),
        );
    }
    if !achieved && goal.achieved_on.is_some() {
        out.push(
            Diagnostic::new(
                Code::AchievedOnWithoutAchieved,
                goal.at.of(Goal::ACHIEVED_ON),
                format!(
                    "goal `{}` has `achieved_on` but its status is `{}`",
                    goal.id,
                    goal.status()
                ),
            )
            .help("set `status: achieved`, or remove `achieved_on`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_are_caught_and_real_text_is_not() {
        for text in [
            "",
            "  ",
            "TODO",
            "todo: write this",
            "TBD.",
            "?",
            "...",
            "<measurable>",
            "n/a",
            "ok",
        ] {
            assert!(is_placeholder(text), "{text:?} should be a placeholder");
        }
        for text in [
            "Deliver the Q3 budget forecast",
            "3 presentations",
            "budgeting",
        ] {
            assert!(!is_placeholder(text), "{text:?} is real content");
        }
    }
}

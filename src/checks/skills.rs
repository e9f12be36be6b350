//! The skills tick sheet: assessments name known competencies, at levels on
//! the programme's scale, by the pair's own members; and pairs assess at the
//! start and at the end.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Assessment, AssessmentStage, Level, PairStatus};
use crate::progress::GRACE_DAYS;
use crate::workspace::{PairEntry, Workspace};

pub fn check(ws: &Workspace, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(programme) = &ws.programme else {
        return;
    };
    let scale = programme.assessment_scale();
    for entry in &ws.pairs {
        for assessment in &entry.assessments {
            assessed_by_a_member(entry, assessment, out);
            for level in assessment.levels.iter().flat_map(|l| &l.0) {
                level_on_the_scale(ws, level, scale, out);
            }
        }
        if !scale.is_empty() {
            assessed_at_start_and_end(entry, as_of, out);
        }
    }
}

/// An assessment is by the pair's mentor or mentee.
fn assessed_by_a_member(entry: &PairEntry, assessment: &Assessment, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    if !pair.has_member(&assessment.by) {
        out.push(
            Diagnostic::new(
                Code::AssessorNotInPair,
                assessment.at.of(Assessment::BY),
                format!(
                    "assessment by `{}`, who is neither the mentor nor the mentee of pair `{}`",
                    assessment.by, entry.id
                ),
            )
            .help(format!(
                "write `{}` or `{}`",
                pair.mentees_shown(),
                pair.mentor
            )),
        );
    }
}

/// A level names a competency of the programme, at a level on its scale.
fn level_on_the_scale(ws: &Workspace, level: &Level, scale: &[String], out: &mut Vec<Diagnostic>) {
    if ws.competency(&level.competency).is_none() {
        out.push(
            Diagnostic::new(
                Code::UnknownCompetency,
                level.at,
                format!(
                    "`{}` is not a competency of the programme",
                    level.competency
                ),
            )
            .help(format!(
                "use one of: {}",
                ws.competency_ids().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    if scale.is_empty() {
        out.push(
            Diagnostic::new(
                Code::InvalidValue,
                level.at,
                "the programme defines no assessment scale for levels",
            )
            .help("add `[assessment] scale = [\"not yet\", \"with support\", \"independently\", \"can teach others\"]` to programme.toml"),
        );
    } else if level.level == 0 || level.level as usize > scale.len() {
        out.push(
            Diagnostic::new(
                Code::InvalidValue,
                level.at,
                format!(
                    "level {} of `{}` is off the scale, which runs from 1 to {}",
                    level.level,
                    level.competency,
                    scale.len()
                ),
            )
            .help(
                scale
                    .iter()
                    .enumerate()
                    .map(|(i, label)| format!("{} = {label}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }
}

/// A pair assesses at the start (past the first month) and, once closed,
/// at the end.
fn assessed_at_start_and_end(entry: &PairEntry, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let has = |stage: AssessmentStage| {
        entry
            .assessments
            .iter()
            .any(|a| a.stage == stage && a.date <= as_of)
    };
    let status = pair.status_on(as_of);
    if let Some(started) = pair
        .started
        .filter(|_| matches!(status, Some(PairStatus::Active | PairStatus::Closed)))
        && (as_of - started).num_days() > GRACE_DAYS
        && !has(AssessmentStage::Baseline)
    {
        out.push(
            Diagnostic::new(
                Code::NoBaselineAssessment,
                pair.at.of(crate::model::Pair::STARTED),
                format!(
                    "pair `{}` started {} ago and has no baseline assessment",
                    entry.id,
                    crate::text::count((as_of - started).num_days(), "day")
                ),
            )
            .help(format!(
                "record where the mentee stands: `mentor new assessment {} --stage baseline --level <competency>=<level>`",
                entry.id
            )),
        );
    }
    if status == Some(PairStatus::Closed) && !has(AssessmentStage::Final) {
        let at = pair
            .closure
            .as_ref()
            .map_or(pair.at.record, |c| c.at.record);
        out.push(
            Diagnostic::new(
                Code::NoFinalAssessment,
                at,
                format!("pair `{}` closed without a final assessment", entry.id),
            )
            .help(format!(
                "record what changed: `mentor new assessment {} --stage final --level <competency>=<level>`",
                entry.id
            )),
        );
    }
}

//! `mentor feedback PAIR --by ID --stage mid|final|other --satisfaction N`:
//! one member's evaluation, its rating and comment sealed for them and the
//! coordinators where the programme seals.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::FeedbackArgs;
use crate::commands::{Sealing, find_pair, load, private_text};
use crate::decode::Field;
use crate::edit::{EntryValue, append_to_pair, lock};
use crate::layout::FEEDBACK;
use crate::load::display_path;
use crate::model::{Feedback, FeedbackStage};
use crate::output::Output;
use crate::seal::fields;
use crate::seal::places::Owner;
use crate::settings::Settings;
use crate::workspace::{PairEntry, Workspace};

pub fn run(args: &FeedbackArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    if !entry.pair.has_member(&args.by) {
        bail!(
            "`{}` is neither the mentor ({}) nor the mentee ({}) of pair `{}`: only they give its feedback",
            args.by,
            entry.pair.mentor,
            entry.pair.mentees_shown(),
            entry.id
        );
    }
    let date = args.date.unwrap_or(settings.today);
    // Both keys are checked before the comment is asked for, so nobody
    // types a comment that cannot be kept.
    let sealing = |field| sealing_of(&ws, entry, &args.by, date, field);
    let (rating_sealing, comment_sealing) = (
        sealing(Feedback::SATISFACTION)?,
        sealing(Feedback::COMMENT)?,
    );
    let comment = private_text(
        settings,
        "the feedback comment",
        "echo \"...\" | mentor feedback PAIR --by ID --stage mid --satisfaction 4",
    )?;
    let rating = i64::from(args.satisfaction);
    let mut written = vec![
        (Feedback::BY, EntryValue::Word(args.by.clone())),
        (Feedback::DATE, EntryValue::Date(date)),
        (Feedback::STAGE, EntryValue::Word(args.stage.clone())),
        (
            Feedback::SATISFACTION,
            Sealing::keep(
                rating_sealing.as_ref(),
                &rating.to_string(),
                EntryValue::Number(rating),
            )?,
        ),
    ];
    if !comment.is_empty() {
        written.push((
            Feedback::COMMENT,
            Sealing::keep(
                comment_sealing.as_ref(),
                &comment,
                EntryValue::Text(comment.clone()),
            )?,
        ));
    }
    let path = append_to_pair(&ws, &entry.id, &FEEDBACK, &written, &lock, settings.today)?;
    let sealed = if rating_sealing.is_some() {
        format!(
            ", sealed for {} and the coordinators",
            ws.name_or_id(&args.by)
        )
    } else {
        String::new()
    };
    out.print(&format!(
        "Recorded the {} feedback of {} on {date} in {}{sealed}.\n{}",
        args.stage,
        args.by,
        display_path(&path),
        mid_point_news(entry, &args.by, args.stage == FeedbackStage::Mid.as_str())
    ))?;
    Ok(Outcome::Success)
}

/// How a value of this feedback is kept ([`Sealing::of`]).
fn sealing_of(
    ws: &Workspace,
    entry: &PairEntry,
    by: &str,
    date: chrono::NaiveDate,
    field: Field,
) -> Result<Option<Sealing>> {
    let owner = Owner::Feedback {
        pair: entry.id.clone(),
        by: by.to_string(),
        date,
    };
    Sealing::of(
        ws,
        &fields::FEEDBACK,
        owner,
        field,
        Some(&entry.pair),
        false,
        "feedback ratings and comments",
    )
}

/// Whether the mid-point review is now done, or waits for the other member.
fn mid_point_news(entry: &PairEntry, by: &str, mid: bool) -> String {
    if !mid || !entry.pair.promises_mid_point_review() {
        return String::new();
    }
    // The others of the pair (or group): the review is done when each has given theirs.
    let waiting_for = entry
        .pair
        .member_ids()
        .filter(|member| *member != by)
        .find(|other| {
            !entry
                .feedback
                .iter()
                .any(|f| f.by == *other && f.stage == Some(FeedbackStage::Mid))
        });
    let Some(other) = waiting_for else {
        return "The mid-point review is done: both have given mid-point feedback.\n".to_string();
    };
    format!(
        "The mid-point review is done once {other} gives theirs too (`mentor feedback {} --by {other} --stage mid`).\n",
        entry.id
    )
}

use anyhow::{Context, Result, bail};

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::load;
use crate::commands::{Sealing, private_text};
use crate::edit::{EntryValue, append_to_pair, lock};
use crate::layout::LOG;
use crate::load::display_path;
use crate::model::Meeting;
use crate::output::Output;
use crate::seal::fields;
use crate::seal::places::Owner;
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &LogArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let date = args.date.unwrap_or(settings.today);
    let mut fields = vec![
        (Meeting::DATE, EntryValue::Date(date)),
        (
            Meeting::MINUTES,
            EntryValue::Number(i64::from(args.minutes)),
        ),
    ];
    if let Some(mode) = &args.mode {
        fields.push((Meeting::MODE, EntryValue::Word(mode.clone())));
    }
    if !args.goals.is_empty() {
        fields.push((Meeting::GOALS, EntryValue::Ids(args.goals.clone())));
    }
    if !args.topics.is_empty() {
        fields.push((Meeting::TOPICS, EntryValue::Texts(args.topics.clone())));
    }
    if !args.actions.is_empty() {
        fields.push((Meeting::ACTIONS, EntryValue::Texts(args.actions.clone())));
    }
    // The check refuses a member who is not one of the group's mentees.
    if let Some(member) = &args.member {
        fields.push((Meeting::MEMBER, EntryValue::Word(member.clone())));
    }
    if args.private {
        refuse_one_member_s_notes(&ws, &args.pair, args.member.as_deref())?;
        fields.push((
            Meeting::PRIVATE_NOTES,
            EntryValue::Sealed(private_note(&ws, &args.pair, date, settings)?),
        ));
    }
    let path = append_to_pair(&ws, &args.pair, &LOG, &fields, &lock, settings.today)?;
    let sealed = if args.private {
        " with private notes sealed for the pair"
    } else {
        ""
    };
    out.print(&format!(
        "Logged the meeting of {date}{sealed} in {}.\n",
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

/// A group's private notes are sealed for every member: a note for one
/// member's meeting would be read by the others, so none is written.
fn refuse_one_member_s_notes(ws: &Workspace, pair: &str, member: Option<&str>) -> Result<()> {
    let Some(member) = member else {
        return Ok(());
    };
    if ws
        .pair(pair)
        .is_some_and(|entry| entry.pair.has_several_mentees())
    {
        bail!(
            "nothing written: a group's private notes are sealed for every member of `{pair}`, so notes of a meeting with `{member}` would be read by the other members too; log the meeting without --private (say the rest in person), or without --member if the notes are the whole group's"
        );
    }
    Ok(())
}

/// The private note, sealed for the pair's mentor and mentee before anything
/// is written: read from standard input, or typed in the editor on a
/// terminal. It never passes through the command line.
fn private_note(
    ws: &Workspace,
    pair: &str,
    date: chrono::NaiveDate,
    settings: &Settings,
) -> Result<String> {
    let Some(entry) = ws.pair(pair) else {
        bail!("no pair `{pair}` under {}", ws.root.join("pairs").display());
    };
    let owner = Owner::Meeting {
        pair: pair.to_string(),
        date,
    };
    let sealing = Sealing::of(
        ws,
        &fields::MEETING,
        owner,
        Meeting::PRIVATE_NOTES,
        Some(&entry.pair),
        true,
        "private notes",
    )?
    .context("private notes are always sealed")?;
    let note = private_text(
        settings,
        "the private note",
        "echo \"...\" | mentor log PAIR --private ...",
    )?;
    if note.is_empty() {
        bail!("nothing written: the private note is empty");
    }
    sealing.seal(&note)
}

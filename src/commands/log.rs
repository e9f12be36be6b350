use std::io::Read;

use anyhow::{Context, Result, anyhow, bail};

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::load;
use crate::edit::{EntryValue, append_to_pair, lock};
use crate::layout::LOG;
use crate::load::display_path;
use crate::model::Meeting;
use crate::output::Output;
use crate::seal::places::{self, Owner, Place};
use crate::seal::{fields, values};
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
    if args.private {
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
    let readers = fields::MEETING.readers.of(&owner, Some(&entry.pair));
    let keys = values::recipients(ws, &readers).map_err(|missing| {
        anyhow!(
            "nothing written: private notes are sealed for the pair, and {} must first add a public key under `keys` in their person file",
            values::reader_names(ws, &missing)
        )
    })?;
    // A key slipped into someone's profile must not receive the note.
    crate::commands::refuse_unapproved_keys(ws, &ws.root)?;
    let note = if settings.interactive {
        typed_in_editor(settings)?
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the private note from standard input")?;
        text
    };
    let note = note.trim();
    if note.is_empty() {
        bail!("nothing written: the private note is empty");
    }
    let place = Place::new(owner, Meeting::PRIVATE_NOTES);
    places::seal(note, &keys, &place).map_err(anyhow::Error::msg)
}

/// Opens the editor on an empty file only the user can read, outside the
/// programme, and removes it as soon as the note is read.
fn typed_in_editor(settings: &Settings) -> Result<String> {
    let Some(editor) = &settings.editor else {
        bail!(
            "set $EDITOR to type the private note, or pipe it in: `echo \"...\" | mentor log PAIR --private ...`"
        );
    };
    let file = tempfile::Builder::new()
        .prefix("mentor-private-note-")
        .suffix(".txt")
        .tempfile()
        .context("cannot make a file for the note")?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot start the editor `{program}`"))?;
    if !status.success() {
        bail!("nothing written: the editor exited with {status}");
    }
    std::fs::read_to_string(file.path()).context("cannot read the note back")
}

use std::io::Read;

use anyhow::{Context, Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{PairCloseArgs, PairCommand, PairPauseArgs, PairRejectArgs, PairStartArgs};
use crate::commands::{find_pair, load};
use crate::edit::toml::{appended_record, changed_record};
use crate::edit::{Change, EntryValue, Target, apply, lock};
use crate::model::{
    Agreement, Closure, ClosureReason, Pair, PairStatus, Pause, Person, PersonStatus,
};
use crate::output::Output;
use crate::seal::fields::Reader;
use crate::seal::places::{self, Owner, Place};
use crate::seal::values;
use crate::settings::Settings;
use crate::workspace::{PairEntry, Workspace};

pub fn run(command: &PairCommand, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    match command {
        PairCommand::Start(args) => start(args, settings, out),
        PairCommand::Close(args) => close(args, settings, out),
        PairCommand::Reject(args) => reject(args, settings, out),
        PairCommand::Pause(args) => pause(args, settings, out),
    }
}

/// A pair status, as written.
fn status(status: PairStatus) -> EntryValue {
    EntryValue::Word(status.as_str().into())
}

fn pair_file(ws: &Workspace, entry: &PairEntry) -> Result<std::path::PathBuf> {
    ws.sources
        .path_of(entry.file)
        .map(std::path::Path::to_path_buf)
        .context("the pair's file is no longer loaded")
}

/// A person's status, as a change to their file, when it is not already so.
fn person_status(ws: &Workspace, id: &str, status: PersonStatus) -> Result<Option<Change>> {
    let Some(person) = ws.person(id) else {
        return Ok(None);
    };
    if person.person.status == Some(status) {
        return Ok(None);
    }
    let path = ws
        .sources
        .path_of(person.file)
        .context("the person's file")?;
    changed_record(
        path,
        &[(
            Person::STATUS.into(),
            EntryValue::Word(status.as_str().into()),
        )],
    )
    .map(Some)
}

fn start(args: &PairStartArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    if entry.pair.status != PairStatus::Proposed {
        bail!(
            "pair `{}` is {}, not proposed: only a proposal can start",
            entry.id,
            entry.pair.status
        );
    }
    let date = args.date.unwrap_or(settings.today);
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (Pair::STATUS.into(), status(PairStatus::Active)),
        (Pair::STARTED.into(), EntryValue::Date(date)),
    ];
    if entry.pair.agreement.is_none() {
        // The learning contract the pair fills in and signs at its first meeting.
        let confidentiality = Target::within(Pair::AGREEMENT, Agreement::CONFIDENTIALITY);
        fields.push((confidentiality, EntryValue::Bool(true)));
    }
    let mut changes = vec![changed_record(&pair_file(&ws, entry)?, &fields)?];
    for who in [&entry.pair.mentee, &entry.pair.mentor] {
        if ws
            .person(who)
            .is_some_and(|p| p.person.status() == PersonStatus::Applied)
        {
            changes.extend(person_status(&ws, who, PersonStatus::Active)?);
        }
    }
    apply(&lock, &ws, &changes, settings.today)?;
    out.print(&format!(
        "Started pair {} on {date}.\nNext: the pair agrees and signs the learning contract (`signed` under [agreement]) and writes SMART goals (`mentor new goal {}`).\n",
        entry.id, entry.id
    ))?;
    Ok(Outcome::Success)
}

fn close(args: &PairCloseArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    if entry.pair.status != PairStatus::Active {
        bail!(
            "pair `{}` is {}, not active{}",
            entry.id,
            entry.pair.status,
            if entry.pair.status == PairStatus::Proposed {
                ": turn a proposal down with `mentor pair reject`"
            } else {
                ""
            }
        );
    }
    let reason = ClosureReason::parse(&args.reason).context("a closure reason")?;
    let date = args.date.unwrap_or(settings.today);
    let closure = |field| Target::within(Pair::CLOSURE, field);
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (Pair::STATUS.into(), status(PairStatus::Closed)),
        (closure(Closure::DATE), EntryValue::Date(date)),
        (
            closure(Closure::REASON),
            EntryValue::Word(reason.as_str().into()),
        ),
    ];
    if args.note_from_stdin {
        let mut note = String::new();
        std::io::stdin()
            .read_to_string(&mut note)
            .context("cannot read the note")?;
        let note = note.trim();
        if !note.is_empty() {
            fields.push((closure(Closure::NOTE), closure_note(&ws, &entry.id, note)?));
        }
    }
    let mut changes = vec![changed_record(&pair_file(&ws, entry)?, &fields)?];
    let done = matches!(
        reason,
        ClosureReason::Completed | ClosureReason::GoalsMetEarly
    );
    if done && !args.rematch {
        changes.extend(person_status(
            &ws,
            &entry.pair.mentee,
            PersonStatus::Completed,
        )?);
    }
    apply(&lock, &ws, &changes, settings.today)?;
    let next = if done && !args.rematch {
        format!(
            "{} is marked completed. Next: ask both for final feedback (`stage: final` in feedback.yaml).",
            entry.pair.mentee
        )
    } else {
        format!(
            "{} waits for a new mentor: `mentor match --explain {}`.",
            entry.pair.mentee, entry.pair.mentee
        )
    };
    out.print(&format!(
        "Closed pair {} on {date} ({reason}).\n{next}\n",
        entry.id
    ))?;
    Ok(Outcome::Success)
}

/// The closure note is for the coordinators alone: sealed for them where
/// the programme seals, and refused rather than left readable when they
/// have no key.
fn closure_note(ws: &Workspace, pair: &str, note: &str) -> Result<EntryValue> {
    if !ws.programme.as_ref().is_some_and(|p| p.seals()) {
        return Ok(EntryValue::Text(note.to_string()));
    }
    let keys = values::recipients(ws, &[Reader::Coordinators]).map_err(|_| {
        anyhow!("nothing written: the programme seals closure notes for the coordinators, and they have no key under [coordinator] keys")
    })?;
    // A key slipped into `[coordinator] keys` must not receive the note.
    crate::commands::refuse_unapproved_keys(ws, &ws.root)?;
    let place = Place::new(
        Owner::Closure {
            pair: pair.to_string(),
        },
        Closure::NOTE,
    );
    places::seal(note, &keys, &place)
        .map(EntryValue::Sealed)
        .map_err(anyhow::Error::msg)
}

fn reject(args: &PairRejectArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    if entry.pair.status != PairStatus::Proposed {
        bail!(
            "pair `{}` is {}: only a proposal can be turned down",
            entry.id,
            entry.pair.status
        );
    }
    let date = args.date.unwrap_or(settings.today);
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (Pair::STATUS.into(), status(PairStatus::Rejected)),
        (Pair::REJECTED_ON.into(), EntryValue::Date(date)),
    ];
    if let Some(by) = &args.by {
        if by != &entry.pair.mentee && by != &entry.pair.mentor {
            bail!(
                "--by {by}: a proposal is turned down by one of its two people, `{}` or `{}`",
                entry.pair.mentee,
                entry.pair.mentor
            );
        }
        fields.push((Pair::REJECTED_BY.into(), EntryValue::Text(by.clone())));
    }
    if let Some(reason) = &args.reason {
        fields.push((
            Pair::REJECTION_REASON.into(),
            EntryValue::Text(reason.clone()),
        ));
    }
    let changes = vec![changed_record(&pair_file(&ws, entry)?, &fields)?];
    apply(&lock, &ws, &changes, settings.today)?;
    out.print(&format!(
        "Turned down pair {}: `mentor match` will not propose it again. Next: `mentor match --explain {}`.\n",
        entry.id, entry.pair.mentee
    ))?;
    Ok(Outcome::Success)
}

fn pause(args: &PairPauseArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    let pair = &entry.pair;
    if pair.status != PairStatus::Active {
        bail!(
            "pair `{}` is {}, not active: only a running pair can pause",
            entry.id,
            pair.status
        );
    }
    let from = args.from.unwrap_or(settings.today);
    let to = args.to;
    if to < from {
        bail!("the pause would end ({to}) before it begins ({from}): `--to` is its last day");
    }
    if let Some(started) = pair.started.filter(|s| from < *s) {
        bail!(
            "the pause would begin ({from}) before pair `{}` started ({started})",
            entry.id
        );
    }
    if let Some(ends) = pair.ends.filter(|e| from > *e) {
        bail!(
            "the pause would begin ({from}) after pair `{}` is planned to end ({ends})",
            entry.id
        );
    }
    if let Some(other) = pair.pause.iter().find(|p| p.overlaps(from, to)) {
        bail!(
            "pair `{}` is already paused from {} to {}: choose dates outside that pause",
            entry.id,
            other.from,
            other.to
        );
    }
    let days = (to - from).num_days() + 1;
    let mut pause = vec![
        (Pause::FROM, EntryValue::Date(from)),
        (Pause::TO, EntryValue::Date(to)),
    ];
    if let Some(reason) = &args.reason {
        pause.push((Pause::REASON, EntryValue::Text(reason.clone())));
    }
    let moved_end = match (args.extend, pair.ends) {
        (true, Some(ends)) => Some((
            ends,
            ends.checked_add_days(chrono::Days::new(days.unsigned_abs()))
                .context("the new end date is out of range")?,
        )),
        (true, None) => bail!(
            "pair `{}` has no planned end (`ends`) to move: leave out `--extend`",
            entry.id
        ),
        (false, _) => None,
    };
    let set: Vec<(Target, EntryValue)> = moved_end
        .map(|(_, new)| (Pair::ENDS.into(), EntryValue::Date(new)))
        .into_iter()
        .collect();
    let change = appended_record(&pair_file(&ws, entry)?, Pair::PAUSE, &pause, &set)?;
    apply(&lock, &ws, &[change], settings.today)?;
    let end = match (moved_end, pair.ends) {
        (Some((old, new)), _) => format!("The planned end moves from {old} to {new}."),
        (None, Some(ends)) => format!(
            "The planned end stays {ends}; `--extend` moves it by the {days} days of the pause."
        ),
        (None, None) => String::new(),
    };
    out.print(&format!(
        "Paused pair {} from {from} to {to} ({days} days): no stalled warning and no reminders until it ends, and its days do not count towards the meeting interval.\n{end}\n",
        entry.id
    ))?;
    Ok(Outcome::Success)
}

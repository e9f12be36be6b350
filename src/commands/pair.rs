use std::io::Read;

use anyhow::{Context, Result, bail};

use crate::Outcome;
use crate::cli::{PairCloseArgs, PairCommand, PairPauseArgs, PairRejectArgs, PairStartArgs};
use crate::commands::{Sealing, find_pair, load};
use crate::edit::toml::{appended_record, changed_record, edited_record};
use crate::edit::{Change, EntryValue, Target, apply, lock};
use crate::layout::{AGREEMENT_EXAMPLE, agreement_terms_left};
use crate::model::{
    Agreement, Closure, ClosureReason, EndSource, Pair, PairStatus, Pause, Person, PersonStatus,
    PlannedEnd,
};
use crate::output::Output;
use crate::seal::fields;
use crate::seal::places::Owner;
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
    let training_note = training_before_start(&ws, entry, date)?;
    // An end already written in pair.toml stands, as if asked for.
    let asked = args.ends.or(entry.pair.ends);
    if let Some(ends) = asked.filter(|e| *e < date) {
        bail!(
            "the pair would end ({ends}) before it starts ({date}): `--ends` (or `ends` in pair.toml) is its last day"
        );
    }
    let agreed_months = entry
        .pair
        .agreement
        .as_ref()
        .and_then(|a| a.duration_months);
    let end = ws
        .programme
        .as_ref()
        .and_then(|p| p.planned_end(date, agreed_months, asked));
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (Pair::STATUS.into(), status(PairStatus::Active)),
        (Pair::STARTED.into(), EntryValue::Date(date)),
    ];
    fields.extend(
        end.or(asked.map(|date| PlannedEnd {
            date,
            from: EndSource::Asked,
            capped_from: None,
        }))
        .map(|end| (Pair::ENDS.into(), EntryValue::Date(end.date))),
    );
    // The learning contract the pair fills in and signs at its first
    // meeting, written as a table (its other terms as comments inside it),
    // so that uncommenting a term never makes a second `[agreement]`.
    let contract = [Agreement::CONFIDENTIALITY, Agreement::MID_POINT_REVIEW];
    let new_contract = entry.pair.agreement.is_none();
    if new_contract {
        fields.extend(contract.iter().map(|term| {
            (
                Target::within(Pair::AGREEMENT, *term),
                EntryValue::Bool(true),
            )
        }));
    }
    let mut changes = vec![edited_record(&pair_file(&ws, entry)?, &fields, |doc| {
        if new_contract {
            terms_left_as_comments(doc, &contract);
        }
        Ok(())
    })?];
    for who in entry.pair.mentee_ids().chain(entry.pair.mentor_ids()) {
        if ws
            .person(who)
            .is_some_and(|p| p.person.status() == PersonStatus::Applied)
        {
            changes.extend(person_status(&ws, who, PersonStatus::Active)?);
        }
    }
    apply(&lock, &ws, &changes, settings.today)?;
    let mut started = entry.pair.clone();
    started.started = Some(date);
    started.ends = end.map(|e| e.date).or(asked);
    let promised = new_contract || started.promises_mid_point_review();
    out.print(&training_note)?;
    out.print(&format!(
        "Started pair {} on {date}{}.\n{}Next: the pair agrees and signs the learning contract (`signed` under [agreement]) and writes SMART goals (`mentor new goal {}`).\n",
        entry.id,
        end.map(|e| ending(&e)).unwrap_or_default(),
        mid_point_line(&entry.id, &started, promised),
        entry.id
    ))?;
    Ok(Outcome::Success)
}

/// Refuse a start while a member lacks a required training session, unless
/// the programme's grace period lets the pair start and catch up: then the
/// note that says by when.
fn training_before_start(
    ws: &Workspace,
    entry: &PairEntry,
    date: chrono::NaiveDate,
) -> Result<String> {
    let gaps = crate::training::pair_gaps(ws, &entry.pair, date);
    if gaps.is_empty() {
        return Ok(String::new());
    }
    let lines: Vec<String> = gaps
        .iter()
        .map(|g| format!("`{}` lacks {}", g.person, g.sessions.join(", ")))
        .collect();
    let grace = ws
        .programme
        .as_ref()
        .map_or(0, crate::model::Programme::training_grace_days);
    if grace == 0 {
        bail!(
            "pair `{}` cannot start: the programme requires training first ({}); record it with `mentor person trained ID --session S --date D`",
            entry.id,
            lines.join("; ")
        );
    }
    let by = date + chrono::Days::new(u64::from(grace));
    Ok(format!(
        "Training still missing ({}): the programme's grace period allows it until {by}.\n",
        lines.join("; ")
    ))
}

/// The commented example contract a new pair.toml ends with gives way to
/// the `[agreement]` table written in its place (a new table goes at the
/// end of the file): the terms not written stay as comments right after the
/// table, inside it once uncommented.
fn terms_left_as_comments(doc: &mut toml_edit::DocumentMut, written: &[crate::decode::Field]) {
    let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
    if trailing.contains(AGREEMENT_EXAMPLE) {
        let rest = trailing.replacen(AGREEMENT_EXAMPLE, "", 1);
        doc.set_trailing(format!("{}{rest}", agreement_terms_left(written)));
    }
}

/// `, planned to end on DATE (why)`, and a note when the programme's end
/// capped it.
fn ending(end: &PlannedEnd) -> String {
    let why = match end.from {
        EndSource::Asked => "as asked".to_string(),
        EndSource::Agreement(months) => format!("after the agreement's {months} months"),
        EndSource::Programme(months) => {
            format!("after the programme's {months} months, `[pairs] duration_months`")
        }
        EndSource::ProgrammeEnd => "with the programme".to_string(),
    };
    match end.capped_from {
        Some(later) => format!(
            ", planned to end on {}: the programme's end, not {later} ({why}), as no pair runs past the programme",
            end.date
        ),
        None => format!(", planned to end on {} ({why})", end.date),
    }
}

/// When the mid-point review the agreement promises falls due, as a line.
fn mid_point_line(id: &str, pair: &Pair, promised: bool) -> String {
    match pair.mid_point().filter(|_| promised) {
        Some(day) => format!(
            "The mid-point review is due on {day}: each of you gives mid-point feedback (`mentor feedback {id} --by ID --stage mid`).\n"
        ),
        None => String::new(),
    }
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
    // The check refuses a number the pair's concerns log never raised.
    fields.extend(
        args.concern
            .map(|n| (closure(Closure::CONCERN), EntryValue::Number(i64::from(n)))),
    );
    if args.note_from_stdin {
        let mut note = String::new();
        std::io::stdin()
            .read_to_string(&mut note)
            .context("cannot read the note")?;
        let note = note.trim();
        if !note.is_empty() {
            fields.push((closure(Closure::NOTE), closure_note(&ws, entry, note)?));
        }
    }
    let mut changes = vec![changed_record(&pair_file(&ws, entry)?, &fields)?];
    let after = mentee_after(reason, args.rematch)?;
    // Every member of a group leaves, completes or waits again with it.
    for mentee in entry.pair.mentee_ids() {
        changes.extend(person_status(&ws, mentee, after)?);
    }
    apply(&lock, &ws, &changes, settings.today)?;
    let next = after_closing(&entry.pair, &entry.id, after);
    out.print(&format!(
        "Closed pair {} on {date} ({reason}).\n{next}\n",
        entry.id
    ))?;
    Ok(Outcome::Success)
}

/// What the coordinator does next for the mentee (or each member of a
/// group, every command naming one person) now that the pair is closed.
fn after_closing(pair: &crate::model::Pair, id: &str, after: PersonStatus) -> String {
    let members: Vec<&str> = pair.mentee_ids().collect();
    let group = members.len() > 1;
    // A pair's sentences name its mentee; a group's name every member and
    // leave each command's ID to fill in.
    let (who, one) = match members.as_slice() {
        [mentee] => (mentee.to_string(), mentee.to_string()),
        [init @ .., last] => (format!("{} and {last}", init.join(", ")), "ID".to_string()),
        [] => ("no mentee".to_string(), "ID".to_string()),
    };
    let (is, wait, they, they_are, whom) = if group {
        (
            "are",
            "wait",
            "one comes",
            "one is",
            "each member and the mentor",
        )
    } else {
        ("is", "waits", "they come", "they are", "both")
    };
    match after {
        PersonStatus::Completed => format!(
            "{who} {is} marked completed. Next: ask {whom} for final feedback (`mentor feedback {id} --by ID --stage final`)."
        ),
        PersonStatus::Withdrawn => format!(
            "{who} {is} marked withdrawn: nobody waits for them or chases them. If {they} back, `mentor person reactivate {one}`."
        ),
        _ => format!(
            "{who} {wait} for a new mentor (status applied): `mentor match --explain {one}`; if {they_are} not to be matched again, `mentor person withdraw {one}`."
        ),
    }
}

/// What closing a pair for `reason` makes of its mentee: a mentee who left
/// is withdrawn; one whose pair ran its course has completed, unless asked
/// to be matched again (`--rematch`); after any other early end the mentee
/// has applied again and waits for a new mentor.
fn mentee_after(reason: ClosureReason, rematch: bool) -> Result<PersonStatus> {
    Ok(match reason {
        ClosureReason::MenteeLeft if rematch => bail!(
            "a mentee who left (`mentee-left`) cannot wait for a new mentor: leave out `--rematch`, or give another reason"
        ),
        ClosureReason::MenteeLeft => PersonStatus::Withdrawn,
        ClosureReason::Completed | ClosureReason::GoalsMetEarly if !rematch => {
            PersonStatus::Completed
        }
        _ => PersonStatus::Applied,
    })
}

/// The closure note is for the coordinators alone: sealed for them where
/// the programme seals, and refused rather than left readable when they
/// have no key.
fn closure_note(ws: &Workspace, entry: &PairEntry, note: &str) -> Result<EntryValue> {
    let owner = Owner::Closure {
        pair: entry.id.clone(),
    };
    let sealing = Sealing::of(
        ws,
        &fields::CLOSURE,
        owner,
        Closure::NOTE,
        Some(&entry.pair),
        false,
        "closure notes",
    )?;
    Sealing::keep(sealing.as_ref(), note, EntryValue::Text(note.to_string()))
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
        if !entry.pair.has_member(by) {
            bail!(
                "--by {by}: a proposal is turned down by one of its two people, `{}` or `{}`",
                entry.pair.mentees_shown(),
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
        entry.id,
        entry.pair.mentees_shown()
    ))?;
    Ok(Outcome::Success)
}

/// The pair's planned end and where `--extend` (or
/// `--extend-to-programme-end`) moves it, by the pause's `days`; `None`
/// without either. Past the programme's end, `--extend` is refused with the
/// two ways forward.
fn moved_end(
    ws: &Workspace,
    entry: &PairEntry,
    args: &PairPauseArgs,
    days: i64,
) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
    if !args.extend && !args.extend_to_programme_end {
        return Ok(None);
    }
    let Some(ends) = entry.pair.ends else {
        bail!(
            "pair `{}` has no planned end (`ends`) to move: leave out `--extend`, or set `ends` in its pair.toml first",
            entry.id
        );
    };
    let wanted = ends
        .checked_add_days(chrono::Days::new(days.unsigned_abs()))
        .context("the new end date is out of range")?;
    let programme_end = ws.programme.as_ref().map(|p| p.end);
    match programme_end.filter(|end| wanted > *end) {
        None => Ok(Some((ends, wanted))),
        Some(end) if args.extend_to_programme_end => Ok(Some((ends, end.max(ends)))),
        Some(end) => bail!(
            "nothing written: moving the end of pair `{id}` by the {days} days of the pause would make it {wanted}, after the programme's end ({end}). Choose one:\n  - end with the programme: run this command again with `--extend-to-programme-end` instead of `--extend` (the pair then ends on {end});\n  - extend the programme: in programme.toml change `end = {end}` to `end = {wanted}`, then run this command again;\n  - or pause without moving the end: leave out `--extend`.",
            id = entry.id
        ),
    }
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
    let moved_end = moved_end(&ws, entry, args, days)?;
    let set: Vec<(Target, EntryValue)> = moved_end
        .map(|(_, new)| (Pair::ENDS.into(), EntryValue::Date(new)))
        .into_iter()
        .collect();
    let change = appended_record(&pair_file(&ws, entry)?, Pair::PAUSE, &pause, &set)?;
    apply(&lock, &ws, &[change], settings.today)?;
    let end = match (moved_end, pair.ends) {
        (Some((old, new)), _) if old == new => {
            format!("The planned end stays {new}, the programme's end.")
        }
        (Some((old, new)), _) if ws.programme.as_ref().is_some_and(|p| p.end == new) => {
            format!("The planned end moves from {old} to {new}, the programme's end.")
        }
        (Some((old, new)), _) => format!("The planned end moves from {old} to {new}."),
        (None, Some(ends)) => format!(
            "The planned end stays {ends}; `--extend` moves it by the {} of the pause.",
            crate::text::count(days, "day")
        ),
        (None, None) => String::new(),
    };
    out.print(&format!(
        "Paused pair {} from {from} to {to} ({}): no stalled warning and no reminders until it ends, and its days do not count towards the meeting interval.\n{end}\n",
        entry.id,
        crate::text::count(days, "day")
    ))?;
    Ok(Outcome::Success)
}

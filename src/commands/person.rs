use anyhow::{Context, Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{PersonApproveArgs, PersonArgs, PersonTrainedArgs};
use crate::commands::load;
use crate::decode::did_you_mean;
use crate::edit::Target;
use crate::edit::toml::changed_record;
use crate::edit::{Change, EntryValue, apply, lock};
use crate::model::{Approval, Attendance, Person, PersonStatus};
use crate::output::Output;
use crate::settings::Settings;
use crate::workspace::{PersonEntry, Workspace};

/// Set the person's status (`person complete`, `withdraw`, `reactivate`).
pub fn run(
    args: &PersonArgs,
    status: PersonStatus,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let person = find_person(&ws, &args.id)?;
    if person.person.status() == status {
        out.print(&format!("{} is {status} already.\n", person.person.name))?;
        return Ok(Outcome::Success);
    }
    let path = ws
        .sources
        .path_of(person.file)
        .context("the person's file")?;
    let mut fields = vec![(
        Person::STATUS.into(),
        EntryValue::Word(status.as_str().into()),
    )];
    // Retention (`[privacy] retain_months`) is counted from the day a person left.
    if matches!(status, PersonStatus::Withdrawn | PersonStatus::Completed) {
        fields.push((Person::LEFT_ON.into(), EntryValue::Date(settings.today)));
    }
    let change = changed_record(path, &fields)?;
    apply(&lock, &ws, &[change], settings.today)?;
    let note = match status {
        PersonStatus::Withdrawn => {
            " `mentor match` no longer proposes them; close any pair they are in with `mentor pair close`."
        }
        PersonStatus::Active => " `mentor match` proposes them again when they wait.",
        _ => "",
    };
    out.print(&format!("{} is now {status}.{note}\n", person.person.name))?;
    Ok(Outcome::Success)
}

fn find_person<'a>(ws: &'a Workspace, id: &str) -> Result<&'a PersonEntry> {
    ws.person(id).ok_or_else(|| {
        let hint = did_you_mean(id, ws.people.iter().map(|p| p.id.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        anyhow!(
            "no person `{id}` under {}{hint}",
            ws.root.join("people").display()
        )
    })
}

/// Add an `[[attended]]` entry to the person's file (TOML or YAML).
pub fn trained(args: &PersonTrainedArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let person = find_person(&ws, &args.id)?;
    let sessions = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.training.as_slice());
    let Some(session) = sessions.iter().find(|s| s.id == args.session) else {
        let hint = did_you_mean(&args.session, sessions.iter().map(|s| s.id.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        bail!(
            "the programme has no training session `{}` (`[[training]]` in programme.toml){hint}",
            args.session
        );
    };
    let date = args.date.unwrap_or(settings.today);
    if person
        .person
        .attended
        .iter()
        .any(|a| a.session == session.id && a.date == date)
    {
        out.print(&format!(
            "{} attended {} on {date} already.\n",
            person.person.name, session.title
        ))?;
        return Ok(Outcome::Success);
    }
    let path = ws
        .sources
        .path_of(person.file)
        .context("the person's file")?;
    let base = crate::load::read_record_text(path)
        .with_context(|| format!("cannot read {}", crate::load::display_path(path)))?;
    let item = [
        (Attendance::SESSION, EntryValue::Word(session.id.clone())),
        (Attendance::DATE, EntryValue::Date(date)),
    ];
    let text = if path.extension().is_some_and(|e| e == "toml") {
        crate::edit::toml::append_item(&base, Person::ATTENDED, &item)?
    } else {
        crate::edit::yaml::append_item(&base, Person::ATTENDED, &item)?
    };
    apply(
        &lock,
        &ws,
        &[Change::update(path.to_path_buf(), base, text)],
        settings.today,
    )?;
    out.print(&format!(
        "{} attended {} ({}) on {date}.\n",
        person.person.name, session.title, session.id
    ))?;
    Ok(Outcome::Success)
}

/// Write the mentee's `[supervisor_approval]` as the coordinator received
/// it: who, when, and how (`received_via`), so that `mentor audit` can tell
/// it from one the mentee typed in.
pub fn approve(args: &PersonApproveArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let person = find_person(&ws, &args.id)?;
    if !person.person.can_be_mentored() {
        bail!(
            "`{}` is not a mentee: only a mentee needs a supervisor's approval",
            args.id
        );
    }
    let date = args.date.unwrap_or(settings.today);
    let path = ws
        .sources
        .path_of(person.file)
        .context("the person's file")?;
    let approval = |field| Target::within(Person::SUPERVISOR_APPROVAL, field);
    let change = changed_record(
        path,
        &[
            (
                approval(Approval::BY),
                EntryValue::Text(args.by.trim().to_string()),
            ),
            (approval(Approval::DATE), EntryValue::Date(date)),
            (
                approval(Approval::RECEIVED_VIA),
                EntryValue::Word(args.via.clone()),
            ),
        ],
    )?;
    apply(&lock, &ws, &[change], settings.today)?;
    out.print(&format!(
        "Recorded the supervisor's approval of {} by {} on {date} (received by {}).\nCommit it yourself: `mentor audit` flags an approval the mentee recorded.\n",
        person.person.name,
        args.by.trim(),
        args.via
    ))?;
    Ok(Outcome::Success)
}

use anyhow::{Context, Result, anyhow};

use crate::Outcome;
use crate::cli::PersonArgs;
use crate::commands::load;
use crate::decode::did_you_mean;
use crate::edit::toml::changed_record;
use crate::edit::{EntryValue, apply, lock};
use crate::model::{Person, PersonStatus};
use crate::output::Output;
use crate::settings::Settings;

/// Set the person's status (`person complete`, `withdraw`, `reactivate`).
pub fn run(
    args: &PersonArgs,
    status: PersonStatus,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let person = ws.person(&args.id).ok_or_else(|| {
        let hint = did_you_mean(&args.id, ws.people.iter().map(|p| p.id.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        anyhow!(
            "no person `{}` under {}{hint}",
            args.id,
            ws.root.join("people").display()
        )
    })?;
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

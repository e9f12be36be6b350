use anyhow::Result;

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::load;
use crate::edit::{EntryValue, append_to_pair, lock};
use crate::load::display_path;
use crate::output::Output;
use crate::settings::Settings;

pub fn run(args: &LogArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir)?;
    let ws = load(&args.dir.dir)?;
    let date = args.date.unwrap_or(settings.today);
    let mut fields = vec![
        ("date", EntryValue::Date(date)),
        ("minutes", EntryValue::Number(i64::from(args.minutes))),
    ];
    if let Some(mode) = &args.mode {
        fields.push(("mode", EntryValue::Word(mode.clone())));
    }
    if !args.goals.is_empty() {
        fields.push(("goals", EntryValue::Ids(args.goals.clone())));
    }
    if !args.topics.is_empty() {
        fields.push(("topics", EntryValue::Texts(args.topics.clone())));
    }
    if !args.actions.is_empty() {
        fields.push(("actions", EntryValue::Texts(args.actions.clone())));
    }
    let path = append_to_pair(
        &ws,
        &args.pair,
        "log",
        "meetings",
        &fields,
        &lock,
        settings.today,
    )?;
    out.print(&format!(
        "Logged the meeting of {date} in {}.\n",
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

//! `mentor concern PAIR --raised-by ID` and `mentor concern PAIR
//! --follow-up N --status S`: the pair's concerns log, each entry's text
//! sealed for the coordinators alone, whoever raised it.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::ConcernArgs;
use crate::commands::{Sealing, find_pair, load, private_text};
use crate::edit::{EntryValue, append_to_pair, lock};
use crate::layout::CONCERNS;
use crate::load::display_path;
use crate::model::{ConcernEntry, ConcernStatus, concerns_on, next_concern_number};
use crate::output::Output;
use crate::seal::fields;
use crate::seal::places::Owner;
use crate::settings::Settings;
use crate::workspace::{PairEntry, Workspace};

pub fn run(args: &ConcernArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    let date = args.date.unwrap_or(settings.today);
    let (number, by, status) = new_entry(args, &ws, entry, date)?;
    // The coordinators' keys are checked before the text is asked for, so
    // nobody types what cannot be kept.
    let owner = Owner::Concern {
        pair: entry.id.clone(),
        number,
        date,
    };
    let sealing = Sealing::of(
        &ws,
        &fields::CONCERN,
        owner,
        ConcernEntry::TEXT,
        Some(&entry.pair),
        true,
        "concerns",
    )?;
    let text = private_text(
        settings,
        "the concern",
        "echo \"...\" | mentor concern PAIR --raised-by ID",
    )?;
    let mut written = vec![
        (ConcernEntry::CONCERN, EntryValue::Number(i64::from(number))),
        (ConcernEntry::DATE, EntryValue::Date(date)),
    ];
    if let Some(by) = &by {
        written.push((ConcernEntry::BY, EntryValue::Word(by.clone())));
    }
    written.push((
        ConcernEntry::STATUS,
        EntryValue::Word(status.as_str().into()),
    ));
    if !text.is_empty() {
        written.push((
            ConcernEntry::TEXT,
            Sealing::keep(sealing.as_ref(), &text, EntryValue::Text(text.clone()))?,
        ));
    }
    let path = append_to_pair(&ws, &entry.id, &CONCERNS, &written, &lock, settings.today)?;
    let what = match args.raised_by {
        Some(_) => format!("Raised concern {number} about pair {}", entry.id),
        None => format!(
            "Followed up concern {number} of pair {} ({status})",
            entry.id
        ),
    };
    out.print(&format!(
        "{what} on {date} in {}, the text sealed for the coordinators alone.\n",
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

/// The number, author and status of the entry to write: a new concern
/// (open, numbered after the log's last), or a follow-up of one the log
/// raised on or before `date`.
fn new_entry(
    args: &ConcernArgs,
    ws: &Workspace,
    entry: &PairEntry,
    date: chrono::NaiveDate,
) -> Result<(u32, Option<String>, ConcernStatus)> {
    Ok(match (&args.raised_by, args.follow_up) {
        (Some(raiser), _) => {
            if ws.person(raiser).is_none() {
                bail!(
                    "no person `{raiser}` in the programme: a concern is raised by one of its people"
                );
            }
            (
                next_concern_number(&entry.concerns),
                Some(raiser.clone()),
                ConcernStatus::Open,
            )
        }
        (None, Some(number)) => {
            let known = concerns_on(&entry.concerns, chrono::NaiveDate::MAX);
            let Some(concern) = known.iter().find(|c| c.number == number) else {
                bail!(
                    "pair `{}` has no concern {number} to follow up{}",
                    entry.id,
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (it has {})",
                            known
                                .iter()
                                .map(|c| c.number.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                );
            };
            if date < concern.raised_on {
                bail!(
                    "concern {number} was raised on {}: a follow-up cannot come before it",
                    concern.raised_on
                );
            }
            let status = match args.status.as_deref() {
                Some(s) => ConcernStatus::parse(s)
                    .ok_or_else(|| anyhow::anyhow!("no concern status `{s}`"))?,
                None => ConcernStatus::InHand,
            };
            (number, args.by.clone(), status)
        }
        (None, None) => {
            bail!("say `--raised-by ID` to raise a concern, or `--follow-up N` to follow one up")
        }
    })
}

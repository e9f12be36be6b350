//! `mentor recognise MENTOR --out DIR` (or `--all`): each mentor's
//! statement of contribution, one HTML page each.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::RecogniseArgs;
use crate::commands::{identity, load, open_with, release_at_exit};
use crate::edit::write_output;
use crate::indicators::Period;
use crate::output::Output;
use crate::recognition::{mentors_in, statement};
use crate::settings::Settings;

pub fn run(args: &RecogniseArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.as_of);
    let mut ws = load(&args.dir.dir, settings)?;
    if let Some(identity) = identity(&args.identity, settings, out)? {
        open_with(&mut ws, &identity)?;
    }
    let period = Period::new(&ws, args.from, args.to, as_of);
    let mentors = match &args.mentor {
        Some(id) => {
            let Some(index) = ws.person_index(id) else {
                bail!(
                    "no person `{id}` under {}",
                    ws.root.join("people").display()
                );
            };
            if !ws.people[index].person.can_mentor() {
                bail!(
                    "`{id}` is not a mentor (role {})",
                    ws.people[index].person.role
                );
            }
            vec![index]
        }
        None => mentors_in(&ws, period),
    };
    if mentors.is_empty() {
        out.print("No mentor had a pair in the period: nothing written.\n")?;
        return Ok(Outcome::Success);
    }
    for &mentor in &mentors {
        let statement = statement(&ws, mentor, period);
        let page = crate::render::recognition::page(&statement, as_of);
        let path = args.out.join(format!("{}.html", statement.mentor_id));
        write_output(&args.dir.dir, &path, page.as_bytes())?;
        out.print(&format!(
            "Wrote {} ({}: {}, {}).\n",
            path.display(),
            statement.mentor,
            crate::text::count(statement.pairs.len(), "pair"),
            crate::text::count(statement.meetings(), "meeting")
        ))?;
    }
    release_at_exit(ws);
    Ok(Outcome::Success)
}

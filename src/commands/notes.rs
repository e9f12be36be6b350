use anyhow::{Context, Result, bail};

use crate::Outcome;
use crate::cli::NotesArgs;
use crate::commands::{find_pair, identity, load};
use crate::output::Output;
use crate::render::notes::{self, Reading};
use crate::seal::values::{self, OpenedCount};
use crate::settings::Settings;

pub fn run(args: &NotesArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let Some(identity) = identity(&args.identity, settings, out)? else {
        bail!(
            "give your private key: `mentor notes {} --identity ~/.ssh/id_ed25519` (or set MENTOR_IDENTITY)",
            args.pair
        );
    };
    let mut ws = load(&args.dir.dir, settings)?;
    find_pair(&ws, &args.pair)?;
    let index = ws
        .pairs
        .iter()
        .position(|p| p.id == args.pair)
        .context("the pair is loaded")?;
    // Who may read what is decided before anything is opened.
    let sealed_before: Vec<_> = values::private_values(&ws)
        .into_iter()
        .filter(|v| v.owner.pair() == Some(args.pair.as_str()))
        .collect();
    let mut count = OpenedCount::default();
    values::open_pair(&mut ws.pairs[index], &identity, &mut count);
    let reading = Reading {
        as_whom: values::holders(&ws, &identity),
        values: sealed_before,
        count,
    };
    let text = notes::pair(&ws, &ws.pairs[index], &reading);
    out.print(&text)?;
    Ok(if reading.count.opened == 0 && reading.count.closed > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

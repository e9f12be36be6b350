//! `mentor person erase ID`: the person replaced by a pseudonym.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::PersonEraseArgs;
use crate::output::Output;
use crate::settings::Settings;

pub fn run(args: &PersonEraseArgs, _settings: &Settings, _out: &mut Output) -> Result<Outcome> {
    bail!("not yet: {}", args.id)
}

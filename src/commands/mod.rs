//! One module per subcommand; each wires load -> logic -> render.

mod init;
mod validate;

use std::io::{IsTerminal, Write};

use anyhow::Result;
use chrono::NaiveDate;

use crate::Outcome;
use crate::cli::{Cli, ColorChoice, Command};

/// Settings every command shares.
pub struct Context {
    pub color: bool,
}

pub fn execute(cli: Cli) -> Result<Outcome> {
    let context = Context {
        color: use_color(cli.color),
    };
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Validate(args) => validate::run(&args, &context),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The as-of date: the flag, else today.
pub fn as_of(flag: Option<NaiveDate>) -> NaiveDate {
    flag.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Print to stdout; a closed pipe (`mentor report | head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

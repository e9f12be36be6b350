//! One module per subcommand; each wires load -> logic -> render.

mod export;
mod import;
mod init;
mod log;
mod match_pairs;
mod new;
mod report;
mod schema;
mod validate;

use std::io::{IsTerminal, Write};

use anyhow::Result;
use chrono::NaiveDate;

use crate::Outcome;
use crate::cli::{Cli, ColorChoice, Command};

/// Settings every command shares.
pub struct Context {
    pub color: bool,
    /// Standard output is a terminal: tables get borders and fit its width.
    pub terminal: bool,
}

pub fn execute(cli: Cli) -> Result<Outcome> {
    let context = Context {
        color: use_color(cli.color),
        terminal: std::io::stdout().is_terminal(),
    };
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Validate(args) => validate::run(&args, &context),
        Command::Match(args) => match_pairs::run(&args, &context),
        Command::Report(args) => report::run(&args, &context),
        Command::Export(args) => export::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => schema::completions(args.shell),
        Command::Man => schema::man(),
        Command::Log(args) => log::run(&args),
        Command::New(command) => new::run(&command),
        Command::Import(args) => import::run(&args),
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

/// Load the programme and refuse to go on when its files have errors: every
/// command but `validate` needs a programme it can trust. The check uses the
/// real date, not `--as-of`: a report on a past day still sees the meetings
/// logged since, and must not call them "in the future".
pub fn load_valid(dir: &std::path::Path) -> Result<crate::workspace::Workspace> {
    let workspace = crate::load::load(dir)?;
    let diagnostics = crate::checks::run(&workspace, as_of(None));
    let tally = crate::diagnostic::Tally::of(&diagnostics);
    if tally.errors > 0 {
        let located = crate::diagnostic::locate(&diagnostics, &workspace.sources);
        let errors: Vec<_> = located
            .into_iter()
            .filter(|l| l.diagnostic.severity() == crate::diagnostic::Severity::Error)
            .collect();
        let listing = crate::render::diagnostics::render(
            crate::render::diagnostics::DiagnosticFormat::Concise,
            &errors,
            &workspace.sources,
            crate::diagnostic::Tally {
                errors: tally.errors,
                warnings: 0,
            },
            false,
        );
        anyhow::bail!(
            "the programme has errors; fix them first (`mentor validate {}`):\n{}",
            dir.display(),
            listing.trim_end()
        );
    }
    Ok(workspace)
}

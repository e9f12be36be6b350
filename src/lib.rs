//! mentor: a mentoring programme kept as plain files in git.
//!
//! Data flows one way: files -> [`load`] -> [`workspace::Workspace`] ->
//! [`checks`] / matching / indicators -> [`render`].

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod checks;
pub mod cli;
pub mod codeowners;
pub mod commands;
pub mod date;
pub mod decode;
pub mod diagnostic;
pub mod edit;
pub mod export;
pub mod git;
pub mod history;
pub mod id;
pub mod import;
pub mod indicators;
pub mod layout;
pub mod load;
pub mod matching;
pub mod model;
pub mod node;
pub mod output;
pub mod privacy;
pub mod progress;
pub mod recognition;
pub mod remind;
pub mod render;
pub mod report;
pub mod schema;
pub mod scope;
pub mod seal;
pub mod sealed_text;
pub mod settings;
pub mod source;
pub mod survey;
pub mod template;
pub mod text;
pub mod training;
pub mod workspace;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

/// How a command ended, as the exit status reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the command ran and found problems.
    Problems,
}

/// Run mentor with these arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut output = output::Output::stdio();
    match commands::execute(cli, &mut output) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(error) => {
            let _ = output.note(&format!("error: {error:#}\n"));
            ExitCode::from(2)
        }
    }
}

//! `mentor survey`'s subcommands and their arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{DirArg, IdentityArg, parse_date_arg, parse_id};

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Answer a survey for a pair: each question asked on the terminal, or
    /// the answers read from --answers FILE (or standard input) for scripts.
    Answer(SurveyAnswerArgs),
    /// Who owes which survey, since when (paused pairs are not chased).
    Status(SurveyStatusArgs),
    /// A survey's results: answers, distribution and mean per question,
    /// response rate per occasion; free text is never shown.
    Results(SurveyResultsArgs),
    /// A survey's questions as Markdown, to paste into Microsoft Forms or
    /// Google Forms (one question each, in order, with its choices).
    Form(SurveyFormArgs),
}

#[derive(Debug, Args)]
pub struct SurveyFormArgs {
    /// The survey id.
    #[arg(value_parser = parse_id)]
    pub survey: String,
    #[command(flatten)]
    pub dir: DirArg,
}

#[derive(Debug, Args)]
pub struct SurveyAnswerArgs {
    /// The survey id (`[[surveys]]` in programme.toml).
    #[arg(value_parser = parse_id)]
    pub survey: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// The pair the answers are about; left out, a survey asked of the
    /// person alone (in no pair), kept in their own `people/<id>.surveys.yaml`.
    #[arg(long, value_parser = parse_id)]
    pub pair: Option<String>,
    /// Who answers: the pair's mentor or mentee id (`--person` is the same).
    #[arg(long = "as", visible_alias = "person", value_name = "ID", value_parser = parse_id)]
    pub person: String,
    /// The occasion answered (the day it fell due; default the latest).
    #[arg(long, value_parser = parse_date_arg)]
    pub occasion: Option<NaiveDate>,
    /// The answers as a YAML or TOML table of question id to answer (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// When it was answered (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct SurveyStatusArgs {
    /// Only this survey.
    #[arg(value_parser = parse_id)]
    pub survey: Option<String>,
    #[command(flatten)]
    pub dir: DirArg,
    /// As of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct SurveyResultsArgs {
    /// The survey id.
    #[arg(value_parser = parse_id)]
    pub survey: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// As of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Open confidential answers (a coordinator's key) so they are counted.
    #[command(flatten)]
    pub identity: IdentityArg,
}

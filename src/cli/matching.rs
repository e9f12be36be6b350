//! `mentor match` and `mentor supply`: matching's arguments, kept apart
//! from the other commands' (they grew with intakes, shortlists, modes and
//! groups).

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, ValueEnum};

use super::{IdentityArg, ProgrammeArgs, TableFormat};

#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// The coordinator's identity, to read sealed values in memory (see `mentor notes`).
    #[command(flatten)]
    pub identity: IdentityArg,
    /// What the proposals maximise.
    #[arg(long, value_enum, default_value_t = MatchObjective::Count)]
    pub objective: MatchObjective,
    /// Create pairs/<mentee>--<mentor>/ with status "proposed" for each proposal.
    #[arg(long)]
    pub write: bool,
    /// Show one mentee's candidates ranked, with the score breakdown and the rule that excludes each excluded mentor.
    #[arg(long, value_name = "PERSON")]
    pub explain: Option<String>,
    /// Write the whole score matrix to a CSV file, for audit.
    #[arg(long, value_name = "FILE")]
    pub scores: Option<PathBuf>,
    /// Allow pairing people who were paired before.
    #[arg(long)]
    pub allow_repeat: bool,
    /// Propose no pair scoring below N (0-100), for this run: a weak match
    /// is left unmatched, with the reason (default `[matching] min_score`, 40).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Propose pairs below the minimum score too, each marked weak.
    #[arg(long)]
    pub allow_weak: bool,
    /// Match one intake (an id of `[[intakes]]`): its mentees, and those still
    /// waiting from earlier intakes first (`[matching] carry_over`).
    #[arg(long, value_name = "ID")]
    pub intake: Option<String>,
    /// How to choose among allowed pairs: `optimal` (the highest total
    /// score) or `stable` (no mentee and mentor who both rank each other
    /// above what they got); default `[matching] mode`, else optimal.
    #[arg(long, value_name = "MODE", value_parser = clap::builder::PossibleValuesParser::new(crate::model::MatchingMode::ALL)
        .map(|mode| crate::model::MatchingMode::parse(&mode).unwrap_or(crate::model::MatchingMode::Optimal)))]
    pub mode: Option<crate::model::MatchingMode>,
    /// Write each waiting mentee's N best allowed mentors, with reasons, for
    /// them to rank (`prefer`): a Markdown file per mentee in --out DIR, or
    /// one CSV for a form with --csv FILE. Proposes nothing.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=100))]
    pub shortlist: Option<u16>,
    /// With --shortlist: the folder, inside the programme, for one Markdown file per mentee.
    #[arg(
        long,
        value_name = "DIR",
        requires = "shortlist",
        conflicts_with = "csv"
    )]
    pub out: Option<PathBuf>,
    /// With --shortlist: the CSV file, inside the programme (mentee, rank, mentor, mentor_name, reasons).
    #[arg(long, value_name = "FILE", requires = "shortlist")]
    pub csv: Option<PathBuf>,
    /// Form groups (one mentor, up to their `group_size` mentees) instead of pairs; always on when the programme's kind is "group".
    #[arg(long)]
    pub groups: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct SupplyArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Count one intake (an id of `[[intakes]]`): its mentees and those still
    /// waiting from earlier intakes; without it, everyone waiting.
    #[arg(long, value_name = "ID")]
    pub intake: Option<String>,
    /// Name the mentees (by id) behind each count: the coordinator's view,
    /// not for sharing. Sealed needs are never read.
    #[arg(long)]
    pub names: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SupplyFormat::Text)]
    pub format: SupplyFormat,
}

/// Output formats of `supply`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SupplyFormat {
    /// Tables for people.
    Text,
    /// One row per competency (`section` balance), a `total` row, and the `unmet` rows.
    Csv,
    /// JSON for scripts.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatchObjective {
    /// Match as many mentees as possible, then maximise the total score.
    Count,
    /// Maximise the total score alone.
    Score,
}

//! Command-line interface: every command, flag and value enum.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod matching;
mod new;
mod survey;
pub use matching::{MatchArgs, MatchObjective, SupplyArgs, SupplyFormat};
pub use new::{NewAssessmentArgs, NewGoalArgs, NewGroupArgs, NewPairArgs, NewPersonArgs};
pub use survey::{
    SurveyAnswerArgs, SurveyCommand, SurveyFormArgs, SurveyResultsArgs, SurveyStatusArgs,
};

/// Run a staff mentoring programme over plain TOML/YAML files kept in git.
///
/// A programme is a directory: programme.toml, people/<id>.toml, and
/// pairs/<pair-id>/ with pair.toml, goals.yaml, log.yaml and feedback.yaml.
/// Exit status: 0 success, 1 problems found, 2 the command could not run.
#[derive(Debug, Parser)]
#[command(
    name = "mentor",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to colour output (`NO_COLOR` and `CLICOLOR_FORCE` in the environment are honoured).
    #[command(flatten)]
    pub color: colorchoice_clap::Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lay out a new programme from the built-in template.
    Init(InitArgs),
    /// Turn a form export (CSV, XLSX) into people files, safely and repeatably.
    Import(ImportArgs),
    /// Check every record: syntax, fields, references, programme rules, SMART goals.
    Validate(ValidateArgs),
    /// Propose optimal (or stable) mentor-mentee pairs and explain every proposal and non-match; shortlists for mentees to rank.
    Match(MatchArgs),
    /// Needs against offered expertise and free mentor places, per competency,
    /// worst shortfall first; once pairs are proposed, the needs left unmet.
    Supply(SupplyArgs),
    /// Show where the programme stands and which pairs need attention, worst first.
    Report(ReportArgs),
    /// Write HR's indicator CSVs: aggregates only, never confidential text.
    Export(ExportArgs),
    /// Append a meeting to a pair's log, keeping the file's comments and layout.
    Log(LogArgs),
    /// Start, close or turn down a pair.
    #[command(subcommand)]
    Pair(PairCommand),
    /// Record a member's feedback on their pair (the mid-point review, the end):
    /// the comment from standard input or $EDITOR, sealed as the programme requires.
    Feedback(FeedbackArgs),
    /// Raise a concern about a pair, or follow one up: the text from standard
    /// input or $EDITOR, sealed for the coordinators alone.
    Concern(ConcernArgs),
    /// Write a mentor's statement of contribution: one HTML page, for A4,
    /// signed off by the coordinator (or every mentor's, with --all).
    Recognise(RecogniseArgs),
    /// Surveys at set points: answer one, see who owes which, see the results.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Mark a person completed or withdrawn, or bring them back; record training they attended or their supervisor's approval.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Write or send this week's reminders: one message per person, gathering what needs their action.
    Remind(RemindArgs),
    /// Seal every private value in place, to exactly the people entitled to read it.
    Seal(SealArgs),
    /// Show a pair's meetings and feedback with the private values your identity can open.
    Notes(NotesArgs),
    /// Check the git history against the programme's rules: who changed what, and what was undone.
    Audit(AuditArgs),
    /// Tell a pair's or a person's story from git, field by field.
    History(HistoryArgs),
    /// Write CODEOWNERS, so the git host enforces who may approve changes to which files.
    Codeowners(CodeownersArgs),
    /// Create a person or pair, or add a goal or meeting, from the template.
    #[command(subcommand)]
    New(NewCommand),
    /// Write the JSON Schemas of every record file (for editors and other validators).
    Schema(SchemaArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    /// Print a commented mapping file to start from.
    #[arg(long)]
    pub template: bool,
    #[command(subcommand)]
    pub what: Option<ImportCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Create and update people/<id>.toml from the rows of FILE.
    People(ImportPeopleArgs),
    /// Answers to a survey from a Microsoft Forms or Google Forms export of
    /// its questions (`mentor survey form`), matched to people by e-mail;
    /// repeatable.
    Survey(ImportSurveyArgs),
}

#[derive(Debug, Args)]
pub struct ImportSurveyArgs {
    /// The survey id.
    #[arg(value_parser = parse_id)]
    pub survey: String,
    /// The export: .csv (or tab-separated text) or .xlsx.
    pub file: PathBuf,
    #[command(flatten)]
    pub dir: DirArg,
    /// XLSX: the sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Say what would be recorded; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The day whose occasions the responses answer (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Which column answers a question, when its header is neither the
    /// question's id nor its text (repeat for each: `--map score="Rate us"`).
    #[arg(long = "map", value_name = "QUESTION=COLUMN", value_parser = parse_column_map)]
    pub map: Vec<(String, String)>,
    /// How findings about the export are printed.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Concise)]
    pub format: DiagnosticFormat,
}

/// `QUESTION=COLUMN` of `import survey --map`: split at the first `=` (a
/// column header may hold one; a question id cannot).
fn parse_column_map(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((question, column)) if !question.trim().is_empty() && !column.trim().is_empty() => {
            Ok((question.trim().to_string(), column.trim().to_string()))
        }
        _ => Err(format!(
            "`{text}` is not QUESTION=COLUMN, such as `score=How well is it working?`"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ImportPeopleArgs {
    /// The export: .csv (or tab-separated text) or .xlsx.
    pub file: PathBuf,
    /// The programme directory (default: the nearest folder upward from here
    /// that holds programme.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The programme directory, as an option (the same as DIR).
    #[arg(short = 'C', long = "directory", alias = "dir", value_name = "DIR")]
    pub directory: Option<PathBuf>,
    /// The mapping file (default: the programme's import-mapping.toml if it
    /// has one, else columns named like the fields).
    #[arg(long, value_name = "MAPPING")]
    pub map: Option<PathBuf>,
    /// Give every imported person this role.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::Role::ALL))]
    pub role: Option<String>,
    /// Give every imported mentee this intake (an id of `[[intakes]]`); without
    /// it, a mentee's intake is their `intake` column, else the intake whose
    /// application window holds their `applied_on`.
    #[arg(long, value_name = "ID")]
    pub intake: Option<String>,
    /// XLSX: the sheet to read (default: the mapping's, else the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Show what would be created and changed, as a diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How findings about the export and the mapping are printed.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Concise)]
    pub format: DiagnosticFormat,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Create people/<ID>.toml.
    Person(NewPersonArgs),
    /// Create pairs/<MENTEE>--<MENTOR>/ with pair.toml, goals.yaml and log.yaml.
    Pair(NewPairArgs),
    /// Create pairs/<MENTOR>--group/: one mentor and several mentees meeting together (group mentoring).
    Group(NewGroupArgs),
    /// Add a SMART goal to a pair's goals file.
    Goal(NewGoalArgs),
    /// Add a meeting to a pair's log (the same as `mentor log`).
    Meeting(LogArgs),
    /// Record where the mentee stands on the programme's competencies (the skills tick sheet).
    Assessment(NewAssessmentArgs),
}

/// The programme directory of commands whose positional arguments are ids.
#[derive(Debug, Args)]
pub struct DirArg {
    /// The programme directory (default: the nearest folder upward from here
    /// that holds programme.toml).
    #[arg(
        short = 'C',
        long = "directory",
        alias = "dir",
        value_name = "DIR",
        default_value = "."
    )]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The pair id (its folder name under pairs/).
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// When the meeting took place (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// How long it lasted, in minutes (1 to 1440).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: u32,
    /// How the pair met.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::MeetingMode::ALL))]
    pub mode: Option<String>,
    /// Goal ids discussed, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = parse_id)]
    pub goals: Vec<String>,
    /// A topic discussed (repeat for more). Private notes never go on a command line: see --private.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// An action agreed (repeat for more).
    #[arg(long = "action")]
    pub actions: Vec<String>,
    /// Add private notes, sealed for the pair alone: read from standard
    /// input, or typed in $EDITOR on a terminal (never on the command line).
    #[arg(long)]
    pub private: bool,
    /// In a group: the one member who met the mentor (unset, the whole group met).
    #[arg(long, value_parser = parse_id)]
    pub member: Option<String>,
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Who gives it: the pair's mentor or mentee id.
    #[arg(long, value_parser = parse_id)]
    pub by: String,
    /// mid (the mid-point review), final (at the end) or other.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::FeedbackStage::ALL))]
    pub stage: String,
    /// Overall satisfaction, 1 (poor) to 5 (excellent).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub satisfaction: u8,
    /// When (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("entry").required(true).args(["raised_by", "follow_up"])))]
pub struct ConcernArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Raise a new concern, on behalf of this person (a member of the pair, or anyone in the programme).
    #[arg(long, value_parser = parse_id)]
    pub raised_by: Option<String>,
    /// Follow up concern number N of the pair's log.
    #[arg(long, value_name = "N")]
    pub follow_up: Option<u32>,
    /// Where the concern stands after a follow-up.
    #[arg(long, requires = "follow_up", value_parser = clap::builder::PossibleValuesParser::new(crate::model::ConcernStatus::ALL))]
    pub status: Option<String>,
    /// Who follows it up (a person id; default: the coordinators, unnamed).
    #[arg(long, requires = "follow_up", value_parser = parse_id)]
    pub by: Option<String>,
    /// When (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("whom").required(true).args(["mentor", "all"])))]
pub struct RecogniseArgs {
    /// The mentor's person id.
    #[arg(value_parser = parse_id)]
    pub mentor: Option<String>,
    /// Every mentor with a pair that ran in the period, one page each.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub dir: DirArg,
    /// First day counted (default: the programme's start).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// Last day counted (default: the programme's end, or today if earlier).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    /// Judge dates as of this day instead of today; also the day the statement is signed.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Directory to write <mentor-id>.html into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The coordinator's identity, to count sealed feedback ratings in memory.
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Write one .eml file per message into DIR (nothing is sent).
    #[arg(long, value_name = "DIR", conflicts_with = "send")]
    pub outbox: Option<PathBuf>,
    /// Deliver over SMTP, as configured under [remind] (password from MENTOR_SMTP_PASSWORD).
    #[arg(long)]
    pub send: bool,
}

#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// proposed -> active: sets `started` and `ends`, writes `[agreement]`, marks both people active.
    Start(PairStartArgs),
    /// active -> closed, with the reason; the mentee completed (`completed`, `goals-met-early`), withdrawn (`mentee-left`) or waiting again.
    Close(PairCloseArgs),
    /// Turn down a proposal, so `match` does not propose it again.
    Reject(PairRejectArgs),
    /// Pause an active pair (leave, a busy term): no stalled warning and no reminders until it ends.
    Pause(PairPauseArgs),
}

#[derive(Debug, Args)]
pub struct PairPauseArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// The first day of the pause (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// The last day of the pause.
    #[arg(long, value_parser = parse_date_arg)]
    pub to: NaiveDate,
    /// Why, in a few words (no confidential detail: it stays readable).
    #[arg(long)]
    pub reason: Option<String>,
    /// Move the pair's planned end (`ends`) later by the length of the pause.
    #[arg(long)]
    pub extend: bool,
    /// Like --extend, but no later than the programme's end: the pair ends
    /// with the programme when the whole pause does not fit.
    #[arg(long, conflicts_with = "extend")]
    pub extend_to_programme_end: bool,
}

#[derive(Debug, Args)]
pub struct PairStartArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// The first day (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// The planned last day (default: after the agreement's
    /// `duration_months`, else the programme's `[pairs] duration_months`,
    /// else the programme's end; never past the programme's end).
    #[arg(long, value_parser = parse_date_arg)]
    pub ends: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct PairCloseArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Why the pair closed.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::ClosureReason::ALL))]
    pub reason: String,
    /// The last day (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Read a note for the coordinators from standard input (sealed for them where the programme seals).
    #[arg(long)]
    pub note_from_stdin: bool,
    /// The mentee waits for a new mentor (status applied) even though the pair ran its course.
    #[arg(long)]
    pub rematch: bool,
    /// The number of the concern (`mentor concern`) that led to the closure.
    #[arg(long, value_name = "N")]
    pub concern: Option<u32>,
}

#[derive(Debug, Args)]
pub struct PairRejectArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Why, in a few words (no confidential detail: it stays readable).
    #[arg(long)]
    pub reason: Option<String>,
    /// Who turned it down: the mentee's or the mentor's id, for `match --explain` to say.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub by: Option<String>,
    /// When (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// The person finished the programme.
    Complete(PersonArgs),
    /// The person left the programme.
    Withdraw(PersonArgs),
    /// The person is back in the programme (status active).
    Reactivate(PersonArgs),
    /// Answer a subject access request: everything the programme holds about the person, as Markdown and JSON.
    Export(PersonExportArgs),
    /// Erase the person: a stable pseudonym in the records the figures need, the rest removed; then what git still holds.
    Erase(PersonEraseArgs),
    /// Record that the person attended one of the programme's `[[training]]` sessions.
    Trained(PersonTrainedArgs),
    /// Record a supervisor's approval for a mentee, as the coordinator received it.
    Approve(PersonApproveArgs),
}

#[derive(Debug, Args)]
pub struct PersonExportArgs {
    /// The person id.
    #[arg(value_parser = parse_id)]
    pub id: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// The folder to write `<ID>-subject-access.md` and `.json` into (outside the record folders and git).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct PersonEraseArgs {
    /// The person id.
    #[arg(value_parser = parse_id)]
    pub id: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Change nothing: prove that no object reachable from any ref still holds the person's name, e-mail, id or former values (then forget them).
    #[arg(long)]
    pub verify: bool,
    /// Who erases, as the erasure is recorded (default: git's user.email).
    #[arg(long, value_name = "EMAIL", conflicts_with = "verify")]
    pub by: Option<String>,
    /// Opens the ratings and levels that move with the person's pairs (the coordinators' identity).
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct PersonApproveArgs {
    /// The mentee's person id.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// The supervisor who approved: their email (or a person id).
    #[arg(long)]
    pub by: String,
    /// How the approval was received.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::ApprovalEvidence::ALL))]
    pub via: String,
    /// The day of the approval (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub dir: DirArg,
}

#[derive(Debug, Args)]
pub struct PersonTrainedArgs {
    /// The person id.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// The session's id, as `[[training]]` in programme.toml names it.
    #[arg(long, value_parser = parse_id)]
    pub session: String,
    /// The day they attended (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub dir: DirArg,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// The person id.
    #[arg(value_parser = parse_id)]
    pub id: String,
    #[command(flatten)]
    pub dir: DirArg,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Audit only the commits after this revision (a hash, tag or branch).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A pair id (its folder under pairs/) or a person id.
    #[arg(value_parser = parse_id)]
    pub record: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Whose CODEOWNERS: .github/CODEOWNERS or .gitlab/CODEOWNERS.
    #[arg(long, value_enum, default_value_t = Platform::Github)]
    pub platform: Platform,
    /// Write nothing; exit 1 when the file is missing or out of date.
    #[arg(long)]
    pub check: bool,
}

/// What `export --by` splits the indicators by: the export's own list,
/// spelled on the command line as the export names it.
impl ValueEnum for crate::export::Dimension {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// A git host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Platform {
    Github,
    Gitlab,
}

/// The private key that opens sealed values, read in memory only.
#[derive(Debug, Args)]
pub struct IdentityArg {
    /// Your private key: an OpenSSH key (~/.ssh/id_ed25519) or an age
    /// identity file. A passphrase is asked on the terminal, or read from
    /// MENTOR_IDENTITY_PASSPHRASE.
    #[arg(
        long,
        env = "MENTOR_IDENTITY",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Write nothing; exit 1 if any private value would be sealed (for pre-commit).
    #[arg(long)]
    pub check: bool,
    /// Also re-seal values sealed to keys that are no longer right (a key
    /// added or removed, a reader changed), as far as --identity can open them.
    #[arg(long, requires = "identity")]
    pub rotate: bool,
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct NotesArgs {
    /// The pair id (its folder name under pairs/).
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    #[command(flatten)]
    pub identity: IdentityArg,
}

/// The programme directory and the date date-relative checks are judged on.
#[derive(Debug, Args)]
pub struct ProgrammeArgs {
    /// The programme directory (default: the nearest folder upward from here
    /// that holds programme.toml, as git finds its repository).
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// The programme directory, as an option (the same as DIR).
    #[arg(short = 'C', long = "directory", alias = "dir", value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// Judge dates as of this day (YYYY-MM-DD) instead of today; makes output reproducible.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to lay out the programme: a new folder, an empty one, or a fresh
    /// clone (holding only `.git`, a README and a licence).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also lay out a sample mentor, mentee and proposed pair, to try mentor
    /// out (delete them before real applicants arrive).
    #[arg(long)]
    pub example: bool,
    /// The programme's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The organisation running it.
    #[arg(long)]
    pub organisation: Option<String>,
    /// First day (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = parse_date_arg)]
    pub start: Option<NaiveDate>,
    /// Length in months.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub months: u32,
    /// Which CI workflow to include.
    #[arg(long, value_enum, default_value_t = CiChoice::Github)]
    pub ci: CiChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CiChoice {
    Github,
    Gitlab,
    None,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Show only this pair's findings: its files, and the rules across files
    /// it takes part in (repeat, or separate with commas).
    #[arg(long = "pair", value_name = "PAIR", value_delimiter = ',', value_parser = parse_id)]
    pub pairs: Vec<String>,
    /// Show only this person's findings: their file, their pairs' files, and
    /// the rules across files they take part in (repeat, or separate with commas).
    #[arg(long = "person", value_name = "PERSON", value_delimiter = ',', value_parser = parse_id)]
    pub people: Vec<String>,
    /// Show only the findings these record files take part in (the
    /// pre-commit hook passes the files being committed); a programme file
    /// means every finding. Takes every path after it.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub files: Vec<PathBuf>,
}

/// An id given on the command line: it becomes a file or folder name and a
/// YAML value, so it must be one (letters, digits, `.`, `_`, `-`).
pub fn parse_id(text: &str) -> Result<String, String> {
    if crate::id::is_valid_id(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{}` cannot serve as an id: use letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. `ana-silva`)",
            crate::text::excerpt(text)
        ))
    }
}

pub fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    crate::date::parse_date(text).map_err(|why| format!("`{text}` {why}; use YYYY-MM-DD"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people.
    Table,
    /// JSON for scripts.
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// The coordinator's identity, to read sealed values in memory (see `mentor notes`).
    #[command(flatten)]
    pub identity: IdentityArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Show one pair's timeline instead: agreement, goals, meetings, feedback.
    #[arg(long, value_name = "PAIR")]
    pub pair: Option<String>,
    /// Write the report to FILE instead of standard output (html: a page to open or send).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Who an HTML report is for: the coordinator (with the attention list, naming people) or HR (totals and charts only).
    #[arg(long, value_enum, default_value_t = Audience::Coordinator)]
    pub audience: Audience,
}

/// Who an HTML report is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    Coordinator,
    Hr,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub programme: ProgrammeArgs,
    /// The coordinator's identity, to read sealed values in memory (see `mentor notes`).
    #[command(flatten)]
    pub identity: IdentityArg,
    /// Directory to write indicators.csv, pairs.csv, participants.csv, meetings.csv and the summaries by organisation and department (summary_by_*.csv) into.
    #[arg(long, value_name = "OUTDIR")]
    pub out: PathBuf,
    /// First day of the reporting period (default: the programme's start).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    /// Last day of the reporting period (default: the programme's end).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    /// csv: four CSV files; xlsx: one workbook, mentor-export.xlsx, with a sheet per table.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Replace ids, names and emails with stable pseudonyms, and coarsen or
    /// suppress what would single anyone out (see --min-group). The key is
    /// MENTOR_PSEUDONYM_KEY, else pseudonym-key.age sealed for the
    /// coordinators (opened with --identity), else a file in your
    /// configuration folder; made on first use, never in plaintext in the
    /// repository.
    #[arg(long)]
    pub anonymize: bool,
    /// Export even when some files have errors: what fails to load is left
    /// out, and about.csv says the data are partial (without it, export
    /// refuses and lists the errors).
    #[arg(long)]
    pub allow_errors: bool,
    /// Also write the indicators per organisation (partner institutions),
    /// department, staff group or month, as indicators_by_<dimension>.csv (repeatable).
    #[arg(long = "by", value_enum, value_name = "DIMENSION")]
    pub by: Vec<crate::export::Dimension>,
    /// With --anonymize: every combination of a table's non-pseudonym
    /// columns is shared by at least K rows (dates coarsened, small groups
    /// folded or suppressed, as disclosure.csv says).
    #[arg(long, value_name = "K", default_value_t = 5, requires = "anonymize", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub min_group: u32,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Directory to write the schema files into; without it, print them as one JSON document.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// How `validate` (and every command that reports findings) prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// rustc-style: the offending line with a caret, and a hint.
    Human,
    /// One line per finding: `file:line:col: severity[code]: message`.
    Concise,
    /// One JSON document with a schema version.
    Json,
    /// GitHub Actions workflow commands: findings appear inline on pull requests.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitLab Code Quality report (JSON), for merge request widgets.
    Gitlab,
}

/// Output formats of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text and tables for a terminal.
    Table,
    /// One self-contained HTML page with charts (no script, no external request; prints on A4).
    Html,
    /// The attention list as CSV, one row per person to contact (for a mail merge).
    Csv,
    /// Markdown, for an email or a wiki page.
    Markdown,
    /// JSON for scripts.
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Commands that work on no existing programme.
    const WITHOUT_PROGRAMME: &[&str] = &["init", "schema", "completions", "man"];

    /// Every command that has subcommands of its own is walked into; the
    /// commands that run are returned with their full names.
    fn runnable(command: &clap::Command, name: String, out: &mut Vec<(String, clap::Command)>) {
        if command.has_subcommands() {
            for sub in command.get_subcommands() {
                runnable(sub, format!("{name} {}", sub.get_name()), out);
            }
        } else {
            out.push((name, command.clone()));
        }
    }

    #[test]
    fn every_command_spells_the_directory_option_one_way() {
        let mut commands = Vec::new();
        runnable(&super::Cli::command(), "mentor".into(), &mut commands);
        assert!(commands.len() > 20, "{}", commands.len());
        for (name, command) in &commands {
            let dir: Vec<&clap::Arg> = command
                .get_arguments()
                .filter(|a| a.get_short() == Some('C') || a.get_long() == Some("dir"))
                .collect();
            if WITHOUT_PROGRAMME
                .iter()
                .any(|w| name == &format!("mentor {w}"))
            {
                assert!(dir.is_empty(), "{name}");
                continue;
            }
            let [arg] = dir.as_slice() else {
                panic!("{name}: one -C option, found {}", dir.len());
            };
            assert_eq!(arg.get_long(), Some("directory"), "{name}");
            assert_eq!(
                arg.get_all_aliases(),
                Some(vec!["dir"]),
                "{name}: --dir is accepted too"
            );
        }
    }
}

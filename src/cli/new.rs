//! `mentor new person|pair|group|goal|assessment`: the arguments of the
//! commands that lay out a new record, kept apart from the others'.

use chrono::NaiveDate;
use clap::Args;

use super::{DirArg, IdentityArg, parse_date_arg, parse_id};

#[derive(Debug, Args)]
pub struct NewPersonArgs {
    /// The person id, such as `ana-silva`.
    #[arg(value_parser = parse_id)]
    pub id: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// mentor, mentee or both.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::Role::ALL))]
    pub role: String,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    #[arg(long)]
    pub job_title: Option<String>,
    /// Line manager: a person id or an email.
    #[arg(long)]
    pub manager: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewPairArgs {
    #[arg(value_parser = parse_id)]
    pub mentee: String,
    #[arg(value_parser = parse_id)]
    pub mentor: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Start the pair now (status active, started today) instead of proposing it.
    #[arg(long)]
    pub active: bool,
    /// Needed when either's avoid list is sealed: it is read to check the
    /// pair, as `match` does.
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct NewGroupArgs {
    /// The group's mentor.
    #[arg(value_parser = parse_id)]
    pub mentor: String,
    /// The mentees, two or more (up to the mentor's `group_size`, else `[pairs] group_size`).
    #[arg(value_parser = parse_id, num_args = 2.., required = true, value_name = "MENTEE")]
    pub mentees: Vec<String>,
    #[command(flatten)]
    pub dir: DirArg,
    /// Start the group now (status active, started today) instead of proposing it.
    #[arg(long)]
    pub active: bool,
    /// Needed when an avoid list is sealed: it is read to check each member, as `match` does.
    #[command(flatten)]
    pub identity: IdentityArg,
}

#[derive(Debug, Args)]
pub struct NewGoalArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// Short id, unique within the pair.
    #[arg(long, value_parser = parse_id)]
    pub id: String,
    /// Specific: what exactly will be done.
    #[arg(long, required_unless_present = "draft")]
    pub specific: Option<String>,
    /// Measurable: how you will know it is done.
    #[arg(long, required_unless_present = "draft")]
    pub measurable: Option<String>,
    /// Achievable: why it is realistic.
    #[arg(long, required_unless_present = "draft")]
    pub achievable: Option<String>,
    /// Relevant: a competency id, or why it matters.
    #[arg(long, required_unless_present = "draft")]
    pub relevant: Option<String>,
    /// Time-bound: the due date.
    #[arg(long, value_parser = parse_date_arg, required_unless_present = "draft")]
    pub due: Option<NaiveDate>,
    /// Save it as `status: draft`, with the parts written so far: what it
    /// lacks is a warning until the pair sets its status.
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Args)]
pub struct NewAssessmentArgs {
    /// The pair id.
    #[arg(value_parser = parse_id)]
    pub pair: String,
    #[command(flatten)]
    pub dir: DirArg,
    /// baseline (at the start), review, or final (at the end).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::AssessmentStage::ALL))]
    pub stage: String,
    /// A competency and its level on the programme's scale, as `budgeting=2` (repeat for more).
    #[arg(long = "level", value_name = "COMPETENCY=LEVEL", value_parser = parse_level, required = true)]
    pub levels: Vec<(String, u32)>,
    /// Who rated: the pair's mentor or mentee id.
    #[arg(long, value_parser = parse_id)]
    pub by: String,
    /// When (default today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

fn parse_level(text: &str) -> Result<(String, u32), String> {
    let (competency, level) = text
        .split_once('=')
        .ok_or_else(|| format!("write COMPETENCY=LEVEL, such as budgeting=2 (found `{text}`)"))?;
    let competency = parse_id(competency.trim())?;
    let level = level
        .trim()
        .parse()
        .map_err(|_| format!("the level of `{competency}` must be a whole number, such as 2"))?;
    Ok((competency, level))
}

//! New records laid out the same way by every command that creates them:
//! a pair folder (`match --write`, `new pair`) and a person file
//! (`new person`, `import`).

use std::path::Path;

use chrono::NaiveDate;

use crate::edit::{Change, EntryValue, toml};

/// How a new pair begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairStart {
    /// Proposed on the date (by `match`, or a coordinator).
    Proposed,
    /// Started on the date.
    Active,
}

/// A pair about to be created.
pub struct NewPair<'a> {
    pub mentor: &'a str,
    pub mentee: &'a str,
    pub start: PairStart,
    pub date: NaiveDate,
    /// Comment lines at the top of pair.toml, each ending in a newline.
    pub header: String,
    /// Further pair.toml fields (the score and reasons `match` writes).
    pub extra: Vec<(&'static str, EntryValue)>,
}

/// The files of a new pair folder `dir`, laid out as the template's sample
/// pair is: pair.toml with an `[agreement]` to fill in, and goals, log and
/// feedback files that validate, each with its schema and a commented
/// example entry.
pub fn pair_folder(dir: &Path, pair: &NewPair) -> Vec<Change> {
    let mut fields = vec![
        ("mentor", EntryValue::Word(pair.mentor.to_string())),
        ("mentee", EntryValue::Word(pair.mentee.to_string())),
    ];
    match pair.start {
        PairStart::Active => {
            fields.push(("status", EntryValue::Word("active".into())));
            fields.push(("started", EntryValue::Date(pair.date)));
        }
        PairStart::Proposed => {
            fields.push(("status", EntryValue::Word("proposed".into())));
            fields.push(("proposed_on", EntryValue::Date(pair.date)));
        }
    }
    fields.extend(pair.extra.iter().cloned());
    let pair_toml = format!(
        "#:schema ../../schemas/pair.schema.json\n{}{}\n{AGREEMENT}",
        pair.header,
        toml::document(&fields)
    );
    let mentee = pair.mentee;
    [
        ("pair.toml", pair_toml),
        (
            "goals.yaml",
            "# yaml-language-server: $schema=../../schemas/goals.schema.json\n\
                 # SMART goals (Specific, Measurable, Achievable, Relevant, Time-bound): agree them at your first meeting.\n\
                 goals: []\n\
                 # goals:\n\
                 #   - id: first-goal\n\
                 #     specific: What exactly will be done\n\
                 #     measurable: How you will know it is done\n\
                 #     achievable: Why it is realistic, and what support it needs\n\
                 #     relevant: a competency id, or why it matters\n\
                 #     due: YYYY-MM-DD\n\
                 #     status: draft            # draft (still writing it) | not-started | in-progress | achieved | dropped\n"
                .to_string(),
        ),
        (
            "log.yaml",
            "# yaml-language-server: $schema=../../schemas/log.schema.json\n\
             # The meeting log: add one entry per meeting, newest last, then commit.\n\
             # `private_notes` are sealed for the two of you alone: add them with\n\
             # `mentor log PAIR --private`, or write them here and run `mentor seal`.\n\
             meetings: []\n\
             # meetings:\n\
             #   - date: YYYY-MM-DD\n\
             #     minutes: 60\n\
             #     mode: video              # in-person | video | phone | chat | email\n\
             #     goals: [first-goal]\n\
             #     topics: [\"What we talked about\"]\n\
             #     private_notes: \"Only for the two of us.\"\n"
                .to_string(),
        ),
        (
            "assessment.yaml",
            format!(
                "# yaml-language-server: $schema=../../schemas/assessment.schema.json\n\
                 # Where {mentee} stands on their development areas, on the programme's\n\
                 # [assessment] scale: a baseline at the start and a final one at the end.\n\
                 # Add one with `mentor new assessment PAIR --stage baseline --by ID --level <competency>=<level>`;\n\
                 # the levels are sealed for the two of you and the coordinator (`mentor seal`).\n\
                 assessments: []\n"
            ),
        ),
        (
            "feedback.yaml",
            format!(
                "# yaml-language-server: $schema=../../schemas/feedback.schema.json\n\
                 # Evaluations: each of you adds one at the mid-point and at the end.\n\
                 feedback: []\n\
                 # feedback:\n\
                 #   - by: {mentee}\n\
                 #     date: YYYY-MM-DD\n\
                 #     satisfaction: 4          # 1 (poor) to 5 (excellent)\n\
                 #     comment: \"...\"\n\
                 # Your rating and comment are sealed for you and the coordinator\n\
                 # (`mentor seal`): your partner cannot read them.\n"
            ),
        ),
    ]
    .into_iter()
    .map(|(name, text)| Change::create(dir.join(name), text))
    .collect()
}

/// The learning contract a new pair agrees at its first meeting: commented
/// out, so a fresh pair validates and the pair fills it in.
const AGREEMENT: &str = "# The learning contract, agreed at the first meeting:\n\
# [agreement]\n\
# signed = YYYY-MM-DD\n\
# confidentiality = true       # what is said in meetings stays between you\n\
# meeting_every_days = 30\n\
# mode = \"hybrid\"              # in-person | virtual | hybrid\n\
# duration_months = 6\n\
# closing = \"How either of us may close the pair.\"\n\
#\n\
# Leave or a busy term: a pause (or `mentor pair pause PAIR --to DATE`).\n\
# [[pause]]\n\
# from = YYYY-MM-DD\n\
# to = YYYY-MM-DD\n\
# reason = \"parental leave\"    # readable by everyone: no confidential detail\n";

/// A new person file at `path`: the schema modeline, the header comment lines,
/// then the fields.
pub fn person_file(path: &Path, header: &str, fields: &[(&str, EntryValue)]) -> Change {
    Change::create(
        path.to_path_buf(),
        format!(
            "#:schema ../schemas/person.schema.json\n{header}{}",
            toml::document(fields)
        ),
    )
}

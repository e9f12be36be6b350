//! Where each record lives in a programme: the one table from a file's
//! place to the record it holds.
//!
//! A pair folder's record files are the rows of [`PAIR_FILES`]: each says
//! its stem, what it holds (the pair, or a list of entries, with the list's
//! key as a [`Field`] and the record type its entries are), its JSON Schema,
//! who may change it, whether its records hold private values, and what a
//! new pair folder starts it with. [`FileKind`] carries the row, and
//! loading, schemas, sealing, audit and every writer read it: adding a pair
//! file is one row here, one `record!` and one template.

use std::path::Path;

use serde_json::Value as Json;

use crate::decode::{Cx, Decode, Field, FieldPath};
use crate::model::{
    Agreement, Approval, Assessment, AssessmentFile, AssessmentRules, AuditRules, Closure,
    Competency, ConcernEntry, ConcernsFile, Coordinator, ExpectedOutcomeTable, Feedback,
    FeedbackFile, Goal, GoalsFile, LogFile, MatchingRules, Meeting, MeetingRules, MenteeRules,
    MentorRules, Pair, PairRules, Pause, Person, Privacy, Programme, Question, RemindRules,
    SupervisorRules, Survey, SurveyAnswer, SurveyAnswersFile, Weights,
};
use crate::node::Node;
use crate::workspace::PairEntry;

/// The extensions of record files; the extension decides the syntax.
pub const RECORD_EXTENSIONS: &[&str] = &["toml", "yaml", "yml"];

/// Who may change a record file: what `mentor audit` holds each commit to.
/// A coordinator (or a `[audit] trusted` address) may change any file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writers {
    /// The coordinators alone.
    Coordinators,
    /// The person the file describes.
    ThePerson,
    /// The pair's mentor and mentee.
    PairMembers,
}

/// A record file's JSON Schema document, derived from its record type.
#[derive(Clone, Copy)]
pub struct Schema {
    /// The document's file name under `schemas/`.
    pub name: &'static str,
    pub title: &'static str,
    pub of: fn() -> Json,
}

/// What a pair file holds.
#[derive(Clone, Copy)]
pub enum Holds {
    /// The pair itself (`pair.toml`): a folder is a pair only with it.
    Pair,
    /// A list of entries (a log's `meetings`), added to the pair's.
    Entries(&'static dyn EntryList),
}

/// One record file of a pair folder: a row of [`PAIR_FILES`].
#[derive(Clone, Copy)]
pub struct PairFile {
    /// The file's name without its extension (`log` for `log.yaml`).
    pub stem: &'static str,
    /// The extension a new file is written with (an existing file keeps its own).
    pub extension: &'static str,
    pub holds: Holds,
    pub schema: Schema,
    pub writers: Writers,
    /// Whether its records hold private values (`seal::fields` says which
    /// fields, and who reads them).
    pub private: bool,
    /// The field lists of the records it holds: a key one of them declares
    /// is what it says, not a slip for a private field's name.
    pub declares: &'static [&'static [&'static str]],
    /// What a new pair folder's file holds below its schema line (`{mentee}`
    /// stands for the mentee's id); pair.toml's follows the pair's fields.
    pub template: &'static str,
    /// Whether a new pair folder starts with the file; when not, the first
    /// writer starts it from its template.
    pub scaffolded: bool,
}

impl PairFile {
    /// The key of the list its entries are in (`meetings`); `None` for pair.toml.
    pub fn list(&self) -> Option<Field> {
        match self.holds {
            Holds::Pair => None,
            Holds::Entries(entries) => Some(entries.list()),
        }
    }

    /// The name of the file when a writer creates it (`log.yaml`).
    pub fn new_name(&self) -> String {
        format!("{}.{}", self.stem, self.extension)
    }

    /// The comment that points editors at the file's schema, from a pair folder.
    pub fn schema_line(&self) -> String {
        let path = format!("../../schemas/{}", self.schema.name);
        if self.extension == "toml" {
            format!("#:schema {path}\n")
        } else {
            format!("# yaml-language-server: $schema={path}\n")
        }
    }
}

// A row is named by its stem: one row per file.
impl PartialEq for PairFile {
    fn eq(&self, other: &Self) -> bool {
        self.stem == other.stem
    }
}

impl Eq for PairFile {}

impl PartialOrd for PairFile {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PairFile {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.stem.cmp(other.stem)
    }
}

impl std::fmt::Debug for PairFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PairFile({})", self.stem)
    }
}

/// A list file's record type, its type left behind: how the file decodes
/// and how its entries join their pair.
pub trait EntryList: Sync {
    /// The key of the list the entries are in.
    fn list(&self) -> Field;
    /// The file's record, decoded from its top-level value: what joins the
    /// pair once the pair itself is read.
    fn decode(&self, root: &mut Node, cx: &mut Cx) -> Option<Joining>;
    /// The pair's file exists but (some of) its entries could not be read:
    /// the warnings their absence would give ("never met") are not given.
    fn unread(&self, pair: &mut PairEntry);
}

/// A decoded list file, waiting for its pair.
pub type Joining = Box<dyn FnOnce(&mut PairEntry) + Send>;

/// The entries of list file `F`, and where they go in a [`PairEntry`].
pub struct Entries<F> {
    pub list: Field,
    pub join: fn(F, &mut PairEntry),
    pub unread: fn(&mut PairEntry),
}

impl<F: Decode + Send + 'static> EntryList for Entries<F> {
    fn list(&self) -> Field {
        self.list
    }

    fn decode(&self, root: &mut Node, cx: &mut Cx) -> Option<Joining> {
        let file = F::decode(root, &FieldPath::Root, cx)?;
        let join = self.join;
        Some(Box::new(move |pair: &mut PairEntry| join(file, pair)))
    }

    fn unread(&self, pair: &mut PairEntry) {
        (self.unread)(pair)
    }
}

/// Add `more` to `list`: the whole list moved when `list` is empty (one log
/// file per pair, the usual case) rather than each record copied.
fn add_all<T>(list: &mut Vec<T>, more: Vec<T>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}

/// `pair.toml`: the pair, its agreement, pauses and closure.
pub const PAIR: PairFile = PairFile {
    stem: "pair",
    extension: "toml",
    holds: Holds::Pair,
    schema: Schema {
        name: "pair.schema.json",
        title: "Mentoring pair",
        of: Pair::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[
        Pair::FIELDS,
        Agreement::FIELDS,
        Closure::FIELDS,
        Pause::FIELDS,
    ],
    template: AGREEMENT_TEMPLATE,
    scaffolded: true,
};

/// `goals.yaml`: the pair's SMART goals.
pub const GOALS: PairFile = PairFile {
    stem: "goals",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<GoalsFile> {
        list: GoalsFile::GOALS,
        join: |file, pair| add_all(&mut pair.goals, file.goals),
        unread: |pair| pair.goals_unread = true,
    }),
    schema: Schema {
        name: "goals.schema.json",
        title: "Mentoring pair goals",
        of: GoalsFile::schema,
    },
    writers: Writers::PairMembers,
    private: false,
    declares: &[GoalsFile::FIELDS, Goal::FIELDS],
    template: GOALS_TEMPLATE,
    scaffolded: true,
};

/// `log.yaml`: the meeting log.
pub const LOG: PairFile = PairFile {
    stem: "log",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<LogFile> {
        list: LogFile::MEETINGS,
        join: |file, pair| add_all(&mut pair.meetings, file.meetings),
        unread: |pair| pair.log_unread = true,
    }),
    schema: Schema {
        name: "log.schema.json",
        title: "Mentoring pair meeting log",
        of: LogFile::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[LogFile::FIELDS, Meeting::FIELDS],
    template: LOG_TEMPLATE,
    scaffolded: true,
};

/// `assessment.yaml`: skills assessments.
pub const ASSESSMENT: PairFile = PairFile {
    stem: "assessment",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<AssessmentFile> {
        list: AssessmentFile::ASSESSMENTS,
        join: |file, pair| add_all(&mut pair.assessments, file.assessments),
        unread: |_| {},
    }),
    schema: Schema {
        name: "assessment.schema.json",
        title: "Mentoring pair skills assessments",
        of: AssessmentFile::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[AssessmentFile::FIELDS, Assessment::FIELDS],
    template: ASSESSMENT_TEMPLATE,
    scaffolded: true,
};

/// `feedback.yaml`: evaluations.
pub const FEEDBACK: PairFile = PairFile {
    stem: "feedback",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<FeedbackFile> {
        list: FeedbackFile::FEEDBACK,
        join: |file, pair| add_all(&mut pair.feedback, file.feedback),
        unread: |_| {},
    }),
    schema: Schema {
        name: "feedback.schema.json",
        title: "Mentoring pair feedback",
        of: FeedbackFile::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[FeedbackFile::FIELDS, Feedback::FIELDS],
    template: FEEDBACK_TEMPLATE,
    scaffolded: true,
};

/// `concerns.yaml`: concerns raised about the pair and their follow-up,
/// each text sealed for the coordinators (`mentor concern`). Made when the
/// first concern is raised.
pub const CONCERNS: PairFile = PairFile {
    stem: "concerns",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<ConcernsFile> {
        list: ConcernsFile::CONCERNS,
        join: |file, pair| add_all(&mut pair.concerns, file.concerns),
        unread: |_| {},
    }),
    schema: Schema {
        name: "concerns.schema.json",
        title: "Mentoring pair concerns log",
        of: ConcernsFile::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[ConcernsFile::FIELDS, ConcernEntry::FIELDS],
    template: CONCERNS_TEMPLATE,
    scaffolded: false,
};

/// `surveys.yaml`: survey answers (`mentor survey answer`).
pub const SURVEYS: PairFile = PairFile {
    stem: "surveys",
    extension: "yaml",
    holds: Holds::Entries(&Entries::<SurveyAnswersFile> {
        list: SurveyAnswersFile::ANSWERS,
        join: |file, pair| add_all(&mut pair.survey_answers, file.answers),
        unread: |_| {},
    }),
    schema: Schema {
        name: "surveys.schema.json",
        title: "Mentoring pair survey answers",
        of: SurveyAnswersFile::schema,
    },
    writers: Writers::PairMembers,
    private: true,
    declares: &[SurveyAnswersFile::FIELDS, SurveyAnswer::FIELDS],
    template: SURVEYS_TEMPLATE,
    // A new pair folder has no answers yet: the first answer starts the file.
    scaffolded: false,
};

/// The record files of a pair folder, in the order a new folder lists them.
pub const PAIR_FILES: &[&PairFile] = &[
    &PAIR,
    &GOALS,
    &LOG,
    &ASSESSMENT,
    &FEEDBACK,
    &CONCERNS,
    &SURVEYS,
];

/// `programme.toml`'s schema.
pub const PROGRAMME_SCHEMA: Schema = Schema {
    name: "programme.schema.json",
    title: "Mentoring programme",
    of: Programme::schema,
};

/// A person file's schema.
pub const PERSON_SCHEMA: Schema = Schema {
    name: "person.schema.json",
    title: "Mentoring participant",
    of: Person::schema,
};

const PROGRAMME_DECLARES: &[&[&str]] = &[
    Programme::FIELDS,
    Coordinator::FIELDS,
    AssessmentRules::FIELDS,
    RemindRules::FIELDS,
    AuditRules::FIELDS,
    ExpectedOutcomeTable::FIELDS,
    Privacy::FIELDS,
    MentorRules::FIELDS,
    MenteeRules::FIELDS,
    MeetingRules::FIELDS,
    PairRules::FIELDS,
    MatchingRules::FIELDS,
    Weights::FIELDS,
    Competency::FIELDS,
    Survey::FIELDS,
    Question::FIELDS,
    SupervisorRules::FIELDS,
];

const PERSON_DECLARES: &[&[&str]] = &[Person::FIELDS, Approval::FIELDS];

/// How a person's own survey answers file name ends before its extension
/// (`people/ana.surveys.yaml`): no person id ends so.
pub const PERSON_SURVEYS_SUFFIX: &str = ".surveys";

/// The path of person `id`'s own survey answers file, as a writer makes it.
pub fn person_surveys_path(root: &Path, id: &str) -> std::path::PathBuf {
    root.join("people")
        .join(format!("{id}{PERSON_SURVEYS_SUFFIX}.{}", SURVEYS.extension))
}

/// A new `people/<id>.surveys.yaml`: its schema line and how to answer.
pub fn person_surveys_template(id: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../schemas/{}\n{}",
        SURVEYS.schema.name,
        PERSON_SURVEYS_TEMPLATE.replace("{person}", id)
    )
}

/// What a file holds, decided by where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Programme,
    Person(String),
    /// `people/<id>.surveys.yaml`: the answers person `id` gives to surveys
    /// asked outside a pair (someone waiting, a mentor without a mentee).
    /// Beside their person file, so CODEOWNERS' `/people/<id>.*` gives it
    /// to them and the coordinators alone.
    PersonSurveys(String),
    /// A record file (the row) of the folder of pair `id`.
    Pair(&'static PairFile, String),
}

impl FileKind {
    /// What a record file at `path` (under `root`) holds, if anything.
    pub fn of(root: &Path, path: &Path) -> Option<FileKind> {
        let mut parts = path.strip_prefix(root).ok()?.components();
        let parts = [parts.next(), parts.next(), parts.next(), parts.next()]
            .map(|part| part.map(|p| p.as_os_str()));
        let stem = record_stem(path)?;
        match parts {
            [Some(_), None, ..] if stem == "programme" => Some(FileKind::Programme),
            [Some(folder), Some(_), None, _] if folder == "people" => {
                Some(match stem.strip_suffix(PERSON_SURVEYS_SUFFIX) {
                    Some(id) => FileKind::PersonSurveys(id.to_string()),
                    None => FileKind::Person(stem),
                })
            }
            [Some(folder), Some(id), Some(_), None] if folder == "pairs" => {
                let file = PAIR_FILES.iter().find(|file| file.stem == stem)?;
                Some(FileKind::Pair(file, id.to_string_lossy().into_owned()))
            }
            _ => None,
        }
    }

    /// The row of a pair folder's file, if this is one.
    pub fn pair_file(&self) -> Option<&'static PairFile> {
        match self {
            FileKind::Pair(file, _) => Some(file),
            FileKind::Programme | FileKind::Person(_) | FileKind::PersonSurveys(_) => None,
        }
    }

    /// Whether this is `file` of some pair's folder.
    pub fn is(&self, file: &PairFile) -> bool {
        self.pair_file() == Some(file)
    }

    /// The id of the person or pair whose file it is.
    pub fn id(&self) -> Option<&str> {
        match self {
            FileKind::Programme => None,
            FileKind::Person(id) | FileKind::PersonSurveys(id) | FileKind::Pair(_, id) => Some(id),
        }
    }

    /// The id of the person or pair whose own record this is (a person
    /// file, a pair.toml): what references to it name.
    pub fn record_id(&self) -> Option<&str> {
        match self {
            FileKind::Person(id) => Some(id),
            FileKind::Pair(file, id) if matches!(file.holds, Holds::Pair) => Some(id),
            FileKind::Programme | FileKind::PersonSurveys(_) | FileKind::Pair(..) => None,
        }
    }

    /// Who may change the file.
    pub fn writers(&self) -> Writers {
        match self {
            FileKind::Programme => Writers::Coordinators,
            FileKind::Person(_) | FileKind::PersonSurveys(_) => Writers::ThePerson,
            FileKind::Pair(file, _) => file.writers,
        }
    }

    /// The file's JSON Schema.
    pub fn schema(&self) -> Schema {
        match self {
            FileKind::Programme => PROGRAMME_SCHEMA,
            FileKind::Person(_) => PERSON_SCHEMA,
            FileKind::PersonSurveys(_) => SURVEYS.schema,
            FileKind::Pair(file, _) => file.schema,
        }
    }

    /// The field lists of the records the file holds.
    pub fn declares(&self) -> &'static [&'static [&'static str]] {
        match self {
            FileKind::Programme => PROGRAMME_DECLARES,
            FileKind::Person(_) => PERSON_DECLARES,
            FileKind::PersonSurveys(_) => SURVEYS.declares,
            FileKind::Pair(file, _) => file.declares,
        }
    }
}

/// The file stem of a record file (`.toml`, `.yaml`, `.yml`), or `None`.
pub fn record_stem(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    if !RECORD_EXTENSIONS.contains(&ext) {
        return None;
    }
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

/// The commented learning contract a new pair.toml ends with (see
/// [`AGREEMENT_EXAMPLE`]), as a literal for `concat!`.
macro_rules! agreement_example {
    () => {
        "# The learning contract, agreed at the first meeting:\n\
# [agreement]\n\
# signed = YYYY-MM-DD\n\
# confidentiality = true       # what is said in meetings stays between you\n\
# meeting_every_days = 30\n\
# mode = \"hybrid\"              # in-person | virtual | hybrid\n\
# duration_months = 6\n\
# closing = \"How either of us may close the pair.\"\n\
#\n"
    };
}

/// The learning contract a new pair agrees at its first meeting, commented
/// out at the end of a new pair.toml so a fresh pair validates. `mentor
/// pair start` replaces it with the `[agreement]` table itself, its
/// unwritten terms left as comments inside it ([`agreement_terms_left`]), so
/// that uncommenting never gives a second `[agreement]`.
pub const AGREEMENT_EXAMPLE: &str = agreement_example!();

/// pair.toml after the pair's fields: the learning contract and a pause,
/// commented out.
const AGREEMENT_TEMPLATE: &str = concat!(
    agreement_example!(),
    "# Leave or a busy term: a pause (or `mentor pair pause PAIR --to DATE`).\n\
# [[pause]]\n\
# from = YYYY-MM-DD\n\
# to = YYYY-MM-DD\n\
# reason = \"parental leave\"    # readable by everyone: no confidential detail\n"
);

/// The example's terms (`# key = value` lines) other than those in
/// `written`: the comments `pair start` leaves inside the `[agreement]` it
/// writes, for the pair to uncomment.
pub fn agreement_terms_left(written: &[Field]) -> String {
    AGREEMENT_EXAMPLE
        .lines()
        .filter(|line| {
            let key = line
                .strip_prefix("# ")
                .and_then(|rest| rest.split_once(" = "))
                .map(|(key, _)| key);
            key.is_some_and(|key| {
                Agreement::FIELDS.contains(&key) && !written.iter().any(|f| f.name() == key)
            })
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

const GOALS_TEMPLATE: &str = "# SMART goals (Specific, Measurable, Achievable, Relevant, Time-bound): agree them at your first meeting.\n\
goals: []\n\
# goals:\n\
#   - id: first-goal\n\
#     specific: What exactly will be done\n\
#     measurable: How you will know it is done\n\
#     achievable: Why it is realistic, and what support it needs\n\
#     relevant: a competency id, or why it matters\n\
#     due: YYYY-MM-DD\n\
#     status: draft            # draft (still writing it) | not-started | in-progress | achieved | dropped\n";

const LOG_TEMPLATE: &str = "# The meeting log: add one entry per meeting, newest last, then commit.\n\
# `private_notes` are sealed for the two of you alone: add them with\n\
# `mentor log PAIR --private`, or write them here and run `mentor seal`.\n\
meetings: []\n\
# meetings:\n\
#   - date: YYYY-MM-DD\n\
#     minutes: 60\n\
#     mode: video              # in-person | video | phone | chat | email\n\
#     goals: [first-goal]\n\
#     topics: [\"What we talked about\"]\n\
#     private_notes: \"Only for the two of us.\"\n";

const ASSESSMENT_TEMPLATE: &str = "# Where {mentee} stands on their development areas, on the programme's\n\
# [assessment] scale: a baseline at the start and a final one at the end.\n\
# Add one with `mentor new assessment PAIR --stage baseline --by ID --level <competency>=<level>`;\n\
# the levels are sealed for the two of you and the coordinator (`mentor seal`).\n\
assessments: []\n";

const FEEDBACK_TEMPLATE: &str = "# Evaluations: each of you adds one at the mid-point and at the end, with\n\
# `mentor feedback PAIR --by ID --stage mid --satisfaction 4` (the comment from standard input).\n\
feedback: []\n\
# feedback:\n\
#   - by: {mentee}\n\
#     date: YYYY-MM-DD\n\
#     stage: mid               # mid (the mid-point review) | final | other\n\
#     satisfaction: 4          # 1 (poor) to 5 (excellent)\n\
#     comment: \"...\"\n\
# Your rating and comment are sealed for you and the coordinator\n\
# (`mentor seal`): your partner cannot read them.\n";

const CONCERNS_TEMPLATE: &str = "# Concerns raised about the pair and their follow-up (`mentor concern PAIR\n\
# --raised-by ID`, `mentor concern PAIR --follow-up N --status resolved`).\n\
# Each text is sealed for the coordinators alone; entries are added, never rewritten.\n\
concerns: []\n";
const SURVEYS_TEMPLATE: &str = "# Survey answers: `mentor survey status` says which surveys you owe, and\n\
# `mentor survey answer SURVEY --pair PAIR --as ID` asks their questions.\n\
# By hand, one entry per question (the question ids are in programme.toml):\n\
#   - survey: match-quality\n\
#     occasion: YYYY-MM-DD     # the day the survey fell due\n\
#     by: {mentee}\n\
#     date: YYYY-MM-DD         # the day you answered\n\
#     question: score\n\
#     private_answer: 4        # a confidential question: sealed for you and the coordinator (`mentor seal`)\n\
#   - survey: closing\n\
#     occasion: YYYY-MM-DD\n\
#     by: {mentee}\n\
#     date: YYYY-MM-DD\n\
#     question: reason\n\
#     answer: \"ran its course\"  # readable: a question that is not confidential\n\
answers: []\n";

const PERSON_SURVEYS_TEMPLATE: &str = "# Your answers to surveys the programme asks while you are in no pair\n\
# (waiting for a mentor, or a mentor without a mentee): `mentor survey status`\n\
# says which you owe, `mentor survey answer SURVEY --person {person}` asks them.\n\
# Only you and the coordinators may change this file; confidential answers\n\
# are sealed for you and the coordinators (`mentor seal`).\n\
#   - survey: end-of-programme\n\
#     occasion: YYYY-MM-DD     # the day the survey fell due\n\
#     by: {person}\n\
#     date: YYYY-MM-DD         # the day you answered\n\
#     question: score\n\
#     private_answer: 4\n\
answers: []\n";

#[cfg(test)]
mod tests;

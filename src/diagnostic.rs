//! Findings about a programme: data, not errors.
//!
//! Every finding has a stable code (`E031`), a stable name
//! (`mentor-is-line-manager`), a severity that follows from the code, a location
//! and a message naming the field. Codes are never reused or renumbered: CI
//! configurations and people's muscle memory depend on them.

use std::fmt;

use crate::source::{Sources, Span};

/// How serious a finding is. Errors fail `validate`; warnings fail it only
/// with `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Which command reports a code: the letter it starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `E` and `W`: `mentor validate` (and every writer's check).
    Validate,
    /// `I`: `mentor import`, about the export and its mapping.
    Import,
    /// `A`: `mentor audit`, about the history.
    Audit,
}

macro_rules! codes {
    ($( $variant:ident = $id:literal $name:literal $severity:ident $summary:literal, )*) => {
        /// Every finding mentor can report, whatever the command.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The codes of one family, in table order.
            pub fn of(family: Family) -> impl Iterator<Item = Code> {
                Self::ALL.iter().copied().filter(move |c| c.family() == family)
            }

            pub fn family(self) -> Family {
                match self.id().as_bytes()[0] {
                    b'I' => Family::Import,
                    b'A' => Family::Audit,
                    _ => Family::Validate,
                }
            }

            /// The stable code, such as `E031`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            /// The stable kebab-case name, such as `mentor-is-line-manager`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line saying what the rule checks, for documentation and SARIF.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }
        }
    };
}

codes! {
    SyntaxError = "E001" "syntax-error" Error "The file is not valid TOML or YAML.",
    UnknownField = "E002" "unknown-field" Error "A field that the record type does not have (often a typo).",
    WrongType = "E003" "wrong-type" Error "A field holds the wrong kind of value (text where a number belongs, ...).",
    InvalidValue = "E004" "invalid-value" Error "A value outside the allowed set or range.",
    InvalidDate = "E005" "invalid-date" Error "A date that is not YYYY-MM-DD or does not exist.",
    MissingField = "E006" "missing-field" Error "A required field is absent.",
    MissingProgramme = "E007" "missing-programme" Error "The directory has no programme.toml (or programme.yaml).",
    DuplicateRecord = "E008" "duplicate-record" Error "Two records share an id (person, pair, goal or competency).",
    DuplicateEmail = "E009" "duplicate-email" Error "Two people share an email address (as an email or an alias).",
    InvalidId = "E010" "invalid-id" Error "A file or folder name that cannot serve as an id.",
    MissingPairFile = "E011" "missing-pair-file" Error "A folder under pairs/ without a pair.toml.",
    LinkedFile = "E012" "linked-file" Error "A record file or folder that is a symbolic link: mentor never follows links.",
    FileTooLarge = "E013" "file-too-large" Error "A record file over the size limit (4 MiB): no real record is near it.",
    Unreadable = "E014" "unreadable" Error "A file or folder mentor cannot open (permissions, a device).",
    TrackedLocalState = "E015" "tracked-local-state" Error "A file under .mentor/, this machine's own state, that git tracks: a clone must never carry it.",
    LinkedSupportFile = "E016" "linked-support-file" Error "A support file (reminder template, import mapping, CODEOWNERS, pseudonym key) that is, or lies behind, a symbolic link: mentor never reads through links.",
    ForeignJournal = "E017" "foreign-journal" Error "A .mentor/journal that this machine did not write (committed or copied): mentor never acts on it.",
    UnknownPerson = "E020" "unknown-person" Error "A reference to a person id (or email) that has no file under people/.",
    UnknownCompetency = "E021" "unknown-competency" Error "A competency id that programme.toml does not define.",
    UnknownGoal = "E022" "unknown-goal" Error "A meeting names a goal id that the pair's goals.yaml does not define.",
    WrongRole = "E023" "wrong-role" Error "A person is used in a role their profile does not have.",
    FeedbackNotFromPair = "E024" "feedback-not-from-pair" Error "Feedback written by someone who is not the pair's mentor or mentee.",
    InvalidHandle = "E025" "invalid-handle" Error "A `github` or `gitlab` handle that is not a user, team or group name on that host (CODEOWNERS is written from it).",
    SelfPair = "E030" "self-pair" Error "A pair whose mentor and mentee are the same person.",
    MentorIsLineManager = "E031" "mentor-is-line-manager" Error "The mentor is the mentee's own line manager.",
    MentorOverCapacity = "E032" "mentor-over-capacity" Error "A mentor has more active pairs than their capacity.",
    MenteeDoublePaired = "E033" "mentee-double-paired" Error "A mentee is in more than one active pair.",
    SupervisorApprovalMissing = "E034" "supervisor-approval-missing" Error "The programme requires supervisor approval and the mentee has none.",
    MentorNotTrained = "E035" "mentor-not-trained" Error "The programme requires training and the mentor was not trained before the pair started.",
    PairOutsideProgramme = "E036" "pair-outside-programme" Error "A pair's dates fall outside the programme's start and end.",
    MeetingOutsidePair = "E037" "meeting-outside-pair" Error "A meeting dated before the pair started or after it closed.",
    MeetingInFuture = "E038" "meeting-in-future" Error "A meeting dated after today (or --as-of).",
    ClosureMissing = "E039" "closure-missing" Error "A closed pair without a closure date and reason.",
    DatesOutOfOrder = "E040" "dates-out-of-order" Error "An end date before its start date.",
    NotEligible = "E041" "not-eligible" Error "A mentee whose group is not among the programme's eligible groups.",
    AssessorNotInPair = "E042" "assessor-not-in-pair" Error "An assessment by someone who is not the pair's mentor or mentee.",
    MeetingWithoutMinutes = "E043" "meeting-without-minutes" Error "A meeting that does not say how long it lasted (`minutes`).",
    GoalNotSpecific = "E050" "goal-not-specific" Error "A goal without a real `specific` part.",
    GoalNotMeasurable = "E051" "goal-not-measurable" Error "A goal without a real `measurable` part.",
    GoalNotAchievable = "E052" "goal-not-achievable" Error "A goal without a real `achievable` part.",
    GoalNotRelevant = "E053" "goal-not-relevant" Error "A goal without a real `relevant` part.",
    GoalNotTimeBound = "E054" "goal-not-time-bound" Error "A goal without a `due` date.",
    GoalDueOutsidePair = "E055" "goal-due-outside-pair" Error "A goal due before the pair starts or after it ends.",
    GoalAchievedUndated = "E056" "goal-achieved-undated" Error "An achieved goal without `achieved_on`.",
    InvalidKey = "E060" "invalid-key" Error "A `keys` entry that is not an ssh-ed25519, ssh-rsa or age1 public key.",
    UnsealedPrivateValue = "E061" "unsealed-private-value" Error "A private field in plaintext in a programme that seals them (`[privacy] seal = true`).",
    MisplacedSeal = "E062" "misplaced-seal" Error "A sealed value in a field that must stay readable.",
    BrokenSeal = "E063" "broken-seal" Error "A sealed value that is not a whole age message.",
    UnknownTrainingSession = "E100" "unknown-training-session" Error "A person's `attended` names a session that the programme's `[[training]]` does not define.",
    UnknownConcern = "E101" "unknown-concern" Error "A closure names a concern number the pair's concerns log has not raised.",
    ConcernWithoutRaiser = "E102" "concern-without-raiser" Error "The entry that raises a concern does not say who raised it (`by`), or names someone not in the programme.",
    SealForAnotherPlace = "E064" "seal-for-another-place" Error "A sealed value whose header binds it to another place (another pair, person, author, entry or field): it was copied here.",
    PreferSelf = "E075" "prefer-self" Error "A `prefer` list that names the person themselves.",
    PreferWrongRole = "E076" "prefer-wrong-role" Error "A `prefer` entry on the wrong side: a mentee ranks mentors, a mentor ranks mentees.",
    SurveyQuestionUnanswerable = "E090" "survey-question-unanswerable" Error "A survey question no answer could satisfy: a choice without options, a scale whose lowest point is not below its highest.",
    DuplicateSurveyId = "E091" "duplicate-survey-id" Error "Two surveys, or two questions of one survey, share an id.",
    SurveyNeverAsked = "E092" "survey-never-asked" Error "A survey that says no moment to ask it (`after_start_days`, `mid_point`, `on_close`, `programme_end` or `on_date`), or `every_days` without `after_start_days`.",
    AnswerUnknownSurvey = "E093" "answer-unknown-survey" Error "A survey answer that names a survey programme.toml does not declare.",
    AnswerUnknownQuestion = "E094" "answer-unknown-question" Error "A survey answer that names a question its survey does not ask.",
    AnswerInvalid = "E095" "answer-invalid" Error "A survey answer the question cannot take: off the scale, not one of the options, not a number, or neither `answer` nor `private_answer`.",
    AnswerMissingRequired = "E096" "answer-missing-required" Error "Someone answered a survey occasion but left out a required question.",
    DuplicateIntake = "E070" "duplicate-intake" Error "Two intakes in programme.toml share an id.",
    IntakeDatesOutOfOrder = "E071" "intake-dates-out-of-order" Error "An intake whose applications close before they open, or whose match day comes before they open.",
    IntakesOverlap = "E072" "intakes-overlap" Error "Two intakes whose application windows overlap: an application date could not say which intake it belongs to.",
    IntakeOutsideProgramme = "E073" "intake-outside-programme" Error "An intake date (applications open, close, match day) outside the programme's start and end.",
    UnknownIntake = "E074" "unknown-intake" Error "A person's `intake` names no intake of the programme's `[[intakes]]`.",
    GroupNotAllowed = "E080" "group-not-allowed" Error "A pair folder lists `mentees` (or a `co_mentor`) in a programme whose `kind` is not `group`, and the pair does not say `group = true`.",
    GroupMemberTwice = "E081" "group-member-twice" Error "A group names one person twice (two `mentees` entries, or the mentor as co-mentor).",
    GroupTooLarge = "E082" "group-too-large" Error "A group with more mentees than its mentor's `group_size` (else `[pairs] group_size`, else 4).",
    MenteeAndMentees = "E083" "mentee-and-mentees" Error "A pair.toml that writes both `mentee` and `mentees`: a pair has one mentee, a group lists them all under `mentees`.",
    NotAGroupMember = "E084" "not-a-group-member" Error "A goal or meeting whose `member` is not one of the group's mentees (or is written in a one-to-one pair).",
    GroupMemberPrivateNotes = "W041" "group-member-private-notes" Warning "A group meeting for one member (`member`) with `private_notes`: a group's private notes are sealed for every member, so the other members can read them too.",
    PairStalled = "W001" "pair-stalled" Warning "No meeting for longer than the agreed interval.",
    PairNeverMet = "W002" "pair-never-met" Warning "An active pair with no meeting logged after the agreed interval.",
    AgreementUnsigned = "W003" "agreement-unsigned" Warning "The agreement is not signed 30 days after the pair started.",
    NoGoals = "W004" "no-goals" Warning "No goals 30 days after the pair started.",
    GoalOverdue = "W005" "goal-overdue" Warning "A goal past its due date that is neither achieved nor dropped.",
    TooFewMeetings = "W006" "too-few-meetings" Warning "A pair that ended with fewer meetings than the programme minimum.",
    ConfidentialityUnstated = "W007" "confidentiality-unstated" Warning "A signed agreement that does not state confidentiality.",
    MentorInManagementChain = "W008" "mentor-in-management-chain" Warning "The mentor manages the mentee's manager (or higher up).",
    UnrecognisedFile = "W009" "unrecognised-file" Warning "A file in a record folder that mentor does not read.",
    AchievedOnWithoutAchieved = "W010" "achieved-date-without-status" Warning "A goal has `achieved_on` but its status is not `achieved`.",
    EligibilityGroupMissing = "W011" "eligibility-group-missing" Warning "The programme limits eligible groups and a mentee states none.",
    ManagementCycle = "W012" "management-cycle" Warning "Following `manager` leads back to the same person.",
    ProgrammeReviewDue = "W013" "programme-review-due" Warning "The programme's last review (`reviewed_on`) is more than a year old.",
    LongMeeting = "W014" "long-meeting" Warning "A meeting logged as longer than four hours (often minutes typed as hours or seconds).",
    PlaintextPrivateValue = "W015" "plaintext-private-value" Warning "Private fields in plaintext, readable by everyone with the repository, in a programme that has not decided whether to seal them (`[privacy] seal`): one finding, with the count.",
    StaleSeal = "W016" "stale-seal" Warning "A sealed value whose keys no longer match the people entitled to read it.",
    ValueCase = "W020" "value-case" Warning "A value written in capitals (`Video`): read as its lower-case form (`video`).",
    PreferRepeated = "W035" "prefer-repeated" Warning "A `prefer` list that names the same person twice: the first place counts.",
    PreferNeverAllowed = "W036" "prefer-never-allowed" Warning "A `prefer` list that ranks someone a matching rule never pairs the person with (line manager, management chain, shared manager or department, no common language or meeting mode, turned down before): that place is skipped.",
    AnswerNotAsked = "W080" "answer-not-asked" Warning "A survey answer by someone the survey does not ask (not of the pair, or not in the role it asks).",
    ConfidentialAnswerReadable = "W081" "confidential-answer-readable" Warning "The answer to a confidential question written under `answer`, readable by everyone with the repository: it belongs under `private_answer`.",
    AnswerRepeated = "W082" "answer-repeated" Warning "One person answered the same question of one survey occasion more than once: only the last answer counts in the results.",
    NoBaselineAssessment = "W018" "no-baseline-assessment" Warning "A pair 30 days in with no baseline skills assessment (when the programme has an assessment scale).",
    NoFinalAssessment = "W019" "no-final-assessment" Warning "A closed pair with no final skills assessment (when the programme has an assessment scale).",
    DraftGoalNotSmart = "W021" "draft-goal-not-smart" Warning "A goal still in draft (`status: draft`) that is not yet SMART: an error once it leaves draft.",
    PauseOutsidePair = "W022" "pause-outside-pair" Warning "A pause that begins before the pair started or after it ended, or overlaps another pause.",
    SealMovedWithinRecord = "W023" "seal-moved-within-record" Warning "A sealed value bound to another date of the same record: the same readers; `mentor seal --rotate` binds it here.",
    SealUnbound = "W024" "seal-unbound" Warning "A sealed value that does not record its place and keys (sealed before mentor recorded them, or by another tool).",
    PastRetention = "W070" "past-retention" Warning "A person whose records the programme keeps longer than `[privacy] retain_months` after their last involvement (or the programme's end).",
    TrainingMissing = "W090" "training-missing" Warning "An active pair whose mentor or mentee has not attended a required training session.",
    StaleCodeowners = "W017" "stale-codeowners" Warning "A CODEOWNERS file that no longer matches the programme's people and pairs.",
    IntakeMissing = "W030" "intake-missing" Warning "A waiting mentee without an `intake` in a programme that takes applications in intakes: no `mentor match --intake` run includes them.",
    PairChangedByOutsider = "A001" "pair-changed-by-outsider" Error "A commit changed a pair's files, by someone neither of the pair nor a coordinator (nor `[audit] trusted`), or a participant founded a pair.",
    PersonChangedByOther = "A002" "person-changed-by-other" Error "A commit changed a person's file, by someone other than that person or a coordinator (a supervisor may commit only their own approval).",
    ProgrammeChangedByOther = "A003" "programme-changed-by-other" Error "A commit changed programme.toml, by someone other than a coordinator.",
    MeetingRewritten = "A004" "meeting-rewritten" Error "A committed meeting was deleted or rewritten (the log is append-only; the pair may correct its last entry within 7 days).",
    GoalDeleted = "A005" "goal-deleted" Error "A committed goal was deleted instead of set to `dropped`.",
    PairMemberChanged = "A006" "pair-member-changed" Error "A pair's mentor or mentee (a group's members) was changed after the pair became active, or by anyone but a coordinator while it was proposed.",
    PlaintextInHistory = "A007" "plaintext-in-history" Error "A private field was committed in plaintext: sealing it now does not remove it from history.",
    OfficeFileChangedByOther = "A008" "office-file-changed-by-other" Error "A commit changed a file only the coordinators change (the pseudonym key, a reminder template, the import mapping, CODEOWNERS, a CI workflow), by someone other than a coordinator.",
    PlaintextInHistoryUnsealed = "A010" "plaintext-in-history-unsealed" Warning "A private field committed in plaintext when the programme did not seal private values (`[privacy] seal` was not `true`): in history by the programme's choice, or before it decided.",
    SeveralFoundings = "A009" "several-foundings" Error "More than one commit creates programme.toml: the audit cannot tell which founded the programme, so it takes nobody as a coordinator from them.",
    ApprovalByMentee = "A015" "approval-by-mentee" Error "A commit by the mentee themselves wrote or changed their supervisor's approval: the approval carries no evidence that it came from the supervisor.",
    ImportMissingColumn = "I001" "import-missing-column" Error "The mapping names a column the export does not have.",
    ImportUnmappedColumn = "I002" "import-unmapped-column" Warning "A column the mapping does not use.",
    ImportMissingValue = "I003" "import-missing-value" Error "A required cell (name, role) is empty.",
    ImportUnknownCompetency = "I004" "import-unknown-competency" Error "A list item that is no competency id or name.",
    ImportInvalidValue = "I005" "import-invalid-value" Error "An answer that is not one of the field's values (add it under [values.<field>]).",
    ImportInvalidDate = "I006" "import-invalid-date" Error "A date in neither ISO form nor the mapping's `date_format`.",
    ImportInvalidEmail = "I007" "import-invalid-email" Error "An email address without an @, or with spaces.",
    ImportDuplicateRow = "I008" "import-duplicate-row" Error "Two rows for the same email or id.",
    ImportEmptyCells = "I009" "import-empty-cells" Warning "An optional column left empty in some rows.",
    ImportNotInExport = "I010" "import-not-in-export" Warning "A person in people/ whom this export does not list (kept).",
    ImportNotUpdatable = "I011" "import-not-updatable" Warning "An existing person file that is YAML (import updates TOML files).",
    ImportInvalidMapping = "I012" "import-invalid-mapping" Error "The mapping names a field people do not have, gives a value of the wrong type, or is not valid TOML.",
    ImportUnknownAnswer = "I013" "import-unknown-answer" Warning "A list answer that is no known value, left out as the mapping's [unknown] says (\"Other:\" text).",
    ImportSupersededRow = "I014" "import-superseded-row" Warning "An older response replaced by a later one from the same email (duplicates = \"latest\").",
    ImportSurveyMapUnknownQuestion = "I036" "import-survey-map-unknown-question" Error "A `--map QUESTION=COLUMN` that names a question the survey does not ask.",
    ImportSurveyMapUnknownColumn = "I037" "import-survey-map-unknown-column" Error "A `--map QUESTION=COLUMN` that names a column the export does not have.",
    ImportSurveyNotAsked = "I040" "import-survey-not-asked" Warning "A survey response from an address that is no participant the survey has fallen due for: left out.",
    ImportSurveyExtraColumn = "I041" "import-survey-extra-column" Warning "A column of a survey export that is no question of the survey: left out.",
    ImportSurveyInvalidAnswer = "I042" "import-survey-invalid-answer" Error "A survey response the question cannot take: off the scale, not one of the options, not a number.",
    ImportSurveyMissingAnswer = "I043" "import-survey-missing-answer" Error "A survey response that leaves out a required question.",
    ImportSurveySuperseded = "I044" "import-survey-superseded" Warning "An earlier survey response replaced by a later one from the same address.",
    ImportDuplicateHeader = "I015" "import-duplicate-header" Error "The mapping reads a column whose header the export has more than once.",
    ImportInvalidHandle = "I016" "import-invalid-handle" Error "A `github` or `gitlab` cell that is not a user, team or group name on that host.",
    ImportNoMappedColumn = "I020" "import-no-mapped-column" Error "The export has none of the columns the mapping reads: another form's export, or another form's mapping.",
    ImportUnknownPerson = "I021" "import-unknown-person" Error "An `avoid` or `prefer` answer that names no one in the programme or the export (by email, id or full name), or a name two people share.",
    ImportCannotSeal = "I022" "import-cannot-seal" Error "A private answer (`avoid`) the programme seals, for someone with no public key to seal it to: nothing is written.",
    ImportOutsideIntakes = "I030" "import-outside-intakes" Warning "A mentee's application date falls in no intake's window: imported without an intake, to set by hand or with `--intake`.",
    ImportUnknownIntake = "I031" "import-unknown-intake" Error "An `intake` cell, or `--intake`, that names no intake of the programme's `[[intakes]]`.",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id(), self.name())
    }
}

/// Where a finding points.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// A place in a file that mentor read: renderers show its line.
    Span(Span),
    /// A cell of a form export: the spreadsheet's 1-based row and column
    /// (0 when the finding is about a whole column or a whole row).
    Cell {
        path: String,
        row: usize,
        column: usize,
    },
    /// A file as a whole, or one that does not exist.
    Path(String),
}

/// One finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub location: Location,
    /// Says what is wrong, naming the field.
    pub message: String,
    /// Says how to fix it.
    pub help: Option<String>,
    /// The other people and pairs a cross-file rule is about (a mentor over
    /// capacity names their pairs): `validate --pair/--person` shows the
    /// finding to them too, wherever it is located.
    pub involves: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self::at(code, Location::Span(span), message)
    }

    pub fn for_path(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::at(code, Location::Path(path.into()), message)
    }

    /// Messages quote values from files: control characters in them are
    /// made visible once, here, for every format.
    pub fn at(code: Code, location: Location, message: impl Into<String>) -> Self {
        Self {
            code,
            location,
            message: crate::text::visible(&message.into()).into_owned(),
            help: None,
            involves: Vec::new(),
        }
    }

    /// The span in a file mentor read, if the finding has one.
    pub fn span(&self) -> Option<Span> {
        match self.location {
            Location::Span(span) => Some(span),
            _ => None,
        }
    }

    /// Whether the finding makes the records untrustworthy, so commands
    /// refuse to build on them. An unsealed private value is an error for CI
    /// to refuse a push, but the records are sound: reports, `mentor seal`
    /// and the writers go on. So is a value sealed for another place: it is
    /// never opened where it was copied, so it only reads as absent. Local
    /// state and support files are not records: what would act on them
    /// refuses on its own.
    pub fn blocks(&self) -> bool {
        self.severity() == Severity::Error
            && !matches!(
                self.code,
                Code::UnsealedPrivateValue
                    | Code::SealForAnotherPlace
                    | Code::TrackedLocalState
                    | Code::LinkedSupportFile
                    | Code::ForeignJournal
            )
    }

    /// Name the people and pairs the finding is also about.
    pub fn involving<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.involves.extend(ids.into_iter().map(Into::into));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(crate::text::visible(&help.into()).into_owned());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// A diagnostic with its location worked out: what every renderer prints.
#[derive(Clone, Debug)]
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Resolve locations and sort by path, line and column, so output is stable
/// in diffs whatever order the checks ran in.
pub fn locate<'a>(diagnostics: &'a [Diagnostic], sources: &'a Sources) -> Vec<Located<'a>> {
    let mut located: Vec<Located<'a>> = diagnostics
        .iter()
        .map(|diagnostic| {
            let file = diagnostic.span().and_then(|s| sources.get(s.file));
            match (&diagnostic.location, file) {
                (Location::Span(span), Some(file)) => {
                    let (line, column) = file.line_col(span.start);
                    let (end_line, end_column) = file.line_col(span.end);
                    Located {
                        diagnostic,
                        path: file.display.as_str(),
                        line,
                        column,
                        end_line,
                        end_column,
                    }
                }
                (Location::Cell { path, row, column }, _) => Located {
                    diagnostic,
                    path,
                    line: (*row).max(1),
                    column: (*column).max(1),
                    end_line: (*row).max(1),
                    end_column: (*column).max(1),
                },
                (Location::Path(path), _) => Located {
                    diagnostic,
                    path,
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                },
                (Location::Span(_), None) => Located {
                    diagnostic,
                    path: "",
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                },
            }
        })
        .collect();
    located.sort_by(|a, b| {
        (a.path, a.line, a.column, a.diagnostic.code).cmp(&(
            b.path,
            b.line,
            b.column,
            b.diagnostic.code,
        ))
    });
    located
}

/// Counts of errors and warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        diagnostics
            .iter()
            .fold(Self::default(), |mut t, d| match d.severity() {
                Severity::Error => {
                    t.errors += 1;
                    t
                }
                Severity::Warning => {
                    t.warnings += 1;
                    t
                }
            })
    }
}

/// Findings with at most `per_code` of each code kept, and the rest
/// counted: a file with one mistake on a million rows (or a million
/// columns) gives a few findings and a count, not a million lines, nor
/// the memory to hold them.
#[derive(Debug)]
pub struct Capped {
    per_code: usize,
    kept: Vec<Diagnostic>,
    /// Per code: how many were pushed, and where the first one left out was.
    counts: std::collections::BTreeMap<Code, (usize, Option<Location>)>,
}

impl Capped {
    pub fn new(per_code: usize) -> Self {
        Self {
            per_code,
            kept: Vec::new(),
            counts: std::collections::BTreeMap::new(),
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        let (seen, first_left_out) = self.counts.entry(diagnostic.code).or_default();
        *seen += 1;
        if *seen <= self.per_code {
            self.kept.push(diagnostic);
        } else if first_left_out.is_none() {
            *first_left_out = Some(diagnostic.location);
        }
    }

    /// Whether any finding pushed (kept or not) is an error.
    pub fn has_errors(&self) -> bool {
        self.counts
            .keys()
            .any(|code| code.severity() == Severity::Error)
    }

    /// The findings kept, and one per code that had more, saying how many
    /// more: "and 12,345 more like this".
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let per_code = self.per_code;
        let mut out = self.kept;
        for (code, (seen, first_left_out)) in self.counts {
            if let Some(location) = first_left_out {
                out.push(Diagnostic::at(
                    code,
                    location,
                    format!(
                        "and {} more like this ({code}), not listed one by one",
                        thousands(seen - per_code)
                    ),
                ));
            }
        }
        out
    }
}

impl Extend<Diagnostic> for Capped {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, findings: I) {
        for finding in findings {
            self.push(finding);
        }
    }
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn findings_past_the_cap_are_counted_not_kept() {
        let mut capped = Capped::new(2);
        for column in 1..=12_347 {
            capped.push(Diagnostic::at(
                Code::ImportUnmappedColumn,
                Location::Cell {
                    path: "x.csv".into(),
                    row: 1,
                    column,
                },
                format!("column {column}"),
            ));
        }
        capped.push(Diagnostic::for_path(
            Code::ImportMissingValue,
            "x.csv",
            "no name",
        ));
        assert!(capped.has_errors());
        let out = capped.into_vec();
        assert_eq!(out.len(), 4);
        let summary = &out[3];
        assert_eq!(summary.code, Code::ImportUnmappedColumn);
        assert!(
            summary.message.starts_with("and 12,345 more like this"),
            "{}",
            summary.message
        );
        assert_eq!(
            summary.location,
            Location::Cell {
                path: "x.csv".into(),
                row: 1,
                column: 3
            }
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn codes_and_names_are_unique_and_prefix_matches_severity() {
        let ids: HashSet<_> = Code::ALL.iter().map(|c| c.id()).collect();
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::of(Family::Validate) {
            let expected = if code.id().starts_with('E') {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(code.severity(), expected, "{code}");
        }
    }
}

//! `mentor validate`: one broken fixture per diagnostic code, each asserting
//! the code, the file and the line reported.

use std::collections::BTreeSet;

use crate::support::{AS_OF, Finding, Fixture, assert_exit, stdout};

/// A change to the base fixture: write a file, or remove one.
enum Patch {
    Write(&'static str, &'static str),
    Remove(&'static str),
    /// A symbolic link at the path, pointing at the target.
    Link(&'static str, &'static str),
    /// A file of this many bytes (a valid TOML comment, repeated).
    Fill(&'static str, usize),
    /// A Unix socket where a record would be.
    Socket(&'static str),
    /// A file written and added to git (the fixture made a repository).
    Tracked(&'static str, &'static str),
}
use Patch::{Fill, Link, Remove, Socket, Tracked, Write};

struct Case {
    /// The test's name (`cargo test toml_syntax_error`).
    test: &'static str,
    name: &'static str,
    patches: &'static [Patch],
    code: &'static str,
    path: &'static str,
    line: usize,
}

const MO: &str = "people/mo.toml";
const ED: &str = "people/ed.toml";
const PAIR: &str = "pairs/ed--mo/pair.toml";
const GOALS: &str = "pairs/ed--mo/goals.yaml";
const LOG: &str = "pairs/ed--mo/log.yaml";
const FEEDBACK: &str = "pairs/ed--mo/feedback.yaml";

const SURVEYS: &str = "pairs/ed--mo/surveys.yaml";

/// An intake, to append to the base programme (lines 26 to 30).
macro_rules! spring {
    () => {
        "\n[[intakes]]\nid = \"spring\"\napplications_from = 2026-02-01\napplications_to = 2026-03-31\nmatch_on = 2026-04-06\n"
    };
}

/// Another intake with the same id, after `spring!` (lines 32 to 36).
macro_rules! spring_again {
    () => {
        "\n[[intakes]]\nid = \"spring\"\napplications_from = 2026-06-01\napplications_to = 2026-06-30\nmatch_on = 2026-07-06\n"
    };
}

/// The base programme with one survey: a 1-5 score, 30 days into a pair.
const SURVEY_PROGRAMME: &str = "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\nafter_start_days = 30\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"How well is it working?\"\nkind = \"scale\"\nrequired = true\n";

/// The base programme, sealing private values.
const SEALING_PROGRAMME: &str = "name = \"Fixture Programme\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[privacy]\nseal = true\n";

/// The base programme with a skills tick sheet.
const ASSESSING_PROGRAMME: &str = "name = \"Fixture Programme\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[assessment]\nscale = [\"not yet\", \"with support\", \"independently\"]\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n";

/// A note sealed (with the `age` CLI) to Ed's key alone: its header records
/// no place and no readers.
const UNBOUND_LOG: &str = "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBJV29jWVZqWU54U3VLbFFs\n      MDJkTUw5bEZnckdRSE9uZWdXNGdvek9vYWdVCnBEaitoVTdFUDFIZnIrYXh6U3JM\n      OExXTE5oR2FTRXUvTHBTSXlEaHo3dWsKLS0tIEx4Ynk4aWxaL0ZEUSswZ2lQb00w\n      Y0h3eDlYUFZ0RG1CS1pjUlVwVVJ3UWMKSjeZZ6M1KPX5LlvpWdQL/q4ybxEWxA8L\n      tTcqbEKxIh+gnohW0Oh7uw==\n      -----END AGE ENCRYPTED FILE-----\n";

/// A note `mentor seal` sealed for this meeting, to Ed's key alone (Mo
/// listed Ed's key then), while the pair's readers are Ed and Mo.
const STALE_LOG: &str = "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSAxai9jSnNucWhocTVNSk9S\n      MnhzbXZhMGhSTHFqWXcwVHc3NWJTakhjOVJzClJuNU9yZUZZTUVoT3QrTng4aVpy\n      NXpqME92WG1qK3dKUnFrTmREYURYekkKLT4gbWVudG9yLXBsYWNlIFd5SnRaV1Yw\n      YVc1bklpd2laV1F0TFcxdklpd2lNakF5Tmkwd01pMHdNU0lzSW5CeWFYWmhkR1Zm\n      Ym05MFpYTWlYUQoKLT4gbWVudG9yLXJlYWRlcnMgbmFPaVpYdmxJVDQKCi0+ID40\n      NjdqeE8yLWdyZWFzZSApUU5yP2YlIDlBZgpjdWdraHNLTnJMVmsrV2Y1ZWRYeUpj\n      QWxCUVozYmhHa0RoekpidnJyaVhMVktCMDNHVXRpWUtZSlEzK2ZEU0hQCmtCUm9a\n      OEhLN1lZMEd2Ry8wcFUKLS0tIGI0dU5UTnFKeHNSdTBGVnZPVGU4QlJSTXZCbTBB\n      Z0JmL0Q1ODQwNTdoMGMK6U/hX4l4+sKhfwFVtYfzzqybjdPC59nUnxvmJ3u5S5Ly\n      6m/DfWBira6qNwWWIgiSHufS+Mxog20=\n      -----END AGE ENCRYPTED FILE-----\n";

/// A note sealed for Ed and Mo, for the pair's meeting of 2026-03-01,
/// written at the meeting of 2026-02-01.
const MOVED_LOG: &str = "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSA4dDA4Y3pBbEZPSnl1SzBQ\n      eEZzWllaRElBZllSSERCbmgyQkR1c1Izclc0CjdldE5pWXRZb3hJZEpZTXFSREFD\n      OHJkVWZXZ2JxMm16T3ArYUJlbTBQUHcKLT4gWDI1NTE5IGNFdjJ5ODVBelBneG5w\n      WkRReHBhTjJyZEV5N0RIbnZveEVwWnBZdEpSV2cKZGtNSEpiUWJhTmdHWGFTRkRT\n      MUFUbWVHQUhGT3RFcDlZcHB1K3JQMTZjbwotPiBtZW50b3ItcGxhY2UgV3lKdFpX\n      VjBhVzVuSWl3aVpXUXRMVzF2SWl3aU1qQXlOaTB3TXkwd01TSXNJbkJ5YVhaaGRH\n      VmZibTkwWlhNaVhRCgotPiBtZW50b3ItcmVhZGVycyBYRE51QnpKN2d1WSBuYU9p\n      Wlh2bElUNAoKLT4gIjs1ZEQtZ3JlYXNlIHJeMjFOJyIgcG9qYDB7CkpNdHdNWFpl\n      Sm1CQTNFb3hvb3BoQU81Zm5mZ0VxcmJMNG9Sa0QrZEFzaFJpR1hDdEZwQkdlSzdR\n      dnRtRks3bmkKcDdoY0FsY3J6dm4wNDdocUhJa2ViS0ZYd05YeHpnCi0tLSA3NFdU\n      bnRGZkpRVmJuV1RmMUVJTTUwRFM2Y3ZVNVFHZFA4SkFteXhpb2w4CuajoHIoXIaH\n      m4eV+Wuiw5hvkI+FcqRTobZFUqIx+4dfe0Z9QZg08PKazp49daGv/7PPipREhx06\n      -----END AGE ENCRYPTED FILE-----\n";

/// A note sealed for Ed and Mo, for pair `mo--ed`'s meeting of 2026-02-01:
/// copied from another pair.
const COPIED_LOG: &str = "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBRVXNSQWNESDJIQ2FyYmZz\n      OEpLbUF5MkZPSXU3NW9hVnhiUC8zcUFNc1Q4CkM2SEdFYTNZVWl2VDBLZXhhajU1\n      QmxUOXRyanpad3p3TUt5azVUOHU0TDQKLT4gWDI1NTE5IDJKbklRMDVlcTNRbEg3\n      NXdybE4vUHQra0cxc2doVng1Ylk2VGs4bmFNUTQKYUZ0TldOaEcvVEVvZ21nVjBm\n      cmRIcU5wUllQSnZnR0w3cERFUmJyZHJHUQotPiBtZW50b3ItcGxhY2UgV3lKdFpX\n      VjBhVzVuSWl3aWJXOHRMV1ZrSWl3aU1qQXlOaTB3TWkwd01TSXNJbkJ5YVhaaGRH\n      VmZibTkwWlhNaVhRCgotPiBtZW50b3ItcmVhZGVycyBYRE51QnpKN2d1WSBuYU9p\n      Wlh2bElUNAoKLT4gVi1ncmVhc2UgSFBAXiFCCjBCQWp4UmNCcXRrd3VRb25tallr\n      alFSUHF0WGlqblY3R3Qyem9oZwotLS0gaXd6YXZHS3BkcnNVWlNwNCtuWmVQM25N\n      MmdiemVsL0hSbE5WeTRKTThUcwoF/BwuSoY2d9MYq4XALQjCTivaRBCUhBX3/3P+\n      0jIFwmxiuGLA/CTaKJ5Uv5IW0f+T5LLc+gLDJw==\n      -----END AGE ENCRYPTED FILE-----\n";

/// Ed's and Mo's person files with their age keys, for the sealing cases.
const ED_WITH_KEY: &str = "name = \"Ed Mentee\"\nemail = \"ed@example.org\"\nrole = \"mentee\"\ndepartment = \"Library\"\nmanager = \"lib-boss@example.org\"\ngroup = \"staff\"\nlanguages = [\"en\"]\nneeds = [\"budgeting\"]\nkeys = [\"age1sz0c5phld6jwkxcgtd4kqwjc2d9y7szfvsfq4m5wcnjlx2x2l5kq9x2epz\"]\n\n[supervisor_approval]\nby = \"lib-boss@example.org\"\ndate = 2026-01-10\n";
const MO_WITH_KEY: &str = "name = \"Mo Mentor\"\nemail = \"mo@example.org\"\nrole = \"mentor\"\ndepartment = \"Finance\"\nmanager = \"boss@example.org\"\nlanguages = [\"en\"]\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\nkeys = [\"age15l22fhclxlggz3hxcqfv9gj524jz4rnufj46c6yuyd4qylkrpeksdum0wv\"]\n";

/// The case table, and one `#[test]` per case named after it, so a
/// failure names its case (`cargo test unknown_field_with_suggestion`).
macro_rules! cases {
    ($( $test:ident => Case { $($field:tt)* }, )*) => {
        const CASES: &[Case] = &[ $( Case { test: stringify!($test), $($field)* }, )* ];

        mod case {
            $(
                #[test]
                fn $test() {
                    super::caught_at_its_location(stringify!($test));
                }
            )*
        }
    };
}

/// A goal whose four SMART parts are real, with the lines given after them.
macro_rules! smart_goal {
    ($($line:literal),* $(,)?) => {
        goal!(
            "specific: Prepare the forecast",
            "measurable: Forecast accepted",
            "achievable: With Mo's help",
            "relevant: budgeting",
            $($line),*
        )
    };
}

macro_rules! goal {
    ($($line:literal),* $(,)?) => {
        concat!("goals:\n  - id: g1\n", $("    ", $line, "\n"),*)
    };
}

/// A goal whose `specific` part is a placeholder.
const NOT_SPECIFIC: &str = goal!(
    "specific: TODO",
    "measurable: Forecast accepted",
    "achievable: With Mo's help",
    "relevant: budgeting",
    "due: 2026-06-30"
);

cases! {
    blank_smart_part => Case {
        name: "a SMART part left blank after its colon",
        patches: &[Write(
            GOALS,
            goal!(
                "specific:",
                "measurable: Forecast accepted",
                "achievable: With Mo's help",
                "relevant: budgeting",
                "due: 2026-06-30"
            ),
        )],
        code: "E050",
        path: GOALS,
        line: 3,
    },
    meeting_without_minutes => Case {
        name: "a meeting that does not say how long it lasted",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n  - date: 2026-03-01\n    mode: video\n",
        )],
        code: "E043",
        path: LOG,
        line: 4,
    },
    draft_goal_not_yet_smart => Case {
        name: "a draft goal without a measurable part",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "achievable: With Mo's help",
                "relevant: budgeting",
                "due: 2026-06-30",
                "status: draft"
            ),
        )],
        code: "W021",
        path: GOALS,
        line: 2,
    },
    pause_overlapping_another => Case {
        name: "two pauses over the same days",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-10-31\n\n[agreement]\nsigned = 2026-02-01\nconfidentiality = true\n\n[[pause]]\nfrom = 2026-04-01\nto = 2026-04-30\n\n[[pause]]\nfrom = 2026-04-20\nto = 2026-05-10\n",
        )],
        code: "W022",
        path: PAIR,
        line: 16,
    },
    value_in_capitals => Case {
        name: "a meeting mode written in capitals",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    mode: Video\n",
        )],
        code: "W020",
        path: LOG,
        line: 4,
    },
    assessor_not_in_pair => Case {
        name: "an assessment by someone outside the pair",
        patches: &[
            Write("programme.toml", ASSESSING_PROGRAMME),
            Write(
                "pairs/ed--mo/assessment.yaml",
                "assessments:\n  - by: ed\n    date: 2026-02-01\n    stage: baseline\n    levels: {budgeting: 1}\n  - by: max\n    date: 2026-02-02\n    stage: review\n    levels: {budgeting: 2}\n",
            ),
        ],
        code: "E042",
        path: "pairs/ed--mo/assessment.yaml",
        line: 6,
    },
    level_off_the_scale => Case {
        name: "a level above the programme's scale",
        patches: &[
            Write("programme.toml", ASSESSING_PROGRAMME),
            Write(
                "pairs/ed--mo/assessment.yaml",
                "assessments:\n  - by: ed\n    date: 2026-02-01\n    stage: baseline\n    levels:\n      budgeting: 7\n",
            ),
        ],
        code: "E004",
        path: "pairs/ed--mo/assessment.yaml",
        line: 6,
    },
    level_given_twice => Case {
        name: "a level given twice for one competency, as a number key and a text key",
        patches: &[
            Write("programme.toml", ASSESSING_PROGRAMME),
            Write(
                "pairs/ed--mo/assessment.yaml",
                "assessments:\n  - by: ed\n    date: 2026-02-01\n    stage: baseline\n    levels:\n      1: 1\n      \"1\": 3\n",
            ),
        ],
        code: "E004",
        path: "pairs/ed--mo/assessment.yaml",
        line: 7,
    },
    no_baseline_assessment => Case {
        name: "a pair 43 days in without a baseline assessment",
        patches: &[Write("programme.toml", ASSESSING_PROGRAMME)],
        code: "W018",
        path: PAIR,
        line: 4,
    },
    no_final_assessment => Case {
        name: "a closed pair without a final assessment",
        patches: &[
            Write("programme.toml", ASSESSING_PROGRAMME),
            Write(
                PAIR,
                "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-02-01\nends = 2026-10-31\n\n[agreement]\nsigned = 2026-02-01\nconfidentiality = true\n\n[closure]\ndate = 2026-03-10\nreason = \"completed\"\n",
            ),
            Write(
                "pairs/ed--mo/assessment.yaml",
                "assessments:\n  - by: ed\n    date: 2026-02-01\n    stage: baseline\n    levels: {budgeting: 1}\n",
            ),
        ],
        code: "W019",
        path: PAIR,
        line: 11,
    },
    stale_codeowners => Case {
        name: "a CODEOWNERS file that no longer matches the pairs",
        patches: &[Write(".github/CODEOWNERS", "* @someone-who-left\n")],
        code: "W017",
        path: ".github/CODEOWNERS",
        line: 1,
    },
    handle_that_writes_a_codeowners_rule => Case {
        name: "a GitHub handle with a line break and a rule after it",
        patches: &[Write(
            MO,
            "name = \"Mo Mentor\"\nemail = \"mo@example.org\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\ngithub = \"mo\\n* @mo #\"\n",
        )],
        code: "E025",
        path: MO,
        line: 6,
    },
    invalid_key => Case {
        name: "a key that is not a public key",
        patches: &[Write(
            MO,
            "name = \"Mo Mentor\"\nemail = \"mo@example.org\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\nkeys = [\n  \"ssh-ed25519 AAAAnotakey mo@laptop\",\n]\n",
        )],
        code: "E060",
        path: MO,
        line: 7,
    },
    unsealed_private_value => Case {
        name: "plaintext private notes where the programme seals",
        patches: &[
            Write("programme.toml", SEALING_PROGRAMME),
            Write(
                LOG,
                "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: Ed worries about the audit\n",
            ),
        ],
        code: "E061",
        path: LOG,
        line: 4,
    },
    plaintext_private_value => Case {
        name: "a plaintext comment in a programme that has not decided whether to seal",
        patches: &[Write(
            FEEDBACK,
            "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 4\n    comment: Mo is never on time\n",
        )],
        code: "W015",
        path: "programme.toml",
        line: 1,
    },
    misplaced_seal => Case {
        name: "a sealed value in a field that must stay readable",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    topics: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdl\n      -----END AGE ENCRYPTED FILE-----\n",
        )],
        code: "E062",
        path: LOG,
        line: 5,
    },
    broken_seal => Case {
        name: "a sealed value cut short",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBJV29jWVZqWU54U3VLbFFs\n",
        )],
        code: "E063",
        path: LOG,
        line: 5,
    },
    stale_seal => Case {
        name: "a note sealed to one key while the pair now has two",
        patches: &[Write(ED, ED_WITH_KEY), Write(MO, MO_WITH_KEY), Write(LOG, STALE_LOG)],
        code: "W016",
        path: LOG,
        line: 5,
    },
    seal_for_another_place => Case {
        name: "a note sealed for another pair's meeting, copied here",
        patches: &[Write(ED, ED_WITH_KEY), Write(MO, MO_WITH_KEY), Write(LOG, COPIED_LOG)],
        code: "E064",
        path: LOG,
        line: 5,
    },
    seal_moved_within_record => Case {
        name: "a note sealed for the pair's meeting of another date",
        patches: &[Write(ED, ED_WITH_KEY), Write(MO, MO_WITH_KEY), Write(LOG, MOVED_LOG)],
        code: "W023",
        path: LOG,
        line: 5,
    },
    seal_unbound => Case {
        name: "a note sealed without a record of its place and keys",
        patches: &[Write(ED, ED_WITH_KEY), Write(MO, MO_WITH_KEY), Write(LOG, UNBOUND_LOG)],
        code: "W024",
        path: LOG,
        line: 5,
    },
    past_retention => Case {
        name: "a person who left more than retain_months ago",
        patches: &[
            Write("programme.toml", "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[privacy]\nretain_months = 6\n"),
            Write("people/eve.toml", "name = \"Eve Mentee\"\nemail = \"eve@example.org\"\nrole = \"mentee\"\ngroup = \"staff\"\nstatus = \"withdrawn\"\nleft_on = 2025-08-01\n"),
        ],
        code: "W070",
        path: "people/eve.toml",
        line: 6,
    },
    toml_syntax_error => Case {
        name: "toml syntax error",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"\n",
        )],
        code: "E001",
        path: MO,
        line: 3,
    },
    yaml_syntax_error => Case {
        name: "yaml syntax error",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n   minutes: 3\n",
        )],
        code: "E001",
        path: LOG,
        line: 3,
    },
    two_byte_order_marks => Case {
        name: "a file starting with two byte-order marks (each spec allows one)",
        patches: &[Write(
            MO,
            "\u{feff}\u{feff}name = \"Mo\"\nrole = \"mentor\"\n",
        )],
        code: "E001",
        path: MO,
        line: 1,
    },
    toml_number_without_digits => Case {
        name: "a TOML `0x` without digits (a syntax error, not a huge number)",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\ncapacity = 0x\n",
        )],
        code: "E001",
        path: MO,
        line: 4,
    },
    yaml_quoted_text_continued_without_indentation => Case {
        name: "a quoted YAML value continued on a line that is not indented",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 30\n    topics: [\"budget\nplanning\"]\n",
        )],
        code: "E001",
        path: LOG,
        line: 5,
    },
    yaml_tag_not_read => Case {
        name: "a YAML tag other than `!` and the core schema's",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: !!binary 30\n",
        )],
        code: "E001",
        path: LOG,
        line: 3,
    },
    unknown_field_with_suggestion => Case {
        name: "unknown field with suggestion",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nexpertise = [\"budgeting\"]\nmanagr = \"boss@example.org\"\n",
        )],
        code: "E002",
        path: MO,
        line: 5,
    },
    wrong_type => Case {
        name: "wrong type",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\ncapacity = \"two\"\n",
        )],
        code: "E003",
        path: MO,
        line: 4,
    },
    bad_enum_value => Case {
        name: "bad enum value",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentr\"\ntrained_on = 2025-12-01\n",
        )],
        code: "E004",
        path: MO,
        line: 2,
    },
    satisfaction_out_of_range => Case {
        name: "satisfaction out of range",
        patches: &[Write(
            FEEDBACK,
            "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 7\n",
        )],
        code: "E004",
        path: FEEDBACK,
        line: 4,
    },
    impossible_date => Case {
        name: "impossible date",
        patches: &[Write(
            GOALS,
smart_goal!("due: 2026-02-30"),
        )],
        code: "E005",
        path: GOALS,
        line: 7,
    },
    date_in_the_wrong_form => Case {
        name: "date in the wrong form",
        patches: &[Write(LOG, "meetings:\n  - date: 01/03/2026\n")],
        code: "E005",
        path: LOG,
        line: 2,
    },
    missing_required_field => Case {
        name: "missing required field",
        patches: &[Write(
            MO,
            "role = \"mentor\"\ntrained_on = 2025-12-01\nexpertise = [\"budgeting\"]\n",
        )],
        code: "E006",
        path: MO,
        line: 1,
    },
    missing_programme => Case {
        name: "missing programme",
        patches: &[Remove("programme.toml")],
        code: "E007",
        path: "programme.toml",
        line: 1,
    },
    same_person_in_two_files => Case {
        name: "same person in two files",
        patches: &[Write("people/mo.yaml", "name: Mo again\nrole: mentor\n")],
        code: "E008",
        path: "people/mo.yaml",
        line: 1,
    },
    duplicate_goal_id => Case {
        name: "duplicate goal id",
        patches: &[Write(
            GOALS,
            concat!(
                goal!(
                    "specific: Prepare the forecast",
                    "measurable: Forecast accepted",
                    "achievable: With Mo's help",
                    "relevant: budgeting",
                    "due: 2026-06-30"
                ),
                "  - id: g1\n    specific: Another goal entirely\n    measurable: Something countable\n    achievable: Realistic enough\n    relevant: budgeting\n    due: 2026-06-30\n"
            ),
        )],
        code: "E008",
        path: GOALS,
        line: 8,
    },
    duplicate_email => Case {
        name: "duplicate email",
        patches: &[Write(
            "people/zed.toml",
            "name = \"Zed\"\nrole = \"mentor\"\nemail = \"MO@example.org\"\n",
        )],
        code: "E009",
        path: "people/zed.toml",
        line: 3,
    },
    file_name_that_is_no_id => Case {
        name: "file name that is no id",
        patches: &[Write(
            "people/Bad Name.toml",
            "name = \"Bad\"\nrole = \"mentee\"\n",
        )],
        code: "E010",
        path: "people/Bad Name.toml",
        line: 1,
    },
    pair_folder_without_pair_toml => Case {
        name: "pair folder without pair.toml",
        patches: &[Write("pairs/lonely/goals.yaml", "goals: []\n")],
        code: "E011",
        path: "pairs/lonely/pair.toml",
        line: 1,
    },
    unknown_mentor => Case {
        name: "unknown mentor",
        patches: &[Write(
            PAIR,
            "mentor = \"nobody\"\nmentee = \"ed\"\nstatus = \"proposed\"\n",
        )],
        code: "E020",
        path: PAIR,
        line: 1,
    },
    prefer_names_oneself => Case {
        name: "a mentee who ranks themselves",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nprefer = [\"mo\", \"ed\"]\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
        )],
        code: "E075",
        path: ED,
        line: 4,
    },
    prefer_names_the_wrong_side => Case {
        name: "a mentee who ranks another mentee",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nprefer = [\"eve\"]\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
        )],
        code: "E076",
        path: ED,
        line: 4,
    },
    prefer_names_someone_twice => Case {
        name: "a ranking that names a mentor twice",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nprefer = [\"mo\", \"max\", \"mo\"]\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
        )],
        code: "W035",
        path: ED,
        line: 4,
    },
    prefer_names_a_mentor_the_rules_never_allow => Case {
        name: "a mentee who ranks their own line manager",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nmanager = \"max\"\nprefer = [\"max\"]\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
        )],
        code: "W036",
        path: ED,
        line: 5,
    },
    unknown_manager_id => Case {
        name: "unknown manager id",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nmanager = \"mx\"\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
        )],
        code: "E020",
        path: ED,
        line: 4,
    },
    unknown_competency => Case {
        name: "unknown competency",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nexpertise = [\"budgetting\"]\n",
        )],
        code: "E021",
        path: MO,
        line: 4,
    },
    relevant_names_no_competency => Case {
        name: "relevant names no competency",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "measurable: Forecast accepted",
                "achievable: With Mo's help",
                "relevant: budgetting",
                "due: 2026-06-30"
            ),
        )],
        code: "E021",
        path: GOALS,
        line: 6,
    },
    meeting_names_unknown_goal => Case {
        name: "meeting names unknown goal",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    goals: [g2]\n",
        )],
        code: "E022",
        path: LOG,
        line: 3,
    },
    mentee_used_as_mentor => Case {
        name: "mentee used as mentor",
        patches: &[Write(
            PAIR,
            "mentor = \"eve\"\nmentee = \"ed\"\nstatus = \"proposed\"\n",
        )],
        code: "E023",
        path: PAIR,
        line: 1,
    },
    feedback_from_outside_the_pair => Case {
        name: "feedback from outside the pair",
        patches: &[Write(
            FEEDBACK,
            "feedback:\n  - by: max\n    date: 2026-03-01\n    satisfaction: 4\n",
        )],
        code: "E024",
        path: FEEDBACK,
        line: 2,
    },
    self_pair => Case {
        name: "self pair",
        patches: &[Write(
            PAIR,
            "mentor = \"ed\"\nmentee = \"ed\"\nstatus = \"proposed\"\n",
        )],
        code: "E030",
        path: PAIR,
        line: 2,
    },
    mentor_is_line_manager => Case {
        name: "mentor is line manager",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nmanager = \"mo@example.org\"\n[supervisor_approval]\nby = \"mo\"\ndate = 2026-01-10\n",
        )],
        code: "E031",
        path: PAIR,
        line: 1,
    },
    group_not_allowed => Case {
        name: "a group in a one-to-one programme",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentees = [\"ed\", \"eve\"]\nstatus = \"proposed\"\n",
        )],
        code: "E080",
        path: PAIR,
        line: 2,
    },
    group_member_twice => Case {
        name: "a group member listed twice",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"ed\"]\nstatus = \"proposed\"\n",
        )],
        code: "E081",
        path: PAIR,
        line: 3,
    },
    group_too_large => Case {
        name: "a group over its mentor's group size",
        patches: &[
            Write(
                MO,
                "name = \"Mo Mentor\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\ngroup_size = 1\n",
            ),
            Write(
                PAIR,
                "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"eve\"]\nstatus = \"proposed\"\n",
            ),
        ],
        code: "E082",
        path: PAIR,
        line: 3,
    },
    mentee_and_mentees => Case {
        name: "both mentee and mentees",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\ngroup = true\nmentees = [\"eve\"]\nstatus = \"proposed\"\n",
        )],
        code: "E083",
        path: PAIR,
        line: 4,
    },
    not_a_group_member => Case {
        name: "a meeting for someone outside the group",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    member: eve\n",
        )],
        code: "E084",
        path: LOG,
        line: 4,
    },
    group_member_private_notes => Case {
        name: "a group meeting for one member with private notes",
        patches: &[
            Write(
                PAIR,
                "mentor = \"mo\"\ngroup = true\nmentees = [\"ed\", \"eve\"]\nstatus = \"active\"\nstarted = 2026-01-15\n",
            ),
            Write(
                "people/eve.toml",
                "name = \"Eve Mentee\"\nrole = \"mentee\"\ngroup = \"staff\"\n[supervisor_approval]\nby = \"x\"\ndate = 2026-01-10\n",
            ),
            Write(
                LOG,
                "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    member: eve\n    private_notes: about eve alone\n",
            ),
        ],
        code: "W041",
        path: LOG,
        line: 5,
    },
    mentor_over_capacity => Case {
        name: "mentor over capacity",
        patches: &[Write(
            "pairs/eve--mo/pair.toml",
            "mentor = \"mo\"\nmentee = \"eve\"\nstatus = \"active\"\nstarted = 2026-03-10\n",
        )],
        code: "E032",
        path: MO,
        line: 1,
    },
    mentee_in_two_active_pairs => Case {
        name: "mentee in two active pairs",
        patches: &[Write(
            "pairs/ed--max/pair.toml",
            "mentor = \"max\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-03-10\n",
        )],
        code: "E033",
        path: "pairs/ed--max/pair.toml",
        line: 2,
    },
    supervisor_approval_missing => Case {
        name: "supervisor approval missing",
        patches: &[Write(
            ED,
            "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nneeds = [\"budgeting\"]\n",
        )],
        code: "E034",
        path: ED,
        line: 1,
    },
    attended_an_unknown_training_session => Case {
        name: "attended an unknown training session",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\n\n[[attended]]\nsession = \"orientation\"\ndate = 2026-01-05\n",
        )],
        code: "E100",
        path: MO,
        line: 6,
    },
    active_pair_missing_required_training => Case {
        name: "active pair missing required training",
        patches: &[Write(
            "programme.toml",
            concat!(
                include_str!("../fixtures/base/programme.toml"),
                "\n[[training]]\nid = \"ethics\"\ntitle = \"Ethics\"\naudience = \"mentors\"\nrequired = true\n"
            ),
        )],
        code: "W090",
        path: PAIR,
        line: 1,
    },
    closure_names_a_concern_never_raised => Case {
        name: "closure names a concern never raised",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-02-01\nends = 2026-10-31\n[agreement]\nsigned = 2026-02-01\nconfidentiality = true\n[closure]\ndate = 2026-03-10\nreason = \"mismatch\"\nconcern = 3\n",
        )],
        code: "E101",
        path: PAIR,
        line: 12,
    },
    concern_without_raiser => Case {
        name: "concern without raiser",
        patches: &[Write(
            "pairs/ed--mo/concerns.yaml",
            "concerns:\n  - concern: 1\n    date: 2026-03-01\n    status: open\n",
        )],
        code: "E102",
        path: "pairs/ed--mo/concerns.yaml",
        line: 2,
    },
    mentor_never_trained => Case {
        name: "mentor never trained",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\nexpertise = [\"budgeting\"]\n",
        )],
        code: "E035",
        path: PAIR,
        line: 1,
    },
    mentor_trained_after_the_pair_started => Case {
        name: "mentor trained after the pair started",
        patches: &[Write(
            MO,
            "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2026-02-15\n",
        )],
        code: "E035",
        path: PAIR,
        line: 4,
    },
    pair_outside_programme => Case {
        name: "pair outside programme",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2027-03-31\n[agreement]\nsigned = 2026-02-01\nconfidentiality = true\n",
        )],
        code: "E036",
        path: PAIR,
        line: 5,
    },
    meeting_before_the_pair_started => Case {
        name: "meeting before the pair started",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-01-20\n    minutes: 30\n  - date: 2026-03-01\n",
        )],
        code: "E037",
        path: LOG,
        line: 2,
    },
    meeting_in_the_future => Case {
        name: "meeting in the future",
        patches: &[Write(
            LOG,
            "meetings:\n  - date: 2026-03-01\n    minutes: 30\n  - date: 2026-03-20\n    minutes: 30\n",
        )],
        code: "E038",
        path: LOG,
        line: 4,
    },
    closed_without_closure => Case {
        name: "closed without closure",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-02-01\n",
        )],
        code: "E039",
        path: PAIR,
        line: 3,
    },
    pair_ends_before_it_starts => Case {
        name: "pair ends before it starts",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-01-31\n",
        )],
        code: "E040",
        path: PAIR,
        line: 5,
    },
    mentee_not_eligible => Case {
        name: "mentee not eligible",
        patches: &[Write(
            "people/eve.toml",
            "name = \"Eve\"\nrole = \"mentee\"\ngroup = \"students\"\n",
        )],
        code: "E041",
        path: "people/eve.toml",
        line: 3,
    },
    not_specific => Case {
        name: "not specific",
        patches: &[Write(
            GOALS,
            NOT_SPECIFIC,
        )],
        code: "E050",
        path: GOALS,
        line: 3,
    },
    not_measurable => Case {
        name: "not measurable",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "measurable: \"\"",
                "achievable: With Mo's help",
                "relevant: budgeting",
                "due: 2026-06-30"
            ),
        )],
        code: "E051",
        path: GOALS,
        line: 4,
    },
    not_achievable => Case {
        name: "not achievable",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "measurable: Forecast accepted",
                "relevant: budgeting",
                "due: 2026-06-30"
            ),
        )],
        code: "E052",
        path: GOALS,
        line: 2,
    },
    not_relevant => Case {
        name: "not relevant",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "measurable: Forecast accepted",
                "achievable: With Mo's help",
                "relevant: tbd",
                "due: 2026-06-30"
            ),
        )],
        code: "E053",
        path: GOALS,
        line: 6,
    },
    not_time_bound => Case {
        name: "not time-bound",
        patches: &[Write(
            GOALS,
            goal!(
                "specific: Prepare the forecast",
                "measurable: Forecast accepted",
                "achievable: With Mo's help",
                "relevant: budgeting"
            ),
        )],
        code: "E054",
        path: GOALS,
        line: 2,
    },
    due_after_the_pair_ends => Case {
        name: "due after the pair ends",
        patches: &[Write(
            GOALS,
smart_goal!("due: 2026-12-15"),
        )],
        code: "E055",
        path: GOALS,
        line: 7,
    },
    achieved_without_date => Case {
        name: "achieved without date",
        patches: &[Write(
            GOALS,
smart_goal!("due: 2026-06-30", "status: achieved"),
        )],
        code: "E056",
        path: GOALS,
        line: 8,
    },
    stalled => Case {
        name: "stalled",
        patches: &[Write(LOG, "meetings:\n  - date: 2026-02-01\n    minutes: 60\n")],
        code: "W001",
        path: PAIR,
        line: 3,
    },
    never_met => Case {
        name: "never met",
        patches: &[Write(LOG, "meetings: []\n")],
        code: "W002",
        path: PAIR,
        line: 4,
    },
    agreement_unsigned => Case {
        name: "agreement unsigned",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-10-31\n\n[agreement]\nconfidentiality = true\n",
        )],
        code: "W003",
        path: PAIR,
        line: 7,
    },
    no_goals => Case {
        name: "no goals",
        patches: &[
            Remove(GOALS),
            Write(LOG, "meetings:\n  - date: 2026-03-01\n    minutes: 60\n"),
        ],
        code: "W004",
        path: PAIR,
        line: 4,
    },
    goal_overdue => Case {
        name: "goal overdue",
        patches: &[Write(
            GOALS,
smart_goal!("due: 2026-03-01"),
        )],
        code: "W005",
        path: GOALS,
        line: 7,
    },
    too_few_meetings_at_the_end => Case {
        name: "too few meetings at the end",
        patches: &[
            Write(
                PAIR,
                concat!(
                    "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-02-01\nends = 2026-10-31\n\n[agreement]\nsigned = 2026-02-01\nconfidentiality = true\n",
                    "\n[closure]\ndate = 2026-02-20\nreason = \"completed\"\n"
                ),
            ),
            Write(LOG, "meetings:\n  - date: 2026-02-01\n    minutes: 60\n"),
        ],
        code: "W006",
        path: PAIR,
        line: 3,
    },
    confidentiality_unstated => Case {
        name: "confidentiality unstated",
        patches: &[Write(
            PAIR,
            "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\n\n[agreement]\nsigned = 2026-02-01\n",
        )],
        code: "W007",
        path: PAIR,
        line: 6,
    },
    mentor_above_the_line_manager => Case {
        name: "mentor above the line manager",
        patches: &[
            Write(
                ED,
                "name = \"Ed\"\nrole = \"mentee\"\ngroup = \"staff\"\nmanager = \"max\"\n[supervisor_approval]\nby = \"max\"\ndate = 2026-01-10\n",
            ),
            Write(
                "people/max.toml",
                "name = \"Max\"\nrole = \"mentor\"\nmanager = \"mo\"\n",
            ),
        ],
        code: "W008",
        path: PAIR,
        line: 1,
    },
    misnamed_pair_file => Case {
        name: "misnamed pair file",
        patches: &[Write("pairs/ed--mo/goal.yaml", "goals: []\n")],
        code: "W009",
        path: "pairs/ed--mo/goal.yaml",
        line: 1,
    },
    achieved_date_on_open_goal => Case {
        name: "achieved date on open goal",
        patches: &[Write(
            GOALS,
smart_goal!("due: 2026-06-30", "status: in-progress", "achieved_on: 2026-03-01"),
        )],
        code: "W010",
        path: GOALS,
        line: 9,
    },
    mentee_without_group => Case {
        name: "mentee without group",
        patches: &[Write(
            "people/eve.toml",
            "name = \"Eve\"\nrole = \"mentee\"\n",
        )],
        code: "W011",
        path: "people/eve.toml",
        line: 1,
    },
    email_that_is_no_address => Case {
        name: "email that is no address",
        patches: &[Write(
            "people/zed.toml",
            "name = \"Zed\"\nrole = \"mentor\"\nemail = \"zed at example.org\"\n",
        )],
        code: "E004",
        path: "people/zed.toml",
        line: 3,
    },
    programme_review_overdue => Case {
        name: "programme review overdue",
        patches: &[Write(
            "programme.toml",
            "name = \"P\"\nstart = 2026-01-01\nend = 2026-12-31\nreviewed_on = 2025-01-10\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n",
        )],
        code: "W013",
        path: "programme.toml",
        line: 4,
    },
    management_cycle => Case {
        name: "management cycle",
        patches: &[
            Write(
                "people/max.toml",
                "name = \"Max\"\nrole = \"mentor\"\nmanager = \"eve\"\n",
            ),
            Write(
                "people/eve.toml",
                "name = \"Eve\"\nrole = \"mentee\"\ngroup = \"staff\"\nmanager = \"max\"\n",
            ),
        ],
        code: "W012",
        path: "people/eve.toml",
        line: 4,
    },
    linked_person_file => Case {
        name: "linked person file",
        patches: &[Link("people/zed.toml", "/etc/hostname")],
        code: "E012",
        path: "people/zed.toml",
        line: 1,
    },
    linked_pair_folder => Case {
        name: "linked pair folder",
        patches: &[Link("pairs/zed--mo", "ed--mo")],
        code: "E012",
        path: "pairs/zed--mo",
        line: 1,
    },
    committed_local_state => Case {
        name: "committed local state",
        patches: &[Tracked(".mentor/reminders-sent.tsv", "2026-03-01\tmo@example.org\tpair-stalled:ed--mo\n")],
        code: "E015",
        path: ".mentor/reminders-sent.tsv",
        line: 1,
    },
    linked_reminder_template => Case {
        name: "linked reminder template",
        patches: &[Link("templates/remind/participant.txt", "/etc/hostname")],
        code: "E016",
        path: "templates/remind/participant.txt",
        line: 1,
    },
    journal_not_written_here => Case {
        name: "journal not written here",
        patches: &[
            Write(".mentor/staging/x/f0", "name = \"Mallory\"\n"),
            Write(".mentor/journal", "[{\"from\": \".mentor/staging/x/f0\", \"to\": \"people/mallory.toml\"}]"),
        ],
        code: "E017",
        path: ".mentor/journal",
        line: 1,
    },
    oversized_record_file => Case {
        name: "oversized record file",
        patches: &[Fill("people/zz.toml", 4 * 1024 * 1024 + 1)],
        code: "E013",
        path: "people/zz.toml",
        line: 1,
    },
    socket_where_a_record_would_be => Case {
        name: "socket where a record would be",
        patches: &[Socket("people/zz.toml")],
        code: "E014",
        path: "people/zz.toml",
        line: 1,
    },
    meeting_longer_than_four_hours => Case {
        name: "meeting longer than four hours",
        patches: &[Write(LOG, "meetings:\n  - date: 2026-02-01\n    minutes: 300\n    goals: [g1]\n")],
        code: "W014",
        path: LOG,
        line: 3,
    },
    meeting_minutes_out_of_range => Case {
        name: "meeting minutes out of range",
        patches: &[Write(LOG, "meetings:\n  - date: 2026-02-01\n    minutes: 4294967295\n    goals: [g1]\n")],
        code: "E004",
        path: LOG,
        line: 3,
    },
    duplicate_log_files => Case {
        name: "duplicate log files",
        patches: &[Write("pairs/ed--mo/log.yml", "meetings: []\n")],
        code: "E008",
        path: "pairs/ed--mo/log.yml",
        line: 1,
    },
    folder_named_like_a_record => Case {
        name: "folder named like a record",
        patches: &[Write("people/zz.toml/x.txt", "x")],
        code: "W009",
        path: "people/zz.toml",
        line: 1,
    },
    nested_person_file => Case {
        name: "nested person file",
        patches: &[Write("people/sub/zz.toml", "name = \"Z\"\nrole = \"mentee\"\n")],
        code: "W009",
        path: "people/sub/zz.toml",
        line: 1,
    },
    upper_case_extension => Case {
        name: "upper case extension",
        patches: &[Write("people/ZZ.TOML", "name = \"Z\"\nrole = \"mentee\"\n")],
        code: "W009",
        path: "people/ZZ.TOML",
        line: 1,
    },
    survey_choice_without_options => Case {
        name: "survey choice without options",
        patches: &[Write("programme.toml", "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[[surveys]]\nid = \"closing\"\ntitle = \"Closing\"\non_close = true\n\n[[surveys.questions]]\nid = \"reason\"\ntext = \"Why did it end?\"\nkind = \"single\"\n")],
        code: "E090",
        path: "programme.toml",
        line: 34,
    },
    survey_duplicate_question => Case {
        name: "survey duplicate question",
        patches: &[Write("programme.toml", "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\nafter_start_days = 30\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"How well is it working?\"\nkind = \"scale\"\nrequired = true\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"Again?\"\nkind = \"text\"\n")],
        code: "E091",
        path: "programme.toml",
        line: 38,
    },
    survey_never_asked => Case {
        name: "survey never asked",
        patches: &[Write("programme.toml", "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"How well?\"\nkind = \"scale\"\n")],
        code: "E092",
        path: "programme.toml",
        line: 27,
    },
    answer_to_unknown_survey => Case {
        name: "answer to unknown survey",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mx\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 3\n"),
        ],
        code: "E093",
        path: SURVEYS,
        line: 2,
    },
    answer_to_unknown_question => Case {
        name: "answer to unknown question",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 3\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: mood\n    private_answer: 3\n"),
        ],
        code: "E094",
        path: SURVEYS,
        line: 12,
    },
    answer_off_the_scale => Case {
        name: "answer off the scale",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 6\n"),
        ],
        code: "E095",
        path: SURVEYS,
        line: 7,
    },
    answer_missing_required => Case {
        name: "answer missing required",
        patches: &[
            Write("programme.toml", "name = \"Fixture Programme\"\norganisation = \"Fixture Org\"\nstart = 2026-01-01\nend = 2026-12-31\n\n[mentors]\ntraining_required = true\ncapacity = 1\n\n[mentees]\neligible = [\"staff\"]\nsupervisor_approval = true\n\n[meetings]\nevery_days = 30\nmin_meetings = 2\n\n[[competencies]]\nid = \"budgeting\"\nname = \"Budgeting\"\n\n[[competencies]]\nid = \"leadership\"\nname = \"Leadership\"\n\n[[surveys]]\nid = \"mq\"\ntitle = \"Match quality\"\nafter_start_days = 30\n\n[[surveys.questions]]\nid = \"score\"\ntext = \"How well is it working?\"\nkind = \"scale\"\nrequired = true\n\n[[surveys.questions]]\nid = \"comment\"\ntext = \"Anything else?\"\nkind = \"text\"\n"),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: comment\n    private_answer: fine\n"),
        ],
        code: "E096",
        path: SURVEYS,
        line: 2,
    },
    answer_not_asked => Case {
        name: "answer not asked",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: max\n    date: 2026-03-05\n    question: score\n    private_answer: 3\n"),
        ],
        code: "W080",
        path: SURVEYS,
        line: 4,
    },
    answer_repeated => Case {
        name: "a survey question answered twice by one person",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    private_answer: 3\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-06\n    question: score\n    private_answer: 4\n"),
        ],
        code: "W082",
        path: SURVEYS,
        line: 8,
    },
    confidential_answer_readable => Case {
        name: "confidential answer readable",
        patches: &[
            Write("programme.toml", SURVEY_PROGRAMME),
            Write(SURVEYS, "answers:\n  - survey: mq\n    occasion: 2026-03-03\n    by: ed\n    date: 2026-03-05\n    question: score\n    answer: 3\n"),
        ],
        code: "W081",
        path: SURVEYS,
        line: 7,
    },
    hidden_record_file => Case {
        name: "hidden record file",
        patches: &[Write("people/.zz.toml", "name = \"Z\"\nrole = \"mentee\"\n")],
        code: "W009",
        path: "people/.zz.toml",
        line: 1,
    },
    two_intakes_share_an_id => Case {
        name: "two intakes share an id",
        patches: &[Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), spring!(), spring_again!()))],
        code: "E070",
        path: "programme.toml",
        line: 33,
    },
    intake_closes_before_it_opens => Case {
        name: "intake closes before it opens",
        patches: &[Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), "\n[[intakes]]\nid = \"spring\"\napplications_from = 2026-03-31\napplications_to = 2026-02-01\nmatch_on = 2026-04-06\n"))],
        code: "E071",
        path: "programme.toml",
        line: 29,
    },
    intake_windows_overlap => Case {
        name: "intake windows overlap",
        patches: &[Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), spring!(), "\n[[intakes]]\nid = \"summer\"\napplications_from = 2026-03-15\napplications_to = 2026-06-30\nmatch_on = 2026-07-06\n"))],
        code: "E072",
        path: "programme.toml",
        line: 34,
    },
    intake_matched_after_the_programme => Case {
        name: "intake matched after the programme",
        patches: &[Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), "\n[[intakes]]\nid = \"winter\"\napplications_from = 2026-11-01\napplications_to = 2026-12-15\nmatch_on = 2027-01-11\n"))],
        code: "E073",
        path: "programme.toml",
        line: 30,
    },
    person_names_an_unknown_intake => Case {
        name: "person names an unknown intake",
        patches: &[
            Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), spring!())),
            Write(ED, "name = \"Ed Mentee\"\nemail = \"ed@example.org\"\nrole = \"mentee\"\ngroup = \"staff\"\nneeds = [\"budgeting\"]\nintake = \"sprnig\"\n\n[supervisor_approval]\nby = \"lib-boss@example.org\"\ndate = 2026-01-10\n"),
        ],
        code: "E074",
        path: ED,
        line: 6,
    },
    waiting_mentee_without_an_intake => Case {
        name: "waiting mentee without an intake",
        patches: &[Write("programme.toml", concat!(include_str!("../fixtures/base/programme.toml"), spring!()))],
        code: "W030",
        path: "people/eve.toml",
        line: 1,
    },
}

#[test]
fn base_fixture_is_clean() {
    let (code, findings) = Fixture::base().validate();
    assert_eq!(findings, Vec::<Finding>::new());
    assert_eq!(code, 0);
}

/// Run one case of the table: its broken fixture is reported with its code
/// at its file and line, and the exit status follows the code's severity.
fn caught_at_its_location(test: &str) {
    let case = CASES
        .iter()
        .find(|c| c.test == test)
        .expect("the case of this test");
    let fixture = Fixture::base();
    for patch in case.patches {
        match patch {
            Write(path, contents) => fixture.write(path, contents),
            Remove(path) => fixture.remove(path),
            Link(path, target) => {
                let link = fixture.path().join(path);
                std::fs::create_dir_all(link.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(target, link).unwrap();
                &fixture
            }
            Fill(path, bytes) => fixture.write(path, &"#".repeat(*bytes)),
            Socket(path) => {
                // Bound and dropped: the socket file stays.
                drop(std::os::unix::net::UnixListener::bind(fixture.path().join(path)).unwrap());
                &fixture
            }
            Tracked(path, contents) => {
                fixture.write(path, contents);
                let who = ("Cora", "cora@example.org");
                crate::support::git(fixture.path(), &["init", "-q"], who, "2026-01-01T10:00:00");
                crate::support::git(
                    fixture.path(),
                    &["add", "-f", "--", path],
                    who,
                    "2026-01-01T10:00:00",
                );
                &fixture
            }
        };
    }
    let (exit, findings) = fixture.validate();
    let hit = findings
        .iter()
        .any(|f| f.code == case.code && f.path == case.path && f.line == case.line);
    let expected_exit = if case.code.starts_with('E') { 1 } else { 0 };
    assert!(
        hit && exit == expected_exit,
        "{}: expected {} at {}:{} (exit {expected_exit}), got exit {exit}:\n{}",
        case.name,
        case.code,
        case.path,
        case.line,
        findings
            .iter()
            .map(|f| format!("    {} {}:{} {}", f.code, f.path, f.line, f.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_code_has_a_fixture() {
    let covered: BTreeSet<&str> = CASES.iter().map(|c| c.code).collect();
    let missing: Vec<&str> = mentor::diagnostic::Code::of(mentor::diagnostic::Family::Validate)
        .map(|c| c.id())
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a broken fixture: {missing:?}"
    );
}

#[test]
fn all_problems_of_a_file_are_reported_in_one_run() {
    let fixture = Fixture::base();
    fixture.write(
        MO,
        "name = 3\nrole = \"mentr\"\nmanagr = \"x\"\ntrained_on = \"2025-13-01\"\n",
    );
    let (exit, findings) = fixture.validate();
    let codes: Vec<&str> = findings
        .iter()
        .filter(|f| f.path == MO)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["E003", "E004", "E002", "E005"]);
    assert_eq!(exit, 1);
}

#[test]
fn suggestions_name_the_intended_field_and_value() {
    let fixture = Fixture::base();
    fixture.write(
        MO,
        "name = \"Mo\"\nrole = \"mentr\"\nmanagr = \"x\"\ntrained_on = 2025-12-01\n",
    );
    let (_, findings) = fixture.validate();
    let help = |code: &str| {
        findings
            .iter()
            .find(|f| f.code == code)
            .and_then(|f| f.help.clone())
            .unwrap_or_default()
    };
    assert_eq!(help("E002"), "did you mean `manager`?");
    assert_eq!(help("E004"), "did you mean `mentor`?");
}

#[test]
fn a_broken_file_does_not_stop_the_rest_being_checked_or_cascade() {
    let fixture = Fixture::base();
    fixture.write(MO, "name = \"Mo\"\nrole = [\n");
    fixture.write(GOALS, NOT_SPECIFIC);
    let (_, findings) = fixture.validate();
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"E001"), "{codes:?}");
    assert!(
        codes.contains(&"E050"),
        "the goals are still checked: {codes:?}"
    );
    assert!(
        !codes.contains(&"E020"),
        "the pair's mentor is not reported as unknown: {codes:?}"
    );
}

#[test]
fn yaml_and_toml_records_are_held_to_the_same_schema() {
    let fixture = Fixture::base();
    fixture.remove(MO);
    fixture.write(
        "people/mo.yaml",
        "name: Mo\nrole: mentor\ntrained_on: 2025-12-01\nexpertise: [budgeting]\nmanagr: x\n",
    );
    let (_, findings) = fixture.validate();
    assert!(
        findings
            .iter()
            .any(|f| f.code == "E002" && f.path == "people/mo.yaml" && f.line == 5),
        "{findings:?}"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let fixture = Fixture::base();
    fixture.write(LOG, "meetings:\n  - date: 2026-02-01\n    minutes: 60\n");
    assert_eq!(fixture.validate().0, 0);
    let out = fixture.mentor(&["validate", "--as-of", AS_OF, "--deny-warnings"]);
    assert_exit(&out, 1);
}

#[test]
fn as_of_moves_date_relative_checks() {
    let fixture = Fixture::base();
    let early = fixture.mentor(&["validate", "--format", "concise", "--as-of", "2026-03-02"]);
    let late = fixture.mentor(&["validate", "--format", "concise", "--as-of", "2026-05-01"]);
    assert!(!stdout(&early).contains("W001"));
    assert!(stdout(&late).contains("W001"), "{}", stdout(&late));
}

#[test]
fn unreadable_directory_exits_2() {
    let fixture = Fixture::base();
    let out = fixture.mentor(&["validate", "no-such-dir"]);
    assert_exit(&out, 2);
    assert!(crate::support::stderr(&out).contains("no-such-dir"));
}

#[test]
fn paths_are_shown_as_given_on_the_command_line() {
    let fixture = Fixture::base();
    fixture.write(
        LOG,
        "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    goals: [g9]\n",
    );
    let parent = fixture.path().parent().expect("temp parent");
    let name = fixture
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let out = crate::support::mentor_in(
        parent,
        &["validate", "--format", "concise", "--as-of", AS_OF, &name],
    );
    assert!(
        stdout(&out).starts_with(&format!("{name}/pairs/ed--mo/log.yaml:4:")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn human_output_shows_the_line_a_caret_and_the_hint() {
    let fixture = Fixture::base();
    fixture.write(
        MO,
        "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nmanagr = \"boss\"\n",
    );
    let out = fixture.mentor(&["validate", "--as-of", AS_OF]);
    let text = stdout(&out);
    assert!(
        text.contains("error[E002]: unknown field `managr`"),
        "{text}"
    );
    assert!(text.contains("--> people/mo.toml:4:1"), "{text}");
    assert!(text.contains("4 | managr = \"boss\""), "{text}");
    assert!(text.contains("^^^^^^"), "{text}");
    assert!(text.contains("help: did you mean `manager`?"), "{text}");
    assert!(!text.contains("\u{1b}["), "no colour when NO_COLOR is set");
}

#[test]
fn example_programme_has_no_errors_and_the_expected_warnings() {
    let fixture = Fixture::copy_of("examples/university");
    let (exit, findings) = fixture.validate();
    assert_eq!(exit, 0);
    let mut got: Vec<(String, String)> = findings
        .iter()
        .map(|f| (f.code.clone(), f.path.clone()))
        .collect();
    got.sort();
    let expected = [
        ("W001", "pairs/ben-jones--helen-wright/pair.toml"),
        ("W001", "pairs/dev-patel--tom-okafor/pair.toml"),
        ("W003", "pairs/dev-patel--tom-okafor/pair.toml"),
        ("W004", "pairs/dev-patel--tom-okafor/pair.toml"),
        ("W005", "pairs/ana-silva--priya-shah/goals.yaml"),
    ];
    assert_eq!(got, expected.map(|(c, p)| (c.to_string(), p.to_string())));
}

#[test]
fn hostile_files_become_diagnostics_not_crashes() {
    let f = Fixture::base();
    let deep = |open: &str, close: &str| {
        format!(
            "name = \"x\"\nrole = \"mentor\"\nlanguages = {}{}\n",
            open.repeat(20_000),
            close.repeat(20_000)
        )
    };
    f.write("people/deep.toml", &deep("[", "]"));
    f.write("people/deepy.yaml", &deep("[", "]").replace(" = ", ": "));
    let mut bomb = String::from(
        "name: x\nrole: mentor\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let mut previous = "a".to_string();
    for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(", ")
        ));
        previous = name.to_string();
    }
    f.write("people/bomb.yaml", &bomb);
    std::fs::write(
        f.path().join("people/binary.toml"),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    f.write("people/nul.yaml", "name: \"a\u{0}b\"\nrole: mentor\n");
    let (code, findings) = f.validate();
    assert_eq!(code, 1);
    for file in [
        "deep.toml",
        "deepy.yaml",
        "bomb.yaml",
        "binary.toml",
        "nul.yaml",
    ] {
        let path = format!("people/{file}");
        assert!(
            findings.iter().any(|d| d.code == "E001" && d.path == path),
            "{file}: {findings:?}"
        );
    }
    // The rest of the programme is still checked: the base pair is fine.
    assert!(
        findings.iter().all(|d| d.path.starts_with("people/")),
        "{findings:?}"
    );
}

#[test]
fn a_bad_list_item_is_pointed_at_exactly() {
    let f = Fixture::base();
    f.write(MO, "name = \"Mo\"\nrole = \"mentor\"\ntrained_on = 2025-12-01\nexpertise = [\"budgeting\", \"budgetting\", \"leadership\"]\n");
    f.write(LOG, "meetings:\n  - date: 2026-02-01\n    goals: [g1, g7]\n  - date: 2026-03-01\n    goals: [g1]\n");
    let (_, findings) = f.validate();
    let at = |code: &str| {
        findings
            .iter()
            .find(|d| d.code == code)
            .map(|d| (d.path.clone(), d.line, d.column))
    };
    assert_eq!(at("E021"), Some((MO.to_string(), 4, 27)), "{findings:?}");
    assert_eq!(at("E022"), Some((LOG.to_string(), 3, 17)), "{findings:?}");
}

#[test]
fn a_missing_programme_is_reported_once_not_as_every_unknown_competency() {
    let f = Fixture::base();
    f.remove("programme.toml");
    let (code, findings) = f.validate();
    assert_eq!(code, 1);
    let codes: Vec<&str> = findings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E007"], "{findings:?}");
}

/// The slips mentees make in a web editor get one plain sentence and the
/// fix, never the parser's jargon.
#[test]
fn common_yaml_slips_are_explained_in_plain_words() {
    let slips = [
        (
            "meetings: []\n  - date: 2026-02-01\n    minutes: 45\n",
            "remove the `[]` after `meetings:`",
        ),
        (
            "meetings:\n  date: 2026-02-01\n  minutes: 45\n  date: 2026-02-02\n",
            "start each entry (a meeting, a goal) with `- `",
        ),
        (
            "meetings:\n\t- date: 2026-02-01\n",
            "indent with spaces, not tabs",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes:45\n",
            "with a space after the colon",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes: 45\n    topics:\n      - Budget: next steps\n",
            "put it in quotes",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes: 45\n    mode: Zoom\n",
            "Zoom is `video`: write `video`",
        ),
        (
            "meetings:\n  - date: 3/11/2026\n    minutes: 45\n",
            "2026-11-03 for 3 November 2026, 2026-03-11 for 11 March 2026",
        ),
        (
            "meetings:\n  - date: 2026/02/01\n    minutes: 45\n",
            "with dashes: 2026-02-01",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes: 45 mins\n",
            "write just the number, without a unit: 45",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes: \"45\"\n",
            "write just the number, without quotes: 45",
        ),
        (
            "meetings:\n  - date: 2026-02-01\n    minutes: 1.5 hours\n",
            "in minutes, without a unit: 90",
        ),
    ];
    for (text, hint) in slips {
        let fixture = Fixture::base();
        fixture.write(LOG, text);
        let (_, findings) = fixture.validate();
        let found = findings
            .iter()
            .find(|f| f.path == LOG && f.code.starts_with('E'));
        let found = found.unwrap_or_else(|| panic!("no error for {text:?}: {findings:?}"));
        assert!(
            found.help.as_deref().is_some_and(|h| h.contains(hint)),
            "{text:?}: {found:?}"
        );
        for jargon in [
            "DuplicateKeyPolicy",
            "did not find expected",
            "simple key",
            "block indentation",
        ] {
            assert!(!found.message.contains(jargon), "{found:?}");
        }
    }
}

/// A log that does not parse has its own error; the pair is not also
/// "never met", nor its goals "missing" when goals.yaml is the broken one.
#[test]
fn a_broken_file_gives_no_knock_on_warnings() {
    let fixture = Fixture::base();
    fixture.write(LOG, "meetings:\n\t- date: 2026-02-01\n");
    fixture.write(GOALS, "goals: [\n");
    let (_, findings) = fixture.validate();
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"E001"), "{findings:?}");
    for knock_on in ["W001", "W002", "W004"] {
        assert!(!codes.contains(&knock_on), "{knock_on} in {findings:?}");
    }
    // A log that parses but whose only meeting has a bad date: the date's
    // error, and no "never met".
    fixture.write(LOG, "meetings:\n  - date: 3/11/2026\n    minutes: 45\n");
    let (_, findings) = fixture.validate();
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(
        codes.contains(&"E005") && !codes.contains(&"W002"),
        "{findings:?}"
    );
}

/// A line written under the wrong TOML table is told where it belongs, in
/// the words of the record, not "unknown field".
#[test]
fn a_line_under_the_wrong_table_is_told_where_it_belongs() {
    let fixture = Fixture::base();
    let person = format!("{}status = \"completed\"\n", fixture.read(ED));
    fixture.write(ED, &person);
    fixture.write(
        PAIR,
        "mentor = \"mo\"\nmentee = \"ed\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-10-31\nsigned = 2026-02-01\n",
    );
    let (_, findings) = fixture.validate();
    let help_at = |path: &str| {
        findings
            .iter()
            .find(|f| f.path == path && f.code == "E002")
            .and_then(|f| f.help.clone())
            .unwrap_or_else(|| panic!("no E002 in {path}: {findings:?}"))
    };
    assert_eq!(
        help_at(ED),
        "`status` belongs to the person, not to `[supervisor_approval]`: move this line above the `[supervisor_approval]` header"
    );
    assert!(
        help_at(PAIR).starts_with("`signed` belongs in the `[agreement]` table: move this line below the `[agreement]` header"),
        "{findings:?}"
    );
    // The same slip in YAML is told about indentation.
    fixture.remove(ED);
    fixture.write(
        "people/ed.yaml",
        &format!("{}  status: completed\n", yaml_person_with_approval()),
    );
    let (_, findings) = fixture.validate();
    let help = findings
        .iter()
        .find(|f| f.path == "people/ed.yaml" && f.code == "E002")
        .and_then(|f| f.help.clone())
        .unwrap_or_default();
    assert!(help.contains("remove the indentation"), "{findings:?}");
}

fn yaml_person_with_approval() -> &'static str {
    "name: Ed Mentee\nemail: ed@example.org\nrole: mentee\ndepartment: Library\ngroup: staff\nmanager: lib-boss@example.org\nlanguages: [en]\nneeds: [budgeting]\nsupervisor_approval:\n  by: lib-boss@example.org\n  date: 2026-01-10\n"
}

/// An address the mailer refuses would stop everyone's reminders, and an
/// alias naming someone else's address would make their commits look like
/// this person's: both are errors where they are written.
#[test]
fn odd_addresses_and_borrowed_aliases_are_errors() {
    let f = crate::support::Fixture::base();
    let ed = f.read("people/ed.toml");
    let mo = f.read("people/mo.toml");
    let mo_email = mo
        .lines()
        .find_map(|l| l.strip_prefix("email = "))
        .expect("mo has an email")
        .trim()
        .trim_matches('"')
        .to_string();
    f.write(
        "people/ed.toml",
        &format!("aliases = [\"a(b)c@x.org\", \"{mo_email}\"]\n{ed}"),
    );
    let (code, findings) = f.validate();
    assert_eq!(code, 1, "{findings:?}");
    assert!(
        findings.iter().any(|d| d.code == "E004"
            && d.path == "people/ed.toml"
            && d.message.contains("a(b)c@x.org")),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|d| d.code == "E009"
            && d.path == "people/ed.toml"
            && d.message.contains(&mo_email)),
        "{findings:?}"
    );
}

/// A name is printed on its own in reports, notes and CI annotations: a
/// line break in it would forge a line there, so it is an error where it is
/// written, shown escaped.
#[test]
fn a_name_with_a_line_break_is_an_error() {
    let f = crate::support::Fixture::base();
    let ed = f.read("people/ed.toml");
    let name_line = ed
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("ed has a name")
        .to_string();
    f.write(
        "people/ed.toml",
        &ed.replace(&name_line, "name = \"Ed\\n::warning::forged\""),
    );
    let (code, findings) = f.validate();
    assert_eq!(code, 1, "{findings:?}");
    let finding = findings
        .iter()
        .find(|d| d.code == "E004" && d.path == "people/ed.toml")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert!(finding.message.contains("line break"), "{finding:?}");
    assert!(!finding.message.contains('\n'), "{finding:?}");
}

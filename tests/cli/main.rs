//! End-to-end tests: the real `mentor` binary over fixture programmes.

// Tests may unwrap (see clippy.toml): a panic is a failed test that says why.
#![allow(clippy::unwrap_used)]
// Tests time what must finish promptly (a waiting writer, a killed one):
// the clock rule (clippy.toml) is for the crate.
#![allow(clippy::disallowed_methods)]

mod interop;
mod smtp;
mod support;

mod audit;
mod authoring;
mod choice;
mod concerns;
mod docs;
mod ecosystem;
mod forms;
mod groups;
mod guarantees;
mod guides;
mod hostile_git;
mod hostile_outputs;
mod hostile_privacy;
mod hostile_state;
mod html;
mod import;
mod init;
mod lifecycle;
mod matching;
mod matching2;
mod privacy;
mod privacy_choice;
mod private_writers;
mod properties;
mod recognition;
mod release;
mod remind;
mod report_export;
mod rounds;
mod scoped;
mod seal_places;
mod sealing;
mod snapshots;
mod survey_map;
mod survey_reports;
mod surveys;
mod surveys_alone;
mod training;
mod validate;
mod wording;
mod workload;
mod year;
mod year_end;

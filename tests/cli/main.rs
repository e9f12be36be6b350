//! End-to-end tests: the real `mentor` binary over fixture programmes.

mod support;

mod authoring;
mod docs;
mod ecosystem;
mod import;
mod init;
mod matching;
mod report_export;
mod validate;

//! The only code that formats output for people and machines.

pub mod diagnostics;
pub mod diff;
pub mod matching;
pub mod report;
pub mod sheet;
pub mod table;

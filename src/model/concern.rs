use chrono::NaiveDate;

use crate::decode::{choice, record};

record! {
    /// `pairs/<pair-id>/concerns.yaml`: the pair's concerns log (written by
    /// `mentor concern`, appended to, never rewritten).
    pub struct ConcernsFile {
        /// One entry per concern raised or followed up, oldest first.
        pub concerns: Vec<ConcernEntry>,
    }
}

record! {
    /// One entry of a pair's concerns log: the first entry with a number
    /// raises that concern; later ones follow it up.
    pub struct ConcernEntry {
        /// The concern's number within the pair's log, from 1.
        pub concern: u32,
        /// When it was raised or followed up.
        pub date: NaiveDate,
        /// Who raised it (a person id); on a follow-up, who followed it up, if said.
        pub by: Option<String>,
        /// Where the concern stands after this entry.
        pub status: ConcernStatus,
        /// What was said: sealed for the coordinators alone; never in a report or an export.
        pub text: Option<String>,
    }
}

choice! {
    /// Where a concern stands.
    pub enum ConcernStatus {
        Open = "open",
        /// The coordinator is dealing with it.
        InHand = "in-hand",
        Resolved = "resolved",
    }
}

/// One concern of a pair's log, as its entries leave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcernState {
    /// Its number in the pair's log.
    pub number: u32,
    /// Who raised it.
    pub raised_by: Option<String>,
    /// When it was raised.
    pub raised_on: NaiveDate,
    /// Where it stood on the day asked about.
    pub status: ConcernStatus,
    /// When it was resolved, if it was by that day.
    pub resolved_on: Option<NaiveDate>,
}

/// The concerns of a log as they stood on `day` (entries dated after it
/// left out), by number. An entry whose number was never raised before it
/// is `validate`'s finding, and raises nothing here.
pub fn concerns_on(entries: &[ConcernEntry], day: NaiveDate) -> Vec<ConcernState> {
    let mut states: Vec<ConcernState> = Vec::new();
    for entry in entries.iter().filter(|e| e.date <= day) {
        match states.iter_mut().find(|s| s.number == entry.concern) {
            None => states.push(ConcernState {
                number: entry.concern,
                raised_by: entry.by.clone(),
                raised_on: entry.date,
                status: entry.status,
                resolved_on: (entry.status == ConcernStatus::Resolved).then_some(entry.date),
            }),
            Some(state) => {
                state.status = entry.status;
                state.resolved_on = match entry.status {
                    ConcernStatus::Resolved => state.resolved_on.or(Some(entry.date)),
                    _ => None,
                };
            }
        }
    }
    states
}

/// The number a new concern of this log takes.
pub fn next_concern_number(entries: &[ConcernEntry]) -> u32 {
    entries.iter().map(|e| e.concern).max().unwrap_or(0) + 1
}

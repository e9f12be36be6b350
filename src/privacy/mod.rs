//! Personal data under data-protection law: what the programme holds about
//! one person (`access`, for a subject access request), whose records are
//! past the programme's retention period (`retention`), and erasing a
//! person behind a pseudonym while the programme's figures stay (`erase`).
//! Pure: the commands read git and the sent-log and write the outputs.

pub mod access;
pub mod erase;
pub mod retention;

use crate::workspace::Workspace;

/// The record names a person's files and folders are found under: their
/// own id and every pair they were in (`history::belongs` reads these).
pub fn records_of(ws: &Workspace, id: &str) -> Vec<String> {
    std::iter::once(id.to_string())
        .chain(ws.pairs_of(id).map(|p| p.id.clone()))
        .collect()
}

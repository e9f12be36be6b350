//! The rules `mentor validate` applies, each a function that reads the
//! workspace and pushes diagnostics. Rules never stop at the first finding and
//! never report a reference to a record whose own file failed to load (that
//! file already has its diagnostic).

mod activity;
mod privacy;

pub use privacy::plaintext_finding;
mod references;
mod rules;
mod smart;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

/// Run every rule. The result includes the workspace's load diagnostics.
pub fn run(ws: &Workspace, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut out = ws.load_diagnostics.clone();
    references::check(ws, &mut out);
    rules::check(ws, as_of, &mut out);
    smart::check(ws, &mut out);
    activity::check(ws, as_of, &mut out);
    privacy::check(ws, &mut out);
    out
}

//! `mentor import`: form exports (CSV, XLSX) into people files, safely and
//! repeatably.
//!
//! In steps: [`table`] reads the export; [`mapping`] is the mapping file,
//! checked against the person fields; [`columns`] finds the columns each
//! field reads; [`convert`] turns each row into a draft or findings (one
//! value at a time by [`cell`], dates by [`timestamp`]); [`plan`] decides
//! which person files to create or update.

pub mod cell;
pub mod columns;
pub mod convert;
pub mod intake;
pub mod mapping;
pub mod people_lists;
pub mod plan;
pub mod table;
pub mod timestamp;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::import::mapping::Mapping;
use crate::import::plan::Action;
use crate::import::table::Table;
use crate::workspace::Workspace;

/// Import the people of `table` into the programme `ws`: convert its rows
/// (`role` for every row when given) and set each mentee's intake
/// (`intake` for every mentee row when given), then plan the files, unless a row
/// has an error (nothing is planned then). The findings of both steps,
/// fewer than [`FINDINGS_PER_CODE`] of each code.
pub fn people(
    ws: &Workspace,
    table: &Table,
    mapping: &Mapping,
    role: Option<&str>,
    intake: Option<&str>,
    file: &str,
    today: NaiveDate,
) -> (Vec<Action>, Vec<Diagnostic>) {
    let competencies = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.competencies.as_slice());
    let (mut drafts, mut findings) = convert::convert(table, mapping, competencies, role, file);
    let intakes = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.intakes.as_slice());
    intake::assign(&mut drafts, intakes, intake, file, &mut findings);
    let actions = if findings.has_errors() {
        Vec::new()
    } else {
        let (actions, more) = plan::plan(ws, &drafts, file, today);
        findings.extend(more);
        actions
    };
    (actions, findings.into_vec())
}

/// A finding at a cell of the export: `row` as the spreadsheet numbers it
/// (1 is the header, 0 for no row), `column` 1-based (0 for no column).
pub(crate) fn finding(
    file: &str,
    code: Code,
    row: usize,
    column: usize,
    message: String,
) -> Diagnostic {
    Diagnostic::at(
        code,
        Location::Cell {
            path: file.to_string(),
            row,
            column,
        },
        message,
    )
}

/// How many findings of one code an import lists; the rest are counted
/// ("and 12,345 more like this"), so a broken export of any size gives a
/// page of findings, not a flood (and is not held in memory).
pub const FINDINGS_PER_CODE: usize = 20;

//! Retention: how long the programme keeps a person's records. The clock
//! starts at the person's last involvement: for someone who has left
//! (withdrawn or completed), the later of `left_on` and the last day of
//! their last pair; for everyone else, the later of the programme's end
//! and that last day, so nobody still taking part is ever past retention.
//! The one definition that `validate` (W070) and `report` read.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::PersonStatus;
use crate::workspace::{PersonEntry, Workspace};

/// A person whose records the programme keeps longer than it said it would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PastRetention {
    pub id: String,
    /// The day retention is counted from.
    pub last_involvement: NaiveDate,
    /// The first day past retention.
    pub passed_on: NaiveDate,
}

/// Everyone past `[privacy] retain_months` on `as_of`, by id; nobody when
/// the programme sets no retention.
pub fn past_retention(ws: &Workspace, as_of: NaiveDate) -> Vec<PastRetention> {
    let Some(programme) = ws.programme.as_ref() else {
        return Vec::new();
    };
    let Some(months) = programme.retain_months() else {
        return Vec::new();
    };
    ws.people
        .iter()
        .filter_map(|entry| {
            let last_involvement = last_involvement(ws, entry, programme.end)?;
            let kept_until = last_involvement.checked_add_months(Months::new(months))?;
            let passed_on = kept_until.succ_opt()?;
            (passed_on <= as_of).then(|| PastRetention {
                id: entry.id.clone(),
                last_involvement,
                passed_on,
            })
        })
        .collect()
}

/// The day a person's retention is counted from; `None` while one of their
/// pairs has no end in sight (running without a planned end).
fn last_involvement(ws: &Workspace, entry: &PersonEntry, end: NaiveDate) -> Option<NaiveDate> {
    let mut last = None;
    for pair in ws.pairs_of(&entry.id) {
        let day = pair.pair.last_day().or(pair.pair.rejected_on);
        let day = match (day, pair.pair.status) {
            (Some(day), _) => day,
            // A turned-down or closed proposal without a date: the programme's end.
            (None, crate::model::PairStatus::Rejected | crate::model::PairStatus::Closed) => end,
            (None, _) => return None,
        };
        last = last.max(Some(day));
    }
    let left = matches!(
        entry.person.status(),
        PersonStatus::Withdrawn | PersonStatus::Completed
    );
    Some(if left {
        match entry.person.left_on.max(last) {
            Some(day) => day,
            None => end,
        }
    } else {
        last.map_or(end, |day| day.max(end))
    })
}

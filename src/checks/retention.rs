//! People whose records the programme keeps past its retention period
//! (`[privacy] retain_months`), as `privacy::retention` counts it.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Person;
use crate::privacy::retention::past_retention;
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    let months = ws
        .programme
        .as_ref()
        .and_then(|p| p.retain_months())
        .unwrap_or(0);
    for past in past_retention(ws, as_of) {
        let Some(entry) = ws.person(&past.id) else {
            continue;
        };
        let at = if entry.person.at.has(Person::LEFT_ON) {
            entry.person.at.of(Person::LEFT_ON)
        } else {
            entry.person.at.record
        };
        out.push(
            Diagnostic::new(
                Code::PastRetention,
                at,
                format!(
                    "`{}`'s records passed the programme's retention ({months} months after {}) on {}",
                    past.id, past.last_involvement, past.passed_on
                ),
            )
            .help(format!(
                "erase them: `mentor person erase {}` (it then says how to remove them from git history), or set a longer `[privacy] retain_months` if the law and your policy allow it",
                past.id
            )),
        );
    }
}

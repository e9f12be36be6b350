//! `mentor history` as lines a coordinator reads: one event a line,
//! whatever a value, a path or a commit's author holds (control characters,
//! newlines among them, are shown as escapes).

use std::fmt::Write;

use crate::history::{Change, Event};
use crate::text::visible;

pub fn text(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        let field = visible(&e.field);
        let (old, new) = (e.old.as_deref().map(visible), e.new.as_deref().map(visible));
        let what = match (e.field.is_empty(), e.change) {
            (true, Change::Added) => "created".to_string(),
            (true, Change::Removed) => "deleted".to_string(),
            (true, Change::Changed) => "changed".to_string(),
            (false, Change::Added) => match &new {
                Some(v) => format!("{field} = {v}"),
                None => format!("{field} added"),
            },
            (false, Change::Removed) => match &old {
                Some(v) => format!("{field} removed (was {v})"),
                None => format!("{field} removed"),
            },
            (false, Change::Changed) => match (&old, &new) {
                (Some(a), Some(b)) => format!("{field} {a} -> {b}"),
                _ => format!("{field} changed"),
            },
        };
        let _ = writeln!(
            out,
            "{} {} <{}> {}: {} {what}",
            e.date,
            visible(&e.author),
            visible(&e.email),
            e.commit,
            visible(&e.file)
        );
    }
    out
}

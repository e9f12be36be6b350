//! `mentor history` as lines a coordinator reads.

use std::fmt::Write;

use crate::history::{Change, Event};

pub fn text(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        let what = match (e.field.is_empty(), e.change) {
            (true, Change::Added) => "created".to_string(),
            (true, Change::Removed) => "deleted".to_string(),
            (true, Change::Changed) => "changed".to_string(),
            (false, Change::Added) => match &e.new {
                Some(v) => format!("{} = {v}", e.field),
                None => format!("{} added", e.field),
            },
            (false, Change::Removed) => match &e.old {
                Some(v) => format!("{} removed (was {v})", e.field),
                None => format!("{} removed", e.field),
            },
            (false, Change::Changed) => match (&e.old, &e.new) {
                (Some(a), Some(b)) => format!("{} {a} -> {b}", e.field),
                _ => format!("{} changed", e.field),
            },
        };
        let _ = writeln!(
            out,
            "{} {} <{}> {}: {} {what}",
            e.date, e.author, e.email, e.commit, e.file
        );
    }
    out
}

//! Concerns logs: every concern says who raised it (the first entry with
//! its number raises it; later ones follow it up), and a closure names
//! only a concern the log raised.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Closure, ConcernEntry};
use crate::workspace::{PairEntry, Workspace};

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.pairs {
        entries(ws, entry, out);
        closure(entry, out);
    }
}

fn entries(ws: &Workspace, entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let mut raised: Vec<u32> = Vec::new();
    for concern in &entry.concerns {
        if raised.contains(&concern.concern) {
            continue;
        }
        raised.push(concern.concern);
        match &concern.by {
            Some(by) if ws.resolve_person(by).is_some() => {}
            Some(by) => out.push(
                Diagnostic::new(
                    Code::ConcernWithoutRaiser,
                    concern.at.of(ConcernEntry::BY),
                    format!("concern {} of pair `{}` was raised by `{by}`, who is not in the programme", concern.concern, entry.id),
                )
                .help("name the person who raised it by their id"),
            ),
            None => out.push(
                Diagnostic::new(
                    Code::ConcernWithoutRaiser,
                    concern.at.record,
                    format!("concern {} of pair `{}` does not say who raised it", concern.concern, entry.id),
                )
                .help("add `by: <person id>` to the entry that raises it (`mentor concern PAIR --raised-by ID` writes it)"),
            ),
        }
    }
}

/// A closure naming a concern the log never raised.
fn closure(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let Some(closure) = &entry.pair.closure else {
        return;
    };
    let Some(number) = closure.concern else {
        return;
    };
    if entry.concerns.iter().any(|c| c.concern == number) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::UnknownConcern,
            closure.at.of(Closure::CONCERN),
            format!("the closure of pair `{}` names concern {number}, which its concerns log has not raised", entry.id),
        )
        .help(format!("raise it with `mentor concern {} --raised-by ID`, or correct the number under [closure] in pair.toml", entry.id)),
    );
}

//! `mentor notes`: one pair's meetings and feedback as the reader's identity
//! opens them. What it cannot open is named, with who can.

use std::fmt::Write;

use crate::decode::Spans;
use crate::model::{Closure, ConcernEntry, Feedback, Meeting};
use crate::seal::fields::Reader;
use crate::seal::places::Standing;
use crate::seal::values::{self, OpenedCount, PrivateValue, State};
use crate::workspace::{PairEntry, Workspace};

/// What one identity could open of a pair.
pub struct Reading {
    /// Whose keys the identity holds.
    pub as_whom: Vec<Reader>,
    /// The pair's private values as written, before opening.
    pub values: Vec<PrivateValue>,
    pub count: OpenedCount,
}

impl Reading {
    /// How a private value shows: its text if opened or plaintext, else who may read it.
    fn shown(
        &self,
        ws: &Workspace,
        opened: Option<String>,
        field: &str,
        matches: impl Fn(&PrivateValue) -> bool,
    ) -> Option<String> {
        let value = self
            .values
            .iter()
            .find(|v| v.field == field && matches(v))?;
        Some(match (&value.state, opened) {
            (State::Plain(text), _) => format!(
                "{text}  (not sealed: everyone with the repository can read this; run `mentor seal`)"
            ),
            (State::Sealed(_), Some(text)) => text,
            (State::Sealed(_), None) => sealed_for(ws, value),
        })
    }
}

/// Who a value that stays closed is sealed for, as its header records it:
/// never a reader whose current keys it was not sealed to.
fn sealed_for(ws: &Workspace, value: &PrivateValue) -> String {
    let names = |readers: &[Reader]| values::reader_names(ws, readers);
    let rotate = "run `mentor seal --rotate --identity FILE`";
    match value.standing() {
        Some(Standing::Here(recorded)) => {
            let keys = values::recorded_keys(ws, &value.readers, &recorded);
            if keys.earlier.is_empty() && !keys.others {
                return format!("sealed for {}", names(&value.readers));
            }
            let mut parts = Vec::new();
            if !keys.current.is_empty() {
                parts.push(names(&keys.current));
            }
            if !keys.earlier.is_empty() {
                parts.push(format!("an earlier key of {}", names(&keys.earlier)));
            }
            // A reader's key that is gone is "an earlier key" already;
            // otherwise someone no longer a reader (or a key taken off a
            // list) could still open it.
            if keys.others && keys.earlier.is_empty() {
                parts.push("keys no reader lists now".into());
            }
            let who = if keys.current.contains(&Reader::Coordinators) {
                "ask the coordinator to".to_string()
            } else if keys.current.is_empty() {
                "whoever holds an earlier key must".to_string()
            } else {
                format!("ask {} to", names(&keys.current))
            };
            format!("sealed for {}; {who} {rotate}", parts.join(" and for "))
        }
        Some(Standing::Moved(bound, _)) => format!(
            "sealed for {} (same readers, another date): not shown until a reader runs {rotate}",
            bound.describe()
        ),
        Some(Standing::Elsewhere(bound)) => {
            format!("sealed for {bound}: it was copied here, and is not shown")
        }
        Some(Standing::Unbound) => format!(
            "meant for {}; its seal does not record to which keys: a reader should {rotate}",
            names(&value.readers)
        ),
        Some(Standing::Broken(why)) => format!("sealed, but {why}"),
        None => String::new(),
    }
}

/// The pair's meetings and feedback, private values opened where the identity can.
pub fn pair(ws: &Workspace, entry: &PairEntry, reading: &Reading) -> String {
    let mut out = String::new();
    let whom = if reading.as_whom.is_empty() {
        "a key no one in the programme lists".to_string()
    } else {
        values::reader_names(ws, &reading.as_whom)
    };
    let name = |id: &str| values::reader_name(ws, &Reader::Person(id.to_string()));
    let names = |ids: Vec<&str>| ids.into_iter().map(name).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "Pair {}: {} (mentor) and {} (mentee)",
        entry.id,
        names(entry.pair.mentor_ids().collect()),
        names(entry.pair.mentee_ids().collect())
    );
    let _ = writeln!(out, "Reading as {whom}.\n");
    let _ = writeln!(out, "Meetings");
    if entry.meetings.is_empty() {
        let _ = writeln!(out, "  none logged");
    }
    for meeting in &entry.meetings {
        let minutes = meeting
            .minutes
            .map_or_else(String::new, |m| format!(", {m} min"));
        let _ = writeln!(out, "  {}{minutes}", meeting.date);
        if !meeting.topics.is_empty() {
            let _ = writeln!(out, "    topics: {}", meeting.topics.join("; "));
        }
        if let Some(text) = reading.shown(
            ws,
            meeting.private_notes.clone(),
            Meeting::PRIVATE_NOTES.name(),
            written_in(&meeting.at),
        ) {
            let _ = writeln!(out, "    private notes: {}", indent(&text));
        }
    }
    if !entry.feedback.is_empty() {
        let _ = writeln!(out, "\nFeedback");
    }
    for feedback in &entry.feedback {
        let _ = writeln!(
            out,
            "  {} by {}",
            feedback.date,
            values::reader_name(ws, &Reader::Person(feedback.by.clone()))
        );
        let same = written_in(&feedback.at);
        if let Some(text) = reading.shown(
            ws,
            feedback.satisfaction.map(|s| format!("{}/5", s.0)),
            Feedback::SATISFACTION.name(),
            &same,
        ) {
            let _ = writeln!(out, "    satisfaction: {text}");
        }
        if let Some(text) =
            reading.shown(ws, feedback.comment.clone(), Feedback::COMMENT.name(), same)
        {
            let _ = writeln!(out, "    comment: {}", indent(&text));
        }
    }
    concerns(ws, entry, reading, &mut out);
    if let Some(closure) = &entry.pair.closure {
        let _ = writeln!(out, "\nClosed {} ({})", closure.date, closure.reason);
        if let Some(text) = reading.shown(
            ws,
            closure.note.clone(),
            Closure::NOTE.name(),
            written_in(&closure.at),
        ) {
            let _ = writeln!(out, "  note: {}", indent(&text));
        }
    }
    let count = &reading.count;
    let _ = writeln!(out);
    if count.opened == 0 && count.closed > 0 {
        let _ = writeln!(
            out,
            "This identity opens none of the pair's {}: they are sealed for the people named above. Check that you passed your own private key.",
            crate::text::count(count.closed, "sealed value")
        );
    } else {
        let _ = writeln!(
            out,
            "{} opened in memory, {} sealed for others.",
            crate::text::count(count.opened, "sealed value"),
            count.closed
        );
    }
    for misplaced in &count.misplaced {
        let _ = writeln!(
            out,
            "not shown: {misplaced}; it was copied here (mentor validate: E064)"
        );
    }
    for why in &count.invalid {
        let _ = writeln!(out, "cannot read {why}");
    }
    out
}

/// The pair's concerns log: each entry's text where the identity opens it
/// (the coordinators'), else who it is sealed for.
fn concerns(ws: &Workspace, entry: &PairEntry, reading: &Reading, out: &mut String) {
    if entry.concerns.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nConcerns");
    for concern in &entry.concerns {
        let by = concern.by.as_ref().map_or_else(String::new, |by| {
            format!(
                " by {}",
                values::reader_name(ws, &Reader::Person(by.clone()))
            )
        });
        let _ = writeln!(
            out,
            "  concern {} on {}{by}: {}",
            concern.concern, concern.date, concern.status
        );
        if let Some(text) = reading.shown(
            ws,
            concern.text.clone(),
            ConcernEntry::TEXT.name(),
            written_in(&concern.at),
        ) {
            let _ = writeln!(out, "    {}", indent(&text));
        }
    }
}

/// Whether a private value is the one written in this record.
fn written_in(at: &Spans) -> impl Fn(&PrivateValue) -> bool + '_ {
    move |v| at.of_named(v.field) == Some(v.span)
}

/// Continuation lines of a multi-line note, indented under it.
fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n      ")
}

//! A subject access disclosure as Markdown, for the person to read: what
//! was not given first, then each record, its history and the reminders.
//! Every value from a file is escaped (`text::markdown`); the history is an
//! indented block, which no text inside it can end.

use std::fmt::Write;

use serde_json::Value as Json;

use crate::privacy::access::Disclosure;
use crate::text::markdown;

pub fn markdown_document(d: &Disclosure) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What the mentoring programme holds about {} ({})\n",
        markdown(&d.name),
        markdown(&d.person)
    );
    let _ = writeln!(
        out,
        "Made on {}. The same content, for machines, is in the JSON file beside this one.{}\n",
        d.made_on,
        if d.partners_named {
            ""
        } else {
            " The other member of each pair is shown as [the mentor] or [the mentee], as the programme's policy says."
        }
    );
    out.push_str("## What could not be given, and why\n\n");
    if d.withheld.is_empty() {
        out.push_str("Nothing was withheld.\n\n");
    }
    for w in &d.withheld {
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            markdown(&w.value),
            markdown(&w.path),
            markdown(&w.reason)
        );
    }
    if !d.withheld.is_empty() {
        out.push('\n');
    }
    out.push_str("## Records\n\n");
    for record in &d.records {
        let _ = writeln!(out, "### {}\n", markdown(&record.path));
        list(&record.content, 0, &mut out);
        out.push('\n');
    }
    out.push_str("## Who changed these records, and when\n\n");
    if d.history.is_empty() {
        out.push_str("No history (the programme is not in git, or nothing was committed).\n\n");
    } else {
        for line in crate::render::history::text(&d.history).lines() {
            let _ = writeln!(out, "    {line}");
        }
        out.push('\n');
    }
    out.push_str("## Reminders sent\n\n");
    if d.reminders.is_empty() {
        out.push_str("None recorded on this machine.\n");
    }
    for r in &d.reminders {
        let _ = writeln!(out, "- {}: {}", r.date, markdown(&r.about));
    }
    out
}

/// A value as a nested Markdown list.
fn list(value: &Json, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match value {
        Json::Object(map) => {
            for (key, value) in map {
                let _ = write!(out, "{indent}- **{}**:", markdown(key));
                inline_or_nested(value, depth, out);
            }
        }
        Json::Array(items) => {
            for item in items {
                let _ = write!(out, "{indent}-");
                inline_or_nested(item, depth, out);
            }
        }
        other => {
            let _ = writeln!(out, "{indent}- {}", scalar(other));
        }
    }
}

fn inline_or_nested(value: &Json, depth: usize, out: &mut String) {
    match value {
        Json::Object(_) | Json::Array(_) => {
            out.push('\n');
            list(value, depth + 1, out);
        }
        other => {
            let _ = writeln!(out, " {}", scalar(other));
        }
    }
}

/// A scalar on one line: several lines of free text are joined with " / ".
fn scalar(value: &Json) -> String {
    match value {
        Json::String(text) => markdown(&text.lines().collect::<Vec<_>>().join(" / ")).into_owned(),
        Json::Null => "(empty)".into(),
        other => other.to_string(),
    }
}

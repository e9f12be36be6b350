//! Diagnostics in every output format `validate` offers.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::json;

use crate::diagnostic::{Code, Located, Severity, Tally};
use crate::source::Sources;

/// Version of the JSON document `--format json` prints; bumped on any
/// incompatible change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

pub fn human(located: &[Located], sources: &Sources, tally: Tally, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for item in located {
        let d = item.diagnostic;
        let level = match d.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code.id());
        let file = d.span().and_then(|s| sources.get(s.file).map(|f| (s, f)));
        let mut groups = Vec::new();
        let mut location = String::new();
        match file {
            Some((span, file)) => {
                // A span over a whole record is cut to its first line.
                let (_, line_end) = file.line_range(item.line);
                let start = (span.start as usize).min(file.text.len());
                let end = (span.end as usize).min(line_end).max(start);
                let annotation = AnnotationKind::Primary
                    .span(start..end)
                    .label(d.code.name());
                groups.push(
                    Group::with_title(title).element(
                        Snippet::source(file.text.as_str())
                            .path(item.path)
                            .fold(true)
                            .annotation(annotation),
                    ),
                );
            }
            // A file that does not exist, or a cell of an export, has no
            // line to show: name the place.
            None => {
                groups.push(Group::with_title(title));
                location = match d.location {
                    crate::diagnostic::Location::Cell { .. } => {
                        format!(" --> {}:{}:{}\n", item.path, item.line, item.column)
                    }
                    _ => format!(" --> {}\n", item.path),
                };
            }
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let rendered = renderer.render(&groups);
        match rendered.split_once('\n') {
            _ if location.is_empty() => out.push_str(&rendered),
            Some((title, rest)) => {
                out.push_str(title);
                out.push('\n');
                out.push_str(&location);
                out.push_str(rest);
            }
            None => {
                out.push_str(&rendered);
                out.push('\n');
                out.push_str(location.trim_end());
            }
        }
        out.push_str("\n\n");
    }
    out.push_str(&summary(tally));
    out.push('\n');
    out
}

pub fn summary(tally: Tally) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if tally.errors == 0 && tally.warnings == 0 {
        "no problems found".to_string()
    } else {
        format!(
            "{}, {}",
            plural(tally.errors, "error"),
            plural(tally.warnings, "warning")
        )
    }
}

pub fn concise(located: &[Located], tally: Tally) -> String {
    let mut out = String::new();
    for item in located {
        let d = item.diagnostic;
        let _ = write!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            item.path,
            item.line,
            item.column,
            d.severity().as_str(),
            d.code.id(),
            d.message,
        );
        if let Some(help) = &d.help {
            let _ = write!(out, "; help: {help}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(tally));
    out
}

pub fn json_document(located: &[Located], sources: &Sources, tally: Tally) -> String {
    let diagnostics: Vec<_> = located
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            json!({
                "code": d.code.id(),
                "name": d.code.name(),
                "severity": d.severity().as_str(),
                "path": item.path,
                "line": item.line,
                "column": item.column,
                "end_line": item.end_line,
                "end_column": item.end_column,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let document = json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": "mentor",
        "version": env!("CARGO_PKG_VERSION"),
        "summary": {"errors": tally.errors, "warnings": tally.warnings, "files": sources.len()},
        "diagnostics": diagnostics,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    )
}

/// Escaping rules of GitHub workflow commands: the message may not hold raw
/// `%`, CR or LF; property values additionally not `:` or `,`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(located: &[Located]) -> String {
    let mut out = String::new();
    for item in located {
        let d = item.diagnostic;
        let command = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(item.path),
            item.line,
            item.column,
            item.end_line,
            item.end_column,
            escape_property(&format!("{} {}", d.code.id(), d.code.name())),
            escape_data(&message)
        );
    }
    out
}

pub fn sarif(located: &[Located]) -> String {
    let rules: Vec<_> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.id(),
                "name": code.name(),
                "shortDescription": {"text": code.summary()},
                "defaultConfiguration": {"level": sarif_level(code.severity())},
                "helpUri": format!("https://docs.rs/crate/mentor/{}#{}", env!("CARGO_PKG_VERSION"), code.id().to_lowercase()),
            })
        })
        .collect();
    let results: Vec<_> = located
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(" (help: ");
                text.push_str(help);
                text.push(')');
            }
            json!({
                "ruleId": d.code.id(),
                "ruleIndex": index,
                "level": sarif_level(d.severity()),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": item.path},
                        "region": {
                            "startLine": item.line,
                            "startColumn": item.column,
                            "endLine": item.end_line,
                            "endColumn": item.end_column.max(if item.end_line == item.line { item.column } else { 1 }),
                        }
                    }
                }],
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mentor",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/mentor",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    )
}

/// GitLab Code Quality: an array of issues, each with a fingerprint that
/// stays the same while the finding does (so GitLab can tell new from fixed).
pub fn gitlab(located: &[Located]) -> String {
    let issues: Vec<_> = located
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            let fingerprint = fnv1a(&format!("{}|{}|{}|{}", d.code.id(), item.path, item.line, d.message));
            json!({
                "description": match &d.help { Some(h) => format!("{} (help: {h})", d.message), None => d.message.clone() },
                "check_name": format!("{} {}", d.code.id(), d.code.name()),
                "fingerprint": format!("{fingerprint:016x}"),
                "severity": match d.severity() { Severity::Error => "major", Severity::Warning => "minor" },
                "location": {"path": item.path, "lines": {"begin": item.line}},
            })
        })
        .collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&issues).unwrap_or_default()
    )
}

/// 64-bit FNV-1a: stable across runs, platforms and Rust versions.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_separators_in_properties_and_newlines_in_messages() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny: z"), "x%0Ay: z");
    }
}

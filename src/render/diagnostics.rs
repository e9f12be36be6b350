//! Diagnostics in every output format `validate` offers.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::render::to_json;

use crate::diagnostic::{Code, Located, Severity, Tally};
use crate::seal::PrivateNames;
use crate::source::Sources;

/// Version of the JSON document `--format json` prints; bumped on any
/// incompatible change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// The longest source line a snippet shows.
const MAX_SNIPPET_LINE: usize = 500;

/// Findings for people, each with a snippet of its file in which the
/// values `names` calls private are masked.
pub fn human(
    located: &[Located],
    sources: &Sources,
    names: &PrivateNames,
    tally: Tally,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    // Each file's text as a snippet may show it, made once per file.
    let mut shown_texts: std::collections::HashMap<crate::source::FileId, String> =
        std::collections::HashMap::new();
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
        // A line too long to show (a pasted blob) is named, not printed.
        let file = file.filter(|(_, f)| {
            let (start, end) = f.line_range(item.line);
            end - start <= MAX_SNIPPET_LINE
        });
        match file {
            Some((span, file)) => {
                let text = shown_texts
                    .entry(span.file)
                    .or_insert_with(|| crate::render::shown::shown(file, names));
                // A span over a whole record is cut to its first line.
                let (_, line_end) = file.line_range(item.line);
                let start = (span.start as usize).min(file.text.len());
                let end = (span.end as usize).min(line_end).max(start);
                let annotation = AnnotationKind::Primary
                    .span(start..end)
                    .label(d.code.name());
                groups.push(
                    Group::with_title(title).element(
                        Snippet::source(text.as_str())
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
                    crate::diagnostic::Location::Cell { .. }
                    | crate::diagnostic::Location::Span(_) => {
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
    use crate::text::count;
    if tally.errors == 0 && tally.warnings == 0 {
        "no problems found".to_string()
    } else {
        format!(
            "{}, {}",
            count(tally.errors, "error"),
            count(tally.warnings, "warning")
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

/// `--format json`: one document, versioned by [`JSON_SCHEMA_VERSION`].
#[derive(Serialize)]
struct JsonDocument<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    files: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
}

pub fn json_document(located: &[Located], sources: &Sources, tally: Tally) -> String {
    to_json(&JsonDocument {
        schema_version: JSON_SCHEMA_VERSION,
        tool: "mentor",
        version: env!("CARGO_PKG_VERSION"),
        summary: JsonSummary {
            errors: tally.errors,
            warnings: tally.warnings,
            files: sources.len(),
        },
        diagnostics: located
            .iter()
            .map(|item| {
                let d = item.diagnostic;
                JsonDiagnostic {
                    code: d.code.id(),
                    name: d.code.name(),
                    severity: d.severity().as_str(),
                    path: item.path,
                    line: item.line,
                    column: item.column,
                    end_line: item.end_line,
                    end_column: item.end_column,
                    message: &d.message,
                    help: d.help.as_deref(),
                }
            })
            .collect(),
    })
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

/// The parts of SARIF 2.1.0 that mentor fills.
mod sarif {
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Log {
        #[serde(rename = "$schema")]
        pub schema: &'static str,
        pub version: &'static str,
        pub runs: Vec<Run>,
    }

    #[derive(Serialize)]
    pub struct Run {
        pub tool: Tool,
        pub results: Vec<Result>,
    }

    #[derive(Serialize)]
    pub struct Tool {
        pub driver: Driver,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Driver {
        pub name: &'static str,
        pub version: &'static str,
        pub information_uri: &'static str,
        pub rules: Vec<Rule>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Rule {
        pub id: &'static str,
        pub name: &'static str,
        pub short_description: Message,
        pub default_configuration: Configuration,
        pub help_uri: String,
    }

    #[derive(Serialize)]
    pub struct Configuration {
        pub level: &'static str,
    }

    #[derive(Serialize)]
    pub struct Message {
        pub text: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Result {
        pub rule_id: &'static str,
        pub rule_index: usize,
        pub level: &'static str,
        pub message: Message,
        pub locations: Vec<Location>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Location {
        pub physical_location: PhysicalLocation,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PhysicalLocation {
        pub artifact_location: ArtifactLocation,
        pub region: Region,
    }

    #[derive(Serialize)]
    pub struct ArtifactLocation {
        pub uri: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Region {
        pub start_line: usize,
        pub start_column: usize,
        pub end_line: usize,
        pub end_column: usize,
    }
}

pub fn sarif(located: &[Located]) -> String {
    let rules = Code::ALL
        .iter()
        .map(|code| sarif::Rule {
            id: code.id(),
            name: code.name(),
            short_description: sarif::Message {
                text: code.summary().to_string(),
            },
            default_configuration: sarif::Configuration {
                level: sarif_level(code.severity()),
            },
            help_uri: format!(
                "https://docs.rs/crate/mentor/{}#{}",
                env!("CARGO_PKG_VERSION"),
                code.id().to_lowercase()
            ),
        })
        .collect();
    let results = located
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(" (help: ");
                text.push_str(help);
                text.push(')');
            }
            let end_column = item.end_column.max(if item.end_line == item.line {
                item.column
            } else {
                1
            });
            sarif::Result {
                rule_id: d.code.id(),
                rule_index: Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                level: sarif_level(d.severity()),
                message: sarif::Message { text },
                locations: vec![sarif::Location {
                    physical_location: sarif::PhysicalLocation {
                        artifact_location: sarif::ArtifactLocation {
                            uri: item.path.to_string(),
                        },
                        region: sarif::Region {
                            start_line: item.line,
                            start_column: item.column,
                            end_line: item.end_line,
                            end_column,
                        },
                    },
                }],
            }
        })
        .collect();
    to_json(&sarif::Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![sarif::Run {
            tool: sarif::Tool {
                driver: sarif::Driver {
                    name: "mentor",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://crates.io/crates/mentor",
                    rules,
                },
            },
            results,
        }],
    })
}

/// A GitLab Code Quality issue.
#[derive(Serialize)]
struct GitlabIssue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: GitlabLocation,
}

#[derive(Serialize)]
struct GitlabLocation {
    path: String,
    lines: GitlabLines,
}

#[derive(Serialize)]
struct GitlabLines {
    begin: usize,
}

/// GitLab Code Quality: an array of issues, each with a fingerprint that
/// stays the same while the finding does (so GitLab can tell new from fixed).
pub fn gitlab(located: &[Located]) -> String {
    let issues: Vec<GitlabIssue> = located
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            let fingerprint = fnv1a(&format!(
                "{}|{}|{}|{}",
                d.code.id(),
                item.path,
                item.line,
                d.message
            ));
            GitlabIssue {
                description: match &d.help {
                    Some(h) => format!("{} (help: {h})", d.message),
                    None => d.message.clone(),
                },
                check_name: format!("{} {}", d.code.id(), d.code.name()),
                fingerprint: format!("{fingerprint:016x}"),
                severity: match d.severity() {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: GitlabLocation {
                    path: item.path.to_string(),
                    lines: GitlabLines { begin: item.line },
                },
            }
        })
        .collect();
    to_json(&issues)
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

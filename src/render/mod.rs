//! The only code that formats output for people and machines. Machine
//! output is always a derived `Serialize` struct: the fields a document
//! carries are listed in one place, which matters for what it must not carry.

pub mod diagnostics;
pub mod diff;
pub mod history;
pub mod html;
pub mod matching;
pub mod notes;
pub mod report;
pub mod sheet;
pub mod table;

/// Pretty JSON with a final newline.
pub fn to_json(value: &impl serde::Serialize) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
}
pub mod shown;

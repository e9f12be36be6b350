//! A record file's text as a snippet may show it: confidential values
//! masked and control characters replaced, byte for byte, so every span
//! still points at the same place.
//!
//! The values to mask are found twice ([`crate::seal::spots`]): in the
//! parsed tree, where the parser has read every way of writing a key, and
//! in the lines of the text, which also catch what no tree holds (a
//! commented-out private note, a file that does not parse, which is the
//! file that most often gets a snippet). A byte either finds is masked.

use std::path::Path;

use crate::layout::FileKind;
use crate::node::{self, Syntax};
use crate::seal::PrivateNames;
use crate::seal::spots;
use crate::source::SourceFile;

/// The text to show in a snippet of `file`.
pub fn shown(file: &SourceFile, names: &PrivateNames) -> String {
    let text = file.text.as_str();
    let mut bytes = text.as_bytes().to_vec();
    let kind = FileKind::of(Path::new(""), Path::new(&file.display));
    let mut mask = |range: std::ops::Range<usize>| {
        for b in &mut bytes[range.start.min(text.len())..range.end.min(text.len())] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    };
    let syntax = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Syntax::from_extension);
    if let Some(root) = syntax.and_then(|syntax| node::parse(file, syntax).ok()) {
        for spot in spots::in_tree(&root, kind.as_ref(), names) {
            let (start, end) = (
                spot.value.range.start as usize,
                spot.value.range.end as usize,
            );
            // A block scalar's range runs on to the next key's indentation.
            let end = start + text.get(start..end).map_or(0, |v| v.trim_end().len());
            mask(start..with_comment(text, end));
        }
    }
    for spot in spots::in_text(text, kind.as_ref(), names) {
        spot.ranges.into_iter().for_each(&mut mask);
    }
    // Control characters (an escape sequence in a value) become `?`, one per byte.
    let mut out = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if out
        .chars()
        .any(|c| crate::text::is_control(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        out = out
            .chars()
            .map(|c| {
                if crate::text::is_control(c) && !matches!(c, '\n' | '\r' | '\t') {
                    "?".repeat(c.len_utf8())
                } else {
                    c.to_string()
                }
            })
            .collect();
    }
    out
}

/// Where a value ending at `end` ends with the comment after it on its
/// line (a note beside a private value is as private as the value).
fn with_comment(text: &str, end: usize) -> usize {
    let end = end.min(text.len());
    let rest = &text[end..];
    let line_end = end + rest.find('\n').unwrap_or(rest.len());
    if text[end..line_end].trim_start().starts_with('#') {
        line_end
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown_as(display: &str, text: &str) -> String {
        let file = SourceFile::new(display.into(), display.into(), text.into());
        let shown = shown(&file, &PrivateNames::default());
        assert_eq!(shown.len(), text.len(), "byte for byte");
        shown
    }

    #[test]
    fn private_values_are_masked_in_every_style() {
        let text = "meetings:\n  - date: 2026-02-01\n    private_notes: SECRET one\n  - {date: 2026-13-01, private_notes: SECRET two, minutes: 30}\n  - date: 2026-02-03\n    private_note: |\n      SECRET three\n      more\n    minutes: 20\n";
        let shown = shown_as("pairs/p/log.yaml", text);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("date: 2026-13-01"), "{shown}");
        assert!(shown.contains("minutes: 30}"), "{shown}");
        assert!(shown.contains("    minutes: 20"), "{shown}");
    }

    #[test]
    fn layouts_only_a_parser_reads_are_masked() {
        for (file, text) in [
            (
                "pairs/p/log.yaml",
                "meetings:\n  - date: 2026-02-01\n    ? private_notes\n    : SECRET\n",
            ),
            (
                "pairs/p/log.yaml",
                "meetings:\n  - date: 2026-02-01\n    private_notes: first line\n      next: SECRET\n",
            ),
            (
                "pairs/p/log.yaml",
                "meetings:\n- date: 2026-02-01\n  private_notes: >-\n   SECRET\n  minutes: 5\n",
            ),
            (
                "pairs/p/pair.toml",
                "mentor = \"mo\"\nclosure.note = \"SECRET\"\n",
            ),
            (
                "pairs/p/pair.toml",
                "[closure]\ndate = 2026-01-01\nnote = \"x\" # SECRET\n",
            ),
        ] {
            let shown = shown_as(file, text);
            assert!(!shown.contains("SECRET"), "{text}\n->\n{shown}");
        }
    }

    #[test]
    fn toml_private_values_are_masked_and_others_kept() {
        let text = "[closure]\ndate = 2026-01-01\nreason = \"mismatch\"\nnote = \"SECRET\"\n[agreement]\nclosing = \"\"\"\nSECRET\n\"\"\"\nsigned = 2026-01-02\n";
        let shown = shown_as("pairs/p/pair.toml", text);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("reason = \"mismatch\""));
        assert!(shown.contains("signed = 2026-01-02"), "{shown}");
    }

    #[test]
    fn control_characters_are_replaced_byte_for_byte() {
        let text = "name = \"a\u{1b}[31mb\"\n";
        let shown = shown_as("people/a.toml", text);
        assert!(!shown.contains('\u{1b}'));
    }
}

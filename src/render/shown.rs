//! A record file's text as a snippet may show it: confidential values
//! masked and control characters replaced, byte for byte, so every span
//! still points at the same place.
//!
//! Masking works on the text, not the decoded record, because the files
//! that get a snippet are the broken ones: a typo'd `private_note:` key, a
//! flow-style meeting with a bad date, a file that does not parse at all.

/// Whether a key names a field that is always private (the sealed fields
/// of [`crate::seal::places`], and an agreement's `closing`), or is a slip
/// for one.
fn is_private_key(key: &str) -> bool {
    let key = key.trim().trim_matches(['"', '\'']).to_lowercase();
    let private = crate::seal::places::always_private_fields().chain(["closing"]);
    key.contains("private") || crate::decode::did_you_mean(&key, private).is_some()
}

/// The text to show in a snippet of `text`.
pub fn shown(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    mask_private_values(text, &mut bytes);
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

/// Replace every byte of private values with `*` (newlines kept).
fn mask_private_values(text: &str, bytes: &mut [u8]) {
    let mut mask = |from: usize, to: usize| {
        for b in &mut bytes[from..to.min(text.len())] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    };
    let lines: Vec<(usize, &str)> = line_starts(text);
    let mut block: Option<usize> = None; // indentation of a private key whose value continues below
    let mut until: Option<&str> = None; // the closing delimiter of a multi-line TOML string
    // A file repeats the same few keys on every record: each is judged once.
    let mut judged: Vec<(&str, bool)> = Vec::new();
    for &(start, line) in &lines {
        let indent = line.len() - line.trim_start().len();
        if let Some(delimiter) = until {
            match line.find(delimiter) {
                Some(at) => {
                    mask(start, start + at);
                    until = None;
                }
                None => mask(start, start + line.len()),
            }
            continue;
        }
        if let Some(key_indent) = block {
            if line.trim().is_empty() || indent > key_indent {
                mask(start, start + line.len());
                continue;
            }
            block = None;
        }
        // Every `key: value` or `key = value` on the line, block or flow style.
        let mut search = 0;
        while let Some((key_start, key_end, value_start)) = next_key(line, search) {
            let key = &line[key_start..key_end];
            let private = match judged.iter().find(|(k, _)| *k == key) {
                Some(&(_, private)) => private,
                None => {
                    let private = is_private_key(key);
                    judged.push((key, private));
                    private
                }
            };
            if private {
                let value_end = value_end(line, value_start);
                mask(start + value_start, start + value_end);
                let rest = line[value_start..].trim();
                let multi_line = ["\"\"\"", "'''"]
                    .into_iter()
                    .find(|d| rest.starts_with(d) && !rest[3..].contains(d));
                let opens_block = rest.is_empty()
                    || rest.starts_with('|')
                    || rest.starts_with('>')
                    || (rest.starts_with('"') && !rest[1..].contains('"'));
                if multi_line.is_some() {
                    until = multi_line;
                } else if opens_block && value_end >= line.trim_end().len() {
                    block = Some(indent);
                }
                search = value_end.max(value_start + 1);
            } else {
                search = value_start.max(key_end + 1);
            }
        }
    }
}

/// Lines with the byte offset each starts at (without the newline).
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        out.push((start, line));
        start += line.len() + 1;
    }
    out
}

/// The next `key:` / `key =` at or after `from`: (key start, key end, value start).
fn next_key(line: &str, from: usize) -> Option<(usize, usize, usize)> {
    let bytes = line.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        let separator =
            c == b'=' || (c == b':' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if separator {
            // The key: the word (or quoted word) just before the separator.
            let before = line[..i].trim_end();
            let key_end = before.len();
            let key_start = before
                .rfind(|ch: char| matches!(ch, '{' | ',' | '-' | '[') || ch.is_whitespace())
                .map_or(0, |p| p + 1);
            if key_start < key_end && key_start >= from.min(key_end) {
                let value_start = i + 1 + line[i + 1..].len() - line[i + 1..].trim_start().len();
                return Some((key_start, key_end, value_start));
            }
        }
        i += 1;
    }
    None
}

/// Where a value that starts at `start` ends: at the end of the line, or in
/// a flow mapping at the next `,` or `}` outside quotes.
fn value_end(line: &str, start: usize) -> usize {
    let in_flow = line[..start].contains('{');
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if in_flow && (b == b',' || b == b'}') => return i,
            None => {}
        }
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_values_are_masked_in_every_style() {
        let text = "meetings:\n  - date: 2026-02-01\n    private_notes: SECRET one\n  - {date: 2026-13-01, private_notes: SECRET two, minutes: 30}\n  - date: 2026-02-03\n    private_note: |\n      SECRET three\n      more\n    minutes: 20\n";
        let shown = shown(text);
        assert_eq!(shown.len(), text.len(), "byte for byte");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("date: 2026-13-01"), "{shown}");
        assert!(shown.contains("minutes: 30}"), "{shown}");
        assert!(shown.contains("    minutes: 20"), "{shown}");
    }

    #[test]
    fn toml_private_values_are_masked_and_others_kept() {
        let text = "[closure]\ndate = 2026-01-01\nreason = \"mismatch\"\nnote = \"SECRET\"\n[agreement]\nclosing = \"\"\"\nSECRET\n\"\"\"\nsigned = 2026-01-02\n";
        let shown = shown(text);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("reason = \"mismatch\""));
        assert!(shown.contains("signed = 2026-01-02"), "{shown}");
    }

    #[test]
    fn control_characters_are_replaced_byte_for_byte() {
        let text = "name = \"a\u{1b}[31mb\"\n";
        let shown = shown(text);
        assert_eq!(shown.len(), text.len());
        assert!(!shown.contains('\u{1b}'));
    }
}

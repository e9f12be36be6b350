//! Text from files and command lines, made safe to print: control
//! characters made visible (an escape sequence in a name must not drive the
//! terminal, a newline in a folder name must not forge a line of CI output),
//! and long values cut to an excerpt.

use std::borrow::Cow;

/// How many characters of a value a message quotes.
const EXCERPT_CHARS: usize = 60;

/// A number with its noun in the right form: `1 day`, `2 days`, `0 days`.
/// Every message that counts something says it through here, never "day(s)".
/// `noun` is the singular; nouns that do not just add `s` are given as
/// `singular|plural`, such as `"entry|entries"`.
pub fn count<N>(n: N, noun: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let (one, many) = match noun.split_once('|') {
        Some((one, many)) => (one, many.to_string()),
        None => (noun, format!("{noun}s")),
    };
    if n == N::from(1) {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A character that must not reach a terminal, a CI log or a file as it is:
/// C0/C1 controls, DEL, line and paragraph separators, a byte-order mark and
/// the bidirectional overrides that can make text read other than it is.
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters written as escapes (`\n`, `\u{1b}`);
/// borrowed when there are none, which is nearly always.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A value as a message quotes it: visible, and at most 60 characters with
/// the length of the rest said.
pub fn excerpt(text: &str) -> String {
    let count = text.chars().count();
    if count <= EXCERPT_CHARS {
        return visible(text).into_owned();
    }
    let head: String = text.chars().take(EXCERPT_CHARS).collect();
    format!("{}… ({} characters in all)", visible(&head), count)
}

/// Output for a person, made safe as a whole: control characters other
/// than newline and tab made visible, and escape sequences kept only when
/// mentor itself coloured the text (`color`).
pub fn terminal_safe(text: &str, color: bool) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| is_control(c) && c != '\n' && c != '\t' && !(color && c == '\u{1b}');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Characters that make Markdown syntax of text: code spans, table cells,
/// and the brackets every link and image opens with (`[x](url)`,
/// `![t](url)`, `[x][ref]`): with both escaped no link or image can form,
/// so `(`, `)` and `!` need no escape of their own and mentor's own
/// "place(s)" stays as written. The backslash is escaped so that text
/// cannot undo an escape.
const MARKDOWN_SYNTAX: [char; 5] = ['\\', '`', '[', ']', '|'];

/// Text for Markdown that reads as the text it is, whatever it holds: HTML
/// escaped (a name can hold `<script>`), and every character of Markdown
/// syntax backslash-escaped, so a name such as `![t](http://x)` or
/// `[x](javascript:alert(1))` forms no image and no link.
pub fn markdown(text: &str) -> Cow<'_, str> {
    let escaped = html(text);
    if !escaped.contains(MARKDOWN_SYNTAX) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 8);
    for c in escaped.chars() {
        if MARKDOWN_SYNTAX.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Text for HTML: `<`, `>`, `&` and `"` escaped.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '>', '&', '"']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_takes_the_singular() {
        assert_eq!(count(1, "thing"), "1 thing");
        assert_eq!(count(0, "thing"), "0 things");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(-1_i64, "day"), "-1 days");
        assert_eq!(count(1_usize, "entry|entries"), "1 entry");
        assert_eq!(count(3_usize, "entry|entries"), "3 entries");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(visible("Ana"), "Ana");
        assert_eq!(visible("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(visible("x\u{7f}"), "x\\u{7f}");
        assert_eq!(visible("rtl\u{202e}"), "rtl\\u{202e}");
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(5_000_000);
        let e = excerpt(&long);
        assert!(e.len() < 120, "{}", e.len());
        assert!(e.ends_with("(5000000 characters in all)"));
        assert_eq!(excerpt("short"), "short");
    }

    #[test]
    fn terminal_output_keeps_lines_and_our_colours_only() {
        assert_eq!(terminal_safe("a\n\tb", false), "a\n\tb");
        assert_eq!(terminal_safe("\u{1b}[1mx", false), "\\u{1b}[1mx");
        assert_eq!(terminal_safe("\u{1b}[1mx", true), "\u{1b}[1mx");
        assert_eq!(terminal_safe("bell\u{7}", true), "bell\\u{7}");
    }

    #[test]
    fn markdown_forms_no_link_image_or_html() {
        assert_eq!(markdown("Ana Silva"), "Ana Silva");
        assert_eq!(markdown("![t](http://x)"), "!\\[t\\](http://x)");
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("<img src=x>`a`"), "&lt;img src=x&gt;\\`a\\`");
        assert_eq!(markdown("a\\[b"), "a\\\\\\[b");
    }

    #[test]
    fn counts_say_one_thing_or_many_things() {
        assert_eq!(count(1, "day"), "1 day");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(0, "place"), "0 places");
        assert_eq!(count(1, "entry|entries"), "1 entry");
        assert_eq!(count(3, "entry|entries"), "3 entries");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(html("<script>&"), "&lt;script&gt;&amp;");
    }
}

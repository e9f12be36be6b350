//! A line diff for `--dry-run` output.

/// Lines removed (`-`) and added (`+`), with unchanged lines (` `), in the
/// order of the new file.
pub fn line_diff(before: &str, after: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "- ",
            similar::ChangeTag::Insert => "+ ",
            similar::ChangeTag::Equal => "  ",
        };
        out.push_str(sign);
        out.push_str(change.value().trim_end_matches(['\n', '\r']));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::line_diff;

    #[test]
    fn shows_changed_lines_in_place() {
        assert_eq!(
            line_diff("a\nb\nc\n", "a\nB\nc\nd\n"),
            "  a\n- b\n+ B\n  c\n+ d\n"
        );
        assert_eq!(line_diff("", "x\n"), "+ x\n");
    }
}

//! Tables for people: fitted to the terminal, plain text when piped.

use comfy_table::{ContentArrangement, Table, presets};

/// Render rows under a header. On a terminal the table has borders and wraps
/// to the terminal width; piped, it is bare aligned columns that `grep` and
/// `cut` handle.
pub fn table(header: &[&str], rows: &[Vec<String>], terminal: bool) -> String {
    let mut table = Table::new();
    if terminal {
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.load_style(presets::NOTHING);
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    table.set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.iter().map(String::as_str));
    }
    let text = table.to_string();
    let mut out: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

//! Tables for people: fitted to the terminal, plain text when piped.

use comfy_table::{ContentArrangement, Table, presets};

/// Render rows under a header. On a terminal the table has borders and wraps
/// to the terminal width; piped, it is bare aligned columns that `grep` and
/// `cut` handle.
pub fn table(header: &[&str], rows: &[Vec<String>], terminal: bool) -> String {
    if !terminal && rows.iter().flatten().all(|cell| !cell.contains('\n')) {
        return aligned(header, rows);
    }
    drawn(header, rows, terminal)
}

/// The table as comfy-table draws it (cells of several lines included).
fn drawn(header: &[&str], rows: &[Vec<String>], terminal: bool) -> String {
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

/// Piped, a table is its columns padded to their widest cell with a space
/// either side: what comfy-table prints without borders, written directly
/// (comfy-table took 35 ms for a report's 3,100 pairs; this takes a few).
fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    // comfy-table gives an empty column the width of one character.
    let mut widths = vec![1; columns];
    let lines: Vec<Vec<&str>> = std::iter::once(header.to_vec())
        .chain(
            rows.iter()
                .map(|row| row.iter().map(String::as_str).collect()),
        )
        .collect();
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let start = out.len();
        for (column, width) in widths.iter().enumerate() {
            let cell = line.get(column).copied().unwrap_or_default();
            out.push(' ');
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width - cell.width() + 1));
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_tables_are_laid_out_as_comfy_table_lays_them_out() {
        let words = [
            "",
            "a",
            "ana-silva",
            "Zoë",
            "日本語",
            "x y",
            "10.50",
            "—",
            "e02900--m00000",
        ];
        let header = ["pair", "mentor", "", "days since"];
        let mut state = 7u32;
        let mut next = || {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize
        };
        for rows in 0..12 {
            let table: Vec<Vec<String>> = (0..rows)
                .map(|_| {
                    // Rows as long as the header, and some shorter or longer.
                    let cells = match next() % 5 {
                        0 => next() % 6,
                        _ => header.len(),
                    };
                    (0..cells)
                        .map(|_| words[next() % words.len()].to_string())
                        .collect()
                })
                .collect();
            assert_eq!(
                aligned(&header, &table),
                drawn(&header, &table, false),
                "{table:?}"
            );
        }
    }
}

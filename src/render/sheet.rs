//! Export tables as files: RFC 4180 CSV and, with the `xlsx` feature, one
//! workbook with a sheet per table.

#[cfg(test)]
use crate::export::Columns;
use crate::export::{Cell, Sheet};
use crate::indicators::Figure;

/// Characters that start a formula in Excel, LibreOffice or Google Sheets,
/// the full-width forms some input methods type included.
const FORMULA_STARTS: [char; 8] = [
    '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// A cell a spreadsheet would run as a formula gets a leading apostrophe:
/// one that starts with a formula character, or with one after spaces or
/// control characters (spreadsheets skip them: `"\n=1+1"` runs), or with
/// a tab or a line break at all.
pub fn neutralise(cell: &str) -> String {
    if starts_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Whether a spreadsheet could read `cell` as a formula: see [`neutralise`].
fn starts_like_formula(cell: &str) -> bool {
    let leading_blank = |c: char| c.is_whitespace() || crate::text::is_control(c);
    cell.starts_with(['\t', '\r', '\n'])
        || cell
            .trim_start_matches(leading_blank)
            .starts_with(FORMULA_STARTS)
}

/// A cell as CSV text: numbers to two decimals, dates ISO, text neutralised.
fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(text),
        Cell::Integer(n) => n.to_string(),
        Cell::Number(x) => Figure::Number(*x).cell(),
        Cell::Empty => String::new(),
        Cell::Date(d) => d.to_string(),
    }
}

/// RFC 4180 CSV as Excel opens it cleanly: UTF-8 with a byte-order mark,
/// CRLF line ends, quoted where needed, formulas neutralised.
pub fn to_csv(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(sheet.header())?;
    for row in &sheet.rows {
        writer.write_record(row.iter().map(csv_cell))?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot build {}: {e}", sheet.name))
}

/// One workbook with a sheet per table: bold frozen headers, real date
/// cells and numbers. Text is written as text, never as a formula.
#[cfg(feature = "xlsx")]
pub fn to_xlsx(sheets: &[Sheet]) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let decimal_format = Format::new().set_num_format("0.00");
    // A string cell is never run as it stands, but Excel runs one that
    // starts like a formula once someone edits it: the quote prefix keeps
    // it text (as the apostrophe does in CSV), and the value unchanged.
    let quoted = Format::new().set_quote_prefix();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name.trim_end_matches(".csv"))?;
        for (c, header) in sheet.header().into_iter().enumerate() {
            ws.write_string_with_format(0, u16::try_from(c)?, header, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c)?;
                match cell {
                    Cell::Text(text) if starts_like_formula(text) => {
                        ws.write_string_with_format(r, c, text, &quoted)?;
                    }
                    Cell::Text(text) if !text.is_empty() => {
                        ws.write_string(r, c, text)?;
                    }
                    Cell::Integer(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Number(x) if x.is_finite() => {
                        ws.write_number_with_format(r, c, *x, &decimal_format)?;
                    }
                    Cell::Date(date) => {
                        ws.write_datetime_with_format(r, c, date, &date_format)?;
                    }
                    Cell::Text(_) | Cell::Number(_) | Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_left_alone() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("Finance"), "Finance");
        assert_eq!(neutralise("4.50"), "4.50");
        // Whatever a spreadsheet skips before a formula.
        for hidden in [
            "\n=1+1",
            "\r@SUM(1)",
            "\t=1",
            " =1",
            "\u{a0}+1",
            "\u{1}-1",
            "\u{ff1d}1",
        ] {
            assert_eq!(neutralise(hidden), format!("'{hidden}"), "{hidden:?}");
        }
        assert_eq!(neutralise("a\n=1"), "a\n=1");
        assert_eq!(neutralise(" Finance"), " Finance");
        assert_eq!(neutralise("\nFinance"), "'\nFinance");
    }

    #[test]
    fn csv_has_bom_crlf_and_quotes() {
        let columns = Columns::<()>::new()
            .fact("a", |_| Cell::text("x, y"))
            .fact("b", |_| Cell::text("line\nbreak"));
        let sheet = Sheet::of("t.csv", &columns, [()]);
        let bytes = to_csv(&sheet).expect("csv");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(
            String::from_utf8_lossy(&bytes[3..]),
            "a,b\r\n\"x, y\",\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn typed_cells_are_written_as_hr_reads_them() {
        let columns = Columns::<()>::new()
            .fact("id", |_| Cell::text("-007"))
            .fact("n", |_| Cell::Integer(-2))
            .fact("x", |_| Cell::Number(3.756))
            .fact("d", |_| {
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 16).expect("date"))
            })
            .fact("none", |_| Cell::Number(f64::NAN));
        let sheet = Sheet::of("t.csv", &columns, [()]);
        let bytes = to_csv(&sheet).expect("csv");
        assert_eq!(
            String::from_utf8_lossy(&bytes[3..]),
            "id,n,x,d,none\r\n'-007,-2,3.76,2026-03-16,\r\n"
        );
    }
}

//! Reading a form export as it really comes: CSV or TSV in UTF-8 (with or
//! without a byte-order mark) or UTF-16 (Excel's "Unicode text"), comma,
//! semicolon or tab separated, quoted newlines, CRLF; or an XLSX workbook.

use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, DataType, Reader, open_workbook_auto};

use crate::import::mapping::SourceSettings;

/// A sheet of text cells with its header row.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row, numbered as a spreadsheet numbers it (the header is row 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }
}

/// How to read the file, from the mapping.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub sheet: Option<String>,
    pub delimiter: Option<u8>,
    pub encoding: Option<String>,
}

impl ReadOptions {
    /// The mapping's `[source]` settings, with `sheet` (`--sheet`) before its own.
    pub fn from_settings(source: &SourceSettings, sheet: Option<&str>) -> Result<Self> {
        let delimiter = match source.delimiter.as_deref() {
            None => None,
            Some("\\t") | Some("\t") | Some("tab") => Some(b'\t'),
            Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
            Some(d) => bail!("delimiter `{d}` must be one character, or \"\\t\""),
        };
        Ok(Self {
            sheet: sheet.map(str::to_string).or(source.sheet.clone()),
            delimiter,
            encoding: source.encoding.clone(),
        })
    }
}

pub fn read(path: &Path, options: &ReadOptions) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, options),
        _ => read_delimited(&read_bounded(path)?, options),
    }
}

/// The most columns an export may have: a form has tens of questions. A
/// file of a million columns is no form export, and each column would be
/// a finding.
pub const MAX_COLUMNS: usize = 1_000;
/// The most cells (rows times columns) an export may hold: 100,000
/// responses to a form of 100 questions.
pub const MAX_CELLS: usize = 10_000_000;

/// The file's bytes, refused past the size a workbook may unpack to.
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_UNPACKED_BYTES {
        bail!(
            "{} is larger than {} MiB; it is not a form export",
            path.display(),
            MAX_UNPACKED_BYTES / (1024 * 1024)
        );
    }
    Ok(bytes)
}

/// How many columns the first record has (quoted delimiters and line
/// breaks not counted), counting no further than one past [`MAX_COLUMNS`].
fn header_columns(text: &str, delimiter: u8) -> usize {
    let mut columns = 1;
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b if b == delimiter && !quoted => {
                columns += 1;
                if columns > MAX_COLUMNS {
                    break;
                }
            }
            _ => {}
        }
    }
    columns
}

/// Refuse a table wider than [`MAX_COLUMNS`] or larger than [`MAX_CELLS`],
/// before its cells are checked one by one.
fn check_size(columns: usize, cells: usize) -> Result<()> {
    if columns > MAX_COLUMNS {
        bail!(
            "the export has more than {MAX_COLUMNS} columns; mentor reads at most {MAX_COLUMNS} (a form export has tens): check that this is the right file, or remove the columns you do not need"
        );
    }
    if cells > MAX_CELLS {
        bail!(
            "the export has more than {MAX_CELLS} cells; mentor reads at most that many (100,000 responses to 100 questions): split the file"
        );
    }
    Ok(())
}

/// An encoding by the name a person or a tool gives it. Windows calls its
/// Western code page "ANSI"; everything else is a WHATWG label.
fn encoding_named(label: &str) -> Result<&'static encoding_rs::Encoding> {
    let label = match label.trim().to_ascii_lowercase().as_str() {
        "ansi" | "cp1252" | "windows1252" => "windows-1252".to_string(),
        other => other.to_string(),
    };
    encoding_rs::Encoding::for_label(label.as_bytes()).with_context(|| {
        format!(
            "unknown encoding `{label}`; use one such as \"utf-8\", \"utf-16le\", \"windows-1252\" (Windows' \"ANSI\"), \"iso-8859-1\", \"iso-8859-15\", \"macintosh\", \"shift_jis\" or \"gbk\""
        )
    })
}

/// Decode the bytes to text: a BOM decides; else the mapping's encoding; else UTF-8.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = encoding.decode(&bytes[bom..]);
        if bad {
            bail!("the file is not valid {}", encoding.name());
        }
        return Ok(text.into_owned());
    }
    let encoding = match encoding {
        Some(label) => encoding_named(label)?,
        None => encoding_rs::UTF_8,
    };
    let (text, bad) = encoding.decode_without_bom_handling(bytes);
    if bad {
        bail!(
            "the file is not valid {}; set `encoding` under [source] in the mapping",
            encoding.name()
        );
    }
    Ok(text.into_owned())
}

/// The separator the header line uses most: comma, semicolon or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| header.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

pub fn read_delimited(bytes: &[u8], options: &ReadOptions) -> Result<Table> {
    let text = decode(bytes, options.encoding.as_deref())?;
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    // Counted before the header is parsed: parsing a header of a million
    // columns takes many times the file's size in memory.
    check_size(header_columns(&text, delimiter), 0)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(header) => header.context("cannot read the header row")?,
        None => bail!("the file is empty: no header row"),
    };
    check_size(header.len(), header.len())?;
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut cells_read = headers.len();
    let mut rows = Vec::new();
    for record in records {
        let record = record.context("cannot read a row")?;
        cells_read += record.len();
        check_size(record.len(), cells_read)?;
        let number = record
            .position()
            .map_or(rows.len() + 2, |p| p.record() as usize + 1);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row { number, cells });
    }
    Ok(Table { headers, rows })
}

/// The most a workbook may unpack to: a form export of 100,000 rows is
/// tens of megabytes; a "zip bomb" of a few kilobytes that unpacks to
/// gigabytes is refused before it is opened.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// No honest sheet compresses better than this.
const MAX_RATIO: u64 = 200;

/// Check what a zip-based workbook (XLSX, ODS) says it unpacks to.
fn refuse_zip_bomb(path: &Path) -> Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        // Not a zip (an old .xls): calamine says what is wrong with it.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .with_context(|| format!("{} is a damaged workbook", path.display()))?;
        let (packed, unpacked) = (entry.compressed_size(), entry.size());
        total = total.saturating_add(unpacked);
        if total > MAX_UNPACKED_BYTES || unpacked > packed.saturating_mul(MAX_RATIO).max(1 << 20) {
            bail!(
                "{} unpacks to more than {} MiB (or compresses implausibly well); it is not a form export. Export the sheet as CSV instead",
                path.display(),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            );
        }
    }
    Ok(())
}

fn read_workbook(path: &Path, options: &ReadOptions) -> Result<Table> {
    refuse_zip_bomb(path)?;
    let mut workbook = open_workbook_auto(path)
        .with_context(|| format!("cannot open workbook {}", path.display()))?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(name) => names
            .iter()
            .find(|n| *n == name)
            .cloned()
            .with_context(|| {
                format!(
                    "no sheet `{name}` in {}; it has: {}",
                    path.display(),
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .with_context(|| format!("{} has no sheets", path.display()))?,
    };
    let range = workbook
        .worksheet_range(&sheet)
        .with_context(|| format!("cannot read sheet `{sheet}`"))?;
    let (height, width) = range.get_size();
    check_size(width, height.saturating_mul(width))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows_iter = range.rows();
    let headers: Vec<String> = rows_iter
        .next()
        .map(|r| r.iter().map(|c| cell_text(c).trim().to_string()).collect())
        .unwrap_or_default();
    if headers.is_empty() {
        bail!("sheet `{sheet}` is empty: no header row");
    }
    let mut rows = Vec::new();
    for (i, row) in rows_iter.enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            number: first_row + i + 2,
            cells,
        });
    }
    Ok(Table { headers, rows })
}

/// A cell as text; real date cells become ISO dates.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::DateTime(_) | Data::DateTimeIso(_) => cell
            .as_date()
            .map_or_else(|| cell.to_string(), |d| d.to_string()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_semicolons_crlf_and_quoted_newlines() {
        let bytes =
            "\u{feff}Name;Notes\r\nAna Silva;\"two\r\nlines; here\"\r\n\r\nBen;x\r\n".as_bytes();
        let table = read_delimited(bytes, &ReadOptions::default()).expect("table");
        assert_eq!(table.headers, ["Name", "Notes"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, ["Ana Silva", "two\r\nlines; here"]);
        assert_eq!(table.rows[0].number, 2);
        assert_eq!(
            table.rows[1].number, 3,
            "rows are numbered by record, as a spreadsheet shows them: a quoted newline stays in its row"
        );
    }

    #[test]
    fn tables_past_the_column_limit_are_refused_before_they_are_parsed() {
        assert_eq!(header_columns("a,\"b,c\",d\ne,f,g,h,i\n", b','), 3);
        assert_eq!(header_columns("\"a\nb\";c\n", b';'), 2);
        let wide = format!("{}\n", vec!["x"; 100_000].join(","));
        assert_eq!(header_columns(&wide, b','), MAX_COLUMNS + 1);
        let Err(error) = read_delimited(wide.as_bytes(), &ReadOptions::default()) else {
            panic!("a table of 100,000 columns is refused");
        };
        assert!(error.to_string().contains("at most 1000"), "{error}");
        let fits = format!(
            "{}\n{}\n",
            vec!["x"; MAX_COLUMNS].join(","),
            vec!["1"; MAX_COLUMNS].join(",")
        );
        assert!(read_delimited(fits.as_bytes(), &ReadOptions::default()).is_ok());
    }

    #[test]
    fn reads_utf16_tab_separated_excel_unicode_text() {
        let text = "Name\tEmail\r\nLucía\tl@x.org\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let table = read_delimited(&bytes, &ReadOptions::default()).expect("table");
        assert_eq!(table.headers, ["Name", "Email"]);
        assert_eq!(table.rows[0].cells, ["Lucía", "l@x.org"]);
    }

    #[test]
    fn rejects_bytes_that_are_not_the_encoding() {
        assert!(
            read_delimited(
                &[b'a', b'\n', 0xFF, 0xFE, 0x00, b'\n'],
                &ReadOptions {
                    encoding: Some("utf-8".into()),
                    ..Default::default()
                }
            )
            .is_err()
        );
        let latin1 = read_delimited(
            b"Name\nJos\xe9\n",
            &ReadOptions {
                encoding: Some("windows-1252".into()),
                ..Default::default()
            },
        )
        .expect("latin-1");
        assert_eq!(latin1.rows[0].cells, ["José"]);
    }
}

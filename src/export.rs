//! HR's CSV files: aggregates and per-record figures, never free text from
//! meeting logs (no topics, actions or private notes) and never feedback
//! comments.

use std::fmt::Write as _;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::indicators::{Figure, Figures};
use crate::model::PairStatus;
use crate::workspace::Workspace;

/// One CSV file: its name, header and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// How identities appear in the export.
pub enum Identities {
    /// Ids, names and emails as in the files.
    Plain,
    /// Stable keyed pseudonyms in place of ids, names and emails.
    Pseudonymous(Pseudonymiser),
}

/// HMAC-SHA256 of an id under the programme's secret key: the same id always
/// gets the same pseudonym, and without the key it cannot be reversed by
/// guessing ids from staff names.
pub struct Pseudonymiser {
    key: Vec<u8>,
}

impl Pseudonymiser {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    fn hmac(&self, message: &[u8]) -> Vec<u8> {
        // HMAC accepts a key of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return Vec::new();
        };
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }

    /// `prefix-` and 12 hex digits (48 bits: collisions are negligible for
    /// programmes of any real size).
    pub fn pseudonym(&self, prefix: &str, id: &str) -> String {
        let mac = self.hmac(format!("{prefix}:{id}").as_bytes());
        let mut out = format!("{prefix}-");
        for byte in &mac[..6] {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }
}

impl Identities {
    fn person(&self, id: &str) -> String {
        match self {
            Identities::Plain => id.to_string(),
            Identities::Pseudonymous(p) => p.pseudonym("person", id),
        }
    }

    fn pair(&self, id: &str) -> String {
        match self {
            Identities::Plain => id.to_string(),
            Identities::Pseudonymous(p) => p.pseudonym("pair", id),
        }
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn decimal(value: f64) -> String {
    Figure::Number(value).cell()
}

/// The four sheets HR receives.
pub fn sheets(ws: &Workspace, figures: &Figures, identities: &Identities) -> Vec<Sheet> {
    let period = figures.period;
    let indicators = Sheet {
        name: "indicators.csv",
        header: vec![
            "indicator",
            "value",
            "unit",
            "period_start",
            "period_end",
            "definition",
        ],
        rows: figures
            .indicators
            .iter()
            .map(|i| {
                vec![
                    i.id.to_string(),
                    i.value.cell(),
                    i.unit.to_string(),
                    period.from.to_string(),
                    period.to.to_string(),
                    i.definition.to_string(),
                ]
            })
            .collect(),
    };

    let department = |id: &str| {
        ws.person(id)
            .and_then(|p| p.person.department.clone())
            .unwrap_or_default()
    };
    let pairs = Sheet {
        name: "pairs.csv",
        header: vec![
            "pair",
            "mentor",
            "mentee",
            "mentor_department",
            "mentee_department",
            "status",
            "proposed_on",
            "started",
            "ends",
            "closed_on",
            "closure_reason",
            "premature",
            "meetings",
            "hours",
            "goals_set",
            "goals_achieved",
            "plan_designed",
            "average_satisfaction",
            "cross_department",
            "days_to_match",
            "last_meeting",
            "stalled",
        ],
        rows: figures
            .pairs
            .iter()
            .map(|p| {
                let pair = &p.entry.pair;
                let closure = pair.closure.as_ref();
                vec![
                    identities.pair(&p.entry.id),
                    identities.person(&pair.mentor),
                    identities.person(&pair.mentee),
                    department(&pair.mentor),
                    department(&pair.mentee),
                    pair.status.to_string(),
                    opt(pair.proposed_on),
                    opt(pair.started),
                    opt(pair.ends),
                    opt(closure.map(|c| c.date)),
                    opt(closure.map(|c| c.reason)),
                    closure.map_or_else(String::new, |c| yes_no(c.reason.is_premature())),
                    p.meetings.to_string(),
                    decimal(p.hours()),
                    p.goals_set.to_string(),
                    p.goals_achieved.to_string(),
                    yes_no(p.plan_designed),
                    p.average_satisfaction().map_or_else(String::new, decimal),
                    p.cross_department.map_or_else(String::new, yes_no),
                    opt(p.days_to_match),
                    opt(p.progress.last_meeting),
                    yes_no(p.progress.is_stalled()),
                ]
            })
            .collect(),
    };

    let participants = Sheet {
        name: "participants.csv",
        header: vec![
            "person",
            "name",
            "email",
            "role",
            "department",
            "organisation",
            "group",
            "status",
            "paired",
            "applied_on",
            "trained_on",
        ],
        rows: ws
            .people
            .iter()
            .enumerate()
            .map(|(index, e)| {
                let p = &e.person;
                let paired = ws
                    .pairs_as_mentee(index)
                    .iter()
                    .chain(ws.pairs_as_mentor(index))
                    .any(|&i| {
                        matches!(
                            ws.pairs[i].pair.status,
                            PairStatus::Active | PairStatus::Closed
                        )
                    });
                let (name, email) = match identities {
                    Identities::Plain => (p.name.clone(), p.email.clone().unwrap_or_default()),
                    Identities::Pseudonymous(_) => (identities.person(&e.id), String::new()),
                };
                vec![
                    identities.person(&e.id),
                    name,
                    email,
                    p.role.to_string(),
                    p.department.clone().unwrap_or_default(),
                    p.organisation.clone().unwrap_or_default(),
                    p.group.clone().unwrap_or_default(),
                    p.status().to_string(),
                    yes_no(paired),
                    opt(p.applied_on),
                    opt(p.trained_on),
                ]
            })
            .collect(),
    };

    let meetings = Sheet {
        name: "meetings.csv",
        header: vec!["pair", "date", "minutes", "mode"],
        rows: ws
            .pairs
            .iter()
            .flat_map(|e| {
                e.meetings
                    .iter()
                    .filter(|m| period.contains(m.date))
                    .map(|m| {
                        vec![
                            identities.pair(&e.id),
                            m.date.to_string(),
                            opt(m.minutes),
                            opt(m.mode),
                        ]
                    })
            })
            .collect(),
    };
    vec![indicators, pairs, participants, meetings]
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// RFC 4180 CSV as Excel opens it cleanly: UTF-8 with a byte-order mark,
/// CRLF line ends, quoted where needed, formulas neutralised.
pub fn to_csv(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&sheet.header)?;
    for row in &sheet.rows {
        writer.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot build {}: {e}", sheet.name))
}

/// How a column is typed in a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Number,
    Date,
}

/// Column types by header: ids and names stay text even when they look
/// numeric (an id `007` must not become 7).
pub fn column_kind(header: &str) -> ColumnKind {
    const DATES: [&str; 11] = [
        "date",
        "proposed_on",
        "started",
        "ends",
        "closed_on",
        "last_meeting",
        "applied_on",
        "trained_on",
        "period_start",
        "period_end",
        "achieved_on",
    ];
    const NUMBERS: [&str; 9] = [
        "value",
        "meetings",
        "hours",
        "goals_set",
        "goals_achieved",
        "average_satisfaction",
        "days_to_match",
        "minutes",
        "score",
    ];
    if DATES.contains(&header) {
        ColumnKind::Date
    } else if NUMBERS.contains(&header) {
        ColumnKind::Number
    } else {
        ColumnKind::Text
    }
}

/// One workbook with a sheet per table: bold frozen headers, real date
/// cells and numbers. Text is written as text, never as a formula.
#[cfg(feature = "xlsx")]
pub fn to_xlsx(sheets: &[Sheet]) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name.trim_end_matches(".csv"))?;
        for (c, header) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, u16::try_from(c)?, *header, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)?;
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let kind = sheet
                    .header
                    .get(c)
                    .map_or(ColumnKind::Text, |h| column_kind(h));
                let c = u16::try_from(c)?;
                match (kind, crate::decode::parse_date(cell), cell.parse::<f64>()) {
                    (ColumnKind::Date, Ok(date), _) => {
                        ws.write_datetime_with_format(r, c, date, &date_format)?;
                    }
                    (ColumnKind::Number, _, Ok(n)) => {
                        ws.write_number(r, c, n)?;
                    }
                    _ => {
                        ws.write_string(r, c, cell)?;
                    }
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
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2.
        let mac = Pseudonymiser::new(b"Jefe").hmac(b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_distinct() {
        let a = Pseudonymiser::new(b"key one");
        let b = Pseudonymiser::new(b"key two");
        assert_eq!(
            a.pseudonym("person", "ana-silva"),
            a.pseudonym("person", "ana-silva")
        );
        assert_ne!(
            a.pseudonym("person", "ana-silva"),
            b.pseudonym("person", "ana-silva")
        );
        assert_ne!(
            a.pseudonym("person", "ana-silva"),
            a.pseudonym("person", "ben-jones")
        );
        assert_eq!(
            a.pseudonym("person", "ana-silva").len(),
            "person-".len() + 12
        );
    }

    #[test]
    fn formula_cells_are_neutralised_and_others_left_alone() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("Finance"), "Finance");
        assert_eq!(neutralise("4.50"), "4.50");
    }

    #[test]
    fn csv_has_bom_crlf_and_quotes() {
        let sheet = Sheet {
            name: "t.csv",
            header: vec!["a", "b"],
            rows: vec![vec!["x, y".into(), "line\nbreak".into()]],
        };
        let bytes = to_csv(&sheet).expect("csv");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(
            String::from_utf8_lossy(&bytes[3..]),
            "a,b\r\n\"x, y\",\"line\nbreak\"\r\n"
        );
    }
}

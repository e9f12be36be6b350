//! Dates and times as form exports write them: ISO, the mapping's
//! `date_format`, or a year-first timestamp with a time zone.

use chrono::{NaiveDate, NaiveDateTime};

use crate::date::parse_date;

/// Formats of timestamps that form tools write and that are not ambiguous
/// (year first): Google Forms' `2026/01/12 10:03:55 AM GMT+1` among them.
const TIMESTAMP_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
];

/// A date or date-time as an export writes it: ISO, the mapping's format
/// (a date or a date-time format), or a year-first timestamp; a trailing
/// time zone (`GMT+1`, `UTC`, `+01:00`) is dropped.
pub fn parse_timestamp(text: &str, format: Option<&str>) -> Option<NaiveDateTime> {
    let text = strip_zone(text.trim());
    let at_midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0);
    let first = text.split([' ', 'T']).next().unwrap_or("");
    if let Ok(date) = parse_date(text).or_else(|_| parse_date(first)) {
        return at_midnight(date);
    }
    if let Some(format) = format {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return Some(moment);
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return at_midnight(date);
        }
        // A date format on a cell that also carries a time: the date part.
        if let Some(date) = text
            .split_once(' ')
            .and_then(|(day, _)| NaiveDate::parse_from_str(day, format).ok())
        {
            return at_midnight(date);
        }
    }
    TIMESTAMP_FORMATS.iter().find_map(|f| {
        NaiveDateTime::parse_from_str(text, f).ok().or_else(|| {
            NaiveDate::parse_from_str(text, f)
                .ok()
                .and_then(at_midnight)
        })
    })
}

fn strip_zone(text: &str) -> &str {
    let Some((head, last)) = text.rsplit_once(' ') else {
        return text;
    };
    let zone = last.starts_with("GMT")
        || last.starts_with("UTC")
        || last == "Z"
        || ((last.starts_with('+') || last.starts_with('-'))
            && last[1..].chars().all(|c| c.is_ascii_digit() || c == ':'));
    if zone { head } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_as_forms_write_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let date = |t: &str, f: Option<&str>| parse_timestamp(t, f).map(|m| m.date());
        assert_eq!(date("2026-01-12", None), Some(day(2026, 1, 12)));
        assert_eq!(date("2026/03/06 10:00", None), Some(day(2026, 3, 6)));
        assert_eq!(
            date("2026/01/12 10:03:55 AM GMT+1", None),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("2026/01/12 3:03:55 PM GMT-5", None),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("12/01/2026 10:03:55", Some("%d/%m/%Y %H:%M:%S")),
            Some(day(2026, 1, 12))
        );
        assert_eq!(
            date("12/01/2026 10:03", Some("%d/%m/%Y")),
            Some(day(2026, 1, 12))
        );
        assert_eq!(date("12/01/2026", Some("%d/%m/%Y")), Some(day(2026, 1, 12)));
        assert_eq!(
            date("12/01/2026", None),
            None,
            "day or month first is not guessed"
        );
        assert!(
            parse_timestamp("2026/01/12 10:03:55 AM", None)
                < parse_timestamp("2026/01/12 3:00:00 PM", None)
        );
    }
}

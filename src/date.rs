//! Dates as programme files write them: ISO `YYYY-MM-DD`, read digit by
//! digit. A leaf: the node readers (which tell a date from text) and the
//! decoder (which reads one into a record) both ask here.

use chrono::NaiveDate;

/// Parse an ISO `YYYY-MM-DD` date, explaining what is wrong when it is not one.
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err("is not in YYYY-MM-DD form");
    }
    // Shaped, so every part is digits: read them directly rather than through
    // a format string (hundreds of thousands of dates in a large programme).
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    let year = i32::try_from(number(&bytes[..4])).map_err(|_| "does not exist")?;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7]), number(&bytes[8..])).ok_or("does not exist")
}

/// A date as a letter writes it: "3 March 2026" (programme files keep ISO
/// dates; a person reads this one).
pub fn written_out(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_for_people() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 3).expect("a date");
        assert_eq!(written_out(day), "3 March 2026");
    }

    #[test]
    fn dates_must_be_iso_and_exist() {
        assert!(parse_date("2025-02-28").is_ok());
        assert_eq!(parse_date("2025-02-30"), Err("does not exist"));
        assert_eq!(parse_date("28/02/2025"), Err("is not in YYYY-MM-DD form"));
        assert_eq!(parse_date("2025-2-28"), Err("is not in YYYY-MM-DD form"));
        // Read digit by digit, the same dates as chrono's own parser.
        for year in [0, 1, 1900, 2000, 2024, 2025, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(
                        parse_date(&text).ok(),
                        NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(),
                        "{text}"
                    );
                }
            }
        }
    }
}

//! The only code that formats output for people and machines. Machine
//! output is always a derived `Serialize` struct: the fields a document
//! carries are listed in one place, which matters for what it must not carry.

pub mod choice;
pub mod diagnostics;
pub mod diff;
pub mod disclosure;
pub mod groups;
pub mod history;
pub mod html;
pub mod matching;
pub mod notes;
pub mod recognition;
pub mod report;
pub mod sheet;
pub mod shortlist;
pub mod supply;
pub mod survey;
mod survey_html;
pub mod table;

/// Pretty JSON with a final newline.
pub fn to_json(value: &impl serde::Serialize) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
}
pub mod shown;

use std::fmt::Write;

use chrono::NaiveDate;

use crate::indicators::{Figure, Indicator};

fn count_of(indicators: &[Indicator], id: &str) -> u64 {
    match indicators.iter().find(|i| i.id == id).map(|i| i.value) {
        Some(Figure::Count(n)) => n,
        _ => 0,
    }
}

/// Why a figure says little, when it does: `from 3 case(s): too few to
/// judge`. Every report writes it beside a rate or average from fewer than
/// [`crate::indicators::SMALL_SAMPLE`] cases.
pub fn sample_note(indicator: &Indicator) -> Option<String> {
    (indicator.small_sample && indicator.value != Figure::Missing).then(|| {
        format!(
            "from {}: too few to judge",
            crate::text::count(indicator.cases.unwrap_or(0), "case")
        )
    })
}

/// Goals as counts, never a bare rate: dropped goals leave the rate's
/// numerator and denominator alike, so 15 achieved and 3 dropped would read
/// 100%. `15 of 18 goals achieved (3 dropped)`.
pub fn goals_headline(indicators: &[Indicator]) -> String {
    let achieved = count_of(indicators, "goals_achieved_by_end");
    let due = count_of(indicators, "goals_due");
    let dropped = count_of(indicators, "goals_dropped");
    let set = count_of(indicators, "goals_set");
    let open = set.saturating_sub(due + dropped);
    let mut line = format!(
        "{achieved} of {} achieved ({dropped} dropped)",
        crate::text::count(due + dropped, "goal")
    );
    if open > 0 {
        let _ = write!(line, "; {open} more not yet due");
    }
    line
}

/// The median wait for a match with the pairs it is taken over, and those
/// it leaves out because they were matched before the period began.
pub fn matching_headline(indicators: &[Indicator]) -> String {
    let Some(median) = indicators.iter().find(|i| i.id == "median_days_to_match") else {
        return String::new();
    };
    let before = count_of(indicators, "pairs_matched_before_period");
    let left_out = if before > 0 {
        format!(
            " ({} matched before the period left out)",
            crate::text::count(before, "pair")
        )
    } else {
        String::new()
    };
    match median.value {
        Figure::Number(days) if days.is_finite() => format!(
            "median {days} days from application to match, over {}{left_out}",
            crate::text::count(median.cases.unwrap_or(0), "mentee")
        ),
        _ => format!("no pair matched in the period{left_out}"),
    }
}

/// A number as people read it: whole numbers bare, others to one place,
/// and never "-0".
pub fn plain_number(x: f64) -> String {
    // -0.0 == 0.0, so this also turns a negative zero into a plain one.
    let x = if x == 0.0 { 0.0 } else { x };
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A `YYYY-MM` month as people read it: `Dec 2025` (`25-12` reads as a
/// day and a month to most).
pub fn month_name(label: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let Some((year, month)) = label.split_once('-') else {
        return label.to_string();
    };
    match month
        .parse::<usize>()
        .ok()
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
    {
        Some(name) => format!("{name} {year}"),
        None => label.to_string(),
    }
}

/// What happened over a programme that has ended, in a sentence written
/// from its figures: `13 pairs ran between December 2025 and November 2026:
/// 4 formed in that time; 10 completed, 2 closed early for reasons outside
/// the pair's control and 1 closed early unsuccessfully; 12 mentees were
/// mentored over 120 meetings (150.5 hours); 15 of 18 goals achieved (3
/// dropped).`
pub fn period_summary(indicators: &[Indicator], from: NaiveDate, to: NaiveDate) -> String {
    let count = |id: &str| count_of(indicators, id);
    let hours = match indicators
        .iter()
        .find(|i| i.id == "mentoring_hours")
        .map(|i| i.value)
    {
        Some(Figure::Number(h)) => h,
        _ => 0.0,
    };
    format!(
        "{} pairs ran between {} and {}: {} formed in that time; {} completed, {} closed early for reasons outside the pair's control and {} closed early unsuccessfully; {} mentees were mentored over {} meetings ({} hours); {}.",
        count("pairs_active"),
        from.format("%B %Y"),
        to.format("%B %Y"),
        count("pairs_started"),
        count("pairs_completed"),
        count("no_fault_closures"),
        count("unsuccessful_closures"),
        count("mentees_assisted"),
        count("meetings_held"),
        plain_number(hours),
        goals_headline(indicators)
    )
}

/// A breakdown as a table every format draws: its title, its header, a
/// row per group and the programme's total, and the note under it (what
/// "withheld" means, or why there is no table).
pub struct BreakdownTable {
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

pub fn breakdown_table(b: &crate::report::breakdown::Breakdown) -> BreakdownTable {
    use crate::report::breakdown::COLUMNS;
    let title = format!("By {}", b.dimension);
    let header = std::iter::once(b.dimension)
        .chain(COLUMNS.iter().map(|c| c.heading))
        .collect();
    if b.sealed {
        return BreakdownTable {
            title,
            header,
            rows: Vec::new(),
            note: format!(
                "Not shown: the programme keeps each person's {} confidential.",
                b.dimension
            ),
        };
    }
    let mut rows: Vec<Vec<String>> = b
        .rows
        .iter()
        .map(|row| {
            std::iter::once(row.group.clone())
                .chain(row.cells.iter().map(|c| c.words()))
                .collect()
        })
        .collect();
    rows.push(
        std::iter::once("all".to_string())
            .chain(b.total.iter().map(u64::to_string))
            .collect(),
    );
    BreakdownTable {
        title,
        header,
        rows,
        note: format!(
            "Pairs are counted in their mentee's {}. A count under {k} is withheld, and so is a second one beside it, so that neither can be worked out from the totals.",
            b.dimension,
            k = b.min_group
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_negative_zero_and_months_by_name() {
        assert_eq!(plain_number(-0.0), "0");
        // What a month without meetings summed to: an empty float sum.
        let nothing: f64 = std::iter::empty::<f64>().sum();
        assert_eq!(plain_number(nothing / 60.0), "0");
        assert_eq!(plain_number(2.25), "2.2");
        assert_eq!(plain_number(4.0), "4");
        assert_eq!(month_name("2025-12"), "Dec 2025");
        assert_eq!(month_name("2026-01"), "Jan 2026");
        assert_eq!(month_name("2026-13"), "2026-13");
        assert_eq!(month_name("odd"), "odd");
    }
}

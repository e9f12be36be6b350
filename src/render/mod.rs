//! The only code that formats output for people and machines. Machine
//! output is always a derived `Serialize` struct: the fields a document
//! carries are listed in one place, which matters for what it must not carry.

pub mod diagnostics;
pub mod diff;
pub mod history;
pub mod html;
pub mod matching;
pub mod notes;
pub mod report;
pub mod sheet;
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
            "from {} case(s): too few to judge",
            indicator.cases.unwrap_or(0)
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
        "{achieved} of {} goals achieved ({dropped} dropped)",
        due + dropped
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
        format!(" ({before} pair(s) matched before the period left out)")
    } else {
        String::new()
    };
    match median.value {
        Figure::Number(days) if days.is_finite() => format!(
            "median {days} days from application to match, over {} pair(s){left_out}",
            median.cases.unwrap_or(0)
        ),
        _ => format!("no pair matched in the period{left_out}"),
    }
}

//! `about.csv`: what an export is, how it was made, whether it is partial,
//! which of its tables name people, and what each of their columns holds.

use super::breakdown::{BREAKDOWNS, SUMMARIES};
use super::sheets::{INDICATORS, MEETINGS, PAIRS, PARTICIPANTS, SKILLS, SKILLS_LEVELS, Table};
use super::surveys::{SURVEY_RATES, SURVEY_RESULTS};
use super::table::{Cell, Columns, Sheet};
use crate::decode::Field;

/// What an export is: the `about` table every export carries (and the
/// workbook's first-glance sheet).
pub struct About<'a> {
    pub programme: &'a str,
    pub organisation: Option<&'a str>,
    pub period: crate::indicators::Period,
    /// When the files were made, as the machine's clock said.
    pub generated_at: &'a str,
    pub anonymized: bool,
    /// Ratings sealed and not opened: satisfaction figures are empty.
    pub sealed_ratings: usize,
    /// Errors in the files (`--allow-errors`): what failed to load is left out.
    pub errors: usize,
    /// Person fields the programme seals, left out of every sheet.
    pub left_out: &'a [Field],
}

/// The tables `about.csv` describes, in the order it lists them.
const DESCRIBED: [Table; 10] = [
    INDICATORS,
    SKILLS,
    SURVEY_RESULTS,
    SURVEY_RATES,
    BREAKDOWNS,
    SUMMARIES,
    SKILLS_LEVELS,
    PAIRS,
    PARTICIPANTS,
    MEETINGS,
];

/// The `about.csv` table: what the export covers, how it was made, whether
/// it is partial, and which of its files identify people.
pub fn about(about: &About) -> Sheet {
    let columns = Columns::<(String, String)>::new()
        .fact("field", |(field, _)| Cell::text(field))
        .fact("value", |(_, value)| Cell::text(value));
    let row = |field: &str, value: String| (field.to_string(), value);
    let identifying = if about.anonymized {
        "people appear under pseudonyms; values that would single anyone out are coarsened or left out (see disclosure.csv)"
    } else {
        "identifies people by id, name and email: share only with those entitled to see it"
    };
    let rows = [
        row("programme", about.programme.to_string()),
        row(
            "organisation",
            about.organisation.unwrap_or_default().to_string(),
        ),
        row("period_start", about.period.from.to_string()),
        row("period_end", about.period.to.to_string()),
        row("as_of", about.period.as_of.to_string()),
        row("generated_at", about.generated_at.to_string()),
        row("tool", format!("mentor {}", env!("CARGO_PKG_VERSION"))),
        row(
            "anonymized",
            if about.anonymized { "yes" } else { "no" }.to_string(),
        ),
        row("partial", partial(about)),
    ]
    .into_iter()
    .chain(DESCRIBED.iter().map(|table| {
        // A table that names people says so, and how they appear.
        let names_people = (table.headings)().iter().any(|h| h.role.names_a_record());
        match names_people {
            true => row(table.name, format!("{}; {identifying}", table.about)),
            false => row(table.name, table.about.to_string()),
        }
    }))
    // The glossary: what every column of every table holds, from the
    // columns' own declarations.
    .chain(DESCRIBED.iter().flat_map(|table| {
        (table.headings)()
            .into_iter()
            .map(|h| row(&format!("{} {}", table.name, h.name), h.meaning.to_string()))
            .collect::<Vec<_>>()
    }))
    .chain(about.left_out.iter().map(|field| {
        row(
            field.name(),
            "left out, sealed in this programme".to_string(),
        )
    }));
    Sheet::of("about.csv", &columns, rows)
}

/// `no`, or `yes:` and why the figures leave something out.
fn partial(about: &About) -> String {
    let mut why = Vec::new();
    if about.errors > 0 {
        why.push(format!(
            "{} in the files: records that failed to load are left out (`mentor validate` lists them)",
            crate::text::count(about.errors, "error")
        ));
    }
    if about.sealed_ratings > 0 {
        why.push(format!(
            "{} not opened, so satisfaction figures are empty (export with the coordinator's --identity)",
            crate::text::count(about.sealed_ratings, "sealed rating was|sealed ratings were")
        ));
    }
    if why.is_empty() {
        "no".to_string()
    } else {
        format!("yes: {}", why.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_table_has_a_plain_meaning_in_the_glossary() {
        let day = crate::decode::parse_date("2026-03-16").unwrap();
        let sheet = about(&About {
            programme: "P",
            organisation: None,
            period: crate::indicators::Period {
                from: day,
                to: day,
                as_of: day,
            },
            generated_at: "now",
            anonymized: false,
            sealed_ratings: 0,
            errors: 0,
            left_out: &[],
        });
        let glossary = |key: &str| {
            sheet.rows.iter().find_map(|row| match (&row[0], &row[1]) {
                (Cell::Text(field), Cell::Text(value)) if field == key => Some(value.clone()),
                _ => None,
            })
        };
        for table in DESCRIBED {
            for heading in (table.headings)() {
                let key = format!("{} {}", table.name, heading.name);
                let meaning = glossary(&key).unwrap_or_else(|| panic!("no row for {key}"));
                assert!(
                    meaning.ends_with('.')
                        && meaning.chars().next().is_some_and(char::is_uppercase),
                    "{key}: `{meaning}` is not a sentence"
                );
                assert!(
                    !meaning.contains(".toml") && !meaning.contains(".yaml"),
                    "{key}"
                );
            }
        }
    }
}

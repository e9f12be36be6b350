//! `mentor recognise`: a mentor's statement of contribution as one
//! self-contained HTML page (inline CSS; no script, font, image or request)
//! that prints on one A4 page, signed off by the coordinator. It shows only
//! what [`crate::recognition`] put in the statement: no mentee is named
//! who did not agree to it.

use std::fmt::Write;

use crate::recognition::Statement;
use crate::text::html as escape;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.45}\
h1{font-size:1.5rem;margin:0 0 .2rem}.sub{color:#555;margin:0 0 1.2rem}\
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem;min-width:7.5rem}.card b{display:block;font-size:1.4rem}\
h2{font-size:1.05rem;border-bottom:1px solid #ccc;padding-bottom:.15rem;margin:1.2rem 0 .4rem}table{border-collapse:collapse;width:100%}\
td,th{border-bottom:1px solid #ddd;padding:.2rem .4rem;text-align:left}.note{color:#555;font-size:.9rem}\
.sign{margin-top:2.5rem;display:flex;justify-content:space-between;gap:2rem}.sign div{border-top:1px solid #1a1a1a;padding-top:.3rem;min-width:14rem}\
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none;font-size:10pt;line-height:1.3}.cards{margin:.6rem 0}h2{margin:.8rem 0 .3rem}td,th{padding:.1rem .4rem}.sign{margin-top:1.6rem}}";

fn long(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// To two decimals at most, trailing zeros left off: 6.25, 9.5, 11.
fn number(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The most pairs and training sessions listed one by one: the page must
/// print on one A4 sheet, so the rest are summed up in a line (the totals
/// above count them all).
const PAIR_ROWS: usize = 16;
const TRAINING_ROWS: usize = 6;

/// The pairs, one row each up to [`PAIR_ROWS`], the rest in one row.
fn pairs_table(s: &Statement, out: &mut String) {
    if s.pairs.is_empty() {
        return;
    }
    out.push_str("<h2>Pairs</h2><table><thead><tr><th>mentee</th><th>from</th><th>to</th><th>meetings</th><th>hours</th></tr></thead><tbody>");
    for (n, pair) in s.pairs.iter().enumerate().take(PAIR_ROWS) {
        let mentee = pair
            .mentee
            .as_deref()
            .map_or_else(|| format!("Mentee {}", n + 1), |m| escape(m).into_owned());
        let to = if pair.running {
            format!("{} (continuing)", long(pair.to))
        } else {
            long(pair.to)
        };
        let _ = write!(
            out,
            "<tr><td>{mentee}</td><td>{}</td><td>{to}</td><td>{}</td><td>{}</td></tr>",
            long(pair.from),
            pair.meetings,
            number(pair.minutes as f64 / 60.0)
        );
    }
    let rest = s.pairs.get(PAIR_ROWS..).unwrap_or_default();
    if !rest.is_empty() {
        let meetings: usize = rest.iter().map(|p| p.meetings).sum();
        let minutes: u64 = rest.iter().map(|p| p.minutes).sum();
        let _ = write!(
            out,
            "<tr><td colspan=\"3\">and {} more pairs</td><td>{meetings}</td><td>{}</td></tr>",
            rest.len(),
            number(minutes as f64 / 60.0)
        );
    }
    out.push_str(
        "</tbody></table><p class=\"note\">Mentees are named only where they agreed to it.</p>",
    );
}

/// The statement as a page; `issued` is the day it is signed off.
pub fn page(statement: &Statement, issued: chrono::NaiveDate) -> String {
    let s = statement;
    let mut out = String::new();
    let programme = match &s.organisation {
        Some(org) => format!("{}, {}", escape(&s.programme), escape(org)),
        None => escape(&s.programme).into_owned(),
    };
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Statement of contribution: {name}</title><style>{STYLE}</style></head><body>\
<h1>Statement of contribution</h1><p class=\"sub\"><b>{name}</b>, mentor in {programme}, from {from} to {to}</p>",
        name = escape(&s.mentor),
        from = long(s.period.from),
        to = long(s.period.last_day()),
    );
    let _ = write!(
        out,
        "<div class=\"cards\"><div class=\"card\"><b>{}</b>pairs mentored</div><div class=\"card\"><b>{}</b>months of mentoring</div>\
<div class=\"card\"><b>{}</b>meetings</div><div class=\"card\"><b>{}</b>hours of meetings</div></div>",
        s.pairs.len(),
        number(s.months()),
        s.meetings(),
        number(s.hours()),
    );
    pairs_table(s, &mut out);
    out.push_str("<h2>Training</h2>");
    if s.training.is_empty() {
        out.push_str("<p>No training recorded in this period.</p>");
    } else {
        out.push_str("<ul>");
        for t in s.training.iter().take(TRAINING_ROWS) {
            let _ = write!(out, "<li>{}, {}</li>", escape(&t.title), long(t.date));
        }
        if let Some(more) = s
            .training
            .len()
            .checked_sub(TRAINING_ROWS)
            .filter(|n| *n > 0)
        {
            let _ = write!(
                out,
                "<li>and {}</li>",
                crate::text::count(more, "more session")
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<h2>Feedback</h2>");
    match s.rating {
        Some(r) => {
            let _ = write!(
                out,
                "<p>Mentees rated their mentoring <b>{:.1} out of 5</b> on average, over {} answers.</p>",
                r.average, r.answers
            );
        }
        None => {
            let _ = write!(
                out,
                "<p class=\"note\">An average is shown only where at least {} answers exist, so that no single answer can be told.</p>",
                s.min_answers
            );
        }
    }
    let signer = s.signed_by.as_deref().map_or_else(
        || "The programme coordinator".to_string(),
        |name| format!("{}, programme coordinator", escape(name)),
    );
    let _ = writeln!(
        out,
        "<div class=\"sign\"><div>{signer}</div><div>Date: {}</div></div></body></html>",
        long(issued)
    );
    out
}

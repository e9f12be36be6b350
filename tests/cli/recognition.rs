//! `mentor recognise`: a mentor's statement of contribution, its figures
//! counted by hand from the example's files, mentees named only where they
//! agreed, feedback averaged only over enough answers, one A4 page.

use crate::interop::{self, Program};
use crate::support::{Fixture, assert_exit, stdout};

/// The example: Emma Novak (Helen Wright's first mentee) agreed to be
/// named; Ben Jones, her second, has not.
fn example() -> Fixture {
    let f = Fixture::example();
    assert!(
        f.read("people/emma-novak.toml")
            .contains("share_name_in_recognition = true")
    );
    f
}

/// The page's text, tags and style left out.
fn text_of(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn recognise(f: &Fixture, extra: &[&str]) -> String {
    let mut args = vec![
        "recognise",
        "helen-wright",
        "--as-of",
        "2026-03-16",
        "--out",
        "rec",
    ];
    args.extend_from_slice(extra);
    let out = f.mentor(&args);
    assert_exit(&out, 0);
    f.read("rec/helen-wright.html")
}

#[test]
fn a_statement_carries_the_hand_counted_figures_and_names_only_mentees_who_agreed() {
    let f = example();
    let html = recognise(&f, &[]);
    crate::html::check_markup(&html);
    let text = text_of(&html);
    // Emma: 15 Sep 2025 to 27 Feb 2026 (166 days), 7 meetings of 60, 45,
    // 45, 60, 45, 90 and 30 minutes (6.25 hours). Ben: 15 Oct 2025 to the
    // as-of day (153 days), 4 meetings of 60, 50, 40 and 45 (3.25 hours).
    // 319 days are 10.48 months of 30.4375 days.
    for shown in [
        "Helen Wright , mentor in Professional Staff Mentoring Scheme 2025-26, Westbridge University, from 1 September 2025 to 16 March 2026",
        "2 pairs mentored 10.48 months of mentoring 11 meetings 9.5 hours of meetings",
        "Emma Novak 15 September 2025 27 February 2026 7 6.25",
        "Mentee 2 15 October 2025 16 March 2026 (continuing) 4 3.25",
        "Mentor training, 30 June 2025",
        "An average is shown only where at least 5 answers exist",
        "Rosa Alvarez, programme coordinator Date: 16 March 2026",
    ] {
        assert!(text.contains(shown), "`{shown}` not in: {text}");
    }
    assert!(!text.contains("Ben Jones"), "{text}");
    for request in ["<script", "<img", "<link", "http://", "https://", "url("] {
        assert!(!html.contains(request), "the page asks for `{request}`");
    }
}

#[test]
fn the_feedback_average_needs_enough_answers_and_sealed_ones_opened() {
    let f = example();
    let programme = f
        .read("programme.toml")
        .replace("min_group = 5", "min_group = 1");
    f.write("programme.toml", &programme);
    // Emma's one rating of her pair (5), opened with the coordinator's key.
    let text = text_of(&recognise(&f, &[]));
    assert!(
        text.contains("Mentees rated their mentoring 5.0 out of 5 on average, over 1 answers."),
        "{text}"
    );
    // Without the key the rating stays sealed: no average of what is readable.
    let out = crate::support::mentor_in(
        f.path(),
        &[
            "recognise",
            "helen-wright",
            "--as-of",
            "2026-03-16",
            "--out",
            "sealed",
        ],
    );
    assert_exit(&out, 0);
    let text = text_of(&f.read("sealed/helen-wright.html"));
    assert!(!text.contains("out of 5"), "{text}");
}

#[test]
fn all_writes_one_page_per_mentor_of_the_period_and_a_period_narrows_the_figures() {
    let f = example();
    let out = f.mentor(&[
        "recognise",
        "--all",
        "--as-of",
        "2026-03-16",
        "--out",
        "all",
    ]);
    assert_exit(&out, 0);
    let mut pages: Vec<String> = std::fs::read_dir(f.path().join("all"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "helen-wright.html",
            "marcus-berg.html",
            "priya-shah.html",
            "tom-okafor.html"
        ],
        "{}",
        stdout(&out)
    );
    // October 2025 alone: Emma's pair all month (31 days, 1 meeting of 45
    // minutes), Ben's from the 15th (17 days, 1 meeting of 60).
    let text = text_of(&recognise(
        &f,
        &["--from", "2025-10-01", "--to", "2025-10-31"],
    ));
    assert!(
        text.contains(
            "2 pairs mentored 1.58 months of mentoring 2 meetings 1.75 hours of meetings"
        ),
        "{text}"
    );
}

/// Headless Chromium's PDF of a page: the text of each printed page, and
/// what pdfinfo says of the sheet.
fn printed(f: &Fixture, page: &str) -> (Vec<String>, String) {
    let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = refused.local_addr().unwrap().port();
    drop(refused);
    let pdf = f.path().join("statement.pdf");
    let out = crate::html::chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", f.path().join(page).display()),
        ],
        port,
    );
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let pages = String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // pdfinfo comes with pdftotext (poppler-utils).
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    (pages, String::from_utf8_lossy(&info.stdout).into_owned())
}

fn info_field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(str::trim)
        .unwrap_or_default()
        .to_string()
}

/// Interop: printed from headless Chromium, the statement is one A4 page
/// carrying the figures.
#[test]
fn a_statement_prints_on_one_a4_page() {
    if !interop::need(Program::Chromium) || !interop::need(Program::Pdftotext) {
        return;
    }
    let f = example();
    recognise(&f, &[]);
    let (pages, info) = printed(&f, "rec/helen-wright.html");
    assert_eq!(pages.len(), 1, "{pages:#?}");
    assert_eq!(info_field(&info, "Pages:"), "1", "{info}");
    assert!(info_field(&info, "Page size:").ends_with("(A4)"), "{info}");
    for shown in [
        "Statement of contribution",
        "11 meetings",
        "9.5 hours of meetings",
        "Rosa Alvarez, programme coordinator",
    ] {
        assert!(pages[0].contains(shown), "`{shown}` not in: {}", pages[0]);
    }
}

/// Interop: a mentor of 30 pairs still gets one page: the first 16 pairs
/// one by one, the rest summed up in a row.
#[test]
fn a_statement_of_many_pairs_still_prints_on_one_page() {
    if !interop::need(Program::Chromium) || !interop::need(Program::Pdftotext) {
        return;
    }
    let f = Fixture::base();
    for n in 1..=30 {
        f.write(
            &format!("people/e{n:02}.toml"),
            &format!("name = \"E {n}\"\nrole = \"mentee\"\n"),
        );
        f.write(
            &format!("pairs/e{n:02}--max/pair.toml"),
            &format!("mentor = \"max\"\nmentee = \"e{n:02}\"\nstatus = \"active\"\nstarted = 2026-02-01\n"),
        );
        f.write(
            &format!("pairs/e{n:02}--max/log.yaml"),
            "meetings:\n  - date: 2026-02-10\n    minutes: 30\n",
        );
    }
    let out = f.mentor(&["recognise", "max", "--as-of", "2026-03-16", "--out", "rec"]);
    assert_exit(&out, 0);
    let (pages, _) = printed(&f, "rec/max.html");
    assert_eq!(pages.len(), 1, "{pages:#?}");
    assert!(pages[0].contains("30 pairs mentored"), "{}", pages[0]);
    assert!(
        pages[0].contains("30 meetings 15 hours of meetings"),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("and 14 more pairs 14 7"), "{}", pages[0]);
}

//! Workload: a mentor's `hours_per_month` offered against the hours their
//! pairs' meetings took over the last two months.

use serde_json::Value;

use crate::support::{AS_OF, Fixture, assert_exit, stdout};

/// The base fixture with Mo offering `hours` a month, and his pair's log:
/// 60 minutes on 1 February, 45 on 1 March, and `more` on 10 March.
fn offering(hours: u32, more: u32) -> Fixture {
    let f = Fixture::base();
    let mo = f.read("people/mo.toml");
    f.write(
        "people/mo.toml",
        &format!("{mo}hours_per_month = {hours}\n"),
    );
    f.write(
        "pairs/ed--mo/log.yaml",
        &format!(
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    mode: video\n    goals: [g1]\n  - date: 2026-03-01\n    minutes: 45\n    mode: in-person\n    goals: [g1]\n  - date: 2026-03-10\n    minutes: {more}\n    mode: video\n    goals: [g1]\n"
        ),
    );
    f
}

fn over_hours(f: &Fixture) -> Vec<(String, String)> {
    let out = f.mentor(&["report", "--as-of", AS_OF, "--format", "json"]);
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "mentor-over-hours")
        .map(|a| {
            (
                a["subject"].as_str().unwrap().to_string(),
                a["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_mentor_over_the_hours_they_offered_is_flagged_and_one_within_them_is_not() {
    // Since 16 January: 60 + 45 + 90 minutes, 3.25 hours, over the 2 hours
    // that 1 hour a month makes in two months.
    let over = offering(1, 90);
    assert_eq!(
        over_hours(&over),
        [(
            "mo".to_string(),
            "mo logged 3.2 hours of meetings since 2026-01-16, more than the 1 a month offered (2 over two months)".to_string()
        )]
    );
    let text = stdout(&over.mentor(&["report", "--as-of", AS_OF]));
    assert!(text.contains("mo logged 3.2 hours of meetings"), "{text}");
    // 3.25 hours against 2 a month (4 over two months): within the offer.
    assert!(over_hours(&offering(2, 90)).is_empty());
    // Exactly the offer is not over it: 60 + 45 + 15 minutes is 2 hours.
    assert!(over_hours(&offering(1, 15)).is_empty());
    // Meetings before the two months do not count: as of 10 May, none of
    // these is in them.
    let out = over.mentor(&["report", "--as-of", "2026-05-10", "--format", "json"]);
    assert!(!stdout(&out).contains("mentor-over-hours"));
}

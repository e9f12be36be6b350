use chrono::NaiveDate;

use super::*;
use crate::model::{Closure, ClosureReason, Pause, Question, QuestionKind};

fn day(text: &str) -> NaiveDate {
    crate::decode::parse_date(text).unwrap()
}

fn question(kind: QuestionKind, options: &[&str]) -> Question {
    Question {
        id: "q".into(),
        text: "Q?".into(),
        kind,
        required: None,
        confidential: None,
        feeds: None,
        options: options.iter().map(|o| o.to_string()).collect(),
        min: None,
        max: None,
        labels: Vec::new(),
        alert_below: None,
        at: Default::default(),
    }
}

fn survey(after: Option<u32>, every: Option<u32>) -> Survey {
    Survey {
        id: "s".into(),
        title: "S".into(),
        who: None,
        after_start_days: after,
        every_days: every,
        mid_point: None,
        on_close: None,
        programme_end: None,
        on_date: None,
        answer_within_days: None,
        questions: Vec::new(),
        at: Default::default(),
    }
}

fn programme() -> Programme {
    let text = "name = \"P\"\nstart = 2026-01-01\nend = 2026-12-31\n";
    let file = crate::source::SourceFile::new("p.toml".into(), "p.toml".into(), text.into());
    let mut node = crate::node::parse(&file, crate::node::Syntax::Toml).unwrap();
    let mut diagnostics = Vec::new();
    let cx = &mut crate::decode::Cx {
        file: Default::default(),
        diagnostics: &mut diagnostics,
        may_seal: &|_| false,
        toml: true,
        enclosing: Vec::new(),
    };
    crate::decode::Decode::decode(&mut node, &crate::decode::FieldPath::Root, cx).unwrap()
}

fn pair() -> Pair {
    let mut pair = Pair::bare(PairStatus::Active);
    pair.started = Some(day("2026-02-01"));
    pair.ends = Some(day("2026-10-31"));
    pair
}

#[test]
fn answers_are_refused_off_the_scale_and_outside_the_options() {
    let scale = question(QuestionKind::Scale, &[]);
    assert_eq!(scale.refuses("3"), None);
    assert!(scale.refuses("0").is_some());
    assert!(scale.refuses("6").is_some());
    assert!(scale.refuses("three").is_some());
    let single = question(QuestionKind::Single, &["yes", "no"]);
    assert_eq!(single.refuses("yes"), None);
    assert!(
        single
            .refuses("maybe")
            .unwrap()
            .contains("not one of the options (yes, no)")
    );
    assert!(single.refuses("yes\nno").is_some(), "one option only");
    let multiple = question(QuestionKind::Multiple, &["a", "b"]);
    assert_eq!(multiple.refuses("a\nb"), None);
    assert!(multiple.refuses("a\nc").is_some());
    assert_eq!(question(QuestionKind::Number, &[]).refuses("12.5"), None);
    assert!(question(QuestionKind::Text, &[]).is_confidential());
    assert!(!question(QuestionKind::Single, &["x"]).is_confidential());
}

#[test]
fn repeats_fall_every_n_days_until_the_pair_ends_or_closes() {
    let dates = |pair: &Pair, today: &str| -> Vec<String> {
        occasions(&survey(Some(30), Some(60)), pair, &programme(), day(today))
            .into_iter()
            .map(|o| format!("{} {}", o.date, o.label))
            .collect()
    };
    assert_eq!(dates(&pair(), "2026-03-02"), Vec::<String>::new());
    assert_eq!(
        dates(&pair(), "2026-12-31"),
        [
            "2026-03-03 day 30",
            "2026-05-02 day 90",
            "2026-07-01 day 150",
            "2026-08-30 day 210",
            "2026-10-29 day 270"
        ]
    );
    let mut closed = pair();
    closed.status = PairStatus::Closed;
    closed.closure = Some(Closure {
        date: day("2026-06-01"),
        reason: ClosureReason::Completed,
        note: None,
        concern: None,
        at: Default::default(),
    });
    assert_eq!(
        dates(&closed, "2026-12-31").len(),
        2,
        "none after it closed"
    );
}

#[test]
fn the_mid_point_is_halfway_to_the_planned_end() {
    let mut mid = survey(None, None);
    mid.mid_point = Some(true);
    let found = occasions(&mid, &pair(), &programme(), day("2026-12-31"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].date, day("2026-06-17"));
    assert_eq!(found[0].label, "mid-point");
}

#[test]
fn a_pause_keeps_its_days_in_the_occasions_but_is_not_chased() {
    let mut paused = pair();
    paused.pause.push(Pause {
        from: day("2026-03-01"),
        to: day("2026-03-31"),
        reason: None,
        at: Default::default(),
    });
    let found = occasions(
        &survey(Some(30), None),
        &paused,
        &programme(),
        day("2026-04-10"),
    );
    assert_eq!(
        found.len(),
        1,
        "the occasion stands; `owed` skips the pair while paused"
    );
}

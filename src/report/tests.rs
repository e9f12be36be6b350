use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// The example programme that ships with mentor.
fn example() -> Workspace {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/university");
    crate::load::load(&root).expect("the example loads")
}

fn pairs(o: &Overview) -> (usize, usize, usize) {
    (o.pairs_proposed, o.pairs_active, o.pairs_closed)
}

fn items<'a>(report: &'a Report, kind: AttentionKind) -> Vec<(&'a str, i64)> {
    report
        .attention
        .iter()
        .filter(|a| a.kind == kind)
        .map(|a| (a.subject.as_str(), a.days))
        .collect()
}

/// On a past day the report counts pairs as they stood then, not as their
/// files say now: chloe-martin's pair closed on 20 January and
/// emma-novak's on 27 February, and dev-patel's was only proposed on 15
/// January. (Counting the `status` field, this day showed 3 active and 2
/// closed.)
#[test]
fn a_past_day_counts_pairs_as_they_stood_then() {
    let ws = example();
    let report = report(&ws, day("2026-01-10"));
    assert_eq!(pairs(&report.overview), (0, 4, 0));
    // emma-novak's status now says completed, but a status has no date:
    // on this day her pair ran, so she was in a pair (four pairs, four
    // mentees; counting the status made it three).
    assert_eq!(report.overview.mentees_paired, 4);
    assert_eq!(report.overview.mentees_completed, 0);
    assert_eq!(report.overview.mentees_with_proposal, 0);
    let report = super::report(&ws, day("2026-01-25"));
    assert_eq!(pairs(&report.overview), (1, 3, 1));
    assert_eq!(report.overview.mentees_with_proposal, 1);
    // The monthly chart and the overview are one count.
    let period = Period::new(&ws, None, Some(day("2026-01-31")), day("2026-01-31"));
    let january = monthly(&ws, period).pop().expect("a month");
    let report = super::report(&ws, day("2026-01-31"));
    assert_eq!(
        (january.proposed, january.active, january.closed),
        pairs(&report.overview)
    );
}

/// Who waited on a past day: applied by then and with no pair proposed or
/// running then, for as long as they had waited by then. (Read as the
/// files stand, this day counted three mentees whose waits lay in the
/// future, with negative days, and missed dev-patel.)
#[test]
fn a_past_day_counts_who_was_waiting_then() {
    let ws = example();
    let report = report(&ws, day("2026-01-10"));
    assert_eq!(report.overview.mentees_waiting, 1);
    assert_eq!(report.overview.longest_wait_days, Some(40));
    assert_eq!(
        items(&report, AttentionKind::MenteeWaiting),
        [("dev-patel", 40)]
    );
    assert!(
        report.attention.iter().all(|a| a.days >= 0),
        "{:?}",
        report.attention
    );
    // After her pair closed on 20 January, chloe-martin waits from then.
    let report = super::report(&ws, day("2026-01-25"));
    assert_eq!(report.overview.mentees_waiting, 2);
    assert_eq!(report.overview.longest_wait_days, Some(13));
}

#[test]
fn a_proposal_is_chased_once_it_has_waited_too_long() {
    let ws = example();
    let report = report(&ws, day("2026-01-29"));
    assert_eq!(items(&report, AttentionKind::ProposalNotAccepted), []);
    let report = super::report(&ws, day("2026-01-30"));
    assert_eq!(
        items(&report, AttentionKind::ProposalNotAccepted),
        [("dev-patel--tom-okafor", 15)]
    );
}

#[test]
fn attention_comes_worst_first_with_whom_to_contact() {
    let ws = example();
    let report = report(&ws, day("2026-03-16"));
    assert!(!report.attention.is_empty());
    for pair in report.attention.windows(2) {
        assert!(
            pair[0].kind <= pair[1].kind,
            "{:?} before {:?}",
            pair[0].kind,
            pair[1].kind
        );
        if pair[0].kind == pair[1].kind && pair[0].kind != AttentionKind::PairEndingSoon {
            assert!(pair[0].days >= pair[1].days);
        }
    }
    // A pair's items go to both of its members.
    let about_a_pair = report
        .attention
        .iter()
        .find(|a| ws.pair(&a.subject).is_some())
        .expect("an item about a pair");
    assert_eq!(about_a_pair.contacts.len(), 2);
}

#[test]
fn a_file_is_found_from_its_path() {
    assert_eq!(
        record_of("x/pairs/ana--priya/log.yaml").as_deref(),
        Some("ana--priya")
    );
    assert_eq!(
        record_of("people/ana-silva.toml").as_deref(),
        Some("ana-silva")
    );
    assert_eq!(record_of("programme.toml"), None);
}

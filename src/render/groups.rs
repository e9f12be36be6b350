//! `mentor match` output when it forms groups: each mentor's new group,
//! its members and its places.

use std::fmt::Write as _;

use crate::matching::Plan;
use crate::matching::groups::proposed_groups;
use crate::workspace::Workspace;

/// One line per proposed group (`mo: a1, a2 (2 of 3 places; group score
/// 56)`), or nothing when the run forms pairs.
pub fn proposed_groups_text(ws: &Workspace, plan: &Plan) -> String {
    let mut out = String::new();
    let groups = proposed_groups(ws, plan);
    let places = |mentor: usize| {
        plan.pools
            .mentors
            .iter()
            .find(|seat| seat.person == mentor)
            .and_then(|seat| seat.group_places)
    };
    for group in &groups {
        let Some(places) = places(group.mentor) else {
            return String::new();
        };
        let members: Vec<&str> = group
            .members
            .iter()
            .map(|p| ws.people[p.mentee].id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  {}: {} ({} of {places} places; group score {})",
            ws.people[group.mentor].id,
            members.join(", "),
            members.len(),
            group.score()
        );
    }
    if out.is_empty() {
        return out;
    }
    format!("Proposed groups ({}):\n{out}", groups.len())
}

//! Group mentoring: a pair folder whose pair.toml lists `mentees` (and
//! perhaps a `co_mentor`). A group is allowed where the programme's `kind`
//! is `group`, or where the pair itself says `group = true`. The rules
//! every pair keeps (a mentor is never a member's line manager, a mentee is
//! in one active pair or group) are the pair rules, run for each member
//! (`rules.rs`); here are the rules only a group can break.

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Goal, Meeting, Pair, Programme};
use crate::source::Span;
use crate::workspace::{PairEntry, Workspace};

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let programme = ws.programme.as_ref();
    for entry in &ws.pairs {
        allowed(programme, entry, out);
        one_mentee_field(entry, out);
        members_once(entry, out);
        size(ws, entry, out);
        for goal in &entry.goals {
            for_a_member(entry, goal.member.as_deref(), goal.at.of(Goal::MEMBER), out);
        }
        for meeting in &entry.meetings {
            let at = meeting.at.of(Meeting::MEMBER);
            for_a_member(entry, meeting.member.as_deref(), at, out);
            one_member_s_private_notes(entry, meeting, out);
        }
    }
}

/// Whether `pair` may be a group: in a group programme, or marked `group = true`.
pub fn may_be_group(programme: Option<&Programme>, pair: &Pair) -> bool {
    programme.is_some_and(Programme::is_group) || pair.group == Some(true)
}

fn allowed(programme: Option<&Programme>, entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    if !pair.is_group() || may_be_group(programme, pair) {
        return;
    }
    let field = if pair.mentees.is_empty() {
        Pair::CO_MENTOR
    } else {
        Pair::MENTEES
    };
    out.push(
        Diagnostic::new(
            Code::GroupNotAllowed,
            pair.at.of(field),
            format!(
                "pair `{}` writes `{}`, but the programme's `kind` is not `group`",
                entry.id,
                field.name()
            ),
        )
        .help("add `group = true` to this pair.toml, or set `kind = \"group\"` in programme.toml, or write one `mentee`"),
    );
}

fn one_mentee_field(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    if pair.mentee.is_none() || pair.mentees.is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::MenteeAndMentees,
            pair.at.of(Pair::MENTEES),
            format!("pair `{}` writes both `mentee` and `mentees`", entry.id),
        )
        .help("a group lists every member under `mentees`: move the `mentee` into the list and delete the `mentee` line"),
    );
}

fn members_once(entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let mut seen = HashSet::new();
    for (id, _, at) in pair.mentees_at() {
        if !seen.insert(id) {
            out.push(
                Diagnostic::new(
                    Code::GroupMemberTwice,
                    at,
                    format!(
                        "`{id}` is listed twice among the mentees of group `{}`",
                        entry.id
                    ),
                )
                .help("list each member once"),
            );
        }
    }
    if pair.co_mentor.as_deref() == Some(pair.mentor.as_str()) {
        out.push(
            Diagnostic::new(
                Code::GroupMemberTwice,
                pair.at.of(Pair::CO_MENTOR),
                format!(
                    "`{}` is both mentor and co-mentor of group `{}`",
                    pair.mentor, entry.id
                ),
            )
            .help("name a second mentor as `co_mentor`, or delete the line"),
        );
    }
}

fn size(ws: &Workspace, entry: &PairEntry, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let mentor = ws.person(&pair.mentor).map(|p| &*p.person);
    let limit = Programme::group_size(ws.programme.as_ref(), mentor);
    let members = pair.mentee_ids().count();
    if members <= usize::try_from(limit).unwrap_or(usize::MAX) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::GroupTooLarge,
            pair.at.of(Pair::MENTEES),
            format!(
                "group `{}` has {members} mentees, more than its group size {limit}",
                entry.id
            ),
        )
        .help(format!(
            "move a member to another group, or raise `group_size` in people/{} or `[pairs] group_size`",
            pair.mentor
        )),
    );
}

/// A goal or meeting for one member names a mentee of the group.
/// A meeting for one member of a group, with private notes: the notes are
/// sealed for the whole group (its readers are the pair's), which the
/// member may not expect of a meeting that names them alone.
fn one_member_s_private_notes(entry: &PairEntry, meeting: &Meeting, out: &mut Vec<Diagnostic>) {
    let pair = &entry.pair;
    let (Some(member), Some(_)) = (&meeting.member, &meeting.private_notes) else {
        return;
    };
    if !pair.has_several_mentees() {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::GroupMemberPrivateNotes,
            meeting.at.of(Meeting::PRIVATE_NOTES),
            format!(
                "the private notes of this meeting with `{member}` are sealed for every member of group `{}`, so the other members can read them",
                entry.id
            ),
        )
        .help(format!(
            "if they are meant for `{member}` and the mentor alone, take them out of the group's log (say them in person)"
        )),
    );
}

fn for_a_member(entry: &PairEntry, member: Option<&str>, at: Span, out: &mut Vec<Diagnostic>) {
    let Some(member) = member else {
        return;
    };
    let pair = &entry.pair;
    if pair.is_group() && pair.has_mentee(member) {
        return;
    }
    let help = if pair.is_group() {
        format!(
            "write one of `{}`, or delete `member` if it is the whole group's",
            pair.mentees_shown()
        )
    } else {
        "a one-to-one pair's goals and meetings are its mentee's: delete `member`".to_string()
    };
    out.push(
        Diagnostic::new(
            Code::NotAGroupMember,
            at,
            format!(
                "`member` is `{member}`, who is not a mentee of group `{}`",
                entry.id
            ),
        )
        .help(help),
    );
}

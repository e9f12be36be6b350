//! Hard rules: pairs `mentor match` never proposes, whatever their score.

use std::collections::HashSet;

use crate::model::{MatchingAvoid, PairStatus, WorkMode};
use crate::workspace::Workspace;

/// Why a mentor may not be proposed for a mentee. The kebab-case name is
/// stable: it appears as `forbidden:<rule>` in the score matrix CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exclusion {
    /// Mentor and mentee are the same person (peer programmes).
    SamePerson,
    /// The mentor is the mentee's line manager, or the mentee the mentor's.
    LineManager,
    /// The mentor is above the mentee's line manager in the management chain.
    ManagementChain,
    /// `[matching] avoid = ["same-manager"]` and they share a line manager.
    SameManager,
    /// `[matching] avoid = ["same-department"]` and they share a department.
    SameDepartment,
    /// Both list languages and none is shared.
    NoCommonLanguage,
    /// No meeting mode both can use, or in person only at different locations.
    NoWorkableMode,
    /// Either names the other in `avoid`.
    Avoided,
    /// They were paired before (in a closed pair); `--allow-repeat` permits it.
    PreviouslyPaired,
}

impl Exclusion {
    pub fn name(self) -> &'static str {
        match self {
            Self::SamePerson => "same-person",
            Self::LineManager => "line-manager",
            Self::ManagementChain => "management-chain",
            Self::SameManager => "same-manager",
            Self::SameDepartment => "same-department",
            Self::NoCommonLanguage => "no-common-language",
            Self::NoWorkableMode => "no-workable-mode",
            Self::Avoided => "avoid",
            Self::PreviouslyPaired => "previously-paired",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::SamePerson => "the same person",
            Self::LineManager => "line manager",
            Self::ManagementChain => "in the mentee's management chain",
            Self::SameManager => "same line manager",
            Self::SameDepartment => "same department",
            Self::NoCommonLanguage => "no language in common",
            Self::NoWorkableMode => "no meeting mode that works for both",
            Self::Avoided => "named in `avoid`",
            Self::PreviouslyPaired => "paired before",
        }
    }
}

/// Facts about the workspace the rules need, computed once per run.
pub struct RuleContext {
    avoid: Vec<MatchingAvoid>,
    allow_repeat: bool,
    /// (mentee, mentor) person indices of closed pairs.
    past_pairs: HashSet<(usize, usize)>,
    /// Each person's management chain, nearest manager first.
    chains: Vec<Vec<usize>>,
}

impl RuleContext {
    pub fn new(ws: &Workspace, allow_repeat: bool) -> Self {
        let avoid = ws
            .programme
            .as_ref()
            .and_then(|p| p.matching.as_ref())
            .map_or_else(Vec::new, |m| m.avoid.clone());
        let past_pairs = ws
            .pairs
            .iter()
            .filter(|p| p.pair.status == PairStatus::Closed)
            .filter_map(|p| {
                Some((
                    ws.person_index(&p.pair.mentee)?,
                    ws.person_index(&p.pair.mentor)?,
                ))
            })
            .collect();
        let chains = (0..ws.people.len())
            .map(|i| ws.management_chain(i).0)
            .collect();
        Self {
            avoid,
            allow_repeat,
            past_pairs,
            chains,
        }
    }

    /// The first hard rule the pair breaks, if any.
    pub fn exclusion(&self, ws: &Workspace, mentee: usize, mentor: usize) -> Option<Exclusion> {
        if mentee == mentor {
            return Some(Exclusion::SamePerson);
        }
        let (a, b) = (&ws.people[mentee], &ws.people[mentor]);
        let (pa, pb) = (&a.person, &b.person);
        match self.chains[mentee].iter().position(|&m| m == mentor) {
            Some(0) => return Some(Exclusion::LineManager),
            Some(_) => return Some(Exclusion::ManagementChain),
            None => {}
        }
        if self.chains[mentor].first() == Some(&mentee) {
            return Some(Exclusion::LineManager);
        }
        if self.avoid.contains(&MatchingAvoid::SameManager)
            && same_text(pa.manager.as_deref(), pb.manager.as_deref())
        {
            return Some(Exclusion::SameManager);
        }
        if self.avoid.contains(&MatchingAvoid::SameDepartment)
            && same_text(pa.department.as_deref(), pb.department.as_deref())
        {
            return Some(Exclusion::SameDepartment);
        }
        if !pa.languages.is_empty()
            && !pb.languages.is_empty()
            && !pa
                .languages
                .iter()
                .any(|l| pb.languages.iter().any(|m| l.eq_ignore_ascii_case(m)))
        {
            return Some(Exclusion::NoCommonLanguage);
        }
        if !workable_modes(ws, mentee, mentor).any_workable {
            return Some(Exclusion::NoWorkableMode);
        }
        let names = |i: usize| -> [Option<String>; 2] {
            let e = &ws.people[i];
            [
                Some(e.id.clone()),
                e.person.email.as_ref().map(|m| m.trim().to_lowercase()),
            ]
        };
        let avoids = |list: &[String], target: usize| {
            let target = names(target);
            list.iter().any(|n| {
                target
                    .iter()
                    .flatten()
                    .any(|t| t.eq_ignore_ascii_case(n.trim()))
            })
        };
        if avoids(&pa.avoid, mentor) || avoids(&pb.avoid, mentee) {
            return Some(Exclusion::Avoided);
        }
        if !self.allow_repeat && self.past_pairs.contains(&(mentee, mentor)) {
            return Some(Exclusion::PreviouslyPaired);
        }
        None
    }
}

/// Text fields compare case-insensitively; an unknown value never matches.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.trim().eq_ignore_ascii_case(b.trim()))
}

/// Which meeting modes two people share.
pub struct ModeFit {
    pub any_workable: bool,
    /// They can meet in the mentee's first-listed (preferred) mode.
    pub preferred: bool,
    pub shared: Vec<WorkMode>,
}

/// An empty `modes` list means "either mode"; in person needs the same
/// location when both state one.
pub fn workable_modes(ws: &Workspace, mentee: usize, mentor: usize) -> ModeFit {
    let all = [WorkMode::InPerson, WorkMode::Virtual];
    let modes = |i: usize| -> Vec<WorkMode> {
        let m = &ws.people[i].person.modes;
        if m.is_empty() {
            all.to_vec()
        } else {
            m.clone()
        }
    };
    let (a, b) = (modes(mentee), modes(mentor));
    let far_apart = {
        let (la, lb) = (
            &ws.people[mentee].person.location,
            &ws.people[mentor].person.location,
        );
        matches!((la, lb), (Some(x), Some(y)) if !x.trim().eq_ignore_ascii_case(y.trim()))
    };
    let shared: Vec<WorkMode> = a
        .iter()
        .copied()
        .filter(|m| b.contains(m))
        .filter(|m| !(*m == WorkMode::InPerson && far_apart))
        .collect();
    ModeFit {
        any_workable: !shared.is_empty(),
        preferred: a.first().is_some_and(|m| shared.contains(m)),
        shared,
    }
}

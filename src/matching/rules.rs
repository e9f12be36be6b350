//! Hard rules: pairs `mentor match` never proposes, whatever their score.

use crate::matching::profile::{Profile, Profiles, mode_fit};
use crate::model::{MatchingAvoid, PairStatus, Person};
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
    /// Either names the other in a sealed `avoid` list: who asked stays
    /// between them and the coordinators, on screen and in every file.
    Confidential,
    /// They were paired before (in a closed pair); `--allow-repeat` permits it.
    PreviouslyPaired,
    /// A proposal of this pair was turned down (`mentor pair reject`, by
    /// either of them): never proposed again, in either mode.
    TurnedDown,
    /// Allowed, but the score is below the minimum (`[matching] min_score`
    /// or `--min-score`): a weak match is left for the coordinator rather
    /// than proposed, unless `--allow-weak`.
    BelowMinimumScore,
}

impl Exclusion {
    /// Every rule, in declaration order (`rule as usize` indexes it).
    pub const ALL: [Exclusion; 12] = [
        Self::SamePerson,
        Self::LineManager,
        Self::ManagementChain,
        Self::SameManager,
        Self::SameDepartment,
        Self::NoCommonLanguage,
        Self::NoWorkableMode,
        Self::Avoided,
        Self::Confidential,
        Self::PreviouslyPaired,
        Self::TurnedDown,
        Self::BelowMinimumScore,
    ];

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
            Self::Confidential => "confidential",
            Self::PreviouslyPaired => "previously-paired",
            Self::TurnedDown => "turned-down",
            Self::BelowMinimumScore => "below-min-score",
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
            Self::Confidential => "not allowed, for a confidential reason",
            Self::PreviouslyPaired => "paired before",
            Self::TurnedDown => "proposed before and turned down",
            Self::BelowMinimumScore => "scores below the minimum score (`[matching] min_score`)",
        }
    }
}

/// Facts about the workspace the rules need, computed once per run.
pub struct RuleContext {
    /// `[matching] avoid`, looked up once rather than for every cell.
    avoid_same_manager: bool,
    avoid_same_department: bool,
    allow_repeat: bool,
    /// For each mentee (by person index), the mentors of their closed pairs:
    /// a short list per person, checked for every cell of the matrix without
    /// hashing.
    past_mentors: Vec<Vec<usize>>,
    /// The same for proposals turned down.
    turned_down: Vec<Vec<usize>>,
    /// Each person's management chain, nearest manager first.
    chains: Vec<Vec<usize>>,
    /// Each person's line manager (the chain's first), beside the others so
    /// the mentor's is read without following a pointer for every cell.
    line_managers: Vec<Option<usize>>,
    pub profiles: Profiles,
}

impl RuleContext {
    pub fn new(ws: &Workspace, allow_repeat: bool) -> Self {
        let avoid = ws
            .programme
            .as_ref()
            .and_then(|p| p.matching.as_ref())
            .map_or_else(Vec::new, |m| m.avoid.clone());
        let mut past_mentors = vec![Vec::new(); ws.people.len()];
        let mut turned_down = vec![Vec::new(); ws.people.len()];
        for p in &ws.pairs {
            let list = match p.pair.status {
                PairStatus::Closed => &mut past_mentors,
                PairStatus::Rejected => &mut turned_down,
                _ => continue,
            };
            // A group's members each worked with (or turned down) each mentor.
            for mentee in p.pair.mentee_ids().filter_map(|id| ws.person_index(id)) {
                let mentors = p.pair.mentor_ids().filter_map(|id| ws.person_index(id));
                list[mentee].extend(mentors);
            }
        }
        let chains: Vec<Vec<usize>> = (0..ws.people.len())
            .map(|i| ws.management_chain(i).0)
            .collect();
        Self {
            avoid_same_manager: avoid.contains(&MatchingAvoid::SameManager),
            avoid_same_department: avoid.contains(&MatchingAvoid::SameDepartment),
            line_managers: chains.iter().map(|c| c.first().copied()).collect(),
            allow_repeat,
            past_mentors,
            turned_down,
            chains,
            profiles: Profiles::new(ws),
        }
    }

    /// The first hard rule the pair breaks, if any.
    pub fn exclusion(&self, mentee: usize, mentor: usize) -> Option<Exclusion> {
        self.row(mentee).exclusion(mentor)
    }

    /// The rules for one mentee against many mentors (a row of the matrix),
    /// with what depends on the mentee looked up once.
    pub fn row(&self, mentee: usize) -> RowRules<'_> {
        RowRules {
            rules: self,
            mentee,
            chain: &self.chains[mentee],
            past_mentors: if self.allow_repeat {
                &[]
            } else {
                &self.past_mentors[mentee]
            },
            // A proposal someone declined is never made again, whatever
            // `--allow-repeat` says: that flag is about past pairs.
            turned_down: &self.turned_down[mentee],
            profile: &self.profiles.people[mentee],
        }
    }
}

/// [`RuleContext::row`]: one mentee's side of the hard rules.
pub struct RowRules<'a> {
    rules: &'a RuleContext,
    mentee: usize,
    chain: &'a [usize],
    /// Empty when repeats are allowed.
    past_mentors: &'a [usize],
    turned_down: &'a [usize],
    profile: &'a Profile,
}

impl RowRules<'_> {
    /// The first hard rule the mentee and `mentor` break, if any.
    pub fn exclusion(&self, mentor: usize) -> Option<Exclusion> {
        let (rules, mentee) = (self.rules, self.mentee);
        if mentee == mentor {
            return Some(Exclusion::SamePerson);
        }
        match self.chain.iter().position(|&m| m == mentor) {
            Some(0) => return Some(Exclusion::LineManager),
            Some(_) => return Some(Exclusion::ManagementChain),
            None => {}
        }
        if rules.line_managers[mentor] == Some(mentee) {
            return Some(Exclusion::LineManager);
        }
        let (a, b) = (self.profile, &rules.profiles.people[mentor]);
        let same = |x: Option<usize>, y: Option<usize>| x.is_some() && x == y;
        if rules.avoid_same_manager && a.manager.is_some() && a.manager == b.manager {
            return Some(Exclusion::SameManager);
        }
        if rules.avoid_same_department && same(a.department, b.department) {
            return Some(Exclusion::SameDepartment);
        }
        if !a.languages.is_empty()
            && !b.languages.is_empty()
            && a.languages.common_up_to_two(&b.languages) == 0
        {
            return Some(Exclusion::NoCommonLanguage);
        }
        if !mode_fit(a, b).any() {
            return Some(Exclusion::NoWorkableMode);
        }
        if let Some(rule) = avoidance(a, b, mentee, mentor) {
            return Some(rule);
        }
        if self.past_mentors.contains(&mentor) {
            return Some(Exclusion::PreviouslyPaired);
        }
        if self.turned_down.contains(&mentor) {
            return Some(Exclusion::TurnedDown);
        }
        None
    }
}

/// Whether the mentee (profile `a`, index `mentee`) or the mentor (`b`,
/// `mentor`) names the other in `avoid`: [`Exclusion::Confidential`] when
/// the list that does was sealed, so who asked is never said.
fn avoidance(a: &Profile, b: &Profile, mentee: usize, mentor: usize) -> Option<Exclusion> {
    let (a_avoids, b_avoids) = (a.avoid.contains(&mentor), b.avoid.contains(&mentee));
    if (a_avoids && a.avoid_confidential) || (b_avoids && b.avoid_confidential) {
        return Some(Exclusion::Confidential);
    }
    (a_avoids || b_avoids).then_some(Exclusion::Avoided)
}

/// Why two people paired by hand (`mentor new pair`) may not be, by their
/// avoid lists, as `match` would rule. Refused with the ids whose avoid
/// lists are sealed and were not opened: they must be read first.
pub fn avoided_pair(
    ws: &Workspace,
    mentee: usize,
    mentor: usize,
) -> Result<Option<Exclusion>, Vec<&str>> {
    let closed: Vec<&str> = [mentee, mentor]
        .into_iter()
        .map(|i| &ws.people[i])
        .filter(|p| p.person.at.sealed(Person::AVOID.name()).is_some())
        .map(|p| p.id.as_str())
        .collect();
    if !closed.is_empty() {
        return Err(closed);
    }
    let profiles = Profiles::new(ws);
    Ok(avoidance(
        &profiles.people[mentee],
        &profiles.people[mentor],
        mentee,
        mentor,
    ))
}

#[cfg(test)]
mod tests {
    use super::Exclusion;

    /// The matrix counts exclusions in an array indexed by `rule as usize`.
    #[test]
    fn every_rule_is_listed_once_at_its_own_index() {
        for (index, rule) in Exclusion::ALL.into_iter().enumerate() {
            assert_eq!(rule as usize, index, "{rule:?}");
        }
        let names: std::collections::BTreeSet<&str> =
            Exclusion::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), Exclusion::ALL.len());
    }
}

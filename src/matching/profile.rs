//! Each person's matching-relevant facts, normalised once per run: lists as
//! bitsets over interned values, text as small ids. Hard rules and scores
//! over every mentee x mentor pair are then integer operations with no
//! allocation, which is what keeps a 5,000-mentee run fast.

use std::collections::{BTreeSet, HashMap};

use crate::decode::Field;
use crate::model::{Person, WorkMode};
use crate::workspace::Workspace;

/// Values seen in one kind of field, case-insensitively, with the first
/// spelling kept for display.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, usize>,
    names: Vec<String>,
}

impl Interner {
    pub fn id(&mut self, text: &str) -> usize {
        let key = text.trim().to_lowercase();
        let next = self.names.len();
        *self.ids.entry(key).or_insert_with(|| {
            self.names.push(text.trim().to_string());
            next
        })
    }

    pub fn name(&self, id: usize) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }
}

/// A set of interned ids. The first 64 ids live inline, so the common case
/// (a programme's competencies, slots and languages) is one word per set and
/// comparing two sets touches no heap memory: this runs for every cell of
/// the match matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bits {
    first: u64,
    rest: Vec<u64>,
}

impl Bits {
    pub fn insert(&mut self, i: usize) {
        let (word, bit) = (i / 64, i % 64);
        if word == 0 {
            self.first |= 1 << bit;
            return;
        }
        if self.rest.len() < word {
            self.rest.resize(word, 0);
        }
        self.rest[word - 1] |= 1 << bit;
    }

    fn words(&self) -> impl Iterator<Item = u64> + '_ {
        std::iter::once(self.first).chain(self.rest.iter().copied())
    }

    pub fn len(&self) -> u32 {
        self.first.count_ones() + self.rest.iter().map(|w| w.count_ones()).sum::<u32>()
    }

    pub fn is_empty(&self) -> bool {
        self.first == 0 && self.rest.iter().all(|&w| w == 0)
    }

    pub fn common(&self, other: &Bits) -> u32 {
        let first = (self.first & other.first).count_ones();
        if self.rest.is_empty() || other.rest.is_empty() {
            return first;
        }
        first
            + self
                .rest
                .iter()
                .zip(&other.rest)
                .map(|(a, b)| (a & b).count_ones())
                .sum::<u32>()
    }

    /// How many ids both sets hold, counted no further than two: all the
    /// score asks of slots and languages, without counting bits (the
    /// portable build has no popcount instruction, and this runs per cell).
    pub fn common_up_to_two(&self, other: &Bits) -> u32 {
        let mut found = 0;
        for (a, b) in self.words().zip(other.words()) {
            let word = a & b;
            if word != 0 {
                // A second bit remains once the lowest is cleared.
                found += if word & (word - 1) != 0 { 2 } else { 1 };
                if found >= 2 {
                    return 2;
                }
            }
        }
        found
    }

    /// The ids in both sets, ascending.
    pub fn both<'a>(&'a self, other: &'a Bits) -> impl Iterator<Item = usize> + 'a {
        self.words()
            .zip(other.words())
            .enumerate()
            .flat_map(|(w, (a, b))| {
                let mut word = a & b;
                std::iter::from_fn(move || {
                    (word != 0).then(|| {
                        let bit = word.trailing_zeros() as usize;
                        word &= word - 1;
                        w * 64 + bit
                    })
                })
            })
    }
}

/// One person, as matching sees them.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub needs: Bits,
    pub expertise: Bits,
    pub slots: Bits,
    pub languages: Bits,
    pub style: Option<usize>,
    pub department: Option<usize>,
    pub organisation: Option<usize>,
    pub location: Option<usize>,
    /// The line manager: a person index when they take part, else their
    /// interned email or id (so "same manager" works for outsiders too).
    pub manager: Option<Key>,
    pub in_person: bool,
    pub virtual_: bool,
    /// The first mode the person lists (their preference).
    pub preferred_mode: Option<WorkMode>,
    /// People this person must not be matched with.
    pub avoid: Vec<usize>,
    /// The avoid list was sealed: exclusions it causes are not explained.
    pub avoid_confidential: bool,
    /// Mentors this person would like, in order.
    pub prefer: Vec<usize>,
}

/// Who someone's manager is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Person(usize),
    Outside(usize),
}

/// Every person's profile and the tables that name interned values.
#[derive(Debug, Default)]
pub struct Profiles {
    pub people: Vec<Profile>,
    pub competencies: Interner,
    pub slots: Interner,
    pub languages: Interner,
    pub styles: Interner,
    pub departments: Interner,
    pub organisations: Interner,
    pub locations: Interner,
    pub outsiders: Interner,
    /// Person fields sealed in this programme: explanations refer to them
    /// without naming their values, since reasons are written into
    /// `pair.toml` for everyone with the repository to read.
    sealed: BTreeSet<&'static str>,
}

impl Profiles {
    pub fn new(ws: &Workspace) -> Self {
        let sealed = crate::seal::values::sealed_person_fields(ws);
        let mut t = Profiles {
            sealed: Person::FIELDS
                .iter()
                .copied()
                .filter(|f| sealed.contains(f))
                .collect(),
            ..Profiles::default()
        };
        for entry in &ws.people {
            let p = &entry.person;
            let mut profile = Profile::default();
            for need in &p.needs {
                profile.needs.insert(t.competencies.id(need));
            }
            for area in &p.expertise {
                profile.expertise.insert(t.competencies.id(area));
            }
            for slot in &p.availability {
                profile.slots.insert(t.slots.id(slot));
            }
            for language in &p.languages {
                profile.languages.insert(t.languages.id(language));
            }
            profile.style = p.style.as_deref().map(|s| t.styles.id(s));
            profile.department = p.department.as_deref().map(|s| t.departments.id(s));
            profile.organisation = p.organisation.as_deref().map(|s| t.organisations.id(s));
            profile.location = p.location.as_deref().map(|s| t.locations.id(s));
            profile.manager = p.manager.as_deref().map(|m| match ws.resolve_person(m) {
                Some(i) => Key::Person(i),
                None => Key::Outside(t.outsiders.id(m)),
            });
            // No modes listed means either will do.
            profile.in_person = p.modes.is_empty() || p.modes.contains(&WorkMode::InPerson);
            profile.virtual_ = p.modes.is_empty() || p.modes.contains(&WorkMode::Virtual);
            profile.preferred_mode = p.modes.first().copied();
            profile.avoid_confidential = p.at.was_sealed(crate::model::Person::AVOID);
            profile.avoid = p
                .avoid
                .iter()
                .filter_map(|a| ws.resolve_person(a))
                .collect();
            profile.prefer = p
                .prefer
                .iter()
                .filter_map(|a| ws.resolve_person(a))
                .collect();
            t.people.push(profile);
        }
        t
    }
}

impl Profiles {
    /// Whether an explanation may name the values of person field `field`:
    /// not when the programme seals it.
    pub fn may_name(&self, field: Field) -> bool {
        !self.sealed.contains(field.name())
    }
}

/// Which meeting modes two people can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModeFit {
    pub in_person: bool,
    pub virtual_: bool,
    /// They can meet in the mentee's preferred mode.
    pub preferred: bool,
}

impl ModeFit {
    pub fn any(self) -> bool {
        self.in_person || self.virtual_
    }
}

/// In person needs both to allow it and, when both state a location, the
/// same one.
pub fn mode_fit(mentee: &Profile, mentor: &Profile) -> ModeFit {
    let apart = matches!((mentee.location, mentor.location), (Some(a), Some(b)) if a != b);
    let in_person = mentee.in_person && mentor.in_person && !apart;
    let virtual_ = mentee.virtual_ && mentor.virtual_;
    let preferred = match mentee.preferred_mode {
        Some(WorkMode::InPerson) => in_person,
        Some(WorkMode::Virtual) => virtual_,
        None => in_person || virtual_,
    };
    ModeFit {
        in_person,
        virtual_,
        preferred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_count_and_list_the_common_ids() {
        let (mut a, mut b) = (Bits::default(), Bits::default());
        for i in [1, 5, 64, 130] {
            a.insert(i);
        }
        for i in [5, 130, 131] {
            b.insert(i);
        }
        assert_eq!(a.common(&b), 2);
        assert_eq!(a.both(&b).collect::<Vec<_>>(), vec![5, 130]);
        assert_eq!(a.len(), 4);
        assert!(Bits::default().is_empty());
        // Counted up to two, across words and within one.
        assert_eq!(a.common_up_to_two(&b), 2);
        let (mut c, mut d) = (Bits::default(), Bits::default());
        for i in [2, 3, 4] {
            c.insert(i);
            d.insert(i);
        }
        assert_eq!(c.common_up_to_two(&d), 2);
        assert_eq!(c.common_up_to_two(&a), 0);
        d.insert(5);
        assert_eq!(a.common_up_to_two(&d), 1);
    }

    #[test]
    fn interning_ignores_case_and_keeps_the_first_spelling() {
        let mut i = Interner::default();
        assert_eq!(i.id("Finance"), i.id(" finance "));
        assert_eq!(i.name(0), "Finance");
    }
}

//! What "private" means for a key, in one place: snippets mask its value,
//! `history` never prints it, `audit` flags it committed in plaintext, and
//! exports leave it out. A key is private when it names a private field of
//! [`super::places`] (and, in a person file, a field the programme seals),
//! and also when it only looks like one: another case, `-` for `_`, a
//! plural, a typing slip (`Private_Notes`, `private-note`, `comentt`). A
//! misspelt key is an error for validate, but its value is just as
//! confidential as the field's, so every reader treats it as the field.

use std::collections::BTreeSet;

use crate::decode::{Field, did_you_mean};
use crate::load::FileKind;
use crate::model::{
    Agreement, Approval, Assessment, AssessmentFile, AssessmentRules, AuditRules, Closure,
    Competency, Coordinator, ExpectedOutcomeTable, Feedback, FeedbackFile, Goal, GoalsFile,
    LogFile, MatchingRules, Meeting, MeetingRules, MenteeRules, MentorRules, Pair, Pause, Person,
    Privacy, Programme, RemindRules, Weights,
};
use crate::workspace::Workspace;

use super::places;

/// Text kept out of every output although it is never sealed: an
/// agreement's `closing` is the pair's own terms, for them and the
/// coordinator (who reads the file), not for a CI log or `history`.
const WITHHELD: &[Field] = &[Agreement::CLOSING];

/// What a private key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrivateKey<'a> {
    /// The private field the key names or looks like; `None` for a key that
    /// only calls itself private (`private`, `my_private_x`).
    pub field: Option<&'a str>,
    /// Whether the key is the field's own name (else a slip for it).
    pub exact: bool,
    /// Whether the value belongs sealed: plaintext in history is a finding
    /// (A007). Withheld text (an agreement's `closing`) is hidden but plain.
    pub sealed: bool,
}

impl PrivateKey<'_> {
    /// How a message names the key: "`private_note` (looks like the
    /// private field `private_notes`)".
    pub fn describe(&self, key: &str) -> String {
        let key = crate::text::excerpt(key);
        match self.field {
            _ if self.exact => format!("`{key}`"),
            Some(field) => format!("`{key}` (looks like the private field `{field}`)"),
            None => format!("`{key}` (named private)"),
        }
    }
}

/// The private field names of one programme.
#[derive(Clone, Debug)]
pub struct PrivateNames<'a> {
    /// The person fields the programme seals (`avoid` always).
    person_fields: BTreeSet<&'a str>,
}

impl Default for PrivateNames<'_> {
    /// Without a programme's settings: of the person fields, `avoid` only.
    fn default() -> Self {
        Self::with_person_fields(BTreeSet::from([Person::AVOID.name()]))
    }
}

impl<'a> PrivateNames<'a> {
    /// The private names of this programme.
    pub fn of(ws: &'a Workspace) -> Self {
        Self::with_person_fields(places::sealed_person_fields(ws))
    }

    /// With these sealed person fields (which include `avoid`).
    pub fn with_person_fields(person_fields: BTreeSet<&'a str>) -> Self {
        Self { person_fields }
    }

    /// Whether `key` is private in a file of `kind` (`None`: a file that
    /// holds no record, where every always-private name counts), and what
    /// it is. A field the file's records declare is what it says: `notes`
    /// near `note` is a typo only where no record has a `notes`.
    pub fn judge(&self, kind: Option<&FileKind>, key: &str) -> Option<PrivateKey<'a>> {
        let own: Vec<&'a str> = match kind {
            Some(FileKind::Person(_)) => self.person_fields.iter().copied().collect(),
            Some(kind) => places::private_fields_in(kind),
            None => Vec::new(),
        };
        let withheld = WITHHELD
            .iter()
            .map(|f| f.name())
            .filter(|_| matches!(kind, Some(FileKind::Pair(_)) | None));
        if let Some(field) = own.iter().copied().find(|f| *f == key) {
            return Some(PrivateKey {
                field: Some(field),
                exact: true,
                sealed: true,
            });
        }
        if let Some(field) = withheld.clone().find(|w| *w == key) {
            return Some(PrivateKey {
                field: Some(field),
                exact: true,
                sealed: false,
            });
        }
        if kind.is_some_and(|kind| declared_in(kind).any(|fields| fields.contains(&key))) {
            return None;
        }
        let normal = normal(key);
        let resembles =
            |field: &str| normal == self::normal(field) || did_you_mean(key, [field]).is_some();
        // A private field of another kind of file, written here, is still private.
        let always = places::always_private_fields().map(|field| -> &'a str { field });
        let sealed = own.iter().copied().chain(always);
        if let Some(field) = sealed.into_iter().find(|f| resembles(f)) {
            return Some(PrivateKey {
                field: Some(field),
                exact: field == key,
                sealed: true,
            });
        }
        if let Some(field) = withheld.into_iter().find(|f| resembles(f)) {
            return Some(PrivateKey {
                field: Some(field),
                exact: false,
                sealed: false,
            });
        }
        key.to_lowercase()
            .contains("private")
            .then_some(PrivateKey {
                field: None,
                exact: false,
                sealed: true,
            })
    }
}

/// A name without what does not tell names apart for a person typing it:
/// case, `-`, `_`, spaces and one trailing `s`.
fn normal(name: &str) -> String {
    let mut out: String = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if out.ends_with('s') {
        out.pop();
    }
    out
}

/// The field lists of the records a file of this kind holds.
fn declared_in(kind: &FileKind) -> impl Iterator<Item = &'static [&'static str]> {
    let lists: &[&'static [&'static str]] = match kind {
        FileKind::Log(_) => &[LogFile::FIELDS, Meeting::FIELDS],
        FileKind::Feedback(_) => &[FeedbackFile::FIELDS, Feedback::FIELDS],
        FileKind::Assessment(_) => &[AssessmentFile::FIELDS, Assessment::FIELDS],
        FileKind::Pair(_) => &[
            Pair::FIELDS,
            Agreement::FIELDS,
            Closure::FIELDS,
            Pause::FIELDS,
        ],
        FileKind::Person(_) => &[Person::FIELDS, Approval::FIELDS],
        FileKind::Goals(_) => &[GoalsFile::FIELDS, Goal::FIELDS],
        FileKind::Programme => &[
            Programme::FIELDS,
            Coordinator::FIELDS,
            AssessmentRules::FIELDS,
            RemindRules::FIELDS,
            AuditRules::FIELDS,
            ExpectedOutcomeTable::FIELDS,
            Privacy::FIELDS,
            MentorRules::FIELDS,
            MenteeRules::FIELDS,
            MeetingRules::FIELDS,
            MatchingRules::FIELDS,
            Weights::FIELDS,
            Competency::FIELDS,
        ],
    };
    lists.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> FileKind {
        FileKind::Log("p".into())
    }

    fn private(names: &PrivateNames, kind: &FileKind, key: &str) -> Option<(Option<String>, bool)> {
        names
            .judge(Some(kind), key)
            .map(|p| (p.field.map(str::to_string), p.sealed))
    }

    #[test]
    fn slips_for_a_private_field_are_private() {
        let names = PrivateNames::default();
        for key in [
            "private_notes",
            "private_note",
            "Private_Notes",
            "PRIVATE-NOTES",
            "privateNotes",
            "private notes",
            "privte_notes",
            "private_nots",
        ] {
            assert_eq!(
                private(&names, &log(), key),
                Some((Some("private_notes".into()), true)),
                "{key}"
            );
        }
        let feedback = FileKind::Feedback("p".into());
        for (key, field) in [
            ("comment", "comment"),
            ("Comments", "comment"),
            ("coment", "comment"),
            ("Satisfaction", "satisfaction"),
            ("satisfacton", "satisfaction"),
        ] {
            assert_eq!(
                private(&names, &feedback, key),
                Some((Some(field.into()), true)),
                "{key}"
            );
        }
        let pair = FileKind::Pair("p".into());
        assert_eq!(
            private(&names, &pair, "Note"),
            Some((Some("note".into()), true))
        );
        assert_eq!(
            private(&names, &pair, "notes"),
            Some((Some("note".into()), true))
        );
        assert_eq!(
            private(&names, &pair, "closing"),
            Some((Some("closing".into()), false)),
            "withheld, not sealed"
        );
        assert_eq!(
            private(&names, &log(), "my_private_thing"),
            Some((None, true))
        );
        // A private field of another file, written here, is still private.
        assert_eq!(
            private(&names, &log(), "comment"),
            Some((Some("comment".into()), true))
        );
        assert!(names.judge(None, "Private_Note").is_some());
    }

    #[test]
    fn every_declared_public_field_stays_public() {
        let names = PrivateNames::default();
        let kinds = [
            log(),
            FileKind::Feedback("p".into()),
            FileKind::Assessment("p".into()),
            FileKind::Pair("p".into()),
            FileKind::Person("p".into()),
            FileKind::Goals("p".into()),
            FileKind::Programme,
        ];
        for kind in &kinds {
            let own = places::private_fields_in(kind);
            for field in declared_in(kind).flatten() {
                let judged = names.judge(Some(kind), field);
                let private = own.contains(field)
                    || (matches!(kind, FileKind::Person(_)) && *field == "avoid")
                    || (matches!(kind, FileKind::Pair(_)) && *field == "closing");
                assert_eq!(judged.is_some(), private, "{field} in {kind:?}: {judged:?}");
            }
        }
        // Near a private name, but a field the record has.
        assert_eq!(names.judge(Some(&FileKind::Programme), "avoid"), None);
        assert_eq!(names.judge(Some(&log()), "minutes"), None);
        assert_eq!(names.judge(Some(&log()), "mode"), None);
    }

    #[test]
    fn person_fields_are_private_where_the_programme_seals_them() {
        let names =
            PrivateNames::with_person_fields(BTreeSet::from(["avoid", "department", "needs"]));
        let person = FileKind::Person("p".into());
        assert_eq!(
            private(&names, &person, "department"),
            Some((Some("department".into()), true))
        );
        assert_eq!(
            private(&names, &person, "Departments"),
            Some((Some("department".into()), true))
        );
        assert_eq!(
            private(&names, &person, "need"),
            Some((Some("needs".into()), true))
        );
        assert_eq!(
            private(&names, &person, "Avoid"),
            Some((Some("avoid".into()), true))
        );
        assert_eq!(
            private(&names, &person, "location"),
            None,
            "not sealed here"
        );
        assert_eq!(private(&names, &person, "name"), None);
        assert_eq!(private(&names, &FileKind::Programme, "department"), None);
        assert_eq!(
            private(&PrivateNames::default(), &person, "department"),
            None
        );
    }
}

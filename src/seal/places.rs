//! Where a sealed value belongs: its [`Place`] (the record and entry it is
//! written in, and the field), recorded in the seal's header (a
//! `mentor-place` stanza) so that a value opens only where it was sealed.
//! Sealing and opening go through here; [`Standing`] reads a header to tell
//! how a value stands where it is written.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::decode::{Field, parse_date};

use super::armor::{self, Opened};
use super::keys::{Identity, PublicKey};

/// Where the pseudonym key behind `export --anonymize` is kept, sealed for
/// the coordinators: a sealed value too, bound to [`Owner::PseudonymKey`].
pub const PSEUDONYM_KEY_FILE: &str = "pseudonym-key.age";

/// What a private value belongs to: the record and the entry in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Meeting {
        pair: String,
        date: NaiveDate,
    },
    Feedback {
        pair: String,
        by: String,
        date: NaiveDate,
    },
    Closure {
        pair: String,
    },
    Assessment {
        pair: String,
        by: String,
        date: NaiveDate,
    },
    Person {
        id: String,
    },
    /// An entry of a pair's concerns log.
    Concern {
        pair: String,
        number: u32,
        date: NaiveDate,
    },
    /// One answer to a survey question: the occasion is its date.
    SurveyAnswer {
        pair: String,
        by: String,
        survey: String,
        occasion: NaiveDate,
        question: String,
    },
    /// One answer a person gave outside any pair (their own
    /// `people/<id>.surveys.yaml`): the occasion is its date.
    PersonSurveyAnswer {
        person: String,
        survey: String,
        occasion: NaiveDate,
        question: String,
    },
    /// The programme's pseudonym key ([`PSEUDONYM_KEY_FILE`]).
    PseudonymKey,
}

impl Owner {
    pub fn describe(&self) -> String {
        match self {
            Owner::Meeting { pair, date } => format!("pair `{pair}`, meeting of {date}"),
            Owner::Feedback { pair, by, date } => {
                format!("pair `{pair}`, feedback by `{by}` of {date}")
            }
            Owner::Closure { pair } => format!("pair `{pair}`, closure"),
            Owner::Assessment { pair, by, date } => {
                format!("pair `{pair}`, assessment by `{by}` of {date}")
            }
            Owner::Person { id } => format!("person `{id}`"),
            Owner::Concern { pair, number, date } => {
                format!("pair `{pair}`, concern {number} entry of {date}")
            }
            Owner::SurveyAnswer {
                pair,
                by,
                survey,
                occasion,
                question,
            } => format!(
                "pair `{pair}`, survey `{survey}` of {occasion} answered by `{by}`, question `{question}`"
            ),
            Owner::PersonSurveyAnswer {
                person,
                survey,
                occasion,
                question,
            } => {
                format!("person `{person}`, survey `{survey}` of {occasion}, question `{question}`")
            }
            Owner::PseudonymKey => format!("the pseudonym key ({PSEUDONYM_KEY_FILE})"),
        }
    }

    /// The pair the value belongs to, if any.
    pub fn pair(&self) -> Option<&str> {
        match self {
            Owner::Meeting { pair, .. }
            | Owner::Feedback { pair, .. }
            | Owner::Closure { pair }
            | Owner::Assessment { pair, .. }
            | Owner::Concern { pair, .. }
            | Owner::SurveyAnswer { pair, .. } => Some(pair),
            Owner::Person { .. } | Owner::PersonSurveyAnswer { .. } | Owner::PseudonymKey => None,
        }
    }

    /// Who wrote the entry, for entries that name their author.
    pub fn by(&self) -> Option<&str> {
        match self {
            Owner::Feedback { by, .. }
            | Owner::Assessment { by, .. }
            | Owner::SurveyAnswer { by, .. }
            | Owner::PersonSurveyAnswer { person: by, .. } => Some(by),
            _ => None,
        }
    }

    /// The person whose own record the value is in.
    pub fn person(&self) -> Option<&str> {
        match self {
            Owner::Person { id } => Some(id),
            _ => None,
        }
    }

    /// The entry's date, for entries that have one.
    fn date(&self) -> Option<NaiveDate> {
        match self {
            Owner::Meeting { date, .. }
            | Owner::Feedback { date, .. }
            | Owner::Assessment { date, .. }
            | Owner::Concern { date, .. }
            | Owner::SurveyAnswer { occasion: date, .. }
            | Owner::PersonSurveyAnswer { occasion: date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// Where a sealed value belongs: what decides who may read it (the record,
/// the list, the entry's author where that names a reader), the entry's
/// date, and the field. Sealing records it in the value's header; a value
/// opens only where it belongs. The programme is not part of it: its name
/// is a label that may change, and who reads a value is decided by this
/// programme's files alone (a value from another programme is still told
/// apart by its recorded keys).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub owner: Owner,
    pub field: String,
}

impl Place {
    /// The place of `field` in `owner`'s record.
    pub fn new(owner: Owner, field: Field) -> Place {
        Place {
            owner,
            field: field.name().to_string(),
        }
    }

    /// Where the pseudonym key belongs.
    pub fn pseudonym_key() -> Place {
        Place {
            owner: Owner::PseudonymKey,
            field: "key".into(),
        }
    }

    /// The place as written in a header: a JSON list of strings, kind first
    /// and field last, so it reads back unambiguously whatever the ids hold.
    pub fn text(&self) -> String {
        let date = |d: &NaiveDate| d.to_string();
        let mut parts: Vec<String> = match &self.owner {
            Owner::Meeting { pair, date: d } => vec!["meeting".into(), pair.clone(), date(d)],
            Owner::Feedback { pair, by, date: d } => {
                vec!["feedback".into(), pair.clone(), by.clone(), date(d)]
            }
            Owner::Assessment { pair, by, date: d } => {
                vec!["assessment".into(), pair.clone(), by.clone(), date(d)]
            }
            Owner::Closure { pair } => vec!["closure".into(), pair.clone()],
            Owner::Person { id } => vec!["person".into(), id.clone()],
            Owner::Concern {
                pair,
                number,
                date: d,
            } => vec!["concern".into(), pair.clone(), number.to_string(), date(d)],
            Owner::SurveyAnswer {
                pair,
                by,
                survey,
                occasion,
                question,
            } => vec![
                "survey".into(),
                pair.clone(),
                by.clone(),
                survey.clone(),
                date(occasion),
                question.clone(),
            ],
            Owner::PersonSurveyAnswer {
                person,
                survey,
                occasion,
                question,
            } => vec![
                "person-survey".into(),
                person.clone(),
                survey.clone(),
                date(occasion),
                question.clone(),
            ],
            Owner::PseudonymKey => vec!["pseudonym-key".into()],
        };
        parts.push(self.field.clone());
        serde_json::Value::from(parts).to_string()
    }

    /// Reads [`text`](Self::text) back; `None` for text this version does not know.
    pub fn read(text: &str) -> Option<Place> {
        let parts: Vec<String> = serde_json::from_str(text).ok()?;
        let (field, rest) = parts.split_last()?;
        let date = |d: &String| parse_date(d).ok();
        let owner = match rest {
            [kind, pair, d] if kind == "meeting" => Owner::Meeting {
                pair: pair.clone(),
                date: date(d)?,
            },
            [kind, pair, by, d] if kind == "feedback" => Owner::Feedback {
                pair: pair.clone(),
                by: by.clone(),
                date: date(d)?,
            },
            [kind, pair, by, d] if kind == "assessment" => Owner::Assessment {
                pair: pair.clone(),
                by: by.clone(),
                date: date(d)?,
            },
            [kind, pair] if kind == "closure" => Owner::Closure { pair: pair.clone() },
            [kind, id] if kind == "person" => Owner::Person { id: id.clone() },
            [kind, pair, number, d] if kind == "concern" => Owner::Concern {
                pair: pair.clone(),
                number: number.parse().ok()?,
                date: date(d)?,
            },
            [kind, pair, by, survey, d, question] if kind == "survey" => Owner::SurveyAnswer {
                pair: pair.clone(),
                by: by.clone(),
                survey: survey.clone(),
                occasion: date(d)?,
                question: question.clone(),
            },
            [kind, person, survey, d, question] if kind == "person-survey" => {
                Owner::PersonSurveyAnswer {
                    person: person.clone(),
                    survey: survey.clone(),
                    occasion: date(d)?,
                    question: question.clone(),
                }
            }
            [kind] if kind == "pseudonym-key" => Owner::PseudonymKey,
            _ => return None,
        };
        Some(Place {
            owner,
            field: field.clone(),
        })
    }

    /// Whether `other` is this place but for the entry's date: the same
    /// record, list, author and field, so the same readers.
    pub fn same_but_date(&self, other: &Place) -> bool {
        let undated = |owner: &Owner| match owner {
            Owner::Meeting { pair, .. } => (1, pair.clone(), String::new()),
            Owner::Feedback { pair, by, .. } => (2, pair.clone(), by.clone()),
            Owner::Assessment { pair, by, .. } => (3, pair.clone(), by.clone()),
            Owner::Concern { pair, number, .. } => (4, pair.clone(), number.to_string()),
            Owner::SurveyAnswer {
                pair,
                by,
                survey,
                question,
                ..
            } => (4, pair.clone(), format!("{by}\n{survey}\n{question}")),
            Owner::PersonSurveyAnswer {
                person,
                survey,
                question,
                ..
            } => (5, person.clone(), format!("{survey}\n{question}")),
            _ => (0, String::new(), String::new()),
        };
        self.field == other.field
            && self.owner.date().is_some()
            && other.owner.date().is_some()
            && undated(&self.owner) == undated(&other.owner)
    }

    /// "`comment` of pair `a--b`, feedback by `x` of 2026-03-01".
    pub fn describe(&self) -> String {
        format!("`{}` of {}", self.field, self.owner.describe())
    }
}

/// Seals `plaintext` for `place` to `keys` (its readers' keys: see
/// `seal::values::recipients`), recording both in the header.
pub fn seal(plaintext: &str, keys: &[PublicKey], place: &Place) -> Result<String, String> {
    armor::seal(plaintext, keys, &place.text())
}

/// Opens, in memory, a sealed value written at `place`: only if it was
/// sealed for that place (or before mentor recorded places).
pub fn open(armored: &str, identity: &Identity, place: &Place) -> Opened {
    armor::open(armored, identity, &place.text())
}

/// How a sealed value stands where it is written, from its header alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Sealed for this place, to the keys with these fingerprints.
    Here(BTreeSet<String>),
    /// Sealed for another entry of the same record (only the date differs):
    /// the same readers, moved; `seal --rotate` binds it here.
    Moved(Place, BTreeSet<String>),
    /// Sealed for a place with other readers (described): a copy.
    Elsewhere(String),
    /// Sealed before mentor recorded places and keys (or by another tool).
    Unbound,
    Broken(String),
}

/// How the sealed value `armored`, written at `place`, stands there.
pub fn standing(place: &Place, armored: &str) -> Standing {
    let header = match armor::header(armored) {
        Ok(header) => header,
        Err(why) => return Standing::Broken(why),
    };
    let Some(binding) = header.binding else {
        return Standing::Unbound;
    };
    if binding.place == place.text() {
        return Standing::Here(binding.readers);
    }
    match Place::read(&binding.place) {
        Some(bound) if bound.same_but_date(place) => Standing::Moved(bound, binding.readers),
        Some(bound) => Standing::Elsewhere(bound.describe()),
        None => Standing::Elsewhere(format!(
            "a place this version of mentor does not know (`{}`)",
            crate::text::excerpt(&binding.place)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assessment, Closure, Feedback, Meeting, Person};
    use crate::seal::keys::generate;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).expect("date")
    }

    fn feedback(pair: &str, by: &str, on: &str) -> Place {
        Place::new(
            Owner::Feedback {
                pair: pair.into(),
                by: by.into(),
                date: date(on),
            },
            Feedback::COMMENT,
        )
    }

    #[test]
    fn places_read_back_from_their_text() {
        let places = [
            feedback("a--b", "a", "2026-03-01"),
            Place::new(
                Owner::Meeting {
                    pair: "a--b".into(),
                    date: date("2026-02-01"),
                },
                Meeting::PRIVATE_NOTES,
            ),
            Place::new(
                Owner::Assessment {
                    pair: "a--b".into(),
                    by: "b".into(),
                    date: date("2026-01-01"),
                },
                Assessment::LEVELS,
            ),
            Place::new(
                Owner::Closure {
                    pair: "a--b".into(),
                },
                Closure::NOTE,
            ),
            Place::new(Owner::Person { id: "a".into() }, Person::AVOID),
            Place::new(
                Owner::Concern {
                    pair: "a--b".into(),
                    number: 2,
                    date: date("2026-03-02"),
                },
                crate::model::ConcernEntry::TEXT,
            ),
            Place::pseudonym_key(),
            // Ids are data: whatever they hold, the text reads back the same.
            feedback("a\"], [\"b", "x y", "2026-03-01"),
        ];
        for place in places {
            assert_eq!(
                Place::read(&place.text()).as_ref(),
                Some(&place),
                "{}",
                place.text()
            );
        }
        assert_eq!(
            feedback("a--b", "a", "2026-03-01").text(),
            r#"["feedback","a--b","a","2026-03-01","comment"]"#
        );
        for unknown in [
            "",
            "[]",
            r#"["feedback","a--b"]"#,
            r#"["meeting","a--b","soon","x"]"#,
            "{}",
        ] {
            assert_eq!(Place::read(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn only_the_date_may_differ_within_a_record() {
        let here = feedback("a--b", "a", "2026-03-01");
        assert!(here.same_but_date(&feedback("a--b", "a", "2026-02-01")));
        assert!(!here.same_but_date(&feedback("c--b", "a", "2026-03-01")));
        assert!(!here.same_but_date(&feedback("a--b", "b", "2026-03-01")));
        let rating = Place::new(here.owner.clone(), Feedback::SATISFACTION);
        assert!(!here.same_but_date(&rating));
        let closure = Place::new(
            Owner::Closure {
                pair: "a--b".into(),
            },
            Closure::NOTE,
        );
        assert!(
            !closure.same_but_date(&closure.clone()),
            "no date, nothing moved"
        );
    }

    #[test]
    fn a_header_tells_where_a_value_stands() {
        let (_, public) = generate();
        let key: PublicKey = public.parse().expect("key");
        let here = feedback("a--b", "a", "2026-03-01");
        let sealed = seal("fine", std::slice::from_ref(&key), &here).expect("seal");
        let readers = BTreeSet::from([key.fingerprint()]);
        assert_eq!(standing(&here, &sealed), Standing::Here(readers.clone()));
        let later = feedback("a--b", "a", "2026-04-01");
        assert_eq!(
            standing(&later, &sealed),
            Standing::Moved(here.clone(), readers)
        );
        assert_eq!(
            standing(&feedback("c--d", "a", "2026-03-01"), &sealed),
            Standing::Elsewhere("`comment` of pair `a--b`, feedback by `a` of 2026-03-01".into())
        );
        assert!(matches!(
            standing(&here, "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n"),
            Standing::Broken(_)
        ));
    }
}

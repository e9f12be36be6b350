//! Shared wiring of the commands that write survey answers (`survey
//! answer`, `import survey`): how one person's answers to one occasion are
//! kept, confidential ones sealed for them and the coordinators.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;

use crate::commands::Sealing;
use crate::decode::Field;
use crate::edit::EntryValue;
use crate::model::{Question, QuestionKind, Survey, SurveyAnswer};
use crate::seal::fields;
use crate::seal::places::Owner;
use crate::workspace::{PairEntry, Workspace};

/// One person's answers to one occasion of a survey, for one pair (or,
/// `None`, asked of them alone: kept in their own file).
pub(crate) struct AnswerOccasion<'a> {
    pub survey: &'a Survey,
    pub entry: Option<&'a PairEntry>,
    pub person: &'a str,
    pub occasion: NaiveDate,
}

impl AnswerOccasion<'_> {
    /// How each confidential question's answer is kept (`None`: plain,
    /// where the programme does not seal); refused, naming who lacks a
    /// key, before any answer is asked for.
    pub fn sealings(&self, ws: &Workspace) -> Result<BTreeMap<String, Option<Sealing>>> {
        let mut sealings = BTreeMap::new();
        for question in self.survey.questions.iter().filter(|q| q.is_confidential()) {
            let survey = self.survey.id.clone();
            let (kind, owner) = match self.entry {
                Some(entry) => (
                    &fields::SURVEY_ANSWER,
                    Owner::SurveyAnswer {
                        pair: entry.id.clone(),
                        by: self.person.to_string(),
                        survey,
                        occasion: self.occasion,
                        question: question.id.clone(),
                    },
                ),
                None => (
                    &fields::PERSON_SURVEY_ANSWER,
                    Owner::PersonSurveyAnswer {
                        person: self.person.to_string(),
                        survey,
                        occasion: self.occasion,
                        question: question.id.clone(),
                    },
                ),
            };
            let sealing = Sealing::of(
                ws,
                kind,
                owner,
                SurveyAnswer::PRIVATE_ANSWER,
                self.entry.map(|e| &e.pair),
                false,
                "confidential survey answers",
            )?;
            sealings.insert(question.id.clone(), sealing);
        }
        Ok(sealings)
    }

    /// The `surveys.yaml` entries of `given` (question id to answer), one
    /// per question answered, in the survey's order, answered on `date`.
    pub fn entries(
        &self,
        given: &BTreeMap<String, String>,
        sealings: &BTreeMap<String, Option<Sealing>>,
        date: NaiveDate,
    ) -> Result<Vec<Vec<(Field, EntryValue)>>> {
        let mut entries = Vec::new();
        for question in &self.survey.questions {
            let Some(text) = given.get(&question.id) else {
                continue;
            };
            let sealing = sealings.get(&question.id).and_then(Option::as_ref);
            let value = Sealing::keep(sealing, text, plain_value(question, text))?;
            let field = if question.is_confidential() {
                SurveyAnswer::PRIVATE_ANSWER
            } else {
                SurveyAnswer::ANSWER
            };
            entries.push(vec![
                (
                    SurveyAnswer::SURVEY,
                    EntryValue::Word(self.survey.id.clone()),
                ),
                (SurveyAnswer::OCCASION, EntryValue::Date(self.occasion)),
                (SurveyAnswer::BY, EntryValue::Word(self.person.to_string())),
                (SurveyAnswer::DATE, EntryValue::Date(date)),
                (
                    SurveyAnswer::QUESTION,
                    EntryValue::Word(question.id.clone()),
                ),
                (field, value),
            ]);
        }
        Ok(entries)
    }
}

/// A readable answer as the file writes it: numbers as numbers, the
/// options of a `multiple` question as a list.
fn plain_value(question: &Question, text: &str) -> EntryValue {
    match question.kind {
        QuestionKind::Scale | QuestionKind::Number => match text.trim().parse::<i64>() {
            Ok(n) => EntryValue::Number(n),
            Err(_) => EntryValue::Text(text.trim().to_string()),
        },
        QuestionKind::Multiple => {
            EntryValue::Texts(text.lines().map(|l| l.trim().to_string()).collect())
        }
        QuestionKind::Single | QuestionKind::Text => EntryValue::Text(text.trim().to_string()),
    }
}

/// The survey with this id, or an error naming the closest.
pub(crate) fn find_survey<'w>(ws: &'w Workspace, id: &str) -> Result<&'w Survey> {
    let surveys = ws.programme.as_ref().map_or(&[][..], |p| &p.surveys[..]);
    surveys.iter().find(|s| s.id == id).ok_or_else(|| {
        let hint = crate::decode::did_you_mean(id, surveys.iter().map(|s| s.id.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        anyhow::anyhow!("programme.toml declares no survey `{id}`{hint}")
    })
}

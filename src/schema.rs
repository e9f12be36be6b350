//! JSON Schemas of the record files, derived from the same declarations the
//! loader decodes with (see [`crate::decode`]), so they cannot drift.

use serde_json::{Value as Json, json};

use crate::decode::Decode;
use crate::model::{AssessmentFile, FeedbackFile, GoalsFile, LogFile, Pair, Person, Programme};

/// `(file name, schema document)` for every record file.
pub fn documents() -> Vec<(&'static str, String)> {
    [
        (
            "programme.schema.json",
            "Mentoring programme",
            Programme::schema(),
        ),
        (
            "person.schema.json",
            "Mentoring participant",
            Person::schema(),
        ),
        ("pair.schema.json", "Mentoring pair", Pair::schema()),
        (
            "goals.schema.json",
            "Mentoring pair goals",
            GoalsFile::schema(),
        ),
        (
            "log.schema.json",
            "Mentoring pair meeting log",
            LogFile::schema(),
        ),
        (
            "feedback.schema.json",
            "Mentoring pair feedback",
            FeedbackFile::schema(),
        ),
        (
            "assessment.schema.json",
            "Mentoring pair skills assessments",
            AssessmentFile::schema(),
        ),
    ]
    .into_iter()
    .map(|(name, title, mut schema)| {
        allow_sealed_values(name, &mut schema);
        (name, document(name, title, schema))
    })
    .collect()
}

/// A private field holds its value, or the value sealed (`mentor seal`).
fn allow_sealed_values(name: &str, schema: &mut Json) {
    let sealed = json!({
        "type": "string",
        "pattern": format!("^{}", crate::seal::armor::BEGIN),
        "description": "Sealed by `mentor seal`: an ASCII-armored age message only the field's readers can open."
    });
    for (document, path, fields) in crate::seal::places::schema_places() {
        if document != name {
            continue;
        }
        let mut record = &mut *schema;
        for step in path {
            record = &mut record[*step];
        }
        if name == "feedback.schema.json"
            && let Some(required) = record["required"].as_array_mut()
        {
            // Optional in the model only so a sealed rating reads as absent.
            required.push(json!("satisfaction"));
        }
        for field in fields {
            let property = &mut record["properties"][field];
            let description = property.get("description").cloned();
            let plain = property.take();
            let mut either = json!({ "anyOf": [plain, sealed] });
            if let Some(description) = description {
                either["description"] = description;
            }
            *property = either;
        }
    }
}

fn document(name: &str, title: &str, schema: Json) -> String {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://mentor.invalid/schemas/{name}"),
        "title": title,
    });
    if let (Some(root), Json::Object(fields)) = (root.as_object_mut(), schema) {
        root.extend(fields);
    }
    format!(
        "{}\n",
        serde_json::to_string_pretty(&root).unwrap_or_default()
    )
}

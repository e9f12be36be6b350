//! JSON Schemas of the record files, derived from the same declarations the
//! loader decodes with (see [`crate::decode`]), so they cannot drift.

use serde_json::{Value as Json, json};

use crate::decode::Decode;
use crate::model::{FeedbackFile, GoalsFile, LogFile, Pair, Person, Programme};

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
    ]
    .into_iter()
    .map(|(name, title, schema)| (name, document(name, title, schema)))
    .collect()
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

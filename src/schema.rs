//! JSON Schemas of the record files, derived from the same declarations the
//! loader decodes with (see [`crate::decode`]), so they cannot drift.

use serde_json::{Value as Json, json};

use crate::layout::{self, PAIR_FILES, PERSON_SCHEMA, PROGRAMME_SCHEMA};
use crate::model::Feedback;

/// `(file name, schema document)` for every record file: the programme's,
/// a person's, and one per row of the pair-file table.
pub fn documents() -> Vec<(&'static str, String)> {
    [PROGRAMME_SCHEMA, PERSON_SCHEMA]
        .into_iter()
        .chain(PAIR_FILES.iter().map(|file| file.schema))
        .map(|schema| {
            let mut json = (schema.of)();
            allow_sealed_values(schema.name, &mut json);
            (schema.name, document(schema.name, schema.title, json))
        })
        .collect()
}

/// A private field holds its value, or the value sealed (`mentor seal`).
fn allow_sealed_values(name: &str, schema: &mut Json) {
    let sealed = json!({
        "type": "string",
        "pattern": format!("^{}", crate::sealed_text::BEGIN),
        "description": "Sealed by `mentor seal`: an ASCII-armored age message only the field's readers can open."
    });
    for (document, path, fields) in crate::seal::fields::schema_places() {
        if document != name {
            continue;
        }
        let mut record = &mut *schema;
        for step in path {
            record = &mut record[step];
        }
        if name == layout::FEEDBACK.schema.name
            && let Some(required) = record["required"].as_array_mut()
        {
            // Optional in the model only so a sealed rating reads as absent.
            required.push(json!(Feedback::SATISFACTION.name()));
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

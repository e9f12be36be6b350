//! TOML edits through `toml_edit`: values are replaced or added in place, so
//! the comments, spacing and hand-added fields around them survive.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table};

use crate::decode::Field;
use crate::edit::{EntryValue, Target};

/// A date as a TOML value.
pub fn date(date: NaiveDate) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).unwrap_or(1),
            day: u8::try_from(date.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    }
}

/// A value as TOML.
pub fn value(value: &EntryValue) -> toml_edit::Value {
    match value {
        EntryValue::Word(s) | EntryValue::Text(s) | EntryValue::Sealed(s) => s.as_str().into(),
        EntryValue::Date(d) => date(*d).into(),
        EntryValue::Number(n) => (*n).into(),
        EntryValue::Bool(b) => (*b).into(),
        EntryValue::Levels(pairs) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in pairs {
                table.insert(k, (*v).into());
            }
            table.into()
        }
        EntryValue::Ids(items) | EntryValue::Texts(items) => {
            items.iter().map(String::as_str).collect::<Array>().into()
        }
    }
}

/// The value an existing item holds, in the same terms, to tell whether a
/// field would change.
fn current(item: &Item) -> Option<EntryValue> {
    let value = item.as_value()?;
    if let Some(s) = value.as_str() {
        return Some(EntryValue::Text(s.to_string()));
    }
    if let Some(n) = value.as_integer() {
        return Some(EntryValue::Number(n));
    }
    if let Some(d) = value.as_datetime().and_then(|d| d.date) {
        return NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            .map(EntryValue::Date);
    }
    value.as_array().map(|a| {
        EntryValue::Texts(
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        )
    })
}

/// Comparable form: ids and texts are both strings once written.
fn normal(value: &EntryValue) -> EntryValue {
    match value {
        EntryValue::Word(s) => EntryValue::Text(s.clone()),
        EntryValue::Ids(items) => EntryValue::Texts(items.clone()),
        other => other.clone(),
    }
}

/// Set one field (`a.b` for a field of a nested table) unless it already
/// holds this value; true when the document changed. A replaced value keeps
/// its comment and spacing.
pub fn set_field(doc: &mut DocumentMut, field: &str, new: &EntryValue) -> bool {
    let (table, key) = match field.split_once('.') {
        Some((table, key)) => {
            if !doc.contains_key(table) {
                doc[table] = Item::Table(Table::new());
            }
            match doc[table].as_table_mut() {
                Some(t) => (t, key),
                None => return false,
            }
        }
        None => (doc.as_table_mut(), field),
    };
    if table.get(key).and_then(current) == Some(normal(new)) {
        return false;
    }
    match table.get_mut(key).and_then(|i| i.as_value_mut()) {
        Some(existing) => {
            let decor = existing.decor().clone();
            *existing = value(new);
            *existing.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(value(new)));
        }
    }
    true
}

/// Set `target` to `new` unless it already holds it ([`set_field`]).
pub fn set(doc: &mut DocumentMut, target: Target, new: &EntryValue) -> bool {
    set_field(doc, &target.path(), new)
}

/// A new document holding these fields, in this order.
pub fn document(fields: &[(Target, EntryValue)]) -> DocumentMut {
    let mut doc = DocumentMut::new();
    for (target, value) in fields {
        set(&mut doc, *target, value);
    }
    doc
}

/// Append one table to the array of tables `list` in a TOML document,
/// keeping comments and formatting.
pub fn append_item(text: &str, list: Field, fields: &[(Field, EntryValue)]) -> Result<String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| anyhow::anyhow!("the file is not valid TOML: {e}"))?;
    push_table(&mut doc, list, fields)?;
    Ok(doc.to_string())
}

/// Append one table to the array of tables `list` of a document.
pub fn push_table(
    doc: &mut DocumentMut,
    list: Field,
    fields: &[(Field, EntryValue)],
) -> Result<()> {
    let key = list.name();
    let mut table = Table::new();
    for (field, entry) in fields {
        table.insert(field.name(), Item::Value(value(entry)));
    }
    match doc.get_mut(key) {
        None => {
            let mut array = ArrayOfTables::new();
            array.push(table);
            doc.insert(key, Item::ArrayOfTables(array));
        }
        Some(Item::ArrayOfTables(array)) => array.push(table),
        Some(_) => bail!("`{key}` is not an array of tables ([[{key}]]); mentor cannot add to it"),
    }
    Ok(())
}

/// A record file with these fields set (`a.b` for a field of a table),
/// keeping its comments and layout: the change to write. TOML files only;
/// a YAML record is named, to be edited by hand.
pub fn changed_record(
    path: &std::path::Path,
    fields: &[(Target, EntryValue)],
) -> Result<crate::edit::Change> {
    edited_record(path, fields, |_| Ok(()))
}

/// A record file with one more table in its array of tables `list`
/// (`[[pause]]`) and these fields set, keeping its comments and layout.
pub fn appended_record(
    path: &std::path::Path,
    list: Field,
    item: &[(Field, EntryValue)],
    fields: &[(Target, EntryValue)],
) -> Result<crate::edit::Change> {
    edited_record(path, fields, |doc| push_table(doc, list, item))
}

/// A record file with `also` done to its document and these fields set,
/// keeping its comments and layout: the change to write. TOML files only.
pub fn edited_record(
    path: &std::path::Path,
    fields: &[(Target, EntryValue)],
    also: impl FnOnce(&mut DocumentMut) -> Result<()>,
) -> Result<crate::edit::Change> {
    let base = crate::load::read_record_text(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", crate::load::display_path(path)))?;
    if path.extension().is_none_or(|e| e != "toml") {
        let list: Vec<String> = fields
            .iter()
            .map(|(f, _)| format!("`{}`", f.path()))
            .collect();
        bail!(
            "{} is YAML, which mentor does not rewrite field by field: set {} there by hand",
            crate::load::display_path(path),
            list.join(", ")
        );
    }
    let mut doc: DocumentMut = base.parse().map_err(|e| {
        anyhow::anyhow!("{} is not valid TOML: {e}", crate::load::display_path(path))
    })?;
    also(&mut doc)?;
    for (target, value) in fields {
        set(&mut doc, *target, value);
    }
    Ok(crate::edit::Change::update(
        path.to_path_buf(),
        base,
        doc.to_string(),
    ))
}

/// A whole TOML document written afresh from a tree (`mentor person
/// erase` rewrites a pair's files this way, so no comment survives).
pub fn document_of_tree(root: &crate::node::Node) -> Result<String> {
    let crate::node::Value::Map(entries) = &root.value else {
        bail!("a TOML document is a table");
    };
    let mut doc = DocumentMut::new();
    fill_table(doc.as_table_mut(), entries)?;
    Ok(doc.to_string())
}

fn fill_table(table: &mut Table, entries: &[(crate::node::Key, crate::node::Node)]) -> Result<()> {
    use crate::node::Value as V;
    for (key, value) in entries {
        let item = match &value.value {
            V::Map(inner) => {
                let mut sub = Table::new();
                fill_table(&mut sub, inner)?;
                Item::Table(sub)
            }
            V::Seq(items)
                if !items.is_empty() && items.iter().all(|i| matches!(i.value, V::Map(_))) =>
            {
                let mut tables = ArrayOfTables::new();
                for item in items {
                    if let V::Map(inner) = &item.value {
                        let mut sub = Table::new();
                        fill_table(&mut sub, inner)?;
                        tables.push(sub);
                    }
                }
                Item::ArrayOfTables(tables)
            }
            _ => Item::Value(tree_value(value)?),
        };
        table.insert(&key.name, item);
    }
    Ok(())
}

fn tree_value(node: &crate::node::Node) -> Result<toml_edit::Value> {
    use crate::node::Value as V;
    Ok(match &node.value {
        V::Bool(b) => (*b).into(),
        V::Int(n) => (*n).into(),
        V::Float(x) => (*x).into(),
        V::Str(text) => text.as_str().into(),
        V::Datetime(text) => text
            .parse::<toml_edit::Datetime>()
            .map_err(|e| anyhow::anyhow!("`{text}` is not a TOML date: {e}"))?
            .into(),
        V::Seq(items) => {
            let mut array = Array::new();
            for item in items {
                array.push(tree_value(item)?);
            }
            array.into()
        }
        V::Map(entries) => {
            let mut inline = toml_edit::InlineTable::new();
            for (key, value) in entries {
                inline.insert(&key.name, tree_value(value)?);
            }
            inline.into()
        }
        V::Null => bail!("TOML has no empty value"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Approval, LogFile, Meeting, Person};

    #[test]
    fn toml_append_keeps_comments() {
        let text = "# log\n[[meetings]] # first\ndate = 2026-03-01\n";
        let fields = [(
            Meeting::DATE,
            EntryValue::Date(NaiveDate::from_ymd_opt(2026, 3, 20).expect("date")),
        )];
        let out = append_item(text, LogFile::MEETINGS, &fields).expect("append");
        assert!(
            out.starts_with("# log\n[[meetings]] # first\ndate = 2026-03-01\n"),
            "{out}"
        );
        assert!(out.contains("[[meetings]]\ndate = 2026-03-20"), "{out}");
    }

    #[test]
    fn set_field_keeps_comments_and_reports_no_change_for_the_same_value() {
        let mut doc: DocumentMut = "name = \"Ana\" # as she writes it\n".parse().expect("toml");
        assert!(!set_field(
            &mut doc,
            "name",
            &EntryValue::Text("Ana".into())
        ));
        assert!(set_field(
            &mut doc,
            "name",
            &EntryValue::Text("Ana Silva".into())
        ));
        let approved_by = Target::within(Person::SUPERVISOR_APPROVAL, Approval::BY);
        assert!(set(&mut doc, approved_by, &EntryValue::Word("kim".into())));
        let text = doc.to_string();
        assert!(
            text.starts_with("name = \"Ana Silva\" # as she writes it\n"),
            "{text}"
        );
        assert!(
            text.contains("[supervisor_approval]\nby = \"kim\""),
            "{text}"
        );
    }
}

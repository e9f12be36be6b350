//! Sealed values written in place: a private field's value is replaced by
//! its armored age message and every other byte of the file is kept (sops'
//! model). In YAML the message becomes a literal block (`|`), or a quoted
//! string inside a flow mapping; in TOML a multi-line string. Each
//! replacement is read back before it is accepted: a layout this module does
//! not understand is refused, never written wrong.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use crate::edit::Change;
use crate::load::{Overlay, load_with};
use crate::node::{self, Node, Syntax, Value};
use crate::seal::Identity;
use crate::seal::armor::Opened;
use crate::seal::fields::Reader;
use crate::seal::places::{self, Place, Standing};
use crate::seal::provenance::Sightings;
use crate::seal::values::{self, PrivateValue, State};
use crate::source::{ByteRange, FileId, SourceFile};
use crate::workspace::Workspace;

/// Replace the value written at `range` (a value span from the loader) with
/// `armored` (ending in a newline), and check that the file then reads that
/// exact text there.
pub fn replace_value(
    text: &str,
    syntax: Syntax,
    range: ByteRange,
    armored: &str,
) -> Result<String> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start > end || end > text.len() || !armored.ends_with('\n') {
        bail!("the value's place in the file is out of date; run the command again");
    }
    let (from, replacement, to) = match syntax {
        Syntax::Toml => (start, format!("\"\"\"\n{armored}\"\"\""), end),
        Syntax::Yaml => yaml(text, start, end, armored)?,
    };
    let new = format!("{}{replacement}{}", &text[..from], &text[to..]);
    if reads_back(&new, syntax, from, from + replacement.len()).as_deref() != Some(armored) {
        bail!(
            "cannot seal the value in place at byte {start}: write it on one line after its key (`key: value`) and run the command again"
        );
    }
    Ok(new)
}

/// Where the YAML value of the key before `start` begins and ends, and what
/// replaces it.
fn yaml(text: &str, start: usize, end: usize, armored: &str) -> Result<(usize, String, usize)> {
    let bytes = text.as_bytes();
    // Back from the value to the colon after its key, over the space, a block
    // indicator (`|`, `>-`, ...) or a block list's dash and line breaks.
    let mut colon = start;
    while colon > 0
        && matches!(
            bytes[colon - 1],
            b' ' | b'\t' | b'\r' | b'\n' | b'|' | b'>' | b'+' | b'-' | b'0'..=b'9'
        )
    {
        colon -= 1;
    }
    if colon == 0 || bytes[colon - 1] != b':' {
        bail!("cannot find the key of the value at byte {start}");
    }
    let line_start = text[..colon].rfind('\n').map_or(0, |i| i + 1);
    let key_line = &text[line_start..colon];
    let key_offset = key_line.rfind([' ', '\t', '{', ',']).map_or(0, |i| i + 1);
    let key_column = key_line[..key_offset].chars().count();
    let before_key = key_line[..key_offset].trim_end();
    let in_flow = before_key.ends_with('{') || before_key.ends_with(',');
    let value_to = if text[colon..start].contains('\n') {
        block_end(text, start, key_column)
    } else if matches!(bytes[start], b'[' | b'{') {
        flow_end(text, start).unwrap_or(end)
    } else {
        end
    };
    if in_flow {
        return Ok((
            colon,
            format!(" {}", serde_json::to_string(armored)?),
            value_to,
        ));
    }
    // A comment after the value moves up to the block's first line.
    let line_end = text[value_to..]
        .find('\n')
        .map_or(text.len(), |i| value_to + i);
    let rest = &text[value_to..line_end];
    let (comment, value_to) = if rest.trim_start().starts_with('#') {
        (rest, line_end)
    } else {
        ("", value_to)
    };
    let indent = " ".repeat(key_column + 2);
    let body: Vec<String> = armored.lines().map(|l| format!("{indent}{l}")).collect();
    Ok((colon, format!(" |{comment}\n{}", body.join("\n")), value_to))
}

/// The end of a block value starting on a later line than its key: the last
/// non-blank line indented deeper than the key (or a list item at the key's
/// column, which YAML allows).
fn block_end(text: &str, start: usize, key_column: usize) -> usize {
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        let belongs = blank
            || indent > key_column
            || (indent == key_column && line[indent..].starts_with("- "));
        if !belongs {
            break;
        }
        if !blank {
            end = line_end;
        }
        line_start = line_end + 1;
    }
    end.max(start)
}

/// Just past the bracket closing the flow list or mapping opening at `start`.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &b) in text.as_bytes().iter().enumerate().skip(start) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => depth += 1,
            (None, b']' | b'}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The string value the new file holds between `from` and `to`, if the file
/// parses and one is there.
fn reads_back(text: &str, syntax: Syntax, from: usize, to: usize) -> Option<String> {
    let file = SourceFile::new("sealed".into(), "sealed".into(), text.to_string());
    let root = node::parse(&file, syntax).ok()?;
    find_string(&root, from, to)
}

fn find_string(node: &Node, from: usize, to: usize) -> Option<String> {
    // A block's range runs on over the next line's indentation: only its
    // start is compared.
    let start = node.range.start as usize;
    match &node.value {
        Value::Str(s) if (from..=to).contains(&start) => Some(s.clone()),
        Value::Map(entries) => entries.iter().find_map(|(_, v)| find_string(v, from, to)),
        Value::Seq(items) => items.iter().find_map(|v| find_string(v, from, to)),
        _ => None,
    }
}

/// What `mentor seal` will write, and what it cannot seal.
#[derive(Debug, Default)]
pub struct SealPlan {
    /// One change per file touched.
    pub changes: Vec<Change>,
    /// Plaintext values sealed by the changes.
    pub sealed: Vec<PrivateValue>,
    /// Sealed values re-sealed to their readers' current keys, for their place.
    pub rotated: Vec<PrivateValue>,
    /// Plaintext values left as they are, with the readers who have no key.
    pub unsealable: Vec<(PrivateValue, Vec<Reader>)>,
    /// Values sealed to keys that are no longer right, which the identity
    /// given to `--rotate` cannot open.
    pub not_yours: Vec<PrivateValue>,
    /// Sealed values `--rotate` leaves as they are, and why: sealed for
    /// another place, possibly copied, or damaged.
    pub refused: Vec<(PrivateValue, String)>,
}

/// What `mentor seal --rotate` re-seals with: an identity, and where the
/// programme's sealed values are and have been.
pub struct Rotation<'a> {
    pub identity: &'a Identity,
    pub sightings: &'a Sightings,
}

/// What a sealed value needs from `--rotate`.
enum Rotate {
    /// Nothing: sealed for its place, to its readers' keys.
    No,
    /// Re-seal what was sealed for this place (its own, or the same record's
    /// on another date) to the readers' keys, for where it is written.
    From(Place),
    /// Leave it, for this reason.
    Refuse(String),
}

fn what_rotate_does(
    ws: &Workspace,
    value: &PrivateValue,
    armored: &str,
    sightings: &Sightings,
) -> Rotate {
    let place = value.place();
    let standing = places::standing(&place, armored);
    let stale = values::stale(ws, &value.readers, &standing) == Some(true);
    match standing {
        // validate reports a broken value (E063): nothing opens it.
        Standing::Broken(_) => Rotate::No,
        Standing::Elsewhere(bound) => Rotate::Refuse(format!(
            "it is sealed for {bound}: it was copied here; restore this entry from git history or write it again"
        )),
        Standing::Here(_) if !stale => Rotate::No,
        Standing::Here(_) => Rotate::From(place),
        Standing::Moved(bound, _) => Rotate::From(bound),
        Standing::Unbound => match sightings.refusal(&place, armored) {
            Some(why) => Rotate::Refuse(why),
            None => Rotate::From(place),
        },
    }
}

/// Seal every plaintext private value to its readers' keys, for its place
/// (and, with `--rotate`, re-seal what the identity can read of the values
/// sealed to other keys, moved within their record, or sealed before places
/// were recorded; never a value sealed for another place). The changes are
/// checked before they are returned: the programme as it would be holds
/// each new sealed value where its plaintext was, and every other private
/// value unchanged.
pub fn plan(ws: &Workspace, rotate: Option<Rotation>) -> Result<SealPlan> {
    let values = values::private_values(ws);
    let mut plan = SealPlan::default();
    let mut targets: BTreeMap<FileId, Vec<(ByteRange, String)>> = BTreeMap::new();
    let mut expected: BTreeMap<usize, String> = BTreeMap::new();
    for (index, value) in values.iter().enumerate() {
        let plaintext = match &value.state {
            State::Plain(text) => text.clone(),
            State::Sealed(armored) => {
                let Some(rotation) = &rotate else { continue };
                let bound = match what_rotate_does(ws, value, armored, rotation.sightings) {
                    Rotate::No => continue,
                    Rotate::Refuse(why) => {
                        plan.refused.push((value.clone(), why));
                        continue;
                    }
                    Rotate::From(bound) => bound,
                };
                match places::open(armored, rotation.identity, &bound) {
                    Opened::Plain(text) => text,
                    Opened::NotForYou => {
                        plan.not_yours.push(value.clone());
                        continue;
                    }
                    Opened::Elsewhere(_) | Opened::Broken(_) => {
                        plan.refused.push((
                            value.clone(),
                            "it does not open: it is damaged, or its header was edited; restore this entry from git history".into(),
                        ));
                        continue;
                    }
                }
            }
        };
        let keys = match values::recipients(ws, &value.readers) {
            Ok(keys) => keys,
            Err(missing) => {
                plan.unsealable.push((value.clone(), missing));
                continue;
            }
        };
        let armored =
            places::seal(&plaintext, &keys, &value.place()).map_err(anyhow::Error::msg)?;
        targets.entry(value.span.file).or_default().push((
            ByteRange::new(value.span.start as usize, value.span.end as usize),
            armored.clone(),
        ));
        expected.insert(index, armored);
        match value.state {
            State::Plain(_) => plan.sealed.push(value.clone()),
            State::Sealed(_) => plan.rotated.push(value.clone()),
        }
    }
    for (file, mut edits) in targets {
        let Some(source) = ws.sources.get(file) else {
            bail!("a sealed file is no longer loaded; run the command again");
        };
        let syntax = source
            .path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Syntax::from_extension)
            .unwrap_or(Syntax::Yaml);
        // From the end of the file back, so earlier places stay where they were.
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        let mut text = source.text.clone();
        for (range, armored) in &edits {
            text = replace_value(&text, syntax, *range, armored)
                .with_context(|| format!("in {}", source.display))?;
        }
        plan.changes.push(Change::update(
            source.path.clone(),
            source.text.clone(),
            text,
        ));
    }
    verify(ws, &plan.changes, &values, &expected)?;
    Ok(plan)
}

/// The programme with the changes laid over it must hold the new sealed
/// values where the old ones were, and every other private value as it was.
fn verify(
    ws: &Workspace,
    changes: &[Change],
    before: &[PrivateValue],
    expected: &BTreeMap<usize, String>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let overlay: Overlay = changes
        .iter()
        .map(|c| (c.path.clone(), c.text.clone()))
        .collect();
    let after = values::private_values(&load_with(&ws.root, &overlay)?);
    let same = after.len() == before.len()
        && after.iter().zip(before).enumerate().all(|(i, (a, b))| {
            a.owner == b.owner
                && a.field == b.field
                && match expected.get(&i) {
                    Some(armored) => a.state == State::Sealed(armored.clone()),
                    None => a.state == b.state,
                }
        });
    if !same {
        bail!(
            "nothing written: sealing in place would change more than the private values; please report this with the files involved"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARMOR: &str = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+\n-----END AGE ENCRYPTED FILE-----\n";

    fn value_range(text: &str, syntax: Syntax, key: &str, nth: usize) -> ByteRange {
        fn walk(node: &Node, key: &str, found: &mut Vec<ByteRange>) {
            match &node.value {
                Value::Map(entries) => {
                    for (k, v) in entries {
                        if k.name == key {
                            found.push(v.range);
                        }
                        walk(v, key, found);
                    }
                }
                Value::Seq(items) => items.iter().for_each(|v| walk(v, key, found)),
                _ => {}
            }
        }
        let file = SourceFile::new("t".into(), "t".into(), text.to_string());
        let mut found = Vec::new();
        walk(
            &node::parse(&file, syntax).expect("parses"),
            key,
            &mut found,
        );
        found[nth]
    }

    fn sealed(text: &str, syntax: Syntax, key: &str, nth: usize) -> String {
        let range = value_range(text, syntax, key, nth);
        replace_value(text, syntax, range, ARMOR).expect("sealed in place")
    }

    #[test]
    fn yaml_values_of_every_style_are_sealed_in_place() {
        let text = "# log\nmeetings:\n  - date: 2026-01-01\n    private_notes: plain words  # kept\n  - private_notes: |\n      line one\n      line two\n    minutes: 3\n  - {date: 2026-01-02, private_notes: \"flow\", minutes: 4}\n  - private_notes: 'single'\n    topics: [a]\n";
        let mut out = text.to_string();
        for nth in (0..4).rev() {
            out = sealed(&out, Syntax::Yaml, "private_notes", nth);
        }
        assert!(
            out.starts_with(
                "# log\nmeetings:\n  - date: 2026-01-01\n    private_notes: |  # kept\n      -----BEGIN AGE"
            ),
            "{out}"
        );
        assert!(out.contains("    minutes: 3\n"), "{out}");
        assert!(
            out.contains("private_notes: \"-----BEGIN AGE ENCRYPTED FILE-----\\nYWdl"),
            "{out}"
        );
        assert!(out.contains(", minutes: 4}"), "{out}");
        assert!(out.ends_with("    topics: [a]\n"), "{out}");
        for secret in ["line one", "single", "plain words", "flow\""] {
            assert!(!out.contains(secret), "{secret} left in {out}");
        }
    }

    #[test]
    fn yaml_lists_become_one_sealed_value() {
        let text = "name: Lucia\navoid:\n  - tom\n  - ana\nrole: mentee\n";
        let out = sealed(text, Syntax::Yaml, "avoid", 0);
        assert!(
            out.starts_with("name: Lucia\navoid: |\n  -----BEGIN"),
            "{out}"
        );
        assert!(
            out.ends_with("-----END AGE ENCRYPTED FILE-----\nrole: mentee\n"),
            "{out}"
        );
        let compact = "avoid:\n- tom\nrole: mentee\n";
        let out = sealed(compact, Syntax::Yaml, "avoid", 0);
        assert!(
            out.ends_with("-----END AGE ENCRYPTED FILE-----\nrole: mentee\n"),
            "{out}"
        );
        let map = "levels: {budgeting: 2, leadership: 1}\nstage: final\n";
        let out = sealed(map, Syntax::Yaml, "levels", 0);
        assert!(
            out.ends_with("-----END AGE ENCRYPTED FILE-----\nstage: final\n"),
            "{out}"
        );
        let flow = "avoid: [tom, ana] # why\nrole: mentee\n";
        let out = sealed(flow, Syntax::Yaml, "avoid", 0);
        assert!(
            out.starts_with("avoid: | # why\n  -----BEGIN")
                && out.ends_with("-----END AGE ENCRYPTED FILE-----\nrole: mentee\n"),
            "{out}"
        );
    }

    #[test]
    fn toml_values_become_multi_line_strings() {
        let text = "name = \"George\"\navoid = [\"tom\"] # conflict\n\n[closure]\ndate = 2026-01-01\nnote = '''\nwhy\n'''\nreason = \"other\"\n";
        let out = sealed(text, Syntax::Toml, "avoid", 0);
        assert!(out.contains("avoid = \"\"\"\n-----BEGIN"), "{out}");
        assert!(out.contains("-----\n\"\"\" # conflict\n"), "{out}");
        let out = sealed(&out, Syntax::Toml, "note", 0);
        assert!(
            out.ends_with("-----\n\"\"\"\nreason = \"other\"\n"),
            "{out}"
        );
        let inline = "closure = { date = 2026-01-01, note = \"x\" }\n";
        let out = sealed(inline, Syntax::Toml, "note", 0);
        assert!(out.ends_with("\"\"\" }\n"), "{out}");
    }
}

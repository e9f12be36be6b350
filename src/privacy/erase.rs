//! Erasure: a person replaced by a pseudonym in every record the
//! programme's figures read, the rest of what concerned them removed.
//!
//! - Their person file is deleted; a file under the pseudonym keeps only
//!   what a figure reads (role, status, staff group, department and
//!   organisation, the dates, needs and expertise as competency ids,
//!   capacity): no name, e-mail, manager, profile, keys or free text.
//! - Each pair they were in moves to a folder named with the pseudonym, its
//!   files written afresh from what [`KEPT`] keeps (dates, counts, statuses,
//!   goal ids, ratings and levels); free text, private notes and comments
//!   go. The ratings and levels stay sealed, sealed again for their new
//!   place (the identity given opens them; the pseudonym has no key, so a
//!   value they wrote is sealed to the coordinators).
//! - Every other record file naming them (a manager, a preference) names
//!   the pseudonym instead, its layout kept.
//! - `programme.toml` records the erasure: date, pseudonym, by whom; never
//!   the name.
//!
//! Pure: the command supplies the pseudonym, who erases and the identity,
//! and hands the changes to the one writer.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::access::display;
use crate::decode::Field;
use crate::edit::{Change, EntryValue, Removal, Target};
use crate::layout::{self, FileKind, PairFile};
use crate::model::{
    Agreement, Approval, Assessment, Closure, ErasedPerson, Feedback, Goal, Meeting, Pair,
    PairStatus, Pause, Person, PersonStatus, Privacy, Programme,
};
use crate::node::{Key, Node, Value};
use crate::seal::fields::{KINDS, Where};
use crate::seal::places::{Place, open, seal};
use crate::seal::values::{keys_of, recipients};
use crate::seal::{Identity, Opened};
use crate::workspace::Workspace;

/// What erasing one person writes, and what the history is searched for.
#[derive(Debug)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub removals: Vec<Removal>,
    /// The paths (relative, `/`) that held their records and are gone.
    pub removed_paths: Vec<String>,
}

/// The fields of a record kept for the figures, and of its tables.
struct Kept {
    fields: &'static [Field],
    tables: &'static [(Field, &'static [Field])],
}

/// For each pair file, what its records keep: the one list of what an
/// erased person's pair still says.
const KEPT: &[(&PairFile, Kept)] = &[
    (
        &layout::PAIR,
        Kept {
            fields: &[
                Pair::MENTOR,
                Pair::MENTEE,
                Pair::MENTEES,
                Pair::CO_MENTOR,
                Pair::GROUP,
                Pair::STATUS,
                Pair::PROPOSED_ON,
                Pair::STARTED,
                Pair::ENDS,
                Pair::SCORE,
                Pair::REJECTED_ON,
            ],
            tables: &[
                (
                    Pair::AGREEMENT,
                    &[
                        Agreement::SIGNED,
                        Agreement::CONFIDENTIALITY,
                        Agreement::MEETING_EVERY_DAYS,
                        Agreement::MODE,
                        Agreement::DURATION_MONTHS,
                        Agreement::MID_POINT_REVIEW,
                    ],
                ),
                (Pair::CLOSURE, &[Closure::DATE, Closure::REASON]),
                (Pair::PAUSE, &[Pause::FROM, Pause::TO]),
            ],
        },
    ),
    (
        &layout::LOG,
        Kept {
            fields: &[],
            tables: &[(
                crate::model::LogFile::MEETINGS,
                &[
                    Meeting::DATE,
                    Meeting::MINUTES,
                    Meeting::MODE,
                    Meeting::GOALS,
                ],
            )],
        },
    ),
    (
        &layout::GOALS,
        Kept {
            fields: &[],
            tables: &[(
                crate::model::GoalsFile::GOALS,
                &[
                    Goal::ID,
                    Goal::RELEVANT,
                    Goal::DUE,
                    Goal::STATUS,
                    Goal::ACHIEVED_ON,
                ],
            )],
        },
    ),
    (
        &layout::FEEDBACK,
        Kept {
            fields: &[],
            tables: &[(
                crate::model::FeedbackFile::FEEDBACK,
                &[
                    Feedback::BY,
                    Feedback::DATE,
                    Feedback::STAGE,
                    Feedback::SATISFACTION,
                ],
            )],
        },
    ),
    (
        &layout::ASSESSMENT,
        Kept {
            fields: &[],
            tables: &[(
                crate::model::AssessmentFile::ASSESSMENTS,
                &[
                    Assessment::BY,
                    Assessment::DATE,
                    Assessment::STAGE,
                    Assessment::LEVELS,
                ],
            )],
        },
    ),
];

/// The changes that erase person `id` behind `pseudonym`, on `on`, by `by`.
/// `identity` opens the sealed ratings and levels that move with a pair.
pub fn plan(
    ws: &Workspace,
    id: &str,
    pseudonym: &str,
    on: NaiveDate,
    by: &str,
    identity: Option<&Identity>,
) -> Result<Plan> {
    let entry = ws.person(id).context("no such person")?;
    // A pair still running would go on under a member with no key and no name.
    if let Some(open) = ws
        .pairs_of(id)
        .find(|p| matches!(p.pair.status, PairStatus::Proposed | PairStatus::Active))
    {
        bail!(
            "`{id}` is still in pair `{}` ({}): close it (`mentor pair close`) or turn it down (`mentor pair reject`) first",
            open.id,
            open.pair.status
        );
    }
    let person_path = path_of(ws, entry.file)?;
    let mut changes = vec![stand_in(ws, id, pseudonym, &person_path)?];
    let mut removals = vec![removal(ws, entry.file)?];
    let mut removed_paths = vec![display(ws, entry.file)];
    let mut rewritten: Vec<PathBuf> = vec![person_path];
    // Their own survey answers (asked in no pair) go with them: nobody
    // else's figures are in that file.
    if let Some(own) = ws.person_answers.iter().find(|own| own.id == id) {
        removals.push(removal(ws, own.file)?);
        removed_paths.push(display(ws, own.file));
        rewritten.push(path_of(ws, own.file)?);
    }
    for pair in ws.pairs_of(id) {
        let new_id = renamed(&pair.id, id, pseudonym);
        let mut new_pair = pair.pair.clone();
        let mentors = [&mut new_pair.mentor]
            .into_iter()
            .chain(&mut new_pair.co_mentor);
        let mentees = new_pair.mentee.iter_mut().chain(&mut new_pair.mentees);
        for member in mentors.chain(mentees) {
            if member == id {
                *member = pseudonym.to_string();
            }
        }
        for (file, source) in ws.sources.iter() {
            let relative = display(ws, file);
            if !crate::history::belongs(&pair.id, &relative) {
                continue;
            }
            let Some(kind) = FileKind::of(&ws.root, &source.path) else {
                continue;
            };
            let mut tree = crate::node::parse_revision(&source.display, &source.text)
                .with_context(|| format!("cannot read {}", source.display))?;
            keep_only(&kind, &mut tree, ws);
            let moved = Moved {
                kind: &kind,
                old_pair: &pair.id,
                new_pair: &new_id,
                readers_pair: &new_pair,
                id,
                pseudonym,
            };
            reseal(ws, &moved, &mut tree, identity)?;
            rename_in_tree(&mut tree, id, pseudonym);
            let name = source.path.file_name().context("a file name")?;
            let new_path = pair.dir.with_file_name(&new_id).join(name);
            let text = if source.display.ends_with(".toml") {
                crate::edit::toml::document_of_tree(&tree)?
            } else {
                crate::edit::yaml::document(&tree)
            };
            changes.push(Change::create(new_path, text));
            removals.push(removal(ws, file)?);
            removed_paths.push(relative);
            rewritten.push(source.path.clone());
        }
    }
    let known_as = super::access::known_as(ws, id);
    changes.extend(mentions_elsewhere(ws, &known_as, pseudonym, &rewritten));
    record_erasure(ws, pseudonym, on, by, &mut changes)?;
    Ok(Plan {
        changes,
        removals,
        removed_paths,
    })
}

fn path_of(ws: &Workspace, file: crate::source::FileId) -> Result<PathBuf> {
    Ok(ws
        .sources
        .path_of(file)
        .context("a loaded file")?
        .to_path_buf())
}

fn removal(ws: &Workspace, file: crate::source::FileId) -> Result<Removal> {
    let source = ws.sources.get(file).context("a loaded file")?;
    Ok(Removal {
        path: source.path.clone(),
        base: source.text.clone(),
    })
}

/// A pair id with the person's part (`mentee--mentor`) replaced.
pub fn renamed(pair: &str, id: &str, pseudonym: &str) -> String {
    pair.split("--")
        .map(|part| if part == id { pseudonym } else { part })
        .collect::<Vec<_>>()
        .join("--")
}

/// The person file under the pseudonym: only what a figure reads.
fn stand_in(ws: &Workspace, id: &str, pseudonym: &str, old: &Path) -> Result<Change> {
    let person = &ws.person(id).context("the person")?.person;
    let mut fields: Vec<(Target, EntryValue)> = vec![
        (
            Person::NAME.into(),
            EntryValue::Text(format!("Erased person {pseudonym}")),
        ),
        (
            Person::ROLE.into(),
            EntryValue::Word(person.role.as_str().into()),
        ),
    ];
    let mut date = |field: Field, day: Option<NaiveDate>| {
        if let Some(day) = day {
            fields.push((field.into(), EntryValue::Date(day)));
        }
    };
    date(Person::APPLIED_ON, person.applied_on);
    date(Person::TRAINED_ON, person.trained_on);
    let left = matches!(
        person.status(),
        PersonStatus::Withdrawn | PersonStatus::Completed
    );
    date(Person::LEFT_ON, person.left_on.filter(|_| left));
    if let Some(status) = person.status {
        fields.push((
            Person::STATUS.into(),
            EntryValue::Word(status.as_str().into()),
        ));
    }
    // Organisational units, not the person's own: the figures break pairs
    // down by them (cross-department pairs, `export --by`).
    let units = [
        (Person::GROUP, &person.group),
        (Person::DEPARTMENT, &person.department),
        (Person::ORGANISATION, &person.organisation),
    ];
    for (field, unit) in units {
        if let Some(unit) = unit {
            fields.push((field.into(), EntryValue::Text(unit.clone())));
        }
    }
    if let Some(capacity) = person.capacity {
        fields.push((Person::CAPACITY.into(), EntryValue::Number(capacity.into())));
    }
    for (field, ids) in [
        (Person::NEEDS, &person.needs),
        (Person::EXPERTISE, &person.expertise),
    ] {
        if !ids.is_empty() {
            fields.push((field.into(), EntryValue::Ids(ids.clone())));
        }
    }
    if let Some(approval) = &person.supervisor_approval {
        // The approval's date counts; who gave it named someone.
        fields.push((
            Target::within(Person::SUPERVISOR_APPROVAL, Approval::BY),
            EntryValue::Text("(erased)".into()),
        ));
        fields.push((
            Target::within(Person::SUPERVISOR_APPROVAL, Approval::DATE),
            EntryValue::Date(approval.date),
        ));
    }
    let doc = crate::edit::toml::document(&fields);
    let path = old.with_file_name(format!("{pseudonym}.toml"));
    Ok(crate::edit::scaffold::person_file(
        &path,
        "# Kept for the programme's figures after an erasure (mentor person erase).\n",
        &doc,
    ))
}

/// Keep only what [`KEPT`] says of a pair file's tree; a goal's `relevant`
/// only when it names a competency (else it is free text).
fn keep_only(kind: &FileKind, tree: &mut Node, ws: &Workspace) {
    let Some((_, kept)) = KEPT.iter().find(|(file, _)| kind.is(file)) else {
        // A pair file the erasure does not know: nothing of it is kept.
        tree.value = Value::Map(Vec::new());
        return;
    };
    let Value::Map(entries) = &mut tree.value else {
        return;
    };
    let kept_field = |key: &Key| kept.fields.iter().any(|f| f.name() == key.name);
    let table = |key: &Key| kept.tables.iter().find(|(f, _)| f.name() == key.name);
    entries.retain(|(key, _)| kept_field(key) || table(key).is_some());
    for (key, value) in entries.iter_mut() {
        let Some((_, inner)) = table(key) else {
            continue;
        };
        let keep_in = |node: &mut Node| {
            if let Value::Map(fields) = &mut node.value {
                fields.retain(|(k, v)| {
                    inner.iter().any(|f| f.name() == k.name)
                        && (k.name != Goal::RELEVANT.name() || names_competency(ws, v))
                });
            }
        };
        match &mut value.value {
            Value::Seq(items) => items.iter_mut().for_each(keep_in),
            _ => keep_in(value),
        }
    }
}

fn names_competency(ws: &Workspace, value: &Node) -> bool {
    matches!(&value.value, Value::Str(text) if ws.competency(text).is_some())
}

/// Every text value that is exactly the person's id becomes the pseudonym.
fn rename_in_tree(node: &mut Node, id: &str, pseudonym: &str) {
    match &mut node.value {
        Value::Str(text) if text == id => *text = pseudonym.to_string(),
        Value::Seq(items) => items
            .iter_mut()
            .for_each(|i| rename_in_tree(i, id, pseudonym)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, v)| rename_in_tree(v, id, pseudonym)),
        _ => {}
    }
}

/// Where a pair file's records move from and to.
struct Moved<'a> {
    kind: &'a FileKind,
    old_pair: &'a str,
    new_pair: &'a str,
    /// The pair as it will read (with the pseudonym): whose keys seal.
    readers_pair: &'a Pair,
    /// The person, and who takes their place.
    id: &'a str,
    pseudonym: &'a str,
}

/// Seal each kept sealed value again for its new place, to its readers
/// who have keys (the pseudonym has none).
fn reseal(
    ws: &Workspace,
    moved: &Moved,
    tree: &mut Node,
    identity: Option<&Identity>,
) -> Result<()> {
    for kind in KINDS.iter().filter(|k| k.at().is_in(moved.kind)) {
        let records: Vec<&mut Node> = match (kind.at(), &mut tree.value) {
            (Where::Entries(file), Value::Map(entries)) => {
                let list = file.list().map(Field::name);
                entries
                    .iter_mut()
                    .filter(|(k, _)| Some(k.name.as_str()) == list)
                    .flat_map(|(_, v)| match &mut v.value {
                        Value::Seq(items) => items.iter_mut().collect::<Vec<_>>(),
                        _ => Vec::new(),
                    })
                    .collect()
            }
            (Where::Table(_, table), Value::Map(entries)) => entries
                .iter_mut()
                .filter(|(k, _)| k.name == table.name())
                .map(|(_, v)| v)
                .collect(),
            _ => Vec::new(),
        };
        for record in records {
            let old_owner = kind.owner_in_tree(moved.old_pair, record);
            let mut renamed = record.clone();
            rename_in_tree(&mut renamed, moved.id, moved.pseudonym);
            let new_owner = kind.owner_in_tree(moved.new_pair, &renamed);
            let (Some(old_owner), Some(new_owner)) = (old_owner, new_owner) else {
                continue;
            };
            let readers: Vec<_> = kind
                .readers()
                .of(&new_owner, Some(moved.readers_pair))
                .into_iter()
                .filter(|r| !keys_of(ws, r).is_empty())
                .collect();
            let Value::Map(fields) = &mut record.value else {
                continue;
            };
            for (key, value) in fields.iter_mut() {
                let Value::Str(armored) = &value.value else {
                    continue;
                };
                if !crate::sealed_text::is_sealed(armored) {
                    continue;
                }
                let old = Place {
                    owner: old_owner.clone(),
                    field: key.name.clone(),
                };
                let new = Place {
                    owner: new_owner.clone(),
                    field: key.name.clone(),
                };
                let Some(identity) = identity else {
                    bail!(
                        "{} is sealed and moves with the pair: give an identity that opens it (the coordinators')",
                        old.describe()
                    );
                };
                let plain = match open(armored, identity, &old) {
                    Opened::Plain(text) => text,
                    _ => bail!(
                        "{} is sealed and the identity given cannot open it: give the coordinators' identity",
                        old.describe()
                    ),
                };
                let keys = recipients(ws, &readers).map_err(|_| {
                    anyhow::anyhow!("{}: a reader has no key to seal to", new.describe())
                })?;
                value.value = Value::Str(seal(&plain, &keys, &new).map_err(anyhow::Error::msg)?);
            }
        }
    }
    Ok(())
}

/// Every other record file that names the person (any of `known`: a
/// manager, a preference, an approval, a coordinator's note) names the
/// pseudonym instead, every other byte kept.
fn mentions_elsewhere(
    ws: &Workspace,
    known: &[String],
    pseudonym: &str,
    rewritten: &[PathBuf],
) -> Vec<Change> {
    let mut out = Vec::new();
    for (_, source) in ws.sources.iter() {
        if rewritten.contains(&source.path) || FileKind::of(&ws.root, &source.path).is_none() {
            continue;
        }
        let text = known.iter().fold(source.text.clone(), |text, name| {
            replace_word(&text, name, pseudonym)
        });
        if text != source.text {
            out.push(Change::update(
                source.path.clone(),
                source.text.clone(),
                text,
            ));
        }
    }
    out
}

/// `text` with every whole occurrence of `word` (not inside a longer id,
/// address or name) replaced; case-insensitive for addresses.
pub fn replace_word(text: &str, word: &str, with: &str) -> String {
    let part_of_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@');
    let lower = text.to_lowercase();
    let needle = word.to_lowercase();
    // Case-insensitive matching only where lower-casing keeps byte offsets.
    let (haystack, needle) = if lower.len() == text.len() && needle.len() == word.len() {
        (lower.as_str(), needle)
    } else {
        (text, word.to_string())
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in haystack.match_indices(&needle) {
        if at < last {
            continue;
        }
        let end = at + needle.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(part_of_word) || after.is_some_and(part_of_word) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(with);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Refuse an erasure whose `texts` (what the person's file says and said
/// they are called) would also name someone else: the person's own file,
/// or a version of it in history, can claim another participant's name,
/// the coordinator's address or a handle, and erasing them would then
/// rewrite the other person's records here and, through the printed
/// `filter-repo` command, in all history.
pub fn refuse_texts_of_others(ws: &Workspace, id: &str, texts: &[String]) -> Result<()> {
    let coordinator = ws.programme.as_ref().and_then(|p| p.coordinator.as_ref());
    let others = ws
        .people
        .iter()
        .filter(|p| p.id != id)
        .flat_map(|p| {
            let handles = p.person.github.iter().map(|h| h.to_string());
            let handles = handles.chain(p.person.gitlab.iter().map(|h| h.to_string()));
            let known = super::access::known_as(ws, &p.id)
                .into_iter()
                .chain(handles);
            known.map(|text| (format!("`{}`", p.id), text))
        })
        .chain(coordinator.into_iter().flat_map(|c| {
            let known =
                std::iter::once(c.name.clone()).chain(c.email.iter().chain(&c.aliases).cloned());
            known.map(|text| ("the coordinator".to_string(), text))
        }));
    for (whose, theirs) in others {
        // A whole word of theirs, as the erasure would replace it.
        if let Some(text) = texts.iter().find(|text| {
            !text.trim().is_empty() && replace_word(&theirs, text.trim(), "") != theirs
        }) {
            bail!(
                "`{id}` is known as `{}`, which names {whose} too (`{}`): erasing would rewrite their records and history; correct `{id}`'s file (and, if only history holds it, remove it from the erasure by hand) first",
                crate::text::visible(text),
                crate::text::visible(&theirs)
            );
        }
    }
    Ok(())
}

/// Add `[[privacy.erased]]` to programme.toml (after any edit an earlier
/// step made to it).
fn record_erasure(
    ws: &Workspace,
    pseudonym: &str,
    on: NaiveDate,
    by: &str,
    changes: &mut Vec<Change>,
) -> Result<()> {
    let file = ws.programme_file.context("the programme file")?;
    let source = ws.sources.get(file).context("the programme file")?;
    if !source.display.ends_with(".toml") {
        bail!(
            "mentor records an erasure in programme.toml; this programme's file is {}",
            source.display
        );
    }
    let existing = changes.iter().position(|c| c.path == source.path);
    let text = existing.map_or(source.text.as_str(), |i| changes[i].text.as_str());
    let mut doc: toml_edit::DocumentMut = text.parse().context("programme.toml")?;
    let privacy = doc
        .entry(Programme::PRIVACY.name())
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    let privacy = privacy.as_table_mut().context("[privacy] is a table")?;
    let erased = privacy
        .entry(Privacy::ERASED.name())
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .context("[[privacy.erased]] is a list of tables")?;
    let mut entry = toml_edit::Table::new();
    entry.insert(ErasedPerson::PSEUDONYM.name(), toml_edit::value(pseudonym));
    entry.insert(
        ErasedPerson::ON.name(),
        toml_edit::value(crate::edit::toml::date(on)),
    );
    entry.insert(ErasedPerson::BY.name(), toml_edit::value(by));
    erased.push(entry);
    let change = Change::update(source.path.clone(), source.text.clone(), doc.to_string());
    match existing {
        Some(i) => changes[i] = change,
        None => changes.push(change),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_are_replaced() {
        assert_eq!(
            replace_word(
                "manager = \"ana-silva\" # ana-silva-2 a.silva@x.uk",
                "ana-silva",
                "e1"
            ),
            "manager = \"e1\" # ana-silva-2 a.silva@x.uk"
        );
        assert_eq!(
            replace_word("A.Silva@X.uk, b", "a.silva@x.uk", "e1"),
            "e1, b"
        );
        assert_eq!(
            replace_word("Ana Silvana", "Ana Silva", "e1"),
            "Ana Silvana"
        );
    }

    #[test]
    fn a_pair_id_names_the_pseudonym_in_the_persons_place() {
        assert_eq!(
            renamed("ana-silva--priya-shah", "ana-silva", "erased-1"),
            "erased-1--priya-shah"
        );
        assert_eq!(
            renamed("ana-silva--priya-shah", "priya-shah", "erased-1"),
            "ana-silva--erased-1"
        );
    }
}

//! Turning a spanned [`Node`] tree into model records.
//!
//! Decoding never stops at the first problem: each bad field becomes a
//! diagnostic and the rest of the record is still read. Each model type is
//! declared once with [`record!`] or [`choice!`], which generate the struct, its
//! decoder and its JSON Schema, so the schema editors use cannot drift from what
//! `validate` accepts.

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

pub use crate::date::parse_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::node::{Key, Node, Value};
use crate::source::{ByteRange, FileId, Span};

/// Decoding context: which file we are in and where findings go.
pub struct Cx<'a> {
    pub file: FileId,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Whether the field at this path (such as `meetings[2].private_notes`)
    /// may hold a sealed value: the loader's answer from `seal::fields`.
    pub may_seal: &'a dyn Fn(&str) -> bool,
    /// Whether the file is TOML (tables under `[headers]`) rather than YAML
    /// (tables by indentation): hints about where a line belongs differ.
    pub toml: bool,
    /// The records being decoded around the current one, outermost first:
    /// a key unknown here but known to the enclosing record was written
    /// under the wrong table.
    pub enclosing: Vec<Enclosing>,
}

/// Where a value is in its file, such as `meetings[2].private_notes`: a chain
/// of borrowed links on the decoder's stack, written out only when a message
/// or a seal needs it. (Formatting the path of every field and list element
/// up front cost a tenth of loading a large programme.)
#[derive(Clone, Copy, Debug)]
pub enum FieldPath<'a> {
    /// The file's top-level value.
    Root,
    /// A field of the value at the parent path.
    Field(&'a FieldPath<'a>, &'a str),
    /// An element of the list at the parent path.
    Element(&'a FieldPath<'a>, usize),
}

impl FieldPath<'_> {
    /// Whether this is the file's top-level value.
    pub fn is_root(&self) -> bool {
        matches!(self, FieldPath::Root)
    }

    /// The field's own name when the path ends in a field (`minutes` of
    /// `meetings[0].minutes`), not in a list element.
    pub fn name(&self) -> Option<&str> {
        match self {
            FieldPath::Field(_, name) => Some(name),
            _ => None,
        }
    }
}

impl std::fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field(FieldPath::Root, name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Element(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A record being decoded, for hints about misplaced keys.
#[derive(Clone, Copy, Debug)]
pub struct Enclosing {
    /// What the record is, in a word (`person`, `pair`).
    pub noun: &'static str,
    /// Its fields.
    pub fields: &'static [&'static str],
}

impl Cx<'_> {
    pub fn span(&self, range: ByteRange) -> Span {
        Span::new(self.file, range)
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn wrong_type(
        &mut self,
        node: &Node,
        field: &FieldPath,
        expected: &str,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(
            Code::WrongType,
            self.span(node.range),
            format!(
                "`{field}` must be {expected}, found {}",
                node.value.describe()
            ),
        );
        d.help = help;
        self.report(d);
    }
}

/// The name of a record's field, made only by [`record!`] (as `Pair::MENTOR`):
/// looking up a field the record does not have does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field(&'static str);

impl Field {
    #[doc(hidden)]
    pub const fn declared(name: &'static str) -> Self {
        Self(name)
    }

    /// The name as written in files.
    pub fn name(self) -> &'static str {
        self.0
    }
}

/// A record declared with [`record!`]: where it and each of its fields were
/// written, whatever the record type.
pub trait Record {
    fn at(&self) -> &Spans;
    fn at_mut(&mut self) -> &mut Spans;
}

/// Where each field of a record was written, so checks can point at it.
///
/// Kept small: a programme holds hundreds of thousands of fields, so each
/// position is 12 bytes in one list per record, and what few records need
/// (sealed, opened or blank fields) is kept apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spans {
    /// The whole record (the table or list item).
    pub record: Span,
    /// The record's field names ([`record!`]'s `FIELDS`): positions name a
    /// field by its index in this list.
    names: &'static [&'static str],
    /// Where each written field's value is, in the record's file; a list
    /// field's entry is followed by one entry per element, in order.
    entries: Vec<Entry>,
    rare: Option<Box<Rare>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    /// Index of the field in [`Spans::names`].
    field: u16,
    /// An element of the list the field holds, not the field's value: the
    /// elements follow their field's entry in order, so their place says
    /// which element each is.
    element: bool,
    range: ByteRange,
}

// Hundreds of thousands per programme: kept to 12 bytes.
const _: () = assert!(std::mem::size_of::<Entry>() == 12);

#[derive(Clone, Debug, Default, PartialEq)]
struct Rare {
    /// Fields written sealed (see `seal`): their armored text. The
    /// record reads them as absent until an identity opens them.
    sealed: Vec<(&'static str, String)>,
    /// Fields opened in memory with an identity: what they hold must never
    /// be written or shown beyond their readers.
    opened: Vec<&'static str>,
    /// Fields written with nothing after the colon (`minutes:`): they read
    /// as absent, and checks say so as they would of a missing field.
    blank: Vec<&'static str>,
}

impl Spans {
    /// Positions of a value that is not a record: only the whole of it.
    pub fn new(record: Span) -> Self {
        Self {
            record,
            ..Self::default()
        }
    }

    /// Positions of a record with fields `names`, with room for `entries`
    /// positions (fields and list elements), so the list is never grown.
    pub fn with_capacity(record: Span, names: &'static [&'static str], entries: usize) -> Self {
        Self {
            record,
            names,
            entries: Vec::with_capacity(entries),
            rare: None,
        }
    }

    fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    fn index(&self, name: &str) -> Option<u16> {
        let at = self.names.iter().position(|n| *n == name)?;
        u16::try_from(at).ok()
    }

    /// The position of the field named `name`'s value, if written.
    fn entry(&self, name: &str) -> Option<usize> {
        let field = self.index(name)?;
        self.entries
            .iter()
            .position(|e| e.field == field && !e.element)
    }

    /// The armored text of `field` when it was written sealed.
    pub fn sealed(&self, field: &str) -> Option<&str> {
        self.rare
            .as_ref()?
            .sealed
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, armor)| armor.as_str())
    }

    /// Every sealed field of the record, with its armored text.
    pub fn sealed_fields(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.rare
            .iter()
            .flat_map(|rare| rare.sealed.iter())
            .map(|(name, armor)| (*name, armor.as_str()))
    }

    /// Whether the field named `name` was written (sealed or not).
    pub fn has_named(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    /// The span of the field named `name`, if written.
    pub fn of_named(&self, name: &str) -> Option<Span> {
        self.entry(name).map(|at| self.at(self.entries[at].range))
    }

    fn at(&self, range: ByteRange) -> Span {
        Span::new(self.record.file, range)
    }

    /// Record that an identity opened `field` in memory.
    pub fn opened(&mut self, field: &str) {
        let Some(rare) = self.rare.as_mut() else {
            return;
        };
        if let Some(at) = rare.sealed.iter().position(|(name, _)| *name == field) {
            let (name, _) = rare.sealed.remove(at);
            rare.opened.push(name);
        }
    }

    /// Whether `field` holds a value opened from a seal, in memory.
    pub fn was_sealed(&self, field: Field) -> bool {
        self.rare
            .as_ref()
            .is_some_and(|rare| rare.opened.contains(&field.0))
    }

    /// Element `index` of list field `field`, else the field, else the record.
    pub fn item(&self, field: Field, index: usize) -> Span {
        let Some(at) = self.entry(field.0) else {
            return self.record;
        };
        let element = self.entries[at + 1..]
            .get(index)
            .filter(|e| e.element && e.field == self.entries[at].field);
        self.at(element.unwrap_or(&self.entries[at]).range)
    }

    /// The value of `field` if it was written, else the record itself.
    pub fn of(&self, field: Field) -> Span {
        self.of_named(field.0).unwrap_or(self.record)
    }

    /// Whether `field` was written with a value (an invalid optional value
    /// reads as absent; a blank one is as good as missing).
    pub fn has(&self, field: Field) -> bool {
        self.has_named(field.0)
            && !self
                .rare
                .as_ref()
                .is_some_and(|rare| rare.blank.contains(&field.0))
    }

    /// Note where field `names[field]` was written, and each element if it
    /// is a list.
    fn set(&mut self, field: usize, node: &Node) {
        let Ok(field) = u16::try_from(field) else {
            return;
        };
        self.entries.push(Entry {
            field,
            element: false,
            range: node.range,
        });
        if let Value::Seq(items) = &node.value {
            self.entries.extend(items.iter().map(|item| Entry {
                field,
                element: true,
                range: item.range,
            }));
        }
    }
}

/// How many positions a record's [`Spans`] will hold for `entries`: one per
/// field, one per list element.
pub fn positions(entries: &[(Key, Node)]) -> usize {
    entries
        .iter()
        .map(|(_, node)| match &node.value {
            Value::Seq(items) => 1 + items.len(),
            _ => 1,
        })
        .sum()
}

/// A type that can be read from a programme file.
pub trait Decode: Sized {
    /// Whether a record is incomplete without this field.
    const REQUIRED: bool = true;

    /// The value of an absent optional field.
    fn absent() -> Option<Self> {
        None
    }

    /// Read the value; on failure report why and return `None`. Text is
    /// moved out of the node (the tree is dropped after decoding), not copied.
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self>;

    /// The fields of the value when it is a table (a record), else none.
    fn table_fields() -> &'static [&'static str] {
        &[]
    }

    /// JSON Schema of the value.
    fn schema() -> Json;
}

impl Decode for String {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        if let Value::Str(s) = &mut node.value {
            return Some(std::mem::take(s));
        }
        match &node.value {
            // `- Budget: next steps` reads as a table of one field.
            Value::Map(entries) if entries.len() == 1 => {
                cx.wrong_type(
                    node,
                    field,
                    "text",
                    Some(format!(
                        "the text contains `: `, which YAML reads as a field: put it in quotes, such as `\"{}: ...\"`",
                        crate::text::excerpt(&entries[0].0.name)
                    )),
                );
                None
            }
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                cx.wrong_type(
                    node,
                    field,
                    "text",
                    Some("put the value in quotes to make it text".into()),
                );
                None
            }
            _ => {
                cx.wrong_type(node, field, "text", None);
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "string"})
    }
}

impl Decode for bool {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                cx.wrong_type(
                    node,
                    field,
                    "true or false",
                    Some("write `true` or `false`, without quotes".into()),
                );
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "boolean"})
    }
}

impl Decode for u32 {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Value::Int(i) => match u32::try_from(*i) {
                Ok(n) => Some(n),
                Err(_) => {
                    cx.report(
                        Diagnostic::new(
                            Code::InvalidValue,
                            cx.span(node.range),
                            format!("`{field}` must be zero or more, found {i}"),
                        )
                        .help("use a whole number such as 0, 1 or 30"),
                    );
                    None
                }
            },
            // YAML integers past 64 bits arrive as decimals (TOML refuses them as
            // its spec says): say what is wrong with them.
            Value::Float(x) if x.is_infinite() || (x.fract() == 0.0 && x.abs() > 4e9) => {
                cx.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        cx.span(node.range),
                        format!("`{field}` is far too large a number"),
                    )
                    .help("use a whole number such as 0, 1 or 30"),
                );
                None
            }
            // `"45"` or `45 mins`: the number is there, with quotes or a unit.
            Value::Str(text) => {
                cx.wrong_type(node, field, "a whole number", number_in_text(text, field));
                None
            }
            _ => {
                cx.wrong_type(node, field, "a whole number", None);
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "integer", "minimum": 0})
    }
}

/// The fix for a number written as text: `"45"` and `45 mins` are `45`;
/// `1 hour` or `1.5 hours` in a field counted in minutes are `60` and `90`.
fn number_in_text(text: &str, field: &FieldPath) -> Option<String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number: f64 = text[..digits].parse().ok()?;
    let unit = text[digits..].trim().to_lowercase();
    let counts_minutes = field.name().is_some_and(|f| f.ends_with("minutes"));
    let hours = ["h", "hr", "hrs", "hour", "hours"].contains(&unit.as_str());
    let value = if counts_minutes && hours {
        number * 60.0
    } else {
        number
    };
    if value.fract() != 0.0 {
        return None;
    }
    let how = if unit.is_empty() {
        "without quotes"
    } else if counts_minutes && hours {
        "in minutes, without a unit"
    } else {
        "without a unit"
    };
    Some(format!("write just the number, {how}: {value}"))
}

impl Decode for f64 {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) if x.is_finite() => Some(x),
            _ => {
                cx.wrong_type(node, field, "a number", None);
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "number"})
    }
}

impl Decode for NaiveDate {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        let text = match &node.value {
            Value::Str(s) | Value::Datetime(s) => s.as_str(),
            _ => {
                cx.wrong_type(
                    node,
                    field,
                    "a date",
                    Some("write the date as YYYY-MM-DD, for example 2025-09-01".into()),
                );
                return None;
            }
        };
        match parse_date(text) {
            Ok(date) => Some(date),
            Err(why) => {
                cx.report(
                    Diagnostic::new(
                        Code::InvalidDate,
                        cx.span(node.range),
                        format!(
                            "`{field}` is not a valid date: `{}` {why}",
                            crate::text::excerpt(text)
                        ),
                    )
                    .help(date_help(text)),
                );
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

/// How to write a date given as `text`: a day-month-year date (`3/11/2026`)
/// is spelt out both ways it can be read, so nobody guesses.
fn date_help(text: &str) -> String {
    let parts: Vec<u32> = text
        .trim()
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()
        .unwrap_or_default();
    let [first, second, year] = parts[..] else {
        return "write the date as YYYY-MM-DD, for example 2025-09-01".into();
    };
    // `2026/11/03`: the right order, the wrong separators.
    if first >= 1000 {
        return NaiveDate::from_ymd_opt(first as i32, second, year).map_or_else(
            || "write the date as YYYY-MM-DD, for example 2025-09-01".into(),
            |d| format!("write the date as YYYY-MM-DD, with dashes: {d}"),
        );
    }
    let year = if year < 100 { year + 2000 } else { year };
    let day_month = NaiveDate::from_ymd_opt(year as i32, second, first);
    let month_day = NaiveDate::from_ymd_opt(year as i32, first, second);
    match (day_month, month_day) {
        (Some(a), Some(b)) if a != b => format!(
            "write the date as YYYY-MM-DD: {a} for {}, {b} for {}",
            crate::date::written_out(a),
            crate::date::written_out(b)
        ),
        (Some(a), _) | (None, Some(a)) => format!("write the date as YYYY-MM-DD: {a}"),
        (None, None) => "write the date as YYYY-MM-DD, for example 2025-09-01".into(),
    }
}

impl<T: Decode> Decode for Option<T> {
    const REQUIRED: bool = false;
    fn absent() -> Option<Self> {
        Some(None)
    }
    /// An optional field that is present but invalid is reported and read as
    /// absent, so the rest of its record is still checked. Checks tell the two
    /// apart with [`Spans::has`] and stay quiet about the absent value.
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => Some(T::decode(node, field, cx)),
        }
    }
    fn table_fields() -> &'static [&'static str] {
        T::table_fields()
    }
    fn schema() -> Json {
        T::schema()
    }
}

impl<T: Decode> Decode for Vec<T> {
    const REQUIRED: bool = false;
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
    /// A list with some bad items keeps its good ones, so one broken goal does
    /// not hide the rest of the file from the checks.
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        if let Value::Seq(items) = &mut node.value {
            return Some(
                items
                    .iter_mut()
                    .enumerate()
                    .filter_map(|(i, item)| T::decode(item, &FieldPath::Element(field, i), cx))
                    .collect(),
            );
        }
        match &node.value {
            Value::Null => Some(Vec::new()),
            _ => {
                cx.wrong_type(
                    node,
                    field,
                    "a list",
                    Some("write a list, for example `[\"a\", \"b\"]`".into()),
                );
                Some(Vec::new())
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "array", "items": T::schema()})
    }
}

/// Decode the fields of a table: reports unknown keys (with a suggestion) and
/// hands back the entries, with `slots[i]` the entry of field `known[i]` if
/// written (so each field is found without searching again). Returns `None`
/// when the node is not a table.
/// `tables` are the record's fields that are tables themselves, with their
/// fields: a key that belongs in one of them is said to belong there.
pub fn table<'n>(
    node: &'n mut Node,
    field: &FieldPath,
    known: &[&str],
    tables: fn() -> Vec<(&'static str, &'static [&'static str])>,
    slots: &mut [Option<usize>],
    cx: &mut Cx,
) -> Option<&'n mut [(Key, Node)]> {
    if !matches!(node.value, Value::Map(_)) {
        cx.wrong_type(node, field, "a table", None);
        return None;
    }
    let Value::Map(entries) = &mut node.value else {
        return None;
    };
    for (at, (key, _)) in entries.iter().enumerate() {
        if let Some(known_at) = known.iter().position(|name| *name == key.name) {
            // The first entry of a name counts (a repeated key is a syntax error).
            slots[known_at].get_or_insert(at);
        } else {
            let within = if field.is_root() {
                String::new()
            } else {
                format!(" in `{field}`")
            };
            let mut d = Diagnostic::new(
                Code::UnknownField,
                cx.span(key.range),
                format!(
                    "unknown field `{}`{within}",
                    crate::text::excerpt(&key.name)
                ),
            );
            d.help = Some(
                misplaced_key_help(&key.name, &field.to_string(), tables, cx).unwrap_or_else(
                    || match did_you_mean(&key.name, known.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("known fields: {}", known.join(", ")),
                    },
                ),
            );
            cx.report(d);
        }
    }
    Some(entries)
}

/// Where a key unknown in table `field` belongs, when it is a field of the
/// enclosing record (`status` written below `[supervisor_approval]`) or of
/// one of this record's tables (`signed` at the top of pair.toml).
fn misplaced_key_help(
    key: &str,
    field: &str,
    tables: fn() -> Vec<(&'static str, &'static [&'static str])>,
    cx: &Cx,
) -> Option<String> {
    let last = field.rsplit('.').next().unwrap_or(field);
    if let Some(parent) = cx
        .enclosing
        .last()
        .filter(|p| !field.is_empty() && p.fields.contains(&key))
    {
        let noun = parent.noun.replace('_', " ");
        return Some(if cx.toml {
            format!(
                "`{key}` belongs to the {noun}, not to `[{field}]`: move this line above the `[{field}]` header"
            )
        } else {
            format!(
                "`{key}` belongs to the {noun}, not to `{last}`: remove the indentation so the line starts where `{last}:` does"
            )
        });
    }
    let (table, _) = tables()
        .into_iter()
        .find(|(_, fields)| fields.contains(&key))?;
    let header = if field.is_empty() {
        (*table).to_string()
    } else {
        format!("{field}.{table}")
    };
    Some(if cx.toml {
        format!(
            "`{key}` belongs in the `[{header}]` table: move this line below the `[{header}]` header (add the header if there is none)"
        )
    } else {
        format!("`{key}` belongs under `{table}:`: indent it below `{table}:`")
    })
}

/// Decode field `index` of the record whose positions `spans` keeps (the
/// field named `names[index]` there), from its `node` if it was written,
/// recording where.
pub fn field<T: Decode>(
    node: Option<&mut Node>,
    index: usize,
    parent: &FieldPath,
    spans: &mut Spans,
    cx: &mut Cx,
) -> Option<T> {
    let name = spans.names[index];
    let path = FieldPath::Field(parent, name);
    match node {
        Some(node) => {
            spans.set(index, node);
            if matches!(node.value, Value::Null) {
                spans.rare().blank.push(name);
            }
            if let Value::Str(text) = &node.value
                && crate::sealed_text::is_sealed(text)
            {
                let absent = T::absent().filter(|_| (cx.may_seal)(&path.to_string()));
                if absent.is_some() {
                    spans.rare().sealed.push((name, text.clone()));
                }
                return absent.or_else(|| {
                    cx.report(
                        Diagnostic::new(
                            Code::MisplacedSeal,
                            cx.span(node.range),
                            format!("`{path}` is sealed, but it must stay readable"),
                        )
                        .help("only private fields are sealed (private notes, feedback, closure notes, avoid lists): restore this value from git history"),
                    );
                    None
                });
            }
            T::decode(node, &path, cx)
        }
        None => T::absent().or_else(|| {
            cx.report(
                Diagnostic::new(
                    Code::MissingField,
                    spans.record,
                    format!("missing required field `{path}`"),
                )
                .help(format!("add `{name}` to this record")),
            );
            None
        }),
    }
}

/// The closest known word to a misspelt one, if any is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let word_length = word_lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let length = c.chars().count();
            let allowed = (length.max(3) / 3).max(1);
            // The distance is at least the difference in length: most
            // candidates are ruled out without computing it (every key of a
            // file a snippet shows is checked against the private fields).
            if length.abs_diff(word_length) > allowed {
                return None;
            }
            let distance = if c.chars().any(char::is_uppercase) {
                strsim::osa_distance(&word_lower, &c.to_lowercase())
            } else {
                strsim::osa_distance(&word_lower, c)
            };
            (distance <= allowed).then_some((distance, c))
        })
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

mod declare;

/// A record of type `T` decoded from `text` (YAML, or TOML when `toml`):
/// for unit tests of the rules that read records.
#[cfg(test)]
pub(crate) fn decoded<T: Decode>(text: &str, toml: bool) -> T {
    use crate::node::Syntax;
    use crate::source::{FileId, SourceFile};
    let syntax = if toml { Syntax::Toml } else { Syntax::Yaml };
    let file = SourceFile::new("r".into(), "r".into(), text.into());
    let mut root = crate::node::parse(&file, syntax).expect("parses");
    let mut diagnostics = Vec::new();
    let cx = &mut Cx {
        file: FileId(0),
        diagnostics: &mut diagnostics,
        may_seal: &|_| false,
        toml,
        enclosing: Vec::new(),
    };
    T::decode(&mut root, &FieldPath::Root, cx).expect("decodes")
}
pub(crate) use declare::{choice, record};

/// Shared body of every [`choice!`] decoder: checks the text is one of `allowed`.
pub fn decode_choice(
    node: &mut Node,
    field: &FieldPath,
    allowed: &[&str],
    cx: &mut Cx,
) -> Option<String> {
    let text = String::decode(node, field, cx)?;
    if allowed.contains(&text.as_str()) {
        return Some(text);
    }
    // `Video` for `video`: understood, and said.
    let lower = text.trim().to_lowercase();
    if let Some(value) = allowed.iter().find(|a| **a == lower) {
        cx.report(
            Diagnostic::new(
                Code::ValueCase,
                cx.span(node.range),
                format!(
                    "`{field}` is written `{}`; it is read as `{value}`",
                    crate::text::excerpt(&text)
                ),
            )
            .help(format!("write `{value}`, in lower case")),
        );
        return Some((*value).to_string());
    }
    // What people call a mode, in the words of the allowed values.
    const SYNONYMS: &[(&str, &str)] = &[
        ("teams", "video"),
        ("zoom", "video"),
        ("skype", "video"),
        ("meet", "video"),
        ("google meet", "video"),
        ("webex", "video"),
        ("online", "video"),
        ("call", "phone"),
        ("telephone", "phone"),
        ("face to face", "in-person"),
        ("face-to-face", "in-person"),
        ("in person", "in-person"),
        ("office", "in-person"),
        ("slack", "chat"),
        ("whatsapp", "chat"),
        ("mail", "email"),
        ("e-mail", "email"),
    ];
    let synonym = SYNONYMS
        .iter()
        .find(|(word, value)| *word == lower && allowed.contains(value))
        .map(|(_, value)| *value);
    let help = match (synonym, did_you_mean(&text, allowed.iter().copied())) {
        (Some(value), _) => format!(
            "{} is `{value}`: write `{value}`",
            crate::text::excerpt(&text)
        ),
        (None, Some(best)) => format!("did you mean `{best}`?"),
        (None, None) => format!("use one of: {}", allowed.join(", ")),
    };
    cx.report(
        Diagnostic::new(
            Code::InvalidValue,
            cx.span(node.range),
            format!("`{field}` cannot be `{}`", crate::text::excerpt(&text)),
        )
        .help(help),
    );
    None
}

/// Joins the lines of a doc comment into one description.
pub fn doc_text(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests;

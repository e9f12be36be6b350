use anyhow::Result;

use crate::Outcome;
use crate::cli::RemindArgs;
use crate::commands::load;
use crate::edit::{lock, write_output};
use crate::load::programme_file::{REMINDER_TEMPLATE, read_support};
use crate::output::Output;
use crate::remind::deliver::Post;
use crate::remind::sent_log::{self, SentLog};
use crate::remind::{DEFAULT_TEMPLATE, Template, reminders};
use crate::report::report;
use crate::settings::Settings;

pub fn run(args: &RemindArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let as_of = settings.as_of(args.programme.as_of);
    // A run that sends reads the sent-log, sends and records under the
    // lock: two runs at once never send one reminder twice.
    let lock = if args.send {
        Some(lock(dir, settings)?)
    } else {
        None
    };
    let ws = load(dir, settings)?;
    // The coordinator's own template when the programme has one, read
    // through no link: a link to a key would mail the key to everyone.
    let own = read_support(dir, REMINDER_TEMPLATE)?;
    let template = match &own {
        Some(text) => Template {
            name: REMINDER_TEMPLATE.path,
            text,
        },
        None => Template {
            name: "the built-in template",
            text: DEFAULT_TEMPLATE,
        },
    };
    let log = lock.as_ref().map(SentLog::open).transpose()?;
    let sent = match &log {
        Some(log) => log.sent().to_vec(),
        None => sent_log::read(dir)?,
    };
    let report = report(&ws, as_of);
    let (messages, without_email) =
        reminders(&ws, &report, &template, &sent, as_of).map_err(anyhow::Error::msg)?;
    for name in &without_email {
        out.note(&format!(
            "warning: {name} has no email address: no reminder for them\n"
        ))?;
    }
    if messages.is_empty() {
        out.print("No reminders due.\n")?;
        return Ok(Outcome::Success);
    }
    let post = Post::of(ws.programme.as_ref())?;
    let written = chrono::DateTime::parse_from_rfc3339(&settings.now).map_or_else(
        |_| std::time::SystemTime::UNIX_EPOCH,
        std::time::SystemTime::from,
    );
    let emails = post.emails(messages, written)?;
    if let Some(outbox) = &args.outbox {
        for (i, email) in emails.iter().enumerate() {
            write_output(
                dir,
                &outbox.join(email.outbox_name(i + 1)),
                &email.formatted(),
            )?;
        }
        out.print(&format!(
            "Wrote {} to {}; nothing was sent.\n",
            crate::text::count(emails.len(), "reminder"),
            outbox.display()
        ))?;
        return Ok(Outcome::Success);
    }
    let Some(log) = log else {
        for r in emails.iter().map(|e| &e.reminder) {
            out.print(&format!(
                "To: {} <{}>\nSubject: {}\n\n{}\n",
                r.name, r.email, r.subject, r.body
            ))?;
        }
        out.print(&format!(
            "{} due; nothing sent (use --outbox DIR or --send).\n",
            crate::text::count(emails.len(), "reminder")
        ))?;
        return Ok(Outcome::Success);
    };
    let delivery = post.send(
        ws.programme.as_ref(),
        settings.smtp_password.as_deref(),
        &emails,
    )?;
    for why in &delivery.failed {
        out.note(&format!("error: {why}\n"))?;
    }
    log.record(as_of, &delivery.delivered)?;
    out.print(&format!(
        "Sent {} of {}.\n",
        delivery.delivered.len(),
        crate::text::count(emails.len(), "reminder")
    ))?;
    Ok(if delivery.failed.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

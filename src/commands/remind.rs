use anyhow::{Context, Result, anyhow, bail};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::Outcome;
use crate::cli::RemindArgs;
use crate::commands::load;
use crate::edit::{Overwrite, lock, write_atomic, write_output};
use crate::load::programme_file::{REMINDER_TEMPLATE, REMINDERS_SENT, read_support};
use crate::output::Output;
use crate::remind::{DEFAULT_TEMPLATE, Reminder, Template, log_lines, parse_log, reminders};
use crate::report::report;
use crate::settings::Settings;
use crate::text::{excerpt, visible};

pub fn run(args: &RemindArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let as_of = settings.as_of(args.programme.as_of);
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
    let sent = parse_log(&read_support(dir, REMINDERS_SENT)?.unwrap_or_default());
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
    let from: Mailbox = match ws.programme.as_ref().and_then(|p| p.remind.as_ref()) {
        Some(rules) => rules.from.parse().map_err(|e| {
            anyhow!(
                "[remind] from `{}` is not an address: {e}",
                excerpt(&rules.from)
            )
        })?,
        None => ws
            .programme
            .as_ref()
            .and_then(|p| p.coordinator.as_ref())
            .and_then(|c| c.email.as_ref())
            .and_then(|e| e.parse().ok())
            .unwrap_or_else(|| "mentoring@localhost".parse().expect("a valid address")),
    };
    // Reminders may go to the coordinator first, to pass on.
    let coordinator: Option<Mailbox> = match ws
        .programme
        .as_ref()
        .and_then(|p| p.remind.as_ref())
        .and_then(|r| r.to)
    {
        Some(crate::model::RemindTo::Coordinator) => Some(
            ws.programme
                .as_ref()
                .and_then(|p| p.coordinator.as_ref())
                .and_then(|c| c.email.as_ref().map(|e| format!("{} <{e}>", c.name)))
                .context("[remind] to = \"coordinator\" needs `email` under [coordinator]")?
                .parse()
                .map_err(|e| anyhow!("the coordinator's email is not an address: {e}"))?,
        ),
        _ => None,
    };
    let emails: Vec<(Reminder, Message)> = messages
        .into_iter()
        .map(|r| {
            let to: Mailbox = match &coordinator {
                Some(c) => c.clone(),
                None => format!("{} <{}>", r.name, r.email)
                    .parse()
                    .or_else(|_| r.email.parse())
                    .map_err(|e| anyhow!("`{}` is not an email address: {e}", excerpt(&r.email)))?,
            };
            let subject = match &coordinator {
                Some(_) => format!("For {} <{}>: {}", r.name, r.email, r.subject),
                None => r.subject.clone(),
            };
            let message = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(&subject)
                .header(ContentType::TEXT_PLAIN)
                .body(r.body.clone())
                .context("cannot build the message")?;
            Ok((r, message))
        })
        .collect::<Result<_>>()?;
    if let Some(outbox) = &args.outbox {
        for (i, (r, message)) in emails.iter().enumerate() {
            let name = format!(
                "{:03}-{}.eml",
                i + 1,
                r.email.replace(['@', '/', '\\'], "_")
            );
            write_output(dir, &outbox.join(name), &message.formatted())?;
        }
        out.print(&format!(
            "Wrote {} reminder(s) to {}; nothing was sent.\n",
            emails.len(),
            outbox.display()
        ))?;
        return Ok(Outcome::Success);
    }
    if !args.send {
        for (r, _) in &emails {
            out.print(&format!(
                "To: {} <{}>\nSubject: {}\n\n{}\n",
                r.name, r.email, r.subject, r.body
            ))?;
        }
        out.print(&format!(
            "{} reminder(s) due; nothing sent (use --outbox DIR or --send).\n",
            emails.len()
        ))?;
        return Ok(Outcome::Success);
    }
    let Some(rules) = ws.programme.as_ref().and_then(|p| p.remind.as_ref()) else {
        bail!("--send needs a mail server: add [remind] host, port and from to programme.toml");
    };
    let starttls = rules.starttls.unwrap_or(true);
    let port = rules.port.unwrap_or(if starttls { 587 } else { 25 });
    let mut transport = if starttls {
        SmtpTransport::starttls_relay(&rules.host)
            .with_context(|| format!("cannot reach {}", excerpt(&rules.host)))?
    } else {
        SmtpTransport::builder_dangerous(&rules.host)
    }
    .port(u16::try_from(port).context("[remind] port")?);
    if let Some(password) = &settings.smtp_password {
        let user = rules.user.clone().unwrap_or_else(|| from.email.to_string());
        transport = transport.credentials(Credentials::new(user, password.clone()));
    }
    let transport = transport.build();
    let mut delivered = Vec::new();
    for (r, message) in &emails {
        match transport.send(message) {
            Ok(_) => delivered.push(r.clone()),
            Err(e) => out.note(&format!(
                "error: not delivered to {}: {}\n",
                excerpt(&r.email),
                visible(&e.to_string())
            ))?,
        }
    }
    if !delivered.is_empty() {
        // Read again and rewritten under the lock, like every file mentor
        // rewrites: two runs at once keep both their lines.
        let _lock = lock(dir, settings)?;
        let mut log = read_support(dir, REMINDERS_SENT)?.unwrap_or_default();
        log.push_str(&log_lines(as_of, &delivered));
        write_atomic(
            &dir.join(REMINDERS_SENT.path),
            log.as_bytes(),
            Overwrite::Allowed,
        )?;
    }
    out.print(&format!(
        "Sent {} of {} reminder(s).\n",
        delivered.len(),
        emails.len()
    ))?;
    Ok(if delivered.len() == emails.len() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

//! Reminders as email: each one a message from the programme's address to
//! its person (or to the coordinator, to pass on), kept in an outbox or
//! sent through the programme's SMTP server (`[remind]`).

use anyhow::{Context, Result, anyhow, bail};
use std::time::SystemTime;

use lettre::message::{
    Mailbox,
    header::{ContentType, MIME_VERSION_1_0},
};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::model::{Programme, RemindTo};
use crate::remind::Reminder;
use crate::text::{excerpt, visible};

/// A reminder and the message that carries it.
pub struct Email {
    pub reminder: Reminder,
    message: Message,
}

impl Email {
    /// The message as an `.eml` file holds it.
    pub fn formatted(&self) -> Vec<u8> {
        self.message.formatted()
    }

    /// Its file name in an outbox: its place in the run (from 1) and the
    /// address, with no character that would make it a path.
    pub fn outbox_name(&self, place: usize) -> String {
        format!(
            "{place:03}-{}.eml",
            self.reminder.email.replace(['@', '/', '\\'], "_")
        )
    }
}

/// Who reminders come from and, when the coordinator passes them on, go to.
pub struct Post {
    from: Mailbox,
    /// `[remind] to = "coordinator"`: every message goes to them.
    coordinator: Option<Mailbox>,
}

impl Post {
    /// From `[remind] from`, else the coordinator's email, else
    /// `mentoring@localhost`; to each person, or to the coordinator.
    pub fn of(programme: Option<&Programme>) -> Result<Self> {
        let rules = programme.and_then(|p| p.remind.as_ref());
        let coordinator = programme.and_then(|p| p.coordinator.as_ref());
        let from: Mailbox = match rules {
            Some(rules) => rules.from.parse().map_err(|e| {
                anyhow!(
                    "[remind] from `{}` is not an address: {e}",
                    excerpt(&rules.from)
                )
            })?,
            None => coordinator
                .and_then(|c| c.email.as_ref())
                .and_then(|e| e.parse().ok())
                .unwrap_or_else(|| "mentoring@localhost".parse().expect("a valid address")),
        };
        let coordinator = match rules.and_then(|r| r.to) {
            Some(RemindTo::Coordinator) => Some(
                coordinator
                    .and_then(|c| c.email.as_ref().map(|e| format!("{} <{e}>", c.name)))
                    .context("[remind] to = \"coordinator\" needs `email` under [coordinator]")?
                    .parse()
                    .map_err(|e| anyhow!("the coordinator's email is not an address: {e}"))?,
            ),
            _ => None,
        };
        Ok(Self { from, coordinator })
    }

    /// One message per reminder, each dated `written` (the moment of the
    /// run, which the command reads from the clock: the library does not).
    pub fn emails(&self, reminders: Vec<Reminder>, written: SystemTime) -> Result<Vec<Email>> {
        reminders
            .into_iter()
            .map(|reminder| {
                let message = self.message(&reminder, written)?;
                Ok(Email { reminder, message })
            })
            .collect()
    }

    /// A new `Message-ID` (RFC 5322 3.6.4) under the sender's domain, as
    /// mail servers expect of a message that did not come from them: 128
    /// random bits, so no two messages share one.
    fn message_id(&self) -> Result<String> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| anyhow!("cannot get random bytes for a Message-ID: {e}"))?;
        let unique: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(format!("<{unique}@{}>", self.from.email.domain()))
    }

    /// The message, with the headers delivery depends on: `Date`,
    /// `Message-ID`, `MIME-Version` and a `Content-Type` naming its charset.
    fn message(&self, r: &Reminder, written: SystemTime) -> Result<Message> {
        let to: Mailbox = match &self.coordinator {
            Some(c) => c.clone(),
            None => format!("{} <{}>", r.name, r.email)
                .parse()
                .or_else(|_| r.email.parse())
                .map_err(|e| anyhow!("`{}` is not an email address: {e}", excerpt(&r.email)))?,
        };
        let subject = match &self.coordinator {
            Some(_) => format!("For {} <{}>: {}", r.name, r.email, r.subject),
            None => r.subject.clone(),
        };
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&subject)
            .date(written)
            .message_id(Some(self.message_id()?))
            .header(MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .body(r.body.clone())
            .context("cannot build the message")
    }

    /// Send every email through the programme's server (`password` from the
    /// environment, never a file). A message the server refuses is reported
    /// and the rest still go.
    pub fn send(
        &self,
        programme: Option<&Programme>,
        password: Option<&str>,
        emails: &[Email],
    ) -> Result<Delivery> {
        let Some(rules) = programme.and_then(|p| p.remind.as_ref()) else {
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
        if let Some(password) = password {
            let user = rules
                .user
                .clone()
                .unwrap_or_else(|| self.from.email.to_string());
            transport = transport.credentials(Credentials::new(user, password.to_string()));
        }
        let transport = transport.build();
        let mut delivery = Delivery::default();
        for email in emails {
            match transport.send(&email.message) {
                Ok(_) => delivery.delivered.push(email.reminder.clone()),
                Err(e) => delivery.failed.push(format!(
                    "not delivered to {}: {}",
                    excerpt(&email.reminder.email),
                    visible(&e.to_string())
                )),
            }
        }
        Ok(delivery)
    }
}

/// What a send did.
#[derive(Debug, Default)]
pub struct Delivery {
    /// The reminders the server accepted, in order.
    pub delivered: Vec<Reminder>,
    /// Why each of the others was not delivered, safe to print.
    pub failed: Vec<String>,
}

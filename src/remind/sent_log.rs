//! The sent-log (`.mentor/reminders-sent.tsv`, this machine's own state):
//! which reminder went to whom on which day, so that none is repeated
//! within its pair's meeting interval.
//!
//! A run that sends reads the log, sends and records what it delivered
//! while it holds the programme's lock ([`SentLog`] needs the [`Lock`]), so
//! two runs at once never send one reminder twice; the log is rewritten
//! whole by the writer's atomic write, never left half-written.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;

use crate::edit::{Lock, Overwrite, write_atomic};
use crate::load::programme_file::{REMINDERS_SENT, read_support};
use crate::remind::Reminder;

/// A line of the sent-log: when, to whom, about what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub date: NaiveDate,
    pub email: String,
    pub key: String,
}

/// The reminders already sent, for a run that sends nothing (a preview,
/// an outbox): read through no link, without the lock.
pub fn read(root: &Path) -> Result<Vec<Sent>> {
    Ok(parse(
        &read_support(root, REMINDERS_SENT)?.unwrap_or_default(),
    ))
}

/// The sent-log of a run that sends, read under the programme's lock and
/// kept until the run records what it delivered.
pub struct SentLog<'l> {
    lock: &'l Lock,
    text: String,
    sent: Vec<Sent>,
}

impl<'l> SentLog<'l> {
    /// Read the log of the programme `lock` holds.
    pub fn open(lock: &'l Lock) -> Result<Self> {
        let text = read_support(lock.root(), REMINDERS_SENT)?.unwrap_or_default();
        let sent = parse(&text);
        Ok(Self { lock, text, sent })
    }

    /// What the log says was sent.
    pub fn sent(&self) -> &[Sent] {
        &self.sent
    }

    /// Add a line for each reminder `delivered` on `date`, rewriting the
    /// log atomically; nothing is written when nothing was delivered.
    pub fn record(self, date: NaiveDate, delivered: &[Reminder]) -> Result<()> {
        if delivered.is_empty() {
            return Ok(());
        }
        let text = format!("{}{}", self.text, lines(date, delivered));
        self.rewrite(&text)
    }

    /// Forget an erased person (`mentor person erase`): the lines sent to
    /// `addresses` go, and the rest name their pairs by the new ids.
    pub fn erase(self, addresses: &[String], id: &str, pseudonym: &str) -> Result<()> {
        let mut text = String::new();
        for sent in &self.sent {
            if addresses
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&sent.email))
            {
                continue;
            }
            let key = match sent.key.split_once(':') {
                Some((kind, pair)) => {
                    format!(
                        "{kind}:{}",
                        crate::privacy::erase::renamed(pair, id, pseudonym)
                    )
                }
                None => sent.key.clone(),
            };
            text.push_str(&format!("{}\t{}\t{key}\n", sent.date, sent.email));
        }
        if text == self.text {
            return Ok(());
        }
        self.rewrite(&text)
    }
}

impl SentLog<'_> {
    /// The whole log replaced, atomically.
    fn rewrite(&self, text: &str) -> Result<()> {
        write_atomic(
            &self.lock.root().join(REMINDERS_SENT.path),
            text.as_bytes(),
            Overwrite::Allowed,
        )
    }
}

fn parse(text: &str) -> Vec<Sent> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            Some(Sent {
                date: crate::date::parse_date(parts.next()?).ok()?,
                email: parts.next()?.to_string(),
                key: parts.next()?.to_string(),
            })
        })
        .collect()
}

/// One line per reminder key: `date<TAB>email<TAB>kind:subject`.
fn lines(date: NaiveDate, reminders: &[Reminder]) -> String {
    reminders
        .iter()
        .flat_map(|r| {
            r.keys
                .iter()
                .map(move |k| format!("{date}\t{}\t{k}\n", r.email))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_line_reads_back_and_a_broken_one_is_skipped() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        let reminder = Reminder {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            subject: String::new(),
            body: String::new(),
            keys: vec!["pair-stalled:ana--ben".into(), "no-goals:ana--ben".into()],
        };
        let text = format!(
            "not a line\n2026-02-30\tx@y\tk\n{}",
            lines(day, &[reminder])
        );
        let sent = parse(&text);
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent[1],
            Sent {
                date: day,
                email: "ana@example.org".into(),
                key: "no-goals:ana--ben".into(),
            }
        );
    }
}

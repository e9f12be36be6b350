//! An SMTP server on 127.0.0.1 inside the test process, for the reminder
//! tests: a Rust stand-in for tests/support/smtp_sink.py (aiosmtpd), which
//! writes each message it receives the same way, so the same assertions
//! read both.
//!
//! It speaks what a sending client needs and no more: EHLO/HELO, MAIL,
//! RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// A running server: messages land in [`SmtpSink::dir`], one file each.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    stop: Arc<AtomicBool>,
    accepting: Option<std::thread::JoinHandle<()>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicUsize::new(0));
        let accepting = {
            let (out, stop) = (dir.path().to_path_buf(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (out, count) = (out.clone(), count.clone());
                    // One thread per connection: a client that holds one
                    // open never keeps the next from being served.
                    std::thread::spawn(move || {
                        let _ = session(stream, &out, &count);
                    });
                }
            })
        };
        SmtpSink {
            port,
            dir,
            stop,
            accepting: Some(accepting),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Every message received so far, in the order received.
    pub fn messages(&self) -> Vec<String> {
        messages_in(self.dir())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread, which then sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

/// The messages written in `dir` (NNN.eml, as both servers name them), in
/// the order received.
pub fn messages_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

/// One client's conversation.
fn session(stream: TcpStream, out: &Path, count: &AtomicUsize) -> std::io::Result<()> {
    // A client that stops talking must not hold a thread for ever.
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut reply = |text: &str| writer.write_all(format!("{text}\r\n").as_bytes());
    reply("220 127.0.0.1 mentor test SMTP sink")?;
    let (mut from, mut recipients): (Option<String>, Vec<String>) = (None, Vec::new());
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let (verb, argument) = text.split_once(' ').unwrap_or((text, ""));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => reply("250-127.0.0.1\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 HELP")?,
            "HELO" => reply("250 127.0.0.1")?,
            "MAIL" => match address(argument, "FROM:") {
                Some(sender) => {
                    (from, recipients) = (Some(sender), Vec::new());
                    reply("250 OK")?;
                }
                None => reply("501 Syntax: MAIL FROM:<address>")?,
            },
            "RCPT" if from.is_none() => reply("503 Error: need MAIL command")?,
            "RCPT" => match address(argument, "TO:") {
                Some(recipient) => {
                    recipients.push(recipient);
                    reply("250 OK")?;
                }
                None => reply("501 Syntax: RCPT TO:<address>")?,
            },
            "DATA" if recipients.is_empty() => reply("503 Error: need RCPT command")?,
            "DATA" => {
                reply("354 End data with <CR><LF>.<CR><LF>")?;
                let content = data(&mut reader)?;
                let number = count.fetch_add(1, Ordering::SeqCst) + 1;
                let mut message = format!("X-Envelope-To: {}\n", recipients.join(",")).into_bytes();
                message.extend(content);
                // Written before the reply: once the client hears 250, the
                // message is there to read.
                std::fs::write(out.join(format!("{number:03}.eml")), message)?;
                (from, recipients) = (None, Vec::new());
                reply("250 OK")?;
            }
            "RSET" => {
                (from, recipients) = (None, Vec::new());
                reply("250 OK")?;
            }
            "NOOP" => reply("250 OK")?,
            "QUIT" => {
                reply("221 Bye")?;
                return Ok(());
            }
            _ => reply("502 Command not implemented")?,
        }
    }
}

/// The address of `MAIL FROM:<a>` or `RCPT TO:<a>` (after `prefix`), any
/// parameters after it ignored; `<>` is the empty sender.
fn address(argument: &str, prefix: &str) -> Option<String> {
    let head = argument.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = argument[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

/// The message after DATA, up to the line holding one dot, with the dot a
/// client doubles at the start of a line taken off again.
fn data(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut content = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(content);
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        content.extend_from_slice(unstuffed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Talk to the sink as a client would: each line sent, each reply read
    /// (a multi-line reply to its last line).
    fn converse(port: u16, lines: &[&str]) -> Vec<String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        let mut read_reply = || {
            let mut reply = String::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                reply.push_str(&line);
                if line.as_bytes().get(3) != Some(&b'-') {
                    return reply;
                }
            }
        };
        let mut replies = vec![read_reply()];
        let mut in_data = false;
        for line in lines {
            writer.write_all(format!("{line}\r\n").as_bytes()).unwrap();
            // Inside DATA the server answers only the closing dot.
            if !in_data || *line == "." {
                replies.push(read_reply());
                in_data = replies.last().unwrap().starts_with("354");
            }
        }
        replies
    }

    #[test]
    fn the_sink_keeps_each_message_with_its_envelope_and_unstuffs_dots() {
        let sink = SmtpSink::start();
        let replies = converse(
            sink.port,
            &[
                "EHLO client",
                // No envelope yet; after RSET, none again.
                "DATA",
                "MAIL FROM:<a@example.org> BODY=8BITMIME",
                "RCPT TO:<b@example.org>",
                "RSET",
                "DATA",
                "NOOP",
                "MAIL FROM:<a@example.org>",
                "rcpt to:<c@example.org>",
                "RCPT TO:<d@example.org>",
                "DATA",
                "Subject: hi",
                "",
                "..a line that began with a dot",
                "body",
                ".",
                "HELO again",
                "QUIT",
            ],
        );
        let codes: Vec<&str> = replies.iter().map(|r| &r[..3]).collect();
        assert_eq!(
            codes,
            [
                "220", "250", "503", "250", "250", "250", "503", "250", "250", "250", "250", "354",
                "250", "250", "221"
            ]
        );
        assert!(replies[1].contains("250-8BITMIME"), "{}", replies[1]);
        let messages = sink.messages();
        assert_eq!(
            messages,
            [
                "X-Envelope-To: c@example.org,d@example.org\nSubject: hi\r\n\r\n.a line that began with a dot\r\nbody\r\n"
            ]
        );
        assert_eq!(
            converse(sink.port, &["RCPT TO:<x@example.org>", "FOO", "QUIT"])
                .iter()
                .map(|r| &r[..3])
                .collect::<Vec<_>>(),
            ["220", "503", "502", "221"]
        );
        assert_eq!(sink.messages().len(), 1);
    }
}

//! Where commands send what they print: one sink, handed down from `run`, so
//! no command writes to the process's streams itself and tests can capture
//! both streams.

use std::io::{self, Write};

/// Standard output and standard error of one run.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    color: bool,
}

impl Output {
    /// The process's own streams.
    pub fn stdio() -> Self {
        Self::new(Box::new(io::stdout()), Box::new(io::stderr()))
    }

    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Self {
        Self {
            out,
            err,
            color: false,
        }
    }

    /// Whether text for people may carry mentor's own colour codes.
    pub fn set_color(&mut self, color: bool) {
        self.color = color;
    }

    /// Print text for people. Control characters that came from a file or a
    /// command line are shown as escapes, never sent to the terminal or a CI
    /// log. A closed pipe (`mentor report | head`) is not an error.
    pub fn print(&mut self, text: &str) -> io::Result<()> {
        let safe = crate::text::terminal_safe(text, self.color);
        quiet_on_broken_pipe(
            self.out
                .write_all(safe.as_bytes())
                .and_then(|()| self.out.flush()),
        )
    }

    /// Print a machine document (JSON, SARIF, a script) exactly as rendered:
    /// its format escapes what it must.
    pub fn print_document(&mut self, text: &str) -> io::Result<()> {
        quiet_on_broken_pipe(
            self.out
                .write_all(text.as_bytes())
                .and_then(|()| self.out.flush()),
        )
    }

    /// Print a note or an error for the person at the terminal (standard error).
    pub fn note(&mut self, text: &str) -> io::Result<()> {
        let safe = crate::text::terminal_safe(text, false);
        quiet_on_broken_pipe(
            self.err
                .write_all(safe.as_bytes())
                .and_then(|()| self.err.flush()),
        )
    }
}

fn quiet_on_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

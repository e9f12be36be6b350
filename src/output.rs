//! Where commands send what they print: one sink, handed down from `run`, so
//! no command writes to the process's streams itself and tests can capture
//! both streams.

use std::io::{self, Write};

/// Standard output and standard error of one run.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
}

impl Output {
    /// The process's own streams.
    pub fn stdio() -> Self {
        Self::new(Box::new(io::stdout()), Box::new(io::stderr()))
    }

    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>) -> Self {
        Self { out, err }
    }

    /// Print a command's result. A closed pipe (`mentor report | head`) is not an error.
    pub fn print(&mut self, text: &str) -> io::Result<()> {
        quiet_on_broken_pipe(
            self.out
                .write_all(text.as_bytes())
                .and_then(|()| self.out.flush()),
        )
    }

    /// Print a note or an error for the person at the terminal (standard error).
    pub fn note(&mut self, text: &str) -> io::Result<()> {
        quiet_on_broken_pipe(
            self.err
                .write_all(text.as_bytes())
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

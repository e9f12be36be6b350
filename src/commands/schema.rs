//! Commands that describe mentor itself: schemas, completions, the manual.

use anyhow::Result;
use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, SchemaArgs};
use crate::edit::{Overwrite, write_atomic};
use crate::output::Output;
use crate::schema::documents;

pub fn run(args: &SchemaArgs, out: &mut Output) -> Result<Outcome> {
    match &args.out {
        Some(dir) => {
            for (name, text) in documents() {
                write_atomic(&dir.join(name), text.as_bytes(), Overwrite::Allowed)?;
            }
            out.print(&format!(
                "Wrote {} schemas to {}\n",
                documents().len(),
                dir.display()
            ))?;
        }
        None => {
            let mut all = serde_json::Map::new();
            for (name, text) in documents() {
                all.insert(name.to_string(), serde_json::from_str(&text)?);
            }
            out.print_document(&format!("{}\n", serde_json::to_string_pretty(&all)?))?;
        }
    }
    Ok(Outcome::Success)
}

pub fn completions(shell: clap_complete::Shell, out: &mut Output) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mentor", &mut script);
    out.print_document(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}

pub fn man(out: &mut Output) -> Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.print_document(&String::from_utf8_lossy(&page))?;
    Ok(Outcome::Success)
}

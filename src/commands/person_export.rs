//! `mentor person export ID --out DIR`: a subject access request answered.

use anyhow::{Context, Result, anyhow};

use crate::Outcome;
use crate::cli::PersonExportArgs;
use crate::commands::{identity, in_git, load_valid};
use crate::edit::{refuse_record_path, write_output};
use crate::output::Output;
use crate::privacy::access::{SentReminder, subject_access};
use crate::privacy::records_of;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &PersonExportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.dir.dir;
    let ws = load_valid(dir, settings)?;
    let person = ws.person(&args.id).ok_or_else(|| {
        anyhow!(
            "no person `{}` under {}",
            args.id,
            ws.root.join("people").display()
        )
    })?;
    let json_path = args.out.join(format!("{}-subject-access.json", args.id));
    let markdown_path = args.out.join(format!("{}-subject-access.md", args.id));
    // Before anything is opened: the disclosure never lands among the records or in git.
    refuse_record_path(dir, &json_path)?;
    refuse_record_path(dir, &markdown_path)?;
    let identity = identity(&args.identity, settings, out)?;
    let history = if in_git(dir) {
        let repo = crate::git::Repo::open(dir)?;
        crate::history::of_records(&repo, &records_of(&ws, &args.id), &PrivateNames::of(&ws))?
    } else {
        Vec::new()
    };
    let addresses: Vec<String> = person
        .person
        .email
        .iter()
        .chain(&person.person.aliases)
        .map(|e| e.trim().to_lowercase())
        .collect();
    let reminders = crate::remind::sent_log::read(dir)?
        .into_iter()
        .filter(|s| addresses.contains(&s.email.trim().to_lowercase()))
        .map(|s| SentReminder {
            date: s.date,
            about: s.key,
        })
        .collect();
    let disclosure = subject_access(
        &ws,
        &args.id,
        identity.as_ref(),
        settings.today,
        history,
        reminders,
    )
    .context("the person is loaded")?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    write_output(
        dir,
        &json_path,
        crate::render::to_json(&disclosure).as_bytes(),
    )?;
    write_output(
        dir,
        &markdown_path,
        crate::render::disclosure::markdown_document(&disclosure).as_bytes(),
    )?;
    out.print(&format!(
        "Wrote {} and {}: {}, {} in history, {}; {} not given (listed in both).\n",
        markdown_path.display(),
        json_path.display(),
        crate::text::count(disclosure.records.len(), "record file"),
        crate::text::count(disclosure.history.len(), "change"),
        crate::text::count(disclosure.reminders.len(), "reminder"),
        crate::text::count(disclosure.withheld.len(), "value")
    ))?;
    Ok(Outcome::Success)
}

use anyhow::Result;

use crate::Outcome;
use crate::cli::AuditArgs;
use crate::commands::{load, print_findings, render_diagnostics};
use crate::git::{Commit, Repo, WINDOW_BYTES};
use crate::output::Output;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &AuditArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    // Without the whole history there is no audit: exit 2, never a wrong "clean".
    let repo = Repo::open(dir)?;
    let ws = load(dir, settings)?;
    let commits = repo.commits(args.since.as_deref())?;
    // Who is who where the walk starts: the programme and the person files
    // of the `--since` revision (from the first commit on, nobody yet).
    let start = match args.since.as_deref() {
        Some(since) => repo.files_at(since, &["programme.toml", "people"])?,
        None => Vec::new(),
    };
    let start_texts = repo.blobs(start.iter().map(|(_, blob)| blob.as_str()))?;
    let start: Vec<(String, String)> = start
        .into_iter()
        .filter_map(|(path, blob)| Some((path, start_texts.get(&blob)?.clone())))
        .collect();
    drop(start_texts);
    // The history a window at a time: memory bounded by the window, not
    // by how long the history is.
    let windows = repo.windows(&commits, Commit::blobs, WINDOW_BYTES)?;
    let findings = crate::audit::audit(&ws, &commits, windows, &start, dir)?;
    let rendered = render_diagnostics(
        args.format,
        &findings,
        &ws.sources,
        &PrivateNames::of(&ws),
        settings,
    );
    print_findings(out, args.format, &rendered)?;
    if findings.is_empty() && matches!(args.format, crate::cli::DiagnosticFormat::Human) {
        out.note(&format!(
            "audited {}\n",
            crate::text::count(commits.len(), "commit")
        ))?;
    }
    // As `validate`: warnings are reported, only errors fail.
    let tally = crate::diagnostic::Tally::of(&findings);
    Ok(if tally.errors == 0 {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

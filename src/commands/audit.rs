use anyhow::Result;

use crate::Outcome;
use crate::cli::AuditArgs;
use crate::commands::{load, print_findings, render_diagnostics};
use crate::git::Repo;
use crate::output::Output;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &AuditArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    // Without the whole history there is no audit: exit 2, never a wrong "clean".
    let repo = Repo::open(dir)?;
    let ws = load(dir, settings)?;
    let commits = repo.commits(args.since.as_deref())?;
    let blobs = repo.blobs(
        commits
            .iter()
            .flat_map(|c| &c.changes)
            .flat_map(|f| f.old.iter().chain(&f.new))
            .map(String::as_str),
    )?;
    let findings = crate::audit::audit(&ws, &commits, &blobs, dir);
    let rendered = render_diagnostics(
        args.format,
        &findings,
        &ws.sources,
        &PrivateNames::of(&ws),
        settings,
    );
    print_findings(out, args.format, &rendered)?;
    if findings.is_empty() && matches!(args.format, crate::cli::DiagnosticFormat::Human) {
        out.note(&format!("audited {} commit(s)\n", commits.len()))?;
    }
    Ok(if findings.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

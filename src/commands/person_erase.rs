//! `mentor person erase ID`: the person replaced by a pseudonym in the
//! records the figures need, the rest removed, all through the one writer;
//! then what git history still holds, and how to remove it.
//! `--verify ID` proves afterwards that no reachable object holds it.

use anyhow::{Context, Result, anyhow, bail};

use crate::Outcome;
use crate::cli::PersonEraseArgs;
use crate::commands::{identity, load_valid};
use crate::edit::erasure_state::{self, Searched};
use crate::edit::{apply_with_removals, lock};
use crate::git::Repo;
use crate::load::programme_file;
use crate::model::Platform;
use crate::output::Output;
use crate::privacy::erase::plan;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &PersonEraseArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    if args.verify {
        return verify(args, settings, out);
    }
    let dir = &args.dir.dir;
    let repo = Repo::open(dir)?;
    let lock = lock(dir, settings)?;
    let ws = load_valid(dir, settings)?;
    if ws.person(&args.id).is_none() {
        bail!(
            "no person `{}` under {}",
            args.id,
            ws.root.join("people").display()
        );
    }
    let by = args
        .by
        .clone()
        .or_else(|| repo.user_email())
        .context("say who erases: --by EMAIL (or set git's user.email)")?;
    let identity = identity(&args.identity, settings, out)?;
    let pseudonym = new_pseudonym()?;
    // What the history may hold: every name and address the person's file
    // ever had, read before the file goes.
    let mut texts = crate::privacy::access::known_as(&ws, &args.id);
    texts.extend(former_values(&repo, &ws, &args.id)?);
    texts.sort();
    texts.dedup();
    crate::privacy::erase::refuse_texts_of_others(&ws, &args.id, &texts)?;
    let plan = plan(
        &ws,
        &args.id,
        &pseudonym,
        settings.today,
        &by,
        identity.as_ref(),
    )?;
    apply_with_removals(&lock, &ws, &plan.changes, &plan.removals, settings.today)?;
    // This machine's record of the reminders mailed to them goes too.
    let addresses: Vec<String> = texts.iter().filter(|t| t.contains('@')).cloned().collect();
    crate::remind::sent_log::SentLog::open(&lock)?.erase(&addresses, &args.id, &pseudonym)?;
    let paths: Vec<String> = plan
        .removed_paths
        .iter()
        .map(|p| format!("{}{p}", repo.prefix()))
        .collect();
    let searched = Searched {
        pseudonym: pseudonym.clone(),
        texts,
        paths,
    };
    let replacements = replacements(&searched);
    let mailmap = mailmap(&searched);
    let folder = erasure_state::keep(
        dir,
        settings.config_dir.as_deref(),
        &searched,
        &[("replacements", replacements), ("mailmap", mailmap)],
    )?;
    refresh_codeowners(dir, settings, out)?;
    out.print(&format!(
        "Erased `{}`: the records now name `{pseudonym}` ({} written, {} removed); the erasure is recorded in programme.toml.\nCommit it: git add -A && git commit -m \"Erase a person ({pseudonym})\"\n\n",
        args.id,
        crate::text::count(plan.changes.len(), "file"),
        plan.removals.len()
    ))?;
    out.print(&history_report(&repo, &searched, &folder)?)?;
    Ok(Outcome::Success)
}

/// A CODEOWNERS mentor wrote names the person's files and handle: made
/// again from the records as they now stand, where there is one (the
/// programme loaded once, for the first).
fn refresh_codeowners(dir: &std::path::Path, settings: &Settings, out: &mut Output) -> Result<()> {
    let mut ws = None;
    for platform in [Platform::Github, Platform::Gitlab] {
        let file = programme_file::codeowners(platform);
        if programme_file::read_support(dir, file)?.is_none() {
            continue;
        }
        let ws = match &mut ws {
            Some(ws) => ws,
            None => ws.insert(crate::commands::load(dir, settings)?),
        };
        match crate::codeowners::generate(ws, platform) {
            Ok(owners) => crate::edit::write_support_file(
                dir,
                &dir.join(platform.codeowners_path()),
                owners.text.as_bytes(),
            )?,
            Err(_) => out.note(&format!(
                "warning: {} still names them and cannot be made again: run `mentor codeowners` once the programme validates\n",
                platform.codeowners_path()
            ))?,
        }
    }
    Ok(())
}

/// `erased-` and eight random hex digits: nothing of the person in it.
fn new_pseudonym() -> Result<String> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| anyhow!("cannot get random bytes: {e}"))?;
    Ok(format!(
        "erased-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

/// The names, addresses and handles the person's file had in history.
fn former_values(repo: &Repo, ws: &crate::workspace::Workspace, id: &str) -> Result<Vec<String>> {
    use crate::model::Person;
    let names = PrivateNames::of(ws);
    let wanted = [
        Person::NAME,
        Person::EMAIL,
        Person::ALIASES,
        Person::GITHUB,
        Person::GITLAB,
    ];
    let events = crate::history::of_records(repo, &[id.to_string()], &names)?;
    Ok(events
        .into_iter()
        .filter(|e| {
            wanted
                .iter()
                .any(|f| e.field == f.name() || e.field.starts_with(&format!("{}[", f.name())))
        })
        .flat_map(|e| e.old.into_iter().chain(e.new))
        .map(|v| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

/// `git filter-repo --replace-text` (and `--replace-message`) lines: each
/// text becomes the pseudonym.
fn replacements(searched: &Searched) -> String {
    searched
        .texts
        .iter()
        .filter(|t| rewritable(t))
        .map(|t| format!("literal:{t}==>{}\n", searched.pseudonym))
        .collect()
}

/// Whether `text` can be one line of the replacements or the mailmap as
/// itself. The texts come from every version of the person's file, which
/// the person wrote: a line break, `==>` or `<>` in one would add a rule of
/// their choosing (`regex:[a-z]` rewrites every letter of the history, a
/// mailmap line every commit of the coordinator). Such a text is left for
/// the coordinator, and `--verify` still looks for it.
fn rewritable(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'))
        && !text.contains("==>")
}

/// A mailmap giving every commit the person made the pseudonym as author.
fn mailmap(searched: &Searched) -> String {
    searched
        .texts
        .iter()
        .filter(|t| t.contains('@') && rewritable(t))
        .map(|email| format!("{0} <{0}@erased.invalid> <{email}>\n", searched.pseudonym))
        .collect()
}

/// Which commits still hold the person, and the exact rewrite that
/// removes them, with the steps for the shared remote.
fn history_report(repo: &Repo, searched: &Searched, folder: &std::path::Path) -> Result<String> {
    let mut report = String::from("What git history still holds:\n");
    let mut any = false;
    for text in &searched.texts {
        let commits = repo.commits_holding(text)?;
        if !commits.is_empty() {
            any = true;
            report.push_str(&format!(
                "  {}: {}, such as {}\n",
                crate::text::visible(text),
                crate::text::count(commits.len(), "commit"),
                &commits[0][..commits[0].len().min(12)]
            ));
        }
    }
    if !any {
        report.push_str("  nothing: no commit adds, removes or names these texts.\n");
    }
    for text in searched.texts.iter().filter(|t| !rewritable(t)) {
        report.push_str(&format!(
            "  {}: not rewritten by the command below (it holds a line break, `==>`, `<` or `>`): remove it by hand\n",
            crate::text::visible(text)
        ));
    }
    let base = folder.join(&searched.pseudonym);
    let paths: String = searched
        .paths
        .iter()
        .map(|p| format!(" --path '{p}'"))
        .collect();
    let replacements = format!("{}.replacements", base.display());
    report.push_str(&format!(
        "\nTo remove them from history: commit the erasure, then in this repository (filter-repo rewrites every branch and tag, and expires the reflogs) run:\n\n  git filter-repo --force --invert-paths{paths} --replace-text '{replacements}' --replace-message '{replacements}' --mailmap '{}.mailmap'\n\n",
        base.display()
    ));
    report.push_str(
        "then, for the shared remote:\n  1. `mentor person erase --verify ID` here proves nothing reachable holds them;\n  2. git push --force --all && git push --force --tags to the shared remote (filter-repo removes `origin`: add it back; lift branch protection for the push);\n  3. every clone and fork is deleted and cloned again: an old clone still holds everything;\n  4. ask the git host to remove pull-request refs (refs/pull/*, refs/merge-requests/*) and cached views of the old commits, and to run garbage collection.\n",
    );
    report.push_str(&format!(
        "The list of texts searched for is kept in {} on this machine alone; `--verify` deletes it once the history is clean.\n",
        folder.display()
    ));
    Ok(report)
}

/// `--verify ID`: every reachable object searched for every text the
/// erasure recorded; clean, the record is deleted.
fn verify(args: &PersonEraseArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.dir.dir;
    let repo = Repo::open(dir)?;
    let Some((file, searched)) =
        erasure_state::find(dir, settings.config_dir.as_deref(), &args.id)?
    else {
        bail!(
            "this machine holds no erasure of `{}`: run --verify where `mentor person erase {}` ran (its list is in .git/mentor/erasures, which no clone copies), or in a clone of it with that folder copied over",
            args.id,
            args.id
        );
    };
    let traces = repo.traces(&searched.texts)?;
    if traces.is_empty() {
        erasure_state::forget(&file, &searched.pseudonym)?;
        out.print(&format!(
            "No object reachable from any ref holds `{}` or any of the {} texts recorded ({} now): the history is clean. The list of texts is deleted.\n",
            args.id,
            searched.texts.len(),
            searched.pseudonym
        ))?;
        return Ok(Outcome::Success);
    }
    let mut listing = String::new();
    for trace in &traces {
        listing.push_str(&format!(
            "  {} {} {}: holds {}\n",
            trace.kind,
            &trace.object[..trace.object.len().min(12)],
            trace
                .path
                .as_deref()
                .map(crate::text::visible)
                .unwrap_or_default(),
            crate::text::visible(&trace.text)
        ));
    }
    out.print(&format!(
        "{} still {} the person:\n{listing}Rewrite the history as `mentor person erase` said, then run --verify again.\n",
        crate::text::count(traces.len(), "reachable object"),
        if traces.len() == 1 { "holds" } else { "hold" }
    ))?;
    Ok(Outcome::Problems)
}

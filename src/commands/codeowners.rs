use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::CodeownersArgs;
use crate::codeowners;
use crate::commands::{error_listing, load};
use crate::edit::write_support_file;
use crate::load::programme_file::{self, read_support};
use crate::model::Platform;
use crate::output::Output;
use crate::settings::Settings;

pub fn run(args: &CodeownersArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let ws = load(dir, settings)?;
    let platform = match args.platform {
        crate::cli::Platform::Github => Platform::Github,
        crate::cli::Platform::Gitlab => Platform::Gitlab,
    };
    let owners = codeowners::generate(&ws, platform).map_err(|refused| {
        anyhow::anyhow!(
            "nothing written: CODEOWNERS is made only from valid handles and ids, and the programme has these errors (`mentor validate {}`):\n{}",
            dir.display(),
            error_listing(&refused.findings, &ws.sources)
        )
    })?;
    let path = dir.join(platform.codeowners_path());
    for who in &owners.without_handle {
        out.note(&format!(
            "warning: {who} has no `{}` handle: their files are owned by the coordinators alone\n",
            platform.handle_field()
        ))?;
    }
    if owners.coordinators.is_empty() {
        bail!(
            "the coordinators have no `{}` handles under [coordinator]: CODEOWNERS needs someone to own every file",
            platform.handle_field()
        );
    }
    // Read through no link: a linked CODEOWNERS is refused, never followed.
    let current = read_support(dir, programme_file::codeowners(platform))?;
    if args.check {
        return Ok(if current.as_deref() == Some(owners.text.as_str()) {
            out.print(&format!("{} is up to date.\n", path.display()))?;
            Outcome::Success
        } else {
            out.print(&format!(
                "{} is {}: run `mentor codeowners{}`\n",
                path.display(),
                if current.is_some() {
                    "out of date"
                } else {
                    "missing"
                },
                if platform == Platform::Gitlab {
                    " --platform gitlab"
                } else {
                    ""
                }
            ))?;
            Outcome::Problems
        });
    }
    if current.as_deref() == Some(owners.text.as_str()) {
        out.print(&format!("{} is up to date.\n", path.display()))?;
    } else {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_support_file(dir, &path, owners.text.as_bytes())?;
        out.print(&format!("Wrote {}.\n", path.display()))?;
    }
    Ok(Outcome::Success)
}

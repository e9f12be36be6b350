use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, Months};

use crate::Outcome;
use crate::cli::{CiChoice, InitArgs};
use crate::edit::tree::lay_out;
use crate::output::Output;
use crate::schema;
use crate::settings::Settings;
use crate::template::{TemplateValues, files};

pub fn run(args: &InitArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    refuse_non_empty(&args.dir)?;
    let today = settings.today;
    let start = args.start.unwrap_or(today);
    let end = start
        .checked_add_months(Months::new(args.months))
        .and_then(|d| d.pred_opt())
        .filter(|end| (1000..=9999).contains(&start.year()) && end.year() <= 9999)
        .context("the programme's dates must fall between the years 1000 and 9999")?;
    let name = plain_text("--name", args.name.as_deref(), "Staff Mentoring Programme")?;
    let organisation = plain_text(
        "--organisation",
        args.organisation.as_deref(),
        "Example Organisation",
    )?;
    let values = TemplateValues {
        name,
        organisation,
        start: start.to_string(),
        end: end.to_string(),
        today: today.to_string(),
    };
    let mut files: Vec<(String, String)> = files(&values)
        .into_iter()
        .filter(|file| match args.ci {
            CiChoice::Github => file.path != ".gitlab-ci.yml",
            CiChoice::Gitlab => !file.path.starts_with(".github/"),
            CiChoice::None => file.path != ".gitlab-ci.yml" && !file.path.starts_with(".github/"),
        })
        .map(|file| (file.path, file.contents))
        .collect();
    files.extend(
        schema::documents()
            .into_iter()
            .map(|(name, contents)| (format!("schemas/{name}"), contents)),
    );
    lay_out(&args.dir, &files)?;
    out.print(&format!(
        "Laid out a programme in {} ({} files).\nNext: edit programme.toml, add people/, then run `mentor validate {}`.\n",
        args.dir.display(),
        files.len(),
        args.dir.display()
    ))?;
    Ok(Outcome::Success)
}

/// A name for the programme files: one line of printable text.
fn plain_text(flag: &str, given: Option<&str>, default: &str) -> Result<String> {
    let text = given.unwrap_or(default).trim();
    if text.is_empty() || text.chars().any(char::is_control) || text.chars().count() > 200 {
        bail!(
            "{flag} must be one line of printable text (up to 200 characters), such as \"{default}\""
        );
    }
    Ok(text.to_string())
}

/// `init` never writes over anything: the directory must be new or empty.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "`{}` is not empty; `mentor init` only lays out a programme in a new or empty directory",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
    }
}

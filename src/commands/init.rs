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
    let existing = refuse_non_empty(&args.dir)?;
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
        // Sample records only on request: a real programme starts empty, so
        // no sample mentor is ever matched with a real applicant.
        .filter(|file| {
            args.example || !(file.path.starts_with("people/") || file.path.starts_with("pairs/"))
        })
        .map(|file| {
            // A clone's own README stays; the participants' guide goes beside it.
            let path = if file.path == "README.md" && existing.iter().any(|e| e == "README.md") {
                "PARTICIPANTS.md".to_string()
            } else {
                file.path
            };
            (path, file.contents)
        })
        .collect();
    if !args.example {
        // Keep the record folders in git while they are empty.
        files.push(("people/.gitkeep".to_string(), String::new()));
        files.push(("pairs/.gitkeep".to_string(), String::new()));
    }
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

/// Files a fresh clone may already hold: `init` keeps them.
fn clone_file(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    name == ".git"
        || name == ".gitattributes"
        || upper.starts_with("README")
        || upper.starts_with("LICENSE")
        || upper.starts_with("LICENCE")
        || upper.starts_with("COPYING")
}

/// `init` never writes over anything: the directory must be new, empty, or
/// a fresh clone (`.git`, a README, a licence). Returns the names it holds.
fn refuse_non_empty(dir: &Path) -> Result<Vec<String>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if let Some(other) = names.iter().find(|n| !clone_file(n)) {
                bail!(
                    "`{}` is not empty (it holds `{other}`); `mentor init` lays out a programme in a new or empty folder, or a fresh clone holding only .git, a README and a licence",
                    dir.display()
                );
            }
            Ok(names)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
    }
}

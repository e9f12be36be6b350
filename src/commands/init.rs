use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Months;

use crate::Outcome;
use crate::cli::{CiChoice, InitArgs};
use crate::edit::{Overwrite, write_atomic};
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
        .context("the programme would end beyond the calendar")?;
    let values = TemplateValues {
        name: args
            .name
            .clone()
            .unwrap_or_else(|| "Staff Mentoring Programme".into()),
        organisation: args
            .organisation
            .clone()
            .unwrap_or_else(|| "Example Organisation".into()),
        start: start.to_string(),
        end: end.to_string(),
        today: today.to_string(),
    };
    let mut written = 0;
    for file in files(&values) {
        let skip = match args.ci {
            CiChoice::Github => file.path == ".gitlab-ci.yml",
            CiChoice::Gitlab => file.path.starts_with(".github/"),
            CiChoice::None => file.path == ".gitlab-ci.yml" || file.path.starts_with(".github/"),
        };
        if skip {
            continue;
        }
        write_atomic(
            &args.dir.join(&file.path),
            file.contents.as_bytes(),
            Overwrite::Never,
        )?;
        written += 1;
    }
    for (name, contents) in schema::documents() {
        write_atomic(
            &args.dir.join("schemas").join(name),
            contents.as_bytes(),
            Overwrite::Never,
        )?;
        written += 1;
    }
    out.print(&format!(
        "Laid out a programme in {} ({written} files).\nNext: edit programme.toml, add people/, then run `mentor validate {}`.\n",
        args.dir.display(),
        args.dir.display()
    ))?;
    Ok(Outcome::Success)
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

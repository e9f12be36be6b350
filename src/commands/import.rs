use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{DiagnosticFormat, ImportArgs, ImportCommand, ImportPeopleArgs, ImportSurveyArgs};
use crate::commands::load;
use crate::commands::{error_listing, print_findings, render_diagnostics};
use crate::diagnostic::Severity;
use crate::edit::{Change, check, write};
use crate::import::mapping::{self, Mapping, template};
use crate::import::plan::{Action, counts};
use crate::import::table::{ReadOptions, read};
use crate::load::display_path;
use crate::output::Output;
use crate::render::diff::line_diff;
use crate::seal::PrivateNames;
use crate::settings::Settings;
use crate::source::Sources;

pub fn run(args: &ImportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    match &args.what {
        Some(ImportCommand::People(people)) => import_people(people, settings, out),
        Some(ImportCommand::Survey(survey)) => import_survey(survey, settings, out),
        None if args.template => {
            out.print(&template())?;
            Ok(Outcome::Success)
        }
        None => bail!(
            "say what to import: `mentor import people FILE`, or `mentor import --template` for a mapping to start from"
        ),
    }
}

fn import_people(
    args: &ImportPeopleArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lock = lock_unless(args.dry_run, &args.dir, settings)?;
    let ws = load(&args.dir, settings)?;
    if ws.programme.is_none() {
        bail!(
            "{} has no readable programme.toml; run `mentor validate {}`",
            args.dir.display(),
            args.dir.display()
        );
    }
    let mut sources = Sources::default();
    let mapping = match mapping::find(&args.dir, args.map.as_deref())? {
        Some((path, text)) => match mapping::parse(&path, text, &mut sources) {
            Ok(mapping) => Some(mapping),
            // The mapping is an argument: a broken one stops the command (exit 2).
            Err(finding) => {
                out.note(&render_diagnostics(
                    args.format,
                    &[finding],
                    &sources,
                    &PrivateNames::default(),
                    settings,
                ))?;
                bail!(
                    "nothing imported: {} is not a valid mapping",
                    display_path(&path)
                );
            }
        },
        None => None,
    };
    let source = mapping
        .as_ref()
        .map(|m| m.source.clone())
        .unwrap_or_default();
    let table = read(
        &args.file,
        &ReadOptions::from_settings(&source, args.sheet.as_deref())?,
    )?;
    let mapping = mapping.unwrap_or_else(|| Mapping::from_headers(&table.headers));
    let file = display_path(&args.file);
    let (actions, findings) = crate::import::people(
        &ws,
        &table,
        &mapping,
        args.role.as_deref(),
        args.intake.as_deref(),
        &file,
        settings.today,
    );
    let report = render_diagnostics(
        args.format,
        &findings,
        &sources,
        &PrivateNames::default(),
        settings,
    );
    if findings.iter().any(|f| f.severity() == Severity::Error) {
        print_findings(out, args.format, &report)?;
        tell(
            out,
            args.format,
            "Nothing written: fix the rows above (or the mapping) and import again.\n",
        )?;
        return Ok(Outcome::Problems);
    }
    let changes: Vec<Change> = actions.iter().filter_map(Action::change).collect();
    if let Some(refusal) = check(&ws, &changes, settings.today)? {
        print_findings(out, args.format, &report)?;
        tell(
            out,
            args.format,
            &format!(
                "Nothing written: the imported people would not validate:\n{}\n",
                error_listing(&refusal.errors, &refusal.after.sources)
            ),
        )?;
        return Ok(Outcome::Problems);
    }
    let (create, update, unchanged) = counts(&actions);
    let summary = format!(
        "{}: {create} to create, {update} to update, {unchanged} unchanged.\n",
        crate::text::count(table.rows.len(), "row"),
    );
    print_findings(out, args.format, &report)?;
    if args.dry_run {
        let shown = dry_run(&actions);
        tell(
            out,
            args.format,
            &format!("{shown}{summary}Dry run: nothing written.\n"),
        )?;
        return Ok(Outcome::Success);
    }
    if let Some(lock) = &lock {
        write(lock, &changes)?;
    }
    tell(out, args.format, &summary)?;
    Ok(Outcome::Success)
}

/// What a dry run would write: each new file, and each change as a diff.
fn dry_run(actions: &[Action]) -> String {
    let mut shown = String::new();
    for action in actions {
        let (verb, path, before, after) = match action {
            Action::Create { path, text, .. } => ("create", path, "", text),
            Action::Update {
                path,
                before,
                after,
                ..
            } => ("update", path, before.as_str(), after),
            Action::Unchanged { .. } => continue,
        };
        let _ = write!(
            shown,
            "--- {verb} {}\n{}",
            display_path(path),
            line_diff(before, after)
        );
    }
    shown
}

/// What the import did, for people: after text findings on standard
/// output, beside a machine document on standard error.
fn tell(out: &mut Output, format: DiagnosticFormat, text: &str) -> Result<()> {
    match format {
        DiagnosticFormat::Human | DiagnosticFormat::Concise => out.print(text)?,
        _ => out.note(text)?,
    }
    Ok(())
}

/// `mentor import survey SURVEY FILE`: each response that fits becomes
/// its person's answers to the latest occasion their pair owes, all
/// written in one change, or nothing when any response does not fit.
fn import_survey(
    args: &ImportSurveyArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lock = lock_unless(args.dry_run, &args.dir.dir, settings)?;
    let ws = crate::commands::load_valid(&args.dir.dir, settings)?;
    let survey = crate::commands::answers::find_survey(&ws, &args.survey)?;
    let options = ReadOptions {
        sheet: args.sheet.clone(),
        ..ReadOptions::default()
    };
    let table = read(&args.file, &options)?;
    let shown = display_path(&args.file);
    let as_of = args.as_of.unwrap_or(settings.today);
    let plan = crate::survey::import::plan(&ws, survey, &table, &args.map, &shown, as_of)
        .map_err(anyhow::Error::msg)?;
    if !plan.findings.is_empty() {
        out.note(&render_diagnostics(
            args.format,
            &plan.findings,
            &Sources::default(),
            &PrivateNames::default(),
            settings,
        ))?;
    }
    if plan
        .findings
        .iter()
        .any(|d| d.severity() == Severity::Error)
    {
        out.print("Nothing imported: correct the responses above (or the survey's questions), then run it again.\n")?;
        return Ok(Outcome::Problems);
    }
    // Answers go to their pair's file, or to the person's own when given
    // alone; one change per file.
    let mut by_file: std::collections::BTreeMap<(Option<&str>, &str), Vec<_>> = Default::default();
    for imported in &plan.imported {
        let entry = match &imported.pair {
            Some(pair) => match ws.pair(pair) {
                Some(entry) => Some(entry),
                None => continue,
            },
            None => None,
        };
        let occasion = crate::commands::answers::AnswerOccasion {
            survey,
            entry,
            person: &imported.person,
            occasion: imported.occasion,
        };
        let sealings = occasion.sealings(&ws)?;
        let owner = match &imported.pair {
            Some(pair) => (Some(pair.as_str()), ""),
            None => (None, imported.person.as_str()),
        };
        by_file.entry(owner).or_default().extend(occasion.entries(
            &imported.answers,
            &sealings,
            imported.answered_on.unwrap_or(as_of),
        )?);
    }
    let mut changes = Vec::new();
    for ((pair, person), entries) in &by_file {
        changes.push(crate::edit::survey_answers_change(
            &ws, *pair, person, entries,
        )?);
    }
    if let Some(lock) = &lock {
        crate::edit::apply(lock, &ws, &changes, settings.today)?;
    }
    out.print(&format!(
        "{} the answers of {} to survey `{}` ({} already recorded, left as they were).\n",
        if args.dry_run {
            "Would record"
        } else {
            "Recorded"
        },
        crate::text::count(plan.imported.len(), "person|people"),
        survey.id,
        plan.already
    ))?;
    Ok(Outcome::Success)
}

/// A run that writes holds the lock from reading the programme to writing
/// it; a dry run takes none.
fn lock_unless(
    dry_run: bool,
    dir: &std::path::Path,
    settings: &Settings,
) -> Result<Option<crate::edit::Lock>> {
    Ok(if dry_run {
        None
    } else {
        Some(crate::edit::lock(dir, settings)?)
    })
}

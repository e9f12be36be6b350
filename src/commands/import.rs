use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::Outcome;
use crate::cli::{DiagnosticFormat, ImportArgs, ImportCommand, ImportPeopleArgs};
use crate::commands::load;
use crate::commands::{error_listing, print_findings, render_diagnostics};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::edit::{Change, check, write};
use crate::import::convert::convert;
use crate::import::mapping::{Mapping, template};
use crate::import::plan::{Action, plan};
use crate::import::table::{ReadOptions, read};
use crate::load::display_path;
use crate::load::programme_file::{IMPORT_MAPPING, read_support};
use crate::output::Output;
use crate::render::diff::line_diff;
use crate::seal::PrivateNames;
use crate::settings::Settings;
use crate::source::{ByteRange, SourceFile, Sources, Span};

pub fn run(args: &ImportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    match &args.what {
        Some(ImportCommand::People(people)) => import_people(people, settings, out),
        None if args.template => {
            out.print(&template())?;
            Ok(Outcome::Success)
        }
        None => bail!(
            "say what to import: `mentor import people FILE`, or `mentor import --template` for a mapping to start from"
        ),
    }
}

/// The mapping's file and text: `--map` as given (the person's own
/// choice), else the programme's own mapping (`init` writes one), read
/// through no link; `None` without either.
fn mapping_text(args: &ImportPeopleArgs) -> Result<Option<(PathBuf, String)>> {
    match &args.map {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the mapping {}", path.display()))?;
            Ok(Some((path.clone(), text)))
        }
        None => Ok(read_support(&args.dir, IMPORT_MAPPING)?
            .map(|text| (args.dir.join(IMPORT_MAPPING.path), text))),
    }
}

/// Parse the mapping file; a file that is not a valid mapping is an I012
/// finding pointing into it (its text joins `sources` for the snippet).
fn parse_mapping(path: &Path, text: String, sources: &mut Sources) -> Result<Mapping, Diagnostic> {
    let parsed = toml::from_str::<Mapping>(&text);
    let file = sources.push(SourceFile::new(
        path.to_path_buf(),
        display_path(path),
        text,
    ));
    parsed.map_err(|e| {
        let range = e
            .span()
            .map_or_else(ByteRange::default, |s| ByteRange::new(s.start, s.end));
        Diagnostic::new(
            Code::ImportInvalidMapping,
            Span::new(file, range),
            format!("invalid mapping: {}", e.message()),
        )
        .help("fix the mapping file; `mentor import --template` prints one to start from")
    })
}

fn import_people(
    args: &ImportPeopleArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    // A run that writes holds the lock from reading the programme to writing it.
    let lock = if args.dry_run {
        None
    } else {
        Some(crate::edit::lock(&args.dir, settings)?)
    };
    let ws = load(&args.dir, settings)?;
    let Some(programme) = &ws.programme else {
        bail!(
            "{} has no readable programme.toml; run `mentor validate {}`",
            args.dir.display(),
            args.dir.display()
        );
    };
    let mut sources = Sources::default();
    let mut mapping = match mapping_text(args)? {
        Some((path, text)) => match parse_mapping(&path, text, &mut sources) {
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
    let delimiter = match source.delimiter.as_deref() {
        None => None,
        Some("\\t") | Some("\t") | Some("tab") => Some(b'\t'),
        Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
        Some(d) => bail!("delimiter `{d}` must be one character, or \"\\t\""),
    };
    let options = ReadOptions {
        sheet: args.sheet.clone().or(source.sheet.clone()),
        delimiter,
        encoding: source.encoding.clone(),
    };
    let table = read(&args.file, &options)?;
    let mapping = mapping
        .take()
        .unwrap_or_else(|| Mapping::from_headers(&table.headers));
    let file = display_path(&args.file);
    let (drafts, mut findings) = convert(
        &table,
        &mapping,
        &programme.competencies,
        args.role.as_deref(),
        &file,
    );
    let actions = if findings.has_errors() {
        Vec::new()
    } else {
        let (actions, more) = plan(&ws, &drafts, &file, settings.today);
        findings.extend(more);
        actions
    };
    let findings = findings.into_vec();
    if findings.iter().any(|f| f.severity() == Severity::Error) {
        return finish(
            &findings,
            &sources,
            args.format,
            settings,
            out,
            "Nothing written: fix the rows above (or the mapping) and import again.\n",
        );
    }
    let report = render_diagnostics(
        args.format,
        &findings,
        &sources,
        &PrivateNames::default(),
        settings,
    );
    let changes: Vec<Change> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { path, text, .. } => Some(Change::create(path.clone(), text.clone())),
            Action::Update {
                path,
                before,
                after,
                ..
            } => Some(Change::update(path.clone(), before.clone(), after.clone())),
            Action::Unchanged { .. } => None,
        })
        .collect();
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
    let count = |f: fn(&Action) -> bool| actions.iter().filter(|a| f(a)).count();
    let summary = format!(
        "{} row(s): {} to create, {} to update, {} unchanged.\n",
        table.rows.len(),
        count(|a| matches!(a, Action::Create { .. })),
        count(|a| matches!(a, Action::Update { .. })),
        count(|a| matches!(a, Action::Unchanged { .. }))
    );
    print_findings(out, args.format, &report)?;
    if args.dry_run {
        let mut shown = String::new();
        for action in &actions {
            match action {
                Action::Create { path, text, .. } => {
                    let _ = write!(
                        shown,
                        "--- create {}\n{}",
                        display_path(path),
                        line_diff("", text)
                    );
                }
                Action::Update {
                    path,
                    before,
                    after,
                    ..
                } => {
                    let _ = write!(
                        shown,
                        "--- update {}\n{}",
                        display_path(path),
                        line_diff(before, after)
                    );
                }
                Action::Unchanged { .. } => {}
            }
        }
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

/// Print the findings of an import that writes nothing, and say so.
fn finish(
    findings: &[Diagnostic],
    sources: &Sources,
    format: DiagnosticFormat,
    settings: &Settings,
    out: &mut Output,
    closing: &str,
) -> Result<Outcome> {
    print_findings(
        out,
        format,
        &render_diagnostics(
            format,
            findings,
            sources,
            &PrivateNames::default(),
            settings,
        ),
    )?;
    tell(out, format, closing)?;
    Ok(Outcome::Problems)
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

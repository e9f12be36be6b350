use std::fmt::Write as _;

use anyhow::{Context as _, Result, bail};

use crate::Outcome;
use crate::cli::{ImportArgs, ImportCommand, ImportPeopleArgs};
use crate::commands::error_listing;
use crate::diagnostic::Severity;
use crate::edit::{Change, check, write};
use crate::import::mapping::{Mapping, template};
use crate::import::people::{Action, Finding, convert, plan};
use crate::import::table::{ReadOptions, read};
use crate::load::{display_path, load};
use crate::output::Output;
use crate::render::diff::line_diff;
use crate::settings::Settings;

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

fn read_mapping(path: &std::path::Path) -> Result<Mapping> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the mapping {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let at = e.span().map(|s| {
            let file =
                crate::source::SourceFile::new(path.to_path_buf(), String::new(), text.clone());
            let (line, column) = file.line_col(u32::try_from(s.start).unwrap_or(0));
            format!(":{line}:{column}")
        });
        anyhow::anyhow!(
            "{}{}: error[I012]: invalid mapping: {}",
            display_path(path),
            at.unwrap_or_default(),
            e.message()
        )
    })
}

fn render(file: &str, findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.row, f.column, f.code));
    let mut out = String::new();
    for f in sorted {
        let severity = if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let at = match (f.row, f.column) {
            (0, 0) => String::new(),
            (0, column) => format!(":1:{column}"),
            (row, 0) => format!(":{row}"),
            (row, column) => format!(":{row}:{column}"),
        };
        let _ = write!(out, "{file}{at}: {severity}[{}]: {}", f.code, f.message);
        if let Some(help) = &f.help {
            let _ = write!(out, "; help: {help}");
        }
        out.push('\n');
    }
    out
}

fn import_people(
    args: &ImportPeopleArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let ws = load(&args.dir)?;
    let Some(programme) = &ws.programme else {
        bail!(
            "{} has no readable programme.toml; run `mentor validate {}`",
            args.dir.display(),
            args.dir.display()
        );
    };
    let mut mapping = match &args.map {
        Some(path) => Some(read_mapping(path)?),
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
    );
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let actions = if errors {
        Vec::new()
    } else {
        let (actions, more) = plan(&ws, &drafts, &file, settings.today);
        findings.extend(more);
        actions
    };
    let report = render(&file, &findings);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        out.print(&format!(
            "{report}Nothing written: fix the rows above (or the mapping) and import again.\n"
        ))?;
        return Ok(Outcome::Problems);
    }
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
        out.print(&format!(
            "{report}Nothing written: the imported people would not validate:\n{}\n",
            error_listing(&refusal.errors, &refusal.after.sources)
        ))?;
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
    if args.dry_run {
        let mut shown = report;
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
        out.print(&format!("{shown}{summary}Dry run: nothing written.\n"))?;
        return Ok(Outcome::Success);
    }
    write(&changes)?;
    out.print(&format!("{report}{summary}"))?;
    Ok(Outcome::Success)
}

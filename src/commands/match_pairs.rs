use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::Outcome;
use crate::cli::{MatchArgs, MatchObjective, TableFormat};
use crate::commands::{find_intake, load_valid, open_sealed};
use crate::edit::scaffold::{NewPair, PairStart, free_folder, group_mark, pair_folder};
use crate::edit::{EntryValue, Lock, apply, lock, write_output, write_outputs_inside};
use crate::matching::explain::displaced;
use crate::matching::groups::proposed_groups;
use crate::matching::rules::RuleContext;
use crate::matching::shortlist::shortlists;
use crate::matching::solver::Objective;
use crate::matching::{MatchOptions, Plan, candidates, plan};
use crate::model::{MatchingMode, Pair};
use crate::output::Output;
use crate::render::matching::{explain_json, explain_table, plan_json, plan_table, score_matrix};
use crate::render::shortlist::{
    csv as shortlist_csv, markdown_page, page_name, shortlist_json, shortlist_table,
};
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &MatchArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    // A run that writes holds the lock from reading the programme to writing it.
    let lock = if args.write {
        Some(lock(&args.programme.dir, settings)?)
    } else {
        None
    };
    let mut ws = load_valid(&args.programme.dir, settings)?;
    open_sealed(&mut ws, &args.identity, settings, out)?;
    refuse_sealed_profiles(&ws, args.identity.identity.is_some())?;
    let objective = match args.objective {
        MatchObjective::Count => Objective::MatchedThenWeight,
        MatchObjective::Score => Objective::Weight,
    };
    let defaults = MatchOptions::programme_defaults(&ws, as_of);
    let options = MatchOptions {
        objective,
        allow_repeat: args.allow_repeat,
        min_score: args.min_score.unwrap_or(defaults.min_score),
        allow_weak: args.allow_weak,
        intake: find_intake(&ws, args.intake.as_deref())?,
        mode: args.mode.unwrap_or(defaults.mode),
        groups: args.groups || defaults.groups,
        ..defaults
    };
    note_open_intake(&ws, &options, as_of, out)?;
    if let Some(size) = args.shortlist {
        return write_shortlists(args, &ws, &options, usize::from(size), settings, out);
    }
    let plan = plan(&ws, &options);
    let rules = RuleContext::new(&ws, args.allow_repeat);
    let score_rules = options.score_rules(&ws);

    if let Some(file) = &args.scores {
        write_output(
            &args.programme.dir,
            file,
            &score_matrix(&ws, &plan, &rules, &score_rules)?,
        )?;
    }
    if let Some(who) = &args.explain {
        let mentee = explained_person(&ws, who)?;
        let list = candidates(&ws, &plan.pools, &rules, &score_rules, mentee);
        // What the optimum would give up is an optimal-mode question: in
        // stable mode the explanation is who turned the mentee down.
        let displaced = (options.mode == MatchingMode::Optimal)
            .then(|| displaced(&ws, &options, &plan, mentee, &list))
            .flatten();
        match args.format {
            TableFormat::Table => out.print(&explain_table(
                &ws,
                &plan,
                mentee,
                &list,
                displaced.as_ref(),
                settings.terminal,
            ))?,
            TableFormat::Json => {
                out.print_document(&explain_json(&ws, &plan, mentee, &list, displaced.as_ref()))?
            }
        }
        return Ok(Outcome::Success);
    }

    let written = match &lock {
        Some(lock) if options.groups => write_groups(lock, &ws, &plan, as_of, settings)?,
        Some(lock) => write_pairs(lock, &ws, &plan, as_of, settings)?,
        None => Vec::new(),
    };
    match args.format {
        TableFormat::Table => out.print(&plan_table(
            &ws,
            &plan,
            objective,
            &written,
            settings.terminal,
        ))?,
        TableFormat::Json => out.print_document(&plan_json(&ws, &plan, objective, &written))?,
    }
    Ok(Outcome::Success)
}

/// Matching everyone while an intake still takes applications is allowed,
/// but worth a word: its late applicants would wait for the next run.
fn note_open_intake(
    ws: &Workspace,
    options: &MatchOptions,
    as_of: NaiveDate,
    out: &mut Output,
) -> Result<()> {
    if options.intake.is_some() {
        return Ok(());
    }
    if let Some(open) = ws
        .programme
        .as_ref()
        .and_then(|p| crate::matching::intake::open_on(p, as_of))
    {
        out.note(&format!(
            "note: intake `{}` takes applications until {}; this run matches everyone waiting (`--intake {}` matches that intake and those carried over)\n",
            open.id, open.applications_to, open.id
        ))?;
    }
    Ok(())
}

/// `--shortlist N`: a page per mentee (`--out`), one CSV (`--csv`), or a
/// table on screen; nothing is proposed.
fn write_shortlists(
    args: &MatchArgs,
    ws: &Workspace,
    options: &MatchOptions,
    size: usize,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lists = shortlists(ws, options, size);
    let root = &args.programme.dir;
    let files: Vec<(PathBuf, Vec<u8>)> = match (&args.out, &args.csv) {
        (Some(dir), _) => lists
            .iter()
            .map(|l| {
                (
                    dir.join(page_name(ws, l)),
                    markdown_page(ws, l).into_bytes(),
                )
            })
            .collect(),
        (None, Some(file)) => vec![(file.clone(), shortlist_csv(ws, &lists)?)],
        (None, None) => {
            match args.format {
                TableFormat::Table => out.print(&shortlist_table(ws, &lists, settings.terminal))?,
                TableFormat::Json => out.print_document(&shortlist_json(ws, &lists))?,
            }
            return Ok(Outcome::Success);
        }
    };
    write_outputs_inside(root, &files)?;
    out.print(&format!(
        "Wrote shortlists for {} to {}.\n",
        crate::text::count(lists.len(), "mentee"),
        files
            .iter()
            .map(|(path, _)| crate::load::display_path(path))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    Ok(Outcome::Success)
}

/// Create a pair folder per proposal. The whole set is checked against the
/// programme before anything is written, and no existing file is replaced.
fn write_pairs(
    lock: &Lock,
    ws: &Workspace,
    plan: &Plan,
    as_of: NaiveDate,
    settings: &Settings,
) -> Result<Vec<PathBuf>> {
    let folders = plan.proposals.iter().map(|p| {
        let base = format!("{}--{}", ws.people[p.mentee].id, ws.people[p.mentor].id);
        let new_pair = NewPair {
            mentor: &ws.people[p.mentor].id,
            mentees: vec![&ws.people[p.mentee].id],
            group: None,
            start: PairStart::Proposed,
            date: as_of,
            header: format!(
                "# Proposed by `mentor match` on {as_of}. When the pair begins, set\n# status = \"active\", add `started`, and agree the [agreement].\n"
            ),
            extra: vec![
                (Pair::SCORE, EntryValue::Number(i64::from(p.score.total))),
                (Pair::REASONS, EntryValue::Texts(p.score.reasons(7))),
            ],
        };
        (base, new_pair)
    });
    write_folders(lock, ws, folders, settings)
}

/// Create a group folder per mentor with proposals: `pairs/<mentor>--group`
/// listing the members under `mentees`, checked and written as pairs are.
fn write_groups(
    lock: &Lock,
    ws: &Workspace,
    plan: &Plan,
    as_of: NaiveDate,
    settings: &Settings,
) -> Result<Vec<PathBuf>> {
    // Outside a group programme each group says it is one (`--groups`).
    let marked = group_mark(ws.programme.as_ref());
    let folders = proposed_groups(ws, plan).into_iter().map(|group| {
        let mentor = &ws.people[group.mentor].id;
        let reasons = group
            .members
            .iter()
            .map(|p| {
                let reasons = p.score.reasons(3).join("; ");
                format!("{} ({}): {reasons}", ws.people[p.mentee].id, p.score.total)
            })
            .collect();
        let new_pair = NewPair {
            mentor,
            mentees: group.members.iter().map(|p| ws.people[p.mentee].id.as_str()).collect(),
            group: marked,
            start: PairStart::Proposed,
            date: as_of,
            header: format!(
                "# A group proposed by `mentor match` on {as_of}. When the group begins, set\n# status = \"active\", add `started`, and agree the [agreement].\n"
            ),
            extra: vec![
                (Pair::SCORE, EntryValue::Number(i64::from(group.score()))),
                (Pair::REASONS, EntryValue::Texts(reasons)),
            ],
        };
        (format!("{mentor}--group"), new_pair)
    });
    write_folders(lock, ws, folders, settings)
}

/// Write each new folder at `pairs/<base>`, else `pairs/<base>-2`, `-3`,
/// ...: the first name that neither exists nor is about to be written. The
/// whole set goes through the writer at once: checked, all or nothing.
fn write_folders<'a>(
    lock: &Lock,
    ws: &Workspace,
    folders: impl Iterator<Item = (String, NewPair<'a>)>,
    settings: &Settings,
) -> Result<Vec<PathBuf>> {
    let pairs_dir = ws.root.join("pairs");
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut changes = Vec::new();
    for (base, new_pair) in folders {
        let dir = free_folder(&pairs_dir, &base, &dirs);
        changes.extend(pair_folder(&dir, &new_pair));
        dirs.push(dir);
    }
    apply(lock, ws, &changes, settings.today)?;
    Ok(dirs)
}

/// The person `--explain` names: an id, or a full name (any case) that only
/// one person has. A mentor is refused with the reason: explanations are of
/// a mentee's candidates.
fn explained_person(ws: &Workspace, who: &str) -> Result<usize> {
    let index = ws.person_index(who).or_else(|| {
        let named: Vec<usize> = ws
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.person.name.trim().eq_ignore_ascii_case(who.trim()))
            .map(|(i, _)| i)
            .collect();
        (named.len() == 1).then(|| named[0])
    });
    let Some(index) = index else {
        let hint = crate::decode::did_you_mean(
            who,
            ws.people
                .iter()
                .flat_map(|p| [p.id.as_str(), p.person.name.as_str()]),
        )
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        bail!(
            "no person `{who}` (by id or full name) in {}{hint}",
            ws.root.join("people").display()
        );
    };
    let person = &ws.people[index];
    if !person.person.can_be_mentored() {
        bail!(
            "{} ({}) is a mentor; --explain shows one mentee's candidate mentors. To see who could be matched with {}, run `mentor match` and look for them in the proposals",
            person.person.name,
            person.id,
            person.person.name
        );
    }
    Ok(index)
}

/// Matching reads whole profiles: a sealed avoid list it cannot open could
/// let it propose the very pair someone asked never to be in.
fn refuse_sealed_profiles(ws: &Workspace, identity_given: bool) -> Result<()> {
    let closed: Vec<String> = crate::seal::values::private_values(ws)
        .into_iter()
        .filter(|v| matches!(v.state, crate::seal::values::State::Sealed(_)))
        .filter_map(|v| match v.owner {
            crate::seal::places::Owner::Person { id } => Some(format!("`{}` of {id}", v.field)),
            _ => None,
        })
        .collect();
    if closed.is_empty() {
        return Ok(());
    }
    let how = if identity_given {
        "this identity cannot open them: give the coordinator's"
    } else {
        "give the coordinator's identity with --identity FILE (or MENTOR_IDENTITY)"
    };
    bail!(
        "nothing matched: {} ({}) must be read first, so that no pair is proposed that someone asked to avoid; {how}",
        crate::text::count(closed.len(), "sealed profile value"),
        closed.join(", ")
    )
}

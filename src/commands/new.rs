//! `mentor new person|pair|goal` (`new meeting` is `mentor log`).

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{NewAssessmentArgs, NewGoalArgs, NewGroupArgs, NewPairArgs, NewPersonArgs};
use crate::commands::{Sealing, find_pair, load, open_sealed};
use crate::edit::scaffold::{
    NewPair, PairStart, free_folder, group_mark, pair_folder, person_file,
};
use crate::edit::{Change, EntryValue, Lock, Target, append_to_pair, apply, lock, toml};
use crate::id::is_valid_id;
use crate::layout::{ASSESSMENT, GOALS};
use crate::load::display_path;
use crate::matching::rules::{Exclusion, avoided_pair};
use crate::model::{Assessment, Goal, GoalStatus, Person, PersonStatus};
use crate::output::Output;
use crate::seal::fields;
use crate::seal::places::Owner;
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn person(args: &NewPersonArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    if !is_valid_id(&args.id) {
        bail!(
            "`{}` cannot serve as an id: use letters, digits, `.`, `_` and `-` (e.g. `ana-silva`)",
            args.id
        );
    }
    let root = &args.dir.dir;
    let today = settings.today;
    let mut fields: Vec<(Target, EntryValue)> =
        vec![(Person::NAME.into(), EntryValue::Text(args.name.clone()))];
    if let Some(email) = &args.email {
        fields.push((Person::EMAIL.into(), EntryValue::Text(email.clone())));
    }
    fields.push((Person::ROLE.into(), EntryValue::Word(args.role.clone())));
    for (field, value) in [
        (Person::JOB_TITLE, &args.job_title),
        (Person::DEPARTMENT, &args.department),
        (Person::MANAGER, &args.manager),
    ] {
        if let Some(value) = value {
            fields.push((field.into(), EntryValue::Text(value.clone())));
        }
    }
    let status = |status: PersonStatus| EntryValue::Word(status.as_str().into());
    if args.role == "mentor" {
        fields.push((Person::STATUS.into(), status(PersonStatus::Active)));
    } else {
        fields.push((Person::STATUS.into(), status(PersonStatus::Applied)));
        fields.push((Person::APPLIED_ON.into(), EntryValue::Date(today)));
    }
    let header = format!(
        "# Created by `mentor new person` on {today}. Add languages, modes, availability,\n# style, needs/expertise and the rest: see mentor's reference (docs/reference.md) for every field.\n"
    );
    let path = root.join("people").join(format!("{}.toml", args.id));
    let lock = lock(root, settings)?;
    let ws = load(root, settings)?;
    refuse_sealed_person_fields(&ws, &args.id, &fields)?;
    let file = person_file(&path, &header, &toml::document(&fields));
    write_new(&lock, &ws, vec![file], settings, out)
}

/// A new person has no key yet, so a field the programme seals for them
/// (`[privacy] sealed_person_fields`) cannot be sealed: refused with the
/// way round, rather than written readable.
fn refuse_sealed_person_fields(
    ws: &Workspace,
    id: &str,
    fields: &[(Target, EntryValue)],
) -> Result<()> {
    if !ws.programme.as_ref().is_some_and(|p| p.seals()) {
        return Ok(());
    }
    let sealed = crate::seal::values::sealed_person_fields(ws);
    let refused: Vec<String> = fields
        .iter()
        .map(|(target, _)| target.path())
        .filter(|name| sealed.contains(name.as_str()))
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    bail!(
        "nothing written: the programme seals {} for the person and the coordinators ([privacy] sealed_person_fields), and a new person has no key to seal to yet: leave out {}, add their public key under `keys` in people/{id}.toml, then write it there and run `mentor seal`",
        refused
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", "),
        refused
            .iter()
            .map(|f| format!("--{}", f.replace('_', "-")))
            .collect::<Vec<_>>()
            .join(" and ")
    )
}

pub fn pair(args: &NewPairArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let root = &args.dir.dir;
    let dir = root
        .join("pairs")
        .join(format!("{}--{}", args.mentee, args.mentor));
    if dir.exists() {
        bail!("{} already exists", display_path(&dir));
    }
    let lock = lock(root, settings)?;
    let mut ws = load(root, settings)?;
    open_sealed(&mut ws, &args.identity, settings, out)?;
    refuse_avoided(
        &ws,
        &args.mentee,
        &args.mentor,
        args.identity.identity.is_some(),
    )?;
    let today = settings.today;
    let new_pair = NewPair {
        mentor: &args.mentor,
        mentees: vec![&args.mentee],
        group: None,
        start: PairStart::from_active(args.active),
        date: today,
        header: format!(
            "# Created by `mentor new pair` on {today}. Agree the [agreement] at the first meeting.\n"
        ),
        extra: Vec::new(),
    };
    write_new(&lock, &ws, pair_folder(&dir, &new_pair), settings, out)
}

/// `mentor new group MENTOR MENTEE...`: a group folder made by hand,
/// `pairs/<mentor>--group` (`-2`, ... when taken), each member held to the
/// avoid lists as a pair is; the group rules (size, a member twice, in
/// another pair, a line report) are the writer's check, as for any record.
pub fn group(args: &NewGroupArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let root = &args.dir.dir;
    // Named as `match` names a group's folder.
    let dir = free_folder(&root.join("pairs"), &format!("{}--group", args.mentor), &[]);
    let lock = lock(root, settings)?;
    let mut ws = load(root, settings)?;
    open_sealed(&mut ws, &args.identity, settings, out)?;
    for mentee in &args.mentees {
        refuse_avoided(&ws, mentee, &args.mentor, args.identity.identity.is_some())?;
    }
    let today = settings.today;
    let new_group = NewPair {
        mentor: &args.mentor,
        mentees: args.mentees.iter().map(String::as_str).collect(),
        group: group_mark(ws.programme.as_ref()),
        start: PairStart::from_active(args.active),
        date: today,
        header: format!(
            "# Created by `mentor new group` on {today}. Agree the [agreement] at the first meeting.\n"
        ),
        extra: Vec::new(),
    };
    write_new(&lock, &ws, pair_folder(&dir, &new_group), settings, out)
}

/// A pair (or a group's member) made by hand keeps to both people's avoid
/// lists, as `match` does: refused when either names the other, and when a
/// sealed list that could cannot be read. Unknown ids are the writer's
/// check to report.
fn refuse_avoided(
    ws: &Workspace,
    mentee_id: &str,
    mentor_id: &str,
    identity_given: bool,
) -> Result<()> {
    let (Some(mentee), Some(mentor)) = (ws.person_index(mentee_id), ws.person_index(mentor_id))
    else {
        return Ok(());
    };
    match avoided_pair(ws, mentee, mentor) {
        Ok(None) => Ok(()),
        Ok(Some(Exclusion::Confidential)) => bail!(
            "nothing written: {mentee_id} and {mentor_id} may not be paired, for a confidential reason; choose another mentor",
        ),
        Ok(Some(_)) => bail!(
            "nothing written: {mentee_id} and {mentor_id} may not be paired: one names the other in `avoid`; choose another mentor",
        ),
        Err(sealed) => bail!(
            "nothing written: the avoid list of {} is sealed and must be read first, so that no pair is made that someone asked to avoid; {}",
            sealed.join(" and "),
            if identity_given {
                "this identity cannot open it: give the coordinator's"
            } else {
                "give the coordinator's identity with --identity FILE (or MENTOR_IDENTITY)"
            }
        ),
    }
}

pub fn goal(args: &NewGoalArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let status = if args.draft {
        GoalStatus::Draft
    } else {
        GoalStatus::NotStarted
    };
    let parts = [
        (Goal::SPECIFIC, &args.specific),
        (Goal::MEASURABLE, &args.measurable),
        (Goal::ACHIEVABLE, &args.achievable),
        (Goal::RELEVANT, &args.relevant),
    ];
    let mut fields = vec![(Goal::ID, EntryValue::Word(args.id.clone()))];
    fields.extend(
        parts
            .into_iter()
            .filter_map(|(field, text)| Some((field, EntryValue::Text(text.clone()?)))),
    );
    fields.extend(args.due.map(|due| (Goal::DUE, EntryValue::Date(due))));
    fields.push((Goal::STATUS, EntryValue::Word(status.as_str().into())));
    let path = append_to_pair(&ws, &args.pair, &GOALS, &fields, &lock, settings.today)?;
    out.print(&format!(
        "Added {}goal `{}` to {}.\n",
        if args.draft { "draft " } else { "" },
        args.id,
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

pub fn assessment(
    args: &NewAssessmentArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    let lock = lock(&args.dir.dir, settings)?;
    let ws = load(&args.dir.dir, settings)?;
    let entry = find_pair(&ws, &args.pair)?;
    let date = args.date.unwrap_or(settings.today);
    let owner = Owner::Assessment {
        pair: entry.id.clone(),
        by: args.by.clone(),
        date,
    };
    let sealing = Sealing::of(
        &ws,
        &fields::ASSESSMENT,
        owner,
        Assessment::LEVELS,
        Some(&entry.pair),
        false,
        "assessment levels",
    )?;
    let levels = Sealing::keep(
        sealing.as_ref(),
        &fields::level_lines(args.levels.iter().map(|(c, l)| (c.as_str(), *l))),
        EntryValue::Levels(
            args.levels
                .iter()
                .map(|(c, l)| (c.clone(), i64::from(*l)))
                .collect(),
        ),
    )?;
    let fields = [
        (Assessment::BY, EntryValue::Word(args.by.clone())),
        (Assessment::DATE, EntryValue::Date(date)),
        (Assessment::STAGE, EntryValue::Word(args.stage.clone())),
        (Assessment::LEVELS, levels),
    ];
    let path = append_to_pair(&ws, &args.pair, &ASSESSMENT, &fields, &lock, settings.today)?;
    out.print(&format!(
        "Recorded the {} assessment of {date} in {}{}.\n",
        args.stage,
        display_path(&path),
        if sealing.is_some() {
            ", its levels sealed for the pair and the coordinators"
        } else {
            ""
        }
    ))?;
    Ok(Outcome::Success)
}

/// Create new files, never replacing one, as one checked change.
fn write_new(
    lock: &Lock,
    ws: &Workspace,
    changes: Vec<Change>,
    settings: &Settings,
    out: &mut Output,
) -> Result<Outcome> {
    for change in &changes {
        if change.path.exists() {
            bail!(
                "{} already exists; not overwriting it",
                display_path(&change.path)
            );
        }
    }
    apply(lock, ws, &changes, settings.today)?;
    let names: Vec<String> = changes
        .iter()
        .map(|c| format!("  {}", display_path(&c.path)))
        .collect();
    out.print(&format!("Created:\n{}\n", names.join("\n")))?;
    Ok(Outcome::Success)
}

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::Outcome;
use crate::cli::{NewCommand, NewGoalArgs, NewPairArgs, NewPersonArgs};
use crate::commands::{as_of, log, print};
use crate::edit::{Change, EntryValue, append_to_pair, apply, toml_date};
use crate::load::{display_path, is_valid_id, load};

pub fn run(command: &NewCommand) -> Result<Outcome> {
    match command {
        NewCommand::Person(args) => person(args),
        NewCommand::Pair(args) => pair(args),
        NewCommand::Goal(args) => goal(args),
        NewCommand::Meeting(args) => log::run(args),
    }
}

fn person(args: &NewPersonArgs) -> Result<Outcome> {
    if !is_valid_id(&args.id) {
        bail!(
            "`{}` cannot serve as an id: use letters, digits, `.`, `_` and `-` (e.g. `ana-silva`)",
            args.id
        );
    }
    let root = &args.dir.dir;
    let path = root.join("people").join(format!("{}.toml", args.id));
    let mut doc = toml_edit::DocumentMut::new();
    doc["name"] = toml_edit::value(args.name.as_str());
    if let Some(email) = &args.email {
        doc["email"] = toml_edit::value(email.as_str());
    }
    doc["role"] = toml_edit::value(args.role.as_str());
    for (key, value) in [
        ("job_title", &args.job_title),
        ("department", &args.department),
        ("manager", &args.manager),
    ] {
        if let Some(value) = value {
            doc[key] = toml_edit::value(value.as_str());
        }
    }
    let today = as_of(None);
    if args.role == "mentor" {
        doc["status"] = toml_edit::value("active");
    } else {
        doc["status"] = toml_edit::value("applied");
        doc["applied_on"] = toml_edit::value(toml_date(today));
    }
    let text = format!(
        "#:schema ../schemas/person.schema.json\n# Created by `mentor new person` on {today}. Add languages, modes, availability,\n# style, needs/expertise and the rest: see the README for every field.\n{doc}"
    );
    create(root, vec![(path, text)])
}

/// The files of a new pair folder: pair.toml with `pair_fields`, and empty
/// goals and log files that validate.
pub fn pair_files(dir: &Path, pair_toml: String) -> Vec<(PathBuf, String)> {
    vec![
        (dir.join("pair.toml"), pair_toml),
        (
            dir.join("goals.yaml"),
            "# SMART goals: agree them at your first meeting.\ngoals: []\n".to_string(),
        ),
        (
            dir.join("log.yaml"),
            "# Add one entry per meeting; private_notes never leave this file.\nmeetings: []\n"
                .to_string(),
        ),
    ]
}

/// pair.toml for a new pair.
pub fn pair_toml(
    mentor: &str,
    mentee: &str,
    active: bool,
    date: NaiveDate,
    header: &str,
    extra: impl FnOnce(&mut toml_edit::DocumentMut),
) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    doc["mentor"] = toml_edit::value(mentor);
    doc["mentee"] = toml_edit::value(mentee);
    if active {
        doc["status"] = toml_edit::value("active");
        doc["started"] = toml_edit::value(toml_date(date));
    } else {
        doc["status"] = toml_edit::value("proposed");
        doc["proposed_on"] = toml_edit::value(toml_date(date));
    }
    extra(&mut doc);
    format!("{header}{doc}")
}

fn pair(args: &NewPairArgs) -> Result<Outcome> {
    let root = &args.dir.dir;
    let dir = root
        .join("pairs")
        .join(format!("{}--{}", args.mentee, args.mentor));
    if dir.exists() {
        bail!("{} already exists", display_path(&dir));
    }
    let today = as_of(None);
    let header = format!(
        "# Created by `mentor new pair` on {today}. Agree the [agreement] at the first meeting.\n"
    );
    let text = pair_toml(
        &args.mentor,
        &args.mentee,
        args.active,
        today,
        &header,
        |_| {},
    );
    create(root, pair_files(&dir, text))
}

fn goal(args: &NewGoalArgs) -> Result<Outcome> {
    let ws = load(&args.dir.dir)?;
    let fields = [
        ("id", EntryValue::Word(args.id.clone())),
        ("specific", EntryValue::Text(args.specific.clone())),
        ("measurable", EntryValue::Text(args.measurable.clone())),
        ("achievable", EntryValue::Text(args.achievable.clone())),
        ("relevant", EntryValue::Text(args.relevant.clone())),
        ("due", EntryValue::Date(args.due)),
        ("status", EntryValue::Word("not-started".into())),
    ];
    let path = append_to_pair(&ws, &args.pair, "goals", "goals", &fields)?;
    print(&format!(
        "Added goal `{}` to {}.\n",
        args.id,
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

fn create(root: &Path, files: Vec<(PathBuf, String)>) -> Result<Outcome> {
    for (path, _) in &files {
        if path.exists() {
            bail!("{} already exists; not overwriting it", display_path(path));
        }
    }
    let changes: Vec<Change> = files
        .into_iter()
        .map(|(path, text)| Change {
            path,
            base: None,
            text,
        })
        .collect();
    apply(&load(root)?, &changes)?;
    let names: Vec<String> = changes
        .iter()
        .map(|c| format!("  {}", display_path(&c.path)))
        .collect();
    print(&format!("Created:\n{}\n", names.join("\n")))?;
    Ok(Outcome::Success)
}

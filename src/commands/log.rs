use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::{as_of, print};
use crate::edit::{
    Change, YamlValue, append_toml_table, append_yaml_item, apply, record_file, toml_date,
};
use crate::load::{display_path, load};

pub fn run(args: &LogArgs) -> Result<Outcome> {
    let root = &args.dir.dir;
    let ws = load(root)?;
    let Some(entry) = ws.pair(&args.pair) else {
        bail!(
            "no pair `{}` under {}",
            args.pair,
            root.join("pairs").display()
        );
    };
    let date = args.date.unwrap_or_else(|| as_of(None));
    let (path, base) = record_file(&entry.dir, "log")?;
    let text = base.clone().unwrap_or_default();
    let new_text = if path.extension().is_some_and(|e| e == "toml") {
        let mut table = toml_edit::Table::new();
        table.insert("date", toml_edit::value(toml_date(date)));
        table.insert("minutes", toml_edit::value(i64::from(args.minutes)));
        if let Some(mode) = &args.mode {
            table.insert("mode", toml_edit::value(mode.as_str()));
        }
        for (key, list) in [
            ("goals", &args.goals),
            ("topics", &args.topics),
            ("actions", &args.actions),
        ] {
            if !list.is_empty() {
                table.insert(
                    key,
                    toml_edit::value(
                        list.iter()
                            .map(String::as_str)
                            .collect::<toml_edit::Array>(),
                    ),
                );
            }
        }
        append_toml_table(&text, "meetings", table)?
    } else {
        let mut fields = vec![
            ("date", YamlValue::Plain(date.to_string())),
            ("minutes", YamlValue::Plain(args.minutes.to_string())),
        ];
        if let Some(mode) = &args.mode {
            fields.push(("mode", YamlValue::Plain(mode.clone())));
        }
        if !args.goals.is_empty() {
            fields.push(("goals", YamlValue::Ids(args.goals.clone())));
        }
        if !args.topics.is_empty() {
            fields.push(("topics", YamlValue::Texts(args.topics.clone())));
        }
        if !args.actions.is_empty() {
            fields.push(("actions", YamlValue::Texts(args.actions.clone())));
        }
        append_yaml_item(&text, "meetings", &fields)?
    };
    apply(
        &ws,
        &[Change {
            path: path.clone(),
            base,
            text: new_text,
        }],
    )?;
    print(&format!(
        "Logged the meeting of {date} in {}.\n",
        display_path(&path)
    ))?;
    Ok(Outcome::Success)
}

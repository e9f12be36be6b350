use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::commands::{identity, load_valid, open_with};
use crate::edit::{Overwrite, refuse_record_path, write_atomic, write_output};
use crate::export::{Identities, Pseudonymiser, Sheet, sheets};
use crate::indicators::{Period, figures};
use crate::load::programme_file::{
    LEGACY_PLAIN_PSEUDONYM_KEY, LEGACY_SEALED_PSEUDONYM_KEY, PSEUDONYM_KEY, read_support,
};
use crate::output::Output;
use crate::render::sheet::to_csv;
use crate::seal::Identity;
use crate::seal::armor::Opened;
use crate::seal::places::{self, Place, Reader};
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &ExportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    let (mut ws, errors) = if args.allow_errors {
        let ws = crate::commands::load(&args.programme.dir, settings)?;
        let errors = crate::checks::blocking(&ws, settings.today).len();
        (ws, errors)
    } else {
        (load_valid(&args.programme.dir, settings)?, 0)
    };
    let identity = identity(&args.identity, settings, out)?;
    if let Some(identity) = &identity {
        open_with(&mut ws, identity)?;
    }
    let period = Period::new(&ws, args.from, args.to, as_of);
    if period.to < period.from {
        bail!(
            "the period ends ({}) before it starts ({})",
            period.to,
            period.from
        );
    }
    // Before anything is computed or a key made: HR's files never land among the records.
    refuse_record_path(&args.programme.dir, &args.out.join("indicators.csv"))?;
    let key = if args.anonymize {
        Some(pseudonym_key(&ws, identity.as_ref(), settings)?)
    } else {
        None
    };
    let identities = match &key {
        Some(key) => Identities::Pseudonymous(Pseudonymiser::new(&key.secret)),
        None => Identities::Plain,
    };
    let figures = figures(&ws, period);
    let mut tables = sheets(&ws, &figures, &identities);
    for &dimension in &args.by {
        if !tables
            .iter()
            .any(|t| t.name == crate::export::breakdown_name(dimension))
        {
            tables.push(crate::export::breakdown(&ws, period, dimension)?);
        }
    }
    let left_out = crate::export::sealed_in_sheets(&ws, &tables);
    crate::export::leave_out(&mut tables, &left_out);
    let disclosures = if args.anonymize {
        crate::export::protect(&mut tables, args.min_group as usize)
    } else {
        Vec::new()
    };
    let sealed: usize = figures.pairs.iter().map(|p| p.sealed_ratings).sum();
    let programme = ws.programme.as_ref();
    tables.push(crate::export::about(&crate::export::About {
        programme: programme.map_or("", |p| p.name.as_str()),
        organisation: programme.and_then(|p| p.organisation.as_deref()),
        period,
        generated_at: &settings.now,
        anonymized: args.anonymize,
        sealed_ratings: sealed,
        errors,
        left_out: &left_out,
    }));
    let mut written = Vec::new();
    match args.format {
        ExportFormat::Csv => {
            for sheet in &tables {
                let path = args.out.join(sheet.name);
                write_output(&args.programme.dir, &path, &to_csv(sheet)?)?;
                written.push(format!(
                    "  {} ({} rows)",
                    crate::load::display_path(&path),
                    sheet.rows.len()
                ));
            }
        }
        ExportFormat::Xlsx => {
            let path = args.out.join("mentor-export.xlsx");
            write_output(&args.programme.dir, &path, &workbook(&tables)?)?;
            written.push(format!(
                "  {} ({} sheets)",
                crate::load::display_path(&path),
                tables.len()
            ));
        }
    }
    out.print(&format!(
        "Exported {} to {} for {} to {}:\n{}\n",
        ws.programme
            .as_ref()
            .map_or("the programme", |p| p.name.as_str()),
        args.out.display(),
        period.from,
        period.to,
        written.join("\n")
    ))?;
    if let Some(key) = &key {
        keep_key(key, &args.programme.dir, out)?;
    }
    for d in &disclosures {
        out.note(&format!(
            "anonymized: {} {}: {}\n",
            d.table, d.column, d.treatment
        ))?;
    }
    if sealed > 0 {
        out.note(&format!(
            "note: satisfaction figures are empty: {sealed} rating(s) are sealed (see sealed_ratings); run with the coordinator's --identity FILE to include them\n"
        ))?;
    }
    Ok(Outcome::Success)
}

/// The secret behind pseudonyms, and where a new one is to be kept once the
/// export has succeeded (never before: a failed export creates no key).
struct PseudonymKey {
    secret: Vec<u8>,
    keep: Option<(PathBuf, String)>,
    /// A key file where an earlier version kept it, to remove once the key
    /// is kept where it belongs.
    retire: Option<PathBuf>,
}

/// The pseudonym key: `MENTOR_PSEUDONYM_KEY`; else, when the coordinators
/// have keys, `pseudonym-key.age` sealed to them (committed, so every
/// coordinator's run gives the same pseudonyms; opened with `--identity`);
/// else a file outside the repository, readable by this user alone. A new
/// key is made when there is none. It is never committed in plaintext and
/// never goes to HR.
fn pseudonym_key(
    ws: &Workspace,
    identity: Option<&Identity>,
    settings: &Settings,
) -> Result<PseudonymKey> {
    if let Some(key) = &settings.pseudonym_key {
        return Ok(PseudonymKey {
            secret: key.clone(),
            keep: None,
            retire: None,
        });
    }
    let coordinator_keys = places::keys_of(ws, &Reader::Coordinators);
    let legacy = ws.root.join(LEGACY_PLAIN_PSEUDONYM_KEY.path);
    let legacy_secret = read_support(&ws.root, LEGACY_PLAIN_PSEUDONYM_KEY)?
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty());
    if coordinator_keys.is_empty() {
        let path = private_key_path(ws, settings)?;
        if let Some(secret) = read_key(&path)? {
            return Ok(PseudonymKey {
                secret: secret.into_bytes(),
                keep: None,
                retire: None,
            });
        }
        let secret = legacy_secret.clone().map_or_else(new_secret, Ok)?;
        return Ok(PseudonymKey {
            keep: Some((path, format!("{secret}\n"))),
            retire: legacy_secret.map(|_| legacy),
            secret: secret.into_bytes(),
        });
    }
    let sealed_path = ws.root.join(PSEUDONYM_KEY.path);
    // Until it is moved, the key is read where earlier versions kept it
    // (in `.mentor/`, which is this machine's own now) and then moved.
    let (found, moved_from) = match read_support(&ws.root, PSEUDONYM_KEY)? {
        Some(armored) => (Some(armored), None),
        None => match read_support(&ws.root, LEGACY_SEALED_PSEUDONYM_KEY)? {
            Some(armored) => (
                Some(armored),
                Some(ws.root.join(LEGACY_SEALED_PSEUDONYM_KEY.path)),
            ),
            None => (None, None),
        },
    };
    let found_at = moved_from.as_ref().unwrap_or(&sealed_path).display();
    match found {
        Some(armored) => {
            let Some(identity) = identity else {
                bail!(
                    "--anonymize needs the pseudonym key, sealed for the coordinators in {found_at}: give the coordinator's identity with --identity FILE (or MENTOR_IDENTITY)"
                );
            };
            match places::open(&armored, identity, &Place::pseudonym_key()) {
                Opened::Plain(secret) => Ok(PseudonymKey {
                    secret: secret.trim().as_bytes().to_vec(),
                    keep: moved_from
                        .as_ref()
                        .map(|_| (sealed_path.clone(), armored.clone())),
                    retire: moved_from,
                }),
                Opened::NotForYou => bail!(
                    "this identity cannot open the pseudonym key in {found_at}: it is sealed for the coordinators"
                ),
                // A value sealed to the coordinators elsewhere (a closure
                // note) must never serve as the key.
                Opened::Elsewhere(bound) => bail!(
                    "{found_at} is not the pseudonym key: it was sealed for {}, and copied there; restore it from git history",
                    places::Place::read(&bound)
                        .map_or_else(|| "another place".into(), |p| p.describe())
                ),
                Opened::Broken(why) => {
                    bail!("{found_at} is damaged ({why}); restore it from git history")
                }
            }
        }
        None => {
            let secret = legacy_secret.clone().map_or_else(new_secret, Ok)?;
            let armored = places::seal(&secret, &coordinator_keys, &Place::pseudonym_key())
                .map_err(anyhow::Error::msg)?;
            Ok(PseudonymKey {
                keep: Some((sealed_path, armored)),
                retire: legacy_secret.map(|_| legacy),
                secret: secret.into_bytes(),
            })
        }
    }
}

fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot get random bytes for a pseudonym key: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn read_key(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => Ok(Some(text.trim().to_string())),
        Ok(_) => bail!(
            "{} is empty; delete it to have a new key made",
            path.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Where a programme whose coordinators have no keys keeps its pseudonym
/// key: in this user's configuration folder, named after the programme's
/// place on this machine, never in the repository.
fn private_key_path(ws: &Workspace, settings: &Settings) -> Result<PathBuf> {
    settings
        .file_for_programme(&ws.root, "pseudonym-keys", "key")
        .context("--anonymize needs a pseudonym key kept outside the repository, and neither XDG_CONFIG_HOME nor HOME is set; set MENTOR_PSEUDONYM_KEY, or add the coordinators' keys under [coordinator] keys")
}

/// Keeps a new pseudonym key once the export is written: sealed in the
/// programme, or in a file only this user can read.
fn keep_key(key: &PseudonymKey, root: &Path, out: &mut Output) -> Result<()> {
    let Some((path, contents)) = &key.keep else {
        return Ok(());
    };
    let moved = key
        .retire
        .as_ref()
        .is_some_and(|old| old.ends_with(LEGACY_SEALED_PSEUDONYM_KEY.path));
    if moved {
        write_atomic(path, contents.as_bytes(), Overwrite::Never)?;
        out.note(&format!("note: moved the sealed pseudonym key to {} (`.mentor/` is this machine's own state now): commit it\n", path.display()))?;
    } else if path.starts_with(root) {
        write_atomic(path, contents.as_bytes(), Overwrite::Never)?;
        out.note(&format!("note: made the pseudonym key for --anonymize, sealed for the coordinators in {}: commit it so every coordinator's export gives the same pseudonyms\n", path.display()))?;
    } else {
        let dir = path.parent().context("a key folder")?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        let file = tempfile::Builder::new().tempfile_in(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o600))?;
        }
        std::fs::write(file.path(), contents)?;
        file.persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot keep {}", path.display()))?;
        out.note(&format!("note: made the pseudonym key for --anonymize in {} (readable by you alone, outside the repository); add the coordinators' keys under [coordinator] keys to share one sealed key instead\n", path.display()))?;
    }
    if let Some(old) = &key.retire {
        std::fs::remove_file(old).with_context(|| format!("cannot remove {}", old.display()))?;
        out.note(&format!(
            "note: the key in {} moved there and was removed: commit its removal\n",
            old.display()
        ))?;
    }
    Ok(())
}

#[cfg(feature = "xlsx")]
fn workbook(tables: &[Sheet]) -> Result<Vec<u8>> {
    crate::render::sheet::to_xlsx(tables)
}

#[cfg(not(feature = "xlsx"))]
fn workbook(_: &[Sheet]) -> Result<Vec<u8>> {
    bail!(
        "this mentor was built without XLSX support; rebuild with the `xlsx` feature, or use --format csv"
    )
}

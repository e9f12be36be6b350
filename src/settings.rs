//! What a command needs to know about the world it runs in, resolved once at
//! the top (the clock, the terminal, the environment) and passed down. Nothing
//! below `commands/` reads the clock or the environment itself, so every
//! layer under it is reproducible in tests.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// Resolved settings for one run of `mentor`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Today's date on this machine: what "now" means for checks that must
    /// not be fooled by `--as-of` (a meeting logged tomorrow is in the future).
    pub today: NaiveDate,
    /// This moment, as the machine's clock says (RFC 3339): when an export was made.
    pub now: String,
    /// Colour human output.
    pub color: bool,
    /// Standard output is a terminal: tables get borders and fit its width.
    pub terminal: bool,
    /// `MENTOR_PSEUDONYM_KEY`, when set and not empty.
    pub pseudonym_key: Option<Vec<u8>>,
    /// `MENTOR_IDENTITY_PASSPHRASE`: unlocks a passphrase-protected ssh key
    /// where no terminal can ask for it.
    pub identity_passphrase: Option<String>,
    /// Standard input is a terminal: a passphrase or a note can be asked for.
    pub interactive: bool,
    /// This user's configuration folder (`$XDG_CONFIG_HOME`, else
    /// `~/.config`): where a pseudonym key is kept when the coordinators
    /// have no keys to seal it to.
    pub config_dir: Option<PathBuf>,
    /// `MENTOR_SMTP_PASSWORD`: the mail server's password, never kept in a file.
    pub smtp_password: Option<String>,
    /// `$VISUAL` or `$EDITOR`, for notes typed on a terminal.
    pub editor: Option<String>,
}

impl Settings {
    /// The day date-relative checks are judged on: the `--as-of` flag, else today.
    pub fn as_of(&self, flag: Option<NaiveDate>) -> NaiveDate {
        flag.unwrap_or(self.today)
    }

    /// A file of this user's own about the programme at `root`, in their
    /// configuration folder (see [`file_for_programme`]); `None` when there
    /// is no configuration folder.
    pub fn file_for_programme(
        &self,
        root: &Path,
        folder: &str,
        extension: &str,
    ) -> Option<PathBuf> {
        let config = self.config_dir.as_ref()?;
        Some(file_for_programme(config, root, folder, extension))
    }

    /// Settings for the library's own tests: a fixed day, no terminal, and
    /// `config_dir` as this user's configuration folder.
    #[cfg(test)]
    pub fn for_tests(config_dir: &Path) -> Settings {
        Settings {
            today: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap_or_default(),
            now: "2026-03-16T12:00:00+00:00".to_string(),
            color: false,
            terminal: false,
            pseudonym_key: None,
            identity_passphrase: None,
            interactive: false,
            config_dir: Some(config_dir.to_path_buf()),
            smtp_password: None,
            editor: None,
        }
    }
}

/// A file of this user's own about the programme at `root`, kept in their
/// configuration folder `config` (never in the repository), named after the
/// programme's place on this machine: `<config>/mentor/<folder>/<digest>.<extension>`.
pub fn file_for_programme(config: &Path, root: &Path, folder: &str, extension: &str) -> PathBuf {
    use sha2::{Digest, Sha256};
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let digest = Sha256::digest(root.to_string_lossy().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    config
        .join("mentor")
        .join(folder)
        .join(format!("{name}.{extension}"))
}

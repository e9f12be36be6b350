//! What a command needs to know about the world it runs in, resolved once at
//! the top (the clock, the terminal, the environment) and passed down. Nothing
//! below `commands/` reads the clock or the environment itself, so every
//! layer under it is reproducible in tests.

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
    pub config_dir: Option<std::path::PathBuf>,
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
}

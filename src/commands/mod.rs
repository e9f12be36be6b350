//! One module per subcommand; each wires load -> logic -> render. The
//! dispatcher resolves [`Settings`] once and hands every command the same
//! [`Output`]; no command imports another.

mod answers;
mod audit;
mod codeowners;
mod concern;
mod export;
mod feedback;
mod history;
mod import;
mod init;
mod log;
mod match_pairs;
mod new;
mod notes;
mod pair;
mod person;
mod person_erase;
mod person_export;
mod recognise;
mod remind;
mod report;
mod schema;
mod seal;
mod supply;
mod survey;
mod validate;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::Outcome;
use crate::cli::{Cli, Command, DiagnosticFormat, IdentityArg, NewCommand, PersonCommand};
use crate::diagnostic::{Diagnostic, Severity, Tally, locate};
use crate::edit::Refusal;
use crate::model::PersonStatus;
use crate::output::Output;
use crate::render::diagnostics as render;
use crate::seal::{Identity, PrivateNames};
use crate::settings::Settings;
use crate::source::Sources;
use crate::workspace::Workspace;

pub fn execute(mut cli: Cli, out: &mut Output) -> Result<Outcome> {
    let settings = settings(cli.color);
    out.set_color(settings.color);
    find_programme(&mut cli.command);
    let result = match cli.command {
        Command::Init(args) => init::run(&args, &settings, out),
        Command::Validate(args) => validate::run(&args, &settings, out),
        Command::Match(args) => match_pairs::run(&args, &settings, out),
        Command::Report(args) => report::run(&args, &settings, out),
        Command::Supply(args) => supply::run(&args, &settings, out),
        Command::Export(args) => export::run(&args, &settings, out),
        Command::Schema(args) => schema::run(&args, out),
        Command::Completions(args) => schema::completions(args.shell, out),
        Command::Man => schema::man(out),
        Command::Log(args) | Command::New(NewCommand::Meeting(args)) => {
            log::run(&args, &settings, out)
        }
        Command::New(NewCommand::Person(args)) => new::person(&args, &settings, out),
        Command::New(NewCommand::Pair(args)) => new::pair(&args, &settings, out),
        Command::New(NewCommand::Group(args)) => new::group(&args, &settings, out),
        Command::New(NewCommand::Goal(args)) => new::goal(&args, &settings, out),
        Command::New(NewCommand::Assessment(args)) => new::assessment(&args, &settings, out),
        Command::Import(args) => import::run(&args, &settings, out),
        Command::Feedback(args) => feedback::run(&args, &settings, out),
        Command::Concern(args) => concern::run(&args, &settings, out),
        Command::Recognise(args) => recognise::run(&args, &settings, out),
        Command::Survey(command) => survey::run(&command, &settings, out),
        Command::Seal(args) => seal::run(&args, &settings, out),
        Command::Pair(command) => pair::run(&command, &settings, out),
        Command::Remind(args) => remind::run(&args, &settings, out),
        Command::Person(PersonCommand::Export(args)) => person_export::run(&args, &settings, out),
        Command::Person(PersonCommand::Erase(args)) => person_erase::run(&args, &settings, out),
        Command::Person(PersonCommand::Complete(a)) => {
            person::run(&a, PersonStatus::Completed, &settings, out)
        }
        Command::Person(PersonCommand::Withdraw(a)) => {
            person::run(&a, PersonStatus::Withdrawn, &settings, out)
        }
        Command::Person(PersonCommand::Reactivate(a)) => {
            person::run(&a, PersonStatus::Active, &settings, out)
        }
        Command::Person(PersonCommand::Trained(a)) => person::trained(&a, &settings, out),
        Command::Person(PersonCommand::Approve(a)) => person::approve(&a, &settings, out),
        Command::Notes(args) => notes::run(&args, &settings, out),
        Command::Audit(args) => audit::run(&args, &settings, out),
        Command::History(args) => history::run(&args, &settings, out),
        Command::Codeowners(args) => codeowners::run(&args, &settings, out),
    };
    result.map_err(explain_refusal)
}

/// Settle which programme each command works on: `-C DIR` or `DIR` as
/// given, else the nearest folder upward that holds a programme file.
fn find_programme(command: &mut Command) {
    let resolve = |dir: &mut PathBuf, option: Option<PathBuf>| {
        *dir = programme_root(&option.unwrap_or_else(|| dir.clone()));
    };
    match command {
        Command::Validate(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Match(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Report(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Supply(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Export(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Seal(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Remind(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Pair(crate::cli::PairCommand::Start(a)) => resolve(&mut a.dir.dir, None),
        Command::Pair(crate::cli::PairCommand::Close(a)) => resolve(&mut a.dir.dir, None),
        Command::Pair(crate::cli::PairCommand::Reject(a)) => resolve(&mut a.dir.dir, None),
        Command::Pair(crate::cli::PairCommand::Pause(a)) => resolve(&mut a.dir.dir, None),
        Command::Person(
            crate::cli::PersonCommand::Complete(a)
            | crate::cli::PersonCommand::Withdraw(a)
            | crate::cli::PersonCommand::Reactivate(a),
        ) => resolve(&mut a.dir.dir, None),
        Command::Person(PersonCommand::Export(a)) => resolve(&mut a.dir.dir, None),
        Command::Person(PersonCommand::Erase(a)) => resolve(&mut a.dir.dir, None),
        Command::Person(crate::cli::PersonCommand::Trained(a)) => resolve(&mut a.dir.dir, None),
        Command::Person(crate::cli::PersonCommand::Approve(a)) => resolve(&mut a.dir.dir, None),
        Command::Notes(a) => resolve(&mut a.dir.dir, None),
        Command::Feedback(a) => resolve(&mut a.dir.dir, None),
        Command::Concern(a) => resolve(&mut a.dir.dir, None),
        Command::Recognise(a) => resolve(&mut a.dir.dir, None),
        Command::Survey(crate::cli::SurveyCommand::Answer(a)) => resolve(&mut a.dir.dir, None),
        Command::Survey(crate::cli::SurveyCommand::Status(a)) => resolve(&mut a.dir.dir, None),
        Command::Survey(crate::cli::SurveyCommand::Results(a)) => resolve(&mut a.dir.dir, None),
        Command::Survey(crate::cli::SurveyCommand::Form(a)) => resolve(&mut a.dir.dir, None),
        Command::Audit(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::History(a) => resolve(&mut a.dir.dir, None),
        Command::Codeowners(a) => resolve(&mut a.programme.dir, a.programme.directory.take()),
        Command::Log(a) | Command::New(NewCommand::Meeting(a)) => resolve(&mut a.dir.dir, None),
        Command::New(NewCommand::Person(a)) => resolve(&mut a.dir.dir, None),
        Command::New(NewCommand::Pair(a)) => resolve(&mut a.dir.dir, None),
        Command::New(NewCommand::Group(a)) => resolve(&mut a.dir.dir, None),
        Command::New(NewCommand::Goal(a)) => resolve(&mut a.dir.dir, None),
        Command::New(NewCommand::Assessment(a)) => resolve(&mut a.dir.dir, None),
        Command::Import(a) => match &mut a.what {
            Some(crate::cli::ImportCommand::People(p)) => {
                let option = p.directory.take();
                resolve(&mut p.dir, option);
            }
            Some(crate::cli::ImportCommand::Survey(s)) => resolve(&mut s.dir.dir, None),
            None => {}
        },
        Command::Init(_) | Command::Schema(_) | Command::Completions(_) | Command::Man => {}
    }
}

/// The folder given, unless it is the current one and holds no programme:
/// then the nearest folder upward that does (`../..`), as git finds its
/// repository. Paths stay relative, so findings name files as the person
/// would open them from here.
fn programme_root(given: &Path) -> PathBuf {
    let holds_programme = |dir: &Path| {
        crate::layout::RECORD_EXTENSIONS
            .iter()
            .any(|e| dir.join(format!("programme.{e}")).is_file())
    };
    if given != Path::new(".") || holds_programme(given) {
        return given.to_path_buf();
    }
    let Ok(here) = std::env::current_dir() else {
        return given.to_path_buf();
    };
    for (up, dir) in here.ancestors().enumerate().skip(1) {
        if holds_programme(dir) {
            return (0..up).map(|_| "..").collect();
        }
    }
    given.to_path_buf()
}

/// The one place that reads the clock, the terminal and the environment.
// The one reader of the date: every layer below takes it from `Settings`.
#[allow(clippy::disallowed_methods)]
fn settings(color: colorchoice_clap::Color) -> Settings {
    // `--color` sets the process-wide choice; anstream then resolves `auto`
    // for standard output (a terminal, NO_COLOR, CLICOLOR_FORCE, TERM).
    color.write_global();
    let stdout = std::io::stdout();
    Settings {
        today: chrono::Local::now().date_naive(),
        now: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        color: anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
        terminal: stdout.is_terminal(),
        pseudonym_key: std::env::var_os("MENTOR_PSEUDONYM_KEY")
            .filter(|k| !k.is_empty())
            .map(|k| k.to_string_lossy().into_owned().into_bytes()),
        identity_passphrase: std::env::var("MENTOR_IDENTITY_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty()),
        interactive: std::io::stdin().is_terminal(),
        config_dir: std::env::var_os("XDG_CONFIG_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|d| !d.is_empty())
                    .map(|home| PathBuf::from(home).join(".config"))
            }),
        smtp_password: std::env::var("MENTOR_SMTP_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty()),
        editor: ["VISUAL", "EDITOR"]
            .into_iter()
            .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty())),
    }
}

/// A write refused by the one writer, with the errors it would have added.
fn explain_refusal(error: anyhow::Error) -> anyhow::Error {
    match error.downcast::<Refusal>() {
        Ok(refusal) => anyhow::anyhow!(
            "nothing written: the change would add errors:\n{}",
            error_listing(&refusal.errors, &refusal.after.sources)
        ),
        Err(error) => error,
    }
}

/// Errors as concise lines, for messages that refuse to go on.
pub fn error_listing(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let errors: Vec<_> = locate(diagnostics, sources)
        .into_iter()
        .filter(|l| l.diagnostic.severity() == Severity::Error)
        .collect();
    let tally = Tally {
        errors: errors.len(),
        warnings: 0,
    };
    render::concise(&errors, tally).trim_end().to_string()
}

/// Findings in the format the person asked for; snippets mask what
/// `names` calls private.
pub fn render_diagnostics(
    format: DiagnosticFormat,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    names: &PrivateNames,
    settings: &Settings,
) -> String {
    let tally = Tally::of(diagnostics);
    let located = locate(diagnostics, sources);
    match format {
        DiagnosticFormat::Human => render::human(&located, sources, names, tally, settings.color),
        DiagnosticFormat::Concise => render::concise(&located, tally),
        DiagnosticFormat::Json => render::json_document(&located, sources, tally),
        DiagnosticFormat::Github => render::github(&located),
        DiagnosticFormat::Sarif => render::sarif(&located),
        DiagnosticFormat::Gitlab => render::gitlab(&located),
    }
}

/// Print rendered findings: documents as they are, text for people made safe.
pub fn print_findings(out: &mut Output, format: DiagnosticFormat, rendered: &str) -> Result<()> {
    match format {
        DiagnosticFormat::Json | DiagnosticFormat::Sarif | DiagnosticFormat::Gitlab => {
            out.print_document(rendered)?
        }
        DiagnosticFormat::Human | DiagnosticFormat::Concise | DiagnosticFormat::Github => {
            out.print(rendered)?
        }
    }
    Ok(())
}

/// Load the programme as it stands, after finishing (or undoing) a change
/// that a writer was interrupted in, so no command reads a half-made state.
/// Local state recovery will not act on (a journal a clone brought) is left
/// as it is: it changes no record; `validate` reports it, writers refuse.
pub fn load(dir: &Path, settings: &Settings) -> Result<Workspace> {
    if crate::edit::interrupted(dir) {
        match crate::edit::lock(dir, settings) {
            Ok(lock) => drop(lock),
            Err(e) if e.is::<crate::edit::local_state::Untrusted>() => {}
            Err(e) => return Err(e),
        }
    }
    crate::load::load(dir)
}

/// The command is done and the process exits next: the workspace's memory
/// goes back with the process instead of being freed allocation by
/// allocation (a tenth of a second on a 10,000-person programme).
pub fn release_at_exit(workspace: Workspace) {
    std::mem::forget(workspace);
}

/// Load the programme and refuse to go on when its files have errors: every
/// command but `validate` needs a programme it can trust. The check uses the
/// real date, not `--as-of`: a report on a past day still sees the meetings
/// logged since, and must not call them "in the future".
pub fn load_valid(dir: &Path, settings: &Settings) -> Result<Workspace> {
    let workspace = load(dir, settings)?;
    let diagnostics = crate::checks::blocking(&workspace, settings.today);
    if !diagnostics.is_empty() {
        anyhow::bail!(
            "the programme has errors; fix them first (`mentor validate {}`):\n{}",
            dir.display(),
            error_listing(&diagnostics, &workspace.sources)
        );
    }
    Ok(workspace)
}

/// The identity `--identity` (or `MENTOR_IDENTITY`) names, read into memory;
/// a passphrase is taken from the environment or asked on the terminal. An
/// identity file others may read is warned about, as ssh does.
pub fn identity(
    arg: &IdentityArg,
    settings: &Settings,
    out: &mut Output,
) -> Result<Option<Identity>> {
    let Some(path) = &arg.identity else {
        return Ok(None);
    };
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read the identity `{name}`"))?;
    if let Some(mode) = readable_by_others(path) {
        out.note(&format!(
            "warning: the identity `{}` can be read by other users of this machine (mode {mode:o}); keep it private: chmod 600 {}\n",
            crate::text::visible(&name),
            crate::text::visible(&name)
        ))?;
    }
    let mut passphrase = || {
        settings.identity_passphrase.clone().or_else(|| {
            settings
                .interactive
                .then(|| rpassword::prompt_password(format!("Passphrase for {name}: ")).ok())
                .flatten()
        })
    };
    Identity::parse(&bytes, &name, &mut passphrase)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

/// The permission bits of a file its group or others may read, on unix.
fn readable_by_others(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o044 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Open in memory what `--identity` (or `MENTOR_IDENTITY`) can read of the
/// programme's sealed values; without an identity nothing is opened.
pub fn open_sealed(
    ws: &mut Workspace,
    arg: &IdentityArg,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    match identity(arg, settings, out)? {
        Some(identity) => open_with(ws, &identity),
        None => Ok(()),
    }
}

/// Open in memory what `identity` can read of the programme's sealed values.
pub fn open_with(ws: &mut Workspace, identity: &Identity) -> Result<()> {
    let count = crate::seal::values::open_all(ws, identity);
    match count.invalid.first() {
        Some(why) => anyhow::bail!("a sealed value does not hold a valid value: {why}"),
        None => Ok(()),
    }
}

/// The pair with this id, or an error naming where pairs live and the
/// closest id.
pub fn find_pair<'w>(ws: &'w Workspace, id: &str) -> Result<&'w crate::workspace::PairEntry> {
    ws.pair(id).ok_or_else(|| {
        let hint = crate::decode::did_you_mean(id, ws.pairs.iter().map(|p| p.id.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        anyhow::anyhow!(
            "no pair `{id}` under {}{hint}",
            ws.root.join("pairs").display()
        )
    })
}

/// The intake `--intake` names, by its place in `[[intakes]]`; an error
/// listing the programme's intakes when it names none of them.
pub fn find_intake(ws: &Workspace, id: Option<&str>) -> Result<Option<usize>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let intakes = ws
        .programme
        .as_ref()
        .map_or(&[][..], |p| p.intakes.as_slice());
    if let Some(index) = intakes.iter().position(|i| i.id == id) {
        return Ok(Some(index));
    }
    if intakes.is_empty() {
        anyhow::bail!("no intake `{id}`: programme.toml declares no `[[intakes]]`");
    }
    let known: Vec<&str> = intakes.iter().map(|i| i.id.as_str()).collect();
    let hint = crate::decode::did_you_mean(id, known.iter().copied())
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    anyhow::bail!(
        "no intake `{id}`; the programme's intakes are {}{hint}",
        known.join(", ")
    )
}

/// Seal to no key that someone not entitled added: a participant who adds
/// a key of their own to `[coordinator] keys` (or to someone else's
/// profile) would otherwise receive every value the next seal or rotate
/// writes. The history says who added each key the files list now; outside
/// git there is no history to ask.
pub(crate) fn refuse_unapproved_keys(ws: &Workspace, dir: &Path) -> Result<()> {
    if !in_git(dir) {
        return Ok(());
    }
    let repo = crate::git::Repo::open(dir)?;
    let commits = repo.commits(None)?;
    // A window at a time: memory bounded by the window, not the history.
    let windows = repo.windows(
        &commits,
        crate::git::Commit::blobs,
        crate::git::WINDOW_BYTES,
    )?;
    let unapproved = crate::audit::unapproved_keys(ws, &commits, windows, dir)?;
    if unapproved.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = unapproved
        .iter()
        .map(|k| {
            format!(
                "  {} in {}, added in {}",
                crate::text::excerpt(&k.key),
                k.path,
                crate::text::visible(&k.added_by)
            )
        })
        .collect();
    anyhow::bail!(
        "nothing sealed: {} added by someone not entitled to change the file, so sealing could give them confidential values:\n{}\nremove each; if it was right after all, a coordinator (or, in a profile, its owner) adds it again; `mentor audit` shows the changes",
        crate::text::count(unapproved.len(), "key was|keys were"),
        listed.join("\n")
    )
}

/// Whether `dir` is inside a git work tree (a `.git` folder or file above
/// it), whether or not its history can be read.
pub(crate) fn in_git(dir: &Path) -> bool {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// How a writer keeps one private value it is about to write: sealed for
/// exactly the readers of its record (`seal::fields`), to keys checked
/// before anything is read or written. Every command that writes a private
/// value goes through here, so none leaves one readable where the
/// programme seals.
pub(crate) struct Sealing {
    keys: Vec<crate::seal::PublicKey>,
    place: crate::seal::places::Place,
}

impl Sealing {
    /// The sealing of `field` of `owner`'s record (of `kind`, in `pair`):
    /// `None` where the value stays plain (the programme does not seal, and
    /// the writer does not seal `always`). Refused, naming who lacks a key,
    /// when a reader has none, and when a key was slipped in by someone not
    /// entitled; `what` names the value in the refusal.
    pub(crate) fn of(
        ws: &Workspace,
        kind: &dyn crate::seal::fields::AnyKind,
        owner: crate::seal::places::Owner,
        field: crate::decode::Field,
        pair: Option<&crate::model::Pair>,
        always: bool,
        what: &str,
    ) -> Result<Option<Sealing>> {
        use crate::seal::fields::Reader;
        use crate::seal::values;
        if !always && !ws.programme.as_ref().is_some_and(|p| p.seals()) {
            return Ok(None);
        }
        let readers = kind.readers().of(&owner, pair);
        let keys = values::recipients(ws, &readers).map_err(|missing| {
            let mut places = Vec::new();
            if missing.iter().any(|r| matches!(r, Reader::Person(_))) {
                places.push("under `keys` in their person file");
            }
            if missing.contains(&Reader::Coordinators) {
                places.push("under `[coordinator] keys` in programme.toml");
            }
            anyhow::anyhow!(
                "nothing written: {what} are sealed for {}, and {} must first add a public key {}",
                values::reader_names(ws, &readers),
                values::reader_names(ws, &missing),
                places.join(", and ")
            )
        })?;
        // A key slipped into someone's profile must not receive the value.
        refuse_unapproved_keys(ws, &ws.root)?;
        Ok(Some(Sealing {
            keys,
            place: crate::seal::places::Place::new(owner, field),
        }))
    }

    /// `plaintext`, sealed: an armored age message bound to its place.
    pub(crate) fn seal(&self, plaintext: &str) -> Result<String> {
        crate::seal::places::seal(plaintext, &self.keys, &self.place).map_err(anyhow::Error::msg)
    }

    /// The value to write: `plaintext` sealed by `sealing`, or `plain`
    /// where the value stays plain (`sealing` is `None`).
    pub(crate) fn keep(
        sealing: Option<&Sealing>,
        plaintext: &str,
        plain: crate::edit::EntryValue,
    ) -> Result<crate::edit::EntryValue> {
        Ok(match sealing {
            Some(s) => crate::edit::EntryValue::Sealed(s.seal(plaintext)?),
            None => plain,
        })
    }
}

/// Confidential text a command is given (a private note, a feedback
/// comment): read from standard input, or typed in `$EDITOR` on a terminal,
/// never from the command line, where the shell's history and `ps` would
/// keep it. `what` names it; `piped` shows how to pipe it in. Returned
/// trimmed: the editor's closing newline is no part of it.
pub(crate) fn private_text(settings: &Settings, what: &str, piped: &str) -> Result<String> {
    if !settings.interactive {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .with_context(|| format!("cannot read {what} from standard input"))?;
        return Ok(text.trim().to_string());
    }
    let Some(editor) = &settings.editor else {
        anyhow::bail!("set $EDITOR to type {what}, or pipe it in: `{piped}`");
    };
    // An empty file only the user can read, outside the programme, removed
    // as soon as the text is read.
    let file = tempfile::Builder::new()
        .prefix("mentor-private-")
        .suffix(".txt")
        .tempfile()
        .with_context(|| format!("cannot make a file for {what}"))?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot start the editor `{program}`"))?;
    if !status.success() {
        anyhow::bail!("nothing written: the editor exited with {status}");
    }
    let text =
        std::fs::read_to_string(file.path()).with_context(|| format!("cannot read {what} back"))?;
    Ok(text.trim().to_string())
}

//! Confidential values sealed in place (`mentor seal`, `notes`, `log
//! --private`, `--identity`): with age and ssh keys made as the standard
//! `age-keygen` and `ssh-keygen` write them, and sealed values opened by the
//! standard `age` CLI (an interop test) as well as by mentor.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use age::secrecy::ExposeSecret;

use crate::interop::{self, Program};
use crate::support::{AS_OF, Fixture, assert_exit, command_in, stderr, stdout};

pub(crate) const NOTE: &str = "Ed is thinking of leaving the library";
pub(crate) const COMMENT: &str = "Mo listens, but is never on time";
pub(crate) const CLOSURE_NOTE: &str = "Eve moved to another university";

/// A key pair: the private key file and the public key line.
pub(crate) struct Key {
    pub(crate) file: PathBuf,
    pub(crate) public: String,
}

/// Write a private key file readable by its owner alone, as the key tools
/// do (mentor warns about an identity others may read).
fn write_private(file: &Path, text: &str) {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .unwrap();
}

/// A new age key in `DIR/NAME.txt`, in the file format `age-keygen -o`
/// writes: two comment lines, the second the public key, then the secret.
pub(crate) fn age_key(dir: &Path, name: &str) -> Key {
    let file = dir.join(format!("{name}.txt"));
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let created = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    write_private(
        &file,
        &format!(
            "# created: {created}\n# public key: {public}\n{}\n",
            identity.to_string().expose_secret()
        ),
    );
    Key { file, public }
}

/// A new ssh-ed25519 key as `ssh-keygen -t ed25519 -C NAME -f DIR/NAME`
/// makes one: the private key in OpenSSH's format (encrypted as ssh-keygen
/// does when there is a passphrase), the public key line, with NAME as its
/// comment, in DIR/NAME.pub.
pub(crate) fn ssh_key_with(dir: &Path, name: &str, passphrase: Option<&str>) -> Key {
    let file = dir.join(name);
    let mut rng = ::ssh_key::rand_core::OsRng;
    let mut key = ::ssh_key::PrivateKey::random(&mut rng, ::ssh_key::Algorithm::Ed25519).unwrap();
    key.set_comment(name);
    let public = key.public_key().to_openssh().unwrap();
    if let Some(passphrase) = passphrase {
        key = key.encrypt(&mut rng, passphrase).unwrap();
    }
    let private = key.to_openssh(::ssh_key::LineEnding::LF).unwrap();
    write_private(&file, &private);
    std::fs::write(dir.join(format!("{name}.pub")), format!("{public}\n")).unwrap();
    Key { file, public }
}

pub(crate) fn ssh_key(dir: &Path, name: &str) -> Key {
    ssh_key_with(dir, name, None)
}

/// The base fixture with keys for everyone and confidential values in
/// plaintext: Ed (mentee, an ssh-ed25519 key) and Mo (mentor, an age key)
/// in pair ed--mo; Max an outsider; the coordinator's age key; a private
/// note, a feedback comment and rating by Ed, a closed pair eve--max with a
/// closure note, and Eve's avoid list naming Mo.
pub(crate) struct Sealed {
    pub(crate) f: Fixture,
    pub(crate) keys: tempfile::TempDir,
    pub(crate) ed: Key,
    pub(crate) mo: Key,
    pub(crate) max: Key,
    pub(crate) maxi: Key,
    pub(crate) coordinator: Key,
}

pub(crate) fn programme(seal: bool) -> Sealed {
    let keys = tempfile::tempdir().unwrap();
    let ed = ssh_key(keys.path(), "ed");
    let mo = age_key(keys.path(), "mo");
    let max = age_key(keys.path(), "max");
    let eve = age_key(keys.path(), "eve");
    let coordinator = age_key(keys.path(), "coordinator");
    let f = Fixture::base();
    let add_keys = |file: &str, key: &str| {
        let text = f.read(file);
        let (head, rest) = text.split_once('\n').unwrap();
        f.write(file, &format!("{head}\nkeys = [\"{key}\"]\n{rest}"));
    };
    add_keys("people/ed.toml", &ed.public);
    add_keys("people/mo.toml", &mo.public);
    add_keys("people/max.toml", &max.public);
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!(
            "{programme}\n[coordinator]\nname = \"Cora Ordinator\"\nkeys = [\"{}\"]\n\n[privacy]\nseal = {seal}\n",
            coordinator.public
        ),
    );
    f.write(
        "people/eve.toml",
        &format!(
            "name = \"Eve Mentee\"\nkeys = [\"{}\"]\nemail = \"eve@example.org\"\nrole = \"mentee\"\ngroup = \"staff\"\nlanguages = [\"en\"]\nneeds = [\"budgeting\"]\nstatus = \"applied\"\navoid = [\"mo\"]\n\n[supervisor_approval]\nby = \"x@example.org\"\ndate = 2026-01-02\n",
            eve.public
        ),
    );
    f.write(
        "pairs/ed--mo/log.yaml",
        &format!(
            "# The log.\nmeetings:\n  - date: 2026-02-01\n    minutes: 60\n    mode: video\n    goals: [g1]\n    private_notes: {NOTE}\n  - date: 2026-03-01\n    minutes: 45\n    mode: in-person\n    goals: [g1]\n"
        ),
    );
    f.write(
        "pairs/ed--mo/feedback.yaml",
        &format!(
            "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 2\n    comment: \"{COMMENT}\"\n  - by: mo\n    date: 2026-03-01\n    satisfaction: 4\n"
        ),
    );
    f.write("people/maxi.toml", "name = \"Maxi Mentor\"\nemail = \"maxi@example.org\"\nrole = \"mentor\"\nlanguages = [\"en\"]\nexpertise = [\"budgeting\"]\ntrained_on = 2025-12-01\n");
    f.write(
        "pairs/ed--maxi/pair.toml",
        &format!(
            "mentor = \"maxi\"\nmentee = \"ed\"\nstatus = \"closed\"\nstarted = 2026-01-05\nends = 2026-06-30\n\n[closure]\ndate = 2026-01-20\nreason = \"mismatch\"\nnote = \"{CLOSURE_NOTE}\"\n"
        ),
    );
    let maxi = age_key(keys.path(), "maxi");
    add_keys("people/maxi.toml", &maxi.public);
    Sealed {
        f,
        keys,
        ed,
        mo,
        max,
        maxi,
        coordinator,
    }
}

/// [`programme`], sealed by `mentor seal`.
pub(crate) fn sealed() -> Sealed {
    let s = programme(true);
    assert_exit(&s.f.run("seal"), 0);
    s
}

impl Sealed {
    /// Take away a person's keys.
    fn without_keys(&self, file: &str) {
        let text = self.f.read(file);
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("keys"))
            .map(|l| format!("{l}\n"))
            .collect();
        self.f.write(file, &kept);
    }

    /// List `new` after `existing`, the only key of a person file.
    pub(crate) fn add_key(&self, file: &str, existing: &Key, new: &Key) {
        let text = self.f.read(file).replace(
            &format!("keys = [\"{}\"]", existing.public),
            &format!("keys = [\"{}\", \"{}\"]", existing.public, new.public),
        );
        self.f.write(file, &text);
    }

    /// `mentor ARGS --identity KEY`.
    pub(crate) fn with(&self, key: &Key, args: &[&str]) -> std::process::Output {
        let mut all = args.to_vec();
        all.extend(["--identity", key.file.to_str().unwrap()]);
        self.f.mentor(&all)
    }

    pub(crate) fn notes(&self, pair: &str, key: &Key) -> (i32, String) {
        let out = self
            .f
            .mentor(&["notes", pair, "--identity", key.file.to_str().unwrap()]);
        (
            out.status.code().unwrap_or(-1),
            format!("{}{}", stdout(&out), stderr(&out)),
        )
    }

    /// Every record file's text, concatenated.
    fn all_files(&self) -> String {
        let mut all = String::new();
        for entry in walk(self.f.path()) {
            if entry
                .extension()
                .is_some_and(|e| e == "toml" || e == "yaml")
            {
                all.push_str(&std::fs::read_to_string(&entry).unwrap());
            }
        }
        all
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// One age implementation's way to open an armored block with a key: the
/// plaintext, or why it did not open.
pub(crate) type Open = fn(&Key, &str) -> Result<String, String>;

/// One age implementation's way to seal text to keys, armored.
pub(crate) type Seal = fn(&str, &[&Key]) -> String;

/// `age -d -i KEY` over one armored block: the standard age CLI.
pub(crate) fn age_cli_open(key: &Key, block: &str) -> Result<String, String> {
    let mut child = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key.file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("age (Debian package `age`) is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(block.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `age -a -r KEY...`: `text` sealed by the standard age CLI.
pub(crate) fn age_cli_seal(text: &str, keys: &[&Key]) -> String {
    let mut command = Command::new("age");
    command.arg("-a");
    for key in keys {
        command.args(["-r", &key.public]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("age (Debian package `age`) is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "age -a failed");
    String::from_utf8(out.stdout).unwrap()
}

/// What `key` opens of one armored block, read by the age crate alone
/// (none of mentor's code).
pub(crate) fn age_open(key: &Key, block: &str) -> Result<String, String> {
    let text = std::fs::read(&key.file).unwrap();
    let identities: Vec<Box<dyn age::Identity + Send + Sync>> =
        if text.starts_with(b"-----BEGIN OPENSSH") {
            let ssh = age::ssh::Identity::from_buffer(&text[..], None).unwrap();
            vec![Box::new(ssh)]
        } else {
            age::IdentityFile::from_buffer(&text[..])
                .unwrap()
                .into_identities()
                .unwrap()
        };
    let reader = age::armor::ArmoredReader::new(block.as_bytes());
    let mut opened = age::Decryptor::new(reader)
        .and_then(|d| d.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity)))
        .map_err(|e| e.to_string())?;
    let mut plaintext = String::new();
    opened
        .read_to_string(&mut plaintext)
        .map_err(|e| e.to_string())?;
    Ok(plaintext)
}

/// `text` sealed to `keys` by the age crate alone: plain age, as any age
/// implementation writes it, without mentor's stanzas.
pub(crate) fn age_seal(text: &str, keys: &[&Key]) -> String {
    let recipients: Vec<Box<dyn age::Recipient>> = keys
        .iter()
        .map(|key| -> Box<dyn age::Recipient> {
            if key.public.starts_with("age1") {
                Box::new(key.public.parse::<age::x25519::Recipient>().unwrap())
            } else {
                Box::new(key.public.parse::<age::ssh::Recipient>().unwrap())
            }
        })
        .collect();
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref())).unwrap();
    let mut out = Vec::new();
    let armor =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    let mut writer = encryptor.wrap_output(armor).unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    writer.finish().and_then(|armor| armor.finish()).unwrap();
    String::from_utf8(out).unwrap()
}

/// The armored blocks of a YAML file, as an `age` CLI reads them.
pub(crate) fn sealed_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines().map(str::trim) {
        let line = line.trim_start_matches("\"\"\"").trim();
        if line.starts_with("-----BEGIN AGE ENCRYPTED FILE-----") {
            current = Some(Vec::new());
        }
        if let Some(lines) = &mut current {
            lines.push(line.to_string());
            if line.starts_with("-----END AGE ENCRYPTED FILE-----") {
                blocks.push(lines.join("\n") + "\n");
                current = None;
            }
        }
    }
    blocks
}

#[test]
fn the_pair_reads_its_notes_and_an_outsider_cannot() {
    let s = sealed();
    let files = s.all_files();
    for secret in [NOTE, COMMENT, CLOSURE_NOTE, "avoid = [\"mo\"]"] {
        assert!(!files.contains(secret), "{secret} left in the repository");
    }
    let (code, ed) = s.notes("ed--mo", &s.ed);
    assert_eq!(code, 0, "{ed}");
    assert!(
        ed.contains(NOTE),
        "the mentee (ssh key) reads the note: {ed}"
    );
    assert!(ed.contains("Reading as Ed Mentee"), "{ed}");
    let (code, mo) = s.notes("ed--mo", &s.mo);
    assert_eq!(code, 0, "{mo}");
    assert!(
        mo.contains(NOTE),
        "the mentor (age key) reads the note: {mo}"
    );
    let (code, max) = s.notes("ed--mo", &s.max);
    assert_eq!(code, 1, "an outsider opens nothing: {max}");
    assert!(!max.contains(NOTE) && !max.contains(COMMENT), "{max}");
    assert!(max.contains("sealed for Mo Mentor and Ed Mentee"), "{max}");
    assert!(max.contains("opens none"), "{max}");
}

#[test]
fn the_coordinator_reads_feedback_and_the_other_member_cannot() {
    let s = sealed();
    let (_, coordinator) = s.notes("ed--mo", &s.coordinator);
    assert!(coordinator.contains(COMMENT), "{coordinator}");
    assert!(coordinator.contains("satisfaction: 2/5"), "{coordinator}");
    assert!(
        !coordinator.contains(NOTE)
            && coordinator.contains("private notes: sealed for Mo Mentor and Ed Mentee"),
        "the coordinator does not read the pair's notes: {coordinator}"
    );
    let (_, mo) = s.notes("ed--mo", &s.mo);
    assert!(
        !mo.contains(COMMENT) && !mo.contains("2/5"),
        "Mo reads neither Ed's comment nor rating: {mo}"
    );
    assert!(
        mo.contains("satisfaction: 4/5"),
        "Mo reads his own rating: {mo}"
    );
    let (_, closure) = s.notes("ed--maxi", &s.coordinator);
    assert!(closure.contains(CLOSURE_NOTE), "{closure}");
    let (_, ed) = s.notes("ed--maxi", &s.ed);
    assert!(
        !ed.contains(CLOSURE_NOTE) && ed.contains("note: sealed for the coordinators"),
        "{ed}"
    );
}

/// mentor's seals open in plain age (its place and reader stanzas are in
/// the header, and age skips them), and plain age's open in mentor, with
/// `open` and `seal` as the age implementation.
fn sealed_values_are_plain_age(open: Open, seal: Seal) {
    let s = sealed();
    let log = s.f.read("pairs/ed--mo/log.yaml");
    let blocks = sealed_blocks(&log);
    assert_eq!(blocks.len(), 1, "{log}");
    let header = mentor::seal::armor::header(&blocks[0]).unwrap();
    assert!(header.binding.is_some(), "{}", blocks[0]);
    for key in [&s.ed, &s.mo] {
        assert_eq!(open(key, &blocks[0]).as_deref(), Ok(NOTE));
    }
    assert!(
        open(&s.max, &blocks[0]).is_err(),
        "an outsider's key opens nothing"
    );
    // And what plain age seals, mentor opens: a note sealed to Ed and Mo.
    let armored = seal("sealed by plain age", &[&s.mo, &s.ed]);
    let indented: String = armored.lines().map(|l| format!("      {l}\n")).collect();
    s.f.write(
        "pairs/ed--mo/log.yaml",
        &format!(
            "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: |\n{indented}"
        ),
    );
    let (_, ed) = s.notes("ed--mo", &s.ed);
    assert!(ed.contains("sealed by plain age"), "{ed}");
    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
}

/// Interop: the standard `age` CLI (Go), an implementation mentor shares no
/// code with, opens mentor's seals with both kinds of key, and mentor opens
/// the CLI's.
#[test]
fn the_standard_age_cli_opens_sealed_values() {
    if !interop::need(Program::AgeCli) {
        return;
    }
    sealed_values_are_plain_age(age_cli_open, age_cli_seal);
}

/// The same through the age crate's own API, on every machine.
#[test]
fn the_age_crate_opens_sealed_values_without_mentor() {
    sealed_values_are_plain_age(age_open, age_seal);
}

#[test]
fn sealing_twice_changes_no_byte_and_sealed_values_are_never_resealed() {
    let s = sealed();
    let first = s.all_files();
    let again = s.f.run("seal");
    assert_exit(&again, 0);
    assert!(
        stdout(&again).contains("Nothing to seal"),
        "{}",
        stdout(&again)
    );
    assert_eq!(s.all_files(), first, "a second run changes no byte");
    // A new plaintext note: only it is sealed; the earlier seal keeps its bytes.
    let log = s.f.read("pairs/ed--mo/log.yaml");
    let old_block = sealed_blocks(&log).remove(0);
    s.f.write(
        "pairs/ed--mo/log.yaml",
        &format!("{log}    private_notes: second note\n"),
    );
    assert_exit(&s.f.run("seal"), 0);
    let log = s.f.read("pairs/ed--mo/log.yaml");
    let blocks = sealed_blocks(&log);
    assert_eq!(blocks.len(), 2, "{log}");
    assert_eq!(blocks[0], old_block, "the first note was not re-encrypted");
    assert!(
        log.starts_with("# The log.\nmeetings:\n"),
        "comments kept: {log}"
    );
}

#[test]
fn plaintext_is_an_error_where_the_programme_seals_one_warning_undecided_none_by_choice() {
    let sealing = programme(true);
    let (exit, findings) = sealing.f.validate();
    assert_eq!(exit, 1);
    let e061: Vec<_> = findings.iter().filter(|f| f.code == "E061").collect();
    assert_eq!(
        e061.len(),
        6,
        "note, comment, two ratings, closure note, avoid: {findings:?}"
    );
    assert!(
        e061.iter()
            .all(|f| f.help.as_deref().is_some_and(|h| h.contains("mentor seal")))
    );
    // An unsealed note fails CI, but the records are sound: the report runs.
    assert_exit(&sealing.f.run("report --as-of 2026-03-16"), 0);
    let check = sealing.f.run("seal --check");
    assert_exit(&check, 1);
    assert!(
        stdout(&check).contains("would seal `private_notes` of pair `ed--mo`"),
        "{}",
        stdout(&check)
    );
    assert!(sealing.all_files().contains(NOTE), "--check writes nothing");
    assert_exit(&sealing.f.run("seal"), 0);
    assert_exit(&sealing.f.run("seal --check"), 0);
    let (exit, findings) = sealing.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    assert!(
        !findings
            .iter()
            .any(|f| f.code.starts_with("E06") || f.code == "W015" || f.code == "W016")
    );

    // `seal = false`: plaintext by choice, nothing to warn about.
    let open = programme(false);
    let (exit, findings) = open.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    assert!(!findings.iter().any(|f| f.code == "W015"), "{findings:?}");

    // No decision: one warning at programme.toml, counting every value.
    let programme_text = open.f.read("programme.toml").replace("seal = false\n", "");
    open.f.write("programme.toml", &programme_text);
    let (exit, findings) = open.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    let w015: Vec<_> = findings.iter().filter(|f| f.code == "W015").collect();
    assert_eq!(w015.len(), 1, "{findings:?}");
    assert_eq!(w015[0].path, "programme.toml");
    assert!(
        w015[0]
            .message
            .starts_with("6 private values are in plaintext (the first in "),
        "{}",
        w015[0].message
    );
    let help = w015[0].help.as_deref().unwrap_or_default();
    assert!(
        help.contains("`seal = true`, then run `mentor seal`") && help.contains("`seal = false`"),
        "{help}"
    );
}

#[test]
fn a_reader_without_a_key_is_named_and_nothing_is_sealed_to_nobody() {
    let s = programme(true);
    s.without_keys("people/mo.toml");
    let out = s.f.run("seal");
    assert_exit(&out, 1);
    let printed = stdout(&out);
    assert!(
        printed.contains("Mo Mentor (people/mo.toml) must first add a public key"),
        "{printed}"
    );
    assert!(
        stderr(&out).contains("left in plaintext"),
        "{}",
        stderr(&out)
    );
    let log = s.f.read("pairs/ed--mo/log.yaml");
    assert!(
        log.contains(NOTE),
        "the note stays as it was, sealed to nobody: {log}"
    );
    let feedback = s.f.read("pairs/ed--mo/feedback.yaml");
    assert!(
        !feedback.contains(COMMENT),
        "Ed's comment (Ed and the coordinators) is sealed: {feedback}"
    );
    assert!(
        feedback.contains("satisfaction: 4"),
        "Mo's own rating waits for Mo's key: {feedback}"
    );
}

#[test]
fn match_refuses_a_sealed_avoid_list_without_identity_and_honours_it_with_one() {
    let s = sealed();
    // Eve needs budgeting, and asked (sealed) never to be paired with Mo.
    let out = s.f.run("match --as-of 2026-03-16");
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("`avoid` of eve"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--identity"), "{}", stderr(&out));
    let wrong = s.with(&s.max, &["match", "--as-of", AS_OF]);
    assert_exit(&wrong, 2);
    assert!(
        stderr(&wrong).contains("this identity cannot open them"),
        "{}",
        stderr(&wrong)
    );
    let coordinator = s.coordinator.file.to_str().unwrap();
    let out = s.f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--identity",
        coordinator,
        "--scores",
        "scores.csv",
    ]);
    assert_exit(&out, 0);
    let scores = s.f.read("scores.csv");
    let row = scores
        .lines()
        .find(|l| l.starts_with("eve,mo,"))
        .expect("eve-mo row");
    assert!(row.contains("forbidden:confidential"), "{row}");
    assert!(!scores.contains("forbidden:avoid"), "{scores}");
    let explain = s.f.mentor(&[
        "match",
        "--as-of",
        AS_OF,
        "--identity",
        coordinator,
        "--explain",
        "eve",
    ]);
    assert!(
        !stdout(&explain).contains("avoid"),
        "who asked is not shown: {}",
        stdout(&explain)
    );
}

#[test]
fn log_private_seals_the_note_from_standard_input() {
    let s = sealed();
    let note = "we talked about the restructure\nand what Ed wants next";
    let mut child = command_in(
        s.f.path(),
        &[
            "log",
            "ed--mo",
            "--minutes",
            "30",
            "--date",
            "2026-03-10",
            "--private",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(note.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 0);
    let log = s.f.read("pairs/ed--mo/log.yaml");
    assert!(!log.contains("restructure"), "{log}");
    assert_eq!(sealed_blocks(&log).len(), 2, "{log}");
    let (_, ed) = s.notes("ed--mo", &s.ed);
    assert!(ed.contains("we talked about the restructure"), "{ed}");
    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 0, "{findings:?}");
    // A pair member without a key: refused, nothing written.
    s.without_keys("people/mo.toml");
    let before = s.f.read("pairs/ed--mo/log.yaml");
    let out = command_in(
        s.f.path(),
        &["log", "ed--mo", "--minutes", "30", "--private"],
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("Mo Mentor must first add a public key"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.f.read("pairs/ed--mo/log.yaml"), before);
}

/// `ssh-keygen -t ed25519 -N PASSPHRASE`: a key in DIR/NAME, locked.
fn ssh_keygen_key(dir: &Path, name: &str, passphrase: &str) -> Key {
    let file = dir.join(name);
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f"])
        .arg(&file)
        .output()
        .expect("ssh-keygen is installed");
    assert!(made.status.success(), "ssh-keygen failed");
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    Key {
        file,
        public: public.trim().to_string(),
    }
}

#[test]
fn a_passphrase_protected_ssh_key_opens_with_its_passphrase() {
    a_locked_key_opens_with_its_passphrase(|dir, name, passphrase| {
        ssh_key_with(dir, name, Some(passphrase))
    });
}

/// Interop: the same with a key OpenSSH's own `ssh-keygen` locked.
#[test]
fn a_passphrase_protected_key_from_ssh_keygen_opens_with_its_passphrase() {
    if !interop::need(Program::SshKeygen) {
        return;
    }
    a_locked_key_opens_with_its_passphrase(ssh_keygen_key);
}

/// Ed's key replaced by one `make` locks with a passphrase: the passphrase
/// opens it, a wrong one or none is refused in plain words.
fn a_locked_key_opens_with_its_passphrase(make: fn(&Path, &str, &str) -> Key) {
    let s = sealed();
    let locked = make(s.keys.path(), "locked", "correct horse");
    assert!(
        std::fs::read_to_string(&locked.file)
            .unwrap()
            .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
    );
    let public = locked.public.clone();
    let locked = locked.file;
    let ed = s.f.read("people/ed.toml").replace(
        &format!("keys = [\"{}\"]", s.ed.public),
        &format!("keys = [\"{}\"]", public.trim()),
    );
    s.f.write("people/ed.toml", &ed);
    s.f.write(
        "pairs/ed--mo/log.yaml",
        "meetings:\n  - date: 2026-02-01\n    minutes: 60\n    private_notes: behind a passphrase\n",
    );
    assert_exit(&s.f.run("seal"), 0);
    let run = |passphrase: Option<&str>| {
        let mut command = command_in(
            s.f.path(),
            &["notes", "ed--mo", "--identity", locked.to_str().unwrap()],
        );
        command.stdin(Stdio::null());
        if let Some(p) = passphrase {
            command.env("MENTOR_IDENTITY_PASSPHRASE", p);
        }
        command.output().unwrap()
    };
    let out = run(Some("correct horse"));
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("behind a passphrase"),
        "{}",
        stdout(&out)
    );
    let out = run(Some("wrong"));
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("the passphrase does not unlock"),
        "{}",
        stderr(&out)
    );
    let out = run(None);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("MENTOR_IDENTITY_PASSPHRASE"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn notes_explain_a_wrong_identity_in_plain_words() {
    let s = sealed();
    let public = s.keys.path().join("ed.pub");
    let out =
        s.f.mentor(&["notes", "ed--mo", "--identity", public.to_str().unwrap()]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("not the `.pub` file"),
        "{}",
        stderr(&out)
    );
    s.f.write("garbage.txt", "hello\n");
    let out = s.f.run("notes ed--mo --identity garbage.txt");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("neither an age identity"),
        "{}",
        stderr(&out)
    );
    let out = s.f.run("notes ed--mo");
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--identity"), "{}", stderr(&out));
    let out = s.f.run("notes ed--mo --identity missing.txt");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("cannot read the identity"),
        "{}",
        stderr(&out)
    );
    for text in [stderr(&out), stdout(&out)] {
        assert!(
            !text.contains("DecryptError") && !text.contains("panicked"),
            "{text}"
        );
    }
}

#[test]
fn a_changed_key_is_warned_about_and_rotate_reseals() {
    let s = sealed();
    let second = age_key(s.keys.path(), "ed-second");
    s.add_key("people/ed.toml", &s.ed, &second);
    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 0);
    let stale: Vec<_> = findings.iter().filter(|f| f.code == "W016").collect();
    assert_eq!(
        stale.len(),
        3,
        "the note, Ed's comment and rating (the closure note is the coordinators' alone): {findings:?}"
    );
    assert!(stale.iter().any(|f| f.message.contains("pair `ed--mo`")));
    let (_, before) = s.notes("ed--mo", &second);
    assert!(!before.contains(NOTE));
    // Mo can re-seal the note; Ed's feedback only Ed or the coordinator.
    let out = s.with(&s.mo, &["seal", "--rotate"]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("re-sealed `private_notes`"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("cannot re-seal"), "{}", stderr(&out));
    let out = s.with(&s.coordinator, &["seal", "--rotate"]);
    assert_exit(&out, 0);
    let (exit, findings) = s.f.validate();
    assert_eq!(exit, 0);
    assert!(!findings.iter().any(|f| f.code == "W016"), "{findings:?}");
    let (_, after) = s.notes("ed--mo", &second);
    assert!(
        after.contains(NOTE) && after.contains(COMMENT),
        "the new key reads: {after}"
    );
}

#[test]
fn report_and_export_leave_sealed_ratings_out_and_say_so() {
    let s = sealed();
    let report = s.f.run("report --as-of 2026-03-16");
    assert_exit(&report, 0);
    assert!(
        stdout(&report).contains("2 ratings are sealed"),
        "{}",
        stdout(&report)
    );
    let out = s.f.run("export --as-of 2026-03-16 --out hr");
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("satisfaction figures are empty"),
        "{}",
        stderr(&out)
    );
    let indicators = s.f.read("hr/indicators.csv");
    assert!(
        indicators.contains("average_satisfaction,,"),
        "{indicators}"
    );
    assert!(indicators.contains("sealed_ratings,2,"), "{indicators}");
    assert!(indicators.contains("feedback_responses,2,"), "{indicators}");
    let out = s.with(
        &s.coordinator,
        &["export", "--as-of", AS_OF, "--out", "hr2"],
    );
    assert_exit(&out, 0);
    let indicators = s.f.read("hr2/indicators.csv");
    assert!(
        indicators.contains("average_satisfaction,3.00,"),
        "{indicators}"
    );
    assert!(indicators.contains("sealed_ratings,0,"), "{indicators}");
    // A member's identity opens only their own rating: still empty, never a partial average.
    let out = s.with(&s.mo, &["export", "--as-of", AS_OF, "--out", "hr3"]);
    assert_exit(&out, 0);
    assert!(
        s.f.read("hr3/indicators.csv")
            .contains("average_satisfaction,,")
    );
}

#[test]
fn no_output_carries_an_opened_value() {
    let s = sealed();
    let coordinator = s.coordinator.file.to_str().unwrap();
    let mut seen = String::new();
    for args in [
        vec!["report", "--as-of", AS_OF],
        vec!["report", "--as-of", AS_OF, "--format", "json"],
        vec!["report", "--as-of", AS_OF, "--format", "markdown"],
        vec!["report", "--as-of", AS_OF, "--pair", "ed--mo"],
        vec![
            "report", "--as-of", AS_OF, "--pair", "ed--maxi", "--format", "json",
        ],
        vec!["match", "--as-of", AS_OF, "--format", "json"],
        vec![
            "match",
            "--as-of",
            AS_OF,
            "--explain",
            "eve",
            "--format",
            "json",
        ],
        vec!["validate", "--as-of", AS_OF, "--format", "json"],
        vec!["export", "--as-of", AS_OF, "--out", "hr"],
        vec![
            "export", "--as-of", AS_OF, "--out", "hr", "--format", "xlsx",
        ],
    ] {
        let mut args = args.clone();
        args.extend(["--identity", coordinator]);
        if args[0] == "validate" {
            args.truncate(args.len() - 2);
        }
        let out = s.f.mentor(&args);
        seen.push_str(&stdout(&out));
        seen.push_str(&stderr(&out));
    }
    for file in walk(&s.f.path().join("hr")) {
        seen.push_str(&String::from_utf8_lossy(&std::fs::read(file).unwrap()));
    }
    for secret in [NOTE, COMMENT, CLOSURE_NOTE, "Mo listens"] {
        assert!(!seen.contains(secret), "`{secret}` reached an output");
    }
}

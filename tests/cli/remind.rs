//! `mentor remind`: one message per person, delivered to an SMTP server on
//! 127.0.0.1 (the test's own, and in an interop test Python's `aiosmtpd`),
//! or written as .eml files; never repeated within the pair's interval;
//! never a private field.

use std::io::BufRead;
use std::process::{Command, Stdio};

use crate::interop::{self, Program};
use crate::smtp::{SmtpSink, messages_in};
use crate::support::{AS_OF, Fixture, assert_exit, command_in, repo_path, stdout};

/// A server the reminders are sent to: where it listens, what it received.
trait Inbox {
    fn port(&self) -> u16;
    fn messages(&self) -> Vec<String>;
}

impl Inbox for SmtpSink {
    fn port(&self) -> u16 {
        self.port
    }

    fn messages(&self) -> Vec<String> {
        SmtpSink::messages(self)
    }
}

/// tests/support/smtp_sink.py: aiosmtpd, writing each message it receives
/// into a directory.
struct Aiosmtpd {
    child: std::process::Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Aiosmtpd {
    fn start() -> Aiosmtpd {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_path("tests/support/smtp_sink.py"))
            .arg(port.to_string())
            .arg(dir.path())
            .arg("120")
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (installed by .ci/run)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        Aiosmtpd { child, dir, port }
    }
}

impl Inbox for Aiosmtpd {
    fn port(&self) -> u16 {
        self.port
    }

    fn messages(&self) -> Vec<String> {
        messages_in(self.dir.path())
    }
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn reminders_are_delivered_once_per_person_and_not_repeated() {
    reminders_reach(&SmtpSink::start());
}

/// Interop: a real SMTP server mentor shares no code with receives them.
#[test]
fn aiosmtpd_receives_the_reminders() {
    if !interop::need(Program::Aiosmtpd) {
        return;
    }
    reminders_reach(&Aiosmtpd::start());
}

/// `remind --send` to `sink`: one message per person, each as the
/// template says, none private, none repeated within the interval.
fn reminders_reach(sink: &impl Inbox) {
    let f = Fixture::example();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[remind]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"Mentoring <mentoring@westbridge.ac.uk>\"\nstarttls = false\n", sink.port()),
    );
    let out = f.mentor(&["remind", "--as-of", AS_OF, "--send"]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Sent 6 of 6 reminders."),
        "{}",
        stdout(&out)
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 6);
    let ben = messages
        .iter()
        .find(|m| m.starts_with("X-Envelope-To: b.jones@westbridge.ac.uk"))
        .expect("Ben's message");
    assert!(
        ben.contains("From: Mentoring <mentoring@westbridge.ac.uk>"),
        "{ben}"
    );
    assert!(
        ben.contains(
            "Subject: Professional Staff Mentoring Scheme 2025-26: 2 things for you to do"
        ),
        "{ben}"
    );
    assert!(ben.contains("Dear Ben Jones,"), "{ben}");
    assert!(ben.contains("mid-point"), "{ben}");
    // Helen mentors Ben: the same two items reach her, in one message.
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.starts_with("X-Envelope-To: h.wright@"))
            .count(),
        1
    );
    // Nothing private: the example's sealed values are never opened here,
    // and no reminder carries a note, a comment or a rating.
    for m in &messages {
        assert!(
            !m.contains("BEGIN AGE") && !m.contains("nervous") && !m.contains("/5"),
            "{m}"
        );
    }
    // Not repeated within the pair's meeting interval.
    let again = f.mentor(&["remind", "--as-of", AS_OF, "--send"]);
    assert_exit(&again, 0);
    assert!(
        stdout(&again).contains("No reminders due"),
        "{}",
        stdout(&again)
    );
    assert_eq!(sink.messages().len(), 6);
    // A month later, the same things are due again.
    let later = f.mentor(&["remind", "--as-of", "2026-04-20", "--send"]);
    assert_exit(&later, 0);
    assert!(sink.messages().len() > 6);
}

/// Every file in `dir`, read by Python's `email` package under its strict
/// policy (tests/support/check_email.py): one JSON object per message.
fn read_by_python(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = Command::new("python3")
        .arg(repo_path("tests/support/check_email.py"))
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a participant reads: addressed to them, the other person named,
/// dates written out, one sentence per thing, proper plurals, no ids; and
/// each message valid to a parser mentor shares no code with.
fn assert_plain_and_valid(messages: &[serde_json::Value]) {
    assert_eq!(messages.len(), 6);
    let mut ids: Vec<&str> = Vec::new();
    for m in messages {
        assert_eq!(m["problems"], serde_json::json!([]), "{m}");
        ids.push(m["message_id"].as_str().unwrap());
        let body = m["body"].as_str().unwrap();
        assert!(!body.contains("--") && !body.contains("(s)"), "{body}");
        assert!(
            !body.contains("BEGIN AGE") && !body.contains("nervous"),
            "{body}"
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "every Message-ID its own");
    let to = |who: &str| {
        messages
            .iter()
            .find(|m| m["to"].as_str().unwrap().starts_with(who))
            .unwrap_or_else(|| panic!("{who}'s message"))
    };
    let ana = to("Ana Silva");
    assert_eq!(
        ana["subject"],
        "Professional Staff Mentoring Scheme 2025-26: 1 thing for you to do"
    );
    let body = ana["body"].as_str().unwrap();
    assert!(body.starts_with("Dear Ana Silva,"), "{body}");
    assert!(
        body.contains("- Your goal 'finance-forum' with Priya Shah was due on 1 March 2026: please record whether it was achieved or dropped"),
        "{body}"
    );
    let helen = to("Helen Wright")["body"].as_str().unwrap().to_string();
    assert!(
        helen.contains("- You and Ben Jones last met on 12 January 2026, and agreed to meet every 30 days: please agree your next meeting"),
        "{helen}"
    );
    // One sentence per thing to do: each item line ends its sentence.
    let items: Vec<&str> = helen.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), 2, "{helen}");
    for item in items {
        assert_eq!(item.matches(". ").count(), 0, "{item}");
        assert!(item.ends_with('.'), "{item}");
    }
}

/// Interop: the messages aiosmtpd receives, and the outbox's files, parse
/// with Python's `email` package (policy=strict) with no defect, and carry
/// `Date`, `Message-ID` (under the sender's domain), `MIME-Version: 1.0`
/// and `Content-Type: text/plain; charset=utf-8`; they read as plain words.
#[test]
fn reminders_are_valid_email_in_plain_words() {
    if !interop::need(Program::Aiosmtpd) {
        return;
    }
    let sink = Aiosmtpd::start();
    let f = Fixture::example();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[remind]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"Mentoring <mentoring@westbridge.ac.uk>\"\nstarttls = false\n", sink.port()),
    );
    let out = f.mentor(&["remind", "--as-of", AS_OF, "--outbox", "out"]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("Wrote 6 reminders to out"),
        "{}",
        stdout(&out)
    );
    assert_plain_and_valid(&read_by_python(&f.path().join("out")));
    let out = f.mentor(&["remind", "--as-of", AS_OF, "--send"]);
    assert_exit(&out, 0);
    assert_eq!(sink.messages().len(), 6);
    assert_plain_and_valid(&read_by_python(sink.dir.path()));
}

#[test]
fn the_outbox_holds_one_eml_per_person_and_the_template_is_the_coordinators() {
    let f = Fixture::example();
    f.write(
        "templates/remind/participant.txt",
        "Subject: Hello {{ name }}\n\n{% for item in items %}* {{ item.message }}\n{% endfor %}",
    );
    let out = f.mentor(&["remind", "--as-of", AS_OF, "--outbox", "out"]);
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains("nothing was sent"),
        "{}",
        stdout(&out)
    );
    let files: Vec<_> = std::fs::read_dir(f.path().join("out")).unwrap().collect();
    assert_eq!(files.len(), 6);
    let dev = std::fs::read_to_string(
        f.path()
            .join("out")
            .join("003-d.patel_westbridge.ac.uk.eml"),
    )
    .unwrap();
    assert!(dev.contains("Subject: Hello Dev Patel"), "{dev}");
    assert!(
        dev.contains("To: \"Dev Patel\" <d.patel@westbridge.ac.uk>"),
        "{dev}"
    );
    // A template that does not read is refused in plain words.
    f.write("templates/remind/participant.txt", "Subject: {{ name\n");
    let out = f.mentor(&["remind", "--as-of", AS_OF]);
    assert_exit(&out, 2);
}

#[test]
fn reminders_can_go_to_the_coordinator_first() {
    let f = Fixture::example();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[remind]\nhost = \"127.0.0.1\"\nfrom = \"mentoring@westbridge.ac.uk\"\nto = \"coordinator\"\n"),
    );
    assert_exit(
        &f.mentor(&["remind", "--as-of", AS_OF, "--outbox", "out"]),
        0,
    );
    let mut messages: Vec<String> = std::fs::read_dir(f.path().join("out"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    messages.sort();
    assert_eq!(messages.len(), 6);
    for m in &messages {
        assert!(
            m.contains("To: \"Rosa Alvarez\" <r.alvarez@westbridge.ac.uk>"),
            "{m}"
        );
        assert!(m.contains("Subject: For "), "{m}");
    }
}

/// Runs that send at the same moment read, send and record under the
/// programme's lock one after another: each reminder reaches its person
/// once, and the sent-log holds each line once.
#[test]
fn concurrent_sends_deliver_each_reminder_once() {
    let sink = SmtpSink::start();
    let f = Fixture::example();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[remind]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"Mentoring <mentoring@westbridge.ac.uk>\"\nstarttls = false\n", sink.port),
    );
    let runs: Vec<_> = (0..4)
        .map(|_| {
            command_in(f.path(), &["remind", "--as-of", AS_OF, "--send"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut sent = 0;
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert_exit(&out, 0);
        let said = stdout(&out);
        match said.strip_prefix("Sent ") {
            Some(rest) => sent += rest.split(' ').next().unwrap().parse::<usize>().unwrap(),
            None => assert!(said.contains("No reminders due"), "{said}"),
        }
    }
    assert_eq!(sent, 6, "the runs together sent each reminder once");
    let mut recipients: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| m.lines().next().unwrap().to_string())
        .collect();
    assert_eq!(recipients.len(), 6, "{recipients:?}");
    recipients.sort();
    recipients.dedup();
    assert_eq!(
        recipients.len(),
        6,
        "one message per person: {recipients:?}"
    );
    let log = f.read(".mentor/reminders-sent.tsv");
    let mut lines: Vec<&str> = log.lines().collect();
    let written = lines.len();
    lines.sort_unstable();
    lines.dedup();
    assert_eq!(lines.len(), written, "each line once:\n{log}");
}

/// The base fixture with `[supervisors] notify = ["start", "end"]`,
/// sending to `sink`, and private words in every record of pair ed--mo
/// (plaintext: nothing is sealed here, so only the notice's words keep them
/// out). Ed's supervisor is his `manager`, lib-boss@example.org.
fn supervised(sink: &impl Inbox) -> Fixture {
    let f = Fixture::base();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[coordinator]\nname = \"Cora Ordinator\"\n\n[supervisors]\nnotify = [\"start\", \"end\"]\n\n[remind]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"Mentoring <mentoring@example.org>\"\nstarttls = false\n", sink.port()),
    );
    let log = f.read("pairs/ed--mo/log.yaml");
    f.write(
        "pairs/ed--mo/log.yaml",
        &log.replace(
            "    goals: [g1]\n",
            "    goals: [g1]\n    topics: [\"TOPIC-SECRET\"]\n    private_notes: NOTE-SECRET\n",
        ),
    );
    f.write(
        "pairs/ed--mo/feedback.yaml",
        "feedback:\n  - by: ed\n    date: 2026-03-01\n    satisfaction: 2\n    comment: FEEDBACK-SECRET\n",
    );
    f
}

/// Ed's supervisor hears exactly twice: when ed--mo starts and when it
/// ends; nothing of the pair's log, goals or feedback, nor who mentors him.
fn supervisors_told(sink: &impl Inbox) {
    let f = supervised(sink);
    let send = |day: &str| {
        let out = f.mentor(&["remind", "--as-of", day, "--send"]);
        assert_exit(&out, 0);
    };
    // The start (2026-02-01), a week later again, the end (planned
    // 2026-10-31), and a fortnight after it: two notices in all.
    for day in ["2026-02-03", "2026-02-10", "2026-11-02", "2026-11-16"] {
        send(day);
    }
    let to_supervisor: Vec<String> = sink
        .messages()
        .into_iter()
        .filter(|m| m.starts_with("X-Envelope-To: lib-boss@example.org"))
        // The body is quoted-printable: its soft line breaks undone.
        .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
        .collect();
    assert_eq!(to_supervisor.len(), 2, "{to_supervisor:#?}");
    let (start, end) = (&to_supervisor[0], &to_supervisor[1]);
    assert!(
        start.contains("Subject: Fixture Programme: Ed Mentee has started mentoring"),
        "{start}"
    );
    assert!(
        start.contains("Ed Mentee began mentoring in Fixture Programme on 1 February 2026, planned to run until 31 October 2026."),
        "{start}"
    );
    assert!(
        end.contains("Subject: Fixture Programme: Ed Mentee's mentoring has ended"),
        "{end}"
    );
    assert!(end.contains("ended on 31 October 2026."), "{end}");
    for notice in &to_supervisor {
        for private in [
            "SECRET",
            "Mo Mentor",
            "budget",
            "g1",
            "satisfaction",
            "goal",
            "meeting",
        ] {
            assert!(!notice.contains(private), "`{private}` in {notice}");
        }
    }
    // Mo's manager (boss@example.org) supervises no mentee: never told.
    assert!(
        !sink
            .messages()
            .iter()
            .any(|m| m.starts_with("X-Envelope-To: boss@example.org")),
    );
}

#[test]
fn a_mentee_s_supervisor_hears_of_the_start_and_the_end_and_nothing_else() {
    supervisors_told(&SmtpSink::start());
}

/// Interop: the same two notices through aiosmtpd.
#[test]
fn aiosmtpd_receives_exactly_the_supervisor_s_two_notices() {
    if !interop::need(Program::Aiosmtpd) {
        return;
    }
    supervisors_told(&Aiosmtpd::start());
}

/// Without `[supervisors]`, nobody's supervisor is written to.
#[test]
fn supervisors_are_told_nothing_unless_the_programme_says() {
    let sink = SmtpSink::start();
    let f = supervised(&sink);
    let programme = f
        .read("programme.toml")
        .replace("notify = [\"start\", \"end\"]", "notify = []");
    f.write("programme.toml", &programme);
    assert_exit(&f.mentor(&["remind", "--as-of", "2026-02-03", "--send"]), 0);
    assert!(
        !sink
            .messages()
            .iter()
            .any(|m| m.starts_with("X-Envelope-To: lib-boss@")),
    );
}

/// Ed writes a `manager`, then an `email`, the mailer would refuse into
/// his own profile: validate names it, and `mentor remind` skips what would
/// go there and says so instead of stopping every reminder of the programme.
#[test]
fn an_address_the_mailer_refuses_stops_no_one_else_s_reminder() {
    let f = Fixture::base();
    let programme = f.read("programme.toml");
    f.write(
        "programme.toml",
        &format!("{programme}\n[coordinator]\nname = \"Cora Ordinator\"\n\n[supervisors]\nnotify = [\"start\", \"end\"]\n"),
    );
    let ed = f.read("people/ed.toml");
    f.write(
        "people/ed.toml",
        &ed.replace(
            "manager = \"lib-boss@example.org\"",
            "manager = \"lib boss@example.org\"",
        ),
    );
    let text = stdout(&f.run("validate"));
    assert!(
        text.contains("`manager` is `lib boss@example.org`, which is not an email address"),
        "{text}"
    );
    let out = f.mentor(&["remind", "--as-of", "2026-02-01", "--outbox", "out"]);
    assert_exit(&out, 0);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("the supervisor of Ed Mentee"), "{said}");
    // His own address likewise: Mo's reminder of the stalled pair still goes.
    f.write(
        "people/ed.toml",
        &ed.replace(
            "email = \"ed@example.org\"",
            "email = \"ed at example.org\"",
        ),
    );
    let out = f.mentor(&["remind", "--as-of", "2026-05-01", "--outbox", "later"]);
    assert_exit(&out, 0);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Ed Mentee has no email address"), "{said}");
    assert!(f.path().join("later/001-mo_example.org.eml").exists());
}

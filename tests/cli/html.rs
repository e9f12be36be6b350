//! `report --format html`: every chart with its text alternative; and, as
//! interop tests, Python's HTML parser reads the markup, and a real browser
//! (headless Chromium) renders the page to PNG and to its DOM, with every
//! request sent to a local listener that must hear nothing.

use std::net::TcpListener;
use std::process::Command;

use serde_json::Value;

use crate::interop::{self, Program};
use crate::support::{AS_OF, Fixture, assert_exit, stdout};

/// Headless Chromium with a fresh profile, every request sent to the
/// proxy at `proxy_port` (one that refuses them, or a listener that
/// records them).
pub fn chromium(args: &[&str], proxy_port: u16) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--proxy-server=http://127.0.0.1:{proxy_port}"))
        .arg("--proxy-bypass-list=<-loopback>")
        .args(args)
        .output()
        .expect("chromium (Debian package `chromium`) is installed")
}

/// Python's own HTML parser: every element closed in order, and nothing
/// that would fetch or run anything.
pub(crate) fn check_markup(html: &str) {
    let script = r#"
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "rect", "path", "line", "circle"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.problems = []
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "link", "img"):
            self.problems.append("element " + tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").lower().startswith(("http:", "https:", "//", "javascript:")):
                self.problems.append(f"attribute {name}={value}")
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs): pass
    def handle_endtag(self, tag):
        if tag in VOID: return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else: self.stack.pop()
c = Check(); c.feed(sys.stdin.read()); c.close()
if "url(" in sys.argv[1] or "@import" in sys.argv[1]: c.problems.append("CSS fetches")
if c.stack: c.problems.append("unclosed " + " ".join(c.stack))
print("\n".join(c.problems))
"#;
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .unwrap_or("");
    let mut child = Command::new("python3")
        .args(["-c", script, style])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), html.as_bytes()).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "",
        "markup problems"
    );
}

/// The coordinator's page of the example, written to report.html.
fn coordinators_page() -> (Fixture, String) {
    let f = Fixture::example();
    let out = f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        "report.html",
    ]);
    assert_exit(&out, 0);
    let html = f.read("report.html");
    (f, html)
}

/// The HR page of the example.
fn hr_page() -> String {
    let f = Fixture::example();
    let out = f.mentor(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--audience",
        "hr",
    ]);
    assert_exit(&out, 0);
    stdout(&out)
}

#[test]
fn the_html_report_has_every_chart_with_a_text_alternative() {
    let (_, html) = coordinators_page();
    for title in [
        "Pairs by stage at each month end",
        "Meetings per month",
        "Meeting hours per month",
        "Goals set and achieved",
        "Mean skill gain per competency",
        "Average satisfaction by role",
    ] {
        assert!(
            html.contains(&format!("<figcaption>{title}")),
            "chart `{title}` missing"
        );
    }
    assert!(
        html.matches("role=\"img\"").count() >= 6 && html.contains("<desc "),
        "charts carry text alternatives"
    );
}

/// Interop: an HTML parser mentor shares no code with (Python's) reads both
/// pages as well-formed and finds nothing that would fetch or run.
#[test]
fn both_pages_read_clean_in_pythons_html_parser() {
    if !interop::need(Program::Python3) {
        return;
    }
    check_markup(&coordinators_page().1);
    check_markup(&hr_page());
}

/// Interop: headless Chromium renders the page, draws every chart and
/// requests nothing.
#[test]
fn the_html_report_renders_in_chromium_with_every_chart_and_no_request() {
    if !interop::need(Program::Chromium) {
        return;
    }
    let (f, _) = coordinators_page();

    // Every request Chromium makes goes to this listener as its proxy.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let heard = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut requests = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(std::time::Duration::from_secs(2)))
                            .unwrap();
                        let mut line = String::new();
                        let _ = std::io::BufRead::read_line(
                            &mut std::io::BufReader::new(stream),
                            &mut line,
                        );
                        requests.push(line.trim().to_string());
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
            requests
        })
    };
    let page = format!("file://{}", f.path().join("report.html").display());
    let png = f.path().join("report.png");
    let shot = chromium(
        &[
            "--window-size=1000,2600",
            &format!("--screenshot={}", png.display()),
            &page,
        ],
        port,
    );
    assert!(
        png.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let dom = chromium(&["--dump-dom", &page], port);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    // Chromium calls its own services (time, accounts) whatever it shows;
    // anything else would be the page fetching something.
    let browser_own = |request: &str| {
        let host = request.split_whitespace().nth(1).unwrap_or_default();
        let host = host
            .trim_start_matches("http://")
            .split(['/', ':'])
            .next()
            .unwrap_or_default();
        ["google.com", "googleapis.com", "gstatic.com", "gvt1.com"]
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    };
    let requests = heard.join().unwrap();
    let from_page: Vec<&String> = requests.iter().filter(|r| !browser_own(r)).collect();
    assert!(
        from_page.is_empty(),
        "the page made requests: {from_page:?}"
    );

    // Not blank: many colours, the palette's among them.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> =
        pixels[..info.buffer_size()].chunks(channels).collect();
    assert!(
        colours.len() > 20,
        "a blank page: {} colours",
        colours.len()
    );
    assert!(
        colours.iter().any(|c| c[..3] == [0x00, 0x72, 0xB2]),
        "no blue bar drawn"
    );

    // The page's text holds the figures the JSON report gives.
    let dom = String::from_utf8_lossy(&dom.stdout);
    let json: Value = serde_json::from_slice(
        &f.mentor(&["report", "--as-of", AS_OF, "--format", "json"])
            .stdout,
    )
    .unwrap();
    let mut checked = 0;
    for indicator in json["indicators"].as_array().unwrap() {
        let id = indicator["id"].as_str().unwrap();
        let value = match &indicator["value"] {
            Value::Number(n) if n.is_u64() => n.to_string(),
            Value::Number(n) => format!("{:.2}", n.as_f64().unwrap()),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            _ => continue,
        };
        assert!(
            dom.contains(&format!("<small>{id}</small></td><td>{value}")),
            "{id} = {value} not on the page"
        );
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
    assert!(dom.contains("Needs attention"));
}

#[test]
fn the_hr_page_names_nobody() {
    let html = hr_page();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for name in [
        "Ana Silva",
        "Priya",
        "ana-silva",
        "helen-wright",
        "George",
        "Needs attention",
    ] {
        assert!(!html.contains(name), "`{name}` on the HR page");
    }
}

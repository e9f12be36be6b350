//! Installing without Rust: the install script against a release folder
//! served on 127.0.0.1, the hooks and CI templates, the package contents,
//! and the one repository URL everything points at.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::interop::{self, Program};
use crate::support::{assert_exit, mentor_in, repo_path};

const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-musl";

/// Serve `root` over HTTP on 127.0.0.1 until the test ends; returns the base URL.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/');
            let file = root.join(path);
            let response = match std::fs::read(&file).ok().filter(|_| !path.contains("..")) {
                Some(body) => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend(body);
                    r
                }
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{address}")
}

/// A release folder laid out as GitHub serves one, holding this build of
/// mentor as the archive for `TARGET`.
fn release_folder(dir: &Path) -> PathBuf {
    let root = dir.join("releases");
    let staging = dir.join("staging").join(format!("mentor-{TARGET}"));
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_mentor"), staging.join("mentor")).unwrap();
    let archive = format!("mentor-{TARGET}.tar.gz");
    let made = Command::new("tar")
        .args(["czf", &archive, &format!("mentor-{TARGET}")])
        .current_dir(dir.join("staging"))
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = std::fs::read(dir.join("staging").join(&archive)).unwrap();
    let sum: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for folder in [
        format!("download/v{VERSION}"),
        "latest/download".to_string(),
    ] {
        let at = root.join(folder);
        std::fs::create_dir_all(&at).unwrap();
        std::fs::write(at.join(&archive), &bytes).unwrap();
        std::fs::write(at.join("SHA256SUMS"), format!("{sum}  {archive}\n")).unwrap();
    }
    root
}

fn install(base: &str, platform: &str, dir: &Path, version: &str) -> std::process::Output {
    Command::new("sh")
        .arg(repo_path("install.sh"))
        .args(["--version", version, "--dir"])
        .arg(dir)
        .env("MENTOR_DOWNLOAD_URL", base)
        .env("MENTOR_PLATFORM", platform)
        .output()
        .unwrap()
}

/// Interop: install.sh downloads with curl, as it does for its users.
#[test]
fn the_install_script_installs_a_verified_release_and_refuses_a_tampered_one() {
    if !interop::need(Program::Curl) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let releases = release_folder(dir.path());
    let base = serve(releases.clone());

    for version in [VERSION, "latest"] {
        let bin = dir.path().join(format!("bin-{version}"));
        let out = install(&base, "Linux/x86_64", &bin, version);
        assert_exit(&out, 0);
        let installed = Command::new(bin.join("mentor"))
            .arg("--version")
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&installed.stdout).contains(VERSION),
            "the installed binary runs"
        );
    }

    // One byte changed after the checksum was published: refused, nothing installed.
    let archive = releases.join(format!("download/v{VERSION}/mentor-{TARGET}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let bin = dir.path().join("bin-tampered");
    let out = install(&base, "Linux/x86_64", &bin, VERSION);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!bin.join("mentor").exists());
}

/// A platform without a release: a clear message, before any download (so
/// no downloader is needed).
#[test]
fn the_install_script_names_a_platform_without_a_release() {
    let dir = tempfile::tempdir().unwrap();
    let base = serve(dir.path().to_path_buf());
    let bin = dir.path().join("bin-plan9");
    let out = install(&base, "Plan9/mips", &bin, VERSION);
    assert_ne!(out.status.code(), Some(0));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("no mentor release for Plan9/mips") && message.contains("cargo install"),
        "{message}"
    );
    assert!(!message.contains("downloading"), "{message}");
    assert!(!bin.exists());
}

#[test]
fn everything_points_at_the_one_repository() {
    for file in [
        "install.sh",
        "install.ps1",
        ".pre-commit-hooks.yaml",
        "README.md",
    ] {
        let text = std::fs::read_to_string(repo_path(file)).unwrap();
        assert!(text.contains(REPOSITORY), "{file} names another repository");
    }
    let action = REPOSITORY.trim_start_matches("https://github.com/");
    let text = std::fs::read_to_string(repo_path("action.yml")).unwrap();
    assert!(
        text.contains(&format!("{action}@")),
        "action.yml's usage example"
    );
}

#[test]
fn init_ci_templates_use_the_released_binary_not_cargo() {
    let dir = tempfile::tempdir().unwrap();
    assert_exit(&mentor_in(dir.path(), &["init", "gh"]), 0);
    assert_exit(&mentor_in(dir.path(), &["init", "gl", "--ci", "gitlab"]), 0);
    let github =
        std::fs::read_to_string(dir.path().join("gh/.github/workflows/mentor.yml")).unwrap();
    let action = REPOSITORY.trim_start_matches("https://github.com/");
    // Pinned to the commit this build came from (a tag can be moved), with
    // the version as Dependabot writes it, whenever that commit is known.
    let pin = match env!("MENTOR_SOURCE_COMMIT") {
        "" => format!("v{VERSION}"),
        commit => format!("{commit} # v{VERSION}"),
    };
    assert!(
        github.contains(&format!("uses: {action}@{pin}\n")),
        "{github}"
    );
    let dependabot = std::fs::read_to_string(dir.path().join("gh/.github/dependabot.yml")).unwrap();
    assert!(
        dependabot.contains("package-ecosystem: github-actions"),
        "{dependabot}"
    );
    assert!(
        !github
            .lines()
            .any(|l| l.trim_start().starts_with("- run: cargo")),
        "{github}"
    );
    let gitlab = std::fs::read_to_string(dir.path().join("gl/.gitlab-ci.yml")).unwrap();
    assert!(
        gitlab.contains(&format!(
            "{REPOSITORY}/releases/download/v${{MENTOR_VERSION}}/install.sh"
        )),
        "{gitlab}"
    );
    assert!(
        gitlab.contains(&format!("MENTOR_VERSION: \"{VERSION}\"")),
        "{gitlab}"
    );
    assert!(
        gitlab.contains("--format gitlab") && gitlab.contains("codequality"),
        "{gitlab}"
    );
    assert!(
        !gitlab
            .lines()
            .any(|l| l.trim_start().starts_with("- cargo")),
        "{gitlab}"
    );
}

#[test]
fn the_package_holds_what_a_release_needs_and_nothing_private() {
    let out = Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "--locked",
        ])
        .current_dir(repo_path(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.lock",
        "Cargo.toml",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "programme-template/programme.toml",
        "schemas/person.schema.json",
        "examples/university/programme.toml",
    ] {
        assert!(files.contains(&needed), "the package lacks {needed}");
    }
    for file in &files {
        assert!(
            !file.starts_with("fuzz/")
                && !file.starts_with("target/")
                && !file.contains(".mentor/")
                && !file.ends_with(".pem")
                && !file.contains("pseudonym-key"),
            "the package holds {file}"
        );
    }
}

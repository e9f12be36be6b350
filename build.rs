// The programme template is embedded at build time: rebuild whenever a file
// in it is added, changed or removed.
//
// The commit this build's source comes from is embedded too, so that the
// GitHub workflow `mentor init --ci github` writes can pin mentor's action to
// it (a tag can be moved; a commit cannot). It is taken, in order, from
// MENTOR_RELEASE_COMMIT (the release workflow sets it to the tagged commit),
// from `.cargo_vcs_info.json` (which `cargo package` writes into every crate
// published from git), or from the git checkout being built.
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=programme-template");
    println!("cargo:rerun-if-env-changed=MENTOR_RELEASE_COMMIT");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let manifest = Path::new(&manifest);
    let commit = std::env::var("MENTOR_RELEASE_COMMIT")
        .ok()
        .or_else(|| packaged_commit(manifest))
        .or_else(|| checkout_commit(manifest))
        .filter(|c| is_commit(c))
        .unwrap_or_default();
    println!("cargo:rustc-env=MENTOR_SOURCE_COMMIT={commit}");
}

fn is_commit(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `"sha1": "<hex>"` in the file `cargo package` leaves in a crate.
fn packaged_commit(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest.join(".cargo_vcs_info.json")).ok()?;
    let after = text.split("\"sha1\"").nth(1)?;
    let value = after.split('"').nth(1)?;
    Some(value.to_string())
}

fn checkout_commit(manifest: &Path) -> Option<String> {
    let head = manifest.join(".git/HEAD");
    if head.exists() {
        // A new commit checked out (or a branch switched) rebuilds.
        println!("cargo:rerun-if-changed={}", head.display());
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(manifest)
        .args(["rev-parse", "--verify", "-q", "HEAD^{commit}"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

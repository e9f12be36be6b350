//! Any bytes as any record file of a valid programme: loading, checking and
//! rendering never panic, and every finding is located.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mentor::diagnostic::{Tally, locate};
use mentor::load::{Overlay, load_with};

/// A copy of the small valid programme the tests use, made once.
fn programme() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base");
        copy(&base, dir.path());
        dir
    })
    .path()
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

const PLACES: &[&str] = &[
    "programme.toml",
    "people/zz.toml",
    "people/zz.yaml",
    "pairs/ed--mo/pair.toml",
    "pairs/ed--mo/goals.yaml",
    "pairs/ed--mo/log.yaml",
    "pairs/ed--mo/feedback.yaml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let root = programme();
    let mut overlay = Overlay::new();
    overlay.insert(root.join(PLACES[usize::from(which) % PLACES.len()]), text.to_string());
    let ws = load_with(root, &overlay).expect("the programme folder is readable");
    let as_of = mentor::decode::parse_date("2026-03-16").expect("date");
    let diagnostics = mentor::checks::run(&ws, as_of);
    let located = locate(&diagnostics, &ws.sources);
    let tally = Tally::of(&diagnostics);
    let _ = mentor::render::diagnostics::human(&located, &ws.sources, tally, false);
    let _ = mentor::render::diagnostics::json_document(&located, &ws.sources, tally);
});

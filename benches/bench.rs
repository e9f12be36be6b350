//! `cargo bench`: mentor over generated programmes of realistic and large
//! size. Every figure is reported beside a reference measured in the same
//! run, because these machines are noisy:
//!
//! - validate: against reading the same files (no parsing);
//! - match end to end: against validate on the same programme;
//! - the solver: against scipy.optimize.linear_sum_assignment on the same
//!   matrices, when python3 with scipy is available.
//!
//! Environment: MENTOR_BENCH_QUICK=1 runs the small sizes only;
//! MENTOR_BENCH_GENERATE=DIR:MENTEES:PAIRS only writes a programme (for
//! profiling) and exits; MENTOR_BENCH_YEAR=DIR:PEOPLE writes the loader
//! section's year-old programme.

// A benchmark measures time: the clock rule (clippy.toml) is for the crate.
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use mentor::matching::solver::{Objective, Problem, solve, value};

// The same allocator as the `mentor` binary, so in-process phases are timed
// as the command runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Seeded: the same programme every run.
type Rng = fastrand::Rng;

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

const COMPETENCIES: [&str; 12] = [
    "budgeting",
    "leadership",
    "project-management",
    "career-planning",
    "intercultural",
    "digital-skills",
    "process-improvement",
    "public-speaking",
    "negotiation",
    "writing",
    "data-analysis",
    "wellbeing",
];
const DEPARTMENTS: [&str; 10] = [
    "Finance",
    "HR",
    "IT",
    "Library",
    "Registry",
    "Estates",
    "Research",
    "International",
    "Marketing",
    "Legal",
];
const SLOTS: [&str; 10] = [
    "mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm", "fri-am",
    "fri-pm",
];
const STYLES: [&str; 3] = ["structured", "reflective", "hands-on"];
const LANGUAGES: [&str; 5] = ["en", "fr", "es", "de", "pt"];
const SITES: [&str; 3] = ["City", "Riverside", "North"];

fn list(rng: &mut Rng, items: &[&str], most: usize) -> String {
    let n = 1 + rng.usize(..most);
    let mut chosen: Vec<&str> = Vec::new();
    while chosen.len() < n {
        let item = pick(rng, items);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    format!(
        "[{}]",
        chosen
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Write a programme of `mentees` waiting mentees and two-fifths as many
/// mentors (capacity 1-3), plus `active_pairs` running pairs with goals and
/// logs, as a coordinator's repository would hold them.
fn generate(dir: &Path, mentees: usize, active_pairs: usize, seed: u64) {
    generate_with(dir, mentees, active_pairs, (mentees * 2 / 5).max(1), seed);
}

/// A programme with `mentees` waiting, `active_pairs` running and `mentors` mentors.
fn generate_with(dir: &Path, mentees: usize, active_pairs: usize, mentors: usize, seed: u64) {
    let mut rng = Rng::with_seed(seed);
    std::fs::create_dir_all(dir.join("people")).expect("mkdir");
    std::fs::create_dir_all(dir.join("pairs")).expect("mkdir");
    let mut programme = String::from(
        "name = \"Bench\"\nstart = 2026-01-01\nend = 2026-12-31\n[mentors]\ncriteria = [\"x\"]\ncapacity = 2\n[meetings]\nevery_days = 30\n[matching]\navoid = [\"same-manager\"]\ndepartment = \"different\"\n",
    );
    for c in COMPETENCIES {
        let _ = write!(
            programme,
            "[[competencies]]\nid = \"{c}\"\nname = \"{c}\"\n"
        );
    }
    std::fs::write(dir.join("programme.toml"), programme).expect("write");
    let person = |rng: &mut Rng, id: &str, role: &str, extra: &str| {
        // About one person in ten is in-person only; a few speak no English.
        let modes = if rng.usize(..10) == 0 {
            "[\"in-person\"]"
        } else {
            "[\"in-person\", \"virtual\"]"
        };
        let languages = if rng.usize(..20) == 0 {
            list(rng, &LANGUAGES[1..], 2)
        } else {
            format!(
                "[\"en\"{}]",
                if rng.usize(..3) == 0 { ", \"fr\"" } else { "" }
            )
        };
        format!(
            "name = \"{id}\"\nemail = \"{id}@example.org\"\nrole = \"{role}\"\ndepartment = \"{}\"\nmanager = \"boss{}@example.org\"\nlanguages = {languages}\nlocation = \"{}\"\nmodes = {modes}\navailability = {}\nstyle = \"{}\"\n{extra}",
            pick(rng, &DEPARTMENTS),
            rng.usize(..mentees / 8 + 1),
            pick(rng, &SITES),
            list(rng, &SLOTS, 3),
            pick(rng, &STYLES),
        )
    };
    for m in 0..mentors {
        let extra = format!(
            "expertise = {}\ncapacity = {}\n",
            list(&mut rng, &COMPETENCIES, 4),
            1 + rng.usize(..3)
        );
        let text = person(&mut rng, &format!("m{m:05}"), "mentor", &extra);
        std::fs::write(dir.join(format!("people/m{m:05}.toml")), text).expect("write");
    }
    for e in 0..mentees + active_pairs {
        let extra = format!(
            "needs = {}\nstatus = \"applied\"\napplied_on = 2026-01-15\n",
            list(&mut rng, &COMPETENCIES, 3)
        );
        let text = person(&mut rng, &format!("e{e:05}"), "mentee", &extra);
        std::fs::write(dir.join(format!("people/e{e:05}.toml")), text).expect("write");
    }
    // Running pairs: mentees beyond the waiting ones, spread over mentors
    // within their capacity of 1.
    for p in 0..active_pairs.min(mentors) {
        let (mentee, mentor) = (format!("e{:05}", mentees + p), format!("m{p:05}"));
        let pair_dir = dir.join(format!("pairs/{mentee}--{mentor}"));
        std::fs::create_dir_all(&pair_dir).expect("mkdir");
        std::fs::write(pair_dir.join("pair.toml"), format!("mentor = \"{mentor}\"\nmentee = \"{mentee}\"\nstatus = \"active\"\nstarted = 2026-02-01\nends = 2026-11-30\n[agreement]\nsigned = 2026-02-02\nconfidentiality = true\n")).expect("write");
        std::fs::write(pair_dir.join("goals.yaml"), "goals:\n  - id: g1\n    specific: Deliver the thing\n    measurable: Thing delivered and used\n    achievable: With support from my mentor\n    relevant: leadership\n    due: 2026-10-01\n").expect("write");
        std::fs::write(pair_dir.join("log.yaml"), "meetings:\n  - {date: 2026-02-01, minutes: 60, mode: video, goals: [g1]}\n  - {date: 2026-03-01, minutes: 45, mode: in-person, goals: [g1]}\n").expect("write");
    }
}

/// A programme a year in, shaped like a large organisation's: `people`
/// people (two in five mentors), three in ten of them mentees in a running
/// pair whose folder holds the agreement, three SMART goals and a dozen
/// meetings with topics and actions.
fn generate_year(dir: &Path, people: usize, seed: u64) {
    let mentors = people * 2 / 5;
    let pairs = people * 31 / 100;
    generate_with(dir, people - mentors - pairs, pairs, mentors, seed);
    let mut rng = Rng::with_seed(seed);
    for p in 0..pairs.min(mentors) {
        let (mentee, mentor) = (
            format!("e{:05}", people - mentors - pairs + p),
            format!("m{p:05}"),
        );
        let pair_dir = dir.join(format!("pairs/{mentee}--{mentor}"));
        let mut goals = String::from(
            "# yaml-language-server: $schema=../../schemas/goals.schema.json\ngoals:\n",
        );
        for g in 1..=3 {
            let _ = write!(
                goals,
                "  - id: g{g}\n    specific: Lead the {} review for the {} team and present the findings\n    measurable: Review delivered on time, with at least {} recommendations accepted\n    achievable: With my mentor's help and two hours a week set aside by my manager\n    relevant: {}\n    due: 2026-11-{:02}\n    status: {}\n",
                pick(&mut rng, &["budget", "process", "service", "workload"]),
                pick(&mut rng, &DEPARTMENTS),
                1 + rng.usize(..5),
                pick(&mut rng, &COMPETENCIES),
                20 + g,
                pick(&mut rng, &["in-progress", "not-started", "in-progress"]),
            );
        }
        let mut log = String::from(
            "# yaml-language-server: $schema=../../schemas/log.schema.json\nmeetings:\n",
        );
        for m in 0..12u32 {
            let date = date_after(2026, 2, 1, m * 24);
            let _ = write!(
                log,
                "  - date: {date}\n    minutes: {}\n    mode: {}\n    goals: [g{}]\n    topics:\n      - \"Progress on the {} review\"\n      - \"Preparing for the {} meeting\"\n    actions:\n      - \"Draft the next section before we meet again\"\n",
                30 + 15 * rng.usize(..4),
                pick(&mut rng, &["video", "in-person", "phone"]),
                1 + rng.usize(..3),
                pick(&mut rng, &["budget", "process", "service"]),
                pick(&mut rng, &["team", "board", "project"]),
            );
        }
        // Ratings are sealed in a real programme; here the pair has not
        // rated yet, so no plaintext warning drowns the figures.
        let feedback = "feedback: []\n";
        std::fs::write(pair_dir.join("goals.yaml"), goals).expect("write");
        std::fs::write(pair_dir.join("log.yaml"), log).expect("write");
        std::fs::write(pair_dir.join("feedback.yaml"), feedback).expect("write");
    }
}

/// `YYYY-MM-DD` of `days` after the given day.
fn date_after(year: i32, month: u32, day: u32, days: u32) -> String {
    let start = mentor::decode::parse_date(&format!("{year}-{month:02}-{day:02}")).expect("date");
    (start + chrono::Days::new(u64::from(days)))
        .format("%Y-%m-%d")
        .to_string()
}

/// Peak resident memory of `mentor ARGS DIR`, in MiB: the kernel's
/// high-water mark (`VmHWM`), read every millisecond while it runs (the
/// workspace is alive until the output is written, so the peak is seen).
fn peak_mib(dir: &Path, args: &[&str]) -> f64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run mentor");
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    while child.try_wait().expect("wait").is_none() {
        let hwm = std::fs::read_to_string(&status).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        peak_kib = peak_kib.max(hwm.unwrap_or(0));
        std::thread::sleep(Duration::from_millis(1));
    }
    peak_kib as f64 / 1024.0
}

/// Python merely parsing the files (the C YAML loader and tomllib): the
/// reference the issue names. `None` without PyYAML.
fn python_parse(dir: &Path) -> Option<Duration> {
    const SCRIPT: &str = "import os, sys, tomllib, yaml\nfor root, _, files in os.walk(sys.argv[1]):\n    for f in files:\n        p = os.path.join(root, f)\n        if f.endswith('.toml'):\n            tomllib.load(open(p, 'rb'))\n        elif f.endswith('.yaml'):\n            yaml.load(open(p, 'rb'), Loader=yaml.CSafeLoader)\n";
    let probe = Command::new("python3")
        .args(["-c", "import yaml, tomllib; yaml.CSafeLoader"])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    Some(time(3, || {
        Command::new("python3")
            .args(["-c", SCRIPT])
            .arg(dir)
            .output()
            .expect("python")
    }))
}

/// `cat` of every file: the I/O floor.
fn cat_all(dir: &Path) -> Duration {
    time(5, || {
        Command::new("sh")
            .args(["-c", "find \"$1\" -type f -exec cat {} + > /dev/null", "sh"])
            .arg(dir)
            .output()
            .expect("cat")
    })
}

/// The loader's targets: validate and report on 10,000 and 50,000 people
/// beside `cat` and Python's parse of the same files, peak memory, and how
/// the time grows.
fn bench_loader(quick: bool) {
    println!(
        "\n== the loader: validate and report beside cat and Python's parse (median of 5; Python of 3)"
    );
    let sizes: &[usize] = if quick { &[2_000] } else { &[10_000, 50_000] };
    let mut first: Option<(usize, f64)> = None;
    for &people in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        generate_year(dir.path(), people, 7);
        let (files, bytes) = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .fold((0, 0), |(n, b), e| {
                (n + 1, b + e.metadata().map_or(0, |m| m.len()))
            });
        let validate_args = ["validate", "--format", "concise", "--as-of", "2026-11-15"];
        let report_args = ["report", "--as-of", "2026-11-15"];
        let check = mentor(dir.path(), &validate_args);
        let summary = String::from_utf8_lossy(&check.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        let cat = cat_all(dir.path());
        let validate = time(5, || mentor(dir.path(), &validate_args));
        let report = time(5, || mentor(dir.path(), &report_args));
        let peak = peak_mib(dir.path(), &validate_args);
        let python = python_parse(dir.path());
        let python_text = python.map_or_else(
            || "Python parse: no PyYAML".to_string(),
            |p| {
                format!(
                    "Python parse {} (mentor {:.1}x faster)",
                    ms(p),
                    p.as_secs_f64() / validate.as_secs_f64()
                )
            },
        );
        let growth = first.map_or_else(String::new, |(n, t)| {
            format!(
                " | {:.1}x the time of {n} people for {:.1}x the people",
                validate.as_secs_f64() / t,
                people as f64 / n as f64
            )
        });
        println!(
            "{people:>6} people, {files} files, {:.1} MB ({summary}): cat {} | validate {} ({:.2}x cat), peak {peak:.0} MiB | report {} ({:.2}x cat) | {python_text}{growth}",
            bytes as f64 / 1e6,
            ms(cat),
            ms(validate),
            validate.as_secs_f64() / cat.as_secs_f64(),
            ms(report),
            report.as_secs_f64() / cat.as_secs_f64(),
        );
        first.get_or_insert((people, validate.as_secs_f64()));
    }
}

/// Median of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn mentor(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .arg(dir)
        .output()
        .expect("run mentor")
}

/// `mentor ARGS` run in `dir`.
fn mentor_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mentor")
}

fn read_all(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read(e.path()).map_or(0, |b| b.len()))
        .sum()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn bench_programmes(quick: bool) {
    println!("== validate and match over generated programmes (median of 5 runs)");
    let sizes: &[(usize, usize)] = if quick {
        &[(200, 40)]
    } else {
        &[(200, 40), (1_000, 200), (5_000, 1_000), (6_000, 2_000)]
    };
    for &(mentees, pairs) in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        generate(dir.path(), mentees, pairs, 42 + mentees as u64);
        let files = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        let people = mentees + pairs + (mentees * 2 / 5);
        let read = time(5, || read_all(dir.path()));
        let validate = time(5, || {
            mentor(
                dir.path(),
                &["validate", "--format", "concise", "--as-of", "2026-03-16"],
            )
        });
        let check = mentor(
            dir.path(),
            &["validate", "--format", "concise", "--as-of", "2026-03-16"],
        );
        let summary = String::from_utf8_lossy(&check.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        let matching = time(5, || {
            mentor(
                dir.path(),
                &["match", "--format", "json", "--as-of", "2026-03-16"],
            )
        });
        let out = mentor(
            dir.path(),
            &["match", "--format", "json", "--as-of", "2026-03-16"],
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        println!(
            "{people:>6} people, {files:>6} files ({summary}): read files {} | validate {} ({:.1}x read) | match end to end {} ({:.2}x validate), {} of {mentees} matched",
            ms(read),
            ms(validate),
            validate.as_secs_f64() / read.as_secs_f64(),
            ms(matching),
            matching.as_secs_f64() / validate.as_secs_f64(),
            doc["matched"],
        );
    }
}

/// `mentor import people` of a generated form export, checked (dry run) and
/// written, beside the cost of merely creating as many files in one folder.
fn bench_import(quick: bool) {
    println!("\n== import people from a form export (one run each)");
    let sizes: &[usize] = if quick { &[2_000] } else { &[10_000, 100_000] };
    for &rows in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        let programme = dir.path().join("p");
        let init = mentor_in(dir.path(), &["init", "p", "--start", "2026-01-05"]);
        assert!(init.status.success(), "init");
        // The export's columns are named like the fields: without the sample
        // form's mapping that `init` lays out, import reads them as they are.
        std::fs::remove_file(programme.join("import-mapping.toml")).expect("mapping");
        let mut csv = String::from("name,email,role\n");
        for i in 0..rows {
            csv.push_str(&format!("Person {i},p{i}@example.org,mentee\n"));
        }
        let export = dir.path().join("export.csv");
        std::fs::write(&export, csv).expect("export");
        let args = ["import", "people", "export.csv", "p"];
        let dry = time(1, || {
            mentor_in(dir.path(), &[&args[..], &["--dry-run"]].concat())
        });
        let start = Instant::now();
        let out = mentor_in(dir.path(), &args);
        let full = start.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let floor_dir = dir.path().join("floor");
        std::fs::create_dir(&floor_dir).expect("floor");
        let start = Instant::now();
        for i in 0..rows {
            std::fs::write(floor_dir.join(format!("p{i}.toml")), "name = \"x\"\n").expect("write");
        }
        let floor = start.elapsed();
        let created = std::fs::read_dir(programme.join("people")).map_or(0, |d| d.count());
        println!(
            "{rows:>7} rows: checked (dry run) {} | imported {} ({created} files) | creating {rows} files alone {} ({:.1}x that)",
            ms(dry),
            ms(full),
            ms(floor),
            full.as_secs_f64() / floor.as_secs_f64()
        );
    }
}

/// `match` on 12,500 people (5,000 mentors, 5,400 waiting mentees, 2,100
/// running pairs), end to end and by phase, beside scipy solving the same
/// matrix (columns repeated by free places) alone.
fn bench_match_phases(quick: bool) {
    println!("\n== match by phase (median of 3) beside scipy on the same matrix");
    let (mentees, pairs, mentors) = if quick {
        (540, 210, 500)
    } else {
        (5_400, 2_100, 5_000)
    };
    let dir = tempfile::tempdir().expect("tempdir");
    generate_with(dir.path(), mentees, pairs, mentors, 11);
    let args = ["match", "--format", "json", "--as-of", "2026-03-16"];
    let end_to_end = time(3, || mentor(dir.path(), &args));
    let load = time(3, || mentor::load::load(dir.path()).expect("load"));
    let ws = mentor::load::load(dir.path()).expect("load");
    // As `mentor match` runs by default.
    let options = mentor::matching::MatchOptions::programme_defaults(
        &ws,
        mentor::decode::parse_date("2026-03-16").expect("date"),
    );
    let build = time(3, || mentor::matching::problem(&ws, &options));
    let problem = mentor::matching::problem(&ws, &options);
    let solver = time(3, || solve(&problem, Objective::MatchedThenWeight));
    let plan = time(3, || mentor::matching::plan(&ws, &options));
    let explain = plan.saturating_sub(build + solver);
    let people = mentees + pairs + mentors;
    print!(
        "{people} people, {} x {} matrix: end to end {} | load {} | rules+scores {} | solver {} | explanations {} | matching beyond loading {}",
        problem.rows(),
        problem.cols(),
        ms(end_to_end),
        ms(load),
        ms(build),
        ms(solver),
        ms(explain),
        ms(plan)
    );
    // The issue's measure: what matching adds besides loading and solving
    // (rules, scores, explanations) beside scipy solving the matrix alone.
    let overhead = build + explain;
    match scipy_capacitated(&problem, dir.path()) {
        Some(theirs) => println!(
            " | scipy alone {} | rules+scores+explanations {} = {:.2}x scipy; with our solver {:.2}x",
            ms(theirs),
            ms(overhead),
            overhead.as_secs_f64() / theirs.as_secs_f64(),
            plan.as_secs_f64() / theirs.as_secs_f64()
        ),
        None => println!(" | scipy not available"),
    }
}

/// `match` end to end in each way it can choose, on one generated
/// programme: the optimum (the reference, measured in the same run), the
/// stable mode (deferred acceptance plus the optimum it is compared with),
/// groups (each mentor's column widened to a group's places), and an
/// intake's run; each as a ratio of the optimum's time.
fn bench_match_modes(quick: bool) {
    println!("\n== match modes end to end (median of 3), as a ratio of the optimum's time");
    let (mentees, pairs, mentors) = if quick {
        (540, 210, 500)
    } else {
        (2_700, 1_050, 2_500)
    };
    let dir = tempfile::tempdir().expect("tempdir");
    generate_with(dir.path(), mentees, pairs, mentors, 13);
    let base = ["match", "--format", "json", "--as-of", "2026-03-16"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    let optimal = time(3, || mentor(dir.path(), &base));
    print!(
        "{mentees} waiting, {mentors} mentors: optimal {}",
        ms(optimal)
    );
    for (name, extra) in [
        ("stable", &["--mode", "stable"][..]),
        ("groups", &["--groups"][..]),
        ("shortlist 3", &["--shortlist", "3"][..]),
    ] {
        let args = with(extra);
        let once = mentor(dir.path(), &args);
        assert!(
            once.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&once.stderr)
        );
        let taken = time(3, || mentor(dir.path(), &args));
        print!(
            " | {name} {} ({:.2}x)",
            ms(taken),
            taken.as_secs_f64() / optimal.as_secs_f64()
        );
    }
    println!();
}

/// scipy's `linear_sum_assignment` on the matrix with each mentor column
/// repeated once per free place; best of 3.
fn scipy_capacitated(problem: &Problem, dir: &Path) -> Option<Duration> {
    let columns: Vec<usize> = (0..problem.cols())
        .flat_map(|c| std::iter::repeat_n(c, problem.capacity(c) as usize))
        .collect();
    let mut bytes = Vec::with_capacity(problem.rows() * columns.len());
    for r in 0..problem.rows() {
        bytes.extend(columns.iter().map(|&c| problem.weight(r, c).unwrap_or(255)));
    }
    let path = dir.join("capacitated.bin");
    std::fs::write(&path, bytes).ok()?;
    let script = r#"
import sys, time, numpy as np
from scipy.optimize import linear_sum_assignment
rows, cols = int(sys.argv[2]), int(sys.argv[3])
w = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(rows, cols).astype(np.int64)
cost = -w
cost[w == 255] = 10**9
best = None
for _ in range(3):
    t = time.perf_counter(); linear_sum_assignment(cost); t = time.perf_counter() - t
    best = t if best is None else min(best, t)
print(best)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .arg(problem.rows().to_string())
        .arg(columns.len().to_string())
        .output()
        .ok()?;
    let seconds: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    Some(Duration::from_secs_f64(seconds))
}

/// The three matrix families of the match issue.
fn matrices(n: usize, rng: &mut Rng) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    for (name, forbidden, levels) in [
        ("dense random 0-100", 0, 101),
        ("tie-heavy 0-20", 0, 21),
        ("70% forbidden, 0-20", 70, 21),
    ] {
        let mut p = Problem::new(n, vec![1; n]);
        for r in 0..n {
            for c in 0..n {
                if rng.usize(..100) >= forbidden {
                    p.allow(r, c, rng.usize(..levels) as u8);
                }
            }
        }
        out.push((name, p));
    }
    out
}

/// scipy's side: the same matrix as costs (forbidden = a penalty larger than
/// any total, so its optimum maximises matches first, as ours does).
fn scipy(problem: &Problem, dir: &Path) -> Option<(Duration, usize, u64)> {
    let n = problem.rows();
    let mut bytes = Vec::with_capacity(n * n);
    for r in 0..n {
        for c in 0..n {
            bytes.push(problem.weight(r, c).unwrap_or(255));
        }
    }
    let path = dir.join("matrix.bin");
    std::fs::write(&path, bytes).ok()?;
    let script = r#"
import sys, time, numpy as np
from scipy.optimize import linear_sum_assignment
n = int(sys.argv[2])
w = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(n, n).astype(np.int64)
forbidden = w == 255
cost = -w
cost[forbidden] = 10**9
best = None
for _ in range(3):
    t = time.perf_counter(); rows, cols = linear_sum_assignment(cost); t = time.perf_counter() - t
    best = t if best is None else min(best, t)
ok = ~forbidden[rows, cols]
print(best, int(ok.sum()), int(w[rows, cols][ok].sum()))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .arg(n.to_string())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts.next()?.parse().ok()?;
    Some((
        Duration::from_secs_f64(seconds),
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    ))
}

fn bench_solver(quick: bool) {
    println!(
        "\n== solver alone vs scipy.optimize.linear_sum_assignment (same matrices; best of 3 each)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rng = Rng::with_seed(7);
    let sizes: &[usize] = if quick { &[500] } else { &[1_000, 4_000] };
    for &n in sizes {
        for (name, problem) in matrices(n, &mut rng) {
            let ours = (0..3)
                .map(|_| {
                    let start = Instant::now();
                    let a = solve(&problem, Objective::MatchedThenWeight);
                    (start.elapsed(), value(&problem, &a))
                })
                .min_by_key(|(d, _)| *d)
                .expect("runs");
            let line = match scipy(&problem, dir.path()) {
                Some((theirs, matched, total)) => format!(
                    "mentor {} vs scipy {}: ratio {:.2} (mentor/scipy); optimum {} matched / total {} vs {matched} / {total}{}",
                    ms(ours.0),
                    ms(theirs),
                    ours.0.as_secs_f64() / theirs.as_secs_f64(),
                    ours.1.0,
                    ours.1.1,
                    if (ours.1.0, ours.1.1) == (matched, total) {
                        " (equal)"
                    } else {
                        " (DIFFERENT)"
                    }
                ),
                None => format!(
                    "mentor {} (python3 with scipy not available for the reference)",
                    ms(ours.0)
                ),
            };
            println!("{n:>5}x{n:<5} {name:<22} {line}");
        }
    }
}

/// A year of history: `commits` commits on a generated programme, written
/// with `git fast-import` (one process), each appending a meeting to a pair's
/// log as its mentee, with every 50th an outsider's edit and every 40th a
/// rewritten meeting, so the audit has something to find.
fn history(dir: &Path, commits: usize) {
    generate(dir, 100, 300, 7);
    let programme = std::fs::read_to_string(dir.join("programme.toml")).expect("programme");
    std::fs::write(
        dir.join("programme.toml"),
        format!(
            "{programme}[coordinator]\nname = \"Coordinator\"\nemail = \"coord@example.org\"\n"
        ),
    )
    .expect("programme");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    git(&[
        "-c",
        "user.name=Coordinator",
        "-c",
        "user.email=coord@example.org",
        "add",
        "-A",
    ]);
    git(&[
        "-c",
        "user.name=Coordinator",
        "-c",
        "user.email=coord@example.org",
        "commit",
        "-q",
        "-m",
        "programme",
    ]);
    let pairs: Vec<String> = std::fs::read_dir(dir.join("pairs"))
        .expect("pairs")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut logs: Vec<Vec<String>> = pairs
        .iter()
        .map(|_| {
            vec![
                "  - {date: 2026-02-01, minutes: 60, mode: video, goals: [g1]}".to_string(),
                "  - {date: 2026-03-01, minutes: 45, mode: in-person, goals: [g1]}".to_string(),
            ]
        })
        .collect();
    let mut stream = String::from("");
    let start: i64 = 1_772_000_000;
    for n in 0..commits {
        let p = n % pairs.len();
        let mentee = pairs[p].split("--").next().unwrap_or_default().to_string();
        let (who, email) = if n % 50 == 49 {
            ("Outsider".to_string(), "outsider@example.org".to_string())
        } else {
            (mentee.clone(), format!("{mentee}@example.org"))
        };
        if n % 40 == 39 {
            let first = &logs[p][0];
            logs[p][0] = if first.contains("minutes: 60") {
                first.replace("minutes: 60", "minutes: 90")
            } else {
                first.replace("minutes: 90", "minutes: 60")
            };
        } else {
            logs[p].push(format!(
                "  - {{date: 2026-{:02}-{:02}, minutes: 30, mode: video}}",
                3 + n % 9,
                1 + n % 28
            ));
        }
        let text = format!("meetings:\n{}\n", logs[p].join("\n"));
        let time = start + i64::try_from(n).unwrap_or(0) * 3600;
        let _ = write!(
            stream,
            "commit refs/heads/main\nauthor {who} <{email}> {time} +0000\ncommitter {who} <{email}> {time} +0000\ndata 7\nmeeting\nM 100644 inline pairs/{}/log.yaml\ndata {}\n{text}\n",
            pairs[p],
            text.len()
        );
    }
    let mut child = std::process::Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git fast-import");
    // The first commit of the stream continues the branch made above.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .expect("rev-parse");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let stream = stream.replacen(
        "data 7\nmeeting\n",
        &format!("data 7\nmeeting\nfrom {head}\n"),
        1,
    );
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), stream.as_bytes())
        .expect("stream");
    drop(child.stdin.take());
    assert!(child.wait().expect("fast-import").success());
    git(&["reset", "-q", "--hard", "main"]);
}

fn bench_audit(quick: bool) {
    let commits = if quick { 1_000 } else { 5_000 };
    let dir = tempfile::tempdir().expect("tmp");
    history(dir.path(), commits);
    let audit = time(3, || mentor(dir.path(), &["audit", "--format", "concise"]));
    let out = mentor(dir.path(), &["audit", "--format", "concise"]);
    let findings = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("error[A"))
        .count();
    let log = time(3, || {
        std::process::Command::new("git")
            .args(["log", "--raw", "-z", "--no-abbrev", "HEAD"])
            .current_dir(dir.path())
            .output()
            .expect("git log")
    });
    println!(
        "audit {commits} commits ({findings} findings): {}; git log --raw alone {} (ratio {:.1})",
        ms(audit),
        ms(log),
        audit.as_secs_f64() / log.as_secs_f64()
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with --bench absent; do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    if let Ok(spec) = std::env::var("MENTOR_BENCH_GENERATE") {
        let parts: Vec<&str> = spec.split(':').collect();
        match parts[..] {
            [dir, mentees, pairs] => {
                generate(
                    Path::new(dir),
                    mentees.parse().expect("mentees"),
                    pairs.parse().expect("pairs"),
                    42,
                );
                return;
            }
            [dir, mentees, pairs, mentors] => {
                generate_with(
                    Path::new(dir),
                    mentees.parse().expect("mentees"),
                    pairs.parse().expect("pairs"),
                    mentors.parse().expect("mentors"),
                    42,
                );
                return;
            }
            _ => {}
        }
    }
    if let Ok(spec) = std::env::var("MENTOR_BENCH_YEAR") {
        let (dir, people) = spec.split_once(':').expect("DIR:PEOPLE");
        generate_year(Path::new(dir), people.parse().expect("people"), 7);
        return;
    }
    if let Ok(spec) = std::env::var("MENTOR_BENCH_HISTORY") {
        let (dir, commits) = spec.split_once(':').expect("DIR:COMMITS");
        history(Path::new(dir), commits.parse().expect("commits"));
        return;
    }
    let quick = std::env::var_os("MENTOR_BENCH_QUICK").is_some();
    // MENTOR_BENCH_ONLY=loader|programmes|match|modes|import|solver|audit runs one section.
    let only = std::env::var("MENTOR_BENCH_ONLY").ok();
    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if run("loader") {
        bench_loader(quick);
    }
    if run("programmes") {
        bench_programmes(quick);
    }
    if run("match") {
        bench_match_phases(quick);
    }
    if run("modes") {
        bench_match_modes(quick);
    }
    if run("import") {
        bench_import(quick);
    }
    if run("solver") {
        bench_solver(quick);
    }
    if run("audit") {
        bench_audit(quick);
    }
}

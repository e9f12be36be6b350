//! The programme template `mentor init` lays out, embedded in the binary so an
//! installed `mentor` needs no source tree.

use rust_embed::Embed;

/// The files under `programme-template/`, embedded at build time (also in
/// debug builds, so tests see what an installed binary lays out).
#[derive(Embed)]
#[folder = "programme-template/"]
struct Template;

/// Values substituted for `{{name}}`-style placeholders in template files.
#[derive(Clone, Debug)]
pub struct TemplateValues {
    pub name: String,
    pub organisation: String,
    pub start: String,
    pub end: String,
    pub today: String,
}

/// One file of the template, relative to the programme root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateFile {
    pub path: String,
    pub contents: String,
}

/// Every file of the template, with placeholders filled in, sorted by path.
pub fn files(values: &TemplateValues) -> Vec<TemplateFile> {
    let mut out: Vec<TemplateFile> = Template::iter()
        .filter_map(|path| {
            let file = Template::get(&path)?;
            Some(TemplateFile {
                path: path.replace('\\', "/"),
                contents: fill(std::str::from_utf8(&file.data).unwrap_or_default(), values),
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn fill(text: &str, values: &TemplateValues) -> String {
    text.replace("{{name}}", &escape(&values.name))
        .replace("{{repository}}", env!("CARGO_PKG_REPOSITORY"))
        .replace("{{action}}", action())
        .replace("{{action_pin}}", &action_pin())
        .replace("{{version}}", env!("CARGO_PKG_VERSION"))
        .replace("{{organisation}}", &escape(&values.organisation))
        .replace("{{start}}", &values.start)
        .replace("{{end}}", &values.end)
        .replace("{{today}}", &values.today)
}

/// Names go inside double-quoted TOML strings and Markdown headings.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// What a workflow's `uses:` names after the action and `@`: the commit
/// this build came from, with its version as a comment, as Dependabot writes
/// a pin (`<sha> # v0.1.0`); the version tag where the commit is unknown.
pub fn action_pin() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("MENTOR_SOURCE_COMMIT") {
        "" => format!("v{version}"),
        commit => format!("{commit} # v{version}"),
    }
}

/// The GitHub Action's name, `owner/repository`, from the one repository URL.
pub fn action() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_end_matches('/')
        .trim_start_matches("https://github.com/")
}

//! The programme template `mentor init` lays out, embedded in the binary so an
//! installed `mentor` needs no source tree.

use include_dir::{Dir, DirEntry, include_dir};

static TEMPLATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/programme-template");

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
    let mut out = Vec::new();
    collect(&TEMPLATE, values, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'static>, values: &TemplateValues, out: &mut Vec<TemplateFile>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect(sub, values, out),
            DirEntry::File(file) => out.push(TemplateFile {
                path: file.path().to_string_lossy().replace('\\', "/"),
                contents: fill(file.contents_utf8().unwrap_or_default(), values),
            }),
        }
    }
}

fn fill(text: &str, values: &TemplateValues) -> String {
    text.replace("{{name}}", &escape(&values.name))
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

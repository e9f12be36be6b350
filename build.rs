// The programme template is embedded with include_dir!, which does not tell
// cargo about files added later: rebuild whenever the template changes.
fn main() {
    println!("cargo:rerun-if-changed=programme-template");
}

// The programme template is embedded at build time: rebuild whenever a file
// in it is added, changed or removed.
fn main() {
    println!("cargo:rerun-if-changed=programme-template");
}

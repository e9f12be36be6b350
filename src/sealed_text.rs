//! How a sealed value reads in a file: the first line of an ASCII-armored
//! age message. A leaf, so the decoder (a sealed field reads as absent), the
//! JSON Schemas, `history` and `seal` agree on it without importing one
//! another.

/// The first line of every sealed value.
pub const BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";

/// Whether a field's text is a sealed value (rather than plaintext that
/// happens to mention age).
pub fn is_sealed(text: &str) -> bool {
    text.trim_start().starts_with(BEGIN)
}

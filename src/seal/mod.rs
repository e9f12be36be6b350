//! Confidential values sealed in place to the people entitled to read them.
//!
//! A private field (a meeting's `private_notes`, a feedback's `comment` and
//! `satisfaction`, a closure `note`, a person's `avoid` list, ...) is
//! replaced by an ASCII-armored age message encrypted to its readers' public
//! keys (`keys` in their person file, `[coordinator] keys` in programme.toml).
//! Structure, ids, dates and authors stay readable, so validation, diffs and
//! reviews still work. `fields` is the one table of which field is private
//! and read by whom (model-level: the loader reads it); `values` finds and
//! opens those values across a workspace; `places` is where each value
//! belongs, as its seal records it; `armor` and `keys` wrap the `age`
//! crate; `provenance` tells where a value sealed before places were
//! recorded has been; `names` and `spots` find private keys in any file.

pub mod armor;
pub mod fields;
pub mod keys;
pub mod names;
pub mod places;
pub mod provenance;
pub mod spots;
pub mod values;

pub use armor::{Header, Opened};
pub use keys::{Identity, PublicKey};
pub use names::{PrivateKey, PrivateNames};

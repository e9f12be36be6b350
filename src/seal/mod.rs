//! Confidential values sealed in place to the people entitled to read them.
//!
//! A private field (a meeting's `private_notes`, a feedback's `comment` and
//! `satisfaction`, a closure `note`, a person's `avoid` list, ...) is
//! replaced by an ASCII-armored age message encrypted to its readers' public
//! keys (`keys` in their person file, `[coordinator] keys` in programme.toml).
//! Structure, ids, dates and authors stay readable, so validation, diffs and
//! reviews still work. `places` is the one table of which field is read by
//! whom, and where each value belongs; `armor` and `keys` wrap the `age`
//! crate; `provenance` tells where a value sealed before places were
//! recorded has been.

pub mod armor;
pub mod keys;
pub mod names;
pub mod places;
pub mod provenance;
pub mod spots;

pub use armor::{Header, Opened, is_sealed};
pub use keys::{Identity, PublicKey};
pub use names::{PrivateKey, PrivateNames};

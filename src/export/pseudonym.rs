//! Stable keyed pseudonyms for `export --anonymize`.
//!
//! Each table has pseudonyms of its own (its key is HMAC(key, table name)),
//! so no pseudonym appears in two tables and no table joins another: each
//! is k-anonymous alone, and joining `pairs.csv` to `participants.csv`
//! through shared pseudonyms (a mentor's pair count beside their
//! department and group) would leave groups smaller than k.

use std::fmt::Write as _;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// How identities appear in the export.
pub enum Identities {
    /// Ids, names and emails as in the files.
    Plain,
    /// Stable keyed pseudonyms in place of ids, names and emails.
    Pseudonymous(Pseudonymiser),
}

/// HMAC-SHA256 of an id under the programme's secret key: the same id always
/// gets the same pseudonym, and without the key it cannot be reversed by
/// guessing ids from staff names.
pub struct Pseudonymiser {
    key: Vec<u8>,
}

impl Pseudonymiser {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// The pseudonymiser of one table: keyed by HMAC(key, table name).
    fn of_table(&self, table: &str) -> Self {
        Self {
            key: self.hmac(format!("table:{table}").as_bytes()),
        }
    }

    fn hmac(&self, message: &[u8]) -> Vec<u8> {
        // HMAC accepts a key of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return Vec::new();
        };
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }

    /// `prefix-` and 12 hex digits (48 bits: collisions are negligible for
    /// programmes of any real size).
    pub fn pseudonym(&self, prefix: &str, id: &str) -> String {
        let mac = self.hmac(format!("{prefix}:{id}").as_bytes());
        let mut out = format!("{prefix}-");
        for byte in mac.iter().take(6) {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }
}

impl Identities {
    /// How identities appear in one table: under pseudonyms, that table's own.
    pub fn of_table(&self, table: &str) -> Identities {
        match self {
            Identities::Plain => Identities::Plain,
            Identities::Pseudonymous(p) => Identities::Pseudonymous(p.of_table(table)),
        }
    }

    pub fn person(&self, id: &str) -> String {
        match self {
            Identities::Plain => id.to_string(),
            Identities::Pseudonymous(p) => p.pseudonym("person", id),
        }
    }

    pub fn pair(&self, id: &str) -> String {
        match self {
            Identities::Plain => id.to_string(),
            Identities::Pseudonymous(p) => p.pseudonym("pair", id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2.
        let mac = Pseudonymiser::new(b"Jefe").hmac(b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_distinct() {
        let a = Pseudonymiser::new(b"key one");
        let b = Pseudonymiser::new(b"key two");
        assert_eq!(
            a.pseudonym("person", "ana-silva"),
            a.pseudonym("person", "ana-silva")
        );
        assert_ne!(
            a.pseudonym("person", "ana-silva"),
            b.pseudonym("person", "ana-silva")
        );
        assert_ne!(
            a.pseudonym("person", "ana-silva"),
            a.pseudonym("person", "ben-jones")
        );
        assert_eq!(
            a.pseudonym("person", "ana-silva").len(),
            "person-".len() + 12
        );
    }

    #[test]
    fn each_table_has_pseudonyms_of_its_own() {
        let key = Identities::Pseudonymous(Pseudonymiser::new(b"key"));
        let (pairs, participants) = (key.of_table("pairs.csv"), key.of_table("participants.csv"));
        assert_ne!(pairs.person("ana-silva"), participants.person("ana-silva"));
        assert_eq!(
            pairs.person("ana-silva"),
            key.of_table("pairs.csv").person("ana-silva")
        );
        assert_eq!(Identities::Plain.of_table("pairs.csv").person("ana"), "ana");
    }
}

//! Sealed values: ASCII-armored age messages, written in place of a private
//! field's value. Encryption, decryption and authentication are the `age`
//! crate's; this module reads only the header's stanza lines, to tell where
//! and for whom a value was sealed without opening it.
//!
//! age has no associated data, but its header MAC (keyed from the file key)
//! covers every stanza of the header, including kinds no identity knows:
//! every age identity and the `age` CLI skip those (age's own "grease"
//! stanzas rely on it). So mentor writes two stanzas that wrap nothing,
//! through a [`age::Recipient`] of its own: `-> mentor-place <place>` (where
//! the value belongs, base64url) and `-> mentor-readers <fingerprint>...` (the
//! keys it was sealed to). Anyone can read them; nobody can change them
//! without breaking the MAC, so a value whose stanzas were edited never opens.

use std::collections::{BTreeSet, HashSet};
use std::io::{Read, Write};

use age_core::format::{FileKey, Stanza};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::keys::{Identity, PublicKey};

const END: &str = "-----END AGE ENCRYPTED FILE-----";
const VERSION_LINE: &[u8] = b"age-encryption.org/v1\n";
const PLACE_STANZA: &str = "mentor-place";
const READERS_STANZA: &str = "mentor-readers";

/// Where mentor sealed a value and to which keys, as its header records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The place's text (`seal::places::Place` reads it).
    pub place: String,
    /// [`PublicKey::fingerprint`] of every key the value was sealed to.
    pub readers: BTreeSet<String>,
}

/// What a sealed value's header says, read without any key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `None` for a value sealed before mentor recorded its place and
    /// readers (or sealed by another tool, such as the `age` CLI).
    pub binding: Option<Binding>,
    /// SHA-256 of the message after its header. Every sealing draws a fresh
    /// nonce, so two values share it only when one is a copy of the other,
    /// however their armor is wrapped or their header rewritten.
    pub payload: [u8; 32],
}

/// Reads a sealed value's header; `Err` says what is broken about it.
pub fn header(armored: &str) -> Result<Header, String> {
    let text = armored.trim();
    if !text.ends_with(END) {
        return Err(
            "it is cut short: the `-----END AGE ENCRYPTED FILE-----` line is missing".into(),
        );
    }
    let mut binary = Vec::new();
    age::armor::ArmoredReader::new(text.as_bytes())
        .read_to_end(&mut binary)
        .map_err(|why| format!("it is damaged ({why}); restore it from git history"))?;
    let Some(mut rest) = binary.strip_prefix(VERSION_LINE) else {
        return Err("it is not an age message".into());
    };
    let mut place = None;
    let mut readers = None;
    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
        let (line, after) = (&rest[..end], &rest[end + 1..]);
        rest = after;
        if line.starts_with(b"---") {
            let binding = match (place, readers) {
                (Some(place), Some(readers)) => Some(Binding { place, readers }),
                (None, None) => None,
                _ => return Err(damaged_binding()),
            };
            return Ok(Header {
                binding,
                payload: Sha256::digest(rest).into(),
            });
        }
        // Stanza bodies are base64, which never starts a line with `-> `.
        let Some(stanza) = line.strip_prefix(b"-> ") else {
            continue;
        };
        let mut args = std::str::from_utf8(stanza).unwrap_or("").split(' ');
        match args.next() {
            Some(PLACE_STANZA) => {
                let text = match (args.next(), args.next()) {
                    (Some(encoded), None) => URL_SAFE_NO_PAD
                        .decode(encoded)
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok()),
                    _ => None,
                };
                // One of each: a second stanza could say something else.
                if place.is_some() || text.is_none() {
                    return Err(damaged_binding());
                }
                place = text;
            }
            Some(READERS_STANZA) => {
                let listed: BTreeSet<String> = args.map(String::from).collect();
                if readers.is_some() || listed.is_empty() {
                    return Err(damaged_binding());
                }
                readers = Some(listed);
            }
            _ => {} // recipients' stanzas, and grease
        }
    }
    Err("its header is incomplete; restore it from git history".into())
}

fn damaged_binding() -> String {
    "its record of where it belongs is damaged; restore it from git history".into()
}

/// An [`age::Recipient`] that wraps nothing: it only adds mentor's two
/// stanzas to the header, where the MAC covers them.
struct Bind<'a>(&'a Binding);

impl age::Recipient for Bind<'_> {
    fn wrap_file_key(
        &self,
        _: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let stanza = |tag: &str, args: Vec<String>| Stanza {
            tag: tag.into(),
            args,
            body: Vec::new(),
        };
        Ok((
            vec![
                stanza(
                    PLACE_STANZA,
                    vec![URL_SAFE_NO_PAD.encode(self.0.place.as_bytes())],
                ),
                stanza(READERS_STANZA, self.0.readers.iter().cloned().collect()),
            ],
            // No labels: it goes with any recipient.
            HashSet::new(),
        ))
    }
}

/// Seals `plaintext` to every key (at least one), recording `place` and the
/// keys' fingerprints in the header, as armored text ending in a newline.
pub fn seal(plaintext: &str, keys: &[PublicKey], place: &str) -> Result<String, String> {
    let binding = Binding {
        place: place.to_string(),
        readers: keys.iter().map(PublicKey::fingerprint).collect(),
    };
    let bind = Bind(&binding);
    let recipients = keys
        .iter()
        .map(PublicKey::as_recipient)
        .chain(std::iter::once(&bind as &dyn age::Recipient));
    let encryptor =
        age::Encryptor::with_recipients(recipients).map_err(|why| format!("cannot seal: {why}"))?;
    let mut out = Vec::new();
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .map_err(|why| why.to_string())?;
    let mut writer = encryptor
        .wrap_output(armor)
        .map_err(|why| why.to_string())?;
    writer
        .write_all(plaintext.as_bytes())
        .map_err(|why| why.to_string())?;
    writer
        .finish()
        .and_then(|armor| armor.finish())
        .map_err(|why| why.to_string())?;
    let mut text = String::from_utf8(out).map_err(|why| why.to_string())?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// What opening a sealed value with one identity gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    Plain(String),
    /// Not sealed to this identity.
    NotForYou,
    /// Sealed for another place (its place's text): not opened.
    Elsewhere(String),
    /// Damaged, or not text.
    Broken(String),
}

/// Opens, in memory, a sealed value bound to `place` (or sealed before
/// mentor recorded places) with `identity`. A value bound elsewhere is not
/// opened at all. The header read here is the one age then authenticates,
/// so a value that opens was sealed for `place`.
pub fn open(armored: &str, identity: &Identity, place: &str) -> Opened {
    match header(armored) {
        Err(why) => return Opened::Broken(why),
        Ok(Header {
            binding: Some(binding),
            ..
        }) if binding.place != place => return Opened::Elsewhere(binding.place),
        Ok(_) => {}
    }
    let reader = age::armor::ArmoredReader::new(armored.trim().as_bytes());
    let decryptor = match age::Decryptor::new_buffered(std::io::BufReader::new(reader)) {
        Ok(d) => d,
        Err(why) => return Opened::Broken(why.to_string()),
    };
    let mut plain = Vec::new();
    match decryptor.decrypt(identity.keys()) {
        Ok(mut reader) => match reader.read_to_end(&mut plain) {
            Ok(_) => match String::from_utf8(plain) {
                Ok(text) => Opened::Plain(text),
                Err(_) => Opened::Broken("it does not hold text".into()),
            },
            Err(why) => Opened::Broken(why.to_string()),
        },
        Err(age::DecryptError::NoMatchingKeys) => Opened::NotForYou,
        Err(why) => Opened::Broken(why.to_string()),
    }
}

/// `plaintext` sealed to `key` the way the `age` CLI (and mentor before
/// places were recorded) seals it: no mentor stanzas.
#[cfg(test)]
pub(crate) fn seal_unbound(plaintext: &str, key: &PublicKey) -> String {
    let mut out = Vec::new();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(key.as_recipient())).expect("encryptor");
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .expect("armor");
    let mut writer = encryptor.wrap_output(armor).expect("writer");
    writer.write_all(plaintext.as_bytes()).expect("write");
    writer.finish().and_then(|a| a.finish()).expect("finish");
    String::from_utf8(out).expect("text")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::keys::generate;

    const PLACE: &str = "[\"meeting\",\"ed--mo\",\"2026-02-01\",\"private_notes\"]";

    fn pair() -> (Identity, PublicKey) {
        let (secret, public) = generate();
        let identity = Identity::parse(secret.as_bytes(), "test", &mut || None).expect("identity");
        (identity, public.parse().expect("public"))
    }

    /// The message's header (up to its MAC line) as text, and the rest.
    fn split_header(armored: &str) -> (String, Vec<u8>) {
        let mut binary = Vec::new();
        age::armor::ArmoredReader::new(armored.trim().as_bytes())
            .read_to_end(&mut binary)
            .expect("armor");
        let end = binary
            .windows(4)
            .position(|w| w == b"\n---")
            .expect("header end");
        let rest = binary.split_off(end);
        (String::from_utf8(binary).expect("a text header"), rest)
    }

    /// The header's lines, as `age` writes them before armoring.
    fn header_lines(armored: &str) -> Vec<String> {
        split_header(armored).0.lines().map(String::from).collect()
    }

    /// The same message with its header's lines changed by `edit`, armored again.
    fn with_header(armored: &str, edit: impl Fn(&str) -> String) -> String {
        let (head, rest) = split_header(armored);
        let mut edited = edit(&head).into_bytes();
        edited.extend_from_slice(&rest);
        let mut out = Vec::new();
        let mut writer =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .expect("armor writer");
        writer.write_all(&edited).expect("write");
        writer.finish().expect("finish");
        String::from_utf8(out).expect("text")
    }

    #[test]
    fn sealed_values_open_for_their_readers_only() {
        let (amara, amara_key) = pair();
        let (tom, tom_key) = pair();
        let (outsider, _) = pair();
        let sealed = seal(
            "we talked about the restructure",
            &[amara_key, tom_key],
            PLACE,
        )
        .expect("seal");
        assert!(crate::sealed_text::is_sealed(&sealed));
        assert!(sealed.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
        let plain = Opened::Plain("we talked about the restructure".into());
        assert_eq!(open(&sealed, &amara, PLACE), plain);
        assert_eq!(open(&sealed, &tom, PLACE), plain);
        assert_eq!(open(&sealed, &outsider, PLACE), Opened::NotForYou);
    }

    #[test]
    fn the_header_records_place_and_readers_in_two_stanzas() {
        let (_, a) = pair();
        let (_, b) = pair();
        let sealed = seal("x", &[a.clone(), b.clone()], PLACE).expect("seal");
        let lines = header_lines(&sealed);
        let place = format!("-> mentor-place {}", URL_SAFE_NO_PAD.encode(PLACE));
        assert!(lines.contains(&place), "{lines:?}");
        let mut fingerprints = [a.fingerprint(), b.fingerprint()];
        fingerprints.sort();
        let readers = format!("-> mentor-readers {}", fingerprints.join(" "));
        assert!(lines.contains(&readers), "{lines:?}");
        // Each age stanza line is followed by its body: mentor's are empty.
        let at = lines.iter().position(|l| *l == place).expect("place line");
        assert_eq!(lines[at + 1], "");
        let header = header(&sealed).expect("header");
        assert_eq!(
            header.binding,
            Some(Binding {
                place: PLACE.into(),
                readers: fingerprints.into_iter().collect(),
            })
        );
    }

    #[test]
    fn a_value_bound_elsewhere_is_not_opened() {
        let (amara, amara_key) = pair();
        let sealed = seal("x", &[amara_key], PLACE).expect("seal");
        let other = "[\"meeting\",\"ed--mo\",\"2026-03-01\",\"private_notes\"]";
        assert_eq!(
            open(&sealed, &amara, other),
            Opened::Elsewhere(PLACE.into())
        );
    }

    #[test]
    fn an_edited_place_stanza_breaks_the_mac_so_nobody_opens_the_value() {
        let (amara, amara_key) = pair();
        let sealed = seal("x", &[amara_key], PLACE).expect("seal");
        let other = "[\"meeting\",\"ab--cd\",\"2026-02-01\",\"private_notes\"]";
        let forged = with_header(&sealed, |head| {
            head.replace(
                &URL_SAFE_NO_PAD.encode(PLACE),
                &URL_SAFE_NO_PAD.encode(other),
            )
        });
        let header = header(&forged).expect("the header still reads");
        assert_eq!(header.binding.map(|b| b.place), Some(other.to_string()));
        assert!(
            matches!(open(&forged, &amara, other), Opened::Broken(_)),
            "{:?}",
            open(&forged, &amara, other)
        );
        // Taking the stanzas out (to pass as a value sealed before places
        // were recorded) breaks it just the same.
        let stripped = with_header(&sealed, |head| {
            let lines: Vec<&str> = head.lines().collect();
            let mut kept = Vec::new();
            let mut i = 0;
            while i < lines.len() {
                if lines[i].starts_with("-> mentor-") {
                    i += 2; // the stanza and its empty body line
                } else {
                    kept.push(lines[i]);
                    i += 1;
                }
            }
            kept.join("\n")
        });
        assert_eq!(
            super::header(&stripped).expect("reads as unbound").binding,
            None
        );
        assert!(matches!(open(&stripped, &amara, other), Opened::Broken(_)));
    }

    #[test]
    fn values_sealed_by_other_tools_are_unbound_and_copies_share_a_payload() {
        let (amara, amara_key) = pair();
        let legacy = seal_unbound("legacy", &amara_key);
        let header = header(&legacy).expect("header");
        assert_eq!(header.binding, None);
        assert_eq!(open(&legacy, &amara, PLACE), Opened::Plain("legacy".into()));
        // The same payload however the armor is wrapped; a new sealing differs.
        let rewrapped = legacy.replace('\n', "\r\n");
        assert_eq!(
            super::header(&rewrapped).expect("header").payload,
            header.payload
        );
        let again = seal("legacy", &[amara_key], PLACE).expect("seal");
        assert_ne!(
            super::header(&again).expect("header").payload,
            header.payload
        );
    }

    #[test]
    fn damaged_values_are_explained() {
        let (_, a) = pair();
        let sealed = seal("x", &[a], PLACE).expect("seal");
        let cut = &sealed[..sealed.len() / 2];
        assert!(header(cut).unwrap_err().contains("cut short"));
        let flipped = sealed.replacen("YWdl", "AAAA", 1);
        assert!(header(&flipped).is_err());
        let twice = with_header(&sealed, |head| {
            let line = head
                .lines()
                .find(|l| l.starts_with("-> mentor-place"))
                .expect("place line");
            format!("{head}\n{line}\n")
        });
        assert!(header(&twice).unwrap_err().contains("where it belongs"));
    }

    #[test]
    fn keys_have_short_stable_fingerprints() {
        let key: PublicKey =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@example"
                .parse()
                .expect("ssh key");
        let fingerprint = key.fingerprint();
        assert_eq!(fingerprint.len(), 11, "8 bytes, base64url: {fingerprint}");
        let without_comment: PublicKey =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN"
                .parse()
                .expect("ssh key");
        assert_eq!(without_comment.fingerprint(), fingerprint);
        let (_, a) = pair();
        let (_, b) = pair();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert!(
            a.fingerprint()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert!("ssh-ed25519 AAAAnotakey".parse::<PublicKey>().is_err());
        assert!(
            "AGE-SECRET-KEY-1XYZ"
                .parse::<PublicKey>()
                .unwrap_err()
                .contains("private key")
        );
    }
}

//! Sealed values: ASCII-armored age messages, written in place of a private
//! field's value. Encryption and decryption are the `age` crate's; this
//! module reads only the header's stanza lines, to tell who a value was
//! sealed to without opening it.

use std::io::{Read, Write};

use super::keys::{Identity, PublicKey};

/// The first line of every sealed value.
pub const BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
const END: &str = "-----END AGE ENCRYPTED FILE-----";

/// Whether a field's text is a sealed value (rather than plaintext that
/// happens to mention age).
pub fn is_sealed(text: &str) -> bool {
    text.trim_start().starts_with(BEGIN)
}

/// Who a sealed value's header says it was sealed to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Tags of the ssh keys (`-> ssh-ed25519 TAG ...`), sorted.
    pub ssh_tags: Vec<String>,
    /// How many age (`X25519`) keys: their stanzas do not say whose they are.
    pub age_keys: usize,
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
    let Some(rest) = binary.strip_prefix(b"age-encryption.org/v1\n") else {
        return Err("it is not an age message".into());
    };
    let mut header = Header::default();
    for line in rest.split(|&b| b == b'\n') {
        if line.starts_with(b"---") {
            header.ssh_tags.sort();
            return Ok(header);
        }
        let Some(stanza) = line.strip_prefix(b"-> ") else {
            continue;
        };
        let mut args = std::str::from_utf8(stanza).unwrap_or("").split(' ');
        match args.next() {
            Some("X25519") => header.age_keys += 1,
            Some("ssh-ed25519" | "ssh-rsa") => {
                if let Some(tag) = args.next() {
                    header.ssh_tags.push(tag.to_string());
                }
            }
            _ => {} // grease stanzas and other kinds name nobody we know
        }
    }
    Err("its header is incomplete; restore it from git history".into())
}

impl Header {
    /// The header a value sealed to exactly these keys would have.
    pub fn expected(keys: &[PublicKey]) -> Header {
        let mut header = Header::default();
        for key in keys {
            match key.stanza_tag() {
                Some(tag) => header.ssh_tags.push(tag),
                None => header.age_keys += 1,
            }
        }
        header.ssh_tags.sort();
        header
    }
}

/// Seals `plaintext` to every key (at least one), as armored text ending in a newline.
pub fn seal(plaintext: &str, keys: &[PublicKey]) -> Result<String, String> {
    let encryptor = age::Encryptor::with_recipients(keys.iter().map(PublicKey::as_recipient))
        .map_err(|why| format!("cannot seal: {why}"))?;
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
    /// Damaged, or not text.
    Broken(String),
}

/// Opens a sealed value with `identity`, in memory.
pub fn open(armored: &str, identity: &Identity) -> Opened {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::keys::generate;

    fn pair() -> (Identity, PublicKey) {
        let (secret, public) = generate();
        let identity = Identity::parse(secret.as_bytes(), "test", &mut || None).expect("identity");
        (identity, public.parse().expect("public"))
    }

    #[test]
    fn sealed_values_open_for_their_readers_only() {
        let (amara, amara_key) = pair();
        let (tom, tom_key) = pair();
        let (outsider, _) = pair();
        let sealed = seal("we talked about the restructure", &[amara_key, tom_key]).expect("seal");
        assert!(is_sealed(&sealed));
        assert!(sealed.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
        let plain = Opened::Plain("we talked about the restructure".into());
        assert_eq!(open(&sealed, &amara), plain);
        assert_eq!(open(&sealed, &tom), plain);
        assert_eq!(open(&sealed, &outsider), Opened::NotForYou);
    }

    #[test]
    fn the_header_counts_recipients_without_opening() {
        let (_, a) = pair();
        let (_, b) = pair();
        let sealed = seal("x", &[a.clone(), b.clone()]).expect("seal");
        let header = header(&sealed).expect("header");
        assert_eq!(header, Header::expected(&[a.clone(), b]));
        assert_ne!(header, Header::expected(&[a]));
    }

    #[test]
    fn damaged_values_are_explained() {
        let (_, a) = pair();
        let sealed = seal("x", &[a]).expect("seal");
        let cut = &sealed[..sealed.len() / 2];
        assert!(header(cut).unwrap_err().contains("cut short"));
        let flipped = sealed.replacen("YWdl", "AAAA", 1);
        assert!(header(&flipped).is_err());
    }

    #[test]
    fn ssh_keys_are_named_by_their_tag() {
        // A published key (RFC 8709 test vector style): the tag is the first
        // four bytes of its SHA-256, base64 without padding, as age writes it.
        let key: PublicKey =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@example"
                .parse()
                .expect("ssh key");
        assert_eq!(key.stanza_tag().map(|t| t.len()), Some(6));
        assert!("ssh-ed25519 AAAAnotakey".parse::<PublicKey>().is_err());
        assert!(
            "AGE-SECRET-KEY-1XYZ"
                .parse::<PublicKey>()
                .unwrap_err()
                .contains("private key")
        );
    }
}

//! Public keys people list under `keys`, and the private identities that
//! open what was sealed to them. Parsing and cryptography are the `age`
//! crate's; this module only says which kind of key a line is and names it.

use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A public key from a `keys` list: someone values can be sealed to.
#[derive(Clone, Debug)]
pub enum PublicKey {
    /// `ssh-ed25519 AAAA...` or `ssh-rsa AAAA...`, as `github.com/<user>.keys` lists them.
    Ssh(age::ssh::Recipient),
    /// `age1...`, from `age-keygen`.
    Age(age::x25519::Recipient),
}

impl FromStr for PublicKey {
    type Err = String;

    /// Reads one key; the error says in plain words what is wrong with it.
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.starts_with("age1") {
            return text
                .parse::<age::x25519::Recipient>()
                .map(PublicKey::Age)
                .map_err(|_| "is not a valid age public key (it should be the `age1...` line `age-keygen` prints as \"public key\")".to_string());
        }
        if text.starts_with("AGE-SECRET-KEY-") || text.contains("PRIVATE KEY") {
            return Err("is a private key: never put it in the repository; list the public key (`.pub` file) instead, and replace this one".into());
        }
        use age::ssh::ParseRecipientKeyError as Why;
        text.parse::<age::ssh::Recipient>()
            .map(PublicKey::Ssh)
            .map_err(|why| match why {
                Why::RsaModulusTooSmall => "is an ssh-rsa key shorter than 2048 bits, too weak to seal to".into(),
                Why::RsaModulusTooLarge => "is an ssh-rsa key longer than age supports (16384 bits)".into(),
                Why::Unsupported(kind) => format!("is a `{kind}` key, which age cannot seal to; use an ssh-ed25519, ssh-rsa or age1 key"),
                _ => "is not a public key: copy one line of `ssh-ed25519 AAAA...`, `ssh-rsa AAAA...` or `age1...`".into(),
            })
    }
}

impl PublicKey {
    /// A short name for this key that mentor writes into the header of every
    /// value it seals (`-> mentor-readers ...`): the first 8 bytes of the
    /// SHA-256 of [`canonical`](Self::canonical), base64url. age's own X25519
    /// stanzas do not say whose they are; this list does, for every kind of
    /// key, so a replaced key is seen without opening anything.
    pub fn fingerprint(&self) -> String {
        URL_SAFE_NO_PAD.encode(&Sha256::digest(self.canonical().as_bytes())[..8])
    }

    /// The same key, as one comparable line (without any comment).
    pub fn canonical(&self) -> String {
        match self {
            PublicKey::Ssh(key) => key.to_string(),
            PublicKey::Age(key) => key.to_string(),
        }
    }

    pub(crate) fn as_recipient(&self) -> &dyn age::Recipient {
        match self {
            PublicKey::Ssh(key) => key,
            PublicKey::Age(key) => key,
        }
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// A private identity read from a file: what opens sealed values. It lives in
/// memory only; nothing derived from it is written anywhere.
pub struct Identity {
    keys: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// Public keys it answers for, so `notes` can say whose identity it is.
    pub public: Vec<PublicKey>,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl Identity {
    /// Reads an age identity file (`AGE-SECRET-KEY-1...`) or an OpenSSH private
    /// key. `passphrase` is asked only for an ssh key protected by one.
    pub fn parse(
        text: &[u8],
        name: &str,
        passphrase: &mut dyn FnMut() -> Option<String>,
    ) -> Result<Self, String> {
        let as_text = String::from_utf8_lossy(text);
        if as_text.contains("AGE-SECRET-KEY-") {
            let mut keys = Vec::new();
            for line in as_text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let key: age::x25519::Identity = line
                    .parse()
                    .map_err(|_| format!("`{name}` holds a line that is not an age identity"))?;
                keys.push(key);
            }
            if keys.is_empty() {
                return Err(format!("`{name}` holds no age identity"));
            }
            let public = keys.iter().map(|k| PublicKey::Age(k.to_public())).collect();
            let keys = keys
                .into_iter()
                .map(|k| Box::new(k) as Box<dyn age::Identity + Send + Sync>)
                .collect();
            return Ok(Identity { keys, public });
        }
        let parsed = age::ssh::Identity::from_buffer(text, Some(name.to_string()))
            .map_err(|_| not_an_identity(name))?;
        let key = match parsed {
            age::ssh::Identity::Unencrypted(key) => key,
            age::ssh::Identity::Encrypted(locked) => {
                let Some(secret) = passphrase() else {
                    return Err(format!(
                        "`{name}` is protected by a passphrase and none was given: run on a terminal to be asked for it, or set MENTOR_IDENTITY_PASSPHRASE"
                    ));
                };
                locked
                    .decrypt(secret.into())
                    .map_err(|_| format!("the passphrase does not unlock `{name}`"))?
            }
            age::ssh::Identity::Unsupported(_) => {
                return Err(format!(
                    "`{name}` is a kind of ssh key age cannot use; use an ssh-ed25519 or ssh-rsa key, or an age identity"
                ));
            }
        };
        let identity = age::ssh::Identity::from(key);
        let public = age::ssh::Recipient::try_from(identity.clone())
            .ok()
            .map(PublicKey::Ssh)
            .into_iter()
            .collect();
        Ok(Identity {
            keys: vec![Box::new(identity)],
            public,
        })
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &dyn age::Identity> {
        self.keys.iter().map(|k| k.as_ref() as &dyn age::Identity)
    }
}

fn not_an_identity(name: &str) -> String {
    format!(
        "`{name}` is neither an age identity (`AGE-SECRET-KEY-1...`) nor an OpenSSH private key: pass the private key file, such as ~/.ssh/id_ed25519, not the `.pub` file"
    )
}

/// A fresh age key pair, for tests and examples: (identity line, public key).
pub fn generate() -> (String, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    (identity.to_string().expose_secret().to_string(), public)
}

//! User and team names on a git host (`github`, `gitlab`), checked against
//! the host's grammar when read. A handle becomes syntax: `mentor
//! codeowners` writes it into CODEOWNERS, where a line break or a `#` in
//! it would add rules of its own (`tom\n* @tom #` gives Tom every file). So
//! a handle is a type that only a checked value becomes, and the writers
//! take that type, never a string.

use std::fmt;
use std::marker::PhantomData;

use serde_json::{Value as Json, json};

use crate::decode::{Cx, Decode, FieldPath};
use crate::diagnostic::{Code, Diagnostic};
use crate::node::Node;

/// A git host: whose grammar a handle follows and where its CODEOWNERS lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// GitHub (`github` in files).
    Github,
    /// GitLab (`gitlab` in files).
    Gitlab,
}

impl Platform {
    /// Every host, in the order messages list them.
    pub const ALL: [Platform; 2] = [Platform::Github, Platform::Gitlab];

    /// The host's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Github => "GitHub",
            Platform::Gitlab => "GitLab",
        }
    }

    /// The person and coordinator field holding handles on this host.
    pub fn handle_field(self) -> &'static str {
        match self {
            Platform::Github => "github",
            Platform::Gitlab => "gitlab",
        }
    }

    /// Where the host reads CODEOWNERS, relative to the repository root
    /// (the programme's folder).
    pub fn codeowners_path(self) -> &'static str {
        match self {
            Platform::Github => ".github/CODEOWNERS",
            Platform::Gitlab => ".gitlab/CODEOWNERS",
        }
    }

    /// What a handle on this host may be, with an example: the hint of
    /// every finding about one.
    pub fn grammar(self) -> &'static str {
        match self {
            Platform::Github => {
                "a GitHub handle is a user name (1 to 39 letters, digits and single hyphens, not starting or ending with a hyphen) or a team as `org/team-slug`, with or without a leading `@`: for example `ana-silva` or `@acme/mentors`"
            }
            Platform::Gitlab => {
                "a GitLab handle is a user name (letters, digits, `_`, `-` and `.`, not starting with `-` or `.`, not ending in `.`, `.git` or `.atom`) or a group path as `group/subgroup`, with or without a leading `@`: for example `ana.silva` or `@acme/mentoring`"
            }
        }
    }

    /// `text` as a handle on this host, or why it is not one. One leading
    /// `@` is allowed (CODEOWNERS writes one); nothing else is trimmed: a
    /// handle with spaces or line breaks around it is not a handle.
    pub fn parse(self, text: &str) -> Result<Handle, &'static str> {
        let name = text.strip_prefix('@').unwrap_or(text);
        if name.is_empty() {
            return Err("is empty");
        }
        if name.chars().any(crate::text::is_control) {
            return Err("holds a line break or another control character");
        }
        if name.chars().any(char::is_whitespace) {
            return Err("holds a space");
        }
        let valid = match self {
            Platform::Github => github(name),
            Platform::Gitlab => gitlab(name),
        };
        match valid {
            Ok(()) => Ok(Handle {
                platform: self,
                name: name.to_string(),
            }),
            Err(why) => Err(why),
        }
    }
}

/// A GitHub user (`ana-silva`) or team (`acme/mentors`).
fn github(name: &str) -> Result<(), &'static str> {
    let (user, team) = match name.split_once('/') {
        Some((org, team)) => (org, Some(team)),
        None => (name, None),
    };
    let user_ok = (1..=39).contains(&user.len())
        && user.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !user.starts_with('-')
        && !user.ends_with('-')
        && !user.contains("--");
    if !user_ok {
        return Err(if team.is_some() {
            "does not start with an organisation name"
        } else {
            "is not a GitHub user name"
        });
    }
    match team {
        None => Ok(()),
        Some(team)
            if (1..=100).contains(&team.len())
                && !team.starts_with('-')
                && team
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Ok(())
        }
        Some(_) => Err("does not end in a team slug"),
    }
}

/// A GitLab user (`ana.silva`) or group path (`acme/mentoring/staff`).
fn gitlab(name: &str) -> Result<(), &'static str> {
    let segment_ok = |s: &str| {
        (1..=255).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && !s.starts_with(['-', '.'])
            && !s.ends_with('.')
            && !s.ends_with(".git")
            && !s.ends_with(".atom")
    };
    if name.split('/').all(segment_ok) {
        Ok(())
    } else {
        Err("is not a GitLab user name or group path")
    }
}

/// A handle checked against its host's grammar: the only way to name
/// someone in CODEOWNERS. Made only by [`Platform::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handle {
    platform: Platform,
    /// Without the leading `@`.
    name: String,
}

impl Handle {
    /// The host whose grammar the handle was checked against.
    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// The user, team or group name, without `@`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// As CODEOWNERS writes an owner: `@name`.
impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.name)
    }
}

/// Which host a field's handles are on: [`GithubHandle`] and
/// [`GitlabHandle`] are one type per host, so a record cannot hold a GitLab
/// handle where a GitHub one belongs.
pub trait Host {
    const PLATFORM: Platform;
}

/// GitHub, for [`OnHost`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Github;

/// GitLab, for [`OnHost`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gitlab;

impl Host for Github {
    const PLATFORM: Platform = Platform::Github;
}

impl Host for Gitlab {
    const PLATFORM: Platform = Platform::Gitlab;
}

/// A handle on host `H`, as a record field holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnHost<H> {
    handle: Handle,
    host: PhantomData<H>,
}

/// A GitHub user or team, checked when read (`github = "ana-silva"`).
pub type GithubHandle = OnHost<Github>;
/// A GitLab user or group, checked when read (`gitlab = "ana.silva"`).
pub type GitlabHandle = OnHost<Gitlab>;

impl<H> std::ops::Deref for OnHost<H> {
    type Target = Handle;
    fn deref(&self) -> &Handle {
        &self.handle
    }
}

impl<H: Host> OnHost<H> {
    /// `text` as a handle on this host, or why it is not one.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        H::PLATFORM.parse(text).map(|handle| Self {
            handle,
            host: PhantomData,
        })
    }
}

impl<H: Host> Decode for OnHost<H> {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        let text = String::decode(node, field, cx)?;
        match Self::parse(&text) {
            Ok(handle) => Some(handle),
            Err(why) => {
                cx.report(
                    Diagnostic::new(
                        Code::InvalidHandle,
                        cx.span(node.range),
                        format!(
                            "`{field}` is not a {} handle: `{}` {why}",
                            H::PLATFORM.name(),
                            crate::text::excerpt(&text)
                        ),
                    )
                    .help(H::PLATFORM.grammar()),
                );
                None
            }
        }
    }

    fn schema() -> Json {
        let pattern = match H::PLATFORM {
            Platform::Github => {
                "^@?(?=[A-Za-z0-9-]{1,39}(/|$))[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9_][A-Za-z0-9_-]{0,99})?$"
            }
            Platform::Gitlab => {
                "^@?([A-Za-z0-9_][A-Za-z0-9_.-]*(?<![.])(?<![.]git)(?<![.]atom))(/[A-Za-z0-9_][A-Za-z0-9_.-]*(?<![.])(?<![.]git)(?<![.]atom))*$"
            }
        };
        json!({"type": "string", "pattern": pattern})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_handles_follow_githubs_grammar() {
        for good in [
            "tom",
            "@tom",
            "ana-silva",
            "a",
            "A1-b2",
            &"x".repeat(39),
            "acme/mentors",
            "@acme/mentor_team-2",
        ] {
            assert!(Platform::Github.parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "@",
            "tom\n* @tom #",
            "tom #",
            " tom",
            "-tom",
            "tom-",
            "to--m",
            "to.m",
            "to_m",
            &"x".repeat(40),
            "acme/",
            "/mentors",
            "acme/men tors",
            "acme/-x",
            "a/b/c",
            "@@tom",
            "tom\r",
            "*",
        ] {
            assert!(Platform::Github.parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Platform::Github
                .parse("@acme/mentors")
                .map(|h| h.to_string()),
            Ok("@acme/mentors".to_string())
        );
    }

    #[test]
    fn gitlab_handles_follow_gitlabs_grammar() {
        for good in [
            "tom",
            "ana.silva",
            "_x",
            "a-b_c.d",
            "acme/mentoring",
            "@acme/mentoring/staff",
        ] {
            assert!(Platform::Gitlab.parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-tom",
            ".tom",
            "tom.",
            "tom.git",
            "tom.atom",
            "acme//x",
            "acme/",
            "tom\n* @tom #",
            "to m",
            "tom#",
        ] {
            assert!(Platform::Gitlab.parse(bad).is_err(), "{bad:?}");
        }
    }
}

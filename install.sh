#!/bin/sh
# Install mentor from its released binaries: no Rust needed.
#
#   curl -fsSL https://github.com/mentor-programme/mentor/releases/latest/download/install.sh | sh
#   sh install.sh --version 0.1.0 --dir ~/bin
#
# The archive for this machine is downloaded with the release's SHA256SUMS
# and installed only if its checksum matches.
#
# Environment (for mirrors and tests):
#   MENTOR_DOWNLOAD_URL  the releases folder (default below)
#   MENTOR_PLATFORM      "<uname -s>/<uname -m>" instead of this machine's
set -eu

REPOSITORY="https://github.com/mentor-programme/mentor"
BASE="${MENTOR_DOWNLOAD_URL:-$REPOSITORY/releases}"
VERSION=latest
DIR="${HOME:-.}/.local/bin"

say() { printf 'mentor install: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || fail "--version needs a value, such as 0.1.0"; VERSION="${2#v}"; shift 2 ;;
    --dir) [ $# -ge 2 ] || fail "--dir needs a folder"; DIR="$2"; shift 2 ;;
    -h|--help)
      sed -n '2,13p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) fail "unknown option '$1' (use --version and --dir)" ;;
  esac
done

platform="${MENTOR_PLATFORM:-$(uname -s)/$(uname -m)}"
case "$platform" in
  Linux/x86_64|Linux/amd64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64|Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/arm64|Darwin/aarch64) target=aarch64-apple-darwin ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  MINGW*/x86_64|MSYS*/x86_64|CYGWIN*/x86_64|Windows*/x86_64|Windows*/AMD64) target=x86_64-pc-windows-msvc ;;
  *) fail "there is no mentor release for $platform. Releases exist for Linux (x86_64, aarch64), macOS (arm64, x86_64) and Windows (x86_64); elsewhere install from source: cargo install --locked --git $REPOSITORY mentor" ;;
esac

case "$target" in
  *windows*) archive="mentor-$target.zip"; exe=mentor.exe ;;
  *) archive="mentor-$target.tar.gz"; exe=mentor ;;
esac

if [ "$VERSION" = latest ]; then
  url="$BASE/latest/download"
else
  url="$BASE/download/v$VERSION"
fi

fetch() { # url file
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http' -fsSL "$1" -o "$2"
  elif command -v wget >/dev/null 2>&1; then
    wget -q "$1" -O "$2"
  else
    fail "neither curl nor wget is installed"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed, so the download cannot be checked"
  fi
}

work="$(mktemp -d 2>/dev/null || mktemp -d -t mentor)"
trap 'rm -rf "$work"' EXIT INT TERM

say "downloading $archive ($VERSION)"
fetch "$url/$archive" "$work/$archive" || fail "cannot download $url/$archive"
fetch "$url/SHA256SUMS" "$work/SHA256SUMS" || fail "cannot download $url/SHA256SUMS"

expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")"
[ -n "$expected" ] || fail "SHA256SUMS does not list $archive; not installing"
actual="$(sha256 "$work/$archive")"
if [ "$expected" != "$actual" ]; then
  fail "checksum mismatch for $archive (expected $expected, got $actual): the download is damaged or was tampered with; not installing"
fi

case "$archive" in
  *.zip) (cd "$work" && unzip -q "$archive") || fail "cannot unpack $archive" ;;
  *) tar -xzf "$work/$archive" -C "$work" || fail "cannot unpack $archive" ;;
esac
binary="$work/mentor-$target/$exe"
[ -f "$binary" ] || fail "$archive does not hold $exe"

mkdir -p "$DIR" || fail "cannot create $DIR"
if ! { cp "$binary" "$DIR/$exe.new" && chmod 755 "$DIR/$exe.new" && mv -f "$DIR/$exe.new" "$DIR/$exe"; }; then
  fail "cannot install into $DIR"
fi
say "installed $("$DIR/$exe" --version) in $DIR"
case ":${PATH:-}:" in
  *":$DIR:"*) ;;
  *) say "add $DIR to your PATH to run mentor by name" ;;
esac

#!/usr/bin/env bash
# Chart test tooling (never deployed): installs Debian's Go toolchain and the libraries tools/chart-render needs when
# they are missing, then builds chart-render once per source version and prints the binary's path on the last line.
#   scripts/chart-tools.sh [install|build]     default: both (install, then build)
# The chart tests call `build`; scripts/test calls it with no argument before the solution build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
action=${1:-all}
gocode=/usr/share/gocode/src

install_missing() {
  local missing=()
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
  [ -d "$gocode/github.com/Masterminds/sprig" ] || missing+=(golang-github-masterminds-sprig-dev)
  [ -d "$gocode/gopkg.in/yaml.v3" ] || missing+=(golang-gopkg-yaml.v3-dev)
  [ -d "$gocode/gopkg.in/yaml.v2" ] || missing+=(golang-gopkg-yaml.v2-dev)
  [ -d "$gocode/github.com/xeipuuv/gojsonschema" ] || missing+=(golang-github-xeipuuv-gojsonschema-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} ..." >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
      || { echo "installing ${missing[*]} failed" >&2; exit 1; }
  fi
}

# Debian ships the libraries for GOPATH mode under their old import paths; sprig and semver are imported as /v3, so a
# private GOPATH of symlinks maps those paths onto Debian's copies.
build() {
  command -v go >/dev/null 2>&1 && [ -d "$gocode/github.com/Masterminds/sprig" ] \
    || { echo "Go or its libraries are missing: run 'bash scripts/chart-tools.sh install' (scripts/test does)" >&2; exit 1; }
  local src="$root/tools/chart-render"
  local hash; hash=$( (cd "$src" && cat ./*.go; go version) | sha256sum | head -c 16)
  local out="$src/obj/$hash/chart-render"
  if [ ! -x "$out" ]; then
    local gp="$src/obj/gopath"
    mkdir -p "$gp/src/github.com/Masterminds/sprig" "$gp/src/github.com/Masterminds/semver" "$src/obj/$hash"
    ln -sfn "$gocode/github.com/Masterminds/sprig" "$gp/src/github.com/Masterminds/sprig/v3"
    ln -sfn "$gocode/github.com/Masterminds/semver" "$gp/src/github.com/Masterminds/semver/v3"
    # Build beside the target, then rename: two test runs building at once never see half a binary.
    local tmp; tmp=$(mktemp "$src/obj/$hash/build.XXXXXX")
    (cd "$src" && GO111MODULE=off GOPATH="$gp:/usr/share/gocode" GOCACHE="$src/obj/gocache" GOFLAGS= \
      go build -o "$tmp" .) || { rm -f "$tmp"; echo "building tools/chart-render failed" >&2; exit 1; }
    mv -f "$tmp" "$out"
  fi
  echo "$out"
}

case "$action" in
  install) install_missing ;;
  build) build ;;
  all) install_missing; build ;;
  *) echo "unknown action '$action' (expected install or build)" >&2; exit 2 ;;
esac

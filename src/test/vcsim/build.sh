#!/usr/bin/env bash
# Builds our vCenter simulator launcher (launcher/*.go) into target/vcsim/provision-vcsim.
#
# Uses only Debian packages: golang-go and golang-github-vmware-govmomi-dev (govmomi 0.24.2 as
# source under /usr/share/gocode), built offline in GOPATH mode. Two govmomi packages are copied into a
# private GOPATH overlay under target/ and changed there: vim25/xml is patched (xml-attr-order.patch),
# and simulator gets the files of overlay/simulator/ added (methods this vcsim lacks, e.g. RebootGuest)
# and two small patches (simulator-shutdown-guest.patch: a guest that takes its time to shut down;
# simulator-change-version.patch: ReconfigVM_Task honours the spec's changeVersion, as vCenter does);
# /usr/share/gocode is never modified.
#
# Idempotent: installs what is missing (as root; otherwise says what to install and fails), and
# skips the build when the binary matches the current sources, patch, script and package versions.
# The test fixture (VcsimServer) runs this script when the binary is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../../.." && pwd)"
out="${VCSIM_OUT:-$project/target/vcsim}"
bin="$out/provision-vcsim"
gocode=/usr/share/gocode
govmomi="$gocode/src/github.com/vmware/govmomi"
packages=(golang-go golang-github-vmware-govmomi-dev patch)

log() { echo "vcsim/build.sh: $*" >&2; }

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

apt_lists_present() {
  compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

install_missing() {
  local missing
  missing="$(missing_packages | tr '\n' ' ')"
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: $missing"
    log "install them with:  sudo apt-get install -y $missing"
    exit 2
  fi
  log "installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt_lists_present || ! apt-get install -y --no-install-recommends $missing >&2; then
    log "refreshing the package lists (apt-get update) and retrying"
    apt-get update >&2
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $missing >&2
  fi
}

# Everything the binary depends on, so an edit to any of them triggers a rebuild.
build_stamp() {
  {
    dpkg-query -W golang-go golang-github-vmware-govmomi-dev
    cat "$here/build.sh" "$here/xml-attr-order.patch" "$here/simulator-shutdown-guest.patch" "$here/simulator-change-version.patch" "$here"/launcher/*.go "$here"/overlay/simulator/*.go
  } | sha256sum | cut -d' ' -f1
}

install_missing
[ -d "$govmomi/simulator" ] || { log "no govmomi source at $govmomi"; exit 2; }

mkdir -p "$out"
# Two test JVMs may build at once: serialize, and let the second one find the first one's binary.
exec 9>"$out/.build.lock"
flock 9

stamp="$(build_stamp)"
if [ -x "$bin" ] && [ "$(cat "$out/.build.stamp" 2>/dev/null)" = "$stamp" ]; then
  log "up to date: $bin"
  exit 0
fi

started_ms=$(($(date +%s%N) / 1000000))
# The private GOPATH overlay. In GOPATH mode Go takes a package from the first GOPATH entry in which
# its directory exists, so besides the patched vim25/xml and the extended simulator the overlay also
# holds copies of the Go files of the ancestor packages (govmomi and govmomi/vim25), whose directories
# it must create. Every other package (simulator/esx, simulator/vpx, vim25/types, ...) still comes
# from /usr/share/gocode.
overlay="$out/gopath"
vmw="src/github.com/vmware/govmomi"
rm -rf "$overlay"
mkdir -p "$overlay/$vmw/vim25"
for pkg in "$vmw" "$vmw/vim25"; do
  find "$gocode/$pkg" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$overlay/$pkg/" \;
done
cp -r "$gocode/$vmw/vim25/xml" "$overlay/$vmw/vim25/xml"
# simulator/internal comes along: Go allows importing an internal package only from below its parent directory.
for pkg in "$vmw/simulator" "$vmw/simulator/internal"; do
  mkdir -p "$overlay/$pkg"
  find "$gocode/$pkg" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$overlay/$pkg/" \;
done
chmod -R u+w "$overlay"
patch --quiet --forward -p1 -d "$overlay/$vmw/vim25/xml" < "$here/xml-attr-order.patch"
patch --quiet --forward -p1 -d "$overlay/$vmw/simulator" < "$here/simulator-shutdown-guest.patch"
patch --quiet --forward -p1 -d "$overlay/$vmw/simulator" < "$here/simulator-change-version.patch"
# Added files only, never edited copies: each names itself provision_*.go and must not clash with upstream.
for f in "$here"/overlay/simulator/*.go; do
  target="$overlay/$vmw/simulator/$(basename "$f")"
  [ -e "$target" ] && { log "overlay file $(basename "$f") would replace an upstream file"; exit 2; }
  cp "$f" "$target"
done

export GOPATH="$overlay:$gocode" GO111MODULE=off GOPROXY=off GOFLAGS=
if [ -z "${GOCACHE:-}" ] && [ -z "${HOME:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ]; then
  export GOCACHE="$out/gocache"
fi
(cd "$here/launcher" && go build -trimpath -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "$stamp" > "$out/.build.stamp"
log "built $bin in $(( $(date +%s%N) / 1000000 - started_ms )) ms"

#!/usr/bin/env bash
# Makes this machine able to build and run provision's container image with podman, as measured in
# ../shared/domain/containers-podman.md (Debian 12, no Docker engine, no reachable image registry):
#   1. podman, runc and mmdebstrap installed (apt-get when run as root, as CI is; otherwise it prints the line);
#   2. /etc/containers/containers.conf: runtime runc (crun fails on this kind's hybrid cgroups) and ulimits
#      below the sandbox's hard RLIMIT_NOFILE (podman's default is above it, and every start fails);
#   3. the local base image localhost/debian-jre17:local, built from the Debian mirror with mmdebstrap.
# Idempotent: each step is skipped when already done. Used by .ci/run before Maven, and by the container
# test's fixture (ContainerHost) when podman or the base image is missing, so `mvn -B -ntp verify` on a fresh
# machine needs nothing else. Exits non-zero with the reason on the first step that cannot be done.
set -euo pipefail
base_image="${PROVISION_BASE_IMAGE:-localhost/debian-jre17:local}"
say() { echo "container prepare: $*" >&2; }
fail() { say "$*"; exit 1; }

missing=()
for tool in podman runc mmdebstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || fail "missing ${missing[*]}; run as root: apt-get update && apt-get install -y podman runc mmdebstrap"
  say "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q podman runc mmdebstrap; } >&2 \
    || fail "apt-get install podman runc mmdebstrap failed (see above)"
fi

conf=/etc/containers/containers.conf
if ! grep -qs '^runtime *= *"runc"' "$conf" || ! grep -qs '^default_ulimits' "$conf"; then
  if [[ $(id -u) -eq 0 ]]; then
    say "writing $conf (runtime runc, nofile/nproc ulimits 1024)"
    mkdir -p /etc/containers
    [[ -f "$conf" ]] && cp "$conf" "$conf.before-provision"
    cat > "$conf" <<'CONF'
# Written by provision's src/test/container/prepare.sh (see ../shared/domain/containers-podman.md):
# crun fails with "cgroups in hybrid mode not supported" here, and podman's default RLIMIT_NOFILE is above
# this machine kind's hard limit, so every container start fails without a lower ulimit.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
CONF
  else
    say "warning: $conf does not set runtime = \"runc\" and default_ulimits; containers may fail to start"
  fi
fi

if ! podman image exists "$base_image"; then
  [[ "$base_image" == localhost/debian-jre17:local ]] \
    || fail "base image $base_image is missing; pull or build it first"
  [[ $(id -u) -eq 0 ]] || fail "base image $base_image is missing; building it needs root (mmdebstrap): run this script as root"
  say "building $base_image with mmdebstrap from the Debian mirror (about a minute)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mmdebstrap --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs.tar" >&2 \
    || fail "mmdebstrap could not build the base image (is the Debian mirror reachable?)"
  podman import "$work/rootfs.tar" "$base_image" >&2 || fail "podman import of the base image failed"
fi
say "ready: podman $(podman --version | awk '{print $3}'), base image $base_image"

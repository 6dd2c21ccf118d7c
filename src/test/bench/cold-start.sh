#!/usr/bin/env bash
# Cold start of `provision sizes` (a fresh JVM per run) from one or more release archives, runs interleaved so
# that the machine's load moves all of them alike. Prints, per archive: jar size, class-data archive size, and
# the median wall time of N runs, with the launcher's class-data archive (as users run it after the first run)
# and without it (the JVM flags only). Usage (BENCHMARKS.md, "Release archive"):
#   src/test/bench/cold-start.sh N ARCHIVE.tar.gz [ARCHIVE.tar.gz ...]
set -euo pipefail
runs="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ms() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
i=0
for archive in "$@"; do
  i=$((i + 1))
  mkdir -p "$work/$i" && tar -xzf "$archive" -C "$work/$i"
  home="$(echo "$work/$i"/provision-*)"
  cp "$home/samples/lab.yaml" "$home/samples/lab-azure-admin-password.txt" "$work/$i/"
  # First run: records the class-data archive and fills the SKU cache, both in this run's own cache.
  XDG_CACHE_HOME="$work/$i/cache" "$home/bin/provision" sizes --spec "$work/$i/lab.yaml" --target azure-rehearsal >/dev/null 2>&1
done
for ((r = 0; r < runs; r++)); do
  for ((j = 1; j <= i; j++)); do
    home="$(echo "$work/$j"/provision-*)"
    XDG_CACHE_HOME="$work/$j/cache" ms "$home/bin/provision" sizes --spec "$work/$j/lab.yaml" --target azure-rehearsal >> "$work/$j.cds"
    XDG_CACHE_HOME="$work/$j/cache" PROVISION_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
      ms "$home/bin/provision" sizes --spec "$work/$j/lab.yaml" --target azure-rehearsal >> "$work/$j.plain"
  done
done
echo "| archive | jar bytes | class-data archive bytes | median ms, with class-data archive | median ms, flags only | runs |"
echo "|---|---|---|---|---|---|"
j=0
for archive in "$@"; do
  j=$((j + 1))
  home="$(echo "$work/$j"/provision-*)"
  jsa="$(ls "$work/$j/cache/provision/cds/"*.jsa)"
  echo "| $(basename "$(dirname "$archive")")/$(basename "$archive") | $(stat -c %s "$home/lib/provision.jar") | $(stat -c %s "$jsa") |" \
    "$(median < "$work/$j.cds") | $(median < "$work/$j.plain") | $runs |"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

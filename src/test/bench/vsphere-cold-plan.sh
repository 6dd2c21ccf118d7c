#!/usr/bin/env bash
# Whole-process cold `provision plan` of 1,000 vSphere VMs (a fresh JVM per run) against a private vcsim on
# loopback, runs interleaved so that the machine's load moves all variants alike (BENCHMARKS.md, "vSphere: cold
# plan"). Needs target/provision.jar (mvn -B -q package -DskipTests) and target/vcsim/provision-vcsim (built by
# the vSphere tests, or src/test/vcsim/build.sh). Usage:
#   src/test/bench/vsphere-cold-plan.sh N                    # N runs of each variant, prints a Markdown table
#   src/test/bench/vsphere-cold-plan.sh --record-classlist   # re-records src/main/resources/cds/vsphere-plan.classlist
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
jar="$here/target/provision.jar"
launcher="$here/src/dist/bin/provision"
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
work="$(mktemp -d)"
vcsim_pid=""
cleanup() { exec 3>&- 2>/dev/null || true; [[ -n "$vcsim_pid" ]] && kill "$vcsim_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# vcsim serves until its stdin closes: keep a fifo open on fd 3.
mkfifo "$work/in"
"$here/target/vcsim/provision-vcsim" -hosts 16 -vms 1000 -port 0 -username provision -password bench \
  -cert-out "$work/server.pem" < "$work/in" > "$work/ready" 2>"$work/vcsim.log" &
vcsim_pid=$!
exec 3>"$work/in"
for _ in $(seq 1 600); do grep -q '"ready"' "$work/ready" 2>/dev/null && break; sleep 0.2; done
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$work/ready"; }
cat > "$work/fleet.yaml" <<SPEC
targets:
  - name: vc
    kind: vsphere
    vsphere:
      url: $(field url)
      username: provision
      password: \${env:VSPHERE_PASSWORD}
      thumbprint: "$(field thumbprint)"
    vms:
      - pattern: "*"
SPEC
export VSPHERE_PASSWORD=bench
plan() { "$@" plan "$work/fleet.yaml" >/dev/null 2>&1 || true; }

if [[ "${1:-}" == "--record-classlist" ]]; then
  # shellcheck disable=SC2086
  java $flags -XX:DumpLoadedClassList="$work/loaded" -jar "$jar" plan "$work/fleet.yaml" > "$work/plan.out" 2>&1 || true
  tail -3 "$work/plan.out"
  out="$here/src/main/resources/cds/vsphere-plan.classlist"
  mkdir -p "$(dirname "$out")"
  { echo "# Classes loaded by 'provision plan' of 1,000 vSphere VMs against vcsim; recorded by"
    echo "# src/test/bench/vsphere-cold-plan.sh --record-classlist (-XX:DumpLoadedClassList). Read by ClassDataTraining."
    grep -v '^[@#]' "$work/loaded" | cut -d' ' -f1 | grep -v '\$\$Lambda\|^$'; } > "$out"
  echo "recorded $(grep -vc '^#' "$out") classes into $out"
  exit 0
fi

runs="$1"
ms() { local start end; start=$(date +%s%N); "$@"; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
cp "$here/samples/lab.yaml" "$here/samples/lab-azure-admin-password.txt" "$work/"
# The archive as this launcher records it (Azure training run + the vSphere class list).
PROVISION_JAR="$jar" PROVISION_CACHE_DIR="$work/cache" "$launcher" version >/dev/null 2>&1
jsa="$(ls "$work/cache/cds/"*.jsa)"
# The archive as the launcher recorded it before: the Azure training run alone.
# shellcheck disable=SC2086
(cd "$work" && PROVISION_CACHE_DIR="$work/azure-cache" java $flags -XX:ArchiveClassesAtExit="$work/azure-only.jsa" \
  -Xlog:disable -jar "$jar" sizes --spec "$work/lab.yaml" --target azure-rehearsal >/dev/null 2>&1)
for ((r = 0; r < runs; r++)); do
  PROVISION_JAR="$jar" PROVISION_CACHE_DIR="$work/cache" ms plan "$launcher" >> "$work/both"
  PROVISION_JAR="$jar" PROVISION_JAVA_OPTS="$flags -XX:SharedArchiveFile=$work/azure-only.jsa -Xlog:disable" \
    ms plan "$launcher" >> "$work/azure"
  PROVISION_JAR="$jar" PROVISION_JAVA_OPTS="$flags" ms plan "$launcher" >> "$work/none"
done
row() { echo "| $1 | $(median < "$work/$2") | $(paste -sd, "$work/$2" | sed 's/,/, /g') |"; }
echo "| variant (flags $flags) | median ms | runs (ms) |"
echo "|---|---|---|"
row "launcher's class-data archive: Azure training run + vSphere class list ($(stat -c %s "$jsa") bytes)" both
row "class-data archive of the Azure training run alone ($(stat -c %s "$work/azure-only.jsa") bytes)" azure
row "no class-data archive" none
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average after: $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

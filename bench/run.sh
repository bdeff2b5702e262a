#!/usr/bin/env bash
# Side-by-side scheduler benchmark: bin/hapc simulate vs Pacemaker's crm_simulate -R -x on the
# same synthetic CIBs, wall time and peak RSS, plus hapc's in-process incremental re-decision.
#
# usage: bench/run.sh [--sizes 500,2000,10000] [--states none,running,fail] [--skip-crm] [--quick]
#   CRM_TIMEOUT=400 (seconds per crm_simulate run), NODES=32
# Needs: a build (mvn -q -DskipTests package), python3, /usr/bin/time; crm_simulate from Debian's
# pacemaker-cli-utils for the reference column (apt-get install -y pacemaker-cli-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=500,2000,10000
STATES=none,running,fail
SKIP_CRM=0
NODES=${NODES:-32}
CRM_TIMEOUT=${CRM_TIMEOUT:-400}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --states) STATES=$2; shift 2 ;;
    --skip-crm) SKIP_CRM=1; shift ;;
    --quick) SIZES=500; STATES=none,fail; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
[[ -f cli/target/hapc-cli.jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
if [[ $SKIP_CRM -eq 0 ]] && ! command -v crm_simulate >/dev/null; then
  echo "crm_simulate not found (apt-get install -y pacemaker-cli-utils); running with --skip-crm" >&2
  SKIP_CRM=1
fi
mkdir -p bench/out

measure() { # prints "wall_s rss_mb" or "fail" / "timeout"
  local limit=$1; shift
  local t; t=$(mktemp)
  if timeout "$limit" /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>&1; then
    awk '{printf "%.2f %.0f", $1, $2/1024}' "$t"
  else
    local rc=$?
    if [[ $rc -eq 124 ]]; then echo "timeout>${limit}s -"; else echo "failed(exit $rc) -"; fi
  fi
  rm -f "$t"
}

printf '%-22s %9s %8s %13s %8s %8s\n' case hapc_s hapc_MB crm_simulate_s crm_MB ratio
declare -A HAPC CRM
IFS=, read -ra SIZE_LIST <<< "$SIZES"
IFS=, read -ra STATE_LIST <<< "$STATES"
for size in "${SIZE_LIST[@]}"; do
  for state in "${STATE_LIST[@]}"; do
    name="${NODES}x${size}-${state}"
    file="bench/out/$name.xml"
    if [[ ! -f $file ]]; then
      case $state in
        none) python3 bench/gen_cib.py --nodes "$NODES" --resources "$size" --state none -o "$file" ;;
        running) python3 bench/gen_cib.py --nodes "$NODES" --resources "$size" --state running -o "$file" ;;
        fail) python3 bench/gen_cib.py --nodes "$NODES" --resources "$size" --state running --fail-node node5 -o "$file" ;;
      esac
    fi
    read -r hs hm <<< "$(measure 120 bin/hapc simulate --xml-file "$file")"
    cs=skipped; cm=-
    if [[ $SKIP_CRM -eq 0 ]]; then read -r cs cm <<< "$(measure "$CRM_TIMEOUT" crm_simulate -R -x "$file")"; fi
    ratio=-
    if [[ $hs =~ ^[0-9.]+$ && $cs =~ ^[0-9.]+$ ]]; then ratio=$(awk -v a="$cs" -v b="$hs" 'BEGIN{printf "%.0fx", a/b}'); fi
    if [[ $hs =~ ^[0-9.]+$ && $cs == timeout* ]]; then ratio=$(awk -v a="$CRM_TIMEOUT" -v b="$hs" 'BEGIN{printf ">%.0fx", a/b}'); fi
    HAPC[$name]="$hs $hm"; CRM[$name]="$cs"
    printf '%-22s %9s %8s %13s %8s %8s\n' "$name" "$hs" "$hm" "$cs" "$cm" "$ratio"
  done
done

echo
echo "Goals:"
goal() { printf '  %-58s %s\n' "$1" "$2"; }
if [[ -n "${HAPC[${NODES}x2000-none]:-}" && ${CRM[${NODES}x2000-none]:-skipped} != skipped ]]; then
  read -r hs _ <<< "${HAPC[${NODES}x2000-none]}"; cs=${CRM[${NODES}x2000-none]}
  cs=${cs#timeout>}; cs=${cs%s}
  goal ">= 50x faster than crm_simulate at ${NODES}x2000 (no history)" \
    "$(awk -v a="$cs" -v b="$hs" 'BEGIN{r=a/b; printf "%.0fx %s", r, (r>=50?"PASS":"FAIL")}')"
fi
for state in none running fail; do
  key="${NODES}x10000-$state"
  [[ -n "${HAPC[$key]:-}" ]] || continue
  read -r hs hm <<< "${HAPC[$key]}"
  goal "$key in <= 10 s and <= 1024 MB" \
    "$(awk -v s="$hs" -v m="$hm" 'BEGIN{printf "%ss %sMB %s", s, m, (s<=10 && m<=1024?"PASS":"FAIL")}')"
done
if [[ " ${SIZE_LIST[*]} " == *" 10000 "* ]]; then
  echo
  echo "In-process re-decision after one node failure (${NODES}x10000, long-lived session vs full run):"
  [[ -f bench/out/${NODES}x10000-running.xml ]] || python3 bench/gen_cib.py --nodes "$NODES" --resources 10000 --state running -o "bench/out/${NODES}x10000-running.xml"
  java -Xmx2g -XX:+UseParallelGC -cp "cli/target/hapc-cli.jar:cli/target/lib/*" io.hapc.cli.bench.IncrementalBenchmark \
    "bench/out/${NODES}x10000-running.xml" node5 21 | sed 's/^/  /'
fi

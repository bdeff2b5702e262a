#!/usr/bin/env bash
# Long fuzz run of the heartbeat packet decoder (transport-heartbeat's inbound path: codec, replay guard,
# drop counters) with Jazzer's own driver, on the same target as the short @FuzzTest in `mvn verify`
# (io.hapc.transport.heartbeat.wire.PacketDecoderFuzzTarget, also run by PacketDecoderFuzzTest).
#
#   bench/fuzz-heartbeat.sh                 # 10,000,000 inputs (about 5 min here)
#   bench/fuzz-heartbeat.sh --runs 100000   # a quick one
#
# Measured 2026-12-03 on this 2-core machine (shared, run under nice 19): 10,000,000 inputs, 0 crashes,
# 251 s (~40,000 inputs/s once the corpus settled), peak RSS 690 MB.
#
# Prints libFuzzer's progress and, at the end, one line: "fuzz-heartbeat: N inputs, 0 crashes, T s".
# A crash (an exception, or an invariant broken: something accepted that the peer never sealed) stops the
# run with exit code != 0 and leaves its input in bench/out/fuzz-heartbeat/ (replay it by passing the file).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=10000000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument '$1' (try --runs N)" >&2; exit 2 ;;
  esac
done
OUT=bench/out/fuzz-heartbeat
mkdir -p "$OUT/corpus"
# Compile and write the test class path (the module's own classes need no install).
mvn -o -q -B -pl transport-heartbeat -am test-compile
mvn -o -q -B -pl transport-heartbeat dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt"
CP="transport-heartbeat/target/test-classes:transport-heartbeat/target/classes:$(cat "$OUT/classpath.txt")"
# The target's module deps (model, transport-spi) come from their target/classes in this work tree.
for m in model transport-spi; do CP="$CP:$m/target/classes"; done
start=$(date +%s)
java -Xmx1g -XX:+UseParallelGC -cp "$CP" com.code_intelligence.jazzer.Jazzer \
  --target_class=io.hapc.transport.heartbeat.wire.PacketDecoderFuzzTarget \
  --instrumentation_includes='io.hapc.transport.heartbeat.**' \
  --reproducer_path="$OUT" \
  -runs="$RUNS" -rss_limit_mb=4096 -artifact_prefix="$OUT/" -print_final_stats=1 "$OUT/corpus" 2>&1 | tee "$OUT/last.log"
rc=${PIPESTATUS[0]}
end=$(date +%s)
done_runs=$(grep -oE '^Done [0-9]+ runs' "$OUT/last.log" | awk '{print $2}' || true)
if [ "$rc" -eq 0 ]; then
  echo "fuzz-heartbeat: ${done_runs:-?} inputs, 0 crashes, $((end - start)) s"
else
  echo "fuzz-heartbeat: FAILED (exit $rc) after $((end - start)) s; inputs in $OUT/" >&2
fi
exit "$rc"

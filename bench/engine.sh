#!/usr/bin/env bash
# The engine's figures (issue 6) with a transport whose commands end at once, in a JVM limited to 256 MB:
# dispatch rate with the journal on, the time to the first job of a JOBS-line input file, and the time to the first
# job of a resumed session with PENDING jobs left (with its snapshot, and as after a crash without one).
# Method and figures: docs/performance.md.
#
# Last, the same input file through the whole command line (bin/cloudtask, JVM start included, local workers): the
# time from launching it to the first job's start as its journal records it; then it is stopped (TERM = abort).
#
# Usage: bench/engine.sh [JOBS [PENDING]]   (defaults: 1000000 1000)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jobs="${1:-1000000}"
pending="${2:-1000}"

dir="$(mktemp -d /tmp/cloudtask-engine-bench.XXXXXX)"
# the engine and its test sources (where the benchmark and its instant transport live), built offline if possible;
# Maven's output only when it fails
(cd "$root" && { mvn -q -B -o -pl cloudtask-core test-compile || mvn -q -B -pl cloudtask-core test-compile; }) \
  >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; rm -rf "$dir"; exit 1; }
cli_pid=
cleanup() {
  if [ -n "$cli_pid" ]; then kill -TERM "$cli_pid" 2>/dev/null || true; wait "$cli_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "disk of the session: $(df -h --output=source,fstype "$dir" | tail -1)"
# The engine's own dependencies are the JDK only; the classes come straight from target/.
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:+UseSerialGC \
  -cp "$root/cloudtask-core/target/classes:$root/cloudtask-core/target/test-classes" \
  org.cloudtask.core.testing.EngineBenchmark "$dir" "$jobs" "$pending"

"$root/bin/cloudtask" --version >/dev/null   # builds the jar first if the sources changed
seq "$jobs" >"$dir/cli-input"
journal="$dir/cli-sessions/1/journal"
launched="$(date +%s%3N)"
"$root/bin/cloudtask" -q --sessions "$dir/cli-sessions" --split 2 --input "$dir/cli-input" true >/dev/null 2>&1 &
cli_pid=$!
for _ in $(seq 3000); do
  grep -q ' START ' "$journal" 2>/dev/null && break
  sleep 0.01
done
first="$(awk '$2 == "START" { print $5; exit }' "$journal" 2>/dev/null)"
kill -TERM "$cli_pid" 2>/dev/null || true
wait "$cli_pid" 2>/dev/null || true
cli_pid=
if [ -n "$first" ]; then
  echo "cli: $jobs-line input file: first job started $((first - launched)) ms after bin/cloudtask was launched (JVM start included)"
else
  echo "cli: no job started within 30 s" >&2
  exit 1
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

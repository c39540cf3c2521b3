#!/usr/bin/env bash
# The engine's figures (issue 6) with a transport whose commands end at once, in a JVM limited to 256 MB:
# dispatch rate with the journal on, the time to the first job of a JOBS-line input file, and the time to the first
# job of a resumed session with PENDING jobs left (with its snapshot, and as after a crash without one).
# Method and figures: docs/performance.md.
#
# Usage: bench/engine.sh [JOBS [PENDING]]   (defaults: 1000000 1000)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jobs="${1:-1000000}"
pending="${2:-1000}"

# the engine and its test sources (where the benchmark and its instant transport live), built offline if possible
(cd "$root" && { mvn -q -B -o -Dstyle.color=never -pl cloudtask-core test-compile || mvn -q -B -Dstyle.color=never -pl cloudtask-core test-compile; })

dir="$(mktemp -d /tmp/cloudtask-engine-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "disk of the session: $(df -h --output=source,fstype "$dir" | tail -1)"
# The engine's own dependencies are the JDK only; the classes come straight from target/.
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:+UseSerialGC \
  -cp "$root/cloudtask-core/target/classes:$root/cloudtask-core/target/test-classes" \
  org.cloudtask.core.testing.EngineBenchmark "$dir" "$jobs" "$pending"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Starts N OpenSSH workers on loopback and measures what one controller costs per worker (issue 18):
#   joined         seconds from the start of the run until every worker has joined (default options)
#   cpu/conn       controller CPU ms per connection, between the first and the last join
#   threads        the controller's peak thread count; rss: its peak resident memory (VmHWM)
#   cpu/1000 jobs  controller CPU s per 1,000 trivial jobs (`true`), all workers joined
#   sleep-5 eff    efficiency of `sleep 5` jobs, 5 per worker, counted from the first join
#   idle cpu/s     controller CPU s per second with every worker connected and no job
#   frozen         seconds until every worker frozen with SIGSTOP (a tenth of the sshds) is failed, and the bound
#                  ping-interval + ping-retries × (ping-interval + ping-timeout)
# Method and figures: docs/performance.md ("Scale").
#
# Usage: bench/scale.sh [--workers N] [--per-sshd K] [--ping-interval S] [--ping-timeout S] [--ping-retries N]
#                       [--phases LIST]
#   --workers N       workers (default 50); N/K sshd processes are started
#   --per-sshd K      loopback addresses (workers) per sshd (default 10; OpenSSH listens on at most 16 sockets)
#   --ping-*          health settings of the frozen-worker phase (default 5, 5, 2: a 25 s bound)
#   --phases LIST     which runs, comma-separated (default join,jobs,frozen)
# Exit status: 0 when every run ended with every job ok; 1 otherwise.
#
# Everything runs as the current user on 127.18.S.W (sshd S, worker W); no traffic leaves loopback. Each sshd gets
# its own host key and high port in a temporary directory; known_hosts has one line per worker. Every sshd (and the
# processes of its sessions) started here is resumed and stopped on exit, Ctrl-C or TERM.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n=50
per=10
ping_interval=5
ping_timeout=5
ping_retries=2
phases=join,jobs,frozen
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) n="$2"; shift 2 ;;
    --per-sshd) per="$2"; shift 2 ;;
    --ping-interval) ping_interval="$2"; shift 2 ;;
    --ping-timeout) ping_timeout="$2"; shift 2 ;;
    --ping-retries) ping_retries="$2"; shift 2 ;;
    --phases) phases="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$per" -lt 1 ] || [ "$per" -gt 16 ]; then echo "scale.sh: --per-sshd must be 1 to 16" >&2; exit 2; fi

for tool in /usr/sbin/sshd ssh-keygen java python3 ps; do
  command -v "$tool" >/dev/null || {
    echo "scale.sh: $tool is missing; install it (Debian: openssh-server openssh-client python3 procps openjdk-17-jdk-headless)" >&2
    exit 2
  }
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/cloudtask-scale.XXXXXX")"
sshd_pids=()
controller=
generator=

# The pid and every descendant of it (an sshd's sessions, their runners, their jobs).
tree() {
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do tree "$child"; done
}

# The given pids and every descendant of theirs, from one snapshot of the process table: walking it with one ps per
# process took seconds per sshd at 1,000 workers, so the SIGSTOPs of the frozen phase were spread over 25 s.
trees() {
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grown = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grown = 1 } } while (grown)
      for (p in keep) print p
    }'
}

cleanup() {
  trap - EXIT INT TERM
  local pid
  # why the input first: an aborted cloudtask still reads its input to the end before it exits
  # shellcheck disable=SC2046
  if [ -n "$generator" ]; then kill $(tree "$generator") 2>/dev/null || true; fi
  if [ -n "$controller" ]; then kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true; fi
  for pid in "${sshd_pids[@]}"; do
    # why CONT first: a stopped process does not act on TERM until it runs again
    # shellcheck disable=SC2046
    kill -CONT $(tree "$pid") 2>/dev/null || true
    # shellcheck disable=SC2046
    kill $(tree "$pid") 2>/dev/null || true
  done
  for pid in "${sshd_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=bench/sshd-common.sh
. "$root/bench/sshd-common.sh"

# ---- N workers: ceil(N / K) sshds, K loopback addresses each ----
ssh-keygen -q -t ed25519 -N '' -C cloudtask-scale -f "$dir/client" </dev/null
cp "$dir/client.pub" "$dir/authorized_keys"
: >"$dir/known_hosts"
mkdir -p /run/sshd 2>/dev/null || true   # sshd wants its privilege separation directory even when not root
workers=()
sshds=$(((n + per - 1) / per))
for ((s = 0; s < sshds; s++)); do
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host$s" </dev/null
  port="$(free_port "127.18.$s.1")"
  {
    for ((w = 1; w <= per && s * per + w <= n; w++)); do echo "ListenAddress 127.18.$s.$w:$port"; done
    sshd_common_config "$dir" "$dir/host$s" "$dir/sshd$s.pid"
  } >"$dir/sshd$s.config"
  /usr/sbin/sshd -D -e -f "$dir/sshd$s.config" >"$dir/sshd$s.log" 2>&1 </dev/null &
  sshd_pids+=("$!")
  for ((w = 1; w <= per && s * per + w <= n; w++)); do
    workers+=("$(id -un)@127.18.$s.$w:$port")
    echo "[127.18.$s.$w]:$port $(cut -d' ' -f1,2 "$dir/host$s.pub")" >>"$dir/known_hosts"
  done
done
for ((s = 0; s < sshds; s++)); do
  port="$(sed -n 's/^ListenAddress 127.18.[0-9]*.1:\([0-9]*\)$/\1/p' "$dir/sshd$s.config")"
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.18.$s.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.18.$s.1/$port") 2>/dev/null || { echo "sshd $s did not start:" >&2; cat "$dir/sshd$s.log" >&2; exit 1; }
done
worker_list="$(IFS=,; echo "${workers[*]}")"
echo "scale.sh: $n workers on $sshds sshds ($per addresses each)"

# ---- helpers ----
# Samples the controller every 0.2 s until it exits: "epoch-ms cpu-ticks threads vmhwm-kB machine-busy-ticks"
# (the last: every CPU's user+nice+system+irq+softirq+steal, so the workers' sshds and runners are counted too).
sample() {
  local pid="$1" out="$2" hz stat status
  while [ -r "/proc/$pid/stat" ]; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || break
    status="$(cat "/proc/$pid/status" 2>/dev/null)" || break
    echo "$(date +%s%3N) $(echo "$stat" | awk '{ print $14 + $15 }') $(echo "$status" | awk '/^Threads:/ { t = $2 } /^VmHWM:/ { r = $2 } END { print t, r }') $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat)"
    sleep 0.2
  done >"$out"
}

# How many journal records of a kind the session has so far (0 before the journal exists).
records() {
  local sessions="$1" pattern="$2"
  { grep -E "^[0-9a-f]{8} $pattern" "$sessions/1/journal" 2>/dev/null || true; } | wc -l
}

# Waits (at most $3 seconds) until the session has at least $2 records matching $1... ($4: sessions dir).
await_records() {
  local pattern="$1" count="$2" limit="$3" sessions="$4" waited=0
  while [ "$(records "$sessions" "$pattern")" -lt "$count" ]; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt $((limit * 5)) ]; then echo "scale.sh: gave up waiting for $count '$pattern' records" >&2; return 1; fi
  done
}

failures=0
# Starts cloudtask with the generator's output as its input; sets $controller; samples it into $1.samples.
run_cloudtask() {
  local name="$1" make_input="$2"; shift 2
  local sessions="$dir/sessions-$name"
  mkdir -p "$sessions"
  mkfifo "$dir/$name.in"
  "$make_input" "$sessions" >"$dir/$name.in" &
  generator=$!
  "$root/bin/cloudtask" -q --sessions "$sessions" --workers "$worker_list" \
    --ssh-identity "$dir/client" --known-hosts "$dir/known_hosts" "$@" <"$dir/$name.in" >"$dir/$name.out" 2>&1 &
  controller=$!
  sample "$controller" "$dir/$name.samples" &
  local sampler=$!
  if ! wait "$controller"; then
    echo "FAIL: $name: $(tail -5 "$dir/$name.out")" >&2
    failures=$((failures + 1))
  fi
  controller=
  wait "$sampler" || true
  wait "$generator" 2>/dev/null || true
  generator=
  grep -q ' 0 failed, 0 timeouts, 0 pending' "$dir/$name.out" || {
    echo "FAIL: $name: $(tail -3 "$dir/$name.out")" >&2; failures=$((failures + 1)); }
}

# Figures from a run's journal and samples (python3: interpolation over the samples).
figures() {
  python3 - "$@" <<'EOF'
import sys, os
kind, journal, samples, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
hz = os.sysconf('SC_CLK_TCK')
rec = [l.split()[1:] for l in open(journal) if len(l.split()) > 2]
run0 = min(int(r[2]) for r in rec if r[0] == 'RUN')
joins = sorted(int(r[1]) for r in rec if r[0] == 'WORKER' and r[3] == 'joined')
starts = sorted(int(r[3]) for r in rec if r[0] == 'START')
ends = sorted(int(r[3]) for r in rec if r[0] == 'END')
s = [tuple(int(x) for x in l.split()) for l in open(samples) if len(l.split()) == 5]
def ticks(t, column):  # a tick counter at epoch-ms t, interpolated, in seconds
    for a, b in zip(s, s[1:]):
        if a[0] <= t <= b[0]:
            return (a[column] + (b[column] - a[column]) * (t - a[0]) / max(1, b[0] - a[0])) / hz
    return (s[-1][column] if t > s[-1][0] else s[0][column]) / hz
def cpu(t):  # the controller's CPU seconds at epoch-ms t
    return ticks(t, 1)
def machine(t):  # the whole machine's busy CPU seconds at epoch-ms t
    return ticks(t, 4)
threads = max(x[2] for x in s)
rss = max(x[3] for x in s) / 1024
if kind == 'join':
    per_conn = (cpu(joins[-1]) - cpu(joins[0])) / max(1, len(joins) - 1) * 1000
    eff = len(ends) * 5.0 / (n * (ends[-1] - joins[0]) / 1000)
    # why 30 s: one whole default --ping-interval, so every worker's ping falls in the window once
    idle_from, idle_to = ends[-1] + 2000, ends[-1] + 32000
    idle = (cpu(idle_to) - cpu(idle_from)) / 30
    print(f"  joined: {len(joins)} of {n} in {(joins[-1] - run0) / 1000:.1f} s; cpu/conn {per_conn:.1f} ms;"
          f" threads {threads}; rss {rss:.0f} MB; sleep-5 eff {eff * 100:.1f} %; idle cpu/s {idle:.3f}")
    first_job = [min(int(r[3]) for r in rec if r[0] == 'START' and r[4] == w[2]) - int(w[1])
                 for w in (r for r in rec if r[0] == 'WORKER' and r[3] == 'joined')]
    print(f"  first job after join: median {sorted(first_job)[len(first_job) // 2]} ms, max {max(first_job)} ms")
    # What the joins allowed: the shortest end M (from the first join) at which the workers, each from its own join,
    # have 25 s of work each in all: sum over workers of max(0, M - join) = 25 n. No dispatch can beat that.
    rel = [(j - joins[0]) / 1000 for j in joins]
    lo, hi = 0.0, 25.0 + rel[-1]
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum(max(0.0, mid - r) for r in rel) < 25.0 * n else (lo, mid)
    span = (joins[-1] - joins[0]) / 1000
    busy = (machine(joins[-1]) - machine(joins[0])) / max(0.001, span) if span > 0 else 0
    print(f"  the joins allowed at most {25.0 * n / (n * hi) * 100:.1f} % sleep-5 efficiency; machine CPU per join"
          f" {(machine(joins[-1]) - machine(joins[0])) / max(1, len(joins) - 1) * 1000:.1f} ms (controller, sshds,"
          f" runners), machine busy {busy:.2f} of {os.cpu_count()} CPUs while joining")
elif kind == 'jobs':
    after = [t for t in starts if t >= joins[-1]]
    per_k = (cpu(ends[-1]) - cpu(after[0])) / len(after) * 1000
    print(f"  cpu/1000 jobs {per_k:.2f} s ({len(after)} jobs in {(ends[-1] - after[0]) / 1000:.1f} s);"
          f" threads {threads}; rss {rss:.0f} MB")
EOF
}

# ---- join: sleep-5 jobs, 5 per worker, then 33 s with every worker connected and nothing to do ----
gen_join() {
  local sessions="$1" i
  for ((i = 0; i < n * 5; i++)); do echo 5; done
  await_records "END " $((n * 5)) 900 "$sessions" || true
  sleep 33
}
if [[ ",$phases," == *",join,"* ]]; then
  echo "join (sleep 5 jobs, 5 per worker; then idle):"
  run_cloudtask join gen_join sleep
  figures join "$dir/sessions-join/1/journal" "$dir/join.samples" "$n" || failures=$((failures + 1))
fi

# ---- jobs: trivial jobs once every worker has joined ----
jobs_count=$((n * 20 > 2000 ? n * 20 : 2000))
# why a first job: cloudtask starts its workers once the input has a first line
gen_jobs() {
  local sessions="$1"
  echo 0
  await_records "WORKER [0-9]+ [^ ]+ joined" "$n" 900 "$sessions" || true
  seq "$jobs_count"
}
if [[ ",$phases," == *",jobs,"* ]]; then
  echo "jobs ($jobs_count trivial jobs once all joined):"
  run_cloudtask jobs gen_jobs true
  figures jobs "$dir/sessions-jobs/1/journal" "$dir/jobs.samples" "$n" || failures=$((failures + 1))
fi

# ---- frozen: a tenth of the sshds (and everything their sessions run) stopped with SIGSTOP ----
frozen_sshds=$(((sshds + 9) / 10))
frozen_workers=$((frozen_sshds * per < n ? frozen_sshds * per : n))
gen_frozen() {
  local sessions="$1" s stopped_at detected_at i
  echo 0
  await_records "WORKER [0-9]+ [^ ]+ joined" "$n" 900 "$sessions" || true
  for ((i = 0; i < n * 4; i++)); do echo 1; done
  sleep 2
  # shellcheck disable=SC2046
  kill -STOP $(trees "${sshd_pids[@]:0:$frozen_sshds}") 2>/dev/null || true
  stopped_at="$(date +%s%3N)"
  await_records "WORKER [0-9]+ [^ ]+ failed" "$frozen_workers" 900 "$sessions" || true
  detected_at="$(date +%s%3N)"
  echo "$stopped_at $detected_at" >"$dir/frozen.times"
  for ((i = 0; i < n; i++)); do echo 1; done
}
if [[ ",$phases," == *",frozen,"* ]]; then
  bound=$((ping_interval + ping_retries * (ping_interval + ping_timeout)))
  echo "frozen ($frozen_workers of $n workers stopped; --ping-interval $ping_interval --ping-timeout $ping_timeout --ping-retries $ping_retries):"
  run_cloudtask frozen gen_frozen --ping-interval "$ping_interval" --ping-timeout "$ping_timeout" \
    --ping-retries "$ping_retries" sleep
  read -r stopped detected <"$dir/frozen.times"
  echo "  frozen: all $frozen_workers failed $(awk -v a="$stopped" -v b="$detected" 'BEGIN { printf "%.1f", (b - a) / 1000 }') s after SIGSTOP (bound $bound s)"
fi

exit $((failures > 0 ? 1 : 0))

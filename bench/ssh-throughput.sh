#!/usr/bin/env bash
# Runs the same N trivial jobs (`echo I`) over two OpenSSH workers on loopback through three tools in turn and prints
# jobs/s, the ratios, the efficiency of 0.1 s jobs and the controller's CPU seconds per 1,000 jobs:
#   cloudtask     bin/cloudtask --workers 2/w1,2/w2 (the whole process, JVM start included)
#   parallel      GNU parallel -S 2/w1,2/w2 --controlmaster
#   xargs+ssh     xargs -P4 of `ssh` through one OpenSSH ControlMaster socket per worker
# Method and figures: docs/performance.md.
#
# Usage: bench/ssh-throughput.sh [--jobs N] [--parallel-jobs N] [--sleep-jobs N] [--hosts A,B] [--tools LIST] [--check-only]
#   --jobs N        trivial jobs per tool (default 5000)
#   --parallel-jobs N  trivial jobs for GNU parallel alone (default: N); at ~5-10 jobs/s a 5,000-job run takes
#                   10-15 minutes, so a quick run may measure its rate on fewer jobs
#   --sleep-jobs N  `sleep 0.1` jobs per tool for the efficiency figure (default 1000; 0 skips it)
#   --hosts A,B     the two loopback addresses of the workers (default 127.0.0.2,127.0.0.3)
#   --tools LIST    which to run, comma-separated (default cloudtask,parallel,xargs,loops); goals are judged only
#                   when cloudtask, parallel and xargs all ran
#   --check-only    print the figures but never judge them against the goals (the test suite's mode)
# Exit status: 0 when every tool ran every job with the right output (and, without --check-only, the goals are met:
# 3 when a goal is missed); 1 on any missing or wrong job output.
#
# Everything runs as the current user: each sshd gets its own host key, authorized_keys, high port and log in a
# temporary directory; no traffic leaves loopback. Every sshd and ControlMaster started here is stopped on exit,
# Ctrl-C or TERM.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jobs=5000
parallel_jobs=
sleep_jobs=1000
hosts=127.0.0.2,127.0.0.3
check_only=false
tools=cloudtask,parallel,xargs,loops
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --parallel-jobs) parallel_jobs="$2"; shift 2 ;;
    --sleep-jobs) sleep_jobs="$2"; shift 2 ;;
    --hosts) hosts="$2"; shift 2 ;;
    --check-only) check_only=true; shift ;;
    --tools) tools="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ssh-throughput.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
IFS=, read -r host1 host2 <<<"$hosts"
parallel_jobs="${parallel_jobs:-$jobs}"

for tool in /usr/sbin/sshd /usr/bin/time ssh ssh-keygen parallel xargs perl java; do
  command -v "$tool" >/dev/null || {
    echo "ssh-throughput.sh: $tool is missing; install it (Debian: openssh-server openssh-client parallel time perl openjdk-17-jdk-headless)" >&2
    exit 2
  }
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/cloudtask-bench.XXXXXX")"
sshd_pids=()

cleanup() {
  trap - EXIT INT TERM
  # Every ControlMaster socket of ours is under $dir: ours (cm-w1, cm-w2) and GNU parallel's (its TMPDIR is $dir).
  # Asking each master to exit through its socket stops exactly the masters started here.
  local socket pid
  while IFS= read -r socket; do
    ssh -o ControlPath="$socket" -O exit cloudtask-bench-master >/dev/null 2>&1 || true
  done < <(find "$dir" -type s 2>/dev/null)
  for pid in "${sshd_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${sshd_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=bench/sshd-common.sh
. "$root/bench/sshd-common.sh"

# ---- two sshd workers ----
ssh-keygen -q -t ed25519 -N '' -C cloudtask-bench -f "$dir/client" </dev/null
cp "$dir/client.pub" "$dir/authorized_keys"
: >"$dir/known_hosts"
mkdir -p /run/sshd 2>/dev/null || true   # sshd wants its privilege separation directory even when not root
i=0
for host in "$host1" "$host2"; do
  i=$((i + 1))
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host$i" </dev/null
  port="$(free_port "$host")"
  # SetEnv SHLVL=1: bash skips ~/.bashrc for commands sshd runs when SHLVL says it is nested. A login shell that
  # sources a slow ~/.bashrc for every `ssh host cmd` would make the OpenSSH baselines look worse than they are;
  # cloudtask starts its runner through the login shell once per connection, so it gains nothing from this.
  {
    echo "ListenAddress $host:$port"
    sshd_common_config "$dir" "$dir/host$i" "$dir/sshd$i.pid"
    echo "Subsystem sftp internal-sftp"
  } >"$dir/sshd$i.config"
  /usr/sbin/sshd -D -e -f "$dir/sshd$i.config" >"$dir/sshd$i.log" 2>&1 </dev/null &
  sshd_pids+=("$!")
  echo "[$host]:$port $(cut -d' ' -f1,2 "$dir/host$i.pub")" >>"$dir/known_hosts"
  cat >>"$dir/ssh_config" <<EOF
Host w$i
  HostName $host
  Port $port
  User $(id -un)
  IdentityFile $dir/client
  IdentitiesOnly yes
  UserKnownHostsFile $dir/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
  ControlPath $dir/cm-%n
EOF
  eval "port$i=$port"
done
for i in 1 2; do
  for _ in $(seq 100); do
    ssh -F "$dir/ssh_config" "w$i" true 2>/dev/null && break
    sleep 0.1
  done
  ssh -F "$dir/ssh_config" "w$i" true || { echo "sshd w$i did not start:" >&2; cat "$dir/sshd$i.log" >&2; exit 1; }
done
# shellcheck disable=SC2154  # port1 and port2 are set by the eval above
workers="2/$(id -un)@$host1:$port1,2/$(id -un)@$host2:$port2"

# ---- helpers ----
# Runs a command, recording wall, user and system seconds of it and its waited-for children in $dir/time.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$dir/time" "$@"
}
wall() { cut -d' ' -f1 "$dir/time"; }
cpu() { awk '{ printf "%.2f", $2 + $3 }' "$dir/time"; }

# CPU seconds (user + system) used so far by the given processes, from /proc.
proc_cpu() {
  local total=0 pid ticks
  for pid in "$@"; do
    ticks="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + ticks))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

failures=0
# Checks that a tool's output holds exactly the lines 1..N, once each.
check_outputs() {
  local tool="$1" file="$2" n="$3"
  if ! diff -q <(sort -n "$file") <(seq "$n") >/dev/null; then
    echo "FAIL: $tool: $(sort -n "$file" | comm -3 - <(seq "$n") | wc -l) of $n job outputs missing or wrong" >&2
    failures=$((failures + 1))
    return 1
  fi
  echo "  $tool: all $n jobs ran, outputs checked"
}

# cloudtask: the whole process, JVM start included. The jobs' outputs are read back from the session.
run_cloudtask() {
  local n="$1" command="$2" sessions="$dir/sessions-$3"
  seq "$n" | timed "$root/bin/cloudtask" -q --sessions "$sessions" --workers "$workers" \
    --ssh-identity "$dir/client" --known-hosts "$dir/known_hosts" "$command" >"$dir/cloudtask.out" 2>&1 || {
    echo "FAIL: cloudtask: $(cat "$dir/cloudtask.out")" >&2; failures=$((failures + 1)); return 1; }
  cat "$sessions"/1/output/* >"$dir/outputs"
}

run_parallel() {
  local n="$1" command="$2"
  # --controlmaster: one master per worker; each job is an ssh through it. --plain: no ~/.parallel profiles.
  seq "$n" | TMPDIR="$dir" timed parallel --plain --will-cite --controlmaster --ssh "ssh -F $dir/ssh_config" \
    -S 2/w1,2/w2 "$command" >"$dir/outputs" 2>"$dir/parallel.err" || {
    echo "FAIL: parallel: $(tail -3 "$dir/parallel.err")" >&2; failures=$((failures + 1)); return 1; }
}

start_masters() {
  local i
  for i in 1 2; do
    ssh -F "$dir/ssh_config" -o ControlMaster=yes -o ControlPersist=yes -f -N "w$i"
  done
}
master_pids() {
  local i
  for i in 1 2; do
    ssh -F "$dir/ssh_config" -O check "w$i" 2>&1 | sed -n 's/.*pid=\([0-9]*\).*/\1/p'
  done
}

run_xargs() {
  local n="$1" command="$2"
  # one line per job: worker, 'command', input; the jobs alternate between the two workers, whose ssh_config
  # entries name the ControlMaster sockets
  seq "$n" | awk -v c="$command" '{ print "w" (NR % 2 + 1), "\047" c "\047", $1 }' >"$dir/xargs.in"
  timed xargs -P4 -n3 -a "$dir/xargs.in" ssh -F "$dir/ssh_config" >"$dir/outputs" 2>"$dir/xargs.err" || {
    echo "FAIL: xargs+ssh: $(tail -3 "$dir/xargs.err")" >&2; failures=$((failures + 1)); return 1; }
}

declare -A rate cpu_per_k eff
measure() {
  local tool="$1" runner="$2" jobs="${3:-$jobs}" extra_cpu_before extra_cpu_after
  # trivial jobs
  extra_cpu_before="$(proc_cpu $(master_pids))"
  if "$runner" "$jobs" echo trivial && check_outputs "$tool" "$dir/outputs" "$jobs"; then
    extra_cpu_after="$(proc_cpu $(master_pids))"
    rate[$tool]="$(awk -v n="$jobs" -v w="$(wall)" 'BEGIN { r = n / w; printf (r < 100 ? "%.1f" : "%.0f"), r }')"
    # the controller: the tool's process tree, plus the ControlMaster processes for the OpenSSH tools
    cpu_per_k[$tool]="$(awk -v c="$(cpu)" -v b="$extra_cpu_before" -v a="$extra_cpu_after" -v n="$jobs" \
      'BEGIN { printf "%.2f", (c + a - b) * 1000 / n }')"
    echo "  $tool: $jobs jobs in $(wall) s = ${rate[$tool]} jobs/s; controller CPU ${cpu_per_k[$tool]} s per 1,000 jobs"
  fi
  # 0.1 s jobs: makespan of the whole command against N x 0.1 s / 4 slots
  if [ "$sleep_jobs" -gt 0 ]; then
    local ideal
    ideal="$(awk -v n="$sleep_jobs" 'BEGIN { printf "%.2f", n * 0.1 / 4 }')"
    # `sleep 0.1; echo` prints the input so that the same output check applies
    if "$runner" "$sleep_jobs" "sleep 0.1; echo" sleep && check_outputs "$tool (sleep 0.1)" "$dir/outputs" "$sleep_jobs"; then
      eff[$tool]="$(awk -v i="$ideal" -v w="$(wall)" 'BEGIN { printf "%.1f", 100 * i / w }')"
      echo "  $tool: $sleep_jobs x 0.1 s jobs in $(wall) s (ideal $ideal s) = ${eff[$tool]} % efficiency"
    fi
  fi
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workers: $workers; $jobs trivial jobs ($parallel_jobs for GNU parallel), $sleep_jobs sleep-0.1 jobs per tool"

# cloudtask's jar is built (if stale) before anything is timed
"$root/bin/cloudtask" --version >/dev/null

wanted() { [[ ",$tools," == *",$1,"* ]]; }
if wanted cloudtask; then
  echo "cloudtask:"
  measure cloudtask run_cloudtask
fi
if wanted parallel; then
  echo "GNU parallel -S 2/w1,2/w2 --controlmaster:"
  measure parallel run_parallel "$parallel_jobs"
fi
start_masters
if wanted xargs; then
  echo "xargs -P4 ssh through ControlMaster sockets:"
  measure xargs run_xargs
fi

# ---- reference loops: what the same SSH path gives without cloudtask's guarantees ----
# One shell loop per slot (2 per worker, 4 in all), each fed its share of the same N `echo I` lines over an ssh
# session of its own, printing each line's exit status: `eval` runs the line inside the loop's shell (no new process),
# `( eval )` in a forked subshell (a fork, no exec), `sh -c` in a fresh shell (fork + exec, as cloudtask's runner
# does). None keeps one job's output apart from the next one's, nor gives a job a process group to kill on timeout.
declare -A floor_rate
measure_loop() {
  local name="$1" body="$2" n="$3" share=$(( $3 / 4 )) slot
  printf 'while IFS= read -r line; do %s; printf "%%s\n" "$?" >&2; done\n' "$body" >"$dir/loop-$name.sh"
  seq "$((share * 4))" | awk '{ print "echo " $1 }' >"$dir/loop.in"
  timed bash -c "for slot in 0 1 2 3; do
      sed -n \"\$((slot * $share + 1)),\$(((slot + 1) * $share))p\" '$dir/loop.in' |
        ssh -F '$dir/ssh_config' w\$((slot % 2 + 1)) bash '$dir/loop-$name.sh' >'$dir/loop-out-'\$slot 2>/dev/null &
    done; wait"
  cat "$dir"/loop-out-* >"$dir/outputs"
  check_outputs "loop $name" "$dir/outputs" "$((share * 4))" >/dev/null || return 0
  floor_rate[$name]="$(awk -v n="$((share * 4))" -v w="$(wall)" 'BEGIN { printf "%.0f", n / w }')"
  echo "  $name: $((share * 4)) jobs in $(wall) s = ${floor_rate[$name]} jobs/s"
}
# The floor for 0.1 s jobs: four local loops (no ssh, no runner), each running its share of the sleep jobs one after
# another as `sh -c 'sleep 0.1; echo I'`. Exec'ing `sleep` costs a job more than 0.1 s on any runner.
measure_sleep_floor() {
  local share=$(( sleep_jobs / 4 ))
  timed bash -c "for slot in 0 1 2 3; do
      for i in \$(seq $share); do sh -c 'sleep 0.1; echo '\$i; done >/dev/null &
    done; wait"
  floor_eff="$(awk -v n="$((share * 4))" -v w="$(wall)" 'BEGIN { printf "%.1f", 100 * n * 0.1 / 4 / w }')"
  echo "  local sh -c 'sleep 0.1; echo I', 4 loops: $((share * 4)) jobs in $(wall) s = $floor_eff % efficiency"
}
if wanted loops; then
  echo "reference shell loops over ssh, 4 sessions, no cloudtask guarantees:"
  measure_loop eval 'eval "$line"' "$jobs"
  measure_loop fork '( eval "$line" )' "$jobs"
  measure_loop exec 'sh -c "$line"' "$jobs"
  [ "$sleep_jobs" -gt 0 ] && measure_sleep_floor
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# the 0.1 s figure of cloudtask without JVM start and connection set-up: first START to last END in the journal
if [ -n "${eff[cloudtask]:-}" ]; then
  makespan_eff="$(awk -v n="$sleep_jobs" '$2 == "START" && (first == "" || $5 < first) { first = $5 }
       $2 == "END" && $5 > last { last = $5 }
       END { if (first != "") printf "%.1f", 100 * n * 25 / (last - first) }' "$dir/sessions-sleep/1/journal")"
  echo "cloudtask 0.1 s jobs, makespan (first job start to last job end, from the journal): $makespan_eff % efficiency"
  # where the rest went: per job, start to end beyond 0.1 s (worker, runner, SSH) and, per slot, the gap from one
  # job's end to the next one's start (controller: result, journal append, next job from the queue)
  awk '$2 == "START" { start[$3] = $5; slot[$3] = $7 } $2 == "END" { print slot[$3], start[$3], $5 }' \
    "$dir/sessions-sleep/1/journal" | sort -k1,1 -k2,2n |
    awk '{ run += $3 - $2 - 100; jobs++ } $1 == prev { gap += $2 - prev_end; gaps++ } { prev = $1; prev_end = $3 }
         END { if (jobs && gaps) printf "  per job: %.1f ms beyond 0.1 s from start to end (worker side), %.1f ms from an end to the slot'"'"'s next start (controller)\n",
               run / jobs, gap / gaps }'
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures tool runs did not complete every job" >&2
  exit 1
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "?" }'; }
x_ratio="$(ratio "${rate[cloudtask]:-0}" "${rate[xargs]:-0}")"
p_ratio="$(ratio "${rate[cloudtask]:-0}" "${rate[parallel]:-0}")"
echo "summary: cloudtask ${rate[cloudtask]:-?} jobs/s, xargs+ssh ${rate[xargs]:-?} jobs/s, parallel ${rate[parallel]:-?} jobs/s"
echo "ratios: cloudtask/xargs+ssh = ${x_ratio}x (goal 10x), cloudtask/parallel = ${p_ratio}x (goal 200x)"
[ -n "${eff[cloudtask]:-}" ] && echo "0.1 s jobs: cloudtask ${makespan_eff:-?} % makespan (goal 97 %), ${eff[cloudtask]} % whole command; parallel ${eff[parallel]:-?} %, xargs+ssh ${eff[xargs]:-?} % whole command; local sh -c loops ${floor_eff:-?} %"
echo "controller CPU s per 1,000 jobs: cloudtask ${cpu_per_k[cloudtask]:-?}, parallel ${cpu_per_k[parallel]:-?}, xargs+ssh ${cpu_per_k[xargs]:-?}"
wanted loops && echo "reference loops (jobs/s): eval ${floor_rate[eval]:-?}, fork ${floor_rate[fork]:-?}, sh -c ${floor_rate[exec]:-?}; cloudtask/sh-c loop = $(ratio "${rate[cloudtask]:-0}" "${floor_rate[exec]:-0}")x"

$check_only && exit 0
wanted cloudtask && wanted parallel && wanted xargs || exit 0
missed=0
awk -v r="$x_ratio" 'BEGIN { exit !(r < 10) }' && { echo "goal missed: cloudtask/xargs+ssh < 10x"; missed=1; }
awk -v r="$p_ratio" 'BEGIN { exit !(r < 200) }' && { echo "goal missed: cloudtask/parallel < 200x"; missed=1; }
[ -n "${makespan_eff:-}" ] && awk -v e="$makespan_eff" 'BEGIN { exit !(e < 97) }' &&
  { echo "goal missed: 0.1 s jobs efficiency < 97 % (makespan)"; missed=1; }
[ "$missed" -eq 0 ] || exit 3

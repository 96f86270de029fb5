#!/usr/bin/env bash
# End-to-end test of scale-out on a real (single-node) Slurm cluster.
#
# Installs Slurm and munge from Debian if missing, starts munged, slurmctld
# and slurmd in the foreground on this machine (no systemd, no cgroups),
# submits scripts/slurm/offsim-array.sbatch as a job array of 4 shards with
# sbatch --wait, merges the parts with offsim merge and checks the merged
# summary.json is byte-identical to a single-process run with the same seed.
#
# Everything (config, state, spool, logs, munge key and socket) lives in a
# temporary directory; the daemons use ports of their own and are stopped by
# PID on exit. An existing /etc/slurm, /etc/munge or running Slurm/munge on
# the machine is left alone.
#
# Skips (exit 0) when not root, not Linux, or Slurm is missing and cannot be
# installed with apt; in CI (root, apt reachable) it runs.
#
# Environment:
#   OFFSIM_SLURM_FORCE_SKIP=1  skip at once (to test the skip path)
#   OFFSIM_SLURM_REQUIRE=1     fail instead of skipping
#   OFFSIM_SLURM_KEEP=1        keep the temporary directory for inspection
#   OFFSIM_SLURM_JOB_TIMEOUT   seconds to wait for the job array (default 150)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SCRIPTS=$REPO/scripts/slurm
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

# Milliseconds since the epoch (bash 5's EPOCHREALTIME, else whole seconds).
now_ms() {
  local t=${EPOCHREALTIME:-}
  if [ -n "$t" ]; then t=${t//[.,]/}; echo $((t / 1000)); else echo $(($(date +%s) * 1000)); fi
}
secs() { local ms=$1; printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100)); }
T0=$(now_ms)
log() { echo "[slurm-e2e $(secs $(($(now_ms) - T0)))s] $*"; }
SKIPPED=0
skip() {
  SKIPPED=1
  if [ "${OFFSIM_SLURM_REQUIRE:-0}" = 1 ]; then
    log "FAIL: $* (OFFSIM_SLURM_REQUIRE=1)"
    exit 1
  fi
  log "SKIP: $* -- the Slurm end-to-end test did not run (not a failure)"
  exit 0
}

echo "== slurm e2e: offsim run -shard as a Slurm job array, merged, vs a single run"

# docs/cluster.md shows the job script verbatim: say so when they drift apart.
if [ -f "$REPO/docs/cluster.md" ] &&
  [[ $(<"$REPO/docs/cluster.md") != *"$(<"$SCRIPTS/offsim-array.sbatch")"* ]]; then
  log "warning: docs/cluster.md no longer shows scripts/slurm/offsim-array.sbatch verbatim"
fi

# ---- should we run at all? ------------------------------------------------
if [ "${OFFSIM_SLURM_FORCE_SKIP:-0}" = 1 ]; then skip "OFFSIM_SLURM_FORCE_SKIP=1"; fi
if [ "$(uname -s)" != Linux ]; then skip "not Linux"; fi
if [ "$(id -u)" != 0 ]; then skip "not root (it installs packages and starts slurmctld, slurmd and munged)"; fi

NEEDED=(munged munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel)
missing_tools() {
  local c out=()
  for c in "${NEEDED[@]}"; do command -v "$c" >/dev/null 2>&1 || out+=("$c"); done
  echo "${out[*]}"
}
MISSING=$(missing_tools)
if [ -n "$MISSING" ] && ! command -v apt-get >/dev/null 2>&1; then
  skip "Slurm/munge not installed ($MISSING) and apt-get is unavailable"
fi

# ---- state for the cleanup trap -------------------------------------------
WORK=""
POLICY_RC=/usr/sbin/policy-rc.d
CREATED_POLICY_RC=0
MUNGED_PID="" SLURMCTLD_PID="" SLURMD_PID="" SBATCH_PID=""
T_INSTALL=0 T_CLUSTER=0 T_JOB=0

# stop_pid NAME PID: SIGTERM, up to 10 s, then SIGKILL; reaps our child.
stop_pid() {
  local name=$1 pid=$2
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  log "stopped $name (pid $pid)"
}

# What the Slurm daemons spawn is not our child: slurmstepd daemonizes (and
# clears its environment), the job runs under it. Normally the job has ended
# or been cancelled before the daemons stop; anything left over is found by
# its working directory (slurmd runs in $WORK/run, the job in $WORK) or the
# marker OFFSIM_SLURM_E2E=$WORK in its environment, and killed by PID.
stop_leftovers() {
  local p pid cwd
  [ -n "$WORK" ] || return 0
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    case " $$ $BASHPID $MUNGED_PID " in *" $pid "*) continue ;; esac
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    if [ "$cwd" = "$WORK" ] || [[ $cwd == "$WORK"/* ]] ||
      grep -qxzF "OFFSIM_SLURM_E2E=$WORK" "$p/environ" 2>/dev/null; then
      log "killing leftover pid $pid: $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

dump_logs() {
  local f
  log "---- daemon and job logs ($WORK) ----"
  for f in "$WORK"/log/*; do
    [ -f "$f" ] || continue
    echo "---- $f (last 60 lines)"
    tail -n 60 "$f" || true
  done
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT
  trap '' INT TERM # a second Ctrl-C must not cut the cleanup short
  if [ -n "$WORK" ] && [ "$rc" != 0 ]; then dump_logs; fi
  stop_pid "sbatch --wait" "$SBATCH_PID"
  # The cluster is ours alone: cancel whatever is still queued or running,
  # so slurmstepd ends the job in order before slurmd goes.
  if [ -n "$SLURMCTLD_PID" ] && kill -0 "$SLURMCTLD_PID" 2>/dev/null &&
    [ -n "$(timeout 10 squeue -h -o %i 2>/dev/null)" ]; then
    log "cancelling the jobs still in the queue"
    timeout 10 scancel --partition=e2e
    for _ in $(seq 40); do
      [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  stop_pid slurmd "$SLURMD_PID"
  stop_pid slurmctld "$SLURMCTLD_PID"
  stop_leftovers
  stop_pid munged "$MUNGED_PID"
  if [ "$CREATED_POLICY_RC" = 1 ]; then rm -f "$POLICY_RC"; fi
  if [ -n "$WORK" ]; then
    if [ "${OFFSIM_SLURM_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  if [ "$SKIPPED" = 1 ]; then
    :
  elif [ "$rc" = 0 ]; then
    log "PASS: install $(secs "$T_INSTALL")s, cluster start $(secs "$T_CLUSTER")s, job $(secs "$T_JOB")s, total $(secs $(($(now_ms) - T0)))s"
  else
    log "FAIL (exit $rc) after $(secs $(($(now_ms) - T0)))s"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { log "ERROR: $*"; exit 1; }

# wait_until SECONDS WHAT CMD...: poll CMD until it succeeds, or fail.
wait_until() {
  local limit=$1 what=$2 start
  shift 2
  start=$(now_ms)
  until "$@" >/dev/null 2>&1; do
    if [ $(($(now_ms) - start)) -gt $((limit * 1000)) ]; then die "$what: not ready after ${limit}s"; fi
    sleep 0.2
  done
}

# Our own cluster only: drop Slurm input variables inherited from the caller
# (say, CI itself running inside a Slurm job, or SBATCH_PARTITION set).
for v in $(compgen -e); do
  case $v in SLURM_* | SBATCH_* | SQUEUE_* | SINFO_* | SCANCEL_* | SCONTROL_*) unset "$v" ;; esac
done
unset OFFSIM_SHARDS OFFSIM_RESUME

# ---- work directory -----------------------------------------------------------
# World-readable (munged wants its socket directory reachable by all users).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/offsim-slurm-e2e.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK"/{bin,munge,state,spool/offsim-e2e,run,log,parts}
chmod 700 "$WORK/state"
log "work directory $WORK"

# ---- install ----------------------------------------------------------------
t=$(now_ms)
if [ -z "$MISSING" ]; then
  log "Slurm and munge already installed: $(slurmctld -V)"
else
  log "installing slurm-wlm and munge with apt-get (missing: $MISSING)"
  # Keep package scripts from starting the services; only if no policy exists.
  if [ ! -e "$POLICY_RC" ]; then
    printf '#!/bin/sh\n# temporary, from offsim scripts/slurm-e2e.sh\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"
    CREATED_POLICY_RC=1
  fi
  if ! timeout 120 apt-get -qq -o DPkg::Lock::Timeout=60 update >"$WORK/log/apt-update.log" 2>&1; then
    cat "$WORK/log/apt-update.log"
    skip "apt-get update failed (apt unreachable?)"
  fi
  for pkg in slurm-wlm munge; do
    policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
    case $policy in
    *"Candidate: (none)"* | "") skip "$pkg is not available from apt" ;;
    esac
  done
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get -y -qq -o DPkg::Lock::Timeout=60 \
    -o Dpkg::Options::=--force-confold install --no-install-recommends slurm-wlm munge \
    >"$WORK/log/apt-install.log" 2>&1 ||
    die "apt-get install slurm-wlm munge failed"
  if [ "$CREATED_POLICY_RC" = 1 ]; then rm -f "$POLICY_RC"; CREATED_POLICY_RC=0; fi
  MISSING=$(missing_tools)
  [ -z "$MISSING" ] || die "still missing after install: $MISSING"
  log "installed: $(slurmctld -V)"
fi
T_INSTALL=$(($(now_ms) - t))

# ---- binary, scenario, reference run -------------------------------------------
log "building offsim"
(cd "$REPO" && go build -o "$WORK/bin/offsim" ./cmd/offsim)
BIN=$WORK/bin/offsim

SCENARIO=$WORK/w1-short.toml
sed 's/^horizon_hours *=.*/horizon_hours = 100/' "$REPO/testdata/w1.toml" >"$SCENARIO"
grep -q '^horizon_hours = 100$' "$SCENARIO" || log "warning: could not shorten the horizon of testdata/w1.toml; the run will be slower"
REPS=8
SEED=20240917
SHARDS=4

log "single-process reference run: -reps $REPS -seed $SEED"
"$BIN" run -quiet -reps "$REPS" -seed "$SEED" -out "$WORK/single" "$SCENARIO"
[ -s "$WORK/single/summary.json" ] || die "the single run wrote no summary.json"

# ---- configuration --------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
CTLD_PORT=""
for base in 16817 26817 36817 46817; do
  if port_free "$base" && port_free $((base + 1)); then CTLD_PORT=$base; break; fi
done
[ -n "$CTLD_PORT" ] || die "no free port pair for slurmctld/slurmd"
SLURMD_PORT=$((CTLD_PORT + 1))

HOST=$(uname -n)
HOST=${HOST%%.*}
CPUS=$(nproc)
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
export SLURM_CONF=$WORK/slurm.conf
sed -e "s|@WORK@|$WORK|g" -e "s|@HOST@|$HOST|g" -e "s|@CPUS@|$CPUS|g" -e "s|@MEM_MB@|$MEM_MB|g" \
  -e "s|@CTLD_PORT@|$CTLD_PORT|g" -e "s|@SLURMD_PORT@|$SLURMD_PORT|g" \
  "$SCRIPTS/slurm.conf.in" >"$SLURM_CONF"
if grep -q '@[A-Z_]*@' "$SLURM_CONF"; then die "unreplaced placeholder in $SLURM_CONF"; fi
log "slurm.conf: controller $HOST(127.0.0.1):$CTLD_PORT, node offsim-e2e :$SLURMD_PORT, CPUs=$CPUS RealMemory=$MEM_MB"

# ---- start the cluster ----------------------------------------------------------
t=$(now_ms)
SOCK=$WORK/munge/munge.socket
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
# start_daemon VAR NAME CMD...: run a daemon in the foreground as our child
# (exec'd, so $! is its PID), in a session of its own (a Ctrl-C or a CI
# cancel reaches only this script, which then stops the cluster in order),
# in $WORK/run, with stderr in $WORK/log/NAME.log.
start_daemon() {
  local var=$1 name=$2
  shift 2
  (
    cd "$WORK/run"
    export OFFSIM_SLURM_E2E=$WORK
    exec setsid "$@"
  ) </dev/null >"$WORK/log/$name.log" 2>&1 &
  printf -v "$var" '%s' "$!"
  log "started $name (pid $!)"
}

start_daemon MUNGED_PID munged munged --foreground --socket="$SOCK" --key-file="$WORK/munge/munge.key" \
  --pid-file="$WORK/run/munged.pid" --seed-file="$WORK/munge/munged.seed"
munge_ok() { kill -0 "$MUNGED_PID" && munge -n -S "$SOCK" | unmunge -S "$SOCK"; }
wait_until 20 munged munge_ok

start_daemon SLURMCTLD_PID slurmctld slurmctld -D -c -f "$SLURM_CONF"
ctld_up() { kill -0 "$SLURMCTLD_PID" && [[ $(timeout 5 scontrol ping) == *"is UP"* ]]; }
wait_until 30 slurmctld ctld_up

start_daemon SLURMD_PID slurmd slurmd -D -N offsim-e2e -f "$SLURM_CONF"
node_idle() { kill -0 "$SLURMD_PID" && [ "$(timeout 5 sinfo -h -n offsim-e2e -o %T)" = idle ]; }
wait_until 60 "slurmd (node offsim-e2e idle)" node_idle
T_CLUSTER=$(($(now_ms) - t))
log "cluster up in $(secs "$T_CLUSTER")s: $(timeout 5 sinfo -h -o '%P %a %D %T %C')"

# ---- the job array ----------------------------------------------------------------
t=$(now_ms)
log "sbatch --wait --array=0-$((SHARDS - 1)) scripts/slurm/offsim-array.sbatch"
export OFFSIM_BIN=$BIN OFFSIM_OUT=$WORK/parts OFFSIM_REPS=$REPS OFFSIM_SEED=$SEED
# In the background and waited for, so that a signal interrupts the wait.
OFFSIM_SLURM_E2E=$WORK timeout "${OFFSIM_SLURM_JOB_TIMEOUT:-150}" sbatch --wait --parsable --export=ALL \
  --array=0-$((SHARDS - 1)) --chdir="$WORK" --output="$WORK/log/job-%A_%a.out" \
  "$SCRIPTS/offsim-array.sbatch" "$SCENARIO" >"$WORK/jobid" 2>"$WORK/log/sbatch.log" &
SBATCH_PID=$!
rc=0
wait "$SBATCH_PID" || rc=$?
SBATCH_PID=""
case $rc in
0) ;;
124) die "the job array did not finish within ${OFFSIM_SLURM_JOB_TIMEOUT:-150}s (timeout of sbatch --wait)" ;;
*) die "the job array failed: sbatch --wait exited $rc" ;;
esac
T_JOB=$(($(now_ms) - t))
log "job $(cut -d';' -f1 "$WORK/jobid") finished in $(secs "$T_JOB")s"
for f in "$WORK"/log/job-*.out; do sed 's/^/    /' "$f"; done

# ---- merge and compare --------------------------------------------------------------
parts=()
for k in $(seq 0 $((SHARDS - 1))); do
  [ -d "$WORK/parts/part-$k/replications" ] || die "shard $k wrote no replications"
  parts+=("$WORK/parts/part-$k")
done
log "offsim merge ${#parts[@]} parts"
"$BIN" merge -quiet -out "$WORK/merged" "${parts[@]}"
if ! cmp "$WORK/single/summary.json" "$WORK/merged/summary.json"; then
  diff -u "$WORK/single/summary.json" "$WORK/merged/summary.json" | head -n 40 || true
  die "merged summary.json differs from the single-process run"
fi
log "merged summary.json is byte-identical to the single-process run ($(wc -c <"$WORK/merged/summary.json") bytes)"

# shellcheck shell=bash
# Shared shell helpers: progress lines, node commands, waiting for conditions, events.

MIP6LAB_ROOT=${MIP6LAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MIP6LAB_STATE=${MIP6LAB_STATE:-/run/mip6lab}
MIP6LAB_BIN=${MIP6LAB_BIN:-$MIP6LAB_ROOT/build}

# Elapsed time is measured on the boot clock (/proc/uptime). MIP6LAB_T0 is the uptime
# at which the run started; the VM backend passes a negative value (the host's time
# spent before the guest kernel started) so that guest lines continue the host's clock.
: "${MIP6LAB_T0:=$(cut -d' ' -f1 /proc/uptime)}"
export MIP6LAB_T0

elapsed() { awk -v t0="$MIP6LAB_T0" '{ printf "%6.2fs", $1 - t0 }' /proc/uptime; }

# step NAME MESSAGE: one progress line.
step() { local name=$1; shift; printf '[%s] %-12s %s\n' "$(elapsed)" "$name" "$*"; }
die() { printf '[%s] error: %s\n' "$(elapsed)" "$*" >&2; exit 1; }
warn() { printf '[%s] warning: %s\n' "$(elapsed)" "$*" >&2; }

# Wall-clock time with microseconds, as written to events.log.
now_us() { date +%s.%6N; }

# nsx NODE CMD...: run CMD in NODE's namespace; the command is written to the run's
# transcript as "[node]# cmd" (and to the terminal with -v), like the article's listings.
nsx() {
    local node=$1; shift
    transcript "[$node]# $*"
    ip netns exec "$node" "$@"
}

transcript() {
    [ -n "${RUN_DIR:-}" ] && printf '%s\n' "$*" >> "$RUN_DIR/transcript.txt"
    [ "${MIP6LAB_VERBOSE:-0}" = 1 ] && printf '[%s] %s\n' "$(elapsed)" "$*"
    return 0
}

# busywait TIMEOUT_MS CMD...: poll CMD every 20 ms until it succeeds; 1 on timeout.
busywait() {
    local timeout_ms=$1 start now; shift
    start=$(date +%s%3N)
    while :; do
        "$@" && return 0
        now=$(date +%s%3N)
        [ $((now - start)) -ge "$timeout_ms" ] && return 1
        sleep 0.02
    done
}

# event NODE EVENT [key=value...]: append one timestamped action to the run's events.log.
event() {
    [ -n "${RUN_DIR:-}" ] || return 0
    printf '%s %s\n' "$(now_us)" "$*" >> "$RUN_DIR/events.log"
}

# Start a long-running process in NODE (or the initial namespace when NODE is "-"),
# recorded in the lab state so teardown stops it whatever happens.
# spawn NODE NAME LOGFILE CMD...
spawn() {
    local node=$1 name=$2 log=$3 pid; shift 3
    if [ "$node" = - ]; then
        transcript "# $*"
        setsid "$@" </dev/null >>"$log" 2>&1 &
    else
        transcript "[$node]# $* &"
        setsid ip netns exec "$node" "$@" </dev/null >>"$log" 2>&1 &
    fi
    pid=$!
    echo "$pid $node $name" >> "$MIP6LAB_STATE/pids"
    SPAWNED_PID=$pid
}

# stop_pid PID: TERM, wait up to 3 s, then KILL.
stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.02
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# shellcheck shell=bash
# Shared shell helpers: progress lines, node commands, waiting for conditions, events.

MIP6LAB_ROOT=${MIP6LAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MIP6LAB_STATE=${MIP6LAB_STATE:-/run/mip6lab}
MIP6LAB_BIN=${MIP6LAB_BIN:-$MIP6LAB_ROOT/build}

# Elapsed time is measured on the boot clock (/proc/uptime). MIP6LAB_T0 is the uptime
# at which the run started; the VM backend passes a negative value (the host's time
# spent before the guest kernel started) so that guest lines continue the host's clock.
# Helpers here use shell builtins only: under the VM's emulated CPU every exec costs
# tens of milliseconds.
if [ -z "${MIP6LAB_T0:-}" ]; then read -r MIP6LAB_T0 _ < /proc/uptime; fi
export MIP6LAB_T0

centis() {   # "12.34" or "-1.5" -> hundredths, into REPLY
    local v=$1 sign=1 int frac
    [[ $v == -* ]] && { sign=-1; v=${v#-}; }
    int=${v%%.*} frac=${v#*.}
    [[ $v == *.* ]] || frac=0
    frac=${frac}00; frac=${frac:0:2}
    REPLY=$((sign * (10#${int:-0} * 100 + 10#$frac)))
}

elapsed() {
    local up t0 d
    read -r up _ < /proc/uptime
    centis "$up"; up=$REPLY
    centis "$MIP6LAB_T0"; t0=$REPLY
    d=$((up - t0))
    printf '%3d.%02ds' $((d / 100)) $((d % 100))
}

# step NAME MESSAGE: one progress line.
step() { local name=$1; shift; printf '[%s] %-12s %s\n' "$(elapsed)" "$name" "$*"; }
die() { DIED=1; printf '[%s] error: %s\n' "$(elapsed)" "$*" >&2; exit 1; }
warn() { printf '[%s] warning: %s\n' "$(elapsed)" "$*" >&2; }

# Wall-clock time with microseconds, as written to events.log.
now_us() { echo "$EPOCHREALTIME"; }
now_usec_int() { local t=$EPOCHREALTIME; REPLY=$(( ${t%.*} * 1000000 + 10#${t#*.} )); }

# A sleep without an exec: read with a timeout on a pipe nobody writes to.
exec {SLEEP_FD}<> <(:)
nap() { read -rt "$1" -u "$SLEEP_FD" || true; }
# A trap that ends the shell from inside nap (Ctrl-C during a busywait) leaves bash
# holding that read's timeout; once it expires, the next builtin that reads through it
# without resetting it first (mapfile does not, read does) jumps back into the finished
# read and bash aborts ("longjmp causes uninitialized stack frame"). Code that runs from
# such a trap calls this before any mapfile: a plain read clears the timeout.
nap_forget() { read -r _ < /proc/uptime || true; }

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
    local timeout_ms=$1 end; shift
    now_usec_int; end=$((REPLY + timeout_ms * 1000))
    while :; do
        "$@" && return 0
        now_usec_int; [ "$REPLY" -ge "$end" ] && return 1
        nap 0.02
    done
}

# event NODE EVENT [key=value...]: append one timestamped action to the run's events.log.
event() {
    [ -n "${RUN_DIR:-}" ] || return 0
    printf '%s %s\n' "$EPOCHREALTIME" "$*" >> "$RUN_DIR/events.log"
}

# Start a long-running process in NODE (or the initial namespace when NODE is "-"),
# with its stop deferred (batched: teardown stops all of them under one grace) so
# teardown stops it whatever happens; SPAWN_DEFER is the defer track (default defer;
# defer_prio: stopped before everything else). SPAWN_PRIO is its scheduling: normal
# (default), nice:N, rr:N (SCHED_RR, priority N) or idle (SCHED_IDLE).
# spawn NODE NAME LOGFILE CMD...
spawn() {
    local node=$1 name=$2 log=$3 pid prio=(); shift 3
    case "${SPAWN_PRIO:-normal}" in
        normal) ;;
        nice:*) prio=(nice -n "${SPAWN_PRIO#nice:}") ;;
        rr:*) prio=(chrt --rr "${SPAWN_PRIO#rr:}") ;;
        idle) prio=(chrt --idle 0) ;;
        *) die "SPAWN_PRIO: '$SPAWN_PRIO' is not normal, nice:N, rr:N or idle" ;;
    esac
    if [ "$node" = - ]; then
        transcript "# $*"
        setsid "${prio[@]}" "$@" </dev/null >>"$log" 2>&1 &
    else
        transcript "[$node]# $* &"
        setsid ip netns exec "$node" "${prio[@]}" "$@" </dev/null >>"$log" 2>&1 &
    fi
    pid=$!
    # Teardown reaps it; the shell need not report its end.
    disown "$pid"
    # The lookup table of stop_named and node_pid goes once every process is stopped:
    # its line is older than any stop.
    [ -e "$MIP6LAB_STATE/pids" ] || defer rm -f "$MIP6LAB_STATE/pids"
    "${SPAWN_DEFER:-defer}" batched stop_pids "$pid"
    echo "$pid $node $name" >> "$MIP6LAB_STATE/pids"
    SPAWNED_PID=$pid
}

# spawn_daemon NODE NAME LOGFILE CMD...: spawn for the network's own daemons (hostapd,
# wpa_supplicant, radvd, mip6d). They run with MIP6LAB_DAEMON_PRIO (default nice:-5),
# ahead of the harness: on two emulated CPUs the scenario's polling and checks otherwise
# delay them in the middle of a handover, and that delay is measured as handover time.
spawn_daemon() { SPAWN_PRIO=${MIP6LAB_DAEMON_PRIO:-nice:-5} spawn "$@"; }
# spawn_wifi_daemon: the same for hostapd and wpa_supplicant, with MIP6LAB_WIFI_PRIO
# (default rr:10, SCHED_RR): at nice -5 the AP still took up to 27 ms to authorize a
# station, and movement detection waits for that. Not radvd and mip6d: with them real-
# time too, resume grew (docs/lab.md).
spawn_wifi_daemon() { SPAWN_PRIO=${MIP6LAB_WIFI_PRIO:-rr:10} spawn "$@"; }

# stop_pids PID...: TERM them all, wait up to 3 s for all to exit, then KILL the rest.
# A process that has exited but is not reaped yet (a zombie: spawn's processes are
# disowned, and a teardown in another process than their parent cannot reap them)
# counts as gone: kill -0 still succeeds on it, and the grace ran out for nothing.
stop_pids() {
    local pid i left
    [ $# -gt 0 ] || return 0
    kill -TERM "$@" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        left=()
        for pid in "$@"; do pid_alive "$pid" && left+=("$pid"); done
        [ ${#left[@]} -eq 0 ] && return 0
        set -- "${left[@]}"
        nap 0.02
    done
    kill -KILL "$@" 2>/dev/null || true
}

# pid_alive PID: PID exists and is not a zombie (builtins only: /proc/PID/stat's state).
pid_alive() {
    local stat
    kill -0 "$1" 2>/dev/null || return 1
    read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
    stat=${stat##*) }
    [ "${stat:0:1}" != Z ]
}


#!/usr/bin/env bash
# The lab's defer stack (lib/lab.sh): lab_down runs the recorded undo lines newest first,
# the defer_prio track before the rest, adjacent batched lines as one call, a failing
# line noted and passed over; then a lab set up by the real topology code and killed
# with SIGKILL midway (after two radios; after the captures started) is removed by
# `./run.sh down` alone, and nothing else is (native backend, in the VM).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

state=${MIP6LAB_STATE:-/run/mip6lab}
work=$(mktemp -d /tmp/e2e-defer.XXXXXX)
bystander=e2e-defer-bystander
cleanup() {
    ip netns del "$bystander" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# ---- the runner, on a state directory of its own --------------------------------------
stack_run() {
    MIP6LAB_STATE=$work/state MIP6LAB_ROOT=$ROOT bash -c '
        set -euo pipefail
        . lib/common.sh; . lib/lab.sh
        mkdir -p "$MIP6LAB_STATE"
        mark() { echo "$*" >> "$MIP6LAB_STATE/../trace"; }
        calls() { echo "calls $*" >> "$MIP6LAB_STATE/../trace"; }
        defer mark 1
        defer batched calls a
        defer batched calls b
        defer mark "two  words; \$HOME"
        defer batched calls c
        defer false
        defer mark 3
        defer_prio mark p1
        defer_prio mark p2
        lab_down
        echo "lab_down: $?"
        cp "$MIP6LAB_STATE/teardown.log" "$MIP6LAB_STATE/../teardown.log"
        lab_down
        echo "again: $?"
    '
}
out=$(stack_run 2>&1) || true
expected='p2
p1
3
calls c
two  words; $HOME
calls b a
1'
t "defer: lines run newest first, defer_prio before, adjacent batches as one call" \
    [ "$(cat "$work/trace" 2>/dev/null)" = "$expected" ]
t "defer: a failing line is noted in teardown.log and the rest still run" \
    grep -qx 'exit 1: false' "$work/teardown.log"
t "defer: lab_down returns 0 and removes its files" \
    bash -c '[[ $1 == *"lab_down: 0"* ]] && [ ! -e "$2/defer" ] && [ ! -e "$2/defer-prio" ]' _ "$out" "$work/state"
t "defer: a second lab_down runs nothing and returns 0" \
    bash -c '[[ $1 == *"again: 0"* ]] && [ "$(wc -l < "$2")" = 7 ]' _ "$out" "$work/trace"

# run.sh's Ctrl-C path: the INT trap exits from inside a nap (busywait's 20 ms), and the
# EXIT trap tears down after that nap's timeout has passed (the sleep is the point: it
# makes sure of it). The INT is sent once busywait polls.
interrupted_nap() {
    MIP6LAB_STATE=$work/state-int MIP6LAB_ROOT=$ROOT bash -c '
        set -euo pipefail
        . lib/common.sh; . lib/lab.sh
        mkdir -p "$MIP6LAB_STATE"
        mark() { echo "$*" >> "$MIP6LAB_STATE/../trace-int"; }
        defer mark older
        defer mark newer
        trap "sleep 0.1; lab_down" EXIT
        trap "exit 130" INT
        polling() { : > "$MIP6LAB_STATE/polling"; false; }
        (until [ -e "$MIP6LAB_STATE/polling" ]; do sleep 0.05; done; kill -INT $$) &
        busywait 5000 polling
    '
}
rc=0
interrupted_nap >/dev/null 2>&1 || rc=$?
t "defer: lab_down from a trap that interrupted a nap runs every line" \
    [ "$rc:$(tr '\n' ' ' < "$work/trace-int" 2>/dev/null)" = "130:newer older " ]

# ---- a lab killed midway ----------------------------------------------------------------
# setup.sh AT RUN_DIR: run.sh's run_native with the same topology code, up to AT (radios:
# right after the second radio; captures: once every capture listens), then SIGKILL: no
# trap, no teardown, the state directory as the crash left it.
cat > "$work/setup.sh" <<'SETUP'
set -euo pipefail
at=$1
. lib/common.sh; . lib/lab.sh
RUN_DIR=$2
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/conf"
lab_claim "$RUN_DIR"
. topology/lib.sh
. capture/capture.sh
topo_load seed
eval "orig_$(declare -f radio_new)"
radio_new() {
    orig_radio_new "$@"
    [ "$at" != radios ] || [ "$TOPO_RADIOS" -lt 2 ] || kill -KILL $$
}
topo_create
capture_start
[ "$at" != captures ] || kill -KILL $$
echo "setup.sh: not killed" >&2
exit 1
SETUP

loaded_before() { [ -d /sys/module/mac80211_hwsim ] && echo yes || echo no; }
# The first two radios are denali's (the APs come first); only its namespace sees them.
radios_in_denali() { [ "$("$ROOT/build/mip6-hwsim" --netns denali list --prefix mip6lab- | grep -c .)" = "$1" ]; }
# The undo lines of the namespaces, all radios and (in the initial namespace) the radios
# handed back are in creation order: the namespaces' before the radios'.
stack_in_order() {
    awk '/^netns_del /{n=NR} /del-prefix --all-netns/{r=NR} /del-prefix mip6lab-$/{i=NR}
         END { exit !(i && n && r && i < n && n < r) }' "$state/defer"
}
captures_on_prio_track() {
    local caps
    caps=$(grep -c ' tcpdump-' "$state/pids")
    [ "$caps" -gt 0 ] && [ "$(grep -c '^batched stop_pids ' "$state/defer-prio")" = "$caps" ]
}

ip netns add "$bystander"
for at in radios captures; do
    before=$(loaded_before)
    rc=0
    MIP6LAB_ROOT=$ROOT bash "$work/setup.sh" "$at" "$work/run-$at" >"$work/setup-$at.log" 2>&1 || rc=$?
    t "killed after '$at': the setup died of SIGKILL" [ "$rc" = 137 ]
    t "killed after '$at': its namespaces are still there" ip netns exec denali true
    if [ "$at" = radios ]; then
        t "killed after '$at': two radios are up" radios_in_denali 2
        t "killed after '$at': undo lines in creation order (hwsim, namespaces, radios)" stack_in_order
    else
        t "killed after '$at': the captures run" pgrep -x tcpdump
        t "killed after '$at': each capture's stop is on the defer_prio track" captures_on_prio_track
    fi
    rc=0
    ./run.sh down >"$work/down-$at.log" 2>&1 || rc=$?
    t "killed after '$at': ./run.sh down succeeds" [ "$rc" = 0 ]
    t "killed after '$at': nothing left" nothing_left
    leftovers
    t "killed after '$at': every undo line succeeded (no teardown.log)" [ ! -e "$state/teardown.log" ]
    t "killed after '$at': a namespace the lab did not make is intact" ip netns exec "$bystander" true
    t "killed after '$at': mac80211_hwsim loaded as before the setup ($before)" [ "$(loaded_before)" = "$before" ]
    rc=0
    ./run.sh down >/dev/null 2>&1 || rc=$?
    t "killed after '$at': a second down succeeds" [ "$rc" = 0 ]
done
summary

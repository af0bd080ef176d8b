#!/usr/bin/env bash
# Teardown is complete after success (lab-handover.sh), an injected failure and SIGINT;
# a second run while a lab is up is refused (native backend, in the VM).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
# Results of our own: results/latest may be another user's run.
export MIP6LAB_RESULTS=/tmp/e2e-results-$$
state=${MIP6LAB_STATE:-/run/mip6lab}
# Teardown notes there the undo lines that failed (lib/lab.sh).
undo_clean() { [ ! -e "$state/teardown.log" ]; }

for at in radios association; do
    rc=0
    MIP6LAB_FAIL_AT=$at ./run.sh --backend native basic-handover >/tmp/e2e-fail.log 2>&1 || rc=$?
    t "failure injected after '$at': run fails" [ "$rc" != 0 ]
    t "failure injected after '$at': nothing left" nothing_left
    t "failure injected after '$at': every undo line succeeded" undo_clean
    leftovers
done

# SIGINT in the middle of the scenario (after the move started).
# Job control on: a background job of a script would otherwise ignore SIGINT; env
# --default-signal: so would one whose starter had it ignored.
set -m
env --default-signal=INT ./run.sh --backend native basic-handover >/tmp/e2e-int.log 2>&1 &
pid=$!
set +m
moved() { grep -q ' move ' "$(readlink -f "$MIP6LAB_RESULTS/latest")/events.log"; }
if wait_for 300 moved; then
    # While it runs: a second run is refused, and the captures stop first at teardown.
    rc=0
    ./run.sh --backend native basic-handover >/tmp/e2e-second.log 2>&1 || rc=$?
    t "second run while a lab is up: refused with exit 3" [ "$rc" = 3 ]
    t "second run: says a lab is up and how to remove it" grep -q "a lab is already up.*./run.sh down" /tmp/e2e-second.log
    t "second run: the running lab is intact" ip netns exec raven true
    t "the captures' stops are on the defer_prio track" grep -q '^batched stop_pids ' "$state/defer-prio"
    kill -INT "$pid"
    rc=0; wait "$pid" || rc=$?
    if [ "$rc" = 130 ]; then ok "SIGINT during the scenario: run.sh exits 130"
    else fail "SIGINT during the scenario: run.sh exits 130" "exit $rc; $(tail -5 /tmp/e2e-int.log)"; fi
else
    fail "SIGINT during the scenario: the move never started" "$(tail -5 /tmp/e2e-int.log)"
    kill -INT "$pid" 2>/dev/null || true; wait "$pid" || true
fi
t "SIGINT: nothing left" nothing_left
t "SIGINT: every undo line succeeded" undo_clean
t "SIGINT: the pcaps up to the interruption are readable" tcpdump -nr "$(readlink -f "$MIP6LAB_RESULTS/latest")/air.pcap" -c 1
leftovers

# A kept lab (--keep, ./run.sh shell, its teardown) is exercised through a terminal by
# tests/e2e/host-tutorial.sh, and ./run.sh down by lab-defer.sh and lab-rescue.sh.
summary

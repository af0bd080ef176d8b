#!/usr/bin/env bash
# The kept lab where students work, driven through real terminals.
#
# 1. tmux: `./run.sh --keep basic-handover` typed into a tmux pane (a student's setup,
#    where the VM console once got no keystroke at all). In the VM's shell: every step
#    of docs/tutorial.md (tests/docs/tutorial-run: the article's commands in the nodes,
#    their key lines, two roams by hand), then by hand: `./run.sh shell raven`,
#    `ip -6 addr`, telnet to the VT and `bul`, Ctrl-C of a command (it must reach the
#    guest, not kill qemu), `exit` twice; the lab is torn down, the VM is gone, the
#    results are on the host and the pane's terminal settings are what they were.
# 2. A plain pty (script(1)), keystrokes written into it: the same console path of
#    backend/vm.sh without tmux (backend/vm-exec running an interactive shell): typed
#    commands run in the guest, Ctrl-C reaches the guest's command, the exit status
#    comes back, no qemu is left.
# The VM backend is forced: the console path is what is tested. E2E_KEEP=DIR keeps the
# terminals' logs and the run's results in DIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

for c in tmux script; do
    command -v "$c" >/dev/null || { fail "$c is installed (tests/ensure-deps)"; summary; exit 1; }
done

# A tmux of our own (-L), also when the tests themselves run inside one.
unset TMUX TMUX_PANE
tmp=$(mktemp -d /tmp/e2e-tutorial.XXXXXX)
export MIP6LAB_RESULTS=$tmp/results
sock=mip6lab-e2e-$$
SCRIPT_PID=
our_qemu() { pgrep -f "qemu-system-x86_64.*$MIP6LAB_RESULTS" || true; }
cleanup() {
    local p
    tmux -L "$sock" kill-server 2>/dev/null || true
    [ -z "$SCRIPT_PID" ] || kill "$SCRIPT_PID" 2>/dev/null || true
    for p in $(our_qemu); do kill "$p" 2>/dev/null || true; done
    [ -n "${E2E_KEEP:-}" ] && cp -r "$tmp" "$E2E_KEEP"; rm -rf "$tmp"
}
trap cleanup EXIT

# ---- output of a terminal, read from an offset ------------------------------------
LOG='' MARK=0
mark() { MARK=$(stat -c %s "$LOG" 2>/dev/null || echo 0); }
since() { tail -c +$((MARK + 1)) "$LOG" 2>/dev/null | tr -d '\r'; }
# grep reads all (no -q): under pipefail, tail killed by a grep that stopped early would
# make a line that is there count as missing.
seen() { since | grep -F -- "$1" >/dev/null; }
seen_re() { since | grep -E -- "$1" >/dev/null; }
# expect TIMEOUT TEXT: TEXT appears in the terminal after the mark.
expect() { wait_for "$1" seen "$2"; }

T0=$SECONDS
took() { echo "      ($1: $((SECONDS - T0)) s since the start)"; }

# ---- 1. tmux ------------------------------------------------------------------------
LOG=$tmp/pane.log
tmux -L "$sock" -f /dev/null new-session -d -s lab -x 180 -y 50 "bash --norc --noprofile"
tmux -L "$sock" pipe-pane -t lab -o "cat >> $LOG"
type_tmux() { tmux -L "$sock" send-keys -t lab -l -- "$1"; tmux -L "$sock" send-keys -t lab Enter; }

mark
type_tmux "PS1='host\$ '; stty -g > $tmp/stty-before; ./run.sh --backend vm --keep basic-handover; echo HOST-RC=\$?; stty -g > $tmp/stty-after"
# The VM's prompt, or run.sh's end when the scenario failed: no need to wait longer.
kept_or_ended() { seen '[mip6lab-vm]# ' || seen_re 'HOST-RC=[0-9]'; }
if wait_for 420 kept_or_ended && seen '[mip6lab-vm]# '; then
    ok "tmux: ./run.sh --keep basic-handover reaches the VM's shell"
else
    fail "tmux: ./run.sh --keep basic-handover reaches the VM's shell" "$(since | tail -n 5)"
    summary; exit 1
fi
took "kept lab up"
for l in 'analysis     report.txt, report.json, timeline.svg, report.html' \
         'The lab is up. Enter a node:' './run.sh shell raven'; do
    seen "$l" && ok "tmux: the kept run prints '$l' (docs/tutorial.md, step 1)" ||
        fail "tmux: the kept run prints '$l' (docs/tutorial.md, step 1)" "$(since | grep -F "${l%% *}" | head -n 3)"
done

# Every step of the tutorial, inside the VM.
mark
type_tmux "tests/docs/tutorial-run docs/tutorial.md; echo TUTORIAL-RC=\$?"
if wait_for 300 seen_re 'TUTORIAL-RC=[0-9]'; then
    since | grep -E '^TEST: ' | sed 's/^TEST: /TEST: VM: /' || true
    since | grep -E '^ {6}' | head -n 40 || true
    t "docs/tutorial.md: every step's key lines (tests/docs/tutorial-run)" seen 'TUTORIAL-RC=0'
else
    fail "docs/tutorial.md: the steps end within 300 s" "$(since | tail -n 5)"
fi

took "tutorial steps done"

# By hand, as a student types.
mark
type_tmux "./run.sh shell raven"
t "tmux: ./run.sh shell raven gives the [raven]# prompt" expect 30 '[raven]# '
mark
type_tmux "ip -6 addr"
t "tmux: ip -6 addr in raven shows the home address on mip6mn" expect 30 'inet6 2001:db8::beef/128 scope global'
mark
type_tmux "telnet localhost 7777"
t "tmux: telnet localhost 7777 opens mip6d's VT" expect 30 'mip6d> '
mark
type_tmux "bul"
t "tmux: the VT answers bul with raven's binding" expect 30 'Home address 2001:db8::beef'
mark
type_tmux "quit"
t "tmux: quit closes the VT session" expect 30 'Connection closed'
mark
# Ctrl-C once the command runs: its own output (not the typed line's echo) says so.
type_tmux 'echo "$((6 * 7))-running"; sleep 120'
wait_for 30 seen '42-running' || true
tmux -L "$sock" send-keys -t lab C-c
type_tmux 'echo "after ctrl-c: $?"'
t "tmux: Ctrl-C stops the guest's command (exit 130)" expect 30 'after ctrl-c: 130'
t "tmux: Ctrl-C left qemu running" test -n "$(our_qemu)"
mark
type_tmux "exit"
t "tmux: exit from raven returns to [mip6lab-vm]#" expect 30 '[mip6lab-vm]# '
mark
type_tmux "exit"
t "tmux: exit from the VM's shell ends run.sh with 0" expect 120 'HOST-RC=0'
t "tmux: the lab was torn down" seen 'teardown     done: no namespaces, radios or lab processes left'
t "tmux: no qemu left" wait_for 30 test -z "$(our_qemu)"
t "tmux: the terminal's settings are restored" wait_for 10 cmp -s "$tmp/stty-before" "$tmp/stty-after"
run=$(readlink -f "$MIP6LAB_RESULTS/latest" 2>/dev/null || true)
t "the kept run's results are on the host, with report.html and params.json" \
    test -s "$run/report.html" -a -s "$run/params.json" -a -s "$run/air.pcap"
t "the kept run's captures and events.log are on the host" \
    test -s "$run/raven-wlan0.pcap" -a -s "$run/events.log"
t "the run named the VM backend" grep -aq 'backend *vm: qemu' "$LOG"
t "progress lines for boot, radios, aps, association, scenario, teardown" \
    bash -c 'for s in boot radios aps association scenario teardown; do grep -aq "\[ *[0-9.]*s\] $s " "$1" || exit 1; done' _ "$LOG"
tmux -L "$sock" kill-server 2>/dev/null || true
took "tmux session done"

# ---- 2. a plain pty ----------------------------------------------------------------
LOG=$tmp/pty.log
mkfifo "$tmp/keys"
: > "$LOG"
rc=0
script -qefc "backend/vm-exec -- bash --norc -i" "$LOG" < "$tmp/keys" > /dev/null &
SCRIPT_PID=$!
exec 7> "$tmp/keys"
type_pty() { printf '%s\r' "$1" >&7; }
mark
if expect 120 '# '; then
    ok "pty: backend/vm-exec gives an interactive shell in the VM"
    type_pty "PS1='guest# '; echo \$((6 * 7))x"
    t "pty: a typed command runs in the guest" expect 30 '42x'
    mark
    # Ctrl-C once the guest runs the command (its own output, not the typed line's
    # echo, says so): sent while bash still reads the line, it only clears it, and
    # the sleep would then run out its 120 s.
    type_pty 'echo "$((6 * 7))-sleeping"; sleep 120'
    wait_for 30 seen '42-sleeping' || true
    printf '\003' >&7
    type_pty 'echo "after ctrl-c: $?"'
    t "pty: Ctrl-C stops the guest's command (exit 130)" expect 30 'after ctrl-c: 130'
    t "pty: Ctrl-C left qemu running" test -n "$(our_qemu)"
    type_pty "exit 7"
else
    fail "pty: backend/vm-exec gives an interactive shell in the VM" "$(since | tail -n 5)"
    printf '\003exit 7\r' >&7 || true
fi
wait "$SCRIPT_PID" || rc=$?
SCRIPT_PID=
exec 7>&-
t "pty: the guest's exit status comes back (7)" test "$rc" = 7
t "pty: no qemu left" wait_for 30 test -z "$(our_qemu)"
took "pty session done"
summary

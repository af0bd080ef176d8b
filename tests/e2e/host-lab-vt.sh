#!/usr/bin/env bash
# The lab's VT query (daemon/lab.sh: vt) against VTs that do not behave like mip6d's:
# one that takes a single line per segment and drops the rest (UMIP's), one that never
# answers, one that answers but never closes. Each query returns, with the answer or
# a failure, within its timeout. Runs on the host: a private namespace and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a network namespace)"; exit 4; }
command -v python3 >/dev/null || { echo "SKIP: needs python3 for the fake VT"; exit 4; }

NS=vtfake$$
WORK=$(mktemp -d)
cleanup() {
    [ -n "${FAKE:-}" ] && kill "$FAKE" 2>/dev/null
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up

# fake_vt MODE: a VT on 127.0.0.1:7777 in the namespace, until killed.
#   segment: reads one segment at a time and keeps only its first line (UMIP's way);
#   mute: accepts and never writes; open: answers but ignores quit.
fake_vt() {
    ip netns exec "$NS" python3 - "$1" <<'PY' &
import socket, sys
mode = sys.argv[1]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 7777))
srv.listen(4)
print("listening", flush=True)
held = []
while True:
    c, _ = srv.accept()
    if mode == "mute":
        held.append(c)
        continue
    try:
        c.sendall(b"mip6d> ")
        while True:
            seg = c.recv(4096)
            if not seg:
                break
            line = seg.split(b"\n")[0].strip()
            if line == b"quit" and mode != "open":
                break
            c.sendall(b"answer to " + line + b"\nmip6d> ")
            if line == b"quit":
                held.append(c)
                c = None
                break
    except OSError:
        pass
    if c:
        c.close()
PY
    FAKE=$!
}

vt_query() {   # vt_query COMMAND: the lab's vt against the fake VT, its answer in $WORK/out
    (MIP6D_VT_TIMEOUT=2; . "$ROOT/daemon/lab.sh"; vt "$NS" "$1") > "$WORK/out"
}
listening() { ip netns exec "$NS" bash -c 'exec 3<>/dev/tcp/127.0.0.1/7777' 2>/dev/null; }

start_fake() {   # start_fake MODE: a fake VT of that kind, listening; the clock starts
    [ -z "${FAKE:-}" ] || { kill "$FAKE"; wait "$FAKE" 2>/dev/null || true; }
    fake_vt "$1"
    wait_for 5 listening
    start=$SECONDS
}

start_fake segment
t "a one-line-per-segment VT answers the query" vt_query bc
t "...with its answer to the command" grep -q "answer to bc" "$WORK/out"
t "...and closes on quit sent on its own (no wait for a timeout)" test $((SECONDS - start)) -lt 2

start_fake mute
t "a VT that never answers: the query fails" bash -c "! (MIP6D_VT_TIMEOUT=2; . '$ROOT/daemon/lab.sh'; vt '$NS' bc)"
t "...within its timeout" test $((SECONDS - start)) -le 4

start_fake open
t "a VT that ignores quit: the query still returns the answer" vt_query stats
t "...with its answer" grep -q "answer to stats" "$WORK/out"
t "...within its timeout" test $((SECONDS - start)) -le 4
summary

#!/usr/bin/env bash
# `make bench-ha-wire` once, at a tiny size (inside the lab VM, as make test runs it), so
# that it cannot stop working unseen: every part (the curve with both proxies and HA DAD
# on and off, paced, kill -9, the flood, bench-ha) runs and prints its figures, and the
# figures say what the full benchmark's do: every BU answered, nothing left after exit.
# Exit 4: not root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ "$(id -u)" = 0 ] || { echo "bench-ha-wire-smoke: root is needed (network namespaces)" >&2; exit 4; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0
MIP6LAB_RESULTS=$out DAD_SIZES=32 RUNS=1 PROXIES="mip6d kernel" KERNEL_PROXY_MAX=1000 \
    PARTS="curve paced kill flood inproc" PACED_N=50 KILL_N=50 FLOOD_S=1 FLOOD_N=50 FLOOD_RATE=500 \
    "$ROOT/loadgen/bench-ha-wire.sh" --in-vm 50 > "$out/log" 2>&1 || rc=$?
r=$out/bench-ha-wire
t "exits 0" test "$rc" = 0
# proxy dad N run reg/s ... left: four rows (mip6d and kernel, HA DAD off and on)
t "the curve: four rows (two proxies, HA DAD off and on)" test "$(awk '$3 == 50 || $3 == 32' "$r/curve.txt" | wc -l)" = 4
t "the curve: nothing left after the HA's exit" \
    bash -c '[ -z "$(awk '"'"'NR > 1 && $15 != "0,0,0,0"'"'"' "$1")" ]' _ "$r/curve.txt"
t "the curve: every BU answered by a BA that passed every check" bash -c '! grep -q "errors=" "$1"' _ "$r/curve.txt"
t "paced: the rates it chose and the latency at each" \
    bash -c 'grep -q "registrations paced at [0-9]*/s: [0-9]*/s, BA latency p50" "$1" && grep -q "refreshes paced at [0-9]*/s: [0-9]*/s, BA latency p50" "$1" && ! grep -q errors "$1"' _ "$r/paced.txt"
t "paced: the HA timed its kernel requests (routes and nftables elements)" \
    bash -c 'grep -Eq "HA \(reg\): kernel requests rtnetlink [1-9][0-9]* mean_us [0-9]+ max_us" "$1" && grep -Eq "HA \(reg\): kernel requests nftables [1-9]" "$1"' _ "$r/paced.txt"
t "kill -9: every node registers again with the next start" grep -q 'registered again: 50/50 BUs accepted, errors 0, bindings 50' "$r/kill9.txt"
t "kill -9: the next start and its SIGTERM leave nothing, proxy_ndp as before the first" \
    grep -q 'after its SIGTERM: *0 0 0 0  proxy_ndp=0' "$r/kill9.txt"
t "flood: the lane ran without and with each flood" test "$(grep -c '^flood .*accepted' "$r/flood.txt")" = 4
# The lane deregisters at its end: what bindings are left are the flood's forgeries.
t "flood: forged first registrations became bindings without the binding ACL" \
    grep -Eq '^flood spread at .* bindings [1-9][0-9]*,' "$r/flood.txt"
t "flood: none with it (DefaultBindingAclPolicy deny), the forgeries refused and counted" \
    bash -c 'grep -Eq "^flood spread-acl at .* bindings 0," "$1" && grep -Eq "^ *HA: bu_acl_refused [1-9]" "$1"' _ "$r/flood.txt"
t "bench-ha in the same VM printed its rates" grep -q 'registrations/s\|BU/s' "$r/bench-ha.txt"
[ "$rc" = 0 ] || tail -n 30 "$out/log"
summary

#!/usr/bin/env bash
# The cmocka tests of mip6d's kernel side that this lab's host cannot run (no ip6_tunnel,
# no IPV6_MIP6): inside the VM, where they must run, every one of them, not skip.
# Exit 4: not root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ "$(id -u)" = 0 ] || { echo "daemon-kern-unit: root is needed (network namespaces)" >&2; exit 4; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in test_kern; do
    rc=0
    "$ROOT/build/tests/daemon/$t" > "$out" 2>&1 || rc=$?
    t "$t: exits 0" test "$rc" = 0
    t "$t: nothing skipped (the VM's kernel has what it needs)" bash -c '! grep -q "SKIPPED" "$1"' _ "$out"
    t "$t: the route through our own tunnel goes with it" grep -q '^\[       OK \] test_route_goes_with_our_tunnel' "$out"
    [ "$rc" = 0 ] || tail -n 30 "$out"
done
summary

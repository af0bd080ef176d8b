#!/usr/bin/env bash
# mip6-loadgen against a mip6d home agent over a veth, at small scale (make test's
# budget): 1,000 mobile nodes register, refresh and move, every BA checked, no error, and
# the kernel objects follow the bindings; then the flood (forged and malformed BUs,
# unknown MH types, HAOs without bindings, replays, maximal lifetimes, first
# registrations from a whole /64) while a second lane of 200 nodes registers, refreshes,
# moves and deregisters: the HA stays up, its memory and the attacker's bindings within
# their caps, the lane's steps all complete; at last SIGTERM with both lanes' and the
# attacker's bindings, and nothing of mip6d is left. Last, HaProxyNd mip6d: the HA answers
# the home link's solicitations for 100 bindings itself (resolution, DAD defended, no
# kernel proxy entry).
# Exit 4: this host cannot run it (run it in the lab VM:
# `backend/vm-exec -- tests/e2e/daemon-loadgen.sh`).
set -euo pipefail
START=$SECONDS
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
WORK=$(mktemp -d /tmp/daemon-loadgen.XXXXXX)
. "$here/lib-veth.sh"
. "$here/lib-loadgen.sh"
[ -x "$MIP6D" ] && [ -x "$LOADGEN" ] || { echo "$MIP6D or $LOADGEN missing: run make first" >&2; exit 1; }
command -v jq >/dev/null || skip "needs jq"
veth_prereqs
lg_topology

# lg_figures RUN: the figures the checks need, as shell variables RUN_NAME (one jq: under
# TCG every process costs a few tenths of a second).
lg_figures() {
    eval "$(jq -r --arg p "$1" '
        { accepted: ([.phases[].accepted] | map(tostring) | join(",")),
          reg: (.phases.register.accepted // 0), refresh: (.phases.refresh.accepted // 0),
          move: (.phases.move.accepted // 0), dereg: (.phases.deregister.accepted // 0),
          checked: .bas_checked, errors: .errors_total, timeouts: .errors.timeout,
          unexpected: (.errors.unexpected // 0),
          gave_up: .errors.gave_up, p99: .latency_ms.p99, routes: .ha.routes,
          proxies: .ha.proxies, nft: .ha.nft_elements, hwm: .ha.hwm_kib, drops: .ha.raw_drops,
          flood: .flood.sent, kinds: ([.flood.by_kind[]] | min) }
        | to_entries[] | "\($p)_\(.key)=\(.value | tostring | @sh)"' "$WORK/$1.json")"
}

# ---- 1,000 mobile nodes, HA DAD off ----
# 256 bindings per /64 (the nodes have 64 per visited /64): the attacker's part below
# costs the HA a quarter of the default's.
lg_ha_conf "$WORK/ha.conf" disabled "HaMaxBindingsPerPrefix 256;"
t "HA mip6d answers on its VT" lg_ha_start "$WORK/ha.conf" "$WORK/ha.log"
# a loaded host slows the VM several times over: a lost BU, not a slow one, is an error
lg_gen -n 1000 --window 128 --timeout 15 --keep --json "$WORK/a.json" > "$WORK/a.txt" 2>&1 || true
sed 's/^/      /' "$WORK/a.txt"
lg_figures a
t "1000 nodes: every registration, refresh and move accepted ($a_accepted)" test "$a_accepted" = 1000,1000,1000
t "1000 nodes: every BA checked ($a_checked), no error ($a_errors)" test "$a_checked $a_errors" = "3000 0"
t "1000 nodes: a route, a proxy entry and an nft element per binding ($a_routes $a_proxies $a_nft)" \
    test "$a_routes $a_proxies $a_nft" = "1000 1000 1000"

# ---- the flood, with a second lane ----
# The attacker holds one /64 (a visited link): HaMaxBindingsPerPrefix (256) caps what
# its forged registrations take. A BU lost in the flood (the HA's socket overflows while
# it makes the attacker's bindings) is sent again after 1.5 s, as mip6d's MN would
# (InitialBindackTimeoutFirstReg), and again, as it would: a timeout, not a failure.
lg_gen --first 1000 -n 200 --window 32 --duration 1 --timeout 1.5 --tries 10 \
    --flood 1500 --flood-prefix ${LG_FLOOD%%::*}::/64 --json "$WORK/b.json" > "$WORK/b.txt" 2>&1 || true
sed 's/^/      /' "$WORK/b.txt"
lg_figures b
t "flood: sent ($b_flood packets, every kind)" test "$b_kinds" -gt 0
t "flood: the HA is still running" kill -0 $LG_HA_PID
t "flood: the lane registered all 200 nodes ($b_reg)" test "$b_reg" = 200
t "flood: ...refreshed, moved and deregistered them (p99 $b_p99 ms)" \
    test "$b_refresh" -ge 200 -a "$b_move" -ge 200 -a "$b_dereg" = 200
# A BU sent again after its timeout may still get its first answer late: at most one
# such late BA per timeout, none wrong.
t "flood: ...no BA wrong, none given up ($b_timeouts BUs sent again, $b_unexpected late answers; HA raw socket drops $b_drops)" \
    test "$b_errors" = "$((b_timeouts + b_unexpected))" -a "$b_unexpected" -le "$b_timeouts" -a "$b_gave_up" = 0
t "flood: the attacker's bindings within HaMaxBindingsPerPrefix ($b_routes = 1000 + at most 256)" \
    test "$b_routes" -le 1256
t "flood: the HA's peak RSS $b_hwm KiB < 64 MiB" test "$b_hwm" -lt 65536

# ---- exit ----
T0=$(date +%s%N)
kill -TERM $LG_HA_PID
t "HA exits 0 on SIGTERM with $b_routes bindings" wait $LG_HA_PID
echo "      teardown: $((($(date +%s%N) - T0) / 1000000)) ms"
left=$(lg_kobjs)
t "nothing of mip6d left after its exit (routes proxies nft links: $left)" test "$left" = "0 0 0 0"

# ---- HaProxyNd mip6d: the HA answers for the home addresses itself ----
# No kernel proxy entry per binding (their table slows down as it grows): a neighbour on
# the home link still resolves a home address to the HA, and a DAD probe for one is
# defended.
lg_ha_conf "$WORK/ha-nd.conf" disabled "HaProxyNd mip6d;"
t "HaProxyNd mip6d: HA mip6d answers on its VT" lg_ha_start "$WORK/ha-nd.conf" "$WORK/ha-nd.log"
lg_gen -n 100 --window 32 --timeout 15 --keep --json "$WORK/c.json" > "$WORK/c.txt" 2>&1 || true
lg_figures c
t "HaProxyNd mip6d: 100 registered, a route and an nft element each, no proxy entry ($c_reg: $c_routes $c_proxies $c_nft)" \
    test "$c_reg $c_routes $c_proxies $c_nft" = "100 100 0 100"
ha_mac=$(ip -n $LG_NS_HA -br link show lgh0 | awk '{print $3}')
ip -n $LG_NS_HOME addr add 2001:db8::99/64 dev lgh1 nodad
ip netns exec $LG_NS_HOME ping -c 1 -W 2 2001:db8::1:0:7 >/dev/null 2>&1 || true
t "HaProxyNd mip6d: the home link resolves a home address to the HA ($ha_mac)" \
    grep -q "lladdr $ha_mac" <<<"$(ip -n $LG_NS_HOME -6 neigh show 2001:db8::1:0:7)"
ip -n $LG_NS_HOME addr add 2001:db8::1:0:8/64 dev lgh1
lg_dadfailed() { [[ $(ip -n $LG_NS_HOME -6 addr show dev lgh1 to 2001:db8::1:0:8/128) == *dadfailed* ]]; }
t "HaProxyNd mip6d: a DAD probe for a bound home address is defended" wait_for 10 lg_dadfailed
t "HaProxyNd mip6d: the VT counts the entries and the answers" \
    vt_has $LG_NS_HA stats "proxy nd entries 100 ns rx [1-9]"
kill -TERM $LG_HA_PID
t "HaProxyNd mip6d: HA exits 0 on SIGTERM" wait $LG_HA_PID
left=$(lg_kobjs)
t "HaProxyNd mip6d: nothing of mip6d left (routes proxies nft links: $left)" test "$left" = "0 0 0 0"
t "HaProxyNd mip6d: proxy_ndp never set on the home link" \
    test "$(ip netns exec $LG_NS_HA sysctl -n net.ipv6.conf.lgh0.proxy_ndp)" = 0

[ "$E2E_FAILED" = 0 ] || { KEEP_WORK=1; for f in "$WORK"/*.log; do echo "== $f"; tail -20 "$f"; done; }
echo "      run time: $((SECONDS - START)) s"
summary

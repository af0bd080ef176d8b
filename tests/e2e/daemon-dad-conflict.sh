#!/usr/bin/env bash
# The home agent's DAD of a home address on the MN's first registration (RFC 6275
# §10.3.1), against a squatter: another node on the home link already owns the HoA. The
# HA's probe (an NS from ::, sent by mip6d as a whole packet) is answered by the
# squatter's kernel; mip6d's ND watch sees the NA and the HA refuses the binding with
# status 134 (DAD failed): no binding, no tunnel, no proxy entry.
#
#   ns m6mn                  ns m6ha (router + HA, radvd)                ns m6sq
#   +----------------+       +------------------------------------+     +-------------------+
#   | mn0 (no HoA    |=======| mnp (port of brremote)             |     | sq0               |
#   |  configured)   |       | brremote 2001:db8:1::/64           |     | 2001:db8::beef/64 |
#   +----------------+       | brhome   2001:db8::/64 HA 2001:db8::|=====| (the squatter)    |
#                            +------------------------------------+     +-------------------+
# Exit 4: not root, or no ip6_tunnel (run it in the lab VM).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

MIP6D=${MIP6D:-$ROOT/build/mip6d}
PCAP_CSUM=${PCAP_CSUM:-$ROOT/build/tests/pcap-csum}
NS_MN=m6dmn NS_HA=m6dha NS_SQ=m6dsq
HOA=2001:db8::beef
WORK=$(mktemp -d /tmp/daemon-dad.XXXXXX)

. "$here/lib-veth.sh"
[ -x "$MIP6D" ] && [ -x "$PCAP_CSUM" ] || { echo "build/mip6d or build/tests/pcap-csum missing: run make" >&2; exit 1; }
veth_prereqs

for ns in $NS_MN $NS_HA $NS_SQ; do
    ip netns add $ns; defer ip netns del $ns
    ip -n $ns link set lo up
done
ip link add mn0 netns $NS_MN type veth peer name mnp netns $NS_HA
ip link add sq0 netns $NS_SQ type veth peer name sqp netns $NS_HA
for br in brhome brremote; do
    ip -n $NS_HA link add $br type bridge forward_delay 0 stp_state 0
    ip -n $NS_HA link set $br up
done
ip -n $NS_HA link set mnp master brremote
ip -n $NS_HA link set sqp master brhome
ip netns exec $NS_HA sysctl -qw net.ipv6.conf.all.forwarding=1
nsx $NS_HA ip -6 addr add 2001:db8::/64 dev brhome nodad
nsx $NS_HA ip -6 addr add 2001:db8:1::/64 dev brremote nodad
ip -n $NS_HA link set mnp up
ip -n $NS_HA link set sqp up
ip -n $NS_SQ link set sq0 up
nsx $NS_SQ ip -6 addr add $HOA/64 dev sq0 nodad
ip netns exec $NS_MN sysctl -qw net.ipv6.conf.mn0.accept_ra=1 net.ipv6.conf.mn0.autoconf=1 \
    net.ipv6.conf.mn0.optimistic_dad=1 net.ipv6.conf.mn0.use_optimistic=1
ip -n $NS_MN link set mn0 up

veth_radvd $NS_HA

printf 'NodeConfig HA;\nDebugLevel 7;\nInterface "brhome";\nUseMnHaIPsec disabled;\n' > "$WORK/ha.conf"
veth_mn_conf "$WORK/mn.conf"

ip netns exec $NS_HA tcpdump -U -n -i brhome -w "$WORK/brhome.pcap" 2>"$WORK/tcpdump-home.log" &
defer kill $!
ip netns exec $NS_MN tcpdump -U -n -i mn0 -w "$WORK/mn0.pcap" 2>"$WORK/tcpdump-mn.log" &
TCPDUMP_MN=$!
defer kill $TCPDUMP_MN
wait_for 10 grep -q "listening on" "$WORK/tcpdump-home.log" || { echo "tcpdump did not start" >&2; exit 1; }
wait_for 10 grep -q "listening on" "$WORK/tcpdump-mn.log" || { echo "tcpdump did not start" >&2; exit 1; }


ip netns exec $NS_HA "$MIP6D" -c "$WORK/ha.conf" -d 7 -p "$WORK/ha.pid" >"$WORK/ha.log" 2>&1 &
PID_HA=$!; defer "kill $PID_HA"
t "HA mip6d answers on its VT" wait_for 10 vt_has $NS_HA stats "role HA"
ip netns exec $NS_MN "$MIP6D" -c "$WORK/mn.conf" -d 7 -p "$WORK/mn.pid" >"$WORK/mn.log" 2>&1 &
PID_MN=$!; defer "kill $PID_MN"
t "MN mip6d answers on its VT" wait_for 10 vt_has $NS_MN stats "role MN"

t "HA refuses the binding with status 134 (DAD failed)" wait_for 20 vt_has $NS_HA stats "ba_tx_status_134 [1-9]"
t "HA's ND watch saw the squatter's answer" grep -q "DAD for $HOA .*: NA from" "$WORK/ha.log"
bc_empty() { local out; out=$(vt $NS_HA bc) && ! grep -q "$HOA" <<<"$out"; }
t "bc on the HA stays empty" bc_empty
t "no tunnel on the HA" bash -c "[ -z \"\$(ip -n $NS_HA -6 tunnel show | grep 'remote 2001:db8:1:')\" ] && ! ip -n $NS_HA -6 route show table all | grep -q 'encap ip6'"
t "no proxy entry for the HoA on the HA" bash -c "[ -z \"\$(ip -n $NS_HA -6 neigh show proxy)\" ]"
t "the squatter keeps its address" bash -c "ip -n $NS_SQ -6 addr show dev sq0 | grep -q '$HOA/64'"
t "MN's bul shows the refusal" wait_for 5 vt_has $NS_MN bul "state failed"

kill -TERM $PID_HA $PID_MN
t "HA mip6d exits 0" wait $PID_HA
t "MN mip6d exits 0" wait $PID_MN
kill $TCPDUMP_MN; wait $TCPDUMP_MN 2>/dev/null || true
"$PCAP_CSUM" "$WORK/brhome.pcap" > "$WORK/home.txt" || true
"$PCAP_CSUM" "$WORK/mn0.pcap" > "$WORK/mn.txt" || true
count() { awk -v k="$1" '$1 == k { print ($2 == "ok") ? $3 : $2 }' "$2"; }
t "wire: the HA's DAD probe and the squatter's NA verify (codec)" \
    grep -q '^total ok [1-9][0-9]* bad 0$' "$WORK/home.txt"
t "wire: NS and NA on the home link ($(count NS "$WORK/home.txt") NS, $(count NA "$WORK/home.txt") NA)" \
    test "$(count NS "$WORK/home.txt")" -ge 1 -a "$(count NA "$WORK/home.txt")" -ge 1
t "wire: the MN received a BA with status 134" test "$(count BA-dad-failed "$WORK/mn.txt")" -ge 1
t "wire: no BA accepted the binding" test "$(count BA-accepted "$WORK/mn.txt")" -eq 0

[ "$E2E_FAILED" = 0 ] || for f in "$WORK"/*.log; do echo "== $f"; tail -30 "$f"; done
summary

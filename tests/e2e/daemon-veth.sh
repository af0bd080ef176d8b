#!/usr/bin/env bash
# mip6d Home Agent and Mobile Node over veth links: registration from a foreign link,
# traffic to the home address through the tunnel, return home, clean exit. No radios:
# a "move" takes the MN's cable out of one bridge and plugs it into the other, so the
# MN sees its carrier drop and come back (the L2 trigger) like a wireless roam.
#
#   ns m6mn                ns m6ha (router + HA, radvd)                     ns m6cn
#   +---------------+      +------------------------------------------+    +-------------------+
#   | mn0           |      | brhome   2001:db8::/64    HA 2001:db8::  |    |                   |
#   | HoA           |======| mnp (port of brhome, then brremote)      |    |                   |
#   | 2001:db8::beef|      | brremote 2001:db8:1::/64  2001:db8:1::   |    |                   |
#   +---------------+      | cnp      2001:db8:ff::1/64               |====| cn0 2001:db8:ff::2 |
#                          +------------------------------------------+    +-------------------+
#
# Checked through mip6d's VT (bc, bul) and the capture on mn0 (checksums verified with the
# shared codec, HAO on the BU, RH2 on the BA, IPv6-in-IPv6 while away).
# MN_OPTIMISTIC=1: optimistic DAD on the MN (RFC 4429), the CoA usable at once.
# HA_DAD=disabled: no DAD of the home address by the HA (HaDuplicateAddressDetection).
# Exit 4: this host cannot run it (not root, or no ip6_tunnel: run it in the lab VM,
# `backend/vm-exec -- tests/e2e/daemon-veth.sh`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

MIP6D=${MIP6D:-$ROOT/build/mip6d}
NS_MN=m6mn NS_HA=m6ha NS_CN=m6cn
HOA=2001:db8::beef HA=2001:db8:: CN=2001:db8:ff::2
# DAEMON_VETH_WORK=DIR keeps the logs and the capture there.
if [ -n "${DAEMON_VETH_WORK:-}" ]; then
    WORK=$DAEMON_VETH_WORK KEEP_WORK=1; mkdir -p "$WORK"
else
    WORK=$(mktemp -d /tmp/daemon-veth.XXXXXX)
fi

# The undo stack (run in reverse on exit), prerequisites, radvd, configs, VT helpers.
. "$here/lib-veth.sh"
[ -x "$MIP6D" ] || { echo "$MIP6D missing: run make first" >&2; exit 1; }
veth_prereqs


if [ -x "$ROOT/build/tests/pcap-csum" ]; then
    cp "$ROOT/build/tests/pcap-csum" "$WORK/pcap-csum"
else
    gcc -std=gnu11 -O1 -D_GNU_SOURCE -I"$ROOT/common" -o "$WORK/pcap-csum" \
        "$here/pcap-csum.c" "$ROOT"/common/*.c -lpcap -lcrypto
fi

# ---- topology ----
for ns in $NS_MN $NS_HA $NS_CN; do
    ip netns add $ns; defer ip netns del $ns
    ip -n $ns link set lo up
done
ip link add mn0 netns $NS_MN type veth peer name mnp netns $NS_HA
ip link add cn0 netns $NS_CN type veth peer name cnp netns $NS_HA
for br in brhome brremote; do
    ip -n $NS_HA link add $br type bridge forward_delay 0 stp_state 0
    ip -n $NS_HA link set $br up
done
ip -n $NS_HA link set mnp master brhome
ip netns exec $NS_HA sysctl -qw net.ipv6.conf.all.forwarding=1
nsx $NS_HA ip -6 addr add 2001:db8::/64 dev brhome nodad
nsx $NS_HA ip -6 addr add 2001:db8:1::/64 dev brremote nodad
nsx $NS_HA ip -6 addr add 2001:db8:ff::1/64 dev cnp nodad
nsx $NS_CN ip -6 addr add $CN/64 dev cn0 nodad
ip -n $NS_HA link set mnp up
ip -n $NS_HA link set cnp up
ip -n $NS_CN link set cn0 up
nsx $NS_CN ip -6 route add default via 2001:db8:ff::1
ip netns exec $NS_MN sysctl -qw net.ipv6.conf.mn0.accept_ra=1 net.ipv6.conf.mn0.autoconf=1
if [ "${MN_OPTIMISTIC:-0}" = 1 ]; then
    nsx $NS_MN sysctl -qw net.ipv6.conf.mn0.optimistic_dad=1 net.ipv6.conf.mn0.use_optimistic=1
fi
ip -n $NS_MN link set mn0 up
nsx $NS_MN ip -6 addr add $HOA/64 dev mn0

veth_radvd $NS_HA

cat > "$WORK/ha.conf" <<'EOF'
NodeConfig HA;
DebugLevel 7;
Interface "brhome";
UseMnHaIPsec disabled;
EOF
[ -z "${HA_DAD:-}" ] || echo "HaDuplicateAddressDetection ${HA_DAD};" >> "$WORK/ha.conf"
veth_mn_conf "$WORK/mn.conf"

ip netns exec $NS_MN tcpdump -U -n -i mn0 -w "$WORK/mn0.pcap" 2>"$WORK/tcpdump.log" &
TCPDUMP=$!
defer kill $TCPDUMP
wait_for 10 grep -q "listening on" "$WORK/tcpdump.log" || { echo "tcpdump did not start" >&2; exit 1; }

start_mip6d() {   # start_mip6d NS CONF
    ip netns exec "$1" "$MIP6D" -c "$2" -d 7 -p "$WORK/$1.pid" >"$WORK/$1.log" 2>&1 &
    eval "PID_$1=$!"
    defer "kill $! 2>/dev/null"
}
start_mip6d $NS_HA "$WORK/ha.conf"
start_mip6d $NS_MN "$WORK/mn.conf"
t "HA mip6d answers on its VT" wait_for 10 vt_has $NS_HA stats "role HA"
t "MN mip6d answers on its VT" wait_for 10 vt_has $NS_MN stats "role MN"

# ---- at home ----
ping_cn() { ip netns exec $NS_CN ping -6 -c 1 -W 1 "$HOA" >/dev/null; }
t "at home: cn reaches the HoA directly" wait_for 15 ping_cn
t "at home: bc on the HA is empty" vt_lacks $NS_HA bc "$HOA"

move() {   # move BRIDGE: re-plug the MN's cable
    echo "[$NS_HA]# move mnp -> $1"
    ip -n $NS_HA link set mnp down
    ip -n $NS_HA link set mnp master "$1"
    ip -n $NS_HA link set mnp up
}

# ---- away ----
move brremote
T0=$SECONDS
# "registered", not just listed: during the HA's DAD of the HoA (about 1 s) the binding
# is listed with status dad and nothing is set up for it yet.
coa_registered() { vt $NS_HA bc | grep -q "hoa $HOA status registered coa 2001:db8:1:"; }
t "away: bc on the HA shows $HOA registered with a CoA in 2001:db8:1::/64" wait_for 20 coa_registered
t "away: bul on the MN shows the entry" vt_has $NS_MN bul "Home address $HOA"
# The HA hears its radvd's RAs: no binding outlives the home prefix (86400 s valid).
granted() { vt $NS_HA bc | sed -n 's/.* lifetime [0-9]* \/ \([0-9]*\) .*/\1/p'; }
t "away: the HA grants at most the home prefix's valid lifetime ($(granted) s)" \
    bash -c "[ -n \"$(granted)\" ] && [ $(granted) -le 86400 ]"
# SIGHUP: settings re-read in place, bindings kept; a change of what the node is built on
# (its interfaces) is refused and the configuration in use stays.
echo "HaMaxBindingLife 600;" >> "$WORK/ha.conf"
kill -HUP "$PID_m6ha"
t "away: SIGHUP reloads the HA's configuration" wait_for 5 grep -q "configuration reloaded" "$WORK/$NS_HA.log"
t "away: ...and keeps the binding" vt_has $NS_HA bc "hoa $HOA status registered"
sed 's/Interface "brhome"/Interface "brremote"/' "$WORK/ha.conf" > "$WORK/ha-other.conf"
cp "$WORK/ha.conf" "$WORK/ha-kept.conf"; cp "$WORK/ha-other.conf" "$WORK/ha.conf"
kill -HUP "$PID_m6ha"
t "away: a reload that changes an Interface is refused" wait_for 5 grep -q "reload refused.*Interface changed" "$WORK/$NS_HA.log"
cp "$WORK/ha-kept.conf" "$WORK/ha.conf"
t "away: bul on the MN shows a care-of address in 2001:db8:1::/64" vt_has $NS_MN bul "Care-of address 2001:db8:1:"
if [ "${MIP6D_TUNNELS:-}" = per-coa ]; then
    t "away: HA has a tunnel to the CoA (an ip6tnl of its own)" \
        bash -c "ip -n $NS_HA -6 tunnel show | grep -q 'remote 2001:db8:1:'"
else
    t "away: HA has a tunnel to the CoA (a route encapsulated to it)" \
        bash -c "ip -n $NS_HA -6 route show $HOA/128 | grep -q 'encap ip6 .* dst 2001:db8:1:.* dev mip6ha'"
fi
# Proxying starts once the HA's DAD for the HoA is over, which may follow the binding.
t "away: HA proxies ND for the HoA" wait_for 5 bash -c "ip -n $NS_HA -6 neigh show proxy | grep -q '$HOA dev brhome'"
t "away: MN has the HoA on its tunnel" bash -c "ip -n $NS_MN -6 addr show dev mip6mn | grep -q '$HOA/128'"
t "away: MN routes traffic from the HoA through table $((252))" \
    bash -c "ip -n $NS_MN -6 rule | grep -q 'from $HOA lookup 252'"
t "away: cn reaches the HoA through the tunnel" wait_for 10 ping_cn
t "away: MN sources from the HoA reach cn" ip netns exec $NS_MN ping -6 -c 1 -W 2 -I "$HOA" "$CN"
if [ "${MIP6D_TUNNELS:-}" != per-coa ]; then
    # cn, no MN of this HA, tunnels packets to the HA: the HA's collect_md tunnel takes
    # anything, and its nftables check must drop what is not a registered (CoA . HoA)
    # pair (RFC 6275 §10.4.5), even with the registered HoA as the inner source.
    rpf_drops() {
        ip netns exec $NS_HA nft list chain ip6 mip6d reverse_tunnel 2>/dev/null |
            sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | awk '{ n += $1 } END { print n + 0 }'
    }
    t "away: the HA's set holds the binding's pair (CoA . HoA)" \
        bash -c "ip netns exec $NS_HA nft list set ip6 mip6d bindings | grep -q '2001:db8:1:[0-9a-f:]* . 0x20010db800000000000000000000beef'"
    ip -n $NS_CN link add spoof type ip6tnl local $CN remote $HA mode ip6ip6
    defer ip -n $NS_CN link del spoof
    ip -n $NS_CN link set spoof up
    ip -n $NS_CN -6 addr add 2001:db8:ff::66/128 dev spoof nodad
    ip -n $NS_CN -6 addr add $HOA/128 dev spoof nodad
    ip -n $NS_CN -6 route add 2001:db8::dead/128 dev spoof
    for src in 2001:db8:ff::66 $HOA; do
        before=$(rpf_drops)
        ip netns exec $NS_CN ping -6 -c 3 -i 0.2 -W 1 -I $src 2001:db8::dead >/dev/null 2>&1 || true
        t "away: HA drops tunnelled packets from cn with inner source $src ($before -> $(rpf_drops) dropped)" \
            test "$(rpf_drops)" -ge "$((before + 3))"
    done
    ip -n $NS_CN -6 addr del $HOA/128 dev spoof
    t "away: ...while the MN's own still pass" ip netns exec $NS_MN ping -6 -c 1 -W 2 -I "$HOA" "$CN"
    # The VT's stats check the kernel's routes against the binding cache.
    consistent() {
        vt $NS_HA stats > "$WORK/stats.txt"
        grep -q "kernel routes 1 bindings 1 missing 0 wrong 0 without_binding 0" "$WORK/stats.txt"
    }
    shown_stats() { echo "      stats: $(grep -v '^mip6d>' "$WORK/stats.txt" | tail -n 4 | tr '\n' ' ')"; }
    t "away: stats: the HA's routes agree with its binding cache" consistent || true
    shown_stats
    # A BU with the same CoA to the HA's other address: the binding moves there, its
    # route follows (encapsulated from the new address) and the (CoA . HoA) pair stays.
    nsx $NS_HA ip -6 addr add 2001:db8::2/64 dev brhome nodad
    bc_field() { vt $NS_HA bc | sed -n "s/.* $1 \([^ ]*\).*/\1/p"; }
    coa=$(bc_field coa) seq=$(bc_field seq)
    wait_for 5 vt_has $NS_HA stats "role HA" >/dev/null
    nsx $NS_MN "$ROOT/build/tests/wire-probe" send-bu "$coa" 2001:db8::2 $HOA $(( (seq + 1000) % 65536 )) 400
    t "away: a BU to the HA's other address moves the binding there" wait_for 5 vt_has $NS_HA bc "local 2001:db8::2 "
    t "away: ...its route is encapsulated from that address to the same CoA" \
        bash -c "ip -n $NS_HA -6 route show $HOA/128 | grep -q 'encap ip6 .*src 2001:db8::2 .*dev mip6ha\|encap ip6 .*dst $coa .*src 2001:db8::2'"
    t "away: ...the set still holds the (CoA . HoA) pair" \
        bash -c "ip netns exec $NS_HA nft list set ip6 mip6d bindings | grep -q '$coa . 0x20010db800000000000000000000beef'"
    t "away: ...stats: routes and binding cache still agree" consistent
    t "away: ...and the MN's traffic still passes both ways" \
        bash -c "ip netns exec $NS_MN ping -6 -c 1 -W 2 -I $HOA $CN >/dev/null && ip netns exec $NS_CN ping -6 -c 1 -W 2 $HOA >/dev/null"
fi
# tcpdump gets packets from the kernel in blocks (up to its 1 s buffer timeout): the
# pings above may reach the file a moment later.
tunnelled_seen() { [ "$(tcpdump -n -r "$WORK/mn0.pcap" 'ip6 and ip6[6] == 41' 2>/dev/null | wc -l)" -gt 0 ]; }
t "away: the capture on mn0 has IPv6-in-IPv6 packets" wait_for 5 tunnelled_seen
# From the MN's own log (monotonic seconds): link operational again -> BA accepted.
awk -F'[][]' '/link mn0: .*-> associated/ { t = $2 + 0 }
     /registering -> registered/ && t { printf "      L2 up -> BA accepted: %.0f ms (MN log)\n", ($2 - t) * 1000; exit }' \
    "$WORK/$NS_MN.log"

# ---- back home ----
move brhome
t "home again: bc on the HA is empty" wait_for 20 vt_lacks $NS_HA bc "$HOA"
t "home again: HA removed its tunnel" \
    bash -c "[ -z \"\$(ip -n $NS_HA -6 route show $HOA/128)\" ] && ! ip -n $NS_HA -6 tunnel show | grep -q 'remote 2001:db8:1:'"
t "home again: HA stopped proxying" bash -c "! ip -n $NS_HA -6 neigh show proxy | grep -q '$HOA'"
t "home again: the HoA is back on mn0" wait_for 5 bash -c "ip -n $NS_MN -6 addr show dev mn0 | grep -q '$HOA/64'"
# The device stays for the next move (creating one is slow under TCG), without the HoA.
t "home again: MN's tunnel is still there, without the HoA" \
    bash -c "ip -n $NS_MN link show mip6mn >/dev/null && ! ip -n $NS_MN -6 addr show dev mip6mn | grep -q '$HOA'"
t "home again: MN no longer routes the HoA's traffic into the tunnel" \
    bash -c "! ip -n $NS_MN -6 rule | grep -q 'lookup 252'"
t "home again: cn reaches the HoA directly" wait_for 10 ping_cn

# ---- clean exit ----
stop() {   # stop NS: SIGTERM, wait for the exit status
    local pid; eval "pid=\$PID_$1"
    kill -TERM "$pid"; wait "$pid"
}
t "HA mip6d exits 0 on SIGTERM" stop $NS_HA
t "MN mip6d exits 0 on SIGTERM" stop $NS_MN
t "nothing of mip6d left on the HA (links, proxies, nftables)" \
    bash -c "! ip -n $NS_HA link | grep -q mip6 && [ -z \"\$(ip -n $NS_HA -6 neigh show proxy)\" ] && ! ip netns exec $NS_HA nft list tables | grep -q mip6d"
t "nothing of mip6d left on the MN (links, rules, table 252)" \
    bash -c "! ip -n $NS_MN link | grep -q mip6 && ! ip -n $NS_MN -6 rule | grep -q 'lookup 252' && [ -z \"\$(ip -n $NS_MN -6 route show table 252)\" ]"
t "the HoA configured before mip6d started is still on mn0" \
    bash -c "ip -n $NS_MN -6 addr show dev mn0 | grep -q '$HOA/64'"
t "proxy_ndp restored on the HA" bash -c "[ \$(ip netns exec $NS_HA sysctl -n net.ipv6.conf.brhome.proxy_ndp) = 0 ]"

# ---- the wire ----
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
"$WORK/pcap-csum" "$WORK/mn0.pcap" > "$WORK/csum.txt" || true
sed 's/^/      /' "$WORK/csum.txt"
count() { awk -v k="$1" '$1 == k { print ($2 == "ok") ? $3 : $2 }' "$WORK/csum.txt"; }
t "wire: every MH and ICMPv6 checksum verifies with the codec" grep -q '^total ok [1-9][0-9]* bad 0$' "$WORK/csum.txt"
t "wire: BUs were sent ($(count BU))" test "$(count BU)" -ge 2
t "wire: every BU from the CoA carried a HAO" test "$(count BU-with-HAO)" -ge 1
t "wire: a deregistration BU was sent" test "$(count BU-dereg)" -ge 1
t "wire: BAs accepted the registration and the deregistration" test "$(count BA-accepted)" -ge 2
t "wire: the BA to the CoA carried a type 2 routing header" test "$(count BA-with-RH2)" -ge 1
t "wire: Router Solicitations were sent ($(count RS))" test "$(count RS)" -ge 1

[ "$E2E_FAILED" = 0 ] || { KEEP_WORK=1; for f in "$WORK"/*.log; do echo "== $f"; tail -40 "$f"; done; }
summary

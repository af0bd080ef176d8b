#!/usr/bin/env bash
# mip6d's home agent discovery and mobile prefix discovery on the wire, over veth: an MN
# without HomeAgentAddress starts on a foreign link, finds its home agent with a DHAAD
# Request to the home prefix's anycast address (ICMPv6 144/145), registers, asks for its
# home prefix (146/147, with a HAO and a type 2 routing header), and is told unsolicited
# (147) when radvd on the home link changes the prefix's lifetimes. Then the HA's mip6d
# stops, as in the lab's ha-failover: what the HA's kernel answers to the MN's tunnelled
# packets is checked, and the MN's reaction to it.
#
#   ns m6dmn             ns m6dha (router + HA, radvd)
#   +------------+       +------------------------------------------------+
#   | mn0        |=======| mnp (port of brremote)  2001:db8:1::/64         |
#   | (no HoA)   |       | brhome 2001:db8::1/64: H flag, HA Information  |
#   +------------+       +------------------------------------------------+
#
# Exit 4 without root or ip6_tunnel (run it in the lab VM:
# `backend/vm-exec -- tests/e2e/daemon-dhaad.sh`). DAEMON_DHAAD_WORK=DIR keeps the files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

MIP6D=${MIP6D:-$ROOT/build/mip6d}
NS_MN=m6dmn NS_HA=m6dha
HOA=2001:db8::beef HA=2001:db8::1 ANY=2001:db8::fdff:ffff:ffff:fffe
if [ -n "${DAEMON_DHAAD_WORK:-}" ]; then
    WORK=$DAEMON_DHAAD_WORK KEEP_WORK=1; mkdir -p "$WORK"
else
    WORK=$(mktemp -d /tmp/daemon-dhaad.XXXXXX)
fi
. "$here/lib-veth.sh"
[ -x "$MIP6D" ] || { echo "$MIP6D missing: run make first" >&2; exit 1; }
veth_prereqs
command -v radvd >/dev/null || skip "no radvd"
if [ -x "$ROOT/build/tests/pcap-csum" ]; then
    cp "$ROOT/build/tests/pcap-csum" "$WORK/pcap-csum"
else
    gcc -std=gnu11 -O1 -D_GNU_SOURCE -I"$ROOT/common" -o "$WORK/pcap-csum" \
        "$here/pcap-csum.c" "$ROOT"/common/*.c -lpcap -lcrypto
fi

# ---- topology ----
for ns in $NS_MN $NS_HA; do
    ip netns add $ns; defer ip netns del $ns
    ip -n $ns link set lo up
done
ip link add mn0 netns $NS_MN type veth peer name mnp netns $NS_HA
# The home link needs a second station for its bridge to carry anything: a dummy port.
ip -n $NS_HA link add hport type veth peer name hpeer
for br in brhome brremote; do
    ip -n $NS_HA link add $br type bridge forward_delay 0 stp_state 0
    ip -n $NS_HA link set $br up
done
ip -n $NS_HA link set mnp master brremote
ip -n $NS_HA link set hport master brhome
ip netns exec $NS_HA sysctl -qw net.ipv6.conf.all.forwarding=1
nsx $NS_HA ip -6 addr add $HA/64 dev brhome nodad
nsx $NS_HA ip -6 addr add 2001:db8:1::1/64 dev brremote nodad
for l in mnp hport hpeer; do ip -n $NS_HA link set $l up; done
ip netns exec $NS_MN sysctl -qw net.ipv6.conf.mn0.accept_ra=1 net.ipv6.conf.mn0.autoconf=1
ip -n $NS_MN link set mn0 up

radvd_conf() {   # radvd_conf VALID PREFERRED: the home prefix's lifetimes
    cat > "$WORK/radvd.conf" <<X
interface brhome {
    AdvSendAdvert on; AdvIntervalOpt on; AdvHomeAgentFlag on; AdvHomeAgentInfo on;
    HomeAgentPreference 20; HomeAgentLifetime 60;
    MinRtrAdvInterval 1; MaxRtrAdvInterval 2; MinDelayBetweenRAs 0.5;
    prefix 2001:db8::1/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on;
        AdvValidLifetime $1; AdvPreferredLifetime $2; };
};
interface brremote {
    AdvSendAdvert on; AdvIntervalOpt on;
    MinRtrAdvInterval 1; MaxRtrAdvInterval 2; MinDelayBetweenRAs 0.5;
    prefix 2001:db8:1::/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };
};
X
}
radvd_conf 86400 14400
ip netns exec $NS_HA radvd -n -C "$WORK/radvd.conf" -p "$WORK/radvd.pid" -m logfile \
    -l "$WORK/radvd.log" &
RADVD=$!
defer kill $RADVD

cat > "$WORK/ha.conf" <<'EOF'
NodeConfig HA;
DebugLevel 7;
Interface "brhome";
UseMnHaIPsec disabled;
DoRouteOptimizationCN disabled;
HaDuplicateAddressDetection disabled;
MinMobPfxAdvInterval 1;
EOF
veth_mn_conf "$WORK/mn.conf"
sed -i '/HomeAgentAddress/d' "$WORK/mn.conf"
echo "InitialBindackTimeoutReReg 0.5;" >> "$WORK/mn.conf"

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
t "HA mip6d answers on its VT" wait_for 10 vt_has $NS_HA stats "role HA"
t "HA joined the home prefix's anycast address $ANY" \
    wait_for 5 grep -q "dhaad: listening on $ANY" "$WORK/$NS_HA.log"
t "the kernel lists it among brhome's anycast addresses" \
    bash -c "ip netns exec $NS_HA cat /proc/net/anycast6 | grep -q 'brhome.*20010db800000000fdfffffffffffffe'"
t "HA learned itself from its radvd's RAs (hal: preference 20)" \
    wait_for 5 vt_has $NS_HA hal "preference 20 lifetime [0-9]* global $HA"

# ---- discovery and registration ----
start_mip6d $NS_MN "$WORK/mn.conf"
registered() { vt $NS_HA bc | grep -q "hoa $HOA status registered coa 2001:db8:1:"; }
t "MN discovered the HA and registered with it" wait_for 10 registered
t "MN's bul names the discovered HA" vt_has $NS_MN bul "CN address $HA\$"
t "MN's hal: the HA, discovered" vt_has $NS_MN hal "agent $HA (discovered)"
t "MN asked for its home prefix and got it (solicited MPA)" \
    wait_for 5 grep -q "mpd: solicited MPA id .* home prefix 2001:db8::/64 valid 86" "$WORK/$NS_MN.log"

# ---- the home prefix changes ----
radvd_conf 7200 3600
kill -HUP $RADVD
t "HA saw the prefix's new lifetimes in its radvd's RA" \
    wait_for 6 grep -q "mpd: home prefix 2001:db8::/64 now valid 7200 preferred 3600" "$WORK/$NS_HA.log"
t "MN took the unsolicited MPA (valid 7200)" \
    wait_for 5 grep -q "mpd: unsolicited MPA id .* valid 7200 preferred 3600" "$WORK/$NS_MN.log"
last_bu_life() { grep "BU to $HA hoa $HOA" "$WORK/$NS_MN.log" | tail -1 | awk '{ print $NF }'; }
t "MN's acknowledging BU asked for no more than 7200 s ($(last_bu_life) s)" \
    wait_for 5 bash -c "[ \"\$(grep 'BU to $HA hoa $HOA' '$WORK/$NS_MN.log' | tail -1 | awk '{ print \$NF }')\" -le 7200 ]"

# ---- the HA's daemon stops: what its kernel says to the tunnel ----
kill -TERM "$PID_m6dha"; wait "$PID_m6dha" || true
ip netns exec $NS_MN ping -6 -c 3 -i 0.3 -W 1 -I $HOA 2001:db8:1::1 >/dev/null 2>&1 || true
t "MN heard an ICMPv6 error from the HA about its tunnel and sent a BU at once" \
    wait_for 5 grep -q "ICMPv6 error type .* from home agent $HA about our tunnel" "$WORK/$NS_MN.log"
sed -n 's/.*\(ICMPv6 error type [0-9]* code [0-9]*\) from home agent.*/      the HA kernel: \1/p' \
    "$WORK/$NS_MN.log" | head -1
t "MN's BU budget spent: it gave the HA up and discovers again" \
    wait_for 5 grep -q "home agent $HA did not answer: list used up, discovering again" "$WORK/$NS_MN.log"
stop_mn() { kill -TERM "$PID_m6dmn"; wait "$PID_m6dmn"; }
t "MN mip6d exits 0 on SIGTERM" stop_mn

# ---- the wire ----
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
"$WORK/pcap-csum" "$WORK/mn0.pcap" > "$WORK/csum.txt" || true
sed 's/^/      /' "$WORK/csum.txt"
n() { tcpdump -n -r "$WORK/mn0.pcap" "$1" 2>/dev/null | wc -l; }
# ICMPv6 type right after the IPv6 header (40), or after a 24-byte RH2 / Dest-opts (64);
# each capture read once (tcpdump is slow to start under TCG).
req=$(n "icmp6 and ip6[40] == 144 and dst $ANY") rep=$(n "icmp6 and ip6[40] == 145 and src $HA")
mps=$(n "ip6[6] == 60 and ip6[40] == 58 and ip6[64] == 146")
mpa=$(n "ip6[6] == 43 and ip6[40] == 58 and ip6[42] == 2 and ip6[64] == 147")
errs=$(n "icmp6 and src $HA and (ip6[40] == 1 or ip6[40] == 4)")
t "wire: every MH and ICMPv6 checksum verifies with the codec" grep -q '^total ok [1-9][0-9]* bad 0$' "$WORK/csum.txt"
t "wire: DHAAD Request from the CoA to $ANY ($req)" test "$req" -ge 1
t "wire: DHAAD Reply from $HA to the CoA ($rep)" test "$rep" -ge 1
t "wire: MPS with a Home Address option ($mps)" test "$mps" -ge 1
t "wire: MPAs with a type 2 routing header ($mpa)" test "$mpa" -ge 2
t "wire: ICMPv6 errors from the HA to the CoA ($errs)" test "$errs" -ge 1

[ "$E2E_FAILED" = 0 ] || { KEEP_WORK=1; for f in "$WORK"/*.log; do echo "== $f"; tail -40 "$f"; done; }
summary

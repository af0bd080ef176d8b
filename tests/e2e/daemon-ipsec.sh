#!/usr/bin/env bash
# mip6d's home registration under IPsec (UseMnHaIPsec, RFC 3776): a Home Agent and a
# Mobile Node over veth, the SAs written with ip xfrm state as the lab does (ESP, NULL
# cipher, HMAC-SHA1-96). The registration from a foreign link completes with BU and BA
# in ESP (IPv6 | HAO | ESP | MH and IPv6 | RH2 | ESP | MH on the wire, the MH read
# inside by tshark); a plain BU for the home address from another address changes
# nothing and is counted; SIGTERM leaves no policy and no ro state, also in the middle
# of a registration. The kernel side alone: tests/e2e/daemon-ipsec-kern.sh.
#
#   ns m6imn                 ns m6iha (router + HA, radvd)
#   +----------------+       +-------------------------------------------+
#   | mn0            |       | brhome   2001:db8::/64    HA 2001:db8::   |
#   | HoA            |=======| mnp (port of brhome, then brremote)       |
#   | 2001:db8::beef |       | brremote 2001:db8:1::/64  2001:db8:1::    |
#   +----------------+       +-------------------------------------------+
#
# Exit 4: not root, no ip6_tunnel, or a kernel without IPV6_MIP6 (run it in the lab VM:
# `backend/vm-exec -- tests/e2e/daemon-ipsec.sh`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

MIP6D=${MIP6D:-$ROOT/build/mip6d}
PROBE=$ROOT/build/tests/wire-probe
NS_MN=m6imn NS_HA=m6iha
HOA=2001:db8::beef HA=2001:db8:: FORGER=2001:db8:1::66
KEY=0x0123456789abcdef0123456789abcdef01234567
WORK=$(mktemp -d /tmp/daemon-ipsec.XXXXXX)
. "$here/lib-veth.sh"
[ -x "$MIP6D" ] || { echo "$MIP6D missing: run make first" >&2; exit 1; }
veth_prereqs
# A freshly booted VM may not have its random pool ready, and mip6d takes its secrets
# without waiting (GRND_NONBLOCK): a blocking read makes the kernel gather it now.
timeout 30 head -c 1 /dev/random >/dev/null || true

# ---- topology (one ip process per namespace: each costs under the VM's CPU) ----
for ns in $NS_MN $NS_HA; do
    ip netns add $ns; defer ip netns del $ns
done
ip link add mn0 netns $NS_MN type veth peer name mnp netns $NS_HA
ip -n $NS_HA -batch - <<X
link set lo up
link add brhome type bridge forward_delay 0 stp_state 0
link add brremote type bridge forward_delay 0 stp_state 0
link set brhome up
link set brremote up
link set mnp master brhome
addr add 2001:db8::/64 dev brhome nodad
addr add 2001:db8:1::/64 dev brremote nodad
link set mnp up
X
ip netns exec $NS_HA sysctl -qw net.ipv6.conf.all.forwarding=1
# Optimistic DAD: the CoA is usable at once, the test is shorter.
ip netns exec $NS_MN sysctl -qw net.ipv6.conf.mn0.accept_ra=1 net.ipv6.conf.mn0.autoconf=1 \
    net.ipv6.conf.mn0.optimistic_dad=1 net.ipv6.conf.mn0.use_optimistic=1
ip -n $NS_MN -batch - <<X
link set lo up
link set mn0 up
addr add $HOA/64 dev mn0
X
if ! ip -n $NS_HA xfrm state add src ::1 dst ::1 proto hao mode ro coa ::1 2>/dev/null; then
    skip "this kernel has no XFRM ro states (IPV6_MIP6): run it in the lab VM"
fi
ip -n $NS_HA xfrm state del src ::1 dst ::1 proto hao
# The SAs, as the lab writes them from its key file: reqid 1 towards the HA, 2 back.
for ns in $NS_MN $NS_HA; do
    ip -n $ns -batch - <<X
xfrm state add src $HOA dst $HA proto esp spi 0x2001 reqid 1 mode transport enc ecb(cipher_null) "" auth-trunc hmac(sha1) $KEY 96
xfrm state add src $HA dst $HOA proto esp spi 0x2002 reqid 2 mode transport enc ecb(cipher_null) "" auth-trunc hmac(sha1) $KEY 96
X
done
ipsec_set() {
    printf '%s\n' "UseMnHaIPsec enabled;" "IPsecPolicySet {" "	HomeAgentAddress $HA;" \
        "	HomeAddress $HOA/64;" "	IPsecPolicy HomeRegBinding UseESP 1 2;" "}"
}

veth_radvd $NS_HA
{
    printf '%s\n' "NodeConfig HA;" "DebugLevel 7;" 'Interface "brhome";' \
        "HaDuplicateAddressDetection disabled;"
    ipsec_set
} > "$WORK/ha.conf"
veth_mn_conf "$WORK/mn.conf"
sed -i '/UseMnHaIPsec disabled/d' "$WORK/mn.conf"
ipsec_set >> "$WORK/mn.conf"

# The HA's side of the MN's cable: every packet between them, whichever bridge.
ip netns exec $NS_HA tcpdump -U --immediate-mode -n -i mnp -w "$WORK/mnp.pcap" \
    'ip6 and not icmp6' 2>"$WORK/tcpdump.log" &
TCPDUMP=$!
defer kill $TCPDUMP
wait_for 10 grep -q "listening on" "$WORK/tcpdump.log" || { echo "tcpdump did not start" >&2; exit 1; }

start_mip6d() {   # start_mip6d NS CONF
    ip netns exec "$1" "$MIP6D" -c "$2" -d 7 -p "$WORK/$1.pid" >"$WORK/$1.log" 2>&1 &
    eval "PID_$1=$!"
    defer "kill $! 2>/dev/null"
}
stop() {          # stop NS: SIGTERM, wait for the exit status
    local pid; eval "pid=\$PID_$1"
    kill -TERM "$pid"; wait "$pid"
}
only_sas() {      # only_sas NS: no policy, and no state but the two ESP SAs
    local l n=0 esp=0
    [ -z "$(ip -n "$1" xfrm policy)" ] || return 1
    while IFS= read -r l; do
        [[ $l == src* ]] && n=$((n + 1))
        [[ $l == *"proto esp"* ]] && esp=$((esp + 1))
    done <<<"$(ip -n "$1" xfrm state)"
    [ "$n/$esp" = 2/2 ]
}
move() {          # move BRIDGE: re-plug the MN's cable
    ip -n $NS_HA -batch - <<X
link set mnp down
link set mnp master $1
link set mnp up
X
}

start_mip6d $NS_HA "$WORK/ha.conf"
start_mip6d $NS_MN "$WORK/mn.conf"
t "HA mip6d with UseMnHaIPsec answers on its VT" wait_for 10 vt_has $NS_HA stats "role HA" ||
    { tail -20 "$WORK/$NS_HA.log"; }
t "MN mip6d with UseMnHaIPsec answers on its VT" wait_for 10 vt_has $NS_MN stats "role MN"
# Per pair: two policies, and the inbound ro state with care-of address :: (any).
t "HA: its 2 policies and the hao state that takes any care-of address" \
    bash -c "[ \$(ip -n $NS_HA xfrm policy | grep -c '^src') = 2 ] && ip -n $NS_HA xfrm state | grep -A3 'proto hao' | grep -q 'coa ::$'"
t "MN: its 2 policies and the route2 state" \
    bash -c "[ \$(ip -n $NS_MN xfrm policy | grep -c '^src') = 2 ] && ip -n $NS_MN xfrm state | grep -q 'proto route2'"

# ---- away ----
move brremote
registered() { vt $NS_HA bc | grep -q "hoa $HOA status registered coa 2001:db8:1:"; }
t "away: the registration completes (bc on the HA: CoA in 2001:db8:1::/64)" wait_for 20 registered
# tshark is slow under the VM's CPU: it reads the registration's packets meanwhile.
cp "$WORK/mnp.pcap" "$WORK/registration.pcap"
{ tshark -r "$WORK/registration.pcap" -o esp.enable_null_encryption_decode_heuristic:TRUE \
    -Y 'esp && mipv6' -T fields -e mip6.mhtype 2>/dev/null || true; } >"$WORK/tshark.txt" &
TSHARK=$!
defer kill $TSHARK
bc=$(vt $NS_HA bc || true)
coa=$(sed -n 's/.* coa \([^ ]*\).*/\1/p' <<<"$bc")
seq=$(sed -n 's/.* seq \([0-9]*\).*/\1/p' <<<"$bc")
# The BA may still be on its way to the MN.
t "away: the MN's BA came through ESP (mh esp rx on its VT)" \
    wait_for 5 vt_has $NS_MN stats "mh esp rx [1-9]"
t "away: the MN's bul has a CoA in 2001:db8:1::/64" vt_has $NS_MN bul "Care-of address 2001:db8:1:"
t "away: the HA's route2 state and the MN's hao state point at the CoA ($coa)" \
    bash -c "ip -n $NS_HA xfrm state | grep -q 'coa $coa' && ip -n $NS_MN xfrm state | grep -q 'coa $coa'"

# ---- a forged plain BU: another address, the next sequence numbers, a long lifetime ----
ip -n $NS_MN addr add $FORGER/64 dev mn0 nodad
for i in 1 2; do
    ip netns exec $NS_MN "$PROBE" send-bu $FORGER $HA $HOA $(( (${seq:-0} + i * 7) % 65536 )) 400 >/dev/null
done
sleep 0.5
ip -n $NS_MN addr del $FORGER/64 dev mn0
t "forged plain BUs from $FORGER: the binding keeps its CoA" vt_has $NS_HA bc "coa $coa "
t "...and they are counted as unprotected (mh unprotected 2)" vt_has $NS_HA stats "mh unprotected 2"
t "...the kernel dropped them (XfrmInTmplMismatch)" \
    bash -c "ip netns exec $NS_HA awk '\$1 == \"XfrmInTmplMismatch\" && \$2 >= 2 { ok = 1 } END { exit !ok }' /proc/net/xfrm_stat"

# ---- exit ----
t "HA mip6d exits 0 on SIGTERM" stop $NS_HA
t "MN mip6d exits 0 on SIGTERM" stop $NS_MN
t "HA: no policy left, no ro state, the SAs kept" only_sas $NS_HA
t "MN: no policy left, no ro state, the SAs kept" only_sas $NS_MN

# ---- SIGTERM in the middle of a registration: the MN from home to the foreign link ----
move brhome
start_mip6d $NS_HA "$WORK/ha.conf"
start_mip6d $NS_MN "$WORK/mn.conf"
# Both up (a SIGTERM before the handlers are in would be the default action's).
wait_for 10 vt_has $NS_HA stats "role HA" || true
wait_for 10 vt_has $NS_MN stats "role MN" || true
move brremote
sent_bu() { grep -q "MH tx BU (ESP)" "$WORK/$NS_MN.log"; }
t "again: the MN sends its BU through ESP" wait_for 15 sent_bu
kill -TERM "$PID_m6imn" "$PID_m6iha"
rc_mn=0 rc_ha=0
wait "$PID_m6imn" || rc_mn=$?
wait "$PID_m6iha" || rc_ha=$?
t "...SIGTERM to both at once: the MN exits 0 ($rc_mn), the HA too ($rc_ha)" \
    test "$rc_mn/$rc_ha" = 0/0
t "...HA: no policy left, no ro state" only_sas $NS_HA
t "...MN: no policy left, no ro state" only_sas $NS_MN

# ---- the wire ----
sleep 0.3
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mapfile -t W < <(tcpdump -n -r "$WORK/mnp.pcap" 2>/dev/null)
count() { local l; N=0; for l in "${W[@]}"; do [[ $l =~ $1 ]] && N=$((N + 1)); done; return 0; }
count "$coa > $HA: DSTOPT ESP\\(spi=0x00002001"
t "wire: BU from the CoA as IPv6 | HAO | ESP ($N)" test "$N" -ge 1
count "$HA > $coa: RT6 .*type=2.*\\[0\\]$HOA\\) ESP\\(spi=0x00002002"
t "wire: BA to the CoA as IPv6 | RH2 | ESP ($N)" test "$N" -ge 1
count "$FORGER > $HA: DSTOPT mobility: BU"
t "wire: the forged BUs, plain ($N)" test "$N" -eq 2
count "mobility: B[UA]"
t "wire: no other BU or BA in the clear" test "$N" -eq 2
if command -v tshark >/dev/null; then
    wait $TSHARK || true
    mh=$(sort -u "$WORK/tshark.txt" | tr '\n' ' ')
    t "wire (tshark, NULL cipher): BU (5) and BA (6) inside ESP ($mh)" \
        bash -c "[[ ' $mh' == *' 5 '* && ' $mh' == *' 6 '* ]]"
fi

[ "$E2E_FAILED" = 0 ] || { KEEP_WORK=1; for f in "$WORK"/*.log; do echo "== $f"; tail -30 "$f"; done; }
summary

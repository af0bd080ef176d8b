#!/usr/bin/env bash
# mip6d's Route Optimization data path (daemon/kern_xfrm.c: XFRM ro states) through
# xfrm-ro-tool, without the daemon: the kernel puts the Home Address option on the
# MN's packets to the CN and the type 2 routing header on the CN's answers, lets
# Mobility Header packets go as built, follows a move to a new care-of address on
# another link (one ping socket across it), and the ledger removes everything.
#
#   ns m6romn                                   ns m6rocn
#   +---------------------------------+        +------------------------------+
#   | dummy0 HoA 2001:db8::beef (home)|        | lo  CN 2001:db8:ff::2        |
#   | mn1 CoA1 2001:db8:1::100  ======|========|= cn1 2001:db8:1::1           |
#   | mn2 CoA2 2001:db8:2::100  ======|========|= cn2 2001:db8:2::1           |
#   +---------------------------------+        +------------------------------+
#
# The CN's route to the home prefix goes over link 1 (standing in for the path through
# the home agent): a plain packet to the HoA is seen there, a route-optimized one goes
# to the CoA. Captures on cn1 and cn2. Exit 4: not root, or a kernel without IPV6_MIP6
# (run it in the lab VM: `backend/vm-exec -- tests/e2e/daemon-xfrm-ro.sh`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

TOOL=${XFRM_RO_TOOL:-$ROOT/build/tests/daemon/xfrm-ro-tool}
PCAP_CSUM=$ROOT/build/tests/pcap-csum
NS_MN=m6romn NS_CN=m6rocn
HOA=2001:db8::beef CN=2001:db8:ff::2 COA1=2001:db8:1::100 COA2=2001:db8:2::100
WORK=$(mktemp -d /tmp/daemon-xfrm-ro.XXXXXX)
# defer/cleanup (trap on EXIT), skip.
. "$here/lib-veth.sh"
[ -x "$TOOL" ] || { echo "$TOOL missing: run make first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"

# ---- topology ----
for ns in $NS_MN $NS_CN; do
    ip netns add $ns; defer ip netns del $ns
    ip -n $ns link set lo up
    ip netns exec $ns sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
done
if ! out=$(ip netns exec $NS_MN "$TOOL" probe); then
    # Our probe against iproute2's own attempt: only the kernel may say no.
    ip -n $NS_MN xfrm state add src ::1 dst ::1 proto hao mode ro coa ::1 2>/dev/null \
        || skip "$out (run it in the lab VM)"
    fail "probe: says no where ip xfrm can add a hao state" "$out"
    summary; exit 1
fi
ok "probe: this kernel has XFRM ro states ($NS_MN)"
t "probe: leaves no state behind" bash -c "[ -z \"\$(ip -n $NS_MN xfrm state)\" ]"

ip link add mn1 netns $NS_MN type veth peer name cn1 netns $NS_CN
ip link add mn2 netns $NS_MN type veth peer name cn2 netns $NS_CN
ip -n $NS_MN link add dummy0 type dummy
for l in mn1 mn2 dummy0; do ip -n $NS_MN link set $l up; done
for l in cn1 cn2; do ip -n $NS_CN link set $l up; done
# The kernel accepts a type 2 routing header only for an address flagged home.
nsx $NS_MN ip addr add $HOA/128 dev dummy0 home nodad
nsx $NS_MN ip addr add $COA1/64 dev mn1 nodad
nsx $NS_MN ip addr add $COA2/64 dev mn2 nodad
nsx $NS_MN ip addr add fe80::1:100/64 dev mn1 nodad
nsx $NS_CN ip addr add 2001:db8:1::1/64 dev cn1 nodad
nsx $NS_CN ip addr add 2001:db8:2::1/64 dev cn2 nodad
nsx $NS_CN ip addr add $CN/128 dev lo
nsx $NS_MN ip route add $CN via 2001:db8:1::1 dev mn1
nsx $NS_CN ip route add 2001:db8::/64 via fe80::1:100 dev cn1

for l in cn1 cn2; do
    ip netns exec $NS_CN tcpdump -U --immediate-mode -n -i $l -w "$WORK/$l.pcap" \
        'ip6 and not (icmp6 and (ip6[40] == 133 or ip6[40] == 135 or ip6[40] == 136))' \
        2>"$WORK/tcpdump-$l.log" &
    defer kill $!
done
for l in cn1 cn2; do
    wait_for 10 grep -q "listening on" "$WORK/tcpdump-$l.log" || { echo "tcpdump did not start" >&2; exit 1; }
done

# ---- the tool, one per side, driven line by line ----
# Each answers every command with one line. A tool must not hold the other's FIFO
# open (it would never see its end of input), hence the closes before the exec.
declare -A TFD TPID
tool_start() {   # tool_start NAME NS
    local fd
    mkfifo "$WORK/$1.in"
    (
        for fd in "${TFD[@]}"; do exec {fd}>&-; done
        exec ip netns exec "$2" "$TOOL" serve <"$WORK/$1.in" >"$WORK/$1.out" 2>&1
    ) &
    TPID[$1]=$!
    defer kill "${TPID[$1]}"
    exec {fd}>"$WORK/$1.in"
    TFD[$1]=$fd
}
lines_at_least() { [ "$(wc -l <"$1")" -ge "$2" ]; }
tool() {         # tool NAME COMMAND...: its answer on stdout; 0 when "ok"
    local name=$1 n last; shift
    n=$(($(wc -l <"$WORK/$name.out") + 1))
    echo "$*" >&"${TFD[$name]}"
    wait_for 5 lines_at_least "$WORK/$name.out" "$n" || { echo "no answer"; return 1; }
    last=$(sed -n "${n}p" "$WORK/$name.out")
    echo "$last"
    [[ $last == ok* ]]
}
tool_stop() {    # tool_stop NAME: end of input, then its exit status
    local fd=${TFD[$1]}
    exec {fd}>&-
    timeout 5 tail --pid="${TPID[$1]}" -f /dev/null && wait "${TPID[$1]}"
}
ledger_is() { [ "$(tool "$1" ledger)" = "ok ledger $2" ]; }
xfrm_count() { ip -n "$1" xfrm "$2" | grep -c '^src' || true; }
xfrm_empty() { [ -z "$(ip -n "$1" xfrm state)" ] && [ -z "$(ip -n "$1" xfrm policy)" ]; }

tool_start mn $NS_MN
tool_start cn $NS_CN

# ---- route optimization from CoA1 ----
t "mn-set HoA CoA1 CN" tool mn mn-set $HOA $COA1 $CN
t "cn-set CN HoA CoA1" tool cn cn-set $CN $HOA $COA1
t "MN: 2 states, 4 policies; ledger 6" \
    bash -c "[ $(xfrm_count $NS_MN state) = 2 ] && [ $(xfrm_count $NS_MN policy) = 4 ]"
t "MN: ...and the ledger holds the 6" ledger_is mn 6
t "CN: 2 states, 4 policies, the ledger holds the 6" \
    bash -c "[ $(xfrm_count $NS_CN state) = 2 ] && [ $(xfrm_count $NS_CN policy) = 4 ] && [ \"\$1\" = 'ok ledger 6' ]" \
    _ "$(tool cn ledger)"
t "ping from the HoA to the CN" ip netns exec $NS_MN ping -n -c 2 -i 0.2 -W 2 -I $HOA $CN
t "a HoTI HoA -> CN from an IPPROTO_RAW socket (as mip6d sends)" tool mn mh-raw $HOA $CN
t "a HoTI HoA -> CN from an IPPROTO_MH socket" tool mn mh-sock $HOA $CN
t "a HoTI CN -> HoA from an IPPROTO_RAW socket" tool cn mh-raw $CN $HOA
t "a HoTI CN -> HoA from an IPPROTO_MH socket" tool cn mh-sock $CN $HOA

# ---- a move to CoA2 on link 2, under one long-lived ping socket ----
ip netns exec $NS_MN ping -n -i 0.1 -c 16 -W 1 -I $HOA $CN >"$WORK/ping-move.txt" 2>&1 &
ping_pid=$!
sleep 0.5
t "mn-set HoA CoA2 CN (an update)" tool mn mn-set $HOA $COA2 $CN
ip -n $NS_MN route replace $CN via 2001:db8:2::1 dev mn2
t "cn-set CN HoA CoA2 (an update)" tool cn cn-set $CN $HOA $COA2
wait $ping_pid || true
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/ping-move.txt")
t "the ping across the move: at least 10 of 16 answered (got ${received:-0})" \
    test "${received:-0}" -ge 10
t "after the update: still 2 states and 4 policies on each side" \
    bash -c "[ $(xfrm_count $NS_MN state)$(xfrm_count $NS_MN policy)$(xfrm_count $NS_CN state)$(xfrm_count $NS_CN policy) = 2424 ]"
t "after the update: the states name CoA2 on both sides" \
    bash -c "[ \$(ip -n $NS_MN xfrm state | grep -c 'coa $COA2') = 2 ] && [ \$(ip -n $NS_CN xfrm state | grep -c 'coa $COA2') = 2 ]"
t "after the update: the ledgers still hold 6 each (no duplicate)" \
    bash -c "[ \"\$1 \$2\" = 'ok ledger 6 ok ledger 6' ]" _ "$(tool mn ledger)" "$(tool cn ledger)"
t "a new ping from the HoA after the move" ip netns exec $NS_MN ping -n -c 1 -W 2 -I $HOA $CN

# ---- the wire ----
sleep 0.3
for l in cn1 cn2; do
    tcpdump -nv -r "$WORK/$l.pcap" 2>/dev/null | grep -v '^[[:space:]]' >"$WORK/$l.txt" || true
done
has() { grep -qE "$2" "$WORK/$1.txt"; }
count() { grep -cE "$2" "$WORK/$1.txt" || true; }
re_hao() { echo "$1 > $CN: DSTOPT .*homeaddr: $HOA\\).*$2"; }
re_rh2() { echo "$CN > $1: RT6 .*type=2, segleft=1.*\\[0\\]$HOA\\).*$2"; }
t "link 1: echo request from CoA1 with a HAO for the HoA" has cn1 "$(re_hao $COA1 'echo request')"
t "link 1: echo reply to CoA1 with an RH2 for the HoA" has cn1 "$(re_rh2 $COA1 'echo reply')"
t "link 1: no echo request or reply left plain (HoA as source or destination)" \
    bash -c "! grep -qE '($HOA > $CN|$CN > $HOA): ICMP6, echo' '$WORK/cn1.txt'"
t "link 1: both HoTIs HoA -> CN as built (no HAO, not from the CoA)" \
    bash -c "[ \$(grep -cE '$HOA > $CN: mobility: HoTI' '$WORK/cn1.txt') = 2 ] && ! grep -qE 'DSTOPT.*mobility|> $CN: .*mobility.*homeaddr' '$WORK/cn1.txt'"
t "link 1: both HoTIs CN -> HoA as built (no RH2, to the HoA)" \
    bash -c "[ \$(grep -cE '$CN > $HOA: mobility: HoTI' '$WORK/cn1.txt') = 2 ] && ! grep -qE 'RT6.*mobility' '$WORK/cn1.txt'"
t "link 2: echo request from CoA2 with a HAO for the HoA" has cn2 "$(re_hao $COA2 'echo request')"
t "link 2: echo reply to CoA2 with an RH2 for the HoA" has cn2 "$(re_rh2 $COA2 'echo reply')"
t "link 2: nothing from or to CoA1" bash -c "! grep -q '$COA1' '$WORK/cn2.txt'"
ids() { sed -n 's/.*echo request, id \([0-9]*\),.*/\1/p' "$WORK/$1.txt" | sort -u; }
t "the long-lived ping socket went on over CoA2 (same ICMP id on both links)" \
    bash -c "[ -n \"\$(comm -12 <(echo '$(ids cn1)') <(echo '$(ids cn2)'))\" ]"
if [ -x "$PCAP_CSUM" ]; then
    t "every ICMPv6 and MH checksum on both links is right (HAO/RH2 pseudo-header)" \
        "$PCAP_CSUM" "$WORK/cn1.pcap" "$WORK/cn2.pcap"
fi

# ---- removal: explicit, then by the ledger at exit ----
t "mn-del HoA CN" tool mn mn-del $HOA $CN
t "cn-del CN HoA" tool cn cn-del $CN $HOA
t "after del: no XFRM state or policy left on either side" \
    bash -c "ip -n $NS_MN xfrm state | grep -q . || ip -n $NS_MN xfrm policy | grep -q . || \
             ip -n $NS_CN xfrm state | grep -q . || ip -n $NS_CN xfrm policy | grep -q . || exit 0; exit 1"
t "after del: the ledgers are empty" \
    bash -c "[ \"\$1 \$2\" = 'ok ledger 0 ok ledger 0' ]" _ "$(tool mn ledger)" "$(tool cn ledger)"
t "ping from the HoA still answered after del (plain now)" \
    ip netns exec $NS_MN ping -n -c 1 -W 2 -I $HOA $CN
t "set again on the MN" tool mn mn-set $HOA $COA2 $CN
t "set again on the CN" tool cn cn-set $CN $HOA $COA2
t "...present: 2 states and 4 policies on each side" \
    bash -c "[ $(xfrm_count $NS_MN state)$(xfrm_count $NS_MN policy)$(xfrm_count $NS_CN state)$(xfrm_count $NS_CN policy) = 2424 ]"
t "MN tool exits on end of input (kern_close)" tool_stop mn
t "CN tool exits on end of input (kern_close)" tool_stop cn
t "after exit without del: nothing left on the MN" xfrm_empty $NS_MN
t "after exit without del: nothing left on the CN" xfrm_empty $NS_CN
t "a one-shot mn-set exits clean too" \
    bash -c "ip netns exec $NS_MN '$TOOL' mn-set $HOA $COA1 $CN && [ -z \"\$(ip -n $NS_MN xfrm state)\" ]"
summary

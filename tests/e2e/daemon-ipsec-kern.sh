#!/usr/bin/env bash
# IPsec for the home registration (RFC 3776) below the daemon: mip6d's kernel objects
# (daemon/kern_ipsec.c) and its protected MH path (daemon/io_mhk.c, io_mh.c), through
# ipsec-tool on both sides (tests/e2e/daemon-ipsec.sh runs the daemons themselves),
# the SAs written with ip xfrm state as the lab does: the BU and the BA leave in ESP with
# the HAO / type 2 routing header in front of it, are read back after the kernel checked
# them, follow a move to a new care-of address and the return home; a plain BU for the
# home address is dropped by the kernel and counted; without its SA the BU does not
# leave at all; nothing of ours left at the end, and a run killed while away is taken
# over by the next (IPSEC_AES=1: aes-cbc SAs too; IPSEC_COST=N: the cost per message of
# both send paths, N each).
#
#   ns m6ipmn                                 ns m6ipha
#   +-------------------------------+        +--------------------------------+
#   | dummy0 HoA 2001:db8::beef home|        | dummy0 HA 2001:db8::1/64 (home)|
#   | mn1 CoA1 2001:db8:1::100 =====|========|= ha1 2001:db8:1::1             |
#   | mn2 CoA2 2001:db8:2::100 =====|========|= ha2 2001:db8:2::1             |
#   +-------------------------------+        +--------------------------------+
#
# Captures on ha1 and ha2. Exit 4: not root, or a kernel without IPV6_MIP6 (run it in
# the lab VM: `backend/vm-exec -- tests/e2e/daemon-ipsec-kern.sh`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

TOOL=${IPSEC_TOOL:-$ROOT/build/tests/daemon/ipsec-tool}
PROBE=$ROOT/build/tests/wire-probe
NS_MN=m6ipmn NS_HA=m6ipha
HOA=2001:db8::beef HA=2001:db8::1 COA1=2001:db8:1::100 COA2=2001:db8:2::100
FORGER=2001:db8:1::66
KEY=0x0123456789abcdef0123456789abcdef01234567
WORK=$(mktemp -d /tmp/daemon-ipsec-kern.XXXXXX)
. "$here/lib-veth.sh"
[ -x "$TOOL" ] || { echo "$TOOL missing: run make first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"

batch() {        # batch NS|-: ip commands from stdin in one ip process, echoed
    local cmds l
    cmds=$(</dev/stdin)
    while IFS= read -r l; do echo "[${1/-/host}]# ip $l"; done <<<"$cmds"
    if [ "$1" = - ]; then ip -batch - <<<"$cmds"; else ip -n "$1" -batch - <<<"$cmds"; fi
}
count_lines() {  # count_lines NS state|policy: into N, the objects XFRM holds there
    local l
    N=0
    while IFS= read -r l; do [[ $l == src* ]] && N=$((N + 1)); done \
        <<<"$(ip -n "$1" xfrm "$2")"
    return 0
}
objs_are() {     # objs_are NS STATES/POLICIES
    local s
    count_lines "$1" state; s=$N
    count_lines "$1" policy
    [ "$s/$N" = "$2" ]
}
# sas NS ENC: the two SAs of the pair (reqids 1 to the HA, 2 to the MN)
sas() {
    local enc="enc ecb(cipher_null) \"\"" op=${3:-add}
    [ "$2" = aes ] && enc="enc cbc(aes) 0x00112233445566778899aabbccddeeff"
    batch "$1" <<X
xfrm state $op src $HOA dst $HA proto esp spi 0x1001 reqid 1 mode transport $enc auth-trunc hmac(sha1) $KEY 96
xfrm state $op src $HA dst $HOA proto esp spi 0x1002 reqid 2 mode transport $enc auth-trunc hmac(sha1) $KEY 96
X
}
xstat() {        # xstat NS COUNTER: that /proc/net/xfrm_stat counter into N
    local k v
    N=0
    while read -r k v; do [ "$k" = "$2" ] && N=$v; done \
        < <(ip netns exec "$1" cat /proc/net/xfrm_stat)
    return 0
}
mismatches() { xstat "$1" XfrmInTmplMismatch; }

# ---- topology ----
for ns in $NS_MN $NS_HA; do
    ip netns add $ns; defer ip netns del $ns
done
batch - <<X
link add mn1 netns $NS_MN type veth peer name ha1 netns $NS_HA
link add mn2 netns $NS_MN type veth peer name ha2 netns $NS_HA
X
# The kernel accepts a type 2 routing header only for an address flagged home.
batch $NS_MN <<X
link set lo up
link add dummy0 type dummy
link set dummy0 up
link set mn1 up
link set mn2 up
addr add $HOA/128 dev dummy0 home nodad
addr add $COA1/64 dev mn1 nodad
addr add $FORGER/64 dev mn1 nodad
addr add $COA2/64 dev mn2 nodad
addr add fe80::1:100/64 dev mn1 nodad
route add 2001:db8::/64 via 2001:db8:1::1 dev mn1
X
batch $NS_HA <<X
link set lo up
link add dummy0 type dummy
link set dummy0 up
link set ha1 up
link set ha2 up
addr add $HA/64 dev dummy0 nodad
addr add 2001:db8:1::1/64 dev ha1 nodad
addr add 2001:db8:2::1/64 dev ha2 nodad
X
sas $NS_MN null
sas $NS_HA null
if ! ip -n $NS_HA xfrm state add src ::1 dst ::1 proto hao mode ro coa ::1 2>/dev/null; then
    skip "this kernel has no XFRM ro states (IPV6_MIP6): run it in the lab VM"
fi
ip -n $NS_HA xfrm state del src ::1 dst ::1 proto hao

for l in ha1 ha2; do
    ip netns exec $NS_HA tcpdump -U --immediate-mode -n -i $l -w "$WORK/$l.pcap" \
        'ip6 and not icmp6' 2>"$WORK/tcpdump-$l.log" &
    defer kill $!
done
for l in ha1 ha2; do
    wait_for 10 grep -q "listening on" "$WORK/tcpdump-$l.log" || { echo "tcpdump did not start" >&2; exit 1; }
done

# ---- the tool, one per side, driven line by line through two FIFOs ----
declare -A WFD RFD TPID
tool_start() {   # tool_start NAME NS ARGS...
    local fd name=$1 ns=$2
    shift 2
    mkfifo "$WORK/$name.in" "$WORK/$name.out"
    (
        for fd in "${WFD[@]}" "${RFD[@]}"; do exec {fd}>&-; done
        exec ip netns exec "$ns" "$TOOL" "$@" <"$WORK/$name.in" >"$WORK/$name.out"
    ) &
    TPID[$name]=$!
    defer kill "${TPID[$name]}"
    exec {fd}>"$WORK/$name.in"
    WFD[$name]=$fd
    exec {fd}<"$WORK/$name.out"
    RFD[$name]=$fd
    read -r -t 5 -u "${RFD[$name]}" ANSWER && [ "$ANSWER" = "ok ready" ]
}
tool() {         # tool NAME COMMAND...: its answer in ANSWER; 0 when "ok"
    local name=$1
    shift
    ANSWER=
    echo "$*" >&"${WFD[$name]}"
    read -r -t 5 -u "${RFD[$name]}" ANSWER || return 1
    [[ $ANSWER == ok* ]]
}
said() { tool "$1" "$2" >/dev/null; [ "$ANSWER" = "$3" ] || { echo "got: $ANSWER"; false; }; }
tool_stop() {    # tool_stop NAME: end of input; 0 when it exited 0 within 5 s
    local fd=${WFD[$1]} rest
    exec {fd}>&-
    read -r -t 5 -u "${RFD[$1]}" rest
    [ $? -eq 1 ] && wait "${TPID[$1]}"
}
# exchange SEQ COA|home: a BU from the MN, the HA's view of it; a BA back, the MN's view.
exchange() {
    local coa=$2 src=$2 dst=$2
    [ "$coa" = home ] && src=$HOA dst=$HOA
    local hao=$HOA rh2=$HOA
    [ "$coa" = home ] && hao=- rh2=-
    # The receiver waits first; the FIFO keeps the order of the commands.
    echo "recv 3000" >&"${WFD[ha]}"
    tool mn send "$1" "$coa" || { echo "mn send: $ANSWER"; return 1; }
    read -r -t 5 -u "${RFD[ha]}" ANSWER
    [ "$ANSWER" = "rx BU seq $1 src $src dst $HA hao $hao rh2 - protected 1" ] \
        || { echo "HA got: $ANSWER"; return 1; }
    echo "recv 3000" >&"${WFD[mn]}"
    tool ha send "$1" "$coa" || { echo "ha send: $ANSWER"; return 1; }
    read -r -t 5 -u "${RFD[mn]}" ANSWER
    [ "$ANSWER" = "rx BA seq $1 src $HA dst $dst hao - rh2 $rh2 protected 1" ] \
        || { echo "MN got: $ANSWER"; return 1; }
}
check() {        # check DESCRIPTION CMD...: like t, with the command's words on failure
    local what=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$what"; else fail "$what" "$out"; fi
}

if tool_start ha $NS_HA ha $HOA $HA 1 2; then ok "HA: pair in place"; else fail "HA: pair in place" "$ANSWER"; fi
if tool_start mn $NS_MN mn $HOA $HA 1 2; then ok "MN: pair in place"; else fail "MN: pair in place" "$ANSWER"; fi
t "HA: 2 ESP SAs + the hao state (coa ::), 2 policies" objs_are $NS_HA 3/2
t "MN: 2 ESP SAs + the route2 state (coa ::), 2 policies" objs_are $NS_MN 3/2

# ---- from CoA1 ----
check "BU from CoA1 through ESP, read back by the HA; BA back to CoA1" exchange 1 $COA1
t "MN: the hao state for CoA1 (and the HA's route2 state)" \
    eval "objs_are $NS_MN 4/2 && objs_are $NS_HA 4/2"
check "the same again: nothing new in XFRM" \
    eval "exchange 2 $COA1 && objs_are $NS_MN 4/2 && objs_are $NS_HA 4/2"

# ---- a plain BU for the home address, forged from another address ----
mismatches $NS_HA; before=$N
echo "recv 1000" >&"${WFD[ha]}"
ip netns exec $NS_MN "$PROBE" send-bu $FORGER $HA $HOA 9 >/dev/null
read -r -t 5 -u "${RFD[ha]}" ANSWER || true
check "a plain BU from $FORGER (HAO HoA) does not reach the engine" test "$ANSWER" = "rx none"
check "...it is counted as unprotected" said ha stats "ok rx 2 esp-rx 2 unprotected 1 tx 2 esp-tx 2"
mismatches $NS_HA
check "...and the kernel dropped it (XfrmInTmplMismatch $before -> $N)" test "$N" -gt "$before"

# ---- a move to CoA2 on link 2 ----
ip -n $NS_MN route replace 2001:db8::/64 via 2001:db8:2::1 dev mn2
check "a move: BU from CoA2, BA to CoA2" exchange 3 $COA2
t "after the move: still 4 states, 2 policies on each side" \
    eval "objs_are $NS_MN 4/2 && objs_are $NS_HA 4/2"

# ---- aes-cbc (IPSEC_AES=1: the VM takes some 18 s to load the cipher's modules) ----
if [ -n "${IPSEC_AES:-}" ]; then
    sas $NS_MN aes update
    sas $NS_HA aes update
    check "aes-cbc SAs: BU and BA through ESP" exchange 4 $COA2
fi

# ---- home ----
ip -n $NS_HA route add $HOA/128 via fe80::1:100 dev ha1
ip -n $NS_MN route replace 2001:db8::/64 via 2001:db8:1::1 dev mn1
check "at home: BU from the HoA and BA to it, ESP without HAO/RH2" exchange 5 home
t "at home: the hao and route2 states are gone" \
    eval "objs_are $NS_MN 3/2 && objs_are $NS_HA 3/2"
check "back away: BU from CoA1 again" exchange 6 $COA1

# ---- no SA towards the HA: the BU goes nowhere, never in the clear ----
ip -n $NS_MN xfrm state del src $HOA dst $HA proto esp spi 0x1001
xstat $NS_MN XfrmOutNoStates; before=$N
echo "recv 1000" >&"${WFD[ha]}"
tool mn send 7 $COA1 || true
sent=$ANSWER
read -r -t 5 -u "${RFD[ha]}" ANSWER || true
check "without the SA HoA -> HA the BU does not leave (send: $sent)" test "$ANSWER" = "rx none"
xstat $NS_MN XfrmOutNoStates
check "...the kernel dropped it (XfrmOutNoStates $before -> $N)" test "$N" -gt "$before"
ip -n $NS_MN xfrm state add src $HOA dst $HA proto esp spi 0x1001 reqid 1 mode transport \
    enc 'ecb(cipher_null)' '' auth-trunc 'hmac(sha1)' $KEY 96

# ---- the cost (IPSEC_COST=N: N messages each way; docs/design.md) ----
if [ -n "${IPSEC_COST:-}" ]; then
    for kind in esp raw; do
        echo "drain $((IPSEC_COST * 5 + 1000))" >&"${WFD[ha]}"
        tool mn bench-$kind "$IPSEC_COST" $COA1 && echo "MN send $kind: $ANSWER"
        read -r -t 60 -u "${RFD[ha]}" ANSWER && echo "HA receive $kind: $ANSWER"
    done
fi

# ---- exit ----
t "MN: the tool exits 0" tool_stop mn
t "HA: the tool exits 0" tool_stop ha
t "MN: no policy, only the 2 SAs left" objs_are $NS_MN 2/0
t "HA: no policy, only the 2 SAs left" objs_are $NS_HA 2/0

# ---- killed while away: the next run takes the objects over, not the old CoA ----
tool_start mn2 $NS_MN mn $HOA $HA 1 2 || true
tool mn2 send 8 $COA1 || true
kill -9 "${TPID[mn2]}"; wait "${TPID[mn2]}" 2>/dev/null || true
t "killed away: its states and policies stay (2 SAs, route2, hao; 2 policies)" \
    objs_are $NS_MN 4/2
if tool_start mn3 $NS_MN mn $HOA $HA 1 2; then ok "the next run starts"; else fail "the next run starts" "$ANSWER"; fi
t "...without the old hao state (a BU from home would carry its CoA)" objs_are $NS_MN 3/2
t "...and removes what it took over at exit" eval "tool_stop mn3 && objs_are $NS_MN 2/0"

# ---- the wire ----
sleep 0.2
mapfile -t W < <(tcpdump -n -r "$WORK/ha1.pcap" 2>/dev/null; tcpdump -n -r "$WORK/ha2.pcap" 2>/dev/null)
count() { local l; N=0; for l in "${W[@]}"; do [[ $l =~ $1 ]] && N=$((N + 1)); done; return 0; }
count "$COA1 > $HA: DSTOPT .*ESP\\(spi=0x00001001"
check "wire: BUs from CoA1 as IPv6 | HAO | ESP ($N)" test "$N" -ge 3
count "$HA > $COA2: RT6 .*type=2.*\\[0\\]$HOA\\) ESP\\(spi=0x00001002"
check "wire: BAs to CoA2 as IPv6 | RH2 | ESP ($N)" test "$N" -ge 1
count "$HOA > $HA: ESP\\(spi=0x00001001"
check "wire: the BU from home: ESP, no HAO ($N)" test "$N" -ge 1
count "$FORGER > $HA: DSTOPT mobility: BU seq#=9 "
check "wire: the forged BU, plain" test "$N" -eq 1
count "mobility: B[UA] seq#=[0-9] "
check "wire: no other plain BU or BA (but the cost's, seq 1000 on)" test "$N" -eq 1
summary

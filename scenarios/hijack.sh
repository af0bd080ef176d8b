# shellcheck shell=bash
# DESCRIPTION: binding hijack: mallory on the visited link forges raven's Binding Update; IPsec (MIP6LAB_IPSEC=on) stops it
#
# What a student should observe: raven moves to "remote" and registers with denali as
# in basic-handover, with cn's probe to 2001:db8::beef flowing through the tunnel.
# mallory, another station on "remote" (topology hijack), then sends a Binding Update
# of its own (build/mip6-forge): source its own address, a Home Address option with
# raven's home address, a sequence number one ahead of raven's last BU (read from the
# capture, as anyone on an open ESS can), the A and H flags, a long lifetime.
# Without IPsec (the default) denali cannot tell it from raven's: it answers mallory
# with a Binding Acknowledgement, `bc` shows mallory's address as the care-of address,
# cn's probe is tunnelled to mallory (its capture counts the packets) and raven gets
# none of it. The report's "Binding hijack" section names the binding (verdict
# hijacked, packets_to_attacker).
# With MIP6LAB_IPSEC=on the lab writes fresh ESP keys (conf/ipsec.keys) and installs the
# SAs in denali and raven; mip6d (UseMnHaIPsec, IPsecPolicySet) adds the XFRM policies:
# raven's BU and denali's BA travel in ESP (tcpdump: ESP(spi=...); ESP-NULL by default,
# so Wireshark with the keys, conf/esp_sa, shows the Mobility Header inside). mallory's
# plain BU is dropped by denali's kernel, whose policy wants ESP (/proc/net/xfrm_stat:
# XfrmInTmplMismatch), and by mip6d, which counts it (`stats`: mh unprotected),
# `bc` keeps raven's care-of address, raven keeps every probe and mallory gets none:
# verdict none. docs/hijack.md walks through both.
#
# Parameters (environment):
#   MIP6LAB_IPSEC=off|on             ESP for the home registration (default off)
#   MIP6LAB_IPSEC_ENC=null|aes       ESP-NULL (default) or AES-CBC, HMAC-SHA1-96 both
#   MIP6LAB_IPSEC_KEYS=FILE          these SAs instead of fresh keys (format: docs/analyzer.md)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX   RA intervals (default 0.03 and 0.07 s)
# Expectations: scenarios/hijack.expect (off); with IPsec
#   MIP6LAB_IPSEC=on MIP6LAB_EXPECT_DIR=scenarios/ipsec ./run.sh --check hijack

SCENARIO_TOPOLOGY=hijack
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"
. "$MIP6LAB_ROOT/lib/ipsec.sh"

: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX
# Here, before the lab touches the kernel: a bad setting or key file stops the run.
ipsec_prepare 2001:db8::beef 2001:db8::

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha=2001:db8:: evil=mallory ha_conf mn_conf
    local extra=() evil_addr seq t_forge
    mapfile -t extra < <(ipsec_conf_lines)
    step scenario "IPsec for the home registration: $MIP6LAB_IPSEC"
    roam_dad_mode $mn "$(mn_field $mn 2)" optimistic
    ha_conf=$(roam_conf denali-hijack-ha.conf mip6d-ha.conf "HaDuplicateAddressDetection disabled;" "${extra[@]}")
    mn_conf=$(roam_conf raven-hijack-mn.conf mip6d-mn.conf "${extra[@]}")
    ipsec_install "$TOPO_ROUTER" $mn
    evil_addr=$(wait_address $evil 2001:db8:1::/64)
    step scenario "$evil on remote: $evil_addr"
    roam_start_home $mn $hoa "$ha_conf" "$mn_conf"
    if [ -n "$IPSEC_KEYS" ]; then
        hijack_away_esp $mn $hoa
        # Once raven is registered away: the SAs have carried the BU and the BA.
        ipsec_show "$TOPO_ROUTER"
        ipsec_show $mn
    else
        roam_away $mn $hoa
    fi
    step scenario "$mn registered $ROAM_COA"
    seq=$(hijack_last_bu_seq $mn $hoa) || die "no BU of $mn for $hoa in its capture"
    # One ahead of raven's: the smallest number the home agent takes as newer.
    seq=$(((seq + 1) % 65536))
    if [ -n "$IPSEC_KEYS" ]; then hijack_drop_baseline "$TOPO_ROUTER"; fi
    t_forge=$(now_us)
    event $evil forge-bu "hoa=$hoa" "coa=$evil_addr" "seq=$seq"
    HIJACK_FORGE_LINE=$(nsx $evil "$MIP6LAB_BIN/mip6-forge" -s $seq "$evil_addr" $ha $hoa 2>&1) \
        || die "mip6-forge on $evil failed: $HIJACK_FORGE_LINE"
    transcript "$HIJACK_FORGE_LINE"
    step scenario "$evil forged a BU for $hoa with care-of address $evil_addr, seq $seq"
    if [ -n "$IPSEC_KEYS" ]; then
        hijack_defended $mn $hoa "$evil_addr" "$t_forge"
    else
        hijack_succeeded $mn $hoa "$evil_addr" "$t_forge"
    fi
    probe_stop
}

# hijack_last_bu_seq MN HOA: the sequence number of MN's last BU for HOA. In the clear
# it is in MN's capture, as anyone on the open ESS reads it from the air. In ESP (AES,
# or even NULL for an attacker without Wireshark's help) it is denali's own figure from
# `bc`: the best an attacker could know, which does not help it either.
hijack_last_bu_seq() {
    local mn=$1 hoa=$2 l seq=
    if [ -n "$IPSEC_KEYS" ]; then
        l=$(< "$RUN_DIR/logs/$TOPO_ROUTER-vt-bc.txt")
        [[ $l =~ hoa\ $hoa\ .*\ seq\ ([0-9]+) ]] && seq=${BASH_REMATCH[1]}
    else
        while read -r l; do
            [[ $l == *" BU "*"hoa=$hoa "* && $l =~ \ seq=([0-9]+) ]] && seq=${BASH_REMATCH[1]}
        done < <(pcap_csum --list "$RUN_DIR/$mn-wlan0.pcap")
    fi
    [ -n "$seq" ] && echo "$seq"
}

# hijack_succeeded MN HOA EVIL_ADDR T_FORGE: without IPsec, denali believes mallory.
hijack_succeeded() {
    local mn=$1 hoa=$2 evil_addr=$3 t_forge=$4 evil=mallory t_ba n
    local bc=$RUN_DIR/logs/$TOPO_ROUTER-vt-bc-hijacked.txt csum=$RUN_DIR/logs/pcap-csum-hijack.txt
    busywait 5000 vt_save_has "$TOPO_ROUTER" bc "$bc" "hoa $hoa status registered coa $evil_addr " \
        || die "check failed: bc on $TOPO_ROUTER does not show $hoa bound to $evil's $evil_addr: $(tr '\n' ' ' < "$bc")"
    step check "bc on $TOPO_ROUTER: $hoa -> $evil_addr ($evil): the binding is hijacked"
    event "$TOPO_ROUTER" bc-registered "hoa=$hoa" "coa=$evil_addr"
    busywait 5000 hijack_ba_to "$RUN_DIR/$evil-wlan0.pcap" "$t_forge" "$hoa" \
        || die "check failed: no accepting BA from $TOPO_ROUTER to $evil in $evil-wlan0.pcap"
    t_ba=$HIJACK_T_BA
    step check "$TOPO_ROUTER answered $evil's BU with an accepting BA (status 0, type 2 routing header $hoa): ok"
    # The probe every 20 ms: half a second of it.
    busywait 10000 hijack_tunnelled_at "$RUN_DIR/$evil-wlan0.pcap" "$t_ba" 25 "$csum.$evil" \
        || die "check failed: the probe to $hoa is not tunnelled to $evil ($(pcap_count IPv6-in-IPv6 "$csum.$evil") packets)"
    n=$(pcap_count IPv6-in-IPv6 "$csum.$evil")
    step check "cn's probe to $hoa reaches $evil: $n packets tunnelled to $evil_addr in $evil-wlan0.pcap"
    # A packet the home agent tunnelled before the BA may still be on its way.
    pcap_csum --after "$(hijack_plus "$t_ba" 0.05)" "$RUN_DIR/$mn-wlan0.pcap" > "$csum.$mn" || true
    check "$mn gets none of it: no tunnelled packet in $mn-wlan0.pcap after the hijack ($(pcap_count IPv6-in-IPv6 "$csum.$mn"))" \
        test "$(pcap_count IPv6-in-IPv6 "$csum.$mn")" -eq 0
    check "cn's probe gets no reply from $hoa after the hijack" \
        test "$(probe_replies_after "$(hijack_plus "$t_ba" 0.05)")" -eq 0
}

# hijack_defended MN HOA EVIL_ADDR T_FORGE: with IPsec, denali drops mallory's BU.
hijack_defended() {
    local mn=$1 hoa=$2 evil_addr=$3 t_forge=$4 evil=mallory coa=$ROAM_COA
    local bc=$RUN_DIR/logs/$TOPO_ROUTER-vt-bc-defended.txt csum=$RUN_DIR/logs/pcap-csum-hijack.txt
    busywait 5000 hijack_dropped "$TOPO_ROUTER" \
        || die "check failed: $TOPO_ROUTER did not count $evil's BU as unprotected (stats: unprotected $HIJACK_UNPROT_BEFORE -> $HIJACK_UNPROT; xfrm_stat: XfrmInTmplMismatch $HIJACK_MISMATCH_BEFORE -> $HIJACK_MISMATCH)"
    step check "$TOPO_ROUTER dropped $evil's plain BU (stats: unprotected $HIJACK_UNPROT_BEFORE -> $HIJACK_UNPROT; xfrm_stat: XfrmInTmplMismatch $HIJACK_MISMATCH_BEFORE -> $HIJACK_MISMATCH)"
    vt "$TOPO_ROUTER" bc > "$bc"
    check "bc on $TOPO_ROUTER keeps $hoa -> $coa ($mn)" grep -q "hoa $hoa status registered coa $coa " "$bc"
    # Half a second of the probe after the forged BU, all of it raven's.
    busywait 10000 hijack_replies_at_least "$t_forge" 25 \
        || die "check failed: the probe to $hoa stopped after $evil's BU"
    step check "cn's probe to $hoa is still answered by $mn after $evil's BU: ok"
    pcap_csum --after "$t_forge" "$RUN_DIR/$evil-wlan0.pcap" > "$csum.$evil" || true
    check "$evil's BU is on its link (the attack was made)" test "$(pcap_count BU-with-HAO "$csum.$evil")" -ge 1
    check "$evil got no BA" test "$(pcap_count BA-accepted "$csum.$evil")" -eq 0
    check "$evil got no tunnelled packet ($(pcap_count IPv6-in-IPv6 "$csum.$evil"))" \
        test "$(pcap_count IPv6-in-IPv6 "$csum.$evil")" -eq 0
}

# hijack_away_esp MN HOA: roam_away with IPsec: the same daemons' view and probe, and on
# the wire the BU and the BA in ESP, no Mobility Header in the clear.
hijack_away_esp() {
    local mn=$1 hoa=$2 t_move addr bc=$RUN_DIR/logs/$TOPO_ROUTER-vt-bc.txt out
    t_move=$(now_us)
    move_to "$mn" remote
    step scenario "$mn associated to remote"
    addr=$(wait_address "$mn" 2001:db8:1::/64)
    step scenario "$mn care-of address $addr"
    busywait 15000 vt_save_has "$TOPO_ROUTER" bc "$bc" "hoa $hoa status registered coa $addr " \
        || die "check failed: bc on $TOPO_ROUTER shows no binding $hoa -> $addr: $(tr '\n' ' ' < "$bc")"
    step check "bc on $TOPO_ROUTER: hoa $hoa coa $addr: ok"
    event "$TOPO_ROUTER" bc-registered "hoa=$hoa" "coa=$addr"
    t_move=$(last_assoc_after "$mn" "$t_move")
    busywait 10000 probe_resumed_after "$t_move" \
        || die "check failed: the probe from $TOPO_CN to $hoa did not resume after the move"
    step check "probe $TOPO_CN -> $hoa resumed after the move: ok"
    check "$TOPO_ROUTER tunnels to the care-of address" ha_tunnels_to "$TOPO_ROUTER" "$addr"
    # tcpdump's own decoding is enough to see ESP, and starts in a fraction of the time
    # tshark takes under the VM's emulated CPU (25 s on a loaded machine); the ICV and
    # the MH inside are the analyzer's (--esp-sa) and tests/e2e/lab-hijack-ipsec.sh's
    # tshark with the keys.
    busywait 5000 hijack_esp_exchange "$RUN_DIR/$mn-wlan0.pcap" "$addr" "$hoa" \
        || die "check failed: no BU in ESP from $addr to $TOPO_ROUTER and BA in ESP back on $mn's link (tcpdump: logs/tcpdump-esp-$mn-wlan0.txt)"
    step check "the BU leaves $mn in ESP from $addr (DSTOPT: the Home Address option, SPI $(ipsec_spi "$hoa" "$IPSEC_HA")), the BA comes back in ESP (type 2 routing header $hoa, SPI $(ipsec_spi "$IPSEC_HA" "$hoa")): ok"
    check "no Mobility Header reaches or leaves $mn outside ESP after the move" \
        test "$(pcap_csum --after "$t_move" "$RUN_DIR/$mn-wlan0.pcap" | awk '$1 == "BU" || $1 == "BA" { n += $3 + $5 } END { print n + 0 }')" -eq 0
    ROAM_COA=$addr
}

# hijack_esp_exchange PCAP COA HOA: tcpdump shows an ESP packet of the SA towards the
# home agent from COA behind a Destination Options header, and one of the SA towards
# the MN to COA behind a type 2 routing header for HOA (its listing in logs/).
hijack_esp_exchange() {
    local out=$RUN_DIR/logs/tcpdump-esp-${1##*/} to_ha to_mn
    out=${out%.pcap}.txt
    to_ha=$(ipsec_spi "$3" "$IPSEC_HA") to_mn=$(ipsec_spi "$IPSEC_HA" "$3")
    tcpdump -nr "$1" 2>/dev/null | grep 'ESP(spi=' > "$out" || true
    grep -qF "IP6 $2 > $IPSEC_HA: DSTOPT ESP(spi=$to_ha," "$out" \
        && grep -qF "IP6 $IPSEC_HA > $2: RT6 (len=2, type=2, segleft=1, [0]$3) ESP(spi=$to_mn," "$out"
}

# hijack_ba_to PCAP T HOA: an accepting BA with a type 2 routing header for HOA in PCAP
# after T; its capture time in HIJACK_T_BA.
hijack_ba_to() {
    local l
    HIJACK_T_BA=
    while read -r l; do
        [[ $l == mh\ *" BA "*"rh2=$3 "*"status=0 "* ]] && { l=${l#mh }; HIJACK_T_BA=${l%% *}; return 0; }
    done < <(pcap_csum --after "$2" --list "$1")
    return 1
}

# hijack_tunnelled_at PCAP T N OUT: at least N IPv6-in-IPv6 packets in PCAP after T.
hijack_tunnelled_at() {
    pcap_csum --after "$2" "$1" > "$4" || true
    [ "$(pcap_count IPv6-in-IPv6 "$4")" -ge "$3" ]
}

hijack_replies_at_least() { [ "$(probe_replies_after "$1")" -ge "$2" ]; }

# hijack_plus T S: epoch time T plus S seconds.
hijack_plus() { awk -v t="$1" -v s="$2" 'BEGIN { printf "%.6f\n", t + s }'; }

# hijack_drop_counters NODE: mip6d's unprotected counters (VT stats: the engine's
# "unprotected" and the I/O side's "mh unprotected") into HIJACK_UNPROT,
# the kernel's XfrmInTmplMismatch in NODE into HIJACK_MISMATCH; false when the VT did
# not answer (within MIP6D_VT_TIMEOUT: a loaded machine).
hijack_drop_counters() {
    local k v out
    out=$(vt "$1" stats) || return 1
    [[ $out =~ (^|$'\n')unprotected\ ([0-9]+) ]] || return 1
    HIJACK_UNPROT=${BASH_REMATCH[2]} HIJACK_MISMATCH=0
    # The I/O side's count of plain MH for a protected pair, printed once not zero.
    if [[ $out =~ (^|$'\n')mh\ unprotected\ ([0-9]+) ]]; then HIJACK_UNPROT=$((HIJACK_UNPROT + BASH_REMATCH[2])); fi
    while read -r k v; do [ "$k" != XfrmInTmplMismatch ] || HIJACK_MISMATCH=$v; done \
        < <(ip netns exec "$1" cat /proc/net/xfrm_stat)
}
hijack_drop_baseline() {
    busywait 10000 hijack_drop_counters "$1" || die "no answer to stats on $1's VT"
    HIJACK_UNPROT_BEFORE=$HIJACK_UNPROT HIJACK_MISMATCH_BEFORE=$HIJACK_MISMATCH
}

# hijack_dropped NODE: either counter grew since hijack_drop_baseline.
hijack_dropped() {
    hijack_drop_counters "$1" || return 1
    [ "$HIJACK_UNPROT_BEFORE" -lt "$HIJACK_UNPROT" ] || [ "$HIJACK_MISMATCH_BEFORE" -lt "$HIJACK_MISMATCH" ]
}

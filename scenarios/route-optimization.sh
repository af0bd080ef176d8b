# shellcheck shell=bash
# DESCRIPTION: route optimisation: return routability and a binding at cn take the probe off the slow triangle through the home agent
#
# What a student should observe: the home network (denali: router and home agent) is
# behind a slow wire (40 ms each way), cn sits behind the visited network's router
# rainier (topology ro, docs/lab.md). At home the probe from cn to 2001:db8::beef
# crosses the slow wire once each way: about 80 ms. raven moves to "remote" and
# registers its care-of address with denali as in basic-handover; the probe now goes
# cn -> denali -> tunnel -> raven and back the same way, crossing the slow wire twice
# each way: about 160 ms. raven's mip6d (DoRouteOptimizationMN enabled) then runs
# return routability with cn, which runs mip6d as a correspondent: a Home Test Init
# from the home address, inside the tunnel from the care-of address to denali, and a
# Care-of Test Init straight from the care-of address; cn answers with a Home Test
# (through denali and the tunnel) and a Care-of Test (direct). From their two keygen
# tokens raven builds the Binding Update to cn (Home Address option, Nonce Indices,
# Binding Authorization Data); cn accepts it (Binding Acknowledgement with a type 2
# routing header and its own Binding Authorization Data). `bc` on cn shows the binding,
# `bul` on raven the entry for cn. From then on cn sends the probe straight to the
# care-of address with a type 2 routing header carrying the home address, and raven
# answers from the care-of address with a Home Address option: a few milliseconds,
# nothing crosses the slow wire. raven then returns home and deregisters with denali
# and with cn (a Binding Update of lifetime 0 from the home address).
#
# Parameters (environment):
#   MIP6LAB_HOME_DELAY_MS            one-way delay of the wire denali-rainier (1-2000, default 40)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX   RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_PROBE_INTERVAL           probe interval in s (default 0.02)

SCENARIO_TOPOLOGY=ro
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"
. "$MIP6LAB_ROOT/scenarios/lib-ro.sh"

scenario_run() {
    local mn=raven hoa=2001:db8::beef cn=$TOPO_CN_ADDR coa t_move t_back f
    local d=$MIP6LAB_HOME_DELAY_MS
    mip6d_start "$TOPO_CN" "$RO_CN_CONF"
    ro_home_start $mn $hoa

    t_move=$(now_us)
    roam_away $mn $hoa
    coa=$ROAM_COA
    ro_registered $mn "$t_move"

    # Return routability and the binding at cn.
    busywait 15000 vt_save_has "$TOPO_CN" bc "$RUN_DIR/logs/$TOPO_CN-vt-bc.txt" "hoa $hoa .*coa $coa" \
        || die "check failed: bc on $TOPO_CN shows no binding $hoa -> $coa: $(tr '\n' ' ' < "$RUN_DIR/logs/$TOPO_CN-vt-bc.txt")"
    step check "bc on $TOPO_CN: hoa $hoa coa $coa: ok"
    event "$TOPO_CN" cn-bc-registered "hoa=$hoa" "coa=$coa"
    f=$RUN_DIR/logs/$mn-vt-bul-ro.txt
    check "bul on $mn lists $cn with care-of address $coa" \
        grep -q "Care-of address $coa" <<<"$(ro_bul_block $mn "$cn" "$f")"
    # The direct path: requests with a type 2 routing header reach raven, its replies
    # leave with a Home Address option (captures are written a little late: wait).
    f=$RUN_DIR/logs/pcap-ro-away.txt
    busywait 5000 ro_direct_seen "$RUN_DIR/$mn-wlan0.pcap" "$f" "$coa" "$t_move" \
        || die "check failed: no probe packet with a type 2 routing header to $coa and a Home Address option from it on $mn's link: $(grep echo-with "$f" | tr '\n' ' ')"
    step check "the probe reaches $coa with a type 2 routing header, raven answers with a Home Address option: ok"
    # Round trips on the direct path, for the figures below.
    RO_T_CN_BA=$(ro_cn_ba_time "$f" "$cn")
    busywait 10000 ro_direct_samples "$RO_T_CN_BA" 8 \
        || die "check failed: fewer than 8 route optimised round trips of the probe"

    t_back=$(now_us)
    roam_home $mn $hoa
    busywait 15000 vt_save_lacks "$TOPO_CN" bc "$RUN_DIR/logs/$TOPO_CN-vt-bc-home.txt" "hoa $hoa" \
        || die "check failed: bc on $TOPO_CN still lists $hoa: $(tr '\n' ' ' < "$RUN_DIR/logs/$TOPO_CN-vt-bc-home.txt")"
    step check "bc on $TOPO_CN is empty: ok"
    event "$TOPO_CN" cn-bc-empty "hoa=$hoa"
    f=$RUN_DIR/logs/pcap-ro-home.txt
    busywait 5000 ro_cn_dereg_seen "$RUN_DIR/$mn-wlan0.pcap" "$f" "$t_back" \
        || die "check failed: no accepted deregistration with $cn on $mn's link after the return: $(grep -E ' (BU|BA) ' "$f" | tr '\n' ' ')"
    probe_stop

    # The probe's round trips on each path.
    ro_rtt_window home "$RO_T_HOME" "$t_move"
    ro_rtt_report "at home (slow wire once)" "$RO_RTT_FILE" plain
    check "at home the probe crosses the slow wire once each way (median >= $((2 * d)) ms)" \
        ro_ge "$(ro_rtt "$RO_RTT_FILE" plain median)" $((2 * d))
    ro_rtt_window away "$RO_T_BA" "$t_back"
    ro_rtt_report "via the home agent (triangle)" "$RO_RTT_FILE" plain
    ro_rtt_report "route optimised" "$RO_RTT_FILE" ro
    ro_rtt_report "switching (one leg of each)" "$RO_RTT_FILE" mixed
    check "through the home agent it crosses it twice each way (median >= $((4 * d)) ms)" \
        ro_ge "$(ro_rtt "$RO_RTT_FILE" plain median)" $((4 * d))
    check "route optimised it does not cross it (median < $d ms)" \
        ro_lt "$(ro_rtt "$RO_RTT_FILE" ro median)" "$d"

    # The wire, from the captures.
    check "raven deregisters with cn from home: BU lifetime 0 from $hoa, no Home Address option" \
        ro_mh "$f" BU "src=$hoa dst=$cn flags=A? seq=[0-9]+ lifetime=0 nonce=[0-9]+,[0-9]+ auth csum=ok"
    check "cn accepts the deregistration (BA status 0 to $hoa)" \
        ro_mh "$f" BA "src=$cn dst=$hoa status=0 seq=[0-9]+ lifetime=0( auth)? csum=ok"
    f=$RUN_DIR/logs/pcap-ro-away.txt
    pcap_csum --list --coa "$coa" --after "$t_move" --before "$t_back" "$RUN_DIR/$mn-wlan0.pcap" > "$f" || true
    check "raven's Care-of Test Init leaves directly from $coa" \
        ro_mh "$f" CoTI "src=$coa dst=$cn csum=ok"
    check "cn's Care-of Test comes back directly to $coa" \
        ro_mh "$f" CoT "src=$cn dst=$coa nonce-index=[0-9]+ csum=ok"
    check "cn's Home Test comes back through the tunnel from $RO_HA" \
        ro_mh "$f" HoT "src=$cn dst=$hoa tunnel=$RO_HA>$coa nonce-index=[0-9]+ csum=ok"
    check "the BU to cn leaves $coa with a Home Address option, Nonce Indices and Binding Authorization Data" \
        ro_mh "$f" BU "src=$coa dst=$cn hoa=$hoa flags=A? seq=[0-9]+ lifetime=[1-9][0-9]* nonce=[0-9]+,[0-9]+ auth csum=ok"
    check "cn accepts it: BA status 0 to $coa with a type 2 routing header and Binding Authorization Data" \
        ro_mh "$f" BA "src=$cn dst=$coa rh2=$hoa status=0 seq=[0-9]+ lifetime=[0-9]+ auth csum=ok"
    check "raven runs return routability with $cn only" ro_rr_only_with "$f" "$cn"
    check "raven's Home Test Init leaves inside the tunnel from $coa to $RO_HA" \
        ro_mh "$f" HoTI "src=$hoa dst=$cn tunnel=$coa>$RO_HA csum=ok"
    check "no direct probe packet crosses the slow wire" ro_nothing_direct "$RUN_DIR/rainier-eth0.pcap" "$RUN_DIR/logs/pcap-ro-wire.txt"
    check "every MH and ICMPv6 checksum on every link verifies (codec)" ro_all_checksums_ok
    ro_no_loss "$RO_T_BA" "$t_back"

    check "mip6d on $mn exits cleanly on SIGTERM" mip6d_stop $mn
    check "mip6d on $TOPO_CN exits cleanly on SIGTERM" mip6d_stop "$TOPO_CN"
    check "mip6d on $TOPO_ROUTER exits cleanly on SIGTERM" mip6d_stop "$TOPO_ROUTER"
    check "nothing of mip6d is left on $TOPO_ROUTER or $mn" mip6_nothing_left $mn
    check "nothing of mip6d is left on $TOPO_CN (XFRM states and policies, routes)" ro_cn_nothing_left
}

# ro_direct_seen PCAP OUT COA T: after T, PCAP has probe packets with a type 2 routing
# header to COA and with a Home Address option from it.
ro_direct_seen() {
    pcap_csum --list --coa "$3" --after "$4" "$1" > "$2" || true
    [ "$(pcap_count echo-with-RH2 "$2")" -gt 0 ] && [ "$(pcap_count echo-with-HAO "$2")" -gt 0 ]
}

# ro_cn_ba_time FILE CN: the time of CN's first BA in FILE (pcap-csum --list).
ro_cn_ba_time() { awk -v s="src=$2" '$1 == "mh" && $3 == "BA" && $4 == s { print $2; exit }' "$1"; }

# ro_direct_samples T N: cn's capture holds N route optimised round trips after T.
ro_direct_samples() {
    [ -n "$1" ] || return 1
    ro_rtt_window ro-wait "$1" 0
    [ "$(ro_rtt "$RO_RTT_FILE" ro n)" -ge "$2" ]
}

# ro_nothing_direct PCAP OUT: no data with a Home Address option or a type 2 routing
# header in PCAP.
ro_nothing_direct() {
    pcap_csum "$1" > "$2" || true
    [ "$(pcap_count data-with-HAO "$2")" -eq 0 ] && [ "$(pcap_count data-with-RH2 "$2")" -eq 0 ] \
        && [ "$(pcap_count IPv6-in-IPv6 "$2")" -gt 0 ]
}

# ro_cn_dereg_seen PCAP OUT T: after T, a BU of lifetime 0 to cn and cn's accepting BA.
ro_cn_dereg_seen() {
    pcap_csum --list --after "$3" "$1" > "$2" || true
    [ "$(pcap_count BU-cn-dereg "$2")" -ge 1 ] && [ "$(pcap_count BA-cn-accepted "$2")" -ge 1 ]
}

# ro_cn_nothing_left: no XFRM state or policy and no table-252 route on cn (one exec).
ro_cn_nothing_left() {
    local out
    out=$(printf 'xfrm state\nxfrm policy\nroute show table 252\n' | ip -n "$TOPO_CN" -6 -batch - 2>&1) || return 1
    [ -z "$out" ]
}

# shellcheck shell=bash
# DESCRIPTION: route optimisation with a correspondent that has no Mobile IPv6: return routability fails, the traffic stays in the tunnel
#
# What a student should observe: the topology of route-optimization (home network behind
# a slow wire, cn near the visited network) and raven's mip6d with
# DoRouteOptimizationMN enabled, but cn runs no mip6d. After the move to "remote" and the
# home registration, raven starts return routability with cn: a Home Test Init inside
# the tunnel to denali and a Care-of Test Init from the care-of address. Nobody on cn
# listens for the Mobility Header: its kernel drops both and answers each with an ICMPv6
# Parameter Problem (code 1, unrecognised Next Header) instead of a Home Test or a Care-of
# Test, so raven never sends cn a Binding Update. The probe keeps flowing through the
# tunnel, on the slow triangle (about 160 ms instead of 80 at home); not one packet is
# lost after the registration, and no packet with a Home Address option or a type 2
# routing header is sent: cn would not understand them.
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
    local mn=raven hoa=2001:db8::beef cn=$TOPO_CN_ADDR coa t_move t_rr t_end f b
    local d=$MIP6LAB_HOME_DELAY_MS
    ro_home_start $mn $hoa

    t_move=$(now_us)
    roam_away $mn $hoa
    coa=$ROAM_COA
    ro_registered $mn "$t_move"

    f=$RUN_DIR/logs/pcap-rr.txt
    busywait 15000 ro_rr_tried "$RUN_DIR/$mn-wlan0.pcap" "$f" "$t_move" \
        || die "check failed: raven sent $cn no Home Test Init and Care-of Test Init: $(grep -E '^(HoTI|CoTI) ' "$f" | tr '\n' ' ')"
    t_rr=$(awk '$1 == "mh" && ($3 == "HoTI" || $3 == "CoTI") { t = $2 } END { print t }' "$f")
    step scenario "raven started return routability with $cn"
    # A Home Test would be back after two slow crossings each way; a second on, the
    # probe is still answered through the tunnel.
    busywait 10000 probe_resumed_after "$(awk -v t="$t_rr" 'BEGIN { printf "%.6f", t + 1 }')" \
        || die "check failed: the probe stopped after raven's return routability attempt"
    step check "the probe still flows a second after the return routability attempt: ok"
    t_end=$(now_us)
    probe_stop

    ro_rtt_window home "$RO_T_HOME" "$t_move"
    ro_rtt_report "at home (slow wire once)" "$RO_RTT_FILE" plain
    check "at home the probe crosses the slow wire once each way (median >= $((2 * d)) ms)" \
        ro_ge "$(ro_rtt "$RO_RTT_FILE" plain median)" $((2 * d))
    ro_rtt_window away "$RO_T_BA" "$t_end"
    ro_rtt_report "via the home agent (triangle)" "$RO_RTT_FILE" plain
    check "through the home agent it crosses it twice each way (median >= $((4 * d)) ms)" \
        ro_ge "$(ro_rtt "$RO_RTT_FILE" plain median)" $((4 * d))
    check "no round trip was route optimised, even partly" \
        test "$(ro_rtt "$RO_RTT_FILE" ro n)" -eq 0 -a "$(ro_rtt "$RO_RTT_FILE" mixed n)" -eq 0
    f=$RUN_DIR/logs/pcap-ro-away.txt
    pcap_csum --list --after "$t_move" "$RUN_DIR/$mn-wlan0.pcap" > "$f" || true
    step scenario "raven sent $(ro_mh_count "$f" HoTI) HoTI and $(ro_mh_count "$f" CoTI) CoTI; $cn answered with $(pcap_count ICMPv6-param-problem "$f") ICMPv6 Parameter Problem(s)"
    check "raven's Care-of Test Init leaves directly from $coa" \
        ro_mh "$f" CoTI "src=$coa dst=$cn csum=ok"
    check "no Home Test and no Care-of Test came back" \
        test "$(ro_mh_count "$f" HoT)" -eq 0 -a "$(ro_mh_count "$f" CoT)" -eq 0
    check "$cn's kernel answers the Mobility Header with an ICMPv6 Parameter Problem" \
        test "$(pcap_count ICMPv6-param-problem "$f")" -ge 1
    check "raven sent $cn no Binding Update" test "$(pcap_count BU-cn "$f")" -eq 0
    for b in "$mn-wlan0" "$TOPO_CN-eth0"; do
        check "no packet with a Home Address option or a type 2 routing header but the home registration's on $b" \
            ro_no_direct_data "$RUN_DIR/$b.pcap" "$RUN_DIR/logs/pcap-direct-$b.txt"
    done
    check "bul on $mn has no registered entry for $cn" ro_no_cn_binding $mn "$cn"
    ro_no_loss "$RO_T_BA" "$t_end"
    check "every MH and ICMPv6 checksum on every link verifies (codec)" ro_all_checksums_ok

    check "raven runs return routability with $cn only" ro_rr_only_with "$f" "$cn"
    check "raven's Home Test Init leaves inside the tunnel from $coa to $RO_HA" \
        ro_mh "$f" HoTI "src=$hoa dst=$cn tunnel=$coa>$RO_HA csum=ok"
}

# ro_rr_tried PCAP OUT T: after T, PCAP has a HoTI and a CoTI to cn.
ro_rr_tried() {
    pcap_csum --list --after "$3" "$1" > "$2" || true
    grep -q "^mh [0-9.]* HoTI src=[^ ]* dst=$TOPO_CN_ADDR " "$2" && grep -q "^mh [0-9.]* CoTI src=[^ ]* dst=$TOPO_CN_ADDR " "$2"
}

# ro_no_direct_data PCAP OUT: no data packet (not MH) with a HAO or an RH2 in PCAP.
ro_no_direct_data() {
    pcap_csum "$1" > "$2" || true
    [ "$(pcap_count data-with-HAO "$2")" -eq 0 ] && [ "$(pcap_count data-with-RH2 "$2")" -eq 0 ]
}

ro_no_cn_binding() {
    local block
    block=$(ro_bul_block "$1" "$2" "$RUN_DIR/logs/$1-vt-bul-ro.txt")
    [ -s "$RUN_DIR/logs/$1-vt-bul-ro.txt" ] && ! grep -qE 'state (registered|bound)' <<<"$block"
}

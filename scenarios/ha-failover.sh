# shellcheck shell=bash
# DESCRIPTION: home agent fail-over: denali's mip6d dies while raven is away; raven notices, gives it up and registers with foraker, the second home agent
#
# What a student should observe: two home agents serve the home link (topology two-ha).
# raven knows none (daemon/examples/mip6d-mn-dhaad.conf, without a HomeAgentAddress):
# after its move to "remote" it discovers them (ICMPv6 144/145) and registers with
# denali, the preferred one. Then mip6d on
# denali is stopped with SIGTERM: it withdraws its binding, tunnel and proxy entry as
# it exits, and denali goes on as the home link's router. (A SIGKILL would leave its
# kernel state behind: the routes would go on tunnelling the home address to the old
# care-of address, and no home agent would notice anything; the lab's teardown would
# clean up.) The probe from cn stops. raven's packets in the reverse tunnel now reach
# a denali without a tunnel end, which answers them with ICMPv6 errors (raven sends an
# Echo Request through its tunnel to its home agent every MnHaTunnelProbeInterval,
# 0.5 s here, so that it draws one even when it has nothing else to send); raven takes
# such an error as news about its home agent and sends a Binding Update at once, which
# denali (no mip6d) does not answer. When the BU's retransmissions are exhausted
# (daemon/examples/mip6d-mn-dhaad.conf: InitialBindackTimeoutReReg 0.5,
# MnMaxHaConsecutiveResends 2, so 0.5 + 1 + 2 = 3.5 s), raven moves on to the next home
# agent of the Reply's list, foraker (with the list used up it would ask the anycast
# address again, which only foraker now holds), registers with it, and foraker takes
# over the home address (proxy Neighbor Discovery on the home
# link, tunnel to the care-of address); the probe resumes. The report's fail-over
# section gives the outage, from the stop (events.log `ha-stop`) to the first probe
# delivered again, and the steps in between.
#
# Parameters (environment):
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)

SCENARIO_TOPOLOGY=two-ha
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"
. "$MIP6LAB_ROOT/scenarios/lib-ha.sh"

: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha_conf mn_conf t_stop t_back coa ts=$RUN_DIR/logs/tshark-failover.txt
    local outage bu_dead
    roam_dad_mode $mn "$(mn_field $mn 2)" optimistic
    ha_conf=$(roam_conf ha-failover-ha.conf mip6d-ha.conf "HaDuplicateAddressDetection disabled;")
    mn_conf=$(ha_mn_conf raven-failover-mn.conf "MnHaTunnelProbeInterval 0.5;")
    ha_ha_start foraker "$ha_conf"
    roam_start_home $mn $hoa "$ha_conf" "$mn_conf"
    roam_away $mn $hoa
    coa=$ROAM_COA
    check "foraker has no binding while denali serves raven" vt_lacks foraker bc "hoa $hoa"

    t_stop=$(now_us)
    event "$TOPO_ROUTER" ha-stop "ha=2001:db8::"
    check "mip6d on $TOPO_ROUTER exits cleanly on SIGTERM" mip6d_stop "$TOPO_ROUTER"
    check "$TOPO_ROUTER withdrew the tunnel to the care-of address" no_ha_tunnel_to "$TOPO_ROUTER" "$coa"
    step scenario "mip6d on $TOPO_ROUTER stopped; waiting for raven to fail over to foraker"
    busywait 90000 vt_has foraker bc "hoa $hoa status registered coa $coa" \
        || die "check failed: raven did not register with foraker: $(vt foraker bc | tr '\n' ' ') (see logs/$mn-mip6d.log)"
    step check "raven registered with foraker: ok"
    event foraker bc-registered "hoa=$hoa" "coa=$coa"
    busywait 15000 probe_resumed_after_gap "$t_stop" 0.5 \
        || die "check failed: the probe from $TOPO_CN to $hoa did not resume through foraker"
    # The first reply after the stop that follows the outage's gap.
    t_back=$(awk -v t="$t_stop" -F'[][]' '/bytes from/ { x = $2 + 0; if (x > t + 0 && prev && x - prev >= 0.5) { print $2; exit } prev = x }' \
        "$RUN_DIR/logs/probe-$TOPO_CN.log")
    outage=$(awk -v a="$t_stop" -v b="$t_back" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
    step check "probe $TOPO_CN -> $hoa resumed through foraker: ok (outage ${outage} ms from the stop, probe log)"
    check "foraker tunnels to the care-of address" ha_tunnels_to foraker "$coa"
    vt $mn bul > "$RUN_DIR/logs/$mn-vt-bul-failover.txt"
    check "bul on $mn names foraker (2001:db8::f0) as its home agent" \
        grep -q "CN address 2001:db8::f0$" "$RUN_DIR/logs/$mn-vt-bul-failover.txt"
    probe_stop

    ha_tshark "$RUN_DIR/$mn-wlan0.pcap" "$ts"
    bu_dead=$(awk -v a="$t_stop" '$2 == "bu" && $1 + 0 > a + 0 && $4 == "2001:db8::"' "$ts" | wc -l)
    check "raven sent BU(s) to the stopped denali after the stop ($bu_dead), unanswered" \
        test "$bu_dead" -ge 1 -a "$(awk -v a="$t_stop" '$2 == "ba" && $1 + 0 > a + 0 && $3 == "2001:db8::"' "$ts" | wc -l)" -eq 0
    check "tshark decodes the discovery (144 and its 145) that named both home agents" \
        test "$(ha_reply_pairs "$ts")" -ge 1 -a "$(awk '$2 == 145 && $6 == "2001:db8::,2001:db8::f0"' "$ts" | wc -l)" -ge 1
    # mip6d tries the next home agent of the Reply's list first and discovers again only
    # when the list is used up (docs/mip6d.md); a Reply after the stop must then be
    # foraker's: denali no longer holds the anycast address.
    if [ "$(ha_count "$ts" 145 "$t_stop")" -gt 0 ]; then
        check "the Reply after the stop comes from foraker (2001:db8::f0)" \
            test "$(awk -v a="$t_stop" '$2 == 145 && $1 + 0 > a + 0 { print $3; exit }' "$ts")" = 2001:db8::f0
    fi
    check "raven's BU to foraker was accepted (BA from 2001:db8::f0)" \
        test "$(awk -v a="$t_stop" '$2 == "ba" && $1 + 0 > a + 0 && $3 == "2001:db8::f0"' "$ts" | wc -l)" -ge 1
    check "mip6d on foraker exits cleanly on SIGTERM" mip6d_stop foraker
}

# shellcheck shell=bash
# DESCRIPTION: several mobile nodes (MIP6LAB_MNS, default 2) roam to ESS remote at once through the same home agent
#
# What a student should observe: raven, raven2, ... associate to "home", each with its own
# home address (2001:db8::beef, 2001:db8::beef:2, ...) and its own mip6d, while cn probes
# every home address. All of them are sent to "remote" at the same moment: they contend
# for the air and for denali, which then holds one binding per home address in `bc` and
# one tunnel per care-of address. ./run.sh --runs/--check analyse each mobile node on its
# own (report-NODE.json, one handover each): the spread between them is the cost of
# sharing the medium and the home agent.
#
# Parameters (environment):
#   MIP6LAB_MNS=N                     mobile nodes (2-8, default 2)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)

SCENARIO_TOPOLOGY=multi-mn
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_uint MIP6LAB_MNS "${MIP6LAB_MNS:=2}" 2 8
export MIP6LAB_MNS
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX

scenario_run() {
    local l mn hoa addr conf t_move ssid id
    mip6d_start "$TOPO_ROUTER" "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf"
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        mn=$1 hoa=${4%/*}
        addr=$(wait_address "$mn" 2001:db8::/64)
        step scenario "$mn at home: $addr, home address $hoa"
        wait_usable "$mn" "$hoa"
        conf=$(roam_conf "$mn-multi-mn.conf" mip6d-mn.conf)
        sed -i "s|HomeAddress 2001:db8::beef/64;|HomeAddress $hoa/64;|" "$conf"
        grep -q "HomeAddress $hoa/64;" "$conf" || die "cannot set the home address of $mn in $conf"
        mip6d_start "$mn" "$conf"
        multi_probe_start "$hoa"
    done
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        busywait 10000 multi_probe_resumed_after "${4%/*}" 0 || die "the probe from $TOPO_CN to ${4%/*} got no reply at home"
    done
    step scenario "probes $TOPO_CN -> every home address running"

    # Every station is told to roam before any association is awaited.
    t_move=$(now_us)
    events_mark
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        id=$(sta_network_id "$1" "$2" remote)
        [ -n "$id" ] || die "$1 has no network 'remote'"
        event "$1" move "from=$(mn_ssid "$1")" "to=remote"
        wpa "$1" "$2" select_network "$id" >/dev/null
    done
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        wait_associated "$1" remote
    done
    step scenario "$(topo_mns | tr '\n' ' ')associated to remote"
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        mn=$1 hoa=${4%/*}
        addr=$(wait_address "$mn" 2001:db8:1::/64)
        busywait 20000 vt_has "$TOPO_ROUTER" bc "hoa $hoa .*coa $addr" \
            || die "check failed: bc on $TOPO_ROUTER shows no binding $hoa -> $addr: $(vt "$TOPO_ROUTER" bc | tr '\n' ' ')"
        step check "bc on $TOPO_ROUTER: hoa $hoa coa $addr: ok"
        busywait 10000 multi_probe_resumed_after "$hoa" "$(last_assoc_after "$mn" "$t_move")" \
            || die "check failed: the probe from $TOPO_CN to $hoa did not resume after the move"
        step check "probe $TOPO_CN -> $hoa resumed after the move: ok"
    done
    # A binding shows in bc while the HA still runs DAD for its HoA: wait for all.
    busywait 10000 registered_bindings "$MIP6LAB_MNS" \
        || die "check failed: $TOPO_ROUTER holds $MIP6LAB_MNS registered bindings: $(vt "$TOPO_ROUTER" bc | tr '\n' ' ')"
    step check "$TOPO_ROUTER holds $MIP6LAB_MNS registered bindings: ok"
    probe_stop
}

# One probe per home address, each with its own log (probe-cn-HOA.log).
multi_probe_start() {
    probe_start "$TOPO_CN" "$1" "${MIP6LAB_PROBE_INTERVAL:-0.02}" "$RUN_DIR/logs/probe-$TOPO_CN-$1.log"
}

registered_bindings() { [ "$(vt "$TOPO_ROUTER" bc | grep -c 'status registered')" -eq "$1" ]; }

multi_probe_resumed_after() {
    [ "$(probe_replies_after "$2" "$RUN_DIR/logs/probe-$TOPO_CN-$1.log")" -gt 0 ]
}

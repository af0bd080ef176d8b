# shellcheck shell=bash
# DESCRIPTION: delay and loss on the wired denali-cn link (netem): the handover happens near the MN, the probe's path is long
#
# What a student should observe: both ends of the veth between denali and cn get a netem
# qdisc (MIP6LAB_NETEM_DELAY each way, MIP6LAB_NETEM_LOSS random loss), so the probe's
# round trip grows by twice the delay. raven then roams to "remote" as in basic-handover.
# Movement detection, address configuration and registration happen between raven and
# denali and do not change; the data path from cn is simply shifted by the delay, so
# the blackout seen at raven barely moves, while the first echo reply reaches cn one
# longer round trip after the BA. Lost probes make the edges of the blackout coarser by
# one probe interval (20 ms) at a time.
#
# Parameters (environment):
#   MIP6LAB_NETEM_DELAY=MS            one-way delay added on each side (0-2000, default 50)
#   MIP6LAB_NETEM_LOSS=PCT            random loss on each side, percent (0-50, default 2)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_ROAM=cached|scan          cached (default): the station roams from a scan made
#                                     just before the move (mip6lab(7))

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_uint MIP6LAB_NETEM_DELAY "${MIP6LAB_NETEM_DELAY:=50}" 0 2000
roam_uint MIP6LAB_NETEM_LOSS "${MIP6LAB_NETEM_LOSS:=2}" 0 50
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}" "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef node rtt
    for node in "$TOPO_ROUTER" "$TOPO_CN"; do
        nsx "$node" tc qdisc add dev eth0 root netem delay "${MIP6LAB_NETEM_DELAY}ms" loss "${MIP6LAB_NETEM_LOSS}%" \
            || die "cannot add netem on $node eth0 (sch_netem missing?)"
    done
    event "$TOPO_ROUTER" netem "delay_ms=$MIP6LAB_NETEM_DELAY" "loss_pct=$MIP6LAB_NETEM_LOSS"
    step scenario "netem on $TOPO_ROUTER-$TOPO_CN: ${MIP6LAB_NETEM_DELAY} ms, ${MIP6LAB_NETEM_LOSS}% loss each way"
    roam_start_home $mn $hoa "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf" "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    roam_away $mn $hoa
    probe_stop
    rtt=$(probe_median_rtt)
    step scenario "probe median round trip $rtt ms"
    check "the probe's median round trip ($rtt ms) includes twice the netem delay" \
        awk -v r="$rtt" -v d="$MIP6LAB_NETEM_DELAY" 'BEGIN { exit !(r >= 2 * d) }'
}

# Median "time=" of the probe's replies, in ms.
probe_median_rtt() {
    sed -n 's/.*bytes from.* time=\([0-9.]*\) ms.*/\1/p' "$RUN_DIR/logs/probe-$TOPO_CN.log" | sort -n \
        | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print v[int((NR + 1) / 2)] }'
}

# shellcheck shell=bash
# DESCRIPTION: raven moves back and forth between ESS home and ESS remote (MIP6LAB_MOVES moves, default 4)
#
# What a student should observe: every move to "remote" is a handover of its own in the
# report (a registration of the care-of address, a blackout of the probe from cn to
# 2001:db8::beef), every move back "home" a deregistration (BU lifetime 0, BA status 0)
# after which denali's `bc` is empty and the probe reaches raven directly. The care-of
# address is the same SLAAC address each time, yet each registration is a new binding
# with a higher sequence number; the spread of the blackouts over the moves shows how
# repeatable one handover is within a single lab.
#
# Parameters (environment):
#   MIP6LAB_MOVES=N                   moves (2-20, default 4; even numbers end at home)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_ROAM=cached|scan          cached (default): the station roams from a scan made
#                                     just before the move (mip6lab(7))

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_uint MIP6LAB_MOVES "${MIP6LAB_MOVES:=4}" 2 20
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}" "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef i t_move
    roam_start_home $mn $hoa "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf" "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    for ((i = 1; i <= MIP6LAB_MOVES; i++)); do
        t_move=$(now_us)
        if ((i % 2)); then
            move_to $mn remote
            # Registered, not only listed: the HA lists a binding while it runs DAD.
            busywait 15000 vt_has "$TOPO_ROUTER" bc "hoa $hoa status registered coa 2001:db8:1:" \
                || die "check failed: move $i: bc on $TOPO_ROUTER shows no binding for $hoa"
            step check "move $i to remote: $hoa registered"
        else
            move_to $mn home
            busywait 15000 vt_lacks "$TOPO_ROUTER" bc "hoa $hoa" \
                || die "check failed: move $i: bc on $TOPO_ROUTER still lists $hoa"
            step check "move $i home: binding of $hoa removed"
        fi
        # After the association, not the command: the old link answers until the radio goes.
        busywait 10000 probe_resumed_after "$(last_assoc_after "$mn" "$t_move")" \
            || die "check failed: move $i: the probe from $TOPO_CN to $hoa did not resume"
        step check "move $i: probe resumed"
    done
    probe_stop
}

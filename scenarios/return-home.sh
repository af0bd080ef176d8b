# shellcheck shell=bash
# DESCRIPTION: raven roams to ESS remote and back home: registration, then deregistration
#
# What a student should observe: as in basic-handover, raven registers its care-of address
# with denali after the move to "remote" and the probe from cn to 2001:db8::beef flows
# through the tunnel. Then raven returns to "home": it hears denali's home advertisement
# (H flag, home prefix), takes its home address back onto wlan0 and sends a Binding Update
# with lifetime 0 from the home address; denali removes the binding, its tunnel and its
# proxy Neighbor Discovery entry and answers with a Binding Acknowledgement. `bc` on
# denali is empty and the probe reaches raven directly on the home link again.

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"

scenario_run() {
    local mn=raven hoa=2001:db8::beef addr t_move t_back
    addr=$(wait_address $mn 2001:db8::/64)
    step scenario "$mn at home: $addr"
    wait_usable $mn $hoa
    mip6d_start "$TOPO_ROUTER" "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf"
    mip6d_start $mn "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    probe_start "$TOPO_CN" $hoa
    busywait 5000 probe_resumed_after 0 || die "the probe from cn to $hoa got no reply at home"
    step scenario "probe cn -> $hoa running"

    t_move=$(now_us)
    move_to $mn remote
    step scenario "$mn associated to remote"
    addr=$(wait_address $mn 2001:db8:1::/64)
    step scenario "$mn care-of address $addr"
    mip6_check_registered $mn $hoa "$addr" "$t_move"

    t_back=$(now_us)
    move_to $mn home
    step scenario "$mn associated to home again"
    mip6_check_home $mn $hoa "$t_back"
    probe_stop
    check "mip6d on $mn exits cleanly on SIGTERM" mip6d_stop $mn
    check "mip6d on $TOPO_ROUTER exits cleanly on SIGTERM" mip6d_stop "$TOPO_ROUTER"
    check "nothing of mip6d is left on $TOPO_ROUTER or $mn" mip6_nothing_left $mn
}

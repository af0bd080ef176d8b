# shellcheck shell=bash
# DESCRIPTION: the article's handover: raven roams from ESS home to ESS remote while cn probes it
#
# What a student should observe: raven associates to "home", autoconfigures an address
# in 2001:db8::/64 and reaches denali; `wpa_cli select_network` (the article's
# `iwconfig wlan0 essid remote`) moves it to "remote", where it associates again, hears
# the other router's advertisement and configures an address in 2001:db8:1::/64. The
# probe from cn to raven's home address 2001:db8::beef stops at the move, until mip6d
# (the article's configurations: home agent on denali, mobile node on raven) registers
# the new care-of address: raven's Binding Update carries a Home Address option, denali
# answers with a Binding Acknowledgement (status 0, type 2 routing header), `bc` on
# denali and `bul` on raven show the binding, and the probe flows again through the
# IPv6-in-IPv6 tunnel between denali and the care-of address.

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"

scenario_run() {
    local mn=raven addr
    addr=$(wait_address $mn 2001:db8::/64)
    step scenario "$mn at home: $addr"
    wait_usable $mn 2001:db8::beef
    check "$mn pings denali at home (2001:db8::)" ping_ok $mn 2001:db8::
    mip6d_start "$TOPO_ROUTER" "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf"
    mip6d_start $mn "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    probe_start "$TOPO_CN" 2001:db8::beef
    busywait 5000 probe_has_reply || die "the probe from cn to 2001:db8::beef got no reply at home"
    step scenario "probe cn -> 2001:db8::beef running"

    local t_move
    t_move=$(now_us)
    move_to $mn remote
    step scenario "$mn associated to remote"
    addr=$(wait_address $mn 2001:db8:1::/64)
    step scenario "$mn care-of address $addr"
    check "$mn pings denali on remote (2001:db8:1::)" ping_ok $mn 2001:db8:1::
    mip6_check_registered $mn 2001:db8::beef "$addr" "$t_move"
    probe_stop
}

probe_has_reply() { [ "$(probe_replies_after 0)" -gt 0 ]; }

# shellcheck shell=bash
# DESCRIPTION: the article's handover: raven roams from ESS home to ESS remote while cn probes it
#
# What a student should observe: raven associates to "home", autoconfigures an address
# in 2001:db8::/64 and reaches denali; `wpa_cli select_network` (the article's
# `iwconfig wlan0 essid remote`) moves it to "remote", where it associates again, hears
# the other router's advertisement and configures an address in 2001:db8:1::/64. The
# probe from cn to raven's home address 2001:db8::beef stops at the move: without a
# mobility daemon nothing forwards the home address to the new link.

SCENARIO_TOPOLOGY=seed

scenario_run() {
    local mn=raven addr
    addr=$(wait_address $mn 2001:db8::/64)
    step scenario "$mn at home: $addr"
    wait_usable $mn 2001:db8::beef
    check "$mn pings denali at home (2001:db8::)" ping_ok $mn 2001:db8::
    probe_start "$TOPO_CN" 2001:db8::beef
    busywait 5000 probe_has_reply || die "the probe from cn to 2001:db8::beef got no reply at home"
    step scenario "probe cn -> 2001:db8::beef running"

    move_to $mn remote
    step scenario "$mn associated to remote"
    addr=$(wait_address $mn 2001:db8:1::/64)
    step scenario "$mn care-of address $addr"
    check "$mn pings denali on remote (2001:db8:1::)" ping_ok $mn 2001:db8:1::
    probe_stop
}

probe_has_reply() { [ "$(probe_replies_after 0)" -gt 0 ]; }

# shellcheck shell=bash
# The seed network with an attacker: mallory, a station of its own on ESS "remote"
# from the start, where raven's care-of address will be. It is no mobile node (no home
# address, no mip6d): it only sends what the scenario hijack makes it send.
#
#            ESS "home" ch 1                    ESS "remote" ch 6
#            2001:db8::/64                      2001:db8:1::/64
#   raven ~~~~~~~~~~~~~~~~~~ wlan0 [ denali ] wlan1 ~~~~~~~~~~~~~~~~~~ (raven after the move)
#   HoA 2001:db8::beef        2001:db8::   2001:db8:1::        ~~~~~~ mallory wlan0
#                                  │ eth0 2001:db8:ff::1/64            SLAAC in 2001:db8:1::/64
#                                 cn   2001:db8:ff::2
#
# The data below is read by topology/lib.sh; a topology file holds nothing else.
. "$(dirname "${BASH_SOURCE[0]}")/seed.sh"
TOPO_NAME=hijack
# Stations that are not mobile nodes: "node iface first-ssid" (a radio, a supplicant
# holding every ESS, a capture NODE-IFACE.pcap, associated at start like the MNs).
TOPO_STAS=(
    "mallory wlan0 remote"
)

# shellcheck shell=bash
# The seed network: the classic MIPL article's "brave roamer" lab, plus a correspondent.
#
#            ESS "home" ch 1                    ESS "remote" ch 6
#            2001:db8::/64                      2001:db8:1::/64
#   raven ~~~~~~~~~~~~~~~~~~ wlan0 [ denali ] wlan1 ~~~~~~~~~~~~~~~~~~ (raven after the move)
#   MN wlan0                  2001:db8::   2001:db8:1::
#   HoA 2001:db8::beef        router + HA, forwarding=1, radvd
#                                  │ eth0 2001:db8:ff::1/64
#                                  │ veth (wired)
#                                  │ eth0 2001:db8:ff::2/64
#                                 cn   correspondent, default route via denali
#
# All radios are mac80211_hwsim radios sharing one medium; the air is captured on hwsim0.
# The data below is read by topology/lib.sh; a topology file holds nothing else.

TOPO_NAME=seed
TOPO_ROUTER=denali
# Access points: "node iface ssid channel prefix router-address home-agent-flag"
TOPO_APS=(
    "denali wlan0 home   1 2001:db8::/64   2001:db8::   on"
    "denali wlan1 remote 6 2001:db8:1::/64 2001:db8:1:: off"
)
# Mobile nodes: "node iface first-ssid home-address"
TOPO_MNS=(
    "raven wlan0 home 2001:db8::beef/64"
)
# Wired links: "nodeA ifA addrA nodeB ifB addrB"; nodeB's default route goes via nodeA.
TOPO_WIRES=(
    "denali eth0 2001:db8:ff::1/64 cn eth0 2001:db8:ff::2/64"
)
TOPO_CN=cn
TOPO_CN_ADDR=2001:db8:ff::2

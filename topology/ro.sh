# shellcheck shell=bash
# Route optimisation: the home network is far away, the correspondent is near the
# visited network, so the triangle through the home agent costs two slow crossings.
#
#   ESS "home" ch 1                                          ESS "remote" ch 6
#   2001:db8::/64                                            2001:db8:1::/64
#   raven ~~~~~~ wlan0 [ denali ] eth0 ==== slow wire ==== eth0 [ rainier ] wlan0 ~~~~~~ (raven after the move)
#   HoA            2001:db8::  2001:db8:fe::1  netem  2001:db8:fe::2  2001:db8:1::
#   2001:db8::beef router + HA, radvd (H flag)        router, radvd
#                                                           │ eth1 2001:db8:ff::1/64
#                                                           │ veth (wired)
#                                                           │ eth0 2001:db8:ff::2/64
#                                                          cn   correspondent
#
# The wire denali-rainier (2001:db8:fe::/64) has MIP6LAB_HOME_DELAY_MS (default 40) of
# netem delay on each end, i.e. in each direction. Routes: cn's default goes via
# rainier, rainier's via denali, denali reaches 2001:db8:1::/64 and 2001:db8:ff::/64 via
# rainier. raven at home reaches cn across the slow wire once each way; raven on
# "remote" reaches cn through the home agent across it twice each way (the triangle),
# or directly once route optimisation binds its care-of address at cn.
# The data below is read by topology/lib.sh; a topology file holds nothing else.

TOPO_NAME=ro
# The home agent's node.
TOPO_ROUTER=denali
# Nodes that forward (radvd runs on those with an access point).
TOPO_ROUTERS=(denali rainier)
# Access points: "node iface ssid channel prefix router-address home-agent-flag"
TOPO_APS=(
    "denali  wlan0 home   1 2001:db8::/64   2001:db8::   on"
    "rainier wlan0 remote 6 2001:db8:1::/64 2001:db8:1:: off"
)
# Mobile nodes: "node iface first-ssid home-address"
TOPO_MNS=(
    "raven wlan0 home 2001:db8::beef/64"
)
# Wired links: "nodeA ifA addrA nodeB ifB addrB [delay-ms]"; nodeB's default route goes
# via nodeA; the delay (netem) is added on both ends.
TOPO_WIRES=(
    "denali eth0 2001:db8:fe::1/64 rainier eth0 2001:db8:fe::2/64 ${MIP6LAB_HOME_DELAY_MS:-40}"
    "rainier eth1 2001:db8:ff::1/64 cn eth0 2001:db8:ff::2/64"
)
# Static routes: "node prefix via"
TOPO_ROUTES=(
    "denali 2001:db8:1::/64 2001:db8:fe::2"
    "denali 2001:db8:ff::/64 2001:db8:fe::2"
)
TOPO_CN=cn
TOPO_CN_ADDR=2001:db8:ff::2

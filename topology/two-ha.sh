# shellcheck shell=bash
# Two home agents on the home link: the seed network plus foraker (Denali's neighbour
# peak), a second router and home agent that is a station of ESS "home". Both routers
# advertise the home prefix with the H flag and a Home Agent Information option
# (RFC 6275 §7.4): denali with the higher preference, foraker lower, and foraker with a
# router lifetime of 0 so that no host takes it as its default router. An MN that
# asks the home subnet's home-agents anycast address (DHAAD, RFC 6275 §10.5) learns
# both, denali first.
#
#            ESS "home" ch 1                    ESS "remote" ch 6
#            2001:db8::/64                      2001:db8:1::/64
#   raven ~~~~~~~~~~~~~~~~~~ wlan0 [ denali ] wlan1 ~~~~~~~~~~~~~~~~~~ (raven after the move)
#   HoA 2001:db8::beef        2001:db8::   2001:db8:1::
#                          router + HA, radvd (H, HA preference 20)
#   foraker ~~~~~~ wlan0          │ eth0 2001:db8:ff::1/64 (veth)
#   2001:db8::f0                 cn   2001:db8:ff::2
#   HA, forwarding, radvd (H, HA preference 10, router lifetime 0)
#
# foraker reaches the rest of the lab through denali (a static default route via
# 2001:db8::); denali, as the home link's router, reaches foraker on the link itself.
# The data below is read by topology/lib.sh and topology/radvd.sh; a topology file
# holds nothing else.

TOPO_NAME=two-ha
TOPO_ROUTER=denali
TOPO_ROUTERS=(denali foraker)
# Access points: "node iface ssid channel prefix router-address home-agent-flag
# [ha-preference ha-lifetime]": the last two add the Home Agent Information option.
TOPO_APS=(
    "denali wlan0 home   1 2001:db8::/64   2001:db8::   on 20 1800"
    "denali wlan1 remote 6 2001:db8:1::/64 2001:db8:1:: off"
)
# Mobile nodes: "node iface first-ssid home-address"
TOPO_MNS=(
    "raven wlan0 home 2001:db8::beef/64"
)
# Stations that are not mobile nodes: "node iface first-ssid".
TOPO_STAS=(
    "foraker wlan0 home"
)
# Routers that advertise on a link they reach as a station (topology/radvd.sh):
# "node iface prefix router-address home-agent-flag ha-preference ha-lifetime gateway".
# Their radvd sends AdvDefaultLifetime 0; the router address is static (no DAD) and
# the default route goes via gateway, the link's own router.
TOPO_ADVERTISERS=(
    "foraker wlan0 2001:db8::/64 2001:db8::f0 on 10 1800 2001:db8::"
)
# Wired links: "nodeA ifA addrA nodeB ifB addrB"; nodeB's default route goes via nodeA.
TOPO_WIRES=(
    "denali eth0 2001:db8:ff::1/64 cn eth0 2001:db8:ff::2/64"
)
TOPO_CN=cn
TOPO_CN_ADDR=2001:db8:ff::2

# shellcheck shell=bash
# The seed network with N mobile nodes (MIP6LAB_MNS, default 3) sharing both ESSs:
# raven, raven2, raven3, ... with home addresses 2001:db8::beef, 2001:db8::beef:2, ...
#
#   raven  ~~~\                                 /~~~ (after their moves)
#   raven2 ~~~~ home  wlan0 [ denali ] wlan1  remote
#   raven3 ~~~/        2001:db8::/64     2001:db8:1::/64
#                             │ eth0
#                            cn
. "$(dirname "${BASH_SOURCE[0]}")/seed.sh"
TOPO_NAME=multi-mn
TOPO_MNS=("raven wlan0 home 2001:db8::beef/64")
for ((i = 2; i <= ${MIP6LAB_MNS:-3}; i++)); do
    TOPO_MNS+=("raven$i wlan0 home 2001:db8::beef:$i/64")
done

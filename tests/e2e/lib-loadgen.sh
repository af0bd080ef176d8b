# shellcheck shell=bash
# Shared by tests/e2e/daemon-loadgen.sh and loadgen/bench-ha-wire.sh: a mip6d home agent
# in one namespace, mip6-loadgen in another, a veth between them. Source after lib.sh
# and lib-veth.sh (the undo stack), with WORK set.
#
#   ns lghome          ns lgha (HA)                            ns lggen (mip6-loadgen)
#   +--------+         +---------------------------------+     +--------------------+
#   | lgh1   |=========| lgh0  2001:db8::1/64 (home link) |     |                    |
#   +--------+         | lgw0  2001:db8:ff::1/64         |=====| lgw1 2001:db8:ff::2|
#                      +---------------------------------+     +--------------------+
#   visited prefix 2001:db8:1000::/36 (care-of addresses) and 2001:db8:f000::/36 (the
#   flood's sources) routed from lgha to lggen; lggen reads the answers on lgw1 with a
#   packet socket, so it needs no address of either prefix.
LG_NS_HA=lgha LG_NS_GEN=lggen LG_NS_HOME=lghome
LG_HA=2001:db8::1 LG_HOME=2001:db8::/64
LG_COA=2001:db8:1000::/36 LG_FLOOD=2001:db8:f000::/36
LOADGEN=${LOADGEN:-$ROOT/build/mip6-loadgen}
MIP6D=${MIP6D:-$ROOT/build/mip6d}

# Each namespace's part in one `ip -batch`: under TCG every process costs a few tenths of
# a second.
lg_topology() {
    ip -batch - <<X
netns add $LG_NS_HA
netns add $LG_NS_GEN
netns add $LG_NS_HOME
X
    defer "printf 'netns del %s\n' $LG_NS_HA $LG_NS_GEN $LG_NS_HOME | ip -batch -"
    ip -batch - <<X
link add lgh0 netns $LG_NS_HA type veth peer name lgh1 netns $LG_NS_HOME
link add lgw0 netns $LG_NS_HA type veth peer name lgw1 netns $LG_NS_GEN
X
    # a route per binding: far more than the default allows
    ip netns exec $LG_NS_HA sysctl -qew net.ipv6.conf.all.forwarding=1 \
        net.ipv6.route.max_size=2147483647
    ip -n $LG_NS_HA -batch - <<X
link set lo up
addr add $LG_HA/64 dev lgh0 nodad
addr add 2001:db8:ff::1/64 dev lgw0 nodad
link set lgh0 up
link set lgw0 up
route add $LG_COA via 2001:db8:ff::2 dev lgw0
route add $LG_FLOOD via 2001:db8:ff::2 dev lgw0
X
    ip -n $LG_NS_GEN -batch - <<X
link set lo up
addr add 2001:db8:ff::2/64 dev lgw1 nodad
link set lgw1 up
route add $LG_HOME via 2001:db8:ff::1 dev lgw1
X
    ip -n $LG_NS_HOME -batch - <<X
link set lo up
link set lgh1 up
X
}

# lg_ha_conf FILE DAD(enabled|disabled) [MORE...]: the HA's configuration.
lg_ha_conf() {
    local f=$1 dad=$2; shift 2
    {
        echo 'NodeConfig HA;'
        echo 'Interface "lgh0";'
        echo 'UseMnHaIPsec disabled;'
        # the generator's nodes talk to their home agent only
        echo 'DoRouteOptimizationCN disabled;'
        echo "HaDuplicateAddressDetection $dad;"
        local l; for l in "$@"; do echo "$l"; done
    } > "$f"
}

# lg_ha_start CONF LOG: mip6d in lgha, its pid in LG_HA_PID; waits for "mip6d running"
# in its log (polled without a process: each costs tenths of a second under TCG), then
# asks its VT once.
lg_ha_start() {
    ip netns exec $LG_NS_HA "$MIP6D" -c "$1" -d "${LG_HA_DEBUG:-1}" >"$2" 2>&1 &
    LG_HA_PID=$!
    defer "kill -9 $LG_HA_PID 2>/dev/null"
    wait_for 15 lg_ha_running "$2" && lg_ha_up
}
# The log appears when the background job's redirection runs, maybe after the first
# look: reading a file not there yet is an expansion error, which ends the script.
lg_ha_running() { kill -0 "$LG_HA_PID" && [ -f "$1" ] && [[ $(<"$1") == *"mip6d running"* ]]; }
lg_ha_up() { kill -0 "$LG_HA_PID" && vt_has $LG_NS_HA stats "role HA"; }

# lg_gen ARGS...: mip6-loadgen in lggen towards the HA (LG_GEN_TIMEOUT=S: SIGINT after S
# seconds, and the report of what it measured until then).
lg_gen() {
    ${LG_GEN_TIMEOUT:+timeout -s INT $LG_GEN_TIMEOUT} ip netns exec $LG_NS_GEN "$LOADGEN" -i lgw1 --ha $LG_HA --home $LG_HOME --coa $LG_COA \
        --ha-netns $LG_NS_HA ${LG_HA_PID:+--ha-pid $LG_HA_PID} "$@"
}

# lg_kobjs: "routes proxies nft_elements links" of mip6d's left in lgha (counted by bash:
# one process per listing).
lg_kobjs() {
    local r=0 p=0 n=0 l=0 line
    while read -r line; do
        case $line in fe80:*|anycast\ *|local\ *|multicast\ *) ;;
            *"encap ip6"*|*"dev mip6"*) r=$((r + 1)) ;; esac
    done < <(ip -n $LG_NS_HA -6 route show table all)
    while read -r line; do if [ -n "$line" ]; then p=$((p + 1)); fi; done < <(ip -n $LG_NS_HA -6 neigh show proxy)
    while read -r line; do
        while [[ $line == *" . 0x"* ]]; do n=$((n + 1)); line=${line#*" . 0x"}; done
    done < <(ip netns exec $LG_NS_HA nft list set ip6 mip6d bindings 2>/dev/null)
    while read -r line; do if [[ $line == *": mip6"* ]]; then l=$((l + 1)); fi; done < <(ip -n $LG_NS_HA -o link show)
    echo "$r $p $n $l"
}

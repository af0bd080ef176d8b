# shellcheck shell=bash
# Builds the topology described by a topology file (see seed.sh) out of network
# namespaces, mac80211_hwsim radios, veth links, hostapd, radvd and wpa_supplicant.
# Needs lib/common.sh and lib/lab.sh. Whatever is made outside a namespace defers its
# undo as it is made (lib/lab.sh); the rest (veths, addresses, sysctls) goes with its
# namespace.

. "$MIP6LAB_ROOT/topology/wifi.sh"
. "$MIP6LAB_ROOT/topology/radvd.sh"

topo_load() {
    local file=$MIP6LAB_ROOT/topology/$1.sh
    [ -f "$file" ] || die "no topology '$1' (topology/*.sh)"
    # What a topology may leave out.
    TOPO_ROUTES=()
    TOPO_STAS=()
    unset TOPO_ROUTERS
    . "$file"
}

topo_nodes() {
    local l
    { for l in "${TOPO_APS[@]}" "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do echo "${l%% *}"; done
      for l in "${TOPO_WIRES[@]}"; do set -- $l; echo "$1"; echo "$4"; done; } | awk '!seen[$0]++'
}

topo_mns() { local l; for l in "${TOPO_MNS[@]}"; do echo "${l%% *}"; done; }

# The nodes that forward: TOPO_ROUTERS when the topology has several routers, else
# TOPO_ROUTER (the home agent's node).
topo_routers() {
    if [ -n "${TOPO_ROUTERS+x}" ]; then printf '%s\n' "${TOPO_ROUTERS[@]}"; else echo "$TOPO_ROUTER"; fi
}

# topo_is_router NODE
topo_is_router() { local r; for r in $(topo_routers); do [ "$r" = "$1" ] && return 0; done; return 1; }

# A wire's optional 7th field: netem delay in ms on both ends (each direction).
wire_delay_ok() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -le 2000 ]; }

# Make sure mac80211_hwsim is loaded, without default radios when the lab loads it.
hwsim_load() {
    if [ ! -d /sys/module/mac80211_hwsim ]; then
        modprobe mac80211_hwsim radios=0 || die "cannot load mac80211_hwsim"
        defer modprobe -r mac80211_hwsim
    fi
    # A radio whose namespace goes away is handed back to the initial namespace: the
    # last look for the lab's radios, after the namespaces.
    defer "$MIP6LAB_BIN/mip6-hwsim" del-prefix "$RADIO_PREFIX"
    ip link set hwsim0 up 2>/dev/null || die "mac80211_hwsim is loaded but hwsim0 is missing"
}

# radio_new NODE IFACE: a new radio moved into NODE's namespace; its netdev there is
# named mip6lID until node_configure renames it to IFACE.
radio_new() {
    local node=$1 iface=$2 name=$RADIO_PREFIX$1-$2 line netdev id
    line=$("$MIP6LAB_BIN/mip6-hwsim" new "$name") || die "cannot create radio $name"
    [[ $line =~ \ id=([0-9]+)\ netdev=([^ ]+) ]] || die "mip6-hwsim: unexpected answer: $line"
    id=${BASH_REMATCH[1]} netdev=${BASH_REMATCH[2]}
    [ "$netdev" != - ] || die "mip6-hwsim found no netdev for $name"
    # The kernel names every new netdev wlanN in the initial namespace; give it a name
    # no node uses before the move, so it cannot clash with the node's own wlan0.
    ip link set "$netdev" name "mip6l$id"
    iw phy "$name" set netns name "$node" || die "cannot move radio $name into $node"
    transcript "# radio $name -> [$node] $iface"
    TOPO_RADIOS=$((${TOPO_RADIOS:-0} + 1))
    batch "$node" "link set mip6l$id name $iface" "link set $iface up"
}

# batch NODE LINE...: queue ip commands for NODE, run by batch_run in one exec.
declare -A TOPO_BATCH
batch() {
    local node=$1 l; shift
    for l in "$@"; do
        transcript "[$node]# ip -6 $l"
        TOPO_BATCH[$node]+="$l"$'\n'
    done
}
batch_run() {
    local node
    for node in "${!TOPO_BATCH[@]}"; do
        ip -6 -n "$node" -batch - <<<"${TOPO_BATCH[$node]}" || die "configuring $node failed"
    done
    TOPO_BATCH=()
}

# Namespaces, radios, wires, addresses and sysctls: everything that exists before the
# first daemon starts (captures start in between).
topo_create() {
    local node l n ifa a nb ifb b nodes
    hwsim_load
    nodes=$(topo_nodes)
    # Deleting a namespace of that name at teardown would delete someone else's.
    for node in $nodes; do
        [ ! -e "/run/netns/$node" ] || die "a namespace '$node' exists and is not this lab's (a leftover? ip netns del $node)"
    done
    # The lookup table of node_shell and lab_leftovers, removed after the namespaces.
    [ -e "$MIP6LAB_STATE/netns" ] || defer rm -f "$MIP6LAB_STATE/netns"
    for node in $nodes; do
        echo "$node" >> "$MIP6LAB_STATE/netns"
        batch "$node" "link set lo up"
    done
    # Deferred before the batch: a run killed in the middle of it leaves some of them.
    defer netns_del $nodes
    ip -batch - <<<"$(for node in $nodes; do echo "netns add $node"; done)" || die "cannot create the namespaces"
    for node in $nodes; do
        # Deterministic addresses: no privacy extensions. The router forwards; mobile
        # nodes accept RAs on their radio.
        local ctl=(net.ipv6.conf.all.use_tempaddr=0 net.ipv6.conf.default.use_tempaddr=0)
        topo_is_router "$node" && ctl+=(net.ipv6.conf.all.forwarding=1)
        for l in "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do
            set -- $l
            [ "$1" = "$node" ] && ctl+=(net.ipv6.conf.all.accept_ra=1 net.ipv6.conf.default.accept_ra=1)
        done
        ip netns exec "$node" sysctl -qw "${ctl[@]}"
    done
    # Before the first radio exists (one killed between its creation and a defer would
    # be lost), and for all of them: one exec at teardown, wherever each radio is then.
    # Newer than the namespaces: the radios go first.
    defer "$MIP6LAB_BIN/mip6-hwsim" del-prefix --all-netns "$RADIO_PREFIX"
    for l in "${TOPO_APS[@]}" "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do
        set -- $l
        radio_new "$1" "$2"
    done
    local delay delays=()
    for l in "${TOPO_WIRES[@]}"; do
        read -r n ifa a nb ifb b delay <<<"$l"
        ip link add "$ifa" netns "$n" type veth peer name "$ifb" netns "$nb"
        batch "$n" "addr add $a dev $ifa nodad" "link set $ifa up"
        batch "$nb" "addr add $b dev $ifb nodad" "link set $ifb up" "route add default via ${a%/*} dev $ifb"
        if [ -n "$delay" ] && [ "$delay" != 0 ]; then
            wire_delay_ok "$delay" || die "topology $TOPO_NAME: wire $n-$nb: delay '$delay' is not a number of ms from 0 to 2000"
            delays+=("$n $ifa $delay" "$nb $ifb $delay")
        fi
    done
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        # The router's addresses are static configuration: no DAD wait.
        batch "$1" "addr add $6/${5#*/} dev $2 nodad"
    done
    # Static routes between routers: "node prefix via".
    for l in "${TOPO_ROUTES[@]}"; do
        set -- $l
        batch "$1" "route add $2 via $3"
    done
    batch_run
    # The qdiscs go with their veths, which go with the namespaces.
    for l in "${delays[@]}"; do
        set -- $l
        transcript "[$1]# tc qdisc add dev $2 root netem delay ${3}ms"
        tc -n "$1" qdisc add dev "$2" root netem delay "${3}ms" \
            || die "cannot add netem on $1 $2 (sch_netem missing?)"
    done
}

# Access points, router advertisements, then the mobile nodes' supplicants.
topo_start() {
    local l
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        ap_start "$1" "$2" "$3" "$4"
    done
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        busywait 10000 ap_ready "$1" "$2" || die "hostapd on $1 $2 did not come up (see $RUN_DIR/logs/$1-hostapd-$2.log)"
    done
    for l in $(topo_routers); do
        radvd_has_ap "$l" && radvd_start "$l"
    done
    for l in "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do
        set -- $l
        sta_start "$1" "$2"
    done
}

# The article configures the home address by hand on the MN's interface.
topo_home_addresses() {
    local l
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        nsx "$1" ip -6 addr add "$4" dev "$2"
    done
}

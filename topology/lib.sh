# shellcheck shell=bash
# Builds the topology described by a topology file (see seed.sh) out of network
# namespaces, mac80211_hwsim radios, veth links, hostapd, radvd and wpa_supplicant.
# Needs lib/common.sh and lib/lab.sh. Every object created is recorded in the lab
# state, so lab_down removes it.

. "$MIP6LAB_ROOT/topology/wifi.sh"
. "$MIP6LAB_ROOT/topology/radvd.sh"

topo_load() {
    local file=$MIP6LAB_ROOT/topology/$1.sh
    [ -f "$file" ] || die "no topology '$1' (topology/*.sh)"
    . "$file"
}

topo_nodes() {
    local l
    { for l in "${TOPO_APS[@]}" "${TOPO_MNS[@]}"; do echo "${l%% *}"; done
      for l in "${TOPO_WIRES[@]}"; do set -- $l; echo "$1"; echo "$4"; done; } | awk '!seen[$0]++'
}

topo_mns() { local l; for l in "${TOPO_MNS[@]}"; do echo "${l%% *}"; done; }

# Make sure mac80211_hwsim is loaded, without default radios when the lab loads it.
hwsim_load() {
    if [ ! -d /sys/module/mac80211_hwsim ]; then
        modprobe mac80211_hwsim radios=0 || die "cannot load mac80211_hwsim"
        touch "$MIP6LAB_STATE/hwsim-loaded"
    fi
    ip link set hwsim0 up 2>/dev/null || die "mac80211_hwsim is loaded but hwsim0 is missing"
}

# radio_into NODE IFACE: a new radio, moved into NODE's namespace and named IFACE there.
radio_into() {
    local node=$1 iface=$2 name=$RADIO_PREFIX$1-$2 line netdev id
    line=$("$MIP6LAB_BIN/mip6-hwsim" new "$name") || die "cannot create radio $name"
    netdev=$(sed -n 's/.*netdev=\([^ ]*\).*/\1/p' <<<"$line")
    id=$(sed -n 's/.* id=\([0-9]*\).*/\1/p' <<<"$line")
    [ -n "$netdev" ] && [ "$netdev" != - ] && [ -n "$id" ] || die "mip6-hwsim did not name the netdev of $name: $line"
    # The kernel names every new netdev wlanN in the initial namespace; give it a name
    # no node uses before the move, so it cannot clash with the node's own wlan0.
    ip link set "$netdev" name "mip6l$id"
    iw phy "$name" set netns name "$node" || die "cannot move radio $name into $node"
    ip -n "$node" link set "mip6l$id" name "$iface"
    transcript "# radio $name -> [$node] $iface"
    TOPO_RADIOS=$((${TOPO_RADIOS:-0} + 1))
}

# Namespaces, radios, wires, addresses and sysctls: everything that exists before the
# first daemon starts (captures start in between).
topo_create() {
    local node l n ifa a nb ifb b
    hwsim_load
    for node in $(topo_nodes); do
        netns_add "$node"
        # Keep the lab deterministic: no router solicitation delay beyond the RFC's, no
        # privacy addresses.
        ip netns exec "$node" sysctl -qw net.ipv6.conf.all.use_tempaddr=0 net.ipv6.conf.default.use_tempaddr=0
    done
    ip netns exec "$TOPO_ROUTER" sysctl -qw net.ipv6.conf.all.forwarding=1
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        radio_into "$1" "$2"
        # Up before hostapd starts so that its capture can start first.
        ip -n "$1" link set "$2" up
    done
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        radio_into "$1" "$2"
        ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_ra=1 "net.ipv6.conf.$2.accept_ra=1"
        ip -n "$1" link set "$2" up
    done
    for l in "${TOPO_WIRES[@]}"; do
        read -r n ifa a nb ifb b <<<"$l"
        ip link add "$ifa" netns "$n" type veth peer name "$ifb" netns "$nb"
        nsx "$n" ip -6 addr add "$a" dev "$ifa" nodad
        nsx "$nb" ip -6 addr add "$b" dev "$ifb" nodad
        ip -n "$n" link set "$ifa" up
        ip -n "$nb" link set "$ifb" up
        nsx "$nb" ip -6 route add default via "${a%/*}" dev "$ifb"
    done
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        # The router's addresses are static configuration: no DAD wait.
        nsx "$1" ip -6 addr add "$6/${5#*/}" dev "$2" nodad
    done
}

# Access points, router advertisements, then the mobile nodes' supplicants.
topo_start() {
    local l pids=()
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        ap_start "$1" "$2" "$3" "$4"
    done
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        busywait 10000 ap_ready "$1" "$2" || die "hostapd on $1 $2 did not come up (see $RUN_DIR/logs/$1-hostapd-$2.log)"
    done
    radvd_start "$TOPO_ROUTER"
    for l in "${TOPO_MNS[@]}"; do
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

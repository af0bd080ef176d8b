# shellcheck shell=bash
# Building blocks shared by the scenario library (ra-interval, dad, ba-loss, ping-pong,
# ha-restart, impaired-link, multi-mn): mip6d configurations with extra keywords, the
# DAD mode of a mobile node, "registered at home with the probe running" and "moved and
# registered". Sourced by scenario files after scenarios/lib.sh and daemon/lab.sh.

# roam_conf NAME EXAMPLE [LINE...]: daemon/examples/EXAMPLE followed by LINEs, written
# to the run's conf/ directory; prints its path (the file mip6d_start copies).
roam_conf() {
    local name=$1 example=$MIP6LAB_ROOT/daemon/examples/$2 out=$RUN_DIR/conf/$1; shift 2
    [ -f "$example" ] || die "no mip6d example configuration $example"
    { cat "$example"; printf '%s\n' "$@"; } > "$out"
    echo "$out"
}

# roam_dad_mode NODE IFACE standard|optimistic: how the node's kernel runs DAD for the
# addresses it autoconfigures from now on (RFC 4862 vs RFC 4429).
roam_dad_mode() {
    local node=$1 iface=$2 mode=$3 v
    case "$mode" in
        standard) v=0 ;;
        optimistic) v=1 ;;
        *) die "DAD mode '$mode': expected standard or optimistic" ;;
    esac
    nsx "$node" sysctl -qw "net.ipv6.conf.$iface.optimistic_dad=$v" "net.ipv6.conf.$iface.use_optimistic=$v" \
        || die "cannot set optimistic_dad on $node $iface (kernel without IPV6_OPTIMISTIC_DAD?)"
    event "$node" dad-mode "mode=$mode"
}

# roam_start_home MN HOA HA_CONF MN_CONF: MN at home with its HoA usable, mip6d on the
# router and on MN, the probe from the correspondent to HOA answered.
roam_start_home() {
    local mn=$1 hoa=$2 addr
    addr=$(wait_address "$mn" 2001:db8::/64)
    step scenario "$mn at home: $addr"
    wait_usable "$mn" "$hoa"
    roam_daemons "$mn" "$3" "$4"
    probe_start "$TOPO_CN" "$hoa"
    busywait 5000 probe_resumed_after 0 || die "the probe from $TOPO_CN to $hoa got no reply at home"
    step scenario "probe $TOPO_CN -> $hoa running"
}

# roam_daemons MN HA_CONF MN_CONF: mip6d on the router (unless it runs already) and on MN.
roam_daemons() {
    local pid
    eval "pid=\${MIP6D_PID_$TOPO_ROUTER:-}"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then mip6d_start "$TOPO_ROUTER" "$2"; fi
    mip6d_start "$1" "$3"
}

# roam_away MN HOA: move MN to ESS remote; returns once the binding is in place, the
# tunnel carries the probe and the wire checks of daemon/lab.sh hold.
roam_away() {
    local mn=$1 hoa=$2 t_move addr
    t_move=$(now_us)
    move_to "$mn" remote
    step scenario "$mn associated to remote"
    addr=$(wait_address "$mn" 2001:db8:1::/64)
    step scenario "$mn care-of address $addr"
    mip6_check_registered "$mn" "$hoa" "$addr" "$t_move"
    ROAM_COA=$addr
}

# roam_home MN HOA: move MN back to ESS home; returns once deregistered and the probe
# reaches it directly again.
roam_home() {
    local mn=$1 hoa=$2 t_back
    t_back=$(now_us)
    move_to "$mn" home
    step scenario "$mn associated to home again"
    mip6_check_home "$mn" "$hoa" "$t_back"
}

# roam_choice NAME VALUE ALLOWED...: VALUE must be one of ALLOWED (a scenario parameter).
roam_choice() {
    local name=$1 value=$2 a; shift 2
    for a in "$@"; do [ "$value" = "$a" ] && return 0; done
    die "$name=$value: expected one of: $*"
}

# roam_uint NAME VALUE MIN MAX: VALUE must be an integer in [MIN, MAX].
roam_uint() {
    [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] \
        || die "$1=$2: expected an integer from $3 to $4"
}

# roam_block_rs NODE: NODE's Router Solicitations never leave it (nftables), so only
# unsolicited RAs tell it where it is.
roam_block_rs() {
    nsx "$1" nft -f - <<'NFT' || die "cannot install the nftables rule dropping Router Solicitations on $1"
table ip6 mip6lab_rs {
    chain out {
        type filter hook output priority 0; policy accept;
        icmpv6 type nd-router-solicit counter drop
    }
}
NFT
    event "$1" rs-blocked
}

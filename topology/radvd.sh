# shellcheck shell=bash
# radvd on the router, configured as in the article. MIP6LAB_RA_MIN / MIP6LAB_RA_MAX /
# MIP6LAB_RA_MINDELAY override the intervals (the article: 1 / 10 / 1 s; RFC 6275 §7.5
# allows down to 0.03 / 0.07 s for mobility).
#
# A topology may add, for a home agent (topology/two-ha.sh):
#   - two more fields to a TOPO_APS line, "ha-preference ha-lifetime": the Home Agent
#     Information option (RFC 6275 §7.4) in that interface's RAs;
#   - TOPO_ADVERTISERS lines, "node iface prefix router-address home-agent-flag
#     ha-preference ha-lifetime gateway": a router on a link it reaches as a station
#     (not its access point). radvd_start configures its router address (static, no
#     DAD) and a default route via gateway, and its RAs carry AdvDefaultLifetime 0:
#     hosts do not take it as a default router. Its prefix statement is written with
#     the router address (2001:db8::f0/64): radvd 2.19 sends the statement's address
#     as it is, and with AdvRouterAddr on (R flag) that is where home agents read a
#     router's global address. (An AP's prefix equals its router address in every
#     topology so far.)
# Without them the RAs are the article's, byte for byte.
# RADVD_PREFIX_LIFETIMES="PREFIX VALID PREFERRED" (a shell variable, seconds), when set,
# gives that prefix those lifetimes in the configurations written from then on
# (radvd_reload: a prefix's lifetimes change on the link, as scenarios/prefix-change.sh
# does it).

# radvd_iface IFACE PREFIX HA_FLAG [HA_PREF HA_LIFETIME [DEFAULT_LIFETIME]]
radvd_iface() {
    local iface=$1 prefix=$2 h=$3 pref=${4:-} life=${5:-} dflt=${6:-}
    cat <<CONF
interface $iface
{
        AdvSendAdvert on;
        AdvIntervalOpt on;
        MaxRtrAdvInterval ${MIP6LAB_RA_MAX:-10};
        MinRtrAdvInterval ${MIP6LAB_RA_MIN:-1};
        MinDelayBetweenRAs ${MIP6LAB_RA_MINDELAY:-${MIP6LAB_RA_MIN:-1}};
        AdvHomeAgentFlag $h;
CONF
    if [ -n "$dflt" ]; then
        echo "        AdvDefaultLifetime $dflt;"
    fi
    if [ -n "$pref" ]; then
        echo "        AdvHomeAgentInfo on;"
        echo "        HomeAgentPreference $pref;"
        echo "        HomeAgentLifetime $life;"
    fi
    cat <<CONF
        prefix $prefix
        {
        AdvOnLink on;
        AdvAutonomous on;
        AdvRouterAddr on;
CONF
    local lt=(${RADVD_PREFIX_LIFETIMES:-})
    if [ ${#lt[@]} -eq 3 ] && [ "${lt[0]}" = "$prefix" ]; then
        echo "        AdvValidLifetime ${lt[1]};"
        echo "        AdvPreferredLifetime ${lt[2]};"
    fi
    cat <<CONF
        };
};
CONF
}

radvd_conf() {
    local node=$1 l
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        [ "$1" = "$node" ] || continue
        radvd_iface "$2" "$5" "$7" "${8:-}" "${9:-}"
    done
    for l in ${TOPO_ADVERTISERS[@]+"${TOPO_ADVERTISERS[@]}"}; do
        set -- $l
        [ "$1" = "$node" ] || continue
        # radvd puts the prefix statement's address as written into the prefix option
        # with the R flag: the router's own address, how home agents learn it (§7.2).
        radvd_iface "$2" "$4/${3#*/}" "$5" "$6" "$7" 0
    done
}

# radvd_has_ap NODE: NODE advertises on a link (its APs, or TOPO_ADVERTISERS).
radvd_has_ap() {
    local l
    for l in "${TOPO_APS[@]}" ${TOPO_ADVERTISERS[@]+"${TOPO_ADVERTISERS[@]}"}; do
        [ "${l%% *}" = "$1" ] && return 0
    done
    return 1
}

# radvd_station_router NODE: the static address and default route of NODE's
# TOPO_ADVERTISERS lines (a router on a link it reaches as a station).
radvd_station_router() {
    local node=$1 l plen
    for l in ${TOPO_ADVERTISERS[@]+"${TOPO_ADVERTISERS[@]}"}; do
        set -- $l
        [ "$1" = "$node" ] || continue
        plen=${3#*/}
        nsx "$1" ip -6 addr add "$4/$plen" dev "$2" nodad || die "cannot add $4 on $1 $2"
        nsx "$1" ip -6 route add default via "$8" dev "$2" || die "cannot add $1's default route via $8"
    done
}

radvd_start() {
    local node=$1 conf=$RUN_DIR/conf/$1-radvd.conf
    radvd_station_router "$node"
    radvd_conf "$node" > "$conf"
    spawn_daemon "$node" radvd "$RUN_DIR/logs/$node-radvd.log" \
        radvd -n -C "$conf" -p "$MIP6LAB_STATE/$node-radvd.pid" -m stderr
}

# radvd_reload NODE: rewrite NODE's configuration (with RADVD_PREFIX_LIFETIMES as it is
# now) and make radvd read it again (SIGHUP, as
# radvd(8) documents). Its RAs carry the new configuration from the next one on.
radvd_reload() {
    local node=$1 conf=$RUN_DIR/conf/$1-radvd.conf pid
    radvd_conf "$node" > "$conf"
    read -r pid < "$MIP6LAB_STATE/$node-radvd.pid" || die "no radvd pid file for $node"
    transcript "[$node]# kill -HUP \$(cat /run/radvd.pid)   # radvd reads $(basename "$conf") again"
    kill -HUP "$pid" || die "radvd on $node is not running"
    local lt=(${RADVD_PREFIX_LIFETIMES:-- default default})
    event "$node" radvd-reload "prefix=${lt[0]}" "valid=${lt[1]}" "preferred=${lt[2]}"
}

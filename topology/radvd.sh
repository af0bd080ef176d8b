# shellcheck shell=bash
# radvd on the router, configured as in the article. MIP6LAB_RA_MIN / MIP6LAB_RA_MAX /
# MIP6LAB_RA_MINDELAY override the intervals (the article: 1 / 10 / 1 s; RFC 6275 §7.5
# allows down to 0.03 / 0.07 s for mobility).

radvd_conf() {
    local node=$1 l
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        [ "$1" = "$node" ] || continue
        cat <<CONF
interface $2
{
        AdvSendAdvert on;
        AdvIntervalOpt on;
        MaxRtrAdvInterval ${MIP6LAB_RA_MAX:-10};
        MinRtrAdvInterval ${MIP6LAB_RA_MIN:-1};
        MinDelayBetweenRAs ${MIP6LAB_RA_MINDELAY:-${MIP6LAB_RA_MIN:-1}};
        AdvHomeAgentFlag $7;
        prefix $5
        {
        AdvOnLink on;
        AdvAutonomous on;
        AdvRouterAddr on;
        };
};
CONF
    done
}

# radvd_has_ap NODE: NODE serves an ESS (radvd advertises on its APs only).
radvd_has_ap() {
    local l
    for l in "${TOPO_APS[@]}"; do [ "${l%% *}" = "$1" ] && return 0; done
    return 1
}

radvd_start() {
    local node=$1 conf=$RUN_DIR/conf/$1-radvd.conf
    radvd_conf "$node" > "$conf"
    spawn_daemon "$node" radvd "$RUN_DIR/logs/$node-radvd.log" \
        radvd -n -C "$conf" -p "$MIP6LAB_STATE/$node-radvd.pid" -m stderr
}

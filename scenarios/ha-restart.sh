# shellcheck shell=bash
# DESCRIPTION: the home agent restarted while raven is away: raven re-registers at its next refresh and the probe resumes
#
# What a student should observe: raven roams to "remote" and registers with a short
# binding lifetime (MnMaxHaBindingLife, default 16 s). mip6d on denali is then stopped
# (SIGTERM: it withdraws the binding, the tunnel and the proxy entry) and started again
# with an empty binding cache. The probe from cn to 2001:db8::beef stops: nothing on
# denali answers for the home address any more, and raven does not know. At its next
# binding refresh (7/8 of the lifetime after its last BU) raven's BU meets a home agent
# without a binding, which treats it as a first registration (DAD of the home address,
# then BA status 0, tunnel), and the probe flows again. The report shows one handover
# and, in its binding table, the refresh exchanges. Its "blackout" is the longest gap of
# the probe after the move, which is the restart's: at most the refresh interval plus
# the home agent's DAD and the exchange.
#
# Parameters (environment):
#   MIP6LAB_LIFETIME=S                binding lifetime raven asks for (8-120 s, default 16)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_uint MIP6LAB_LIFETIME "${MIP6LAB_LIFETIME:=16}" 8 120
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX

scenario_run() {
    local mn=raven hoa=2001:db8::beef mn_conf ha_conf=$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf t_restart
    mn_conf=$(roam_conf raven-ha-restart-mn.conf mip6d-mn.conf "MnMaxHaBindingLife $MIP6LAB_LIFETIME;")
    roam_start_home $mn $hoa "$ha_conf" "$mn_conf"
    roam_away $mn $hoa
    check "mip6d on $TOPO_ROUTER exits cleanly on SIGTERM" mip6d_stop "$TOPO_ROUTER"
    check "$TOPO_ROUTER withdrew the tunnel to the care-of address" no_ha_tunnel_to "$TOPO_ROUTER" "$ROAM_COA"
    t_restart=$(now_us)
    mip6d_start "$TOPO_ROUTER" "$ha_conf"
    step scenario "mip6d on $TOPO_ROUTER restarted with an empty binding cache"
    # The refresh comes at most 7/8 of the lifetime after raven's last BU; then the HA's
    # DAD (1 s) and the exchange itself.
    busywait $(((MIP6LAB_LIFETIME + 10) * 1000)) vt_has "$TOPO_ROUTER" bc "hoa $hoa status registered coa $ROAM_COA" \
        || die "check failed: raven did not re-register with the restarted $TOPO_ROUTER: $(vt "$TOPO_ROUTER" bc | tr '\n' ' ')"
    step check "raven re-registered with the restarted home agent: ok"
    busywait 10000 probe_resumed_after_gap "$t_restart" \
        || die "check failed: the probe from $TOPO_CN to $hoa did not resume after the restart"
    step check "probe $TOPO_CN -> $hoa resumed after the restart: ok"
    probe_stop
}

# probe_resumed_after_gap T: a reply logged after T that follows a gap of at least one
# second (the outage of the restart, not a reply still in flight when it began).
probe_resumed_after_gap() {
    awk -v t="$1" -F'[][]' '/bytes from/ { x = $2 + 0; if (x > t + 0 && prev && x - prev >= 1) { ok = 1; exit } prev = x }
        END { exit !ok }' "$RUN_DIR/logs/probe-$TOPO_CN.log"
}

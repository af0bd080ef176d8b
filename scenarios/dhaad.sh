# shellcheck shell=bash
# DESCRIPTION: dynamic home agent address discovery: raven knows no home agent, asks the home subnet's anycast address from the visited link, registers with the first one named
#
# What a student should observe: two home agents serve the home link (topology two-ha:
# denali, the router, and foraker, a second one on the link; both advertise the H flag
# and a Home Agent Information option, denali with the higher preference). raven's
# mip6d runs daemon/examples/mip6d-mn-dhaad.conf, without a HomeAgentAddress: it knows
# its home address and prefix but not its home agent. It stays quiet at home. After the move to "remote" it has a care-of
# address and sends an ICMPv6 Home Agent Address Discovery Request (type 144) from it
# to the home-agents anycast address 2001:db8::fdff:ffff:ffff:fffe (RFC 6275 §10.5).
# The request is routed to the home link, where a home agent answers with a Reply
# (type 145, the same identifier) listing the home agents it knows from their RAs,
# most preferred first: denali, then foraker. raven sends its Binding Update to the
# first address of the list, denali accepts it, and the probe from cn resumes through
# the tunnel. The report's handover has a "discovery" phase (Reply - Request) before
# the BU; `./run.sh --runs 5 dhaad dad` puts what the discovery costs beside a
# registration with a configured home agent (docs/scenarios.md).
#
# Parameters (environment):
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_PROBE_INTERVAL            probe interval in s (default 0.005)
#   MIP6LAB_ROAM=cached|scan          as in dad (default cached)
# As in dad: optimistic DAD of the care-of address, no DAD of the home address on the
# home agents, the roam from cached scan results, so that what the discovery adds is
# not hidden behind a second of DAD or a scan.

SCENARIO_TOPOLOGY=two-ha
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"
. "$MIP6LAB_ROOT/scenarios/lib-ha.sh"

: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}" "${MIP6LAB_PROBE_INTERVAL:=0.005}" "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_PROBE_INTERVAL MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha_conf mn_conf t_move ts=$RUN_DIR/logs/tshark-dhaad.txt
    local req rep bu coa list id
    roam_dad_mode $mn "$(mn_field $mn 2)" optimistic
    ha_conf=$(roam_conf ha-dhaad.conf mip6d-ha.conf "HaDuplicateAddressDetection disabled;")
    mn_conf=$(ha_mn_conf raven-dhaad-mn.conf)
    ha_ha_start foraker "$ha_conf"
    roam_start_home $mn $hoa "$ha_conf" "$mn_conf"
    t_move=$(now_us)
    roam_away $mn $hoa
    coa=$ROAM_COA
    probe_stop

    ha_tshark "$RUN_DIR/$mn-wlan0.pcap" "$ts"
    req=$(ha_first "$ts" 144 "$t_move")
    check "tshark decodes a Home Agent Address Discovery Request (144) from $coa to $HA_ANYCAST after the move" \
        test -n "$req" -a "$(set -- $req; echo "$3 $4")" = "$coa $HA_ANYCAST"
    id=$(set -- $req; echo "$5")
    rep=$(awk -v a="$t_move" -v id="$id" '$2 == 145 && $1 + 0 > a + 0 && $5 == id { print; exit }' "$ts")
    check "tshark decodes the Reply (145) with the request's identifier $id, to $coa" \
        test -n "$rep" -a "$(set -- ${rep:-x x x x}; echo "$4")" = "$coa"
    list=$(set -- $rep; echo "$6")
    check "the Reply lists denali (2001:db8::) first, then foraker (2001:db8::f0): $list" \
        test "$list" = "2001:db8::,2001:db8::f0"
    bu=$(ha_first "$ts" bu "$t_move")
    check "raven's first BU after the move goes to 2001:db8::, after the Reply" \
        awk -v b="$bu" -v r="$rep" 'BEGIN { split(b, x, " "); split(r, y, " "); exit !(x[4] == "2001:db8::" && x[1] + 0 > y[1] + 0) }'
    check "no BU to the anycast address" test "$(awk -v a="$HA_ANYCAST" '$2 == "bu" && $4 == a' "$ts" | wc -l)" -eq 0
    check "bul on $mn names denali as its home agent" grep -q "CN address 2001:db8::$" "$RUN_DIR/logs/$mn-vt-bul.txt"
    check "foraker has no binding" vt_lacks foraker bc "hoa $hoa"
}

# shellcheck shell=bash
# DESCRIPTION: mobile prefix discovery: the home prefix's lifetimes change while raven is away; denali tells it with a Mobile Prefix Advertisement
#
# What a student should observe: raven roams to "remote" and registers with denali.
# The network administrator then shortens the home prefix's lifetimes: denali's radvd
# configuration gets `AdvValidLifetime 600; AdvPreferredLifetime 300;` for
# 2001:db8::/64 and radvd reads it again (SIGHUP, as radvd(8) documents). The next RAs
# on the home link carry the new lifetimes; mip6d on denali hears them (its own radvd's
# RAs, looped back on its home interface), sees the prefix of a registered mobile node
# change and sends raven an unsolicited Mobile Prefix Advertisement (ICMPv6 type 147,
# RFC 6275 §6.8, §10.6.2) to its home address through the care-of address (a type 2
# routing header), with the prefix and its new lifetimes. raven's mip6d takes them for
# its home prefix: its log and `bul` show the valid lifetime of 600 s. Nothing else
# changes: the binding stays, the probe keeps flowing. A Mobile Prefix Solicitation
# (146) from raven, if it sends one, is answered by an MPA with its identifier; the
# report lists both kinds.
#
# Parameters (environment):
#   MIP6LAB_PREFIX_VALID=S            the new valid lifetime (60-86400, default 600)
#   MIP6LAB_PREFIX_PREFERRED=S        the new preferred lifetime (0-valid, default half)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"
. "$MIP6LAB_ROOT/scenarios/lib-ha.sh"

roam_uint MIP6LAB_PREFIX_VALID "${MIP6LAB_PREFIX_VALID:=600}" 60 86400
roam_uint MIP6LAB_PREFIX_PREFERRED "${MIP6LAB_PREFIX_PREFERRED:=$((MIP6LAB_PREFIX_VALID / 2))}" 0 "$MIP6LAB_PREFIX_VALID"
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha_conf mn_conf t_change coa ts=$RUN_DIR/logs/tshark-mpa.txt mpa
    local valid=$MIP6LAB_PREFIX_VALID preferred=$MIP6LAB_PREFIX_PREFERRED
    roam_dad_mode $mn "$(mn_field $mn 2)" optimistic
    ha_conf=$(roam_conf denali-mpa-ha.conf mip6d-ha.conf "HaDuplicateAddressDetection disabled;" \
        "SendMobPfxAdvs enabled;" "SendUnsolMobPfxAdvs enabled;")
    mn_conf=$(roam_conf raven-mpa-mn.conf mip6d-mn.conf "SendMobPfxSols enabled;")
    roam_start_home $mn $hoa "$ha_conf" "$mn_conf"
    roam_away $mn $hoa
    coa=$ROAM_COA

    t_change=$(now_us)
    RADVD_PREFIX_LIFETIMES="2001:db8::/64 $valid $preferred"
    radvd_reload "$TOPO_ROUTER"
    step scenario "$TOPO_ROUTER's radvd now advertises 2001:db8::/64 valid $valid s, preferred $preferred s"
    busywait 20000 mn_log_has_mpa "$mn" "$valid" \
        || die "check failed: raven's mip6d did not report a Mobile Prefix Advertisement with valid lifetime $valid (see logs/$mn-mip6d.log)"
    step check "raven's mip6d took the new lifetimes from an MPA: ok"
    vt $mn bul > "$RUN_DIR/logs/$mn-vt-bul-mpa.txt"
    check "bul on $mn shows the home prefix's valid lifetime $valid" \
        grep -q " lifetime = $valid," "$RUN_DIR/logs/$mn-vt-bul-mpa.txt"
    # The answer goes to a file first: grep -q leaving a pipe early can fail vt_has.
    check "the binding with denali is still there" \
        vt_save_has "$TOPO_ROUTER" bc "$RUN_DIR/logs/$TOPO_ROUTER-vt-bc-mpa.txt" "hoa $hoa status registered coa $coa"
    busywait 5000 probe_resumed_after "$(now_us)" || die "check failed: the probe stopped after the prefix change"
    step check "probe $TOPO_CN -> $hoa still answered: ok"
    probe_stop

    ha_tshark "$RUN_DIR/$mn-wlan0.pcap" "$ts"
    mpa=$(ha_first "$ts" 147 "$t_change")
    check "tshark decodes a Mobile Prefix Advertisement (147) from 2001:db8:: after the change" \
        test -n "$mpa" -a "$(set -- ${mpa:-x x x}; echo "$3")" = 2001:db8::
    check "the MPA goes to the care-of address (outer destination $coa)" \
        test "$(set -- $mpa; echo "${4%%,*}")" = "$coa"
    check "the MPA carries 2001:db8:: with valid $valid s and preferred $preferred s" \
        test "$(set -- $mpa; echo "$7 $8 $9")" = "2001:db8:: $valid $preferred"
    check "no MPA before the change carried those lifetimes" \
        test "$(awk -v a="$t_change" -v v="$valid" '$2 == 147 && $1 + 0 <= a + 0 && $8 == v' "$ts" | wc -l)" -eq 0
}

# mn_log_has_mpa NODE VALID: the node's mip6d logged a Mobile Prefix Advertisement with
# that valid lifetime (a file read: this runs every 20 ms).
mn_log_has_mpa() {
    local l
    while IFS= read -r l; do
        [[ $l == *" MPA id "* && $l == *" valid $2 "* ]] && return 0
    done < "$RUN_DIR/logs/$1-mip6d.log"
    return 1
}

# shellcheck shell=bash
# DESCRIPTION: the first Binding Acknowledgement(s) dropped on denali: BU retransmission with exponential backoff
#
# What a student should observe: raven roams from "home" to "remote"; denali accepts its
# Binding Update and answers, but an nftables rule on denali drops the first accepting
# BAs (MIP6LAB_BA_DROP of them, default 2) before they leave. raven, having no answer,
# retransmits the BU with a new sequence number after InitialBindackTimeoutFirstReg
# (1.5 s), then after twice that (3 s), and so on (RFC 6275 §11.8). The report's binding
# table shows the exchange with 3 BUs (seq_first..seq_last), and "registration (BA - BU)"
# is the sum of the timeouts waited (1.5 + 3 = 4.5 s with two drops) plus one round trip.
# denali's own DAD of the home address is off here, so that nothing else delays the BA.
#
# Parameters (environment):
#   MIP6LAB_BA_DROP=N                 accepting BAs dropped (0-5, default 2)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_ROAM=cached|scan          cached (default): the station roams from a scan made
#                                     just before the move (mip6lab(7))

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_uint MIP6LAB_BA_DROP "${MIP6LAB_BA_DROP:=2}" 0 5
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}" "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha_conf
    ha_conf=$(roam_conf denali-ba-loss-ha.conf mip6d-ha.conf "HaDuplicateAddressDetection disabled;")
    roam_start_home $mn $hoa "$ha_conf" "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    # Armed at home, after the deregistration that starts mip6d (its BA says 133, not 0).
    [ "$MIP6LAB_BA_DROP" -gt 0 ] && ba_drop_arm
    roam_away $mn $hoa
    if [ "$MIP6LAB_BA_DROP" -gt 0 ]; then
        check "denali dropped exactly $MIP6LAB_BA_DROP accepting BA(s)" test "$(ba_dropped)" = "$MIP6LAB_BA_DROP"
    fi
    probe_stop
}

# An nftables table on denali drops accepting BAs (MH type 6, status < 128) on output;
# numgen counts the BAs the rule sees, so exactly the first MIP6LAB_BA_DROP go, whatever
# the machine's speed.
ba_drop_arm() {
    nsx "$TOPO_ROUTER" nft -f - <<NFT || die "cannot install the BA-dropping nftables rule on $TOPO_ROUTER"
table ip6 mip6lab_ba_loss {
    chain out {
        type filter hook output priority 0; policy accept;
        mh type binding-acknowledgement @th,48,8 < 128 numgen inc mod 1000000 < $MIP6LAB_BA_DROP counter drop
    }
}
NFT
    event "$TOPO_ROUTER" ba-drop-armed "count=$MIP6LAB_BA_DROP"
    step scenario "$TOPO_ROUTER drops the next $MIP6LAB_BA_DROP accepting BA(s) (nftables)"
}

# Accepting BAs the rule dropped.
ba_dropped() {
    ip netns exec "$TOPO_ROUTER" nft list table ip6 mip6lab_ba_loss | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

# shellcheck shell=bash
# DESCRIPTION: movement detection paced by unsolicited RAs: RFC 6275's 0.03-0.07 s (default) or the article's 1-10 s
#
# What a student should observe: raven roams from "home" to "remote" as in basic-handover,
# but its Router Solicitations are dropped on raven (nftables), so it learns that it moved
# only from denali's next unsolicited Router Advertisement on the new link. The report's
# "movement detection (RA - join)" is that wait: a few tens of milliseconds with RFC 6275
# §7.5's minimum intervals, up to ten seconds (about three on average) with the article's
# MinRtrAdvInterval 1 / MaxRtrAdvInterval 10. Every later phase is the same in both runs.
#
# Parameters (environment):
#   MIP6LAB_RA=fast|article   fast: MinRtrAdvInterval 0.03, MaxRtrAdvInterval 0.07 (default);
#                             article: 1 and 10 s
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX, MIP6LAB_RA_MINDELAY   explicit values win over MIP6LAB_RA
#   MIP6LAB_RS=off|on         on lets raven solicit (radvd answers at once: no RA wait)
#   MIP6LAB_ROAM=cached|scan  cached (default): the station roams from a scan made just
#                             before the move (mip6lab(7))

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_choice MIP6LAB_RA "${MIP6LAB_RA:=fast}" fast article
roam_choice MIP6LAB_RS "${MIP6LAB_RS:=off}" off on
if [ "$MIP6LAB_RA" = fast ]; then
    : "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
else
    : "${MIP6LAB_RA_MIN:=1}" "${MIP6LAB_RA_MAX:=10}"
fi
: "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef
    step scenario "RAs every $MIP6LAB_RA_MIN-$MIP6LAB_RA_MAX s, Router Solicitations $MIP6LAB_RS"
    [ "$MIP6LAB_RS" = off ] && roam_block_rs $mn
    roam_start_home $mn $hoa "$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf" "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    roam_away $mn $hoa
    probe_stop
}

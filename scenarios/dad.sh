# shellcheck shell=bash
# DESCRIPTION: address configuration with optimistic DAD (RFC 4429, default) or standard DAD (~1 s) for the care-of address
#
# What a student should observe: raven roams from "home" to "remote" with fast Router
# Advertisements (0.03-0.07 s), so that movement detection is short and the duplicate
# address detection of the new care-of address stands out. With standard DAD (RFC 4862)
# the kernel keeps the address tentative for one Neighbor Solicitation and one
# RetransTimer (1 s): mip6d waits for a usable address, so the report's "address
# configuration (BU - RA)" is about a second. With optimistic DAD the address is usable
# at once while DAD runs, and the BU leaves a few milliseconds after the RA.
# The home agent's own DAD of the home address on a first registration (RFC 6275
# §10.3.1) follows the same choice unless MIP6LAB_HA_DAD says otherwise: it shows in
# "registration (BA - BU)".
#
# Parameters (environment):
#   MIP6LAB_DAD=optimistic|standard   raven's DAD for the care-of address (default optimistic)
#   MIP6LAB_HA_DAD=on|off             denali's DAD of the home address (default: on with
#                                     standard, off with optimistic)
#   MIP6LAB_RA_MIN, MIP6LAB_RA_MAX    RA intervals (default 0.03 and 0.07 s)
#   MIP6LAB_PROBE_INTERVAL            probe interval in s (default 0.005: the blackout this
#                                     configuration reaches is tens of milliseconds)
#   MIP6LAB_ROAM=cached|scan          cached (default here): raven scans the new channel
#                                     before the move, as a background scan does, and
#                                     the move authenticates at once; scan: it scans at
#                                     the move (~150 ms more of L2)

SCENARIO_TOPOLOGY=seed
. "$MIP6LAB_ROOT/daemon/lab.sh"
. "$MIP6LAB_ROOT/scenarios/lib-roam.sh"

roam_choice MIP6LAB_DAD "${MIP6LAB_DAD:=optimistic}" optimistic standard
if [ "$MIP6LAB_DAD" = optimistic ]; then : "${MIP6LAB_HA_DAD:=off}"; else : "${MIP6LAB_HA_DAD:=on}"; fi
roam_choice MIP6LAB_HA_DAD "$MIP6LAB_HA_DAD" on off
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}" "${MIP6LAB_PROBE_INTERVAL:=0.005}" "${MIP6LAB_ROAM:=cached}"
export MIP6LAB_RA_MIN MIP6LAB_RA_MAX MIP6LAB_PROBE_INTERVAL MIP6LAB_ROAM

scenario_run() {
    local mn=raven hoa=2001:db8::beef ha_conf ha_dad=enabled
    [ "$MIP6LAB_HA_DAD" = on ] || ha_dad=disabled
    step scenario "care-of address DAD $MIP6LAB_DAD, home agent DAD of the home address $MIP6LAB_HA_DAD"
    roam_dad_mode $mn "$(mn_field $mn 2)" "$MIP6LAB_DAD"
    ha_conf=$(roam_conf denali-dad-ha.conf mip6d-ha.conf "HaDuplicateAddressDetection $ha_dad;")
    roam_start_home $mn $hoa "$ha_conf" "$MIP6LAB_ROOT/daemon/examples/mip6d-mn.conf"
    roam_away $mn $hoa
    probe_stop
}

# shellcheck shell=bash
# tcpdump on every link that matters and on hwsim0 (radiotap: the whole air), into the
# run directory as NODE-IFACE.pcap and air.pcap. Packet-buffered (-U) so that a capture
# is complete up to its last packet even if the run is cut, and --immediate-mode: without
# it libpcap hands packets over in blocks, up to a second late, and what is still in the
# kernel's ring when tcpdump is stopped is lost (the last 0.8 s of a quiet link's capture,
# a BA included, in a multi-mn run).
# The captures run at SCHED_IDLE (MIP6LAB_CAPTURE_PRIO, spawn's values; normal turns it off): in
# immediate mode every frame wakes several tcpdumps, and on two emulated CPUs they took
# the CPU from mip6d, hostapd and wpa_supplicant in the middle of a handover. Packet
# timestamps are taken by the kernel when the frame passes, not when tcpdump runs, and
# the larger kernel buffer (-B, KiB) holds what an idle-class tcpdump has not read yet.

# capture_one NODE IFACE FILE ("-" as NODE: the initial namespace). Its stop is on the
# defer_prio track: teardown stops the captures before anything else, so that each ends
# while every link and daemon it saw is still there.
capture_one() {
    local node=$1 iface=$2 file=$RUN_DIR/$3 log=$RUN_DIR/logs/tcpdump-$3.log
    SPAWN_DEFER=defer_prio SPAWN_PRIO=${MIP6LAB_CAPTURE_PRIO:-idle} spawn "$node" "tcpdump-$3" "$log" \
        tcpdump -i "$iface" -n -U --immediate-mode -B 8192 -s 0 -Z root -w "$file"
    CAPTURE_LOGS+=("$log")
}

capture_listening() { [ -f "$1" ] && [[ $(< "$1") == *"listening on"* ]]; }

capture_start() {
    local l
    CAPTURE_LOGS=()
    capture_one - hwsim0 air.pcap
    for l in "${TOPO_APS[@]}" "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do
        set -- $l
        capture_one "$1" "$2" "$1-$2.pcap"
    done
    for l in "${TOPO_WIRES[@]}"; do
        set -- $l
        capture_one "$4" "$5" "$4-$5.pcap"
    done
    for l in "${CAPTURE_LOGS[@]}"; do
        busywait 10000 capture_listening "$l" || die "tcpdump did not start (see $l)"
    done
}

# Stop every capture, flushing its file; teardown would too, this only makes the
# order explicit (after the scenario, before the analysis).
capture_stop() { stop_named 'tcpdump*'; }

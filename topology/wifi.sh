# shellcheck shell=bash
# hostapd access points and wpa_supplicant stations.
# MIP6LAB_SECURITY=open (default) | wpa2 ; MIP6LAB_PSK (wpa2 passphrase).
# MIP6LAB_SCAN=fast (default: each network scans only its own channel) | full (the
# supplicant scans every channel before it roams, as a stock configuration does).

freq_of_channel() { echo $((2407 + 5 * $1)); }

ctrl_dir() { echo "$MIP6LAB_STATE/ctrl/$1"; }

ap_conf() {
    local iface=$1 ssid=$2 channel=$3
    cat <<CONF
interface=$iface
driver=nl80211
ctrl_interface=$(ctrl_dir "$node")
ssid=$ssid
hw_mode=g
channel=$channel
CONF
    if [ "${MIP6LAB_SECURITY:-open}" = wpa2 ]; then
        cat <<CONF
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=${MIP6LAB_PSK:-mip6lab-roamer}
CONF
    fi
}

# ap_start NODE IFACE SSID CHANNEL
ap_start() {
    local node=$1 iface=$2 conf=$RUN_DIR/conf/$1-hostapd-$2.conf
    mkdir -p "$(ctrl_dir "$node")"
    ap_conf "$iface" "$3" "$4" > "$conf"
    spawn_wifi_daemon "$node" "hostapd-$iface" "$RUN_DIR/logs/$node-hostapd-$iface.log" hostapd -t "$conf"
}

# Readiness from hostapd's own log line: polling with hostapd_cli would cost two execs
# per poll, and under the VM's emulated CPU that starves the daemon being waited for.
ap_ready() {
    local log=$RUN_DIR/logs/$1-hostapd-$2.log
    [ -f "$log" ] && [[ $(< "$log") == *"$2: AP-ENABLED"* ]]
}

sta_conf() {
    local l freq
    echo "ctrl_interface=$(ctrl_dir "$node")"
    echo "ap_scan=1"
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        freq=$(freq_of_channel "$4")
        echo "network={"
        echo "    ssid=\"$3\""
        echo "    id_str=\"$3\""
        if [ "${MIP6LAB_SECURITY:-open}" = wpa2 ]; then
            echo "    key_mgmt=WPA-PSK"
            echo "    psk=\"${MIP6LAB_PSK:-mip6lab-roamer}\""
        else
            echo "    key_mgmt=NONE"
        fi
        [ "${MIP6LAB_SCAN:-fast}" = fast ] && echo "    scan_freq=$freq"
        # Every network starts disabled: the lab joins the first one itself, so that
        # the first association is in events.log too.
        echo "    disabled=1"
        echo "}"
    done
}

# sta_start NODE IFACE: wpa_supplicant holding every ESS of the topology, all disabled.
# Its log (-t: timestamped, flushed per line) is where scenarios/lib.sh sees
# associations: no wpa_cli action script, whose process would start at the very moment
# of each handover.
sta_start() {
    local node=$1 iface=$2 conf=$RUN_DIR/conf/$1-wpa_supplicant.conf
    mkdir -p "$(ctrl_dir "$node")"
    sta_conf > "$conf"
    spawn_wifi_daemon "$node" wpa_supplicant "$RUN_DIR/logs/$node-wpa_supplicant.log" \
        wpa_supplicant -t -D nl80211 -i "$iface" -c "$conf"
    busywait 10000 sta_ready "$node" "$iface" || die "wpa_supplicant on $node did not come up (see $RUN_DIR/logs/$node-wpa_supplicant.log)"
}

# The control socket exists once wpa_supplicant has initialised the interface.
sta_ready() { [ -S "$(ctrl_dir "$1")/$2" ]; }

wpa() {
    local node=$1 iface=$2; shift 2
    ip netns exec "$node" wpa_cli -p "$(ctrl_dir "$node")" -i "$iface" "$@"
}

sta_network_id() {
    wpa "$1" "$2" list_networks | awk -F'\t' -v s="$3" '$2 == s { print $1; exit }'
}

#!/usr/bin/env bash
# wpa_cli action script: logs each (dis)association of a station to the run's events.log.
# Called by wpa_cli -a as: wpa-action.sh IFNAME CONNECTED|DISCONNECTED
set -euo pipefail
ts=$(date +%s.%6N)
case "$2" in
    CONNECTED)
        st=$(wpa_cli -p "$WPA_CTRL_DIR" -i "$1" status)
        printf '%s %s associated ssid=%s bssid=%s\n' "$ts" "$MIP6LAB_NODE" \
            "$(sed -n 's/^ssid=//p' <<<"$st")" "$(sed -n 's/^bssid=//p' <<<"$st")" >> "$RUN_DIR/events.log" ;;
    DISCONNECTED)
        printf '%s %s disassociated\n' "$ts" "$MIP6LAB_NODE" >> "$RUN_DIR/events.log" ;;
esac

#!/bin/bash
# wpa_cli action script: logs each (dis)association of a station to the run's events.log.
# Called by wpa_cli -a as: wpa-action.sh IFNAME CONNECTED|DISCONNECTED, with the
# network's id_str (the lab sets it to the SSID) in WPA_ID_STR.
# It runs at the very moment of a handover, on the same two emulated CPUs as the
# radios, mip6d and the kernel's work: builtins only, no command is executed.
case "$2" in
    CONNECTED)
        printf "%s %s associated ssid=%s id=%s\n" "$EPOCHREALTIME" "$MIP6LAB_NODE" \
            "${WPA_ID_STR:-?}" "${WPA_ID:-?}" >> "$RUN_DIR/events.log" ;;
    DISCONNECTED)
        printf '%s %s disassociated\n' "$EPOCHREALTIME" "$MIP6LAB_NODE" >> "$RUN_DIR/events.log" ;;
esac

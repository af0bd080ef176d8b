# shellcheck shell=bash
# Helpers for scenario files: moving a mobile node, waiting for addresses, probes,
# and checks that fail the run with a message naming what was expected.

mn_field() {   # mn_field NODE N: field N of the node's TOPO_MNS line
    local l node=$1 n=$2
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        [ "$1" = "$node" ] && { eval "echo \${$n}"; return; }
    done
}

# Current SSID of a station ("" when not associated).
mn_ssid() { wpa "$1" "$(mn_field "$1" 2)" status 2>/dev/null | sed -n 's/^ssid=//p'; }

# wait_associated NODE SSID [TIMEOUT_MS]: waits for the action script's "associated"
# line in events.log (file reads only, no exec per poll), then confirms with wpa_cli.
wait_associated() {
    local node=$1 ssid=$2 iface
    iface=$(mn_field "$node" 2)
    busywait "${3:-60000}" event_since "$EVENTS_MARK" " $node associated ssid=$ssid " \
        || die "$node did not associate to '$ssid' (see $RUN_DIR/logs/$node-wpa_supplicant.log)"
    sta_associated "$node" "$iface" "$ssid" || die "$node reported an association to '$ssid' but is not associated"
}

# events_mark: remember how long events.log is; event_since MARK TEXT: a line after MARK
# contains TEXT.
events_mark() { local n=0 l; while IFS= read -r l; do n=$((n + 1)); done < "$RUN_DIR/events.log"; EVENTS_MARK=$n; }
event_since() {
    local mark=$1 text=$2 n=0 l
    while IFS= read -r l; do
        n=$((n + 1))
        [ "$n" -gt "$mark" ] && [[ "$l " == *"$text"* ]] && return 0
    done < "$RUN_DIR/events.log"
    return 1
}

# join NODE SSID: the first association of a station (its networks start disabled);
# call events_mark before and wait_associated after.
join() {
    local node=$1 ssid=$2 iface id
    iface=$(mn_field "$node" 2)
    id=$(sta_network_id "$node" "$iface" "$ssid")
    [ -n "$id" ] || die "$node has no network '$ssid'"
    event "$node" join "to=$ssid"
    wpa "$node" "$iface" select_network "$id" >/dev/null
}

# move_to NODE SSID: the article's `iwconfig wlan0 essid remote`, through wpa_supplicant.
move_to() {
    local node=$1 ssid=$2 iface from id
    iface=$(mn_field "$node" 2)
    from=$(mn_ssid "$node")
    id=$(sta_network_id "$node" "$iface" "$ssid")
    [ -n "$id" ] || die "$node has no network '$ssid'"
    events_mark
    event "$node" move "from=${from:-none}" "to=$ssid"
    transcript "[$node]# wpa_cli select_network $id   # iwconfig $iface essid \"$ssid\""
    wpa "$node" "$iface" select_network "$id" >/dev/null
    wait_associated "$node" "$ssid"
}

# global_addr_in NODE IFACE PREFIX64 [dynamic]: prints the first usable (not tentative)
# global address of IFACE inside PREFIX64 (e.g. 2001:db8:1::/64), only autoconfigured
# ones with "dynamic"; false if there is none.
global_addr_in() {
    local want a _i _n _f
    ipv6_prefix64 "${3%/*}"; want=$REPLY
    while read -r _i _n _f a _; do
        a=${a%/*}
        ipv6_prefix64 "$a"
        [ "$REPLY" = "$want" ] && { echo "$a"; return 0; }
    done < <(ip -n "$1" -6 -o addr show dev "$2" scope global -tentative ${4:-} 2>/dev/null)
    return 1
}

# The first four groups of an IPv6 address, fully expanded, into REPLY.
ipv6_prefix64() {
    local a=$1 head tail n i out=() h t
    if [[ $a == *::* ]]; then
        head=${a%%::*} tail=${a#*::}
        IFS=: read -ra h <<<"$head"; IFS=: read -ra t <<<"$tail"
        n=$((8 - ${#h[@]} - ${#t[@]}))
        out=("${h[@]}"); for ((i = 0; i < n; i++)); do out+=(0); done; out+=("${t[@]}")
    else
        IFS=: read -ra out <<<"$a"
    fi
    printf -v REPLY '%x:%x:%x:%x' "0x${out[0]:-0}" "0x${out[1]:-0}" "0x${out[2]:-0}" "0x${out[3]:-0}"
}

# wait_address NODE PREFIX64 [TIMEOUT_MS]: prints the SLAAC address once usable.
wait_address() {
    local node=$1 iface
    iface=$(mn_field "$node" 2)
    busywait "${3:-15000}" global_addr_in "$node" "$iface" "$2" dynamic >/dev/null \
        || die "$node got no usable autoconfigured address in $2 on $iface"
    global_addr_in "$node" "$iface" "$2" dynamic
}

# wait_usable NODE ADDRESS [TIMEOUT_MS]: ADDRESS is configured and past DAD.
wait_usable() {
    local node=$1 iface
    iface=$(mn_field "$node" 2)
    busywait "${3:-15000}" addr_usable "$node" "$iface" "$2" || die "$2 on $node never became usable"
}

addr_usable() { [[ $(ip -n "$1" -6 -o addr show dev "$2" -tentative) == *" ${3%/*}/"* ]]; }

# ping_ok NODE DST: at least one echo reply out of three.
ping_ok() {
    local node=$1 dst=$2 out
    out=$(nsx "$node" ping -6 -c 3 -i 0.2 -W 2 "$dst" 2>&1) || true
    printf '%s\n' "$out" >> "$RUN_DIR/transcript.txt"
    grep -q ' 0 received' <<<"$out" && return 1
    grep -q 'received' <<<"$out"
}

# check DESCRIPTION CMD...: a scenario expectation; the run fails when it does not hold.
check() {
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then
        step check "$what: ok"
    else
        die "check failed: $what"
    fi
}

# probe_start SRC DST [INTERVAL_S]: a constant-rate echo probe (default every
# $MIP6LAB_PROBE_INTERVAL s, else 20 ms) whose packets are in the captures; its own log is
# logs/probe-SRC.log. The interval is the resolution of the blackout the analyzer reports.
probe_start() {
    local src=$1 dst=$2 interval=${3:-${MIP6LAB_PROBE_INTERVAL:-0.02}}
    event "$src" probe-start "dst=$dst" "interval=$interval"
    spawn "$src" "probe" "$RUN_DIR/logs/probe-$src.log" ping -6 -D -O -i "$interval" "$dst"
}

probe_stop() {
    stop_named probe
    event "$TOPO_CN" probe-stop
}

# probe_replies_after TS: number of probe replies logged after wall-clock time TS.
probe_replies_after() {
    awk -v t="$1" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { n++ } END { print n + 0 }' \
        "$RUN_DIR/logs/probe-$TOPO_CN.log"
}

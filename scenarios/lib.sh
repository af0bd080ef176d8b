# shellcheck shell=bash
# Helpers for scenario files: moving a mobile node, waiting for addresses, probes,
# and checks that fail the run with a message naming what was expected.

mn_field() {   # mn_field NODE N: field N of the node's TOPO_MNS (or TOPO_STAS) line
    local l node=$1 n=$2
    for l in "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do
        set -- $l
        [ "$1" = "$node" ] && { eval "echo \${$n}"; return; }
    done
}

# Current SSID of a station ("" when not associated).
mn_ssid() { wpa "$1" "$(mn_field "$1" 2)" status 2>/dev/null | sed -n 's/^ssid=//p'; }

# The waits below run while the handover they wait for happens, on the same two emulated
# CPUs: they read files (wpa_supplicant's log, /proc) and never execute a command per
# poll. Under TCG an exec costs 30-120 ms of CPU, which the radios, mip6d and the
# kernel would lose.

# wait_associated NODE SSID [TIMEOUT_MS]: waits for wpa_supplicant's CTRL-EVENT-CONNECTED
# to SSID (its network's id_str) in its log since events_mark, then writes the
# (dis)associations seen since then to events.log with wpa_supplicant's own timestamps.
wait_associated() {
    local node=$1 ssid=$2 log=$RUN_DIR/logs/$1-wpa_supplicant.log
    busywait "${3:-60000}" wpa_log_since "$log" "$EVENTS_MARK_T" "CTRL-EVENT-CONNECTED" "id_str=$ssid]" \
        || die "$node did not associate to '$ssid' (see $log)"
    wpa_log_events "$node" "$log" "$EVENTS_MARK_T"
}

# wpa_log_since LOG T TEXT1 TEXT2: a line of wpa_supplicant -t's LOG stamped at or after
# T (epoch seconds, as $EPOCHREALTIME) contains TEXT1 and TEXT2.
wpa_log_since() {
    local l ts
    [ -f "$1" ] || return 1
    while IFS= read -r l; do
        ts=${l%%:*}
        [[ $l == *"$3"* && $l == *"$4"* ]] && ! ts_before "$ts" "$2" && return 0
    done < "$1"
    return 1
}

# wpa_log_events NODE LOG T: the (dis)associations in LOG since T, as events.log lines.
wpa_log_events() {
    local node=$1 l ts id ssid
    while IFS= read -r l; do
        ts=${l%%:*}
        ts_before "$ts" "$3" && continue
        case "$l" in
            *CTRL-EVENT-DISCONNECTED*)
                printf '%s %s disassociated\n' "$ts" "$node" >> "$RUN_DIR/events.log" ;;
            *CTRL-EVENT-CONNECTED*)
                id=${l##*\[id=}; id=${id%% *}
                ssid=${l##*id_str=}; ssid=${ssid%]*}
                printf '%s %s associated ssid=%s id=%s\n' "$ts" "$node" "$ssid" "$id" >> "$RUN_DIR/events.log" ;;
        esac
    done < "$2"
}

# ts_before A B: epoch time A (seconds.micro) is earlier than B.
ts_before() {
    local a=${1%.*}${1#*.} b=${2%.*}${2#*.}
    [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]] || return 1
    ((10#$a < 10#$b))
}

# events_mark: the time from which wait_associated looks for associations.
events_mark() { EVENTS_MARK_T=$EPOCHREALTIME; }

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
# MIP6LAB_ROAM=cached scans SSID's channel first (roam_prescan), so that the move
# authenticates from those results; scan (the default) lets the move scan.
move_to() {
    local node=$1 ssid=$2 iface from id
    iface=$(mn_field "$node" 2)
    from=$(mn_ssid "$node")
    id=$(sta_network_id "$node" "$iface" "$ssid")
    [ -n "$id" ] || die "$node has no network '$ssid'"
    case "${MIP6LAB_ROAM:-scan}" in
        scan) ;;
        cached) roam_prescan "$node" "$iface" "$ssid" ;;
        *) die "MIP6LAB_ROAM=$MIP6LAB_ROAM: expected scan or cached" ;;
    esac
    events_mark
    event "$node" move "from=${from:-none}" "to=$ssid"
    transcript "[$node]# wpa_cli select_network $id   # iwconfig $iface essid \"$ssid\""
    wpa "$node" "$iface" select_network "$id" >/dev/null
    wait_associated "$node" "$ssid"
}

# roam_prescan NODE IFACE SSID: what a station's background scan does before it needs
# to roam: one scan of SSID's channel while still associated, then wait until SSID's
# BSS is in wpa_supplicant's results. select_network then connects from those results
# without scanning again, as long as they are younger than its scan_res_valid_for_connect
# (5 s by default). wpa_supplicant prints no scan event in its log at the default level,
# so the wait asks its control socket: this runs before the move, not during it.
roam_prescan() {
    local node=$1 iface=$2 ssid=$3 l freq='' bssid
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        [ "$3" = "$ssid" ] && freq=$(freq_of_channel "$4")
    done
    [ -n "$freq" ] || die "no access point with SSID '$ssid'"
    # Results from before this scan must not count: flush them first.
    wpa "$node" "$iface" bss_flush 0 >/dev/null
    event "$node" prescan "ssid=$ssid" "freq=$freq"
    transcript "[$node]# wpa_cli scan freq=$freq   # the background scan of a roaming station"
    [ "$(wpa "$node" "$iface" scan "freq=$freq")" = OK ] || die "wpa_supplicant on $node refused to scan $freq MHz"
    busywait 10000 roam_scanned "$node" "$iface" "$ssid" || die "$node's scan of $freq MHz did not find '$ssid'"
    bssid=$REPLY
    event "$node" prescanned "ssid=$ssid" "bssid=$bssid"
}

# roam_scanned NODE IFACE SSID: SSID is in wpa_supplicant's scan results; its BSSID in
# REPLY.
roam_scanned() {
    local b _f _s _fl s
    while IFS=$'\t' read -r b _f _s _fl s; do
        [ "$s" = "$3" ] && { REPLY=$b; return 0; }
    done < <(wpa "$1" "$2" scan_results 2>/dev/null)
    return 1
}

# global_addr_in NODE IFACE PREFIX64 [dynamic]: prints the first usable (not tentative)
# global address of IFACE inside PREFIX64 (e.g. 2001:db8:1::/64), only autoconfigured
# ones with "dynamic"; false if there is none. Read from /proc/PID/net/if_inet6 of a
# process in NODE's namespace: columns address (hex), ifindex, prefix length, scope,
# flags (IFA_F_*: 0x40 tentative, 0x80 permanent), name.
global_addr_in() {
    local pid hex _idx _plen scope flags name want
    node_pid "$1" || return 1
    pid=$REPLY
    ipv6_prefix64 "${3%/*}"; want=$REPLY
    while read -r hex _idx _plen scope flags name; do
        [ "$name" = "$2" ] && [ "$scope" = 00 ] || continue
        (( (16#$flags & 0x40) == 0 )) || continue
        [ "${4:-}" = dynamic ] && (( 16#$flags & 0x80 )) && continue
        in6_from_hex "$hex"
        ipv6_prefix64 "$REPLY"
        [ "$REPLY" = "$want" ] && { in6_from_hex "$hex"; echo "$REPLY"; return 0; }
    done < "/proc/$pid/net/if_inet6"
    return 1
}

# node_pid NODE: a live lab process inside NODE's network namespace, in REPLY (cached).
declare -A NODE_PID=()
node_pid() {
    local pid node _name
    if [ -n "${NODE_PID[$1]:-}" ] && [ -d "/proc/${NODE_PID[$1]}" ]; then REPLY=${NODE_PID[$1]}; return 0; fi
    while read -r pid node _name; do
        [ "$node" = "$1" ] && [ -r "/proc/$pid/net/if_inet6" ] && { NODE_PID[$1]=$pid; REPLY=$pid; return 0; }
    done < "$MIP6LAB_STATE/pids"
    return 1
}

# in6_from_hex HEX32: the address in RFC 5952 text form (as ip prints it), in REPLY.
in6_from_hex() {
    local h=$1 g=() i best=-1 bestlen=0 run=0 start=0 out=
    for ((i = 0; i < 8; i++)); do printf -v "g[i]" '%x' "$((16#${h:i*4:4}))"; done
    for ((i = 0; i < 8; i++)); do
        if [ "${g[i]}" = 0 ]; then
            ((run == 0)) && start=$i
            ((++run > bestlen)) && { bestlen=$run; best=$start; }
        else
            run=0
        fi
    done
    ((bestlen < 2)) && best=-1
    for ((i = 0; i < 8; i++)); do
        if ((i == best)); then
            out+="::"; ((i += bestlen - 1)); continue
        fi
        [[ -n $out && $out != *"::" ]] && out+=":"
        out+=${g[i]}
    done
    REPLY=$out
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

# addr_usable NODE IFACE ADDRESS: ADDRESS is on IFACE and past DAD (from /proc, as above).
addr_usable() {
    local pid hex _idx _plen _scope flags name
    node_pid "$1" || return 1
    pid=$REPLY
    while read -r hex _idx _plen _scope flags name; do
        [ "$name" = "$2" ] && (( (16#$flags & 0x40) == 0 )) || continue
        in6_from_hex "$hex"
        [ "$REPLY" = "${3%/*}" ] && return 0
    done < "/proc/$pid/net/if_inet6"
    return 1
}

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

# probe_start SRC DST [INTERVAL_S [LOG]]: a constant-rate echo probe (default every
# $MIP6LAB_PROBE_INTERVAL s, else 20 ms) whose packets are in the captures; its own log is
# LOG, by default logs/probe-SRC.log, with ping -D's reply lines. The interval is the
# resolution of the blackout the analyzer reports. mip6-probe, not ping: below 10 ms ping
# waits 10 ms between sends while replies are outstanding, so during an outage a 5 ms
# probe sent every ~11 ms and the blackout grew by up to a probe interval at each end.
# It runs at SCHED_RR 20 (MIP6LAB_PROBE_PRIO), above the lab's daemons: it is the
# measurement's clock, and a correspondent on a machine of its own is not slowed down
# by the handover (at normal priority it once sent nothing for 24 ms in the middle of
# one).
probe_start() {
    local src=$1 dst=$2 interval=${3:-${MIP6LAB_PROBE_INTERVAL:-0.02}}
    local log=${4:-$RUN_DIR/logs/probe-$src.log}
    [ -x "$MIP6LAB_BIN/mip6-probe" ] || die "build/mip6-probe is missing: run make"
    event "$src" probe-start "dst=$dst" "interval=$interval"
    SPAWN_PRIO=${MIP6LAB_PROBE_PRIO:-rr:20} spawn "$src" "probe" "$log" \
        "$MIP6LAB_BIN/mip6-probe" -i "$interval" "$dst"
    # MIP6LAB_STREAM: the call and the video run beside the probe (lib-stream.sh).
    stream_start "$src" "$dst"
}

probe_stop() {
    stream_stop
    stop_named probe
    event "$TOPO_CN" probe-stop
}

# probe_replies_after TS [LOG]: number of probe replies logged after wall-clock time TS
# in LOG (default: cn's probe log).
probe_replies_after() {
    awk -v t="$1" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { n++ } END { print n + 0 }' \
        "${2:-$RUN_DIR/logs/probe-$TOPO_CN.log}"
}

# Application streams across the move (MIP6LAB_STREAM): stream_start, stream_stop.
. "$MIP6LAB_ROOT/scenarios/lib-stream.sh"

# MIP6LAB_MH_DELAY_MS=N (a test and teaching knob, 0 = off): every Mobility Header
# packet a mobile node sends (its BUs: straight after the IPv6 header, or after the
# Destination Options header that carries the Home Address option) waits N ms on the
# way out of its radio interface, as if the path to the home agent were that much
# longer for signalling only. A prio qdisc with a fourth band behind netem, and two u32
# filters on the IPv6 next-header bytes; the data path is untouched. It lengthens the
# registration path as a slower daemon or a farther home agent would, without touching
# mip6d: tests/verdict-campaign.sh checks that the expectations notice it.
# Packet captures on the node see a packet after its qdisc, so raven-wlan0.pcap shows
# the BU late and the report counts the delay in address_configuration (BU - RA).
mh_delay_setup() {
    local l node iface ms=${MIP6LAB_MH_DELAY_MS:-0}
    [[ $ms =~ ^[0-9]+$ ]] && [ "$ms" -le 5000 ] || die "MIP6LAB_MH_DELAY_MS=$ms: expected an integer from 0 to 5000"
    [ "$ms" -gt 0 ] || return 0
    for l in "${TOPO_MNS[@]}"; do
        set -- $l
        node=$1 iface=$2
        nsx "$node" tc qdisc add dev "$iface" root handle 1: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 \
            || die "cannot put a prio qdisc on $node $iface (MIP6LAB_MH_DELAY_MS)"
        defer ip netns exec "$node" tc qdisc del dev "$iface" root
        nsx "$node" tc qdisc add dev "$iface" parent 1:4 handle 40: netem delay "${ms}ms" \
            || die "cannot add netem on $node $iface (sch_netem; MIP6LAB_MH_DELAY_MS)"
        nsx "$node" tc filter add dev "$iface" parent 1: protocol ipv6 prio 1 u32 \
            match u8 135 0xff at 6 flowid 1:4 \
            && nsx "$node" tc filter add dev "$iface" parent 1: protocol ipv6 prio 2 u32 \
            match u8 60 0xff at 6 match u8 135 0xff at 40 flowid 1:4 \
            || die "cannot add the u32 filters on $node $iface (MIP6LAB_MH_DELAY_MS)"
        event "$node" mh-delay "iface=$iface" "ms=$ms"
    done
    step lab "Mobility Header packets from $(topo_mns | tr '\n' ' ')delayed ${ms} ms (MIP6LAB_MH_DELAY_MS)"
}

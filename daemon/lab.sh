# shellcheck shell=bash
# mip6d in the lab: start it on a node with one of the article's configurations, ask its
# virtual terminal (TCP 7777 on the node's loopback, as `telnet localhost 7777` in the
# article), stop it, and check the captures' Mobility Header traffic with the shared
# codec. Sourced by scenarios after scenarios/lib.sh (uses spawn, busywait, step, die).

MIP6D_VT_PORT=7777

# vt NODE COMMAND: the VT's answer to one command (prompts included). The command goes
# once the VT's prompt came, and "quit" once the answer's prompt came, each in a write
# of its own: a VT that takes one line per segment (UMIP's) sees both. Every read has a
# timeout (MIP6D_VT_TIMEOUT seconds), so a VT that does not answer or does not close
# costs that much, never the run. As few processes as possible: under the VM's emulated
# CPU every exec costs 0.1-0.3 s; bash reads a socket byte by byte, up to each ">".
MIP6D_VT_TIMEOUT=${MIP6D_VT_TIMEOUT:-3}
vt() {
    ip netns exec "$1" bash -c '
        wait_s=$3
        prompt() {   # up to and with the next "mip6d>" prompt, into $got
            local part
            got=
            while IFS= read -r -d ">" -t "$wait_s" part <&3; do
                got+="$part>"
                [[ $got == *mip6d\> ]] && return 0
            done
            printf "%s" "$got"
            return 1
        }
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        prompt || exit 1
        printf "%s" "$got"
        printf "%s\n" "$2" >&3
        prompt || exit 1
        printf "%s" "$got"
        printf "quit\n" >&3
        while IFS= read -r -t "$wait_s" line <&3 || [ -n "$line" ]; do printf "%s\n" "$line"; done
        exit 0' vt "$MIP6D_VT_PORT" "$2" "$MIP6D_VT_TIMEOUT" 2>/dev/null
}

# The answer is read whole before it is searched: with grep -q in the pipe, grep could
# leave at the first match, the VT's writer die of SIGPIPE and pipefail call it a miss.
vt_has() { local out; out=$(vt "$1" "$2") || return 1; grep -q -- "$3" <<<"$out"; }
vt_lacks() { local out; out=$(vt "$1" "$2") || return 1; ! grep -q -- "$3" <<<"$out"; }

# mip6d_start NODE CONF: mip6d -c CONF -d 7 on NODE (the article's command line), its log
# in logs/NODE-mip6d.log; returns once its VT answers.
mip6d_start() {
    local node=$1 conf=$RUN_DIR/conf/$1-mip6d.conf
    cp "$2" "$conf"
    [ -x "$MIP6LAB_BIN/mip6d" ] || die "build/mip6d is missing: run make"
    event "$node" mip6d-start "conf=$(basename "$2")"
    spawn_daemon "$node" mip6d "$RUN_DIR/logs/$node-mip6d.log" \
        "$MIP6LAB_BIN/mip6d" -c "$conf" -d 7 -p "$MIP6LAB_STATE/$node-mip6d.pid"
    eval "MIP6D_PID_$node=$SPAWNED_PID"
    busywait 30000 vt_has "$node" stats role \
        || die "mip6d on $node does not answer on its VT (see $RUN_DIR/logs/$node-mip6d.log)"
    step mip6d "$node: mip6d -c $(basename "$2") -d 7 (VT on port $MIP6D_VT_PORT)"
}

# mip6d_stop NODE: SIGTERM; fails unless mip6d exits within 20 s (it removes every
# tunnel, route, rule, proxy entry and address it added before exiting). On the loaded
# 2-core TCG machine its process outlived its last log line by over 5 s (the kernel
# closing its sockets, presumably).
mip6d_stop() {
    local node=$1 pid
    eval "pid=\${MIP6D_PID_$node:-}"
    [ -n "$pid" ] || return 1
    event "$node" mip6d-stop
    kill -TERM "$pid" 2>/dev/null || return 1
    busywait 20000 pid_gone "$pid" || return 1
    grep -q 'mip6d stopped' "$RUN_DIR/logs/$node-mip6d.log"
}

# pid_gone PID: exited; a zombie counts (nothing in this shell may fork to reap it).
pid_gone() {
    local _pid _comm st
    kill -0 "$1" 2>/dev/null || return 0
    read -r _pid _comm st _ < "/proc/$1/stat" 2>/dev/null || return 0
    [ "$st" = Z ]
}

# The codec's view of the captures: checksums of every MH and ICMPv6 packet, BUs with a
# HAO, BAs with a type 2 routing header (tests/e2e/pcap-csum.c; built on first use).
pcap_csum() {
    local tool=$MIP6LAB_BIN/tests/pcap-csum
    if [ ! -x "$tool" ]; then
        tool=/tmp/mip6lab-pcap-csum
        [ -x "$tool" ] || gcc -std=gnu11 -O1 -D_GNU_SOURCE -I"$MIP6LAB_ROOT/common" -o "$tool" \
            "$MIP6LAB_ROOT/tests/e2e/pcap-csum.c" "$MIP6LAB_ROOT"/common/*.c -lpcap -lcrypto \
            || die "cannot build pcap-csum"
    fi
    "$tool" "$@"
}

# pcap_count KEY FILE: a figure from pcap_csum's output saved in FILE (builtins only:
# the checks call it dozens of times, under an emulated CPU where an exec costs 0.1 s).
pcap_count() {
    local k v n _
    while read -r k v n _; do
        [ "$k" = "$1" ] || continue
        if [ "$v" = ok ]; then echo "$n"; else echo "$v"; fi
        return 0
    done < "$2"
}

# mip6_check_registered MN HOA COA T_MOVE: after a move away from home, what the article
# shows and what the wire must hold (VT of both daemons, captures, probe).
mip6_check_registered() {
    local mn=$1 hoa=$2 coa=$3 t_move=$4 csum=$RUN_DIR/logs/pcap-csum-away.txt
    local bc=$RUN_DIR/logs/$TOPO_ROUTER-vt-bc.txt bul=$RUN_DIR/logs/$mn-vt-bul.txt
    busywait 15000 vt_save_has "$TOPO_ROUTER" bc "$bc" "hoa $hoa status registered coa $coa" \
        || die "check failed: bc on $TOPO_ROUTER shows no binding $hoa -> $coa: $(tr '\n' ' ' < "$bc")"
    step check "bc on $TOPO_ROUTER: hoa $hoa coa $coa: ok"
    event "$TOPO_ROUTER" bc-registered "hoa=$hoa" "coa=$coa"
    vt "$mn" bul > "$bul"
    check "bul on $mn lists $hoa with care-of address $coa" \
        grep -qz "Home address $hoa.*Care-of address $coa" "$bul"
    # After the association to the new AP, not the move command: until the radio
    # leaves, the probe is still answered on the old link.
    t_move=$(last_assoc_after "$mn" "$t_move")
    busywait 10000 probe_resumed_after "$t_move" \
        || die "check failed: the probe from $TOPO_CN to $hoa did not resume after the move"
    step check "probe $TOPO_CN -> $hoa resumed after the move: ok"
    check "$TOPO_ROUTER tunnels to the care-of address" ha_tunnels_to "$TOPO_ROUTER" "$coa"
    pcap_csum "$RUN_DIR/$mn-wlan0.pcap" > "$csum" || true
    # tcpdump hands packets to its file in blocks (up to a second late): wait for them.
    local remote
    remote=$(ap_point remote)
    busywait 5000 tunnelled_in "$RUN_DIR/$remote.pcap" "$csum.${remote#*-}" \
        || die "check failed: probe packets cross the remote link ($remote) in IPv6-in-IPv6"
    step check "probe packets cross the remote link ($remote) in IPv6-in-IPv6: ok"
    check "every MH and ICMPv6 checksum on $mn's link verifies (codec)" grep -q '^total ok [1-9][0-9]* bad 0$' "$csum"
    check "the BU from the care-of address carries a Home Address option" \
        test "$(pcap_count BU-with-HAO "$csum")" -ge 1
    # The BA may not be in the capture file yet (see above): wait for it.
    busywait 5000 ba_accepted_in "$RUN_DIR/$mn-wlan0.pcap" "$csum" \
        || die "check failed: the BA is status 0 and carries a type 2 routing header: $(tr '\n' ' ' < "$csum")"
    step check "the BA is status 0 and carries a type 2 routing header: ok"
}

# ap_point SSID: the capture point (NODE-IFACE) of the access point serving SSID.
ap_point() {
    local ssid=$1 l
    for l in "${TOPO_APS[@]}"; do
        set -- $l
        [ "$3" = "$ssid" ] || continue
        echo "$1-$2"
        return 0
    done
    die "the topology has no access point for ESS '$ssid'"
}

# tunnelled_in PCAP OUT: PCAP has IPv6-in-IPv6 packets.
tunnelled_in() {
    pcap_csum "$1" > "$2" || true
    [ "$(pcap_count IPv6-in-IPv6 "$2")" -gt 0 ]
}

# ba_in OUT: pcap_csum's reading OUT has an accepting BA with a type 2 routing header.
ba_in() {
    [ -s "$1" ] && [ "$(pcap_count BA-accepted "$1")" -ge 1 ] && [ "$(pcap_count BA-with-RH2 "$1")" -ge 1 ]
}

# ba_accepted_in PCAP OUT: an accepting BA with a type 2 routing header is in PCAP. OUT
# may hold a reading of PCAP made just before: the capture is read again only if the
# BA is not in it yet (each reading is an exec and a pass over the file).
ba_accepted_in() {
    ba_in "$2" && return 0
    pcap_csum "$1" > "$2" || true
    ba_in "$2"
}

# vt_save_has NODE COMMAND FILE PATTERN: the answer saved in FILE contains PATTERN.
vt_save_has() { vt "$1" "$2" > "$3"; grep -q -- "$4" "$3"; }

# last_assoc_after NODE T: the time of NODE's last association in events.log, if later
# than T (epoch seconds); else T.
last_assoc_after() {
    awk -v n="$1" -v t="$2" '$2 == n && $3 == "associated" && $1 + 0 > t + 0 { t = $1 } END { printf "%s\n", t }' \
        "$RUN_DIR/events.log"
}

# Probe replies logged after wall-clock time T (ping -D timestamps).
probe_resumed_after() { [ "$(probe_replies_after "$1")" -gt 0 ]; }

# mip6_check_home MN HOA T_BACK: after the MN came back to its home link: deregistration
# on the wire, empty binding cache, no tunnel, and the probe delivered directly again.
mip6_check_home() {
    local mn=$1 hoa=$2 t_back=$3 csum=$RUN_DIR/logs/pcap-csum-home.txt
    local bc=$RUN_DIR/logs/$TOPO_ROUTER-vt-bc-home.txt
    busywait 15000 vt_save_lacks "$TOPO_ROUTER" bc "$bc" "hoa $hoa" \
        || die "check failed: bc on $TOPO_ROUTER still lists $hoa: $(tr '\n' ' ' < "$bc")"
    step check "bc on $TOPO_ROUTER is empty: ok"
    event "$TOPO_ROUTER" bc-empty "hoa=$hoa"
    vt "$mn" bul > "$RUN_DIR/logs/$mn-vt-bul-home.txt"
    check "$TOPO_ROUTER removed its tunnel" no_ha_tunnel_to "$TOPO_ROUTER" 2001:db8:1:
    check "$TOPO_ROUTER stopped proxying ND for $hoa" \
        test -z "$(ip -n "$TOPO_ROUTER" -6 neigh show proxy | grep -F "$hoa")"
    check "$mn has $hoa back on its home interface" \
        grep -qF "$hoa/" <<<"$(ip -n "$mn" -6 addr show dev "$(mn_field "$mn" 2)")"
    busywait 10000 probe_resumed_after "$t_back" \
        || die "check failed: the probe from $TOPO_CN to $hoa did not resume at home"
    step check "probe $TOPO_CN -> $hoa resumed at home: ok"
    pcap_csum --after "$t_back" "$RUN_DIR/$mn-wlan0.pcap" > "$csum" || true
    # Direct delivery: echo replies from the HoA on the home link, not in a tunnel.
    pcap_csum --after "$t_back" --from "$hoa" "$RUN_DIR/$(ap_point home).pcap" > "$csum.wlan0" || true
    check "the probe is answered directly on the home link ($(pcap_count echo-replies-from "$csum.wlan0") echo replies)" \
        test "$(pcap_count echo-replies-from "$csum.wlan0")" -gt 0
    check "every MH and ICMPv6 checksum on $mn's link verifies (codec)" grep -q '^total ok [1-9][0-9]* bad 0$' "$csum"
    pcap_csum --after "$t_back" --from "$hoa" "$RUN_DIR/$mn-wlan0.pcap" > "$csum.from-hoa" || true
    check "$mn sent one deregistration BU (lifetime 0) from home" test "$(pcap_count BU-dereg "$csum")" -eq 1
    check "$TOPO_ROUTER accepted it (BA status 0)" test "$(pcap_count BA-accepted "$csum")" -ge 1
    # RFC 6275 §11.5.4: the HA defends the home address until the deregistration.
    check "no Neighbor Solicitation from $hoa on $mn's link before the deregistration was accepted" \
        test "$(pcap_count NS-from-before-BA "$csum.from-hoa")" -eq 0
    # (The deregistration at start, with no binding left over, is refused with 133.)
    check "the return's deregistration ended accepted in $mn's log, not refused" \
        bash -c "grep 'deregistering -> home' '$RUN_DIR/logs/$mn-mip6d.log' | tail -n 1 | grep -q BA-accepted"
}

# vt_save_lacks NODE COMMAND FILE PATTERN: the answer saved in FILE lacks PATTERN.
vt_save_lacks() { vt "$1" "$2" > "$3" || return 1; ! grep -q -- "$4" "$3"; }

# mip6_nothing_left MN: no mip6d tunnel, rule, table-252 route or proxy entry remains.
mip6_nothing_left() {
    local mn=$1 n
    for n in "$TOPO_ROUTER" "$mn"; do
        [[ $(ip -n "$n" link) != *mip6* ]] || return 1
        [[ $(ip -n "$n" -6 rule) != *"lookup 252"* ]] || return 1
        [ -z "$(ip -n "$n" -6 route show table 252 2>/dev/null)" ] || return 1
        [ -z "$(ip -n "$n" -6 neigh show proxy)" ] || return 1
    done
}

# ha_tunnels_to NODE COA: NODE's HA tunnels to an address starting with COA: an ip6tnl
# with that remote, or (mip6d's collect_md tunnel) a route encapsulated to it.
ha_tunnels_to() {
    [[ $(ip -n "$1" -6 tunnel show 2>/dev/null) == *"remote $2"* ]] ||
        [[ $(ip -n "$1" -6 route show table all 2>/dev/null) == *"encap ip6 "*" dst $2"* ]]
}
no_ha_tunnel_to() { ! ha_tunnels_to "$@"; }

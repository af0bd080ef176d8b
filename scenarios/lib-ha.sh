# shellcheck shell=bash
# Building blocks of the home agent discovery scenarios (dhaad, ha-failover,
# prefix-change): a mobile node's configuration that names no home agent, a home agent on
# another node than the router, and what tshark decodes of ICMPv6 144-147 in a capture.
# Sourced by scenario files after scenarios/lib.sh, daemon/lab.sh and scenarios/lib-roam.sh.

# The home subnet's home-agents anycast address (RFC 6275 §10.5, RFC 2526: the /64's
# interface identifier fdff:ffff:ffff:fffe).
HA_ANYCAST=2001:db8::fdff:ffff:ffff:fffe

# ha_mn_conf NAME [LINE...]: daemon/examples/mip6d-mn-dhaad.conf (no HomeAgentAddress: the
# MN discovers its home agent, RFC 6275 §11.4.1; a BU and two retransmissions 0.5 and
# 1 s apart before it moves to the next one) followed by LINEs; prints its path.
ha_mn_conf() {
    local name=$1; shift
    roam_conf "$name" mip6d-mn-dhaad.conf "$@"
}

# ha_ha_start NODE CONF: mip6d as home agent on NODE unless it runs already.
ha_ha_start() {
    local pid
    eval "pid=\${MIP6D_PID_$1:-}"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then mip6d_start "$1" "$2"; fi
}

# ha_tshark PCAP OUT: one line per ICMPv6 144-147 message and Binding Update / Ack that
# tshark decodes in PCAP: "time kind src dst identifier ha-addresses prefixes
# valid-lifetimes preferred-lifetimes", kind 144-147, bu or ba (lists comma-separated,
# outer header first; "-" when empty). One tshark for all: under the VM's emulated CPU
# it costs seconds to start.
ha_tshark() {
    local pcap=$1 out=$2
    tshark -r "$pcap" -n -Y '(icmpv6.type >= 144 && icmpv6.type <= 147) || mip6.mhtype == 5 || mip6.mhtype == 6' \
        -T fields -E separator=/t -E aggregator=, -E occurrence=a \
        -e frame.time_epoch -e icmpv6.type -e mip6.mhtype -e ipv6.src -e ipv6.dst -e icmpv6.mip6.identifier \
        -e icmpv6.mip6.home_agent_address -e icmpv6.opt.prefix \
        -e icmpv6.opt.prefix.valid_lifetime -e icmpv6.opt.prefix.preferred_lifetime \
        2>"$out.err" | awk -F'\t' '{
            for (i = 1; i <= 10; i++) if ($i == "") $i = "-"
            k = $2; if ($3 == 5) k = "bu"; else if ($3 == 6) k = "ba"; else sub(/,.*/, "", k)
            print $1, k, $4, $5, $6, $7, $8, $9, $10 }' > "$out"
    transcript "# tshark -r $(basename "$pcap") -Y 'icmpv6.type >= 144 && icmpv6.type <= 147 || mip6.mhtype == 5 || mip6.mhtype == 6'   # $(wc -l < "$out") message(s)"
}

# ha_last_addr LIST: the last (innermost) address of a comma-separated list.
ha_last_addr() { echo "${1##*,}"; }

# ha_count FILE TYPE [AFTER]: ICMPv6 messages of TYPE in ha_tshark's FILE (sent after
# epoch time AFTER).
ha_count() {
    awk -v t="$2" -v a="${3:-0}" '$2 == t && $1 + 0 > a + 0 { n++ } END { print n + 0 }' "$1"
}

# ha_reply_pairs FILE [AFTER]: requests (144) answered by a reply (145) carrying the same
# identifier, after AFTER.
ha_reply_pairs() {
    awk -v a="${2:-0}" '$1 + 0 <= a + 0 { next }
        $2 == 144 { req[$5] = 1 } $2 == 145 && ($5 in req) { n++; delete req[$5] } END { print n + 0 }' "$1"
}

# ha_first FILE KIND [AFTER]: the first line of KIND after AFTER.
ha_first() {
    awk -v k="$2" -v a="${3:-0}" '$2 == k && $1 + 0 > a + 0 { print; exit }' "$1"
}

# probe_resumed_after_gap T [MIN_GAP_S]: a reply logged after T that follows a gap of
# at least MIN_GAP_S (default 1) seconds: the outage's end, not a reply in flight.
probe_resumed_after_gap() {
    awk -v t="$1" -v g="${2:-1}" -F'[][]' '/bytes from/ { x = $2 + 0; if (x > t + 0 && prev && x - prev >= g) { ok = 1; exit } prev = x }
        END { exit !ok }' "$RUN_DIR/logs/probe-$TOPO_CN.log"
}

# probe_first_after T: the first reply logged after T (epoch seconds), or nothing.
probe_first_after() {
    awk -v t="$1" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { print $2; exit }' "$RUN_DIR/logs/probe-$TOPO_CN.log"
}

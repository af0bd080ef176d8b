#!/usr/bin/env bash
# make bench-ha-wire [SIZES="1000 10000 100000"] [DAD_SIZES="1000 10000"] [RUNS=1]
#   [KILL_N=10000] [FLOOD_S=10] [FLOOD_N=1000] [FLOOD_TRIES=6] [FLOOD_RATE=max] [PARTS="curve paced kill flood inproc"]
#   [PROXIES="mip6d kernel"] [KERNEL_PROXY_MAX=20000] [PACED_N=10000]:
# mip6-loadgen against a mip6d home agent over a veth in the lab VM (docs/mip6d.md,
# "Benchmark: the home agent over a real link"). For each size and HA DAD off (SIZES)
# and on (DAD_SIZES), with the home addresses answered for by mip6d (HaProxyNd mip6d) and
# by the kernel's proxy entries (up to KERNEL_PROXY_MAX bindings: its table slows down
# as it grows, 100,000 entries take tens of minutes): registrations/s, refreshes/s, moves/s, BA latency, the HA's RSS
# and kernel objects per binding, its SIGTERM teardown time with the bindings; then
# kill -9 with KILL_N (10000) bindings and what the next start leaves; the flood's effect
# on a legitimate lane's latency; the BA latency at half the highest rate (part paced:
# PACED_N nodes, registrations then refreshes, each paced at half the rate the same HA
# reached with a window); and `bench-ha` in the same VM for the ratio.
# Reports and JSON in $MIP6LAB_RESULTS/bench-ha-wire (default results/bench-ha-wire).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$here")
if [ "${1:-}" != --in-vm ]; then
    [ $# -gt 0 ] || set -- 1000 10000 100000
    exec "$ROOT/backend/vm-exec" -- env MIP6LAB_RESULTS="${MIP6LAB_RESULTS:-$ROOT/results}" DAD_SIZES="${DAD_SIZES-1000 10000}" \
        RUNS="${RUNS:-1}" PROXIES="${PROXIES:-mip6d kernel}" KERNEL_PROXY_MAX="${KERNEL_PROXY_MAX:-20000}" PARTS="${PARTS:-curve paced kill flood inproc}" PACED_N="${PACED_N:-10000}" KILL_N="${KILL_N:-10000}" FLOOD_S="${FLOOD_S:-10}" FLOOD_N="${FLOOD_N:-1000}" FLOOD_TRIES="${FLOOD_TRIES:-6}" FLOOD_RATE="${FLOOD_RATE:-max}" \
        "$here/bench-ha-wire.sh" --in-vm "$@"
fi
shift
SIZES=("$@")
part() { [[ " $PARTS " == *" $1 "* ]]; }
. "$ROOT/tests/e2e/lib.sh"
OUT=${MIP6LAB_RESULTS:-$ROOT/results}/bench-ha-wire
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/bench-ha-wire.XXXXXX)
. "$ROOT/tests/e2e/lib-veth.sh"
. "$ROOT/tests/e2e/lib-loadgen.sh"
veth_prereqs
lg_topology
LG_HA_DEBUG=0    # as deployed: no per-binding log line
echo "bench-ha-wire: $(nproc) vCPU, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

rss_kib() { awk '/^VmRSS:/ { print $2 }' /proc/$1/status; }
cpu_ticks() { awk '{ print $14 " " $15 }' /proc/$1/stat; }   # utime stime
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# ha_start DAD: a detached HA (DebugLevel 0 detaches), its pid in LG_HA_PID.
ha_start() {
    lg_ha_conf "$WORK/ha.conf" "$1" "${@:2}"
    rm -f "$WORK/ha.pid"
    ip netns exec $LG_NS_HA "$MIP6D" -c "$WORK/ha.conf" -d 0 -p "$WORK/ha.pid"
    wait_for 10 test -s "$WORK/ha.pid"
    LG_HA_PID=$(cat "$WORK/ha.pid")
    defer "kill -9 $LG_HA_PID 2>/dev/null"
    wait_for 15 lg_ha_up
}
ha_wait_gone() { while kill -0 "$1" 2>/dev/null; do sleep 0.02; done; }

printf '%-6s %-8s %7s %3s %7s %7s %7s %8s %8s %8s %9s %8s %11s %11s %8s\n' proxy dad N run reg/s refr/s move/s p50_ms p99_ms max_ms rss_B/bnd kobj/bnd ha_cpu_u/s teardown_ms left \
    | tee "$OUT/curve.txt"
one() {   # one PROXY DAD N RUN
    local proxy=$1 dad=$2 n=$3 run=$4 win=256 f rss0 t0 td left cpu0 cpu1 hz
    f="$OUT/$proxy-dad-$dad-n$n-r$run.json"
    ha_start "$dad" "HaProxyNd $proxy;"
    rss0=$(rss_kib $LG_HA_PID)
    hz=$(getconf CLK_TCK)
    cpu0=$(cpu_ticks $LG_HA_PID)
    # With HA DAD, at most HaMaxPendingDadPerPrefix (16) first registrations from one
    # visited /64 wait for their DAD at once, the rest are refused (BA 130): the nodes'
    # care-of addresses are spread 16 to a /64, as many MNs on many links would be.
    local per=64; [ "$dad" = disabled ] || per=16
    lg_gen -n "$n" --window $win --per-prefix $per --lifetime 3600 --timeout 10 --keep -q --json "$f" || true
    # the HA's CPU seconds over the run (registrations, refreshes, moves), user/system
    cpu1=$(cpu_ticks $LG_HA_PID)
    cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" 'BEGIN { split(a, x, " "); split(b, y, " ");
        printf "%.1f/%.1f", (y[1] - x[1]) / hz, (y[2] - x[2]) / hz }')
    t0=$(date +%s%N)
    kill -TERM $LG_HA_PID
    ha_wait_gone $LG_HA_PID
    td=$(ms_since $t0)
    left=$(lg_kobjs | tr ' ' ,)
    jq -r --arg proxy $proxy --arg dad $dad --argjson rss0 "$rss0" --arg td "$td" --arg left "$left" --arg run $run --arg cpu "$cpu" '
        def r(p): (.phases[p].rate_per_s // 0 | floor);
        [ $proxy, $dad, .nodes, $run, r("register"), r("refresh"), r("move"),
          .latency_ms.p50, .latency_ms.p99, .latency_ms.max,
          ((.ha.rss_kib - $rss0) * 1024 / .nodes | floor),
          ((.ha.routes + .ha.proxies + .ha.nft_elements) / .nodes),
          $cpu, $td, $left + (if .errors_total > 0 then " errors=\(.errors_total)" else "" end) ]
        | @tsv' "$f" | awk -F'\t' '{ printf "%-6s %-8s %7s %3s %7s %7s %7s %8.2f %8.2f %8.2f %9s %8s %11s %11s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 }' \
        | tee -a "$OUT/curve.txt"
}
# RUNS runs of each size up to 10,000; one of larger sizes (minutes each under TCG).
runs() { if [ "$1" -le 10000 ]; then seq "$RUNS"; else echo 1; fi; }
if part curve; then
    for p in $PROXIES; do
        for n in "${SIZES[@]}"; do
            [ "$p" = kernel ] && [ "$n" -gt "$KERNEL_PROXY_MAX" ] && continue
            for r in $(runs "$n"); do one "$p" disabled "$n" "$r"; done
        done
        for n in ${DAD_SIZES}; do for r in $(runs "$n"); do one "$p" enabled "$n" "$r"; done; done
    done
fi

# ---- the BA latency at half the highest rate: PACED_N nodes against a fresh HA as
# fast as a window of 256 allows, then against another fresh HA paced at half the
# registration rate the first reached (its registration phase), then a third whose
# refresh pass is paced at half the first's refresh rate (its registrations, windowed
# by 256, are not what is read there) ----
part paced && {
    phase() { jq -r --arg p "$2" '.phases[$p] | "\(.rate_per_s | floor)/s, BA latency p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, max \(.latency_ms.max) ms"' "$1"; }
    paced_one() {   # NAME ARGS...: one generator run against a fresh HA
        ha_start disabled "HaProxyNd ${PROXIES%% *};"
        lg_gen -n "$PACED_N" --lifetime 3600 --moves 0 -q --json "$OUT/paced-$1.json" "${@:2}" || true
        jq -e '.errors_total == 0' "$OUT/paced-$1.json" >/dev/null || echo "  $1: errors $(jq -c .errors "$OUT/paced-$1.json")"
        # the kernel's part: how long its route and nftables requests took (mip6d times them)
        vt $LG_NS_HA stats | grep '^kernel requests' | sed "s/^/    HA ($1): /" || true
        kill -TERM $LG_HA_PID; ha_wait_gone $LG_HA_PID
    }
    paced_one max --window 256 --refreshes 1
    reg=$(jq '.phases.register.rate_per_s / 2 | floor' "$OUT/paced-max.json")
    ref=$(jq '.phases.refresh.rate_per_s / 2 | floor' "$OUT/paced-max.json")
    echo "paced, $PACED_N nodes (HaProxyNd ${PROXIES%% *}, HA DAD off):"
    echo "  as fast as a window of 256 allows: registrations $(phase "$OUT/paced-max.json" register); refreshes $(phase "$OUT/paced-max.json" refresh)"
    paced_one reg --rate "$reg" --window 65536 --refreshes 0
    echo "  registrations paced at $reg/s: $(phase "$OUT/paced-reg.json" register)"
    # --rate paces every BU: the registrations before the refresh pass are windowed too.
    paced_one ref --rate "$ref" --window 256 --refreshes 1
    echo "  refreshes paced at $ref/s: $(phase "$OUT/paced-ref.json" refresh)"
} 2>&1 | tee "$OUT/paced.txt"

# ---- kill -9 with KILL_N bindings, then a new start ----
part kill && {
    ha_start disabled
    lg_gen -n "$KILL_N" --window 256 --lifetime 3600 --keep -q --json "$OUT/kill9.json" || true
    echo "kill -9 with $(jq .ha.routes "$OUT/kill9.json") bindings: left (routes proxies nft links): $(lg_kobjs)"
    kill -9 $LG_HA_PID; ha_wait_gone $LG_HA_PID
    echo "  after kill -9:              $(lg_kobjs)  proxy_ndp=$(ip netns exec $LG_NS_HA sysctl -n net.ipv6.conf.lgh0.proxy_ndp)"
    ha_start disabled
    echo "  after the next start:       $(lg_kobjs)"
    # the mobile nodes find a home agent that knows none of them: they register again
    lg_gen -n "$KILL_N" --window 256 --lifetime 3600 --refreshes 0 --moves 0 --keep -q --json "$OUT/kill9-again.json" || true
    jq -r '"  the nodes registered again: \(.phases.register.accepted)/\(.phases.register.sent) BUs accepted, errors \(.errors_total), bindings \(.ha.routes)"' "$OUT/kill9-again.json"
    kill -TERM $LG_HA_PID; ha_wait_gone $LG_HA_PID
    echo "  after its SIGTERM:          $(lg_kobjs)  proxy_ndp=$(ip netns exec $LG_NS_HA sysctl -n net.ipv6.conf.lgh0.proxy_ndp)"
    ip -n $LG_NS_HA -6 neigh flush proxy 2>/dev/null || ip -n $LG_NS_HA -6 neigh show proxy | awk '{ print "neigh del proxy " $1 " dev " $3 }' | ip -n $LG_NS_HA -6 -batch - 2>/dev/null || true
} 2>&1 | tee "$OUT/kill9.txt"

# ---- the flood: a legitimate lane's latency without and with it ----
# spread-acl: the spread flood at a home agent that registers only the lane's home
# addresses (UMIP's binding ACL, DefaultBindingAclPolicy deny): without IPsec, what keeps
# the forged first registrations from becoming bindings.
lane_acl() {
    local i
    echo 'DefaultBindingAclPolicy deny;'
    for ((i = 0; i < FLOOD_N; i++)); do
        printf 'BindingAclPolicy %s1:%x:%x allow;\n' "${LG_HOME%%::*}::" $((i >> 16)) $((i & 0xffff))
    done
}
part flood && {
    for flood in none one-64 spread spread-acl; do
        acl=()
        [ $flood != spread-acl ] || mapfile -t acl < <(lane_acl)
        ha_start disabled "HaProxyNd ${PROXIES%% *};" "${acl[@]}"
        args=()
        case $flood in
            one-64) args=(--flood "$FLOOD_RATE" --flood-prefix ${LG_FLOOD%%::*}::/64) ;;
            spread*) args=(--flood "$FLOOD_RATE" --flood-prefix $LG_FLOOD) ;;
        esac
        # the flood lasts as long as the lane, which it may slow down without end: cut
        # A lost BU is sent again after 1.5 s, up to FLOOD_TRIES (6) times in all: an MN
        # keeps retransmitting (RFC 6275 11.8: backing off to 32 s between tries), and
        # 6 tries 1.5 s apart give up sooner than any MN would.
        LG_GEN_TIMEOUT=$((FLOOD_S * 6)) lg_gen -n "${FLOOD_N:-1000}" --window 64 --duration "$FLOOD_S" --timeout 1.5 --tries "${FLOOD_TRIES:-6}" -q \
            --json "$OUT/flood-$flood.json" "${args[@]}" || true
        jq -r --arg f "$flood at $FLOOD_RATE (HaProxyNd ${PROXIES%% *})" '"flood \($f): lane p50 \(.latency_ms.p50) ms p99 \(.latency_ms.p99) ms max \(.latency_ms.max) ms; accepted \([.phases[].accepted] | add)/\([.phases[].sent] | add) BUs, timeouts \(.errors.timeout), gave up \(.errors.gave_up), errors \(.errors_total); status \(.ba_status); flood \(.flood.sent) pkts \(.flood.rate_per_s | floor)/s; HA peak \(.ha.hwm_kib) KiB, bindings \(.ha.routes), raw drops \(.ha.raw_drops)"' "$OUT/flood-$flood.json"
        vt $LG_NS_HA stats | grep -E '^(mh (rx|first)|bu_acl_refused|bu_over_limit)' | sed 's/^/    HA: /' || true
        kill -TERM $LG_HA_PID; ha_wait_gone $LG_HA_PID
    done
} 2>&1 | tee "$OUT/flood.txt"

# ---- the same VM, the HA in process (no kernel, no socket) ----
# At 1,000: bench-ha's care-of addresses share one /64, and HaMaxBindingsPerPrefix (1024)
# refuses the rest of a larger run.
part inproc && "$ROOT/build/tests/daemon/bench-ha" 1000 2>&1 | tee "$OUT/bench-ha.txt"
echo "host load at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the VM's)"
echo "bench-ha-wire: reports in $OUT"

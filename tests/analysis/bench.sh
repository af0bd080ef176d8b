#!/usr/bin/env bash
# Benchmark of mip6-analyze (issue 4): a generated capture of N packets of
# probe traffic with a BU/BA exchange every 1000 packets, analysed at N and
# 10 N packets (packets/s, CPU time, peak RSS), and the same N-packet file
# decoded by tshark with a mipv6 filter, side by side.
#   tests/analysis/bench.sh [BUILD_DIR] [N]     (default build, 1000000)
set -euo pipefail

build=${1:-build}
n=${2:-1000000}
analyze=$build/mip6-analyze
gen=$build/gen-pcaps
for b in "$analyze" "$gen"; do
    [ -x "$b" ] || { echo "bench: $b missing: run make first" >&2; exit 1; }
done

dir=$(mktemp -d /tmp/mip6-bench.XXXXXX)
cleanup() { rm -rf "$dir"; }
trap cleanup EXIT

# run LABEL CMD...: prints "LABEL wall_s cpu_s peak_rss_kb"
run() {
    local label=$1 wall user sys rss
    shift
    /usr/bin/time -o "$dir/time" -f '%e %U %S %M' "$@" > /dev/null 2> "$dir/stderr" || {
        echo "bench: $label failed:" >&2
        cat "$dir/stderr" >&2
        exit 1
    }
    read -r wall user sys rss < "$dir/time"
    printf '%s %s %s %s\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')" "$rss"
}

best_of() {	# best_of RUNS LABEL CMD...: the run with the least wall time
    local runs=$1 label=$2 best="" line
    shift 2
    for _ in $(seq "$runs"); do
        line=$(run "$label" "$@")
        if [ -z "$best" ] || awk -v a="$(cut -d' ' -f2 <<< "$line")" -v b="$(cut -d' ' -f2 <<< "$best")" \
            'BEGIN{exit !(a < b)}'; then
            best=$line
        fi
    done
    echo "$best"
}

echo "generating $n and $((n * 10)) packets in $dir ..."
"$gen" bench "$dir/raven-wlan0.pcap" "$n"
mkdir -p "$dir/big"
"$gen" bench "$dir/big/raven-wlan0.pcap" "$((n * 10))"
cat "$dir/raven-wlan0.pcap" > /dev/null	# page cache: measure decoding, not the disk
cat "$dir/big/raven-wlan0.pcap" > /dev/null

r1=$(best_of 3 "mip6-analyze ${n}" "$analyze" --json /dev/null "$dir/raven-wlan0.pcap")
r10=$(best_of 3 "mip6-analyze $((n * 10))" "$analyze" --json /dev/null "$dir/big/raven-wlan0.pcap")
if command -v tshark > /dev/null; then
    rt=$(run "tshark ${n}" tshark -n -r "$dir/raven-wlan0.pcap" -Y mipv6 -T fields \
        -e frame.time_epoch -e mip6.mhtype -e mip6.bu.seqnr -e mip6.ba.seqnr -e mip6.ba.status)
else
    rt="tshark-not-installed - - -"
fi

printf '\n%-26s %10s %10s %14s %14s %12s\n' "program" "wall s" "cpu s" "pkts/s wall" "pkts/s cpu" "peak RSS KB"
for line in "$r1" "$r10" "$rt"; do
    read -r prog count wall cpu rss <<< "$line"
    case $count in *-*) printf '%-26s %10s\n' "$prog" "(not installed)"; continue ;; esac
    awk -v p="$prog $count" -v w="$wall" -v c="$cpu" -v r="$rss" -v n="$count" 'BEGIN {
        printf "%-26s %10.2f %10.2f %14.0f %14.0f %12d\n", p, w, c, n / (w > 0 ? w : 0.01), n / (c > 0 ? c : 0.01), r }'
done
if [ "${rt%% *}" = tshark ]; then
    read -r _ _ w1 c1 _ <<< "$r1"
    read -r _ _ wt ct _ <<< "$rt"
    awk -v w1="$w1" -v c1="$c1" -v wt="$wt" -v ct="$ct" 'BEGIN {
        printf "\nmip6-analyze vs tshark on the same file: %.0fx faster (wall), %.0fx (cpu)\n",
            wt / (w1 > 0 ? w1 : 0.01), ct / (c1 > 0 ? c1 : 0.01) }'
fi
read -r _ _ _ _ m1 <<< "$r1"
read -r _ _ _ _ m10 <<< "$r10"
echo "peak RSS at ${n}: ${m1} KB, at $((n * 10)): ${m10} KB"

#!/usr/bin/env bash
# Cross-check of mip6-analyze against an independent decoder: every BU and
# BA of the report's binding exchanges must appear in `tcpdump -tt -v` of the
# same capture with the same time (±2 µs), sequence number and status, and
# the numbers of BUs and BAs must agree.
#   tests/analysis/crosscheck.sh REPORT.json   (run from where mip6-analyze ran)
set -euo pipefail

json=${1:?usage: crosscheck.sh REPORT.json}
for tool in tcpdump jq; do
    command -v "$tool" > /dev/null || { echo "crosscheck: $tool not installed" >&2; exit 4; }
done
tmp=$(mktemp -d /tmp/mip6-crosscheck.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

point=$(jq -r '.bindings_point // empty' "$json")
if [ -z "$point" ]; then
    echo "crosscheck: no binding exchanges in $json: nothing to compare"
    exit 0
fi
pcap=$(jq -r --arg p "$point" '.inputs[] | select(.point == $p) | .file' "$json")

# tcpdump's view: "time type seq status" per BU/BA.
tcpdump -tt -nn -v -r "$pcap" 2> /dev/null | awk '
    / mobility: B[UA] / {
        type = ""; seq = ""; st = "-"
        for (i = 1; i <= NF; i++) {
            if ($i == "mobility:") type = $(i + 1)
            if ($i ~ /^seq#=/) { split($i, a, "="); seq = a[2] }
            if ($i ~ /^status=/) { split($i, b, "="); st = b[2] }
        }
        print $1, type, seq, st
    }' > "$tmp/tcpdump"

# Ours: first BU of each exchange, its outcome BA and its other BAs (refusals).
jq -r '.bindings[] | "\(.t_bu) BU \(.seq_first) -",
       (if .t_ba != null then "\(.t_ba) BA \(.ba_seq) \(.status)" else empty end),
       (.refusals[] | "\(.t) BA \(.ba_seq) \(.status)")' \
    "$json" > "$tmp/ours"

fail=0
while read -r t type seq st; do
    if ! awk -v t="$t" -v ty="$type" -v sq="$seq" -v st="$st" '
        $2 == ty && $3 == sq && $4 == st && (($1 - t) < 2e-6 && (t - $1) < 2e-6) { found = 1 }
        END { exit !found }' "$tmp/tcpdump"; then
        echo "crosscheck: $type seq $seq status $st at $t: not in tcpdump's decode of $pcap" >&2
        fail=1
    fi
done < "$tmp/ours"

bad_bu=$(jq --arg p "$point" '[.checksums.bad[] | select(.point == $p and .message == "BU")] | length' "$json")
bad_ba=$(jq --arg p "$point" '[.checksums.bad[] | select(.point == $p and .message == "BA")] | length' "$json")
want_bu=$(jq --argjson b "$bad_bu" '[.bindings[].transmissions] | add + $b' "$json")
want_ba=$(jq --argjson b "$bad_ba" \
    '([.bindings[] | select(.t_ba != null)] | length) + ([.bindings[] | (.refusals | length) + .refusals_not_listed] | add // 0)
     + .ba_duplicate + .ba_orphan + $b' "$json")
got_bu=$(awk '$2 == "BU"' "$tmp/tcpdump" | wc -l)
got_ba=$(awk '$2 == "BA"' "$tmp/tcpdump" | wc -l)
if [ "$want_bu" -ne "$got_bu" ] || [ "$want_ba" -ne "$got_ba" ]; then
    echo "crosscheck: counts differ: report BU $want_bu BA $want_ba, tcpdump BU $got_bu BA $got_ba" >&2
    fail=1
fi
[ "$fail" -eq 0 ] && echo "crosscheck: $(wc -l < "$tmp/ours") BU/BA times, sequence numbers and statuses agree with tcpdump ($pcap)"
exit "$fail"

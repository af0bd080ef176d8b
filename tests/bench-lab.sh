#!/usr/bin/env bash
# Wall time of `./run.sh NAME` end to end (default basic-handover), N runs (default 5):
# prints each run's total and per-step times and the medians. Run it on a quiet machine.
#   tests/bench-lab.sh [N] [NAME] [run.sh options...]
# BENCH_LAB_OUT=FILE appends every run's own output there (tests/e2e/lab-handover.sh
# checks the run it benchmarks). `make bench-lab` builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5} name=${2:-basic-handover}
shift $(( $# > 2 ? 2 : $# )) || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for ((i = 1; i <= n; i++)); do
    /usr/bin/time -f '%e' -o "$tmp/time.$i" ./run.sh "$@" "$name" >"$tmp/out.$i" 2>&1 \
        || { echo "run $i failed:"; tail -5 "$tmp/out.$i"; cat "$tmp/out.$i" >>"${BENCH_LAB_OUT:-/dev/null}"; exit 1; }
    cat "$tmp/out.$i" >>"${BENCH_LAB_OUT:-/dev/null}"
    # Step durations: each progress line's elapsed time minus the previous line's.
    awk -v total="$(cat "$tmp/time.$i")" '
        /^\[ *[0-9.]+s\] [a-z]/ { t = substr($0, 2, index($0, "s]") - 2) + 0
                                 s = substr($0, index($0, "s] ") + 3); sub(/ .*/, "", s)
                                 if (!(s in d)) order[++k] = s; d[s] += t - prev; prev = t }
        END { printf "total %.2f", total; for (j = 1; j <= k; j++) printf " %s %.2f", order[j], d[order[j]]; print "" }' \
        "$tmp/out.$i" | tee -a "$tmp/rows"
done
echo "median over $n runs (seconds; a step's time runs from the previous progress line to its own):"
awk '{ for (j = 1; j < NF; j += 2) { v[$j, NR] = $(j + 1); if (!($j in seen)) { seen[$j] = 1; order[++k] = $j } } }
     END { for (j = 1; j <= k; j++) { m = 0; for (r = 1; r <= NR; r++) if ((order[j], r) in v) a[++m] = v[order[j], r]
           # insertion sort, then the middle value
           for (x = 2; x <= m; x++) { y = a[x]; z = x - 1; while (z > 0 && a[z] > y) { a[z + 1] = a[z]; z-- } a[z + 1] = y }
           printf "  %-12s %6.2f\n", order[j], (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 } }' "$tmp/rows"

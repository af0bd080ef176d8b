#!/usr/bin/env bash
# The shipped capture, docs/examples/basic-handover/: a real run of the basic-handover
# scenario that students open in Wireshark and feed to mip6-analyze without root.
#
#   tests/docs/example.sh                  re-analyse it (as an unprivileged user) and
#                                          compare with the checked-in reports
#   tests/docs/example.sh --update         rewrite its reports from its captures (after
#                                          a change of mip6-analyze or report-html.sh)
#   tests/docs/example.sh --import RUN_DIR replace it with a fresh run's files, paths
#                                          made relative to the source tree, then --update
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"
cd "$ROOT"
ex=docs/examples/basic-handover
analyze=$ROOT/build/mip6-analyze
MAX_BYTES=300000

usage() { echo "usage: tests/docs/example.sh [--update | --import RUN_DIR]" >&2; exit 2; }

# analyse_into DIR: the analyzer's reports of the shipped captures, written into DIR,
# run from the example's directory so that the reports name the files as they are there.
analyse_into() {
    (cd "$ex" && pcaps=(*.pcap) && "$analyze" --events events.log --json "$1/report.json" \
        --svg "$1/timeline.svg" --text "$1/report.txt" "${pcaps[@]}")
}

update() {
    [ -x "$analyze" ] || { echo "example.sh: build/mip6-analyze is missing: make" >&2; exit 1; }
    analyse_into "$ROOT/$ex"
    lib/report-html.sh "$ex"
    echo "example.sh: $ex: reports rewritten ($(find "$ex" -type f -printf '%s\n' | awk '{ n += $1 } END { print n }') bytes in all)"
}

import() {
    local run=$1 f rel
    [ -s "$run/events.log" ] && ls "$run"/*.pcap >/dev/null 2>&1 || { echo "example.sh: $run is not a run directory" >&2; exit 1; }
    run=$(cd "$run" && pwd -P)
    rm -rf "$ex"
    mkdir -p "$ex/conf" "$ex/logs"
    cp "$run"/*.pcap "$run"/events.log "$run"/transcript.txt "$ex/"
    [ -f "$run/params.json" ] && cp "$run/params.json" "$ex/"
    cp "$run"/conf/* "$ex/conf/"
    for f in "$run"/logs/*; do
        case "${f##*/}" in pcap-csum-*|tcpdump-*|mip6-analyze*.log) continue ;; esac
        cp "$f" "$ex/logs/"
    done
    # Paths as seen from the source tree: the run as results/NAME, the tree's own files
    # relative to it.
    rel=results/$(basename "$run")
    for f in "$ex"/transcript.txt "$ex"/params.json "$ex"/conf/* "$ex"/logs/*; do
        [ -f "$f" ] && sed -i -e "s|$run|$rel|g" -e "s|$ROOT/||g" "$f"
    done
    update
}

case "${1:-}" in
    --update) [ $# -eq 1 ] || usage; update; exit 0 ;;
    --import) [ $# -eq 2 ] || usage; import "$2"; exit 0 ;;
    '') ;;
    *) usage ;;
esac

[ -x "$analyze" ] || { fail "build/mip6-analyze exists (make all)"; summary; exit 1; }
t "$ex holds the five captures, events.log and the reports" \
    ls "$ex"/air.pcap "$ex"/raven-wlan0.pcap "$ex"/denali-wlan0.pcap "$ex"/denali-wlan1.pcap "$ex"/cn-eth0.pcap \
       "$ex"/events.log "$ex"/report.json "$ex"/report.txt "$ex"/timeline.svg "$ex"/report.html
size=$(find "$ex" -type f -printf '%s\n' | awk '{ n += $1 } END { print n }')
t "$ex is under 300 kB in all ($size bytes)" test "$size" -lt "$MAX_BYTES"
leak=$(grep -rlE '(/tmp/|/work/|/root/|/home/)' "$ex" --include='*.txt' --include='*.log' --include='*.json' --include='*.conf' --include='*.html' || true)
t "no path of the machine it was recorded on${leak:+ (in: $leak)}" test -z "$leak"

# Re-analysed by an unprivileged user, into a directory of its own. The run and the
# analyzer are copied there first: the clone may sit where that user cannot read (a
# root-only home directory, as CI's may be).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -m 755 "$tmp/run" "$tmp/out"
cp "$ex"/*.pcap "$ex/events.log" "$tmp/run/"
cp "$analyze" "$tmp/mip6-analyze"
chmod -R a+rX "$tmp/run" "$tmp/mip6-analyze"
chmod 777 "$tmp/out"
if setpriv --reuid=65534 --regid=65534 --clear-groups bash -c "$(declare -f analyse_into); ex=$tmp/run analyze=$tmp/mip6-analyze; analyse_into $tmp/out" > "$tmp/out.log" 2>&1; then
    ok "mip6-analyze reads the shipped run without root"
else
    fail "mip6-analyze reads the shipped run without root" "$(head -n 3 "$tmp/out.log")"
fi
for f in report.json report.txt timeline.svg; do
    if cmp -s "$tmp/out/$f" "$ex/$f"; then
        ok "re-analysed: $f is the checked-in one"
    else
        fail "re-analysed: $f is the checked-in one (tests/docs/example.sh --update rewrites it)" \
            "$(diff "$ex/$f" "$tmp/out/$f" | head -n 6 | tr '\n' ' ')"
    fi
done
cp -R "$ex" "$tmp/html"
lib/report-html.sh "$tmp/html"
if cmp -s "$tmp/html/report.html" "$ex/report.html"; then
    ok "report.html is what lib/report-html.sh makes of the shipped run"
else
    fail "report.html is what lib/report-html.sh makes of the shipped run (tests/docs/example.sh --update)" \
        "$(diff "$ex/report.html" "$tmp/html/report.html" | head -n 4 | tr '\n' ' ')"
fi
t "the report has the handover home -> remote with an accepted BA" \
    jq -e '.handovers[0].from == "home" and .handovers[0].to == "remote" and .handovers[0].ba_status == 0' "$ex/report.json"

# Wireshark's dissectors read the captures (tshark is Wireshark without its window).
if command -v tshark >/dev/null; then
    n=$(tshark -r "$ex/raven-wlan0.pcap" -Y mipv6 2>/dev/null | wc -l)
    t "tshark (Wireshark) decodes the Mobility Header messages in raven-wlan0.pcap ($n)" test "$n" -ge 4
    n=$(tshark -r "$ex/air.pcap" -Y 'wlan.fc.type_subtype == 0x0001 || wlan.fc.type_subtype == 0x0003' 2>/dev/null | wc -l)
    t "tshark reads the (re)association responses on the air capture ($n)" test "$n" -ge 2
else
    fail "tshark is installed (tests/ensure-deps)"
fi
summary

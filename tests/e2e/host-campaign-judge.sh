#!/usr/bin/env bash
# tests/verdict-campaign.sh's verdicts, without a lab: CAMPAIGN_REJUDGE over made-up
# batches (runs.tsv and one report.json per run) checks how single runs and groups of
# runs are judged against scenarios/dad.expect, and what counts as caught, as a false
# alarm and as an incomplete run. Host only, about a second.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# report FILE ADDR_CONF_MS L2_MS SCAN_MS: a one-handover report.json that passes every
# bound of dad.expect except where the arguments say otherwise.
report() {
    mkdir -p "$(dirname "$1")"
    jq -n --argjson ac "$2" --argjson l2 "$3" --argjson scan "$4" '{
        handovers: [{ba_status: 0, bu_count: 1, l2_scan: (if $scan > 0 then "probed" else "cached" end),
            l2_parts_ms: {scan: $scan, authentication: 4, association: 4},
            phases_ms: {blackout: ($l2 + 40), l2: $l2, movement_detection: 15, address_configuration: $ac,
                        registration: 10, resume: 2},
            times: {}}],
        checksums: {mh_bad: 0, icmp6_bad: 0}}' > "$1"
}

# batch CASE SPEC...: SPEC is "ok:AC:L2:SCAN" (a completed run) or "exit:N".
batch() {
    local c=$1 i=0 spec d; shift
    mkdir -p "$tmp/c/$c/batch-1"
    for spec in "$@"; do
        i=$((i + 1)) d=$tmp/c/$c/batch-1/dad/run$i
        IFS=: read -r kind a b s <<<"$spec"
        if [ "$kind" = ok ]; then
            report "$d/report.json" "$a" "$b" "$s"
            printf 'dad\t%d\t0\t%s\t20\n' "$i" "$d"
        else
            mkdir -p "$d"
            printf 'dad\t%d\t%s\t%s\t20\n' "$i" "$a" "$d"
        fi
    done > "$tmp/c/$c/batch-1/runs.tsv"
}

batch clean ok:4:25:0 ok:5:30:0 ok:40:30:0 exit:1
batch mh-delay ok:45:25:0 ok:50:30:0 ok:61:28:0 ok:44:26:0
batch roam-scan ok:4:230:150 ok:5:20:0 ok:4:240:160 ok:6:250:170
batch dad-standard ok:1000:25:0 ok:1100:25:0 exit:1 ok:990:30:0

rc=0
CAMPAIGN_REJUDGE=$tmp/c tests/verdict-campaign.sh 4 > "$tmp/out" 2>&1 || rc=$?
cat "$tmp/out"
t "clean: a bound broken and a run that failed are false alarms (2/4)" grep -q '^clean (as shipped): false alarms 2/4 (1 incomplete run(s))' "$tmp/out"
t "clean: the false alarm names the bound" grep -q 'address_configuration_ms min = 40, bound <= 32 violated' "$tmp/out"
t "mh-delay: every delayed run caught (4/4)" grep -q '^mh-delay (MIP6LAB_MH_DELAY_MS=40): caught 4/4' "$tmp/out"
t "roam-scan: a run without a scan is missed (3/4)" grep -q '^roam-scan (MIP6LAB_ROAM=scan): caught 3/4' "$tmp/out"
t "roam-scan: the missed run is named" grep -q 'missed: PASS.2$' "$tmp/out"
t "dad-standard: an incomplete run is not counted as caught" grep -q '^dad-standard (MIP6LAB_DAD=standard): caught 3/4 (1 incomplete run(s))' "$tmp/out"
t "the last line counts the cases" test "$(tail -n 1 "$tmp/out")" = "1 passed, 3 failed"
t "exit 1 when a case fails" test "$rc" = 1

rc=0
CAMPAIGN_REJUDGE=$tmp/c CAMPAIGN_GROUP=2 tests/verdict-campaign.sh 2 mh-delay roam-scan > "$tmp/out2" 2>&1 || rc=$?
cat "$tmp/out2"
t "CAMPAIGN_GROUP=2: two verdicts on medians of two runs each" grep -q '^mh-delay (MIP6LAB_MH_DELAY_MS=40): caught 2/2' "$tmp/out2"
t "CAMPAIGN_GROUP=2: roam-scan's scanning pairs caught" grep -q '^roam-scan (MIP6LAB_ROAM=scan): caught 2/2' "$tmp/out2"
t "CAMPAIGN_GROUP=2: all cases pass, exit 0" bash -c 'test "$(tail -n 1 "$1")" = "2 passed, 0 failed" && test "$2" = 0' _ "$tmp/out2" "$rc"
t "an unknown case is a usage error" bash -c '! CAMPAIGN_REJUDGE=$1 tests/verdict-campaign.sh 2 nonsense 2>/dev/null' _ "$tmp/c"
summary

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

# Single runs: dad.expect's sharp bound (address_configuration_ms min <= 32 if runs >= 3)
# is not applied to one run, the others are.
batch clean ok:4:25:0 ok:5:30:0 ok:40:30:0 exit:1
batch mh-delay ok:45:25:0 ok:50:30:0 ok:61:28:0 ok:44:26:0
batch roam-scan ok:4:230:150 ok:5:20:0 ok:4:240:160 ok:6:250:170
batch dad-standard ok:1000:25:0 ok:1100:25:0 exit:1 ok:990:30:0

rc=0
CAMPAIGN_REJUDGE=$tmp/c CAMPAIGN_GROUP=1 tests/verdict-campaign.sh 4 > "$tmp/out" 2>&1 || rc=$?
cat "$tmp/out"
t "single runs, clean: a failed run is a false alarm, 40 ms alone is not judged (1/4)" grep -q '^clean (as shipped): false alarms 1/4 (1 incomplete run(s))' "$tmp/out"
t "single runs, mh-delay: the 3-run bound does not judge one run (0/4)" grep -q '^mh-delay (MIP6LAB_MH_DELAY_MS=40): caught 0/4' "$tmp/out"
t "single runs, roam-scan: a run without a scan is missed (3/4)" grep -q '^roam-scan (MIP6LAB_ROAM=scan): caught 3/4' "$tmp/out"
t "single runs, roam-scan: the missed run is named" grep -q 'missed: PASS.2$' "$tmp/out"
t "single runs, dad-standard: an incomplete run is not counted as caught" grep -q '^dad-standard (MIP6LAB_DAD=standard): caught 3/4 (1 incomplete run(s))' "$tmp/out"
t "the last line counts the cases" test "$(tail -n 1 "$tmp/out")" = "0 passed, 4 failed"
t "exit 1 when a case fails" test "$rc" = 1

# Three runs together (./run.sh --runs 3 --check): one stalled clean run (40 ms) in a
# group is no false alarm, a delay in every run is caught.
rm -rf "$tmp/c"
batch clean ok:4:25:0 ok:40:30:0 ok:5:30:0 ok:3:25:0 ok:6:30:0 ok:76:30:0
batch mh-delay ok:45:25:0 ok:50:30:0 ok:61:28:0 ok:44:26:0 ok:317:30:0 ok:42:30:0
rc=0
CAMPAIGN_REJUDGE=$tmp/c CAMPAIGN_GROUP=3 tests/verdict-campaign.sh 2 clean mh-delay > "$tmp/out2" 2>&1 || rc=$?
cat "$tmp/out2"
t "CAMPAIGN_GROUP=3, clean: a stalled run in each group is no false alarm (0/2)" grep -q '^clean (as shipped): false alarms 0/2' "$tmp/out2"
t "CAMPAIGN_GROUP=3, mh-delay: every group caught (2/2)" grep -q '^mh-delay (MIP6LAB_MH_DELAY_MS=40): caught 2/2' "$tmp/out2"
t "CAMPAIGN_GROUP=3: the verdict names the bound over 3 runs" grep -Eq "address_configuration_ms min = 4[0-9.]+, bound <= 32 violated \\(over 3 samples" "$tmp/c/mh-delay/verdicts.tsv"
t "CAMPAIGN_GROUP=3: both cases pass, exit 0" bash -c 'test "$(tail -n 1 "$1")" = "2 passed, 0 failed" && test "$2" = 0' _ "$tmp/out2" "$rc"
t "an unknown case is a usage error" bash -c '! CAMPAIGN_REJUDGE=$1 tests/verdict-campaign.sh 2 nonsense 2>/dev/null' _ "$tmp/c"

# The clause itself (lib/expect.sh): parsed, not applied below K runs, applied from K.
cat > "$tmp/x.expect" <<'X'
address_configuration_ms min <= 32 if runs >= 3
X
(
    MIP6LAB_ROOT=$ROOT
    . "$ROOT/lib/common.sh"; . "$ROOT/lib/expect.sh"
    expect_parse "$tmp/x.expect"
    printf 'address_configuration_ms\t1\t1\t50\naddress_configuration_ms\t2\t1\t60\n' > "$tmp/s2"
    expect_stats "$tmp/s2" > "$tmp/st2"
    expect_eval "$tmp/x.expect" "$tmp/s2" "$tmp/st2" > "$tmp/e2"
    printf 'address_configuration_ms\t3\t1\t70\n' >> "$tmp/s2"
    expect_stats "$tmp/s2" > "$tmp/st2"
    expect_eval "$tmp/x.expect" "$tmp/s2" "$tmp/st2" > "$tmp/e3"
)
t "if runs >= 3 with 2 runs: PASS, not applied" grep -q $'^PASS\t1\taddress_configuration_ms min <= 32 if runs >= 3\tnull\taddress_configuration_ms min: not applied, 2 run(s)' "$tmp/e2"
t "if runs >= 3 with 3 runs: judged (FAIL, min 50)" grep -q $'^FAIL\t1\t.*\t50\t' "$tmp/e3"
printf 'l2_ms min <= 3 if runs > 3\n' > "$tmp/bad.expect"
t "a malformed clause names file, line and column" bash -c '(MIP6LAB_ROOT=$1; . "$1/lib/common.sh"; . "$1/lib/expect.sh"; expect_parse "$2") 2>&1 | grep -q "bad.expect:1:16: expected .if runs >= K."' _ "$ROOT" "$tmp/bad.expect"
summary

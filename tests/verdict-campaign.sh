#!/usr/bin/env bash
# Can the fast scenario's verdict be trusted, and is it sharp? N verdicts (default 20)
# per case, each on CAMPAIGN_GROUP runs of dad (default 3), judged against
# scenarios/dad.expect (or MIP6LAB_EXPECT_DIR's) exactly as
# `./run.sh --runs 3 --check dad` judges them:
#   clean      dad as shipped: every FAIL is a false alarm (wanted: 0/N)
#   mh-delay   MIP6LAB_MH_DELAY_MS=40: the BU leaves 40 ms late, about twice what the IP
#              layer adds to the radio's outage (wanted: caught N/N)
#   dad-standard  MIP6LAB_DAD=standard: RFC 4862 DAD of the care-of address (N/N)
#   roam-scan  MIP6LAB_ROAM=scan: the station scans at the move instead of using its
#              recent results (N/N)
# A run that did not complete makes its verdict ERROR: a false alarm in the clean case,
# never "caught". Prints "caught X/N" or
# "false alarms Y/N" per case and ends with "P passed, F failed"; exit 0 when all pass.
#   tests/verdict-campaign.sh [N] [CASE...]       (make verdict-campaign)
# CAMPAIGN_DIR=DIR keeps the batches there (default: a new results/campaign-TIMESTAMP);
# CAMPAIGN_REJUDGE=DIR judges the batches of an earlier campaign again, without a run
# (after a change of the expectations). CAMPAIGN_GROUP=K (default 3) judges K
# consecutive runs together, as `./run.sh --runs K --check dad` does (a median over K
# runs, a min the best of K): dad.expect's sharp bound needs three runs. N verdicts need
# N*K runs: the default campaign is 4 x 60 runs (2-4 h on the loaded 2-core machine).
# One VM boot per case (`./run.sh --runs N*K dad`); a run takes 15-20 s on the quiet
# 2-core TCG machine, 35-70 s at load average 7-9.
set -euo pipefail
MIP6LAB_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export MIP6LAB_ROOT
cd "$MIP6LAB_ROOT"
. lib/common.sh
. lib/expect.sh

n=${1:-20}
[[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || { echo "usage: $0 [N] [CASE...]" >&2; exit 2; }
shift $(( $# > 0 ? 1 : 0 ))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(mh-delay clean roam-scan dad-standard)
group=${CAMPAIGN_GROUP:-3}
[[ $group =~ ^[1-9][0-9]*$ ]] || { echo "CAMPAIGN_GROUP=$group: expected a positive integer" >&2; exit 2; }
scenario=dad
expect=$(expect_file "$scenario")
expect_parse "$expect" || exit 2

# case_env CASE: the environment of a case's runs, as NAME=VALUE words.
case_env() {
    case "$1" in
        clean) echo "" ;;
        mh-delay) echo "MIP6LAB_MH_DELAY_MS=${CAMPAIGN_DELAY_MS:-40}" ;;
        dad-standard) echo "MIP6LAB_DAD=standard" ;;
        roam-scan) echo "MIP6LAB_ROAM=scan" ;;
        *) echo "unknown case '$1' (clean mh-delay dad-standard roam-scan)" >&2; return 2 ;;
    esac
}
for c in "${cases[@]}"; do case_env "$c" >/dev/null || exit 2; done

if [ -n "${CAMPAIGN_REJUDGE:-}" ]; then
    dir=$CAMPAIGN_REJUDGE
    [ -d "$dir" ] || { echo "CAMPAIGN_REJUDGE=$dir: no such directory" >&2; exit 2; }
else
    dir=${CAMPAIGN_DIR:-$MIP6LAB_ROOT/results/campaign-$(date +%Y%m%d-%H%M%S)}
    mkdir -p "$dir"
fi
dir=$(cd "$dir" && pwd)
echo "verdict campaign: $scenario, $n verdict(s) per case$([ "$group" = 1 ] || echo ", each on $group runs together (as --runs $group --check judges them)"), expectations ${expect#"$MIP6LAB_ROOT"/}, in ${dir#"$MIP6LAB_ROOT"/}"

# judge_runs TSV: one line per verdict, "PASS|FAIL<TAB>runs<TAB>why", over the runs of
# runs.tsv taken GROUP at a time.
judge_runs() {
    local tsv=$1 tmp rows=() i j run rc rdir bad why v
    tmp=$(mktemp -d)
    mapfile -t rows < <(awk -F'\t' '$1 == "'"$scenario"'"' "$tsv")
    for ((i = 0; i + group <= ${#rows[@]}; i += group)); do
        : > "$tmp/samples"; bad='' err='' why=''
        for ((j = i; j < i + group; j++)); do
            IFS=$'\t' read -r _ run rc rdir _ <<<"${rows[j]}"
            if [ "$rc" != 0 ]; then err=1 why+="run $run exited $rc; "; continue; fi
            if [ ! -s "$rdir/report.json" ]; then err=1 why+="run $run: no report.json; "; continue; fi
            expect_samples "$rdir/report.json" "$run" >> "$tmp/samples"
        done
        expect_stats "$tmp/samples" > "$tmp/stats"
        # An incomplete run's verdict is its exit status, not the samples it lacks.
        [ -n "$err" ] || while IFS=$'\t' read -r v _ _ _ msg; do
            [ "$v" = FAIL ] && { bad=1 why+="$msg; "; }
        done < <(expect_eval "$expect" "$tmp/samples" "$tmp/stats")
        # ERROR: a run that did not complete. Not a verdict on the metrics: a knob that
        # broke the lab must not count as a regression caught.
        printf '%s\t%s\t%s\n' "$([ -n "$err" ] && echo ERROR || { [ -n "$bad" ] && echo FAIL; } || echo PASS)" \
            "$(for ((j = i; j < i + group; j++)); do cut -f2 <<<"${rows[j]}"; done | paste -sd,)" "${why%; }"
    done
    rm -rf "$tmp"
}

passed=0 failed=0
for c in "${cases[@]}"; do
    cdir=$dir/$c
    if [ -z "${CAMPAIGN_REJUDGE:-}" ]; then
        mkdir -p "$cdir"
        step campaign "$c: $((n * group)) runs of $scenario $(case_env "$c")"
        # Exit 1 is expected where the verdict should fail; the verdicts are made below.
        env $(case_env "$c") MIP6LAB_RESULTS="$cdir" ./run.sh --runs "$((n * group))" "$scenario" \
            > "$cdir/run.log" 2>&1 || true
    fi
    tsv=$(ls -d "$cdir"/batch-*/runs.tsv 2>/dev/null | tail -n 1)
    if [ -z "$tsv" ]; then
        echo "$c: no batch in ${cdir#"$MIP6LAB_ROOT"/} (see its run.log)"
        failed=$((failed + 1)); continue
    fi
    judge_runs "$tsv" > "$cdir/verdicts.tsv"
    fails=$(grep -c '^FAIL' "$cdir/verdicts.tsv" || true)
    errors=$(grep -c '^ERROR' "$cdir/verdicts.tsv" || true)
    total=$(wc -l < "$cdir/verdicts.tsv")
    if [ "$c" = clean ]; then
        line="false alarms $((fails + errors))/$total"
        ok=$([ "$((fails + errors))" = 0 ] && [ "$total" = "$n" ] && echo 1 || echo 0)
    else
        line="caught $fails/$total"
        ok=$([ "$fails" = "$n" ] && [ "$total" = "$n" ] && echo 1 || echo 0)
    fi
    [ "$errors" = 0 ] || line+=" ($errors incomplete run(s))"
    # What the cases are about, over every run: blackout - L2 and L2, median and range.
    : > "$cdir/samples.tsv"
    while IFS=$'\t' read -r _ run rc rdir _; do
        [ "$rc" = 0 ] && [ -s "$rdir/report.json" ] && expect_samples "$rdir/report.json" "$run" >> "$cdir/samples.tsv"
    done < "$tsv"
    expect_stats "$cdir/samples.tsv" > "$cdir/stats.tsv"
    echo "$c ($(case_env "$c" | sed 's/^$/as shipped/')): $line  [$(awk -F'\t' '$1 == "blackout_minus_l2_ms" || $1 == "l2_ms" || $1 == "blackout_ms" {
        printf "%s median %s min %s max %s (%s runs); ", $1, $5, $4, $7, $2 }' "$cdir/stats.tsv")]"
    # What made the wrong verdicts.
    if [ "$c" = clean ]; then grep -E '^(FAIL|ERROR)' "$cdir/verdicts.tsv" | cut -f2- | sed 's/^/    runs /' || true
    else grep -E '^(PASS|ERROR)' "$cdir/verdicts.tsv" | cut -f1,2 | sed 's/^/    missed: /' || true; fi
    if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Expectations without a lab: the parser (every malformed line named FILE:LINE:COLUMN),
# statistics on known samples, verdict messages, and run.sh's refusals (--runs 0,
# non-numbers, a malformed or missing expectation file: exit 2 before anything starts).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MIP6LAB_ROOT=$ROOT
. "$ROOT/lib/common.sh"
. "$ROOT/lib/expect.sh"

# --- parser ---------------------------------------------------------------------------
cat > "$tmp/good.expect" <<'X'
# a comment line, then blank lines are ignored

blackout_ms median <= 1500   # trailing comment
ba_status == 0
bu_retransmissions max >= 1
registration_ms p95 < 2000.5
X
t "a well-formed file parses" expect_parse "$tmp/good.expect"
expect_parse "$tmp/good.expect"
t "four expectations, statistic 'all' by default" \
    test "${#EXP_METRIC[@]} ${EXP_STAT[1]} ${EXP_TEXT[0]}" = "4 all blackout_ms median <= 1500"
t "line numbers kept" test "${EXP_LINE[*]}" = "3 4 5 6"

printf 'ba_status == 0\nblackout_msx median <= 1\n  l2_ms medain <= 3\nl2_ms <= abc\nl2_ms max\nl2_ms == 1 2\nl2_ms max =< 4\n' > "$tmp/bad.expect"
err=$(expect_parse "$tmp/bad.expect" 2>&1 >/dev/null) && rc=0 || rc=$?
t "a malformed file is refused" test "$rc" != 0
t "unknown metric named with line and column" grep -q "bad.expect:2:1: unknown metric 'blackout_msx'" <<<"$err"
t "bad statistic named with its column" grep -q "bad.expect:3:9: 'medain' is neither a statistic" <<<"$err"
t "non-numeric bound named" grep -q "bad.expect:4:10: 'abc' is not a number" <<<"$err"
t "missing operator named" grep -q "bad.expect:5:.*expected an operator" <<<"$err"
t "trailing token named" grep -q "bad.expect:6:12: unexpected '2'" <<<"$err"
t "bad operator named" grep -q "bad.expect:7:11: '=<' is not an operator" <<<"$err"
t "every bad line reported, the good one not" test "$(grep -c 'bad.expect:' <<<"$err")" = 6
: > "$tmp/empty.expect"
t "a file without expectations is refused" bash -c "! (MIP6LAB_ROOT=$ROOT; . lib/expect.sh; expect_parse $tmp/empty.expect) 2>/dev/null"

# --- statistics and verdicts on known samples ------------------------------------------
for i in $(seq 1 20); do printf 'blackout_ms\t%d\t1\t%d\n' "$i" "$((i * 10))"; done > "$tmp/samples.tsv"
printf 'ba_status\t1\t1\t0\nba_status\t2\t1\tnull\nhandovers\t1\t0\t1\nhandovers\t2\t0\t1\n' >> "$tmp/samples.tsv"
expect_stats "$tmp/samples.tsv" > "$tmp/stats.tsv"
t "min/median/p95/max of 10..200 are 10/105/190/200" \
    grep -qP '^blackout_ms\t20\t0\t10\t105\t190\t200$' "$tmp/stats.tsv"
t "a not observed sample is counted as missing" grep -qP '^ba_status\t1\t1\t0\t0\t0\t0$' "$tmp/stats.tsv"
t "a metric without samples has no statistics" grep -qP '^l2_ms\t0\t0\t-\t-\t-\t-$' "$tmp/stats.tsv"
cat > "$tmp/v.expect" <<'X'
blackout_ms median <= 100
blackout_ms median <= 105
blackout_ms p95 < 190
ba_status == 0
handovers == 1
l2_ms max <= 1
blackout_ms spread <= 80
blackout_ms spread <= 81
X
expect_parse "$tmp/v.expect"
expect_eval "$tmp/v.expect" "$tmp/samples.tsv" "$tmp/stats.tsv" > "$tmp/verdicts.tsv"
v() { sed -n "${1}p" "$tmp/verdicts.tsv"; }
t "median 105 > 100 fails, naming metric, value and bound" \
    grep -q '^FAIL.*blackout_ms median = 105, bound <= 100 violated' <<<"$(v 1)"
t "the failure names the expectation's file and line" grep -q 'v.expect:1)' <<<"$(v 1)"
t "median 105 <= 105 passes" grep -q '^PASS' <<<"$(v 2)"
t "p95 190 < 190 fails" grep -q '^FAIL.*p95 = 190, bound < 190' <<<"$(v 3)"
t "'all' fails on a sample not observed, naming the run" grep -q '^FAIL.*ba_status all: not observed (run 2 handover 1)' <<<"$(v 4)"
t "'all' passes when every sample holds" grep -q '^PASS.*handovers all = 1' <<<"$(v 5)"
t "no sample at all fails" grep -q '^FAIL.*l2_ms max: not observed' <<<"$(v 6)"
# spread = (p95 - median) / median: (190 - 105) / 105 = 81.0 %.
t "spread 81.0 > 80 fails" grep -q '^FAIL.*blackout_ms spread = 81.0, bound <= 80 violated' <<<"$(v 7)"
t "spread 81.0 <= 81 passes" grep -q '^PASS.*blackout_ms spread = 81.0' <<<"$(v 8)"

# --- run.sh refusals ------------------------------------------------------------------
rc_of() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; echo "$rc"; }
t "--runs 0 -> exit 2" test "$(rc_of ./run.sh --runs 0 dad)" = 2
t "--runs abc -> exit 2" test "$(rc_of ./run.sh --runs abc dad)" = 2
t "--runs -3 -> exit 2" test "$(rc_of ./run.sh --runs -3 dad)" = 2
t "--runs without a value -> exit 2" test "$(rc_of ./run.sh dad --runs)" = 2
t "--junit without a file -> exit 2" test "$(rc_of ./run.sh --check dad --junit)" = 2
t "two scenarios without --check/--runs -> exit 2" test "$(rc_of ./run.sh dad ba-loss)" = 2
t "--check of an unknown scenario -> exit 2" test "$(rc_of ./run.sh --check no-such-scenario)" = 2
mkdir "$tmp/exp"
cp scenarios/dad.expect "$tmp/exp/dad.expect"
echo "blackout_ms median <== 3" >> "$tmp/exp/dad.expect"
n=$(wc -l < "$tmp/exp/dad.expect")
out=$(MIP6LAB_EXPECT_DIR=$tmp/exp ./run.sh --backend native --check dad 2>&1) && rc=0 || rc=$?
t "a malformed expectation refuses the scenario (exit 2)" test "$rc" = 2
t "... naming file, line and column" grep -q "dad.expect:$n:20: '<==' is not an operator" <<<"$out"
printf '%s\n' "$out" > "$tmp/out.txt"
t "... before any lab step" bash -c '! grep -Eq "\] (lab|radios|boot) " "$1"' _ "$tmp/out.txt"
out=$(MIP6LAB_EXPECT_DIR=$tmp/exp ./run.sh --backend native dad 2>&1) && rc=0 || rc=$?
t "a plain run refuses a malformed expectation too (exit 2)" test "$rc" = 2
rm "$tmp/exp/dad.expect"
t "--check of a scenario without expectations -> exit 2" \
    test "$(MIP6LAB_EXPECT_DIR=$tmp/exp rc_of ./run.sh --backend native --check dad)" = 2
for f in scenarios/*.expect; do
    t "$f parses" expect_parse "$f"
done
t "every scenario has expectations (--check all covers it)" \
    bash -c 'for s in scenarios/*.sh; do b=${s%.sh}; case $b in */lib|*/lib-*) continue ;; esac; [ -f "$b.expect" ] || exit 1; done'
summary

# shellcheck shell=bash
# Repetitions and verdicts: ./run.sh --runs N, --check NAME...|all, --junit FILE,
# --json FILE. The runs of a batch go to results/batch-TIMESTAMP/NAME/ (each a fresh
# lab: a child ./run.sh --backend native NAME); with the VM backend all of them happen
# inside one boot. Statistics and verdicts are computed where run.sh was called, from
# the runs' report.json (lib/expect.sh), so that --junit/--json can name any host path.

. "$MIP6LAB_ROOT/lib/expect.sh"

RUNS_N=
RUNS_CHECK=0
RUNS_JUNIT=
RUNS_JSON=
RUNS_BATCH=
RUNS_NAMES=()

# runs_set_count VALUE: --runs VALUE; false (usage) unless an integer from 1 to 1000.
runs_set_count() {
    [[ $1 =~ ^[0-9]+$ ]] && [ "$((10#$1))" -ge 1 ] && [ "$((10#$1))" -le 1000 ] || return 1
    RUNS_N=$((10#$1))
}

# True when the command line asks for more than a single plain run.
runs_wanted() { [ -n "$RUNS_N$RUNS_JUNIT$RUNS_JSON$RUNS_BATCH" ] || [ "$RUNS_CHECK" = 1 ]; }

# runs_expand_names: "all" (with --check) means every scenario; prints the list.
runs_expand_names() {
    local n
    for n in "${RUNS_NAMES[@]}"; do
        if [ "$n" = all ] && [ "$RUNS_CHECK" = 1 ]; then scenario_names; else echo "$n"; fi
    done | awk '!seen[$0]++'
}

# runs_validate_expectations NAME...: every scenario's expectations parse (required with
# --check); a bad line is reported as FILE:LINE:COLUMN and nothing starts (exit 2).
runs_validate_expectations() {
    local n f bad=0
    [ -n "$(command -v jq)" ] || { echo "run.sh: jq is missing (expectations and statistics read report.json): apt-get install -y jq" >&2; exit 4; }
    for n in "$@"; do
        f=$(expect_file "$n")
        if [ ! -f "$f" ]; then
            [ "$RUNS_CHECK" = 1 ] || continue
            echo "run.sh: scenario '$n' has no expectations (${f#"$MIP6LAB_ROOT"/})" >&2
            bad=1; continue
        fi
        # The messages with paths relative to the tree; a subshell, no sed: in the VM
        # every exec costs 30-120 ms of emulated CPU.
        local out l
        out=$(expect_parse "$f" 2>&1 >/dev/null) || bad=1
        [ -z "$out" ] || while IFS= read -r l; do printf '%s\n' "${l#"$MIP6LAB_ROOT"/}" >&2; done <<<"$out"
    done
    [ "$bad" = 0 ] || { echo "run.sh: refusing to start: fix the expectations above" >&2; exit 2; }
}

# runs_execute BATCH N NAME...: (native) N fresh runs of each scenario, one line each;
# BATCH/runs.tsv: name, run, exit status, result directory, seconds.
runs_execute() {
    local batch=$1 n=$2 name i rc dir log t0; shift 2
    mkdir -p "$batch"
    for name in "$@"; do
        mkdir -p "$batch/$name"
        for ((i = 1; i <= n; i++)); do
            log=$batch/$name/run-$i.log
            t0=$SECONDS rc=0
            # A hung lab must not hang CI: TERM lets run.sh tear its lab down.
            MIP6LAB_RESULTS=$batch/$name timeout -k 30 "${MIP6LAB_RUN_TIMEOUT:-600}" \
                "$MIP6LAB_ROOT/run.sh" --backend native "$name" > "$log" 2>&1 || rc=$?
            # A run the timeout killed before its teardown: its files still count.
            rundir_rescue >> "$log" 2>&1
            dir=$(sed -n 's/^results: //p' "$log" | tail -n1)
            [ -z "$dir" ] || [[ $dir == /* ]] || dir=$MIP6LAB_ROOT/$dir
            printf '%s\t%d\t%d\t%s\t%d\n' "$name" "$i" "$rc" "$dir" $((SECONDS - t0)) >> "$batch/runs.tsv"
            if [ "$rc" = 0 ]; then
                step runs "$name run $i/$n: ok in $((SECONDS - t0)) s (${dir#"$MIP6LAB_ROOT"/})"
            else
                step runs "$name run $i/$n: FAILED (exit $rc) in $((SECONDS - t0)) s; log ${log#"$MIP6LAB_ROOT"/}:"
                { grep -E 'error:|check failed' "$log" || tail -n 3 "$log"; } | tail -n 5 | sed 's/^/      /' || true
            fi
        done
    done
}

# runs_analyze BATCH NAME: samples, statistics and (when the scenario has expectations)
# verdicts of one scenario's runs, as BATCH/NAME/{samples,stats,checks}.tsv.
# Returns 1 when a run failed or an expectation does not hold.
runs_analyze() {
    local batch=$1 name=$2 d=$1/$2 f rc run dir ok=0
    mkdir -p "$d"
    : > "$d/samples.tsv"; : > "$d/checks.tsv"
    [ -n "$(awk -F'\t' -v n="$name" '$1 == n' "$batch/runs.tsv")" ] \
        || printf 'FAIL\t0\truns\tnull\t%s: no run was recorded (the VM or the batch stopped before it)\n' "$name" >> "$d/checks.tsv"
    while IFS=$'\t' read -r _ run rc dir _; do
        if [ "$rc" != 0 ]; then ok=1; continue; fi
        if [ ! -s "$dir/report.json" ]; then
            printf 'FAIL\t0\trun %s\tnull\trun %s: no report.json in %s\n' "$run" "$run" "${dir#"$MIP6LAB_ROOT"/}" >> "$d/checks.tsv"
            ok=1; continue
        fi
        for f in $(runs_reports "$dir"); do
            expect_samples "$f" "$run" >> "$d/samples.tsv" || ok=1
        done
    done < <(awk -F'\t' -v n="$name" '$1 == n' "$batch/runs.tsv")
    expect_stats "$d/samples.tsv" > "$d/stats.tsv"
    f=$(expect_file "$name")
    if [ -f "$f" ]; then
        expect_parse "$f" || return 1
        expect_eval "$f" "$d/samples.tsv" "$d/stats.tsv" >> "$d/checks.tsv"
    fi
    grep -q '^FAIL' "$d/checks.tsv" && ok=1
    return "$ok"
}

# runs_reports RUN_DIR: the report(s) to judge. report.json's handovers are one mobile
# node's (the others are in its nodes[]); when several nodes moved, each gets report-NODE.json from its own
# capture, the shared ones and its own lines of events.log.
runs_reports() {
    local dir=$1 nodes node own p b pcaps esp
    nodes=$(awk '$3 == "move" { print $2 }' "$dir/events.log" 2>/dev/null | sort -u)
    if [ "$(wc -w <<<"$nodes")" -le 1 ]; then echo "$dir/report.json"; return; fi
    for node in $nodes; do
        own=$dir/report-$node.json
        if [ ! -s "$own" ]; then
            pcaps=()
            for p in "$dir"/*.pcap; do
                # Skip the other mobile nodes' own captures (NODE-IFACE.pcap).
                b=${p##*/} b=${b%%-*}
                [[ $'\n'$nodes$'\n' == *$'\n'$b$'\n'* ]] && [ "$b" != "$node" ] && continue
                pcaps+=("$p")
            done
            awk -v n="$node" '$3 != "move" || $2 == n' "$dir/events.log" > "$dir/events-$node.log"
            esp=()
            [ ! -f "$dir/conf/ipsec.keys" ] || esp=(--esp-sa "$dir/conf/ipsec.keys")
            "$MIP6LAB_BIN/mip6-analyze" "${esp[@]}" --mn "$node" --events "$dir/events-$node.log" --json "$own" \
                --text "$dir/report-$node.txt" "${pcaps[@]}" 2>"$dir/logs/mip6-analyze-$node.log" \
                || { echo "run.sh: mip6-analyze --mn $node failed (see $dir/logs/mip6-analyze-$node.log)" >&2; continue; }
        fi
        echo "$own"
    done
}

# runs_text BATCH NAME: the human summary of one scenario.
runs_text() {
    local batch=$1 name=$2 d=$1/$2 total okruns
    total=$(awk -F'\t' -v n="$name" '$1 == n' "$batch/runs.tsv" | wc -l)
    okruns=$(awk -F'\t' -v n="$name" '$1 == n && $3 == 0' "$batch/runs.tsv" | wc -l)
    echo "== $name: $okruns of $total runs completed (${d#"$MIP6LAB_ROOT"/})"
    awk -F'\t' -v n="$name" '$1 == n && $3 != 0 { printf "   run %s FAILED: exit %s (%s)\n", $2, $3, $4 }' "$batch/runs.tsv"
    if [ -s "$d/samples.tsv" ]; then
        # The headline: the blackout as the user felt it; the table below decomposes it.
        awk -F'\t' '$1 == "blackout_ms" && $2 > 0 { printf "   blackout as the user felt it (L2 included): median %s ms, p95 %s, min %s, max %s (%d handover(s)%s)\n", $5, $6, $4, $7, $2, $3 ? ", " $3 " not observed" : "" }' "$d/stats.tsv"
        # A metric with neither sample nor missing one does not apply (a stream not run).
        { printf 'metric\tn\tmissing\tmin\tmedian\tp95\tmax\n'; awk -F'\t' '$2 || $3' "$d/stats.tsv"; } \
            | column -t -s $'\t' | sed 's/^/   /'
    fi
    [ -s "$d/checks.tsv" ] && awk -F'\t' '{ printf "   %s  %s\n", $1, $5 }' "$d/checks.tsv"
    return 0
}

# runs_json BATCH NAME...: the batch summary (schema mip6lab-runs/1) on stdout.
runs_json() {
    local batch=$1 name; shift
    for name in "$@"; do
        jq -n --arg name "$name" --arg dir "$batch/$name" \
            --rawfile runs "$batch/runs.tsv" --rawfile stats "$batch/$name/stats.tsv" \
            --rawfile checks "$batch/$name/checks.tsv" '
            def rows($t): $t | split("\n") | map(select(length > 0) | split("\t"));
            def num: if . == "-" or . == "null" then null else tonumber end;
            (rows($runs) | map(select(.[0] == $name))
                | map({run: (.[1] | tonumber), exit: (.[2] | tonumber), dir: .[3], seconds: (.[4] | tonumber)})) as $r
            | (rows($checks) | map({pass: (.[0] == "PASS"), line: (.[1] | tonumber), expectation: .[2],
                                    value: (.[3] | num), message: .[4]})) as $c
            | {name: $name, dir: $dir, runs: ($r | length), runs_ok: ($r | map(select(.exit == 0)) | length),
               run_list: $r,
               metrics: (rows($stats) | map({key: .[0], value: {n: (.[1] | tonumber), missing: (.[2] | tonumber),
                         min: (.[3] | num), median: (.[4] | num), p95: (.[5] | num), max: (.[6] | num)}}) | from_entries),
               checks: $c,
               pass: (($r | all(.exit == 0)) and ($r | length > 0) and ($c | all(.pass)))}'
    done | jq -s --arg batch "$batch" '{schema: "mip6lab-runs/1", batch: $batch,
            pass: all(.[]; .pass), scenarios: .}'
}

xml_escape() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

# runs_junit BATCH NAME...: JUnit XML on stdout; one testsuite per scenario, a testcase
# per run ("the lab run completes") and one per expectation.
runs_junit() {
    local batch=$1 name run rc dir secs verdict line text val msg tests fails
    shift
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<testsuites name="mip6lab">'
    for name in "$@"; do
        tests=$(( $(awk -F'\t' -v n="$name" '$1 == n' "$batch/runs.tsv" | wc -l) + $(wc -l < "$batch/$name/checks.tsv") ))
        fails=$(( $(awk -F'\t' -v n="$name" '$1 == n && $3 != 0' "$batch/runs.tsv" | wc -l) + $(grep -c '^FAIL' "$batch/$name/checks.tsv" || true) ))
        printf '  <testsuite name="%s" tests="%d" failures="%d">\n' "$(xml_escape "$name")" "$tests" "$fails"
        while IFS=$'\t' read -r _ run rc dir secs; do
            printf '    <testcase classname="mip6lab.%s" name="run %s completes" time="%s">\n' "$(xml_escape "$name")" "$run" "$secs"
            [ "$rc" = 0 ] || printf '      <failure message="%s"/>\n' "$(xml_escape "run $run exited $rc; see $dir")"
            echo '    </testcase>'
        done < <(awk -F'\t' -v n="$name" '$1 == n' "$batch/runs.tsv")
        while IFS=$'\t' read -r verdict line text val msg; do
            printf '    <testcase classname="mip6lab.%s" name="%s">\n' "$(xml_escape "$name")" "$(xml_escape "$text")"
            [ "$verdict" = PASS ] || printf '      <failure message="%s"/>\n' "$(xml_escape "$name: $msg")"
            echo '    </testcase>'
        done < "$batch/$name/checks.tsv"
        echo '  </testsuite>'
    done
    echo '</testsuites>'
}

# runs_main BACKEND: the whole batch; exit 0 when every run completed and every
# expectation holds, 1 otherwise.
runs_main() {
    local backend=$1 names=() name batch results rc=0 n=${RUNS_N:-1}
    mapfile -t names < <(runs_expand_names)
    results=${MIP6LAB_RESULTS:-$MIP6LAB_ROOT/results}
    mkdir -p "$results"
    results=$(cd "$results" && pwd)
    batch=$results/batch-$(date +%Y%m%d-%H%M%S)
    while [ -e "$batch" ]; do batch=$batch-x; done
    mkdir -p "$batch"
    step runs "${names[*]}: $n run(s) each, into ${batch#"$MIP6LAB_ROOT"/}"
    if [ "$backend" = native ]; then
        runs_execute "$batch" "$n" "${names[@]}"
    else
        runs_vm "$results" "$batch" "$n" "${names[@]}" || true
    fi
    [ -s "$batch/runs.tsv" ] || { echo "run.sh: no run was recorded in $batch" >&2; return 1; }
    for name in "${names[@]}"; do
        runs_analyze "$batch" "$name" || rc=1
        runs_text "$batch" "$name"
    done | tee "$batch/summary.txt"
    # The pipeline above ran in a subshell: the verdict is read back from the files.
    rc=0
    for name in "${names[@]}"; do
        grep -q '^FAIL' "$batch/$name/checks.tsv" && rc=1
        awk -F'\t' -v n="$name" '$1 == n && $3 != 0 { bad = 1 } END { exit !bad }' "$batch/runs.tsv" && rc=1
        awk -F'\t' -v n="$name" '$1 == n { any = 1 } END { exit any }' "$batch/runs.tsv" && rc=1
    done
    runs_json "$batch" "${names[@]}" > "$batch/summary.json"
    runs_junit "$batch" "${names[@]}" > "$batch/junit.xml"
    "$MIP6LAB_ROOT/lib/report-html.sh" --batch "$batch" || warn "no report.html for the batch"
    [ -z "$RUNS_JSON" ] || cp "$batch/summary.json" "$RUNS_JSON"
    [ -z "$RUNS_JUNIT" ] || cp "$batch/junit.xml" "$RUNS_JUNIT"
    if [ "$rc" = 0 ]; then
        step runs "PASS: ${names[*]} (summary ${batch#"$MIP6LAB_ROOT"/}/summary.{txt,json}, junit.xml, report.html)"
    else
        step runs "FAIL (summary ${batch#"$MIP6LAB_ROOT"/}/summary.{txt,json}, junit.xml, report.html)"
    fi
    return "$rc"
}

# runs_vm RESULTS BATCH N NAME...: every run of the batch inside one VM boot.
runs_vm() {
    local results=$1 batch=$2 n=$3 t0=$MIP6LAB_T0 rc=0; shift 3
    MIP6LAB_RESULTS=$results vm_host_prepare
    step boot "booting the VM"
    # Guest lines continue this clock (the guest's uptime starts about now); host lines
    # after the VM use it again.
    MIP6LAB_T0=$(awk -v t0="$MIP6LAB_T0" '{ printf "%.2f", t0 - $1 }' /proc/uptime)
    export MIP6LAB_T0 MIP6LAB_RESULTS=$results
    trap 'vm_kill; exit 130' INT
    trap 'vm_kill; exit 143' TERM
    vm_run "$results" "$MIP6LAB_ROOT" ./run.sh --backend native --batch "$batch" --runs "$n" "$@" || rc=$?
    MIP6LAB_T0=$t0
    return "$rc"
}

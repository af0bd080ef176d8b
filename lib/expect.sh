# shellcheck shell=bash
# Scenario expectations: scenarios/NAME.expect, one bound per line, evaluated against
# the metrics of one or more runs (report.json of mip6-analyze; the metrics are defined
# in docs/metrics.md).
#
#   # comment
#   METRIC [STATISTIC] OP NUMBER [if runs >= K]     e.g.  blackout_ms median <= 1500
#
# STATISTIC: all (default: every sample), min, median, p95, max, spread ((p95 - median)
# as a percentage of the median). OP: < <= == != >= >. "if runs >= K": the bound is
# judged only over K runs or more (runs with a sample of METRIC); with fewer it passes,
# saying it was not applied. For a bound too sharp for one run on a loaded machine
# (a min over 3 runs: one stalled run cannot fail it, a real regression moves all).
# A sample is one handover (per-handover metrics) or one run (per-run metrics) of
# every run of the scenario. A metric with no observed sample fails its expectation.
# Needs jq (report.json).

# metric NAME SCOPE JQ MEANING: one known metric; SCOPE handover (JQ reads one handover
# of report.json) or run (JQ reads the whole report).
EXPECT_NAMES=() EXPECT_SCOPE=() EXPECT_JQ=() EXPECT_MEANING=()
metric() { EXPECT_NAMES+=("$1") EXPECT_SCOPE+=("$2") EXPECT_JQ+=("$3") EXPECT_MEANING+=("$4"); }
metric blackout_ms handover '.phases_ms.blackout' "first data delivered after the move (answered by the MN) - last data delivered before it"
metric l2_ms handover '.phases_ms.l2' "association response from the new AP - last frame with the old one"
metric l2_scan_ms handover '.l2_parts_ms.scan' "last probe response before authentication - L2 leave (0: no scan at the move, cached results)"
metric l2_authentication_ms handover '.l2_parts_ms.authentication' "authentication response from the new AP - the station's authentication request"
metric l2_association_ms handover '.l2_parts_ms.association' "(re)association response - (re)association request"
metric l2_handshake_ms handover 'if .l2_times.eapol_1 == null then empty else .l2_parts_ms.handshake end' \
    "EAPOL-Key 4/4 - 1/4 after the join (WPA2's 4-way handshake; no sample on an open network)"
metric movement_detection_ms handover '.phases_ms.movement_detection' "first RA from the new router - L2 join"
metric address_configuration_ms handover '.phases_ms.address_configuration' "first BU - first RA"
metric registration_ms handover '.phases_ms.registration' "accepting BA - first BU"
metric resume_ms handover '.phases_ms.resume' "first data delivered after the move - accepting BA (negative: delivered before the BA)"
metric blackout_minus_l2_ms handover \
    'if .phases_ms.blackout == null or .phases_ms.l2 == null then null else .phases_ms.blackout - .phases_ms.l2 end' \
    "blackout - L2: what the IP layer adds to the radio's own outage"
metric join_to_resume_ms handover \
    'if .times.t_resume == null or .times.l2_join == null then null else (.times.t_resume - .times.l2_join) * 1000 end' \
    "first data delivered after the move - L2 join (association -> first packet resumed)"
metric unready_ms handover \
    'if .times.t_resume == null or .times.t_offered == null then null else (.times.t_resume - .times.t_offered) * 1000 end' \
    "first data delivered - first data offered after the move: how long the HA sent what the MN could not take yet"
metric bu_count handover '.bu_count' "Binding Updates sent for the new care-of address until one was accepted"
metric bu_retransmissions handover 'if .bu_count == null then null else .bu_count - 1 end' "bu_count - 1"
metric ba_status handover '.ba_status' "status of the accepting BA (not observed: none accepted)"
metric handovers run '.handovers | length' "handovers the analyzer found in a run"
metric nodes run 'if .nodes == null then null else (.nodes | length) end' "mobile nodes in the run's captures, by home address"
metric nodes_registration_p90_ms run '.nodes_summary.registration_ms.p90' "registration latency (BA - BU) across every node's handovers: p90"
metric nodes_blackout_p90_ms run '.nodes_summary.blackout_ms.p90' "blackout across every node's handovers: p90"
metric nodes_blackout_max_ms run '.nodes_summary.blackout_ms.max' "blackout across every node's handovers: the longest"
metric nodes_bu_max run '.nodes_summary.bu_per_node.max' "BUs sent by the node that sent the most"
metric mh_bad_checksums run '.checksums.mh_bad' "Mobility Header packets with a wrong checksum"
metric icmp6_bad_checksums run '.checksums.icmp6_bad' "ICMPv6 packets with a wrong checksum"
metric ba_duplicates run '.ba_duplicate' "BAs answering an already answered BU"
metric esp_bu run '.esp.bu' "BUs opened from ESP with --esp-sa, at the bindings point"
metric hijacked_bindings run 'if .hijack == null then null else (.hijack.bindings | length) end' "bindings the HA accepted for a care-of address the MN never used"
metric packets_to_attacker run 'if .hijack == null then null else ([.hijack.bindings[].packets_to_coa] | add // 0) end' "data packets the HA tunnelled to hijacked care-of addresses after accepting them"
# Route optimization (docs/metrics.md): null in a handover without it.
metric rr_ms handover '.ro.phases_ms.rr' "the later of HoT and CoT - first HoTI/CoTI after the home BA"
metric cn_registration_ms handover '.ro.phases_ms.cn_registration' "accepting BA from the correspondent - first BU to it"
metric ro_after_home_ba_ms handover '.ro.phases_ms.ro_after_home_ba' "accepting BA from the correspondent - the home agent's BA"
metric first_direct_after_cn_ba_ms handover '.ro.phases_ms.first_direct_after_cn_ba' "first data with HAO/RH2 - BA from the correspondent"
metric rtt_before_move_ms handover '.ro.rtt_ms.before_move' "probe RTT median before the move"
metric rtt_tunnel_ms handover '.ro.rtt_ms.tunnel' "probe RTT median through the home agent's tunnel"
metric rtt_direct_ms handover '.ro.rtt_ms.direct' "probe RTT median on the direct path"
metric hot_unmatched run '.return_routability.hot_unmatched' "HoTs echoing no HoTI's cookie"
# Application streams (MIP6LAB_STREAM, docs/analyzer.md "RTP streams"): no sample at all
# in a run without the stream. Down = to the MN's home address, up = from it.
stream_sel() { echo "(.streams[]? | select(.kind == \"$1\" and .direction == \"$2\")"; }
metric voice_down_lost handover "$(stream_sel voice to_mn) | .lost_in_gap)" "voice packets to the MN lost in the handover's gap"
metric voice_up_lost handover "$(stream_sel voice from_mn) | .lost_in_gap)" "voice packets from the MN lost in the handover's gap"
metric voice_down_gap_ms handover "$(stream_sel voice to_mn) | .gap_ms)" "the voice stream to the MN: its gap around the move"
metric voice_up_gap_ms handover "$(stream_sel voice from_mn) | .gap_ms)" "the voice stream from the MN: its gap around the move"
metric video_lost handover "$(stream_sel video to_mn) | .lost_in_gap)" "video packets lost in the handover's gap"
metric video_gap_ms handover "$(stream_sel video to_mn) | .gap_ms)" "the video stream: its gap around the move (the frozen picture)"
metric voice_down_mos run "$(stream_sel voice to_mn) | .emodel.mos)" "E-model MOS of the call to the MN (G.107, over the whole call)"
metric voice_up_mos run "$(stream_sel voice from_mn) | .emodel.mos)" "E-model MOS of the call from the MN"
metric voice_down_late run "$(stream_sel voice to_mn) | .late)" "voice packets to the MN later than the jitter buffer (60 ms)"
metric voice_down_jitter_ms run "$(stream_sel voice to_mn) | .jitter_max_ms)" "largest RFC 3550 interarrival jitter of the voice to the MN"
metric dhaad_ms handover 'if .discovery == null then empty else .discovery.discovery_ms end' \
    "DHAAD Reply - Request before the handover's first BU (no sample without a discovery)"
metric failover_outage_ms run \
    'if .home_agent_discovery.failover == null then empty else .home_agent_discovery.failover.outage_ms end' \
    "first data after a home agent's stop (events.log ha-stop) - the stop"
metric mpa_count run '.home_agent_discovery.advertisements // empty' \
    "Mobile Prefix Advertisements seen at the discovery point"
metric dhaad_unanswered run '.home_agent_discovery.requests_unanswered // empty' \
    "DHAAD Requests without a Reply"
unset -f metric stream_sel
EXPECT_STATS="all min median p95 max spread"
EXPECT_OPS="< <= == != >= >"

# MIP6LAB_EXPECT_DIR: read NAME.expect from there instead (stricter or looser bounds for
# another machine, without editing the scenario library).
expect_file() { echo "${MIP6LAB_EXPECT_DIR:-$MIP6LAB_ROOT/scenarios}/$1.expect"; }

expect_metric_names() { printf '%s\n' "${EXPECT_NAMES[@]}"; }

# expect_metric_index NAME: index of a known metric into REPLY; false if unknown.
expect_metric_index() {
    local i
    for i in "${!EXPECT_NAMES[@]}"; do
        [ "${EXPECT_NAMES[$i]}" = "$1" ] && { REPLY=$i; return 0; }
    done
    return 1
}

# expect_parse FILE: fills EXP_METRIC, EXP_STAT, EXP_OP, EXP_BOUND, EXP_LINE, EXP_TEXT.
# A malformed line prints FILE:LINE:COLUMN: message on stderr; returns 1 after reading
# the whole file (every bad line is named).
expect_parse() {
    local file=$1 line n=0 bad=0 text col tok toks i rest
    EXP_METRIC=() EXP_STAT=() EXP_OP=() EXP_BOUND=() EXP_LINE=() EXP_TEXT=() EXP_MINRUNS=()
    [ -r "$file" ] || { echo "$file: cannot read the expectations" >&2; return 1; }
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        text=${line%%#*}
        [[ $text =~ ^[[:space:]]*$ ]] && continue
        # Tokens with their 1-based columns.
        toks=() EXP_COLS=()
        rest=$text col=1
        while [[ $rest =~ ^([[:space:]]*)([^[:space:]]+)(.*)$ ]]; do
            col=$((col + ${#BASH_REMATCH[1]}))
            toks+=("${BASH_REMATCH[2]}") EXP_COLS+=("$col")
            col=$((col + ${#BASH_REMATCH[2]}))
            rest=${BASH_REMATCH[3]}
        done
        tok=${toks[0]}
        if ! expect_metric_index "$tok"; then
            echo "$file:$n:${EXP_COLS[0]}: unknown metric '$tok' (metrics: $(expect_metric_names | tr '\n' ' '))" >&2
            bad=1; continue
        fi
        i=1
        local stat=all
        if [[ " $EXPECT_STATS " == *" ${toks[1]:-} "* ]]; then stat=${toks[1]}; i=2; fi
        if [ -z "${toks[$i]:-}" ]; then
            echo "$file:$n:$col: expected an operator ($EXPECT_OPS) after '${toks[$((i - 1))]}'" >&2
            bad=1; continue
        fi
        if [[ " $EXPECT_OPS " != *" ${toks[$i]} "* ]]; then
            if [ "$i" = 1 ]; then
                echo "$file:$n:${EXP_COLS[$i]}: '${toks[$i]}' is neither a statistic ($EXPECT_STATS) nor an operator ($EXPECT_OPS)" >&2
            else
                echo "$file:$n:${EXP_COLS[$i]}: '${toks[$i]}' is not an operator ($EXPECT_OPS)" >&2
            fi
            bad=1; continue
        fi
        if [ -z "${toks[$((i + 1))]:-}" ]; then
            echo "$file:$n:$col: expected a number after '${toks[$i]}'" >&2
            bad=1; continue
        fi
        if ! [[ ${toks[$((i + 1))]} =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then
            echo "$file:$n:${EXP_COLS[$((i + 1))]}: '${toks[$((i + 1))]}' is not a number" >&2
            bad=1; continue
        fi
        local minruns=0 j=$((i + 2))
        if [ "${toks[$j]:-}" = if ]; then
            if [ "${toks[$((j + 1))]:-}" != runs ] || [ "${toks[$((j + 2))]:-}" != ">=" ] \
                || ! [[ ${toks[$((j + 3))]:-} =~ ^[1-9][0-9]*$ ]] || [ -n "${toks[$((j + 4))]:-}" ]; then
                echo "$file:$n:${EXP_COLS[$j]}: expected 'if runs >= K' (K a positive integer) after the bound" >&2
                bad=1; continue
            fi
            minruns=${toks[$((j + 3))]}
        elif [ -n "${toks[$j]:-}" ]; then
            echo "$file:$n:${EXP_COLS[$j]}: unexpected '${toks[$j]}' after the bound" >&2
            bad=1; continue
        fi
        EXP_METRIC+=("$tok") EXP_STAT+=("$stat") EXP_OP+=("${toks[$i]}") EXP_BOUND+=("${toks[$((i + 1))]}")
        EXP_MINRUNS+=("$minruns")
        EXP_LINE+=("$n") EXP_TEXT+=("$tok $stat ${toks[$i]} ${toks[$((i + 1))]}${toks[$j]:+ if runs >= $minruns}")
    done < "$file"
    if [ "$bad" = 0 ] && [ ${#EXP_METRIC[@]} -eq 0 ]; then
        echo "$file:$n:1: no expectation in the file" >&2
        bad=1
    fi
    [ "$bad" = 0 ]
}

# expect_jq_program: a jq program that prints "metric<TAB>handover<TAB>value" lines for
# one report.json (handover 0 for per-run metrics; value "null" when not observed, no
# line when the metric does not apply).
expect_jq_program() {
    local i h="" r=""
    for i in "${!EXPECT_NAMES[@]}"; do
        # One sample per value: none when the metric does not apply (a stream not run).
        if [ "${EXPECT_SCOPE[$i]}" = handover ]; then
            h+="((${EXPECT_JQ[$i]}) as \$v | [\"${EXPECT_NAMES[$i]}\", \$v]),"
        else
            r+="((${EXPECT_JQ[$i]}) as \$v | [\"${EXPECT_NAMES[$i]}\", \$v]),"
        fi
    done
    echo "([${r%,}][] | [.[0], 0, .[1]]),"
    echo "(.handovers | to_entries[] | .key as \$i | .value | [${h%,}][] | [.[0], \$i + 1, .[1]])"
    echo "| map(tostring) | join(\"\\t\")"
}

# expect_samples REPORT_JSON RUN: the samples of one run, "metric run handover value".
expect_samples() {
    jq -r "$(expect_jq_program)" "$1" | awk -v run="$2" -F'\t' '{ print $1 "\t" run "\t" $2 "\t" $3 }'
}

# expect_stats SAMPLES_FILE: "metric n missing min median p95 max" for every metric
# (n = observed samples; "-" for statistics of no sample). p95 is the nearest rank.
expect_stats() {
    local names
    names=$(expect_metric_names | tr '\n' ' ')
    awk -F'\t' -v names="$names" '
        { if ($4 == "null") miss[$1]++; else { k = $1; c[k]++; v[k, c[k]] = $4 + 0 } }
        function sortk(k,   i, j, t) {
            for (i = 2; i <= c[k]; i++) { t = v[k, i]; for (j = i - 1; j >= 1 && v[k, j] > t; j--) v[k, j + 1] = v[k, j]; v[k, j + 1] = t }
        }
        function fmt(x) { return (x == int(x)) ? sprintf("%d", x) : sprintf("%.3f", x) }
        END {
            n = split(names, order, " ")
            for (i = 1; i <= n; i++) {
                k = order[i]; m = c[k] + 0
                if (m == 0) { printf "%s\t0\t%d\t-\t-\t-\t-\n", k, miss[k] + 0; continue }
                sortk(k)
                med = (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
                r = int(0.95 * m); if (r < 0.95 * m) r++
                printf "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", k, m, miss[k] + 0, fmt(v[k, 1]), fmt(med), fmt(v[k, r]), fmt(v[k, m])
            }
        }' "$1"
}

# expect_eval FILE SAMPLES STATS: evaluates the parsed expectations (expect_parse FILE
# first); prints one line per expectation "PASS|FAIL<TAB>line<TAB>text<TAB>value<TAB>message".
expect_eval() {
    local file=$1 samples=$2 stats=$3 i m st op b val msg verdict where
    for i in "${!EXP_METRIC[@]}"; do
        m=${EXP_METRIC[$i]} st=${EXP_STAT[$i]} op=${EXP_OP[$i]} b=${EXP_BOUND[$i]}
        where="${file#"$MIP6LAB_ROOT"/}:${EXP_LINE[$i]}"
        if [ "${EXP_MINRUNS[$i]:-0}" -gt 1 ]; then
            local nruns
            nruns=$(awk -F'\t' -v m="$m" '$1 == m && $4 != "null" && !seen[$2]++ { n++ } END { print n + 0 }' "$samples")
            if [ "$nruns" -lt "${EXP_MINRUNS[$i]}" ]; then
                printf 'PASS\t%s\t%s\tnull\t%s\n' "${EXP_LINE[$i]}" "${EXP_TEXT[$i]}" \
                    "$m $st: not applied, $nruns run(s) with a sample, the bound needs ${EXP_MINRUNS[$i]} (--runs ${EXP_MINRUNS[$i]}; $where)"
                continue
            fi
        fi
        if [ "$st" = all ]; then
            # The first sample that breaks the bound, else the one closest to it.
            read -r verdict val msg < <(awk -F'\t' -v m="$m" -v op="$op" -v b="$b" '
                function ok(x) { return (op == "<") ? x < b : (op == "<=") ? x <= b : (op == "==") ? x == b : (op == "!=") ? x != b : (op == ">=") ? x >= b : x > b }
                $1 == m { n++
                    if ($4 == "null") { if (!bad) { bad = 1; bv = "null"; where = "run " $2 (($3 > 0) ? " handover " $3 : "") } next }
                    if (!ok($4 + 0) && !bad) { bad = 1; bv = $4; where = "run " $2 (($3 > 0) ? " handover " $3 : "") }
                    if (!bad) { if (!seen || (op ~ /</ ? $4 + 0 > best : $4 + 0 < best)) { best = $4 + 0; seen = 1 } }
                }
                function fmt(x) { return (x == "null") ? x : (x == int(x)) ? sprintf("%d", x) : sprintf("%.3f", x) }
                END {
                    if (n == 0) print "FAIL null no sample"
                    else if (bad) print "FAIL", fmt(bv), where
                    else print "PASS", fmt(best), "all " n " samples"
                }' "$samples")
        else
            val=$(awk -F'\t' -v m="$m" -v st="$st" '
                BEGIN { col["min"] = 4; col["median"] = 5; col["p95"] = 6; col["max"] = 7 }
                $1 == m && st == "spread" {
                    if ($5 == "-" || $5 + 0 <= 0) print "-"; else printf "%.1f\n", ($6 - $5) / $5 * 100
                    next }
                $1 == m { print $(col[st]) }' "$stats")
            msg="over $(awk -F'\t' -v m="$m" '$1 == m { print $2 " samples" }' "$stats")"
            if [ "$val" = - ] || [ -z "$val" ]; then
                verdict=FAIL val=null msg="no sample"
            elif awk -v x="$val" -v op="$op" -v b="$b" 'BEGIN {
                    r = (op == "<") ? x < b : (op == "<=") ? x <= b : (op == "==") ? x == b : (op == "!=") ? x != b : (op == ">=") ? x >= b : x > b
                    exit !r }'; then
                verdict=PASS
            else
                verdict=FAIL
            fi
        fi
        if [ "$val" = null ]; then
            msg="$m $st: not observed ($msg), bound $op $b ($where)"
        elif [ "$verdict" = PASS ]; then
            msg="$m $st = $val, bound $op $b ($msg; $where)"
        else
            msg="$m $st = $val, bound $op $b violated ($msg; $where)"
        fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$verdict" "${EXP_LINE[$i]}" "${EXP_TEXT[$i]}" "$val" "$msg"
    done
}

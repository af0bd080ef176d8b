# shellcheck shell=bash
# Building blocks of the route optimisation scenarios (route-optimization, ro-fallback)
# on topology/ro.sh: the parameters, the probe's round-trip times by path and its loss
# from cn's capture, and the Mobility Header messages on the wire as pcap-csum --list
# prints them. Sourced after scenarios/lib.sh, daemon/lab.sh and scenarios/lib-roam.sh.

# The triangle is the point of these scenarios: without a delay there is nothing to see,
# and the checks that compare round trips with it could not fail.
roam_uint MIP6LAB_HOME_DELAY_MS "${MIP6LAB_HOME_DELAY_MS:=40}" 1 2000
: "${MIP6LAB_RA_MIN:=0.03}" "${MIP6LAB_RA_MAX:=0.07}"
export MIP6LAB_HOME_DELAY_MS MIP6LAB_RA_MIN MIP6LAB_RA_MAX

RO_HA=2001:db8::
RO_HA_CONF=$MIP6LAB_ROOT/daemon/examples/mip6d-ha.conf
RO_MN_CONF=$MIP6LAB_ROOT/daemon/examples/mip6d-mn-ro.conf
RO_CN_CONF=$MIP6LAB_ROOT/daemon/examples/mip6d-cn.conf

# ro_home_start MN HOA: as roam_start_home, with raven's care-of addresses optimistic
# (the handover's DAD is not what these scenarios show) and the probe's first round
# trips at home in its log.
ro_home_start() {
    local mn=$1 hoa=$2
    event "$TOPO_ROUTER" netem "delay_ms=$MIP6LAB_HOME_DELAY_MS" "link=$TOPO_ROUTER-rainier"
    step scenario "slow wire $TOPO_ROUTER-rainier: ${MIP6LAB_HOME_DELAY_MS} ms each way (netem)"
    roam_dad_mode "$mn" "$(mn_field "$mn" 2)" optimistic
    roam_start_home "$mn" "$hoa" "$RO_HA_CONF" "$RO_MN_CONF"
    RO_T_HOME=$(ro_first_reply_after 0)
    # A handful of round trips at home, the reference for the two paths away.
    busywait 10000 ro_replies_at_least 8 || die "the probe from $TOPO_CN got fewer than 8 replies at home"
}

ro_replies_at_least() { [ "$(probe_replies_after 0)" -ge "$1" ]; }

# ro_first_reply_after T: the wall-clock time of the first probe reply logged after T.
ro_first_reply_after() {
    awk -v t="$1" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { print $2; exit }' \
        "$RUN_DIR/logs/probe-$TOPO_CN.log"
}

# ro_registered MN T_MOVE: the time the home agent's accepting BA reached MN's link
# after T_MOVE, in RO_T_BA. Every probe request cn sends from then on finds the binding
# at denali (it gets there a slow crossing later than the BA left it): the start of the
# tunnel phase and of the no-loss window.
ro_registered() {
    local f=$RUN_DIR/logs/pcap-ro-ba.txt
    pcap_csum --list --after "$2" "$RUN_DIR/$1-wlan0.pcap" > "$f" || true
    RO_T_BA=$(awk -v s="src=$RO_HA" '$1 == "mh" && $3 == "BA" && $4 == s && / status=0 / { print $2; exit }' "$f")
    [ -n "$RO_T_BA" ] || die "no accepting BA from $RO_HA on $1's link after the move"
}

# ro_mh FILE TYPE FIELDS...: FILE (pcap-csum --list output) has a TYPE message whose
# fields are exactly FIELDS (ERE, in pcap-csum's order).
ro_mh() {
    local file=$1 type=$2 re l; shift 2
    re="^mh [0-9.]+ $type $*$"
    while IFS= read -r l; do [[ $l =~ $re ]] && return 0; done < "$file"
    return 1
}

# ro_mh_count FILE TYPE: number of TYPE messages in FILE.
ro_mh_count() {
    local a _t type n=0
    while read -r a _t type _; do [ "$a" = mh ] && [ "$type" = "$2" ] && n=$((n + 1)); done < "$1"
    echo "$n"
}

# ro_mh_first FILE TYPE: the time of the first TYPE message in FILE.
ro_mh_first() { awk -v t="$2" '$1 == "mh" && $3 == t { print $2; exit }' "$1"; }

# ro_rtt_window NAME AFTER BEFORE: the probe's round trips for requests cn sent between
# AFTER and BEFORE (epoch seconds; BEFORE 0: to the end), from cn's capture, into
# logs/rtt-NAME.txt; RO_RTT_FILE names it.
ro_rtt_window() {
    RO_RTT_FILE=$RUN_DIR/logs/rtt-$1.txt
    local args=(--rtt --after "$2")
    [ "$3" = 0 ] || args+=(--before "$3")
    pcap_csum "${args[@]}" "$RUN_DIR/$TOPO_CN-eth0.pcap" > "$RO_RTT_FILE" || true
}

# ro_rtt FILE KIND FIELD: of pcap-csum's "rtt-KIND N MEDIAN MIN MAX" line, FIELD n,
# median, min or max.
ro_rtt() {
    local k n med min max _
    while read -r k n med min max _; do
        [ "$k" = "rtt-$2" ] || continue
        case "$3" in n) echo "$n" ;; median) echo "$med" ;; min) echo "$min" ;; max) echo "$max" ;; *) die "ro_rtt: field $3" ;; esac
        return 0
    done < "$1"
}

# ro_rtt_report LABEL FILE KIND: one progress line with the figures, kept in
# logs/rtt.txt for a batch to read.
ro_rtt_report() {
    local label=$1 file=$2 kind=$3 line
    printf -v line '%-30s n %s median %s ms (min %s, max %s)' "$label" \
        "$(ro_rtt "$file" "$kind" n)" "$(ro_rtt "$file" "$kind" median)" \
        "$(ro_rtt "$file" "$kind" min)" "$(ro_rtt "$file" "$kind" max)"
    step rtt "$line"
    printf '%s\n' "$line" >> "$RUN_DIR/logs/rtt.txt"
}

# ro_ge A B / ro_lt A B: numeric comparisons for check (false on "nan").
ro_ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "nan" && a + 0 >= b + 0) }'; }
ro_lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "nan" && a + 0 < b + 0) }'; }

# ro_no_loss T_FROM T_TO: every request cn's probe sent between the two times was
# answered; waits for the last replies to reach the capture.
ro_no_loss() {
    local from=$1 to=$2 f=$RUN_DIR/logs/rtt-loss.txt
    busywait 5000 ro_unanswered_is_zero "$from" "$to" "$f" \
        || die "check failed: $(pcap_count echo-unanswered "$f") of $(pcap_count echo-requests "$f") probe requests sent between the registration ($from) and $to got no reply: $(ro_unanswered_text "$f")"
    step check "every one of the $(pcap_count echo-requests "$f") probe requests sent after the registration was answered: ok"
}
# ro_unanswered_text FILE: the unanswered requests of FILE (pcap-csum --rtt), each with
# its time from cn's BA on raven's link (RO_T_CN_BA) when there was one.
ro_unanswered_text() {
    awk -v b="${RO_T_CN_BA:-}" '$1 == "unanswered" {
        t = substr($3, 3); s = $2 " sent at " t ($4 == "rh2" ? " with a type 2 routing header" : "")
        if (b != "") s = s sprintf(" (%+.1f ms from cn'"'"'s BA on raven'"'"'s link)", (t - b) * 1000)
        printf "%s%s", sep, s; sep = "; " }' "$1"
}

ro_unanswered_is_zero() {
    pcap_csum --rtt --after "$1" --before "$2" "$RUN_DIR/$TOPO_CN-eth0.pcap" > "$3" || true
    [ "$(pcap_count echo-requests "$3")" -gt 0 ] && [ "$(pcap_count echo-unanswered "$3")" -eq 0 ]
}

# ro_bul_block MN CN FILE: raven's `bul` saved in FILE; prints the block of CN's entry.
ro_bul_block() {
    vt "$1" bul > "$3"
    awk -v cn="CN address $2" '/== BUL_ENTRY ==/ { if (hit) exit; b = "" } { b = b $0 "\n" } index($0, cn) { hit = 1 } END { if (hit) printf "%s", b }' "$3"
}

# ro_all_checksums_ok: every MH and ICMPv6 checksum in every wired and Wi-Fi link's
# capture verifies (the air capture is 802.11: the same packets, seen by the others).
ro_all_checksums_ok() {
    local f=$RUN_DIR/logs/pcap-csum-all.txt
    pcap_csum "$RUN_DIR"/*-*.pcap > "$f" || true
    grep -q '^total ok [1-9][0-9]* bad 0$' "$f"
}

# ro_rr_only_with FILE CN: every HoTI and CoTI in FILE (pcap-csum --list) goes to CN.
ro_rr_only_with() {
    [ "$(awk -v d="dst=$2" '$1 == "mh" && ($3 == "HoTI" || $3 == "CoTI") && $5 != d { n++ } END { print n + 0 }' "$1")" -eq 0 ]
}

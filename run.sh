#!/usr/bin/env bash
# mip6lab: bring up the Mobile IPv6 Wi-Fi lab, run a scenario, capture, tear down.
set -euo pipefail

MIP6LAB_ROOT=$(cd "$(dirname "$0")" && pwd)
export MIP6LAB_ROOT
# A clone under a directory other users cannot search (root's home) lets them start this
# script and nothing else: say what is wrong before a source fails.
if [ "$(id -u)" != 0 ] && [ ! -r "$MIP6LAB_ROOT/lib/common.sh" ]; then
    echo "run.sh: root is needed (namespaces, radios and qemu's 9p export); run it as root" >&2
    exit 4
fi
. "$MIP6LAB_ROOT/lib/common.sh"
. "$MIP6LAB_ROOT/lib/lab.sh"
. "$MIP6LAB_ROOT/lib/deps.sh"
. "$MIP6LAB_ROOT/backend/vm.sh"
. "$MIP6LAB_ROOT/lib/runs.sh"

usage() {
    cat <<USAGE
usage: ./run.sh [options] SCENARIO      run a scenario (see --list)
       ./run.sh [options] --runs N SCENARIO...   N fresh runs, min/median/p95/max per metric
       ./run.sh [options] --check SCENARIO...|all  runs judged by scenarios/NAME.expect
       ./run.sh --list                  scenarios with a one-line description
       ./run.sh -h|--help [SCENARIO]    this help, or a scenario's description
       ./run.sh shell NODE              a shell in a node of a kept lab (denali, raven, cn)
       ./run.sh down                    tear down a kept lab
options:
  --backend native|vm   force a backend (default: native if this kernel has
                        mac80211_hwsim, ip6_tunnel and IPv6 mobility, else vm)
  --keep                leave the lab up after the scenario (VM backend: in a VM shell)
  --no-install          never apt-get; print the command instead (exit 4)
  -v, --verbose         print every command run in a node, as in the article
  --runs N              run each scenario N times (1-1000), a fresh lab each time,
                        one VM boot for all; statistics in text and JSON
  --check               evaluate each scenario's expectations (scenarios/NAME.expect);
                        exit 1 naming the metric, its value and the bound when one fails
  --junit FILE          write a JUnit XML report of the runs and expectations
  --json FILE           write the batch summary as JSON (schema mip6lab-runs/1)
Batches (--runs, --check, --junit, --json) go to results/batch-TIMESTAMP/.
Results go to results/SCENARIO-TIMESTAMP/ (results/latest is the newest run).
Exit: 0 ok, 1 scenario failed, 2 usage, 3 a lab is already up, 4 cannot run here.
More: man -l man/mip6lab.7, docs/tutorial.md, docs/classroom.md.
USAGE
}

scenario_file() { echo "$MIP6LAB_ROOT/scenarios/$1.sh"; }
scenario_names() { ls "$MIP6LAB_ROOT"/scenarios/*.sh | xargs -n1 basename | sed 's/\.sh$//' | grep -Ev '^lib(-.*)?$'; }
scenario_desc() { sed -n 's/^# DESCRIPTION: //p' "$(scenario_file "$1")"; }

list_scenarios() {
    local n
    for n in $(scenario_names); do printf '  %-18s %s\n' "$n" "$(scenario_desc "$n")"; done
}

scenario_help() {
    local f
    f=$(scenario_file "$1")
    [ -f "$f" ] || { echo "run.sh: no scenario '$1'" >&2; list_scenarios >&2; exit 2; }
    # The header comment block, without the shellcheck line.
    sed -n '2,/^[^#]/p' "$f" | grep '^#' | sed 's/^# \{0,1\}//'
    f=$(expect_file "$1")
    [ -f "$f" ] || return 0
    echo
    echo "Expectations (${f#"$MIP6LAB_ROOT"/}, judged by ./run.sh --check $1):"
    sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/^[[:space:]]*/  /' "$f"
}

need_root() {
    [ "$EUID" = 0 ] || { echo "run.sh: root is needed (namespaces, radios and qemu's 9p export); run it as root" >&2; exit 4; }
}

# Why the native backend cannot run here (empty when it can).
native_missing() {
    local why=()
    if [ ! -d /sys/module/mac80211_hwsim ] && ! modprobe -nq mac80211_hwsim 2>/dev/null; then why+=(mac80211_hwsim); fi
    if [ ! -d /sys/module/ip6_tunnel ] && ! modprobe -nq ip6_tunnel 2>/dev/null; then why+=(ip6_tunnel); fi
    if [ ! -d /sys/module/mip6 ] && ! modprobe -nq mip6 2>/dev/null \
        && ! grep -qs '^CONFIG_IPV6_MIP6=y' "/boot/config-$(uname -r)"; then why+=(IPV6_MIP6); fi
    echo "${why[*]}"
}

# ---- native: the lab itself -------------------------------------------------------

fail_point() {   # test hook: MIP6LAB_FAIL_AT=STEP makes the run fail right after STEP
    [ "${MIP6LAB_FAIL_AT:-}" = "$1" ] && die "failure injected after step '$1' (MIP6LAB_FAIL_AT)"
    return 0
}

teardown() {
    local rc=$?
    trap - EXIT INT TERM
    # A command that failed inside a function ends the run through `set -e` without the
    # ERR trap's message (no errtrace): say so rather than end in silence.
    if [ "$rc" != 0 ] && [ "$rc" != 130 ] && [ "$rc" != 143 ] && [ -z "${DIED:-}" ]; then
        printf '[%s] error: a command failed (exit %s); see %s/transcript.txt and logs/\n' \
            "$(elapsed)" "$rc" "${RUN_DIR:-results}" >&2
    fi
    if [ "${LAB_CLAIMED:-0}" = 1 ] && [ "${LAB_KEPT:-0}" = 0 ]; then
        lab_down
        step teardown "done: no namespaces, radios or lab processes left"
    fi
    rundir_to_share
    [ -n "${RUN_DIR:-}" ] && [ -d "$RUN_DIR" ] && echo "results: ${RUN_DIR#"$MIP6LAB_ROOT"/}"
    exit "$rc"
}

run_native() {
    local name=$1 f stamp mn
    f=$(scenario_file "$name")
    for t in "${DEPS_LAB[@]}"; do dep_present "${t%% *}" || die "missing ${t%% *}: this host is not set up (run ./run.sh without --backend native)"; done
    [ -x "$MIP6LAB_BIN/mip6-hwsim" ] || die "build/mip6-hwsim is missing: run make"
    # Builtins where the VM runs this: every exec costs 30-120 ms of emulated CPU.
    printf -v stamp '%(%Y%m%d-%H%M%S)T' -1
    RUN_NAME=$name; printf -v RUN_STARTED '%(%Y-%m-%d %H:%M:%S %z)T' -1
    RUN_DIR=${MIP6LAB_RESULTS:-$MIP6LAB_ROOT/results}/$name-$stamp
    mkdir -p "$RUN_DIR"
    export RUN_DIR
    trap teardown EXIT
    rundir_to_tmpfs
    mkdir -p "$RUN_DIR/logs" "$RUN_DIR/conf"
    : > "$RUN_DIR/events.log"
    trap 'die "failed: $BASH_COMMAND (${BASH_SOURCE[0]#"$MIP6LAB_ROOT"/}:$LINENO)"' ERR
    trap 'exit 130' INT
    trap 'exit 143' TERM
    vm_preload_start
    lab_claim "$RUN_DIR"
    LAB_CLAIMED=1
    # Once the lab is ours, no other run is alive: what another left is the dead's.
    rundir_rescue
    ln -sfn "${RUN_DIR##*/}" "${RUN_DIR%/*}/latest"
    SCENARIO_TOPOLOGY=seed
    . "$MIP6LAB_ROOT/scenarios/lib.sh"
    . "$f"
    . "$MIP6LAB_ROOT/topology/lib.sh"
    . "$MIP6LAB_ROOT/capture/capture.sh"
    topo_load "$SCENARIO_TOPOLOGY"
    step lab "scenario $name, topology $TOPO_NAME, kernel $(< /proc/sys/kernel/osrelease)"
    vm_preload_wait

    topo_create
    step radios "$TOPO_RADIOS radios in namespaces $(topo_nodes | tr '\n' ' ')"
    fail_point radios
    capture_start
    step capture "tcpdump on hwsim0 (air) and $(( ${#CAPTURE_LOGS[@]} - 1 )) links"
    topo_start
    step aps "hostapd: $(for l in "${TOPO_APS[@]}"; do set -- $l; printf '%s(ch %s) ' "$3" "$4"; done)radvd on $TOPO_ROUTER"
    topo_home_addresses
    events_mark
    for l in "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do set -- $l; join "$1" "$3"; done
    for l in "${TOPO_MNS[@]}" "${TOPO_STAS[@]}"; do set -- $l; wait_associated "$1" "$3"; done
    step association "$(topo_mns | tr '\n' ' ')$(for l in "${TOPO_STAS[@]}"; do printf '%s ' "${l%% *}"; done)associated"
    fail_point association
    mh_delay_setup

    scenario_run
    step scenario "done"
    fail_point scenario
    capture_stop
    analyze
    if [ "$KEEP" = 1 ]; then
        LAB_KEPT=1
        lab_keep
        keep_banner
        if [ "${MIP6LAB_VM_KEEP_SHELL:-0}" = 1 ] && [ -t 0 ]; then
            echo "This shell runs inside the lab VM; leave it (exit) to tear the lab down and power off."
            PATH=$MIP6LAB_BIN:$PATH PS1='[mip6lab-vm]# ' bash --norc -i || true
            LAB_KEPT=0
        fi
    fi
}

# In the VM, the kernel modules of the lab load in the background while the run claims
# the lab and reads its scripts, on the emulated CPU the harness leaves idle: radio
# (mac80211_hwsim with cfg80211 and mac80211: 2-3 s over 9p), tunnel, nftables (the
# home agent's table; 0.8 s at its first `nft -f` in a fresh VM, with the nft binary,
# also read here). The lab then finds mac80211_hwsim loaded and does not unload it at
# teardown: the VM powers off anyway, and the next run of a batch finds it there.
VM_PRELOAD_PID=
vm_preload_start() {
    [ "${MIP6LAB_IN_VM:-0}" = 1 ] && [ ! -d /sys/module/mac80211_hwsim ] || return 0
    {
        modprobe mac80211_hwsim radios=0
        modprobe -a ip6_tunnel nf_tables
        nft --version
    } </dev/null >/dev/null 2>&1 &
    VM_PRELOAD_PID=$!
}
vm_preload_wait() {
    [ -n "$VM_PRELOAD_PID" ] || return 0
    wait "$VM_PRELOAD_PID" 2>/dev/null || true
    VM_PRELOAD_PID=
}

# In the VM the results directory is a 9p share: every write to it is a round trip to
# qemu on the host, which takes host CPU from the emulated CPUs while the lab runs
# (tcpdump -U writes each packet, mip6d flushes each log line). The run writes to a
# tmpfs mounted over its directory instead; the files reach the share once, at teardown.
# NAME.dir beside the share names the run directory, so that what a run killed before
# its teardown left on the tmpfs can still be copied (rundir_rescue, guest-init).
rundir_to_tmpfs() {
    [ "${MIP6LAB_IN_VM:-0}" = 1 ] || return 0
    RUN_SHARE=/run/mip6lab-share/${RUN_DIR##*/}
    mkdir -p "$RUN_SHARE"
    mount --bind "$RUN_DIR" "$RUN_SHARE"
    mount -t tmpfs -o mode=0755 mip6lab-run "$RUN_DIR"
    printf '%s\n' "$RUN_DIR" > "$RUN_SHARE.dir"
}

# The runs of this VM that ended without their teardown (SIGKILL, a timeout's KILL):
# what they wrote reaches the share, captures included, and their mounts go.
rundir_rescue() {
    local f dir share
    [ "${MIP6LAB_IN_VM:-0}" = 1 ] || return 0
    for f in /run/mip6lab-share/*.dir; do
        [ -e "$f" ] || continue
        share=${f%.dir}
        read -r dir < "$f" || continue
        [ -n "${RUN_SHARE:-}" ] && [ "$share" = "$RUN_SHARE" ] && continue
        warn "copying the files of a run that ended without its teardown ($dir)"
        RUN_DIR=$dir RUN_SHARE=$share rundir_to_share
    done
}

rundir_to_share() {
    [ -n "${RUN_SHARE:-}" ] || return 0
    cp -R --preserve=mode,timestamps "$RUN_DIR/." "$RUN_SHARE/" \
        || echo "run.sh: copying the results to $RUN_DIR failed" >&2
    umount "$RUN_DIR" 2>/dev/null || umount -l "$RUN_DIR"
    umount "$RUN_SHARE" && rmdir "$RUN_SHARE"
    rm -f "$RUN_SHARE.dir"
    RUN_SHARE=
}

# The analyzer's report of the run: report.txt (also printed), report.json, timeline.svg,
# and report.html (lib/report-html.sh: one page, with the run's parameters from
# params.json). In the VM the page is made on the host once the VM is gone (run_vm,
# lib/runs.sh): jq and the script cost about 3 s of emulated CPU there. A kept lab
# gets it at once, since its run is over and its user wants to look.
analyze() {
    local a=$MIP6LAB_BIN/mip6-analyze esp=()
    run_params > "$RUN_DIR/params.json"
    [ -x "$a" ] || { warn "build/mip6-analyze is missing: no report"; return 0; }
    # The run's ESP keys (lib/ipsec.sh): the BUs and BAs inside are analysed too.
    [ ! -f "$RUN_DIR/conf/ipsec.keys" ] || esp=(--esp-sa "$RUN_DIR/conf/ipsec.keys")
    if "$a" "${esp[@]}" --events "$RUN_DIR/events.log" --json "$RUN_DIR/report.json" --svg "$RUN_DIR/timeline.svg" \
           --text "$RUN_DIR/report.txt" "$RUN_DIR"/*.pcap 2>"$RUN_DIR/logs/mip6-analyze.log"; then
        # The streams' pictures (scenarios/lib-stream.sh: a video run's filmstrip).
        if declare -F stream_analysis >/dev/null; then stream_analysis; fi
        if [ "${MIP6LAB_IN_VM:-0}" = 1 ] && [ "$KEEP" != 1 ]; then
            step analysis "report.txt, report.json, timeline.svg (report.html: on the host, after the VM)"
        elif "$MIP6LAB_ROOT/lib/report-html.sh" "$RUN_DIR" 2>"$RUN_DIR/logs/report-html.log"; then
            step analysis "report.txt, report.json, timeline.svg, report.html"
        else
            step analysis "report.txt, report.json, timeline.svg (no report.html: $(tail -n 1 "$RUN_DIR/logs/report-html.log"))"
        fi
        cat "$RUN_DIR/report.txt"
    else
        warn "mip6-analyze failed (see $RUN_DIR/logs/mip6-analyze.log)"
    fi
}

# report_html_after_vm RESULTS: the page of the run the VM just made, where it has none.
report_html_after_vm() {
    local d
    d=$(readlink -f "$1/latest" 2>/dev/null) || return 0
    [ -s "$d/report.json" ] && [ ! -e "$d/report.html" ] || return 0
    if "$MIP6LAB_ROOT/lib/report-html.sh" "$d"; then
        step report "${d#"$MIP6LAB_ROOT"/}/report.html"
    else
        warn "no report.html for ${d#"$MIP6LAB_ROOT"/}"
    fi
}

# json_str S: S as a JSON string, in REPLY (builtins only: this runs in the VM).
json_str() {
    local s=$1
    s=${s//\\/\\\\} s=${s//\"/\\\"} s=${s//$'\n'/\\n} s=${s//$'\t'/\\t} s=${s//$'\r'/\\r}
    REPLY="\"$s\""
}

# git_commit: the checked-out commit, short, in REPLY, read from .git without git (whose
# first start in the VM costs 2 s of emulated CPU); "unknown" when it cannot be told.
git_commit() {
    local g=$MIP6LAB_ROOT/.git head= line
    REPLY=unknown
    [ -d "$g" ] && read -r head < "$g/HEAD" 2>/dev/null || return 0
    if [[ $head == "ref: "* ]]; then
        line=${head#ref: } head=
        if [ -r "$g/$line" ]; then
            read -r head < "$g/$line" || true
        elif [ -r "$g/packed-refs" ]; then
            while read -r a b; do [ "$b" = "$line" ] && head=$a; done < "$g/packed-refs"
        fi
    fi
    [[ $head =~ ^[0-9a-f]{7,}$ ]] && REPLY=${head:0:7}
    return 0
}

# The run's parameters as JSON: scenario, machine, backend, commit, and every
# MIP6LAB_*/MIP6D_* setting a user can give (not the paths and clocks run.sh passes to
# itself). Builtins only.
run_params() {
    local v var kernel backend=native run=${RUN_DIR##*/} sep=''
    read -r kernel < /proc/sys/kernel/osrelease || kernel=unknown
    [ "${MIP6LAB_IN_VM:-0}" != 1 ] || backend="vm (qemu ${MIP6LAB_VM_ACCEL:-?}, ${MIP6LAB_VM_MEM:-1024} MiB, RCU ${MIP6LAB_VM_RCU:-expedited})"
    printf '{\n'
    for v in scenario:RUN_NAME run:run started:RUN_STARTED backend:backend kernel:kernel topology:TOPO_NAME; do
        var=${v#*:}
        json_str "${!var:-}"
        printf '  "%s": %s,\n' "${v%%:*}" "$REPLY"
    done
    git_commit; json_str "$REPLY"
    printf '  "commit": %s,\n  "env": {' "$REPLY"
    for v in $(compgen -e); do
        case "$v" in MIP6LAB_*|MIP6D_*) ;; *) continue ;; esac
        case "$v" in MIP6LAB_ROOT|MIP6LAB_BIN|MIP6LAB_STATE|MIP6LAB_T0|MIP6LAB_IN_VM|MIP6LAB_RESULTS|MIP6LAB_VM_*) continue ;; esac
        json_str "${!v}"
        printf '%s\n    "%s": %s' "$sep" "$v" "$REPLY"
        sep=,
    done
    [ -z "$sep" ] || printf '\n  '
    printf '}\n}\n'
}

keep_banner() {
    local n
    echo "The lab is up. Enter a node:"
    for n in $(cat "$MIP6LAB_STATE/netns"); do
        echo "  ./run.sh shell $n        (or: ip netns exec $n bash)"
    done
    echo "Remove it with: ./run.sh down"
}

# ---- host side --------------------------------------------------------------------

main() {
    local backend= keep=0 no_install=0 name= missing
    while [ $# -gt 0 ]; do
        case "$1" in
            --list) list_scenarios; exit 0 ;;
            -h|--help) if [ $# -ge 2 ]; then scenario_help "$2"; else usage; fi; exit 0 ;;
            --backend) [ $# -ge 2 ] || { usage >&2; exit 2; }; backend=$2; shift 2
                       case "$backend" in native|vm) ;; *) usage >&2; exit 2 ;; esac ;;
            --backend=*) backend=${1#*=}; shift
                       case "$backend" in native|vm) ;; *) usage >&2; exit 2 ;; esac ;;
            --keep) keep=1; shift ;;
            --no-install) no_install=1; shift ;;
            -v|--verbose) export MIP6LAB_VERBOSE=1; shift ;;
            --runs) [ $# -ge 2 ] && runs_set_count "$2" || { usage >&2; exit 2; }; shift 2 ;;
            --runs=*) runs_set_count "${1#*=}" || { usage >&2; exit 2; }; shift ;;
            --check) RUNS_CHECK=1; shift ;;
            --junit|--json|--batch) [ $# -ge 2 ] && [ -n "$2" ] || { usage >&2; exit 2; }
                       case "$1" in --junit) RUNS_JUNIT=$2 ;; --json) RUNS_JSON=$2 ;; *) RUNS_BATCH=$2 ;; esac
                       shift 2 ;;
            shell) [ $# -eq 2 ] || { usage >&2; exit 2; }; need_root; node_shell "$2"; exit $? ;;
            down) need_root; lab_down; rundir_rescue; echo "lab removed"; exit 0 ;;
            -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
            *) RUNS_NAMES+=("$1"); shift ;;
        esac
    done
    [ ${#RUNS_NAMES[@]} -gt 0 ] || { usage >&2; exit 2; }
    # Several scenarios only in a batch; "all" only with --check.
    [ ${#RUNS_NAMES[@]} -eq 1 ] || runs_wanted || { usage >&2; exit 2; }
    for name in $(runs_expand_names); do
        if [[ $name == lib || $name == lib-* ]] || [ ! -f "$(scenario_file "$name")" ]; then
            echo "run.sh: no scenario '$name'; the scenarios are:" >&2
            list_scenarios >&2
            exit 2
        fi
    done
    name=${RUNS_NAMES[0]}
    runs_validate_expectations $(runs_expand_names)
    need_root
    KEEP=$keep

    if [ "${MIP6LAB_IN_VM:-0}" = 1 ]; then backend=native; fi
    if [ -z "$backend" ]; then
        missing=$(native_missing)
        if [ -z "$missing" ]; then backend=native; else backend=vm; fi
    fi
    if [ "${MIP6LAB_IN_VM:-0}" != 1 ]; then
        if [ "$backend" = vm ]; then
            deps_ensure "$no_install" DEPS_BUILD DEPS_LAB DEPS_VM
        else
            deps_ensure "$no_install" DEPS_BUILD DEPS_LAB
            missing=$(native_missing)
            [ -z "$missing" ] || { echo "run.sh: the native backend needs kernel support this host lacks: $missing (use --backend vm)" >&2; exit 4; }
        fi
        step build "make"
        make -s -C "$MIP6LAB_ROOT" all >/tmp/mip6lab-make.log 2>&1 || { cat /tmp/mip6lab-make.log >&2; die "build failed"; }
    fi

    if [ -n "$RUNS_BATCH" ]; then
        runs_execute "$RUNS_BATCH" "${RUNS_N:-1}" $(runs_expand_names)
        exit 0
    fi
    if runs_wanted; then
        runs_main "$backend"
        exit $?
    fi
    if [ "$backend" = native ]; then
        step backend "native ($(< /proc/sys/kernel/osrelease))"
        run_native "$name"
    else
        run_vm "$name"
    fi
}

# Work the VM's emulated CPU would do slowly, done natively before it boots: a video
# run's clip (scenarios/lib-stream.sh). Sourcing that file validates the settings and
# dies on a bad one; the run inside the VM is what reports them, so only settings that
# pass (stream_clip_valid's range) get this far.
vm_host_prepare() {
    [[ ,${MIP6LAB_STREAM:-}, == *,video,* ]] && [[ ${MIP6LAB_VIDEO_CLIP:-20} =~ ^[0-9]{1,3}$ ]] \
        && [ "${MIP6LAB_VIDEO_CLIP:-20}" -ge 2 ] && [ "${MIP6LAB_VIDEO_CLIP:-20}" -le 120 ] || return 0
    . "$MIP6LAB_ROOT/scenarios/lib-stream.sh"
    stream_video_prepare
}

run_vm() {
    local name=$1 kver initrd accel rc=0 results=${MIP6LAB_RESULTS:-$MIP6LAB_ROOT/results} args=() t0=$MIP6LAB_T0
    kver=$(vm_kernel_version) || { echo "run.sh: no kernel with mac80211_hwsim for the VM: apt-get install -y linux-image-amd64" >&2; exit 4; }
    initrd=$(vm_initramfs "$kver")
    accel=$(vm_accel "$kver" "$initrd")
    step backend "vm: qemu ${accel^^}, kernel $kver (this kernel lacks: $(native_missing))"
    mkdir -p "$results"
    vm_host_prepare
    step boot "booting the VM"
    # Guest lines continue this clock: the guest's uptime starts about now.
    MIP6LAB_T0=$(awk -v t0="$MIP6LAB_T0" '{ printf "%.2f", t0 - $1 }' /proc/uptime)
    export MIP6LAB_T0 MIP6LAB_RESULTS=$results
    # A kept lab lives as long as the VM: the guest opens a shell and tears down after it.
    [ "$KEEP" = 1 ] && { args+=(--keep); export MIP6LAB_VM_KEEP_SHELL=1; }
    trap 'vm_kill; exit 130' INT
    trap 'vm_kill; exit 143' TERM
    vm_run "$results" "$MIP6LAB_ROOT" ./run.sh --backend native "${args[@]}" "$name" || rc=$?
    # Host lines after the VM use the host's clock again (the guest's was shifted).
    MIP6LAB_T0=$t0
    step vm "powered off"
    report_html_after_vm "$results"
    exit "$rc"
}

node_shell() {
    local node=$1
    if ! lab_is_up; then
        if [ "${MIP6LAB_IN_VM:-0}" != 1 ] && [ -n "$(native_missing)" ]; then
            echo "run.sh: no lab is up here; with the VM backend, './run.sh --keep NAME' opens a shell inside the VM where './run.sh shell NODE' works" >&2
        else
            echo "run.sh: no lab is up; start one with './run.sh --keep NAME'" >&2
        fi
        exit 1
    fi
    grep -qx "$node" "$MIP6LAB_STATE/netns" || { echo "run.sh: no node '$node'; nodes: $(tr '\n' ' ' < "$MIP6LAB_STATE/netns")" >&2; exit 2; }
    # The lab's programs on the PATH, so that the article's `mip6d -c FILE -d 7` works as printed.
    PATH=$MIP6LAB_BIN:$PATH PS1="[$node]# " exec ip netns exec "$node" bash --norc -i
}

main "$@"

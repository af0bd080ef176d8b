# shellcheck shell=bash
# Lab state and teardown. Everything the lab creates is recorded under $MIP6LAB_STATE
# so that lab_down removes exactly that, after success, failure, Ctrl-C or from
# `./run.sh down` for a kept lab, and never touches what the lab did not create.
#   owner   pid of the run.sh that holds the lab, its run directory, "kept" when kept
#   netns   one namespace per line
#   pids    "pid node name" of every long-running process
#   hwsim-loaded   present when the lab loaded mac80211_hwsim itself

RADIO_PREFIX=mip6lab-

# lab_claim RUN_DIR: take the lab, or refuse if another one is up.
lab_claim() {
    local run_dir=$1 pid kept dir
    mkdir -p "$MIP6LAB_STATE"
    exec {LAB_LOCK_FD}>"$MIP6LAB_STATE/lock"
    flock -n "$LAB_LOCK_FD" || { echo "run.sh: another run.sh is setting up or tearing down a lab right now; try again when it ends" >&2; exit 3; }
    if [ -s "$MIP6LAB_STATE/owner" ]; then
        read -r pid dir kept < "$MIP6LAB_STATE/owner" || true
        if [ "$kept" = kept ] || kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: a lab is already up (${kept:+kept, }run $dir); enter it with './run.sh shell NODE' or remove it with './run.sh down'" >&2
            exit 3
        fi
        warn "removing the remains of an earlier run that did not finish ($dir)"
        lab_down >/dev/null
    fi
    echo "$$ $run_dir" > "$MIP6LAB_STATE/owner"
    flock -u "$LAB_LOCK_FD"
}

lab_keep() { echo "$$ $RUN_DIR kept" > "$MIP6LAB_STATE/owner"; }

lab_is_up() { [ -s "$MIP6LAB_STATE/owner" ]; }

# Remove everything recorded, newest first. Idempotent; never fails.
lab_down() {
    local ns
    [ -d "$MIP6LAB_STATE" ] || return 0
    if [ -f "$MIP6LAB_STATE/pids" ]; then
        # Capture processes first so their pcaps are flushed while the links still exist;
        # then all the others at once.
        stop_named 'tcpdump*'
        stop_named '*'
        rm -f "$MIP6LAB_STATE/pids"
    fi
    if [ -f "$MIP6LAB_STATE/netns" ]; then
        # Anything still running in a lab namespace was started inside the lab (and would
        # keep the namespace, and its radios, alive after `ip netns del`).
        netns_kill_all $(cat "$MIP6LAB_STATE/netns")
        # hwsim deletes a radio only from the namespace it is in: look in all of them.
        if [ -x "$MIP6LAB_BIN/mip6-hwsim" ] && [ -d /sys/module/mac80211_hwsim ]; then
            "$MIP6LAB_BIN/mip6-hwsim" del-prefix --all-netns "$RADIO_PREFIX" >/dev/null 2>&1 || true
        fi
        tac "$MIP6LAB_STATE/netns" | sed 's/^/netns del /' | ip -batch - >/dev/null 2>&1 || true
        rm -f "$MIP6LAB_STATE/netns"
    fi
    if [ -x "$MIP6LAB_BIN/mip6-hwsim" ] && [ -d /sys/module/mac80211_hwsim ]; then
        "$MIP6LAB_BIN/mip6-hwsim" del-prefix "$RADIO_PREFIX" >/dev/null 2>&1 || true
    fi
    if [ -f "$MIP6LAB_STATE/hwsim-loaded" ]; then
        modprobe -r mac80211_hwsim 2>/dev/null || true
        rm -f "$MIP6LAB_STATE/hwsim-loaded"
    fi
    rm -f "$MIP6LAB_STATE/owner"
    return 0
}

# stop_named GLOB: stop (together) every recorded process whose name matches GLOB.
stop_named() {
    local pid node name pids=()
    [ -f "$MIP6LAB_STATE/pids" ] || return 0
    while read -r pid node name; do
        [[ $name == $1 ]] && pids+=("$pid")
    done < "$MIP6LAB_STATE/pids"
    stop_pids "${pids[@]}"
}

# netns_kill_all NS...: SIGKILL every process whose network namespace is one of NS
# (a /proc walk with the shell's own -ef test: no exec per process).
netns_kill_all() {
    local f ns pids=()
    for f in /proc/[0-9]*/ns/net; do
        for ns in "$@"; do
            if [[ $f -ef /run/netns/$ns ]]; then f=${f#/proc/}; pids+=("${f%%/*}"); break; fi
        done
    done 2>/dev/null
    [ ${#pids[@]} -eq 0 ] || kill -KILL "${pids[@]}" 2>/dev/null || true
}

# What is left of the lab on this machine; empty output means nothing.
lab_leftovers() {
    local ns p
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        case " denali raven cn $(cat "$MIP6LAB_STATE/netns" 2>/dev/null | tr '\n' ' ') " in
            *" $ns "*) echo "netns $ns" ;;
        esac
    done
    for p in hostapd wpa_supplicant radvd tcpdump mip6d; do
        pgrep -x "$p" >/dev/null && echo "process $p"
    done
    if [ -d /sys/module/mac80211_hwsim ] && [ -x "$MIP6LAB_BIN/mip6-hwsim" ]; then
        "$MIP6LAB_BIN/mip6-hwsim" list --prefix "$RADIO_PREFIX" 2>/dev/null | sed 's/^/radio /' || true
    fi
    [ -s "$MIP6LAB_STATE/owner" ] && echo "state $MIP6LAB_STATE/owner"
    return 0
}

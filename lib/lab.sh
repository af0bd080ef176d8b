# shellcheck shell=bash
# Lab state and teardown, as a defer stack (the kernel selftests' lib.sh `defer`): every
# setup step that makes something records, as it makes it, the command line that undoes
# it; lab_down runs those lines newest first. So teardown removes exactly what was made,
# after success, failure, Ctrl-C, a run killed midway (the next run or `./run.sh down`
# reads the same files) or `./run.sh down` for a kept lab, and a new kind of object
# only needs a `defer` where it is made. Files under $MIP6LAB_STATE:
#   owner       pid of the run.sh that holds the lab, its run directory, "kept" when kept
#   defer       undo lines, oldest first
#   defer-prio  undo lines that run before all of those in defer (the captures' stops)
#   netns, pids lookups for the running lab (node names; "pid node name" per process),
#               not read by teardown
#   teardown.log  the undo lines that failed in the last teardown, if any

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

# defer CMD [ARG...]: record CMD ARG... (quoted, run later by lab_down, possibly from
# another process: only commands and the functions of lib/common.sh and lib/lab.sh).
# `defer batched FN ARG...` records FN ARG... as part of a batch: lab_down runs
# adjacent batched lines of the same FN as one call FN ARG1 ARG2..., e.g. one TERM
# grace for every process instead of one each. Adjacent only, so a batch never jumps
# over another undo line and the stack order holds.
defer() { defer_to defer "$@"; }
# defer_prio: the same, on a track that lab_down runs before every defer line.
defer_prio() { defer_to defer-prio "$@"; }
defer_to() {
    local file=$MIP6LAB_STATE/$1 line; shift
    printf -v line '%q ' "$@"
    printf '%s\n' "${line% }" >> "$file"
}

# Undo everything recorded, newest first, each line tolerated to fail. Idempotent;
# never fails.
lab_down() {
    local s=$MIP6LAB_STATE
    [ -d "$s" ] || return 0
    # Often called from run.sh's EXIT trap after Ctrl-C stopped a nap.
    nap_forget
    DEFER_FAILED=()
    defer_run_file "$s/defer-prio"
    defer_run_file "$s/defer"
    # One rm for all: under the VM's emulated CPU each exec costs tens of milliseconds.
    if [ ${#DEFER_FAILED[@]} -eq 0 ]; then
        rm -f "$s/defer-prio" "$s/defer" "$s/owner" "$s/teardown.log"
    else
        printf '%s\n' "${DEFER_FAILED[@]}" > "$s/teardown.log" 2>/dev/null || true
        rm -f "$s/defer-prio" "$s/defer" "$s/owner"
        warn "teardown: ${#DEFER_FAILED[@]} undo line(s) failed; see $s/teardown.log"
    fi
    return 0
}

# defer_run_file FILE: its lines newest first, adjacent batched lines merged.
defer_run_file() {
    local file=$1 lines=() i words fn='' args=()
    [ -f "$file" ] || return 0
    mapfile -t lines < "$file"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        if [[ ${lines[i]} == "batched "* ]]; then
            eval "words=(${lines[i]#batched })"
            if [ "${words[0]}" != "$fn" ]; then
                [ -z "$fn" ] || defer_run_line "$fn" "${args[@]}"
                fn=${words[0]} args=()
            fi
            args+=("${words[@]:1}")
        else
            [ -z "$fn" ] || defer_run_line "$fn" "${args[@]}"
            fn='' args=()
            defer_run_line "${lines[i]}"
        fi
    done
    [ -z "$fn" ] || defer_run_line "$fn" "${args[@]}"
}

# defer_run_line LINE | FN ARG...: run it; a failure goes to DEFER_FAILED, never fatal
# (the lines of a run killed midway may undo what was never made).
# Each line's duration goes to the run's logs/teardown-times.log (ms, exit, line): where
# teardown spends its time, without an exec.
defer_run_line() {
    local rc=0 line t0=$EPOCHREALTIME t1
    if [ $# -eq 1 ]; then line=$1; else printf -v line '%q ' "$@"; line=${line% }; fi
    eval "$line" </dev/null >/dev/null 2>&1 || rc=$?
    [ "$rc" = 0 ] || DEFER_FAILED+=("exit $rc: $line")
    if [ -n "${RUN_DIR:-}" ] && [ -d "$RUN_DIR/logs" ]; then
        t1=$EPOCHREALTIME
        t0=$(( ${t0%.*} * 1000000 + 10#${t0#*.} )) t1=$(( ${t1%.*} * 1000000 + 10#${t1#*.} ))
        printf '%d.%03d\t%d\t%s\n' $(( (t1 - t0) / 1000 )) $(( (t1 - t0) % 1000 )) "$rc" "${line:0:160}" \
            >> "$RUN_DIR/logs/teardown-times.log" 2>/dev/null || true
    fi
}

# netns_del NS...: the lab's namespaces, in one exec. Anything still running in one of
# them was started inside the lab and would keep it (and its radios) alive after
# `ip netns del`: it is killed first. -force: one that is already gone must not keep
# the others.
netns_del() {
    local ns cmds=''
    netns_kill_all "$@"
    for ns in "$@"; do cmds="netns del $ns"$'\n'$cmds; done
    ip -force -batch - <<<"$cmds"
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
    local ns p f
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
    for f in defer defer-prio; do [ -s "$MIP6LAB_STATE/$f" ] && echo "state $MIP6LAB_STATE/$f"; done
    return 0
}
